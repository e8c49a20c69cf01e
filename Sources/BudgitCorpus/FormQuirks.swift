/// An OCR quirk the generator can put into a 2022 target form, named for the manifest.
///
/// Rates are modelled on seed 000 (74 forms); `LAYOUTS.md` gives the line numbers.
public enum FormQuirk: String, Sendable, CaseIterable, Codable, Comparable {
    /// 6 fields per row instead of 5 (17 of 74 forms).
    case sixField = "six-field"
    /// `<input checked="" type="checkbox"/>` rather than `■`/`□` (46 of 74).
    case htmlCheckbox = "html-checkbox"
    /// `专项资金 ■` with a space before the box.
    case spacedBox = "spaced-box"
    /// An amount printed `1845. 2`.
    case spacedDecimal = "spaced-decimal"
    /// Amounts printed `41, 987. 55` (the last three forms of 000).
    case thousands = "thousands"
    /// Dates printed `2022.1.1` rather than `2022. 1. 1`.
    case compactDate = "compact-date"
    /// The goal section label printed `项目绩效目标`.
    case compactGoalLabel = "compact-goal-label"
    /// Goal text wrapped in `<p>…</p>`.
    case htmlParagraph = "html-paragraph"
    /// A blank line (page break) inside the table above the indicators.
    case pageBreakUpper = "page-break-upper"
    /// A blank line (page break) between two indicator rows.
    case pageBreakIndicators = "page-break-indicators"
    /// The `绩效指标` label printed in c1 of the first row after an indicator page break.
    case labelAfterBreak = "label-after-break"
    /// A 6-field form's indicator rows printed with 5 fields after a page break.
    case widthDrop = "width-drop"
    /// `可持续性目标⇥⇥L3⇥VALUE⇥`: the row shifted left, its level 2 in c1 (34 of 74 forms).
    case shiftedSustainability = "shifted-sustainability"
    /// `影响力目标⇥满意度目标⇥L3⇥VALUE⇥` (16 of 74).
    case shiftedImpact = "shifted-impact"
    /// `师生满意度⇥⇥⇥≥95%⇥`: an indicator name in c1 (5 of 74).
    case level3InFirstColumn = "level3-in-c1"
    /// A continuation row shifted one left (`⇥⇥L3⇥VALUE⇥`).
    case shiftedContinuation = "shifted-continuation"
    /// `》95%` printed for `≥95%`.
    case geqMisread = "geq-misread"
    /// `$\geq 15\%$` printed for `≥15%`.
    case latexTarget = "latex-target"
    /// A 上年结转资金 or 其他资金 amount in parentheses.
    case parenthesizedAmount = "parenthesized-amount"

    public static func < (a: FormQuirk, b: FormQuirk) -> Bool { a.rawValue < b.rawValue }
}

/// The quirk decisions for one form, all drawn up front in a fixed order so that rendering the
/// same form again (for a revision) draws the same, whatever its amounts and targets.
struct FormQuirkDraws {
    var sixField: Bool
    var fundRightInFifth: Bool
    var htmlBoxes: Bool
    var spacedBox: Bool
    var amountStyle: AmountText.Style
    var compactDates: Bool
    var compactGoalLabel: Bool
    var compactIndicatorLabel: Bool
    var goalParagraph: Bool
    /// 0 none, 1 above the indicators, 2 among them.
    var pageBreak: Int
    var breakDraw: Int
    var labelAfterBreak: Bool
    var widthDrop: Bool
    var shiftSustainability: Bool
    var shiftImpact: Bool
    var level3InC1: Bool
    var level3Draw: Int
    var shiftContinuation: Bool
    var continuationDraw: Int

    init(rng r: inout CorpusRandom) {
        sixField = r.chance(permille: 230)
        fundRightInFifth = r.chance(permille: 400)
        htmlBoxes = r.chance(permille: 620)
        spacedBox = r.chance(permille: 100)
        amountStyle = AmountText.Style(rawValue: r.weighted([830, 130, 40]))!
        compactDates = r.chance(permille: 40)
        compactGoalLabel = r.chance(permille: 60)
        compactIndicatorLabel = r.chance(permille: 250)
        goalParagraph = r.chance(permille: 120)
        pageBreak = r.weighted([880, 45, 75])
        breakDraw = r.below(1_000_000)
        labelAfterBreak = r.chance(permille: 600)
        widthDrop = r.chance(permille: 300)
        shiftSustainability = r.chance(permille: 500)
        shiftImpact = r.chance(permille: 220)
        level3InC1 = r.chance(permille: 70)
        level3Draw = r.below(1_000_000)
        shiftContinuation = r.chance(permille: 30)
        continuationDraw = r.below(1_000_000)
    }
}
