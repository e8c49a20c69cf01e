import Foundation
import BudgitModel
import BudgitImport
import BudgitCanonical
import BudgitStore
import BudgitCache

/// A budgit repository and its working tree: the operations the CLI offers, as one library.
public final class Workspace {
    public let repository: Repository
    public let root: String
    var writer: FileWriter { FileWriter(root: root, gitdir: repository.gitdir) }
    /// What ``recover()`` did when the workspace was located (one line per interrupted import).
    public private(set) var recoveryNotes: [String] = []
    /// Why an interrupted import found by ``locate(repo:)`` could not be finished (a link put in
    /// the way meanwhile, say): commands should stop and show it until it is fixed.
    public private(set) var recoveryFailure: FileWriter.WriteError?
    /// Whether compares at a commit read and write the parse cache (``ParseCache``): on unless
    /// `BUDGIT_PARSE_CACHE=off`.
    public var usesParseCache: Bool
    /// The most bytes the parse cache may hold (``ParseCache/prune(limit:)``): 1 GiB unless
    /// `BUDGIT_PARSE_CACHE_LIMIT` gives MiB.
    public var parseCacheLimit: Int

    public init(repository: Repository) {
        self.repository = repository
        root = repository.workdir
        usesParseCache = !ParseCache.turnedOff(getenv("BUDGIT_PARSE_CACHE").map { String(cString: $0) })
        parseCacheLimit = ParseCache.limit(getenv("BUDGIT_PARSE_CACHE_LIMIT").map { String(cString: $0) })
    }

    /// Finds the repository as git does: `repo` if given (exactly there), else from the current
    /// directory upward.
    ///
    /// Then finishes or discards what an interrupted import left (``recover()``), so that every
    /// command sees either the old files or all the new ones; what it did is in ``recoveryNotes``,
    /// and why it could not, in ``recoveryFailure``.
    public static func locate(repo: String?) throws(StoreError) -> Workspace {
        let ws: Workspace
        if let repo { ws = Workspace(repository: try Repository.open(at: repo)) }
        else { ws = Workspace(repository: try Repository.discover(from: FileManager.default.currentDirectoryPath)) }
        do { ws.recoveryNotes = try ws.recover() } catch { ws.recoveryFailure = error }
        return ws
    }

    /// Finishes an import whose journal was written (rolls forward) or discards one killed
    /// before (``FileWriter/recover()``), unless an import is running now.
    @discardableResult
    public func recover() throws(FileWriter.WriteError) -> [String] { try writer.recover() }

    /// The working-tree files that differ from HEAD, without temporary files that earlier budgit
    /// versions could leave when killed (`.budgit-tmp-*`, which are removed).
    public func status() throws(StoreError) -> [StatusEntry] {
        removeStrayTemporaries()
        return try repository.status()
    }

    /// Removes the `.budgit-tmp-*` files budgit 1 could leave beside the documents (git ignores
    /// them in budgit's processes, so status and commit never see them).
    public func removeStrayTemporaries() {
        guard let ignored = try? repository.ignoredFiles() else { return }
        writer.removeStrayTemporaries(ignored)
    }

    // MARK: Import

    /// The result of importing files.
    public struct ImportResult: Sendable {
        public var plans: [ImportPlan]
        public var failures: [(file: String, error: String)]
        public var written: Bool
    }

