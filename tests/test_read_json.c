/* Tests of the JSON reader (model/read_json.c) and of what it builds: the
 * eligibility audit and the eligible pairs (model/instance.c), against
 * instances/FORMAT.md. Bad inputs first, then the model as read, then the
 * rules one by one, then weights, then seeded random instances checked against
 * a third, plain reading of the rules written here. */
#include "tests/testutil.h"

#include <stdarg.h>
#include <unistd.h>

#include "model/instance.h"

/* ---- plumbing ------------------------------------------------------------ */

/* Writes text to a fresh temporary file; the caller unlinks and frees. */
static char *write_temp(const char *text) {
    const char *dir = getenv("TMPDIR");
    char *path = malloc(512);
    assert_non_null(path);
    snprintf(path, 512, "%s/musubi-test-read-json-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
    return path;
}

/* Reads text that must be valid. */
static mu_instance *read_ok(const char *text) {
    char *path = write_temp(text);
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    int rc = mu_instance_read(path, &inst, &err);
    if (rc) fprintf(stderr, "unexpected error reading:\n%s\n%s\n", text, err.msg);
    unlink(path);
    free(path);
    assert_int_equal(rc, MU_OK);
    assert_non_null(inst);
    return inst;
}

/* Reads text that must be rejected as invalid input; returns the error with
 * the temporary file name replaced by "FILE", so messages compare exactly. */
static mu_error read_bad(const char *text) {
    char *path = write_temp(text);
    mu_error err;
    memset(&err, 0, sizeof err);
    static char sentinel;
    mu_instance *inst = (mu_instance *)&sentinel; /* the reader must reset it to NULL */
    int rc = mu_instance_read(path, &inst, &err);
    unlink(path);
    if (rc != MU_EINPUT) fprintf(stderr, "expected MU_EINPUT, got %d for:\n%s\n%s\n", rc, text, err.msg);
    assert_int_equal(rc, MU_EINPUT);
    assert_int_equal(err.code, MU_EINPUT);
    assert_null(inst);
    /* Every line starts with the file name; replace it. */
    char out[sizeof err.msg];
    size_t plen = strlen(path), o = 0;
    for (const char *p = err.msg; *p && o + 8 < sizeof out;) {
        if (strncmp(p, path, plen) == 0) {
            memcpy(out + o, "FILE", 4);
            o += 4;
            p += plen;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    memcpy(err.msg, out, o + 1);
    free(path);
    return err;
}

static void assert_first_line(const mu_error *err, const char *expected) {
    char line[sizeof err->msg];
    size_t n = strcspn(err->msg, "\n");
    memcpy(line, err->msg, n);
    line[n] = '\0';
    assert_string_equal(line, expected);
}

static int32_t app_index(const mu_instance *inst, const char *id) {
    int32_t a = mu_sym_find(&inst->app_ids, id);
    assert_true(a >= 0);
    return a;
}

static int32_t com_index(const mu_instance *inst, const char *id) {
    int32_t c = mu_sym_find(&inst->com_ids, id);
    assert_true(c >= 0);
    return c;
}

static uint32_t excl(const mu_instance *inst, const char *a, const char *c) {
    return mu_pair_exclusions(inst, app_index(inst, a), com_index(inst, c));
}

static int32_t sym(const mu_instance *inst, const char *s) {
    int32_t k = mu_sym_find(&inst->syms, s);
    assert_true(k >= 0);
    return k;
}

/* The value symbols of attribute `key` of entity e, in file order. */
static int32_t attr_values(const mu_instance *inst, const mu_attrs *at, int64_t e, const char *key, int32_t *vals,
                           int32_t max) {
    int32_t k = mu_sym_find(&inst->syms, key), n = 0;
    for (int64_t i = at->off[e]; k >= 0 && i < at->off[e + 1]; i++)
        if (at->key[i] == k && n < max) vals[n++] = at->val[i];
    return n;
}

/* A growable text buffer for generated documents. */
typedef struct text {
    char *s;
    size_t n, cap;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...) {
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(t->s ? t->s + t->n : NULL, t->s ? t->cap - t->n : 0, fmt, ap);
        va_end(ap);
        assert_true(k >= 0);
        if (t->s && t->n + (size_t)k < t->cap) {
            t->n += (size_t)k;
            return;
        }
        t->cap = t->cap * 2 + (size_t)k + 64;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
}

#define HEAD "{\"format\": \"musubi-instance-1\", "

/* ---- bad inputs ---------------------------------------------------------- */

static void reader_rejects_capacity_given_as_string_naming_record_and_field(void **state) {
    (void)state;
    mu_error err = read_bad(HEAD "\"applicants\": [], \"companies\": [{\"id\": \"C1\", \"capacity\": \"two\"}]}");
    assert_int_equal(err.count, 1);
    assert_string_equal(err.msg, "FILE: companies[0].capacity: expected an integer from 0 to 1000000, got \"two\"");
}

static void reader_reports_a_missing_file_as_an_io_error_naming_it(void **state) {
    (void)state;
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    assert_int_equal(mu_instance_read("/nonexistent/musubi/instance.json", &inst, &err), MU_EIO);
    assert_null(inst);
    assert_string_equal(err.msg, "/nonexistent/musubi/instance.json: cannot open: No such file or directory");
}

static void reader_collects_several_errors_in_one_pass(void **state) {
    (void)state;
    mu_error err = read_bad(HEAD "\"applicants\": [{\"id\": \"A1\", \"age\": 200, \"jlpt\": \"N6\"}],"
                                 "\"companies\": [{\"id\": \"C1\", \"capacity\": -1}],"
                                 "\"quotas\": [{\"name\": \"q\"}]}");
    assert_int_equal(err.count, 4);
    assert_string_equal(err.msg, "FILE: applicants[0].age: expected an integer from 0 to 150, got 200\n"
                                 "FILE: applicants[0].jlpt: expected \"N1\" to \"N5\" or null, got \"N6\"\n"
                                 "FILE: companies[0].capacity: expected an integer from 0 to 1000000, got -1\n"
                                 "FILE: quotas[0]: expected min and/or max");
}

static void reader_counts_every_problem_but_keeps_the_first_twenty_lines(void **state) {
    (void)state;
    text t = {0};
    put(&t, HEAD "\"applicants\": [], \"companies\": [");
    for (int c = 0; c < 25; c++) put(&t, "%s{\"id\": \"C%d\", \"capacity\": -%d}", c ? ", " : "", c, c + 1);
    put(&t, "]}");
    mu_error err = read_bad(t.s);
    free(t.s);
    assert_int_equal(err.count, 25);
    int lines = 1;
    for (const char *p = err.msg; *p; p++) lines += *p == '\n';
    assert_int_equal(lines, MU_ERROR_LINES);
    assert_first_line(&err, "FILE: companies[0].capacity: expected an integer from 0 to 1000000, got -1");
}

/* FORMAT.md: nesting at most 64 levels; the top-level object is level 1. */
static void reader_accepts_64_levels_of_nesting_and_rejects_65(void **state) {
    (void)state;
    for (int levels = 64; levels <= 65; levels++) {
        text t = {0};
        put(&t, HEAD "\"applicants\": [], \"companies\": [], \"description\": ");
        for (int k = 1; k < levels; k++) put(&t, "[");
        for (int k = 1; k < levels; k++) put(&t, "]");
        put(&t, "}");
        if (levels == 64) {
            mu_instance_free(read_ok(t.s));
        } else {
            mu_error err = read_bad(t.s);
            char expected[128];
            /* The 65th level is the 64th '[' after "description": . */
            snprintf(expected, sizeof expected, "FILE: line 1, column %d: nested deeper than 64 levels",
                     (int)strlen(HEAD "\"applicants\": [], \"companies\": [], \"description\": ") + 64);
            assert_first_line(&err, expected);
        }
        free(t.s);
    }
}

static void reader_accepts_ids_of_256_bytes_and_rejects_257(void **state) {
    (void)state;
    char id[258];
    memset(id, 'x', sizeof id);
    for (int len = 256; len <= 257; len++) {
        id[len] = '\0';
        text t = {0};
        put(&t, HEAD "\"applicants\": [{\"id\": \"%s\"}], \"companies\": []}", id);
        if (len == 256) {
            mu_instance *inst = read_ok(t.s);
            assert_int_equal(mu_instance_applicants(inst), 1);
            mu_instance_free(inst);
        } else {
            mu_error err = read_bad(t.s);
            assert_string_equal(err.msg, "FILE: applicants[0].id: id longer than 256 bytes (257)");
        }
        free(t.s);
        id[len] = 'x';
    }
}

static void reader_rejects_an_unknown_id_in_a_preference_list_naming_its_position(void **state) {
    (void)state;
    mu_error err = read_bad(HEAD "\"applicants\": [{\"id\": \"A1\"}],"
                                 "\"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"preferences\": [\"A1\", \"A2\"]}]}");
    assert_string_equal(err.msg, "FILE: companies[0].preferences[1]: unknown applicant id \"A2\"");
}

static void reader_rejects_a_pair_listed_twice_naming_both_positions(void **state) {
    (void)state;
    mu_error err = read_bad(HEAD "\"applicants\": [{\"id\": \"A1\"}], \"companies\": [{\"id\": \"C1\", \"capacity\": 1}],"
                                 "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 1},"
                                 "{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 2}]}");
    assert_string_equal(err.msg, "FILE: pairs[1]: duplicate of pairs[0] (applicant \"A1\", company \"C1\")");
}

static void reader_rejects_weights_alongside_pairs(void **state) {
    (void)state;
    mu_error err = read_bad(HEAD "\"applicants\": [{\"id\": \"A1\"}], \"companies\": [{\"id\": \"C1\", \"capacity\": 1}],"
                                 "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 1}],"
                                 "\"weights\": {\"base\": 1}}");
    assert_string_equal(err.msg, "FILE: weights: must be absent when pairs are given (pairs carry their own weights)");
}

static void reader_rejects_a_quota_filter_on_an_attribute_no_one_has(void **state) {
    (void)state;
    mu_error err = read_bad(HEAD "\"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\"}],"
                                 "\"companies\": [{\"id\": \"C1\", \"capacity\": 1}],"
                                 "\"quotas\": [{\"name\": \"q\", \"applicants\": {\"gender\": \"F\"}, \"max\": 1}]}");
    assert_string_equal(err.msg, "FILE: quotas[0].applicants.gender: no applicant has the attribute \"gender\"");
}

static void reader_rejects_trailing_text_after_the_document(void **state) {
    (void)state;
    const char *doc = HEAD "\"applicants\": [], \"companies\": []} {}";
    mu_error err = read_bad(doc);
    char expected[128];
    snprintf(expected, sizeof expected, "FILE: line 1, column %d: malformed JSON near \"{}\"", (int)strlen(doc) - 1);
    assert_string_equal(err.msg, expected);
}

/* ---- the model as read --------------------------------------------------- */

static void reader_accepts_empty_sides_and_keeps_the_name(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"name\": \"empty\", \"description\": {\"any\": [1, null]},"
                                     "\"applicants\": [], \"companies\": []}");
    assert_int_equal(mu_instance_applicants(inst), 0);
    assert_int_equal(mu_instance_companies(inst), 0);
    assert_string_equal(mu_instance_name(inst), "empty");
    mu_pairs p;
    assert_int_equal(mu_pairs_build(inst, &p, NULL), MU_OK);
    assert_int_equal(p.n, 0);
    mu_pairs_free(&p);
    mu_instance_free(inst);
}

static void typed_fields_are_read_and_visible_to_quotas_as_text(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": ["
                                     "{\"id\": \"A1\", \"nationality\": \"VN\", \"age\": 24, \"jlpt\": \"N2\","
                                     " \"english\": \"business\", \"degree\": true, \"recommendation\": false,"
                                     " \"field\": \"engineering\"},"
                                     "{\"id\": \"A2\", \"jlpt\": null}],"
                                     "\"companies\": [{\"id\": \"C1\", \"capacity\": 3, \"requires\": {\"jlpt\": \"N4\","
                                     " \"english\": \"daily\", \"degree\": true, \"fields\": [\"care\"]}}]}");
    const mu_applicant *a1 = &inst->app[app_index(inst, "A1")], *a2 = &inst->app[app_index(inst, "A2")];
    assert_int_equal(a1->age, 24);
    assert_int_equal(a1->jlpt, 4); /* N2 */
    assert_string_equal(mu_jlpt_name(a1->jlpt), "N2");
    assert_int_equal(a1->english, MU_EN_BUSINESS);
    assert_int_equal(a1->degree, 1);
    assert_int_equal(a1->recommendation, 0);
    assert_int_equal(a1->nationality, sym(inst, "VN"));
    assert_int_equal(a1->field, sym(inst, "engineering"));
    assert_int_equal(a2->jlpt, MU_JLPT_NONE);
    assert_int_equal(a2->age, -1);
    assert_int_equal(a2->nationality, -1);
    const mu_company *c1 = &inst->com[com_index(inst, "C1")];
    assert_int_equal(c1->capacity, 3);
    assert_int_equal(c1->req_jlpt, 2); /* N4 */
    assert_int_equal(c1->req_english, MU_EN_DAILY);
    assert_int_equal(c1->req_degree, 1);
    assert_int_equal(c1->has_req_fields, 1);

    int32_t v[4];
    assert_int_equal(attr_values(inst, &inst->app_attrs, 0, "age", v, 4), 1);
    assert_string_equal(inst->syms.str[v[0]], "24");
    assert_int_equal(attr_values(inst, &inst->app_attrs, 0, "degree", v, 4), 1);
    assert_string_equal(inst->syms.str[v[0]], "true");
    assert_int_equal(attr_values(inst, &inst->app_attrs, 0, "jlpt", v, 4), 1);
    assert_string_equal(inst->syms.str[v[0]], "N2");
    assert_int_equal(attr_values(inst, &inst->app_attrs, 1, "jlpt", v, 4), 0); /* null: no level */
    assert_int_equal(attr_values(inst, &inst->com_attrs, 0, "capacity", v, 4), 1);
    assert_string_equal(inst->syms.str[v[0]], "3");
    mu_instance_free(inst);
}

static void free_attributes_compare_as_text(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": ["
                                     "{\"id\": \"A1\", \"cohort\": 3, \"member\": true, \"langs\": [\"vi\", \"en\"]},"
                                     "{\"id\": \"A2\", \"cohort\": \"3\", \"member\": \"true\"}],"
                                     "\"companies\": [{\"id\": \"C1\", \"capacity\": 1}],"
                                     "\"quotas\": [{\"name\": \"q\", \"applicants\": {\"cohort\": 3, \"member\": true,"
                                     " \"langs\": \"en\"}, \"max\": 1}]}");
    int32_t v1[4], v2[4];
    assert_int_equal(attr_values(inst, &inst->app_attrs, 0, "cohort", v1, 4), 1);
    assert_int_equal(attr_values(inst, &inst->app_attrs, 1, "cohort", v2, 4), 1);
    assert_int_equal(v1[0], v2[0]);
    assert_string_equal(inst->syms.str[v1[0]], "3");
    assert_int_equal(attr_values(inst, &inst->app_attrs, 0, "member", v1, 4), 1);
    assert_int_equal(attr_values(inst, &inst->app_attrs, 1, "member", v2, 4), 1);
    assert_int_equal(v1[0], v2[0]);
    assert_int_equal(attr_values(inst, &inst->app_attrs, 0, "langs", v1, 4), 2);
    assert_string_equal(inst->syms.str[v1[0]], "vi");
    assert_string_equal(inst->syms.str[v1[1]], "en");
    /* The filter's number and boolean are the same text as the attributes. */
    const mu_quota *q = &inst->quotas[0];
    assert_int_equal(q->n_app_filter, 3);
    assert_int_equal(q->app_filter[0].key, sym(inst, "cohort"));
    assert_int_equal(q->app_filter[0].vals[0], sym(inst, "3"));
    assert_int_equal(q->app_filter[1].vals[0], sym(inst, "true"));
    assert_int_equal(q->app_filter[2].vals[0], sym(inst, "en"));
    mu_instance_free(inst);
}

