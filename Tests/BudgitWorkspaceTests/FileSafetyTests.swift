import Foundation
import Testing
import BudgitModel
import BudgitStore
import BudgitCanonical
import BudgitImport
@testable import BudgitWorkspace

/// Every file of the working tree (without `.git`) and its bytes.
func snapshot(_ root: String) -> [String: Data] {
    var out: [String: Data] = [:]
    guard let e = FileManager.default.enumerator(atPath: root) else { return out }
    while let p = e.nextObject() as? String {
        if p == ".git" { e.skipDescendants(); continue }
        var st = stat()
        guard lstat(root + "/" + p, &st) == 0 else { continue }
        if (st.st_mode & S_IFMT) == S_IFLNK { out[p] = Data(("link:" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/" + p)) ?? "")).utf8) }
        else if (st.st_mode & S_IFMT) == S_IFREG { out[p] = FileManager.default.contents(atPath: root + "/" + p) }
    }
    return out
}

private let f002 = fixtures + "/002_3205439470554c78.txt"
private let manifest002 = "sources/2023/002_3205439470554c78.txt.files"

@Suite struct ManifestSafetyTests {
    /// A repository holding the import of 002, committed, and a file outside it.
    static func setUp() throws -> (TempRepo, String) {
        let r = try TempRepo()
        #expect(r.ws.importFiles([f002], options: .init(), dryRun: false).written)
        try r.ws.repository.commitAll(message: "002", author: sig)
        let outside = r.path + "-outside"
        try FileManager.default.createDirectory(atPath: outside + "/projects", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: outside + "/projects/x.jsonl", contents: Data("keep\n".utf8))
        _ = FileManager.default.createFile(atPath: outside + "/victim", contents: Data("keep\n".utf8))
        return (r, outside)
    }

    @Test(arguments: [".git/HEAD", "../victim", "ABSOLUTE", "2023/../../victim", "sources/2023/other.txt", "README.md"])
    func tamperedManifestLinesAreRefusedAndNothingChanges(line: String) throws {
        let (r, outside) = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let entry = line == "ABSOLUTE" ? outside + "/victim" : line
        let mpath = r.path + "/" + manifest002
        var m = try String(contentsOfFile: mpath, encoding: .utf8)
        m += entry + "\n"
        try m.write(toFile: mpath, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: r.path + "/README.md", contents: Data("mine\n".utf8))
        let head = try String(contentsOfFile: r.path + "/.git/HEAD", encoding: .utf8)
        let before = snapshot(r.path)
        let result = r.ws.importFiles([f002], options: .init(), dryRun: false)
        #expect(!result.written)
        let message = result.failures.first?.error ?? ""
        #expect(message.contains(manifest002) && message.contains("line 8") && message.contains(entry), "\(message)")
        #expect(snapshot(r.path) == before)
        #expect(try String(contentsOfFile: r.path + "/.git/HEAD", encoding: .utf8) == head)
        #expect(FileManager.default.contents(atPath: outside + "/victim") == Data("keep\n".utf8))
        #expect(try r.ws.repository.status().map(\.path) == ["README.md", manifest002])
        #expect(r.ws.writer.pendingTransactions().isEmpty)
    }

    @Test func aManifestPathThroughALinkIsRefusedNamingTheLink() throws {
        let (r, outside) = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: r.path + "/2023/link", withDestinationPath: outside)
        let mpath = r.path + "/" + manifest002
        try (try String(contentsOfFile: mpath, encoding: .utf8) + "2023/link/projects/x.jsonl\n")
            .write(toFile: mpath, atomically: true, encoding: .utf8)
        let before = snapshot(r.path)
        let result = r.ws.importFiles([f002], options: .init(), dryRun: false)
        #expect(!result.written)
        let message = result.failures.first?.error ?? ""
        #expect(message.contains("`2023/link` is a symbolic link to `\(outside)`"), "\(message)")
        #expect(FileManager.default.contents(atPath: outside + "/projects/x.jsonl") == Data("keep\n".utf8))
        #expect(snapshot(r.path) == before)
    }

    @Test func aYearFolderThatIsALinkIsRefusedAndNothingIsWrittenOutside() throws {
        let r = try TempRepo()
        let outside = r.path + "-outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: r.path + "/2023", withDestinationPath: outside)
        let result = r.ws.importFiles([f002], options: .init(), dryRun: false)
        #expect(!result.written)
        #expect(result.failures.first?.error.contains("`2023` is a symbolic link to `\(outside)`; budgit does not write through links") == true,
                "\(result.failures)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
        #expect(Set(snapshot(r.path).keys) == ["2023"])
        #expect(r.ws.writer.pendingTransactions().isEmpty)
    }

    @Test func aUnitFolderLinkDeeperDownIsRefusedToo() throws {
        let (r, outside) = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let unit = try #require(try FileManager.default.contentsOfDirectory(atPath: r.path + "/2023").first)
        try FileManager.default.removeItem(atPath: r.path + "/2023/" + unit)
        try FileManager.default.createSymbolicLink(atPath: r.path + "/2023/" + unit, withDestinationPath: outside)
        let result = r.ws.importFiles([f002], options: .init(), dryRun: false)
        #expect(!result.written)
        #expect(result.failures.first?.error.contains("`2023/\(unit)` is a symbolic link") == true, "\(result.failures)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside + "/projects") == ["x.jsonl"])
    }

    @Test func aFolderWhereAFileGoesIsRefusedBeforeAnythingMoves() throws {
        let (r, outside) = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        // The manifest lists a file that is now a folder: deleting it would fail half-way.
        let mpath = r.path + "/" + manifest002
        let unit = try #require(try FileManager.default.contentsOfDirectory(atPath: r.path + "/2023").first)
        let odd = "2023/\(unit)/projects/旧项目.jsonl"
        try (try String(contentsOfFile: mpath, encoding: .utf8) + odd + "\n").write(toFile: mpath, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: r.path + "/" + odd + "/inner", withIntermediateDirectories: true)
        // And a changed source, so that files would move.
        let input = r.path + "-in"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: input) }
        let changed = input + "/002_3205439470554c78.txt"
        try (try String(contentsOfFile: f002, encoding: .utf8) + "\n").write(toFile: changed, atomically: true, encoding: .utf8)
        let before = snapshot(r.path)
        let result = r.ws.importFiles([changed], options: .init(), dryRun: false)
        #expect(!result.written)
        #expect(result.failures.first?.error.contains("it is a folder") == true, "\(result.failures)")
        #expect(snapshot(r.path) == before)
        #expect(r.ws.writer.pendingTransactions().isEmpty)
    }

    @Test func aFileThatIsALinkIsReplacedNotFollowed() throws {
        let (r, outside) = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let project = try #require(r.tree().first { $0.contains("/projects/") })
        let bytes = FileManager.default.contents(atPath: r.path + "/" + project)
        try FileManager.default.removeItem(atPath: r.path + "/" + project)
        try FileManager.default.createSymbolicLink(atPath: r.path + "/" + project, withDestinationPath: outside + "/victim")
        #expect(r.ws.importFiles([f002], options: .init(), dryRun: false).written)
        var st = stat()
        #expect(lstat(r.path + "/" + project, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG)
        #expect(FileManager.default.contents(atPath: r.path + "/" + project) == bytes)
        #expect(FileManager.default.contents(atPath: outside + "/victim") == Data("keep\n".utf8))
    }
}

