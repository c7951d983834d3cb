#!/bin/sh
# Reliability, end to end: hostile and oversized inputs are refused with one
# clear line each; --time-limit and --memory-limit are honoured; SIGINT and
# SIGTERM keep the best solution so far; output appears whole or not at all,
# and a failed run never touches an existing output file. README.md,
# "Limits and failure behaviour", states what is tested here.
#
#   sh tests/e2e_reliability.sh path/to/musubi      (from the repository root)
#
# MUSUBI_E2E_LIGHT=1 skips the cases that generate and solve a 200,000-pair
# instance (for runs under valgrind). --memory-limit cases are skipped when
# the binary is built with AddressSanitizer (its shadow memory does not fit
# an address-space limit) or under MUSUBI_E2E_LIGHT. Wall-clock assertions
# have generous margins: the point is that limits hold, not how fast.
# The last line is "N passed, M failed, K skipped" (tests/lib.sh).
bin=${1:?usage: tests/e2e_reliability.sh path/to/musubi}
. "$(dirname "$0")/lib.sh"
e2e_tmpdir rel
now_ms() { date +%s%3N; }
# run NAME WANT_RC ARGS...: runs the binary, stderr in $tmp/err, wall time in $ms.
run() {
    name=$1; want=$2; shift 2
    t0=$(now_ms)
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
    ms=$(($(now_ms) - t0))
    if [ "$got" -eq "$want" ]; then ok "$name (exit $got)"; else ko "$name (exit $got, want $want: $(head -c 300 "$tmp/err"))"; fi
}
err_has() { grep -q -- "$1" "$tmp/err"; }
err_lines() { wc -l <"$tmp/err" | tr -d ' '; }
no_leftovers() { ! ls "$1" 2>/dev/null | grep -q '\.tmp\.'; }
accepted() { "$bin" check "$1" "$2" >/dev/null; } # instance solution
light=${MUSUBI_E2E_LIGHT:-0}
memlimit=1 slack=1000 # ms beyond limit x 1.05: reading, formulation, writing
if grep -q __asan_init "$bin" 2>/dev/null; then memlimit=0 slack=3000; fi # sanitizers slow what cannot be stopped
[ "$light" = 1 ] && memlimit=0

# ---- hostile and oversized inputs: refused, one line each, nothing written
truncate -s 1G "$tmp/huge.json"
run "a 1 GB file is refused" 3 solve "$tmp/huge.json" -o "$tmp/o.json"
check "  ... naming the limit and the route for large instances" err_has "larger than 256 MiB; use the CSV-table route"
check "  ... without reading it (under 2 s)" [ "$ms" -lt 2000 ]
check "  ... and writes nothing" [ ! -e "$tmp/o.json" ]

awk 'BEGIN { s = "["; for (i = 0; i < 17; i++) s = s s; printf "%s", substr(s, 1, 100000) }' >"$tmp/deep.json"
run "100,000-deep nesting is refused" 3 solve "$tmp/deep.json" -o "$tmp/o.json"
check "  ... at the 64-level bound" err_has "deep.json: line 1, column 65: nested deeper than 64 levels"

awk 'BEGIN { s = "x"; for (i = 0; i < 20; i++) s = s s;
             printf "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"%s\"}], \"companies\": []}", s }' >"$tmp/longid.json"
run "a 1 MiB id is refused" 3 solve "$tmp/longid.json" -o "$tmp/o.json"
check "  ... naming its length" err_has "applicants\[0\].id: id longer than 256 bytes (1048576)"
check "  ... in a message of bounded size" [ "$(wc -c <"$tmp/err")" -lt 400 ]

printf '{"format": "musubi-instance-1", "applicants": [{"id": "A\377\376"}], "companies": []}' >"$tmp/latin.json"
run "non-UTF-8 bytes are refused" 3 solve "$tmp/latin.json" -o "$tmp/o.json"
check "  ... with their position" err_has "latin.json: line 1, column 57: invalid UTF-8"
printf '{"format": "musubi-instance-1", "applicants": [{"id": "A\\\377"}], "companies": []}' >"$tmp/escaped.json"
run "a backslash before a non-UTF-8 byte does not hide it" 3 solve "$tmp/escaped.json"
check "  ... (the reported text stays valid, one line)" [ "$(err_lines)" -eq 1 ]
printf '{"format": "musubi-instance-1", "applicants": [], "companies": [], "name": "a\000b"}' >"$tmp/nul.json"
run "a NUL byte is refused" 3 solve "$tmp/nul.json"
check "  ... by name" err_has "NUL byte"
awk 'BEGIN { printf "{\"format\": \"musubi-instance-1\", \"companies\": [], \"applicants\": [{\"id\": \"A1\"";
             for (i = 0; i < 100000; i++) printf ", \"k%d\": \"v\"", i % 50000; printf "}]}" }' >"$tmp/keys.json"
