#!/bin/sh
# The crossing-quota family of issue 18, as CSV tables (instances/FORMAT.md).
#
#   make-instance.sh MUSUBI DIR [--floor-percent P] [musubi gen knobs...]
#
# `musubi gen --preset bench-quotas` (explicit pairs, one intern per
# nationality per host) with the given knobs writes applicants, companies and
# pairs; this script then replaces programme.json's quotas with three
# families together:
#   - one-per-nationality-per-host: at most one intern of each nationality per host;
#   - region-floor:R  at least floor(P% x seats of region R) placements in R;
#   - floor:R:N       at least floor(P% x seats of R x share of nationality N
#                     among the applicants) placements of N in R.
# The generator's knobs --region-floor and --region-nationality-floor take one
# number for every region, so floors proportional to each region's seats need
# this step. P defaults to 90. The same arguments give the same bytes.
set -e
[ $# -ge 2 ] || { echo "usage: make-instance.sh MUSUBI DIR [--floor-percent P] [gen knobs...]" >&2; exit 2; }
musubi=$1 dir=$2
shift 2
pct=90
if [ "${1:-}" = --floor-percent ]; then
    pct=$2
    shift 2
fi
case $pct in '' | *[!0-9]*) echo "make-instance.sh: --floor-percent: expected an integer 0..100, got \"$pct\"" >&2; exit 2 ;; esac
tmp=$dir.tmp.$$
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
"$musubi" gen --preset bench-quotas --region-floor 0 "$@" --tables "$tmp"
# The generator's programme.json: keep its name, description and provenance,
# replace the quotas. Columns are found by their header names.
awk -F, -v pct="$pct" -v args="$*" '
    FNR == 1 && FILENAME ~ /\.csv$/ { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
    FILENAME ~ /applicants\.csv$/ { nat = $col[FILENAME, "nationality"]; n_app++; cnt[nat]++; if (!(nat in seen_n)) { seen_n[nat] = 1; nats[++nn] = nat } }
    FILENAME ~ /companies\.csv$/ { reg = $col[FILENAME, "region"]; seats[reg] += $col[FILENAME, "capacity"]; if (!(reg in seen_r)) { seen_r[reg] = 1; regs[++nr] = reg } }
    FILENAME ~ /programme\.json$/ { prog = prog $0 "\n" }
    END {
        sub(/,\n  "quotas": \[.*$/, "", prog)
        sub(/\n}\n*$/, "", prog)
        sub(/"description": "[^"]*"/, "\"description\": \"bench crossing family (bench/crossing/make-instance.sh --floor-percent " pct " " args "): one intern per nationality per host, floors per region and per region and nationality\"", prog)
        print prog ","
        print "  \"quotas\": ["
        printf "    {\"name\": \"one-per-nationality-per-host\", \"per_company\": true, \"group_by\": \"nationality\", \"max\": 1}"
        for (i = 1; i <= nr; i++) {
            r = regs[i]
            printf ",\n    {\"name\": \"region-floor:%s\", \"companies\": {\"region\": \"%s\"}, \"min\": %d}", r, r, int(seats[r] * pct / 100)
        }
        for (i = 1; i <= nr; i++)
            for (j = 1; j <= nn; j++) {
                r = regs[i]; n = nats[j]
                m = int(seats[r] * pct * cnt[n] / (100 * n_app))
                if (m > 0)
                    printf ",\n    {\"name\": \"floor:%s:%s\", \"applicants\": {\"nationality\": \"%s\"}, \"companies\": {\"region\": \"%s\"}, \"min\": %d}", r, n, n, r, m
            }
        print "\n  ]\n}"
    }' "$tmp/applicants.csv" "$tmp/companies.csv" "$tmp/programme.json" >"$tmp/programme.json.new"
mv "$tmp/programme.json.new" "$tmp/programme.json"
rm -rf "$dir"
mv "$tmp" "$dir"
trap - EXIT
