import BudgitCanonical

/// Why an archive could not be read back: it is then treated as missing (the cache is derived
/// data, so the documents are read from git instead, and the entry rewritten).
public struct ArchiveError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { "unreadable parse-cache entry: \(reason)" }
}

/// Reads what ``ArchiveWriter`` wrote, checking every bound: a truncated or damaged entry gives
/// an ``ArchiveError``, never a crash or a value read from outside the bytes.
struct ArchiveReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index: Int
    /// The pool's strings, made once each.
    private var pool: [String] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) {
        self.bytes = bytes; self.index = index
    }

    var atEnd: Bool { index == bytes.count }

    mutating func uint() throws(ArchiveError) -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard index < bytes.count else { throw ArchiveError("truncated") }
            let b = bytes[index]; index += 1
            guard shift < 64 else { throw ArchiveError("integer too long") }
            v |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    mutating func int64() throws(ArchiveError) -> Int64 {
        let u = try uint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func int() throws(ArchiveError) -> Int { Int(try int64()) }

    /// A count of items that each take at least `each` bytes: a damaged count can neither ask for
    /// more items than the bytes left could hold nor make a caller reserve room for them.
    mutating func count(each: Int = 1) throws(ArchiveError) -> Int {
        let n = try uint()
        guard n <= UInt64((bytes.count - index) / max(each, 1)) else { throw ArchiveError("count past the end") }
        return Int(n)
    }

    /// A non-negative number (not a count of what follows).
    mutating func number() throws(ArchiveError) -> Int {
        let n = try uint()
        guard n <= UInt64(Int.max) else { throw ArchiveError("number too large") }
        return Int(n)
    }

    mutating func byte() throws(ArchiveError) -> UInt8 {
        guard index < bytes.count else { throw ArchiveError("truncated") }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func bool() throws(ArchiveError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw ArchiveError("bad flag")
        }
    }

    /// `n` raw bytes.
    mutating func raw(_ n: Int) throws(ArchiveError) -> UnsafeBufferPointer<UInt8> {
        guard n >= 0, n <= bytes.count - index else { throw ArchiveError("truncated") }
        defer { index += n }
        return UnsafeBufferPointer(rebasing: bytes[index..<(index + n)])
    }

    /// Reads the pool, making each string once (through `strings`, which shares them with other
    /// entries read by the same worker).
    mutating func readPool(strings: inout StringTable) throws(ArchiveError) {
        let n = try count()
        var lengths: [Int] = []
        lengths.reserveCapacity(n)
        for _ in 0..<n { lengths.append(try count()) }
        pool.reserveCapacity(n)
        for len in lengths {
            guard let s = strings.intern(try raw(len)) else { throw ArchiveError("string not UTF-8") }
            pool.append(s)
        }
    }

    mutating func string() throws(ArchiveError) -> String {
        guard let s = try optionalString() else { throw ArchiveError("missing string") }
        return s
    }

    mutating func optionalString() throws(ArchiveError) -> String? {
        let i = try uint()
        if i == 0 { return nil }
        guard i <= UInt64(pool.count) else { throw ArchiveError("string index out of range") }
        return pool[Int(i - 1)]
    }

    mutating func strings() throws(ArchiveError) -> [String] {
        let n = try count()
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try string()) }
        return out
    }

    /// A list of items read by `item`, each at least `each` bytes long.
    mutating func list<T>(each: Int = 1, _ item: (inout ArchiveReader) throws(ArchiveError) -> T) throws(ArchiveError) -> [T] {
        let n = try count(each: each)
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try item(&self)) }
        return out
    }
}
