import Clibgit2
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Writes the blobs of a large commit as packs (one per 4,096 files), through libgit2's indexer,
/// instead of one loose object file each.
///
/// A year is some 57,000 files. As loose objects that is 57,000 files created under
/// `.git/objects` (most of a commit's time was the kernel's) and, later, 57,000 opens, reads and
/// inflates for every command that reads them. In packs they are fourteen files that readers map
/// in windows.
///
/// The pack holds whole objects (no deltas) whose zlib streams are *stored*, not deflated:
/// canonical files are small, and deflating them cost more time at both ends (about 36 µs to
/// deflate and 10 µs to inflate a 3 KiB file, against 2.5 and 1.2 µs stored) than it saved
/// space (a loose object takes a 4 KiB block anyway). `git gc` or a push repacks them as git
/// always does. The stream goes to `git_odb_write_pack`, libgit2's indexer: it checks every
/// object and the trailer, writes the `.idx` and only then makes the pack visible, so an
/// interrupted commit leaves nothing a reader could see.
enum PackWriter {
    /// Commits of at least this many new blobs are packed; smaller ones are written loose.
    static let threshold = 1_000

    /// Blobs larger than this (raw sources) are deflated; smaller ones are stored.
    static let deflateAbove = 16 * 1024

    /// One file read and hashed, as its pack entry, waiting to be streamed.
    private struct Blob { var staged: BlobWriter.Staged; var entry: [UInt8] }

    /// Files per pack: memory holds one batch of entries per worker, not the whole commit.
    static let batch = 4_096

    /// Batches in flight at once, at most: each holds its files and their entries in memory.
    static let maxWorkers = 4

