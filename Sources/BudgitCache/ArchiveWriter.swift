import BudgitCanonical

/// Writes the binary form of a parse-cache entry: unsigned LEB128 integers (signed ones
/// zigzag-coded) and strings as indices into a pool of distinct strings written once.
///
/// The pool is what makes reading back cheap: a unit's forms repeat a few thousand distinct
/// strings hundreds of thousands of times, and each distinct string is validated and made once.
/// Writing runs once per string written (millions for a year), so its tables are flat arrays
/// probed through unsafe pointers.
struct ArchiveWriter {
    /// The body: everything but the pool.
    private(set) var body: [UInt8] = []
    /// The pool's strings, concatenated, and where each ends.
    private var poolBytes: [UInt8] = []
    private var poolEnds: [Int] = []
    /// Pool entries by their bytes: open addressing, index plus one (0: empty), power-of-two size.
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    /// Pool entries by the 16 bytes of a `String` value: three words a slot (the two words, then
    /// the entry plus one, 0: empty), power-of-two slot count.
    private var known: [UInt64]
    private var knownCount = 0
    /// The strings whose representation is in `known`, kept alive so that no storage is reused.
    private var retained: [String] = []

    init() {
        body.reserveCapacity(1 << 17)
        poolBytes.reserveCapacity(1 << 16)
        slots = Array(repeating: 0, count: 1 << 12)
        known = Array(repeating: 0, count: 3 << 13)
    }

    mutating func uint(_ v: UInt64) {
        if v < 0x80 { body.append(UInt8(v)); return }
        Self.append(v, to: &body)
    }

    /// Appends `v` as unsigned LEB128.
    static func append(_ v: UInt64, to out: inout [UInt8]) {
        var v = v
        while v >= 0x80 { out.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    mutating func int(_ v: Int) { uint(UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))) }
    mutating func int64(_ v: Int64) { uint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
    mutating func count(_ n: Int) { uint(UInt64(n)) }
    mutating func bool(_ b: Bool) { body.append(b ? 1 : 0) }
    mutating func byte(_ b: UInt8) { body.append(b) }

    /// A string, as its pool index plus one (0 is reserved for nil).
    mutating func string(_ s: String) { uint(UInt64(index(of: s)) + 1) }

    /// An optional string: 0 for nil.
    mutating func string(_ s: String?) {
        if let s { string(s) } else { body.append(0) }
    }

    mutating func strings(_ list: [String]) {
        count(list.count)
        for s in list { string(s) }
    }

    /// The pool index of `s`, adding it when new.
    ///
    /// Strings are first looked up by their 16-byte representation. A small string (up to 15
    /// UTF-8 bytes) holds its bytes there; a larger one holds its length and a reference to its
    /// storage, which the canonical readers share between equal strings (``StringTable``). Equal
    /// representations are equal strings, so most of a unit's strings are found without hashing
    /// their text; strings equal in text but not in representation are then found by their bytes.
    private mutating func index(of s: String) -> Int {
        let (a, b) = withUnsafeBytes(of: s) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
        let h = Self.mix(a, b)
        let found: Int? = known.withUnsafeBufferPointer { k in
            let mask = k.count / 3 - 1
            var i = Int(truncatingIfNeeded: h) & mask
            while k[3 * i + 2] != 0 {
                if k[3 * i] == a && k[3 * i + 1] == b { return Int(k[3 * i + 2]) - 1 }
                i = (i + 1) & mask
            }
            return nil
        }
        if let found { return found }
        var copy = s
        let e = copy.withUTF8 { bytes in index(of: bytes) }
        if (knownCount + 1) * 2 > known.count / 3 { growKnown() }
        insertKnown(a, b, entry: e, hash: h)
        knownCount += 1
        retained.append(s)
        return e
    }

    private mutating func insertKnown(_ a: UInt64, _ b: UInt64, entry: Int, hash h: UInt64) {
        known.withUnsafeMutableBufferPointer { k in
            let mask = k.count / 3 - 1
            var i = Int(truncatingIfNeeded: h) & mask
            while k[3 * i + 2] != 0 { i = (i + 1) & mask }
            k[3 * i] = a; k[3 * i + 1] = b; k[3 * i + 2] = UInt64(entry + 1)
        }
    }

    private mutating func growKnown() {
        let old = known
        known = Array(repeating: 0, count: old.count * 2)
        for i in stride(from: 0, to: old.count, by: 3) where old[i + 2] != 0 {
            insertKnown(old[i], old[i + 1], entry: Int(old[i + 2]) - 1, hash: Self.mix(old[i], old[i + 1]))
        }
    }

    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var h = (a ^ (b &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }

    private mutating func index(of b: UnsafeBufferPointer<UInt8>) -> Int {
        let h = StringTable.hash(b)
        var mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 {
            let e = Int(slots[i]) - 1
            if hashes[e] == h && same(e, b) { return e }
            i = (i + 1) & mask
        }
        let e = poolEnds.count
        poolBytes.append(contentsOf: b)
        poolEnds.append(poolBytes.count)
        hashes.append(h)
        if (e + 1) * 2 > slots.count {
            slots = Array(repeating: 0, count: slots.count * 2)
            mask = slots.count - 1
            for k in 0...e { place(k, mask: mask) }
        } else {
            slots[i] = Int32(e + 1)
        }
        return e
    }

    private mutating func place(_ e: Int, mask: Int) {
        var i = Int(truncatingIfNeeded: hashes[e]) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = Int32(e + 1)
    }

    private func same(_ e: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = e == 0 ? 0 : poolEnds[e - 1], end = poolEnds[e]
        guard end - start == b.count else { return false }
        return poolBytes.withUnsafeBufferPointer { p in
            b.count == 0 || memcmp(p.baseAddress! + start, b.baseAddress!, b.count) == 0
        }
    }

    /// The entry's bytes in order: `header`, the pool (its count, each string's length, then
    /// their bytes), the body's length, the body. As parts, so that they can be written without
    /// first being copied into one array.
    func finish(header: [UInt8]) -> [[UInt8]] {
        var lengths: [UInt8] = []
        lengths.reserveCapacity(poolEnds.count * 2 + 8)
        Self.append(UInt64(poolEnds.count), to: &lengths)
        var start = 0
        for end in poolEnds { Self.append(UInt64(end - start), to: &lengths); start = end }
        var tail: [UInt8] = []
        Self.append(UInt64(body.count), to: &tail)
        return [header, lengths, poolBytes, tail, body]
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
