import BudgitModel

/// Parses the 2020 unit budget (单位预算, seed 001 lines 1–392): title, unit, year, narrative
/// sections and the budget tables.
///
/// A table is a title line (a `#` heading or bare text ending in `表`) followed by a unit line
/// (`单位：元`, `单位:万元`), then tab-separated rows. Three shapes are read:
/// - **coded** (功能分类 / 经济分类): the classification code in the cells before the
///   `…科目名称` column, the name in that column, one amount per later column;
/// - **two-sided** (`项目⇥预算数⇥项目⇥…`, 收支总表): an income item and its amount on the left, an
///   expenditure class and its amounts on the right of the same line. Each side becomes its own
///   ``BudgetRow`` (`side` `income` / `expenditure`). Every row has one amount per table column:
///   the income side fills the first column (`预算数`) and leaves the others nil, the expenditure
///   side the reverse;
/// - **amounts only** (三公经费): header rows, then rows of amounts with an empty name.
///
/// Documented conventions are read without diagnostics: an empty cell is nil, `-` in a totals row
/// is zero, integers and thousands separators are plain amounts, blank lines are page breaks.
/// Repairs are reported: repeated headers skipped (`table.repeated-header`), names split by OCR
/// joined (`ocr.joined-fragments`), truncated class names completed from an earlier table
/// (`table.name-completed`) or kept (`table.name-truncated`).
enum UnitBudgetParser {
    /// - Returns: the budget, and the line where the project declarations start (if any).
    static func parse(_ src: SourceText, diagnostics: inout DiagnosticSink) -> (UnitBudget?, Int?) {
        let lineCount = src.lines.count
        let declStart = (1...max(lineCount, 1)).first { n in
            n <= lineCount && isDeclarationTitle(src.line(n))
        }
        let end = (declStart ?? lineCount + 1) - 1
        guard end >= 1 else { return (nil, declStart) }

        var reader = Reader(src: src, end: end)
        reader.run(&diagnostics)

        guard reader.title != nil || !reader.tables.isEmpty else {
            diagnostics.add(.error, "unit-budget.missing", line: 1,
                            "no unit-budget title or table found before line \(end + 1)")
            return (nil, declStart)
        }

        // Title, year and unit.
        let title = reader.title?.text ?? reader.tables.first?.title ?? ""
        let titleLine = reader.title?.line ?? reader.tables.first?.line ?? 1
        var year = leadingYear(in: title)
        if year == nil, let t = reader.tables.first, let y = leadingYear(in: t.title) {
            year = y
            diagnostics.add(.warning, "unit-budget.year-from-table", line: t.line,
                            "the title gives no year; took \(y) from the first table's title", raw: t.title)
        }
        if year == nil {
            diagnostics.add(.error, "unit-budget.year-missing", line: titleLine,
                            "no year found in the title or the table titles", raw: title)
        }
        for t in reader.tables {
            if let y = leadingYear(in: t.title), let year, y != year {
                diagnostics.add(.warning, "unit-budget.year-mismatch", line: t.line,
                                "table \(t.number) is titled for \(y) but the document is for \(year)", raw: t.title)
            }
        }
        var unit = reader.unit ?? ""
        if reader.unit == nil {
            if let h = reader.sections.first(where: { Cell.compact($0.heading).hasSuffix("主要职能") }) {
                let compact = Cell.compact(h.heading)
                unit = String(compact.dropLast("主要职能".count))
                diagnostics.add(.warning, "unit-budget.unit-from-heading", line: h.line,
                                "no `预算单位：` line; took the unit from the heading", raw: h.heading)
            } else {
                diagnostics.add(.warning, "unit-budget.unit-missing", line: titleLine,
                                "no `预算单位：` line found; the unit is left empty")
            }
        }

        let nonBlank = (1...end).filter { !src.line($0).isBlank }
        let span = SourceSpan(file: src.fileName, firstLine: nonBlank.first ?? 1, lastLine: nonBlank.last ?? end)
        let budget = UnitBudget(year: year ?? 0, unit: unit, title: title, sections: reader.sections,
                                tables: reader.tables, source: span)
        return (budget, declStart)
    }

