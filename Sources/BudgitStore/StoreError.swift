import Clibgit2

/// What went wrong in the store, in words a user can act on.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No repository at or above the directory.
    case notARepository(path: String)
    /// A revision that names no commit.
    case unknownRevision(String)
    /// A path that does not exist in a revision.
    case missingPath(path: String, revision: String)
    /// A signature like `Name <email>` that could not be read.
    case malformedAuthor(String)
    /// Nothing changed since the last commit.
    case nothingToCommit
    /// Another writer moved the branch between our read and our update.
    case concurrentUpdate(branch: String)
    /// Another writer holds a lock file (index or ref).
    case locked(what: String)
    /// A repository already exists where `init` was asked to create one.
    case alreadyExists(path: String)
    /// The index holds conflicts git left (paths unmerged), during `state` (often a merge).
    case unmerged(state: RepositoryState, paths: [String])
    /// git has an operation in progress that budgit does not conclude (rebase, cherry-pick, …).
    case operationInProgress(RepositoryState)
    /// No message was given and git prepared none.
    case noMessage
    /// Any other libgit2 failure, with its code, the C function and libgit2's message.
    case libgit2(code: Int32, function: String, message: String)

    public var description: String {
        switch self {
        case .notARepository(let p):
            return "not a budgit repository (or any parent up to /): \(p). Run `budgit init` there, or pass --repo DIR."
        case .unknownRevision(let r):
            return "unknown revision `\(r)`. Use a commit id, a tag, HEAD, HEAD~N or a branch name; `budgit log` lists commits."
        case .missingPath(let p, let r):
            return "path `\(p)` does not exist in \(r). `budgit show \(r)` lists the files there."
        case .malformedAuthor(let a):
            return "malformed author `\(a)`: write it as \"Name <email@example.org>\"."
        case .nothingToCommit:
            return "nothing to commit: the working tree matches HEAD. Import a document first (`budgit import FILE`)."
        case .concurrentUpdate(let b):
            return "\(b) moved while this commit was being written (another commit landed first); nothing was lost. Run the command again."
        case .locked(let w):
            return "\(w) is locked by another process (budgit or git). Wait for it to finish and run the command again; if none is running, remove the stale .lock file."
        case .alreadyExists(let p):
            return "a repository already exists at \(p); nothing was changed."
        case .unmerged(let state, let paths):
            let shown = paths.prefix(5).map { "`\($0)`" }.joined(separator: ", ") + (paths.count > 5 ? " and \(paths.count - 5) more" : "")
            let what = state == .none ? "the index holds conflicts" : "a \(state.name) is in progress"
            let out = state == .none || state == .merge
                ? "edit each file so that it holds the result, mark it resolved with `git add PATH`, then run `budgit commit` again"
                    + (state == .merge ? "; or abandon the merge with `git merge --abort`" : "")
                : state.wayOut
            return "\(what) and \(paths.count) path\(paths.count == 1 ? " is" : "s are") unmerged: \(shown); nothing was committed and the index is as git left it. To go on, \(out) (`budgit status` lists them)."
        case .operationInProgress(let state):
            return "a \(state.name) is in progress; budgit commits only outside it or to conclude a merge. To go on, \(state.wayOut)."
        case .noMessage:
            return "no commit message: say what changed with -m \"...\""
        case .libgit2(let code, let fn, let msg):
            return "git error in \(fn) (code \(code)): \(msg.isEmpty ? "no message" : msg)"
        }
    }
}

/// Throws a ``StoreError`` built from libgit2's last error when `code` is negative.
@inline(__always)
func check(_ code: Int32, _ fn: StaticString) throws(StoreError) {
    guard code < 0 else { return }
    throw lastError(code, fn)
}

/// Builds the error for a failed call; reads `git_error_last()` at once (it is per-thread).
func lastError(_ code: Int32, _ fn: StaticString) -> StoreError {
    let last = git_error_last()
    let message = last.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? ""
    if code == GIT_ELOCKED.rawValue { return .locked(what: message.isEmpty ? "a git file" : message) }
    return .libgit2(code: code, function: "\(fn)", message: message)
}

/// libgit2 is initialised once, lazily and thread-safely, through a global `let`; never shut down.
/// Objects read are not re-hashed (as with git's own commands; `git fsck` verifies them): that
/// hashing was an eighth of the cost of a diff. Trees written are not checked by opening every
/// object they name (the blobs were just written or were in the index): that check opened 48,000
/// loose objects to commit a revision that changed 2,620 files. libgit2's object cache stays on
/// (its default): history commands read the same trees at every commit (blame 0.10 s without it,
/// 0.08 s with it). Turning it off once exposed a use-after-free that the cache had hidden (a tree
/// handle released before libgit2 read it, while staging on a parent commit), now fixed.
let libgit2Initialized: Bool = {
    git_libgit2_init() > 0 && budgit_git_set_strict_hash_verification(0) == 0
        && budgit_git_set_strict_object_creation(0) == 0
        && budgit_git_set_mapped_windows(4 << 20, 16 << 20) == 0
}()
