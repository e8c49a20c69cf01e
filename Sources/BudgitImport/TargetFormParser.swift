import BudgitModel

/// Parses the 2022 (`财政项目支出绩效目标表`, 万元) and 2023 (`…申报表`, 元) target forms.
///
/// Each form is read section by section: the title and `(YYYY 年度)`, the header rows
/// (项目名称 … 计划完成日期), the funding block, the goals, and the indicator table. Cells are
/// found by their printed labels and, in the indicator table, by the level vocabulary
/// (`产出目标`, `数量指标` …), so that shifted columns, page breaks and width changes are
/// re-aligned; every such repair is recorded as a diagnostic.
enum TargetFormParser {
    /// Reads every form of a target-form document.
    /// - Parameters:
    ///   - src: the document's lines.
    ///   - layout: `.targetForm2022` or `.targetForm2023` (decides the default amount unit).
    ///   - diagnostics: receives every repair, guess and unreadable cell.
    /// - Returns: the forms in source order.
    static func parse(_ src: SourceText, layout: Layout, diagnostics: inout DiagnosticSink) -> [ProjectForm] {
        let spans = formSpans(src)
        if spans.isEmpty {
            diagnostics.add(.error, "form.not-found", line: 1,
                            "no `财政项目支出绩效目标表` or `财政项目支出绩效目标申报表` title found")
            return []
        }
        var forms: [ProjectForm] = []
        for span in spans {
            var reader = FormReader(src: src, layout: layout, first: span.first, last: span.last)
            forms.append(reader.read(&diagnostics))
        }
        return forms
    }

    /// The titles that open a form.
    static let titles = ["财政项目支出绩效目标表", "财政项目支出绩效目标申报表"]

    /// The line ranges of the forms: from each title to the last non-blank line before the next.
    static func formSpans(_ src: SourceText) -> [(first: Int, last: Int)] {
        var starts: [Int] = []
        for line in src.lines where !line.isBlank {
            let t = Cell.compact(line.joined)
            if titles.contains(where: { t.contains($0) }) && !t.contains("项目名称") { starts.append(line.number) }
        }
        var spans: [(first: Int, last: Int)] = []
        for (k, start) in starts.enumerated() {
            var end = k + 1 < starts.count ? starts[k + 1] - 1 : src.lines.count
            while end > start && src.line(end).isBlank { end -= 1 }
            spans.append((start, end))
        }
        return spans
    }
}

// MARK: - Vocabulary

extension TargetFormParser {
    /// Labels and level names the forms print (compared after ``Cell/compact(_:)``).
    enum Vocabulary {
        /// 一级指标 names, 2022 (`…目标`) and 2023 (`…指标`).
        static let level1: [String] = ["产出目标", "效果目标", "影响力目标", "效益目标",
                                       "产出指标", "效益指标", "满意度指标", "成本指标"]
        /// 二级指标 names and the 一级指标 they belong under.
        static let level2: [(name: String, parents: [String])] = [
            ("数量目标", ["产出目标"]), ("质量目标", ["产出目标"]), ("时效目标", ["产出目标"]),
            ("成本目标", ["产出目标"]),
            ("社会效益目标", ["效果目标", "效益目标"]), ("经济效益目标", ["效果目标", "效益目标"]),
            ("生态效益目标", ["效果目标", "效益目标"]), ("可持续影响目标", ["效果目标", "效益目标"]),
            ("满意度目标", ["影响力目标"]), ("可持续性目标", ["影响力目标"]),
            ("服务对象满意度目标", ["影响力目标"]),
            ("数量指标", ["产出指标"]), ("质量指标", ["产出指标"]), ("时效指标", ["产出指标"]),
            ("成本指标", ["产出指标"]),
            ("社会效益指标", ["效益指标"]), ("经济效益指标", ["效益指标"]), ("生态效益指标", ["效益指标"]),
            ("可持续影响指标", ["效益指标"]),
            ("服务对象满意度指标", ["满意度指标"]),
        ]
        static func isLevel1(_ compact: String) -> Bool { level1.contains(compact) }
        static func isLevel2(_ compact: String) -> Bool { level2.contains { $0.name == compact } }
        static func parents(of level2Name: String) -> [String] {
            level2.first { $0.name == level2Name }?.parents ?? []
        }

