/// Options a user gives on the command line.
public struct ImportOptions: Sendable {
    /// Overrides the year read from the document (a diagnostic notes any disagreement).
    public var year: Int?
    /// Overrides the unit read from the document.
    public var unit: String?
    public init(year: Int? = nil, unit: String? = nil) { self.year = year; self.unit = unit }
}
