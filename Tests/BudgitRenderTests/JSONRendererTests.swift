import BudgitModel
import BudgitTestSupport
import Foundation
import Testing
@testable import BudgitCompare
import BudgitCompareTestSupport
@testable import BudgitRender

/// The hand-written JSON writer against the reference (`JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes`, re-indented): the bytes must be identical.
@Suite struct JSONRendererTests {
    /// Both renderings, and the writer's output in small chunks, must agree.
    func expectSameBytes(_ report: ComparisonReport, _ context: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        let reference = JSONRenderer.renderWithEncoder(report)
        let fast = JSONRenderer.render(report)
        // Booleans, so that a failure prints the first difference rather than megabytes.
        let same = fast == reference
        #expect(same, "\(context): render differs from JSONEncoder", sourceLocation: sourceLocation)
        if !same { reportFirstDifference(fast, reference) }
        var chunks: [[UInt8]] = []
        JSONRenderer.write(report, chunkSize: 64) { chunks.append(Array($0)) }
        let sameInChunks = chunks.joined().elementsEqual(reference.utf8)
        #expect(sameInChunks, "\(context): 64-byte chunks differ", sourceLocation: sourceLocation)
    }

    func reportFirstDifference(_ a: String, _ b: String) {
        let x = Array(a.utf8), y = Array(b.utf8)
        let i = (0..<min(x.count, y.count)).first { x[$0] != y[$0] } ?? min(x.count, y.count)
        let lo = max(0, i - 200)
        print("first difference at byte \(i):\n--- writer\n\(String(decoding: x[lo..<min(x.count, i + 100)], as: UTF8.self))\n--- encoder\n\(String(decoding: y[lo..<min(y.count, i + 100)], as: UTF8.self))")
    }

    @Test func sampleReportMatchesEncoder() {
        expectSameBytes(RendererGoldenTests.report, "sample")
        expectSameBytes(Comparison.compare(a: Sample.a, b: Sample.a), "sample, empty")
        expectSameBytes(Comparison.compare(a: Sample.b, b: Sample.a), "sample, reversed")
        expectSameBytes(Comparison.compare(a: Sample.a, b: Sample.b, options: CompareOptions(countsOnly: true)), "sample, counts")
    }

    @Test func goldenSampleIsWhatTheEncoderWrites() throws {
        try checkGolden(JSONRenderer.renderWithEncoder(RendererGoldenTests.report), name: "sample.json")
    }

    /// Reports of generated snapshots: a year, and the next year derived from it with known edits
    /// plus random ones (funds, texts, indicators, budget lines), so that every list has entries.
    @Test(arguments: propertySeeds)
    func generatedComparisonsMatchEncoder(seed: UInt64) {
        var gen = ModelGenerator(seed: seed)
        for round in 0..<6 {
            let (a, b) = Self.snapshots(&gen)
            let options = CompareOptions(similarityThreshold: [0.8, 0.5, 1][round % 3],
                                         yearShift: round == 4 ? 1 : nil, countsOnly: round == 5)
            expectSameBytes(Comparison.compare(a: a, b: b, options: options), "seed \(seed) round \(round)")
            expectSameBytes(Comparison.compare(a: b, b: a, options: options), "seed \(seed) round \(round) reversed")
        }
    }

    /// Reports built field by field, every optional present or absent at random, every string
    /// drawn from awkward text.
    @Test(arguments: propertySeeds)
    func randomReportsMatchEncoder(seed: UInt64) {
        var r = ReportGenerator(seed: seed)
        for round in 0..<20 {
            expectSameBytes(r.report(), "seed \(seed) round \(round)")
        }
    }

    /// Every byte the escaping treats specially, and text around them.
    @Test func awkwardStringsMatchEncoder() {
        var all = ""
        for v in 0..<0x80 { all.unicodeScalars.append(Unicode.Scalar(UInt8(v))) }
        let strings = [
            "", all, "\"", "\\", "\\\"", "/", "</script>", "\u{7F}", "\u{80}\u{9F}\u{A0}", "\u{2028}\u{2029}",
            "\u{FEFF}bom", "😀👩‍👩‍👧🇨🇳", "中文：项目（2022运维）", "e\u{301}", "tab\tnew\nline\r\u{8}\u{C}",
            "\u{0}", "\u{1F}x",
        ]
        // Longer than the writer's buffer, escaped or not.
        let long = [String(repeating: "长", count: 70_000), String(repeating: "\"\\\u{1}", count: 30_000)]
        var r = ReportGenerator(seed: 7, words: strings)
        for s in strings + long {
            var report = r.report()
            report.from = s; report.to = s
            report.options.yearShift = s
            expectSameBytes(report, "string \(s.unicodeScalars.prefix(20).map { String($0.value, radix: 16) })")
        }
    }

