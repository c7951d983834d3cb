/* The compact route: a directory of CSV tables (instances/FORMAT.md, "The
 * compact route"). Bad inputs first, each with the file, row and column its
 * error must name; then what well-formed tables must give; last, the same
 * instance written as JSON and as tables must read into the same instance
 * and solve to the same objective. */
#include "tests/tabledir.h"

#include "model/instance.h"
#include "model/read_internal.h"
#include "tests/randinst.h"

#include <omp.h>
#include <unistd.h>

static int read_dir(fixture *f) {
    memset(&f->err, 0, sizeof f->err);
    mu_instance_free(f->inst);
    f->inst = NULL;
    return mu_instance_read(f->dir, &f->inst, &f->err);
}

static void read_ok(fixture *f) {
    int rc = read_dir(f);
    if (rc) print_error("unexpected error: %s\n", f->err.msg);
    assert_int_equal(rc, MU_OK);
    assert_non_null(f->inst);
}

/* Reading fails with `code`, returns nothing, and one line of the message
 * contains `want` with "DIR" standing for the directory. */
static void read_fails(fixture *f, int code, const char *want) {
    char expect[512];
    const char *d = strstr(want, "DIR");
    if (d) snprintf(expect, sizeof expect, "%.*s%s%s", (int)(d - want), want, f->dir, d + 3);
    else snprintf(expect, sizeof expect, "%s", want);
    int rc = read_dir(f);
    if (rc != code || !strstr(f->err.msg, expect))
        print_error("expected code %d with \"%s\"\ngot code %d: %s\n", code, expect, rc, f->err.msg);
    assert_int_equal(rc, code);
    assert_null(f->inst);
    assert_non_null(strstr(f->err.msg, expect));
}

/* The message is exactly `want` (one line), "DIR" standing for the directory. */
static void read_fails_exactly(fixture *f, const char *want) {
    char expect[512];
    const char *d = strstr(want, "DIR");
    snprintf(expect, sizeof expect, "%.*s%s%s", (int)(d - want), want, f->dir, d + 3);
    assert_int_equal(read_dir(f), MU_EINPUT);
    assert_null(f->inst);
    assert_string_equal(f->err.msg, expect);
}

static const char *const APPS = "id,nationality\nA1,VN\nA2,TH\n";
static const char *const COMS = "id,capacity\nC1,1\nC2,2\n";

/* ---- bad inputs */

static void tables_without_applicants_csv_are_rejected(void **state) {
    fixture *f = *state;
    put(f, "companies.csv", COMS);
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: missing; a table directory needs applicants.csv and companies.csv");
}

static void tables_without_companies_csv_are_rejected(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    read_fails(f, MU_EINPUT, "DIR/companies.csv: missing");
}

static void an_empty_table_is_rejected(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", "");
    put(f, "companies.csv", COMS);
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: empty; expected a header row");
}

static void a_header_without_id_or_capacity_is_rejected(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", "id,seats\nC1,1\n");
    read_fails(f, MU_EINPUT, "DIR/companies.csv: row 1 (header): missing the column \"capacity\"");
    put(f, "companies.csv", COMS);
    put(f, "applicants.csv", "name,nationality\nA1,VN\n");
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 1 (header): missing the column \"id\"");
}

static void an_unknown_requires_column_is_rejected(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", "id,capacity,requires_age\nC1,1,20\n");
    read_fails(f, MU_EINPUT, "DIR/companies.csv: row 1 (header): unknown column \"requires_age\"");
    put(f, "companies.csv", "id,capacity,requires\nC1,1,N2\n");
    read_fails(f, MU_EINPUT, "DIR/companies.csv: row 1 (header): unknown column \"requires\"");
}

static void a_repeated_or_unnamed_column_is_rejected(void **state) {
    fixture *f = *state;
    put(f, "companies.csv", COMS);
    put(f, "applicants.csv", "id,age,age\nA1,20,21\n");
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 1 (header): column \"age\" appears twice (columns 2 and 3)");
    put(f, "applicants.csv", "id,,age\nA1,x,21\n");
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 1 (header): column 2 has no name");
}

static void pairs_csv_with_an_unknown_or_missing_column_is_rejected(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "pairs.csv", "applicant,company,score\nA1,C1,5\n");
    read_fails(f, MU_EINPUT, "DIR/pairs.csv: row 1 (header): unknown column \"score\"");
    assert_non_null(strstr(f->err.msg, "pairs.csv: row 1 (header): missing the column \"weight\""));
}

static void a_row_with_the_wrong_number_of_cells_names_its_row(void **state) {
    fixture *f = *state;
    put(f, "companies.csv", COMS);
    put(f, "applicants.csv", "id,nationality\nA1,VN\nA2\nA3,TH,extra\n");
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 3: expected 2 cells as in the header, got 1");
    assert_non_null(strstr(f->err.msg, "applicants.csv: row 4: expected 2 cells as in the header, got 3"));
}

static void a_bad_weight_names_file_row_and_column(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "pairs.csv", "applicant,company,weight\nA1,C1,5\nA2,C1,1e3\n");
    read_fails_exactly(f, "DIR/pairs.csv: row 3: weight: expected an integer from 0 to 1000000000, got \"1e3\"");
    put(f, "pairs.csv", "applicant,company,weight\nA1,C1,1000000001\n");
    read_fails(f, MU_EINPUT, "pairs.csv: row 2: weight: expected an integer from 0 to 1000000000, got \"1000000001\"");
    put(f, "pairs.csv", "applicant,company,weight\nA1,C1,\n");
    read_fails(f, MU_EINPUT, "pairs.csv: row 2: weight: missing");
}

static void an_unknown_company_or_applicant_in_pairs_is_rejected(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "pairs.csv", "applicant,company,weight\nA1,C1,5\nA1,C9,5\nA7,C2,5\n");
    read_fails(f, MU_EINPUT, "DIR/pairs.csv: row 3: company: unknown company id \"C9\"");
    assert_non_null(strstr(f->err.msg, "pairs.csv: row 4: applicant: unknown applicant id \"A7\""));
}

static void a_duplicate_pair_names_both_rows(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "pairs.csv", "applicant,company,weight\nA1,C1,5\nA2,C2,3\nA1,C1,7\n");
    read_fails_exactly(f, "DIR/pairs.csv: row 4: duplicate of row 2 (applicant \"A1\", company \"C1\")");
    /* sorted files take the other path through the sort */
    put(f, "pairs.csv", "applicant,company,weight\nA1,C1,5\nA1,C2,5\nA1,C2,5\nA1,C2,6\n");
    read_fails(f, MU_EINPUT, "pairs.csv: row 4: duplicate of row 3 (applicant \"A1\", company \"C2\")");
    assert_non_null(strstr(f->err.msg, "pairs.csv: row 5: duplicate of row 3 (applicant \"A1\", company \"C2\")"));
    assert_int_equal(f->err.count, 2);
}

