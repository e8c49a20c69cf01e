import BudgitModel

/// A project renamed between two years.
public struct ProjectRename: Sendable, Hashable {
    public var from: String
    public var to: String
    /// `year-token`, `ordinal` or `wording`.
    public var style: String
}

/// What one year-over-year step did to one unit's projects: the ground truth a compare of the
/// two years should find.
public struct UnitYearChanges: Sendable, Hashable {
    public var added: [String] = []
    public var removed: [String] = []
    public var renamed: [ProjectRename] = []
    /// Projects present in both years.
    public var matched = 0
    /// Matched projects with at least one funding line changed.
    public var fundsChanged = 0
    public var indicatorsAdded = 0
    public var indicatorsRemoved = 0
    public var targetsChanged = 0
}

/// Plans one unit's projects: the first year's forms, then each following year's by evolving the
/// previous one. All randomness comes from streams derived from the unit's.
struct ProjectPlanner {
    let rng: CorpusRandom
    let unit: String
    let projectsPerUnit: Int
    private var nextID = 0
    /// Every normalised name the unit ever used (a new project never reuses one).
    private var everUsed: [String] = []

    init(rng: CorpusRandom, unit: String, projectsPerUnit: Int) {
        self.rng = rng; self.unit = unit; self.projectsPerUnit = projectsPerUnit
    }

    /// The similarity (permille) under which two unrelated names are kept.
    static let distinctBelow = 760
    /// The similarity (permille) a wording rename keeps at least.
    static let renameAtLeast = 820

    // MARK: First year

    mutating func initial(year: Int) -> [PlannedProject] {
        var r = rng.derived(year, 1)
        var out: [PlannedProject] = []
        var shapes: [NameShape] = []
        var attempts = 0
        while out.count < projectsPerUnit && attempts < projectsPerUnit * 4 {
            attempts += 1
            if let p = newProject(year: year, firstYear: true, avoiding: &shapes, rng: &r) { out.append(p) }
        }
        return out
    }

    /// A new project with a name unlike every name in `shapes` (which it is added to).
    mutating func newProject(year: Int, firstYear: Bool, avoiding shapes: inout [NameShape],
                             rng r: inout CorpusRandom) -> PlannedProject? {
        let kindIndex = r.below(CorpusVocabulary.topics.count)
        // Name: a topic, with a suffix or a qualifier; retried until it is unlike the others.
        var chosen: (base: String, topic: String, kind: Int, style: NameStyle, shape: NameShape)?
        let multiYear = r.chance(permille: 40)
        let ordinal = multiYear && r.chance(permille: 200)
        let spanStart = firstYear ? year - r.below(2) : year
        for attempt in 0..<200 {
            let (kind, list) = CorpusVocabulary.topics[(kindIndex + attempt) % CorpusVocabulary.topics.count]
            let topic = r.pick(list)
            var base = topic
            var style = NameStyle.plain
            let qualifiers = CorpusVocabulary.qualifiers(kind)
            let qualify = r.chance(permille: 350)
            let suffix = r.pick(CorpusVocabulary.suffixes(kind))
            let qualifier = qualifiers.isEmpty ? "" : r.pick(qualifiers)
            if ordinal {
                style = .ordinal(startYear: spanStart)
            } else if (kind == .information || kind == .maintenance) && r.chance(permille: 45) {
                // `标准化考场网上视频巡查系统(2022运维)`: the year token is the only bracket.
                style = .yearToken(word: r.pick(CorpusVocabulary.yearTokenWords))
            }
            if case .yearToken = style {
            } else if qualify && !qualifier.isEmpty {
                base += "(" + qualifier + ")"
            } else {
                base += suffix
            }
            let shape = NameShape(base: base, style: style)
            if everUsed.contains(shape.normalized) { continue }
            if shapes.contains(where: { $0.dicePermille(shape) >= Self.distinctBelow }) { continue }
            chosen = (base, topic, kind.rawValue, style, shape)
            break
        }
        guard let chosen else { return nil }
        shapes.append(chosen.shape)
        everUsed.append(chosen.shape.normalized)
        let kind = CorpusVocabulary.Kind(rawValue: chosen.kind)!

        // Categories: 专项资金 mostly; 经常性 or 一次性.
        var categories = [r.chance(permille: 700), false, false]
        let oneOff = kind == .purchase || kind == .construction ? 450 : 150
        switch r.below(1000) {
        case ..<30: break
        case ..<(30 + oneOff): categories[2] = true
        default: categories[1] = true
        }
        if r.chance(permille: 30) { categories[1] = true; categories[2] = true }

        let precision = r.weighted([40, 22, 32, 2, 4])
        let annual = Self.drawAmount(precision: precision, rng: &r)
        let span: ClosedRange<Int>? = multiYear ? spanStart...(spanStart + 2) : nil
        var total = annual
        if let span {
            let years = Int64(span.count)
            total = Self.round(Money(fen: annual.fen * years + Int64(r.below(1000)) * annual.fen / 4000), precision: precision)
        }
        var project = PlannedProject(
            id: nextID, base: chosen.base, style: chosen.style, kind: chosen.kind, topic: chosen.topic,
            categories: categories, precision: precision, total: total, annual: annual,
            carryOver: .zero, otherTotal: .zero, otherAnnual: .zero, span: span,
            overallGoal: Self.goal(CorpusVocabulary.overallSentences, count: r.int(4...6), topic: chosen.topic, unit: unit, rng: &r),
            annualGoal: Self.goal(CorpusVocabulary.annualSentences, count: r.int(2...4), topic: chosen.topic, unit: unit, rng: &r),
            indicators: Self.indicators(kind: kind, topic: chosen.topic, rng: &r))
        nextID += 1
        Self.drawSideFunds(&project, rng: &r)
        return project
    }

