#!/bin/sh
# The heuristic engine's measurements (issue 5's targets). Generates the
# bench-quotas scaling instances (instances/README.md) with laminar quotas and
# with crossing ones (--region-nationality-floor 1: a floor per region and
# nationality, which no network models, so `auto` runs the heuristic, then
# GLPK), and measures:
#   - 10k x 300: CBC to optimality on the exported MPS, against the heuristic
#     to a 0.5 % certified gap and run to the end;
#   - 100k x 5k: the heuristic under a 10 s limit, 1 vs 2 threads;
#   - the parallel local search's throughput, 1 vs 2 threads, on runs that
#     stop on the gap or the iteration budget (reproducible; a run cut by the
#     clock is not, see README.md#reproducibility).
# Every answer goes through the checker. The output is also kept in
# data/run-DATE.log.
set -e
cd "$(dirname "$0")"
M=../../bin/musubi
mkdir -p data
log=data/run-$(date -u +%Y%m%dT%H%M%SZ).log
main() {
    gen() { # NAME ARGS...
        n=$1; shift
        case $n in
        *-10k) [ -f "data/$n.json" ] || $M gen --preset bench-quotas --seed 1 --applicants 10000 --companies 300 --pairs 20 "$@" -o "data/$n.json" ;;
        *) [ -d "data/$n" ] || $M gen --preset bench-quotas --seed 1 --applicants 100000 --companies 5000 --pairs 30 "$@" --tables "data/$n" ;;
        esac
    }
    gen quotas-10k; gen quotas-100k
    gen crossing-10k --region-nationality-floor 1; gen crossing-100k --region-nationality-floor 1
    show() { grep -E '"(status|engine|objective|bound|gap|seconds)"' "$1" | head -6 | tr -d ' \n'; echo; }
    for f in quotas crossing; do
        i=data/$f-10k.json
        echo "== $f-10k (10k x 300): CBC to optimality"
        [ -f data/$f-10k.mps ] || $M export "$i" --mps data/$f-10k.mps
        /usr/bin/time -f "cbc wall %e s, peak %M KB" cbc data/$f-10k.mps -solve 2>&1 | grep -E "^Objective value|cbc wall"
        for g in 0.005 0; do
            echo "== $f-10k: --engine heuristic --gap $g"
            /usr/bin/time -f "process wall %e s" $M solve "$i" --engine heuristic --gap $g -q -o data/h.json
            $M check "$i" data/h.json
            show data/h.json
        done
        echo "== $f-10k: --engine auto"
        $M solve "$i" -q -o data/a.json
        $M check "$i" data/a.json
        show data/a.json
    done
    for f in quotas crossing; do
        echo "== $f-100k (100k x 5k): heuristic, --time-limit 10, 1 vs 2 threads"
        ./heurbench data/$f-100k 10 2
    done
    echo "== quotas-100k: heuristic, --gap 0.002 (stops on the gap, not the clock), 1 vs 2 threads"
    ./heurbench data/quotas-100k 60 1 0.002
    echo "== quotas-100k: heuristic, no limit (the whole iteration budget: the parallel phase's throughput), 1 vs 2 threads"
    ./heurbench data/quotas-100k 0 2
}
# set -e stops main at the first failure; data/.done says it ran to the end
rm -f data/.done
{ main; : >data/.done; } 2>&1 | tee "$log"
[ -f data/.done ]
