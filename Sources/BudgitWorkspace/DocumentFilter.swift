import BudgitCanonical

/// Which stored documents to load.
public struct DocumentFilter: Sendable {
    public var year: Int?
    public var unit: String?
    public var project: String?
    public init(year: Int? = nil, unit: String? = nil, project: String? = nil) {
        self.year = year; self.unit = unit; self.project = project
    }

    /// The folder to list: `2022/UNIT/` when both are known, `2022/` for a year, "" otherwise.
    var prefix: String {
        guard let year else { return "" }
        if let unit { return "\(year)/\(RepositoryLayout.component(unit))/" }
        return "\(year)/"
    }

    func admits(_ path: String) -> Bool {
        switch RepositoryLayout.classify(path) {
        case .project(let y, let u):
            if let year, y != year { return false }
            if let unit, u != RepositoryLayout.component(unit) { return false }
            if let project, !path.hasSuffix("/" + RepositoryLayout.component(project) + RepositoryLayout.fileExtension) { return false }
            return true
        case .unitBudget(let y, let u, _):
            if project != nil { return false }
            if let year, y != year { return false }
            if let unit, u != RepositoryLayout.component(unit) { return false }
            return true
        case .other: return false
        }
    }
}
