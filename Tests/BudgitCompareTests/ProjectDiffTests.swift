import BudgitModel
import Testing
import BudgitCompareTestSupport
import BudgitRender
@testable import BudgitCompare

@Suite struct ProjectDiffTests {
    let a = project("党建经费", year: 2022, annual: "20000.00", start: "2022-01-01", end: "2022-12-31",
                    goalPeriod: "(2022 年-2022年)")

    @Test func yearOverYearDateShiftIsNotAChange() {
        let b = project("党建经费", year: 2023, annual: "20000.00", start: "2023-01-01", end: "2023-12-31",
                        goalPeriod: "(2023年-2023 年)")
        #expect(ProjectDiff.diff(a, b).isEmpty)
        #expect(ProjectDiff.diff(a, b, yearShift: 1).isEmpty)
        // Asked to treat them as the same year, every date moved.
        let same = ProjectDiff.diff(a, b, yearShift: 0)
        #expect(same.fields.map(\.field) == ["year", "startDate", "endDate", "goalPeriod"])
    }

    /// The byte shortcut of `sameShifted` must give what folding both sides gives, also for
    /// shifted text equal to the new one as a string but with other scalars.
    @Test func shiftedTextComparesAsFolded() {
        #expect(ProjectDiff.sameShifted("2022年", "2023年", shift: 1))
        #expect(ProjectDiff.sameShifted("（2022年）", "(2023 年)", shift: 1))
        #expect(ProjectDiff.sameShifted("2022年", "2022年", shift: 1))
        #expect(!ProjectDiff.sameShifted("2022年", "2024年", shift: 1))
        // Equal strings, different scalars: fold lowers A of A + U+0301, not U+00C1 (Á).
        #expect("2023\u{C1}" == "2023A\u{301}")
        #expect(!ProjectDiff.sameShifted("2022\u{C1}", "2023A\u{301}", shift: 1))
        #expect(ProjectDiff.sameShifted("2022e\u{301}", "2023\u{E9}", shift: 1)
                == (NameNormalizer.fold("2023e\u{301}") == NameNormalizer.fold("2023\u{E9}")))
    }

    @Test func foldedUnitsFoldEachRun() {
        let ps = ["甲单位", "甲单位", "Ａ单位", "a单位", "Ａ单位"].map { project("x", unit: $0) }
        #expect(ProjectMatcher.foldedUnits(ps.map(\.unit)) == ps.map { NameNormalizer.fold($0.unit) })
    }

    @Test func sameYearDateChangeIsReported() {
        let b = project("党建经费", year: 2022, annual: "20000.00", start: "2022-03-01", end: "2022-12-31",
                        goalPeriod: "(2022 年-2022年)")
        let c = ProjectDiff.diff(a, b, yearShift: 0)
        #expect(c.fields == [FieldChange(field: "startDate", from: "2022-01-01", to: "2022-03-01")])
        // Year over year, a date that moved by more than the year is still reported.
        let d = project("党建经费", year: 2023, annual: "20000.00", start: "2023-03-01", end: "2023-12-31",
                        goalPeriod: "(2023 年-2023年)")
        #expect(ProjectDiff.diff(a, d).fields.map(\.field) == ["startDate"])
    }

    @Test func fundDeltasAreExact() {
        let b = project("党建经费", year: 2023, annual: "20000.01", total: "50000.00", start: "2023-01-01",
                        end: "2023-12-31", goalPeriod: "(2023 年-2023年)")
        let c = ProjectDiff.diff(a, b)
        #expect(c.funds == [
            FundChange(kind: .total, label: "项目资金总额", from: nil, to: yuan("50000.00"), delta: yuan("50000.00"), percent: nil),
            FundChange(kind: .annual, label: "年度资金申请总额", from: yuan("20000.00"), to: yuan("20000.01"),
                       delta: yuan("0.01"), percent: "0.0%"),
        ])
        #expect(c.amount == AmountChange(from: yuan("20000.00"), to: yuan("20000.01")))
    }

    @Test func goalsShowRemovedAndAddedSegments() {
        let x = project("p", annualGoal: "完成培训；提高质量。")
        let y = project("p", annualGoal: "完成培训；提高质量；加强督导。")
        let c = ProjectDiff.diff(x, y)
        #expect(c.fields == [FieldChange(field: "annualGoal", from: "完成培训；提高质量。", to: "完成培训；提高质量；加强督导。",
                                         removed: [], added: ["加强督导"])])
    }

    @Test func breakdownLinesByKey() {
        let x = project("p", breakdown: [
            CostItem(name: "培训", content: "授课", detail: "讲课费", amount: yuan("1000.00"), line: 1),
            CostItem(name: "培训", content: "场地", detail: "租金", amount: yuan("500.00"), line: 2),
        ])
        let y = project("p", breakdown: [
            CostItem(name: "培训", content: "授课", detail: "讲课费", amount: yuan("1200.00"), line: 1),
            CostItem(name: "培训", content: "资料", detail: "印刷", amount: yuan("300.00"), quantity: "100册", line: 2),
        ])
        let c = ProjectDiff.diff(x, y).breakdown
        // Sorted by key: 场地 < 授课 < 资料.
        #expect(c.map(\.change) == [.removed, .changed, .added])
        #expect(c[1].key == ["培训", "授课", "讲课费"])
        #expect(c[1].fields == [FieldChange(field: "amount", from: "1000.00", to: "1200.00", delta: yuan("200.00"))])
        #expect(c[2].fields.map(\.field) == ["amount", "quantity"])
        #expect(c[0].fields == [FieldChange(field: "amount", from: "500.00", to: nil, delta: yuan("-500.00"))])
    }
}

@Suite struct BudgetLineDiffTests {
    @Test func linesByCodeOrName() {
        let a = [budget("单位", year: 2022, rows: [
            row(nil, "合计", ["100.00", "60.00", "40.00"]),
            row("205 08 01", "进修及培训", ["100.00", "60.00", "40.00"]),
            row("205 08 02", "干部教育", ["1.00", nil, "1.00"]),
        ])]
        let b = [budget("单位", year: 2023, rows: [
            row(nil, "合计", ["130.00", "60.00", "70.00"]),
            row("205 08 01", "进修与培训", ["100.00", "60.00", "40.00"]),
            row("205 08 03", "培训支出", ["30.00", nil, "30.00"]),
        ])]
        let d = BudgetLineDiff.diff(a, b)
        #expect(d.added.map(\.label) == ["表3 205 08 03 培训支出"])
        #expect(d.added.first?.amounts.map(\.amount) == [yuan("30.00"), nil, yuan("30.00")])
        #expect(d.removed.map(\.label) == ["表3 205 08 02 干部教育"])
        #expect(d.changed.map(\.label) == ["表3 205 08 01 进修与培训", "表3 合计"])
        #expect(d.changed[0].fromName == "进修及培训" && d.changed[0].columns.isEmpty)
        #expect(d.changed[1].columns == [
            ColumnChange(column: "合计", from: yuan("100.00"), to: yuan("130.00"), delta: yuan("30.00"), percent: "+30.0%"),
            ColumnChange(column: "项目支出", from: yuan("40.00"), to: yuan("70.00"), delta: yuan("30.00"), percent: "+75.0%"),
        ])
        #expect(BudgetLineDiff.diff(a, a) == BudgetLineChanges(added: [], removed: [], changed: []))
    }
}
