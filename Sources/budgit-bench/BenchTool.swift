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
        subcommands: [History.self, ReviseBudgets.self])

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

extension BenchTool {
    struct ReviseBudgets: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revise-budgets",
            abstract: "Edit the unit-budget files of a year in the working tree: change amounts in P% of the lines, add A% new lines and remove R%, reporting the exact counts (for the diff benchmarks and the cross-check with peers).")

        @Option(help: "The repository.") var repo: String
        @Option(help: "The year.") var year: Int
        @Option(help: "Lines whose amounts change, in basis points (100 = 1%).") var changedBp: Int = 100
        @Option(help: "Lines added, in basis points.") var addedBp: Int = 50
        @Option(help: "Lines removed, in basis points.") var removedBp: Int = 50
        @Option(help: "Seed.") var seed: UInt64 = 7

        func run() throws {
            let root = repo.hasSuffix("/") ? repo : repo + "/"
            let fm = FileManager.default
            let units = try fm.contentsOfDirectory(atPath: root + "\(year)").sorted()
            var rng = SplitMix(seed: seed)
            var counts = (changed: 0, added: 0, removed: 0, lines: 0)
            func pick(_ basisPoints: Int) -> Bool { Int(rng.next() % 1_000_000) < basisPoints * 100 }
            for u in units {
                let folder = root + "\(year)/\(u)/\(RepositoryLayout.unitBudgetFolder)"
                guard let names = try? fm.contentsOfDirectory(atPath: folder) else { continue }
                var parts: [(part: UnitBudgetPart, bytes: [UInt8])] = []
                for n in names {
                    guard let p = UnitBudgetPart(fileName: n[...]), let data = fm.contents(atPath: folder + "/" + n) else { continue }
                    parts.append((p, [UInt8](data)))
                }
                var b = try UnitBudgetFile.read(parts: parts, folder: folder)
                for t in b.tables.indices {
                    var rows: [BudgetRow] = []
                    for var r in b.tables[t].rows {
                        counts.lines += 1
                        if pick(removedBp) { counts.removed += 1; continue }
                        if pick(changedBp), let k = r.amounts.indices.first(where: { r.amounts[$0] != nil }) {
                            r.amounts[k] = Money(fen: r.amounts[k]!.fen + 100 * Int64(1 + rng.next() % 9_999))
                            counts.changed += 1
                        }
                        rows.append(r)
                        if pick(addedBp) {
                            let code = ClassificationCode(parts: (r.code?.parts ?? ["299"]) + ["9\(counts.added % 10)", "\(counts.added)"])
                            rows.append(BudgetRow(code: code, name: "新增支出\(counts.added)", amounts: r.amounts.map { $0.map { Money(fen: $0.fen / 2) } }, side: r.side, line: r.line))
                            counts.added += 1
                        }
                    }
                    b.tables[t].rows = rows
                }
                // Rewrite only the parts whose bytes change, as an import would.
                let before = Dictionary(uniqueKeysWithValues: parts.map { ($0.part, $0.bytes) })
                for p in UnitBudgetFile.writeParts(b) where before[p.part] != p.bytes {
                    try Data(p.bytes).write(to: URL(fileURLWithPath: folder + "/" + p.part.fileName))
                }
            }
            print("{\"lines\": \(counts.lines), \"changed\": \(counts.changed), \"added\": \(counts.added), \"removed\": \(counts.removed)}")
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
