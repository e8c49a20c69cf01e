import Clibgit2

/// A git object id (SHA-1), a value that is safe to pass between threads.
public struct ObjectID: Sendable, Hashable, Comparable, CustomStringConvertible {
    var oid: git_oid

    init(_ oid: git_oid) { self.oid = oid }

    /// Parses 40 hex digits.
    public init?(hex: String) {
        guard hex.utf8.count == 40 else { return nil }
        var o = git_oid()
        guard git_oid_fromstr(&o, hex) == 0 else { return nil }
        oid = o
    }

    public var bytes: [UInt8] { withUnsafeBytes(of: oid.id) { Array($0) } }

    /// The 40-digit hex form.
    public var description: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8](); out.reserveCapacity(40)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first 10 hex digits, for people.
    public var short: String { String(description.prefix(10)) }

    public static func == (a: ObjectID, b: ObjectID) -> Bool {
        var x = a.oid, y = b.oid
        return git_oid_equal(&x, &y) != 0
    }
    public func hash(into h: inout Hasher) { withUnsafeBytes(of: oid.id) { h.combine(bytes: $0) } }
    public static func < (a: ObjectID, b: ObjectID) -> Bool {
        var x = a.oid, y = b.oid
        return git_oid_cmp(&x, &y) < 0
    }
}
