import Foundation
import Testing
import BudgitModel
import BudgitCanonical
import BudgitImport
import BudgitTestSupport
@testable import BudgitCache

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures").path

/// The tree id the tests' entries are written for.
let testTree = "5a" + String(repeating: "0123456789", count: 3) + "abcdef01"

/// Encodes for ``testTree``.
func encode(_ entry: ParsedFolder) -> [UInt8] { FormArchive.encode(entry, tree: testTree) }

/// Decodes with a fresh string table, for ``testTree`` unless told.
func decode(_ bytes: [UInt8], folder: String, tree: String = testTree) throws(ArchiveError) -> ParsedFolder {
    var strings = StringTable()
    return try FormArchive.decode(bytes, folder: folder, tree: tree, strings: &strings)
}

func expectSame(_ x: ParsedFolder, _ y: ParsedFolder, _ comment: Comment? = nil) {
    #expect(x.folder == y.folder, comment)
    #expect(x.files == y.files, comment)
    #expect(x.projects.map(\.path) == y.projects.map(\.path), comment)
    #expect(x.projects.map(\.form) == y.projects.map(\.form), comment)
    #expect(x.unitBudgets.map(\.path) == y.unitBudgets.map(\.path), comment)
    #expect(x.unitBudgets.map(\.budget) == y.unitBudgets.map(\.budget), comment)
}

/// A form with every field set, every fund kind and comparator, and extreme numbers: a field of
/// the model that the archive forgot fails this test.
///
/// `amounts` are the fund lines' fen: the pinned encoding (golden `every-field-v*.bin`) was
/// recorded with `Int64.max` and `.min`, which the writer still writes but the reader now refuses
/// (beyond ``Money/limit``); round trips use the limit itself.
func everyField(amounts: [Int64] = [Money.limit.fen, -Money.limit.fen, 0, -1, 1]) -> (ProjectForm, UnitBudget) {
    var p = ProjectForm(year: 2023, name: "全字段项目", unit: "闵行区某单位", department: "闵行区教育局",
                        categories: ["专项资金", "一次性项目"],
                        attributes: [LabeledText(label: "项目属性", text: "延续项目"), LabeledText(label: "", text: "")],
                        startDate: "2023-01-01", endDate: "2023-12-31",
                        funds: FundKind.allCases.enumerated().map { i, k in
                            FundLine(kind: k, amount: Money(fen: amounts[i % amounts.count]),
                                     sourceUnit: i % 2 == 0 ? .yuan : .wanYuan, line: i) },
                        goalPeriod: "(2023 年-2023年)", overallGoal: "总体目标。", annualGoal: "年度目标；含\"引号\"与\n换行",
                        source: SourceSpan(file: "unit-0001.txt", firstLine: -3, lastLine: Int.max))
    p.indicators = Target.Comparator.allCases.map { c in
        Indicator(level1: "产出目标", level2: "数量目标", level3: "指标\(c.rawValue)",
                  target: Target(text: "\(c.rawValue)95%", comparator: c, number: "95", unit: "%"), note: "备注", line: 7)
    } + [Indicator(level1: "效果目标", level2: "", level3: "满意度", target: Target(text: "较好"), note: nil, line: Int.min)]
    p.breakdown = [
        CostItem(name: "设备", content: "购置", detail: "明细", amount: Money(fen: 12_345), unitPrice: "1.5",
                 priceBasis: "市场价", quantity: "3", quantityBasis: "需求", note: "说明", line: 9),
        CostItem(name: "", content: "", detail: "", amount: nil, line: 0),
    ]
    p.guarantees = [Guarantee(category: "制度", document: "文件", measures: "措施",
                              stages: [StageMark(stage: "立项", mark: "√"), StageMark(stage: "实施", mark: "")], line: 11)]
    p.contacts = [Contact(role: "负责人", name: "王某", phone: "021-00000000"), Contact(role: "经办人", name: "李某")]
    p.details = [LabeledText(label: "实施方案", text: "分三步。")]
    let row = BudgetRow(code: ClassificationCode(parts: ["205", "08", "01"]), name: "学前教育",
                        amounts: [Money(fen: 100), nil, Money(fen: -5)], side: "expenditure", line: 3)
    let b = UnitBudget(year: 2023, unit: "闵行区某单位", title: "闵行区2023年区级单位预算",
                       sections: [NarrativeSection(heading: "一、职能", paragraphs: ["第一段", ""], line: 1)],
                       tables: [BudgetTable(number: 1, title: "收支总表", sourceUnit: .wanYuan, columns: ["合计", "基本支出"],
                                            rows: [row, BudgetRow(code: nil, name: "合计", amounts: [], line: 4)],
                                            remark: "本单位无此项", line: 2),
                                BudgetTable(number: 8, title: "", sourceUnit: .yuan, columns: [], rows: [], line: 0)],
                       source: SourceSpan(file: "u.txt", firstLine: 1, lastLine: 2))
    return (p, b)
}

