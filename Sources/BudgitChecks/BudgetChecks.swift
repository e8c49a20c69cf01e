import BudgitModel

/// The outcome of one arithmetic check: a printed figure against the sum of its parts.
public struct CheckResult: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How far the sum is from the printed figure.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Exactly equal.
        case ok
        /// Off by less than 1 元 (a rounding difference).
        case rounding
        /// Off by 1 元 or more.
        case mismatch
    }

    /// A stable rule id, e.g. `table.children`, `sangong.total`, `project.funds-annual`.
    public var rule: String
    /// What was checked, for people: table, row, column or project.
    public var subject: String
    /// The source lines concerned.
    public var location: SourceSpan
    /// The printed figure (the parent, the total, the 金额合计, the annual budget).
    public var expected: Money
    /// The sum of the parts.
    public var actual: Money
    /// `actual - expected`.
    public var difference: Money
    public var kind: Kind
    public var message: String

    public init(rule: String, subject: String, location: SourceSpan, expected: Money, actual: Money, message: String) {
        self.rule = rule; self.subject = subject; self.location = location
        self.expected = expected; self.actual = actual
        self.difference = actual - expected
        self.kind = Self.kind(of: actual - expected)
        self.message = message
    }

    /// `ok` for zero, `rounding` below 1 元, `mismatch` otherwise.
    public static func kind(of difference: Money) -> Kind {
        if difference.fen == 0 { return .ok }
        return difference.fen.magnitude < 100 ? .rounding : .mismatch
    }

    /// `001.txt:173-174: ok [table.children] …`
    public var description: String { "\(location): \(kind.rawValue) [\(rule)] \(message)" }
}

/// The arithmetic a reviewer does on a unit budget and on project forms.
///
/// Rules (ids in ``CheckResult/rule``):
/// - `table.children`: the 项 rows of a 款 (the 款 of a 类; in two-sided tables the `1、` items of a
///   `一、` item) sum to it, per column;
/// - `table.total`: a totals row (`合计`, `收入总计`, `支出总计`, `总计`) equals the sum of the class
///   rows (top-level codes, or top-level `一、` items of its side), per column;
/// - `table.row-total`: in a coded or two-sided table, a row's `合计` equals the sum of the columns
///   after it (`基本支出 + 项目支出`, `人员经费 + 公用经费` …);
/// - `table.balance`: in a two-sided table, `收入总计` equals `支出总计`;
/// - `sangong.total`, `sangong.vehicle`: 三公经费 `因公出国(境)费 + 公务接待费 + 公务用车…小计 = 合计`
///   and `购置费 + 运行费 = 小计`;
/// - `project.breakdown-total`: a form's 项目构成分解 items sum to its printed `金额合计`;
/// - `project.breakdown-funds`: the same sum against the annual budget and the (possibly
///   multi-year) project total, saying which one it matches;
/// - `project.funds-total`: `财政资金 + 其他资金 = 项目资金总额`;
/// - `project.funds-annual`: `当年财政拨款 + 上年结转资金 + 其他资金 = 年度资金` (二、当年预算);
/// - `project.funds-appropriation`: `上级 + 本级 + 下级 = 财政拨款`;
/// - `budget.projects`: the unit budget's 项目支出 (支出预算总表, totals row) against the sum of its
///   projects' annual budgets.
///
/// Only checks that can be computed are reported: a comparison where neither the figure nor any
/// part is printed (all cells empty) is skipped. Passing checks are reported with kind `ok`.
/// Results come in input order (budgets, tables, rows, columns, then projects), so output is
/// deterministic.
public enum BudgetChecks {
    /// Runs every rule.
    /// - Parameters:
    ///   - unitBudgets: the unit budgets to check, each table on its own and against `projects`.
    ///   - projects: project forms; each is checked on its own, and those of a budget's year and unit
    ///     (or with no unit, or all of them when the budget has no unit) reconcile with its 项目支出.
    public static func run(unitBudgets: [UnitBudget], projects: [ProjectForm]) -> [CheckResult] {
        var out: [CheckResult] = []
        let index = ProjectIndex(projects)
        for b in unitBudgets {
            for t in b.tables { out += tableChecks(t, file: b.source.file) }
            out += projectReconciliation(b, projects: projects, index: index)
        }
        for p in projects { out += projectChecks(p) }
        return out
    }

    // MARK: - Tables

