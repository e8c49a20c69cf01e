import BudgitModel

/// Part 2 of a 2020 declaration: `财政项目支出绩效目标申报表（绩效目标）` — 项目构成, the indicator
/// table and the 项目构成分解 cost breakdown.
extension DeclarationReader {
    enum TargetsPhase { case preamble, indicators, breakdown, done }

    /// One indicator row as printed, before levels are filled down or inferred.
    struct RawIndicator {
        var level1: String?
        var level2: String?
        /// A row that only prints levels (no 三级目标).
        var levelsOnly = false
        var level3 = ""
        var target = Target(text: "")
        var note: String?
        var line: Int
        var raw: String
        /// A blank line (page break) separates this row from the previous one.
        var afterBreak = false

        var printsLevel: Bool { level1 != nil || level2 != nil }
    }

    // MARK: Vocabulary

    static let level1Vocabulary: Set<String> = ["产出目标", "效果目标", "影响力目标", "效益目标", "产出指标", "效益指标", "满意度指标"]
    static let level2Groups: [(level1: String, bases: [String])] = [
        ("产出目标", ["数量", "质量", "时效", "成本"]),
        ("效果目标", ["社会效益", "经济效益", "生态效益"]),
        ("影响力目标", ["长效管理", "信息共享", "满意度", "可持续影响", "可持续性", "服务对象满意度"]),
    ]
    static let noteVocabulary: Set<String> = ["计划目标", "管理要求", "行业惯例", "行业标准", "历史标准", "调查问卷", "其他"]
    /// The `绩效目标` label in c1 of the indicator rows, also split (`绩效`…`目标`) or misread (`绩效日`).
    static let indicatorLabels: Set<String> = ["绩效目标", "绩效", "目标", "绩效日", "绩效日标", "绩效指标"]

    static func level1(_ s: String) -> String? {
        let k = Cell.compact(s)
        return level1Vocabulary.contains(k) ? k : nil
    }

    static func level2Base(_ k: String) -> String {
        for suffix in ["目标", "指标"] where k.hasSuffix(suffix) && k.count > suffix.count { return String(k.dropLast(suffix.count)) }
        return k
    }

    static func level2(_ s: String) -> String? {
        let k = Cell.compact(s)
        let base = level2Base(k)
        return level2Groups.contains { $0.bases.contains(base) } ? k : nil
    }

    /// `数量` → `产出目标`, `社会效益` → `效果目标`, `满意度` → `影响力目标`.
    static func level1(forLevel2 l2: String?) -> String? {
        guard let l2 else { return nil }
        let base = level2Base(l2)
        return level2Groups.first { $0.bases.contains(base) }?.level1
    }

    /// `项目构成分解` and its OCR pieces (`项目构`, `成 分 解`, `目 构 成 分 解`).
    static func isBreakdownLabel(_ compact: String) -> Bool {
        compact.count >= 2 && compact != "项目" && compact != "项目构成" && "项目构成分解".contains(compact)
    }

    /// An amount cell: digits with dots, separators or OCR spaces (`1937217.6 0`).
    static func isAmountText(_ s: String) -> Bool {
        s.contains { $0.isASCII && $0.isNumber } && s.allSatisfy { ($0.isASCII && $0.isNumber) || ".,， ".contains($0) }
    }

    // MARK: Reading

