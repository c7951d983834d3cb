#!/bin/sh
# musubi evaluate, and a planner's whole workflow on the README's spreadsheet
# example: import -> solve -> explain -> rematch -> rematch -> evaluate ->
# report, every file produced passing musubi check against its own instance.
# Usage: tests/e2e_evaluate.sh path/to/musubi
bin=${1:?usage: tests/e2e_evaluate.sh path/to/musubi}
. "$(dirname "$0")/lib.sh"
e2e_tmpdir evaluate
csv=$(cd "$(dirname "$0")/../instances/examples/csv" && pwd)

expect_rc "import" 0 "$bin" import "$csv" -o "$tmp/intake.json"
expect_rc "solve" 0 "$bin" solve "$tmp/intake.json" -q -o "$tmp/sol.json"
expect_rc "the solution passes check" 0 "$bin" check "$tmp/intake.json" "$tmp/sol.json"
expect_rc "explain an applicant" 0 "$bin" explain "$tmp/intake.json" "$tmp/sol.json" --applicant A10
expect_rc "explain an id in the wrong case" 3 "$bin" explain "$tmp/intake.json" "$tmp/sol.json" --applicant a10
has "... names the instance and the near id" "$tmp/err" "no applicant of $tmp/intake.json has the id \"a10\"; did you mean \"A10\"?"

# An outside assignment, as a spreadsheet saves it: ';', a BOM, a column
# evaluate ignores, an applicant listed without a host.
printf '\357\273\277applicant;company;note\nA06;C03;kept from last year\nA04;C02;\nA05;;waitlist\n' >"$tmp/manual.csv"
expect_rc "evaluate a manual assignment" 0 "$bin" evaluate "$tmp/intake.json" "$tmp/manual.csv" -o "$tmp/eval.json"
has "the summary says how far from the optimum" "$tmp/err" "this assignment is 925 below (56.92%); it places 2 against 5"
expect_rc "... its evaluation passes check" 0 "$bin" check "$tmp/intake.json" "$tmp/eval.json"
has "... with the optimum's bound, certified" "$tmp/out" "bound 1625 certified by dual prices"
has "... the engine is evaluate" "$tmp/eval.json" '"engine": "evaluate"'
has "... its weight" "$tmp/eval.json" '"objective": 700'
has "... the optimum beside it" "$tmp/eval.json" '"objective": 1625'
has "... the distance in weight" "$tmp/eval.json" '"weight_below_optimum": 925'
has "... and in placements" "$tmp/eval.json" '"placements_below_optimum": 3'
has "... the placements shared with the optimum" "$tmp/eval.json" '"placements_shared_with_optimum": 2'
has "... and metrics" "$tmp/eval.json" '"blocking_pairs": '
expect_rc "report on the evaluation" 0 "$bin" report "$tmp/intake.json" "$tmp/eval.json" -o "$tmp/eval.html"
expect_rc "explain on the evaluation" 0 "$bin" explain "$tmp/intake.json" "$tmp/eval.json" --applicant A10

# The optimum evaluated is optimal.
sed -n 's/^    {"applicant": "\([^"]*\)", "company": "\([^"]*\)".*/\1,\2/p' "$tmp/sol.json" >"$tmp/opt.body"
{ echo "applicant,company"; cat "$tmp/opt.body"; } >"$tmp/opt.csv"
expect_rc "evaluate the optimum itself" 0 "$bin" evaluate "$tmp/intake.json" "$tmp/opt.csv" -o "$tmp/eval-opt.json" -q
has "... is optimal" "$tmp/eval-opt.json" '"status": "optimal"'
has "... nothing below the optimum" "$tmp/eval-opt.json" '"weight_below_optimum": 0'

# Bad assignments: refused with the file, row and column, nothing written.
printf 'applicant,company\nA02,C01\n' >"$tmp/inelig.csv"
expect_rc "an ineligible pair fails the checker (exit 1)" 1 "$bin" evaluate "$tmp/intake.json" "$tmp/inelig.csv" -o "$tmp/x.json"
has "... naming the file, the pair and the rule" "$tmp/err" "inelig.csv: violation: pair (A02, C01) is not eligible: rule company_field"
check "... nothing written" test ! -e "$tmp/x.json"
printf 'applicant,company\nA99,C01\n' >"$tmp/unknown.csv"
expect_rc "an unknown applicant is an input error (exit 3)" 3 "$bin" evaluate "$tmp/intake.json" "$tmp/unknown.csv" -o "$tmp/x.json"
has "... naming the file, row and column" "$tmp/err" "unknown.csv: row 2: applicant: no applicant \"A99\""
printf 'applicant,company\nA06,C03\nA06,C01\n' >"$tmp/twice.csv"
expect_rc "an applicant listed twice is an input error" 3 "$bin" evaluate "$tmp/intake.json" "$tmp/twice.csv" -o "$tmp/x.json"
has "... naming both rows" "$tmp/err" "applicant \"A06\" is listed twice (first in row 2)"
printf 'name,host\nA06,C03\n' >"$tmp/cols.csv"
expect_rc "columns other than applicant and company are refused" 3 "$bin" evaluate "$tmp/intake.json" "$tmp/cols.csv"
has "... saying which are expected" "$tmp/err" "expected the columns applicant and company"
check "... nothing written" test ! -e "$tmp/x.json"

# The whole workflow: two rematch rounds, then evaluate and report on the last pair.
expect_rc "rematch round 1" 0 "$bin" rematch "$tmp/intake.json" "$tmp/sol.json" --withdraw A01,C03 --add-capacity C02=1 -o "$tmp/r1.json" -q
expect_rc "rematch round 2" 0 "$bin" rematch "$tmp/r1.instance.json" "$tmp/r1.json" --withdraw A05 -o "$tmp/r2.json" -q
{ echo "applicant,company"; sed -n 's/^    {"applicant": "\([^"]*\)", "company": "\([^"]*\)".*/\1,\2/p' "$tmp/r2.json"; } >"$tmp/late.csv"
expect_rc "evaluate against the last round's instance" 0 "$bin" evaluate "$tmp/r2.instance.json" "$tmp/late.csv" -o "$tmp/eval2.json" -q
expect_rc "report on the last round" 0 "$bin" report "$tmp/r2.instance.json" "$tmp/r2.json" -o "$tmp/r2.html"
for pair in "intake sol" "r1.instance r1" "r2.instance r2" "intake eval" "r2.instance eval2"; do
    set -- $pair
    expect_rc "$2.json passes check against $1.json" 0 "$bin" check "$tmp/$1.json" "$tmp/$2.json"
done
finish
