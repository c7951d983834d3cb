#!/bin/sh
# Peer adapter: GLPK's stand-alone solver on the CPLEX LP file from
# `musubi export --lp` (the file says Maximize). The contract every adapter
# keeps is in bench/README.md ("Peers").
case ${1:-} in
available)
    command -v glpsol >/dev/null 2>&1 && exit 0
    echo "glpsol not installed (Debian: glpk-utils)"; exit 1 ;;
version)
    glpsol --version 2>/dev/null | sed -n '1s/^GLPSOL--GLPK LP\/MIP Solver /glpsol /p' ;;
format)
    echo lp ;;
run) # MODEL WORKDIR LIMIT THREADS: exec, so that runstat measures glpsol itself
    model=$2 work=$3 limit=$4
    set -- glpsol --lp "$model" -o "$work/glpsol.sol"
    # --tmlim takes whole seconds
    [ "${limit%%.*}" -gt 0 ] 2>/dev/null && set -- "$@" --tmlim "${limit%%.*}"
    exec "$@" ;;
parse) # LOG WORKDIR -> status objective bound solver_seconds
    log=$2 work=$3
    awk -v log_file="$log" '
        /^Status:/ { s = $0; sub(/^Status: */, "", s) }
        /^Objective:/ { for (i = 1; i <= NF; i++) if ($i == "=") o = $(i + 1) }
        END {
            while ((getline line < log_file) > 0)
                if (line ~ /^Time used:/) { split(line, f, " "); t = f[3] }
            st = s == "INTEGER OPTIMAL" ? "optimal" : s == "INTEGER NON-OPTIMAL" ? "feasible" : \
                 s == "INTEGER EMPTY" ? "infeasible" : s == "INTEGER UNDEFINED" ? "time_limit" : "error"
            if (st != "optimal" && st != "feasible") o = ""
            printf "%s %s %s %s\n", st, o == "" ? "-" : o, st == "optimal" ? o : "-", t == "" ? "-" : t
        }' "$work/glpsol.sol" 2>/dev/null || echo "error - - -" ;;
*)
    echo "usage: glpsol.sh available|version|format|run|parse ..." >&2; exit 2 ;;
esac
