#!/bin/sh
# Builds the seed corpora of the fuzz harnesses:
#
#   sh tests/fuzz/seed.sh path/to/musubi OUTDIR      (from the repository root)
#
# OUTDIR/json    tests/bad/*.json, instances/examples/*.json, tokyo-2022.json
#                and small generated instances of every preset and quota knob
# OUTDIR/tables  the same generated instances as CSV tables, packed into the
#                fuzz_tables input format ("@@ FILE" sections)
# OUTDIR/check   solutions (with and without certificates) of the check
#                harness's instances, and a few broken ones
# plus the recorded failures of tests/fuzz/regressions/, always replayed.
set -eu
bin=${1:?usage: tests/fuzz/seed.sh path/to/musubi OUTDIR}
out=${2:?usage: tests/fuzz/seed.sh path/to/musubi OUTDIR}
rm -rf "$out"
mkdir -p "$out/json" "$out/tables" "$out/check"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

cp tests/bad/*.json instances/examples/*.json instances/tokyo-2022.json "$out/json/"

# Packs a table directory into one fuzz_tables input.
pack() { # DIR OUTFILE
    : >"$2"
    for f in companies.csv applicants.csv pairs.csv programme.json; do
        [ -f "$1/$f" ] || continue
        printf '@@ %s\n' "$f" >>"$2"
        cat "$1/$f" >>"$2"
    done
}

n=0
gen() { # knobs...
    n=$((n + 1))
    "$bin" gen "$@" -o "$out/json/gen-$n.json"
    "$bin" gen "$@" --tables "$tmp/t$n"
    pack "$tmp/t$n" "$out/tables/gen-$n"
}
gen --seed 1 --applicants 6 --companies 3
gen --seed 2 --applicants 12 --companies 4 --violations 0.3 --require-fields 0.5 --require-degree 0.5
gen --seed 3 --applicants 10 --companies 4 --app-list-length 0 --company-list-length 0
gen --seed 4 --preset bench-transport --applicants 10 --companies 4 --pairs 2-4
gen --seed 5 --preset bench-quotas --applicants 10 --companies 4 --pairs 3
gen --seed 6 --preset bench-stable --applicants 10 --companies 4 --app-list-length 3 --company-list-length 5
gen --seed 7 --applicants 12 --companies 4 --budget 5 --region-floor 1 --nationality-per-host
gen --seed 8 --applicants 12 --companies 4 --nationality-caps 'asia=VN|CN:3/2' --sector-bands 'manufacturing:1-3'
gen --seed 9 --applicants 12 --companies 5 --region-nationality-floor 1 --capacity 0-3 --capacity-mean 0
gen --seed 10 --applicants 4 --companies 2 --no-rules --no-requires

# Tables written by hand: quoting, lists, empty cells.
printf '@@ companies.csv\nid,capacity,region,requires_fields\nC1,2,Kanto,"eng|sci"\n"C,2",1,,\n@@ applicants.csv\nid,field,preferences,nationality\nA1,eng,"C1|C,2",VN\nA2,sci,,TH\n@@ programme.json\n{"quotas": [{"name": "q", "group_by": "nationality", "max": 1}]}\n' >"$out/tables/hand-1"
printf '@@ companies.csv\nid,capacity\nC1,1\n@@ applicants.csv\nid\nA1\nA2\n@@ pairs.csv\napplicant,company,weight\nA1,C1,5\nA2,C1,7\n' >"$out/tables/hand-2"

# Solutions for the check harness's instances.
for inst in instances/examples/tiny.json instances/examples/tiny-quotas.json tests/fuzz/check-instance.json; do
    b=$(basename "$inst" .json)
    "$bin" solve "$inst" -q -o "$out/check/$b.json" || true
    "$bin" solve "$inst" -q --engine mip -o "$out/check/$b-mip.json" || true
    "$bin" solve "$inst" -q --engine flow -o "$out/check/$b-flow.json" 2>/dev/null || true
done
printf '{"format": "musubi-solution-1", "status": "optimal", "objective": 3, "assignment": [{"applicant": "A1", "company": "C1", "weight": 1}, {"applicant": "A1", "company": "C2"}, 7], "certificate": {"kind": "dual-prices", "scale": 1, "bound": 3, "applicant_prices": {"A1": 1e15}, "company_prices": {"C1": -1e15, "C2": 1e15}}}\n' >"$out/check/hand-1.json"
printf '{"format": "musubi-solution-1", "status": "infeasible", "assignment": []}\n' >"$out/check/hand-2.json"

for t in json tables check; do
    for f in tests/fuzz/regressions/$t/*; do
        [ -f "$f" ] && cp "$f" "$out/$t/regression-$(basename "$f")"
    done
done
echo "seeds: $(ls "$out/json" | wc -l) json, $(ls "$out/tables" | wc -l) tables, $(ls "$out/check" | wc -l) check"
