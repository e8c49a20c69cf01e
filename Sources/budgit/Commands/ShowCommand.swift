import ArgumentParser
import Foundation
import BudgitModel
import BudgitStore
import BudgitCanonical
import BudgitWorkspace
import BudgitRender

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a commit, a stored file, or a document as a typed model.",
        discussion: """
        Examples:
          budgit show                                   # the last commit and its files
          budgit show HEAD 2022/UNIT/projects/P.jsonl   # a stored file
          budgit show --year 2022                       # what is stored for 2022
          budgit show --year 2022 --project NAME        # a project form
          budgit show --year 2022 --project NAME --json # amounts in 元
          budgit show --year 2020 --unit NAME           # a unit budget
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: ArgumentHelp("A revision (default HEAD) and/or a path in it.", valueName: "REV|PATH"))
    var arguments: [String] = []

    @Option(help: "The year of the document to show.")
    var year: Int?

    @Option(help: "The project's name (as printed; see `budgit show --year Y` for the list).")
    var project: String?

    @Option(help: "The unit: with --project, to tell same-named projects apart; alone, shows its unit budget.")
    var unit: String?

    @Flag(help: "Read the working tree instead of a revision.")
    var worktree = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if arguments.count > 2 { throw ValidationError("show takes at most a revision and a path") }
        if (project != nil || unit != nil) && year == nil { throw ValidationError("--project and --unit need --year") }
    }

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            var rev = "HEAD"
            var path: String?
            if arguments.count == 2 { rev = arguments[0]; path = arguments[1] }
            else if arguments.count == 1 {
                if (try? ws.repository.resolve(arguments[0])) != nil { rev = arguments[0] } else { path = arguments[0] }
            }
            if !worktree, try ws.repository.headCommitID() == nil {
                throw Failure("no commits yet: run `budgit commit` first, or pass --worktree to read the working tree")
            }
            if let year { try showDocument(ws, rev: worktree ? nil : rev, year: year); return }
            if let path {
                var bytes = try ws.repository.readFile(path, at: rev)
                // The file's bytes as they are for a pipe; on a terminal, its control characters
                // other than line feeds and tabs escaped (a raw source may hold anything).
                if isatty(1) != 0, bytes.withUnsafeBufferPointer({ TerminalText.firstEscape(in: $0) }) != nil {
                    var shown: [UInt8] = []
                    bytes.withUnsafeBufferPointer { TerminalText.appendEscaped($0, keepingLayout: true, to: &shown) }
                    bytes = shown
                }
                FileHandle.standardOutput.write(Data(bytes))
                return
            }
            try showCommit(ws, rev: rev)
        }
    }

    func showCommit(_ ws: Workspace, rev: String) throws {
        let id = try ws.repository.resolve(rev)
        let c = try ws.repository.commitInfo(id)
        let changes = try ws.repository.changedPaths(from: c.parents.first, to: id)
        if output.json {
            struct Out: Encodable { var commit: CommitJSON; var files: [[String: String]] }
            try printJSON(Out(commit: CommitJSON(c), files: changes.map { ["path": $0.path, "status": $0.kind.rawValue] }))
            return
        }
        Terminal.line("commit \(c.id)")
        Terminal.line("Author: \(c.author.nameAndEmail)")
        Terminal.line("Date:   \(c.author.isoDate)")
        Terminal.line("")
        for line in c.message.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty && c.message.hasSuffix("\n") { continue }
            Terminal.line("    \(line)")
        }
        Terminal.line("")
        for ch in changes { Terminal.line(" \(ch.kind.rawValue.prefix(1).uppercased()) \(ch.path)") }
        Terminal.line(" \(changes.count) file\(changes.count == 1 ? "" : "s") changed")
    }

    func showDocument(_ ws: Workspace, rev: String?, year: Int) throws {
        if let why = try ws.missingYearMessage(year, unit: project == nil ? unit : nil, at: rev, worktreeHint: "pass --worktree to read the working tree") {
            throw Failure(why)
        }
        let docs = try readingWorkingTree(ws, rev == nil) { try ws.documents(at: rev, filter: DocumentFilter(year: year, unit: unit)) }
        let at = rev ?? "the working tree"
        if let project {
            let hits = docs.projects.filter { $0.form.name == project }
            guard let hit = hits.first else {
                let names = docs.projects.map(\.form.name)
                let close = names.filter { $0.contains(project) || project.contains($0) }.prefix(5)
                var msg = "no project named `\(project)` in \(year)\(unit.map { " / \($0)" } ?? "") at \(at)."
                if !close.isEmpty { msg += " Did you mean: " + close.map { "`\($0)`" }.joined(separator: ", ") + "?" }
                else { msg += " `budgit show --year \(year)` lists the projects." }
                throw Failure(msg)
            }
            if hits.count > 1 {
                throw Failure("`\(project)` exists in \(hits.count) units (\(hits.map(\.form.unit).joined(separator: ", "))); add --unit NAME")
            }
            if output.json { try printJSON(hit.form) } else { print(ProjectText.render(hit.form), terminator: "") }
            return
        }
        if let unit, project == nil {
            if let b = docs.unitBudgets.first {
                if output.json { try printJSON(b.budget) } else { print(ProjectText.render(b.budget), terminator: "") }
                return
            }
            if docs.projects.isEmpty { throw Failure("nothing stored for \(unit) in \(year) at \(at)") }
        }
        // A listing of what is stored for the year.
        if output.json {
            struct Item: Encodable { var kind: String; var unit: String; var name: String; var path: String; var annual: Money? }
            var items = docs.unitBudgets.map { Item(kind: "unit-budget", unit: $0.budget.unit, name: $0.budget.title, path: $0.path, annual: nil) }
            items += docs.projects.map { Item(kind: "project", unit: $0.form.unit, name: $0.form.name, path: $0.path, annual: $0.form.fund(.annual)) }
            try printJSON(items)
            return
        }
        if docs.projects.isEmpty && docs.unitBudgets.isEmpty { throw Failure("nothing stored for \(year) at \(at)") }
        for b in docs.unitBudgets { Terminal.line("unit budget  \(b.budget.unit)  \(b.budget.title)  (\(b.budget.tables.count) tables)") }
        for p in docs.projects {
            let amount = p.form.fund(.annual).map { $0.grouped + " 元" } ?? "-"
            Terminal.line("\(p.form.unit)  \(p.form.name)  \(amount)")
        }
        Terminal.line("\(docs.projects.count) projects, \(docs.unitBudgets.count) unit budgets")
    }
}
