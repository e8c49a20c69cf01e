import BudgitModel

/// Where each document lives in a budgit repository (see docs/FORMAT.md, "Layout").
///
/// ```
/// 2022/闵行区某某学校/projects/某项目.jsonl     one project form
/// 2020/上海市闵行区教育学院/unit-budget/        one unit budget, one file per part:
///     budget.jsonl  narrative.jsonl  table-01.jsonl … table-08.jsonl  lines.jsonl
/// sources/2022/000_b8de17d7b47ea05c.txt         the raw source, as imported
/// sources/2022/000_b8de17d7b47ea05c.txt.diagnostics.jsonl
/// sources/2022/000_b8de17d7b47ea05c.txt.files   the canonical files this source produced
/// ```
public enum RepositoryLayout {
    public static let projectsFolder = "projects"
    public static let unitBudgetFolder = "unit-budget"
    public static let fileExtension = ".jsonl"

    public static func projectPath(year: Int, unit: String, name: String) -> String {
        "\(year)/\(component(unit))/\(projectsFolder)/\(component(name))\(fileExtension)"
    }

    /// The folder holding the parts of a unit budget (see ``UnitBudgetPart``).
    public static func unitBudgetPath(year: Int, unit: String) -> String {
        "\(year)/\(component(unit))/\(unitBudgetFolder)"
    }

    /// The folder of the unit budget a part's path belongs to (the path without its file name).
    public static func unitBudgetFolder(of partPath: String) -> Substring {
        partPath[..<(partPath.lastIndex(of: "/") ?? partPath.endIndex)]
    }

    public static func sourcePath(year: Int, file: String) -> String { "sources/\(year)/\(component(file))" }
    public static func diagnosticsPath(year: Int, file: String) -> String { sourcePath(year: year, file: file) + ".diagnostics.jsonl" }
    public static func manifestPath(year: Int, file: String) -> String { sourcePath(year: year, file: file) + ".files" }
    /// A reviewer's corrections of the facts read from a source (``CorrectionsFile``).
    public static func correctionsPath(year: Int, file: String) -> String { sourcePath(year: year, file: file) + ".corrections.jsonl" }

    /// What a stored path holds.
    public enum Entry: Equatable, Sendable {
        case project(year: Int, unitComponent: String)
        case unitBudget(year: Int, unitComponent: String, part: UnitBudgetPart)
        case other
    }

    public static func classify(_ path: String) -> Entry {
        var bytes = path
        if let entry = bytes.withUTF8({ classifyBytes($0) }) { return entry }
        return classifySlowly(path)
    }

