import Foundation
import BudgitModel
import BudgitImport
import BudgitCanonical

/// What `budgit set` did.
public struct CorrectionResult: Sendable {
    public var path: String
    public var correctionsPath: String
    public var correction: Correction
    /// The value before this command (the source's, or an earlier correction's).
    public var previous: String
}

extension Workspace {
    // MARK: Correcting a fact

    /// Corrects one fact of a project in the working tree: rewrites its canonical file and
    /// records the correction beside the source it came from, so that every later import of
    /// that source (or a new edition of it) applies it again.
    /// - Parameters:
    ///   - key: the fact (``Correction/key``); for an indicator, ``ProjectFacts/indicatorKeys(named:in:)``.
    /// - Throws: ``CorrectionError`` naming what is missing or wrong.
    public func correct(path: String, key: String, value: String) throws(CorrectionError) -> CorrectionResult {
        let writer = FileWriter(root: root)
        guard let bytes = writer.read(path) else { throw CorrectionError("\(path) does not exist in the working tree") }
        let form: ProjectForm
        do { form = try ProjectFile.read(bytes, path: path) } catch {
            throw CorrectionError("\(error): repair the file first (`budgit check` lists such files)")
        }
        guard let previous = ProjectFacts.value(of: key, in: form) else {
            throw CorrectionError("\(form.name) has no fact `\(key)` (`budgit blame` lists its facts)")
        }
        let updated = try ProjectFacts.setting(key, to: value, in: form)
        guard let now = ProjectFacts.value(of: key, in: updated) else { throw CorrectionError("\(key) could not be set") }
        if now == previous { throw CorrectionError("\(form.name): \(key) is already `\(now)`; nothing to correct") }
        let correctionsPath = RepositoryLayout.correctionsPath(year: form.year, file: form.source.file)
        var corrections = try Self.readCorrections(correctionsPath, root: root)
        // The project as its source names it: an earlier correction may have renamed it.
        let sourceName = corrections.first { $0.unit == form.unit && $0.key == "name" && $0.value == form.name }?.project ?? form.name
        var c = Correction(unit: form.unit, project: sourceName, key: key, value: now, was: previous)
        if let i = corrections.firstIndex(where: { $0.unit == c.unit && $0.project == c.project && $0.key == key }) {
            c.was = corrections[i].was  // the source's value, not the earlier correction's
            corrections.remove(at: i)
        }
        if c.value != c.was { corrections.append(c) }
        var files: [(path: String, bytes: [UInt8])] = [(correctionsPath, CorrectionsFile.write(corrections))]
        var deletions: [String] = []
        let newPath = RepositoryLayout.projectPath(year: updated.year, unit: updated.unit, name: updated.name)
        files.append((newPath, ProjectFile.write(updated)))
        if newPath != path {
            if writer.read(newPath) != nil { throw CorrectionError("\(newPath) already exists: another project has that name") }
            deletions.append(path)
        }
        do { try writer.apply(writes: files, deletions: deletions) } catch { throw CorrectionError(error.description) }
        return CorrectionResult(path: newPath, correctionsPath: correctionsPath, correction: c, previous: previous)
    }

    /// The corrections recorded at `path` in the working tree (none when the file is absent).
    static func readCorrections(_ path: String, root: String) throws(CorrectionError) -> [Correction] {
        guard let bytes = FileWriter(root: root).read(path) else { return [] }
        do { return try CorrectionsFile.read(bytes, path: path) } catch {
            throw CorrectionError("\(error): the corrections file is not valid; fix the line or restore it with `git checkout -- \(path)`")
        }
    }

    // MARK: Import

    /// The unit import files a form under when it prints none (as ``ImportPlan/make(_:source:previousManifest:)``).
    static func defaultUnit(of doc: ImportedDocument) -> String { doc.unitBudget?.unit ?? "未注明单位" }

