import Foundation
import Synchronization

/// Maps over an array on all cores (`DispatchQueue.concurrentPerform`), results in input order.
enum ParallelMap {
    /// Each slot is written by exactly one iteration, and read only after all have finished.
    private final class Slots<R>: @unchecked Sendable {
        var values: [R?]
        init(_ n: Int) { values = Array(repeating: nil, count: n) }
    }

    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R,
                                              progress: @Sendable (Int) -> Void = { _ in }) -> [R] {
        if items.count <= 1 { return items.map(transform) }
        let slots = Slots<R>(items.count)
        let done = Mutex(0)
        slots.values.withUnsafeMutableBufferPointer { buf in
            nonisolated(unsafe) let out = buf
            DispatchQueue.concurrentPerform(iterations: items.count) { i in
                out[i] = transform(items[i])
                progress(done.withLock { $0 += 1; return $0 })
            }
        }
        return slots.values.map { $0! }
    }
}
