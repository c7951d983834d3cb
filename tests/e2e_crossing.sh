#!/bin/sh
# Crossing quotas under signals and limits (issue 18), end to end: a SIGTERM at
# moments spread over a solve of the crossing family of bench/crossing (20,000
# applicants x 700 hosts, 400,000 pairs, a floor per region and per region and
# nationality at 90 % of the seats) always leaves a whole solution file that
# musubi check accepts, with status interrupted (exit 8) or the finished
# answer (exit 0); SIGTERM sent twice at once, as coreutils' timeout does (to
# the child, then to its process group), is one stop request, not a kill;
# --time-limit returns a feasible assignment with a certified bound.
#
#   sh tests/e2e_crossing.sh path/to/musubi      (from the repository root)
#
# MUSUBI_E2E_LIGHT=1 skips everything (for runs under valgrind). On
# tests/lib.sh.
bin=${1:?usage: tests/e2e_crossing.sh path/to/musubi}
. "$(dirname "$0")/lib.sh"
if [ "${MUSUBI_E2E_LIGHT:-0}" = 1 ]; then
    skip "the crossing family" "MUSUBI_E2E_LIGHT: too slow under valgrind"
    finish
fi
e2e_tmpdir crossing
status_of() { sed -n 's/^  "status": "\([a-z_]*\)",$/\1/p' "$1"; }

inst=$tmp/cross
sh bench/crossing/make-instance.sh "$bin" "$inst" --seed 4 --applicants 20000 --companies 700 --pairs 20 2>"$tmp/err" \
    || ko "make-instance.sh: $(head -c 300 "$tmp/err")"

# the whole solve, for its length and its optimum
t0=$(date +%s%3N)
"$bin" solve "$inst" -q -o "$tmp/full.json" 2>"$tmp/err"
rc=$? full_ms=$(($(date +%s%3N) - t0))
check "the full solve ends optimal (exit $rc, $full_ms ms)" [ "$rc" -eq 0 -a "$(status_of "$tmp/full.json")" = optimal ]

# SIGTERM at moments spread over that run: reading, prices, repair, sifting, the end
for tenth in 0 1 2 3 4 5 6 7 8 9; do
    delay_ms=$((full_ms * tenth / 10 + 20))
    rm -f "$tmp/int.json"
    "$bin" solve "$inst" -q -o "$tmp/int.json" 2>"$tmp/err" &
    pid=$!
    sleep "$(awk -v ms="$delay_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
    kill -TERM "$pid" 2>/dev/null
    kill -TERM "$pid" 2>/dev/null # the duplicate timeout(1) sends
    wait "$pid"; rc=$?
    st=$(status_of "$tmp/int.json")
    case $rc/$st in
    8/interrupted | 0/optimal) ok "SIGTERM twice at $delay_ms ms: exit $rc, status $st" ;;
    *) ko "SIGTERM twice at $delay_ms ms: exit $rc, status '$st' ($(head -c 200 "$tmp/err"))" ;;
    esac
    check "  ... a file musubi check accepts" sh -c "'$bin' check '$inst' '$tmp/int.json' >'$tmp/check' 2>&1"
    ls "$tmp" | grep -q '\.tmp\.' && ko "  ... a temporary file was left behind"
done

# timeout(1) itself: one second in, whatever the stage
if command -v timeout >/dev/null 2>&1; then
    rm -f "$tmp/to.json"
    timeout -s TERM 1 "$bin" solve "$inst" -q -o "$tmp/to.json" 2>"$tmp/err"; rc=$?
    check "under timeout 1: a solution file (exit $rc)" [ -s "$tmp/to.json" ]
    check "  ... that musubi check accepts" sh -c "'$bin' check '$inst' '$tmp/to.json' >/dev/null 2>&1"
fi

# --time-limit between the full run's first feasible assignment and its end:
# a feasible assignment and a certified bound. The limit is twice the time
# the full run needed to reach its repair's assignment (reading, lint and the
# repair, from its timings and its engine reason) plus 0.2 s, and at least
# 60 % of the full run (0.6 s at least). A loaded machine can still stop the
# repair first: that run must say so ("no feasible assignment before the time
# limit"), and the limit grows by half, three times at most; a run whose
# repair finished must answer with its assignment.
first=$(sed -n 's/.*repair: feasible [0-9]* at \([0-9.]*\) s.*/\1/p' "$tmp/full.json" | head -1)
pre=$(tr -d ' \n' <"$tmp/full.json" | sed -n 's/.*"timings":{"read":\([0-9.]*\),"lint":\([0-9.]*\),.*/\1 \2/p')
limit=$(echo "$pre ${first:-0}" | awk -v ms="$full_ms" '{ t = 2 * ($1 + $2 + $3) + 0.2; f = 0.6 * ms / 1000;
    if (f > t) t = f; if (t < 0.6) t = 0.6; printf "%.2f", t }')
for try in 1 2 3 4; do
    "$bin" solve "$inst" -q --time-limit "$limit" -o "$tmp/tl.json" 2>"$tmp/err"; rc=$?
    st=$(status_of "$tmp/tl.json")
    if [ "$st" = time_limit ] && grep -q 'no feasible assignment before the time limit' "$tmp/tl.json"; then
        [ $try -lt 4 ] && { limit=$(awk -v t="$limit" 'BEGIN { printf "%.2f", 1.5 * t }'); continue; }
    fi
    break
done
check "--time-limit $limit: exit 0 with an assignment (status $st, try $try)" \
    [ "$rc" -eq 0 -a \( "$st" = feasible -o "$st" = optimal \) ]
check "  ... a certified bound the checker verifies" sh -c "'$bin' check '$inst' '$tmp/tl.json' | grep -q 'certified by dual prices'"

finish
