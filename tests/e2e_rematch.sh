#!/bin/sh
# End-to-end checks of musubi rematch (re-matching after withdrawals) and of a
# host budget through the CLI. A five-applicant instance whose optimum and
# re-matches are known by hand:
#   before: A1-C1 10, A5-C1 20, A3-C2 8, A4-C3 6 (A2 unplaced), weight 44.
#   withdraw A1 and C3: A1 leaves (applicant_withdrew), A4 loses C3
#     (host_withdrew), A2 takes the freed seat at C1 (newly_placed); kept 2.
#   C1 one seat less: A1 or A5 must go; either keeps 3 pairs, weight moves A1
#     (reason weight).
bin=${1:?usage: tests/e2e_rematch.sh path/to/musubi}
. "$(dirname "$0")/lib.sh"
e2e_tmpdir rematch
cat >"$tmp/inst.json" <<'JSON'
{"format": "musubi-instance-1",
 "applicants": [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}, {"id": "A4"}, {"id": "A5"}],
 "companies": [{"id": "C1", "capacity": 2}, {"id": "C2", "capacity": 1}, {"id": "C3", "capacity": 1}],
 "pairs": [{"applicant": "A1", "company": "C1", "weight": 10}, {"applicant": "A2", "company": "C1", "weight": 9},
           {"applicant": "A2", "company": "C2", "weight": 5}, {"applicant": "A3", "company": "C2", "weight": 8},
           {"applicant": "A3", "company": "C3", "weight": 7}, {"applicant": "A4", "company": "C3", "weight": 6},
           {"applicant": "A5", "company": "C1", "weight": 20}, {"applicant": "A5", "company": "C2", "weight": 1}]}
JSON
expect_rc "solve the previous term" 0 "$bin" solve "$tmp/inst.json" -o "$tmp/before.json" -q
has "previous optimum is 44" "$tmp/before.json" '"objective": 44'
expect_rc "rematch help" 0 "$bin" rematch --help
has "help names the reasons" "$tmp/out" "host_withdrew"

expect_rc "withdraw an applicant and a host" 0 "$bin" rematch "$tmp/inst.json" "$tmp/before.json" --withdraw A1,C3 -o "$tmp/after.json"
tr -d ' \n' <"$tmp/after.json" >"$tmp/after.min"
has "A1 withdrew" "$tmp/after.min" '{"applicant":"A1","from":"C1","to":null,"reason":"applicant_withdrew"}'
has "A4 lost its host" "$tmp/after.min" '{"applicant":"A4","from":"C3","to":null,"reason":"host_withdrew"}'
has "A2 takes the freed seat" "$tmp/after.min" '{"applicant":"A2","from":null,"to":"C1","reason":"newly_placed"}'
has "kept counts the pairs kept" "$tmp/after.min" '"kept":2'
has "new weight 37" "$tmp/after.min" '"objective":37'
has "table on stderr" "$tmp/err" "host_withdrew"
expect_rc "new solution passes check" 0 "$bin" check "$tmp/inst.json" "$tmp/after.json"

expect_rc "a seat less at C1" 0 "$bin" rematch "$tmp/inst.json" "$tmp/before.json" --add-capacity C1=-1 -o "$tmp/cut.json" -q
tr -d ' \n' <"$tmp/cut.json" >"$tmp/cut.min"
has "the lighter of two keepable pairs moves, by weight" "$tmp/cut.min" '{"applicant":"A1","from":"C1","to":null,"reason":"weight"}'
has "three pairs kept" "$tmp/cut.min" '"kept":3'
has "capacity change recorded" "$tmp/cut.min" '{"company":"C1","from":2,"to":1}'

expect_rc "unknown id" 3 "$bin" rematch "$tmp/inst.json" "$tmp/before.json" --withdraw Z9 -o "$tmp/no.json"
has "unknown id named" "$tmp/err" 'no applicant or company "Z9"'
[ ! -e "$tmp/no.json" ] && ok "no output on an unknown id" || ko "no output on an unknown id"
expect_rc "nothing to change" 2 "$bin" rematch "$tmp/inst.json" "$tmp/before.json"
expect_rc "bad capacity" 2 "$bin" rematch "$tmp/inst.json" "$tmp/before.json" --add-capacity C1=two
expect_rc "capacity below zero" 2 "$bin" rematch "$tmp/inst.json" "$tmp/before.json" --add-capacity C2=-2

# A host budget through the CLI: auto picks mip and says why; flow refuses.
sed 's/"pairs"/"hosts": {"max_participating": 1}, "pairs"/' "$tmp/inst.json" >"$tmp/budget.json"
expect_rc "solve with a host budget" 0 "$bin" solve "$tmp/budget.json" -o "$tmp/budget-sol.json" -q
has "auto picks mip for a host budget" "$tmp/budget-sol.json" '"engine": "mip"'
has "one host takes part" "$tmp/budget-sol.json" '"hosts_participating": 1'
has "best single host: C1 with A5 and A1" "$tmp/budget-sol.json" '"objective": 30'
expect_rc "budget solution passes check" 0 "$bin" check "$tmp/budget.json" "$tmp/budget-sol.json"
expect_rc "the unbudgeted solution breaks the budget" 1 "$bin" check "$tmp/budget.json" "$tmp/before.json"
has "checker names the budget" "$tmp/out" "hosts: 3 hosts take part, max_participating 1"
expect_rc "flow refuses a host budget" 2 "$bin" solve "$tmp/budget.json" --engine flow
expect_rc "rematch under a host budget" 0 "$bin" rematch "$tmp/budget.json" "$tmp/budget-sol.json" --withdraw A5 -o "$tmp/budget-after.json" -q
expect_rc "rematch under a budget passes check" 0 "$bin" check "$tmp/budget.json" "$tmp/budget-after.json"

