import Foundation
import Testing
import BudgitModel
@testable import BudgitImport

/// Text from documents is data: markup is removed (and noted), other text in angle brackets is
/// kept, and every line is stored in NFC (and noted when it was not).
@Suite struct SourceTextTests {
    static let quirk = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/quirks/tf-amounts.txt")

    /// tf-amounts.txt with its project name replaced.
    static func importNamed(_ name: String) throws -> ImportedDocument {
        let text = try String(contentsOf: quirk, encoding: .utf8)
        #expect(text.contains("项目名称\t金额测试项目\t"))
        let bytes = Array(text.replacingOccurrences(of: "项目名称\t金额测试项目\t", with: "项目名称\t\(name)\t").utf8)
        return try Importer.parse(bytes: bytes, fileName: "tf-amounts.txt")
    }

    @Test func onlyMarkupTagsAreRemoved() {
        #expect(Cell.clean("名称<j>") == "名称<j>")
        #expect(Cell.clean("《上海市实施中小学生<国家学生体质健康标准>监测方案》") == "《上海市实施中小学生<国家学生体质健康标准>监测方案》")
        #expect(Cell.clean("a < b > c") == "a < b > c")
        #expect(Cell.clean("<p>第一段</p><p>第二段</p>") == "第一段 第二段")
        #expect(Cell.clean("a<BR/>b<br>c") == "a b c")
        #expect(Cell.clean("专项资金 <input checked=\"\" type=\"checkbox\"/> 一次性 <input type=\"checkbox\"/>") == "专项资金 ■ 一次性 □")
        #expect(Cell.clean("<b>粗</b><td colspan=\"2\">格</td>") == "粗格")
        #expect(Cell.clean("<pre>x</pre><brx>") == "<pre>x</pre><brx>")
        var removed = false
        _ = Cell.clean("名称<j>", removedMarkup: &removed)
        #expect(!removed)
        _ = Cell.clean("<p>名称</p>", removedMarkup: &removed)
        #expect(removed)
    }

    @Test func nameInAngleBracketsIsKept() throws {
        let doc = try Self.importNamed("金额<j>测试项目")
        #expect(doc.projects.first?.name == "金额<j>测试项目")
    }

    @Test func importStoresNFCAndNotesIt() throws {
        // A compatibility ideograph (NFC: 豈) and a kana with a combining voiced mark (NFC: が).
        let doc = try Self.importNamed("金额\u{F900}测试か\u{3099}项目")
        let name = try #require(doc.projects.first?.name)
        #expect(Array(name.utf8) == Array("金额\u{8C48}测试が项目".utf8))
        let notes = doc.diagnostics.filter { $0.code == "text.nfc" }
        #expect(notes.count == 1)
        #expect(notes.first?.severity == .note)
        #expect(notes.first?.line == 7)
        #expect(notes.first?.file == "tf-amounts.txt")
        // Text that is NFC gives no such note.
        #expect(try Self.importNamed("金额测试项目").diagnostics.allSatisfy { $0.code != "text.nfc" })
    }

    @Test func sourceLinesAreNFC() {
        let src = SourceText(fileName: "x.txt", text: "中文\nCafe\u{301}\t\u{F900}\nok")
        #expect(src.normalizedLines == [2])
        #expect(Array(src.line(2).raw.utf8) == Array("Caf\u{E9}\t\u{8C48}".utf8))
        #expect(Array(src.line(2).clean[0].utf8) == Array("Caf\u{E9}".utf8))
        // Cells cleaned on their own (not through SourceText) are NFC too.
        #expect(Array(Cell.clean(" Cafe\u{301} ").utf8) == Array("Caf\u{E9}".utf8))
    }
}
