/// Splits a canonical file into records, strictly: UTF-8, LF line ends, a final newline, no
/// empty lines, every line a canonical record.
struct RecordReader {
    let path: String
    private(set) var records: [(line: Int, record: Record)] = []
    private var cursor = 0

    init(bytes: [UInt8], path: String) throws(CanonicalError) {
        self.path = path
        guard !bytes.isEmpty else { throw CanonicalError(path: path, line: 1, message: "the file is empty") }
        guard bytes.last == 0x0A else {
            throw CanonicalError(path: path, line: bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }, message: "the last line has no newline")
        }
        var start = 0
        var line = 1
        records.reserveCapacity(64)
        for (i, b) in bytes.enumerated() where b == 0x0A {
            let slice = bytes[start..<i]
            if slice.isEmpty { throw CanonicalError(path: path, line: line, message: "empty line") }
            if slice.last == 0x0D { throw CanonicalError(path: path, line: line, message: "CRLF line end; canonical files use LF") }
            let r: Record
            do { r = try JSONText.parseRecord(slice) } catch {
                throw CanonicalError(path: path, line: line, message: "\(error.message) at column \(error.column)")
            }
            records.append((line, r))
            start = i + 1
            line += 1
        }
    }

    var recordsIndex: Int { cursor }

    var atEnd: Bool { cursor >= records.count }
    var lineNumber: Int { cursor < records.count ? records[cursor].line : (records.last?.line ?? 0) + 1 }

    func peekKind() -> String? { cursor < records.count ? records[cursor].record.kind : nil }

    /// An error about the record taken last (or the first line, before any).
    func error(_ m: String) -> CanonicalError {
        CanonicalError(path: path, line: cursor > 0 ? records[cursor - 1].line : 1, message: m)
    }

    /// An error about the record that comes next.
    func errorHere(_ m: String) -> CanonicalError { CanonicalError(path: path, line: lineNumber, message: m) }

    /// Takes the next record, which must be of `kind` and have exactly `required` keys plus any
    /// of `optional`, in the writer's order.
    /// Takes the next record, which must be of `kind` and have every `required` key, any of the
    /// `optional` ones, no other, each once and in the writer's order: `order` when given, else
    /// the required keys then the optional ones. With the parser's checks (no whitespace, only
    /// the escapes the writer makes) this makes every accepted line byte-identical to what the
    /// writer would write for it, without writing it again.
    mutating func take(_ kind: String, required: [String], optional: [String] = [], order: [String]? = nil) throws(CanonicalError) -> Record {
        guard cursor < records.count else { throw errorHere("expected a `\(kind)` record, found the end of the file") }
        let r = records[cursor].record
        guard r.kind == kind else { throw errorHere("expected a `\(kind)` record, found `\(r.kind)`") }
        var position = -1
        for f in r.fields.dropFirst() {
            guard let at = Self.position(of: f.key, order: order, required: required, optional: optional) else {
                throw errorHere("`\(kind)` record has an unknown key \"\(f.key)\"")
            }
            guard at > position else {
                throw errorHere("`\(kind)` record is not in canonical form: key \"\(f.key)\" is repeated or out of order (\((order ?? (required + optional)).joined(separator: ", ")))")
            }
            position = at
            // Each key holds what the writer writes there: a list or a string (a list where a
            // string belongs, `{"k":"unit","v":["x"]}`, used to pass and crash the reader).
            switch f.value {
            case .null: throw errorHere("`\(kind)` record: \"\(f.key)\" is null; absent values are omitted")
            case .list where !Self.holdsList(kind: kind, key: f.key):
                throw errorHere("`\(kind)` record: \"\(f.key)\" is a list; it holds a string")
            case .string where Self.holdsList(kind: kind, key: f.key):
                throw errorHere("`\(kind)` record: \"\(f.key)\" is a string; it holds a list")
            default: break
            }
        }
        for k in required where !r.fields.contains(where: { $0.key == k }) { throw errorHere("`\(kind)` record lacks \"\(k)\"") }
        cursor += 1
        return r
    }

    /// Whether the writer writes a list under `key` in a `kind` record: every key of the `lines`
    /// trace, a table's `columns`, a row's `amounts`, a guarantee's `stages` and `marks`.
    static func holdsList(kind: String, key: String) -> Bool {
        kind == "lines" || key == "columns" || key == "amounts" || key == "stages" || key == "marks"
    }

    /// The index of `key` in the writer's order (`order`, else required then optional), without
    /// building the combined list (this runs for every key of every record).
    @inline(__always)
    static func position(of key: String, order: [String]?, required: [String], optional: [String]) -> Int? {
        if let order { return order.firstIndex(of: key) }
        if let i = required.firstIndex(of: key) { return i }
        if let j = optional.firstIndex(of: key) { return required.count + j }
        return nil
    }

    /// Takes the next record if it is of `kind`.
    mutating func takeIf(_ kind: String, required: [String], optional: [String] = [], order: [String]? = nil) throws(CanonicalError) -> Record? {
        peekKind() == kind ? try take(kind, required: required, optional: optional, order: order) : nil
    }

    func finish() throws(CanonicalError) {
        if cursor < records.count {
            throw errorHere("unexpected `\(records[cursor].record.kind)` record here (records come in the order docs/FORMAT.md gives)")
        }
    }
}

extension Record {
    /// Encodes records as canonical file bytes: one per line, LF, final newline.
    static func file(_ records: [Record]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(records.count * 96)
        for r in records { r.encoded(into: &out); out.append(0x0A) }
        return out
    }
}
