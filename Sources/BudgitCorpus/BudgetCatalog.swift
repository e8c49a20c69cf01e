/// The classification codes a generated unit budget prints (seed 001's tables 1–7).
enum BudgetCatalog {
    /// A functional classification row: 类/款/项 parts, name, and the optional group it belongs to
    /// (a group is printed in some years and not others; nil = always printed).
    struct Functional {
        var parts: [String]
        var name: String
        var group: Int?
    }

    /// Functional codes (功能分类), in printing order. Groups 0…4 are optional.
    static let functional: [Functional] = [
        .init(parts: ["205"], name: "教育支出"),
        .init(parts: ["205", "01"], name: "教育管理事务"),
        .init(parts: ["205", "01", "01"], name: "行政运行"),
        .init(parts: ["205", "01", "02"], name: "一般行政管理事务"),
        .init(parts: ["205", "02"], name: "普通教育"),
        .init(parts: ["205", "02", "01"], name: "学前教育"),
        .init(parts: ["205", "02", "02"], name: "小学教育"),
        .init(parts: ["205", "02", "03"], name: "初中教育"),
        .init(parts: ["205", "02", "04"], name: "高中教育"),
        .init(parts: ["205", "02", "99"], name: "其他普通教育支出"),
        .init(parts: ["205", "03"], name: "职业教育", group: 0),
        .init(parts: ["205", "03", "02"], name: "中等职业教育", group: 0),
        .init(parts: ["205", "03", "05"], name: "高等职业教育", group: 0),
        .init(parts: ["205", "04"], name: "成人教育", group: 1),
        .init(parts: ["205", "04", "04"], name: "成人广播电视教育", group: 1),
        .init(parts: ["205", "04", "99"], name: "其他成人教育支出", group: 1),
        .init(parts: ["205", "07"], name: "特殊教育", group: 2),
        .init(parts: ["205", "07", "01"], name: "特殊学校教育", group: 2),
        .init(parts: ["205", "07", "02"], name: "工读学校教育", group: 2),
        .init(parts: ["205", "08"], name: "进修及培训"),
        .init(parts: ["205", "08", "01"], name: "教师进修"),
        .init(parts: ["205", "08", "03"], name: "培训支出"),
        .init(parts: ["205", "09"], name: "教育费附加安排的支出"),
        .init(parts: ["205", "09", "03"], name: "城市中小学校舍建设"),
        .init(parts: ["205", "09", "04"], name: "城市中小学教学设施"),
        .init(parts: ["205", "09", "99"], name: "其他教育费附加安排的支出"),
        .init(parts: ["205", "99"], name: "其他教育支出", group: 3),
        .init(parts: ["205", "99", "99"], name: "其他教育支出", group: 3),
        .init(parts: ["208"], name: "社会保障和就业支出"),
        .init(parts: ["208", "05"], name: "行政事业单位养老支出"),
        .init(parts: ["208", "05", "01"], name: "行政单位离退休"),
        .init(parts: ["208", "05", "02"], name: "事业单位离退休"),
        .init(parts: ["208", "05", "05"], name: "机关事业单位基本养老保险缴费支出"),
        .init(parts: ["208", "05", "06"], name: "机关事业单位职业年金缴费支出"),
        .init(parts: ["208", "05", "99"], name: "其他行政事业单位养老支出"),
        .init(parts: ["208", "27"], name: "财政对其他社会保险基金的补助", group: 4),
        .init(parts: ["208", "27", "01"], name: "财政对失业保险基金的补助", group: 4),
        .init(parts: ["208", "27", "02"], name: "财政对工伤保险基金的补助", group: 4),
        .init(parts: ["210"], name: "卫生健康支出"),
        .init(parts: ["210", "11"], name: "行政事业单位医疗"),
        .init(parts: ["210", "11", "01"], name: "行政单位医疗"),
        .init(parts: ["210", "11", "02"], name: "事业单位医疗"),
        .init(parts: ["210", "11", "03"], name: "公务员医疗补助"),
        .init(parts: ["221"], name: "住房保障支出"),
        .init(parts: ["221", "02"], name: "住房改革支出"),
        .init(parts: ["221", "02", "01"], name: "住房公积金"),
        .init(parts: ["221", "02", "03"], name: "购房补贴"),
    ]
    static let optionalGroups = 5

    /// Economic codes (部门经济分类) of table 7, in printing order; `share` is the permille of
    /// wages (301) or of public funds (302/310) a row gets when it is not computed otherwise.
    struct Economic {
        var parts: [String]
        var name: String
        var share: Int
    }

