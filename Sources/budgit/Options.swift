import ArgumentParser
import Foundation
import BudgitStore
import BudgitWorkspace
import BudgitRender
import BudgitModel

/// `--repo DIR`, shared by every command that works in a repository.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use the repository at DIR instead of searching upward from the current directory.", valueName: "DIR"))
    var repo: String?

    func workspace() throws -> Workspace {
        let ws: Workspace
        do { ws = try Workspace.locate(repo: repo) } catch { throw Failure(error.description) }
        for note in ws.recoveryNotes { Terminal.warn(note) }
        if let failure = ws.recoveryFailure { throw Failure(failure.description) }
        return ws
    }
}

/// `--json`, shared by every command that prints data.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (stable keys, see docs/CLI.md) instead of text.")
    var json = false
}

/// An error whose text is the whole message the user sees; exits 1.
struct Failure: Error, CustomStringConvertible {
    var message: String
    var code: Int32 = 1
    init(_ message: String, code: Int32 = 1) { self.message = message; self.code = code }
    var description: String { message }
}

/// The error to show for a document that cannot be read from the working tree while git has an
/// operation in progress or the index holds conflicts: the file most likely holds git's conflict
/// markers, and re-importing it would throw away both sides. Nil when git is at rest.
func midOperationFailure(_ error: LoadError, in ws: Workspace) -> Failure? {
    guard case .canonical(let e) = error else { return nil }
    let state = ws.repository.state()
    let unmerged = (try? ws.repository.unmergedEntries()) ?? []
    guard state != .none || !unmerged.isEmpty else { return nil }
    let what = state == .none ? "the index holds conflicts" : "a \(state.name) is in progress"
    let count = unmerged.isEmpty ? "" : " and \(unmerged.count) path\(unmerged.count == 1 ? " is" : "s are") unmerged"
    let out = state == .none || state == .merge
        ? "resolve the conflicts in the file (or take one side: `git checkout --ours PATH` / `--theirs PATH`), mark it with `git add PATH`, then `budgit commit`"
            + (state == .merge ? "; or `git merge --abort`" : "")
        : state.wayOut
    return Failure("\(e). This is not canonical text because \(what)\(count): git may have written conflict markers into it. Do not re-import over it, which would throw away both sides; \(out) (`budgit status` lists the unmerged paths).")
}

/// Runs `body`, which reads the working tree when `worktree` is true: a document there that
/// cannot be read while git has an operation in progress fails with ``midOperationFailure(_:in:)``'s
/// message instead of the advice to re-import it.
func readingWorkingTree<T>(_ ws: Workspace, _ worktree: Bool, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as LoadError where worktree { throw midOperationFailure(e, in: ws) ?? e }
}

/// Runs a command body, turning errors into one line on stderr and an exit code.
func guarded(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch let e as Failure {
        Terminal.error(e.message)
        throw ExitCode(e.code)
    } catch let e as StoreError {
        Terminal.error(e.description)
        throw ExitCode(1)
    } catch let e as LoadError {
        Terminal.error(e.description)
        throw ExitCode(1)
    } catch let e as CustomStringConvertible {
        Terminal.error(e.description)
        throw ExitCode(1)
    }
}

/// Text for the terminal. Everything printed goes through here (or through a renderer that
/// escapes the same way), so that text from documents, names, commit messages and paths has its
/// control characters escaped (``TerminalText``) and cannot drive the terminal.
enum Terminal {
    static func error(_ s: String) {
        FileHandle.standardError.write(Data(("budgit: error: " + TerminalText.escape(s) + "\n").utf8))
    }
    static func warn(_ s: String) {
        FileHandle.standardError.write(Data(("budgit: " + TerminalText.escape(s) + "\n").utf8))
    }
    /// A progress line on stderr, only when stderr is a terminal (scripts see nothing).
    static func progress(_ s: String) {
        guard isatty(2) != 0 else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + TerminalText.escape(s)).utf8))
    }
    /// Prints `s` as one line on stdout, its control characters escaped (a line feed in `s` too).
    static func line(_ s: String) {
        print(TerminalText.escape(s))
    }
    /// Prints one line: `styled` in the ANSI colour `code` (`"33"`) when colour is on, then `rest`;
    /// both escaped.
    static func line(_ styled: String, colour code: StaticString?, _ rest: String = "") {
        let head = TerminalText.escape(styled)
        if let code { print("\u{1B}[\(code)m" + head + "\u{1B}[0m" + TerminalText.escape(rest)) }
        else { print(head + TerminalText.escape(rest)) }
    }
    static func endProgress() {
        guard isatty(2) != 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
    static var colour: Bool {
        isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}

/// Prints an Encodable as JSON: sorted keys, two-space indentation, the same layout as the
/// comparison reports (stable across Foundation versions).
func printJSON<T: Encodable>(_ value: T) throws {
    FileHandle.standardOutput.write(Data(try JSONRenderer.render(encoding: value).utf8))
}

/// The time of a commit: now, or `--date` (`@EPOCH [+HHMM]` or `EPOCH`), or GIT_AUTHOR_DATE.
func commitTime(_ option: String?) throws -> (Int64, Int32) {
    let text = option ?? ProcessInfo.processInfo.environment["BUDGIT_DATE"]
    guard let text else {
        let now = Int64(Date().timeIntervalSince1970)
        let off = Int32(TimeZone.current.secondsFromGMT() / 60)
        return (now, off)
    }
    let parts = text.split(separator: " ")
    var epochText = parts.first.map(String.init) ?? ""
    if epochText.hasPrefix("@") { epochText.removeFirst() }
    guard let epoch = Int64(epochText) else { throw Failure("date `\(text)` is not `@EPOCH_SECONDS [+HHMM]`") }
    var offset: Int32 = 0
    if parts.count == 2 {
        let o = String(parts[1])
        guard o.count == 5, let v = Int32(o.dropFirst()), o.first == "+" || o.first == "-" else { throw Failure("time zone `\(o)` is not +HHMM") }
        offset = (v / 100 * 60 + v % 100) * (o.first == "-" ? -1 : 1)
    }
    return (epoch, offset)
}
