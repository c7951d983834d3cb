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
