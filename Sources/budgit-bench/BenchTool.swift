import ArgumentParser
import Foundation
import BudgitModel
import BudgitStore
import BudgitCanonical

/// Benchmark helpers that need to be fast where the CLI is not the thing measured.
@main
struct BenchTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budgit-bench",
        abstract: "Benchmark driver for budgit (used by `make bench`).",
        subcommands: [History.self])

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append N commits to a budgit repository, each editing one project (a fund or a target) and K other random projects of the same year, by rotating authors.")

        @Option(help: "The repository.") var repo: String
        @Option(help: "The project file every commit edits (a path in the repository).") var project: String
        @Option(help: "Number of commits.") var commits: Int = 200
        @Option(help: "Other projects edited per commit.") var others: Int = 5
        @Option(help: "Seed.") var seed: UInt64 = 1

        func run() throws {
            let r = try Repository.open(at: repo)
            let folder = String(project.prefix { $0 != "/" })
            let all = try r.listFiles(at: "HEAD", under: folder).map(\.path).filter { $0.hasSuffix(".jsonl") && $0.contains("/projects/") }
            guard all.contains(project) else { throw ValidationError("\(project) is not in HEAD") }
            var rng = SplitMix(seed: seed)
            let authors = ["Ana Li <ana@example.org>", "Bo Wang <bo@example.org>", "Chen Yu <chen@example.org>", "Dai Fei <dai@example.org>"]
            var time: Int64 = 1_700_000_000
            for i in 0..<commits {
                var changes: [String: [UInt8]?] = [:]
                for path in [project] + (0..<others).map({ _ in all[Int(rng.next() % UInt64(all.count))] }) where changes[path] == nil {
                    var form = try ProjectFile.read(r.readFile(path, at: "HEAD"), path: path)
                    edit(&form, step: i, rng: &rng)
                    changes[path] = ProjectFile.write(form)
                }
                time += 3600
                let sig = try Signature.parse(authors[i % authors.count], time: time, offsetMinutes: 480)
                try r.commit(changes: changes, message: "Revision \(i + 1): adjust funds and targets", author: sig)
            }
            print("appended \(commits) commits")
        }

        func edit(_ p: inout ProjectForm, step: Int, rng: inout SplitMix) {
            if step % 2 == 0, let k = p.funds.firstIndex(where: { $0.kind == .annual }) {
                p.funds[k].amount = Money(fen: p.funds[k].amount.fen + Int64(rng.next() % 100_000) * 100 + 100)
            } else if !p.indicators.isEmpty {
                let k = Int(rng.next() % UInt64(p.indicators.count))
                let n = 80 + Int(rng.next() % 20)
                p.indicators[k].target = Target(text: "≥\(n)%", comparator: .ge, number: "\(n)", unit: "%")
            }
        }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
