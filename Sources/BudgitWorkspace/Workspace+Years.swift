import BudgitCanonical
import BudgitStore

extension Workspace {
    /// The years stored at `rev` (nil: in the working tree): the top-level folders named by a
    /// year, in ascending order.
    public func storedYears(at rev: String?) throws(LoadError) -> [Int] {
        let names: [String]
        if let rev {
            do { names = try repository.folderIDs(in: repository.resolve(rev), under: "").map(\.name) } catch { throw .store(error) }
        } else {
            names = workingTreeFolders(under: "")
        }
        return names.compactMap { name in Int(name).flatMap { String($0) == name ? $0 : nil } }.sorted()
    }

    /// The unit folders of `year` at `rev` (nil: in the working tree), in git's order.
    func unitFolderNames(of year: Int, at rev: String?) throws(LoadError) -> [String] {
        guard let rev else { return workingTreeFolders(under: "\(year)/") }
        do { return try repository.folderIDs(in: repository.resolve(rev), under: String(year)).map(\.name) } catch { throw .store(error) }
    }

    /// Why `year` (or `unit` of it) has nothing at `rev` (nil: the working tree), in words a user
    /// can act on: the years (or units) that are stored there, and, at a revision, whether the
    /// year is only in the working tree (imported, not committed). Nil when something is stored.
    /// - Parameter worktreeHint: how this command reads the working tree instead (for compare:
    ///   "pass --worktree to compare the working tree").
    public func missingYearMessage(_ year: Int, unit: String? = nil, at rev: String?, worktreeHint: String) throws(LoadError) -> String? {
        let place = rev.map { "at \($0)" } ?? "in the working tree"
        let folders = try unitFolderNames(of: year, at: rev)
        if let unit {
            let wanted = RepositoryLayout.component(unit)
            guard !folders.isEmpty, !folders.contains(wanted) else { return folders.isEmpty ? try missingYearMessage(year, at: rev, worktreeHint: worktreeHint) : nil }
            var text = "nothing is stored for unit `\(unit)` in \(year) \(place)"
            if rev != nil, try unitFolderNames(of: year, at: nil).contains(wanted) {
                text += ": it is only in the working tree (imported, not committed); record it with `budgit commit -m MSG`, or \(worktreeHint)"
            }
            let shown = folders.prefix(8).joined(separator: ", ") + (folders.count > 8 ? " and \(folders.count - 8) more" : "")
            return text + ". Units stored for \(year) \(place): \(shown)."
        }
        guard folders.isEmpty else { return nil }
        var text = "nothing is stored for \(year) \(place)"
        if rev != nil, !(try unitFolderNames(of: year, at: nil)).isEmpty {
            text += ": \(year) is only in the working tree (imported, not committed); record it with `budgit commit -m MSG`, or \(worktreeHint)"
        }
        let years = try storedYears(at: rev).filter { (try? unitFolderNames(of: $0, at: rev).isEmpty) == false }
        text += years.isEmpty
            ? ". Nothing is stored \(place) yet (`budgit import FILE` adds documents)."
            : ". Years stored \(place): \(years.map(String.init).joined(separator: ", "))."
        return text
    }
}
