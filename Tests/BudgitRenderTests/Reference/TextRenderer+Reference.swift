import BudgitModel
import BudgitCompare
@testable import BudgitRender

// The renderer as it was before it wrote bytes (``TextRenderer/write(_:color:summaryOnly:chunkSize:to:)``):
// one String built line by line. Kept as the reference the tests compare the writer against.
extension TextRenderer {
    /// - Parameters:
    ///   - color: emit ANSI colour codes.
    ///   - summaryOnly: stop after the counts and the totals.
    static func renderReference(_ report: ComparisonReport, color: Bool = false, summaryOnly: Bool = false) -> String {
        var out = Output(color: color)
        let s = report.summary
        out.heading("compare \(report.from) → \(report.to)")
        out.line("projects:     " + counts(s.projects.added, s.projects.removed, s.projects.changed)
                 + " (\(s.projects.renamed) renamed, \(s.projects.unchanged ?? 0) unchanged)")
        out.line("indicators:   " + counts(s.indicators.added, s.indicators.removed, s.indicators.changed)
                 + " (\(s.indicators.renamed) renamed)")
        out.line("funds:        " + change(s.funds))
        out.line("budget lines: " + counts(s.budgetLines.added, s.budgetLines.removed, s.budgetLines.changed))
        if !report.totals.units.isEmpty {
            out.blank()
            out.heading("totals by unit (\(report.totals.basis))")
            for u in report.totals.units {
                out.line("  \(u.unit): " + change(AmountChange(from: u.from, to: u.to)))
            }
        }
        if summaryOnly { return out.text }

        // Positions are sorted, not the (large) changes, and names compared in place: sorting
        // the values with an array of four names per comparison was a quarter of the rendering.
        let all = report.projects.changed
        let changed = all.indices.sorted { i, j in
            let dx = all[i].amount.delta.fen.magnitude, dy = all[j].amount.delta.fen.magnitude
            if dx != dy { return dx > dy }
            // [to.unit, to.name, from.unit, from.name], lexicographically.
            if all[i].to.unit < all[j].to.unit { return true }
            if all[j].to.unit < all[i].to.unit { return false }
            if all[i].to.name < all[j].to.name { return true }
            if all[j].to.name < all[i].to.name { return false }
            if all[i].from.unit < all[j].from.unit { return true }
            if all[j].from.unit < all[i].from.unit { return false }
            return all[i].from.name < all[j].from.name
        }
        if !changed.isEmpty {
            out.blank()
            out.heading("changed projects (largest fund change first)")
            for i in changed { project(all[i], into: &out) }
        }
        let changedPairs = Set(report.projects.changed.map { [$0.from, $0.to] })
        let renameOnly = report.projects.renamed.filter { !changedPairs.contains([$0.from, $0.to]) }
        if !renameOnly.isEmpty {
            out.blank()
            out.heading("renamed projects (nothing else changed)")
            for r in renameOnly {
                out.mark("~", "\(r.to.unit) / \(r.from.name) → \(r.to.name) [\(r.match.label)]")
            }
        }
        for (title, sign, list) in [("added projects", "+", report.projects.added),
                                    ("removed projects", "-", report.projects.removed)] where !list.isEmpty {
            out.blank()
            out.heading(title)
            for p in list {
                out.mark(sign, "\(p.unit) / \(p.name)  " + (p.amount?.grouped ?? "(no amount)"))
            }
        }
        let lines = report.budgetLines
        if !(lines.added.isEmpty && lines.removed.isEmpty && lines.changed.isEmpty) {
            out.blank()
            out.heading("budget lines")
            for (sign, list) in [("+", lines.added), ("-", lines.removed)] {
                for l in list {
                    let amounts = l.amounts.compactMap { a in a.amount.map { "\(a.column) \($0.grouped)" } }
                    out.mark(sign, "\(l.unit) \(l.label): " + amounts.joined(separator: ", "))
                }
            }
            for l in lines.changed {
                var parts = l.columns.map { c in
                    "\(c.column) " + (c.from?.grouped ?? "—") + " → " + (c.to?.grouped ?? "—")
                        + " " + c.delta.signedGrouped + (c.percent.map { " (\($0))" } ?? "")
                }
                if let old = l.fromName { parts.insert("name \(old) → \(l.name)", at: 0) }
                out.mark("~", "\(l.unit) \(l.label): " + parts.joined(separator: "; "))
            }
        }
        return out.text
    }

