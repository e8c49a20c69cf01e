import Foundation
import BudgitModel
import BudgitImport
import BudgitCanonical
import BudgitCache

/// One thing the fuzzer feeds bytes to: the importer, the canonical readers, the cache decoder.
///
/// Each call must return (an accepted input or an error the reader throws); a trap kills the
/// process, which is what ``FuzzRunner`` watches for.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Raw document text → ``Importer/parse(bytes:fileName:options:)``.
    case importer = "import"
    /// Canonical bytes → ``ProjectFile`` and ``UnitBudgetFile`` strict readers (file and parts).
    case canonical
    /// Cache entry bytes → ``FormArchive/decode(_:folder:strings:)``.
    case cache

    /// What a run made of an input.
    public enum Outcome: Sendable { case accepted, rejected }

    /// The folder every cache seed is written for (the decoder checks it).
    public static let cacheFolder = "2022/fuzz/"
    /// The tree id the cache target's entries are written for.
    public static let cacheTree = String(repeating: "0", count: 40)

    /// Runs one input.
    public func run(_ bytes: [UInt8]) -> Outcome {
        switch self {
        case .importer:
            do { _ = try Importer.parse(bytes: bytes, fileName: "fuzz.txt"); return .accepted } catch { return .rejected }
        case .canonical:
            var ok = false
            if (try? ProjectFile.read(bytes, path: "fuzz.jsonl")) != nil { ok = true }
            if (try? UnitBudgetFile.read(bytes, path: "fuzz-unit-budget.jsonl")) != nil { ok = true }
            if (try? UnitBudgetFile.read(parts: [(.budget, bytes)], folder: "2022/fuzz", partial: true)) != nil { ok = true }
            return ok ? .accepted : .rejected
        case .cache:
            var strings = StringTable()
            // Resealed, so that mutations reach the decoder rather than stop at the checksum.
            do {
                _ = try FormArchive.decode(FormArchive.resealed(bytes), folder: Self.cacheFolder, tree: Self.cacheTree, strings: &strings)
                return .accepted
            } catch { return .rejected }
        }
    }

    /// Input `index` of a run with `seed`: a mutation of one corpus entry.
    public func input(_ index: Int, seed: UInt64, corpus: [[UInt8]]) -> [UInt8] {
        var rng = FuzzRandom(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD6E8_FEB8_6659_FD93))
        guard !corpus.isEmpty else { return [] }
        let base = corpus[rng.below(corpus.count)]
        switch self {
        case .cache: return Mutator.mutateBinary(base, rng: &rng)
        case .importer, .canonical: return Mutator.mutate(base, rng: &rng)
        }
    }

    /// The seed corpus from the project's `Fixtures/` folder.
    ///
    /// - importer: the seeds (cut into windows of 120 lines under their first 12, so one run
    ///   stays fast), `quirks/` and `fuzz/`;
    /// - canonical: the golden canonical files, and the unit budgets of the fixtures written whole;
    /// - cache: the golden cache entry re-encoded for ``cacheFolder``, and archives of the
    ///   imported quirks.
    public func corpus(fixtures: String) -> [[UInt8]] {
        let fm = FileManager.default
        func files(_ dir: String, _ suffix: String) -> [String] {
            guard let e = fm.enumerator(atPath: dir) else { return [] }
            return e.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) }.sorted().map { dir + "/" + $0 }
        }
        func bytes(_ path: String) -> [UInt8]? { fm.contents(atPath: path).map { [UInt8]($0) } }
        let documents = (files(fixtures + "/quirks", ".txt") + files(fixtures + "/fuzz", ".txt")).compactMap(bytes)
        let seeds = (try? fm.contentsOfDirectory(atPath: fixtures))?.filter { $0.hasSuffix(".txt") }.sorted()
            .compactMap { bytes(fixtures + "/" + $0) } ?? []
        switch self {
        case .importer:
            return documents + seeds.flatMap { Self.windows($0) }
        case .canonical:
            let golden = files(fixtures + "/golden/import", ".jsonl").filter { !$0.hasSuffix(".diagnostics.jsonl") }
            var out = golden.compactMap(bytes)
            for doc in documents + seeds {
                if let b = (try? Importer.parse(bytes: doc, fileName: "seed.txt"))?.unitBudget { out.append(UnitBudgetFile.write(b)) }
            }
            return out
        case .cache:
            var out: [[UInt8]] = []
            for doc in documents {
                guard let d = try? Importer.parse(bytes: doc, fileName: "seed.txt") else { continue }
                let entry = ParsedFolder(folder: Self.cacheFolder, files: d.projects.count,
                                         projects: d.projects.enumerated().map { ("\(Self.cacheFolder)projects/\($0.offset).jsonl", $0.element) },
                                         unitBudgets: d.unitBudget.map { [("\(Self.cacheFolder)unit-budget", $0)] } ?? [])
                out.append(FormArchive.encode(entry, tree: Self.cacheTree))
            }
            return out
        }
    }

    /// A large document as windows of 120 lines, each under the document's first 12 lines.
    static func windows(_ doc: [UInt8]) -> [[UInt8]] {
        let lines = Mutator.lineRanges(doc)
        guard lines.count > 200 else { return [doc] }
        let head = Array(lines.prefix(12).map { doc[$0] }.joined())
        var out: [[UInt8]] = []
        var start = 12
        while start < lines.count && out.count < 60 {
            let end = min(lines.count, start + 120)
            out.append(head + Array(lines[start..<end].map { doc[$0] }.joined()))
            start = end
        }
        return out
    }
}
