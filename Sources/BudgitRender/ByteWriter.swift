import BudgitModel

/// Writes UTF-8 text straight into a fixed buffer, handing each full buffer to a sink: the byte
/// half of every report renderer (text, Markdown, CSV, and JSON through ``JSONWriter``).
///
/// Strings are copied as their UTF-8 bytes; amounts and whole numbers are formatted in place, so
/// that a report of tens of megabytes is written without building a String per line.
///
/// Literal text (a `StaticString`: layout, separators, ANSI colour codes) is copied as it is.
/// Text that comes from documents arrives as a `String` or `Substring`; a writer made with
/// `escapingControls` (the terminal renderers: text and Markdown) escapes its control characters
/// as ``TerminalText`` does, so a document cannot drive the terminal.
struct ByteWriter {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0
    private let sink: (UnsafeBufferPointer<UInt8>) -> Void
    /// Escape control characters in `String` and `Substring` text (``TerminalText``).
    let escapesControls: Bool

    /// Uses `buffer` as scratch space; `sink` receives the text in order, one chunk at a time.
    init(buffer: UnsafeMutableBufferPointer<UInt8>, escapingControls: Bool = false,
         sink: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        precondition(buffer.count >= 64, "ByteWriter needs a buffer of at least 64 bytes")
        self.buffer = buffer
        self.sink = sink
        self.escapesControls = escapingControls
    }

    /// Runs `body` with a writer over a buffer of `chunkSize` bytes (at least 64), then flushes:
    /// `sink` gets every byte written, in chunks of at most `chunkSize` bytes (except strings
    /// longer than that, passed on whole). The chunk is only valid during the call.
    /// With `escapingControls`, text from documents is escaped for a terminal.
    static func write(chunkSize: Int, escapingControls: Bool = false, to sink: (UnsafeBufferPointer<UInt8>) -> Void,
                      _ body: (inout ByteWriter) -> Void) {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(chunkSize, 64))
        defer { buffer.deallocate() }
        withoutActuallyEscaping(sink) { sink in
            var w = ByteWriter(buffer: buffer, escapingControls: escapingControls, sink: sink)
            body(&w)
            w.flush()
        }
    }

    /// What `body` writes, as a String.
    static func string(escapingControls: Bool = false, _ body: (inout ByteWriter) -> Void) -> String {
        var out: [UInt8] = []
        write(chunkSize: 1 << 16, escapingControls: escapingControls, to: { out.append(contentsOf: $0) }, body)
        return String(decoding: out, as: UTF8.self)
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
    mutating func byte(_ b: UInt8) {
        reserve(1)
        buffer[count] = b
        count += 1
    }

    mutating func bytes(_ p: UnsafeBufferPointer<UInt8>) {
        guard let base = p.baseAddress, p.count > 0 else { return }
        if count + p.count > buffer.count {
            flush()
            if p.count > buffer.count { sink(p); return }
        }
        UnsafeMutableRawPointer(buffer.baseAddress! + count).copyMemory(from: base, byteCount: p.count)
        count += p.count
    }

    /// `n` spaces (indentation).
    mutating func spaces(_ n: Int) {
        var n = n
        while n > 0 {
            reserve(1)
            let k = min(n, buffer.count - count)
            (buffer.baseAddress! + count).update(repeating: 0x20, count: k)
            count += k; n -= k
        }
    }

    /// Literal text (ANSI codes, separators, `→`).
    @inline(__always)
    mutating func write(_ s: StaticString) {
        s.withUTF8Buffer { bytes($0) }
    }

    /// The UTF-8 bytes of `s`, without copying a native string first; escaped when the writer
    /// escapes control characters. Disfavoured, so that a string literal is written as a
    /// `StaticString`, as it is.
    @_disfavoredOverload
    mutating func write(_ s: String) {
        if s.utf8.withContiguousStorageIfAvailable({ text($0) }) == nil {
            var copy = s
            copy.withUTF8 { text($0) }
        }
    }

    /// The UTF-8 bytes of `s`; escaped when the writer escapes control characters.
    @_disfavoredOverload
    mutating func write(_ s: Substring) {
        if s.utf8.withContiguousStorageIfAvailable({ text($0) }) == nil { write(String(s)) }
    }

    /// Text from a document: copied, or escaped when asked for and needed.
    @inline(__always)
    private mutating func text(_ p: UnsafeBufferPointer<UInt8>) {
        if escapesControls, TerminalText.firstEscape(in: p) != nil {
            var out: [UInt8] = []
            out.reserveCapacity(p.count + 8)
            TerminalText.appendEscaped(p, keepingLayout: false, to: &out)
            out.withUnsafeBufferPointer { bytes($0) }
        } else {
            bytes(p)
        }
    }

    // MARK: Numbers

    /// A whole number in decimal (as `"\(n)"`).
    mutating func integer(_ n: Int) {
        if n < 0 { byte(UInt8(ascii: "-")) }
        digits(UInt64(n.magnitude), minimum: 1, grouped: false)
    }

    /// `12345.67`, `-5.00`: the canonical text (``Money/description``).
    mutating func canonical(_ m: Money) {
        if m.fen < 0 { byte(UInt8(ascii: "-")) }
        let a = m.fen.magnitude
        digits(a / 100, minimum: 1, grouped: false)
        cents(a % 100)
    }

    /// `12,345.67`, `-5.00`: thousands separators (``Money/grouped``).
    mutating func grouped(_ m: Money) {
        if m.fen < 0 { byte(UInt8(ascii: "-")) }
        let a = m.fen.magnitude
        digits(a / 100, minimum: 1, grouped: true)
        cents(a % 100)
    }

    /// `+1,234.56`, `-5.00`, `0.00`: grouped, with a sign unless zero (`Money.signedGrouped`).
    mutating func signedGrouped(_ m: Money) {
        if m.fen > 0 { byte(UInt8(ascii: "+")) }
        grouped(m)
    }

    private mutating func cents(_ c: UInt64) {
        reserve(3)
        buffer[count] = UInt8(ascii: ".")
        buffer[count + 1] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: c / 10)
        buffer[count + 2] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: c % 10)
        count += 3
    }

    /// `v` in decimal, left-padded with zeros to at least `minimum` digits, with a comma between
    /// groups of three when `grouped`.
    private mutating func digits(_ v: UInt64, minimum: Int, grouped: Bool) {
        reserve(27)
        var n = 1, t = v
        while t >= 10 { t /= 10; n += 1 }
        n = max(n, minimum)
        let width = grouped ? n + (n - 1) / 3 : n
        var v = v
        var at = count + width - 1
        for k in 0..<n {
            if grouped && k > 0 && k % 3 == 0 { buffer[at] = UInt8(ascii: ","); at -= 1 }
            buffer[at] = UInt8(truncatingIfNeeded: v % 10) + UInt8(ascii: "0")
            v /= 10; at -= 1
        }
        count += width
    }
}

extension String {
    /// Whether any UTF-8 byte of the string is one of `a`, `b`, `c`, `d` (ASCII), or the first or
    /// last byte is `edge`: a quick test before character-by-character work.
    func containsAnyByte(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, edge: UInt8? = nil) -> Bool {
        func scan(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
            if let edge, let first = p.first, first == edge || p.last == edge { return true }
            for x in p where x == a || x == b || x == c || x == d { return true }
            return false
        }
        if let r = utf8.withContiguousStorageIfAvailable(scan) { return r }
        var copy = self
        return copy.withUTF8(scan)
    }
}
