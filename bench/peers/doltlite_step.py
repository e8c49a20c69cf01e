#!/usr/bin/env python3
"""One doltlite step, run by run_peers.py in a fresh process of the venv's python.

    doltlite_step.py commit DB TABLE CSV MESSAGE   load CSV into TABLE, then dolt_commit
    doltlite_step.py diff   DB TABLE FROM TO       count rows of dolt_diff_<TABLE> between two commits
    doltlite_step.py stat   DB TABLE FROM TO       SELECT * FROM dolt_diff_stat(FROM, TO, TABLE)
    doltlite_step.py all    DB TABLE A_CSV B_CSV   all of the above in one process

Prints one JSON object on stdout. `commit` creates the table (every column TEXT, `id` the PRIMARY KEY) when DB is new; otherwise
it replaces the table's contents (DELETE of every row, then INSERT of the new rows, in one SQL
transaction; measured faster here than an upsert through a temp table). doltlite builds its prolly
tree when the SQL transaction commits, so `dolt_commit('-A', '--allow-empty', '-m', MESSAGE)`
itself costs well under a millisecond: the JSON gives `load_s` (read the CSV), `write_s` (the SQL
transaction) and `dolt_commit_s` apart. (--allow-empty: identical A and B still make commit B.)

`diff` is the row diff a user of doltlite queries:
    SELECT diff_type, count(*) FROM dolt_diff_<TABLE>
    WHERE from_commit = FROM AND to_commit = TO GROUP BY diff_type
(diff_type is 'added', 'removed' or 'modified'; the unfiltered view spans every commit pair of
the history, including the initial load). `stat` is the table function dolt_diff_stat.
"""
import csv
import json
import os
import sys
import time

import doltlite  # noqa: F401  (must come before sqlite3: it loads libdoltlite in its place)
import sqlite3


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, list(reader)


def connect(db):
    return sqlite3.connect(db, isolation_level=None)


def commit(db, table, path, message):
    t0 = time.perf_counter()
    header, rows = read_csv(path)
    load_s = time.perf_counter() - t0
    if "id" not in header:
        raise SystemExit("%s: no id column" % path)
    new = not os.path.exists(db)
    conn = connect(db)
    insert = "INSERT INTO %s VALUES (%s)" % (quote(table), ",".join("?" * len(header)))
    t1 = time.perf_counter()
    if new:
        cols = ", ".join(quote(c) + " TEXT" + (" PRIMARY KEY" if c == "id" else "") for c in header)
        conn.execute("CREATE TABLE %s (%s)" % (quote(table), cols))
    conn.execute("BEGIN")
    if not new:
        conn.execute("DELETE FROM %s" % quote(table))
    conn.executemany(insert, rows)
    conn.execute("COMMIT")
    t2 = time.perf_counter()
    commit_hash = conn.execute("SELECT dolt_commit('-A', '--allow-empty', '-m', ?)", (message,)).fetchone()[0]
    t3 = time.perf_counter()
    conn.close()
    return {"commit": commit_hash, "rows": len(rows), "load_s": load_s, "write_s": t2 - t1,
            "dolt_commit_s": t3 - t2, "op_seconds": t3 - t0}


def diff(db, table, from_commit, to_commit):
    conn = connect(db)
    t0 = time.perf_counter()
    counts = dict(conn.execute(
        "SELECT diff_type, count(*) FROM %s WHERE from_commit = ? AND to_commit = ? GROUP BY diff_type"
        % quote("dolt_diff_" + table), (from_commit, to_commit)).fetchall())
    t1 = time.perf_counter()
    conn.close()
    return {"added": counts.get("added", 0), "removed": counts.get("removed", 0),
            "changed": counts.get("modified", 0), "op_seconds": t1 - t0,
            "diff_types": counts}


def stat(db, table, from_commit, to_commit):
    conn = connect(db)
    t0 = time.perf_counter()
    cur = conn.execute("SELECT * FROM dolt_diff_stat(?, ?, ?)", (from_commit, to_commit, table))
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    t1 = time.perf_counter()
    conn.close()
    row = next((r for r in rows if r.get("table_name") == table), None)
    if row is None:  # no difference at all: dolt_diff_stat has no row for the table
        return {"added": 0, "removed": 0, "changed": 0, "op_seconds": t1 - t0, "stat": rows}
    return {"added": row["rows_added"], "removed": row["rows_deleted"],
            "changed": row["rows_modified"], "op_seconds": t1 - t0, "stat": row}


def main(argv):
    if len(argv) != 6 or argv[1] not in ("commit", "diff", "stat", "all"):
        raise SystemExit(__doc__)
    step, db, table, x, y = argv[1:]
    if step == "commit":
        out = commit(db, table, x, y)
    elif step == "diff":
        out = diff(db, table, x, y)
    elif step == "stat":
        out = stat(db, table, x, y)
    else:
        t0 = time.perf_counter()
        a = commit(db, table, x, "A")
        b = commit(db, table, y, "B")
        d = diff(db, table, a["commit"], b["commit"])
        s = stat(db, table, a["commit"], b["commit"])
        out = {"added": d["added"], "removed": d["removed"], "changed": d["changed"],
               "op_seconds": time.perf_counter() - t0,
               "steps": {"commit A": a["op_seconds"], "commit B": b["op_seconds"],
                         "diff": d["op_seconds"], "diff_stat": s["op_seconds"]},
               "stat_agrees": (s["added"], s["removed"], s["changed"]) == (d["added"], d["removed"], d["changed"])}
    out["sqlite_version"] = sqlite3.sqlite_version
    out["doltlite_version"] = getattr(doltlite, "__version__", None)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
