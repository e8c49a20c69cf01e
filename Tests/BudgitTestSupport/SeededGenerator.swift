import Foundation
import BudgitModel

/// A replayable random number generator (SplitMix64): print the seed when a test fails.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64
    public let seed: UInt64
    public init(seed: UInt64) { self.seed = seed; state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

/// Random domain values for property tests, including awkward text (quotes, backslashes,
/// control characters, newlines, combining marks in NFC form, long CJK names).
public struct ModelGenerator {
    public var rng: SeededGenerator
    public init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    static let words = ["教育", "经费", "项目", "运维", "(2022运维)", "（第二年）", "学校", "满意度", "≥90%", "\"引号\"", "a\\b",
                        "tab\there", "line\nbreak", "ctl\u{1}", "é", "平台", " ", "100%，3个考点", "【市级】", "/", ".."]

    public mutating func text(_ maxWords: Int = 4) -> String {
        let n = Int.random(in: 1...maxWords, using: &rng)
        return (0..<n).map { _ in Self.words.randomElement(using: &rng)! }.joined()
    }

    public mutating func maybe<T>(_ make: (inout ModelGenerator) -> T) -> T? {
        Bool.random(using: &rng) ? make(&self) : nil
    }

    public mutating func money() -> Money {
        Money(fen: Int64.random(in: -1_000_000_000...100_000_000_000, using: &rng))
    }

    public mutating func target() -> Target {
        if Bool.random(using: &rng) { return Target(text: text(2)) }
        let c = Target.Comparator.allCases.randomElement(using: &rng)!
        let n = "\(Int.random(in: 0...1000, using: &rng))" + (Bool.random(using: &rng) ? ".5" : "")
        return Target(text: c.rawValue + n + "%", comparator: c, number: n, unit: maybe { $0.text(1) })
    }

    public mutating func project() -> ProjectForm {
        var p = ProjectForm(year: Int.random(in: 2015...2030, using: &rng), name: text(), unit: text(2),
                            department: maybe { $0.text() },
                            source: SourceSpan(file: "f.txt", firstLine: 3, lastLine: Int.random(in: 3...900, using: &rng)))
        p.categories = (0..<Int.random(in: 0...2, using: &rng)).map { _ in text(1) }
        p.attributes = (0..<Int.random(in: 0...2, using: &rng)).map { _ in LabeledText(label: text(1), text: text()) }
        p.startDate = maybe { _ in "2022-01-01" }
        p.endDate = maybe { _ in "2022-12-31" }
        p.funds = FundKind.allCases.shuffled(using: &rng).prefix(Int.random(in: 0...5, using: &rng)).map {
            FundLine(kind: $0, amount: money(), sourceUnit: Bool.random(using: &rng) ? .yuan : .wanYuan, line: Int.random(in: 1...999, using: &rng))
        }
        p.goalPeriod = maybe { $0.text(1) }
        p.overallGoal = maybe { $0.text(8) }
        p.annualGoal = maybe { $0.text(8) }
        p.indicators = (0..<Int.random(in: 0...12, using: &rng)).map { _ in
            Indicator(level1: text(1), level2: text(1), level3: text(3), target: target(), note: maybe { $0.text(2) },
                      line: Int.random(in: 1...999, using: &rng))
        }
        p.breakdown = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
            CostItem(name: text(2), content: text(2), detail: text(2), amount: maybe { $0.money() }, unitPrice: maybe { $0.text(1) },
                     priceBasis: maybe { $0.text(1) }, quantity: maybe { $0.text(1) }, quantityBasis: maybe { $0.text(1) },
                     note: maybe { $0.text(1) }, line: Int.random(in: 1...999, using: &rng))
        }
        p.guarantees = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
            Guarantee(category: text(1), document: text(3), measures: text(3),
                      stages: (0..<Int.random(in: 0...3, using: &rng)).map { _ in StageMark(stage: text(1), mark: ["√", "×", "✓", ""].randomElement(using: &rng)!) },
                      line: Int.random(in: 1...999, using: &rng))
        }
        p.contacts = (0..<Int.random(in: 0...2, using: &rng)).map { _ in Contact(role: text(1), name: text(1), phone: maybe { _ in "021-1234" }) }
        p.details = (0..<Int.random(in: 0...3, using: &rng)).map { _ in LabeledText(label: text(1), text: text(6)) }
        return p
    }

    public mutating func unitBudget() -> UnitBudget {
        var b = UnitBudget(year: 2020, unit: text(2), title: text(), source: SourceSpan(file: "u.txt", firstLine: 1, lastLine: 400))
        b.sections = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
            NarrativeSection(heading: text(2), paragraphs: (0..<Int.random(in: 0...3, using: &rng)).map { _ in text(8) }, line: Int.random(in: 1...99, using: &rng))
        }
        b.tables = (1...Int.random(in: 1...4, using: &rng)).map { n in
            let cols = (0..<Int.random(in: 1...5, using: &rng)).map { _ in text(1) }
            let rows = (0..<Int.random(in: 0...20, using: &rng)).map { _ -> BudgetRow in
                let code: ClassificationCode? = Bool.random(using: &rng) ? ClassificationCode(parts: ["205", "0\(Int.random(in: 1...9, using: &rng))"]) : nil
                return BudgetRow(code: code, name: text(2), amounts: cols.map { _ in maybe { $0.money() } },
                                 side: maybe { _ in "income" }, line: Int.random(in: 1...400, using: &rng))
            }
            return BudgetTable(number: n, title: text(2), sourceUnit: .yuan, columns: cols, rows: rows, remark: maybe { $0.text(2) }, line: n * 10)
        }
        return b
    }
}