    @Test func extremeNumbersMatchEncoder() {
        var r = ReportGenerator(seed: 9)
        for fen: Int64 in [0, 1, -1, 9, 10, 99, 100, -100, -101, 123_456_789, .max, .min, .min + 1] {
            var report = r.report()
            report.totals.overall.from = Money(fen: fen)
            report.totals.overall.to = Money(fen: fen / 7)
            report.totals.overall.delta = Money(fen: fen == .min ? .max : -fen)
            report.summary.projects.added = Int(fen)
            report.summary.projects.unchanged = fen == 0 ? nil : -Int(fen / 3)
            expectSameBytes(report, "fen \(fen)")
        }
        var report = r.report()
        report.summary.budgetLines.added = .min
        report.summary.budgetLines.changed = .max
        expectSameBytes(report, "Int extremes")
    }

    @Test func chunksNeverExceedTheBufferExceptLongStrings() {
        var r = ReportGenerator(seed: 11)
        let report = r.report()
        var sizes: [Int] = []
        var bytes: [UInt8] = []
        JSONRenderer.write(report, chunkSize: 100) { sizes.append($0.count); bytes.append(contentsOf: $0) }
        #expect(sizes.count > 1 && sizes.allSatisfy { $0 <= 100 })
        #expect(String(decoding: bytes, as: UTF8.self) == JSONRenderer.render(report))
        #expect(bytes.last == 0x0A)
    }

    // MARK: Generators

    static func snapshots(_ gen: inout ModelGenerator) -> (Snapshot, Snapshot) {
        let units = (0..<3).map { _ in gen.text(2) }
        var formsA = (0..<Int.random(in: 0...25, using: &gen.rng)).map { _ -> ProjectForm in
            var p = gen.project()
            p.unit = units.randomElement(using: &gen.rng)!
            p.year = 2022
            return p
        }
        // A few names that drift with the year.
        for i in formsA.indices where Int.random(in: 0..<5, using: &gen.rng) == 0 { formsA[i].name += "(2022运维)" }
        var (formsB, _) = NextYearBuilder.derive(formsA, seed: gen.rng.next())
        for i in formsB.indices {
            switch Int.random(in: 0..<8, using: &gen.rng) {
            case 0: formsB[i].funds = gen.project().funds
            case 1: formsB[i].annualGoal = gen.maybe { $0.text(8) }; formsB[i].department = gen.maybe { $0.text() }
            case 2:
                for j in formsB[i].indicators.indices where Bool.random(using: &gen.rng) {
                    formsB[i].indicators[j].target = gen.target()
                    formsB[i].indicators[j].note = gen.maybe { $0.text(2) }
                }
            case 3: formsB[i].breakdown = gen.project().breakdown; formsB[i].guarantees = gen.project().guarantees
            case 4: formsB[i].details = gen.project().details; formsB[i].startDate = nil
            case 5: formsB[i].name += gen.text(1)
            default: break
            }
        }
        formsB += (0..<Int.random(in: 0...4, using: &gen.rng)).map { _ in
            var p = gen.project(); p.unit = units.randomElement(using: &gen.rng)!; p.year = 2023; return p
        }
        var budgetsA: [UnitBudget] = []
        var budgetsB: [UnitBudget] = []
        for unit in units where Bool.random(using: &gen.rng) {
            var a = gen.unitBudget()
            a.unit = unit; a.year = 2022
            var b = a
            b.year = 2023
            for t in b.tables.indices {
                b.tables[t].rows = b.tables[t].rows.compactMap { row in
                    var row = row
                    switch Int.random(in: 0..<6, using: &gen.rng) {
                    case 0: return nil
                    case 1: row.amounts = row.amounts.map { _ in gen.maybe { $0.money() } }
                    case 2: row.name = gen.text(2)
                    default: break
                    }
                    return row
                }
                if Bool.random(using: &gen.rng) { b.tables[t].rows += gen.unitBudget().tables[0].rows.prefix(3) }
            }
            budgetsA.append(a)
            if Int.random(in: 0..<4, using: &gen.rng) > 0 { budgetsB.append(b) }
        }
        return (Snapshot(label: "2022", projects: formsA, budgets: budgetsA),
                Snapshot(label: "2023", projects: formsB, budgets: budgetsB))
    }
}

/// Builds ``ComparisonReport`` values directly: small lists, optionals present or absent at
/// random, strings from ``ModelGenerator``'s awkward words (or the ones given).
struct ReportGenerator {
    var gen: ModelGenerator
    var words: [String]?

    init(seed: UInt64, words: [String]? = nil) { gen = ModelGenerator(seed: seed); self.words = words }

