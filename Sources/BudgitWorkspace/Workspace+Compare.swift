import BudgitModel
import BudgitCanonical
import BudgitCompare
import BudgitStore

extension Workspace {
    /// Year-over-year comparison of what is stored for two years at a revision (nil: the
    /// working tree).
    ///
    /// Projects only pair within their unit and budget lines are keyed by unit, so the work is
    /// split by unit: each unit's files are read, parsed and compared on their own, on every
    /// core, and the parts merged. Memory holds the units in flight, not the two years.
    public func compareYears(_ a: Int, _ b: Int, unit: String?, at rev: String?, options: CompareOptions) throws(LoadError) -> ComparisonReport {
        let listA = try storedFiles(at: rev, filter: DocumentFilter(year: a, unit: unit))
        let listB = try storedFiles(at: rev, filter: DocumentFilter(year: b, unit: unit))
        if listA.isEmpty && listB.isEmpty {
            throw .nothingStored("nothing stored for \(a) or \(b)\(unit.map { " of \($0)" } ?? "") in \(rev ?? "the working tree"): import and commit them first (`budgit show --year Y` lists what is stored)")
        }
        // Group by unit folder, folded as the matcher folds unit names.
        var folded: [Substring: String] = [:]
        func unitKey(_ path: String) -> String {
            let component = path.split(separator: "/", maxSplits: 2)[1]
            if let k = folded[component] { return k }
            let k = NameNormalizer.fold(String(component))
            folded[component] = k
            return k
        }
        var groups: [String: (a: [StoredFile], b: [StoredFile])] = [:]
        for f in listA { groups[unitKey(f.path), default: ([], [])].a.append(f) }
        for f in listB { groups[unitKey(f.path), default: ([], [])].b.append(f) }
        let work = groups.keys.sorted().map { UnitWork(a: groups[$0]!.a, b: groups[$0]!.b) }
        let gitdir = repository.gitdir, root = self.root
        let labelA = String(a), labelB = String(b)
        let parts = ParallelMap.map(work) { w -> Result<ComparisonReport, LoadError> in
            do throws(LoadError) {
                var repo: Repository?
                if rev != nil {
                    do throws(StoreError) { repo = try Repository.open(at: gitdir) } catch { throw LoadError.store(error) }
                }
                let da = try parseStored(w.a, repo: repo, root: root)
                let db = try parseStored(w.b, repo: repo, root: root)
                return .success(Comparison.compare(
                    a: Snapshot(label: labelA, projects: da.projects.map(\.form), budgets: da.unitBudgets.map(\.budget)),
                    b: Snapshot(label: labelB, projects: db.projects.map(\.form), budgets: db.unitBudgets.map(\.budget)),
                    options: options))
            } catch { return .failure(error) }
        }
        var reports: [ComparisonReport] = []
        for p in parts {
            switch p { case .success(let r): reports.append(r); case .failure(let e): throw e }
        }
        return Comparison.merge(reports, from: labelA, to: labelB, options: options)
    }

    /// The canonical files a filter admits: blob ids at a revision, or paths in the working tree.
    func storedFiles(at rev: String?, filter: DocumentFilter) throws(LoadError) -> [StoredFile] {
        if let rev {
            do {
                return try repository.listFiles(at: rev, under: filter.prefix)
                    .filter { filter.admits($0.path) }.map { StoredFile(path: $0.path, id: $0.id) }
            } catch { throw .store(error) }
        }
        return workingTreeFiles(under: filter.prefix).filter(filter.admits).map { StoredFile(path: $0, id: nil) }
    }

