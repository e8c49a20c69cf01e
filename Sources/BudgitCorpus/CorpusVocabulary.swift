/// The words the generated documents are made of: unit names, project topics, indicator names
/// and targets, goal sentences. Modelled on the seeds (Minhang District education bodies).
enum CorpusVocabulary {
    /// Districts and towns of Minhang, used in school names.
    static let places = [
        "莘庄", "七宝", "颛桥", "华漕", "虹桥", "梅陇", "吴泾", "马桥", "浦锦", "古美", "江川", "新虹",
        "浦江", "龙柏", "平阳", "莲花", "田园", "明强", "春申", "景城", "碧江", "北桥", "纪王", "诸翟",
        "友爱", "罗阳", "航华", "万源", "汇贤", "金汇", "闵联", "鹤北", "君莲", "文来", "华坪", "杜行",
        "召稼楼", "曹行", "塘湾", "兰坪", "申莘", "景谷", "七莘", "韩湘", "六一", "向阳", "东苑", "世博",
    ]

    /// School types, by unit-name pattern (index 1… of ``unitName(_:)``).
    static let unitTypes = ["幼儿园", "小学", "实验学校", "中学"]

    /// The name of unit `index` (0-based): `闵行区第三中学`, `闵行区七宝幼儿园`,
    /// `闵行区七宝第二小学` …; distinct for distinct indices.
    static func unitName(_ index: Int) -> String {
        let pattern = index % 5
        let k = index / 5
        if pattern == 0 { return "闵行区第\(chineseNumber(k + 1))中学" }
        let place = places[k % places.count]
        let round = k / places.count
        let type = unitTypes[pattern - 1]
        return round == 0 ? "闵行区\(place)\(type)" : "闵行区\(place)第\(chineseNumber(round + 1))\(type)"
    }

    /// The school level of a unit name, for the functional classification of its budget.
    static func schoolLevel(_ unit: String) -> SchoolLevel {
        if unit.hasSuffix("幼儿园") { return .kindergarten }
        if unit.hasSuffix("小学") { return .primary }
        if unit.hasSuffix("实验学校") { return .nineYear }
        return .secondary
    }

    enum SchoolLevel { case kindergarten, primary, nineYear, secondary }

