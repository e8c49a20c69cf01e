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

    /// Writes `files` (paths relative to the root) and removes `deletions`, all or nothing for
    /// the writes.
    public func apply(writes files: [(path: String, bytes: [UInt8])], deletions: [String] = []) throws(WriteError) {
        var temps: [(tmp: String, dest: String)] = []
        temps.reserveCapacity(files.count)
        let token = "\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1000))"
        var madeDirs = Set<String>()
        func cleanUp() { for t in temps { unlink(t.tmp) } }
        for (i, f) in files.enumerated() {
            let dest = root + f.path
            // A file that already holds these bytes is left alone: its mtime stays, so git's and
            // libgit2's stat caches keep it clean and the next commit does not re-hash it.
            if let existing = readIfSmall(dest, expected: f.bytes.count), existing == f.bytes { continue }
            let dir = String(dest[..<(dest.lastIndex(of: "/") ?? dest.startIndex)])
            if !madeDirs.contains(dir) {
                do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                    cleanUp()
                    throw .io(path: f.path, detail: "cannot create the folder \(dir)")
                }
                madeDirs.insert(dir)
            }
            let tmp = dir + "/.budgit-tmp-\(token)-\(i)"
            let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0o644)
            if fd < 0 {
                let detail = String(cString: strerror(errno))
                cleanUp()
                throw .io(path: f.path, detail: detail)
            }
            temps.append((tmp, dest))
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
            if !ok { cleanUp(); throw .io(path: f.path, detail: detail) }
        }
        for (k, t) in temps.enumerated() {
            if rename(t.tmp, t.dest) != 0 {
                let detail = String(cString: strerror(errno))
                for u in temps[k...] { unlink(u.tmp) }
                throw .io(path: t.dest, detail: detail + " (\(k) of \(temps.count) files were already in place)")
            }
        }
        let fm = FileManager.default
        for d in deletions {
            let p = root + d
            unlink(p)
            // Remove folders left empty, up to the root.
            var dir = (p as NSString).deletingLastPathComponent
            while dir.count > root.count, let items = try? fm.contentsOfDirectory(atPath: dir), items.isEmpty {
                try? fm.removeItem(atPath: dir)
                dir = (dir as NSString).deletingLastPathComponent
            }
        }
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
