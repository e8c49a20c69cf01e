import Foundation
import Testing
import BudgitModel
import BudgitImport
import BudgitCanonical
import BudgitCompare
import BudgitRender
import BudgitStore
import BudgitTestSupport
import BudgitCache
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

/// The parse cache: a compare at a commit keeps each unit folder it parsed, by tree id, and a later
/// compare reads it back with the same result; a damaged entry is read from git again and
/// rewritten; the working tree is never cached; git ignores the cache.
@Suite struct ParseCacheWorkspaceTests {
    @Test func cachedCompareEqualsParsedCompare() throws {
        let r = try TempRepo()
        var g = ModelGenerator(seed: 4242)
        var files: [(String, [UInt8])] = []
        for year in [2022, 2023] {
            for (i, unit) in ["单位甲", "单位乙", "单位丙"].enumerated() {
                for k in 0..<5 {
                    var p = g.project(); p.year = year; p.unit = unit; p.name = year == 2023 && k == 4 ? "绿化养护经费\(i)" : "项目\(i)-\(k)"
                    files.append((RepositoryLayout.projectPath(year: year, unit: unit, name: p.name), ProjectFile.write(p)))
                }
                var b = g.unitBudget(); b.year = year; b.unit = unit
                for part in UnitBudgetFile.writeParts(b) { files.append((RepositoryLayout.unitBudgetPath(year: year, unit: unit) + "/" + part.part.fileName, part.bytes)) }
            }
        }
        try FileWriter(root: r.path).apply(writes: files)
        try r.ws.repository.commitAll(message: "two years", author: sig)
        let cacheDir = r.path + "/.git/budgit/parsed-v\(FormArchive.version)"
        func entries() -> [String] {
            (FileManager.default.enumerator(atPath: cacheDir)?.allObjects as? [String] ?? []).filter { $0.count == 41 }.sorted()
        }
        // The working tree is not cached.
        let worktree = JSONRenderer.render(try r.ws.compareYears(2022, 2023, unit: nil, at: nil, options: CompareOptions()))
        #expect(entries().isEmpty)
        r.ws.usesParseCache = false
        let uncached = JSONRenderer.render(try r.ws.compareYears(2022, 2023, unit: nil, at: "HEAD", options: CompareOptions()))
        r.ws.usesParseCache = true
        #expect(entries().isEmpty)
        #expect(uncached == worktree)
        let cold = JSONRenderer.render(try r.ws.compareYears(2022, 2023, unit: nil, at: "HEAD", options: CompareOptions()))
        #expect(entries().count == 6, "one entry per unit folder and year")
        let warm = JSONRenderer.render(try r.ws.compareYears(2022, 2023, unit: nil, at: "HEAD", options: CompareOptions()))
        #expect(cold == uncached && warm == uncached)
        // Damage every entry in a different way: each is read from git again and rewritten.
        let damaged = entries()
        for (i, e) in damaged.enumerated() {
            let path = cacheDir + "/" + e
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            switch i % 3 {
            case 0: bytes = Array(bytes.prefix(bytes.count / 2))
            case 1: bytes = []
            default: bytes[bytes.count - 1] ^= 0xFF; bytes.append(7)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        let repaired = JSONRenderer.render(try r.ws.compareYears(2022, 2023, unit: nil, at: "HEAD", options: CompareOptions()))
        #expect(repaired == uncached)
        for e in damaged {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cacheDir + "/" + e)))
            var strings = StringTable()
            #expect((try? FormArchive.decode(bytes, folder: "", tree: String(e.filter { $0 != "/" }), strings: &strings)) == nil, "keyed to its folder")
            #expect(bytes.starts(with: Array("budgit parsed\n".utf8)), "\(e) rewritten")
        }
        // One unit only, from the cache.
        let one = try r.ws.compareYears(2022, 2023, unit: "单位乙", at: "HEAD", options: CompareOptions())
        #expect(one.summary.projects.added == 1 && one.summary.projects.removed == 1)
        // git does not see the cache.
        _ = try git(["fsck", "--strict"], in: r.path)
        #expect(try git(["status", "--porcelain"], in: r.path).isEmpty)
        // A cache that cannot be written (here a file where its folder would be) changes nothing.
        try FileManager.default.removeItem(atPath: r.path + "/.git/budgit")
        #expect(FileManager.default.createFile(atPath: r.path + "/.git/budgit", contents: Data("x".utf8)))
        let blocked = JSONRenderer.render(try r.ws.compareYears(2022, 2023, unit: nil, at: "HEAD", options: CompareOptions()))
        #expect(blocked == uncached)
    }
}

