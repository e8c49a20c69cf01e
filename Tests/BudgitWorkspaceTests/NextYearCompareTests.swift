import Foundation
import Testing
import BudgitModel
import BudgitImport
import BudgitCompare
import BudgitTestSupport
@testable import BudgitWorkspace

/// A next year derived from a real seed by known edits: compare must report exactly those
/// edits and nothing else.
@Suite struct NextYearCompareTests {
    static func seed(_ file: String) throws -> [ProjectForm] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + file)))
        return try Importer.parse(bytes: bytes, fileName: file).projects
    }

    @Test(arguments: ["000_b8de17d7b47ea05c.txt", "002_3205439470554c78.txt"], [2024 as UInt64, 7, 99])
    func compareReportsExactlyTheEdits(file: String, seed: UInt64) throws {
        let a = try Self.seed(file)
        let (b, edits) = NextYearBuilder.derive(a, seed: seed)
        let year = a[0].year
        let r = Comparison.compare(a: Snapshot(label: "\(year)", projects: a), b: Snapshot(label: "\(year + 1)", projects: b))
        let ctx = "\(file) seed \(seed)"
        #expect(r.projects.added.map(\.name).sorted() == edits.added.sorted(), "\(ctx)")
        #expect(r.projects.removed.map(\.name).sorted() == edits.removed.sorted(), "\(ctx)")
        let renamed = Dictionary(uniqueKeysWithValues: r.projects.renamed.map { ($0.from.name, $0.to.name) })
        #expect(renamed == edits.renamed, "\(ctx)")
        let changed = Set(r.projects.changed.map(\.to.name))
        #expect(changed == edits.changedProjects, "\(ctx): unexpected \(changed.subtracting(edits.changedProjects)), missing \(edits.changedProjects.subtracting(changed))")
        for c in r.projects.changed {
            let name = c.to.name
            #expect(c.fields.isEmpty && c.breakdown.isEmpty && c.guarantees.isEmpty, "\(ctx) \(name): \(c.fields)")
            if let f = edits.fundChanges[name] {
                #expect(c.funds.map(\.kind) == [.annual] && c.funds[0].from == f.from && c.funds[0].to == f.to && c.funds[0].delta == f.to - f.from)
            } else { #expect(c.funds.isEmpty, "\(ctx) \(name)") }
            #expect(c.indicators.added.map(\.path) == (edits.indicatorsAdded[name] ?? []), "\(ctx) \(name)")
            #expect(c.indicators.removed.map(\.path) == (edits.indicatorsRemoved[name] ?? []), "\(ctx) \(name)")
            #expect(c.indicators.renamed.isEmpty)
            let targets = (edits.targetsChanged[name] ?? []).map { "\($0.path): \($0.from) → \($0.to)" }
            #expect(c.indicators.changed.map { "\($0.to): \($0.target?.from ?? "") → \($0.target?.to ?? "")" } == targets, "\(ctx) \(name)")
            for t in c.indicators.changed where t.target?.from.contains("%") == true || t.target?.from.first?.isNumber == true {
                #expect(t.target?.kind == .raised || t.target?.kind == .changed)
            }
        }
        #expect(r.summary.projects.added == edits.added.count && r.summary.projects.removed == edits.removed.count)
    }

    @Test func comparisonOfAYearWithItselfIsEmpty() throws {
        let a = try Self.seed("000_b8de17d7b47ea05c.txt")
        let r = Comparison.compare(a: Snapshot(label: "a", projects: a), b: Snapshot(label: "b", projects: a.shuffled()))
        #expect(r.isEmpty)
    }
}

/// `--summary` compares with `countsOnly`: the lists stay empty, and the summary, the totals and
/// `isEmpty` are those of the full report, also when merged from parts.
@Suite struct CountsOnlyTests {
    @Test(arguments: [3 as UInt64, 8])
    func countsOnlyKeepsTheSummary(seed: UInt64) throws {
        let a = try NextYearCompareTests.seed("000_b8de17d7b47ea05c.txt")
        let (b, _) = NextYearBuilder.derive(a, seed: seed)
        let sa = Snapshot(label: "a", projects: a), sb = Snapshot(label: "b", projects: b)
        let full = Comparison.compare(a: sa, b: sb)
        let counts = Comparison.compare(a: sa, b: sb, options: CompareOptions(countsOnly: true))
        #expect(counts.summary == full.summary && counts.totals == full.totals)
        #expect(counts.projects.changed.isEmpty && counts.projects.added.isEmpty && !full.projects.changed.isEmpty)
        #expect(counts.isEmpty == full.isEmpty && !counts.isEmpty)
        let same = Comparison.compare(a: sa, b: sa, options: CompareOptions(countsOnly: true))
        #expect(same.isEmpty)
        // Merged from two halves, as the workers do.
        let half = a.count / 2
        let parts = [(Array(a[..<half]), b.filter { p in a[..<half].contains { $0.name == p.name } }),
                     (Array(a[half...]), b.filter { p in !a[..<half].contains { $0.name == p.name } })]
        let merged = Comparison.merge(parts.map { Comparison.compare(a: Snapshot(label: "a", projects: $0.0), b: Snapshot(label: "b", projects: $0.1), options: CompareOptions(countsOnly: true)) },
                                      from: "a", to: "b", options: CompareOptions(countsOnly: true))
        let mergedFull = Comparison.merge(parts.map { Comparison.compare(a: Snapshot(label: "a", projects: $0.0), b: Snapshot(label: "b", projects: $0.1)) },
                                          from: "a", to: "b", options: CompareOptions())
        #expect(merged.summary == mergedFull.summary && merged.totals == mergedFull.totals)
    }
}
