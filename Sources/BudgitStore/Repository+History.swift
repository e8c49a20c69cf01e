import Clibgit2
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

extension Repository {
    /// The files whose object ids differ between two commits, found by comparing tree entries
    /// by id: equal subtrees are skipped without being read, so the cost follows what changed.
    /// - Parameter prefix: limit to a folder (empty: the whole tree).
    /// - Parameter companions: file names reported as `.unchanged` when they are identical on both
    ///   sides but another file beside them changed (a reader that needs a folder's header along
    ///   with its changed files gets its id without a second lookup).
    public func changedPaths(from a: ObjectID?, to b: ObjectID, under prefix: String = "", companions: Set<String> = []) throws(StoreError) -> [PathChange] {
        let clean = prefix.trimmingCharacters(in: "/")
        if !clean.isEmpty {
            // A file: compare its entry ids directly.
            let eb = try commit(b).tree().entryID(path: clean)
            let ea = try a.flatMap { id throws(StoreError) in try commit(id).tree().entryID(path: clean) }
            if eb?.isTree == false || ea?.isTree == false {
                let x = ea?.isTree == false ? ea?.0 : nil, y = eb?.isTree == false ? eb?.0 : nil
                if x == y { return [] }
                return [PathChange(path: clean, kind: x == nil ? .added : (y == nil ? .deleted : .modified), oldID: x, newID: y)]
            }
        }
        let tb = try subtree(of: b, prefix)
        let ta = try a.flatMap { id throws(StoreError) in try subtree(of: id, prefix) }
        var out: [PathChange] = []
        let p = prefix.trimmingCharacters(in: "/")
        // The top two levels (years, then units) are walked here; the differing subtrees below
        // them are walked on every core, each worker with its own handle.
        var deferred: [DeferredSubtrees] = []
        let names = CompanionNames(companions)
        try diffTrees(ta, tb, prefix: p.isEmpty ? "" : p + "/", companions: names, into: &out, deferBelow: 2, deferred: &deferred)
        out += try walkInParallel(deferred, companions: names)
        return out.sorted { $0.path < $1.path }
    }

    /// Two subtrees that differ, left for a worker.
    struct DeferredSubtrees: Sendable { var prefix: String; var old: ObjectID?; var new: ObjectID? }

    private func walkInParallel(_ work: [DeferredSubtrees], companions: CompanionNames) throws(StoreError) -> [PathChange] {
        if work.count < 64 {
            var out: [PathChange] = []
            for w in work { try diffTrees(w.old.map(tree), w.new.map(tree), prefix: w.prefix, companions: companions, into: &out) }
            return out
        }
        let workers = 4
        let results = WalkResults(workers)
        let gitdir = self.gitdir
        DispatchQueue.concurrentPerform(iterations: workers) { k in
            do {
                let repo = try Repository.open(at: gitdir)
                var out: [PathChange] = []
                for w in stride(from: k, to: work.count, by: workers).map({ work[$0] }) {
                    try repo.diffTrees(w.old.map(repo.tree), w.new.map(repo.tree), prefix: w.prefix, companions: companions, into: &out)
                }
                results.parts[k] = out
            } catch {
                results.lock.locked { if results.error == nil { results.error = error as? StoreError ?? .libgit2(code: -1, function: "diff", message: "\(error)") } }
            }
        }
        if let e = results.error { throw e }
        return results.parts.flatMap { $0 }
    }

    /// The tree at `prefix` in a commit, or nil when absent.
    private func subtree(of commitID: ObjectID, _ prefix: String) throws(StoreError) -> TreeHandle? {
        let root = try commit(commitID).tree()
        let clean = prefix.trimmingCharacters(in: "/")
        if clean.isEmpty { return root }
        guard let (id, isTree) = try root.entryID(path: clean), isTree else { return nil }
        return try tree(id)
    }

