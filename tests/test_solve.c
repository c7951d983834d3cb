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

static uint64_t rng_state;
static uint64_t next_u64(void) { /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static int below(int n) { return (int)(next_u64() % (uint64_t)n); }

static const char *const NATS[] = {"VN", "TH", "ID", "CN"};
static const char *const JLPT[] = {"N1", "N2", "N3", "N4", "N5"};
static const char *const EN[] = {"none", "basic", "daily", "business", "native"};
static const char *const REGIONS[] = {"Kanto", "Kansai"};

/* A shuffled subset of 0..n-1 as a JSON id list with the given prefix. */
static void id_list(FILE *f, const char *prefix, int n) {
    int idx[8], k = 0;
    for (int i = 0; i < n; i++)
        if (below(3)) idx[k++] = i;
    for (int i = k - 1; i > 0; i--) {
        int j = below(i + 1), t = idx[i];
        idx[i] = idx[j], idx[j] = t;
    }
    fprintf(f, "[");
    for (int i = 0; i < k; i++) fprintf(f, "%s\"%s%d\"", i ? ", " : "", prefix, idx[i]);
    fprintf(f, "]");
}

typedef struct shape {
    int n, m, quotas, pairs, rules, prefs;
} shape;

static void write_instance(const char *path, shape s) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
    for (int a = 0; a < s.n; a++) {
        fprintf(f, "%s{\"id\": \"A%d\", \"nationality\": \"%s\", \"age\": %d", a ? ", " : "", a, NATS[below(4)], 18 + below(26));
        if (below(4)) fprintf(f, ", \"jlpt\": \"%s\"", JLPT[below(5)]);
        fprintf(f, ", \"english\": \"%s\", \"degree\": %s, \"recommendation\": %s, \"field\": \"%s\"", EN[below(5)],
                below(3) ? "true" : "false", below(2) ? "true" : "false", below(2) ? "eng" : "biz");
        if (s.prefs && below(2)) {
            fprintf(f, ", \"preferences\": ");
            id_list(f, "C", s.m);
        }
        fprintf(f, "}");
    }
    fprintf(f, "], \"companies\": [");
    for (int c = 0; c < s.m; c++) {
        fprintf(f, "%s{\"id\": \"C%d\", \"capacity\": %d, \"region\": \"%s\", \"target_markets\": [\"%s\"]", c ? ", " : "", c,
                below(4), REGIONS[below(2)], NATS[below(4)]);
        int req = s.rules ? below(6) : 5;
        if (req == 0) fprintf(f, ", \"requires\": {\"jlpt\": \"%s\", \"english\": \"business\"}", JLPT[below(5)]);
        if (req == 1) fprintf(f, ", \"requires\": {\"fields\": [\"eng\"], \"degree\": true}");
        if (s.prefs && below(2)) {
            fprintf(f, ", \"preferences\": ");
            id_list(f, "A", s.n);
        }
        fprintf(f, "}");
    }
    fprintf(f, "]");
    if (s.pairs) {
        fprintf(f, ", \"pairs\": [");
        int first = 1;
        for (int a = 0; a < s.n; a++)
            for (int c = 0; c < s.m; c++)
                if (below(3)) {
                    fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"C%d\", \"weight\": %d}", first ? "" : ", ", a, c, below(30));
                    first = 0;
                }
        fprintf(f, "]");
    } else if (below(2)) {
        fprintf(f, ", \"weights\": {\"base\": %d, \"applicant_rank\": %d, \"company_rank\": %d, \"target_market\": %d}", below(50),
                below(100), below(100), below(60));
    }
    if (s.rules)
        fprintf(f, ", \"rules\": {\"age\": {\"min\": 20, \"max\": 40}, \"language\": {\"jlpt\": \"N3\", \"english\": \"business\"}, "
                   "\"degree_or_recommendation\": %s, \"nationalities\": [\"VN\", \"TH\", \"ID\"]%s}",
                below(2) ? "true" : "false", below(4) ? "" : ", \"mutual_preferences\": false");
    if (s.quotas) {
        static const char *const Q[] = {
            "{\"name\": \"one-per-nat\", \"per_company\": true, \"group_by\": \"nationality\", \"max\": 1}",
            "{\"name\": \"budget\", \"max\": 2}",
            "{\"name\": \"kansai-floor\", \"companies\": {\"region\": \"Kansai\"}, \"min\": 1}",
            "{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": [\"VN\", \"TH\"]}, \"max\": 1}",
            "{\"name\": \"region-floor\", \"group_by_company\": \"region\", \"min\": 1}",
            "{\"name\": \"outside-kanto\", \"companies\": {\"region\": {\"not\": \"Kanto\"}}, \"min\": 1, \"max\": 2}",
            "{\"name\": \"per-host-nat-floor\", \"per_company\": true, \"companies\": {\"id\": \"C0\"}, \"min\": 1}",
        };
        fprintf(f, ", \"quotas\": [");
        int first = 1;
        for (size_t q = 0; q < sizeof Q / sizeof Q[0]; q++)
            if (below(4) == 0) {
                fprintf(f, "%s%s", first ? "" : ", ", Q[q]);
                first = 0;
            }
        fprintf(f, "]");
    }
    fprintf(f, "}\n");
    fclose(f);
}

