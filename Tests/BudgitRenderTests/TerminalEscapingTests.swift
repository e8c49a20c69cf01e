import BudgitModel
import BudgitTestSupport
import Testing
import BudgitCompare
import BudgitCompareTestSupport
@testable import BudgitRender

/// Text from documents is data: the terminal renderers escape its control characters, and the
/// spreadsheet CSV neutralises cells that would run as formulas.
@Suite struct TerminalEscapingTests {
    /// ESC with a CSI, BEL, a C1 CSI, a bidi override and isolate, tab, line feed, DEL.
    static let hostile = ["党建\u{1B}[2J经费", "响铃\u{7}", "\u{9B}31m红", "\u{202E}倒序", "\u{2067}隔离\u{2069}", "a\tb\nc", "删\u{7F}除", "\u{85}下一行"]
    static let colours = ["\u{1B}[1m", "\u{1B}[0m", "\u{1B}[32m", "\u{1B}[31m", "\u{1B}[33m"]

    static func rawControl(in s: String) -> Unicode.Scalar? {
        s.unicodeScalars.first { v in
            (v.value < 0x20 && v != "\n") || v.value == 0x7F || (0x80...0x9F).contains(v.value)
                || (0x202A...0x202E).contains(v.value) || (0x2066...0x2069).contains(v.value)
        }
    }

    @Test func reportsHaveNoRawControlCharacters() {
        var r = ReportGenerator(seed: 11, words: Self.hostile + ["中文", "x"])
        for round in 0..<40 {
            let report = r.report()
            #expect(Self.rawControl(in: TextRenderer.render(report)) == nil, "round \(round) text")
            #expect(Self.rawControl(in: MarkdownRenderer.render(report)) == nil, "round \(round) markdown")
            // Colour codes are the renderer's own; nothing else may be a control.
            var coloured = TextRenderer.render(report, color: true)
            for c in Self.colours { coloured = coloured.split(separator: c, omittingEmptySubsequences: false).joined() }
            #expect(Self.rawControl(in: coloured) == nil, "round \(round) colour")
        }
        var report = r.report()
        report.from = "党建\u{1B}[2J经费"
        #expect(TextRenderer.render(report).hasPrefix("compare 党建\\e[2J经费 → "))
        #expect(MarkdownRenderer.render(report).hasPrefix("# Comparison: 党建\\e[2J经费 → "))
    }

    @Test func escapesAreVisibleAndEverythingElseStays() {
        #expect(TerminalText.escape("党建\u{1B}[2J经费") == "党建\\e[2J经费")
        #expect(TerminalText.escape("\u{7}\u{0}\u{7F}\t\n\r") == "\\x07\\x00\\x7f\\t\\n\\r")
        #expect(TerminalText.escape("\u{80}\u{9B}\u{9F}") == "\\u{80}\\u{9b}\\u{9f}")
        #expect(TerminalText.escape("\u{202A}\u{202E}\u{2066}\u{2069}") == "\\u{202a}\\u{202e}\\u{2066}\\u{2069}")
        for kept in ["", "中文：项目（2022运维）", "≥90%", "—…“”", "\u{A0}\u{A9}é", "\u{2029}\u{2028}\u{202F}\u{2065}\u{206A}", "\\e", "😀"] {
            #expect(TerminalText.escape(kept) == kept)
            #expect(!TerminalText.needsEscape(kept))
        }
        // The word-at-a-time scan finds a control at every offset, across word boundaries.
        for n in 0..<20 {
            for c in ["\u{1B}", "\u{9B}", "\u{202E}", "\u{2069}"] {
                let s = String(repeating: "a", count: n) + c + "中"
                #expect(TerminalText.escape(s) == String(repeating: "a", count: n) + TerminalText.escape(c) + "中")
                var copy = s
                #expect(copy.withUTF8 { TerminalText.firstEscape(in: $0) } == n)
            }
        }
        // A whole file on a terminal keeps its lines and columns.
        var out: [UInt8] = []
        Array("a\tb\u{1B}\nc\r\n".utf8).withUnsafeBufferPointer { TerminalText.appendEscaped($0, keepingLayout: true, to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "a\tb\\e\nc\\r\n")
    }

    @Test func spreadsheetCellsThatLookLikeFormulasAreNeutralised() {
        let cases: [(String, String)] = [
            ("=8个", "\"'=8个\""), ("+1", "+1"), ("+1+2", "\"'+1+2\""), ("-x", "\"'-x\""), ("@SUM(1)", "\"'@SUM(1)\""),
            ("\tx", "\"'\tx\""), ("\rx", "\"'\rx\""), ("=HYPERLINK(\"http://e.x\",\"a\")", "\"'=HYPERLINK(\"\"http://e.x\"\",\"\"a\"\")\""),
            ("-12.50", "-12.50"), ("-8000.00", "-8000.00"), ("12", "12"), ("-", "\"'-\""), ("-1.", "\"'-1.\""),
            ("a=b", "a=b"), ("≥90%", "≥90%"), ("", ""), ("a,b", "\"a,b\""),
        ]
        for (cell, expected) in cases {
            #expect(CSVRenderer.spreadsheetQuote(cell) == expected, "\(cell.debugDescription)")
            #expect(ByteWriter.string { CSVRenderer.field(cell, spreadsheet: true, into: &$0) } == expected)
            #expect(ByteWriter.string { CSVRenderer.field(cell, into: &$0) } == CSVRenderer.quote(cell))
        }
    }

    @Test func excelExportNeutralisesTargetsButNotAmounts() {
        let p = project("=HYPERLINK(\"http://e.x\")", annual: "1.00", indicators: [
            indicator("产出目标/数量目标/次数", target("=8个")), indicator("产出目标/数量目标/金额", target("-12.50")),
            indicator("@SUM(1)/x/y", target("+1")), indicator("a/b/c", target("\tx")),
        ])
        let excel = TableExport.indicators([p], bom: true, crlf: true, spreadsheet: true)
        #expect(excel.contains(",\"'=8个\","))
        #expect(excel.contains(",-12.50,"))
        #expect(excel.contains(",+1,"))
        #expect(excel.contains(",\"'\tx\","))
        #expect(excel.contains(",\"'@SUM(1)\","))
        #expect(excel.contains(",\"'=HYPERLINK(\"\"http://e.x\"\")\","))
        #expect(TableExport.indicators([p]).contains(",=8个,"), "plain CSV keeps the text")
        let b = budget("单位", year: 2020, rows: [row("201", "=cmd|' /C calc'!A0", ["-12.50", nil])])
        let lines = TableExport.budgetLines([b], bom: true, crlf: true, spreadsheet: true)
        #expect(lines.contains(",\"'=cmd|' /C calc'!A0\",-12.50,"), "\(lines)")
    }
}
