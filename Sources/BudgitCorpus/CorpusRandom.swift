/// A replayable random number generator (SplitMix64) with the helpers the corpus generator needs.
///
/// Every random choice of the generator comes from a stream derived from the corpus seed and a
/// path of integers (unit, year, project, purpose), so one unit's documents never depend on how
/// many numbers another unit drew, and a form re-rendered for a revision draws the same OCR quirks.
///
/// ```swift
/// var rng = CorpusRandom(seed: 42).derived(7, 2022)
/// let ticked = rng.chance(permille: 620)
/// ```
public struct CorpusRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A stream for `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent stream for a path of keys below this one; does not advance `self`.
    public func derived(_ keys: Int...) -> CorpusRandom { derived(keys) }

    /// An independent stream for a path of keys below this one; does not advance `self`.
    public func derived(_ keys: [Int]) -> CorpusRandom {
        var h = state ^ 0x6A09_E667_F3BC_C908
        for k in keys {
            var r = CorpusRandom(seed: h ^ UInt64(bitPattern: Int64(k)) &* 0x9E37_79B9_7F4A_7C15)
            h = r.next()
        }
        return CorpusRandom(seed: h)
    }

    /// A uniform integer in `0..<n` (`n` > 0).
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "below(_:) needs a positive bound")
        // Lemire's multiply-shift with rejection: unbiased and platform independent.
        let bound = UInt64(n)
        while true {
            let x = next()
            let m = x.multipliedFullWidth(by: bound)
            if m.low >= (0 &- bound) % bound { return Int(m.high) }
        }
    }

    /// A uniform integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `permille / 1000`.
    public mutating func chance(permille: Int) -> Bool { below(1000) < permille }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index chosen with the given integer weights (at least one positive).
    public mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var r = below(total)
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }
}
