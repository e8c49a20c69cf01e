import BudgitModel

/// The money a unit's budget is made of in one year; evolves year over year.
struct BudgetState: Sendable {
    /// Wages (人员经费 of the school itself), in fen.
    var wages: Int64
    /// 公用经费 as permille of wages.
    var publicPermille: Int
    /// 事业单位离退休 / 离休费, in fen.
    var retire: Int64
    /// Whether each optional group of functional codes is printed.
    var groupsOn: [Bool]
    /// 公务接待费 and 公务用车运行维护费 as permille of 公用经费 (rounded to 0.01 万元).
    var receptionPermille: Int
    var carRunPermille: Int
    /// Share of project money booked under the school-level codes (the rest under 205 09 99), %.
    var levelProjectPercent: Int

    init(rng r: inout CorpusRandom) {
        wages = Int64(r.int(500...6000)) * 1_000_000 + Int64(r.below(1_000_000))
        publicPermille = r.int(80...180)
        retire = r.chance(permille: 600) ? Int64(r.int(3_000...15_000)) * 100 + Int64(r.below(100)) : 0
        groupsOn = (0..<BudgetCatalog.optionalGroups).map { _ in r.chance(permille: 400) }
        receptionPermille = r.int(0...10)
        carRunPermille = r.int(0...30)
        levelProjectPercent = r.int(30...70)
    }

    mutating func evolve(rng r: inout CorpusRandom) {
        wages = wages * Int64(1000 + r.int(-30...60)) / 1000
        publicPermille = max(60, min(200, publicPermille + r.int(-10...10)))
        if retire > 0 { retire = retire * Int64(1000 + r.int(-50...50)) / 1000 }
        for g in groupsOn.indices where r.chance(permille: 50) { groupsOn[g].toggle() }
        levelProjectPercent = max(20, min(80, levelProjectPercent + r.int(-5...5)))
    }
}

/// A generated unit budget: the raw text (seed 001's layout, lines 1–392) and the model an
/// importer should read from it.
public struct GeneratedBudget: Sendable {
    public var text: String
    public var expected: UnitBudget
    /// Number of table rows (budget lines) in `expected`.
    public var lineCount: Int { expected.tables.reduce(0) { $0 + $1.rows.count } }
}

/// Prints a 2020-layout unit budget (`闵行区YYYY年区级单位预算`) for a unit and year.
enum UnitBudgetGenerator {
    /// One printed table line and the model rows it stands for.
    struct Line {
        var cells: [String]
        var rows: [BudgetRow]
    }

    struct Table {
        var number: Int
        var title: String
        /// 0 bare, 1 `#`, 2 `##`.
        var heading: Int
        var unit: Money.SourceUnit
        var header: [String]
        var lines: [Line]
        var repeatHeader: Bool
        var remark: String?
    }

