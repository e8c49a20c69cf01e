import Foundation
import Testing
import BudgitTestSupport
import BudgitModel
import BudgitStore
import BudgitCanonical
@testable import BudgitWorkspace

/// A history of one project by several people: an import, an OCR correction, an adjusted
/// budget, a rename, and an unrelated commit.
struct ProjectHistory {
    let repo: TempRepo
    let path0: String, path1: String
    var commits: [CommitInfo] = []

    static let ana = Signature(name: "Ana Li", email: "ana@example.org", time: 1_700_000_000, offsetMinutes: 480)
    static let bo = Signature(name: "Bo Wang", email: "bo@example.org", time: 1_700_100_000, offsetMinutes: 480)
    static let chen = Signature(name: "Chen Yu", email: "chen@example.org", time: 1_700_200_000, offsetMinutes: 480)
    static let dai = Signature(name: "Dai Fei", email: "dai@example.org", time: 1_700_300_000, offsetMinutes: 480)

    static func base() -> ProjectForm {
        var p = ProjectForm(year: 2022, name: "教育信息平台(2022运维)", unit: "闵行区教育局", department: "闵行区教育局",
                            source: SourceSpan(file: "000.txt", firstLine: 10, lastLine: 40))
        p.funds = [FundLine(kind: .total, amount: Money(yuan: 1_000_000), sourceUnit: .wanYuan, line: 14),
                   FundLine(kind: .annual, amount: Money(yuan: 1_000_000), sourceUnit: .wanYuan, line: 14)]
        p.overallGoal = "保障平台稳定运行"
        p.indicators = [
            Indicator(level1: "产出目标", level2: "数量目标", level3: "运维系统数量", target: Target(text: "=3个", comparator: .eq, number: "3", unit: "个"), line: 20),
            Indicator(level1: "效果目标", level2: "满意度目标", level3: "学校满意度", target: Target(text: "》90%", comparator: .ge, number: "90", unit: "%"), line: 21),
            Indicator(level1: "产出目标", level2: "时效目标", level3: "故障响应时间", target: Target(text: "≤2小时", comparator: .le, number: "2", unit: "小时"), line: 22),
        ]
        return p
    }

    init() throws {
        repo = try TempRepo()
        let r = repo.ws.repository
        var p = Self.base()
        path0 = RepositoryLayout.projectPath(year: 2022, unit: p.unit, name: p.name)
        commits.append(try r.commit(changes: [path0: ProjectFile.write(p)], message: "Import 2022 forms", author: Self.ana))
        // An OCR correction: 》90% was ≥90%.
        p.indicators[1].target = Target(text: "≥90%", comparator: .ge, number: "90", unit: "%")
        commits.append(try r.commit(changes: [path0: ProjectFile.write(p)], message: "Correct OCR: 》 is ≥", author: Self.bo))
        // An adjusted budget and a new target.
        p.funds[1].amount = Money(yuan: 1_250_000)
        p.indicators[1].target = Target(text: "≥95%", comparator: .ge, number: "95", unit: "%")
        commits.append(try r.commit(changes: [path0: ProjectFile.write(p)], message: "Adjusted budget", author: Self.chen))
        // Something else entirely.
        commits.append(try r.commit(changes: ["2022/闵行区教育局/projects/其他.jsonl": ProjectFile.write(ProjectForm(year: 2022, name: "其他", unit: "闵行区教育局", source: SourceSpan(file: "000.txt", firstLine: 50, lastLine: 60)))],
                                    message: "Another project", author: Self.ana))
        // A rename.
        p.name = "教育信息平台(2022年运维)"
        path1 = RepositoryLayout.projectPath(year: 2022, unit: p.unit, name: p.name)
        commits.append(try r.commit(changes: [path0: nil, path1: ProjectFile.write(p)], message: "Rename as printed in the final version", author: Self.dai))
    }
}

@Suite struct HistoryTests {
    @Test func blamePinsWhoChangedWhatWhenAndFromWhat() throws {
        let h = try ProjectHistory()
        let (form, lines) = try h.repo.ws.blame(path: h.path1)
        #expect(form.name == "教育信息平台(2022年运维)")
        let byKey = Dictionary(uniqueKeysWithValues: lines.map { ($0.key, $0) })
        let sat = try #require(byKey["indicator.效果目标/满意度目标/学校满意度"])
        #expect(sat.value == "≥95%" && sat.previous == "≥90%" && sat.author == "Chen Yu" && sat.commit == h.commits[2].id.description)
        let annual = try #require(byKey["fund.annual"])
        #expect(annual.value == "1250000.00" && annual.previous == "1000000.00" && annual.author == "Chen Yu")
        #expect(annual.date == "2023-11-17 13:46:40 +0800")
        let total = try #require(byKey["fund.total"])
        #expect(total.author == "Ana Li" && total.previous == nil && total.commit == h.commits[0].id.description)
        let name = try #require(byKey["name"])
        #expect(name.author == "Dai Fei" && name.previous == "教育信息平台(2022运维)")
        let count = try #require(byKey["indicator.产出目标/数量目标/运维系统数量"])
        #expect(count.author == "Ana Li" && count.path == h.path0)  // followed through the rename
    }

