/// Exact comparison of decimal numbers written as text (`90`, `95.0`, `-0.5`, `1,000`).
///
/// Targets keep their numbers as text; comparing them through `Double` could call `0.1` and
/// `0.10000000000000001` equal. This compares digit by digit instead.
public enum ExactDecimal {
    /// -1, 0 or 1 as `a` is less than, equal to or greater than `b`; nil when either is not a
    /// plain decimal number.
    public static func compare(_ a: String, _ b: String) -> Int? {
        guard let x = parse(a), let y = parse(b) else { return nil }
        let xZero = x.int.isEmpty && x.frac.isEmpty, yZero = y.int.isEmpty && y.frac.isEmpty
        let xs = xZero ? 0 : (x.negative ? -1 : 1), ys = yZero ? 0 : (y.negative ? -1 : 1)
        if xs != ys { return xs < ys ? -1 : 1 }
        if xs == 0 { return 0 }
        let m = magnitudeCompare(x, y)
        return xs > 0 ? m : -m
    }

    private struct Parsed { var negative: Bool; var int: [UInt8]; var frac: [UInt8] }

    private static func parse(_ text: String) -> Parsed? {
        var bytes = Array(text.utf8.filter { $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: " ") })
        var negative = false
        if let f = bytes.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
            negative = f == UInt8(ascii: "-"); bytes.removeFirst()
        }
        var int: [UInt8] = [], frac: [UInt8] = []
        var seenDot = false, sawDigit = false
        for b in bytes {
            if b == UInt8(ascii: ".") {
                if seenDot { return nil }
                seenDot = true
            } else if b >= 48 && b <= 57 {
                sawDigit = true
                if seenDot { frac.append(b) } else { int.append(b) }
            } else {
                return nil
            }
        }
        guard sawDigit else { return nil }
        while int.first == UInt8(ascii: "0") { int.removeFirst() }
        while frac.last == UInt8(ascii: "0") { frac.removeLast() }
        return Parsed(negative: negative, int: int, frac: frac)
    }

    private static func magnitudeCompare(_ x: Parsed, _ y: Parsed) -> Int {
        if x.int.count != y.int.count { return x.int.count < y.int.count ? -1 : 1 }
        if x.int != y.int { return x.int.lexicographicallyPrecedes(y.int) ? -1 : 1 }
        let n = max(x.frac.count, y.frac.count)
        for k in 0..<n {
            let dx = k < x.frac.count ? x.frac[k] : 48, dy = k < y.frac.count ? y.frac[k] : 48
            if dx != dy { return dx < dy ? -1 : 1 }
        }
        return 0
    }
}
