import Foundation
import Testing
import BudgitTestSupport

/// Every file of the working tree (without `.git`) and its bytes.
private func tree(_ root: String) -> [String: Data] {
    var out: [String: Data] = [:]
    guard let e = FileManager.default.enumerator(atPath: root) else { return out }
    while let p = e.nextObject() as? String {
        if p == ".git" { e.skipDescendants(); continue }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue {
            out[p] = FileManager.default.contents(atPath: root + "/" + p)
        }
    }
    return out
}

/// `budgit import` killed at every step (`BUDGIT_TEST_CRASH_AFTER=N` ends it with `_exit` after
/// its N-th file operation, as `kill -9` would) and at random moments: the next command finds
/// either the old tree or the fully imported one, never a temporary file.
@Suite(.serialized) struct ImportCrashTests {
    static let f002 = fixtures + "/002_3205439470554c78.txt"
    static let f004 = fixtures + "/004_592573b8403f4d15.txt"

    /// A repository in `dir/base`, prepared by `setUp`, and the tree an uninterrupted import gives.
    static func prepare(_ s: Sandbox, setUp: (String) throws -> Void, importing files: [String]) throws -> (old: [String: Data], new: [String: Data]) {
        _ = try budgit(["init", "base"], in: s.path)
        try setUp(s.path + "/base")
        try copyTree("base", "full", in: s.path)
        let r = try budgit(["import"] + files, in: s.path + "/full")
        #expect(r.status == 0 || r.status == 2, "\(r.stderr)")  // 2: some facts unreadable, files written
        return (tree(s.path + "/base"), tree(s.path + "/full"))
    }

    /// Imports `files` into a copy of base killed after `n` operations; then checks recovery.
    /// Returns whether the import ran to its end (n beyond its last operation).
    static func crashAndRecover(_ s: Sandbox, n: Int, files: [String], states: (old: [String: Data], new: [String: Data])) throws -> Bool {
        let dir = s.path + "/try-\(n)"
        try copyTree("base", "try-\(n)", in: s.path)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try budgit(["import"] + files, in: dir, env: ["BUDGIT_TEST_CRASH_AFTER": "\(n)"])
        #expect([0, 2, 137].contains(r.status), "N=\(n): \(r.stderr)")
        try checkRecovered(dir, states: states, label: "N=\(n)")
        return r.status != 137
    }

