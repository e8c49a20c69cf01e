import Testing
import BudgitImport
import BudgitModel
@testable import BudgitCorpus

/// A corpus generated in memory: every file by path, in the order written.
struct TestCorpus {
    let config: CorpusConfiguration
    let paths: [String]
    let texts: [String]
    let manifest: CorpusManifest

    init(_ config: CorpusConfiguration) throws {
        self.config = config
        var paths: [String] = [], texts: [String] = []
        manifest = try CorpusGenerator(config).generate { path, text in paths.append(path); texts.append(text) }
        self.paths = paths; self.texts = texts
    }

    /// The text of a file, or nil when it was not written.
    func text(_ path: String) -> String? { paths.firstIndex(of: path).map { texts[$0] } }

    /// Imports a generated file with budgit's importer.
    func imported(_ path: String) throws -> ImportedDocument {
        let content = try #require(self.text(path), "no file \(path)")
        return try Importer.parse(bytes: Array(content.utf8), fileName: String(path.split(separator: "/").last!))
    }

    /// The small corpus most tests share: 6 units × 12 projects, three years, budgets, 5% revised.
    static let small: TestCorpus = {
        try! TestCorpus(CorpusConfiguration(units: 6, projectsPerUnit: 12, years: [2022, 2023, 2024], seed: 20240601,
                                            unitBudgets: true, revisionBasisPoints: 500))
    }()
}

extension ProjectForm {
    /// The facts the generator controls, without source lines, for comparing an import with the plan.
    var comparable: [String] {
        var out = ["year=\(year)", "name=\(name)", "unit=\(unit)", "department=\(department ?? "")",
                   "categories=\(categories.joined(separator: ","))", "start=\(startDate ?? "")", "end=\(endDate ?? "")",
                   "period=\(goalPeriod ?? "")", "overall=\(overallGoal ?? "")", "annual=\(annualGoal ?? "")"]
        out += funds.sorted { $0.kind < $1.kind }.map { "fund \($0.kind.rawValue)=\($0.amount) \($0.sourceUnit.rawValue)" }
        out += indicators.map { "indicator \($0.path) target=\($0.target.text)" }
        return out
    }
}
