import Foundation
import Testing
import BudgitFuzz

/// A short deterministic slice of `make fuzz`, in process: 2,000 mutations of the canonical
/// readers and the cache decoder, 600 of the importer (about 20 a second in a debug build, the
/// longest suite otherwise). A trap kills the test process, which fails the run loudly; a slow
/// input fails the test.
@Suite struct FuzzSliceTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    @Test(arguments: FuzzTarget.allCases)
    func seededMutations(target: FuzzTarget) {
        let corpus = target.corpus(fixtures: Self.fixtures)
        #expect(corpus.count >= 5, "seed corpus of \(target.rawValue)")
        let seed: UInt64 = 20_261_203
        let clock = ContinuousClock()
        var accepted = 0
        for i in 0..<(target == .importer ? 600 : 2_000) {
            let input = target.input(i, seed: seed, corpus: corpus)
            var outcome = FuzzTarget.Outcome.rejected
            let t = clock.measure { outcome = target.run(input) }
            if outcome == .accepted { accepted += 1 }
            // Debug builds are slow; a quadratic path takes minutes on the inputs that find it.
            #expect(t < .seconds(10), "input \(i) of \(target.rawValue) (seed \(seed)) took \(t): budgit-fuzz --print \(target.rawValue) \(i) --seed \(seed)")
        }
        // The mutations keep enough structure for some inputs to get through.
        #expect(accepted > 0 || target == .cache, "\(target.rawValue): nothing accepted")
    }

    @Test func inputsAreReplayable() {
        let corpus = FuzzTarget.importer.corpus(fixtures: Self.fixtures)
        for i in [0, 1, 999] {
            #expect(FuzzTarget.importer.input(i, seed: 7, corpus: corpus) == FuzzTarget.importer.input(i, seed: 7, corpus: corpus))
        }
        #expect(FuzzTarget.importer.input(1, seed: 7, corpus: corpus) != FuzzTarget.importer.input(2, seed: 7, corpus: corpus))
    }
}
