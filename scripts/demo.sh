#!/usr/bin/env bash
# The main job on the bundled fixtures: create a demo repository, import every seed document,
# commit, and show what a reviewer sees. Usage: scripts/demo.sh BUDGIT_BINARY DEMO_DIR
set -euo pipefail
BIN=$(realpath "$1")
DEMO=${2:-demo}
FIX=$(realpath Fixtures)
rm -rf "$DEMO"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { step "$*"; "$@"; }
run "$BIN" init "$DEMO"
cd "$DEMO"
export BUDGIT_DATE="@1700000000 +0800"
# Import exits 2 when some facts could not be read (they are listed as diagnostics): expected here.
step budgit import 2022 target forms
"$BIN" import "$FIX/000_b8de17d7b47ea05c.txt" || [ $? -eq 2 ]
run "$BIN" status --json | head -n 12
run "$BIN" commit -m "Import the 2022 performance target forms of 闵行区教育局" --author "Demo Reviewer <reviewer@example.org>"
step budgit import 2020 unit budget and declarations
"$BIN" import "$FIX/001_c2baf747aff8c518.txt" "$FIX/004_592573b8403f4d15.txt" || [ $? -eq 2 ]
BUDGIT_DATE="@1700086400 +0800" "$BIN" commit -m "Import the 2020 unit budget of 上海市闵行区教育学院 and a 2020 declaration" --author "Demo Reviewer <reviewer@example.org>"
step budgit import 2023 target forms
"$BIN" import "$FIX/002_3205439470554c78.txt" || [ $? -eq 2 ]
BUDGIT_DATE="@1700172800 +0800" "$BIN" commit -m "Import the 2023 target forms of 上海市闵行区托育服务指导中心" --author "Demo Reviewer <reviewer@example.org>"
run "$BIN" log
run "$BIN" show --year 2023 --unit 上海市闵行区托育服务指导中心
if "$BIN" help check >/dev/null 2>&1; then
  step budgit check --year 2020
  "$BIN" check --year 2020 || true
fi
if [ -x "$BIN" ] && "$BIN" help compare >/dev/null 2>&1 && [ -f "$FIX/../scripts/next-year.sh" ]; then
  bash "$FIX/../scripts/next-year.sh" "$BIN"
fi
step git log --oneline '&&' git fsck --strict
git log --oneline
git fsck --strict && echo "git fsck: clean"
