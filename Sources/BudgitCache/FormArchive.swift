import BudgitModel
import BudgitCanonical

/// What one unit folder (`2022/UNIT/`) of a commit holds, parsed: the entry of the parse cache.
public struct ParsedFolder: Sendable {
    /// `2022/UNIT/`.
    public var folder: String
    /// The canonical files read for it (project files and unit-budget parts).
    public var files: Int
    public var projects: [(path: String, form: ProjectForm)]
    public var unitBudgets: [(path: String, budget: UnitBudget)]

    public init(folder: String, files: Int, projects: [(path: String, form: ProjectForm)],
                unitBudgets: [(path: String, budget: UnitBudget)]) {
        self.folder = folder; self.files = files; self.projects = projects; self.unitBudgets = unitBudgets
    }
}

/// The binary form of a ``ParsedFolder``: every field of the model, in declaration order, each
/// distinct string written once (see ``ArchiveWriter``), framed so that an entry that is not
/// exactly what was written for its tree is never decoded.
///
/// An entry's bytes, in order:
///
/// | part | bytes |
/// |---|---|
/// | magic | `budgit parsed\n` |
/// | version | one byte, ``version`` |
/// | tree id | its length (LEB128), then its hex digits: the git tree the entry encodes |
/// | pool | the count of distinct strings, each one's length, then their UTF-8 bytes |
/// | body | its length, then the folder's path, file count, forms and unit budgets |
/// | checksum | XXH64 (``EntryChecksum``) of all the bytes before it, 8 bytes little-endian |
///
/// Derived data only: it is never the record of anything, and anything it cannot read is read
/// again from git. **Bump ``version`` whenever the model, the canonical reader or this encoding
/// changes**: entries of another version are not read (they live in another folder, see
/// ``ParseCache``). The tests round-trip every fixture and a form with every field set, so a
/// field added to the model but not here fails them.
public enum FormArchive {
    /// 2: the tree id and the checksum (1 had neither: a damaged entry could decode to wrong
    /// documents, and the entry of one revision of a folder could be served for another).
    public static let version = 2
    static let magic: [UInt8] = Array("budgit parsed\n".utf8)
    /// The checksum's size, at the end of the entry.
    static let checksumSize = 8
    /// The longest tree id read back (SHA-256 ids have 64 hex digits).
    static let maximumTreeLength = 64

    /// The entry for `entry`, the folder whose git tree id is `tree` (40 or 64 hex digits).
    public static func encode(_ entry: ParsedFolder, tree: String) -> [UInt8] {
        Array(encodedParts(entry, tree: tree).joined())
    }