static void quota_filters_support_not_and_lists(void **state) {
    (void)state;
    mu_instance *inst = read_ok(
        HEAD "\"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\"}, {\"id\": \"A2\", \"nationality\": \"ID\"}],"
             "\"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"region\": \"Kanto\"},"
             " {\"id\": \"C2\", \"capacity\": 1, \"region\": \"Tohoku\"}],"
             "\"quotas\": ["
             "{\"name\": \"asean-outside-cities\", \"applicants\": {\"nationality\": [\"VN\", \"ID\"]},"
             " \"companies\": {\"region\": {\"not\": [\"Kanto\", \"Kansai\"]}}, \"per_company\": true, \"min\": 1},"
             "{\"name\": \"not-one\", \"applicants\": {\"id\": {\"not\": \"A1\"}}, \"max\": 5},"
             "{\"name\": \"spread\", \"group_by\": \"nationality\", \"group_by_company\": \"region\", \"max\": 2},"
             "{\"name\": \"budget\", \"max\": 0}]}");
    assert_int_equal(inst->n_quotas, 4);
    const mu_quota *q = &inst->quotas[0];
    assert_string_equal(q->name, "asean-outside-cities");
    assert_int_equal(q->n_app_filter, 1);
    assert_int_equal(q->app_filter[0].key, sym(inst, "nationality"));
    assert_int_equal(q->app_filter[0].negate, 0);
    assert_int_equal(q->app_filter[0].n_vals, 2);
    assert_int_equal(q->app_filter[0].vals[0], sym(inst, "VN"));
    assert_int_equal(q->app_filter[0].vals[1], sym(inst, "ID"));
    assert_int_equal(q->n_com_filter, 1);
    assert_int_equal(q->com_filter[0].key, sym(inst, "region"));
    assert_int_equal(q->com_filter[0].negate, 1);
    assert_int_equal(q->com_filter[0].n_vals, 2);
    assert_int_equal(q->com_filter[0].vals[0], sym(inst, "Kanto"));
    assert_int_equal(q->com_filter[0].vals[1], sym(inst, "Kansai"));
    assert_int_equal(q->per_company, 1);
    assert_int_equal(q->group_by, -1);
    assert_int_equal(q->group_by_company, -1);
    assert_int_equal(q->min, 1);
    assert_true(q->max == INT64_MAX); /* absent: unbounded */

    q = &inst->quotas[1]; /* "id" is a filter key though not a stored attribute */
    assert_int_equal(q->app_filter[0].key, sym(inst, "id"));
    assert_int_equal(q->app_filter[0].negate, 1);
    assert_int_equal(q->app_filter[0].n_vals, 1);
    assert_int_equal(q->app_filter[0].vals[0], sym(inst, "A1"));

    q = &inst->quotas[2];
    assert_int_equal(q->group_by, sym(inst, "nationality"));
    assert_int_equal(q->group_by_company, sym(inst, "region"));
    assert_int_equal(q->n_app_filter, 0);
    assert_int_equal(q->min, 0);
    assert_int_equal(q->max, 2);

    q = &inst->quotas[3];
    assert_int_equal(q->min, 0);
    assert_int_equal(q->max, 0);
    mu_instance_free(inst);
}