static void a_duplicate_or_malformed_id_is_rejected(void **state) {
    fixture *f = *state;
    put(f, "companies.csv", COMS);
    put(f, "applicants.csv", "id,nationality\nA1,VN\nA1,TH\n,ID\n\"A\tB\",VN\n");
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 3: id: duplicate id \"A1\" (also row 2)");
    assert_non_null(strstr(f->err.msg, "applicants.csv: row 4: id: missing"));
    assert_non_null(strstr(f->err.msg, "applicants.csv: row 5: id: id contains a control character"));
    /* a company repeated below a blank row: both rows as the spreadsheet numbers them */
    put(f, "companies.csv", "id,capacity\nC1,1\n,,\nC2,1\nC1,2\n");
    put(f, "applicants.csv", "id,nationality\nA1,VN\n");
    read_fails(f, MU_EINPUT, "DIR/companies.csv: row 5: id: duplicate id \"C1\" (also row 2)");
}

static void invalid_utf8_or_a_nul_byte_is_rejected(void **state) {
    fixture *f = *state;
    put(f, "companies.csv", COMS);
    put(f, "applicants.csv", "id,nationality\nA1,\xc3\x28\nA2,\xed\xa0\x80\n");
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 2: nationality: invalid UTF-8");
    assert_non_null(strstr(f->err.msg, "applicants.csv: row 3: nationality: invalid UTF-8")); /* a surrogate */
    static const char nul[] = "id,nationality\nA1,V\0N\n";
    put_n(f, "applicants.csv", nul, sizeof nul - 1);
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 2: nationality: contains a NUL byte");
}

static void malformed_quoting_is_rejected_with_its_row(void **state) {
    fixture *f = *state;
    put(f, "companies.csv", COMS);
    put(f, "applicants.csv", "id,nationality\nA1,VN\nA2,V\"N\"\n");
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 3: malformed quoting");
    put(f, "applicants.csv", "id,nationality\nA1,\"VN\nA2,TH\n");
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 2: malformed quoting");
}

static void bad_values_name_their_column(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", "id,age,jlpt,english,degree\nA1,1e3,N6,fluent,yes\n");
    put(f, "companies.csv", "id,capacity,requires_jlpt,requires_english,requires_degree\nC1,,N0,good,yes\nC2,-1,,,\n");
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 2: age: expected an integer from 0 to 150, got \"1e3\"");
    const char *const want[] = {"applicants.csv: row 2: jlpt: expected \"N1\" to \"N5\", got \"N6\"",
                                "applicants.csv: row 2: english: expected \"none\", \"basic\", \"daily\", \"business\" "
                                "or \"native\", got \"fluent\"",
                                "applicants.csv: row 2: degree: expected true or false, got \"yes\"",
                                "companies.csv: row 2: capacity: missing",
                                "companies.csv: row 2: requires_jlpt: expected \"N1\" to \"N5\", got \"N0\"",
                                "companies.csv: row 2: requires_english: expected \"none\"",
                                "companies.csv: row 2: requires_degree: expected true or false, got \"yes\"",
                                "companies.csv: row 3: capacity: expected an integer from 0 to 1000000, got \"-1\""};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        if (!strstr(f->err.msg, want[k])) print_error("missing \"%s\" in:\n%s\n", want[k], f->err.msg);
        assert_non_null(strstr(f->err.msg, want[k]));
    }
}

static void bad_preference_lists_are_rejected(void **state) {
    fixture *f = *state;
    put(f, "companies.csv", "id,capacity,preferences\nC1,1,A2|A9\nC2,1,\n");
    put(f, "applicants.csv", "id,preferences\nA1,C1|C1\nA2,C9\nA3,C1||C2\n");
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 2: preferences: company \"C1\" listed twice");
    assert_non_null(strstr(f->err.msg, "applicants.csv: row 3: preferences: unknown company id \"C9\""));
    assert_non_null(strstr(f->err.msg, "applicants.csv: row 4: preferences: item 2 is empty"));
    assert_non_null(strstr(f->err.msg, "companies.csv: row 2: preferences: unknown applicant id \"A9\""));
}

static void a_programme_json_with_an_unknown_key_or_bad_json_is_rejected(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "programme.json", "{\"format\": \"musubi-instance-1\", \"name\": \"x\"}");
    read_fails(f, MU_EINPUT, "DIR/programme.json: unknown key \"format\"");
    put(f, "programme.json", "{\"rules\": {\"age\": {\"min\": 30, \"max\": 20}}}");
    read_fails(f, MU_EINPUT, "DIR/programme.json: rules.age: min 30 is greater than max 20");
    put(f, "programme.json", "{\"name\": \"x\",\n \"rules\": }");
    read_fails(f, MU_EINPUT, "DIR/programme.json: line 2, column 11: malformed JSON");
}

static void programme_weights_with_pairs_csv_are_rejected(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "pairs.csv", "applicant,company,weight\nA1,C1,5\n");
    put(f, "programme.json", "{\"weights\": {\"base\": 10}}");
    read_fails(f, MU_EINPUT, "DIR/programme.json: weights: must be absent when pairs.csv is given");
}

/* ---- well-formed tables */

static void a_byte_order_mark_is_skipped(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", "\xef\xbb\xbfid,nationality\nA1,VN\n");
    put(f, "companies.csv", "\xef\xbb\xbfid,capacity\nC1,1\n");
    read_ok(f);
    assert_int_equal(f->inst->n_app, 1);
    assert_string_equal(f->inst->app_ids.str[0], "A1");
    assert_string_equal(f->inst->com_ids.str[0], "C1");
}

static void crlf_endings_and_blank_lines_count_rows_as_a_spreadsheet_does(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", "id\r\nA1\r\n\r\nA2\r\n");
    put(f, "companies.csv", "id,capacity\r\nC1,1\r\n\r\nC2,x\r\n"); /* the blank line is row 3, skipped */
    read_fails(f, MU_EINPUT, "DIR/companies.csv: row 4: capacity: expected an integer from 0 to 1000000, got \"x\"");
    put(f, "companies.csv", "id,capacity\r\nC1,1\r\n\r\nC2,2");
    read_ok(f);
    assert_int_equal(f->inst->n_app, 2);
    assert_int_equal(f->inst->n_com, 2);
    assert_int_equal(f->inst->com[1].capacity, 2);
}