    static let totalLabels: Set<String> = ["合计", "总计", "收入总计", "支出总计"]

    static func compact(_ s: String) -> String { s.filter { $0 != " " && $0 != "\u{3000}" } }

    static func isTotal(_ row: BudgetRow) -> Bool { row.code == nil && totalLabels.contains(compact(row.name)) }

    /// 1 for `一、…`, 2 for `1、…` / `1.…`, nil otherwise.
    static func ordinalLevel(_ name: String) -> Int? {
        let head = name.prefix(while: { $0 != "、" && $0 != "." && $0 != "．" })
        guard !head.isEmpty, head.count < name.count else { return nil }
        if head.allSatisfy({ "一二三四五六七八九十百零".contains($0) }) { return 1 }
        if head.allSatisfy({ $0.isASCII && $0.isNumber }) { return 2 }
        return nil
    }

    static func label(_ row: BudgetRow) -> String {
        let name = row.name.isEmpty ? "line \(row.line)" : row.name
        return row.code.map { "\($0) \(name)" } ?? name
    }

    static func subject(_ t: BudgetTable, _ row: BudgetRow, _ column: String) -> String {
        "表\(t.number) \(t.title) · \(label(row))" + (column.isEmpty ? "" : " · \(column)")
    }

    static func span(_ file: String, _ lines: [Int]) -> SourceSpan {
        SourceSpan(file: file, firstLine: lines.min() ?? 0, lastLine: lines.max() ?? 0)
    }

    /// The sum of the amounts printed; saturated at ±`Int64.max` fen when it does not fit (only
    /// with many amounts near ``Money/limit``), which ``outcome(_:_:)`` then says.
    static func sum(_ xs: [Money?]) -> Money {
        Money.wideSum(xs.lazy.compactMap { $0 }).sum
    }

    static func outcome(_ expected: Money, _ actual: Money) -> String {
        if actual.fen.magnitude == Int64.max.magnitude { return "the parts sum beyond the amount range" }
        let d = actual - expected
        switch CheckResult.kind(of: d) {
        case .ok: return "equal"
        case .rounding: return "off by \(d.grouped) (rounding)"
        case .mismatch: return "off by \(d.grouped)"
        }
    }

    /// `parent` against `parts`, per column; skips columns where nothing is printed.
    static func columnSums(rule: String, table t: BudgetTable, file: String, parent: BudgetRow, parts: [BudgetRow],
                           partsWord: String) -> [CheckResult] {
        var out: [CheckResult] = []
        for c in t.columns.indices {
            let printed = c < parent.amounts.count ? parent.amounts[c] : nil
            let values = parts.map { c < $0.amounts.count ? $0.amounts[c] : nil }
            if printed == nil && values.allSatisfy({ $0 == nil }) { continue }
            let expected = printed ?? .zero, actual = sum(values)
            let msg = "\(label(parent)) \(t.columns[c]) printed \(expected.grouped)"
                + (printed == nil ? " (empty cell)" : "")
                + "; its \(parts.count) \(partsWord) sum to \(actual.grouped): \(outcome(expected, actual))"
            out.append(CheckResult(rule: rule, subject: subject(t, parent, t.columns[c]),
                                   location: span(file, [parent.line] + parts.map(\.line)),
                                   expected: expected, actual: actual, message: msg))
        }
        return out
    }

