/// Renders a report as CSV: UTF-8 with a byte-order mark (so spreadsheet programs read the
/// Chinese text), CRLF line ends, RFC 4180 quoting, one row per change (``ComparisonReport/changeRows()``).
///
/// The text is written as bytes in chunks (``write(_:chunkSize:to:)``), the bytes that the
/// String-building ``renderReference(_:)`` gives (the tests compare the two).
///
/// Columns: `kind,unit,project,item,field,from,to,delta`.
public enum CSVRenderer {
    public static let header = ["kind", "unit", "project", "item", "field", "from", "to", "delta"]

    /// The report as CSV text (starting with the byte-order mark).
    public static func render(_ report: ComparisonReport) -> String {
        ByteWriter.string { write(report, into: &$0) }
    }

    /// Writes the text of ``render(_:)`` to `sink`, in order, in chunks of at most `chunkSize`
    /// bytes (except longer strings, passed on whole).
    /// - Parameters:
    ///   - chunkSize: the size of the buffer, at least 64 bytes.
    ///   - sink: receives each chunk; the buffer is only valid during the call.
    public static func write(_ report: ComparisonReport, chunkSize: Int = 1 << 16,
                             to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        ByteWriter.write(chunkSize: chunkSize, to: sink) { write(report, into: &$0) }
    }

    static func write(_ report: ComparisonReport, into w: inout ByteWriter) {
        w.write("\u{FEFF}kind,unit,project,item,field,from,to,delta\r\n")
        report.forEachChangeRow { r in
            field(r.kind, into: &w); w.write(","); field(r.unit, into: &w); w.write(",")
            field(r.project, into: &w); w.write(","); field(r.item, into: &w); w.write(",")
            field(r.field, into: &w); w.write(","); field(r.from, into: &w); w.write(",")
            field(r.to, into: &w); w.write(","); field(r.delta, into: &w); w.write("\r\n")
        }
    }

    /// `s` as ``quote(_:)`` gives it: copied as it is unless a byte asks for a closer look.
    static func field(_ s: String, into w: inout ByteWriter) {
        if s.containsAnyByte(UInt8(ascii: ","), UInt8(ascii: "\""), 0x0D, 0x0A, edge: 0x20) {
            w.write(quote(s))
        } else {
            w.write(s)
        }
    }

    /// Quotes a field when it holds a comma, a quote, CR or LF (doubling the quotes), or leading or
    /// trailing spaces.
    static func quote(_ field: String) -> String {
        let needs = field.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
            || field.first == " " || field.last == " "
        guard needs else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    /// Replaces every occurrence of a character (no Foundation needed).
    func replacingAll(_ c: Character, with s: String) -> String {
        var out = ""
        for ch in self { if ch == c { out += s } else { out.append(ch) } }
        return out
    }
}
