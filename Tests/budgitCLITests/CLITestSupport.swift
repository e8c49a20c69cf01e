import Foundation
import Testing
import BudgitTestSupport

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fixtures = packageRoot.appendingPathComponent("Fixtures").path

/// The budgit binary built beside the test runner.
let budgitBinary: String = {
    let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [dir, dir.deletingLastPathComponent()] {
        let p = candidate.appendingPathComponent("budgit").path
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return packageRoot.appendingPathComponent(".build/debug/budgit").path
}()

typealias RunResult = ProcessResult

/// Runs budgit with `args` in `dir`, with a fixed commit date and no colour.
@discardableResult
func budgit(_ args: [String], in dir: String, env: [String: String] = [:]) throws -> RunResult {
    var e = ["NO_COLOR": "1", "BUDGIT_DATE": "@1700000000 +0800", "COLUMNS": "100"]
    for (k, v) in env { e[k] = v }
    return try runProcess(budgitBinary, args, in: dir, env: e)
}

/// A temporary folder for one CLI test.
typealias Sandbox = TempDir

/// Compares `actual` with the golden file `Fixtures/golden/NAME`; rewrites it when BUDGIT_RECORD=1.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = packageRoot.appendingPathComponent("Fixtures/golden/" + name)
    if ProcessInfo.processInfo.environment["BUDGIT_RECORD"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
        return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record("missing golden file \(name): run the tests with BUDGIT_RECORD=1 and review it", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    #expect(actual == expected, "golden \(name) differs; if the change is intended, re-record with BUDGIT_RECORD=1", sourceLocation: sourceLocation)
}
