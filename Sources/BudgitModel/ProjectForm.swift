/// One project's performance-target form (绩效目标表 / 申报表) for one year.
///
/// This is the common model of every layout: the 2022 and 2023 target forms and the 2020
/// three-part declarations (项目总体情况, 绩效目标, 制度保障). Fields a layout does not print stay
/// empty; nothing printed is dropped (free-form rows go to ``details``).
public struct ProjectForm: Sendable, Hashable, Codable {
    public var year: Int
    public var name: String
    /// 实施单位 / 预算单位 / 填报单位: the unit that carries out the project.
    public var unit: String
    /// 主管部门: the supervising department.
    public var department: String?
    /// Category options that are ticked, as printed (`专项资金`, `经常性项目`, `一次性项目`, …).
    public var categories: [String]
    /// Other labelled classification cells (`项目性质` → `经常性项目`, `项目类别` → `特定目标类`).
    public var attributes: [LabeledText]
    /// ISO dates `2022-01-01` where they could be read; the raw text otherwise.
    public var startDate: String?
    public var endDate: String?
    public var funds: [FundLine]
    /// The label of the goal period as printed, e.g. `(2022 年-2022年)`.
    public var goalPeriod: String?
    public var overallGoal: String?
    public var annualGoal: String?
    public var indicators: [Indicator]
    public var breakdown: [CostItem]
    public var guarantees: [Guarantee]
    public var contacts: [Contact]
    /// Other labelled texts (项目概况, 依据, 必要性, 可行性, 需要说明的其他问题, 项目构成 …), in source order.
    public var details: [LabeledText]
    public var source: SourceSpan

    public init(year: Int, name: String, unit: String, department: String? = nil,
                categories: [String] = [], attributes: [LabeledText] = [],
                startDate: String? = nil, endDate: String? = nil,
                funds: [FundLine] = [], goalPeriod: String? = nil, overallGoal: String? = nil,
                annualGoal: String? = nil, indicators: [Indicator] = [], breakdown: [CostItem] = [],
                guarantees: [Guarantee] = [], contacts: [Contact] = [], details: [LabeledText] = [],
                source: SourceSpan) {
        self.year = year; self.name = name; self.unit = unit; self.department = department
        self.categories = categories; self.attributes = attributes
        self.startDate = startDate; self.endDate = endDate; self.funds = funds
        self.goalPeriod = goalPeriod; self.overallGoal = overallGoal; self.annualGoal = annualGoal
        self.indicators = indicators; self.breakdown = breakdown; self.guarantees = guarantees
        self.contacts = contacts; self.details = details; self.source = source
    }

    /// The amount of one funding line, if printed.
    public func fund(_ kind: FundKind) -> Money? { funds.first { $0.kind == kind }?.amount }
}

/// A label and its text, as printed.
public struct LabeledText: Sendable, Hashable, Codable {
    public var label: String
    public var text: String
    public init(label: String, text: String) { self.label = label; self.text = text }
}

/// The kinds of funding line a form prints. The raw value is the stable key used in files and JSON.
public enum FundKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// 项目资金总额 / 一、项目总预算 (may span several years).
    case total
    /// 年度资金申请总额 / 二、当年预算.
    case annual
    /// 其中：财政资金 (left column of the target forms).
    case fiscal
    /// 其中：当年财政拨款 / （一）财政拨款.
    case currentAppropriation = "current-appropriation"
    /// 上年结转资金.
    case carryOver = "carry-over"
    /// 其他资金 (left column: part of the total).
    case otherTotal = "other-total"
    /// 其他资金 (right column: part of the annual amount) / (二)其他资金.
    case otherAnnual = "other-annual"
    /// 1. 上级财政拨款.
    case upperLevel = "upper-level"
    /// 2. 本级财政安排.
    case ownLevel = "own-level"
    /// 3. 下级财政配套.
    case lowerLevel = "lower-level"

    public static func < (a: FundKind, b: FundKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The Chinese label, for people.
    public var label: String {
        switch self {
        case .total: return "项目资金总额"
        case .annual: return "年度资金申请总额"
        case .fiscal: return "财政资金"
        case .currentAppropriation: return "当年财政拨款"
        case .carryOver: return "上年结转资金"
        case .otherTotal: return "其他资金(总额)"
        case .otherAnnual: return "其他资金(年度)"
        case .upperLevel: return "上级财政拨款"
        case .ownLevel: return "本级财政安排"
        case .lowerLevel: return "下级财政配套"
        }
    }
}

