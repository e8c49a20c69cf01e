import Testing
import BudgitModel
import BudgitTestSupport
@testable import BudgitCanonical

/// Sharing strings among files must not change what is read.
@Suite struct StringTableTests {
    /// Forms and their next year (which repeats most of their text), read with one shared table,
    /// equal those read on their own, field for field and byte for byte.
    @Test(arguments: 0..<6)
    func sharedStringsReadTheSameForms(seed: Int) throws {
        var g = ModelGenerator(seed: UInt64(seed) &+ 90_000)
        let forms = (0..<40).map { _ in g.project() }
        let (next, _) = NextYearBuilder.derive(forms, seed: UInt64(seed))
        var table = StringTable()
        for p in forms + next + forms {
            let bytes = ProjectFile.write(p)
            let alone = try ProjectFile.read(bytes, path: "p.jsonl")
            let shared = try ProjectFile.read(bytes, path: "p.jsonl", strings: &table)
            #expect(shared == alone, "seed \(seed)")
            #expect(ProjectFile.write(shared) == bytes, "seed \(seed)")
        }
        #expect(table.count > 0)
    }

    @Test func findsOnlyTheSameBytes() {
        var table = StringTable()
        let texts = (0..<3000).map { "项目名称第\($0)号——" + String(repeating: "x", count: $0 % 20) } + ["0123456789abcdef", "0123456789abcdeg", "é\u{301}0123456789abcdef"]
        for t in texts {
            var s = t
            s.withUTF8 { u in
                let h = StringTable.hash(u)
                #expect(table.find(u, hash: h) == nil)
                table.insert(t, hash: h)
            }
        }
        for t in texts {
            var s = t
            #expect(s.withUTF8 { table.find($0, hash: StringTable.hash($0)) } == t)
            var other = t + "!"
            #expect(other.withUTF8 { table.find($0, hash: StringTable.hash($0)) } == nil)
        }
    }
}