static void quoted_cells_keep_commas_quotes_newlines_and_spaces(void **state) {
    fixture *f = *state;
    put(f, "companies.csv", COMS);
    put(f, "applicants.csv", "id,note,age\nA1,\"a, b \"\"q\"\"\nc\",20\nA2,\" plain \",21\n");
    read_ok(f);
    mu_instance *in = f->inst;
    int32_t note = mu_sym_find(&in->syms, "note");
    assert_true(note >= 0);
    assert_string_equal(mu_attr_first(in, &in->app_attrs, 0, note), "a, b \"q\"\nc");
    assert_string_equal(mu_attr_first(in, &in->app_attrs, 1, note), " plain ");
    assert_int_equal(in->app[1].age, 21);
    /* ...but an id with a space at either end would be a new applicant: refused (instances/FORMAT.md) */
    put(f, "applicants.csv", "id,note,age\nA1,x,20\n\" A2 \",plain,21\n");
    read_fails(f, MU_EINPUT,
               "DIR/applicants.csv: row 3: id: \" A2 \" starts and ends with a space; ids compare exactly");
    /* a line break inside a cell does not count as a row (a spreadsheet shows the record as one), but the
     * message gives the line too */
    put(f, "applicants.csv", "id,note,age\nA1,\"two\nlines\",20\nA2,plain,old\n");
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 3 (line 4): age: expected an integer from 0 to 150, got \"old\"");
}

/* ---- spreadsheet habits (instances/FORMAT.md, "Rows and encodings"), each
 * in both of csv_table.c's ways: quote-free lines split by the fast way, and
 * the same file with its first header cell quoted, which sends every line
 * to libcsv. */

static void unlink_table(fixture *f, const char *name) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    unlink(path);
}

/* text, with its first cell quoted when `quoted` (after a byte-order mark and
 * any blank lines). */
static void put_way(fixture *f, const char *name, const char *text, int quoted) {
    char buf[1024];
    size_t skip = 0;
    if (strncmp(text, "\xef\xbb\xbf", 3) == 0) skip = 3;
    while (text[skip] == '\r' || text[skip] == '\n') skip++;
    size_t end = skip + strcspn(text + skip, ",;\r\n");
    if (quoted)
        snprintf(buf, sizeof buf, "%.*s\"%.*s\"%s", (int)skip, text, (int)(end - skip), text + skip, text + end);
    else snprintf(buf, sizeof buf, "%s", text);
    put(f, name, buf);
}

static void blank_rows_are_skipped_and_still_counted_in_both_ways(void **state) {
    fixture *f = *state;
    for (int quoted = 0; quoted < 2; quoted++) {
        /* rows: 1 header, 2 ";;", 3 A1, 4 ";;", 5 empty, 6 spaces (an ideographic one too), 7 A2, 8 ";;;;" */
        const char *apps =
            "\xef\xbb\xbfid;age;name\r\n;;\r\nA1;20;x\r\n;;\r\n\r\n ;\t; \xe3\x80\x80\r\nA2;21;y\r\n;;;;\r\n";
        put_way(f, "applicants.csv", apps, quoted);
        put_way(f, "companies.csv", "id,capacity\n,\nC1,1\n\n,\nC2,2\n,,,\n", quoted);
        read_ok(f);
        mu_instance *in = f->inst;
        assert_int_equal(in->n_app, 2);
        assert_int_equal(in->n_com, 2);
        assert_int_equal(in->app[1].age, 21);
        assert_int_equal(in->com[1].capacity, 2); /* the second reading finds company 1 past the blank rows */
        assert_int_equal(in->csv_delim, ';');
        /* the rows kept for lint: A1 at 3, A2 at 7; C1 at 3, C2 at 6 */
        assert_int_equal(mu_rowmap_row(&in->app_rows, 0), 3);
        assert_int_equal(mu_rowmap_row(&in->app_rows, 1), 7);
        assert_int_equal(mu_rowmap_row(&in->com_rows, 0), 3);
        assert_int_equal(mu_rowmap_row(&in->com_rows, 1), 6);
        /* and the messages count them */
        put_way(f, "applicants.csv", "id;age;name\r\n;;\r\nA1;20;x\r\n;;\r\n\r\n ;\t; \r\nA2;old;y\r\n;;;;\r\n",
                quoted);
        read_fails_exactly(f, "DIR/applicants.csv: row 7: age: expected an integer from 0 to 150, got \"old\"");
        /* blank lines before the header: the header is row 3 */
        put_way(f, "applicants.csv", "\r\n;;\r\nid;age;name\r\nA1;x;n\r\n", quoted);
        read_fails_exactly(f, "DIR/applicants.csv: row 4: age: expected an integer from 0 to 150, got \"x\"");
        put_way(f, "applicants.csv", "\n\nid,age,age\nA1,1,2\n", quoted);
        read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 3 (header): column \"age\" appears twice");
        /* a blank row is never "id: missing", and a table of blank rows is an empty one */
        put_way(f, "applicants.csv", "id;age\n;\n;\n", quoted);
        read_ok(f);
        assert_int_equal(f->inst->n_app, 0);
        put_way(f, "applicants.csv", "id,age\nA1,20\n", quoted);
        /* quotas.csv: the programme reader's messages give the row too */
        put_way(f, "quotas.csv", "name;applicants.colour;max\r\n;;\r\nq1;red;1\r\n", quoted);
        read_fails_exactly(f, "DIR/quotas.csv: row 3: applicants.colour: no applicant has the attribute \"colour\"");
        put_way(f, "quotas.csv", "name;max\r\nq1;1\r\n;\r\nq1;2\r\n", quoted);
        read_fails_exactly(f, "DIR/quotas.csv: row 4: name: duplicate quota name \"q1\" (also row 2)");
        unlink_table(f, "quotas.csv");
    }
}

static void trailing_delimiters_are_tolerated_while_nothing_is_under_them(void **state) {
    fixture *f = *state;
    for (int quoted = 0; quoted < 2; quoted++) {
        put_way(f, "companies.csv", "id;capacity;;\r\nC1;1;;\r\nC2;2;; \r\n;;;\r\n", quoted);
        put_way(f, "applicants.csv", "id;age;\r\nA1;20;\r\nA2;21\r\n", quoted); /* one row without the trailing ; */
        read_ok(f);
        assert_int_equal(f->inst->n_com, 2);
        assert_int_equal(f->inst->com[1].capacity, 2);
        assert_int_equal(f->inst->app[1].age, 21);
        assert_int_equal(f->inst->com_attrs.off[2], 2); /* capacity only: no nameless attribute */
        put_way(f, "applicants.csv", "id;age;;\r\nA1;20;;\r\nA2;21;;x\r\n", quoted);
        read_fails_exactly(f, "DIR/applicants.csv: row 3: column 4 has no header (the header row's cell there is "
                              "empty) but holds \"x\"; name the column or empty the cell");
        put_way(f, "applicants.csv", "id;age;;\r\nA1;20;;;\r\n", quoted);
        read_fails_exactly(f, "DIR/applicants.csv: row 2: expected 2 cells as in the header (4 with its empty columns "
                              "at the end), got 5");
        put_way(f, "applicants.csv", "id;;age\r\nA1;;20\r\n", quoted); /* a nameless column in the middle */
        read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 1 (header): column 2 has no name");
    }
}

