import Foundation
import BudgitModel

/// Parses an indicator's target text into comparator, number and unit.
public enum TargetParser {
    /// Parses `≥90%`, `=100.00(%)`, `=24.00(小时)`, `》95%`, `≤ 2 个`, `100%，3个考点`, `$\geq 15\%$`, `及时`.
    ///
    /// - Returns: the target and the repairs made (such as `》` read as `≥`), as (code, message) pairs.
    public static func parse(_ raw: String) -> (Target, [(code: String, message: String)]) {
        var notes: [(code: String, message: String)] = []
        var text = raw.trimmingSpaces()
        // LaTeX math as OCR'd: $\geq 15\%$
        if text.contains("$") || text.contains("\\") {
            var t = text
            for (from, to) in [("\\geq", "≥"), ("\\ge", "≥"), ("\\leq", "≤"), ("\\le", "≤"), ("\\%", "%"), ("$", ""), ("\\", "")] {
                t = t.replacingAll(from, with: to)
            }
            t = t.trimmingSpaces()
            for sym in ["≥", "≤"] { while t.contains(sym + " ") { t = t.replacingAll(sym + " ", with: sym) } }
            if t != text {
                notes.append(("ocr.latex", "read LaTeX math `\(text)` as `\(t)`"))
                text = t
            }
        }
        let original = text
        var body = Substring(text)
        var comparator: Target.Comparator?
        let compTable: [(String, Target.Comparator)] = [
            (">=", .ge), ("<=", .le), ("≥", .ge), ("≧", .ge), ("≤", .le), ("≦", .le),
            ("》", .ge), ("《", .le), ("＞", .gt), ("＜", .lt), (">", .gt), ("<", .lt), ("＝", .eq), ("=", .eq),
        ]
        for (sym, c) in compTable where body.hasPrefix(sym) {
            comparator = c
            if sym == "》" { notes.append(("ocr.geq", "read `》` as `≥`")) }
            if sym == "《" { notes.append(("ocr.leq", "read `《` as `≤`")) }
            body = body.dropFirst(sym.count)
            break
        }
        body = body.drop(while: { $0 == " " })
        // Number: digits with at most one dot, spaces inside tolerated (`95. 5`).
        var number = ""
        var idx = body.startIndex
        var sawDot = false
        while idx < body.endIndex {
            let ch = body[idx]
            if ch.isASCII && ch.isNumber { number.append(ch) }
            else if (ch == "." || ch == "．") && !sawDot && !number.isEmpty { sawDot = true; number.append(".") }
            else if ch == " " && !number.isEmpty {
                // Only skip a space that sits between digits or after the dot.
                let next = body.index(after: idx)
                if next < body.endIndex, body[next].isASCII, body[next].isNumber, number.hasSuffix(".") { } else { break }
            }
            else if ch == "," && !number.isEmpty && !sawDot {
                let next = body.index(after: idx)
                if next < body.endIndex, body[next].isASCII, body[next].isNumber { } else { break }
            }
            else { break }
            idx = body.index(after: idx)
        }
        if number.hasSuffix(".") { number.removeLast(); sawDot = false }
        guard !number.isEmpty else {
            return (Target(text: original), notes)
        }
        var rest = String(body[idx...]).trimmingSpaces()
        // Unit: `%`, `(小时)`, `（%）`, `个`; stop at the first separator (`，`, `;`).
        if rest.hasPrefix("(") || rest.hasPrefix("（") {
            if let close = rest.firstIndex(where: { $0 == ")" || $0 == "）" }) {
                let inner = rest[rest.index(after: rest.startIndex)..<close].trimmingSpaces()
                rest = inner + rest[rest.index(after: close)...]
            }
        }
        var unit = ""
        if rest.hasPrefix("%") || rest.hasPrefix("％") {
            unit = "%"  // `100%通过`: the unit is `%`, the words stay in the text
        } else {
            for ch in rest {
                if ch == "，" || ch == "," || ch == ";" || ch == "；" || ch == "、" || ch == " " || ch == "(" || ch == "（" || ch == "。" { break }
                if unit.count == 4 { unit = ""; break }  // a phrase, not a unit
                unit.append(ch)
            }
        }
        let trailing = rest.dropFirst(unit.count)
        // A target with words after its number (`100%，3个考点`) keeps its structure on the
        // leading quantity; the text holds the rest.
        _ = trailing
        return (Target(text: original, comparator: comparator, number: number, unit: unit.isEmpty ? nil : unit), notes)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\u{A0}" || f == "\u{3000}" || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\u{A0}" || l == "\u{3000}" || l == "\t" { s = s.dropLast() }
        return String(s)
    }

    func replacingAll(_ a: String, with b: String) -> String {
        guard contains(a) else { return self }
        return components(separatedBy: a).joined(separator: b)
    }
}

extension Substring {
    func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}
