#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsed unit folders kept beside the repository, keyed by the folder's git tree id:
/// `.git/budgit/parsed-v1/ab/cdef…` (the version is ``FormArchive/version``).
///
/// A tree id names the folder's exact content, so an entry never goes stale: the same id always
/// parses to the same documents. The cache is derived data. git ignores the folder (it is not in
/// `objects/` or `refs/`); deleting it costs only the time to parse again; anything unreadable in
/// it is treated as missing and rewritten. Entries are written to a temporary file and renamed,
/// so a reader never sees half an entry, and two processes writing one entry write the same
/// bytes. Set `BUDGIT_PARSE_CACHE=off` to neither read nor write it.
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
    /// store.
    public func prepareForWriting() -> Bool {
        (mkdir(directory, 0o755) == 0 || errno == EEXIST || makeFolders(directory)) && access(directory, W_OK) == 0
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
    @discardableResult
    public func prune(limit: Int) -> Int {
        let root = String(directory.dropLast())  // …/budgit/parsed-vN
        let parent = String(root[..<root.lastIndex(of: "/")!])
        var entries: [(path: String, size: Int, time: Int)] = []
        var stale: [String] = []
        for version in Self.list(parent) where version.hasPrefix("parsed-v") {
            let vdir = parent + "/" + version
            let current = vdir == root
            for shard in Self.list(vdir) {
                for name in Self.list(vdir + "/" + shard) {
                    let path = vdir + "/" + shard + "/" + name
                    var st = stat()
                    guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
                    // A temporary file an interrupted writer left behind.
                    if name.hasPrefix(".tmp-") {
                        if time(nil) - st.st_mtim.tv_sec > 3600 { stale.append(path) }
                        continue
                    }
                    if current { entries.append((path, Int(st.st_size), Int(st.st_mtim.tv_sec))) } else { stale.append(path) }
                }
            }
        }
        var deleted = 0
        for path in stale where unlink(path) == 0 { deleted += 1 }
        var total = entries.reduce(0) { $0 + $1.size }
        guard total > limit else { return deleted }
        for e in entries.sorted(by: { ($0.time, $0.path) < ($1.time, $1.path) }) {
            if total <= limit / 4 * 3 { break }
            if unlink(e.path) == 0 { total -= e.size; deleted += 1 }
        }
        return deleted
    }

    /// The names in a folder, without `.` and `..`; none when it cannot be read.
    private static func list(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }

    /// Whether there is an entry for `key` (without reading it).
    public func contains(_ key: String) -> Bool { access(path(key), F_OK) == 0 }

    /// The bytes of the entry for `key`, or nil when there is none (or it cannot be read).
    public func load(_ key: String) -> [UInt8]? {
        let fd = open(path(key), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return nil }
        // An entry's time says when it was last used, for ``prune(limit:)``: refreshed when a
        // day old, so that reading stays one `open`, `fstat` and `read` nearly always.
        if time(nil) - st.st_mtim.tv_sec > Self.touchAfter { futimens(fd, nil) }
        let size = Int(st.st_size)
        var out = [UInt8](repeating: 0, count: size)
        let got = out.withUnsafeMutableBytes { buf -> Int in
            var done = 0
            while done < size {
                let n = read(fd, buf.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            return done
        }
        return got == size ? out : nil
    }

    /// Writes the entry for `key`, best effort: a cache that cannot be written (a read-only
    /// repository, a full disk) is not an error, only a slower next run.
    @discardableResult
    public func store(_ key: String, _ bytes: [UInt8]) -> Bool { store(key, parts: [bytes]) }

    /// ``store(_:_:)`` for an entry given as consecutive parts (``FormArchive/encodedParts(_:)``).
    @discardableResult
    public func store(_ key: String, parts: [[UInt8]]) -> Bool {
        let final = path(key)
        let folder = String(final[..<final.lastIndex(of: "/")!])
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            guard makeFolders(folder) else { return false }
        }
        let temp = folder + "/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        let written = parts.allSatisfy { part in
            part.withUnsafeBytes { buf -> Bool in
                var done = 0
                while done < buf.count {
                    let n = write(fd, buf.baseAddress! + done, buf.count - done)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return false }
                    done += n
                }
                return true
            }
        }
        let closed = close(fd) == 0
        guard written, closed, rename(temp, final) == 0 else { unlink(temp); return false }
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
