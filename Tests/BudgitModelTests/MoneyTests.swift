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

/// The amount range (``Money/limit``) and arithmetic that cannot trap, at the bounds.
@Suite struct MoneyRangeTests {
    @Test func limitIsTenToTheFifteenYuan() {
        #expect(Money.limit.fen == 100_000_000_000_000_000)
        #expect(Money.limit.description == "1000000000000000.00")
    }

    @Test(arguments: [
        ("1000000000000000", Money.SourceUnit.yuan, true),
        ("1000000000000000.00", .yuan, true),
        ("1000000000000000.01", .yuan, false),
        ("-1000000000000000", .yuan, true),
        ("-1000000000000000.01", .yuan, false),
        ("100000000000", .wanYuan, true),
        ("100000000000.000001", .wanYuan, false),
        ("9300000000", .wanYuan, true),
        ("9223372036854.775808", .wanYuan, false),   // repro: amount-frac-overflow.txt
        ("92233720368547758.08", .yuan, false),      // repro: decl-amount-frac-overflow.txt
        ("90000000000000000", .yuan, false),          // repro: decl-breakdown-sum-overflow.txt
        ("9223372036854775807", .yuan, false),
        ("9223372036854775808", .yuan, false),
    ])
    func parseRefusesBeyondTheLimit(text: String, unit: Money.SourceUnit, accepted: Bool) {
        let r = Result { () throws(Money.ParseError) in try Money.parse(text, unit: unit) }
        switch r {
        case .success(let m): #expect(accepted, "\(text) read as \(m)"); #expect(m.isInRange)
        case .failure(let e):
            #expect(!accepted, "\(text): \(e)")
            if case .overflow = e {} else { Issue.record("\(text): expected overflow, got \(e)") }
            #expect(e.description.contains("amount range"))
        }
    }