# Tracks: C1 in person (1 seat, N2 required) and online (2 seats), capped at 2 together.
cat >"$tmp/tracks.json" <<'JSON'
{"format": "musubi-instance-1",
 "applicants": [{"id": "A1", "jlpt": "N1", "preferences": ["C1", "C2"]}, {"id": "A2", "jlpt": "N4", "preferences": ["C1"]},
                {"id": "A3", "preferences": ["C2", "C1"]}],
 "companies": [{"id": "C1", "capacity": 2, "tracks": [{"name": "in-person", "capacity": 1, "requires": {"jlpt": "N2"}},
                                                      {"name": "online", "capacity": 2}]},
               {"id": "C2", "capacity": 1}]}
JSON
expect_rc "solve with tracks" 0 "$bin" solve "$tmp/tracks.json" -o "$tmp/tracks-sol.json" -q
has "the assignment names host and track" "$tmp/tracks-sol.json" '"company": "C1/online", "host": "C1", "track": "online"'
has "the in-person track needs N2: A1 takes it" "$tmp/tracks-sol.json" '{"applicant": "A1", "company": "C1/in-person"'
expect_rc "tracks solution passes check" 0 "$bin" check "$tmp/tracks.json" "$tmp/tracks-sol.json"
expect_rc "a host with tracks withdraws" 0 "$bin" rematch "$tmp/tracks.json" "$tmp/tracks-sol.json" --withdraw C1 -o "$tmp/tracks-after.json" -q
tr -d ' \n' <"$tmp/tracks-after.json" >"$tmp/tracks-after.min"
has "its interns lose their positions" "$tmp/tracks-after.min" '{"applicant":"A2","from":"C1/online","to":null,"reason":"host_withdrew"}'

# Rounds on the README's spreadsheet example: each rematch writes the amended
# instance beside its solution, every later command works on that pair, and
# withdrawals carry forward into the next round.
csv=$(cd "$(dirname "$0")/../instances/examples/csv" && pwd)
expect_rc "import the example" 0 "$bin" import "$csv" -o "$tmp/intake.json"
expect_rc "solve it" 0 "$bin" solve "$tmp/intake.json" -q -o "$tmp/r0.json"
expect_rc "round 1: A01 and C03 withdraw, C02 gains a seat" 0 "$bin" rematch "$tmp/intake.json" "$tmp/r0.json" \
    --withdraw A01,C03 --add-capacity C02=1 -o "$tmp/r1.json"
check "... the amended instance is written beside the solution" test -s "$tmp/r1.instance.json"
has "... and names it" "$tmp/err" "the amended instance: $tmp/r1.instance.json"
has "... the solution answers it" "$tmp/r1.json" "\"instance\": \"$tmp/r1.instance.json\""
expect_rc "round 1's pair passes check (C02 has 3 seats there)" 0 "$bin" check "$tmp/r1.instance.json" "$tmp/r1.json"
expect_rc "... against the original instance it would not (C02 over capacity)" 1 "$bin" check "$tmp/intake.json" "$tmp/r1.json"
has "... naming C02" "$tmp/out" "company C02: 3 assigned, capacity 2"
has "the withdrawals are marked in the amended instance" "$tmp/r1.instance.json" '"id": "C03"'
grep -c '"withdrawn": true' "$tmp/r1.instance.json" >"$tmp/n" ; check "... two of them" [ "$(cat "$tmp/n")" = 2 ]
has "the round is recorded" "$tmp/r1.instance.json" '"rounds": [{"round":1,"instance":'
expect_rc "explain on round 1's pair" 0 "$bin" explain "$tmp/r1.instance.json" "$tmp/r1.json" --applicant A01
has "... says A01 withdrew" "$tmp/out" "withdrew"
expect_rc "export-sheets on round 1's pair" 0 "$bin" export-sheets "$tmp/r1.instance.json" "$tmp/r1.json" --dir "$tmp/sheets1" --no-xlsx
has "... C02 shows 3 seats, none empty" "$tmp/sheets1/hosts.csv" "C02,Kansai Trading Co.,wholesale-retail,Kinki,3,3,0,"
expect_rc "report on round 1's pair" 0 "$bin" report "$tmp/r1.instance.json" "$tmp/r1.json" -o "$tmp/r1.html"
expect_rc "round 2 from round 1's pair: A05 withdraws" 0 "$bin" rematch "$tmp/r1.instance.json" "$tmp/r1.json" --withdraw A05 -o "$tmp/r2.json"
expect_rc "round 2's pair passes check" 0 "$bin" check "$tmp/r2.instance.json" "$tmp/r2.json"
grep -q '"company": "C03", "weight"' "$tmp/r2.json" && ko "round 2 places nobody at C03, which withdrew in round 1" \
    || ok "round 2 places nobody at C03, which withdrew in round 1"
grep -q '{"applicant": "A01"' "$tmp/r2.json" && ko "round 2 does not place A01, who withdrew in round 1" \
    || ok "round 2 does not place A01, who withdrew in round 1"
has "both rounds are recorded" "$tmp/r2.instance.json" '{"round":2,"instance":'
expect_rc "a withdrawal to a file that cannot be written leaves nothing" 4 "$bin" rematch "$tmp/r1.instance.json" "$tmp/r1.json" \
    --withdraw A02 -o "$tmp/r3.json" --instance-out "$tmp/no-such-dir/r3.instance.json"
check "... no solution file without its instance" test ! -e "$tmp/r3.json"
finish
