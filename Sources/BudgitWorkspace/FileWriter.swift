import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a set of files into the working tree so that either all of them land or none does,
/// even when the process is killed, and never through a symbolic link.
///
/// An import is a transaction (``Transaction``) in budgit's own folder, `.git/budgit/`:
///
/// 1. every new file is written into `.git/budgit/import-ID/` under a number
///    (``stage(_:in:prefix:)``); files that already hold the bytes are skipped, so their mtime stays;
/// 2. the staged files are flushed to disk (`syncfs` on Linux, else an fsync each); a journal
///    listing every rename and delete is written, fsync'd and renamed to
///    `import-ID/journal`: from then on the transaction is *ready*;
/// 3. the renames into the working tree and the deletes are done (each is atomic; replaying them is
///    idempotent), then the journal and the folder are removed.
///
/// A transaction killed before step 2 leaves only its folder in `.git/budgit/`, which the next
/// budgit command discards (``recover()``); one killed during step 3 is finished by it. So the
/// working tree holds either the old files or all the new ones, and never a temporary file.
///
/// Every path in the working tree is opened one component at a time relative to its folder
/// (`openat` with `O_NOFOLLOW`): a component that is a symbolic link is refused
/// (``WriteError/symbolicLink(path:target:)``), so budgit never writes, renames or deletes
/// outside the working tree's folders.
public struct FileWriter: Sendable {
    /// The working tree, with a trailing `/`.
    public let root: String
    /// budgit's folder in the git directory (`.git/budgit/`), with a trailing `/`.
    public let ownFolder: String

    /// - Parameters:
    ///   - root: the working tree.
    ///   - gitdir: the git directory (default `root/.git`).
    public init(root: String, gitdir: String? = nil) {
        self.root = root.hasSuffix("/") ? root : root + "/"
        let g = gitdir ?? (self.root + ".git/")
        ownFolder = (g.hasSuffix("/") ? g : g + "/") + "budgit/"
    }

    public enum WriteError: Error, CustomStringConvertible, Sendable {
        case io(path: String, detail: String)
        case symbolicLink(path: String, target: String)
        case notAFolder(path: String)
        case busy(lock: String)
        case unfinished(detail: String)

        public var description: String {
            switch self {
            case .io(let p, let d): return "could not write \(p): \(d). Nothing was changed."
            case .symbolicLink(let p, let t):
                return "`\(p)` is a symbolic link to `\(t)`; budgit does not write through links. "
                    + "Remove it (or replace it with a real folder holding the files), then run again. Nothing was changed."
            case .notAFolder(let p):
                return "`\(p)` is not a folder, but budgit needs a folder there. Move it away, then run again. Nothing was changed."
            case .busy(let l):
                return "another budgit import is running in this repository (it holds \(l)); wait for it to finish, then run again"
            case .unfinished(let d):
                return "an interrupted import could not be finished: \(d). Fix that, then run any budgit command to finish it"
            }
        }
    }

    /// A file written into a transaction's folder, waiting to be renamed to `dest` (relative to
    /// the working tree).
    public struct Staged: Sendable {
        var name: String
        var dest: String
    }

    /// An import in progress: its folder in `.git/budgit/` and the lock that keeps other imports
    /// (and recovery) away while it runs. The lock is released when the value is released, or by
    /// the kernel when the process dies.
    public final class Transaction: Sendable {
        let folder: String
        let lockFD: Int32
        init(folder: String, lockFD: Int32) { self.folder = folder; self.lockFD = lockFD }
        deinit { close(lockFD) }
    }

    // MARK: Transactions

    /// Writes `files` (paths relative to the root) and removes `deletions`, all or nothing.
    public func apply(writes files: [(path: String, bytes: [UInt8])], deletions: [String] = []) throws(WriteError) {
        let t = try begin()
        do {
            let staged = try stage(files, in: t, prefix: "0")
            try commit(staged, deletions: deletions, in: t)
        } catch {
            abort(t)
            throw error
        }
    }

