import BudgitModel

/// Normalises project and indicator names so that the same thing printed two ways compares equal.
///
/// ``fold(_:)`` removes only printing noise: full-width ASCII becomes half-width, whitespace is
/// dropped (OCR wraps narrow cells with spaces), every kind of bracket becomes `(` `)`, dashes
/// become `-` and ASCII letters are lower-cased. ``normalize(_:)`` also removes what drifts from
/// year to year: year tokens (`2022`, `2022年`, `2022年度`) and ordinals (`第二年` → `第N年`).
///
/// ```swift
/// NameNormalizer.normalize("公共信息服务系统 （2022运维）")   // "公共信息服务系统(运维)"
/// NameNormalizer.normalize("两种应用助手项目（第二年）")        // "两种应用助手项目(第N年)"
/// ```
public enum NameNormalizer {
    /// Removes printing noise only: width, whitespace, bracket shapes, dashes, ASCII case.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            var v = scalar.value
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }
            if v == 0x3000 { v = 0x20 }
            guard let s = Unicode.Scalar(v) else { continue }
            if Self.isWhitespace(v) { continue }
            switch s {
            case "(", "[", "{", "【", "〔", "〖", "〘", "「", "『":
                out.append("(")
            case ")", "]", "}", "】", "〕", "〗", "〙", "」", "』":
                out.append(")")
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}":
                out.append("-")
            case "\u{201C}", "\u{201D}": out.append("\"")
            case "\u{2018}", "\u{2019}": out.append("'")
            case "A"..."Z": out.append(Unicode.Scalar(v + 32)!)
            default: out.append(s)
            }
        }
        return String(out)
    }

    /// Unicode White_Space, spelled out: the property lookup dominated compare profiles.
    @inline(__always)
    static func isWhitespace(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (0x09...0x0D).contains(v) }
        if v < 0x3000 {
            return v == 0x85 || v == 0xA0 || v == 0x1680 || (0x2000...0x200A).contains(v)
                || v == 0x2028 || v == 0x2029 || v == 0x202F || v == 0x205F
        }
        return v == 0x3000
    }

    /// ``fold(_:)``, then year tokens removed, ordinals made uniform and empty brackets dropped.
    public static func normalize(_ text: String) -> String {
        let folded = fold(text)
        return normalizeSimple(folded) ?? normalizeCharacters(folded)
    }

    /// The steps of ``normalize(_:)`` after folding, on scalars, for ``SimpleText`` without CR
    /// (where each character is one scalar, so this is ``normalizeCharacters(_:)`` without
    /// grapheme breaking); nil for other text.
    static func normalizeSimple(_ folded: String) -> String? {
        var folded = folded
        guard folded.withUTF8({ SimpleText.isSimple($0) && !$0.contains(0x0D) }) else { return nil }
        let chars = Array(folded.unicodeScalars)
        func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if isDigit(c) {
                var j = i
                while j < chars.count, isDigit(chars[j]) { j += 1 }
                let year = j - i == 4 ? chars[i..<j].reduce(0) { $0 * 10 + Int($1.value - 0x30) } : 0
                if year >= 1900 && year <= 2099 {
                    // Drop the year and a following 年度 / 年.
                    if j + 1 < chars.count, chars[j] == "年", chars[j + 1] == "度" { j += 2 }
                    else if j < chars.count, chars[j] == "年" { j += 1 }
                } else {
                    out.append(contentsOf: chars[i..<j])
                }
                i = j
                continue
            }
            if c == "第" {
                var j = i + 1
                while j < chars.count, ordinalScalars.contains(chars[j]) { j += 1 }
                if j > i + 1, let suffix = ordinalSuffixScalars.first(where: { chars[j...].starts(with: $0) }) {
                    out.append(contentsOf: "第N".unicodeScalars)
                    out.append(contentsOf: suffix)
                    i = j + suffix.count
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        // Remove brackets left empty by the year removal: `(2022)` → ``.
        var result = String.UnicodeScalarView()
        for c in out {
            if c == ")", result.last == "(" { result.removeLast(); continue }
            result.append(c)
        }
        return String(result)
    }

    /// The steps of ``normalize(_:)`` after folding, on characters: any text.
    static func normalizeCharacters(_ folded: String) -> String {
        let chars = Array(folded)
        var out: [Character] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if isASCIIDigit(c) {
                var j = i
                while j < chars.count, isASCIIDigit(chars[j]) { j += 1 }
                if isYear(chars[i..<j]) {
                    // Drop the year and a following 年度 / 年.
                    if j + 1 < chars.count, chars[j] == "年", chars[j + 1] == "度" { j += 2 }
                    else if j < chars.count, chars[j] == "年" { j += 1 }
                } else {
                    out.append(contentsOf: chars[i..<j])
                }
                i = j
                continue
            }
            if c == "第" {
                var j = i + 1
                while j < chars.count, ordinalDigits.contains(chars[j]) { j += 1 }
                if j > i + 1, let suffix = ordinalSuffixes.first(where: { hasPrefix(chars, at: j, $0) }) {
                    out.append(contentsOf: "第N" + suffix)
                    i = j + suffix.count
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        // Remove brackets left empty by the year removal: `(2022)` → ``.
        var result: [Character] = []
        for c in out {
            if c == ")", result.last == "(" { result.removeLast(); continue }
            result.append(c)
        }
        return String(result)
    }

    /// Adds `years` to every year token (a run of exactly four ASCII digits from 1900 to 2099).
    ///
    /// Used to compare dates and goal-period labels year over year: `(2022 年-2022年)` shifted by
    /// 1 is `(2023 年-2023年)`.
    public static func shiftYears(_ text: String, by years: Int) -> String {
        guard years != 0 else { return text }
        var bytes = text
        if let shifted = bytes.withUTF8({ shiftYearsOfSimpleText($0, by: years) }) { return shifted }
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            if isASCIIDigit(chars[i]) {
                var j = i
                while j < chars.count, isASCIIDigit(chars[j]) { j += 1 }
                if isYear(chars[i..<j]), let y = Int(String(chars[i..<j])) {
                    out += String(y + years)
                } else {
                    out += String(chars[i..<j])
                }
                i = j
                continue
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    /// ``shiftYears(_:by:)`` on bytes, for ``SimpleText`` (where characters are scalars);
    /// nil for other text.
    private static func shiftYearsOfSimpleText(_ b: UnsafeBufferPointer<UInt8>, by years: Int) -> String? {
        guard SimpleText.isSimple(b) else { return nil }
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 4)
        var i = 0
        while i < b.count {
            guard isDigit(b[i]) else { out.append(b[i]); i += 1; continue }
            var j = i
            while j < b.count, isDigit(b[j]) { j += 1 }
            if j - i == 4 {
                let y = (i..<j).reduce(0) { $0 * 10 + Int(b[$1] - UInt8(ascii: "0")) }
                if y >= 1900 && y <= 2099 {
                    out.append(contentsOf: String(y + years).utf8)
                    i = j
                    continue
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<j]))
            i = j
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let ordinalDigits: Set<Character> = Set("一二三四五六七八九十百零〇两0123456789")
    private static let ordinalSuffixes = ["阶段", "年", "期", "轮", "批"]
    private static let ordinalScalars: Set<Unicode.Scalar> = Set("一二三四五六七八九十百零〇两0123456789".unicodeScalars)
    private static let ordinalSuffixScalars = ordinalSuffixes.map { Array($0.unicodeScalars) }

    private static func isASCIIDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

    private static func isYear(_ digits: ArraySlice<Character>) -> Bool {
        guard digits.count == 4, let y = Int(String(digits)) else { return false }
        return y >= 1900 && y <= 2099
    }

    private static func hasPrefix(_ chars: [Character], at index: Int, _ prefix: String) -> Bool {
        var k = index
        for p in prefix {
            guard k < chars.count, chars[k] == p else { return false }
            k += 1
        }
        return true
    }
}
