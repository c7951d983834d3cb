#!/bin/sh
# End-to-end checks of `musubi export` against solvers that share no code
# with musubi's engines: for every bundled instance (instances/*.json) and
# every example (instances/examples/*.json and the csv directory), the
# optimum of `musubi solve` must come back from
#   --mps     through glpsol --freemps and CBC (the file minimises -(weight),
#             so the weight is minus their objective; nobody is told -max),
#   --lp      through glpsol --lp and CBC (the file maximises weight),
#   --dimacs  through glpsol --mincost, wherever flow solves the instance (a
#             network; -(minimum cost) is the weight); elsewhere --dimacs must
#             refuse with exit 2,
# and an instance musubi finds infeasible must be infeasible to every peer.
# A missing peer is skipped, and its checks are counted as skipped.
# Usage: sh tests/e2e_export.sh path/to/musubi   (about 3 s; ends "N passed, M failed, K skipped")
bin=${1:?usage: tests/e2e_export.sh path/to/musubi}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tests/lib.sh"
e2e_tmpdir export

have_glpsol=0; command -v glpsol >/dev/null 2>&1 && have_glpsol=1
have_cbc=0; command -v cbc >/dev/null 2>&1 && have_cbc=1
[ $have_glpsol = 1 ] || echo "note: glpsol not installed (Debian: glpk-utils); its checks are skipped"
[ $have_cbc = 1 ] || echo "note: cbc not installed (Debian: coinor-cbc); its checks are skipped"

# Each reader prints "optimal WEIGHT", "infeasible" or "error WHY".
# glpsol on a MIP file; $1 FILE, $2 --freemps|--lp, $3 sign (-1: the file minimises -weight)
glpsol_mip() {
    glpsol "$2" "$1" -o "$1.glpsol" >"$1.glpsol.log" 2>&1
    awk -v sign="$3" '
        /^Status:/ { st = $0 }
        /^Objective:/ { o = $(NF - 1) }
        END {
            if (st ~ /INTEGER OPTIMAL/) printf "optimal %.0f\n", sign * o + 0
            else if (st ~ /EMPTY|INFEASIBLE/) print "infeasible"
            else print "error", (st == "" ? "no solution file" : st)
        }' "$1.glpsol" 2>/dev/null || echo "error glpsol failed"
}
# CBC on a MIP file; $1 FILE, $2 sign
cbc_mip() {
    cbc "$1" solve >"$1.cbc.log" 2>&1
    awk -v sign="$2" '
        /errors on input/ { bad = $0 }
        /^Result - Optimal solution found/ { st = "optimal" }
        /[Ii]nfeasible/ { inf = 1 }
        /^Objective value:/ { o = $3 }
        END {
            if (bad != "") print "error", bad
            else if (st == "optimal" && o != "") printf "optimal %.0f\n", sign * o + 0
            else if (inf) print "infeasible"
            else print "error no result"
        }' "$1.cbc.log"
}
# glpsol --mincost on a DIMACS file: the weight is -(minimum cost)
glpsol_mincost() {
    glpsol --mincost "$1" -o "$1.glpsol" >"$1.glpsol.log" 2>&1
    if grep -q "NO PRIMAL FEASIBLE SOLUTION" "$1.glpsol.log"; then echo infeasible; return; fi
    awk '
        /^Status:/ { st = $0 }
        /^Objective:/ { o = $2 }
        END {
            if (st ~ /OPTIMAL/) printf "optimal %.0f\n", 0 - o
            else if (st ~ /EMPTY|INFEASIBLE/) print "infeasible"
            else print "error", (st == "" ? "no solution file" : st)
        }' "$1.glpsol" 2>/dev/null || echo "error glpsol failed"
}
same() { # LABEL WANT GOT
    if [ "$2" = "$3" ]; then ok "$1: $3"; else ko "$1: got \"$3\", want \"$2\""; fi
}

