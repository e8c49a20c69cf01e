import BudgitTestSupport

/// Up to three random edits of a canonical file's bytes, for the tests that pin a single-pass
/// reader to the generic one: a byte removed, inserted or replaced (by one of the bytes that
/// matter to the format), or two lines swapped (records out of order).
func randomlyEdited(_ original: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
    let interesting: [UInt8] = Array(#"",:{}[]\-0123456789.nu"#.utf8) + [0x0A, 0x0D, 0x20, 0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xE4, 0xFF]
    var bytes = original
    for _ in 0...Int.random(in: 0...2, using: &rng) {
        let at = Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: bytes.remove(at: at)
        case 1: bytes.insert(interesting.randomElement(using: &rng)!, at: at)
        case 2: bytes[at] = interesting.randomElement(using: &rng)!
        default:
            // Swap two lines: records out of order (or, for equal kinds, still valid).
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            let i = Int.random(in: 0..<lines.count, using: &rng), j = Int.random(in: 0..<lines.count, using: &rng)
            lines.swapAt(i, j)
            bytes = Array(lines.joined(separator: [0x0A]))
        }
        if bytes.isEmpty { break }
    }
    return bytes
}
