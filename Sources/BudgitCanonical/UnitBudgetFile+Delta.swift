import BudgitModel

extension UnitBudgetFile {
    /// Two versions of a unit-budget file reduced to the rows that differ, for a diff that costs
    /// what changed.
    ///
    /// One fact per line makes this exact: a row whose line and whose table's line are
    /// byte-identical in both versions is the same fact, so it is dropped from both sides without
    /// being parsed; everything else is read strictly. The results hold every table, section and
    /// header of each version but only the differing rows (their source lines set to 0), so
    /// `BudgetLineDiff` on them gives the same added, removed and changed lines as on the whole
    /// files.
    /// - Parameter partial: the streams hold only some tables (see ``read(parts:folder:partial:)``).
    public static func differingRows(old: [UInt8], new: [UInt8], path: String, partial: Bool = false) throws(CanonicalError) -> (old: UnitBudget, new: UnitBudget) {
        let a = split(old), b = split(new)
        // Lines with the same identity in one table are paired by their order; dropping equal ones
        // would shift that order, so such files are compared whole.
        if a.hasDuplicateIdentity || b.hasDuplicateIdentity {
            return (try read(old, path: path + " (old)", partial: partial), try read(new, path: path, partial: partial))
        }
        // Pair identical rows (same table line, same row line) by sorting their digests: no
        // hashing through `Hasher`, which was the top of the diff profile. Among identical rows,
        // the earliest of each side pair up, as a multiset difference would.
        let sa = a.rowKeys.indices.sorted { (a.rowKeys[$0].digest, $0) < (a.rowKeys[$1].digest, $1) }
        let sb = b.rowKeys.indices.sorted { (b.rowKeys[$0].digest, $0) < (b.rowKeys[$1].digest, $1) }
        var keepA = [Bool](repeating: true, count: a.rowKeys.count)
        var keepB = [Bool](repeating: true, count: b.rowKeys.count)
        var i = 0, j = 0
        while i < sa.count && j < sb.count {
            let da = a.rowKeys[sa[i]].digest, db = b.rowKeys[sb[j]].digest
            if da < db { i += 1; continue }
            if da > db { j += 1; continue }
            var i2 = i, j2 = j
            while i2 < sa.count && a.rowKeys[sa[i2]].digest == da { i2 += 1 }
            while j2 < sb.count && b.rowKeys[sb[j2]].digest == da { j2 += 1 }
            for x in i..<i2 {
                for y in j..<j2 where keepB[sb[y]] && Lines.sameRow(a, sa[x], b, sb[y]) {
                    keepA[sa[x]] = false; keepB[sb[y]] = false
                    break
                }
            }
            i = i2; j = j2
        }
        return (try read(reduce(a, keep: keepA), path: path + " (old)", partial: partial),
                try read(reduce(b, keep: keepB), path: path, partial: partial))
    }

    /// A row line under its table line, as ranges of the file's bytes, with a digest of both
    /// (FNV-1a over the bytes, continuing from the table line's digest).
    private struct RowKey {
        var table: Range<Int>
        var row: Range<Int>
        let digest: UInt64
    }

    /// A file's lines as ranges of its bytes (no slice per line: each would retain the array).
    private struct Lines {
        var bytes: [UInt8]
        var lines: [Range<Int>] = []
        /// Index in `lines` of each row record, and its key.
        var rowIndex: [Int] = []
        var rowKeys: [RowKey] = []
        var traceIndex: Int?
        var hasDuplicateIdentity = false

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// Whether row `x` of `a` and row `y` of `b` are the same bytes under the same table line.
        static func sameRow(_ a: Lines, _ x: Int, _ b: Lines, _ y: Int) -> Bool {
            let p = a.rowKeys[x], q = b.rowKeys[y]
            return p.digest == q.digest && a.bytes[p.row] == b.bytes[q.row] && a.bytes[p.table] == b.bytes[q.table]
        }
    }

