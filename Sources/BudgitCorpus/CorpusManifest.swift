/// The ground truth of a generated corpus, written as `manifest.json`: what was generated, what
/// the year-over-year evolution did, and which forms the revision edited.
///
/// Amounts are decimal strings in 元 with two decimals (never JSON numbers); lists are in unit
/// order, then document order, so the file is byte-for-byte reproducible from the seed.
public struct CorpusManifest: Codable, Sendable, Hashable {
    public var generator = "budgit-corpus"
    public var format = "1"
    /// The seed as decimal text (JSON numbers lose precision above 2^53).
    public var seed: String
    public var units: Int
    public var projectsPerUnit: Int
    public var years: [Int]
    public var unitBudgets: Bool
    /// The 主管部门 every form prints.
    public var department: String
    /// Per generated year: documents, forms, indicators, bytes.
    public var perYear: [YearSummary] = []
    /// Per pair of consecutive years: what changed.
    public var evolution: [YearPair] = []
    public var revision: Revision?
    /// How many generated forms (revision excluded) show each OCR quirk.
    public var quirks: [QuirkCount] = []

    public struct YearSummary: Codable, Sendable, Hashable {
        public var year: Int
        /// `YEAR/unit-NNNN.txt` files.
        public var documents: Int
        public var forms: Int
        public var indicators: Int
        /// Sum of 年度资金申请总额 over the year's forms, in 元.
        public var annualTotal: String
        /// `YEAR/unit-NNNN-budget.txt` files and their table rows.
        public var budgetDocuments: Int
        public var budgetLines: Int
        /// Bytes of the target-form documents and of the budgets.
        public var formBytes: Int
        public var budgetBytes: Int
    }

    public struct ProjectRef: Codable, Sendable, Hashable {
        public var unit: String
        public var file: String
        public var name: String
    }

    public struct Rename: Codable, Sendable, Hashable {
        public var unit: String
        public var file: String
        public var from: String
        public var to: String
        /// `year-token` (`(2022运维)`→`(2023运维)`), `ordinal` (`（第二年）`→`（第三年）`) or `wording`.
        public var style: String
    }

    public struct BudgetLineCounts: Codable, Sendable, Hashable {
        public var added = 0
        public var removed = 0
        public var changed = 0
        public var unchanged = 0
    }

    public struct YearPair: Codable, Sendable, Hashable {
        public var from: Int
        public var to: Int
        /// Projects present in both years (renamed ones included).
        public var matched = 0
        public var added: [ProjectRef] = []
        public var removed: [ProjectRef] = []
        public var renamed: [Rename] = []
        /// Matched projects with at least one funding line (kind and amount) different.
        public var fundsChanged = 0
        public var fundsUnchanged = 0
        /// Over matched projects.
        public var indicatorsAdded = 0
        public var indicatorsRemoved = 0
        public var targetsChanged = 0
        /// Unit-budget table rows, keyed (unit, table, side, code or name); nil without budgets.
        public var budgetLines: BudgetLineCounts?
    }

    public struct Edit: Codable, Sendable, Hashable {
        public var unit: String
        public var file: String
        public var name: String
        /// `fund` or `target`.
        public var kind: String
        /// `annual` (with total, fiscal and current appropriation moved alike) or the indicator path.
        public var field: String
        public var from: String
        public var to: String
    }

    public struct Revision: Codable, Sendable, Hashable {
        public var year: Int
        /// The share of forms edited, as given (`1`, `0.5`).
        public var percent: String
        /// Where the revised documents are: `revision/YEAR`.
        public var directory: String
        /// Forms in the year, and how many were edited (exactly `round(forms × percent / 100)`).
        public var forms: Int
        public var editedCount: Int
        public var edited: [Edit] = []
    }

    public struct QuirkCount: Codable, Sendable, Hashable {
        public var quirk: String
        public var forms: Int
    }
}
