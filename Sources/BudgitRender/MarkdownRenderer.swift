import BudgitModel
import BudgitCompare

/// Renders a report as GitHub-flavoured Markdown tables, ready to paste into a review.
///
/// Sections: summary counts, totals by unit, a table of projects (added, removed, renamed,
/// changed), then every change as a row (``ComparisonReport/changeRows()``). Cells escape `|` and
/// turn line breaks into `<br>`.
///
/// The text is written as bytes in chunks (``write(_:chunkSize:to:)``), the bytes that the
/// String-building `renderReference` in the tests gives (the tests compare the two).
public enum MarkdownRenderer {
    /// The report as Markdown text.
    public static func render(_ report: ComparisonReport) -> String {
        ByteWriter.string(escapingControls: true) { write(report, into: &$0) }
    }

    /// Writes the text of ``render(_:)`` to `sink`, in order, in chunks of at most `chunkSize`
    /// bytes (except longer strings, passed on whole).
    /// - Parameters:
    ///   - chunkSize: the size of the buffer, at least 64 bytes.
    ///   - sink: receives each chunk; the buffer is only valid during the call.
    public static func write(_ report: ComparisonReport, chunkSize: Int = 1 << 16,
                             to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        ByteWriter.write(chunkSize: chunkSize, escapingControls: true, to: sink) { write(report, into: &$0) }
    }

    static func write(_ report: ComparisonReport, into w: inout ByteWriter) {
        var t = Table(w: w)
        defer { w = t.w }
        t.w.write("# Comparison: "); t.cell(report.from); t.w.write(" → "); t.cell(report.to); t.w.write("\n\n")
        let s = report.summary
        t.header(["", "added", "removed", "renamed", "changed", "unchanged"], align: "---:")
        t.begin("projects")
        for n in [s.projects.added, s.projects.removed, s.projects.renamed, s.projects.changed, s.projects.unchanged ?? 0] {
            t.next(); t.w.integer(n)
        }
        t.end()
        t.begin("indicators")
        for n in [s.indicators.added, s.indicators.removed, s.indicators.renamed, s.indicators.changed] {
            t.next(); t.w.integer(n)
        }
        t.next(); t.end()
        t.begin("budget lines")
        t.next(); t.w.integer(s.budgetLines.added); t.next(); t.w.integer(s.budgetLines.removed); t.next()
        t.next(); t.w.integer(s.budgetLines.changed); t.next()
        t.end()
        t.w.write("\n**Funds** ("); t.w.write(report.totals.basis); t.w.write("): ")
        t.w.grouped(s.funds.from); t.w.write(" → "); t.w.grouped(s.funds.to); t.w.write(", ")
        t.w.signedGrouped(s.funds.delta)
        if let p = s.funds.percent { t.w.write(" ("); t.w.write(p); t.w.write(")") }
        t.w.write("\n")

        if !report.totals.units.isEmpty {
            t.w.write("\n## Totals by unit\n\n")
            t.header(["unit", "from", "to", "delta", "%"], align: "---:")
            for u in report.totals.units {
                t.w.write("| "); t.cell(u.unit)
                t.next(); t.w.grouped(u.from); t.next(); t.w.grouped(u.to); t.next(); t.w.signedGrouped(u.delta)
                t.next(); t.cell(u.percent ?? "")
                t.end()
            }
        }

        let changedPairs = Set(report.projects.changed.map { [$0.from, $0.to] })
        let renameOnly = report.projects.renamed.filter { !changedPairs.contains([$0.from, $0.to]) }
        let p = report.projects
        if !(p.added.isEmpty && p.removed.isEmpty && renameOnly.isEmpty && p.changed.isEmpty) {
            t.w.write("\n## Projects\n\n")
            t.header(["change", "unit", "project", "from", "to", "delta", "%"], align: "---")
            for e in p.added {
                t.begin("added"); t.next(); t.cell(e.unit); t.next(); t.cell(e.name); t.next()
                t.next(); if let a = e.amount { t.w.grouped(a) }
                t.next(); if let a = e.amount { t.w.signedGrouped(a) }
                t.next(); t.end()
            }
            for e in p.removed {
                t.begin("removed"); t.next(); t.cell(e.unit); t.next(); t.cell(e.name)
                t.next(); if let a = e.amount { t.w.grouped(a) }
                t.next()
                t.next(); if let a = e.amount { t.w.signedGrouped(-a) }
                t.next(); t.end()
            }
            for r in renameOnly {
                t.begin("renamed ("); t.label(r.match); t.w.write(")")
                t.next(); t.cell(r.to.unit); t.next(); t.cell(r.from.name); t.w.write(" → "); t.cell(r.to.name)
                t.next(); t.next(); t.next(); t.next(); t.end()
            }
            for c in p.changed {
                let renamed = c.from.name != c.to.name
                if renamed { t.begin("renamed ("); t.label(c.match); t.w.write("), changed") } else { t.begin("changed") }
                t.next(); t.cell(c.to.unit); t.next()
                if renamed { t.cell(c.from.name); t.w.write(" → ") }
                t.cell(c.to.name)
                t.next(); t.w.grouped(c.amount.from); t.next(); t.w.grouped(c.amount.to)
                t.next(); t.w.signedGrouped(c.amount.delta); t.next(); t.cell(c.amount.percent ?? "")
                t.end()
            }
        }

        var first = true
        report.forEachChangeRow { r in
            if first {
                t.w.write("\n## Changes\n\n")
                t.header(["kind", "unit", "project", "item", "field", "from", "to", "delta"], align: "---")
                first = false
            }
            t.w.write("| ")
            t.cell(r.kind); t.next(); t.cell(r.unit); t.next(); t.cell(r.project); t.next(); t.cell(r.item)
            t.next(); t.cell(r.field); t.next(); t.cell(r.from); t.next(); t.cell(r.to); t.next(); t.cell(r.delta)
            t.end()
        }
    }