    /// A merge walk over two trees in git's entry order (`git_tree_entry_cmp`), descending only
    /// into subtrees whose ids differ; names become Swift strings only for what is reported.
    /// - Parameter deferBelow: differing subtrees this many levels below `a` and `b` (at least 1)
    ///   are appended to `deferred`, unread, instead of being walked (nil: walk everything here).
    private func diffTrees(_ a: TreeHandle?, _ b: TreeHandle?, prefix: String, companions: CompanionNames, into out: inout [PathChange]) throws(StoreError) {
        var none: [DeferredSubtrees] = []
        try diffTrees(a, b, prefix: prefix, companions: companions, into: &out, deferBelow: nil, deferred: &none)
    }

    private func diffTrees(_ a: TreeHandle?, _ b: TreeHandle?, prefix: String, companions: CompanionNames, into out: inout [PathChange],
                           deferBelow: Int?, deferred: inout [DeferredSubtrees]) throws(StoreError) {
        if let a, let b, a.id == b.id { return }
        let below = deferBelow.map { $0 - 1 }
        // Differing subtrees are deferred by id, before they are read: a worker reads them once.
        func descend(_ x: ObjectID?, _ y: ObjectID?, _ path: String) throws(StoreError) {
            if below == 0 { deferred.append(DeferredSubtrees(prefix: path, old: x, new: y)); return }
            try diffTrees(x.map(tree), y.map(tree), prefix: path, companions: companions, into: &out, deferBelow: below, deferred: &deferred)
        }
        let na = a?.count ?? 0, nb = b?.count ?? 0
        var ia = 0, ib = 0
        var same: [(String, ObjectID)] = []
        var fileChangedHere = false
        func name(_ e: OpaquePointer) -> String { String(cString: git_tree_entry_name(e)) }
        func isCompanion(_ e: OpaquePointer) -> Bool { companions.contains(git_tree_entry_name(e)) }
        func isTree(_ e: OpaquePointer) -> Bool { git_tree_entry_type(e) == GIT_OBJECT_TREE }
        func id(_ e: OpaquePointer) -> ObjectID { ObjectID(git_tree_entry_id(e).pointee) }
        while ia < na || ib < nb {
            let x = ia < na ? git_tree_entry_byindex(a!.raw, ia) : nil
            let y = ib < nb ? git_tree_entry_byindex(b!.raw, ib) : nil
            // A file and a folder of the same name compare apart (as `name` and `name/`).
            let order: Int32 = if let x, let y { git_tree_entry_cmp(x, y) } else { x == nil ? 1 : -1 }
            if order == 0, let x, let y {
                ia += 1; ib += 1
                if git_oid_equal(git_tree_entry_id(x), git_tree_entry_id(y)) != 0 {
                    if !companions.isEmpty && !isTree(x), isCompanion(x) { same.append((name(x), id(x))) }
                    continue
                }
                if isTree(x) { try descend(id(x), id(y), prefix + name(x) + "/") }
                else { fileChangedHere = true; out.append(PathChange(path: prefix + name(x), kind: .modified, oldID: id(x), newID: id(y))) }
            } else if order < 0, let x {
                ia += 1
                if isTree(x) { try descend(id(x), nil, prefix + name(x) + "/") }
                else { fileChangedHere = true; out.append(PathChange(path: prefix + name(x), kind: .deleted, oldID: id(x), newID: nil)) }
            } else if let y {
                ib += 1
                if isTree(y) { try descend(nil, id(y), prefix + name(y) + "/") }
                else { fileChangedHere = true; out.append(PathChange(path: prefix + name(y), kind: .added, oldID: nil, newID: id(y))) }
            }
        }
        // Companions of files that changed in this very folder.
        if !same.isEmpty && fileChangedHere {
            for (n, i) in same { out.append(PathChange(path: prefix + n, kind: .unchanged, oldID: i, newID: i)) }
        }
    }

