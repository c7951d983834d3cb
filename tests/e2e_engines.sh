#!/bin/sh
# The engine table end to end: --help lists every engine from it, a refusal
# names the engine and the reason, flow honours --time-limit like the others,
# the solution echoes every option of the options table, and the engine
# reason is never cut.
# Usage: tests/e2e_engines.sh path/to/musubi
bin=${1:?usage: tests/e2e_engines.sh path/to/musubi}
ex=$(cd "$(dirname "$0")/../instances/examples" && pwd)
. "$(dirname "$0")/lib.sh"
e2e_tmpdir engines

"$bin" solve --help >"$tmp/help" 2>&1
for e in auto mip flow da-applicant da-company stable-optimal almost-stable heuristic; do
    check "--help describes engine $e" grep -q "^    $e " "$tmp/help"
done
"$bin" solve "$ex/tiny-quotas.json" --engine bogus -o "$tmp/x.json" 2>"$tmp/err"; rc=$?
check "an unknown engine is a usage error" [ $rc -eq 2 ]
check "... listing the engines" grep -q 'expected one of auto|mip|flow|da-applicant|da-company|stable-optimal|almost-stable|heuristic' "$tmp/err"

# A refusal comes from the table: the engine and why, nothing written.
"$bin" gen --preset bench-quotas --seed 3 --applicants 1500 --companies 50 --pairs 12 --region-nationality-floor 1 -o "$tmp/q.json" 2>/dev/null
"$bin" solve "$tmp/q.json" --engine flow -o "$tmp/refused.json" 2>"$tmp/err"; rc=$?
check "flow refuses crossing quotas (exit 2)" [ $rc -eq 2 ]
check "... naming the engine and the crossing row" grep -q '^--engine flow: the instance has .* quota rows that are not laminar (quota row ' "$tmp/err"
check "... writing nothing" [ ! -e "$tmp/refused.json" ]

# Output to a device is written in place: /dev/null stays a device.
expect_rc "a solution written to /dev/null" 0 "$bin" solve "$ex/tiny.json" -q -o /dev/null
check "... leaves /dev/null a character device" test -c /dev/null

# The options echo: every option of the table, by its CLI name.
"$bin" solve "$ex/tiny.json" -q --seed 7 --gap 0.25 -o "$tmp/s.json"
for k in engine objective tie_break group_by time_limit gap threads seed memory_limit; do
    check "the solution echoes option $k" grep -q "^  \"options\": {.*\"$k\": " "$tmp/s.json"
done
check "... with its value" grep -q '"gap": 0.25, "threads": 0, "seed": 7, "memory_limit": 0' "$tmp/s.json"

# The crossing-quota reason is long; it is kept whole.
"$bin" solve "$tmp/q.json" -q -o "$tmp/h.json"
reason=$(sed -n 's/^  "engine_reason": "\(.*\)",$/\1/p' "$tmp/h.json")
check "the engine reason is kept whole (${#reason} bytes, past the old 255)" [ ${#reason} -gt 255 ]
check "... and says how the bound was found" sh -c "printf '%s' \"$reason\" | grep -q 'crossing quotas: transportation bound [0-9]*;'"

# flow honours --time-limit: a transportation problem cut short has no
# assignment and the status says so (exit 5), like every other engine.
"$bin" gen --preset bench-transport --applicants 40000 --companies 2000 -o "$tmp/t.json" 2>/dev/null
"$bin" solve "$tmp/t.json" --engine flow --time-limit 0.05 -q -o "$tmp/tl.json"; rc=$?
check "flow stopped by --time-limit exits 5" [ $rc -eq 5 ]
check "... with status time_limit" grep -q '"status": "time_limit"' "$tmp/tl.json"
check "... and says so in the reason" grep -q 'flow stopped by the time limit' "$tmp/tl.json"
check "... which musubi check accepts" "$bin" check "$tmp/t.json" "$tmp/tl.json" >/dev/null 2>&1
"$bin" solve "$tmp/t.json" --engine flow -q -o "$tmp/full.json"; rc=$?
check "without a limit flow proves the optimum" sh -c "[ $rc -eq 0 ] && grep -q '\"status\": \"optimal\"' '$tmp/full.json'"

finish