    private static let amountsMarker = Array(#","amounts":["#.utf8)
    private static let codeMarker = Array(#""code":""#.utf8)
    private static let sideMarker = Array(#","side":""#.utf8)

    /// Appends to `out` the bytes that identify a row as BudgetLineDiff keys it: its code and
    /// side, or its name and side when it has no code. (`","side":"` cannot occur inside a JSON
    /// string: its quote would be escaped.)
    private static func appendIdentity(_ row: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let body = (row.lowerBound + rowPrefix.count)..<row.upperBound
        guard let end = find(amountsMarker, in: body, of: bytes) else { out.append(contentsOf: bytes[body]); return }
        let head = body.lowerBound..<end
        guard starts(bytes, head, with: codeMarker) else { out.append(contentsOf: bytes[head]); return }
        let codeStart = head.lowerBound + codeMarker.count
        var codeEnd = codeStart
        while codeEnd < head.upperBound && bytes[codeEnd] != UInt8(ascii: "\"") { codeEnd += 1 }
        out.append(contentsOf: bytes[codeStart..<codeEnd])
        if let side = find(sideMarker, in: head, of: bytes) { out.append(contentsOf: bytes[side..<head.upperBound]) }
    }

    /// The first place `needle` starts within `range` of `bytes`.
    private static func find(_ needle: [UInt8], in range: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard range.count >= needle.count else { return nil }
        let first = needle[0]
        var i = range.lowerBound
        while i <= range.upperBound - needle.count {
            if bytes[i] == first && starts(bytes, i..<range.upperBound, with: needle) { return i }
            i += 1
        }
        return nil
    }

    /// Whether `range` of `bytes` starts with `prefix`.
    @inline(__always)
    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, with prefix: [UInt8]) -> Bool {
        guard range.count >= prefix.count else { return false }
        for k in prefix.indices where bytes[range.lowerBound + k] != prefix[k] { return false }
        return true
    }

    private static let rowPrefix = Array(#"{"k":"row","#.utf8)
    private static let tablePrefix = Array(#"{"k":"table","#.utf8)
    private static let tracePrefix = Array(#"{"k":"lines","#.utf8)

    private static func split(_ bytes: [UInt8]) -> Lines {
        var out = Lines(bytes: bytes)
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var table = 0..<0
            var tableDigest: UInt64 = 0xCBF29CE484222325
            // The identities of the current table's rows, end to end in `store`.
            var store: [UInt8] = []
            var identities: [(range: Range<Int>, digest: UInt64)] = []
            var i = 0
            while i < buffer.count {
                guard buffer[i] == 0x0A else { i += 1; continue }
                let line = start..<i
                if starts(buffer, line, with: rowPrefix) {
                    out.rowIndex.append(out.lines.count)
                    out.rowKeys.append(RowKey(table: table, row: line,
                                              digest: fnv1a(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[line])), seed: tableDigest)))
                    let at = store.count
                    appendIdentity(line, of: buffer, to: &store)
                    let digest = store.withUnsafeBytes { fnv1a(UnsafeRawBufferPointer(rebasing: $0[at...]), seed: 0xCBF29CE484222325) }
                    identities.append((at..<store.count, digest))
                } else if starts(buffer, line, with: tablePrefix) {
                    if hasDuplicate(identities, in: store) { out.hasDuplicateIdentity = true }
                    identities.removeAll(keepingCapacity: true)
                    store.removeAll(keepingCapacity: true)
                    table = line
                    tableDigest = fnv1a(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[line])), seed: 0xCBF29CE484222325)
                } else if starts(buffer, line, with: tracePrefix) {
                    out.traceIndex = out.lines.count
                }
                out.lines.append(line)
                start = i + 1
                i += 1
            }
            if start < buffer.count { out.lines.append(start..<buffer.count) }  // no final newline: read() reports it
            if hasDuplicate(identities, in: store) { out.hasDuplicateIdentity = true }
        }
        return out
    }

    /// Whether two of `ids` (ranges of `store`) have the same bytes (sorted by digest, then
    /// compared within runs).
    private static func hasDuplicate(_ ids: [(range: Range<Int>, digest: UInt64)], in store: [UInt8]) -> Bool {
        if ids.count < 2 { return false }
        let sorted = ids.sorted { $0.digest < $1.digest }
        var i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count && sorted[j].digest == sorted[i].digest { j += 1 }
            if j - i > 1 {
                for x in i..<j { for y in (x + 1)..<j where store[sorted[x].range] == store[sorted[y].range] { return true } }
            }
            i = j
        }
        return false
    }

    /// The file with only the kept rows, and a `lines` record whose row list matches them.
    private static func reduce(_ l: Lines, keep: [Bool]) -> [UInt8] {
        var dropped = [Bool](repeating: false, count: l.lines.count)
        var kept = 0
        for (k, idx) in l.rowIndex.enumerated() {
            if keep[k] { kept += 1 } else { dropped[idx] = true }
        }
        var out: [UInt8] = []
        out.reserveCapacity(l.bytes.count)
        for (i, line) in l.lines.enumerated() where !dropped[i] {
            if i == l.traceIndex, var r = try? JSONText.parseRecord(l.bytes[line]) {
                if let k = r.fields.firstIndex(where: { $0.key == "row" }) {
                    r.fields[k].value = .list(Array(repeating: "0", count: kept))
                }
                r.encoded(into: &out)
            } else {
                out.append(contentsOf: l.bytes[line])
            }
            out.append(0x0A)
        }
        return out
    }
}

/// A 64-bit digest of `bytes` continuing from `seed`: FNV-1a's multiply over eight bytes at a
/// time (then the tail byte by byte), with a final avalanche. Only equality of digests matters
/// here (rows are then compared byte for byte), so any good mix will do; a byte-at-a-time loop
/// was the top of the diff profile.
@inline(__always)
private func fnv1a(_ raw: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
    var h = seed
    var i = 0
    let n = raw.count
    while i + 8 <= n {
        h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100000001B3
        h ^= h >> 29
        i += 8
    }
    while i < n { h = (h ^ UInt64(raw[i])) &* 0x100000001B3; i += 1 }
    h ^= h >> 33; h = h &* 0xFF51AFD7ED558CCD; h ^= h >> 33
    return h
}
