import Testing
import Foundation
@testable import BudgitImport
import BudgitModel

/// Loads fixtures from the package's `Fixtures/` folder and runs the declaration parser on them.
enum DeclFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func source(_ path: String) -> SourceText {
        let url = packageRoot.appendingPathComponent("Fixtures").appendingPathComponent(path)
        let data = (try? Data(contentsOf: url)) ?? Data()
        return SourceText(fileName: url.lastPathComponent, text: String(decoding: data, as: UTF8.self))
    }

    struct Result: Sendable {
        var forms: [ProjectForm]
        var diagnostics: [Diagnostic]

        func form(at line: Int) -> ProjectForm? { forms.first { $0.source.firstLine == line } }
        func diagnostics(_ code: String, in lines: ClosedRange<Int> = 1...Int.max) -> [Diagnostic] {
            diagnostics.filter { $0.code == code && lines.contains($0.line) }
        }
    }

    static func parse(_ path: String, from: Int = 1) -> Result {
        let src = source(path)
        var sink = DiagnosticSink(fileName: src.fileName)
        let forms = DeclarationParser.parse(src, range: from...src.lines.count, diagnostics: &sink)
        return Result(forms: forms, diagnostics: sink.items)
    }

    static let seed001 = parse("001_c2baf747aff8c518.txt", from: 393)
    static let seed004 = parse("004_592573b8403f4d15.txt")
}

private func yuan(_ text: String) -> Money { try! Money.parse(text, unit: .yuan) }

@Suite("DeclarationParser: seed 001")
struct DeclarationParserSeed001Tests {
    let r = DeclFixture.seed001

