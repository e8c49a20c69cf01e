import Foundation
import BudgitModel
import BudgitCanonical
import BudgitStore
import BudgitCache

extension Workspace {
    /// The documents of a year (or one unit of it) at a revision, unit folder by unit folder
    /// through the parse cache (filling it where it misses), on every core: what
    /// ``documents(at:filter:)`` reads file by file, in the same order.
    func cachedDocuments(at rev: String, year: Int, unit: String?) throws(LoadError) -> StoredDocuments {
        var folders: [UnitFolder]
        do { folders = try unitFolders(at: repository.resolve(rev), year: year) } catch { throw .store(error) }
        if let unit { let only = RepositoryLayout.component(unit); folders = folders.filter { $0.name == only } }
        let cache = ParseCache(gitdir: repository.gitdir)
        let writable = cache.prepareForWriting()
        let pool = RepositoryPool(gitdir: repository.gitdir)
        let root = self.root, totals = PhaseTotals()
        let parts = ParallelMap.map(folders) { f -> Result<(entry: ParsedFolder, wrote: Bool), LoadError> in
            do throws(LoadError) {
                return .success(try pool.with { (repo: Repository) throws(LoadError) in
                    var strings = StringTable()
                    return try parsedFolder(f, year: year, repo: repo, root: root, cache: cache, writable: writable,
                                            totals: totals, strings: &strings)
                })
            } catch { return .failure(error) }
        }
        var docs = StoredDocuments()
        var written = 0
        for p in parts {
            switch p {
            case .success(let r):
                docs.projects += r.entry.projects; docs.unitBudgets += r.entry.unitBudgets
                if r.wrote { written += 1 }
            case .failure(let e): throw e
            }
        }
        if written > 0 { cache.prune(limit: parseCacheLimit) }
        // The order of the file-by-file load: paths as bytes (String order for simple text),
        // unit budgets by folder as strings.
        if !docs.projects.allSatisfy({ SimpleText.isSimple($0.path) }) { docs.projects.sort { $0.path < $1.path } }
        docs.unitBudgets.sort { $0.path < $1.path }
        return docs
    }

    /// Loads the canonical documents at a revision (nil: the working tree).
    public func documents(at rev: String?, filter: DocumentFilter = .init()) throws(LoadError) -> StoredDocuments {
        if let rev, let year = filter.year, filter.project == nil, usesParseCache {
            return try cachedDocuments(at: rev, year: year, unit: filter.unit)
        }
        let files = try storedFiles(at: rev, filter: filter)
        // Read and parse on every core, in order: each worker opens its own libgit2 handle.
        let workers = files.count < 32 ? 1 : 8
        let chunk = max(1, (files.count + workers - 1) / workers)
        let slices = Self.slices(files, chunk: chunk)
        let gitdir = repository.gitdir, root = self.root
        let parts = ParallelMap.map(slices) { slice -> Result<StoredDocuments, LoadError> in
            do throws(LoadError) {
                var repo: Repository?
                if rev != nil {
                    do throws(StoreError) { repo = try Repository.open(at: gitdir) } catch { throw LoadError.store(error) }
                }
                var docs = try parseStored(slice, repo: repo, root: root)
                try docs.assembleBudgets()  // slices hold whole unit-budget folders
                return .success(docs)
            } catch { return .failure(error) }
        }
        var docs = StoredDocuments()
        for r in parts {
            switch r {
            case .success(let one): docs.absorb(one)
            case .failure(let e): throw e
            }
        }
        try docs.assembleBudgets()
        return docs
    }

    /// `files` (sorted by path) cut into runs of about `chunk`, never inside a unit-budget folder,
    /// so that each run can assemble the unit budgets it read.
    static func slices(_ files: [StoredFile], chunk: Int) -> [[StoredFile]] {
        func folder(_ i: Int) -> Substring? {
            guard case .unitBudget = RepositoryLayout.classify(files[i].path) else { return nil }
            return RepositoryLayout.unitBudgetFolder(of: files[i].path)
        }
        var out: [[StoredFile]] = []
        var start = 0
        while start < files.count {
            var end = min(files.count, start + chunk)
            while end < files.count, let f = folder(end), f == folder(end - 1) { end += 1 }
            out.append(Array(files[start..<end]))
            start = end
        }
        return out
    }
}