run "an applicant of 100,000 keys, half repeated" 3 solve "$tmp/keys.json"
check "  ... listing the first 20 repeats and the count" err_has "and 49980 more problems (50000 in all)"
: >"$tmp/empty.json"
run "an empty file is refused" 3 solve "$tmp/empty.json"

# The same through the CSV-table route.
mkdir -p "$tmp/t"
printf 'id,capacity\nC1,2\n' >"$tmp/t/companies.csv"
awk 'BEGIN { s = "y"; for (i = 0; i < 20; i++) s = s s; printf "id\n%s\n", s }' >"$tmp/t/applicants.csv"
run "tables: a 1 MiB id is refused" 3 solve "$tmp/t" -o "$tmp/o.json"
check "  ... naming file, row and column" err_has "applicants.csv: row 1: id: id longer than 256 bytes (1048576)"
printf 'id\nA\377\n' >"$tmp/t/applicants.csv"
run "tables: non-UTF-8 bytes are refused" 3 solve "$tmp/t"
check "  ... by name" err_has "applicants.csv: row 1: id: invalid UTF-8"
printf 'id\n"A1\n' >"$tmp/t/applicants.csv"
run "tables: an unterminated quote is refused" 3 solve "$tmp/t"
check "  ... by name" err_has "a quoted cell never ends"
printf 'id\nA1\n' >"$tmp/t/applicants.csv"
printf 'id,capacity\nC1,"1\n2"\n' >"$tmp/t/companies.csv"
run "tables: a line break inside a bad cell" 3 solve "$tmp/t"
check "  ... stays inside one message line" [ "$(err_lines)" -eq 1 ]
printf 'id,capacity\nC1,2\n' >"$tmp/t/companies.csv"
awk 'BEGIN { s = "["; for (i = 0; i < 17; i++) s = s s; printf "%s", substr(s, 1, 100000) }' >"$tmp/t/programme.json"
run "tables: 100,000-deep nesting in programme.json is refused" 3 solve "$tmp/t"
check "  ... at the 64-level bound" err_has "nested deeper than 64 levels"
rm "$tmp/t/programme.json"
truncate -s 1G "$tmp/t/programme.json"
run "tables: a 1 GB programme.json is refused" 3 solve "$tmp/t"
check "  ... naming its limit" err_has "programme.json: larger than 64 MiB"
rm "$tmp/t/programme.json"

# ---- nothing lost: whole output or none; a failed run leaves old output alone
ex=instances/examples
mkdir -p "$tmp/res"
run "a good run" 0 solve $ex/tiny.json -q -o "$tmp/res/sol.json" --csv "$tmp/res/sol.csv"
check "  ... leaves no temporary file" no_leftovers "$tmp/res"
run "  ... and its solution checks" 0 check $ex/tiny.json "$tmp/res/sol.json"
cp "$tmp/res/sol.json" "$tmp/sol.keep"; cp "$tmp/res/sol.csv" "$tmp/csv.keep"
run "a failed run (invalid instance)" 3 solve "$tmp/longid.json" -o "$tmp/res/sol.json" --csv "$tmp/res/sol.csv"
check "  ... leaves the existing output byte for byte" cmp -s "$tmp/res/sol.json" "$tmp/sol.keep"
check "  ... and the existing CSV" cmp -s "$tmp/res/sol.csv" "$tmp/csv.keep"
check "  ... and no temporary file" no_leftovers "$tmp/res"
# A hard link to the old file keeps the old inode: a rename leaves it as it
# was, a write in place would change it.
ln "$tmp/res/sol.json" "$tmp/old-inode.json"
run "a good run over an existing output" 0 solve $ex/tiny-quotas.json -q -o "$tmp/res/sol.json"
check "  ... replaces it by rename (the old inode is untouched)" cmp -s "$tmp/old-inode.json" "$tmp/sol.keep"
check "  ... with the new solution" accepted $ex/tiny-quotas.json "$tmp/res/sol.json"
cp "$tmp/sol.keep" "$tmp/res/sol.json"
run "an output in a missing directory" 4 solve $ex/tiny.json -q -o "$tmp/nowhere/sol.json"
check "  ... is named" err_has "nowhere/sol.json: cannot create output"
run "flow refusing another objective" 2 solve $ex/tiny.json --engine flow --objective placements -o "$tmp/res/sol.json"
check "  ... leaves the existing output alone" cmp -s "$tmp/res/sol.json" "$tmp/sol.keep"

if [ "$light" = 1 ]; then
    skip "limits, --memory-limit and interrupts on a 200,000-pair instance" "MUSUBI_E2E_LIGHT"
    finish
fi

# ---- limits: 10,000 applicants x 300 hosts, 200,000 pairs, 2,472 quota rows.
# GLPK's simplex alone needs well over a minute on it.
"$bin" gen --preset bench-quotas --seed 3 --applicants 10000 --companies 300 --capacity 10-40 --capacity-mean 0 \
    --pairs 20 --region-nationality-floor 2 -o "$tmp/big.json" 2>"$tmp/err" || ko "gen the large instance: $(cat "$tmp/err")"
