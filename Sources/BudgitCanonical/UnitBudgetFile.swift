import BudgitModel

/// Reads and writes one ``UnitBudget`` as a canonical file.
public enum UnitBudgetFile {
    public static func write(_ b: UnitBudget) -> [UInt8] {
        var rs: [Record] = [CanonicalFormat.header("unit-budget")]
        func one(_ k: String, _ v: String) { var r = Record(k); r.add("v", v); rs.append(r) }
        one("year", String(b.year)); one("unit", b.unit); one("title", b.title)
        rs.append(CanonicalFormat.spanRecord(b.source))
        for s in b.sections {
            var r = Record("section"); r.add("heading", s.heading); rs.append(r)
            for para in s.paragraphs { one("para", para) }
        }
        var rowLines: [Int] = []
        for t in b.tables {
            var r = Record("table")
            r.add("n", String(t.number)); r.add("title", t.title); r.add("printed", t.sourceUnit.rawValue)
            r.add("columns", list: t.columns); r.add("remark", t.remark)
            rs.append(r)
            for row in t.rows {
                var rr = Record("row")
                rr.add("code", row.code?.description); rr.add("name", row.name); rr.add("side", row.side)
                rr.add("amounts", list: row.amounts.map { $0?.description })
                rs.append(rr)
                rowLines.append(row.line)
            }
        }
        var trace = Record("lines")
        trace.add("section", list: CanonicalFormat.lineList(b.sections.map(\.line)))
        trace.add("table", list: CanonicalFormat.lineList(b.tables.map(\.line)))
        trace.add("row", list: CanonicalFormat.lineList(rowLines))
        rs.append(trace)
        return Record.file(rs)
    }

    /// Reads a whole canonical stream (what ``write(_:)`` makes).
    ///
    /// Canonical streams take the single pass of ``readSinglePass(_:partial:)``; anything else
    /// goes through ``readGeneric(_:path:partial:)``, which accepts or rejects it.
    /// - Parameter partial: the stream may lack tables and the `lines` record (source lines are then 0).
    /// - Throws: ``CanonicalError`` with the line number of the first problem.
    public static func read(_ bytes: [UInt8], path: String, partial: Bool = false) throws(CanonicalError) -> UnitBudget {
        if let b = readSinglePass(bytes, partial: partial) { return b }
        return try readGeneric(bytes, path: path, partial: partial)
    }

    /// Reads a unit-budget stream record by record through ``RecordReader``: slower than
    /// ``readSinglePass(_:partial:)``, but it explains every problem, with its line number.
    static func readGeneric(_ bytes: [UInt8], path: String, partial: Bool = false) throws(CanonicalError) -> UnitBudget {
        var rd = try RecordReader(bytes: bytes, path: path)
        try CanonicalFormat.readHeader(&rd, kind: "unit-budget")
        let year = try CanonicalFormat.int(rd.take("year", required: ["v"]).string("v"), rd, "year")
        let unit = try rd.take("unit", required: ["v"]).string("v")!
        let title = try rd.take("title", required: ["v"]).string("v")!
        let span = try CanonicalFormat.span(rd.take("source", required: ["file", "lines"]), rd)
        var b = UnitBudget(year: year, unit: unit, title: title, source: span)
        while let s = try rd.takeIf("section", required: ["heading"]) {
            var sec = NarrativeSection(heading: s.string("heading")!, paragraphs: [], line: 0)
            while let p = try rd.takeIf("para", required: ["v"]) { sec.paragraphs.append(p.string("v")!) }
            b.sections.append(sec)
        }
        var rowCount = 0
        while let t = try rd.takeIf("table", required: ["n", "title", "printed", "columns"], optional: ["remark"]) {
            let n = try CanonicalFormat.int(t.string("n"), rd, "table number")
            guard let u = Money.SourceUnit(rawValue: t.string("printed")!) else { throw rd.error("unknown unit `\(t.string("printed")!)`") }
            let cols = t.list("columns") ?? []
            guard !cols.contains(nil) else { throw rd.error("column names are strings") }
            var table = BudgetTable(number: n, title: t.string("title")!, sourceUnit: u, columns: cols.map { $0! }, rows: [], remark: t.string("remark"), line: 0)
            while let r = try rd.takeIf("row", required: ["name", "amounts"], optional: ["code", "side"], order: ["code", "name", "side", "amounts"]) {
                var code: ClassificationCode?
                if let c = r.string("code") {
                    guard let cc = ClassificationCode(c), cc.description == c else { throw rd.error("code `\(c)` is not digits separated by single spaces") }
                    code = cc
                }
                var amounts: [Money?] = []
                for a in r.list("amounts") ?? [] {
                    amounts.append(try a.map { s throws(CanonicalError) in try CanonicalFormat.money(s, rd, "amount") })
                }
                table.rows.append(BudgetRow(code: code, name: r.string("name")!, amounts: amounts, side: r.string("side"), line: 0))
                rowCount += 1
            }
            b.tables.append(table)
        }
        if partial && rd.atEnd {
            try rd.finish()
            return b
        }
        let tr = try rd.take("lines", required: ["section", "table", "row"])
        for (i, l) in try CanonicalFormat.lines(tr, "section", count: b.sections.count, rd).enumerated() { b.sections[i].line = l }
        for (i, l) in try CanonicalFormat.lines(tr, "table", count: b.tables.count, rd).enumerated() { b.tables[i].line = l }
        var k = 0
        let rl = try CanonicalFormat.lines(tr, "row", count: rowCount, rd)
        for ti in b.tables.indices { for ri in b.tables[ti].rows.indices { b.tables[ti].rows[ri].line = rl[k]; k += 1 } }
        try rd.finish()
        return b
    }
}
