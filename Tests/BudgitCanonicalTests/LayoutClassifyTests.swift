import Testing
import BudgitModel
import BudgitTestSupport
@testable import BudgitCanonical

/// `RepositoryLayout.classify` decides most paths on bytes; it must agree with the decision on
/// characters for every path, including the ones where bytes and characters split differently.
@Suite struct LayoutClassifyTests {
    static let pieces = ["2022", "2023", "0", "07", "-5", "+1", "99999999999", "", "/", "//",
                         "projects", "unit-budget", "sources", "闵行区七宝中学", "（一期）", "u",
                         ".jsonl", "p.jsonl", "项目.jsonl", "table-03.jsonl", "table-3.jsonl", "budget.jsonl",
                         "lines.jsonl", "narrative.jsonl", "\u{0301}", "e\u{0301}", "/\u{0338}", "\u{0600}",
                         "\u{F900}", "\u{302A}", "。", "x", ".", "Ａ", "\u{1F600}", "é", "table-08.jsonl"]

    @Test(arguments: 0..<20)
    func bytesAgreeWithCharacters(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) &+ 77)
        for _ in 0..<500 {
            // Mostly well-formed paths with one odd piece, sometimes anything at all.
            var parts: [String]
            if Bool.random(using: &rng) {
                parts = ["2022", "闵行区七宝中学", Bool.random(using: &rng) ? "projects" : "unit-budget", "项目.jsonl"]
                parts[Int.random(in: 0..<4, using: &rng)] = Self.pieces.randomElement(using: &rng)!
                if Int.random(in: 0..<4, using: &rng) == 0 { parts[3] += Self.pieces.randomElement(using: &rng)! }
            } else {
                parts = (0..<Int.random(in: 1...5, using: &rng)).map { _ in Self.pieces.randomElement(using: &rng)! }
            }
            let path = parts.joined(separator: "/")
            #expect(RepositoryLayout.classify(path) == RepositoryLayout.classifySlowly(path), "\(path.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func simpleTextSortsAsStrings() {
        var rng = SeededGenerator(seed: 5)
        let alphabet = ["a", "B", "/", "-", "2", "闵", "行", "区", "（", "）", "、", "。", "Ａ", "é", "e\u{0301}", "\u{F900}", "\u{8C48}", " "]
        for _ in 0..<200 {
            let strings = (0..<Int.random(in: 0...30, using: &rng)).map { _ in
                (0..<Int.random(in: 0...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
            }
            #expect(SimpleText.sorted(strings) == strings.sorted())
        }
        #expect(SimpleText.isSimple("2022/闵行区七宝中学/projects/（一期）.jsonl"))
        #expect(!SimpleText.isSimple("e\u{0301}"))
        #expect(!SimpleText.isSimple("\u{F900}"))  // a compatibility ideograph: NFC changes it
        #expect(!SimpleText.isSimple("\u{302A}"))  // an ideographic tone mark joins what precedes
    }
}
