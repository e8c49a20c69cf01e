#!/usr/bin/env python3
"""Run peer diff tools on two budgit exports and report time, peak memory and row counts.

    run_peers.py A_DIR B_DIR --out results.json [--timeout 300] [--only doltlite,csv-diff,...]

A_DIR and B_DIR hold `budgit export` output (budget-lines.csv, indicators.csv, projects.json) of
version A and version B. Every measurement runs in a fresh subprocess: `seconds` is the wall time
around it (time.perf_counter, interpreter start-up included), `peak_rss_kib` that child's own
peak resident set (ru_maxrss of os.wait4 on its pid, in KiB), and `op_seconds`, where the peer
runs through one of our step scripts, the time of the operation alone inside that process.

Counts: added = ids only in B, removed = ids only in A, changed = ids in both with any other field
different. When an expected.json (from make_sample.py) is found beside A_DIR, or given with
--expected, every count is checked against it (`agrees`), and --check makes a disagreement exit 1.

Peers are looked up in the venv made by setup.sh (default .build-bench/venv at the repository
root); a peer that is not installed gets status "missing" and the rest still run. Only the
standard library is needed to run this script itself.
"""
import argparse
import csv
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOLS = ["doltlite", "csv-diff", "daff", "deepdiff", "graphtage"]
FILES = {"budget-lines": "budget-lines.csv", "indicators": "indicators.csv", "projects": "projects.json"}
# Which datasets each peer is run on, in order (fast ones first).
PLAN = {
    "doltlite": ["indicators", "budget-lines"],
    "csv-diff": ["indicators", "budget-lines", "projects"],
    "daff": ["indicators", "budget-lines"],
    "deepdiff": ["indicators", "projects", "budget-lines"],
    "graphtage": ["indicators"],
}
KEYS = ["tool", "dataset", "operation", "seconds", "peak_rss_kib", "added", "removed", "changed", "status"]


class Measurement:
    def __init__(self, status, seconds, peak_rss_kib, stdout, stderr, returncode):
        self.status, self.seconds, self.peak_rss_kib = status, seconds, peak_rss_kib
        self.stdout, self.stderr, self.returncode = stdout, stderr, returncode


def child_env():
    env = dict(os.environ)
    env["PYTHONUTF8"] = "1"          # the CLIs open files with the locale's encoding otherwise
    env.pop("_DOLTLITE_BOOTSTRAPPED", None)
    env.pop("PYTHONPATH", None)
    return env


MEM_LIMIT_MIB = 0  # set from --mem-limit-mib


def limit_memory():
    if MEM_LIMIT_MIB > 0:
        cap = MEM_LIMIT_MIB * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def measure(cmd, timeout, workdir, ok_codes=(0,)):
    """Run cmd in a fresh process (its own session); wall time and that child's peak RSS."""
    out_path = os.path.join(workdir, "stdout")
    err_path = os.path.join(workdir, "stderr")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                cwd=workdir, env=child_env(), start_new_session=True,
                                preexec_fn=limit_memory)
        done = {}

        def reap():
            _, status, usage = os.wait4(proc.pid, 0)
            done["end"] = time.perf_counter()
            done["status"], done["usage"] = status, usage

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        waiter.join(timeout)
        timed_out = waiter.is_alive()
        if timed_out:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            waiter.join()
    code = os.waitstatus_to_exitcode(done["status"])
    proc.returncode = code  # reaped here, so Popen must not wait for it again
    with open(out_path, "rb") as f:
        stdout = f.read().decode("utf-8", "replace")
    with open(err_path, "rb") as f:
        stderr = f.read().decode("utf-8", "replace")
    seconds = done["end"] - start
    rss = done["usage"].ru_maxrss  # KiB on Linux
    crashed = code != 0 and "Traceback (most recent call last)" in stderr  # exit 1 is not always "ok"
    if timed_out:
        status = "timeout"
    elif code != 0 and ("MemoryError" in stderr or "out of memory" in stderr.lower() or "bad_alloc" in stderr):
        status = "out of memory" + (" (limit %d MiB)" % MEM_LIMIT_MIB if MEM_LIMIT_MIB > 0 else "")
    elif code in ok_codes and not crashed:
        status = "ok"
    else:
        last = [l for l in stderr.strip().splitlines() if l.strip()]
        status = "error: exit %d%s" % (code, (": " + last[-1].strip()[:200]) if last else "")
    return Measurement(status, seconds, rss, stdout, stderr, code)


