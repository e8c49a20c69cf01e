import Foundation
import Testing
import BudgitTestSupport
@testable import BudgitCache

/// What is not a regular file under `.git/budgit/` is skipped without blocking, replaced by the
/// next store, and never followed or deleted by pruning.
@Suite struct ParseCacheFileKindsTests {
    /// A scratch folder holding a `.git/` and an `outside/` folder beside it.
    final class Scratch {
        let root: String
        var gitdir: String { root + "/.git/" }
        var outside: String { root + "/outside/" }
        init() throws {
            root = NSTemporaryDirectory() + "budgit-cache-kinds-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: root + "/outside", withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    enum Kind: String, CaseIterable, Sendable { case fifo, folder, linkToDevZero, linkOutside, linkToFolder }

    /// Puts a `kind` where `path` is (nothing must be there); files outside go in `outside`.
    static func make(_ kind: Kind, at path: String, outside: String, bytes: [UInt8]) throws {
        switch kind {
        case .fifo: #expect(mkfifo(path, 0o644) == 0)
        case .folder: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        case .linkToDevZero: #expect(symlink("/dev/zero", path) == 0)
        case .linkOutside:
            #expect(FileManager.default.createFile(atPath: outside + "entry", contents: Data(bytes)))
            #expect(symlink(outside + "entry", path) == 0)
        case .linkToFolder: #expect(symlink(outside, path) == 0)
        }
    }

    /// Loading returns nothing at once (a FIFO would block a plain `open` and a `/dev/zero`
    /// link would never end); storing then puts a real entry in its place, not in its target.
    @Test(arguments: Kind.allCases)
    func nonRegularEntryIsSkippedThenReplaced(kind: Kind) throws {
        let s = try Scratch()
        let cache = ParseCache(gitdir: s.gitdir)
        #expect(cache.prepareForWriting())
        let key = String(repeating: "3c", count: 20)
        let path = cache.path(key)
        try FileManager.default.createDirectory(atPath: String(path.dropLast(38)), withIntermediateDirectories: true)
        try Self.make(kind, at: path, outside: s.outside, bytes: [1, 2, 3])
        let got = Handoff<[UInt8]?>([0])
        let finished = finishes(within: 10, unblock: {
            let fd = open(path, O_WRONLY | O_NONBLOCK)  // the FIFO's other end, for a reader stuck in open
            if fd >= 0 { close(fd) }
        }) { got.value = cache.load(key) }
        #expect(finished, "load of a \(kind) did not return")
        #expect(got.value == nil, "\(kind) served as an entry")
        #expect(!cache.contains(key))
        #expect(cache.store(key, [7, 8, 9]))
        #expect(cache.load(key) == [7, 8, 9])
        var st = stat()
        #expect(lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG)
        // Nothing outside was written or deleted.
        let outside = try FileManager.default.contentsOfDirectory(atPath: s.outside)
        #expect(outside == (kind == .linkOutside ? ["entry"] : []))
        if kind == .linkOutside { #expect(FileManager.default.contents(atPath: s.outside + "entry") == Data([1, 2, 3])) }
    }

    /// A non-empty folder where the entry would be cannot be replaced: storing fails, loading
    /// skips it, and neither deletes what is in it.
    @Test func nonEmptyFolderIsLeftAlone() throws {
        let s = try Scratch()
        let cache = ParseCache(gitdir: s.gitdir)
        #expect(cache.prepareForWriting())
        let key = String(repeating: "4d", count: 20)
        try FileManager.default.createDirectory(atPath: cache.path(key), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: cache.path(key) + "/x", contents: Data([1])))
        #expect(cache.load(key) == nil)
        #expect(!cache.store(key, [1, 2]))
        #expect(FileManager.default.fileExists(atPath: cache.path(key) + "/x"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory + "4d") == [String(key.dropFirst(2))],
                "no temporary file left")
    }

    /// A shard folder that is a link (to a folder outside holding a valid-looking entry): its
    /// entries are not read, and storing replaces the link by a real folder instead of writing
    /// through it.
    @Test func linkedShardIsNotFollowed() throws {
        let s = try Scratch()
        let cache = ParseCache(gitdir: s.gitdir)
        #expect(cache.prepareForWriting())
        let key = String(repeating: "5e", count: 20)
        #expect(FileManager.default.createFile(atPath: s.outside + String(key.dropFirst(2)), contents: Data([1, 2, 3])))
        #expect(symlink(s.outside, cache.directory + "5e") == 0)
        #expect(cache.load(key) == nil)
        #expect(cache.store(key, [4, 5]))
        #expect(cache.load(key) == [4, 5])
        #expect(FileManager.default.contents(atPath: s.outside + String(key.dropFirst(2))) == Data([1, 2, 3]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.outside) == [String(key.dropFirst(2))])
    }

