#!/usr/bin/env python3
"""Write a synthetic A/B pair in budgit's export format, with known differences.

    make_sample.py OUT_DIR [--rows N] [--indicators M] [--seed S]

OUT_DIR/A and OUT_DIR/B each get budget-lines.csv, indicators.csv and projects.json in the
format of `budgit export` (docs/CLI.md): UTF-8, RFC 4180 quoting, LF line ends, no BOM,
amounts as decimal strings with two decimals or empty, every row with a unique `id`.

Between A and B (each dataset counted separately; counts are of rows, by id):
  * changed: N // 100 rows whose id is in both and one other field differs,
  * added:   N // 200 rows only in B (new ids),
  * removed: N // 200 rows only in A,
and the rows of every file are shuffled independently in A and in B.

For indicators the removals and additions partly take whole projects away or bring new ones, and a
few projects change only their funds, so projects.json has project-level added/removed/changed
counts of its own; those are counted by a plain dict comparison of the two JSON arrays (the
definition: changed = same id, anything else differs, including the nested indicators).

OUT_DIR/expected.json holds all the counts. Uses only the standard library (any python3).
"""
import argparse
import csv
import json
import os
import random

LINE_HEADER = ["id", "unit", "table", "side", "code", "name"] + ["c%d" % k for k in range(1, 9)]
IND_HEADER = ["id", "unit", "project", "l1", "l2", "l3", "target", "note"]

UNIT_WORDS = ["教育局", "卫生健康委员会", "财政局", "民政局", "文化和旅游局", "体育局", "科学技术委员会",
              "生态环境局", "建设和管理委员会", "农业农村委员会", "人力资源和社会保障局", "市场监督管理局"]
