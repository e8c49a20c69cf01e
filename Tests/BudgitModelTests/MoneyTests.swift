import Testing
@testable import BudgitModel

@Suite struct MoneyTests {
    @Test(arguments: [
        ("1845. 2", Money.SourceUnit.wanYuan, "18452000.00"),
        ("23750", .wanYuan, "237500000.00"),
        ("0.0001", .wanYuan, "1.00"),
        ("9, 999. 99", .wanYuan, "99999900.00"),
        ("11,043.84", .yuan, "11043.84"),
        ("14718993.6", .yuan, "14718993.60"),
        ("(12.5)", .yuan, "12.50"),
        ("-3", .yuan, "-3.00"),
        ("0.00", .yuan, "0.00"),
        ("1,234,567.10", .yuan, "1234567.10"),
    ])
    func parsesExactly(text: String, unit: Money.SourceUnit, expected: String) throws {
        let m = try Money.parse(text, unit: unit)
        #expect(m.description == expected)
        #expect(Money(canonical: expected) == m)
    }

    @Test(arguments: [
        ("", Money.ParseError.empty),
        ("abc", .notANumber("abc")),
        ("1.2.3", .notANumber("1.2.3")),
        ("12.345", .tooPrecise("12.345", .yuan)),
        ("99999999999999999999", .overflow("99999999999999999999")),
    ])
    func rejects(text: String, error: Money.ParseError) {
        #expect(throws: error) { try Money.parse(text, unit: .yuan) }
    }

    @Test func wanYuanBeyondFenIsRejected() {
        #expect(throws: Money.ParseError.tooPrecise("1.0000001", .wanYuan)) { try Money.parse("1.0000001", unit: .wanYuan) }
    }

    @Test func canonicalTextIsUnique() {
        for bad in ["1.0", "01.00", "1", "-0.00", "1.000", " 1.00", "1,000.00", "+1.00"] {
            #expect(Money(canonical: bad) == nil, "\(bad)")
        }
        #expect(Money(canonical: "-1.05")?.fen == -105)
    }

    @Test func groupingAndPercent() {
        #expect(Money(fen: 123_456_789).grouped == "1,234,567.89")
        #expect(Money(fen: -100_000).grouped == "-1,000.00")
        #expect(Money(yuan: 100).percentChange(to: Money(yuan: 125)) == "+25.0%")
        #expect(Money(yuan: 3).percentChange(to: Money(yuan: 2)) == "-33.3%")
        #expect(Money(yuan: 3).percentChange(to: Money(yuan: 3)) == "0.0%")
        #expect(Money.zero.percentChange(to: Money(yuan: 1)) == nil)
    }

    /// `grouped` against the straightforward version it replaced (digits as text, a comma before
    /// every group of three from the right).
    @Test func groupingMatchesReference() {
        func reference(_ m: Money) -> String {
            let a = m.fen.magnitude
            let yuan = String(a / 100), cents = a % 100
            var out = ""
            for (i, ch) in yuan.enumerated() {
                if i > 0 && (yuan.count - i) % 3 == 0 { out.append(",") }
                out.append(ch)
            }
            return (m.fen < 0 ? "-" : "") + out + "." + (cents < 10 ? "0" : "") + "\(cents)"
        }
        var values: [Int64] = [0, 1, -1, 9, 10, 99, 100, 101, 99_999, 100_000, 99_999_999, 100_000_000, .max, .min, .min + 1]
        var p: Int64 = 1
        for _ in 0..<18 { values += [p, p - 1, p + 1, -p, -(p - 1)]; p *= 10 }
        var state: UInt64 = 0x5EED
        for _ in 0..<2_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Int64(bitPattern: state) >> Int64(state % 60))
        }
        for fen in values {
            #expect(Money(fen: fen).grouped == reference(Money(fen: fen)), "fen \(fen)")
        }
    }

    @Test func arithmeticIsExact() {
        // 0.1 + 0.2 in 元 is exactly 0.3: no floating point anywhere.
        let a = try! Money.parse("0.1", unit: .yuan), b = try! Money.parse("0.2", unit: .yuan)
        #expect((a + b).description == "0.30")
    }
}

@Suite struct ClassificationCodeTests {
    @Test func partsAndParents() {
        let c = ClassificationCode("205 08 01")!
        #expect(c.parts == ["205", "08", "01"] && c.parent == ClassificationCode("205 08") && c.level == 3)
        #expect(ClassificationCode("205a") == nil && ClassificationCode("") == nil)
        #expect(ClassificationCode("205 01")! < ClassificationCode("205 08")!)
    }
}
