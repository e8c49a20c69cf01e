import BudgitCompare
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Renders a report as JSON: keys sorted, two-space indentation, `"key": value`, empty arrays as
/// `[]`, non-ASCII text and `/` unescaped, final newline.
///
/// The text is written by hand (``JSONWriter``, `ComparisonReport+JSON.swift`) in the bytes that
/// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes`, re-indented by ``indent(_:)``,
/// gives (`renderWithEncoder`, the reference in `Tests/BudgitRenderTests/Reference`), so the same
/// report gives the same bytes on every Foundation. Writing directly, in chunks, avoids the
/// encoder's boxes and three whole copies of a report that can exceed 100 MB.
public enum JSONRenderer {
    /// The report as UTF-8 JSON text.
    public static func render(_ report: ComparisonReport) -> String {
        var out: [UInt8] = []
        write(report) { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the report's JSON text (the bytes of ``render(_:)``) to `sink`, in order, in chunks
    /// of at most `chunkSize` bytes (except strings longer than that, passed on whole), so that
    /// the whole text need never be in memory.
    /// - Parameters:
    ///   - chunkSize: the size of the buffer, at least 64 bytes.
    ///   - sink: receives each chunk; the buffer is only valid during the call.
    public static func write(_ report: ComparisonReport, chunkSize: Int = 1 << 16,
                             to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        ByteWriter.write(chunkSize: chunkSize, to: sink) { out in
            var w = JSONWriter(out)
            report.writeJSON(to: &w)
            w.newlineAtEnd()
            w.flush()
        }
    }

    /// Any `Encodable` value as JSON in the reports' layout (keys sorted, two-space indentation,
    /// `/` unescaped, final newline), through `JSONEncoder` and ``indent(_:)``. For the small
    /// values the CLI prints (commits, forms, check results); reports go through ``write(_:chunkSize:to:)``.
    /// - Throws: what `JSONEncoder` throws for the value.
    public static func render<T: Encodable>(encoding value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return indent(String(decoding: data, as: UTF8.self)) + "\n"
    }

    /// Reads a report back from ``render(_:)``'s output.
    public static func decode(_ text: String) throws -> ComparisonReport {
        try JSONDecoder().decode(ComparisonReport.self, from: Data(text.utf8))
    }

    /// Lays out compact JSON (no whitespace outside strings) with two-space indentation.
    /// Works on UTF-8 bytes: every structural character is ASCII, and bytes inside strings are
    /// copied as they are (appending scalar by scalar to a String cost a fifth of a large diff).
    public static func indent(_ compact: String) -> String {
        var compact = compact
        return compact.withUTF8 { s in
            var out: [UInt8] = []
            out.reserveCapacity(s.count + s.count / 2)
            var depth = 0
            var inString = false, escaped = false
            func newline() {
                out.append(0x0A)
                out.append(contentsOf: repeatElement(0x20, count: 2 * depth))
            }
            var i = 0
            while i < s.count {
                let c = s[i]
                if inString {
                    out.append(c)
                    if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
                    i += 1
                    continue
                }
                switch c {
                case UInt8(ascii: "\""):
                    inString = true; out.append(c)
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let close = c == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                    if i + 1 < s.count, s[i + 1] == close {
                        out.append(c); out.append(close); i += 1
                    } else {
                        out.append(c); depth += 1; newline()
                    }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1; newline(); out.append(c)
                case UInt8(ascii: ","):
                    out.append(c); newline()
                case UInt8(ascii: ":"):
                    out.append(c); out.append(0x20)
                default:
                    out.append(c)
                }
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
