#!/usr/bin/env python3
"""Builds a large instance in memory from Python lists and solves it, timed
against `musubi solve` on the same instance as a file (the JSON document and
the CSV tables) -- the issue's yardstick: in memory within 2x of the file.

    python3 python/examples/build_in_memory.py --applicants 100000 --companies 5000

The instance comes from `musubi gen --preset bench-transport` (pairs with
their weights); its tables are read into plain Python lists first, untimed,
as a researcher's data would already be. What is timed is what a Python
program pays: Instance.from_arrays (ids, capacities, the applicants' and
companies' columns, the pairs) plus musubi.solve (solve, metrics, the solution
as a dict). Exits 1 when the answers differ, or when the ratio exceeds
--max-ratio (0: the ratio is reported, not judged; how `make test` runs it,
since a timing is a measurement, not a test).
"""

import argparse
import array
import csv
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))  # the package beside this folder
import musubi  # noqa: E402


def timed(cmd, repeat):
    """The best of `repeat` runs: the machine's other load only slows a run."""
    best = None
    for _ in range(repeat):
        t0 = time.monotonic()
        subprocess.run(cmd, check=True)
        t = time.monotonic() - t0
        best = t if best is None else min(best, t)
    return best


def read_columns(path, skip):
    """A CSV table as {column: [values]} (empty cells as None), and the ids."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        cols = [[] for _ in header]
        for row in rows:
            for k, cell in enumerate(row):
                cols[k].append(cell if cell != "" else None)
    table = dict(zip(header, cols))
    ids = table.pop("id")
    for name in skip:
        table.pop(name, None)
    return ids, table


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--applicants", type=int, default=100000)
    ap.add_argument("--companies", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--musubi", default=str(pathlib.Path(__file__).resolve().parents[2] / "bin" / "musubi"))
    ap.add_argument("--max-ratio", type=float, default=2.0,
                    help="fail above this in-memory / file ratio; 0 reports it only (default 2.0)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each route; the best counts (default 3)")
    ap.add_argument("--file", choices=("tables", "json", "both"), default="both",
                    help="the file routes to time musubi solve on (default both)")
    args = ap.parse_args()
    gen = [args.musubi, "gen", "--preset", "bench-transport", "--seed", str(args.seed), "--applicants",
           str(args.applicants), "--companies", str(args.companies)]
    with tempfile.TemporaryDirectory(prefix="musubi-scale-") as work:
        doc, tables = os.path.join(work, "instance.json"), os.path.join(work, "tables")
        subprocess.run(gen + ["--tables", tables], check=True)
        file_json = None
        if args.file != "tables":
            subprocess.run(gen + ["-o", doc], check=True)
            file_json = timed([args.musubi, "solve", doc, "-q", "-o", os.path.join(work, "sol-json.json")],
                              args.repeat)
        file_tables = timed([args.musubi, "solve", tables, "-q", "-o", os.path.join(work, "sol-tables.json")],
                            args.repeat)
        with open(os.path.join(work, "sol-tables.json")) as f:
            reference = json.load(f)

        # The researcher's data, in plain lists (untimed).
        app_ids, app_cols = read_columns(os.path.join(tables, "applicants.csv"), ())
        com_ids, com_cols = read_columns(os.path.join(tables, "companies.csv"), ())
        capacities = [int(c) for c in com_cols.pop("capacity")]
        for key in ("target_markets", "requires_fields"):  # lists as lists
            if key in com_cols:
                com_cols[key] = [None if v is None else v.split("|") for v in com_cols[key]]
        app_index = {a: i for i, a in enumerate(app_ids)}
        com_index = {c: j for j, c in enumerate(com_ids)}
        pa, pc, pw = [], [], []
        with open(os.path.join(tables, "pairs.csv"), newline="") as f:
            rows = csv.reader(f)
            next(rows)
            for a, c, w in rows:
                pa.append(app_index[a])
                pc.append(com_index[c])
                pw.append(int(w))
        with open(os.path.join(tables, "programme.json")) as f:
            programme = json.load(f)

        t_build = t_memory = None
        for _ in range(args.repeat):
            t0 = time.monotonic()
            inst = musubi.Instance.from_arrays(
                app_ids, com_ids, capacities, pair_applicants=array.array("i", pa),
                pair_companies=array.array("i", pc), pair_weights=array.array("q", pw), applicant_attributes=app_cols,
                company_attributes=com_cols, name=programme.get("name"), rules=programme.get("rules"),
                quotas=programme.get("quotas"))
            t1 = time.monotonic()
            sol = musubi.solve(inst)
            t2 = time.monotonic()
            inst.close()
            if t_memory is None or t2 - t0 < t_memory:
                t_build, t_memory = t1 - t0, t2 - t0

    same = (sol["objective"] == reference["objective"] and sol["assignment"] == reference["assignment"]
            and sol["metrics"] == reference["metrics"])
    pairs = len(pa)
    print("musubi %s: %d applicants, %d companies, %d pairs" % (musubi.__version__, len(app_ids), len(com_ids),
                                                                pairs))
    print("%-44s %8s" % ("route (best of %d)" % args.repeat, "seconds"))
    if file_json is not None:
        print("%-44s %8.2f" % ("musubi solve instance.json (JSON file)", file_json))
    print("%-44s %8.2f" % ("musubi solve tables/ (CSV tables)", file_tables))
    print("%-44s %8.2f" % ("Python: Instance.from_arrays", t_build))
    print("%-44s %8.2f" % ("Python: from_arrays + solve, as a dict", t_memory))
    ratio = t_memory / min(t for t in (file_json, file_tables) if t is not None)
    limit = "limit %.1fx" % args.max_ratio if args.max_ratio > 0 else "reported, not judged"
    print("in memory / fastest file route: %.2fx (%s); same objective, assignment and metrics: %s"
          % (ratio, limit, "yes" if same else "NO"))
    return 0 if same and (args.max_ratio <= 0 or ratio <= args.max_ratio) else 1


if __name__ == "__main__":
    sys.exit(main())
