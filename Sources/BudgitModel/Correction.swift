/// A reviewer's correction of one fact of one project: the value it now has and the value the
/// published source gave (`was`), kept beside the source so that every import re-applies it.
///
/// The fact is named by its key (``key``): `name`, `department`, `start`, `end`,
/// `goal.overall`, `goal.annual`, `fund.annual` (any ``FundKind``), `indicator.L1/L2/L3` (the
/// target), `cost.NAME/CONTENT/DETAIL` (the amount); a second fact with the same key carries
/// `#2`, `#3` … as in blame.
public struct Correction: Sendable, Hashable, Codable, Comparable {
    public var unit: String
    /// The project's name as the source prints it (before any correction of the name).
    public var project: String
    public var key: String
    public var value: String
    public var was: String

    public init(unit: String, project: String, key: String, value: String, was: String) {
        self.unit = unit; self.project = project; self.key = key; self.value = value; self.was = was
    }

    /// The stable order of a corrections file.
    public static func < (a: Correction, b: Correction) -> Bool {
        (a.unit, a.project, a.key) < (b.unit, b.project, b.key)
    }
}
