/* Host budgets (issue 9: "hosts", instances/FORMAT.md; engine/hosts.c):
 * bad inputs first; engines that would ignore a budget refuse it; a budget
 * worked by hand; then seeded random instances (tests/randinst.h's budget
 * family) solved by mu_solve (auto) and compared with an exhaustive search
 * over every assignment whose feasibility and weight come from the
 * independent checker alone; the written solution must pass `check`, and
 * the exported model read back by GLPK has the same optimum. */
#include "tests/testutil.h"

#include <glpk.h>
#include <unistd.h>

#include "base/base.h"
#include "model/solution.h"
#include "musubi.h"
#include "tests/randinst.h"
#include "tests/textinst.h"

#define HEAD                                                                                                           \
    "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}], "                                         \
    "\"companies\": [{\"id\": \"C1\", \"capacity\": 2, \"region\": \"Kanto\"}], "

static void hosts_must_be_an_object_with_known_keys_and_a_bound(void **state) {
    (void)state;
    assert_input_error(HEAD "\"hosts\": 60}", "hosts: expected an object, got 60");
    assert_input_error(HEAD "\"hosts\": {\"max_companies\": 60}}", "hosts: unknown key \"max_companies\"");
    assert_input_error(
        HEAD "\"hosts\": {}}",
        "hosts: expected at least one of min_participating, max_participating, min_per_host, max_per_host");
    assert_input_error(
        HEAD "\"hosts\": {\"companies\": {\"region\": \"Kanto\"}}}",
        "hosts: expected at least one of min_participating, max_participating, min_per_host, max_per_host");
}

static void hosts_bounds_are_integers_in_range_and_ordered(void **state) {
    (void)state;
    assert_input_error(HEAD "\"hosts\": {\"max_participating\": -1}}",
                       "hosts.max_participating: expected an integer from 0 to 2147483647, got -1");
    assert_input_error(HEAD "\"hosts\": {\"max_per_host\": 1.5}}",
                       "hosts.max_per_host: expected an integer from 0 to 1000000, got 1.5");
    assert_input_error(HEAD "\"hosts\": {\"min_per_host\": 3, \"max_per_host\": 2}}",
                       "hosts: min_per_host 3 is greater than max_per_host 2");
    assert_input_error(HEAD "\"hosts\": {\"min_participating\": 5, \"max_participating\": 4}}",
                       "hosts: min_participating 5 is greater than max_participating 4");
}

static void hosts_filter_names_an_attribute_some_company_has(void **state) {
    (void)state;
    assert_input_error(HEAD "\"hosts\": {\"max_participating\": 1, \"companies\": {\"sector\": \"IT\"}}}",
                       "hosts.companies.sector: no company has the attribute \"sector\"");
}

/* GLPK's own optimum of an exported model, or -1 when it has no integer solution. */
static double glpk_optimum(const char *path) {
    glp_prob *lp = glp_create_prob();
    assert_int_equal(glp_read_lp(lp, NULL, path), 0);
    glp_set_obj_dir(lp, GLP_MAX);
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.presolve = GLP_ON;
    iocp.msg_lev = GLP_MSG_OFF;
    int rc = glp_intopt(lp, &iocp);
    double v = rc == 0 && glp_mip_status(lp) == GLP_OPT ? glp_mip_obj_val(lp) : -1;
    glp_delete_prob(lp);
    return v;
}

static void host_budgets_solved_by_auto_equal_exhaustive_search(void **state) {
    (void)state;
    glp_term_out(GLP_OFF);
    int infeasible = 0, binding = 0;
    for (uint64_t seed = 1; seed <= 300; seed++) {
        char path[] = "/tmp/musubi-test-rules-XXXXXX", out[] = "/tmp/musubi-sol-XXXXXX",
             model[] = "/tmp/musubi-lp-XXXXXX";
        close(mkstemp(path));
        close(mkstemp(out));
        close(mkstemp(model));
        rng_state = seed;
        write_budget_instance(path, 1 + (int)(seed % 6), 1 + (int)(seed % 4));
        mu_instance *inst = NULL;
        mu_error err = {0};
        int rc = mu_instance_read(path, &inst, &err);
        if (rc) fprintf(stderr, "seed %llu: %s\n", (unsigned long long)seed, err.msg);
        assert_int_equal(rc, MU_OK);
        int64_t best = exhaustive(inst);
        mu_options opt;
        mu_options_init(&opt);
        opt.verbosity = 0;
        mu_solution *sol = NULL;
        assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_OK);
        assert_string_equal(sol->engine, "mip"); /* auto never picks an engine that ignores the budget */
        if (best < 0) {
            assert_int_equal(mu_solution_status(sol), MU_STATUS_INFEASIBLE);
            infeasible++;
        } else {
            if (mu_solution_status(sol) != MU_STATUS_OPTIMAL || mu_solution_objective(sol) != best)
                fprintf(stderr, "seed %llu: objective %lld, exhaustive %lld (%s)\n", (unsigned long long)seed,
                        (long long)mu_solution_objective(sol), (long long)best, path);
            assert_int_equal(mu_solution_status(sol), MU_STATUS_OPTIMAL);
            assert_int_equal(mu_solution_objective(sol), best);
            assert_true(sol->hosts_participating >= inst->hosts.min_participating &&
                        sol->hosts_participating <= inst->hosts.max_participating);
        }
        /* The budget matters: the optimum without it (the checker judging) is higher. */
        inst->hosts.given = 0;
        int64_t free_best = exhaustive(inst);
        inst->hosts.given = 1;
        binding += best < free_best;
        assert_int_equal(mu_solution_write_json(sol, inst, &opt, out, &err), MU_OK);
        rc = mu_check_file(inst, out, NULL, &err);
        if (rc) mu_check_file(inst, out, stderr, &err);
        assert_int_equal(rc, MU_OK);
        assert_int_equal(mu_export(inst, model, 1, &err), MU_OK);
        assert_true(glpk_optimum(model) == (best < 0 ? -1 : (double)best));
        mu_solution_free(sol);
        mu_instance_free(inst);
        unlink(out);
        unlink(model);
        if (!getenv("MU_KEEP")) unlink(path);
    }
    /* The family reaches both outcomes. */
    if (getenv("MU_VERBOSE"))
        fprintf(stderr, "300 instances: %d infeasible, %d where the budget lowers the optimum\n", infeasible, binding);
    assert_true(infeasible > 0 && infeasible < 100);
    assert_true(binding > 60);
}