        /// Parts of the `绩效指标` row label, also as OCR split it across a page break.
        static let indicatorLabel: [String] = ["绩效指标", "绩效指", "绩效", "指标", "目标"]
        /// Goal section labels.
        static let goalLabel: [String] = ["项目绩效目标", "绩效目标"]

        /// Header labels (rows 1–3 of a form).
        static let headerLabels: [String] = ["项目名称", "项目类别", "项目性质", "主管部门", "实施单位",
                                             "计划开始日期", "计划完成日期"]

        /// The funding label a cell holds, if any.
        static func fundLabel(_ cell: String) -> FundLabel? {
            var t = Cell.compact(cell)
            for p in ["其中：", "其中:", "其中"] where t.hasPrefix(p) { t.removeFirst(p.count); break }
            switch t {
            case "项目资金总额": return .total
            case "年度资金申请总额": return .annual
            case "财政资金": return .fiscal
            case "当年财政拨款": return .currentAppropriation
            case "上年结转资金": return .carryOver
            case "其他资金": return .other
            default: return nil
            }
        }

        /// Box characters: ticked, then unticked. `<input checked…>` arrives as `■` (``Cell/clean(_:)``).
        static let tickedBoxes: Set<Character> = ["■", "☑", "✓", "√", "✔", "☒"]
        static let emptyBoxes: Set<Character> = ["□", "☐"]
    }

    /// A funding label; `其他资金` is left or right depending on where it sits.
    enum FundLabel: Equatable {
        case total, annual, fiscal, currentAppropriation, carryOver, other
    }
}

// MARK: - Reading one form

extension TargetFormParser {
    /// One cell found in a row: its 0-based column and cleaned text.
    struct Found {
        var col: Int
        var text: String
        /// The cell as printed, when `text` was normalised from it (spaces removed from a level name).
        var printed: String? = nil
    }

    /// One indicator row after its cells were classified.
    struct IndicatorRow {
        var line: Int
        var raw: String
        var segment: Int
        var l1: Found?
        var l2: Found?
        var l3: Found?
        var value: Found?
        var extra: [Found]
    }

    /// Reads the lines `first...last` (a title to the end of its form) into a ``ProjectForm``.
    struct FormReader {
        let src: SourceText
        let layout: Layout
        let first: Int
        let last: Int
        /// Lines consumed by some section; the rest are reported as unread.
        var used: Set<Int> = []

        var file: String { src.fileName }

        init(src: SourceText, layout: Layout, first: Int, last: Int) {
            self.src = src; self.layout = layout; self.first = first; self.last = last
        }

        mutating func read(_ sink: inout DiagnosticSink) -> ProjectForm {
            var form = ProjectForm(year: 0, name: "", unit: "",
                                   source: SourceSpan(file: file, firstLine: first, lastLine: last))
            let numbers = Array(first...last)
            let nonBlank = numbers.filter { !src.line($0).isBlank }

            // Landmarks.
            let fundStart = nonBlank.first { n in src.line(n).clean.contains { Vocabulary.fundLabel($0) == .total } }
            let goalHeader = nonBlank.first { n in
                src.line(n).clean.contains { let c = Cell.compact($0); return c.hasPrefix("项目总目标") || c == "年度总体目标" }
            }
            let indicatorHeader = nonBlank.first { n in src.line(n).clean.contains { Cell.compact($0) == "三级指标" } }

            // Title and year.
            readYear(&form, nonBlank: nonBlank, before: fundStart ?? last, sink: &sink)

            // Header rows: everything before the funding block.
            let headerEnd = fundStart ?? goalHeader ?? indicatorHeader ?? (last + 1)
            for n in nonBlank where n < headerEnd && !used.contains(n) {
                readHeaderRow(n, into: &form, sink: &sink)
            }
            if form.name.isEmpty { sink.add(.error, "form.missing-name", line: first, "the form prints no 项目名称") }
            if form.unit.isEmpty { sink.add(.warning, "form.missing-unit", line: first, "the form prints no 实施单位") }

            // Funding block: from 项目资金总额 to the goal header.
            if let fundStart {
                let fundEnd = goalHeader ?? indicatorHeader ?? (last + 1)
                let rows = nonBlank.filter { $0 >= fundStart && $0 < fundEnd }
                readFunds(rows, into: &form, sink: &sink)
            } else {
                sink.add(.error, "funds.not-found", line: first, "the form prints no 项目资金总额 row; no amounts read")
            }

            // Goals.
            if let goalHeader {
                let goalEnd = indicatorHeader ?? (last + 1)
                let rows = nonBlank.filter { $0 >= goalHeader && $0 < goalEnd }
                readGoals(rows, into: &form, sink: &sink)
            } else {
                sink.add(.warning, "goals.not-found", line: first, "the form prints no 项目总目标 header")
            }

            // Indicators.
            if let indicatorHeader {
                readIndicators(header: indicatorHeader, into: &form, sink: &sink)
            } else {
                sink.add(.error, "indicators.not-found", line: first, "the form prints no indicator header (三级指标)")
            }

            // Nothing printed may vanish silently.
            for n in nonBlank where !used.contains(n) {
                sink.add(.warning, "form.unread-row", line: n, "row not recognised; its text is not in the form",
                         raw: src.line(n).excerpt)
            }
            return form
        }

