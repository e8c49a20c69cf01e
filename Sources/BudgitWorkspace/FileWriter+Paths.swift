import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Paths of the working tree opened one component at a time, never through a link.
extension FileWriter {
    /// Opens the folder `relative` of the working tree ("" = the root), one component at a time
    /// without following links; creates missing folders when `create`, else returns nil when one
    /// is missing.
    /// - Throws: ``WriteError/symbolicLink(path:target:)`` or ``WriteError/notAFolder(path:)``
    ///   naming the component in the way.
    func openFolder(_ relative: Substring, create: Bool) throws(WriteError) -> Int32? {
        var fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: root, detail: String(cString: strerror(errno))) }
        var prefix = ""
        for part in relative.split(separator: "/") {
            let name = String(part)
            prefix += prefix.isEmpty ? name : "/" + name
            var next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT {
                if !create { close(fd); return nil }
                if mkdirat(fd, name, 0o755) != 0 && errno != EEXIST {
                    let d = String(cString: strerror(errno))
                    close(fd)
                    throw .io(path: prefix, detail: "cannot create the folder: \(d)")
                }
                CrashHook.step()
                next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            if next < 0 {
                let err = errno
                var st = stat()
                let isLink = fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
                let target = isLink ? Self.linkTarget(fd, name) : ""
                close(fd)
                if isLink { throw .symbolicLink(path: prefix, target: target) }
                if err == ENOTDIR { throw .notAFolder(path: prefix) }
                throw .io(path: prefix, detail: String(cString: strerror(err)))
            }
            close(fd)
            fd = next
        }
        return fd
    }

    /// The bytes of a working-tree file, without following links; nil when it is missing or
    /// (with `expected`) does not have that size. A leaf that is a link counts as missing (it is
    /// replaced, not followed).
    func read(_ relative: String, expected: Int? = nil) throws(WriteError) -> [UInt8]? {
        var folders = FolderCache(writer: self)
        defer { folders.closeAll() }
        return try read(relative, expected: expected, folders: &folders)
    }

    func read(_ relative: String, expected: Int?, folders: inout FolderCache) throws(WriteError) -> [UInt8]? {
        let (parent, leaf) = Self.split(Substring(relative))
        guard let dir = try folders.open(parent, create: false) else { return nil }
        let fd = openat(dir, String(leaf), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        if let expected, Int(st.st_size) != expected { return nil }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var off = 0
        while off < out.count {
            let n = out.withUnsafeMutableBytes { buf -> Int in
                guard let base = buf.baseAddress else { return 0 }
                return pread(fd, base + off, buf.count - off, off_t(off))
            }
            if n <= 0 { return nil }
            off += n
        }
        return out
    }

    /// The bytes of a file under the root (links followed: for reading documents only), or nil.
    public func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: root + path).map { [UInt8]($0) }
    }

    /// The bytes of a file under the root, refusing links on the way (for manifests, whose lines
    /// budgit acts on).
    public func readWithoutLinks(_ path: String) throws(WriteError) -> [UInt8]? { try read(path, expected: nil) }

    /// Whether a path may be written by budgit: relative, no empty, `.` or `..` component, not
    /// in `.git`.
    static func isWorkTreePath(_ p: Substring) -> Bool {
        guard !p.isEmpty, !p.hasPrefix("/") else { return false }
        return !p.split(separator: "/", omittingEmptySubsequences: false).contains {
            $0.isEmpty || $0 == "." || $0 == ".." || $0.lowercased() == ".git"
        }
    }

    static func split(_ p: Substring) -> (parent: Substring, leaf: Substring) {
        guard let slash = p.lastIndex(of: "/") else { return ("", p) }
        return (p[..<slash], p[p.index(after: slash)...])
    }
}

/// Folder descriptors opened during one staging or replay, by relative path.
/// Folders known to be missing are remembered too, when not creating.
struct FolderCache {
    let writer: FileWriter
    var fds: [Substring: Int32] = [:]
    mutating func open(_ p: Substring, create: Bool) throws(FileWriter.WriteError) -> Int32? {
        if let fd = fds[p], fd >= 0 || !create { return fd >= 0 ? fd : nil }
        guard let fd = try writer.openFolder(p, create: create) else {
            fds[p] = -1
            return nil
        }
        fds[p] = fd
        return fd
    }
    mutating func closeAll() { for fd in fds.values where fd >= 0 { close(fd) }; fds = [:] }
}

/// A test hook: with `BUDGIT_TEST_CRASH_AFTER=N`, the process ends at once (`_exit`, as a
/// `kill -9` would) after its N-th file operation of an import, so that tests can stop it at
/// every step deterministically.
enum CrashHook {
    static let limit: Int? = getenv("BUDGIT_TEST_CRASH_AFTER").flatMap { Int(String(cString: $0)) }
    static let counter = Counter()

    static func step() {
        guard let limit else { return }
        if counter.next() >= limit { _exit(137) }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func next() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
    }
}
