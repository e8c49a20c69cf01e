import Clibgit2
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Writes working-tree files as blobs on every core and returns their index entries.
enum BlobWriter {
    struct Staged: @unchecked Sendable {
        var path: String
        /// An index entry with id, mode and stat data filled; `path` is set by the caller.
        var entry: git_index_entry
    }

    static func write(_ paths: [String], workdir: String, gitdir: String) throws(StoreError) -> [Staged] {
        if paths.isEmpty { return [] }
        if paths.count >= PackWriter.threshold { return try PackWriter.write(paths, workdir: workdir, gitdir: gitdir) }
        return try inChunks(paths, workers: paths.count < 64 ? 1 : 8, setup: { () throws(StoreError) in
            try Repository.open(at: gitdir)
        }) { (repo: Repository, path: String) throws(StoreError) in
            try stage(path, workdir: workdir, repo: repo)
        }
    }

    /// Holds each worker's results until all have finished; the first error wins.
    private final class Results<T>: @unchecked Sendable {
        var chunks: [[T]]
        var error: StoreError?
        let lock = NSLockish()
        init(_ n: Int) { chunks = Array(repeating: [], count: n) }
    }

    /// Maps `paths` on every core, in `workers` contiguous chunks, each worker with its own
    /// `setup` value (a libgit2 handle: they are not shared between threads); results in order.
    static func inChunks<C, T>(_ paths: [String], workers: Int, setup: () throws(StoreError) -> C,
                               _ body: (C, String) throws(StoreError) -> T) throws(StoreError) -> [T] {
        let results = Results<T>(workers)
        let chunk = (paths.count + workers - 1) / workers
        withoutActuallyEscaping(setup) { setup in
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let setup = setup, body = body
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let range = (w * chunk)..<min(paths.count, (w + 1) * chunk)
                    guard !range.isEmpty else { return }
                    do throws(StoreError) {
                        let context = try setup()
                        var out: [T] = []
                        out.reserveCapacity(range.count)
                        for path in paths[range] { out.append(try body(context, path)) }
                        results.chunks[w] = out
                    } catch {
                        results.lock.locked { if results.error == nil { results.error = error } }
                    }
                }
            }
        }
        if let e = results.error { throw e }
        return results.chunks.flatMap { $0 }
    }

    private static func stage(_ path: String, workdir: String, repo: Repository) throws(StoreError) -> Staged {
        let (bytes, entry) = try read(path, workdir: workdir)
        var e = entry
        e.id = try repo.writeBlob(bytes).oid
        return Staged(path: path, entry: e)
    }

    /// The bytes of a working-tree file (a link's target for a link) and its index entry, with
    /// mode and stat data filled but no id yet.
    static func read(_ path: String, workdir: String) throws(StoreError) -> (bytes: [UInt8], entry: git_index_entry) {
        let full = workdir + path
        var st = stat()
        guard lstat(full, &st) == 0 else {
            throw .libgit2(code: -1, function: "lstat", message: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        let isLink = (st.st_mode & S_IFMT) == S_IFLNK
        let bytes: [UInt8]
        if isLink {
            var buf = [CChar](repeating: 0, count: 4096)
            let n = readlink(full, &buf, buf.count)
            guard n >= 0 else { throw .libgit2(code: -1, function: "readlink", message: "cannot read the link \(path)") }
            bytes = buf[..<n].map { UInt8(bitPattern: $0) }
        } else {
            guard let b = readWholeFile(full) else {
                throw .libgit2(code: -1, function: "read", message: "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            bytes = b
        }
        var e = git_index_entry()
        e.ctime.seconds = Int32(truncatingIfNeeded: st.st_ctim.tv_sec)
        e.ctime.nanoseconds = UInt32(truncatingIfNeeded: st.st_ctim.tv_nsec)
        e.mtime.seconds = Int32(truncatingIfNeeded: st.st_mtim.tv_sec)
        e.mtime.nanoseconds = UInt32(truncatingIfNeeded: st.st_mtim.tv_nsec)
        e.dev = UInt32(truncatingIfNeeded: st.st_dev)
        e.ino = UInt32(truncatingIfNeeded: st.st_ino)
        e.mode = isLink ? 0o120000 : ((st.st_mode & 0o111) != 0 ? 0o100755 : 0o100644)
        e.uid = st.st_uid
        e.gid = st.st_gid
        e.file_size = UInt32(truncatingIfNeeded: bytes.count)
        return (bytes, e)
    }
}

/// A pthread mutex, for the rare error path.
final class NSLockish: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    func locked<T>(_ body: () -> T) -> T { pthread_mutex_lock(&m); defer { pthread_mutex_unlock(&m) }; return body() }
}
