import Foundation
import Testing
import BudgitModel
import BudgitImport
import BudgitCanonical
import BudgitCompare
import BudgitRender
import BudgitStore
import BudgitTestSupport
import BudgitCache
@testable import BudgitWorkspace

/// The parse cache cannot lie: entries made from the fixtures, damaged in seeded ways, give the
/// documents a load without the cache gives, and are rebuilt.
@Suite struct CorruptCacheTests {
    enum Damage: String, CaseIterable, Sendable {
        case bits, digit, truncated, lengthened, emptied, swapped, fifo, folder, linkToDevZero, linkOutside
    }

    /// A repository with two revisions of one unit folder (甲) and one folder both share (乙),
    /// from the fixtures' documents; the documents of both revisions read without the cache;
    /// and the intact entries.
    final class Setup {
        let r: TempRepo
        let revisions: [String]
        var plain: [StoredDocuments] = []
        /// The entry files of 甲 at each revision, and their intact bytes by path.
        var revisedEntries: [String] = []
        var intact: [String: [UInt8]] = [:]
        let cache: ParseCache

        init() throws {
            r = try TempRepo()
            var projects: [ProjectForm] = []
            var budget: UnitBudget?
            for name in try FileManager.default.contentsOfDirectory(atPath: fixtures).filter({ $0.hasSuffix(".txt") }).sorted() {
                let doc = try Importer.parse(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name))), fileName: name)
                projects += doc.projects
                if budget == nil { budget = doc.unitBudget }
            }
            var b = try #require(budget)
            b.year = 2022; b.unit = "单位甲"
            for i in projects.indices { projects[i].year = 2022; projects[i].unit = i % 2 == 0 ? "单位甲" : "单位乙" }
            func files(_ projects: [ProjectForm], _ b: UnitBudget) -> [(String, [UInt8])] {
                var out = projects.map { (RepositoryLayout.projectPath(year: $0.year, unit: $0.unit, name: $0.name), ProjectFile.write($0)) }
                for p in UnitBudgetFile.writeParts(b) { out.append((RepositoryLayout.unitBudgetPath(year: b.year, unit: b.unit) + "/" + p.part.fileName, p.bytes)) }
                return out
            }
            r.ws.usesParseCache = false
            // 2023, the same documents a year on, for compares; it does not change.
            var next = b; next.year = 2023
            try FileWriter(root: r.path).apply(writes: files(projects.map { var p = $0; p.year = 2023; return p }, next))
            try FileWriter(root: r.path).apply(writes: files(projects, b))
            let c1 = try r.ws.commitAll(message: "2022", author: sig)
            projects[0].overallGoal = "改过的目标 123"
            b.tables[0].rows[0].amounts[0] = Money(fen: 4_200)
            try FileWriter(root: r.path).apply(writes: files(projects, b))
            let c2 = try r.ws.commitAll(message: "2022 revised", author: sig)
            revisions = [c1.id.description, c2.id.description]
            cache = ParseCache(gitdir: r.ws.repository.gitdir)
            plain = try revisions.map { try r.ws.documents(at: $0, filter: DocumentFilter(year: 2022)) }
            r.ws.usesParseCache = true
            for rev in revisions { _ = try r.ws.documents(at: rev, filter: DocumentFilter(year: 2022)) }
            for (k, c) in [c1, c2].enumerated() {
                for f in try r.ws.repository.folderIDs(in: c.id, under: "2022") {
                    let path = cache.path(f.id.description)
                    intact[path] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                    if f.name == "单位甲" { revisedEntries.append(path); #expect(revisedEntries.count == k + 1) }
                }
            }
            #expect(intact.count == 3, "甲 twice, 乙 once")
        }

        /// Puts every intact entry back.
        func restore() throws {
            for (path, bytes) in intact {
                _ = try? FileManager.default.removeItem(atPath: path)
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            }
        }
    }

    static func expectSame(_ x: StoredDocuments, _ y: StoredDocuments, _ comment: Comment) {
        #expect(x.projects.map(\.path) == y.projects.map(\.path), comment)
        #expect(x.projects.map(\.form) == y.projects.map(\.form), comment)
        #expect(x.unitBudgets.map(\.path) == y.unitBudgets.map(\.path), comment)
        #expect(x.unitBudgets.map(\.budget) == y.unitBudgets.map(\.budget), comment)
    }

    /// Each kind of damage, over several seeds, to the entry of one revision of 甲 (or swapping
    /// the entries of its two revisions): both revisions still load exactly as without the cache,
    /// without hanging, and afterwards every entry is intact again (rebuilt in place) while the
    /// file outside the cache that a link pointed to is untouched.
    @Test func damagedEntriesGiveTheUncachedDocumentsAndAreRebuilt() throws {
        let s = try Setup()
        let outside = s.r.path + "-outside-entry"
        defer { try? FileManager.default.removeItem(atPath: outside) }
        for damage in Damage.allCases {
            for seed in 0..<(damage == .bits || damage == .digit ? 12 : 3) {
                try s.restore()
                var rng = SeededGenerator(seed: UInt64(seed) &+ 5_000)
                let which = seed % 2
                let path = s.revisedEntries[which], other = s.revisedEntries[1 - which]
                let bytes = try #require(s.intact[path])
                var damaged = bytes
                switch damage {
                case .bits:
                    for _ in 0..<(seed + 1) {
                        let bit = Int.random(in: 0..<(bytes.count * 8), using: &rng)
                        damaged[bit / 8] ^= 1 << UInt8(bit % 8)
                    }
                    if damaged == bytes { damaged[bytes.count - 1] ^= 0x80 }
                case .digit:
                    let digits = bytes.indices.filter { (0x30...0x39).contains(bytes[$0]) }
                    let i = try #require(digits.randomElement(using: &rng))
                    damaged[i] = 0x30 + (bytes[i] - 0x30 + UInt8.random(in: 1...9, using: &rng)) % 10
                case .truncated: damaged = Array(bytes.prefix(Int.random(in: 1..<bytes.count, using: &rng)))
                case .lengthened: damaged += [UInt8(seed), 0, 0, 0]
                case .emptied: damaged = []
                case .swapped: damaged = try #require(s.intact[other])
                default: break
                }
                try FileManager.default.removeItem(atPath: path)
                switch damage {
                case .fifo: #expect(mkfifo(path, 0o644) == 0)
                case .folder: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                case .linkToDevZero: #expect(symlink("/dev/zero", path) == 0)
                case .linkOutside:
                    // The other revision's intact entry, outside the cache.
                    try Data(try #require(s.intact[other])).write(to: URL(fileURLWithPath: outside))
                    #expect(symlink(outside, path) == 0)
                default: try Data(damaged).write(to: URL(fileURLWithPath: path))
                }
                if damage == .swapped { try Data(bytes).write(to: URL(fileURLWithPath: other)) }
                let label: Comment = "\(damage) seed \(seed)"
                let loaded = Handoff<[Result<StoredDocuments, LoadError>]>([])
                let ws = Handoff(s.r.ws), revisions = s.revisions
                let finished = finishes(within: 30, unblock: {
                    let fd = open(path, O_WRONLY | O_NONBLOCK)
                    if fd >= 0 { close(fd) }
                }) {
                    loaded.value = revisions.map { rev in
                        Result { () throws(LoadError) in try ws.value.documents(at: rev, filter: DocumentFilter(year: 2022)) }
                    }
                }
                #expect(finished, "\(label): the load did not return")
                guard finished else { continue }
                for (k, result) in loaded.value.enumerated() {
                    Self.expectSame(try result.get(), s.plain[k], "\(label), revision \(k)")
                }
                for (p, good) in s.intact {
                    var st = stat()
                    #expect(lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG, "\(label): \(p) is a file again")
                    #expect(FileManager.default.contents(atPath: p).map { [UInt8]($0) } == good, "\(label): \(p) rebuilt")
                }
                if damage == .linkOutside {
                    #expect(FileManager.default.contents(atPath: outside).map { [UInt8]($0) } == s.intact[other])
                }
            }
        }
    }

    /// A compare over the damaged cache equals one without it (the path `compare` takes): with
    /// the entries of the two revisions of 甲 swapped, a cache that trusted them would report
    /// the revision at the first commit and none at the second.
    @Test func compareOverSwappedEntriesEqualsUncached() throws {
        let s = try Setup()
        func compare(_ rev: String) throws -> String {
            JSONRenderer.render(try s.r.ws.compareYears(2022, 2023, unit: nil, at: rev, options: CompareOptions()))
        }
        s.r.ws.usesParseCache = false
        let uncached = try s.revisions.map(compare)
        #expect(uncached[0] != uncached[1])
        s.r.ws.usesParseCache = true
        let a = try #require(s.intact[s.revisedEntries[0]]), b = try #require(s.intact[s.revisedEntries[1]])
        try Data(b).write(to: URL(fileURLWithPath: s.revisedEntries[0]))
        try Data(a).write(to: URL(fileURLWithPath: s.revisedEntries[1]))
        #expect(try s.revisions.map(compare) == uncached)
        #expect(try s.revisions.map(compare) == uncached, "and again, from the rebuilt entries")
    }
}
