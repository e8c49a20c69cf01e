import ArgumentParser
import BudgitStore
import BudgitCanonical

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the commit history, newest first.",
        discussion: "With --year, --unit or --project, only the commits that changed those documents (as `git log -- PATH`).")

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .shortAndLong, help: "Show at most N commits.")
    var n: Int?

    @Option(help: "Only commits that changed documents of this year.")
    var year: Int?

    @Option(help: "Only commits that changed documents of this unit (needs --year).")
    var unit: String?

    @Option(help: "Only commits that changed this project (needs --year and --unit).")
    var project: String?

    @Argument(help: ArgumentHelp("Start from this revision.", valueName: "REV"))
    var revision: String = "HEAD"

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let n, n < 1 { throw ValidationError("-n takes a number of commits, 1 or more") }
        if unit != nil && year == nil { throw ValidationError("--unit needs --year") }
        if project != nil && (year == nil || unit == nil) { throw ValidationError("--project needs --year and --unit") }
    }

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            var paths: [String] = []
            if let year {
                if let unit, let project { paths = [RepositoryLayout.projectPath(year: year, unit: unit, name: project)] }
                else if let unit { paths = ["\(year)/\(RepositoryLayout.component(unit))"] }
                else { paths = ["\(year)"] }
            }
            if try ws.repository.headCommitID() == nil {
                throw Failure("no commits yet: import documents and run `budgit commit -m MESSAGE` first")
            }
            let commits = try ws.repository.log(from: revision, paths: paths, limit: n)
            if output.json {
                try printJSON(commits.map(CommitJSON.init))
                return
            }
            for (i, c) in commits.enumerated() {
                if i > 0 { print("") }
                print("commit \(c.id)")
                if c.parents.count > 1 { print("Merge: " + c.parents.map(\.short).joined(separator: " ")) }
                print("Author: \(c.author.nameAndEmail)")
                print("Date:   \(c.author.isoDate)")
                print("")
                for line in c.message.split(separator: "\n", omittingEmptySubsequences: false).dropLast(c.message.hasSuffix("\n") ? 1 : 0) {
                    print("    \(line)")
                }
            }
        }
    }
}
