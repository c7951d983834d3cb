/* End-to-end cross-checks of the exact engines on hundreds of seeded random
 * small instances: the GLPK optimum (and, without quotas, the flow optimum)
 * must equal an exhaustive search over every assignment, where feasibility
 * and weight come from the independent checker alone; every engine answer
 * written to a file must pass `check`. */
#include "tests/testutil.h"

#include <glpk.h>
#include <unistd.h>

#include "model/solution.h"
#include "musubi.h"

#include "tests/randinst.h"

static void cross_check(shape s, uint64_t seed, int *n_infeasible, int *n_flow, int *n_certified) {
    char path[] = "/tmp/musubi-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    rng_state = seed;
    write_instance(path, s);
    mu_instance *inst = NULL;
    mu_error err = {0};
    int rc = mu_instance_read(path, &inst, &err);
    if (rc) fprintf(stderr, "seed %llu: %s\n", (unsigned long long)seed, err.msg);
    assert_int_equal(rc, MU_OK);
    int64_t best = exhaustive(inst);
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    for (int engine = MU_ENGINE_MIP; engine <= MU_ENGINE_FLOW; engine++) {
        opt.engine = engine;
        mu_solution *sol = NULL;
        rc = mu_solve(inst, &opt, &sol, &err);
        if (engine == MU_ENGINE_FLOW && rc == MU_EUSAGE) { /* flow refuses quota rows, as documented */
            assert_true(inst->n_quotas > 0);
            continue;
        }
        assert_int_equal(rc, MU_OK);
        if (best < 0) {
            if (mu_solution_status(sol) != MU_STATUS_INFEASIBLE) {
                fprintf(stderr, "seed %llu engine %s: status %s, exhaustive finds no feasible assignment (%s)\n",
                        (unsigned long long)seed, mu_engine_name(engine), mu_status_name(mu_solution_status(sol)),
                        path);
                int64_t o;
                mu_check_assignment(inst, sol->app_com, &o, stderr);
            }
            assert_int_equal(mu_solution_status(sol), MU_STATUS_INFEASIBLE);
            if (engine == MU_ENGINE_MIP) ++*n_infeasible; /* instances, not engines */
        } else {
            if (mu_solution_status(sol) != MU_STATUS_OPTIMAL || mu_solution_objective(sol) != best)
                fprintf(stderr, "seed %llu engine %s: objective %lld, exhaustive %lld\n", (unsigned long long)seed,
                        mu_engine_name(engine), (long long)mu_solution_objective(sol), (long long)best);
            assert_int_equal(mu_solution_status(sol), MU_STATUS_OPTIMAL);
            assert_int_equal(mu_solution_objective(sol), best);
            if (engine == MU_ENGINE_FLOW) ++*n_flow;
            /* Prices bound the optimum: flow's prove it, GLPK's (its LP
             * relaxation's duals) at least bound it. */
            if (engine == MU_ENGINE_FLOW) assert_int_equal(sol->cert.bound, best);
            if (sol->cert.scale) assert_true(sol->cert.bound >= best);
            if (sol->cert.scale) ++*n_certified;
        }
        /* The file the CLI would write passes the independent checker. */
        char out[] = "/tmp/musubi-sol-XXXXXX";
        fd = mkstemp(out);
        close(fd);
        assert_int_equal(mu_solution_write_json(sol, inst, &opt, out, &err), MU_OK);
        rc = mu_check_file(inst, out, NULL, &err);
        if (rc) mu_check_file(inst, out, stderr, &err);
        assert_int_equal(rc, MU_OK);
        unlink(out);
        mu_solution_free(sol);
    }
    mu_instance_free(inst);
    if (!getenv("MU_KEEP")) unlink(path);
}

static void mip_and_flow_equal_exhaustive_search_without_quotas(void **state) {
    (void)state;
    int infeasible = 0, flow = 0, certified = 0;
    for (uint64_t seed = 1; seed <= 200; seed++) {
        shape s = {1 + (int)(seed % 6), 1 + (int)(seed % 3),  0,
                   (int)(seed % 2),     (int)(seed % 3 != 0), (int)(seed % 4 != 0)};
        cross_check(s, seed, &infeasible, &flow, &certified);
    }
    assert_int_equal(infeasible, 0);
    assert_true(flow == 200);
    assert_int_equal(certified, 400); /* mip and flow, every one */
}