@Suite struct ImportTransactionTests {
    @Test func unchangedFilesAreNotRewritten() throws {
        let r = try TempRepo()
        #expect(r.ws.importFiles([f002], options: .init(), dryRun: false).written)
        let p = r.path + "/" + manifest002
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: p)
        #expect(r.ws.importFiles([f002], options: .init(), dryRun: false).written)
        let date = try FileManager.default.attributesOfItem(atPath: p)[.modificationDate] as? Date
        #expect(date == Date(timeIntervalSince1970: 1_000_000))
    }

    @Test func aTransactionNeverCommittedIsDiscardedByTheNextCommand() throws {
        let r = try TempRepo()
        let w = r.ws.writer
        do {
            let t = try w.begin()
            _ = try w.stage([("2023/u/projects/a.jsonl", Array("x\n".utf8))], in: t, prefix: "0")
            // Killed here: the lock goes with the process, the folder stays.
        }
        #expect(w.pendingTransactions().count == 1)
        #expect(r.tree().isEmpty)
        let notes = try r.ws.recover()
        #expect(notes.count == 1 && notes[0].contains("discarded"))
        #expect(w.pendingTransactions().isEmpty && r.tree().isEmpty)
    }

    @Test func recoveryLeavesARunningImportAlone() throws {
        let r = try TempRepo()
        let w = r.ws.writer
        let t = try w.begin()
        _ = try w.stage([("2023/u/projects/a.jsonl", Array("x\n".utf8))], in: t, prefix: "0")
        #expect(try r.ws.recover().isEmpty)
        #expect(w.pendingTransactions().count == 1)
        #expect(throws: FileWriter.WriteError.self) { _ = try w.begin() }
        w.abort(t)
        #expect(w.pendingTransactions().isEmpty)
    }

    @Test func strayTemporariesOfEarlierVersionsAreNeverListedNorCommitted() throws {
        let r = try TempRepo()
        #expect(r.ws.importFiles([f002], options: .init(), dryRun: false).written)
        let unit = try #require(try FileManager.default.contentsOfDirectory(atPath: r.path + "/2023").first)
        let stray = "2023/\(unit)/projects/.budgit-tmp-123-1700000000000-0-3"
        _ = FileManager.default.createFile(atPath: r.path + "/" + stray, contents: Data("half".utf8))
        #expect(try !r.ws.repository.status().contains { $0.path.contains(".budgit-tmp-") })
        #expect(!r.tree().contains { $0.contains(".budgit-tmp-") })
        let info = try r.ws.commitAll(message: "002", author: sig)
        #expect(try r.ws.repository.changedPaths(from: nil, to: info.id).allSatisfy { !$0.path.contains(".budgit-tmp-") })
        #expect(!FileManager.default.fileExists(atPath: r.path + "/" + stray))
    }
}

