import Foundation
import Testing
import BudgitModel
import BudgitCanonical
import BudgitImport
import BudgitTestSupport
@testable import BudgitCache

/// The parse cache's entry as the fixtures give it: every fixture imported, written as canonical
/// text and read back, as the compare reads them (made once: importing takes a second in a
/// debug build).
func fixtureEntry() throws -> ParsedFolder { try fixtureEntryOnce.get() }

private let fixtureEntryOnce = Result { () throws -> ParsedFolder in try makeFixtureEntry() }

private func makeFixtureEntry() throws -> ParsedFolder {
    let names = try FileManager.default.contentsOfDirectory(atPath: fixtures).filter { $0.hasSuffix(".txt") }.sorted()
    var projects: [(path: String, form: ProjectForm)] = [], budgets: [(path: String, budget: UnitBudget)] = []
    for name in names {
        let doc = try Importer.parse(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name))), fileName: name)
        for p in doc.projects { projects.append(("p/\(name)/\(p.name)", try ProjectFile.read(ProjectFile.write(p), path: "p.jsonl"))) }
        if let b = doc.unitBudget { budgets.append(("b/\(name)", try UnitBudgetFile.read(UnitBudgetFile.write(b), path: "b.jsonl"))) }
    }
    return ParsedFolder(folder: "fixtures/", files: projects.count + budgets.count, projects: projects, unitBudgets: budgets)
}

/// An entry damaged in any way is refused before it is decoded: the checksum covers every byte,
/// the tree id says which folder content it encodes.
@Suite struct CorruptEntryTests {
    /// XXH64's published values (seed 0), so that the checksum can be checked with other tools.
    @Test func checksumIsXXH64() {
        func sum(_ s: String) -> UInt64 { Array(s.utf8).withUnsafeBytes { EntryChecksum.of($0) } }
        #expect(sum("") == 0xEF46_DB37_51D8_E999)
        #expect(sum("abc") == 0x44BC_2CF5_AD77_0999)
        #expect(sum("Nobody inspects the spammish repetition") == 0xFBCE_A83C_8A37_8BF1)
    }

    /// Fed in parts cut anywhere, the checksum is that of the bytes in one go.
    @Test(arguments: 0..<20)
    func checksumInPartsEqualsInOneGo(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) &+ 7_000)
        let bytes = (0..<Int.random(in: 0...700, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        var h = EntryChecksum()
        var at = 0
        while at < bytes.count {
            let n = Int.random(in: 0...min(70, bytes.count - at), using: &rng)
            h.update(Array(bytes[at..<(at + n)]))
            at += n
        }
        #expect(h.finish() == bytes.withUnsafeBytes { EntryChecksum.of($0) }, "seed \(seed)")
    }

    /// Every single flipped bit of an entry, anywhere (header, tree id, pool, body, checksum),
    /// is refused.
    @Test func everyBitFlipIsRefused() throws {
        let (p, b) = everyField()
        let bytes = encode(ParsedFolder(folder: "2023/u/", files: 2, projects: [("p", p)], unitBudgets: [("b", b)]))
        var accepted: [Int] = []
        for bit in 0..<(bytes.count * 8) {
            var damaged = bytes
            damaged[bit / 8] ^= 1 << UInt8(bit % 8)
            if (try? decode(damaged, folder: "2023/u/")) != nil { accepted.append(bit) }
        }
        #expect(accepted.isEmpty, "bits whose flip was not noticed: \(accepted)")
    }

    /// The real documents' entry damaged in seeded ways (random bits flipped, a digit changed,
    /// truncated, lengthened, another tree's entry): every one is refused, and the intact entry
    /// still decodes to the fresh parse.
    @Test(arguments: 0..<40)
    func damagedFixtureEntriesAreRefused(seed: Int) throws {
        let entry = try fixtureEntry()
        let bytes = encode(entry)
        if seed == 0 { expectSame(try decode(bytes, folder: "fixtures/"), entry) }
        #expect(bytes.count > 10_000)
        var rng = SeededGenerator(seed: UInt64(seed) &+ 90_000)
        var damaged = bytes
        let kind = seed % 5
        switch kind {
        case 0:  // 1 to 8 random bits
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let bit = Int.random(in: 0..<(bytes.count * 8), using: &rng)
                damaged[bit / 8] ^= 1 << UInt8(bit % 8)
            }
            if damaged == bytes { damaged[0] ^= 1 }  // an even number of flips of one bit
        case 1:  // a digit changed to another
            let digits = bytes.indices.filter { (0x30...0x39).contains(bytes[$0]) }
            let i = try #require(digits.randomElement(using: &rng))
            damaged[i] = 0x30 + (bytes[i] - 0x30 + UInt8.random(in: 1...9, using: &rng)) % 10
        case 2:
            damaged = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
        case 3:
            damaged += (0..<Int.random(in: 1...16, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        default:  // intact, but written for another tree
            let other = String((0..<40).map { _ in "0123456789abcdef".randomElement(using: &rng)! })
            #expect(throws: ArchiveError.self, "seed \(seed)") { try decode(bytes, folder: "fixtures/", tree: other) }
            return
        }
        #expect(throws: ArchiveError.self, "seed \(seed), kind \(kind)") { try decode(damaged, folder: "fixtures/") }
    }

    /// Past the checksum the decoder is total too: random bytes behind a valid header and
    /// checksum, and every byte of a real entry changed with the checksum recomputed, give an
    /// error or some documents, never a crash or a huge allocation.
    @Test(arguments: 0..<30)
    func decoderIsTotalBehindAValidChecksum(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed) &+ 31_000)
        var header = FormArchive.magic + [UInt8(FormArchive.version)]
        ArchiveWriter.append(UInt64(testTree.utf8.count), to: &header)
        header += testTree.utf8
        let noise = (0..<Int.random(in: 0...400, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        _ = try? decode(resealed(header + noise + [0, 0, 0, 0, 0, 0, 0, 0]), folder: "fixtures/")
        // Counts as large as the bytes allow, then nothing.
        let greedy = header + [0xFF, 0xFF, 0xFF, 0xFF, 0x0F] + [UInt8](repeating: 0x7F, count: 64)
        _ = try? decode(resealed(greedy + [0, 0, 0, 0, 0, 0, 0, 0]), folder: "fixtures/")
        let bytes = encode(try fixtureEntry())
        for _ in 0..<40 {
            var damaged = bytes
            damaged[Int.random(in: (header.count)..<(bytes.count - 8), using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            _ = try? decode(resealed(damaged), folder: "fixtures/")
        }
    }
}