static void a_cell_with_line_breaks_is_one_row_and_the_line_is_named(void **state) {
    fixture *f = *state;
    put(f, "companies.csv", COMS);
    /* CRLF inside and after quoted cells: the LF of a CRLF is no row */
    put(f, "applicants.csv", "id;note;age\r\nA1;\"one\r\ntwo\r\nthree\";20\r\n\r\nA2;x;old\r\n");
    read_fails_exactly(f, "DIR/applicants.csv: row 4 (line 6): age: expected an integer from 0 to 150, got \"old\"");
    put(f, "applicants.csv", "id;note;age\r\nA1;\"one\r\ntwo\";20\r\nA2;x;21\r\n");
    read_ok(f);
    assert_int_equal(mu_rowmap_row(&f->inst->app_rows, 1), 3);
}

/* "sep=;" on the first line: Excel takes the delimiter from it and hides it, so
 * it is no row; another delimiter is refused. */
static void a_sep_line_sets_the_delimiter_and_is_no_row(void **state) {
    fixture *f = *state;
    put(f, "companies.csv", "sep=,\r\nid,capacity\r\nC1,1\r\n");
    put(f, "applicants.csv", "\xef\xbb\xbfsep=;\nid;note,x\nA1;a,b\n"); /* ';', though the header has more ',' */
    read_ok(f);
    assert_int_equal(f->inst->n_app, 1);
    assert_int_equal(f->inst->csv_delim, ';');
    put(f, "applicants.csv", "sep=;\r\n\"id\";age\r\nA1;20\r\nA2;old\r\n"); /* libcsv's way */
    read_fails_exactly(f, "DIR/applicants.csv: row 3 (line 4): age: expected an integer from 0 to 150, got \"old\"");
    put(f, "applicants.csv", "sep=|\nid|age\n");
    read_fails_exactly(f, "DIR/applicants.csv: line 1: \"sep=|\": the delimiter must be \",\", \";\" or a tab");
}

static void invalid_utf8_hints_at_the_encoding_to_save_as(void **state) {
    fixture *f = *state;
    put(f, "companies.csv", COMS);
    for (int quoted = 0; quoted < 2; quoted++) {
        /* "東京" in Shift-JIS, twice: the hint comes once */
        put_way(f, "applicants.csv", "id;name\r\nA1;\x93\x8c\x8b\x9e\r\nA2;\x93\x8c\x8b\x9e\r\n", quoted);
        read_fails(f, MU_EINPUT,
                   "DIR/applicants.csv: row 2: name: invalid UTF-8 (the file looks Shift-JIS encoded: in Excel, save "
                   "as \"CSV UTF-8 (Comma delimited) (*.csv)\")");
        assert_non_null(strstr(f->err.msg, "applicants.csv: row 3: name: invalid UTF-8"));
        assert_null(strstr(f->err.msg, "applicants.csv: row 3: name: invalid UTF-8 ("));
        put_way(f, "applicants.csv", "id;name\r\nA1;Jos\xe9\r\n", quoted); /* Latin-1 */
        read_fails(f, MU_EINPUT,
                   "DIR/applicants.csv: row 2: name: invalid UTF-8 (save the file as UTF-8: in Excel, \"CSV UTF-8 "
                   "(Comma delimited) (*.csv)\")");
    }
    /* Excel's "Unicode Text" is UTF-16: refused as a whole, with the format to save as */
    put_n(f, "applicants.csv", "\xff\xfei\0d\0\r\0\n\0A\0001\0\r\0\n\0", 18);
    read_fails_exactly(f, "DIR/applicants.csv: starts with a UTF-16 byte-order mark (Excel's \"Unicode Text\"); in "
                          "Excel, save as \"CSV UTF-8 (Comma delimited) (*.csv)\"");
}

static void bar_separated_lists_fill_preferences_markets_and_fields(void **state) {
    fixture *f = *state;
    put(f, "companies.csv",
        "id,capacity,target_markets,requires_fields,preferences\nC1,2,VN|TH,eng|biz,A2|A1\nC2,1,,,\n");
    put(f, "applicants.csv", "id,field,preferences\nA1,eng,C2|C1\nA2,biz,\n");
    read_ok(f);
    mu_instance *in = f->inst;
    assert_int_equal(in->app_pref.off[1] - in->app_pref.off[0], 2);
    assert_int_equal(in->app_pref.item[0], 1);
    assert_int_equal(in->app_pref.item[1], 0);
    assert_int_equal(in->app_pref.off[2], in->app_pref.off[1]);
    assert_int_equal(in->com_pref.off[1], 2);
    assert_int_equal(in->com_pref.item[0], 1);
    assert_int_equal(in->com_pref.item[1], 0);
    assert_int_equal(in->com_target.off[1], 2);
    assert_string_equal(in->syms.str[in->com_target.item[0]], "VN");
    assert_string_equal(in->syms.str[in->com_target.item[1]], "TH");
    assert_true(in->com[0].has_req_fields);
    assert_false(in->com[1].has_req_fields);
    assert_string_equal(in->syms.str[in->com_fields.item[1]], "biz");
    int32_t tm = mu_sym_find(&in->syms, "target_markets");
    int n = 0;
    for (int64_t k = in->com_attrs.off[0]; k < in->com_attrs.off[1]; k++) n += in->com_attrs.key[k] == tm;
    assert_int_equal(n, 2); /* each market is an attribute value, as in JSON */
}

static void empty_cells_mean_absent(void **state) {
    fixture *f = *state;
    put(f, "companies.csv", "id,capacity,region,requires_jlpt\nC1,3,,\n");
    put(f, "applicants.csv", "id,nationality,age,jlpt,english,degree,hobby\nA1,,,,,,\n");
    read_ok(f);
    mu_instance *in = f->inst;
    assert_int_equal(in->app[0].nationality, -1);
    assert_int_equal(in->app[0].age, -1);
    assert_int_equal(in->app[0].jlpt, 0);
    assert_int_equal(in->app[0].degree, 0);
    assert_int_equal(in->app_attrs.off[1], 0);
    assert_int_equal(in->com[0].req_jlpt, 0);
    assert_int_equal(in->com_attrs.off[1], 1); /* capacity only */
}

static void header_only_tables_give_an_empty_instance(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", "id\n");
    put(f, "companies.csv", "id,capacity\n");
    put(f, "pairs.csv", "applicant,company,weight\n");
    read_ok(f);
    assert_int_equal(mu_instance_applicants(f->inst), 0);
    assert_int_equal(mu_instance_companies(f->inst), 0);
    assert_true(f->inst->has_pairs);
    assert_int_equal(f->inst->n_given, 0);
}

