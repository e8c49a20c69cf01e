/// Renders a report as CSV: UTF-8 with a byte-order mark (so spreadsheet programs read the
/// Chinese text), CRLF line ends, RFC 4180 quoting, one row per change (``ComparisonReport/changeRows()``).
///
/// Columns: `kind,unit,project,item,field,from,to,delta`.
public enum CSVRenderer {
    public static let header = ["kind", "unit", "project", "item", "field", "from", "to", "delta"]

    public static func render(_ report: ComparisonReport) -> String {
        var out = "\u{FEFF}" + line(header)
        for r in report.changeRows() {
            out += line([r.kind, r.unit, r.project, r.item, r.field, r.from, r.to, r.delta])
        }
        return out
    }

    static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
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