    @Test func findsTheTwentyTwoDeclarations() {
        #expect(r.forms.map(\.source.firstLine) == [393, 476, 550, 618, 684, 826, 907, 998, 1104, 1173, 1245, 1338,
                                                    1413, 1487, 1565, 1638, 1707, 1781, 1853, 1922, 1996, 2065])
        #expect(r.forms.allSatisfy { $0.year == 2020 && $0.unit == "" && $0.department == nil })
        #expect(r.forms.last?.source.lastLine == 2134)
        #expect(r.forms.allSatisfy { $0.fund(.total) != nil && $0.fund(.annual) != nil })
    }

    @Test func wholeFileGivesTheSameResultAsTheDeclarationRange() {
        let whole = DeclFixture.parse("001_c2baf747aff8c518.txt")
        #expect(whole.forms == r.forms)
        #expect(whole.diagnostics == r.diagnostics)
    }

    @Test func isDeterministic() {
        let again = DeclFixture.parse("001_c2baf747aff8c518.txt", from: 393)
        #expect(again.forms == r.forms)
        #expect(again.diagnostics == r.diagnostics)
    }

    @Test func firstDeclarationOverview() throws {
        let f = try #require(r.form(at: 393))
        #expect(f.source.lastLine == 472)
        #expect(f.name == "德育队伍建设类项目")
        #expect(f.categories == ["经常性项目"])
        #expect(f.startDate == "2020-01-01" && f.endDate == "2020-12-31")
        #expect(f.contacts == [Contact(role: "项目负责人", name: "朱靖"),
                               Contact(role: "联系人", name: "贾永春", phone: "13671620822")])
        let expected: [(FundKind, String, Int)] = [(.total, "1539400", 407), (.annual, "1539400", 408),
                                                   (.currentAppropriation, "1539400", 409), (.upperLevel, "0", 411),
                                                   (.ownLevel, "1539400", 412), (.lowerLevel, "0", 413), (.otherAnnual, "0", 414)]
        #expect(f.funds == expected.map { FundLine(kind: $0.0, amount: yuan($0.1), sourceUnit: .yuan, line: $0.2) })
        #expect(f.details.map(\.label) == ["项目概况", "依据", "必要性", "可行性", "项目相关资源投入和制度建设情况", "项目构成", "金额合计"])
        // `依据:依据:依据中共中央…`: the doubled prefix is dropped, the word 依据 of the sentence kept.
        #expect(f.details[1].text.hasPrefix("依据中共中央、国务院《关于进一步加强和改进未成年人思想道德建设的若干意见》"))
        #expect(f.details[2].text.hasPrefix("①学校德育管理者"))
        #expect(f.details[3].text.hasPrefix("有教育局领导支持"))
        #expect(f.overallGoal?.hasPrefix("①针对区域中小学校德育管理干部和区骨干班主任") == true)
        #expect(f.annualGoal?.hasPrefix("①提升学校德育管理干部和班主任的育德能力") == true)
        #expect(r.diagnostics("declaration.doubled-prefix", in: 406...406).count == 2)
    }

    @Test func firstDeclarationIndicators() throws {
        let f = try #require(r.form(at: 393))
        #expect(f.indicators.count == 16)
        let first = f.indicators[0]
        #expect(first.path == "产出目标/数量/完善区域生涯教育一体化项目操作方案完成率")
        #expect(first.target == Target(text: "=100.00%", comparator: .eq, number: "100.00", unit: "%"))
        #expect(first.note == "计划目标" && first.line == 433)
        let count = try #require(f.indicators.first { $0.line == 434 })
        #expect(count.target == Target(text: "4次", number: "4", unit: "次"))
        // 441 sits before the page break but belongs to 时效, printed after it at 443.
        #expect(f.indicators.first { $0.line == 441 }?.path == "产出目标/时效/完善区域生涯教育一体化项目操作方案完成及时性")
        #expect(f.indicators.first { $0.line == 440 }?.level2 == "质量")
        #expect(r.diagnostics("indicator.moved-across-break", in: 441...441).count == 1)
        let longTerm = try #require(f.indicators.first { $0.line == 448 })
        #expect(longTerm.path == "影响力目标/长效管理/长效管理机制健全性")
        #expect(longTerm.target.text == "建立健全" && longTerm.target.number == nil && longTerm.note == "管理要求")
        let last = try #require(f.indicators.last)
        #expect(last.path == "影响力目标/满意度/家长及教师满意度" && last.target.display == "≥90.00%")
    }

    @Test func firstDeclarationBreakdown() throws {
        let f = try #require(r.form(at: 393))
        #expect(f.breakdown.count == 7)
        #expect(f.breakdown[0] == CostItem(name: "德育队伍建设类项目", content: "重点德育项目研究",
                                           detail: "区德育一体化、行规教育、传统文化教育、价值观教育费用",
                                           amount: yuan("80000"), unitPrice: "80000.00", quantity: "1.00",
                                           note: "年度项目", line: 451))
        #expect(f.breakdown.map(\.amount) == ["80000", "99400", "800000", "160000", "360000", "20000", "20000"].map(yuan))
        // 456 reverts to 10 fields after the break: no inserted empty cell to drop.
        #expect(f.breakdown[4].content == "区心理健康教育发展中心" && f.breakdown[4].detail == "24小时心理热线咨询等")
        let sum = f.breakdown.compactMap(\.amount).reduce(Money.zero, +)
        #expect(sum == yuan("1539400"))
        #expect(f.details.first { $0.label == "金额合计" }?.text == sum.description)
        #expect(r.diagnostics("breakdown.extra-cell", in: 451...454).map(\.line) == [451, 452, 453, 454])
        #expect(r.diagnostics("breakdown.total-mismatch", in: 393...475).isEmpty)
    }

    @Test func firstDeclarationGuarantees() throws {
        let f = try #require(r.form(at: 393))
        #expect(f.guarantees.map(\.category) == ["项目管理制度", "项目管理制度", "预算管理制度", "财务管理制度", "财务管理制度"])
        #expect(f.guarantees.map(\.line) == [467, 468, 470, 471, 472])
        #expect(f.guarantees[1].document == "闵行区教育局专项资金管理暂行办法")
        #expect(f.guarantees[4].document == "《上海市闵行区教育学院财务管理制度（意见稿）》")
        #expect(f.guarantees[0].measures == "加强过程管理，及时反馈学校。")
        #expect(f.guarantees[0].stages == [StageMark(stage: "立项和计划阶段", mark: "✓"), StageMark(stage: "实施阶段", mark: "✓"),
                                           StageMark(stage: "收尾和完成阶段", mark: "✓")])
        // 468 inherits 项目管理制度, but 预算管理制度 is printed right after the break: flagged, not changed.
        #expect(r.diagnostics("guarantee.category-across-break", in: 468...468).count == 1)
    }

    @Test func marksAndBoxesAfterLabels() throws {
        let f = try #require(r.form(at: 476))
        #expect(f.categories == ["一次性项目"])
        #expect(f.guarantees.last?.stages.map(\.mark) == ["√", "×", "√"])
        // box after the label (693, 1007, 2074)
        #expect(r.form(at: 684)?.categories == ["经常性项目"])
        #expect(r.form(at: 998)?.categories == ["经常性项目"])
        #expect(r.form(at: 2065)?.categories == ["一次性项目"])
    }

    @Test func teacherTrainingDeclaration() throws {
        let f = try #require(r.form(at: 684))
        #expect(f.indicators.count == 37)
        // No 项目立项情况 label: the 依据/必要性/可行性 paragraphs are recognised by their prefixes.
        #expect(f.details.map(\.label).prefix(4) == ["项目概况", "依据", "必要性", "可行性"])
        // 732–735 precede their merged 二级目标 `数量` (printed at 737); 一级目标 printed at 743 only.
        #expect(f.indicators.filter { (732...741).contains($0.line) }.allSatisfy { $0.level1 == "产出目标" && $0.level2 == "数量" })
        #expect(r.diagnostics("indicator.inferred-level2", in: 732...732).count == 1)
        #expect(f.indicators.first { $0.line == 737 }?.level3 == "【市级学分平台】：参训全区在编在岗教师数量")
        let geq = try #require(f.indicators.first { $0.line == 743 })
        #expect(geq.path == "产出目标/质量/【教师学科育德能力培训】：参与培训教师合格率")
        #expect(geq.target.text == "》95%" && geq.target.comparator == .ge && geq.target.number == "95")
        #expect(r.diagnostics("ocr.geq", in: 743...743).count == 1)
        #expect(f.indicators.filter { (748...750).contains($0.line) }.allSatisfy { $0.level2 == "时效" })
        #expect(f.indicators.first { $0.line == 757 }?.path == "效果目标/社会效益/【基于诊断的学科教师针对性培训】外教授课有效性")
        #expect(f.indicators.first { $0.line == 747 }?.level2 == "质量")
        #expect(f.guarantees.count == 22)
        let shifted = try #require(f.guarantees.first { $0.line == 802 })
        #expect(shifted.document == "【暑期教师培训】：《闵行区“十三五”中小学、幼儿园教师培训实施办法》（讨论稿）" && shifted.measures == "")
        #expect(shifted.stages.map(\.stage) == ["立项和计划阶段", "实施阶段", "收尾和完成阶段"])
        let fiveFields = try #require(f.guarantees.first { $0.line == 820 })
        #expect(fiveFields.category == "财务管理制度" && fiveFields.document.hasPrefix("【暑期教师培训】：闵行区教育局教育事业单位财务管理办法"))
        #expect(f.breakdown.compactMap(\.amount).reduce(Money.zero, +) == yuan("2370000"))
    }

    @Test func declarationEightWithoutOutputLevel() throws {
        let f = try #require(r.form(at: 998))
        #expect(f.name == "课程类项目")
        #expect(f.fund(.total) == yuan("14718993.6"))
        #expect(f.indicators.count == 35)
        #expect(f.indicators.filter { $0.line < 1065 }.allSatisfy { $0.level1 == "产出目标" })
        let inferred = r.diagnostics("indicator.inferred-level1", in: 998...1102)
        #expect(inferred.count == 1 && inferred[0].line == 1046 && inferred[0].severity == .warning)
        #expect(inferred[0].message.contains("18 rows"))
        // 通过率 and 抽检合格率 sit before the page break; 质量 is printed after it (1058).
        #expect(f.indicators.filter { (1055...1056).contains($0.line) }.allSatisfy { $0.level2 == "质量" })
        #expect(f.indicators.first { $0.line == 1054 }?.level2 == "数量")
        // 1071–1073: 影响力目标 printed, 二级目标 never printed for them.
        #expect(f.indicators.filter { (1071...1073).contains($0.line) }.allSatisfy { $0.level1 == "影响力目标" && $0.level2 == "" })
        #expect(r.diagnostics("indicator.missing-level2", in: 1071...1071).count == 1)
        #expect(f.indicators.first { $0.line == 1065 }?.note == "历年值22所幼儿园和8所小学100%覆盖")
        // Cost lines without the leading cell (1084–1085) and with spaced numbers (1087–1089).
        #expect(f.breakdown.map(\.line) == [1084, 1085, 1087, 1088, 1089])
        #expect(f.breakdown[0].name == "课程类项目" && f.breakdown[0].content == "WAP国际理解课程" && f.breakdown[0].detail == "各类活动费用")
        #expect(f.breakdown[2].amount == yuan("1937217.60"))
        #expect(r.diagnostics("ocr.spaced-number", in: 1087...1089).count == 3)
        let sum = f.breakdown.compactMap(\.amount).reduce(Money.zero, +)
        #expect(sum == yuan("14718993.60"))
        #expect(f.details.first { $0.label == "金额合计" }?.text == "14718994.00")
        #expect(r.diagnostics("breakdown.total-mismatch", in: 1090...1090).count == 1)
        #expect(f.guarantees[0].stages == [StageMark(stage: "立项和计划阶段", mark: "√"), StageMark(stage: "实施阶段", mark: "√"),
                                           StageMark(stage: "收尾和完成阶段", mark: "□")])
    }

    @Test func tripleFundingBlocksAreReadOnce() throws {
        for (start, line, amount, last) in [(1173, 1187, "470000", 1193), (1487, 1503, "1802000", 1510)] {
            let f = try #require(r.form(at: start))
            #expect(f.funds.count == 7)
            #expect(f.funds.allSatisfy { $0.line == line })
            #expect(f.funds.map(\.kind) == [.total, .annual, .currentAppropriation, .upperLevel, .ownLevel, .lowerLevel, .otherAnnual])
            #expect(f.fund(.annual) == yuan(amount) && f.fund(.ownLevel) == yuan(amount) && f.fund(.upperLevel) == .zero)
            let dup = r.diagnostics("declaration.duplicate-funding", in: start...(start + 100))
            #expect(dup.count == 1 && dup[0].line == line && dup[0].severity == .note)
            #expect(dup[0].message.contains("lines \(line)–\(last)"))
        }
        #expect(r.diagnostics("declaration.conflicting-funding").isEmpty)
    }

    @Test func emptyTargetsAreKept() throws {
        let f = try #require(r.form(at: 1173))
        let empty = f.indicators.filter { (1216...1227).contains($0.line) }
        #expect(empty.count == 12 && empty.allSatisfy { $0.target.text.isEmpty && $0.target.number == nil })
        #expect(empty.first?.path == "产出目标/数量/讲座举办完成率" && empty.first?.note == "计划目标")
        let shifted = try #require(empty.first { $0.line == 1225 })
        #expect(shifted.path == "效果目标/社会效益/公开教学活动知晓率")
        #expect(shifted.note == "每名学员都要申报一项区级课题或小课题进行研究，作为工作室研究的延伸")
        #expect(r.diagnostics("indicator.empty-target").count == 22)
        #expect(r.diagnostics("layout.shifted-right", in: 1225...1225).count == 1)
        #expect(r.form(at: 1338)?.indicators.filter { $0.target.text.isEmpty }.count == 10)
    }

    @Test func contactAndNameVariants() throws {
        let f = try #require(r.form(at: 1487))
        #expect(f.contacts.last == Contact(role: "联系人", name: "刘太如", phone: "13585699621"))
        #expect(r.diagnostics("ocr.truncated-label", in: 1497...1497).count == 1)
        // 依据 sits on the row before the 项目立项情况 label (1500 → 1502).
        #expect(f.details.first { $0.label == "依据" }?.text.hasPrefix("政策文件 (1) 教育部关于印发《教育信息化2.0行动计划》") == true)
        #expect(r.diagnostics("declaration.approval-before-label", in: 1500...1500).count == 1)
        // A part-2 name on two lines (1679–1680) and a truncated unit (1682).
        #expect(r.form(at: 1638)?.name == "基于云录播的课堂教学评价系统(9个幼儿园+4所中小学)")
        #expect(r.diagnostics("declaration.name-continued", in: 1680...1680).count == 1)
        #expect(r.diagnostics("declaration.unit-inherited").map(\.line) == [1604, 1682, 1895, 2107])
        #expect(r.diagnostics("declaration.fused-lines").map(\.line) == [1747, 1821, 1895, 1961])
        #expect(r.diagnostics("declaration.name-mismatch").isEmpty)
    }

    @Test func breakdownColumnVariants() throws {
        // 1838: 9 fields, one 依据 cell; header fuses `依据 备注`.
        let f = try #require(r.form(at: 1781))
        #expect(f.breakdown.map(\.amount) == [yuan("1655594"), yuan("6622376")])
        #expect(f.breakdown[0].note == "年度项目" && f.breakdown[0].quantity == "1.00" && f.breakdown[0].quantityBasis == nil)
        #expect(r.diagnostics("breakdown.missing-cell").map(\.line) == [1838, 1839, 1983])
        // 2052: 金额合计 with the amount in c2.
        #expect(r.form(at: 1996)?.details.first { $0.label == "金额合计" }?.text == "243400.00")
        // 1314: inner empty c4; 项目构成分解 label only at 1316.
        let health = try #require(r.form(at: 1245))
        #expect(health.breakdown.first?.detail == "闵行区学生体质健康数据分析咨询服务")
        #expect(health.breakdown.compactMap(\.amount).reduce(Money.zero, +) == yuan("590000"))
        // Every declaration's items add up to its 金额合计 except declaration 8 (rounded total).
        for form in r.forms where form.source.firstLine != 998 {
            let sum = form.breakdown.compactMap(\.amount).reduce(Money.zero, +)
            #expect(form.details.first { $0.label == "金额合计" }?.text == sum.description, "\(form.source)")
        }
    }

    @Test func diagnosticCounts() {
        var counts: [String: Int] = [:]
        for d in r.diagnostics { counts[d.code, default: 0] += 1 }
        #expect(counts["declaration.duplicate-funding"] == 2)
        #expect(counts["declaration.doubled-prefix"] == 7)
        #expect(counts["indicator.moved-across-break"] == 5)
        #expect(counts["guarantee.doubled-stage"] == 25)
        #expect(counts["ocr.geq"] == 19)
        #expect(counts["declaration.unread-row"] == nil)
        #expect(counts["amount.unreadable"] == nil)
        #expect(r.diagnostics.filter { $0.severity == .error }.isEmpty)
    }
}

