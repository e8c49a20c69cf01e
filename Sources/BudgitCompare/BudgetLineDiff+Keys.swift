import BudgitModel

extension BudgetLineDiff {
    /// The rank of every unit, zero-padded table number and side of either side of a diff, in
    /// string order: a line key's first three strings reduced to integers, so that keys compare
    /// without comparing them again for every line.
    ///
    /// Strings equal as Swift compares them (canonically equivalent) get one rank, as they would
    /// have paired when the keys were `[String]`.
    struct KeyRanks {
        var units: [String: Int] = [:]
        var numbers: [String: Int] = [:]
        var sides: [String: Int] = [:]

        init(_ a: Side, _ b: Side) {
            var units = Set<String>(), numbers = Set<String>(), sides = Set<String>()
            for side in [a, b] {
                for t in side.tables {
                    units.insert(t.unit)
                    numbers.insert(t.number)
                    var last: String?
                    for row in t.table.rows {
                        let s = row.side ?? ""
                        if s != last { sides.insert(s); last = s }
                    }
                }
            }
            func ranks(_ set: Set<String>) -> [String: Int] {
                var out: [String: Int] = [:]
                for (i, s) in set.sorted().enumerated() { out[s] = i }
                return out
            }
            self.units = ranks(units); self.numbers = ranks(numbers); self.sides = ranks(sides)
        }
    }

    /// A line's key: the ranks of its unit, table number and side, then its code or name.
    ///
    /// It orders and pairs lines exactly as the string key `[unit, "007", side, "code:205 08 01"]`
    /// (or `"name:合计"`) does, but compares the code or name as UTF-8 bytes. Swift compares
    /// strings by their NFC form, so for two strings already in NFC byte order is string order
    /// and byte equality is string equality. Canonical files hold NFC text (docs/FORMAT.md), but
    /// the reader does not check it, so a key whose text is not surely NFC (``isSurelyNFC(_:)``)
    /// is compared as a string.
    struct LineKey {
        var unit: Int
        var number: Int
        var side: Int
        /// Whether the line is keyed by its name (it has no code); `code:` sorts before `name:`.
        var isName: Bool
        /// The code (`205 08 01`) or the name.
        var id: String
        var idIsNFC: Bool

        /// -1, 0 or 1 as `x` sorts before, with or after `y`.
        @inline(__always)
        static func compare(_ x: LineKey, _ y: LineKey) -> Int {
            if x.unit != y.unit { return x.unit < y.unit ? -1 : 1 }
            if x.number != y.number { return x.number < y.number ? -1 : 1 }
            if x.side != y.side { return x.side < y.side ? -1 : 1 }
            if x.isName != y.isName { return x.isName ? 1 : -1 }
            let c = compareUTF8(x.id, y.id)
            if c == 0 || (x.idIsNFC && y.idIsNFC) { return c }
            // Different bytes, not both NFC: compare as the string keys did.
            let sx = (x.isName ? "name:" : "code:") + x.id, sy = (y.isName ? "name:" : "code:") + y.id
            return sx == sy ? 0 : (sx < sy ? -1 : 1)
        }

        /// Byte order of the UTF-8 forms: -1, 0 or 1.
        @inline(__always)
        static func compareUTF8(_ x: String, _ y: String) -> Int {
            var x = x, y = y
            return x.withUTF8 { bx in
                y.withUTF8 { by in
                    let n = min(bx.count, by.count)
                    var i = 0
                    while i < n {
                        if bx[i] != by[i] { return bx[i] < by[i] ? -1 : 1 }
                        i += 1
                    }
                    return bx.count == by.count ? 0 : (bx.count < by.count ? -1 : 1)
                }
            }
        }

        /// Whether `s` is in NFC for certain: every scalar is one that NFC keeps and that nothing
        /// combines with (ASCII, Latin-1, `‐`…`‧` U+2010–2027, CJK punctuation U+3000–3029, CJK
        /// ideographs U+3400–9FFF, full-width forms U+FF01–FF5E). Anything else (combining marks,
        /// the compatibility ideographs U+F900–FAFF that NFC replaces, …) gives false, which is
        /// always safe.
        static func isSurelyNFC(_ s: String) -> Bool {
            var s = s
            return s.withUTF8 { u in
                var i = 0
                let n = u.count
                while i < n {
                    let b = u[i]
                    if b < 0x80 { i += 1; continue }
                    // A String's bytes are valid UTF-8, so `b` leads a sequence of the length it says.
                    if b >= 0xE4 && b <= 0xE9 { i += 3; continue }  // U+4000–U+9FFF
                    if b == 0xC2 || b == 0xC3 { i += 2; continue }  // U+0080–U+00FF
                    guard b >= 0xE0 && b < 0xF0 && i + 2 < n else { return false }
                    let c1 = u[i + 1], c2 = u[i + 2]
                    switch b {
                    case 0xE2 where c1 == 0x80 && c2 >= 0x90 && c2 <= 0xA7: break  // U+2010–U+2027
                    case 0xE3 where (c1 == 0x80 && c2 <= 0xA9) || c1 >= 0x90: break  // U+3000–U+3029, U+3400–U+3FFF
                    case 0xEF where (c1 == 0xBC && c2 >= 0x81) || (c1 == 0xBD && c2 <= 0x9E): break  // U+FF01–U+FF5E
                    default: return false
                    }
                    i += 3
                }
                return true
            }
        }
    }

