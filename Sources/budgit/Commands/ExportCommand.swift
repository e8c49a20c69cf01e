import ArgumentParser
import Foundation
import BudgitRender
import BudgitWorkspace

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export stored documents as flat tables (CSV or JSON) for spreadsheets and other tools.",
        discussion: """
        Tables: budget-lines (one row per unit-budget table line: id, unit, table, side, code, name, c1…c8), indicators (id, unit, project, l1, l2, l3, target, note), projects (JSON: id, unit, name, year, funds, indicators). Every row has a unique id, so two exports can be compared by any keyed diff tool. Amounts are exact decimal strings in 元.

        Examples:
          budgit export indicators --year 2022 > indicators-2022.csv
          budgit export budget-lines --year 2020 --excel > lines.csv
          budgit export projects --rev HEAD~1 > projects.json
        """)

    enum Table: String, ExpressibleByArgument, CaseIterable { case budgetLines = "budget-lines", indicators, projects }

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "What to export: budget-lines, indicators or projects.")
    var table: Table

    @Option(help: "Only documents of this year.")
    var year: Int?

    @Option(help: "Only documents of this unit (needs --year).")
    var unit: String?

    @Option(help: "Export a revision (default HEAD).")
    var rev: String?

    @Flag(help: "Export the working tree instead of a revision.")
    var worktree = false

    @Flag(help: "CSV for spreadsheet programs: a byte-order mark, CRLF line ends, and cells that would be read as formulas (`=8个`) prefixed with '.")
    var excel = false

    func validate() throws {
        if unit != nil && year == nil { throw ValidationError("--unit needs --year") }
        if rev != nil && worktree { throw ValidationError("give --rev or --worktree, not both") }
    }

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            let at = worktree ? nil : (rev ?? "HEAD")
            if let year, let why = try ws.missingYearMessage(year, unit: unit, at: at, worktreeHint: "pass --worktree to export the working tree") {
                throw Failure(why)
            }
            let docs = try readingWorkingTree(ws, worktree) {
                try ws.documents(at: worktree ? nil : (rev ?? "HEAD"), filter: DocumentFilter(year: year, unit: unit))
            }
            var out = StandardOutput()
            switch table {
            case .budgetLines: TableExport.writeBudgetLines(docs.unitBudgets.map(\.budget), bom: excel, crlf: excel, spreadsheet: excel) { out.write($0) }
            case .indicators: TableExport.writeIndicators(docs.projects.map(\.form), bom: excel, crlf: excel, spreadsheet: excel) { out.write($0) }
            case .projects: out.write(TableExport.projectsJSON(docs.projects.map(\.form)))
            }
            try out.finish()
        }
    }
}
