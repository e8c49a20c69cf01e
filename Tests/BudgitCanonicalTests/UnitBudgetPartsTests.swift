import Testing
import BudgitModel
import BudgitTestSupport
@testable import BudgitCanonical

/// The stored form of a unit budget: its canonical stream cut into one file per part.
@Suite struct UnitBudgetPartsTests {
    @Test(arguments: 0..<100)
    func partsJoinToTheStreamAndReadBack(seed: Int) throws {
        var g = ModelGenerator(seed: UInt64(seed) &+ 20_000)
        let b = g.unitBudget()
        let parts = UnitBudgetFile.writeParts(b)
        #expect(parts.flatMap(\.bytes) == UnitBudgetFile.write(b), "seed \(seed)")
        #expect(parts.map(\.part) == parts.map(\.part).sorted())
        #expect(parts.filter { if case .table = $0.part { true } else { false } }.count == b.tables.count)
        #expect(parts.contains { $0.part == .narrative } == !b.sections.isEmpty)
        #expect(try UnitBudgetFile.read(parts: parts.shuffled(), folder: "u") == b, "seed \(seed)")
    }

    @Test func partialReadsGiveTheTablesAskedFor() throws {
        var g = ModelGenerator(seed: 3)
        var b = g.unitBudget()
        while b.tables.count < 3 { b = g.unitBudget() }
        let parts = UnitBudgetFile.writeParts(b)
        let some = parts.filter { $0.part == .budget || $0.part == .table(2) }
        let r = try UnitBudgetFile.read(parts: some, folder: "u", partial: true)
        #expect(r.tables.count == 1 && r.tables[0].rows.map(\.name) == b.tables[1].rows.map(\.name))
        #expect(r.unit == b.unit && r.year == b.year && r.sections.isEmpty)
        #expect(r.tables[0].rows.allSatisfy { $0.line == 0 })
        // Without `partial`, a gap in the tables and a missing lines part are errors.
        #expect(throws: CanonicalError.self) { try UnitBudgetFile.read(parts: some, folder: "u") }
    }

    @Test func errorsNameThePartAndItsLine() throws {
        var g = ModelGenerator(seed: 5)
        var b = g.unitBudget()
        while b.tables.count < 2 || b.tables[1].rows.count < 2 { b = g.unitBudget() }
        var parts = UnitBudgetFile.writeParts(b)
        let i = try #require(parts.firstIndex { $0.part == .table(2) })
        // Corrupt the second row of table 2 (its third line): an amount with a comma.
        var lines = parts[i].bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        lines[2] = Array(#"{"k":"row","name":"x","amounts":["1,0"]}"#.utf8)
        parts[i].bytes = Array(lines.joined(separator: [0x0A]))
        do {
            _ = try UnitBudgetFile.read(parts: parts, folder: "2020/u/unit-budget")
            Issue.record("a bad amount was accepted")
        } catch {
            #expect(error.path == "2020/u/unit-budget/table-02.jsonl" && error.line == 3, "\(error)")
        }
    }

    @Test func partsHoldOnlyTheirOwnRecords() throws {
        var g = ModelGenerator(seed: 9)
        var b = g.unitBudget()
        while b.tables.count < 2 { b = g.unitBudget() }
        let parts = UnitBudgetFile.writeParts(b)
        // Two tables in one part, a table in the budget part, an empty part: all rejected.
        var merged = parts.filter { $0.part != .table(2) }
        let t1 = try #require(merged.firstIndex { $0.part == .table(1) })
        merged[t1].bytes += parts.first { $0.part == .table(2) }!.bytes
        #expect(throws: CanonicalError.self) { try UnitBudgetFile.read(parts: merged, folder: "u", partial: true) }
        var intoHeader = parts
        intoHeader[0].bytes += parts.first { $0.part == .table(1) }!.bytes
        #expect(throws: CanonicalError.self) { try UnitBudgetFile.read(parts: intoHeader, folder: "u", partial: true) }
        var empty = parts
        let l = try #require(empty.firstIndex { $0.part == .lines })
        empty[l].bytes = []
        #expect(throws: CanonicalError.self) { try UnitBudgetFile.read(parts: empty, folder: "u") }
        #expect(throws: CanonicalError.self) { try UnitBudgetFile.read(parts: parts + [parts[0]], folder: "u") }
        #expect(throws: CanonicalError.self) { try UnitBudgetFile.read(parts: Array(parts.dropFirst()), folder: "u", partial: true) }
    }

    @Test func partNamesSortInStreamOrder() {
        let names: [UnitBudgetPart] = [.lines, .table(10), .table(2), .narrative, .budget]
        #expect(names.sorted().map(\.fileName) == ["budget.jsonl", "narrative.jsonl", "table-02.jsonl", "table-10.jsonl", "lines.jsonl"])
        for p in names { #expect(UnitBudgetPart(fileName: p.fileName[...]) == p) }
        #expect(UnitBudgetPart(fileName: "table-2.jsonl") == nil)
        #expect(UnitBudgetPart(fileName: "table-+2.jsonl") == nil)
    }
}
