import BudgitModel

/// Part 1 of a 2020 declaration: `财政项目支出绩效目标申报表（项目总体情况）`.
extension DeclarationReader {
    /// The row labels of part 1's table (c1).
    enum OverviewField: Equatable {
        case name, category, contacts, dates, overview, approval, funds, resources, overallGoal, annualGoal, otherIssues

        init?(label: String) {
            let k = Cell.compact(label)
            if k.hasPrefix("项目名称") { self = .name }
            else if k.hasPrefix("项目类别") { self = .category }
            else if k.hasPrefix("项目负责人") { self = .contacts }
            else if k.hasPrefix("起始日期") { self = .dates }
            else if k == "项目概况" { self = .overview }
            else if k.hasPrefix("项目立项") { self = .approval }
            else if k == "项目资金" { self = .funds }
            else if k.hasPrefix("项目相关资源") { self = .resources }
            else if k == "项目总目标" { self = .overallGoal }
            else if k.hasSuffix("年度绩效目标") { self = .annualGoal }
            else if k.hasPrefix("需要说明") { self = .otherIssues }
            else { return nil }
        }

        /// The label stored in ``ProjectForm/details`` for free-text rows.
        var detailLabel: String? {
            switch self {
            case .overview: return "项目概况"
            case .resources: return "项目相关资源投入和制度建设情况"
            case .otherIssues: return "需要说明的其他问题"
            default: return nil
            }
        }
    }

    struct OverviewState {
        var current: OverviewField?
        /// Index in `details` of the 立项 section being read (依据 / 必要性 / 可行性).
        var approvalIndex: Int?
        /// Index in `details` of the last free-text row, for rows that continue it.
        var textIndex: Int?
        /// The funding lines read so far and where, to spot a block printed twice.
        var funds: [FundKind: (amount: Money, line: Int)] = [:]
        /// Collapses the notes of a funding block repeated over consecutive lines.
        var runs = DeclarationRuns()
    }

    mutating func readOverview(_ lines: ClosedRange<Int>, _ sink: inout DiagnosticSink) {
        var st = OverviewState()
        var sawUnit = false
        for n in lines {
            let line = src.line(n)
            if line.isBlank || DeclarationParser.isRule(line) { continue }
            let cells = DeclarationParser.trimmedCells(line)
            if cells.count <= 1, let text = cells.first {
                let k = Cell.compact(text)
                if form.year == 0, st.current == nil, let y = DeclarationParser.year(in: text) { form.year = y; continue }
                if k.hasPrefix("填报单位负责人") || k.hasPrefix("填表人") || k.hasPrefix("填报人") {
                    let role = k.hasPrefix("填报单位负责人") ? "填报单位负责人" : (k.hasPrefix("填表人") ? "填表人" : "填报人")
                    let name = DeclarationParser.value(after: role, in: text)
                    if !name.isEmpty { form.contacts.append(Contact(role: role, name: name)) }
                    continue
                }
                if k.hasPrefix("填报日期") {
                    let date = DeclarationParser.value(after: "填报日期", in: text)
                    if !date.isEmpty { form.details.append(LabeledText(label: "填报日期", text: DateParser.iso(date) ?? date)) }
                    continue
                }
                if k.hasPrefix("填报单位") {
                    form.unit = unitName(in: text)
                    continue
                }
                if k.contains("额单位") {
                    sawUnit = true
                    if let u = DeclarationParser.moneyUnit(afterLabelIn: text) { overviewUnit = u } else {
                        sink.add(.warning, "declaration.unit-unknown", line: n,
                                 "the amount unit of part 1 cannot be read; amounts read in 元", raw: text)
                    }
                    continue
                }
            }
            readOverviewRow(line, cells, &st, &sink)
        }
        st.runs.flush(into: &sink)
        if !sawUnit {
            sink.add(.warning, "declaration.unit-unknown", line: span.lowerBound,
                     "part 1 prints no 金额单位; amounts read in 元", raw: src.line(span.lowerBound).excerpt)
        }
        if form.name.isEmpty {
            sink.add(.error, "declaration.name-missing", line: span.lowerBound, "part 1 prints no 项目名称",
                     raw: src.line(span.lowerBound).excerpt)
        }
    }