    static func counts(_ added: Int, _ removed: Int, _ changed: Int) -> String {
        "+\(added) -\(removed) ~\(changed)"
    }

    static func change(_ c: AmountChange) -> String {
        "\(c.from.grouped) → \(c.to.grouped)  \(c.delta.signedGrouped)" + (c.percent.map { " (\($0))" } ?? "")
    }

    static func project(_ c: ProjectChange, into out: inout Output) {
        out.mark("~", "\(c.to.unit) / \(c.to.name)  " + change(c.amount))
        if c.from.name != c.to.name {
            out.line("    renamed from \(c.from.name) [\(c.match.label)]")
        }
        for f in c.funds {
            out.line("    fund \(f.label): " + (f.from?.grouped ?? "—") + " → " + (f.to?.grouped ?? "—")
                     + "  " + f.delta.signedGrouped + (f.percent.map { " (\($0))" } ?? ""))
        }
        let ind = c.indicators
        for r in ind.renamed { out.indented("~", "indicator \(r.from) → \(r.to) [\(r.match.label)]") }
        for i in ind.changed {
            if let t = i.target { out.indented("~", "indicator \(i.to): \(t.from) → \(t.to) (\(t.kind.rawValue))") }
            if let n = i.note { out.indented("~", "indicator \(i.to) note: " + fromTo(n)) }
        }
        for i in ind.added { out.indented("+", "indicator \(i.path): \(i.target)") }
        for i in ind.removed { out.indented("-", "indicator \(i.path): \(i.target)") }
        for f in c.fields { out.indented("~", "\(f.field): " + fieldText(f)) }
        for (name, items) in [("breakdown", c.breakdown), ("guarantee", c.guarantees)] {
            for item in items {
                let sign = item.change == .added ? "+" : (item.change == .removed ? "-" : "~")
                let fields = item.fields.map { f in
                    f.field + " " + fromTo(f) + (f.delta.map { " \($0.signedGrouped)" } ?? "")
                }
                out.indented(sign, "\(name) \(item.key.joined(separator: " / ")): " + fields.joined(separator: "; "))
            }
        }
    }

    /// `a → b`, or the removed and added clauses for long texts.
    static func fieldText(_ f: FieldChange) -> String {
        guard let removed = f.removed, let added = f.added else { return fromTo(f) }
        let parts = removed.map { "-[\(short($0))]" } + added.map { "+[\(short($0))]" }
        return parts.joined(separator: " ")
    }

    static func fromTo(_ f: FieldChange) -> String {
        short(f.from ?? "—") + " → " + short(f.to ?? "—")
    }

    /// At most 60 characters, with `…` when cut.
    static func short(_ s: String) -> String {
        s.count <= 60 ? s : String(s.prefix(59)) + "…"
    }

    struct Output {
        var color: Bool
        var text = ""

        // Every line's text is escaped for the terminal (``TerminalText``) before it is coloured:
        // its literal parts have no control character, so this escapes the documents' text.
        mutating func line(_ s: String) { text += TerminalText.escape(s); text += "\n" }
        mutating func blank() { text += "\n" }
        mutating func heading(_ s: String) { raw(color ? "\u{1B}[1m\(TerminalText.escape(s))\u{1B}[0m" : TerminalText.escape(s)) }
        mutating func mark(_ sign: String, _ s: String) { raw(paint(sign, TerminalText.escape("\(sign) \(s)"))) }
        mutating func indented(_ sign: String, _ s: String) { raw("    " + paint(sign, TerminalText.escape("\(sign) \(s)"))) }
        mutating func raw(_ s: String) { text += s; text += "\n" }

        func paint(_ sign: String, _ s: String) -> String {
            guard color else { return s }
            let code = sign == "+" ? "32" : (sign == "-" ? "31" : "33")
            return "\u{1B}[\(code)m\(s)\u{1B}[0m"
        }
    }
}
