import Foundation
import BudgitModel
import BudgitStore
import BudgitCache

/// A budgit repository and its working tree: the operations the CLI offers, as one library.
public final class Workspace {
    public let repository: Repository
    public let root: String
    var writer: FileWriter { FileWriter(root: root, gitdir: repository.gitdir) }
    /// What ``recover()`` did when the workspace was located (one line per interrupted import).
    public private(set) var recoveryNotes: [String] = []
    /// Why an interrupted import found by ``locate(repo:)`` could not be finished (a link put in
    /// the way meanwhile, say): commands should stop and show it until it is fixed.
    public private(set) var recoveryFailure: FileWriter.WriteError?
    /// Whether compares at a commit read and write the parse cache (``ParseCache``): on unless
    /// `BUDGIT_PARSE_CACHE=off`.
    public var usesParseCache: Bool
    /// The most bytes the parse cache may hold (``ParseCache/prune(limit:)``): 1 GiB unless
    /// `BUDGIT_PARSE_CACHE_LIMIT` gives MiB.
    public var parseCacheLimit: Int

    public init(repository: Repository) {
        self.repository = repository
        root = repository.workdir
        usesParseCache = !ParseCache.turnedOff(getenv("BUDGIT_PARSE_CACHE").map { String(cString: $0) })
        parseCacheLimit = ParseCache.limit(getenv("BUDGIT_PARSE_CACHE_LIMIT").map { String(cString: $0) })
    }

    /// Finds the repository as git does: `repo` if given (exactly there), else from the current
    /// directory upward.
    ///
    /// Then finishes or discards what an interrupted import left (``recover()``), so that every
    /// command sees either the old files or all the new ones; what it did is in ``recoveryNotes``,
    /// and why it could not, in ``recoveryFailure``.
    public static func locate(repo: String?) throws(StoreError) -> Workspace {
        let ws: Workspace
        if let repo { ws = Workspace(repository: try Repository.open(at: repo)) }
        else { ws = Workspace(repository: try Repository.discover(from: FileManager.default.currentDirectoryPath)) }
        do { ws.recoveryNotes = try ws.recover() } catch { ws.recoveryFailure = error }
        return ws
    }

    /// Finishes an import whose journal was written (rolls forward) or discards one killed
    /// before (``FileWriter/recover()``), unless an import is running now.
    @discardableResult
    public func recover() throws(FileWriter.WriteError) -> [String] { try writer.recover() }

    /// The working-tree files that differ from HEAD, without temporary files that earlier budgit
    /// versions could leave when killed (`.budgit-tmp-*`, which are removed).
    public func status() throws(StoreError) -> [StatusEntry] {
        removeStrayTemporaries()
        return try repository.status()
    }

    /// Removes the `.budgit-tmp-*` files budgit 1 could leave beside the documents (git ignores
    /// them in budgit's processes, so status and commit never see them).
    public func removeStrayTemporaries() {
        guard let ignored = try? repository.ignoredFiles() else { return }
        writer.removeStrayTemporaries(ignored)
    }

    /// Paths of files in the working tree under `prefix`, sorted, skipping `.git`.
    public func workingTreeFiles(under prefix: String = "") -> [String] {
        listWorkingTree(root: root, under: prefix)
    }
}

/// Every file under `prefix` of the working tree at `root` (which ends with `/`), sorted, without
/// `.git`.
func listWorkingTree(root: String, under prefix: String) -> [String] {
    var out: [String] = []
    // readdir, not FileManager's enumerator: no stat per entry when the file system gives the
    // type, and no bridging (listing 110,000 files took 0.4 s that way).
    func walk(_ relative: String) {
        guard let dir = opendir(root + relative) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." || (relative.isEmpty && name == ".git") || name.hasPrefix(".budgit-tmp-") { continue }
            let path = relative + name
            var type = Int32(entry.pointee.d_type)
            let link = type == Int32(DT_LNK)
            if type == Int32(DT_UNKNOWN) || link {
                var st = stat()
                guard stat(root + path, &st) == 0 else { continue }
                type = (st.st_mode & S_IFMT) == S_IFDIR ? Int32(DT_DIR) : Int32(DT_REG)
            }
            // A link to a folder is not followed; a link to a file counts as the file.
            if type == Int32(DT_DIR) { if !link { walk(path + "/") } } else if type == Int32(DT_REG) { out.append(path) }
        }
    }
    walk(prefix)
    return SimpleText.sorted(out)
}