    mutating func text() -> String {
        if let words { return words.randomElement(using: &gen.rng)! }
        return gen.text()
    }
    mutating func maybe<T>(_ make: (inout ReportGenerator) -> T) -> T? { flip() ? make(&self) : nil }
    mutating func flip() -> Bool { Bool.random(using: &gen.rng) }
    mutating func int() -> Int { Int.random(in: -5...100_000, using: &gen.rng) }
    mutating func money() -> Money { gen.money() }
    mutating func list<T>(_ max: Int = 3, _ make: (inout ReportGenerator) -> T) -> [T] {
        (0..<Int.random(in: 0...max, using: &gen.rng)).map { _ in make(&self) }
    }
    mutating func pick<T>(_ all: [T]) -> T { all.randomElement(using: &gen.rng)! }

    mutating func amount() -> AmountChange {
        var a = AmountChange(from: flip() ? .zero : money(), to: money())
        if flip() { a.percent = maybe { $0.text() } }
        return a
    }
    mutating func ref() -> ProjectRef { ProjectRef(unit: text(), name: text(), year: int()) }
    mutating func match() -> MatchReason {
        MatchReason(kind: pick([.exact, .normalized, .similar]), normalized: maybe { $0.text() }, score: maybe { $0.text() })
    }
    mutating func field() -> FieldChange {
        FieldChange(field: text(), from: maybe { $0.text() }, to: maybe { $0.text() }, delta: maybe { $0.money() },
                    removed: maybe { $0.list { $0.text() } }, added: maybe { $0.list { $0.text() } })
    }
    mutating func entry() -> ProjectEntry {
        ProjectEntry(unit: text(), name: text(), year: int(), amount: maybe { $0.money() }, basis: maybe { $0.pick(FundKind.allCases) })
    }
    mutating func indicators() -> IndicatorChanges {
        IndicatorChanges(
            added: list { IndicatorEntry(path: $0.text(), target: $0.text(), note: $0.maybe { $0.text() }) },
            removed: list { IndicatorEntry(path: $0.text(), target: $0.text(), note: $0.maybe { $0.text() }) },
            renamed: list { IndicatorRename(from: $0.text(), to: $0.text(), match: $0.match()) },
            changed: list { r in
                IndicatorChange(from: r.text(), to: r.text(),
                                target: r.maybe { TargetChange(kind: $0.pick([.raised, .lowered, .comparatorChanged, .changed]), from: $0.text(), to: $0.text()) },
                                note: r.maybe { $0.field() })
            })
    }
    mutating func fund() -> FundChange {
        FundChange(kind: pick(FundKind.allCases), label: text(), from: maybe { $0.money() }, to: maybe { $0.money() },
                   delta: money(), percent: maybe { $0.text() })
    }
    mutating func item() -> ItemChange {
        ItemChange(change: pick([.added, .removed, .changed]), key: list { $0.text() }, fields: list { $0.field() })
    }
    mutating func change() -> ProjectChange {
        ProjectChange(from: ref(), to: ref(), match: match(), amount: amount(), funds: list { $0.fund() },
                      indicators: flip() ? .empty : indicators(), fields: list { $0.field() },
                      breakdown: list { $0.item() }, guarantees: list { $0.item() })
    }
    mutating func lineEntry() -> BudgetLineEntry {
        BudgetLineEntry(unit: text(), table: int(), tableTitle: text(), side: maybe { $0.text() }, code: maybe { $0.text() },
                        name: text(), amounts: list(4) { ColumnAmount(column: $0.text(), amount: $0.maybe { $0.money() }) })
    }
    mutating func lineChange() -> BudgetLineChange {
        BudgetLineChange(unit: text(), table: int(), tableTitle: text(), side: maybe { $0.text() }, code: maybe { $0.text() },
                         name: text(), fromName: maybe { $0.text() },
                         columns: list(4) { r in
                             ColumnChange(column: r.text(), from: r.maybe { $0.money() }, to: r.maybe { $0.money() },
                                          delta: r.money(), percent: r.maybe { $0.text() })
                         })
    }
    mutating func counts() -> Summary.Counts {
        Summary.Counts(added: int(), removed: int(), renamed: int(), changed: int(), unchanged: maybe { $0.int() })
    }

    mutating func report() -> ComparisonReport {
        ComparisonReport(
            from: text(), to: text(),
            options: ReportOptions(similarityThreshold: text(), yearShift: text()),
            totals: Totals(basis: text(), overall: amount(), units: list { UnitTotal(unit: $0.text(), $0.amount()) }),
            projects: ProjectChanges(added: list { $0.entry() }, removed: list { $0.entry() },
                                     renamed: list { ProjectRename(from: $0.ref(), to: $0.ref(), match: $0.match()) },
                                     changed: list { $0.change() }),
            budgetLines: BudgetLineChanges(added: list { $0.lineEntry() }, removed: list { $0.lineEntry() },
                                           changed: list { $0.lineChange() }),
            summary: Summary(projects: counts(), indicators: counts(), funds: amount(),
                             budgetLines: Summary.LineCounts(added: int(), removed: int(), changed: int())))
    }
}
