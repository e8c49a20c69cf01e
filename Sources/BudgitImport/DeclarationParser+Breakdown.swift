import BudgitModel

/// The 项目构成分解 cost breakdown at the end of part 2.
extension DeclarationReader {
    /// Reads one cost line by content rather than by the header, which can disagree with the data:
    /// the 明细金额 column is the first amount followed by an amount (单价) or an empty cell; the three
    /// cells before it are 项目名称/项目内容/项目明细 once the `项目构成分解` label and inserted empty
    /// cells are dropped; after it come 单价, 依据, 数量, 依据, 备注.
    mutating func readCostRow(_ line: SourceText.Line, _ cells: [String], unit: Money.SourceUnit,
                              _ sink: inout DiagnosticSink) -> CostItem? {
        let n = line.number
        guard let a = cells.indices.dropFirst().first(where: { i in
            Self.isAmountText(cells[i]) && (i + 1 >= cells.count || cells[i + 1].isEmpty || Self.isAmountText(cells[i + 1]))
        }) else {
            sink.add(.warning, "breakdown.unread-row", line: n, "cost breakdown row without a 明细金额; not stored", raw: line.excerpt)
            return nil
        }
        var text = Array(cells[..<a])
        for k in text.indices {
            let c = Cell.compact(text[k])
            if (k == 0 && Self.isBreakdownLabel(c)) || c == "构成明细" { text[k] = "" }
        }
        var droppedInner = 0
        while text.count > 3, let e = text.firstIndex(where: { $0.isEmpty }) {
            if e != 0 { droppedInner += 1 }
            text.remove(at: e)
        }
        if droppedInner > 0 {
            sink.add(.note, "breakdown.extra-cell", line: n,
                     "dropped \(droppedInner) empty cell(s) inserted between 项目名称 and 项目明细", raw: line.excerpt)
        }
        if text.count > 3 {
            let head = text[..<(text.count - 2)].filter { !$0.isEmpty }.joined(separator: " ")
            text = [head] + text.suffix(2)
            sink.add(.warning, "breakdown.extra-cells", line: n,
                     "more than three text cells before 明细金额; joined the leading ones into 项目名称", raw: line.excerpt)
        }
        if text.count < 3 {
            sink.add(.warning, "breakdown.missing-cells", line: n,
                     "fewer than three text cells before 明细金额; the missing leading ones are left empty", raw: line.excerpt)
            while text.count < 3 { text.insert("", at: 0) }
        }
        let names = ["项目名称", "项目内容", "项目明细"]
        var joinedCells: [String] = []
        for k in 0..<3 where !text[k].isEmpty {
            let (out, did) = DeclarationParser.joinFragments(text[k])
            if did { text[k] = out; joinedCells.append(names[k]) }
        }
        if !joinedCells.isEmpty {
            sink.add(.note, "ocr.joined-fragments", line: n,
                     "joined OCR fragments in \(joinedCells.joined(separator: ", ")): `\(text.joined(separator: " | "))`", raw: line.excerpt)
        }
        let amount = sink.amount(cells[a], unit: unit, line: n, what: "明细金额")
        let after = Array(cells[(a + 1)...])
        func at(_ i: Int) -> String? { i < after.count && !after[i].isEmpty ? after[i] : nil }
        var quantityBasis = at(3), note = at(4)
        if after.count == 4, let last = at(3) {
            // 9-field rows (1838, 1983): one 依据 cell only; the header fuses `依据 备注`.
            quantityBasis = nil
            note = last
            sink.add(.note, "breakdown.missing-cell", line: n,
                     "the row has one 依据 cell only; read `\(last)` as 备注", raw: line.excerpt)
        }
        if after.count > 5, after[5...].contains(where: { !$0.isEmpty }) {
            sink.add(.warning, "breakdown.extra-cells", line: n,
                     "cells after 备注 not understood; not stored: \(after[5...].filter { !$0.isEmpty }.joined(separator: " "))",
                     raw: line.excerpt)
        }
        return CostItem(name: text[0], content: text[1], detail: text[2], amount: amount,
                        unitPrice: at(0), priceBasis: at(1), quantity: at(2), quantityBasis: quantityBasis,
                        note: note, line: n)
    }

    /// The `金额合计` row: the total is kept as a detail (never as an item) and checked against the
    /// sum of the items. A second number is the total 数量 (004:60).
    mutating func readTotal(_ line: SourceText.Line, _ cells: [String], _ compacts: [String], unit: Money.SourceUnit,
                            _ sink: inout DiagnosticSink) {
        let n = line.number
        let k = compacts.firstIndex(of: "金额合计")!
        let numbers = cells.indices.filter { $0 > k && Self.isAmountText(cells[$0]) }
        guard let first = numbers.first else {
            sink.add(.warning, "breakdown.total-missing", line: n, "the 金额合计 row prints no amount", raw: line.excerpt)
            return
        }
        guard let total = sink.amount(cells[first], unit: unit, line: n, what: "金额合计") else { return }
        form.details.append(LabeledText(label: "金额合计", text: total.description))
        let amounts = form.breakdown.compactMap(\.amount)
        guard let sum = Money.sum(amounts) else {
            sink.add(.error, "breakdown.sum-out-of-range", line: n,
                     "the \(amounts.count) 明细金额 sum beyond the amount range; 金额合计 not checked", raw: line.excerpt)
            return
        }
        if amounts.count == form.breakdown.count, sum != total {
            sink.add(.warning, "breakdown.total-mismatch", line: n,
                     "金额合计 prints \(total) 元 but the \(amounts.count) 明细金额 sum to \(sum) 元", raw: line.excerpt)
        }
        if numbers.count > 1 {
            let q = cells[numbers[1]]
            form.details.append(LabeledText(label: "数量合计", text: q))
            let quantities = form.breakdown.compactMap { $0.quantity.flatMap { try? Money.parse($0, unit: .yuan) } }
            let qsum = Money.sum(quantities)
            let agrees = qsum != nil && quantities.count == form.breakdown.count && (try? Money.parse(q, unit: .yuan)) == qsum
            sink.add(agrees ? .note : .warning, "breakdown.quantity-total", line: n,
                     "read `\(q)` in the 金额合计 row as the total 数量" + (agrees ? " (the items' 数量 sum to it)" : " (it does not match the items' 数量)"),
                     raw: line.excerpt)
        }
        if numbers.count > 2 {
            sink.add(.warning, "breakdown.extra-cells", line: n,
                     "more numbers in the 金额合计 row than 金额 and 数量; not stored", raw: line.excerpt)
        }
    }
}
