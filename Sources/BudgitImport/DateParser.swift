/// Reads the dates the forms print: `2022. 1. 1`, `2022.12.31`, `2023-01-01`, `2020年1月1日`.
public enum DateParser {
    /// The ISO date `YYYY-MM-DD`, or nil when the text is not a date.
    ///
    /// Numbers of any length are read without overflow: a value is capped at 99,999, which every
    /// range check below refuses.
    public static func iso(_ raw: String) -> String? {
        var parts: [Int] = []
        var cur: Int?
        for ch in raw {
            if ch.isASCII && ch.isNumber, let a = ch.asciiValue {
                cur = min((cur ?? 0) * 10 + Int(a - 48), 99_999)
            }
            else if ch == " " { continue }
            else if ".-/年月日．".contains(ch) {
                if let c = cur { parts.append(c); cur = nil }
            } else { return nil }
        }
        if let c = cur { parts.append(c) }
        guard parts.count == 3, (1900...2200).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts[0])-\(two(parts[1]))-\(two(parts[2]))"
    }
}
