import Foundation
import BudgitFuzz

// budgit-fuzz: deterministic mutation fuzzing of the importer, the canonical readers and the
// cache decoder. Each batch runs in a child process (this program, `--child`), so a trap is
// found, saved under --out and the run goes on. See docs/RELIABILITY.md.
//
//   budgit-fuzz [--target import|canonical|cache|all] [--runs N] [--seed S] [--batch N]
//               [--slow-ms MS] [--out DIR] [--fixtures DIR] [--no-minimise]
//   budgit-fuzz --replay TARGET FILE       run one input in this process
//   budgit-fuzz --print TARGET INDEX       write input INDEX (with --seed) to stdout

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("budgit-fuzz: error: \(message)\n".utf8))
    exit(64)
}

let args = Array(CommandLine.arguments.dropFirst())
func value(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name) else { return nil }
    guard i + 1 < args.count else { fail("\(name) needs a value") }
    return args[i + 1]
}
func target(_ s: String) -> FuzzTarget {
    guard let t = FuzzTarget(rawValue: s) else { fail("unknown target `\(s)`; one of import, canonical, cache") }
    return t
}
func number<T: FixedWidthInteger>(_ name: String, _ def: T) -> T {
    guard let s = value(name) else { return def }
    guard let v = T(s) else { fail("\(name) `\(s)` is not a whole number") }
    return v
}

var options = FuzzRunner.Options()
options.fixtures = value("--fixtures") ?? "Fixtures"
options.seed = number("--seed", UInt64(1))

if let t = value("--child") {
    exit(FuzzRunner.child(target: target(t), seed: options.seed, from: number("--from", 0), to: number("--to", 0),
                          progress: value("--progress") ?? "", fixtures: options.fixtures,
                          slowMilliseconds: number("--slow-ms", 1000)))
}
if let t = value("--replay") {
    guard let i = args.firstIndex(of: "--replay"), i + 2 < args.count,
          let d = FileManager.default.contents(atPath: args[i + 2]) else { fail("--replay TARGET FILE") }
    let outcome = target(t).run([UInt8](d))
    print(outcome == .accepted ? "accepted" : "rejected")
    exit(0)
}
if let t = value("--print") {
    guard let i = args.firstIndex(of: "--print"), i + 2 < args.count, let k = Int(args[i + 2]) else { fail("--print TARGET INDEX") }
    let tg = target(t)
    FileHandle.standardOutput.write(Data(tg.input(k, seed: options.seed, corpus: tg.corpus(fixtures: options.fixtures))))
    exit(0)
}

options.runs = number("--runs", 100_000)
options.batch = number("--batch", 5_000)
options.slowMilliseconds = number("--slow-ms", 1000)
options.outDirectory = value("--out") ?? "fuzz-out"
options.minimise = !args.contains("--no-minimise")
let which = value("--target") ?? "all"
let targets = which == "all" ? FuzzTarget.allCases : [target(which)]
guard FileManager.default.fileExists(atPath: options.fixtures + "/quirks") else {
    fail("no fixtures at `\(options.fixtures)`; run from the project root or pass --fixtures DIR")
}

let runner = FuzzRunner(executable: Bundle.main.executablePath ?? CommandLine.arguments[0], options: options)
var failed = false
var lines: [String] = []
for t in targets {
    print("\(t.rawValue): \(options.runs) inputs, seed \(options.seed)…")
    let r = runner.run(t) { print($0) }
    let rate = r.seconds > 0 ? Int(Double(r.executions) / r.seconds) : 0
    let slowest = r.slowest.index >= 0 ? "\(r.slowest.milliseconds) ms (input \(r.slowest.index))" : "-"
    lines.append("\(t.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) executions \(r.executions)  crashes \(r.crashes.count)  hangs \(r.hangs.count)  slow (>\(options.slowMilliseconds) ms) \(r.slow.count)  slowest \(slowest)  \(Int(r.seconds)) s, \(rate)/s")
    for (i, ms) in r.slow { lines.append("  slow input \(i): \(ms) ms (budgit-fuzz --print \(t.rawValue) \(i) --seed \(options.seed))") }
    if !r.crashes.isEmpty || !r.hangs.isEmpty { failed = true }
}
print("\nfuzz summary (seed \(options.seed)):")
for l in lines { print(l) }
exit(failed ? 1 : 0)
