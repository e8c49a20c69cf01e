import BudgitModel
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Flat exports of stored documents for spreadsheets and other tools: budget lines, indicators
/// and projects, each row with a unique `id` so that any keyed diff tool can compare two exports.
///
/// CSV: UTF-8 (with a byte-order mark when `bom`), RFC 4180 quoting, LF or CRLF line ends. With
/// `spreadsheet` (`export --excel`), a cell a spreadsheet would read as a formula gets a `'` in
/// front, inside quotes (``CSVRenderer/spreadsheetQuote(_:)``); plain numbers stay as they are.
public enum TableExport {
    /// The widest table has 8 amount columns (c1…c8, in the table's column order).
    public static let amountColumns = 8

    /// `id,unit,table,side,code,name,c1…c8`; id = `unit|table|side|code|name` (name only for rows
    /// without a code; `#n` for a repeat).
    public static func budgetLines(_ budgets: [UnitBudget], bom: Bool = false, crlf: Bool = false,
                                   spreadsheet: Bool = false) -> String {
        ByteWriter.string { writeBudgetLines(budgets, bom: bom, crlf: crlf, spreadsheet: spreadsheet, into: &$0) }
    }

    /// ``budgetLines(_:bom:crlf:)`` written to `sink` in chunks of at most `chunkSize` bytes, so
    /// that the text is never held whole.
    public static func writeBudgetLines(_ budgets: [UnitBudget], bom: Bool = false, crlf: Bool = false,
                                        spreadsheet: Bool = false,
                                        chunkSize: Int = 1 << 16, to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        ByteWriter.write(chunkSize: chunkSize, to: sink) {
            writeBudgetLines(budgets, bom: bom, crlf: crlf, spreadsheet: spreadsheet, into: &$0)
        }
    }

    static func writeBudgetLines(_ budgets: [UnitBudget], bom: Bool, crlf: Bool, spreadsheet: Bool,
                                 into w: inout ByteWriter) {
        header(["id", "unit", "table", "side", "code", "name"] + (1...amountColumns).map { "c\($0)" }, bom: bom, crlf: crlf, into: &w)
        var seen: [String: Int] = [:]
        for b in budgets {
            for t in b.tables {
                for r in t.rows {
                    let code = r.code?.description ?? ""
                    var id = "\(b.unit)|\(t.number)|\(r.side ?? "")|\(code)|\(r.code == nil ? r.name : "")"
                    if let n = seen[id] { seen[id] = n + 1; id += "#\(n + 1)" } else { seen[id] = 1 }
                    CSVRenderer.field(id, spreadsheet: spreadsheet, into: &w); w.write(",")
                    CSVRenderer.field(b.unit, spreadsheet: spreadsheet, into: &w); w.write(",")
                    w.integer(t.number); w.write(",")
                    CSVRenderer.field(r.side ?? "", spreadsheet: spreadsheet, into: &w); w.write(",")
                    CSVRenderer.field(code, spreadsheet: spreadsheet, into: &w); w.write(",")
                    CSVRenderer.field(r.name, spreadsheet: spreadsheet, into: &w)
                    for k in 0..<amountColumns {
                        w.write(",")
                        if k < r.amounts.count, let m = r.amounts[k] { w.canonical(m) }
                    }
                    endLine(crlf, into: &w)
                }
            }
        }
    }

    /// `id,unit,project,l1,l2,l3,target,note`; id = `unit|project|l1/l2/l3` (`#n` for a repeat).
    public static func indicators(_ projects: [ProjectForm], bom: Bool = false, crlf: Bool = false,
                                  spreadsheet: Bool = false) -> String {
        ByteWriter.string { writeIndicators(projects, bom: bom, crlf: crlf, spreadsheet: spreadsheet, into: &$0) }
    }

