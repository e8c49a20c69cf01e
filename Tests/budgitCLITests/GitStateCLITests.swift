import Foundation
import Testing
import BudgitTestSupport

/// `status`, `commit` and `diff` while git has a merge in progress (made with the git CLI).
@Suite struct GitStateCLITests {
    static let gitEnv = ["GIT_AUTHOR_NAME": "Git", "GIT_AUTHOR_EMAIL": "git@example.org",
                         "GIT_COMMITTER_NAME": "Git", "GIT_COMMITTER_EMAIL": "git@example.org",
                         "GIT_AUTHOR_DATE": "@1700000000 +0800", "GIT_COMMITTER_DATE": "@1700000000 +0800"]
    static let project = "2023/上海市闵行区托育服务指导中心/projects/托育中心经费.jsonl"

    /// A repository whose `main` and `other` changed the same amount differently, stopped in a
    /// conflicted `git merge other`.
    func conflictedMerge() throws -> (Sandbox, String) {
        let s = Sandbox()
        _ = try budgit(["init", "repo"], in: s.path)
        let repo = s.path + "/repo"
        _ = try budgit(["import", fixtures + "/002_3205439470554c78.txt"], in: repo)
        _ = try budgit(["commit", "-m", "2023", "--author", "Ana Li <ana@example.org>"], in: repo)
        func setAmount(_ amount: String) throws {
            let f = repo + "/" + Self.project
            let text = try String(contentsOfFile: f, encoding: .utf8)
                .replacingOccurrences(of: "\"kind\":\"annual\",\"amount\":\"406000.00\"", with: "\"kind\":\"annual\",\"amount\":\"\(amount)\"")
            try text.write(toFile: f, atomically: true, encoding: .utf8)
        }
        try git(["checkout", "-q", "-b", "other"], in: repo, env: Self.gitEnv)
        try setAmount("416000.00")
        try git(["commit", "-q", "-am", "other"], in: repo, env: Self.gitEnv)
        try git(["checkout", "-q", "main"], in: repo, env: Self.gitEnv)
        try setAmount("426000.00")
        _ = try budgit(["commit", "-m", "ours", "--author", "Ana Li <ana@example.org>"], in: repo)
        let merge = try runProcess("/usr/bin/git", ["merge", "other"], in: repo, env: Self.gitEnv)
        #expect(merge.status == 1)
        return (s, repo)
    }

    @Test func statusReportsTheMergeAndItsUnmergedPaths() throws {
        let (s, repo) = try conflictedMerge()
        defer { withExtendedLifetime(s) {} }
        let text = try budgit(["status"], in: repo)
        #expect(text.status == 0)
        #expect(text.stdout.contains("A merge is in progress (merging "))
        #expect(text.stdout.contains("both modified    \(Self.project)  (stages 1 2 3)"))
        #expect(text.stdout.contains("`budgit commit` to conclude the merge; or `git merge --abort`"))
        let json = try budgit(["status", "--json"], in: repo)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["state"] as? String == "merge")
        #expect(object?["clean"] as? Bool == false)
        let unmerged = object?["unmerged"] as? [[String: Any]]
        #expect(unmerged?.first?["path"] as? String == Self.project)
        #expect(unmerged?.first?["stages"] as? [Int] == [1, 2, 3])
        #expect((object?["mergeHeads"] as? [String])?.first == (try git(["rev-parse", "other"], in: repo)).trimmingCharacters(in: .newlines))
    }

    @Test func commitRefusesThenConcludesTheMerge() throws {
        let (s, repo) = try conflictedMerge()
        defer { withExtendedLifetime(s) {} }
        let before = try git(["ls-files", "-s"], in: repo)
        let refused = try budgit(["commit", "-m", "merge", "--author", "Ana Li <ana@example.org>"], in: repo)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("1 path is unmerged") && refused.stderr.contains("git merge --abort"))
        #expect(try git(["ls-files", "-s"], in: repo) == before)

        // import refuses rather than overwrite both sides of the conflict.
        let imp = try budgit(["import", fixtures + "/002_3205439470554c78.txt"], in: repo)
        #expect(imp.status == 1)
        #expect(imp.stderr.contains("a merge is in progress") && imp.stderr.contains("would overwrite both sides"), "\(imp.stderr)")
        #expect(try git(["ls-files", "-s"], in: repo) == before)

        // diff does not advise re-importing over the conflict.
        let diff = try budgit(["diff"], in: repo)
        #expect(diff.status == 1)
        #expect(diff.stderr.contains("a merge is in progress"))
        #expect(diff.stderr.contains("Do not re-import"))
        #expect(!diff.stderr.contains("`budgit import` rewrites it"))
        for args in [["check"], ["compare", "2023", "2023", "--worktree"], ["show", "--worktree", "--year", "2023"]] {
            let r = try budgit(args, in: repo)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("a merge is in progress") && !r.stderr.contains("`budgit import` rewrites it"), "\(args): \(r.stderr)")
        }

        try git(["checkout", "--theirs", "--", Self.project], in: repo)
        try git(["add", Self.project], in: repo)
        let st = try budgit(["status"], in: repo)
        #expect(st.stdout.contains("All conflicts are resolved"))
        let done = try budgit(["commit", "--author", "Ana Li <ana@example.org>"], in: repo)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("Merge branch 'other'"))
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/MERGE_HEAD"))
        let parents = try git(["log", "-1", "--format=%P"], in: repo).split(separator: " ")
        #expect(parents.count == 2)
        #expect(try git(["log", "--merges", "--format=%s"], in: repo) == "Merge branch 'other'\n")
        _ = try git(["fsck", "--strict"], in: repo)
        #expect(try git(["status", "--porcelain"], in: repo).isEmpty)
        #expect(try budgit(["status", "--json"], in: repo).stdout.contains("\"state\": \"none\""))
    }

    @Test func commitWithoutMessageOutsideAMergeIsAUsageError() throws {
        let s = Sandbox()
        _ = try budgit(["init", "repo"], in: s.path)
        let r = try budgit(["commit", "--author", "Ana Li <ana@example.org>"], in: s.path + "/repo")
        #expect(r.status == 64)
        #expect(r.stderr.contains("-m"))
    }
}