    /// Whole sentences of a goal, joined with `，` and ended with `。`.
    static func goal(_ sentences: [String], count: Int, topic: String, unit: String, rng r: inout CorpusRandom) -> String {
        var pool = sentences
        var chosen: [String] = []
        for _ in 0..<min(count, pool.count) {
            let k = r.below(pool.count)
            chosen.append(pool.remove(at: k))
        }
        return chosen.map { $0.replacingOccurrences(of: "{T}", with: topic).replacingOccurrences(of: "{U}", with: unit) }
            .joined(separator: "，") + "。"
    }

    // MARK: Amounts

    /// One step of a project's precision, in fen: 1 万元 for 0 decimals … 1 元 for 4.
    static func step(_ precision: Int) -> Int64 {
        var s: Int64 = 1_000_000
        for _ in 0..<precision { s /= 10 }
        return s
    }

    /// Rounds to the project's precision (half up), never below one step.
    static func round(_ m: Money, precision: Int) -> Money {
        let s = step(precision)
        return Money(fen: max(s, (m.fen + s / 2) / s * s))
    }

    /// An annual amount: 1–10 000 万元, mostly 10–1000.
    static func drawAmount(precision: Int, rng r: inout CorpusRandom) -> Money {
        let decade = r.weighted([15, 45, 32, 8])
        var lo: Int64 = 1_000_000  // 1 万元 in fen
        for _ in 0..<decade { lo *= 10 }
        let steps = Int((lo * 9) / 100)  // in 元
        let fen = lo + Int64(r.below(steps)) * 100
        return round(Money(fen: fen), precision: precision)
    }

