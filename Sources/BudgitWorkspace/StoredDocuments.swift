import BudgitModel
import BudgitCanonical
import BudgitStore

/// Everything stored for some years at one revision (or in the working tree).
public struct StoredDocuments: Sendable {
    public var projects: [(path: String, form: ProjectForm)]
    public var unitBudgets: [(path: String, budget: UnitBudget)]
    /// Parts of unit budgets read but not yet assembled, by folder (see ``assembleBudgets()``).
    var pendingBudgetParts: [String: [(part: UnitBudgetPart, bytes: [UInt8])]] = [:]

    public init(projects: [(path: String, form: ProjectForm)] = [], unitBudgets: [(path: String, budget: UnitBudget)] = []) {
        self.projects = projects; self.unitBudgets = unitBudgets
    }

    /// Adds what another load read (parts of one unit budget may have been read by two workers).
    mutating func absorb(_ other: StoredDocuments) {
        projects += other.projects
        unitBudgets += other.unitBudgets
        for (folder, parts) in other.pendingBudgetParts { pendingBudgetParts[folder, default: []] += parts }
    }

    /// Reads every unit budget whose parts were loaded, in folder order.
    mutating func assembleBudgets() throws(LoadError) {
        for folder in pendingBudgetParts.keys.sorted() {
            do {
                unitBudgets.append((folder, try UnitBudgetFile.read(parts: pendingBudgetParts[folder]!, folder: folder)))
            } catch { throw .canonical(error) }
        }
        pendingBudgetParts = [:]
    }
}

/// Parses one canonical file into `docs`, by what its path says it holds. The parts of a unit
/// budget are kept until ``StoredDocuments/assembleBudgets()`` reads them together.
func load(_ path: String, _ bytes: [UInt8], into docs: inout StoredDocuments) throws(LoadError) {
    try load(path, bytes, into: &docs) { () throws(CanonicalError) in try ProjectFile.read(bytes, path: path) }
}

/// ``load(_:_:into:)`` sharing the strings of project files through `strings`.
func load(_ path: String, _ bytes: [UInt8], into docs: inout StoredDocuments, strings: inout StringTable) throws(LoadError) {
    try load(path, bytes, into: &docs) { () throws(CanonicalError) in try ProjectFile.read(bytes, path: path, strings: &strings) }
}

private func load(_ path: String, _ bytes: [UInt8], into docs: inout StoredDocuments,
                  project: () throws(CanonicalError) -> ProjectForm) throws(LoadError) {
    do {
        switch RepositoryLayout.classify(path) {
        case .project: docs.projects.append((path, try project()))
        case .unitBudget(_, _, let part):
            docs.pendingBudgetParts[String(RepositoryLayout.unitBudgetFolder(of: path)), default: []].append((part, bytes))
        case .other: break
        }
    } catch { throw .canonical(error) }
}
