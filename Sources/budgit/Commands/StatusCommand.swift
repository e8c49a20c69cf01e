import ArgumentParser
import BudgitStore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List the files that differ from the last commit.",
        discussion: "Shows what `budgit commit` would record: files imported, changed or removed since HEAD.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            let entries = try ws.status()
            let branch = try ws.repository.headBranch()?.replacingOccurrences(of: "refs/heads/", with: "") ?? "(detached)"
            if output.json {
                struct Out: Encodable { var branch: String; var clean: Bool; var changes: [[String: String]] }
                try printJSON(Out(branch: branch, clean: entries.isEmpty,
                                  changes: entries.map { ["path": $0.path, "status": $0.kind.rawValue] }))
                return
            }
            print("On branch \(branch)")
            if entries.isEmpty {
                print("nothing to commit, working tree clean")
                return
            }
            print("Changes to be recorded by `budgit commit`:")
            for e in entries {
                print("  \(e.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(e.path)")
            }
            print("\(entries.count) file\(entries.count == 1 ? "" : "s") changed")
        }
    }
}
