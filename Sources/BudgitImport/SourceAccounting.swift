#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BudgitModel

/// The accounting pass of import: every non-blank cell of the source is part of a fact, a
/// printed label, or named in a diagnostic. A cell that is none of these gets a `text.unused`
/// diagnostic with its line and text, so that a parser that lost a fact (a row it did not
/// recognise, a value glued to a title) can never lose it silently.
///
/// The pass is independent of the parsers: it reads the facts they produced and the cells of
/// the source, so it also checks layouts added later. A cell is *covered* when, after removing
/// spaces and punctuation,
/// - it is a printed label or a value of a known list (``labels``), or only labels and marks;
/// - what is left after removing the labels it contains occurs in the text of a fact of the form
///   (or unit budget) whose lines hold the cell;
/// - it is an amount equal to one of that form's amounts (in 元 or in 万元), or a date equal to
///   one of its dates;
/// - a diagnostic on its line quotes it.
///
/// - Complexity: linear in the size of the source and of the facts (each cell is searched in
///   its own form's text only).
enum SourceAccounting {
    /// Adds a `text.unused` warning for each cell that no fact, label or diagnostic accounts for.
    static func account(_ src: SourceText, document doc: ImportedDocument, diagnostics sink: inout DiagnosticSink) {
        let scopes = Scope.all(of: doc)
        // Diagnostics by line, normalised only for the few cells nothing else accounts for.
        var quotedBy: [Int: [Int]] = [:]
        for (i, d) in sink.items.enumerated() { quotedBy[d.line, default: []].append(i) }
        let items = sink.items
        func quotes(_ line: Int) -> [[UInt8]] {
            (quotedBy[line] ?? []).map { normalized(items[$0].raw + "\u{1}" + items[$0].message) }
        }
        var unused: [(line: Int, text: String)] = []
        var scopeIndex = 0
        for line in src.lines where !line.isBlank {
            while scopeIndex < scopes.count && scopes[scopeIndex].lastLine < line.number { scopeIndex += 1 }
            let scope = scopeIndex < scopes.count && scopes[scopeIndex].firstLine <= line.number ? scopes[scopeIndex] : nil
            let facts = scope?.facts(near: line.number) ?? []
            for cell in line.clean where !cell.isEmpty {
                if covered(cell, facts: facts, dates: scope?.dates ?? [], quotes: { quotes(line.number) }) { continue }
                unused.append((line.number, cell))
            }
        }
        for u in unused {
            sink.add(.warning, "text.unused", line: u.line,
                     "this text is not part of any fact budgit read: check whether a value was lost, and correct the source or the canonical file",
                     raw: u.text)
        }
    }

    /// Whether one cleaned, non-empty cell is accounted for.
    static func covered(_ cell: String, facts: [FactText], dates: Set<String>, quotes: () -> [[UInt8]]) -> Bool {
        let norm = normalized(cell)
        if norm.isEmpty || wholeLabels.contains(norm) { return true }
        if facts.contains(where: { contains($0.text, norm) }) { return true }
        if consumed(norm[...], facts: facts) { return true }
        if let iso = DateParser.iso(cell), dates.contains(iso) { return true }
        let rest = trimmingLabels(norm)
        return quotes().contains { contains($0, rest) || contains($0, norm) }
    }

    /// Whether the whole text splits into labels, enumerators (`1`, `2` before a label), years
    /// (`2022年`), amounts of the scope, and runs of at least three characters that occur in
    /// its facts. A paragraph cell that holds several facts (`依据…必要性…可行性…`) or a funding
    /// row fused into one cell is accounted for this way.
    static func consumed(_ text: ArraySlice<UInt8>, facts: [FactText]) -> Bool {
        var t = text
        while !t.isEmpty {
            // One or two characters of a label split across cells (`项` / `目`, `指` / `标`).
            if t.count <= 6, normalizedLabels.contains(where: { contains($0, Array(t)) }) { return true }
            if let label = normalizedLabels.first(where: { t.starts(with: $0) }) {
                t = t.dropFirst(label.count); continue
            }
            let digits = t.prefix(while: { $0 >= 0x30 && $0 <= 0x39 })
            if !digits.isEmpty {
                let after = t.dropFirst(digits.count)
                if digits.count <= 2, after.isEmpty || normalizedLabels.contains(where: { after.starts(with: $0) }) {
                    t = after; continue
                }
                if digits.count == 4, after.isEmpty || after.starts(with: yearMark),
                   let y = Int(String(decoding: digits, as: UTF8.self)), (1990...2100).contains(y) {
                    t = after; continue
                }
                // A printed zero (`0`, `0.00`) is an empty amount.
                if digits.allSatisfy({ $0 == 0x30 }) { t = after; continue }
                // `0.0045` (万元) prints leading zeros; `4700001上级…` glues an enumerator on.
                if isAmount(digits, facts) { t = after; continue }
                if (1...2).contains(where: { k in
                    digits.count > k && isAmount(digits.dropLast(k), facts)
                        && normalizedLabels.contains(where: { after.starts(with: $0) }) }) {
                    t = after; continue
                }
            }
            let n = facts.map { longestPrefix(of: t, in: $0.text) }.max() ?? 0
            if n > 0 && n >= min(minimumRun, t.count) { t = t.dropFirst(n); continue }
            // A short value between two labels (`文字必要性`) counts when it is a fact's text.
            let end = nextLabel(in: t)
            let value = Array(t.prefix(end))
            guard end > 0, end < minimumRun, facts.contains(where: { contains($0.text, value) }) else { return false }
            t = t.dropFirst(end)
        }
        return true
    }

