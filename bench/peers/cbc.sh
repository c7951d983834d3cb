#!/bin/sh
# Peer adapter: COIN-OR CBC on the free MPS file from `musubi export --mps`
# (`cbc FILE.mps -solve`). The file minimises -(total weight) (README, export),
# so the weight is minus CBC's objective. Contract: bench/README.md ("Peers").
case ${1:-} in
available)
    command -v cbc >/dev/null 2>&1 && exit 0
    echo "cbc not installed (Debian: coinor-cbc)"; exit 1 ;;
version)
    cbc -quit 2>/dev/null </dev/null | sed -n 's/^Version: *\([^ ]*\).*/cbc \1/p' | head -n 1 ;;
format)
    echo mps ;;
run) # MODEL WORKDIR LIMIT THREADS
    model=$2 limit=$4 threads=${5:-1}
    set -- cbc "$model"
    [ "${limit%%.*}" -gt 0 ] 2>/dev/null && set -- "$@" -sec "$limit"
    [ "$threads" -gt 1 ] 2>/dev/null && set -- "$@" -threads "$threads"
    exec "$@" -solve -quit ;;
parse) # LOG WORKDIR
    awk '
        /^Result - / { r = $0 }
        /^Objective value:/ { o = $3 }
        /^Total time \(CPU seconds\):/ { for (i = 1; i <= NF; i++) if ($i == "(Wallclock") t = $(i + 2) }
        END {
            st = r ~ /Optimal solution found/ ? "optimal" : r ~ /infeasible/ ? "infeasible" : \
                 r ~ /Stopped on time/ ? (o != "" ? "feasible" : "time_limit") : "error"
            if (st != "optimal" && st != "feasible") o = ""
            if (o != "") o = sprintf("%.0f", 0 - o) # the file minimises -weight; CBC prints -94177.00000000
            printf "%s %s %s %s\n", st, o == "" ? "-" : o, st == "optimal" ? o : "-", t == "" ? "-" : t
        }' "$2" 2>/dev/null || echo "error - - -" ;;
*)
    echo "usage: cbc.sh available|version|format|run|parse ..." >&2; exit 2 ;;
esac
