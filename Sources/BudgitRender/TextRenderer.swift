import BudgitModel
import BudgitCompare

/// Renders a report for a terminal: a summary, totals by unit, then changed projects with the
/// largest fund change first, renames, additions, removals and budget lines.
///
/// Amounts carry thousands separators. Colour (ANSI: green added, red removed, yellow changed,
/// bold headings) is used only when asked for, so the caller decides from the terminal.
///
/// The text is written as bytes in chunks (``write(_:color:summaryOnly:chunkSize:to:)``), the
/// bytes that the String-building `renderReference` in the tests gives (the tests
/// compare the two): a large report is over 30 MB.
public enum TextRenderer {
    /// The report as text.
    /// - Parameters:
    ///   - color: emit ANSI colour codes.
    ///   - summaryOnly: stop after the counts and the totals.
    public static func render(_ report: ComparisonReport, color: Bool = false, summaryOnly: Bool = false) -> String {
        ByteWriter.string(escapingControls: true) { write(report, color: color, summaryOnly: summaryOnly, into: &$0) }
    }

    /// Writes the text of ``render(_:color:summaryOnly:)`` to `sink`, in order, in chunks of at
    /// most `chunkSize` bytes (except longer strings, passed on whole).
    /// - Parameters:
    ///   - chunkSize: the size of the buffer, at least 64 bytes.
    ///   - sink: receives each chunk; the buffer is only valid during the call.
    public static func write(_ report: ComparisonReport, color: Bool = false, summaryOnly: Bool = false,
                             chunkSize: Int = 1 << 16, to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        ByteWriter.write(chunkSize: chunkSize, escapingControls: true, to: sink) {
            write(report, color: color, summaryOnly: summaryOnly, into: &$0)
        }
    }

    static func write(_ report: ComparisonReport, color: Bool, summaryOnly: Bool, into w: inout ByteWriter) {
        var out = Lines(w: w, color: color)
        defer { w = out.w }
        let s = report.summary
        out.beginHeading()
        out.w.write("compare "); out.w.write(report.from); out.w.write(" → "); out.w.write(report.to)
        out.endHeading()
        out.w.write("projects:     "); out.counts(s.projects.added, s.projects.removed, s.projects.changed)
        out.w.write(" ("); out.w.integer(s.projects.renamed); out.w.write(" renamed, ")
        out.w.integer(s.projects.unchanged ?? 0); out.w.write(" unchanged)"); out.end()
        out.w.write("indicators:   "); out.counts(s.indicators.added, s.indicators.removed, s.indicators.changed)
        out.w.write(" ("); out.w.integer(s.indicators.renamed); out.w.write(" renamed)"); out.end()
        out.w.write("funds:        "); out.change(s.funds); out.end()
        out.w.write("budget lines: "); out.counts(s.budgetLines.added, s.budgetLines.removed, s.budgetLines.changed)
        out.end()
        if !report.totals.units.isEmpty {
            out.end()
            out.beginHeading()
            out.w.write("totals by unit ("); out.w.write(report.totals.basis); out.w.write(")")
            out.endHeading()
            for u in report.totals.units {
                out.w.write("  "); out.w.write(u.unit); out.w.write(": ")
                out.change(AmountChange(from: u.from, to: u.to)); out.end()
            }
        }
        if summaryOnly { return }

        // Positions are sorted, not the (large) changes, and names compared in place: sorting
        // the values with an array of four names per comparison was a quarter of the rendering.
        let all = report.projects.changed
        let changed = all.indices.sorted { i, j in
            let dx = all[i].amount.delta.fen.magnitude, dy = all[j].amount.delta.fen.magnitude
            if dx != dy { return dx > dy }
            // [to.unit, to.name, from.unit, from.name], lexicographically.
            if all[i].to.unit < all[j].to.unit { return true }
            if all[j].to.unit < all[i].to.unit { return false }
            if all[i].to.name < all[j].to.name { return true }
            if all[j].to.name < all[i].to.name { return false }
            if all[i].from.unit < all[j].from.unit { return true }
            if all[j].from.unit < all[i].from.unit { return false }
            return all[i].from.name < all[j].from.name
        }
        if !changed.isEmpty {
            out.end()
            out.heading("changed projects (largest fund change first)")
            for i in changed { out.project(all[i]) }
        }
        let changedPairs = Set(report.projects.changed.map { [$0.from, $0.to] })
        let renameOnly = report.projects.renamed.filter { !changedPairs.contains([$0.from, $0.to]) }
        if !renameOnly.isEmpty {
            out.end()
            out.heading("renamed projects (nothing else changed)")
            for r in renameOnly {
                out.beginMark(.changed)
                out.w.write(r.to.unit); out.w.write(" / "); out.w.write(r.from.name); out.w.write(" → ")
                out.w.write(r.to.name); out.w.write(" ["); out.label(r.match); out.w.write("]")
                out.endMark()
            }
        }
        for (title, sign, list): (StaticString, Sign, [ProjectEntry]) in [("added projects", .added, report.projects.added),
                                                                          ("removed projects", .removed, report.projects.removed)]
        where !list.isEmpty {
            out.end()
            out.heading(title)
            for p in list {
                out.beginMark(sign)
                out.w.write(p.unit); out.w.write(" / "); out.w.write(p.name); out.w.write("  ")
                if let a = p.amount { out.w.grouped(a) } else { out.w.write("(no amount)") }
                out.endMark()
            }
        }
        let lines = report.budgetLines
        if !(lines.added.isEmpty && lines.removed.isEmpty && lines.changed.isEmpty) {
            out.end()
            out.heading("budget lines")
            for (sign, list): (Sign, [BudgetLineEntry]) in [(.added, lines.added), (.removed, lines.removed)] {
                for l in list {
                    out.beginMark(sign)
                    out.w.write(l.unit); out.w.write(" "); out.lineLabel(l.table, l.side, l.code, l.name); out.w.write(": ")
                    var first = true
                    for a in l.amounts {
                        guard let amount = a.amount else { continue }
                        if !first { out.w.write(", ") }
                        first = false
                        out.w.write(a.column); out.w.write(" "); out.w.grouped(amount)
                    }
                    out.endMark()
                }
            }
            for l in lines.changed {
                out.beginMark(.changed)
                out.w.write(l.unit); out.w.write(" "); out.lineLabel(l.table, l.side, l.code, l.name); out.w.write(": ")
                var first = true
                if let old = l.fromName {
                    out.w.write("name "); out.w.write(old); out.w.write(" → "); out.w.write(l.name)
                    first = false
                }
                for c in l.columns {
                    if !first { out.w.write("; ") }
                    first = false
                    out.w.write(c.column); out.w.write(" "); out.gap(c.from, c.to, c.delta, c.percent, separator: " ")
                }
                out.endMark()
            }
        }
    }