    static func tableChecks(_ t: BudgetTable, file: String) -> [CheckResult] {
        var out: [CheckResult] = []
        let coded = t.rows.contains { $0.code != nil }
        let sided = t.rows.contains { $0.side != nil }

        // table.children
        if coded {
            var seen = Set<ClassificationCode>()
            for row in t.rows {
                guard let code = row.code, seen.insert(code).inserted else { continue }
                let children = t.rows.filter { $0.code?.parent == code }
                guard !children.isEmpty else { continue }
                let word = code.level == 1 ? "款 rows" : (code.level == 2 ? "项 rows" : "child rows")
                out += columnSums(rule: "table.children", table: t, file: file, parent: row, parts: children, partsWord: word)
            }
        }
        if sided {
            for side in sides(of: t) {
                let rows = t.rows.filter { $0.side == side && !isTotal($0) }
                for (k, row) in rows.enumerated() where ordinalLevel(row.name) == 1 {
                    let children = rows[(k + 1)...].prefix { ordinalLevel($0.name) != 1 }.filter { ordinalLevel($0.name) == 2 }
                    guard !children.isEmpty else { continue }
                    out += columnSums(rule: "table.children", table: t, file: file, parent: row, parts: Array(children), partsWord: "sub-items")
                }
            }
        }

        // table.total
        for total in t.rows where isTotal(total) {
            let members: [BudgetRow]
            if coded {
                members = t.rows.filter { $0.code?.level == 1 }
            } else if sided {
                members = t.rows.filter { $0.side == total.side && !isTotal($0) && ordinalLevel($0.name) == 1 }
            } else {
                members = []
            }
            guard !members.isEmpty else { continue }
            out += columnSums(rule: "table.total", table: t, file: file, parent: total, parts: members,
                              partsWord: coded ? "类 rows" : "class rows")
        }

        // table.row-total
        if coded || sided, let tc = t.columns.firstIndex(where: { compact($0) == "合计" }), tc + 1 < t.columns.count {
            let parts = Array((tc + 1)..<t.columns.count)
            let nested = parts.contains { c in
                let name = t.columns[c]
                return name.hasSuffix("/小计") || t.columns.contains { $0.hasPrefix(name + "/") }
            }
            if !nested {
                for row in t.rows {
                    let printed = tc < row.amounts.count ? row.amounts[tc] : nil
                    let values = parts.map { $0 < row.amounts.count ? row.amounts[$0] : nil }
                    if printed == nil && values.allSatisfy({ $0 == nil }) { continue }
                    let expected = printed ?? .zero, actual = sum(values)
                    let names = parts.map { t.columns[$0] }.joined(separator: " + ")
                    let msg = "\(label(row)) 合计 printed \(expected.grouped)" + (printed == nil ? " (empty cell)" : "")
                        + "; \(names) = \(actual.grouped): \(outcome(expected, actual))"
                    out.append(CheckResult(rule: "table.row-total", subject: subject(t, row, "合计"),
                                           location: span(file, [row.line]), expected: expected, actual: actual, message: msg))
                }
            }
        }

        // table.balance
        if sided,
           let income = t.rows.first(where: { isTotal($0) && $0.side == "income" }),
           let expense = t.rows.first(where: { isTotal($0) && $0.side == "expenditure" }),
           let ic = income.amounts.firstIndex(where: { $0 != nil }), let inc = income.amounts[ic] {
            let ec = t.columns.firstIndex(where: { compact($0) == "合计" }) ?? expense.amounts.firstIndex(where: { $0 != nil })
            if let ec, ec < expense.amounts.count, let exp = expense.amounts[ec] {
                let msg = "\(income.name) \(inc.grouped) against \(expense.name) \(t.columns[ec]) \(exp.grouped): \(outcome(inc, exp))"
                out.append(CheckResult(rule: "table.balance", subject: "表\(t.number) \(t.title) · \(income.name) = \(expense.name)",
                                       location: span(file, [income.line, expense.line]), expected: inc, actual: exp, message: msg))
            }
        }

        out += sanGongChecks(t, file: file)
        return out
    }

    static func sides(of t: BudgetTable) -> [String] {
        var out: [String] = []
        for r in t.rows { if let s = r.side, !out.contains(s) { out.append(s) } }
        return out
    }

    /// The leaf of a column name: `公务用车购置及运行费/小计` → `小计`.
    static func leaf(_ name: String) -> String {
        compact(name.split(separator: "/").last.map(String.init) ?? name)
    }