    /// `1` → `一`, `12` → `十二`, `105` → `一百零五`, up to 9999.
    static func chineseNumber(_ n: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if n < 10 { return digits[n] }
        if n < 20 { return "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
        let units = ["", "十", "百", "千"]
        let s = Array(String(n)).map { Int(String($0))! }
        var out = ""
        var zero = false
        for (i, d) in s.enumerated() {
            let place = s.count - 1 - i
            if d == 0 { zero = true; continue }
            if zero && !out.isEmpty { out += "零" }
            zero = false
            out += digits[d] + units[place]
        }
        return out
    }

    // MARK: Projects

    /// What a project does; decides its name suffixes, indicators and goals.
    enum Kind: Int, CaseIterable, Sendable {
        case service, purchase, maintenance, training, activity, subsidy, construction, information
    }

    /// Project topics (the core of a name) by kind.
    static let topics: [(Kind, [String])] = [
        (.service, ["校园安保服务", "校园保洁服务", "绿化养护服务", "食堂运营管理", "政府购买辅助服务", "课后服务",
                    "校车接送服务", "学生午餐配送", "心理健康咨询服务", "法律顾问服务", "财务代理记账服务",
                    "档案整理服务", "宿舍管理服务", "医务室运营", "学生体检服务"]),
        (.purchase, ["图书资料购置", "实验室设备更新", "体育器材购置", "教学仪器购置", "课桌椅更新",
                     "空调设备更新", "音乐器材购置", "美术教室设备购置", "录播教室设备购置", "直饮水设备购置",
                     "学生储物柜购置", "办公设备更新"]),
        (.maintenance, ["校舍维修", "消防设施维护", "电梯维保", "饮用水设备维护", "运动场地修缮", "屋面防水维修",
                        "外墙立面维修", "供配电设施维护", "安防监控系统维护", "校园道路修缮", "卫生间改造",
                        "厨房设备维护"]),
        (.training, ["教师专业发展培训", "班主任能力提升培训", "新教师规范化培训", "骨干教师研修",
                     "教研组建设", "信息技术应用能力培训", "心理健康教育教师培训", "校长领导力研修",
                     "双语教学师资培训", "课程领导力建设"]),
        (.activity, ["科技创新教育", "艺术教育展演", "劳动教育实践", "学生社团活动", "校园文化节",
                     "研学旅行实践", "阅读推广活动", "红色文化教育", "体育联赛组织", "家校合作共育",
                     "国际理解教育", "生命教育实践"]),
        (.subsidy, ["学生午餐补贴", "困难学生资助", "校服补贴", "民办学校补贴", "随迁子女就学补贴",
                    "教师住房补贴", "退休教师慰问", "援疆教师生活补贴"]),
        (.construction, ["智慧校园建设", "创新实验室建设", "劳动教育基地建设", "特色课程建设", "书香校园建设",
                         "心理辅导室建设", "校园文化环境建设", "学科基地建设", "人工智能实验室建设",
                         "校史馆建设"]),
        (.information, ["校园网络运维", "智慧校园平台运维", "标准化考场网上视频巡查系统", "公共信息服务系统",
                        "教学管理系统", "数字图书馆平台", "校园一卡通系统", "网络安全防护系统",
                        "教育资源库平台", "家校互联平台"]),
    ]

    /// Name endings by kind (empty = the topic alone).
    static func suffixes(_ kind: Kind) -> [String] {
        switch kind {
        case .service: return ["", "经费", "项目", "采购"]
        case .purchase: return ["", "项目", "经费"]
        case .maintenance: return ["", "工程", "项目", "经费"]
        case .training: return ["", "经费", "项目"]
        case .activity: return ["", "经费", "项目"]
        case .subsidy: return ["", "经费", "资金"]
        case .construction: return ["", "项目", "经费"]
        case .information: return ["", "项目", "经费"]
        }
    }

    /// Bracketed qualifiers a name may carry, by kind: `校舍维修(教学楼)`, `课后服务(东校区)`.
    static func qualifiers(_ kind: Kind) -> [String] {
        let campuses = ["东校区", "西校区", "南校区", "北校区", "小学部", "初中部", "高中部", "幼儿部"]
        let buildings = ["教学楼", "实验楼", "体育馆", "食堂", "图书馆", "行政楼", "宿舍楼", "报告厅", "艺术楼", "科技楼"]
        switch kind {
        case .service: return campuses
        case .purchase: return buildings + campuses
        case .maintenance: return buildings
        case .construction, .information: return ["一期", "二期", "三期", "东校区", "西校区"]
        case .training, .activity, .subsidy: return []
        }
    }

    /// Words a year-token name ends with: `(2022运维)`.
    static let yearTokenWords = ["运维", "运维", "年度"]

    /// Small wording edits for renames: (find, replace); `""` find = append.
    static let wordingEdits: [(String, String)] = [
        ("", "项目"), ("经费", "项目经费"), ("项目", "专项"), ("购置", "采购"), ("维修", "修缮"),
        ("服务", "服务项目"), ("建设", "建设与应用"), ("培训", "研修"), ("活动", "实践活动"),
        ("补贴", "补助"), ("更新", "更新改造"), ("运维", "运行维护"),
    ]

    // MARK: Indicators

    /// 一级指标 and 二级指标 of the 2022 forms, in printing order.
    static let level1 = ["产出目标", "效果目标", "影响力目标"]
    static let level2: [(l1: String, l2: String)] = [
        ("产出目标", "数量目标"), ("产出目标", "质量目标"), ("产出目标", "时效目标"), ("产出目标", "成本目标"),
        ("效果目标", "社会效益目标"), ("效果目标", "经济效益目标"),
        ("影响力目标", "满意度目标"), ("影响力目标", "可持续性目标"),
    ]

    /// The position of a level-2 name in ``level2`` (printing order).
    static func level2Rank(_ l2: String) -> Int { level2.firstIndex { $0.l2 == l2 } ?? level2.count }

    /// An indicator template: its name (`{T}` = the project topic) and how to make a target.
    struct IndicatorTemplate {
        var name: String
        var target: TargetMaker
    }

    enum TargetMaker {
        /// `≥90%`, `100%`, `=100%`: comparators and values to choose from.
        case percent([String], ClosedRange<Int>)
        /// `2160人`, `≥2个`: comparators, a value range, units.
        case count([String], ClosedRange<Int>, [String])
        /// `=24.00(小时)`.
        case hours([Int])
        /// Plain words.
        case words([String])
    }

    /// Indicator templates for a level-2 name and a project kind.
    static func templates(_ l2: String, kind: Kind) -> [IndicatorTemplate] {
        typealias T = IndicatorTemplate
        switch l2 {
        case "数量目标":
            var common = [T(name: "{T}计划完成率", target: .percent(["", "=", "≥"], 95...100)),
                          T(name: "{T}覆盖学生人数", target: .count(["", "≥"], 80...3000, ["人"]))]
            switch kind {
            case .service: common += [T(name: "服务人员数量", target: .count(["", "≥", "="], 2...120, ["人"])),
                                      T(name: "服务单位数量", target: .count(["", "="], 1...60, ["个", "所"])),
                                      T(name: "服务工作量完成率", target: .percent(["", "="], 100...100))]
            case .purchase: common += [T(name: "设备采购数量", target: .count(["", "≥", "="], 5...400, ["台", "套", "件"])),
                                       T(name: "采购计划完成率", target: .percent(["", "="], 100...100))]
            case .maintenance: common += [T(name: "维修项目数量", target: .count(["", "≥"], 2...40, ["项", "处"])),
                                          T(name: "维护设施数量", target: .count(["", "≤", "≥"], 2...80, ["个", "台"]))]
            case .training: common += [T(name: "培训人次", target: .count(["≥", ""], 30...2000, ["人次"])),
                                       T(name: "培训课程数量", target: .count(["≥", "="], 2...40, ["门", "个"]))]
            case .activity: common += [T(name: "活动开展场次", target: .count(["≥", ""], 2...30, ["场", "次"])),
                                       T(name: "参与学生人数", target: .count(["≥", ""], 50...2500, ["人"]))]
            case .subsidy: common += [T(name: "补贴发放人数", target: .count(["≥", ""], 20...9000, ["人"])),
                                      T(name: "应补尽补率", target: .percent([""], 100...100))]
            case .construction: common += [T(name: "建设任务完成率", target: .percent(["", "="], 100...100)),
                                           T(name: "建设场所数量", target: .count(["", "="], 1...6, ["个", "间"]))]
            case .information: common += [T(name: "系统运维数量", target: .count(["", "="], 1...12, ["个", "套"])),
                                          T(name: "运维终端数量", target: .count(["≥", ""], 20...900, ["台"])),
                                          T(name: "完成市级以上考试保障数", target: .count(["="], 5...30, ["次"]))]
            }
            return common
        case "质量目标":
            var common = [T(name: "{T}验收合格率", target: .percent(["", "≥", "="], 95...100)),
                          T(name: "资质相符性", target: .words(["相符", "符合要求"]))]
            switch kind {
            case .service: common += [T(name: "人员考核优良率", target: .percent(["≥"], 85...95)),
                                      T(name: "服务质量达标率", target: .percent(["≥", ""], 90...100))]
            case .purchase: common += [T(name: "设备完好率", target: .percent(["≥"], 95...99)),
                                       T(name: "采购合规性", target: .words(["合规"]))]
            case .maintenance: common += [T(name: "维修质量达标率", target: .percent(["", "≥"], 95...100)),
                                          T(name: "设施完好率", target: .percent(["≥"], 95...99))]
            case .training: common += [T(name: "培训考核通过率", target: .percent(["≥"], 85...98)),
                                       T(name: "培训课程质量", target: .words(["优良", "良好"]))]
            case .activity: common += [T(name: "活动方案完成率", target: .percent([""], 100...100)),
                                       T(name: "学生获奖数量", target: .count(["≥"], 2...50, ["项", "人次"]))]
            case .subsidy: common += [T(name: "补贴发放准确率", target: .percent([""], 100...100)),
                                      T(name: "补贴对象认定准确性", target: .words(["准确"]))]
            case .construction: common += [T(name: "建设成果达标率", target: .percent(["≥", ""], 90...100)),
                                           T(name: "建设方案论证通过率", target: .percent([""], 100...100))]
            case .information: common += [T(name: "系统正常运行率", target: .percent(["≥"], 95...99)),
                                          T(name: "运维服务验收通过率", target: .percent([""], 100...100)),
                                          T(name: "数据安全事故数", target: .count(["≤", "="], 0...2, ["起", "次"]))]
            }
            return common
        case "时效目标":
            return [T(name: "{T}完成及时性", target: .words(["及时", "及时，12月", "及时，11月", "11月底前", "按计划完成"])),
                    T(name: "资金支付及时性", target: .words(["及时", "按合同约定"])),
                    T(name: "故障响应时间", target: .hours([2, 4, 8, 12, 24, 48])),
                    T(name: "工作完成时间", target: .words(["12月底前", "10月底前", "及时，4月、10月"]))]
        case "成本目标":
            return [T(name: "成本控制率", target: .percent(["≤"], 100...100)),
                    T(name: "预算执行率", target: .percent(["≥"], 90...98))]
        case "社会效益目标":
            return [T(name: "教育教学质量提升情况", target: .words(["有提升", "明显提升", "逐步提升"])),
                    T(name: "有责投诉数", target: .count(["≤", "="], 0...3, ["个", "起"])),
                    T(name: "有责投诉处置率", target: .percent([""], 100...100)),
                    T(name: "学生综合素质提升情况", target: .words(["有提升", "有所提高"])),
                    T(name: "校园环境改善情况", target: .words(["明显改善", "有改善"])),
                    T(name: "{T}社会认可度", target: .percent(["≥"], 85...95))]
        case "经济效益目标":
            return [T(name: "资金使用效益", target: .words(["有效提高", "提高"])),
                    T(name: "节约运行成本", target: .percent(["≥"], 3...10))]
        case "满意度目标":
            return [T(name: "师生满意度", target: .percent(["≥"], 85...95)),
                    T(name: "家长满意度", target: .percent(["≥"], 85...95)),
                    T(name: "学生满意度", target: .percent(["≥"], 85...95)),
                    T(name: "教师满意度", target: .percent(["≥"], 85...95)),
                    T(name: "学校满意度", target: .percent(["≥"], 90...95)),
                    T(name: "服务对象满意度", target: .percent(["≥"], 85...95))]
        default:  // 可持续性目标
            return [T(name: "长效管理机制健全性", target: .words(["健全且有效", "建立健全"])),
                    T(name: "部门协作有效性", target: .words(["有效"])),
                    T(name: "人员考核机制有效性", target: .words(["健全且有效"])),
                    T(name: "设备维护机制健全性", target: .words(["建立健全", "健全"])),
                    T(name: "{T}持续运行保障", target: .words(["可持续", "长期有效"]))]
        }
    }

    // MARK: Goals

    /// Sentences of an overall goal (`{T}` the topic, `{U}` the unit).
    static let overallSentences = [
        "根据区教育局年度工作要点和学校发展规划，围绕立德树人根本任务，统筹推进{T}相关工作",
        "通过{T}的实施，进一步改善学校办学条件，提升教育教学质量和管理水平",
        "按照“规范管理、提质增效”的原则，完善项目管理制度，建立健全长效管理机制",
        "切实保障师生在校学习生活的安全与便利，为学校各项工作的顺利开展提供有力支撑",
        "严格执行政府采购和财务管理相关规定，确保项目资金使用规范、安全、高效",
        "加强过程监督与绩效评价，及时发现并解决项目实施中的问题，确保项目按计划完成",
        "以{U}的实际需求为导向，合理配置资源，促进区域教育优质均衡发展",
        "提升教师专业素养和学生综合素质，增强家长和社会对学校工作的认可度",
    ]

    /// Sentences of an annual goal.
    static let annualSentences = [
        "年内按计划完成{T}各项任务，验收合格率达到100%",
        "全年做到资金分配准确、支付及时，有责投诉及时处置",
        "项目实施过程中加强质量管理，师生满意度达到90%以上",
        "按期完成采购、实施与验收工作，建立健全相关管理台账",
        "确保各项服务按合同约定及时提供，服务质量考核结果为良好以上",
        "完成年度绩效自评工作，形成评价报告并落实整改",
    ]
}