@Suite("DeclarationParser: seed 004")
struct DeclarationParserSeed004Tests {
    let r = DeclFixture.seed004

    @Test func oneDeclarationInWanYuan() throws {
        #expect(r.forms.count == 1)
        let f = try #require(r.forms.first)
        #expect(f.source == SourceSpan(file: "004_592573b8403f4d15.txt", firstLine: 3, lastLine: 71))
        #expect(f.year == 2020 && f.name == "（服务办）教育学区化集团化工作" && f.unit == "服务办")
        #expect(f.categories == ["经常性项目"])
        #expect(f.contacts == [Contact(role: "项目负责人", name: "王云舟"), Contact(role: "联系人", name: "陶丽娜", phone: "62206112")])
        #expect(f.startDate == "2020-01-01" && f.endDate == "2020-12-31")
        // 80.00 万元 = 800,000.00 元
        #expect(f.fund(.total) == Money(yuan: 800_000) && f.fund(.annual) == Money(yuan: 800_000))
        #expect(f.fund(.ownLevel) == Money(yuan: 800_000) && f.fund(.upperLevel) == .zero && f.fund(.otherAnnual) == .zero)
        #expect(f.funds.count == 7 && f.funds.allSatisfy { $0.sourceUnit == .wanYuan })
        #expect(f.funds.last?.line == 25)
    }

