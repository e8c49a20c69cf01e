import BudgitModel
import BudgitCompare

/// One change as a flat row: the shared shape of the CSV and Markdown detail tables.
public struct ChangeRow: Sendable, Hashable {
    /// `project-added`, `fund`, `indicator-raised`, `field`, `breakdown-changed`, `budget-line-changed` …
    public var kind: String
    public var unit: String
    public var project: String
    /// The sub-item: an indicator path, a breakdown key (`name / content / detail`), a budget line.
    public var item: String
    public var field: String
    public var from: String
    public var to: String
    /// The money delta (`1234.56`, `-5.00`); for targets, how they moved (`raised` …); for
    /// renames, why the two were paired (`normalized 巡查考场数`, `similar 0.86`).
    public var delta: String
}

extension ComparisonReport {
    /// Every change as a flat row: projects added, removed, renamed; then each changed project's
    /// funds, indicators, fields, breakdown and guarantees; then budget lines. Money is canonical
    /// text (`1234.56`).
    public func changeRows() -> [ChangeRow] {
        var rows: [ChangeRow] = []
        forEachChangeRow { rows.append($0) }
        return rows
    }

    /// Calls `body` with each row of ``changeRows()``, in order, without keeping them.
    public func forEachChangeRow(_ body: (ChangeRow) -> Void) {
        func money(_ m: Money?) -> String { m?.description ?? "" }
        for p in projects.added {
            body(ChangeRow(kind: "project-added", unit: p.unit, project: p.name, item: "", field: "amount",
                           from: "", to: money(p.amount), delta: money(p.amount)))
        }
        for p in projects.removed {
            body(ChangeRow(kind: "project-removed", unit: p.unit, project: p.name, item: "", field: "amount",
                           from: money(p.amount), to: "", delta: money(p.amount.map { -$0 })))
        }
        for r in projects.renamed {
            body(ChangeRow(kind: "project-renamed", unit: r.to.unit, project: r.to.name, item: "",
                           field: "name", from: r.from.name, to: r.to.name, delta: r.match.label))
        }
        for c in projects.changed {
            func row(_ kind: String, _ item: String, _ field: String, _ from: String?, _ to: String?, _ delta: String = "") {
                body(ChangeRow(kind: kind, unit: c.to.unit, project: c.to.name, item: item, field: field,
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
                    body(ChangeRow(kind: kind, unit: l.unit, project: "", item: l.label, field: a.column,
                                   from: added ? "" : money(a.amount), to: added ? money(a.amount) : "",
                                   delta: money(added ? a.amount : a.amount.map { -$0 })))
                }
            }
        }
        for l in budgetLines.changed {
            if let old = l.fromName {
                body(ChangeRow(kind: "budget-line-changed", unit: l.unit, project: "", item: l.label,
                               field: "name", from: old, to: l.name, delta: ""))
            }
            for c in l.columns {
                body(ChangeRow(kind: "budget-line-changed", unit: l.unit, project: "", item: l.label,
                               field: c.column, from: money(c.from), to: money(c.to), delta: c.delta.description))
            }
        }
    }
}

extension MatchReason {
    /// `exact`, `normalized 公共信息服务系统(运维)`, `similar 0.86`.
    public var label: String {
        switch kind {
        case .exact: return "exact"
        case .normalized: return "normalized " + (normalized ?? "")
        case .similar: return "similar " + (score ?? "")
        }
    }
}

extension BudgetLineEntry {
    /// `表3 205 08 01 进修及培训`, with the side when there is one.
    public var label: String { budgetLineLabel(table, side, code, name) }
}

extension BudgetLineChange {
    /// `表3 205 08 01 进修及培训`, with the side when there is one.
    public var label: String { budgetLineLabel(table, side, code, name) }
}

func budgetLineLabel(_ table: Int, _ side: String?, _ code: String?, _ name: String) -> String {
    ["表\(table)", side, code, name].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
}

extension Money {
    /// `+1,234.56`, `-5.00`, `0.00`: grouped, with a sign unless zero.
    var signedGrouped: String { fen > 0 ? "+" + grouped : grouped }
}
