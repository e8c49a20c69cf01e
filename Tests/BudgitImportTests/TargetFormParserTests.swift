import Foundation
import Testing
import BudgitModel
import BudgitImport

/// Loads fixtures for the target-form tests (names kept private to this file).
private enum TargetFormFixture {
    /// The package root, found from this file: Tests/BudgitImportTests/<file>.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let seed2022 = "000_b8de17d7b47ea05c.txt"
    static let seed2023 = "002_3205439470554c78.txt"

    static func load(_ relative: String) throws -> ImportedDocument {
        let url = root.appendingPathComponent("Fixtures").appendingPathComponent(relative)
        let bytes = [UInt8](try Data(contentsOf: url))
        return try Importer.parse(bytes: bytes, fileName: url.lastPathComponent)
    }

    static func quirk(_ name: String) throws -> ImportedDocument { try load("quirks/" + name) }
}

private func yuan(_ y: Int64) -> Money { Money(yuan: y) }

private extension ImportedDocument {
    func diagnostics(_ code: String) -> [Diagnostic] { diagnostics.filter { $0.code == code } }
    func project(named name: String) -> ProjectForm? { projects.first { $0.name == name } }
}

private extension ProjectForm {
    func indicator(line: Int) -> Indicator? { indicators.first { $0.line == line } }
}

// MARK: - Seed 000: 2022, 74 forms, 万元

@Suite("TargetFormParser: 2022 seed (000)")
struct TargetFormParser2022Tests {
    let doc: ImportedDocument

    init() throws { doc = try TargetFormFixture.load(TargetFormFixture.seed2022) }

    @Test func readsExactly74Forms() {
        #expect(doc.layout == "target-form-2022")
        #expect(doc.year == 2022)
        #expect(doc.projects.count == 74)
        #expect(doc.projects.allSatisfy { $0.year == 2022 })
        #expect(doc.projects.allSatisfy { $0.unit == "闵行区教育局" && $0.department == "闵行区教育局" })
        // Every title line opens a form; the last one runs to the end of the file.
        #expect(doc.projects.first?.source.firstLine == 3)
        #expect(doc.projects.last?.source.firstLine == 1936)
        #expect(doc.projects.last?.source.lastLine == 1955)
        // 834 indicator rows, counted from the source.
        #expect(doc.projects.reduce(0) { $0 + $1.indicators.count } == 834)
    }

    @Test func everyFormHasTotalsGoalsAndCompleteIndicators() {
        for p in doc.projects {
            #expect(p.fund(.total) != nil, "\(p.name): no 项目资金总额")
            #expect(p.fund(.annual) != nil, "\(p.name): no 年度资金申请总额")
            #expect(p.funds.allSatisfy { $0.sourceUnit == .wanYuan })
            #expect(p.overallGoal?.isEmpty == false && p.annualGoal?.isEmpty == false, "\(p.name): goals")
            #expect(p.overallGoal?.contains("<p>") == false && p.annualGoal?.contains("<p>") == false)
            #expect(p.goalPeriod?.hasPrefix("(") == true)
            #expect(p.startDate?.count == 10 && p.endDate?.count == 10)
            #expect(!p.indicators.isEmpty)
            for i in p.indicators {
                #expect(!i.level1.isEmpty && !i.level2.isEmpty && !i.level3.isEmpty, "\(p.name) line \(i.line): \(i.path)")
                #expect(i.note == nil)
                #expect(p.source.firstLine <= i.line && i.line <= p.source.lastLine)
            }
        }
    }

