import BudgitModel

/// One unit's projects in every generated year, and what each year-over-year step changed.
public struct UnitPlan: Sendable {
    /// 0-based unit index; the files are `unit-(index+1)`.
    public var index: Int
    /// The 实施单位 its forms print.
    public var unit: String
    public var years: [Int]
    /// Parallel to `years`.
    public var projects: [[PlannedProject]]
    /// `changes[k]` is the step from `years[k]` to `years[k + 1]`.
    public var changes: [UnitYearChanges]

    /// The projects of `year` (empty when it was not generated).
    public func projects(in year: Int) -> [PlannedProject] {
        years.firstIndex(of: year).map { projects[$0] } ?? []
    }
}

/// A form the revision edited: the project before and after, and the manifest's description.
public struct RevisionEdit: Sendable {
    public var before: PlannedProject
    public var after: PlannedProject
    public var kind: String
    public var field: String
    public var from: String
    public var to: String
}

/// Generates a deterministic corpus of raw documents in the seeds' layouts.
///
/// Everything derives from ``CorpusConfiguration/seed``: the same configuration gives the same
/// bytes. Units are generated one at a time and written as they are done, so memory stays bounded
/// by one unit's documents and the manifest.
///
/// ```swift
/// let gen = CorpusGenerator(CorpusConfiguration(units: 40, projectsPerUnit: 50, years: [2022, 2023]))
/// let manifest = try gen.generate { path, text in try writer.write(path, text) }
/// ```
public struct CorpusGenerator: Sendable {
    public let config: CorpusConfiguration
    let root: CorpusRandom

    public init(_ config: CorpusConfiguration) {
        self.config = config
        root = CorpusRandom(seed: config.seed)
    }

    /// The 实施单位 of unit `index` (0-based).
    public func unitName(_ index: Int) -> String { CorpusVocabulary.unitName(index) }

    /// `unit-0001` for index 0.
    public static func fileStem(_ index: Int) -> String {
        let n = String(index + 1)
        return "unit-" + String(repeating: "0", count: max(0, 4 - n.count)) + n
    }

    /// `2022/unit-0001.txt`.
    public static func formPath(year: Int, unit index: Int) -> String { "\(year)/\(fileStem(index)).txt" }
    /// `2022/unit-0001-budget.txt`.
    public static func budgetPath(year: Int, unit index: Int) -> String { "\(year)/\(fileStem(index))-budget.txt" }
    /// `revision/2023/unit-0001.txt`.
    public static func revisionPath(year: Int, unit index: Int) -> String { "revision/\(year)/\(fileStem(index)).txt" }

    // MARK: Planning

    /// Plans unit `index`: its first year's projects and every later year's, evolved.
    public func plan(unit index: Int) -> UnitPlan {
        let unit = unitName(index)
        var planner = ProjectPlanner(rng: root.derived(index, 1), unit: unit, projectsPerUnit: config.projectsPerUnit)
        var projects: [[PlannedProject]] = []
        var changes: [UnitYearChanges] = []
        for (k, year) in config.years.enumerated() {
            if k == 0 {
                projects.append(planner.initial(year: year))
            } else {
                let (next, change) = planner.evolve(projects[k - 1], from: config.years[k - 1], to: year)
                projects.append(next)
                changes.append(change)
            }
        }
        return UnitPlan(index: index, unit: unit, years: config.years, projects: projects, changes: changes)
    }

    // MARK: Rendering

    /// One project's form text for `year`, with its own OCR quirks.
    public func renderForm(_ project: PlannedProject, unit index: Int, year: Int) -> FormRenderer.RenderedForm {
        FormRenderer.render(project, year: year, unit: unitName(index),
                            rng: root.derived(index, year, project.id, 7))
    }

    /// A unit's target-form document for `year` and its forms.
    public func formDocument(_ plan: UnitPlan, year: Int) -> (text: String, forms: [FormRenderer.RenderedForm]) {
        let forms = plan.projects(in: year).map { renderForm($0, unit: plan.index, year: year) }
        return (FormRenderer.document(forms), forms)
    }

    /// A unit's budgets, one per generated year (project spending = the year's form totals).
    public func budgets(_ plan: UnitPlan) -> [GeneratedBudget] {
        var r = root.derived(plan.index, 50)
        var state = BudgetState(rng: &r)
        var out: [GeneratedBudget] = []
        for (k, year) in plan.years.enumerated() {
            if k > 0 {
                var er = root.derived(plan.index, year, 51)
                state.evolve(rng: &er)
            }
            let projects = plan.projects[k]
            let total = projects.reduce(Money.zero) { $0 + $1.annual }
            out.append(UnitBudgetGenerator.generate(unit: plan.unit, year: year, state: state, projectTotal: total,
                                                    projectCount: projects.count, rng: root.derived(plan.index, year, 52)))
        }
        return out
    }

