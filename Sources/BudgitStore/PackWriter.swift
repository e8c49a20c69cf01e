import Clibgit2
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Writes the blobs of a large commit as packs (one per 8,192 files), through libgit2's indexer,
/// instead of one loose object file each.
///
/// A year is some 57,000 files. As loose objects that is 57,000 files created under
/// `.git/objects` (most of a commit's time was the kernel's) and, later, 57,000 opens, reads and
/// inflates for every command that reads them. In packs they are seven files that readers map
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

    /// Files per pack: memory holds one batch of entries, not the whole commit.
    static let batch = 8_192

    /// Reads and hashes `paths` on every core and streams their blobs as packs of ``batch``
    /// files each; returns their index entries in the order of `paths`.
    static func write(_ paths: [String], workdir: String, gitdir: String, batch: Int = batch) throws(StoreError) -> [BlobWriter.Staged] {
        let repo = try Repository.open(at: gitdir)
        var staged: [BlobWriter.Staged] = []
        staged.reserveCapacity(paths.count)
        for start in stride(from: 0, to: paths.count, by: batch) {
            let blobs = try read(Array(paths[start..<min(paths.count, start + batch)]), workdir: workdir)
            // Each object once in a pack (two files with the same bytes are one blob).
            var seen = Set<ObjectID>()
            let unique = blobs.filter { seen.insert(ObjectID($0.staged.entry.id)).inserted }
            try stream(unique.map(\.entry), into: repo)
            staged += blobs.map(\.staged)
        }
        return staged
    }

    /// Reads, hashes and encodes `paths` on every core, in order.
    private static func read(_ paths: [String], workdir: String) throws(StoreError) -> [Blob] {
        try BlobWriter.inChunks(paths, workers: 8, setup: { () throws(StoreError) in () }) { (_: Void, path: String) throws(StoreError) in
            let (bytes, entry) = try BlobWriter.read(path, workdir: workdir)
            var e = entry
            var oid = git_oid()
            let rc = bytes.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
            try check(rc, "git_odb_hash")
            e.id = oid
            return Blob(staged: BlobWriter.Staged(path: path, entry: e), entry: try PackWriter.entry(bytes))
        }
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
        try append(header)
        for e in entries { try append(e) }
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
