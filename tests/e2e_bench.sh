#!/bin/sh
# End-to-end test of the benchmark harness (bench/musubi-bench, bench/runstat.c):
# runs the `quick` set with a short budget and checks the rows, the peers (LEMON
# through the DIMACS export), the known-optimum and checker flags, sharding, the
# summary and bench-check's comparison.
# Usage: sh tests/e2e_bench.sh path/to/musubi      (about 10 s on 2 cores)
# Ends with "N passed, M failed, K skipped" (tests/lib.sh).
bin=${1:?usage: tests/e2e_bench.sh path/to/musubi}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
bench="sh $root/bench/musubi-bench"
. "$(dirname "$0")/lib.sh"
e2e_tmpdir bench # KEEP_TMP=1 keeps the work directory for a look
# field NAME of the CSV rows on stdin, by header
col() { awk -F, -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } { print $k }'; }
common="--musubi $bin --cache $tmp/cache -q"
# MUSUBI_E2E_LIGHT (make check-valgrind): two small instances instead of five
light=
[ -n "${MUSUBI_E2E_LIGHT:-}" ] && light=1

# ---- the quick set, short budget -------------------------------------------
$bench run quick $common ${light:+"--only" "tokyo|stable"} --time-limit 10 --out "$tmp/quick" 2>"$tmp/quick.err"
rc=$?
check "run quick exits 0 ($(head -n 3 "$tmp/quick.err"))" test $rc -eq 0
csv=$tmp/quick/runs.csv
planned=$($bench list quick ${light:+"--only" "tokyo|stable"} | wc -l)
instances=$($bench list quick ${light:+"--only" "tokyo|stable"} | cut -f 2 | sort -u | wc -l)
rows=$(($(wc -l <"$csv") - 1))
check "runs.csv has one row per planned run ($rows of $planned)" test "$rows" -eq "$planned"
check "runs.csv header names every column" grep -q '^set,instance,kind,engine,options,threads,seed,limit,status,solver_status,objective,bound,gap,seconds,solver_seconds,max_rss_mib,exit,check,applicants,pairs,build,note$' "$csv"
flagged=$(col status <"$csv" | grep -c -E '^(wrong|error|killed|memout)$')
check "no run is wrong, failed or killed ($flagged)" test "$flagged" -eq 0
# auto and mip solve every instance to the recorded optimum, and pass the checker
for e in auto mip; do
    awk -F, -v e="$e" 'NR > 1 && $3 == "musubi" && $4 == e { print $2, $9, $11, $18 }' "$csv" >"$tmp/$e.txt"
    n=$(wc -l <"$tmp/$e.txt")
    check "engine $e ran on the $instances instances ($n)" test "$n" -eq "$instances"
    while read -r inst st obj chk; do
        want=$(awk -v i="$inst" '$1 == "=opt=" && $2 == i { print $3 }' "$root/bench/optima.solu")
        check "$e on $inst: optimal $want, check pass (got $st $obj $chk)" test "$st $obj $chk" = "optimal $want pass"
    done <"$tmp/$e.txt"
done
# every musubi row carries the build, times and memory
missing=$(awk -F, 'NR > 1 && $3 == "musubi" && $9 != "skipped" && ($14 == "-" || $16 == "-" || $21 == "") { n++ } END { print n + 0 }' "$csv")
check "musubi rows have seconds, peak memory and build ($missing without)" test "$missing" -eq 0
# peers: optimal when installed, skipped with a note otherwise
for p in glpsol cbc; do
    st=$(awk -F, -v p="$p" 'NR > 1 && $3 == "peer" && $4 == p { print $9 }' "$csv" | sort -u | tr '\n' ' ')
    if command -v "$p" >/dev/null 2>&1; then
        check "peer $p optimal on every instance (got $st)" test "$st" = "optimal "
    else
        check "peer $p skipped (got $st)" test "$st" = "skipped "
    fi
