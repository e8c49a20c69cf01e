import BudgitModel
import Testing
import BudgitCompareTestSupport
@testable import BudgitCompare

@Suite struct ProjectMatcherTests {
    @Test func yearAndOrdinalRenamesMatchAsNormalized() {
        let a = [project("标准化考场网上视频巡查系统(2022运维)"), project("两种应用助手项目（第二年）")]
        let b = [project("两种应用助手项目（第三年）", year: 2023), project("标准化考场网上视频巡查系统(2023运维)", year: 2023)]
        let m = ProjectMatcher().match(a, b)
        #expect(m.unmatchedA.isEmpty && m.unmatchedB.isEmpty)
        #expect(m.pairs.map { [$0.a, $0.b] } == [[0, 1], [1, 0]])
        #expect(m.pairs[0].reason == MatchReason(kind: .normalized, normalized: "标准化考场网上视频巡查系统(运维)"))
        #expect(m.pairs[1].reason == MatchReason(kind: .normalized, normalized: "两种应用助手项目(第N年)"))
    }

    @Test func exactBeatsNormalizedAndSimilar() {
        let a = [project("信息系统(2022运维)"), project("信息系统(2023运维)")]
        let b = [project("信息系统(2023运维)")]
        let m = ProjectMatcher().match(a, b)
        #expect(m.pairs.map { [$0.a, $0.b] } == [[1, 0]])
        #expect(m.pairs[0].reason.kind == .exact)
        #expect(m.unmatchedA == [0])
    }

    @Test func similarNamesRecordTheirScore() {
        let a = [project("闵行区教师专业发展培训经费")]
        let b = [project("闵行区教师专业发展培训项目经费")]
        let m = ProjectMatcher().match(a, b)
        #expect(m.pairs.count == 1)
        #expect(m.pairs[0].reason.kind == .similar)
        #expect(m.pairs[0].reason.score == Similarity.dice("闵行区教师专业发展培训经费", "闵行区教师专业发展培训项目经费").description)
        #expect(ProjectMatcher(threshold: 0.95).match(a, b).pairs.isEmpty)
    }

    @Test func sameNameInDifferentUnitsDoesNotCollide() {
        let a = [project("教育博览会", unit: "甲"), project("教育博览会", unit: "乙")]
        let b = [project("教育博览会", unit: "乙"), project("教育博览会", unit: "丙")]
        let m = ProjectMatcher().match(a, b)
        #expect(m.pairs.map { [$0.a, $0.b] } == [[1, 0]])
        #expect(m.unmatchedA == [0] && m.unmatchedB == [1])
    }

    /// The matcher agrees with a brute-force reference (repeatedly take the best remaining pair)
    /// on small random cases, whatever the input order.
    @Test(arguments: propertySeeds)
    func agreesWithBruteForceReference(seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        for round in 0..<40 {
            let a = randomProjects(&rng, year: 2022), b = randomProjects(&rng, year: 2023)
            let threshold = [0.5, 0.7, 0.8][round % 3]
            let expected = referenceMatch(a, b, threshold: threshold)
            let m = ProjectMatcher(threshold: threshold).match(a, b)
            let got = Set(m.pairs.map { Ref(a: a[$0.a], b: b[$0.b], kind: $0.reason.kind) })
            #expect(got == expected, "seed \(seed) round \(round)")
            // Shuffled input pairs the same projects.
            let sa = a.shuffled(seed: seed &+ UInt64(round)), sb = b.shuffled(seed: seed &* 31 &+ UInt64(round))
            let ms = ProjectMatcher(threshold: threshold).match(sa, sb)
            let gotShuffled = Set(ms.pairs.map { Ref(a: sa[$0.a], b: sb[$0.b], kind: $0.reason.kind) })
            #expect(gotShuffled == expected, "seed \(seed) round \(round) (shuffled)")
            // Mirrored input pairs the same projects.
            let mm = ProjectMatcher(threshold: threshold).match(b, a)
            let gotMirror = Set(mm.pairs.map { Ref(a: a[$0.b], b: b[$0.a], kind: $0.reason.kind) })
            #expect(gotMirror == expected, "seed \(seed) round \(round) (mirrored)")
        }
    }

