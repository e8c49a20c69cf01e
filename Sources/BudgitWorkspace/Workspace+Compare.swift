import Foundation
import BudgitModel
import BudgitCanonical
import BudgitCompare
import BudgitStore
import BudgitCache

extension Workspace {
    /// Year-over-year comparison of what is stored for two years at a revision (nil: the
    /// working tree).
    ///
    /// Projects only pair within their unit and budget lines are keyed by unit, so the work is
    /// split by unit: each unit's files are read, parsed and compared on their own, on every
    /// core, and the parts merged. Memory holds the units in flight, not the two years.
    public func compareYears(_ a: Int, _ b: Int, unit: String?, at rev: String?, options: CompareOptions) throws(LoadError) -> ComparisonReport {
        let clock = PhaseClock("compare")
        // The unit folders of each year, grouped as the matcher groups units (folded names);
        // each group's files are then listed, read, parsed and compared on its own, on every core.
        var resolved: ObjectID?
        if let rev {
            do { resolved = try repository.resolve(rev) } catch { throw .store(error) }
        }
        let commitID = resolved
        // A year (or unit) with nothing stored is a mistaken question, not a report of everything
        // added or removed: say which years are stored instead.
        // A unit may be new or gone in one of the years, so only a unit absent from both is.
        let hint = "pass --worktree to compare the working tree"
        for year in a == b ? [a] : [a, b] {
            if let message = try missingYearMessage(year, at: rev, worktreeHint: hint) { throw .nothingStored(message) }
        }
        if let unit, let message = try missingYearMessage(a, unit: unit, at: rev, worktreeHint: hint),
           try missingYearMessage(b, unit: unit, at: rev, worktreeHint: hint) != nil {
            throw .nothingStored(message)
        }
        let only = unit.map(RepositoryLayout.component)
        var groups: [String: (a: [UnitFolder], b: [UnitFolder])] = [:]
        for (year, isA) in [(a, true), (b, false)] {
            var folders: [UnitFolder]
            if let commitID {
                do { folders = try unitFolders(at: commitID, year: year) } catch { throw .store(error) }
            } else {
                folders = workingTreeFolders(under: "\(year)/").map { UnitFolder(name: $0, path: "\(year)/\($0)/", tree: nil) }
            }
            if let only { folders = folders.filter { $0.name == only } }
            for f in folders {
                if isA { groups[NameNormalizer.fold(f.name), default: ([], [])].a.append(f) }
                else { groups[NameNormalizer.fold(f.name), default: ([], [])].b.append(f) }
            }
        }
        let work = groups.keys.sorted().map { UnitWork(a: groups[$0]!.a, b: groups[$0]!.b) }
        clock.mark("unit folders listed")
        let gitdir = repository.gitdir, root = self.root
        let labelA = String(a), labelB = String(b)
        let totals = PhaseTotals()
        let pool = RepositoryPool(gitdir: gitdir)
        // At a commit, each unit folder is parsed once and kept in the parse cache by its tree id.
        let cache = commitID == nil || !usesParseCache ? nil : ParseCache(gitdir: gitdir)
        let cacheWritable = cache?.prepareForWriting() ?? false
        let parts = ParallelMap.map(work) { w -> Result<(ComparisonReport, files: Int, written: Int), LoadError> in
            do throws(LoadError) {
                // At a commit, each unit reads through a pooled handle of its own.
                func withRepo<T>(_ body: (Repository?) throws(LoadError) -> T) throws(LoadError) -> T {
                    if commitID == nil { return try body(nil) }
                    return try pool.with { (r: Repository) throws(LoadError) -> T in try body(r) }
                }
                return try withRepo { (repo: Repository?) throws(LoadError) -> Result<(ComparisonReport, files: Int, written: Int), LoadError> in
                // The two years of a unit repeat most of their text: their strings are shared.
                var strings = StringTable()
                let da = try parsedFolders(w.a, year: a, repo: repo, root: root, cache: cache, writable: cacheWritable, totals: totals, strings: &strings)
                let db = try parsedFolders(w.b, year: b, repo: repo, root: root, cache: cache, writable: cacheWritable, totals: totals, strings: &strings)
                let report = totals.measure("compared") {
                    Comparison.compare(
                        a: Snapshot(label: labelA, projects: da.projects, budgets: da.budgets),
                        b: Snapshot(label: labelB, projects: db.projects, budgets: db.budgets),
                        options: options)
                }
                return .success((report, da.files + db.files, da.written + db.written))
                }
            } catch { return .failure(error) }
        }
        clock.mark("read, parsed and compared")
        totals.report("compare")
        var reports: [ComparisonReport] = []
        var files = 0, written = 0
        for p in parts {
            switch p { case .success(let r): reports.append(r.0); files += r.files; written += r.written; case .failure(let e): throw e }
        }
        if written > 0, let cache { cache.prune(limit: parseCacheLimit) }
        if files == 0 {
            throw .nothingStored("nothing stored for \(a) or \(b)\(unit.map { " of \($0)" } ?? "") in \(rev ?? "the working tree"): import and commit them first (`budgit show --year Y` lists what is stored)")
        }
        defer { clock.mark("merged") }
        return Comparison.merge(reports, from: labelA, to: labelB, options: options)
    }

