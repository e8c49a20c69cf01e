import Clibgit2

/// An operation git has started and not finished (`git_repository_state`): a merge, revert,
/// cherry-pick, rebase, `git am` or bisect in progress.
public enum RepositoryState: String, Sendable, Hashable {
    case none, merge, revert, cherryPick = "cherry-pick", rebase, applyMailbox = "am", bisect

    /// What git calls the operation in progress (`merge`, `cherry-pick`, …).
    public var name: String { rawValue }

    /// How to leave the state with git: the commands that continue or abort it.
    public var wayOut: String {
        switch self {
        case .none: return ""
        case .merge: return "resolve the files, mark each with `git add PATH`, then `budgit commit` to conclude the merge; or `git merge --abort`"
        case .revert: return "finish it with git (`git revert --continue`) or abandon it (`git revert --abort`)"
        case .cherryPick: return "finish it with git (`git cherry-pick --continue`) or abandon it (`git cherry-pick --abort`)"
        case .rebase: return "finish it with git (`git rebase --continue`) or abandon it (`git rebase --abort`)"
        case .applyMailbox: return "finish it with git (`git am --continue`) or abandon it (`git am --abort`)"
        case .bisect: return "`git bisect reset` ends the bisection"
        }
    }
}

/// A path the index holds unmerged (a conflict git left): which of the three stages it has.
public struct UnmergedEntry: Sendable, Hashable {
    public var path: String
    /// Stage 1, the common ancestor's version (absent when both sides added the file).
    public var ancestor: Bool
    /// Stage 2, ours (HEAD's) version (absent when we deleted the file).
    public var ours: Bool
    /// Stage 3, theirs (absent when they deleted the file).
    public var theirs: Bool

    /// The stages present, as `git ls-files -s` numbers them.
    public var stages: [Int] { [(1, ancestor), (2, ours), (3, theirs)].filter(\.1).map(\.0) }

    /// How git describes the conflict (`both modified`, `deleted by them`, …).
    public var kind: String {
        switch (ancestor, ours, theirs) {
        case (true, true, true): return "both modified"
        case (false, true, true): return "both added"
        case (true, true, false): return "deleted by them"
        case (true, false, true): return "deleted by us"
        case (false, true, false): return "added by us"
        case (false, false, true): return "added by them"
        default: return "both deleted"
        }
    }
}

extension Repository {
    /// The operation git has in progress in this repository, if any.
    public func state() -> RepositoryState {
        switch git_repository_state(handle.raw) {
        case Int32(GIT_REPOSITORY_STATE_MERGE.rawValue): return .merge
        case Int32(GIT_REPOSITORY_STATE_REVERT.rawValue), Int32(GIT_REPOSITORY_STATE_REVERT_SEQUENCE.rawValue): return .revert
        case Int32(GIT_REPOSITORY_STATE_CHERRYPICK.rawValue), Int32(GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE.rawValue): return .cherryPick
        case Int32(GIT_REPOSITORY_STATE_REBASE.rawValue), Int32(GIT_REPOSITORY_STATE_REBASE_INTERACTIVE.rawValue),
             Int32(GIT_REPOSITORY_STATE_REBASE_MERGE.rawValue): return .rebase
        case Int32(GIT_REPOSITORY_STATE_APPLY_MAILBOX.rawValue), Int32(GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE.rawValue): return .applyMailbox
        case Int32(GIT_REPOSITORY_STATE_BISECT.rawValue): return .bisect
        default: return .none
        }
    }

    /// The paths the index holds unmerged (conflicts git left), sorted by path, read from the
    /// index file as it is on disk; the index is not changed.
    public func unmergedEntries() throws(StoreError) -> [UnmergedEntry] {
        let index = try openIndex()
        guard git_index_has_conflicts(index.raw) != 0 else { return [] }
        var it: OpaquePointer?
        try check(git_index_conflict_iterator_new(&it, index.raw), "git_index_conflict_iterator_new")
        defer { git_index_conflict_iterator_free(it) }
        var out: [UnmergedEntry] = []
        while true {
            var a: UnsafePointer<git_index_entry>?, o: UnsafePointer<git_index_entry>?, t: UnsafePointer<git_index_entry>?
            let rc = git_index_conflict_next(&a, &o, &t, it)
            if rc == GIT_ITEROVER.rawValue { break }
            try check(rc, "git_index_conflict_next")
            guard let p = (o ?? t ?? a)?.pointee.path else { continue }
            out.append(UnmergedEntry(path: String(cString: p), ancestor: a != nil, ours: o != nil, theirs: t != nil))
        }
        return out.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
    }

    /// The commits being merged in (`MERGE_HEAD`), in the order git wrote them; none outside a merge.
    public func mergeHeads() throws(StoreError) -> [ObjectID] {
        final class Box { var ids: [ObjectID] = [] }
        let box = Box()
        let rc = git_repository_mergehead_foreach(handle.raw, { oid, payload in
            guard let oid, let payload else { return -1 }
            Unmanaged<Box>.fromOpaque(payload).takeUnretainedValue().ids.append(ObjectID(oid.pointee))
            return 0
        }, Unmanaged.passUnretained(box).toOpaque())
        if rc == GIT_ENOTFOUND.rawValue { return [] }
        try check(rc, "git_repository_mergehead_foreach")
        return withExtendedLifetime(box) { box.ids }
    }

    /// The message git prepared for the operation in progress (`MERGE_MSG`), or nil.
    public func preparedMessage() throws(StoreError) -> String? {
        var buf = git_buf()
        defer { git_buf_dispose(&buf) }
        let rc = git_repository_message(&buf, handle.raw)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_repository_message")
        return buf.ptr.map { String(cString: $0) }
    }

    /// The repository's index, freshly read from disk.
    func openIndex() throws(StoreError) -> IndexHandle {
        var idx: OpaquePointer?
        try check(git_repository_index(&idx, handle.raw), "git_repository_index")
        guard let raw = idx else { throw .libgit2(code: -1, function: "git_repository_index", message: "no index") }
        let index = IndexHandle(raw, repo: handle)
        try check(git_index_read(index.raw, 0), "git_index_read")
        return index
    }
}