    /// `bytes` with the checksum at their end recomputed: damage that the checksum would catch
    /// reaches the decoder itself (for the fuzzer, which tests that decoding is total).
    public static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= checksumSize else { return bytes }
        let content = Array(bytes.dropLast(checksumSize))
        let sum = content.withUnsafeBytes { EntryChecksum.of($0) }
        return content + withUnsafeBytes(of: sum.littleEndian) { Array($0) }
    }

    /// ``encode(_:tree:)`` as consecutive parts, to be written one after the other.
    public static func encodedParts(_ entry: ParsedFolder, tree: String) -> [[UInt8]] {
        var w = ArchiveWriter()
        w.string(entry.folder)
        w.count(entry.files)
        w.count(entry.projects.count)
        // By index: `for (path, form) in` copied every form, retaining each of its strings.
        for k in entry.projects.indices { w.string(entry.projects[k].path); write(entry.projects[k].form, to: &w) }
        w.count(entry.unitBudgets.count)
        for (path, budget) in entry.unitBudgets { w.string(path); write(budget, to: &w) }
        var header = magic + [UInt8(version)]
        ArchiveWriter.append(UInt64(tree.utf8.count), to: &header)
        header += tree.utf8
        var parts = w.finish(header: header)
        var sum = EntryChecksum()
        for part in parts { sum.update(part) }
        parts.append(withUnsafeBytes(of: sum.finish().littleEndian) { Array($0) })
        return parts
    }

    /// Reads an entry back, or says why it cannot: not this version's, checksum mismatch (damaged
    /// or truncated), written for another tree or folder, or not decodable. Total on arbitrary
    /// bytes: every read is bounds-checked and every count checked against the bytes left, so
    /// damage is an ``ArchiveError``, never a crash or a value read from outside `bytes`.
    /// - Parameters:
    ///   - folder: the folder's path (`2022/UNIT/`), which the entry must have been written for.
    ///   - tree: the folder's git tree id, which the entry must have been written for.
    ///   - strings: shares the strings made with other entries (two years of a unit).
    /// - Throws: ``ArchiveError``; the caller then reads the folder from git and rewrites the entry.
    public static func decode(_ bytes: [UInt8], folder: String, tree: String,
                              strings: inout StringTable) throws(ArchiveError) -> ParsedFolder {
        try bytes.withUnsafeBufferPointer { (whole) throws(ArchiveError) -> ParsedFolder in
            let buffer = try checked(whole)
            var r = ArchiveReader(buffer, at: magic.count + 1)
            let treeLength = try r.count()
            guard treeLength <= maximumTreeLength else { throw ArchiveError("tree id too long") }
            let stored = try r.raw(treeLength)
            guard stored.elementsEqual(tree.utf8) else {
                throw ArchiveError("written for tree \(String(decoding: stored, as: UTF8.self)), not \(tree)")
            }
            try r.readPool(strings: &strings)
            let length = try r.count()
            guard length == buffer.count - r.index else { throw ArchiveError("body length \(length) does not match") }
            let storedFolder = try r.string()
            guard storedFolder == folder else { throw ArchiveError("written for \(storedFolder), not \(folder)") }
            let files = try r.number()
            var projects: [(path: String, form: ProjectForm)] = []
            let projectCount = try r.count(each: minimumProjectSize)
            projects.reserveCapacity(projectCount)
            for _ in 0..<projectCount { projects.append((try r.string(), try readForm(&r))) }
            let budgets = try r.list(each: minimumBudgetSize) { (r: inout ArchiveReader) throws(ArchiveError) in
                (try r.string(), try readBudget(&r))
            }
            guard r.atEnd else { throw ArchiveError("bytes after the end") }
            return ParsedFolder(folder: folder, files: files, projects: projects, unitBudgets: budgets)
        }
    }

    /// The entry without its checksum, once the magic, the version and the checksum are right.
    static func checked(_ bytes: UnsafeBufferPointer<UInt8>) throws(ArchiveError) -> UnsafeBufferPointer<UInt8> {
        guard bytes.count >= magic.count + 1, bytes.prefix(magic.count).elementsEqual(magic),
              bytes[magic.count] == UInt8(version) else {
            throw ArchiveError("not a version \(version) entry")
        }
        guard bytes.count >= magic.count + 1 + checksumSize else { throw ArchiveError("truncated") }
        let end = bytes.count - checksumSize
        var stored: UInt64 = 0
        for k in 0..<checksumSize { stored |= UInt64(bytes[end + k]) << (8 * UInt64(k)) }
        let content = UnsafeBufferPointer(rebasing: bytes[..<end])
        guard EntryChecksum.of(UnsafeRawBufferPointer(content)) == stored else {
            throw ArchiveError("checksum mismatch (damaged or truncated)")
        }
        return content
    }

    /// The fewest bytes a project form takes (with its path): one for each string, count, flag
    /// and number, three for its source span. Counts are checked against these, so that a damaged
    /// count can neither pass nor reserve more items than the bytes left could hold.
    static let minimumProjectSize = 21
    /// The fewest bytes of a unit budget (with its path).
    static let minimumBudgetSize = 9

    // MARK: Project forms

    static func write(_ p: ProjectForm, to w: inout ArchiveWriter) {
        w.int(p.year); w.string(p.name); w.string(p.unit); w.string(p.department)
        w.strings(p.categories)
        write(p.attributes, to: &w)
        w.string(p.startDate); w.string(p.endDate)
        w.count(p.funds.count)
        for f in p.funds {
            w.byte(UInt8(FundKind.allCases.firstIndex(of: f.kind)!))
            w.int64(f.amount.fen); write(f.sourceUnit, to: &w); w.int(f.line)
        }
        w.string(p.goalPeriod); w.string(p.overallGoal); w.string(p.annualGoal)
        w.count(p.indicators.count)
        for k in p.indicators.indices {  // fields by index, without copying each indicator
            w.string(p.indicators[k].level1); w.string(p.indicators[k].level2); w.string(p.indicators[k].level3)
            w.string(p.indicators[k].target.text)
            w.byte(p.indicators[k].target.comparator.map { UInt8(Target.Comparator.allCases.firstIndex(of: $0)! + 1) } ?? 0)
            w.string(p.indicators[k].target.number); w.string(p.indicators[k].target.unit)
            w.string(p.indicators[k].note); w.int(p.indicators[k].line)
        }
        w.count(p.breakdown.count)
        for c in p.breakdown {
            w.string(c.name); w.string(c.content); w.string(c.detail)
            write(c.amount, to: &w)
            w.string(c.unitPrice); w.string(c.priceBasis); w.string(c.quantity); w.string(c.quantityBasis)
            w.string(c.note); w.int(c.line)
        }
        w.count(p.guarantees.count)
        for g in p.guarantees {
            w.string(g.category); w.string(g.document); w.string(g.measures)
            w.count(g.stages.count)
            for s in g.stages { w.string(s.stage); w.string(s.mark) }
            w.int(g.line)
        }
        w.count(p.contacts.count)
        for c in p.contacts { w.string(c.role); w.string(c.name); w.string(c.phone) }
        write(p.details, to: &w)
        write(p.source, to: &w)
    }

    static func readForm(_ r: inout ArchiveReader) throws(ArchiveError) -> ProjectForm {
        // Each field into a local and one initialiser call: building the form field by field, or
        // through generic list helpers, copied every indicator and form once more.
        let year = try r.int(), name = try r.string(), unit = try r.string(), department = try r.optionalString()
        let categories = try r.strings()
        let attributes = try readLabeled(&r)
        let startDate = try r.optionalString(), endDate = try r.optionalString()
        var funds: [FundLine] = []
        let fundCount = try r.count(each: 4)
        funds.reserveCapacity(fundCount)
        for _ in 0..<fundCount {
            let k = Int(try r.byte())
            guard k < FundKind.allCases.count else { throw ArchiveError("bad fund kind") }
            funds.append(FundLine(kind: FundKind.allCases[k], amount: try readAmount(&r),
                                  sourceUnit: try readSourceUnit(&r), line: try r.int()))
        }
        let goalPeriod = try r.optionalString(), overallGoal = try r.optionalString(), annualGoal = try r.optionalString()
        var indicators: [Indicator] = []
        let indicatorCount = try r.count(each: 9)
        indicators.reserveCapacity(indicatorCount)
        for _ in 0..<indicatorCount {
            let l1 = try r.string(), l2 = try r.string(), l3 = try r.string()
            let text = try r.string()
            let c = Int(try r.byte())
            guard c <= Target.Comparator.allCases.count else { throw ArchiveError("bad comparator") }
            let number = try r.optionalString(), targetUnit = try r.optionalString()
            let note = try r.optionalString(), line = try r.int()
            // No `try` among the arguments: with one, the new value was copied into the array.
            indicators.append(Indicator(
                level1: l1, level2: l2, level3: l3,
                target: Target(text: text, comparator: c == 0 ? nil : Target.Comparator.allCases[c - 1], number: number, unit: targetUnit),
                note: note, line: line))
        }
        var breakdown: [CostItem] = []
        let costCount = try r.count(each: 10)
        for _ in 0..<costCount {
            breakdown.append(CostItem(
                name: try r.string(), content: try r.string(), detail: try r.string(), amount: try readMoney(&r),
                unitPrice: try r.optionalString(), priceBasis: try r.optionalString(),
                quantity: try r.optionalString(), quantityBasis: try r.optionalString(),
                note: try r.optionalString(), line: try r.int()))
        }
        var guarantees: [Guarantee] = []
        let guaranteeCount = try r.count(each: 5)
        for _ in 0..<guaranteeCount {
            let category = try r.string(), document = try r.string(), measures = try r.string()
            var stages: [StageMark] = []
            let stageCount = try r.count(each: 2)
            for _ in 0..<stageCount { stages.append(StageMark(stage: try r.string(), mark: try r.string())) }
            guarantees.append(Guarantee(category: category, document: document, measures: measures, stages: stages, line: try r.int()))
        }
        var contacts: [Contact] = []
        let contactCount = try r.count(each: 3)
        for _ in 0..<contactCount { contacts.append(Contact(role: try r.string(), name: try r.string(), phone: try r.optionalString())) }
        let details = try readLabeled(&r)
        let source = try readSpan(&r)
        return ProjectForm(year: year, name: name, unit: unit, department: department, categories: categories,
                           attributes: attributes, startDate: startDate, endDate: endDate, funds: funds,
                           goalPeriod: goalPeriod, overallGoal: overallGoal, annualGoal: annualGoal,
                           indicators: indicators, breakdown: breakdown, guarantees: guarantees,
                           contacts: contacts, details: details, source: source)
    }

    // MARK: Unit budgets

    static func write(_ b: UnitBudget, to w: inout ArchiveWriter) {
        w.int(b.year); w.string(b.unit); w.string(b.title)
        w.count(b.sections.count)
        for s in b.sections { w.string(s.heading); w.strings(s.paragraphs); w.int(s.line) }
        w.count(b.tables.count)
        for t in b.tables {
            w.int(t.number); w.string(t.title); write(t.sourceUnit, to: &w)
            w.strings(t.columns)
            w.count(t.rows.count)
            for row in t.rows {
                if let code = row.code { w.bool(true); w.strings(code.parts) } else { w.bool(false) }
                w.string(row.name)
                w.count(row.amounts.count)
                for a in row.amounts { write(a, to: &w) }
                w.string(row.side); w.int(row.line)
            }
            w.string(t.remark); w.int(t.line)
        }
        write(b.source, to: &w)
    }

    static func readBudget(_ r: inout ArchiveReader) throws(ArchiveError) -> UnitBudget {
        var b = UnitBudget(year: try r.int(), unit: try r.string(), title: try r.string(),
                           source: SourceSpan(file: "", firstLine: 0, lastLine: 0))
        b.sections = try r.list(each: 3) { (r: inout ArchiveReader) throws(ArchiveError) in
            NarrativeSection(heading: try r.string(), paragraphs: try r.strings(), line: try r.int())
        }
        b.tables = try r.list(each: 7) { (r: inout ArchiveReader) throws(ArchiveError) in
            let number = try r.int(), title = try r.string(), unit = try readSourceUnit(&r)
            let columns = try r.strings()
            let rows = try r.list(each: 5) { (r: inout ArchiveReader) throws(ArchiveError) in
                let code = try r.bool() ? ClassificationCode(parts: try r.strings()) : nil
                return BudgetRow(code: code, name: try r.string(),
                                 amounts: try r.list { (r: inout ArchiveReader) throws(ArchiveError) in try readMoney(&r) },
                                 side: try r.optionalString(), line: try r.int())
            }
            return BudgetTable(number: number, title: title, sourceUnit: unit, columns: columns, rows: rows,
                               remark: try r.optionalString(), line: try r.int())
        }
        b.source = try readSpan(&r)
        return b
    }

    // MARK: Shared parts

    static func write(_ list: [LabeledText], to w: inout ArchiveWriter) {
        w.count(list.count)
        for t in list { w.string(t.label); w.string(t.text) }
    }

    static func readLabeled(_ r: inout ArchiveReader) throws(ArchiveError) -> [LabeledText] {
        var out: [LabeledText] = []
        let n = try r.count(each: 2)
        for _ in 0..<n { out.append(LabeledText(label: try r.string(), text: try r.string())) }
        return out
    }

    static func write(_ m: Money?, to w: inout ArchiveWriter) {
        if let m { w.bool(true); w.int64(m.fen) } else { w.bool(false) }
    }

    static func readMoney(_ r: inout ArchiveReader) throws(ArchiveError) -> Money? {
        try r.bool() ? try readAmount(&r) : nil
    }

    /// An amount, refused beyond ``Money/limit`` (as the canonical reader refuses it).
    static func readAmount(_ r: inout ArchiveReader) throws(ArchiveError) -> Money {
        guard let m = Money(checkedFen: try r.int64()) else { throw ArchiveError("amount out of range") }
        return m
    }

    static func write(_ u: Money.SourceUnit, to w: inout ArchiveWriter) { w.byte(u == .yuan ? 0 : 1) }

    static func readSourceUnit(_ r: inout ArchiveReader) throws(ArchiveError) -> Money.SourceUnit {
        switch try r.byte() {
        case 0: return .yuan
        case 1: return .wanYuan
        default: throw ArchiveError("bad source unit")
        }
    }

    static func write(_ s: SourceSpan, to w: inout ArchiveWriter) { w.string(s.file); w.int(s.firstLine); w.int(s.lastLine) }

    static func readSpan(_ r: inout ArchiveReader) throws(ArchiveError) -> SourceSpan {
        SourceSpan(file: try r.string(), firstLine: try r.int(), lastLine: try r.int())
    }
}
