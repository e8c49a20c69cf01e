import Testing
import BudgitModel
import BudgitTestSupport
@testable import BudgitCanonical

/// Pins the single-pass project reader to the generic one: it must accept only what the generic
/// reader accepts, with the same form, and `ProjectFile.read` must give what the generic reader
/// gives (the same form, or the same line-numbered error) on any bytes.
@Suite struct SinglePassReaderTests {
    /// What a reader made of some bytes.
    static func viaGeneric(_ bytes: [UInt8]) -> Result<ProjectForm, CanonicalError> {
        Result { () throws(CanonicalError) in try ProjectFile.readGeneric(bytes, path: "p.jsonl") }
    }

    static func viaRead(_ bytes: [UInt8]) -> Result<ProjectForm, CanonicalError> {
        Result { () throws(CanonicalError) in try ProjectFile.read(bytes, path: "p.jsonl") }
    }

    /// The invariant for any bytes: the single pass gives nil or the generic reader's form, and
    /// the public reader gives exactly the generic reader's outcome.
    static func expectConsistent(_ bytes: [UInt8], _ note: @autoclosure () -> String,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let g = viaGeneric(bytes)
        if let fast = ProjectFile.readSinglePass(bytes) {
            #expect(g == .success(fast), "single pass accepted what the generic reader read otherwise: \(note())", sourceLocation: sourceLocation)
        }
        #expect(viaRead(bytes) == g, "\(note())", sourceLocation: sourceLocation)
    }

    @Test(arguments: 0..<300)
    func readsGeneratedFormsLikeTheGenericReader(seed: Int) throws {
        var g = ModelGenerator(seed: UInt64(seed) &+ 50_000)
        let p = g.project()
        let bytes = ProjectFile.write(p)
        let fast = try #require(ProjectFile.readSinglePass(bytes), "seed \(seed): the writer's bytes must take the single pass")
        #expect(fast == p, "seed \(seed)")
        #expect(fast == (try ProjectFile.readGeneric(bytes, path: "p.jsonl")), "seed \(seed)")
        #expect(ProjectFile.write(fast) == bytes, "seed \(seed)")
    }

    @Test func readsEveryOptionalRecordAndKey() throws {
        var p = ProjectForm(year: 2023, name: "项目\"甲\"", unit: "单位\\乙", department: "部门",
                            source: SourceSpan(file: "a.txt", firstLine: 0, lastLine: 0))
        p.categories = ["专项资金", ""]
        p.attributes = [LabeledText(label: "项目性质", text: "经常性\t项目")]
        p.startDate = "2023-01-01"; p.endDate = "2023-12-31"
        p.funds = FundKind.allCases.enumerated().map { k, kind in
            FundLine(kind: kind, amount: Money(fen: [0, -1, 5, -99_999, 9_999_999_999_999_999][k % 5]), sourceUnit: k % 2 == 0 ? .yuan : .wanYuan, line: k)
        }
        p.goalPeriod = "(2023 年-2023年)"; p.overallGoal = "总\u{1}目标\u{7F}"; p.annualGoal = "年度\r\n目标"
        p.indicators = Target.Comparator.allCases.map {
            Indicator(level1: "产出", level2: "数量", level3: "次数", target: Target(text: "x", comparator: $0, number: "1", unit: "次"), note: "备注", line: -7)
        } + [Indicator(level1: "a", level2: "b", level3: "c", target: Target(text: "及时"), line: 123_456_789_012_345_678)]
        p.breakdown = [CostItem(name: "n", content: "c", detail: "d", amount: Money(fen: 12), unitPrice: "1元", priceBasis: "b",
                                quantity: "2", quantityBasis: "q", note: "note", line: 4),
                       CostItem(name: "n", content: "c", detail: "d", amount: nil, line: 5)]
        p.guarantees = [Guarantee(category: "c", document: "d", measures: "m", stages: [StageMark(stage: "立项", mark: "√"), StageMark(stage: "执行", mark: "")], line: 6),
                        Guarantee(category: "c", document: "d", measures: "m", stages: [], line: 7)]
        p.contacts = [Contact(role: "联系人", name: "张三", phone: "021-1234"), Contact(role: "填表人", name: "李四")]
        p.details = [LabeledText(label: "依据", text: "…")]
        let bytes = ProjectFile.write(p)
        #expect(ProjectFile.readSinglePass(bytes) == p)
        #expect(ProjectFile.write(try ProjectFile.read(bytes, path: "p.jsonl")) == bytes)
    }

