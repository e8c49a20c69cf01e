import ArgumentParser
import Foundation
import BudgitStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty budgit repository (a plain git repository).",
        discussion: "Creates DIR (default: the current directory) with a git repository whose branch is `main`. Any git server accepts it: push and pull it with git.")

    @Argument(help: ArgumentHelp("Where to create the repository.", valueName: "DIR"))
    var directory: String = "."

    @OptionGroup var output: OutputOptions

    func run() throws {
        try guarded {
            let repo = try Repository.create(at: directory)
            if output.json {
                try printJSON(["path": repo.workdir, "branch": "main"])
            } else {
                Terminal.line("Initialized empty budgit repository in \(repo.workdir)")
            }
        }
    }
}