    static let economic: [Economic] = [
        .init(parts: ["301"], name: "工资福利支出", share: 0),
        .init(parts: ["301", "01"], name: "基本工资", share: 230),
        .init(parts: ["301", "02"], name: "津贴补贴", share: 40),
        .init(parts: ["301", "03"], name: "奖金", share: 0),
        .init(parts: ["301", "06"], name: "伙食补助费", share: 30),
        .init(parts: ["301", "07"], name: "绩效工资", share: -1),
        .init(parts: ["301", "08"], name: "机关事业单位基本养老保险缴费", share: -2),
        .init(parts: ["301", "09"], name: "职业年金缴费", share: -3),
        .init(parts: ["301", "10"], name: "职工基本医疗保险缴费", share: -4),
        .init(parts: ["301", "11"], name: "公务员医疗补助缴费", share: -5),
        .init(parts: ["301", "12"], name: "其他社会保障缴费", share: 25),
        .init(parts: ["301", "13"], name: "住房公积金", share: -6),
        .init(parts: ["301", "99"], name: "其他工资福利支出", share: 0),
        .init(parts: ["302"], name: "商品和服务支出", share: 0),
        .init(parts: ["302", "01"], name: "办公费", share: 80),
        .init(parts: ["302", "02"], name: "印刷费", share: 40),
        .init(parts: ["302", "03"], name: "咨询费", share: 10),
        .init(parts: ["302", "04"], name: "手续费", share: 0),
        .init(parts: ["302", "05"], name: "水费", share: 20),
        .init(parts: ["302", "06"], name: "电费", share: 120),
        .init(parts: ["302", "07"], name: "邮电费", share: 40),
        .init(parts: ["302", "09"], name: "物业管理费", share: 50),
        .init(parts: ["302", "11"], name: "差旅费", share: 30),
        .init(parts: ["302", "13"], name: "维修（护）费", share: 100),
        .init(parts: ["302", "14"], name: "租赁费", share: 10),
        .init(parts: ["302", "16"], name: "培训费", share: 50),
        .init(parts: ["302", "17"], name: "公务接待费", share: -7),
        .init(parts: ["302", "18"], name: "专用材料费", share: 0),
        .init(parts: ["302", "24"], name: "被装购置费", share: 0),
        .init(parts: ["302", "25"], name: "专用燃料费", share: 0),
        .init(parts: ["302", "26"], name: "劳务费", share: 40),
        .init(parts: ["302", "27"], name: "委托业务费", share: 0),
        .init(parts: ["302", "28"], name: "工会经费", share: 110),
        .init(parts: ["302", "29"], name: "福利费", share: 80),
        .init(parts: ["302", "31"], name: "公务用车运行维护费", share: -8),
        .init(parts: ["302", "39"], name: "其他交通费用", share: 0),
        .init(parts: ["302", "99"], name: "其他商品和服务支出", share: -9),
        .init(parts: ["303"], name: "对个人和家庭的补助", share: 0),
        .init(parts: ["303", "01"], name: "离休费", share: -10),
        .init(parts: ["303", "05"], name: "生活补助", share: 0),
        .init(parts: ["303", "08"], name: "助学金", share: 0),
        .init(parts: ["303", "09"], name: "奖励金", share: 0),
        .init(parts: ["303", "99"], name: "其他对个人和家庭的补助支出", share: 0),
        .init(parts: ["310"], name: "资本性支出", share: 0),
        .init(parts: ["310", "02"], name: "办公设备购置", share: 30),
        .init(parts: ["310", "03"], name: "专用设备购置", share: 30),
        .init(parts: ["310", "07"], name: "信息网络及软件购置更新", share: 0),
        .init(parts: ["310", "22"], name: "无形资产购置", share: 0),
        .init(parts: ["310", "99"], name: "其他资本性支出", share: 0),
    ]

    /// The 22 functional classes of tables 1 and 4, with the 类 code of those that carry amounts.
    static let classes: [(name: String, code: String?)] = [
        ("一、一般公共服务支出", nil), ("二、国防支出", nil), ("三、公共安全支出", nil), ("四、教育支出", "205"),
        ("五、科学技术支出", nil), ("六、文化旅游体育与传媒支出", nil), ("七、社会保障和就业支出", "208"),
        ("八、卫生健康支出", "210"), ("九、节能环保支出", nil), ("十、城乡社区支出", nil), ("十一、农林水支出", nil),
        ("十二、交通运输支出", nil), ("十三、资源勘探信息等支出", nil), ("十四、商业服务业等支出", nil),
        ("十五、援助其他地区支出", nil), ("十六、自然资源海洋气象等支出", nil), ("十七、住房保障支出", "221"),
        ("十八、粮油物资储备支出", nil), ("十九、国有资本经营预算支出", nil), ("二十、灾害防治及应急管理支出", nil),
        ("二十一、其他支出", nil), ("二十二、债务付息支出", nil),
    ]
}
