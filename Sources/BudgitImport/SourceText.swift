import Foundation
import BudgitModel

/// A source document split into numbered lines of tab-separated cells.
///
/// Line numbers are 1-based, as in `LAYOUTS.md`. Cells are kept raw here; use
/// ``Cell/clean(_:)`` to normalise one.
public struct SourceText: Sendable {
    public struct Line: Sendable {
        /// 1-based line number.
        public var number: Int
        public var raw: String
        /// The raw text split at tabs (a line without tabs has one cell).
        public var cells: [String]
        /// Cells after ``Cell/clean(_:)``.
        public var clean: [String]

        /// True for an empty or whitespace-only line (a page break between table rows).
        public var isBlank: Bool { clean.allSatisfy(\.isEmpty) }
        /// The cleaned cells without empty ones, in order.
        public var nonEmpty: [String] { clean.filter { !$0.isEmpty } }
        /// The cleaned cell at 0-based index `i`, or "" past the end.
        public subscript(i: Int) -> String { i < clean.count ? clean[i] : "" }
        /// The whole line cleaned, cells joined by a single space.
        public var joined: String { nonEmpty.joined(separator: " ") }
        /// The start of ``joined``, cut as ``Diagnostic/excerpt(_:)`` cuts it, for diagnostics.
        /// - Complexity: O(``Diagnostic/excerptLimit``) plus the number of cells skipped, not the
        ///   length of the line.
        public var excerpt: String {
            var out = ""
            var n = 0
            for c in clean where !c.isEmpty {
                if n > 0 { out.append(" "); n += 1 }
                for ch in c {
                    if n > Diagnostic.excerptLimit { return Diagnostic.excerpt(out) }
                    out.append(ch); n += 1
                }
            }
            return Diagnostic.excerpt(out)
        }
    }

    public var fileName: String
    public var lines: [Line]
    /// The lines that were not in Unicode NFC and were normalised (canonical text is NFC).
    public var normalizedLines: [Int] = []
    /// The lines whose cells had HTML markup (`<p>`, `<br>`, `<input …>`) removed.
    public var markupLines: [Int] = []

    public init(fileName: String, text: String) {
        self.fileName = fileName
        var out: [Line] = []
        var n = 0
        // Split on LF only; tolerate CRLF. On bytes: as Characters, `\r\n` is one grapheme that
        // is not "\n", so a CRLF run stayed one line (and whitespace inside cells).
        for sub in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            n += 1
            var raw = String(Substring(sub))
            if raw.hasSuffix("\r") { raw.removeLast() }
            // Once per line, so that every later step sees NFC text; a quick scan passes nearly
            // every line of a Chinese document (NFC.isSurelyNFC).
            if !NFC.isNFC(raw) {
                raw = NFC.normalize(raw)
                normalizedLines.append(n)
            }
            let cells = raw.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var markup = false
            let clean = cells.map { Cell.clean($0, removedMarkup: &markup) }
            if markup { markupLines.append(n) }
            out.append(Line(number: n, raw: raw, cells: cells, clean: clean))
        }
        lines = out
    }

    /// The line with 1-based number `n`.
    public func line(_ n: Int) -> Line { lines[n - 1] }
}

/// Normalisation of one table cell's text.
public enum Cell {
    /// Strips HTML markup (``stripTags(_:removed:)``), decodes common entities, turns NBSP and
    /// ideographic spaces into spaces, collapses runs of spaces, trims, and applies NFC.
    public static func clean(_ s: String) -> String {
        var markup = false
        return clean(s, removedMarkup: &markup)
    }

