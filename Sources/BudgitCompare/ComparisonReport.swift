import BudgitModel

/// Everything that differs between two snapshots, in a stable, serialisable form.
///
/// Lists are sorted by stable keys, never by input order. Money is encoded as canonical text
/// (`"1234.56"`); optional values are omitted from JSON when absent. `docs/COMPARE-JSON.md`
/// describes every key.
public struct ComparisonReport: Sendable, Hashable, Codable {
    /// The label of the `from` snapshot (e.g. `2022`, a commit).
    public var from: String
    /// The label of the `to` snapshot.
    public var to: String
    public var options: ReportOptions
    public var totals: Totals
    public var projects: ProjectChanges
    public var budgetLines: BudgetLineChanges
    public var summary: Summary

    /// No project or budget line was added, removed, renamed or changed.
    public var isEmpty: Bool {
        // From the summary, which also counts what a counts-only report does not list.
        summary.projects.added == 0 && summary.projects.removed == 0 && summary.projects.renamed == 0
            && summary.projects.changed == 0 && summary.budgetLines.added == 0
            && summary.budgetLines.removed == 0 && summary.budgetLines.changed == 0
    }
}

/// The options a report was made with, so that it can be reproduced.
public struct ReportOptions: Sendable, Hashable, Codable {
    /// `"0.80"`.
    public var similarityThreshold: String
    /// `"auto"` (each pair's `to.year - from.year`) or a whole number of years.
    public var yearShift: String
}

/// An amount before and after.
public struct AmountChange: Sendable, Hashable, Codable {
    public var from: Money
    public var to: Money
    /// `to - from`.
    public var delta: Money
    /// `"+12.5%"`; absent when `from` is zero.
    public var percent: String?

    public init(from: Money, to: Money) {
        self.from = from; self.to = to; self.delta = to - from; self.percent = from.percentChange(to: to)
    }
}

/// Project funds summed per unit and overall.
public struct Totals: Sendable, Hashable, Codable {
    /// How a project's amount is taken: `"annual, else total"`.
    public var basis: String
    public var overall: AmountChange
    /// One entry per unit in either snapshot, sorted by unit.
    public var units: [UnitTotal]
}

public struct UnitTotal: Sendable, Hashable, Codable {
    public var unit: String
    public var from: Money
    public var to: Money
    public var delta: Money
    public var percent: String?

    init(unit: String, _ c: AmountChange) {
        self.unit = unit; from = c.from; to = c.to; delta = c.delta; percent = c.percent
    }
}

/// A project named by its key.
public struct ProjectRef: Sendable, Hashable, Codable, Comparable {
    public var unit: String
    public var name: String
    public var year: Int

    public static func < (a: ProjectRef, b: ProjectRef) -> Bool {
        (a.unit, a.name, a.year) < (b.unit, b.name, b.year)
    }
}

/// A project present on one side only.
public struct ProjectEntry: Sendable, Hashable, Codable {
    public var unit: String
    public var name: String
    public var year: Int
    /// The project's amount (see ``Totals/basis``); absent when it prints neither line.
    public var amount: Money?
    /// The fund line the amount comes from (`annual` or `total`).
    public var basis: FundKind?
}

/// A project paired under a different name.
public struct ProjectRename: Sendable, Hashable, Codable {
    public var from: ProjectRef
    public var to: ProjectRef
    public var match: MatchReason
}

/// The projects added, removed, renamed and changed.
public struct ProjectChanges: Sendable, Hashable, Codable {
    /// Sorted by (unit, name).
    public var added: [ProjectEntry]
    public var removed: [ProjectEntry]
    /// Sorted by `to`.
    public var renamed: [ProjectRename]
    /// Paired projects with any difference other than the name, sorted by `to`.
    public var changed: [ProjectChange]
}

/// The differences within one pair of projects.
public struct ProjectChange: Sendable, Hashable, Codable {
    public var from: ProjectRef
    public var to: ProjectRef
    public var match: MatchReason
    /// The project's amount before and after (see ``Totals/basis``).
    public var amount: AmountChange
    /// Fund lines whose amount differs, in ``FundKind`` order.
    public var funds: [FundChange]
    public var indicators: IndicatorChanges
    /// Scalar and text fields that differ, in a fixed order (see docs/COMPARE-JSON.md).
    public var fields: [FieldChange]
    /// Cost-breakdown lines keyed by `[name, content, detail]`.
    public var breakdown: [ItemChange]
    /// Institutional guarantees keyed by `[category, document]`.
    public var guarantees: [ItemChange]

    /// Nothing but (possibly) the name differs.
    public var isEmpty: Bool {
        funds.isEmpty && indicators.isEmpty && fields.isEmpty && breakdown.isEmpty && guarantees.isEmpty
    }
}

