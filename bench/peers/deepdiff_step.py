#!/usr/bin/env python3
"""deepdiff keyed by id, run by run_peers.py in a fresh process of the venv's python.

    deepdiff_step.py A_FILE B_FILE

A_FILE and B_FILE are CSV (read with csv.DictReader: a list of dicts, every value a string) or
JSON (.json: the array of projects as exported). Runs

    DeepDiff(a, b, group_by='id', view='tree')

and counts distinct top-level ids: added = dictionary_item_added at depth 1, removed =
dictionary_item_removed at depth 1, changed = every other reported path's first key (a project
whose nested indicators list changed counts once). Prints one JSON object with the counts,
`op_seconds` (the DeepDiff call alone) and `load_s` (reading both files).
"""
import csv
import json
import sys
import time

from deepdiff import DeepDiff


def load(path):
    if path.endswith(".json"):
        with open(path, encoding="utf-8-sig") as f:
            return json.load(f)
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def main(argv):
    if len(argv) != 3:
        raise SystemExit(__doc__)
    t0 = time.perf_counter()
    a, b = load(argv[1]), load(argv[2])
    t1 = time.perf_counter()
    tree = DeepDiff(a, b, group_by="id", view="tree")
    t2 = time.perf_counter()
    added, removed, changed = set(), set(), set()
    report_types = {}
    for report_type, levels in tree.items():
        report_types[report_type] = len(levels)
        for level in levels:
            path = level.path(output_format="list")
            if len(path) == 1 and report_type == "dictionary_item_added":
                added.add(path[0])
            elif len(path) == 1 and report_type == "dictionary_item_removed":
                removed.add(path[0])
            else:
                changed.add(path[0])
    import deepdiff
    json.dump({"added": len(added), "removed": len(removed), "changed": len(changed - added - removed),
               "op_seconds": t2 - t1, "load_s": t1 - t0, "report_types": report_types,
               "deepdiff_version": getattr(deepdiff, "__version__", None)}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