    /// `s` with `|` escaped and each line break (LF, CRLF, CR) turned into `<br>`, so it fits one
    /// table cell.
    static func cell(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "|": out += "\\|"
            case "\n", "\r\n", "\r": out += "<br>"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Table rows written into a ``ByteWriter``: `| a | b |`, cells escaped as ``cell(_:)`` does.
    struct Table {
        var w: ByteWriter

        /// The header row and the separator; `align` is the separator for every column after the first.
        mutating func header(_ names: [StaticString], align: StaticString) {
            w.write("|")
            for (k, n) in names.enumerated() {
                w.write(k == 0 ? " " : " | "); w.write(n)
            }
            w.write(" |\n|---")
            for _ in 1..<names.count { w.write("|"); w.write(align) }
            w.write("|\n")
        }

        /// Starts a row whose first cell is `first` (which needs no escaping).
        mutating func begin(_ first: StaticString) { w.write("| "); w.write(first) }
        /// Starts the next cell.
        mutating func next() { w.write(" | ") }
        /// Ends the row.
        mutating func end() { w.write(" |\n") }

        /// `s` escaped as ``MarkdownRenderer/cell(_:)`` does: copied as it is unless it has a `|`
        /// or a line break.
        ///
        /// Cells that the reference builds from several strings (`from → to`, `renamed (label)`)
        /// are escaped part by part here: the same bytes, since the parts are joined by ASCII text
        /// that never forms one character with `|`, CR or LF.
        mutating func cell(_ s: String) {
            if s.containsAnyByte(UInt8(ascii: "|"), 0x0A, 0x0D, 0x0D) { w.write(MarkdownRenderer.cell(s)) } else { w.write(s) }
        }

        /// ``MatchReason/label``, escaped.
        mutating func label(_ m: MatchReason) {
            switch m.kind {
            case .exact: w.write("exact")
            case .normalized: w.write("normalized "); cell(m.normalized ?? "")
            case .similar: w.write("similar "); cell(m.score ?? "")
            }
        }
    }
}
