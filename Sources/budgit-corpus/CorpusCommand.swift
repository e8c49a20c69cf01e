import ArgumentParser
import BudgitCorpus
import Foundation

/// `budgit-corpus`: writes a deterministic corpus of raw budget documents for benchmarks.
@main
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budgit-corpus",
        abstract: "Generate a deterministic corpus of raw budget documents (2022 target forms, optional 2020 unit budgets).",
        discussion: """
        Writes DIR/YEAR/unit-NNNN.txt (one target-form document per unit and year), with
        --unit-budgets DIR/YEAR/unit-NNNN-budget.txt, a revision of one year in which exactly the
        given share of forms is edited (DIR/revision/YEAR/), and DIR/manifest.json, the ground
        truth of the evolution between years and of the revision.

        Small: --units 40 --projects 50 (2,000 forms a year). Large: --units 500 --projects 100.
        """)

    @Option(name: .long, help: "The directory to write; must not exist or be empty.")
    var out: String

    @Option(name: .long, help: "Units (schools), each with one document per year.")
    var units: Int

    @Option(name: .long, help: "Projects (forms) per unit in the first year.")
    var projects: Int

    @Option(name: .long, help: "Budget years, comma-separated and increasing, e.g. 2022,2023.")
    var years: String = "2022,2023"

    @Option(name: .long, help: "The seed; the same seed and options give the same bytes.")
    var seed: UInt64 = 1

    @Flag(name: .long, help: "Also write a 2020-layout unit budget per unit and year.")
    var unitBudgets = false

    @Option(name: .long, help: "Percent of the revision year's forms to edit (0 for no revision; up to 2 decimals).")
    var revisionPercent: String = "1"

    @Option(name: .long, help: "The year the revision edits (default: the last of --years).")
    var revisionYear: Int?

    func configuration() throws -> CorpusConfiguration {
        let yearList = years.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !yearList.isEmpty, yearList.allSatisfy({ Int($0) != nil }) else {
            throw ValidationError("--years must be years separated by commas, e.g. 2022,2023 (got `\(years)`)")
        }
        guard let bp = CorpusConfiguration.basisPoints(revisionPercent) else {
            throw ValidationError("--revision-percent must be a number such as 1 or 0.5 (got `\(revisionPercent)`)")
        }
        let config = CorpusConfiguration(units: units, projectsPerUnit: projects, years: yearList.map { Int($0)! },
                                         seed: seed, unitBudgets: unitBudgets, revisionBasisPoints: bp,
                                         revisionYear: revisionYear)
        if let problem = config.problem { throw ValidationError(problem) }
        return config
    }

    func validate() throws { _ = try configuration() }

    func run() throws {
        let config = try configuration()
        let clock = ContinuousClock()
        let started = clock.now
        let writer = try DirectoryWriter(root: URL(fileURLWithPath: out))
        let manifest = try CorpusGenerator(config).generate { path, text in try writer.write(path, text) }
        let elapsed = clock.now - started
        print(CorpusSummary.render(manifest, files: writer.files, bytes: writer.bytes, directory: out, elapsed: elapsed))
    }
}

/// The counts `budgit-corpus` prints when it is done.
enum CorpusSummary {
    static func render(_ m: CorpusManifest, files: Int, bytes: Int, directory: String, elapsed: Duration) -> String {
        var lines: [String] = []
        lines.append("wrote \(files) files, \(megabytes(bytes)) to \(directory) in \(seconds(elapsed))")
        for y in m.perYear {
            var line = "\(y.year): \(y.documents) documents, \(y.forms) forms, \(y.indicators) indicators, \(megabytes(y.formBytes))"
            if m.unitBudgets { line += "; \(y.budgetDocuments) budgets, \(y.budgetLines) budget lines, \(megabytes(y.budgetBytes))" }
            lines.append(line)
        }
        for p in m.evolution {
            var line = "\(p.from)→\(p.to): \(p.matched) matched, \(p.added.count) added, \(p.removed.count) removed, "
                + "\(p.renamed.count) renamed, \(p.fundsChanged) with funds changed, indicators +\(p.indicatorsAdded) "
                + "-\(p.indicatorsRemoved), \(p.targetsChanged) targets changed"
            if let b = p.budgetLines { line += "; budget lines +\(b.added) -\(b.removed) ~\(b.changed) =\(b.unchanged)" }
            lines.append(line)
        }
        if let r = m.revision {
            lines.append("revision of \(r.year): \(r.editedCount) of \(r.forms) forms edited (\(r.percent)%) in \(r.directory)")
        }
        lines.append("manifest: \(directory)/manifest.json")
        return lines.joined(separator: "\n")
    }

    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    static func seconds(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return "\(ms / 1000).\(String(ms % 1000 / 100)) s"
    }
}