static void mip_equals_exhaustive_search_with_quotas(void **state) {
    (void)state;
    int infeasible = 0, flow = 0, certified = 0;
    for (uint64_t seed = 1000; seed < 1300; seed++) {
        shape s = {1 + (int)(seed % 6), 1 + (int)(seed % 3),  1,
                   (int)(seed % 2),     (int)(seed % 3 != 0), (int)(seed % 4 != 0)};
        cross_check(s, seed, &infeasible, &flow, &certified);
    }
    assert_true(certified > 0);
    /* flow takes the laminar quota sets (engine/laminar.c) and refuses the rest */
    if (getenv("MU_TEST_VERBOSE"))
        print_message("quotas: %d infeasible, %d solved by flow, %d certified\n", infeasible, flow, certified);
    assert_true(flow > 30);
    /* The family is built to reach both outcomes: some floors cannot be met. */
    assert_true(infeasible > 0);
    assert_true(infeasible < 150);
}

static void solve_gives_the_same_assignment_on_one_and_two_threads(void **state) {
    (void)state;
    for (uint64_t seed = 5000; seed < 5050; seed++) {
        char path[] = "/tmp/musubi-test-XXXXXX";
        int fd = mkstemp(path);
        close(fd);
        rng_state = seed;
        write_instance(path, (shape){6, 3, (int)(seed % 2), 0, 1, 1});
        mu_instance *inst = NULL;
        mu_error err = {0};
        assert_int_equal(mu_instance_read(path, &inst, &err), MU_OK);
        mu_options opt;
        mu_options_init(&opt);
        opt.verbosity = 0;
        mu_solution *s1 = NULL, *s2 = NULL;
        opt.threads = 1;
        assert_int_equal(mu_solve(inst, &opt, &s1, &err), MU_OK);
        opt.threads = 2;
        assert_int_equal(mu_solve(inst, &opt, &s2, &err), MU_OK);
        for (int32_t a = 0; a < mu_instance_applicants(inst); a++)
            assert_int_equal(mu_solution_company_of(s1, a), mu_solution_company_of(s2, a));
        mu_solution_free(s1);
        mu_solution_free(s2);
        mu_instance_free(inst);
        unlink(path);
    }
}

/* GLPK's own optimum weight of a model file, or -1 when it has no integer solution. */
static double glpk_optimum(const char *path, int lp_format) {
    glp_prob *lp = glp_create_prob();
    int rc = lp_format ? glp_read_lp(lp, NULL, path) : glp_read_mps(lp, GLP_MPS_FILE, NULL, path);
    if (rc) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "cat %s >&2", path);
        if (system(cmd)) fprintf(stderr, "cannot show %s\n", path);
    }
    assert_int_equal(rc, 0);
    /* The LP file maximises weight; the MPS file minimises -(weight), since
     * glpsol and CBC do not both honour an OBJSENSE section (engine/mip.c).
     * A reader that keeps its default sense (minimise) gets it right. */
    assert_int_equal(glp_get_obj_dir(lp), lp_format ? GLP_MAX : GLP_MIN);
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.presolve = GLP_ON;
    iocp.msg_lev = GLP_MSG_OFF;
    rc = glp_intopt(lp, &iocp);
    double v = rc == 0 && glp_mip_status(lp) == GLP_OPT ? (lp_format ? 1 : -1) * glp_mip_obj_val(lp) : -1;
    glp_delete_prob(lp);
    return v;
}

static void exported_model_read_back_by_glpk_has_the_same_optimum(void **state) {
    (void)state;
    glp_term_out(GLP_OFF);
    for (uint64_t seed = 7000; seed < 7060; seed++) {
        char path[] = "/tmp/musubi-test-XXXXXX", model[] = "/tmp/musubi-model-XXXXXX";
        close(mkstemp(path));
        close(mkstemp(model));
        rng_state = seed;
        write_instance(path, (shape){5, 3, (int)(seed % 2), (int)(seed % 3 == 0), 1, 1});
        mu_instance *inst = NULL;
        mu_error err = {0};
        assert_int_equal(mu_instance_read(path, &inst, &err), MU_OK);
        mu_options opt;
        mu_options_init(&opt);
        opt.verbosity = 0;
        mu_solution *sol = NULL;
        assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_OK);
        double want = mu_solution_status(sol) == MU_STATUS_OPTIMAL ? (double)mu_solution_objective(sol) : -1;
        for (int lp_format = 0; lp_format <= 1; lp_format++) {
            assert_int_equal(mu_export(inst, model, lp_format, &err), MU_OK);
            double got = glpk_optimum(model, lp_format);
            assert_true(got == want);
        }
        mu_solution_free(sol);
        mu_instance_free(inst);
        unlink(path);
        unlink(model);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mip_and_flow_equal_exhaustive_search_without_quotas),
        cmocka_unit_test(mip_equals_exhaustive_search_with_quotas),
        cmocka_unit_test(solve_gives_the_same_assignment_on_one_and_two_threads),
        cmocka_unit_test(exported_model_read_back_by_glpk_has_the_same_optimum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