    @Test func semanticLogNamesTheChange() throws {
        let h = try ProjectHistory()
        let log = try h.repo.ws.semanticLog(paths: [h.path0], limit: nil)
        #expect(log.map(\.commit.summary) == ["Rename as printed in the final version", "Adjusted budget", "Correct OCR: 》 is ≥", "Import 2022 forms"])
        #expect(log[1].changes.first?.summary == "年度资金申请总额 +250,000.00 元; 学校满意度: ≥90% → ≥95%")
        #expect(log[2].changes.first?.summary == "学校满意度: 》90% → ≥90%")
        #expect(log[3].changes.first?.summary.hasPrefix("added (3 indicators") == true)
        let folder = try h.repo.ws.semanticLog(paths: ["2022"], limit: 2)
        #expect(folder.count == 2 && folder[1].changes.first?.project == "其他")
    }

    @Test func gitBlameAgreesWithBudgitBlameFactForFact() throws {
        let h = try ProjectHistory()
        let (_, lines) = try h.repo.ws.blame(path: h.path1)
        let porcelain = try git(["blame", "--porcelain", "-M", "-C", "HEAD", "--", h.path1], in: h.repo.path)
        // Map each canonical line to the commit git names for it.
        var gitCommits: [String] = []
        for l in porcelain.split(separator: "\n") where l.count >= 40 {
            let first = l.split(separator: " ").first.map(String.init) ?? ""
            if first.count == 40, first.allSatisfy(\.isHexDigit) { gitCommits.append(first) }
        }
        let text = String(decoding: try h.repo.ws.repository.readFile(h.path1, at: "HEAD"), as: UTF8.self)
        let fileLines = text.split(separator: "\n").map(String.init)
        #expect(gitCommits.count == fileLines.count)
        let byKey = Dictionary(uniqueKeysWithValues: lines.map { ($0.key, $0.commit) })
        var compared = 0
        for (line, commit) in zip(fileLines, gitCommits) {
            guard let key = factKey(line) else { continue }
            #expect(byKey[key] == commit, "\(key): budgit \(byKey[key] ?? "-") git \(commit)")
            compared += 1
        }
        #expect(compared == 3 + 2 + 1 + 1)  // indicators, funds, goal, name
    }
}

/// The fact key of a canonical record line (the facts that blame attributes line by line).
private func factKey(_ line: String) -> String? {
    func field(_ k: String) -> String? {
        guard let r = line.range(of: "\"\(k)\":\"") else { return nil }
        return String(line[r.upperBound...].prefix { $0 != "\"" })
    }
    if line.hasPrefix("{\"k\":\"indicator\"") { return "indicator.\(field("l1")!)/\(field("l2")!)/\(field("l3")!)" }
    if line.hasPrefix("{\"k\":\"fund\"") { return "fund.\(field("kind")!)" }
    if line.hasPrefix("{\"k\":\"goal\"") { return "goal.\(field("of")!)" }
    if line.hasPrefix("{\"k\":\"name\"") { return "name" }
    return nil
}

/// A unit budget is one document in the log however many of its parts a commit changed.
@Suite struct UnitBudgetLogTests {
    @Test func logNamesTheTablesThatChanged() throws {
        let repo = try TempRepo()
        let r = repo.ws.repository
        var g = ModelGenerator(seed: 41)
        var b = g.unitBudget()
        while b.tables.count < 3 || b.tables[1].rows.isEmpty || b.tables[2].rows.isEmpty { b = g.unitBudget() }
        b.year = 2020; b.unit = "闵行区教育学院"
        let folder = RepositoryLayout.unitBudgetPath(year: 2020, unit: b.unit)
        func changes(_ b: UnitBudget) -> [String: [UInt8]?] {
            Dictionary(uniqueKeysWithValues: UnitBudgetFile.writeParts(b).map { (folder + "/" + $0.part.fileName, Optional($0.bytes)) })
        }
        try r.commit(changes: changes(b), message: "import", author: ProjectHistory.ana)
        b.tables[1].rows[0].amounts = b.tables[1].rows[0].amounts.map { _ in Money(fen: 1) }
        b.tables[2].rows.removeLast()
        try r.commit(changes: changes(b), message: "revise", author: ProjectHistory.bo)
        b.tables[1].rows[0].line += 3  // only a source line moves
        try r.commit(changes: changes(b), message: "lines", author: ProjectHistory.chen)
        var gone: [String: [UInt8]?] = [:]
        for k in changes(b).keys { gone[k] = .some(nil) }
        try r.commit(changes: gone, message: "remove", author: ProjectHistory.dai)
        let log = try repo.ws.semanticLog(paths: ["2020"], limit: nil)
        #expect(log.map { $0.changes.map { "\($0.path): \($0.project): \($0.summary)" } } == [
            ["\(folder): unit budget: removed"],
            ["\(folder): unit budget: source lines changed"],
            ["\(folder): unit budget: tables 2, 3, source lines changed"],
            ["\(folder): unit budget: added"],
        ])
    }
}
