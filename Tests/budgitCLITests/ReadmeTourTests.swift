import Foundation
import Testing
import BudgitTestSupport

/// The README's tour runs exactly as written: each command line of the block between
/// `<!-- tour -->` and `<!-- /tour -->`, in one shell, from the top of the checkout, with the
/// built budgit first on PATH and HOME in a temporary folder.
@Suite struct ReadmeTourTests {
    struct Step { var command: String; var expectedStatus: Int32 }

    /// The tour's command lines and the exit status each comment promises (`# exit N`, else 0).
    static func steps() throws -> [Step] {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "<!-- tour -->"), let end = readme.range(of: "<!-- /tour -->") else { return [] }
        var steps: [Step] = []
        for raw in readme[start.upperBound..<end.lowerBound].split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("```") { continue }
            var status: Int32 = 0
            if let c = line.range(of: "# exit "), let n = Int32(line[c.upperBound...].prefix { $0.isNumber }) { status = n }
            steps.append(Step(command: line, expectedStatus: status))
        }
        return steps
    }

    @Test func theTourRunsAsWritten() throws {
        let steps = try Self.steps()
        try #require(steps.count >= 15, "the tour block was not found in README.md")
        let home = TempDir()
        var script = "cd \(Self.quoted(packageRoot.path))\n"
        for (i, s) in steps.enumerated() {
            script += "{ \(s.command)\n} > \"$HOME/.tour/out.\(i)\" 2> \"$HOME/.tour/err.\(i)\"; echo $? > \"$HOME/.tour/status.\(i)\"\n"
        }
        try FileManager.default.createDirectory(atPath: home.path + "/.tour", withIntermediateDirectories: true)
        let binDir = URL(fileURLWithPath: budgitBinary).deletingLastPathComponent().path
        let env = ["HOME": home.path, "PATH": binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                   "NO_COLOR": "1", "BUDGIT_DATE": "@1700000000 +0800"]
        _ = try runProcess("/bin/bash", ["-c", script], in: home.path, env: env)
        func read(_ name: String) -> String {
            String(decoding: FileManager.default.contents(atPath: home.path + "/.tour/" + name) ?? Data(), as: UTF8.self)
        }
        var outputs: [String] = []
        for (i, s) in steps.enumerated() {
            let status = Int32(read("status.\(i)").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            #expect(status == s.expectedStatus, "`\(s.command)` exited \(status): \(read("err.\(i)").prefix(400))")
            outputs.append(read("out.\(i)"))
        }
        func output(of prefix: String) -> String {
            zip(steps, outputs).first { $0.0.command.hasPrefix(prefix) }?.1 ?? ""
        }
        // What the comments promise.
        #expect(output(of: "budgit import $FIXTURES/000").contains("74 projects"))
        #expect(output(of: "budgit log   ").contains("Import 2022 target forms") || output(of: "budgit log ").contains("Import 2022 target forms"))
        #expect(output(of: "budgit show --year 2022 --project 党建经费 --json").contains("\"name\""))
        #expect(output(of: "budgit set ").contains("≥92%"))
        let blame = output(of: "budgit blame ")
        #expect(blame.contains("Bo Wang") && blame.contains("≥92%") && blame.contains("≥90%"), "\(blame)")
        #expect(output(of: "budgit check --year 2022").contains("fix: budgit set"))
        let review = read("../review.md"), csv = read("../indicators.csv")
        #expect(review.contains("|"), "compare --format markdown wrote nothing")
        #expect(csv.contains("学校满意度"))
        // Nothing the tour wrote outside the repository ended up in it.
        let status = try git(["status", "--porcelain"], in: home.path + "/budgets")
        #expect(status.isEmpty, "the tour left files in the repository: \(status)")
    }

    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
