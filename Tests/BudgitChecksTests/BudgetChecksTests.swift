import Foundation
import Testing
import BudgitChecks
import BudgitModel

@Suite("BudgetChecks")
struct BudgetChecksTests {
    // Helpers are static members so they cannot clash with other files' test helpers.
    static func m(_ s: String) -> Money { Money(canonical: s)! }
    static func r(_ code: String?, _ name: String, _ xs: [String?], side: String? = nil, line: Int) -> BudgetRow {
        BudgetRow(code: code.flatMap(ClassificationCode.init), name: name, amounts: xs.map { $0.map(m) }, side: side, line: line)
    }
    static func unitBudget(_ tables: [BudgetTable], unit: String = "测试学院", year: Int = 2020) -> UnitBudget {
        UnitBudget(year: year, unit: unit, title: "闵行区\(year)年区级单位预算", tables: tables,
                   source: SourceSpan(file: "t.txt", firstLine: 1, lastLine: 99))
    }
    static func form(_ name: String, unit: String = "", year: Int = 2020, funds: [(FundKind, String)] = [],
                     items: [String?] = [], amountTotal: String? = nil) -> ProjectForm {
        ProjectForm(year: year, name: name, unit: unit,
                    funds: funds.enumerated().map { FundLine(kind: $0.element.0, amount: m($0.element.1), sourceUnit: .yuan, line: 10 + $0.offset) },
                    breakdown: items.enumerated().map { CostItem(name: name, content: "", detail: "d\($0.offset)", amount: $0.element.map(m), line: 30 + $0.offset) },
                    details: amountTotal.map { [LabeledText(label: "金额合计", text: $0)] } ?? [],
                    source: SourceSpan(file: "p.txt", firstLine: 1, lastLine: 40))
    }

    static func seed001() throws -> UnitBudget {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        // Written by UnitBudgetParserTests.seed001Golden from Fixtures/001_c2baf747aff8c518.txt.
        let data = try Data(contentsOf: root.appendingPathComponent("Fixtures/golden/ub-001-unit-budget.json"))
        return try JSONDecoder().decode(UnitBudget.self, from: data)
    }

    // MARK: - Seed 001

