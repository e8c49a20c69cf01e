#!/usr/bin/env python3
"""budgit benchmarks, side by side with git and the peer tools, on the same files.

Usage: python3 bench/run_bench.py [--scales small,large] [--out bench-out] [--bin .build/release]
                                  [--no-peers] [--peer-timeout 300]

For each scale it generates a deterministic corpus (budgit-corpus), then times budgit and the
nearest git command on the very same canonical files:
  import a year | commit it (git: add -A && commit) | compare two years without the parse cache,
  on its first run (writing the cache) and warm (git: diff --no-index --stat)
  | diff two revisions with 1% of the forms edited and 1% / 0.5% / 0.5% of the budget lines
  changed / added / removed (git: diff --stat) | log --project over 200 commits (git: log -- PATH,
  and log -p -- PATH, which also reads and diffs the file at each commit, as budgit's log does)
  | blame of one project over 200 commits (git: blame PATH).
Then the peers (bench/peers/run_peers.py: doltlite, csv-diff, daff, deepdiff) diff the same two
revisions exported as keyed CSV/JSON, and their counts are cross-checked with budgit's: a
disagreement fails the run (exit 1) and is printed.
Results: OUT/results.json and OUT/results.md (the tables docs/BENCHMARKS.md quotes).
"""
import argparse, json, os, platform, shutil, subprocess, sys, time