    /// `填报单位（盖章）：服务办` → `服务办`; `填报单位（盖章）` → "".
    func unitName(in text: String) -> String {
        var rest = Substring(text)
        if let close = rest.firstIndex(where: { $0 == "）" || $0 == ")" }) { rest = rest[rest.index(after: close)...] }
        else { rest = rest.dropFirst("填报单位".count) }
        rest = rest.drop { $0 == " " || $0 == ":" || $0 == "：" }
        return rest.trimmingSpaces()
    }

    mutating func readOverviewRow(_ line: SourceText.Line, _ cells: [String], _ st: inout OverviewState,
                                  _ sink: inout DiagnosticSink) {
        let n = line.number
        let c1 = cells.first ?? ""
        let field = OverviewField(label: c1)
        if field == nil || field == .funds {
            if readFunds(cells, line: n, &st, &sink) { st.current = .funds; return }
            if field == .funds { st.current = .funds; return }
        }
        let rest = Array(cells.dropFirst())
        let restRaw = Array(line.cells.dropFirst()).filter { !Cell.clean($0).isEmpty }
        guard let field else {
            if c1.isEmpty {
                readContinuation(line, &st, &sink)
            } else {
                let text = rest.filter { !$0.isEmpty }.joined(separator: " ")
                form.details.append(LabeledText(label: Cell.compact(c1), text: text))
                sink.add(.warning, "declaration.unknown-row", line: n,
                         "part 1 row label `\(c1)` is not one of the form's labels; kept it as a detail", raw: line.excerpt)
            }
            return
        }
        st.current = field
        let text = rest.filter { !$0.isEmpty }.joined(separator: " ")
        switch field {
        case .name:
            if form.name.isEmpty { form.name = text } else if Cell.compact(text) != Cell.compact(form.name) {
                sink.add(.warning, "declaration.name-mismatch", line: n,
                         "a second 项目名称 `\(text)` in part 1; kept `\(form.name)`", raw: line.excerpt)
            }
        case .category:
            readCategories(rest.joined(separator: " "), line: n, raw: line.excerpt, &sink)
        case .contacts:
            readContacts(cells, line: n, raw: line.excerpt, &sink)
        case .dates:
            readDates(cells, line: n, raw: line.excerpt, &sink)
        case .approval:
            addApproval(restRaw, line: n, &st, &sink)
        case .overview, .resources, .otherIssues:
            if !text.isEmpty {
                form.details.append(LabeledText(label: field.detailLabel!, text: text))
                st.textIndex = form.details.count - 1
            } else {
                st.textIndex = nil
            }
        case .overallGoal:
            form.overallGoal = text.isEmpty ? nil : text
        case .annualGoal:
            form.annualGoal = text.isEmpty ? nil : text
        case .funds:
            break
        }
    }

    /// A row with an empty c1 that is not a funding row: 立项 paragraphs (also before their label,
    /// 1500/1720), or text continuing the row above.
    mutating func readContinuation(_ line: SourceText.Line, _ st: inout OverviewState, _ sink: inout DiagnosticSink) {
        let n = line.number
        let raws = line.cells.filter { !Cell.clean($0).isEmpty }
        guard let firstRaw = raws.first else { return }
        if let p = Self.paragraphs(firstRaw).first, Self.leadingMarker(Substring(p)) != nil {
            if st.current != .approval && st.approvalIndex == nil {
                sink.add(.note, "declaration.approval-before-label", line: n,
                         "依据/必要性/可行性 paragraph before (or without) the 项目立项情况 label; read it as 项目立项情况",
                         raw: line.excerpt)
            }
            addApproval(raws, line: n, &st, &sink)
            st.current = .approval
            return
        }
        let text = line.nonEmpty.joined(separator: " ")
        switch st.current {
        case .approval where st.approvalIndex != nil:
            addApproval(raws, line: n, &st, &sink)
        case .overview?, .resources?, .otherIssues?:
            if let k = st.textIndex { form.details[k].text += " " + text } else {
                form.details.append(LabeledText(label: st.current!.detailLabel!, text: text))
                st.textIndex = form.details.count - 1
            }
            sink.add(.note, "declaration.continued-cell", line: n,
                     "row without a label continues the one above; appended its text", raw: String(text.prefix(80)))
        case .overallGoal?:
            form.overallGoal = [form.overallGoal ?? "", text].filter { !$0.isEmpty }.joined(separator: " ")
            sink.add(.note, "declaration.continued-cell", line: n, "row continues 项目总目标; appended its text",
                     raw: String(text.prefix(80)))
        case .annualGoal?:
            form.annualGoal = [form.annualGoal ?? "", text].filter { !$0.isEmpty }.joined(separator: " ")
            sink.add(.note, "declaration.continued-cell", line: n, "row continues 年度绩效目标; appended its text",
                     raw: String(text.prefix(80)))
        default:
            sink.add(.warning, "declaration.unread-row", line: n,
                     "part 1 row without a label could not be attached to a field; not stored", raw: line.excerpt)
        }
    }