    /// Starts a transaction: takes the import lock (``WriteError/busy(lock:)`` if another import
    /// holds it), finishes or discards what an interrupted one left, and makes a fresh folder.
    public func begin() throws(WriteError) -> Transaction {
        let lock = try takeLock(wait: false)
        guard let lock else { throw .busy(lock: ownFolder + "import.lock") }
        do { _ = try recoverLocked() } catch { close(lock); throw error }
        let folder = ownFolder + "import-\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1_000_000))/"
        if mkdir(folder, 0o755) != 0 {
            let d = String(cString: strerror(errno))
            close(lock)
            throw .io(path: folder, detail: d)
        }
        return Transaction(folder: folder, lockFD: lock)
    }

    /// Writes each file into the transaction's folder (files of the working tree that already
    /// hold the bytes are skipped). Safe to call from several threads with distinct prefixes.
    public func stage(_ files: [(path: String, bytes: [UInt8])], in t: Transaction, prefix: String) throws(WriteError) -> [Staged] {
        var out: [Staged] = []
        out.reserveCapacity(files.count)
        var folders = FolderCache(writer: self)  // a document's files share a few folders
        defer { folders.closeAll() }
        for (i, f) in files.enumerated() {
            // A file that already holds these bytes is left alone: its mtime stays, so git's and
            // libgit2's stat caches keep it clean and the next commit does not re-hash it.
            if let existing = try read(f.path, expected: f.bytes.count, folders: &folders), existing == f.bytes { continue }
            let name = "\(prefix)-\(i)"
            try writeFile(t.folder + name, f.bytes, shown: f.path, sync: !Self.syncsFileSystem)
            out.append(Staged(name: name, dest: f.path))
            CrashHook.step()
        }
        return out
    }

