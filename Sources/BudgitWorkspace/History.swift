import BudgitModel
import BudgitCanonical
import BudgitStore

/// One commit in a semantic log: the commit and what it changed in the documents asked about.
public struct SemanticLogEntry: Sendable {
    public var commit: CommitInfo
    /// One line per changed document: `path: summary`.
    public var changes: [(path: String, project: String, summary: String)]
}

/// The last change of one fact of a project.
public struct BlameLine: Sendable, Codable {
    public var key: String
    public var label: String
    public var value: String
    public var commit: String
    public var author: String
    public var email: String
    public var date: String
    public var summary: String
    /// The value before that change; nil when the fact first appeared in that commit.
    public var previous: String?
    /// The path the project had in that commit (differs from today's after a rename).
    public var path: String
}

extension Workspace {
    /// Above this many changed documents in one commit, log summarises without parsing.
    public static let detailedLogLimit = 200

    /// The commits that changed the documents under `paths` (folders or files), newest first,
    /// each with a one-line semantic summary per changed project. Only blobs whose ids differ
    /// between a commit and its first parent are read.
    public func semanticLog(paths: [String], from rev: String = "HEAD", limit: Int?) throws(LoadError) -> [SemanticLogEntry] {
        let commits: [CommitInfo]
        do { commits = try repository.log(from: rev, paths: paths, limit: limit) } catch { throw .store(error) }
        var out: [SemanticLogEntry] = []
        for c in commits {
            var changes: [(String, String, String)] = []
            let scopes = paths.isEmpty ? [""] : paths
            for scope in scopes {
                let diffs: [PathChange]
                do { diffs = try repository.changedPaths(from: c.parents.first, to: c.id, under: scope) } catch { throw .store(error) }
                // A commit that touches many documents (an import) is summarised from the tree
                // alone: parsing thousands of blobs would make `log` cost what the import did.
                let documents = diffs.filter { RepositoryLayout.classify($0.path) != .other }
                // A unit budget is one document however many of its parts changed: one line, where
                // its first part comes.
                var budgetParts: [Substring: [PathChange]] = [:]
                for d in documents {
                    if case .unitBudget = RepositoryLayout.classify(d.path) { budgetParts[RepositoryLayout.unitBudgetFolder(of: d.path), default: []].append(d) }
                }
                var emitted = Set<Substring>()
                func budgetLine(_ d: PathChange) {
                    let folder = RepositoryLayout.unitBudgetFolder(of: d.path)
                    if emitted.insert(folder).inserted { changes.append((String(folder), "unit budget", Self.budgetSummary(budgetParts[folder]!))) }
                }
                if documents.count - budgetParts.values.reduce(0, { $0 + $1.count }) + budgetParts.count > Self.detailedLogLimit {
                    for d in documents {
                        guard case .project = RepositoryLayout.classify(d.path) else { budgetLine(d); continue }
                        let kind = d.kind == .added ? "added" : (d.kind == .deleted ? "removed" : "changed")
                        let name = String(d.path.split(separator: "/").last ?? "")
                        changes.append((d.path, String(name.dropLast(name.hasSuffix(".jsonl") ? 6 : 0)), kind))
                    }
                    continue
                }
                for d in documents {
                    guard case .project = RepositoryLayout.classify(d.path) else { budgetLine(d); continue }
                    // A file that cannot be read (committed with plain git, or left invalid by a
                    // line merge) is named and skipped: the rest of the history stays readable.
                    do throws(LoadError) {
                        let old = try d.oldID.map { id throws(LoadError) in try project(blob: id, path: d.path) }
                        let new = try d.newID.map { id throws(LoadError) in try project(blob: id, path: d.path) }
                        changes.append((d.path, (new ?? old)?.name ?? d.path, ProjectFacts.summary(from: old, to: new)))
                    } catch {
                        guard case .canonical(let e) = error else { throw error }
                        let name = String(d.path.split(separator: "/").last ?? "")
                        changes.append((d.path, String(name.dropLast(name.hasSuffix(".jsonl") ? 6 : 0)),
                                        "not readable in \(c.id.short) or its parent (line \(e.line): \(e.message)); skipped. `budgit check --rev \(c.id.short)` lists such files"))
                    }
                }
            }
            out.append(SemanticLogEntry(commit: c, changes: changes))
        }
        return out
    }

