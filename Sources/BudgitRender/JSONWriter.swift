import BudgitModel

/// Writes JSON text in ``JSONRenderer``'s layout straight into a fixed buffer, handing each full
/// buffer to a sink: two-space indentation, `"key": value`, `[]` and `{}` for empty containers,
/// strings escaped as `JSONEncoder` does with `.withoutEscapingSlashes`.
///
/// Callers write object keys in sorted order themselves (byte order, as `.sortedKeys` does for
/// ASCII keys); the report types do so in `ComparisonReport+JSON.swift`.
struct JSONWriter {
    /// The bytes: buffering, flushing, numbers and amounts (shared with the other renderers).
    private var out: ByteWriter
    private var depth = 0
    /// The innermost open container has no member yet.
    private var empty = true

    /// Writes through `out`.
    init(_ out: ByteWriter) { self.out = out }

    /// Hands whatever is buffered to the sink.
    mutating func flush() { out.flush() }

    // MARK: Bytes

    @inline(__always)
    private mutating func byte(_ b: UInt8) { out.byte(b) }

    private mutating func newline() {
        out.byte(0x0A)
        out.spaces(2 * depth)
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
        out.write(key)
        out.write("\": ")
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
            if i > start { out.bytes(UnsafeBufferPointer(rebasing: s[start..<i])) }
            byte(UInt8(ascii: "\\"))
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte(c)
            case 0x08: byte(UInt8(ascii: "b"))
            case 0x09: byte(UInt8(ascii: "t"))
            case 0x0A: byte(UInt8(ascii: "n"))
            case 0x0C: byte(UInt8(ascii: "f"))
            case 0x0D: byte(UInt8(ascii: "r"))
            default:
                let hex: StaticString = "0123456789abcdef"
                out.write("u00")
                byte(hex.utf8Start[Int(c >> 4)])
                byte(hex.utf8Start[Int(c & 0xF)])
            }
            i += 1
            start = i
        }
        if i > start { out.bytes(UnsafeBufferPointer(rebasing: s[start..<i])) }
    }

    /// A whole number in decimal, as `JSONEncoder` writes `Int`.
    mutating func integer(_ n: Int) { out.integer(n) }

    /// An amount as its canonical text in a string (`"-1234.05"`), as `Money.encode(to:)` does.
    mutating func money(_ m: Money) {
        byte(UInt8(ascii: "\""))
        out.canonical(m)
        byte(UInt8(ascii: "\""))
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
