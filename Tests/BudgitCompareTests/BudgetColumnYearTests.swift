import Testing
import BudgitModel
import BudgitCompareTestSupport
@testable import BudgitCompare

/// A column whose name carries the year is the same column a year later.
@Suite struct BudgetColumnYearTests {
    func budget(_ year: Int, _ amount: Int64) -> UnitBudget {
        let t = BudgetTable(number: 8, title: "\(year)年单位“三公”经费和机关运行经费预算表", sourceUnit: .wanYuan,
                            columns: ["合计", "\(year)年机关运行经费预算数"],
                            rows: [BudgetRow(code: nil, name: "", amounts: [Money(yuan: 10), Money(yuan: amount)], line: 1)], line: 1)
        return UnitBudget(year: year, unit: "闵行区某校", title: "t", tables: [t], source: SourceSpan(file: "f", firstLine: 1, lastLine: 9))
    }

    @Test func yearInColumnNameIsNotAChange() {
        #expect(BudgetLineDiff.diff([budget(2022, 5)], [budget(2023, 5)]).changed.isEmpty)
        let c = BudgetLineDiff.diff([budget(2022, 5)], [budget(2023, 7)]).changed
        #expect(c.count == 1 && c[0].columns.map(\.column) == ["2023年机关运行经费预算数"])
        #expect(c.first?.columns.first?.delta == Money(yuan: 2))
    }
}
