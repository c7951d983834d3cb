#!/bin/sh
# A long fuzzing campaign for one harness, in chunks, counting executions:
#
#   sh tests/fuzz/campaign.sh TARGET SECONDS [CHUNK_SECONDS]   (after make fuzz-build fuzz-seeds)
#
# Runs build/fuzz/fuzz_TARGET for CHUNK_SECONDS (default 600) at a time until
# SECONDS have passed, resuming from build/fuzz/corpus/TARGET. A chunk that
# finds a failure leaves the input in build/fuzz/artifacts/ and the campaign
# goes on with the next chunk. Appends to build/fuzz/campaign-TARGET.log,
# whose last line is "campaign TARGET: N executions, M failures".
set -u
t=${1:?usage: tests/fuzz/campaign.sh TARGET SECONDS [CHUNK_SECONDS]}
total=${2:?usage: tests/fuzz/campaign.sh TARGET SECONDS [CHUNK_SECONDS]}
chunk=${3:-600}
d=build/fuzz
log=$d/campaign-$t.log
dict=tests/fuzz/$t.dict; [ "$t" = check ] && dict=tests/fuzz/json.dict
mkdir -p "$d/corpus/$t" "$d/artifacts"
echo "campaign $t: started $(date -u '+%Y-%m-%d %H:%M:%S') for $total s" >>"$log"
execs=0 failures=0 left=$total i=0
while [ "$left" -gt 0 ]; do
    i=$((i + 1))
    run=$chunk; [ "$left" -lt "$run" ] && run=$left
    OMP_NUM_THREADS=1 "$d/fuzz_$t" -dict="$dict" -max_total_time="$run" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$d/artifacts/$t-" \
        "$d/corpus/$t" "$d/seeds/$t" >"$d/campaign-$t.chunk" 2>&1
    rc=$?
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/campaign-$t.chunk" | tail -n 1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$d/campaign-$t.chunk" | tail -n 1)
    execs=$((execs + ${n:-0}))
    if [ "$rc" -ne 0 ]; then
        failures=$((failures + 1))
        grep -E "SUMMARY|ERROR|assertion failed|Test unit written" "$d/campaign-$t.chunk" >>"$log"
        cp "$d/campaign-$t.chunk" "$d/campaign-$t.fail$i"
    fi
    echo "chunk $i: ${n:-0} executions, peak rss ${rss:-?} MB, exit $rc" >>"$log"
    left=$((left - run))
done
rm -f "$d/campaign-$t.chunk"
echo "campaign $t: $execs executions, $failures failures" >>"$log"
tail -n 1 "$log"
[ "$failures" -eq 0 ]
