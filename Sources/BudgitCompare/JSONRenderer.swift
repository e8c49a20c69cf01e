#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Renders a report as JSON: keys sorted, two-space indentation, `"key": value`, empty arrays as
/// `[]`, non-ASCII text and `/` unescaped, final newline.
///
/// The layout is produced here rather than by `JSONEncoder`'s pretty printer, whose spacing
/// differs between Foundation versions, so the same report gives the same bytes everywhere.
public enum JSONRenderer {
    /// The report as UTF-8 JSON text.
    public static func render(_ report: ComparisonReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Plain structs of strings, integers and arrays: encoding cannot fail.
        let data = try! encoder.encode(report)
        return indent(String(decoding: data, as: UTF8.self)) + "\n"
    }

    /// Reads a report back from ``render(_:)``'s output.
    public static func decode(_ text: String) throws -> ComparisonReport {
        try JSONDecoder().decode(ComparisonReport.self, from: Data(text.utf8))
    }

    /// Lays out compact JSON (no whitespace outside strings) with two-space indentation.
    public static func indent(_ compact: String) -> String {
        let s = Array(compact.unicodeScalars)
        var out = String.UnicodeScalarView()
        var depth = 0
        var inString = false, escaped = false
        func newline() {
            out.append("\n")
            for _ in 0..<(2 * depth) { out.append(" ") }
        }
        var i = 0
        while i < s.count {
            let c = s[i]
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                i += 1
                continue
            }
            switch c {
            case "\"":
                inString = true; out.append(c)
            case "{", "[":
                let close: Unicode.Scalar = c == "{" ? "}" : "]"
                if i + 1 < s.count, s[i + 1] == close {
                    out.append(c); out.append(close); i += 1
                } else {
                    out.append(c); depth += 1; newline()
                }
            case "}", "]":
                depth -= 1; newline(); out.append(c)
            case ",":
                out.append(c); newline()
            case ":":
                out.append(c); out.append(" ")
            default:
                out.append(c)
            }
            i += 1
        }
        return String(out)
    }
}
