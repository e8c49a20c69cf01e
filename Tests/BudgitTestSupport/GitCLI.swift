import Foundation

/// Why a git command in a test failed.
public struct GitFailed: Error, CustomStringConvertible {
    public var status: Int32
    public var stderr: String
    public var description: String { "git exited \(status): \(stderr)" }
}

/// What a child process printed and how it ended.
public struct ProcessResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs `executable` with `args` in `dir`, with HOME set to `dir`, no system git config and
/// `env` added to this process's environment; collects both pipes.
public func runProcess(_ executable: String, _ args: [String], in dir: String, env: [String: String] = [:]) throws -> ProcessResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
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
    // Read stderr on another thread so that neither pipe can fill and block the child.
    nonisolated(unsafe) var errData = Data()
    let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    while !reader.isFinished { usleep(1000) }
    return ProcessResult(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs the git CLI (tests only: product code never does) in `dir`, without the system config,
/// and returns its stdout. Throws ``GitFailed`` on a non-zero exit.
@discardableResult
public func git(_ args: [String], in dir: String, env: [String: String] = [:]) throws -> String {
    let r = try runProcess("/usr/bin/git", args, in: dir, env: env)
    if r.status != 0 { throw GitFailed(status: r.status, stderr: r.stderr) }
    return r.stdout
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