    @Test func firstFormCompletely() throws {
        let p = try #require(doc.projects.first)
        #expect(p.name == "政府购买辅助服务")
        #expect(p.department == "闵行区教育局")
        #expect(p.unit == "闵行区教育局")
        #expect(p.categories == ["专项资金", "经常性项目"])  // two ticked (`<input checked…>`)
        #expect(p.attributes.isEmpty)
        #expect(p.startDate == "2022-01-01")
        #expect(p.endDate == "2022-12-31")
        #expect(p.source == SourceSpan(file: TargetFormFixture.seed2022, firstLine: 3, lastLine: 26))
        // A 6-field form: amounts in c3 and c6; 23750 万元.
        #expect(p.funds == [
            FundLine(kind: .total, amount: yuan(237_500_000), sourceUnit: .wanYuan, line: 10),
            FundLine(kind: .annual, amount: yuan(237_500_000), sourceUnit: .wanYuan, line: 10),
            FundLine(kind: .fiscal, amount: yuan(237_500_000), sourceUnit: .wanYuan, line: 11),
            FundLine(kind: .currentAppropriation, amount: yuan(237_500_000), sourceUnit: .wanYuan, line: 11),
        ])
        #expect(p.goalPeriod == "(2022 年-2022年)")
        #expect(p.overallGoal?.hasPrefix("按照‘有体面岗位、有合理待遇’原则思路") == true)
        #expect(p.annualGoal?.hasPrefix("通过政府购买辅助") == true)
        #expect(p.indicators.count == 10)
        #expect(p.indicators.map(\.line) == Array(17...26))
        let first = p.indicators[0]
        #expect(first.path == "产出目标/数量目标/政府购买辅助人员数量")
        #expect(first.target.text == "2160人")
        #expect(first.target.number == "2160" && first.target.unit == "人")
        // L1/L2 printed once per group, carried down.
        #expect(p.indicator(line: 18)?.path == "产出目标/数量目标/政府购买服务人员工作量计划完成率")
        #expect(p.indicator(line: 21)?.path == "产出目标/质量目标/辅助人员资质达标率")
        #expect(p.indicator(line: 22)?.target.text == "及时按单位要求完成")
        #expect(p.indicator(line: 25)?.path == "影响力目标/满意度目标/学校满意度")
        #expect(p.indicator(line: 25)?.target == Target(text: "≥90%", comparator: .ge, number: "90", unit: "%"))
        // `可持续性目标⇥⇥L3⇥⇥VALUE⇥`: level 2 in c1, re-aligned with a diagnostic.
        #expect(p.indicator(line: 26)?.path == "影响力目标/可持续性目标/人员考核机制有效性")
        #expect(p.indicator(line: 26)?.target.text == "健全且有效")
        #expect(doc.diagnostics.contains { $0.line == 26 && $0.code == "layout.shifted" && $0.severity == .warning })
    }

    @Test func multiYearSixFieldForm() throws {
        let p = try #require(doc.project(named: "闵行区智慧教育示范区两种应用助手项目（第二年）"))
        #expect(p.source.firstLine == 335)
        #expect(p.categories == ["专项资金", "一次性项目"])  // ■/□ boxes
        #expect(p.startDate == "2021-12-28" && p.endDate == "2023-12-31")
        #expect(p.goalPeriod == "(2021年-2023年)")
        #expect(p.fund(.total) == yuan(23_155_600))
        #expect(p.fund(.annual) == yuan(10_524_200))
        #expect(p.fund(.fiscal) == yuan(23_155_600))
        #expect(p.fund(.currentAppropriation) == yuan(10_524_200))
        #expect(p.fund(.carryOver) == nil && p.fund(.otherTotal) == nil && p.fund(.otherAnnual) == nil)
        #expect(p.indicators.count == 14)
        // 355–356: shifted left inside the 时效目标 group; 360: L3 in c1; 362: L3 in c2.
        #expect(p.indicator(line: 355)?.path == "产出目标/时效目标/试点校安装配置及时性")
        #expect(p.indicator(line: 356)?.path == "产出目标/时效目标/运维服务完成及时性")
        #expect(p.indicator(line: 360)?.path == "影响力目标/满意度目标/学生满意度")
        #expect(p.indicator(line: 360)?.target.text == "≥85%")
        #expect(p.indicator(line: 362)?.path == "影响力目标/可持续性目标/优秀试点成果分享机制")
        #expect(p.indicator(line: 350)?.target == Target(text: ">=10个", comparator: .ge, number: "10", unit: "个"))
    }

    @Test func form15HeaderCarriesLevel1AndNarrowsAfterBreak() throws {
        let p = try #require(doc.projects.dropFirst(14).first)
        #expect(p.name == "闵行职业技术学院 开办费")
        #expect(p.indicators.count == 23)
        // 377: `产出目标` sits in c1 of the header; 378 has L2 in c2.
        #expect(p.indicator(line: 378)?.path == "产出目标/数量目标/办学研究方案完成数")
        #expect(p.indicator(line: 378)?.target.text == "20项")
        #expect(doc.diagnostics.contains { $0.line == 377 && $0.code == "layout.merged-cell" })
        // After the break at 387 the table has 5 fields; 388 starts with `绩效指标`.
        #expect(p.indicator(line: 388)?.path == "产出目标/质量目标/专家及教师专业资质相符性")
        #expect(p.indicator(line: 388)?.target.text == "相符")
        #expect(p.indicator(line: 394)?.path == "产出目标/时效目标/揭牌仪式开展及时性")
        #expect(p.indicator(line: 401)?.path == "影响力目标/可持续性目标/学校运行管理机制建立情况")
        #expect(doc.diagnostics.contains { $0.line == 388 && $0.code == "layout.page-shift" })
    }

    @Test func form20DropsToFourFields() throws {
        let p = try #require(doc.projects.dropFirst(19).first)
        #expect(p.name == "德育教育经费")
        #expect(p.source.firstLine == 512 && p.source.lastLine == 563)
        #expect(p.fund(.total) == yuan(980_000))
        #expect(p.indicators.count == 34)
        #expect(p.indicator(line: 527)?.path == "产出目标/数量目标/2022年传统文化优秀项目成果集因印刷数量")
        #expect(p.indicator(line: 527)?.target == Target(text: "=500本", comparator: .eq, number: "500", unit: "本"))
        #expect(p.indicator(line: 547)?.path == "产出目标/时效目标/2022年传统文化优秀项目成果集完成及时性")
        #expect(p.indicator(line: 547)?.target.text == "及时，10月前")
        #expect(p.indicator(line: 554)?.path == "效果目标/社会效益目标/辩论素养提升情况")
        #expect(p.indicator(line: 561)?.path == "影响力目标/满意度目标/学生、家长满意度")
        #expect(p.indicator(line: 563)?.path == "影响力目标/可持续性目标/沟通机制有效性")
        // The label `绩效指` (527) + stray `目标` (545) across the break; rows 547–563 read one column left.
        #expect(doc.diagnostics.contains { $0.line == 545 && $0.code == "layout.split-label" && $0.raw == "目标" })
        #expect(doc.diagnostics.contains { $0.line == 547 && $0.code == "layout.page-shift" })
        #expect(!doc.diagnostics.contains { (547...563).contains($0.line) && $0.code == "layout.shifted" })
    }

    @Test func lastThreeFormsHaveSeparatedSpacedAmounts() {
        let last3 = doc.projects.suffix(3)
        #expect(last3.map(\.name) == ["教育内涵增量", "待分配资金", "教育费附加待分配"])
        #expect(last3.map { $0.fund(.total) } == [yuan(10_000_000), yuan(419_875_500), yuan(71_103_400)])
        #expect(last3.map { $0.fund(.annual) } == [yuan(10_000_000), yuan(419_875_500), yuan(71_103_400)])
        #expect(last3.map { $0.fund(.currentAppropriation) } == [yuan(10_000_000), yuan(419_875_500), yuan(71_103_400)])
        #expect(last3.map { $0.funds.first?.line } == [1901, 1922, 1943])
        #expect(last3.first?.categories == [])  // no box ticked at 1898
        #expect(doc.diagnostics.contains { $0.line == 1898 && $0.code == "form.no-category" })
        #expect(doc.diagnostics.contains { $0.line == 1922 && $0.code == "ocr.spaced-number" && $0.raw == "41, 987. 55" })
    }

    @Test func spacedAndFourDecimalAmounts() throws {
        let p3 = try #require(doc.project(named: "教育均衡发展"))
        #expect(p3.fund(.total) == yuan(18_452_000))  // `1845. 2` 万元
        #expect(p3.overallGoal?.hasPrefix("为支持北京外国语大学附属上海田园高级中学") == true)  // `<p>` stripped
        let p17 = try #require(doc.project(named: "标准化考场网上视频巡查系统(2022运维)"))
        #expect(p17.fund(.total) == yuan(280_244))  // `28.0244` 万元
        let p6 = try #require(doc.project(named: "校区保安经费"))
        #expect(p6.fund(.total) == yuan(95_111_900))  // `9511. 19`
        #expect(p6.fund(.annual) == yuan(95_111_800))  // `9511. 18`: kept as printed, flagged
        #expect(doc.diagnostics.contains { $0.line == 133 && $0.code == "funds.sum-mismatch" })
    }

    @Test func mergedCellTextOnALaterRow() throws {
        let p = try #require(doc.project(named: "体育教育经费"))
        #expect(p.indicators.count == 21)
        // 217–222 get 产出目标 only from 224 (after the page break at 223).
        for line in 217...222 {
            #expect(p.indicator(line: line)?.level1 == "产出目标")
            #expect(p.indicator(line: line)?.level2 == "数量目标")
            #expect(doc.diagnostics.contains { $0.line == line && $0.code == "layout.merged-cell" })
        }
        #expect(p.indicator(line: 224)?.path == "产出目标/数量目标/初中毕业体育升学考试完成率")
        #expect(p.indicator(line: 225)?.path == "产出目标/质量目标/精英训练营基地建设参与人员数量")
        #expect(p.indicator(line: 229)?.target == Target(text: "100%，3个考点", comparator: nil, number: "100", unit: "%"))
    }

    @Test func shiftedRightRowLosesItsValue() throws {
        let p = try #require(doc.project(named: "规范义务教育办学秩序专项经费"))
        let lost = try #require(p.indicator(line: 262))
        #expect(lost.path == "效果目标/社会效益目标/义务教育办学秩序规范性提升情况")
        #expect(lost.target.text.isEmpty)
        #expect(doc.diagnostics.contains { $0.line == 262 && $0.code == "indicator.missing-value" && $0.severity == .error })
        #expect(p.indicator(line: 263)?.path == "效果目标/社会效益目标/学校特色建设推动作用")
        #expect(p.indicator(line: 263)?.target.text == "有推动作用")
        #expect(p.indicator(line: 265)?.path == "影响力目标/满意度目标/师生满意度")
        let missing = doc.diagnostics("indicator.missing-value").map(\.line)
        #expect(missing == [262, 1069, 1529, 1626, 1816])
    }

    @Test func latexTargets() throws {
        let p = try #require(doc.project(named: "民办幼儿园规范优质发展"))
        let i = try #require(p.indicator(line: 898))
        #expect(i.path == "效果目标/社会效益目标/优质幼儿园比例")
        #expect(i.target.comparator == .ge && i.target.number == "15" && i.target.unit == "%")
        #expect(p.indicator(line: 899)?.target.number == "95")
        #expect(doc.diagnostics("ocr.latex").map(\.line) == [898, 899])
        // 882–887 take 产出目标 from 889 (after the break at 888).
        #expect(p.indicator(line: 882)?.path == "产出目标/数量目标/民办三级幼儿园办学质量评估学校数量")
    }

    @Test func goalHeaderMovedToFirstColumn() throws {
        let p = try #require(doc.project(named: "语言文字工作经费"))
        #expect(p.goalPeriod == "(2022 年-2022年)")
        #expect(p.overallGoal?.hasPrefix("切实提高市民、公务员、教师和学生的语言文字应用能力") == true)
        #expect(p.annualGoal?.hasPrefix("以大力推广和规范使用国家通用语言文字为核心") == true)
        #expect(p.fund(.otherTotal) == nil && p.fund(.otherAnnual) == nil)
    }

    @Test func diagnosticsByCode() {
        var counts: [String: Int] = [:]
        for d in doc.diagnostics { counts[d.code, default: 0] += 1 }
        #expect(counts["indicator.missing-value"] == 5)
        #expect(counts["layout.merged-cell"] == 24)
        #expect(counts["layout.page-shift"] == 3)
        #expect(counts["layout.split-label"] == 1)
        #expect(counts["ocr.latex"] == 2)
        #expect(counts["form.no-category"] == 3)
        #expect(counts["funds.sum-mismatch"] == 2)
        #expect(counts["layout.shifted"] == 120)
        #expect(counts["form.unread-row"] == nil)
        #expect(counts["amount.unreadable"] == nil)
        #expect(doc.diagnostics.allSatisfy { $0.file == TargetFormFixture.seed2022 && $0.line >= 1 && $0.line <= 1955 })
    }

    @Test func parsingIsDeterministic() throws {
        let again = try TargetFormFixture.load(TargetFormFixture.seed2022)
        #expect(again == doc)
    }
}

