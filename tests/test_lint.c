/* Tests of lint (model/lint.c) and of the readers' guard against ids with
 * surrounding spaces. Bad inputs first (what the readers refuse), then each
 * finding with the exact line it must print, in the JSON form and in the CSV
 * tables, then the bundled instances (clean), the cap on findings and
 * determinism. */
#include "tests/testutil.h"

#include <unistd.h>

#include "model/lint.h"

/* ---- plumbing ------------------------------------------------------------ */

/* An instance from JSON text, named "FILE" in messages. */
static mu_instance *json_ok(const char *text) {
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    int rc = mu_read_json_text("FILE", text, strlen(text), &inst, &err);
    if (rc) fprintf(stderr, "unexpected error:\n%s\n", err.msg);
    assert_int_equal(rc, MU_OK);
    return inst;
}

static void json_bad(const char *text, const char *first_line) {
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    int rc = mu_read_json_text("FILE", text, strlen(text), &inst, &err);
    assert_int_equal(rc, MU_EINPUT);
    assert_null(inst);
    size_t n = strcspn(err.msg, "\n");
    err.msg[n] = '\0';
    assert_string_equal(err.msg, first_line);
}

/* Lints and returns the findings joined by '\n', with `dir` (when given)
 * replaced by "DIR"; the caller frees. */
static char *lint_text(const mu_instance *inst, const char *dir) {
    mu_lint l;
    mu_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(mu_lint_run(inst, &l, &err), MU_OK);
    size_t cap = 1;
    for (int32_t k = 0; k < l.n; k++) cap += strlen(l.msg[k]) + 1;
    char *out = calloc(cap, 1);
    assert_non_null(out);
    size_t o = 0, dl = dir ? strlen(dir) : 0;
    for (int32_t k = 0; k < l.n; k++) {
        for (const char *p = l.msg[k]; *p;) {
            if (dir && strncmp(p, dir, dl) == 0) {
                memcpy(out + o, "DIR", 3); /* never longer than the directory's name */
                o += 3;
                p += dl;
            } else out[o++] = *p++;
        }
        out[o++] = '\n';
    }
    out[o] = '\0';
    mu_lint_free(&l);
    return out;
}

static void assert_lint(const char *json, const char *expected) {
    mu_instance *inst = json_ok(json);
    char *got = lint_text(inst, NULL);
    if (strcmp(got, expected) != 0) fprintf(stderr, "expected:\n%sgot:\n%s", expected, got);
    assert_string_equal(got, expected);
    free(got);
    mu_instance_free(inst);
}

/* A table directory: files given as (name, text) pairs, NULL-terminated. */
typedef struct tables {
    char dir[64];
    const char *names[8];
    int n;
} tables;

