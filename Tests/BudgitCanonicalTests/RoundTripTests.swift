import Testing
import BudgitModel
import BudgitTestSupport
@testable import BudgitCanonical

@Suite struct RoundTripTests {
    @Test(arguments: 0..<200)
    func projectRoundTrip(seed: Int) throws {
        var g = ModelGenerator(seed: UInt64(seed))
        let p = g.project()
        let bytes = ProjectFile.write(p)
        let back = try ProjectFile.read(bytes, path: "p.jsonl")
        #expect(back == p, "seed \(seed)")
        #expect(ProjectFile.write(back) == bytes, "seed \(seed)")
        #expect(bytes.last == 0x0A && !bytes.contains(0x0D) || p.name.contains("\r") == false)
    }

    @Test(arguments: 0..<100)
    func unitBudgetRoundTrip(seed: Int) throws {
        var g = ModelGenerator(seed: UInt64(seed) &+ 10_000)
        let b = g.unitBudget()
        let bytes = UnitBudgetFile.write(b)
        let back = try UnitBudgetFile.read(bytes, path: "u.jsonl")
        #expect(back == b, "seed \(seed)")
        #expect(UnitBudgetFile.write(back) == bytes, "seed \(seed)")
    }

    @Test func writingIsDeterministicAndOneFactPerLine() throws {
        var g = ModelGenerator(seed: 7)
        let p = g.project()
        #expect(ProjectFile.write(p) == ProjectFile.write(p))
        let lines = String(decoding: ProjectFile.write(p), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        // header, year, unit, name, [department], source, …, lines: every fact has its line.
        #expect(lines.count - 1 == 6 + (p.department == nil ? 0 : 1) + p.categories.count + p.attributes.count
                + (p.startDate == nil ? 0 : 1) + (p.endDate == nil ? 0 : 1) + p.funds.count + (p.goalPeriod == nil ? 0 : 1)
                + (p.overallGoal == nil ? 0 : 1) + (p.annualGoal == nil ? 0 : 1) + p.indicators.count + p.breakdown.count
                + p.guarantees.count + p.contacts.count + p.details.count)
    }
}

@Suite struct StrictReaderTests {
    static let valid = """
    {"k":"budgit","format":"1","kind":"project"}
    {"k":"year","v":"2022"}
    {"k":"unit","v":"闵行区教育局"}
    {"k":"name","v":"党建经费"}
    {"k":"source","file":"000.txt","lines":"3-30"}
    {"k":"fund","kind":"total","amount":"18452000.00","printed":"万元"}
    {"k":"indicator","l1":"产出目标","l2":"数量目标","l3":"活动次数","target":"≥4次","cmp":"≥","num":"4","unit":"次"}
    {"k":"lines","fund":["9"],"indicator":["12"],"cost":[],"guarantee":[]}

    """

    @Test func readsAValidFile() throws {
        let p = try ProjectFile.read(Array(Self.valid.utf8), path: "p.jsonl")
        #expect(p.fund(.total) == Money(fen: 1_845_200_000))
        #expect(p.indicators.first?.target.comparator == .ge)
        #expect(p.indicators.first?.line == 12)
        #expect(ProjectFile.write(p) == Array(Self.valid.utf8))
    }

