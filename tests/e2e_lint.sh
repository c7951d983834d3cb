#!/bin/sh
# Lint, end to end: the mistyped spreadsheets of tests/lint/ and the bundled
# instances.
#
#   sh tests/e2e_lint.sh bin/musubi        (from the repository root)
#
# Each tests/lint/NAME/ is a copy of instances/examples/csv with one seeded
# typo (the same files, at most the typo's lines changed). With NAME.expect:
# `musubi lint` prints exactly NAME.expect on stdout and exits 0, 3 under
# --strict; `musubi solve` prints each line as "warning: ..." on stderr and
# records it in the solution's "warnings"; solve --strict and import --strict
# exit 3 and write nothing; import without it writes the instance. With
# NAME.error (a reader error, not a warning): lint, solve and import exit 3
# with NAME.error as the first line of stderr and write nothing. Then every
# bundled instance lints clean, except examples/infeasible.json, whose one
# finding is the floor that makes it infeasible on purpose.
#
# One line per check, on tests/lib.sh.
bin=${1:?usage: tests/e2e_lint.sh path/to/musubi}
[ -d tests/lint ] || { echo "tests/e2e_lint.sh: run from the repository root" >&2; exit 2; }
. "$(dirname "$0")/lib.sh"
e2e_tmpdir lint
run() { # name expected-rc command...: stdout in $tmp/out, stderr in $tmp/err
    what=$1; want=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
    if [ "$got" -eq "$want" ]; then ok "$what"; else ko "$what (exit $got, want $want: $(head -n 2 "$tmp/err"))"; fi
}
same() { # name file expected-file
    if cmp -s "$2" "$3"; then ok "$1"; else ko "$1"; diff "$3" "$2" | head -n 6; fi
}

base=instances/examples/csv
cases=0
for dir in tests/lint/*/; do
    dir=${dir%/}; name=${dir#tests/lint/}
    cases=$((cases + 1))
    # a copy of the example with one typo: the same files, few lines changed
    (cd $base && ls) >"$tmp/files.base"; (cd "$dir" && ls) >"$tmp/files.case"
    changed=$(diff -r $base "$dir" | grep -c '^>')
    if cmp -s "$tmp/files.base" "$tmp/files.case" && [ "$changed" -ge 1 ] && [ "$changed" -le 3 ]; then
        ok "$name: a copy of the example with one seeded typo ($changed lines)"
    else
        ko "$name: not a copy of $base with one typo ($changed lines changed)"
    fi
    rm -f "$tmp/sol.json" "$tmp/inst.json"
    if [ -f "tests/lint/$name.error" ]; then
        for cmd in lint solve import; do
            case $cmd in
                lint) run "$name: lint exits 3" 3 "$bin" lint "$dir" ;;
                solve) run "$name: solve exits 3" 3 "$bin" solve "$dir" -q -o "$tmp/sol.json" ;;
                import) run "$name: import exits 3" 3 "$bin" import "$dir" -o "$tmp/inst.json" ;;
            esac
            head -n 1 "$tmp/err" >"$tmp/first"
            same "$name: $cmd names file, record and field" "$tmp/first" "tests/lint/$name.error"
        done
        [ ! -e "$tmp/sol.json" ] && [ ! -e "$tmp/inst.json" ] && ok "$name: nothing written" || ko "$name: something written"
        continue
    fi
    expect=tests/lint/$name.expect
    [ -s "$expect" ] && ok "$name: has its expected findings" || ko "$name: no $expect"
    run "$name: lint exits 0 with warnings" 0 "$bin" lint "$dir"
    same "$name: lint prints the expected findings" "$tmp/out" "$expect"
    run "$name: lint --strict exits 3" 3 "$bin" lint "$dir" --strict
    same "$name: lint --strict prints the same findings" "$tmp/out" "$expect"
    run "$name: solve --strict exits 3" 3 "$bin" solve "$dir" --strict -q -o "$tmp/sol.json"
    [ ! -e "$tmp/sol.json" ] && ok "$name: solve --strict writes nothing" || ko "$name: solve --strict wrote a solution"
    sed 's/^/warning: /' "$expect" >"$tmp/warned"
    "$bin" solve "$dir" -q -o "$tmp/sol.json" >/dev/null 2>"$tmp/err"; rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 5 ] && ok "$name: solve runs (exit $rc)" || ko "$name: solve exit $rc"
    grep '^warning: ' "$tmp/err" >"$tmp/got"
    same "$name: solve prints the findings as warnings, even with -q" "$tmp/got" "$tmp/warned"
    # "warnings": one JSON string a finding, in order (quotes and backslashes escaped)
    sed -n '/^  "warnings": \[$/,/^  \]/p' "$tmp/sol.json" | sed -e '1d' -e '$d' \
        -e 's/^    "//' -e 's/",\{0,1\}$//' -e 's/\\"/"/g' -e 's/\\\\/\\/g' >"$tmp/got"
    same "$name: the solution records the findings as \"warnings\"" "$tmp/got" "$expect"
    run "$name: import --strict exits 3" 3 "$bin" import "$dir" --strict -o "$tmp/inst.json"
    [ ! -e "$tmp/inst.json" ] && ok "$name: import --strict writes nothing" || ko "$name: import --strict wrote"
    run "$name: import writes the instance despite warnings" 0 "$bin" import "$dir" -o "$tmp/inst.json"
    grep '^warning: ' "$tmp/err" >"$tmp/got"
    same "$name: import prints the findings as warnings" "$tmp/got" "$tmp/warned"
done
[ "$cases" -ge 12 ] && ok "the corpus has $cases cases" || ko "the corpus has only $cases cases"

# The bundled instances lint clean (infeasible.json: its floor, on purpose).
for f in instances/*.json instances/examples/*.json instances/examples/csv; do
    case $f in *.schema.json | */infeasible.json) continue ;; esac
    run "$f: lint exits 0" 0 "$bin" lint "$f" --strict
    [ ! -s "$tmp/out" ] && ok "$f: no findings" || ko "$f: findings: $(head -n 2 "$tmp/out")"
