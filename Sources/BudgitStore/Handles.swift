import Clibgit2

// One internal final class per libgit2 handle type. `raw` is never exposed outside Store;
// `deinit` frees it; each child handle keeps its parent alive.

final class RepoHandle {
    let raw: OpaquePointer
    init(_ raw: OpaquePointer) { self.raw = raw }
    deinit { git_repository_free(raw) }
}

final class CommitHandle {
    let raw: OpaquePointer
    let repo: RepoHandle
    init(_ raw: OpaquePointer, repo: RepoHandle) { self.raw = raw; self.repo = repo }
    deinit { git_commit_free(raw) }

    var id: ObjectID { ObjectID(git_commit_id(raw).pointee) }

    func tree() throws(StoreError) -> TreeHandle {
        var t: OpaquePointer?
        try check(git_commit_tree(&t, raw), "git_commit_tree")
        return TreeHandle(t!, repo: repo)
    }

    var parentCount: Int { Int(git_commit_parentcount(raw)) }

    func parentID(_ i: Int) -> ObjectID { ObjectID(git_commit_parent_id(raw, UInt32(i)).pointee) }

    func parent(_ i: Int) throws(StoreError) -> CommitHandle {
        var p: OpaquePointer?
        try check(git_commit_parent(&p, raw, UInt32(i)), "git_commit_parent")
        return CommitHandle(p!, repo: repo)
    }

    var info: CommitInfo {
        let msg = git_commit_message(raw).map { String(cString: $0) } ?? ""
        return CommitInfo(
            id: id,
            parents: (0..<parentCount).map(parentID),
            author: Signature(git_commit_author(raw)),
            committer: Signature(git_commit_committer(raw)),
            message: msg)
    }
}

final class TreeHandle {
    let raw: OpaquePointer
    let repo: RepoHandle
    init(_ raw: OpaquePointer, repo: RepoHandle) { self.raw = raw; self.repo = repo }
    deinit { git_tree_free(raw) }

    var id: ObjectID { ObjectID(git_tree_id(raw).pointee) }
    var count: Int { git_tree_entrycount(raw) }

    /// The entries as values (borrowed entries are copied before returning).
    func entries() -> [TreeEntry] {
        (0..<count).map { i in
            let e = git_tree_entry_byindex(raw, i)!
            return TreeEntry(name: String(cString: git_tree_entry_name(e)),
                             id: ObjectID(git_tree_entry_id(e).pointee),
                             isTree: git_tree_entry_type(e) == GIT_OBJECT_TREE)
        }
    }

    /// The id of the object at `path` (a file or a folder), or nil when absent.
    func entryID(path: String) throws(StoreError) -> (ObjectID, isTree: Bool)? {
        var e: OpaquePointer?
        let rc = git_tree_entry_bypath(&e, raw, path)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_tree_entry_bypath")
        defer { git_tree_entry_free(e) }
        return (ObjectID(git_tree_entry_id(e).pointee), git_tree_entry_type(e) == GIT_OBJECT_TREE)
    }
}

final class IndexHandle {
    let raw: OpaquePointer
    let repo: RepoHandle
    init(_ raw: OpaquePointer, repo: RepoHandle) { self.raw = raw; self.repo = repo }
    deinit { git_index_free(raw) }
}

final class SignatureHandle {
    let raw: UnsafeMutablePointer<git_signature>
    init(_ s: Signature) throws(StoreError) {
        var p: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&p, s.name, s.email, s.time, s.offsetMinutes), "git_signature_new")
        raw = p!
    }
    deinit { git_signature_free(raw) }
}

final class ReferenceHandle {
    let raw: OpaquePointer
    init(_ raw: OpaquePointer) { self.raw = raw }
    deinit { git_reference_free(raw) }
}

final class RevwalkHandle {
    let raw: OpaquePointer
    let repo: RepoHandle
    init(_ raw: OpaquePointer, repo: RepoHandle) { self.raw = raw; self.repo = repo }
    deinit { git_revwalk_free(raw) }
}

final class StatusListHandle {
    let raw: OpaquePointer
    init(_ raw: OpaquePointer) { self.raw = raw }
    deinit { git_status_list_free(raw) }
}

/// One entry of a tree, as a value.
struct TreeEntry {
    var name: String
    var id: ObjectID
    var isTree: Bool
}
