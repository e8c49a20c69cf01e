import Foundation
import BudgitModel

/// Reads a published document into the typed model.
public enum Importer {
    /// Decodes raw bytes: UTF-8 (with or without BOM), else GB18030 via iconv. Rejects empty and
    /// binary input.
    /// - Returns: the text and whether it was converted from GB18030.
    public static func decode(_ bytes: [UInt8], fileName: String) throws(ImportError) -> (String, convertedFrom: String?) {
        var b = bytes[...]
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b = b.dropFirst(3) }
        if b.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { throw .empty(file: fileName) }
        if b.contains(0) { throw .binary(file: fileName) }
        if let s = String(validating: b, as: UTF8.self) { return (s, nil) }
        // A file cut in the middle of a character (a truncated download): the valid text before it.
        for cut in 1...3 where b.count > cut {
            if let s = String(validating: b.dropLast(cut), as: UTF8.self), mostlyCJK(s) { return (s, "truncated") }
        }
        if let s = Iconv.convert(Array(b), from: "GB18030") { return (s, "GB18030") }
        throw .undecodable(file: fileName, detail: "invalid byte sequence")
    }

    /// Whether decoded text is plausibly a Chinese document (guards the truncation repair).
    static func mostlyCJK(_ s: String) -> Bool {
        var cjk = 0, other = 0
        for u in s.unicodeScalars.prefix(4000) where u.value > 0x7F {
            if (0x4E00...0x9FFF).contains(u.value) || (0x3000...0x303F).contains(u.value) || (0xFF00...0xFFEF).contains(u.value) { cjk += 1 } else { other += 1 }
        }
        return cjk > 0 && cjk >= other * 4
    }

    /// Detects the layout of a document from its titles.
    public static func detect(_ src: SourceText) -> Layout? {
        var hasUnitBudget = false, has2022 = false, has2023 = false, hasDecl = false
        for line in src.lines.prefix(400) {
            let t = Cell.compact(line.joined)
            if t.contains("单位财务收支预算总表") || t.contains("区级单位预算") { hasUnitBudget = true }
            if t.contains("财政项目支出绩效目标表") { has2022 = true }
            if t.contains("财政项目支出绩效目标申报表") {
                if t.contains("项目总体情况") || t.contains("绩效目标）") || t.contains("绩效目标)") { hasDecl = true } else { has2023 = true }
            }
            if t.contains("项目总体情况") { hasDecl = true }
        }
        if hasUnitBudget { return .unitBudget2020 }
        if hasDecl { return .declaration2020 }
        if has2022 { return .targetForm2022 }
        if has2023 { return .targetForm2023 }
        return nil
    }

    /// Parses one document.
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - fileName: the name used in diagnostics and source spans (the base name).
    /// - Throws: ``ImportError`` when nothing can be imported.
    public static func parse(bytes: [UInt8], fileName: String, options: ImportOptions = .init()) throws(ImportError) -> ImportedDocument {
        let (text, converted) = try decode(bytes, fileName: fileName)
        let src = SourceText(fileName: fileName, text: text)
        var sink = DiagnosticSink(fileName: fileName)
        if converted == "truncated" {
            sink.add(.error, "file.truncated", line: max(1, src.lines.count),
                     "the file ends in the middle of a character: it looks truncated; the last line is incomplete. Get the whole document and import it again")
        } else if let converted {
            sink.add(.note, "encoding.converted", line: 1, "converted the file from \(converted) to UTF-8")
        }
        for n in src.normalizedLines {
            sink.add(.note, "text.nfc", line: n, "the line was not in Unicode NFC (e.g. a compatibility ideograph or a decomposed accent); stored in NFC, as canonical files are")
        }
        if let first = src.markupLines.first {
            let count = src.markupLines.count
            sink.add(.note, "markup.removed", line: first,
                     "removed HTML markup (<p>, <br>, <td>, <input> …) from \(count) line\(count == 1 ? "" : "s"), the first here; other text in angle brackets is kept")
        }
        guard let layout = detect(src) else {
            let first = src.lines.first(where: { !$0.isBlank })?.joined ?? ""
            throw .notABudgetDocument(file: fileName, firstLine: String(first.prefix(60)))
        }
        var doc = ImportedDocument(layout: layout.rawValue, sourceFile: fileName, year: 0)
        switch layout {
        case .targetForm2022, .targetForm2023:
            doc.projects = TargetFormParser.parse(src, layout: layout, diagnostics: &sink)
        case .declaration2020:
            doc.projects = DeclarationParser.parse(src, range: 1...src.lines.count, diagnostics: &sink)
        case .unitBudget2020:
            let (budget, declStart) = UnitBudgetParser.parse(src, diagnostics: &sink)
            doc.unitBudget = budget
            if let declStart {
                doc.projects = DeclarationParser.parse(src, range: declStart...src.lines.count, diagnostics: &sink)
            }
        }
        if doc.projects.isEmpty && doc.unitBudget == nil {
            throw .nothingFound(file: fileName, layout: layout.rawValue)
        }
        SourceAccounting.account(src, document: doc, diagnostics: &sink)
        applyOverrides(&doc, options: options, sink: &sink)
        doc.diagnostics = sink.items
        return doc
    }

    static func applyOverrides(_ doc: inout ImportedDocument, options: ImportOptions, sink: inout DiagnosticSink) {
        let years = Set(doc.projects.map(\.year) + (doc.unitBudget.map { [$0.year] } ?? []))
        doc.year = years.max() ?? 0
        if let y = options.year {
            if !years.isEmpty && years != [y] {
                sink.add(.warning, "override.year", line: 1, "the document says \(years.sorted().map(String.init).joined(separator: ", ")); stored as \(y) as --year asks")
            }
            doc.year = y
            for i in doc.projects.indices { doc.projects[i].year = y }
            doc.unitBudget?.year = y
        }
        if let u = options.unit {
            for i in doc.projects.indices { doc.projects[i].unit = u }
            doc.unitBudget?.unit = u
        }
    }
}
