import Testing
@testable import BudgitCorpus

@Suite struct DeterminismTests {
    static let config = CorpusConfiguration(units: 3, projectsPerUnit: 8, years: [2022, 2023], seed: 7, unitBudgets: true)

    @Test func sameSeedGivesTheSameBytes() throws {
        let a = try TestCorpus(Self.config), b = try TestCorpus(Self.config)
        #expect(a.paths == b.paths)
        #expect(a.texts == b.texts)
        #expect(a.manifest == b.manifest)
    }

    @Test func differentSeedGivesDifferentDocuments() throws {
        var other = Self.config
        other.seed = 8
        let a = try TestCorpus(Self.config), b = try TestCorpus(other)
        #expect(a.paths == b.paths)
        for (x, y) in zip(a.texts, b.texts) { #expect(x != y) }
    }

    /// A unit's documents do not depend on how many units are generated (units stream independently).
    @Test func unitsAreIndependentOfScale() throws {
        var bigger = Self.config
        bigger.units = 5
        let a = try TestCorpus(Self.config), b = try TestCorpus(bigger)
        for path in ["2022/unit-0002.txt", "2023/unit-0003.txt", "2023/unit-0001-budget.txt"] {
            #expect(a.text(path) != nil)
            #expect(a.text(path) == b.text(path), "\(path) differs between 3 and 5 units")
        }
    }

    @Test func manifestRoundTripsThroughJSON() throws {
        let a = try TestCorpus(Self.config)
        let json = try #require(a.text("manifest.json"))
        #expect(json.hasSuffix("}\n"))
        #expect(try CorpusManifest.decode(json) == a.manifest)
        #expect(try CorpusGenerator.encode(a.manifest) == json)
    }

    @Test(arguments: [("1", 100), ("0.5", 50), ("12.25", 1225), ("100", 10_000), ("0", 0)])
    func percentParsing(text: String, basisPoints: Int) {
        #expect(CorpusConfiguration.basisPoints(text) == basisPoints)
    }

    @Test(arguments: ["", "1.", ".5", "1.234", "-1", "1e2", "a"])
    func badPercent(text: String) {
        #expect(CorpusConfiguration.basisPoints(text) == nil)
    }

    @Test func configurationProblems() {
        #expect(CorpusConfiguration(units: 1, projectsPerUnit: 1, years: [2022]).problem == nil)
        #expect(CorpusConfiguration(units: 0, projectsPerUnit: 1, years: [2022]).problem != nil)
        #expect(CorpusConfiguration(units: 1, projectsPerUnit: 1, years: [2023, 2022]).problem != nil)
        #expect(CorpusConfiguration(units: 1, projectsPerUnit: 1, years: [2022], revisionYear: 2021).problem != nil)
    }

    @Test func unitNamesAreDistinct() {
        let names = (0..<3000).map(CorpusVocabulary.unitName)
        #expect(Set(names).count == names.count)
        #expect(names[0] == "闵行区第一中学")
        #expect(CorpusVocabulary.chineseNumber(105) == "一百零五")
        #expect(CorpusVocabulary.chineseNumber(1010) == "一千零一十")
    }
}
