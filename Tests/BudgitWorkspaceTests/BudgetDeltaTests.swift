import Testing
import BudgitModel
import BudgitCanonical
import BudgitCompare
import BudgitTestSupport

/// Diffing only the rows whose lines differ gives the same budget-line changes as diffing the
/// whole files.
@Suite struct BudgetDeltaTests {
    @Test(arguments: 0..<60)
    func deltaDiffEqualsWholeDiff(seed: Int) throws {
        var g = ModelGenerator(seed: UInt64(seed) &+ 500)
        let a = g.unitBudget()
        var b = a
        var rng = SeededGenerator(seed: UInt64(seed))
        for t in b.tables.indices {
            for r in b.tables[t].rows.indices.reversed() {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: b.tables[t].rows.remove(at: r)
                case 1: if !b.tables[t].rows[r].amounts.isEmpty { b.tables[t].rows[r].amounts[0] = Money(fen: Int64.random(in: 0...9999, using: &rng)) }
                case 2: b.tables[t].rows.insert(BudgetRow(code: ClassificationCode(parts: ["299", "\(r)"]), name: "新增\(r)", amounts: b.tables[t].rows[r].amounts, line: 1), at: r)
                case 3: b.tables[t].rows[r].line += 7  // a moved source line is not a change
                default: break
                }
            }
            if Int.random(in: 0..<8, using: &rng) == 0 { b.tables[t].title += "（调整）" }
        }
        let (x, y) = try UnitBudgetFile.differingRows(old: UnitBudgetFile.write(a), new: UnitBudgetFile.write(b), path: "u.jsonl")
        let whole = BudgetLineDiff.diff([a], [b])
        let delta = BudgetLineDiff.diff([x], [y])
        #expect(delta == whole, "seed \(seed)")
        #expect(x.tables.map(\.rows.count).reduce(0, +) <= a.tables.map(\.rows.count).reduce(0, +))
    }
}
