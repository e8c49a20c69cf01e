import BudgitCompare
@testable import BudgitRender
// The renderer as it was before it wrote bytes (``CSVRenderer/write(_:chunkSize:to:)``): one
// String built line by line. Kept as the reference the tests compare the writer against.
extension CSVRenderer {
    static func renderReference(_ report: ComparisonReport) -> String {
        var out = "\u{FEFF}" + line(header)
        for r in report.changeRowsReference() {
            out += line([r.kind, r.unit, r.project, r.item, r.field, r.from, r.to, r.delta])
        }
        return out
    }

    static func line(_ fields: [String]) -> String {
        fields.map(spreadsheetQuote).joined(separator: ",") + "\r\n"
    }
}