/* Best objective over all (m+1)^n assignments, judged by the checker alone;
 * -1 when none is feasible. */
static int64_t exhaustive(const mu_instance *inst) {
    int32_t n = mu_instance_applicants(inst), m = mu_instance_companies(inst);
    int32_t app_com[8];
    for (int32_t a = 0; a < n; a++) app_com[a] = -1;
    int64_t best = -1;
    for (;;) {
        int64_t obj;
        if (mu_check_assignment(inst, app_com, &obj, NULL) == 0 && obj > best) best = obj;
        int32_t a = 0;
        while (a < n && app_com[a] == m - 1) app_com[a++] = -1;
        if (a == n) break;
        app_com[a]++;
    }
    return best;
}

static void cross_check(shape s, uint64_t seed, int *n_infeasible, int *n_flow) {
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
                        (unsigned long long)seed, mu_engine_name(engine), mu_status_name(mu_solution_status(sol)), path);
                int64_t o;
                mu_check_assignment(inst, sol->app_com, &o, stderr);
            }
            assert_int_equal(mu_solution_status(sol), MU_STATUS_INFEASIBLE);
            ++*n_infeasible;
        } else {
            if (mu_solution_status(sol) != MU_STATUS_OPTIMAL || mu_solution_objective(sol) != best)
                fprintf(stderr, "seed %llu engine %s: objective %lld, exhaustive %lld\n", (unsigned long long)seed,
                        mu_engine_name(engine), (long long)mu_solution_objective(sol), (long long)best);
            assert_int_equal(mu_solution_status(sol), MU_STATUS_OPTIMAL);
            assert_int_equal(mu_solution_objective(sol), best);
            if (engine == MU_ENGINE_FLOW) ++*n_flow;
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
    int infeasible = 0, flow = 0;
    for (uint64_t seed = 1; seed <= 200; seed++) {
        shape s = {1 + (int)(seed % 6), 1 + (int)(seed % 3), 0, (int)(seed % 2), (int)(seed % 3 != 0), (int)(seed % 4 != 0)};
        cross_check(s, seed, &infeasible, &flow);
    }
    assert_int_equal(infeasible, 0);
    assert_true(flow == 200);
}

static void mip_equals_exhaustive_search_with_quotas(void **state) {
    (void)state;
    int infeasible = 0, flow = 0;
    for (uint64_t seed = 1000; seed < 1300; seed++) {
        shape s = {1 + (int)(seed % 6), 1 + (int)(seed % 3), 1, (int)(seed % 2), (int)(seed % 3 != 0), (int)(seed % 4 != 0)};
        cross_check(s, seed, &infeasible, &flow);
    }
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

/* GLPK's own optimum of a model file, or -1 when it has no integer solution. */
static double glpk_optimum(const char *path, int lp_format) {
    glp_prob *lp = glp_create_prob();
    int rc = lp_format ? glp_read_lp(lp, NULL, path) : glp_read_mps(lp, GLP_MPS_FILE, NULL, path);
    if (rc) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "cat %s >&2", path);
        if (system(cmd)) fprintf(stderr, "cannot show %s\n", path);
    }
    assert_int_equal(rc, 0);
    glp_set_obj_dir(lp, GLP_MAX); /* MPS carries no objective sense */
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.presolve = GLP_ON;
    iocp.msg_lev = GLP_MSG_OFF;
    rc = glp_intopt(lp, &iocp);
    double v = rc == 0 && glp_mip_status(lp) == GLP_OPT ? glp_mip_obj_val(lp) : -1;
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