    /// ``clean(_:)``, setting `removedMarkup` when an HTML tag was removed.
    public static func clean(_ s: String, removedMarkup: inout Bool) -> String {
        var t = s
        if t.utf8.contains(UInt8(ascii: "<")) { t = stripTags(t, removed: &removedMarkup) }
        if t.utf8.contains(UInt8(ascii: "&")) {
            t = t.replacingOccurrences(of: "&nbsp;", with: " ")
                .replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        // Byte-level: spaces are TAB, CR, SPACE, NBSP (C2 A0), ZWSP (E2 80 8B) and the
        // ideographic space (E3 80 80); runs collapse to one space, ends are trimmed.
        var out: [UInt8] = []
        out.reserveCapacity(t.utf8.count)
        var pendingSpace = false
        t.utf8.withContiguousStorageIfAvailable { _ in }  // make it native and contiguous if possible
        var it = Array(t.utf8)[...]
        while let b = it.first {
            var width = 0
            if b == 0x20 || b == 0x09 || b == 0x0D { width = 1 }
            else if b == 0xC2, it.count >= 2, it[it.startIndex + 1] == 0xA0 { width = 2 }
            else if b == 0xE2, it.count >= 3, it[it.startIndex + 1] == 0x80, it[it.startIndex + 2] == 0x8B { width = 3 }
            else if b == 0xE3, it.count >= 3, it[it.startIndex + 1] == 0x80, it[it.startIndex + 2] == 0x80 { width = 3 }
            if width > 0 {
                pendingSpace = !out.isEmpty
                it = it.dropFirst(width)
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(b)
            it = it.dropFirst()
        }
        // Lines are NFC already (SourceText), but removing a tag or decoding `&lt;` can bring a
        // combining mark next to a new base; the quick scan makes this nearly free.
        return NFC.normalize(String(decoding: out, as: UTF8.self))
    }

    /// The HTML elements whose tags OCR output carries as layout; ``stripTags(_:removed:)``
    /// removes these and keeps any other text in angle brackets (`<j>`, `<国家学生体质健康标准>`).
    static let markupTags: Set<String> = [
        "p", "br", "td", "th", "tr", "li", "ol", "ul", "table", "tbody", "thead", "tfoot", "div", "span",
        "b", "i", "u", "em", "strong", "font", "sup", "sub", "input", "hr", "img", "caption", "colgroup", "col",
    ]

    /// Removes HTML tags; `</p>`, `<br>` and `</td>` become a space so that words stay apart.
    /// A checked checkbox `<input checked…>` becomes `■`, an unchecked one `□`.
    public static func stripTags(_ s: String) -> String {
        var removed = false
        return stripTags(s, removed: &removed)
    }

    /// ``stripTags(_:)``, setting `removed` when a tag was removed.
    ///
    /// Only the tags of ``markupTags`` are markup: `<name …>`, `</name>`, `<name/>`, any case.
    /// Everything else between `<` and `>` is text and is kept as it is.
    public static func stripTags(_ s: String, removed: inout Bool) -> String {
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "<", let close = s[i...].firstIndex(of: ">"), let name = tagName(s[s.index(after: i)..<close]) {
                let tag = s[s.index(after: i)..<close].lowercased()
                if name == "input" {
                    out.append(tag.contains("checked") ? "■" : "□")
                } else if tag.hasPrefix("/p") || tag.hasPrefix("br") || tag.hasPrefix("/td") || tag.hasPrefix("/tr") || tag.hasPrefix("/li") {
                    out.append(" ")
                }
                removed = true
                i = s.index(after: close)
            } else {
                out.append(s[i])
                i = s.index(after: i)
            }
        }
        return out
    }

    /// The lower-cased element name of the tag whose text between `<` and `>` is `inner`, when
    /// it is one of ``markupTags``: `p`, `/p`, `br/`, `input checked="" type="checkbox"/`.
    static func tagName(_ inner: Substring) -> String? {
        var u = inner.utf8[...]
        if u.first == UInt8(ascii: "/") { u = u.dropFirst() }
        var name = ""
        while let b = u.first {
            let lower = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b
            let letter = lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
            let digit = b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") && !name.isEmpty
            guard letter || digit else { break }
            name.unicodeScalars.append(Unicode.Scalar(lower))
            u = u.dropFirst()
        }
        guard !name.isEmpty, markupTags.contains(name) else { return nil }
        // After the name: the end, `/`, or a space before attributes.
        if let b = u.first, b != UInt8(ascii: " ") && b != UInt8(ascii: "/") && b != 0x09 { return nil }
        return name
    }

    /// Removes every space (for matching labels that OCR split: `项目 绩效 目标`).
    public static func compact(_ s: String) -> String {
        guard s.utf8.contains(0x20) else { return s }
        return String(decoding: s.utf8.filter { $0 != 0x20 }, as: UTF8.self)
    }

    /// Joins narrow-column fragments (`市级学 分平台`) by dropping spaces between two CJK characters,
    /// keeping spaces next to Latin letters or digits. Returns the text and whether anything was joined.
    public static func joinCJKFragments(_ s: String) -> (String, Bool) {
        let chars = Array(s)
        var out = ""
        var joined = false
        for (k, ch) in chars.enumerated() {
            if ch == " ", k > 0, k + 1 < chars.count, isCJK(chars[k - 1]) || isCJKPunct(chars[k - 1]),
               isCJK(chars[k + 1]) || isCJKPunct(chars[k + 1]) {
                joined = true
                continue
            }
            out.append(ch)
        }
        return (out, joined)
    }

    public static func isCJK(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
    }

    static func isCJKPunct(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return (0x3000...0x303F).contains(v) || (0xFF00...0xFFEF).contains(v)
    }

    /// Unicode NFC (``NFC/normalize(_:)``). Swift `String` compares canonically equivalent strings
    /// as equal but keeps the scalars it was given; canonical files must hold NFC bytes.
    public static func nfc(_ s: String) -> String { NFC.normalize(s) }
}
