#!/bin/sh
# End-to-end checks of the policy engines and `musubi compare`: output
# formats, refusals, exit codes; every solution written passes `check`.
bin=${1:?usage: tests/e2e_policies.sh path/to/musubi}
. "$(dirname "$0")/lib.sh"
e2e_tmpdir policies
ex=instances/examples
bad=$(ls tests/bad/*.json 2>/dev/null | head -n 1)

# ---- bad usage first
expect_rc "compare help" 0 "$bin" compare --help
has "compare help has an example" "$tmp/out" "Example"
has "compare help lists the engines" "$tmp/out" "da-applicant|da-company|stable-optimal"
has "compare help lists options from the table" "$tmp/out" "--tie-break"
expect_rc "compare without an instance" 2 "$bin" compare
expect_rc "compare with an unknown engine" 2 "$bin" compare $ex/tiny.json --engines mip,gale-shapley
has "unknown engine is named" "$tmp/err" "gale-shapley"
expect_rc "compare takes --engines, not --engine" 2 "$bin" compare $ex/tiny.json --engine mip
expect_rc "compare refuses --json with --csv" 2 "$bin" compare $ex/tiny.json --json --csv
expect_rc "compare with a bad option value" 2 "$bin" compare $ex/tiny.json --tie-break coin
expect_rc "compare on a missing file" 4 "$bin" compare "$tmp/nope.json"
if [ -n "$bad" ]; then
    expect_rc "compare on an invalid instance" 3 "$bin" compare "$bad" -q
else
    ko "compare on an invalid instance: no tests/bad/*.json (run from the repository root)"
fi
expect_rc "solve with an unknown tie-break" 2 "$bin" solve $ex/tiny.json --tie-break coin
expect_rc "solve with an unknown objective" 2 "$bin" solve $ex/tiny.json --objective happiness
expect_rc "flow refuses another objective" 2 "$bin" solve $ex/tiny.json --engine flow --objective placements -o "$tmp/f.json"
[ ! -e "$tmp/f.json" ] && ok "no output when flow refuses" || ko "no output when flow refuses"
expect_rc "deferred acceptance refuses an objective" 2 "$bin" solve $ex/tiny.json --engine da-applicant --objective egalitarian
# A quota over part of two hosts' pairs and part of two applicants': no tree to run deferred acceptance on.
cat >"$tmp/crossing.json" <<'EOF2'
{"format": "musubi-instance-1",
 "applicants": [{"id": "A1", "nationality": "VN"}, {"id": "A2", "nationality": "VN"}, {"id": "A3", "nationality": "TH"}],
 "companies": [{"id": "C1", "capacity": 1, "region": "Kanto"}, {"id": "C2", "capacity": 1, "region": "Kanto"},
               {"id": "C3", "capacity": 1, "region": "Kansai"}],
 "quotas": [{"name": "vn-in-kanto", "applicants": {"nationality": "VN"}, "companies": {"region": "Kanto"}, "max": 1}]}
EOF2
expect_rc "deferred acceptance refuses a quota it cannot honour" 2 "$bin" solve "$tmp/crossing.json" --engine da-applicant -o "$tmp/da.json"
has "the refusal names the row" "$tmp/err" "quota row vn-in-kanto holds part of the eligible pairs of several hosts"
[ ! -e "$tmp/da.json" ] && ok "no output when deferred acceptance refuses" || ko "no output when deferred acceptance refuses"
for e in da-applicant da-company; do
    expect_rc "$e under the historical quotas" 0 "$bin" solve instances/jip-fy2018.json -q --engine $e -o "$tmp/jip-$e.json"
    expect_rc "check $e's solution" 0 "$bin" check instances/jip-fy2018.json "$tmp/jip-$e.json"
    has "$e leaves no quota-respecting blocking pair" "$tmp/jip-$e.json" '"blocking_pairs_quota_respecting": 0'
    has "$e states its criterion" "$tmp/jip-$e.json" '"criterion": "blocking_pairs_quota_respecting"'
done
expect_rc "maxmin refuses an attribute no applicant has" 2 "$bin" solve $ex/tiny.json --objective maxmin --group-by shoe-size

# ---- engines and objectives: every solution passes check
for e in da-applicant da-company stable-optimal almost-stable; do
    expect_rc "solve tiny with $e" 0 "$bin" solve $ex/tiny.json -q --engine $e -o "$tmp/$e.json"
    expect_rc "check tiny's $e solution" 0 "$bin" check $ex/tiny.json "$tmp/$e.json"
    has "$e solution carries metrics" "$tmp/$e.json" '"blocking_pairs": 0'
done
has "stable-optimal reports the price of stability" "$tmp/stable-optimal.json" '"price_of_stability"'
has "deferred acceptance states its criterion" "$tmp/da-applicant.json" '"criterion": "blocking_pairs"'
for o in placements rank-maximal egalitarian maxmin; do
    expect_rc "solve with quotas, objective $o" 0 "$bin" solve $ex/tiny-quotas.json -q --objective $o -o "$tmp/o-$o.json"
    expect_rc "check the $o solution" 0 "$bin" check $ex/tiny-quotas.json "$tmp/o-$o.json"
done
has "rank-maximal states its criterion" "$tmp/o-rank-maximal.json" '"criterion": "rank_maximal"'
has "egalitarian states its criterion" "$tmp/o-egalitarian.json" '"criterion": "egalitarian_cost"'
has "maxmin states its criterion" "$tmp/o-maxmin.json" '"criterion": "maxmin_rate"'
# One set of numbers: maxmin's rate is the lowest nationality rate the metrics
# report, over the same denominator (members with an eligible pair).
rate=$(sed -n 's/^  "criterion_value": \(.*\),$/\1/p' "$tmp/o-maxmin.json")
low=$(grep -o '"attribute": "nationality", "side": "applicants", "value": "[^"]*", "members": [0-9]*, "eligible": [0-9]*, "placed": [0-9]*, "rate": [0-9.e-]*' "$tmp/o-maxmin.json" |
    awk -F'"eligible": ' '{ split($2, x, ","); if (x[1] + 0 > 0) { sub(/.*"rate": /, ""); if (min == "" || $0 + 0 < min + 0) min = $0 } } END { print min }')
check "maxmin's rate ($rate) is the lowest group rate in its metrics ($low)" [ -n "$rate" -a "$rate" = "$low" ]
expect_rc "the summary shows placed of eligible" 0 "$bin" solve $ex/tiny-quotas.json --objective maxmin -o "$tmp/o2.json"
has "... by nationality" "$tmp/err" "musubi: placed of eligible by nationality:"
# compare measures every engine, even one stopped by the time limit, and names auto once.
expect_rc "compare under a time limit" 0 "$bin" compare instances/jip-fy2018.json --engines auto,mip --time-limit 0.5 -o "$tmp/cmp.txt"
grep -q 'metrics skipped' "$tmp/cmp.txt" && ko "compare never skips metrics" || ok "compare never skips metrics"
grep -q '^note: auto: auto:' "$tmp/cmp.txt" && ko "compare names auto once" || ok "compare names auto once"
expect_rc "lottery run 1" 0 "$bin" solve instances/tokyo-2022.json -q --engine da-company --tie-break multiple --seed 7 -o "$tmp/l1.json"
expect_rc "lottery run 2, two threads" 0 "$bin" solve instances/tokyo-2022.json -q --engine da-company --tie-break multiple --seed 7 --threads 2 -o "$tmp/l2.json"
sed -n '/"assignment"/,/"unassigned"/p' "$tmp/l1.json" >"$tmp/a1"; sed -n '/"assignment"/,/"unassigned"/p' "$tmp/l2.json" >"$tmp/a2"
cmp -s "$tmp/a1" "$tmp/a2" && ok "the same seed gives the same matching" || ko "the same seed gives the same matching"
expect_rc "verbose solve" 0 "$bin" solve instances/tokyo-2022.json --engine mip -v -o "$tmp/v.json"
has "-v lists the blocking pairs in the solution" "$tmp/v.json" '"blocking_pair_list"'
has "-v lists the blocking pairs in the summary" "$tmp/err" "musubi: blocking pair ("
expect_rc "stable-optimal on an infeasible instance exits 5" 5 "$bin" solve $ex/infeasible.json -q --engine stable-optimal -o "$tmp/i.json"
has "infeasible status written" "$tmp/i.json" '"status": "infeasible"'

# ---- compare: the three formats
expect_rc "compare, table" 0 "$bin" compare $ex/tiny.json --engines mip,da-applicant,da-company,stable-optimal,almost-stable -q
for w in mip da-applicant da-company stable-optimal almost-stable "blocking pairs" "applicant ranks" "placed nationality=VN" "price of stability" "time (s)"; do
    has "table shows $w" "$tmp/out" "$w"
done
[ "$(grep -c '^check .*valid' "$tmp/out")" -eq 1 ] && ! grep -q INVALID "$tmp/out" && ok "every engine's assignment is valid" || ko "every engine's assignment is valid"
expect_rc "compare, json" 0 "$bin" compare $ex/tiny.json --engines mip,da-applicant,stable-optimal --json -q
has "json names its format" "$tmp/out" '"format": "musubi-compare-1"'
[ "$(grep -c '"engine": "' "$tmp/out")" -eq 3 ] && ok "json has one entry per engine" || ko "json has one entry per engine"
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["engines"]) == 3 and d["engines"][1]["metrics"]["blocking_pairs"] == 0' "$tmp/out" \
        && ok "json parses" || ko "json parses"
else
    skip "json parses" "python3 is not installed"
fi
expect_rc "compare, csv to a file" 0 "$bin" compare $ex/tiny.json --engines auto,da-company --csv -o "$tmp/c.csv" -q
head -n 1 "$tmp/c.csv" | grep -q "^engine,status,criterion,criterion_value,placements," && ok "csv header" || ko "csv header"
[ "$(wc -l <"$tmp/c.csv")" -eq 3 ] && ok "csv has one row per engine" || ko "csv has one row per engine"
[ ! -s "$tmp/out" ] && ok "-o leaves stdout empty" || ko "-o leaves stdout empty"
expect_rc "compare shows a refusal as a row" 0 "$bin" compare "$tmp/crossing.json" --engines auto,da-applicant -q
has "refused row" "$tmp/out" "refused"
has "refusal reason" "$tmp/out" "note: da-applicant refused"
expect_rc "compare with no solution exits 5" 5 "$bin" compare $ex/infeasible.json --engines mip,stable-optimal -q
has "infeasible rows are shown" "$tmp/out" "infeasible"
finish