    // MARK: Revision

    /// Edits one form for the revision: a fund edit (年度资金申请总额 ±1–20%, the lines that
    /// depend on it alike) or a target edit (one indicator's target).
    public func revise(_ project: PlannedProject, unit index: Int, year: Int) -> RevisionEdit {
        var r = root.derived(index, year, project.id, 11)
        var p = project
        let fundEdit = p.indicators.isEmpty || r.chance(permille: 500)
        if fundEdit {
            let s = ProjectPlanner.step(p.precision)
            let up = r.chance(permille: 500) || p.currentAppropriation.fen < 4 * s
            let permille = r.int(10...200) * (up ? 1 : -1)
            var new = ProjectPlanner.round(Money(fen: p.annual.fen * Int64(1000 + permille) / 1000), precision: p.precision)
            if new == p.annual { new = Money(fen: p.annual.fen + s) }
            if (new - p.carryOver - p.otherAnnual).fen <= 0 { new = Money(fen: p.annual.fen + s) }
            let delta = new - p.annual
            p.annual = new
            p.total = p.span == nil ? new : max(p.total + delta, new)
            if p.total - p.otherTotal <= .zero { p.otherTotal = .zero }
            return RevisionEdit(before: project, after: p, kind: "fund", field: "annual",
                                from: project.annual.description, to: new.description)
        }
        let k = r.below(p.indicators.count)
        p.indicators[k].target = ProjectPlanner.changedTarget(p.indicators[k].target, rng: &r)
        return RevisionEdit(before: project, after: p, kind: "target", field: p.indicators[k].path,
                            from: project.indicators[k].importedTargetText, to: p.indicators[k].importedTargetText)
    }

    // MARK: Generation

    /// Generates the whole corpus, handing each file to `write` (a path relative to the output
    /// directory, and the text) as soon as it is made, `manifest.json` last.
    /// - Returns: the manifest.
    /// - Throws: whatever `write` throws.
    public func generate(write: (String, String) throws -> Void) throws -> CorpusManifest {
        let years = config.years
        var manifest = CorpusManifest(seed: String(config.seed), units: config.units,
                                      projectsPerUnit: config.projectsPerUnit, years: years,
                                      unitBudgets: config.unitBudgets, department: FormRenderer.department)
        var summaries = years.map {
            CorpusManifest.YearSummary(year: $0, documents: 0, forms: 0, indicators: 0, annualTotal: "0.00",
                                       budgetDocuments: 0, budgetLines: 0, formBytes: 0, budgetBytes: 0)
        }
        var annualTotals = [Money](repeating: .zero, count: years.count)
        var pairs = zip(years, years.dropFirst()).map { a, b -> CorpusManifest.YearPair in
            var p = CorpusManifest.YearPair(from: a, to: b)
            if config.unitBudgets { p.budgetLines = .init() }
            return p
        }
        var quirkCounts = [Int](repeating: 0, count: FormQuirk.allCases.count)

        // The revision: exactly round(F × percent) of the year's F forms, chosen by selection
        // sampling in unit and document order (needs F first: a planning-only pass).
        let revisionYear = config.effectiveRevisionYear
        var revision: CorpusManifest.Revision?
        var toEdit = 0, remaining = 0
        var selector = root.derived(-7)
        if let revisionYear {
            let forms = (0..<config.units).reduce(0) { $0 + plan(unit: $1).projects(in: revisionYear).count }
            toEdit = (forms * config.revisionBasisPoints + 5_000) / 10_000
            if toEdit == 0 && forms > 0 { toEdit = 1 }
            remaining = forms
            revision = .init(year: revisionYear, percent: Self.percentText(config.revisionBasisPoints),
                             directory: "revision/\(revisionYear)", forms: forms, editedCount: toEdit)
        }

        for u in 0..<config.units {
            let plan = plan(unit: u)
            var revisionForms: [FormRenderer.RenderedForm] = []
            for (k, year) in years.enumerated() {
                let (text, forms) = formDocument(plan, year: year)
                try write(Self.formPath(year: year, unit: u), text)
                summaries[k].documents += 1
                summaries[k].forms += forms.count
                summaries[k].indicators += plan.projects[k].reduce(0) { $0 + $1.indicators.count }
                summaries[k].formBytes += text.utf8.count
                annualTotals[k] = plan.projects[k].reduce(annualTotals[k]) { $0 + $1.annual }
                for f in forms { for q in f.quirks { quirkCounts[FormQuirk.allCases.firstIndex(of: q)!] += 1 } }
                if year == revisionYear { revisionForms = forms }
            }
            if config.unitBudgets {
                let budgets = budgets(plan)
                for (k, year) in years.enumerated() {
                    try write(Self.budgetPath(year: year, unit: u), budgets[k].text)
                    summaries[k].budgetDocuments += 1
                    summaries[k].budgetLines += budgets[k].lineCount
                    summaries[k].budgetBytes += budgets[k].text.utf8.count
                }
                for k in pairs.indices {
                    let c = Self.budgetLineCounts(budgets[k].expected, budgets[k + 1].expected)
                    pairs[k].budgetLines!.added += c.added
                    pairs[k].budgetLines!.removed += c.removed
                    pairs[k].budgetLines!.changed += c.changed
                    pairs[k].budgetLines!.unchanged += c.unchanged
                }
            }
            for (k, change) in plan.changes.enumerated() {
                let from = years[k], to = years[k + 1]
                let fromFile = Self.formPath(year: from, unit: u), toFile = Self.formPath(year: to, unit: u)
                pairs[k].matched += change.matched
                pairs[k].added += change.added.map { .init(unit: plan.unit, file: toFile, name: $0) }
                pairs[k].removed += change.removed.map { .init(unit: plan.unit, file: fromFile, name: $0) }
                pairs[k].renamed += change.renamed.map {
                    .init(unit: plan.unit, file: toFile, from: $0.from, to: $0.to, style: $0.style)
                }
                pairs[k].fundsChanged += change.fundsChanged
                pairs[k].fundsUnchanged += change.matched - change.fundsChanged
                pairs[k].indicatorsAdded += change.indicatorsAdded
                pairs[k].indicatorsRemoved += change.indicatorsRemoved
                pairs[k].targetsChanged += change.targetsChanged
            }
            if let revisionYear, revision != nil {
                let projects = plan.projects(in: revisionYear)
                for (i, p) in projects.enumerated() {
                    let pick = selector.below(remaining) < toEdit
                    remaining -= 1
                    guard pick else { continue }
                    toEdit -= 1
                    let e = revise(p, unit: u, year: revisionYear)
                    revisionForms[i] = renderForm(e.after, unit: u, year: revisionYear)
                    revision!.edited.append(.init(unit: plan.unit, file: Self.revisionPath(year: revisionYear, unit: u),
                                                  name: p.name(in: revisionYear), kind: e.kind, field: e.field,
                                                  from: e.from, to: e.to))
                }
                try write(Self.revisionPath(year: revisionYear, unit: u), FormRenderer.document(revisionForms))
            }
        }

        for k in years.indices { summaries[k].annualTotal = annualTotals[k].description }
        manifest.perYear = summaries
        manifest.evolution = pairs
        manifest.revision = revision
        manifest.quirks = FormQuirk.allCases.enumerated().map { .init(quirk: $0.element.rawValue, forms: quirkCounts[$0.offset]) }
            .sorted { $0.quirk < $1.quirk }
        try write("manifest.json", try Self.encode(manifest))
        return manifest
    }