/* ---- the eligibility rules, one at a time -------------------------------- */

static void rule_names_are_those_of_the_format(void **state) {
    (void)state;
    static const char *const names[] = {"nationality",    "age",          "language",     "degree",
                                        "not_in_pairs",   "company_language", "company_field", "company_degree",
                                        "applicant_list", "company_list", "no_capacity"};
    assert_int_equal(MU_RULE_COUNT, 11);
    for (int b = 0; b < MU_RULE_COUNT; b++) assert_string_equal(mu_rule_name(b), names[b]);
}

static void nationality_rule_excludes_unlisted_and_missing_nationalities(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": [{\"id\": \"VN\", \"nationality\": \"VN\"},"
                                     " {\"id\": \"CN\", \"nationality\": \"CN\"}, {\"id\": \"none\"},"
                                     " {\"id\": \"vn\", \"nationality\": \"vn\"}],"
                                     "\"companies\": [{\"id\": \"C1\", \"capacity\": 1}],"
                                     "\"rules\": {\"nationalities\": [\"VN\", \"ID\"]}}");
    assert_int_equal(excl(inst, "VN", "C1"), 0);
    assert_int_equal(excl(inst, "CN", "C1"), MU_RULE(NATIONALITY));
    assert_int_equal(excl(inst, "none", "C1"), MU_RULE(NATIONALITY));
    assert_int_equal(excl(inst, "vn", "C1"), MU_RULE(NATIONALITY)); /* compared exactly */
    mu_instance_free(inst);
}

static void age_rule_is_inclusive_and_excludes_a_missing_age(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": [{\"id\": \"19\", \"age\": 19}, {\"id\": \"20\", \"age\": 20},"
                                     " {\"id\": \"40\", \"age\": 40}, {\"id\": \"41\", \"age\": 41}, {\"id\": \"none\"}],"
                                     "\"companies\": [{\"id\": \"C1\", \"capacity\": 1}],"
                                     "\"rules\": {\"age\": {\"min\": 20, \"max\": 40}}}");
    assert_int_equal(excl(inst, "19", "C1"), MU_RULE(AGE));
    assert_int_equal(excl(inst, "20", "C1"), 0);
    assert_int_equal(excl(inst, "40", "C1"), 0);
    assert_int_equal(excl(inst, "41", "C1"), MU_RULE(AGE));
    assert_int_equal(excl(inst, "none", "C1"), MU_RULE(AGE));
    mu_instance_free(inst);

    inst = read_ok(HEAD "\"applicants\": [{\"id\": \"99\", \"age\": 99}, {\"id\": \"17\", \"age\": 17}],"
                        "\"companies\": [{\"id\": \"C1\", \"capacity\": 1}], \"rules\": {\"age\": {\"min\": 18}}}");
    assert_int_equal(excl(inst, "99", "C1"), 0); /* min alone: no upper bound */
    assert_int_equal(excl(inst, "17", "C1"), MU_RULE(AGE));
    mu_instance_free(inst);
}

