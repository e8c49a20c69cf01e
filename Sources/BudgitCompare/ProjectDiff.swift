import BudgitModel

/// The differences within one matched pair of projects.
///
/// Compares fund lines, indicators (through ``IndicatorMatcher``), goals and other texts (with a
/// short ``TextDiff``), scalar fields, the cost breakdown and the guarantees. Contacts and source
/// positions are not compared.
///
/// Year over year, a form's dates and goal-period label move with the year. With a year shift of
/// *n*, a date or label is unchanged when adding *n* to each of its years gives the new one
/// (`2022-01-01` → `2023-01-01`, `(2022 年-2022年)` → `(2023 年-2023年)`), and the `year` field is
/// unchanged when it grew by exactly *n*. With a shift of 0 (two revisions of one year) every
/// date change is reported.
public enum ProjectDiff {
    /// Compares `a` (from) with `b` (to).
    /// - Parameters:
    ///   - match: why the two were paired; copied into the result.
    ///   - yearShift: the expected number of years between the two; nil means `b.year - a.year`.
    ///   - indicatorThreshold: the least similarity for indicators paired by `similar`.
    public static func diff(_ a: ProjectForm, _ b: ProjectForm, match: MatchReason = .exact,
                            yearShift: Int? = nil, indicatorThreshold: Double = 0.8) -> ProjectChange {
        let shift = yearShift ?? (b.year - a.year)
        let (fromAmount, _) = amount(of: a), (toAmount, _) = amount(of: b)
        return ProjectChange(
            from: ref(a), to: ref(b), match: match,
            amount: AmountChange(from: fromAmount ?? .zero, to: toAmount ?? .zero),
            funds: funds(a, b),
            indicators: indicators(a.indicators, b.indicators, threshold: indicatorThreshold),
            fields: fields(a, b, shift: shift),
            breakdown: breakdown(a.breakdown, b.breakdown),
            guarantees: guarantees(a.guarantees, b.guarantees))
    }

    /// Whether ``diff(_:_:match:yearShift:indicatorThreshold:)`` of `a` and `b` is not empty,
    /// and the numbers of its indicators added, removed, renamed and changed; for counts-only
    /// comparisons (``CompareOptions/countsOnly``), which print no list.
    ///
    /// Nothing is listed, sorted or formatted: the same matching and tests as `diff`, stopping at
    /// the first difference where only whether there is one matters.
    static func summary(_ a: ProjectForm, _ b: ProjectForm, yearShift: Int? = nil,
                        indicatorThreshold: Double = 0.8) -> (changed: Bool, indicators: Summary.Counts) {
        let counts = indicatorCounts(a.indicators, b.indicators, threshold: indicatorThreshold)
        if counts.added + counts.removed + counts.renamed + counts.changed > 0 { return (true, counts) }
        let changed = FundKind.allCases.contains { a.fund($0) != b.fund($0) }
            || !fields(a, b, shift: yearShift ?? (b.year - a.year), firstOnly: true).isEmpty
            || !breakdown(a.breakdown, b.breakdown).isEmpty
            || !guarantees(a.guarantees, b.guarantees).isEmpty
        return (changed, counts)
    }

    /// A project's amount for totals: its `annual` fund line, else its `total` line, else nil.
    public static func amount(of p: ProjectForm) -> (Money?, FundKind?) { amount(of: p.funds) }

    /// ``amount(of:)`` of a form with these fund lines: the first `annual` line, else the first
    /// `total` line (as ``ProjectForm/fund(_:)`` finds them), in one pass.
    static func amount(of funds: [FundLine]) -> (Money?, FundKind?) {
        var total: Money?
        for f in funds {
            if f.kind == .annual { return (f.amount, .annual) }
            if f.kind == .total, total == nil { total = f.amount }
        }
        return total.map { ($0, .total) } ?? (nil, nil)
    }