    /// Makes the staged files land and removes `deletions` (a deletion that is also written is
    /// dropped): checks every folder on the way for links, writes the journal, replays it, and
    /// removes the transaction's folder.
    public func commit(_ staged: [Staged], deletions: [String] = [], in t: Transaction) throws(WriteError) {
        let written = Set(staged.map(\.dest))
        let deletions = deletions.filter { !written.contains($0) }
        // Refuse before anything moves: no existing folder on any path may be a link, and no file
        // to replace or delete may be a folder (rename and unlink would fail half-way).
        var folders = FolderCache(writer: self)
        defer { folders.closeAll() }
        for p in staged.map(\.dest) + deletions {
            let (parent, leaf) = Self.split(Substring(p))
            guard let fd = try folders.open(parent, create: false) else { continue }
            var st = stat()
            if fstatat(fd, String(leaf), &st, AT_SYMLINK_NOFOLLOW) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
                throw .io(path: p, detail: "it is a folder, where budgit keeps a file; move it away, then run again")
            }
        }
        // Nothing to do (a re-import of unchanged documents): no journal, no flush.
        if staged.isEmpty && deletions.isEmpty { abort(t); return }
        // The staged files reach the disk before the journal that makes them count.
        if Self.syncsFileSystem && !staged.isEmpty { try Self.syncFileSystem(of: t.folder) }
        var journal = "budgit import journal 1\n"
        for s in staged { journal += "W\t\(s.name)\t\(s.dest)\n" }
        for d in deletions { journal += "D\t\(d)\n" }
        journal += "end\n"
        try writeFile(t.folder + "journal.tmp", Array(journal.utf8), shown: "the import journal")
        if rename(t.folder + "journal.tmp", t.folder + "journal") != 0 {
            throw .io(path: t.folder + "journal", detail: String(cString: strerror(errno)))
        }
        Self.syncFolder(t.folder)
        CrashHook.step()
        try replay(t.folder)
    }

    /// Discards a transaction that was not committed: nothing lands.
    public func abort(_ t: Transaction) { Self.removeFolder(t.folder) }

    // MARK: Recovery

    /// Finishes (journal ready) or discards (no journal) every transaction an interrupted budgit
    /// left in `.git/budgit/`, unless an import is running. Returns one line per transaction.
    public func recover() throws(WriteError) -> [String] {
        guard !pendingTransactions().isEmpty else { return [] }
        guard let lock = try takeLock(wait: false) else { return [] }
        defer { close(lock) }
        return try recoverLocked()
    }

    /// The folders of transactions left in `.git/budgit/`.
    func pendingTransactions() -> [String] {
        guard let items = try? FileManager.default.contentsOfDirectory(atPath: ownFolder) else { return [] }
        return items.filter { $0.hasPrefix("import-") }.sorted().map { ownFolder + $0 + "/" }
    }

    private func recoverLocked() throws(WriteError) -> [String] {
        var notes: [String] = []
        for folder in pendingTransactions() {
            var st = stat()
            if access(folder + "journal", F_OK) == 0 {
                let n = try replay(folder)
                notes.append("finished an interrupted import (\(n) files moved into place or removed)")
            } else if lstat(folder, &st) == 0 {
                Self.removeFolder(folder)
                notes.append("discarded an interrupted import (nothing of it had reached the working tree)")
            }
        }
        return notes
    }

    /// Does what the journal in `folder` lists, skipping what is done already, then removes the
    /// folder. Returns how many renames and deletes it did.
    @discardableResult
    private func replay(_ folder: String) throws(WriteError) -> Int {
        guard let bytes = FileManager.default.contents(atPath: folder + "journal") else {
            throw .unfinished(detail: "cannot read \(folder)journal")
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == "budgit import journal 1", lines.count >= 3, lines[lines.count - 2] == "end" else {
            throw .unfinished(detail: "\(folder)journal is not a complete journal; remove \(folder) to drop that import")
        }
        let staging = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard staging >= 0 else { throw .unfinished(detail: "cannot open \(folder): \(String(cString: strerror(errno)))") }
        defer { close(staging) }
        var done = 0
        var pruned: [Substring] = []
        var folders = FolderCache(writer: self)
        defer { folders.closeAll() }
        for line in lines.dropFirst().dropLast(2) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard let dest = f.last, Self.isWorkTreePath(dest) else {
                throw .unfinished(detail: "\(folder)journal names `\(line)`, which is not a document path")
            }
            let (parent, leaf) = Self.split(dest)
            if f.count == 3, f[0] == "W" {
                var st = stat()
                guard fstatat(staging, String(f[1]), &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }  // moved already
                do {
                    guard let dir = try folders.open(parent, create: true) else { continue }
                    if renameat(staging, String(f[1]), dir, String(leaf)) != 0 {
                        throw WriteError.io(path: String(dest), detail: String(cString: strerror(errno)))
                    }
                } catch { throw .unfinished(detail: "\(error)") }
                done += 1
                CrashHook.step()
            } else if f.count == 2, f[0] == "D" {
                let dir: Int32?
                do { dir = try folders.open(parent, create: false) } catch { throw .unfinished(detail: "\(error)") }
                guard let dir else { continue }
                if unlinkat(dir, String(leaf), 0) == 0 {
                    done += 1
                    CrashHook.step()
                } else if errno != ENOENT {
                    throw .unfinished(detail: "cannot remove \(dest): \(String(cString: strerror(errno)))")
                }
                pruned.append(parent)
            } else {
                throw .unfinished(detail: "\(folder)journal has a line `\(line)` budgit does not know")
            }
        }
        // Folders that the deletes left empty go too (never the working tree itself).
        folders.closeAll()
        for p in Set(pruned).sorted(by: { $0.count > $1.count }) {
            var path = p
            while !path.isEmpty {
                let (parent, leaf) = Self.split(path)
                guard let fd = try? openFolder(parent, create: false) else { break }
                let rc = unlinkat(fd, String(leaf), AT_REMOVEDIR)
                close(fd)
                if rc != 0 { break }
                path = parent
            }
        }
        unlink(folder + "journal")
        CrashHook.step()
        Self.removeFolder(folder)
        return done
    }

    // MARK: Stray temporary files of budgit 1

    /// Removes `.budgit-tmp-*` files that earlier versions of budgit could leave beside the
    /// documents when killed (`paths` relative to the working tree, from a status listing).
    public func removeStrayTemporaries(_ paths: [String]) {
        for p in paths where Self.isStrayTemporary(p) {
            let (parent, leaf) = Self.split(Substring(p))
            guard let fd = try? openFolder(parent, create: false) else { continue }
            unlinkat(fd, String(leaf), 0)
            close(fd)
        }
    }

    /// Whether the last component of `path` is a temporary file name of earlier budgit versions.
    public static func isStrayTemporary(_ path: String) -> Bool {
        path.split(separator: "/").last?.hasPrefix(".budgit-tmp-") ?? false
    }

    // MARK: Plumbing

    /// Takes `.git/budgit/import.lock` (flock: released when the process dies); nil when another
    /// process holds it and `wait` is false.
    private func takeLock(wait: Bool) throws(WriteError) -> Int32? {
        try makeOwnFolder()
        let fd = open(ownFolder + "import.lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: ownFolder + "import.lock", detail: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            close(fd)
            return nil
        }
        return fd
    }

    /// Makes `.git/budgit/` (a real folder, not a link).
    private func makeOwnFolder() throws(WriteError) {
        let path = String(ownFolder.dropLast())
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw .io(path: path, detail: String(cString: strerror(errno)))
        }
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw .symbolicLink(path: path, target: (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
        }
    }

    /// Whether staged files are flushed at once with `syncfs` (Linux: one call, where an fsync per
    /// file cost about 200 µs each) rather than one by one.
    #if os(Linux)
    static let syncsFileSystem = true
    #else
    static let syncsFileSystem = false
    #endif

    /// Flushes the file system holding `folder` (`syncfs`).
    static func syncFileSystem(of folder: String) throws(WriteError) {
        #if os(Linux)
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: folder, detail: String(cString: strerror(errno))) }
        defer { close(fd) }
        if Self.syncfs(fd) != 0 { throw .io(path: folder, detail: "cannot flush the staged files: " + String(cString: strerror(errno))) }
        #endif
    }

    #if os(Linux)
    /// glibc's `syncfs`, which Swift's Glibc module does not import (it is a GNU extension);
    /// `sync()` where it cannot be found.
    static let syncfs: @convention(c) (Int32) -> Int32 = {
        if let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "syncfs") {
            return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
        }
        return { _ in sync(); return 0 }
    }()
    #endif

    /// Writes a new file and (with `sync`) flushes it to disk.
    private func writeFile(_ path: String, _ bytes: [UInt8], shown: String, sync: Bool = true) throws(WriteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: shown, detail: String(cString: strerror(errno))) }
        let ok = bytes.withUnsafeBytes { buf -> Bool in
            guard let base = buf.baseAddress else { return true }
            var off = 0
            while off < buf.count {
                let n = write(fd, base + off, buf.count - off)
                if n <= 0 { return false }
                off += n
            }
            return true
        }
        let synced = ok && (!sync || fsync(fd) == 0)
        let detail = synced ? "" : String(cString: strerror(errno))
        close(fd)
        if !synced { throw .io(path: shown, detail: detail) }
    }

    static func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    static func linkTarget(_ dir: Int32, _ name: String) -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlinkat(dir, name, &buf, buf.count - 1)
        guard n >= 0 else { return "?" }
        return String(decoding: buf[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Removes a transaction's folder (flat: its files, then itself).
    static func removeFolder(_ folder: String) {
        for item in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] { unlink(folder + item) }
        rmdir(folder)
    }
}
