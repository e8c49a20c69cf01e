/// An exact amount of money in whole fen (0.01 元). Never a floating-point number.
///
/// Parse it from decimal text with ``Money/parse(_:unit:)``; amounts printed in 万元 are
/// multiplied by 10,000 exactly, and any amount that does not convert to whole fen is rejected.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in fen (1 元 = 100 fen).
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }

    /// An amount of whole 元.
    public init(yuan: Int64) { self.fen = yuan * 100 }

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
            case .overflow(let t): return "`\(t)` is too large"
            }
        }
    }

    /// Parses decimal text digit by digit: `1845. 2`, `11,043.84`, `-12.5`, `(3.0)`.
    ///
    /// Spaces and thousands separators (`,` `，`) are ignored; a leading `-` or surrounding
    /// parentheses make the amount negative only when `parenthesesNegative` is set (the seeds print
    /// 上年结转资金 as `(AMT)` meaning a sub-amount, not a negative one, so the default is to strip
    /// them).
    /// - Throws: ``ParseError`` when the text is not a decimal number or does not convert to whole fen.
    public static func parse(_ text: String, unit: SourceUnit) throws(ParseError) -> Money {
        var negative = false
        var intPart: Int64 = 0
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
        for ch in body {
            switch ch {
            case "0"..."9":
                let d = Int64(ch.asciiValue! - 48)
                sawDigit = true
                if seenDot { fracDigits.append(d) } else {
                    let (m, o1) = intPart.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(d)
                    if o1 || o2 { throw .overflow(text) }
                    intPart = s
                }
            case ".", "．":
                if seenDot { throw .notANumber(text) }
                seenDot = true
            case ",", "，", " ", "\u{A0}", "\u{3000}":
                if seenDot && ch != " " { throw .notANumber(text) }
                continue
            default:
                throw .notANumber(text)
            }
        }
        if !sawDigit { throw .notANumber(text) }
        while let l = fracDigits.last, l == 0 { fracDigits.removeLast() }
        let scale = unit.scaleDigits
        if fracDigits.count > scale { throw .tooPrecise(text, unit) }
        var fen = intPart
        let multiplier: Int64 = unit == .yuan ? 100 : 1_000_000
        let (m, o) = fen.multipliedReportingOverflow(by: multiplier)
        if o { throw .overflow(text) }
        fen = m
        var place: Int64 = multiplier / 10
        for d in fracDigits { fen += d * place; place /= 10 }
        return Money(fen: negative ? -fen : fen)
    }

    /// Parses the canonical form `12345.67` (exactly two decimals, optional leading `-`).
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
    public static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }
    public static func - (a: Money, b: Money) -> Money { Money(fen: a.fen - b.fen) }
    public static func += (a: inout Money, b: Money) { a.fen += b.fen }
    public static prefix func - (a: Money) -> Money { Money(fen: -a.fen) }

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
    public func percentChange(to other: Money) -> String? {
        guard fen != 0 else { return nil }
        // Integer arithmetic in tenths of a percent, rounded half away from zero.
        let num = (other.fen - fen) * 1000
        let den = fen.magnitude
        var q = num / Int64(den)
        let r = num % Int64(den)
        if 2 * r.magnitude >= den { q += num < 0 ? -1 : 1 }
        let sign = q > 0 ? "+" : (q < 0 ? "-" : "")
        let m = q.magnitude
        return "\(sign)\(m / 10).\(m % 10)%"
    }
}
