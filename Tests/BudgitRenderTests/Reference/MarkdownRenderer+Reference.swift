import BudgitModel
import BudgitCompare
@testable import BudgitRender

// The renderer as it was before it wrote bytes (``MarkdownRenderer/write(_:chunkSize:to:)``): one
// String built from arrays of cells. Kept as the reference the tests compare the writer against.
extension MarkdownRenderer {
    static func renderReference(_ report: ComparisonReport) -> String {
        // Cells and other text from documents are escaped for the terminal (``TerminalText``).
        let esc = TerminalText.escape
        var out = "# Comparison: \(esc(cell(report.from))) → \(esc(cell(report.to)))\n\n"
        let s = report.summary
        out += table(["", "added", "removed", "renamed", "changed", "unchanged"], align: "---:", rows: [
            ["projects", "\(s.projects.added)", "\(s.projects.removed)", "\(s.projects.renamed)",
             "\(s.projects.changed)", "\(s.projects.unchanged ?? 0)"],
            ["indicators", "\(s.indicators.added)", "\(s.indicators.removed)", "\(s.indicators.renamed)",
             "\(s.indicators.changed)", ""],
            ["budget lines", "\(s.budgetLines.added)", "\(s.budgetLines.removed)", "", "\(s.budgetLines.changed)", ""],
        ])
        out += "\n**Funds** (\(esc(report.totals.basis))): \(s.funds.from.grouped) → \(s.funds.to.grouped), "
            + "\(s.funds.delta.signedGrouped)" + (s.funds.percent.map { " (\(esc($0)))" } ?? "") + "\n"

        if !report.totals.units.isEmpty {
            out += "\n## Totals by unit\n\n"
            out += table(["unit", "from", "to", "delta", "%"], align: "---:", rows: report.totals.units.map {
                [$0.unit, $0.from.grouped, $0.to.grouped, $0.delta.signedGrouped, $0.percent ?? ""]
            })
        }

        var projectRows: [[String]] = []
        for p in report.projects.added {
            projectRows.append(["added", p.unit, p.name, "", p.amount?.grouped ?? "", p.amount?.signedGrouped ?? "", ""])
        }
        for p in report.projects.removed {
            projectRows.append(["removed", p.unit, p.name, p.amount?.grouped ?? "", "", p.amount.map { (-$0).signedGrouped } ?? "", ""])
        }
        let changedPairs = Set(report.projects.changed.map { [$0.from, $0.to] })
        for r in report.projects.renamed where !changedPairs.contains([r.from, r.to]) {
            projectRows.append(["renamed (\(r.match.label))", r.to.unit, "\(r.from.name) → \(r.to.name)", "", "", "", ""])
        }
        for c in report.projects.changed {
            let name = c.from.name == c.to.name ? c.to.name : "\(c.from.name) → \(c.to.name)"
            let kind = c.from.name == c.to.name ? "changed" : "renamed (\(c.match.label)), changed"
            projectRows.append([kind, c.to.unit, name, c.amount.from.grouped, c.amount.to.grouped,
                                c.amount.delta.signedGrouped, c.amount.percent ?? ""])
        }
        if !projectRows.isEmpty {
            out += "\n## Projects\n\n"
            out += table(["change", "unit", "project", "from", "to", "delta", "%"], align: "---", rows: projectRows)
        }

        let rows = report.changeRowsReference()
        if !rows.isEmpty {
            out += "\n## Changes\n\n"
            out += table(["kind", "unit", "project", "item", "field", "from", "to", "delta"], align: "---", rows: rows.map {
                [$0.kind, $0.unit, $0.project, $0.item, $0.field, $0.from, $0.to, $0.delta]
            })
        }
        return out
    }

    /// A table; `align` is the separator for every column after the first.
    static func table(_ header: [String], align: String, rows: [[String]]) -> String {
        var out = "| " + header.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + (["---"] + Array(repeating: align, count: header.count - 1)).joined(separator: "|") + "|\n"
        for r in rows { out += "| " + r.map { TerminalText.escape(cell($0)) }.joined(separator: " | ") + " |\n" }
        return out
    }
}
