import BudgitModel

extension Comparison {
    /// Joins reports computed on disjoint parts of two snapshots (for instance one per unit,
    /// computed in parallel) into the report of the whole: lists concatenated and sorted as
    /// ``compare(a:b:options:)`` sorts them, totals and counts summed.
    ///
    /// Valid when no project or budget line of one part could match one of another part: projects
    /// only ever pair within their unit, and budget lines are keyed by unit.
    public static func merge(_ parts: [ComparisonReport], from: String, to: String, options: CompareOptions) -> ComparisonReport {
        let entryKey: (ProjectEntry) -> [String] = { [$0.unit, $0.name, String($0.year)] }
        let projects = ProjectChanges(
            added: sortedCanonically(parts.flatMap(\.projects.added), key: entryKey),
            removed: sortedCanonically(parts.flatMap(\.projects.removed), key: entryKey),
            renamed: sortedCanonically(parts.flatMap(\.projects.renamed)) { [$0.to.unit, $0.to.name, $0.from.unit, $0.from.name] },
            changed: sortedCanonically(parts.flatMap(\.projects.changed)) { [$0.to.unit, $0.to.name, $0.from.unit, $0.from.name] })
        // Budget lines: each part is sorted and keyed by unit first; parts come in unit order.
        let ordered = parts.sorted { ($0.budgetLineUnit ?? "") < ($1.budgetLineUnit ?? "") }
        let lines = BudgetLineChanges(added: ordered.flatMap(\.budgetLines.added),
                                      removed: ordered.flatMap(\.budgetLines.removed),
                                      changed: ordered.flatMap(\.budgetLines.changed))
        let units = parts.flatMap(\.totals.units).sorted { $0.unit < $1.unit }
        let overall = AmountChange(from: units.reduce(.zero) { $0 + $1.from }, to: units.reduce(.zero) { $0 + $1.to })
        let totals = Totals(basis: parts.first?.totals.basis ?? totalsBasis, overall: overall, units: units)
        func sum(_ f: (Summary) -> Summary.Counts) -> Summary.Counts {
            parts.map { f($0.summary) }.reduce(Summary.Counts(added: 0, removed: 0, renamed: 0, changed: 0, unchanged: nil)) {
                Summary.Counts(added: $0.added + $1.added, removed: $0.removed + $1.removed, renamed: $0.renamed + $1.renamed,
                               changed: $0.changed + $1.changed,
                               unchanged: ($0.unchanged == nil && $1.unchanged == nil) ? nil : ($0.unchanged ?? 0) + ($1.unchanged ?? 0))
            }
        }
        var projectCounts = sum(\.projects)
        if projectCounts.unchanged == nil { projectCounts.unchanged = 0 }
        // Counted from the parts' summaries, which hold the counts also when the lists were
        // left empty (``CompareOptions/countsOnly``).
        let lineCounts = parts.map(\.summary.budgetLines).reduce(Summary.LineCounts(added: 0, removed: 0, changed: 0)) {
            Summary.LineCounts(added: $0.added + $1.added, removed: $0.removed + $1.removed, changed: $0.changed + $1.changed)
        }
        let summary = Summary(projects: projectCounts, indicators: sum(\.indicators), funds: overall, budgetLines: lineCounts)
        let reportOptions = ReportOptions(
            similarityThreshold: Similarity(permille(options.similarityThreshold), 1000).description,
            yearShift: options.yearShift.map(String.init) ?? "auto")
        return ComparisonReport(from: from, to: to, options: reportOptions, totals: totals, projects: projects,
                                budgetLines: lines, summary: summary)
    }
}

extension ComparisonReport {
    /// The unit of the first budget line listed (for ordering parts).
    var budgetLineUnit: String? {
        budgetLines.added.first?.unit ?? budgetLines.removed.first?.unit ?? budgetLines.changed.first?.unit
    }
}