    /// The names of the folders under `prefix` in the working tree, sorted.
    func workingTreeFolders(under prefix: String) -> [String] {
        guard let dir = opendir(root + prefix) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var st = stat()
                isFolder = lstat(root + prefix + name, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
            }
            if isFolder { out.append(name) }
        }
        return SimpleText.sorted(out)
    }

    /// The canonical files a filter admits: blob ids at a revision, or paths in the working tree.
    func storedFiles(at rev: String?, filter: DocumentFilter) throws(LoadError) -> [StoredFile] {
        let all: [StoredFile]
        if let rev {
            do {
                var files = try repository.listFiles(at: rev, under: filter.prefix).map { StoredFile(path: $0.path, id: $0.id) }
                // In the order of bytes, which is String's order for simple text.
                if !files.allSatisfy({ SimpleText.isSimple($0.path) }) { files.sort { $0.path < $1.path } }
                all = files
            } catch { throw .store(error) }
        } else {
            all = workingTreeFiles(under: filter.prefix).map { StoredFile(path: $0, id: nil) }
        }
        try rejectOldLayout(all)
        return all.filter { filter.admits($0.path) }
    }

    /// The semantic diff of two revisions (`b` nil: the working tree). Only the files whose
    /// object ids differ are read and parsed, so the cost follows what changed; the totals of the
    /// report are those of the changed documents (unchanged ones add the same to both sides).
    /// - Parameter scope: limit to a folder (`2022`, `2022/UNIT`), or "" for everything.
    public func diffRevisions(_ a: String, _ b: String?, scope: String, options: CompareOptions) throws(LoadError) -> (ComparisonReport, changedFiles: Int) {
        let clock = PhaseClock("diff")
        var changed: [ChangedFile] = []
        let ida: ObjectID
        do {
            ida = try repository.resolve(a)
            if let b {
                let idb = try repository.resolve(b)
                // A unit budget's header comes along with its changed tables (see below).
                let header: Set<String> = [UnitBudgetPart.budget.fileName]
                for c in try repository.changedPaths(from: ida, to: idb, under: scope, companions: header) {
                    let entry = RepositoryLayout.classify(c.path)
                    if entry != .other { changed.append(ChangedFile(path: c.path, entry: entry, old: c.oldID, new: c.newID, newBytes: nil)) }
                }
            } else {
                // Working tree: the paths that differ from HEAD (git status), plus those that differ
                // between `a` and HEAD.
                var paths = Set(try repository.status().map(\.path).filter { scope.isEmpty || $0.hasPrefix(scope + "/") || $0 == scope })
                if let head = try repository.headCommitID(), head != ida {
                    for c in try repository.changedPaths(from: ida, to: head, under: scope) { paths.insert(c.path) }
                }
                for p in paths.sorted() {
                    let entry = RepositoryLayout.classify(p)
                    if entry == .other { continue }
                    let old = try repository.entryID(p, in: ida)
                    let new = writer.read(p)
                    if let old, let new, try repository.hashBlob(new) == old { continue }
                    changed.append(ChangedFile(path: p, entry: entry, old: old, new: nil, newBytes: new ?? []))
                }
            }
        } catch { throw .store(error) }
        clock.mark("changed paths listed")
        // Unit budgets are compared by the tables that changed (their parts), with `budget.jsonl`
        // for the header; narrative and source lines are not compared, so their parts are not read.
        // Each path was classified once, when listed; the paths of one folder are listed together
        // (sorted), so a folder is looked up once per run of its parts rather than per part.
        var work: [DiffWork] = []
        var budgetParts: [String: [ChangedFile]] = [:]
        var changedFolders = Set<String>()  // every unit budget with a changed part, read or not
        var lastFolder: Substring = ""
        for c in changed {
            guard case .unitBudget(_, _, let part) = c.entry else { work.append(.file(c)); continue }
            let folder = RepositoryLayout.unitBudgetFolder(of: c.path)
            if folder != lastFolder { changedFolders.insert(String(folder)); lastFolder = folder }
            switch part {
            case .budget, .table: budgetParts[String(folder), default: []].append(c)
            case .narrative, .lines: break
            }
        }
        // Between two revisions the tree diff reported each unchanged header as a companion;
        // against the working tree they are looked up.
        let folders = budgetParts.keys.sorted()
        let headers = folders.map { $0 + "/" + UnitBudgetPart.budget.fileName }
        let unchangedHeaders = zip(folders, headers).filter { f, _ in !budgetParts[f]!.contains { $0.entry.isUnitBudgetHeader } }.map(\.1)
        let headerIDs: [ObjectID?]
        do { headerIDs = try repository.entryIDs(unchangedHeaders, in: ida) } catch { throw .store(error) }
        let headerID = Dictionary(uniqueKeysWithValues: zip(unchangedHeaders, headerIDs))
        for (folder, header) in zip(folders, headers) {
            var parts = budgetParts[folder]!
            // Only a header that came as a companion of source lines or narrative: nothing to compare.
            if parts.allSatisfy({ $0.old != nil && $0.old == $0.new }) { continue }
            if let id = headerID[header] ?? nil {
                parts.append(ChangedFile(path: header, entry: RepositoryLayout.classify(header), old: id, new: id, newBytes: nil))  // the same on both sides
            }
            work.append(.budget(folder: folder, parts: parts))
        }
        clock.mark("unit-budget headers found")
        // Projects pair only within their unit and budget lines are keyed by unit, so, as for
        // compareYears, each unit is read, parsed and compared on its own, on every core (each
        // worker its own libgit2 handle), and the parts merged.
        // Items of one unit folder mostly come in runs: the folded name is looked up once per run.
        var folded: [String: String] = [:]
        var byUnit: [String: [DiffWork]] = [:]
        var lastComponent: String?, lastKey = ""
        for item in work {
            let component = item.unitComponent
            if component != lastComponent {
                lastKey = folded[component] ?? NameNormalizer.fold(component)
                folded[component] = lastKey
                lastComponent = component
            }
            byUnit[lastKey, default: []].append(item)
        }
        let unitWork = byUnit.keys.sorted().map { byUnit[$0]! }
        let workers = work.count < 32 ? 1 : 8
        let chunk = max(1, (unitWork.count + workers - 1) / workers)
        let slices = stride(from: 0, to: unitWork.count, by: chunk).map { Array(unitWork[$0..<min(unitWork.count, $0 + chunk)]) }
        let gitdir = repository.gitdir
        let labelB = b ?? "working tree"
        let parts = ParallelMap.map(slices) { units -> Result<[ComparisonReport], LoadError> in
            do throws(LoadError) {
                let repo: Repository
                do throws(StoreError) { repo = try Repository.open(at: gitdir) } catch { throw LoadError.store(error) }
                func versions(_ c: ChangedFile) throws(LoadError) -> (old: [UInt8]?, new: [UInt8]?) {
                    var oldBytes: [UInt8]?, newBytes = c.newBytes
                    do throws(StoreError) {
                        if let o = c.old { oldBytes = try repo.blob(o) }
                        if let n = c.new { newBytes = c.new == c.old ? oldBytes : try repo.blob(n) }
                    } catch { throw LoadError.store(error) }
                    if let n = newBytes, n.isEmpty, c.new == nil { newBytes = nil }
                    return (oldBytes, newBytes)
                }
                var reports: [ComparisonReport] = []
                for items in units {
                    var part = DiffPart()
                    for item in items {
                        switch item {
                        case .file(let c):
                            let (o, n) = try versions(c)
                            if let o { try load(c.path, o, into: &part.before) }
                            if let n { try load(c.path, n, into: &part.after) }
                        case .budget(let folder, let files):
                            var old: [(part: UnitBudgetPart, bytes: [UInt8])] = [], new = old
                            for c in files {
                                guard case .unitBudget(_, _, let p) = c.entry else { continue }
                                let (o, n) = try versions(c)
                                if let o { old.append((p, o)) }
                                if let n { new.append((p, n)) }
                            }
                            do throws(CanonicalError) {
                                if !old.isEmpty && !new.isEmpty {
                                    // Only the rows that differ are parsed and compared.
                                    let (x, y) = try UnitBudgetFile.differingRows(oldParts: old, newParts: new, folder: folder)
                                    part.before.unitBudgets.append((folder, x)); part.after.unitBudgets.append((folder, y))
                                } else if !old.isEmpty {
                                    part.before.unitBudgets.append((folder, try UnitBudgetFile.read(parts: old, folder: folder, partial: true)))
                                } else if !new.isEmpty {
                                    part.after.unitBudgets.append((folder, try UnitBudgetFile.read(parts: new, folder: folder, partial: true)))
                                }
                            } catch { throw LoadError.canonical(error) }
                        }
                    }
                    reports.append(Comparison.compare(
                        a: Snapshot(label: a, projects: part.before.projects.map(\.form), budgets: part.before.unitBudgets.map(\.budget)),
                        b: Snapshot(label: labelB, projects: part.after.projects.map(\.form), budgets: part.after.unitBudgets.map(\.budget)),
                        options: options))
                }
                return .success(reports)
            } catch { return .failure(error) }
        }
        clock.mark("read, parsed and compared")
        var reports: [ComparisonReport] = []
        for p in parts {
            switch p { case .success(let r): reports += r; case .failure(let e): throw e }
        }
        // Documents, not files: a unit budget counts once however many of its parts changed.
        // (Each path is listed once, and a unit budget's parts are in `changedFolders`.)
        let count = changed.count { if case .unitBudget = $0.entry { false } else { true } } + changedFolders.count
        var report = Comparison.merge(reports, from: a, to: labelB, options: options)
        report.totals.basis = "changed documents only; " + report.totals.basis
        clock.mark("merged")
        return (report, count)
    }
}

