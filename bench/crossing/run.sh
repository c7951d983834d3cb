#!/bin/sh
# Issue 18's measurements: musubi (auto, engine/crossing.c) against CBC on the
# crossing family of make-instance.sh — one intern per nationality per host, a
# floor per region at 90 % of its seats, a floor per (region, nationality) at
# 90 % of the region's seats times the nationality's share of applicants —
# back to back on the same instance, so that the ratio holds on a shared
# machine. Per instance:
#   - musubi solve on 1 thread and on 2 (whole process: reading, solving,
#     certifying, metrics, writing), every answer through musubi check, the
#     two assignments compared byte for byte;
#   - the first feasible assignment's time (the engine reason's "repair:
#     feasible ... at T s", engine seconds);
#   - CBC 2.10 on `musubi export --lp` (`cbc FILE.lp solve`; the export is not
#     timed), to 10k and 30k (at 100k CBC would need ~17 GB: 1.2 GB at 10k,
#     3.5 GB at 30k);
#   - at 100k, also musubi --time-limit 60 (the issue's 0.1 % target).
# Wall and CPU seconds by /usr/bin/time. Output: one table row per run, kept
# in data/run-DATE.log with the load average before and after.
#
#   sh bench/crossing/run.sh [SIZE...]      SIZE: 10k 30k 100k (default: all); SEEDS="1 2 3"
set -e
cd "$(dirname "$0")"
[ -x ../../bin/musubi ] || { echo "build musubi first (make at the top)" >&2; exit 2; }
mkdir -p data
cp ../../bin/musubi data/musubi # one binary for the whole run, whatever is rebuilt meanwhile
M=data/musubi
log=data/run-$(date -u +%Y%m%dT%H%M%SZ).log
sizes=${*:-10k 30k 100k}
seeds=${SEEDS:-1 2 3}
knobs() { # SIZE -> generator knobs
    case $1 in
    10k) echo "--applicants 10000 --companies 300 --pairs 20" ;;
    30k) echo "--applicants 30000 --companies 1000 --pairs 20" ;;
    100k) echo "--applicants 100000 --companies 5000 --pairs 30" ;;
    *) echo "unknown size $1" >&2; exit 2 ;;
    esac
}
field() { sed -n "s/^  \"$1\": \\(.*\\),\$/\\1/p" "$2" | head -n 1 | tr -d '"'; }
timed() { # OUT CMD... -> OUT.time: wall user sys maxrss_kib
    out=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$out.time" "$@" >"$out.log" 2>&1 || true
}
main() {
    echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "musubi: $($M --version); cbc: $(cbc -quit </dev/null 2>/dev/null | sed -n 's/^Version: *//p' | head -n 1)"
    echo
    echo "| instance | pairs | optimum | musubi t1 s (cpu) | musubi t2 s (cpu) | t1 = t2 | first feasible s | status | cbc s (cpu) | cbc MiB | musubi/cbc wall | musubi/cbc cpu |"
    echo "|---|--:|--:|--:|--:|---|--:|---|--:|--:|--:|--:|"
    for size in $sizes; do
        for seed in $seeds; do
            name=crossing-$size-s$seed
            inst=data/$name
            [ -d "$inst" ] || sh make-instance.sh "$M" "$inst" --seed "$seed" $(knobs "$size") >/dev/null
            timed data/t1 $M solve "$inst" -q --threads 1 -o data/t1.json
            timed data/t2 $M solve "$inst" -q --threads 2 -o data/t2.json
            $M check "$inst" data/t1.json >data/check1.log || { echo "CHECK FAILED: $name t1"; cat data/check1.log; exit 1; }
            $M check "$inst" data/t2.json >data/check2.log || { echo "CHECK FAILED: $name t2"; cat data/check2.log; exit 1; }
            same=no
            sed -n '/"assignment"/,$p' data/t1.json >data/a1 && sed -n '/"assignment"/,$p' data/t2.json >data/a2
            cmp -s data/a1 data/a2 && same=yes
            first=$(sed -n 's/.*repair: feasible [0-9]* at \([0-9.]*\) s.*/\1/p' data/t1.json | head -n 1)
            read -r w1 u1 s1 r1 <data/t1.time
            read -r w2 u2 s2 r2 <data/t2.time
            obj=$(field objective data/t1.json) st=$(field status data/t1.json) pairs=$(field eligible_pairs data/t1.json)
            cbc_cell="-" cbc_mem="-" rw="-" rc="-"
            if [ "$size" != 100k ]; then
                [ -f "$inst.lp" ] || $M export "$inst" --lp "$inst.lp"
                timed data/cbc cbc "$inst.lp" solve
                read -r cw cu cs cr <data/cbc.time
                cobj=$(sed -n 's/^Objective value: *\([0-9.]*\).*/\1/p' data/cbc.log | head -n 1)
                [ "${cobj%%.*}" = "$obj" ] || echo "NOTE: $name: cbc objective $cobj, musubi $obj"
                cbc_cell="$cw ($(awk -v u="$cu" -v s="$cs" 'BEGIN { printf "%.2f", u + s }'))" cbc_mem=$((cr / 1024))
                rw=$(awk -v a="$w1" -v b="$cw" 'BEGIN { printf "%.3f", a / b }')
                rc=$(awk -v a="$u1" -v b="$s1" -v c="$cu" -v d="$cs" 'BEGIN { printf "%.3f", (a + b) / (c + d) }')
            fi
            printf '| %s | %s | %s | %s (%s) | %s (%s) | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$pairs" "$obj" \
                "$w1" "$(awk -v u="$u1" -v s="$s1" 'BEGIN { printf "%.2f", u + s }')" \
                "$w2" "$(awk -v u="$u2" -v s="$s2" 'BEGIN { printf "%.2f", u + s }')" "$same" "${first:--}" "$st" \
                "$cbc_cell" "$cbc_mem" "$rw" "$rc"
            if [ "$size" = 100k ]; then
                timed data/tl $M solve "$inst" -q --time-limit 60 -o data/tl.json
                $M check "$inst" data/tl.json >data/checktl.log || { echo "CHECK FAILED: $name --time-limit 60"; exit 1; }
                read -r wl ul sl rl <data/tl.time
                echo "|   ... --time-limit 60 | | $(field objective data/tl.json) | $wl | | | | $(field status data/tl.json), gap $(field gap data/tl.json) | | | | |"
            fi
        done
    done
    echo
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}
main 2>&1 | tee "$log"
