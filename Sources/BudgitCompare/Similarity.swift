import BudgitModel

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
        if let s = diceOfScalars(a, b) { return s }
        return diceOfCharacters(a, b)
    }

    /// ``dice(_:_:)`` by characters and `String` grams: the reference, and the way for text that
    /// is not simple.
    static func diceOfCharacters(_ a: String, _ b: String) -> Similarity {
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

    /// ``dice(_:_:)`` on scalars, when both strings are ``SimpleText`` without CR (else nil).
    ///
    /// In such text every scalar is a character (CR LF is the one pair of simple scalars that
    /// makes a single character), and two grams are equal strings exactly when their scalars are
    /// equal, so counting common grams as sorted scalar pairs gives the same score as counting
    /// `String` grams, without making them.
    static func diceOfScalars(_ a: String, _ b: String) -> Similarity? {
        guard let ca = simpleScalars(a), let cb = simpleScalars(b) else { return nil }
        let useBigrams = ca.count >= 2 && cb.count >= 2
        func grams(_ s: [UInt32]) -> [UInt64] {
            guard useBigrams else { return s.map(UInt64.init) }
            return (0..<(s.count - 1)).map { UInt64(s[$0]) << 32 | UInt64(s[$0 + 1]) }
        }
        let ga = grams(ca).sorted(), gb = grams(cb).sorted()
        let total = ga.count + gb.count
        guard total > 0 else { return Similarity(0, 1) }
        var i = 0, j = 0, common = 0
        while i < ga.count, j < gb.count {
            if ga[i] == gb[j] { common += 1; i += 1; j += 1 } else if ga[i] < gb[j] { i += 1 } else { j += 1 }
        }
        return Similarity(2 * common, total)
    }

    /// The scalars of `s` when it is simple text without CR, else nil.
    private static func simpleScalars(_ s: String) -> [UInt32]? {
        var s = s
        return s.withUTF8 { u -> [UInt32]? in
            guard SimpleText.isSimple(u) else { return nil }
            var out: [UInt32] = []
            out.reserveCapacity(u.count)
            var i = 0
            while i < u.count {
                let c = u[i]
                if c < 0x80 {
                    if c == 0x0D { return nil }
                    out.append(UInt32(c)); i += 1
                } else {  // simple text has only one- and three-byte scalars
                    out.append(UInt32(c & 0x0F) << 12 | UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F))
                    i += 3
                }
            }
            return out
        }
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
