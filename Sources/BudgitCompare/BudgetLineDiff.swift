import BudgitModel

/// Compares the table lines of unit budgets.
///
/// A line's key is (unit, table number, side, code), or (unit, table number, side, name) for a
/// line without a classification code; lines with the same key pair in the order printed.
/// Columns pair by name (and occurrence), so a column added to a table shows as amounts appearing.
/// Table remarks and narrative sections are not compared.
///
/// The lists come sorted by key as strings compare: the unit, the table number zero-padded to
/// three digits, the side (`""` when none), then `code:205 08 01` or `name:合计`; repeated keys in
/// the order printed.
public enum BudgetLineDiff {
    /// The lines only in `a`, only in `b`, and paired lines whose name or amounts differ.
    ///
    /// - Complexity: O(*n* log *n*) in the number of lines, with keys compared as bytes (see
    ///   ``LineKey``); the column pairing is computed once per pair of tables.
    public static func diff(_ a: [UnitBudget], _ b: [UnitBudget]) -> BudgetLineChanges {
        let sa = Side(a), sb = Side(b)
        let ranks = KeyRanks(sa, sb)
        let ka = sa.keys(ranks), kb = sb.keys(ranks)
        var added: [BudgetLineEntry] = [], removed: [BudgetLineEntry] = [], changed: [BudgetLineChange] = []
        var columnPairs: [Int: [ColumnPair]] = [:]
        for (i, j) in align(ka, kb) {
            switch (i, j) {
            case let (i?, j?):
                let x = sa.rows[i], y = sb.rows[j]
                let tx = sa.tables[x.table], ty = sb.tables[y.table]
                let rx = tx.table.rows[x.row], ry = ty.table.rows[y.row]
                let pairKey = x.table * sb.tables.count + y.table
                let pairs = columnPairs[pairKey] ?? {
                    let p = Self.columnPairs(tx, ty)
                    columnPairs[pairKey] = p
                    return p
                }()
                let cols = columnChanges(rx, ry, pairs)
                if !cols.isEmpty || rx.name != ry.name {
                    changed.append(BudgetLineChange(
                        unit: ty.unit, table: ty.table.number, tableTitle: ty.table.title, side: ry.side,
                        code: ry.code?.description, name: ry.name,
                        fromName: rx.name != ry.name ? rx.name : nil, columns: cols))
                }
            case let (i?, nil): removed.append(sa.entry(sa.rows[i]))
            case let (nil, j?): added.append(sb.entry(sb.rows[j]))
            case (nil, nil): break
            }
        }
        return BudgetLineChanges(added: added, removed: removed, changed: changed)
    }

    /// The numbers of lines ``diff(_:_:)`` lists as added, removed and changed, without listing
    /// them: the same pairing and tests, nothing built or formatted.
    public static func counts(_ a: [UnitBudget], _ b: [UnitBudget]) -> Summary.LineCounts {
        let sa = Side(a), sb = Side(b)
        let ranks = KeyRanks(sa, sb)
        let ka = sa.keys(ranks), kb = sb.keys(ranks)
        var counts = Summary.LineCounts(added: 0, removed: 0, changed: 0)
        var columnPairs: [Int: [ColumnPair]] = [:]
        for (i, j) in align(ka, kb) {
            switch (i, j) {
            case let (i?, j?):
                let x = sa.rows[i], y = sb.rows[j]
                let pairKey = x.table * sb.tables.count + y.table
                let pairs = columnPairs[pairKey] ?? {
                    let p = Self.columnPairs(sa.tables[x.table], sb.tables[y.table])
                    columnPairs[pairKey] = p
                    return p
                }()
                // Rows read in place (a copy of a table or row retains each of its parts).
                let changed = sa.tables[x.table].table.rows.withUnsafeBufferPointer { rowsA in
                    sb.tables[y.table].table.rows.withUnsafeBufferPointer { rowsB in
                        rowsA[x.row].name != rowsB[y.row].name
                            || pairs.contains { amount(rowsA[x.row], $0.from) != amount(rowsB[y.row], $0.to) }
                    }
                }
                if changed { counts.changed += 1 }
            case (_?, nil): counts.removed += 1
            case (nil, _?): counts.added += 1
            case (nil, nil): break
            }
        }
        return counts
    }

    /// The tables and rows of one side of a diff, budgets in a canonical order, tables by number,
    /// rows as printed. Rows are referred to by index, not copied.
    struct Side {
        struct Table {
            var unit: String
            var table: BudgetTable
            /// The table number zero-padded (`007`), as keys sort it.
            var number: String
        }
        var tables: [Table] = []
        var rows: [(table: Int, row: Int)] = []

