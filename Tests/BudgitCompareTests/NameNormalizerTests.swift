import Testing
import BudgitCompareTestSupport
@testable import BudgitCompare

@Suite struct NameNormalizerTests {
    @Test(arguments: [
        ("公共信息服务系统 (2022运维)", "公共信息服务系统(运维)"),
        ("公共信息服务系统（２０２３运维）", "公共信息服务系统(运维)"),
        ("闵行区智慧教育示范区两种应用助手项目（第二年）", "闵行区智慧教育示范区两种应用助手项目(第N年)"),
        ("两种应用助手项目【第3年】", "两种应用助手项目(第N年)"),
        ("2022年度教师培训", "教师培训"),
        ("教师培训(2022)", "教师培训"),
        ("闵行职业技术学院 开办费", "闵行职业技术学院开办费"),
        ("ABC系统12345", "abc系统12345"),
        ("第二期工程", "第N期工程"),
        ("第一中学", "第一中学"),
    ])
    func normalize(input: String, expected: String) {
        #expect(NameNormalizer.normalize(input) == expected)
    }

    /// The scalar way for simple text against the character way it shortcuts, on names built
    /// from the pieces the rules look for (years, 年度, ordinals, brackets, CR LF, a combining mark).
    @Test(arguments: propertySeeds)
    func simpleNormalizeAgreesWithCharacters(seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        let pieces = ["2022", "1899", "2099", "20222", "123", "年", "度", "第", "二", "十", "3", "两", "阶段", "期", "年度",
                      "(", ")", "（", "）", "【", "】", "运维", "项目", " ", "A", "x", "\r", "\n", "\r\n", "e\u{301}", "é", "ｅ"]
        var simple = 0
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let folded = NameNormalizer.fold(text)
            let reference = NameNormalizer.normalizeCharacters(folded)
            if let s = NameNormalizer.normalizeSimple(folded) {
                simple += 1
                #expect(Array(s.unicodeScalars) == Array(reference.unicodeScalars), "seed \(seed): \(Array(text.unicodeScalars))")
            }
            #expect(Array(NameNormalizer.normalize(text).unicodeScalars) == Array(reference.unicodeScalars), "seed \(seed)")
        }
        #expect(simple > 100 && simple < 500, "seed \(seed): \(simple) simple")
    }

    @Test func shiftYears() {
        #expect(NameNormalizer.shiftYears("(2022 年-2022年)", by: 1) == "(2023 年-2023年)")
        #expect(NameNormalizer.shiftYears("2022-01-01", by: -2) == "2020-01-01")
        #expect(NameNormalizer.shiftYears("12022 and 3000", by: 1) == "12022 and 3000")
    }

    @Test func diceScores() {
        #expect(Similarity.dice("abc", "abc") == .one)
        #expect(Similarity.dice("abcd", "abce") == Similarity(2 * 2, 6))
        #expect(Similarity.dice("a", "b") == Similarity(0, 1))
        #expect(Similarity(2, 3).description == "0.67")
        #expect(Similarity(1, 200).description == "0.01")
        #expect(Similarity(4, 5).meets(permille: 800))
        #expect(!Similarity(79, 100).meets(permille: 800))
    }

    @Test func exactDecimal() {
        #expect(ExactDecimal.compare("90", "95") == -1)
        #expect(ExactDecimal.compare("95.0", "95") == 0)
        #expect(ExactDecimal.compare("0.1", "0.10000000000000001") == -1)
        #expect(ExactDecimal.compare("100", "99.999") == 1)
        #expect(ExactDecimal.compare("-1", "0") == -1)
        #expect(ExactDecimal.compare("-2", "-1.5") == -1)
        #expect(ExactDecimal.compare("-0", "0.00") == 0)
        #expect(ExactDecimal.compare("1,000", "999") == 1)
        #expect(ExactDecimal.compare("abc", "1") == nil)
        #expect(ExactDecimal.compare("1.2.3", "1") == nil)
    }

    @Test func textDiff() {
        let d = TextDiff.diff("保障系统稳定运行，按时完成年度运维。", "保障系统稳定运行，及时完成年度运维。")
        #expect(d.removed == ["按"])
        #expect(d.added == ["及"])
        let e = TextDiff.diff("甲；乙；丙", "甲；丙；丁；戊")
        #expect(e.removed == ["乙"])
        #expect(e.added == ["丁", "戊"])
        #expect(TextDiff.segments(" 甲，乙。\n丙 ") == ["甲", "乙", "丙"])
    }
}
