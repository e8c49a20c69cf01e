import Testing
import BudgitTestSupport
@testable import BudgitCanonical

@Suite struct CanonicalScannerTests {
    /// The eight-bytes-at-a-time test of `string()` against a byte-by-byte reference: every byte
    /// value at every position among ordinary bytes, then random words.
    @Test func specialBytesAreFoundEightAtATime() {
        func reference(_ w: UInt64) -> Bool {
            (0..<8).contains { k in
                let b = UInt8(truncatingIfNeeded: w >> (8 * UInt64(k)))
                return b == 0x22 || b == 0x5C || b < 0x20 || b == 0x7F
            }
        }
        for filler: UInt8 in [0x41, 0xE4, 0x80, 0xFF, 0x20, 0x7E, 0x21, 0x23, 0x5B, 0x5D] {
            for position in 0..<8 {
                for b in 0...255 {
                    var w = UInt64(filler) &* 0x0101_0101_0101_0101
                    w &= ~(UInt64(0xFF) << (8 * UInt64(position)))
                    w |= UInt64(b) << (8 * UInt64(position))
                    #expect(CanonicalScanner.hasSpecialByte(w) == reference(w), "\(filler) \(position) \(b)")
                }
            }
        }
        var rng = SeededGenerator(seed: 8)
        for _ in 0..<200_000 {
            let w = rng.next()
            #expect(CanonicalScanner.hasSpecialByte(w) == reference(w), "\(w)")
        }
    }
}