// MARK: - Seed 002: 2023, 5 forms, 元

@Suite("TargetFormParser: 2023 seed (002)")
struct TargetFormParser2023Tests {
    let doc: ImportedDocument

    init() throws { doc = try TargetFormFixture.load(TargetFormFixture.seed2023) }

    @Test func readsFiveForms() {
        #expect(doc.layout == "target-form-2023")
        #expect(doc.projects.count == 5)
        #expect(doc.projects.map(\.name) == [
            "残疾人就业保障金", "2022年教育综改项目(市拨专项)", "闵行托育服务平台(2023运维)",
            "闵行托育视频监控平台整体服务项目(一三年)(第二年)", "托育中心经费",
        ])
        #expect(doc.projects.map(\.indicators.count) == [8, 8, 8, 9, 14])
        for p in doc.projects {
            #expect(p.year == 2023)
            #expect(p.department == "闵行区教育局(汇总)")
            #expect(p.unit == "上海市闵行区托育服务指导中心")
            #expect(p.categories.isEmpty)
            #expect(p.startDate == "2023-01-01" && p.endDate == "2023-12-31")
            #expect(p.fund(.total) != nil && p.fund(.annual) != nil)
            #expect(p.fund(.carryOver) == .zero && p.fund(.otherAnnual) == .zero)  // printed 0.00: kept
            #expect(p.fund(.otherTotal) == nil)  // not printed
            #expect(p.funds.allSatisfy { $0.sourceUnit == .yuan })
            #expect(p.indicators.allSatisfy { !$0.level1.isEmpty && !$0.level2.isEmpty && !$0.level3.isEmpty })
        }
    }

    @Test func firstFormCompletely() throws {
        let p = try #require(doc.projects.first)
        #expect(p.source == SourceSpan(file: TargetFormFixture.seed2023, firstLine: 3, lastLine: 22))
        #expect(p.attributes == [LabeledText(label: "项目性质", text: "经常性项目"),
                                 LabeledText(label: "项目类别", text: "特定目标类")])
        #expect(p.funds == [
            FundLine(kind: .total, amount: Money(fen: 1_104_384), sourceUnit: .yuan, line: 8),
            FundLine(kind: .annual, amount: Money(fen: 1_104_384), sourceUnit: .yuan, line: 8),
            FundLine(kind: .fiscal, amount: Money(fen: 1_104_384), sourceUnit: .yuan, line: 9),
            FundLine(kind: .currentAppropriation, amount: Money(fen: 1_104_384), sourceUnit: .yuan, line: 9),
            FundLine(kind: .carryOver, amount: .zero, sourceUnit: .yuan, line: 10),
            FundLine(kind: .otherAnnual, amount: .zero, sourceUnit: .yuan, line: 11),
        ])
        #expect(p.goalPeriod == "(2023年 -2023年)")
        #expect(p.overallGoal?.hasPrefix("根据《残疾人保障法》") == true)
        #expect(p.indicators.first?.path == "产出指标/数量指标/残保金缴纳完成率")
        #expect(p.indicator(line: 19)?.path == "效益指标/社会效益指标/区域残疾人就业积极性提升")
        #expect(p.indicator(line: 21)?.path == "效益指标/可持续影响指标/长效管理机制健全性")
        // `满意度指标` in c1 with the value in c6.
        #expect(p.indicator(line: 22)?.path == "满意度指标/服务对象满意度指标/主管部门满意度")
        #expect(p.indicator(line: 22)?.target == Target(text: "≥90%", comparator: .ge, number: "90", unit: "%"))
    }

    @Test func form2ShiftedFunding() throws {
        let p = try #require(doc.projects.dropFirst().first)
        #expect(p.attributes.first == LabeledText(label: "项目性质", text: "阶段性项目"))
        let amount = Money(yuan: 599_280)
        #expect(p.fund(.total) == amount && p.fund(.annual) == amount)
        #expect(p.fund(.fiscal) == amount && p.fund(.currentAppropriation) == amount)
        #expect(p.funds.map(\.line) == [29, 29, 30, 30, 31, 32])
        let shifted = doc.diagnostics.filter { $0.code == "layout.funding-moved" && (29...32).contains($0.line) }
        #expect(shifted.map(\.line) == [29, 30, 31, 32])
        // `<p>` paragraphs in the goals are plain text.
        #expect(p.overallGoal?.hasPrefix("加强托育机构的规范化建设") == true)
        // 43: L3 equal to the L2 name, value in c5.
        #expect(p.indicator(line: 43)?.path == "满意度指标/服务对象满意度指标/服务对象满意度指标")
        #expect(p.indicator(line: 43)?.target == Target(text: "≥90.00(%)", comparator: .ge, number: "90.00", unit: "%"))
        #expect(p.indicator(line: 42)?.path == "效益指标/可持续影响指标/长效管理机制健全性")
    }

    @Test func shiftedRowsAndFusedTitle() throws {
        let p3 = try #require(doc.projects.dropFirst(2).first)
        #expect(p3.fund(.total) == Money(yuan: 44_000))
        #expect(p3.indicator(line: 60)?.target == Target(text: "=24.00(小时)", comparator: .eq, number: "24.00", unit: "小时"))
        #expect(p3.indicator(line: 61)?.path == "产出指标/时效指标/维护工作完成及时性")
        #expect(p3.indicator(line: 61)?.target.text == "及时")
        let p4 = try #require(doc.projects.dropFirst(3).first)
        #expect(p4.year == 2023)  // `…申报表</p> <p>(2023年度)</p>` on one line
        #expect(doc.diagnostics.contains { $0.line == 66 && $0.code == "layout.fused-row" })
        #expect(p4.fund(.total) == Money(yuan: 1_188_400))
        #expect(p4.indicator(line: 85)?.path == "满意度指标/服务对象满意度指标/管理部门满意度")
        let p5 = try #require(doc.projects.last)
        #expect(p5.fund(.otherAnnual) == .zero)  // label c5, value c7 on the last row (95)
        #expect(p5.indicator(line: 105)?.path == "产出指标/时效指标/评估报告完成及时性")
        #expect(p5.indicator(line: 112)?.path == "满意度指标/服务对象满意度指标/培训人员满意度")
        let rows = doc.diagnostics("layout.shifted").map(\.line)
        #expect(rows == [22, 42, 43, 61, 64, 84, 85, 105, 109, 110, 111, 112])
    }
}