        init(_ budgets: [UnitBudget]) {
            for budget in sortedCanonically(budgets, key: { [$0.unit, String($0.year), $0.title] }) {
                for table in sortedCanonically(budget.tables, key: { [paddedNumber($0.number), $0.title] }) {
                    tables.append(Table(unit: budget.unit, table: table, number: paddedNumber(table.number)))
                    for r in table.rows.indices { rows.append((tables.count - 1, r)) }
                }
            }
        }

        /// Every row's key, in the order of `rows`.
        func keys(_ ranks: KeyRanks) -> [LineKey] {
            var out: [LineKey] = []
            out.reserveCapacity(rows.count)
            var lastSide: String?, lastSideRank = 0
            for table in tables {
                let unit = ranks.units[table.unit]!, number = ranks.numbers[table.number]!
                let rows = table.table.rows
                for r in rows.indices {
                    let side = rows[r].side ?? ""
                    if side != lastSide { lastSide = side; lastSideRank = ranks.sides[side]! }
                    let code = rows[r].code
                    let id = code?.description ?? rows[r].name
                    out.append(LineKey(unit: unit, number: number, side: lastSideRank, isName: code == nil,
                                       id: id, idIsNFC: LineKey.isSurelyNFC(id)))
                }
            }
            return out
        }

        func entry(_ l: (table: Int, row: Int)) -> BudgetLineEntry {
            let t = tables[l.table], row = t.table.rows[l.row]
            return BudgetLineEntry(unit: t.unit, table: t.table.number, tableTitle: t.table.title, side: row.side,
                                   code: row.code?.description, name: row.name,
                                   amounts: t.table.columns.indices.map { c in
                                       ColumnAmount(column: t.table.columns[c], amount: amount(row, c))
                                   })
        }
    }

    /// The keys columns pair by: the name with year tokens removed (`2022年机关运行经费预算数` is the
    /// same column as `2023年机关运行经费预算数` a year later), and its occurrence.
    static func columnKeys(_ table: BudgetTable) -> [OccurrenceKey] {
        occurrenceKeys(table.columns.map { [NameNormalizer.normalize($0)] })
    }

    static func amount(_ row: BudgetRow, _ column: Int) -> Money? {
        column < row.amounts.count ? row.amounts[column] : nil
    }

    /// The amount of a column the row's table may not have (nil then).
    static func amount(_ row: BudgetRow, _ column: Int?) -> Money? {
        column.flatMap { amount(row, $0) }
    }

    /// A column of either table: its name as reported, and its index in the `from` and `to` tables.
    typealias ColumnPair = (name: String, from: Int?, to: Int?)

    /// The columns of two tables paired by name and occurrence: `to` columns first, in order, then
    /// columns only in `from`.
    static func columnPairs(_ x: Side.Table, _ y: Side.Table) -> [ColumnPair] {
        // Byte-identical columns pair with themselves, in order (their keys are the same list).
        // Not merely equal strings: `normalize` may tell apart canonically equivalent spellings.
        if x.table.columns.elementsEqual(y.table.columns, by: { LineKey.compareUTF8($0, $1) == 0 }) {
            return y.table.columns.indices.map { (y.table.columns[$0], $0, $0) }
        }
        // Likewise when the columns that differ (`2022年…` → `2023年…`) normalise to the same
        // bytes: the key lists are then the same, column for column.
        if x.table.columns.count == y.table.columns.count, zip(x.table.columns, y.table.columns).allSatisfy({
            LineKey.compareUTF8($0, $1) == 0
                || LineKey.compareUTF8(NameNormalizer.normalize($0), NameNormalizer.normalize($1)) == 0
        }) {
            return y.table.columns.indices.map { (y.table.columns[$0], $0, $0) }
        }
        let cx = columnKeys(x.table), cy = columnKeys(y.table)
        var xIndex: [OccurrenceKey: Int] = [:]
        for (i, k) in cx.enumerated() { xIndex[k] = i }
        var order: [ColumnPair] = cy.indices.map { (y.table.columns[$0], xIndex[cy[$0]], $0) }
        let inY = Set(cy)
        for (i, k) in cx.enumerated() where !inY.contains(k) { order.append((x.table.columns[i], i, nil)) }
        return order
    }

    /// Amount differences of two rows over their tables' paired columns.
    static func columnChanges(_ x: BudgetRow, _ y: BudgetRow, _ pairs: [ColumnPair]) -> [ColumnChange] {
        var out: [ColumnChange] = []
        for (name, i, j) in pairs {
            let from = amount(x, i), to = amount(y, j)
            guard from != to else { continue }
            out.append(ColumnChange(column: name, from: from, to: to, delta: (to ?? .zero) - (from ?? .zero),
                                    percent: from?.percentChange(to: to ?? .zero)))
        }
        return out
    }
}

/// A table number zero-padded to three digits, so that keys sort numerically.
func paddedNumber(_ n: Int) -> String {
    let digits = String(n)
    return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
}
