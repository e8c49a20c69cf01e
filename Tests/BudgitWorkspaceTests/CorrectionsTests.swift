import Foundation
import Testing
import BudgitTestSupport
import BudgitModel
import BudgitStore
import BudgitCanonical
@testable import BudgitWorkspace

/// Corrections are facts of their own: never lost by a re-import, re-applied to new editions,
/// and the import errors they settle leave the work list.
@Suite struct CorrectionsTests {
    static let bo = Signature(name: "Bo Wang", email: "bo@example.org", time: 1_700_100_000, offsetMinutes: 480)

    static func importGeq(_ r: TempRepo, text: String? = nil) throws {
        var path = fixtures + "/quirks/tf-geq.txt"
        if let text {
            // A new edition under the same name as the first.
            let dir = r.path + "-edition"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            path = dir + "/tf-geq.txt"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let result = r.ws.importFiles([path], options: .init(), dryRun: false)
        #expect(result.failures.isEmpty, "\(result.failures)")
    }

    static func form(_ r: TempRepo) throws -> (String, ProjectForm) {
        let path = try #require(r.tree().first { $0.contains("/projects/") })
        let bytes = try #require(FileWriter(root: r.path + "/").read(path))
        return (path, try ProjectFile.read(bytes, path: path))
    }

    static let key = "indicator.影响力目标/满意度目标/学生满意度"

    @Test func aCorrectionSurvivesReimportsAndANewEditionAndBlameNamesTheCorrector() throws {
        let r = try TempRepo()
        try Self.importGeq(r)
        try r.ws.commitAll(message: "import", author: sig)
        let (path, _) = try Self.form(r)
        let result = try r.ws.correct(path: path, key: Self.key, value: "≥92%")
        #expect(result.correction.was == ">=90%")
        try r.ws.commitAll(message: "correct the target", author: Self.bo)
        for _ in 0..<3 {
            try Self.importGeq(r)
            #expect(ProjectFacts.value(of: Self.key, in: try Self.form(r).1) == "≥92%")
        }
        // A new edition: another fact changed in the source; the correction still applies.
        let edition = try String(contentsOfFile: fixtures + "/quirks/tf-geq.txt", encoding: .utf8)
            .replacingOccurrences(of: "总目标文字", with: "新版总目标文字")
        try Self.importGeq(r, text: edition)
        try? FileManager.default.removeItem(atPath: r.path + "-edition")
        let (_, form) = try Self.form(r)
        #expect(ProjectFacts.value(of: Self.key, in: form) == "≥92%")
        #expect(form.overallGoal?.hasPrefix("新版") == true)
        try r.ws.commitAll(message: "new edition", author: sig)
        let (_, lines) = try r.ws.blame(path: path)
        let line = try #require(lines.first { $0.key == Self.key })
        #expect(line.author == "Bo Wang")
        #expect(line.previous == ">=90%")
    }

    @Test func aHandEditIsKeptAsACorrection() throws {
        let r = try TempRepo()
        try Self.importGeq(r)
        let (path, form) = try Self.form(r)
        let edited = try ProjectFacts.setting(Self.key, to: "≥93%", in: form)
        try Data(ProjectFile.write(edited)).write(to: URL(fileURLWithPath: r.path + "/" + path))
        let again = r.ws.importFiles([fixtures + "/quirks/tf-geq.txt"], options: .init(), dryRun: false, retainDocuments: true)
        #expect(again.failures.isEmpty)
        #expect(again.plans.first?.document.diagnostics.contains { $0.code == "correction.applied" && $0.message.contains("hand edit") } == true)
        #expect(ProjectFacts.value(of: Self.key, in: try Self.form(r).1) == "≥93%")
        let corrections = try CorrectionsFile.read(try #require(FileWriter(root: r.path + "/").read("sources/2022/tf-geq.txt.corrections.jsonl")), path: "c")
        #expect(corrections == [Correction(unit: form.unit, project: form.name, key: Self.key, value: "≥93%", was: ">=90%")])
    }

    @Test func anEditBudgitCannotKeepRefusesTheImportAndNamesTheFile() throws {
        let r = try TempRepo()
        try Self.importGeq(r)
        let (path, form) = try Self.form(r)
        var edited = form
        edited.indicators.removeLast()
        try Data(ProjectFile.write(edited)).write(to: URL(fileURLWithPath: r.path + "/" + path))
        let again = r.ws.importFiles([fixtures + "/quirks/tf-geq.txt"], options: .init(), dryRun: false)
        #expect(!again.written)
        #expect(again.failures.first?.error.contains(path) == true)
        #expect(try Self.form(r).1.indicators.count == form.indicators.count - 1)
    }

    @Test func correctedImportErrorsLeaveTheWorkList() throws {
        let r = try TempRepo()
        let result = r.ws.importFiles([fixtures + "/000_b8de17d7b47ea05c.txt"], options: .init(), dryRun: false)
        #expect(result.failures.isEmpty)
        let forms = try r.ws.documents(at: nil, filter: .init(year: 2022)).projects.map(\.form)
        let open = try r.ws.openImportErrors(at: nil, year: 2022, forms: forms)
        #expect(open.count == 5)
        let first = try #require(open.first)
        #expect(first.fix.hasPrefix("budgit set --year 2022 --unit 闵行区教育局 --project "))
        let project = try #require(first.project)
        let path = try #require(r.ws.projectFiles(year: 2022, unit: nil, named: project).first)
        let form = try ProjectFile.read(try #require(FileWriter(root: r.path + "/").read(path)), path: path)
        let key = try #require(Workspace.factKeys(atLine: first.diagnostic.line, in: form).first)
        _ = try r.ws.correct(path: path, key: key, value: "有提升")
        let after = try r.ws.openImportErrors(at: nil, year: 2022, forms: try r.ws.documents(at: nil, filter: .init(year: 2022)).projects.map(\.form))
        #expect(after.count == 4)
        #expect(!after.contains { $0.diagnostic.line == first.diagnostic.line })
    }

    @Test func shellQuotingKeepsCommandsCopyable() {
        #expect(Workspace.shellQuoted("闵行区教育局") == "闵行区教育局")
        #expect(Workspace.shellQuoted("a b") == "'a b'")
        #expect(Workspace.shellQuoted("it's") == #"'it'\''s'"#)
        #expect(Workspace.shellQuoted("$(rm)") == "'$(rm)'")
    }
}
