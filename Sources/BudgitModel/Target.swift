/// An indicator's target value: the original text, plus its structure where it has one.
///
/// `≥90%` → comparator `≥`, number `90`, unit `%`; `=24.00(小时)` → `=`, `24.00`, `小时`;
/// `及时` → no structure. The number is kept as decimal text (never a Double) so that
/// comparisons are exact.
public struct Target: Sendable, Hashable, Codable {
    public enum Comparator: String, Sendable, Hashable, Codable, CaseIterable {
        case eq = "="
        case ge = "≥"
        case le = "≤"
        case gt = ">"
        case lt = "<"
    }

    /// The text as printed (after whitespace normalisation only).
    public var text: String
    public var comparator: Comparator?
    /// A plain decimal number such as `90`, `24.00`, `0.5`.
    public var number: String?
    /// The unit, such as `%`, `小时`, `个`.
    public var unit: String?

    public init(text: String, comparator: Comparator? = nil, number: String? = nil, unit: String? = nil) {
        self.text = text; self.comparator = comparator; self.number = number; self.unit = unit
    }

    /// The structured form for people: `≥90%`, or the text when there is no structure.
    public var display: String {
        guard let number else { return text }
        return (comparator?.rawValue ?? "") + number + (unit ?? "")
    }
}
