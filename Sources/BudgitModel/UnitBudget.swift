/// A functional (`205 08 01`) or economic (`301 01`) classification code, kept as its parts.
public struct ClassificationCode: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// `["205", "08", "01"]`: 类, 款, 项.
    public var parts: [String]
    public init(parts: [String]) { self.parts = parts }

    /// Parses `205 08 01`, `2050801`-style joined codes are not split (ambiguous) and return nil.
    public init?(_ text: String) {
        let p = text.split(separator: " ").map(String.init)
        guard !p.isEmpty, p.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        parts = p
    }

    /// `205 08 01`
    public var description: String { parts.joined(separator: " ") }
    /// The parent code (`205 08` for `205 08 01`); nil for a 类.
    public var parent: ClassificationCode? { parts.count > 1 ? ClassificationCode(parts: Array(parts.dropLast())) : nil }
    public var level: Int { parts.count }

    public static func < (a: ClassificationCode, b: ClassificationCode) -> Bool {
        a.parts.lexicographicallyPrecedes(b.parts)
    }
}

/// A unit budget (单位预算) of one year: its narrative and its tables.
public struct UnitBudget: Sendable, Hashable, Codable {
    public var year: Int
    public var unit: String
    /// The document title, e.g. `闵行区2020年区级单位预算`.
    public var title: String
    public var sections: [NarrativeSection]
    public var tables: [BudgetTable]
    public var source: SourceSpan

    public init(year: Int, unit: String, title: String, sections: [NarrativeSection] = [],
                tables: [BudgetTable] = [], source: SourceSpan) {
        self.year = year; self.unit = unit; self.title = title
        self.sections = sections; self.tables = tables; self.source = source
    }
}

/// A narrative section: its heading and its paragraphs.
public struct NarrativeSection: Sendable, Hashable, Codable {
    public var heading: String
    public var paragraphs: [String]
    public var line: Int
    public init(heading: String, paragraphs: [String], line: Int) {
        self.heading = heading; self.paragraphs = paragraphs; self.line = line
    }
}

/// One table of a unit budget.
public struct BudgetTable: Sendable, Hashable, Codable {
    /// 1…8 in the order printed; stable key of the table.
    public var number: Int
    public var title: String
    /// The unit its amounts were printed in.
    public var sourceUnit: Money.SourceUnit
    /// The amount columns' names, in order (`合计`, `基本支出`, `项目支出` …).
    public var columns: [String]
    public var rows: [BudgetRow]
    /// Text printed instead of rows (e.g. `2020年本单位无政府性基金预算`).
    public var remark: String?
    public var line: Int

    public init(number: Int, title: String, sourceUnit: Money.SourceUnit, columns: [String],
                rows: [BudgetRow], remark: String? = nil, line: Int) {
        self.number = number; self.title = title; self.sourceUnit = sourceUnit
        self.columns = columns; self.rows = rows; self.remark = remark; self.line = line
    }
}

/// One row of a budget table: a classification code (or none, for income items and totals),
/// its name, and one amount per column (nil where the cell is empty).
public struct BudgetRow: Sendable, Hashable, Codable {
    public var code: ClassificationCode?
    public var name: String
    public var amounts: [Money?]
    /// Paired two-sided tables (tables 1 and 4) have a left item and a right item on one line;
    /// each side becomes its own row and `side` says which (`income` or `expenditure`).
    public var side: String?
    public var line: Int

    public init(code: ClassificationCode?, name: String, amounts: [Money?], side: String? = nil, line: Int) {
        self.code = code; self.name = name; self.amounts = amounts; self.side = side; self.line = line
    }
}