done 2>/dev/null
f=instances/examples/infeasible.json
printf '%s\n' "$f: quotas[1]: quota \"kansai-floor\" has min 3, but at most 2 placements can count toward it (2 applicants eligible, 2 seats), so the instance is infeasible" >"$tmp/want"
"$bin" lint $f >"$tmp/out" 2>/dev/null
same "$f: its one finding is the floor that makes it infeasible" "$tmp/out" "$tmp/want"

# A JSON instance names records as the JSON reader does.
run "import the Vn typo" 0 "$bin" import tests/lint/value-case -o "$tmp/vn.json"
run "lint the imported JSON" 0 "$bin" lint "$tmp/vn.json"
printf '%s\n' "$tmp/vn.json: quotas[0].applicants.nationality: value \"Vn\" matches no applicant's nationality, so the quota counts no applicant; did you mean \"VN\"?" >"$tmp/want"
same "JSON findings name quotas[i].field" "$tmp/out" "$tmp/want"

# The command line
run "lint --help" 0 "$bin" lint --help
grep -q "^Example:" "$tmp/out" && grep -q "Exit codes:" "$tmp/out" && ok "lint --help has an example and exit codes" || ko "lint --help"
run "lint without an instance is a usage error" 2 "$bin" lint
run "lint with an unknown option is a usage error" 2 "$bin" lint $base --fix
run "lint of a missing file exits 4" 4 "$bin" lint "$tmp/none.json"
run "musubi --help lists lint" 0 "$bin" --help
grep -q "musubi lint INSTANCE \[--strict\]" "$tmp/out" && grep -q "lint finding under --strict" "$tmp/out" && ok "--help: lint and exit code 3" || ko "--help: lint"
run "solve --help" 0 "$bin" solve --help
grep -q -- "--strict" "$tmp/out" && ok "solve --help has --strict" || ko "solve --help has --strict"
run "import --help" 0 "$bin" import --help
grep -q -- "--strict" "$tmp/out" && ok "import --help has --strict" || ko "import --help has --strict"
run "a clean solve records no warnings" 0 "$bin" solve $base -q -o "$tmp/clean.json"
grep -q '"warnings"' "$tmp/clean.json" && ko "a clean solution has \"warnings\"" || ok "a clean solution has no \"warnings\""
[ ! -s "$tmp/err" ] && ok "a clean solve -q prints nothing" || ko "a clean solve -q printed: $(head -n 1 "$tmp/err")"

finish
