import ArgumentParser
import BudgitStore

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Record the working tree as a new commit.",
        discussion: """
        Stages every file (new, changed, removed) and commits it atomically: objects first, then one update of the branch under git's lock. If another commit lands at the same moment, this one fails cleanly and can be re-run; nothing is lost.

        Then the unit folders the commit changed are parsed into the parse cache (.git/budgit), so that comparing them is fast from the start (BUDGIT_PARSE_CACHE=off skips this).

        The author comes from --author, else from git's user.name and user.email.

        During a git merge, the commit concludes it: its parents are HEAD and the merged commits, and the message defaults to the one git prepared (MERGE_MSG). While any path is unmerged it refuses and leaves the index as git left it: resolve the files and mark each with `git add PATH` first (`budgit status` lists them), or abandon the merge with `git merge --abort`. During a rebase, cherry-pick or revert it refuses and names the git command that continues or aborts it.

        Examples:
          budgit commit -m "Import the 2023 target forms"
          budgit commit -m "Import 2023" --author "Ana Li <ana@example.org>"
          budgit commit                # concludes a merge with git's message
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .shortAndLong, help: "The commit message (required, except to conclude a merge, where git's MERGE_MSG is the default).")
    var message: String?

    @Option(help: ArgumentHelp("The author, as \"Name <email>\".", valueName: "NAME <EMAIL>"))
    var author: String?

    @Option(help: ArgumentHelp("The commit time, as @EPOCH_SECONDS [+HHMM] (default: now; env BUDGIT_DATE).", valueName: "DATE"))
    var date: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let message, message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the commit message is empty: say what changed with -m \"...\"")
        }
    }

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            if message == nil, [.none, .bisect].contains(ws.repository.state()) {
                throw Failure("no commit message: say what changed with -m \"...\"", code: 64)
            }
            let (time, offset) = try commitTime(date)
            let sig: Signature
            if let author {
                sig = try Signature.parse(author, time: time, offsetMinutes: offset)
            } else if let s = ws.repository.configuredSignature(time: time, offsetMinutes: offset) {
                sig = s
            } else {
                throw Failure("no author: pass --author \"Name <email>\" or set git config user.name and user.email")
            }
            let c = try ws.commitAll(message: message, author: sig)
            if output.json {
                try printJSON(CommitJSON(c))
            } else {
                let branch = try ws.repository.headBranch()?.replacingOccurrences(of: "refs/heads/", with: "") ?? "HEAD"
                Terminal.line("[\(branch) \(c.id.short)] \(c.summary)")
            }
        }
    }
}

import Foundation