    /// `added`, `removed`, or which tables changed (`tables 2, 5 changed`), from the parts of one
    /// unit budget that a commit touched.
    static func budgetSummary(_ parts: [PathChange]) -> String {
        var tables: [Int] = [], other: [String] = []
        for d in parts {
            guard case .unitBudget(_, _, let part) = RepositoryLayout.classify(d.path) else { continue }
            if part == .budget && d.kind == .added { return "added" }
            if part == .budget && d.kind == .deleted { return "removed" }
            switch part {
            case .table(let n): tables.append(n)
            case .budget: other.append("title or source")
            case .narrative: other.append("narrative")
            case .lines: other.append("source lines")
            }
        }
        var what: [String] = []
        if !tables.isEmpty { what.append((tables.count == 1 ? "table " : "tables ") + tables.sorted().map(String.init).joined(separator: ", ")) }
        what += other
        return what.joined(separator: ", ") + " changed"
    }

    func project(blob id: ObjectID, path: String) throws(LoadError) -> ProjectForm {
        let bytes: [UInt8]
        do { bytes = try repository.blob(id) } catch { throw .store(error) }
        do { return try ProjectFile.read(bytes, path: path) } catch { throw .canonical(error) }
    }

    /// For every fact of the project stored at `path` in `rev`, the commit that last changed it,
    /// its author and date, and the value before. Follows the project back through renames
    /// within its year and unit (a commit that adds this path and removes another project file
    /// of the same folder with a similar name continues the history there).
    ///
    /// Reads only the path's history: the commits are found by comparing tree-entry ids and only
    /// the blobs whose ids changed are parsed; memory holds two versions at a time.
    public func blame(path: String, from rev: String = "HEAD") throws(LoadError) -> (ProjectForm, [BlameLine]) {
        // Collect the versions, newest first, following renames.
        var versions: [(commit: CommitInfo, blob: ObjectID, path: String)] = []
        var currentPath = path
        var start = rev
        var visited = Set<String>()
        while !visited.contains(currentPath + "@" + start) {
            visited.insert(currentPath + "@" + start)
            let history: [FileVersion]
            do { history = try repository.fileHistory(currentPath, from: start) } catch { throw .store(error) }
            var oldest: CommitInfo?
            for v in history {
                guard let blob = v.blob else { break }  // deleted here: an older, different life of the path
                versions.append((v.commit, blob, currentPath))
                oldest = v.commit
            }
            guard let first = oldest, let parent = first.parents.first else { break }
            // Was the path added by a rename in `first`?
            guard let renamedFrom = try renameSource(of: currentPath, in: first, parent: parent) else { break }
            currentPath = renamedFrom
            start = parent.description
        }
        guard let newest = versions.first else {
            throw .store(.missingPath(path: path, revision: rev))
        }
        let current: ProjectForm
        do { current = try project(blob: newest.blob, path: newest.path) } catch {
            guard case .canonical(let e) = error else { throw error }
            throw .nothingStored("\(e.path) is not valid canonical text in \(newest.commit.id.short) (line \(e.line): \(e.message)), so it has no facts to blame. Repair it (fix the line, or `budgit import` its source again) and commit; `budgit check` lists such files")
        }
        // Oldest to newest: record, per key, the last change and the value before it.
        var last: [String: (value: String, version: Int, previous: String?)] = [:]
        var previousFacts: [String: String] = [:]
        let ordered = Array(versions.reversed())
        for (i, v) in ordered.enumerated() {
            // A version that cannot be read is skipped: its changes show at the next readable one.
            guard let form = try? project(blob: v.blob, path: v.path) else { continue }
            var facts: [String: String] = [:]
            for f in ProjectFacts.facts(of: form) {
                facts[f.key] = f.value
                if let before = previousFacts[f.key] {
                    if before != f.value { last[f.key] = (f.value, i, before) }
                } else {
                    last[f.key] = (f.value, i, nil)
                }
            }
            // A fact that disappears and comes back later is new again.
            for k in previousFacts.keys where facts[k] == nil { last[k] = nil }
            previousFacts = facts
        }
        let lines = ProjectFacts.facts(of: current).map { f -> BlameLine in
            let l = last[f.key] ?? (f.value, ordered.count - 1, nil)
            let v = ordered[l.version]
            return BlameLine(key: f.key, label: f.label, value: f.value, commit: v.commit.id.description,
                             author: v.commit.author.name, email: v.commit.author.email, date: v.commit.author.isoDate,
                             summary: v.commit.summary, previous: l.previous, path: v.path)
        }
        return (current, lines)
    }