static void a_programme_json_with_rules_and_quotas_is_read(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", "id,nationality\nA1,VN\nA2,VN\nA3,TH\n");
    put(f, "companies.csv", "id,capacity,region\nC1,2,Kanto\nC2,2,Kansai\n");
    put(f, "programme.json",
        "{\"name\": \"fy-test\", \"description\": {\"any\": [1, 2]},"
        " \"rules\": {\"nationalities\": [\"VN\", \"TH\"]},"
        " \"weights\": {\"base\": 10, \"target_market\": 0},"
        " \"quotas\": [{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"VN\"}, \"max\": 1},"
        "              {\"name\": \"kanto-floor\", \"companies\": {\"region\": \"Kanto\"}, \"min\": 1}]}");
    read_ok(f);
    mu_instance *in = f->inst;
    assert_string_equal(mu_instance_name(in), "fy-test");
    assert_int_equal(in->n_quotas, 2);
    assert_string_equal(in->quotas[0].name, "vn-cap");
    assert_int_equal(in->quotas[0].max, 1);
    assert_int_equal(in->quotas[1].min, 1);
    assert_true(in->rules.has_nationalities);
    assert_int_equal(in->weights.base, 10);
    mu_options opt;
    mu_options_init(&opt);
    mu_solution *sol = NULL;
    assert_int_equal(mu_solve(in, &opt, &sol, &f->err), MU_OK);
    assert_int_equal(mu_solution_status(sol), MU_STATUS_OPTIMAL);
    assert_int_equal(mu_solution_objective(sol), 20); /* one VN and the TH applicant, base 10 each */
    mu_solution_free(sol);
}

static void pairs_in_any_order_are_sorted_with_their_weights(void **state) {
    fixture *f = *state;
    char coms[4096], pairs[8192];
    int n = snprintf(coms, sizeof coms, "id,capacity\n");
    for (int c = 0; c < 60; c++) n += snprintf(coms + n, sizeof coms - (size_t)n, "C%d,1\n", c);
    put(f, "companies.csv", coms);
    put(f, "applicants.csv", "id\nA0\nA1\nA2\n");
    /* A1 lists 60 companies backwards (past the insertion-sort cut-off);
     * A2 and A0 interleave */
    n = snprintf(pairs, sizeof pairs, "applicant,company,weight\nA2,C5,25\nA0,C3,3\n");
    for (int c = 59; c >= 0; c--) n += snprintf(pairs + n, sizeof pairs - (size_t)n, "A1,C%d,%d\n", c, 100 + c);
    n += snprintf(pairs + n, sizeof pairs - (size_t)n, "A2,C1,21\nA0,C0,0\n");
    put(f, "pairs.csv", pairs);
    read_ok(f);
    mu_instance *in = f->inst;
    assert_int_equal(in->n_given, 64);
    for (int64_t k = 1; k < in->n_given; k++)
        assert_true(in->given_app[k - 1] < in->given_app[k] ||
                    (in->given_app[k - 1] == in->given_app[k] && in->given_com[k - 1] < in->given_com[k]));
    for (int64_t k = 0; k < in->n_given; k++) {
        int32_t a = in->given_app[k], c = in->given_com[k];
        int64_t want = a == 1 ? 100 + c : a == 2 ? 20 + c : c;
        assert_int_equal(in->given_w[k], want);
    }
    assert_int_equal(in->given_off[1], 2);
    assert_int_equal(in->given_off[2], 62);
}

/* Lines without quotes are split without libcsv, which takes over at the
 * first quoted line: rows, their numbers and their cells are the same on
 * either side of the hand-over, across reading blocks (64 KiB). */
static void plain_and_quoted_lines_read_alike_across_blocks(void **state) {
    fixture *f = *state;
    enum { ROWS = 6000 };
    size_t size = ROWS * 48 + 256, n = 0;
    char *apps = malloc(size);
    n += (size_t)snprintf(apps + n, size - n, "id,nationality,note\n");
    for (int a = 1; a <= ROWS; a++) {
        if (a == 4000) n += (size_t)snprintf(apps + n, size - n, "A%d,\"VN\",\"a, \"\"quoted\"\"\nnote\"\r\n", a);
        else if (a == 5000)
            n += (size_t)snprintf(apps + n, size - n, "\r\nA%d,TH,plain again\n", a); /* a blank line first */
        else
            n += (size_t)snprintf(apps + n, size - n, "A%d,%s,n%d%s", a, a % 2 ? "VN" : "TH", a, a % 3 ? "\n" : "\r\n");
    }
    put_n(f, "applicants.csv", apps, n);
    put(f, "companies.csv", COMS);
    read_ok(f);
    mu_instance *in = f->inst;
    assert_int_equal(in->n_app, ROWS);
    int32_t note = mu_sym_find(&in->syms, "note");
    assert_string_equal(mu_attr_first(in, &in->app_attrs, 3998, note), "n3999");
    assert_string_equal(mu_attr_first(in, &in->app_attrs, 3999, note), "a, \"quoted\"\nnote");
    assert_string_equal(mu_attr_first(in, &in->app_attrs, 4999, note), "plain again");
    assert_string_equal(mu_attr_first(in, &in->app_attrs, ROWS - 1, note), "n6000");
    assert_string_equal(in->syms.str[in->app[3999].nationality], "VN");
    /* a bad row far past a plain stretch, and one past the hand-over, name their rows; blank rows on
     * either side of it count (one before A2000, split by the fast way; two before A5500, libcsv's) */
    n = (size_t)snprintf(apps, size, "id,age\n");
    for (int a = 1; a <= ROWS; a++) {
        if (a == 2000) n += (size_t)snprintf(apps + n, size - n, ",\n");
        if (a == 5500) n += (size_t)snprintf(apps + n, size - n, "\n ,\r\n");
        n += (size_t)snprintf(apps + n, size - n,
                              a == 3001   ? "A%d,x\n"
                              : a == 5001 ? "\"A%d\",y\n"
                              : a == 5800 ? "A%d,z\r\n"
                                          : "A%d,30\n",
                              a);
    }
    put_n(f, "applicants.csv", apps, n);
    read_fails(f, MU_EINPUT, "DIR/applicants.csv: row 3003: age: expected an integer from 0 to 150, got \"x\"");
    assert_non_null(strstr(f->err.msg, "applicants.csv: row 5003: age: expected an integer from 0 to 150, got \"y\""));
    assert_non_null(strstr(f->err.msg, "applicants.csv: row 5804: age: expected an integer from 0 to 150, got \"z\""));
    free(apps);
}

