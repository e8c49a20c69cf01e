#if canImport(Glibc)
import Glibc
#endif
import BudgitModel

/// A cursor over the bytes of one canonical file, for the single-pass readers.
///
/// Every method consumes exactly the canonical shape it names or throws ``Surprise``. It never
/// explains why: a fast reader that meets a surprise gives up and lets the generic reader
/// (``RecordReader``) read the same bytes, which accepts or rejects them with a line-numbered
/// ``CanonicalError``. So the scanner may be stricter than the format (it gives up on rare but
/// valid shapes, such as a 19-digit line number), never looser: whatever it accepts, the
/// generic reader accepts with the same values.
///
/// It works on an `UnsafeBufferPointer` that the caller keeps alive for the scanner's lifetime
/// (`withUnsafeBufferPointer`), so reading a byte costs no retain, release or bounds check.
struct CanonicalScanner {
    /// Something other than the canonical shape the reader expected.
    struct Surprise: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Strings made before, to share (see ``StringTable``); the caller keeps the table alive and
    /// does not touch it for the scanner's lifetime (`withUnsafeMutablePointer`).
    private let strings: UnsafeMutablePointer<StringTable>?

    init(_ bytes: UnsafeBufferPointer<UInt8>, strings: UnsafeMutablePointer<StringTable>? = nil) {
        self.bytes = bytes; self.strings = strings
    }

    /// Whether every byte has been consumed.
    var atEnd: Bool { index == bytes.count }

    /// Consumes `literal` if the bytes at the cursor are exactly it.
    /// - Returns: whether they were (the cursor does not move otherwise).
    mutating func take(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard bytes.count - index >= n else { return false }
        if n > 0, memcmp(bytes.baseAddress! + index, literal.utf8Start, n) != 0 { return false }
        index += n
        return true
    }

    /// Consumes `literal` or throws.
    mutating func expect(_ literal: StaticString) throws(Surprise) {
        guard take(literal) else { throw Surprise() }
    }

    /// Consumes the end of a record: `}` and the line's LF.
    mutating func endRecord() throws(Surprise) { try expect("}\n") }

    // MARK: Strings

