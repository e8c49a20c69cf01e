import BudgitModel

/// Pairs the indicators of two versions of one project.
///
/// Stages, in order:
/// 1. `exact`: the same (level1, level2, level3); pairs with the same target text rank first;
/// 2. `normalized`: the same ``NameNormalizer/normalize(_:)`` level3 (level1/level2 may differ:
///    the 2023 forms renamed 产出目标 to 产出指标), ranked by the similarity of the whole path;
/// 3. `similar`: the Dice score of the normalised level3 names is at least `threshold`.
///
/// Pairs are one-to-one, score-ranked and tie-broken by key, as in ``ProjectMatcher``.
public struct IndicatorMatcher: Sendable {
    /// The least Dice score for a `similar` pair, from 0 to 1 (read to three decimals).
    public var threshold: Double

    public init(threshold: Double = 0.8) { self.threshold = threshold }

    /// Pairs `a` (from) with `b` (to); indices in the result refer to the arrays as given.
    public func match(_ a: [Indicator], _ b: [Indicator]) -> Matching {
        if let m = Self.uniquePaths(a, b) ?? Self.samePaths(a, b) { return m }
        // Keys are ordered and ranked as bytes when all their text is simple (see PackedKeys).
        var packed = PackedKeys(capacity: a.count + b.count)
        for i in a { Self.addKey(i, to: &packed) }
        for i in b { Self.addKey(i, to: &packed) }
        guard packed.isSimple else { return matchStrings(a, b) }
        return packed.withView { v in
            let orderA = canonicalOrder(a, packed: v, first: 0), orderB = canonicalOrder(b, packed: v, first: a.count)
            return match(a, b, orderA: orderA, orderB: orderB,
                         matcher: StagedGreedyMatcher(packed: v, orderA: orderA, orderB: orderB))
        }
    }

    /// The matching when `b` has the paths of `a` in the same places and no path repeats (the
    /// common case of targets or notes edited), else nil.
    ///
    /// Then the exact stage has one candidate for each indicator, its counterpart, so every pair
    /// is made there: the staged matching is exactly `(i, i)` for all `i`, reason `exact`.
    static func samePaths(_ a: [Indicator], _ b: [Indicator]) -> Matching? {
        guard a.count == b.count else { return nil }
        func samePath(_ x: Indicator, _ y: Indicator) -> Bool {
            x.level3 == y.level3 && x.level2 == y.level2 && x.level1 == y.level1
        }
        for i in a.indices where !samePath(a[i], b[i]) { return nil }
        for i in a.indices {
            for j in a.indices[(i + 1)...] where samePath(a[i], a[j]) { return nil }
        }
        return Matching(pairs: a.indices.map { Matching.Pair(a: $0, b: $0, reason: .exact) },
                        unmatchedA: [], unmatchedB: [])
    }