    /// A freshly parsed document with its source's corrections applied, hand edits of the files
    /// an earlier import wrote kept as new corrections, and the corrections file to write.
    ///
    /// Hand edits are found by parsing the source stored by the earlier import, applying the
    /// corrections recorded then, and comparing with the files in the working tree: each fact
    /// whose value differs was edited by hand and becomes a correction. An edit that is not a
    /// change of a fact's value (a fact added or removed) cannot be kept that way, and refuses
    /// the import, naming the file.
    static func reconcileCorrections(_ doc: ImportedDocument, source: [UInt8], sourceName: String, options: ImportOptions, root: String)
        throws(CorrectionError) -> (document: ImportedDocument, corrections: (path: String, bytes: [UInt8])?) {
        let path = RepositoryLayout.correctionsPath(year: doc.year, file: sourceName)
        let recorded = try readCorrections(path, root: root)
        var corrections = recorded
        var regenerated: [(path: String, problem: String)] = []
        for edit in try handEdits(year: doc.year, sourceName: sourceName, parsed: (source, doc), options: options,
                                  corrections: recorded, root: root, regenerated: &regenerated) {
            if let i = corrections.firstIndex(where: { $0.unit == edit.unit && $0.project == edit.project && $0.key == edit.key }) {
                corrections[i].value = edit.value
            } else {
                corrections.append(edit)
            }
        }
        var doc = doc
        var sink = DiagnosticSink(fileName: doc.sourceFile)
        for r in regenerated {
            sink.add(.warning, "file.regenerated", line: 1,
                     "\(r.path) was not valid canonical text (\(r.problem)); written again from the source and its corrections", raw: r.path)
        }
        apply(corrections, to: &doc.projects, defaultUnit: defaultUnit(of: doc), sink: &sink,
                   reportHandEdits: Set(corrections).subtracting(recorded))
        doc.diagnostics += sink.items
        let changed = corrections.sorted { $0 < $1 } != recorded
        return (doc, changed ? (path, CorrectionsFile.write(corrections)) : nil)
    }

    /// Applies corrections to parsed forms (names as the source prints them), reporting each:
    /// applied, already so in the source, changed in the source, or no longer applicable.
    static func apply(_ corrections: [Correction], to forms: inout [ProjectForm], defaultUnit: String,
                      sink: inout DiagnosticSink, reportHandEdits: Set<Correction> = []) {
        // Renames last, so that the other corrections find the project by its source name.
        for c in corrections.sorted(by: { ($0.key == "name" ? 1 : 0, $0) < ($1.key == "name" ? 1 : 0, $1) }) {
            guard let i = forms.firstIndex(where: { ($0.unit.isEmpty ? defaultUnit : $0.unit) == c.unit && $0.name == c.project }) else {
                sink.add(.warning, "correction.stale", line: 1,
                         "the correction of \(c.key) in \(c.project) (\(c.unit)) no longer applies: the source has no such project. Remove it from the corrections file if it is obsolete", raw: c.value)
                continue
            }
            let line = forms[i].source.firstLine
            guard let now = ProjectFacts.value(of: c.key, in: forms[i]) else {
                sink.add(.warning, "correction.stale", line: line,
                         "the correction of \(c.key) in \(c.project) no longer applies: the source has no such fact", raw: c.value)
                continue
            }
            if now == c.value {
                sink.add(.note, "correction.in-source", line: line, "\(c.project): the source now reads \(c.key) as corrected", raw: now)
                continue
            }
            if now != c.was {
                sink.add(.warning, "correction.source-changed", line: line,
                         "\(c.project): the source now reads \(c.key) as `\(now)` (it read `\(c.was)`, corrected to `\(c.value)`): kept the source's value; run `budgit set` again if the correction still holds", raw: now)
                continue
            }
            do {
                forms[i] = try ProjectFacts.setting(c.key, to: c.value, in: forms[i])
                let what = reportHandEdits.contains(c) ? "kept a hand edit as a correction" : "applied the correction"
                sink.add(.note, "correction.applied", line: line, "\(c.project): \(what): \(c.key) `\(c.was)` → `\(c.value)`", raw: c.value)
            } catch {
                sink.add(.warning, "correction.invalid", line: line, "\(c.project): the correction of \(c.key) cannot be applied: \(error)", raw: c.value)
            }
        }
    }

    /// The facts of this source's project files that differ, in the working tree, from what
    /// the stored source and its recorded corrections give.
    /// `parsed` is the source being imported and its document: when the stored source is the
    /// same bytes, it is not parsed again.
    static func handEdits(year: Int, sourceName: String, parsed: ([UInt8], ImportedDocument), options: ImportOptions,
                          corrections: [Correction], root: String,
                          regenerated: inout [(path: String, problem: String)]) throws(CorrectionError) -> [Correction] {
        let writer = FileWriter(root: root)
        guard let stored = writer.read(RepositoryLayout.sourcePath(year: year, file: sourceName)) else { return [] }
        var old: ImportedDocument
        if stored == parsed.0 { old = parsed.1 } else {
            guard let doc = try? Importer.parse(bytes: stored, fileName: sourceName, options: options) else { return [] }
            old = doc
        }
        let sourceForms = old.projects
        var ignored = DiagnosticSink(fileName: sourceName)
        let defaultUnit = defaultUnit(of: old)
        apply(corrections, to: &old.projects, defaultUnit: defaultUnit, sink: &ignored)
        var edits: [Correction] = []
        var seen = Set<String>()
        for (k, expected) in old.projects.enumerated() {
            var want = expected
            if want.unit.isEmpty { want.unit = defaultUnit }
            let path = RepositoryLayout.projectPath(year: want.year, unit: want.unit, name: want.name)
            // Only regular files: a link in a document's place is replaced by the import, not read.
            var st = stat()
            guard seen.insert(path).inserted, lstat(writer.root + path, &st) == 0, st.st_mode & S_IFMT == S_IFREG,
                  let bytes = writer.read(path) else { continue }
            if bytes == ProjectFile.write(want) { continue }
            let have: ProjectForm
            do { have = try ProjectFile.read(bytes, path: path) } catch {
                // Not valid canonical text (a bad hand edit, a line merge): no value can be kept
                // from it, and this import regenerates it from the source and its corrections.
                regenerated.append((path, error.description))
                continue
            }
            let haveFacts = ProjectFacts.facts(of: have).map(\.key), wantFacts = ProjectFacts.facts(of: want).map(\.key)
            if Set(haveFacts) != Set(wantFacts) {
                let diff = Set(haveFacts).symmetricDifference(wantFacts).sorted().prefix(3).joined(separator: ", ")
                throw CorrectionError("\(path) was edited by hand in a way budgit cannot keep as corrections (facts added or removed: \(diff)); commit it and correct values with `budgit set`, or restore it with `git checkout -- \(path)`, before importing \(sourceName) again")
            }
            for key in wantFacts {
                guard let a = ProjectFacts.value(of: key, in: want), let b = ProjectFacts.value(of: key, in: have), a != b else { continue }
                let was = ProjectFacts.value(of: key, in: sourceForms[k]) ?? a
                edits.append(Correction(unit: want.unit, project: sourceForms[k].name, key: key, value: b, was: was))
            }
        }
        return edits
    }
}