    static func sanGongChecks(_ t: BudgetTable, file: String) -> [CheckResult] {
        func col(_ match: (String) -> Bool) -> Int? { t.columns.firstIndex(where: match) }
        guard let travel = col({ leaf($0).hasPrefix("因公出国") }),
              let reception = col({ leaf($0).hasPrefix("公务接待") }),
              let total = col({ leaf($0) == "合计" }) else { return [] }
        let vehicleGroup = t.columns.filter { compact($0).hasPrefix("公务用车") }
        let subtotal = col({ compact($0).hasPrefix("公务用车") && (leaf($0) == "小计" || !$0.contains("/")) })
        let purchase = col({ compact($0).hasPrefix("公务用车") && leaf($0).hasPrefix("购置") })
        let running = col({ compact($0).hasPrefix("公务用车") && leaf($0).hasPrefix("运行") })
        guard !vehicleGroup.isEmpty else { return [] }

        var out: [CheckResult] = []
        for row in t.rows {
            func v(_ c: Int?) -> Money? { c.flatMap { $0 < row.amounts.count ? row.amounts[$0] : nil } }
            // 合计 = 因公出国 + 公务接待 + 公务用车 (小计, or 购置 + 运行 when no 小计 is printed)
            let vehicleParts: [Int?] = subtotal != nil ? [subtotal] : [purchase, running]
            let partCols = [travel, reception] + vehicleParts
            let values = partCols.map(v)
            if v(total) != nil || values.contains(where: { $0 != nil }) {
                let expected = v(total) ?? .zero, actual = sum(values)
                let names = partCols.compactMap { $0.map { t.columns[$0] } }.joined(separator: " + ")
                out.append(CheckResult(rule: "sangong.total", subject: subject(t, row, t.columns[total]),
                                       location: span(file, [row.line]), expected: expected, actual: actual,
                                       message: "三公 \(t.columns[total]) \(expected.grouped) against \(names) = \(actual.grouped): \(outcome(expected, actual))"))
            }
            if let subtotal, purchase != nil || running != nil {
                let parts = [v(purchase), v(running)]
                if v(subtotal) != nil || parts.contains(where: { $0 != nil }) {
                    let expected = v(subtotal) ?? .zero, actual = sum(parts)
                    let names = [purchase, running].compactMap { $0.map { t.columns[$0] } }.joined(separator: " + ")
                    out.append(CheckResult(rule: "sangong.vehicle", subject: subject(t, row, t.columns[subtotal]),
                                           location: span(file, [row.line]), expected: expected, actual: actual,
                                           message: "\(t.columns[subtotal]) \(expected.grouped) against \(names) = \(actual.grouped): \(outcome(expected, actual))"))
                }
            }
        }
        return out
    }

    // MARK: - Projects

    static func projectSubject(_ p: ProjectForm) -> String { "项目 \(p.name) (\(p.year))" }

    static func fundLine(_ p: ProjectForm, _ k: FundKind) -> FundLine? { p.funds.first { $0.kind == k } }

    static func projectChecks(_ p: ProjectForm) -> [CheckResult] {
        var out: [CheckResult] = []
        let file = p.source.file
        let subject = projectSubject(p)
        let items = p.breakdown.filter { $0.amount != nil }
        let total = fundLine(p, .total), annual = fundLine(p, .annual)

        if !items.isEmpty {
            let itemsSum = sum(items.map(\.amount))
            let itemLines = items.map(\.line)
            if let printed = p.details.first(where: { compact($0.label) == "金额合计" }),
               let figure = Money(canonical: printed.text) ?? (try? Money.parse(printed.text, unit: .yuan)) {
                out.append(CheckResult(rule: "project.breakdown-total", subject: subject + " · 金额合计",
                                       location: span(file, itemLines), expected: figure, actual: itemsSum,
                                       message: "金额合计 printed \(figure.grouped); the \(items.count) breakdown items sum to \(itemsSum.grouped): \(outcome(figure, itemsSum))"))
            }
            if annual != nil || total != nil {
                let multiYear = annual != nil && total != nil && annual!.amount != total!.amount
                var expected: FundLine
                var msg: String
                if let a = annual, a.amount == itemsSum {
                    expected = a
                    msg = "the breakdown sum \(itemsSum.grouped) matches the annual budget (年度)"
                        + (multiYear ? "; the project total \(total!.amount.grouped) is a multi-year figure"
                                     : (total != nil ? " and the project total" : ""))
                } else if let t = total, t.amount == itemsSum {
                    expected = t
                    msg = "the breakdown sum \(itemsSum.grouped) matches the project total (项目总额)"
                        + (multiYear ? ", a multi-year figure, not the annual budget \(annual!.amount.grouped)" : "")
                } else {
                    expected = annual ?? total!
                    msg = "the breakdown sum \(itemsSum.grouped) matches neither the annual budget"
                        + (annual.map { " \($0.amount.grouped)" } ?? " (not printed)")
                        + " nor the project total" + (total.map { " \($0.amount.grouped)" } ?? " (not printed)")
                        + ": against \(expected.kind == .annual ? "the annual budget" : "the project total") \(outcome(expected.amount, itemsSum))"
                }
                out.append(CheckResult(rule: "project.breakdown-funds", subject: subject + " · 项目构成分解",
                                       location: span(file, itemLines + [expected.line]), expected: expected.amount,
                                       actual: itemsSum, message: msg))
            }
        }

        func fundsCheck(_ rule: String, _ whole: FundLine?, _ kinds: [FundKind], _ wholeName: String) {
            guard let whole else { return }
            let parts = kinds.compactMap { fundLine(p, $0) }
            guard !parts.isEmpty else { return }
            let actual = sum(parts.map(\.amount))
            let names = parts.map(\.kind.label).joined(separator: " + ")
            out.append(CheckResult(rule: rule, subject: subject + " · " + wholeName,
                                   location: span(file, [whole.line] + parts.map(\.line)),
                                   expected: whole.amount, actual: actual,
                                   message: "\(wholeName) \(whole.amount.grouped) against \(names) = \(actual.grouped): \(outcome(whole.amount, actual))"))
        }
        fundsCheck("project.funds-total", total, [.fiscal, .otherTotal], FundKind.total.label)
        fundsCheck("project.funds-annual", annual, [.currentAppropriation, .carryOver, .otherAnnual], FundKind.annual.label)
        fundsCheck("project.funds-appropriation", fundLine(p, .currentAppropriation), [.upperLevel, .ownLevel, .lowerLevel],
                   FundKind.currentAppropriation.label)
        return out
    }

