import Foundation
import Testing
import BudgitTestSupport
@testable import BudgitStore

/// budgit's store and git's own operations in progress: merges, cherry-picks, rebases and reverts
/// made by the git CLI, stopped on a conflict.
@Suite struct GitStateTests {
    static let gitEnv = ["GIT_AUTHOR_NAME": "Git", "GIT_AUTHOR_EMAIL": "git@example.org",
                         "GIT_COMMITTER_NAME": "Git", "GIT_COMMITTER_EMAIL": "git@example.org",
                         "GIT_AUTHOR_DATE": "@1700000000 +0800", "GIT_COMMITTER_DATE": "@1700000000 +0800",
                         "GIT_EDITOR": "true"]

    func g(_ args: [String], _ d: TempDir) throws -> String { try git(args, in: d.path, env: Self.gitEnv) }

    /// A repository with `main` and `other` that both changed `2022/u/a.jsonl` from a common base,
    /// and `other` added `2022/u/b.jsonl`; HEAD on `main`.
    func divergedRepository() throws -> (TempDir, Repository) {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        d.write("2022/u/a.jsonl", "base\n")
        try repo.commitAll(message: "base", author: ana)
        _ = try g(["checkout", "-q", "-b", "other"], d)
        d.write("2022/u/a.jsonl", "theirs\n")
        d.write("2022/u/b.jsonl", "new\n")
        _ = try g(["add", "-A"], d)
        _ = try g(["commit", "-q", "-m", "other"], d)
        _ = try g(["checkout", "-q", "main"], d)
        d.write("2022/u/a.jsonl", "ours\n")
        try repo.commitAll(message: "ours", author: ana)
        return (d, repo)
    }

    /// Runs a git command that is expected to stop on a conflict (non-zero exit).
    func conflicting(_ args: [String], _ d: TempDir) throws {
        let r = try runProcess("/usr/bin/git", args, in: d.path, env: Self.gitEnv)
        #expect(r.status != 0, "git \(args) was expected to stop on a conflict")
    }

    @Test func conflictedMergeIsReportedAndCommitRefusesWithoutTouchingTheIndex() throws {
        let (d, repo) = try divergedRepository()
        try conflicting(["merge", "other"], d)
        #expect(repo.state() == .merge)
        let unmerged = try repo.unmergedEntries()
        #expect(unmerged == [UnmergedEntry(path: "2022/u/a.jsonl", ancestor: true, ours: true, theirs: true)])
        #expect(unmerged.first?.stages == [1, 2, 3])
        #expect(unmerged.first?.kind == "both modified")
        #expect(try repo.mergeHeads() == [repo.resolve("other")])
        #expect(try repo.status().contains(StatusEntry(path: "2022/u/a.jsonl", kind: .unmerged)))

        let before = try g(["ls-files", "-s"], d)
        let indexBefore = try Data(contentsOf: URL(fileURLWithPath: d.path + "/.git/index"))
        #expect(throws: StoreError.unmerged(state: .merge, paths: ["2022/u/a.jsonl"])) {
            try repo.commitAll(message: "merge", author: ana)
        }
        #expect(try g(["ls-files", "-s"], d) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: d.path + "/.git/index")) == indexBefore)
        #expect(repo.state() == .merge)
        let message = StoreError.unmerged(state: .merge, paths: ["2022/u/a.jsonl"]).description
        #expect(message.contains("git add") && message.contains("git merge --abort") && message.contains("budgit commit"))
    }

    @Test func resolvedMergeIsConcludedWithBothParents() throws {
        let (d, repo) = try divergedRepository()
        let head = try repo.resolve("HEAD"), theirs = try repo.resolve("other")
        try conflicting(["merge", "other"], d)
        d.write("2022/u/a.jsonl", "ours and theirs\n")
        _ = try g(["add", "2022/u/a.jsonl"], d)
        #expect(try repo.unmergedEntries().isEmpty)
        let c = try repo.commitAll(message: nil, author: ana)
        #expect(c.parents == [head, theirs])
        #expect(c.message == "Merge branch 'other'\n")  // git's MERGE_MSG, its `# Conflicts` comment removed
        #expect(repo.state() == .none)
        #expect(!FileManager.default.fileExists(atPath: d.path + "/.git/MERGE_HEAD"))
        #expect(!FileManager.default.fileExists(atPath: d.path + "/.git/MERGE_MSG"))
        _ = try g(["fsck", "--strict"], d)
        #expect(try g(["log", "--merges", "--format=%H %P"], d) == "\(c.id) \(head) \(theirs)\n")
        #expect(try g(["status", "--porcelain"], d).isEmpty)
        #expect(try repo.readFile("2022/u/b.jsonl", at: "HEAD") == Array("new\n".utf8))
        #expect(try g(["reflog", "-1", "--format=%gs"], d) == "commit (merge): Merge branch 'other'\n")
    }

    @Test func mergeWhoseTreeEqualsHeadIsStillRecorded() throws {
        let (d, repo) = try divergedRepository()
        try conflicting(["merge", "other"], d)
        _ = try g(["checkout", "--ours", "2022/u/a.jsonl"], d)
        _ = try g(["rm", "-q", "--cached", "2022/u/b.jsonl"], d)
        d.remove("2022/u/b.jsonl")
        _ = try g(["add", "2022/u/a.jsonl"], d)
        let c = try repo.commitAll(message: "keep ours", author: ana)
        #expect(c.parents.count == 2)
        #expect(c.message == "keep ours\n")
        #expect(repo.state() == .none)
    }

    @Test(arguments: [
        (["cherry-pick", "other"], RepositoryState.cherryPick, "git cherry-pick --abort"),
        (["rebase", "other"], RepositoryState.rebase, "git rebase --abort"),
        (["revert", "--no-edit", "HEAD"], RepositoryState.revert, "git revert --abort"),
    ])
    func commitRefusesDuringOtherOperations(args: [String], state: RepositoryState, wayOut: String) throws {
        let (d, repo) = try divergedRepository()
        if state == .revert {
            // Reverting a change to a line that later commits changed again conflicts.
            d.write("2022/u/a.jsonl", "ours, later\n")
            try repo.commitAll(message: "later", author: ana)
            _ = try g(["revert", "--no-edit", "HEAD"], d)  // clean: back to "ours"
            d.write("2022/u/a.jsonl", "ours, again\n")
            try repo.commitAll(message: "again", author: ana)
            try conflicting(["revert", "--no-edit", "HEAD~2"], d)
        } else {
            try conflicting(args, d)
        }
        #expect(repo.state() == state)
        let before = try g(["ls-files", "-s"], d)
        #expect(throws: StoreError.self) { try repo.commitAll(message: "x", author: ana) }
        #expect(try g(["ls-files", "-s"], d) == before)
        // Resolved, it still refuses, and names the way out.
        let path = try repo.unmergedEntries().first?.path ?? "2022/u/a.jsonl"
        d.write(path, "resolved\n")
        _ = try g(["add", path], d)
        do {
            try repo.commitAll(message: "x", author: ana)
            Issue.record("commit during a \(state.name) succeeded")
        } catch {
            #expect(error == .operationInProgress(state))
            #expect(error.description.contains(wayOut))
        }
        #expect(repo.state() == state)
    }

    @Test func commitWithoutMessageOutsideAMergeIsRefused() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        d.write("a.txt", "a\n")
        #expect(throws: StoreError.noMessage) { try repo.commitAll(message: nil, author: ana) }
        #expect(try repo.headCommitID() == nil)
    }
}
