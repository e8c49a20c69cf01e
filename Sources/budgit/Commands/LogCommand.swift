import ArgumentParser
import BudgitStore
import BudgitCanonical
import BudgitWorkspace

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the commit history, newest first, with what each commit changed.",
        discussion: """
        Each commit comes with a one-line semantic summary per changed project, such as:
          学校满意度: ≥90% → ≥95%
          年度资金申请总额 +1,250,000.00 元
          +2 indicators

        With --year, --unit, --project or --indicator, only the commits that changed those documents (as `git log -- PATH`); only the blobs that changed are read.

        Examples:
          budgit log -n 5
          budgit log --year 2022 --unit 闵行区教育局 --project 党建经费
          budgit log --year 2022 --unit 闵行区教育局 --project 党建经费 \\
            --indicator 活动次数 --json
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(name: [.customShort("n"), .customLong("max-count")], help: ArgumentHelp("Show at most N commits.", valueName: "N"))
    var n: Int?

    @Option(help: "Only commits that changed documents of this year.")
    var year: Int?

    @Option(help: "Only commits that changed documents of this unit (needs --year).")
    var unit: String?

    @Option(help: "Only commits that changed this project (--year and --unit only when the name is not unique).")
    var project: String?

    @Option(help: "Only commits that changed this indicator of the project (its 三级指标 name or its L1/L2/L3 path).")
    var indicator: String?

    @Argument(help: ArgumentHelp("Start from this revision.", valueName: "REV"))
    var revision: String = "HEAD"

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let n, n < 1 { throw ValidationError("-n takes a number of commits, 1 or more") }
        if unit != nil && year == nil { throw ValidationError("--unit needs --year") }
        if indicator != nil && project == nil { throw ValidationError("--indicator needs --project") }
    }

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            if try ws.repository.headCommitID() == nil {
                throw Failure("no commits yet: import documents and run `budgit commit -m MESSAGE` first")
            }
            var paths: [String] = []
            if let year, project == nil {
                if let unit { paths = ["\(year)/\(RepositoryLayout.component(unit))"] } else { paths = ["\(year)"] }
            }
            if let project {
                // The exact path when it has history (also for a project removed since), else
                // the project found by its name, asking for --year and --unit only when needed.
                if let year, let unit,
                   case let exact = RepositoryLayout.projectPath(year: year, unit: unit, name: project),
                   try !ws.repository.log(from: revision, paths: [exact], limit: 1).isEmpty {
                    paths = [exact]
                } else {
                    paths = [try ws.projectPath(named: project, year: year, unit: unit, at: revision)]
                }
            }
            var entries = try ws.semanticLog(paths: paths, from: revision, limit: indicator == nil ? n : nil)
            if let indicator, let path = paths.first {
                entries = try IndicatorLog.filter(entries, ws: ws, path: path, indicator: indicator)
                if let n { entries = Array(entries.prefix(n)) }
            }
            if output.json {
                struct Change: Encodable { var path: String; var project: String; var summary: String }
                struct Entry: Encodable { var commit: CommitJSON; var changes: [Change] }
                try printJSON(entries.map { e in Entry(commit: CommitJSON(e.commit), changes: e.changes.map { Change(path: $0.path, project: $0.project, summary: $0.summary) }) })
                return
            }
            let colour = Terminal.colour
            for (i, e) in entries.enumerated() {
                let c = e.commit
                if i > 0 { Terminal.line("") }
                Terminal.line("commit \(c.id)", colour: colour ? "33" : nil)
                if c.parents.count > 1 { Terminal.line("Merge: " + c.parents.map(\.short).joined(separator: " ")) }
                Terminal.line("Author: \(c.author.nameAndEmail)")
                Terminal.line("Date:   \(c.author.isoDate)")
                Terminal.line("")
                var lines = c.message.split(separator: "\n", omittingEmptySubsequences: false)
                if c.message.hasSuffix("\n") { lines.removeLast() }
                for line in lines { Terminal.line("    \(line)") }
                if !e.changes.isEmpty { Terminal.line("") }
                for line in LogSummary.lines(e.changes, detailed: project != nil || e.changes.count <= 5) { Terminal.line("  \(line)") }
            }
        }
    }
}

/// Condenses a commit's changes for display: each project when few, counts when many.
enum LogSummary {
    static func lines(_ changes: [(path: String, project: String, summary: String)], detailed: Bool) -> [String] {
        if detailed { return changes.map { "\($0.project): \($0.summary)" } }
        let added = changes.filter { $0.summary.hasPrefix("added") }.count
        let removed = changes.filter { $0.summary.hasPrefix("removed") }.count
        let changed = changes.count - added - removed
        var s = ["projects +\(added) −\(removed) ~\(changed)"]
        s += changes.filter { !$0.summary.hasPrefix("added") && !$0.summary.hasPrefix("removed") }.prefix(5).map { "\($0.project): \($0.summary)" }
        if changed > 5 { s.append("… \(changed - 5) more changed") }
        return s
    }
}