static void language_rule_is_met_by_either_minimum(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": ["
                                     "{\"id\": \"jlpt-only\", \"jlpt\": \"N2\"},"
                                     "{\"id\": \"english-only\", \"english\": \"native\"},"
                                     "{\"id\": \"both-low\", \"jlpt\": \"N4\", \"english\": \"daily\"},"
                                     "{\"id\": \"exactly\", \"jlpt\": \"N3\"},"
                                     "{\"id\": \"neither\"}],"
                                     "\"companies\": [{\"id\": \"C1\", \"capacity\": 1}],"
                                     "\"rules\": {\"language\": {\"jlpt\": \"N3\", \"english\": \"business\"}}}");
    assert_int_equal(excl(inst, "jlpt-only", "C1"), 0);
    assert_int_equal(excl(inst, "english-only", "C1"), 0);
    assert_int_equal(excl(inst, "exactly", "C1"), 0);
    assert_int_equal(excl(inst, "both-low", "C1"), MU_RULE(LANGUAGE));
    assert_int_equal(excl(inst, "neither", "C1"), MU_RULE(LANGUAGE));
    mu_instance_free(inst);

    /* With only a JLPT minimum, English does not count. */
    inst = read_ok(HEAD "\"applicants\": [{\"id\": \"A1\", \"english\": \"native\"}],"
                        "\"companies\": [{\"id\": \"C1\", \"capacity\": 1}],"
                        "\"rules\": {\"language\": {\"jlpt\": \"N5\"}}}");
    assert_int_equal(excl(inst, "A1", "C1"), MU_RULE(LANGUAGE));
    mu_instance_free(inst);
}

static void degree_rule_is_met_by_a_degree_or_a_recommendation(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": [{\"id\": \"degree\", \"degree\": true},"
                                     " {\"id\": \"letter\", \"recommendation\": true},"
                                     " {\"id\": \"false\", \"degree\": false, \"recommendation\": false},"
                                     " {\"id\": \"none\"}],"
                                     "\"companies\": [{\"id\": \"C1\", \"capacity\": 1}],"
                                     "\"rules\": {\"degree_or_recommendation\": true}}");
    assert_int_equal(excl(inst, "degree", "C1"), 0);
    assert_int_equal(excl(inst, "letter", "C1"), 0);
    assert_int_equal(excl(inst, "false", "C1"), MU_RULE(DEGREE));
    assert_int_equal(excl(inst, "none", "C1"), MU_RULE(DEGREE));
    mu_instance_free(inst);

    inst = read_ok(HEAD "\"applicants\": [{\"id\": \"none\"}], \"companies\": [{\"id\": \"C1\", \"capacity\": 1}],"
                        "\"rules\": {\"degree_or_recommendation\": false}}");
    assert_int_equal(excl(inst, "none", "C1"), 0);
    mu_instance_free(inst);
}

static void company_language_requirement_is_met_by_either_level(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": [{\"id\": \"N1\", \"jlpt\": \"N1\"}, {\"id\": \"N4\", \"jlpt\": \"N4\"},"
                                     " {\"id\": \"business\", \"english\": \"business\"},"
                                     " {\"id\": \"daily\", \"english\": \"daily\"}],"
                                     "\"companies\": [{\"id\": \"either\", \"capacity\": 1,"
                                     "  \"requires\": {\"jlpt\": \"N3\", \"english\": \"business\"}},"
                                     " {\"id\": \"jlpt\", \"capacity\": 1, \"requires\": {\"jlpt\": \"N3\"}},"
                                     " {\"id\": \"english\", \"capacity\": 1, \"requires\": {\"english\": \"daily\"}}]}");
    assert_int_equal(excl(inst, "N1", "either"), 0);
    assert_int_equal(excl(inst, "business", "either"), 0);
    assert_int_equal(excl(inst, "N4", "either"), MU_RULE(COMPANY_LANGUAGE));
    assert_int_equal(excl(inst, "daily", "either"), MU_RULE(COMPANY_LANGUAGE));
    assert_int_equal(excl(inst, "N1", "jlpt"), 0);
    assert_int_equal(excl(inst, "business", "jlpt"), MU_RULE(COMPANY_LANGUAGE));
    assert_int_equal(excl(inst, "daily", "english"), 0);
    assert_int_equal(excl(inst, "N1", "english"), MU_RULE(COMPANY_LANGUAGE));
    mu_instance_free(inst);
}

static void company_field_requirement_excludes_other_and_missing_fields(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": [{\"id\": \"care\", \"field\": \"care\"},"
                                     " {\"id\": \"food\", \"field\": \"food\"}, {\"id\": \"art\", \"field\": \"art\"},"
                                     " {\"id\": \"none\"}],"
                                     "\"companies\": [{\"id\": \"C1\", \"capacity\": 1,"
                                     "  \"requires\": {\"fields\": [\"care\", \"food\"]}},"
                                     " {\"id\": \"C2\", \"capacity\": 1}]}");
    assert_int_equal(excl(inst, "care", "C1"), 0);
    assert_int_equal(excl(inst, "food", "C1"), 0);
    assert_int_equal(excl(inst, "art", "C1"), MU_RULE(COMPANY_FIELD));
    assert_int_equal(excl(inst, "none", "C1"), MU_RULE(COMPANY_FIELD));
    assert_int_equal(excl(inst, "none", "C2"), 0);
    mu_instance_free(inst);
}

static void company_degree_requirement_is_not_met_by_a_recommendation(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": [{\"id\": \"degree\", \"degree\": true},"
                                     " {\"id\": \"letter\", \"recommendation\": true}],"
                                     "\"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"requires\": {\"degree\": true}},"
                                     " {\"id\": \"C2\", \"capacity\": 1, \"requires\": {\"degree\": false}}]}");
    assert_int_equal(excl(inst, "degree", "C1"), 0);
    assert_int_equal(excl(inst, "letter", "C1"), MU_RULE(COMPANY_DEGREE));
    assert_int_equal(excl(inst, "letter", "C2"), 0);
    mu_instance_free(inst);
}

#define LISTS_DOC(extra)                                                                                \
    HEAD "\"applicants\": [{\"id\": \"A1\", \"preferences\": [\"C1\"]}, {\"id\": \"A2\"}],"               \
         "\"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"preferences\": [\"A2\"]},"                   \
         " {\"id\": \"C2\", \"capacity\": 1}]" extra "}"

static void mutual_preferences_exclude_pairs_missing_from_either_list(void **state) {
    (void)state;
    mu_instance *inst = read_ok(LISTS_DOC(""));
    assert_int_equal(excl(inst, "A1", "C1"), MU_RULE(COMPANY_LIST));
    assert_int_equal(excl(inst, "A1", "C2"), MU_RULE(APPLICANT_LIST));
    assert_int_equal(excl(inst, "A2", "C1"), 0); /* A2 gives no list */
    assert_int_equal(excl(inst, "A2", "C2"), 0); /* neither gives a list */
    mu_instance_free(inst);
    inst = read_ok(LISTS_DOC(", \"rules\": {\"mutual_preferences\": true}"));
    assert_int_equal(excl(inst, "A1", "C1"), MU_RULE(COMPANY_LIST));
    assert_int_equal(excl(inst, "A1", "C2"), MU_RULE(APPLICANT_LIST));
    mu_instance_free(inst);
}

