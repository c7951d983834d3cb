/* The heuristic engine (issue 5): on hundreds of seeded random small
 * instances with quotas its Lagrangian bound is never below the exhaustive
 * optimum and its assignment always passes the independent checker; it gives
 * the same assignment on 1, 2 and 8 threads; a time-limited run on a
 * generated 10k instance returns a feasible assignment with a valid gap. */
#include "tests/testutil.h"
#include "base/io.h"

#include <cjson/cJSON.h>
#include <string.h>
#include <unistd.h>

#include "generator/generator.h"
#include "model/instance.h"
#include "model/solution.h"
#include "musubi.h"

#include "tests/randinst.h"

static mu_instance *read_or_die(const char *path) {
    mu_instance *inst = NULL;
    mu_error err = {0};
    int rc = mu_instance_read(path, &inst, &err);
    if (rc) print_message("%s\n", err.msg);
    assert_int_equal(rc, MU_OK);
    return inst;
}

static mu_solution *solve_with(const mu_instance *inst, int engine, int threads, double time_limit) {
    mu_options opt;
    mu_options_init(&opt);
    opt.engine = engine;
    opt.threads = threads;
    opt.time_limit = time_limit;
    opt.verbosity = 0;
    mu_error err = {0};
    mu_solution *sol = NULL;
    int rc = mu_solve(inst, &opt, &sol, &err);
    if (rc) print_message("%s\n", err.msg);
    assert_int_equal(rc, MU_OK);
    return sol;
}

/* Writes sol as the CLI would, checks the file, and hands back its text. */
static int check_written(const mu_instance *inst, const mu_solution *sol, char **text) {
    char out[] = "/tmp/musubi-heur-sol-XXXXXX";
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    close(fd);
    mu_options opt;
    mu_options_init(&opt);
    mu_error err = {0};
    assert_int_equal(mu_solution_write_json(sol, inst, &opt, out, &err), MU_OK);
    int rc = mu_check_file(inst, out, NULL, &err);
    if (rc) mu_check_file(inst, out, stderr, &err);
    if (text) {
        size_t len;
        assert_int_equal(mu_read_file(out, (size_t)1 << 30, text, &len, &err), MU_OK);
    }
    unlink(out);
    return rc;
}

/* The answer is sound: a checked assignment no better than the bound, a bound
 * no lower than the optimum (-1: infeasible), and no false proof. */
static void assert_sound(const mu_instance *inst, const mu_solution *sol, int64_t optimum) {
    if (sol->has_assignment) {
        int64_t obj = -1;
        assert_int_equal(mu_check_assignment(inst, sol->app_com, &obj, stderr), 0);
        assert_int_equal(obj, sol->objective);
        assert_true(optimum >= obj);
    }
    if (optimum < 0) {
        assert_false(sol->has_assignment);
        return;
    }
    assert_int_not_equal(sol->status, MU_STATUS_INFEASIBLE);
    assert_true(sol->has_bound);
    assert_true(sol->bound >= (double)optimum);
    if (sol->status == MU_STATUS_OPTIMAL) assert_int_equal(sol->objective, optimum);
    /* The bound is the certificate's, and the checker verifies it. */
    assert_true(sol->cert.scale > 0);
    assert_true(sol->cert.bound >= optimum);
    assert_true((double)sol->cert.bound == sol->bound);
    assert_int_equal(check_written(inst, sol, NULL), MU_OK);
}

static void heuristic_bound_is_never_below_the_optimum_and_answers_pass_the_checker(void **state) {
    (void)state;
    int n_run = 0, n_opt = 0, n_found = 0, n_infeasible = 0;
    for (uint64_t seed = 1; seed <= 400; seed++) {
        rng_state = seed * 7919;
        shape s = {.n = 2 + below(5), .m = 1 + below(3), .quotas = 1, .pairs = below(2), .rules = below(2), .prefs = 0};
        char path[] = "/tmp/musubi-heur-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        write_instance(path, s);
        mu_instance *inst = read_or_die(path);
        int64_t optimum = exhaustive(inst);
        mu_solution *sol = solve_with(inst, MU_ENGINE_HEURISTIC, 1, 0);
        assert_sound(inst, sol, optimum);
        n_run++;
        n_infeasible += optimum < 0;
        n_found += optimum >= 0 && sol->has_assignment && sol->objective == optimum;
        n_opt += sol->status == MU_STATUS_OPTIMAL;
        mu_solution_free(sol);
        mu_instance_free(inst);
        unlink(path);
    }
    if (getenv("MU_TEST_VERBOSE"))
        print_message("heuristic: %d instances, %d infeasible, %d optima found, %d proven\n", n_run, n_infeasible,
                      n_found, n_opt);
    assert_true(n_found > (n_run - n_infeasible) / 2); /* a heuristic, but a good one */
}

