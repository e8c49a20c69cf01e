import BudgitModel

/// A project form as a list of facts, each with a stable key, a label for people and a value:
/// what blame attributes and what the semantic log summarises.
public struct Fact: Sendable, Hashable, Codable {
    /// Stable key: `name`, `fund.annual`, `indicator.产出目标/数量目标/参训人数`, `goal.overall` …
    public var key: String
    public var label: String
    public var value: String
}

public enum ProjectFacts {
    /// The facts of `p`, in a stable order (the canonical file's).
    public static func facts(of p: ProjectForm) -> [Fact] {
        var out: [Fact] = []
        func add(_ key: String, _ label: String, _ v: String?) { if let v { out.append(Fact(key: key, label: label, value: v)) } }
        add("name", "项目名称", p.name)
        add("unit", "单位", p.unit)
        add("department", "主管部门", p.department)
        add("categories", "项目类别", p.categories.isEmpty ? nil : p.categories.joined(separator: "、"))
        for a in p.attributes { add("attribute.\(a.label)", a.label, a.text) }
        add("start", "计划开始日期", p.startDate)
        add("end", "计划完成日期", p.endDate)
        for f in p.funds { add("fund.\(f.kind.rawValue)", f.kind.label, f.amount.description) }
        add("goal-period", "目标期间", p.goalPeriod)
        add("goal.overall", "项目总目标", p.overallGoal)
        add("goal.annual", "年度目标", p.annualGoal)
        var seen: [String: Int] = [:]
        for i in p.indicators {
            var key = "indicator.\(i.path)"
            if let n = seen[key] { seen[key] = n + 1; key += "#\(n + 1)" } else { seen[key] = 1 }
            add(key, i.level3, i.target.text + (i.note.map { " (\($0))" } ?? ""))
        }
        var seenCost: [String: Int] = [:]
        for c in p.breakdown {
            var key = "cost.\(c.name)/\(c.content)/\(c.detail)"
            if let n = seenCost[key] { seenCost[key] = n + 1; key += "#\(n + 1)" } else { seenCost[key] = 1 }
            add(key, [c.content, c.detail].filter { !$0.isEmpty }.joined(separator: "/"), c.amount?.description ?? "")
        }
        for (n, g) in p.guarantees.enumerated() {
            add("guarantee.\(n + 1)", g.category, g.document + " " + g.stages.map { $0.stage + $0.mark }.joined(separator: " "))
        }
        return out
    }

    /// A one-line summary of what changed from `old` to `new` (nil: the project was added).
    public static func summary(from old: ProjectForm?, to new: ProjectForm?) -> String {
        guard let new else { return "removed \(old?.name ?? "")" }
        guard let old else {
            let amount = (new.fund(.annual) ?? new.fund(.total)).map { ", \($0.grouped) 元" } ?? ""
            return "added (\(new.indicators.count) indicator\(new.indicators.count == 1 ? "" : "s")\(amount))"
        }
        var parts: [String] = []
        if old.name != new.name { parts.append("renamed from \(old.name)") }
        let before = Dictionary(facts(of: old).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(facts(of: new).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for kind in FundKind.allCases {
            let a = old.fund(kind), b = new.fund(kind)
            guard a != b else { continue }
            if let a, let b {
                let d = b - a
                parts.append("\(kind.label) \(d.fen >= 0 ? "+" : "")\(d.grouped) 元")
            } else if let b { parts.append("\(kind.label) \(b.grouped) 元 (new)") }
            else if let a { parts.append("\(kind.label) \(a.grouped) 元 removed") }
        }
        let oldInd = facts(of: old).filter { $0.key.hasPrefix("indicator.") }
        let newInd = facts(of: new).filter { $0.key.hasPrefix("indicator.") }
        var changedTargets: [String] = []
        for f in newInd { if let o = before[f.key], o.value != f.value { changedTargets.append("\(f.label): \(o.value) → \(f.value)") } }
        let added = newInd.filter { before[$0.key] == nil }.count
        let removed = oldInd.filter { after[$0.key] == nil }.count
        parts += changedTargets.prefix(3)
        if changedTargets.count > 3 { parts.append("\(changedTargets.count - 3) more targets changed") }
        if added > 0 { parts.append("+\(added) indicator\(added == 1 ? "" : "s")") }
        if removed > 0 { parts.append("−\(removed) indicator\(removed == 1 ? "" : "s")") }
        for key in ["goal.overall", "goal.annual", "start", "end", "department", "categories"] where before[key]?.value != after[key]?.value {
            parts.append("\((after[key] ?? before[key])!.label) changed")
        }
        let costChanged = facts(of: new).filter { $0.key.hasPrefix("cost.") && before[$0.key]?.value != $0.value }.count
            + facts(of: old).filter { $0.key.hasPrefix("cost.") && after[$0.key] == nil }.count
        if costChanged > 0 { parts.append("\(costChanged) breakdown line\(costChanged == 1 ? "" : "s") changed") }
        return parts.isEmpty ? "no change in facts (source lines or layout only)" : parts.joined(separator: "; ")
    }
}