static void tables_make(tables *t, ...) {
    memset(t, 0, sizeof *t);
    snprintf(t->dir, sizeof t->dir, "/tmp/musubi-lint-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    va_list ap;
    va_start(ap, t);
    for (const char *name; (name = va_arg(ap, const char *));) {
        const char *text = va_arg(ap, const char *);
        char path[128];
        snprintf(path, sizeof path, "%s/%s", t->dir, name);
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        fputs(text, fp);
        assert_int_equal(fclose(fp), 0);
        t->names[t->n++] = name;
    }
    va_end(ap);
}

static void tables_remove(tables *t) {
    char path[128];
    for (int k = 0; k < t->n; k++) {
        snprintf(path, sizeof path, "%s/%s", t->dir, t->names[k]);
        unlink(path);
    }
    rmdir(t->dir);
}

static void assert_tables_lint(tables *t, const char *expected) {
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    int rc = mu_instance_read(t->dir, &inst, &err);
    if (rc) fprintf(stderr, "unexpected error:\n%s\n", err.msg);
    assert_int_equal(rc, MU_OK);
    char *got = lint_text(inst, t->dir);
    if (strcmp(got, expected) != 0) fprintf(stderr, "expected:\n%sgot:\n%s", expected, got);
    assert_string_equal(got, expected);
    free(got);
    mu_instance_free(inst);
    tables_remove(t);
}

/* Three applicants, two hosts; QUOTAS (and more top-level keys) spliced in. */
#define APPS                                                                                                           \
    "\"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\", \"age\": 24, \"jlpt\": \"N2\", \"degree\": true, "     \
    "\"field\": \"engineering\"},"                                                                                     \
    "{\"id\": \"A2\", \"nationality\": \"VN\", \"age\": 30, \"jlpt\": \"N3\", \"degree\": true, \"field\": "           \
    "\"design\"},"                                                                                                     \
    "{\"id\": \"A3\", \"nationality\": \"TH\", \"age\": 28, \"jlpt\": \"N1\", \"degree\": true, \"field\": "           \
    "\"engineering\"}]"
#define COMS                                                                                                           \
    "\"companies\": [{\"id\": \"C1\", \"capacity\": 2, \"region\": \"Kanto\", \"target_markets\": [\"VN\"]},"          \
    "{\"id\": \"C2\", \"capacity\": 1, \"region\": \"Kinki\"}]"
#define DOC(rest) "{\"format\": \"musubi-instance-1\", " APPS ", " COMS rest "}"
#define RULES ", \"rules\": {\"nationalities\": [\"VN\", \"TH\"], \"age\": {\"min\": 20, \"max\": 40}}"

/* ---- the readers: surrounding spaces in an id are an error ---------------- */

static void an_id_with_a_trailing_space_is_an_input_error(void **state) {
    (void)state;
    json_bad(
        "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A1 \"}], \"companies\": []}",
        "FILE: applicants[1].id: \"A1 \" ends with a space; ids compare exactly, so remove it");
}

static void an_id_with_a_leading_no_break_space_is_an_input_error(void **state) {
    (void)state;
    json_bad("{\"format\": \"musubi-instance-1\", \"applicants\": [], \"companies\": [{\"id\": \"\\u00a0C1\", "
             "\"capacity\": 1}]}",
             "FILE: companies[0].id: \"\xc2\xa0"
             "C1\" starts with a space (U+00A0); ids compare exactly, so remove it");
}

static void an_id_of_ideographic_spaces_only_is_an_input_error(void **state) {
    (void)state;
    json_bad("{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"\\u3000\"}], \"companies\": []}",
             "FILE: applicants[0].id: \"\xe3\x80\x80\" is only spaces (U+3000); ids compare exactly, so remove it");
}

static void a_quota_name_with_a_trailing_space_is_an_input_error(void **state) {
    (void)state;
    json_bad(DOC(", \"quotas\": [{\"name\": \"cap \", \"max\": 1}]"),
             "FILE: quotas[0].name: \"cap \" ends with a space; ids compare exactly, so remove it");
}

static void a_table_id_with_a_trailing_space_never_becomes_a_new_applicant(void **state) {
    (void)state;
    tables t;
    tables_make(&t, "applicants.csv", "id;nationality\r\nA03;VN\r\nA03 ;VN\r\n", "companies.csv", "id,capacity\nC1,1\n",
                NULL);
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    assert_int_equal(mu_instance_read(t.dir, &inst, &err), MU_EINPUT);
    assert_null(inst);
    char expected[256];
    snprintf(expected, sizeof expected,
             "%s/applicants.csv: row 2: id: \"A03 \" ends with a space; ids compare exactly, so remove it", t.dir);
    err.msg[strcspn(err.msg, "\n")] = '\0';
    assert_string_equal(err.msg, expected);
    tables_remove(&t);
}

static void a_filter_on_a_missing_attribute_suggests_the_nearest(void **state) {
    (void)state;
    json_bad(DOC(", \"quotas\": [{\"name\": \"q\", \"applicants\": {\"Nationality\": \"VN\"}, \"max\": 1}]"),
             "FILE: quotas[0].applicants.Nationality: no applicant has the attribute \"Nationality\"; did you mean "
             "\"nationality\"?");
    json_bad(DOC(", \"quotas\": [{\"name\": \"q\", \"group_by_company\": \"regoin\", \"max\": 1}]"),
             "FILE: quotas[0].group_by_company: no company has the attribute \"regoin\"; did you mean \"region\"?");
    json_bad(DOC(", \"quotas\": [{\"name\": \"q\", \"group_by\": \"colour\", \"max\": 1}]"),
             "FILE: quotas[0].group_by: no applicant has the attribute \"colour\"");
}

/* ---- findings ------------------------------------------------------------ */

static void a_clean_instance_has_no_findings(void **state) {
    (void)state;
    assert_lint(DOC(RULES
                    ", \"quotas\": [{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"VN\"}, \"max\": 1},"
                    "{\"name\": \"outside-kanto\", \"companies\": {\"region\": {\"not\": \"Kanto\"}}, \"min\": 1}]"),
                "");
}

static void a_filter_value_in_the_wrong_case_matches_nobody_and_is_named(void **state) {
    (void)state;
    assert_lint(
        DOC(RULES ", \"quotas\": [{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"Vn\"}, \"max\": 1}]"),
        "FILE: quotas[0].applicants.nationality: value \"Vn\" matches no applicant's nationality, so the quota "
        "counts no applicant; did you mean \"VN\"?\n");
}

static void one_unmatched_value_of_several_says_no_consequence(void **state) {
    (void)state;
    assert_lint(
        DOC(RULES ", \"quotas\": [{\"name\": \"q\", \"applicants\": {\"nationality\": [\"VN\", \"KH\"]}, \"max\": 1}]"),
        "FILE: quotas[0].applicants.nationality: value \"KH\" matches no applicant's nationality\n");
}

static void a_negated_value_in_the_wrong_case_excludes_nothing(void **state) {
    (void)state;
    assert_lint(
        DOC(RULES ", \"quotas\": [{\"name\": \"o\", \"companies\": {\"region\": {\"not\": \"kanto\"}}, \"max\": 1}]"),
        "FILE: quotas[0].companies.region: value \"kanto\" matches no company's region, so \"not\" excludes no "
        "company; did you mean \"Kanto\"?\n");
}

static void a_value_reading_not_x_says_how_to_exclude(void **state) {
    (void)state;
    assert_lint(
        DOC(RULES ", \"quotas\": [{\"name\": \"o\", \"companies\": {\"region\": \"Not Kanto\"}, \"max\": 1}]"),
        "FILE: quotas[0].companies.region: value \"Not Kanto\" matches no company's region, so the quota counts "
        "no company; to exclude \"Kanto\", write {\"not\": \"Kanto\"}\n");
}

static void an_id_filter_value_is_checked_against_the_ids(void **state) {
    (void)state;
    assert_lint(DOC(RULES ", \"quotas\": [{\"name\": \"q\", \"applicants\": {\"id\": [\"A1\", \"a2\"]}, \"max\": 1}]"),
                "FILE: quotas[0].applicants.id: value \"a2\" matches no applicant's id; did you mean \"A2\"?\n");
}

static void a_host_budget_filter_value_is_checked(void **state) {
    (void)state;
    assert_lint(DOC(RULES ", \"hosts\": {\"max_participating\": 1, \"companies\": {\"region\": \"Kinky\"}}"),
                "FILE: hosts.companies.region: value \"Kinky\" matches no company's region, so the budget counts no "
                "company; did you mean \"Kinki\"?\n");
}

static void a_misspelt_eligible_nationality_is_named(void **state) {
    (void)state;
    assert_lint(
        DOC(", \"rules\": {\"nationalities\": [\"VN\", \"THA\"]}"),
        "FILE: rules.nationalities[1]: value \"THA\" matches no applicant's nationality; did you mean \"TH\"?\n");
    assert_lint(
        DOC(", \"rules\": {\"nationalities\": [\"vn\"]}"),
        "FILE: rules.nationalities[0]: value \"vn\" matches no applicant's nationality, so the rule excludes every "
        "applicant; did you mean \"VN\"?\n");
}

static void a_key_that_nearly_spells_a_field_is_a_free_attribute_named(void **state) {
    (void)state;
    assert_lint(
        "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"Age\": 24, \"nationalty\": \"VN\"},"
        "{\"id\": \"A2\", \"Age\": 30}], \"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"Target_Markets\": "
        "[\"VN\"]}],"
        "\"rules\": {\"age\": {\"min\": 20}}}",
        "FILE: applicants[0].Age: a free attribute, not a key musubi reads (2 applicants have it); did you mean "
        "\"age\"?\n"
        "FILE: applicants[0].nationalty: a free attribute, not a key musubi reads (1 applicant has it); did you mean "
        "\"nationality\"?\n"
        "FILE: companies[0].Target_Markets: a free attribute, not a key musubi reads (1 company has it); did you "
        "mean \"target_markets\"?\n"
        "FILE: rules.age: no applicant has an age, so the rule excludes every applicant\n");
}

static void attribute_names_that_differ_in_case_are_named(void **state) {
    (void)state;
    assert_lint(
        "{\"format\": \"musubi-instance-1\", \"applicants\": [], \"companies\": [{\"id\": \"C1\", \"capacity\": 1, "
        "\"region\": \"Kanto\"}, {\"id\": \"C2\", \"capacity\": 1, \"Region\": \"Kinki\"}, {\"id\": \"C3\", "
        "\"capacity\": 1, \"region\": \"Kinki\"}]}",
        "FILE: companies[1].Region: attribute \"Region\" (1 company) differs only in letter case from \"region\" "
        "(2 companies); names compare exactly\n");
}

static void ids_that_differ_only_in_case_are_two_entities_and_named(void **state) {
    (void)state;
    assert_lint(
        "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}, {\"id\": \"b7\"}, {\"id\": \"a1\"}, "
        "{\"id\": \"\\uff21\\uff11\"}], \"companies\": [{\"id\": \"C1\", \"capacity\": 1}, {\"id\": \"B7\", "
        "\"capacity\": 1}, {\"id\": \"c1\", \"capacity\": 1}]}",
        "FILE: applicants[2].id: \"a1\" differs only in letter case from applicants[0]'s \"A1\"; ids compare "
        "exactly, so these are two applicants\n"
        "FILE: applicants[3].id: \"\xef\xbc\xa1\xef\xbc\x91\" differs only in width from "
        "applicants[0]'s \"A1\"; ids compare exactly, so these are two applicants\n"
        "FILE: companies[2].id: \"c1\" differs only in letter case from companies[0]'s \"C1\"; ids compare "
        "exactly, so these are two companies\n");
}

static void values_that_differ_in_case_or_spaces_are_named_against_the_common_one(void **state) {
    (void)state;
    assert_lint(
        "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\"}, "
        "{\"id\": \"A2\", \"nationality\": \"vn\"}, {\"id\": \"A3\", \"nationality\": \"VN\"}, "
        "{\"id\": \"A4\", \"nationality\": \"VN \"}, {\"id\": \"A5\", \"nationality\": \"TH \", \"colour\": \"red\"},"
        "{\"id\": \"A6\", \"colour\": \"Red\"}], \"companies\": []}",
        "FILE: applicants[1].nationality: value \"vn\" (1 applicant) differs only in letter case from \"VN\" "
        "(2 applicants); values compare exactly\n"
        "FILE: applicants[3].nationality: value \"VN \" (1 applicant) differs only in surrounding spaces from "
        "\"VN\" (2 applicants); values compare exactly\n"
        "FILE: applicants[4].nationality: value \"TH \" (1 applicant) ends with a space; values compare exactly, "
        "spaces included\n");
    /* a space that does not look like one is escaped in the quote and named */
    assert_lint("{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\"}, "
                "{\"id\": \"A2\", \"nationality\": \"VN\\u3000\"}], \"companies\": []}",
                "FILE: applicants[1].nationality: value \"VN\\u3000\" (1 applicant) differs only in surrounding spaces "
                "from \"VN\" (1 applicant); values compare exactly\n");
}

static void values_no_quota_or_rule_reads_are_left_alone(void **state) {
    (void)state;
    /* colour Red/red above: no quota reads colour. With one that groups by it: */
    assert_lint("{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"colour\": \"red\"}, "
                "{\"id\": \"A2\", \"colour\": \"red\"}, {\"id\": \"A3\", \"colour\": \"Red\"}], \"companies\": [], "
                "\"quotas\": [{\"name\": \"q\", \"group_by\": \"colour\", \"max\": 1}]}",
                "FILE: applicants[2].colour: value \"Red\" (1 applicant) differs only in letter case from \"red\" "
                "(2 applicants); values compare exactly\n");
}

static void a_near_miss_target_market_or_required_field_is_named_once(void **state) {
    (void)state;
    assert_lint(
        "{\"format\": \"musubi-instance-1\", " APPS ", \"companies\": [{\"id\": \"C1\", \"capacity\": 1, "
        "\"target_markets\": [\"Vn\", \"KR\"]}, {\"id\": \"C2\", \"capacity\": 1, \"target_markets\": [\"Vn\"], "
        "\"requires\": {\"fields\": [\"Engineering\", \"law\"]}}]}",
        "FILE: companies[0].target_markets: value \"Vn\" matches no applicant's nationality (2 companies list "
        "it); did you mean \"VN\"?\n"
        "FILE: companies[1].requires.fields: value \"Engineering\" matches no applicant's field (1 company lists "
        "it); did you mean \"engineering\"?\n");
}

static void rules_and_requirements_without_data_are_named(void **state) {
    (void)state;
    assert_lint(
        "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A2\"}], "
        "\"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"requires\": {\"english\": \"daily\", \"degree\": true}},"
        "{\"id\": \"C2\", \"capacity\": 1, \"requires\": {\"fields\": [\"law\"]}}],"
        "\"rules\": {\"age\": {\"max\": 30}, \"language\": {\"jlpt\": \"N3\"}, \"nationalities\": [\"VN\"], "
        "\"degree_or_recommendation\": true}}",
        "FILE: rules.nationalities[0]: value \"VN\" matches no applicant's nationality, so the rule excludes every "
        "applicant\n"
        "FILE: rules.nationalities: no applicant has a nationality, so the rule excludes every applicant\n"
        "FILE: rules.age: no applicant has an age, so the rule excludes every applicant\n"
        "FILE: rules.language: no applicant has a jlpt or english level, so the rule excludes every applicant\n"
        "FILE: rules.degree_or_recommendation: no applicant has a degree or a recommendation, so the rule excludes "
        "every applicant\n"
        "FILE: companies[1].requires.fields: no applicant has a field, so no applicant is eligible at this host "
        "(1 company requires it)\n"
        "FILE: companies[0].requires.english: no applicant has a jlpt or english level, so no applicant is eligible "
        "at this host (1 company requires it)\n"
        "FILE: companies[0].requires.degree: no applicant has a degree, so no applicant is eligible at this host "
        "(1 company requires it)\n");
}

static void a_floor_with_no_eligible_pair_names_why(void **state) {
    (void)state;
    /* every applicant fails the age rule */
    assert_lint(DOC(", \"rules\": {\"age\": {\"min\": 35}}, \"quotas\": [{\"name\": \"f\", \"min\": 1}]"),
                "FILE: quotas[0]: quota \"f\" has min 1, but no eligible pair counts toward it, so the instance is "
                "infeasible: every one of its 3 applicants fails a programme rule (age: 3)\n");
    /* no company matches */
    assert_lint(
        DOC(", \"quotas\": [{\"name\": \"f\", \"companies\": {\"region\": \"Tohoku\"}, \"min\": 1}]"),
        "FILE: quotas[0].companies.region: value \"Tohoku\" matches no company's region, so the quota counts no "
        "company\n"
        "FILE: quotas[0]: quota \"f\" has min 1, but no eligible pair counts toward it, so the instance is "
        "infeasible: no company matches its companies filter\n");
    /* applicants who pass the rules and hosts that share no eligible pair */
    assert_lint("{\"format\": \"musubi-instance-1\", " APPS ", \"companies\": [{\"id\": \"C1\", \"capacity\": 1, "
                "\"requires\": {\"fields\": [\"law\"]}}], \"rules\": {\"age\": {\"max\": 29}}, \"quotas\": [{\"name\": "
                "\"f\", \"min\": 1}]}",
                "FILE: quotas[0]: quota \"f\" has min 1, but no eligible pair counts toward it, so the instance is "
                "infeasible: none of its 2 applicants who pass the programme's rules is eligible at its hosts\n");
}

static void a_floor_above_what_its_row_can_take_is_named(void **state) {
    (void)state;
    assert_lint(DOC(RULES ", \"quotas\": [{\"name\": \"kinki\", \"companies\": {\"region\": \"Kinki\"}, \"min\": 2}]"),
                "FILE: quotas[0]: quota \"kinki\" has min 2, but at most 1 placement can count toward it (3 applicants "
                "eligible, 1 seat), so the instance is infeasible\n");
}

static void grouped_floor_rows_are_named_three_then_counted(void **state) {
    (void)state;
    assert_lint(
        "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\"}],"
        "\"companies\": [{\"id\": \"C1\", \"capacity\": 0}, {\"id\": \"C2\", \"capacity\": 0}, "
        "{\"id\": \"C3\", \"capacity\": 0}, {\"id\": \"C4\", \"capacity\": 0}, {\"id\": \"C5\", \"capacity\": 1}],"
        "\"quotas\": [{\"name\": \"each\", \"per_company\": true, \"group_by\": \"nationality\", \"min\": 1}]}",
        "FILE: quotas[0]: quota \"each\" [company=C1, nationality=VN] has min 1, but no eligible pair counts toward "
        "it, so the instance is infeasible: the host offers no seats\n"
        "FILE: quotas[0]: quota \"each\" [company=C2, nationality=VN] has min 1, but no eligible pair counts toward "
        "it, so the instance is infeasible: the host offers no seats\n"
        "FILE: quotas[0]: quota \"each\" [company=C3, nationality=VN] has min 1, but no eligible pair counts toward "
        "it, so the instance is infeasible: the host offers no seats\n"
        "FILE: quotas[0]: quota \"each\" has 1 more rows whose min cannot be met\n");
}

static void a_host_budget_no_hosts_can_meet_is_named(void **state) {
    (void)state;
    assert_lint(DOC(RULES ", \"hosts\": {\"min_participating\": 2, \"min_per_host\": 2}"),
                "FILE: hosts.min_participating: 2 hosts must take part, but only 1 of the hosts it covers can take 2 "
                "interns (eligible applicants and seats), so the instance is infeasible\n");
}

static void a_track_position_is_named_by_its_host_record(void **state) {
    (void)state;
    assert_lint(
        "{\"format\": \"musubi-instance-1\", " APPS ", \"companies\": [{\"id\": \"C0\", \"capacity\": 1},"
        "{\"id\": \"C1\", \"tracks\": [{\"name\": \"a\", \"capacity\": 1}, {\"name\": \"b\", \"capacity\": 1, "
        "\"requires\": {\"fields\": [\"Design\"]}}]}, {\"id\": \"C2\", \"capacity\": 1}]}",
        "FILE: companies[1].requires.fields: value \"Design\" matches no applicant's field (1 company lists it); "
        "did you mean \"design\"?\n");
}

/* ---- the CSV tables: records and fields named as the table reader names them */

static const char APPLICANTS_CSV[] =
    "\xef\xbb\xbfid;nationality;Age;jlpt;degree\r\nA1;VN;24;N2;TRUE\r\nA2;VN;30;N3;TRUE\r\n"
    "A3;TH;28;N1;TRUE\r\n";
static const char COMPANIES_CSV[] = "id,capacity,region\nC1,2,Kanto\nC2,1,Kinki\n";

static void tables_name_the_header_the_row_and_the_column(void **state) {
    (void)state;
    tables t;
    tables_make(&t, "applicants.csv", APPLICANTS_CSV, "companies.csv", COMPANIES_CSV, "quotas.csv",
                "name;applicants.nationality;companies.region;min;max\r\nvn-cap;Vn;;;1\r\noutside;;Not Kanto;1;\r\n",
                "programme.json", "{\"rules\": {\"age\": {\"min\": 20}, \"nationalities\": [\"VN\", \"TH\"]}}", NULL);
    assert_tables_lint(
        &t, "DIR/applicants.csv: row 0 (header): column \"Age\" is a free attribute, not a column musubi reads; "
            "did you mean \"age\"?\n"
            "DIR/quotas.csv: row 1: applicants.nationality: value \"Vn\" matches no applicant's nationality, so "
            "the quota counts no applicant; did you mean \"VN\"?\n"
            "DIR/quotas.csv: row 2: companies.region: value \"Not Kanto\" matches no company's region, so the "
            "quota counts no company; to exclude \"Kanto\", write \"not Kanto\" (a lower-case not)\n"
            "DIR/programme.json: rules.age: no applicant has an age, so the rule excludes every applicant\n"
            "DIR/quotas.csv: row 2: quota \"outside\" has min 1, but no eligible pair counts toward it, so the "
            "instance is infeasible: no company matches its companies filter\n");
}

static void tables_name_value_and_id_twins_by_row(void **state) {
    (void)state;
    tables t;
    tables_make(&t, "applicants.csv", "id,nationality\nA1,VN\nA2,VN \na1,VN\n", "companies.csv",
                "id,capacity,requires_fields\nC1,1,Engineering\n", "programme.json",
                "{\"quotas\": [{\"name\": \"q\", \"applicants\": {\"nationality\": \"vn\"}, \"max\": 1}]}", NULL);
    assert_tables_lint(
        &t, "DIR/applicants.csv: row 3: id: \"a1\" differs only in letter case from row 1's \"A1\"; ids compare "
            "exactly, so these are two applicants\n"
            "DIR/applicants.csv: row 2: nationality: value \"VN \" (1 applicant) differs only in surrounding "
            "spaces from \"VN\" (2 applicants); values compare exactly\n"
            "DIR/programme.json: quotas[0].applicants.nationality: value \"vn\" matches no applicant's "
            "nationality, so the quota counts no applicant; did you mean \"VN\"?\n"
            "DIR/companies.csv: row 1: requires_fields: no applicant has a field, so no applicant is eligible at "
            "this host (1 company requires it)\n");
}

/* ---- the bundled instances, the cap, determinism -------------------------- */

static void the_bundled_instances_are_clean(void **state) {
    (void)state;
    static const char *const CLEAN[] = {"instances/jip-fy2016.json",    "instances/jip-fy2017.json",
                                        "instances/jip-fy2018.json",    "instances/tokyo-2022.json",
                                        "instances/examples/tiny.json", "instances/examples/tiny-quotas.json",
                                        "instances/examples/csv"};
    for (size_t k = 0; k < sizeof CLEAN / sizeof CLEAN[0]; k++) {
        mu_error err;
        memset(&err, 0, sizeof err);
        mu_instance *inst = NULL;
        assert_int_equal(mu_instance_read(CLEAN[k], &inst, &err), MU_OK);
        char *got = lint_text(inst, NULL);
        if (*got) fprintf(stderr, "%s:\n%s", CLEAN[k], got);
        assert_string_equal(got, "");
        free(got);
        mu_instance_free(inst);
    }
    /* infeasible.json is infeasible on purpose: its floor is the one finding */
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    assert_int_equal(mu_instance_read("instances/examples/infeasible.json", &inst, &err), MU_OK);
    char *got = lint_text(inst, NULL);
    assert_string_equal(
        got, "instances/examples/infeasible.json: quotas[1]: quota \"kansai-floor\" has min 3, but at most 2 "
             "placements can count toward it (2 applicants eligible, 2 seats), so the instance is "
             "infeasible\n");
    free(got);
    mu_instance_free(inst);
}

static void findings_past_the_cap_are_counted_in_one_last_line(void **state) {
    (void)state;
    size_t cap = 64 + 2 * 250 * 24;
    char *doc = malloc(cap);
    assert_non_null(doc);
    size_t o = (size_t)snprintf(doc, cap, "{\"format\": \"musubi-instance-1\", \"companies\": [], \"applicants\": [");
    for (int i = 0; i < 250; i++)
        o += (size_t)snprintf(doc + o, cap - o, "%s{\"id\": \"X%d\"}, {\"id\": \"x%d\"}", i ? ", " : "", i, i);
    snprintf(doc + o, cap - o, "]}");
    mu_instance *inst = json_ok(doc);
    mu_lint l;
    mu_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(mu_lint_run(inst, &l, &err), MU_OK);
    assert_int_equal(l.n, MU_LINT_MAX + 1);
    assert_int_equal(l.more, 50);
    assert_string_equal(l.msg[MU_LINT_MAX], "FILE: 50 more findings not shown");
    assert_string_equal(l.msg[0],
                        "FILE: applicants[1].id: \"x0\" differs only in letter case from applicants[0]'s \"X0\"; "
                        "ids compare exactly, so these are two applicants");
    int32_t n = 0;
    char **msg = mu_lint_take(&l, &n);
    assert_int_equal(n, MU_LINT_MAX + 1);
    assert_null(l.msg);
    assert_int_equal(l.n, 0);
    for (int32_t k = 0; k < n; k++) free(msg[k]);
    free(msg);
    mu_instance_free(inst);
    free(doc);
}

static void lint_is_deterministic(void **state) {
    (void)state;
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst =
        json_ok(DOC(", \"rules\": {\"nationalities\": [\"vn\", \"THA\"]}, \"quotas\": [{\"name\": \"q\", "
                    "\"companies\": {\"region\": [\"kanto\", \"kinki\"]}, \"min\": 9}]"));
    char *a = lint_text(inst, NULL), *b = lint_text(inst, NULL);
    assert_true(strlen(a) > 0);
    assert_string_equal(a, b);
    free(a), free(b);
    mu_instance_free(inst);
}

static void outer_spaces_are_told_apart(void **state) {
    (void)state;
    assert_null(mu_lint_outer_space("A 03"));
    assert_null(mu_lint_outer_space(""));
    assert_string_equal(mu_lint_outer_space(" A03"), "starts with a space");
    assert_string_equal(mu_lint_outer_space("A03 "), "ends with a space");
    assert_string_equal(mu_lint_outer_space("A03 \t"), "ends with a space (U+0009)");
    assert_string_equal(mu_lint_outer_space(" A03\xc2\xa0"), "starts and ends with a space (U+00A0)");
    assert_string_equal(mu_lint_outer_space("\xe2\x80\x8b"
                                            "A03 "),
                        "starts and ends with a space (U+200B)");
    assert_string_equal(mu_lint_outer_space("\xef\xbb\xbf"), "is only spaces (U+FEFF)");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_id_with_a_trailing_space_is_an_input_error),
        cmocka_unit_test(an_id_with_a_leading_no_break_space_is_an_input_error),
        cmocka_unit_test(an_id_of_ideographic_spaces_only_is_an_input_error),
        cmocka_unit_test(a_quota_name_with_a_trailing_space_is_an_input_error),
        cmocka_unit_test(a_table_id_with_a_trailing_space_never_becomes_a_new_applicant),
        cmocka_unit_test(a_filter_on_a_missing_attribute_suggests_the_nearest),
        cmocka_unit_test(a_clean_instance_has_no_findings),
        cmocka_unit_test(a_filter_value_in_the_wrong_case_matches_nobody_and_is_named),
        cmocka_unit_test(one_unmatched_value_of_several_says_no_consequence),
        cmocka_unit_test(a_negated_value_in_the_wrong_case_excludes_nothing),
        cmocka_unit_test(a_value_reading_not_x_says_how_to_exclude),
        cmocka_unit_test(an_id_filter_value_is_checked_against_the_ids),
        cmocka_unit_test(a_host_budget_filter_value_is_checked),
        cmocka_unit_test(a_misspelt_eligible_nationality_is_named),
        cmocka_unit_test(a_key_that_nearly_spells_a_field_is_a_free_attribute_named),
        cmocka_unit_test(attribute_names_that_differ_in_case_are_named),
        cmocka_unit_test(ids_that_differ_only_in_case_are_two_entities_and_named),
        cmocka_unit_test(values_that_differ_in_case_or_spaces_are_named_against_the_common_one),
        cmocka_unit_test(values_no_quota_or_rule_reads_are_left_alone),
        cmocka_unit_test(a_near_miss_target_market_or_required_field_is_named_once),
        cmocka_unit_test(rules_and_requirements_without_data_are_named),
        cmocka_unit_test(a_floor_with_no_eligible_pair_names_why),
        cmocka_unit_test(a_floor_above_what_its_row_can_take_is_named),
        cmocka_unit_test(grouped_floor_rows_are_named_three_then_counted),
        cmocka_unit_test(a_host_budget_no_hosts_can_meet_is_named),
        cmocka_unit_test(a_track_position_is_named_by_its_host_record),
        cmocka_unit_test(tables_name_the_header_the_row_and_the_column),
        cmocka_unit_test(tables_name_value_and_id_twins_by_row),
        cmocka_unit_test(the_bundled_instances_are_clean),
        cmocka_unit_test(findings_past_the_cap_are_counted_in_one_last_line),
        cmocka_unit_test(lint_is_deterministic),
        cmocka_unit_test(outer_spaces_are_told_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