@Suite struct NameCollisionTests {
    static func form(_ name: String, unit: String = "单位", marker: String) -> ProjectForm {
        ProjectForm(year: 2022, name: name, unit: unit, details: [LabeledText(label: "标记", text: marker)],
                    source: SourceSpan(file: "x.txt", firstLine: 1, lastLine: 2))
    }

    @Test func aRealNameLikeADuplicateSuffixKeepsItsOwnFile() throws {
        let doc = ImportedDocument(layout: "target-form-2022", sourceFile: "x.txt", year: 2022,
                                   projects: [Self.form("重复~2", marker: "a"), Self.form("重复", marker: "b"), Self.form("重复", marker: "c")])
        let plan = try ImportPlan.make(doc, source: [], previousManifest: nil)
        let projects = plan.files.filter { $0.path.contains("/projects/") }
        #expect(Set(projects.map(\.path)).count == 3)
        #expect(projects.map(\.path) == ["2022/单位/projects/重复~2.jsonl", "2022/单位/projects/重复.jsonl", "2022/单位/projects/重复%~2.jsonl"])
        let r = try TempRepo()
        let p = r.file("x.txt", [])
        defer { try? FileManager.default.removeItem(atPath: p) }
        try FileWriter(root: r.path).apply(writes: plan.files)
        for (f, marker) in zip(projects, ["a", "b", "c"]) {
            let form = try ProjectFile.read(try #require(r.ws.writer.read(f.path)), path: f.path)
            #expect(form.details.first?.text == marker)
        }
    }

    @Test func longNamesWithACommonPrefixGetDistinctFiles() throws {
        let stem = String(repeating: "信息化建设", count: 12)
        let names = (0..<50).map { stem + "第\($0)期" }
        let doc = ImportedDocument(layout: "target-form-2022", sourceFile: "x.txt", year: 2022,
                                   projects: names.map { Self.form($0, marker: $0) })
        let plan = try ImportPlan.make(doc, source: [], previousManifest: nil)
        let paths = plan.files.filter { $0.path.contains("/projects/") }.map(\.path)
        #expect(Set(paths).count == 50)
        #expect(paths.allSatisfy { $0.contains("%~") })
    }

    @Test func twoSourcesWithTheSameUnitAndProjectInOneImportAreRefused() throws {
        let r = try TempRepo()
        let copy = r.file("002_copy.txt", [UInt8](try Data(contentsOf: URL(fileURLWithPath: f002))))
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let result = r.ws.importFiles([f002, copy], options: .init(), dryRun: false)
        #expect(!result.written)
        #expect(result.failures.contains { $0.error.contains("would be written by both") }, "\(result.failures)")
        #expect(r.tree().isEmpty)
    }

    @Test func aSecondSourceBringingTheSameProjectIsRefused() throws {
        let r = try TempRepo()
        #expect(r.ws.importFiles([f002], options: .init(), dryRun: false).written)
        let before = snapshot(r.path)
        let copy = r.file("002_copy.txt", [UInt8](try Data(contentsOf: URL(fileURLWithPath: f002))))
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let result = r.ws.importFiles([copy], options: .init(), dryRun: false)
        #expect(!result.written)
        #expect(result.failures.first?.error.contains("already belongs to another source (listed in `\(manifest002)`)") == true,
                "\(result.failures)")
        #expect(snapshot(r.path) == before)
        // Filed under another unit, it is welcome.
        #expect(r.ws.importFiles([copy], options: .init(unit: "另一单位"), dryRun: false).written)
    }
}
