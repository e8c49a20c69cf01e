import BudgitCorpus

/// A replayable random number generator: input `k` of a run is made from `seed` and `k`
/// alone, so any input can be made again from its number. The numbers are the corpus
/// generator's SplitMix64 stream (``CorpusRandom``); `below` keeps the fuzzer's own modulo
/// reduction, so that recorded seeds make the same inputs.
public struct FuzzRandom: RandomNumberGenerator, Sendable {
    private var stream: CorpusRandom
    public init(seed: UInt64) { stream = CorpusRandom(seed: seed) }
    public mutating func next() -> UInt64 { stream.next() }
    /// A number in `0..<n` (`n > 0`).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}

/// Structure-aware byte mutations of text documents: byte flips, long digit runs, line edits,
/// split cells, huge runs, tab/space swaps, Unicode oddities.
public enum Mutator {
    /// Text that has broken parsers before: long numbers, separators, combining marks, CJK
    /// labels the parsers look for, control characters and invalid UTF-8.
    static let tokens: [[UInt8]] = [
        "9223372036854775807", "9223372036854.775808", "-9223372036854775808", "0.0000001", "1e308",
        "99999999999999999999", "1000000000000000.01", "(12.5)", "（3.0）", "1,234,567.10", "1.2.3",
        "2022. 1. 1", "2022.12.31", "2020年1月1日", "\t", "\t\t\t", " ", "\u{3000}", "\u{A0}", "\u{200B}",
        "0\u{301}", "٣", "５", "\u{FEFF}", "\r", "\r\n", "\u{0}", "\u{7F}", "<br>", "<input checked>", "&nbsp;",
        "项目资金总额", "年度资金申请总额", "项目总目 标", "项目总目标", "年度总体目标", "一级指标", "二级指标",
        "三级指标", "指标值", "金额合计", "项目构成分解", "合计", "总计", "万元", "元", "》", "≥", "≤", "□", "■",
        "一、", "（一）", "表1", "\"", "\\", "\\u0000", "{", "}", "[", "]", ":", ",", "null",
        "\"k\":\"fund\"", "\"amount\":\"", "\"lines\":\"", "-", ".", "%",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]

    /// One to four mutations of `input`; the result is at most `maxSize` bytes (plus one huge run).
    public static func mutate(_ input: [UInt8], rng: inout FuzzRandom, maxSize: Int = 1 << 20) -> [UInt8] {
        var b = input
        let n = 1 + rng.below(4)
        for _ in 0..<n { b = once(b, rng: &rng) }
        if b.count > maxSize { b.removeLast(b.count - maxSize) }
        return b
    }

    static func lineRanges(_ b: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for (i, c) in b.enumerated() where c == 0x0A { out.append(start..<(i + 1)); start = i + 1 }
        if start < b.count { out.append(start..<b.count) }
        return out
    }

