import BudgitModel

/// The edits ``NextYearBuilder`` made, which a comparison must report exactly.
public struct NextYearEdits: Sendable, Hashable {
    public var fundChanges: [String: (from: Money, to: Money)] = [:]
    /// Old name → new name: names that drifted with the year (`(2022运维)` → `(2023运维)`) and
    /// names edited by hand.
    public var renamed: [String: String] = [:]
    public var removed: [String] = []
    public var added: [String] = []
    /// Project (new name) → indicator paths.
    public var indicatorsAdded: [String: [String]] = [:]
    public var indicatorsRemoved: [String: [String]] = [:]
    public var targetsChanged: [String: [(path: String, from: String, to: String)]] = [:]

    public static func == (a: NextYearEdits, b: NextYearEdits) -> Bool { a.summary == b.summary }
    public func hash(into h: inout Hasher) { h.combine(summary) }

    /// The projects (new names) whose content changed.
    public var changedProjects: Set<String> {
        Set(fundChanges.keys).union(indicatorsAdded.keys).union(indicatorsRemoved.keys).union(targetsChanged.keys)
    }

    public var summary: String {
        "funds \(fundChanges.keys.sorted()) renamed \(renamed.sorted { $0.key < $1.key }) removed \(removed.sorted()) added \(added.sorted()) "
            + "+ind \(indicatorsAdded.sorted { $0.key < $1.key }) -ind \(indicatorsRemoved.sorted { $0.key < $1.key }) "
            + "targets \(targetsChanged.keys.sorted())"
    }
}

/// Derives a next year from a real year's forms by known, deterministic edits: the fixture of
/// the comparison tests (the seeds hold no unit with two years).
///
/// Every form moves one year (year, plan dates, the years in its goal-period label, and
/// `(2022运维)`-style names); then, chosen by a seeded generator among forms sorted by name:
/// 3 annual budgets change, 2 projects are removed, 2 added, 2 renamed by hand, 3 targets
/// change, 2 forms gain an indicator and 2 lose one. Nothing else changes.
public enum NextYearBuilder {
    public static func derive(_ forms: [ProjectForm], seed: UInt64 = 2024) -> ([ProjectForm], NextYearEdits) {
        var rng = SeededGenerator(seed: seed)
        var edits = NextYearEdits()
        var out = forms.sorted { ($0.unit, $0.name, $0.source.firstLine) < ($1.unit, $1.name, $1.source.firstLine) }
        // Move with the year.
        for i in out.indices {
            let y = out[i].year
            out[i].year = y + 1
            out[i].startDate = out[i].startDate.map { shiftDate($0) }
            out[i].endDate = out[i].endDate.map { shiftDate($0) }
            out[i].goalPeriod = out[i].goalPeriod.map(shiftYears)
            let old = out[i].name
            let drifted = old.replacingAll("(\(y)运维)", with: "(\(y + 1)运维)").replacingAll("(\(y) 运维)", with: "(\(y + 1) 运维)")
                .replacingAll("（第二年）", with: "（第三年）").replacingAll("(第二年)", with: "(第三年)")
            if drifted != old { out[i].name = drifted; edits.renamed[old] = drifted }
        }
        let drifted = Set(edits.renamed.values)
        var pool = out.indices.filter { !drifted.contains(out[$0].name) && !out[$0].indicators.isEmpty }
        pool.shuffle(using: &rng)
        func take(_ n: Int) -> [Int] { let t = Array(pool.prefix(n)); pool.removeFirst(min(n, pool.count)); return t }
        // Funds: +10% of the annual budget (exact: whole fen, rounded down).
        for i in take(3) {
            guard let k = out[i].funds.firstIndex(where: { $0.kind == .annual }) else { continue }
            let from = out[i].funds[k].amount
            let to = Money(fen: from.fen + from.fen / 10)
            out[i].funds[k].amount = to
            edits.fundChanges[out[i].name] = (from, to)
        }
        // Targets: a numeric target raised by 5, else words changed.
        for i in take(3) {
            guard let k = out[i].indicators.firstIndex(where: { $0.target.number != nil && !($0.target.number!.contains(".")) }) ?? out[i].indicators.indices.first else { continue }
            let ind = out[i].indicators[k]
            var t = ind.target
            if let n = t.number, let v = Int(n) {
                let nv = String(v + 5)
                t = Target(text: t.text.replacingAll(n, with: nv), comparator: t.comparator, number: nv, unit: t.unit)
            } else {
                t = Target(text: t.text + "（提高要求）")
            }
            out[i].indicators[k].target = t
            edits.targetsChanged[out[i].name, default: []].append((ind.path, ind.target.text, t.text))
        }
        // Indicators added and removed.
        for i in take(2) {
            let new = Indicator(level1: "效果目标", level2: "社会效益目标", level3: "新增考核指标\(i)", target: Target(text: "≥80%", comparator: .ge, number: "80", unit: "%"), line: 0)
            out[i].indicators.append(new)
            edits.indicatorsAdded[out[i].name, default: []].append(new.path)
        }
        for i in take(2) where out[i].indicators.count > 1 {
            let gone = out[i].indicators.removeLast()
            edits.indicatorsRemoved[out[i].name, default: []].append(gone.path)
        }
        // Renamed by hand: a suffix on a long name keeps it similar.
        for i in take(12).filter({ out[$0].name.count >= 10 }).prefix(2) {
            let old = out[i].name
            out[i].name = old + "项目"
            edits.renamed[old] = out[i].name
        }
        // Removed and added.
        var removedIdx = Set<Int>()
        for i in take(2) { removedIdx.insert(i); edits.removed.append(out[i].name) }
        var result = out.enumerated().filter { !removedIdx.contains($0.offset) }.map(\.element)
        for n in 1...2 {
            var p = ProjectForm(year: (forms.first?.year ?? 2022) + 1, name: "新增示范项目第\(n)号", unit: forms.first?.unit ?? "",
                                source: SourceSpan(file: "derived.txt", firstLine: n, lastLine: n))
            p.funds = [FundLine(kind: .annual, amount: Money(yuan: Int64(100_000 * n)), sourceUnit: .yuan, line: n)]
            p.indicators = [Indicator(level1: "产出目标", level2: "数量目标", level3: "示范点数量", target: Target(text: "=\(n)个", comparator: .eq, number: "\(n)", unit: "个"), line: n)]
            result.append(p)
            edits.added.append(p.name)
        }
        return (result, edits)
    }

    /// Every 4-digit year 1990–2100 in `s`, plus one.
    static func shiftYears(_ s: String) -> String {
        var out = "", digits = ""
        func flush() {
            if digits.count == 4, let v = Int(digits), (1990...2100).contains(v) { out += String(v + 1) } else { out += digits }
            digits = ""
        }
        for ch in s {
            if ch.isASCII && ch.isNumber { digits.append(ch) } else { flush(); out.append(ch) }
        }
        flush()
        return out
    }

    static func shiftDate(_ d: String) -> String {
        guard d.count >= 4, let y = Int(d.prefix(4)) else { return d }
        return String(y + 1) + d.dropFirst(4)
    }
}

extension String {
    func replacingAll(_ a: String, with b: String) -> String {
        guard !a.isEmpty, contains(a) else { return self }
        return components(separatedBy: a).joined(separator: b)
    }
}

import Foundation
