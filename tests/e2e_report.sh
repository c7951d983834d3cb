#!/bin/sh
# End-to-end checks of musubi report (issue 7): the page is self-contained
# (no script, nothing fetched), carries the key figures, and renders in a
# real browser: headless Chromium dumps its DOM and takes a screenshot.
# Chromium is installed here when missing and we are root (Debian's
# package); otherwise the browser checks are counted as one skip, with the
# reason (tests/lib.sh).
bin=${1:?usage: tests/e2e_report.sh path/to/musubi}
. "$(dirname "$0")/lib.sh"
e2e_tmpdir report
csv=instances/examples/csv
page="$tmp/report.html"

expect_rc "solve the example" 0 "$bin" solve $csv -q -o "$tmp/sol.json"
expect_rc "compare policies" 0 "$bin" compare $csv --engines auto,da-applicant,almost-stable --json -q -o "$tmp/cmp.json"
expect_rc "report" 0 "$bin" report $csv "$tmp/sol.json" --compare "$tmp/cmp.json" -o "$page"
[ -s "$page" ] && ok "report writes the page" || ko "report writes the page"
grep -qi "<script" "$page" && ko "no script in the page" || ok "no script in the page"
grep -Eqi '(src|href)=|@import|url\(' "$page" && ko "nothing fetched: no src, href, @import or url()" || ok "nothing fetched: no src, href, @import or url()"
grep -q "<svg" "$page" && ok "charts are inline SVG" || ko "charts are inline SVG"
grep -q "&lt;\|=HYPERLINK(&quot;" "$page" && ok "instance text is HTML-escaped" || ko "instance text is HTML-escaped"
expect_rc "report without -o is a usage error" 2 "$bin" report $csv "$tmp/sol.json"
echo '{"format": "something-else"}' >"$tmp/bad-cmp.json"
expect_rc "report refuses a file that is not musubi compare output" 3 "$bin" report $csv "$tmp/sol.json" --compare "$tmp/bad-cmp.json" -o "$tmp/x.html"
[ ! -e "$tmp/x.html" ] && ok "nothing written on a refused comparison" || ko "nothing written on a refused comparison"

# issue 17: group rates over members with an eligible pair (as the metrics): TH has A06 placed and A07
# ineligible everywhere, so 1 / 1, not 1 / 2
th=$(grep -o '<title>TH</title>TH</text>.\{0,400\}' "$page" | grep -o '[0-9]* / [0-9]*' | head -n 1)
[ "$th" = "1 / 1" ] && ok "group rate over members with an eligible pair (TH 1 / 1)" || ko "group rate TH: got '$th'"
# interns with their names beside their ids
grep -q "A01 (Nguyen Van An), A03 (Le Hoang Cuong)" "$page" && ok "interns listed with their names" || ko "interns with names"
# hosts and placed applicants against their rankings
grep -q "Its lowest-ranked intern is A05 (ranked 3rd). Ranked higher but not here: A02 (ranked 2nd): unplaced; quota vietnam-cap at its maximum (2)." "$page" &&
    ok "a host's higher-ranked applicant and why not" || ko "a host's higher-ranked applicant"
grep -q "Placed at C02, their 2nd choice (weight 250). C01 (1st choice): not eligible: language" "$page" &&
    ok "a placed applicant's higher choice and why not" || ko "a placed applicant's higher choice"
# "Weight lost" only beside a weight: a policy that ran out of time without an assignment
printf '{"format": "musubi-compare-1", "max_weight": 1625, "engines": [{"engine": "mip", "status": "time_limit", "weight_lost": 0, "metrics": null}]}\n' >"$tmp/nometrics.json"
expect_rc "report with a policy without metrics" 0 "$bin" report $csv "$tmp/sol.json" --compare "$tmp/nometrics.json" -o "$tmp/nm.html"
grep -q '<td>Weight lost</td><td class="n">–</td>' "$tmp/nm.html" && ok "no weight lost beside no weight" || ko "weight lost beside no weight: $(grep -o 'Weight lost</td>.\{0,40\}' "$tmp/nm.html")"
# --no-whatif: said once, in the lead, not in every row
expect_rc "report --no-whatif" 0 "$bin" report $csv "$tmp/sol.json" --no-whatif -o "$tmp/nw.html"
n=$(grep -o "What-if: not computed" "$tmp/nw.html" | wc -l)
[ "$n" -eq 0 ] && grep -q "What-ifs were not computed: not asked for (--no-whatif)." "$tmp/nw.html" &&
    ok "--no-whatif said once, in the lead" || ko "--no-whatif: $n rows say it"