/// One funding line of a project form: its kind, the amount in exact 元, the label as printed.
public struct FundLine: Sendable, Hashable, Codable {
    public var kind: FundKind
    public var amount: Money
    /// The unit the source printed it in.
    public var sourceUnit: Money.SourceUnit
    public var line: Int
    public init(kind: FundKind, amount: Money, sourceUnit: Money.SourceUnit, line: Int) {
        self.kind = kind; self.amount = amount; self.sourceUnit = sourceUnit; self.line = line
    }
}

/// One performance indicator: the level-1 / level-2 / level-3 path, the target and a note.
public struct Indicator: Sendable, Hashable, Codable {
    /// 一级指标 (产出目标, 效果目标, 产出指标 …).
    public var level1: String
    /// 二级指标 (数量目标, 质量指标 …).
    public var level2: String
    /// 三级指标: the indicator's own name.
    public var level3: String
    public var target: Target
    /// 备注 / 描述 (计划目标, 行业惯例 …).
    public var note: String?
    public var line: Int

    public init(level1: String, level2: String, level3: String, target: Target, note: String? = nil, line: Int) {
        self.level1 = level1; self.level2 = level2; self.level3 = level3
        self.target = target; self.note = note; self.line = line
    }

    /// `产出目标/数量目标/参训人数`
    public var path: String { "\(level1)/\(level2)/\(level3)" }
}

/// One line of a 项目构成分解 (cost breakdown).
public struct CostItem: Sendable, Hashable, Codable {
    /// 项目名称 (the sub-project).
    public var name: String
    /// 项目内容.
    public var content: String
    /// 项目明细.
    public var detail: String
    /// 明细金额 in exact 元.
    public var amount: Money?
    /// 单价, as printed (may carry units like `200元/人`).
    public var unitPrice: String?
    public var priceBasis: String?
    /// 数量, as printed.
    public var quantity: String?
    public var quantityBasis: String?
    public var note: String?
    public var line: Int

    public init(name: String, content: String, detail: String, amount: Money?, unitPrice: String? = nil,
                priceBasis: String? = nil, quantity: String? = nil, quantityBasis: String? = nil,
                note: String? = nil, line: Int) {
        self.name = name; self.content = content; self.detail = detail; self.amount = amount
        self.unitPrice = unitPrice; self.priceBasis = priceBasis; self.quantity = quantity
        self.quantityBasis = quantityBasis; self.note = note; self.line = line
    }
}

/// One institutional guarantee (制度保障): a document in a category and the stages it covers.
public struct Guarantee: Sendable, Hashable, Codable {
    /// 项目管理制度 / 预算管理制度 / 财务管理制度.
    public var category: String
    /// 文件名称.
    public var document: String
    /// 具体措施.
    public var measures: String
    /// The stages and their marks, e.g. `立项和计划阶段` → `√`.
    public var stages: [StageMark]
    public var line: Int
    public init(category: String, document: String, measures: String, stages: [StageMark], line: Int) {
        self.category = category; self.document = document; self.measures = measures
        self.stages = stages; self.line = line
    }
}

public struct StageMark: Sendable, Hashable, Codable {
    public var stage: String
    /// `√`, `✓`, `×`, `□` as printed, or empty.
    public var mark: String
    public init(stage: String, mark: String) { self.stage = stage; self.mark = mark }
}

/// A person named on a form (项目负责人, 联系人, 填报单位负责人, 填表人) and a phone number.
public struct Contact: Sendable, Hashable, Codable {
    public var role: String
    public var name: String
    public var phone: String?
    public init(role: String, name: String, phone: String? = nil) {
        self.role = role; self.name = name; self.phone = phone
    }
}