    // MARK: - Line classification

    /// `# 财政项目支出绩效目标申报表（项目总体情况）`: the first declaration part.
    static func isDeclarationTitle(_ line: SourceText.Line) -> Bool {
        let t = Cell.compact(line.joined)
        return t.contains("财政项目支出绩效目标申报表") && t.contains("项目总体情况")
    }

    /// `## 名词解释` → (2, `名词解释`).
    static func heading(_ line: SourceText.Line) -> (level: Int, text: String)? {
        guard line.cells.count == 1 else { return nil }
        let raw = line.raw.trimmingSpaces()
        guard raw.hasPrefix("#") else { return nil }
        let level = raw.prefix(while: { $0 == "#" }).count
        return (level, Cell.clean(String(raw.dropFirst(level))))
    }

    /// `单位：元` / `单位:万元` → the unit; nil when the line is not a table's unit line.
    static func unitLine(_ line: SourceText.Line) -> String? {
        guard line.cells.count == 1 || line.nonEmpty.count == 1 else { return nil }
        let t = Cell.compact(line.joined)
        for p in ["单位：", "单位:"] where t.hasPrefix(p) {
            let rest = String(t.dropFirst(p.count))
            return rest.isEmpty ? nil : rest
        }
        return nil
    }

    /// The first `20xx年` in a text.
    static func leadingYear(in text: String) -> Int? {
        let chars = Array(text)
        var k = 0
        while k + 4 < chars.count {
            let four = chars[k..<k + 4]
            if four.allSatisfy({ $0.isASCII && $0.isNumber }), chars[k + 4] == "年",
               k == 0 || !(chars[k - 1].isASCII && chars[k - 1].isNumber),
               let y = Int(String(four)), (1900...2200).contains(y) {
                return y
            }
            k += 1
        }
        return nil
    }

    static let totalLabels: Set<String> = ["合计", "总计", "收入总计", "支出总计"]

    static func isTotalLabel(_ s: String) -> Bool { totalLabels.contains(Cell.compact(s)) }

    static func isCode(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }

    static func isDash(_ s: String) -> Bool { ["-", "--", "—", "－"].contains(Cell.compact(s)) }

    /// Text that reads as an amount (`104,733,480.93`, `9.6`, `2467944`, `1845. 2`) or a dash.
    static func looksLikeAmount(_ s: String) -> Bool {
        if isDash(s) { return true }
        let t = s.filter { $0 != "," && $0 != " " && $0 != "，" }
        guard !t.isEmpty else { return false }
        var dots = 0, digits = 0
        for (k, ch) in t.enumerated() {
            if ch.isASCII && ch.isNumber { digits += 1 }
            else if ch == "." { dots += 1 }
            else if ch == "-" && k == 0 { continue }
            else { return false }
        }
        return digits > 0 && dots <= 1
    }

    /// `十六、自然资源海洋气` → `十六、`: a Chinese ordinal prefix, or nil.
    static func chineseOrdinal(_ name: String) -> String? {
        guard let sep = name.firstIndex(where: { $0 == "、" }) else { return nil }
        let head = name[..<sep]
        guard !head.isEmpty, head.allSatisfy({ "一二三四五六七八九十百零".contains($0) }) else { return nil }
        return String(name[...sep])
    }
}

// MARK: - Reader

extension UnitBudgetParser {
    /// Walks lines 1…end once, collecting sections and tables.
    struct Reader {
        let src: SourceText
        let end: Int
        var title: (text: String, line: Int)?
        var unit: String?
        var sections: [NarrativeSection] = []
        var tables: [BudgetTable] = []

        init(src: SourceText, end: Int) { self.src = src; self.end = end }