done
# lemon reads the DIMACS export: optimal wherever flow solves the instance,
# unsupported wherever flow refuses it (quota rows: no transportation problem)
if [ -f /usr/include/lemon/network_simplex.h ]; then
    awk -F, 'NR > 1 && $3 == "musubi" && $4 == "flow" { f[$2] = $9 == "unsupported" ? "unsupported" : "optimal" }
        NR > 1 && $3 == "peer" && $4 == "lemon" { l[$2] = $9 " " $11 }
        NR > 1 && $3 == "musubi" && $4 == "auto" { a[$2] = $11 }
        END { for (i in f) print i, f[i], l[i], a[i] }' "$csv" >"$tmp/lemon.txt"
    n=$(wc -l <"$tmp/lemon.txt")
    check "peer lemon ran on the $instances instances ($n)" test "$n" -eq "$instances"
    while read -r inst want st obj auto; do
        if [ "$want" = optimal ]; then
            check "lemon on $inst: optimal $auto, as auto (got $st $obj)" test "$st $obj" = "optimal $auto"
        else
            check "lemon on $inst: unsupported, as flow (got $st)" test "$st" = "unsupported"
        fi
    done <"$tmp/lemon.txt"
    # (the quick set's quota instances are laminar, hence networks: a refusal
    # shows only with crossing quotas, as in the standard set)
    if awk -F, 'NR > 1 && $4 == "lemon" && $9 == "unsupported" { found = 1 } END { exit !found }' "$csv"; then
        check "the refusal is the row's note" grep -q 'musubi export --dimacs: .*quota rows, not laminar' "$csv"
    else
        skip "the refusal is the row's note" "no lemon row was refused (the quick set's quotas are laminar)"
    fi
else
    st=$(awk -F, 'NR > 1 && $3 == "peer" && $4 == "lemon" { print $9 }' "$csv" | sort -u | tr '\n' ' ')
    check "peer lemon skipped without LEMON (got $st)" test "$st" = "skipped "
fi
check "summary.md has the per-solver table" grep -q '^## Set quick: per solver' "$tmp/quick/summary.md"
check "summary.md has the per-instance ratios" grep -q '| auto / glpsol |' "$tmp/quick/summary.md"
if command -v gnuplot >/dev/null 2>&1; then
    check "time-vs-size.svg drawn" grep -q '<svg' "$tmp/quick/time-vs-size.svg"
else
    check "summary says the plot was skipped" grep -q 'gnuplot is not installed' "$tmp/quick/summary.md"
fi

# ---- runstat -----------------------------------------------------------------
rs=$root/build/bench/runstat
"$rs" -o "$tmp/rs1" sh -c 'exit 3'
check "runstat passes the exit status on" test $? -eq 3
check "runstat reports exit=3" grep -q 'exit=3 signal=0 timeout=0' "$tmp/rs1"
"$rs" -o "$tmp/rs2" -t 0.5 -k 1 sleep 20
check "runstat ends a command at its limit" grep -q 'signal=15 timeout=1' "$tmp/rs2"
wall=$(sed 's/.*wall=\([0-9.]*\).*/\1/' "$tmp/rs2")
check "runstat's timeout is prompt (wall $wall)" awk -v w="$wall" 'BEGIN { exit !(w >= 0.5 && w < 2) }'
"$rs" -o "$tmp/rs3" awk 'BEGIN { for (i = 0; i < 400000; i++) a[i] = i }'
rss=$(sed 's/.*maxrss_kib=\([0-9]*\).*/\1/' "$tmp/rs3")
check "runstat measures peak memory ($rss KiB)" test "$rss" -gt 4000

# ---- known optima: a contradicting optima file makes runs wrong ---------------
printf '=opt= tokyo-2022 6368\n=inf= jip-fy2018\n' >"$tmp/fake.solu"
$bench run quick $common --only 'tokyo|jip' --engines auto --no-peers --solu "$tmp/fake.solu" --out "$tmp/fake" 2>/dev/null
st=$(col status <"$tmp/fake/runs.csv" | tr '\n' ' ')
check "optimal above a known optimum, or a solution of a known-infeasible instance, is wrong (got $st)" test "$st" = "wrong wrong "
check "summary lists the wrong runs" grep -q 'above the known optimum 6368' "$tmp/fake/summary.md"