    /// 上年结转资金 (4%) and 其他资金 (3%), redrawn every year.
    static func drawSideFunds(_ p: inout PlannedProject, rng r: inout CorpusRandom) {
        p.carryOver = .zero; p.otherAnnual = .zero; p.otherTotal = .zero
        let s = step(p.precision)
        if r.chance(permille: 40) {
            let c = round(Money(fen: p.annual.fen * Int64(r.int(5...30)) / 100), precision: p.precision)
            if c.fen + s < p.annual.fen { p.carryOver = c }
        }
        if r.chance(permille: 30) {
            let o = round(Money(fen: p.annual.fen * Int64(r.int(5...20)) / 100), precision: p.precision)
            if o.fen + p.carryOver.fen + s < p.annual.fen {
                p.otherAnnual = o
                p.otherTotal = p.span == nil ? o : Money(fen: o.fen * Int64(p.span!.count))
                if p.otherTotal.fen + s > p.total.fen { p.otherAnnual = .zero; p.otherTotal = .zero }
            }
        }
    }

    /// Drifts the amounts: 20% unchanged, most ±1–15%, a few −40…+60%.
    static func driftFunds(_ p: inout PlannedProject, rng r: inout CorpusRandom) {
        let kind = r.weighted([200, 750, 50])
        let mode = r.below(2)
        var permille = 0
        switch kind {
        case 0: permille = 0
        case 1: permille = r.int(1...150) * (mode == 0 ? 1 : -1)
        default: permille = mode == 0 ? r.int(151...600) : -r.int(151...400)
        }
        if permille != 0 {
            let old = p.annual
            var new = round(Money(fen: old.fen * Int64(1000 + permille) / 1000), precision: p.precision)
            if new == old { new = Money(fen: old.fen + step(p.precision)) }
            p.annual = new
            if p.span == nil {
                p.total = new
            } else if p.total < new {
                p.total = round(Money(fen: new.fen * Int64(p.span!.count)), precision: p.precision)
            }
        }
        drawSideFunds(&p, rng: &r)
    }

    // MARK: Indicators

    static func indicators(kind: CorpusVocabulary.Kind, topic: String, rng r: inout CorpusRandom) -> [PlannedIndicator] {
        let counts: [(String, Int)] = [
            ("数量目标", r.int(1...5)), ("质量目标", r.int(1...3)), ("时效目标", r.int(1...2)),
            ("成本目标", r.chance(permille: 50) ? 1 : 0),
            ("社会效益目标", r.int(1...3)), ("经济效益目标", r.chance(permille: 40) ? 1 : 0),
            ("满意度目标", r.int(1...2)), ("可持续性目标", r.chance(permille: 920) ? 1 : 0),
        ]
        var out: [PlannedIndicator] = []
        for (l2, n) in counts {
            for _ in 0..<n {
                if let ind = newIndicator(l2: l2, kind: kind, topic: topic, existing: out, rng: &r) { out.append(ind) }
            }
        }
        return out
    }

    /// An indicator under `l2` whose name is not yet in `existing`.
    static func newIndicator(l2: String, kind: CorpusVocabulary.Kind, topic: String, existing: [PlannedIndicator],
                             rng r: inout CorpusRandom) -> PlannedIndicator? {
        let l1 = CorpusVocabulary.level2.first { $0.l2 == l2 }!.l1
        let templates = CorpusVocabulary.templates(l2, kind: kind)
        let start = r.below(templates.count)
        let draw = r.next()
        for k in 0..<templates.count {
            let t = templates[(start + k) % templates.count]
            let name = t.name.replacingOccurrences(of: "{T}", with: topic)
            if existing.contains(where: { $0.level3 == name }) { continue }
            var local = CorpusRandom(seed: draw &+ UInt64(k))
            let target = makeTarget(t.target, rng: &local)
            var misprint = TargetMisprint.none
            if case .percent("≥", _, false) = target {
                let m = local.below(1000)
                misprint = m < 15 ? .geq : (m < 18 ? .latex : .none)
            }
            return PlannedIndicator(level1: l1, level2: l2, level3: name, target: target, misprint: misprint)
        }
        return nil
    }

