import BudgitModel

/// An indicator's target as the generator means it, before OCR.
public enum PlannedTarget: Sendable, Hashable {
    /// `≥90%`, `100%`, `=100%`; `parenthesized` prints `=100.00(%)`.
    case percent(comparator: String, value: Int, parenthesized: Bool)
    /// `2160人`, `≥2个`, `=17次`.
    case count(comparator: String, value: Int, unit: String)
    /// `=24.00(小时)`.
    case hours(Int)
    /// Plain words: `及时`, `健全且有效`.
    case words(String)

    /// The target as a clean document prints it.
    public var text: String {
        switch self {
        case let .percent(c, v, p): return p ? "\(c)\(v).00(%)" : "\(c)\(v)%"
        case let .count(c, v, u): return "\(c)\(v)\(u)"
        case let .hours(h): return "=\(h).00(小时)"
        case let .words(w): return w
        }
    }

    /// The comparator and number the target has, for checking an import.
    public var structure: (comparator: Target.Comparator?, number: String?, unit: String?) {
        switch self {
        case let .percent(c, v, p): return (Target.Comparator(rawValue: c), p ? "\(v).00" : "\(v)", "%")
        case let .count(c, v, u): return (Target.Comparator(rawValue: c), "\(v)", u)
        case let .hours(h): return (.eq, "\(h).00", "小时")
        case .words: return (nil, nil, nil)
        }
    }
}

/// How OCR misprints one indicator's target, every year alike (so that a year-over-year compare
/// sees no change where the generator made none).
public enum TargetMisprint: Int, Sendable, Hashable {
    case none
    /// `≥` read as `》`.
    case geq
    /// `≥95%` printed as LaTeX `$\geq 95\%$`.
    case latex
}

/// One indicator of a planned form.
public struct PlannedIndicator: Sendable, Hashable {
    public var level1: String
    public var level2: String
    public var level3: String
    public var target: PlannedTarget
    public var misprint: TargetMisprint

    /// The target text as printed in the raw document.
    public var printedTarget: String {
        if case let .percent("≥", v, false) = target {
            switch misprint {
            case .geq: return "》\(v)%"
            case .latex: return "$\\geq \(v)\\%$"
            case .none: break
            }
        }
        return target.text
    }

    /// The target text an importer should keep (LaTeX is converted, `》` kept as printed).
    public var importedTargetText: String {
        if case let .percent("≥", v, false) = target, misprint == .latex { return "≥\(v)%" }
        return printedTarget
    }

    /// `产出目标/数量目标/参训人数`
    public var path: String { "\(level1)/\(level2)/\(level3)" }
}

/// How a project's name changes from year to year.
public enum NameStyle: Sendable, Hashable {
    /// The base name alone.
    case plain
    /// `BASE(2022运维)`: the year in the name follows the budget year.
    case yearToken(word: String)
    /// `BASE（第二年）`: the ordinal counts the years since `startYear`.
    case ordinal(startYear: Int)
}

/// One project's target form for one year, as the generator means it.
///
/// Amounts are exact (`Money`, whole 元 multiples of the project's precision in 万元); the
/// printed text is derived from this value by ``FormRenderer``.
public struct PlannedProject: Sendable, Hashable {
    /// Stable within its unit across years (a renamed project keeps its id).
    public var id: Int
    public var base: String
    public var style: NameStyle
    public var kind: Int
    /// The topic the name, indicators and goals were made from.
    public var topic: String
    /// 专项资金, 经常性项目, 一次性项目 ticked.
    public var categories: [Bool]
    /// Decimals the amounts carry in 万元 (0…4).
    public var precision: Int
    public var total: Money
    public var annual: Money
    public var carryOver: Money
    public var otherTotal: Money
    public var otherAnnual: Money
    /// The plan years of a multi-year project; nil for a one-year project.
    public var span: ClosedRange<Int>?
    public var overallGoal: String
    public var annualGoal: String
    public var indicators: [PlannedIndicator]

    /// 项目名称 in `year`.
    public func name(in year: Int) -> String {
        switch style {
        case .plain: return base
        case let .yearToken(word): return "\(base)(\(year)\(word))"
        case let .ordinal(start): return "\(base)（第\(CorpusVocabulary.chineseNumber(year - start + 1))年）"
        }
    }

    /// 其中：财政资金.
    public var fiscal: Money { total - otherTotal }
    /// 其中：当年财政拨款.
    public var currentAppropriation: Money { annual - carryOver - otherAnnual }

    /// The funding lines an importer should read, in the model's kinds.
    public var expectedFunds: [(FundKind, Money)] {
        var out: [(FundKind, Money)] = [(.total, total), (.annual, annual), (.fiscal, fiscal),
                                        (.currentAppropriation, currentAppropriation)]
        if carryOver != .zero { out.append((.carryOver, carryOver)) }
        if otherTotal != .zero { out.append((.otherTotal, otherTotal)) }
        if otherAnnual != .zero { out.append((.otherAnnual, otherAnnual)) }
        return out.sorted { $0.0 < $1.0 }
    }

    /// The plan years in `year`: the span, or the year itself.
    public func planYears(in year: Int) -> ClosedRange<Int> { span ?? year...year }

    /// The ticked category labels.
    public var categoryLabels: [String] {
        zip(["专项资金", "经常性项目", "一次性项目"], categories).filter(\.1).map(\.0)
    }

    /// The form an importer should read from this project's text (source lines left 0).
    public func expectedForm(year: Int, unit: String, department: String, file: String) -> ProjectForm {
        let years = planYears(in: year)
        var form = ProjectForm(year: year, name: name(in: year), unit: unit, department: department,
                               source: SourceSpan(file: file, firstLine: 0, lastLine: 0))
        form.categories = categoryLabels
        form.startDate = "\(years.lowerBound)-01-01"
        form.endDate = "\(years.upperBound)-12-31"
        form.funds = expectedFunds.map { FundLine(kind: $0.0, amount: $0.1, sourceUnit: .wanYuan, line: 0) }
        form.goalPeriod = goalPeriod(in: year)
        form.overallGoal = overallGoal
        form.annualGoal = annualGoal
        form.indicators = indicators.map {
            let s = $0.target.structure
            return Indicator(level1: $0.level1, level2: $0.level2, level3: $0.level3,
                             target: Target(text: $0.importedTargetText, comparator: s.comparator,
                                            number: s.number, unit: s.unit), line: 0)
        }
        return form
    }

    /// `(2022 年-2022年)` or `(2021年-2023年)`.
    public func goalPeriod(in year: Int) -> String {
        if let span { return "(\(span.lowerBound)年-\(span.upperBound)年)" }
        return "(\(year) 年-\(year)年)"
    }
}
