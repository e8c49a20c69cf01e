import Foundation

/// Runs a target's inputs in batches, each batch in a child process (this executable again), so
/// that a trap kills the child, not the run: the child records the number of the input it is on,
/// the parent reads it back, saves that input, shrinks it and goes on after it.
public struct FuzzRunner {
    public struct Options: Sendable {
        public var runs = 100_000
        public var seed: UInt64 = 1
        public var batch = 5_000
        public var slowMilliseconds = 1_000
        /// A batch that runs longer than this is killed and its current input counted as a hang.
        public var batchTimeoutSeconds = 300.0
        public var outDirectory = "fuzz-out"
        public var fixtures = "Fixtures"
        public var minimise = true
        public init() {}
    }

    /// What one target's run found.
    public struct Report: Sendable {
        public var target: FuzzTarget
        public var executions = 0
        public var crashes: [String] = []
        public var hangs: [String] = []
        public var slow: [(index: Int, milliseconds: Int)] = []
        public var slowest: (index: Int, milliseconds: Int) = (-1, 0)
        public var seconds = 0.0
    }

    public let executable: String
    public let options: Options

    public init(executable: String, options: Options) { self.executable = executable; self.options = options }

    /// Runs `target` for `options.runs` inputs.
    public func run(_ target: FuzzTarget, log: (String) -> Void) -> Report {
        var report = Report(target: target)
        let start = Date()
        try? FileManager.default.createDirectory(atPath: options.outDirectory, withIntermediateDirectories: true)
        let progress = options.outDirectory + "/.progress-\(target.rawValue)"
        var corpus: [[UInt8]]?
        var next = 0
        while next < options.runs {
            let end = min(options.runs, next + options.batch)
            FileManager.default.createFile(atPath: progress, contents: Data(count: 8))
            let r = spawn(["--child", target.rawValue, "--seed", String(options.seed), "--from", String(next), "--to", String(end),
                           "--progress", progress, "--fixtures", options.fixtures, "--slow-ms", String(options.slowMilliseconds)],
                          timeout: options.batchTimeoutSeconds)
            for line in r.stdout.split(separator: "\n") {
                let f = line.split(separator: " ")
                guard f.count == 3, let i = Int(f[1]), let ms = Int(f[2]) else { continue }
                if f[0] == "slow" { report.slow.append((i, ms)) }
                if f[0] == "slowest", ms >= report.slowest.milliseconds { report.slowest = (i, ms) }
            }
            if r.exitedNormally && r.status == 0 {
                report.executions += end - next
                next = end
                continue
            }
            // The child died on input `k` (or hung there).
            let k = Self.readProgress(progress) ?? next
            report.executions += k - next + 1
            if corpus == nil { corpus = target.corpus(fixtures: options.fixtures) }
            var input = target.input(k, seed: options.seed, corpus: corpus ?? [])
            let kind = r.timedOut ? "hang" : "crash"
            if options.minimise && !r.timedOut { input = minimise(input, target: target) }
            let path = options.outDirectory + "/\(kind)-\(target.rawValue)-seed\(options.seed)-\(k).bin"
            FileManager.default.createFile(atPath: path, contents: Data(input))
            log("\(target.rawValue): \(kind) on input \(k) (\(r.timedOut ? "timed out" : "signal \(r.status)")); saved \(path) (\(input.count) bytes)")
            if r.timedOut { report.hangs.append(path) } else { report.crashes.append(path) }
            next = k + 1
        }
        try? FileManager.default.removeItem(atPath: progress)
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// True when running `input` kills a child.
    func crashes(_ input: [UInt8], target: FuzzTarget) -> Bool {
        let path = options.outDirectory + "/.candidate-\(target.rawValue)"
        FileManager.default.createFile(atPath: path, contents: Data(input))
        let r = spawn(["--replay", target.rawValue, path], timeout: 60)
        return !(r.exitedNormally && r.status == 0)
    }

    /// Shrinks a crashing input: drops lines, then chunks of bytes, while it still crashes.
    /// At most 300 tries.
    func minimise(_ input: [UInt8], target: FuzzTarget) -> [UInt8] {
        var best = input
        var tries = 0
        guard crashes(best, target: target) else { return input }
        var chunk = max(1, best.count / 2)
        while chunk >= 1 && tries < 300 {
            var i = 0
            var shrunk = false
            while i < best.count && tries < 300 {
                let candidate = Array(best[..<i]) + Array(best[min(best.count, i + chunk)...])
                tries += 1
                if !candidate.isEmpty && crashes(candidate, target: target) { best = candidate; shrunk = true } else { i += chunk }
            }
            if !shrunk { chunk /= 2 }
        }
        return best
    }

    static func readProgress(_ path: String) -> Int? {
        guard let d = FileManager.default.contents(atPath: path), d.count >= 8 else { return nil }
        var v: UInt64 = 0
        for (k, b) in d.prefix(8).enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
        return Int(exactly: v)
    }

    struct ChildResult { var exitedNormally: Bool; var status: Int32; var timedOut: Bool; var stdout: String }

    func spawn(_ args: [String], timeout: Double) -> ChildResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        // Output to a file, read after the child ends (a pipe could fill up and block it).
        let outPath = options.outDirectory + "/.child-output"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: outPath) else {
            return ChildResult(exitedNormally: false, status: -1, timedOut: false, stdout: "")
        }
        defer { try? out.close() }
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return ChildResult(exitedNormally: false, status: -1, timedOut: false, stdout: "") }
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while p.isRunning {
            if Date() > deadline { timedOut = true; kill(p.processIdentifier, SIGKILL); break }
            usleep(20_000)
        }
        p.waitUntilExit()
        let data = FileManager.default.contents(atPath: outPath) ?? Data()
        return ChildResult(exitedNormally: p.terminationReason == .exit, status: p.terminationStatus, timedOut: timedOut,
                           stdout: String(decoding: data, as: UTF8.self))
    }

    /// The child's loop: runs inputs `from..<to`, recording each input's number in `progress`
    /// before running it; prints `slow INDEX MS` for slow inputs and `slowest INDEX MS` at the end.
    public static func child(target: FuzzTarget, seed: UInt64, from: Int, to: Int, progress: String,
                             fixtures: String, slowMilliseconds: Int) -> Int32 {
        let corpus = target.corpus(fixtures: fixtures)
        guard !corpus.isEmpty else { print("error: empty corpus under \(fixtures)"); return 2 }
        guard let handle = FileHandle(forWritingAtPath: progress) else { print("error: cannot write \(progress)"); return 2 }
        var slowest = (index: from, ms: 0)
        let clock = ContinuousClock()
        for i in from..<to {
            var v = UInt64(i)
            let bytes = Data((0..<8).map { _ in defer { v >>= 8 }; return UInt8(truncatingIfNeeded: v) })
            try? handle.seek(toOffset: 0)
            handle.write(bytes)
            let input = target.input(i, seed: seed, corpus: corpus)
            let t = clock.measure { _ = target.run(input) }
            let ms = Int(t.components.seconds * 1000 + t.components.attoseconds / 1_000_000_000_000_000)
            if ms > slowest.ms { slowest = (i, ms) }
            if ms > slowMilliseconds { print("slow \(i) \(ms)") }
        }
        print("slowest \(slowest.index) \(slowest.ms)")
        return 0
    }
}
