/// XXH64 (seed 0) of a parse-cache entry's bytes, fed in parts: what the entry's last eight bytes
/// hold, so that an entry damaged anywhere (a flipped bit, a changed digit, a lost tail) is
/// noticed before it is decoded.
///
/// A hash for accidental damage, not against forgery: anyone who can write `.git/` can write the
/// objects too. XXH64 reads 32 bytes a round in four independent lanes, several GB/s, far less
/// than decoding the same bytes costs (docs/RELIABILITY.md gives the figures).
///
/// ```swift
/// var h = EntryChecksum()
/// h.update(header); h.update(body)
/// let sum = h.finish()  // == EntryChecksum.of(header + body)
/// ```
///
/// - Complexity: O(n) in the bytes fed; no allocation but a 32-byte buffer for parts that do not
///   end on a round.
struct EntryChecksum {
    static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    private var v1 = p1 &+ p2, v2 = p2, v3: UInt64 = 0, v4 = 0 &- p1
    /// Bytes fed but not yet consumed by a round (fewer than 32).
    private var pending: [UInt8] = []
    private var total: UInt64 = 0

    init() {}

    /// The checksum of `bytes` in one go (on the hot path of reading entries: no allocation).
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = EntryChecksum()
        let whole = bytes.count & ~31
        if let base = bytes.baseAddress, whole > 0 { h.rounds(base, whole) }
        h.total = UInt64(bytes.count)
        return h.finish(tail: UnsafeRawBufferPointer(rebasing: bytes[whole...]))
    }

    mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        total &+= UInt64(bytes.count)
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var at = 0
        if !pending.isEmpty {
            let take = min(32 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            at = take
            guard pending.count == 32 else { return }
            pending.withUnsafeBytes { p in
                if let b = p.baseAddress { rounds(b, 32) }
            }
            pending.removeAll(keepingCapacity: true)
        }
        let whole = (bytes.count - at) & ~31
        if whole > 0 { rounds(base + at, whole) }
        at += whole
        if at < bytes.count { pending.append(contentsOf: bytes[at...]) }
    }

    /// Consumes `count` bytes (a multiple of 32) from `p`.
    private mutating func rounds(_ p: UnsafeRawPointer, _ count: Int) {
        var a = v1, b = v2, c = v3, d = v4
        var i = 0
        while i < count {
            a = Self.round(a, Self.word(p, i))
            b = Self.round(b, Self.word(p, i + 8))
            c = Self.round(c, Self.word(p, i + 16))
            d = Self.round(d, Self.word(p, i + 24))
            i += 32
        }
        v1 = a; v2 = b; v3 = c; v4 = d
    }

    /// The checksum of everything fed.
    func finish() -> UInt64 { pending.withUnsafeBytes { finish(tail: $0) } }

    /// The checksum, `tail` being the bytes fed after the last round.
    private func finish(tail t: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64
        if total >= 32 {
            h = Self.rotl(v1, 1) &+ Self.rotl(v2, 7) &+ Self.rotl(v3, 12) &+ Self.rotl(v4, 18)
            h = Self.merge(h, v1); h = Self.merge(h, v2); h = Self.merge(h, v3); h = Self.merge(h, v4)
        } else {
            h = Self.p5
        }
        h &+= total
        if let p = t.baseAddress {
            var i = 0
            while t.count - i >= 8 {
                h ^= Self.round(0, Self.word(p, i))
                h = Self.rotl(h, 27) &* Self.p1 &+ Self.p4
                i += 8
            }
            if t.count - i >= 4 {
                h ^= UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt32.self))) &* Self.p1
                h = Self.rotl(h, 23) &* Self.p2 &+ Self.p3
                i += 4
            }
            while i < t.count {
                h ^= UInt64(t[i]) &* Self.p5
                h = Self.rotl(h, 11) &* Self.p1
                i += 1
            }
        }
        h ^= h >> 33; h = h &* Self.p2
        h ^= h >> 29; h = h &* Self.p3
        return h ^ (h >> 32)
    }

    @inline(__always) private static func word(_ p: UnsafeRawPointer, _ at: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always) private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* p2, 31) &* p1
    }

    @inline(__always) private static func merge(_ acc: UInt64, _ v: UInt64) -> UInt64 {
        (acc ^ round(0, v)) &* p1 &+ p4
    }
}
