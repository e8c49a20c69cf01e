import BudgitModel

/// Parses the 2022 (`财政项目支出绩效目标表`, 万元) and 2023 (`…申报表`, 元) target forms.
enum TargetFormParser {
    static func parse(_ src: SourceText, layout: Layout, diagnostics: inout DiagnosticSink) -> [ProjectForm] {
        []  // PLACEHOLDER: being written (helper A)
    }
}