    /// `100` → `1`, `50` → `0.5`, `1225` → `12.25`.
    static func percentText(_ bp: Int) -> String {
        let frac = bp % 100
        if frac == 0 { return "\(bp / 100)" }
        return "\(bp / 100)." + (frac % 10 == 0 ? "\(frac / 10)" : (frac < 10 ? "0\(frac)" : "\(frac)"))
    }

    /// The manifest as pretty-printed JSON with sorted keys and a final newline.
    public static func encode(_ manifest: CorpusManifest) throws -> String {
        try ManifestJSON.encode(manifest)
    }

    /// Budget lines of two years of one unit, keyed as budgit's line diff keys them: (table,
    /// side, code or name, occurrence).
    public static func budgetLineCounts(_ a: UnitBudget, _ b: UnitBudget) -> CorpusManifest.BudgetLineCounts {
        func keyed(_ u: UnitBudget) -> [(key: String, row: BudgetRow)] {
            var out: [(String, BudgetRow)] = []
            var seen: [String: Int] = [:]
            for t in u.tables.sorted(by: { $0.number < $1.number }) {
                for row in t.rows {
                    let id = row.code.map { "code:\($0)" } ?? "name:\(row.name)"
                    let base = "\(t.number)|\(row.side ?? "")|\(id)"
                    let n = seen[base, default: 0]
                    seen[base] = n + 1
                    out.append(("\(base)|\(n)", row))
                }
            }
            return out
        }
        let ka = keyed(a), kb = keyed(b)
        var inB: [String: BudgetRow] = [:]
        for (k, r) in kb { inB[k] = r }
        var counts = CorpusManifest.BudgetLineCounts()
        var matched = 0
        for (k, r) in ka {
            guard let other = inB[k] else { counts.removed += 1; continue }
            matched += 1
            if other.amounts == r.amounts && other.name == r.name { counts.unchanged += 1 } else { counts.changed += 1 }
        }
        counts.added = kb.count - matched
        return counts
    }
}
