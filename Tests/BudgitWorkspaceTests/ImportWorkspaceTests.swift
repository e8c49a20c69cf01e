import Foundation
import Testing
import BudgitModel
import BudgitStore
import BudgitCanonical
import BudgitImport
@testable import BudgitWorkspace

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures").path

final class TempRepo {
    let path: String
    let ws: Workspace
    init() throws {
        path = NSTemporaryDirectory() + "budgit-ws-" + UUID().uuidString
        ws = Workspace(repository: try Repository.create(at: path))
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String, _ bytes: [UInt8]) -> String {
        let p = path + "-in-" + name
        FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }
    func tree() -> [String] { ws.workingTreeFiles() }
}

let sig = Signature(name: "Ana Li", email: "ana@example.org", time: 1_700_000_000, offsetMinutes: 480)

@Suite struct ImportWorkspaceTests {
    @Test func importWritesCanonicalFilesSourceAndDiagnostics() throws {
        let r = try TempRepo()
        let result = r.ws.importFiles([fixtures + "/002_3205439470554c78.txt"], options: .init(), dryRun: false, retainDocuments: true)
        #expect(result.failures.isEmpty)
        #expect(result.written)
        let files = r.tree()
        #expect(files.filter { $0.hasPrefix("2023/") && $0.contains("/projects/") }.count == 5)
        #expect(files.contains("sources/2023/002_3205439470554c78.txt"))
        #expect(files.contains("sources/2023/002_3205439470554c78.txt.diagnostics.jsonl"))
        // The stored source is byte for byte the input.
        let src = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/002_3205439470554c78.txt"))
        #expect(FileManager.default.contents(atPath: r.path + "/sources/2023/002_3205439470554c78.txt") == src)
        // Status lists them; commit records them; reading back gives the same models.
        #expect(try r.ws.repository.status().count == files.count)
        try r.ws.repository.commitAll(message: "2023", author: sig)
        let stored = try r.ws.documents(at: "HEAD", filter: DocumentFilter(year: 2023))
        #expect(stored.projects.map(\.form) == result.plans[0].document.projects.sorted { $0.name < $1.name }.map { p in
            stored.projects.first { $0.form.name == p.name }!.form
        })
        #expect(Set(stored.projects.map(\.form)) == Set(result.plans[0].document.projects))
    }

    @Test func importIsDeterministicWhateverTheOrder() throws {
        let a = try TempRepo(), b = try TempRepo()
        let f1 = fixtures + "/002_3205439470554c78.txt", f2 = fixtures + "/004_592573b8403f4d15.txt"
        _ = a.ws.importFiles([f1, f2], options: .init(), dryRun: false)
        _ = b.ws.importFiles([f2], options: .init(), dryRun: false)
        _ = b.ws.importFiles([f1], options: .init(), dryRun: false)
        #expect(a.tree() == b.tree())
        for f in a.tree() {
            #expect(FileManager.default.contents(atPath: a.path + "/" + f) == FileManager.default.contents(atPath: b.path + "/" + f), "\(f)")
        }
    }

    @Test func dryRunWritesNothing() throws {
        let r = try TempRepo()
        let result = r.ws.importFiles([fixtures + "/002_3205439470554c78.txt"], options: .init(), dryRun: true)
        #expect(result.plans.count == 1 && !result.written)
        #expect(r.tree().isEmpty)
    }

    @Test(arguments: [
        ("empty", [UInt8](), "empty"),
        ("blank", Array("\n\n  \n".utf8), "empty"),
        ("binary", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02], "binary"),
        ("novel", Array("\n\n从前有座山，山里有座庙。\n".utf8), "not a budget document"),
        ("latin1", [0x66, 0xE9, 0xFF, 0xFE, 0x80], "neither UTF-8 nor GB18030"),
    ])
    func badInputIsAClearErrorAndWritesNothing(name: String, bytes: [UInt8], message: String) throws {
        let r = try TempRepo()
        let bad = r.file(name, bytes)
        defer { try? FileManager.default.removeItem(atPath: bad) }
        // A good file beside a bad one: nothing is written at all.
        let result = r.ws.importFiles([fixtures + "/002_3205439470554c78.txt", bad], options: .init(), dryRun: false)
        #expect(result.failures.count == 1)
        #expect(result.failures.first?.error.contains(message) == true, "\(result.failures)")
        #expect(!result.written)
        #expect(r.tree().isEmpty)
    }

    @Test func missingFileIsReported() throws {
        let r = try TempRepo()
        let result = r.ws.importFiles(["/nonexistent/x.txt"], options: .init(), dryRun: false)
        #expect(result.failures.first?.error.contains("cannot read") == true)
    }

    @Test func gb18030IsConvertedAndSaidSo() throws {
        let r = try TempRepo()
        let utf8 = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/002_3205439470554c78.txt"))
        let gb = try iconv(utf8, to: "GB18030")
        #expect(gb != utf8)
        let p = r.file("002_gb.txt", [UInt8](gb))
        defer { try? FileManager.default.removeItem(atPath: p) }
        let result = r.ws.importFiles([p], options: .init(), dryRun: true, retainDocuments: true)
        let doc = try #require(result.plans.first?.document)
        #expect(doc.projects.count == 5)
        #expect(doc.diagnostics.contains { $0.code == "encoding.converted" && $0.message.contains("GB18030") })
        let direct = r.ws.importFiles([fixtures + "/002_3205439470554c78.txt"], options: .init(), dryRun: true, retainDocuments: true)
        #expect(doc.projects.map(\.funds) == direct.plans[0].document.projects.map(\.funds))
    }

    @Test func reimportRemovesFilesTheSourceNoLongerProduces() throws {
        let r = try TempRepo()
        let original = try String(contentsOfFile: fixtures + "/002_3205439470554c78.txt", encoding: .utf8)
        let first = try #require(try Importer.parse(bytes: Array(original.utf8), fileName: "x.txt").projects.first?.name)
        let p1 = r.file("a", Array(original.utf8))
        _ = r.ws.importFiles([p1], options: .init(), dryRun: false)
        let renamed = original.replacingOccurrences(of: first, with: first + "（更正）")
        let p2 = path(of: p1)
        try renamed.write(toFile: p2, atomically: true, encoding: .utf8)
        // Same source file name: a corrected re-issue of the same document.
        let result = r.ws.importFiles([p2], options: .init(), dryRun: false)
        #expect(result.written)
        let names = r.tree().filter { $0.contains("/projects/") }
        #expect(names.contains { $0.contains(first + "（更正）") })
        #expect(!names.contains { $0.hasSuffix("/" + RepositoryLayout.component(first) + ".jsonl") })
        #expect(names.count == 5)
    }

    @Test func yearAndUnitOverridesAreNoted() throws {
        let r = try TempRepo()
        let result = r.ws.importFiles([fixtures + "/002_3205439470554c78.txt"], options: .init(year: 2024, unit: "测试单位"), dryRun: false, retainDocuments: true)
        let doc = try #require(result.plans.first?.document)
        #expect(doc.projects.allSatisfy { $0.year == 2024 && $0.unit == "测试单位" })
        #expect(doc.diagnostics.contains { $0.code == "override.year" })
        #expect(r.tree().contains { $0.hasPrefix("2024/测试单位/projects/") })
    }
}

private func path(of p: String) -> String { p }

private func iconv(_ data: Data, to charset: String) throws -> Data {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    p.arguments = ["-f", "UTF-8", "-t", charset]
    let inp = Pipe(), out = Pipe()
    p.standardInput = inp; p.standardOutput = out
    try p.run()
    inp.fileHandleForWriting.write(data)
    try inp.fileHandleForWriting.close()
    let d = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return d
}

@Suite struct TruncatedInputTests {
    @Test func aFileCutMidCharacterIsImportedWithAnError() throws {
        let r = try TempRepo()
        let full = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixtures + "/002_3205439470554c78.txt")))
        // Cut inside the last multi-byte character of the first 3000 bytes.
        var cut = 3000
        while cut > 0 && (full[cut] & 0xC0) != 0x80 { cut -= 1 }
        let p = r.file("cut.txt", Array(full[..<cut]))
        defer { try? FileManager.default.removeItem(atPath: p) }
        let result = r.ws.importFiles([p], options: .init(), dryRun: true, retainDocuments: true)
        #expect(result.failures.isEmpty)
        let doc = try #require(result.plans.first?.document)
        #expect(doc.diagnostics.contains { $0.code == "file.truncated" && $0.severity == .error })
    }
}
