import Synchronization
import BudgitStore

/// libgit2 handles for worker threads, reused from one work item to the next.
///
/// A `Repository` must not be used by two threads at once, so each work item takes a handle of
/// its own and gives it back when done. Reusing them matters for packs: libgit2 shares an opened
/// pack, and its mapped windows, between the handles that hold it, and unmaps it when the last
/// one is freed. A handle opened and freed per work item (per unit, in a compare) reopened and
/// re-mapped the packs each time: 3,200 `munmap` calls and their page faults in one compare.
final class RepositoryPool: Sendable {
    private let gitdir: String
    private let idle = Mutex<[UnsafeHandle]>([])

    /// `Repository` is not `Sendable`; a handle in the pool is used by one thread at a time.
    private struct UnsafeHandle: @unchecked Sendable { let repository: Repository }

    init(gitdir: String) { self.gitdir = gitdir }

    /// Runs `body` with a handle no other thread is using, opening one when none is idle.
    func with<T>(_ body: (Repository) throws(LoadError) -> T) throws(LoadError) -> T {
        let repo: Repository
        if let h = idle.withLock({ $0.popLast() }) {
            repo = h.repository
        } else {
            do throws(StoreError) { repo = try Repository.open(at: gitdir) } catch { throw LoadError.store(error) }
        }
        defer { let h = UnsafeHandle(repository: repo); idle.withLock { $0.append(h) } }
        return try body(repo)
    }
}
