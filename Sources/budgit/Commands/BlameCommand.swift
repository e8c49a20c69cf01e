import ArgumentParser
import BudgitCanonical
import BudgitWorkspace

struct BlameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blame",
        abstract: "Who last changed each fact of a project, when, and from what.",
        discussion: """
        For every fact of the project (each funding line, each indicator's target, the goals, dates, breakdown lines) prints the commit that last changed it, its author and date, and the value before that change. Follows the project back through a rename within its year.

        Examples:
          budgit blame --project 党建经费
          budgit blame --year 2022 --unit 闵行区教育局 --project 党建经费 --json
          budgit blame --year 2022 --unit 闵行区教育局 --project 党建经费 \\
            --indicator 活动次数
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The year of the project, when its name is not unique.")
    var year: Int?

    @Option(help: "The unit of the project, when its name is not unique in the year (the folder under the year; `budgit show --year Y` lists them).")
    var unit: String?

    @Option(help: "The project's name.")
    var project: String

    @Option(help: "Only this indicator (its 三级指标 name or L1/L2/L3 path).")
    var indicator: String?

    @Argument(help: ArgumentHelp("Blame as of this revision.", valueName: "REV"))
    var revision: String = "HEAD"

    @OptionGroup var output: OutputOptions

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            let path = try ws.projectPath(named: project, year: year, unit: unit, at: revision)
            var (_, lines) = try ws.blame(path: path, from: revision)
            if let indicator {
                lines = lines.filter { $0.key.hasPrefix("indicator.") && ($0.label == indicator || $0.key == "indicator." + indicator) }
                if lines.isEmpty { throw Failure("the project has no indicator `\(indicator)`; `budgit show \(revision) \(path)` lists them") }
            }
            if output.json { try printJSON(lines); return }
            let colour = Terminal.colour
            for l in lines {
                let head = "\(l.commit.prefix(10)) \(l.author) \(l.date.prefix(10))"
                let was = l.previous.map { "  (was \($0))" } ?? "  (since first recorded)"
                Terminal.line(head, colour: colour ? "33" : nil, "  \(l.label): \(l.value)" + was)
            }
        }
    }
}
