import Foundation
import Testing
@testable import BudgitImport
import BudgitModel

/// The package root, found from this file's path.
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func fixture(_ path: String) throws -> String {
    try String(contentsOf: packageRoot.appendingPathComponent("Fixtures/" + path), encoding: .utf8)
}

private func parseUnitBudget(_ path: String) throws -> (UnitBudget?, Int?, [Diagnostic]) {
    let name = (path as NSString).lastPathComponent
    let src = SourceText(fileName: name, text: try fixture(path))
    var sink = DiagnosticSink(fileName: name)
    let (b, d) = UnitBudgetParser.parse(src, diagnostics: &sink)
    return (b, d, sink.items)
}

private func yuan(_ s: String) -> Money { Money(canonical: s)! }

private func amounts(_ xs: [String?]) -> [Money?] { xs.map { $0.map(yuan) } }

private func codes(_ ds: [Diagnostic]) -> [String: Int] {
    ds.reduce(into: [:]) { $0[$1.code, default: 0] += 1 }
}

@Suite("UnitBudgetParser")
struct UnitBudgetParserTests {
    static let seed = "001_c2baf747aff8c518.txt"

    @Test func seed001TitleUnitYearAndSections() throws {
        let (b, declStart, _) = try parseUnitBudget(Self.seed)
        let budget = try #require(b)
        #expect(declStart == 393)
        #expect(budget.title == "闵行区2020年区级单位预算")
        #expect(budget.unit == "上海市闵行区教育学院")
        #expect(budget.year == 2020)
        #expect(budget.source == SourceSpan(file: Self.seed, firstLine: 3, lastLine: 391))

        #expect(budget.sections.map(\.line) == [3, 7, 24, 32, 36, 46, 369, 371, 381, 385, 389])
        #expect(budget.sections.map(\.heading) == [
            "闵行区2020年区级单位预算", "目 录", "上海市闵行区教育学院主要职能", "上海市闵行区教育学院机构设置",
            "名词解释", "2020年单位预算编制说明", "其他相关情况说明", "一、2020年“三公”经费预算情况说明",
            "二、机关运行经费预算", "三、政府采购情况", "四、绩效目标设置情况",
        ])
        #expect(budget.sections[0].paragraphs == ["预算单位：上海市闵行区教育学院"])
        // The 目录 list keeps its 14 entries, without the Markdown list markers.
        #expect(budget.sections[1].paragraphs.count == 14)
        #expect(budget.sections[1].paragraphs.first == "一、单位主要职能")
        #expect(budget.sections[1].paragraphs[5] == "1. 2020年单位财务收支预算总表")
        #expect(budget.sections[5].paragraphs.count == 9)
        #expect(budget.sections[5].paragraphs[8] == "8、“住房公积金”科目246.79万元，主要用于按照国家规定为职工缴纳的住房公积金支出。")
        #expect(budget.sections[6].paragraphs.isEmpty)
        #expect(budget.sections[10].paragraphs == ["2020年度，本单位编报绩效目标的项目共22个，涉及项目预算资金5049.99万元。"])
    }

    @Test func seed001TableShapes() throws {
        let budget = try #require(try parseUnitBudget(Self.seed).0)
        let t = budget.tables
        #expect(t.count == 8)
        #expect(t.map(\.number) == Array(1...8))
        #expect(t.map(\.line) == [66, 101, 150, 199, 232, 287, 298, 358])
        #expect(t.map(\.rows.count) == [30, 39, 39, 26, 39, 1, 50, 1])
        #expect(t.map(\.sourceUnit) == [.yuan, .yuan, .yuan, .yuan, .yuan, .yuan, .yuan, .wanYuan])
        #expect(t[1].title == "2020年单位收入预算总表")
        #expect(t[7].title == "2020年单位“三公”经费和机关运行经费预算表")
        #expect(t[0].columns == ["预算数", "合计", "基本支出/人员经费", "基本支出/公用经费", "项目支出"])
        #expect(t[1].columns == ["合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"])
        #expect(t[2].columns == ["合计", "基本支出", "项目支出"])
        #expect(t[3].columns == ["预算数", "合计", "一般公共预算", "政府性基金预算"])
        #expect(t[4].columns == t[2].columns)
        #expect(t[6].columns == ["合计", "人员经费", "公用经费"])
        #expect(t[7].columns == ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费/小计",
                                 "公务用车购置及运行费/购置费", "公务用车购置及运行费/运行费", "2020年机关运行经费预算数"])
        // Every row has one amount per column.
        for table in t { for row in table.rows { #expect(row.amounts.count == table.columns.count) } }
        #expect(t.enumerated().allSatisfy { $0.offset == 5 ? $0.element.remark == "2020年本单位无政府性基金预算" : $0.element.remark == nil })
    }

    @Test func seed001Table3() throws {
        let t3 = try #require(try parseUnitBudget(Self.seed).0).tables[2]
        let total = try #require(t3.rows.last)
        #expect(total.line == 197 && total.name == "合计" && total.code == nil && total.side == nil)
        #expect(total.amounts == amounts(["104733480.93", "54233577.33", "50499903.60"]))

        let teacher = try #require(t3.rows.first { $0.code == ClassificationCode(parts: ["205", "08", "01"]) })
        #expect(teacher.line == 174)
        #expect(teacher.name == "教师进修")
        #expect(teacher.amounts == amounts(["38451864.75", "38451864.75", "0.00"]))

        let education = try #require(t3.rows.first)
        #expect(education.code?.parts == ["205"])
        #expect(education.name == "教育支出")
        #expect(education.amounts == amounts(["88951768.35", "38451864.75", "50499903.60"]))

        // 205 01 prints no amounts: empty cells stay nil.
        let admin = try #require(t3.rows.first { $0.code?.description == "205 01" })
        #expect(admin.line == 158 && admin.amounts == [nil, nil, nil])
        // Rows after the page breaks at 170 and 191 are kept.
        #expect(t3.rows.contains { $0.line == 171 && $0.code?.description == "205 07 01" })
        #expect(t3.rows.contains { $0.line == 192 && $0.name == "公务员医疗补助" })
        #expect(t3.rows.filter { $0.code?.level == 1 }.map(\.code!.description) == ["205", "208", "210", "221"])
        #expect(t3.rows.filter { $0.code?.level == 3 }.count == 24)
    }

    @Test func seed001TwoSidedTables() throws {
        let budget = try #require(try parseUnitBudget(Self.seed).0)
        let t1 = budget.tables[0]
        #expect(t1.rows.filter { $0.side == "income" }.count == 7)
        #expect(t1.rows.filter { $0.side == "expenditure" }.count == 23)
        let line74 = t1.rows.filter { $0.line == 74 }
        #expect(line74.map(\.side) == ["income", "expenditure"])
        #expect(line74.map(\.name) == ["一、财政拨款收入", "一、一般公共服务支出"])
        #expect(line74[0].amounts == amounts(["104733480.93", nil, nil, nil, nil]))
        let education = try #require(t1.rows.first { $0.line == 77 && $0.side == "expenditure" })
        #expect(education.name == "四、教育支出")
        #expect(education.amounts == amounts([nil, "88951768.35", "31539982.89", "6911881.86", "50499903.60"]))
        // 91 prints an integer: `2467944`.
        let housing = try #require(t1.rows.first { $0.line == 91 })
        #expect(housing.amounts == amounts([nil, "2467944.00", "2467944.00", "0.00", "0.00"]))
        let totals = t1.rows.filter { $0.line == 97 }
        #expect(totals.map(\.name) == ["收入总计", "支出总计"])
        #expect(totals[0].amounts == amounts(["104733480.93", nil, nil, nil, nil]))
        #expect(totals[1].amounts == amounts([nil, "104733480.93", "47321695.47", "6911881.86", "50499903.60"]))

        let t4 = budget.tables[3]
        #expect(t4.rows.filter { $0.side == "income" }.map(\.name) == ["一、一般公共预算资金", "二、政府性基金", "收入总计"])
        // `-` in the totals row is zero.
        #expect(t4.rows.last?.amounts == amounts([nil, "104733480.93", "104733480.93", "0.00"]))
        // Wrapped and truncated class names at 221–225.
        let names = t4.rows.filter { (221...225).contains($0.line) }.map(\.name)
        #expect(names == ["十六、自然资源海洋气象等支出", "十七、住房保障支出", "十八、粮油物资储备支出",
                          "十九、国有资本经营预算支出", "二十、灾害防治及应急管理支出"])
        #expect(t4.rows.first { $0.line == 222 }?.amounts == amounts([nil, "2467944.00", "2467944.00", "0.00"]))
    }

    @Test func seed001OtherTables() throws {
        let budget = try #require(try parseUnitBudget(Self.seed).0)
        let t2 = budget.tables[1]
        // 148: `合计⇥⇥⇥⇥104,733,480.93⇥104,733,480.93⇥-⇥-⇥-`
        #expect(t2.rows.last?.line == 148)
        #expect(t2.rows.last?.amounts == amounts(["104733480.93", "104733480.93", "0.00", "0.00", "0.00"]))

        // Table 5 without its two repeated headers.
        let t5 = budget.tables[4]
        #expect(!t5.rows.contains { (254...256).contains($0.line) || (276...278).contains($0.line) })
        #expect(t5.rows.first { $0.line == 257 }?.code?.description == "205 07 02")
        #expect(t5.rows.first { $0.line == 279 }?.amounts == amounts(["3349352.57", "3349352.57", "0.00"]))
        #expect(t5.rows.last?.amounts == amounts(["104733480.93", "54233577.33", "50499903.60"]))

        let t6 = budget.tables[5]
        #expect(t6.rows.count == 1)
        #expect(t6.rows[0].name == "合计" && t6.rows[0].line == 294 && t6.rows[0].amounts == [nil, nil, nil])

        let t7 = budget.tables[6]
        let wages = try #require(t7.rows.first { $0.code == ClassificationCode(parts: ["301", "01"]) })
        #expect(wages.line == 306 && wages.name == "基本工资")
        #expect(wages.amounts == amounts(["9030903.40", "9030903.40", "0.00"]))
        #expect(t7.rows.filter { $0.code?.level == 1 }.map(\.code!.description) == ["301", "302", "303", "310"])
        #expect(t7.rows.first { $0.line == 343 }?.name == "其他商品和服务支出")
        #expect(t7.rows.last?.amounts == amounts(["54233577.33", "47321695.47", "6911881.86"]))

        // 三公, printed in 万元: 10.27 ⇥ 0 ⇥ 0.67 ⇥ 9.6 ⇥ 0 ⇥ 9.6 ⇥ 0.
        let t8 = budget.tables[7]
        #expect(t8.rows[0].line == 365 && t8.rows[0].name == "" && t8.rows[0].code == nil)
        #expect(t8.rows[0].amounts == amounts(["102700.00", "0.00", "6700.00", "96000.00", "0.00", "96000.00", "0.00"]))
    }

    @Test func seed001Diagnostics() throws {
        let (_, _, diags) = try parseUnitBudget(Self.seed)
        #expect(codes(diags) == ["table.name-completed": 1, "ocr.joined-fragments": 3, "table.repeated-header": 2])
        #expect(diags.map(\.line) == [221, 223, 224, 225, 254, 276])
        #expect(diags.allSatisfy { $0.severity == .note && $0.file == Self.seed })
        #expect(diags[0].message.contains("`十六、自然资源海洋气象等支出` (line 90)"))
        #expect(diags[4].message.contains("lines 254–256"))
        #expect(diags[1].raw == "\t\t十八、粮油物资储备支 出\t\t\t")
    }

    /// The parsed budget as JSON, shared with `BudgitCompareTests` (which cannot import BudgitImport).
    /// Rewritten when `BUDGIT_RECORD=1`.
    @Test func seed001Golden() throws {
        let budget = try #require(try parseUnitBudget(Self.seed).0)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try enc.encode(budget), as: UTF8.self) + "\n"
        let url = packageRoot.appendingPathComponent("Fixtures/golden/ub-001-unit-budget.json")
        if ProcessInfo.processInfo.environment["BUDGIT_RECORD"] == "1" {
            try json.write(to: url, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(json == golden, "rerun with BUDGIT_RECORD=1 and review the diff of Fixtures/golden/ub-001-unit-budget.json")
    }

    // MARK: - Quirks

    @Test func quirkRepeatedHeader() throws {
        let (b, declStart, diags) = try parseUnitBudget("quirks/ub-repeated-header.txt")
        let t = try #require(b?.tables.first)
        #expect(declStart == nil)
        #expect(b?.unit == "测试学院")
        #expect(t.rows.map(\.line) == [14, 15, 16, 21, 22, 23])
        #expect(t.rows.map { $0.code?.description ?? $0.name } == ["205", "205 08", "205 08 01", "205 09", "205 09 99", "合计"])
        #expect(diags.count == 1)
        #expect(diags.first?.code == "table.repeated-header" && diags.first?.line == 18 && diags.first?.severity == .note)
        #expect(diags.first?.message.contains("lines 18–20") == true)
    }

    @Test func quirkSplitName() throws {
        let (b, _, diags) = try parseUnitBudget("quirks/ub-split-name.txt")
        let t = try #require(b?.tables.first)
        #expect(t.rows.map(\.name) == ["一、一般公共预算资金", "十七、住房保障支出", "二、政府性基金", "十八、粮油物资储备支出", "收入总计", "支出总计"])
        #expect(t.rows[1].amounts == amounts([nil, "2467944.00", "2467944.00", "0.00"]))
        #expect(t.rows[5].amounts == amounts([nil, "2467944.00", "2467944.00", "0.00"]))
        #expect(diags.map(\.code) == ["ocr.joined-fragments"])
        #expect(diags.map(\.line) == [14])
    }

    @Test func quirkTruncatedName() throws {
        let (b, _, diags) = try parseUnitBudget("quirks/ub-truncated-name.txt")
        let t4 = try #require(b?.tables.last)
        #expect(b?.tables.count == 2)
        #expect(t4.rows.filter { $0.side == "expenditure" }.map(\.name) == ["十三、资源勘探信息", "十六、自然资源海洋气象等支出", "支出总计"])
        #expect(diags.map(\.code) == ["table.name-truncated", "table.name-completed"])
        #expect(diags.map(\.severity) == [.warning, .note])
        #expect(diags.map(\.line) == [24, 25])
    }

    @Test func quirkDashInBody() throws {
        let (b, _, diags) = try parseUnitBudget("quirks/ub-dash-body.txt")
        let t = try #require(b?.tables.first)
        #expect(t.rows[0].amounts == amounts(["1845.20", "1845.20", "0.00"]))
        #expect(t.rows[1].amounts == amounts(["1845.20", "1845.20", "0.00"]))
        #expect(t.rows[3].amounts == amounts(["1845.20", "1845.20", "0.00"]))
        // `-` in a body row is noted; in the totals row it is the documented zero.
        #expect(diags.map(\.code) == ["ocr.spaced-number", "amount.dash-zero", "amount.dash-zero"])
        #expect(diags.map(\.line) == [14, 14, 15])
    }

    @Test func quirkBadCells() throws {
        let (b, _, diags) = try parseUnitBudget("quirks/ub-bad-cells.txt")
        let t = try #require(b?.tables.first)
        #expect(t.rows.map(\.line) == [14, 15, 17])
        #expect(t.rows[0].amounts == amounts([nil, "100.00", "0.00"]))
        #expect(t.rows[1].code?.parts == ["205", "01"])
        #expect(diags.map(\.code) == ["amount.unreadable", "table.code-gap", "table.unreadable-row", "table.extra-cells"])
        #expect(diags.map(\.severity) == [.error, .warning, .error, .error])
        #expect(diags.map(\.line) == [14, 15, 16, 17])
        #expect(diags[0].raw == "12.3.4")
    }

    @Test func quirkUnitFromHeadingAndWanYuan() throws {
        let (b, _, diags) = try parseUnitBudget("quirks/ub-unit-from-heading.txt")
        let budget = try #require(b)
        #expect(budget.unit == "上海市测试学院")
        #expect(diags.map(\.code) == ["unit-budget.unit-from-heading"])
        #expect(diags.first?.severity == .warning && diags.first?.line == 5)
        let t = try #require(budget.tables.first)
        #expect(t.sourceUnit == .wanYuan)
        #expect(t.rows.count == 1)
        #expect(t.rows[0].amounts == amounts(["12345.00", "0.00", "45.00", "12300.00", "5000.00", "7300.00", "120000.00"]))
    }

    @Test func importerDetectsAQuirkDocument() throws {
        let bytes = Array(try fixture("quirks/ub-repeated-header.txt").utf8)
        let doc = try Importer.parse(bytes: bytes, fileName: "ub-repeated-header.txt")
        #expect(doc.layout == "unit-budget-2020")
        #expect(doc.year == 2020)
        #expect(doc.unitBudget?.tables.first?.number == 1)
        #expect(doc.projects.isEmpty)
    }
}