    @Test func approvalPrefixes() throws {
        let f = try #require(r.forms.first)
        #expect(f.details.first { $0.label == "依据" }?.text.hasPrefix(".《上海市教育综合改革方案（2014-2020年）》") == true)
        // `必要性：可行性：…` keeps the second prefix in the text, with a warning.
        #expect(f.details.first { $0.label == "必要性" }?.text.hasPrefix("可行性：为全面贯彻党的十八大") == true)
        #expect(f.details.first { $0.label == "可行性" }?.text.hasPrefix("为全面贯彻党的十八大") == true)
        #expect(r.diagnostics("declaration.mixed-prefix").map(\.line) == [17])
        #expect(r.diagnostics("declaration.doubled-prefix").map(\.line) == [16, 18])
    }

    @Test func indicatorsWithDescriptions() throws {
        let f = try #require(r.forms.first)
        #expect(f.indicators.count == 8)
        let first = f.indicators[0]
        #expect(first.path == "产出目标/数量/中小学教育联合体与七宝教育集团共建质量达标率")
        #expect(first.target == Target(text: "100%", number: "100", unit: "%") && first.note == "将教育学区化集团化工作良好落实")
        #expect(f.indicators.map(\.level2) == ["数量", "质量", "时效", "经济效益", "社会效益", "社会效益", "满意度", "满意度"])
        #expect(f.indicators[5].path == "效果目标/社会效益/长效管理机制" && f.indicators[5].target.text == "健全")
    }