    mutating func readTargets(_ lines: ClosedRange<Int>, _ sink: inout DiagnosticSink) {
        var unit: Money.SourceUnit?
        var unitResolved = false
        var phase = TargetsPhase.preamble
        var nameWaiting = false
        var raws: [RawIndicator] = []
        var runs = DeclarationRuns()
        var totalRead = false
        var pendingBreak = false
        if let y = DeclarationParser.year(in: src.line(lines.lowerBound).joined) { otherYears.append((y, lines.lowerBound)) }

        for n in lines.dropFirst() {
            let line = src.line(n)
            if line.isBlank { pendingBreak = true; continue }
            if DeclarationParser.isRule(line) { continue }
            let cells = DeclarationParser.trimmedCells(line)
            defer { pendingBreak = false }
            if phase == .preamble, cells.count <= 1, let text = cells.first {
                let k = Cell.compact(text)
                if k.hasPrefix("项目名称") {
                    var name = DeclarationParser.value(after: "项目名称", in: text)
                    if let r = name.range(of: "金额单位") ?? name.range(of: "额单位") {
                        unit = DeclarationParser.moneyUnit(afterLabelIn: String(name[r.lowerBound...]))
                        unitResolved = unit != nil
                        name = String(name[..<r.lowerBound]).trimmingSpaces()
                        sink.add(.note, "declaration.fused-lines", line: n,
                                 "项目名称 and 金额单位 share one line; split them", raw: text)
                        if unit == nil { resolveUnit(&unit, line: n, raw: text, &sink); unitResolved = true }
                    }
                    if name.isEmpty { nameWaiting = true } else { otherNames.append((name, n)) }
                } else if k.contains("额单位") {
                    unit = DeclarationParser.moneyUnit(afterLabelIn: text)
                    if unit == nil { resolveUnit(&unit, line: n, raw: text, &sink) }
                    unitResolved = true
                } else if let y = DeclarationParser.year(in: text) {
                    otherYears.append((y, n))
                } else if nameWaiting {
                    otherNames.append((text, n))
                    nameWaiting = false
                    sink.add(.note, "declaration.name-continued", line: n,
                             "项目名称 continues on the next line; joined them", raw: text)
                } else if k.hasPrefix("附件") {
                    continue  // attachment number printed above the form (`附件1-2`)
                } else {
                    sink.add(.warning, "declaration.unread-row", line: n, "line above part 2's table not understood; not stored", raw: text)
                }
                continue
            }
            if !unitResolved {
                resolveUnit(&unit, line: n, raw: "", &sink)
                unitResolved = true
            }
            let compacts = cells.map(Cell.compact)
            if compacts.contains("金额合计") {
                readTotal(line, cells, compacts, unit: unit ?? overviewUnit, &sink)
                totalRead = true
                phase = .done
                continue
            }
            if compacts.contains("明细金额") || compacts.contains("项目明细") { phase = .breakdown; continue }
            if compacts.contains("一级目标") || compacts.contains("三级目标") { phase = .indicators; continue }
            if compacts.first == "项目构成" {
                let text = cells.dropFirst().filter { !$0.isEmpty && !$0.contains("主体活动") }.joined(separator: " ")
                if !text.isEmpty { form.details.append(LabeledText(label: "项目构成", text: text)) }
                continue
            }
            if phase == .indicators, let c = compacts.first, Self.isBreakdownLabel(c), cells.contains(where: Self.isAmountText) {
                sink.add(.warning, "breakdown.no-header", line: n, "cost breakdown starts without its header row", raw: line.excerpt)
                phase = .breakdown
            }
            switch phase {
            case .indicators:
                var row = readIndicatorRow(line, cells, index: raws.count, &runs, &sink)
                row.afterBreak = pendingBreak && !raws.isEmpty
                raws.append(row)
            case .breakdown:
                if let item = readCostRow(line, cells, unit: unit ?? overviewUnit, &sink) { form.breakdown.append(item) }
            case .preamble, .done:
                sink.add(.warning, "declaration.unread-row", line: n,
                         "row outside part 2's indicator and breakdown tables; not stored", raw: line.excerpt)
            }
        }
        form.indicators = resolveLevels(raws, &runs, &sink)
        runs.flush(into: &sink)
        if !form.breakdown.isEmpty && !totalRead {
            sink.add(.warning, "breakdown.no-total", line: lines.lowerBound, "the cost breakdown has no 金额合计 row",
                     raw: src.line(lines.lowerBound).excerpt)
        }
    }

