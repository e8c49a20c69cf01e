import BudgitModel

/// Parses the 2020 three-part project declarations (项目总体情况, 绩效目标, 制度保障).
///
/// Each declaration starts at a part-1 title (`财政项目支出绩效目标申报表（项目总体情况）`) and runs to the
/// line before the next one. Part 2 (`…（绩效目标）`) holds the indicators and the 项目构成分解 cost
/// breakdown, part 3 (`…(制度保障)`) the guarantees. Amounts are read in the unit each part prints
/// (`金额单位：元` / `金额单位：万元`) and stored as exact 元.
///
/// Every repair (a shifted column, an inferred level, a doubled prefix, a funding block printed
/// three times) becomes a ``Diagnostic``; see `DeclarationParser+*.swift` for the parts.
enum DeclarationParser {
    /// Parses every declaration whose part-1 title lies in `range`.
    ///
    /// - Parameters:
    ///   - src: the whole document.
    ///   - range: the 1-based lines to look at; lines before the first part-1 title are ignored, so
    ///     the whole file may be passed.
    ///   - diagnostics: receives the repairs and problems, with file and line.
    /// - Returns: the declarations in source order.
    static func parse(_ src: SourceText, range: ClosedRange<Int>, diagnostics: inout DiagnosticSink) -> [ProjectForm] {
        let lo = max(range.lowerBound, 1), hi = min(range.upperBound, src.lines.count)
        guard lo <= hi else { return [] }
        let starts = (lo...hi).filter { isOverviewTitle(Cell.compact(src.line($0).joined)) }
        var forms: [ProjectForm] = []
        for (k, start) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1] - 1 : hi
            var reader = DeclarationReader(src: src, span: start...end)
            reader.read(&diagnostics)
            forms.append(reader.form)
        }
        return forms
    }

    // MARK: Titles

    static func isOverviewTitle(_ compact: String) -> Bool {
        compact.contains("项目总体情况") && compact.contains("申报表")
    }

    static func isTargetsTitle(_ compact: String) -> Bool {
        compact.contains("申报表") && (compact.contains("（绩效目标）") || compact.contains("(绩效目标)"))
    }

    static func isGuaranteeTitle(_ compact: String) -> Bool {
        compact.contains("申报表") && compact.contains("制度保障")
    }

    // MARK: Shared cell helpers

    /// A rule drawn by OCR: every non-empty cell is dashes only (`----`, `-- --`).
    static func isRule(_ line: SourceText.Line) -> Bool {
        let cells = line.nonEmpty
        return !cells.isEmpty && cells.allSatisfy { $0.allSatisfy { $0 == "-" || $0 == "—" || $0 == " " } }
    }

    /// The cleaned cells without trailing empty ones.
    static func trimmedCells(_ line: SourceText.Line) -> [String] {
        var cells = line.clean
        while let last = cells.last, last.isEmpty { cells.removeLast() }
        return cells
    }

    /// The year in `（ 2020 年）`, `## (2020 年)` or a title ending in `（2020 年）`.
    static func year(in text: String) -> Int? {
        let t = Cell.compact(text)
        guard t.contains("年"), t.contains("(") || t.contains("（") else { return nil }
        var digits = ""
        for ch in t {
            if ch.isASCII && ch.isNumber { digits.append(ch) } else if digits.count == 4 { break } else { digits = "" }
        }
        guard digits.count == 4, let y = Int(digits), (1990...2100).contains(y) else { return nil }
        return y
    }

    /// `金额单位：元` → `.yuan`, `金额单位：万元` → `.wanYuan`; nil when the unit is missing (`额单位：`).
    static func moneyUnit(afterLabelIn text: String) -> Money.SourceUnit? {
        let t = Cell.compact(text)
        guard let r = t.range(of: "单位") else { return nil }
        var rest = t[r.upperBound...]
        if let f = rest.first, f == ":" || f == "：" { rest = rest.dropFirst() }
        if rest.hasPrefix("万元") { return .wanYuan }
        if rest.hasPrefix("元") { return .yuan }
        return nil
    }

    /// Joins narrow-column fragments (`教育科学研究 类项目`) with ``Cell/joinCJKFragments(_:)``, but
    /// keeps the space of a list between two bracketed titles (`《…》 《…》`).
    static func joinFragments(_ text: String) -> (String, Bool) {
        let keep: Character = "\u{1}"
        var protected = text
        for (a, b) in [("》 《", "》\u{1}《"), ("） （", "）\u{1}（"), ("】 【", "】\u{1}【")] where protected.contains(a) {
            protected = protected.replacingAll(a, with: b)
        }
        let (out, did) = Cell.joinCJKFragments(protected)
        return (out.contains(keep) ? out.replacingAll("\u{1}", with: " ") : out, did)
    }

    /// Text after a label and an optional colon: `联系人：张三` → `张三`.
    static func value(after label: String, in cell: String) -> String {
        var rest = Substring(cell)
        var k = label.startIndex
        // Match the label while skipping spaces that OCR put inside it.
        while k < label.endIndex, let f = rest.first {
            if f == " " { rest = rest.dropFirst(); continue }
            guard f == label[k] else { break }
            rest = rest.dropFirst(); k = label.index(after: k)
        }
        rest = rest.drop { $0 == " " }
        if let f = rest.first, f == ":" || f == "：" { rest = rest.dropFirst() }
        return rest.trimmingSpaces()
    }
}

