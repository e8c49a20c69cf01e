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
    enum Side { case a, b }

    /// - Parameters: keysA, keysB: each already in ascending order (`lexicographicallyPrecedes`),
    ///   as ``canonicalOrder(_:key:)`` leaves them; they are merged, not sorted again.
    init(sortedKeysA keysA: [[String]], sortedKeysB keysB: [[String]]) {
        assert(zip(keysA, keysA.dropFirst()).allSatisfy { !$1.lexicographicallyPrecedes($0) }, "keys of a not sorted")
        assert(zip(keysB, keysB.dropFirst()).allSatisfy { !$1.lexicographicallyPrecedes($0) }, "keys of b not sorted")
        func key(_ k: Key) -> [String] { k.side == .a ? keysA[k.index] : keysB[k.index] }
        self.init(countA: keysA.count, countB: keysB.count, precedes: {
            key($0).lexicographicallyPrecedes(key($1))
        }, firstDifference: {
            let x = key($0), y = key($1)
            var k = 0
            while k < x.count, k < y.count, x[k] == y[k] { k += 1 }
            return k == x.count && k == y.count ? Int.max : k
        })
    }

    /// A key by side and its index in that side's sorted order.
    struct Key { var side: Side; var index: Int }

    /// - Parameters:
    ///   - countA, countB: the number of keys of each side, each side in ascending order.
    ///   - precedes: whether one key is before another (a strict weak order, as `lexicographicallyPrecedes`).
    ///   - firstDifference: the index of the first component in which two keys differ, `Int.max`
    ///     when they are equal.
    init(countA: Int, countB: Int, precedes: (Key, Key) -> Bool, firstDifference: (Key, Key) -> Int) {
        var order: [(side: Side, index: Int, difference: Int)] = []
        order.reserveCapacity(countA + countB)
        var i = 0, j = 0
        var previous: Key?
        while i < countA || j < countB {
            let takeA: Bool
            if i == countA { takeA = false } else if j == countB { takeA = true } else {
                takeA = !precedes(Key(side: .b, index: j), Key(side: .a, index: i))
            }
            let key = takeA ? Key(side: .a, index: i) : Key(side: .b, index: j)
            let d = previous.map { firstDifference($0, key) } ?? 0
            order.append((key.side, key.index, d))
            if takeA { i += 1 } else { j += 1 }
            previous = key
        }
        self.order = order
        (rankA, rankB) = Self.ranks(order, counts: (countA, countB), length: Int.max)
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

/// ``canonicalOrder(_:key:)`` for items whose keys are packed: the keys of `items` are those of
/// `view` from `first` on, in the order of `items`. Items with equal keys are ordered by
/// `tieKey` (compared as strings), then by their full printed value; so when the packed keys
/// are the first components of `key` and `tieKey` the rest, the order is that of
/// `canonicalOrder(items, key:)`.
func canonicalOrder<T>(_ items: [T], packed view: PackedKeys.View, first: Int,
                       tieKey: ((T) -> [String])? = nil) -> [Int] {
    items.indices.sorted { i, j in
        if !view.equal(first + i, first + j) { return view.less(first + i, first + j) }
        if let tieKey {
            let ti = tieKey(items[i]), tj = tieKey(items[j])
            if ti != tj { return ti.lexicographicallyPrecedes(tj) }
        }
        let di = String(reflecting: items[i]), dj = String(reflecting: items[j])
        if di != dj { return di < dj }
        return i < j
    }
}

extension StagedGreedyMatcher {
    /// A matcher on packed keys: those of `a` are keys `0..<orderA.count` of `view`, those of `b`
    /// follow; `orderA` and `orderB` sort them (``canonicalOrder(_:packed:first:tieKey:)``).
    init(packed view: PackedKeys.View, orderA: [Int], orderB: [Int]) {
        let offset = orderA.count
        func id(_ k: Key) -> Int { k.side == .a ? orderA[k.index] : offset + orderB[k.index] }
        self.init(countA: orderA.count, countB: orderB.count,
                  precedes: { view.less(id($0), id($1)) },
                  firstDifference: { view.firstDifference(id($0), id($1)) })
    }
}

/// Converts a threshold such as `0.8` into whole thousandths (800), the exact form used in
/// comparisons.
func permille(_ threshold: Double) -> Int { Int((threshold * 1000).rounded()) }

/// `items` sorted by `key`, then by their full printed value: an order that depends only on content.
func sortedCanonically<T>(_ items: [T], key: (T) -> [String]) -> [T] {
    canonicalOrder(items, key: key).map { items[$0] }
}
