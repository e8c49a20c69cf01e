import BudgitModel

extension ProjectFile {
    /// Reads a project file in one pass over its bytes, or returns nil when they are not in the
    /// exact shape the writer makes.
    ///
    /// Comparing two years reads about 100,000 project files, and the generic reader spent most
    /// of that time building and looking up `Record` values. This reader recognises each line by
    /// its known prefix (`{"k":"indicator","l1":"`) and builds the ``ProjectForm`` directly. It
    /// accepts only what ``readGeneric(_:path:)`` accepts, with the same result; anything else
    /// (including everything that reader rejects) gives nil, and the caller hands the bytes to
    /// that reader, which accepts them or names the line at fault.
    ///
    /// Records come in the order of ``readGeneric(_:path:)``. A record kind's bytes are unique,
    /// since a canonical string has a single encoding, so a line that does not start with the
    /// prefix of the kind expected is of another kind, and one that does but goes on differently
    /// is a surprise.
    static func readSinglePass(_ bytes: [UInt8]) -> ProjectForm? {
        bytes.withUnsafeBufferPointer { buffer in
            var s = CanonicalScanner(buffer)
            return try? s.projectForm()
        }
    }

    /// ``readSinglePass(_:)`` sharing strings with earlier files through `strings`.
    static func readSinglePass(_ bytes: [UInt8], strings: inout StringTable) -> ProjectForm? {
        bytes.withUnsafeBufferPointer { buffer in
            withUnsafeMutablePointer(to: &strings) { table in
                var s = CanonicalScanner(buffer, strings: table)
                return try? s.projectForm()
            }
        }
    }
}

extension CanonicalScanner {
    /// The form from the header line to the `lines` record, which must end the file.
    mutating func projectForm() throws(Surprise) -> ProjectForm {
        try expect(#"{"k":"budgit","format":"1","kind":"project"}\#n"#)
        try expect(#"{"k":"year","v":""#)
        let year = try int()
        try endRecord()
        try expect(#"{"k":"unit","v":""#)
        let unit = try string()
        try endRecord()
        try expect(#"{"k":"name","v":""#)
        let name = try string()
        try endRecord()
        let department = try optionalValue(#"{"k":"department","v":""#)
        try expect(#"{"k":"source","file":""#)
        let file = try string()
        try expect(#","lines":""#)
        let range = try lineRange()
        try endRecord()
        var p = ProjectForm(year: year, name: name, unit: unit, department: department,
                            source: SourceSpan(file: file, firstLine: range.first, lastLine: range.last))
        while let c = try optionalValue(#"{"k":"category","v":""#) { p.categories.append(c) }
        while take(#"{"k":"attribute","label":""#) { p.attributes.append(try labeledText()) }
        p.startDate = try optionalValue(#"{"k":"start","v":""#)
        p.endDate = try optionalValue(#"{"k":"end","v":""#)
        while take(#"{"k":"fund","kind":""#) { p.funds.append(try fundLine()) }
        p.goalPeriod = try optionalValue(#"{"k":"goal-period","v":""#)
        p.overallGoal = try optionalValue(#"{"k":"goal","of":"overall","v":""#)
        p.annualGoal = try optionalValue(#"{"k":"goal","of":"annual","v":""#)
        // Forms list a dozen or two indicators: start with room for 16 rather than growing
        // through 1, 2, 4 and 8 (capacity only; the value is the same).
        if take(#"{"k":"indicator","l1":""#) {
            p.indicators.reserveCapacity(16)
            repeat { p.indicators.append(try indicator()) } while take(#"{"k":"indicator","l1":""#)
        }
        while take(#"{"k":"cost","name":""#) { p.breakdown.append(try costItem()) }
        while take(#"{"k":"guarantee","category":""#) { p.guarantees.append(try guarantee()) }
        while take(#"{"k":"contact","role":""#) { p.contacts.append(try contact()) }
        while take(#"{"k":"detail","label":""#) { p.details.append(try labeledText()) }
        try expect(#"{"k":"lines","fund":["#)
        try intList(into: &p.funds) { $0.line = $1 }
        try expect(#","indicator":["#)
        try intList(into: &p.indicators) { $0.line = $1 }
        try expect(#","cost":["#)
        try intList(into: &p.breakdown) { $0.line = $1 }
        try expect(#","guarantee":["#)
        try intList(into: &p.guarantees) { $0.line = $1 }
        try endRecord()
        guard atEnd else { throw Surprise() }
        return p
    }

    /// The rest of an `attribute` or `detail` record after its label's opening quote.
    private mutating func labeledText() throws(Surprise) -> LabeledText {
        let label = try string()
        let text = try field(#","v":""#)
        try endRecord()
        return LabeledText(label: label, text: text)
    }

    /// The rest of a `fund` record after its kind's opening quote; its line comes later.
    private mutating func fundLine() throws(Surprise) -> FundLine {
        let kind = try oneOf(FundKind.allCases)
        try expect(#","amount":""#)
        let amount = try money()
        try expect(#","printed":""#)
        let unit = try oneOf([Money.SourceUnit.wanYuan, .yuan])
        try endRecord()
        return FundLine(kind: kind, amount: amount, sourceUnit: unit, line: 0)
    }

    /// The rest of an `indicator` record after its level-1 name's opening quote.
    private mutating func indicator() throws(Surprise) -> Indicator {
        let l1 = try string()
        let l2 = try field(#","l2":""#)
        let l3 = try field(#","l3":""#)
        let text = try field(#","target":""#)
        var comparator: Target.Comparator?
        if take(#","cmp":""#) { comparator = try oneOf(Target.Comparator.allCases) }
        let number = try optionalField(#","num":""#)
        let unit = try optionalField(#","unit":""#)
        let note = try optionalField(#","note":""#)
        try endRecord()
        return Indicator(level1: l1, level2: l2, level3: l3,
                         target: Target(text: text, comparator: comparator, number: number, unit: unit), note: note, line: 0)
    }

    /// The rest of a `cost` record after its name's opening quote.
    private mutating func costItem() throws(Surprise) -> CostItem {
        let name = try string()
        let content = try field(#","content":""#)
        let detail = try field(#","detail":""#)
        var amount: Money?
        if take(#","amount":""#) { amount = try money() }
        let price = try optionalField(#","price":""#)
        let priceBasis = try optionalField(#","price-basis":""#)
        let quantity = try optionalField(#","qty":""#)
        let quantityBasis = try optionalField(#","qty-basis":""#)
        let note = try optionalField(#","note":""#)
        try endRecord()
        return CostItem(name: name, content: content, detail: detail, amount: amount, unitPrice: price, priceBasis: priceBasis,
                        quantity: quantity, quantityBasis: quantityBasis, note: note, line: 0)
    }

    /// The rest of a `guarantee` record after its category's opening quote.
    private mutating func guarantee() throws(Surprise) -> Guarantee {
        let category = try string()
        let document = try field(#","document":""#)
        let measures = try field(#","measures":""#)
        try expect(#","stages":["#)
        let stages = try stringList()
        try expect(#","marks":["#)
        let marks = try stringList()
        guard stages.count == marks.count else { throw Surprise() }
        try endRecord()
        return Guarantee(category: category, document: document, measures: measures,
                         stages: zip(stages, marks).map { StageMark(stage: $0, mark: $1) }, line: 0)
    }

    /// The rest of a `contact` record after its role's opening quote.
    private mutating func contact() throws(Surprise) -> Contact {
        let role = try string()
        let name = try field(#","name":""#)
        let phone = try optionalField(#","phone":""#)
        try endRecord()
        return Contact(role: role, name: name, phone: phone)
    }
}
