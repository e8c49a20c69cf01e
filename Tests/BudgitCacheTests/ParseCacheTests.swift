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

    @Test func turnedOffByTheEnvironment() {
        #expect(ParseCache.turnedOff("off"))
        #expect(!ParseCache.turnedOff(nil) && !ParseCache.turnedOff("") && !ParseCache.turnedOff("on"))
    }
}
