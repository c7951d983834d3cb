#!/bin/sh
# Generates the scaling instances (instances/README.md), solves the 10k one
# with CBC and with the heuristic, and the 100k one with the heuristic under a
# 10 s limit; then 1 vs 2 threads. Every answer is checked.
set -e
cd "$(dirname "$0")"
M=../../bin/musubi
mkdir -p data
[ -f data/quotas-10k.json ] || $M gen --preset bench-quotas --seed 1 --applicants 10000 --companies 300 --pairs 20 -o data/quotas-10k.json
[ -d data/quotas-100k ] || $M gen --preset bench-quotas --seed 1 --applicants 100000 --companies 5000 --pairs 30 --tables data/quotas-100k
[ -f data/quotas-10k.mps ] || $M export data/quotas-10k.json --mps data/quotas-10k.mps
echo "== CBC on 10k x 300 with quotas"
/usr/bin/time -f "cbc wall %e s" cbc data/quotas-10k.mps -max -solve 2>&1 | grep -E "^Objective value|Wallclock|cbc wall"
echo "== heuristic on 10k x 300 (no limit), CLI"
$M solve data/quotas-10k.json --engine heuristic -q -o data/h10k.json
$M check data/quotas-10k.json data/h10k.json
grep -E '"(status|objective|bound|gap|seconds)"' data/h10k.json
echo "== heuristic on 10k x 300, 1 vs 2 threads"
./heurbench data/quotas-10k.json 0 3
echo "== heuristic on 100k x 5k, --time-limit 10, 1 vs 2 threads"
./heurbench data/quotas-100k 10 2
echo "== heuristic on 100k x 5k, --gap 0.002 (reproducible: stops on the gap, not the clock), 1 vs 2 threads"
./heurbench data/quotas-100k 60 1 0.002
echo "== auto (heuristic then GLPK warm-started) on 10k x 300, --time-limit 10"
$M solve data/quotas-10k.json --time-limit 10 -q -o data/auto10k.json
$M check data/quotas-10k.json data/auto10k.json
grep -E '"(status|engine|engine_reason|objective|bound|gap|seconds)"' data/auto10k.json