def probe(cmd):
    """A peer's version string, or None when it cannot run."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=child_env(),
                           stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if p.returncode != 0:
        return None
    text = (p.stdout.strip() or p.stderr.strip()).splitlines()
    return text[-1].strip() if text else "?"


def find_peers(venv):
    py = os.path.join(venv, "bin", "python")
    exe = lambda name: os.path.join(venv, "bin", name)
    if not os.path.exists(py):
        return {t: None for t in TOOLS}
    return {
        "doltlite": probe([py, "-c", "import doltlite, sqlite3; "
                           "print('doltlite', doltlite.__version__, sqlite3.connect(':memory:')"
                           ".execute('SELECT dolt_version()').fetchone()[0])"]),
        "csv-diff": probe([exe("csv-diff"), "--version"]) if os.path.exists(exe("csv-diff")) else None,
        "daff": probe([py, "-c", "import importlib.metadata as m; print('daff', m.version('daff'))"])
        if os.path.exists(exe("daff")) else None,
        "deepdiff": probe([py, "-c", "import deepdiff; print('deepdiff', deepdiff.__version__)"]),
        "graphtage": probe([exe("graphtage"), "-dumpversion"]) if os.path.exists(exe("graphtage")) else None,
    }


def result(tool, dataset, operation, m=None, status=None, counts=None, **extra):
    r = {"tool": tool, "dataset": dataset, "operation": operation,
         "seconds": round(m.seconds, 4) if m else None,
         "peak_rss_kib": m.peak_rss_kib if m else None,
         "added": None, "removed": None, "changed": None,
         "status": status or (m.status if m else "error")}
    if counts:
        r.update({k: counts.get(k) for k in ("added", "removed", "changed")})
    r.update({k: v for k, v in extra.items() if v is not None})
    return r


def step_json(m):
    """The JSON object a step script printed (last line of stdout), or None."""
    if m.status != "ok":
        return None
    lines = m.stdout.strip().splitlines()
    try:
        return json.loads(lines[-1]) if lines else None
    except ValueError:
        return None


def run_doltlite(ctx, dataset, a, b):
    py = os.path.join(ctx.venv, "bin", "python")
    script = os.path.join(HERE, "doltlite_step.py")
    table = dataset.replace("-", "_")
    out = []
    work = ctx.workdir("doltlite-" + dataset)
    db = os.path.join(work, "store.db")
    hashes = {}
    for label, path in (("A", a), ("B", b)):
        m = measure([py, script, "commit", db, table, path, label], ctx.timeout, work)
        j = step_json(m)
        if m.status == "ok" and not j:
            m.status = "error: no JSON from step"
        if j:
            hashes[label] = j["commit"]
        out.append(result("doltlite", dataset, "commit " + label, m, op_seconds=rnd(j, "op_seconds"),
                          detail={k: rnd(j, k) for k in ("load_s", "write_s", "dolt_commit_s")} if j else None,
                          rows=j and j.get("rows")))
        if m.status != "ok":
            break
    for op, step in (("diff (dolt_diff_%s)" % table, "diff"), ("dolt_diff_stat", "stat")):
        if len(hashes) < 2:
            out.append(result("doltlite", dataset, op, status="error: commits failed"))
            continue
        m = measure([py, script, step, db, table, hashes["A"], hashes["B"]], ctx.timeout, work)
        j = step_json(m)
        if m.status == "ok" and not j:
            m.status = "error: no JSON from step"
        out.append(result("doltlite", dataset, op, m, counts=j, op_seconds=rnd(j, "op_seconds")))
    # The whole job in one process, for the peak memory of a process that does everything.
    work = ctx.workdir("doltlite-all-" + dataset)
    m = measure([py, script, "all", os.path.join(work, "store.db"), table, a, b], ctx.timeout, work)
    j = step_json(m)
    out.append(result("doltlite", dataset, "all steps, one process", m, counts=j,
                      op_seconds=rnd(j, "op_seconds"),
                      detail={k: round(v, 4) for k, v in j["steps"].items()} if j else None))
    return out


def rnd(j, key):
    if not j or j.get(key) is None:
        return None
    return round(j[key], 4)


def run_csv_diff(ctx, dataset, a, b):
    cmd = [os.path.join(ctx.venv, "bin", "csv-diff"), a, b, "--key=id", "--json"]
    if dataset == "projects":
        cmd.append("--format=json")
    m = measure(cmd, ctx.timeout, ctx.workdir("csv-diff-" + dataset))
    counts = None
    if m.status == "ok":
        try:
            d = json.loads(m.stdout)
            counts = {k: len(d[k]) for k in ("added", "removed", "changed")}
        except (ValueError, KeyError) as e:
            m.status = "error: unreadable output (%s)" % e
    return [result("csv-diff", dataset, "diff --key=id --json", m, counts=counts)]


def count_daff(text):
    counts = {"added": 0, "removed": 0, "changed": 0}
    for row in csv.reader(text.splitlines()):
        tag = row[0] if row else ""
        if tag == "+++":
            counts["added"] += 1
        elif tag == "---":
            counts["removed"] += 1
        elif "->" in tag:  # '->', or '-->' etc. when the data itself holds '->'
            counts["changed"] += 1
    return counts


def run_daff(ctx, dataset, a, b):
    cmd = [os.path.join(ctx.venv, "bin", "daff"), "diff", "--id", "id", "--unordered",
           "--no-color", "--output-format", "csv", a, b]
    m = measure(cmd, ctx.timeout, ctx.workdir("daff-" + dataset))
    counts = count_daff(m.stdout) if m.status == "ok" else None
    return [result("daff", dataset, "diff --id id --unordered", m, counts=counts)]


def run_deepdiff(ctx, dataset, a, b):
    cmd = [os.path.join(ctx.venv, "bin", "python"), os.path.join(HERE, "deepdiff_step.py"), a, b]
    m = measure(cmd, ctx.timeout, ctx.workdir("deepdiff-" + dataset))
    j = step_json(m)
    if m.status == "ok" and not j:
        m.status = "error: no JSON from step"
    return [result("deepdiff", dataset, "DeepDiff(group_by='id')", m, counts=j,
                   op_seconds=rnd(j, "op_seconds"), detail=j and {"load_s": rnd(j, "load_s")})]


def run_graphtage(ctx, dataset, a, b):
    # Unkeyed tree edit distance: no row counts; exit 1 means "differences found".
    cmd = [os.path.join(ctx.venv, "bin", "graphtage"), "--no-status", "--only-edits", a, b]
    m = measure(cmd, ctx.graphtage_timeout, ctx.workdir("graphtage-" + dataset), ok_codes=(0, 1))
    return [result("graphtage", dataset, "diff (unkeyed, no counts)", m, timeout_s=ctx.graphtage_timeout)]


def repeat(n, run):
    """Run a peer n times; merge the rows of each operation (median seconds, largest RSS)."""
    runs = [run() for _ in range(n)]
    if n == 1:
        return runs[0]
    merged = []
    for rows in zip(*runs):
        r = dict(rows[0])
        secs = [x["seconds"] for x in rows if x["seconds"] is not None]
        if any(x["status"] != "ok" for x in rows):
            r = dict(next(x for x in rows if x["status"] != "ok"))
        elif secs:
            r["seconds"] = round(statistics.median(secs), 4)
            ops = [x["op_seconds"] for x in rows if x.get("op_seconds") is not None]
            if ops:
                r["op_seconds"] = round(statistics.median(ops), 4)
            r["peak_rss_kib"] = max(x["peak_rss_kib"] for x in rows)
            counts = {(x["added"], x["removed"], x["changed"]) for x in rows}
            if len(counts) > 1:
                r["status"] = "error: counts differ between runs: %s" % sorted(counts, key=str)
        r["runs_seconds"] = [x["seconds"] for x in rows]
        merged.append(r)
    return merged


def without_bom(ctx, dataset, a, b):
    """`budgit export --excel` starts with a byte-order mark, which csv-diff and daff take as part
    of the first column's name (csv-diff: KeyError 'id'; daff: every row "changed"). Such inputs
    are fed to every peer as copies without it (made once, outside the measurement)."""
    paths, stripped = [], False
    for side, path in (("A", a), ("B", b)):
        with open(path, "rb") as f:
            bom = f.read(3) == b"\xef\xbb\xbf"
        if bom:
            copy = os.path.join(ctx.root, "inputs", side, os.path.basename(path))
            if not os.path.exists(copy):
                os.makedirs(os.path.dirname(copy), exist_ok=True)
                with open(path, "rb") as src, open(copy, "wb") as dst:
                    src.read(3)
                    shutil.copyfileobj(src, dst)
            path, stripped = copy, True
        paths.append(path)
    return paths[0], paths[1], ("byte-order mark stripped" if stripped else None)


RUNNERS = {"doltlite": run_doltlite, "csv-diff": run_csv_diff, "daff": run_daff,
           "deepdiff": run_deepdiff, "graphtage": run_graphtage}


class Context:
    def __init__(self, venv, timeout, graphtage_timeout, root):
        self.venv, self.timeout, self.graphtage_timeout, self.root = venv, timeout, graphtage_timeout, root

    def workdir(self, name):
        d = os.path.join(self.root, "runs", name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        return d


def check_expected(results, expected):
    disagreements = []
    checked = 0
    for r in results:
        e = expected.get(r["dataset"])
        if not e or r["status"] != "ok" or r["added"] is None:
            continue
        got = (r["added"], r["removed"], r["changed"])
        want = (e["added"], e["removed"], e["changed"])
        r["agrees"] = got == want
        checked += 1
        if got != want:
            disagreements.append("%s %s %s: added/removed/changed %s, expected %s"
                                 % (r["tool"], r["dataset"], r["operation"], got, want))
    return checked, disagreements


def fmt(v, width, digits=None):
    if v is None:
        s = "-"
    elif digits is not None:
        s = "%.*f" % (digits, v)
    else:
        s = str(v)
    return s.rjust(width)


def print_table(results, out=sys.stdout):
    head = "%-10s %-13s %-28s %9s %9s %10s %7s %7s %7s  %s" % (
        "tool", "dataset", "operation", "seconds", "op_sec", "peak MiB", "added", "removed", "changed", "status")
    print(head, file=out)
    print("-" * len(head), file=out)
    for r in results:
        rss = r["peak_rss_kib"] / 1024 if r["peak_rss_kib"] is not None else None
        mark = "" if r.get("agrees", True) else "  ≠ expected"
        print("%-10s %-13s %-28s %s %s %s %s %s %s  %s%s" % (
            r["tool"], r["dataset"], r["operation"][:28], fmt(r["seconds"], 9, 3),
            fmt(r.get("op_seconds"), 9, 3), fmt(rss, 10, 1), fmt(r["added"], 7), fmt(r["removed"], 7),
            fmt(r["changed"], 7), r["status"], mark), file=out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a_dir")
    ap.add_argument("b_dir")
    ap.add_argument("--out", default="results.json", help="where to write the results (JSON list)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per measurement (default 300)")
    ap.add_argument("--graphtage-timeout", type=float, default=60,
                    help="seconds for graphtage, which is expected to run out (default 60)")
    ap.add_argument("--mem-limit-mib", type=int, default=12288,
                    help="address-space limit of every peer process, so that a runaway one (graphtage) "
                    "cannot take the machine down; 0 = none (default 12288)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run every peer N times; seconds are the median, peak RSS the largest, "
                    "all runs' seconds in runs_seconds (default 1)")
    ap.add_argument("--only", default=",".join(TOOLS), help="comma-separated peers (default all: %s)"
                    % ",".join(TOOLS))
    ap.add_argument("--datasets", default=",".join(FILES), help="comma-separated datasets (default all)")
    ap.add_argument("--venv", default=os.path.join(ROOT, ".build-bench", "venv"),
                    help="the peers' virtual environment (default .build-bench/venv; see setup.sh)")
    ap.add_argument("--expected", help="expected.json to check counts against "
                    "(default: A_DIR/../expected.json when it exists)")
    ap.add_argument("--check", action="store_true", help="exit 1 if any count disagrees with expected")
    ap.add_argument("--workdir", help="keep scratch files (databases, outputs) here instead of a temp dir")
    args = ap.parse_args()

    tools = [t.strip() for t in args.only.split(",") if t.strip()]
    datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    for t in tools:
        if t not in TOOLS:
            ap.error("unknown peer %r (known: %s)" % (t, ", ".join(TOOLS)))
    for d in datasets:
        if d not in FILES:
            ap.error("unknown dataset %r (known: %s)" % (d, ", ".join(FILES)))

    global MEM_LIMIT_MIB
    MEM_LIMIT_MIB = args.mem_limit_mib
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    venv = os.path.abspath(args.venv)
    versions = find_peers(venv)
    scratch = os.path.abspath(args.workdir) if args.workdir else tempfile.mkdtemp(prefix="budgit-peers-")
    os.makedirs(scratch, exist_ok=True)
    ctx = Context(venv, args.timeout, args.graphtage_timeout, scratch)

    results = []
    try:
        for tool in tools:
            for dataset in PLAN[tool]:
                if dataset not in datasets:
                    continue
                a = os.path.abspath(os.path.join(args.a_dir, FILES[dataset]))
                b = os.path.abspath(os.path.join(args.b_dir, FILES[dataset]))
                if versions.get(tool) is None:
                    results.append(result(tool, dataset, "-", status="missing"))
                    continue
                if not (os.path.isfile(a) and os.path.isfile(b)):
                    results.append(result(tool, dataset, "-", status="error: input missing: %s"
                                          % (a if not os.path.isfile(a) else b)))
                    continue
                a, b, note = without_bom(ctx, dataset, a, b)
                print("… %s on %s" % (tool, dataset), file=sys.stderr, flush=True)
                try:
                    rows = repeat(args.repeat, lambda: RUNNERS[tool](ctx, dataset, a, b))
                except Exception as e:  # one peer's trouble never stops the run
                    rows = [result(tool, dataset, "-", status="error: %s: %s" % (type(e).__name__, e))]
                for r in rows:
                    r["version"] = versions[tool]
                    if note:
                        r["input_note"] = note
                results.extend(rows)
    finally:
        if not args.workdir:
            shutil.rmtree(scratch, ignore_errors=True)

    expected_path = args.expected or os.path.join(os.path.dirname(os.path.abspath(args.a_dir)), "expected.json")
    checked, disagreements = 0, []
    if os.path.isfile(expected_path):
        with open(expected_path, encoding="utf-8") as f:
            checked, disagreements = check_expected(results, json.load(f))
    elif args.expected:
        ap.error("no such file: %s" % args.expected)

    ordered = [dict([(k, r[k]) for k in KEYS] + [(k, v) for k, v in r.items() if k not in KEYS])
               for r in results]
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(ordered, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print_table(ordered)
    if os.path.isfile(expected_path):
        print("\nchecked against %s: %d result(s) with counts, %s" % (
            expected_path, checked, "all agree" if not disagreements
            else "%d disagreement(s)" % len(disagreements)))
        for d in disagreements:
            print("  " + d)
    return 1 if (args.check and disagreements) else 0


if __name__ == "__main__":
    sys.exit(main())
