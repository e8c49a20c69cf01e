import ArgumentParser
import BudgitCanonical
import BudgitWorkspace

struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Correct one fact of a project (an OCR error, a reviewed target, an amount).",
        discussion: """
        Rewrites the project's canonical file in the working tree and records the correction beside its source, in sources/YEAR/FILE.corrections.jsonl, with the value the source printed. Every later import of that source, or of a new edition of it, applies the correction again and reports any that no longer applies; the published source stays untouched. `budgit commit` records the correction, and `budgit blame` then shows who made it and from which value.

        Editing a canonical file by hand works too: the next import of its source keeps each changed value as a correction.

        Examples:
          budgit set --year 2022 --project 党建经费 --indicator 活动次数 --target "≥12次"
          budgit set --year 2022 --project 党建经费 --fund annual --amount 120000.00
          budgit set --year 2022 --project 党建经费 --fact end --value 2022-12-31
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The year of the project.")
    var year: Int

    @Option(help: "The unit of the project, when the name is not unique in the year.")
    var unit: String?

    @Option(help: "The project's name.")
    var project: String

    @Option(help: "Correct this indicator's target (its 三级指标 name); with --target.")
    var indicator: String?

    @Option(help: "The indicator's corrected target, e.g. ≥95%.")
    var target: String?

    @Option(help: ArgumentHelp("Correct this funding line (total, annual, fiscal, current-appropriation, carry-over, other-total, other-annual, upper-level, own-level, lower-level); with --amount.", valueName: "KIND"))
    var fund: String?

    @Option(help: "The corrected amount in 元, e.g. 120000.00.")
    var amount: String?

    @Option(help: ArgumentHelp("Correct any fact by its key as `budgit blame --json` lists it (name, department, start, end, goal.overall, goal.annual, fund.KIND, indicator.L1/L2/L3, cost.NAME/CONTENT/DETAIL); with --value.", valueName: "KEY"))
    var fact: String?

    @Option(help: "The corrected value of --fact.")
    var value: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        let kinds = [indicator != nil, fund != nil, fact != nil].filter { $0 }.count
        if kinds != 1 { throw ValidationError("say which fact to correct: one of --indicator, --fund or --fact") }
        if indicator != nil && target == nil { throw ValidationError("--indicator needs --target with the corrected target") }
        if fund != nil && amount == nil { throw ValidationError("--fund needs --amount with the corrected amount in 元") }
        if fact != nil && value == nil { throw ValidationError("--fact needs --value with the corrected value") }
    }

    func run() throws {
        try guarded {
            let ws = try repository.workspace()
            let paths = ws.projectFiles(year: year, unit: unit, named: project)
            guard let path = paths.first else {
                throw Failure("no project `\(project)`\(unit.map { " of \($0)" } ?? "") in \(year) in the working tree: `budgit show --year \(year)` lists the projects")
            }
            if paths.count > 1 {
                throw Failure("`\(project)` names \(paths.count) projects in \(year); add --unit:\n" + paths.map { "  \($0)" }.joined(separator: "\n"))
            }
            let key: String, newValue: String
            if let indicator, let target {
                guard let bytes = FileWriter(root: ws.root).read(path) else { throw Failure("cannot read \(path)") }
                let form = try ProjectFile.read(bytes, path: path)
                let keys = ProjectFacts.indicatorKeys(named: indicator, in: form)
                guard let k = keys.first else {
                    throw Failure("\(form.name) has no indicator `\(indicator)`; its indicators: " + form.indicators.map(\.level3).joined(separator: "、"))
                }
                if keys.count > 1 { throw Failure("`\(indicator)` names \(keys.count) indicators of \(form.name); use --fact with one of: " + keys.joined(separator: ", ")) }
                key = k; newValue = target
            } else if let fund, let amount {
                key = "fund." + fund; newValue = amount
            } else if let fact, let value {
                key = fact; newValue = value
            } else { throw Failure("say which fact to correct") }
            let r = try ws.correct(path: path, key: key, value: newValue)
            if output.json {
                struct Out: Encodable { var path: String; var corrections: String; var fact: String; var value: String; var previous: String; var source: String }
                try printJSON(Out(path: r.path, corrections: r.correctionsPath, fact: r.correction.key, value: r.correction.value,
                                  previous: r.previous, source: r.correction.was))
            } else {
                Terminal.line("\(r.path): \(r.correction.key) `\(r.previous)` → `\(r.correction.value)`")
                Terminal.line("recorded in \(r.correctionsPath) (the source reads `\(r.correction.was)`); `budgit commit` to record it")
            }
        }
    }
}
