import Foundation
import Testing
import BudgitTestSupport

@Suite struct CLITests {
    static let commands = ["", "init", "import", "status", "commit", "log", "show", "blame", "set", "check", "diff", "compare", "export"]

    /// Help is recorded at 80 columns, the width ArgumentParser wraps to when COLUMNS says so.
    @Test(arguments: commands)
    func helpIsGolden(command: String) throws {
        let s = Sandbox()
        let args = command.isEmpty ? ["--help"] : [command, "--help"]
        let r = try budgit(args, in: s.path, env: ["COLUMNS": "80"])
        if r.status != 0 && r.stdout.isEmpty { return }  // a command not built yet
        #expect(r.status == 0)
        try expectGolden(r.stdout, "cli/help-\(command.isEmpty ? "budgit" : command).txt")
    }

    /// Prose is written one paragraph per line and wrapped by ArgumentParser, so it fills a wider
    /// terminal instead of breaking where the source did; examples (indented lines) keep their
    /// lines and fit in 80 columns, so they can be copied whole.
    @Test(arguments: commands)
    func helpIsWrappedByTheParserNotByHand(command: String) throws {
        let s = Sandbox()
        let args = command.isEmpty ? ["--help"] : [command, "--help"]
        let wide = try budgit(args, in: s.path, env: ["COLUMNS": "4000"]).stdout
        let narrow = try budgit(args, in: s.path, env: ["COLUMNS": "80"]).stdout
        // The text before USAGE: overview and discussion.
        let prose = wide.components(separatedBy: "\nUSAGE:").first ?? ""
        let lines = prose.split(separator: "\n", omittingEmptySubsequences: false)
        for (line, next) in zip(lines, lines.dropFirst()) where !line.hasPrefix(" ") && !line.isEmpty && !next.isEmpty {
            // A paragraph line followed by more text must end a sentence or introduce examples.
            #expect(line.hasSuffix(":") || line.hasSuffix(".") || next.hasPrefix(" "),
                    "\(command): hand-wrapped help line \"\(line)\"")
        }
        for line in narrow.components(separatedBy: "\nUSAGE:").first?.split(separator: "\n") ?? [] where line.hasPrefix("  ") {
            #expect(line.count <= 80, "\(command): example wider than 80 columns: \(line)")
        }
        let narrowProse = narrow.components(separatedBy: "\nUSAGE:").first ?? ""
        #expect(narrowProse.split(separator: "\n").allSatisfy { $0.hasPrefix("  ") || !$0.hasPrefix(" ") }, "\(command)")
    }

    @Test func notARepositoryIsOneLineAndExit1() throws {
        let s = Sandbox()
        for cmd in [["status"], ["log"], ["commit", "-m", "x"], ["show"]] {
            let r = try budgit(cmd, in: s.path)
            #expect(r.status == 1, "\(cmd)")
            #expect(r.stderr.hasPrefix("budgit: error: not a budgit repository"), "\(cmd): \(r.stderr)")
            #expect(r.stderr.contains("budgit init"))
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func usageErrorsExit64() throws {
        let s = Sandbox()
        let r = try budgit(["log", "-n", "0"], in: s.path)
        #expect(r.status == 64)
        let r2 = try budgit(["frobnicate"], in: s.path)
        #expect(r2.status == 64)
    }

    @Test func endToEndWithGitAgreeing() throws {
        let s = Sandbox()
        #expect(try budgit(["init", "repo"], in: s.path).status == 0)
        let repo = s.path + "/repo"
        let imp = try budgit(["import", fixtures + "/002_3205439470554c78.txt"], in: repo)
        #expect(imp.status == 0, "\(imp.stderr)")
        #expect(imp.stdout.contains("target-form-2023, year 2023: 5 projects, 47 indicators"))
        let st = try budgit(["status", "--json"], in: repo)
        #expect(st.stdout.contains("\"clean\": false"))
        // Malformed author: nothing written.
        let bad = try budgit(["commit", "-m", "x", "--author", "Ana"], in: repo)
        #expect(bad.status == 1 && bad.stderr.contains("Name <email"))
        let c = try budgit(["commit", "-m", "Import 2023", "--author", "Ana Li <ana@example.org>"], in: repo)
        #expect(c.status == 0 && c.stdout.hasPrefix("[main "))
        let log = try budgit(["log", "--json"], in: repo)
        #expect(log.stdout.contains("\"email\": \"ana@example.org\""))
        #expect(log.stdout.contains("\"summary\": \"Import 2023\""))
        // From a subfolder, as git does; and with --repo from elsewhere.
        #expect(try budgit(["log", "-n", "1"], in: repo + "/2023").status == 0)
        #expect(try budgit(["log", "-n", "1", "--repo", repo], in: s.path).status == 0)
        // show --json prints the model with amounts as 元 strings.
        let show = try budgit(["show", "--year", "2023", "--project", "托育中心经费", "--json"], in: repo)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("\"amount\": \"406000.00\""))
        // Unknown revision and missing path: one line, exit 1.
        let ur = try budgit(["show", "nope", "x.txt"], in: repo)
        #expect(ur.status == 1 && ur.stderr.contains("unknown revision `nope`"))
        let mp = try budgit(["show", "HEAD", "no/such.jsonl"], in: repo)
        #expect(mp.status == 1 && mp.stderr.contains("path `no/such.jsonl` does not exist"))
        let np = try budgit(["show", "--year", "2023", "--project", "托育"], in: repo)
        #expect(np.status == 1 && np.stderr.contains("Did you mean: `托育中心经费`"))
        // git agrees.
        let gitLog = try git(["log", "--format=%an|%s"], in: repo)
        #expect(gitLog == "Ana Li|Import 2023\n")
        _ = try git(["fsck", "--strict"], in: repo)
        #expect(try git(["status", "--porcelain"], in: repo).isEmpty)
    }

    @Test func failedImportWritesNothingAndExits1() throws {
        let s = Sandbox()
        _ = try budgit(["init", "repo"], in: s.path)
        FileManager.default.createFile(atPath: s.path + "/empty.txt", contents: Data())
        let r = try budgit(["import", fixtures + "/002_3205439470554c78.txt", s.path + "/empty.txt"], in: s.path + "/repo")
        #expect(r.status == 1)
        #expect(r.stderr.contains("empty.txt: the file is empty"))
        let st = try budgit(["status", "--json"], in: s.path + "/repo")
        #expect(st.stdout.contains("\"clean\": true"))
    }
}