# ---- the checker: a tampered solution makes the run wrong ------------------------
cat >"$tmp/tamper" <<EOF
#!/bin/sh
# musubi, but solve writes an objective one higher than it found
"$bin" "\$@"; rc=\$?
if [ "\$1" = solve ]; then
    out=; prev=
    for a in "\$@"; do [ "\$prev" = -o ] && out=\$a; prev=\$a; done
    [ -f "\$out" ] && sed 's/^  "objective": \([0-9]*\),/  "objective": 1\1,/' "\$out" >"\$out.t" && mv "\$out.t" "\$out"
fi
exit \$rc
EOF
chmod +x "$tmp/tamper"
$bench run quick --musubi "$tmp/tamper" --cache "$tmp/cache" -q --only tokyo --engines mip --no-peers --out "$tmp/tampered" 2>/dev/null
line=$(awk -F, 'NR == 2 { print $9, $18, $22 }' "$tmp/tampered/runs.csv")
case $line in "wrong fail check: "*) ok "a solution failing musubi check is wrong" ;; *) ko "a solution failing musubi check is wrong (got $line)" ;; esac

# ---- engines as data: an unknown engine is skipped with a note -----------------
$bench run quick $common --only tokyo --engines auto,no-such-engine --no-peers --out "$tmp/unknown" 2>/dev/null
st=$(col status <"$tmp/unknown/runs.csv" | tr '\n' ' ')
check "an engine musubi does not know is skipped (got $st)" test "$st" = "optimal skipped "
check "the skip is noted in the summary" grep -q 'engine no-such-engine is not in this musubi' "$tmp/unknown/summary.md"

# ---- sharding: disjoint slices that cover the plan -------------------------------
$bench list quick >"$tmp/all"
: >"$tmp/shards"
for k in 1 2 3; do $bench list quick --shard $k/3 >>"$tmp/shards"; done
check "shards 1/3..3/3 partition the plan" test "$(sort "$tmp/shards" | uniq | wc -l)" -eq "$(wc -l <"$tmp/all")" -a \
    "$(wc -l <"$tmp/shards")" -eq "$(wc -l <"$tmp/all")"
$bench list quick --shard 4/3 >/dev/null 2>&1
check "--shard 4/3 is a usage error" test $? -eq 2
# merging shard results: the merged summary counts every row once
awk -F, 'NR == 1 || NR % 2 == 0' "$csv" >"$tmp/a.csv"
awk -F, 'NR == 1 || NR % 2 == 1' "$csv" >"$tmp/b.csv"
$bench summary -o "$tmp/merged" "$tmp/a.csv" "$tmp/b.csv" 2>/dev/null
check "summary merges result files" test "$(wc -l <"$tmp/merged/runs.csv")" -eq "$(wc -l <"$csv")"

# ---- bench-check's comparison ------------------------------------------------------
$bench compare "$csv" "$csv" >"$tmp/same.md"
check "a run compared with itself is not flagged" test $? -eq 0
# a baseline 4x faster everywhere and with one objective changed
awk -F, -v OFS=, 'NR > 1 && $3 == "musubi" && $14 != "-" { v = $14 / 4 - 0.3; $14 = sprintf("%.3f", v < 0 ? 0 : v) }
    NR > 1 && $2 == "tokyo-2022" && $4 == "auto" { $11 = 6000 } { print }' "$csv" >"$tmp/base.csv"
awk -F, -v OFS=, 'NR > 1 && $2 == "tokyo-2022" && $4 == "mip" { $14 = 5 } { print }' "$csv" >"$tmp/new.csv"
$bench compare "$tmp/base.csv" "$tmp/new.csv" >"$tmp/diff.md"
check "a changed objective or a slower run is flagged (exit 1)" test $? -eq 1
check "the report names the objective change" grep -q 'tokyo-2022 | auto | 1 | 1 | objective 6000 → 6369' "$tmp/diff.md"
check "the report names the slow run" grep -q 'tokyo-2022 | mip | 1 | 1 | slower' "$tmp/diff.md"
# the check command end to end, on a tiny slice, against the first run
$bench check quick $common --only tokyo --baseline "$csv" --out "$tmp/check" >"$tmp/check.out" 2>&1
rc=$?
check "bench check against the run's own numbers passes ($(tail -n 1 "$tmp/check.out"))" test $rc -eq 0

finish