    /// Whether ASCII digits (leading zeros ignored) print one of the amounts.
    static func isAmount(_ digits: ArraySlice<UInt8>, _ facts: [FactText]) -> Bool {
        let significant = Array(digits.drop(while: { $0 == 0x30 }))
        return significant.isEmpty || facts.contains { $0.amountTokens.contains(significant) }
    }

    /// Where the first label in `t` starts (its length when none does).
    static func nextLabel(in t: ArraySlice<UInt8>) -> Int {
        var i = t.startIndex
        while i < t.endIndex {
            let rest = t[i...]
            if normalizedLabels.contains(where: { rest.starts(with: $0) }) { return i - t.startIndex }
            i += 1
        }
        return t.count
    }

    /// Runs shorter than three CJK characters do not count as found in a fact's text.
    static let minimumRun = 9
    static let yearMark = Array("年".utf8)

    /// The length of the longest prefix of `t` that occurs in `hay` (containment is monotone in
    /// the prefix length, so a binary search finds it).
    static func longestPrefix(of t: ArraySlice<UInt8>, in hay: [UInt8]) -> Int {
        var lo = 0, hi = t.count
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if contains(hay, Array(t.prefix(mid))) { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    // MARK: - Scopes

    /// The text and amounts of some facts, normalised.
    struct FactText {
        /// Normalised text of every fact, separated by 0x01.
        var text: [UInt8] = []
        /// Every amount as the digits a document may print it with (元 with 0–2 decimals, 万元
        /// with 0–6), punctuation removed as in ``normalized(_:)``.
        var amountTokens: Set<[UInt8]> = []

        mutating func add(_ s: String?) {
            guard let s, !s.isEmpty else { return }
            text.append(contentsOf: normalized(s))
            text.append(1)
        }

        mutating func addAmount(_ m: Money) {
            let fen = m.fen.magnitude
            var divisor: UInt64 = 1
            for _ in 0...6 {
                guard fen % divisor == 0 else { break }
                amountTokens.insert(Array(String(fen / divisor).utf8))
                divisor *= 10
            }
        }
    }

    /// The facts of one form or unit budget: those that name no line (a form's name, goals,
    /// details) and those read from one line (an indicator, a funding line, a table row), which
    /// account only for the cells of their line and its neighbours (a merged cell's text may sit
    /// one row off).
    struct Scope {
        var firstLine: Int
        var lastLine: Int
        var general = FactText()
        var byLine: [Int: FactText] = [:]
        /// Facts read from a run of lines (a narrative section, a table's title and columns).
        var regions: [(lines: ClosedRange<Int>, facts: FactText)] = []
        var dates: Set<String> = []

        /// The facts that may account for a cell of line `n`.
        func facts(near n: Int) -> [FactText] {
            [general] + (n - 1...n + 1).compactMap { byLine[$0] } + regions.filter { $0.lines.contains(n) }.map(\.facts)
        }

        mutating func add(_ s: String?, line: Int) { byLine[line, default: FactText()].add(s) }
        mutating func addAmount(_ m: Money, line: Int) { byLine[line, default: FactText()].addAmount(m) }

        /// One scope per form and one for the unit budget, sorted by first line; overlapping
        /// scopes (a unit budget that holds declarations) are split so that each line has one.
        static func all(of doc: ImportedDocument) -> [Scope] {
            var scopes: [Scope] = doc.projects.map(Scope.init(form:))
            if let ub = doc.unitBudget {
                var s = Scope(budget: ub)
                // Declarations follow the tables: the budget's scope ends before the first form.
                if let firstForm = scopes.map(\.firstLine).min(), firstForm > s.firstLine {
                    s.lastLine = min(s.lastLine, firstForm - 1)
                }
                scopes.append(s)
            }
            scopes.sort { ($0.firstLine, $0.lastLine) < ($1.firstLine, $1.lastLine) }
            // Each line belongs to the first scope that starts at or before it.
            for i in scopes.indices.dropLast() where scopes[i].lastLine >= scopes[i + 1].firstLine {
                scopes[i].lastLine = scopes[i + 1].firstLine - 1
            }
            return scopes.filter { $0.lastLine >= $0.firstLine }
        }

        init(form f: ProjectForm) {
            firstLine = f.source.firstLine
            lastLine = f.source.lastLine
            for s in [f.name, f.unit, f.department, f.startDate, f.endDate, f.goalPeriod, f.overallGoal, f.annualGoal] { general.add(s) }
            for c in f.categories { general.add(c) }
            for a in f.attributes { general.add(a.label); general.add(a.text) }
            for c in f.contacts { general.add(c.role); general.add(c.name); general.add(c.phone) }
            for d in f.details {
                general.add(d.label); general.add(d.text)
                if let m = Money(canonical: d.text) { general.addAmount(m) }
            }
            for l in f.funds { addAmount(l.amount, line: l.line) }
            for i in f.indicators {
                for s in [i.level1, i.level2, i.level3, i.target.text, i.note] { add(s, line: i.line) }
            }
            for b in f.breakdown {
                for s in [b.name, b.content, b.detail, b.unitPrice, b.priceBasis, b.quantity, b.quantityBasis, b.note] { add(s, line: b.line) }
                if let a = b.amount { addAmount(a, line: b.line) }
            }
            for g in f.guarantees {
                for s in [g.category, g.document, g.measures] { add(s, line: g.line) }
                for m in g.stages { add(m.stage, line: g.line); add(m.mark, line: g.line) }
            }
            for d in [f.startDate, f.endDate] { if let d { dates.insert(d) } }
        }

        init(budget b: UnitBudget) {
            firstLine = b.source.firstLine
            lastLine = b.source.lastLine
            general.add(b.unit); general.add(b.title)
            // A section's paragraphs and a table's title, columns and remark account for the
            // lines from where they start to where the next one starts: the narrative repeats
            // the tables' figures, and must not account for a table row that was lost.
            var starts: [(line: Int, facts: FactText)] = []
            for sec in b.sections {
                var f = FactText()
                f.add(sec.heading); for p in sec.paragraphs { f.add(p) }
                starts.append((sec.line, f))
            }
            for t in b.tables {
                var f = FactText()
                f.add(t.title); f.add(t.remark)
                for c in t.columns { f.add(c) }
                starts.append((t.line, f))
                for r in t.rows {
                    add(r.name, line: r.line)
                    if let code = r.code { for p in code.parts { add(p, line: r.line) } }
                    for a in r.amounts { if let a { addAmount(a, line: r.line) } }
                }
            }
            starts.sort { $0.line < $1.line }
            for (k, st) in starts.enumerated() {
                let end = k + 1 < starts.count ? max(st.line, starts[k + 1].line - 1) : max(st.line, lastLine)
                regions.append((st.line...end, st.facts))
            }
        }
    }

    // MARK: - Text

    /// The text without spaces and punctuation, as UTF-8 (labels and values compare on their
    /// words and digits, whatever brackets, colons or full-width forms the print used).
    static func normalized(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            var v = u.value
            // Full-width ASCII (！ … ～) reads as its ASCII letter or digit.
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }
            if v < 0x80 {
                if ignoredASCII & (1 << UInt128(v)) == 0 { out.append(UInt8(v)) }
                continue
            }
            if ignored.contains(v) { continue }
            if let scalar = Unicode.Scalar(v) { UTF8.encode(scalar) { out.append($0) } }
        }
        return out
    }

