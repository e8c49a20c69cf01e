import ArgumentParser
import BudgitModel
import BudgitChecks
import BudgitWorkspace

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Do the sums add up? The arithmetic a reviewer does by hand.",
        discussion: """
        Checks stored documents: table children sum to their parent code; totals rows; 三公 parts sum to their total; breakdown lines sum to a form's 金额合计 and funds; funding lines add up; a unit budget's 项目支出 reconciles with its projects' annual budgets. Each mismatch is reported with both figures and the difference; a difference under 1 元 is reported as rounding, apart from real discrepancies.

        Also lists the work left from import: each import error (a fact the importer could not read) that no correction covers yet, with its source line and the `budgit set` command that settles it; a corrected error leaves the list.

        Files that are not valid canonical text (committed with plain git, or left by a line merge) are listed as UNREADABLE and skipped.

        Reads the working tree (what `budgit commit` would record) unless --rev is given.

        Exit status: 0 when everything adds up (rounding allowed), 2 when a mismatch, an unreadable file or an open import error is found, 1 on an error.
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
            let (docs, unreadable) = try readingWorkingTree(ws, rev == nil) { try ws.documentsSkippingUnreadable(at: rev, filter: DocumentFilter(year: year, unit: unit)) }
            // A file left with conflict markers by a merge in progress is not "unreadable": say
            // what is going on instead.
            if rev == nil, let first = unreadable.first, let failure = midOperationFailure(.canonical(first), in: ws) { throw failure }
            if docs.projects.isEmpty && docs.unitBudgets.isEmpty && unreadable.isEmpty {
                if let year, let why = try ws.missingYearMessage(year, unit: unit, at: rev, worktreeHint: "check the working tree (without --rev)") {
                    throw Failure(why)
                }
                throw Failure("nothing to check\(year.map { " for \($0)" } ?? ""): import documents first (`budgit import FILE`)")
            }
            var open = try ws.openImportErrors(at: rev, year: year, forms: docs.projects.map(\.form))
            if let unit { open = open.filter { $0.unit == nil || $0.unit == unit } }
            let results = BudgetChecks.run(unitBudgets: docs.unitBudgets.map(\.budget), projects: docs.projects.map(\.form))
            let counts = Dictionary(grouping: results, by: \.kind).mapValues(\.count)
            let mismatches = counts[.mismatch] ?? 0
            if output.json {
                struct Unreadable: Encodable { var path: String; var line: Int; var message: String }
                struct OpenError: Encodable {
                    var source: String; var line: Int; var code: String; var message: String
                    var unit: String?; var project: String?; var fix: String
                }
                struct Out: Encodable {
                    var checked: Int; var ok: Int; var rounding: Int; var mismatch: Int
                    var results: [CheckResult]
                    var unreadable: [Unreadable]
                    var openImportErrors: [OpenError]
                }
                try printJSON(Out(checked: results.count, ok: counts[.ok] ?? 0, rounding: counts[.rounding] ?? 0,
                                  mismatch: mismatches, results: all ? results : results.filter { $0.kind != .ok },
                                  unreadable: unreadable.map { Unreadable(path: $0.path, line: $0.line, message: $0.message) },
                                  openImportErrors: open.map { OpenError(source: $0.source, line: $0.diagnostic.line, code: $0.diagnostic.code,
                                                                         message: $0.diagnostic.message, unit: $0.unit, project: $0.project, fix: $0.fix) }))
            } else {
                let colour = Terminal.colour
                for r in results where all || r.kind != .ok {
                    let (tag, code): (String, StaticString)
                    switch r.kind {
                    case .ok: (tag, code) = ("ok", "32")
                    case .rounding: (tag, code) = ("rounding", "33")
                    case .mismatch: (tag, code) = ("MISMATCH", "31")
                    }
                    Terminal.line(tag, colour: colour ? code : nil,
                                  "  \(r.location)  \(r.subject): printed \(r.expected.grouped), sum \(r.actual.grouped), difference \(r.difference.grouped) 元")
                    if r.kind != .ok { Terminal.line("    \(r.message)") }
                }
                for e in unreadable {
                    Terminal.line("UNREADABLE  \(e.path):\(e.line): \(e.message)")
                }
                if !unreadable.isEmpty {
                    Terminal.line("    not valid canonical text, so not checked: fix the line (docs/FORMAT.md) or `budgit import` the file's source again, then commit")
                }
                for e in open {
                    Terminal.line("IMPORT ERROR  \(e.source):\(e.diagnostic.line) [\(e.diagnostic.code)] \(e.diagnostic.message)")
                    Terminal.line("    fix: \(e.fix)")
                }
                Terminal.line("\(results.count) checks: \(counts[.ok] ?? 0) ok, \(counts[.rounding] ?? 0) rounding (under 1 元), \(mismatches) mismatch\(mismatches == 1 ? "" : "es")"
                      + (unreadable.isEmpty ? "" : ", \(unreadable.count) unreadable file\(unreadable.count == 1 ? "" : "s")")
                      + (open.isEmpty ? "" : ", \(open.count) open import error\(open.count == 1 ? "" : "s")"))
            }
            if mismatches > 0 || !unreadable.isEmpty || !open.isEmpty { throw ExitCode(2) }
        }
    }
}