/* The given pairs of the current directory, for comparing two readings. */
typedef struct given {
    int64_t n;
    int32_t *app, *com;
    int64_t *w;
} given;
static given take_given(fixture *f) {
    read_ok(f);
    mu_instance *in = f->inst;
    given g = {in->n_given, malloc((size_t)in->n_given * 4 + 4), malloc((size_t)in->n_given * 4 + 4),
               malloc((size_t)in->n_given * 8 + 8)};
    memcpy(g.app, in->given_app, (size_t)g.n * 4);
    memcpy(g.com, in->given_com, (size_t)g.n * 4);
    memcpy(g.w, in->given_w, (size_t)g.n * 8);
    return g;
}
static void same_given(given a, given b) {
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.app, b.app, (size_t)a.n * 4);
    assert_memory_equal(a.com, b.com, (size_t)a.n * 4);
    assert_memory_equal(a.w, b.w, (size_t)a.n * 8);
}
static void given_free(given g) { free(g.app), free(g.com), free(g.w); }

/* pairs.csv read the fast way (blocks cut into chunks parsed in parallel,
 * runs of one applicant resolved afterwards) gives what the row-by-row
 * reading gives, whatever the block size and the threads: grouped rows in
 * random order within an applicant, an applicant whose rows come back
 * later, CRLF, a byte-order mark, a last line without LF. A quoted header
 * cell sends the same file the row-by-row way. */
static void pairs_read_fast_and_row_by_row_alike(void **state) {
    fixture *f = *state;
    enum { NA = 300, NC = 40 };
    size_t size = (size_t)NA * NC * 24 + 4096, n = 0;
    char *t = malloc(size);
    n = (size_t)snprintf(t, size, "id\n");
    for (int a = 0; a < NA; a++) n += (size_t)snprintf(t + n, size - n, "A%d\n", a);
    put_n(f, "applicants.csv", t, n);
    n = (size_t)snprintf(t, size, "id,capacity\n");
    for (int c = 0; c < NC; c++) n += (size_t)snprintf(t + n, size - n, "Company-%d,2\n", c);
    put_n(f, "companies.csv", t, n);
    rng_state = 77;
    size_t body = 0;
    char *rows = malloc(size);
    for (int a = 0; a < NA; a++) {
        int b = a == 7 ? 250 : a; /* A250's rows come once more, early */
        for (int k = 0; k < 1 + below(NC / 2); k++)
            body += (size_t)snprintf(rows + body, size - body, "A%d;Company-%d;%d%s", b, (k * 7 + a) % NC, below(1000),
                                     below(4) ? "\n" : "\r\n");
    }
    while (body && (rows[body - 1] == '\n' || rows[body - 1] == '\r')) body--; /* the last line without LF */
    n = (size_t)snprintf(t, size,
                         "\xef\xbb\xbf"
                         "company;applicant;weight\n");
    /* the columns in another order: swap the first two cells of every row */
    for (size_t i = 0; i < body;) {
        const char *nl = memchr(rows + i, '\n', body - i), *le = nl ? nl : rows + body;
        const char *d1 = memchr(rows + i, ';', (size_t)(le - rows - i)),
                   *d2 = memchr(d1 + 1, ';', (size_t)(le - d1 - 1));
        n += (size_t)snprintf(t + n, size - n, "%.*s;%.*s%.*s", (int)(d2 - d1 - 1), d1 + 1, (int)(d1 - rows - (long)i),
                              rows + i, (int)(le - d2), d2);
        if (nl) t[n++] = '\n';
        i = (size_t)(le - rows) + (nl != NULL);
    }
    put_n(f, "pairs.csv", t, n);
    size_t blocks[] = {0, 4096, 333};
    int threads[] = {2, 1, 3};
    given ref = {0};
    for (int k = 0; k < 3; k++) {
        mu_tables_block_bytes(blocks[k]);
        omp_set_num_threads(threads[k]);
        given g = take_given(f);
        if (k == 0) ref = g;
        else {
            same_given(ref, g);
            given_free(g);
        }
    }
    mu_tables_block_bytes(0);
    omp_set_num_threads(2);
    const char *rest = memchr(t, '\n', n) + 1; /* the header again, its first cell quoted */
    char *quoted = malloc(n + 16);
    size_t q = (size_t)snprintf(quoted, n + 16, "\"company\";applicant;weight\n");
    memcpy(quoted + q, rest, n - (size_t)(rest - t));
    put_n(f, "pairs.csv", quoted, q + n - (size_t)(rest - t));
    free(quoted);
    given slow = take_given(f);
    same_given(ref, slow);
    assert_true(ref.n > NA);
    given_free(slow), given_free(ref);
    free(t), free(rows);
}

/* Cells the fast way leaves to the row-by-row reading mean what they always
 * meant: "-0" and "0007" are weights 0 and 7, an empty line is skipped. */
static void pairs_the_fast_way_declines_read_as_before(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "pairs.csv", "applicant,company,weight\nA1,C1,-0\nA1,C2,0007\n\nA2,C1,12\n");
    read_ok(f);
    assert_int_equal(f->inst->n_given, 3);
    assert_int_equal(f->inst->given_w[0], 0);
    assert_int_equal(f->inst->given_w[1], 7);
    assert_int_equal(f->inst->given_w[2], 12);
    put(f, "pairs.csv", "applicant,company,weight\nA1,C1,1\nA3,C2,2\n");
    read_fails_exactly(f, "DIR/pairs.csv: row 3: applicant: unknown applicant id \"A3\"");
}

/* ---- the same instance as JSON and as tables */

typedef struct twin {
    FILE *json, *apps, *coms, *pairs;
} twin;

/* Writes one random instance (tests/randinst.h's stream) both ways: JSON
 * keys in the tables' column order, an absent key where a cell is empty. */
