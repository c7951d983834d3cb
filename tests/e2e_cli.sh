#!/bin/sh
# End-to-end checks of the command line: solve, check, exit codes, outputs.
bin=${1:?usage: tests/e2e_cli.sh path/to/musubi}
. "$(dirname "$0")/lib.sh"
e2e_tmpdir cli
ex=instances/examples
expect_rc "version" 0 "$bin" --version
grep -q "^musubi [0-9]" "$tmp/out" && ok "version names the release" || ko "version names the release"
expect_rc "help" 0 "$bin" --help
grep -q "Exit codes" "$tmp/out" && ok "help lists exit codes" || ko "help lists exit codes"
expect_rc "solve help" 0 "$bin" solve --help
grep -q -- "--time-limit" "$tmp/out" && ok "solve help lists options from the table" || ko "solve help lists options"
expect_rc "no command" 2 "$bin"
expect_rc "unknown command" 2 "$bin" frobnicate
expect_rc "unknown option" 2 "$bin" solve $ex/tiny.json --frobnicate 3
expect_rc "option out of range" 2 "$bin" solve $ex/tiny.json --gap 2
grep -q -- "--gap: expected a number from 0 to 1, got \"2\"" "$tmp/err" && ok "range error names option and value" || ko "range error names option and value"
expect_rc "bad engine" 2 "$bin" solve $ex/tiny.json --engine simplex
expect_rc "missing instance file" 4 "$bin" solve "$tmp/nope.json" -o "$tmp/nope-sol.json"
[ ! -e "$tmp/nope-sol.json" ] && ok "no output on a missing instance" || ko "no output on a missing instance"

expect_rc "solve tiny to stdout" 0 "$bin" solve $ex/tiny.json -q
grep -q '"status": "optimal"' "$tmp/out" && ok "stdout carries the solution" || ko "stdout carries the solution"
expect_rc "solve tiny with csv" 0 "$bin" solve $ex/tiny.json -q -o "$tmp/s.json" --csv "$tmp/s.csv"
head -n 1 "$tmp/s.csv" | grep -q "^applicant,company,weight$" && ok "csv header" || ko "csv header"
expect_rc "check tiny" 0 "$bin" check $ex/tiny.json "$tmp/s.json"
grep -q "certified by dual prices" "$tmp/out" && ok "flow solution carries a verified certificate" || ko "flow certificate verified"
expect_rc "solve tiny with mip" 0 "$bin" solve $ex/tiny.json -q --engine mip -o "$tmp/m.json"
o1=$(grep '^  "objective"' "$tmp/s.json"); o2=$(grep '^  "objective"' "$tmp/m.json")
[ "$o1" = "$o2" ] && ok "flow and mip agree on tiny" || ko "flow and mip agree on tiny ($o1 vs $o2)"
expect_rc "solve with quotas" 0 "$bin" solve $ex/tiny-quotas.json -o "$tmp/q.json"
grep -q "auto: quotas" "$tmp/err" && ok "auto says why quotas change the engine" || ko "auto says why quotas change the engine"
expect_rc "check with quotas" 0 "$bin" check $ex/tiny-quotas.json "$tmp/q.json"
# Laminar quotas (one per nationality per host, regional floors) are a network: flow takes them;
# a floor per region and nationality crosses both sides, and flow refuses it, naming the row.
"$bin" gen --preset bench-quotas --seed 3 --applicants 1500 --companies 50 --pairs 12 -o "$tmp/lam.json" 2>/dev/null
"$bin" gen --preset bench-quotas --seed 3 --applicants 1500 --companies 50 --pairs 12 --region-nationality-floor 1 -o "$tmp/cross.json" 2>/dev/null
expect_rc "auto on laminar quotas" 0 "$bin" solve "$tmp/lam.json" -q -o "$tmp/lam-auto.json"
grep -q '"engine": "flow"' "$tmp/lam-auto.json" && grep -q 'laminar' "$tmp/lam-auto.json" && ok "auto picks flow for laminar quotas and says why" || ko "auto picks flow for laminar quotas"
expect_rc "check the laminar flow answer" 0 "$bin" check "$tmp/lam.json" "$tmp/lam-auto.json"
grep -q "optimality certified by dual prices" "$tmp/out" && ok "its quota prices certify the optimum" || ko "laminar certificate"
expect_rc "mip on laminar quotas" 0 "$bin" solve "$tmp/lam.json" -q --engine mip -o "$tmp/lam-mip.json"
[ "$(grep '^  "objective"' "$tmp/lam-auto.json")" = "$(grep '^  "objective"' "$tmp/lam-mip.json")" ] && ok "flow and mip agree on laminar quotas" || ko "flow and mip agree on laminar quotas"
expect_rc "flow refuses crossing quotas" 2 "$bin" solve "$tmp/cross.json" -q --engine flow -o "$tmp/cross-flow.json"
grep -q "not laminar (quota row region-nationality-floor-.*takes part of several companies' pairs" "$tmp/err" && ok "... naming the crossing row" || ko "... naming the crossing row"
[ ! -e "$tmp/cross-flow.json" ] && ok "... writing nothing" || ko "... writing nothing"
expect_rc "infeasible exits 5" 5 "$bin" solve $ex/infeasible.json -q -o "$tmp/i.json"
grep -q '"status": "infeasible"' "$tmp/i.json" && ok "infeasible status written" || ko "infeasible status written"
expect_rc "check accepts an infeasible verdict with no assignment" 0 "$bin" check $ex/infeasible.json "$tmp/i.json"
# A tampered solution: the checker names the violation and exits 1.
sed 's/^  "objective": \([0-9]*\)/  "objective": 1\1/' "$tmp/s.json" >"$tmp/bad.json"
expect_rc "check rejects a wrong objective" 1 "$bin" check $ex/tiny.json "$tmp/bad.json"
grep -q "violation: objective: recomputed" "$tmp/out" && ok "violation is named" || ko "violation is named"
# Solution for another instance: tiny-quotas' solution against infeasible's floor.
expect_rc "check rejects a solution that misses a floor" 1 "$bin" check $ex/infeasible.json "$tmp/q.json"
grep -q "kansai-floor" "$tmp/out" && ok "floor violation names the quota" || ko "floor violation names the quota"
# --metrics: levels by name, a bad value refused naming the option; compare measures all, always.
expect_rc "metrics: a bad level" 2 "$bin" solve $ex/tiny.json --metrics sometimes
grep -q -- '--metrics: expected one of auto|none|basic|all, got "sometimes"' "$tmp/err" && ok "... refused, naming the option" || ko "... refused, naming the option"
expect_rc "metrics: basic" 0 "$bin" solve $ex/tiny.json -o "$tmp/basic.json" --metrics basic
grep -q '"level": "basic"' "$tmp/basic.json" && ! grep -q '"blocking_pairs"' "$tmp/basic.json" && grep -q '"gini_welfare"' "$tmp/basic.json" \
    && ok "... writes the basic measures only" || ko "... writes the basic measures only"
