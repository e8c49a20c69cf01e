import BudgitModel

/// Parses the 2020 unit budget: narrative sections and its eight tables.
enum UnitBudgetParser {
    /// - Returns: the budget, and the line where the project declarations start (if any).
    static func parse(_ src: SourceText, diagnostics: inout DiagnosticSink) -> (UnitBudget?, Int?) {
        (nil, nil)  // PLACEHOLDER: being written (helper C)
    }
}
