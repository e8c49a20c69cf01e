import BudgitModel

/// The value of a field in a canonical record: a string, null, or a list of those.
public enum FieldValue: Sendable, Hashable {
    case string(String)
    case null
    case list([String?])
}

/// One canonical record: one line, one JSON object whose keys come in a fixed order.
///
/// The canonical format is a strict subset of JSON Lines: no whitespace between tokens, keys in
/// the order the writer gives them, values that are strings, `null` or arrays of those, and the
/// shortest escapes (`\"`, `\\`, `\n`, `\t`, `\r`, `\u00XX` for other control characters; no
/// other character is escaped, so Chinese text stays readable).
public struct Record: Sendable, Hashable {
    public var fields: [(key: String, value: FieldValue)]

    public init(_ kind: String) { fields = [("k", .string(kind))] }

    /// An empty record with room for `capacity` fields (for the parser).
    init(capacity: Int) { fields = []; fields.reserveCapacity(capacity) }

    public var kind: String {
        if case .string(let s)? = fields.first?.value { return s }
        return ""
    }

    /// Appends `key: value` unless `value` is nil (absent fields are omitted).
    public mutating func add(_ key: String, _ value: String?) {
        if let value { fields.append((key, .string(value))) }
    }

    public mutating func add(_ key: String, list: [String?]) { fields.append((key, .list(list))) }

    public func string(_ key: String) -> String? {
        for f in fields where f.key == key { if case .string(let s) = f.value { return s } }
        return nil
    }

    public func list(_ key: String) -> [String?]? {
        for f in fields where f.key == key { if case .list(let l) = f.value { return l } }
        return nil
    }

    public var keys: [String] { fields.map(\.key) }

    public static func == (a: Record, b: Record) -> Bool {
        a.fields.count == b.fields.count && zip(a.fields, b.fields).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
    public func hash(into h: inout Hasher) { for f in fields { h.combine(f.key); h.combine(f.value) } }

    /// The record as one line of JSON, without the newline.
    public func encoded(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.appendString(f.key, to: &out)
            out.append(UInt8(ascii: ":"))
            switch f.value {
            case .string(let s): JSONText.appendString(s, to: &out)
            case .null: out.append(contentsOf: "null".utf8)
            case .list(let l):
                out.append(UInt8(ascii: "["))
                for (j, v) in l.enumerated() {
                    if j > 0 { out.append(UInt8(ascii: ",")) }
                    if let v { JSONText.appendString(v, to: &out) } else { out.append(contentsOf: "null".utf8) }
                }
                out.append(UInt8(ascii: "]"))
            }
        }
        out.append(UInt8(ascii: "}"))
    }
}

/// Why a canonical file could not be read.
public struct CanonicalError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String
    public init(path: String, line: Int, message: String) { self.path = path; self.line = line; self.message = message }
    public var description: String { "\(path):\(line): \(message)" }
}

enum JSONText {
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 0x0A: out.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0x0D: out.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0..<0x20, 0x7F:
                out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Parses one line strictly; the caller checks canonical form by re-encoding.
    static func parseRecord(_ bytes: ArraySlice<UInt8>) throws(ParseFailure) -> Record {
        var p = Parser(bytes: bytes)
        return try p.record()
    }

    struct ParseFailure: Error { var message: String; var column: Int }

    struct Parser {
        let bytes: ArraySlice<UInt8>
        var i: Int
        init(bytes: ArraySlice<UInt8>) { self.bytes = bytes; i = bytes.startIndex }

        func fail(_ m: String) -> ParseFailure { ParseFailure(message: m, column: i - bytes.startIndex + 1) }

        mutating func expect(_ c: UInt8) throws(ParseFailure) {
            guard i < bytes.endIndex, bytes[i] == c else {
                throw fail("expected `\(Character(Unicode.Scalar(c)))`")
            }
            i += 1
        }