        /// The unit line that makes line `n` a table title, or nil.
        func tableUnitLine(forTitleAt n: Int) -> Int? {
            let line = src.line(n)
            guard line.cells.count == 1, !line.isBlank else { return nil }
            let text = Cell.compact(heading(line)?.text ?? line.joined)
            guard text.hasSuffix("表"), leadingYear(in: text) != nil else { return nil }
            var m = n + 1
            while m <= end, src.line(m).isBlank { m += 1 }
            guard m <= end, unitLine(src.line(m)) != nil else { return nil }
            return m
        }

        mutating func run(_ sink: inout DiagnosticSink) {
            var n = 1
            var current: Int?  // index into sections
            while n <= end {
                let line = src.line(n)
                if line.isBlank { n += 1; continue }
                if let u = tableUnitLine(forTitleAt: n) {
                    let (table, next) = parseTable(titleLine: n, unitLine: u, number: tables.count + 1, &sink)
                    tables.append(table)
                    current = nil
                    n = next
                    continue
                }
                if let h = heading(line) {
                    if title == nil && h.level == 1 && tables.isEmpty && sections.isEmpty {
                        title = (h.text, n)
                    }
                    sections.append(NarrativeSection(heading: h.text, paragraphs: [], line: n))
                    current = sections.count - 1
                    n += 1
                    continue
                }
                var text = line.joined
                if unit == nil, tables.isEmpty {
                    let c = Cell.compact(text)
                    for p in ["预算单位：", "预算单位:"] where c.hasPrefix(p) && c.count > p.count {
                        // Keep the name as printed after the label (spaces inside kept).
                        let afterLabel = text.drop(while: { $0 != "：" && $0 != ":" }).dropFirst()
                        unit = afterLabel.trimmingSpaces()
                    }
                }
                // A Markdown list marker is the converter's, not the document's.
                if text.hasPrefix("- ") || text.hasPrefix("* ") { text = String(text.dropFirst(2)) }
                if current == nil {
                    sink.add(.note, "narrative.no-heading", line: n,
                             "text outside any heading kept in a section without a heading", raw: line.raw)
                    sections.append(NarrativeSection(heading: "", paragraphs: [], line: n))
                    current = sections.count - 1
                }
                sections[current!].paragraphs.append(text)
                n += 1
            }
        }

        // MARK: Tables

        enum Shape { case coded(nameColumn: Int), twoSided, amountsOnly }

