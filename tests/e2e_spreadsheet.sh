#!/bin/sh
# End-to-end checks of the spreadsheet habits of issue 17, item 4: a planner
# following the README's walkthrough with tables saved as Excel saves them.
# The example (instances/examples/csv: ';', BOM, CRLF) is copied "as Excel
# would" once more: a trailing ';' on every line (a column beyond the table
# was once used) and rows of bare delimiters (formatted empty rows). Then:
#   1. messages give the rows Excel shows (header row 1; blank rows counted;
#      a quoted cell with line breaks is one row, its line named too);
#   2. blank rows are skipped in every table;
#   3. trailing delimiters are dropped, a value under a nameless column named;
#   4. invalid UTF-8 carries a hint, Shift-JIS named as such, UTF-16 refused
#      with the format to save as;
#   5. the CSVs written for a ';' planner use ';' (import records it; rematch
#      carries it; --csv-delimiter overrides), and evaluate reads them back;
#   6. --no-whatif says "not computed" once, not in every row.
# Every solution produced passes musubi check; nothing is written on error.
bin=${1:?usage: tests/e2e_spreadsheet.sh path/to/musubi}
. "$(dirname "$0")/lib.sh"
e2e_tmpdir spreadsheet
csv=instances/examples/csv
export LC_ALL=C
cr=$(printf '\r')

# excel SRC DST: SRC's lines (CRLF) with a trailing ';' each, a row of bare
# delimiters after the second data row, an empty line and two more such rows
# at the end (Excel's formatted empty rows).
excel() {
    awk 'BEGIN { RS = "\r\n"; ORS = "\r\n" }
         { n = gsub(/;/, ";"); print $0 ";"; if (NR == 3) { b = ""; for (i = 0; i <= n; i++) b = b ";"; print b } }
         END { print ""; print b; print b }' "$1" >"$2"
}
x="$tmp/excel"
mkdir "$x"
cp "$csv/programme.json" "$x/"
for t in applicants companies preferences quotas; do excel "$csv/$t.csv" "$x/$t.csv"; done
head -c 3 "$x/applicants.csv" | od -An -tx1 | grep -q "ef bb bf" && ok "the copy keeps the byte-order mark" || ko "the copy keeps the BOM"
has "the copy has trailing ';'" "$x/companies.csv" "C04;Kyushu Logistics;1;services;Kyushu-Okinawa;PH;N1;;;TRUE;$cr"
grep -q "^;;;;;;;;;$cr\$" "$x/applicants.csv" && ok "the copy has rows of bare delimiters" || ko "the copy has rows of bare delimiters"

# ---- 2, 3: the Excel copy reads as the example
expect_rc "import the Excel-saved copy" 0 "$bin" import "$x" -o "$tmp/intake.json"
has "... all 12 applicants and 4 companies, blank rows skipped" "$tmp/err" "12 applicants, 4 companies"
has "... records the tables' delimiter" "$tmp/intake.json" '"csv_delimiter": ";"'
expect_rc "import the example itself" 0 "$bin" import $csv -o "$tmp/orig.json"
grep -v csv_delimiter "$tmp/intake.json" >"$tmp/a" && grep -v csv_delimiter "$tmp/orig.json" >"$tmp/b"
check "... the same instance as the example (trailing ';' dropped)" cmp -s "$tmp/a" "$tmp/b"
expect_rc "solve the imported instance" 0 "$bin" solve "$tmp/intake.json" -q -o "$tmp/sol.json" --csv "$tmp/asg.csv"
expect_rc "... its solution passes check" 0 "$bin" check "$tmp/intake.json" "$tmp/sol.json"
expect_rc "solve the Excel copy directly" 0 "$bin" solve "$x" -q -o "$tmp/sol-dir.json" --csv "$tmp/asg-dir.csv"
expect_rc "... its solution passes check" 0 "$bin" check "$x" "$tmp/sol-dir.json"
o1=$(grep '^  "objective"' "$tmp/sol.json"); o2=$(grep '^  "objective"' "$tmp/sol-dir.json")
[ -n "$o1" ] && [ "$o1" = "$o2" ] && ok "... the same optimum" || ko "the same optimum ($o1 vs $o2)"
expect_rc "lint the Excel copy" 0 "$bin" lint "$x"
has "... clean, as the example" "$tmp/err" "no findings"

