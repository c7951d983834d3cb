#!/bin/sh
# Runs every test: each cmocka binary given after the musubi binary, then
# every end-to-end script tests/e2e_*.sh (which ends with "N passed, M
# failed"). One line per suite; details only on failure; closes with the
# totals as "tests: N passed, M failed".
# Usage: tests/run.sh path/to/musubi [cmocka binaries...]
bin=${1:?usage: tests/run.sh path/to/musubi [test binaries...]}
shift
pass=0; fail=0; status=0
count() { # $1 = output, $2 = rc, $3 = name
    p=$(printf '%s\n' "$1" | sed -n -e 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' -e 's/^\([0-9]*\) passed, [0-9]* failed.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$1" | sed -n -e 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' -e 's/^[0-9]* passed, \([0-9]*\) failed.*/\1/p' | tail -n 1)
    p=${p:-0}; f=${f:-0}
    if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    pass=$((pass + p)); fail=$((fail + f))
    if [ "$2" -ne 0 ]; then
        status=1
        printf '%s\n' "$1"
        echo "FAIL $3: $p passed, $f failed"
    else
        echo "ok   $3: $p passed"
    fi
}
for t in "$@"; do
    out=$("$t" 2>&1); rc=$?
    count "$out" $rc "$(basename "$t")"
done
for s in tests/e2e_*.sh; do
    [ -f "$s" ] || continue
    out=$(sh "$s" "$bin" 2>&1); rc=$?
    count "$out" $rc "$s"
done
echo "tests: $pass passed, $fail failed"
exit $status
