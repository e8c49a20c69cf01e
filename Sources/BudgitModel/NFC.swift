/// Unicode Normalization Form C, as canonical files hold text (docs/FORMAT.md).
///
/// Swift's `String` compares canonically equivalent strings as equal but keeps the scalars it was
/// given, so `兀` (U+F900, a compatibility ideograph) and `豈` (U+8C48, its NFC form) are equal
/// strings with different bytes: only NFC bytes make "the same model, the same bytes" hold.
///
/// The check is cheap for budget text: a scalar that is NFC on its own and never combines with
/// its neighbours (ASCII and Latin-1 up to U+02FF, CJK punctuation, kana, CJK ideographs
/// U+3400–U+9FFF, full-width forms, the common general punctuation and symbols) cannot make a
/// string non-NFC, so only text with another scalar is compared with its normal form.
public enum NFC {
    /// Whether `s` is in NFC.
    public static func isNFC(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isNFC($0) }
    }

    /// Whether the UTF-8 text `utf8` (which must be valid) is in NFC.
    public static func isNFC(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        if isSurelyNFC(utf8) { return true }
        let s = String(decoding: utf8, as: UTF8.self)
        return s._nfcCodeUnits.elementsEqual(utf8)
    }

    /// `s` in NFC; `s` itself when it already is.
    public static func normalize(_ s: String) -> String {
        if isNFC(s) { return s }
        return String(decoding: s._nfcCodeUnits, as: UTF8.self)
    }

    /// Whether every scalar of the valid UTF-8 text `utf8` is one that is NFC on its own and never
    /// combines (see ``NFC``): then the text is NFC without looking further. False means "look".
    public static func isSurelyNFC(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = utf8.count
        var i = 0
        while i < n {
            let b = utf8[i]
            if b < 0x80 { i += 1; continue }
            if b >= 0xE4 && b <= 0xE9 { i += 3; continue }           // U+4000–U+9FFF
            if b >= 0xC2 && b <= 0xCB { i += 2; continue }           // U+0080–U+02FF
            guard b >= 0xE0 && b <= 0xEF, i + 2 < n else { return false }
            let v = UInt32(b & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
            guard isStable(v) else { return false }
            i += 3
        }
        return true
    }

    /// Three-byte scalars that are NFC_QC=Yes and of combining class 0 and are not the second
    /// scalar of any canonical composition (checked against the Unicode data in the tests).
    @inline(__always)
    static func isStable(_ v: UInt32) -> Bool {
        switch v {
        case 0x2010...0x2027, 0x2030...0x205E: return true     // dashes, quotes, …, ‰, ※
        case 0x2100...0x2125: return true                      // ℃, №
        case 0x2190...0x22FF: return true                      // arrows, ≥ ≤ √ ∑
        case 0x2460...0x27BF: return true                      // ①, box drawing, ■ □ ○ ●, ★, ✓
        case 0x3000...0x3029, 0x3030...0x3098, 0x309B...0x33FF: return true  // 、。「」, kana
        case 0x3400...0x4DBF: return true                      // CJK extension A
        case 0xFF00...0xFFEF: return true                      // full-width forms ，：（）
        default: return false
        }
    }
}
