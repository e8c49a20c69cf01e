/// The document layouts budgit reads.
public enum Layout: String, Sendable, CaseIterable {
    /// 2022 `财政项目支出绩效目标表`, amounts in 万元 (seed 000).
    case targetForm2022 = "target-form-2022"
    /// 2023 `财政项目支出绩效目标申报表`, amounts in 元 (seed 002).
    case targetForm2023 = "target-form-2023"
    /// 2020 three-part project declarations only (seed 004).
    case declaration2020 = "declaration-2020"
    /// 2020 unit budget: narrative, 8 tables, then declarations (seed 001).
    case unitBudget2020 = "unit-budget-2020"
}
