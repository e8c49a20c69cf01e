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
        let fm = FileManager.default
        var temps: [(tmp: String, dest: String)] = []
        let token = "\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1000))"
        do {
            for (i, f) in files.enumerated() {
                let dest = root + f.path
                let dir = (dest as NSString).deletingLastPathComponent
                try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
                let tmp = dir + "/.budgit-tmp-\(token)-\(i)"
                guard fm.createFile(atPath: tmp, contents: Data(f.bytes)) else {
                    throw WriteError.io(path: f.path, detail: "cannot create a file in \(dir)")
                }
                temps.append((tmp, dest))
            }
        } catch {
            for t in temps { try? fm.removeItem(atPath: t.tmp) }
            if let e = error as? WriteError { throw e }
            throw .io(path: root, detail: "\(error.localizedDescription)")
        }
        for t in temps {
            if rename(t.tmp, t.dest) != 0 {
                let detail = String(cString: strerror(errno))
                for u in temps { try? fm.removeItem(atPath: u.tmp) }
                throw .io(path: t.dest, detail: detail)
            }
        }
        for d in deletions {
            let p = root + d
            if fm.fileExists(atPath: p) { try? fm.removeItem(atPath: p) }
            // Remove folders left empty, up to the root.
            var dir = (p as NSString).deletingLastPathComponent
            while dir.count > root.count, let items = try? fm.contentsOfDirectory(atPath: dir), items.isEmpty {
                try? fm.removeItem(atPath: dir)
                dir = (dir as NSString).deletingLastPathComponent
            }
        }
    }

    /// The bytes of a file under the root, or nil.
    public func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: root + path).map { [UInt8]($0) }
    }
}