    static func ref(_ p: ProjectForm) -> ProjectRef { ProjectRef(unit: p.unit, name: p.name, year: p.year) }

    // MARK: Funds

    static func funds(_ a: ProjectForm, _ b: ProjectForm) -> [FundChange] {
        FundKind.allCases.compactMap { kind in
            let x = a.fund(kind), y = b.fund(kind)
            guard x != y else { return nil }
            return FundChange(kind: kind, label: kind.label, from: x, to: y,
                              delta: (y ?? .zero) - (x ?? .zero), percent: x?.percentChange(to: y ?? .zero))
        }
    }

    // MARK: Indicators

    static func indicators(_ a: [Indicator], _ b: [Indicator], threshold: Double) -> IndicatorChanges {
        if sameIndicators(a, b) { return .empty }
        let m = IndicatorMatcher(threshold: threshold).match(a, b)
        func entry(_ i: Indicator) -> IndicatorEntry { IndicatorEntry(path: i.path, target: i.target.text, note: i.note) }
        var renamed: [IndicatorRename] = [], changed: [IndicatorChange] = []
        for p in m.pairs {
            let x = a[p.a], y = b[p.b]
            if !samePath(x, y) { renamed.append(IndicatorRename(from: x.path, to: y.path, match: p.reason)) }
            let target = IndicatorMatcher.classify(x.target, y.target).map {
                TargetChange(kind: $0, from: x.target.text, to: y.target.text)
            }
            let note = textChange("note", x.note, y.note, segments: false)
            if target != nil || note != nil {
                changed.append(IndicatorChange(from: x.path, to: y.path, target: target, note: note))
            }
        }
        let byPath: (IndicatorEntry) -> [String] = { [$0.path, $0.target, $0.note ?? ""] }
        return IndicatorChanges(
            added: sortedCanonically(m.unmatchedB.map { entry(b[$0]) }, key: byPath),
            removed: sortedCanonically(m.unmatchedA.map { entry(a[$0]) }, key: byPath),
            renamed: sortedCanonically(renamed) { [$0.to, $0.from] },
            changed: sortedCanonically(changed) { [$0.to, $0.from] })
    }

    /// The counts of ``indicators(_:_:threshold:)``: the same matching, nothing listed.
    static func indicatorCounts(_ a: [Indicator], _ b: [Indicator], threshold: Double) -> Summary.Counts {
        var c = Summary.Counts(added: 0, removed: 0, renamed: 0, changed: 0)
        if sameIndicators(a, b) { return c }
        let m = IndicatorMatcher(threshold: threshold).match(a, b)
        c.added = m.unmatchedB.count; c.removed = m.unmatchedA.count
        for p in m.pairs {
            if !samePath(a[p.a], b[p.b]) { c.renamed += 1 }
            // `indicators` lists a change when the target text (``IndicatorMatcher/classify(_:_:)``)
            // or the note (``textChange(_:_:_:segments:)``) differs.
            if a[p.a].target.text != b[p.b].target.text || nonEmpty(a[p.a].note) != nonEmpty(b[p.b].note) {
                c.changed += 1
            }
        }
        return c
    }