static void write_twins(fixture *f, int with_pairs) {
    enum { NA = 40, NC = 7 };
    static const char *const FIELDS[] = {"eng", "biz", "care"};
    char path[128];
    twin t;
    snprintf(path, sizeof path, "%s/instance.json", f->dir);
    t.json = fopen(path, "w");
    snprintf(path, sizeof path, "%s/applicants.csv", f->dir);
    t.apps = fopen(path, "w");
    snprintf(path, sizeof path, "%s/companies.csv", f->dir);
    t.coms = fopen(path, "w");
    snprintf(path, sizeof path, "%s/pairs.csv", f->dir);
    t.pairs = with_pairs ? fopen(path, "w") : NULL;
    assert_true(t.json && t.apps && t.coms && (t.pairs || !with_pairs));
    fprintf(t.json, "{\"format\": \"musubi-instance-1\", \"name\": \"twins\", \"applicants\": [\n");
    fprintf(t.apps, "id,nationality,age,jlpt,english,degree,recommendation,field,preferences,hobby\n");
    for (int a = 0; a < NA; a++) {
        const char *nat = NATS[below(4)], *jl = below(4) ? JLPT[below(5)] : NULL, *en = EN[below(5)];
        const char *field = FIELDS[below(3)], *hobby = below(2) ? (below(2) ? "go, chess" : "ski") : NULL;
        int age = 18 + below(25), deg = below(2), rec = below(3);
        fprintf(t.json, "%s{\"id\": \"A%d\", \"nationality\": \"%s\", \"age\": %d", a ? ",\n" : "", a, nat, age);
        fprintf(t.apps, "A%d,%s,%d,", a, nat, age);
        if (jl) fprintf(t.json, ", \"jlpt\": \"%s\"", jl), fprintf(t.apps, "%s", jl);
        fprintf(t.json, ", \"english\": \"%s\", \"degree\": %s", en, deg ? "true" : "false");
        fprintf(t.apps, ",%s,%s,", en, deg ? "true" : "false");
        if (rec < 2)
            fprintf(t.json, ", \"recommendation\": %s", rec ? "true" : "false"),
                fprintf(t.apps, "%s", rec ? "true" : "false");
        fprintf(t.json, ", \"field\": \"%s\"", field);
        fprintf(t.apps, ",%s,", field);
        if (below(3)) {
            int first = below(NC), len = 1 + below(3);
            fprintf(t.json, ", \"preferences\": [");
            for (int k = 0; k < len; k++) {
                int c = (first + 2 * k) % NC;
                fprintf(t.json, "%s\"C%d\"", k ? ", " : "", c);
                fprintf(t.apps, "%sC%d", k ? "|" : "", c);
            }
            fprintf(t.json, "]");
        }
        if (hobby) fprintf(t.json, ", \"hobby\": \"%s\"", hobby), fprintf(t.apps, ",\"%s\"\n", hobby);
        else fprintf(t.apps, ",\n");
        fprintf(t.json, "}");
    }
    fprintf(t.json, "],\n\"companies\": [\n");
    fprintf(t.coms, "id,capacity,sector,region,target_markets,requires_jlpt,requires_english,requires_fields,"
                    "requires_degree,preferences\n");
    for (int c = 0; c < NC; c++) {
        int cap = below(5), nt = below(3), req = below(3);
        const char *region = below(2) ? "Kanto" : "Kansai";
        fprintf(t.json, "%s{\"id\": \"C%d\", \"capacity\": %d, \"sector\": \"s%d\", \"region\": \"%s\"", c ? ",\n" : "",
                c, cap, c % 3, region);
        fprintf(t.coms, "C%d,%d,s%d,%s,", c, cap, c % 3, region);
        if (nt) {
            fprintf(t.json, ", \"target_markets\": [");
            for (int k = 0; k < nt; k++) {
                fprintf(t.json, "%s\"%s\"", k ? ", " : "", NATS[(c + k) % 4]);
                fprintf(t.coms, "%s%s", k ? "|" : "", NATS[(c + k) % 4]);
            }
            fprintf(t.json, "]");
        }
        fprintf(t.coms, ",");
        if (req == 1) {
            fprintf(t.json, ", \"requires\": {\"jlpt\": \"N4\", \"fields\": [\"eng\", \"care\"]}");
            fprintf(t.coms, "N4,,eng|care,,");
        } else if (req == 2) {
            fprintf(t.json, ", \"requires\": {\"english\": \"daily\", \"degree\": true}");
            fprintf(t.coms, ",daily,,true,");
        } else fprintf(t.coms, ",,,,");
        if (below(2)) {
            int first = below(NA), len = 1 + below(8);
            fprintf(t.json, ", \"preferences\": [");
            for (int k = 0; k < len; k++) {
                int a = (first + 3 * k) % NA;
                fprintf(t.json, "%s\"A%d\"", k ? ", " : "", a);
                fprintf(t.coms, "%sA%d", k ? "|" : "", a);
            }
            fprintf(t.json, "]");
        }
        fprintf(t.coms, "\n");
        fprintf(t.json, "}");
    }
    fprintf(t.json, "]");
    if (with_pairs) {
        fprintf(t.json, ",\n\"pairs\": [");
        fprintf(t.pairs, "applicant,company,weight\n");
        int first = 1;
        for (int k = 0; k < NA * NC; k++) {
            int a = (k * 17) % NA, c = (k * 5 + k / NA) % NC; /* scattered order */
            if (below(3) == 0) continue;
            int w = below(1000);
            fprintf(t.json, "%s{\"applicant\": \"A%d\", \"company\": \"C%d\", \"weight\": %d}", first ? "" : ",\n", a,
                    c, w);
            fprintf(t.pairs, "A%d,C%d,%d\n", a, c, w);
            first = 0;
        }
        fprintf(t.json, "]");
    }
    const char *programme =
        "\"rules\": {\"age\": {\"min\": 20, \"max\": 40}, \"nationalities\": [\"VN\", \"TH\", \"ID\", \"XX\"],"
        " \"language\": {\"jlpt\": \"N4\", \"english\": \"daily\"}, \"mutual_preferences\": true},"
        " \"quotas\": [{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"VN\"}, \"max\": 2},"
        " {\"name\": \"hobbyists\", \"applicants\": {\"hobby\": {\"not\": \"ski\"}}, \"companies\": {\"region\": "
        "\"Kanto\"}, \"max\": 3}]";
    const char *weights =
        "\"weights\": {\"base\": 50, \"applicant_rank\": 70, \"company_rank\": 30, \"target_market\": 20}";
    fprintf(t.json, ",\n%s%s%s}\n", programme, with_pairs ? "" : ", ", with_pairs ? "" : weights);
    fclose(t.json);
    fclose(t.apps);
    fclose(t.coms);
    if (t.pairs) fclose(t.pairs);
    snprintf(path, sizeof path, "%s/programme.json", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "{\"name\": \"twins\", %s%s%s}\n", programme, with_pairs ? "" : ", ", with_pairs ? "" : weights);
    fclose(fp);
}

static void assert_same_symtab(const mu_symtab *x, const mu_symtab *y) {
    assert_int_equal(x->n, y->n);
    for (int32_t k = 0; k < x->n; k++) assert_string_equal(x->str[k], y->str[k]);
}
static void assert_same_i64(const int64_t *x, const int64_t *y, int64_t n) {
    for (int64_t k = 0; k < n; k++) assert_int_equal(x[k], y[k]);
}
static void assert_same_i32(const int32_t *x, const int32_t *y, int64_t n) {
    for (int64_t k = 0; k < n; k++) assert_int_equal(x[k], y[k]);
}
static void assert_same_rows(const mu_rows *x, const mu_rows *y, int32_t n) {
    assert_same_i64(x->off, y->off, n + 1);
    assert_same_i32(x->item, y->item, x->off[n]);
}
static void assert_same_attrs(const mu_attrs *x, const mu_attrs *y, int32_t n) {
    assert_same_i64(x->off, y->off, n + 1);
    assert_same_i32(x->key, y->key, x->off[n]);
    assert_same_i32(x->val, y->val, x->off[n]);
}