    static func once(_ input: [UInt8], rng: inout FuzzRandom) -> [UInt8] {
        var b = input
        let at = b.isEmpty ? 0 : rng.below(b.count + 1)
        switch rng.below(14) {
        case 0:  // flip bits of a byte
            if !b.isEmpty { let i = rng.below(b.count); b[i] ^= UInt8(truncatingIfNeeded: 1 << rng.below(8)) }
        case 1:  // replace a byte
            if !b.isEmpty { b[rng.below(b.count)] = UInt8(truncatingIfNeeded: rng.next()) }
        case 2:  // a long run of digits, maybe with a point
            var run = (0..<(1 + rng.below(40))).map { _ in UInt8(48 + rng.below(10)) }
            if rng.below(2) == 0 { run.insert(UInt8(ascii: "."), at: rng.below(run.count + 1)) }
            // Replace the digits at `at`, if any, so amounts and dates grow.
            var end = at
            while end < b.count, (48...57).contains(b[end]) || b[end] == UInt8(ascii: ".") { end += 1 }
            b.replaceSubrange(at..<end, with: run)
        case 3:  // insert a token
            b.insert(contentsOf: tokens[rng.below(tokens.count)], at: at)
        case 4:  // delete a line
            let lines = lineRanges(b)
            if !lines.isEmpty { b.removeSubrange(lines[rng.below(lines.count)]) }
        case 5:  // duplicate a line (a few times)
            let lines = lineRanges(b)
            if let l = lines.isEmpty ? nil : lines[rng.below(lines.count)] {
                let copy = Array(b[l]) + (b[l].last == 0x0A ? [] : [0x0A])
                let times = 1 + rng.below(3)
                b.insert(contentsOf: Array(repeating: copy, count: times).joined(), at: l.upperBound)
            }
        case 6:  // join a line with the next
            let nl = b.indices.filter { b[$0] == 0x0A }
            if !nl.isEmpty { b.remove(at: nl[rng.below(nl.count)]) }
        case 7:  // split a cell: a tab into the middle of a line
            b.insert(rng.below(2) == 0 ? 0x09 : 0x0A, at: at)
        case 8:  // a huge run: one byte, a token, or a whole line repeated
            let count = 200 + rng.below(20_000)
            if rng.below(2) == 0 {
                let t = tokens[rng.below(tokens.count)]
                b.insert(contentsOf: Array(repeating: t, count: max(1, count / max(t.count, 1))).joined(), at: at)
            } else {
                let lines = lineRanges(b)
                if let l = lines.isEmpty ? nil : lines[rng.below(lines.count)] {
                    var cell = Array(b[l]); if cell.last == 0x0A { cell.removeLast() }
                    cell.append(0x09)
                    b.replaceSubrange(l, with: Array(repeating: cell, count: 1 + count / max(cell.count, 1)).joined() + [0x0A])
                }
            }
        case 9:  // swap tabs and spaces in a line
            let lines = lineRanges(b)
            if let l = lines.isEmpty ? nil : lines[rng.below(lines.count)] {
                for i in l where b[i] == 0x09 || b[i] == 0x20 { b[i] = b[i] == 0x09 ? 0x20 : 0x09 }
            }
        case 10:  // delete a chunk
            if !b.isEmpty { let i = rng.below(b.count); b.removeSubrange(i..<min(b.count, i + 1 + rng.below(64))) }
        case 11:  // copy a chunk elsewhere
            if !b.isEmpty {
                let i = rng.below(b.count), chunk = Array(b[i..<min(b.count, i + 1 + rng.below(256))])
                b.insert(contentsOf: chunk, at: rng.below(b.count + 1))
            }
        case 12:  // swap two lines
            let lines = lineRanges(b)
            if lines.count >= 2 {
                let x = lines[rng.below(lines.count)], y = lines[rng.below(lines.count)]
                if x != y {
                    let (lo, hi) = x.lowerBound < y.lowerBound ? (x, y) : (y, x)
                    b = Array(b[..<lo.lowerBound]) + Array(b[hi]) + Array(b[lo.upperBound..<hi.lowerBound]) + Array(b[lo]) + Array(b[hi.upperBound...])
                }
            }
        default:  // replace a number with another number-like token
            let digits = b.indices.filter { (48...57).contains(b[$0]) }
            if !digits.isEmpty {
                var lo = digits[rng.below(digits.count)], hi = lo + 1
                while lo > 0, (48...57).contains(b[lo - 1]) || b[lo - 1] == UInt8(ascii: ".") { lo -= 1 }
                while hi < b.count, (48...57).contains(b[hi]) || b[hi] == UInt8(ascii: ".") { hi += 1 }
                b.replaceSubrange(lo..<hi, with: tokens[rng.below(11)])
            }
        }
        return b
    }
}

extension Mutator {
    /// Length-preserving mutations for binary formats (the cache checks its body length, so
    /// inserting or deleting bytes is refused at once): bit flips, interesting bytes, overwrites.
    public static func mutateBinary(_ input: [UInt8], rng: inout FuzzRandom) -> [UInt8] {
        var b = input
        guard !b.isEmpty else { return [UInt8(truncatingIfNeeded: rng.next())] }
        for _ in 0..<(1 + rng.below(4)) {
            let i = rng.below(b.count)
            switch rng.below(6) {
            case 0: b[i] ^= UInt8(truncatingIfNeeded: 1 << rng.below(8))
            case 1: b[i] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE][rng.below(6)]
            case 2: b[i] = UInt8(truncatingIfNeeded: rng.next())
            case 3:  // a long varint: continuation bytes
                for k in i..<min(b.count, i + 1 + rng.below(12)) { b[k] = 0xFF }
            case 4:  // overwrite with a copy of another chunk
                let j = rng.below(b.count), n = min(1 + rng.below(32), b.count - max(i, j))
                if n > 0 { let chunk = Array(b[j..<(j + n)]); b.replaceSubrange(i..<(i + n), with: chunk) }
            default:
                b[i] = b[i] &+ UInt8(truncatingIfNeeded: rng.below(5)) &- 2
            }
        }
        // Now and then a text mutation too (truncation, insertion).
        if rng.below(8) == 0 { b = once(b, rng: &rng) }
        return b
    }
}
