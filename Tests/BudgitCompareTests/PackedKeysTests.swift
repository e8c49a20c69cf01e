import BudgitModel
import Foundation
import Testing
import BudgitCompareTestSupport
@testable import BudgitCompare

/// The byte-keyed matchers against the string-keyed ones they replace (`matchStrings`), on text
/// that is simple (compared as bytes) and text that is not (`e\u{301}`, `\u{F900}`, which Swift
/// takes for U+8C48 `豈`: equal strings with different bytes).
@Suite struct PackedKeysTests {
    static let simple = ["产出", "产出指标", "产出指标数量指标", "abcdefghi", "数量", "a", "ab", "A", "", "１２", "12", "（", "、", "\u{1}", "满意度", "豈", "/", " ", "~", "≥", "≤90%", "“引号”", "é", "×"]
    static let other = ["e\u{301}", "\u{F900}", "≱", "\u{0}", "ｅ\u{301}", "\u{2260}", "\u{338}", "\u{212B}"]

    static func text(_ rng: inout SeededRNG, simpleOnly: Bool) -> String {
        (0..<Int.random(in: 0...2, using: &rng)).map { _ in
            !simpleOnly && Int.random(in: 0..<8, using: &rng) == 0
                ? other.randomElement(using: &rng)! : simple.randomElement(using: &rng)!
        }.joined()
    }

    @Test(arguments: propertySeeds)
    func viewOrdersAsStringArrays(seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        for round in 0..<20 {
            let keys = (0..<12).map { _ in (0..<3).map { _ in Self.text(&rng, simpleOnly: true) } }
            var packed = PackedKeys(capacity: keys.count)
            for k in keys { k.forEach { packed.add($0) }; packed.endKey() }
            #expect(packed.isSimple)
            packed.withView { v in
                for x in keys.indices {
                    for y in keys.indices {
                        let context = "seed \(seed) round \(round): \(keys[x]) \(keys[y])"
                        #expect(v.equal(x, y) == (keys[x] == keys[y]), "\(context)")
                        #expect(v.less(x, y) == keys[x].lexicographicallyPrecedes(keys[y]), "\(context)")
                        var d = 0
                        while d < 3, keys[x][d] == keys[y][d] { d += 1 }
                        #expect(v.firstDifference(x, y) == (d == 3 ? Int.max : d), "\(context)")
                    }
                }
            }
        }
    }

    /// Each extra scalar is NFC alone and after any packable starter (so it composes with nothing
    /// before it), with combining class 0.
    @Test func extraScalarsAreStableUnderNormalisation() {
        let extras = PackedKeys.extraScalars.map { Unicode.Scalar($0)! } + (0xA0...0xFF).map { Unicode.Scalar($0)! }
        let starters = extras + (0x20...0x7E).map { Unicode.Scalar($0)! } + ["产", "豈", "、", "１", "（"]
        for x in extras {
            #expect(x.properties.canonicalCombiningClass == .notReordered, "\(x.value)")
            #expect(PackedKeys.isOrderable(x))
            var s = String(x)
            #expect(s.withUTF8 { PackedKeys.isOrderable($0) })
            for y in starters {
                let s = String(String.UnicodeScalarView([y, x]))
                let nfc = s.precomposedStringWithCanonicalMapping
                #expect(Array(nfc.unicodeScalars) == [y, x], "\(y.value) \(x.value)")
            }
        }
    }

    @Test func notSimpleTextIsNotPacked() {
        for s in Self.other {
            var packed = PackedKeys(capacity: 1)
            packed.add("产出"); packed.add(s); packed.endKey()
            #expect(!packed.isSimple, "\(s.unicodeScalars.map(\.value))")
        }
        var nul = "a\u{0}b"
        #expect(!nul.withUTF8 { PackedKeys.isOrderable($0) })
        // Scalars next to the extra ones are not packed.
        for v: UInt32 in [0x2013, 0x2015, 0x201A, 0x201E, 0x2102, 0x2104, 0x2263, 0x2266, 0x2FFF, 0x10000] {
            #expect(!PackedKeys.isOrderable(Unicode.Scalar(v)!), "\(v)")
            var s = String(Unicode.Scalar(v)!)
            #expect(!s.withUTF8 { PackedKeys.isOrderable($0) }, "\(v)")
        }
    }

