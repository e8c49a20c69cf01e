import Foundation
import Testing
import BudgitTestSupport
@testable import BudgitStore

/// budgit's repositories are plain git repositories: git reads what budgit writes and budgit
/// reads what git writes.
@Suite struct InteroperabilityTests {
    @Test func gitAgreesWithBudgitCommits() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        d.write("2022/单位/projects/项目.jsonl", "{\"k\":\"name\",\"v\":\"项目\"}\n")
        let c1 = try repo.commitAll(message: "导入 2022", author: ana)
        d.write("2022/单位/projects/项目.jsonl", "{\"k\":\"name\",\"v\":\"项目二\"}\n")
        let c2 = try repo.commitAll(message: "Correct an OCR error", author: bo)
        _ = try git(["fsck", "--strict"], in: d.path)
        let log = try git(["log", "--format=%H|%an|%ae|%at|%s"], in: d.path)
        #expect(log == "\(c2.id)|Bo Wang|bo@example.org|1700003600|Correct an OCR error\n\(c1.id)|Ana Li|ana@example.org|1700000000|导入 2022\n")
        #expect(try git(["show", "HEAD~1:2022/单位/projects/项目.jsonl"], in: d.path) == "{\"k\":\"name\",\"v\":\"项目\"}\n")
        #expect(try git(["status", "--porcelain"], in: d.path).isEmpty)
        // The same commit written by git's own plumbing has the same id.
        let tree = try git(["rev-parse", "\(c1.id)^{tree}"], in: d.path).trimmingCharacters(in: .whitespacesAndNewlines)
        let env = ["GIT_AUTHOR_NAME": "Ana Li", "GIT_AUTHOR_EMAIL": "ana@example.org", "GIT_AUTHOR_DATE": "1700000000 +0800",
                   "GIT_COMMITTER_NAME": "Ana Li", "GIT_COMMITTER_EMAIL": "ana@example.org", "GIT_COMMITTER_DATE": "1700000000 +0800"]
        let gitID = try git(["commit-tree", tree, "-m", "导入 2022"], in: d.path, env: env).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(gitID == c1.id.description)
        // The reflog names the committer, not `unknown`.
        #expect(try git(["reflog", "--format=%gn %gs"], in: d.path).hasPrefix("Bo Wang commit: Correct an OCR error"))
    }

    @Test func budgitReadsGitCommits() throws {
        let d = TempDir()
        try git(["init", "-q", "-b", "main"], in: d.path)
        d.write("2022/u/projects/p.jsonl", "a\n")
        let env = ["GIT_AUTHOR_NAME": "Git User", "GIT_AUTHOR_EMAIL": "g@example.org", "GIT_AUTHOR_DATE": "1600000000 +0000",
                   "GIT_COMMITTER_NAME": "Git User", "GIT_COMMITTER_EMAIL": "g@example.org", "GIT_COMMITTER_DATE": "1600000000 +0000"]
        try git(["add", "-A"], in: d.path)
        try git(["commit", "-q", "-m", "from git"], in: d.path, env: env)
        let repo = try Repository.open(at: d.path)
        let head = try #require(try repo.headCommitID())
        let info = try repo.commitInfo(head)
        #expect(info.author.name == "Git User" && info.summary == "from git" && info.author.time == 1_600_000_000)
        #expect(try repo.readFile("2022/u/projects/p.jsonl", at: "HEAD") == Array("a\n".utf8))
        // budgit commits on top of git's commit; git then sees a linear history.
        d.write("2022/u/projects/p.jsonl", "b\n")
        let c = try repo.commitAll(message: "from budgit", author: ana)
        #expect(c.parents == [head])
        #expect(try git(["log", "--format=%s"], in: d.path) == "from budgit\nfrom git\n")
        _ = try git(["fsck", "--strict"], in: d.path)
    }

    @Test func lostRaceFailsCleanly() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        d.write("a.txt", "a\n")
        let c1 = try repo.commitAll(message: "a", author: ana)
        // Writer 1 reads HEAD (c1) and prepares a tree; writer 2 (git) lands a commit first.
        d.write("a.txt", "from budgit\n")
        let tree = try repo.stageAll()
        let repo2 = try Repository.open(at: d.path) // a second handle, as a second process has
        d.write("b.txt", "git's\n")
        let c2 = try repo2.commitAll(message: "landed first", author: bo)
        #expect(c2.parents == [c1.id])
        // Another writer holds the branch's lock: writer 1 fails cleanly, HEAD stays.
        let lock = repo.gitdir + "refs/heads/main.lock"
        FileManager.default.createFile(atPath: lock, contents: Data())
        #expect(throws: StoreError.self) { try repo.commit(tree: tree, message: "mine", author: ana, committer: ana) }
        try FileManager.default.removeItem(atPath: lock)
        #expect(try repo.headCommitID() == c2.id)
        _ = try git(["fsck", "--strict"], in: d.path)
    }

    @Test func concurrentCommittersLoseNothing() async throws {
        let d = TempDir()
        let setup = try Repository.create(at: d.path)
        d.write("seed.txt", "seed\n")
        try setup.commitAll(message: "seed", author: ana)
        // Several writers commit their own file at once, each through its own repository handle;
        // a writer that loses the race retries. Every commit must land.
        let path = d.path
        let n = 6
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<n {
                group.addTask {
                    let repo = try Repository.open(at: path)
                    for attempt in 0..<200 {
                        do {
                            _ = try repo.commit(changes: ["w\(i).txt": Array("writer \(i)\n".utf8)], message: "writer \(i)", author: ana)
                            return
                        } catch StoreError.concurrentUpdate, StoreError.locked {
                            try await Task.sleep(nanoseconds: UInt64(1_000_000 * (attempt % 7 + 1)))
                        }
                    }
                    Issue.record("writer \(i) never landed")
                }
            }
            try await group.waitForAll()
        }
        let log = try git(["log", "--format=%s"], in: d.path).split(separator: "\n")
        #expect(log.count == n + 1)
        #expect(Set(log.dropLast()) == Set((0..<n).map { "writer \($0)" }))
        _ = try git(["fsck", "--strict"], in: d.path)
    }
}