    /// Pairs the lines of two sides as `alignByKey(occurrenceKeys(a), occurrenceKeys(b))` would
    /// on the string keys: every key of either side with its occurrence, in key order, with the
    /// line's index on each side where present.
    ///
    /// Each side is sorted by (key, index), which puts repeats of a key in printed order, so a
    /// line's occurrence is its place in its run; the two sorted lists are then merged.
    static func align(_ a: [LineKey], _ b: [LineKey]) -> [(Int?, Int?)] {
        let oa = sortedWithOccurrence(a), ob = sortedWithOccurrence(b)
        var out: [(Int?, Int?)] = []
        out.reserveCapacity(max(oa.count, ob.count))
        var p = 0, q = 0
        while p < oa.count || q < ob.count {
            var c: Int
            if q == ob.count { c = -1 } else if p == oa.count { c = 1 } else {
                c = LineKey.compare(a[oa[p].index], b[ob[q].index])
                if c == 0 && oa[p].occurrence != ob[q].occurrence { c = oa[p].occurrence < ob[q].occurrence ? -1 : 1 }
            }
            if c < 0 { out.append((oa[p].index, nil)); p += 1 }
            else if c > 0 { out.append((nil, ob[q].index)); q += 1 }
            else { out.append((oa[p].index, ob[q].index)); p += 1; q += 1 }
        }
        return out
    }

    /// The indices of `keys` in (key, index) order, each with the number of earlier lines with
    /// the same key.
    static func sortedWithOccurrence(_ keys: [LineKey]) -> [(index: Int, occurrence: Int)] {
        // Most comparisons are settled by two integers: the ranks packed into one, then (for text
        // surely NFC) the first eight bytes of the code or name; only ties compare the keys.
        let quick = keys.map(QuickKey.init)
        let order = quick.withUnsafeBufferPointer { quick in
            keys.indices.sorted { i, j in
                if let less = QuickKey.less(quick[i], quick[j]) { return less }
                let c = LineKey.compare(keys[i], keys[j])
                return c != 0 ? c < 0 : i < j
            }
        }
        var out: [(index: Int, occurrence: Int)] = []
        out.reserveCapacity(order.count)
        for (n, i) in order.enumerated() {
            let same = n > 0 && QuickKey.less(quick[order[n - 1]], quick[i]) == nil
                && LineKey.compare(keys[order[n - 1]], keys[i]) == 0
            out.append((i, same ? out[n - 1].occurrence + 1 : 0))
        }
        return out
    }

    /// Integers that order most pairs of ``LineKey``s as ``LineKey/compare(_:_:)`` does.
    struct QuickKey {
        /// Unit, table number and side ranks and `isName`, packed in that order of significance;
        /// nil when a rank does not fit in 20 bits.
        var ranks: UInt64?
        /// The first eight bytes of the id, big-endian, zero-padded; nil when it is not surely NFC.
        var prefix: UInt64?

        init(_ k: LineKey) {
            let limit = 1 << 20
            if k.unit < limit, k.number < limit, k.side < limit, k.unit >= 0, k.number >= 0, k.side >= 0 {
                ranks = UInt64(k.unit) << 42 | UInt64(k.number) << 22 | UInt64(k.side) << 1 | (k.isName ? 1 : 0)
            }
            guard k.idIsNFC else { return }
            var id = k.id
            prefix = id.withUTF8 { u in
                var p: UInt64 = 0
                for n in 0..<8 { p = p << 8 | UInt64(n < u.count ? u[n] : 0) }
                return p
            }
        }

        /// Whether `x` precedes `y`, when these integers tell; nil when the keys must be compared.
        ///
        /// Different ranks order as the ranks compared one by one. With equal ranks, ids whose
        /// padded prefixes differ differ in their bytes, and at the first difference within eight
        /// bytes either both have a byte or the shorter one is a prefix of the other: the order of
        /// the prefixes is byte order, which for NFC text is `String`'s.
        @inline(__always)
        static func less(_ x: QuickKey, _ y: QuickKey) -> Bool? {
            guard let rx = x.ranks, let ry = y.ranks else { return nil }
            if rx != ry { return rx < ry }
            guard let px = x.prefix, let py = y.prefix, px != py else { return nil }
            return px < py
        }
    }
}
