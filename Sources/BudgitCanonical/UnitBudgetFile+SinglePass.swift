import BudgitModel

extension UnitBudgetFile {
    /// Reads a unit-budget stream in one pass over its bytes, or returns nil when they are not in
    /// the exact shape the writer makes.
    ///
    /// Table rows are most of a unit budget's bytes, and the generic reader built a `Record` for
    /// each of them before looking its keys up again. This reader recognises each line by its
    /// known prefix (`{"k":"row","code":"`) and builds the ``UnitBudget`` directly, like
    /// ``ProjectFile/readSinglePass(_:)``. It accepts only what ``readGeneric(_:path:partial:)``
    /// accepts, with the same result; anything else (including everything that reader rejects)
    /// gives nil, and the caller hands the bytes to that reader, which accepts them or names the
    /// line at fault.
    /// - Parameter partial: as for ``read(_:path:partial:)``.
    static func readSinglePass(_ bytes: [UInt8], partial: Bool) -> UnitBudget? {
        bytes.withUnsafeBufferPointer { buffer in
            var s = CanonicalScanner(buffer)
            return try? s.unitBudget(partial: partial)
        }
    }
}

extension CanonicalScanner {
    /// The budget from the header line to the `lines` record, which must end the stream (or, with
    /// `partial`, to the end of the last table).
    mutating func unitBudget(partial: Bool) throws(Surprise) -> UnitBudget {
        try expect(#"{"k":"budgit","format":"1","kind":"unit-budget"}\#n"#)
        try expect(#"{"k":"year","v":""#)
        let year = try int()
        try endRecord()
        let unit = try field(#"{"k":"unit","v":""#)
        try endRecord()
        let title = try field(#"{"k":"title","v":""#)
        try endRecord()
        let file = try field(#"{"k":"source","file":""#)
        try expect(#","lines":""#)
        let range = try lineRange()
        try endRecord()
        var b = UnitBudget(year: year, unit: unit, title: title,
                           source: SourceSpan(file: file, firstLine: range.first, lastLine: range.last))
        while let heading = try optionalValue(#"{"k":"section","heading":""#) {
            var section = NarrativeSection(heading: heading, paragraphs: [], line: 0)
            while let p = try optionalValue(#"{"k":"para","v":""#) { section.paragraphs.append(p) }
            b.sections.append(section)
        }
        while take(#"{"k":"table","n":""#) { b.tables.append(try budgetTable()) }
        if partial && atEnd { return b }
        try expect(#"{"k":"lines","section":["#)
        try intList(into: &b.sections) { $0.line = $1 }
        try expect(#","table":["#)
        try intList(into: &b.tables) { $0.line = $1 }
        try expect(#","row":["#)
        var first = true
        for t in b.tables.indices {
            for r in b.tables[t].rows.indices {
                if !first { try expect(",") }
                first = false
                try expect("\"")
                b.tables[t].rows[r].line = try int()
            }
        }
        try expect("]")
        try endRecord()
        guard atEnd else { throw Surprise() }
        return b
    }

    /// The rest of a `table` record after its number's opening quote, and the table's rows.
    private mutating func budgetTable() throws(Surprise) -> BudgetTable {
        let number = try int()
        let title = try field(#","title":""#)
        try expect(#","printed":""#)
        let unit = try oneOf([Money.SourceUnit.wanYuan, .yuan])
        try expect(#","columns":["#)
        let columns = try stringList()
        let remark = try optionalField(#","remark":""#)
        try endRecord()
        var table = BudgetTable(number: number, title: title, sourceUnit: unit, columns: columns, rows: [],
                                remark: remark, line: 0)
        while take(#"{"k":"row","#) {
            var code: ClassificationCode?
            if take(#""code":""#) {
                code = try classificationCode()
                try expect(#","#)
            }
            let name = try field(#""name":""#)
            let side = try optionalField(#","side":""#)
            try expect(#","amounts":["#)
            let amounts = try amountList(capacity: columns.count)
            try endRecord()
            table.rows.append(BudgetRow(code: code, name: name, amounts: amounts, side: side, line: 0))
        }
        return table
    }
}