    /// A small valid file and edits that make it invalid: each must be rejected by both readers
    /// alike (the single pass declines, the generic reader names the line).
    static let valid = """
    {"k":"budgit","format":"1","kind":"project"}
    {"k":"year","v":"2022"}
    {"k":"unit","v":"闵行区教育局"}
    {"k":"name","v":"党建\\n经费"}
    {"k":"source","file":"000.txt","lines":"3-30"}
    {"k":"fund","kind":"total","amount":"18452000.00","printed":"万元"}
    {"k":"goal","of":"overall","v":"总目标"}
    {"k":"indicator","l1":"产出目标","l2":"数量目标","l3":"活动次数","target":"≥4次","cmp":"≥","num":"4","unit":"次"}
    {"k":"cost","name":"a","content":"b","detail":"c","amount":"12.00","qty":"3"}
    {"k":"guarantee","category":"c","document":"d","measures":"m","stages":["立项"],"marks":["√"]}
    {"k":"contact","role":"联系人","name":"张三","phone":"021"}
    {"k":"lines","fund":["9"],"indicator":["12"],"cost":["20"],"guarantee":["25"]}

    """

    static let malformed: [(from: String, to: String)] = [
        // keys out of order, unknown and repeated keys
        (#""l1":"产出目标","l2":"数量目标""#, #""l2":"数量目标","l1":"产出目标""#),
        (#""cmp":"≥","num":"4""#, #""num":"4","cmp":"≥""#),
        (#""amount":"12.00","qty":"3""#, #""qty":"3","amount":"12.00""#),
        (#""unit":"次"}"#, #""unit":"次","colour":"红"}"#),
        (#""v":"2022"}"#, #""v":"2022","v":"2022"}"#),
        (#""phone":"021"}"#, #""phone":"021","role":"x"}"#),
        // escapes the writer never makes
        (#"党建\n经费"#, #"党建\u000a经费"#),
        (#"党建\n经费"#, #"党建\/经费"#),
        (#"党建\n经费"#, #"党建\u4ea7经费"#),
        (#"党建\n经费"#, #"党建\u001A经费"#),
        (#"党建\n经费"#, #"党建\x经费"#),
        (#"党建\n经费"#, "党建\n经费"),
        (#"党建\n经费"#, "党建\u{7F}经费"),
        // numbers not in canonical form
        (#""v":"2022""#, #""v":"02022""#),
        (#""v":"2022""#, #""v":"+2022""#),
        (#""v":"2022""#, #""v":"2022.0""#),
        (#""amount":"18452000.00""#, #""amount":"18452000.0""#),
        (#""amount":"18452000.00""#, #""amount":"018452000.00""#),
        (#""amount":"12.00""#, #""amount":"-0.00""#),
        (#""lines":"3-30""#, #""lines":"30-3""#),
        (#""lines":"3-30""#, #""lines":"3-3""#),
        (#""lines":"3-30""#, #""lines":"03-30""#),
        (#"["9"]"#, #"["-0"]"#),
        // wrong counts and shapes in the `lines` record and lists
        (#""fund":["9"]"#, #""fund":[]"#),
        (#""fund":["9"]"#, #""fund":["9","10"]"#),
        (#""cost":["20"]"#, #""cost":["20",null]"#),
        (#""marks":["√"]"#, #""marks":["√","×"]"#),
        (#""marks":["√"]"#, #""marks":[null]"#),
        (#""guarantee":["25"]}"#, #""guarantee":["25"]} "#),
        // unknown values, records, order
        (#""kind":"total""#, #""kind":"grand-total""#),
        (#""printed":"万元""#, #""printed":"千元""#),
        (#""cmp":"≥""#, #""cmp":"~""#),
        ("{\"k\":\"goal\",\"of\":\"overall\"", "{\"k\":\"goal\",\"of\":\"weekly\""),
        ("{\"k\":\"contact\"", "{\"k\":\"person\""),
        ("{\"k\":\"year\",\"v\":\"2022\"}\n{\"k\":\"unit\",\"v\":\"闵行区教育局\"}", "{\"k\":\"unit\",\"v\":\"闵行区教育局\"}\n{\"k\":\"year\",\"v\":\"2022\"}"),
        ("{\"k\":\"lines\"", "{\"k\":\"line\""),
        (#"{"k":"lines","fund":["9"],"indicator":["12"],"cost":["20"],"guarantee":["25"]}"# + "\n", ""),
        ("{\"k\":\"budgit\",\"format\":\"1\"", "{\"k\":\"budgit\",\"format\":\"2\""),
        // bytes: whitespace, line ends, empty lines, null, UTF-8
        (#"{"k":"year","v":"2022"}"#, #"{"k":"year", "v":"2022"}"#),
        (#"{"k":"year","v":"2022"}"#, "{\"k\":\"year\",\"v\":\"2022\"}\r"),
        (#"{"k":"year","v":"2022"}"#, "{\"k\":\"year\",\"v\":\"2022\"}\n"),
        (#""phone":"021""#, #""phone":null"#),
    ]

    @Test(arguments: malformed.indices)
    func bothReadersRejectMalformedInput(index: Int) {
        let (from, to) = Self.malformed[index]
        let text = Self.valid.replacingOccurrences(of: from, with: to)
        #expect(text != Self.valid, "edit \(index) does not apply")
        let bytes = Array(text.utf8)
        #expect(ProjectFile.readSinglePass(bytes) == nil, "edit \(index): \(to)")
        guard case .failure(let e) = Self.viaGeneric(bytes) else { Issue.record("edit \(index) is accepted: \(to)"); return }
        #expect(Self.viaRead(bytes) == .failure(e), "edit \(index): the error must be the generic reader's")
    }

    @Test func bothReadersRejectBrokenBytes() {
        let good = Array(Self.valid.utf8)
        #expect(ProjectFile.readSinglePass(good) != nil)
        let cases = brokenByteCases(Self.valid)
        for (name, bytes) in cases {
            #expect(ProjectFile.readSinglePass(bytes) == nil, "\(name)")
            guard case .failure(let e) = Self.viaGeneric(bytes) else { Issue.record("\(name) is accepted"); continue }
            #expect(Self.viaRead(bytes) == .failure(e), "\(name)")
        }
    }

    /// A list where a string belongs, or a string where a list belongs, is an error naming the
    /// key (the generic reader once read some as empty and crashed on others, e.g. a list as the
    /// unit).
    @Test func rejectsAListWhereAStringBelongsAndTheReverse() {
        let edits = [(#""v":"总目标""#, #""v":["总目标"]"#), (#""stages":["立项"],"marks":["√"]"#, #""stages":"立项","marks":"√""#)]
        for (from, to) in edits {
            let bytes = Array(Self.valid.replacingOccurrences(of: from, with: to).utf8)
            #expect(bytes != Array(Self.valid.utf8), "\(to) applies")
            #expect(ProjectFile.readSinglePass(bytes) == nil, "\(to)")
            guard case .failure(let e) = Self.viaRead(bytes) else { Issue.record("\(to) was accepted"); continue }
            #expect(e.message.contains("is a list") || e.message.contains("is a string"), "\(e)")
        }
        for unit in [#"{"k":"unit","v":["x"]}"#, #"{"k":"name","v":["x"]}"#] {
            var lines = Self.valid.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let i = lines.firstIndex { $0.hasPrefix(String(unit.prefix(10))) }!
            lines[i] = unit
            guard case .failure(let e) = Self.viaRead(Array(lines.joined(separator: "\n").utf8)) else { Issue.record("\(unit) was accepted"); continue }
            #expect(e.line == i + 1 && e.message.contains("is a list"), "\(e)")
        }
    }

    /// Random byte edits of generated files: whatever they make, the two readers agree.
    @Test(arguments: 0..<40)
    func agreesOnRandomEdits(seed: Int) {
        var g = ModelGenerator(seed: UInt64(seed) &+ 70_000)
        let original = ProjectFile.write(g.project())
        for round in 0..<60 {
            let bytes = randomlyEdited(original, using: &g.rng)
            Self.expectConsistent(bytes, "seed \(seed) round \(round)")
        }
    }
}
