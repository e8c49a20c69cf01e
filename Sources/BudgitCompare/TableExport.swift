import BudgitModel
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Flat exports of stored documents for spreadsheets and other tools: budget lines, indicators
/// and projects, each row with a unique `id` so that any keyed diff tool can compare two exports.
///
/// CSV: UTF-8 (with a byte-order mark when `bom`), RFC 4180 quoting, LF or CRLF line ends.
public enum TableExport {
    /// The widest table has 8 amount columns (c1…c8, in the table's column order).
    public static let amountColumns = 8

    /// `id,unit,table,side,code,name,c1…c8`; id = `unit|table|side|code|name` (name only for rows
    /// without a code; `#n` for a repeat).
    public static func budgetLines(_ budgets: [UnitBudget], bom: Bool = false, crlf: Bool = false) -> String {
        var rows: [[String]] = []
        var seen: [String: Int] = [:]
        for b in budgets {
            for t in b.tables {
                for r in t.rows {
                    var id = "\(b.unit)|\(t.number)|\(r.side ?? "")|\(r.code?.description ?? "")|\(r.code == nil ? r.name : "")"
                    if let n = seen[id] { seen[id] = n + 1; id += "#\(n + 1)" } else { seen[id] = 1 }
                    var row = [id, b.unit, String(t.number), r.side ?? "", r.code?.description ?? "", r.name]
                    for k in 0..<amountColumns { row.append(k < r.amounts.count ? (r.amounts[k]?.description ?? "") : "") }
                    rows.append(row)
                }
            }
        }
        let header = ["id", "unit", "table", "side", "code", "name"] + (1...amountColumns).map { "c\($0)" }
        return csv(header, rows, bom: bom, crlf: crlf)
    }

    /// `id,unit,project,l1,l2,l3,target,note`; id = `unit|project|l1/l2/l3` (`#n` for a repeat).
    public static func indicators(_ projects: [ProjectForm], bom: Bool = false, crlf: Bool = false) -> String {
        var rows: [[String]] = []
        for p in sorted(projects) {
            for (id, i) in indicatorIDs(p) {
                rows.append([id, p.unit, p.name, i.level1, i.level2, i.level3, i.target.text, i.note ?? ""])
            }
        }
        return csv(["id", "unit", "project", "l1", "l2", "l3", "target", "note"], rows, bom: bom, crlf: crlf)
    }

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

    static func sorted(_ ps: [ProjectForm]) -> [ProjectForm] {
        ps.sorted { ($0.unit, $0.name, $0.source.file, $0.source.firstLine) < ($1.unit, $1.name, $1.source.file, $1.source.firstLine) }
    }

    static func indicatorIDs(_ p: ProjectForm) -> [(String, Indicator)] {
        var seen: [String: Int] = [:]
        return p.indicators.map { i in
            var id = "\(p.unit)|\(p.name)|\(i.path)"
            if let n = seen[id] { seen[id] = n + 1; id += "#\(n + 1)" } else { seen[id] = 1 }
            return (id, i)
        }
    }

    static func csv(_ header: [String], _ rows: [[String]], bom: Bool, crlf: Bool) -> String {
        let eol = crlf ? "\r\n" : "\n"
        var out = bom ? "\u{FEFF}" : ""
        out += header.map(CSVRenderer.quote).joined(separator: ",") + eol
        for r in rows { out += r.map(CSVRenderer.quote).joined(separator: ",") + eol }
        return out
    }
}
