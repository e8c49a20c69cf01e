import Foundation
import Testing
import BudgitTestSupport

/// `compare` and `diff` asked about a year with nothing stored stop with an error that lists the
/// years stored; empty reports say so; exit codes agree with docs/CLI.md.
@Suite struct MistakenQuestionCLITests {
    /// 2023 committed, the 2020 unit budget imported and not committed.
    func repository() throws -> (Sandbox, String) {
        let s = Sandbox()
        _ = try budgit(["init", "repo"], in: s.path)
        let repo = s.path + "/repo"
        _ = try budgit(["import", fixtures + "/002_3205439470554c78.txt"], in: repo)
        _ = try budgit(["commit", "-m", "2023", "--author", "Ana Li <ana@example.org>"], in: repo)
        _ = try budgit(["import", fixtures + "/001_c2baf747aff8c518.txt"], in: repo)
        return (s, repo)
    }

    @Test func compareWithAYearNotStoredListsTheStoredYears() throws {
        let (s, repo) = try repository()
        defer { withExtendedLifetime(s) {} }
        for args in [["compare", "2022", "2030"], ["compare", "2023", "2030"], ["compare", "2030", "2023", "--json"]] {
            let r = try budgit(args, in: repo)
            #expect(r.status == 1, "\(args)")
            #expect(r.stdout.isEmpty, "\(args)")
            #expect(r.stderr.contains("nothing is stored for 20"), "\(args): \(r.stderr)")
            #expect(r.stderr.contains("Years stored at HEAD: 2023."), "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func aYearOnlyInTheWorkingTreeIsNamedAsSuch() throws {
        let (s, repo) = try repository()
        defer { withExtendedLifetime(s) {} }
        let r = try budgit(["compare", "2020", "2023"], in: repo)
        #expect(r.status == 1)
        #expect(r.stderr.contains("2020 is only in the working tree (imported, not committed)"))
        #expect(r.stderr.contains("budgit commit") && r.stderr.contains("--worktree"))
        let d = try budgit(["diff", "HEAD", "HEAD", "--year", "2020"], in: repo)
        #expect(d.status == 1)
        #expect(d.stderr.contains("2020 is only in the working tree"))
        #expect(d.stderr.contains("budgit diff HEAD --year 2020"))
        // The working tree has it: diff against it works.
        #expect(try budgit(["diff", "--year", "2020", "--summary"], in: repo).status == 0)
        let u = try budgit(["compare", "2023", "2023", "--unit", "no such unit"], in: repo)
        #expect(u.status == 1 && u.stderr.contains("Units stored for 2023 at HEAD: 上海市闵行区托育服务指导中心."))
    }

    @Test func diffOfAYearStoredNowhereListsTheStoredYears() throws {
        let (s, repo) = try repository()
        defer { withExtendedLifetime(s) {} }
        let r = try budgit(["diff", "--year", "2030"], in: repo)
        #expect(r.status == 1)
        #expect(r.stderr.contains("nothing is stored for 2030 at HEAD. Years stored at HEAD: 2023."))
    }

    @Test func showCheckAndExportOfAYearNotStoredSaySo() throws {
        let (s, repo) = try repository()
        defer { withExtendedLifetime(s) {} }
        for args in [["show", "--year", "2030"], ["check", "--year", "2030", "--rev", "HEAD"], ["export", "indicators", "--year", "2030"]] {
            let r = try budgit(args, in: repo)
            #expect(r.status == 1, "\(args)")
            #expect(r.stdout.isEmpty, "\(args)")
            #expect(r.stderr.contains("nothing is stored for 2030 at HEAD. Years stored at HEAD: 2023."), "\(args): \(r.stderr)")
        }
        let only = try budgit(["export", "budget-lines", "--year", "2020"], in: repo)
        #expect(only.status == 1 && only.stderr.contains("2020 is only in the working tree") && only.stderr.contains("--worktree"))
        #expect(try budgit(["export", "budget-lines", "--year", "2020", "--worktree"], in: repo).status == 0)
    }

    @Test func emptyReportsSaySoAndExitCodesAgree() throws {
        let (s, repo) = try repository()
        defer { withExtendedLifetime(s) {} }
        let same = try budgit(["compare", "2023", "2023", "--exit-code"], in: repo)
        #expect(same.status == 0)
        #expect(same.stdout.hasSuffix("\nno differences\n"))
        let md = try budgit(["diff", "HEAD", "HEAD", "--format", "markdown"], in: repo)
        #expect(md.stdout.hasSuffix("\nNo differences.\n"))
        // Differences with --exit-code: 2 (found), never 1 (error).
        let found = try budgit(["diff", "--exit-code", "--summary"], in: repo)
        #expect(found.status == 2)
        #expect(!found.stdout.contains("no differences"))
    }
}