    @Test func seed001EveryTableAddsUp() throws {
        let results = BudgetChecks.run(unitBudgets: [try Self.seed001()], projects: [])
        #expect(results.count == 240)
        #expect(results.allSatisfy { $0.kind == .ok && $0.difference == .zero })
        let byRule = results.reduce(into: [String: Int]()) { $0[$1.rule, default: 0] += 1 }
        #expect(byRule == ["table.children": 112, "table.row-total": 101, "table.total": 23,
                           "table.balance": 2, "sangong.total": 1, "sangong.vehicle": 1])
        // No projects given: no reconciliation reported.
        #expect(!results.contains { $0.rule == "budget.projects" })

        // 205 08 进修及培训 (173) against 205 08 01 教师进修 (174), 合计 column.
        let training = try #require(results.first { $0.rule == "table.children" && $0.location.firstLine == 173 })
        #expect(training.location == SourceSpan(file: "001_c2baf747aff8c518.txt", firstLine: 173, lastLine: 174))
        #expect(training.expected == Self.m("38451864.75") && training.actual == Self.m("38451864.75"))
        #expect(training.subject == "表3 2020年单位支出预算总表 · 205 08 进修及培训 · 合计")

        // Table 3 合计 (197): 项目支出 50,499,903.60 = the four 类 rows.
        let t3Total = results.filter { $0.rule == "table.total" && $0.location.lastLine == 197 }
        #expect(t3Total.map(\.expected) == [Self.m("104733480.93"), Self.m("54233577.33"), Self.m("50499903.60")])

        // Table 7: 302 商品和服务支出 against its 23 款 rows, 公用经费 column.
        let goods = try #require(results.first { $0.rule == "table.children" && $0.location.firstLine == 318 && $0.subject.hasSuffix("公用经费") })
        #expect(goods.expected == Self.m("6057881.86") && goods.actual == Self.m("6057881.86"))
        #expect(goods.message.contains("its 23 款 rows"))

        // 三公 in 元: 102,700 = 0 + 6,700 + 96,000; 96,000 = 0 + 96,000.
        let sangong = results.filter { $0.rule.hasPrefix("sangong.") }
        #expect(sangong.map(\.expected) == [Self.m("102700.00"), Self.m("96000.00")])
        #expect(sangong.allSatisfy { $0.location.firstLine == 365 })

        // Two-sided tables: 收入总计 = 支出总计 (97, 228); 收入总计 counts 一、…四、 only, not 1、 2、.
        #expect(results.filter { $0.rule == "table.balance" }.map(\.location.firstLine) == [97, 228])
        let income = try #require(results.first { $0.rule == "table.total" && $0.location.lastLine == 97 })
        #expect(income.message.contains("its 4 class rows"))
    }

    @Test func seed001ReconcilesWithProjects() throws {
        let b = try Self.seed001()
        let projects = [
            Self.form("A", unit: "上海市闵行区教育学院", funds: [(.annual, "50000000.00")]),
            Self.form("B", funds: [(.annual, "499903.60")]),                       // no unit: counted
            Self.form("C", unit: "闵行区教育局", funds: [(.annual, "1.00")]),        // another unit
            Self.form("D", unit: "上海市闵行区教育学院", year: 2019, funds: [(.annual, "1.00")]),
            Self.form("E", unit: "上海市闵行区教育学院", funds: [(.total, "5.00")]), // no annual figure
        ]
        let rec = BudgetChecks.run(unitBudgets: [b], projects: projects).filter { $0.rule == "budget.projects" }
        #expect(rec.count == 1)
        #expect(rec[0].kind == .ok)
        #expect(rec[0].expected == Self.m("50499903.60"))
        #expect(rec[0].location.firstLine == 197)
        #expect(rec[0].message.contains("2 projects"))
        #expect(rec[0].message.contains("1 projects without an annual budget"))

        let short = BudgetChecks.run(unitBudgets: [b], projects: [Self.form("A", funds: [(.annual, "50000000.00")])])
            .first { $0.rule == "budget.projects" }
        #expect(short?.kind == .mismatch)
        #expect(short?.difference == Self.m("-499903.60"))
    }

    /// Units are matched with spaces removed; a unit of only spaces is a unit (not counted as the
    /// budget's), and a budget of the same unit in another year sees only that year's projects.
    @Test func reconciliationMatchesUnitsWithoutSpacesAndByYear() throws {
        let b = try Self.seed001()
        var other = b
        other.year = 2019
        let projects = [
            Self.form("A", unit: "上海市闵行区教育学院", funds: [(.annual, "50000000.00")]),
            Self.form("S", unit: "上海市 闵行区\u{3000}教育学院", funds: [(.annual, "400000.00")]),  // the same unit, spaced
            Self.form("B", funds: [(.annual, "99903.60")]),                                         // no unit: counted
            Self.form("W", unit: "  ", funds: [(.annual, "7.00")]),                                 // only spaces: not
            Self.form("D", unit: "上海市闵行区教育学院", year: 2019, funds: [(.annual, "3.00")]),
        ]
        let rec = BudgetChecks.run(unitBudgets: [b, other], projects: projects).filter { $0.rule == "budget.projects" }
        #expect(rec.count == 2)
        #expect(rec[0].kind == .ok && rec[0].actual == Self.m("50499903.60"))
        #expect(rec[0].message.contains("3 projects"))
        #expect(rec[1].actual == Self.m("3.00"))
        #expect(rec[1].message.contains("1 projects"))
    }

    // MARK: - Hand-built tables

    @Test func childrenAndTotalsFlagDifferences() {
        let t = BudgetTable(number: 3, title: "支出预算总表", sourceUnit: .yuan, columns: ["合计", "基本支出", "项目支出"], rows: [
            Self.r("205", "教育支出", ["100.00", "60.00", "40.00"], line: 1),
            Self.r("205 08", "进修及培训", ["100.00", "60.50", "40.00"], line: 2),   // 基本支出: child sums to 59.50
            Self.r("205 08 01", "教师进修", ["60.00", "59.50", nil], line: 3),
            Self.r("205 08 02", "其他", ["40.00", nil, "40.00"], line: 4),
            Self.r("205 09", "空款", [nil, nil, nil], line: 5),
            Self.r("205 09 01", "空项", [nil, nil, nil], line: 6),
            Self.r(nil, "合计", ["300.00", "60.00", "40.00"], line: 7),             // 合计 off by 200
        ], line: 100)
        let res = BudgetChecks.run(unitBudgets: [Self.unitBudget([t])], projects: [])
        let children = res.filter { $0.rule == "table.children" }
        // 205 ← 205 08 + 205 09 (3 columns), 205 08 ← 205 08 01 + 02 (3 columns); 205 09 prints nothing: skipped.
        #expect(children.count == 6)
        let rounding = children.filter { $0.kind == .rounding }
        // 205 基本支出: printed 60.00, 205 08 + 205 09 = 60.50.
        #expect(rounding.map(\.difference) == [Self.m("0.50")])
        #expect(rounding.map(\.location.firstLine) == [1])
        // 205 08 基本支出: printed 60.50, its 项 rows sum to 59.50: off by exactly 1 元.
        let mismatch = children.filter { $0.kind == .mismatch }
        #expect(mismatch.map(\.location.firstLine) == [2])
        #expect(mismatch.first?.difference == Self.m("-1.00"))
        let totals = res.filter { $0.rule == "table.total" }
        #expect(totals.map(\.kind) == [.mismatch, .ok, .ok])
        #expect(totals.first?.expected == Self.m("300.00") && totals.first?.actual == Self.m("100.00"))
        // Row totals: 合计 = 基本支出 + 项目支出 per row.
        let rowTotals = res.filter { $0.rule == "table.row-total" }
        #expect(rowTotals.map(\.location.firstLine) == [1, 2, 3, 4, 7])
        #expect(rowTotals.map(\.kind) == [.ok, .rounding, .rounding, .ok, .mismatch])
    }

    /// 100 rows at Money.limit sum beyond Int64: a mismatch that says so, not a trap.
    @Test func sumsBeyondInt64AreMismatchesNotTraps() {
        let limit = Money.limit.description
        let rows = [Self.r("205", "教育支出", [limit], line: 1)]
            + (1...100).map { Self.r(String(format: "205 %02d", $0), "款\($0)", [limit], line: 1 + $0) }
            + [Self.r(nil, "合计", [limit], line: 200)]
        let t = BudgetTable(number: 3, title: "支出预算总表", sourceUnit: .yuan, columns: ["合计"], rows: rows, line: 100)
        let res = BudgetChecks.run(unitBudgets: [Self.unitBudget([t])], projects: [])
        let children = res.filter { $0.rule == "table.children" }
        #expect(children.count == 1)
        #expect(children.first?.kind == .mismatch)
        #expect(children.first?.message.contains("beyond the amount range") == true, "\(children)")
        #expect(Money.wideSum(Array(repeating: -Money.limit, count: 100)) == (Money(fen: -.max), false))
    }

    @Test func twoSidedTableChecksEachSide() {
        let cols = ["预算数", "合计", "一般公共预算", "政府性基金预算"]
        let t = BudgetTable(number: 4, title: "财政拨款收支预算总表", sourceUnit: .yuan, columns: cols, rows: [
            Self.r(nil, "一、财政拨款收入", ["100.00", nil, nil, nil], side: "income", line: 1),
            Self.r(nil, "一、教育支出", [nil, "90.00", "90.00", "0.00"], side: "expenditure", line: 1),
            Self.r(nil, "1、一般公共预算资金", ["70.00", nil, nil, nil], side: "income", line: 2),
            Self.r(nil, "二、住房保障支出", [nil, "10.00", "10.00", nil], side: "expenditure", line: 2),
            Self.r(nil, "2、政府性基金", ["30.00", nil, nil, nil], side: "income", line: 3),
            Self.r(nil, "收入总计", ["100.00", nil, nil, nil], side: "income", line: 4),
            Self.r(nil, "支出总计", [nil, "99.00", "100.00", "0.00"], side: "expenditure", line: 4),
        ], line: 100)
        let res = BudgetChecks.run(unitBudgets: [Self.unitBudget([t])], projects: [])
        let children = res.filter { $0.rule == "table.children" }
        #expect(children.count == 1 && children[0].kind == .ok && children[0].location == SourceSpan(file: "t.txt", firstLine: 1, lastLine: 3))
        let totals = res.filter { $0.rule == "table.total" }
        // 收入总计 预算数; 支出总计 合计 (99 vs 100), 一般公共预算, 政府性基金预算.
        #expect(totals.map(\.kind) == [.ok, .mismatch, .ok, .ok])
        let balance = res.filter { $0.rule == "table.balance" }
        #expect(balance.count == 1)
        #expect(balance[0].expected == Self.m("100.00") && balance[0].actual == Self.m("99.00") && balance[0].kind == .mismatch)
    }

    @Test func sanGongParts() {
        let cols = ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费/小计",
                    "公务用车购置及运行费/购置费", "公务用车购置及运行费/运行费", "2020年机关运行经费预算数"]
        let t = BudgetTable(number: 8, title: "“三公”经费", sourceUnit: .wanYuan, columns: cols, rows: [
            Self.r(nil, "", ["102700.00", "0.00", "6700.00", "96000.00", "50000.00", "46000.50", "0.00"], line: 365),
        ], line: 100)
        let res = BudgetChecks.run(unitBudgets: [Self.unitBudget([t])], projects: [])
        #expect(res.map(\.rule) == ["sangong.total", "sangong.vehicle"])   // no row-total on a table without codes
        #expect(res[0].kind == .ok)
        #expect(res[1].kind == .rounding && res[1].difference == Self.m("0.50"))
    }

    // MARK: - Projects

    @Test func breakdownMatchesTheAnnualBudgetOfAMultiYearProject() {
        let p = Self.form("多年项目", funds: [(.total, "300.00"), (.annual, "100.00"), (.currentAppropriation, "100.00"), (.ownLevel, "100.00")],
                          items: ["60.00", "40.00", nil], amountTotal: "100.00")
        let res = BudgetChecks.run(unitBudgets: [], projects: [p])
        #expect(res.map(\.rule) == ["project.breakdown-total", "project.breakdown-funds", "project.funds-annual", "project.funds-appropriation"])
        #expect(res.allSatisfy { $0.kind == .ok })
        #expect(res[1].message.contains("matches the annual budget"))
        #expect(res[1].message.contains("multi-year"))
        #expect(res[0].location == SourceSpan(file: "p.txt", firstLine: 30, lastLine: 31))
    }

    @Test func breakdownMatchingOnlyTheTotalIsSaid() {
        let p = Self.form("总额", funds: [(.total, "300.00"), (.annual, "100.00")], items: ["300.00"])
        let r = BudgetChecks.run(unitBudgets: [], projects: [p]).first { $0.rule == "project.breakdown-funds" }
        #expect(r?.kind == .ok)
        #expect(r?.expected == Self.m("300.00"))
        #expect(r?.message.contains("matches the project total") == true)
        #expect(r?.message.contains("not the annual budget 100.00") == true)
    }

    @Test func breakdownMatchingNeitherIsAMismatchAgainstTheAnnual() {
        let p = Self.form("不符", funds: [(.total, "300.00"), (.annual, "100.00")], items: ["99.60"], amountTotal: "100.00")
        let res = BudgetChecks.run(unitBudgets: [], projects: [p])
        let sum = res.first { $0.rule == "project.breakdown-total" }
        #expect(sum?.kind == .rounding && sum?.difference == Self.m("-0.40"))
        let funds = res.first { $0.rule == "project.breakdown-funds" }
        #expect(funds?.expected == Self.m("100.00") && funds?.kind == .rounding)
        #expect(funds?.message.contains("matches neither") == true)
    }

    @Test func fundLinesAddUp() {
        // 2022 target-form shape: total = fiscal + other; annual = appropriation + carry-over + other.
        let p = Self.form("资金", funds: [(.total, "500.00"), (.fiscal, "400.00"), (.otherTotal, "100.00"),
                                         (.annual, "200.00"), (.currentAppropriation, "150.00"), (.carryOver, "30.00"), (.otherAnnual, "10.00")])
        let res = BudgetChecks.run(unitBudgets: [], projects: [p])
        #expect(res.map(\.rule) == ["project.funds-total", "project.funds-annual"])
        #expect(res[0].kind == .ok)
        #expect(res[1].kind == .mismatch && res[1].difference == Self.m("-10.00"))
        #expect(res[1].location == SourceSpan(file: "p.txt", firstLine: 13, lastLine: 16))
        // Nothing to add up: no result.
        #expect(BudgetChecks.run(unitBudgets: [], projects: [Self.form("空", funds: [(.annual, "1.00")])]).isEmpty)
    }

    @Test func kindsAndCoding() throws {
        #expect(CheckResult.kind(of: .zero) == .ok)
        #expect(CheckResult.kind(of: Money(fen: 99)) == .rounding)
        #expect(CheckResult.kind(of: Money(fen: -99)) == .rounding)
        #expect(CheckResult.kind(of: Money(fen: 100)) == .mismatch)
        let c = CheckResult(rule: "table.total", subject: "s", location: SourceSpan(file: "f", firstLine: 1, lastLine: 2),
                            expected: Self.m("10.00"), actual: Self.m("12.00"), message: "m")
        #expect(c.difference == Self.m("2.00") && c.kind == .mismatch)
        #expect(c.description == "f:1-2: mismatch [table.total] m")
        let back = try JSONDecoder().decode(CheckResult.self, from: JSONEncoder().encode(c))
        #expect(back == c)
    }
}