/// `documents(at:filter:)` for a year reads unit folders through the parse cache: the same
/// documents, in the same order, as reading file by file, simple text or not.
@Suite struct CachedDocumentsTests {
    @Test func cachedYearEqualsFileByFile() throws {
        let r = try TempRepo()
        var g = ModelGenerator(seed: 321)
        var files: [(String, [UInt8])] = []
        // Canonical text is NFC (docs/FORMAT.md), whose byte order is its string order; names
        // outside simple text (Latin letters with accents, spaces) still take the general path.
        for unit in ["单位乙", "Caf\u{E9} 单位", "单位甲", "\u{E9}a", "\u{E9}z"] {
            for k in 0..<4 {
                var p = g.project(); p.year = 2022; p.unit = unit; p.name = ["项目\(k)", "é\(k)", "\u{E9}x\(k)", "Ab\(k)"][k]
                files.append((RepositoryLayout.projectPath(year: 2022, unit: unit, name: p.name), ProjectFile.write(p)))
            }
            var b = g.unitBudget(); b.year = 2022; b.unit = unit
            for part in UnitBudgetFile.writeParts(b) { files.append((RepositoryLayout.unitBudgetPath(year: 2022, unit: unit) + "/" + part.part.fileName, part.bytes)) }
        }
        try FileWriter(root: r.path).apply(writes: files)
        r.ws.usesParseCache = false
        try r.ws.commitAll(message: "2022", author: sig)
        for filter in [DocumentFilter(year: 2022), DocumentFilter(year: 2022, unit: "单位甲"), DocumentFilter(year: 2022, unit: "\u{E9}z"), DocumentFilter(year: 2021)] {
            r.ws.usesParseCache = false
            let plain = try r.ws.documents(at: "HEAD", filter: filter)
            r.ws.usesParseCache = true
            for round in ["cold", "warm"] {
                let cached = try r.ws.documents(at: "HEAD", filter: filter)
                #expect(cached.projects.map(\.path) == plain.projects.map(\.path), "\(round) \(filter.unit ?? "all")")
                #expect(cached.projects.map(\.form) == plain.projects.map(\.form))
                #expect(cached.unitBudgets.map(\.path) == plain.unitBudgets.map(\.path))
                #expect(cached.unitBudgets.map(\.budget) == plain.unitBudgets.map(\.budget))
            }
            #expect(plain.projects.count == (filter.year == 2021 ? 0 : filter.unit == nil ? 20 : 4))
        }
    }
}

