import BudgitModel

/// Prints planned projects as a raw 2022 target-form document (seed 000's layout): title,
/// `(YYYY 年度)`, then a tab-separated table of 5 or 6 fields, with OCR quirks.
public enum FormRenderer {
    /// The supervising department every generated form prints.
    public static let department = "闵行区教育局"

    /// One rendered form: its text (no trailing newline) and the quirks it shows.
    public struct RenderedForm: Sendable {
        public var text: String
        public var quirks: [FormQuirk]
    }

    /// A whole document: two empty lines, then the forms separated by blank lines, without a
    /// final newline (as the seeds).
    static func document(_ forms: [RenderedForm]) -> String {
        var out = "\n\n"
        out.reserveCapacity(forms.reduce(2) { $0 + $1.text.utf8.count + 2 })
        for (k, f) in forms.enumerated() {
            if k > 0 { out += "\n\n" }
            out += f.text
        }
        return out
    }

    /// Renders one project's form for `year`.
    /// - Parameters:
    ///   - project: what to print.
    ///   - year: the budget year.
    ///   - unit: the 实施单位.
    ///   - rng: the form's own stream (derived from unit, year and project id).
    static func render(_ project: PlannedProject, year: Int, unit: String, rng: CorpusRandom) -> RenderedForm {
        var r = rng
        let q = FormQuirkDraws(rng: &r)
        var applied: [FormQuirk] = []
        func note(_ k: FormQuirk) { if !applied.contains(k) { applied.append(k) } }
        let six = q.sixField
        if six { note(.sixField) }

        // Amounts.
        var amountStyle = q.amountStyle
        if amountStyle == .thousands && project.precision > 2 { amountStyle = .spaced }
        func amt(_ m: Money) -> String {
            let s = AmountText.wan(m, style: amountStyle)
            if amountStyle == .spaced && s.contains(". ") { note(.spacedDecimal) }
            if amountStyle == .thousands { note(.thousands) }
            return s
        }
        func paren(_ m: Money) -> String {
            guard m != .zero else { return "" }
            note(.parenthesizedAmount)
            return "(" + amt(m) + ")"
        }

        var upper: [String] = []
        let name = project.name(in: year)
        let boxes = checkboxes(project.categories, html: q.htmlBoxes, spaced: q.spacedBox)
        if q.htmlBoxes { note(.htmlCheckbox) } else if q.spacedBox { note(.spacedBox) }
        let years = project.planYears(in: year)
        let start = q.compactDates ? "\(years.lowerBound).1.1" : "\(years.lowerBound). 1. 1"
        let end = q.compactDates ? "\(years.upperBound).12.31" : "\(years.upperBound). 12. 31"
        if q.compactDates { note(.compactDate) }
        let gap = six ? "\t" : ""
        upper.append("项目名称\t\(name)\t\(gap)项目类别\t\(boxes)\t")
        upper.append("主管部门\t\(department)\t\(gap)实施单位\t\(unit)\t")
        upper.append("计划开始日期\t\(start)\t\(gap)计划完成日期\t\(end)\t")

        // Funding block.
        let t = amt(project.total), a = amt(project.annual), f = amt(project.fiscal), c = amt(project.currentAppropriation)
        let co = paren(project.carryOver), oa = paren(project.otherAnnual)
        let ot = project.otherTotal == .zero ? "" : amt(project.otherTotal)
        if !six {
            upper.append("项目资金 (万元)\t项目资金总额\t\(t)\t年度资金申请总额\t\(a)")
            upper.append("\t其中：财政资金\t\(f)\t其中：当年财政拨款\t\(c)")
            upper.append("\t\t\t上年结转资金\t\(co)")
            upper.append("\t其他资金\t\(ot)\t其他资金\t\(oa)")
        } else if q.fundRightInFifth {
            upper.append("项目资金 (万元)\t项目资金总额\t\(t)\t年度资金申请总额\t\(a)\t")
            upper.append("\t其中：财政资金\t\(f)\t其中：当年财政拨款\t\(c)\t")
            upper.append("\t\t\t上年结转资金\t\(co)\t")
            upper.append("\t其他资金\t\(ot)\t其他资金\t\(oa)\t")
        } else {
            upper.append("项目资金 (万元)\t项目资金总额\t\(t)\t\t年度资金申请总额\t\(a)")
            upper.append("\t其中：财政资金\t\(f)\t其中：当年财政拨款\t\t\(c)")
            upper.append("\t\t\t\t上年结转资金\t\(co)")
            upper.append("\t其他资金\t\(ot)\t\t其他资金\t\(oa)")
        }

        // Goals.
        let goalLabel = q.compactGoalLabel ? "项目绩效目标" : "项目 绩效 目标"
        if q.compactGoalLabel { note(.compactGoalLabel) }
        upper.append("\(goalLabel)\t项目总目标 \(project.goalPeriod(in: year))\t\t\(gap)年度总体目标\t")
        let overall = q.goalParagraph ? "<p>\(project.overallGoal)</p>" : project.overallGoal
        if q.goalParagraph { note(.htmlParagraph) }
        upper.append("\t\(overall)\t\t\(gap)\(project.annualGoal)\t")

        // Indicators.
        let inds = project.indicators
        var rows: [String] = []
        let breakAt: Int? = q.pageBreak == 2 && inds.count >= 2 ? 1 + q.breakDraw % (inds.count - 1) : nil
        let labelMoves = breakAt != nil && q.labelAfterBreak
        let indicatorLabel = labelMoves ? "" : (q.compactIndicatorLabel ? "绩效指标" : "绩效 指标")
        let header = "\(indicatorLabel)\t一级指标\t二级指标\t三级指标\t\(gap)年度指标值"

        var printsL1: [Bool] = [], printsL2: [Bool] = []
        for (i, ind) in inds.enumerated() {
            let l1 = i == 0 || inds[i - 1].level1 != ind.level1
            printsL1.append(l1)
            printsL2.append(l1 || inds[i - 1].level2 != ind.level2)
        }
        let satisfactionContinuations = inds.indices.filter { !printsL2[$0] && inds[$0].level2 == "满意度目标" }
        let level3Row = q.level3InC1 && !satisfactionContinuations.isEmpty
            ? satisfactionContinuations[q.level3Draw % satisfactionContinuations.count] : nil
        let continuations = inds.indices.filter { !printsL2[$0] && $0 != level3Row }
        let shiftedRow = q.shiftContinuation && !continuations.isEmpty
            ? continuations[q.continuationDraw % continuations.count] : nil

        for (i, ind) in inds.enumerated() {
            let afterBreak = breakAt.map { i >= $0 } ?? false
            let narrow = six && q.widthDrop && afterBreak
            if narrow { note(.widthDrop) }
            let g = six && !narrow ? "\t" : ""
            let value = ind.printedTarget
            switch ind.misprint {
            case .geq where value.hasPrefix("》"): note(.geqMisread)
            case .latex where value.hasPrefix("$"): note(.latexTarget)
            default: break
            }
            var row: String
            if q.shiftImpact && printsL1[i] && printsL2[i] && ind.level1 == "影响力目标" {
                row = "影响力目标\t\(ind.level2)\t\(ind.level3)\t\(g)\(value)\t"
                note(.shiftedImpact)
            } else if q.shiftSustainability && !printsL1[i] && printsL2[i] && ind.level2 == "可持续性目标" {
                row = "可持续性目标\t\t\(ind.level3)\t\(g)\(value)\t"
                note(.shiftedSustainability)
            } else if i == level3Row {
                row = "\(ind.level3)\t\t\t\(g)\(value)\t"
                note(.level3InFirstColumn)
            } else if i == shiftedRow {
                row = "\t\t\(ind.level3)\t\(g)\(value)\t"
                note(.shiftedContinuation)
            } else {
                row = "\t\(printsL1[i] ? ind.level1 : "")\t\(printsL2[i] ? ind.level2 : "")\t\(ind.level3)\t\(g)\(value)"
            }
            if i == breakAt {
                rows.append("")
                note(.pageBreakIndicators)
                if labelMoves && row.hasPrefix("\t") {
                    row = "绩效指标" + row
                    note(.labelAfterBreak)
                }
            }
            rows.append(row)
        }

        // A page break above the indicators: a blank line before one of the upper rows.
        if q.pageBreak == 1 {
            let at = 1 + q.breakDraw % (upper.count - 1)
            upper.insert("", at: at)
            note(.pageBreakUpper)
        }

        var text = "财政项目支出绩效目标表\n\n(\(year) 年度)\n\n"
        text.reserveCapacity(2600)
        for line in upper { text += line; text += "\n" }
        text += header
        for line in rows { text += "\n"; text += line }
        return RenderedForm(text: text, quirks: applied.sorted())
    }

    /// `专项资金 <input checked="" type="checkbox"/> 经常性项目 …` or `专项资金■ 经常性项目■ 一次性项目□`.
    static func checkboxes(_ ticked: [Bool], html: Bool, spaced: Bool) -> String {
        let labels = ["专项资金", "经常性项目", "一次性项目"]
        return zip(labels, ticked).map { label, on in
            if html { return label + (on ? " <input checked=\"\" type=\"checkbox\"/>" : " <input type=\"checkbox\"/>") }
            return label + (spaced ? " " : "") + (on ? "■" : "□")
        }.joined(separator: " ")
    }
}