    // MARK: 项目立项情况 (依据, 必要性, 可行性)

    /// Splits raw cell text into paragraphs at `<p>` tags, each cleaned.
    static func paragraphs(_ raw: String) -> [String] {
        var parts: [String] = []
        var cur = ""
        var i = raw.startIndex
        while i < raw.endIndex {
            if raw[i] == "<", raw[i...].hasPrefix("<p>") || raw[i...].hasPrefix("<p "),
               let close = raw[i...].firstIndex(of: ">") {
                parts.append(cur); cur = ""
                i = raw.index(after: close)
                continue
            }
            cur.append(raw[i])
            i = raw.index(after: i)
        }
        parts.append(cur)
        return parts.map(Cell.clean).filter { !$0.isEmpty }
    }

    static let approvalMarkers = ["依据", "必要性", "可行性"]

    /// `依据：…` → (`依据`, `…`) when the paragraph starts with a marker and a colon.
    static func leadingMarker(_ s: Substring) -> (marker: String, rest: Substring)? {
        for m in approvalMarkers where s.hasPrefix(m) {
            var rest = s.dropFirst(m.count).drop { $0 == " " }
            guard let f = rest.first, f == ":" || f == "：" else { continue }
            rest = rest.dropFirst().drop { $0 == " " }
            return (m, rest)
        }
        return nil
    }

    mutating func addApproval(_ raws: [String], line n: Int, _ st: inout OverviewState, _ sink: inout DiagnosticSink) {
        for raw in raws {
            for p in Self.paragraphs(raw) {
                if let (marker, rest) = Self.leadingMarker(Substring(p)) {
                    var text = rest
                    if let (again, rest2) = Self.leadingMarker(rest) {
                        if again == marker {
                            text = rest2
                            sink.add(.note, "declaration.doubled-prefix", line: n,
                                     "dropped the doubled prefix `\(marker)：\(marker)：`", raw: String(p.prefix(40)))
                        } else {
                            sink.add(.warning, "declaration.mixed-prefix", line: n,
                                     "the \(marker) paragraph starts with a second prefix `\(again)：`; kept it in the text",
                                     raw: String(p.prefix(40)))
                        }
                    }
                    form.details.append(LabeledText(label: marker, text: String(text)))
                    st.approvalIndex = form.details.count - 1
                } else if let k = st.approvalIndex {
                    form.details[k].text += form.details[k].text.isEmpty ? p : " " + p
                } else {
                    form.details.append(LabeledText(label: "项目立项情况", text: p))
                    st.approvalIndex = form.details.count - 1
                    sink.add(.warning, "declaration.approval-unlabelled", line: n,
                             "立项 text does not start with 依据/必要性/可行性; stored under 项目立项情况", raw: String(p.prefix(40)))
                }
            }
        }
    }

    // MARK: 项目资金

