import Foundation
import Testing
import BudgitModel
import BudgitTestSupport
@testable import BudgitCanonical

/// Pins the single-pass unit-budget reader to the generic one, as ``SinglePassReaderTests`` does
/// for project files: it accepts only what the generic reader accepts, with the same budget, and
/// `UnitBudgetFile.read` gives what the generic reader gives (the same budget, or the same
/// line-numbered error) on any bytes, whole or partial.
@Suite struct UnitBudgetSinglePassTests {
    static func viaGeneric(_ bytes: [UInt8], partial: Bool) -> Result<UnitBudget, CanonicalError> {
        Result { () throws(CanonicalError) in try UnitBudgetFile.readGeneric(bytes, path: "u.jsonl", partial: partial) }
    }

    static func viaRead(_ bytes: [UInt8], partial: Bool) -> Result<UnitBudget, CanonicalError> {
        Result { () throws(CanonicalError) in try UnitBudgetFile.read(bytes, path: "u.jsonl", partial: partial) }
    }

    static func expectConsistent(_ bytes: [UInt8], _ note: @autoclosure () -> String,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        for partial in [false, true] {
            let g = viaGeneric(bytes, partial: partial)
            if let fast = UnitBudgetFile.readSinglePass(bytes, partial: partial) {
                #expect(g == .success(fast), "single pass accepted what the generic reader read otherwise: \(note()), partial \(partial)",
                        sourceLocation: sourceLocation)
            }
            #expect(viaRead(bytes, partial: partial) == g, "\(note()), partial \(partial)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: 0..<200)
    func readsGeneratedBudgetsLikeTheGenericReader(seed: Int) throws {
        var g = ModelGenerator(seed: UInt64(seed) &+ 60_000)
        let b = g.unitBudget()
        let bytes = UnitBudgetFile.write(b)
        let fast = try #require(UnitBudgetFile.readSinglePass(bytes, partial: false), "seed \(seed): the writer's bytes must take the single pass")
        #expect(fast == b, "seed \(seed)")
        #expect(fast == (try UnitBudgetFile.readGeneric(bytes, path: "u.jsonl")), "seed \(seed)")
        #expect(UnitBudgetFile.write(fast) == bytes, "seed \(seed)")
        // A partial stream: the budget part and some tables, no `lines` record.
        let parts = UnitBudgetFile.writeParts(b).filter { $0.part != .lines && $0.part != .table(1) }
        let stream = parts.flatMap(\.bytes)
        let partial = try #require(UnitBudgetFile.readSinglePass(stream, partial: true), "seed \(seed): partial")
        #expect(partial == (try UnitBudgetFile.readGeneric(stream, path: "u.jsonl", partial: true)), "seed \(seed)")
        #expect(UnitBudgetFile.readSinglePass(stream, partial: false) == nil, "seed \(seed): a partial stream read whole")
    }

    /// A small valid stream and edits that make it invalid: each must be rejected by both readers
    /// alike (the single pass declines, the generic reader names the line).
    static let valid = """
    {"k":"budgit","format":"1","kind":"unit-budget"}
    {"k":"year","v":"2023"}
    {"k":"unit","v":"闵行区七宝中学"}
    {"k":"title","v":"闵行区2023年区级单位预算"}
    {"k":"source","file":"unit-0010-budget.txt","lines":"3-365"}
    {"k":"section","heading":"一、部门职责"}
    {"k":"para","v":"学校\\n概况"}
    {"k":"table","n":"1","title":"收支总表","printed":"元","columns":["预算数","合计"],"remark":"注"}
    {"k":"row","name":"一般公共预算","side":"income","amounts":["12.00",null]}
    {"k":"row","code":"205 01","name":"教育管理事务","side":"expenditure","amounts":["-0.50","3.00"]}
    {"k":"table","n":"2","title":"收入总表","printed":"万元","columns":["合计"]}
    {"k":"row","code":"205","name":"教育支出","amounts":["797020055.88"]}
    {"k":"lines","section":["7"],"table":["42","74"],"row":["50","51","80"]}

    """

    static let malformed: [(from: String, to: String)] = [
        // keys out of order, unknown and repeated keys
        (#""code":"205 01","name":"教育管理事务""#, #""name":"教育管理事务","code":"205 01""#),
        (#""side":"expenditure","amounts""#, #""amounts":["1.00"],"side":"expenditure","amounts""#),
        (#""title":"收入总表","printed":"万元""#, #""printed":"万元","title":"收入总表""#),
        (#""columns":["合计"]}"#, #""columns":["合计"],"colour":"红"}"#),
        (#""remark":"注"}"#, #""remark":"注","remark":"注"}"#),
        // codes not as the writer prints them
        (#""code":"205 01""#, #""code":"205  01""#),
        (#""code":"205 01""#, #""code":" 205 01""#),
        (#""code":"205 01""#, #""code":"205 01 ""#),
        (#""code":"205 01""#, #""code":"205-01""#),
        (#""code":"205 01""#, #""code":"""#),
        (#""code":"205 01""#, #""code":"２０５""#),
        (#""code":"205""#, #""code":["205"]"#),
        // escapes and amounts
        (#"学校\n概况"#, #"学校\u000a概况"#),
        (#"学校\n概况"#, "学校\n概况"),
        (#""12.00""#, #""12.0""#),
        (#""12.00""#, #""012.00""#),
        (#""-0.50""#, #""-0.00""#),
        (#""12.00",null"#, #""12.00",nul"#),
        (#""12.00",null"#, #""12.00","""#),
        (#""12.00",null"#, #"12.00,null"#),
        (#"["合计"]}"#, #"["合计",null]}"#),
        // numbers, spans, units
        (#""v":"2023""#, #""v":"02023""#),
        (#""n":"2""#, #""n":"2.0""#),
        (#""lines":"3-365""#, #""lines":"365-3""#),
        (#""lines":"3-365""#, #""lines":"3-3""#),
        (#""printed":"万元""#, #""printed":"千元""#),
        // the `lines` record
        (#""row":["50","51","80"]"#, #""row":["50","51"]"#),
        (#""row":["50","51","80"]"#, #""row":["50","51","80","81"]"#),
        (#""table":["42","74"]"#, #""table":["42"]"#),
        (#""section":["7"]"#, #""section":[]"#),
        (#""row":["50","51","80"]"#, #""row":["50","51","-0"]"#),
        (#"{"k":"lines","section":["7"]"#, #"{"k":"lines","table":["42","74"],"section":["7"]"#),
        // records out of order, unknown records
        ("{\"k\":\"year\",\"v\":\"2023\"}\n{\"k\":\"unit\",\"v\":\"闵行区七宝中学\"}", "{\"k\":\"unit\",\"v\":\"闵行区七宝中学\"}\n{\"k\":\"year\",\"v\":\"2023\"}"),
        ("{\"k\":\"para\"", "{\"k\":\"paragraph\""),
        ("{\"k\":\"budgit\",\"format\":\"1\",\"kind\":\"unit-budget\"}", "{\"k\":\"budgit\",\"format\":\"1\",\"kind\":\"project\"}"),
        ("{\"k\":\"budgit\",\"format\":\"1\"", "{\"k\":\"budgit\",\"format\":\"2\""),
        // bytes: whitespace, line ends, empty lines, null
        (#"{"k":"year","v":"2023"}"#, #"{"k":"year", "v":"2023"}"#),
        (#"{"k":"year","v":"2023"}"#, "{\"k\":\"year\",\"v\":\"2023\"}\r"),
        (#"{"k":"year","v":"2023"}"#, "{\"k\":\"year\",\"v\":\"2023\"}\n"),
        (#""side":"income""#, #""side":null"#),
    ]

    @Test(arguments: malformed.indices)
    func bothReadersRejectMalformedInput(index: Int) {
        let (from, to) = Self.malformed[index]
        let text = Self.valid.replacingOccurrences(of: from, with: to)
        #expect(text != Self.valid, "edit \(index) does not apply")
        let bytes = Array(text.utf8)
        #expect(UnitBudgetFile.readSinglePass(bytes, partial: false) == nil, "edit \(index): \(to)")
        guard case .failure(let e) = Self.viaGeneric(bytes, partial: false) else { Issue.record("edit \(index) is accepted: \(to)"); return }
        #expect(Self.viaRead(bytes, partial: false) == .failure(e), "edit \(index): the error must be the generic reader's")
        Self.expectConsistent(bytes, "edit \(index)")
    }

    @Test func readsTheValidStream() throws {
        let bytes = Array(Self.valid.utf8)
        let b = try #require(UnitBudgetFile.readSinglePass(bytes, partial: false))
        #expect(b == (try UnitBudgetFile.readGeneric(bytes, path: "u.jsonl")))
        #expect(b.tables.map(\.line) == [42, 74] && b.tables[1].rows[0].line == 80 && b.sections[0].line == 7)
        #expect(b.tables[0].rows[1].code == ClassificationCode(parts: ["205", "01"]))
        #expect(b.tables[0].rows[0].amounts == [Money(fen: 1200), nil])
        #expect(UnitBudgetFile.write(b) == bytes)
        // Partial: without the `lines` record it is read only when asked for.
        let noTrace = Array(Self.valid.split(separator: "\n").dropLast().joined(separator: "\n").utf8) + [0x0A]
        #expect(UnitBudgetFile.readSinglePass(noTrace, partial: true) == (try UnitBudgetFile.readGeneric(noTrace, path: "u", partial: true)))
        #expect(UnitBudgetFile.readSinglePass(noTrace, partial: false) == nil)
        Self.expectConsistent(noTrace, "no lines record")
    }

    @Test func bothReadersRejectBrokenBytes() {
        let cases = brokenByteCases(Self.valid)
        for (name, bytes) in cases {
            #expect(UnitBudgetFile.readSinglePass(bytes, partial: false) == nil, "\(name)")
            guard case .failure = Self.viaGeneric(bytes, partial: false) else { Issue.record("\(name) is accepted"); continue }
            Self.expectConsistent(bytes, name)
        }
    }

    /// Random byte edits of generated streams: whatever they make, the two readers agree.
    @Test(arguments: 0..<40)
    func agreesOnRandomEdits(seed: Int) {
        var g = ModelGenerator(seed: UInt64(seed) &+ 80_000)
        let original = UnitBudgetFile.write(g.unitBudget())
        for round in 0..<60 {
            let bytes = randomlyEdited(original, using: &g.rng)
            Self.expectConsistent(bytes, "seed \(seed) round \(round)")
        }
    }
}
