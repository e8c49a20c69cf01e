/// Text from documents made safe to print on a terminal: control characters become visible
/// escapes, so that a document cannot move the cursor, change colours, set the window title or
/// reorder what is shown.
///
/// Escaped: C0 controls (tab and line feed too: inside a value they are data, not layout), DEL,
/// C1 controls U+0080–U+009F, and the bidirectional embeddings, overrides and isolates
/// U+202A–U+202E and U+2066–U+2069. Tab, LF, CR and ESC are written `\t`, `\n`, `\r`, `\e`; the
/// other C0 controls and DEL `\x07`, `\x7f`; C1 and bidi controls `\u{85}`, `\u{202e}`. Nothing
/// else changes (not even `\`): the escapes are for reading, not for parsing back.
///
/// ```swift
/// TerminalText.escape("党建\u{1B}[2J经费")   // "党建\\e[2J经费"
/// ```
///
/// - Complexity: O(n). Text without any of these characters is scanned eight bytes at a time
///   and returned as it is.
public enum TerminalText {
    /// `s` with its control characters escaped (see ``TerminalText``); `s` itself when it has none.
    public static func escape(_ s: String) -> String {
        var s = s
        return s.withUTF8 { utf8 in
            guard firstEscape(in: utf8) != nil else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + 8)
            appendEscaped(utf8, keepingLayout: false, to: &out)
            return String(decoding: out, as: UTF8.self)
        } ?? s
    }

    /// Whether `s` has a character that ``escape(_:)`` changes.
    public static func needsEscape(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { firstEscape(in: $0) != nil }
    }

    /// The offset of the first byte of `utf8` that starts a character to escape, or nil.
    ///
    /// Works on any bytes (invalid UTF-8 is left alone). Eight bytes at a time while none of them
    /// is below 0x20, 0x7F, 0xC2 (the lead byte of C1 controls) or 0xE2 (of the bidi controls);
    /// such a byte is then looked at with the bytes after it.
    public static func firstEscape(in utf8: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = UnsafeRawPointer(utf8.baseAddress) else { return nil }
        let n = utf8.count
        var i = 0
        while n - i >= 8 {
            let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if mayStartEscape(w) {
                for k in i..<(i + 8) where escapeLength(utf8, at: k) > 0 { return k }
            }
            i += 8
        }
        while i < n {
            if escapeLength(utf8, at: i) > 0 { return i }
            i += 1
        }
        return nil
    }

    /// Appends `utf8` to `out` with its control characters escaped.
    /// - Parameter keepingLayout: keep line feeds and tabs as they are (for showing a whole file,
    ///   whose lines and columns they make); every other control character is escaped.
    public static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, keepingLayout: Bool, to out: inout [UInt8]) {
        var i = 0
        let n = utf8.count
        while i < n {
            let b = utf8[i]
            let len = escapeLength(utf8, at: i)
            if len == 0 || (keepingLayout && (b == 0x0A || b == 0x09)) {
                out.append(b)
                i += 1
                continue
            }
            out.append(UInt8(ascii: "\\"))
            switch len {
            case 1:
                switch b {
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x1B: out.append(UInt8(ascii: "e"))
                default:
                    out.append(UInt8(ascii: "x")); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
                }
            case 2:
                // C2 80–9F is U+0080–U+009F.
                let v = utf8[i + 1]
                out.append(contentsOf: "u{".utf8); out.append(hex[Int(v >> 4)]); out.append(hex[Int(v & 15)])
                out.append(UInt8(ascii: "}"))
            default:
                // E2 80 AA–AE is U+202A–U+202E, E2 81 A6–A9 is U+2066–U+2069.
                let v = UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F) | 0x2000
                out.append(contentsOf: "u{".utf8)
                for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int(v >> UInt32(shift) & 15)]) }
                out.append(UInt8(ascii: "}"))
            }
            i += len
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// The number of bytes of the character to escape that starts at `i`, or 0.
    @inline(__always)
    static func escapeLength(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = p[i]
        if b < 0x20 || b == 0x7F { return 1 }
        if b == 0xC2 {
            return i + 1 < p.count && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F ? 2 : 0
        }
        if b == 0xE2, i + 2 < p.count {
            let b1 = p[i + 1], b2 = p[i + 2]
            if b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE { return 3 }
            if b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9 { return 3 }
        }
        return 0
    }

    /// Whether one of the eight bytes of `w` is below 0x20, 0x7F, 0xC2 or 0xE2. Exact, as
    /// `CanonicalScanner.hasSpecialByte`: a byte is flagged only when some byte matches.
    @inline(__always)
    static func mayStartEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let below = (w &- ones &* 0x20) & ~w & highs
        return (below | hasZero(w ^ (ones &* 0x7F)) | hasZero(w ^ (ones &* 0xC2)) | hasZero(w ^ (ones &* 0xE2))) != 0
    }
}
