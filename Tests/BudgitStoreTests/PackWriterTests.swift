import Foundation
import Testing
import BudgitTestSupport
@testable import BudgitStore
import Clibgit2

/// Large commits write their blobs as one pack (`PackWriter`); git must read it as its own.
@Suite struct PackWriterTests {
    @Test func aLargeCommitIsPackedAndGitReadsIt() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        // Enough files to be packed, with a duplicate, an empty file, a 70 KB file (two stored
        // blocks would not do: it is deflated) and a file of exactly one stored block.
        let n = PackWriter.threshold + 5
        for i in 0..<n { d.write("2022/单位\(i % 7)/projects/项目\(i).jsonl", "{\"k\":\"name\",\"v\":\"项目\(i % (n - 3))\"}\n") }
        d.write("2022/单位0/projects/empty.jsonl", "")
        d.write("sources/2022/big.txt", String(repeating: "预算表 line\n", count: 5_000))
        d.write("sources/2022/block.txt", String(repeating: "x", count: PackWriter.deflateAbove))
        let c = try repo.commitAll(message: "a year", author: ana)
        let packs = try FileManager.default.contentsOfDirectory(atPath: d.path + "/.git/objects/pack").filter { $0.hasSuffix(".pack") }
        // Fewer files than a batch: one pack per core, each core writing one.
        #expect(packs.count == min(PackWriter.maxWorkers, max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        _ = try git(["fsck", "--strict", "--full"], in: d.path)
        #expect(try git(["show", "HEAD:2022/单位3/projects/项目10.jsonl"], in: d.path) == "{\"k\":\"name\",\"v\":\"项目10\"}\n")
        #expect(try git(["show", "HEAD:sources/2022/big.txt"], in: d.path).count == 5_000 * "预算表 line\n".count)
        #expect(try git(["cat-file", "-s", "HEAD:2022/单位0/projects/empty.jsonl"], in: d.path) == "0\n")
        #expect(try git(["status", "--porcelain"], in: d.path).isEmpty)
        // budgit reads it back, and git can repack it.
        #expect(try repo.readFile("sources/2022/block.txt", at: c.id.description) == Array(repeating: UInt8(ascii: "x"), count: PackWriter.deflateAbove))
        _ = try git(["gc", "-q"], in: d.path)
        _ = try git(["fsck", "--strict"], in: d.path)
        // A small commit on top stays loose.
        d.write("2022/单位0/projects/项目0.jsonl", "changed\n")
        try repo.commitAll(message: "one change", author: bo)
        #expect(try git(["show", "HEAD:2022/单位0/projects/项目0.jsonl"], in: d.path) == "changed\n")
    }

    @Test func aCommitLargerThanABatchIsSeveralPacks() throws {
        let d = TempDir()
        _ = try Repository.create(at: d.path)
        let paths = (0..<1_000).map { "2022/u/projects/p\($0 % 990).jsonl" }  // repeated paths: the same bytes twice
        for p in Set(paths) { d.write(p, "{\"k\":\"name\",\"v\":\"\(p)\"}\n") }
        let staged = try PackWriter.write(paths, workdir: d.path + "/", gitdir: d.path + "/.git/", batch: 300)
        #expect(staged.map(\.path) == paths)
        let packs = try FileManager.default.contentsOfDirectory(atPath: d.path + "/.git/objects/pack").filter { $0.hasSuffix(".pack") }
        #expect(packs.count == 4)
        for s in staged.prefix(50) + staged.suffix(50) {
            let id = ObjectID(s.entry.id).description
            #expect(try git(["cat-file", "-p", id], in: d.path) == "{\"k\":\"name\",\"v\":\"\(s.path)\"}\n")
        }
        _ = try git(["fsck", "--strict"], in: d.path)
    }

    /// Ids computed with mbedTLS are libgit2's (and so git's), at every padding boundary of SHA-1.
    @Test func blobIDsAreGitsIDs() throws {
        let d = TempDir()
        let repo = try Repository.create(at: d.path)
        for size in [0, 1, 46, 47, 55, 56, 63, 64, 65, 119, 120, 4_096, 1_000_003] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
            #expect(ObjectID(try PackWriter.blobID(bytes)) == (try repo.hashBlob(bytes)), "size \(size)")
        }
    }

    /// Files larger than the 1 MiB chunks the indexer is fed, in a pack of several batches.
    @Test func entriesLargerThanAChunk() throws {
        let d = TempDir()
        _ = try Repository.create(at: d.path)
        var paths: [String] = []
        for i in 0..<12 {
            let p = "sources/2022/big\(i).txt"
            d.write(p, String(repeating: "预算\(i)行\n", count: 150_000 + i * 40_000))  // 1.6 to 3.4 MB
            paths.append(p)
        }
        let staged = try PackWriter.write(paths, workdir: d.path + "/", gitdir: d.path + "/.git/", batch: 5)
        #expect(staged.map(\.path) == paths)
        for s in staged {
            let size = try git(["cat-file", "-s", ObjectID(s.entry.id).description], in: d.path)
            #expect(Int(size.trimmingCharacters(in: .whitespacesAndNewlines)) == Int(s.entry.file_size))
        }
        _ = try git(["fsck", "--strict"], in: d.path)
    }

    @Test(arguments: [0, 1, 100, 65_534, 65_535, 65_536, 140_000])
    func storedStreamsInflate(size: Int) throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        var out: [UInt8] = []
        PackWriter.appendStored(bytes, to: &out)
        #expect(try inflate(out, size: size) == bytes)
    }

    private func inflate(_ z: [UInt8], size: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: max(size, 1))
        var n = UInt(out.count)
        let rc = out.withUnsafeMutableBufferPointer { o in z.withUnsafeBufferPointer { uncompress(o.baseAddress, &n, $0.baseAddress, UInt($0.count)) } }
        #expect(rc == 0)
        return Array(out[..<Int(n)])
    }
}