    /// The project file that `commit` removed from the same folder as `path` while adding
    /// `path`, whose name is most similar; nil if none.
    private func renameSource(of path: String, in commit: CommitInfo, parent: ObjectID) throws(LoadError) -> String? {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        let diffs: [PathChange]
        do { diffs = try repository.changedPaths(from: parent, to: commit.id, under: folder) } catch { throw .store(error) }
        guard diffs.contains(where: { $0.path == path && $0.kind == .added }) else { return nil }
        let removed = diffs.filter { $0.kind == .deleted }
        guard !removed.isEmpty, let newID = diffs.first(where: { $0.path == path })?.newID else { return nil }
        let newForm = try project(blob: newID, path: path)
        var best: (score: Int, path: String)?
        for r in removed {
            guard let oldID = r.oldID else { continue }
            let old = try project(blob: oldID, path: r.path)
            let score = NameSimilarity.percent(old.name, newForm.name)
            // Same facts but the name count too: a renamed project keeps most of its indicators.
            let shared = Set(ProjectFacts.facts(of: old).map { $0.key + "=" + $0.value })
                .intersection(ProjectFacts.facts(of: newForm).map { $0.key + "=" + $0.value }).count
            let total = max(1, ProjectFacts.facts(of: newForm).count)
            let combined = max(score, shared * 100 / total)
            if combined >= 60, best == nil || combined > best!.score || (combined == best!.score && r.path < best!.path) {
                best = (combined, r.path)
            }
        }
        return best?.path
    }
}

/// Character-bigram Dice similarity of two names, in whole percent.
enum NameSimilarity {
    static func percent(_ a: String, _ b: String) -> Int {
        let x = bigrams(a), y = bigrams(b)
        guard !x.isEmpty || !y.isEmpty else { return 100 }
        var counts: [String: Int] = [:]
        for g in x { counts[g, default: 0] += 1 }
        var common = 0
        for g in y where (counts[g] ?? 0) > 0 { counts[g]! -= 1; common += 1 }
        return 200 * common / (x.count + y.count)
    }

    static func bigrams(_ s: String) -> [String] {
        let c = Array(s.filter { !$0.isWhitespace })
        guard c.count > 1 else { return c.map(String.init) }
        return (0..<(c.count - 1)).map { String(c[$0]) + String(c[$0 + 1]) }
    }
}

extension Workspace {
    /// The project stored at `path` in commit `id`; nil when the path is absent there.
    public func project(at path: String, in id: ObjectID) throws(LoadError) -> ProjectForm? {
        let blob: ObjectID?
        do { blob = try repository.entryID(path, in: id) } catch { throw .store(error) }
        return try blob.map { b throws(LoadError) in try project(blob: b, path: path) }
    }
}
