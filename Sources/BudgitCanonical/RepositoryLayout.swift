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

    /// Makes a name safe as one path component: `/`, `\`, `%`, control characters, a leading
    /// `.` and `:*?"<>|` are percent-escaped; names longer than 150 UTF-8 bytes are cut at a
    /// character boundary and given a `~` and 8 hex digits of a stable hash of the full name.
    /// The real name is kept inside the file.
    public static func component(_ name: String) -> String {
        var out = ""
        let trimmed = name.isEmpty ? "_" : name
        for (i, ch) in trimmed.unicodeScalars.enumerated() {
            let v = ch.value
            let unsafe = v < 0x20 || v == 0x7F || "/\\%:*?\"<>|".unicodeScalars.contains(ch) || (i == 0 && ch == ".")
            if unsafe {
                for b in String(ch).utf8 { out += "%" + String(b, radix: 16, uppercase: true).leftPad(2) }
            } else {
                out.unicodeScalars.append(ch)
            }
        }
        if out.utf8.count > 150 {
            var cut = ""
            for ch in out where cut.utf8.count + String(ch).utf8.count <= 140 { cut.append(ch) }
            out = cut + "~" + fnv1a(name)
        }
        return out
    }

    /// 32-bit FNV-1a of the UTF-8 bytes, 8 hex digits: stable across runs and machines.
    static func fnv1a(_ s: String) -> String {
        var h: UInt32 = 0x811C9DC5
        for b in s.utf8 { h ^= UInt32(b); h = h &* 0x01000193 }
        return String(h, radix: 16).leftPad(8)
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