    struct Ref: Hashable {
        var a: [String], b: [String], kind: MatchReason.Kind
        init(a: ProjectForm, b: ProjectForm, kind: MatchReason.Kind) {
            self.a = [a.unit, a.name]; self.b = [b.unit, b.name]; self.kind = kind
        }
    }

    /// Names built to collide: year tokens, ordinals, near-duplicates, two units.
    func randomProjects(_ rng: inout SeededRNG, year: Int) -> [ProjectForm] {
        let stems = ["信息系统", "信息系统平台", "应用助手项目", "校舍维修", "校舍维修工程", "设备购置", "设备购置费",
                     "教师培训经费", "教师培训", "公共信息服务"]
        let suffixes = ["", "(\(2021 + Int.random(in: 0...2, using: &rng))运维)", "（第二年）", "（第三年）", "(2022)", " "]
        var seen = Set<[String]>()
        var out: [ProjectForm] = []
        for _ in 0..<Int.random(in: 0...7, using: &rng) {
            let name = stems.randomElement(using: &rng)! + suffixes.randomElement(using: &rng)!
            let unit = ["甲单位", "乙单位"].randomElement(using: &rng)!
            guard seen.insert([unit, name]).inserted else { continue }
            out.append(project(name, unit: unit, year: year))
        }
        return out
    }

    /// Brute force: stage by stage, repeatedly scan every unpaired (a, b) for the best candidate.
    func referenceMatch(_ a: [ProjectForm], _ b: [ProjectForm], threshold: Double) -> Set<Ref> {
        var freeA = Array(a.indices), freeB = Array(b.indices)
        var result = Set<Ref>()
        let limit = Int((threshold * 1000).rounded())
        func score(_ x: ProjectForm, _ y: ProjectForm, stage: Int) -> Similarity? {
            guard NameNormalizer.fold(x.unit) == NameNormalizer.fold(y.unit) else { return nil }
            switch stage {
            case 0: return x.unit == y.unit && x.name == y.name ? .one : nil
            case 1:
                return NameNormalizer.normalize(x.name) == NameNormalizer.normalize(y.name)
                    ? Similarity.dice(NameNormalizer.fold(x.name), NameNormalizer.fold(y.name)) : nil
            default:
                let s = Similarity.dice(NameNormalizer.normalize(x.name), NameNormalizer.normalize(y.name))
                return s.meets(permille: limit) ? s : nil
            }
        }
        func rank(_ x: ProjectForm, _ y: ProjectForm) -> [String] {
            let kx = [x.unit, x.name], ky = [y.unit, y.name]
            let (lo, hi) = kx.lexicographicallyPrecedes(ky) ? (kx, ky) : (ky, kx)
            return lo + hi + kx + ky
        }
        for (stage, kind) in [(0, MatchReason.Kind.exact), (1, .normalized), (2, .similar)] {
            while true {
                var best: (i: Int, j: Int, s: Similarity)?
                for i in freeA {
                    for j in freeB {
                        guard let s = score(a[i], b[j], stage: stage) else { continue }
                        if let cur = best {
                            if s > cur.s || (s == cur.s && rank(a[i], b[j]).lexicographicallyPrecedes(rank(a[cur.i], b[cur.j]))) {
                                best = (i, j, s)
                            }
                        } else {
                            best = (i, j, s)
                        }
                    }
                }
                guard let found = best else { break }
                result.insert(Ref(a: a[found.i], b: b[found.j], kind: kind))
                freeA.removeAll { $0 == found.i }
                freeB.removeAll { $0 == found.j }
            }
        }
        return result
    }
}