    /// ``classify(_:)`` on the UTF-8 bytes, for paths of simple text (``SimpleText``: no scalar
    /// joins a neighbour into one character, so bytes split as characters do) and a year of plain
    /// digits; nil when it must be decided on characters.
    private static func classifyBytes(_ b: UnsafeBufferPointer<UInt8>) -> Entry? {
        guard SimpleText.isSimple(b) else { return nil }
        var slashes: (Int, Int, Int) = (0, 0, 0)
        var count = 0
        for (i, c) in b.enumerated() where c == UInt8(ascii: "/") {
            switch count {
            case 0: slashes.0 = i
            case 1: slashes.1 = i
            case 2: slashes.2 = i
            default: return .other
            }
            count += 1
        }
        guard count == 3 else { return .other }
        let (s0, s1, s2) = slashes
        // The year: 1 to 9 digits without a leading zero (anything else: the careful way).
        guard s0 >= 1, s0 <= 9, b[0] != UInt8(ascii: "0") || s0 == 1 else { return nil }
        var year = 0
        for i in 0..<s0 {
            guard b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else { return nil }
            year = year * 10 + Int(b[i] - UInt8(ascii: "0"))
        }
        func equals(_ from: Int, _ to: Int, _ text: StaticString) -> Bool {
            guard to - from == text.utf8CodeUnitCount else { return false }
            return (0..<(to - from)).allSatisfy { b[from + $0] == text.utf8Start[$0] }
        }
        let unit = { String(decoding: UnsafeBufferPointer(rebasing: b[(s0 + 1)..<s1]), as: UTF8.self) }
        if equals(s1 + 1, s2, "projects") {
            guard b.count - 6 > s2, equals(b.count - 6, b.count, ".jsonl") else { return .other }
            return .project(year: year, unitComponent: unit())
        }
        if equals(s1 + 1, s2, "unit-budget") {
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[(s2 + 1)...]), as: UTF8.self)
            guard let part = UnitBudgetPart(fileName: name[...]) else { return .other }
            return .unitBudget(year: year, unitComponent: unit(), part: part)
        }
        return .other
    }

    static func classifySlowly(_ path: String) -> Entry {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3, let y = Int(parts[0]), String(y) == parts[0] else { return .other }
        if parts.count == 4, parts[2] == projectsFolder, parts[3].hasSuffix(fileExtension) {
            return .project(year: y, unitComponent: String(parts[1]))
        }
        if parts.count == 4, parts[2] == unitBudgetFolder, let part = UnitBudgetPart(fileName: parts[3]) {
            return .unitBudget(year: y, unitComponent: String(parts[1]), part: part)
        }
        return .other
    }

    /// Makes a name safe as one path component: `/`, `\\`, `%`, control characters, a leading
    /// `.` and `:*?"<>|` are percent-escaped (`%` and two upper-case hex digits per UTF-8 byte).
    /// A name whose escaped form is longer than 150 UTF-8 bytes is cut at a character boundary to
    /// at most 140 bytes and given `%~` and the first 16 hex digits of the SHA-256 of the full
    /// name. The real name is kept inside the file.
    ///
    /// Since every `%` of an escaped name is followed by two hex digits, `%~` never occurs in the
    /// component of a short name: a long name's component cannot equal a short name's, nor a
    /// duplicate's (``duplicate(_:number:)``).
    public static func component(_ name: String) -> String {
        let trimmed = name.isEmpty ? "_" : name
        var pieces: [String] = []
        var length = 0
        var first = true
        for character in trimmed {
            var piece = ""
            for ch in character.unicodeScalars {
                let v = ch.value
                let unsafe = v < 0x20 || v == 0x7F || "/\\%:*?\"<>|".unicodeScalars.contains(ch) || (first && ch == ".")
                first = false
                if unsafe {
                    for b in String(ch).utf8 { piece += "%" + String(b, radix: 16, uppercase: true).leftPad(2) }
                } else {
                    piece.unicodeScalars.append(ch)
                }
            }
            length += piece.utf8.count
            pieces.append(piece)
        }
        if length <= 150 { return pieces.joined() }
        var cut = ""
        for piece in pieces {
            if cut.utf8.count + piece.utf8.count > 140 { break }
            cut += piece
        }
        return cut + longNameMarker + String(SHA256.hex(name.utf8).prefix(16))
    }

    /// What separates a long name's cut from its hash, and a name from a duplicate's number.
    public static let longNameMarker = "%~"

    /// The path of the `number`-th form (2, 3, …) with the same unit and name in one source:
    /// `NAME%~2.jsonl`. `%~` never occurs in a real name's component, so this path cannot be
    /// another project's.
    public static func duplicate(_ path: String, number: Int) -> String {
        guard path.hasSuffix(fileExtension) else { return path + longNameMarker + String(number) }
        return String(path.dropLast(fileExtension.count)) + longNameMarker + String(number) + fileExtension
    }

    /// 32-bit FNV-1a of the UTF-8 bytes, 8 hex digits (format 1's long names; kept for reference).
    static func fnv1a(_ s: String) -> String {
        var h: UInt32 = 0x811C9DC5
        for b in s.utf8 { h ^= UInt32(b); h = h &* 0x01000193 }
        return String(h, radix: 16).leftPad(8)
    }

    // MARK: Manifests

    /// Why `entry`, a line of the `.files` manifest of source `file` imported for `year`, is not
    /// a path an import of that source could have written; nil when it is one.
    ///
    /// budgit writes `YEAR/UNIT/projects/NAME.jsonl`, `YEAR/UNIT/unit-budget/PART.jsonl`, the
    /// source under `sources/YEAR/` and its diagnostics; each name an escaped component
    /// (``component(_:)``). Anything else (absolute, `..`, `.git`, another source's files,
    /// another folder) was not written by budgit, and must not be deleted by it.
    public static func manifestEntryProblem(_ entry: String, year: Int, file: String) -> String? {
        if entry.hasPrefix("/") { return "is an absolute path" }
        let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0 == ".." }) { return "goes up a folder with `..`" }
        if parts.contains(where: { $0.lowercased() == ".git" }) { return "is inside `.git`" }
        if parts.contains(where: { $0.isEmpty || $0 == "." }) { return "is not a canonical path (empty or `.` component)" }
        if parts[0] == "sources" {
            if entry == sourcePath(year: year, file: file) || entry == diagnosticsPath(year: year, file: file) { return nil }
            return "is not this source's copy or diagnostics (`\(sourcePath(year: year, file: file))`)"
        }
        guard parts.count == 4, isYear(parts[0]) else {
            return "is outside the document folders (`YEAR/UNIT/projects/NAME.jsonl`, `YEAR/UNIT/unit-budget/PART.jsonl`)"
        }
        guard isCanonicalComponent(parts[1]) else { return "has a unit folder `\(parts[1])` that is not a canonical file name" }
        if parts[2] == projectsFolder, parts[3].hasSuffix(fileExtension),
           isCanonicalComponent(parts[3].dropLast(fileExtension.count)) { return nil }
        if parts[2] == unitBudgetFolder, UnitBudgetPart(fileName: parts[3]) != nil { return nil }
        return "is not a canonical project or unit-budget file name"
    }

    /// A year folder's name: decimal digits without a leading zero.
    static func isYear(_ s: Substring) -> Bool {
        guard let f = s.utf8.first, f != UInt8(ascii: "0"), s.utf8.count <= 9 else { return false }
        return s.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Whether `s` is something ``component(_:)`` (or ``duplicate(_:number:)``) can return:
    /// no leading `.`, nothing that is escaped, every `%` followed by two upper-case hex digits
    /// or by `~` and lower-case hex digits.
    public static func isCanonicalComponent(_ s: Substring) -> Bool {
        let b = Array(s.utf8)
        guard let f = b.first, f != UInt8(ascii: "."), b.count <= 200 else { return false }
        func upperHex(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 70) }
        func lowerHex(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 97 && c <= 102) }
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x20 || c == 0x7F || Array("/\\:*?\"<>|".utf8).contains(c) { return false }
            if c == UInt8(ascii: "%") {
                if i + 2 < b.count, upperHex(b[i + 1]), upperHex(b[i + 2]) { i += 3; continue }
                guard i + 2 < b.count, b[i + 1] == UInt8(ascii: "~"), lowerHex(b[i + 2]) else { return false }
                i += 2
                while i < b.count, lowerHex(b[i]) { i += 1 }
                continue
            }
            i += 1
        }
        return true
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
