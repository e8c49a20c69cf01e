/// Byte-level shortcuts for the text budgit stores, which is nearly always ASCII and CJK.
///
/// Swift compares and hashes `String`s by their Unicode canonical form, which costs a table
/// lookup per scalar for anything beyond ASCII. For text made only of *simple* scalars (ASCII,
/// CJK ideographs U+4000–U+9FFF, CJK punctuation U+3000–U+3029 and U+3030–U+303F, full-width
/// forms U+FF01–U+FF5E) normalisation changes nothing and no scalar composes with its neighbour,
/// so two such strings are equal exactly when their UTF-8 bytes are, and Swift's order of them is
/// the order of their bytes. Anything else falls back to `String`'s own comparison.
public enum SimpleText {
    /// Whether every scalar of `s` is simple (see the type's documentation).
    public static func isSimple(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isSimple($0) }
    }

    /// Whether every scalar of the UTF-8 bytes is simple.
    public static func isSimple(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            guard i + 2 < n else { return false }
            let c1 = b[i + 1]
            switch c {
            case 0xE4...0xE9: break                                   // U+4000–U+9FFF
            case 0xE3 where c1 == 0x80:                               // U+3000–U+303F but U+302A–U+302F
                if b[i + 2] >= 0xAA && b[i + 2] <= 0xAF { return false }
            case 0xEF where c1 == 0xBC: if b[i + 2] < 0x81 { return false }  // U+FF01–U+FF3F
            case 0xEF where c1 == 0xBD: if b[i + 2] > 0x9E { return false }  // U+FF40–U+FF5E
            default: return false
            }
            i += 3
        }
        return true
    }

    /// Sorts strings in `String`'s order: by bytes when every string is simple.
    public static func sorted(_ strings: [String]) -> [String] {
        var bytes: [[UInt8]] = []
        bytes.reserveCapacity(strings.count)
        for var s in strings {
            guard let b = s.withUTF8({ isSimple($0) ? Array($0) : nil }) else { return strings.sorted() }
            bytes.append(b)
        }
        let order = bytes.indices.sorted { i, j in
            bytes[i].withUnsafeBufferPointer { x in
                bytes[j].withUnsafeBufferPointer { y in less(x, y) }
            }
        }
        return order.map { strings[$0] }
    }

    /// Byte-wise lexicographic order.
    @inline(__always)
    static func less(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = min(x.count, y.count)
        var k = 0
        while k < n {
            if x[k] != y[k] { return x[k] < y[k] }
            k += 1
        }
        return x.count < y.count
    }
}