    /// Part 2's unit is missing or truncated (`额单位：`): use part 1's.
    func resolveUnit(_ unit: inout Money.SourceUnit?, line n: Int, raw: String, _ sink: inout DiagnosticSink) {
        unit = overviewUnit
        sink.add(.warning, "declaration.unit-inherited", line: n,
                 raw.isEmpty ? "part 2 prints no 金额单位; read its amounts in part 1's unit (\(overviewUnit.rawValue))"
                             : "part 2's 金额单位 is truncated; read its amounts in part 1's unit (\(overviewUnit.rawValue))",
                 raw: raw)
    }

    // MARK: Indicators

    /// Reads one indicator row by content: the c1 label is dropped, a leading 一级目标 and 二级目标 are
    /// recognised by vocabulary wherever they sit, and the remaining cells are 三级目标, 目标值, 备注.
    mutating func readIndicatorRow(_ line: SourceText.Line, _ cellsIn: [String], index: Int,
                                   _ runs: inout DeclarationRuns, _ sink: inout DiagnosticSink) -> RawIndicator {
        let n = line.number
        var cells = cellsIn
        var row = RawIndicator(line: n, raw: line.excerpt)
        if let c = cells.first, Self.indicatorLabels.contains(Cell.compact(c)) {
            let k = Cell.compact(c)
            if k.hasPrefix("绩效日") {
                sink.add(.note, "ocr.misread-label", line: n, "read `\(c)` as the label 绩效目标 (目 misread as 日)", raw: c)
            }
            cells[0] = ""
        }
        var tokens = cells.enumerated().filter { !$0.element.isEmpty }.map { (col: $0.offset, text: $0.element) }
        var l1Col: Int?, l2Col: Int?
        if let t = tokens.first, let v = Self.level1(t.text) {
            row.level1 = v; l1Col = t.col; tokens.removeFirst()
            if v != t.text { sink.add(.note, "ocr.joined-fragments", line: n, "read `\(t.text)` as \(v)", raw: t.text) }
        }
        if let t = tokens.first, let v = Self.level2(t.text) {
            row.level2 = v; l2Col = t.col; tokens.removeFirst()
            if v != t.text { sink.add(.note, "ocr.joined-fragments", line: n, "read `\(t.text)` as \(v)", raw: t.text) }
        }
        guard let l3 = tokens.first else {
            row.levelsOnly = true
            return row
        }
        let (level3, joined) = DeclarationParser.joinFragments(l3.text)
        row.level3 = level3
        if joined {
            runs.add(.note, "ocr.joined-fragments", key: "level3", index: index, line: n,
                     "joined OCR fragments in 三级目标 (first: `\(level3)`)", raw: l3.text)
        }
        var targetText = "", targetCol: Int?
        switch tokens.count {
        case 1:
            break
        case 2:
            let x = tokens[1]
            if Self.noteVocabulary.contains(Cell.compact(x.text)) || x.col - l3.col >= 2 {
                row.note = x.text
            } else {
                targetText = x.text; targetCol = x.col
            }
        default:
            targetText = tokens[1].text; targetCol = tokens[1].col
            row.note = tokens[2...].map(\.text).joined(separator: " ")
            if tokens.count > 3 {
                sink.add(.warning, "indicator.extra-cells", line: n,
                         "more cells than 三级目标/目标值/备注; joined the extra cells into 备注", raw: line.excerpt)
            }
        }
        // Columns: normally 一级 c2, 二级 c3, 三级 c4, 目标值 c5, 备注 c6.
        let shift = l3.col - 3
        if shift != 0 {
            let dir = shift < 0 ? "left" : "right"
            runs.add(.warning, "layout.shifted-\(dir)", key: "\(shift)", index: index, line: n,
                     "indicator row shifted \(dir) by \(abs(shift)) column(s): 三级目标 read from c\(l3.col + 1) (expected c4)",
                     raw: line.excerpt)
        }
        var misplaced: [String] = []
        if let c = l1Col, c != l3.col - 2 { misplaced.append("一级目标 in c\(c + 1)") }
        if let c = l2Col, c != l3.col - 1 { misplaced.append("二级目标 in c\(c + 1)") }
        if let c = targetCol, c != l3.col + 1 { misplaced.append("目标值 in c\(c + 1)") }
        if !misplaced.isEmpty {
            sink.add(.warning, "layout.misplaced-cell", line: n,
                     "cells out of their columns (三级目标 in c\(l3.col + 1)): \(misplaced.joined(separator: ", ")); read by content",
                     raw: line.excerpt)
        }
        if targetText.isEmpty {
            sink.add(.warning, "indicator.empty-target", line: n,
                     "indicator `\(level3)` has no 目标值; kept it with an empty target", raw: line.excerpt)
        } else {
            let (target, notes) = TargetParser.parse(targetText)
            row.target = target
            for note in notes { sink.add(.note, note.code, line: n, note.message, raw: targetText) }
        }
        return row
    }