    static func fundKind(_ keyword: Substring) -> FundKind {
        switch keyword {
        case "项目总预算": return .total
        case "当年预算": return .annual
        case "上级财政拨款": return .upperLevel
        case "本级财政安排": return .ownLevel
        case "下级财政配套": return .lowerLevel
        case "其他资金": return .otherAnnual
        default: return .currentAppropriation
        }
    }

    /// Reads every funding label in the row's cells: `label：amount` in one cell, the amount in the
    /// next non-empty cell, or several pairs flattened into one cell (the HTML table at 1187/1503).
    /// A block printed again keeps the first reading and records a diagnostic.
    /// - Returns: whether the row holds any funding label.
    mutating func readFunds(_ cells: [String], line n: Int, _ st: inout OverviewState, _ sink: inout DiagnosticSink) -> Bool {
        // ` *`, not `\s*`: cells are cleaned (spaces collapsed), and `\s*` before a failing
        // alternative backtracks over a run of other whitespace at every start: quadratic.
        let regex = #/(?:[一二] *[、，,]|[（(] *[一二] *[)）]|[123] *[.．、])? *(项目总预算|当年预算|上级财政拨款|本级财政安排|下级财政配套|财政拨款|其他资金) *[:：]?/#
        func startsWithLabel(_ s: String) -> Bool {
            s.firstMatch(of: regex).map { $0.range.lowerBound == s.startIndex } ?? false
        }
        var found = false
        var repeated: [String] = []
        var firstLines: [Int] = []
        var i = 0
        while i < cells.count {
            let cell = cells[i]
            let matches = cell.matches(of: regex)
            guard let first = matches.first, first.range.lowerBound == cell.startIndex else { i += 1; continue }
            found = true
            for (k, m) in matches.enumerated() {
                let kind = Self.fundKind(m.output.1)
                let label = String(cell[m.range]).trimmingSpaces()
                let end = k + 1 < matches.count ? matches[k + 1].range.lowerBound : cell.endIndex
                var text = cell[m.range.upperBound..<end].trimmingSpaces()
                if text.isEmpty, k == matches.count - 1,
                   let j = cells.indices.dropFirst(i + 1).first(where: { !cells[$0].isEmpty }), !startsWithLabel(cells[j]) {
                    text = cells[j]
                    i = j
                }
                guard !text.isEmpty else {
                    sink.add(.warning, "declaration.fund-missing", line: n,
                             "`\(label)` has no amount; no funding line stored", raw: label)
                    continue
                }
                guard let amount = sink.amount(text, unit: overviewUnit, line: n, what: label) else { continue }
                if let prev = st.funds[kind] {
                    if prev.amount == amount {
                        repeated.append("\(label) \(text)")
                        firstLines.append(prev.line)
                    } else {
                        sink.add(.warning, "declaration.conflicting-funding", line: n,
                                 "`\(label)` is printed again as \(amount) 元 but was \(prev.amount) 元 at line \(prev.line); kept the first",
                                 raw: "\(label)\(text)")
                    }
                    continue
                }
                st.funds[kind] = (amount, n)
                form.funds.append(FundLine(kind: kind, amount: amount, sourceUnit: overviewUnit, line: n))
            }
            i += 1
        }
        if !repeated.isEmpty {
            let from = firstLines.min()!
            let whereText = from == n ? "earlier on the same line" : "at line \(from)"
            st.runs.add(.note, "declaration.duplicate-funding", key: "funds", index: n, line: n,
                        "the funding block is printed again with the amounts first read \(whereText); kept the first reading",
                        raw: repeated.joined(separator: "; "))
        }
        return found
    }

    // MARK: 项目类别, contacts, dates