@Suite struct FormArchiveTests {
    /// The archive refuses amounts beyond Money.limit, as the canonical reader does (a damaged
    /// entry must not bring an amount no reader accepts).
    @Test func amountsBeyondTheLimitAreRefused() throws {
        for fen in [Int64.max, Int64.min, Money.limit.fen + 1] {
            var (p, b) = everyField()
            p.funds[0].amount = Money(fen: fen)
            let entry = ParsedFolder(folder: "2023/闵行区某单位/", files: 12,
                                     projects: [("2023/闵行区某单位/projects/全字段项目.jsonl", p)],
                                     unitBudgets: [("2023/闵行区某单位/unit-budget", b)])
            #expect(throws: ArchiveError.self) { try decode(encode(entry), folder: entry.folder) }
            b.tables[0].rows[0].amounts[0] = Money(fen: fen)
            let budgetOnly = ParsedFolder(folder: "2023/闵行区某单位/", files: 1, projects: [],
                                          unitBudgets: [("2023/闵行区某单位/unit-budget", b)])
            #expect(throws: ArchiveError.self) { try decode(encode(budgetOnly), folder: entry.folder) }
        }
    }

    @Test func everyFieldRoundTrips() throws {
        let (p, b) = everyField()
        let entry = ParsedFolder(folder: "2023/闵行区某单位/", files: 12,
                                 projects: [("2023/闵行区某单位/projects/全字段项目.jsonl", p)],
                                 unitBudgets: [("2023/闵行区某单位/unit-budget", b)])
        expectSame(try decode(encode(entry), folder: entry.folder), entry)
    }