    /// Fills levels down, infers the ones never printed, and records each guess.
    ///
    /// A new 一级目标 starts a new group (its 二级目标 must be printed again). Before the first
    /// printed 一级目标, a missing 二级目标 is taken from the next row that prints one (a merged cell's
    /// text sits on one row of its span, 001:732–741), and a missing 一级目标 is inferred from the
    /// 二级目标 vocabulary (declaration 8 never prints `产出目标`).
    func resolveLevels(_ raws: [RawIndicator], _ runs: inout DeclarationRuns,
                       _ sink: inout DiagnosticSink) -> [Indicator] {
        var levels = [(l1: String?, l2: String?)](repeating: (nil, nil), count: raws.count)
        var curL1: String?, curL2: String?
        for (i, r) in raws.enumerated() {
            if let l1 = r.level1 {
                if l1 != curL1 { curL2 = nil }
                curL1 = l1
            }
            if let l2 = r.level2 { curL2 = l2 }
            if r.levelsOnly { levels[i] = (curL1, curL2); continue }
            var l2 = curL2
            if l2 == nil {
                var ahead: (String, Int)?
                if curL1 == nil {
                    for r2 in raws[(i + 1)...] {
                        if r2.level1 != nil { break }
                        if let v = r2.level2 { ahead = (v, r2.line); break }
                    }
                }
                if let (v, at) = ahead {
                    l2 = v
                    runs.add(.warning, "indicator.inferred-level2", key: v, index: i, line: r.line,
                             "二级目标 not printed on the rows above its merged cell; took `\(v)` printed at line \(at)", raw: r.raw)
                } else {
                    runs.add(.warning, "indicator.missing-level2", key: curL1 ?? "", index: i, line: r.line,
                             "二级目标 not printed for this group under `\(curL1 ?? "")`; left empty", raw: r.raw)
                }
            }
            var l1 = curL1
            if l1 == nil {
                if let v = Self.level1(forLevel2: l2) {
                    l1 = v
                    runs.add(.warning, "indicator.inferred-level1", key: v, index: i, line: r.line,
                             "一级目标 not printed; inferred `\(v)` from the 二级目标 (数量/质量/时效/成本 → 产出目标)", raw: r.raw)
                } else if let v = raws[(i + 1)...].lazy.compactMap(\.level1).first {
                    l1 = v
                    runs.add(.warning, "indicator.inferred-level1", key: v, index: i, line: r.line,
                             "一级目标 not printed; took the next printed `\(v)`", raw: r.raw)
                } else {
                    runs.add(.warning, "indicator.missing-level1", key: "", index: i, line: r.line,
                             "一级目标 not printed; left empty", raw: r.raw)
                }
            }
            levels[i] = (l1, l2)
        }
        reassignAcrossBreaks(raws, &levels, &sink)
        return raws.indices.filter { !raws[$0].levelsOnly }.map { i in
            let r = raws[i]
            return Indicator(level1: levels[i].l1 ?? "", level2: levels[i].l2 ?? "", level3: r.level3, target: r.target,
                             note: r.note, line: r.line)
        }
    }

    /// The shape of a target for comparing rows: `≥#%`, `=#小时`, or the words (`及时`).
    static func shape(_ t: Target) -> String {
        t.number != nil ? (t.comparator?.rawValue ?? "") + "#" + (t.unit ?? "") : t.text
    }

