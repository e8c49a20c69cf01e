import BudgitModel
import Testing
import BudgitCompareTestSupport
import BudgitRender
@testable import BudgitCompare

@Suite struct ComparisonTests {
    @Test func sampleReport() {
        let r = Comparison.compare(a: Sample.a, b: Sample.b)
        #expect(r.projects.added.map(\.name) == ["骨干教师国外培训"])
        #expect(r.projects.removed.map(\.name) == ["关心下一代工作"])
        #expect(r.projects.renamed.map(\.match.kind) == [.normalized, .normalized])
        #expect(r.projects.renamed.map(\.to.name) == ["标准化考场网上视频巡查系统(2023运维)", "闵行区智慧教育示范区两种应用助手项目（第三年）"])
        #expect(r.projects.changed.map(\.to.name) == ["教育博览会", "标准化考场网上视频巡查系统(2023运维)", "闵行区智慧教育示范区两种应用助手项目（第三年）"])
        #expect(r.projects.changed[0].to.unit == Sample.college)
        let system = r.projects.changed[1]
        #expect(system.fields.map(\.field) == ["annualGoal"])
        #expect(system.indicators.renamed.map(\.to) == ["产出指标/数量指标/巡查考场数"])
        #expect(system.indicators.changed.map { $0.target?.kind } == [.raised, .changed])
        #expect(r.projects.changed[2].indicators.changed.map { $0.target?.kind } == [.lowered])
        #expect(r.summary.projects == Summary.Counts(added: 1, removed: 1, renamed: 2, changed: 3, unchanged: 2))
        #expect(r.summary.indicators == Summary.Counts(added: 0, removed: 0, renamed: 1, changed: 3))
        #expect(r.totals.overall == AmountChange(from: yuan("663000.00"), to: yuan("637500.00")))
        #expect(r.totals.units.map(\.unit) == [Sample.college, Sample.unit])
        #expect(r.summary.budgetLines == Summary.LineCounts(added: 1, removed: 0, changed: 1))
    }

    @Test func comparingWithItselfIsEmpty() {
        let r = Comparison.compare(a: Sample.a, b: Sample.a)
        #expect(r.isEmpty)
        #expect(r.summary.projects.unchanged == Sample.a.projects.count)
        #expect(r.changeRows().isEmpty)
    }

    @Test func sampleMirrors() {
        checkMirror(Comparison.compare(a: Sample.a, b: Sample.b), Comparison.compare(a: Sample.b, b: Sample.a),
                    exactTexts: true, context: "sample")
    }

    @Test(arguments: propertySeeds)
    func randomProperties(seed: UInt64) throws {
        var rng = SeededRNG(seed: seed)
        for round in 0..<15 {
            let context = "seed \(seed) round \(round)"
            let a = randomSnapshot(&rng, label: "A", year: 2022), b = randomSnapshot(&rng, label: "B", year: 2023)
            let options = CompareOptions(similarityThreshold: [0.6, 0.8][round % 2], yearShift: [nil, 0, 1][round % 3])

            // compare(a, a) is empty (with a shift of 1, every year would be one too few).
            for shift in [nil, 0] as [Int?] {
                let selfOptions = CompareOptions(similarityThreshold: options.similarityThreshold, yearShift: shift)
                #expect(Comparison.compare(a: a, b: a, options: selfOptions).isEmpty, "\(context)")
            }

            // The report does not depend on the order of the input arrays.
            let r = Comparison.compare(a: a, b: b, options: options)
            let shuffled = Comparison.compare(a: shuffle(a, seed: seed &+ UInt64(round)),
                                              b: shuffle(b, seed: seed &* 7 &+ UInt64(round)), options: options)
            #expect(r == shuffled, "\(context): shuffled input changed the report")
            #expect(JSONRenderer.render(r) == JSONRenderer.render(shuffled), "\(context)")

            // compare(b, a) mirrors compare(a, b).
            let mirrorOptions = CompareOptions(similarityThreshold: options.similarityThreshold,
                                               yearShift: options.yearShift.map { -$0 })
            checkMirror(r, Comparison.compare(a: b, b: a, options: mirrorOptions), exactTexts: false, context: context)

            // JSON reads back to the same report.
            #expect(try JSONRenderer.decode(JSONRenderer.render(r)) == r, "\(context)")
        }
    }

