/* musubi explain against re-solves (issue 7): on seeded random small
 * instances, every "one more seat at X places A" is re-solved with
 * cap(X) + 1 — A must be placed where explain says, and the weight change
 * must match — and every quota what-if likewise with that quota's max + 1;
 * "ineligible everywhere" must match the audit (mu_pair_exclusions) host by
 * host; "hosts full" must name hosts that are full with the interns named. */
#include "tests/testutil.h"

#include <cjson/cJSON.h>
#include <unistd.h>

#include "model/solution.h"
#include "model/solution_read.h"
#include "analysis/explain.h"
#include "tests/randinst.h"

static mu_solution *solve(const mu_instance *inst) {
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    mu_solution *s = NULL;
    mu_error err = {0};
    assert_int_equal(mu_solve(inst, &opt, &s, &err), MU_OK);
    return s;
}

static const char *str(const cJSON *o, const char *k) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}
static double num(const cJSON *o, const char *k) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

typedef struct tally {
    int ineligible, full, quota, budget, seat_whatifs, quota_whatifs, budget_whatifs, hosts;
} tally;

/* Checks every claim of explain on one instance against the audit and re-solves. */
static void check_claims(mu_instance *inst, tally *t) {
    mu_solution *sol = solve(inst);
    if (!sol->has_assignment) {
        mu_solution_free(sol);
        return;
    }
    mu_explain_opts eo;
    mu_explain_opts_init(&eo);
    cJSON *ex = NULL;
    mu_error err = {0};
    assert_int_equal(mu_explain(inst, sol, &eo, &ex, &err), MU_OK);
    const cJSON *maxw = cJSON_GetObjectItemCaseSensitive(ex, "max_weight");
    const cJSON *u;
    cJSON_ArrayForEach(u, cJSON_GetObjectItemCaseSensitive(ex, "unplaced")) {
        int32_t a = mu_sym_find(&inst->app_ids, str(u, "applicant"));
        assert_true(a >= 0);
        assert_int_equal(sol->app_com[a], -1);
        const char *reason = str(u, "reason");
        int eligible_somewhere = 0;
        for (int32_t c = 0; c < inst->n_com; c++) eligible_somewhere |= mu_pair_exclusions(inst, a, c) == 0;
        if (strcmp(reason, "ineligible") == 0) {
            t->ineligible++;
            assert_false(eligible_somewhere);
            /* every host appears once, under exactly the rules the audit gives beyond the applicant-wide ones */
            uint32_t own = 0;
            const cJSON *r, *g, *id;
            cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(u, "rules")) {
                int bit = 0;
                while (bit < MU_RULE_COUNT && strcmp(mu_rule_name(bit), r->valuestring) != 0) bit++;
                assert_true(bit < MU_RULE_COUNT);
                own |= 1u << bit;
            }
            assert_int_equal(own, inst->app_fail[a]);
            int listed = 0;
            cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(u, "excluded")) {
                uint32_t mask = 0;
                cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(g, "rules")) {
                    int bit = 0;
                    while (bit < MU_RULE_COUNT && strcmp(mu_rule_name(bit), r->valuestring) != 0) bit++;
                    mask |= 1u << bit;
                }
                cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(g, "companies")) {
                    int32_t c = mu_sym_find(&inst->com_ids, id->valuestring);
                    assert_int_equal(mu_pair_exclusions(inst, a, c) & ~own, mask);
                    listed++;
                }
            }
            for (int32_t c = 0; c < inst->n_com; c++) listed -= (mu_pair_exclusions(inst, a, c) & ~own) != 0;
            assert_int_equal(listed, 0);
            continue;
        }
        assert_true(eligible_somewhere);
        /* each eligible host named full is full, with exactly the interns it holds */
        const cJSON *h;
        cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(u, "hosts")) {
            int32_t c = mu_sym_find(&inst->com_ids, str(h, "company"));
            assert_int_equal(mu_pair_exclusions(inst, a, c), 0);
            int32_t filled = 0;
            for (int32_t b = 0; b < inst->n_app; b++) filled += sol->app_com[b] == c;
            assert_int_equal((int)num(h, "filled"), filled);
            const cJSON *held = cJSON_GetObjectItemCaseSensitive(h, "held_by"), *e;
            if (filled >= inst->com[c].capacity) {
                t->full++;
                assert_int_equal(cJSON_GetArraySize(held), filled);
                cJSON_ArrayForEach(e, held) assert_int_equal(sol->app_com[mu_sym_find(&inst->app_ids, str(e, "applicant"))], c);
            } else {
                int budget = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(h, "host_budget"));
                assert_true(budget || cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(h, "quota_rows")) > 0);
                if (budget) t->budget++;
                else t->quota++;
            }
        }
        /* the what-if, re-solved */
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(u, "whatif");
        const char *change = str(w, "change");
        if (!change || (strcmp(change, "seat") != 0 && strcmp(change, "quota") != 0 && strcmp(change, "host_budget") != 0)) continue;
        assert_true(cJSON_IsNumber(maxw));
        mu_solution *base = solve(inst);
        assert_int_equal(base->objective, (int64_t)maxw->valuedouble);
        int32_t c = -1, q = -1;
        int64_t *bound = NULL;
        if (strcmp(change, "host_budget") == 0) {
            bound = strcmp(str(w, "bound"), "max_participating") == 0 ? &inst->hosts.max_participating : &inst->hosts.max_per_host;
            assert_int_equal(*bound + 1, (int64_t)num(w, "max"));
            ++*bound;
            t->budget_whatifs++;
        } else if (strcmp(change, "seat") == 0) {
            c = mu_sym_find(&inst->com_ids, str(w, "company"));
            assert_true(c >= 0);
            inst->com[c].capacity++;
            t->seat_whatifs++;
        } else {
            for (int32_t k = 0; k < inst->n_quotas; k++)
                if (strcmp(inst->quotas[k].name, str(w, "quota")) == 0) q = k;
            assert_true(q >= 0);
            assert_int_equal(inst->quotas[q].max + 1, (int64_t)num(w, "max"));
            inst->quotas[q].max++;
            t->quota_whatifs++;
        }
        mu_solution *after = solve(inst);
        if (bound) --*bound;
        else if (c >= 0) inst->com[c].capacity--;
        else inst->quotas[q].max--;
        assert_int_equal(after->status, MU_STATUS_OPTIMAL);
        assert_int_equal(after->app_com[a], mu_sym_find(&inst->com_ids, str(w, "places_at")));
        assert_int_equal(after->objective - base->objective, (int64_t)num(w, "weight_change"));
        mu_solution_free(after);
        mu_solution_free(base);
    }
    /* hosts below capacity: "no eligible applicant" matches the audit */
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(ex, "hosts_below_capacity")) {
        int32_t c = mu_sym_find(&inst->com_ids, str(h, "company"));
        t->hosts++;
        int any = 0;
        for (int32_t a = 0; a < inst->n_app; a++) any |= mu_pair_exclusions(inst, a, c) == 0;
        assert_int_equal(strcmp(str(h, "reason"), "no_eligible_applicant") == 0, !any);
    }
    /* the instance is as it was: the same optimum */
    mu_solution *again = solve(inst);
    assert_int_equal(again->objective, sol->objective);
    mu_solution_free(again);
    cJSON_Delete(ex);
    mu_solution_free(sol);
}