    /// A merged level cell split by a page break prints its text on one part only, usually the one
    /// after the break (001:441 belongs to `时效` printed at 443). Rows just before such a break that
    /// inherited their levels from above are moved to the group printed after the break when their
    /// target shapes match that group and none of the rows left above; otherwise, when the last row
    /// matches neither group, a warning asks a reviewer to confirm.
    func reassignAcrossBreaks(_ raws: [RawIndicator], _ levels: inout [(l1: String?, l2: String?)],
                              _ sink: inout DiagnosticSink) {
        func path(_ i: Int) -> String { "\(levels[i].l1 ?? "")/\(levels[i].l2 ?? "")" }
        for b in raws.indices where raws[b].afterBreak && raws[b].printsLevel {
            guard let s = raws[..<b].lastIndex(where: \.printsLevel), s < b - 1,
                  raws[(s + 1)..<b].allSatisfy({ !$0.levelsOnly }) else { continue }
            let end = raws[(b + 1)...].firstIndex(where: \.printsLevel) ?? raws.count
            let after = Set(raws[b..<end].filter { !$0.levelsOnly }.map { Self.shape($0.target) })
            let moveFrom = ((s + 1)..<b).first { k in
                let before = Set(raws[s..<k].filter { !$0.levelsOnly }.map { Self.shape($0.target) })
                return raws[k..<b].allSatisfy { after.contains(Self.shape($0.target)) && !before.contains(Self.shape($0.target)) }
            }
            if let k = moveFrom {
                let old = path(k)
                for r in k..<b { levels[r] = levels[b] }
                let shapes = Set(raws[k..<b].map { Self.shape($0.target) }).sorted().joined(separator: ", ")
                sink.add(.warning, "indicator.moved-across-break", line: raws[k].line,
                         "\(b - k) row(s) before the page break (lines \(raws[k].line)–\(raws[b - 1].line)) read as `\(path(b))`, the group printed after the break at line \(raws[b].line): their targets (\(shapes)) match it, not `\(old)` above",
                         raw: raws[k].raw)
            } else {
                let last = b - 1
                let shape = Self.shape(raws[last].target)
                let before = Set(raws[s..<last].filter { !$0.levelsOnly }.map { Self.shape($0.target) })
                if !after.contains(shape) && !before.contains(shape) {
                    sink.add(.warning, "indicator.ambiguous-across-break", line: raws[last].line,
                             "the row before the page break keeps `\(path(last))` from above, but the group `\(path(b))` printed after the break (line \(raws[b].line)) may start above it; confirm",
                             raw: raws[last].raw)
                }
            }
        }
    }
}

/// Collapses a repair repeated on consecutive rows (a page printed one column left, a level
/// inferred for a whole group) into one diagnostic that names the line range.
struct DeclarationRuns {
    struct Run {
        let severity: Diagnostic.Severity
        let code: String
        let key: String
        let message: String
        let raw: String
        var firstLine: Int
        var lastLine: Int
        var lastIndex: Int
        var count: Int
    }

    private(set) var runs: [Run] = []

    mutating func add(_ severity: Diagnostic.Severity, _ code: String, key: String, index: Int, line: Int,
                      _ message: String, raw: String) {
        if let k = runs.lastIndex(where: { $0.code == code }), runs[k].key == key, runs[k].lastIndex == index - 1 {
            runs[k].lastLine = line
            runs[k].lastIndex = index
            runs[k].count += 1
            return
        }
        runs.append(Run(severity: severity, code: code, key: key, message: message, raw: raw,
                        firstLine: line, lastLine: line, lastIndex: index, count: 1))
    }

    func flush(into sink: inout DiagnosticSink) {
        for r in runs {
            let extent = r.count == 1 ? "" : " (\(r.count) rows, lines \(r.firstLine)–\(r.lastLine))"
            sink.add(r.severity, r.code, line: r.firstLine, r.message + extent, raw: r.raw)
        }
    }
}
