import Testing
import BudgitModel

@Suite struct TerminalTextTests {
    @Test func everyControlIsEscapedAndNothingElse() {
        for v in UInt32(0)...0x3000 {
            guard let u = Unicode.Scalar(v) else { continue }
            let control = v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            let e = TerminalText.escape("a" + String(u) + "b")
            #expect((e != "a" + String(u) + "b") == control, "U+\(String(v, radix: 16))")
            #expect(e.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) && !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value) })
        }
    }
}