/// Reads one declaration (part 1, 2 and 3) into a ``ProjectForm``.
struct DeclarationReader {
    let src: SourceText
    let span: ClosedRange<Int>
    var form: ProjectForm
    /// The unit of part 1's amounts.
    var overviewUnit: Money.SourceUnit = .yuan
    /// Names printed in parts 2 and 3, with their line, checked against part 1's.
    var otherNames: [(name: String, line: Int)] = []
    var otherYears: [(year: Int, line: Int)] = []

    init(src: SourceText, span: ClosedRange<Int>) {
        self.src = src
        self.span = span
        let last = span.reversed().first { !src.line($0).isBlank && !DeclarationParser.isRule(src.line($0)) } ?? span.lowerBound
        form = ProjectForm(year: 0, name: "", unit: "",
                           source: SourceSpan(file: src.fileName, firstLine: span.lowerBound, lastLine: last))
    }

    var file: String { src.fileName }

    mutating func read(_ sink: inout DiagnosticSink) {
        var targetsStart: Int?, guaranteesStart: Int?
        for n in span.dropFirst() {
            let t = Cell.compact(src.line(n).joined)
            if targetsStart == nil, guaranteesStart == nil, DeclarationParser.isTargetsTitle(t) { targetsStart = n }
            else if guaranteesStart == nil, DeclarationParser.isGuaranteeTitle(t) { guaranteesStart = n }
        }
        let first = span.lowerBound
        let overviewEnd = (targetsStart ?? guaranteesStart ?? span.upperBound + 1) - 1
        if first + 1 <= overviewEnd { readOverview((first + 1)...overviewEnd, &sink) }
        if let t = targetsStart {
            let end = (guaranteesStart ?? span.upperBound + 1) - 1
            readTargets(t...max(t, end), &sink)
        } else {
            sink.add(.error, "declaration.missing-part", line: first,
                     "no part 2 (绩效目标) title found for this declaration; it has no indicators or cost breakdown",
                     raw: src.line(first).excerpt)
        }
        if let g = guaranteesStart {
            readGuarantees(g...span.upperBound, &sink)
        } else {
            sink.add(.error, "declaration.missing-part", line: first,
                     "no part 3 (制度保障) title found for this declaration; it has no guarantees",
                     raw: src.line(first).excerpt)
        }
        checkConsistency(&sink)
    }

    /// Names and years printed in parts 2 and 3 must agree with part 1.
    mutating func checkConsistency(_ sink: inout DiagnosticSink) {
        if form.name.isEmpty, let other = otherNames.first {
            form.name = other.name
            sink.add(.warning, "declaration.name-missing", line: other.line,
                     "part 1 prints no 项目名称; took the name from this line", raw: other.name)
        }
        for other in otherNames where Cell.compact(other.name) != Cell.compact(form.name) {
            sink.add(.warning, "declaration.name-mismatch", line: other.line,
                     "this part names the project `\(other.name)`, part 1 names it `\(form.name)`; kept part 1's",
                     raw: other.name)
        }
        if form.year == 0 {
            if let y = otherYears.first {
                form.year = y.year
                sink.add(.warning, "declaration.year-missing", line: y.line,
                         "part 1 prints no year; took \(y.year) from this line", raw: src.line(y.line).excerpt)
            } else {
                sink.add(.error, "declaration.year-missing", line: span.lowerBound, "no year found in this declaration",
                         raw: src.line(span.lowerBound).excerpt)
            }
        }
        for y in otherYears where y.year != form.year {
            sink.add(.warning, "declaration.year-mismatch", line: y.line,
                     "this part says \(y.year), part 1 says \(form.year); kept part 1's", raw: src.line(y.line).excerpt)
        }
    }
}
