import Foundation
import BudgitModel
import BudgitCanonical
import BudgitStore

/// An import error a reviewer still has to settle: a fact the importer could not read, with
/// where it is and the command that corrects it.
public struct OpenImportError: Sendable {
    public var diagnostic: Diagnostic
    /// `sources/YEAR/FILE.txt`: the source the line number refers to.
    public var source: String
    public var unit: String?
    public var project: String?
    /// The command that settles it, or what to do when no single fact is concerned.
    public var fix: String
}

extension Workspace {
    /// The errors of the imports stored at `rev` (nil: the working tree) that no correction
    /// covers yet, in source and line order. An error is covered when a correction of that
    /// source sets a fact read from the error's line.
    public func openImportErrors(at rev: String?, year: Int?, forms: [ProjectForm]) throws(LoadError) -> [OpenImportError] {
        let prefix = year.map { "sources/\($0)/" } ?? "sources/"
        var files: [(path: String, bytes: [UInt8])] = []
        do {
            if let rev {
                for f in try repository.listFiles(at: rev, under: prefix) where f.path.hasSuffix(".diagnostics.jsonl") || f.path.hasSuffix(".corrections.jsonl") {
                    files.append((f.path, try repository.blob(f.id)))
                }
            } else {
                let writer = FileWriter(root: root)
                for p in listWorkingTree(root: root, under: prefix) where p.hasSuffix(".diagnostics.jsonl") || p.hasSuffix(".corrections.jsonl") {
                    if let b = writer.read(p) { files.append((p, b)) }
                }
            }
        } catch { throw .store(error) }
        let bytesByPath = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        var out: [OpenImportError] = []
        for (path, bytes) in files where path.hasSuffix(".diagnostics.jsonl") {
            let sourcePath = String(path.dropLast(".diagnostics.jsonl".count))
            let diagnostics: [Diagnostic]
            do { diagnostics = try DiagnosticsFile.read(bytes, path: path).diagnostics } catch { throw .canonical(error) }
            var corrections: [Correction] = []
            if let c = bytesByPath[sourcePath + ".corrections.jsonl"] {
                do { corrections = try CorrectionsFile.read(c, path: sourcePath + ".corrections.jsonl") } catch { throw .canonical(error) }
            }
            let sourceFile = String(sourcePath.split(separator: "/").last ?? "")
            let yearText = sourcePath.split(separator: "/").dropFirst().first.map(String.init) ?? "YEAR"
            let mine = forms.filter { $0.source.file == sourceFile }
            for d in diagnostics where d.severity == .error {
                let form = mine.first { $0.source.firstLine <= d.line && d.line <= $0.source.lastLine }
                var fix = "correct line \(d.line) of \(sourcePath) and import it again"
                if let form {
                    let keys = Self.factKeys(atLine: d.line, in: form)
                    let sourceName = corrections.first { $0.unit == form.unit && $0.key == "name" && $0.value == form.name }?.project ?? form.name
                    if keys.contains(where: { k in corrections.contains { $0.unit == form.unit && $0.project == sourceName && $0.key == k } }) { continue }
                    let scope = "budgit set --year \(yearText) --unit \(Self.shellQuoted(form.unit)) --project \(Self.shellQuoted(form.name))"
                    if let k = keys.first {
                        if k.hasPrefix("indicator."), let i = form.indicators.first(where: { $0.line == d.line }) {
                            fix = "\(scope) --indicator \(Self.shellQuoted(i.level3)) --target VALUE"
                        } else if k.hasPrefix("fund.") {
                            fix = "\(scope) --fund \(k.dropFirst(5)) --amount AMOUNT"
                        } else {
                            fix = "\(scope) --fact \(Self.shellQuoted(k)) --value VALUE"
                        }
                    }
                }
                out.append(OpenImportError(diagnostic: d, source: sourcePath, unit: form?.unit, project: form?.name, fix: fix))
            }
        }
        return out.sorted { ($0.source, $0.diagnostic.line) < ($1.source, $1.diagnostic.line) }
    }

    /// `text` as one shell word: as it is when it holds only letters, digits, CJK and `._/-`,
    /// else in single quotes.
    static func shellQuoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { u in
            (u.value > 0x7F && !u.properties.isWhitespace && u.properties.generalCategory != .control) || u.properties.isAlphabetic
                || ("0"..."9").contains(u) || "._/-".unicodeScalars.contains(u)
        }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The keys of the facts of `form` read from source line `line` (indicators, funding lines,
    /// cost lines), as ``ProjectFacts/facts(of:)`` names them.
    static func factKeys(atLine line: Int, in form: ProjectForm) -> [String] {
        var keys: [String] = []
        var seen: [String: Int] = [:]
        for i in form.indicators {
            var key = "indicator.\(i.path)"
            if let n = seen[key] { seen[key] = n + 1; key += "#\(n + 1)" } else { seen[key] = 1 }
            if i.line == line { keys.append(key) }
        }
        for f in form.funds where f.line == line { keys.append("fund.\(f.kind.rawValue)") }
        var seenCost: [String: Int] = [:]
        for c in form.breakdown {
            var key = "cost.\(c.name)/\(c.content)/\(c.detail)"
            if let n = seenCost[key] { seenCost[key] = n + 1; key += "#\(n + 1)" } else { seenCost[key] = 1 }
            if c.line == line { keys.append(key) }
        }
        return keys
    }
}