        // MARK: Title and year

        mutating func readYear(_ form: inout ProjectForm, nonBlank: [Int], before: Int, sink: inout DiagnosticSink) {
            for n in nonBlank where n < before {
                let line = src.line(n)
                // Only the lines above the table (a project name may itself contain `年度`).
                if line.clean.contains(where: { Vocabulary.headerLabels.contains(Cell.compact($0)) }) { break }
                let text = Cell.compact(line.joined)
                let isTitle = TargetFormParser.titles.contains { text.contains($0) }
                if let y = Self.yearOfLabel(text) {
                    if form.year == 0 { form.year = y }
                    used.insert(n)
                    if isTitle {
                        sink.add(.note, "layout.fused-row", line: n, "the title and `(\(y)年度)` share one line",
                                 raw: line.excerpt)
                    }
                } else if isTitle {
                    used.insert(n)
                }
            }
            if form.year == 0 {
                sink.add(.error, "form.missing-year", line: first, "no `(YYYY 年度)` line under the title; year left 0",
                         raw: src.line(first).excerpt)
            }
        }

        /// `(2022 年度)` → 2022.
        static func yearOfLabel(_ compact: String) -> Int? {
            guard let r = compact.range(of: "年度") else { return nil }
            let digits = compact[..<r.lowerBound].reversed().prefix { $0.isASCII && $0.isNumber }
            guard digits.count == 4, let y = Int(String(digits.reversed())) else { return nil }
            return y
        }

        // MARK: Header rows

        mutating func readHeaderRow(_ n: Int, into form: inout ProjectForm, sink: inout DiagnosticSink) {
            let line = src.line(n)
            let cells = line.clean
            var consumed = Set<Int>()
            var sawLabel = false
            for (i, cell) in cells.enumerated() where !cell.isEmpty && !consumed.contains(i) {
                let label = Cell.compact(cell)
                guard Vocabulary.headerLabels.contains(label) else { continue }
                sawLabel = true
                consumed.insert(i)
                // The value: the next non-empty cell that is not itself a label.
                var value: String?
                if let j = cells[(i + 1)...].firstIndex(where: { !$0.isEmpty }),
                   !Vocabulary.headerLabels.contains(Cell.compact(cells[j])) {
                    value = cells[j]
                    consumed.insert(j)
                }
                guard let value else {
                    if label != "项目类别" {
                        sink.add(.warning, "form.missing-value", line: n, "`\(label)` has no value", raw: line.excerpt)
                    }
                    continue
                }
                switch label {
                case "项目名称": form.name = value
                case "主管部门": form.department = value
                case "实施单位": form.unit = value
                case "计划开始日期": form.startDate = date(value, line: n, what: label, sink: &sink)
                case "计划完成日期": form.endDate = date(value, line: n, what: label, sink: &sink)
                case "项目类别" where value.contains(where: { Vocabulary.tickedBoxes.contains($0) || Vocabulary.emptyBoxes.contains($0) }):
                    form.categories = checkedOptions(value, line: n, raw: line.excerpt, sink: &sink)
                default:
                    form.attributes.append(LabeledText(label: label, text: value))
                }
            }
            guard sawLabel else { return }
            used.insert(n)
            for (i, cell) in cells.enumerated() where !cell.isEmpty && !consumed.contains(i) {
                sink.add(.warning, "form.unread-cell", line: n, "cell c\(i + 1) `\(cell)` not recognised", raw: line.excerpt)
            }
        }

