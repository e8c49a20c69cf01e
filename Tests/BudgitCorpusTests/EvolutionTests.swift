import BudgitImport
import BudgitModel
import Testing
@testable import BudgitCorpus

/// The manifest's account of each year-over-year step agrees with what import reads from the text.
@Suite struct EvolutionTests {
    let corpus = TestCorpus.small

    @Test func projectChangesMatchTheImportedText() throws {
        let gen = CorpusGenerator(corpus.config)
        for pair in corpus.manifest.evolution {
            var matched = 0, fundsChanged = 0, added = 0, removed = 0, targets = 0
            for u in 0..<corpus.config.units {
                let unit = gen.unitName(u)
                let a = try corpus.imported(CorpusGenerator.formPath(year: pair.from, unit: u)).projects
                let b = try corpus.imported(CorpusGenerator.formPath(year: pair.to, unit: u)).projects
                let namesA = a.map(\.name), namesB = b.map(\.name)
                let renames = pair.renamed.filter { $0.unit == unit }
                let gone = Set(namesA).subtracting(namesB), new = Set(namesB).subtracting(namesA)
                #expect(gone == Set(pair.removed.filter { $0.unit == unit }.map(\.name) + renames.map(\.from)), "\(unit) \(pair.from)")
                #expect(new == Set(pair.added.filter { $0.unit == unit }.map(\.name) + renames.map(\.to)), "\(unit) \(pair.to)")
                // Pairs: same name, or a manifest rename.
                for x in a {
                    let newName = renames.first { $0.from == x.name }?.to ?? x.name
                    guard let y = b.first(where: { $0.name == newName }) else { continue }
                    matched += 1
                    if x.funds.map({ "\($0.kind)=\($0.amount)" }).sorted() != y.funds.map({ "\($0.kind)=\($0.amount)" }).sorted() {
                        fundsChanged += 1
                    }
                    let pathsA = x.indicators.map(\.path), pathsB = y.indicators.map(\.path)
                    #expect(Set(pathsA).count == pathsA.count && Set(pathsB).count == pathsB.count, "indicator names repeat in \(x.name)")
                    added += Set(pathsB).subtracting(pathsA).count
                    removed += Set(pathsA).subtracting(pathsB).count
                    for i in x.indicators {
                        if let j = y.indicators.first(where: { $0.path == i.path }), j.target.text != i.target.text { targets += 1 }
                    }
                }
            }
            #expect(matched == pair.matched)
            #expect(fundsChanged == pair.fundsChanged)
            #expect(pair.fundsUnchanged == pair.matched - pair.fundsChanged)
            #expect(added == pair.indicatorsAdded)
            #expect(removed == pair.indicatorsRemoved)
            #expect(targets == pair.targetsChanged)
        }
    }

    /// Renames look like the seeds': `(2022运维)`→`(2023运维)`, `（第二年）`→`（第三年）`, small edits.
    @Test func renamesFollowTheSeedsStyles() throws {
        for pair in corpus.manifest.evolution {
            for r in pair.renamed {
                switch r.style {
                case "year-token":
                    #expect(r.from.contains("(\(pair.from)") && r.to == r.from.replacingOccurrences(of: "(\(pair.from)", with: "(\(pair.to)"))
                case "ordinal":
                    #expect(r.from.hasSuffix("年）") && r.to.hasSuffix("年）") && r.from != r.to)
                case "wording":
                    #expect(NameShape(base: r.from, style: .plain).dicePermille(NameShape(base: r.to, style: .plain)) >= 800)
                default:
                    Issue.record("unknown rename style \(r.style)")
                }
            }
        }
    }

    @Test func budgetLineCountsMatchTheImportedBudgets() throws {
        for pair in corpus.manifest.evolution {
            var total = CorpusManifest.BudgetLineCounts()
            for u in 0..<corpus.config.units {
                let a = try #require(try corpus.imported(CorpusGenerator.budgetPath(year: pair.from, unit: u)).unitBudget)
                let b = try #require(try corpus.imported(CorpusGenerator.budgetPath(year: pair.to, unit: u)).unitBudget)
                let c = CorpusGenerator.budgetLineCounts(a, b)
                total.added += c.added; total.removed += c.removed; total.changed += c.changed; total.unchanged += c.unchanged
            }
            #expect(total == pair.budgetLines)
        }
    }

    /// At a larger scale the evolution rates are about the ones asked for.
    @Test func ratesAreRealistic() throws {
        let config = CorpusConfiguration(units: 40, projectsPerUnit: 50, years: [2022, 2023], seed: 99, revisionBasisPoints: 0)
        let gen = CorpusGenerator(config)
        var forms = 0, indicators = 0
        var changes = UnitYearChanges()
        for u in 0..<config.units {
            let plan = gen.plan(unit: u)
            forms += plan.projects[0].count
            indicators += plan.projects[0].reduce(0) { $0 + $1.indicators.count }
            let c = plan.changes[0]
            changes.added += c.added; changes.removed += c.removed; changes.renamed += c.renamed
            changes.matched += c.matched; changes.fundsChanged += c.fundsChanged
            changes.indicatorsAdded += c.indicatorsAdded; changes.indicatorsRemoved += c.indicatorsRemoved
            changes.targetsChanged += c.targetsChanged
        }
        #expect(forms == 2000)
        func permille(_ n: Int, of d: Int) -> Int { n * 1000 / d }
        #expect((15...50).contains(permille(changes.removed.count, of: forms)))
        #expect((15...50).contains(permille(changes.added.count, of: forms)))
        #expect((8...40).contains(permille(changes.renamed.count, of: forms)))
        #expect((700...900).contains(permille(changes.fundsChanged, of: changes.matched)))
        #expect((10...35).contains(permille(changes.indicatorsAdded, of: indicators)))
        #expect((10...35).contains(permille(changes.indicatorsRemoved, of: indicators)))
        #expect((35...70).contains(permille(changes.targetsChanged, of: indicators)))
    }
}