        mutating func parseTable(titleLine n: Int, unitLine u: Int, number: Int,
                                 _ sink: inout DiagnosticSink) -> (BudgetTable, Int) {
            let titleText = heading(src.line(n))?.text ?? src.line(n).joined
            let unitText = unitLine(src.line(u)) ?? ""
            let sourceUnit: Money.SourceUnit
            switch unitText {
            case "元": sourceUnit = .yuan
            case "万元": sourceUnit = .wanYuan
            default:
                sourceUnit = .yuan
                sink.add(.warning, "table.unit-unknown", line: u,
                         "unknown amount unit `\(unitText)`; amounts read as 元", raw: src.line(u).raw)
            }

            // Body: tab rows, blank lines between them are page breaks.
            var body: [SourceText.Line] = []
            var m = u + 1
            while m <= end {
                let l = src.line(m)
                if l.isBlank { m += 1; continue }
                if l.cells.count > 1 { body.append(l); m += 1; continue }
                break
            }
            // Text printed instead of (or after) rows, up to the next heading or table.
            var remarks: [String] = []
            while m <= end {
                let l = src.line(m)
                if l.isBlank { m += 1; continue }
                if l.cells.count > 1 || heading(l) != nil || tableUnitLine(forTitleAt: m) != nil { break }
                remarks.append(l.joined)
                m += 1
            }

            var table = BudgetTable(number: number, title: titleText, sourceUnit: sourceUnit, columns: [],
                                    rows: [], remark: remarks.isEmpty ? nil : remarks.joined(separator: "\n"), line: n)
            guard !body.isEmpty else {
                if remarks.isEmpty {
                    sink.add(.warning, "table.empty", line: n, "table \(number) has no rows", raw: titleText)
                }
                return (table, m)
            }

            // Shape.
            var shape = Shape.amountsOnly
            for row in body.prefix(6) {
                if let k = row.clean.firstIndex(where: { Cell.compact($0).contains("科目名称") }) {
                    shape = .coded(nameColumn: k); break
                }
                if Cell.compact(row[0]) == "项目" && Cell.compact(row[2]) == "项目" { shape = .twoSided; break }
            }

            // Header rows and amount columns.
            var headerCount = 0
            var amountColumns: [Int] = []
            func width(_ rows: ArraySlice<SourceText.Line>) -> Int { rows.map(\.clean.count).max() ?? 0 }
            switch shape {
            case .coded(let k):
                headerCount = body.firstIndex(where: { isCode($0[0]) || isTotalLabel($0[0]) }) ?? body.count
                amountColumns = Array((k + 1)..<max(k + 1, width(body.prefix(max(headerCount, 1)))))
            case .twoSided, .amountsOnly:
                let w = width(body.prefix(6))
                amountColumns = shape.isTwoSided ? [1] + Array(3..<max(3, w)) : Array(0..<w)
                let firstNumeric = body.firstIndex { row in
                    amountColumns.contains { c in !row[c].isEmpty && looksLikeAmount(row[c]) }
                } ?? body.count
                let lastText = body[..<firstNumeric].lastIndex { row in
                    amountColumns.contains { c in !row[c].isEmpty && !looksLikeAmount(row[c]) }
                }
                headerCount = lastText.map { $0 + 1 } ?? 0
            }
            let header = Array(body.prefix(headerCount))
            if header.isEmpty {
                sink.add(.warning, "table.no-header", line: body[0].number,
                         "table \(number) has no header row; its columns are unnamed", raw: body[0].raw)
            }
            // An amount in the header is a data row that OCR joined to it (the row is not read).
            for row in header {
                if let amount = row.clean.first(where: { !$0.isEmpty && !isCode($0) && !isDash($0) && looksLikeAmount($0) }) {
                    sink.add(.warning, "table.header-amount", line: row.number,
                             "table \(number): the header holds the amount `\(amount)`: a data row was probably joined to the header line and was not read as a row. Split the line in the source and import again",
                             raw: row.raw)
                }
            }
            table.columns = columnNames(header: header.map(\.clean), amountColumns: amountColumns)
            let rowWidth = (amountColumns.last ?? 0) + 1

            // Rows.
            let headerKeys = header.map { trimmedCells($0.clean) }
            var repeated: [SourceText.Line] = []
            func flushRepeated(_ sink: inout DiagnosticSink) {
                guard let first = repeated.first, let last = repeated.last else { return }
                let span = first.number == last.number ? "line \(first.number)" : "lines \(first.number)–\(last.number)"
                sink.add(.note, "table.repeated-header", line: first.number,
                         "skipped table \(number)'s header repeated after a page break (\(span))", raw: first.raw)
                repeated = []
            }
            for row in body.dropFirst(headerCount) {
                if headerKeys.contains(trimmedCells(row.clean)) {
                    repeated.append(row)
                    continue
                }
                flushRepeated(&sink)
                if row.clean.count > rowWidth, row.clean[rowWidth...].contains(where: { !$0.isEmpty }) {
                    sink.add(.error, "table.extra-cells", line: row.number,
                             "table \(number): cells past the \(rowWidth) columns of the header were not read", raw: row.raw)
                }
                switch shape {
                case .coded(let k):
                    readCodedRow(row, nameColumn: k, amountColumns: amountColumns, table: &table, &sink)
                case .twoSided:
                    readTwoSidedRow(row, amountColumns: amountColumns, table: &table, &sink)
                case .amountsOnly:
                    let amounts = amountColumns.map { amount(row[$0], total: false, row: row, column: $0, table: table, &sink) }
                    table.rows.append(BudgetRow(code: nil, name: "", amounts: amounts, line: row.number))
                }
            }
            flushRepeated(&sink)
            return (table, m)
        }

