/* Tests of the JSON reader (model/read_json.c) and of what it builds
 * (model/instance.c), against instances/FORMAT.md: bad inputs first, then the
 * model as read, then weights and the eligible pairs worked by hand. The
 * eligibility rules and their audit are tests/test_rules.c. */
#include "tests/testutil.h"

#include "model/instance.h"
#include "tests/textinst.h"

/* ---- plumbing ------------------------------------------------------------ */

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
    textbuf t = {0};
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
        textbuf t = {0};
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
        textbuf t = {0};
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
    mu_error err =
        read_bad(HEAD "\"applicants\": [{\"id\": \"A1\"}],"
                      "\"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"preferences\": [\"A1\", \"A2\"]}]}");
    assert_string_equal(err.msg, "FILE: companies[0].preferences[1]: unknown applicant id \"A2\"");
}

static void reader_rejects_a_pair_listed_twice_naming_both_positions(void **state) {
    (void)state;
    mu_error err =
        read_bad(HEAD "\"applicants\": [{\"id\": \"A1\"}], \"companies\": [{\"id\": \"C1\", \"capacity\": 1}],"
                      "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 1},"
                      "{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 2}]}");
    assert_string_equal(err.msg, "FILE: pairs[1]: duplicate of pairs[0] (applicant \"A1\", company \"C1\")");
}

static void reader_rejects_weights_alongside_pairs(void **state) {
    (void)state;
    mu_error err =
        read_bad(HEAD "\"applicants\": [{\"id\": \"A1\"}], \"companies\": [{\"id\": \"C1\", \"capacity\": 1}],"
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
    mu_instance *inst =
        read_ok(HEAD "\"applicants\": ["
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
        HEAD
        "\"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\", \"preferences\": [\"C1\", \"C2\", \"C3\"]},"
        " {\"id\": \"A2\", \"nationality\": \"TH\"}],"
        "\"companies\": [{\"id\": \"C1\", \"capacity\": 1},"
        " {\"id\": \"C2\", \"capacity\": 1, \"preferences\": [\"A2\", \"A1\"], \"target_markets\": [\"VN\", \"ID\"]},"
        " {\"id\": \"C3\", \"capacity\": 1, \"target_markets\": [\"TH\"]}],"
        "\"weights\": {\"base\": 10, \"applicant_rank\": 90, \"company_rank\": 60, \"target_market\": 7}}");
    mu_pairs p;
    assert_int_equal(mu_pairs_build(inst, &p, NULL), MU_OK);
    assert_int_equal(p.n, 6);
    assert_int_equal(weight(&p, inst, "A1", "C1"), 10 + 90 * 3 / 3);                  /* 100 */
    assert_int_equal(weight(&p, inst, "A1", "C2"), 10 + 90 * 2 / 3 + 60 * 1 / 2 + 7); /* 107 */
    assert_int_equal(weight(&p, inst, "A1", "C3"), 10 + 90 * 1 / 3);                  /* 40 */
    assert_int_equal(weight(&p, inst, "A2", "C1"), 10);
    assert_int_equal(weight(&p, inst, "A2", "C2"), 10 + 60 * 2 / 2); /* 70 */
    assert_int_equal(weight(&p, inst, "A2", "C3"), 10 + 7);          /* 17 */
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
    assert_int_equal(weight(&p, inst, "A1", "C3"), 200);           /* 100 + 100 */
    assert_int_equal(weight(&p, inst, "A1", "C1"), 100 + 66 + 50); /* floor(200/3) = 66 */
    assert_int_equal(weight(&p, inst, "A1", "C2"), 133);           /* 100 + floor(100/3) */
    mu_pairs_free(&p);
    mu_instance_free(inst);
}

static void given_pairs_are_sorted_and_keep_their_weights(void **state) {
    (void)state;
    mu_instance *inst =
        read_ok(HEAD "\"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A2\"}],"
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
        cmocka_unit_test(weights_follow_the_documented_formula),
        cmocka_unit_test(rank_scores_round_down_and_default_weights_apply),
        cmocka_unit_test(given_pairs_are_sorted_and_keep_their_weights),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
