import BudgitModel

/// Reads and writes one ``ProjectForm`` as a canonical file.
public enum ProjectFile {
    /// The canonical bytes of `p`. Deterministic: the same form gives the same bytes.
    public static func write(_ p: ProjectForm) -> [UInt8] {
        Record.file(records(p))
    }

    static func records(_ p: ProjectForm) -> [Record] {
        var rs: [Record] = [CanonicalFormat.header("project")]
        func one(_ k: String, _ v: String?) { if let v { var r = Record(k); r.add("v", v); rs.append(r) } }
        one("year", String(p.year))
        one("unit", p.unit)
        one("name", p.name)
        one("department", p.department)
        rs.append(CanonicalFormat.spanRecord(p.source))
        for c in p.categories { one("category", c) }
        for a in p.attributes { var r = Record("attribute"); r.add("label", a.label); r.add("v", a.text); rs.append(r) }
        one("start", p.startDate)
        one("end", p.endDate)
        for f in p.funds {
            var r = Record("fund"); r.add("kind", f.kind.rawValue); r.add("amount", f.amount.description)
            r.add("printed", f.sourceUnit.rawValue); rs.append(r)
        }
        one("goal-period", p.goalPeriod)
        if let g = p.overallGoal { var r = Record("goal"); r.add("of", "overall"); r.add("v", g); rs.append(r) }
        if let g = p.annualGoal { var r = Record("goal"); r.add("of", "annual"); r.add("v", g); rs.append(r) }
        for i in p.indicators {
            var r = Record("indicator")
            r.add("l1", i.level1); r.add("l2", i.level2); r.add("l3", i.level3); r.add("target", i.target.text)
            r.add("cmp", i.target.comparator?.rawValue); r.add("num", i.target.number); r.add("unit", i.target.unit)
            r.add("note", i.note)
            rs.append(r)
        }
        for c in p.breakdown {
            var r = Record("cost")
            r.add("name", c.name); r.add("content", c.content); r.add("detail", c.detail)
            r.add("amount", c.amount?.description); r.add("price", c.unitPrice); r.add("price-basis", c.priceBasis)
            r.add("qty", c.quantity); r.add("qty-basis", c.quantityBasis); r.add("note", c.note)
            rs.append(r)
        }
        for g in p.guarantees {
            var r = Record("guarantee")
            r.add("category", g.category); r.add("document", g.document); r.add("measures", g.measures)
            r.add("stages", list: g.stages.map(\.stage)); r.add("marks", list: g.stages.map(\.mark))
            rs.append(r)
        }
        for c in p.contacts {
            var r = Record("contact"); r.add("role", c.role); r.add("name", c.name); r.add("phone", c.phone); rs.append(r)
        }
        for d in p.details { var r = Record("detail"); r.add("label", d.label); r.add("v", d.text); rs.append(r) }
        var trace = Record("lines")
        trace.add("fund", list: CanonicalFormat.lineList(p.funds.map(\.line)))
        trace.add("indicator", list: CanonicalFormat.lineList(p.indicators.map(\.line)))
        trace.add("cost", list: CanonicalFormat.lineList(p.breakdown.map(\.line)))
        trace.add("guarantee", list: CanonicalFormat.lineList(p.guarantees.map(\.line)))
        rs.append(trace)
        return rs
    }

    /// Reads a canonical project file strictly.
    ///
    /// Canonical files take the single pass of ``readSinglePass(_:)``; anything else goes
    /// through ``readGeneric(_:path:)``, which accepts or rejects it.
    /// - Throws: ``CanonicalError`` with the line number of the first problem.
    public static func read(_ bytes: [UInt8], path: String) throws(CanonicalError) -> ProjectForm {
        if let p = readSinglePass(bytes) { return p }
        return try readGeneric(bytes, path: path)
    }

    /// ``read(_:path:)`` sharing strings with the files read before through `strings` (files of
    /// one unit repeat most of their text); the form read is the same.
    public static func read(_ bytes: [UInt8], path: String, strings: inout StringTable) throws(CanonicalError) -> ProjectForm {
        if let p = readSinglePass(bytes, strings: &strings) { return p }
        return try readGeneric(bytes, path: path)
    }

    /// ``read(_:path:strings:)`` from bytes that are not an array (a blob in libgit2's buffer):
    /// copied only when they must go to the record-by-record reader.
    public static func read(buffer: UnsafeBufferPointer<UInt8>, path: String, strings: inout StringTable) throws(CanonicalError) -> ProjectForm {
        let p = withUnsafeMutablePointer(to: &strings) { table in
            var s = CanonicalScanner(buffer, strings: table)
            return try? s.projectForm()
        }
        if let p { return p }
        return try readGeneric(Array(buffer), path: path)
    }

