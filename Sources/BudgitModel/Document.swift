/// Everything import read from one source file: forms, a unit budget, and the diagnostics.
public struct ImportedDocument: Sendable, Hashable, Codable {
    /// The layout detected, e.g. `target-form-2022`, `target-form-2023`, `declaration-2020`, `unit-budget-2020`.
    public var layout: String
    public var sourceFile: String
    public var year: Int
    public var projects: [ProjectForm]
    public var unitBudget: UnitBudget?
    public var diagnostics: [Diagnostic]

    public init(layout: String, sourceFile: String, year: Int, projects: [ProjectForm] = [],
                unitBudget: UnitBudget? = nil, diagnostics: [Diagnostic] = []) {
        self.layout = layout; self.sourceFile = sourceFile; self.year = year
        self.projects = projects; self.unitBudget = unitBudget; self.diagnostics = diagnostics
    }
}
