import BudgitModel
import Foundation
import Testing
import BudgitCompareTestSupport
@testable import BudgitCompare

/// ``BudgetLineDiff`` against the simple implementation it replaced: `[String]` keys paired
/// through `occurrenceKeys` and `alignByKey`, columns paired per row.
@Suite struct BudgetLineDiffReferenceTests {
    // MARK: Reference

    static func referenceDiff(_ a: [UnitBudget], _ b: [UnitBudget]) -> BudgetLineChanges {
        struct Line { var unit: String; var table: BudgetTable; var row: BudgetRow; var key: [String] }
        func lines(_ budgets: [UnitBudget]) -> [Line] {
            var out: [Line] = []
            for budget in sortedCanonically(budgets, key: { [$0.unit, String($0.year), $0.title] }) {
                for table in sortedCanonically(budget.tables, key: { [paddedNumber($0.number), $0.title] }) {
                    for row in table.rows {
                        let id = row.code.map { "code:\($0.description)" } ?? "name:\(row.name)"
                        out.append(Line(unit: budget.unit, table: table, row: row,
                                        key: [budget.unit, paddedNumber(table.number), row.side ?? "", id]))
                    }
                }
            }
            return out
        }
        func columns(_ x: Line, _ y: Line) -> [ColumnChange] {
            let cx = BudgetLineDiff.columnKeys(x.table), cy = BudgetLineDiff.columnKeys(y.table)
            var xIndex: [OccurrenceKey: Int] = [:]
            for (i, k) in cx.enumerated() { xIndex[k] = i }
            var order: [(String, Int?, Int?)] = cy.indices.map { (y.table.columns[$0], xIndex[cy[$0]], $0) }
            let inY = Set(cy)
            for (i, k) in cx.enumerated() where !inY.contains(k) { order.append((x.table.columns[i], i, nil)) }
            return order.compactMap { name, i, j in
                let from = i.flatMap { BudgetLineDiff.amount(x.row, $0) }, to = j.flatMap { BudgetLineDiff.amount(y.row, $0) }
                guard from != to else { return nil }
                return ColumnChange(column: name, from: from, to: to, delta: (to ?? .zero) - (from ?? .zero),
                                    percent: from?.percentChange(to: to ?? .zero))
            }
        }
        func entry(_ l: Line) -> BudgetLineEntry {
            BudgetLineEntry(unit: l.unit, table: l.table.number, tableTitle: l.table.title, side: l.row.side,
                            code: l.row.code?.description, name: l.row.name,
                            amounts: l.table.columns.indices.map { ColumnAmount(column: l.table.columns[$0], amount: BudgetLineDiff.amount(l.row, $0)) })
        }
        let la = lines(a), lb = lines(b)
        var out = BudgetLineChanges(added: [], removed: [], changed: [])
        for (_, i, j) in alignByKey(occurrenceKeys(la.map(\.key)), occurrenceKeys(lb.map(\.key))) {
            switch (i.map { la[$0] }, j.map { lb[$0] }) {
            case let (x?, y?):
                let cols = columns(x, y)
                if !cols.isEmpty || x.row.name != y.row.name {
                    out.changed.append(BudgetLineChange(
                        unit: y.unit, table: y.table.number, tableTitle: y.table.title, side: y.row.side,
                        code: y.row.code?.description, name: y.row.name,
                        fromName: x.row.name != y.row.name ? x.row.name : nil, columns: cols))
                }
            case let (x?, nil): out.removed.append(entry(x))
            case let (nil, y?): out.added.append(entry(y))
            case (nil, nil): break
            }
        }
        return out
    }

    // MARK: Random budgets

    /// Texts that stress the byte-level keys: canonically equivalent spellings that differ in
    /// bytes (`é` precomposed and decomposed, a compatibility ideograph and its NFC form, Hangul
    /// syllable and jamo), prefixes of one another, and strings around the NFC whitelist's edges.
    static let names = ["合计", "教育支出", "教育支出合计", "一般行政管理事务", "行政运行", "（一）其他", "“三公”经费",
                        "caf\u{E9}", "cafe\u{301}", "\u{F900}", "\u{8C48}", "\u{AC00}", "\u{1100}\u{1161}",
                        "a\u{3099}", "ab", "a", "", "Z", "\u{3029}", "\u{302A}", "\u{FF5E}", "\u{FF5F}", "\u{2027}", "\u{2028}"]
    static let units = ["闵行区七宝中学", "闵行区七宝小学", "caf\u{E9}", "cafe\u{301}", "\u{F900}学校", "\u{8C48}学校"]
    static let sides: [String?] = [nil, nil, "income", "expenditure", "", "e\u{301}", "\u{E9}"]
    static let columns = ["合计", "财政拨款收入", "事业收入", "2022年机关运行经费预算数", "2023年机关运行经费预算数", "其他收入", "\u{C9}", "E\u{301}"]

    static let columnLists = [["合计", "财政拨款收入", "事业收入"], ["\u{C9}", "合计"], ["E\u{301}", "合计"], ["合计", "合计"],
                              ["合计", "2022年机关运行经费预算数"], ["合计", "2023年机关运行经费预算数"], ["合计", "机关运行经费预算数"]]

