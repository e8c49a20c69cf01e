import Testing
@testable import BudgitModel

/// ``NFC``: the quick scan only passes text that is NFC, and normalising is the standard library's.
@Suite struct NFCTests {
    @Test func normalisesCompatibilityIdeographsAndDecomposedText() {
        #expect(NFC.normalize("\u{F900}") == "\u{8C48}")
        #expect(Array(NFC.normalize("Cafe\u{301}").utf8) == Array("Caf\u{E9}".utf8))
        #expect(Array(NFC.normalize("か\u{3099}").utf8) == Array("が".utf8))
        #expect(!NFC.isNFC("项目\u{F900}") && !NFC.isNFC("e\u{301}") && !NFC.isNFC("中\u{0301}\u{302A}"))
        // Marks already in canonical order (class 218 before 230) are NFC.
        for s in ["", "abc", "党建经费（2022运维）", "≥90%", "é", "が", "①■□√", "中\u{302A}\u{0301}"] {
            #expect(NFC.isNFC(s), "\(s)")
            #expect(NFC.normalize(s).utf8.elementsEqual(s.utf8))
        }
    }

    /// Every three-byte scalar the quick scan passes is NFC alone and of combining class 0, so no
    /// neighbour can reorder or compose with it (composition's second scalars all fail this).
    @Test func scalarsTheQuickScanPassesAreStable() {
        var passed = 0
        for v in UInt32(0x800)...0xFFFF {
            guard let u = Unicode.Scalar(v), NFC.isStable(v) else { continue }
            passed += 1
            let s = String(u)
            #expect(s._nfcCodeUnits.elementsEqual(s.utf8), "U+\(String(v, radix: 16))")
            #expect(u.properties.canonicalCombiningClass == .notReordered, "U+\(String(v, radix: 16))")
            // As a second scalar after every Latin, kana and Hangul base it stays as it is.
            for base in ["e", "A", "か", "\u{1100}", "\u{AC00}", "<"] {
                #expect((base + s)._nfcCodeUnits.elementsEqual((base + s).utf8), "\(base) U+\(String(v, radix: 16))")
            }
        }
        #expect(passed > 9_000)
        for v: UInt32 in [0x3099, 0x309A, 0x302A, 0x2126, 0x2329, 0xF900, 0xFE20, 0x20D0] { #expect(!NFC.isStable(v)) }
    }
}
