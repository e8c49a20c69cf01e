import BudgitModel

/// Prints exact amounts the way the seeds print them, in 万元 or 元, digit by digit (never
/// through floating point).
enum AmountText {
    /// How an amount is printed.
    enum Style: Int, Sendable {
        /// `1845.2`, `28.0244`, `2000`.
        case plain
        /// `1845. 2`: OCR put a space after the decimal point.
        case spaced
        /// `41, 987. 55`: thousands separators, two decimals, spaces after the marks.
        case thousands
    }

    /// `money` in 万元 with trailing zeros dropped (`18452000.00` 元 → `1845.2`).
    /// - Precondition: `money` is a whole number of 元 (at most four decimals in 万元).
    static func wan(_ money: Money, style: Style) -> String {
        precondition(money.fen % 100 == 0 && money.fen >= 0, "an amount in 万元 must be whole 元")
        let yuan = money.fen / 100
        let whole = yuan / 10_000
        var frac = String(yuan % 10_000)
        frac = String(repeating: "0", count: 4 - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        switch style {
        case .plain:
            return frac.isEmpty ? "\(whole)" : "\(whole).\(frac)"
        case .spaced:
            return frac.isEmpty ? "\(whole)" : "\(whole). \(frac)"
        case .thousands:
            guard frac.count <= 2 else { return "\(whole). \(frac)" }
            let two = frac + String(repeating: "0", count: 2 - frac.count)
            return grouped(whole, separator: ", ") + ". " + two
        }
    }

    /// `money` in 元 with two decimals (`104733480.93`), or as an integer when it is whole and
    /// `integerIfWhole` (`2467944`).
    static func yuan(_ money: Money, integerIfWhole: Bool = false) -> String {
        if integerIfWhole && money.fen % 100 == 0 { return "\(money.fen / 100)" }
        return money.description
    }

    /// `104,733,480.93`: a total row's amount in 元.
    static func yuanGrouped(_ money: Money) -> String { money.grouped }

    static func grouped(_ n: Int64, separator: String) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
            out.append(ch)
        }
        return out
    }
}