# ---- 5: the CSVs written for this planner use ';'
[ "$(head -n 1 "$tmp/asg.csv")" = "applicant;company;weight" ] && ok "solve --csv writes ';'" || ko "solve --csv writes ';': $(head -n 1 "$tmp/asg.csv")"
[ "$(head -n 1 "$tmp/asg-dir.csv")" = "applicant;company;weight" ] && ok "solve DIR --csv writes the tables' ';'" || ko "solve DIR --csv: $(head -n 1 "$tmp/asg-dir.csv")"
expect_rc "export-sheets" 0 "$bin" export-sheets "$tmp/intake.json" "$tmp/sol.json" --dir "$tmp/sheets"
has "... assignment.csv in ';'" "$tmp/sheets/assignment.csv" "applicant;name;nationality;company;company_name;weight;applicant_rank;company_rank;why_not_higher$cr"
has "... hosts.csv in ';'" "$tmp/sheets/hosts.csv" "company;name;sector;region;capacity;filled;empty;interns;why_empty;why_not_higher_ranked$cr"
has "... unplaced.csv in ';'" "$tmp/sheets/unplaced.csv" "applicant;name;nationality;reason;explanation;what_if$cr"
has "... a cell holding ';' is quoted" "$tmp/sheets/unplaced.csv" "\"What-if: one more seat at C03 places A10 (at C03); total weight +250.\"$cr"
has "... a cell holding ',' is not" "$tmp/sheets/unplaced.csv" "A10;Aung Kyaw;MM;hosts_full;Eligible at 1 host, which is full."
expect_rc "compare --csv" 0 "$bin" compare "$tmp/intake.json" --engines auto,da-applicant --csv -o "$tmp/cmp.csv" -q
head -n 1 "$tmp/cmp.csv" | grep -q '^engine;status;criterion;criterion_value;' && ok "... in ';'" || ko "compare --csv in ';': $(head -c 80 "$tmp/cmp.csv")"
grep -q '^auto;optimal;weight;1625;5;6;0,833333;1625;1625;0;' "$tmp/cmp.csv" && ok "... fractions with a decimal comma, as Excel writes them with ';'" ||
    ko "compare --csv decimal comma: $(sed -n 2p "$tmp/cmp.csv" | head -c 120)"
