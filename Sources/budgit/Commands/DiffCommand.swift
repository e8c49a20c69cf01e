import ArgumentParser
import BudgitCompare
import BudgitWorkspace

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Semantic diff of two revisions (default: HEAD and the working tree).",
        discussion: """
        The same report as `compare`, between two revisions of the same documents: funds, projects, indicators, targets, goals, dates, budget lines. Files whose object ids are equal are skipped without being read, so the cost follows what changed; the totals are those of the changed documents.

        With --year, a year stored on neither side is an error that lists the years stored. An empty report ends with "no differences". Exit status: 0, also for an empty report; 1 on an error; 2 with --exit-code when the report is not empty.

        Examples:
          budgit diff                  # HEAD against the working tree
          budgit diff HEAD~1           # HEAD~1 against the working tree
          budgit diff HEAD~1 HEAD      # two revisions
          budgit diff --year 2023 --summary
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: ArgumentHelp("Revisions to compare.", valueName: "REV"))
    var revisions: [String] = []

    @Option(help: "Only documents of this year.")
    var year: Int?

    @Option(help: "Only documents of this unit (needs --year).")
    var unit: String?

    @OptionGroup var report: ReportOutputOptions

    func validate() throws {
        if revisions.count > 2 { throw ValidationError("diff takes at most two revisions") }
        if unit != nil && year == nil { throw ValidationError("--unit needs --year") }
    }

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            if try ws.repository.headCommitID() == nil {
                throw Failure("no commits yet: there is nothing to diff against; `budgit status` lists the new files")
            }
            var scope = ""
            if let year { scope = unit.map { "\(year)/\(RepositoryLayout.component($0))" } ?? "\(year)" }
            let a = revisions.first ?? "HEAD"
            let b = revisions.count == 2 ? revisions[1] : nil
            if let year {
                // A year (or unit) on neither side is a mistaken question: say what is stored.
                var found = false
                for side in [a, b] where try ws.missingYearMessage(year, unit: unit, at: side, worktreeHint: "") == nil { found = true }
                if !found {
                    let hint = "run `budgit diff \(a) --year \(year)` to compare \(a) with the working tree"
                    throw Failure(try ws.missingYearMessage(year, unit: unit, at: b ?? a, worktreeHint: hint) ?? "nothing is stored for \(year)")
                }
            }
            let (r, _) = try readingWorkingTree(ws, b == nil) {
                try ws.diffRevisions(a, b, scope: scope, options: report.compareOptions(yearShift: 0))
            }
            try report.render(r)
        }
    }
}

import BudgitCanonical