within() { # limit-seconds ms: wall <= limit x 1.05 + 1 s (3 s in a sanitizer build)
    [ "$2" -le $(($1 * 1050 + slack)) ]
}
for engine in mip auto; do
    t0=$(now_ms)
    "$bin" solve "$tmp/big.json" --engine $engine --time-limit 3 -q -o "$tmp/res/limit.json" 2>"$tmp/err"
    rc=$? ms=$(($(now_ms) - t0))
    check "--engine $engine --time-limit 3 on the large instance: exit 0 or 5 (got $rc)" [ "$rc" -eq 0 -o "$rc" -eq 5 ]
    check "  ... stops within 3 s x 1.05 + $((slack / 1000)) s (took $ms ms)" within 3 "$ms"
    check "  ... and writes a solution the checker accepts" accepted "$tmp/big.json" "$tmp/res/limit.json"
done
# Every other engine: on the large instance those that refuse quotas refuse at
# once; the stability engines get a 600-applicant instance (their models
# grow with preference-list lengths; see README).
"$bin" gen --preset bench-quotas --seed 5 --applicants 600 --companies 40 --capacity 5-20 --capacity-mean 0 --pairs 10 \
    -o "$tmp/mid.json" 2>/dev/null
engines=$("$bin" solve $ex/tiny.json --engine '?' 2>&1 | sed -n 's/.*expected one of \([^,]*\), got.*/\1/p' | tr '|' ' ')
[ -n "$engines" ] && ok "engine list read from the CLI: $engines" || ko "engine list read from the CLI"
for engine in $engines; do
    case $engine in mip | auto) continue ;; stable-optimal | almost-stable) inst=$tmp/mid.json ;; *) inst=$tmp/big.json ;; esac
    t0=$(now_ms)
    "$bin" solve "$inst" --engine "$engine" --time-limit 2 -q -o "$tmp/res/e.json" 2>"$tmp/err"
    rc=$? ms=$(($(now_ms) - t0))
    check "--engine $engine --time-limit 2 (exit $rc) stops within 2 s x 1.05 + $((slack / 1000)) s (took $ms ms)" within 2 "$ms"
done

# ---- memory: GLPK past --memory-limit is refused cleanly
if [ "$memlimit" = 1 ]; then
    cp "$tmp/sol.keep" "$tmp/res/mem.json"
    run "--engine mip --memory-limit 1 on the large instance is refused" 7 solve "$tmp/big.json" --engine mip \
        --memory-limit 1 --time-limit 20 -o "$tmp/res/mem.json"
    check "  ... with GLPK's reason" err_has "out of memory in GLPK (--memory-limit 1 MiB): glp_alloc: memory allocation limit exceeded"
    check "  ... leaving the existing output alone" cmp -s "$tmp/res/mem.json" "$tmp/sol.keep"
    check "  ... and no temporary file" no_leftovers "$tmp/res"
    run "--memory-limit with 64 threads is not a thread-creation crash" 0 solve $ex/tiny.json -q --memory-limit 1 \
        --threads 64 -o "$tmp/res/threads.json"
else
    skip "--memory-limit cases" "an AddressSanitizer build: its shadow memory does not fit an address-space limit"
fi

# ---- interrupts: the best solution so far, whole, status interrupted, exit 8
interrupt() { # name signal engine [solve options]: solve, signal after ~1.5 s, wait
    name=$1 sig=$2 eng=$3
    shift 3
    rm -f "$tmp/res/int.json"
    "$bin" solve "$tmp/big.json" --engine "$eng" "$@" -q -o "$tmp/res/int.json" 2>"$tmp/err" &
    pid=$!
    sleep 1.5
    t0=$(now_ms)
    kill -s "$sig" $pid
    wait $pid; rc=$?
    ms=$(($(now_ms) - t0))
    check "$name: exit 8 (got $rc)" [ "$rc" -eq 8 ]
    check "  ... within $((3 * slack / 1000)) s of the signal (took $ms ms)" [ "$ms" -lt $((3 * slack)) ]
    check "  ... status interrupted" grep -q '"status": "interrupted"' "$tmp/res/int.json"
    check "  ... a whole file the checker accepts" accepted "$tmp/big.json" "$tmp/res/int.json"
    check "  ... no temporary file" no_leftovers "$tmp/res"
}
interrupt "SIGINT in GLPK's simplex" INT mip
interrupt "SIGTERM in GLPK's simplex" TERM mip
# auto on crossing quotas proves this instance's optimum in about a second
# (engine/crossing.c), too soon to be interrupted; the max-min objective keeps
# it in GLPK's staged solves for minutes, so the signal lands inside auto.
interrupt "SIGINT under auto (max-min objective, staged GLPK solves)" INT auto --objective maxmin
finish