/* bench-quotas at the given size, as JSON in a temporary file. */
/* ... with a floor per region and nationality (crossing: not laminar) when
 * region_nationality_floor is not "0". */
static void generate_floors(char *path, const char *applicants, const char *companies, const char *pairs,
                            const char *region_nationality_floor) {
    mu_gen_knobs k;
    mu_error err;
    mu_error_clear(&err);
    assert_int_equal(mu_gen_preset(&k, "bench-quotas", &err), 0);
    assert_int_equal(mu_gen_set(&k, "applicants", applicants, &err), 0);
    assert_int_equal(mu_gen_set(&k, "companies", companies, &err), 0);
    assert_int_equal(mu_gen_set(&k, "pairs", pairs, &err), 0);
    assert_int_equal(mu_gen_set(&k, "region-nationality-floor", region_nationality_floor, &err), 0);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    assert_int_equal(mu_gen_write_json(&k, f, &err), 0);
    fclose(f);
}

static void generate(char *path, const char *applicants, const char *companies, const char *pairs) {
    generate_floors(path, applicants, companies, pairs, "0");
}

static void heuristic_gives_the_same_assignment_on_1_2_and_8_threads(void **state) {
    (void)state;
    char path[] = "/tmp/musubi-heur-XXXXXX";
    generate(path, "2000", "80", "15");
    mu_instance *inst = read_or_die(path);
    mu_solution *one = solve_with(inst, MU_ENGINE_HEURISTIC, 1, 0);
    assert_sound(inst, one, one->has_assignment ? one->objective : 0);
    int threads[] = {2, 8};
    for (size_t t = 0; t < 2; t++) {
        mu_solution *sol = solve_with(inst, MU_ENGINE_HEURISTIC, threads[t], 0);
        assert_int_equal(sol->status, one->status);
        assert_int_equal(sol->objective, one->objective);
        assert_true(sol->bound == one->bound);
        assert_memory_equal(sol->app_com, one->app_com, (size_t)mu_instance_applicants(inst) * sizeof *sol->app_com);
        mu_solution_free(sol);
    }
    /* the small random ones too */
    for (uint64_t seed = 1; seed <= 50; seed++) {
        rng_state = seed * 104729;
        shape s = {.n = 2 + below(5), .m = 1 + below(3), .quotas = 1, .pairs = 1};
        char p2[] = "/tmp/musubi-heur-XXXXXX";
        int fd = mkstemp(p2);
        assert_true(fd >= 0);
        close(fd);
        write_instance(p2, s);
        mu_instance *small = read_or_die(p2);
        mu_solution *a = solve_with(small, MU_ENGINE_HEURISTIC, 1, 0),
                    *b = solve_with(small, MU_ENGINE_HEURISTIC, 8, 0);
        assert_int_equal(a->status, b->status);
        if (a->has_assignment)
            assert_memory_equal(a->app_com, b->app_com, (size_t)mu_instance_applicants(small) * sizeof *a->app_com);
        mu_solution_free(a), mu_solution_free(b);
        mu_instance_free(small);
        unlink(p2);
    }
    mu_solution_free(one);
    mu_instance_free(inst);
    unlink(path);
}

