import Foundation
import Testing
import BudgitTestSupport

/// repro-big-amount.sh: 9,300,000,000 万元 (9.3 × 10^13 元) is a valid amount; import took it,
/// then diff, check, compare and log trapped on Int64 overflow (percent change, sums).
@Suite struct BigAmountCLITests {
    @Test func diffCheckCompareAndLogOfABigAmount() throws {
        let s = Sandbox()
        let source = try String(contentsOfFile: fixtures + "/quirks/tf-geq.txt", encoding: .utf8)
        let doc = s.path + "/doc.txt"
        try source.write(toFile: doc, atomically: true, encoding: .utf8)
        #expect(try budgit(["init", "repo"], in: s.path).status == 0)
        let repo = s.path + "/repo"
        #expect(try budgit(["import", doc], in: repo).status == 0)
        #expect(try budgit(["commit", "-m", "a", "--author", "T <t@example.org>"], in: repo).status == 0)
        let big = source.replacingOccurrences(of: "项目资金总额\t10", with: "项目资金总额\t9300000000")
        #expect(big != source)
        try big.write(toFile: doc, atomically: true, encoding: .utf8)
        let imp = try budgit(["import", doc], in: repo)
        #expect(imp.status == 0, "\(imp.stderr)")

        let diff = try budgit(["diff"], in: repo)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("fund 项目资金总额: 100,000.00 → 93,000,000,000,000.00  +92,999,999,900,000.00 (+92999999900.0%)"),
                "\(diff.stdout)")
        let json = try budgit(["diff", "--format", "json"], in: repo)
        #expect(json.status == 0 && json.stdout.contains("\"93000000000000.00\""), "\(json.stderr)")

        let check = try budgit(["check"], in: repo)
        #expect(check.status == 2, "\(check.stderr)")   // a mismatch, reported
        #expect(check.stdout.contains("printed 93,000,000,000,000.00, sum 100,000.00, difference -92,999,999,900,000.00 元"),
                "\(check.stdout)")

        #expect(try budgit(["commit", "-m", "b", "--author", "T <t@example.org>"], in: repo).status == 0)
        let log = try budgit(["log"], in: repo)
        #expect(log.status == 0, "\(log.stderr)")
        #expect(log.stdout.contains("大于号测试项目: 项目资金总额 +92,999,999,900,000.00 元"), "\(log.stdout)")
        let compare = try budgit(["compare", "2022", "2022"], in: repo)
        #expect(compare.status == 0, "\(compare.stderr)")
        let diffRevs = try budgit(["diff", "HEAD~1", "HEAD"], in: repo)
        #expect(diffRevs.status == 0 && diffRevs.stdout.contains("+92999999900.0%"), "\(diffRevs.stderr)")
    }

    /// An amount beyond 10^15 元 is refused at import with a diagnostic, and nothing traps after.
    @Test func amountBeyondTheLimitIsADiagnostic() throws {
        let s = Sandbox()
        let source = try String(contentsOfFile: fixtures + "/quirks/tf-geq.txt", encoding: .utf8)
        let doc = s.path + "/doc.txt"
        try source.replacingOccurrences(of: "项目资金总额\t10", with: "项目资金总额\t100000000001")
            .write(toFile: doc, atomically: true, encoding: .utf8)
        #expect(try budgit(["init", "repo"], in: s.path).status == 0)
        let repo = s.path + "/repo"
        let imp = try budgit(["import", "--dry-run", "-v", doc], in: repo)
        #expect(imp.stdout.contains("beyond the amount range (at most 1,000,000,000,000,000.00 元)"), "\(imp.stdout)\(imp.stderr)")
    }
}
