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
                for y in j..<j2 where keepB[sb[y]] && a.rowKeys[sa[x]] == b.rowKeys[sb[y]] {
                    keepA[sa[x]] = false; keepB[sb[y]] = false
                    break
                }
            }
            i = i2; j = j2
        }
        return (try read(reduce(a, keep: keepA), path: path + " (old)", partial: partial),
                try read(reduce(b, keep: keepB), path: path, partial: partial))
    }

    /// A row line under its table line; hashed once with FNV-1a over the bytes (hashing a byte
    /// slice through `Hasher` one byte at a time dominated the diff profile).
    private struct RowKey: Hashable {
        var table: ArraySlice<UInt8>
        var row: ArraySlice<UInt8>
        let digest: UInt64
        /// - Parameter tableDigest: the table line's digest, computed once per table.
        init(table: ArraySlice<UInt8>, tableDigest: UInt64, row: ArraySlice<UInt8>) {
            self.table = table; self.row = row
            digest = fnv1a(row, seed: tableDigest)
        }
        static func == (a: RowKey, b: RowKey) -> Bool { a.digest == b.digest && a.row == b.row && a.table == b.table }
        func hash(into h: inout Hasher) { h.combine(digest) }
    }

    /// Bytes with a precomputed FNV-1a digest, for sets of row identities.
    private struct Digested: Hashable {
        var bytes: ArraySlice<UInt8>
        let digest: UInt64
        init(_ b: ArraySlice<UInt8>) { bytes = b; digest = fnv1a(b, seed: 0xCBF29CE484222325) }
        static func == (a: Digested, b: Digested) -> Bool { a.digest == b.digest && a.bytes == b.bytes }
        func hash(into h: inout Hasher) { h.combine(digest) }
    }

    private struct Lines {
        var lines: [ArraySlice<UInt8>] = []
        /// Index in `lines` of each row record, and its key.
        var rowIndex: [Int] = []
        var rowKeys: [RowKey] = []
        var traceIndex: Int?
        var hasDuplicateIdentity = false
    }

    private static let amountsMarker = Array(#","amounts":["#.utf8)
    private static let codeMarker = Array(#""code":""#.utf8)
    private static let sideMarker = Array(#","side":""#.utf8)

    /// The bytes that identify a row as BudgetLineDiff keys it: its code and side, or its name and
    /// side when it has no code. (`","side":"` cannot occur inside a JSON string: its quote would
    /// be escaped.)
    private static func identity(_ row: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let body = row.dropFirst(rowPrefix.count)
        guard let end = find(amountsMarker, in: body) else { return body }
        let head = body[..<end]
        guard head.starts(with: codeMarker) else { return head }
        let codeStart = head.startIndex + codeMarker.count
        let codeEnd = head[codeStart...].firstIndex(of: UInt8(ascii: "\"")) ?? head.endIndex
        var out = Array(head[codeStart..<codeEnd])
        if let side = find(sideMarker, in: head) { out += head[side...] }
        return out[...]
    }

    private static func find(_ needle: [UInt8], in hay: ArraySlice<UInt8>) -> ArraySlice<UInt8>.Index? {
        guard hay.count >= needle.count else { return nil }
        var i = hay.startIndex
        while i <= hay.endIndex - needle.count {
            if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private static let rowPrefix = Array(#"{"k":"row","#.utf8)
    private static let tablePrefix = Array(#"{"k":"table","#.utf8)
    private static let tracePrefix = Array(#"{"k":"lines","#.utf8)

    private static func split(_ bytes: [UInt8]) -> Lines {
        var out = Lines()
        var start = 0
        var table: ArraySlice<UInt8> = []
        var tableDigest: UInt64 = 0xCBF29CE484222325
        var identities: [Digested] = []
        for (i, c) in bytes.enumerated() where c == 0x0A {
            let line = bytes[start..<i]
            if line.starts(with: rowPrefix) {
                out.rowIndex.append(out.lines.count)
                out.rowKeys.append(RowKey(table: table, tableDigest: tableDigest, row: line))
                identities.append(Digested(identity(line)))
            } else if line.starts(with: tablePrefix) {
                if hasDuplicate(identities) { out.hasDuplicateIdentity = true }
                identities.removeAll(keepingCapacity: true)
                table = line
                tableDigest = fnv1a(line, seed: 0xCBF29CE484222325)
            } else if line.starts(with: tracePrefix) {
                out.traceIndex = out.lines.count
            }
            out.lines.append(line)
            start = i + 1
        }
        if start < bytes.count { out.lines.append(bytes[start...]) }  // no final newline: read() reports it
        if hasDuplicate(identities) { out.hasDuplicateIdentity = true }
        return out
    }

    /// Whether two of `ids` have the same bytes (sorted by digest, then compared within runs).
    private static func hasDuplicate(_ ids: [Digested]) -> Bool {
        if ids.count < 2 { return false }
        let sorted = ids.sorted { $0.digest < $1.digest }
        var i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count && sorted[j].digest == sorted[i].digest { j += 1 }
            if j - i > 1 {
                for x in i..<j { for y in (x + 1)..<j where sorted[x].bytes == sorted[y].bytes { return true } }
            }
            i = j
        }
        return false
    }

    /// The file with only the kept rows, and a `lines` record whose row list matches them.
    private static func reduce(_ l: Lines, keep: [Bool]) -> [UInt8] {
        var dropped = Set<Int>()
        for (k, idx) in l.rowIndex.enumerated() where !keep[k] { dropped.insert(idx) }
        var out: [UInt8] = []
        for (i, line) in l.lines.enumerated() where !dropped.contains(i) {
            if i == l.traceIndex, var r = try? JSONText.parseRecord(line) {
                let kept = keep.filter { $0 }.count
                if let k = r.fields.firstIndex(where: { $0.key == "row" }) {
                    r.fields[k].value = .list(Array(repeating: "0", count: kept))
                }
                r.encoded(into: &out)
            } else {
                out.append(contentsOf: line)
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
private func fnv1a(_ bytes: ArraySlice<UInt8>, seed: UInt64) -> UInt64 {
    bytes.withUnsafeBytes { raw in
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
}
