import BudgitModel

/// Reads and writes the diagnostics of one import, stored beside its source document.
public enum DiagnosticsFile {
    public static func write(_ ds: [Diagnostic], layout: String, source: String) -> [UInt8] {
        var rs: [Record] = [CanonicalFormat.header("diagnostics")]
        var s = Record("import"); s.add("source", source); s.add("layout", layout); rs.append(s)
        for d in ds {
            var r = Record("diagnostic")
            r.add("line", String(d.line)); r.add("severity", d.severity.rawValue); r.add("code", d.code)
            r.add("message", d.message); r.add("raw", d.raw)
            rs.append(r)
        }
        return Record.file(rs)
    }

    public static func read(_ bytes: [UInt8], path: String) throws(CanonicalError) -> (source: String, layout: String, diagnostics: [Diagnostic]) {
        var rd = try RecordReader(bytes: bytes, path: path)
        try CanonicalFormat.readHeader(&rd, kind: "diagnostics")
        let imp = try rd.take("import", required: ["source", "layout"])
        let source = imp.string("source")!
        var out: [Diagnostic] = []
        while let r = try rd.takeIf("diagnostic", required: ["line", "severity", "code", "message", "raw"]) {
            guard let sev = Diagnostic.Severity(rawValue: r.string("severity")!) else { throw rd.error("unknown severity") }
            out.append(Diagnostic(file: source, line: try CanonicalFormat.int(r.string("line"), rd, "line"), severity: sev,
                                  code: r.string("code")!, message: r.string("message")!, raw: r.string("raw")!))
        }
        try rd.finish()
        return (source, imp.string("layout")!, out)
    }
}
