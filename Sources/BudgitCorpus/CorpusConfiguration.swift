/// What corpus to generate: its scale, years, seed and options.
public struct CorpusConfiguration: Sendable, Hashable {
    /// Units (schools); each gets one target-form document per year.
    public var units: Int
    /// Projects (forms) per unit in the first year; later years drift by additions and removals.
    public var projectsPerUnit: Int
    /// Budget years, strictly increasing; each consecutive pair is one evolution step.
    public var years: [Int]
    public var seed: UInt64
    /// Also write a 2020-layout unit budget per unit and year (`unit-NNNN-budget.txt`).
    public var unitBudgets: Bool
    /// The share of the revision year's forms to edit, in hundredths of a percent (100 = 1%);
    /// 0 writes no revision.
    public var revisionBasisPoints: Int
    /// The year the revision edits; the last year when nil.
    public var revisionYear: Int?

    public init(units: Int, projectsPerUnit: Int, years: [Int], seed: UInt64 = 1, unitBudgets: Bool = false,
                revisionBasisPoints: Int = 100, revisionYear: Int? = nil) {
        self.units = units; self.projectsPerUnit = projectsPerUnit; self.years = years; self.seed = seed
        self.unitBudgets = unitBudgets; self.revisionBasisPoints = revisionBasisPoints; self.revisionYear = revisionYear
    }

    /// The year the revision edits.
    public var effectiveRevisionYear: Int? {
        revisionBasisPoints > 0 ? (revisionYear ?? years.last) : nil
    }

    /// Why the configuration cannot be generated, or nil when it can.
    public var problem: String? {
        if units < 1 { return "--units must be at least 1" }
        if projectsPerUnit < 1 { return "--projects must be at least 1" }
        if projectsPerUnit > 400 { return "--projects must be at most 400 (names per unit run out)" }
        if years.isEmpty { return "--years needs at least one year, e.g. 2022,2023" }
        if years.contains(where: { $0 < 2000 || $0 > 2099 }) { return "--years must lie in 2000…2099" }
        if zip(years, years.dropFirst()).contains(where: { $0 >= $1 }) { return "--years must be strictly increasing" }
        if revisionBasisPoints < 0 || revisionBasisPoints > 10_000 { return "--revision-percent must lie in 0…100" }
        if let y = revisionYear, !years.contains(y) { return "--revision-year \(y) is not one of --years" }
        return nil
    }

    /// Parses a percentage as printed (`1`, `0.5`, `12.25`) into hundredths of a percent,
    /// digit by digit; nil when it is not a number with at most two decimals.
    public static func basisPoints(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 3,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var frac = parts.count == 2 ? String(parts[1]) : ""
        guard frac.count <= 2, frac.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if parts.count == 2 && frac.isEmpty { return nil }
        while frac.count < 2 { frac += "0" }
        return Int(whole)! * 100 + Int(frac)!
    }
}