static void engines_that_ignore_a_host_budget_refuse_it(void **state) {
    (void)state;
    mu_instance *inst = NULL;
    mu_error err = {0};
    inst = read_ok(HEAD "\"hosts\": {\"max_participating\": 1}}");
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    const int refused[] = {MU_ENGINE_FLOW, MU_ENGINE_DA_APPLICANT, MU_ENGINE_DA_COMPANY, MU_ENGINE_STABLE_OPTIMAL,
                           MU_ENGINE_ALMOST_STABLE};
    for (size_t k = 0; k < sizeof refused / sizeof refused[0]; k++) {
        opt.engine = refused[k];
        mu_solution *sol = NULL;
        assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_EUSAGE);
        assert_null(sol);
        assert_non_null(strstr(err.msg, "host budget"));
    }
    opt.engine = MU_ENGINE_MIP;
    opt.objective = MU_OBJECTIVE_PLACEMENTS;
    mu_solution *sol = NULL;
    assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_EUSAGE);
    mu_instance_free(inst);
}

/* "About one intern per company, at most two companies": three hosts whose
 * best applicants are worth 10, 8 and 6, and a second applicant at the best
 * host worth 9. Without the budget 10+9+8+6 = 33 over three hosts; with
 * max_per_host 1 and max_participating 2 the best is 10+8 = 18; with
 * max_per_host 2 it is 10+9+8 = 27. Known by hand. */
static void one_intern_per_company_at_most_two_companies(void **state) {
    (void)state;
    const char *fmt = "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A2\"}, "
                      "{\"id\": \"A3\"}, {\"id\": \"A4\"}],"
                      " \"companies\": [{\"id\": \"C1\", \"capacity\": 2}, {\"id\": \"C2\", \"capacity\": 1}, {\"id\": "
                      "\"C3\", \"capacity\": 1}],"
                      " \"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 10}, {\"applicant\": "
                      "\"A2\", \"company\": \"C1\", \"weight\": 9},"
                      " {\"applicant\": \"A3\", \"company\": \"C2\", \"weight\": 8}, {\"applicant\": \"A4\", "
                      "\"company\": \"C3\", \"weight\": 6}]%s}";
    const char *budgets[] = {"", ", \"hosts\": {\"max_participating\": 2, \"max_per_host\": 1}",
                             ", \"hosts\": {\"max_participating\": 2, \"max_per_host\": 2}",
                             ", \"hosts\": {\"min_per_host\": 2}"};
    const int64_t want[] = {33, 18, 27, 19};
    for (int k = 0; k < 4; k++) {
        char text[2048];
        snprintf(text, sizeof text, fmt, budgets[k]);
        mu_instance *inst = NULL;
        mu_error err = {0};
        inst = read_ok(text);
        mu_options opt;
        mu_options_init(&opt);
        opt.verbosity = 0;
        mu_solution *sol = NULL;
        assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_OK);
        assert_int_equal(mu_solution_objective(sol), want[k]);
        assert_int_equal(exhaustive(inst), want[k]);
        mu_solution_free(sol);
        mu_instance_free(inst);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hosts_must_be_an_object_with_known_keys_and_a_bound),
        cmocka_unit_test(hosts_bounds_are_integers_in_range_and_ordered),
        cmocka_unit_test(hosts_filter_names_an_attribute_some_company_has),
        cmocka_unit_test(engines_that_ignore_a_host_budget_refuse_it),
        cmocka_unit_test(one_intern_per_company_at_most_two_companies),
        cmocka_unit_test(host_budgets_solved_by_auto_equal_exhaustive_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
