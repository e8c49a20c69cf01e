import BudgitModel
import BudgitTestSupport
import Testing
@testable import BudgitCompare
import BudgitCompareTestSupport
@testable import BudgitRender

/// The byte-writing text, Markdown and CSV renderers against the String-building ones they
/// replaced (`renderReference`): the bytes must be identical, whole or in small chunks.
@Suite struct ByteRenderersTests {
    func expectSameBytes(_ report: ComparisonReport, _ context: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        let cases: [(String, String, (Int, (UnsafeBufferPointer<UInt8>) -> Void) -> Void, String)] = [
            ("text", TextRenderer.render(report), { TextRenderer.write(report, chunkSize: $0, to: $1) },
             TextRenderer.renderReference(report)),
            ("colour", TextRenderer.render(report, color: true), { TextRenderer.write(report, color: true, chunkSize: $0, to: $1) },
             TextRenderer.renderReference(report, color: true)),
            ("summary", TextRenderer.render(report, color: true, summaryOnly: true),
             { TextRenderer.write(report, color: true, summaryOnly: true, chunkSize: $0, to: $1) },
             TextRenderer.renderReference(report, color: true, summaryOnly: true)),
            ("markdown", MarkdownRenderer.render(report), { MarkdownRenderer.write(report, chunkSize: $0, to: $1) },
             MarkdownRenderer.renderReference(report)),
            ("csv", CSVRenderer.render(report), { CSVRenderer.write(report, chunkSize: $0, to: $1) },
             CSVRenderer.renderReference(report)),
        ]
        for (name, fast, write, reference) in cases {
            // Booleans, so that a failure prints the first difference rather than megabytes.
            let same = fast.utf8.elementsEqual(reference.utf8)
            #expect(same, "\(context): \(name) differs from the reference", sourceLocation: sourceLocation)
            if !same { reportFirstDifference(fast, reference) }
            var chunks: [[UInt8]] = []
            write(64) { chunks.append(Array($0)) }
            let sameInChunks = chunks.joined().elementsEqual(reference.utf8)
            #expect(sameInChunks, "\(context): \(name) in 64-byte chunks differs", sourceLocation: sourceLocation)
        }
        #expect(report.changeRows() == report.changeRowsReference(), "\(context): change rows", sourceLocation: sourceLocation)
    }

    func reportFirstDifference(_ a: String, _ b: String) {
        let x = Array(a.utf8), y = Array(b.utf8)
        let i = (0..<min(x.count, y.count)).first { x[$0] != y[$0] } ?? min(x.count, y.count)
        let lo = max(0, i - 200)
        print("first difference at byte \(i):\n--- writer\n\(String(decoding: x[lo..<min(x.count, i + 100)], as: UTF8.self))\n--- reference\n\(String(decoding: y[lo..<min(y.count, i + 100)], as: UTF8.self))")
    }

    @Test func sampleReportMatchesReference() {
        expectSameBytes(RendererGoldenTests.report, "sample")
        expectSameBytes(Comparison.compare(a: Sample.a, b: Sample.a), "sample, empty")
        expectSameBytes(Comparison.compare(a: Sample.b, b: Sample.a), "sample, reversed")
        expectSameBytes(Comparison.compare(a: Sample.a, b: Sample.b, options: CompareOptions(countsOnly: true)), "sample, counts")
    }

    /// Reports of generated snapshots (as in ``JSONRendererTests``), both ways round.
    @Test(arguments: propertySeeds)
    func generatedComparisonsMatchReference(seed: UInt64) {
        var gen = ModelGenerator(seed: seed)
        for round in 0..<6 {
            let (a, b) = JSONRendererTests.snapshots(&gen)
            let options = CompareOptions(similarityThreshold: [0.8, 0.5, 1][round % 3],
                                         yearShift: round == 4 ? 1 : nil, countsOnly: round == 5)
            expectSameBytes(Comparison.compare(a: a, b: b, options: options), "seed \(seed) round \(round)")
            expectSameBytes(Comparison.compare(a: b, b: a, options: options), "seed \(seed) round \(round) reversed")
        }
    }