    /// Reads, hashes and streams `paths` as packs of at most ``batch`` files each (fewer when
    /// that gives every core a batch), one batch per worker at a time, on every core (at most
    /// ``maxWorkers``); returns their index entries in the order of `paths`.
    ///
    /// Each worker reads its batch, then streams it through its own libgit2 handle's indexer, so
    /// no core waits: the indexer (which hashes every object and the whole pack again, with
    /// libgit2's collision-detecting SHA-1) was a serial step after each parallel read, 2.2 s of
    /// a year's 4.5 s commit.
    static func write(_ paths: [String], workdir: String, gitdir: String, batch: Int = batch) throws(StoreError) -> [BlobWriter.Staged] {
        let cores = max(1, min(maxWorkers, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        // Fewer files than a batch per core (a revision of a few thousand files): one batch each.
        let size = max(1, min(batch, (paths.count + cores - 1) / cores))
        let ranges = stride(from: 0, to: paths.count, by: size).map { $0..<min(paths.count, $0 + size) }
        let workers = min(ranges.count, cores)
        let results = BatchResults(ranges.count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            do throws(StoreError) {
                let repo = try Repository.open(at: gitdir)
                for k in stride(from: w, to: ranges.count, by: workers) {
                    if results.failed { return }
                    var blobs: [Blob] = []
                    blobs.reserveCapacity(ranges[k].count)
                    for path in paths[ranges[k]] { blobs.append(try read(path, workdir: workdir)) }
                    // Each object once in a pack (two files with the same bytes are one blob).
                    var seen = Set<ObjectID>()
                    let unique = blobs.filter { seen.insert(ObjectID($0.staged.entry.id)).inserted }
                    try stream(unique.map(\.entry), into: repo)
                    results.set(k, blobs.map(\.staged))
                }
            } catch {
                results.fail(error)
            }
        }
        return try results.all()
    }

    /// Each batch's index entries, set by the worker that wrote it; the first error wins.
    private final class BatchResults: @unchecked Sendable {
        private var batches: [[BlobWriter.Staged]]
        private var error: StoreError?
        private let lock = NSLockish()
        init(_ n: Int) { batches = Array(repeating: [], count: n) }
        var failed: Bool { lock.locked { error != nil } }
        func set(_ k: Int, _ staged: [BlobWriter.Staged]) { lock.locked { batches[k] = staged } }
        func fail(_ e: StoreError) { lock.locked { if error == nil { error = e } } }
        func all() throws(StoreError) -> [BlobWriter.Staged] {
            if let error { throw error }
            return batches.flatMap { $0 }
        }
    }

    /// Reads one file and hashes it as a blob, as its index entry and pack entry.
    private static func read(_ path: String, workdir: String) throws(StoreError) -> Blob {
        let (bytes, entry) = try BlobWriter.read(path, workdir: workdir)
        var e = entry
        e.id = try blobID(bytes)
        return Blob(staged: BlobWriter.Staged(path: path, entry: e), entry: try PackWriter.entry(bytes))
    }

    /// The object id git gives `bytes` as a blob: the SHA-1 of `blob <size>\0` and the bytes,
    /// with mbedTLS's SHA-1 (libgit2's `git_odb_hash` detects collision attacks, several times
    /// slower; the indexer still checks every object with it when the pack is written).
    static func blobID(_ bytes: [UInt8]) throws(StoreError) -> git_oid {
        var sha = mbedtls_sha1_context()
        mbedtls_sha1_init(&sha)
        defer { mbedtls_sha1_free(&sha) }
        let header = Array("blob \(bytes.count)\0".utf8)
        var oid = git_oid()
        let ok = mbedtls_sha1_starts_ret(&sha) == 0
            && header.withUnsafeBufferPointer { mbedtls_sha1_update_ret(&sha, $0.baseAddress, $0.count) } == 0
            && bytes.withUnsafeBufferPointer { b in b.count == 0 || mbedtls_sha1_update_ret(&sha, b.baseAddress, b.count) == 0 }
            && withUnsafeMutableBytes(of: &oid.id) { mbedtls_sha1_finish_ret(&sha, $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) } == 0
        guard ok else { throw .libgit2(code: -1, function: "sha1", message: "SHA-1 failed") }
        return oid
    }

    /// Streams pack entries (``entry(_:)``, of distinct objects) as a version 2 pack into the
    /// repository.
    static func stream(_ entries: [[UInt8]], into repo: Repository) throws(StoreError) {
        var db: OpaquePointer?
        try check(git_repository_odb(&db, repo.handle.raw), "git_repository_odb")
        defer { git_odb_free(db) }
        var wp: UnsafeMutablePointer<git_odb_writepack>?
        try check(git_odb_write_pack(&wp, db, nil, nil), "git_odb_write_pack")
        guard let pack = wp else { throw .libgit2(code: -1, function: "git_odb_write_pack", message: "no pack writer") }
        defer { pack.pointee.free(pack) }
        var stats = git_indexer_progress()
        var sha = mbedtls_sha1_context()
        mbedtls_sha1_init(&sha)
        defer { mbedtls_sha1_free(&sha) }
        guard mbedtls_sha1_starts_ret(&sha) == 0 else { throw .libgit2(code: -1, function: "sha1", message: "SHA-1 failed") }

        func append(_ bytes: [UInt8], hashed: Bool = true) throws(StoreError) {
            let rc = bytes.withUnsafeBytes { b -> Int32 in
                if hashed, mbedtls_sha1_update_ret(&sha, b.baseAddress!.assumingMemoryBound(to: UInt8.self), b.count) != 0 { return -1 }
                return pack.pointee.append(pack, b.baseAddress, b.count, &stats)
            }
            try check(rc, "git_odb_writepack append")
        }
        var header = Array("PACK".utf8)
        for v in [UInt32(2), UInt32(entries.count)] {
            for shift in stride(from: 24, through: 0, by: -8) { header.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
        }
        // The indexer maps and unmaps the pack once per append, so entries go in chunks of about
        // 1 MiB rather than one call each (57,000 `mmap`/`munmap` pairs for a year, and with two
        // workers each `munmap` interrupted the other core to flush its TLB).
        var chunk = header
        chunk.reserveCapacity(1 << 20 + 64 << 10)
        for e in entries {
            chunk += e
            if chunk.count >= 1 << 20 { try append(chunk); chunk.removeAll(keepingCapacity: true) }
        }
        if !chunk.isEmpty { try append(chunk) }
        var digest = [UInt8](repeating: 0, count: 20)
        guard mbedtls_sha1_finish_ret(&sha, &digest) == 0 else { throw .libgit2(code: -1, function: "sha1", message: "SHA-1 failed") }
        try append(digest, hashed: false)
        try check(pack.pointee.commit(pack, &stats), "git_odb_writepack commit")
    }

    /// A blob's pack entry: the type-and-size header, then its bytes as a zlib stream, stored
    /// or, above ``deflateAbove``, deflated at zlib's fastest level.
    static func entry(_ bytes: [UInt8]) throws(StoreError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16_000 * 5 + 32)
        appendHeader(bytes.count, to: &out)
        if bytes.count <= deflateAbove {
            appendStored(bytes, to: &out)
            return out
        }
        var length = compressBound(uLong(bytes.count))
        let start = out.count
        out += [UInt8](repeating: 0, count: Int(length))
        let rc = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { b in compress2(o.baseAddress! + start, &length, b.baseAddress, uLong(b.count), 1) }
        }
        guard rc == Z_OK else { throw .libgit2(code: -1, function: "compress2", message: "zlib failed (\(rc))") }
        out.removeLast(out.count - start - Int(length))
        return out
    }

    /// The type-and-size header of a blob's entry: type 3 and the size, 4 bits then 7 bits a
    /// byte, low bits first.
    static func appendHeader(_ count: Int, to out: inout [UInt8]) {
        var size = count
        var byte = UInt8(3 << 4) | UInt8(size & 0x0F)
        size >>= 4
        while size > 0 {
            out.append(byte | 0x80)
            byte = UInt8(size & 0x7F)
            size >>= 7
        }
        out.append(byte)
    }

    /// `bytes` as a zlib stream (RFC 1950) of stored deflate blocks (RFC 1951, type 00).
    static func appendStored(_ bytes: [UInt8], to out: inout [UInt8]) {
        out.append(0x78); out.append(0x01)  // deflate, 32 KiB window, no dictionary, fastest
        var start = 0
        repeat {
            let n = min(65_535, bytes.count - start)
            let last = start + n == bytes.count
            out.append(last ? 1 : 0)
            out.append(UInt8(n & 0xFF)); out.append(UInt8(n >> 8))
            out.append(UInt8(~n & 0xFF)); out.append(UInt8((~n >> 8) & 0xFF))
            out += bytes[start..<(start + n)]
            start += n
        } while start < bytes.count
        let adler = bytes.withUnsafeBufferPointer { b in adler32(1, b.baseAddress, uInt(b.count)) }
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: adler >> UInt(shift))) }
    }
}
