#!/bin/sh
# Infeasibility named end to end (engine/diagnose.c): the bundled infeasible
# example names kansai-floor and the rules that thin it, on stderr and in the
# solution's infeasibility object; a conflict of a floor against a budget
# names both; the solution is still one that musubi check accepts.
# Usage: tests/e2e_diagnose.sh path/to/musubi
bin=${1:?usage: tests/e2e_diagnose.sh path/to/musubi}
. "$(dirname "$0")/lib.sh"
e2e_tmpdir diagnose
ex=$(cd "$(dirname "$0")/../instances/examples" && pwd)

expect_rc "an infeasible instance exits 5" 5 "$bin" solve "$ex/infeasible.json" -o "$tmp/i.json"
has "the summary names the conflicting floor" "$tmp/err" "quota row kansai-floor needs at least 3 placements (2 eligible applicants"
has "... and the rules that shut applicants out of it" "$tmp/err" "pairs excluded by nationality 1, age 1, applicant_list 1"
has "the solution carries the conflict" "$tmp/i.json" '"infeasibility": {"minimal": true, "conflict": ['
has "... as a floor with its bound" "$tmp/i.json" '{"kind": "floor", "quota_row": "kansai-floor", "bound": 3, "eligible_applicants": 2'
expect_rc "musubi check accepts the infeasible verdict" 0 "$bin" check "$ex/infeasible.json" "$tmp/i.json"
expect_rc "explain the infeasible verdict" 0 "$bin" explain "$ex/infeasible.json" "$tmp/i.json"
has "... names the conflicting floor" "$tmp/out" "status infeasible: these constraints conflict (each one needed): quota row kansai-floor needs at least 3 placements"
grep -q "no placement to explain" "$tmp/out" && ko "... instead of only saying there is nothing to explain" || ok "... instead of only saying there is nothing to explain"
expect_rc "report on the infeasible verdict" 0 "$bin" report "$ex/infeasible.json" "$tmp/i.json" -o "$tmp/i.html"
has "... the report names it too" "$tmp/i.html" "quota row kansai-floor needs at least 3 placements"

# Two floors that each hold alone but not under the programme budget.
cat >"$tmp/budget.json" <<'JSON'
{"format": "musubi-instance-1",
 "applicants": [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}],
 "companies": [{"id": "C1", "capacity": 2, "region": "Kanto"}, {"id": "C2", "capacity": 2, "region": "Kansai"}],
 "quotas": [{"name": "kanto-floor", "companies": {"region": "Kanto"}, "min": 2},
            {"name": "kansai-floor", "companies": {"region": "Kansai"}, "min": 1},
            {"name": "budget", "max": 2}]}
JSON
for engine in auto mip; do
    expect_rc "$engine: floors against a budget exit 5" 5 "$bin" solve "$tmp/budget.json" --engine $engine -o "$tmp/b-$engine.json"
    has "$engine: ... naming the first floor" "$tmp/err" "quota row kanto-floor needs at least 2 placements"
    has "$engine: ... the second floor" "$tmp/err" "quota row kansai-floor needs at least 1 placement (3 eligible applicants)"
    has "$engine: ... and the budget" "$tmp/err" "quota row budget allows at most 2"
    has "$engine: ... but no capacity, which plays no part" "$tmp/b-$engine.json" '"minimal": true'
    grep -q '"kind": "capacity"' "$tmp/b-$engine.json" && ko "$engine: no capacity in the conflict" || ok "$engine: no capacity in the conflict"
done
finish