    static func generate(unit: String, year: Int, state: BudgetState, projectTotal: Money, projectCount: Int,
                         rng: CorpusRandom) -> GeneratedBudget {
        var r = rng
        let level = CorpusVocabulary.schoolLevel(unit)
        let w = state.wages
        let g = w * Int64(state.publicPermille) / 1000
        let pension = w * 147 / 1000, annuity = w * 735 / 10_000
        let medical = w * 87 / 1000, medSub = w * 37 / 1000, housing = w * 64 / 1000
        let retire = state.retire
        let p = projectTotal.fen
        // 三公: multiples of 0.01 万元 (100 元).
        let reception = g * Int64(state.receptionPermille) / 1000 / 10_000 * 10_000
        let carRun = g * Int64(state.carRunPermille) / 1000 / 10_000 * 10_000

        // Functional leaves: (personnel, public, project) by catalog index.
        let cat = BudgetCatalog.functional
        var leaf = [(Int64, Int64, Int64)](repeating: (0, 0, 0), count: cat.count)
        func index(_ parts: [String]) -> Int { cat.firstIndex { $0.parts == parts }! }
        let levelCodes: [(String, Int64)]
        switch level {
        case .kindergarten: levelCodes = [("01", 1000)]
        case .primary: levelCodes = [("02", 1000)]
        case .nineYear: levelCodes = [("02", 550), ("03", 450)]
        case .secondary: levelCodes = [("03", 500), ("04", 500)]
        }
        let pLevel = p * Int64(state.levelProjectPercent) / 100
        var restW = w, restG = g, restP = pLevel
        for (k, (code, share)) in levelCodes.enumerated() {
            let last = k == levelCodes.count - 1
            let cw = last ? restW : w * share / 1000, cg = last ? restG : g * share / 1000
            let cp = last ? restP : pLevel * share / 1000
            restW -= cw; restG -= cg; restP -= cp
            leaf[index(["205", "02", code])] = (cw, cg, cp)
        }
        leaf[index(["205", "09", "99"])] = (0, 0, p - pLevel)
        leaf[index(["208", "05", "02"])] = (retire, 0, 0)
        leaf[index(["208", "05", "05"])] = (pension, 0, 0)
        leaf[index(["208", "05", "06"])] = (annuity, 0, 0)
        leaf[index(["210", "11", "02"])] = (medical, 0, 0)
        leaf[index(["210", "11", "03"])] = (medSub, 0, 0)
        leaf[index(["221", "02", "01"])] = (housing, 0, 0)

        // Printed functional rows with parent sums.
        let printed = cat.indices.filter { cat[$0].group.map { state.groupsOn[$0] } ?? true }
        func sums(_ i: Int) -> (Int64, Int64, Int64) {
            let parts = cat[i].parts
            var s: (Int64, Int64, Int64) = (0, 0, 0)
            for j in printed where cat[j].parts.count == 3 && Array(cat[j].parts.prefix(parts.count)) == parts {
                s.0 += leaf[j].0; s.1 += leaf[j].1; s.2 += leaf[j].2
            }
            return s
        }
        let functionalRows: [(code: [String], name: String, basic: Int64, project: Int64)] = printed.map {
            let s = sums($0)
            return (cat[$0].parts, cat[$0].name, s.0 + s.1, s.2)
        }
        let personnel = w + pension + annuity + medical + medSub + housing + retire
        let grand = personnel + g + p
        func m(_ fen: Int64) -> Money { Money(fen: fen) }

        // Economic rows (table 7).
        let eco = BudgetCatalog.economic
        var ecoLeaf = [(Int64, Int64)](repeating: (0, 0), count: eco.count)
        var wagesLeft = w, publicLeft = g
        for (i, e) in eco.enumerated() where e.parts.count == 2 {
            let wageRow = e.parts[0] == "301" || e.parts[0] == "303"
            var v: Int64 = 0
            switch e.share {
            case 0, -1, -9: continue
            case -2: v = pension
            case -3: v = annuity
            case -4: v = medical
            case -5: v = medSub
            case -6: v = housing
            case -7: v = reception
            case -8: v = carRun
            case -10: v = retire
            default: v = (wageRow ? w : g) * Int64(e.share) / 1000
            }
            if wageRow {
                ecoLeaf[i] = (v, 0)
                if e.share > 0 { wagesLeft -= v }
            } else {
                ecoLeaf[i] = (0, v)
                publicLeft -= v
            }
        }
        ecoLeaf[eco.firstIndex { $0.parts == ["301", "07"] }!] = (wagesLeft, 0)
        ecoLeaf[eco.firstIndex { $0.parts == ["302", "99"] }!] = (0, publicLeft)

        // Table lines.
        let integerRows = r.chance(permille: 300)
        func cell(_ fen: Int64, row whole: Bool) -> String {
            whole ? "\(fen / 100)" : m(fen).description
        }
        func rowIsWhole(_ values: [Int64]) -> Bool {
            integerRows && values.allSatisfy { $0 % 100 == 0 } && r.chance(permille: 40)
        }

        var tables: [Table] = []
        let y = "\(year)"

        // Table 1.
        let incomes1: [(String, Int64?)] = [("一、财政拨款收入", grand), ("1、一般公共预算资金", grand), ("2、政府性基金", nil),
                                            ("二、事业收入", nil), ("三、事业单位经营收入", nil), ("四、其他收入", nil)]
        func classAmounts(_ code: String) -> (Int64, Int64, Int64, Int64) {
            // 合计, 人员经费, 公用经费, 项目支出
            var pers: Int64 = 0, pub: Int64 = 0, proj: Int64 = 0
            for j in printed where cat[j].parts.count == 3 && cat[j].parts[0] == code {
                pers += leaf[j].0; pub += leaf[j].1; proj += leaf[j].2
            }
            return (pers + pub + proj, pers, pub, proj)
        }
        var lines1: [Line] = []
        for (k, cls) in BudgetCatalog.classes.enumerated() {
            var cells = ["", ""]
            var rows: [BudgetRow] = []
            if k < incomes1.count {
                let (name, amount) = incomes1[k]
                cells = [name, amount.map { m($0).description } ?? ""]
                rows.append(BudgetRow(code: nil, name: name, amounts: [amount.map(m), nil, nil, nil, nil], side: "income", line: 0))
            }
            cells.append(cls.name)
            if let code = cls.code {
                let a = classAmounts(code)
                let values = [a.0, a.1, a.2, a.3]
                let whole = rowIsWhole(values)
                cells += values.map { cell($0, row: whole) }
                rows.append(BudgetRow(code: nil, name: cls.name, amounts: [nil] + values.map(m), side: "expenditure", line: 0))
            } else {
                cells += ["", "", "", ""]
                rows.append(BudgetRow(code: nil, name: cls.name, amounts: [nil, nil, nil, nil, nil], side: "expenditure", line: 0))
            }
            lines1.append(Line(cells: cells, rows: rows))
        }
        lines1.append(Line(cells: ["收入总计", m(grand).grouped, "支出总计", m(grand).grouped, m(personnel).grouped, m(g).grouped, m(p).grouped],
                           rows: [BudgetRow(code: nil, name: "收入总计", amounts: [m(grand), nil, nil, nil, nil], side: "income", line: 0),
                                  BudgetRow(code: nil, name: "支出总计", amounts: [nil, m(grand), m(personnel), m(g), m(p)], side: "expenditure", line: 0)]))
        tables.append(Table(number: 1, title: "\(y)年单位财务收支预算总表", heading: 1, unit: .yuan,
                            header: ["本年收入\t\t本年支出\t\t\t\t", "项目\t预算数\t项目\t预算数\t\t\t",
                                     "\t\t\t合计\t基本支出\t\t项目支出", "\t\t\t\t人员经费\t公用经费\t"],
                            lines: lines1, repeatHeader: false, remark: nil))

        // Tables 2, 3, 5: functional codes.
        func codeCells(_ parts: [String]) -> [String] { parts + Array(repeating: "", count: 3 - parts.count) }
        func functionalTable(number: Int, title: String, heading: Int, header: [String], repeatHeader: Bool,
                             columns: (Int64, Int64, Int64) -> [Int64], width: Int) -> Table {
            var lines: [Line] = []
            for row in functionalRows {
                let total = row.basic + row.project
                if total == 0 {
                    lines.append(Line(cells: codeCells(row.code) + [row.name] + Array(repeating: "", count: width),
                                      rows: [BudgetRow(code: ClassificationCode(parts: row.code), name: row.name,
                                                       amounts: Array(repeating: nil, count: width), line: 0)]))
                } else {
                    let values = columns(total, row.basic, row.project)
                    let whole = rowIsWhole(values)
                    lines.append(Line(cells: codeCells(row.code) + [row.name] + values.map { cell($0, row: whole) },
                                      rows: [BudgetRow(code: ClassificationCode(parts: row.code), name: row.name,
                                                       amounts: values.map(m), line: 0)]))
                }
            }
            let totals = columns(grand, personnel + g, p)
            lines.append(Line(cells: ["合计", "", "", ""] + totals.map { $0 == 0 ? "-" : m($0).grouped },
                              rows: [BudgetRow(code: nil, name: "合计", amounts: totals.map(m), line: 0)]))
            return Table(number: number, title: title, heading: heading, unit: .yuan, header: header, lines: lines,
                         repeatHeader: repeatHeader, remark: nil)
        }
        tables.append(functionalTable(
            number: 2, title: "\(y)年单位收入预算总表", heading: 2,
            header: ["项目\t\t\t\t收入预算\t\t\t\t", "功能分类科目编码\t\t\t功能分类科目名称\t合计\t财政拨款收入\t事业收入\t事业单位经营收入\t其他收入",
                     "类\t款\t项\t\t\t\t\t\t"],
            repeatHeader: false, columns: { t, _, _ in [t, t, 0, 0, 0] }, width: 5))
        tables.append(functionalTable(
            number: 3, title: "\(y)年单位支出预算总表", heading: 2,
            header: ["项目\t\t\t\t支出预算\t\t", "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出", "类\t款\t项\t\t\t\t"],
            repeatHeader: false, columns: { t, b, pr in [t, b, pr] }, width: 3))

        // Table 4.
        let incomes4: [(String, Int64?)] = [("一、一般公共预算资金", grand), ("二、政府性基金", nil)]
        let splitName = r.chance(permille: 300) ? r.below(BudgetCatalog.classes.count) : nil
        let truncated = r.chance(permille: 300) ? r.below(BudgetCatalog.classes.count) : nil
        let splitDraw = r.below(1000)
        var lines4: [Line] = []
        for (k, cls) in BudgetCatalog.classes.enumerated() {
            var cells = ["", ""]
            var rows: [BudgetRow] = []
            if k < incomes4.count {
                let (name, amount) = incomes4[k]
                cells = [name, amount.map { m($0).description } ?? ""]
                rows.append(BudgetRow(code: nil, name: name, amounts: [amount.map(m), nil, nil, nil], side: "income", line: 0))
            }
            var printedName = cls.name
            if k == splitName {
                let chars = Array(cls.name)
                let start = (chars.firstIndex(of: "、") ?? 0) + 2
                if start < chars.count - 1 {
                    let at = start + splitDraw % (chars.count - 1 - start)
                    printedName = String(chars[..<at]) + " " + String(chars[at...])
                }
            } else if k == truncated, cls.code == nil {
                let chars = Array(cls.name)
                let ordinalEnd = (chars.firstIndex(of: "、") ?? 0) + 1
                let keep = ordinalEnd + 2 + splitDraw % 3
                if keep < chars.count - 2 { printedName = String(chars[..<keep]) }
            }
            cells.append(printedName)
            if let code = cls.code {
                let a = classAmounts(code).0
                let whole = rowIsWhole([a])
                cells += whole ? ["\(a / 100)", "\(a / 100)", "0"] : [m(a).description, m(a).description, "0.00"]
                rows.append(BudgetRow(code: nil, name: cls.name, amounts: [nil, m(a), m(a), .zero], side: "expenditure", line: 0))
            } else {
                cells += ["", "", ""]
                rows.append(BudgetRow(code: nil, name: cls.name, amounts: [nil, nil, nil, nil], side: "expenditure", line: 0))
            }
            lines4.append(Line(cells: cells, rows: rows))
        }
        lines4.append(Line(cells: ["收入总计", m(grand).grouped, "支出总计", m(grand).grouped, m(grand).grouped, "-"],
                           rows: [BudgetRow(code: nil, name: "收入总计", amounts: [m(grand), nil, nil, nil], side: "income", line: 0),
                                  BudgetRow(code: nil, name: "支出总计", amounts: [nil, m(grand), m(grand), .zero], side: "expenditure", line: 0)]))
        tables.append(Table(number: 4, title: "\(y)年单位财政拨款收支预算总表", heading: 1, unit: .yuan,
                            header: ["财政拨款收入\t\t财政拨款支出\t\t\t", "项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算"],
                            lines: lines4, repeatHeader: false, remark: nil))

        tables.append(functionalTable(
            number: 5, title: "\(y)年单位一般公共预算支出功能分类预算表", heading: 0,
            header: ["项目\t\t\t\t一般公共预算支出\t\t", "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出", "类\t款\t项\t\t\t\t"],
            repeatHeader: true, columns: { t, b, pr in [t, b, pr] }, width: 3))

        // Table 6: no government fund budget.
        tables.append(Table(number: 6, title: "\(y)年单位政府性基金预算支出功能分类预算表", heading: 0, unit: .yuan,
                            header: ["项目\t\t\t\t政府性基金预算支出\t\t", "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出",
                                     "类\t款\t项\t\t\t\t"],
                            lines: [Line(cells: ["合计", "", "", "", "", "", ""],
                                         rows: [BudgetRow(code: nil, name: "合计", amounts: [nil, nil, nil], line: 0)])],
                            repeatHeader: false, remark: "\(y)年本单位无政府性基金预算"))

        // Table 7: economic classification of basic expenditure.
        var lines7: [Line] = []
        for (i, e) in eco.enumerated() {
            var pers: Int64 = 0, pub: Int64 = 0
            if e.parts.count == 1 {
                for (j, f) in eco.enumerated() where f.parts.count == 2 && f.parts[0] == e.parts[0] {
                    pers += ecoLeaf[j].0; pub += ecoLeaf[j].1
                }
            } else {
                (pers, pub) = ecoLeaf[i]
            }
            let code = e.parts + (e.parts.count == 1 ? [""] : [])
            if pers + pub == 0 {
                lines7.append(Line(cells: code + [e.name, "", "", ""],
                                   rows: [BudgetRow(code: ClassificationCode(parts: e.parts), name: e.name, amounts: [nil, nil, nil], line: 0)]))
            } else {
                let values = [pers + pub, pers, pub]
                let whole = rowIsWhole(values)
                lines7.append(Line(cells: code + [e.name] + values.map { cell($0, row: whole) },
                                   rows: [BudgetRow(code: ClassificationCode(parts: e.parts), name: e.name, amounts: values.map(m), line: 0)]))
            }
        }
        let basic = personnel + g
        lines7.append(Line(cells: ["合计", "", "", m(basic).grouped, m(personnel).grouped, m(g).grouped],
                           rows: [BudgetRow(code: nil, name: "合计", amounts: [m(basic), m(personnel), m(g)], line: 0)]))
        tables.append(Table(number: 7, title: "\(y)年单位一般公共预算基本支出部门预算经济分类预算表", heading: 0, unit: .yuan,
                            header: ["项目\t\t\t一般公共预算基本支出\t\t", "经济分类科目编码\t\t部门经济分类科目名称\t合计\t人员经费\t公用经费",
                                     "类\t款\t\t\t\t"],
                            lines: lines7, repeatHeader: false, remark: nil))

        // Table 8: 三公 in 万元.
        let sanGong = [reception + carRun, 0, reception, carRun, 0, carRun, 0].map(m)
        tables.append(Table(number: 8, title: "\(y)年单位“三公”经费和机关运行经费预算表", heading: 1, unit: .wanYuan,
                            header: ["\(y)年“三公”经费预算数\t\t\t\t\t\t\(y)年机关运行经费预算数",
                                     "合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\t", "\t\t\t小计\t购置费\t运行费\t"],
                            lines: [Line(cells: sanGong.map { AmountText.wan($0, style: .plain) },
                                         rows: [BudgetRow(code: nil, name: "", amounts: sanGong, line: 0)])],
                            repeatHeader: false, remark: nil))

        // Text.
        var out = "\n\n# 闵行区\(y)年区级单位预算\n\n预算单位：\(unit)\n\n# 目 录\n\n"
        out += ["一、单位主要职能", "二、单位机构设置", "三、名词解释", "四、单位预算编制说明", "五、单位预算表"].map { "- \($0)\n" }.joined()
        for t in tables { out += "  - \(t.number). \(t.title)\n" }
        out += "- 六、其他相关情况说明\n\n"
        out += "## \(unit)主要职能\n\n\(unit)是闵行区教育局所属全额拨款事业单位，主要承担本校（园）的教育教学、德育、课程建设与师资队伍建设等工作，落实区域教育改革发展任务。\n\n"
        out += "## \(unit)机构设置\n\n\(unit)内设校长室、党支部、教导处、德育处、总务处等部门，教职工\(w / 15_000_000)人。\n\n"
        out += "## 名词解释\n\n（一）基本支出预算：是区级预算主管部门及所属预算单位为保障其机构正常运转、完成日常工作任务而编制的年度基本支出计划，包括人员经费和公用经费两部分。\n\n（二）项目支出预算：是区级预算主管部门及所属预算单位为完成行政工作任务、事业发展目标或政府发展战略、特定目标，在基本支出之外编制的年度项目支出计划。\n\n"
        out += "## \(y)年单位预算编制说明\n\n\(y)年，\(unit)预算支出总额为\(wan2(grand))万元，其中：财政拨款支出预算\(wan2(grand))万元，基本支出\(wan2(basic))万元，项目支出\(wan2(p))万元。\n\n"
        let breakSeed = r.next()
        for (ti, t) in tables.enumerated() {
            switch t.heading {
            case 1: out += "# \(t.title)\n\n"
            case 2: out += "## \(t.title)\n\n"
            default: out += "\(t.title)\n\n"
            }
            out += "单位：\(t.unit == .yuan ? "元" : "万元")\n\n"
            for h in t.header { out += h; out += "\n" }
            // Page breaks every 16–26 lines, the header repeated after them where the table does.
            var br = CorpusRandom(seed: breakSeed &+ UInt64(ti))
            var untilBreak = br.int(14...26)
            for (k, line) in t.lines.enumerated() {
                if untilBreak == 0 && k < t.lines.count - 1 {
                    out += "\n"
                    if t.repeatHeader { for h in t.header { out += h; out += "\n" } }
                    untilBreak = br.int(16...26)
                }
                untilBreak -= 1
                out += line.cells.joined(separator: "\t")
                out += "\n"
            }
            if let remark = t.remark { out += "\n\(remark)\n" }
            out += "\n"
        }
        out += "## 其他相关情况说明\n\n### 一、\(y)年“三公”经费预算情况说明\n\n\(y)年“三公”经费预算数为\(AmountText.wan(sanGong[0], style: .plain))万元，其中：因公出国（境）费0万元，公务接待费\(AmountText.wan(sanGong[2], style: .plain))万元，公务用车购置及运行费\(AmountText.wan(sanGong[3], style: .plain))万元。\n\n"
        out += "### 二、机关运行经费预算\n\n\(y)年本单位无机关运行经费。\n\n"
        out += "### 三、绩效目标设置情况\n\n\(y)年度，本单位编报绩效目标的项目共\(projectCount)个，涉及项目预算资金\(wan2(p))万元。"

        let expectedTables = tables.map { t in
            BudgetTable(number: t.number, title: t.title, sourceUnit: t.unit, columns: [],
                        rows: t.lines.flatMap(\.rows), remark: t.remark, line: 0)
        }
        let expected = UnitBudget(year: year, unit: unit, title: "闵行区\(y)年区级单位预算", sections: [],
                                  tables: expectedTables, source: SourceSpan(file: "", firstLine: 0, lastLine: 0))
        return GeneratedBudget(text: out, expected: expected)
    }

    /// fen → 万元 with two decimals, rounded half up: `10473.35`.
    static func wan2(_ fen: Int64) -> String {
        let hundredths = (fen + 5_000) / 10_000
        let frac = hundredths % 100
        return "\(hundredths / 100)." + (frac < 10 ? "0" : "") + "\(frac)"
    }
}