    @Test func breakdownInWanYuan() throws {
        let f = try #require(r.forms.first)
        #expect(f.breakdown.count == 3)
        #expect(f.breakdown[0] == CostItem(name: "（服务办）教育学区化集团化工作", content: "特色品牌课程创建",
                                           detail: "培训费、讲课费、特色课程费用等", amount: Money(yuan: 200_000),
                                           unitPrice: "5.00", quantity: "4.00", note: "年度项目", line: 57))
        #expect(f.breakdown.map(\.amount) == [Money(yuan: 200_000), Money(yuan: 200_000), Money(yuan: 400_000)])
        #expect(f.details.first { $0.label == "金额合计" }?.text == "800000.00")
        #expect(f.details.first { $0.label == "数量合计" }?.text == "6.00")
        #expect(f.details.first { $0.label == "项目构成" }?.text.hasPrefix("全面贯彻党的十八大") == true)
        #expect(r.diagnostics("breakdown.quantity-total").map(\.severity) == [.note])
    }

    @Test func guarantees() throws {
        let f = try #require(r.forms.first)
        #expect(f.guarantees.map(\.category) == ["项目管理制度", "预算管理制度", "财务管理制度"])
        #expect(f.guarantees[0].document == "《上海市教育综合改革方案（2014-2020年）》")
        #expect(f.guarantees.allSatisfy { $0.stages.map(\.mark) == ["✓", "✓", "✓"] })
    }

    @Test func importerDispatchesHere() throws {
        let url = DeclFixture.packageRoot.appendingPathComponent("Fixtures/004_592573b8403f4d15.txt")
        let doc = try Importer.parse(bytes: Array(try Data(contentsOf: url)), fileName: "004_592573b8403f4d15.txt")
        #expect(doc.layout == "declaration-2020" && doc.year == 2020)
        #expect(doc.projects == r.forms)
    }
}

