import Foundation
import Testing
@testable import BudgitCache

@Suite struct ParseCacheTests {
    func tempGitdir() -> String {
        let dir = NSTemporaryDirectory() + "budgit-cache-" + UUID().uuidString + "/.git/"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func storesAndLoadsByKey() throws {
        let gitdir = tempGitdir()
        defer { try? FileManager.default.removeItem(atPath: String(gitdir.dropLast(5))) }
        let cache = ParseCache(gitdir: gitdir)
        let key = String(repeating: "ab", count: 20)
        #expect(cache.load(key) == nil)
        #expect(cache.prepareForWriting())
        #expect(cache.store(key, parts: [[1, 2], [], [3]]))
        #expect(cache.load(key) == [1, 2, 3])
        #expect(cache.path(key) == gitdir + "budgit/parsed-v\(FormArchive.version)/ab/" + String(repeating: "ab", count: 19))
        // Rewriting replaces the entry whole, and leaves no temporary file behind.
        #expect(cache.store(key, [9]))
        #expect(cache.load(key) == [9])
        let folder = gitdir + "budgit/parsed-v\(FormArchive.version)/ab"
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [String(repeating: "ab", count: 19)])
    }

    @Test func anUnwritableCacheIsNotAnError() throws {
        let gitdir = tempGitdir()
        defer { try? FileManager.default.removeItem(atPath: String(gitdir.dropLast(5))) }
        // A file where the cache's folder would be: nothing can be stored, and nothing breaks.
        _ = FileManager.default.createFile(atPath: gitdir + "budgit", contents: Data())
        let cache = ParseCache(gitdir: gitdir)
        let key = String(repeating: "cd", count: 20)
        #expect(!cache.prepareForWriting())
        #expect(!cache.store(key, [1]))
        #expect(cache.load(key) == nil)
    }

    /// Over its limit, the cache drops the least recently used entries until it fits in three
    /// quarters; old versions' entries and stale temporary files go first; under the limit
    /// nothing is touched.
    @Test func pruneKeepsTheMostRecentlyUsed() throws {
        let gitdir = tempGitdir()
        defer { try? FileManager.default.removeItem(atPath: String(gitdir.dropLast(5))) }
        let cache = ParseCache(gitdir: gitdir)
        #expect(cache.prepareForWriting())
        let keys = (0..<10).map { i in String(format: "%02x", i * 20) + String(repeating: "0", count: 38) }
        for (i, k) in keys.enumerated() {
            #expect(cache.store(k, [UInt8](repeating: UInt8(i), count: 1000)))
            // Entry i was last used i hours ago.
            var times = [timespec(tv_sec: time(nil) - i * 3600, tv_nsec: 0), timespec(tv_sec: time(nil) - i * 3600, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, cache.path(k), &times, 0) == 0)
        }
        let old = gitdir + "budgit/parsed-v0/ab/"
        try FileManager.default.createDirectory(atPath: old, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: old + "cdef", contents: Data([1, 2, 3])))
        let temp = cache.directory + "00/.tmp-1-2"
        #expect(FileManager.default.createFile(atPath: temp, contents: Data([1])))
        var hourAgo = [timespec(tv_sec: time(nil) - 7200, tv_nsec: 0), timespec(tv_sec: time(nil) - 7200, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, temp, &hourAgo, 0) == 0)
        // Under the limit: only the other version and the stale temporary file go.
        #expect(cache.prune(limit: 100_000) == 2)
        #expect(keys.allSatisfy { cache.contains($0) })
        #expect(!FileManager.default.fileExists(atPath: old + "cdef") && !FileManager.default.fileExists(atPath: temp))
        // Reading an entry a day old marks it used now.
        var dayAgo = [timespec(tv_sec: time(nil) - 90_000, tv_nsec: 0), timespec(tv_sec: time(nil) - 90_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, cache.path(keys[0]), &dayAgo, 0) == 0)
        #expect(utimensat(AT_FDCWD, cache.path(keys[9]), &dayAgo, 0) == 0)
        #expect(cache.load(keys[9]) == [UInt8](repeating: 9, count: 1000))
        // 10,000 bytes over a limit of 8,000: down to 6,000, the four least recently used go
        // (entry 0, then 8, 7, 6; entry 9 was just read).
        #expect(cache.prune(limit: 8_000) == 4)
        #expect(keys.map { cache.contains($0) } == [false, true, true, true, true, true, false, false, false, true])
    }

    @Test func limitFromTheEnvironment() {
        #expect(ParseCache.limit(nil) == ParseCache.defaultLimit)
        #expect(ParseCache.limit("") == ParseCache.defaultLimit && ParseCache.limit("-3") == ParseCache.defaultLimit)
        #expect(ParseCache.limit("256") == 256 << 20 && ParseCache.limit("0") == 0)
    }

    @Test func turnedOffByTheEnvironment() {
        #expect(ParseCache.turnedOff("off"))
        #expect(!ParseCache.turnedOff(nil) && !ParseCache.turnedOff("") && !ParseCache.turnedOff("on"))
    }
}