/// The documents of one side of a unit's comparison: its unit folders, each taken from the parse
/// cache when it holds the folder's tree, else listed, read and parsed (and then kept there when
/// the cache is `writable`).
func parsedFolders(_ folders: [UnitFolder], year: Int, repo: Repository?, root: String, cache: ParseCache?, writable: Bool,
                   totals: PhaseTotals, strings: inout StringTable) throws(LoadError) -> (projects: [ProjectForm], budgets: [UnitBudget], files: Int, written: Int) {
    var projects: [ProjectForm] = [], budgets: [UnitBudget] = [], files = 0, written = 0
    for folder in folders {
        let (entry, wrote) = try parsedFolder(folder, year: year, repo: repo, root: root, cache: cache, writable: writable,
                                              totals: totals, strings: &strings)
        projects += entry.projects.lazy.map(\.form); budgets += entry.unitBudgets.lazy.map(\.budget)
        files += entry.files
        if wrote { written += 1 }
    }
    return (projects, budgets, files, written)
}

/// One unit folder's documents, with their paths: from the parse cache when it holds an intact
/// entry for the folder's tree, else listed, read and parsed (and then kept there when the cache
/// is `writable`, replacing any entry that was damaged, written for another tree or not a file;
/// `wrote` says whether it was).
func parsedFolder(_ folder: UnitFolder, year: Int, repo: Repository?, root: String, cache: ParseCache?, writable: Bool,
                  totals: PhaseTotals, strings: inout StringTable) throws(LoadError) -> (entry: ParsedFolder, wrote: Bool) {
    let key = folder.tree?.description
    if let cache, let key, let bytes = totals.measure("cache read", { cache.load(key) }),
       let entry = try? totals.measure("cache decoded", { () throws(ArchiveError) in
           try FormArchive.decode(bytes, folder: folder.path, tree: key, strings: &strings) }) {
        return (entry, false)
    }
    let listed = try totals.measure("listing") { () throws(LoadError) in
        try unitFolderFiles(in: [folder], year: year, repo: repo, root: root)
    }
    var docs = try parseStored(listed, repo: repo, root: root, totals: totals, strings: &strings)
    try totals.measure("unit budgets parsed") { () throws(LoadError) in try docs.assembleBudgets() }
    let entry = ParsedFolder(folder: folder.path, files: listed.count, projects: docs.projects, unitBudgets: docs.unitBudgets)
    var wrote = false
    if let cache, let key, writable {
        let parts = totals.measure("cache encoded") { FormArchive.encodedParts(entry, tree: key) }
        wrote = totals.measure("cache written") { cache.store(key, parts: parts) }
    }
    return (entry, wrote)
}