# evaluate reads the ';' assignment back, and one saved as Excel would (BOM, CRLF, trailing ';', blank rows)
expect_rc "evaluate the ';' assignment" 0 "$bin" evaluate "$tmp/intake.json" "$tmp/asg.csv" -q -o "$tmp/ev.json"
expect_rc "... its evaluation passes check" 0 "$bin" check "$tmp/intake.json" "$tmp/ev.json"
{ printf '\357\273\277'; tr -d '\r' <"$tmp/asg.csv" | awk '{ print $0 ";\r" } NR == 2 { print ";;;\r"; print "\r" }'; } >"$tmp/asg-excel.csv"
expect_rc "evaluate an assignment saved as Excel would" 0 "$bin" evaluate "$tmp/intake.json" "$tmp/asg-excel.csv" -q -o "$tmp/ev2.json"
expect_rc "... its evaluation passes check" 0 "$bin" check "$tmp/intake.json" "$tmp/ev2.json"
expect_rc "evaluate the exported assignment.csv as it is" 0 "$bin" evaluate "$tmp/intake.json" "$tmp/sheets/assignment.csv" -q -o "$tmp/ev4.json"
expect_rc "... its evaluation passes check" 0 "$bin" check "$tmp/intake.json" "$tmp/ev4.json"
{ printf 'applicant;company\r\n;\r\nA01;C01\r\nA99;C02\r\n'; } >"$tmp/asg-bad.csv"
expect_rc "evaluate: an unknown applicant exits 3" 3 "$bin" evaluate "$tmp/intake.json" "$tmp/asg-bad.csv" -q -o "$tmp/ev3.json"
has "... naming Excel's row (the blank row counted)" "$tmp/err" "asg-bad.csv: row 4: applicant: no applicant \"A99\""
[ ! -e "$tmp/ev3.json" ] && ok "... nothing written" || ko "evaluate wrote on error"
# rematch carries the delimiter into the amended instance; its sheets stay ';'
expect_rc "rematch" 0 "$bin" rematch "$tmp/intake.json" "$tmp/sol.json" --withdraw A01 -q -o "$tmp/re.json"
has "... the amended instance keeps csv_delimiter" "$tmp/re.instance.json" '"csv_delimiter": ";"'
expect_rc "... its solution passes check" 0 "$bin" check "$tmp/re.instance.json" "$tmp/re.json"
expect_rc "export-sheets after rematch" 0 "$bin" export-sheets "$tmp/re.instance.json" "$tmp/re.json" --dir "$tmp/sheets-re" --no-xlsx
has "... still in ';'" "$tmp/sheets-re/assignment.csv" "applicant;name;nationality;company;"
# one option overrides, whatever the instance says
expect_rc "export-sheets --csv-delimiter ," 0 "$bin" export-sheets "$tmp/intake.json" "$tmp/sol.json" --dir "$tmp/comma" --no-xlsx --csv-delimiter ,
has "... writes ','" "$tmp/comma/assignment.csv" "applicant,name,nationality,company,"
expect_rc "export-sheets --csv-delimiter tab" 0 "$bin" export-sheets "$tmp/intake.json" "$tmp/sol.json" --dir "$tmp/tab" --no-xlsx --csv-delimiter tab
has "... writes tabs" "$tmp/tab/assignment.csv" "$(printf 'applicant\tname\tnationality\tcompany\t')"
expect_rc "solve --csv-delimiter tab" 0 "$bin" solve "$tmp/intake.json" -q -o "$tmp/sol-tab.json" --csv "$tmp/asg-tab.csv" --csv-delimiter tab
expect_rc "... and evaluate reads the tab file back" 0 "$bin" evaluate "$tmp/intake.json" "$tmp/asg-tab.csv" -q -o "$tmp/ev-tab.json"
expect_rc "... its evaluation passes check" 0 "$bin" check "$tmp/intake.json" "$tmp/ev-tab.json"
expect_rc "import --csv-delimiter , records ','" 0 "$bin" import "$x" -o "$tmp/comma.json" --csv-delimiter ,
has "... in the instance" "$tmp/comma.json" '"csv_delimiter": ","'
expect_rc "an unknown delimiter is a usage error" 2 "$bin" export-sheets "$tmp/intake.json" "$tmp/sol.json" --dir "$tmp/pipe" --csv-delimiter '|'
has "... naming the choices" "$tmp/err" "--csv-delimiter: expected \",\", \";\" or \"tab\", got \"|\""
[ ! -e "$tmp/pipe" ] && ok "... nothing written" || ko "a bad --csv-delimiter wrote something"
sed 's/"csv_delimiter": ";"/"csv_delimiter": "|"/' "$tmp/intake.json" >"$tmp/pipe.json"
expect_rc "an instance with another csv_delimiter is invalid" 3 "$bin" solve "$tmp/pipe.json" -q -o "$tmp/pipe-sol.json"
has "... naming the key" "$tmp/err" 'pipe.json: csv_delimiter: expected ",", ";" or "\t", got "|"'
# ',' tables keep ','
mkdir "$tmp/commas"
printf 'id,nationality,age\nA1,VN,20\nA2,TH,21\n' >"$tmp/commas/applicants.csv"
printf 'id,capacity\nC1,1\nC2,1\n' >"$tmp/commas/companies.csv"
expect_rc "solve ',' tables" 0 "$bin" solve "$tmp/commas" -q -o "$tmp/c.json" --csv "$tmp/c.csv"
[ "$(head -n 1 "$tmp/c.csv")" = "applicant,company,weight" ] && ok "... writes ','" || ko "',' tables write ','"

