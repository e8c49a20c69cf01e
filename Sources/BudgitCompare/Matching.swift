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
    /// Candidate `b` indices worth evaluating for `a` (all when nil); a speed-up only.
    var candidates: ((_ a: Int) -> [Int])? = nil
}

/// Staged, one-to-one, score-ranked greedy matching with a tie-break that does not depend on
/// input order or on which side is which.
///
/// Inputs must already be in a canonical order (sorted by content), so that the index is a
/// last-resort tie-break among items with equal keys. Within a stage, candidate pairs are ranked
/// by score (higher first), then by the pair of keys taken in side-independent order (smaller key
/// first), then by the keys and indices; a pair is taken when neither side is taken yet. This
/// makes `match(b, a)` the mirror of `match(a, b)`.
/// - Complexity: O(*n m* log(*n m*)) per stage.
struct StagedGreedyMatcher {
    var keysA: [[String]]
    var keysB: [[String]]

    func run(_ stages: [MatchStage]) -> (pairs: [Matching.Pair], unmatchedA: [Int], unmatchedB: [Int]) {
        var takenA = [Bool](repeating: false, count: keysA.count)
        var takenB = [Bool](repeating: false, count: keysB.count)
        var pairs: [Matching.Pair] = []
        struct Candidate { var a: Int; var b: Int; var score: Similarity; var reason: MatchReason }
        for stage in stages {
            var cands: [Candidate] = []
            for a in keysA.indices where !takenA[a] {
                let bs = stage.candidates?(a) ?? Array(keysB.indices)
                for b in bs where !takenB[b] {
                    if let (score, reason) = stage.evaluate(a, b) {
                        cands.append(Candidate(a: a, b: b, score: score, reason: reason))
                    }
                }
            }
            cands.sort { x, y in
                if x.score != y.score { return x.score > y.score }
                let (xl, xh) = ordered(keysA[x.a], keysB[x.b])
                let (yl, yh) = ordered(keysA[y.a], keysB[y.b])
                if xl != yl { return xl.lexicographicallyPrecedes(yl) }
                if xh != yh { return xh.lexicographicallyPrecedes(yh) }
                if keysA[x.a] != keysA[y.a] { return keysA[x.a].lexicographicallyPrecedes(keysA[y.a]) }
                if x.a != y.a { return x.a < y.a }
                return x.b < y.b
            }
            for c in cands where !takenA[c.a] && !takenB[c.b] {
                takenA[c.a] = true; takenB[c.b] = true
                pairs.append(Matching.Pair(a: c.a, b: c.b, reason: c.reason))
            }
        }
        pairs.sort { $0.a < $1.a }
        return (pairs, keysA.indices.filter { !takenA[$0] }, keysB.indices.filter { !takenB[$0] })
    }

    private func ordered(_ x: [String], _ y: [String]) -> ([String], [String]) {
        x.lexicographicallyPrecedes(y) ? (x, y) : (y, x)
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