    /// Reports built field by field, every optional present or absent at random.
    @Test(arguments: propertySeeds)
    func randomReportsMatchReference(seed: UInt64) {
        var r = ReportGenerator(seed: seed)
        for round in 0..<20 {
            expectSameBytes(r.report(), "seed \(seed) round \(round)")
        }
    }

    /// Text that the byte tests (`|`, CR, LF, comma, quote, edge spaces) and the 60-character cut
    /// treat specially, next to characters that join with it into one grapheme.
    static let awkward: [String] = [
        "", " ", "  ", "|", "a|b", "|\u{301}", "x\u{301}|", ",", ",\u{301}", "\"", "\"\u{301}x", "say \"hi\"",
        "\r", "\n", "\r\n", "\n\r", "a\r\nb", "\r\u{301}", " lead", "trail ", " \u{301}", "x \u{301}",
        "\u{600} ", "\u{600}|", "\u{600},", "\u{600}\"", "\u{1F1E8}\u{1F1F3}|", "e\u{301}", "😀👩‍👩‍👧🇨🇳", "\u{FEFF}bom",
        "中文：项目（2022运维）", "\u{0}", "\u{1B}[0m", "—", "…", "\u{2028}",
        "\u{7}", "a\tb", "\u{7F}", "\u{85}", "\u{9B}31m", "\u{202E}名", "\u{2066}", "\u{2069}|", "\u{202F}", "\u{2029}",
        String(repeating: "a", count: 60), String(repeating: "a", count: 61), String(repeating: "长", count: 21),
        String(repeating: "长", count: 60), String(repeating: "长", count: 61), String(repeating: "e\u{301}", count: 60),
        String(repeating: "e\u{301}", count: 61), String(repeating: "👩‍👩‍👧", count: 59) + "\r\n",
        String(repeating: "x", count: 58) + "\r\n|", String(repeating: "|", count: 100),
    ]

    /// Longer than the writers' buffer.
    static let long = [String(repeating: "长|", count: 40_000), String(repeating: "x", count: 70_000)]

    @Test func awkwardStringsMatchReference() {
        var r = ReportGenerator(seed: 7, words: Self.awkward)
        for round in 0..<60 {
            expectSameBytes(r.report(), "awkward round \(round)")
        }
        for s in Self.awkward + Self.long {
            var report = r.report()
            report.from = s; report.to = s; report.totals.basis = s
            if !report.projects.added.isEmpty { report.projects.added[0].name = s }
            expectSameBytes(report, "string \(s.unicodeScalars.prefix(20).map { String($0.value, radix: 16) })")
        }
    }

    @Test func extremeAmountsMatchReference() {
        var r = ReportGenerator(seed: 9)
        for fen: Int64 in [0, 1, -1, 9, 10, 99, 100, -100, -101, 99_999, 100_000, 123_456_789, 100_000_000_000, .max, .min + 1] {
            var report = r.report()
            // Set field by field: the percentage of such amounts would overflow.
            report.summary.funds.from = Money(fen: fen)
            report.summary.funds.to = Money(fen: fen / 7)
            report.summary.funds.delta = Money(fen: -fen)
            report.summary.projects.added = Int(fen)
            report.totals.units.append(UnitTotal(unit: "u", AmountChange(from: .zero, to: Money(fen: fen))))
            report.projects.added.append(ProjectEntry(unit: "u", name: "n", year: 1, amount: Money(fen: fen), basis: nil))
            expectSameBytes(report, "fen \(fen)")
        }
    }

    @Test func byteWriterFormatsAmountsAsMoney() {
        for fen: Int64 in [0, 5, -5, 100, 99_999, -100_000, 123_456_789_012, .max, .min] {
            let m = Money(fen: fen)
            #expect(ByteWriter.string { $0.grouped(m) } == m.grouped)
            #expect(ByteWriter.string { $0.canonical(m) } == m.description)
            #expect(ByteWriter.string { $0.signedGrouped(m) } == m.signedGrouped)
        }
        for n in [0, 7, -7, 1000, .max, .min] { #expect(ByteWriter.string { $0.integer(n) } == "\(n)") }
    }
}
