/// Strings the single-pass readers have made, by their bytes, to share among the files one
/// worker reads (a value the reader updates in place, `inout`).
///
/// Two years of one unit repeat most of their text (goals, details, indicator names). Making a
/// `String` validates and copies its bytes; a string found here has the same bytes, so it is the
/// same value, and was validated when it was first made. Strings equal by content then also
/// share storage, which `String`'s `==` notices before comparing bytes.
///
/// Only strings of at least ``minimumLength`` bytes are kept: shorter ones are stored inline in
/// the `String` value, without an allocation.
public struct StringTable {
    /// The least number of UTF-8 bytes of a string worth keeping.
    static let minimumLength = 16

    /// Indices into `strings` plus one, 0 for an empty slot; the count is a power of two.
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var strings: [String] = []

    /// An empty table (it allocates on the first string kept).
    public init() { slots = [] }

    /// The number of strings kept.
    var count: Int { strings.count }

    /// A hash of the bytes (word at a time, then mixed so that its low bits pick a slot).
    public static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count)
        var k = 0
        if let base = UnsafeRawPointer(b.baseAddress) {
            while b.count - k >= 8 {
                h = (h ^ base.loadUnaligned(fromByteOffset: k, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
                k += 8
            }
        }
        var tail: UInt64 = 0
        if k < b.count, b.count >= 8, let base = UnsafeRawPointer(b.baseAddress) {
            tail = base.loadUnaligned(fromByteOffset: b.count - 8, as: UInt64.self)  // the last eight bytes
        } else {
            var shift: UInt64 = 0
            while k < b.count { tail |= UInt64(b[k]) << shift; shift += 8; k += 1 }
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }

    /// The string kept with exactly these bytes, if any.
    func find(_ b: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> String? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 {
            let e = Int(slots[i]) - 1
            if hashes[e] == h {
                let same = strings[e].utf8.withContiguousStorageIfAvailable { s in
                    s.count == b.count && (s.count == 0 || memcmp(s.baseAddress!, b.baseAddress!, s.count) == 0)
                } ?? false
                if same { return strings[e] }
            }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Keeps `s`, whose bytes hash to `h` and are not kept yet.
    mutating func insert(_ s: String, hash h: UInt64) {
        if (strings.count + 1) * 2 > slots.count { grow() }
        strings.append(s); hashes.append(h)
        place(strings.count - 1)
    }

    private mutating func place(_ e: Int) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hashes[e]) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = Int32(e + 1)
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: max(1024, slots.count * 2))
        for e in strings.indices { place(e) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension StringTable {
    /// The string with exactly these bytes: the one kept, else a new one (kept when at least
    /// ``minimumLength`` bytes long); nil when the bytes are not valid UTF-8.
    ///
    /// For decoders of other formats (the parse cache's string pools), so that strings decoded for
    /// two years of a unit share storage as those read from canonical text do.
    public mutating func intern(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        if b.count < Self.minimumLength { return Self.validString(b) }
        let h = Self.hash(b)
        if let kept = find(b, hash: h) { return kept }
        guard let s = Self.validString(b) else { return nil }
        insert(s, hash: h)
        return s
    }

    /// The string of these bytes, nil when they are not UTF-8. (`String(validating:as:)` is
    /// generic and was not specialised: it looked up type metadata for every string.) Decoding
    /// replaces what is not UTF-8 with U+FFFD, so the bytes come back unchanged exactly when
    /// they were valid.
    static func validString(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        var s = String(decoding: b, as: UTF8.self)
        let same = s.withUTF8 { made in
            made.count == b.count && (made.count == 0 || memcmp(made.baseAddress!, b.baseAddress!, made.count) == 0)
        }
        return same ? s : nil
    }
}
