#!/bin/sh
# Peer adapter: LEMON's NetworkSimplex, through a file-driven driver that the
# flow engineer's bench/flow/ provides. bench/flow/flowbench today generates
# its own instances in memory, so it cannot take the bench's instances; this
# adapter is the hook (bench/README.md, "LEMON hook"):
#   - an adapter bench/flow/lemon.peer.sh, if present, replaces this file;
#   - otherwise an executable bench/flow/lemon-solve INSTANCE [--time-limit S]
#     is called on the musubi instance (JSON file or CSV-table directory) and
#     prints the lines "status optimal|infeasible|unsupported|time_limit",
#     "objective N" and optionally "seconds S" (its own solve time);
#     "unsupported" (for instances with quota rows) is not an error.
# Until then the peer is skipped with a note.
root=$(cd "$(dirname "$0")/../.." && pwd)
driver=$root/bench/flow/lemon-solve
case ${1:-} in
available)
    if [ ! -f /usr/include/lemon/network_simplex.h ]; then
        echo "LEMON not installed (Debian: liblemon-dev)"; exit 1
    fi
    [ -x "$driver" ] && exit 0
    echo "LEMON is installed, but bench/flow/ has no file-driven driver yet (hook: bench/flow/lemon-solve or bench/flow/lemon.peer.sh, see bench/README.md)"
    exit 1 ;;
version)
    v=$(sed -n 's/.*LEMON_VERSION *"\(.*\)".*/\1/p' /usr/include/lemon/config.h 2>/dev/null)
    echo "lemon ${v:-?} NetworkSimplex" ;;
format)
    echo instance ;;
run) # MODEL WORKDIR LIMIT THREADS
    set -- "$driver" "$2"
    [ "${4%%.*}" -gt 0 ] 2>/dev/null && set -- "$@" --time-limit "$4"
    exec "$@" ;;
parse) # LOG WORKDIR
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
