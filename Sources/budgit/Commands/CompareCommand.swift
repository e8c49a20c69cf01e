import ArgumentParser
import BudgitCompare
import BudgitWorkspace

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two years: funds, projects, indicators, budget lines.",
        discussion: """
        Matches each project of YEAR_A with one of YEAR_B even when its name drifted (`(2022运维)` → `(2023运维)`, `(第二年)` → `(第三年)`, full-width punctuation, spaces) and says why each pair matched. Reports totals per unit, projects added, removed, renamed and changed (each funding line's delta, indicators added, removed, renamed and changed with target semantics: raised, lowered, changed), goals changed, and unit-budget lines by classification code. Dates and period labels that merely moved with the year are not reported.

        A year with nothing stored at the revision is an error that lists the years stored (and says when the year is only in the working tree: commit it, or pass --worktree). An empty report ends with "no differences".

        Exit status: 0, also for an empty report; 1 on an error; 2 with --exit-code when the report is not empty.

        Examples:
          budgit compare 2022 2023
          budgit compare 2022 2023 --summary
          budgit compare 2022 2023 --format csv > changes.csv
          budgit compare 2022 2023 --unit 闵行区教育局 --format markdown
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The earlier year.")
    var yearA: Int

    @Argument(help: "The later year.")
    var yearB: Int

    @Option(help: "Only this unit.")
    var unit: String?

    @Option(help: "Compare what is stored at this revision (default HEAD).")
    var rev: String?

    @Flag(help: "Compare what is in the working tree (imported, not yet committed).")
    var worktree = false

    @OptionGroup var report: ReportOutputOptions

    func validate() throws {
        if rev != nil && worktree { throw ValidationError("give --rev or --worktree, not both") }
    }

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            let at: String? = worktree ? nil : (rev ?? "HEAD")
            if at != nil, try ws.repository.headCommitID() == nil {
                throw Failure("no commits yet: commit the imported documents, or pass --worktree")
            }
            let r = try readingWorkingTree(ws, at == nil) {
                try ws.compareYears(yearA, yearB, unit: unit, at: at, options: report.compareOptions())
            }
            try report.render(r)
        }
    }
}