static mu_instance *read_text(const char *text) {
    mu_instance *inst = NULL;
    mu_error err = {0};
    int rc = mu_read_json_text("random.json", text, strlen(text), &inst, &err);
    if (rc) print_error("%s\n%s\n", err.msg, text);
    assert_int_equal(rc, MU_OK);
    return inst;
}

static void an_unknown_applicant_or_company_is_an_input_error(void **state) {
    (void)state;
    mu_instance *inst = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read("instances/examples/tiny.json", &inst, &err), MU_OK);
    mu_solution *sol = solve(inst);
    mu_explain_opts eo;
    mu_explain_opts_init(&eo);
    eo.applicant = "nobody";
    cJSON *ex = NULL;
    assert_int_equal(mu_explain(inst, sol, &eo, &ex, &err), MU_EINPUT);
    assert_non_null(strstr(err.msg, "nobody"));
    assert_null(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

static void the_csv_example_explains_age_language_full_hosts_and_an_empty_host(void **state) {
    (void)state;
    mu_instance *inst = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read("instances/examples/csv", &inst, &err), MU_OK);
    mu_solution *sol = solve(inst);
    mu_explain_opts eo;
    mu_explain_opts_init(&eo);
    cJSON *ex = NULL;
    assert_int_equal(mu_explain(inst, sol, &eo, &ex, &err), MU_OK);
    assert_non_null(strstr(mu_explain_reason_of(ex, "A07"), "age 45 is outside the programme's window (20-40)"));
    assert_non_null(strstr(mu_explain_reason_of(ex, "A08"), "below the programme's minimum"));
    assert_non_null(strstr(mu_explain_reason_of(ex, "A12"), "nationality KR"));
    assert_non_null(strstr(mu_explain_reason_of(ex, "A10"), "C03"));
    assert_non_null(strstr(mu_explain_reason_of(ex, "A10"), "A06"));
    assert_string_equal(mu_explain_reason_of(ex, "A01"), ""); /* placed */
    const cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(ex, "hosts_below_capacity"), 0);
    assert_string_equal(str(h, "company"), "C04");
    assert_string_equal(str(h, "reason"), "no_eligible_applicant");
    tally t = {0};
    check_claims(inst, &t);
    assert_true(t.seat_whatifs >= 1);
    cJSON_Delete(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

static void whatifs_hold_when_re_solved_on_random_instances(void **state) {
    (void)state;
    tally t = {0};
    for (uint64_t seed = 1; seed <= 150; seed++) {
        rng_state = seed * 7919;
        char *text = random_instance_text(4 + below(8), 2 + below(4), (int)(seed % 3));
        mu_instance *inst = read_text(text);
        check_claims(inst, &t);
        mu_instance_free(inst);
        free(text);
    }
    /* the sample exercised every kind of claim */
    if (getenv("MU_TEST_VERBOSE"))
        fprintf(stderr, "ineligible %d, full hosts %d, quota-closed %d, budget-closed %d, seat what-ifs %d, quota what-ifs %d, "
                        "budget what-ifs %d, hosts %d\n",
                t.ineligible, t.full, t.quota, t.budget, t.seat_whatifs, t.quota_whatifs, t.budget_whatifs, t.hosts);
    assert_true(t.ineligible > 20);
    assert_true(t.full > 20);
    assert_true(t.seat_whatifs > 10);
    assert_true(t.quota_whatifs > 0);
    assert_true(t.budget > 0);
    assert_true(t.budget_whatifs > 0);
    assert_true(t.hosts > 10);
}

static void a_solution_file_reads_back_with_its_weights(void **state) {
    (void)state;
    mu_instance *inst = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read("instances/examples/tiny-quotas.json", &inst, &err), MU_OK);
    mu_solution *sol = solve(inst);
    char path[] = "/tmp/musubi-explain-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(mu_solution_write_json(sol, inst, NULL, path, &err), MU_OK);
    mu_solution *back = NULL;
    assert_int_equal(mu_solution_read(inst, path, &back, &err), MU_OK);
    assert_int_equal(back->objective, sol->objective);
    assert_int_equal(back->status, sol->status);
    for (int32_t a = 0; a < inst->n_app; a++) assert_int_equal(back->app_com[a], sol->app_com[a]);
    remove(path);
    mu_solution_free(back);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_unknown_applicant_or_company_is_an_input_error),
        cmocka_unit_test(a_solution_file_reads_back_with_its_weights),
        cmocka_unit_test(the_csv_example_explains_age_language_full_hosts_and_an_empty_host),
        cmocka_unit_test(whatifs_hold_when_re_solved_on_random_instances),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
