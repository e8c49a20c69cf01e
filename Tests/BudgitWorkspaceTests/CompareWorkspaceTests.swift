import Foundation
import Testing
import BudgitModel
import BudgitImport
import BudgitCanonical
import BudgitCompare
import BudgitStore
import BudgitTestSupport
@testable import BudgitWorkspace

/// compareYears splits the work by unit and merges the parts: the result must equal one
/// comparison of the whole years.
@Suite struct CompareWorkspaceTests {
    @Test func perUnitCompareEqualsWholeCompare() throws {
        let r = try TempRepo()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixtures + "/000_b8de17d7b47ea05c.txt")))
        var a = try Importer.parse(bytes: bytes, fileName: "000.txt").projects
        // Spread the forms over three units so that the split is exercised.
        for i in a.indices { a[i].unit = ["闵行区教育局", "闵行区七宝中学", "闵行区 马桥小学"][i % 3] }
        var (b, _) = NextYearBuilder.derive(a, seed: 11)
        for i in b.indices where b[i].unit == "闵行区 马桥小学" { b[i].unit = "闵行区马桥小学" }  // spelling drift
        let budgetBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixtures + "/001_c2baf747aff8c518.txt")))
        let budget = try #require(try Importer.parse(bytes: budgetBytes, fileName: "001.txt").unitBudget)
        var budgetA = budget; budgetA.year = 2022
        var budgetB = budget; budgetB.year = 2023
        budgetB.tables[2].rows[3].amounts[0] = Money(fen: 123)
        budgetB.tables[2].rows.remove(at: 5)
        var files: [(String, [UInt8])] = []
        for p in a + b { files.append((RepositoryLayout.projectPath(year: p.year, unit: p.unit, name: p.name), ProjectFile.write(p))) }
        for (year, b) in [(2022, budgetA), (2023, budgetB)] {
            for p in UnitBudgetFile.writeParts(b) { files.append((RepositoryLayout.unitBudgetPath(year: year, unit: budget.unit) + "/" + p.part.fileName, p.bytes)) }
        }
        try FileWriter(root: r.path).apply(writes: files)
        try r.ws.repository.commitAll(message: "two years", author: sig)
        for rev in [nil, "HEAD"] as [String?] {
            let split = try r.ws.compareYears(2022, 2023, unit: nil, at: rev, options: CompareOptions())
            let da = try r.ws.documents(at: rev, filter: DocumentFilter(year: 2022))
            let db = try r.ws.documents(at: rev, filter: DocumentFilter(year: 2023))
            let whole = Comparison.compare(a: Snapshot(label: "2022", projects: da.projects.map(\.form), budgets: da.unitBudgets.map(\.budget)),
                                           b: Snapshot(label: "2023", projects: db.projects.map(\.form), budgets: db.unitBudgets.map(\.budget)))
            #expect(JSONRenderer.render(split) == JSONRenderer.render(whole), "rev \(rev ?? "worktree")")
            #expect(split.budgetLines.changed.count == 1 && split.budgetLines.removed.count == 1)
            #expect(!split.projects.changed.isEmpty)
        }
    }
}
