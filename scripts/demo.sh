#!/usr/bin/env bash
# The main job on the bundled fixtures: a demo repository holding every seed document, its
# history, the arithmetic checks, a year-over-year comparison, a semantic diff and a blame.
# Usage: scripts/demo.sh BUDGIT_BINARY DEMO_DIR
set -euo pipefail
BIN=$(realpath "$1")
DEMO=${2:-demo}
ROOT=$(pwd)
FIX="$ROOT/Fixtures"
rm -rf "$DEMO"
bold() { printf '\n\033[1m%s\033[0m\n' "$*"; }
step() { bold "\$ budgit $*"; }
budgit() { "$BIN" "$@"; }
# Import exits 2 when some facts could not be read; they are listed as diagnostics.
imp() { step import "${@##*/}"; budgit import "$@" || [ $? -eq 2 ]; }
export BUDGIT_DATE="@1700000000 +0800"
AUTHOR="Ana Li <ana@example.org>"

step init "$DEMO"; budgit init "$DEMO"
cd "$DEMO"
imp "$FIX/000_b8de17d7b47ea05c.txt"
step status --json '| head'; budgit status --json | head -n 8
step commit; budgit commit -m "Import the 2022 performance target forms of 闵行区教育局" --author "$AUTHOR"
imp "$FIX/001_c2baf747aff8c518.txt" "$FIX/004_592573b8403f4d15.txt"
BUDGIT_DATE="@1700086400 +0800" budgit commit -m "Import the 2020 unit budget of 上海市闵行区教育学院 and a 2020 declaration" --author "$AUTHOR"
imp "$FIX/002_3205439470554c78.txt"
BUDGIT_DATE="@1700172800 +0800" budgit commit -m "Import the 2023 target forms of 上海市闵行区托育服务指导中心" --author "$AUTHOR"

bold "# A reviewer corrects a 2022 target to what the signed form says, and commits it"
step set --year 2022 --project 政府购买辅助服务 --indicator 学校满意度 --target "≥95%"
budgit set --year 2022 --project 政府购买辅助服务 --indicator 学校满意度 --target "≥95%"
step diff; budgit diff
BUDGIT_DATE="@1700259200 +0800" budgit commit -m "Correct the 学校满意度 target as printed in the signed form" --author "Bo Wang <bo@example.org>"

bold "# A 2024 draft derived from the 2023 forms by known edits (scripts/derive-2024.sh)"
bash "$ROOT/scripts/derive-2024.sh" "$FIX" "$ROOT/$DEMO.2024-draft.txt"
imp "$ROOT/$DEMO.2024-draft.txt"
rm -f "$ROOT/$DEMO.2024-draft.txt"
BUDGIT_DATE="@1700345600 +0800" budgit commit -m "Import the 2024 draft target forms" --author "Chen Yu <chen@example.org>"

step log -n 3; budgit log -n 3
step check --year 2020; budgit check --year 2020 || true
bold "# The import errors still open, each with the command that settles it"
step check --year 2022 '| tail -n 5'; { budgit check --year 2022 || true; } | tail -n 5
step compare 2023 2024; budgit compare 2023 2024
step compare 2023 2024 --summary; budgit compare 2023 2024 --summary
step blame --year 2022 --unit 闵行区教育局 --project 政府购买辅助服务 --indicator 学校满意度
budgit blame --year 2022 --unit 闵行区教育局 --project 政府购买辅助服务 --indicator 学校满意度
step show --year 2023 --project 残疾人就业保障金 --json '| head -n 20'
budgit show --year 2023 --project 残疾人就业保障金 --json | head -n 20

bold "\$ git log --oneline && git fsck --strict   # a plain git repository"
git log --oneline
git fsck --strict && echo "git fsck: clean"
bold "The demo repository is in $DEMO/ (budgit --repo $DEMO log, or cd $DEMO)."