grep -q "metrics (basic; --metrics all adds" "$tmp/err" && ok "... and the summary says what is left out" || ko "... and the summary says what is left out"
expect_rc "metrics: none" 0 "$bin" solve $ex/tiny.json -q -o "$tmp/none.json" --metrics none
grep -q '"metrics": null' "$tmp/none.json" && ok "... writes none" || ko "... writes none"
expect_rc "metrics: auto on a small instance" 0 "$bin" solve $ex/tiny.json -q -o "$tmp/auto.json"
grep -q '"level": "all"' "$tmp/auto.json" && grep -q '"blocking_pairs"' "$tmp/auto.json" && ok "... measures all" || ko "... measures all"
expect_rc "compare refuses to skip metrics" 2 "$bin" compare $ex/tiny.json --metrics basic
grep -q "compare measures all the metrics" "$tmp/err" && ok "... and says why" || ko "... and says why"
# Timings: -v prints each phase, the solution carries them.
expect_rc "solve -v" 0 "$bin" solve $ex/tiny.json -v -o "$tmp/v.json"
grep -q "^musubi: timings: read .* s (cpu .* s), lint .*, solve .*, metrics .*, write " "$tmp/err" && ok "-v prints the phases' times" || ko "-v prints the phases' times"
grep -q '"timings": {"read": [0-9.]*, "lint": [0-9.]*, "solve": [0-9.]*, "metrics": [0-9.]*, "write": [0-9.]*}' "$tmp/v.json" \
    && ok "the solution carries them" || ko "the solution carries them"
