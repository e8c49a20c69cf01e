import BudgitModel
import Foundation

/// Plain-text views of stored documents, for `budgit show`.
///
/// Every value from the document goes through `t` (``TerminalText/escape(_:)``): the line feeds
/// and tabs written here lay the text out; those inside a value are escaped with its other
/// control characters.
public enum ProjectText {
    private static func t(_ s: String) -> String { TerminalText.escape(s) }
    private static func t(_ s: String?) -> String? { s.map(TerminalText.escape) }

    public static func render(_ p: ProjectForm) -> String {
        var s = ""
        s += "\(t(p.name))\n"
        s += "  year \(p.year)   unit \(t(p.unit))" + (p.department.map { "   department \(t($0))" } ?? "") + "\n"
        s += "  source \(t(p.source.description))\n"
        if !p.categories.isEmpty { s += "  categories: \(t(p.categories.joined(separator: ", ")))\n" }
        for a in p.attributes { s += "  \(t(a.label)): \(t(a.text))\n" }
        if p.startDate != nil || p.endDate != nil { s += "  period \(t(p.startDate) ?? "?") → \(t(p.endDate) ?? "?")\n" }
        if !p.funds.isEmpty {
            s += "funds (元)\n"
            for f in p.funds { s += "  \(f.kind.label.padding(toLength: 10, withPad: "　", startingAt: 0)) \(f.amount.grouped)\n" }
        }
        if let g = p.overallGoal { s += "overall goal \(t(p.goalPeriod) ?? "")\n  \(t(g))\n" }
        if let g = p.annualGoal { s += "annual goal\n  \(t(g))\n" }
        if !p.indicators.isEmpty {
            s += "indicators (\(p.indicators.count))\n"
            for i in p.indicators { s += "  \(t(i.path))  \(t(i.target.text))" + (i.note.map { "  (\(t($0)))" } ?? "") + "\n" }
        }
        if !p.breakdown.isEmpty {
            s += "cost breakdown (\(p.breakdown.count))\n"
            for c in p.breakdown {
                s += "  \(t(c.name)) / \(t(c.content)) / \(t(c.detail))  \(c.amount?.grouped ?? "-")\n"
            }
        }
        if !p.guarantees.isEmpty {
            s += "guarantees (\(p.guarantees.count))\n"
            for g in p.guarantees {
                s += "  \(t(g.category)): \(t(g.document))  " + g.stages.map { "\(t($0.stage)) \(t($0.mark))" }.joined(separator: ", ") + "\n"
            }
        }
        for c in p.contacts { s += "  \(t(c.role)) \(t(c.name))" + (c.phone.map { " \(t($0))" } ?? "") + "\n" }
        for d in p.details { s += "\(t(d.label))\n  \(t(d.text))\n" }
        return s
    }

    public static func render(_ b: UnitBudget) -> String {
        var s = "\(t(b.title))\n  year \(b.year)   unit \(t(b.unit))   source \(t(b.source.description))\n"
        for sec in b.sections { s += "§ \(t(sec.heading)) (\(sec.paragraphs.count) paragraphs)\n" }
        for tb in b.tables {
            s += "table \(tb.number) \(t(tb.title)) (\(tb.rows.count) rows; printed in \(tb.sourceUnit.rawValue))\n"
            s += "  " + ["code", "name"].joined(separator: "\t") + "\t" + tb.columns.map(t).joined(separator: "\t") + "\n"
            for r in tb.rows {
                s += "  \(r.code?.description ?? "")\t\(t(r.name))" + (r.side.map { " [\(t($0))]" } ?? "") + "\t"
                    + r.amounts.map { $0?.grouped ?? "" }.joined(separator: "\t") + "\n"
            }
            if let remark = tb.remark { s += "  \(t(remark))\n" }
        }
        return s
    }
}
