import BudgitModel
import BudgitCanonical
import BudgitStore

extension Workspace {
    /// ``documents(at:filter:)``, but a file the strict readers reject (committed with plain git,
    /// or left by a line merge) is skipped and returned beside the documents instead of failing
    /// the whole load. The fast path is unchanged: files are read one by one only when the
    /// normal load found a problem.
    /// - Returns: the readable documents and each unreadable file's first problem, in path order.
    public func documentsSkippingUnreadable(at rev: String?, filter: DocumentFilter = .init()) throws(LoadError)
        -> (documents: StoredDocuments, unreadable: [CanonicalError]) {
        do {
            return (try documents(at: rev, filter: filter), [])
        } catch {
            guard case .canonical = error else { throw error }
        }
        let files = try storedFiles(at: rev, filter: filter)
        var repo: Repository?
        if let rev { do { _ = try repository.resolve(rev); repo = try Repository.open(at: repository.gitdir) } catch { throw .store(error) } }
        var docs = StoredDocuments()
        var unreadable: [CanonicalError] = []
        // One project file at a time, one unit-budget folder at a time.
        for slice in Self.slices(files, chunk: 1) {
            do throws(LoadError) {
                var one = try parseStored(slice, repo: repo, root: root)
                try one.assembleBudgets()
                docs.absorb(one)
            } catch {
                guard case .canonical(let e) = error else { throw error }
                unreadable.append(e)
            }
        }
        return (docs, unreadable)
    }
}
