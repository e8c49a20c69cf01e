import Clibgit2

/// A git repository opened through libgit2: the only door to git in budgit.
///
/// Not `Sendable`: libgit2 objects must not be used from two threads at once; open one
/// `Repository` per task instead.
public final class Repository {
    let handle: RepoHandle

    /// The working directory, with a trailing `/`.
    public let workdir: String
    /// The `.git` directory, with a trailing `/`.
    public let gitdir: String

    private init(_ raw: OpaquePointer) {
        handle = RepoHandle(raw)
        workdir = git_repository_workdir(raw).map { String(cString: $0) } ?? ""
        gitdir = String(cString: git_repository_path(raw))
        // Temporary files that budgit 1 could leave beside the documents when killed are never
        // listed nor committed (in this process only: nothing is written to git's config).
        _ = git_ignore_add_rule(raw, Self.temporaryFilePattern + "\n")
    }

    /// The names of the temporary files earlier budgit versions wrote beside the documents.
    public static let temporaryFilePattern = ".budgit-tmp-*"

    /// Creates a new repository at `path` (folders are created as needed) whose HEAD points to
    /// `branch`.
    /// - Throws: ``StoreError/alreadyExists(path:)`` when `path` already holds a repository.
    public static func create(at path: String, branch: String = "main") throws(StoreError) -> Repository {
        _ = libgit2Initialized
        var probe: OpaquePointer?
        if git_repository_open_ext(&probe, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil) == 0 {
            git_repository_free(probe)
            throw .alreadyExists(path: path)
        }
        var opts = git_repository_init_options()
        try check(git_repository_init_options_init(&opts, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)), "git_repository_init_options_init")
        opts.flags = UInt32(GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_MKDIR.rawValue)
        var raw: OpaquePointer?
        let rc = branch.withCString { b -> Int32 in
            opts.initial_head = b
            return git_repository_init_ext(&raw, path, &opts)
        }
        try check(rc, "git_repository_init_ext")
        return Repository(raw!)
    }

    /// Opens the repository that contains `path`, searching upward as git does.
    /// - Throws: ``StoreError/notARepository(path:)`` when there is none.
    public static func discover(from path: String) throws(StoreError) -> Repository {
        _ = libgit2Initialized
        var raw: OpaquePointer?
        let rc = git_repository_open_ext(&raw, path, 0, nil)
        if rc == GIT_ENOTFOUND.rawValue { throw .notARepository(path: path) }
        try check(rc, "git_repository_open_ext")
        return Repository(raw!)
    }

    /// Opens exactly the repository at `path` (no upward search).
    public static func open(at path: String) throws(StoreError) -> Repository {
        _ = libgit2Initialized
        var raw: OpaquePointer?
        let rc = git_repository_open_ext(&raw, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil)
        if rc == GIT_ENOTFOUND.rawValue { throw .notARepository(path: path) }
        try check(rc, "git_repository_open_ext")
        return Repository(raw!)
    }

    /// The branch HEAD points to, such as `refs/heads/main`, or nil for a detached HEAD.
    public func headBranch() throws(StoreError) -> String? {
        var ref: OpaquePointer?
        try check(git_reference_lookup(&ref, handle.raw, "HEAD"), "git_reference_lookup")
        let h = ReferenceHandle(ref!)
        guard git_reference_type(h.raw) == GIT_REFERENCE_SYMBOLIC else { return nil }
        return String(cString: git_reference_symbolic_target(h.raw))
    }

    /// The commit HEAD points to, or nil on an unborn branch.
    public func headCommitID() throws(StoreError) -> ObjectID? {
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, handle.raw, "HEAD")
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EUNBORNBRANCH.rawValue { return nil }
        try check(rc, "git_reference_name_to_id")
        return ObjectID(oid)
    }

    // MARK: Revisions

    /// Resolves a revision (`HEAD`, `HEAD~2`, a tag, a branch, a hex id) to a commit id.
    public func resolve(_ rev: String) throws(StoreError) -> ObjectID {
        try commit(rev).id
    }

    func commit(_ rev: String) throws(StoreError) -> CommitHandle {
        var obj: OpaquePointer?
        let rc = git_revparse_single(&obj, handle.raw, rev)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EAMBIGUOUS.rawValue || rc == GIT_EINVALIDSPEC.rawValue {
            throw .unknownRevision(rev)
        }
        try check(rc, "git_revparse_single")
        defer { git_object_free(obj) }
        var peeled: OpaquePointer?
        let prc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT)
        if prc < 0 { throw .unknownRevision(rev) }
        return CommitHandle(peeled!, repo: handle)
    }

    func commit(_ id: ObjectID) throws(StoreError) -> CommitHandle {
        var oid = id.oid
        var c: OpaquePointer?
        let rc = git_commit_lookup(&c, handle.raw, &oid)
        if rc == GIT_ENOTFOUND.rawValue { throw .unknownRevision(id.description) }
        try check(rc, "git_commit_lookup")
        return CommitHandle(c!, repo: handle)
    }

    /// The commit's metadata.
    public func commitInfo(_ id: ObjectID) throws(StoreError) -> CommitInfo {
        try commit(id).info
    }

    // MARK: Blobs

    /// The bytes of the blob with `id`.
    public func blob(_ id: ObjectID) throws(StoreError) -> [UInt8] {
        var oid = id.oid
        var b: OpaquePointer?
        try check(git_blob_lookup(&b, handle.raw, &oid), "git_blob_lookup")
        defer { git_blob_free(b) }
        let size = Int(git_blob_rawsize(b))
        guard size > 0, let p = git_blob_rawcontent(b) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: size))
    }

    /// Calls `body` with the bytes of the blob with `id`, valid only during the call: for
    /// readers that parse a blob without keeping its bytes (no copy out of libgit2's buffer).
    public func withBlob<T>(_ id: ObjectID, _ body: (UnsafeBufferPointer<UInt8>) -> T) throws(StoreError) -> T {
        var oid = id.oid
        var b: OpaquePointer?
        try check(git_blob_lookup(&b, handle.raw, &oid), "git_blob_lookup")
        defer { git_blob_free(b) }
        let size = Int(git_blob_rawsize(b))
        guard size > 0, let p = git_blob_rawcontent(b) else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return body(UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: size))
    }

    /// The id git would give `bytes` as a blob (without writing it).
    public func hashBlob(_ bytes: [UInt8]) throws(StoreError) -> ObjectID {
        var oid = git_oid()
        let rc = bytes.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        try check(rc, "git_odb_hash")
        return ObjectID(oid)
    }

    /// Reads the file at `path` in revision `rev`.
    /// - Throws: ``StoreError/missingPath(path:revision:)`` when the path is absent or a folder.
    public func readFile(_ path: String, at rev: String) throws(StoreError) -> [UInt8] {
        let tree = try commit(rev).tree()
        guard let (id, isTree) = try tree.entryID(path: path), !isTree else {
            throw .missingPath(path: path, revision: rev)
        }
        return try blob(id)
    }

    /// The blob id of `path` in commit `id` (nil when absent).
    public func entryID(_ path: String, in id: ObjectID) throws(StoreError) -> ObjectID? {
        try commit(id).tree().entryID(path: path)?.0
    }

    /// The blob or tree ids of several paths in the commit `id` (nil where absent), resolving its
    /// tree once.
    public func entryIDs(_ paths: [String], in id: ObjectID) throws(StoreError) -> [ObjectID?] {
        let root = try commit(id).tree()
        var out: [ObjectID?] = []
        out.reserveCapacity(paths.count)
        for p in paths { out.append(try root.entryID(path: p)?.0) }
        return out
    }

    /// Every file under `prefix` (or the whole tree) in `rev`, with blob ids, in git's order: the
    /// order of the paths' UTF-8 bytes (a tree lists its entries so, a folder's name read with a
    /// trailing `/`). For most text that is also `String`'s order (see `SimpleText`).
    public func listFiles(at rev: String, under prefix: String = "") throws(StoreError) -> [(path: String, id: ObjectID)] {
        try listFiles(in: resolve(rev), under: prefix)
    }

    public func listFiles(in commitID: ObjectID, under prefix: String = "") throws(StoreError) -> [(path: String, id: ObjectID)] {
        let root = try commit(commitID).tree()
        let clean = prefix.trimmingCharacters(in: "/")
        var start = root
        if !clean.isEmpty {
            guard let (id, isTree) = try root.entryID(path: clean) else { return [] }
            if !isTree { return [(clean, id)] }
            start = try tree(id)
        }
        var out: [(String, ObjectID)] = []
        try walk(start, prefix: clean.isEmpty ? "" : clean + "/", into: &out)
        return out
    }

    /// The folders directly under `path` in commit `commitID` with their tree ids, in git's
    /// order; none when `path` is absent or a file. A tree id names a folder's whole content.
    public func folderIDs(in commitID: ObjectID, under path: String) throws(StoreError) -> [(name: String, id: ObjectID)] {
        let root = try commit(commitID).tree()
        let clean = path.trimmingCharacters(in: "/")
        var t = root
        if !clean.isEmpty {
            guard let (id, isTree) = try root.entryID(path: clean), isTree else { return [] }
            t = try tree(id)
        }
        return t.entries().filter(\.isTree).map { ($0.name, $0.id) }
    }

    /// Every file in the tree `id` (a folder whose path is `prefix`, with a trailing `/`), with
    /// blob ids, in git's order (see ``listFiles(at:under:)``): listing a folder whose id is known
    /// without resolving its path from the root.
    public func listFiles(inTree id: ObjectID, prefix: String) throws(StoreError) -> [(path: String, id: ObjectID)] {
        var out: [(String, ObjectID)] = []
        try walk(tree(id), prefix: prefix, into: &out)
        return out
    }

    func tree(_ id: ObjectID) throws(StoreError) -> TreeHandle {
        var oid = id.oid
        var t: OpaquePointer?
        try check(git_tree_lookup(&t, handle.raw, &oid), "git_tree_lookup")
        return TreeHandle(t!, repo: handle)
    }

    private func walk(_ t: TreeHandle, prefix: String, into out: inout [(String, ObjectID)]) throws(StoreError) {
        for e in t.entries() {
            if e.isTree { try walk(tree(e.id), prefix: prefix + e.name + "/", into: &out) }
            else { out.append((prefix + e.name, e.id)) }
        }
    }
}