    /// The unit budget's 项目支出 against its projects' annual budgets.
    /// The projects by year and unit (spaces removed), made once for all the unit budgets: each
    /// budget looked through every project, making a compacted copy of each one's unit (500 unit
    /// budgets and 50,000 projects took 22 s).
    struct ProjectIndex {
        var byUnit: [YearUnit: [Int]] = [:]
        /// Projects that print no unit, by year: counted as the unit's of any budget of the year.
        var noUnit: [Int: [Int]] = [:]
        struct YearUnit: Hashable { var year: Int; var unit: String }

        init(_ projects: [ProjectForm]) {
            for (i, p) in projects.enumerated() {
                if p.unit.isEmpty { noUnit[p.year, default: []].append(i) }
                else { byUnit[YearUnit(year: p.year, unit: compact(p.unit)), default: []].append(i) }
            }
        }

        /// The projects a unit budget of `year` for `unit` (compacted) accounts for, in order.
        func selected(year: Int, unit: String, count: Int) -> [Int] {
            if unit.isEmpty { return Array(0..<count) }
            return ((byUnit[YearUnit(year: year, unit: unit)] ?? []) + (noUnit[year] ?? [])).sorted()
        }
    }

    static func projectReconciliation(_ b: UnitBudget, projects: [ProjectForm], index: ProjectIndex? = nil) -> [CheckResult] {
        let tables = b.tables.filter { $0.columns.contains { compact($0) == "项目支出" } }
        guard let t = tables.first(where: { compact($0.title).contains("支出预算总表") && !$0.rows.contains { $0.side != nil } })
                ?? tables.first(where: { $0.number == 3 }),
              let pc = t.columns.firstIndex(where: { compact($0) == "项目支出" }),
              let totalRow = t.rows.first(where: { isTotal($0) && $0.side == nil }),
              pc < totalRow.amounts.count else { return [] }
        let figure = totalRow.amounts[pc] ?? .zero
        let unit = compact(b.unit)
        let selected = (index ?? ProjectIndex(projects)).selected(year: b.year, unit: unit, count: projects.count)
        let annual = selected.compactMap { projects[$0].fund(.annual) }
        guard !annual.isEmpty else { return [] }
        let actual = sum(annual)
        let missing = selected.count - annual.count
        let noUnit = selected.count { projects[$0].unit.isEmpty }
        var msg = "项目支出 printed \(figure.grouped) (表\(t.number) \(totalRow.name)); the annual budgets of \(annual.count) projects sum to \(actual.grouped): \(outcome(figure, actual))"
        if missing > 0 { msg += "; \(missing) projects without an annual budget left out" }
        if noUnit > 0 && !unit.isEmpty { msg += "; \(noUnit) projects print no unit and were counted as this unit's" }
        return [CheckResult(rule: "budget.projects", subject: "\(b.unit) \(b.year) · 项目支出",
                            location: span(b.source.file, [totalRow.line]), expected: figure, actual: actual, message: msg)]
    }
}
