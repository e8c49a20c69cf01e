import BudgitModel

/// Plain-text views of stored documents, for `budgit show`.
enum ProjectText {
    static func render(_ p: ProjectForm) -> String {
        var s = ""
        s += "\(p.name)\n"
        s += "  year \(p.year)   unit \(p.unit)" + (p.department.map { "   department \($0)" } ?? "") + "\n"
        s += "  source \(p.source)\n"
        if !p.categories.isEmpty { s += "  categories: \(p.categories.joined(separator: ", "))\n" }
        for a in p.attributes { s += "  \(a.label): \(a.text)\n" }
        if p.startDate != nil || p.endDate != nil { s += "  period \(p.startDate ?? "?") → \(p.endDate ?? "?")\n" }
        if !p.funds.isEmpty {
            s += "funds (元)\n"
            for f in p.funds { s += "  \(f.kind.label.padding(toLength: 10, withPad: "　", startingAt: 0)) \(f.amount.grouped)\n" }
        }
        if let g = p.overallGoal { s += "overall goal \(p.goalPeriod ?? "")\n  \(g)\n" }
        if let g = p.annualGoal { s += "annual goal\n  \(g)\n" }
        if !p.indicators.isEmpty {
            s += "indicators (\(p.indicators.count))\n"
            for i in p.indicators { s += "  \(i.path)  \(i.target.text)" + (i.note.map { "  (\($0))" } ?? "") + "\n" }
        }
        if !p.breakdown.isEmpty {
            s += "cost breakdown (\(p.breakdown.count))\n"
            for c in p.breakdown {
                s += "  \(c.name) / \(c.content) / \(c.detail)  \(c.amount?.grouped ?? "-")\n"
            }
        }
        if !p.guarantees.isEmpty {
            s += "guarantees (\(p.guarantees.count))\n"
            for g in p.guarantees {
                s += "  \(g.category): \(g.document)  " + g.stages.map { "\($0.stage) \($0.mark)" }.joined(separator: ", ") + "\n"
            }
        }
        for c in p.contacts { s += "  \(c.role) \(c.name)" + (c.phone.map { " \($0)" } ?? "") + "\n" }
        for d in p.details { s += "\(d.label)\n  \(d.text)\n" }
        return s
    }

    static func render(_ b: UnitBudget) -> String {
        var s = "\(b.title)\n  year \(b.year)   unit \(b.unit)   source \(b.source)\n"
        for sec in b.sections { s += "§ \(sec.heading) (\(sec.paragraphs.count) paragraphs)\n" }
        for t in b.tables {
            s += "table \(t.number) \(t.title) (\(t.rows.count) rows; printed in \(t.sourceUnit.rawValue))\n"
            s += "  " + ["code", "name"].joined(separator: "\t") + "\t" + t.columns.joined(separator: "\t") + "\n"
            for r in t.rows {
                s += "  \(r.code?.description ?? "")\t\(r.name)" + (r.side.map { " [\($0)]" } ?? "") + "\t"
                    + r.amounts.map { $0?.grouped ?? "" }.joined(separator: "\t") + "\n"
            }
            if let remark = t.remark { s += "  \(remark)\n" }
        }
        return s
    }
}
