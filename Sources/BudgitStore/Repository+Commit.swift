import Clibgit2
#if canImport(Glibc)
import Glibc
#endif

extension Repository {
    /// Records the whole working tree as a new commit on the branch HEAD points to.
    ///
    /// Stages every file (new, modified and deleted; ignored files excepted), writes the index,
    /// writes the tree and the commit object, and only then moves the branch, in one reference
    /// update under libgit2's lock that succeeds only if the branch still points where it did
    /// when we read it. An interrupted commit leaves HEAD where it was and only unreachable
    /// objects behind; a lost race throws ``StoreError/concurrentUpdate(branch:)``.
    /// - Parameters:
    ///   - message: the commit message (prettified as git does).
    ///   - author: the author; the committer is the same person at the same time unless given.
    ///
    /// git's state is respected. During a merge (`MERGE_HEAD`), the commit concludes it: its
    /// parents are HEAD and each merged commit, the message defaults to git's `MERGE_MSG`, and
    /// the merge state is cleared afterwards. Whatever the state, nothing is staged while the
    /// index holds conflicts, so the index stays exactly as git left it.
    /// - Parameters:
    ///   - message: the commit message (prettified as git does); nil during a merge takes
    ///     `MERGE_MSG` (its `#` comment lines removed).
    ///   - author: the author; the committer is the same person at the same time unless given.
    /// - Returns: the new commit.
    /// - Throws: ``StoreError/nothingToCommit`` when the tree equals HEAD's (outside a merge);
    ///   ``StoreError/unmerged(state:paths:)`` while paths are unmerged;
    ///   ``StoreError/operationInProgress(_:)`` during a rebase, cherry-pick, revert or `git am`;
    ///   ``StoreError/noMessage`` when `message` is nil outside a merge.
    @discardableResult
    public func commitAll(message: String?, author: Signature, committer: Signature? = nil) throws(StoreError) -> CommitInfo {
        let state = self.state()
        // Checked before anything touches the index: a refusal leaves git's stages as they are.
        let unmerged = try unmergedEntries()
        if !unmerged.isEmpty { throw .unmerged(state: state, paths: unmerged.map(\.path)) }
        var mergeParents: [ObjectID] = []
        var text = message
        switch state {
        case .none, .bisect: break
        case .merge:
            mergeParents = try mergeHeads()
            if text == nil, let prepared = try preparedMessage() { text = try Self.prettify(prepared, stripComments: true) }
        case .revert, .cherryPick, .rebase, .applyMailbox:
            throw .operationInProgress(state)
        }
        guard let text else { throw .noMessage }
        let treeID = try stageAll()
        let info = try commit(tree: treeID, message: text, author: author, committer: committer ?? author, mergeParents: mergeParents)
        if state == .merge {
            try check(git_repository_state_cleanup(handle.raw), "git_repository_state_cleanup")
        }
        return info
    }

    /// Stages the whole working tree into the index (new, modified and deleted files; ignored
    /// files excepted), writes the index and returns the id of its tree.
    ///
    /// Only the paths that differ from the index are touched (what is staged already is in the
    /// index, so HEAD's trees are not read): each is read once, written as a blob from
    /// memory and entered with its `lstat` data, so the next status is as fast as git's. (libgit2's
    /// `git_index_add_all` resolves every path component with `readlink`, several times slower
    /// than `git add -A` on tens of thousands of files.)
    @discardableResult
    public func stageAll() throws(StoreError) -> ObjectID {
        let index = try openIndex()
        var toAdd: [String] = []
        for entry in try status(workdirOnly: true) {
            var st = stat()
            if lstat(workdir + entry.path, &st) != 0 {
                try check(git_index_remove_bypath(index.raw, entry.path), "git_index_remove_bypath")
            } else if (st.st_mode & S_IFMT) == S_IFREG || (st.st_mode & S_IFMT) == S_IFLNK {
                toAdd.append(entry.path)
            } else {
                try check(git_index_add_bypath(index.raw, entry.path), "git_index_add_bypath")
            }
        }
        // Hashing and compressing the blobs is the work: spread it over every core, each worker
        // with its own repository handle (libgit2 objects are not shared between threads).
        for staged in try BlobWriter.write(toAdd, workdir: workdir, gitdir: gitdir) {
            var e = staged.entry
            let rc = staged.path.withCString { p -> Int32 in
                e.path = p
                return git_index_add(index.raw, &e)
            }
            try check(rc, "git_index_add")
        }
        try check(git_index_write(index.raw), "git_index_write")
        var tree = git_oid()
        try check(git_index_write_tree(&tree, index.raw), "git_index_write_tree")
        return ObjectID(tree)
    }

