/// Why two items were paired.
public struct MatchReason: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Same key as printed.
        case exact
        /// Same key after ``NameNormalizer/normalize(_:)``.
        case normalized
        /// Similar enough (character-bigram Dice score at or above the threshold).
        case similar
    }

    public var kind: Kind
    /// The shared normalised name, for `normalized`.
    public var normalized: String?
    /// The score with two decimals (`"0.86"`), for `similar`.
    public var score: String?

    public init(kind: Kind, normalized: String? = nil, score: String? = nil) {
        self.kind = kind; self.normalized = normalized; self.score = score
    }

    public static let exact = MatchReason(kind: .exact)
}

/// The result of pairing two lists: pairs of indices into the inputs as given, and the leftovers.
public struct Matching: Sendable, Hashable {
    public struct Pair: Sendable, Hashable {
        /// Index into the first (`from`) list.
        public var a: Int
        /// Index into the second (`to`) list.
        public var b: Int
        public var reason: MatchReason
    }

    /// Pairs, ordered by `a`.
    public var pairs: [Pair]
    /// Indices of the first list left unpaired (removed), ascending.
    public var unmatchedA: [Int]
    /// Indices of the second list left unpaired (added), ascending.
    public var unmatchedB: [Int]
}

/// One stage of a staged greedy matching: which pairs qualify, how they rank, and why.
struct MatchStage {
    /// Returns nil when `(a, b)` does not qualify at this stage, else its score and reason.
    var evaluate: (_ a: Int, _ b: Int) -> (Similarity, MatchReason)?
    /// Candidate `b` indices worth evaluating for `a` (all when nil); a speed-up only: it must
    /// include every `b` for which `evaluate` is not nil. Taken `b`s are skipped.
    var candidates: ((_ a: Int) -> [Int])? = nil
    /// Called once before the stage with the indices still unpaired on each side, so that
    /// `candidates` can index only those.
    var prepare: ((_ freeA: [Int], _ freeB: [Int]) -> Void)? = nil
}

/// Staged, one-to-one, score-ranked greedy matching with a tie-break that does not depend on
/// input order or on which side is which.
///
/// Inputs must already be in a canonical order (sorted by content), so that the index is a
/// last-resort tie-break among items with equal keys. Within a stage, candidate pairs are ranked
/// by score (higher first), then by the pair of keys taken in side-independent order (smaller key
/// first), then by the keys and indices; a pair is taken when neither side is taken yet. This
/// makes `match(b, a)` the mirror of `match(a, b)`.
///
/// Keys are compared once, up front: each gets its rank among the keys of both sides (equal keys,
/// equal ranks), and candidates are ordered by ranks, which is the order of the keys.
/// - Complexity: O(*n m* log(*n m*)) per stage.
struct StagedGreedyMatcher {
    /// The rank of each key of `a` and of `b` in the sorted keys of both (equal keys, equal rank).
    let rankA: [Int], rankB: [Int]
    /// Where each key differs from the one before it in the merged order (the index of the first
    /// differing component; `Int.max` when equal), to rank prefixes of keys.
    private let order: [(side: Side, index: Int, difference: Int)]
    private enum Side { case a, b }

    /// - Parameters: keysA, keysB: each already in ascending order (`lexicographicallyPrecedes`),
    ///   as ``canonicalOrder(_:key:)`` leaves them; they are merged, not sorted again.
    init(sortedKeysA keysA: [[String]], sortedKeysB keysB: [[String]]) {
        assert(zip(keysA, keysA.dropFirst()).allSatisfy { !$1.lexicographicallyPrecedes($0) }, "keys of a not sorted")
        assert(zip(keysB, keysB.dropFirst()).allSatisfy { !$1.lexicographicallyPrecedes($0) }, "keys of b not sorted")
        var order: [(side: Side, index: Int, difference: Int)] = []
        order.reserveCapacity(keysA.count + keysB.count)
        var i = 0, j = 0
        var previous: [String]?
        func firstDifference(_ x: [String], _ y: [String]) -> Int {
            var k = 0
            while k < x.count, k < y.count, x[k] == y[k] { k += 1 }
            return k == x.count && k == y.count ? Int.max : k
        }
        while i < keysA.count || j < keysB.count {
            let takeA: Bool
            if i == keysA.count { takeA = false } else if j == keysB.count { takeA = true } else {
                takeA = !keysB[j].lexicographicallyPrecedes(keysA[i])
            }
            let key = takeA ? keysA[i] : keysB[j]
            let d = previous.map { firstDifference($0, key) } ?? 0
            order.append((takeA ? .a : .b, takeA ? i : j, d))
            if takeA { i += 1 } else { j += 1 }
            previous = key
        }
        self.order = order
        (rankA, rankB) = Self.ranks(order, counts: (keysA.count, keysB.count), length: Int.max)
    }