static int64_t eligible(const mu_instance *in) {
    int64_t counts[MU_RULE_COUNT], n;
    mu_audit_counts(in, counts, &n);
    return n;
}

static int64_t objective(const mu_instance *in) {
    mu_options opt;
    mu_options_init(&opt);
    mu_solution *sol = NULL;
    mu_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(mu_solve(in, &opt, &sol, &err), MU_OK);
    assert_true(mu_solution_has_assignment(sol));
    int64_t obj = mu_solution_objective(sol);
    mu_solution_free(sol);
    return obj;
}

static void check_twins(fixture *f, int with_pairs) {
    write_twins(f, with_pairs);
    char path[128];
    snprintf(path, sizeof path, "%s/instance.json", f->dir);
    mu_instance *js = NULL;
    int rc = mu_instance_read(path, &js, &f->err);
    if (rc) print_error("%s\n", f->err.msg);
    assert_int_equal(rc, MU_OK);
    read_ok(f);
    mu_instance *tb = f->inst;
    /* the same instance, field by field, symbols in the same order */
    assert_string_equal(mu_instance_name(tb), mu_instance_name(js));
    assert_int_equal(tb->n_app, js->n_app);
    assert_int_equal(tb->n_com, js->n_com);
    assert_same_symtab(&tb->syms, &js->syms);
    assert_same_symtab(&tb->app_ids, &js->app_ids);
    assert_same_symtab(&tb->com_ids, &js->com_ids);
    for (int32_t a = 0; a < js->n_app; a++) {
        const mu_applicant *x = &tb->app[a], *y = &js->app[a];
        assert_int_equal(x->nationality, y->nationality);
        assert_int_equal(x->field, y->field);
        assert_int_equal(x->age, y->age);
        assert_int_equal(x->jlpt, y->jlpt);
        assert_int_equal(x->english, y->english);
        assert_int_equal(x->degree, y->degree);
        assert_int_equal(x->recommendation, y->recommendation);
    }
    for (int32_t c = 0; c < js->n_com; c++) {
        const mu_company *x = &tb->com[c], *y = &js->com[c];
        assert_int_equal(x->capacity, y->capacity);
        assert_int_equal(x->req_jlpt, y->req_jlpt);
        assert_int_equal(x->req_english, y->req_english);
        assert_int_equal(x->req_degree, y->req_degree);
        assert_int_equal(x->has_req_fields, y->has_req_fields);
    }
    assert_same_attrs(&tb->app_attrs, &js->app_attrs, js->n_app);
    assert_same_attrs(&tb->com_attrs, &js->com_attrs, js->n_com);
    assert_same_rows(&tb->app_pref, &js->app_pref, js->n_app);
    assert_same_rows(&tb->com_pref, &js->com_pref, js->n_com);
    assert_same_rows(&tb->com_target, &js->com_target, js->n_com);
    assert_same_rows(&tb->com_fields, &js->com_fields, js->n_com);
    assert_int_equal(tb->has_pairs, js->has_pairs);
    assert_int_equal(tb->n_given, js->n_given);
    if (with_pairs) {
        assert_true(js->n_given > 0);
        assert_same_i32(tb->given_app, js->given_app, js->n_given);
        assert_same_i32(tb->given_com, js->given_com, js->n_given);
        assert_same_i64(tb->given_w, js->given_w, js->n_given);
    }
    assert_int_equal(tb->weights.base, js->weights.base);
    assert_int_equal(tb->weights.applicant_rank, js->weights.applicant_rank);
    assert_int_equal(tb->rules.n_nationalities, js->rules.n_nationalities);
    assert_int_equal(tb->n_quotas, js->n_quotas);
    /* and the same answers */
    int64_t n = eligible(js);
    assert_true(n > 0);
    assert_int_equal(eligible(tb), n);
    int64_t obj = objective(js);
    assert_true(obj > 0);
    assert_int_equal(objective(tb), obj);
    mu_instance_free(js);
}

static void tables_and_json_give_the_same_instance_and_objective(void **state) {
    for (uint64_t seed = 1; seed <= 5; seed++) {
        rng_state = seed; /* tests/randinst.h's stream */
        check_twins(*state, 0);
    }
}

static void tables_and_json_with_given_pairs_give_the_same_instance_and_objective(void **state) {
    for (uint64_t seed = 1; seed <= 5; seed++) {
        rng_state = seed; /* tests/randinst.h's stream */
        check_twins(*state, 1);
    }
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
int main(void) {
    const struct CMUnitTest tests[] = {
        T(tables_without_applicants_csv_are_rejected),
        T(tables_without_companies_csv_are_rejected),
        T(an_empty_table_is_rejected),
        T(a_header_without_id_or_capacity_is_rejected),
        T(an_unknown_requires_column_is_rejected),
        T(a_repeated_or_unnamed_column_is_rejected),
        T(pairs_csv_with_an_unknown_or_missing_column_is_rejected),
        T(a_row_with_the_wrong_number_of_cells_names_its_row),
        T(a_bad_weight_names_file_row_and_column),
        T(an_unknown_company_or_applicant_in_pairs_is_rejected),
        T(a_duplicate_pair_names_both_rows),
        T(a_duplicate_or_malformed_id_is_rejected),
        T(invalid_utf8_or_a_nul_byte_is_rejected),
        T(malformed_quoting_is_rejected_with_its_row),
        T(bad_values_name_their_column),
        T(bad_preference_lists_are_rejected),
        T(a_programme_json_with_an_unknown_key_or_bad_json_is_rejected),
        T(programme_weights_with_pairs_csv_are_rejected),
        T(a_byte_order_mark_is_skipped),
        T(crlf_endings_and_blank_lines_count_rows_as_a_spreadsheet_does),
        T(quoted_cells_keep_commas_quotes_newlines_and_spaces),
        T(blank_rows_are_skipped_and_still_counted_in_both_ways),
        T(trailing_delimiters_are_tolerated_while_nothing_is_under_them),
        T(a_cell_with_line_breaks_is_one_row_and_the_line_is_named),
        T(a_sep_line_sets_the_delimiter_and_is_no_row),
        T(invalid_utf8_hints_at_the_encoding_to_save_as),
        T(bar_separated_lists_fill_preferences_markets_and_fields),
        T(empty_cells_mean_absent),
        T(header_only_tables_give_an_empty_instance),
        T(a_programme_json_with_rules_and_quotas_is_read),
        T(pairs_in_any_order_are_sorted_with_their_weights),
        T(plain_and_quoted_lines_read_alike_across_blocks),
        T(pairs_read_fast_and_row_by_row_alike),
        T(pairs_the_fast_way_declines_read_as_before),
        T(tables_and_json_give_the_same_instance_and_objective),
        T(tables_and_json_with_given_pairs_give_the_same_instance_and_objective),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
