import BudgitModel

/// The canonical text format of budgit's stored files, version 1 (see docs/FORMAT.md).
public enum CanonicalFormat {
    public static let version = "1"

    static func header(_ kind: String) -> Record {
        var r = Record("budgit"); r.add("format", version); r.add("kind", kind); return r
    }

    /// What kind of document a canonical file holds, from its first line.
    public static func kind(of bytes: [UInt8]) -> String? {
        guard let nl = bytes.firstIndex(of: 0x0A), let r = try? JSONText.parseRecord(bytes[..<nl]), r.kind == "budgit" else { return nil }
        return r.string("kind")
    }

    static func readHeader(_ rd: inout RecordReader, kind: String) throws(CanonicalError) {
        let h = try rd.take("budgit", required: ["format", "kind"])
        guard h.string("format") == version else {
            throw CanonicalError(path: rd.path, line: 1, message: "format version \(h.string("format") ?? "?") is not supported; this budgit reads version \(version)")
        }
        guard h.string("kind") == kind else {
            throw CanonicalError(path: rd.path, line: 1, message: "holds a `\(h.string("kind") ?? "?")`, not a `\(kind)`")
        }
    }

    static func int(_ s: String?, _ rd: RecordReader, _ what: String) throws(CanonicalError) -> Int {
        guard let s, let v = Int(s), String(v) == s else { throw rd.error("\(what) `\(s ?? "")` is not a whole number") }
        return v
    }

    static func money(_ s: String?, _ rd: RecordReader, _ what: String) throws(CanonicalError) -> Money {
        guard let s, let m = Money(canonical: s) else {
            if let s, Self.hasAmountShape(s) {
                throw rd.error("\(what) `\(s)` is beyond the amount range (at most \(Money.limit.description)); "
                               + "the file was not written by budgit, or was edited: fix the amount")
            }
            throw rd.error("\(what) `\(s ?? "")` is not an amount like 1234.50")
        }
        return m
    }

    /// True for `-?D+.DD` without leading zeros: text that is an amount in form, so that when
    /// ``Money/init(canonical:)`` refuses it, the amount is beyond ``Money/limit``.
    static func hasAmountShape(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        guard u.count >= 4, u.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }),
              u.filter({ $0 == UInt8(ascii: ".") }).count == 1, u.dropLast(2).last == UInt8(ascii: "."),
              u.first != UInt8(ascii: "0") || u.count == 4 else { return false }
        return true
    }

    static func span(_ r: Record, _ rd: RecordReader) throws(CanonicalError) -> SourceSpan {
        let lines = r.string("lines") ?? ""
        let parts = lines.split(separator: "-").map(String.init)
        guard (1...2).contains(parts.count), let a = Int(parts[0]), let b = parts.last.flatMap({ Int($0) }), a <= b,
              lines == (a == b ? "\(a)" : "\(a)-\(b)") else { throw rd.error("source lines `\(lines)` are not N or N-M") }
        return SourceSpan(file: r.string("file") ?? "", firstLine: a, lastLine: b)
    }

    static func spanRecord(_ s: SourceSpan) -> Record {
        var r = Record("source")
        r.add("file", s.file)
        r.add("lines", s.firstLine == s.lastLine ? "\(s.firstLine)" : "\(s.firstLine)-\(s.lastLine)")
        return r
    }

    static func lineList(_ xs: [Int]) -> [String?] { xs.map { String($0) } }

    static func lines(_ r: Record, _ key: String, count: Int, _ rd: RecordReader) throws(CanonicalError) -> [Int] {
        let l = r.list(key) ?? []
        guard l.count == count else { throw rd.error("`lines` lists \(l.count) \(key) lines for \(count) \(key) records: records were added or removed without their source lines, as git's line merge does when two branches each add one. Keep one side (`git checkout --ours FILE` or `--theirs`) and add the other change again with budgit, or import the source again") }
        var out: [Int] = []
        for s in l { out.append(try int(s, rd, "line")) }
        return out
    }
}