@Suite struct ExportCLITests {
    @Test func exportsAreKeyedAndExact() throws {
        let s = Sandbox()
        _ = try budgit(["init", "repo"], in: s.path)
        let repo = s.path + "/repo"
        _ = try budgit(["import", fixtures + "/001_c2baf747aff8c518.txt"], in: repo)
        let lines = try budgit(["export", "budget-lines", "--worktree", "--year", "2020"], in: repo)
        #expect(lines.status == 0)
        let rows = lines.stdout.split(separator: "\n")
        #expect(rows.first == "id,unit,table,side,code,name,c1,c2,c3,c4,c5,c6,c7,c8")
        #expect(rows.count == 1 + 225)
        let ids = rows.dropFirst().map { $0.split(separator: ",", maxSplits: 1)[0] }
        #expect(Set(ids).count == ids.count)
        #expect(rows.contains { $0.hasPrefix("上海市闵行区教育学院|3||205 08 01|,") })
        let ind = try budgit(["export", "indicators", "--worktree", "--excel"], in: repo)
        #expect(ind.stdout.hasPrefix("\u{FEFF}id,unit,project,l1,l2,l3,target,note\r\n"))
        let projects = try budgit(["export", "projects", "--worktree"], in: repo)
        let json = try JSONSerialization.jsonObject(with: Data(projects.stdout.utf8)) as? [[String: Any]]
        #expect(json?.count == 22)
    }
}

@Suite struct DiffCLITests {
    @Test func diffOfWorkingTreeAndRevisions() throws {
        let s = Sandbox()
        _ = try budgit(["init", "repo"], in: s.path)
        let repo = s.path + "/repo"
        _ = try budgit(["import", fixtures + "/002_3205439470554c78.txt"], in: repo)
        _ = try budgit(["commit", "-m", "2023", "--author", "Ana Li <ana@example.org>"], in: repo)
        let unit = repo + "/2023/上海市闵行区托育服务指导中心/projects/"
        let f = unit + "托育中心经费.jsonl"
        var text = try String(contentsOfFile: f, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"kind\":\"annual\",\"amount\":\"406000.00\"", with: "\"kind\":\"annual\",\"amount\":\"416000.00\"")
        try text.write(toFile: f, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: unit + "残疾人就业保障金.jsonl")
        let wt = try budgit(["diff", "--json"], in: repo)
        #expect(wt.status == 0, "\(wt.stderr)")
        #expect(wt.stdout.contains("\"delta\": \"10000.00\""))
        #expect(wt.stdout.contains("\"name\": \"残疾人就业保障金\""))
        let exit = try budgit(["diff", "--exit-code", "--summary"], in: repo)
        #expect(exit.status == 2)
        _ = try budgit(["commit", "-m", "adjust", "--author", "Bo Wang <bo@example.org>"], in: repo)
        let revs = try budgit(["diff", "HEAD~1", "HEAD", "--summary", "--json"], in: repo)
        #expect(revs.stdout.contains("\"removed\": 1"))
        #expect(revs.stdout.contains("\"delta\": \"-1043.84\""))  // +10,000.00 − 11,043.84
        let clean = try budgit(["diff", "--exit-code"], in: repo)
        #expect(clean.status == 0)
    }
}
