import Testing
import BudgitModel
import BudgitTestSupport
import BudgitCompare
import BudgitCompareTestSupport
@testable import BudgitRender

/// The exports are written as bytes, in chunks, with positions sorted instead of forms: they must
/// be byte for byte what the row-by-row String version (kept here as the reference) made.
@Suite struct TableExportTests {
    static func referenceCSV(_ header: [String], _ rows: [[String]], bom: Bool, crlf: Bool) -> String {
        let eol = crlf ? "\r\n" : "\n"
        var out = bom ? "\u{FEFF}" : ""
        out += header.map(CSVRenderer.quote).joined(separator: ",") + eol
        for r in rows { out += r.map(CSVRenderer.quote).joined(separator: ",") + eol }
        return out
    }

    static func referenceIndicators(_ projects: [ProjectForm], bom: Bool, crlf: Bool) -> String {
        let sorted = projects.sorted { ($0.unit, $0.name, $0.source.file, $0.source.firstLine) < ($1.unit, $1.name, $1.source.file, $1.source.firstLine) }
        var rows: [[String]] = []
        for p in sorted {
            for (id, i) in TableExport.indicatorIDs(p) {
                rows.append([id, p.unit, p.name, i.level1, i.level2, i.level3, i.target.text, i.note ?? ""])
            }
        }
        return referenceCSV(["id", "unit", "project", "l1", "l2", "l3", "target", "note"], rows, bom: bom, crlf: crlf)
    }

    static func referenceBudgetLines(_ budgets: [UnitBudget], bom: Bool, crlf: Bool) -> String {
        var rows: [[String]] = []
        var seen: [String: Int] = [:]
        for b in budgets {
            for t in b.tables {
                for r in t.rows {
                    var id = "\(b.unit)|\(t.number)|\(r.side ?? "")|\(r.code?.description ?? "")|\(r.code == nil ? r.name : "")"
                    if let n = seen[id] { seen[id] = n + 1; id += "#\(n + 1)" } else { seen[id] = 1 }
                    var row = [id, b.unit, String(t.number), r.side ?? "", r.code?.description ?? "", r.name]
                    for k in 0..<TableExport.amountColumns { row.append(k < r.amounts.count ? (r.amounts[k]?.description ?? "") : "") }
                    rows.append(row)
                }
            }
        }
        return referenceCSV(["id", "unit", "table", "side", "code", "name"] + (1...TableExport.amountColumns).map { "c\($0)" },
                            rows, bom: bom, crlf: crlf)
    }

    static let awkward = ["a,b", "say \"hi\"", " lead", "trail ", "line\nbreak", "cr\rlf", "e\u{301}", "é", "闵行区 教育局", "", "|pipe|", "👍🏽"]

    @Test(arguments: 0..<40)
    func exportsEqualTheReference(seed: Int) throws {
        var g = ModelGenerator(seed: UInt64(seed) &+ 70_000)
        var projects = (0..<12).map { _ in g.project() }
        var budgets = (0..<3).map { _ in g.unitBudget() }
        // Awkward text in some seeds (then the sort compares strings, not bytes); equal units and
        // names in others, so that the source file and line decide.
        let w = Self.awkward
        for i in projects.indices where (seed + i) % 3 == 0 {
            projects[i].unit = w[(seed + i) % w.count]
            projects[i].name = w[(seed * 7 + i) % w.count]
            if !projects[i].indicators.isEmpty { projects[i].indicators[0].level3 = w[(seed + 2 * i) % w.count] }
        }
        if seed % 2 == 0 { for i in projects.indices { projects[i].unit = "同一单位"; projects[i].name = i % 2 == 0 ? "同名" : "另一" } }
        if !budgets[0].tables.isEmpty && !budgets[0].tables[0].rows.isEmpty { budgets[0].tables[0].rows[0].name = w[seed % w.count] }
        for (bom, crlf) in [(false, false), (true, true)] {
            #expect(TableExport.indicators(projects, bom: bom, crlf: crlf) == Self.referenceIndicators(projects, bom: bom, crlf: crlf), "seed \(seed)")
            #expect(TableExport.budgetLines(budgets, bom: bom, crlf: crlf) == Self.referenceBudgetLines(budgets, bom: bom, crlf: crlf), "seed \(seed)")
            var chunks: [UInt8] = []
            TableExport.writeIndicators(projects, bom: bom, crlf: crlf, chunkSize: 64) { chunks += $0 }
            #expect(String(decoding: chunks, as: UTF8.self) == Self.referenceIndicators(projects, bom: bom, crlf: crlf))
            chunks = []
            TableExport.writeBudgetLines(budgets, bom: bom, crlf: crlf, chunkSize: 64) { chunks += $0 }
            #expect(String(decoding: chunks, as: UTF8.self) == Self.referenceBudgetLines(budgets, bom: bom, crlf: crlf))
        }
    }
}
