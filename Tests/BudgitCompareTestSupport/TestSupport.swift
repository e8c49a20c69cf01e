import BudgitModel
import Foundation
import BudgitCompare

/// A small, replayable random number generator (SplitMix64), so failing cases can be re-run from
/// their seed.
public struct SeededRNG: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Seeds for the property tests: fixed ones, plus `BUDGIT_SEED` when set (to replay a failure).
/// Failures print `seed N round R`; re-run one with `BUDGIT_SEED=N swift test --filter …`.
public let propertySeeds: [UInt64] = {
    if let text = ProcessInfo.processInfo.environment["BUDGIT_SEED"], let seed = UInt64(text) { return [seed] }
    return [1, 2, 3, 42, 2022, 2023, 0xB0D6, 987_654_321]
}()

public func yuan(_ text: String) -> Money { Money(canonical: text)! }

public func fund(_ kind: FundKind, _ amount: String) -> FundLine {
    FundLine(kind: kind, amount: yuan(amount), sourceUnit: .yuan, line: 0)
}

public func indicator(_ path: String, _ target: Target, note: String? = nil, line: Int = 0) -> Indicator {
    let p = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    return Indicator(level1: p[0], level2: p[1], level3: p[2], target: target, note: note, line: line)
}

/// `≥90%` → comparator, number and unit; anything else → words only.
public func target(_ text: String) -> Target {
    var s = Substring(text)
    var comparator: Target.Comparator?
    if let c = Target.Comparator.allCases.first(where: { s.hasPrefix($0.rawValue) }) {
        comparator = c; s = s.dropFirst(c.rawValue.count)
    }
    let digits = s.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
    guard !digits.isEmpty else { return Target(text: text) }
    let unit = s.dropFirst(digits.count)
    return Target(text: text, comparator: comparator, number: String(digits), unit: unit.isEmpty ? nil : String(unit))
}

public func project(_ name: String, unit: String = "闵行区教育局", year: Int = 2022, annual: String? = nil,
             total: String? = nil, indicators: [Indicator] = [], start: String? = nil, end: String? = nil,
             goalPeriod: String? = nil, annualGoal: String? = nil, department: String? = nil,
             breakdown: [CostItem] = []) -> ProjectForm {
    var funds: [FundLine] = []
    if let total { funds.append(fund(.total, total)) }
    if let annual { funds.append(fund(.annual, annual)) }
    return ProjectForm(year: year, name: name, unit: unit, department: department, startDate: start, endDate: end,
                       funds: funds, goalPeriod: goalPeriod, annualGoal: annualGoal, indicators: indicators,
                       breakdown: breakdown, source: SourceSpan(file: "\(year).txt", firstLine: 1, lastLine: 1))
}

public func row(_ code: String?, _ name: String, _ amounts: [String?], line: Int = 0) -> BudgetRow {
    BudgetRow(code: code.flatMap(ClassificationCode.init), name: name, amounts: amounts.map { $0.map(yuan) }, line: line)
}

public func budget(_ unit: String, year: Int, rows: [BudgetRow]) -> UnitBudget {
    UnitBudget(year: year, unit: unit, title: "\(unit)\(year)年单位预算",
               tables: [BudgetTable(number: 3, title: "一般公共预算支出功能分类预算表", sourceUnit: .yuan,
                                    columns: ["合计", "基本支出", "项目支出"], rows: rows, line: 1)],
               source: SourceSpan(file: "\(year).txt", firstLine: 1, lastLine: 1))
}

/// The hand-built pair of snapshots used by several tests and the golden files.
public enum Sample {
    public static let unit = "闵行区教育局"
    public static let college = "上海市闵行区教育学院"

    public static var a: Snapshot {
        Snapshot(label: "2022", projects: [
            project("标准化考场网上视频巡查系统(2022运维)", annual: "100000.00", total: "100000.00",
                    indicators: [indicator("产出目标/数量目标/巡查考场数", target("≥90%")),
                                 indicator("产出目标/时效目标/故障响应", target("及时"))],
                    start: "2022-01-01", end: "2022-12-31", goalPeriod: "(2022 年-2022年)",
                    annualGoal: "保障考场巡查系统稳定运行，按时完成年度运维。"),
            project("闵行区智慧教育示范区两种应用助手项目（第二年）", annual: "500000.00",
                    indicators: [indicator("效果目标/满意度目标/教师满意度", target("100%")),
                                 indicator("产出目标/质量目标/系统可用率", target("≥99%"))]),
            project("党建经费", annual: "20000.00", start: "2022-01-01", end: "2022-12-31"),
            project("关心下一代工作", annual: "8000.00"),
            project("教育博览会", annual: "30000.00"),
            project("教育博览会", unit: college, annual: "5000.00", department: "闵行区教育局"),
        ], budgets: [
            budget(college, year: 2022, rows: [
                row(nil, "合计", ["100.00", "60.00", "40.00"]),
                row("205 08 01", "进修及培训", ["100.00", "60.00", "40.00"]),
            ]),
        ])
    }

    public static var b: Snapshot {
        Snapshot(label: "2023", projects: [
            project("标准化考场网上视频巡查系统(2023运维)", year: 2023, annual: "120000.00", total: "120000.00",
                    indicators: [indicator("产出指标/数量指标/巡查考场数", target("≥95%")),
                                 indicator("产出目标/时效目标/故障响应", target("24小时内响应"))],
                    start: "2023-01-01", end: "2023-12-31", goalPeriod: "(2023 年-2023年)",
                    annualGoal: "保障考场巡查系统稳定运行，及时完成年度运维。"),
            project("闵行区智慧教育示范区两种应用助手项目（第三年）", year: 2023, annual: "400000.00",
                    indicators: [indicator("效果目标/满意度目标/教师满意度", target("90%")),
                                 indicator("产出目标/质量目标/系统可用率", target("≥99%"))]),
            project("党建经费", year: 2023, annual: "20000.00", start: "2023-01-01", end: "2023-12-31"),
            project("骨干教师国外培训", year: 2023, annual: "60000.00"),
            project("教育博览会", year: 2023, annual: "30000.00"),
            project("教育博览会", unit: college, year: 2023, annual: "7500.00", department: "闵行区教育局"),
        ], budgets: [
            budget(college, year: 2023, rows: [
                row(nil, "合计", ["130.00", "60.00", "70.00"]),
                row("205 08 01", "进修及培训", ["100.00", "60.00", "40.00"]),
                row("205 08 03", "培训支出", ["30.00", nil, "30.00"]),
            ]),
        ])
    }
}

extension Array {
    public func shuffled(seed: UInt64) -> [Element] {
        var rng = SeededRNG(seed: seed)
        return shuffled(using: &rng)
    }
}
