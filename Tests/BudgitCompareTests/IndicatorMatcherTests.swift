import BudgitModel
import Testing
import BudgitCompareTestSupport
@testable import BudgitCompare

@Suite struct IndicatorMatcherTests {
    @Test(arguments: [
        ("≥90%", "≥95%", TargetChange.Kind.raised),
        ("100%", "90%", .lowered),
        ("=24.00(小时)", "=12(小时)", .lowered),
        ("≥0.5", "≥0.50000000000000001", .raised),
        ("≥90%", "≤90%", .comparatorChanged),
        ("≥90%", "≥90个", .changed),
        ("90%", "90.00%", .changed),
        ("及时", "24小时内响应", .changed),
        ("≥90%", "较好", .changed),
    ])
    func targetSemantics(from: String, to: String, expected: TargetChange.Kind) {
        #expect(IndicatorMatcher.classify(target(from), target(to)) == expected)
    }

    @Test func sameTextIsNoChange() {
        #expect(IndicatorMatcher.classify(target("≥90%"), target("≥90%")) == nil)
    }

    @Test func pairsByPathThenLevel3ThenSimilarity() {
        let a = [indicator("产出目标/数量目标/参训人数", target("≥100人")),
                 indicator("产出目标/质量目标/培训合格率", target("≥90%")),
                 indicator("效果目标/满意度/参训教师满意度调查", target("≥90%")),
                 indicator("产出目标/时效目标/完成时间", target("12月前"))]
        let b = [indicator("产出指标/数量指标/参训人数", target("≥120人")),
                 indicator("产出目标/质量目标/培训合格率", target("≥95%")),
                 indicator("满意度指标/满意度/参训教师满意度调查率", target("≥90%")),
                 indicator("产出指标/成本指标/人均成本", target("≤200元"))]
        let m = IndicatorMatcher().match(a, b)
        #expect(m.pairs.map { [$0.a, $0.b] } == [[0, 0], [1, 1], [2, 2]])
        #expect(m.pairs.map(\.reason.kind) == [.normalized, .exact, .similar])
        #expect(m.unmatchedA == [3] && m.unmatchedB == [3])

        let c = ProjectDiff.indicators(a, b, threshold: 0.8)
        #expect(c.added.map(\.path) == ["产出指标/成本指标/人均成本"])
        #expect(c.removed.map(\.path) == ["产出目标/时效目标/完成时间"])
        #expect(c.renamed.map(\.to) == ["产出指标/数量指标/参训人数", "满意度指标/满意度/参训教师满意度调查率"])
        #expect(c.changed.map { $0.target?.kind } == [.raised, .raised])
    }

    @Test func duplicatePathsPreferTheSameTarget() {
        let a = [indicator("产出/质量/合格率", target("≥90%")), indicator("产出/质量/合格率", target("≥80%"))]
        let b = [indicator("产出/质量/合格率", target("≥80%")), indicator("产出/质量/合格率", target("≥85%"))]
        let c = ProjectDiff.indicators(a, b, threshold: 0.8)
        #expect(c.changed.count == 1)
        #expect(c.changed.first?.target == TargetChange(kind: .lowered, from: "≥90%", to: "≥85%"))
    }
}
