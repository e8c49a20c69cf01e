#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsed unit folders kept beside the repository, keyed by the folder's git tree id:
/// `.git/budgit/parsed-v2/ab/cdef…` (the version is ``FormArchive/version``).
///
/// A tree id names the folder's exact content, so an entry never goes stale: the same id always
/// parses to the same documents. The cache is derived data. git ignores the folder (it is not in
/// `objects/` or `refs/`); deleting it costs only the time to parse again; anything unreadable in
/// it is treated as missing and rewritten: an entry records the tree it encodes and ends with a
/// checksum (``FormArchive``), and anything that is not a regular file is skipped, never read
/// nor waited on (``load(_:)``) nor followed nor deleted (``prune(limit:)``). Entries are
/// written to a temporary file and renamed, so a reader never sees half an entry, and two
/// processes writing one entry write the same bytes. Set `BUDGIT_PARSE_CACHE=off` to neither read nor write it.
public struct ParseCache: Sendable {
    /// The folder of this version's entries, with a trailing `/`.
    public let directory: String

    /// Whether the value of `BUDGIT_PARSE_CACHE` turns the cache off.
    public static func turnedOff(_ value: String?) -> Bool { value == "off" }

    /// The cache of the repository whose `.git` folder is `gitdir`.
    public init(gitdir: String) {
        let g = gitdir.hasSuffix("/") ? gitdir : gitdir + "/"
        directory = g + "budgit/parsed-v\(FormArchive.version)/"
    }

    /// Whether entries can be written: creates the cache's folder if needed. A read-only
    /// repository can still have its entries read; callers skip encoding entries they could not
    /// store. Nothing is written when `.git/budgit/` or this version's folder is not a real
    /// folder (a link to elsewhere, say): the cache never writes outside itself.
    public func prepareForWriting() -> Bool {
        (mkdir(directory, 0o755) == 0 || errno == EEXIST || makeFolders(directory))
            && foldersAreReal() && access(directory, W_OK) == 0
    }

