import BudgitModel

/// Collects diagnostics while a document is parsed.
public struct DiagnosticSink: Sendable {
    public var fileName: String
    public private(set) var items: [Diagnostic] = []

    public init(fileName: String) { self.fileName = fileName }

    /// Records a diagnostic; `raw` is cut to ``Diagnostic/excerptLimit`` characters.
    public mutating func add(_ severity: Diagnostic.Severity, _ code: String, line: Int, _ message: String, raw: String = "") {
        items.append(Diagnostic(file: fileName, line: line, severity: severity, code: code, message: message,
                                raw: Diagnostic.excerpt(raw)))
    }

    /// Parses an amount, recording a diagnostic when the text had to be repaired (spaces inside
    /// the number) or could not be read (returns nil, with an error diagnostic).
    public mutating func amount(_ text: String, unit: Money.SourceUnit, line: Int, what: String) -> Money? {
        let t = text.trimmingSpaces()
        if t.isEmpty || t == "-" || t == "--" || t == "—" { return nil }
        do {
            let m = try Money.parse(t, unit: unit)
            if t.contains(" ") {
                add(.note, "ocr.spaced-number", line: line, "read `\(t)` as \(Money.plainDecimal(t))", raw: t)
            }
            return m
        } catch {
            add(.error, "amount.unreadable", line: line, "\(what): \(error)", raw: t)
            return nil
        }
    }
}

extension Money {
    /// The text with spaces and separators removed (for messages).
    static func plainDecimal(_ t: String) -> String { t.filter { $0 != " " && $0 != "," && $0 != "，" } }
}
