import BudgitModel
import BudgitCanonical
import BudgitStore

/// Why `commit` recorded nothing: files the strict readers reject.
public struct CommitRefusal: Error, Sendable, CustomStringConvertible {
    /// Each rejected file's first problem, with its path and line, in path order.
    public var problems: [CanonicalError]

    public var description: String {
        let shown = problems.prefix(10).map { "  \($0)" }.joined(separator: "\n")
        let more = problems.count > 10 ? "\n  … and \(problems.count - 10) more" : ""
        return """
        nothing was committed: \(problems.count == 1 ? "a file is" : "\(problems.count) files are") not valid canonical text:
        \(shown)\(more)
        Fix each file at the line named (docs/FORMAT.md), or drop the edit with `git checkout -- FILE`, or regenerate the year's files from their sources with `budgit import sources/YEAR/FILE.txt`; then commit again.
        """
    }
}

extension Workspace {
    /// The files a commit of the working tree would record that the strict readers reject: every
    /// new or changed project file, unit-budget folder (its parts are read together) and
    /// diagnostics file. Files that did not change are not read again (they were checked when
    /// they were committed).
    /// - Complexity: one parse of each changed file, on every core.
    public func invalidFilesForCommit() throws(StoreError) -> [CanonicalError] {
        var files: [String] = []
        var budgetFolders = Set<String>()
        for e in try repository.status() where e.kind != .deleted && e.kind != .unmerged {
            switch RepositoryLayout.classify(e.path) {
            case .project: files.append(e.path)
            case .unitBudget: budgetFolders.insert(String(RepositoryLayout.unitBudgetFolder(of: e.path)))
            case .other:
                if e.path.hasPrefix("sources/") && e.path.hasSuffix(".diagnostics.jsonl") { files.append(e.path) }
            }
        }
        let work = files.map { Check.file($0) } + budgetFolders.sorted().map { Check.budget($0) }
        let root = self.root
        let found = ParallelMap.map(work) { check -> CanonicalError? in check.run(root: root) }
        return found.compactMap { $0 }.sorted { ($0.path, $0.line) < ($1.path, $1.line) }
    }

    /// One thing to read before a commit.
    enum Check: Sendable {
        case file(String)
        case budget(String)

        func run(root: String) -> CanonicalError? {
            let writer = FileWriter(root: root)
            do {
                switch self {
                case .file(let path):
                    guard let bytes = writer.read(path) else {
                        return CanonicalError(path: path, line: 1, message: "cannot be read")
                    }
                    if path.hasPrefix("sources/") {
                        _ = try DiagnosticsFile.read(bytes, path: path)
                    } else {
                        _ = try ProjectFile.read(bytes, path: path)
                    }
                case .budget(let folder):
                    var parts: [(part: UnitBudgetPart, bytes: [UInt8])] = []
                    for path in listWorkingTree(root: root, under: folder) {
                        guard case .unitBudget(_, _, let part) = RepositoryLayout.classify(path) else { continue }
                        guard let bytes = writer.read(path) else {
                            return CanonicalError(path: path, line: 1, message: "cannot be read")
                        }
                        parts.append((part, bytes))
                    }
                    if parts.isEmpty { return nil }
                    _ = try UnitBudgetFile.read(parts: parts, folder: folder)
                }
                return nil
            } catch {
                return error
            }
        }
    }
}
