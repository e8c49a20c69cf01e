import Foundation

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