// MARK: - Quirk documents

@Suite("TargetFormParser: quirks")
struct TargetFormParserQuirkTests {
    @Test func guillemetReadAsGreaterOrEqual() throws {
        let doc = try TargetFormFixture.quirk("tf-geq.txt")
        let p = try #require(doc.projects.first)
        let i = try #require(p.indicators.first { $0.line == 18 })
        #expect(i.path == "效果目标/社会效益目标/教师认可度")
        #expect(i.target == Target(text: "》95%", comparator: .ge, number: "95", unit: "%"))
        #expect(doc.diagnostics.contains { $0.line == 18 && $0.code == "ocr.geq" && $0.raw == "》95%" })
        #expect(p.indicators.last?.target.comparator == .ge)  // `>=90%`, no diagnostic
        #expect(doc.diagnostics("ocr.geq").count == 1)
    }

    @Test func latexValuesAndHTMLGoals() throws {
        let doc = try TargetFormFixture.quirk("tf-latex-html.txt")
        let p = try #require(doc.projects.first)
        #expect(p.overallGoal == "第一段总目标。 第二段总目标。")
        #expect(p.annualGoal == "年度目标。")
        #expect(p.indicators.map(\.target.number) == ["15", "95"])
        #expect(p.indicators.allSatisfy { $0.target.comparator == .ge && $0.target.unit == "%" })
        #expect(doc.diagnostics("ocr.latex").map(\.line) == [17, 18])
    }