# grammar: one quota row, one violation; a host of no seats
cat >"$tmp/one.json" <<'JSON'
{"format": "musubi-instance-1",
 "applicants": [{"id": "A1", "nationality": "VN", "name": "Ana"}, {"id": "A2", "nationality": "VN"}],
 "companies": [{"id": "C1", "capacity": 2}, {"id": "C0", "capacity": 0}],
 "pairs": [{"applicant": "A1", "company": "C1", "weight": 100}, {"applicant": "A2", "company": "C1", "weight": 90},
           {"applicant": "A2", "company": "C0", "weight": 50}],
 "quotas": [{"name": "vn", "applicants": {"nationality": "VN"}, "max": 1}]}
JSON
expect_rc "solve a one-quota instance" 0 "$bin" solve "$tmp/one.json" -q -o "$tmp/one-sol.json"
sed -e 's/"unassigned": \["A2"\]/"unassigned": []/' \
    -e 's/{"applicant": "A1", "company": "C1", "weight": 100}/&, {"applicant": "A2", "company": "C1", "weight": 90}/' \
    "$tmp/one-sol.json" >"$tmp/one-bad.json"
expect_rc "report an assignment with one violation" 0 "$bin" report "$tmp/one.json" "$tmp/one-bad.json" -o "$tmp/one.html"
grep -q "· 1 quota row ·" "$tmp/one.html" && ok "1 quota row (singular)" || ko "1 quota row: $(grep -o '[0-9]* quota rows\?' "$tmp/one.html" | head -n 1)"
grep -q "found 1 violation in this assignment" "$tmp/one.html" && ! grep -q "1 violations" "$tmp/one.html" &&
    ok "1 violation (singular)" || ko "1 violation: $(grep -o '[0-9]* violations\?' "$tmp/one.html" | head -n 1)"
grep -q "A1 (Ana)" "$tmp/one.html" && ok "an intern's name beside its id" || ko "intern's name beside its id"
expect_rc "explain a host of no seats" 0 "$bin" explain "$tmp/one.json" "$tmp/one-sol.json" --company C0
grep -q "C0 offers no seats" "$tmp/out" && ! grep -q "0 of 0 seats" "$tmp/out" && ok "a 0-seat host offers no seats" || ko "0-seat host: $(cat "$tmp/out")"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "note: installing Debian's chromium for the browser checks"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; }
    browser=$(command -v chromium || true)
fi
if [ -z "$browser" ]; then
    skip "the page in a browser (DOM, texts, screenshot)" "chromium is not installed and cannot be installed here (not root)"
else
    run_browser() { # extra args...
        timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" "$@" 2>>"$tmp/browser-err"
    }
    run_browser --dump-dom "file://$page" >"$tmp/dom.html"
    [ -s "$tmp/dom.html" ] && ok "chromium renders the page" || ko "chromium renders the page: $(tail -n 3 "$tmp/browser-err")"
    # the rendered text, tags stripped
    sed -e 's/<[^>]*>/ /g' "$tmp/dom.html" | tr -s ' \n' '  ' >"$tmp/text"
    for want in "Matching report: csv-example" "Placed 5 of 12 applicants (41.7%)" "Seats filled 83.3% 5 of 6 seats" \
        "Total weight 1,625 maximum 1,625" "Rank profiles" "Placement rates by group" "The unplaced and why (7)" \
        "age 45 is outside the programme's window (20-40)" "one more seat at C03 places A10 (at C03); total weight +250" \
        "Each host's fill" "Kyushu Logistics" "Policies side by side" "almost-stable" \
        "the assignment passed the independent checker"; do
        grep -qiF "$want" "$tmp/text" && ok "page shows \"$want\"" || ko "page shows \"$want\""
    done
    shot=${MU_REPORT_SCREENSHOT:-$tmp/report.png}
    run_browser --screenshot="$shot" --window-size=1280,2000 "file://$page" >/dev/null
    [ -s "$shot" ] && ok "screenshot written" || ko "screenshot written: $(tail -n 3 "$tmp/browser-err")"
    [ "$(head -c 8 "$shot" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] && ok "screenshot is a PNG" || ko "screenshot is a PNG"
    [ "$(wc -c <"$shot" 2>/dev/null || echo 0)" -gt 20000 ] && ok "screenshot is not blank (over 20 kB)" || ko "screenshot is not blank"
fi

finish
