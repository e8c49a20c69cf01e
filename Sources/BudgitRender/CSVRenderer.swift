import BudgitCompare
/// Renders a report as CSV: UTF-8 with a byte-order mark (so spreadsheet programs read the
/// Chinese text), CRLF line ends, RFC 4180 quoting, one row per change (``ComparisonReport/changeRows()``).
///
/// The text is written as bytes in chunks (``write(_:chunkSize:to:)``), the bytes that the
/// String-building `renderReference` in the tests gives (the tests compare the two).
///
/// Columns: `kind,unit,project,item,field,from,to,delta`.
///
/// The CSV is for spreadsheet programs, so a cell that one would read as a formula (``looksLikeFormula(_:)``:
/// `=8个`, `=HYPERLINK(…)`, `@SUM(1)`) is neutralised as OWASP's CSV-injection guidance says: a
/// `'` in front, inside quotes (``spreadsheetQuote(_:)``). Plain numbers such as `-8000.00` stay
/// numbers.
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
            field(r.kind, spreadsheet: true, into: &w); w.write(","); field(r.unit, spreadsheet: true, into: &w); w.write(",")
            field(r.project, spreadsheet: true, into: &w); w.write(","); field(r.item, spreadsheet: true, into: &w); w.write(",")
            field(r.field, spreadsheet: true, into: &w); w.write(","); field(r.from, spreadsheet: true, into: &w); w.write(",")
            field(r.to, spreadsheet: true, into: &w); w.write(","); field(r.delta, spreadsheet: true, into: &w); w.write("\r\n")
        }
    }

    /// `s` as ``quote(_:)`` gives it (``spreadsheetQuote(_:)`` when `spreadsheet`): copied as it
    /// is unless a byte asks for a closer look.
    static func field(_ s: String, spreadsheet: Bool = false, into w: inout ByteWriter) {
        if spreadsheet, looksLikeFormula(s) {
            w.write(spreadsheetQuote(s))
        } else if s.containsAnyByte(UInt8(ascii: ","), UInt8(ascii: "\""), 0x0D, 0x0A, edge: 0x20) {
            w.write(quote(s))
        } else {
            w.write(s)
        }
    }

    /// Whether a spreadsheet program would read the cell `s` as a formula: it starts with `=`,
    /// `+`, `-`, `@`, a tab or a CR, and is not a plain number (`-12.50`, `+3`, `-0.5`).
    static func looksLikeFormula(_ s: String) -> Bool {
        guard let first = s.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isPlainNumber(s.utf8.dropFirst())
        default: return false
        }
    }

    /// `[0-9]+(\.[0-9]+)?`.
    private static func isPlainNumber(_ s: Substring.UTF8View) -> Bool {
        var digits = 0, point = false, fraction = 0
        for b in s {
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                if point { fraction += 1 } else { digits += 1 }
            } else if b == UInt8(ascii: "."), !point, digits > 0 {
                point = true
            } else {
                return false
            }
        }
        return digits > 0 && (!point || fraction > 0)
    }

    /// ``quote(_:)`` for a spreadsheet: a cell that ``looksLikeFormula(_:)`` gets a `'` in front and
    /// is always quoted (`=8个` → `"'=8个"`), as OWASP's CSV-injection guidance recommends.
    static func spreadsheetQuote(_ field: String) -> String {
        guard looksLikeFormula(field) else { return quote(field) }
        return "\"'" + field.replacingAll("\"", with: "\"\"") + "\""
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