    @Test(arguments: propertySeeds)
    func indicatorMatcherAgreesWithStrings(seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        var shortcuts = 0
        defer { #expect(shortcuts > 0, "seed \(seed): samePaths never applied") }
        for round in 0..<60 {
            let simpleOnly = round % 3 != 0
            func make() -> [Indicator] {
                (0..<Int.random(in: 0...9, using: &rng)).map { k in
                    Indicator(level1: Self.text(&rng, simpleOnly: simpleOnly), level2: Self.text(&rng, simpleOnly: simpleOnly),
                              level3: Self.text(&rng, simpleOnly: simpleOnly),
                              target: Target(text: Self.text(&rng, simpleOnly: simpleOnly)),
                              note: Bool.random(using: &rng) ? Self.text(&rng, simpleOnly: simpleOnly) : nil,
                              line: Int.random(in: 0...2, using: &rng))
                }
            }
            let a = make()
            // Half the time b is a with a few edits, so that most indicators pair exactly.
            var b = Bool.random(using: &rng) ? a : make()
            if !b.isEmpty, Bool.random(using: &rng) { b[Int.random(in: b.indices, using: &rng)].level3 += Self.text(&rng, simpleOnly: simpleOnly) }
            // Or only targets and notes edited (every path in place: IndicatorMatcher.samePaths).
            if !b.isEmpty, Bool.random(using: &rng) {
                b[Int.random(in: b.indices, using: &rng)].target = Target(text: Self.text(&rng, simpleOnly: simpleOnly))
                b[Int.random(in: b.indices, using: &rng)].note = Self.text(&rng, simpleOnly: simpleOnly)
            }
            if IndicatorMatcher.samePaths(a, b) != nil { shortcuts += 1 }
            for threshold in [0.5, 0.8] {
                let m = IndicatorMatcher(threshold: threshold)
                #expect(m.match(a, b) == m.matchStrings(a, b), "seed \(seed) round \(round)")
            }
        }
    }

    /// Indicators added and removed around paths that stay (IndicatorMatcher.uniquePaths), with
    /// repeated paths and text that is not simple mixed in: the matching is the staged one.
    @Test(arguments: propertySeeds)
    func uniquePathsAgreeWithStages(seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        var applied = 0, declined = 0
        defer { #expect(applied > 20 && declined > 20, "seed \(seed): uniquePaths applied \(applied), declined \(declined)") }
        for round in 0..<80 {
            let simpleOnly = round % 4 != 0
            func make() -> Indicator {
                Indicator(level1: ["产出目标", "产出指标", Self.text(&rng, simpleOnly: simpleOnly)][Int.random(in: 0...2, using: &rng)],
                          level2: ["数量目标", "质量指标"][Int.random(in: 0...1, using: &rng)],
                          level3: Self.text(&rng, simpleOnly: simpleOnly) + ["满意度", "合格率", "完成率（%）"][Int.random(in: 0...2, using: &rng)],
                          target: Target(text: Self.text(&rng, simpleOnly: simpleOnly)),
                          note: Bool.random(using: &rng) ? Self.text(&rng, simpleOnly: simpleOnly) : nil, line: 0)
            }
            let a = (0..<Int.random(in: 0...10, using: &rng)).map { _ in make() }
            var b = a
            // Remove some, or insert some (never both in one round, so that the shortcut applies
            // when paths do not repeat), then edit targets and reorder a little.
            if Bool.random(using: &rng) {
                for _ in 0..<Int.random(in: 0...2, using: &rng) where !b.isEmpty { b.remove(at: Int.random(in: b.indices, using: &rng)) }
            } else {
                for _ in 0..<Int.random(in: 0...2, using: &rng) { b.insert(make(), at: Int.random(in: 0...b.count, using: &rng)) }
            }
            if !b.isEmpty, Bool.random(using: &rng) { b[Int.random(in: b.indices, using: &rng)].target = Target(text: "≥90%") }
            if b.count > 1, Bool.random(using: &rng) { b.swapAt(0, b.count - 1) }
            // Sometimes a repeated path, or an edited one on top of an insertion.
            if !b.isEmpty, Int.random(in: 0..<5, using: &rng) == 0 { b.append(b[0]) }
            if !b.isEmpty, Int.random(in: 0..<5, using: &rng) == 0 { b[0].level3 += "x" }
            if let m = IndicatorMatcher.uniquePaths(a, b) {
                applied += 1
                #expect(m.pairs.allSatisfy { $0.reason == .exact && a[$0.a].path == b[$0.b].path }, "seed \(seed) round \(round)")
            } else { declined += 1 }
            for threshold in [0.5, 0.8] {
                let m = IndicatorMatcher(threshold: threshold)
                #expect(m.match(a, b) == m.matchStrings(a, b), "seed \(seed) round \(round)")
                #expect(m.match(b, a) == m.matchStrings(b, a), "seed \(seed) round \(round) (mirrored)")
            }
        }
    }

    /// Paths that are equal strings but not equal bytes are not paired by bytes.
    @Test func uniquePathsDeclineTextThatIsNotSimple() {
        let a = [indicator("产出/质量/e\u{301}", target("1")), indicator("产出/质量/合格率", target("1"))]
        let b = [indicator("产出/质量/é", target("1"))]
        #expect(IndicatorMatcher.uniquePaths(a, b) == nil)
        #expect(IndicatorMatcher().match(a, b).pairs.map { [$0.a, $0.b] } == [[0, 0]])
    }

    /// Dice on scalars against dice on characters and `String` grams, on simple text and on
    /// text that is not (CR LF is one character; `e\u{301}` one character of two scalars).
    @Test(arguments: propertySeeds)
    func diceOfScalarsAgreesWithCharacters(seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        let words = ["产出", "指标", "a", "ab", "ba", "１２", "、", "豈", "\r", "\n", "\r\n", "e\u{301}", "é", "\u{F900}", "x", ""]
        func text() -> String { (0..<Int.random(in: 0...5, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined() }
        var scalarPath = 0
        for _ in 0..<400 {
            let a = text(), b = text()
            if Similarity.diceOfScalars(a, b) != nil { scalarPath += 1 }
            #expect(Similarity.dice(a, b) == Similarity.diceOfCharacters(a, b), "seed \(seed): \(Array(a.unicodeScalars)) \(Array(b.unicodeScalars))")
        }
        #expect(scalarPath > 0)
    }

    /// Paths in place but repeated: pairing by place would differ from the staged matching.
    @Test func repeatedPathsInPlaceAreMatchedByStages() {
        let a = [indicator("产出/质量/合格率", target("≥90%")), indicator("产出/质量/合格率", target("≥80%"))]
        let b = [indicator("产出/质量/合格率", target("≥80%")), indicator("产出/质量/合格率", target("≥85%"))]
        #expect(IndicatorMatcher.samePaths(a, b) == nil)
        let m = IndicatorMatcher().match(a, b)
        #expect(m == IndicatorMatcher().matchStrings(a, b))
        #expect(m.pairs.map { [$0.a, $0.b] } == [[0, 1], [1, 0]])
    }

    @Test(arguments: propertySeeds)
    func projectMatcherAgreesWithStrings(seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        for round in 0..<60 {
            let simpleOnly = round % 3 != 0
            func make() -> [ProjectForm] {
                (0..<Int.random(in: 0...9, using: &rng)).map { k in
                    // Few units and names, so that keys repeat and ties are broken by year and source.
                    ProjectForm(year: [2022, 2023, 999][Int.random(in: 0...2, using: &rng)],
                                name: Self.text(&rng, simpleOnly: simpleOnly), unit: ["甲", "乙", Self.text(&rng, simpleOnly: simpleOnly)][Int.random(in: 0...2, using: &rng)],
                                source: SourceSpan(file: "f.txt", firstLine: Int.random(in: 1...3, using: &rng), lastLine: 9))
                }
            }
            let a = make(), b = Bool.random(using: &rng) ? a.reversed() : make()
            for threshold in [0.5, 0.8] {
                let m = ProjectMatcher(threshold: threshold)
                #expect(m.match(a, b) == m.matchStrings(a, b), "seed \(seed) round \(round)")
            }
        }
    }
}
