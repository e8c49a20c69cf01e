import BudgitModel
import BudgitCompare
@testable import BudgitRender

extension ComparisonReport {
    /// ``changeRows()`` as it was before it was built on ``forEachChangeRow(_:)``: the reference
    /// renderers use it.
    func changeRowsReference() -> [ChangeRow] {
        var rows: [ChangeRow] = []
        func money(_ m: Money?) -> String { m?.description ?? "" }
        for p in projects.added {
            rows.append(ChangeRow(kind: "project-added", unit: p.unit, project: p.name, item: "", field: "amount",
                                  from: "", to: money(p.amount), delta: money(p.amount)))
        }
        for p in projects.removed {
            rows.append(ChangeRow(kind: "project-removed", unit: p.unit, project: p.name, item: "", field: "amount",
                                  from: money(p.amount), to: "", delta: money(p.amount.map { -$0 })))
        }
        for r in projects.renamed {
            rows.append(ChangeRow(kind: "project-renamed", unit: r.to.unit, project: r.to.name, item: "",
                                  field: "name", from: r.from.name, to: r.to.name, delta: r.match.label))
        }
        for c in projects.changed {
            func row(_ kind: String, _ item: String, _ field: String, _ from: String?, _ to: String?, _ delta: String = "") {
                rows.append(ChangeRow(kind: kind, unit: c.to.unit, project: c.to.name, item: item, field: field,
                                      from: from ?? "", to: to ?? "", delta: delta))
            }
            for f in c.funds { row("fund", "", f.kind.rawValue, money(f.from), money(f.to), f.delta.description) }
            let ind = c.indicators
            for i in ind.added { row("indicator-added", i.path, "target", nil, i.target) }
            for i in ind.removed { row("indicator-removed", i.path, "target", i.target, nil) }
            for i in ind.renamed { row("indicator-renamed", i.to, "path", i.from, i.to, i.match.label) }
            for i in ind.changed {
                if let t = i.target { row("indicator-\(t.kind.rawValue)", i.to, "target", t.from, t.to, t.kind.rawValue) }
                if let n = i.note { row("indicator-note", i.to, "note", n.from, n.to) }
            }
            for f in c.fields { row("field", "", f.field, f.from, f.to) }
            for (prefix, items) in [("breakdown", c.breakdown), ("guarantee", c.guarantees)] {
                for item in items {
                    for f in item.fields {
                        row("\(prefix)-\(item.change.rawValue)", item.key.joined(separator: " / "), f.field,
                            f.from, f.to, f.delta?.description ?? "")
                    }
                }
            }
        }
        for (kind, lines) in [("budget-line-added", budgetLines.added), ("budget-line-removed", budgetLines.removed)] {
            for l in lines {
                for a in l.amounts where a.amount != nil {
                    let added = kind == "budget-line-added"
                    rows.append(ChangeRow(kind: kind, unit: l.unit, project: "", item: l.label, field: a.column,
                                          from: added ? "" : money(a.amount), to: added ? money(a.amount) : "",
                                          delta: money(added ? a.amount : a.amount.map { -$0 })))
                }
            }
        }
        for l in budgetLines.changed {
            if let old = l.fromName {
                rows.append(ChangeRow(kind: "budget-line-changed", unit: l.unit, project: "", item: l.label,
                                      field: "name", from: old, to: l.name, delta: ""))
            }
            for c in l.columns {
                rows.append(ChangeRow(kind: "budget-line-changed", unit: l.unit, project: "", item: l.label,
                                      field: c.column, from: money(c.from), to: money(c.to), delta: c.delta.description))
            }
        }
        return rows
    }
}