/// The canonical files of unit folders (`2022/UNIT/`) of `year`: blob ids at a commit (read with
/// this thread's `repo`, each folder listed by its tree id), or paths in the working tree.
func unitFolderFiles(in folders: [UnitFolder], year: Int, repo: Repository?, root: String) throws(LoadError) -> [StoredFile] {
    var out: [StoredFile] = []
    for folder in folders {
        var files: [StoredFile]
        if let tree = folder.tree, let repo {
            do { files = try repo.listFiles(inTree: tree, prefix: folder.path).map { StoredFile(path: $0.path, id: $0.id) } }
            catch { throw .store(error) }
            // In the order of bytes, which is String's order for simple text.
            if !files.allSatisfy({ SimpleText.isSimple($0.path) }) { files.sort { $0.path < $1.path } }
        } else {
            files = listWorkingTree(root: root, under: folder.path).map { StoredFile(path: $0, id: nil) }
        }
        // The old single-file unit budget would be exactly this path.
        let oldLayout = folder.path + "unit-budget.jsonl"
        if files.contains(where: { $0.path.utf8.count == oldLayout.utf8.count && $0.path == oldLayout }) { try rejectOldLayout(files) }
        let filter = DocumentFilter(year: year)
        out += files.filter { filter.admits($0.path) }
    }
    return out
}

