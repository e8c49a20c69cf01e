import BudgitCanonical
import BudgitStore
import BudgitCache

extension Workspace {
    /// Commits the working tree (``Repository/commitAll(message:author:committer:)``), then
    /// parses the unit folders the commit changed into the parse cache, so that the first compare
    /// of them reads them back instead of parsing them (``warmParseCache(commit:parent:)``).
    ///
    /// During a merge this concludes it (nil `message`: git's `MERGE_MSG`); while paths are
    /// unmerged, or during a rebase, cherry-pick or revert, it refuses without touching the index.
    ///
    /// Nothing invalid is recorded: every changed canonical file is read with the strict readers
    /// first (``invalidFilesForCommit()``), and any problem refuses the whole commit.
    /// - Throws: ``CommitRefusal`` (nothing written) or ``StoreError``.
    @discardableResult
    public func commitAll(message: String?, author: Signature) throws -> CommitInfo {
        let clock = PhaseClock("commit")
        removeStrayTemporaries()
        let invalid = try invalidFilesForCommit()
        if !invalid.isEmpty { throw CommitRefusal(problems: invalid) }
        clock.mark("changed files checked")
        let info = try repository.commitAll(message: message, author: author)
        clock.mark("committed")
        if usesParseCache {
            let n = warmParseCache(commit: info.id, parent: info.parents.first)
            clock.mark("\(n) unit folders parsed into the parse cache")
        }
        return info
    }

    /// Parses into the parse cache every unit folder (`YEAR/UNIT/`) of `commit` whose tree differs
    /// from `parent`'s and has no entry yet, on every core; returns how many it parsed.
    ///
    /// Best effort, like the cache itself: a folder that cannot be read or parsed is left for the
    /// compare that needs it, which reports the problem. Only what the commit changed is parsed,
    /// so a year imported and committed costs one parse of that year, and older years are left
    /// as they are.
    @discardableResult
    public func warmParseCache(commit: ObjectID, parent: ObjectID?) -> Int {
        let cache = ParseCache(gitdir: repository.gitdir)
        guard cache.prepareForWriting(), let top = try? repository.folderIDs(in: commit, under: "") else { return 0 }
        let before = Dictionary((parent.flatMap { try? repository.folderIDs(in: $0, under: "") } ?? []).map { ($0.name, $0.id) },
                                uniquingKeysWith: { a, _ in a })
        var work: [(year: Int, folder: UnitFolder)] = []
        for (name, id) in top {
            guard let year = Int(name), String(year) == name, before[name] != id else { continue }
            let old = Dictionary((parent.flatMap { try? repository.folderIDs(in: $0, under: name) } ?? []).map { ($0.name, $0.id) },
                                 uniquingKeysWith: { a, _ in a })
            for f in (try? unitFolders(at: commit, year: year)) ?? [] where old[f.name] != f.tree && !cache.contains(f.tree!.description) {
                work.append((year, f))
            }
        }
        let pool = RepositoryPool(gitdir: repository.gitdir)
        let root = self.root
        let totals = PhaseTotals()
        let done = ParallelMap.map(work) { w -> Bool in
            (try? pool.with { (repo: Repository) throws(LoadError) -> Bool in
                var strings = StringTable()
                return try parsedFolder(w.folder, year: w.year, repo: repo, root: root, cache: cache, writable: true,
                                        totals: totals, strings: &strings).wrote
            }) ?? false
        }
        totals.report("commit")
        let written = done.count { $0 }
        if written > 0 { cache.prune(limit: parseCacheLimit) }
        return written
    }
}