/// A commit parses the unit folders it changed into the parse cache, and only those.
@Suite struct CommitWarmsParseCacheTests {
    @Test func commitParsesWhatItChanged() throws {
        let r = try TempRepo()
        var g = ModelGenerator(seed: 99)
        func files(year: Int, units: [String], edit: String? = nil) -> [(String, [UInt8])] {
            var out: [(String, [UInt8])] = []
            for unit in units {
                for k in 0..<3 {
                    var p = g.project(); p.year = year; p.unit = unit; p.name = "项目\(k)"
                    if unit == edit { p.overallGoal = "改过的目标" }
                    out.append((RepositoryLayout.projectPath(year: year, unit: unit, name: p.name), ProjectFile.write(p)))
                }
            }
            return out
        }
        let cacheDir = r.path + "/.git/budgit/parsed-v\(FormArchive.version)"
        func entries() -> Set<String> {
            Set((FileManager.default.enumerator(atPath: cacheDir)?.allObjects as? [String] ?? []).filter { $0.count == 41 })
        }
        try FileWriter(root: r.path).apply(writes: files(year: 2022, units: ["甲", "乙"]))
        r.ws.usesParseCache = false
        try r.ws.commitAll(message: "2022, cache off", author: sig)
        #expect(entries().isEmpty)
        r.ws.usesParseCache = true
        try FileWriter(root: r.path).apply(writes: files(year: 2023, units: ["甲", "乙", "丙"]))
        let c2 = try r.ws.commitAll(message: "2023", author: sig)
        // 2023's three unit folders, not 2022's (the commit did not change them).
        #expect(entries().count == 3)
        let trees = try r.ws.repository.folderIDs(in: c2.id, under: "2023").map { String($0.id.description.prefix(2)) + "/" + $0.id.description.dropFirst(2) }
        #expect(entries() == Set(trees))
        // A revision of one unit: one more entry, the new tree of that unit.
        try FileWriter(root: r.path).apply(writes: files(year: 2023, units: ["乙"], edit: "乙"))
        let c3 = try r.ws.commitAll(message: "2023 revised", author: sig)
        #expect(entries().count == 4)
        #expect(r.ws.warmParseCache(commit: c3.id, parent: c2.id) == 0, "nothing left to parse")
        // The compare after the commit reads the cache and agrees with one that does not.
        let warm = JSONRenderer.render(try r.ws.compareYears(2022, 2023, unit: nil, at: "HEAD", options: CompareOptions()))
        r.ws.usesParseCache = false
        let plain = JSONRenderer.render(try r.ws.compareYears(2022, 2023, unit: nil, at: "HEAD", options: CompareOptions()))
        #expect(warm == plain)
        // Kept within its limit: at one byte, whatever a compare writes is pruned right after.
        r.ws.usesParseCache = true
        r.ws.parseCacheLimit = 1
        try FileManager.default.removeItem(atPath: cacheDir)
        let pruned = JSONRenderer.render(try r.ws.compareYears(2022, 2023, unit: nil, at: "HEAD", options: CompareOptions()))
        #expect(pruned == plain)
        #expect(entries().isEmpty)
    }
}

