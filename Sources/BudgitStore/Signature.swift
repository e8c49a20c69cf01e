import Clibgit2

/// Who made a commit and when: a value (name, email, seconds since the epoch, UTC offset).
public struct Signature: Sendable, Hashable, Codable {
    public var name: String
    public var email: String
    /// Seconds since 1970-01-01 UTC.
    public var time: Int64
    /// Offset from UTC in minutes.
    public var offsetMinutes: Int32

    public init(name: String, email: String, time: Int64, offsetMinutes: Int32 = 0) {
        self.name = name; self.email = email; self.time = time; self.offsetMinutes = offsetMinutes
    }

    /// Parses `Name <email>`; the name may be empty, the email may not contain `<` or `>`.
    public static func parse(_ text: String, time: Int64, offsetMinutes: Int32 = 0) throws(StoreError) -> Signature {
        let t = text.trimmingCharacters(in: " ")
        guard let lt = t.firstIndex(of: "<"), t.hasSuffix(">"), t.filter({ $0 == "<" }).count == 1,
              t.filter({ $0 == ">" }).count == 1 else { throw .malformedAuthor(text) }
        let name = t[..<lt].trimmingCharacters(in: " ")
        let email = String(t[t.index(after: lt)..<t.index(before: t.endIndex)]).trimmingCharacters(in: " ")
        guard !name.isEmpty, !email.isEmpty, !email.contains(" "),
              !(name + email).contains(where: { $0 == "\n" || $0 == "\0" }) else { throw .malformedAuthor(text) }
        return Signature(name: name, email: email, time: time, offsetMinutes: offsetMinutes)
    }

    /// `Name <email>`
    public var nameAndEmail: String { "\(name) <\(email)>" }

    /// `2026-11-24 12:30:00 +0800`
    public var isoDate: String {
        var t = time + Int64(offsetMinutes) * 60
        let secs = Int(((t % 86400) + 86400) % 86400)
        t = (t - Int64(secs)) / 86400
        // Civil from days (Howard Hinnant).
        let z = t + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        func p2(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        let om = Int64(abs(offsetMinutes))
        return "\(y)-\(p2(m))-\(p2(d)) \(p2(Int64(secs / 3600))):\(p2(Int64(secs % 3600 / 60))):\(p2(Int64(secs % 60))) \(sign)\(p2(om / 60))\(p2(om % 60))"
    }

    init(_ sig: UnsafePointer<git_signature>) {
        name = String(cString: sig.pointee.name)
        email = String(cString: sig.pointee.email)
        time = sig.pointee.when.time
        offsetMinutes = sig.pointee.when.offset
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}

extension Repository {
    /// The signature from git's configuration (`user.name`, `user.email`), now; nil if unset.
    public func configuredSignature(time: Int64, offsetMinutes: Int32) -> Signature? {
        var p: UnsafeMutablePointer<git_signature>?
        guard git_signature_default(&p, handle.raw) == 0, let p else { return nil }
        defer { git_signature_free(p) }
        var s = Signature(p)
        s.time = time; s.offsetMinutes = offsetMinutes
        return s
    }
}