    @Test func parseNeverTrapsOnOddDigits() throws {
        // `0` with a combining mark is one Character between "0" and "9" without an ASCII value.
        #expect(throws: Money.ParseError.self) { try Money.parse("1\u{30}\u{301}", unit: .yuan) }
        #expect(throws: Money.ParseError.self) { try Money.parse("٣", unit: .yuan) }
        let long = String(repeating: "9", count: 100_000)
        #expect(throws: Money.ParseError.self) { try Money.parse(long, unit: .yuan) }
        #expect(throws: Money.ParseError.self) { try Money.parse("1." + long, unit: .wanYuan) }
        // Long runs of trailing zeros are exact.
        #expect(try Money.parse("1." + String(repeating: "0", count: 10_000), unit: .yuan) == Money(fen: 100))
        // The error quotes a bounded excerpt.
        do { _ = try Money.parse(long, unit: .yuan) } catch { #expect(error.description.count < 200) }
    }

    @Test func canonicalRefusesBeyondTheLimit() {
        #expect(Money(canonical: "1000000000000000.00") == Money.limit)
        #expect(Money(canonical: "-1000000000000000.00") == -Money.limit)
        #expect(Money(canonical: "1000000000000000.01") == nil)
        #expect(Money(canonical: "92233720368547758.07") == nil)
        #expect(Money(checkedFen: .max) == nil && Money(checkedFen: .min) == nil)
        #expect(Money(checkedFen: 100_000_000_000_000_000) == Money.limit)
    }

    @Test func operatorsSaturateInsteadOfTrapping() {
        let max = Money(fen: .max), min = Money(fen: .min)
        #expect((max + Money(fen: 1)).fen == .max)
        #expect((min + Money(fen: -1)).fen == -.max)
        #expect((min - Money(fen: 1)).fen == -.max)
        #expect((max - Money(fen: -1)).fen == .max)
        #expect((-min).fen == .max)
        var m = max; m += max
        #expect(m.fen == .max)
        #expect(Money(yuan: .max).fen == .max && Money(yuan: .min).fen == -.max)
        // Within the range, exact: 92 amounts at the limit still fit.
        #expect(Money.sum(Array(repeating: Money.limit, count: 92))?.fen == 9_200_000_000_000_000_000)
    }

    @Test func checkedSumsReportOverflow() {
        #expect(Money.sum(Array(repeating: Money.limit, count: 93)) == nil)
        #expect(Money.sum(Array(repeating: -Money.limit, count: 93)) == nil)
        // Partial sums may leave Int64 if the total comes back.
        #expect(Money.sum([Money(fen: .max), Money(fen: 1), Money(fen: -1)]) == Money(fen: .max))
        #expect(Money.sum([Money(fen: .min), Money(fen: -5), Money(fen: 5)]) == Money(fen: .min))
        #expect(Money.sum([Money(fen: .max), Money(fen: .max), Money(fen: .min), Money(fen: .min)]) == Money(fen: -2))
        #expect(Money.sum([Money]()) == .zero)
        #expect(Money(fen: .max).adding(Money(fen: 1)) == nil)
        #expect(Money(fen: .min).subtracting(Money(fen: 1)) == nil)
        #expect(Money(fen: 5).subtracting(Money(fen: 7)) == Money(fen: -2))
    }

    /// The repro-big-amount.sh figures: 10 万元 to 9,300,000,000 万元.
    @Test func percentChangeOfBigAmounts() throws {
        let a = try Money.parse("10", unit: .wanYuan), b = try Money.parse("9300000000", unit: .wanYuan)
        #expect(a.percentChange(to: b) == "+92999999900.0%")
        #expect(b.percentChange(to: a) == "-100.0%")
        #expect(Money.limit.percentChange(to: -Money.limit) == "-200.0%")
        #expect(Money(fen: 1).percentChange(to: Money.limit) == "+9999999999999999900.0%")
        #expect(Money(fen: -1).percentChange(to: Money(fen: .max)) == "+922337203685477580800.0%")
        #expect(Money(fen: .min).percentChange(to: Money(fen: .max)) == "+200.0%")
        #expect(Money(fen: .max).percentChange(to: Money(fen: .min)) == "-200.0%")
        #expect(Money(fen: 3).percentChange(to: Money(fen: 4)) == "+33.3%")
        #expect(Money(fen: 2000).percentChange(to: Money(fen: 2001)) == "+0.1%")   // 0.05% rounds up
        #expect(Money(fen: 2000).percentChange(to: Money(fen: 1999)) == "-0.1%")
        #expect(Money(fen: 3000).percentChange(to: Money(fen: 3001)) == "0.0%")
        #expect(Money(fen: 1).percentChange(to: Money(fen: 1)) == "0.0%")
    }

    /// percentChange against a 128-bit reference over random pairs and the bounds.
    @Test func percentChangeMatchesWideReference() {
        guard #available(macOS 15, *) else { return }
        func reference(_ a: Money, _ b: Money) -> String? {
            guard a.fen != 0 else { return nil }
            let num = (Int128(b.fen) - Int128(a.fen)) * 1000, den = Int128(a.fen.magnitude)
            var q = num / den
            let r = num % den
            if 2 * r.magnitude >= den.magnitude { q += num < 0 ? -1 : 1 }
            let sign = q > 0 ? "+" : (q < 0 ? "-" : "")
            return "\(sign)\(q.magnitude / 10).\(q.magnitude % 10)%"
        }
        var values: [Int64] = [0, 1, -1, 2, 3, 7, 1000, 1999, 2000, .max, .min, .min + 1, .max - 1,
                               Money.limit.fen, -Money.limit.fen]
        var state: UInt64 = 0xB0D6
        for _ in 0..<400 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Int64(bitPattern: state) >> Int64(state % 63))
        }
        for a in values { for b in values.prefix(60) {
            #expect(Money(fen: a).percentChange(to: Money(fen: b)) == reference(Money(fen: a), Money(fen: b)), "\(a) → \(b)")
        } }
    }
}