    /// The encoding of a fixed entry, pinned: a change to the model, the reader or the encoding
    /// that changes these bytes must come with a new ``FormArchive/version`` (entries written by an
    /// older budgit are then not read), after which the golden file is re-recorded
    /// (`BUDGIT_RECORD=1`) under the new version's name.
    @Test func encodingIsPinnedToItsVersion() throws {
        let (p, b) = everyField(amounts: [Int64.max, Int64.min, 0, -1, 1])
        let entry = ParsedFolder(folder: "2023/闵行区某单位/", files: 12,
                                 projects: [("2023/闵行区某单位/projects/全字段项目.jsonl", p)],
                                 unitBudgets: [("2023/闵行区某单位/unit-budget", b)])
        let bytes = encode(entry)
        let url = URL(fileURLWithPath: fixtures + "/golden/cache/every-field-v\(FormArchive.version).bin")
        if ProcessInfo.processInfo.environment["BUDGIT_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
            return
        }
        let golden = try #require(FileManager.default.contents(atPath: url.path),
                                  "no golden encoding for version \(FormArchive.version): record it with BUDGIT_RECORD=1")
        #expect([UInt8](golden) == bytes,
                "the encoding changed: bump FormArchive.version, then re-record with BUDGIT_RECORD=1")
    }

    @Test(arguments: 0..<60)
    func generatedFormsRoundTrip(seed: Int) throws {
        var g = ModelGenerator(seed: UInt64(seed) &+ 40_000)
        let projects = (0..<8).map { i in ("2022/u/projects/\(i).jsonl", g.project()) }
        let budgets = (0..<2).map { i in ("2022/u\(i)/unit-budget", g.unitBudget()) }
        let entry = ParsedFolder(folder: "2022/u/", files: 10, projects: projects, unitBudgets: budgets)
        let bytes = encode(entry)
        expectSame(try decode(bytes, folder: "2022/u/"), entry, "seed \(seed)")
        #expect(encode(entry) == bytes, "encoding is deterministic")
    }

    /// The real documents, as the compare reads them: imported, written as canonical text and
    /// read back, then archived.
    @Test func fixtureDocumentsRoundTrip() throws {
        let entry = try fixtureEntry()
        #expect(entry.projects.count > 10 && !entry.unitBudgets.isEmpty)
        expectSame(try decode(encode(entry), folder: "fixtures/"), entry)
    }

    /// The smallest values of every kind, last in their lists: the decoder checks each count
    /// against the fewest bytes an item can take, and these take exactly that.
    @Test(arguments: [false, true])
    func smallestValuesRoundTrip(budgetLast: Bool) throws {
        let span = SourceSpan(file: "", firstLine: 0, lastLine: 0)
        let p = ProjectForm(year: 0, name: "", unit: "", categories: [""], attributes: [LabeledText(label: "", text: "")],
                            funds: [FundLine(kind: FundKind.allCases[0], amount: Money(fen: 0), sourceUnit: .yuan, line: 0)],
                            indicators: [Indicator(level1: "", level2: "", level3: "", target: Target(text: ""), line: 0)],
                            breakdown: [CostItem(name: "", content: "", detail: "", amount: nil, line: 0)],
                            guarantees: [Guarantee(category: "", document: "", measures: "", stages: [StageMark(stage: "", mark: "")], line: 0)],
                            contacts: [Contact(role: "", name: "")], details: [LabeledText(label: "", text: "")], source: span)
        let b = UnitBudget(year: 0, unit: "", title: "", sections: [NarrativeSection(heading: "", paragraphs: [""], line: 0)],
                           tables: [BudgetTable(number: 0, title: "", sourceUnit: .yuan, columns: [""],
                                                rows: [BudgetRow(code: nil, name: "", amounts: [nil], line: 0)], line: 0)],
                           source: span)
        let entry = ParsedFolder(folder: "", files: 0, projects: [("", p), ("", p)], unitBudgets: budgetLast ? [("", b), ("", b)] : [])
        expectSame(try decode(encode(entry), folder: ""), entry)
        let empty = ParsedFolder(folder: "", files: 0, projects: [], unitBudgets: [])
        expectSame(try decode(encode(empty), folder: ""), empty)
    }

    @Test func stringsAreWrittenOncePerEntry() throws {
        var g = ModelGenerator(seed: 5)
        let p = g.project()
        let one = encode(ParsedFolder(folder: "f/", files: 1, projects: [("a", p)], unitBudgets: []))
        let many = encode(ParsedFolder(folder: "f/", files: 1, projects: Array(repeating: ("a", p), count: 50), unitBudgets: []))
        // Each further copy adds only its string indices and numbers, not its text again.
        #expect((many.count - one.count) / 49 < one.count / 3)
    }

    @Test func decodedStringsAreSharedThroughTheTable() throws {
        let (p, _) = everyField()
        let a = encode(ParsedFolder(folder: "2022/u/", files: 1, projects: [("x", p)], unitBudgets: []))
        var strings = StringTable()
        let x = try FormArchive.decode(a, folder: "2022/u/", tree: testTree, strings: &strings)
        let y = try FormArchive.decode(a, folder: "2022/u/", tree: testTree, strings: &strings)
        #expect(x.projects[0].form == y.projects[0].form)
    }

    @Test func anotherFolderTreeOrVersionIsRejected() throws {
        let (p, _) = everyField()
        var bytes = encode(ParsedFolder(folder: "2022/u/", files: 1, projects: [("x", p)], unitBudgets: []))
        #expect(throws: ArchiveError.self) { try decode(bytes, folder: "2022/v/") }
        #expect(throws: ArchiveError.self) { try decode(bytes, folder: "2022/u/", tree: String(testTree.dropLast()) + "0") }
        #expect(throws: ArchiveError.self) { try decode(bytes, folder: "2022/u/", tree: "") }
        bytes[FormArchive.magic.count] &+= 1
        #expect(throws: ArchiveError.self) { try decode(bytes, folder: "2022/u/") }
        #expect(throws: ArchiveError.self) { try decode([], folder: "2022/u/") }
    }

    /// A damaged entry is an error, never a crash or a read outside its bytes: every truncation
    /// and every single-byte change fails (the checksum); and past the checksum (changes made,
    /// then the checksum recomputed, as a fuzzer would) every change either fails or still
    /// decodes to some documents.
    @Test func damagedEntriesFailCleanly() throws {
        var g = ModelGenerator(seed: 21)
        let entry = ParsedFolder(folder: "2022/u/", files: 2, projects: [("p", g.project())], unitBudgets: [("b", g.unitBudget())])
        let bytes = encode(entry)
        for n in 0..<bytes.count {
            #expect(throws: ArchiveError.self, "truncated to \(n)") { try decode(Array(bytes[..<n]), folder: "2022/u/") }
        }
        #expect(throws: ArchiveError.self) { try decode(bytes + [0], folder: "2022/u/") }
        for i in stride(from: FormArchive.magic.count + 1, to: bytes.count, by: 1) {
            for value: UInt8 in [0x00, 0xFF, bytes[i] ^ 0x01] where value != bytes[i] {
                var damaged = bytes
                damaged[i] = value
                #expect(throws: ArchiveError.self, "byte \(i) set to \(value)") { try decode(damaged, folder: "2022/u/") }
                _ = try? decode(resealed(damaged), folder: "2022/u/")
            }
        }
    }
}

/// `bytes` with its checksum recomputed: damage the checksum does not see, to reach the decoder.
func resealed(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.count >= FormArchive.checksumSize else { return bytes }
    let content = Array(bytes.dropLast(FormArchive.checksumSize))
    let sum = content.withUnsafeBytes { EntryChecksum.of($0) }
    return content + withUnsafeBytes(of: sum.littleEndian) { Array($0) }
}
