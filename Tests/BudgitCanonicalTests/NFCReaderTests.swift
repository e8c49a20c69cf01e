import Testing
import BudgitModel
import BudgitTestSupport
@testable import BudgitCanonical

/// Canonical text is NFC (docs/FORMAT.md): a hand-edited file with a compatibility ideograph or
/// a decomposed accent is rejected with its path and line, by every reader.
@Suite struct NFCReaderTests {
    static func sample() -> ProjectForm {
        var g = ModelGenerator(seed: 5)
        var p = g.project()
        p.name = "党建经费"
        p.unit = "闵行区教育局"
        return p
    }

    @Test(arguments: ["\u{F900}", "e\u{301}", "か\u{3099}", "中\u{301}\u{302A}"])
    func projectReaderRejectsNonNFC(text: String) throws {
        let good = ProjectFile.write(Self.sample())
        #expect(try ProjectFile.read(good, path: "2022/u/projects/p.jsonl") == Self.sample())
        // Edit the name record by hand, as a text editor that does not normalise would.
        let edited = String(decoding: good, as: UTF8.self).replacingOccurrences(of: "\"v\":\"党建经费\"", with: "\"v\":\"党建\(text)经费\"")
        let bytes = Array(edited.utf8)
        #expect(bytes != good)
        #expect(ProjectFile.readSinglePass(bytes) == nil, "the single pass gives up on it")
        do {
            _ = try ProjectFile.read(bytes, path: "2022/u/projects/p.jsonl")
            Issue.record("non-NFC text was read")
        } catch {
            #expect(error.path == "2022/u/projects/p.jsonl")
            #expect(error.line == 4)
            #expect(error.message.contains("not in Unicode NFC"), "\(error)")
            #expect(error.description.hasPrefix("2022/u/projects/p.jsonl:4: "))
        }
        // The same text in NFC is read.
        let nfc = String(decoding: good, as: UTF8.self).replacingOccurrences(of: "\"v\":\"党建经费\"", with: "\"v\":\"党建\(NFC.normalize(text))经费\"")
        #expect(try ProjectFile.read(Array(nfc.utf8), path: "p.jsonl").name == "党建\(NFC.normalize(text))经费")
    }

    @Test func unitBudgetReaderRejectsNonNFC() throws {
        var g = ModelGenerator(seed: 6)
        var b = g.unitBudget()
        b.unit = "闵行区教育局"
        var parts = UnitBudgetFile.writeParts(b)
        let k = try #require(parts.firstIndex { $0.part.fileName == "budget.jsonl" })
        let text = String(decoding: parts[k].bytes, as: UTF8.self)
        parts[k].bytes = Array(text.replacingOccurrences(of: "\"v\":\"闵行区教育局\"", with: "\"v\":\"闵行区\u{F900}教育局\"").utf8)
        #expect(parts[k].bytes != Array(text.utf8))
        do {
            _ = try UnitBudgetFile.read(parts: parts, folder: "2020/u/unit-budget")
            Issue.record("non-NFC text was read")
        } catch {
            #expect(error.message.contains("not in Unicode NFC"), "\(error)")
            #expect(error.path.hasSuffix("budget.jsonl"), "\(error)")
        }
    }
}
