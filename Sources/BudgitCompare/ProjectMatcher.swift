import BudgitModel

/// Pairs the projects of one snapshot with those of another (two years, or two revisions).
///
/// Projects are keyed by (unit, name), so projects of the same name in different units never
/// collide; a pair always has the same unit after ``NameNormalizer/fold(_:)``. Stages, in order:
/// 1. `exact`: the same unit and name as printed;
/// 2. `normalized`: the same ``NameNormalizer/normalize(_:)`` name (`(2022运维)` = `(2023运维)`,
///    `(第二年)` = `(第三年)`), ranked by the similarity of the folded names;
/// 3. `similar`: the character-bigram Dice score of the normalised names is at least `threshold`.
///
/// Within a stage pairs are one-to-one, ranked by score, ties broken by key, so the result does
/// not depend on input order and `match(b, a)` mirrors `match(a, b)`.
///
/// ```swift
/// let m = ProjectMatcher().match(projects2022, projects2023)
/// for p in m.pairs { print(projects2022[p.a].name, "→", projects2023[p.b].name, p.reason.kind) }
/// ```
public struct ProjectMatcher: Sendable {
    /// The least Dice score for a `similar` pair, from 0 to 1 (read to three decimals).
    public var threshold: Double

    public init(threshold: Double = 0.8) { self.threshold = threshold }

    /// Pairs `a` (from) with `b` (to); indices in the result refer to the arrays as given.
    /// - Complexity: O(*n m*) similarity computations within each unit.
    public func match(_ a: [ProjectForm], _ b: [ProjectForm]) -> Matching {
        // Keys are ordered and ranked as bytes when all their text is simple (see PackedKeys).
        var packed = PackedKeys(capacity: a.count + b.count)
        for p in a { packed.add(p.unit); packed.add(p.name); packed.endKey() }
        for p in b { packed.add(p.unit); packed.add(p.name); packed.endKey() }
        guard packed.isSimple else { return matchStrings(a, b) }
        return packed.withView { v in
            let orderA = canonicalOrder(a, packed: v, first: 0, tieKey: Self.tieKey)
            let orderB = canonicalOrder(b, packed: v, first: a.count, tieKey: Self.tieKey)
            return match(a, b, orderA: orderA, orderB: orderB,
                         matcher: StagedGreedyMatcher(packed: v, orderA: orderA, orderB: orderB))
        }
    }

    /// ``match(_:_:)`` with keys compared as strings: the reference, and the way for text that is
    /// not simple.
    func matchStrings(_ a: [ProjectForm], _ b: [ProjectForm]) -> Matching {
        let orderA = canonicalOrder(a, key: Self.sortKey), orderB = canonicalOrder(b, key: Self.sortKey)
        // Sorted by sortKey, so also by key, its first two components.
        return match(a, b, orderA: orderA, orderB: orderB,
                     matcher: StagedGreedyMatcher(sortedKeysA: orderA.map { Self.key(a[$0]) },
                                                  sortedKeysB: orderB.map { Self.key(b[$0]) }))
    }

    /// The stages on projects in canonical order (`orderA`, `orderB`) whose keys `matcher` ranks.
    private func match(_ a: [ProjectForm], _ b: [ProjectForm], orderA: [Int], orderB: [Int],
                       matcher: StagedGreedyMatcher) -> Matching {
        // Names and units in canonical order (not whole forms, whose copies cost a retain and a
        // release of each of their fields).
        let nameA = orderA.map { a[$0].name }, nameB = orderB.map { b[$0].name }
        let unitA = Self.foldedUnits(orderA.map { a[$0].unit }), unitB = Self.foldedUnits(orderB.map { b[$0].unit })
        // Folded and normalised names are needed only for what the exact stage leaves unpaired:
        // computed on first use (most projects keep their name from year to year).
        let foldA = LazyNames(nameA.count) { NameNormalizer.fold(nameA[$0]) }, foldB = LazyNames(nameB.count) { NameNormalizer.fold(nameB[$0]) }
        let normA = LazyNames(nameA.count) { NameNormalizer.normalize(nameA[$0]) }, normB = LazyNames(nameB.count) { NameNormalizer.normalize(nameB[$0]) }

        // Candidates share the folded unit; index B by unit (lookups only, never iterated).
        // Projects of one unit are one run in canonical order: hash each run's unit once.
        var byUnit: [String: [Int]] = [:]
        var run = 0
        for j in unitB.indices where j == unitB.count - 1 || !ProjectDiff.sameBytes(unitB[j + 1], unitB[run]) {
            byUnit[unitB[run], default: []].append(contentsOf: run...j)
            run = j + 1
        }
        let sameUnit: (Int) -> [Int] = { byUnit[unitA[$0]] ?? [] }
        // The same key ([unit, name]) is the same rank.
        var byRank: [Int: [Int]] = [:]
        for j in nameB.indices { byRank[matcher.rankB[j], default: []].append(j) }
        // The unpaired of B by folded unit and normalised name, built before the stage.
        let byNormalized = Index()
        let limit = permille(threshold)

        let stages = [
            MatchStage(evaluate: { i, j in
                matcher.rankA[i] == matcher.rankB[j] ? (.one, .exact) : nil  // the same unit and name
            }, candidates: { byRank[matcher.rankA[$0]] ?? [] }),
            MatchStage(evaluate: { i, j in
                normA[i] == normB[j]
                    ? (Similarity.dice(foldA[i], foldB[j]), MatchReason(kind: .normalized, normalized: normA[i]))
                    : nil
            }, candidates: { byNormalized.map[[unitA[$0], normA[$0]]] ?? [] },
               prepare: { _, freeB in
                byNormalized.map = Dictionary(minimumCapacity: freeB.count)
                for j in freeB { byNormalized.map[[unitB[j], normB[j]], default: []].append(j) }
            }),
            MatchStage(evaluate: { i, j in
                let s = Similarity.dice(normA[i], normB[j])
                return s.meets(permille: limit) ? (s, MatchReason(kind: .similar, score: s.description)) : nil
            }, candidates: sameUnit),
        ]
        let r = matcher.run(stages)
        let pairs = r.pairs.map { Matching.Pair(a: orderA[$0.a], b: orderB[$0.b], reason: $0.reason) }
        return Matching(pairs: pairs.sorted { $0.a < $1.a },
                        unmatchedA: r.unmatchedA.map { orderA[$0] }.sorted(),
                        unmatchedB: r.unmatchedB.map { orderB[$0] }.sorted())
    }

    /// ``NameNormalizer/fold(_:)`` of each unit, folded once per run of units with the same
    /// bytes (in canonical order, the projects of a unit are one run).
    static func foldedUnits(_ units: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(units.count)
        for k in units.indices {
            if k > 0, ProjectDiff.sameBytes(units[k], units[k - 1]) { out.append(out[k - 1]) }
            else { out.append(NameNormalizer.fold(units[k])) }
        }
        return out
    }

    /// Candidate lists by key, filled by a stage's `prepare`.
    final class Index { var map: [[String]: [Int]] = [:] }

    /// The project's stable key: `[unit, name]`.
    static func key(_ p: ProjectForm) -> [String] { [p.unit, p.name] }

    /// The canonical order of projects: key, then year and source position (which tell apart
    /// projects printed twice under one name).
    static func sortKey(_ p: ProjectForm) -> [String] { key(p) + tieKey(p) }

    /// The components of ``sortKey(_:)`` after ``key(_:)``.
    static func tieKey(_ p: ProjectForm) -> [String] { [String(p.year), p.source.description] }
}
