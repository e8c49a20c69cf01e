#!/usr/bin/env bash
# Make the peers' virtual environment: .build-bench/venv at the repository root (ignored by git
# through .build-*/), and pip-install each peer of requirements.txt on its own. A peer that cannot
# be installed (or, for doltlite, cannot load into this python's sqlite3) is reported as missing;
# the script still ends with status 0 so a benchmark run goes on with the others.
#
#   bash bench/peers/setup.sh            # PYTHON=python3.12 bash bench/peers/setup.sh for another python
#   BENCH_VENV=/some/dir bash bench/peers/setup.sh
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${BENCH_VENV:-$root/.build-bench/venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    echo "setup: creating $venv with $("$python" --version 2>&1)"
    mkdir -p "$(dirname "$venv")"
    if ! "$python" -m venv "$venv"; then
        echo "setup: could not create the venv ($python -m venv; on Debian: apt-get install python3-venv)" >&2
        echo "setup: every peer will be reported missing" >&2
        exit 0
    fi
fi

missing=()
while IFS= read -r line; do
    req="${line%%#*}"; req="$(echo "$req" | tr -d '[:space:]')"
    [ -z "$req" ] && continue
    if "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            -c "$here/constraints.txt" "$req"; then
        echo "setup: installed $req"
    else
        echo "setup: could not install $req: it will be reported missing" >&2
        missing+=("$req")
    fi
done < "$here/requirements.txt"

# doltlite installs but only works where the stdlib sqlite3 links libsqlite3 dynamically.
if ! "$venv/bin/python" -c "import doltlite, sqlite3; sqlite3.connect(':memory:').execute('SELECT dolt_version()')" 2>/dev/null; then
    echo "setup: doltlite does not load into this python's sqlite3 (statically linked?): it will be reported missing" >&2
    missing+=("doltlite (does not load)")
fi

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all peers ready in $venv"
else
    echo "setup: missing: ${missing[*]}"
fi
exit 0