    /// Reads the rest of a string whose opening quote is consumed, and its closing quote.
    ///
    /// Nearly every string has no escape and is made straight from the file's bytes; the rest
    /// are unescaped into a buffer first. Escapes and control characters follow the format
    /// exactly: the short escapes, `\u00xx` (lower-case hex) only for control characters that
    /// have no short one, no raw control character.
    mutating func string() throws(Surprise) -> String {
        let start = index
        var high: UInt8 = 0
        // Eight bytes at a time while none of them ends the string, starts an escape or is a
        // control character; the loop below looks at the rest one by one.
        var wide: UInt64 = 0
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            while bytes.count - index >= 8 {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                guard !Self.hasSpecialByte(w) else { break }
                wide |= w
                index += 8
            }
        }
        if wide & 0x8080_8080_8080_8080 != 0 { high = 0x80 }
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let utf8 = UnsafeBufferPointer(rebasing: bytes[start..<index])
                let s: String
                if let strings, utf8.count >= StringTable.minimumLength {
                    let h = StringTable.hash(utf8)
                    if let kept = strings.pointee.find(utf8, hash: h) {
                        s = kept
                    } else {
                        s = try Self.makeString(utf8, ascii: high < 0x80)
                        strings.pointee.insert(s, hash: h)
                    }
                } else {
                    s = try Self.makeString(utf8, ascii: high < 0x80)
                }
                index += 1
                return s
            }
            if b == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if b < 0x20 || b == 0x7F { throw Surprise() }
            high |= b
            index += 1
        }
        throw Surprise()
    }

    /// Whether one of the eight bytes of `w` is a quote, a backslash, below 0x20 or 0x7F (the
    /// bytes ``string()`` must look at). Each test is exact: a byte is flagged only when some byte
    /// matches (borrows reach only bytes above a matching one).
    @inline(__always)
    static func hasSpecialByte(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let below = (w &- ones &* 0x20) & ~w & highs
        return (below | hasZero(w ^ (ones &* 0x22)) | hasZero(w ^ (ones &* 0x5C)) | hasZero(w ^ (ones &* 0x7F))) != 0
    }

    /// The slow half of ``string()``: the string from `start` has an escape at the cursor.
    private mutating func escapedString(from start: Int) throws(Surprise) -> String {
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return try out.withUnsafeBufferPointer { buf throws(Surprise) in try Self.makeString(buf, ascii: false) }
            }
            if b < 0x20 || b == 0x7F { throw Surprise() }
            guard b == UInt8(ascii: "\\") else { out.append(b); index += 1; continue }
            guard index + 1 < bytes.count else { throw Surprise() }
            switch bytes[index + 1] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "u"):
                guard index + 6 <= bytes.count, bytes[index + 2] == UInt8(ascii: "0"), bytes[index + 3] == UInt8(ascii: "0"),
                      let hi = Self.lowerHex(bytes[index + 4]), let lo = Self.lowerHex(bytes[index + 5]) else { throw Surprise() }
                let v = hi << 4 | lo
                guard (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0x7F else { throw Surprise() }
                out.append(v)
                index += 4
            default: throw Surprise()
            }
            index += 2
        }
        throw Surprise()
    }

    /// The value of a lower-case hex digit, as the writer prints them.
    private static func lowerHex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// A string from UTF-8 bytes, which must be valid.
    ///
    /// `String(decoding:as:)` is specialised for a buffer of bytes (`String(validating:as:)`
    /// instantiated generic metadata on every call and showed in profiles) but repairs invalid
    /// bytes with U+FFFD where the generic reader rejects them. Its result is always valid UTF-8,
    /// so it equals the input byte for byte exactly when the input was valid: that comparison
    /// is the validation. ASCII is always valid. Text that is not in Unicode NFC is a surprise too:
    /// the generic reader rejects it with its line (a quick scan passes nearly all Chinese text).
    private static func makeString(_ utf8: UnsafeBufferPointer<UInt8>, ascii: Bool) throws(Surprise) -> String {
        var s = String(decoding: utf8, as: UTF8.self)
        if ascii { return s }
        let same = s.withUTF8 { made in
            made.count == utf8.count && (made.count == 0 || memcmp(made.baseAddress!, utf8.baseAddress!, made.count) == 0)
        }
        guard same, NFC.isNFC(utf8) else { throw Surprise() }
        return s
    }

    /// Reads the rest of a string whose value is the raw value of one of `cases`, and its
    /// closing quote.
    ///
    /// The raw values need no escape, so a canonical string holds one exactly when its bytes are
    /// the raw value's; the value is matched as bytes, without making a `String` to look up.
    mutating func oneOf<T: RawRepresentable>(_ cases: [T]) throws(Surprise) -> T where T.RawValue == String {
        for c in cases {
            var raw = c.rawValue
            let n = raw.withUTF8 { r in
                bytes.count - index > r.count && bytes[index + r.count] == UInt8(ascii: "\"")
                    && (r.count == 0 || memcmp(bytes.baseAddress! + index, r.baseAddress!, r.count) == 0) ? r.count : nil
            }
            if let n { index += n + 1; return c }
        }
        throw Surprise()
    }

    // MARK: Numbers

    /// Reads the rest of a string holding a whole number as the writer prints it (`"12"`,
    /// `"-3"`: no leading zero, no `+`, not `-0`), and its closing quote.
    mutating func int() throws(Surprise) -> Int {
        let negative = take("-")
        let v = try digits(maxCount: 18)
        try expect("\"")
        guard !(negative && v == 0) else { throw Surprise() }
        return negative ? -v : v
    }

    /// Reads a run of decimal digits with no leading zero (but `0` itself), up to the first byte
    /// that is not a digit.
    ///
    /// At most `maxCount` digits, so that the caller's arithmetic cannot overflow: longer numbers
    /// are a surprise, left to the generic reader.
    private mutating func digits(maxCount: Int) throws(Surprise) -> Int {
        let start = index
        var v = 0
        while index < bytes.count, case let d = bytes[index] &- UInt8(ascii: "0"), d < 10 {
            guard index - start < maxCount else { throw Surprise() }
            v = v * 10 + Int(d)
            index += 1
        }
        let count = index - start
        guard count == 1 || (count > 1 && bytes[start] != UInt8(ascii: "0")) else { throw Surprise() }
        return v
    }

    /// Reads the rest of a string holding an amount in canonical form (`"12345.67"`, `"-0.50"`;
    /// see ``Money/init(canonical:)``), and its closing quote.
    ///
    /// Up to 16 digits before the point, so the value in fen cannot overflow.
    mutating func money() throws(Surprise) -> Money {
        let negative = take("-")
        let yuan = try digits(maxCount: 16)
        try expect(".")
        guard bytes.count - index >= 3,
              case let d1 = bytes[index] &- UInt8(ascii: "0"), d1 < 10,
              case let d2 = bytes[index + 1] &- UInt8(ascii: "0"), d2 < 10,
              bytes[index + 2] == UInt8(ascii: "\"") else { throw Surprise() }
        index += 3
        let fen = Int64(yuan) * 100 + Int64(d1) * 10 + Int64(d2)
        // Beyond the range: a surprise, so the generic reader reports it with its line.
        guard !(negative && fen == 0), fen <= Money.limit.fen else { throw Surprise() }
        return Money(fen: negative ? -fen : fen)
    }

    /// Reads the rest of a string holding a source line range, `"N"` or `"N-M"` with N < M (as
    /// ``CanonicalFormat/span(_:_:)`` accepts), and its closing quote.
    mutating func lineRange() throws(Surprise) -> (first: Int, last: Int) {
        let first = try digits(maxCount: 18)
        if take("\"") { return (first, first) }
        try expect("-")
        let last = try digits(maxCount: 18)
        try expect("\"")
        guard first < last else { throw Surprise() }
        return (first, last)
    }

    // MARK: Fields

    /// The `v` of a one-value record that starts with `prefix` (up to the value's opening
    /// quote), or nil when the next line is of another kind.
    mutating func optionalValue(_ prefix: StaticString) throws(Surprise) -> String? {
        guard take(prefix) else { return nil }
        let v = try string()
        try endRecord()
        return v
    }

    /// The optional key `"key":"…"` (with its leading comma, `,"key":"`) and its value.
    mutating func optionalField(_ key: StaticString) throws(Surprise) -> String? {
        guard take(key) else { return nil }
        return try string()
    }

    /// A record's required key (`,"key":"`) and its value.
    mutating func field(_ key: StaticString) throws(Surprise) -> String {
        try expect(key)
        return try string()
    }

    // MARK: Budget tables

    /// Reads the rest of a string holding a classification code as the writer prints it
    /// (`"205 08 01"`: runs of ASCII digits separated by single spaces, as ``ClassificationCode``
    /// describes itself), and its closing quote.
    mutating func classificationCode() throws(Surprise) -> ClassificationCode {
        var parts: [String] = []
        while true {
            let start = index
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            guard index > start, index < bytes.count else { throw Surprise() }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
            let b = bytes[index]
            index += 1
            if b == UInt8(ascii: "\"") { return ClassificationCode(parts: parts) }
            guard b == UInt8(ascii: " ") else { throw Surprise() }
        }
    }

    /// Reads a list of amounts (see ``money()``) and `null`s whose `[` is consumed, and its `]`.
    mutating func amountList(capacity: Int) throws(Surprise) -> [Money?] {
        var out: [Money?] = []
        out.reserveCapacity(capacity)
        if take("]") { return out }
        repeat {
            if take("null") {
                out.append(nil)
            } else {
                try expect("\"")
                out.append(try money())
            }
        } while take(",")
        try expect("]")
        return out
    }

    // MARK: Lists

    /// Reads a list of strings whose `[` is consumed, and its `]`.
    mutating func stringList() throws(Surprise) -> [String] {
        var out: [String] = []
        if take("]") { return out }
        repeat {
            try expect("\"")
            out.append(try string())
        } while take(",")
        try expect("]")
        return out
    }

    /// Reads a list of whole numbers whose `[` is consumed, and its `]`, giving the `k`-th to
    /// `items[k]` through `set`. The list must have exactly one number per item.
    mutating func intList<T>(into items: inout [T], _ set: (inout T, Int) -> Void) throws(Surprise) {
        for k in items.indices {
            if k > 0 { try expect(",") }
            try expect("\"")
            set(&items[k], try int())
        }
        try expect("]")
    }
}
