import ArgumentParser
import BudgitStore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List changes since the last commit and any git operation in progress.",
        discussion: """
        Shows what `budgit commit` would record: files imported, changed or removed since HEAD.

        When git has a merge, cherry-pick, revert or rebase in progress, says so first, lists the unmerged paths (conflicts git left in the index, with their stages: 1 base, 2 ours, 3 theirs) and says how to go on. During a merge: resolve the files, mark each with `git add PATH`, then `budgit commit` concludes the merge; `git merge --abort` abandons it.
        """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            let repo = ws.repository
            let entries = try ws.status()
            let state = repo.state()
            let unmerged = try repo.unmergedEntries()
            let heads = state == .merge ? try repo.mergeHeads() : []
            let branch = try repo.headBranch()?.replacingOccurrences(of: "refs/heads/", with: "") ?? "(detached)"
            let inProgress = state != .none || !unmerged.isEmpty
            let advice: String? = !inProgress ? nil
                : state == .none ? StoreError.unmerged(state: .none, paths: unmerged.map(\.path)).description
                : state.wayOut
            if output.json {
                struct Conflict: Encodable { var path: String; var stages: [Int]; var conflict: String }
                struct Out: Encodable {
                    var branch: String; var clean: Bool; var state: String; var mergeHeads: [String]
                    var unmerged: [Conflict]; var advice: String?; var changes: [[String: String]]
                }
                try printJSON(Out(branch: branch, clean: entries.isEmpty && !inProgress, state: state.name,
                                  mergeHeads: heads.map(\.description),
                                  unmerged: unmerged.map { Conflict(path: $0.path, stages: $0.stages, conflict: $0.kind) },
                                  advice: advice,
                                  changes: entries.map { ["path": $0.path, "status": $0.kind.rawValue] }))
                return
            }
            Terminal.line("On branch \(branch)")
            if state != .none {
                let merging = heads.isEmpty ? "" : " (merging \(heads.map(\.short).joined(separator: ", ")))"
                Terminal.line("A \(state.name) is in progress\(merging).")
            }
            if !unmerged.isEmpty {
                Terminal.line("Unmerged paths (stages in the index: 1 base, 2 ours, 3 theirs):")
                for u in unmerged {
                    let stages = u.stages.map(String.init).joined(separator: " ")
                    Terminal.line("  \(u.kind.padding(toLength: 16, withPad: " ", startingAt: 0)) \(u.path)  (stages \(stages))")
                }
            }
            if let advice {
                Terminal.line(state == .merge && unmerged.isEmpty
                      ? "All conflicts are resolved: `budgit commit` concludes the merge (or `git merge --abort`)."
                      : state == .none ? advice : "To go on: \(state.wayOut).")
            }
            let changes = entries.filter { $0.kind != .unmerged }
            if changes.isEmpty {
                if !inProgress { Terminal.line("nothing to commit, working tree clean") }
                return
            }
            if inProgress { Terminal.line("") }
            Terminal.line("Changes to be recorded by `budgit commit`:")
            for e in changes {
                Terminal.line("  \(e.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(e.path)")
            }
            Terminal.line("\(changes.count) file\(changes.count == 1 ? "" : "s") changed")
        }
    }
}
