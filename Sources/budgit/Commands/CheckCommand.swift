import ArgumentParser
import BudgitModel
import BudgitCompare
import BudgitWorkspace

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Do the sums add up? The arithmetic a reviewer does by hand.",
        discussion: """
        Checks stored documents: table children sum to their parent code; totals rows; 三公 parts sum to their total; breakdown lines sum to a form's 金额合计 and funds; funding lines add up; a unit budget's 项目支出 reconciles with its projects' annual budgets. Each mismatch is reported with both figures and the difference; a difference under 1 元 is reported as rounding, apart from real discrepancies.

        Reads the working tree (what `budgit commit` would record) unless --rev is given.

        Exit status: 0 when everything adds up (rounding allowed), 2 when a mismatch is found, 1 on an error.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "Only documents of this year.")
    var year: Int?

    @Option(help: "Only documents of this unit (needs --year).")
    var unit: String?

    @Option(help: "Check a revision instead of the working tree.")
    var rev: String?

    @Flag(help: "Also list the checks that pass.")
    var all = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if unit != nil && year == nil { throw ValidationError("--unit needs --year") }
    }

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            let docs = try readingWorkingTree(ws, rev == nil) { try ws.documents(at: rev, filter: DocumentFilter(year: year, unit: unit)) }
            if docs.projects.isEmpty && docs.unitBudgets.isEmpty {
                if let year, let why = try ws.missingYearMessage(year, unit: unit, at: rev, worktreeHint: "check the working tree (without --rev)") {
                    throw Failure(why)
                }
                throw Failure("nothing to check\(year.map { " for \($0)" } ?? ""): import documents first (`budgit import FILE`)")
            }
            let results = BudgetChecks.run(unitBudgets: docs.unitBudgets.map(\.budget), projects: docs.projects.map(\.form))
            let counts = Dictionary(grouping: results, by: \.kind).mapValues(\.count)
            let mismatches = counts[.mismatch] ?? 0
            if output.json {
                struct Out: Encodable {
                    var checked: Int; var ok: Int; var rounding: Int; var mismatch: Int
                    var results: [CheckResult]
                }
                try printJSON(Out(checked: results.count, ok: counts[.ok] ?? 0, rounding: counts[.rounding] ?? 0,
                                  mismatch: mismatches, results: all ? results : results.filter { $0.kind != .ok }))
            } else {
                let colour = Terminal.colour
                for r in results where all || r.kind != .ok {
                    let tag: String
                    switch r.kind {
                    case .ok: tag = colour ? "\u{1B}[32mok\u{1B}[0m" : "ok"
                    case .rounding: tag = colour ? "\u{1B}[33mrounding\u{1B}[0m" : "rounding"
                    case .mismatch: tag = colour ? "\u{1B}[31mMISMATCH\u{1B}[0m" : "MISMATCH"
                    }
                    print("\(tag)  \(r.location)  \(r.subject): printed \(r.expected.grouped), sum \(r.actual.grouped), difference \(r.difference.grouped) 元")
                    if r.kind != .ok { print("    \(r.message)") }
                }
                print("\(results.count) checks: \(counts[.ok] ?? 0) ok, \(counts[.rounding] ?? 0) rounding (under 1 元), \(mismatches) mismatch\(mismatches == 1 ? "" : "es")")
            }
            if mismatches > 0 { throw ExitCode(2) }
        }
    }
}
