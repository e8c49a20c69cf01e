import ArgumentParser
import Foundation
import BudgitCompare
import BudgitRender

/// How a comparison report is printed: `--format`, `--json`, `--summary`, `--threshold`.
struct ReportOutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, csv, json }

    @Option(help: ArgumentHelp("Output format: text (for a terminal), markdown (to paste into a review), csv (UTF-8 with BOM, for spreadsheets) or json (docs/COMPARE-JSON.md).", valueName: "FORMAT"))
    var format: Format = .text

    @Flag(help: "Same as --format json.")
    var json = false

    @Flag(help: "Counts only: projects +added −removed ~changed, indicators, funds delta (with --json: totals and summary, empty lists).")
    var summary = false

    @Option(help: ArgumentHelp("Least name similarity (0–1) for matching renamed projects and indicators; higher is stricter.", valueName: "T"))
    var threshold: Double = 0.8

    @Flag(help: "Exit with status 2 when the report is not empty (like `git diff --exit-code`, but 1 stays for errors).")
    var exitCode = false

    func validate() throws {
        if !(0...1).contains(threshold) { throw ValidationError("--threshold takes a number from 0 to 1, such as 0.8") }
    }

    /// The comparison options these flags ask for; `--summary` needs counts, not lists.
    func compareOptions(yearShift: Int? = nil) -> CompareOptions {
        let fmt = json ? .json : format
        return CompareOptions(similarityThreshold: threshold, yearShift: yearShift,
                              countsOnly: summary && (fmt == .json || fmt == .text))
    }

    func render(_ report: ComparisonReport) throws {
        let fmt = json ? .json : format
        var out = StandardOutput()
        switch fmt {
        // Every format is streamed in 64 KiB chunks: a large report's text is 30 to 120 MB.
        case .text:
            TextRenderer.write(report, color: Terminal.colour, summaryOnly: summary) { out.write($0) }
            if report.isEmpty { out.write("\nno differences\n") }
        case .markdown:
            MarkdownRenderer.write(report) { out.write($0) }
            if report.isEmpty { out.write("\nNo differences.\n") }
        case .csv: CSVRenderer.write(report) { out.write($0) }
        case .json:
            var shown = report
            if summary {
                // Counts only: the lists stay empty, keys as documented.
                shown.projects.added = []; shown.projects.removed = []; shown.projects.renamed = []; shown.projects.changed = []
                shown.budgetLines.added = []; shown.budgetLines.removed = []; shown.budgetLines.changed = []
            }
            JSONRenderer.write(shown) { out.write($0) }
        }
        try out.finish()
        // 2, "found differences": 1 is budgit's code for an error (git diff uses 1 for both).
        if exitCode && !report.isEmpty { throw ExitCode(2) }
    }
}
