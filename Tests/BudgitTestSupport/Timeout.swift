import Foundation

/// Runs `body` on another thread and waits at most `seconds` for it to finish: the guard of tests
/// whose failure would be a hang (a FIFO read as a file). Returns false when it did not finish in
/// time; `unblock` is then called (to open the FIFO's other end, say) so that it can end, and
/// it is waited for a little longer.
public func finishes(within seconds: Double, unblock: () -> Void = {}, _ body: @escaping @Sendable () -> Void) -> Bool {
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async { body(); done.signal() }
    if done.wait(timeout: .now() + seconds) == .success { return true }
    unblock()
    _ = done.wait(timeout: .now() + seconds)
    return false
}

/// A value handed to and from a closure that another thread runs (tests only: the caller waits
/// for that thread before reading it).
public final class Handoff<T>: @unchecked Sendable {
    public var value: T
    public init(_ value: T) { self.value = value }
}