    /// How a line is marked and coloured.
    enum Sign {
        case added, removed, changed

        var byte: UInt8 {
            switch self {
            case .added: UInt8(ascii: "+")
            case .removed: UInt8(ascii: "-")
            case .changed: UInt8(ascii: "~")
            }
        }
    }

    /// Lines written into a ``ByteWriter``, coloured when asked for.
    struct Lines {
        var w: ByteWriter
        let color: Bool

        /// Ends the line.
        mutating func end() { w.byte(0x0A) }

        mutating func beginHeading() { if color { w.write("\u{1B}[1m") } }
        mutating func endHeading() { if color { w.write("\u{1B}[0m") }; end() }
        mutating func heading(_ s: StaticString) { beginHeading(); w.write(s); endHeading() }

        /// `sign` and a space, in the sign's colour up to ``endMark()``.
        mutating func beginMark(_ sign: Sign) {
            if color {
                switch sign {
                case .added: w.write("\u{1B}[32m")
                case .removed: w.write("\u{1B}[31m")
                case .changed: w.write("\u{1B}[33m")
                }
            }
            w.byte(sign.byte); w.byte(0x20)
        }
        mutating func endMark() { if color { w.write("\u{1B}[0m") }; end() }
        mutating func beginIndented(_ sign: Sign) { w.write("    "); beginMark(sign) }

        mutating func counts(_ added: Int, _ removed: Int, _ changed: Int) {
            w.write("+"); w.integer(added); w.write(" -"); w.integer(removed); w.write(" ~"); w.integer(changed)
        }

        /// `from → to  delta (percent)`.
        mutating func change(_ c: AmountChange) {
            w.grouped(c.from); w.write(" → "); w.grouped(c.to); w.write("  "); w.signedGrouped(c.delta)
            percent(c.percent)
        }

        /// `from → to` (`—` for none), `separator`, the signed delta and the percent.
        mutating func gap(_ from: Money?, _ to: Money?, _ delta: Money, _ p: String?, separator: StaticString) {
            if let from { w.grouped(from) } else { w.write("—") }
            w.write(" → ")
            if let to { w.grouped(to) } else { w.write("—") }
            w.write(separator); w.signedGrouped(delta)
            percent(p)
        }

