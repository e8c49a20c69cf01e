/// An exact amount of money in whole fen (0.01 元). Never a floating-point number.
///
/// Parse it from decimal text with ``Money/parse(_:unit:)``; amounts printed in 万元 are
/// multiplied by 10,000 exactly, and any amount that does not convert to whole fen is rejected.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in fen (1 元 = 100 fen).
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }

    /// An amount of whole 元 (saturating at `±Int64.max` fen).
    public init(yuan: Int64) {
        let (f, o) = yuan.multipliedReportingOverflow(by: 100)
        self.fen = o ? (yuan < 0 ? -Int64.max : Int64.max) : f
    }

    public static let zero = Money(fen: 0)

    /// The unit an amount was printed in.
    public enum SourceUnit: String, Sendable, Hashable, Codable {
        case yuan = "元"
        case wanYuan = "万元"

        var scaleDigits: Int { self == .yuan ? 2 : 6 }
    }

    /// Why a piece of text is not an exact amount.
    public enum ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        case empty
        case notANumber(String)
        case tooPrecise(String, SourceUnit)
        case overflow(String)

        public var description: String {
            switch self {
            case .empty: return "the amount is empty"
            case .notANumber(let t): return "`\(t)` is not a number"
            case .tooPrecise(let t, let u): return "`\(t)` \(u.rawValue) is not a whole number of fen"
            case .overflow(let t): return "`\(t)` is beyond the amount range (at most \(Money.limit.grouped) 元)"
            }
        }
    }

    /// The largest magnitude an amount may have: 10^15 元 (10^17 fen).
    ///
    /// A thousand times China's yearly national budget, so no real document comes near it, and
    /// small enough that sums of up to 92 amounts cannot overflow `Int64` (9.2 × 10^18 fen).
    /// ``parse(_:unit:)`` and ``init(canonical:)`` refuse larger amounts; sums over more amounts
    /// use ``sum(_:)`` or ``adding(_:)``, which report overflow instead of trapping.
    public static let limit = Money(fen: 100_000_000_000_000_000)

    /// True when `|fen| ≤ Money.limit`.
    public var isInRange: Bool { fen.magnitude <= Money.limit.fen.magnitude }

    /// An amount read from stored data (a cache, a canonical file); nil when out of range.
    public init?(checkedFen fen: Int64) {
        guard fen.magnitude <= Money.limit.fen.magnitude else { return nil }
        self.fen = fen
    }

    /// Parses decimal text digit by digit: `1845. 2`, `11,043.84`, `-12.5`, `(3.0)`.
    ///
    /// Spaces and thousands separators (`,` `，`) are ignored; a leading `-` or surrounding
    /// parentheses make the amount negative only when `parenthesesNegative` is set (the seeds print
    /// 上年结转资金 as `(AMT)` meaning a sub-amount, not a negative one, so the default is to strip
    /// them).
    /// - Throws: ``ParseError`` when the text is not a decimal number, does not convert to whole
    ///   fen, or is beyond ``limit``.
    /// - Complexity: O(n) in the length of the text.
    public static func parse(_ text: String, unit: SourceUnit) throws(ParseError) -> Money {
        var negative = false
        var intPart: Int64 = 0
        var tooLarge = false
        var fracDigits: [Int64] = []
        var seenDot = false
        var sawDigit = false
        var body = Substring(text)
        body = body.drop(while: { $0 == " " || $0 == "\u{3000}" || $0 == "\u{A0}" || $0 == "\t" })
        while let last = body.last, last == " " || last == "\u{3000}" || last == "\u{A0}" || last == "\t" { body = body.dropLast() }
        if body.first == "(" || body.first == "（" , body.last == ")" || body.last == "）" {
            body = body.dropFirst().dropLast()
        }
        if body.first == "-" || body.first == "－" { negative = true; body = body.dropFirst() }
        if body.isEmpty { throw .empty }
        let multiplier: Int64 = unit == .yuan ? 100 : 1_000_000
        let maxInt = Money.limit.fen / multiplier
        for ch in body {
            switch ch {
            case ".", "．":
                if seenDot { throw .notANumber(excerpt(text)) }
                seenDot = true
            case ",", "，", " ", "\u{A0}", "\u{3000}":
                if seenDot && ch != " " { throw .notANumber(excerpt(text)) }
                continue
            default:
                // Only the ten ASCII digits: `"0"..."9"` as a Character range also holds `0` with
                // combining marks, which have no ASCII value.
                guard let a = ch.asciiValue, a >= 48, a <= 57 else { throw .notANumber(excerpt(text)) }
                let d = Int64(a - 48)
                sawDigit = true
                if seenDot {
                    fracDigits.append(d)
                } else if !tooLarge {
                    // Kept below `maxInt` (< Int64.max / 10), so this cannot overflow.
                    intPart = intPart * 10 + d
                    if intPart > maxInt { tooLarge = true }
                }
            }
        }
        if !sawDigit { throw .notANumber(excerpt(text)) }
        while let l = fracDigits.last, l == 0 { fracDigits.removeLast() }
        if fracDigits.count > unit.scaleDigits { throw .tooPrecise(excerpt(text), unit) }
        if tooLarge { throw .overflow(excerpt(text)) }
        // intPart ≤ maxInt, so fen ≤ limit + multiplier - 1: no overflow.
        var fen = intPart * multiplier
        var place: Int64 = multiplier / 10
        for d in fracDigits { fen += d * place; place /= 10 }
        if fen > Money.limit.fen { throw .overflow(excerpt(text)) }
        return Money(fen: negative ? -fen : fen)
    }

    /// At most 40 characters of `text`, with `…` when cut (error messages stay short).
    static func excerpt(_ text: String) -> String {
        var out = ""
        var n = 0
        for ch in text {
            if n == 40 { return out + "…" }
            out.append(ch); n += 1
        }
        return out
    }

    /// Parses the canonical form `12345.67` (exactly two decimals, optional leading `-`); nil when
    /// the text is not in that form or the amount is beyond ``limit``.
    public init?(canonical text: String) {
        let utf8 = Array(text.utf8)
        var i = 0
        var neg = false
        if utf8.first == UInt8(ascii: "-") { neg = true; i = 1 }
        guard utf8.count >= i + 4, utf8[utf8.count - 3] == UInt8(ascii: ".") else { return nil }
        var v: Int64 = 0
        for (k, b) in utf8[i...].enumerated() where k + i != utf8.count - 3 {
            guard b >= 48 && b <= 57 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(b - 48))
            if o1 || o2 { return nil }
            v = s
        }
        // Reject leading zeros such as `01.00` so that the text form is unique.
        if utf8.count - 3 - i > 1 && utf8[i] == UInt8(ascii: "0") { return nil }
        if neg && v == 0 { return nil }
        guard v <= Money.limit.fen else { return nil }
        self.fen = neg ? -v : v
    }

    /// `12345.67`: the canonical text, in 元 with exactly two decimals.
    public var description: String {
        let neg = fen < 0
        let a = fen.magnitude
        let yuan = a / 100, cents = a % 100
        return (neg ? "-" : "") + "\(yuan)." + (cents < 10 ? "0" : "") + "\(cents)"
    }

    /// `12,345.67`: thousands separators, for people.
    public var grouped: String {
        // Written backwards into 32 bytes (at most a sign, 17 digits, 5 commas, a point and 2
        // digits); results of 15 bytes or fewer are small strings, which allocate nothing.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buf in
            var i = buf.count
            func put(_ b: UInt8) { i -= 1; buf[i] = b }
            let a = fen.magnitude
            let cents = a % 100
            var yuan = a / 100
            put(UInt8(ascii: "0") + UInt8(cents % 10))
            put(UInt8(ascii: "0") + UInt8(cents / 10))
            put(UInt8(ascii: "."))
            var digits = 0
            repeat {
                if digits > 0 && digits % 3 == 0 { put(UInt8(ascii: ",")) }
                put(UInt8(ascii: "0") + UInt8(yuan % 10))
                yuan /= 10; digits += 1
            } while yuan > 0
            if fen < 0 { put(UInt8(ascii: "-")) }
            return String(decoding: UnsafeBufferPointer(rebasing: buf[i...]), as: UTF8.self)
        }
    }

    public static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }

    /// `a + b`, saturating at `±Int64.max` fen instead of trapping.
    ///
    /// Exact for amounts within ``limit`` and for sums of up to 92 of them; where the number of
    /// terms is unbounded (rows of a table, projects of a unit), use ``sum(_:)`` or ``adding(_:)``
    /// and report the overflow.
    public static func + (a: Money, b: Money) -> Money {
        let (s, o) = a.fen.addingReportingOverflow(b.fen)
        return o ? Money(fen: b.fen < 0 ? -Int64.max : Int64.max) : Money(fen: s)
    }
    /// `a - b`, saturating at `±Int64.max` fen instead of trapping (exact within ``limit``).
    public static func - (a: Money, b: Money) -> Money {
        let (s, o) = a.fen.subtractingReportingOverflow(b.fen)
        return o ? Money(fen: b.fen > 0 ? -Int64.max : Int64.max) : Money(fen: s)
    }
    public static func += (a: inout Money, b: Money) { a = a + b }
    /// `-a`; `Int64.min` fen (never produced by a reader) becomes `Int64.max`.
    public static prefix func - (a: Money) -> Money { Money(fen: a.fen == .min ? .max : -a.fen) }

    /// `self + other`, or nil when the sum does not fit in `Int64` fen.
    public func adding(_ other: Money) -> Money? {
        let (s, o) = fen.addingReportingOverflow(other.fen)
        return o ? nil : Money(fen: s)
    }

    /// `self - other`, or nil when the difference does not fit in `Int64` fen.
    public func subtracting(_ other: Money) -> Money? {
        let (s, o) = fen.subtractingReportingOverflow(other.fen)
        return o ? nil : Money(fen: s)
    }

    /// The exact sum of the amounts, or nil when it does not fit in `Int64` fen.
    ///
    /// Partial sums may leave the range as long as the total comes back (`max + 1 - 1`): the
    /// running total is kept as a 128-bit pair.
    /// - Complexity: O(n).
    public static func sum<S: Sequence>(_ amounts: S) -> Money? where S.Element == Money {
        let (m, exact) = wideSum(amounts)
        return exact ? m : nil
    }

    /// The sum of the amounts, saturated at ±`Int64.max` fen (with the sign of the exact sum)
    /// when it does not fit; `exact` says whether it did.
    public static func wideSum<S: Sequence>(_ amounts: S) -> (sum: Money, exact: Bool) where S.Element == Money {
        var high: Int64 = 0      // carries, in units of 2^64
        var low: UInt64 = 0
        for m in amounts {
            let (l, carry) = low.addingReportingOverflow(UInt64(bitPattern: m.fen))
            low = l
            // Sign-extend the term: a negative term adds -1 to the high word.
            high &+= (m.fen < 0 ? -1 : 0) &+ (carry ? 1 : 0)
        }
        // Fits in Int64 when the high word is the sign extension of the low word.
        let value = Int64(bitPattern: low)
        guard high == (value < 0 ? -1 : 0) else { return (Money(fen: high < 0 ? -.max : .max), false) }
        return (Money(fen: value), true)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let m = Money(canonical: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "`\(s)` is not an amount like 12.34")
        }
        self = m
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// The change from `self` to `other` in percent, to one decimal, as text (`+12.5%`); nil from zero.
    ///
    /// Exact for any two amounts (even sums near `Int64.max`): computed on magnitudes in unsigned
    /// and full-width arithmetic, in tenths of a percent, rounded half away from zero.
    public func percentChange(to other: Money) -> String? {
        guard fen != 0 else { return nil }
        // |other - self| always fits in UInt64; so does |self|.
        let up = other.fen >= fen
        let delta: UInt64 = up ? UInt64(bitPattern: other.fen &- fen) : UInt64(bitPattern: fen &- other.fen)
        let den = fen.magnitude
        // tenths = delta * 1000 / den = q1 * 1000 + (r1 * 1000) / den, with r1 < den.
        let q1 = delta / den, r1 = delta % den
        let wide = r1.multipliedFullWidth(by: 1000)
        var (q2, r2) = den.dividingFullWidth(wide)   // q2 < 1000: fits
        if r2 >= den - r2 { q2 += 1 }                // 2 * r2 >= den, without overflow
        // Integer part = q1 * 100 + q2 / 10 (as digits), decimal = q2 % 10.
        var whole = q1, hundreds = q2 / 10
        let tenthsDigit = q2 % 10
        if hundreds == 100 { whole += 1; hundreds = 0 }
        let integer = whole == 0 ? "\(hundreds)" : "\(whole)" + (hundreds < 10 ? "0" : "") + "\(hundreds)"
        let isZero = whole == 0 && hundreds == 0 && tenthsDigit == 0
        let sign = isZero ? "" : (up ? "+" : "-")
        return "\(sign)\(integer).\(tenthsDigit)%"
    }
}