    @Test func mergedCellBelowAcrossAPageBreak() throws {
        let doc = try TargetFormFixture.quirk("tf-merged-below.txt")
        let p = try #require(doc.projects.first)
        #expect(p.indicators.map(\.path) == [
            "产出目标/数量目标/足球训练营建设完成率", "产出目标/数量目标/围棋区队组建率",
            "产出目标/数量目标/体育升学考试完成率", "产出目标/质量目标/考点运维工作达标率",
            "效果目标/社会效益目标/学生体质健康测试合格率",
        ])
        #expect(doc.diagnostics("layout.merged-cell").map(\.line) == [17, 18])
        #expect(doc.diagnostics("layout.merged-cell").allSatisfy { $0.severity == .note })
    }

    @Test func shiftedIndicatorRows() throws {
        let doc = try TargetFormFixture.quirk("tf-shifted-rows.txt")
        let p = try #require(doc.projects.first)
        #expect(p.indicators.map(\.path) == [
            "产出目标/数量目标/补贴学校数量", "产出目标/时效目标/补贴发放及时性",
            "效果目标/社会效益目标/办学秩序规范性提升情况", "效果目标/社会效益目标/学校特色建设推动作用",
            "影响力目标/满意度目标/学校满意度", "影响力目标/满意度目标/师生满意度",
            "影响力目标/可持续性目标/沟通协同机制有效性",
        ])
        #expect(p.indicators.map(\.target.text) == ["19所学校", "及时，11月", "", "有推动作用", "≥90%", "≥90%", "有效"])
        #expect(doc.diagnostics("layout.shifted").map(\.line) == [18, 19, 20, 22, 23])
        #expect(doc.diagnostics("indicator.missing-value").map(\.line) == [19])
    }

    @Test func widthChangeAndSplitLabelAtABreak() throws {
        let doc = try TargetFormFixture.quirk("tf-width-break.txt")
        let p = try #require(doc.projects.first)
        #expect(p.categories == ["专项资金", "经常性项目"])
        #expect(p.fund(.total) == yuan(23_155_600) && p.fund(.annual) == yuan(10_524_200))
        #expect(p.fund(.currentAppropriation) == yuan(10_524_200))
        #expect(p.indicators.map(\.path) == [
            "产出目标/数量目标/系统模块建设数", "产出目标/数量目标/试点校数量", "产出目标/时效目标/试点校安装配置及时性",
            "效果目标/社会效益目标/备课有效性提升率", "影响力目标/满意度目标/教师满意度",
        ])
        #expect(doc.diagnostics("layout.split-label").map(\.line) == [20])
        #expect(doc.diagnostics("layout.page-shift").map(\.line) == [22])
        #expect(doc.diagnostics("layout.shifted").isEmpty)
    }

    @Test func checkboxSquares() throws {
        let doc = try TargetFormFixture.quirk("tf-checkboxes.txt")
        #expect(doc.projects.map(\.categories) == [["专项资金", "经常性项目"], []])
        #expect(doc.projects.map { $0.fund(.total) } == [yuan(100_000), yuan(200_000)])
        #expect(doc.diagnostics("form.no-category").map(\.line) == [23])
    }

    @Test func amountsSpacedSeparatedParenthesizedAndZero() throws {
        let doc = try TargetFormFixture.quirk("tf-amounts.txt")
        let p = try #require(doc.projects.first)
        #expect(p.fund(.total) == yuan(419_875_500))       // `41, 987. 55` 万元
        #expect(p.fund(.annual) == yuan(18_452_000))       // `1845. 2`
        #expect(p.fund(.currentAppropriation) == yuan(18_451_999))  // `1845. 1999`
        #expect(p.fund(.carryOver) == yuan(1))             // `(0.0001)`: a plain amount
        #expect(p.fund(.otherTotal) == .zero)              // printed `0`: kept
        #expect(p.fund(.otherAnnual) == nil)               // empty: omitted
        #expect(doc.diagnostics("ocr.spaced-number").count == 4)
        #expect(doc.diagnostics("amount.parenthesized").map(\.line) == [12])
        #expect(doc.diagnostics("funds.sum-mismatch").isEmpty)
    }

    @Test func goalLabelOnTheTextRow() throws {
        let doc = try TargetFormFixture.quirk("tf-goal-label-moved.txt")
        let p = try #require(doc.projects.first)
        #expect(p.goalPeriod == "(2022 年-2022年)")
        #expect(p.overallGoal == "提高语言文字应用能力。")
        #expect(p.annualGoal == "开展1场推普周宣传活动。")
        #expect(p.fund(.otherTotal) == nil && p.fund(.otherAnnual) == nil)
        // Read without a repair or a guess: the only note says that `<p>` markup was removed.
        #expect(doc.diagnostics.map(\.code) == ["markup.removed"])
    }

    @Test func levelOneInferredFromVocabulary() throws {
        let doc = try TargetFormFixture.quirk("tf-missing-level1.txt")
        let p = try #require(doc.projects.first)
        #expect(p.indicators.map(\.level1) == ["产出目标", "产出目标"])
        #expect(doc.diagnostics("indicator.inferred-level").map(\.line) == [17, 18])
        #expect(doc.diagnostics("indicator.inferred-level").allSatisfy { $0.severity == .warning })
    }

    @Test func levelNamesSplitIntoFragments() throws {
        let doc = try TargetFormFixture.quirk("tf-spaced-level.txt")
        let p = try #require(doc.projects.first)
        #expect(p.startDate == "2022-01-01" && p.endDate == "2022-12-31")  // `2022.1.1`
        #expect(p.indicators.map(\.path) == ["产出目标/数量目标/活动场次", "影响力目标/满意度目标/参与人员满意度"])
        #expect(doc.diagnostics("ocr.joined-fragments").map(\.line) == [17, 18])
    }

    @Test func shifted2023FundingAndFusedTitle() throws {
        let doc = try TargetFormFixture.quirk("tf-2023-shifted.txt")
        #expect(doc.layout == "target-form-2023")
        let p = try #require(doc.projects.first)
        #expect(p.year == 2023)
        #expect(p.funds.map(\.kind) == [.total, .annual, .fiscal, .currentAppropriation, .carryOver, .otherAnnual])
        #expect(p.fund(.total) == Money(yuan: 599_280))
        #expect(doc.diagnostics("layout.funding-moved").map(\.line) == [7, 8, 9, 10])
        #expect(doc.diagnostics("layout.fused-row").map(\.line) == [3])
        #expect(p.indicators.map(\.path) == [
            "产出指标/数量指标/APP日常工作完成率", "产出指标/时效指标/APP运维工作及时性",
            "效益指标/社会效益指标/托育机构规范管理", "满意度指标/服务对象满意度指标/服务对象满意度指标",
        ])
    }
}
