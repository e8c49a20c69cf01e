import BudgitModel

/// One file of a stored unit budget.
///
/// A unit budget's canonical stream (``UnitBudgetFile/write(_:)``) is stored cut at record
/// boundaries, one file per part, in the folder `YEAR/UNIT/unit-budget/`. Git's trees then index
/// the tables: a revision that changes a few budget lines changes only the files of their tables,
/// and a diff reads only those (as Dolt's prolly trees index rows). Source line numbers, which
/// shift for every line inserted above them, live in a part of their own so that they do not make
/// every table "change". See docs/FORMAT.md, "Unit budget".
public enum UnitBudgetPart: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `budget.jsonl`: the `budgit` header and the `year`, `unit`, `title`, `source` records.
    case budget
    /// `narrative.jsonl`: the `section` and `para` records; absent when there are none.
    case narrative
    /// `table-NN.jsonl`: the NN-th table in printed order (from 1, two digits at least) and its rows.
    case table(Int)
    /// `lines.jsonl`: the `lines` record (provenance: source line numbers).
    case lines

    public var fileName: String {
        switch self {
        case .budget: return "budget.jsonl"
        case .narrative: return "narrative.jsonl"
        case .table(let n): return "table-" + (n < 10 ? "0" : "") + String(n) + ".jsonl"
        case .lines: return "lines.jsonl"
        }
    }

    /// The part a file name names, or nil; only the canonical spelling (`table-07.jsonl`, not
    /// `table-7.jsonl`) is accepted, so one part has one name.
    public init?(fileName: Substring) {
        switch fileName {
        case "budget.jsonl": self = .budget
        case "narrative.jsonl": self = .narrative
        case "lines.jsonl": self = .lines
        default:
            guard fileName.hasPrefix("table-"), fileName.hasSuffix(".jsonl") else { return nil }
            let digits = fileName.dropFirst(6).dropLast(6)
            guard digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits), n > 0,
                  Self.table(n).fileName == fileName else { return nil }
            self = .table(n)
        }
    }

    public var description: String { fileName }

    /// Stream order: budget, narrative, tables by number, lines.
    private var rank: (Int, Int) {
        switch self {
        case .budget: return (0, 0)
        case .narrative: return (1, 0)
        case .table(let n): return (2, n)
        case .lines: return (3, 0)
        }
    }

    public static func < (a: UnitBudgetPart, b: UnitBudgetPart) -> Bool { a.rank < b.rank }
}

extension UnitBudgetFile {
    /// The stored files of `b`: its canonical stream cut into parts, in stream order.
    public static func writeParts(_ b: UnitBudget) -> [(part: UnitBudgetPart, bytes: [UInt8])] {
        let stream = write(b)
        return cut(stream).map { ($0.part, Array(stream[$0.range])) }
    }

    /// Reads a unit budget from its parts (in any order).
    ///
    /// - Parameter partial: accept a subset of the tables and no `lines` part (source lines are
    ///   then 0), for a diff that reads only the tables that changed; `budget.jsonl` is always
    ///   required. Without it, the tables must be numbered 1…n without a gap and `lines.jsonl`
    ///   must be there.
    /// - Parameter folder: the folder's path, for error messages (which name the part and its line).
    public static func read(parts: [(part: UnitBudgetPart, bytes: [UInt8])], folder: String, partial: Bool = false) throws(CanonicalError) -> UnitBudget {
        let (stream, offsets) = try joined(parts, folder: folder, partial: partial)
        do {
            return try read(stream, path: folder, partial: partial)
        } catch {
            // Name the part and the line within it.
            var e = error
            // The stream line each part starts at, counted only now that it is needed.
            var starts: [(line: Int, part: UnitBudgetPart)] = []
            var line = 1, at = 0
            for o in offsets {
                line += stream[at..<o.offset].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                at = o.offset
                starts.append((line, o.part))
            }
            if let s = starts.last(where: { $0.line <= error.line }) {
                e.path = folder + "/" + s.part.fileName
                e.line = error.line - s.line + 1
            }
            throw e
        }
    }