    static func randomBudgets(_ rng: inout SeededRNG, year: Int) -> [UnitBudget] {
        func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }
        let codes = ["205", "205 01", "205 01 01", "205 02", "2050", "208 05", "301 02"]
        return (0..<Int.random(in: 0...3, using: &rng)).map { _ in
            let tables = (0..<Int.random(in: 0...4, using: &rng)).map { _ -> BudgetTable in
                // Often a shared column list, so that tables a year apart have the same columns.
                let cols = Bool.random(using: &rng) ? pick(columnLists)
                    : (0..<Int.random(in: 0...4, using: &rng)).map { _ in pick(columns) }
                let rows = (0..<Int.random(in: 0...8, using: &rng)).map { r -> BudgetRow in
                    let amounts: [Money?] = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
                        Bool.random(using: &rng) ? Money(fen: Int64.random(in: -3...3, using: &rng) * 100) : nil
                    }
                    return BudgetRow(code: Bool.random(using: &rng) ? ClassificationCode(pick(codes)) : nil,
                                     name: pick(names), amounts: amounts, side: pick(sides), line: r)
                }
                return BudgetTable(number: pick([1, 2, 7, 10, 1000]), title: pick(["表", "单位收入预算总表"]),
                                   sourceUnit: .yuan, columns: cols, rows: rows, remark: nil, line: 0)
            }
            return UnitBudget(year: year, unit: pick(units), title: "闵行区\(year)年区级单位预算", tables: tables,
                              source: SourceSpan(file: "f", firstLine: 1, lastLine: 2))
        }
    }

    @Test(arguments: propertySeeds)
    func matchesReference(seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        for round in 0..<200 {
            let a = Self.randomBudgets(&rng, year: 2022), b = Self.randomBudgets(&rng, year: 2023)
            #expect(BudgetLineDiff.diff(a, b) == Self.referenceDiff(a, b), "seed \(seed) round \(round)")
            #expect(BudgetLineDiff.diff(a, a) == Self.referenceDiff(a, a), "seed \(seed) round \(round) (a, a)")
            let d = Self.referenceDiff(a, b)
            #expect(BudgetLineDiff.counts(a, b) == Summary.LineCounts(added: d.added.count, removed: d.removed.count,
                                                                      changed: d.changed.count), "seed \(seed) round \(round) (counts)")
        }
    }

    // MARK: The NFC whitelist

    /// Every scalar ``BudgetLineDiff/LineKey/isSurelyNFC(_:)`` accepts is left alone by NFC and
    /// combines with nothing before it (combining class 0).
    @Test func whitelistedScalarsAreStableUnderNFC() {
        var accepted = 0
        for v in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let s = String(Character(scalar))
            guard BudgetLineDiff.LineKey.isSurelyNFC(s) else { continue }
            accepted += 1
            #expect(Array(s.precomposedStringWithCanonicalMapping.unicodeScalars) == [scalar], "U+\(String(v, radix: 16))")
            #expect(scalar.properties.canonicalCombiningClass == .notReordered, "U+\(String(v, radix: 16))")
        }
        #expect(accepted > 20_000)
    }

    /// The scalars that can end a composition (NFC_Quick_Check = Maybe) in the BMP, and the
    /// compatibility ideographs NFC replaces, are never taken for NFC.
    @Test func composingScalarsAreNotWhitelisted() {
        let maybe: [ClosedRange<UInt32>] = [0x0300...0x0304, 0x0306...0x030C, 0x030F...0x030F, 0x0311...0x0311,
                                             0x0313...0x0314, 0x031B...0x031B, 0x0323...0x0328, 0x032D...0x032E,
                                             0x0330...0x0331, 0x0338...0x0338, 0x0342...0x0342, 0x0345...0x0345,
                                             0x0653...0x0655, 0x093C...0x093C, 0x09BE...0x09BE, 0x09D7...0x09D7,
                                             0x0B3E...0x0B3E, 0x0B56...0x0B57, 0x0BBE...0x0BBE, 0x0BD7...0x0BD7,
                                             0x0C56...0x0C56, 0x0CC2...0x0CC2, 0x0CD5...0x0CD6, 0x0D3E...0x0D3E,
                                             0x0D57...0x0D57, 0x0DCA...0x0DCA, 0x0DCF...0x0DCF, 0x0DDF...0x0DDF,
                                             0x102E...0x102E, 0x1161...0x1175, 0x11A8...0x11C2, 0x1B35...0x1B35,
                                             0x3099...0x309A, 0xF900...0xFAFF]
        for range in maybe {
            for v in range {
                #expect(!BudgetLineDiff.LineKey.isSurelyNFC("a" + String(Character(Unicode.Scalar(v)!))), "U+\(String(v, radix: 16))")
            }
        }
    }

    /// Byte order of NFC keys is the order strings sort in.
    @Test func byteOrderIsStringOrder() {
        let texts = Self.names.filter(BudgetLineDiff.LineKey.isSurelyNFC) + ["205 01", "205 01 01", "2050", "205"]
        for x in texts {
            for y in texts {
                let expected = x == y ? 0 : (x < y ? -1 : 1)
                #expect(BudgetLineDiff.LineKey.compareUTF8(x, y) == expected, "\(x) \(y)")
            }
        }
    }
}