    func shuffle(_ s: Snapshot, seed: UInt64) -> Snapshot {
        var rng = SeededRNG(seed: seed)
        var projects = s.projects.shuffled(using: &rng)
        for k in projects.indices { projects[k].indicators.shuffle(using: &rng) }
        return Snapshot(label: s.label, projects: projects, budgets: s.budgets.shuffled(using: &rng))
    }

    func randomSnapshot(_ rng: inout SeededRNG, label: String, year: Int) -> Snapshot {
        let stems = ["信息系统", "信息系统平台", "应用助手项目", "校舍维修", "校舍维修工程", "设备购置", "教师培训经费", "教师培训"]
        let suffixes = ["", "(\(year)运维)", "（第二年）", "（第三年）"]
        let pool = [("产出目标/数量目标/参训人数", ["≥100人", "≥120人", "100人"]),
                    ("产出指标/数量指标/参训人数", ["≥100人", "≥90人"]),
                    ("产出目标/质量目标/合格率", ["≥90%", "≥95%", "≤90%", "较好"]),
                    ("效果目标/满意度/教师满意度", ["≥90%", "90%"]),
                    ("效果目标/满意度/教师满意度调查", ["≥90%"])]
        let goals = ["完成培训；提高质量。", "完成培训；加强督导。", "按时完成", "及时完成"]
        let units = ["甲单位", "乙单位"]
        var seen = Set<[String]>()
        var projects: [ProjectForm] = []
        for n in 0..<Int.random(in: 0...6, using: &rng) {
            let name = stems.randomElement(using: &rng)! + suffixes.randomElement(using: &rng)!
            let unit = units.randomElement(using: &rng)!
            guard seen.insert([unit, name]).inserted else { continue }
            let indicators = (0..<Int.random(in: 0...4, using: &rng)).map { k in
                let (path, targets) = pool.randomElement(using: &rng)!
                return indicator(path, target(targets.randomElement(using: &rng)!), line: k)
            }
            let y = Bool.random(using: &rng) ? year : 2022
            var p = project(name, unit: unit, year: y,
                            annual: Bool.random(using: &rng) ? "\(Int.random(in: 1...3, using: &rng) * 1000).00" : nil,
                            total: Bool.random(using: &rng) ? "5000.00" : nil, indicators: indicators,
                            start: Bool.random(using: &rng) ? "\(y)-01-01" : "2022-03-01", end: "\(y)-12-31",
                            goalPeriod: "(\(y) 年-\(y)年)", annualGoal: goals.randomElement(using: &rng)!,
                            department: Bool.random(using: &rng) ? "闵行区教育局" : nil)
            p.source = SourceSpan(file: "\(label).txt", firstLine: n, lastLine: n)
            projects.append(p)
        }
        let rows = (0..<Int.random(in: 0...4, using: &rng)).map { k in
            row(["205 08 01", "205 08 02", nil].randomElement(using: &rng)!, ["合计", "培训"].randomElement(using: &rng)!,
                [["1.00", "2.00", nil].randomElement(using: &rng)!, "1.00"], line: k)
        }
        let budgets = units.filter { _ in Bool.random(using: &rng) }.map { budget($0, year: year, rows: rows) }
        return Snapshot(label: label, projects: projects, budgets: budgets)
    }
}