extension Workspace {
    /// The project files of the working tree for `year` whose project is `name`: the exact file
    /// name first, then names equal once spaces and full-width forms are set aside (as OCR and
    /// editions vary them). `unit` narrows to one unit.
    public func projectFiles(year: Int, unit: String?, named name: String) -> [String] {
        let prefix = unit.map { "\(year)/\(RepositoryLayout.component($0))/" } ?? "\(year)/"
        let files = listWorkingTree(root: root, under: prefix).filter {
            if case .project = RepositoryLayout.classify($0) { return true } else { return false }
        }
        let exact = "/" + RepositoryLayout.component(name) + RepositoryLayout.fileExtension
        let hits = files.filter { $0.hasSuffix(exact) }
        if !hits.isEmpty { return hits }
        let key = Self.looseName(name)
        return files.filter { path in
            let file = path.split(separator: "/").last.map(String.init) ?? ""
            return Self.looseName(String(file.dropLast(RepositoryLayout.fileExtension.count))) == key
        }
    }

    /// A name without spaces, with full-width letters, digits and brackets as half-width.
    static func looseName(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.precomposedStringWithCompatibilityMapping.unicodeScalars where !u.properties.isWhitespace { out.append(u) }
        return String(out)
    }
}

/// Why a project name does not name exactly one project.
public struct ProjectLookupError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension Workspace {
    /// The path of the project named `name` at revision `rev`: `--year` and `--unit` are needed
    /// only when the name is not unique. Names match as printed, then without spaces and with
    /// full-width forms as half-width (as OCR and editions vary them).
    /// - Throws: ``ProjectLookupError`` listing the candidates when there are several, or saying
    ///   where to look when there is none; ``StoreError`` for an unknown revision.
    public func projectPath(named name: String, year: Int?, unit: String?, at rev: String) throws -> String {
        var prefix = ""
        if let year { prefix = "\(year)/" + (unit.map { RepositoryLayout.component($0) + "/" } ?? "") }
        let files = try repository.listFiles(at: rev, under: prefix).map(\.path).filter {
            guard case .project = RepositoryLayout.classify($0) else { return false }
            if let unit, year == nil { return $0.split(separator: "/").dropFirst().first.map(String.init) == RepositoryLayout.component(unit) }
            return true
        }
        func fileName(_ p: String) -> String {
            let f = p.split(separator: "/").last.map(String.init) ?? ""
            return String(f.dropLast(RepositoryLayout.fileExtension.count))
        }
        var hits = files.filter { fileName($0) == RepositoryLayout.component(name) }
        if hits.isEmpty {
            let key = Self.looseName(name)
            hits = files.filter { Self.looseName(fileName($0)) == key }
        }
        if hits.count == 1, let only = hits.first { return only }
        let scope = [year.map { "in \($0)" }, unit.map { "of \($0)" }].compactMap { $0 }.joined(separator: " ")
        if hits.isEmpty {
            throw ProjectLookupError(description: "no project `\(name)`\(scope.isEmpty ? "" : " " + scope) at \(rev): `budgit show --year YEAR` lists the projects of a year")
        }
        let list = hits.prefix(20).map { "  " + $0 }.joined(separator: "\n")
        throw ProjectLookupError(description: "`\(name)` names \(hits.count) projects at \(rev); add --year and --unit to pick one:\n\(list)")
    }
}