# ---- 1: messages give Excel's rows; nothing is written
mkdir "$tmp/rows"
cp "$x"/*.csv "$x/programme.json" "$tmp/rows/"
# A05 is applicants.csv's 7th line (row 7): header, A01, A02, a blank row, A03, A04, A05
awk 'BEGIN { RS = "\r\n"; ORS = "\r\n" } /^A05;/ { sub(/;29;/, ";forty;") } { print }' "$x/applicants.csv" >"$tmp/rows/applicants.csv"
expect_rc "a bad cell below a blank row exits 3" 3 "$bin" import "$tmp/rows" -o "$tmp/rows.json"
has "... naming the row Excel shows" "$tmp/err" "applicants.csv: row 7: age: expected an integer from 0 to 150, got \"forty\""
[ ! -e "$tmp/rows.json" ] && ok "... nothing written" || ko "import wrote on error"
# a quoted name with a line break above: still row 7 in Excel, line 8 in an editor
awk 'BEGIN { RS = "\r\n"; ORS = "\r\n" } /^A02;/ { sub(/;Tran Thi Binh;/, ";\"Tran\r\nThi Binh\";") } { print }' "$tmp/rows/applicants.csv" >"$tmp/a.csv"
mv "$tmp/a.csv" "$tmp/rows/applicants.csv"
expect_rc "a bad cell below a multi-line cell exits 3" 3 "$bin" import "$tmp/rows" -o "$tmp/rows.json"
has "... naming Excel's row and the file's line" "$tmp/err" "applicants.csv: row 7 (line 8): age: expected an integer from 0 to 150, got \"forty\""
cp "$x/applicants.csv" "$tmp/rows/applicants.csv"
printf 'name;maxx;\r\ncap;1;\r\n' >"$tmp/rows/quotas.csv"
expect_rc "an unknown quotas.csv column exits 3" 3 "$bin" import "$tmp/rows" -o "$tmp/rows.json"
has "... named in row 1 (header)" "$tmp/err" "quotas.csv: row 1 (header): unknown column \"maxx\""
# lint names quota rows as Excel does, blank rows counted
printf 'name;applicants.nationality;max;\r\n;;;\r\nvietnam-cap;Vn;2;\r\n' >"$tmp/rows/quotas.csv"
expect_rc "lint a mistyped value below a blank row" 0 "$bin" lint "$tmp/rows"
has "... naming Excel's row" "$tmp/out" "quotas.csv: row 3: applicants.nationality: value \"Vn\" matches no applicant's nationality"
cp "$x/quotas.csv" "$tmp/rows/quotas.csv"
sed '1s/;age;/;Age;/' "$x/applicants.csv" >"$tmp/rows/applicants.csv"
expect_rc "lint a column misspelt" 0 "$bin" lint "$tmp/rows"
has "... row 1 (header)" "$tmp/out" "applicants.csv: row 1 (header): column \"Age\" is a free attribute"

# Excel's "sep=;" first line: the delimiter, and no row
{ printf 'sep=;\r\n'; tail -c +4 "$x/applicants.csv"; } >"$tmp/rows/applicants.csv"
expect_rc "a \"sep=;\" line is read as Excel reads it" 0 "$bin" import "$tmp/rows" -o "$tmp/sep.json"
grep -v '"csv_delimiter"' "$tmp/sep.json" >"$tmp/a" && grep -v '"csv_delimiter"' "$tmp/orig.json" >"$tmp/b"
check "... the same instance" cmp -s "$tmp/a" "$tmp/b"

# ---- 3: a value under a nameless column is named; an empty name in the middle stays an error
cp "$x/applicants.csv" "$tmp/rows/applicants.csv"
awk 'BEGIN { RS = "\r\n"; ORS = "\r\n" } /^A03;/ { $0 = $0 "note" } { print }' "$x/applicants.csv" >"$tmp/rows/applicants.csv"
expect_rc "a value under the trailing ';' exits 3" 3 "$bin" import "$tmp/rows" -o "$tmp/rows.json"
has "... naming file, row and column" "$tmp/err" "applicants.csv: row 5: column 10 has no header (the header row's cell there is empty) but holds \"note\"; name the column or empty the cell"
[ ! -e "$tmp/rows.json" ] && ok "... nothing written" || ko "import wrote on error"
sed '1s/;age;/;;/' "$x/applicants.csv" >"$tmp/rows/applicants.csv"
expect_rc "an empty header name in the middle exits 3" 3 "$bin" import "$tmp/rows" -o "$tmp/rows.json"
has "... named" "$tmp/err" "applicants.csv: row 1 (header): column 4 has no name"

# ---- 4: Shift-JIS (東京 in Shift-JIS is 93 8c 8b 9e), and other bytes
cp "$x/applicants.csv" "$tmp/rows/applicants.csv"
{ cat "$x/companies.csv"; printf 'C05;\223\214\213\236 Trading;1;;;;;;;;\r\n'; } >"$tmp/rows/companies.csv"
expect_rc "a Shift-JIS cell exits 3" 3 "$bin" import "$tmp/rows" -o "$tmp/rows.json"
has "... with the hint to save as CSV UTF-8" "$tmp/err" "companies.csv: row 10: name: invalid UTF-8 (the file looks Shift-JIS encoded: in Excel, save as \"CSV UTF-8 (Comma delimited) (*.csv)\")"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && ok "... one line" || ko "the Shift-JIS message is one line: $(cat "$tmp/err")"
[ ! -e "$tmp/rows.json" ] && ok "... nothing written" || ko "import wrote on error"
{ cat "$x/companies.csv"; printf 'C05;Caf\351;1;;;;;;;;\r\n'; } >"$tmp/rows/companies.csv"
expect_rc "a Latin-1 cell exits 3" 3 "$bin" import "$tmp/rows" -o "$tmp/rows.json"
has "... with the generic hint" "$tmp/err" "companies.csv: row 10: name: invalid UTF-8 (save the file as UTF-8: in Excel, \"CSV UTF-8 (Comma delimited) (*.csv)\")"
cp "$x/companies.csv" "$tmp/rows/companies.csv"
printf '\377\376i\000d\000\r\000\n\000A\0001\000\r\000\n\000' >"$tmp/rows/applicants.csv"
expect_rc "a UTF-16 file (Excel's \"Unicode Text\") exits 3" 3 "$bin" import "$tmp/rows" -o "$tmp/rows.json"
has "... with the format to save as" "$tmp/err" "applicants.csv: starts with a UTF-16 byte-order mark (Excel's \"Unicode Text\"); in Excel, save as \"CSV UTF-8 (Comma delimited) (*.csv)\""
printf '{"format": "musubi-instance-1", "name": "\223\214\213\236", "applicants": [], "companies": []}\n' >"$tmp/sjis.json"
expect_rc "a Shift-JIS instance JSON exits 3" 3 "$bin" solve "$tmp/sjis.json" -q -o "$tmp/sjis-sol.json"
has "... with its hint" "$tmp/err" "sjis.json: line 1, column 42: invalid UTF-8 (the file looks Shift-JIS encoded; save it as UTF-8)"
[ ! -e "$tmp/sjis-sol.json" ] && ok "... nothing written" || ko "solve wrote on error"

# ---- 6: --no-whatif says "not computed" once
expect_rc "export-sheets --no-whatif" 0 "$bin" export-sheets "$tmp/intake.json" "$tmp/sol.json" --dir "$tmp/nw" --no-whatif
if grep -q "not computed" "$tmp/nw/unplaced.csv"; then ko "unplaced.csv has no per-row \"not computed\""; else ok "unplaced.csv has no per-row \"not computed\""; fi
[ "$(grep -c "what-ifs not computed: not asked for (--no-whatif)" "$tmp/err")" -eq 1 ] && ok "... said once on stderr" || ko "said once on stderr: $(cat "$tmp/err")"
has "... the what_if cells are empty" "$tmp/nw/unplaced.csv" "A10;Aung Kyaw;MM;hosts_full;Eligible at 1 host, which is full. C03 (1st choice, weight 250, ranked 2nd by the host): full with A06 (weight 350, ranked 1st), whom the host ranks higher and who carry more weight.;$cr"
if command -v unzip >/dev/null 2>&1; then
    unzip -p "$tmp/nw/matching.xlsx" 'xl/comments*.xml' 2>/dev/null | grep -q "What-ifs were not computed: not asked for (--no-whatif)." &&
        ok "... and as a comment in the workbook" || ko "the workbook's comment"
else
    skip "the workbook's comment" "unzip is not installed"
fi
expect_rc "explain --no-whatif" 0 "$bin" explain "$tmp/intake.json" "$tmp/sol.json" --no-whatif
[ "$(grep -c "not asked for" "$tmp/out")" -eq 1 ] && ok "... says it once" || ko "explain --no-whatif says it once: $(grep -c "not asked for" "$tmp/out")"

finish