/// Checks that `m` (compare(b, a)) mirrors `r` (compare(a, b)): added and removed swap, renames
/// and changes swap sides, deltas are negated, raised and lowered swap.
func checkMirror(_ r: ComparisonReport, _ m: ComparisonReport, exactTexts: Bool, context: String) {
    #expect(m.from == r.to && m.to == r.from, "\(context)")
    #expect(m.projects.added == r.projects.removed, "\(context): added/removed")
    #expect(m.projects.removed == r.projects.added, "\(context): removed/added")
    #expect(Set(m.projects.renamed.map { [$0.to, $0.from] }) == Set(r.projects.renamed.map { [$0.from, $0.to] }), "\(context)")
    #expect(m.projects.changed.count == r.projects.changed.count, "\(context): changed count")
    for c in r.projects.changed {
        guard let d = m.projects.changed.first(where: { $0.from == c.to && $0.to == c.from }) else {
            Issue.record("\(context): no mirror of \(c.from.name) → \(c.to.name)"); continue
        }
        #expect(d.match == c.match, "\(context)")
        #expect(d.amount.delta == -c.amount.delta, "\(context)")
        #expect(d.funds.map(\.kind) == c.funds.map(\.kind), "\(context)")
        #expect(d.funds.map(\.delta) == c.funds.map { -$0.delta }, "\(context)")
        #expect(d.funds.map(\.from) == c.funds.map(\.to), "\(context)")
        #expect(d.indicators.added == c.indicators.removed, "\(context): indicators added")
        #expect(d.indicators.removed == c.indicators.added, "\(context): indicators removed")
        #expect(Set(d.indicators.renamed.map { [$0.to, $0.from] }) == Set(c.indicators.renamed.map { [$0.from, $0.to] }), "\(context)")
        let mirroredTargets = c.indicators.changed.map { i -> [String] in
            let kind: String
            switch i.target?.kind {
            case .raised: kind = "lowered"
            case .lowered: kind = "raised"
            case let k: kind = k?.rawValue ?? ""
            }
            return [i.from, i.to, i.target?.to ?? "", i.target?.from ?? "", kind]
        }
        #expect(d.indicators.changed.map { [$0.to, $0.from, $0.target?.from ?? "", $0.target?.to ?? "", $0.target?.kind.rawValue ?? ""] }
            .sorted { $0.lexicographicallyPrecedes($1) } == mirroredTargets.sorted { $0.lexicographicallyPrecedes($1) },
            "\(context): indicator targets")
        #expect(d.fields.map(\.field) == c.fields.map(\.field), "\(context)")
        #expect(d.fields.map(\.from) == c.fields.map(\.to), "\(context)")
        if exactTexts {
            #expect(d.fields.map(\.removed) == c.fields.map(\.added), "\(context)")
        }
        #expect(d.breakdown.map(\.key) == c.breakdown.map(\.key), "\(context)")
    }
    #expect(m.totals.overall.delta == -r.totals.overall.delta, "\(context)")
    #expect(m.totals.units.map(\.delta) == r.totals.units.map { -$0.delta }, "\(context)")
    #expect(m.budgetLines.added == r.budgetLines.removed, "\(context): budget lines")
    #expect(m.budgetLines.removed == r.budgetLines.added, "\(context): budget lines")
    #expect(m.budgetLines.changed.map(\.label).count == r.budgetLines.changed.count, "\(context)")
    #expect(m.budgetLines.changed.flatMap { $0.columns.map(\.delta) } == r.budgetLines.changed.flatMap { $0.columns.map { -$0.delta } },
            "\(context): budget deltas")
    #expect(m.summary.projects.added == r.summary.projects.removed && m.summary.projects.changed == r.summary.projects.changed,
            "\(context)")
    #expect(m.summary.indicators.added == r.summary.indicators.removed, "\(context)")
}

/// Counts-only comparisons (``CompareOptions/countsOnly``) take their own way to the counts
/// (`ProjectDiff.summary`, `BudgetLineDiff.counts`): it must count exactly what the full report
/// lists.
@Suite struct CountsOnlyComparisonTests {
    /// A form with something in every compared part.
    static let base: ProjectForm = {
        var p = project("教师培训", unit: "甲单位", year: 2022, annual: "1000.00", total: "5000.00",
                        indicators: [indicator("产出目标/数量目标/参训人数", target("≥100人")),
                                     indicator("产出目标/质量目标/合格率", target("≥90%"), note: "计划目标"),
                                     indicator("效果目标/满意度/教师满意度", target("较好"))],
                        start: "2022-01-01", end: "2022-12-31", goalPeriod: "(2022 年-2022年)",
                        annualGoal: "完成培训；提高质量。", department: "闵行区教育局",
                        breakdown: [CostItem(name: "培训", content: "授课", detail: "讲课费", amount: yuan("1000.00"), line: 1)])
        p.categories = ["专项资金", "一次性项目"]
        p.attributes = [LabeledText(label: "项目性质", text: "经常性项目")]
        p.overallGoal = "提升教师专业素养。"
        p.details = [LabeledText(label: "依据", text: "区教育局年度工作要点"), LabeledText(label: "依据", text: "学校发展规划")]
        p.guarantees = [Guarantee(category: "项目管理制度", document: "管理办法", measures: "专人负责",
                                  stages: [StageMark(stage: "立项和计划阶段", mark: "√")], line: 1)]
        return p
    }()