        mutating func record() throws(ParseFailure) -> Record {
            try expect(UInt8(ascii: "{"))
            var r = Record(capacity: 10)
            if i < bytes.endIndex && bytes[i] == UInt8(ascii: "}") { throw fail("empty record") }
            while true {
                let key = try string()
                try expect(UInt8(ascii: ":"))
                let v = try value()
                r.fields.append((key, v))
                guard i < bytes.endIndex else { throw fail("unterminated record") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                try expect(UInt8(ascii: "}"))
                break
            }
            guard i == bytes.endIndex else { throw fail("text after the record") }
            guard r.fields.first?.key == "k", case .string = r.fields.first?.value else { throw fail("a record starts with its kind \"k\"") }
            return r
        }

        mutating func value() throws(ParseFailure) -> FieldValue {
            guard i < bytes.endIndex else { throw fail("missing value") }
            switch bytes[i] {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "n"): throw fail("null is allowed only inside lists; absent values are omitted")
            case UInt8(ascii: "["):
                i += 1
                var l: [String?] = []
                if i < bytes.endIndex && bytes[i] == UInt8(ascii: "]") { i += 1; return .list(l) }
                while true {
                    guard i < bytes.endIndex else { throw fail("unterminated list") }
                    if bytes[i] == UInt8(ascii: "n") { try literalNull(); l.append(nil) } else { l.append(try string()) }
                    guard i < bytes.endIndex else { throw fail("unterminated list") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    try expect(UInt8(ascii: "]"))
                    return .list(l)
                }
            default: throw fail("values are strings, null or lists of strings")
            }
        }

        mutating func literalNull() throws(ParseFailure) {
            guard bytes[i...].starts(with: "null".utf8) else { throw fail("expected null") }
            i += 4
        }

        mutating func string() throws(ParseFailure) -> String {
            try expect(UInt8(ascii: "\""))
            // Fast path: no escape before the closing quote (nearly every string).
            var j = i
            while j < bytes.endIndex, bytes[j] != UInt8(ascii: "\""), bytes[j] != UInt8(ascii: "\\"), bytes[j] >= 0x20, bytes[j] != 0x7F { j += 1 }
            if j < bytes.endIndex, bytes[j] == UInt8(ascii: "\"") {
                guard let s = String(validating: bytes[i..<j], as: UTF8.self) else { throw fail("invalid UTF-8") }
                try checkNFC(s)
                i = j + 1
                return s
            }
            var out: [UInt8] = []
            while true {
                guard i < bytes.endIndex else { throw fail("unterminated string") }
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; break }
                if b < 0x20 || b == 0x7F { throw fail("raw control character in a string; canonical files escape it as \\u00xx") }
                if b == UInt8(ascii: "\\") {
                    guard i + 1 < bytes.endIndex else { throw fail("unterminated escape") }
                    let e = bytes[i + 1]
                    i += 2
                    switch e {
                    case UInt8(ascii: "\""): out.append(34)
                    case UInt8(ascii: "\\"): out.append(92)
                    case UInt8(ascii: "n"): out.append(10)
                    case UInt8(ascii: "t"): out.append(9)
                    case UInt8(ascii: "r"): out.append(13)
                    case UInt8(ascii: "u"):
                        // Only the form the writer makes: \u00 and two lower-case hex digits, for a
                        // control character that has no short escape.
                        let hexDigits = Array("0123456789abcdef".utf8)
                        guard i + 4 <= bytes.endIndex, bytes[i] == 48, bytes[i + 1] == 48,
                              let hi = hexDigits.firstIndex(of: bytes[i + 2]), let lo = hexDigits.firstIndex(of: bytes[i + 3]) else {
                            throw fail("\\u escapes are only for control characters (\\u0000-\\u001f, \\u007f); write other characters as UTF-8")
                        }
                        let v = UInt8(hi * 16 + lo)
                        guard (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0x7F else {
                            throw fail("not in canonical form: \\u00\(String(v, radix: 16)) is written as the character itself or its short escape")
                        }
                        out.append(v); i += 4
                    default: throw fail("unknown escape")
                    }
                    continue
                }
                out.append(b); i += 1
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8") }
            try checkNFC(s)
            return s
        }

        /// Canonical text is in Unicode NFC (docs/FORMAT.md): `兀` (U+F900) is written `豈`
        /// (U+8C48), `e` and a combining acute `é`.
        func checkNFC(_ s: String) throws(ParseFailure) {
            guard !NFC.isNFC(s) else { return }
            // Name the scalar that changes: one that is not NFC alone, or a combining mark.
            let culprit = s.unicodeScalars.first { !NFC.isNFC(String($0)) || $0.properties.canonicalCombiningClass != .notReordered }
            let at = culprit.map { " (U+" + String($0.value, radix: 16, uppercase: true) + ")" } ?? ""
            throw fail("text not in Unicode NFC\(at): canonical files hold NFC text; re-import the source, or normalise the file to NFC")
        }
    }
}