    /// The semantic diff of two revisions (`b` nil: the working tree). Only the files whose
    /// object ids differ are read and parsed, so the cost follows what changed; the totals of the
    /// report are those of the changed documents (unchanged ones add the same to both sides).
    /// - Parameter scope: limit to a folder (`2022`, `2022/UNIT`), or "" for everything.
    public func diffRevisions(_ a: String, _ b: String?, scope: String, options: CompareOptions) throws(LoadError) -> (ComparisonReport, changedFiles: Int) {
        var changed: [ChangedFile] = []
        do {
            let ida = try repository.resolve(a)
            if let b {
                let idb = try repository.resolve(b)
                for c in try repository.changedPaths(from: ida, to: idb, under: scope) where RepositoryLayout.classify(c.path) != .other {
                    changed.append(ChangedFile(path: c.path, old: c.oldID, new: c.newID, newBytes: nil))
                }
            } else {
                // Working tree: the paths that differ from HEAD (git status), plus those that differ
                // between `a` and HEAD.
                var paths = Set(try repository.status().map(\.path).filter { scope.isEmpty || $0.hasPrefix(scope + "/") || $0 == scope })
                if let head = try repository.headCommitID(), head != ida {
                    for c in try repository.changedPaths(from: ida, to: head, under: scope) { paths.insert(c.path) }
                }
                for p in paths.sorted() where RepositoryLayout.classify(p) != .other {
                    let old = try repository.entryID(p, in: ida)
                    let new = writer.read(p)
                    if let old, let new, try repository.hashBlob(new) == old { continue }
                    changed.append(ChangedFile(path: p, old: old, new: nil, newBytes: new ?? []))
                }
            }
        } catch { throw .store(error) }
        // Read and parse the changed files on every core (each worker its own libgit2 handle).
        let workers = changed.count < 32 ? 1 : 8
        let chunk = max(1, (changed.count + workers - 1) / workers)
        let slices = stride(from: 0, to: changed.count, by: chunk).map { Array(changed[$0..<min(changed.count, $0 + chunk)]) }
        let gitdir = repository.gitdir
        let parts = ParallelMap.map(slices) { files -> Result<DiffPart, LoadError> in
            do throws(LoadError) {
                let repo: Repository
                do throws(StoreError) { repo = try Repository.open(at: gitdir) } catch { throw LoadError.store(error) }
                var part = DiffPart()
                for c in files {
                    var oldBytes: [UInt8]?, newBytes = c.newBytes
                    do throws(StoreError) {
                        if let o = c.old { oldBytes = try repo.blob(o) }
                        if let n = c.new { newBytes = try repo.blob(n) }
                    } catch { throw LoadError.store(error) }
                    if let n = newBytes, n.isEmpty, c.new == nil { newBytes = nil }
                    if case .unitBudget = RepositoryLayout.classify(c.path), let o = oldBytes, let n = newBytes {
                        // Only the rows that differ are parsed and compared.
                        do throws(CanonicalError) {
                            let (x, y) = try UnitBudgetFile.differingRows(old: o, new: n, path: c.path)
                            part.before.unitBudgets.append((c.path, x)); part.after.unitBudgets.append((c.path, y))
                        } catch { throw LoadError.canonical(error) }
                        continue
                    }
                    if let o = oldBytes { try load(c.path, o, into: &part.before) }
                    if let n = newBytes { try load(c.path, n, into: &part.after) }
                }
                return .success(part)
            } catch { return .failure(error) }
        }
        var before = StoredDocuments(), after = StoredDocuments()
        for p in parts {
            switch p {
            case .success(let part):
                before.projects += part.before.projects; before.unitBudgets += part.before.unitBudgets
                after.projects += part.after.projects; after.unitBudgets += part.after.unitBudgets
            case .failure(let e): throw e
            }
        }
        let count = changed.count
        var report = Comparison.compare(
            a: Snapshot(label: a, projects: before.projects.map(\.form), budgets: before.unitBudgets.map(\.budget)),
            b: Snapshot(label: b ?? "working tree", projects: after.projects.map(\.form), budgets: after.unitBudgets.map(\.budget)),
            options: options)
        report.totals.basis = "changed documents only; " + report.totals.basis
        return (report, count)
    }
}

/// A stored canonical file: its blob id at a revision, or nil for the working tree.
struct StoredFile: Sendable { var path: String; var id: ObjectID? }

struct UnitWork: Sendable { var a: [StoredFile]; var b: [StoredFile] }

/// Reads and parses stored files on the calling thread (`repo` is this thread's own handle).
func parseStored(_ files: [StoredFile], repo: Repository?, root: String) throws(LoadError) -> StoredDocuments {
    var docs = StoredDocuments()
    let writer = FileWriter(root: root)
    for f in files {
        let bytes: [UInt8]
        if let id = f.id, let repo {
            do { bytes = try repo.blob(id) } catch { throw .store(error) }
        } else {
            bytes = writer.read(f.path) ?? []
        }
        try load(f.path, bytes, into: &docs)
    }
    return docs
}

/// A file that differs between two revisions (or a revision and the working tree, whose bytes are
/// read up front: `newBytes`, empty when the file was deleted).
struct ChangedFile: Sendable { var path: String; var old: ObjectID?; var new: ObjectID?; var newBytes: [UInt8]? }

struct DiffPart: Sendable { var before = StoredDocuments(); var after = StoredDocuments() }