    /// `base` with a few random edits, each of one compared part (often none, often one).
    static func edited(_ rng: inout SeededRNG) -> ProjectForm {
        var p = base
        func maybe(_ edit: (inout ProjectForm) -> Void) { if Int.random(in: 0..<25, using: &rng) == 0 { edit(&p) } }
        maybe { $0.funds[0].amount = yuan("6000.00") }
        maybe { $0.funds.removeLast() }
        maybe { $0.indicators[0].target = target("≥120人") }
        maybe { $0.indicators[1].note = nil }
        maybe { $0.indicators[1].note = "" }
        maybe { $0.indicators.remove(at: 2) }
        maybe { $0.indicators.append(indicator("效果目标/满意度/家长满意度", target("≥90%"))) }
        maybe { $0.indicators[0].level1 = "产出指标" }
        maybe { $0.indicators[$0.indicators.count - 1].level3 = "教师满意度调查" }
        maybe { $0.indicators[0].line = 7 }
        maybe { $0.indicators.swapAt(0, 1) }
        maybe { $0.unit = "乙单位" }
        maybe { $0.year = 2023 }
        maybe { $0.department = nil }
        maybe { $0.department = "" }
        maybe { $0.categories.reverse() }
        maybe { $0.categories = ["专项资金、一次性项目"] }  // joins the same: no change
        maybe { $0.categories.removeLast() }
        maybe { $0.attributes[0].text = "一次性项目" }
        maybe { $0.attributes.append(LabeledText(label: "项目性质", text: "经常性项目")) }
        maybe { $0.startDate = "2023-01-01"; $0.endDate = "2023-12-31"; $0.goalPeriod = "(2023年-2023年)" }
        maybe { $0.startDate = "2022-03-01" }
        maybe { $0.goalPeriod = nil }
        maybe { $0.overallGoal = "提升教师专业素养；加强督导。" }
        maybe { $0.annualGoal = "" }
        maybe { $0.details[0].text = "区教育局工作要点" }
        maybe { $0.details[1].text = "学校三年发展规划" }
        maybe { $0.details.removeFirst() }
        maybe { $0.breakdown[0].quantity = "10次" }
        maybe { $0.breakdown.append(CostItem(name: "培训", content: "场地", detail: "租金", amount: nil, line: 2)) }
        maybe { $0.guarantees[0].stages[0].mark = "" }
        maybe { $0.guarantees = [] }
        maybe { $0.contacts = [Contact(role: "项目负责人", name: "张三", phone: nil)] }
        maybe { $0.source = SourceSpan(file: "other.txt", firstLine: 9, lastLine: 99) }
        return p
    }