    static func checkRecovered(_ dir: String, states: (old: [String: Data], new: [String: Data]), label: String) throws {
        let status = try budgit(["status", "--json"], in: dir)
        #expect(status.status == 0, "\(label): \(status.stderr)")
        #expect(!status.stdout.contains(".budgit-tmp"), "\(label)")
        let now = tree(dir)
        #expect(now == states.old || now == states.new,
                "\(label): neither old nor new; extra \(Set(now.keys).subtracting(states.new.keys).sorted()), missing \(Set(states.new.keys).subtracting(now.keys).sorted())")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/.git/budgit")) ?? []
        #expect(!left.contains { $0.hasPrefix("import-") }, "\(label): \(left)")
        #expect(!now.keys.contains { $0.contains(".budgit-tmp") }, "\(label)")
    }

    @Test func firstImportKilledAtEveryStep() throws {
        let s = Sandbox()
        let files = [Self.f002, Self.f004]
        let states = try Self.prepare(s, setUp: { _ in }, importing: files)
        #expect(states.old.isEmpty && states.new.count == 12)
        var n = 1
        while n < 200, try !Self.crashAndRecover(s, n: n, files: files, states: states) { n += 1 }
        #expect(n > 20 && n < 200, "the import should take some tens of steps, took \(n)")
        // The state after the last trial's recovery is committed cleanly and git agrees.
        let dir = s.path + "/base"
        _ = try budgit(["import"] + files, in: dir, env: ["BUDGIT_TEST_CRASH_AFTER": "\(n / 2)"])
        _ = try budgit(["status"], in: dir)
        #expect(tree(dir) == states.new)
        #expect(try budgit(["commit", "-m", "x", "--author", "A <a@b>"], in: dir).status == 0)
        try git(["fsck", "--strict"], in: dir)
        #expect(try git(["status", "--porcelain"], in: dir).isEmpty)
    }

    @Test func reimportWithRenamesAndDeletesKilledAtEveryStep() throws {
        let s = Sandbox()
        let original = try String(contentsOfFile: Self.f002, encoding: .utf8)
        let changed = s.path + "/in/002_3205439470554c78.txt"
        try FileManager.default.createDirectory(atPath: s.path + "/in", withIntermediateDirectories: true)
        // Rename two projects: two files removed, two written, manifest and source rewritten.
        var text = original
        for name in ["党建", "学校"] {
            if let range = text.range(of: name) { text.replaceSubrange(range, with: name + "更正") }
        }
        try text.write(toFile: changed, atomically: true, encoding: .utf8)
        let states = try Self.prepare(s, setUp: { dir in
            _ = try budgit(["import", Self.f002, Self.f004], in: dir)
            _ = try budgit(["commit", "-m", "first", "--author", "A <a@b>"], in: dir)
        }, importing: [changed])
        #expect(states.old != states.new)
        var n = 1
        while n < 200, try !Self.crashAndRecover(s, n: n, files: [changed], states: states) { n += 1 }
        #expect(n > 5 && n < 200)
    }

    @Test func aRollForwardBlockedByALinkStopsCommandsUntilItIsRemoved() throws {
        let s = Sandbox()
        let states = try Self.prepare(s, setUp: { _ in }, importing: [Self.f002])
        let dir = s.path + "/base"
        // Killed right after the journal: 8 staged files, then the journal.
        let r = try budgit(["import", Self.f002], in: dir, env: ["BUDGIT_TEST_CRASH_AFTER": "9"])
        #expect(r.status == 137)
        let pending = try FileManager.default.contentsOfDirectory(atPath: dir + "/.git/budgit").filter { $0.hasPrefix("import-") }
        #expect(pending.count == 1)
        #expect(FileManager.default.fileExists(atPath: dir + "/.git/budgit/" + (pending.first ?? "") + "/journal"))
        let outside = s.path + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/2023", withDestinationPath: outside)
        let blocked = try budgit(["status"], in: dir)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("an interrupted import could not be finished") && blocked.stderr.contains("`2023` is a symbolic link"),
                "\(blocked.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
        try FileManager.default.removeItem(atPath: dir + "/2023")
        let fixed = try budgit(["status"], in: dir)
        #expect(fixed.status == 0 && fixed.stderr.contains("finished an interrupted import"), "\(fixed.stderr)")
        #expect(tree(dir) == states.new)
    }

    @Test func killedAtRandomMoments() throws {
        let s = Sandbox()
        let files = ["000_b8de17d7b47ea05c.txt", "001_c2baf747aff8c518.txt", "002_3205439470554c78.txt", "004_592573b8403f4d15.txt"]
            .map { fixtures + "/" + $0 }
        let states = try Self.prepare(s, setUp: { _ in }, importing: files)
        var rng = SeededGenerator(seed: 20261203)
        for trial in 0..<6 {
            let dir = s.path + "/rand-\(trial)"
            try copyTree("base", "rand-\(trial)", in: s.path)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: budgitBinary)
            p.arguments = ["import"] + files
            p.currentDirectoryURL = URL(fileURLWithPath: dir)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32.random(in: 20_000...400_000, using: &rng))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            try Self.checkRecovered(dir, states: states, label: "random trial \(trial)")
            try? FileManager.default.removeItem(atPath: dir)
        }
    }
}

/// `cp -a FROM TO` in `dir`: each trial starts from a copy of the same repository.
private func copyTree(_ from: String, _ to: String, in dir: String) throws {
    let r = try runProcess("/bin/cp", ["-a", from, to], in: dir)
    if r.status != 0 { throw CopyFailed(message: r.stderr) }
}

private struct CopyFailed: Error { var message: String }