    @Test(arguments: [
        ("{\"k\":\"year\",\"v\":\"2022\"}", "{\"k\":\"year\", \"v\":\"2022\"}", 2, "column 13"),
        ("{\"k\":\"year\",\"v\":\"2022\"}", "{\"v\":\"2022\",\"k\":\"year\"}", 2, "starts with its kind"),
        ("\"l1\":\"产出目标\"", "\"l1\":\"\\u4ea7出目标\"", 7, "only for control characters"),
        ("\"l3\":\"活动次数\"", "\"l3\":\"\\u0041\"", 7, "not in canonical form"),
        ("\"amount\":\"18452000.00\"", "\"amount\":\"1845.2万\"", 6, "not an amount"),
        ("\"kind\":\"total\"", "\"kind\":\"grand-total\"", 6, "unknown fund kind"),
        ("{\"k\":\"unit\",\"v\":\"闵行区教育局\"}\n", "", 3, "expected a `unit` record"),
        ("\"fund\":[\"9\"]", "\"fund\":[]", 8, "lists 0 fund lines"),
        ("\"format\":\"1\"", "\"format\":\"2\"", 1, "not supported"),
        ("\"cmp\":\"≥\"", "\"cmp\":\"~\"", 7, "unknown comparator"),
        ("\"lines\":\"3-30\"", "\"lines\":\"30-3\"", 5, "not N or N-M"),
        // Money.limit is 10^15 元: the single-pass and the generic reader both refuse more.
        ("\"amount\":\"18452000.00\"", "\"amount\":\"1000000000000000.01\"", 6, "beyond the amount range"),
        ("\"amount\":\"18452000.00\"", "\"amount\":\"-92233720368547758.08\"", 6, "beyond the amount range"),
        ("\"amount\":\"18452000.00\"", "\"amount\":\"99999999999999999999999.00\"", 6, "beyond the amount range"),
    ])
    func rejectsWithLineNumbers(from: String, to: String, line: Int, message: String) {
        let bad = Self.valid.replacingOccurrences(of: from, with: to)
        #expect(bad != Self.valid)
        do {
            _ = try ProjectFile.read(Array(bad.utf8), path: "p.jsonl")
            Issue.record("accepted: \(to)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func readsTheLimit() throws {
        let bad = Self.valid.replacingOccurrences(of: "18452000.00", with: "1000000000000000.00")
        #expect(try ProjectFile.read(Array(bad.utf8), path: "p.jsonl").fund(.total) == Money.limit)
    }

    @Test func rejectsCRLFAndMissingFinalNewline() {
        #expect(throws: CanonicalError.self) { try ProjectFile.read(Array(Self.valid.replacingOccurrences(of: "\n", with: "\r\n").utf8), path: "p") }
        #expect(throws: CanonicalError.self) { try ProjectFile.read(Array(Self.valid.dropLast().utf8), path: "p") }
        #expect(throws: CanonicalError.self) { try ProjectFile.read([], path: "p") }
    }
}

@Suite struct RepositoryLayoutTests {
    @Test func unsafeNamesAreEscapedInPaths() {
        #expect(RepositoryLayout.component("a/b") == "a%2Fb")
        #expect(RepositoryLayout.component("..") == "%2E.")
        #expect(RepositoryLayout.component("x\u{1}y") == "x%01y")
        #expect(RepositoryLayout.component("50%") == "50%25")
        let long = String(repeating: "教育", count: 100)
        let c = RepositoryLayout.component(long)
        #expect(c.utf8.count <= 158 && c.contains("%~"))
        #expect(c == RepositoryLayout.component(long))
        #expect(c != RepositoryLayout.component(long + "x"))
        #expect(RepositoryLayout.projectPath(year: 2022, unit: "u", name: "a/../b") == "2022/u/projects/a%2F..%2Fb.jsonl")
        #expect(RepositoryLayout.classify("2022/u/projects/p.jsonl") == .project(year: 2022, unitComponent: "u"))
        #expect(RepositoryLayout.classify("2020/u/unit-budget/table-03.jsonl") == .unitBudget(year: 2020, unitComponent: "u", part: .table(3)))
        #expect(RepositoryLayout.classify("2020/u/unit-budget/budget.jsonl") == .unitBudget(year: 2020, unitComponent: "u", part: .budget))
        #expect(RepositoryLayout.classify("2020/u/unit-budget/table-3.jsonl") == .other)  // one spelling per part
        #expect(RepositoryLayout.classify("2020/u/unit-budget/table-00.jsonl") == .other)
        #expect(RepositoryLayout.classify("2020/u/unit-budget.jsonl") == .other)
        #expect(RepositoryLayout.unitBudgetFolder(of: "2020/u/unit-budget/lines.jsonl") == "2020/u/unit-budget")
        #expect(RepositoryLayout.classify("sources/2022/x.txt") == .other)
    }
}