    static func makeTarget(_ maker: CorpusVocabulary.TargetMaker, rng r: inout CorpusRandom) -> PlannedTarget {
        switch maker {
        case let .percent(comps, range):
            let c = r.pick(comps), v = r.int(range)
            let paren = c == "=" && v == 100 && r.chance(permille: 150)
            return .percent(comparator: c, value: v, parenthesized: paren)
        case let .count(comps, range, units):
            var c = r.pick(comps)
            let v = r.int(range)
            if v == 0 && c != "=" { c = "=" }
            return .count(comparator: c, value: v, unit: r.pick(units))
        case let .hours(list):
            return .hours(r.pick(list))
        case let .words(list):
            return .words(r.pick(list))
        }
    }

    /// A different target of the same shape: `≥90%` → `≥95%`, `2160人` → `2376人`, `及时` → `及时，12月`.
    static func changedTarget(_ t: PlannedTarget, rng r: inout CorpusRandom) -> PlannedTarget {
        switch t {
        case let .percent(c, v, p):
            return .percent(comparator: c, value: v <= 95 ? v + 5 : v - 5, parenthesized: p)
        case let .count(c, v, u):
            let delta = max(1, v * r.int(5...25) / 100)
            let down = r.chance(permille: 350) && v - delta >= 0
            return .count(comparator: c, value: down ? v - delta : v + delta, unit: u)
        case let .hours(h):
            let options = [2, 4, 8, 12, 24, 48].filter { $0 != h }
            return .hours(r.pick(options))
        case let .words(w):
            let options = Self.wordTargets.filter { $0 != w && $0.hasPrefix(String(w.prefix(1))) }
            if !options.isEmpty { return .words(r.pick(options)) }
            return .words(w + "，持续改进")
        }
    }

    /// Word targets a changed word target may become (same first character keeps it plausible).
    static let wordTargets = ["及时", "及时，12月", "及时，11月", "及时，4月、10月", "11月底前", "12月底前", "10月底前",
                              "有提升", "有所提高", "有效", "有效提高", "健全且有效", "健全", "建立健全",
                              "明显提升", "明显改善", "相符", "符合要求", "合规", "准确", "按计划完成", "按合同约定",
                              "逐步提升", "优良", "良好", "可持续", "长期有效"]

    // MARK: Evolution

