import BudgitImport
import BudgitModel
import Testing
@testable import BudgitCorpus

/// Generated documents import with budgit's importer to exactly what the generator planned.
@Suite struct ImportTests {
    let corpus = TestCorpus.small

    @Test(arguments: [2022, 2023, 2024])
    func formsImportAsPlanned(year: Int) throws {
        let gen = CorpusGenerator(corpus.config)
        for u in 0..<corpus.config.units {
            let plan = gen.plan(unit: u)
            let path = CorpusGenerator.formPath(year: year, unit: u)
            let doc = try corpus.imported(path)
            #expect(doc.layout == "target-form-2022")
            #expect(doc.year == year)
            let planned = plan.projects(in: year)
            try #require(doc.projects.count == planned.count, "\(path): \(doc.projects.count) forms, planned \(planned.count)")
            for (form, p) in zip(doc.projects, planned) {
                let expected = p.expectedForm(year: year, unit: plan.unit, department: FormRenderer.department, file: path)
                #expect(form.indicators.count == p.indicators.count, "\(path) \(form.name)")
                #expect(form.comparable == expected.comparable, "\(path) \(form.name)")
                // Structured targets (`≥90%`, `=24.00(小时)`, `2160人`) keep comparator, number and unit.
                for (i, planned) in zip(form.indicators, p.indicators) {
                    if case .words = planned.target { continue }
                    let s = planned.target.structure
                    #expect(i.target.comparator == s.comparator && i.target.number == s.number && i.target.unit == s.unit,
                            "\(path) \(form.name) \(i.path): \(i.target) ≠ \(planned.target)")
                }
            }
            let errors = doc.diagnostics.filter { $0.severity == .error }
            #expect(errors.isEmpty, "\(path): \(errors.map(\.description))")
        }
    }

    /// A few amounts spelled out: what the generator meant in fen is what import read.
    @Test func exactAmounts() throws {
        let gen = CorpusGenerator(corpus.config)
        let plan = gen.plan(unit: 1)
        let doc = try corpus.imported(CorpusGenerator.formPath(year: 2022, unit: 1))
        for (form, p) in zip(doc.projects, plan.projects(in: 2022)).prefix(5) {
            #expect(form.fund(.total) == p.total)
            #expect(form.fund(.annual) == p.annual)
            #expect(form.fund(.fiscal) == p.fiscal)
            #expect(form.fund(.currentAppropriation) == p.currentAppropriation)
            #expect(form.funds.allSatisfy { $0.sourceUnit == .wanYuan })
        }
    }

    @Test func revisionImportsWithItsEdits() throws {
        let revision = try #require(corpus.manifest.revision)
        let gen = CorpusGenerator(corpus.config)
        for u in 0..<corpus.config.units {
            let original = try corpus.imported(CorpusGenerator.formPath(year: revision.year, unit: u))
            let revised = try corpus.imported(CorpusGenerator.revisionPath(year: revision.year, unit: u))
            let edits = revision.edited.filter { $0.unit == gen.unitName(u) }
            if edits.isEmpty {
                #expect(corpus.text(CorpusGenerator.formPath(year: revision.year, unit: u))
                        == corpus.text(CorpusGenerator.revisionPath(year: revision.year, unit: u)))
            }
            try #require(original.projects.count == revised.projects.count)
            for (a, b) in zip(original.projects, revised.projects) {
                #expect(a.name == b.name)
                let edit = edits.first { $0.name == a.name }
                if a.comparable == b.comparable {
                    #expect(edit == nil, "\(a.name) is listed as edited but imports unchanged")
                    continue
                }
                let e = try #require(edit, "\(a.name) changed but is not in the manifest")
                switch e.kind {
                case "fund":
                    #expect(a.fund(.annual)?.description == e.from)
                    #expect(b.fund(.annual)?.description == e.to)
                case "target":
                    let ia = try #require(a.indicators.first { $0.path == e.field })
                    let ib = try #require(b.indicators.first { $0.path == e.field })
                    #expect(ia.target.text == e.from)
                    #expect(ib.target.text == e.to)
                    #expect(a.indicators.filter { $0.path != e.field } == b.indicators.filter { $0.path != e.field })
                default:
                    Issue.record("unknown edit kind \(e.kind)")
                }
            }
        }
    }

    @Test func revisionEditsExactlyThePercentage() {
        let revision = corpus.manifest.revision!
        #expect(revision.forms == corpus.manifest.perYear.last!.forms)
        #expect(revision.editedCount == (revision.forms * 500 + 5_000) / 10_000)
        #expect(revision.edited.count == revision.editedCount)
        #expect(Set(revision.edited.map { [$0.unit, $0.name] }).count == revision.edited.count)
    }

    @Test(arguments: [2022, 2024])
    func budgetsImportAsPlanned(year: Int) throws {
        let gen = CorpusGenerator(corpus.config)
        for u in 0..<corpus.config.units {
            let plan = gen.plan(unit: u)
            let expected = gen.budgets(plan)[plan.years.firstIndex(of: year)!].expected
            let path = CorpusGenerator.budgetPath(year: year, unit: u)
            let doc = try corpus.imported(path)
            #expect(doc.layout == "unit-budget-2020")
            let budget = try #require(doc.unitBudget)
            #expect(budget.year == year)
            #expect(budget.unit == plan.unit)
            #expect(budget.title == expected.title)
            try #require(budget.tables.count == expected.tables.count, "\(path)")
            for (t, e) in zip(budget.tables, expected.tables) {
                #expect(t.number == e.number)
                #expect(t.title == e.title)
                #expect(t.sourceUnit == e.sourceUnit)
                #expect(t.remark == e.remark)
                #expect(t.rows.count == e.rows.count, "\(path) table \(t.number)")
                for (r, x) in zip(t.rows, e.rows) {
                    #expect(r.code == x.code && r.name == x.name && r.side == x.side && r.amounts == x.amounts,
                            "\(path) table \(t.number) line \(r.line): \(r.code?.description ?? "") \(r.name) \(r.amounts) ≠ \(x.amounts)")
                }
            }
            let errors = doc.diagnostics.filter { $0.severity == .error }
            #expect(errors.isEmpty, "\(path): \(errors.map(\.description))")
        }
    }
}