# ---- every writer to a device: written in place, the device left a device,
# nothing created beside it. A private character device (mknod, as root) so
# that a writer renaming over its output cannot take /dev/null from the rest
# of the suite; without root, /dev/null itself.
dev=/dev/null
if mknod "$tmp/null" c 1 3 2>/dev/null; then dev=$tmp/null; fi
expect_rc "solve for the writers below" 0 "$bin" solve $ex/tiny-quotas.json -q -o "$tmp/d.json"
devwrite() { # NAME ARGS...: exit 0, the device still one, no file beside it
    name=$1
    shift
    expect_rc "$name to a device" 0 "$bin" "$@"
    check "  ... leaves it a character device" test -c "$dev"
    check "  ... and nothing beside it" sh -c "! ls '$dev'.* '$dev'-* 2>/dev/null | grep -q ."
}
devwrite "solve -o" solve $ex/tiny-quotas.json -q -o "$dev"
devwrite "solve --csv" solve $ex/tiny-quotas.json -q -o "$tmp/d2.json" --csv "$dev"
devwrite "export --mps" export $ex/tiny-quotas.json --mps "$dev"
devwrite "export --lp" export $ex/tiny-quotas.json --lp "$dev"
devwrite "export --dimacs" export $ex/tiny.json --dimacs "$dev"
devwrite "explain" explain $ex/tiny-quotas.json "$tmp/d.json" -o "$dev"
devwrite "report" report $ex/tiny-quotas.json "$tmp/d.json" -o "$dev"
devwrite "compare --csv" compare $ex/tiny-quotas.json --engines auto,mip --csv -o "$dev"
devwrite "gen" gen --preset jip-fy2016 -o "$dev"
devwrite "import" import $ex/csv -o "$dev"
devwrite "rematch -o (no amended instance beside a device)" rematch $ex/tiny-quotas.json "$tmp/d.json" \
    --withdraw A1 -q -o "$dev"
expect_rc "rematch --instance-out to a device is refused: it is read back" 2 "$bin" rematch $ex/tiny-quotas.json \
    "$tmp/d.json" --withdraw A1 -o "$tmp/r.json" --instance-out "$dev"
check "  ... saying why" grep -q "give a file: the new solution is solved on the amended instance read back" "$tmp/err"
check "  ... writing nothing" test ! -e "$tmp/r.json"
expect_rc "solve -o a directory" 4 "$bin" solve $ex/tiny.json -q -o "$tmp"
check "  ... says it is a directory" grep -q "cannot create output: it is a directory" "$tmp/err"
check "  ... and leaves no temporary file in it" sh -c "! ls '$tmp' | grep -q '^\.tmp\.'"
# links: one into /proc (as /dev/stdout is) is written in place and stays a
# link; one to a file has that file replaced, the link kept
ln -s /proc/self/fd/1 "$tmp/to-stdout"
"$bin" solve $ex/tiny.json -q -o "$tmp/to-stdout" >"$tmp/via-link.json" 2>"$tmp/err"
check "-o a link to /proc/self/fd/1: the solution reaches stdout" grep -q '"format": "musubi-solution-1"' "$tmp/via-link.json"
check "  ... and the link is still a link" test -L "$tmp/to-stdout"
echo old >"$tmp/real.json"
ln -s real.json "$tmp/link.json"
expect_rc "-o a link to a file" 0 "$bin" solve $ex/tiny.json -q -o "$tmp/link.json"
check "  ... replaces the file it names" grep -q '"format": "musubi-solution-1"' "$tmp/real.json"
check "  ... and keeps the link" test -L "$tmp/link.json"
# a solution file cut short or missing a field, read back by explain and report
"$bin" solve $ex/tiny.json -q -o "$tmp/whole.json"
head -c 500 "$tmp/whole.json" >"$tmp/cut.json"
expect_rc "explain on a solution cut short" 3 "$bin" explain $ex/tiny.json "$tmp/cut.json"
check "  ... names the line and column" grep -q "cut.json: line [0-9]*, column [0-9]*: malformed JSON" "$tmp/err"
grep -v '"status"' "$tmp/whole.json" >"$tmp/nostatus.json"
expect_rc "report on a solution without a status" 3 "$bin" report $ex/tiny.json "$tmp/nostatus.json" -o "$tmp/r.html"
check "  ... names the field" grep -q "nostatus.json: status: missing" "$tmp/err"
check "  ... and writes nothing" test ! -e "$tmp/r.html"
finish