        func trimmedCells(_ cells: [String]) -> [String] {
            var c = cells
            while let l = c.last, l.isEmpty { c.removeLast() }
            return c
        }

        /// One name per amount column: the lowest header cell of the column, prefixed with its group
        /// (`基本支出/人员经费`) when it sits under a cell that spans some, not all, of the columns.
        func columnNames(header: [[String]], amountColumns: [Int]) -> [String] {
            func cell(_ r: Int, _ c: Int) -> String { c < header[r].count ? header[r][c] : "" }
            var leafRow: [Int: Int] = [:]
            for c in amountColumns {
                leafRow[c] = header.indices.last { !cell($0, c).isEmpty }
            }
            let deepest = leafRow.values.max() ?? 0
            return amountColumns.map { c -> String in
                guard let r = leafRow[c] else { return "" }
                let leaf = cell(r, c)
                guard r == deepest, r > 0 else { return leaf }
                let p = r - 1
                // The group cell: the nearest non-empty cell at or left of c in the row above.
                guard let k = amountColumns.filter({ $0 <= c }).last(where: { !cell(p, $0).isEmpty }) else { return leaf }
                var span: [Int] = []
                for j in amountColumns where j >= k {
                    if j > k && !cell(p, j).isEmpty { break }
                    if leafRow[j] != deepest { break }
                    span.append(j)
                }
                guard span.contains(c), span.count >= 2, span.count < amountColumns.count else { return leaf }
                return cell(p, k) + "/" + leaf
            }
        }

        func amount(_ text: String, total: Bool, row: SourceText.Line, column: Int, table: BudgetTable,
                    _ sink: inout DiagnosticSink) -> Money? {
            if text.isEmpty { return nil }
            if isDash(text) {
                if !total {
                    sink.add(.note, "amount.dash-zero", line: row.number,
                             "table \(table.number) column \(column + 1): read `\(text)` as zero", raw: row.raw)
                }
                return .zero
            }
            return sink.amount(text, unit: table.sourceUnit, line: row.number,
                               what: "table \(table.number) column \(column + 1)")
        }

        /// `205⇥08⇥01⇥教师进修⇥…` or `合计⇥⇥⇥⇥…`.
        func readCodedRow(_ row: SourceText.Line, nameColumn k: Int, amountColumns: [Int],
                          table: inout BudgetTable, _ sink: inout DiagnosticSink) {
            let first = row[0]
            if isTotalLabel(first) {
                let amounts = amountColumns.map { amount(row[$0], total: true, row: row, column: $0, table: table, &sink) }
                let name = row[k].isEmpty ? first : row[k]
                table.rows.append(BudgetRow(code: nil, name: name, amounts: amounts, line: row.number))
                return
            }
            guard isCode(first) else {
                sink.add(.error, "table.unreadable-row", line: row.number,
                         "table \(table.number): a row that is neither a code, a total nor the header was not read", raw: row.raw)
                return
            }
            let cells = (0..<k).map { row[$0] }
            let parts = cells.filter { !$0.isEmpty }
            if let gap = cells.firstIndex(of: ""), cells[gap...].contains(where: { !$0.isEmpty }) {
                sink.add(.warning, "table.code-gap", line: row.number,
                         "table \(table.number): the code has an empty part; read as \(parts.joined(separator: " "))", raw: row.raw)
            }
            guard parts.allSatisfy(isCode) else {
                sink.add(.error, "table.unreadable-code", line: row.number,
                         "table \(table.number): the code `\(cells.joined(separator: " "))` is not digits; row not read", raw: row.raw)
                return
            }
            let name = fixName(row[k], row: row, table: table, classRow: false, &sink)
            let amounts = amountColumns.map { amount(row[$0], total: false, row: row, column: $0, table: table, &sink) }
            table.rows.append(BudgetRow(code: ClassificationCode(parts: parts), name: name, amounts: amounts, line: row.number))
        }

