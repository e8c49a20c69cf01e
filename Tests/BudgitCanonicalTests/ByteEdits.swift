import Foundation
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

/// Broken versions of a valid canonical file that every reader must reject, by name: framing
/// (final newline, CR LF, empty lines) and bytes that are not UTF-8 or not allowed. `valid` must
/// contain `闵` (its first byte, E9, is where the UTF-8 is broken) and be longer than 60 bytes.
func brokenByteCases(_ valid: String) -> [(String, [UInt8])] {
    let good = Array(valid.utf8)
    let e9 = good.firstIndex(of: 0xE9)!
    var invalidUTF8 = good
    invalidUTF8[e9] = 0xFF   // inside 闵
    var truncatedSequence = good
    truncatedSequence.remove(at: e9 + 1)
    var surrogate = good
    surrogate.replaceSubrange(e9..<e9 + 3, with: [0xED, 0xA0, 0x80])
    return [
        ("no final newline", Array(good.dropLast())),
        ("truncated last line", Array(good.dropLast(5))),
        ("empty", []),
        ("CRLF", Array(valid.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
        ("empty line at the end", good + [0x0A]),
        ("invalid UTF-8", invalidUTF8),
        ("truncated UTF-8 sequence", truncatedSequence),
        ("UTF-8 surrogate", surrogate),
        ("a NUL", Array(good.prefix(60)) + [0] + Array(good.dropFirst(60))),
    ]
}
