#!/bin/sh
# Peer adapter: LEMON 1.3's NetworkSimplex on the DIMACS min-cost flow file
# from `musubi export --dimacs` (the transportation core, or the laminar quota
# network, cost = -weight),
# through bench/flow/lemon-solve (bench/flow/lemon-solve.cpp, built here from
# bench/flow/Makefile on first use and whenever its source changes). Contract:
# bench/README.md ("Peers"). Instances with crossing (not laminar) quota rows or
# a host budget have no DIMACS file: the harness records them as unsupported
# (the export refuses, exit 2). NetworkSimplex cannot be interrupted, so the limit is runstat's.
root=$(cd "$(dirname "$0")/../.." && pwd)
driver=$root/bench/flow/lemon-solve
case ${1:-} in
available)
    if [ ! -f /usr/include/lemon/network_simplex.h ]; then
        echo "LEMON not installed (Debian: liblemon-dev)"; exit 1
    fi
    log=${TMPDIR:-/tmp}/musubi-bench-lemon-build.$$
    if ! make -s -C "$root/bench/flow" lemon-solve >"$log" 2>&1; then
        echo "cannot build bench/flow/lemon-solve (make -C bench/flow lemon-solve): $(grep -v '^[[:space:]]*$' "$log" | grep -m 1 -i 'error' || tail -n 1 "$log")"
        rm -f "$log"; exit 1
    fi
    rm -f "$log"
    [ -x "$driver" ] && exit 0
    echo "bench/flow/lemon-solve missing after make -C bench/flow lemon-solve"; exit 1 ;;
version)
    v=$(sed -n 's/.*LEMON_VERSION *"\(.*\)".*/\1/p' /usr/include/lemon/config.h 2>/dev/null)
    echo "lemon ${v:-?} NetworkSimplex" ;;
format)
    echo dimacs ;;
run) # MODEL WORKDIR LIMIT THREADS: exec, so that runstat measures lemon-solve itself
    set -- "$driver" "$2"
    [ "${4%%.*}" -gt 0 ] 2>/dev/null && set -- "$@" --time-limit "$4" # accepted and ignored
    exec "$@" ;;
parse) # LOG WORKDIR -> status objective bound solver_seconds
    awk '
        $1 == "status" { st = $2 }
        $1 == "objective" { o = $2 }
        $1 == "seconds" { t = $2 }
        END {
            if (st == "") st = "error"
            if (st != "optimal" && st != "feasible") o = ""
            printf "%s %s %s %s\n", st, o == "" ? "-" : o, st == "optimal" ? o : "-", t == "" ? "-" : t
        }' "$2" 2>/dev/null || echo "error - - -" ;;
*)
    echo "usage: lemon.sh available|version|format|run|parse ..." >&2; exit 2 ;;
esac