    /// The commits reachable from `rev`, newest first, that changed any of `paths` (files or
    /// folders); all commits when `paths` is empty. Matches `git log -- PATHS`: a commit is kept
    /// unless, for every path, its entry id equals that of some parent.
    /// - Parameter limit: stop after this many commits.
    public func log(from rev: String = "HEAD", paths: [String] = [], limit: Int? = nil) throws(StoreError) -> [CommitInfo] {
        guard let start = (rev == "HEAD" ? try headCommitID() : try resolve(rev)) else { return [] }
        var w: OpaquePointer?
        try check(git_revwalk_new(&w, handle.raw), "git_revwalk_new")
        let walker = RevwalkHandle(w!, repo: handle)
        try check(git_revwalk_sorting(walker.raw, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "git_revwalk_sorting")
        var s = start.oid
        try check(git_revwalk_push(walker.raw, &s), "git_revwalk_push")
        let clean = paths.map { $0.trimmingCharacters(in: "/") }
        var out: [CommitInfo] = []
        var oid = git_oid()
        // The paths' entry ids by commit: a commit's parent is, in a linear history, the next
        // commit walked, so each tree is resolved once instead of twice.
        var resolved: [ObjectID: [ObjectID?]] = [:]
        func entries(_ c: CommitHandle) throws(StoreError) -> [ObjectID?] {
            if let r = resolved[c.id] { return r }
            let tree = try c.tree()
            let r = try clean.map { p throws(StoreError) in try tree.entryID(path: p)?.0 }
            if resolved.count > 4_096 { resolved.removeAll(keepingCapacity: true) }
            resolved[c.id] = r
            return r
        }
        while true {
            let rc = git_revwalk_next(&oid, walker.raw)
            if rc == GIT_ITEROVER.rawValue { break }
            try check(rc, "git_revwalk_next")
            let c = try commit(ObjectID(oid))
            if !clean.isEmpty {
                let mine = try entries(c)
                var touched: Bool
                if c.parentCount == 0 {
                    touched = mine.contains { $0 != nil }
                } else {
                    // TREESAME to any parent → not shown (git's default history simplification).
                    touched = true
                    for i in 0..<c.parentCount {
                        let theirs: [ObjectID?]
                        if let known = resolved[c.parentID(i)] { theirs = known } else { theirs = try entries(c.parent(i)) }
                        if theirs == mine { touched = false; break }
                    }
                }
                if !touched { continue }
            }
            out.append(c.info)
            if let limit, out.count >= limit { break }
        }
        return out
    }
}

/// One version of a file in its history: the commit that made it and the blob id it got
/// (nil where that commit deleted the file).
public struct FileVersion: Sendable, Hashable {
    public var commit: CommitInfo
    public var blob: ObjectID?
}

extension Repository {
    /// The commits that changed the file at `path`, newest first, with the blob id each gave it.
    /// Reads only tree entries (no blob is read): the caller parses the blobs it needs.
    public func fileHistory(_ path: String, from rev: String = "HEAD", limit: Int? = nil) throws(StoreError) -> [FileVersion] {
        let commits = try log(from: rev, paths: [path], limit: limit)
        var out: [FileVersion] = []
        out.reserveCapacity(commits.count)
        for c in commits {
            out.append(FileVersion(commit: c, blob: try entryID(path, in: c.id)))
        }
        return out
    }
}

/// The companion file names of `changedPaths`, matched against tree entry names without making
/// a Swift string of each entry (in a folder of projects most entries are unchanged, and hashing
/// their Chinese names, with Unicode normalisation, was a tenth of the walk).
struct CompanionNames: Sendable {
    let names: Set<String>
    /// NUL-terminated UTF-8 of each name.
    private let bytes: [[CChar]]
    /// Byte equality decides membership: every name is ASCII without `K`, `;` or `` ` ``, the
    /// only ASCII characters that a non-ASCII one (U+212A, U+037E, U+1FEF) is canonically
    /// equivalent to, so no other spelling of a name equals it as a Swift string.
    private let bytesDecide: Bool

    init(_ names: Set<String>) {
        self.names = names
        bytes = names.map { Array($0.utf8CString) }
        bytesDecide = names.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "K") && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "`") } }
    }

    var isEmpty: Bool { names.isEmpty }

    func contains(_ name: UnsafePointer<CChar>) -> Bool {
        for b in bytes where strcmp(name, b) == 0 { return true }
        return !bytesDecide && names.contains(String(cString: name))
    }
}

/// Per-worker results of a parallel tree walk.
private final class WalkResults: @unchecked Sendable {
    var parts: [[PathChange]]
    var error: StoreError?
    let lock = NSLockish()
    init(_ n: Int) { parts = Array(repeating: [], count: n) }
}
