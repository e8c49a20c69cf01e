import Foundation
import Testing
import BudgitTestSupport
@testable import BudgitStore

@Suite struct RepositoryTests {
    @Test func createThenOpenAndDiscover() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path + "/r")
        #expect(repo.workdir.hasSuffix("/r/"))
        #expect(try repo.headBranch() == "refs/heads/main")
        #expect(try repo.headCommitID() == nil)
        d.write("r/a/b/x.txt", "x\n")
        let found = try Repository.discover(from: d.path + "/r/a/b")
        #expect(found.workdir == repo.workdir)
        #expect(throws: StoreError.alreadyExists(path: d.path + "/r")) { try Repository.create(at: d.path + "/r") }
    }

    @Test func notARepositoryIsAClearError() throws {
        let d = TempDir()
        #expect(throws: StoreError.notARepository(path: d.path)) { try Repository.open(at: d.path) }
        let e = StoreError.notARepository(path: d.path)
        #expect(e.description.contains("budgit init"))
    }

    @Test func commitReadAndListAtRevisions() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        d.write("2022/u/a.jsonl", "one\n")
        d.write("2022/u/b.jsonl", "two\n")
        let c1 = try repo.commitAll(message: "first", author: ana)
        #expect(c1.parents.isEmpty)
        #expect(c1.message == "first\n")
        #expect(c1.author == ana)
        d.write("2022/u/a.jsonl", "one, corrected\n")
        d.remove("2022/u/b.jsonl")
        d.write("2023/u/c.jsonl", "three\n")
        let c2 = try repo.commitAll(message: "second\n\nbody", author: bo)
        #expect(c2.parents == [c1.id])
        #expect(try repo.readFile("2022/u/a.jsonl", at: c1.id.description) == Array("one\n".utf8))
        #expect(try repo.readFile("2022/u/a.jsonl", at: "HEAD") == Array("one, corrected\n".utf8))
        #expect(try repo.readFile("2022/u/b.jsonl", at: "HEAD~1") == Array("two\n".utf8))
        #expect(throws: StoreError.missingPath(path: "2022/u/b.jsonl", revision: "HEAD")) {
            try repo.readFile("2022/u/b.jsonl", at: "HEAD")
        }
        #expect(throws: StoreError.unknownRevision("nope")) { try repo.resolve("nope") }
        #expect(try repo.listFiles(at: "HEAD").map(\.path) == ["2022/u/a.jsonl", "2023/u/c.jsonl"])
        #expect(try repo.listFiles(at: "HEAD", under: "2023").map(\.path) == ["2023/u/c.jsonl"])
        let changes = try repo.changedPaths(from: c1.id, to: c2.id)
        #expect(changes.map { "\($0.kind.rawValue) \($0.path)" } == [
            "modified 2022/u/a.jsonl", "deleted 2022/u/b.jsonl", "added 2023/u/c.jsonl",
        ])
        #expect(try repo.changedPaths(from: c1.id, to: c2.id, under: "2023").map(\.path) == ["2023/u/c.jsonl"])
        #expect(try repo.changedPaths(from: c2.id, to: c2.id).isEmpty)
    }

    /// Below the year and unit levels the walk runs on every core once there are many differing
    /// subtrees: it must report exactly what the serial walk reports.
    @Test func aWideChangeIsWalkedInParallelWithTheSameResult() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        for y in ["2022", "2023"] { for u in 0..<45 { d.write("\(y)/u\(u)/h.jsonl", "h\n"); d.write("\(y)/u\(u)/p/a.jsonl", "a\(u)\n") } }
        let c1 = try repo.commitAll(message: "one", author: ana)
        var expected: [String] = []
        for y in ["2022", "2023"] {
            for u in 0..<44 { d.write("\(y)/u\(u)/p/a.jsonl", "a\(u) changed\n"); expected += ["unchanged \(y)/u\(u)/h.jsonl"] }
            for u in 0..<44 { expected += ["modified \(y)/u\(u)/p/a.jsonl"] }
            d.remove("\(y)/u44/h.jsonl"); d.remove("\(y)/u44/p/a.jsonl")
            expected += ["deleted \(y)/u44/h.jsonl", "deleted \(y)/u44/p/a.jsonl"]
            d.write("\(y)/v/p/new.jsonl", "n\n"); expected.append("added \(y)/v/p/new.jsonl")
        }
        let c2 = try repo.commitAll(message: "two", author: ana)
        let changes = try repo.changedPaths(from: c1.id, to: c2.id, companions: ["h.jsonl"])
        // The header is a companion only where a file beside it changed: p/a.jsonl is one level
        // below, so no header comes along here.
        #expect(changes.map { "\($0.kind.rawValue) \($0.path)" }.sorted() == expected.filter { !$0.hasPrefix("unchanged") }.sorted())
        #expect(changes.map(\.path) == changes.map(\.path).sorted())
        #expect(try repo.changedPaths(from: c1.id, to: c2.id, under: "2023").count == 47)
    }

    /// A companion (a folder's header) is reported unchanged only beside a file that changed.
    @Test func companionsComeWithChangesBesideThem() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        let sig = ana
        for u in ["u", "v", "w"] { d.write("2022/\(u)/h.jsonl", "header \(u)\n"); d.write("2022/\(u)/t.jsonl", "t\n") }
        let c1 = try repo.commitAll(message: "one", author: sig)
        d.write("2022/u/t.jsonl", "t changed\n")        // header of u comes along
        d.write("2022/v/h.jsonl", "header v changed\n")  // a changed header is just modified
        d.write("2022/w/sub/x.jsonl", "x\n")            // a change in a subfolder does not bring w's header
        let c2 = try repo.commitAll(message: "two", author: sig)
        let changes = try repo.changedPaths(from: c1.id, to: c2.id, companions: ["h.jsonl"])
        #expect(changes.map { "\($0.kind.rawValue) \($0.path)" } == [
            "unchanged 2022/u/h.jsonl", "modified 2022/u/t.jsonl", "modified 2022/v/h.jsonl", "added 2022/w/sub/x.jsonl",
        ])
        let h = try #require(changes.first)
        #expect(h.oldID == h.newID && h.oldID != nil)
        #expect(try repo.changedPaths(from: c1.id, to: c2.id).count == 3)
    }

    /// Companion names are matched as bytes where that is exact, and as Swift strings (canonical
    /// equivalence) otherwise: a decomposed `é` or a Kelvin sign `K` in the tree still matches.
    @Test func companionNamesMatchAsSwiftStringsDo() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        let decomposed = "e\u{301}.jsonl", kelvin = "\u{212A}.jsonl"
        for f in ["h.jsonl", decomposed, kelvin, "项目.jsonl", "t.jsonl"] { d.write("2022/u/\(f)", "\(f)\n") }
        let c1 = try repo.commitAll(message: "one", author: ana)
        d.write("2022/u/t.jsonl", "t changed\n")
        let c2 = try repo.commitAll(message: "two", author: ana)
        func companions(_ names: Set<String>) throws -> [String] {
            try repo.changedPaths(from: c1.id, to: c2.id, companions: names).filter { $0.kind == .unchanged }.map(\.path)
        }
        #expect(try companions(["h.jsonl"]) == ["2022/u/h.jsonl"])
        #expect(try companions(["\u{E9}.jsonl"]).map { Array($0.utf8) } == [Array("2022/u/\(decomposed)".utf8)])
        #expect(try companions(["K.jsonl"]).map { Array($0.utf8) } == [Array("2022/u/\(kelvin)".utf8)])
        #expect(try companions(["项目.jsonl", "x.jsonl"]) == ["2022/u/项目.jsonl"])
        #expect(try companions(["项目"]).isEmpty)
    }

    @Test func nothingToCommitIsReported() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        d.write("a.txt", "a\n")
        try repo.commitAll(message: "a", author: ana)
        #expect(throws: StoreError.nothingToCommit) { try repo.commitAll(message: "again", author: ana) }
    }

    @Test func statusListsNewModifiedDeleted() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        d.write("a.txt", "a\n"); d.write("b.txt", "b\n")
        try repo.commitAll(message: "a", author: ana)
        #expect(try repo.status().isEmpty)
        d.write("a.txt", "A\n"); d.remove("b.txt"); d.write("dir/c.txt", "c\n")
        let s = try repo.status().map { "\($0.kind.rawValue) \($0.path)" }
        #expect(s == ["modified a.txt", "deleted b.txt", "new dir/c.txt"])
        let porcelain = try git(["status", "--porcelain", "-uall"], in: d.path)
        #expect(porcelain.split(separator: "\n").map { String($0.dropFirst(3)) } == ["a.txt", "b.txt", "dir/c.txt"])
    }

    @Test func pathLimitedLogMatchesGit() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        var sig = ana
        func commit(_ files: [String: String], _ msg: String) throws {
            for (p, t) in files.sorted(by: { $0.key < $1.key }) { d.write(p, t) }
            sig.time += 60
            try repo.commitAll(message: msg, author: sig)
        }
        try commit(["x/a.txt": "1\n", "y/b.txt": "1\n"], "c1")
        try commit(["x/a.txt": "2\n"], "c2")
        try commit(["y/b.txt": "2\n"], "c3")
        try commit(["x/a.txt": "3\n", "y/b.txt": "3\n"], "c4")
        try commit(["z.txt": "1\n"], "c5")
        for path in ["x/a.txt", "y", "x", "z.txt"] {
            let ours = try repo.log(paths: [path]).map(\.id.description)
            let theirs = try git(["log", "--format=%H", "--", path], in: d.path).split(separator: "\n").map(String.init)
            #expect(ours == theirs, "path \(path)")
        }
        #expect(try repo.log().count == 5)
        #expect(try repo.log(limit: 2).map(\.summary) == ["c5", "c4"])
    }

    @Test func tagsPointAtCommits() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        d.write("a.txt", "a\n")
        let c = try repo.commitAll(message: "a", author: ana)
        _ = try repo.createTag("budget-2022-draft", at: "HEAD", message: "draft", tagger: ana)
        #expect(try repo.tagNames() == ["budget-2022-draft"])
        #expect(try repo.resolve("budget-2022-draft") == c.id)
        #expect(try git(["rev-parse", "budget-2022-draft^{commit}"], in: d.path).hasPrefix(c.id.description))
    }

    @Test func signatureParsing() throws {
        let s = try Signature.parse("Ana Li <ana@example.org>", time: 1, offsetMinutes: 0)
        #expect(s.name == "Ana Li" && s.email == "ana@example.org")
        for bad in ["Ana", "<ana@example.org>", "Ana <a b>", "Ana <ana@example.org", "Ana <<a>>"] {
            #expect(throws: StoreError.malformedAuthor(bad)) { try Signature.parse(bad, time: 1) }
        }
        #expect(Signature(name: "a", email: "b", time: 1_700_000_000, offsetMinutes: 480).isoDate == "2023-11-15 06:13:20 +0800")
    }
}
