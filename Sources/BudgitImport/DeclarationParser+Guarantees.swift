import BudgitModel

/// Part 3 of a 2020 declaration: `项目支出绩效目标申报表(制度保障)`.
extension DeclarationReader {
    static let stageMarks: Set<Character> = ["√", "✓", "✔", "×", "✗", "□", "■", "☑", "☐"]

    /// `项目管理制度`, `预算管理制度`, `财务管理制度`.
    static func isGuaranteeCategory(_ compact: String) -> Bool {
        compact.hasSuffix("管理制度") && compact.count <= 8
    }

    /// A stage cell: `立项和计划阶段 √`, `<p>实施阶段 实施阶段 √</p>`, `收尾和完成 阶段 ×`.
    static func isStageCell(_ s: String) -> Bool {
        let k = Cell.compact(s)
        return k.contains("阶段") && (k.hasPrefix("立项") || k.hasPrefix("实施") || k.hasPrefix("收尾"))
    }

    mutating func readGuarantees(_ lines: ClosedRange<Int>, _ sink: inout DiagnosticSink) {
        var category: String?
        // Rows that inherited their category, in the page part being read and in the one before the
        // last page break: a category printed right after a break may cover them (see LAYOUTS).
        var inherited: [Int] = [], inheritedBeforeBreak: [Int] = [], afterBreak = false
        for n in lines.dropFirst() {
            let line = src.line(n)
            if line.isBlank {
                if !afterBreak { inheritedBeforeBreak = inherited; inherited = [] }
                afterBreak = true
                continue
            }
            if DeclarationParser.isRule(line) { continue }
            let cells = DeclarationParser.trimmedCells(line)
            let first = cells.first ?? ""
            let k = Cell.compact(first)
            if k.hasPrefix("项目名称") {
                let name = DeclarationParser.value(after: "项目名称", in: first)
                if !name.isEmpty { otherNames.append((name, n)) }
                continue
            }
            if cells.count <= 1, let y = DeclarationParser.year(in: first) { otherYears.append((y, n)); continue }
            if cells.map(Cell.compact).contains("文件名称") { continue }  // header: 制度保障 文件名称 具体措施 保障阶段
            guard let s = cells.firstIndex(where: Self.isStageCell) else {
                sink.add(.warning, "declaration.unread-row", line: n,
                         "part 3 row without stage cells not understood; not stored", raw: line.excerpt)
                continue
            }
            var text = Array(cells[..<s])
            if text.count == 2 && !Self.isGuaranteeCategory(Cell.compact(text[0])) {
                // 5-field rows (820–822): the empty c1 vanished at a page break.
                text.insert("", at: 0)
                sink.add(.note, "guarantee.missing-leading-cell", line: n,
                         "row starts with the document (empty 制度保障 cell lost at a page break); read c1 as 文件名称",
                         raw: line.excerpt)
            }
            while text.count < 3 { text.append("") }
            if text.count > 3 {
                let measures = text[2...].filter { !$0.isEmpty }.joined(separator: " ")
                text = Array(text[..<2]) + [measures]
                sink.add(.warning, "guarantee.extra-cells", line: n, "more than three cells before the stages; joined them into 具体措施",
                         raw: line.excerpt)
            }
            if !text[0].isEmpty {
                let printed = Cell.compact(text[0])
                if afterBreak, !inheritedBeforeBreak.isEmpty, let above = category, above != printed {
                    let rows = inheritedBeforeBreak
                    sink.add(.warning, "guarantee.category-across-break", line: rows[0],
                             "\(rows.count) row(s) before the page break (lines \(rows[0])–\(rows.last!)) keep the category `\(above)` from above, but `\(printed)` printed after the break (line \(n)) may cover them; confirm",
                             raw: src.line(rows[0]).excerpt)
                }
                category = printed
                inherited = []
            } else {
                inherited.append(n)
            }
            afterBreak = false
            inheritedBeforeBreak = []
            if category == nil {
                sink.add(.warning, "guarantee.no-category", line: n, "no 制度保障 category above this row; left empty", raw: line.excerpt)
            }
            var document = text[1], measures = text[2]
            if document.isEmpty && !measures.isEmpty {
                document = measures
                measures = ""
                sink.add(.warning, "guarantee.shifted-document", line: n,
                         "文件名称 is empty and the text sits in the 具体措施 column; read it as 文件名称", raw: line.excerpt)
            }
            var joinedCells: [String] = []
            if !document.isEmpty {
                let (out, did) = DeclarationParser.joinFragments(document)
                if did { document = out; joinedCells.append("文件名称") }
            }
            let (stages, splitStages) = readStages(Array(cells[s...]), line: n, raw: line.excerpt, &sink)
            if splitStages { joinedCells.append("保障阶段") }
            if !joinedCells.isEmpty {
                sink.add(.note, "ocr.joined-fragments", line: n,
                         "joined OCR fragments in \(joinedCells.joined(separator: ", "))", raw: line.excerpt)
            }
            form.guarantees.append(Guarantee(category: category ?? "", document: document, measures: measures,
                                             stages: stages, line: n))
        }
    }

    /// Splits each stage cell into its name and mark, repairing doubled and split labels.
    /// - Returns: the stages, and whether a split label (`收尾和完成 阶段`) was joined.
    func readStages(_ cells: [String], line n: Int, raw: String, _ sink: inout DiagnosticSink) -> ([StageMark], Bool) {
        var stages: [StageMark] = []
        var doubled = false, split = false, unmarked: [String] = []
        for cell in cells where !cell.isEmpty {
            var body = Substring(cell).trimmingSpaces()
            var mark = ""
            if let last = body.last, Self.stageMarks.contains(last) {
                mark = String(last)
                body = String(body.dropLast()).trimmingSpaces()
            }
            var name = Cell.compact(body)
            let chars = Array(name)
            if chars.count % 2 == 0, chars.count >= 4, chars[..<(chars.count / 2)] == chars[(chars.count / 2)...] {
                name = String(chars[..<(chars.count / 2)])
                doubled = true
            } else if name != body {
                split = true
            }
            if mark.isEmpty { unmarked.append(name) }
            stages.append(StageMark(stage: name, mark: mark))
        }
        if doubled {
            sink.add(.note, "guarantee.doubled-stage", line: n, "stage labels printed twice (`实施阶段 实施阶段 √`); kept one", raw: raw)
        }
        if !unmarked.isEmpty {
            sink.add(.warning, "guarantee.missing-mark", line: n,
                     "no mark after \(unmarked.joined(separator: ", ")); stored with an empty mark", raw: raw)
        }
        return (stages, split)
    }
}
