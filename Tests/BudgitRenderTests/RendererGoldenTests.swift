import Foundation
import Testing
import BudgitCompare
import BudgitCompareTestSupport
@testable import BudgitRender

/// Golden outputs of the renderers for the sample report, under `Fixtures/golden/compare/`.
/// Run with `BUDGIT_RECORD=1` to rewrite them, then review the diff like code.
@Suite struct RendererGoldenTests {
    static let report = Comparison.compare(a: Sample.a, b: Sample.b)

    static let cases: [(String, @Sendable () -> String)] = [
        ("sample.txt", { TextRenderer.render(report) }),
        ("sample-color.txt", { TextRenderer.render(report, color: true) }),
        ("sample-summary.txt", { TextRenderer.render(report, summaryOnly: true) }),
        ("sample.md", { MarkdownRenderer.render(report) }),
        ("sample.csv", { CSVRenderer.render(report) }),
        ("sample.json", { JSONRenderer.render(report) }),
    ]

    @Test(arguments: cases.map(\.0))
    func golden(name: String) throws {
        let render = Self.cases.first { $0.0 == name }!.1
        try checkGolden(render(), name: name)
    }

    @Test func csvIsBOMAndCRLFAndQuoted() {
        let csv = CSVRenderer.render(Self.report)
        #expect(csv.unicodeScalars.first == "\u{FEFF}")
        #expect(csv.utf8.count > 0 && csv.hasSuffix("\r\n"))
        #expect(!csv.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(CSVRenderer.quote("a,b") == "\"a,b\"")
        #expect(CSVRenderer.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVRenderer.quote("two\r\nlines") == "\"two\r\nlines\"")
        #expect(CSVRenderer.quote("plain") == "plain")
    }

    @Test func jsonLayoutLeavesStringsAlone() {
        #expect(JSONRenderer.indent(#"{"a":"x,{[\":]}","b":[],"c":[1,{}]}"#) == """
            {
              "a": "x,{[\\":]}",
              "b": [],
              "c": [
                1,
                {}
              ]
            }
            """)
    }

    @Test func emptyReportRenders() {
        let r = Comparison.compare(a: Sample.a, b: Sample.a)
        #expect(!TextRenderer.render(r).contains("changed projects"))
        #expect(CSVRenderer.render(r) == "\u{FEFF}kind,unit,project,item,field,from,to,delta\r\n")
    }

    @Test func jsonHasSortedKeysAndMoneyAsStrings() throws {
        let json = JSONRenderer.render(Self.report)
        #expect(json.contains("\"delta\": \"-25500.00\""))
        #expect(json.contains("\"removed\": []"))
        #expect(try JSONRenderer.decode(json) == Self.report)
    }
}

func checkGolden(_ actual: String, name: String, filePath: String = #filePath) throws {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/golden/compare")
    let url = dir.appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment["BUDGIT_RECORD"] == "1"
    let existing = try? Data(contentsOf: url)
    if record || existing == nil {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
        if !record { Issue.record("recorded missing golden \(name); review it and re-run") }
        return
    }
    let expected = String(decoding: existing!, as: UTF8.self)
    #expect(actual == expected, "\(name) differs from its golden file; re-run with BUDGIT_RECORD=1 if intended")
}
