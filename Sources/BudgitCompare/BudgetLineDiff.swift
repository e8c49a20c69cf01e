import BudgitModel

/// Compares the table lines of unit budgets.
///
/// A line's key is (unit, table number, side, code), or (unit, table number, side, name) for a
/// line without a classification code; lines with the same key pair in the order printed.
/// Columns pair by name (and occurrence), so a column added to a table shows as amounts appearing.
/// Table remarks and narrative sections are not compared.
public enum BudgetLineDiff {
    /// The lines only in `a`, only in `b`, and paired lines whose name or amounts differ.
    public static func diff(_ a: [UnitBudget], _ b: [UnitBudget]) -> BudgetLineChanges {
        let la = lines(a), lb = lines(b)
        let ka = occurrenceKeys(la.map(\.key)), kb = occurrenceKeys(lb.map(\.key))
        var added: [BudgetLineEntry] = [], removed: [BudgetLineEntry] = [], changed: [BudgetLineChange] = []
        for (_, i, j) in alignByKey(ka, kb) {
            switch (i.map { la[$0] }, j.map { lb[$0] }) {
            case let (x?, y?):
                let cols = columnChanges(x, y)
                if !cols.isEmpty || x.row.name != y.row.name {
                    changed.append(BudgetLineChange(
                        unit: y.unit, table: y.table.number, tableTitle: y.table.title, side: y.row.side,
                        code: y.row.code?.description, name: y.row.name,
                        fromName: x.row.name != y.row.name ? x.row.name : nil, columns: cols))
                }
            case let (x?, nil): removed.append(entry(x))
            case let (nil, y?): added.append(entry(y))
            case (nil, nil): break
            }
        }
        return BudgetLineChanges(added: added, removed: removed, changed: changed)
    }

    struct Line {
        var unit: String
        var table: BudgetTable
        var row: BudgetRow
        /// `[unit, table number (zero-padded), side, "code:205 08 01" | "name:合计"]`.
        var key: [String]
        /// The table's columns as ``columnChanges(_:_:)`` pairs them: computed once per table and
        /// shared by its rows (normalising the names for every row dominated compare profiles).
        var columnKeys: [OccurrenceKey]
    }

    /// Every row of every table, budgets in a canonical order, tables by number, rows as printed.
    static func lines(_ budgets: [UnitBudget]) -> [Line] {
        let sorted = sortedCanonically(budgets) { [$0.unit, String($0.year), $0.title] }
        var out: [Line] = []
        for budget in sorted {
            let tables = sortedCanonically(budget.tables) { [paddedNumber($0.number), $0.title] }
            for table in tables {
                let columnKeys = columnKeys(table)
                for row in table.rows {
                    let id = row.code.map { "code:\($0.description)" } ?? "name:\(row.name)"
                    out.append(Line(unit: budget.unit, table: table, row: row,
                                    key: [budget.unit, paddedNumber(table.number), row.side ?? "", id],
                                    columnKeys: columnKeys))
                }
            }
        }
        return out
    }

    /// The keys columns pair by: the name with year tokens removed (`2022年机关运行经费预算数` is the
    /// same column as `2023年机关运行经费预算数` a year later), and its occurrence.
    static func columnKeys(_ table: BudgetTable) -> [OccurrenceKey] {
        occurrenceKeys(table.columns.map { [NameNormalizer.normalize($0)] })
    }

    static func entry(_ l: Line) -> BudgetLineEntry {
        BudgetLineEntry(unit: l.unit, table: l.table.number, tableTitle: l.table.title, side: l.row.side,
                        code: l.row.code?.description, name: l.row.name,
                        amounts: l.table.columns.indices.map { c in
                            ColumnAmount(column: l.table.columns[c], amount: amount(l.row, c))
                        })
    }

    static func amount(_ row: BudgetRow, _ column: Int) -> Money? {
        column < row.amounts.count ? row.amounts[column] : nil
    }

    /// Amount differences, columns paired by name and occurrence; `to` columns first, in order,
    /// then columns only in `from`.
    static func columnChanges(_ x: Line, _ y: Line) -> [ColumnChange] {
        let cx = x.columnKeys, cy = y.columnKeys
        var xIndex: [OccurrenceKey: Int] = [:]
        for (i, k) in cx.enumerated() { xIndex[k] = i }
        var order: [(String, Int?, Int?)] = cy.indices.map { (y.table.columns[$0], xIndex[cy[$0]], $0) }
        let inY = Set(cy)
        for (i, k) in cx.enumerated() where !inY.contains(k) { order.append((x.table.columns[i], i, nil)) }
        return order.compactMap { name, i, j in
            let from = i.flatMap { amount(x.row, $0) }, to = j.flatMap { amount(y.row, $0) }
            guard from != to else { return nil }
            return ColumnChange(column: name, from: from, to: to, delta: (to ?? .zero) - (from ?? .zero),
                                percent: from?.percentChange(to: to ?? .zero))
        }
    }
}

/// A table number zero-padded to three digits, so that keys sort numerically.
func paddedNumber(_ n: Int) -> String {
    let digits = String(n)
    return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
}