    /// ``differingRows(old:new:path:partial:)`` on two versions given as parts: only the parts
    /// that changed, plus `budget.jsonl`.
    public static func differingRows(oldParts: [(part: UnitBudgetPart, bytes: [UInt8])], newParts: [(part: UnitBudgetPart, bytes: [UInt8])], folder: String) throws(CanonicalError) -> (old: UnitBudget, new: UnitBudget) {
        try differingRows(old: joined(oldParts, folder: folder, partial: true).stream,
                          new: joined(newParts, folder: folder, partial: true).stream, path: folder, partial: true)
    }

    /// The parts checked and joined into one stream, with the byte offset each part starts at.
    private static func joined(_ parts: [(part: UnitBudgetPart, bytes: [UInt8])], folder: String, partial: Bool) throws(CanonicalError) -> (stream: [UInt8], offsets: [(offset: Int, part: UnitBudgetPart)]) {
        let sorted = parts.sorted { $0.part < $1.part }
        func fail(_ m: String) -> CanonicalError { CanonicalError(path: folder, line: 0, message: m) }
        guard sorted.first?.part == .budget else { throw fail("the unit budget has no \(UnitBudgetPart.budget.fileName)") }
        var stream: [UInt8] = []
        var offsets: [(offset: Int, part: UnitBudgetPart)] = []
        var tables = 0
        for (i, p) in sorted.enumerated() {
            if i > 0 && p.part == sorted[i - 1].part { throw fail("\(p.part.fileName) is given twice") }
            if case .table(let n) = p.part {
                tables += 1
                if !partial && n != tables { throw fail("\(UnitBudgetPart.table(tables).fileName) is missing (tables are numbered 1, 2, … without a gap)") }
            }
            // Each part must hold exactly the records of its kind, as `cut` finds them.
            let cut = Self.cut(p.bytes)
            let expected: UnitBudgetPart = if case .table = p.part { .table(1) } else { p.part }
            guard cut.count == 1, cut[0].part == expected, cut[0].range.upperBound == p.bytes.count else {
                let what = p.bytes.isEmpty ? "is empty" : "holds records that belong to another part (or lacks its first record)"
                throw CanonicalError(path: folder + "/" + p.part.fileName, line: 1, message: "\(what); `budgit import` rewrites it")
            }
            offsets.append((stream.count, p.part))
            stream += p.bytes
        }
        if !partial && sorted.last?.part != .lines { throw fail("the unit budget has no \(UnitBudgetPart.lines.fileName)") }
        return (stream, offsets)
    }

    private static let sectionPrefix = Array(#"{"k":"section","#.utf8)
    private static let tableStart = Array(#"{"k":"table","#.utf8)
    private static let linesPrefix = Array(#"{"k":"lines","#.utf8)

    /// Cuts a stream (or one part) at the records that open a part: the first `section`, each
    /// `table`, the `lines` record. Tables are numbered from 1 in the order met.
    static func cut(_ bytes: [UInt8]) -> [(part: UnitBudgetPart, range: Range<Int>)] {
        var out: [(UnitBudgetPart, Range<Int>)] = []
        var current: UnitBudgetPart = .budget, start = 0, tables = 0
        func close(at end: Int) { if end > start { out.append((current, start..<end)) }; start = end }
        bytes.withUnsafeBufferPointer { buffer in
            // Whether the bytes from `at` start with `prefix` (a prefix holds no LF, so it cannot
            // match across lines).
            func starts(at: Int, with prefix: [UInt8]) -> Bool {
                guard buffer.count - at >= prefix.count else { return false }
                for k in prefix.indices where buffer[at + k] != prefix[k] { return false }
                return true
            }
            var lineStart = 0
            for i in 0..<buffer.count where buffer[i] == 0x0A || i == buffer.count - 1 {
                var next: UnitBudgetPart?
                if buffer[lineStart] == UInt8(ascii: "{") {
                    if starts(at: lineStart, with: sectionPrefix) {
                        if current == .budget { next = .narrative }
                    } else if starts(at: lineStart, with: tableStart) {
                        tables += 1; next = .table(tables)
                    } else if starts(at: lineStart, with: linesPrefix) {
                        next = .lines
                    }
                }
                if let next { close(at: lineStart); current = next }
                lineStart = i + 1
            }
        }
        close(at: bytes.count)
        return out
    }
}
