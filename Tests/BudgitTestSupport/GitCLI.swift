import Foundation

/// Why a git command in a test failed.
public struct GitFailed: Error, CustomStringConvertible {
    public var status: Int32
    public var stderr: String
    public var description: String { "git exited \(status): \(stderr)" }
}

/// Runs the git CLI (tests only: product code never does) in `dir`, without the system config,
/// and returns its stdout. Throws ``GitFailed`` on a non-zero exit.
@discardableResult
public func git(_ args: [String], in dir: String, env: [String: String] = [:]) throws -> String {
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
    // Read stderr on another thread so that neither pipe can fill and block git.
    nonisolated(unsafe) var errData = Data()
    let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    while !reader.isFinished { usleep(1000) }
    if p.terminationStatus != 0 {
        throw GitFailed(status: p.terminationStatus, stderr: String(decoding: errData, as: UTF8.self))
    }
    return String(decoding: data, as: UTF8.self)
}

/// A temporary folder, removed when the value is released.
public final class TempDir {
    public let path: String
    public init(prefix: String = "budgit-test-") {
        path = NSTemporaryDirectory() + prefix + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` at `rel`, creating folders.
    public func write(_ rel: String, _ text: String) {
        let p = path + "/" + rel
        try! FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: URL(fileURLWithPath: p))
    }

    public func remove(_ rel: String) { try! FileManager.default.removeItem(atPath: path + "/" + rel) }
}