@Suite("DeclarationParser: OCR quirks")
struct DeclarationParserQuirkTests {
    func parse(_ name: String) throws -> (ProjectForm, DeclFixture.Result) {
        let r = DeclFixture.parse("quirks/" + name)
        try #require(r.forms.count == 1)
        return (r.forms[0], r)
    }

    @Test func boxAfterLabel() throws {
        let (f, _) = try parse("decl-box-after-label.txt")
        #expect(f.categories == ["经常性项目"])
    }

    @Test func fusedContactsAndWanYuan() throws {
        let (f, r) = try parse("decl-fused-contacts.txt")
        #expect(f.unit == "服务办" && f.categories == ["经常性项目"])
        #expect(f.contacts == [Contact(role: "项目负责人", name: "张三"), Contact(role: "联系人", name: "李四", phone: "62000000")])
        #expect(f.fund(.total) == Money(yuan: 125_000) && f.fund(.otherAnnual) == .zero && f.funds.count == 7)
        #expect(f.breakdown.map(\.amount) == [Money(yuan: 100_000), Money(yuan: 25_000)])
        #expect(f.details.first { $0.label == "数量合计" }?.text == "3.00")
        #expect(r.diagnostics.filter { $0.severity != .note }.isEmpty)
    }

    @Test func truncatedPhoneLabel() throws {
        let (f, r) = try parse("decl-truncated-phone-label.txt")
        #expect(f.contacts.last == Contact(role: "联系人", name: "李四", phone: "13800000000"))
        #expect(r.diagnostics("ocr.truncated-label").count == 1)
    }