PLACES = ["闵行区", "浦东新区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "宝山区", "嘉定区"]
LINE_NAMES = ["一般公共服务支出", "教育支出", "普通教育", "小学教育", "初中教育", "社会保障和就业支出",
              "行政事业单位养老支出", "卫生健康支出", "住房保障支出", "住房公积金", "工资福利支出",
              "商品和服务支出", "对个人和家庭的补助", "资本性支出", "办公费", "印刷费", "水费", "电费"]
SIDES = ["", "收入", "支出"]
L1 = ["产出指标", "效益指标", "满意度指标"]
L2 = {"产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
      "效益指标": ["社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标"],
      "满意度指标": ["服务对象满意度指标"]}
L3 = ["培训人次", "覆盖率", "完成率", "验收合格率", "按时完成率", "设备完好率", "受益学生数",
      "项目成本控制", "群众满意度", "教师满意度", "资金到位率", "服务时长", "活动场次", "维修面积"]
PROJECT_WORDS = ["党建经费", "校舍维修", "信息化建设", "教师培训", "学生资助", "课后服务", "体育设施更新",
                 "图书采购", "食堂改造", "安保服务", "物业管理", "课程开发", "心理健康教育", "科技节活动"]
FUND_KINDS = ["annual", "fiscal", "other", "carryover", "total"]


def unit_names(n, rng):
    names, seen = [], set()
    while len(names) < n:
        base = rng.choice(PLACES) + rng.choice(UNIT_WORDS)
        name = base if base not in seen else "%s第%d分部" % (base, len(names))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def amount(rng):
    if rng.random() < 0.15:
        return ""
    return "%d.%02d" % (rng.randrange(0, 50_000_000), rng.randrange(100))


def make_lines(n, rng):
    """n unique budget lines: {id: row list}."""
    units = unit_names(max(1, n // 100), rng)
    rows = {}
    serial = 0
    while len(rows) < n:
        serial += 1
        unit = rng.choice(units)
        table = str(rng.randrange(1, 10))
        side = rng.choice(SIDES)
        if rng.random() < 0.8:
            code = "%d %02d %02d" % (rng.randrange(201, 232), rng.randrange(1, 100), rng.randrange(1, 100))
            name = rng.choice(LINE_NAMES)
            rid = "%s|%s|%s|%s|" % (unit, table, side, code)
        else:
            code = ""
            name = "%s（%d）" % (rng.choice(LINE_NAMES), serial)
            rid = "%s|%s|%s||%s" % (unit, table, side, name)
        if rid in rows:
            continue
        rows[rid] = [rid, unit, table, side, code, name] + [amount(rng) for _ in range(8)]
    return rows


def change_line(row, rng):
    row = list(row)
    k = rng.randrange(6, 14)
    old = row[k]
    while row[k] == old:
        row[k] = amount(rng)
    return row


def write_csv(path, header, rows, rng):
    rows = list(rows)
    rng.shuffle(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


class Projects:
    """Projects with their indicators; indicator rows are derived from them."""

    def __init__(self, rng):
        self.rng = rng
        self.units = unit_names(40, rng)
        self.serial = 0

    def new_project(self, taken):
        while True:
            self.serial += 1
            unit = self.rng.choice(self.units)
            name = "%s%d" % (self.rng.choice(PROJECT_WORDS), self.serial)
            pid = "%s|%s" % (unit, name)
            if pid not in taken:
                funds = {k: "%d.%02d" % (self.rng.randrange(1000, 9_000_000), self.rng.randrange(100))
                         for k in self.rng.sample(FUND_KINDS, self.rng.randrange(1, 4))}
                return {"id": pid, "unit": unit, "name": name, "year": 2022, "funds": funds,
                        "indicators": []}

    def new_indicator(self, project):
        taken = {i["path"] for i in project["indicators"]}
        while True:
            self.serial += 1
            l1 = self.rng.choice(L1)
            path = "%s/%s/%s%d" % (l1, self.rng.choice(L2[l1]), self.rng.choice(L3), self.serial)
            if path not in taken:
                break
        ind = {"id": "%s|%s" % (project["id"], path), "path": path, "target": self.target()}
        if self.rng.random() < 0.4:
            ind["note"] = self.rng.choice(["每年统计一次", "以验收报告为准", "参照上年", "按学期计"])
        return ind

    def target(self):
        r = self.rng.random()
        if r < 0.4:
            return "≥%d%%" % self.rng.randrange(80, 101)
        if r < 0.7:
            return "%d人次" % self.rng.randrange(10, 5000)
        if r < 0.85:
            return "%d年%d月底前" % (self.rng.choice([2022, 2023]), self.rng.randrange(1, 13))
        return "≤%d.%02d万元" % (self.rng.randrange(1, 999), self.rng.randrange(100))


def indicator_rows(projects):
    rows = {}
    for p in projects.values():
        for i in p["indicators"]:
            l1, l2, l3 = i["path"].split("/", 2)
            rows[i["id"]] = [i["id"], p["unit"], p["name"], l1, l2, l3, i["target"], i.get("note", "")]
    return rows


def make_indicators(m, rng):
    """Return (projects A, projects B): dicts id -> project, with exact indicator counts."""
    gen = Projects(rng)
    a = {}
    total = 0
    while total < m:
        p = gen.new_project(a)
        for _ in range(min(rng.randrange(2, 9), m - total)):
            p["indicators"].append(gen.new_indicator(p))
        total += len(p["indicators"])
        a[p["id"]] = p

    n_changed, n_added, n_removed = m // 100, m // 200, m // 200
    b = json.loads(json.dumps(a))
    ids = sorted(b)
    rng.shuffle(ids)

    # Removals: about a third as whole projects, the rest single indicators of other projects.
    removed = 0
    untouched = []
    for pid in ids:
        size = len(b[pid]["indicators"])
        if removed + size <= n_removed // 3:
            del b[pid]
            removed += size
        else:
            untouched.append(pid)
    pool = [(pid, i["id"]) for pid in untouched for i in b[pid]["indicators"]]
    rng.shuffle(pool)
    gone = set()
    for pid, iid in pool:
        if removed == n_removed:
            break
        if len(b[pid]["indicators"]) > 1:  # keep the project itself
            b[pid]["indicators"] = [i for i in b[pid]["indicators"] if i["id"] != iid]
            gone.add(iid)
            removed += 1
    assert removed == n_removed, (removed, n_removed)

    # Changes: target or note of indicators still in B.
    pool = [(pid, i) for pid in sorted(b) for i in b[pid]["indicators"]]
    rng.shuffle(pool)
    for pid, ind in pool[:n_changed]:
        if rng.random() < 0.7:
            old = ind["target"]
            while ind["target"] == old:
                ind["target"] = gen.target()
        elif "note" in ind:
            ind["note"] = ind["note"] + "（修订）"
        else:
            ind["note"] = "新增说明"
    assert len(pool) >= n_changed

    # Additions: about a third in new projects, the rest appended to existing ones.
    added = 0
    while added < n_added // 3:
        p = gen.new_project(set(a) | set(b))
        for _ in range(min(rng.randrange(2, 6), n_added // 3 - added)):
            p["indicators"].append(gen.new_indicator(p))
        added += len(p["indicators"])
        b[p["id"]] = p
    keys = sorted(b)
    while added < n_added:
        p = b[rng.choice(keys)]
        p["indicators"].append(gen.new_indicator(p))
        added += 1

    # A few projects change only their funds (invisible in indicators.csv).
    for pid in rng.sample(sorted(set(a) & set(b)), max(1, len(a) // 500)):
        kind = sorted(b[pid]["funds"])[0]
        b[pid]["funds"][kind] = "%d.%02d" % (rng.randrange(1000, 9_000_000), rng.randrange(100))
    return a, b


def compare(a, b):
    """The definition: rows keyed by id; changed = in both and anything else differs."""
    return {"rows_a": len(a), "rows_b": len(b),
            "added": sum(1 for k in b if k not in a),
            "removed": sum(1 for k in a if k not in b),
            "changed": sum(1 for k in a if k in b and a[k] != b[k])}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--rows", type=int, default=2000, help="budget lines in A (default 2000)")
    ap.add_argument("--indicators", type=int, default=None,
                    help="indicators in A (default max(2000, rows // 4))")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    n = args.rows
    m = args.indicators if args.indicators is not None else max(2000, n // 4)
    rng = random.Random(args.seed)

    lines_a = make_lines(n + n // 200, rng)
    ids = sorted(lines_a)
    rng.shuffle(ids)
    new_ids, ids = ids[:n // 200], ids[n // 200:]
    lines_b = {k: lines_a[k] for k in ids}
    extra = {k: lines_a[k] for k in new_ids}
    lines_a = dict(lines_b)
    for k in ids[:n // 200]:                      # removed
        del lines_b[k]
    for k in ids[n // 200:n // 200 + n // 100]:   # changed
        lines_b[k] = change_line(lines_b[k], rng)
    lines_b.update(extra)                         # added

    proj_a, proj_b = make_indicators(m, rng)
    ind_a, ind_b = indicator_rows(proj_a), indicator_rows(proj_b)

    for side, lines, ind, proj in (("A", lines_a, ind_a, proj_a), ("B", lines_b, ind_b, proj_b)):
        d = os.path.join(args.out_dir, side)
        os.makedirs(d, exist_ok=True)
        write_csv(os.path.join(d, "budget-lines.csv"), LINE_HEADER, lines.values(), rng)
        write_csv(os.path.join(d, "indicators.csv"), IND_HEADER, ind.values(), rng)
        items = list(proj.values())
        rng.shuffle(items)
        with open(os.path.join(d, "projects.json"), "w", encoding="utf-8") as f:
            json.dump(items, f, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            f.write("\n")

    expected = {
        "seed": args.seed,
        "budget-lines": compare(lines_a, lines_b),
        "indicators": compare(ind_a, ind_b),
        "projects": compare(proj_a, proj_b),
    }
    designed = {"budget-lines": (n, n // 100, n // 200, n // 200),
                "indicators": (m, m // 100, m // 200, m // 200)}
    for ds, (rows, ch, ad, rm) in designed.items():
        e = expected[ds]
        assert (e["rows_a"], e["changed"], e["added"], e["removed"]) == (rows, ch, ad, rm), (ds, e)
    with open(os.path.join(args.out_dir, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(json.dumps(expected, ensure_ascii=False))


if __name__ == "__main__":
    main()
