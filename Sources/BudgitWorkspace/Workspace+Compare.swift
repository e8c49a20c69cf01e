import BudgitModel
import BudgitCanonical
import BudgitCompare
import BudgitStore

extension Workspace {
    /// Year-over-year comparison of what is stored for two years at a revision (nil: the
    /// working tree).
    public func compareYears(_ a: Int, _ b: Int, unit: String?, at rev: String?, options: CompareOptions) throws(LoadError) -> ComparisonReport {
        let da = try documents(at: rev, filter: DocumentFilter(year: a, unit: unit))
        let db = try documents(at: rev, filter: DocumentFilter(year: b, unit: unit))
        if da.projects.isEmpty && da.unitBudgets.isEmpty && db.projects.isEmpty && db.unitBudgets.isEmpty {
            throw .nothingStored("nothing stored for \(a) or \(b)\(unit.map { " of \($0)" } ?? "") in \(rev ?? "the working tree"): import and commit them first (`budgit show --year Y` lists what is stored)")
        }
        return Comparison.compare(a: Snapshot(label: String(a), projects: da.projects.map(\.form), budgets: da.unitBudgets.map(\.budget)),
                                  b: Snapshot(label: String(b), projects: db.projects.map(\.form), budgets: db.unitBudgets.map(\.budget)),
                                  options: options)
    }

    /// The semantic diff of two revisions (`b` nil: the working tree). Only the files whose
    /// object ids differ are read and parsed, so the cost follows what changed; the totals of the
    /// report are those of the changed documents (unchanged ones add the same to both sides).
    /// - Parameter scope: limit to a folder (`2022`, `2022/UNIT`), or "" for everything.
    public func diffRevisions(_ a: String, _ b: String?, scope: String, options: CompareOptions) throws(LoadError) -> (ComparisonReport, changedFiles: Int) {
        var changed: [(path: String, old: ObjectID?, new: [UInt8]?)] = []
        do {
            let ida = try repository.resolve(a)
            if let b {
                let idb = try repository.resolve(b)
                for c in try repository.changedPaths(from: ida, to: idb, under: scope) {
                    changed.append((c.path, c.oldID, try c.newID.map { id throws(StoreError) in try repository.blob(id) }))
                }
            } else {
                // Working tree: the paths that differ from HEAD (git status), plus those that differ
                // between `a` and HEAD.
                var paths = Set(try repository.status().map(\.path).filter { scope.isEmpty || $0.hasPrefix(scope + "/") || $0 == scope })
                if let head = try repository.headCommitID(), head != ida {
                    for c in try repository.changedPaths(from: ida, to: head, under: scope) { paths.insert(c.path) }
                }
                for p in paths.sorted() {
                    let old = try repository.entryID(p, in: ida)
                    let new = writer.read(p)
                    if let old, let new, try repository.hashBlob(new) == old { continue }
                    changed.append((p, old, new))
                }
            }
        } catch { throw .store(error) }
        var before = StoredDocuments(), after = StoredDocuments()
        var count = 0
        for c in changed where RepositoryLayout.classify(c.path) != .other {
            count += 1
            if let old = c.old {
                let bytes: [UInt8]
                do { bytes = try repository.blob(old) } catch { throw .store(error) }
                try load(c.path, bytes, into: &before)
            }
            if let new = c.new { try load(c.path, new, into: &after) }
        }
        var report = Comparison.compare(
            a: Snapshot(label: a, projects: before.projects.map(\.form), budgets: before.unitBudgets.map(\.budget)),
            b: Snapshot(label: b ?? "working tree", projects: after.projects.map(\.form), budgets: after.unitBudgets.map(\.budget)),
            options: options)
        report.totals.basis = "changed documents only; " + report.totals.basis
        return (report, count)
    }
}