    /// Whether nothing but the source lines differ (most projects keep their indicators as they
    /// were): then matching is skipped.
    static func sameIndicators(_ a: [Indicator], _ b: [Indicator]) -> Bool {
        guard a.count == b.count else { return false }
        // Read in place: copies of indicators retain and release each of their strings.
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                for i in a.indices {
                    guard a[i].level1 == b[i].level1, a[i].level2 == b[i].level2, a[i].level3 == b[i].level3,
                          a[i].target == b[i].target, a[i].note == b[i].note else { return false }
                }
                return true
            }
        }
    }

    /// Whether two indicators have the same ``Indicator/path``, without building it when their
    /// levels are the same (levels that differ may still join into the same path).
    static func samePath(_ x: Indicator, _ y: Indicator) -> Bool {
        (x.level1 == y.level1 && x.level2 == y.level2 && x.level3 == y.level3) || x.path == y.path
    }

    // MARK: Fields

    /// The changed fields; with `firstOnly`, at most the first one found, without segments (for
    /// whether any changed).
    static func fields(_ a: ProjectForm, _ b: ProjectForm, shift: Int, firstOnly: Bool = false) -> [FieldChange] {
        var out: [FieldChange] = []
        func add(_ c: FieldChange?) { if let c { out.append(c) } }
        let segments = !firstOnly
        add(textChange("unit", a.unit, b.unit, segments: false))
        if b.year - a.year != shift {
            out.append(FieldChange(field: "year", from: String(a.year), to: String(b.year)))
        }
        add(textChange("department", a.department, b.department, segments: false))
        if firstOnly && !out.isEmpty { return out }
        if a.categories.sorted() != b.categories.sorted() {
            add(textChange("categories", a.categories.joined(separator: "、"), b.categories.joined(separator: "、"), segments: false))
        }
        out += labeled("attributes", a.attributes, b.attributes, segments: false)
        if firstOnly && !out.isEmpty { return out }
        for (name, x, y) in [("startDate", a.startDate, b.startDate), ("endDate", a.endDate, b.endDate),
                             ("goalPeriod", a.goalPeriod, b.goalPeriod)] {
            if !sameShifted(x, y, shift: shift) {
                out.append(FieldChange(field: name, from: nonEmpty(x), to: nonEmpty(y)))
                if firstOnly { return out }
            }
        }
        add(textChange("overallGoal", a.overallGoal, b.overallGoal, segments: segments))
        add(textChange("annualGoal", a.annualGoal, b.annualGoal, segments: segments))
        if firstOnly && !out.isEmpty { return out }
        out += labeled("details", a.details, b.details, segments: segments)
        return out
    }

    /// Whether `y` is `x` with every year moved by `shift` (ignoring spacing and width).
    static func sameShifted(_ x: String?, _ y: String?, shift: Int) -> Bool {
        switch (nonEmpty(x), nonEmpty(y)) {
        case (nil, nil): return true
        case let (x?, y?):
            if x == y { return true }
            // Year over year the shifted text is nearly always the new one, scalar for scalar, and
            // then folds the same (equal strings with other scalars may not, so this tests bytes).
            let shifted = NameNormalizer.shiftYears(x, by: shift)
            return sameBytes(shifted, y) || NameNormalizer.fold(shifted) == NameNormalizer.fold(y)
        default: return false
        }
    }

    /// Whether two strings have the same UTF-8 bytes (then they are equal, and so is anything
    /// computed from their scalars).
    static func sameBytes(_ x: String, _ y: String) -> Bool {
        var x = x, y = y
        return x.withUTF8 { a in y.withUTF8 { b in a.elementsEqual(b) } }
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }

    /// A change of a text field, or nil when equal (nil and empty are equal). With `segments`,
    /// the clauses removed and added are listed when both sides have text.
    static func textChange(_ field: String, _ x: String?, _ y: String?, segments: Bool) -> FieldChange? {
        let x = nonEmpty(x), y = nonEmpty(y)
        guard x != y else { return nil }
        var c = FieldChange(field: field, from: x, to: y)
        if segments, let x, let y {
            let d = TextDiff.diff(x, y)
            c.removed = d.removed; c.added = d.added
        }
        return c
    }

    /// Pairs labelled texts by label and occurrence; the field is `prefix.label` (`#2` … for repeats).
    static func labeled(_ prefix: String, _ a: [LabeledText], _ b: [LabeledText], segments: Bool) -> [FieldChange] {
        let ka = occurrenceKeys(a.map { [$0.label] }), kb = occurrenceKeys(b.map { [$0.label] })
        return alignByKey(ka, kb).compactMap { key, i, j in
            let field = "\(prefix).\(key.key[0])" + (key.occurrence > 0 ? "#\(key.occurrence + 1)" : "")
            return textChange(field, i.map { a[$0].text }, j.map { b[$0].text }, segments: segments)
        }
    }

    // MARK: Breakdown and guarantees

    static func breakdown(_ a: [CostItem], _ b: [CostItem]) -> [ItemChange] {
        func values(_ c: CostItem) -> [(String, String?)] {
            [("amount", c.amount?.description), ("unitPrice", c.unitPrice), ("priceBasis", c.priceBasis),
             ("quantity", c.quantity), ("quantityBasis", c.quantityBasis), ("note", c.note)]
        }
        let ka = occurrenceKeys(a.map { [$0.name, $0.content, $0.detail] })
        let kb = occurrenceKeys(b.map { [$0.name, $0.content, $0.detail] })
        return alignByKey(ka, kb).compactMap { key, i, j in
            var c = itemChange(key.key, i.map { values(a[$0]) }, j.map { values(b[$0]) })
            if let k = c?.fields.firstIndex(where: { $0.field == "amount" }) {
                let x = i.flatMap { a[$0].amount } ?? .zero, y = j.flatMap { b[$0].amount } ?? .zero
                c?.fields[k].delta = y - x
            }
            return c
        }
    }

    static func guarantees(_ a: [Guarantee], _ b: [Guarantee]) -> [ItemChange] {
        func values(_ g: Guarantee) -> [(String, String?)] {
            [("measures", g.measures),
             ("stages", g.stages.map { "\($0.stage):\($0.mark)" }.joined(separator: "；"))]
        }
        let ka = occurrenceKeys(a.map { [$0.category, $0.document] })
        let kb = occurrenceKeys(b.map { [$0.category, $0.document] })
        return alignByKey(ka, kb).compactMap { key, i, j in
            itemChange(key.key, i.map { values(a[$0]) }, j.map { values(b[$0]) })
        }
    }

    static func itemChange(_ key: [String], _ x: [(String, String?)]?, _ y: [(String, String?)]?) -> ItemChange? {
        switch (x, y) {
        case let (x?, y?):
            let fields = zip(x, y).compactMap { textChange($0.0, $0.1, $1.1, segments: false) }
            return fields.isEmpty ? nil : ItemChange(change: .changed, key: key, fields: fields)
        case let (x?, nil):
            return ItemChange(change: .removed, key: key,
                              fields: x.compactMap { textChange($0.0, $0.1, nil, segments: false) })
        case let (nil, y?):
            return ItemChange(change: .added, key: key,
                              fields: y.compactMap { textChange($0.0, nil, $0.1, segments: false) })
        case (nil, nil):
            return nil
        }
    }
}

/// A key plus how many earlier items had the same key, so that repeated keys pair in order.
struct OccurrenceKey: Hashable {
    var key: [String]
    var occurrence: Int
}

func occurrenceKeys(_ keys: [[String]]) -> [OccurrenceKey] {
    var seen: [[String]: Int] = [:]
    return keys.map { k in
        let n = seen[k, default: 0]
        seen[k] = n + 1
        return OccurrenceKey(key: k, occurrence: n)
    }
}

/// Aligns two keyed lists: every key of either, sorted, with the index on each side where present.
func alignByKey(_ a: [OccurrenceKey], _ b: [OccurrenceKey]) -> [(OccurrenceKey, Int?, Int?)] {
    var ia: [OccurrenceKey: Int] = [:], ib: [OccurrenceKey: Int] = [:]
    for (i, k) in a.enumerated() { ia[k] = i }
    for (j, k) in b.enumerated() { ib[k] = j }
    var all = a
    for k in b where ia[k] == nil { all.append(k) }
    all.sort { x, y in
        x.key != y.key ? x.key.lexicographicallyPrecedes(y.key) : x.occurrence < y.occurrence
    }
    return all.map { ($0, ia[$0], ib[$0]) }
}