        /// `一、财政拨款收入⇥104733480.93⇥一、一般公共服务支出⇥⇥⇥⇥`: two rows, one per side.
        func readTwoSidedRow(_ row: SourceText.Line, amountColumns: [Int],
                             table: inout BudgetTable, _ sink: inout DiagnosticSink) {
            let n = amountColumns.count
            let incomeName = row[0], incomeAmount = row[1]
            if !incomeName.isEmpty || !incomeAmount.isEmpty {
                let total = isTotalLabel(incomeName)
                if incomeName.isEmpty {
                    sink.add(.warning, "table.amount-without-item", line: row.number,
                             "table \(table.number): an income amount without an item name", raw: row.raw)
                }
                var amounts = [Money?](repeating: nil, count: n)
                amounts[0] = amount(incomeAmount, total: total, row: row, column: 1, table: table, &sink)
                let name = total ? incomeName : fixName(incomeName, row: row, table: table, classRow: false, &sink)
                table.rows.append(BudgetRow(code: nil, name: name, amounts: amounts, side: "income", line: row.number))
            }
            let expenseName = row[2]
            let right = amountColumns.dropFirst()
            if !expenseName.isEmpty || right.contains(where: { !row[$0].isEmpty }) {
                let total = isTotalLabel(expenseName)
                if expenseName.isEmpty {
                    sink.add(.warning, "table.amount-without-item", line: row.number,
                             "table \(table.number): expenditure amounts without a class name", raw: row.raw)
                }
                var amounts: [Money?] = [nil]
                for c in right { amounts.append(amount(row[c], total: total, row: row, column: c, table: table, &sink)) }
                let name = total ? expenseName : fixName(expenseName, row: row, table: table, classRow: true, &sink)
                table.rows.append(BudgetRow(code: nil, name: name, amounts: amounts, side: "expenditure", line: row.number))
            }
        }

        /// Joins OCR-split names (`十八、粮油物资储备支 出`) and completes truncated expenditure
        /// class names (`十六、自然资源海洋气`) from an earlier table of the same document.
        func fixName(_ printed: String, row: SourceText.Line, table: BudgetTable, classRow: Bool,
                     _ sink: inout DiagnosticSink) -> String {
            var name = printed
            let (joined, didJoin) = Cell.joinCJKFragments(name)
            if didJoin {
                sink.add(.note, "ocr.joined-fragments", line: row.number,
                         "table \(table.number): joined the name split by OCR `\(name)` into `\(joined)`", raw: row.raw)
                name = joined
            }
            guard classRow, let ordinal = chineseOrdinal(name), !name.hasSuffix("支出") else { return name }
            let candidates = Set(tables.flatMap(\.rows).filter {
                $0.side == "expenditure" && $0.name.count > name.count && $0.name.hasPrefix(name)
                    && chineseOrdinal($0.name) == ordinal
            }.map(\.name))
            if candidates.count == 1, let full = candidates.first,
               let source = tables.flatMap(\.rows).first(where: { $0.name == full && $0.side == "expenditure" }) {
                sink.add(.note, "table.name-completed", line: row.number,
                         "table \(table.number): completed the truncated class name `\(name)` as `\(full)` (line \(source.line))",
                         raw: row.raw)
                return full
            }
            sink.add(.warning, "table.name-truncated", line: row.number,
                     "table \(table.number): the class name `\(name)` looks truncated (no `支出` ending); kept as printed",
                     raw: row.raw)
            return name
        }
    }
}

extension UnitBudgetParser.Reader.Shape {
    var isTwoSided: Bool { if case .twoSided = self { return true } else { return false } }
}
