import Foundation
import Testing
import BudgitModel
@testable import BudgitImport
import BudgitTestSupport

/// The accounting pass: every non-blank cell is part of a fact, a label, or a diagnostic.
@Suite("SourceAccounting")
struct SourceAccountingTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    static let fixtures: [String] = {
        let seeds = ["000_b8de17d7b47ea05c.txt", "001_c2baf747aff8c518.txt", "002_3205439470554c78.txt", "004_592573b8403f4d15.txt"]
        let quirks = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("quirks").path)) ?? []
        return seeds + quirks.filter { $0.hasSuffix(".txt") }.sorted().map { "quirks/" + $0 }
    }()

    @Test("every cell of every fixture is accounted for", arguments: fixtures)
    func fixturesFullyAccounted(_ name: String) throws {
        let doc = try Importer.parse(bytes: Array(try Self.text(name).utf8), fileName: name)
        let unused = doc.diagnostics.filter { $0.code == "text.unused" }
        #expect(unused.isEmpty, "\(unused.prefix(5).map(\.description))")
    }

    @Test("a cell no fact holds is reported with its line; a value made of label words is not a label")
    func strayCellReported() throws {
        let text = try Self.text("quirks/tf-geq.txt")
        let doc = try Importer.parse(bytes: Array(text.utf8), fileName: "x.txt")
        var lines = text.components(separatedBy: "\n")
        let i = try #require(doc.projects.first?.indicators.last?.line) - 1
        lines[i] += "\t孤立的说明文字\t目标年度"
        var sink = DiagnosticSink(fileName: "x.txt")
        SourceAccounting.account(SourceText(fileName: "x.txt", text: lines.joined(separator: "\n")), document: doc, diagnostics: &sink)
        #expect(sink.items.map(\.code) == ["text.unused", "text.unused"])
        #expect(sink.items.map(\.raw) == ["孤立的说明文字", "目标年度"])
        #expect(sink.items.map(\.line) == [i + 1, i + 1])
        // The same cells quoted by a diagnostic of their line are accounted for.
        var quoted = DiagnosticSink(fileName: "x.txt")
        quoted.add(.warning, "form.unread-cell", line: i + 1, "not recognised", raw: "孤立的说明文字 目标年度")
        SourceAccounting.account(SourceText(fileName: "x.txt", text: lines.joined(separator: "\n")), document: doc, diagnostics: &quoted)
        #expect(quoted.items.count == 1)
    }

    /// Documents small enough to re-import hundreds of times: quirks and the first forms of
    /// each seed (cut at a blank line).
    static func corpus() throws -> [(String, [String])] {
        var out: [(String, [String])] = []
        for name in fixtures {
            var lines = try text(name).components(separatedBy: "\n")
            let limit = name.hasPrefix("001") ? 480 : 160
            if lines.count > limit {
                var cut = limit
                while cut < lines.count && !lines[cut].trimmingCharacters(in: .whitespaces).isEmpty { cut += 1 }
                lines = Array(lines[..<cut])
            }
            out.append((name, lines))
        }
        return out
    }

    /// Text edits that only move text: join two lines (with or without a tab), glue a form's
    /// title to the end of the line before it, move a line's first cell up to the line before.
    static func edit(_ lines: [String], using rng: inout SeededGenerator) -> (String, [String])? {
        let nonBlank = lines.indices.filter { !lines[$0].trimmingCharacters(in: .whitespaces).isEmpty }
        guard nonBlank.count > 2 else { return nil }
        var l = lines
        switch Int.random(in: 0..<4, using: &rng) {
        case 0, 1:
            let i = nonBlank[Int.random(in: 0..<(nonBlank.count - 1), using: &rng)]
            let sep = Bool.random(using: &rng) ? "\t" : ""
            l[i] += sep + l[i + 1]
            l.remove(at: i + 1)
            return ("join \(i + 1)+\(i + 2) sep=\(sep == "\t" ? "tab" : "none")", l)
        case 2:
            let titles = nonBlank.filter { i in
                TargetFormParser.titles.contains { lines[i].contains($0) } || lines[i].contains("绩效目标申报表")
            }
            guard let t = titles.filter({ $0 > 0 }).randomElement(using: &rng),
                  let prev = nonBlank.last(where: { $0 < t }) else { return nil }
            l[prev] += l[t]
            l.removeSubrange((prev + 1)...t)
            return ("glue title \(t + 1) to \(prev + 1)", l)
        default:
            let i = nonBlank[Int.random(in: 1..<nonBlank.count, using: &rng)]
            var cells = l[i].components(separatedBy: "\t")
            guard let k = cells.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
                  let prev = nonBlank.last(where: { $0 < i }) else { return nil }
            let moved = cells[k]
            cells[k] = ""
            l[i] = cells.joined(separator: "\t")
            l[prev] += "\t" + moved
            return ("move first cell of \(i + 1) up", l)
        }
    }

    /// Fact texts of a document: what a reviewer would miss if it disappeared.
    static func facts(_ doc: ImportedDocument, includingNarrative: Bool = false) -> [String] {
        var out: [String] = []
        for f in doc.projects {
            out += [f.name, f.overallGoal, f.annualGoal].compactMap { $0 }
            for i in f.indicators { out += [i.level3, i.target.text] }
            out += f.details.map(\.text) + f.contacts.map(\.name) + f.breakdown.map(\.name)
            out += f.funds.map(\.amount.description) + f.breakdown.compactMap { $0.amount?.description }
        }
        if let ub = doc.unitBudget {
            for t in ub.tables { for r in t.rows { out.append(r.name); out += r.amounts.compactMap { $0?.description } } }
            // Text kept as narrative is kept (not lost), though no longer a table.
            if includingNarrative { for s in ub.sections { out.append(s.heading); out += s.paragraphs } }
        }
        return out.filter { !$0.isEmpty }
    }

    /// Digits and words only, so that a fact moved into a longer cell is still found.
    static func key(_ s: String) -> [UInt8] { SourceAccounting.normalized(s) }

    /// The forms an amount may be printed in (元 and 万元 digits), normalised.
    static func amountKeys(_ canonical: String) -> [[UInt8]] {
        guard let m = Money(canonical: canonical) else { return [key(canonical)] }
        var s = SourceAccounting.FactText()
        s.addAmount(m)
        return Array(s.amountTokens)
    }

    @Test("no fact is lost silently when text is moved (joins, glued titles, moved cells)")
    func movedTextLosesNothingSilently() throws {
        var rng = SeededGenerator(seed: 0xB0D617)
        let corpus = try Self.corpus()
        let original = try corpus.map { try Self.facts(Importer.parse(bytes: Array($0.1.joined(separator: "\n").utf8), fileName: "a.txt")) }
        var silent: [String] = []
        var edits = 0
        while edits < 600 {
            let pick = Int.random(in: 0..<corpus.count, using: &rng)
            let (name, lines) = corpus[pick]
            guard let (what, edited) = Self.edit(lines, using: &rng) else { continue }
            edits += 1
            guard let after = try? Importer.parse(bytes: Array(edited.joined(separator: "\n").utf8), fileName: "a.txt") else {
                continue  // refused as a whole, with an error: not silent
            }
            var factText: [UInt8] = []
            for f in Self.facts(after, includingNarrative: true) { factText += Self.key(f); factText.append(1) }
            var said: [UInt8] = []
            for d in after.diagnostics { said += Self.key(d.raw + d.message); said.append(1) }
            // Diagnostics quote at most 80 characters (`…` when cut): a long fact is named by
            // an excerpt of it.
            let excerpts = after.diagnostics.filter { $0.raw.hasSuffix("…") }.map { Self.key(String($0.raw.dropLast())) }.filter { $0.count >= 60 }
            for fact in Set(original[pick]) {
                let isAmount = Money(canonical: fact) != nil
                let keys = isAmount ? Self.amountKeys(fact) : [Self.key(fact)]
                guard let k = keys.first, !k.isEmpty else { continue }
                if keys.contains(where: { SourceAccounting.contains(factText, $0) }) { continue }
                if keys.contains(where: { SourceAccounting.contains(said, $0) }) { continue }
                if excerpts.contains(where: { SourceAccounting.contains(k, $0) }) { continue }
                silent.append("\(name) \(what): lost `\(fact.prefix(40))`")
            }
        }
        #expect(silent.isEmpty, "\(silent.count) facts lost silently (seed 0xB0D617): \(silent.prefix(8))")
    }
}
