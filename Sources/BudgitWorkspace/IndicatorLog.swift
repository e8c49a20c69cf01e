import BudgitModel

/// Narrows a project's semantic log to the commits that changed one indicator.
public enum IndicatorLog {
    public static func filter(_ entries: [SemanticLogEntry], ws: Workspace, path: String, indicator: String) throws -> [SemanticLogEntry] {
        var out: [SemanticLogEntry] = []
        for e in entries {
            let new = try ws.project(at: path, in: e.commit.id)
            let old = try e.commit.parents.first.flatMap { p in try ws.project(at: path, in: p) }
            let a = match(old, indicator), b = match(new, indicator)
            guard a != b else { continue }
            var e2 = e
            let what = "\(indicator): \(a?.target.text ?? "(none)") → \(b?.target.text ?? "(removed)")"
            e2.changes = [(path, (new ?? old)?.name ?? path, what)]
            out.append(e2)
        }
        return out
    }

    public static func match(_ p: ProjectForm?, _ name: String) -> Indicator? {
        p?.indicators.first { $0.level3 == name || $0.path == name }
    }
}
