import Foundation
import BudgitModel
import BudgitImport
import BudgitCanonical
import BudgitStore

/// A budgit repository and its working tree: the operations the CLI offers, as one library.
public final class Workspace {
    public let repository: Repository
    public let root: String
    var writer: FileWriter { FileWriter(root: root) }

    public init(repository: Repository) {
        self.repository = repository
        root = repository.workdir
    }

    /// Finds the repository as git does: `repo` if given (exactly there), else from the current
    /// directory upward.
    public static func locate(repo: String?) throws(StoreError) -> Workspace {
        if let repo { return Workspace(repository: try Repository.open(at: repo)) }
        return Workspace(repository: try Repository.discover(from: FileManager.default.currentDirectoryPath))
    }

    // MARK: Import

    /// The result of importing files.
    public struct ImportResult: Sendable {
        public var plans: [ImportPlan]
        public var failures: [(file: String, error: String)]
        public var written: Bool
    }

    /// Parses every file, then, unless `dryRun`, writes all their canonical files at once.
    /// A file that cannot be imported at all is reported in `failures`; nothing is written if
    /// any file failed (fix it or leave it out, then run again).
    public func importFiles(_ paths: [String], options: ImportOptions, dryRun: Bool, retainDocuments: Bool = false,
                            progress: @Sendable (String) -> Void = { _ in }) -> ImportResult {
        // Documents are independent: parse each on any core and stage its files (temporary names)
        // at once, so memory holds the documents in flight, not the whole input. Nothing is
        // renamed into place until every document has been read.
        let root = self.root
        let token = "\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1000))"
        let inputs = paths.enumerated().map { IndexedPath(index: $0.offset, path: $0.element) }
        let results = ParallelMap.map(inputs) { input -> Result<StagedPlan, ImportFailure> in
            let path = input.path
            let name = (path as NSString).lastPathComponent
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(ImportFailure(message: "\(path): cannot read the file (does it exist?)"))
            }
            let bytes = [UInt8](data)
            let plan: ImportPlan
            do {
                let doc = try Importer.parse(bytes: bytes, fileName: name, options: options)
                let manifest = FileWriter(root: root).read(RepositoryLayout.manifestPath(year: doc.year, file: name))
                plan = ImportPlan.make(doc, source: bytes, previousManifest: manifest)
            } catch {
                return .failure(ImportFailure(message: "\(error)"))
            }
            if dryRun { return .success(StagedPlan(plan: retainDocuments ? plan : plan.released(), staged: [])) }
            do {
                let staged = try FileWriter(root: root).stage(plan.files, token: "\(token)-\(input.index)")
                return .success(StagedPlan(plan: retainDocuments ? plan : plan.released(), staged: staged))
            } catch {
                return .failure(ImportFailure(message: "\(error)"))
            }
        } progress: { done in progress("[\(done)/\(paths.count)] read") }
        var plans: [ImportPlan] = []
        var staged: [FileWriter.Staged] = []
        var failures: [(String, String)] = []
        for (path, r) in zip(paths, results) {
            switch r {
            case .success(let p): plans.append(p.plan); staged += p.staged
            case .failure(let f): failures.append((path, f.message))
            }
        }
        var written = false
        if !dryRun {
            if failures.isEmpty && !plans.isEmpty {
                progress("moving \(staged.count) files into place")
                do {
                    try writer.commit(staged, deletions: plans.flatMap(\.stale))
                    written = true
                } catch {
                    failures.append((root, error.description))
                }
            } else {
                writer.abort(staged)
            }
        }
        return ImportResult(plans: plans, failures: failures, written: written)
    }

    // MARK: Reading stored documents

    /// Loads the canonical documents at a revision (nil: the working tree).
    public func documents(at rev: String?, filter: DocumentFilter = .init()) throws(LoadError) -> StoredDocuments {
        // Read the bytes first (libgit2 handles stay on this thread), then parse on every core.
        var files: [(path: String, bytes: [UInt8])] = []
        if let rev {
            let listed: [(path: String, id: ObjectID)]
            do { listed = try repository.listFiles(at: rev, under: filter.prefix) } catch { throw .store(error) }
            for f in listed where filter.admits(f.path) {
                do { files.append((f.path, try repository.blob(f.id))) } catch { throw .store(error) }
            }
        } else {
            for path in workingTreeFiles(under: filter.prefix) where filter.admits(path) {
                files.append((path, writer.read(path) ?? []))
            }
        }
        return try parseDocuments(files)
    }

    /// Parses canonical files on every core, keeping their order.
    func parseDocuments(_ files: [(path: String, bytes: [UInt8])]) throws(LoadError) -> StoredDocuments {
        let parsed = ParallelMap.map(files.map { LoadInput(path: $0.path, bytes: $0.bytes) }) { f -> Result<StoredDocuments, LoadError> in
            var one = StoredDocuments()
            do throws(LoadError) { try load(f.path, f.bytes, into: &one) } catch { return .failure(error) }
            return .success(one)
        }
        var docs = StoredDocuments()
        for r in parsed {
            switch r {
            case .success(let one): docs.projects += one.projects; docs.unitBudgets += one.unitBudgets
            case .failure(let e): throw e
            }
        }
        return docs
    }

    /// Paths of files in the working tree under `prefix`, sorted, skipping `.git`.
    public func workingTreeFiles(under prefix: String = "") -> [String] {
        let fm = FileManager.default
        let base = root + prefix
        guard let e = fm.enumerator(atPath: base) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            if rel == ".git" || rel.hasPrefix(".git/") { e.skipDescendants(); continue }
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: base + rel, isDirectory: &isDir), !isDir.boolValue {
                out.append(prefix + rel)
            }
        }
        return out.sorted()
    }
}

struct LoadInput: Sendable { var path: String; var bytes: [UInt8] }

struct IndexedPath: Sendable { var index: Int; var path: String }
struct StagedPlan: Sendable { var plan: ImportPlan; var staged: [FileWriter.Staged] }
