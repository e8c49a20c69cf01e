import BudgitImport
import BudgitModel
import Testing
@testable import BudgitCorpus

/// OCR quirks appear at about seed 000's rates, and the manifest counts what the text shows.
@Suite struct QuirkTests {
    static let corpus = try! TestCorpus(CorpusConfiguration(units: 40, projectsPerUnit: 50, years: [2022], seed: 5,
                                                            revisionBasisPoints: 0))

    /// Each form's text, split at the titles.
    static let forms: [String] = corpus.paths.indices.filter { corpus.paths[$0].hasSuffix(".txt") }.flatMap {
        corpus.texts[$0].components(separatedBy: "财政项目支出绩效目标表").dropFirst()
    }

    func count(_ q: FormQuirk) -> Int { Self.corpus.manifest.quirks.first { $0.quirk == q.rawValue }!.forms }

    @Test(arguments: [
        (FormQuirk.sixField, 190...270), (.htmlCheckbox, 570...670), (.spacedDecimal, 40...130), (.thousands, 15...65),
        (.compactDate, 20...65), (.pageBreakUpper, 25...70), (.pageBreakIndicators, 50...105),
        (.shiftedSustainability, 400...520), (.shiftedImpact, 180...260), (.level3InFirstColumn, 12...60),
        (.geqMisread, 10...80),
    ])
    func rateIsNearTheSeeds(quirk: FormQuirk, permille: ClosedRange<Int>) {
        #expect(Self.forms.count == 2000)
        let rate = count(quirk) * 1000 / Self.forms.count
        #expect(permille.contains(rate), "\(quirk.rawValue): \(rate)‰ of forms")
    }

    @Test func manifestCountsWhatTheTextShows() {
        func forms(_ p: (String) -> Bool) -> Int { Self.forms.filter(p).count }
        #expect(forms { $0.contains("<input") } == count(.htmlCheckbox))
        #expect(forms { $0.contains("》") } == count(.geqMisread))
        #expect(forms { $0.contains("$\\geq") } == count(.latexTarget))
        #expect(forms { $0.contains("\n可持续性目标\t\t") } == count(.shiftedSustainability))
        #expect(forms { $0.contains("\n影响力目标\t满意度目标\t") } == count(.shiftedImpact))
        #expect(forms { $0.contains("\n绩效指标\t") && $0.contains("\n\t一级指标") } == count(.labelAfterBreak))
        #expect(forms { $0.contains("<p>") } == count(.htmlParagraph))
        #expect(forms { $0.contains(".1.1\t") } == count(.compactDate))
        #expect(forms { $0.contains("项目名称\t") && $0.components(separatedBy: "\n")[4].split(separator: "\t", omittingEmptySubsequences: false).count == 6 } == count(.sixField))
    }

    /// The documents weigh about what seed 000 does per form (152,992 bytes / 74 forms ≈ 2.1 KB).
    @Test func sizePerFormIsNearTheSeeds() {
        let bytes = Self.corpus.manifest.perYear[0].formBytes
        let perForm = bytes / Self.forms.count
        #expect((1700...2600).contains(perForm), "\(perForm) bytes per form")
    }

    /// Import reports the repairs the quirks call for, and no errors.
    @Test func importRepairsTheQuirks() throws {
        var codes: [String] = []
        for path in Self.corpus.paths where path.hasSuffix(".txt") {
            let doc = try Self.corpus.imported(path)
            #expect(!doc.diagnostics.contains { $0.severity == .error }, "\(path)")
            codes += doc.diagnostics.map(\.code)
        }
        for code in ["ocr.spaced-number", "layout.shifted", "ocr.geq", "amount.parenthesized"] {
            #expect(codes.contains(code), "no `\(code)` diagnostic in the corpus")
        }
    }
}
