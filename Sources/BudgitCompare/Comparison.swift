import BudgitModel

/// One side of a comparison: the project forms and unit budgets of a year or a revision.
public struct Snapshot: Sendable, Hashable {
    /// A label for people (`2022`, `HEAD~1`, a file name).
    public var label: String
    public var projects: [ProjectForm]
    public var budgets: [UnitBudget]

    public init(label: String, projects: [ProjectForm] = [], budgets: [UnitBudget] = []) {
        self.label = label; self.projects = projects; self.budgets = budgets
    }
}

/// How to compare two snapshots.
public struct CompareOptions: Sendable, Hashable {
    /// The least character-bigram Dice score for projects and indicators paired as `similar`,
    /// from 0 to 1, read to three decimals. Default 0.8.
    public var similarityThreshold: Double
    /// The number of years from `from` to `to` for dates and goal periods: 1 for year over year,
    /// 0 for two revisions of one year (then every date change is reported). nil (the default)
    /// takes each pair's `to.year - from.year`.
    public var yearShift: Int?
    /// Leave the lists of the report empty, keeping its summary and totals complete (for
    /// `--summary`: nothing is kept or sorted that is not printed). Default false.
    public var countsOnly: Bool

    public init(similarityThreshold: Double = 0.8, yearShift: Int? = nil, countsOnly: Bool = false) {
        self.similarityThreshold = similarityThreshold; self.yearShift = yearShift; self.countsOnly = countsOnly
    }
}

/// The comparison engine: match, then diff.
public enum Comparison {
    /// Compares snapshot `a` (from) with snapshot `b` (to).
    ///
    /// Projects are paired by ``ProjectMatcher``; each pair is compared by ``ProjectDiff``;
    /// unit-budget lines by ``BudgetLineDiff``. Paired projects without differences are counted in
    /// ``Summary`` but not listed. The result depends only on the content of the snapshots, not on
    /// the order of their arrays.
    public static func compare(a: Snapshot, b: Snapshot, options: CompareOptions = CompareOptions()) -> ComparisonReport {
        let matching = ProjectMatcher(threshold: options.similarityThreshold).match(a.projects, b.projects)
        var renamed: [ProjectRename] = [], changed: [ProjectChange] = []
        var unchanged = 0, renamedCount = 0, changedCount = 0
        var indicatorCounts = Summary.Counts(added: 0, removed: 0, renamed: 0, changed: 0)
        func count(_ c: Summary.Counts) {
            indicatorCounts.added += c.added; indicatorCounts.removed += c.removed
            indicatorCounts.renamed += c.renamed; indicatorCounts.changed += c.changed
        }
        for pair in matching.pairs {
            let isRename = a.projects[pair.a].name != b.projects[pair.b].name
            if isRename { renamedCount += 1 }
            let isChanged: Bool
            if options.countsOnly {
                // Counts only: nothing is listed, so nothing is built (ProjectDiff.summary).
                let s = ProjectDiff.summary(a.projects[pair.a], b.projects[pair.b], yearShift: options.yearShift,
                                            indicatorThreshold: options.similarityThreshold)
                isChanged = s.changed
                count(s.indicators)
            } else {
                let x = a.projects[pair.a], y = b.projects[pair.b]
                if isRename {
                    renamed.append(ProjectRename(from: ProjectDiff.ref(x), to: ProjectDiff.ref(y), match: pair.reason))
                }
                let c = ProjectDiff.diff(x, y, match: pair.reason, yearShift: options.yearShift,
                                         indicatorThreshold: options.similarityThreshold)
                isChanged = !c.isEmpty
                if isChanged {
                    changed.append(c)
                    count(Summary.Counts(added: c.indicators.added.count, removed: c.indicators.removed.count,
                                         renamed: c.indicators.renamed.count, changed: c.indicators.changed.count))
                }
            }
            if isChanged { changedCount += 1 } else if !isRename { unchanged += 1 }
        }
        let entryKey: (ProjectEntry) -> [String] = { [$0.unit, $0.name, String($0.year)] }
        var lines = BudgetLineChanges(added: [], removed: [], changed: [])
        let lineCounts: Summary.LineCounts
        if options.countsOnly {
            lineCounts = BudgetLineDiff.counts(a.budgets, b.budgets)
        } else {
            lines = BudgetLineDiff.diff(a.budgets, b.budgets)
            lineCounts = Summary.LineCounts(added: lines.added.count, removed: lines.removed.count,
                                            changed: lines.changed.count)
        }
        let totals = totals(a.projects, b.projects)
        let summary = Summary(
            projects: Summary.Counts(added: matching.unmatchedB.count, removed: matching.unmatchedA.count,
                                     renamed: renamedCount, changed: changedCount,
                                     unchanged: unchanged),
            indicators: indicatorCounts,
            funds: totals.overall,
            budgetLines: lineCounts)
        var projects = ProjectChanges(added: [], removed: [], renamed: [], changed: [])
        if !options.countsOnly {
            projects = ProjectChanges(
                added: sortedCanonically(matching.unmatchedB.map { entry(b.projects[$0]) }, key: entryKey),
                removed: sortedCanonically(matching.unmatchedA.map { entry(a.projects[$0]) }, key: entryKey),
                renamed: sortedCanonically(renamed) { [$0.to.unit, $0.to.name, $0.from.unit, $0.from.name] },
                changed: sortedCanonically(changed) { [$0.to.unit, $0.to.name, $0.from.unit, $0.from.name] })
        }
        let reportOptions = ReportOptions(
            similarityThreshold: Similarity(permille(options.similarityThreshold), 1000).description,
            yearShift: options.yearShift.map(String.init) ?? "auto")
        return ComparisonReport(from: a.label, to: b.label, options: reportOptions, totals: totals,
                                projects: projects, budgetLines: lines, summary: summary)
    }

    /// The basis of ``Totals``, in words.
    public static let totalsBasis = "annual, else total"

    static func entry(_ p: ProjectForm) -> ProjectEntry {
        let (amount, basis) = ProjectDiff.amount(of: p)
        return ProjectEntry(unit: p.unit, name: p.name, year: p.year, amount: amount, basis: basis)
    }

    /// Sums each project's amount (``ProjectDiff/amount(of:)``) per unit and overall.
    static func totals(_ a: [ProjectForm], _ b: [ProjectForm]) -> Totals {
        // Projects come grouped by unit: sum each run of one unit's bytes, then hash its unit once.
        // Forms are read in place: a copy retains and releases each of their fields.
        func sums(_ projects: [ProjectForm]) -> [String: Money] {
            projects.withUnsafeBufferPointer { projects in
                var out: [String: Money] = [:]
                var k = 0
                while k < projects.count {
                    let unit = projects[k].unit
                    var sum = Money.zero
                    while k < projects.count, ProjectDiff.sameBytes(projects[k].unit, unit) {
                        sum += ProjectDiff.amount(of: projects[k].funds).0 ?? .zero
                        k += 1
                    }
                    out[unit, default: .zero] += sum
                }
                return out
            }
        }
        let from = sums(a), to = sums(b)
        let units = Set(from.keys).union(to.keys).sorted()
        let perUnit = units.map { UnitTotal(unit: $0, AmountChange(from: from[$0] ?? .zero, to: to[$0] ?? .zero)) }
        let overall = AmountChange(from: perUnit.reduce(.zero) { $0 + $1.from }, to: perUnit.reduce(.zero) { $0 + $1.to })
        return Totals(basis: totalsBasis, overall: overall, units: perUnit)
    }
}
