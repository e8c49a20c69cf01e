/// An exact similarity score between 0 and 1, kept as a reduced fraction so that ranking and
/// thresholds never depend on floating-point rounding.
public struct Similarity: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    public static let one = Similarity(1, 1)

    /// A score `numerator / denominator`; the fraction is reduced. `denominator` must be positive.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator > 0, "a similarity needs a positive denominator")
        let g = Similarity.gcd(numerator, denominator)
        self.numerator = numerator / g
        self.denominator = denominator / g
    }

    public static func < (a: Similarity, b: Similarity) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }

    /// Whether the score is at least `permille / 1000`.
    public func meets(permille: Int) -> Bool { numerator * 1000 >= permille * denominator }

    /// The score with two decimals, rounded half up: `0.86`.
    public var description: String {
        let hundredths = (numerator * 200 + denominator) / (2 * denominator)
        let frac = hundredths % 100
        return "\(hundredths / 100)." + (frac < 10 ? "0" : "") + "\(frac)"
    }

    /// The Sørensen–Dice coefficient of the character bigrams of two strings (unigrams when
    /// either string is shorter than two characters); 1 when the strings are equal.
    /// - Complexity: O(*n* + *m*).
    public static func dice(_ a: String, _ b: String) -> Similarity {
        if a == b { return .one }
        let ca = Array(a), cb = Array(b)
        let useBigrams = ca.count >= 2 && cb.count >= 2
        let ga = grams(ca, bigrams: useBigrams), gb = grams(cb, bigrams: useBigrams)
        let total = ga.count + gb.count
        guard total > 0 else { return Similarity(0, 1) }
        var counts: [String: Int] = [:]
        for g in ga { counts[g, default: 0] += 1 }
        var common = 0
        for g in gb {
            if let n = counts[g], n > 0 { counts[g] = n - 1; common += 1 }
        }
        return Similarity(2 * common, total)
    }

    private static func grams(_ chars: [Character], bigrams: Bool) -> [String] {
        guard bigrams else { return chars.map { String($0) } }
        return (0..<(chars.count - 1)).map { String(chars[$0]) + String(chars[$0 + 1]) }
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var x = a.magnitude, y = b.magnitude
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : Int(x)
    }
}
