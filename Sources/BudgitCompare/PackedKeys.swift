import BudgitModel

/// Keys of several string components, packed into one byte buffer so that they compare as bytes.
///
/// Matchers order items by keys such as `[level1, level2, level3, target, note]`, compared as
/// arrays of `String`. Swift compares non-ASCII strings through Unicode normalisation, which
/// dominated the matchers' profile. When every component is ``SimpleText`` and holds no NUL byte,
/// each component is stored followed by a NUL: NUL sorts before every byte a component holds, so
/// the order of the packed bytes is the order of the component arrays (a shorter component
/// first, as in `String`), equal bytes are equal keys, and the number of NULs in the common
/// prefix of two keys is the index of their first differing component. Every key must have the
/// same number of components.
///
/// Besides simple text, a few scalars common in targets (`≥`, `≤`, curly quotes, Latin-1) are
/// packed: each is NFC on its own with combining class 0 and none composes with a preceding
/// scalar, so text made of them and simple text is in NFC and `String` orders it by scalars, the
/// order of its UTF-8 bytes (``isOrderable(_:)``). When some component holds anything else,
/// ``isSimple`` is false and callers use the `String` keys.
struct PackedKeys {
    private var bytes: [UInt8] = []
    /// Where key *k* ends in `bytes` (it starts where key *k* − 1 ends).
    private var ends: [Int] = []
    /// Whether every component added so far is simple text without NUL.
    private(set) var isSimple = true

    init(capacity: Int) { ends.reserveCapacity(capacity); bytes.reserveCapacity(capacity * 48) }

    /// The number of keys ended so far.
    var count: Int { ends.count }

    /// Appends a component to the current key. Once a component is not simple, nothing more is
    /// stored (the keys will not be used).
    mutating func add(_ s: String) {
        guard isSimple else { return }
        var s = s
        let ok = s.withUTF8 { u -> Bool in
            guard Self.isOrderable(u) else { return false }
            bytes.append(contentsOf: u)
            return true
        }
        if ok { bytes.append(0) } else { isSimple = false }
    }

    /// Scalars beyond ``SimpleText`` and Latin-1 that may be packed (see the type's
    /// documentation; `PackedKeysTests` checks each against Foundation's normalisation).
    static let extraScalars: [UInt32] = [0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2030, 0x2103, 0x2264, 0x2265]

    /// Whether every scalar of the (valid) UTF-8 bytes may be packed and none is NUL.
    static func isOrderable(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < u.count {
            let c = u[i]
            // The common cases first: ASCII but NUL, and (the bytes being valid UTF-8) the lead
            // byte of a CJK ideograph U+4000–U+9FFF.
            if c &- 1 < 0x7F { i += 1; continue }
            if c &- 0xE4 < 6 { i += 3; continue }
            var v: UInt32, n: Int
            switch c {
            case 0: return false
            case ..<0xE0: v = UInt32(c & 0x1F); n = 2
            case ..<0xF0: v = UInt32(c & 0x0F); n = 3
            default: return false
            }
            guard i + n <= u.count else { return false }
            for k in 1..<n { v = v << 6 | UInt32(u[i + k] & 0x3F) }
            guard let scalar = Unicode.Scalar(v), isOrderable(scalar) else { return false }
            i += n
        }
        return true
    }

    /// Whether `c` may be packed: simple (as ``SimpleText`` defines it), Latin-1, or one of
    /// ``extraScalars`` (listed again here as cases, which the tests check).
    static func isOrderable(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0..<0x100, 0x4000...0x9FFF, 0x3000...0x3029, 0x3030...0x303F, 0xFF01...0xFF5E: return true
        case 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2030, 0x2103, 0x2264, 0x2265: return true
        default: return false
        }
    }

    /// Ends the current key.
    mutating func endKey() { ends.append(bytes.count) }

    /// Calls `body` with a view that compares keys without bounds checks or retains.
    func withView<R>(_ body: (View) throws -> R) rethrows -> R {
        precondition(isSimple, "packed keys hold only simple text")
        return try bytes.withUnsafeBufferPointer { b in
            try ends.withUnsafeBufferPointer { e in try body(View(bytes: b, ends: e)) }
        }
    }

    /// Read-only access to packed keys, valid within ``withView(_:)``.
    struct View {
        let bytes: UnsafeBufferPointer<UInt8>
        let ends: UnsafeBufferPointer<Int>

        @inline(__always)
        private func range(_ k: Int) -> (Int, Int) { (k == 0 ? 0 : ends[k - 1], ends[k]) }

        /// The length of the common prefix of keys `x` and `y`, with where each starts and ends.
        @inline(__always)
        private func commonPrefix(_ x: Int, _ y: Int) -> (length: Int, xEnd: Int, yEnd: Int, xStart: Int, yStart: Int) {
            let (xs, xe) = range(x), (ys, ye) = range(y)
            let n = min(xe - xs, ye - ys)
            var k = 0
            if let base = UnsafeRawPointer(bytes.baseAddress) {
                // Eight bytes at a time; the first differing byte is the lowest one of the XOR.
                while n - k >= 8 {
                    let d = base.loadUnaligned(fromByteOffset: xs + k, as: UInt64.self)
                        ^ base.loadUnaligned(fromByteOffset: ys + k, as: UInt64.self)
                    if d != 0 { return (k + UInt64(littleEndian: d).trailingZeroBitCount / 8, xe, ye, xs, ys) }
                    k += 8
                }
            }
            while k < n, bytes[xs + k] == bytes[ys + k] { k += 1 }
            return (k, xe, ye, xs, ys)
        }

        /// The number of NUL bytes in `count` bytes from `start`.
        @inline(__always)
        private func nulCount(from start: Int, count: Int) -> Int {
            var d = 0, k = 0
            if let base = UnsafeRawPointer(bytes.baseAddress) {
                let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
                while count - k >= 8 {
                    let w = base.loadUnaligned(fromByteOffset: start + k, as: UInt64.self)
                    // The high bit of each byte that is zero, and of no other (no carries).
                    d += (~(((w & low) &+ low) | w | low)).nonzeroBitCount
                    k += 8
                }
            }
            while k < count { if bytes[start + k] == 0 { d += 1 }; k += 1 }
            return d
        }

        /// Whether keys `x` and `y` are equal.
        func equal(_ x: Int, _ y: Int) -> Bool {
            let (xs, xe) = range(x), (ys, ye) = range(y)
            guard xe - xs == ye - ys else { return false }
            return memcmp(bytes.baseAddress! + xs, bytes.baseAddress! + ys, xe - xs) == 0
        }

        /// Whether key `x` precedes key `y` (the order of `[String].lexicographicallyPrecedes`).
        func less(_ x: Int, _ y: Int) -> Bool {
            let p = commonPrefix(x, y)
            let xl = p.xEnd - p.xStart, yl = p.yEnd - p.yStart
            if p.length < xl && p.length < yl { return bytes[p.xStart + p.length] < bytes[p.yStart + p.length] }
            return xl < yl
        }

        /// The index of the first component in which keys `x` and `y` differ; `Int.max` when equal.
        func firstDifference(_ x: Int, _ y: Int) -> Int {
            let p = commonPrefix(x, y)
            if p.length == p.xEnd - p.xStart && p.length == p.yEnd - p.yStart { return Int.max }
            return nulCount(from: p.xStart, count: p.length)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