/// `diffRevisions` reads only the files whose ids differ, only the changed tables of a unit
/// budget, and compares unit by unit in parallel: its report must list the same changes as one
/// comparison of everything stored at the two revisions.
@Suite struct DiffWorkspaceTests {
    @Test(arguments: 0..<6)
    func diffOfChangedPartsEqualsWholeComparison(seed: Int) throws {
        let r = try TempRepo()
        var g = ModelGenerator(seed: UInt64(seed) &+ 900)
        var rng = SeededGenerator(seed: UInt64(seed) &+ 77)
        let units = (0..<5).map { "单位\($0)" }
        var forms: [ProjectForm] = [], budgets: [UnitBudget] = []
        for (i, u) in units.enumerated() {
            for k in 0..<6 { var p = g.project(); p.year = 2022; p.unit = u; p.name = "项目\(i)-\(k)"; forms.append(p) }
            var b = g.unitBudget(); b.year = 2022; b.unit = u; budgets.append(b)
        }
        func files(_ forms: [ProjectForm], _ budgets: [UnitBudget]) -> [(String, [UInt8])] {
            var out = forms.map { (RepositoryLayout.projectPath(year: $0.year, unit: $0.unit, name: $0.name), ProjectFile.write($0)) }
            for b in budgets {
                for p in UnitBudgetFile.writeParts(b) { out.append((RepositoryLayout.unitBudgetPath(year: b.year, unit: b.unit) + "/" + p.part.fileName, p.bytes)) }
            }
            return out
        }
        try FileWriter(root: r.path).apply(writes: files(forms, budgets))
        let a = try r.ws.repository.commitAll(message: "a", author: sig)
        // Edits: targets and funds of some forms, one form removed and one added, rows of some
        // tables changed, removed and added, a source line moved, a unit budget removed.
        var forms2 = forms, budgets2 = budgets
        for i in forms2.indices where Int.random(in: 0..<3, using: &rng) == 0 {
            if !forms2[i].indicators.isEmpty { forms2[i].indicators[0].target = g.target() }
            if !forms2[i].funds.isEmpty { forms2[i].funds[0].amount = Money(fen: forms2[i].funds[0].amount.fen + 100) }
        }
        let gone = forms2.remove(at: Int.random(in: 0..<forms2.count, using: &rng))
        var extra = g.project(); extra.year = 2022; extra.unit = units[1]; extra.name = "新项目"; forms2.append(extra)
        for u in budgets2.indices {
            for t in budgets2[u].tables.indices where Int.random(in: 0..<2, using: &rng) == 0 {
                for k in budgets2[u].tables[t].rows.indices.reversed() {
                    switch Int.random(in: 0..<6, using: &rng) {
                    case 0: budgets2[u].tables[t].rows.remove(at: k)
                    case 1: if !budgets2[u].tables[t].rows[k].amounts.isEmpty { budgets2[u].tables[t].rows[k].amounts[0] = Money(fen: Int64(k) * 101) }
                    case 2: budgets2[u].tables[t].rows.insert(BudgetRow(code: ClassificationCode(parts: ["299", "\(k + 10)"]), name: "新增\(k)", amounts: budgets2[u].tables[t].rows[k].amounts, line: 3), at: k)
                    case 3: budgets2[u].tables[t].rows[k].line += 5
                    default: break
                    }
                }
            }
        }
        budgets2.removeLast()
        try FileWriter(root: r.path).apply(writes: files(forms2, budgets2),
                                           deletions: [RepositoryLayout.projectPath(year: 2022, unit: gone.unit, name: gone.name)]
                                             + UnitBudgetFile.writeParts(budgets.last!).map { RepositoryLayout.unitBudgetPath(year: 2022, unit: units[4]) + "/" + $0.part.fileName })
        let b = try r.ws.repository.commitAll(message: "b", author: sig)
        for (x, y) in [(a.id.description, b.id.description as String?), (a.id.description, nil)] {
            let (diff, _) = try r.ws.diffRevisions(x, y, scope: "", options: CompareOptions())
            let whole = Comparison.compare(a: Snapshot(label: x, projects: forms, budgets: budgets),
                                           b: Snapshot(label: y ?? "working tree", projects: forms2, budgets: budgets2))
            #expect(diff.projects.added == whole.projects.added && diff.projects.removed == whole.projects.removed, "seed \(seed)")
            #expect(diff.projects.renamed == whole.projects.renamed && diff.projects.changed == whole.projects.changed, "seed \(seed)")
            #expect(diff.budgetLines == whole.budgetLines, "seed \(seed)")
            #expect(diff.summary.indicators == whole.summary.indicators && diff.summary.budgetLines == whole.summary.budgetLines, "seed \(seed)")
            #expect(!diff.budgetLines.changed.isEmpty || !diff.budgetLines.added.isEmpty, "seed \(seed): the edits reach the budget lines")
        }
    }
}

@Suite struct LegacyLayoutTests {
    /// A unit budget stored as one file (the layout before unit-budget/ parts) is reported, not
    /// silently skipped.
    @Test func aSingleFileUnitBudgetIsReportedWithWhatToDo() throws {
        let r = try TempRepo()
        var g = ModelGenerator(seed: 8)
        let b = g.unitBudget()
        try FileWriter(root: r.path).apply(writes: [("2020/u/unit-budget.jsonl", UnitBudgetFile.write(b))])
        do {
            _ = try r.ws.documents(at: nil, filter: DocumentFilter(year: 2020))
            Issue.record("the old layout was read without a word")
        } catch {
            #expect("\(error)".contains("2020/u/unit-budget.jsonl") && "\(error)".contains("re-import"), "\(error)")
        }
    }
}
