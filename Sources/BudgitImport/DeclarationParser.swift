import BudgitModel

/// Parses the 2020 three-part project declarations (项目总体情况, 绩效目标, 制度保障).
enum DeclarationParser {
    static func parse(_ src: SourceText, range: ClosedRange<Int>, diagnostics: inout DiagnosticSink) -> [ProjectForm] {
        []  // PLACEHOLDER: being written (helper B)
    }
}