static void mutual_preferences_false_makes_lists_rank_only(void **state) {
    (void)state;
    mu_instance *inst = read_ok(LISTS_DOC(", \"rules\": {\"mutual_preferences\": false}"));
    assert_int_equal(excl(inst, "A1", "C1"), 0);
    assert_int_equal(excl(inst, "A1", "C2"), 0);
    mu_pairs p;
    assert_int_equal(mu_pairs_build(inst, &p, NULL), MU_OK);
    assert_int_equal(p.n, 4);
    /* Ranks still score: A1 lists C1 (100), C1 lists A2 (100). */
    assert_int_equal(p.w[mu_pairs_find(&p, app_index(inst, "A1"), com_index(inst, "C1"))], 200);
    assert_int_equal(p.w[mu_pairs_find(&p, app_index(inst, "A1"), com_index(inst, "C2"))], 100);
    assert_int_equal(p.w[mu_pairs_find(&p, app_index(inst, "A2"), com_index(inst, "C1"))], 200);
    assert_int_equal(p.w[mu_pairs_find(&p, app_index(inst, "A2"), com_index(inst, "C2"))], 100);
    mu_pairs_free(&p);
    mu_instance_free(inst);
}

static void capacity_zero_excludes_every_pair_of_that_company(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A2\"}],"
                                     "\"companies\": [{\"id\": \"C0\", \"capacity\": 0}, {\"id\": \"C1\", \"capacity\": 1}]}");
    assert_int_equal(excl(inst, "A1", "C0"), MU_RULE(NO_CAPACITY));
    assert_int_equal(excl(inst, "A2", "C0"), MU_RULE(NO_CAPACITY));
    assert_int_equal(excl(inst, "A1", "C1"), 0);
    mu_instance_free(inst);
}

static void given_pairs_exclude_unlisted_pairs_and_rules_still_apply(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": [{\"id\": \"A1\", \"age\": 30}, {\"id\": \"A2\", \"age\": 50}],"
                                     "\"companies\": [{\"id\": \"C1\", \"capacity\": 1}, {\"id\": \"C2\", \"capacity\": 1}],"
                                     "\"rules\": {\"age\": {\"max\": 40}},"
                                     "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 5},"
                                     " {\"applicant\": \"A2\", \"company\": \"C2\", \"weight\": 6}]}");
    assert_int_equal(excl(inst, "A1", "C1"), 0);
    assert_int_equal(excl(inst, "A1", "C2"), MU_RULE(NOT_IN_PAIRS));
    assert_int_equal(excl(inst, "A2", "C2"), MU_RULE(AGE));
    assert_int_equal(excl(inst, "A2", "C1"), MU_RULE(AGE) | MU_RULE(NOT_IN_PAIRS));
    mu_instance_free(inst);
}

/* One pair that every rule excludes at once. */
static void audit_names_every_rule_that_excludes_a_pair(void **state) {
    (void)state;
    mu_instance *inst = read_ok(
        HEAD "\"applicants\": [{\"id\": \"A1\", \"nationality\": \"XX\", \"age\": 50, \"jlpt\": \"N5\","
             " \"english\": \"basic\", \"field\": \"art\", \"preferences\": [\"C2\"]},"
             " {\"id\": \"A2\", \"nationality\": \"VN\", \"age\": 30, \"jlpt\": \"N1\", \"degree\": true,"
             " \"field\": \"engineering\"}],"
             "\"companies\": [{\"id\": \"C1\", \"capacity\": 0, \"preferences\": [\"A2\"],"
             "  \"requires\": {\"jlpt\": \"N1\", \"fields\": [\"engineering\"], \"degree\": true}},"
             " {\"id\": \"C2\", \"capacity\": 1}],"
             "\"rules\": {\"nationalities\": [\"VN\"], \"age\": {\"min\": 20, \"max\": 40},"
             " \"language\": {\"jlpt\": \"N3\", \"english\": \"business\"}, \"degree_or_recommendation\": true},"
             "\"pairs\": [{\"applicant\": \"A2\", \"company\": \"C2\", \"weight\": 1}]}");
    uint32_t all = (1u << MU_RULE_COUNT) - 1;
    assert_int_equal(excl(inst, "A1", "C1"), all);
    assert_int_equal(excl(inst, "A2", "C1"), MU_RULE(NOT_IN_PAIRS) | MU_RULE(NO_CAPACITY));
    assert_int_equal(excl(inst, "A2", "C2"), 0);
    assert_int_equal(excl(inst, "A1", "C2"),
                     MU_RULE(NATIONALITY) | MU_RULE(AGE) | MU_RULE(LANGUAGE) | MU_RULE(DEGREE) | MU_RULE(NOT_IN_PAIRS));

    /* The counts add a pair under every rule that excludes it. */
    int64_t counts[MU_RULE_COUNT], eligible;
    mu_audit_counts(inst, counts, &eligible);
    assert_int_equal(eligible, 1);
    assert_int_equal(counts[MU_RULE_BIT_NATIONALITY], 2);
    assert_int_equal(counts[MU_RULE_BIT_NOT_IN_PAIRS], 3);
    assert_int_equal(counts[MU_RULE_BIT_NO_CAPACITY], 2);
    assert_int_equal(counts[MU_RULE_BIT_COMPANY_LIST], 1);
    assert_int_equal(counts[MU_RULE_BIT_APPLICANT_LIST], 1);
    assert_int_equal(counts[MU_RULE_BIT_COMPANY_FIELD], 1);
    mu_instance_free(inst);
}

/* ---- weights and pairs --------------------------------------------------- */

static int64_t weight(const mu_pairs *p, const mu_instance *inst, const char *a, const char *c) {
    int64_t k = mu_pairs_find(p, app_index(inst, a), com_index(inst, c));
    assert_true(k >= 0);
    return p->w[k];
}

/* weight = base + rank_score(applicant_rank, r, L) + rank_score(company_rank, r, L)
 *        + target_market x [nationality in target_markets],
 * rank_score(W, r, L) = floor(W (L - r + 1) / L). Values worked by hand. */
static void weights_follow_the_documented_formula(void **state) {
    (void)state;
    mu_instance *inst = read_ok(
        HEAD "\"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\", \"preferences\": [\"C1\", \"C2\", \"C3\"]},"
             " {\"id\": \"A2\", \"nationality\": \"TH\"}],"
             "\"companies\": [{\"id\": \"C1\", \"capacity\": 1},"
             " {\"id\": \"C2\", \"capacity\": 1, \"preferences\": [\"A2\", \"A1\"], \"target_markets\": [\"VN\", \"ID\"]},"
             " {\"id\": \"C3\", \"capacity\": 1, \"target_markets\": [\"TH\"]}],"
             "\"weights\": {\"base\": 10, \"applicant_rank\": 90, \"company_rank\": 60, \"target_market\": 7}}");
    mu_pairs p;
    assert_int_equal(mu_pairs_build(inst, &p, NULL), MU_OK);
    assert_int_equal(p.n, 6);
    assert_int_equal(weight(&p, inst, "A1", "C1"), 10 + 90 * 3 / 3);                   /* 100 */
    assert_int_equal(weight(&p, inst, "A1", "C2"), 10 + 90 * 2 / 3 + 60 * 1 / 2 + 7); /* 107 */
    assert_int_equal(weight(&p, inst, "A1", "C3"), 10 + 90 * 1 / 3);                   /* 40 */
    assert_int_equal(weight(&p, inst, "A2", "C1"), 10);
    assert_int_equal(weight(&p, inst, "A2", "C2"), 10 + 60 * 2 / 2); /* 70 */
    assert_int_equal(weight(&p, inst, "A2", "C3"), 10 + 7);           /* 17 */
    mu_pairs_free(&p);
    mu_instance_free(inst);
}