# The MPS file says what it is before anything else, and states no OBJSENSE
# (glpsol refuses the section, CBC ignores OBJSENSE MAX).
"$bin" export "$root/instances/examples/tiny.json" --mps "$tmp/tiny.mps" 2>"$tmp/tiny.err"
t="the MPS file opens with a comment naming its source"
head -n 1 "$tmp/tiny.mps" | grep -q '^\* musubi export --mps' && ok "$t" || ko "$t"
sed -n '/^NAME/q;p' "$tmp/tiny.mps" | grep -q 'OBJECTIVE NEGATED: this file MINIMISES -(total weight)' &&
    ok "its opening comments say the objective is negated" || ko "its opening comments say the objective is negated"
t="the MPS file has no OBJSENSE section"
grep -q '^OBJSENSE' "$tmp/tiny.mps" && ko "$t" || ok "$t"
t="export --help says the MPS file minimises -(weight)"
"$bin" export --help | grep -q 'MINIMISES -(total weight)' && ok "$t" || ko "$t"

n=0
for inst in "$root"/instances/*.json "$root"/instances/examples/*.json "$root"/instances/examples/csv; do
    case $inst in *.schema.json) continue ;; esac
    n=$((n + 1))
    label=$(basename "$inst" .json)
    f=$tmp/$n
    "$bin" solve "$inst" -q -o "$f.sol.json" 2>"$f.solve.err"
    obj=$(sed -n 's/^  "objective": \([-0-9a-z]*\),$/\1/p' "$f.sol.json" 2>/dev/null | head -n 1)
    status=$(sed -n 's/^  "status": "\([a-z_]*\)",$/\1/p' "$f.sol.json" 2>/dev/null | head -n 1)
    case $status in
    optimal) want="optimal $obj" ;;
    infeasible) want=infeasible ;;
    *) ko "$label: musubi solve proves an answer (status \"$status\": $(head -n 1 "$f.solve.err"))"; continue ;;
    esac
    for fmt in mps lp; do
        if ! "$bin" export "$inst" --$fmt "$f.$fmt" 2>"$f.$fmt.err"; then
            ko "$label: export --$fmt ($(head -n 1 "$f.$fmt.err"))"
            continue
        fi
        sign=1; opt=--lp
        [ $fmt = mps ] && sign=-1 opt=--freemps
        if [ $have_glpsol = 1 ]; then same "$label: glpsol $opt = musubi" "$want" "$(glpsol_mip "$f.$fmt" $opt $sign)"
        else skip "$label: glpsol $opt" "glpsol not installed"; fi
        if [ $have_cbc = 1 ]; then same "$label: cbc on --$fmt = musubi" "$want" "$(cbc_mip "$f.$fmt" $sign)"
        else skip "$label: cbc on --$fmt" "cbc not installed"; fi
    done
    # --dimacs: a network exactly when flow solves the instance
    "$bin" solve "$inst" --engine flow -q -o "$f.flow.json" 2>/dev/null
    flow_rc=$?
    "$bin" export "$inst" --dimacs "$f.min" 2>"$f.min.err"
    rc=$?
    if [ $flow_rc -eq 2 ]; then
        if [ $rc -eq 2 ] && [ ! -e "$f.min" ]; then
            ok "$label: not a network: --dimacs refuses, exit 2 ($(head -n 1 "$f.min.err"))"
        else
            ko "$label: flow refuses it, so --dimacs must refuse with exit 2 (exit $rc)"
        fi
    elif [ $rc -ne 0 ]; then
        ko "$label: flow solves it, so --dimacs must export it ($(head -n 1 "$f.min.err"))"
    elif [ $have_glpsol = 1 ]; then
        same "$label: glpsol --mincost, -(min cost) = musubi" "$want" "$(glpsol_mincost "$f.min")"
    else
        skip "$label: glpsol --mincost" "glpsol not installed"
    fi
done
[ $n -ge 8 ] && ok "$n instances and examples exported" || ko "instances and examples found ($n, want at least 8)"

finish
