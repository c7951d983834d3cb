#!/bin/sh
# tests/e2e_historical.sh — solve every bundled historical instance, check the
# answer with `musubi check`, and verify the marginals that the instances are
# calibrated to (instances/README.md, "Tolerance"):
#   - status optimal; the objective and the sum of the assigned weights equal
#     the recorded optimum;
#   - placements equal the programme budget exactly;
#   - the published nationality counts exactly (the other-Asia group in
#     total, each of its nationalities below the fourth);
#   - the share of placements by host sector within 5 percentage points of the
#     published share of hosts (the three published sectors and the rest).
# POSIX sh and awk only (no jq, no python). One line per instance; the last
# line is "N passed, M failed, K skipped" (tests/lib.sh).
#
#   usage: sh tests/e2e_historical.sh path/to/musubi
#
# After regenerating the instances (a generator change), update the recorded
# optima below and in instances/README.md.

set -u
BIN=${1:?usage: sh tests/e2e_historical.sh path/to/musubi}
HERE=$(cd "$(dirname "$0")" && pwd)
INST="$HERE/../instances"
. "$HERE/lib.sh"
e2e_tmpdir historical
TMP=$tmp

OTHER_ASIA='PH|MY|MM|IN|KH|BD|LA|NP|LK|MN'

# verify NAME BUDGET OBJECTIVE NATS GROUPS ALLOWED HOSTS SECTORS
#   NATS     CODE:COUNT,...            exact counts
#   GROUPS   C1|C2..:COUNT:EACHMAX;... exact group totals, each member <= EACHMAX (0: no cap)
#   ALLOWED  C1|C2..                   every intern's nationality ("" = any)
#   HOSTS    published number of hosts (0: no sector check)
#   SECTORS  SECTOR:HOSTS,...          published hosts per sector; "other" = the rest
verify() {
    name=$1
    inst="$INST/$name.json"
    sol="$TMP/$name.solution.json"
    if [ ! -f "$inst" ]; then
        ko "$name: $inst is missing"
        return
    fi
    if ! "$BIN" solve "$inst" -o "$sol" >"$TMP/$name.solve.out" 2>"$TMP/$name.solve.err"; then
        ko "$name: musubi solve failed: $(tail -n 1 "$TMP/$name.solve.err")"
        return
    fi
    if ! "$BIN" check "$inst" "$sol" >"$TMP/$name.check.out" 2>&1; then
        ko "$name: musubi check rejected the solution: $(tail -n 1 "$TMP/$name.check.out")"
        return
    fi
    # prints the summary, or the errors and exits 1
    if line=$(awk -v budget="$2" -v want_obj="$3" -v nats="$4" \
        -v groups="$5" -v allowed="$6" -v hosts="$7" -v sectors="$8" '
    # Scans one line for "key": "string" or "key": integer tokens.
    function scan(line, which,    re, tok, key, val, p) {
        re = "\"[A-Za-z_]+\"[ \t]*:[ \t]*(\"[^\"]*\"|-?[0-9]+)"
        while (match(line, re)) {
            tok = substr(line, RSTART, RLENGTH)
            line = substr(line, RSTART + RLENGTH)
            p = index(tok, ":")
            key = substr(tok, 2, index(substr(tok, 2), "\"") - 1)
            val = substr(tok, p + 1)
            sub(/^[ \t]*/, "", val)
            gsub(/"/, "", val)
            if (which == 1) instance_token(key, val)
            else solution_token(key, val)
        }
    }
    function instance_token(key, val) {
        if (key == "id") last = val
        else if (key == "nationality" && last != "") nat[last] = val
        else if (key == "sector" && last != "") sec[last] = val
    }
    function solution_token(key, val) {
        if (key == "status" && status == "") status = val
        else if (key == "objective" && objective == "") objective = val
        else if (key == "applicant") pending = val
        else if (key == "company" && pending != "") {
            placed++
            n = nat[pending]; s = sec[val]
            natc[n]++; secc[s]++
            pending = ""; weighed = 0
        } else if (key == "weight" && weighed == 0) {
            sumw += val; weighed = 1
        }
    }
    function bad(msg) { errors = errors (errors == "" ? "" : "; ") msg }
    BEGIN { weighed = 1 }   # count a "weight" only right after a placement
    FNR == 1 { file++ }
    { scan($0, file) }
    END {
        if (status != "optimal") bad("status " status ", expected optimal")
        if (objective != want_obj) bad("objective " objective ", expected " want_obj)
        if (sumw != want_obj) bad("assigned weights sum to " sumw ", expected " want_obj)
        if (placed != budget) bad(placed " placements, expected the budget " budget)
        summary = placed " placements, objective " objective
        k = split(nats, list, ",")
        for (i = 1; i <= k; i++) {
            split(list[i], kv, ":")
            got = natc[kv[1]] + 0
            summary = summary (i == 1 ? "; " : " ") kv[1] " " got
            if (got != kv[2]) bad(kv[1] " " got ", expected " kv[2])
        }
        k = split(groups, list, ";")
        for (i = 1; i <= k; i++) {
            split(list[i], g, ":")
            m = split(g[1], codes, "|")
            total = 0
            for (j = 1; j <= m; j++) {
                c = natc[codes[j]] + 0
                total += c
                if (g[3] > 0 && c > g[3]) bad(codes[j] " " c " > " g[3])
            }
            summary = summary " " codes[1] "..(" m ") " total
            if (total != g[2]) bad("group " codes[1] "..: " total ", expected " g[2])
        }
        if (allowed != "") {
            m = split(allowed, codes, "|")
            for (j = 1; j <= m; j++) ok[codes[j]] = 1
            for (c in natc) if (!(c in ok)) bad(natc[c] " interns from " c ", outside " allowed)
        }
        if (hosts > 0 && placed > 0) {
            k = split(sectors, list, ",")
            rest = hosts; other = placed
            for (i = 1; i <= k + 1; i++) {
                if (i <= k) {
                    split(list[i], kv, ":")
                    sname = kv[1]; pub = kv[2]; got = secc[sname] + 0
                    rest -= pub; other -= got
                } else {
                    sname = "other"; pub = rest; got = other
                }
                # |got/placed - pub/hosts| <= 0.05, in integers
                d = got * hosts - pub * placed
                if (d < 0) d = -d
                summary = summary (i == 1 ? "; " : " ") sname " " \
                    int(1000 * got / placed + 0.5) / 10 "%"
                if (20 * d > placed * hosts)
                    bad(sname " " int(1000 * got / placed + 0.5) / 10 "% vs published " \
                        int(1000 * pub / hosts + 0.5) / 10 "% (tolerance 5 points)")
            }
        }
        if (errors != "") { print errors; exit 1 }
        print summary
    }' "$inst" "$sol"); then
        ok "$name: $line"
    else
        ko "$name: $line"
    fi
}

verify jip-fy2016 103 34115 "VN:30,CN:25,ID:13,TH:10" \
    "UA|RS|MX|GT:3:0;$OTHER_ASIA:22:9" "" \
    71 "services:16,wholesale-retail:11,manufacturing:10"
verify jip-fy2017 120 39977 "VN:33,CN:22,ID:19,TH:15" \
    "KE|NG|EG|GH:4:0;$OTHER_ASIA:27:14" "" \
    90 "services:17,wholesale-retail:19,manufacturing:25"
verify jip-fy2018 225 71847 "VN:66,CN:25,ID:34,TH:32" \
    "UA|RS|KE|NG|EG|BR|CO|PE:23:0;$OTHER_ASIA:45:31" "" \
    196 "services:24,wholesale-retail:38,manufacturing:65"
verify tokyo-2022 20 6369 "" "" "VN|ID|TH|IN" 0 ""
finish
