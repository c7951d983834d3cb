#!/bin/sh
# Runs every test: each cmocka binary given after the musubi binary, then
# every end-to-end script tests/e2e_*.sh (tests/lib.sh: each closes with
# "N passed, M failed, K skipped"). One line per suite, then every skipped
# check with its reason (a check that did not run is never a silent pass);
# the whole output of a suite only when it failed. Closes with the totals as
# "tests: N passed, M failed, K skipped". A suite that exits non-zero without
# a failure in its closing line, an e2e script without a closing line, and a
# suite in which nothing passed each count as one failure.
# Usage: tests/run.sh path/to/musubi [cmocka binaries...]
bin=${1:?usage: tests/run.sh path/to/musubi [test binaries...]}
shift
pass=0; fail=0; skipped=0; status=0
# count OUTPUT RC NAME CLOSING: CLOSING is 1 when the suite must end with
# the e2e closing line.
count() {
    p=$(printf '%s\n' "$1" | sed -n -e 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' -e 's/^\([0-9]*\) passed, [0-9]* failed.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$1" | sed -n -e 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' -e 's/^[0-9]* passed, \([0-9]*\) failed.*/\1/p' | tail -n 1)
    k=$(printf '%s\n' "$1" | sed -n -e 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' -e 's/^[0-9]* passed, [0-9]* failed, \([0-9]*\) skipped$/\1/p' | tail -n 1)
    p=${p:-0}; f=${f:-0}; k=${k:-0}; rc=$2; why=
    if [ "$4" = 1 ] && ! printf '%s\n' "$1" | tail -n 1 | grep -q '^[0-9]* passed, [0-9]* failed, [0-9]* skipped$'; then
        why=" (no closing line \"N passed, M failed, K skipped\": see tests/lib.sh)"
        [ "$rc" -eq 0 ] && rc=1
    elif [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
        why=" (nothing passed: a suite that checks nothing is no pass)"
        [ "$rc" -eq 0 ] && rc=1
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    pass=$((pass + p)); fail=$((fail + f)); skipped=$((skipped + k))
    if [ "$rc" -ne 0 ]; then
        status=1
        printf '%s\n' "$1"
        echo "FAIL $3: $p passed, $f failed, $k skipped$why"
    else
        extra=
        [ "$k" -gt 0 ] && extra=", $k skipped"
        echo "ok   $3: $p passed$extra"
        printf '%s\n' "$1" | sed -n -e 's/^skip /     skip /p' -e 's/^\[  SKIPPED \] \([^0-9].*\)/     skip \1/p'
    fi
}
for t in "$@"; do
    out=$("$t" 2>&1); rc=$?
    count "$out" $rc "$(basename "$t")" 0
done
for s in tests/e2e_*.sh; do
    [ -f "$s" ] || continue
    out=$(sh "$s" "$bin" 2>&1); rc=$?
    count "$out" $rc "$s" 1
done
echo "tests: $pass passed, $fail failed, $skipped skipped"
exit $status
