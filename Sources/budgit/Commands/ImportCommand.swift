import ArgumentParser
import Foundation
import BudgitModel
import BudgitImport
import BudgitWorkspace

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read published budget documents into canonical files in the working tree.",
        discussion: """
        Detects each document's layout (2022/2023 target forms, 2020 declarations, 2020 unit budget), parses it exactly (amounts in 元, never floating point) and writes one canonical file per project and per unit budget, the raw source under sources/YEAR/, and every repair or guess as a diagnostic beside it. Then `budgit status` shows the files and `budgit commit` records them.

        Nothing is written unless every file could be read: fix or leave out the one that fails (exit status 1). All or nothing, even if killed: the next budgit command finishes or discards an interrupted import. budgit never writes through a symbolic link, deletes only files a source's manifest may list, and refuses two sources that bring the same project.

        A source's corrections (`budgit set`, sources/YEAR/FILE.corrections.jsonl) are applied again on every import of it, and values edited by hand in the files an earlier import wrote are kept as corrections.

        Exit status 2 when some facts could not be read (diagnostics of severity error).
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: ArgumentHelp("The documents to import (OCR'd text, UTF-8 or GB18030).", valueName: "FILE"))
    var files: [String]

    @Option(help: "Store the documents under this year (overrides what they print; noted as a diagnostic).")
    var year: Int?

    @Option(help: "Store the documents under this unit (overrides what they print).")
    var unit: String?

    @Flag(help: "Parse and report, but write nothing.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "Print every diagnostic (default: the 8 most severe and counts by code).")
    var verbose = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one document to import") }
        if let year, !(1900...2200).contains(year) { throw ValidationError("--year \(year) is not a plausible budget year") }
    }

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            let result = ws.importFiles(files, options: ImportOptions(year: year, unit: unit), dryRun: dryRun,
                                        progress: { Terminal.progress($0) })
            Terminal.endProgress()
            let errors = result.plans.flatMap(\.document.diagnostics).filter { $0.severity == .error }.count
            if output.json {
                try printJSON(ImportJSON(result, dryRun: dryRun))
            } else {
                for plan in result.plans { for line in summary(plan) { Terminal.line(line) } }
                if !result.plans.isEmpty {
                    Terminal.line(dryRun ? "dry run: nothing written" :
                          (result.written ? "wrote \(result.plans.reduce(0) { $0 + $1.files.count }) files; `budgit status` lists them, `budgit commit -m MSG` records them" : "nothing written"))
                }
            }
            if !result.failures.isEmpty {
                for f in result.failures { Terminal.error(f.error) }
                if !result.plans.isEmpty && !dryRun { Terminal.warn("nothing was written because a file failed; fix it or leave it out, then run again") }
                throw ExitCode(1)
            }
            if errors > 0 { throw ExitCode(2) }
        }
    }

    /// The lines that report one document (each printed escaped, see ``Terminal/line(_:)``).
    func summary(_ plan: ImportPlan) -> [String] {
        let d = plan.document
        var lines: [String] = []
        var s = "\(d.sourceFile): \(d.layout), year \(d.year): "
        var parts: [String] = []
        if let b = plan.budget { parts.append("unit budget of \(b.unit) (\(b.tables) tables, \(b.lines) lines)") }
        parts.append("\(plan.projectCount) project\(plan.projectCount == 1 ? "" : "s")")
        parts.append("\(plan.indicatorCount) indicators")
        s += parts.joined(separator: ", ")
        lines.append(s)
        let ds = d.diagnostics
        if !ds.isEmpty {
            let bySev = Dictionary(grouping: ds, by: \.severity)
            s = "  diagnostics: " + [Diagnostic.Severity.error, .warning, .note].compactMap { sev in
                bySev[sev].map { "\($0.count) \(sev.rawValue)\($0.count == 1 ? "" : "s")" }
            }.joined(separator: ", ")
            let byCode = Dictionary(grouping: ds, by: \.code).map { ($0.key, $0.value.count) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
            s += " (" + byCode.map { "\($0.0) ×\($0.1)" }.joined(separator: ", ") + ")"
            lines.append(s)
            let shown = verbose ? ds : Array(ds.sorted { ($0.severity, $1.line) > ($1.severity, $0.line) }.prefix(8))
            for x in shown { lines.append("  \(x)") }
            if !verbose && ds.count > shown.count { lines.append("  … \(ds.count - shown.count) more (use --verbose, or read sources/\(d.year)/\(d.sourceFile).diagnostics.jsonl)") }
        }
        return lines
    }
}

struct ImportJSON: Encodable {
    struct Doc: Encodable {
        var source: String, layout: String, year: Int
        var projects: Int, indicators: Int, unitBudget: String?
        var files: [String], removed: [String]
        var diagnostics: [Diagnostic]
    }
    var dryRun: Bool
    var written: Bool
    var documents: [Doc]
    var failures: [[String: String]]
    init(_ r: Workspace.ImportResult, dryRun: Bool) {
        self.dryRun = dryRun
        written = r.written
        documents = r.plans.map { p in
            Doc(source: p.document.sourceFile, layout: p.document.layout, year: p.document.year,
                projects: p.projectCount, indicators: p.indicatorCount,
                unitBudget: p.budget?.unit, files: p.files.map(\.path), removed: p.stale,
                diagnostics: p.document.diagnostics)
        }
        failures = r.failures.map { ["file": $0.file, "error": $0.error] }
    }
}