    /// Ranks of the first `length` components of the keys (equal prefixes, equal rank).
    func prefixRanks(_ length: Int) -> (a: [Int], b: [Int]) {
        Self.ranks(order, counts: (rankA.count, rankB.count), length: length)
    }

    private static func ranks(_ order: [(side: Side, index: Int, difference: Int)], counts: (Int, Int),
                              length: Int) -> ([Int], [Int]) {
        var a = [Int](repeating: 0, count: counts.0), b = [Int](repeating: 0, count: counts.1)
        var r = 0
        for (p, o) in order.enumerated() {
            if p > 0, o.difference < length { r += 1 }
            if o.side == .a { a[o.index] = r } else { b[o.index] = r }
        }
        return (a, b)
    }

    func run(_ stages: [MatchStage]) -> (pairs: [Matching.Pair], unmatchedA: [Int], unmatchedB: [Int]) {
        var takenA = [Bool](repeating: false, count: rankA.count)
        var takenB = [Bool](repeating: false, count: rankB.count)
        var pairs: [Matching.Pair] = []
        struct Candidate { var a: Int; var b: Int; var score: Similarity; var reason: MatchReason }
        for stage in stages {
            let freeA = rankA.indices.filter { !takenA[$0] }
            if freeA.isEmpty { break }
            let freeB = rankB.indices.filter { !takenB[$0] }
            if freeB.isEmpty { break }
            stage.prepare?(freeA, freeB)
            var cands: [Candidate] = []
            for a in freeA {
                let bs = stage.candidates?(a) ?? freeB
                for b in bs where !takenB[b] {
                    if let (score, reason) = stage.evaluate(a, b) {
                        cands.append(Candidate(a: a, b: b, score: score, reason: reason))
                    }
                }
            }
            cands.sort { x, y in
                if x.score != y.score { return x.score > y.score }
                let xa = rankA[x.a], xb = rankB[x.b], ya = rankA[y.a], yb = rankB[y.b]
                let xl = min(xa, xb), yl = min(ya, yb)
                if xl != yl { return xl < yl }
                let xh = max(xa, xb), yh = max(ya, yb)
                if xh != yh { return xh < yh }
                if xa != ya { return xa < ya }
                if x.a != y.a { return x.a < y.a }
                return x.b < y.b
            }
            for c in cands where !takenA[c.a] && !takenB[c.b] {
                takenA[c.a] = true; takenB[c.b] = true
                pairs.append(Matching.Pair(a: c.a, b: c.b, reason: c.reason))
            }
        }
        pairs.sort { $0.a < $1.a }
        return (pairs, rankA.indices.filter { !takenA[$0] }, rankB.indices.filter { !takenB[$0] })
    }
}

/// Sorts indices of `items` into a canonical order: by `key`, then by the full printed value, so
/// that the order depends only on content.
func canonicalOrder<T>(_ items: [T], key: (T) -> [String]) -> [Int] {
    let keys = items.map(key)
    return items.indices.sorted { i, j in
        if keys[i] != keys[j] { return keys[i].lexicographicallyPrecedes(keys[j]) }
        let di = String(reflecting: items[i]), dj = String(reflecting: items[j])
        if di != dj { return di < dj }
        return i < j
    }
}

/// Converts a threshold such as `0.8` into whole thousandths (800), the exact form used in
/// comparisons.
func permille(_ threshold: Double) -> Int { Int((threshold * 1000).rounded()) }

/// `items` sorted by `key`, then by their full printed value: an order that depends only on content.
func sortedCanonically<T>(_ items: [T], key: (T) -> [String]) -> [T] {
    canonicalOrder(items, key: key).map { items[$0] }
}
