import Foundation
import Testing
import BudgitModel
import BudgitImport

/// Documents that used to crash or hang the importer (`Fixtures/fuzz/`, from the reproducers of
/// issue "Trust I" and from `budgit-fuzz`): each must import with diagnostics, never trap.
@Suite("Import robustness")
struct ImportRobustnessTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent("Fixtures").appendingPathComponent(relative)))
    }

    static func parse(_ relative: String) throws -> ImportedDocument {
        try Importer.parse(bytes: bytes(relative), fileName: (relative as NSString).lastPathComponent)
    }

    /// Every fixture under `Fixtures/fuzz/` imports (or is refused with an ``ImportError``).
    static var fuzzFixtures: [String] {
        let dir = root.appendingPathComponent("Fixtures/fuzz")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
    }

    @Test(arguments: fuzzFixtures)
    func fuzzFixtureImportsWithoutTrapping(name: String) throws {
        let data = try Self.bytes("fuzz/" + name)
        do {
            let doc = try Importer.parse(bytes: data, fileName: name)
            for d in doc.diagnostics { #expect(d.raw.count <= Diagnostic.excerptLimit + 1) }
        } catch {
            #expect(!error.description.isEmpty)
        }
    }

    @Test func amountWithTooManyFenIsADiagnostic() throws {
        let doc = try Self.parse("fuzz/repro-amount-frac-overflow.txt")
        let d = doc.diagnostics.filter { $0.code == "amount.unreadable" }
        #expect(d.count == 1)
        #expect(d.first?.message.contains("beyond the amount range") == true)
        #expect(doc.projects.first?.fund(.total) == nil)
    }

    @Test func declarationAmountBeyondTheRangeIsADiagnostic() throws {
        let doc = try Self.parse("fuzz/repro-decl-amount-frac-overflow.txt")
        #expect(doc.diagnostics.contains { $0.code == "amount.unreadable" && $0.message.contains("beyond the amount range") })
    }

    @Test func breakdownAmountsBeyondTheRangeAreDiagnostics() throws {
        let doc = try Self.parse("fuzz/repro-decl-breakdown-sum-overflow.txt")
        #expect(doc.diagnostics.filter { $0.code == "amount.unreadable" }.count == 2)
    }

    @Test func longDigitRunsInDatesAreNotDates() throws {
        let doc = try Self.parse("fuzz/repro-date-overflow.txt")
        #expect(doc.diagnostics.contains { $0.code == "date.unreadable" })
        #expect(doc.projects.first?.endDate?.hasPrefix("2022-") != true)
        let digits = try Self.parse("fuzz/repro-fuzz-date-digits.txt")
        #expect(digits.diagnostics.contains { $0.code == "form.missing-year" })
        #expect(DateParser.iso("2022. 12. 99999999999999999999") == nil)
        #expect(DateParser.iso(String(repeating: "9", count: 10_000) + ".1.1") == nil)
        #expect(DateParser.iso("0002022.01.01") == "2022-01-01")
    }

    @Test func goalHeaderWithASpaceInsideTheLabel() throws {
        let doc = try Self.parse("fuzz/repro-goal-header-space.txt")
        let form = try #require(doc.projects.first)
        #expect(form.goalPeriod == "(2022 年-2022年)")
        #expect(form.overallGoal != nil)
    }

    /// A funding row of `cells` repetitions (tf-geq.txt's row 10), as in huge-fund-row-2000.txt.
    static func longFundingRow(repetitions: Int) throws -> [UInt8] {
        let text = String(decoding: try bytes("quirks/tf-geq.txt"), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let k = try #require(lines.firstIndex { $0.hasPrefix("项目资金 (万元)") })
        let row = lines[k].hasSuffix("\t") ? String(lines[k].dropLast()) : lines[k]
        lines[k] = Array(repeating: row, count: repetitions).joined(separator: "\t") + "\t"
        return Array(lines.joined(separator: "\n").utf8)
    }

    /// Every cell of the long row is a duplicate funding amount with a diagnostic; each used to
    /// quote the whole line, so time and memory grew with the square of the line (64 KB: 9 s).
    @Test func longFundingRowIsLinear() throws {
        func run(_ n: Int) throws -> (Duration, ImportedDocument) {
            let data = try Self.longFundingRow(repetitions: n)
            var doc: ImportedDocument?
            let t = try ContinuousClock().measure { doc = try Importer.parse(bytes: data, fileName: "long.txt") }
            return (t, try #require(doc))
        }
        let (small, smallDoc) = try run(250)      // ~18 KB
        let (large, largeDoc) = try run(4_000)    // ~290 KB
        #expect(largeDoc.diagnostics.count > 4_000)
        let rawBytes = largeDoc.diagnostics.reduce(0) { $0 + $1.raw.utf8.count + $1.message.utf8.count }
        #expect(rawBytes < 1_000 * largeDoc.diagnostics.count)
        #expect(smallDoc.diagnostics.allSatisfy { $0.raw.count <= Diagnostic.excerptLimit + 1 })
        // 16 times the input: linear work takes about 16 times as long, quadratic 256 times.
        #expect(large < small * 64 + .milliseconds(500), "\(small) for 250 repetitions, \(large) for 4,000")
    }

    /// Found by budgit-fuzz (import, seed 1, inputs 9 and 756): a run of CRLFs inside a
    /// declaration. As Characters `\r\n` is not `"\n"`, so the run stayed one line, and the
    /// funding regex's `\s*` backtracked over it from every position (74 s in a debug build).
    @Test func crlfRunsAreLinesAndLinear() throws {
        let text = String(decoding: try Self.bytes("quirks/decl-triple-funding.txt"), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert(String(repeating: "\r\n", count: 4_000) + "\t一、项目总预算：\t" + String(repeating: "\r\n", count: 4_000), at: min(12, lines.count))
        let data = Array(lines.joined(separator: "\n").utf8)
        let t = try ContinuousClock().measure { _ = try Importer.parse(bytes: data, fileName: "crlf.txt") }
        #expect(t < .seconds(5), "\(t)")
        // A CRLF document reads as its LF twin.
        let lf = try Self.parse("quirks/tf-geq.txt")
        let crlf = try Importer.parse(bytes: Array(String(decoding: try Self.bytes("quirks/tf-geq.txt"), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: "\r\n").utf8), fileName: "tf-geq.txt")
        #expect(crlf.projects == lf.projects)
    }

    @Test func excerptIsBounded() {
        #expect(Diagnostic.excerpt("abc") == "abc")
        let s = String(repeating: "项", count: 100)
        #expect(Diagnostic.excerpt(s) == String(repeating: "项", count: 80) + "…")
        #expect(Diagnostic.excerpt(String(repeating: "x", count: 80)) == String(repeating: "x", count: 80))
        let line = SourceText(fileName: "f", text: Array(repeating: "项目资金总额", count: 50).joined(separator: "\t")).lines[0]
        #expect(line.excerpt == Diagnostic.excerpt(line.joined))
        let short = SourceText(fileName: "f", text: "a\t\tb").lines[0]
        #expect(short.excerpt == "a b")
    }
}