    /// Writes a commit of `tree` on top of HEAD and moves the branch atomically.
    /// - Parameter mergeParents: the commits a merge brings in, parents after HEAD (a merge is
    ///   recorded even when its tree equals HEAD's).
    public func commit(tree treeID: ObjectID, message: String, author: Signature, committer: Signature,
                       mergeParents: [ObjectID] = []) throws(StoreError) -> CommitInfo {
        guard let branch = try headBranch() else {
            throw .libgit2(code: -1, function: "commit", message: "HEAD is detached; check out a branch with git first")
        }
        let parentID = try headCommitID()
        var parents: [CommitHandle] = []
        if let parentID {
            let p = try commit(parentID)
            if mergeParents.isEmpty, try p.tree().id == treeID { throw .nothingToCommit }
            parents.append(p)
        }
        for id in mergeParents { parents.append(try commit(id)) }
        let tree = try self.tree(treeID)
        let pretty = try Self.prettify(message)
        let a = try SignatureHandle(author)
        let c = try SignatureHandle(committer)
        try check(git_repository_set_ident(handle.raw, committer.name, committer.email), "git_repository_set_ident")
        var newID = git_oid()
        var parentPtrs: [OpaquePointer?] = parents.map { $0.raw }
        let rc = parentPtrs.withUnsafeMutableBufferPointer { buf in
            git_commit_create(&newID, handle.raw, nil, a.raw, c.raw, nil, pretty, tree.raw, buf.count, buf.baseAddress)
        }
        try check(rc, "git_commit_create")
        withExtendedLifetime(parents) {}
        let summary = String(pretty.split(separator: "\n").first ?? "")
        let log = (parentID == nil ? "commit (initial): " : mergeParents.isEmpty ? "commit: " : "commit (merge): ") + summary
        var ref: OpaquePointer?
        let urc: Int32
        if var old = parentID?.oid {
            urc = git_reference_create_matching(&ref, handle.raw, branch, &newID, 1, &old, log)
        } else {
            urc = git_reference_create(&ref, handle.raw, branch, &newID, 0, log)
        }
        if urc == GIT_EMODIFIED.rawValue || urc == GIT_EEXISTS.rawValue {
            throw .concurrentUpdate(branch: branch)
        }
        if urc == GIT_ELOCKED.rawValue { throw .locked(what: branch) }
        try check(urc, "git_reference_create_matching")
        git_reference_free(ref)
        return try commit(ObjectID(newID)).info
    }

    static func prettify(_ message: String, stripComments: Bool = false) throws(StoreError) -> String {
        var buf = git_buf()
        defer { git_buf_dispose(&buf) }
        try check(git_message_prettify(&buf, message, stripComments ? 1 : 0, 0x23), "git_message_prettify")
        let out = buf.ptr.map { String(cString: $0) } ?? ""
        if out.isEmpty {
            throw .libgit2(code: -1, function: "commit", message: "the commit message is empty; say what changed with -m")
        }
        return out
    }

    // MARK: Tags

    /// Creates an annotated tag `name` on `rev`.
    /// - Throws: when the tag exists already.
    public func createTag(_ name: String, at rev: String, message: String, tagger: Signature) throws(StoreError) -> ObjectID {
        var obj: OpaquePointer?
        let rc = git_revparse_single(&obj, handle.raw, rev)
        if rc < 0 { throw .unknownRevision(rev) }
        defer { git_object_free(obj) }
        let sig = try SignatureHandle(tagger)
        var oid = git_oid()
        let pretty = try Self.prettify(message)
        let trc = git_tag_create(&oid, handle.raw, name, obj, sig.raw, pretty, 0)
        if trc == GIT_EEXISTS.rawValue {
            throw .libgit2(code: trc, function: "git_tag_create", message: "tag `\(name)` already exists")
        }
        try check(trc, "git_tag_create")
        return ObjectID(oid)
    }

    /// The names of all tags, sorted.
    public func tagNames() throws(StoreError) -> [String] {
        var arr = git_strarray()
        try check(git_tag_list(&arr, handle.raw), "git_tag_list")
        defer { git_strarray_dispose(&arr) }
        return (0..<arr.count).compactMap { arr.strings[$0].map { String(cString: $0) } }.sorted()
    }
}

extension Repository {
    /// Commits changes given as bytes on top of the branch's current commit, without touching
    /// the working tree or the on-disk index: `changes[path] = bytes` writes a file,
    /// `changes[path] = nil` removes it.
    ///
    /// The tree is built from the parent's tree in an in-memory index, so concurrent writers
    /// never share a lock file until the final reference update. When another writer moved the
    /// branch meanwhile this throws ``StoreError/concurrentUpdate(branch:)``; calling again
    /// rebuilds on the new commit, so nothing is lost.
    @discardableResult
    public func commit(changes: [String: [UInt8]?], message: String, author: Signature, committer: Signature? = nil) throws(StoreError) -> CommitInfo {
        var idx: OpaquePointer?
        try check(git_index_new(&idx), "git_index_new")
        let index = IndexHandle(idx!, repo: handle)
        if let parent = try headCommitID() {
            // The tree handle is kept alive across the call: `.raw` of a temporary may be freed
            // before libgit2 reads it (hidden while libgit2's object cache held a reference).
            let tree = try commit(parent).tree()
            try withExtendedLifetime(tree) { () throws(StoreError) in
                try check(git_index_read_tree(index.raw, tree.raw), "git_index_read_tree")
            }
        }
        for path in changes.keys.sorted() {
            if let bytes = changes[path]! {
                let blob = try writeBlob(bytes)
                var entry = git_index_entry()
                entry.mode = 0o100644
                entry.id = blob.oid
                entry.file_size = UInt32(truncatingIfNeeded: bytes.count)
                let rc = path.withCString { p -> Int32 in
                    entry.path = p
                    return git_index_add(index.raw, &entry)
                }
                try check(rc, "git_index_add")
            } else {
                let rc = git_index_remove_bypath(index.raw, path)
                try check(rc, "git_index_remove_bypath")
            }
        }
        var tree = git_oid()
        try check(git_index_write_tree_to(&tree, index.raw, handle.raw), "git_index_write_tree_to")
        return try commit(tree: ObjectID(tree), message: message, author: author, committer: committer ?? author)
    }

    /// Writes bytes as a blob and returns its id.
    public func writeBlob(_ bytes: [UInt8]) throws(StoreError) -> ObjectID {
        var oid = git_oid()
        let rc = bytes.withUnsafeBytes { git_blob_create_from_buffer(&oid, handle.raw, $0.baseAddress, $0.count) }
        try check(rc, "git_blob_create_from_buffer")
        return ObjectID(oid)
    }
}

/// Reads a whole file with POSIX calls; nil on error (errno set).
func readWholeFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { return nil }
        if n == 0 { return out }
        out.append(contentsOf: chunk[..<n])
    }
}
