import Foundation
import Testing
import BudgitTestSupport
import BudgitModel
import BudgitStore
import BudgitCanonical
@testable import BudgitWorkspace

/// Nothing invalid is committed; a repository that already holds an invalid file (committed
/// with plain git, or left by git's line merge) stays usable.
@Suite struct InvalidFileTests {
    static let author = ["GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                         "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"]

    /// A repository with two imported, committed forms; returns it and the first form's path.
    static func imported() throws -> (TempRepo, String) {
        let r = try TempRepo()
        let result = r.ws.importFiles([fixtures + "/quirks/tf-geq.txt", fixtures + "/quirks/tf-amounts.txt"],
                                      options: .init(), dryRun: false)
        #expect(result.failures.isEmpty)
        try r.ws.commitAll(message: "import", author: sig)
        let path = try #require(r.tree().first { $0.hasPrefix("2022/") && $0.hasSuffix(".jsonl") && $0.contains("/projects/") })
        return (r, path)
    }

    static func breakAmount(_ r: TempRepo, _ path: String) throws {
        let full = r.path + "/" + path
        let text = try String(contentsOfFile: full, encoding: .utf8)
        let broken = text.replacingOccurrences(of: #""amount":"100000.00""#, with: #""amount":"abc""#)
        #expect(broken != text)
        try broken.write(toFile: full, atomically: true, encoding: .utf8)
    }

    @Test func commitRefusesAnInvalidFileAndWritesNothing() throws {
        let (r, path) = try Self.imported()
        let head = try git(["rev-parse", "HEAD"], in: r.path)
        let indexBefore = try git(["ls-files", "-s"], in: r.path)
        try Self.breakAmount(r, path)
        #expect(throws: CommitRefusal.self) { try r.ws.commitAll(message: "broken", author: sig) }
        do { try r.ws.commitAll(message: "broken", author: sig) } catch let e as CommitRefusal {
            #expect(e.problems.map(\.path) == [path])
            #expect(e.description.contains(path + ":"))
            #expect(e.description.contains("nothing was committed"))
        }
        #expect(try git(["rev-parse", "HEAD"], in: r.path) == head)
        #expect(try git(["ls-files", "-s"], in: r.path) == indexBefore)
    }

    @Test func historyAndChecksGoOnPastAFileCommittedWithPlainGit() throws {
        let (r, path) = try Self.imported()
        try Self.breakAmount(r, path)
        _ = try git(["commit", "-qam", "broken by hand"], in: r.path, env: Self.author)
        // log names the file and goes on to the older commit.
        let log = try r.ws.semanticLog(paths: [], limit: nil)
        #expect(log.count == 2)
        #expect(log[0].changes.contains { $0.summary.contains("not readable") && $0.summary.contains("line") })
        #expect(log[1].changes.count == 2)
        #expect(log[1].changes.contains { $0.summary.hasPrefix("added (1 indicator, ") }, "\(log[1].changes.map(\.summary))")
        // check lists it and checks the rest.
        let (docs, unreadable) = try r.ws.documentsSkippingUnreadable(at: "HEAD", filter: .init(year: 2022))
        #expect(unreadable.map(\.path) == [path])
        #expect(docs.projects.count == 1)
        // blame of the broken file says what and where; a later fix makes the history readable.
        #expect(throws: LoadError.self) { try r.ws.blame(path: path) }
        _ = try git(["checkout", "HEAD~1", "--", path], in: r.path)
        try r.ws.commitAll(message: "repaired", author: sig)
        let (_, lines) = try r.ws.blame(path: path)
        #expect(!lines.isEmpty)
        #expect(try r.ws.semanticLog(paths: [], limit: nil).count == 3)
    }

    @Test func importingTheSourceAgainRepairsAnInvalidFile() throws {
        let (r, path) = try Self.imported()
        try Self.breakAmount(r, path)
        let again = r.ws.importFiles([fixtures + "/quirks/tf-geq.txt", fixtures + "/quirks/tf-amounts.txt"],
                                     options: .init(), dryRun: false, retainDocuments: true)
        #expect(again.failures.isEmpty, "\(again.failures)")
        #expect(again.plans.flatMap(\.document.diagnostics).contains { $0.code == "file.regenerated" && $0.raw == path })
        #expect(try r.ws.invalidFilesForCommit().isEmpty)
        #expect(try git(["status", "--porcelain", "--", path], in: r.path).isEmpty)
    }

    @Test func plainGitMergeThatLosesALineNumberIsFoundAndHistoryStaysReadable() throws {
        let (r, path) = try Self.imported()
        let full = r.path + "/" + path
        var form = try ProjectFile.read(Array(try Data(contentsOf: URL(fileURLWithPath: full))), path: path)
        try #require(form.indicators.count >= 3)
        // Indicators read from one source line (a fused row), so that inserting another one
        // anywhere changes the `lines` record the same way.
        let line = form.indicators[0].line
        for i in form.indicators.indices { form.indicators[i].line = line }
        try Data(ProjectFile.write(form)).write(to: URL(fileURLWithPath: full))
        _ = try git(["commit", "-qam", "one source line"], in: r.path, env: Self.author)
        // Both sides add an indicator read from that line, at places two records apart: the
        // indicator records merge, and both sides changed the `lines` record the same way.
        func add(_ name: String, first: Bool) throws {
            var f = form
            let i = Indicator(level1: "产出目标", level2: "数量目标", level3: name,
                              target: Target(text: "1个", comparator: nil, number: "1", unit: "个"), line: line)
            f.indicators.insert(i, at: first ? 0 : 2)
            try Data(ProjectFile.write(f)).write(to: URL(fileURLWithPath: full))
        }
        _ = try git(["checkout", "-qb", "other"], in: r.path)
        try add("甲指标", first: true)
        _ = try git(["commit", "-qam", "add 甲"], in: r.path, env: Self.author)
        _ = try git(["checkout", "-q", "main"], in: r.path)
        try add("乙指标", first: false)
        _ = try git(["commit", "-qam", "add 乙"], in: r.path, env: Self.author)
        // git's line merge takes both indicators and the `lines` record once.
        _ = try git(["merge", "-q", "--no-edit", "other"], in: r.path, env: Self.author)
        let (_, unreadable) = try r.ws.documentsSkippingUnreadable(at: "HEAD", filter: .init(year: 2022))
        #expect(unreadable.map(\.path) == [path])
        #expect(unreadable.first?.message.contains("line merge") == true)
        #expect(try r.ws.semanticLog(paths: [], limit: nil).count >= 3)
    }
}