/// A unit budget in the single-file layout of earlier budgits would otherwise be skipped without
/// a word.
func rejectOldLayout(_ files: [StoredFile]) throws(LoadError) {
    if let old = files.first(where: { f in
        let c = f.path.split(separator: "/")
        return c.count == 3 && c[2] == "unit-budget.jsonl" && Int(c[0]) != nil
    }) {
        throw .nothingStored("\(old.path) is a unit budget in the single-file layout of an earlier budgit; re-import its source (`budgit import FILE`) to store it as unit-budget/ parts (docs/FORMAT.md)")
    }
}

/// A stored canonical file: its blob id at a revision, or nil for the working tree.
struct StoredFile: Sendable { var path: String; var id: ObjectID? }

/// A unit folder of a year: its name, its path (`2022/UNIT/`) and, at a commit, its tree id.
struct UnitFolder: Sendable { var name: String; var path: String; var tree: ObjectID? }

extension Workspace {
    /// The unit folders of `year` in `commit`, with their tree ids, in git's order.
    func unitFolders(at commit: ObjectID, year: Int) throws(StoreError) -> [UnitFolder] {
        try repository.folderIDs(in: commit, under: String(year)).map {
            UnitFolder(name: $0.name, path: "\(year)/\($0.name)/", tree: $0.id)
        }
    }
}