    /// Whether `.git/budgit/` and this version's folder are folders, not links or other files.
    private func foldersAreReal() -> Bool {
        let root = String(directory.dropLast())
        guard let slash = root.lastIndex(of: "/") else { return false }
        return [String(root[..<slash]), root].allSatisfy { folder in
            var st = stat()
            return lstat(folder, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
        }
    }

    /// Where the entry for `key` (40 hex digits) lives.
    public func path(_ key: String) -> String {
        directory + key.prefix(2) + "/" + key.dropFirst(2)
    }

    /// Seconds after which reading an entry refreshes its time.
    static let touchAfter = 24 * 60 * 60

    /// The default limit on the cache's size: about eight versions of a large city's two years.
    public static let defaultLimit = 1 << 30

    /// The limit on the cache's size in bytes: `BUDGIT_PARSE_CACHE_LIMIT` in MiB, else
    /// ``defaultLimit``.
    public static func limit(_ value: String?) -> Int {
        guard let value, let mib = Int(value), mib >= 0 else { return defaultLimit }
        return mib << 20
    }

    /// Keeps the cache within `limit` bytes: when its entries add up to more, the least recently
    /// used are deleted (oldest time first) until they fit in three quarters of it. Returns how
    /// many were deleted. Entries of other versions (which this budgit never reads) and
    /// temporary files more than an hour old (left by an interrupted writer) are deleted first.
    ///
    /// Each revision of a year adds the entries of the unit folders it changed, so without a
    /// limit the cache would grow with the history; with one it holds what is being compared.
    ///
    /// Only regular files in real folders of the cache are counted or deleted: a symbolic link
    /// (to a folder or a file outside the cache), a FIFO, a socket or a device is neither
    /// followed, opened nor deleted. Folders (`.git/budgit/` included) are opened without
    /// following links and files are deleted relative to the folder that was checked.
    @discardableResult
    public func prune(limit: Int) -> Int {
        let root = String(directory.dropLast())  // …/budgit/parsed-vN
        guard let slash = root.lastIndex(of: "/") else { return 0 }
        let parent = String(root[..<slash]), current = String(root[root.index(after: slash)...])
        let top = Self.openFolder(AT_FDCWD, parent)  // `.git/budgit` itself, not through a link
        guard top >= 0 else { return 0 }
        defer { close(top) }
        var entries: [(file: CacheFile, size: Int, time: Int)] = []
        var stale: [CacheFile] = []
        let now = time(nil)
        for version in Self.names(top) where version.hasPrefix("parsed-v") {
            let vfd = Self.openFolder(top, version)
            guard vfd >= 0 else { continue }
            defer { close(vfd) }
            for shard in Self.names(vfd) {
                let sfd = Self.openFolder(vfd, shard)
                guard sfd >= 0 else { continue }
                defer { close(sfd) }
                for name in Self.names(sfd) {
                    var st = stat()
                    guard fstatat(sfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
                    let file = CacheFile(version: version, shard: shard, name: name)
                    // A temporary file an interrupted writer left behind.
                    if name.hasPrefix(".tmp-") {
                        if now - st.st_mtim.tv_sec > 3600 { stale.append(file) }
                        continue
                    }
                    if version == current { entries.append((file, Int(st.st_size), Int(st.st_mtim.tv_sec))) } else { stale.append(file) }
                }
            }
        }
        var deleted = 0
        for file in stale where Self.remove(file, in: top) { deleted += 1 }
        var total = entries.reduce(0) { $0 + $1.size }
        guard total > limit else { return deleted }
        for e in entries.sorted(by: { ($0.time, $0.file.name, $0.file.shard) < ($1.time, $1.file.name, $1.file.shard) }) {
            if total <= limit / 4 * 3 { break }
            if Self.remove(e.file, in: top) { total -= e.size; deleted += 1 }
        }
        return deleted
    }

    /// A file of the cache, by the names of its version folder, its shard folder and itself.
    private struct CacheFile { var version, shard, name: String }

    /// Deletes `file` if it is still a regular file in real folders under `top`.
    private static func remove(_ file: CacheFile, in top: Int32) -> Bool {
        let vfd = openFolder(top, file.version)
        guard vfd >= 0 else { return false }
        defer { close(vfd) }
        let sfd = openFolder(vfd, file.shard)
        guard sfd >= 0 else { return false }
        defer { close(sfd) }
        var st = stat()
        guard fstatat(sfd, file.name, &st, AT_SYMLINK_NOFOLLOW) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        return unlinkat(sfd, file.name, 0) == 0
    }

    /// The folder `name` in the folder `at`, opened for listing; -1 when it is not a folder (a
    /// symbolic link is not followed, and nothing else blocks the open).
    private static func openFolder(_ at: Int32, _ name: String) -> Int32 {
        openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
    }

    /// The names in an open folder, without `.` and `..`; none when it cannot be read. The
    /// descriptor stays open.
    private static func names(_ fd: Int32) -> [String] {
        let own = dup(fd)
        guard own >= 0 else { return [] }
        guard let dir = fdopendir(own) else { close(own); return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }

    /// Whether there is a regular file for `key` (without reading or checking it).
    public func contains(_ key: String) -> Bool {
        var st = stat()
        return lstat(path(key), &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// The largest entry read: a file larger than this is not an entry (the entry of a large
    /// city's largest unit folder is a few MiB).
    static let maximumEntrySize = 1 << 30

    /// The bytes of the entry for `key`, or nil when there is none, it cannot be read, or it is
    /// not a regular file in a real shard folder: a FIFO, a socket, a device, a folder or a
    /// symbolic link (to `/dev/zero`, to a file outside the cache) is skipped without blocking
    /// (opened with `O_NONBLOCK | O_NOFOLLOW`, then `fstat`ed before anything is read). The bytes
    /// are not checked here: ``FormArchive/decode(_:folder:tree:strings:)`` does that.
    public func load(_ key: String) -> [UInt8]? {
        let (shard, name) = Self.split(key)
        let sfd = Self.openFolder(AT_FDCWD, directory + shard)
        guard sfd >= 0 else { return nil }
        defer { close(sfd) }
        let fd = openat(sfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
              st.st_size > 0, st.st_size <= Self.maximumEntrySize else { return nil }
        // An entry's time says when it was last used, for ``prune(limit:)``: refreshed when a
        // day old, so that reading stays one `open`, `fstat` and `read` nearly always.
        if time(nil) - st.st_mtim.tv_sec > Self.touchAfter { futimens(fd, nil) }
        let size = Int(st.st_size)
        var out = [UInt8](repeating: 0, count: size)
        let got = out.withUnsafeMutableBytes { buf -> Int in
            guard let base = buf.baseAddress else { return 0 }
            var done = 0
            while done < size {
                let n = read(fd, base + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            return done
        }
        return got == size ? out : nil
    }

    /// The shard folder's name and the file's name of `key`.
    private static func split(_ key: String) -> (shard: String, name: String) {
        (String(key.prefix(2)), String(key.dropFirst(2)))
    }

    /// Writes the entry for `key`, best effort: a cache that cannot be written (a read-only
    /// repository, a full disk) is not an error, only a slower next run.
    @discardableResult
    public func store(_ key: String, _ bytes: [UInt8]) -> Bool { store(key, parts: [bytes]) }

    /// ``store(_:_:)`` for an entry given as consecutive parts (``FormArchive/encodedParts(_:tree:)``).
    ///
    /// The entry replaces whatever is at its path: a damaged entry, a FIFO, a symbolic link (not
    /// its target) or an empty folder. Something that is not a folder where the shard folder
    /// should be is deleted first (a link, not what it points to), so that nothing is written
    /// outside the cache; nor is anything written when the folders above the shards are not real
    /// folders (see ``prepareForWriting()``).
    @discardableResult
    public func store(_ key: String, parts: [[UInt8]]) -> Bool {
        guard foldersAreReal() else { return false }
        let (shard, name) = Self.split(key)
        let folder = directory + shard
        var sfd = Self.openFolder(AT_FDCWD, folder)
        if sfd < 0 {
            var st = stat()
            if lstat(folder, &st) == 0 && (st.st_mode & S_IFMT) != S_IFDIR { unlink(folder) }
            if mkdir(folder, 0o755) != 0 && errno != EEXIST {
                guard makeFolders(folder) else { return false }
            }
            sfd = Self.openFolder(AT_FDCWD, folder)
            guard sfd >= 0 else { return false }
        }
        defer { close(sfd) }
        let temp = ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = openat(sfd, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        let written = parts.allSatisfy { part in
            part.withUnsafeBytes { buf -> Bool in
                guard let base = buf.baseAddress else { return true }
                var done = 0
                while done < buf.count {
                    let n = write(fd, base + done, buf.count - done)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return false }
                    done += n
                }
                return true
            }
        }
        let closed = close(fd) == 0
        guard written, closed else { unlinkat(sfd, temp, 0); return false }
        if renameat(sfd, temp, sfd, name) != 0 {
            // A folder where the entry should be: replaced if empty, else left (and never read).
            guard errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST,
                  unlinkat(sfd, name, AT_REMOVEDIR) == 0, renameat(sfd, temp, sfd, name) == 0 else {
                unlinkat(sfd, temp, 0)
                return false
            }
        }
        return true
    }

    /// `mkdir -p`.
    private func makeFolders(_ path: String) -> Bool {
        var built = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            built += part
            if mkdir(built, 0o755) != 0 && errno != EEXIST { return false }
            built += "/"
        }
        return true
    }
}
