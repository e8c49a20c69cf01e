import BudgitModel
import BudgitCompare

// How each report type writes itself with ``JSONWriter``: the same keys as the synthesized
// `Codable` conformances, in sorted (byte) order, optionals left out when nil. Tests check the
// bytes against `JSONEncoder` (`JSONRenderer.renderWithEncoder`); a key added to a type must be
// added here too, in its sorted place.

extension Money: JSONWritable {
    func writeJSON(to w: inout JSONWriter) { w.money(self) }
}

extension ComparisonReport: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("budgetLines", budgetLines)
        w.field("from", from)
        w.field("options", options)
        w.field("projects", projects)
        w.field("summary", summary)
        w.field("to", to)
        w.field("totals", totals)
        w.endObject()
    }
}

extension ReportOptions: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("similarityThreshold", similarityThreshold)
        w.field("yearShift", yearShift)
        w.endObject()
    }
}

extension AmountChange: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("delta", delta)
        w.field("from", from)
        w.field("percent", percent)
        w.field("to", to)
        w.endObject()
    }
}

extension Totals: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("basis", basis)
        w.field("overall", overall)
        w.field("units", units)
        w.endObject()
    }
}

extension UnitTotal: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("delta", delta)
        w.field("from", from)
        w.field("percent", percent)
        w.field("to", to)
        w.field("unit", unit)
        w.endObject()
    }
}

extension ProjectRef: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("name", name)
        w.field("unit", unit)
        w.field("year", year)
        w.endObject()
    }
}

extension ProjectEntry: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("amount", amount)
        w.field("basis", basis?.rawValue)
        w.field("name", name)
        w.field("unit", unit)
        w.field("year", year)
        w.endObject()
    }
}

extension ProjectRename: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("from", from)
        w.field("match", match)
        w.field("to", to)
        w.endObject()
    }
}

extension MatchReason: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("kind", kind.rawValue)
        w.field("normalized", normalized)
        w.field("score", score)
        w.endObject()
    }
}

extension ProjectChanges: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("added", added)
        w.field("changed", changed)
        w.field("removed", removed)
        w.field("renamed", renamed)
        w.endObject()
    }
}

extension ProjectChange: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("amount", amount)
        w.field("breakdown", breakdown)
        w.field("fields", fields)
        w.field("from", from)
        w.field("funds", funds)
        w.field("guarantees", guarantees)
        w.field("indicators", indicators)
        w.field("match", match)
        w.field("to", to)
        w.endObject()
    }
}

extension FundChange: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("delta", delta)
        w.field("from", from)
        w.field("kind", kind.rawValue)
        w.field("label", label)
        w.field("percent", percent)
        w.field("to", to)
        w.endObject()
    }
}

extension IndicatorChanges: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("added", added)
        w.field("changed", changed)
        w.field("removed", removed)
        w.field("renamed", renamed)
        w.endObject()
    }
}

extension IndicatorEntry: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("note", note)
        w.field("path", path)
        w.field("target", target)
        w.endObject()
    }
}

extension IndicatorRename: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("from", from)
        w.field("match", match)
        w.field("to", to)
        w.endObject()
    }
}

extension IndicatorChange: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("from", from)
        w.field("note", note)
        w.field("target", target)
        w.field("to", to)
        w.endObject()
    }
}

extension TargetChange: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("from", from)
        w.field("kind", kind.rawValue)
        w.field("to", to)
        w.endObject()
    }
}

extension FieldChange: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("added", added)
        w.field("delta", delta)
        w.field("field", field)
        w.field("from", from)
        w.field("removed", removed)
        w.field("to", to)
        w.endObject()
    }
}

extension ItemChange: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("change", change.rawValue)
        w.field("fields", fields)
        w.field("key", key)
        w.endObject()
    }
}

extension BudgetLineChanges: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("added", added)
        w.field("changed", changed)
        w.field("removed", removed)
        w.endObject()
    }
}

extension BudgetLineEntry: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("amounts", amounts)
        w.field("code", code)
        w.field("name", name)
        w.field("side", side)
        w.field("table", table)
        w.field("tableTitle", tableTitle)
        w.field("unit", unit)
        w.endObject()
    }
}

extension ColumnAmount: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("amount", amount)
        w.field("column", column)
        w.endObject()
    }
}

extension BudgetLineChange: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("code", code)
        w.field("columns", columns)
        w.field("fromName", fromName)
        w.field("name", name)
        w.field("side", side)
        w.field("table", table)
        w.field("tableTitle", tableTitle)
        w.field("unit", unit)
        w.endObject()
    }
}

extension ColumnChange: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("column", column)
        w.field("delta", delta)
        w.field("from", from)
        w.field("percent", percent)
        w.field("to", to)
        w.endObject()
    }
}

extension Summary: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("budgetLines", budgetLines)
        w.field("funds", funds)
        w.field("indicators", indicators)
        w.field("projects", projects)
        w.endObject()
    }
}

extension Summary.Counts: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("added", added)
        w.field("changed", changed)
        w.field("removed", removed)
        w.field("renamed", renamed)
        w.field("unchanged", unchanged)
        w.endObject()
    }
}

extension Summary.LineCounts: JSONWritable {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("added", added)
        w.field("changed", changed)
        w.field("removed", removed)
        w.endObject()
    }
}