    /// Reads a project file record by record through ``RecordReader``: slower than
    /// ``readSinglePass(_:)``, but it explains every problem, with its line number.
    static func readGeneric(_ bytes: [UInt8], path: String) throws(CanonicalError) -> ProjectForm {
        var rd = try RecordReader(bytes: bytes, path: path)
        try CanonicalFormat.readHeader(&rd, kind: "project")
        let year = try CanonicalFormat.int(rd.take("year", required: ["v"]).string("v"), rd, "year")
        let unit = try rd.take("unit", required: ["v"]).string("v")!
        let name = try rd.take("name", required: ["v"]).string("v")!
        let department = try rd.takeIf("department", required: ["v"])?.string("v")
        let span = try CanonicalFormat.span(rd.take("source", required: ["file", "lines"]), rd)
        var p = ProjectForm(year: year, name: name, unit: unit, department: department, source: span)
        while let r = try rd.takeIf("category", required: ["v"]) { p.categories.append(r.string("v")!) }
        while let r = try rd.takeIf("attribute", required: ["label", "v"]) {
            p.attributes.append(LabeledText(label: r.string("label")!, text: r.string("v")!))
        }
        p.startDate = try rd.takeIf("start", required: ["v"])?.string("v")
        p.endDate = try rd.takeIf("end", required: ["v"])?.string("v")
        while let r = try rd.takeIf("fund", required: ["kind", "amount", "printed"]) {
            guard let kind = FundKind(rawValue: r.string("kind")!) else { throw rd.error("unknown fund kind `\(r.string("kind")!)`") }
            guard let unit = Money.SourceUnit(rawValue: r.string("printed")!) else { throw rd.error("unknown unit `\(r.string("printed")!)`") }
            p.funds.append(FundLine(kind: kind, amount: try CanonicalFormat.money(r.string("amount"), rd, "amount"), sourceUnit: unit, line: 0))
        }
        p.goalPeriod = try rd.takeIf("goal-period", required: ["v"])?.string("v")
        if rd.peekKind() == "goal", rd.records[rd.recordsIndex].record.string("of") == "overall" {
            p.overallGoal = try rd.take("goal", required: ["of", "v"]).string("v")
        }
        if rd.peekKind() == "goal", rd.records[rd.recordsIndex].record.string("of") == "annual" {
            p.annualGoal = try rd.take("goal", required: ["of", "v"]).string("v")
        }
        while let r = try rd.takeIf("indicator", required: ["l1", "l2", "l3", "target"], optional: ["cmp", "num", "unit", "note"]) {
            var cmp: Target.Comparator?
            if let c = r.string("cmp") {
                guard let v = Target.Comparator(rawValue: c) else { throw rd.error("unknown comparator `\(c)`") }
                cmp = v
            }
            let t = Target(text: r.string("target")!, comparator: cmp, number: r.string("num"), unit: r.string("unit"))
            p.indicators.append(Indicator(level1: r.string("l1")!, level2: r.string("l2")!, level3: r.string("l3")!, target: t, note: r.string("note"), line: 0))
        }
        while let r = try rd.takeIf("cost", required: ["name", "content", "detail"],
                                    optional: ["amount", "price", "price-basis", "qty", "qty-basis", "note"]) {
            let amount = try r.string("amount").map { s throws(CanonicalError) in try CanonicalFormat.money(s, rd, "amount") }
            p.breakdown.append(CostItem(name: r.string("name")!, content: r.string("content")!, detail: r.string("detail")!,
                                        amount: amount, unitPrice: r.string("price"), priceBasis: r.string("price-basis"),
                                        quantity: r.string("qty"), quantityBasis: r.string("qty-basis"), note: r.string("note"), line: 0))
        }
        while let r = try rd.takeIf("guarantee", required: ["category", "document", "measures", "stages", "marks"]) {
            let st = r.list("stages") ?? [], mk = r.list("marks") ?? []
            guard st.count == mk.count, !st.contains(nil), !mk.contains(nil) else { throw rd.error("stages and marks must be two lists of strings of one length") }
            p.guarantees.append(Guarantee(category: r.string("category")!, document: r.string("document")!, measures: r.string("measures")!,
                                          stages: zip(st, mk).map { StageMark(stage: $0!, mark: $1!) }, line: 0))
        }
        while let r = try rd.takeIf("contact", required: ["role", "name"], optional: ["phone"]) {
            p.contacts.append(Contact(role: r.string("role")!, name: r.string("name")!, phone: r.string("phone")))
        }
        while let r = try rd.takeIf("detail", required: ["label", "v"]) {
            p.details.append(LabeledText(label: r.string("label")!, text: r.string("v")!))
        }
        let t = try rd.take("lines", required: ["fund", "indicator", "cost", "guarantee"])
        for (i, l) in try CanonicalFormat.lines(t, "fund", count: p.funds.count, rd).enumerated() { p.funds[i].line = l }
        for (i, l) in try CanonicalFormat.lines(t, "indicator", count: p.indicators.count, rd).enumerated() { p.indicators[i].line = l }
        for (i, l) in try CanonicalFormat.lines(t, "cost", count: p.breakdown.count, rd).enumerated() { p.breakdown[i].line = l }
        for (i, l) in try CanonicalFormat.lines(t, "guarantee", count: p.guarantees.count, rd).enumerated() { p.guarantees[i].line = l }
        try rd.finish()
        return p
    }
}