SCALES = {"small": (40, 50), "large": (500, 100)}
REPEAT = 5  # runs of each read-only command; the median is reported
LAST_RUNS = []  # the sorted times of the last timed() call, kept in results.json
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd, cwd, env=None, ok=(0, 2), repeat=1, prepare=None):
    """Wall time and peak RSS (KiB) of one command via /usr/bin/time, plus its stdout.

    Dirty pages from the previous step are flushed first (`sync`, not timed), so that a command
    does not pay for the writes of the one before it. Read-only commands run `repeat` times: the
    median time is reported (this VM's timings vary by tens of percent), the largest peak RSS.
    `prepare`, when given, runs before each repetition, untimed."""
    runs = []
    for _ in range(repeat):
        if prepare:
            prepare()
        subprocess.run(["sync"])
        full = ["/usr/bin/time", "-f", "%e %M", "-o", "/tmp/budgit-bench-time"] + cmd
        t0 = time.perf_counter()
        p = subprocess.run(full, cwd=cwd, env=env, capture_output=True)
        secs = time.perf_counter() - t0
        if p.returncode not in ok:
            raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode(errors='replace')[-2000:]}")
        runs.append((secs, int(open("/tmp/budgit-bench-time").read().split()[-1]), p.stdout))
    times = sorted(r[0] for r in runs)
    LAST_RUNS[:] = [round(t, 3) for t in times]
    return times[len(times) // 2], max(r[1] for r in runs), runs[-1][2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="small,large")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-out"), help="results go here")
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "budgit-bench"),
                    help="corpora and repositories (a local disk: the working tree's speed is measured)")
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/release"))
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--peer-timeout", type=int, default=300)
    args = ap.parse_args()
    budgit = os.path.join(args.bin, "budgit")
    corpus = os.path.join(args.bin, "budgit-corpus")
    bench = os.path.join(args.bin, "budgit-bench")
    env = dict(os.environ, NO_COLOR="1", BUDGIT_DATE="@1700000000 +0800",
               GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.org",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.org")
    os.makedirs(args.out, exist_ok=True)
    results, problems = [], []

    def record(scale, op, tool, secs, rss, **extra):
        r = dict(scale=scale, operation=op, tool=tool, seconds=round(secs, 3), peak_rss_kib=rss, runs=list(LAST_RUNS), **extra)
        results.append(r)
        print(f"  {scale:6} {op:34} {tool:18} {secs:8.3f} s {rss / 1024:8.1f} MiB", flush=True)
        return r

    for scale in args.scales.split(","):
        units, projects = SCALES[scale]
        w = os.path.join(args.work, scale)
        shutil.rmtree(w, ignore_errors=True)
        os.makedirs(w)
        print(f"== {scale}: {units} units x {projects} projects", flush=True)
        c = os.path.join(w, "corpus")
        secs, rss, _ = timed([corpus, "--out", c, "--units", str(units), "--projects", str(projects),
                              "--years", "2022,2023", "--unit-budgets", "--revision-percent", "1"], w, env)
        manifest = json.load(open(os.path.join(c, "manifest.json")))
        raw = sum(os.path.getsize(os.path.join(c, "2022", f)) for f in os.listdir(os.path.join(c, "2022")))
        record(scale, "generate corpus (2 years)", "budgit-corpus", secs, rss, raw_bytes_per_year=raw)
        repo = os.path.join(w, "repo")
        subprocess.run([budgit, "init", repo], check=True, capture_output=True)
        files22 = sorted(os.path.join(c, "2022", f) for f in os.listdir(os.path.join(c, "2022")))
        files23 = sorted(os.path.join(c, "2023", f) for f in os.listdir(os.path.join(c, "2023")))
        secs, rss, _ = timed([budgit, "import"] + files22, repo, env)
        record(scale, "import a year", "budgit", secs, rss, mb_per_s=round(raw / secs / 1e6, 1))
        secs, rss, _ = timed([budgit, "commit", "-m", "2022", "--author", "Bench <bench@example.org>"], repo, env)
        record(scale, "commit a year", "budgit", secs, rss)
        # git on the very same canonical files, in a second repository.
        g = os.path.join(w, "gitrepo")
        shutil.copytree(repo, g, ignore=shutil.ignore_patterns(".git"))
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=g, check=True)
        # No automatic gc: after a commit of this many loose objects git starts `gc --auto` in the
        # background, which repacked for tens of seconds while the next steps were being timed
        # (the large import took 23 s instead of 8 s, diff 0.29 s instead of 0.20 s). budgit
        # never packs on its own either.
        for key, value in (("gc.auto", "0"), ("maintenance.auto", "false")):
            subprocess.run(["git", "config", key, value], cwd=g, check=True)
        secs, rss, _ = timed(["sh", "-c", "git add -A && git commit -q -m 2022"], g, env)
        record(scale, "commit a year", "git add+commit", secs, rss)
        timed([budgit, "import"] + files23, repo, env)
        env2 = dict(env, BUDGIT_DATE="@1700086400 +0800")
        timed([budgit, "commit", "-m", "2023", "--author", "Bench <bench@example.org>"], repo, env2)
        subprocess.run(["git", "tag", "y2023"], cwd=repo, check=True)
        # compare three ways. Without the parse cache (BUDGIT_PARSE_CACHE=off): every file read
        # from git and parsed. First run: the same, plus writing the cache (.git/budgit, moved
        # aside before each run, untimed; deleting it just before would time ext4's inode reuse).
        # Warm: the unit folders read back from the cache, which is what every later compare of
        # these commits does.
        compare_cmd = [budgit, "compare", "2022", "2023", "--summary", "--json"]
        secs, rss, out_plain = timed(compare_cmd, repo, dict(env, BUDGIT_PARSE_CACHE="off"), repeat=REPEAT)
        record(scale, "compare two years, no parse cache", "budgit", secs, rss, output="--summary --json, BUDGIT_PARSE_CACHE=off")
        trash = os.path.join(w, "cache-trash")

        def move_cache_aside():
            if os.path.exists(os.path.join(repo, ".git", "budgit")):
                os.makedirs(trash, exist_ok=True)
                os.rename(os.path.join(repo, ".git", "budgit"), os.path.join(trash, str(len(os.listdir(trash)))))
        secs, rss, out_cold = timed(compare_cmd, repo, env, repeat=REPEAT, prepare=move_cache_aside)
        record(scale, "compare two years, first run", "budgit", secs, rss, output="--summary --json, writes the parse cache")
        shutil.rmtree(trash, ignore_errors=True)
        secs, rss, out = timed(compare_cmd, repo, env, repeat=REPEAT)
        cmp = json.loads(out)
        record(scale, "compare two years", "budgit", secs, rss, output="--summary --json (counts and totals), parse cache warm")
        for label, other in (("without the parse cache", out_plain), ("on its first run", out_cold)):
            if other != out:
                problems.append(f"{scale}: compare {label} printed another report than with the cache warm")
        # Cross-check compare with the generator's ground truth of the evolution.
        ev = manifest["evolution"][0]
        sm = cmp["summary"]
        n = lambda v: len(v) if isinstance(v, list) else v
        want = {"projects added": n(ev["added"]), "projects removed": n(ev["removed"]), "projects renamed": n(ev["renamed"]),
                "indicators added": ev["indicatorsAdded"], "indicators removed": ev["indicatorsRemoved"],
                "targets changed": ev["targetsChanged"], "budget lines added": ev["budgetLines"]["added"],
                "budget lines removed": ev["budgetLines"]["removed"], "budget lines changed": ev["budgetLines"]["changed"]}
        got = {"projects added": sm["projects"]["added"], "projects removed": sm["projects"]["removed"],
               "projects renamed": sm["projects"]["renamed"], "indicators added": sm["indicators"]["added"],
               "indicators removed": sm["indicators"]["removed"], "targets changed": sm["indicators"]["changed"],
               "budget lines added": sm["budgetLines"]["added"], "budget lines removed": sm["budgetLines"]["removed"],
               "budget lines changed": sm["budgetLines"]["changed"]}
        for k in want:
            if want[k] != got[k]:
                problems.append(f"{scale}: compare reports {k} = {got[k]}, the corpus evolution made {want[k]}")
        secs, rss, out = timed([budgit, "compare", "2022", "2023", "--json"], repo, env)
        record(scale, "compare two years, full JSON report", "budgit", secs, rss, report_bytes=len(out))
        shutil.rmtree(os.path.join(g, "2023"), ignore_errors=True)
        shutil.copytree(os.path.join(repo, "2023"), os.path.join(g, "2023"))
        secs, rss, _ = timed(["git", "diff", "--no-index", "--stat", "2022", "2023"], g, env, ok=(0, 1))
        record(scale, "compare two years", "git diff --no-index --stat", secs, rss)
        subprocess.run(["sh", "-c", "git add -A && git commit -q -m 2023"], cwd=g, check=True, env=env)
        # A revision of 2023: 1% of the forms edited (corpus) and the budget lines revised.
        rev = sorted(os.path.join(c, "revision", "2023", f) for f in os.listdir(os.path.join(c, "revision", "2023")))
        timed([budgit, "import"] + rev, repo, env)
        _, _, bl = timed([bench, "revise-budgets", "--repo", repo, "--year", "2023"], repo, env)
        budget_edits = json.loads(bl)
        secs, rss, _ = timed([budgit, "commit", "-m", "2023 revised", "--author", "Bench <bench@example.org>"], repo,
                             dict(env, BUDGIT_DATE="@1700172800 +0800"))
        record(scale, "commit a 1% revision", "budgit", secs, rss)
        subprocess.run(["git", "tag", "y2023r"], cwd=repo, check=True)
        shutil.rmtree(os.path.join(g, "2023"))
        shutil.copytree(os.path.join(repo, "2023"), os.path.join(g, "2023"))
        shutil.rmtree(os.path.join(g, "sources"))
        shutil.copytree(os.path.join(repo, "sources"), os.path.join(g, "sources"))
        secs, rss, _ = timed(["sh", "-c", "git add -A && git commit -q -m rev"], g, env)
        record(scale, "commit a 1% revision", "git add+commit", secs, rss)
        # A re-import of the same revision: every file compared with what its source and
        # corrections give (hand edits kept as corrections); nothing changes, nothing is written.
        secs, rss, _ = timed([budgit, "import"] + rev, repo, env)
        record(scale, "re-import a revision unchanged", "budgit", secs, rss)
        # The reviewer's checks of a year: the arithmetic and the import errors still open.
        secs, rss, _ = timed([budgit, "check", "--year", "2023"], repo, env)
        record(scale, "check a year (sums and open import errors)", "budgit", secs, rss)
        # Counts and totals, as doltlite's row diff (counts by diff type) and git diff --stat give;
        # then the full report of every changed fact.
        secs, rss, out = timed([budgit, "diff", "y2023", "y2023r", "--summary", "--json"], repo, env, repeat=REPEAT)
        ds = json.loads(out)
        record(scale, "diff two revisions", "budgit", secs, rss, output="--summary --json (counts and totals)")
        secs, rss, out = timed([budgit, "diff", "y2023", "y2023r", "--json"], repo, env, repeat=REPEAT)
        d = json.loads(out)
        record(scale, "diff two revisions, full JSON report", "budgit", secs, rss, report_bytes=len(out))
        if ds["summary"] != d["summary"]:
            problems.append(f"{scale}: budgit diff --summary and the full report disagree: {ds['summary']} vs {d['summary']}")
        secs, rss, _ = timed(["git", "diff", "--stat", "HEAD~1", "HEAD"], g, env, repeat=REPEAT)
        record(scale, "diff two revisions", "git diff --stat", secs, rss)
        ours = {"budget-lines": (len(d["budgetLines"]["added"]), len(d["budgetLines"]["removed"]), len(d["budgetLines"]["changed"])),
                "indicators": (d["summary"]["indicators"]["added"], d["summary"]["indicators"]["removed"], d["summary"]["indicators"]["changed"])}
        truth = {"budget-lines": (budget_edits["added"], budget_edits["removed"], budget_edits["changed"])}
        if ours["budget-lines"] != truth["budget-lines"]:
            problems.append(f"{scale}: budgit diff reports budget lines +{ours['budget-lines'][0]} -{ours['budget-lines'][1]} ~{ours['budget-lines'][2]}, the edits were {truth['budget-lines']}")
        # History: 200 commits touching one project; log and blame it.
        proj = next(p for p in sorted(os.listdir(os.path.join(repo, "2023"))))
        ppath = sorted(os.listdir(os.path.join(repo, "2023", proj, "projects")))[0]
        project_path = f"2023/{proj}/projects/{ppath}"
        secs, rss, _ = timed([bench, "history", "--repo", repo, "--project", project_path, "--commits", "200"], repo, env)
        record(scale, "append 200 commits (setup)", "budgit-bench", secs, rss)
        pname = ppath[:-len(".jsonl")]
        secs, rss, out = timed([budgit, "log", "--year", "2023", "--unit", proj, "--project", pname, "--json"], repo, env, repeat=REPEAT)
        record(scale, "log --project (200 commits)", "budgit", secs, rss, commits=len(json.loads(out)))
        secs, rss, _ = timed(["git", "log", "--oneline", "--", project_path], repo, env, repeat=REPEAT)
        record(scale, "log --project (200 commits)", "git log -- PATH", secs, rss)
        # budgit's log says what changed in the project at each commit, so it reads and diffs the
        # file's two versions there: `git log -p` does the same work, line by line.
        secs, rss, _ = timed(["git", "log", "-p", "--oneline", "--", project_path], repo, env, repeat=REPEAT)
        record(scale, "log --project (200 commits)", "git log -p -- PATH", secs, rss)
        secs, rss, _ = timed([budgit, "blame", "--year", "2023", "--unit", proj, "--project", pname, "--json"], repo, env, repeat=REPEAT)
        record(scale, "blame a project (200 commits)", "budgit", secs, rss)
        secs, rss, _ = timed(["git", "blame", "--", project_path], repo, env, repeat=REPEAT)
        record(scale, "blame a project (200 commits)", "git blame PATH", secs, rss)
        # Peers on the same two revisions, exported by budgit.
        if not args.no_peers:
            for tag, sub in (("y2023", "A"), ("y2023r", "B")):
                dd = os.path.join(w, "export", sub)
                os.makedirs(dd, exist_ok=True)
                for table, fname in (("budget-lines", "budget-lines.csv"), ("indicators", "indicators.csv"), ("projects", "projects.json")):
                    with open(os.path.join(dd, fname), "wb") as fh:
                        subprocess.run([budgit, "export", table, "--year", "2023", "--rev", tag], cwd=repo, check=True, stdout=fh)
            # The peers that compete on time get the same median of REPEAT runs as budgit; the slow
            # ones (tens of seconds) run once.
            peer_rows = []
            for only, rep in (("doltlite,csv-diff", REPEAT), ("daff,deepdiff,graphtage", 1)):
                peers_out = os.path.join(w, f"peers-{only.split(',')[0]}.json")
                subprocess.run([sys.executable, os.path.join(ROOT, "bench/peers/run_peers.py"), os.path.join(w, "export", "A"),
                                os.path.join(w, "export", "B"), "--out", peers_out, "--timeout", str(args.peer_timeout),
                                "--datasets", "budget-lines,indicators", "--only", only, "--repeat", str(rep)], cwd=ROOT)
                if os.path.exists(peers_out):
                    peer_rows += json.load(open(peers_out))
            if peer_rows:
                for p in peer_rows:
                    results.append(dict(scale=scale, **p))
                    if p.get("status") == "ok" and p.get("dataset") in ours and p.get("added") is not None and "diff" in p.get("operation", "diff"):
                        theirs = (p["added"], p["removed"], p["changed"])
                        if theirs != ours[p["dataset"]]:
                            problems.append(f"{scale}: {p['tool']} {p['operation']} on {p['dataset']} counts +{theirs[0]} -{theirs[1]} ~{theirs[2]}, budgit +{ours[p['dataset']][0]} -{ours[p['dataset']][1]} ~{ours[p['dataset']][2]}")
            # The same peers on the year-over-year change that `compare` reports: both years
            # exported with the same year-free keys (unit|table|side|code, unit|project|path), so
            # a keyed row diff of 2022 against 2023 is the nearest equivalent. Indicator counts
            # differ by design (budgit pairs renamed projects and their indicators, a row diff
            # reports them removed and added); budget-line counts must agree (checked below).
            for year in (2022, 2023):
                dd = os.path.join(w, "export", f"Y{year}")
                os.makedirs(dd, exist_ok=True)
                for table, fname in (("budget-lines", "budget-lines.csv"), ("indicators", "indicators.csv")):
                    with open(os.path.join(dd, fname), "wb") as fh:
                        subprocess.run([budgit, "export", table, "--year", str(year), "--rev", "y2023"], cwd=repo, check=True, stdout=fh)
            years_out = os.path.join(w, "peers-years.json")
            subprocess.run([sys.executable, os.path.join(ROOT, "bench/peers/run_peers.py"), os.path.join(w, "export", "Y2022"),
                            os.path.join(w, "export", "Y2023"), "--out", years_out, "--timeout", str(args.peer_timeout),
                            "--datasets", "budget-lines,indicators", "--only", "doltlite,csv-diff"], cwd=ROOT)
            if os.path.exists(years_out):
                sb = cmp["summary"]["budgetLines"]
                for p in json.load(open(years_out)):
                    results.append(dict(scale=scale, pair="years", **p))
                    # Budget lines are keyed alike on both sides (unit, table, side, code), so on
                    # them the row diff and compare must agree exactly.
                    if p.get("status") == "ok" and p.get("dataset") == "budget-lines" and p.get("added") is not None:
                        if (p["added"], p["removed"], p["changed"]) != (sb["added"], sb["removed"], sb["changed"]):
                            problems.append(f"{scale}: {p['tool']} {p['operation']} on the two years' budget lines counts +{p['added']} -{p['removed']} ~{p['changed']}, budgit compare +{sb['added']} -{sb['removed']} ~{sb['changed']}")
        results.append(dict(scale=scale, operation="counts", tool="budgit", budget_lines=ours["budget-lines"],
                            indicators=ours["indicators"], budget_edits=budget_edits,
                            compare_summary=cmp.get("summary")))

    meta = dict(machine=platform.platform(), cpus=os.cpu_count(), python=platform.python_version(),
                date=time.strftime("%Y-%m-%d %H:%M:%S %z"))
    json.dump(dict(meta=meta, results=results, problems=problems), open(os.path.join(args.out, "results.json"), "w"),
              ensure_ascii=False, indent=1)
    write_markdown(results, meta, problems, os.path.join(args.out, "results.md"))
    print(open(os.path.join(args.out, "results.md")).read())
    if problems:
        print("CROSS-CHECK FAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
        sys.exit(1)


def write_markdown(results, meta, problems, path):
    lines = [f"Machine: {meta['machine']}, {meta['cpus']} cores; run {meta['date']}.", ""]
    for scale in dict.fromkeys(r["scale"] for r in results):
        rows = [r for r in results if r["scale"] == scale and "seconds" in r and r.get("seconds") is not None]
        lines += [f"### {scale}", "", "| operation | tool | time (s) | peak memory (MiB) | budgit / this |", "|---|---|---:|---:|---:|"]
        ours = {r["operation"]: r for r in rows if r["tool"] == "budgit"}
        for r in rows:
            op = r["operation"] if r["tool"] != "budgit" or r["operation"] in ours else r["operation"]
            ratio = ""
            key = {"diff (dolt_diff_<table>)": "diff two revisions"}.get(r["operation"], r["operation"])
            years = r.get("pair") == "years"
            if r["tool"] != "budgit":
                if r.get("dataset"):
                    key = "compare two years" if years else "diff two revisions"
                if key in ours and r["seconds"]:
                    ratio = f"{ours[key]['seconds'] / r['seconds']:.2f}"
            label = r["tool"] + (f" ({r['dataset']}, {r['operation']})" if r.get("dataset") else "")
            mem = f"{r['peak_rss_kib'] / 1024:.1f}" if r.get("peak_rss_kib") else ""
            status = "" if r.get("status", "ok") == "ok" else f" — {r['status']}"
            op = r["operation"] if not r.get("dataset") else ("compare two years" if years else "diff two revisions")
            lines.append(f"| {op} | {label}{status} | {r['seconds']:.3f} | {mem} | {ratio} |")
        lines.append("")
    if problems:
        lines += ["**Cross-check failures:**", ""] + [f"- {p}" for p in problems]
    open(path, "w").write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
