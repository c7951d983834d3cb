/* The eligibility rules of instances/FORMAT.md and their audit
 * (mu_pair_exclusions, mu_audit_counts, model/instance.c): each rule on its
 * own, worked by hand, then seeded random instances (tests/randinst.h's
 * stream) checked against a third, plain reading of the rules written here,
 * and the eligible pairs (mu_pairs_build) against that reading's exclusions
 * and weights. The reader's own tests are tests/test_read_json.c. */
#include "tests/testutil.h"

#include "model/instance.h"
#include "tests/randinst.h"
#include "tests/textinst.h"

static uint32_t excl(const mu_instance *inst, const char *a, const char *c) {
    return mu_pair_exclusions(inst, app_index(inst, a), com_index(inst, c));
}

#define HEAD "{\"format\": \"musubi-instance-1\", "

/* ---- the eligibility rules, one at a time -------------------------------- */

static void rule_names_are_those_of_the_format(void **state) {
    (void)state;
    static const char *const names[] = {
        "nationality",      "age",           "language",       "degree",         "not_in_pairs",
        "company_language", "company_field", "company_degree", "applicant_list", "company_list",
        "no_capacity",      "withdrawn"};
    assert_int_equal(MU_RULE_COUNT, 12);
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
    mu_instance *inst =
        read_ok(HEAD "\"applicants\": [{\"id\": \"19\", \"age\": 19}, {\"id\": \"20\", \"age\": 20},"
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
    mu_instance *inst =
        read_ok(HEAD "\"applicants\": [{\"id\": \"N1\", \"jlpt\": \"N1\"}, {\"id\": \"N4\", \"jlpt\": \"N4\"},"
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
    mu_instance *inst =
        read_ok(HEAD "\"applicants\": [{\"id\": \"degree\", \"degree\": true},"
                     " {\"id\": \"letter\", \"recommendation\": true}],"
                     "\"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"requires\": {\"degree\": true}},"
                     " {\"id\": \"C2\", \"capacity\": 1, \"requires\": {\"degree\": false}}]}");
    assert_int_equal(excl(inst, "degree", "C1"), 0);
    assert_int_equal(excl(inst, "letter", "C1"), MU_RULE(COMPANY_DEGREE));
    assert_int_equal(excl(inst, "letter", "C2"), 0);
    mu_instance_free(inst);
}

#define LISTS_DOC(extra)                                                                                               \
    HEAD "\"applicants\": [{\"id\": \"A1\", \"preferences\": [\"C1\"]}, {\"id\": \"A2\"}],"                            \
         "\"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"preferences\": [\"A2\"]},"                               \
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
    mu_instance *inst =
        read_ok(HEAD "\"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A2\"}],"
                     "\"companies\": [{\"id\": \"C0\", \"capacity\": 0}, {\"id\": \"C1\", \"capacity\": 1}]}");
    assert_int_equal(excl(inst, "A1", "C0"), MU_RULE(NO_CAPACITY));
    assert_int_equal(excl(inst, "A2", "C0"), MU_RULE(NO_CAPACITY));
    assert_int_equal(excl(inst, "A1", "C1"), 0);
    mu_instance_free(inst);
}

static void given_pairs_exclude_unlisted_pairs_and_rules_still_apply(void **state) {
    (void)state;
    mu_instance *inst =
        read_ok(HEAD "\"applicants\": [{\"id\": \"A1\", \"age\": 30}, {\"id\": \"A2\", \"age\": 50}],"
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
             " \"english\": \"basic\", \"field\": \"art\", \"preferences\": [\"C2\"], \"withdrawn\": true},"
             " {\"id\": \"A2\", \"nationality\": \"VN\", \"age\": 30, \"jlpt\": \"N1\", \"degree\": true,"
             " \"field\": \"engineering\"}],"
             "\"companies\": [{\"id\": \"C1\", \"capacity\": 0, \"preferences\": [\"A2\"], \"withdrawn\": \"TRUE\","
             "  \"requires\": {\"jlpt\": \"N1\", \"fields\": [\"engineering\"], \"degree\": true}},"
             " {\"id\": \"C2\", \"capacity\": 1}],"
             "\"rules\": {\"nationalities\": [\"VN\"], \"age\": {\"min\": 20, \"max\": 40},"
             " \"language\": {\"jlpt\": \"N3\", \"english\": \"business\"}, \"degree_or_recommendation\": true},"
             "\"pairs\": [{\"applicant\": \"A2\", \"company\": \"C2\", \"weight\": 1}]}");
    uint32_t all = (1u << MU_RULE_COUNT) - 1;
    assert_int_equal(excl(inst, "A1", "C1"), all);
    assert_int_equal(excl(inst, "A2", "C1"), MU_RULE(NOT_IN_PAIRS) | MU_RULE(NO_CAPACITY) | MU_RULE(WITHDRAWN));
    assert_int_equal(excl(inst, "A2", "C2"), 0);
    assert_int_equal(excl(inst, "A1", "C2"), MU_RULE(NATIONALITY) | MU_RULE(AGE) | MU_RULE(LANGUAGE) | MU_RULE(DEGREE) |
                                                 MU_RULE(NOT_IN_PAIRS) | MU_RULE(WITHDRAWN));

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
    assert_int_equal(counts[MU_RULE_BIT_WITHDRAWN], 3); /* A1 everywhere, and A2 at C1 */
    mu_instance_free(inst);
}

/* ---- seeded random instances against a plain reading of FORMAT.md -------- */

enum { MAXA = 9, MAXC = 6 };
static const char *const NAT[] = {"VN", "ID", "TH", "PH"};
static const char *const FIELD[] = {"care", "food", "build"};

/* The instance as generated; -1 means absent. */
typedef struct gen {
    int na, nc;
    int nat[MAXA], age[MAXA], jlpt[MAXA], en[MAXA], deg[MAXA], rec[MAXA], field[MAXA];
    int apref[MAXA][MAXC], napref[MAXA];                              /* -1: no list */
    int cap[MAXC], rjlpt[MAXC], ren[MAXC], rdeg[MAXC], rfields[MAXC]; /* rfields: bitmask, -1 none */
    int target[MAXC];                                                 /* bitmask of NAT */
    int cpref[MAXC][MAXA], ncpref[MAXC];
    int age_min, age_max, lang_jlpt, lang_en, degree_rule, nats, mutual; /* -1 / 0: rule absent */
    int has_pairs, given[MAXA][MAXC];                                    /* weight, -1: not listed */
    int wb, wa, wc, wt;
    int app_out[MAXA], com_out[MAXC]; /* withdrawn (a later round of rematch) */
} gen;

/* A random subset of 0..n-1 in random order; returns its length. */
static int random_list(int n, int *out) {
    int perm[MAXA > MAXC ? MAXA : MAXC], len = 0;
    for (int i = 0; i < n; i++) perm[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = below(i + 1), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    int want = below(n + 1);
    for (int i = 0; i < want; i++) out[len++] = perm[i];
    return len;
}

static void generate(uint64_t seed, gen *g, textbuf *t) {
    rng_state = seed; /* randinst.h's stream */
    memset(g, 0, sizeof *g);
    g->na = below(MAXA + 1);
    g->nc = below(MAXC + 1);
    for (int a = 0; a < g->na; a++) {
        g->nat[a] = below(5) - 1;
        g->age[a] = below(4) ? 15 + below(35) : -1;
        g->jlpt[a] = below(7) - 1; /* -1 absent, 0 null, 1..5 */
        g->en[a] = below(6) - 1;
        g->deg[a] = below(3) - 1;
        g->rec[a] = below(3) - 1;
        g->field[a] = below(4) - 1;
        g->napref[a] = below(3) ? random_list(g->nc, g->apref[a]) : -1;
    }
    for (int c = 0; c < g->nc; c++) {
        g->cap[c] = below(6) ? 1 + below(3) : 0;
        g->rjlpt[c] = below(3) ? 0 : 1 + below(5);
        g->ren[c] = below(3) ? 0 : 1 + below(4);
        g->rdeg[c] = below(3) - 1;
        g->rfields[c] = below(3) ? -1 : 1 + below(7); /* a non-empty subset: an empty fields list is an input error */
        g->target[c] = below(16);
        g->ncpref[c] = below(3) ? random_list(g->na, g->cpref[c]) : -1;
    }
    g->age_min = below(2) ? 18 + below(6) : -1;
    g->age_max = below(2) ? 30 + below(15) : -1;
    g->lang_jlpt = below(2) ? 1 + below(5) : 0;
    g->lang_en = below(2) ? 1 + below(4) : 0;
    g->degree_rule = below(3) - 1;
    g->nats = below(2) ? below(16) : -1;
    g->mutual = below(3) - 1;
    g->has_pairs = below(3) == 0;
    for (int a = 0; a < g->na; a++)
        for (int c = 0; c < g->nc; c++) g->given[a][c] = g->has_pairs && below(2) ? below(1000) : -1;
    g->wb = below(200), g->wa = below(200), g->wc = below(200), g->wt = below(100);
    for (int a = 0; a < g->na; a++) g->app_out[a] = below(10) == 0;
    for (int c = 0; c < g->nc; c++) g->com_out[c] = below(10) == 0;

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
        if (g->app_out[a]) put(t, ", \"withdrawn\": true");
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
        if (g->com_out[c]) put(t, ", \"withdrawn\": \"true\"");
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
    if (g->degree_rule >= 0)
        put(t, "%s\"degree_or_recommendation\": %s", sep, g->degree_rule ? "true" : "false"), sep = ", ";
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
                    put(t, "%s{\"applicant\": \"A%d\", \"company\": \"C%d\", \"weight\": %d}", sep, a, c,
                        g->given[a][c]),
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
    if (g->app_out[a] || g->com_out[c]) f |= MU_RULE(WITHDRAWN);
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
        textbuf t = {0};
        generate(seed, &g, &t);
        mu_instance *inst = read_ok(t.s);
        assert_int_equal(mu_instance_applicants(inst), g.na);
        assert_int_equal(mu_instance_companies(inst), g.nc);
        for (int a = 0; a < g.na; a++)
            for (int c = 0; c < g.nc; c++) {
                uint32_t got = mu_pair_exclusions(inst, a, c), want = expected_exclusions(&g, a, c);
                if (got != want)
                    fprintf(stderr, "seed %llu, pair (A%d, C%d):\n%s\n", (unsigned long long)seed, a, c, t.s);
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
        textbuf t = {0};
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
        cmocka_unit_test(random_instances_audit_matches_a_plain_reading_of_the_rules),
        cmocka_unit_test(eligible_pairs_equal_pairs_without_exclusions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
