import Foundation
import Testing
import BudgitTestSupport

/// `--project` finds a project whose name is unique without `--year`/`--unit`, matches width
/// variants and OCR spaces, and lists the candidates when the name is ambiguous.
@Suite struct ProjectLookupCLITests {
    @Test func aUniqueNameNeedsNoYearOrUnitAndAnAmbiguousOneListsTheCandidates() throws {
        let s = Sandbox()
        _ = try budgit(["init", "repo"], in: s.path)
        let repo = s.path + "/repo"
        #expect(try budgit(["import", fixtures + "/quirks/tf-geq.txt"], in: repo).status == 0)
        _ = try budgit(["commit", "-m", "2022", "--author", "Ana Li <ana@example.org>"], in: repo)

        let blame = try budgit(["blame", "--project", "大于号测试项目"], in: repo)
        #expect(blame.status == 0, "\(blame.stderr)")
        #expect(blame.stdout.contains("学生满意度"))
        // An OCR space and a full-width letter are the same name.
        let spaced = try budgit(["log", "--project", "大于号 测试项目"], in: repo)
        #expect(spaced.status == 0, "\(spaced.stderr)")
        #expect(spaced.stdout.contains("大于号测试项目"))
        let missing = try budgit(["blame", "--project", "没有这个项目"], in: repo)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no project `没有这个项目`"))

        // The same project stored for another year: the name is ambiguous, the candidates listed.
        #expect(try budgit(["import", fixtures + "/quirks/tf-geq.txt", "--year", "2023"], in: repo).status == 0)
        _ = try budgit(["commit", "-m", "2023", "--author", "Ana Li <ana@example.org>"], in: repo)
        let ambiguous = try budgit(["blame", "--project", "大于号测试项目"], in: repo)
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("names 2 projects") && ambiguous.stderr.contains("2022/") && ambiguous.stderr.contains("2023/"))
        #expect(try budgit(["blame", "--year", "2023", "--project", "大于号测试项目"], in: repo).status == 0)
    }
}