/// The unit folders of each year that one compare worker reads.
struct UnitWork: Sendable { var a: [UnitFolder]; var b: [UnitFolder] }

/// Reads and parses stored files on the calling thread (`repo` is this thread's own handle).
func parseStored(_ files: [StoredFile], repo: Repository?, root: String, totals: PhaseTotals? = nil) throws(LoadError) -> StoredDocuments {
    var strings = StringTable()
    return try parseStored(files, repo: repo, root: root, totals: totals, strings: &strings)
}

/// ``parseStored(_:repo:root:totals:)`` sharing the strings of project files through `strings`.
func parseStored(_ files: [StoredFile], repo: Repository?, root: String, totals: PhaseTotals? = nil,
                 strings: inout StringTable) throws(LoadError) -> StoredDocuments {
    var docs = StoredDocuments()
    let writer = FileWriter(root: root)
    let totals = totals ?? PhaseTotals()
    for f in files {
        // A project file in git is parsed in libgit2's buffer, without copying its bytes out.
        if let id = f.id, let repo, case .project = RepositoryLayout.classify(f.path) {
            let form = try totals.measure("read and parsed") { () throws(LoadError) -> ProjectForm in
                let parsed: Result<ProjectForm, CanonicalError>
                do throws(StoreError) {
                    parsed = try repo.withBlob(id) { buffer in
                        Result { () throws(CanonicalError) in try ProjectFile.read(buffer: buffer, path: f.path, strings: &strings) }
                    }
                } catch { throw .store(error) }
                switch parsed {
                case .success(let form): return form
                case .failure(let e): throw .canonical(e)
                }
            }
            docs.projects.append((f.path, form))
            continue
        }
        let bytes = try totals.measure("read") { () throws(LoadError) -> [UInt8] in
            if let id = f.id, let repo {
                do throws(StoreError) { return try repo.blob(id) } catch { throw .store(error) }
            }
            return writer.read(f.path) ?? []
        }
        try totals.measure("parsed") { () throws(LoadError) in try load(f.path, bytes, into: &docs, strings: &strings) }
    }
    return docs
}

/// A file that differs between two revisions (or a revision and the working tree, whose bytes are
/// read up front: `newBytes`, empty when the file was deleted).
struct ChangedFile: Sendable {
    var path: String
    /// What the path holds (`RepositoryLayout.classify`), never `.other`.
    var entry: RepositoryLayout.Entry
    var old: ObjectID?
    var new: ObjectID?
    var newBytes: [UInt8]?
}

struct DiffPart: Sendable { var before = StoredDocuments(); var after = StoredDocuments() }

/// What one diff worker reads: a document file, or the changed parts of one unit budget.
enum DiffWork: Sendable {
    case file(ChangedFile)
    case budget(folder: String, parts: [ChangedFile])

    /// The unit folder's name (`YEAR/UNIT/…`).
    var unitComponent: String {
        let entry = switch self { case .file(let c): c.entry; case .budget(_, let parts): parts[0].entry }
        switch entry {
        case .project(_, let unit), .unitBudget(_, let unit, _): return unit
        case .other: preconditionFailure("other files are not compared")
        }
    }
}

extension RepositoryLayout.Entry {
    /// A unit budget's `budget.jsonl`.
    var isUnitBudgetHeader: Bool { if case .unitBudget(_, _, .budget) = self { true } else { false } }
}