        func date(_ text: String, line: Int, what: String, sink: inout DiagnosticSink) -> String {
            if let iso = DateParser.iso(text) { return iso }
            sink.add(.warning, "date.unreadable", line: line, "\(what) `\(text)` is not a date; kept as printed", raw: text)
            return text
        }

        /// `专项资金 ■ 经常性项目 ■ 一次性项目 □` → the ticked labels (box after its label).
        func checkedOptions(_ text: String, line: Int, raw: String, sink: inout DiagnosticSink) -> [String] {
            var ticked: [String] = []
            var buffer = ""
            for ch in text {
                let on = Vocabulary.tickedBoxes.contains(ch), off = Vocabulary.emptyBoxes.contains(ch)
                if on || off {
                    let label = buffer.trimmingSpaces()
                    if label.isEmpty {
                        sink.add(.warning, "form.checkbox-without-label", line: line,
                                 "a box `\(ch)` follows no option label", raw: raw)
                    } else if on {
                        ticked.append(label)
                    }
                    buffer = ""
                } else {
                    buffer.append(ch)
                }
            }
            let rest = buffer.trimmingSpaces()
            if !rest.isEmpty {
                sink.add(.warning, "form.checkbox-missing", line: line,
                         "option `\(rest)` has no box; not counted as ticked", raw: raw)
            }
            if ticked.isEmpty {
                sink.add(.note, "form.no-category", line: line, "no 项目类别 option is ticked", raw: raw)
            }
            return ticked
        }

        // MARK: Funding

        /// The columns where the amounts of a funding row normally sit (left, right), if known.
        func canonicalAmountColumns(firstRow: Int) -> (left: Int, right: Int)? {
            switch layout {
            case .targetForm2023: return (3, 6)
            default:
                // 2022: the first funding row sets the grid (widths 5 and 6 differ).
                let cells = src.line(firstRow).clean
                var found: [Int] = []
                for (i, c) in cells.enumerated() where Vocabulary.fundLabel(c) != nil {
                    if let j = cells[(i + 1)...].firstIndex(where: { !$0.isEmpty }),
                       Vocabulary.fundLabel(cells[j]) == nil { found.append(j) }
                }
                return found.count == 2 ? (found[0], found[1]) : nil
            }
        }

