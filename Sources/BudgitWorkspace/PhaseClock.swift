import Foundation
import Synchronization

/// Prints how long each phase of a use case took, on standard error, when the environment
/// variable `BUDGIT_TRACE` is set: a first look at where time goes at scale, before reaching for
/// a profiler (docs/BENCHMARKS.md). Silent otherwise; output never goes to standard output.
struct PhaseClock {
    private let start = DispatchTime.now().uptimeNanoseconds
    private let name: String
    private let on = ProcessInfo.processInfo.environment["BUDGIT_TRACE"] != nil

    init(_ name: String) { self.name = name }

    /// Reports the time since the clock started, labelled `phase`.
    func mark(_ phase: String) {
        guard on else { return }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        FileHandle.standardError.write(Data("budgit trace: \(name): \(phase) at \(String(format: "%.1f", ms)) ms\n".utf8))
    }
}

/// Thread CPU time per phase, summed over the worker threads, when `BUDGIT_TRACE` is set: where
/// the work of a parallel phase goes (wall-clock marks cannot tell). Free when tracing is off.
final class PhaseTotals: Sendable {
    let on = ProcessInfo.processInfo.environment["BUDGIT_TRACE"] != nil
    private let nanoseconds = Mutex<[String: UInt64]>([:])

    /// Runs `body`, adding its thread CPU time to `phase`.
    @inline(__always)
    func measure<T, E: Error>(_ phase: String, _ body: () throws(E) -> T) throws(E) -> T {
        guard on else { return try body() }
        let start = Self.threadTime()
        defer { let t = Self.threadTime() - start; nanoseconds.withLock { $0[phase, default: 0] += t } }
        return try body()
    }

    /// Prints the totals, largest first, as one trace line.
    func report(_ name: String) {
        guard on else { return }
        let parts = nanoseconds.withLock { $0 }.sorted { $0.value > $1.value }
            .map { "\($0.key) \(String(format: "%.0f", Double($0.value) / 1e6)) ms" }
        FileHandle.standardError.write(Data("budgit trace: \(name): CPU in workers: \(parts.joined(separator: ", "))\n".utf8))
    }

    private static func threadTime() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
