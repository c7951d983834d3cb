#!/bin/sh
# End-to-end checks of `musubi export --dimacs` (output/dimacs.c): the DIMACS
# min-cost flow file of an instance without quotas, or with laminar ones, is
# solved by programs that share no code with musubi's flow engine — glpsol
# --mincost (GLPK's DIMACS reader, then its simplex) and bench/flow/lemon-solve
# (LEMON's reader and NetworkSimplex) — and -(minimum cost) must equal `musubi
# solve --engine flow`; instances with quota rows that are not laminar are
# refused with exit 2, one line naming the instance, no file.
# Usage: sh tests/e2e_dimacs.sh path/to/musubi   (about 5 s; ends "N passed, M failed, K skipped")
bin=${1:?usage: tests/e2e_dimacs.sh path/to/musubi}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/lib.sh"
e2e_tmpdir dimacs
ex=$root/instances/examples

# The peers that read the file: glpsol (glpk-utils, which `make test` installs
# as root), lemon-solve when LEMON is installed (built from bench/flow/Makefile
# if missing).
have_glpsol=0
command -v glpsol >/dev/null 2>&1 && have_glpsol=1
lemon=$root/bench/flow/lemon-solve
if [ -f /usr/include/lemon/network_simplex.h ]; then
    make -s -C "$root/bench/flow" lemon-solve >"$tmp/lemon-build.log" 2>&1 ||
        ko "bench/flow/lemon-solve builds ($(tail -n 1 "$tmp/lemon-build.log"))"
fi
have_lemon=0
[ -x "$lemon" ] && have_lemon=1

# ---- the command line ----
"$bin" export --help >"$tmp/help" 2>&1
check "export --help documents --dimacs" grep -q -- "--dimacs FILE" "$tmp/help"
check "export --help states the objective mapping" grep -q -- "-(minimum cost)" "$tmp/help"
"$bin" --help | grep -q -- "--dimacs FILE" && ok "musubi --help lists --dimacs" || ko "musubi --help lists --dimacs"
"$bin" export "$ex/tiny.json" --lp "$tmp/a.lp" --dimacs "$tmp/a.min" 2>/dev/null
check "two formats at once is a usage error (exit 2)" test $? -eq 2
check "... and writes neither" test ! -e "$tmp/a.lp" -a ! -e "$tmp/a.min"
"$bin" export "$ex/tiny.json" --dimacs - >"$tmp/stdout.min" 2>/dev/null
check "--dimacs - writes to stdout" grep -q '^p min 9 12$' "$tmp/stdout.min"

# ---- the optimum, three ways ----
# INSTANCE LABEL: export, solve the file with glpsol and lemon-solve, compare with flow
agree() {
    inst=$1 label=$2
    if ! "$bin" export "$inst" --dimacs "$tmp/$label.min" 2>"$tmp/$label.err"; then
        ko "$label: export --dimacs ($(head -n 1 "$tmp/$label.err"))"
        return
    fi
    head -n 1 "$tmp/$label.min" | grep -q '^c musubi export --dimacs' && ok "$label: the file opens with a comment naming its source" ||
        ko "$label: first line names the source"
    "$bin" solve "$inst" --engine flow -q -o "$tmp/$label.json" 2>"$tmp/$label.solve.err"
    want=$(sed -n 's/^ *"objective": *\(-\{0,1\}[0-9]*\),*$/\1/p' "$tmp/$label.json" | head -n 1)
    if [ -z "$want" ]; then
        ko "$label: flow solves it ($(head -n 1 "$tmp/$label.solve.err"))"
        return
    fi
    if [ $have_glpsol = 1 ]; then
        glpsol --mincost "$tmp/$label.min" -o "$tmp/$label.glpsol" >/dev/null 2>&1
        got=$(awk '/^Objective:/ { print 0 - $2 }' "$tmp/$label.glpsol" 2>/dev/null)
        check "$label: glpsol --mincost: -(min cost) = flow optimum ($got vs $want)" test "${got:-none}" = "$want"
    else
        skip "$label: glpsol --mincost" "glpsol is not installed (glpk-utils; make test installs it as root)"
    fi
    if [ $have_lemon = 1 ]; then
        "$lemon" "$tmp/$label.min" --time-limit 10 >"$tmp/$label.lemon" 2>&1
        got=$(awk '$1 == "status" { s = $2 } $1 == "objective" { o = $2 } END { print s, o }' "$tmp/$label.lemon")
        check "$label: lemon-solve: optimal, objective = flow optimum ($got vs $want)" test "$got" = "optimal $want"
    else
        skip "$label: lemon-solve" "bench/flow/lemon-solve is not built (LEMON is not installed)"
    fi
}
agree "$ex/tiny.json" tiny
for seed in 1 2; do
    "$bin" gen --preset bench-transport --seed $seed --applicants 600 --companies 40 --pairs 8 -o "$tmp/t$seed.json" 2>/dev/null
    agree "$tmp/t$seed.json" "transport-seed$seed"
done
"$bin" gen --preset bench-stable --seed 3 --applicants 400 --companies 25 -o "$tmp/s3.json" 2>/dev/null
agree "$tmp/s3.json" stable-seed3
"$bin" gen --preset bench-transport --seed 4 --applicants 500 --companies 30 --pairs 6 --tables "$tmp/t4" 2>/dev/null
agree "$tmp/t4" transport-tables-seed4

# laminar quota rows keep it a network: the file is that network
agree "$ex/tiny-quotas.json" tiny-quotas-laminar
# an applicant-side cap (vietnam-cap) beside a row of whole hosts (outside-kanto)
agree "$ex/csv" csv-laminar-both-sides
"$bin" gen --preset bench-quotas --seed 5 --applicants 800 --companies 30 --pairs 8 -o "$tmp/q5.json" 2>/dev/null
agree "$tmp/q5.json" quotas-laminar-seed5

# ---- refusals: quota rows that are not laminar ----
# a floor per region and nationality crosses both sides
mkdir -p "$tmp/out"
"$bin" gen --preset bench-quotas --seed 6 --applicants 300 --companies 20 --pairs 8 --region-nationality-floor 1 \
    -o "$tmp/cross.json" 2>/dev/null
"$bin" export "$tmp/cross.json" --dimacs "$tmp/out/q.min" >"$tmp/q.out" 2>"$tmp/q.err"
check "crossing quota rows: exit 2" test $? -eq 2
check "crossing quota rows: one line on stderr" test "$(wc -l <"$tmp/q.err")" -eq 1
check "crossing quota rows: the message names the instance, the row and why" \
    grep -q "cross.json: [0-9]* quota rows, not laminar (quota row region-nationality-floor-[A-Za-z-]*\[nationality=[A-Z]*\] takes part of several companies' pairs and part of several applicants'): not a network problem" "$tmp/q.err"
check "crossing quota rows: no output file, no temporary" test -z "$(ls -A "$tmp/out")"
echo "keep me" >"$tmp/out/q.min"
"$bin" export "$tmp/cross.json" --dimacs "$tmp/out/q.min" 2>/dev/null
check "crossing quota rows: an existing file is left as it was" test "$(cat "$tmp/out/q.min")" = "keep me"
"$bin" export "$tmp/cross.json" --lp "$tmp/out/q.lp" 2>/dev/null
check "the same instance still exports as LP" test $? -eq 0 -a -s "$tmp/out/q.lp"

finish