        mutating func readFunds(_ rows: [Int], into form: inout ProjectForm, sink: inout DiagnosticSink) {
            guard let firstRow = rows.first, let lastRow = rows.last else { return }
            // The unit is printed in the block's label: `项目资金 (万元)` / `项目资金 (元)`.
            var unit: Money.SourceUnit = layout == .targetForm2023 ? .yuan : .wanYuan
            let grid = canonicalAmountColumns(firstRow: firstRow)
            for n in rows {
                let line = src.line(n)
                let cells = line.clean
                var consumed = Set<Int>()
                var shifted: [String] = []
                // Labels in this row, in order.
                let labels: [(col: Int, label: FundLabel)] = cells.enumerated().compactMap { i, c in
                    Vocabulary.fundLabel(c).map { (i, $0) }
                }
                for (i, c) in cells.enumerated() where Cell.compact(c).hasPrefix("项目资金") && Vocabulary.fundLabel(c) == nil {
                    consumed.insert(i)
                    if c.contains("万元") { unit = .wanYuan } else if c.contains("元") { unit = .yuan }
                }
                let otherCount = labels.filter { $0.label == .other }.count
                var otherSeen = 0
                for (k, entry) in labels.enumerated() {
                    consumed.insert(entry.col)
                    let isLastLabel = k == labels.count - 1
                    let kind: FundKind
                    var side = 0  // 0 left, 1 right
                    switch entry.label {
                    case .total: kind = .total
                    case .annual: kind = .annual; side = 1
                    case .fiscal: kind = .fiscal
                    case .currentAppropriation: kind = .currentAppropriation; side = 1
                    case .carryOver: kind = .carryOver; side = 1
                    case .other:
                        otherSeen += 1
                        // Two in a row: left then right. One: right if it is the row's last label on
                        // the block's last row (the left one is missing or printed a row higher),
                        // left otherwise.
                        let right = otherCount >= 2 ? otherSeen == 2 : (isLastLabel && n == lastRow)
                        kind = right ? .otherAnnual : .otherTotal
                        side = right ? 1 : 0
                    }
                    // The amount: the next non-empty cell, unless that is the next label.
                    guard let j = cells[(entry.col + 1)...].firstIndex(where: { !$0.isEmpty }),
                          Vocabulary.fundLabel(cells[j]) == nil else { continue }
                    consumed.insert(j)
                    var text = cells[j]
                    if (text.hasPrefix("(") || text.hasPrefix("（")) && (text.hasSuffix(")") || text.hasSuffix("）")) {
                        let inner = String(text.dropFirst().dropLast()).trimmingSpaces()
                        sink.add(.note, "amount.parenthesized", line: n,
                                 "read `\(text)` as the plain amount `\(inner)` (parentheses mark a sub-amount, not a negative one)",
                                 raw: text)
                        text = inner
                    }
                    guard let money = sink.amount(text, unit: unit, line: n, what: kind.label) else { continue }
                    if let grid, j != (side == 0 ? grid.left : grid.right) {
                        shifted.append("\(kind.label) in c\(j + 1) (expected c\((side == 0 ? grid.left : grid.right) + 1))")
                    }
                    if form.funds.contains(where: { $0.kind == kind }) {
                        sink.add(.warning, "funds.duplicate", line: n,
                                 "a second \(kind.label) amount `\(text)`; the first one is kept", raw: line.excerpt)
                        continue
                    }
                    form.funds.append(FundLine(kind: kind, amount: money, sourceUnit: unit, line: n))
                }
                if !shifted.isEmpty {
                    sink.add(.note, "layout.funding-moved", line: n,
                             "funding cells moved: " + shifted.joined(separator: ", ") + "; read by their labels",
                             raw: line.excerpt)
                }
                used.insert(n)
                for (i, c) in cells.enumerated() where !c.isEmpty && !consumed.contains(i) {
                    sink.add(.warning, "funds.unread-cell", line: n, "cell c\(i + 1) `\(c)` not recognised", raw: line.excerpt)
                }
            }
            checkFundSums(form, sink: &sink)
        }

        /// 财政资金 + 其他资金 = 项目资金总额, and 当年财政拨款 + 上年结转 + 其他资金 = 年度资金申请总额.
        func checkFundSums(_ form: ProjectForm, sink: inout DiagnosticSink) {
            func line(_ k: FundKind) -> Int { form.funds.first { $0.kind == k }?.line ?? first }
            if let total = form.fund(.total), let fiscal = form.fund(.fiscal) {
                let sum = fiscal + (form.fund(.otherTotal) ?? .zero)
                if sum != total {
                    sink.add(.warning, "funds.sum-mismatch", line: line(.fiscal),
                             "财政资金 + 其他资金 = \(sum) but 项目资金总额 = \(total) 元; kept as printed",
                             raw: src.line(line(.fiscal)).excerpt)
                }
            }
            if let annual = form.fund(.annual), let current = form.fund(.currentAppropriation) {
                let sum = current + (form.fund(.carryOver) ?? .zero) + (form.fund(.otherAnnual) ?? .zero)
                if sum != annual {
                    sink.add(.warning, "funds.sum-mismatch", line: line(.currentAppropriation),
                             "当年财政拨款 + 上年结转资金 + 其他资金 = \(sum) but 年度资金申请总额 = \(annual) 元; kept as printed",
                             raw: src.line(line(.currentAppropriation)).excerpt)
                }
            }
        }

        // MARK: Goals