    /// Ticked options, with the box before (`■ 经常性项目`) or after (`经常性项目 ■`) its label.
    mutating func readCategories(_ text: String, line n: Int, raw: String, _ sink: inout DiagnosticSink) {
        let ticked: Set<Character> = ["■", "√", "✓", "✔", "☑"]
        let empty: Set<Character> = ["□", "☐"]
        var tokens: [(box: Character?, text: String)] = []
        var cur = ""
        func flush() {
            let t = cur.trimmingSpaces()
            if !t.isEmpty { tokens.append((nil, t)) }
            cur = ""
        }
        for ch in text {
            if ticked.contains(ch) || empty.contains(ch) { flush(); tokens.append((ch, "")) } else { cur.append(ch) }
        }
        flush()
        let boxFirst = tokens.first?.box != nil
        var unboxed: [String] = []
        for (k, t) in tokens.enumerated() where t.box == nil {
            let partner = boxFirst ? (k > 0 ? tokens[k - 1].box : nil) : (k + 1 < tokens.count ? tokens[k + 1].box : nil)
            guard let box = partner else { unboxed.append(t.text); continue }
            if ticked.contains(box) { form.categories.append(t.text) }
        }
        if !unboxed.isEmpty {
            sink.add(.warning, "declaration.category-unboxed", line: n,
                     "项目类别 option(s) without a box: \(unboxed.joined(separator: ", ")); not counted as ticked", raw: raw)
        }
        if form.categories.isEmpty {
            sink.add(.warning, "declaration.no-category", line: n, "no 项目类别 option is ticked", raw: raw)
        }
    }

    /// `项目负责人：⇥N⇥联系人：⇥N⇥联系电话：N` with labels and values fused or in separate cells.
    mutating func readContacts(_ cells: [String], line n: Int, raw: String, _ sink: inout DiagnosticSink) {
        let labels: [(printed: String, role: String)] = [("项目负责人", "项目负责人"), ("联系人", "联系人"),
                                                          ("联系电话", "联系电话"), ("联系电", "联系电话")]
        func label(_ c: String) -> (printed: String, role: String)? {
            let k = Cell.compact(c)
            return labels.first { k.hasPrefix($0.printed) }
        }
        let ne = cells.filter { !$0.isEmpty }
        var i = 0
        while i < ne.count {
            guard let (printed, role) = label(ne[i]) else {
                sink.add(.warning, "declaration.unread-cell", line: n, "contact cell `\(ne[i])` has no label; not stored", raw: raw)
                i += 1
                continue
            }
            var v = DeclarationParser.value(after: printed, in: ne[i])
            if v.isEmpty, i + 1 < ne.count, label(ne[i + 1]) == nil { v = ne[i + 1]; i += 1 }
            i += 1
            if printed == "联系电" {
                sink.add(.note, "ocr.truncated-label", line: n, "read the truncated label `联系电` as 联系电话", raw: raw)
            }
            guard !v.isEmpty else { continue }
            if role == "联系电话" {
                if let k = form.contacts.lastIndex(where: { $0.role == "联系人" }) ?? form.contacts.indices.last {
                    form.contacts[k].phone = v
                } else {
                    form.contacts.append(Contact(role: "联系人", name: "", phone: v))
                }
            } else {
                form.contacts.append(Contact(role: role, name: v))
            }
        }
    }

    /// `起始日期：⇥2020-01-01⇥⇥结束日期：⇥2020-12-31`.
    mutating func readDates(_ cells: [String], line n: Int, raw: String, _ sink: inout DiagnosticSink) {
        let ne = cells.filter { !$0.isEmpty }
        func label(_ c: String) -> String? {
            let k = Cell.compact(c)
            return ["起始日期", "结束日期"].first { k.hasPrefix($0) }
        }
        var i = 0
        while i < ne.count {
            guard let l = label(ne[i]) else {
                sink.add(.warning, "declaration.unread-cell", line: n, "date cell `\(ne[i])` has no label; not stored", raw: raw)
                i += 1
                continue
            }
            var v = DeclarationParser.value(after: l, in: ne[i])
            if v.isEmpty, i + 1 < ne.count, label(ne[i + 1]) == nil { v = ne[i + 1]; i += 1 }
            i += 1
            guard !v.isEmpty else { continue }
            let iso = DateParser.iso(v)
            if iso == nil {
                sink.add(.warning, "declaration.unreadable-date", line: n, "\(l) `\(v)` is not a date; kept the text", raw: raw)
            }
            if l == "起始日期" { form.startDate = iso ?? v } else { form.endDate = iso ?? v }
        }
    }
}
