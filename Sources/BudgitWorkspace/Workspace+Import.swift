import Foundation
import BudgitModel
import BudgitImport
import BudgitCanonical
import BudgitStore

extension Workspace {
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
        // Documents are independent: parse each on any core and stage its files in the
        // transaction's folder under .git/budgit at once, so memory holds the documents in flight,
        // not the whole input. Nothing reaches the working tree until every document has been read.
        let writer = self.writer
        // A conflicted merge: an import would overwrite both sides of the conflicted files.
        if !dryRun, let unmerged = try? repository.unmergedEntries(), !unmerged.isEmpty {
            let paths = unmerged.prefix(5).map(\.path).joined(separator: ", ")
            return ImportResult(plans: [], failures: [(root, "a merge is in progress with \(unmerged.count) unmerged path\(unmerged.count == 1 ? "" : "s") (\(paths)): importing now would overwrite both sides. Resolve them (`budgit status` lists them) and `budgit commit`, or `git merge --abort`, then import")],
                                written: false)
        }
        let transaction: FileWriter.Transaction?
        if dryRun { transaction = nil } else {
            do { transaction = try writer.begin() } catch {
                return ImportResult(plans: [], failures: [(root, error.description)], written: false)
            }
        }
        let root = self.root
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
                let parsed = try Importer.parse(bytes: bytes, fileName: name, options: options)
                // The source's corrections, and hand edits of an earlier import's files, are kept.
                let (doc, corrections) = try Workspace.reconcileCorrections(parsed, source: bytes, sourceName: name, options: options, root: root)
                let manifest = try writer.readWithoutLinks(RepositoryLayout.manifestPath(year: doc.year, file: name))
                var made = try ImportPlan.make(doc, source: bytes, previousManifest: manifest)
                if let corrections { made.files.append(corrections) }
                plan = made
            } catch {
                return .failure(ImportFailure(message: "\(error)"))
            }
            guard let transaction else { return .success(StagedPlan(plan: retainDocuments ? plan : plan.released(), staged: [])) }
            do {
                let staged = try writer.stage(plan.files, in: transaction, prefix: "\(input.index)")
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
        failures += sharedFiles(plans, inputs: paths, results: results)
        var written = false
        if let transaction {
            if failures.isEmpty && !plans.isEmpty {
                progress("moving \(staged.count) files into place")
                do {
                    try writer.commit(staged, deletions: plans.flatMap(\.stale), in: transaction)
                    written = true
                } catch {
                    writer.abort(transaction)
                    failures.append((root, error.description))
                }
            } else {
                writer.abort(transaction)
            }
        }
        return ImportResult(plans: plans, failures: failures, written: written)
    }

    /// Files that two projects (or unit budgets) would share: the same path planned by two inputs
    /// of this import, or by an input and another source's manifest already in the working tree.
    /// Two different documents never share a file, so each is a failure naming both.
    func sharedFiles(_ plans: [ImportPlan], inputs: [String], results: [Result<StagedPlan, ImportFailure>]) -> [(String, String)] {
        var failures: [(String, String)] = []
        var owner: [String: String] = [:]  // path → the input that plans it
        var ownManifests = Set<String>()
        var years = Set<Int>()
        var planned: [(input: String, plan: ImportPlan)] = []
        for (input, r) in zip(inputs, results) { if case .success(let p) = r { planned.append((input, p.plan)) } }
        for (input, plan) in planned {
            ownManifests.insert(RepositoryLayout.manifestPath(year: plan.document.year, file: plan.document.sourceFile))
            years.insert(plan.document.year)
            for f in plan.files {
                if let other = owner[f.path], other != input {
                    failures.append((input, "`\(f.path)` would be written by both `\(other)` and `\(input)`: two documents "
                        + "bring the same year, unit and project (or unit budget, or file name). Import one of them, or file "
                        + "one under another unit with --unit. Nothing was written."))
                } else { owner[f.path] = input }
            }
        }
        // Other sources' manifests of the same years: the files they own.
        var claimed: [String: String] = [:]
        for y in years.sorted() {
            let folder = "sources/\(y)"
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: root + folder)) ?? []).sorted()
            where name.hasSuffix(".files") && !ownManifests.contains(folder + "/" + name) {
                guard let bytes = try? writer.readWithoutLinks(folder + "/" + name) else { continue }
                for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") { claimed[String(line)] = folder + "/" + name }
            }
        }
        guard !claimed.isEmpty else { return failures }
        for (input, plan) in planned {
            for f in plan.files {
                guard let manifest = claimed[f.path] else { continue }
                failures.append((input, "`\(f.path)` already belongs to another source (listed in `\(manifest)`): `\(input)` "
                    + "brings the same year, unit and project (or unit budget). Two documents never share a file. If it replaces "
                    + "that source, remove that source's files first (`git rm` the files its manifest lists and the manifest), "
                    + "or file it under another unit with --unit. Nothing was written."))
                break
            }
        }
        return failures
    }
}

struct IndexedPath: Sendable { var index: Int; var path: String }
struct StagedPlan: Sendable { var plan: ImportPlan; var staged: [FileWriter.Staged] }