        /// The text of `cell` after `label`, whose characters may be separated by spaces; the
        /// whole cell when the label is not at its start.
        static func afterLabel(_ label: String, in cell: String) -> Substring {
            var i = cell.startIndex
            for want in label {
                while i < cell.endIndex, cell[i] == " " { i = cell.index(after: i) }
                guard i < cell.endIndex, cell[i] == want else { return cell[...] }
                i = cell.index(after: i)
            }
            return cell[i...]
        }

        mutating func readGoals(_ rows: [Int], into form: inout ProjectForm, sink: inout DiagnosticSink) {
            guard let header = rows.first else { return }
            let hcells = src.line(header).clean
            var annualCol: Int?
            for (i, c) in hcells.enumerated() {
                let t = Cell.compact(c)
                if t.hasPrefix("项目总目标") {
                    // After the label, which OCR may print with spaces inside (`项目总目 标`).
                    let period = String(Self.afterLabel("项目总目标", in: c)).trimmingSpaces()
                    if !period.isEmpty { form.goalPeriod = period }
                } else if t == "年度总体目标" {
                    annualCol = i
                }
            }
            used.insert(header)
            // The text row(s): overall goal first, annual goal second. The section label
            // (`项目 绩效 目标`) may sit in c1 of the text row.
            var overall: [String] = [], annual: [String] = []
            for n in rows.dropFirst() {
                let line = src.line(n)
                let texts: [Found] = line.clean.enumerated().compactMap { i, c in
                    c.isEmpty || Vocabulary.goalLabel.contains(Cell.compact(c)) ? nil : Found(col: i, text: c)
                }
                used.insert(n)
                switch texts.count {
                case 0: continue
                case 1:
                    let t = texts[0]
                    let isAnnual = annualCol.map { t.col >= $0 } ?? false
                    sink.add(.warning, "goals.one-text", line: n,
                             "only one goal text on the row; read it as the \(isAnnual ? "年度总体目标" : "项目总目标") by its column c\(t.col + 1)",
                             raw: line.excerpt)
                    if isAnnual { annual.append(t.text) } else { overall.append(t.text) }
                case 2:
                    overall.append(texts[0].text); annual.append(texts[1].text)
                default:
                    sink.add(.warning, "goals.extra-cells", line: n,
                             "\(texts.count) goal texts on one row; the first is read as 项目总目标, the rest joined as 年度总体目标",
                             raw: line.excerpt)
                    overall.append(texts[0].text)
                    annual.append(texts.dropFirst().map(\.text).joined(separator: " "))
                }
                if rows.count > 2 && n != rows[1] {
                    sink.add(.warning, "goals.continued", line: n, "goal text continues on a second row; joined",
                             raw: line.excerpt)
                }
            }
            if !overall.isEmpty { form.overallGoal = overall.joined(separator: " ") }
            if !annual.isEmpty { form.annualGoal = annual.joined(separator: " ") }
        }

        // MARK: Indicators

        /// Classifies a row's cells: level names by vocabulary (L1 before L2 before the rest), label
        /// fragments in c1 skipped, then the indicator name and its value in order.
        func classify(_ n: Int, segment: Int) -> IndicatorRow? {
            let line = src.line(n)
            var row = IndicatorRow(line: n, raw: line.excerpt, segment: segment, extra: [])
            var rest: [Found] = []
            for (i, c) in line.clean.enumerated() where !c.isEmpty {
                let t = Cell.compact(c)
                if i == 0 && Vocabulary.indicatorLabel.contains(t) { continue }
                if row.l1 == nil && row.l2 == nil && rest.isEmpty && Vocabulary.isLevel1(t) {
                    row.l1 = Found(col: i, text: t, printed: t == c ? nil : c)
                } else if row.l2 == nil && rest.isEmpty && Vocabulary.isLevel2(t) {
                    row.l2 = Found(col: i, text: t, printed: t == c ? nil : c)
                } else {
                    rest.append(Found(col: i, text: c))
                }
            }
            if row.l1 == nil && row.l2 == nil && rest.isEmpty { return nil }
            if let f = rest.first { row.l3 = f }
            if rest.count >= 2 { row.value = rest.last }
            if rest.count > 2 { row.extra = Array(rest[1..<(rest.count - 1)]) }
            return row
        }

