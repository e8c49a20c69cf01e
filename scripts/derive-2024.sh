#!/usr/bin/env bash
# Derives a 2024 document from the real 2023 target forms (Fixtures/002_…txt) by known edits, for
# the demo of `budgit compare` (the seeds hold no unit with two years). The edits:
#   - every form moves one year: (2023年度), plan dates, goal periods, (2023运维) → (2024运维);
#   - 残疾人就业保障金: annual budget 11,043.84 → 12,100.00 元; 主管部门满意度 ≥90% → ≥95%;
#     a new indicator 残疾人就业岗位新增数 ≥2个;
#   - 2022年教育综改项目(市拨专项) (a 阶段性项目) is gone;
#   - …(第二年) → …(第三年);
#   - a new project 托育从业人员培训 (80,000.00 元).
# Usage: scripts/derive-2024.sh FIXTURES_DIR OUT_FILE
set -euo pipefail
src="$1/002_3205439470554c78.txt"
out="$2"
awk -v OFS='\t' '
  NR >= 24 && NR <= 44 { next }                                  # drop form 2
  { gsub(/\(2023年度\)/, "(2024年度)"); gsub(/2023-01-01/, "2024-01-01"); gsub(/2023-12-31/, "2024-12-31")
    gsub(/2023年 -2023年/, "2024年 -2024年"); gsub(/\(2023运维\)/, "(2024运维)"); gsub(/\(第二年\)/, "(第三年)") }
  NR == 8 || NR == 9 { gsub(/11,043\.84/, "12,100.00") }
  NR == 22 { sub(/≥90%/, "≥95%") }
  { print }
  NR == 20 { print "", "", "", "残疾人就业岗位新增数", "", "≥2个", "" }
' "$src" > "$out"
# A new project, laid out as form 1.
{
  printf '\n财政项目支出绩效目标申报表\t\t\t\t\t\t\n(2024年度)\t\t\t\t\t\t\n'
  printf '项目名称\t托育从业人员培训\t\t项目性质\t经常性项目\t项目类别\t特定目标类\n'
  printf '主管部门\t闵行区教育局(汇总)\t\t实施单位\t上海市闵行区托育服务指导中心\t\t\n'
  printf '计划开始日期\t2024-01-01\t\t计划完成日期\t2024-12-31\t\t\n'
  printf '项目资金 (元)\t项目资金总额\t\t80,000.00\t年度资金申请总额\t\t80,000.00\n'
  printf '\t其中：财政资金\t\t80,000.00\t其中：当年财政拨款\t\t80,000.00\n'
  printf '\t\t\t\t上年结转资金\t\t0.00\n\t其他资金\t\t\t其他资金\t\t0.00\n'
  printf '项目 绩效 目标\t项目总目标 (2024年 -2024年)\t\t\t年度总体目标\t\t\n'
  printf '\t提升托育从业人员专业能力。\t\t\t全年培训托育从业人员 400 人次。\t\t\n'
  printf '\t一级指标\t二级指标\t三级指标\t\t年度(/项目)指标值\t\n'
  printf '绩效指标\t产出指标\t数量指标\t培训人次\t\t≥400人次\t\n'
  printf '\t\t质量指标\t培训考核合格率\t\t≥95%%\t\n'
  printf '满意度指标\t服务对象满意度指标\t\t参训人员满意度\t\t≥90%%\t'
} >> "$out"