    /// Parses every file, then, unless `dryRun`, writes all their canonical files at once.
    /// A file that cannot be imported at all is reported in `failures`; nothing is written if
    /// any file failed (fix it or leave it out, then run again).
    public func importFiles(_ paths: [String], options: ImportOptions, dryRun: Bool, retainDocuments: Bool = false,
                            progress: @Sendable (String) -> Void = { _ in }) -> ImportResult {
        // Documents are independent: parse each on any core and stage its files in the
        // transaction's folder under .git/budgit at once, so memory holds the documents in flight,
        // not the whole input. Nothing reaches the working tree until every document has been read.
        let writer = self.writer
        let transaction: FileWriter.Transaction?
        if dryRun { transaction = nil } else {
            do { transaction = try writer.begin() } catch {
                return ImportResult(plans: [], failures: [(root, error.description)], written: false)
            }
        }
        let root = self.root
        let inputs = paths.enumerated().map { IndexedPath(index: $0.offset, path: $0.element) }
        let results = ParallelMap.map(inputs) { input -> Result<StagedPlan, ImportFailure> in
            let path = input.path
            let name = (path as NSString).lastPathComponent
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(ImportFailure(message: "\(path): cannot read the file (does it exist?)"))
            }
            let bytes = [UInt8](data)
            let plan: ImportPlan
            do {
                let parsed = try Importer.parse(bytes: bytes, fileName: name, options: options)
                // The source's corrections, and hand edits of an earlier import's files, are kept.
                let (doc, corrections) = try Workspace.reconcileCorrections(parsed, source: bytes, sourceName: name, options: options, root: root)
                let manifest = try writer.readWithoutLinks(RepositoryLayout.manifestPath(year: doc.year, file: name))
                var made = try ImportPlan.make(doc, source: bytes, previousManifest: manifest)
                if let corrections { made.files.append(corrections) }
                plan = made
            } catch {
                return .failure(ImportFailure(message: "\(error)"))
            }
            guard let transaction else { return .success(StagedPlan(plan: retainDocuments ? plan : plan.released(), staged: [])) }
            do {
                let staged = try writer.stage(plan.files, in: transaction, prefix: "\(input.index)")
                return .success(StagedPlan(plan: retainDocuments ? plan : plan.released(), staged: staged))
            } catch {
                return .failure(ImportFailure(message: "\(error)"))
            }
        } progress: { done in progress("[\(done)/\(paths.count)] read") }
        var plans: [ImportPlan] = []
        var staged: [FileWriter.Staged] = []
        var failures: [(String, String)] = []
        for (path, r) in zip(paths, results) {
            switch r {
            case .success(let p): plans.append(p.plan); staged += p.staged
            case .failure(let f): failures.append((path, f.message))
            }
        }
        failures += sharedFiles(plans, inputs: paths, results: results)
        var written = false
        if let transaction {
            if failures.isEmpty && !plans.isEmpty {
                progress("moving \(staged.count) files into place")
                do {
                    try writer.commit(staged, deletions: plans.flatMap(\.stale), in: transaction)
                    written = true
                } catch {
                    writer.abort(transaction)
                    failures.append((root, error.description))
                }
            } else {
                writer.abort(transaction)
            }
        }
        return ImportResult(plans: plans, failures: failures, written: written)
    }

    /// Files that two projects (or unit budgets) would share: the same path planned by two inputs
    /// of this import, or by an input and another source's manifest already in the working tree.
    /// Two different documents never share a file, so each is a failure naming both.
    func sharedFiles(_ plans: [ImportPlan], inputs: [String], results: [Result<StagedPlan, ImportFailure>]) -> [(String, String)] {
        var failures: [(String, String)] = []
        var owner: [String: String] = [:]  // path → the input that plans it
        var ownManifests = Set<String>()
        var years = Set<Int>()
        var planned: [(input: String, plan: ImportPlan)] = []
        for (input, r) in zip(inputs, results) { if case .success(let p) = r { planned.append((input, p.plan)) } }
        for (input, plan) in planned {
            ownManifests.insert(RepositoryLayout.manifestPath(year: plan.document.year, file: plan.document.sourceFile))
            years.insert(plan.document.year)
            for f in plan.files {
                if let other = owner[f.path], other != input {
                    failures.append((input, "`\(f.path)` would be written by both `\(other)` and `\(input)`: two documents "
                        + "bring the same year, unit and project (or unit budget, or file name). Import one of them, or file "
                        + "one under another unit with --unit. Nothing was written."))
                } else { owner[f.path] = input }
            }
        }
        // Other sources' manifests of the same years: the files they own.
        var claimed: [String: String] = [:]
        for y in years.sorted() {
            let folder = "sources/\(y)"
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: root + folder)) ?? []).sorted()
            where name.hasSuffix(".files") && !ownManifests.contains(folder + "/" + name) {
                guard let bytes = try? writer.readWithoutLinks(folder + "/" + name) else { continue }
                for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") { claimed[String(line)] = folder + "/" + name }
            }
        }
        guard !claimed.isEmpty else { return failures }
        for (input, plan) in planned {
            for f in plan.files {
                guard let manifest = claimed[f.path] else { continue }
                failures.append((input, "`\(f.path)` already belongs to another source (listed in `\(manifest)`): `\(input)` "
                    + "brings the same year, unit and project (or unit budget). Two documents never share a file. If it replaces "
                    + "that source, remove that source's files first (`git rm` the files its manifest lists and the manifest), "
                    + "or file it under another unit with --unit. Nothing was written."))
                break
            }
        }
        return failures
    }

    // MARK: Reading stored documents

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

    /// Paths of files in the working tree under `prefix`, sorted, skipping `.git`.
    public func workingTreeFiles(under prefix: String = "") -> [String] {
        listWorkingTree(root: root, under: prefix)
    }
}

/// Every file under `prefix` of the working tree at `root` (which ends with `/`), sorted, without
/// `.git`.
func listWorkingTree(root: String, under prefix: String) -> [String] {
    var out: [String] = []
    // readdir, not FileManager's enumerator: no stat per entry when the file system gives the
    // type, and no bridging (listing 110,000 files took 0.4 s that way).
    func walk(_ relative: String) {
        guard let dir = opendir(root + relative) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." || (relative.isEmpty && name == ".git") || name.hasPrefix(".budgit-tmp-") { continue }
            let path = relative + name
            var type = Int32(entry.pointee.d_type)
            let link = type == Int32(DT_LNK)
            if type == Int32(DT_UNKNOWN) || link {
                var st = stat()
                guard stat(root + path, &st) == 0 else { continue }
                type = (st.st_mode & S_IFMT) == S_IFDIR ? Int32(DT_DIR) : Int32(DT_REG)
            }
            // A link to a folder is not followed; a link to a file counts as the file.
            if type == Int32(DT_DIR) { if !link { walk(path + "/") } } else if type == Int32(DT_REG) { out.append(path) }
        }
    }
    walk(prefix)
    return SimpleText.sorted(out)
}

struct IndexedPath: Sendable { var index: Int; var path: String }
struct StagedPlan: Sendable { var plan: ImportPlan; var staged: [FileWriter.Staged] }
