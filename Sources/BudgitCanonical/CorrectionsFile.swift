import BudgitModel

/// Reads and writes a source's corrections (`sources/YEAR/FILE.corrections.jsonl`): one
/// `correction` record per corrected fact, sorted by unit, project and fact key.
///
/// ```
/// {"k":"budgit","format":"1","kind":"corrections"}
/// {"k":"correction","unit":"闵行区教育局","project":"党建经费","fact":"indicator.产出目标/数量目标/参训人数","value":"≥95%","was":"》95%"}
/// ```
public enum CorrectionsFile {
    public static func write(_ corrections: [Correction]) -> [UInt8] {
        var rs: [Record] = [CanonicalFormat.header("corrections")]
        for c in corrections.sorted(by: { $0 < $1 }) {
            var r = Record("correction")
            r.add("unit", c.unit); r.add("project", c.project); r.add("fact", c.key)
            r.add("value", c.value); r.add("was", c.was)
            rs.append(r)
        }
        return Record.file(rs)
    }

    public static func read(_ bytes: [UInt8], path: String) throws(CanonicalError) -> [Correction] {
        var rd = try RecordReader(bytes: bytes, path: path)
        try CanonicalFormat.readHeader(&rd, kind: "corrections")
        var out: [Correction] = []
        while let r = try rd.takeIf("correction", required: ["unit", "project", "fact", "value", "was"]) {
            guard let unit = r.string("unit"), let project = r.string("project"), let key = r.string("fact"),
                  let value = r.string("value"), let was = r.string("was") else { throw rd.error("a correction lacks a field") }
            let c = Correction(unit: unit, project: project, key: key, value: value, was: was)
            if let last = out.last, !(last < c) { throw rd.error("corrections must be sorted by unit, project and fact, each once") }
            out.append(c)
        }
        try rd.finish()
        return out
    }
}