    @Test func tripleFunding() throws {
        let (f, r) = try parse("decl-triple-funding.txt")
        #expect(f.funds.count == 7 && f.fund(.annual) == yuan("1000") && f.fund(.lowerLevel) == .zero)
        #expect(Set(f.funds.map(\.line)).count == 1)
        let dup = r.diagnostics("declaration.duplicate-funding")
        #expect(dup.count == 1 && dup[0].message.contains("7 rows"))
    }

    @Test func approvalParagraphs() throws {
        let (f, r) = try parse("decl-approval-paragraphs.txt")
        #expect(f.details.filter { ["依据", "必要性", "可行性"].contains($0.label) }.map(\.text) == ["依据文字", "可行性：必要性文字", "可行性文字"])
        #expect(r.diagnostics("declaration.doubled-prefix").count == 2)
        #expect(r.diagnostics("declaration.mixed-prefix").count == 1)
        #expect(r.diagnostics("declaration.approval-before-label").count == 1)
    }

    @Test func fundingAmountInNextCellAndLabelBelow() throws {
        let (f, r) = try parse("decl-funding-next-cell.txt")
        #expect(f.fund(.annual) == yuan("1000") && f.fund(.currentAppropriation) == yuan("1000") && f.fund(.ownLevel) == yuan("1000"))
        // `3. 下级财政配套:` prints no amount: no line, a warning.
        #expect(f.fund(.lowerLevel) == nil && f.funds.count == 6)
        #expect(r.diagnostics("declaration.fund-missing").count == 1)
    }