    /// The projects of year `to`, evolved from those of year `from`, and what changed.
    mutating func evolve(_ projects: [PlannedProject], from: Int, to: Int) -> ([PlannedProject], UnitYearChanges) {
        let r = rng.derived(to, 2)
        var changes = UnitYearChanges()
        var kept: [PlannedProject] = []
        var goneShapes: [NameShape] = []   // removed, and the old names of wording renames
        var wording: [(index: Int, old: NameShape)] = []
        for p in projects {
            let ended = p.span.map { $0.upperBound < to } ?? false
            // Draw every decision up front so that one project's draws do not depend on another's.
            var pr = r.derived(p.id)
            let removeDraw = pr.chance(permille: 30)
            let renameDraw = pr.chance(permille: 4)
            if (ended || removeDraw) && projects.count - changes.removed.count > 1 {
                changes.removed.append(p.name(in: from))
                goneShapes.append(NameShape(base: p.base, style: p.style))
                continue
            }
            var q = p
            // The unit's last project outlives its plan: its span is extended rather than ended.
            if ended, let span = q.span { q.span = span.lowerBound...to }
            Self.driftFunds(&q, rng: &pr)
            evolveIndicators(&q, changes: &changes, rng: &pr)
            if Self.fundLines(p) != Self.fundLines(q) { changes.fundsChanged += 1 }
            if renameDraw, case .plain = q.style { wording.append((kept.count, NameShape(base: q.base, style: q.style))) }
            kept.append(q)
        }
        // Wording renames: a small edit that keeps the name close to the old one, far from the rest.
        var current = kept.map { NameShape(base: $0.base, style: $0.style) }
        for (index, old) in wording {
            var wr = r.derived(kept[index].id, 3)
            let start = wr.below(CorpusVocabulary.wordingEdits.count)
            for k in 0..<CorpusVocabulary.wordingEdits.count {
                let (find, replace) = CorpusVocabulary.wordingEdits[(start + k) % CorpusVocabulary.wordingEdits.count]
                let base = kept[index].base
                let newBase: String
                if find.isEmpty {
                    if base.hasSuffix(replace) { continue }
                    newBase = base + replace
                } else {
                    guard base.contains(find), !base.contains(replace) else { continue }
                    newBase = base.replacingOccurrences(of: find, with: replace)
                }
                let shape = NameShape(base: newBase, style: .plain)
                guard shape.dicePermille(old) >= Self.renameAtLeast, !everUsed.contains(shape.normalized) else { continue }
                let others = current.enumerated().filter { $0.offset != index }.map(\.element) + goneShapes
                guard !others.contains(where: { $0.dicePermille(shape) >= Self.distinctBelow }) else { continue }
                changes.renamed.append(.init(from: kept[index].name(in: from), to: newBase, style: "wording"))
                kept[index].base = newBase
                current[index] = shape
                everUsed.append(shape.normalized)
                goneShapes.append(old)
                break
            }
        }
        for p in kept {
            switch p.style {
            case .yearToken: changes.renamed.append(.init(from: p.name(in: from), to: p.name(in: to), style: "year-token"))
            case .ordinal: changes.renamed.append(.init(from: p.name(in: from), to: p.name(in: to), style: "ordinal"))
            case .plain: break
            }
        }
        changes.matched = kept.count
        // Additions, at random places, unlike every current and departed name.
        var result = kept
        var avoid = current + goneShapes
        let base = projects.count
        var ar = r.derived(-1)
        for _ in 0..<base where ar.chance(permille: 30) {
            guard let p = newProject(year: to, firstYear: false, avoiding: &avoid, rng: &ar) else { continue }
            result.insert(p, at: ar.below(result.count + 1))
            changes.added.append(p.name(in: to))
        }
        changes.renamed.sort { ($0.from, $0.to) < ($1.from, $1.to) }
        return (result, changes)
    }

    /// Indicators removed (2%), targets changed (5%), indicators added (2%).
    func evolveIndicators(_ p: inout PlannedProject, changes: inout UnitYearChanges, rng r: inout CorpusRandom) {
        let kind = CorpusVocabulary.Kind(rawValue: p.kind)!
        var out: [PlannedIndicator] = []
        var additions = 0
        var removedHere = 0
        for ind in p.indicators {
            let remove = r.chance(permille: 20)
            let change = r.chance(permille: 50)
            let changeDraw = r.next()
            if r.chance(permille: 20) { additions += 1 }
            if remove && p.indicators.count - removedHere > 5 {
                removedHere += 1
                changes.indicatorsRemoved += 1
                continue
            }
            var i = ind
            if change {
                var cr = CorpusRandom(seed: changeDraw)
                i.target = Self.changedTarget(i.target, rng: &cr)
                changes.targetsChanged += 1
            }
            out.append(i)
        }
        let groups = ["数量目标", "质量目标", "时效目标", "社会效益目标", "满意度目标"]
        for _ in 0..<additions {
            let l2 = r.pick(groups)
            // Never the name of an indicator just removed: that would be a target change, not an addition.
            guard let ind = Self.newIndicator(l2: l2, kind: kind, topic: p.topic, existing: out + p.indicators, rng: &r) else { continue }
            let rank = CorpusVocabulary.level2Rank(l2)
            let at = out.lastIndex { CorpusVocabulary.level2Rank($0.level2) <= rank }.map { $0 + 1 } ?? 0
            out.insert(ind, at: at)
            changes.indicatorsAdded += 1
        }
        p.indicators = out
    }

    static func fundLines(_ p: PlannedProject) -> [String] {
        p.expectedFunds.map { "\($0.0.rawValue)=\($0.1)" }
    }
}