    /// The ASCII characters of ``ignored``, as bits.
    static let ignoredASCII: UInt128 = ignored.filter { $0 < 0x80 }.reduce(0) { $0 | (1 << UInt128($1)) }

    /// Spaces, punctuation and box marks, which carry no fact on their own.
    static let ignored: Set<UInt32> = {
        var s = Set<UInt32>()
        for u in " \t\r\u{A0}\u{3000}\u{200B}:：;；,，、.。·()（）[]【】〔〕<>《》\"'“”‘’*＊_-－—–/／\\|~～?？!！#".unicodeScalars { s.insert(u.value) }
        for u in "□■☑☐☒√✓✔×✗".unicodeScalars { s.insert(u.value) }
        return s
    }()

    /// Whether `needle` occurs in `hay` (bytes).
    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard hay.count >= needle.count else { return false }
        // memchr for the needle's last byte (for CJK text a continuation byte, which varies
        // more than lead bytes), then memcmp of the whole needle.
        return hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                guard let hb = h.baseAddress, let nb = n.baseAddress else { return false }
                let m = n.count, lastByte = Int32(nb[m - 1])
                var i = m - 1
                while i < h.count {
                    guard let p = memchr(hb + i, lastByte, h.count - i) else { return false }
                    let at = hb.distance(to: p.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hb + (at - m + 1), nb, m) == 0 { return true }
                    i = at + 1
                }
                return false
            }
        }
    }

    /// The text without the printed labels at its start and end (`项目名称XYZ` → `XYZ`,
    /// `专项资金□经常性项目■` → empty), longest label first. Labels inside the text stay.
    static func trimmingLabels(_ norm: [UInt8]) -> [UInt8] {
        var t = norm[...]
        var changed = true
        while changed && !t.isEmpty {
            changed = false
            for label in normalizedLabels where t.count >= label.count {
                if t.starts(with: label) { t = t.dropFirst(label.count); changed = true; break }
                if t.suffix(label.count).elementsEqual(label) { t = t.dropLast(label.count); changed = true; break }
            }
        }
        return Array(t)
    }

    /// Labels that may stand beside other text in one cell (`项目资金(万元)`, `一、项目总预算`):
    /// those of three characters or more, units and enumerators. Short words that can also be
    /// a value (`目标`, `年度`, `其他`, `合计`) account for a cell only when they are all of it,
    /// so that a goal `年度目标` is not taken for two labels.
    static let normalizedLabels: [[UInt8]] = labels
        .filter { $0.count >= 3 || ["万元", "元", "其中", "依据", "盖章", "阶段", "描述", "保障", "单位", "电话", "编码", "名称", "备注", "说明", "附件", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"].contains($0) }
        .map { normalized($0) }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }

    /// Every label, for cells that are exactly one label.
    static let wholeLabels: Set<[UInt8]> = Set(labels.map { normalized($0) })

    /// Labels, headings and fixed values the documents print, which are structure, not facts.
    static let labels: [String] = [
        // Titles
        "财政项目支出绩效目标表", "财政项目支出绩效目标申报表", "项目支出绩效目标申报表", "绩效目标申报表",
        "项目总体情况", "绩效目标", "制度保障", "年度",
        // Header rows
        "项目名称", "项目类别", "项目性质", "项目属性", "主管部门", "实施单位", "预算单位", "填报单位",
        "计划开始日期", "计划完成日期", "起始日期", "结束日期", "项目起止时间", "项目期限", "填报日期",
        "项目负责人", "联系人", "联系电话", "电话", "填报单位负责人", "填表人", "单位负责人", "经办人",
        "专项资金", "经常性项目", "一次性项目", "延续性项目", "新增项目", "其他",
        // Funding
        "项目资金", "万元", "元", "金额单位", "单位", "项目资金总额", "年度资金申请总额", "年度资金总额",
        "其中", "财政资金", "当年财政拨款", "财政拨款", "上年结转资金", "上年结转", "其他资金",
        "项目总预算", "当年预算", "上级财政拨款", "本级财政安排", "下级财政配套", "资金来源",
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
        // Goals and indicators
        "项目总目标", "年度总体目标", "项目绩效目标", "绩效", "目标", "指标",
        "绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "年度指标值", "指标内容", "指标名称",
        "备注", "描述", "说明",
        // Breakdown and guarantees
        "项目构成", "项目构成分解", "项目内容", "项目明细", "明细金额", "金额", "单价", "数量", "依据",
        "单价依据", "数量依据", "金额合计", "数量合计", "合计", "小计", "总计",
        "项目管理制度", "预算管理制度", "财务管理制度", "文件名称", "具体措施", "制度名称",
        "立项和计划阶段", "实施阶段", "验收阶段", "绩效评价阶段", "阶段",
        // Unit budgets
        "单位预算", "区级单位预算", "单位财务收支预算总表", "功能分类科目", "经济分类科目", "科目编码",
        "科目名称", "类", "款", "项", "收入", "支出", "基本支出", "项目支出", "本年收入", "本年支出",
        "第", "页", "共", "编码", "名称", "部门经济分类",
        // Declarations (2020)
        "盖章", "中期预算试点项目", "项目概况", "项目立项情况", "必要性", "可行性", "需要说明的其他问题",
        "填报人", "附件", "主体活动", "作业任务和对应产出的详细", "作业任务和对应产生的详细", "构成明细", "目构成分解", "一级目标", "二级目标", "三级目标", "目标值", "指标描述", "年度绩效目标", "年度项目指标值", "项目指标值", "绩效指",
        "值", "级", "保障",
    ]
}
