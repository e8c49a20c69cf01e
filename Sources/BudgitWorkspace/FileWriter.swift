import Foundation

/// Writes a set of files into a folder so that either all of them land or none does.
///
/// Every file is first written to a temporary file beside its destination and flushed; only
/// when all are written are they renamed into place (rename is atomic per file on POSIX). A
/// failure before the renames removes the temporary files and leaves the folder untouched.
public struct FileWriter {
    public let root: String

    public init(root: String) { self.root = root.hasSuffix("/") ? root : root + "/" }

    public enum WriteError: Error, CustomStringConvertible {
        case io(path: String, detail: String)
        public var description: String {
            switch self { case .io(let p, let d): return "could not write \(p): \(d). Nothing was changed." }
        }
    }

    /// A file written to a temporary name beside its destination, waiting to be renamed.
    public struct Staged: Sendable {
        var tmp: String
        var dest: String
    }

    /// Writes `files` (paths relative to the root) and removes `deletions`, all or nothing for
    /// the writes.
    public func apply(writes files: [(path: String, bytes: [UInt8])], deletions: [String] = []) throws(WriteError) {
        let staged = try stage(files, token: "\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1000))")
        try commit(staged, deletions: deletions)
    }

    /// Writes each file to a temporary name in its destination folder (files that already hold
    /// the bytes are skipped). Safe to call from several threads with distinct tokens. On failure
    /// the temporary files written so far are removed.
    public func stage(_ files: [(path: String, bytes: [UInt8])], token: String) throws(WriteError) -> [Staged] {
        var temps: [Staged] = []
        temps.reserveCapacity(files.count)
        var madeDirs = Set<String>()
        for (i, f) in files.enumerated() {
            let dest = root + f.path
            // A file that already holds these bytes is left alone: its mtime stays, so git's and
            // libgit2's stat caches keep it clean and the next commit does not re-hash it.
            if let existing = readIfSmall(dest, expected: f.bytes.count), existing == f.bytes { continue }
            let dir = String(dest[..<(dest.lastIndex(of: "/") ?? dest.startIndex)])
            if !madeDirs.contains(dir) {
                if !Self.makeDirectories(dir) {
                    abort(temps)
                    throw .io(path: f.path, detail: "cannot create the folder \(dir): \(String(cString: strerror(errno)))")
                }
                madeDirs.insert(dir)
            }
            let tmp = dir + "/.budgit-tmp-\(token)-\(i)"
            let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0o644)
            if fd < 0 {
                let detail = String(cString: strerror(errno))
                abort(temps)
                throw .io(path: f.path, detail: detail)
            }
            temps.append(Staged(tmp: tmp, dest: dest))
            let ok = f.bytes.withUnsafeBytes { buf -> Bool in
                var off = 0
                while off < buf.count {
                    let n = write(fd, buf.baseAddress! + off, buf.count - off)
                    if n <= 0 { return false }
                    off += n
                }
                return true
            }
            let detail = ok ? "" : String(cString: strerror(errno))
            close(fd)
            if !ok { abort(temps); throw .io(path: f.path, detail: detail) }
        }
        return temps
    }

    /// Removes staged temporary files: nothing lands.
    public func abort(_ staged: [Staged]) { for t in staged { unlink(t.tmp) } }

    /// Renames every staged file into place, then removes `deletions` and folders left empty.
    public func commit(_ staged: [Staged], deletions: [String] = []) throws(WriteError) {
        for (k, t) in staged.enumerated() {
            if rename(t.tmp, t.dest) != 0 {
                let detail = String(cString: strerror(errno))
                abort(Array(staged[k...]))
                throw .io(path: t.dest, detail: detail + " (\(k) of \(staged.count) files were already in place)")
            }
        }
        let fm = FileManager.default
        for d in deletions {
            let p = root + d
            unlink(p)
            var dir = (p as NSString).deletingLastPathComponent
            while dir.count > root.count, let items = try? fm.contentsOfDirectory(atPath: dir), items.isEmpty {
                try? fm.removeItem(atPath: dir)
                dir = (dir as NSString).deletingLastPathComponent
            }
        }
    }

    /// `mkdir -p`, tolerating folders that exist or that another thread creates meanwhile.
    static func makeDirectories(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) { return isDir.boolValue }
        var prefix = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            prefix += (prefix.isEmpty && path.hasPrefix("/") && part.isEmpty) ? "/" : (prefix.isEmpty || prefix == "/" ? "" : "/") + part
            if part.isEmpty { continue }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { return false }
        }
        return true
    }

    /// The bytes at `path` when its size is `expected`, else nil (no read).
    private func readIfSmall(_ path: String, expected: Int) -> [UInt8]? {
        var st = stat()
        guard stat(path, &st) == 0, Int(st.st_size) == expected else { return nil }
        return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// The bytes of a file under the root, or nil.
    public func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: root + path).map { [UInt8]($0) }
    }
}
