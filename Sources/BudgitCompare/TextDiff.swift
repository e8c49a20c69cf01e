/// A short, readable difference of two texts: the pieces only in the first and only in the second.
///
/// Texts are cut into clauses at punctuation (`，。；、：！？;!?` and line breaks; not `,` `.` `:`, which occur inside numbers and times) and the clause
/// lists are aligned by longest common subsequence. Where exactly one clause was replaced by one
/// other, the two are compared character by character instead, so `按时完成` → `及时完成` shows
/// `按` removed and `及` added rather than two whole clauses.
public enum TextDiff {
    /// The segments only in `from` and only in `to`, in order.
    public static func diff(_ from: String, _ to: String) -> (removed: [String], added: [String]) {
        let a = segments(from), b = segments(to)
        var removed: [String] = [], added: [String] = []
        for hunk in hunks(a, b) {
            if hunk.removed.count == 1 && hunk.added.count == 1 {
                let x = Array(hunk.removed[0]), y = Array(hunk.added[0])
                for h in hunks(x, y) {
                    if !h.removed.isEmpty { removed.append(String(h.removed)) }
                    if !h.added.isEmpty { added.append(String(h.added)) }
                }
            } else {
                removed += hunk.removed
                added += hunk.added
            }
        }
        return (removed, added)
    }

    /// The clauses of a text: cut at punctuation and line breaks, trimmed, empty ones dropped.
    public static func segments(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        func flush() {
            let t = current.trimmingSpaces
            if !t.isEmpty { out.append(t) }
            current = ""
        }
        for c in text {
            if separators.contains(c) || c.isNewline { flush() } else { current.append(c) }
        }
        flush()
        return out
    }

    private static let separators: Set<Character> = Set("，。；、：！？;!?")

    /// A run of elements only in `a` followed by a run only in `b`, between two common elements.
    struct Hunk<T> { var removed: [T] = []; var added: [T] = [] }

    /// Aligns `a` and `b` by longest common subsequence and returns the non-empty hunks.
    /// Beyond four million cells the middle is treated as wholly replaced.
    static func hunks<T: Equatable>(_ a: [T], _ b: [T]) -> [Hunk<T>] {
        var pre = 0
        while pre < a.count, pre < b.count, a[pre] == b[pre] { pre += 1 }
        var suf = 0
        while suf < a.count - pre, suf < b.count - pre, a[a.count - 1 - suf] == b[b.count - 1 - suf] { suf += 1 }
        let x = Array(a[pre..<(a.count - suf)]), y = Array(b[pre..<(b.count - suf)])
        let n = x.count, m = y.count
        if n == 0 && m == 0 { return [] }
        if n == 0 || m == 0 || n * m > 4_000_000 { return [Hunk(removed: x, added: y)] }
        // lcs[i][j] = LCS length of x[i...] and y[j...], flattened.
        var lcs = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i * (m + 1) + j] = x[i] == y[j]
                    ? lcs[(i + 1) * (m + 1) + j + 1] + 1
                    : max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1])
            }
        }
        var out: [Hunk<T>] = []
        var cur = Hunk<T>()
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, x[i] == y[j] {
                if !cur.removed.isEmpty || !cur.added.isEmpty { out.append(cur); cur = Hunk() }
                i += 1; j += 1
            } else if j >= m || (i < n && lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
                cur.removed.append(x[i]); i += 1
            } else {
                cur.added.append(y[j]); j += 1
            }
        }
        if !cur.removed.isEmpty || !cur.added.isEmpty { out.append(cur) }
        return out
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
