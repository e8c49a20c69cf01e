import Foundation
import Testing
@testable import BudgitStore

/// A temporary repository folder, removed when the test ends.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "budgit-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ rel: String, _ text: String) {
        let p = path + "/" + rel
        try! FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: URL(fileURLWithPath: p))
    }

    func remove(_ rel: String) { try! FileManager.default.removeItem(atPath: path + "/" + rel) }
}

/// Runs the git CLI (tests only: product code never does) and returns stdout.
@discardableResult
func git(_ args: [String], in dir: String, env: [String: String] = [:]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: dir)
    var e = ProcessInfo.processInfo.environment
    e["GIT_CONFIG_NOSYSTEM"] = "1"
    e["HOME"] = dir
    for (k, v) in env { e[k] = v }
    p.environment = e
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    if p.terminationStatus != 0 {
        throw GitFailed(status: p.terminationStatus, stderr: String(decoding: errData, as: UTF8.self))
    }
    return String(decoding: data, as: UTF8.self)
}

struct GitFailed: Error, CustomStringConvertible {
    var status: Int32
    var stderr: String
    var description: String { "git exited \(status): \(stderr)" }
}

let ana = Signature(name: "Ana Li", email: "ana@example.org", time: 1_700_000_000, offsetMinutes: 480)
let bo = Signature(name: "Bo Wang", email: "bo@example.org", time: 1_700_003_600, offsetMinutes: 480)
