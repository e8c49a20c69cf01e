import Foundation

/// Writes bytes to file descriptor 1 as they come, unbuffered (as `FileHandle.standardOutput`
/// does); the first failure stops further writes and is thrown by ``finish()``.
struct StandardOutput {
    private var failure: Int32?

    /// Writes all of `bytes`, retrying after interruptions and short writes.
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard failure == nil, var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = Foundation.write(1, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            p += n; left -= n
        }
    }

    /// Writes the UTF-8 bytes of `text`, without copying them first.
    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    /// Throws if a write failed.
    func finish() throws {
        if let failure {
            throw Failure("cannot write to standard output: \(String(cString: strerror(failure)))")
        }
    }
}