/// One fund line before and after; a missing line counts as zero in `delta`.
public struct FundChange: Sendable, Hashable, Codable {
    public var kind: FundKind
    /// The Chinese label (`年度资金申请总额`).
    public var label: String
    public var from: Money?
    public var to: Money?
    public var delta: Money
    public var percent: String?
}

/// The indicators added, removed, renamed and changed within one project.
public struct IndicatorChanges: Sendable, Hashable, Codable {
    /// Sorted by path.
    public var added: [IndicatorEntry]
    public var removed: [IndicatorEntry]
    /// Sorted by `to`.
    public var renamed: [IndicatorRename]
    /// Pairs whose target or note differs, sorted by `to`.
    public var changed: [IndicatorChange]

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && renamed.isEmpty && changed.isEmpty }

    public static let empty = IndicatorChanges(added: [], removed: [], renamed: [], changed: [])
}

public struct IndicatorEntry: Sendable, Hashable, Codable {
    /// `产出指标/数量指标/参训人数`.
    public var path: String
    public var target: String
    public var note: String?
}

public struct IndicatorRename: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    public var match: MatchReason
}

public struct IndicatorChange: Sendable, Hashable, Codable {
    /// The path before (equal to `to` unless renamed).
    public var from: String
    public var to: String
    public var target: TargetChange?
    public var note: FieldChange?
}

/// A target before and after, and how it moved.
public struct TargetChange: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Same comparator and unit, larger number.
        case raised
        /// Same comparator and unit, smaller number.
        case lowered
        /// Numbers on both sides, different comparator.
        case comparatorChanged = "comparator-changed"
        /// Any other change of text.
        case changed
    }

    public var kind: Kind
    public var from: String
    public var to: String
}

/// A field before and after. Long texts also list the segments removed and added.
public struct FieldChange: Sendable, Hashable, Codable {
    /// `department`, `startDate`, `annualGoal`, `details.项目概况`, `amount` …
    public var field: String
    public var from: String?
    public var to: String?
    /// For amounts: `to - from`, a missing amount counting as zero.
    public var delta: Money?
    /// For texts: the segments (clauses, or characters within one clause) only in `from`.
    public var removed: [String]?
    /// For texts: the segments only in `to`.
    public var added: [String]?

    public init(field: String, from: String?, to: String?, delta: Money? = nil,
                removed: [String]? = nil, added: [String]? = nil) {
        self.field = field; self.from = from; self.to = to; self.delta = delta
        self.removed = removed; self.added = added
    }
}

/// A keyed sub-item (a cost-breakdown line, a guarantee) added, removed or changed.
public struct ItemChange: Sendable, Hashable, Codable {
    public enum Change: String, Sendable, Hashable, Codable { case added, removed, changed }
    public var change: Change
    public var key: [String]
    /// For `changed`, the fields that differ; for `added`/`removed`, the item's non-empty fields.
    public var fields: [FieldChange]
}

/// Unit-budget lines added, removed and changed.
public struct BudgetLineChanges: Sendable, Hashable, Codable {
    /// All three sorted by (unit, table, side, code or name).
    public var added: [BudgetLineEntry]
    public var removed: [BudgetLineEntry]
    public var changed: [BudgetLineChange]
}

public struct BudgetLineEntry: Sendable, Hashable, Codable {
    public var unit: String
    public var table: Int
    public var tableTitle: String
    public var side: String?
    public var code: String?
    public var name: String
    public var amounts: [ColumnAmount]
}

public struct ColumnAmount: Sendable, Hashable, Codable {
    public var column: String
    public var amount: Money?
}

public struct BudgetLineChange: Sendable, Hashable, Codable {
    public var unit: String
    public var table: Int
    public var tableTitle: String
    public var side: String?
    public var code: String?
    public var name: String
    /// The name before, when it differs (lines with a code keep their key across renames).
    public var fromName: String?
    /// Columns whose amount differs, in the `to` table's column order.
    public var columns: [ColumnChange]
}

public struct ColumnChange: Sendable, Hashable, Codable {
    public var column: String
    public var from: Money?
    public var to: Money?
    public var delta: Money
    public var percent: String?
}

/// Counts derived from the report.
public struct Summary: Sendable, Hashable, Codable {
    public struct Counts: Sendable, Hashable, Codable {
        public var added: Int
        public var removed: Int
        public var renamed: Int
        public var changed: Int
        /// Paired and identical (projects only).
        public var unchanged: Int?
    }

    public struct LineCounts: Sendable, Hashable, Codable {
        public var added: Int
        public var removed: Int
        public var changed: Int
    }

    public var projects: Counts
    public var indicators: Counts
    public var funds: AmountChange
    public var budgetLines: LineCounts
}
