import BudgitModel

/// Writes JSON text in ``JSONRenderer``'s layout straight into a fixed buffer, handing each full
/// buffer to a sink: two-space indentation, `"key": value`, `[]` and `{}` for empty containers,
/// strings escaped as `JSONEncoder` does with `.withoutEscapingSlashes`.
///
/// Callers write object keys in sorted order themselves (byte order, as `.sortedKeys` does for
/// ASCII keys); the report types do so in `ComparisonReport+JSON.swift`.
struct JSONWriter {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0
    private var depth = 0
    /// The innermost open container has no member yet.
    private var empty = true
    private let sink: (UnsafeBufferPointer<UInt8>) -> Void

    /// Uses `buffer` as scratch space; `sink` receives the text in order, one chunk at a time.
    init(buffer: UnsafeMutableBufferPointer<UInt8>, sink: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        precondition(buffer.count >= 64, "JSONWriter needs a buffer of at least 64 bytes")
        self.buffer = buffer
        self.sink = sink
    }

    /// Hands whatever is buffered to the sink.
    mutating func flush() {
        if count > 0 { sink(UnsafeBufferPointer(rebasing: buffer[..<count])) }
        count = 0
    }

    // MARK: Bytes

    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > buffer.count { flush() }
    }

    @inline(__always)
    private mutating func byte(_ b: UInt8) {
        reserve(1)
        buffer[count] = b
        count += 1
    }

    private mutating func bytes(_ p: UnsafeBufferPointer<UInt8>) {
        if count + p.count > buffer.count {
            flush()
            if p.count > buffer.count { sink(p); return }
        }
        UnsafeMutableRawPointer(buffer.baseAddress! + count)
            .copyMemory(from: p.baseAddress!, byteCount: p.count)
        count += p.count
    }

    @inline(__always)
    private mutating func ascii(_ s: StaticString) {
        s.withUTF8Buffer { bytes($0) }
    }

    private mutating func newline() {
        var spaces = 2 * depth
        byte(0x0A)
        while spaces > 0 {
            reserve(1)
            let n = min(spaces, buffer.count - count)
            (buffer.baseAddress! + count).update(repeating: 0x20, count: n)
            count += n; spaces -= n
        }
    }

    /// The final line feed after the top-level value.
    mutating func newlineAtEnd() { byte(0x0A) }

    // MARK: Structure

    /// Starts the next member of the open object or array: a comma after the previous one, then
    /// a new line at the current depth.
    @inline(__always)
    private mutating func nextMember() {
        if !empty { byte(UInt8(ascii: ",")) }
        newline()
        empty = false
    }

    mutating func beginObject() { byte(UInt8(ascii: "{")); depth += 1; empty = true }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { byte(UInt8(ascii: "[")); depth += 1; empty = true }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if !empty { newline() }
        byte(bracket)
        // The container just closed is a member of the one around it.
        empty = false
    }

    /// Starts the member `key` of the open object; `key` must need no escaping.
    mutating func key(_ key: StaticString) {
        nextMember()
        byte(UInt8(ascii: "\""))
        ascii(key)
        ascii("\": ")
    }

    /// Starts the next element of the open array.
    mutating func element() { nextMember() }

    /// Writes `"key": value`.
    mutating func field<T: JSONWritable>(_ name: StaticString, _ value: T) {
        key(name)
        value.writeJSON(to: &self)
    }

    /// Writes `"key": value`, or nothing when `value` is nil (as synthesized `Codable` does).
    mutating func field<T: JSONWritable>(_ name: StaticString, _ value: T?) {
        if let value { field(name, value) }
    }

    // MARK: Scalars

    /// A string, escaped as `JSONEncoder` does with `.withoutEscapingSlashes`: `\"`, `\\`,
    /// `\b \t \n \f \r`, other controls below U+0020 as `\u00xx` (lowercase hex); everything else,
    /// DEL, U+2028/2029 and non-ASCII included, as it is.
    mutating func string(_ s: String) {
        byte(UInt8(ascii: "\""))
        if s.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
            var copy = s
            copy.withUTF8 { escaped($0) }
        }
        byte(UInt8(ascii: "\""))
    }

    private mutating func escaped(_ s: UnsafeBufferPointer<UInt8>) {
        var start = 0
        var i = 0
        while i < s.count {
            let c = s[i]
            if c >= 0x20 && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") { i += 1; continue }
            if i > start { bytes(UnsafeBufferPointer(rebasing: s[start..<i])) }
            reserve(6)
            buffer[count] = UInt8(ascii: "\\")
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer[count + 1] = c; count += 2
            case 0x08: buffer[count + 1] = UInt8(ascii: "b"); count += 2
            case 0x09: buffer[count + 1] = UInt8(ascii: "t"); count += 2
            case 0x0A: buffer[count + 1] = UInt8(ascii: "n"); count += 2
            case 0x0C: buffer[count + 1] = UInt8(ascii: "f"); count += 2
            case 0x0D: buffer[count + 1] = UInt8(ascii: "r"); count += 2
            default:
                let hex: StaticString = "0123456789abcdef"
                buffer[count + 1] = UInt8(ascii: "u")
                buffer[count + 2] = UInt8(ascii: "0")
                buffer[count + 3] = UInt8(ascii: "0")
                buffer[count + 4] = hex.utf8Start[Int(c >> 4)]
                buffer[count + 5] = hex.utf8Start[Int(c & 0xF)]
                count += 6
            }
            i += 1
            start = i
        }
        if i > start { bytes(UnsafeBufferPointer(rebasing: s[start..<i])) }
    }

    /// A whole number in decimal, as `JSONEncoder` writes `Int`.
    mutating func integer(_ n: Int) {
        if n < 0 { byte(UInt8(ascii: "-")) }
        digits(UInt64(n.magnitude), minimum: 1)
    }

    /// An amount as its canonical text in a string (`"-1234.05"`), as `Money.encode(to:)` does.
    mutating func money(_ m: Money) {
        reserve(25)
        byte(UInt8(ascii: "\""))
        if m.fen < 0 { byte(UInt8(ascii: "-")) }
        let a = m.fen.magnitude
        digits(a / 100, minimum: 1)
        byte(UInt8(ascii: "."))
        digits(a % 100, minimum: 2)
        byte(UInt8(ascii: "\""))
    }

    /// `v` in decimal, left-padded with zeros to at least `minimum` digits.
    private mutating func digits(_ v: UInt64, minimum: Int) {
        reserve(20)
        var n = 1, t = v
        while t >= 10 { t /= 10; n += 1 }
        n = max(n, minimum)
        var v = v
        var at = count + n - 1
        for _ in 0..<n {
            buffer[at] = UInt8(truncatingIfNeeded: v % 10) + UInt8(ascii: "0")
            v /= 10; at -= 1
        }
        count += n
    }
}

/// A value that ``JSONWriter`` can write as it would come out of `JSONEncoder` with
/// `.sortedKeys` and `.withoutEscapingSlashes`.
protocol JSONWritable {
    func writeJSON(to w: inout JSONWriter)
}

extension String: JSONWritable {
    func writeJSON(to w: inout JSONWriter) { w.string(self) }
}

extension Int: JSONWritable {
    func writeJSON(to w: inout JSONWriter) { w.integer(self) }
}

extension Array: JSONWritable where Element: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginArray()
        for e in self { w.element(); e.writeJSON(to: &w) }
        w.endArray()
    }
}