static void rank_scores_round_down_and_default_weights_apply(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": [{\"id\": \"A1\", \"nationality\": \"PH\","
                                     " \"preferences\": [\"C3\", \"C1\", \"C2\"]}],"
                                     "\"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"target_markets\": [\"PH\"]},"
                                     " {\"id\": \"C2\", \"capacity\": 1}, {\"id\": \"C3\", \"capacity\": 1}]}");
    mu_pairs p;
    assert_int_equal(mu_pairs_build(inst, &p, NULL), MU_OK);
    assert_int_equal(weight(&p, inst, "A1", "C3"), 200);          /* 100 + 100 */
    assert_int_equal(weight(&p, inst, "A1", "C1"), 100 + 66 + 50); /* floor(200/3) = 66 */
    assert_int_equal(weight(&p, inst, "A1", "C2"), 133);           /* 100 + floor(100/3) */
    mu_pairs_free(&p);
    mu_instance_free(inst);
}

static void given_pairs_are_sorted_and_keep_their_weights(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HEAD "\"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A2\"}],"
                                     "\"companies\": [{\"id\": \"C1\", \"capacity\": 1}, {\"id\": \"C2\", \"capacity\": 1},"
                                     " {\"id\": \"C3\", \"capacity\": 1}],"
                                     "\"pairs\": [{\"applicant\": \"A2\", \"company\": \"C1\", \"weight\": 5},"
                                     " {\"weight\": 7, \"company\": \"C3\", \"applicant\": \"A1\"},"
                                     " {\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 1000000000},"
                                     " {\"applicant\": \"A2\", \"company\": \"C2\", \"weight\": 0}]}");
    assert_int_equal(inst->has_pairs, 1);
    assert_int_equal(inst->n_given, 4);
    static const int32_t app[] = {0, 0, 1, 1}, com[] = {0, 2, 0, 1};
    static const int64_t w[] = {1000000000, 7, 5, 0};
    for (int k = 0; k < 4; k++) {
        assert_int_equal(inst->given_app[k], app[k]);
        assert_int_equal(inst->given_com[k], com[k]);
        assert_int_equal(inst->given_w[k], w[k]);
    }
    mu_pairs p;
    assert_int_equal(mu_pairs_build(inst, &p, NULL), MU_OK);
    assert_int_equal(p.n, 4);
    for (int k = 0; k < 4; k++) {
        assert_int_equal(p.com[k], com[k]);
        assert_int_equal(p.w[k], w[k]);
    }
    assert_int_equal(p.app_off[1], 2);
    assert_int_equal(mu_pairs_find(&p, 0, 1), -1);
    mu_pairs_free(&p);
    mu_instance_free(inst);
}

/* ---- seeded random instances against a plain reading of FORMAT.md -------- */