        mutating func percent(_ p: String?) {
            if let p { w.write(" ("); w.write(p); w.write(")") }
        }

        /// ``MatchReason/label``.
        mutating func label(_ m: MatchReason) {
            switch m.kind {
            case .exact: w.write("exact")
            case .normalized: w.write("normalized "); w.write(m.normalized ?? "")
            case .similar: w.write("similar "); w.write(m.score ?? "")
            }
        }

        /// `表3 205 08 01 进修及培训`: the parts that are present and not empty (`budgetLineLabel`).
        mutating func lineLabel(_ table: Int, _ side: String?, _ code: String?, _ name: String) {
            w.write("表"); w.integer(table)
            for part in [side, code] { if let part, !part.isEmpty { w.write(" "); w.write(part) } }
            if !name.isEmpty { w.write(" "); w.write(name) }
        }

        mutating func project(_ c: ProjectChange) {
            beginMark(.changed)
            w.write(c.to.unit); w.write(" / "); w.write(c.to.name); w.write("  "); change(c.amount)
            endMark()
            if c.from.name != c.to.name {
                w.write("    renamed from "); w.write(c.from.name); w.write(" ["); label(c.match); w.write("]"); end()
            }
            for f in c.funds {
                w.write("    fund "); w.write(f.label); w.write(": "); gap(f.from, f.to, f.delta, f.percent, separator: "  ")
                end()
            }
            let ind = c.indicators
            for r in ind.renamed {
                beginIndented(.changed)
                w.write("indicator "); w.write(r.from); w.write(" → "); w.write(r.to); w.write(" ["); label(r.match); w.write("]")
                endMark()
            }
            for i in ind.changed {
                if let t = i.target {
                    beginIndented(.changed)
                    w.write("indicator "); w.write(i.to); w.write(": "); w.write(t.from); w.write(" → "); w.write(t.to)
                    w.write(" ("); w.write(t.kind.rawValue); w.write(")")
                    endMark()
                }
                if let n = i.note {
                    beginIndented(.changed)
                    w.write("indicator "); w.write(i.to); w.write(" note: "); fromTo(n)
                    endMark()
                }
            }
            for (sign, list): (Sign, [IndicatorEntry]) in [(.added, ind.added), (.removed, ind.removed)] {
                for i in list {
                    beginIndented(sign)
                    w.write("indicator "); w.write(i.path); w.write(": "); w.write(i.target)
                    endMark()
                }
            }
            for f in c.fields {
                beginIndented(.changed)
                w.write(f.field); w.write(": "); fieldText(f)
                endMark()
            }
            for (name, items): (StaticString, [ItemChange]) in [("breakdown", c.breakdown), ("guarantee", c.guarantees)] {
                for item in items {
                    beginIndented(item.change == .added ? .added : (item.change == .removed ? .removed : .changed))
                    w.write(name); w.write(" ")
                    for (k, part) in item.key.enumerated() {
                        if k > 0 { w.write(" / ") }
                        w.write(part)
                    }
                    w.write(": ")
                    for (k, f) in item.fields.enumerated() {
                        if k > 0 { w.write("; ") }
                        w.write(f.field); w.write(" "); fromTo(f)
                        if let d = f.delta { w.write(" "); w.signedGrouped(d) }
                    }
                    endMark()
                }
            }
        }

        /// `a → b`, or the removed and added clauses for long texts.
        mutating func fieldText(_ f: FieldChange) {
            guard let removed = f.removed, let added = f.added else { return fromTo(f) }
            var first = true
            for (sign, list): (StaticString, [String]) in [("-[", removed), ("+[", added)] {
                for s in list {
                    if !first { w.write(" ") }
                    first = false
                    w.write(sign); short(s); w.write("]")
                }
            }
        }

        mutating func fromTo(_ f: FieldChange) {
            if let from = f.from { short(from) } else { w.write("—") }
            w.write(" → ")
            if let to = f.to { short(to) } else { w.write("—") }
        }

        /// At most 60 characters, with `…` when cut (as ``TextRenderer/short(_:)``).
        mutating func short(_ s: String) {
            // 60 bytes or fewer are 60 characters or fewer.
            if s.utf8.count <= 60 { return w.write(s) }
            var i = s.startIndex, cut = s.startIndex, n = 0
            while i != s.endIndex && n < 60 {
                s.formIndex(after: &i)
                n += 1
                if n == 59 { cut = i }
            }
            if i == s.endIndex { w.write(s) } else { w.write(s[..<cut]); w.write("…") }
        }
    }
}