    @Test(arguments: propertySeeds)
    func projectSummaryAgreesWithDiff(seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        var changed = 0, unchanged = 0
        for round in 0..<300 {
            let x = Bool.random(using: &rng) ? Self.base : Self.edited(&rng), y = Self.edited(&rng)
            for shift in [nil, 0, 1] as [Int?] {
                let d = ProjectDiff.diff(x, y, yearShift: shift)
                let s = ProjectDiff.summary(x, y, yearShift: shift)
                let context = "seed \(seed) round \(round) shift \(String(describing: shift))"
                #expect(s.changed == !d.isEmpty, "\(context): \(d)")
                #expect(s.indicators == Summary.Counts(added: d.indicators.added.count, removed: d.indicators.removed.count,
                                                       renamed: d.indicators.renamed.count, changed: d.indicators.changed.count),
                        "\(context)")
                if d.isEmpty { unchanged += 1 } else { changed += 1 }
            }
        }
        // Both outcomes, and changes found by each part alone, occur.
        #expect(changed > 100 && unchanged > 50, "seed \(seed): \(changed) changed, \(unchanged) unchanged")
    }

    /// Each kind of edit alone: the summary finds it (or, for what is not compared, does not).
    @Test func eachPartAloneCounts() {
        var rng = SeededRNG(seed: 7)
        var seen = Set<[String]>()
        for round in 0..<3000 {
            let y = Self.edited(&rng), shift = round % 2 == 0 ? nil : 0
            let d = ProjectDiff.diff(Self.base, y, yearShift: shift)
            let kinds = (d.funds.isEmpty ? [] : ["funds"]) + (d.indicators.isEmpty ? [] : ["indicators"])
                + d.fields.map(\.field) + (d.breakdown.isEmpty ? [] : ["breakdown"]) + (d.guarantees.isEmpty ? [] : ["guarantees"])
            guard kinds.count <= 1, seen.insert(kinds).inserted else { continue }
            #expect(ProjectDiff.summary(Self.base, y, yearShift: shift).changed == !kinds.isEmpty, "\(kinds)")
        }
        // Every part was met alone at least once.
        for part in ["funds", "indicators", "unit", "year", "department", "categories", "attributes.项目性质",
                     "startDate", "goalPeriod", "overallGoal", "annualGoal", "details.依据", "breakdown", "guarantees"] {
            #expect(seen.contains([part]), "\(part) never changed alone")
        }
        #expect(seen.contains([]))
    }

    @Test(arguments: propertySeeds)
    func countsOnlyReportHasTheFullSummary(seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        let snapshots = ComparisonTests()
        for round in 0..<15 {
            let a = snapshots.randomSnapshot(&rng, label: "A", year: 2022), b = snapshots.randomSnapshot(&rng, label: "B", year: 2023)
            for shift in [nil, 0, 1] as [Int?] {
                let full = Comparison.compare(a: a, b: b, options: CompareOptions(similarityThreshold: 0.6, yearShift: shift))
                let counts = Comparison.compare(a: a, b: b, options: CompareOptions(similarityThreshold: 0.6, yearShift: shift, countsOnly: true))
                let context = "seed \(seed) round \(round)"
                #expect(counts.summary == full.summary, "\(context)")
                #expect(counts.totals == full.totals, "\(context)")
                #expect(counts.projects == ProjectChanges(added: [], removed: [], renamed: [], changed: []), "\(context)")
                #expect(counts.budgetLines == BudgetLineChanges(added: [], removed: [], changed: []), "\(context)")
            }
        }
        let full = Comparison.compare(a: Sample.a, b: Sample.b)
        #expect(Comparison.compare(a: Sample.a, b: Sample.b, options: CompareOptions(countsOnly: true)).summary == full.summary)
    }

    @Test func budgetLineCountsAgreeWithDiff() {
        let a = [budget("单位", year: 2022, rows: [
            row(nil, "合计", ["100.00", "60.00", "40.00"]),
            row("205 08 01", "进修及培训", ["100.00", "60.00", "40.00"]),
            row("205 08 02", "干部教育", ["1.00", nil, "1.00"]),
            row("205 08 04", "其他", ["1.00"]),
            row("205 08 05", "不变", ["1.00", "1.00", nil]),
        ])]
        let b = [budget("单位", year: 2023, rows: [
            row(nil, "合计", ["130.00", "60.00", "70.00"]),
            row("205 08 01", "进修与培训", ["100.00", "60.00", "40.00"]),
            row("205 08 03", "培训支出", ["30.00", nil, "30.00"]),
            row("205 08 04", "其他", ["1.00", nil, nil]),
            row("205 08 05", "不变", ["1.00", "1.00"]),
        ])]
        let d = BudgetLineDiff.diff(a, b)
        #expect(BudgetLineDiff.counts(a, b) == Summary.LineCounts(added: d.added.count, removed: d.removed.count, changed: d.changed.count))
        #expect(BudgetLineDiff.counts(a, b) == Summary.LineCounts(added: 1, removed: 1, changed: 2))
        // A column only on one side: its amounts appear or vanish.
        var c = b
        c[0].tables[0].columns.append("其他资金")
        c[0].tables[0].rows[4].amounts = [yuan("1.00"), yuan("1.00"), nil, yuan("2.00")]
        let e = BudgetLineDiff.diff(a, c)
        #expect(BudgetLineDiff.counts(a, c) == Summary.LineCounts(added: e.added.count, removed: e.removed.count, changed: e.changed.count))
        #expect(e.changed.count == 3)
    }
}
