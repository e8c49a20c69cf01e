import BudgitModel
import BudgitImport
import BudgitCanonical

/// The files one imported document becomes in the repository.
public struct ImportPlan: Sendable {
    /// The parsed document. After a real import only its metadata and diagnostics are kept
    /// (unless asked to retain it), so that memory does not grow with the input.
    public var document: ImportedDocument
    /// Counts for reports, valid even when the document's content was released.
    public var projectCount: Int
    public var indicatorCount: Int
    /// The unit budget's unit, tables and lines, if the document held one.
    public var budget: (unit: String, tables: Int, lines: Int)?
    /// Canonical files, the raw source, its diagnostics and its manifest, by path.
    public var files: [(path: String, bytes: [UInt8])]
    /// Files an earlier import of the same source produced that this one does not.
    public var stale: [String]

    /// A line of the previous `.files` manifest names a path this source's import could not have
    /// written: budgit refuses to delete it.
    public struct ManifestError: Error, CustomStringConvertible, Sendable {
        public var manifest: String
        public var line: Int
        public var entry: String
        public var problem: String
        public var description: String {
            "`\(manifest)` line \(line): `\(entry)` \(problem); budgit deletes only the files it wrote for this source, "
                + "so it refuses to import over this manifest. Nothing was changed. Fix or remove that line (or restore the "
                + "manifest with `git checkout -- \(manifest)`), then import again."
        }
    }

    /// Builds the files for `doc`, whose raw bytes are `source`.
    /// - Parameter previousManifest: the `.files` manifest of an earlier import of this source.
    /// - Throws: ``ManifestError`` when the previous manifest lists a path that an import of this
    ///   source could not have written (``RepositoryLayout/manifestEntryProblem(_:year:file:)``).
    public static func make(_ doc: ImportedDocument, source: [UInt8], previousManifest: [UInt8]?) throws(ManifestError) -> ImportPlan {
        var doc = doc
        var extra = DiagnosticSink(fileName: doc.sourceFile)
        // Declarations bundled with a unit budget name no unit of their own: they belong to it.
        if let b = doc.unitBudget {
            for i in doc.projects.indices where doc.projects[i].unit.isEmpty {
                doc.projects[i].unit = b.unit
                extra.add(.note, "unit.from-budget", line: doc.projects[i].source.firstLine,
                          "the declaration names no unit; filed under the unit budget's unit \(b.unit)", raw: doc.projects[i].name)
            }
        }
        for i in doc.projects.indices where doc.projects[i].unit.isEmpty {
            doc.projects[i].unit = "未注明单位"
            extra.add(.warning, "unit.missing", line: doc.projects[i].source.firstLine,
                      "no unit printed; filed under 未注明单位 (pass --unit NAME to name it)", raw: doc.projects[i].name)
        }
        doc.diagnostics += extra.items

        var files: [(String, [UInt8])] = []
        var taken: [String: Int] = [:]
        for p in doc.projects {
            var path = RepositoryLayout.projectPath(year: p.year, unit: p.unit, name: p.name)
            if let n = taken[path] {
                taken[path] = n + 1
                path = RepositoryLayout.duplicate(path, number: n + 1)
            } else { taken[path] = 1 }
            files.append((path, ProjectFile.write(p)))
        }
        if let b = doc.unitBudget {
            let folder = RepositoryLayout.unitBudgetPath(year: b.year, unit: b.unit)
            for p in UnitBudgetFile.writeParts(b) { files.append((folder + "/" + p.part.fileName, p.bytes)) }
        }
        let y = doc.year
        files.append((RepositoryLayout.sourcePath(year: y, file: doc.sourceFile), source))
        files.append((RepositoryLayout.diagnosticsPath(year: y, file: doc.sourceFile),
                      DiagnosticsFile.write(doc.diagnostics, layout: doc.layout, source: doc.sourceFile)))
        let canonicalPaths = files.map(\.0)
        let manifestPath = RepositoryLayout.manifestPath(year: y, file: doc.sourceFile)
        let manifest = Array((canonicalPaths.sorted().joined(separator: "\n") + "\n").utf8)
        files.append((manifestPath, manifest))
        var stale: [String] = []
        if let prev = previousManifest {
            let now = Set(files.map(\.0))
            for (i, line) in String(decoding: prev, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let entry = String(line)
                if entry.isEmpty { continue }
                if let problem = RepositoryLayout.manifestEntryProblem(entry, year: y, file: doc.sourceFile) {
                    throw ManifestError(manifest: manifestPath, line: i + 1, entry: entry, problem: problem)
                }
                if !now.contains(entry) { stale.append(entry) }
            }
        }
        return ImportPlan(document: doc, projectCount: doc.projects.count,
                          indicatorCount: doc.projects.reduce(0) { $0 + $1.indicators.count },
                          budget: doc.unitBudget.map { ($0.unit, $0.tables.count, $0.tables.reduce(0) { $0 + $1.rows.count }) },
                          files: files, stale: stale)
    }
}

extension ImportPlan {
    /// The plan without the document's content and the files' bytes (already staged).
    func released() -> ImportPlan {
        var p = self
        p.document.projects = []
        p.document.unitBudget = nil
        p.files = files.map { ($0.path, []) }
        return p
    }
}
