/// A project name reduced the way budgit's matcher sees it, with its character bigrams, for the
/// similarity checks that keep generated names apart (or close, for a wording rename).
///
/// The matcher pairs leftover projects whose normalised names have a bigram Dice score of at
/// least 0.8; the generator keeps unrelated names below that and makes wording renames above it,
/// so the ground truth is something a correct matcher can find.
struct NameShape: Sendable {
    /// The normalised name: year tokens and ordinals replaced by markers.
    let normalized: String
    /// Sorted character bigrams of `normalized`.
    let bigrams: [UInt64]

    init(base: String, style: NameStyle) {
        switch style {
        case .plain: normalized = base
        // budgit drops `2022年度` whole (and the brackets it leaves empty), but keeps `运维`.
        case let .yearToken(word): normalized = word == "年度" ? base : base + "(" + word + ")"
        case .ordinal: normalized = base + "(第N年)"
        }
        let scalars = normalized.unicodeScalars.map { UInt64($0.value) }
        var grams: [UInt64] = []
        if scalars.count >= 2 {
            grams.reserveCapacity(scalars.count - 1)
            for k in 0..<(scalars.count - 1) { grams.append(scalars[k] << 32 | scalars[k + 1]) }
        } else {
            grams = scalars
        }
        bigrams = grams.sorted()
    }

    /// The Dice score in permille (rounded down), 1000 for equal names.
    func dicePermille(_ other: NameShape) -> Int {
        if normalized == other.normalized { return 1000 }
        let a = bigrams, b = other.bigrams
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        var i = 0, j = 0, common = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { common += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return 2 * common * 1000 / (a.count + b.count)
    }
}