    /// A version folder (or `.git/budgit/`) that is a link to a folder elsewhere is not written
    /// through, and pruning does not delete what is in it.
    @Test(arguments: [false, true])
    func linkedCacheFolderIsNotWrittenThrough(linkBudgit: Bool) throws {
        let s = try Scratch()
        let cache = ParseCache(gitdir: s.gitdir)
        let key = String(repeating: "6f", count: 20)
        try FileManager.default.createDirectory(atPath: s.outside + "6f", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: s.outside + "6f/" + String(key.dropFirst(2)), contents: Data([1])))
        if linkBudgit {
            // .git/budgit -> outside/b, holding parsed-vN -> … as a real folder
            try FileManager.default.createDirectory(atPath: s.outside + "b/parsed-v0/ab", withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: s.outside + "b/parsed-v0/ab/cdef", contents: Data([3])))
            #expect(symlink(s.outside, s.outside + "b/parsed-v\(FormArchive.version)") == 0)
            #expect(symlink(s.outside + "b", s.gitdir + "budgit") == 0)
        } else {
            try FileManager.default.createDirectory(atPath: s.gitdir + "budgit", withIntermediateDirectories: true)
            #expect(symlink(s.outside, String(cache.directory.dropLast())) == 0)
        }
        #expect(!cache.prepareForWriting())
        #expect(!cache.store(key, [2]))
        #expect(cache.prune(limit: 0) == 0)
        #expect(FileManager.default.contents(atPath: s.outside + "6f/" + String(key.dropFirst(2))) == Data([1]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.outside + "6f") == [String(key.dropFirst(2))])
        if linkBudgit { #expect(FileManager.default.contents(atPath: s.outside + "b/parsed-v0/ab/cdef") == Data([3])) }
    }

    /// Pruning to nothing deletes every regular entry and stale file of the cache, and nothing
    /// else: not the targets of links (files, shard folders, version folders), not FIFOs,
    /// sockets' stand-ins or folders; and it does not block on a FIFO.
    @Test func pruneNeitherFollowsNorDeletesOutside() throws {
        let s = try Scratch()
        let cache = ParseCache(gitdir: s.gitdir)
        #expect(cache.prepareForWriting())
        let keys = (0..<4).map { i in String(format: "%02x", i) + String(repeating: "1", count: 38) }
        for k in keys { #expect(cache.store(k, [UInt8](repeating: 1, count: 100))) }
        // Outside: files a careless prune would find through links and delete.
        let victims = ["a" + String(repeating: "2", count: 38), ".tmp-1-1", "cdef"]
        for v in victims { #expect(FileManager.default.createFile(atPath: s.outside + v, contents: Data([9]))) }
        var old = [timespec(tv_sec: time(nil) - 7200, tv_nsec: 0), timespec(tv_sec: time(nil) - 7200, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, s.outside + ".tmp-1-1", &old, 0) == 0)
        let budgit = s.gitdir + "budgit/"
        #expect(symlink(s.outside, cache.directory + "aa") == 0)                   // a shard
        #expect(symlink(s.outside, budgit + "parsed-v0") == 0)                    // an old version
        #expect(symlink(s.outside + "cdef", cache.directory + "00/" + "link") == 0)  // an entry
        #expect(mkfifo(cache.directory + "01/" + "fifo", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: cache.directory + "02/" + "folder", withIntermediateDirectories: false)
        let deleted = Handoff(-1)
        #expect(finishes(within: 20) { deleted.value = cache.prune(limit: 0) }, "prune did not return")
        #expect(deleted.value == keys.count)
        #expect(keys.allSatisfy { !cache.contains($0) })
        for v in victims { #expect(FileManager.default.contents(atPath: s.outside + v) == Data([9]), "\(v) outside") }
        var st = stat()
        #expect(lstat(cache.directory + "00/link", &st) == 0)
        #expect(lstat(cache.directory + "01/fifo", &st) == 0)
        #expect(lstat(cache.directory + "02/folder", &st) == 0)
    }
}