    /// The matching when no path repeats on either side and, once the indicators with equal
    /// paths are paired, one side has none left (the common case of indicators added or removed,
    /// or only targets and notes edited), else nil. Also nil when some level3 is not orderable text
    /// (``PackedKeys/isOrderable(_:)``), whose bytes may differ where the strings are equal.
    ///
    /// Then the exact stage has at most one candidate for each indicator, its counterpart with
    /// the same path, so it makes exactly those pairs, reason `exact`; with one side used up, the
    /// later stages have nothing to pair.
    /// - Complexity: O(*n* + *m*) in the bytes of the paths, then O((*n* + *m*)²) comparisons of
    ///   hashes (forms have a dozen indicators).
    static func uniquePaths(_ a: [Indicator], _ b: [Indicator]) -> Matching? {
        guard let ha = pathHashes(a), let hb = pathHashes(b) else { return nil }
        // Only indicators with equal hashes may have equal paths (see pathHashes).
        func same(_ x: Indicator, _ y: Indicator) -> Bool {
            x.level3 == y.level3 && x.level2 == y.level2 && x.level1 == y.level1
        }
        func repeats(_ items: [Indicator], _ h: [UInt64]) -> Bool {
            for i in h.indices {
                for j in h.indices[(i + 1)...] where h[i] == h[j] && same(items[i], items[j]) { return true }
            }
            return false
        }
        if repeats(a, ha) || repeats(b, hb) { return nil }
        var pairs: [Matching.Pair] = []
        pairs.reserveCapacity(min(a.count, b.count))
        var takenB = [Bool](repeating: false, count: b.count)
        var unmatchedA: [Int] = []
        for i in a.indices {
            // Indicators mostly keep their places, give or take the ones added or removed before.
            let start = min(i, max(b.count - 1, 0))
            var found: Int?
            for k in 0..<b.count {
                let j = (start + k) % b.count
                if hb[j] == ha[i], same(a[i], b[j]) { found = j; break }
            }
            if let j = found {
                pairs.append(Matching.Pair(a: i, b: j, reason: .exact)); takenB[j] = true
            } else {
                unmatchedA.append(i)
            }
        }
        let unmatchedB = b.indices.filter { !takenB[$0] }
        guard unmatchedA.isEmpty || unmatchedB.isEmpty else { return nil }
        return Matching(pairs: pairs, unmatchedA: unmatchedA, unmatchedB: unmatchedB)
    }

    /// A hash of the UTF-8 bytes of each indicator's level3, or nil when some level3 is not
    /// orderable text.
    ///
    /// Equal paths have equal level3s, which (orderable text) have equal bytes: so equal paths
    /// have equal hashes. Level1 and level2 come from a handful of names; they are compared only
    /// where the hashes are equal.
    static func pathHashes(_ items: [Indicator]) -> [UInt64]? {
        var out: [UInt64] = []
        out.reserveCapacity(items.count)
        let ok = items.withUnsafeBufferPointer { items in
            for i in items.indices {
                var h: UInt64 = 0
                guard hash(items[i].level3, into: &h) else { return false }
                out.append(h)
            }
            return true
        }
        return ok ? out : nil
    }

    /// Mixes the UTF-8 bytes of `s`, eight at a time, then its length (which also ends it) into
    /// `h`; false when `s` is not orderable text.
    @inline(__always)
    private static func hash(_ s: String, into h: inout UInt64) -> Bool {
        @inline(__always) func mix(_ h: UInt64, _ v: UInt64) -> UInt64 {
            let x = (h ^ v) &* 0x9E37_79B9_7F4A_7C15
            return x ^ (x >> 29)
        }
        let r = s.utf8.withContiguousStorageIfAvailable { u -> UInt64? in
            guard PackedKeys.isOrderable(u) else { return nil }
            var x = h, k = 0
            if let base = UnsafeRawPointer(u.baseAddress) {
                while u.count - k >= 8 { x = mix(x, base.loadUnaligned(fromByteOffset: k, as: UInt64.self)); k += 8 }
            }
            var tail: UInt64 = 0
            while k < u.count { tail = tail << 8 | UInt64(u[k]); k += 1 }
            return mix(mix(x, tail), UInt64(u.count))
        }
        guard let r, let r else { return false }
        h = r
        return true
    }

    /// ``match(_:_:)`` with keys compared as strings: the reference, and the way for text that is
    /// not simple.
    func matchStrings(_ a: [Indicator], _ b: [Indicator]) -> Matching {
        let orderA = canonicalOrder(a, key: Self.key), orderB = canonicalOrder(b, key: Self.key)
        return match(a, b, orderA: orderA, orderB: orderB,
                     matcher: StagedGreedyMatcher(sortedKeysA: orderA.map { Self.key(a[$0]) },
                                                  sortedKeysB: orderB.map { Self.key(b[$0]) }))
    }

    /// Appends ``key(_:)`` of `i` to `packed`.
    static func addKey(_ i: Indicator, to packed: inout PackedKeys) {
        packed.add(i.level1); packed.add(i.level2); packed.add(i.level3)
        packed.add(i.target.text); packed.add(i.note ?? "")
        packed.endKey()
    }