static uint64_t rng_next(uint64_t *s) { /* splitmix64 */
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
static int rnd(uint64_t *s, int n) { return (int)(rng_next(s) % (uint64_t)n); }

enum { MAXA = 9, MAXC = 6 };
static const char *const NAT[] = {"VN", "ID", "TH", "PH"};
static const char *const FIELD[] = {"care", "food", "build"};
static const char *const EN[] = {"none", "basic", "daily", "business", "native"};

/* The instance as generated; -1 means absent. */
typedef struct gen {
    int na, nc;
    int nat[MAXA], age[MAXA], jlpt[MAXA], en[MAXA], deg[MAXA], rec[MAXA], field[MAXA];
    int apref[MAXA][MAXC], napref[MAXA]; /* -1: no list */
    int cap[MAXC], rjlpt[MAXC], ren[MAXC], rdeg[MAXC], rfields[MAXC]; /* rfields: bitmask, -1 none */
    int target[MAXC];                                                 /* bitmask of NAT */
    int cpref[MAXC][MAXA], ncpref[MAXC];
    int age_min, age_max, lang_jlpt, lang_en, degree_rule, nats, mutual; /* -1 / 0: rule absent */
    int has_pairs, given[MAXA][MAXC];                                     /* weight, -1: not listed */
    int wb, wa, wc, wt;
} gen;

/* A random subset of 0..n-1 in random order; returns its length. */
static int random_list(uint64_t *s, int n, int *out) {
    int perm[MAXA > MAXC ? MAXA : MAXC], len = 0;
    for (int i = 0; i < n; i++) perm[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = rnd(s, i + 1), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    int want = rnd(s, n + 1);
    for (int i = 0; i < want; i++) out[len++] = perm[i];
    return len;
}

static void generate(uint64_t seed, gen *g, text *t) {
    uint64_t s = seed;
    memset(g, 0, sizeof *g);
    g->na = rnd(&s, MAXA + 1);
    g->nc = rnd(&s, MAXC + 1);
    for (int a = 0; a < g->na; a++) {
        g->nat[a] = rnd(&s, 5) - 1;
        g->age[a] = rnd(&s, 4) ? 15 + rnd(&s, 35) : -1;
        g->jlpt[a] = rnd(&s, 7) - 1; /* -1 absent, 0 null, 1..5 */
        g->en[a] = rnd(&s, 6) - 1;
        g->deg[a] = rnd(&s, 3) - 1;
        g->rec[a] = rnd(&s, 3) - 1;
        g->field[a] = rnd(&s, 4) - 1;
        g->napref[a] = rnd(&s, 3) ? random_list(&s, g->nc, g->apref[a]) : -1;
    }
    for (int c = 0; c < g->nc; c++) {
        g->cap[c] = rnd(&s, 6) ? 1 + rnd(&s, 3) : 0;
        g->rjlpt[c] = rnd(&s, 3) ? 0 : 1 + rnd(&s, 5);
        g->ren[c] = rnd(&s, 3) ? 0 : 1 + rnd(&s, 4);
        g->rdeg[c] = rnd(&s, 3) - 1;
        g->rfields[c] = rnd(&s, 3) ? -1 : 1 + rnd(&s, 7); /* a non-empty subset: an empty fields list is an input error */
        g->target[c] = rnd(&s, 16);
        g->ncpref[c] = rnd(&s, 3) ? random_list(&s, g->na, g->cpref[c]) : -1;
    }
    g->age_min = rnd(&s, 2) ? 18 + rnd(&s, 6) : -1;
    g->age_max = rnd(&s, 2) ? 30 + rnd(&s, 15) : -1;
    g->lang_jlpt = rnd(&s, 2) ? 1 + rnd(&s, 5) : 0;
    g->lang_en = rnd(&s, 2) ? 1 + rnd(&s, 4) : 0;
    g->degree_rule = rnd(&s, 3) - 1;
    g->nats = rnd(&s, 2) ? rnd(&s, 16) : -1;
    g->mutual = rnd(&s, 3) - 1;
    g->has_pairs = rnd(&s, 3) == 0;
    for (int a = 0; a < g->na; a++)
        for (int c = 0; c < g->nc; c++) g->given[a][c] = g->has_pairs && rnd(&s, 2) ? rnd(&s, 1000) : -1;
    g->wb = rnd(&s, 200), g->wa = rnd(&s, 200), g->wc = rnd(&s, 200), g->wt = rnd(&s, 100);

    put(t, HEAD "\"applicants\": [");
    for (int a = 0; a < g->na; a++) {
        put(t, "%s\n{\"id\": \"A%d\"", a ? "," : "", a);
        if (g->nat[a] >= 0) put(t, ", \"nationality\": \"%s\"", NAT[g->nat[a]]);
        if (g->age[a] >= 0) put(t, ", \"age\": %d", g->age[a]);
        if (g->jlpt[a] == 0) put(t, ", \"jlpt\": null");
        if (g->jlpt[a] > 0) put(t, ", \"jlpt\": \"%s\"", mu_jlpt_name(g->jlpt[a]));
        if (g->en[a] >= 0) put(t, ", \"english\": \"%s\"", EN[g->en[a]]);
        if (g->deg[a] >= 0) put(t, ", \"degree\": %s", g->deg[a] ? "true" : "false");
        if (g->rec[a] >= 0) put(t, ", \"recommendation\": %s", g->rec[a] ? "true" : "false");
        if (g->field[a] >= 0) put(t, ", \"field\": \"%s\"", FIELD[g->field[a]]);
        if (g->napref[a] >= 0) {
            put(t, ", \"preferences\": [");
            for (int k = 0; k < g->napref[a]; k++) put(t, "%s\"C%d\"", k ? ", " : "", g->apref[a][k]);
            put(t, "]");
        }
        put(t, "}");
    }
    put(t, "],\n\"companies\": [");
    for (int c = 0; c < g->nc; c++) {
        put(t, "%s\n{\"id\": \"C%d\", \"capacity\": %d, \"target_markets\": [", c ? "," : "", c, g->cap[c]);
        const char *sep = "";
        for (int k = 0; k < 4; k++)
            if (g->target[c] >> k & 1) put(t, "%s\"%s\"", sep, NAT[k]), sep = ", ";
        put(t, "], \"requires\": {");
        sep = "";
        if (g->rjlpt[c]) put(t, "\"jlpt\": \"%s\"", mu_jlpt_name(g->rjlpt[c])), sep = ", ";
        if (g->ren[c]) put(t, "%s\"english\": \"%s\"", sep, EN[g->ren[c]]), sep = ", ";
        if (g->rdeg[c] >= 0) put(t, "%s\"degree\": %s", sep, g->rdeg[c] ? "true" : "false"), sep = ", ";
        if (g->rfields[c] >= 0) {
            put(t, "%s\"fields\": [", sep);
            const char *s2 = "";
            for (int k = 0; k < 3; k++)
                if (g->rfields[c] >> k & 1) put(t, "%s\"%s\"", s2, FIELD[k]), s2 = ", ";
            put(t, "]");
        }
        put(t, "}");
        if (g->ncpref[c] >= 0) {
            put(t, ", \"preferences\": [");
            for (int k = 0; k < g->ncpref[c]; k++) put(t, "%s\"A%d\"", k ? ", " : "", g->cpref[c][k]);
            put(t, "]");
        }
        put(t, "}");
    }
    put(t, "],\n\"rules\": {");
    const char *sep = "";
    if (g->age_min >= 0 || g->age_max >= 0) {
        put(t, "\"age\": {");
        if (g->age_min >= 0) put(t, "\"min\": %d", g->age_min);
        if (g->age_max >= 0) put(t, "%s\"max\": %d", g->age_min >= 0 ? ", " : "", g->age_max);
        put(t, "}");
        sep = ", ";
    }
    if (g->lang_jlpt || g->lang_en) {
        put(t, "%s\"language\": {", sep);
        if (g->lang_jlpt) put(t, "\"jlpt\": \"%s\"", mu_jlpt_name(g->lang_jlpt));
        if (g->lang_en) put(t, "%s\"english\": \"%s\"", g->lang_jlpt ? ", " : "", EN[g->lang_en]);
        put(t, "}");
        sep = ", ";
    }
    if (g->degree_rule >= 0) put(t, "%s\"degree_or_recommendation\": %s", sep, g->degree_rule ? "true" : "false"), sep = ", ";
    if (g->mutual >= 0) put(t, "%s\"mutual_preferences\": %s", sep, g->mutual ? "true" : "false"), sep = ", ";
    if (g->nats >= 0) {
        put(t, "%s\"nationalities\": [", sep);
        const char *s2 = "";
        for (int k = 0; k < 4; k++)
            if (g->nats >> k & 1) put(t, "%s\"%s\"", s2, NAT[k]), s2 = ", ";
        put(t, "]");
    }
    put(t, "}");
    if (g->has_pairs) {
        /* Listed in reverse so that the reader has to sort them. */
        put(t, ",\n\"pairs\": [");
        sep = "";
        for (int a = g->na - 1; a >= 0; a--)
            for (int c = g->nc - 1; c >= 0; c--)
                if (g->given[a][c] >= 0)
                    put(t, "%s{\"applicant\": \"A%d\", \"company\": \"C%d\", \"weight\": %d}", sep, a, c, g->given[a][c]),
                        sep = ", ";
        put(t, "]");
    } else {
        put(t, ",\n\"weights\": {\"base\": %d, \"applicant_rank\": %d, \"company_rank\": %d, \"target_market\": %d}",
            g->wb, g->wa, g->wc, g->wt);
    }
    put(t, "}\n");
}

static int position(const int *list, int n, int x) {
    for (int k = 0; k < n; k++)
        if (list[k] == x) return k + 1;
    return 0;
}

/* FORMAT.md's audit table, read plainly. */
static uint32_t expected_exclusions(const gen *g, int a, int c) {
    uint32_t f = 0;
    int jl = g->jlpt[a] > 0 ? g->jlpt[a] : 0, en = g->en[a] > 0 ? g->en[a] : 0;
    int has_degree = g->deg[a] == 1, has_rec = g->rec[a] == 1;
    if (g->nats >= 0 && (g->nat[a] < 0 || !(g->nats >> g->nat[a] & 1))) f |= MU_RULE(NATIONALITY);
    if ((g->age_min >= 0 || g->age_max >= 0) &&
        (g->age[a] < 0 || (g->age_min >= 0 && g->age[a] < g->age_min) || (g->age_max >= 0 && g->age[a] > g->age_max)))
        f |= MU_RULE(AGE);
    if ((g->lang_jlpt || g->lang_en) && !((g->lang_jlpt && jl >= g->lang_jlpt) || (g->lang_en && en >= g->lang_en)))
        f |= MU_RULE(LANGUAGE);
    if (g->degree_rule == 1 && !has_degree && !has_rec) f |= MU_RULE(DEGREE);
    if (g->has_pairs && g->given[a][c] < 0) f |= MU_RULE(NOT_IN_PAIRS);
    if ((g->rjlpt[c] || g->ren[c]) && !((g->rjlpt[c] && jl >= g->rjlpt[c]) || (g->ren[c] && en >= g->ren[c])))
        f |= MU_RULE(COMPANY_LANGUAGE);
    if (g->rfields[c] >= 0 && (g->field[a] < 0 || !(g->rfields[c] >> g->field[a] & 1))) f |= MU_RULE(COMPANY_FIELD);
    if (g->rdeg[c] == 1 && !has_degree) f |= MU_RULE(COMPANY_DEGREE);
    if (g->mutual != 0) {
        if (g->napref[a] > 0 && !position(g->apref[a], g->napref[a], c)) f |= MU_RULE(APPLICANT_LIST);
        if (g->ncpref[c] > 0 && !position(g->cpref[c], g->ncpref[c], a)) f |= MU_RULE(COMPANY_LIST);
    }
    if (g->cap[c] == 0) f |= MU_RULE(NO_CAPACITY);
    return f;
}

static int64_t expected_weight(const gen *g, int a, int c) {
    if (g->has_pairs) return g->given[a][c];
    int64_t w = g->wb;
    int ra = g->napref[a] > 0 ? position(g->apref[a], g->napref[a], c) : 0;
    int rc = g->ncpref[c] > 0 ? position(g->cpref[c], g->ncpref[c], a) : 0;
    if (ra) w += (int64_t)g->wa * (g->napref[a] - ra + 1) / g->napref[a];
    if (rc) w += (int64_t)g->wc * (g->ncpref[c] - rc + 1) / g->ncpref[c];
    if (g->nat[a] >= 0 && (g->target[c] >> g->nat[a] & 1)) w += g->wt;
    return w;
}

static void random_instances_audit_matches_a_plain_reading_of_the_rules(void **state) {
    (void)state;
    uint32_t seen = 0;
    for (uint64_t seed = 1; seed <= 300; seed++) {
        gen g;
        text t = {0};
        generate(seed, &g, &t);
        mu_instance *inst = read_ok(t.s);
        assert_int_equal(mu_instance_applicants(inst), g.na);
        assert_int_equal(mu_instance_companies(inst), g.nc);
        for (int a = 0; a < g.na; a++)
            for (int c = 0; c < g.nc; c++) {
                uint32_t got = mu_pair_exclusions(inst, a, c), want = expected_exclusions(&g, a, c);
                if (got != want) fprintf(stderr, "seed %llu, pair (A%d, C%d):\n%s\n", (unsigned long long)seed, a, c, t.s);
                assert_int_equal(got, want);
                seen |= got;
            }
        mu_instance_free(inst);
        free(t.s);
    }
    assert_int_equal(seen, (1u << MU_RULE_COUNT) - 1); /* the generator exercises every rule */
}

static void eligible_pairs_equal_pairs_without_exclusions(void **state) {
    (void)state;
    int64_t total = 0;
    for (uint64_t seed = 1; seed <= 300; seed++) {
        gen g;
        text t = {0};
        generate(seed, &g, &t);
        mu_instance *inst = read_ok(t.s);
        mu_pairs p;
        assert_int_equal(mu_pairs_build(inst, &p, NULL), MU_OK);
        assert_int_equal(p.n_app, g.na);
        assert_int_equal(p.n_com, g.nc);
        /* Walk {(a, c): exclusions == 0} in (applicant, company) order beside p. */
        int64_t k = 0;
        for (int32_t a = 0; a < g.na; a++) {
            assert_int_equal(p.app_off[a], k);
            for (int32_t c = 0; c < g.nc; c++) {
                if (mu_pair_exclusions(inst, a, c)) {
                    assert_int_equal(mu_pairs_find(&p, a, c), -1);
                    continue;
                }
                assert_true(k < p.n);
                assert_int_equal(p.com[k], c);
                assert_int_equal(mu_pairs_find(&p, a, c), k);
                if (p.w[k] != expected_weight(&g, a, c))
                    fprintf(stderr, "seed %llu, pair (A%d, C%d):\n%s\n", (unsigned long long)seed, a, c, t.s);
                assert_int_equal(p.w[k], expected_weight(&g, a, c));
                k++;
            }
        }
        assert_int_equal(p.app_off[g.na], k);
        assert_int_equal(p.n, k);
        total += k;

        int64_t counts[MU_RULE_COUNT], eligible;
        mu_audit_counts(inst, counts, &eligible);
        assert_int_equal(eligible, p.n);
        mu_pairs_free(&p);
        mu_instance_free(inst);
        free(t.s);
    }
    assert_true(total > 100); /* the generator does produce eligible pairs */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reader_rejects_capacity_given_as_string_naming_record_and_field),
        cmocka_unit_test(reader_reports_a_missing_file_as_an_io_error_naming_it),
        cmocka_unit_test(reader_collects_several_errors_in_one_pass),
        cmocka_unit_test(reader_counts_every_problem_but_keeps_the_first_twenty_lines),
        cmocka_unit_test(reader_accepts_64_levels_of_nesting_and_rejects_65),
        cmocka_unit_test(reader_accepts_ids_of_256_bytes_and_rejects_257),
        cmocka_unit_test(reader_rejects_an_unknown_id_in_a_preference_list_naming_its_position),
        cmocka_unit_test(reader_rejects_a_pair_listed_twice_naming_both_positions),
        cmocka_unit_test(reader_rejects_weights_alongside_pairs),
        cmocka_unit_test(reader_rejects_a_quota_filter_on_an_attribute_no_one_has),
        cmocka_unit_test(reader_rejects_trailing_text_after_the_document),
        cmocka_unit_test(reader_accepts_empty_sides_and_keeps_the_name),
        cmocka_unit_test(typed_fields_are_read_and_visible_to_quotas_as_text),
        cmocka_unit_test(free_attributes_compare_as_text),
        cmocka_unit_test(quota_filters_support_not_and_lists),
        cmocka_unit_test(rule_names_are_those_of_the_format),
        cmocka_unit_test(nationality_rule_excludes_unlisted_and_missing_nationalities),
        cmocka_unit_test(age_rule_is_inclusive_and_excludes_a_missing_age),
        cmocka_unit_test(language_rule_is_met_by_either_minimum),
        cmocka_unit_test(degree_rule_is_met_by_a_degree_or_a_recommendation),
        cmocka_unit_test(company_language_requirement_is_met_by_either_level),
        cmocka_unit_test(company_field_requirement_excludes_other_and_missing_fields),
        cmocka_unit_test(company_degree_requirement_is_not_met_by_a_recommendation),
        cmocka_unit_test(mutual_preferences_exclude_pairs_missing_from_either_list),
        cmocka_unit_test(mutual_preferences_false_makes_lists_rank_only),
        cmocka_unit_test(capacity_zero_excludes_every_pair_of_that_company),
        cmocka_unit_test(given_pairs_exclude_unlisted_pairs_and_rules_still_apply),
        cmocka_unit_test(audit_names_every_rule_that_excludes_a_pair),
        cmocka_unit_test(weights_follow_the_documented_formula),
        cmocka_unit_test(rank_scores_round_down_and_default_weights_apply),
        cmocka_unit_test(given_pairs_are_sorted_and_keep_their_weights),
        cmocka_unit_test(random_instances_audit_matches_a_plain_reading_of_the_rules),
        cmocka_unit_test(eligible_pairs_equal_pairs_without_exclusions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