    /// ``indicators(_:bom:crlf:)`` written to `sink` in chunks of at most `chunkSize` bytes.
    public static func writeIndicators(_ projects: [ProjectForm], bom: Bool = false, crlf: Bool = false,
                                       spreadsheet: Bool = false,
                                       chunkSize: Int = 1 << 16, to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        ByteWriter.write(chunkSize: chunkSize, to: sink) {
            writeIndicators(projects, bom: bom, crlf: crlf, spreadsheet: spreadsheet, into: &$0)
        }
    }

    static func writeIndicators(_ projects: [ProjectForm], bom: Bool, crlf: Bool, spreadsheet: Bool,
                                into w: inout ByteWriter) {
        header(["id", "unit", "project", "l1", "l2", "l3", "target", "note"], bom: bom, crlf: crlf, into: &w)
        for k in sortedIndices(projects) {
            let p = projects[k]
            for (id, i) in indicatorIDs(p) {
                for (n, f) in [id, p.unit, p.name, i.level1, i.level2, i.level3, i.target.text, i.note ?? ""].enumerated() {
                    if n > 0 { w.write(",") }
                    CSVRenderer.field(f, spreadsheet: spreadsheet, into: &w)
                }
                endLine(crlf, into: &w)
            }
        }
    }

    private static func header(_ names: [String], bom: Bool, crlf: Bool, into w: inout ByteWriter) {
        if bom { w.write("\u{FEFF}") }
        for (n, name) in names.enumerated() {
            if n > 0 { w.write(",") }
            CSVRenderer.field(name, into: &w)
        }
        endLine(crlf, into: &w)
    }

    private static func endLine(_ crlf: Bool, into w: inout ByteWriter) { w.write(crlf ? "\r\n" : "\n") }

    /// A JSON array of `{id, unit, name, year, funds {kind: amount}, indicators [{id, path, target, note}]}`.
    public static func projectsJSON(_ projects: [ProjectForm]) -> String {
        struct I: Encodable { var id: String; var path: String; var target: String; var note: String? }
        struct P: Encodable { var id: String; var unit: String; var name: String; var year: Int; var funds: [String: String]; var indicators: [I] }
        let items = sorted(projects).map { p in
            P(id: "\(p.unit)|\(p.name)", unit: p.unit, name: p.name, year: p.year,
              funds: Dictionary(p.funds.map { ($0.kind.rawValue, $0.amount.description) }, uniquingKeysWith: { a, _ in a }),
              indicators: indicatorIDs(p).map { I(id: $0.0, path: $0.1.path, target: $0.1.target.text, note: $0.1.note) })
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! enc.encode(items), as: UTF8.self) + "\n"
    }

    static func sorted(_ ps: [ProjectForm]) -> [ProjectForm] { sortedIndices(ps).map { ps[$0] } }

    /// The positions of `ps` in the order of (unit, name, source file, first line). Sorting
    /// positions moves no forms; when every unit and name is simple text, whose byte order is
    /// `String`'s (``SimpleText``), they are compared as bytes, without Unicode normalisation.
    static func sortedIndices(_ ps: [ProjectForm]) -> [Int] {
        let simple = ps.allSatisfy { SimpleText.isSimple($0.unit) && SimpleText.isSimple($0.name) && SimpleText.isSimple($0.source.file) }
        func less(_ x: String, _ y: String) -> Bool? {
            if simple ? x.utf8.elementsEqual(y.utf8) : x == y { return nil }
            return simple ? x.utf8.lexicographicallyPrecedes(y.utf8) : x < y
        }
        return ps.indices.sorted { a, b in
            let x = ps[a], y = ps[b]
            if let l = less(x.unit, y.unit) { return l }
            if let l = less(x.name, y.name) { return l }
            if let l = less(x.source.file, y.source.file) { return l }
            return x.source.firstLine < y.source.firstLine
        }
    }

    static func indicatorIDs(_ p: ProjectForm) -> [(String, Indicator)] {
        var seen: [String: Int] = [:]
        return p.indicators.map { i in
            var id = "\(p.unit)|\(p.name)|\(i.path)"
            if let n = seen[id] { seen[id] = n + 1; id += "#\(n + 1)" } else { seen[id] = 1 }
            return (id, i)
        }
    }
}