    @Test func missingOutputLevel() throws {
        let (f, r) = try parse("decl-no-level1.txt")
        #expect(f.indicators.map(\.path) == ["产出目标/数量/参与数", "产出目标/数量/培训通过率", "产出目标/质量/课程精品率",
                                             "产出目标/时效/完成及时性", "效果目标/社会效益/覆盖率", "影响力目标//授课有效性",
                                             "影响力目标/满意度/教师满意度"])
        #expect(r.diagnostics("indicator.inferred-level1").first?.message.contains("4 rows") == true)
        #expect(r.diagnostics("indicator.missing-level2").count == 1)
        #expect(f.indicators[4].note == "历年值100%覆盖")
    }

    @Test func mergedCellAcrossPageBreak() throws {
        let (f, r) = try parse("decl-merged-across-break.txt")
        #expect(f.indicators.map(\.level2) == ["数量", "质量", "质量", "时效", "时效", "时效", "社会效益", "社会效益", "长效管理"])
        #expect(r.diagnostics("indicator.moved-across-break").count == 1)
        // 使用率 matches neither 提升 above nor 建立健全 below: kept, with a warning.
        #expect(r.diagnostics("indicator.ambiguous-across-break").count == 1)
    }

    @Test func shiftedIndicatorRows() throws {
        let (f, r) = try parse("decl-shifted-indicators.txt")
        #expect(f.indicators.map(\.path) == ["产出目标/数量/年度报告提供数", "效果目标/社会效益/服务水平提升",
                                             "效果目标/社会效益/第三方建议有效性", "影响力目标/长效管理/长效管理机制健全性",
                                             "影响力目标/满意度/教育学院满意率"])
        #expect(f.indicators.map(\.target.text) == ["1份", "提升", "有效", "建立健全", "》80%"])
        #expect(f.indicators[4].target.display == "≥80%")
        #expect(r.diagnostics("layout.shifted-right").count == 1 && r.diagnostics("layout.shifted-left").count == 2)
        #expect(r.diagnostics("layout.misplaced-cell").count == 2 && r.diagnostics("ocr.geq").count == 1)
    }

    @Test func emptyTargets() throws {
        let (f, r) = try parse("decl-empty-target.txt")
        #expect(f.indicators.count == 5 && f.indicators.allSatisfy { $0.target.text.isEmpty })
        #expect(f.indicators.map(\.note) == ["计划目标", "计划目标", "每名学员申报一项课题", nil, "管理要求"])
        #expect(f.indicators[3].path == "效果目标/社会效益/学生满意度")
        #expect(r.diagnostics("indicator.empty-target").count == 5)
    }

    @Test func splitAndMisreadLabel() throws {
        let (f, r) = try parse("decl-split-label.txt")
        #expect(f.indicators.map(\.path) == ["产出目标/数量/立项评审完成率", "产出目标/质量/立项评审合格率",
                                             "产出目标/时效/【市级学分平台】：培训及时性", "影响力目标/满意度/教师满意率"])
        #expect(r.diagnostics("ocr.misread-label").count == 1)
        #expect(r.diagnostics("ocr.joined-fragments").count == 2)
    }

    @Test func breakdownVariants() throws {
        let (f, r) = try parse("decl-breakdown-variants.txt")
        #expect(f.breakdown.map(\.name) == ["测试项目", "测试项目", "测试项目"])
        #expect(f.breakdown.map(\.content) == ["内容甲", "内容乙", "内容丙"])
        #expect(f.breakdown.map(\.detail) == ["明细甲", "明细乙", "明细丙"])
        #expect(f.breakdown.map(\.note) == ["年度项目", "年度项目", "年度项目"])
        #expect(f.details.first { $0.label == "金额合计" }?.text == "1001.00")
        #expect(r.diagnostics("breakdown.extra-cell").count == 1 && r.diagnostics("breakdown.missing-cell").count == 1)
        #expect(r.diagnostics("breakdown.total-mismatch").count == 1)
    }

    @Test func breakdownWithoutLeadingCell() throws {
        let (f, r) = try parse("decl-breakdown-no-leading-cell.txt")
        #expect(f.breakdown.map(\.amount) == [yuan("600"), yuan("399.60")])
        #expect(f.breakdown[1].unitPrice == "399. 60" && f.breakdown[1].name == "测试项目")
        #expect(f.details.first { $0.label == "金额合计" }?.text == "1000.00")
        #expect(r.diagnostics("ocr.spaced-number").count == 1 && r.diagnostics("breakdown.total-mismatch").count == 1)
    }

    @Test func guaranteeStages() throws {
        let (f, r) = try parse("decl-guarantee-stages.txt")
        #expect(f.guarantees.map(\.category) == ["项目管理制度", "项目管理制度", "预算管理制度", "预算管理制度"])
        #expect(f.guarantees.map(\.document) == ["【甲】《实施办法》", "【乙】《实施办法》", "《预算编制规定》", "【丙】《财务办法》"])
        #expect(f.guarantees[0].stages.map(\.mark) == ["√", "√", "□"])
        #expect(f.guarantees[2].stages == [StageMark(stage: "立项和计划阶段", mark: "√"), StageMark(stage: "实施阶段", mark: "√"),
                                           StageMark(stage: "收尾和完成阶段", mark: "×")])
        #expect(f.guarantees[3].measures == "专款专用")
        for code in ["guarantee.doubled-stage", "guarantee.shifted-document", "guarantee.missing-leading-cell", "ocr.joined-fragments"] {
            #expect(r.diagnostics(code).count == 1, "\(code)")
        }
    }

    @Test func partTwoNameOnTwoLinesAndTruncatedUnit() throws {
        let (f, r) = try parse("decl-part2-name-unit.txt")
        #expect(f.fund(.total) == Money(yuan: 1000))
        // part 2's `额单位：` is truncated: its amounts are read in part 1's 万元.
        #expect(f.breakdown.map(\.amount) == [Money(yuan: 600), Money(yuan: 400)])
        #expect(f.details.first { $0.label == "金额合计" }?.text == "1000.00")
        #expect(r.diagnostics("declaration.unit-inherited").count == 1 && r.diagnostics("declaration.name-continued").count == 1)
        #expect(r.diagnostics("declaration.name-mismatch").isEmpty)
    }

    @Test func nameFusedWithUnitAndNamesThatDisagree() throws {
        let (f, r) = try parse("decl-name-fused-unit.txt")
        #expect(f.name == "测试项目")
        #expect(r.diagnostics("declaration.fused-lines").count == 1)
        #expect(r.diagnostics("declaration.name-mismatch").count == 2)
    }

    @Test func dashRulesAreIgnored() throws {
        let (f, r) = try parse("decl-dash-rules.txt")
        #expect(f.funds.count == 7 && f.indicators.count == 6 && f.guarantees.count == 3 && f.breakdown.count == 2)
        #expect(r.diagnostics.isEmpty)
    }
}
