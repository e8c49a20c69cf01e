import Foundation
import Testing
import BudgitTestSupport

/// Text from documents is data: a project name and a commit message full of terminal controls go
/// through every command that prints text, and no control character reaches the terminal raw.
@Suite struct TerminalSafetyCLITests {
    /// ESC with a CSI (clear screen), `<j>`, BEL, C1 CSI, a bidi override, a tab and DEL.
    static let hostile = "托育\u{1B}[2J中心<j>\u{07}\u{9B}31m\u{202E}经\u{7F}费"
    static let unit = "上海市闵行区托育服务指导中心"

    /// Whether `s` holds a character a terminal would act on (line feeds apart).
    static func rawControl(in s: String) -> Unicode.Scalar? {
        s.unicodeScalars.first { v in
            (v.value < 0x20 && v != "\n") || v.value == 0x7F || (0x80...0x9F).contains(v.value)
                || (0x202A...0x202E).contains(v.value) || (0x2066...0x2069).contains(v.value)
        }
    }

    func expectSafe(_ r: RunResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Self.rawControl(in: r.stdout) == nil, "\(what): stdout \(r.stdout.debugDescription)", sourceLocation: sourceLocation)
        #expect(Self.rawControl(in: r.stderr) == nil, "\(what): stderr \(r.stderr.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func everyCommandEscapesControlsFromDocuments() throws {
        let s = Sandbox()
        _ = try budgit(["init", "repo"], in: s.path)
        let repo = s.path + "/repo"
        let source = try String(contentsOfFile: fixtures + "/002_3205439470554c78.txt", encoding: .utf8)
        // A new edition of the same source (another source bringing the same projects is refused).
        try FileManager.default.createDirectory(atPath: s.path + "/edition", withIntermediateDirectories: true)
        let hostileFile = s.path + "/edition/002_3205439470554c78.txt"
        try source.replacingOccurrences(of: "项目名称\t托育中心经费", with: "项目名称\t\(Self.hostile)")
            .write(toFile: hostileFile, atomically: true, encoding: .utf8)
        #expect(try budgit(["import", fixtures + "/002_3205439470554c78.txt"], in: repo).status == 0)
        _ = try budgit(["commit", "-m", "2023", "--author", "Ana Li <ana@example.org>"], in: repo)

        let imp = try budgit(["import", "-v", hostileFile], in: repo)
        #expect(imp.status == 0, "\(imp.stderr)")
        expectSafe(imp, "import")
        expectSafe(try budgit(["status"], in: repo), "status")
        let commit = try budgit(["commit", "-m", "hostile\u{1B}]0;title\u{07} \u{202E}name", "--author", "Bo <bo@example.org>"], in: repo)
        #expect(commit.status == 0, "\(commit.stderr)")
        expectSafe(commit, "commit")

        let show = try budgit(["show", "--year", "2023", "--project", Self.hostile], in: repo)
        #expect(show.status == 0, "\(show.stderr)")
        expectSafe(show, "show --project")
        #expect(show.stdout.hasPrefix("托育\\e[2J中心<j>\\x07\\u{9b}31m\\u{202e}经\\x7f费\n"), "the name kept, <j> too, controls visible")
        let runs: [[String]] = [
            ["show"], ["show", "--year", "2023"], ["log"], ["log", "-n", "1", "--year", "2023"],
            ["blame", "--year", "2023", "--unit", Self.unit, "--project", Self.hostile],
            ["diff", "HEAD~1", "HEAD"], ["diff", "HEAD~1", "HEAD", "--format", "markdown"],
            ["compare", "2023", "2023", "--rev", "HEAD"], ["check", "--year", "2023", "--all"],
        ]
        for args in runs {
            let r = try budgit(args, in: repo)
            #expect(r.status == 0 || r.status == 2, "\(args): \(r.stderr)")
            expectSafe(r, args.joined(separator: " "))
        }
        let log = try budgit(["log", "-n", "1"], in: repo)
        #expect(log.stdout.contains("hostile\\e]0;title\\x07 \\u{202e}name"))
        let diff = try budgit(["diff", "HEAD~1", "HEAD"], in: repo)
        #expect(diff.stdout.contains("托育\\e[2J中心<j>"), "\(diff.stdout)")
        // Errors that quote what the user typed or the document said.
        let missing = try budgit(["show", "--year", "2023", "--project", "nope\u{1B}[2J"], in: repo)
        #expect(missing.status == 1)
        expectSafe(missing, "error")
        #expect(missing.stderr.contains("nope\\e[2J"))
        // JSON escapes control characters its own way, and keeps the text.
        let json = try budgit(["show", "--year", "2023", "--project", Self.hostile, "--json"], in: repo)
        #expect(json.stdout.contains("托育\\u001b[2J中心<j>\\u0007"), "\(json.stdout.prefix(300))")
    }

    @Test func excelExportNeutralisesFormulas() throws {
        let s = Sandbox()
        _ = try budgit(["init", "repo"], in: s.path)
        let repo = s.path + "/repo"
        _ = try budgit(["import", fixtures + "/000_b8de17d7b47ea05c.txt"], in: repo)
        let plain = try budgit(["export", "indicators", "--worktree"], in: repo)
        let excel = try budgit(["export", "indicators", "--worktree", "--excel"], in: repo)
        #expect(plain.stdout.contains(",=8个,"), "without --excel the text is as stored")
        #expect(!excel.stdout.contains(",=8个,"))
        #expect(excel.stdout.contains(",\"'=8个\","))
        for line in excel.stdout.split(separator: "\r\n") {
            for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                #expect(!(cell.hasPrefix("=") || cell.hasPrefix("@") || cell.hasPrefix("+")), "\(line)")
            }
        }
    }
}
