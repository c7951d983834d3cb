#!/usr/bin/env python3
"""Five matching policies on one generated instance, side by side.

    python3 python/examples/compare_policies.py [--applicants 120] [--companies 12] [--seed 1]

The instance is musubi's bench-stable family (ranked preferences on both
sides, no quotas). The policies: maximum total weight (auto), applicant- and
company-proposing deferred acceptance, the heaviest stable matching, and the
rank-maximal matching (most first choices, then seconds, ...). Every
assignment is re-checked by musubi's independent checker (the "check" row).
"""

import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))  # the package beside this folder
import musubi  # noqa: E402

POLICIES = [  # (label, engine, objective)
    ("max weight", "auto", "weight"),
    ("DA applicants", "da-applicant", "weight"),
    ("DA companies", "da-company", "weight"),
    ("stable, heaviest", "stable-optimal", "weight"),
    ("rank-maximal", "mip", "rank-maximal"),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--applicants", type=int, default=120)
    ap.add_argument("--companies", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--preset", default="bench-stable", help="a musubi gen preset without quota rows")
    args = ap.parse_args()
    doc = musubi.generate(args.preset, seed=args.seed, applicants=args.applicants, companies=args.companies)
    inst = musubi.Instance.from_dict(doc, source="%s seed %d" % (args.preset, args.seed))
    rows = []
    for label, engine, objective in POLICIES:
        sol = musubi.solve(inst, engine=engine, objective=objective, time_limit=60)
        m = sol["metrics"]
        profile = m["applicant_ranks"]["profile"]
        rows.append((label, [
            sol["status"],
            str(m["placements"]),
            str(sol["objective"]),
            str(m["blocking_pairs"]),
            str(m["justified_envy"]["applicants"]),
            str(profile[0] if profile else 0),
            "%.2f" % m["applicant_ranks"]["mean"],
            "%.2f" % m["company_ranks"]["mean"],
            "%.3f" % m["gini_welfare"],
            "valid" if musubi.check(inst, sol)["valid"] else "INVALID",
            "%.2f" % sol["seconds"],
        ]))
    measures = ["status", "placements", "total weight", "blocking pairs", "envious applicants",
                "1st choices", "applicant mean rank", "company mean rank", "Gini of welfare", "check", "seconds"]
    print("musubi %s: %s: %d applicants, %d companies" % (musubi.__version__, inst.source, inst.applicants,
                                                          inst.companies))
    width = max(len(s) for s in measures)
    cols = [max(len(label), *(len(v) for v in values)) for label, values in rows]
    print(" " * width + "".join("  %*s" % (w, label) for w, (label, _) in zip(cols, rows)))
    for i, name in enumerate(measures):
        print("%-*s" % (width, name) + "".join("  %*s" % (w, values[i]) for w, (_, values) in zip(cols, rows)))
    inst.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