    /// The stages on items in canonical order (`orderA`, `orderB`) whose keys `matcher` ranks.
    private func match(_ a: [Indicator], _ b: [Indicator], orderA: [Int], orderB: [Int],
                       matcher: StagedGreedyMatcher) -> Matching {
        // Normalised names are needed only for what the exact stage leaves unpaired: computed on
        // first use (nearly every indicator pairs exactly).
        let normA = LazyNames(orderA.count) { NameNormalizer.normalize(a[orderA[$0]].level3) }
        let normB = LazyNames(orderB.count) { NameNormalizer.normalize(b[orderB[$0]].level3) }
        let pathA = LazyNames(orderA.count) { NameNormalizer.fold(a[orderA[$0]].path) }
        let pathB = LazyNames(orderB.count) { NameNormalizer.fold(b[orderB[$0]].path) }
        let limit = permille(threshold)
        // Keys are [level1, level2, level3, target, note]: equal paths have equal ranks of the
        // first three components, equal paths and targets of the first four.
        let path = matcher.prefixRanks(3), target = matcher.prefixRanks(4)
        var byPath: [Int: [Int]] = [:]
        for j in orderB.indices { byPath[path.b[j], default: []].append(j) }
        let stages = [
            MatchStage(evaluate: { i, j in
                guard path.a[i] == path.b[j] else { return nil }
                return (target.a[i] == target.b[j] ? .one : Similarity(1, 2), .exact)
            }, candidates: { byPath[path.a[$0]] ?? [] }),
            MatchStage(evaluate: { i, j in
                normA[i] == normB[j]
                    ? (Similarity.dice(pathA[i], pathB[j]), MatchReason(kind: .normalized, normalized: normA[i]))
                    : nil
            }),
            MatchStage(evaluate: { i, j in
                let s = Similarity.dice(normA[i], normB[j])
                return s.meets(permille: limit) ? (s, MatchReason(kind: .similar, score: s.description)) : nil
            }),
        ]
        let r = matcher.run(stages)
        let pairs = r.pairs.map { Matching.Pair(a: orderA[$0.a], b: orderB[$0.b], reason: $0.reason) }
        return Matching(pairs: pairs.sorted { $0.a < $1.a },
                        unmatchedA: r.unmatchedA.map { orderA[$0] }.sorted(),
                        unmatchedB: r.unmatchedB.map { orderB[$0] }.sorted())
    }

    /// How a target changed, or nil when its text is the same.
    ///
    /// When both targets have a number, the same comparator and the same unit, a larger number is
    /// `raised` and a smaller one `lowered` (compared exactly, see ``ExactDecimal``); the same
    /// number printed differently (`90` → `90.00`) is `changed`. A different comparator with a
    /// number on both sides is `comparatorChanged`. Anything else (words, units) is `changed`.
    public static func classify(_ from: Target, _ to: Target) -> TargetChange.Kind? {
        guard from.text != to.text else { return nil }
        guard let n1 = from.number, let n2 = to.number, (from.unit ?? "") == (to.unit ?? "") else {
            return .changed
        }
        guard from.comparator == to.comparator else { return .comparatorChanged }
        switch ExactDecimal.compare(n1, n2) {
        case .some(-1): return .raised
        case .some(1): return .lowered
        default: return .changed
        }
    }

    /// The indicator's stable key: `[level1, level2, level3, target, note]`.
    static func key(_ i: Indicator) -> [String] { [i.level1, i.level2, i.level3, i.target.text, i.note ?? ""] }
}

/// Values computed from indices on first use, then cached (single-threaded, within one match).
final class LazyNames {
    private let make: (Int) -> String
    private var cache: [String?]
    init(_ count: Int, _ make: @escaping (Int) -> String) {
        self.make = make
        cache = Array(repeating: nil, count: count)
    }
    subscript(i: Int) -> String {
        if let v = cache[i] { return v }
        let v = make(i)
        cache[i] = v
        return v
    }
}