static void time_limited_runs_return_a_feasible_assignment_with_a_valid_gap(void **state) {
    (void)state;
    char path[] = "/tmp/musubi-heur-XXXXXX";
    generate_floors(path, "10000", "300", "20", "1"); /* crossing floors: auto runs engine/crossing.c */
    mu_instance *inst = read_or_die(path);
    int engines[] = {MU_ENGINE_HEURISTIC, MU_ENGINE_AUTO};
    double limits[] = {0.3, 1.0};
    for (size_t e = 0; e < 2; e++)
        for (size_t l = 0; l < 2; l++) {
            /* A loaded machine or a sanitizer build can reach the limit
             * before the first assignment: that run must say so, and the
             * limit doubles (four times at most); a run with an assignment
             * must be feasible with a valid bound. */
            mu_solution *sol = NULL;
            double limit = limits[l];
            for (int tries = 0; tries < 5; tries++, limit *= 2) {
                double t0 = mu_now();
                sol = solve_with(inst, engines[e], 0, limit);
                double sec = mu_now() - t0;
                /* The 0.5 s tolerance is measured in bench/heuristic on a
                 * quiet machine; here only a loose sanity bound. */
                assert_true(sec < limit + 3.0);
                if (sol->has_assignment) break;
                assert_int_equal(sol->status, MU_STATUS_TIME_LIMIT);
                assert_non_null(strstr(sol->reason, "no feasible assignment"));
                mu_solution_free(sol);
                sol = NULL;
            }
            assert_non_null(sol);
            assert_true(sol->has_assignment);
            assert_true(sol->status == MU_STATUS_FEASIBLE || sol->status == MU_STATUS_OPTIMAL);
            assert_true(sol->has_bound);
            assert_true(sol->bound >= (double)sol->objective);
            assert_true(sol->gap >= 0 && sol->gap <= 1);
            if (sol->status == MU_STATUS_OPTIMAL) assert_true(sol->gap == 0);
            int64_t obj = -1;
            assert_int_equal(mu_check_assignment(inst, sol->app_com, &obj, stderr), 0);
            assert_int_equal(obj, sol->objective);
            if (engines[e] == MU_ENGINE_AUTO) assert_non_null(strstr(sol->reason, "crossing quotas"));
            mu_solution_free(sol);
        }
    mu_instance_free(inst);
    unlink(path);
}

static void stop_request_returns_the_best_assignment_as_interrupted(void **state) {
    (void)state;
    char path[] = "/tmp/musubi-heur-XXXXXX";
    generate(path, "2000", "80", "15");
    mu_instance *inst = read_or_die(path);
    mu_request_stop();
    mu_solution *sol = solve_with(inst, MU_ENGINE_HEURISTIC, 1, 0);
    mu_stop_clear();
    assert_true(sol->status == MU_STATUS_INTERRUPTED || sol->status == MU_STATUS_OPTIMAL);
    int64_t obj = -1;
    if (sol->has_assignment) assert_int_equal(mu_check_assignment(inst, sol->app_com, &obj, stderr), 0);
    mu_solution_free(sol);
    mu_instance_free(inst);
    unlink(path);
}

/* The certificate is the checker's to judge: a quota price lowered by one
 * unit, or a bound stated one lower than the prices give, is refused. */
static void a_tampered_certificate_is_refused(void **state) {
    (void)state;
    mu_instance *inst = read_or_die("instances/jip-fy2018.json");
    mu_solution *sol = solve_with(inst, MU_ENGINE_HEURISTIC, 1, 0);
    assert_true(sol->cert.scale > 0 && sol->cert.n_rows > 0);
    char *text = NULL;
    assert_int_equal(check_written(inst, sol, &text), MU_OK);
    for (int what = 0; what < 2; what++) {
        cJSON *root = cJSON_Parse(text);
        assert_non_null(root);
        cJSON *cert = cJSON_GetObjectItemCaseSensitive(root, "certificate");
        cJSON *target =
            what == 0 ? cJSON_GetObjectItemCaseSensitive(
                            cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(cert, "quota_prices"), 0), "price")
                      : cJSON_GetObjectItemCaseSensitive(cert, "bound");
        assert_non_null(target);
        double x = target->valuedouble;
        cJSON_SetNumberValue(target, what == 0 ? (x > 0 ? x - 1 : x + 1) : x - 1);
        char *mut = cJSON_Print(root);
        char path[] = "/tmp/musubi-heur-mut-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        assert_true(write(fd, mut, strlen(mut)) == (ssize_t)strlen(mut));
        close(fd);
        mu_error err = {0};
        assert_int_equal(mu_check_file(inst, path, NULL, &err), MU_EINVALID_SOLUTION);
        unlink(path);
        free(mut);
        cJSON_Delete(root);
    }
    free(text);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(heuristic_bound_is_never_below_the_optimum_and_answers_pass_the_checker),
        cmocka_unit_test(heuristic_gives_the_same_assignment_on_1_2_and_8_threads),
        cmocka_unit_test(time_limited_runs_return_a_feasible_assignment_with_a_valid_gap),
        cmocka_unit_test(stop_request_returns_the_best_assignment_as_interrupted),
        cmocka_unit_test(a_tampered_certificate_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