        mutating func readIndicators(header: Int, into form: inout ProjectForm, sink: inout DiagnosticSink) {
            let hline = src.line(header)
            used.insert(header)
            var headerL3: Int?, headerValue: Int?
            var curL1: String?, curL2: String?
            for (i, c) in hline.clean.enumerated() {
                let t = Cell.compact(c)
                if t == "三级指标" { headerL3 = i }
                if t.contains("指标值") { headerValue = i }
                if i == 0 && Vocabulary.isLevel1(t) {
                    curL1 = t
                    sink.add(.note, "layout.merged-cell", line: header,
                             "level 1 `\(t)` is printed in c1 of the indicator header (a merged cell); applied to the rows below",
                             raw: hline.excerpt)
                }
            }

            // Gather rows, split into page segments by blank lines.
            var rows: [IndicatorRow] = []
            var segment = 0
            if header < last {
                for n in (header + 1)...last {
                    let line = src.line(n)
                    if line.isBlank { segment += 1; continue }
                    let ne = line.nonEmpty
                    if ne.count == 1 && Vocabulary.indicatorLabel.contains(Cell.compact(ne[0])) {
                        used.insert(n)
                        sink.add(.note, "layout.split-label", line: n,
                                 "`\(ne[0])` alone between page breaks is the rest of the `绩效指标` label; ignored",
                                 raw: line.excerpt)
                        continue
                    }
                    guard let row = classify(n, segment: segment) else {
                        used.insert(n)  // only label cells (`绩效指标`)
                        continue
                    }
                    used.insert(n)
                    rows.append(row)
                }
            }

            // Per segment, the columns of the indicator name and value: the most common among
            // complete rows, else the header's.
            var grids: [Int: (l3: Int, value: Int)] = [:]
            let segments = rows.map(\.segment).reduce(into: [Int]()) { if $0.last != $1 { $0.append($1) } }
            for s in segments {
                let complete = rows.filter { $0.segment == s && $0.l3 != nil && $0.value != nil }
                var counts: [(key: [Int], count: Int)] = []
                for r in complete {
                    let key = [r.l3!.col, r.value!.col]
                    if let k = counts.firstIndex(where: { $0.key == key }) { counts[k].count += 1 } else { counts.append((key, 1)) }
                }
                let headerKey = headerL3.flatMap { l3 in headerValue.map { [l3, $0] } }
                // The header's columns hold unless few rows follow them (a page printed narrower,
                // or a header cell that sits one column off its data); then the most common.
                let headerSupport = counts.first { $0.key == headerKey }?.count ?? 0
                let best = counts.max { a, b in
                    a.count != b.count ? a.count < b.count : (a.key != headerKey && b.key == headerKey)
                }
                if let headerKey, headerSupport * 4 >= complete.count {
                    grids[s] = (headerKey[0], headerKey[1])
                } else if let best {
                    grids[s] = (best.key[0], best.key[1])
                } else if let headerKey {
                    grids[s] = (headerKey[0], headerKey[1])
                }
                if let g = grids[s], let headerKey, [g.l3, g.value] != headerKey,
                   let firstRow = rows.first(where: { $0.segment == s }),
                   let lastRow = rows.last(where: { $0.segment == s }) {
                    let where_ = s == 0 ? "" : "after the page break, "
                    sink.add(.note, "layout.page-shift", line: firstRow.line,
                             "\(where_)lines \(firstRow.line)–\(lastRow.line) hold indicator names in c\(g.l3 + 1) and values in c\(g.value + 1) (the header has c\(headerKey[0] + 1)/c\(headerKey[1] + 1)); read by those columns",
                             raw: firstRow.raw)
                }
            }

            var pendingL1: [Int] = []  // indicators waiting for a level 1 printed further down
            for row in rows {
                let n = row.line
                // Shift check against the segment grid.
                if let g = grids[row.segment] {
                    var moved: [String] = []
                    if let f = row.l1, f.col != g.l3 - 2 { moved.append("一级指标 `\(f.text)` in c\(f.col + 1) (expected c\(g.l3 - 1))") }
                    if let f = row.l2, f.col != g.l3 - 1 { moved.append("二级指标 `\(f.text)` in c\(f.col + 1) (expected c\(g.l3))") }
                    if let f = row.l3, f.col != g.l3 { moved.append("三级指标 in c\(f.col + 1) (expected c\(g.l3 + 1))") }
                    if let f = row.value, f.col != g.value { moved.append("value in c\(f.col + 1) (expected c\(g.value + 1))") }
                    if !moved.isEmpty {
                        sink.add(.warning, "layout.shifted", line: n,
                                 "row shifted, realigned by the level vocabulary: " + moved.joined(separator: ", "),
                                 raw: row.raw)
                    }
                }

                for f in [row.l1, row.l2].compactMap({ $0 }) where f.printed != nil {
                    sink.add(.note, "ocr.joined-fragments", line: n,
                             "read the level name `\(f.printed!)` as `\(f.text)`", raw: row.raw)
                }
                // Levels: printed once per group, carried down to continuation rows.
                if let l1 = row.l1 {
                    let changed = curL1 != nil && curL1 != l1.text
                    if curL1 == nil && !pendingL1.isEmpty {
                        for k in pendingL1 {
                            form.indicators[k].level1 = l1.text
                            let fits = Vocabulary.parents(of: form.indicators[k].level2).contains(l1.text)
                            sink.add(fits ? .note : .warning, "layout.merged-cell", line: form.indicators[k].line,
                                     "level 1 `\(l1.text)` is printed further down on line \(n) (a merged cell's text); applied here"
                                        + (fits ? "" : "; it does not fit level 2 `\(form.indicators[k].level2)`, check it"),
                                     raw: src.line(form.indicators[k].line).excerpt)
                        }
                        pendingL1 = []
                    }
                    curL1 = l1.text
                    if changed && row.l2 == nil { curL2 = nil }
                }
                if let l2 = row.l2 { curL2 = l2.text }
                guard let l3 = row.l3 else {
                    // Only level names on this row: they carry to the next rows.
                    continue
                }
                if !row.extra.isEmpty {
                    sink.add(.error, "indicator.extra-cells", line: n,
                             "more cells than name and value; ignored: " + row.extra.map { "c\($0.col + 1) `\($0.text)`" }.joined(separator: ", "),
                             raw: row.raw)
                }
                var level2 = curL2 ?? ""
                if curL2 == nil {
                    sink.add(.error, "indicator.missing-level", line: n,
                             "no 二级指标 printed for `\(l3.text)` or above it in its group", raw: row.raw)
                    level2 = ""
                }
                let valueText = row.value?.text ?? ""
                var target = Target(text: "")
                if row.value == nil {
                    sink.add(.error, "indicator.missing-value", line: n,
                             "`\(l3.text)` has no 年度指标值 (the row is shifted right and the value cell is lost)",
                             raw: row.raw)
                } else {
                    let (t, notes) = TargetParser.parse(valueText)
                    target = t
                    for note in notes {
                        let severity: Diagnostic.Severity = note.code == "ocr.latex" ? .note : .warning
                        sink.add(severity, note.code, line: n, note.message, raw: valueText)
                    }
                }
                let indicator = Indicator(level1: curL1 ?? "", level2: level2, level3: l3.text, target: target, line: n)
                if curL1 == nil { pendingL1.append(form.indicators.count) }
                form.indicators.append(indicator)
            }

            // Level 1 never printed: infer it from the level-2 vocabulary.
            for k in pendingL1 {
                let l2 = form.indicators[k].level2
                let parents = Vocabulary.parents(of: l2)
                let raw = src.line(form.indicators[k].line).excerpt
                if parents.count == 1 || (parents.count > 1 && form.indicators.contains { parents.contains($0.level1) }) {
                    let guess = parents.first { p in form.indicators.contains { $0.level1 == p } } ?? parents[0]
                    form.indicators[k].level1 = guess
                    sink.add(.warning, "indicator.inferred-level", line: form.indicators[k].line,
                             "no 一级指标 printed for this group; inferred `\(guess)` from level 2 `\(l2)`", raw: raw)
                } else {
                    sink.add(.error, "indicator.missing-level", line: form.indicators[k].line,
                             "no 一级指标 printed for this group and none follows from level 2 `\(l2)`", raw: raw)
                }
            }
        }
    }
}
