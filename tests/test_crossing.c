/* Crossing quotas (issue 18, engine/crossing.c): on seeded small instances
 * with floors and caps over (region, nationality) — rows that cross both
 * sides — auto and mip find the exhaustive optimum or say infeasible exactly
 * when exhaustive search finds no assignment, and the heuristic's answers are
 * sound; on hundreds of larger seeded instances auto, whose branch-and-bound
 * runs over a core with pairs fixed by reduced cost, equals a full GLPK
 * solve; the assignment is the same on 1 and 2 threads; a stop request
 * returns a checked assignment. */
#include "tests/testutil.h"

#include <unistd.h>

#include "generator/generator.h"
#include "model/instance.h"
#include "model/solution.h"
#include "musubi.h"

#include "tests/randinst.h"

static const char *const CX_NATS[] = {"VN", "TH", "ID"};
static const char *const CX_REGIONS[] = {"Kanto", "Kansai"};

/* n applicants, m companies, explicit pairs (each with probability density/3),
 * and a random set of quotas of which at least one crosses (region x
 * nationality). floor_hi: the largest floor drawn. */
static void write_crossing(const char *path, int n, int m, int cap_hi, int density, int floor_hi, int rects) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
    for (int a = 0; a < n; a++)
        fprintf(f, "%s{\"id\": \"A%d\", \"nationality\": \"%s\"}", a ? ", " : "", a, CX_NATS[below(3)]);
    fprintf(f, "], \"companies\": [");
    for (int c = 0; c < m; c++)
        fprintf(f, "%s{\"id\": \"C%d\", \"capacity\": %d, \"region\": \"%s\"}", c ? ", " : "", c, 1 + below(cap_hi),
                CX_REGIONS[c == 1  ? 1
                           : c < 3 ? 0
                                   : below(2)]); /* two hosts in Kanto, one in Kansai at least */
    fprintf(f, "], \"pairs\": [");
    int first = 1;
    for (int a = 0; a < n; a++)
        for (int c = 0; c < m; c++)
            if (below(3) < density) {
                fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"C%d\", \"weight\": %d}", first ? "" : ", ", a, c,
                        below(40));
                first = 0;
            }
    fprintf(f, "], \"quotas\": [");
    /* the crossing rows: a floor per (Kanto, nationality), or a cap on (Kansai, VN) */
    int cross = below(4) == 0 ? below(2) : 2;
    if (cross != 1)
        fprintf(f,
                "{\"name\": \"rn-floor\", \"group_by\": \"nationality\", \"companies\": {\"region\": \"Kanto\"}, "
                "\"min\": %d}",
                1 + below(floor_hi) / 2);
    if (cross != 0)
        fprintf(f,
                "%s{\"name\": \"rn-cap\", \"applicants\": {\"nationality\": \"VN\"}, \"companies\": {\"region\": "
                "\"Kansai\"}, "
                "\"max\": %d}",
                cross == 2 ? ", " : "", below(floor_hi + 1));
    if (below(2))
        fprintf(f, ", {\"name\": \"one-per-nat\", \"per_company\": true, \"group_by\": \"nationality\", \"max\": 1}");
    if (below(3) == 0)
        fprintf(f, ", {\"name\": \"region-floor\", \"group_by_company\": \"region\", \"min\": %d}",
                1 + below(floor_hi));
    if (below(3) == 0)
        fprintf(f, ", {\"name\": \"kansai-band\", \"companies\": {\"region\": \"Kansai\"}, \"min\": 1, \"max\": %d}",
                1 + below(2 * floor_hi));
    if (below(4) == 0)
        fprintf(f, ", {\"name\": \"th-floor\", \"applicants\": {\"nationality\": \"TH\"}, \"min\": %d}",
                below(floor_hi + 1));
    /* rectangles: some applicants at some hosts, at most 1 or 2 or at least 1 (their LP is often fractional) */
    for (int q = 0; q < rects; q++) {
        fprintf(f, ", {\"name\": \"rect-%d\", \"applicants\": {\"id\": [", q);
        int fa = below(n), fc = below(m);
        for (int a = 0, k = 0; a < n; a++)
            if (a == fa || below(3) == 0) fprintf(f, "%s\"A%d\"", k++ ? ", " : "", a);
        fprintf(f, "]}, \"companies\": {\"id\": [");
        for (int c = 0, k = 0; c < m; c++)
            if (c == fc || below(2) == 0) fprintf(f, "%s\"C%d\"", k++ ? ", " : "", c);
        int kind = below(3);
        fprintf(f, "]}, \"%s\": %d}", kind == 2 ? "min" : "max", kind == 2 ? 1 : 1 + kind);
    }
    fprintf(f, "]}\n");
    fclose(f);
}

static mu_instance *read_or_die(const char *path) {
    mu_instance *inst = NULL;
    mu_error err = {0};
    int rc = mu_instance_read(path, &inst, &err);
    if (rc) print_message("%s: %s\n", path, err.msg);
    assert_int_equal(rc, MU_OK);
    return inst;
}

static mu_solution *solve_with(const mu_instance *inst, int engine, int threads) {
    mu_options opt;
    mu_options_init(&opt);
    opt.engine = engine;
    opt.threads = threads;
    opt.verbosity = 0;
    mu_error err = {0};
    mu_solution *sol = NULL;
    int rc = mu_solve(inst, &opt, &sol, &err);
    if (rc) print_message("%s\n", err.msg);
    assert_int_equal(rc, MU_OK);
    return sol;
}

/* An exact engine's answer against the optimum (-1: infeasible). */
static void assert_exact(const mu_instance *inst, const mu_solution *sol, int64_t optimum, uint64_t seed,
                         const char *engine) {
    if (optimum < 0) {
        if (sol->status != MU_STATUS_INFEASIBLE)
            print_message("seed %llu: %s says %d, exhaustive search: infeasible\n", (unsigned long long)seed, engine,
                          sol->status);
        assert_int_equal(sol->status, MU_STATUS_INFEASIBLE);
        assert_false(sol->has_assignment);
        return;
    }
    if (sol->status != MU_STATUS_OPTIMAL || sol->objective != optimum)
        print_message("seed %llu: %s says status %d objective %lld, exhaustive optimum %lld (%s)\n",
                      (unsigned long long)seed, engine, sol->status, (long long)sol->objective, (long long)optimum,
                      sol->reason);
    assert_int_equal(sol->status, MU_STATUS_OPTIMAL);
    assert_int_equal(sol->objective, optimum);
    int64_t obj = -1;
    assert_int_equal(mu_check_assignment(inst, sol->app_com, &obj, stderr), 0);
    assert_int_equal(obj, optimum);
    if (sol->cert.scale > 0) assert_true(sol->cert.bound >= optimum);
}

static void auto_mip_and_heuristic_agree_with_exhaustive_search_on_crossing_floors_and_caps(void **state) {
    (void)state;
    int n_run = 0, n_infeasible = 0, n_crossing = 0, n_heur_opt = 0;
    for (uint64_t seed = 1; seed <= 400; seed++) {
        rng_state = seed * 15485863;
        char path[] = "/tmp/musubi-crossing-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        write_crossing(path, 3 + below(5), 3, 3, 2 + below(2), 2, below(3));
        mu_instance *inst = read_or_die(path);
        int64_t optimum = exhaustive(inst);
        mu_solution *a = solve_with(inst, MU_ENGINE_AUTO, 1);
        assert_exact(inst, a, optimum, seed, "auto");
        n_crossing += strstr(a->reason, "crossing quotas") != NULL;
        if (getenv("MU_TEST_VERBOSE") && seed < 12)
            print_message("seed %llu: %.200s\n", (unsigned long long)seed, a->reason);
        mu_solution *m = solve_with(inst, MU_ENGINE_MIP, 1);
        assert_exact(inst, m, optimum, seed, "mip");
        mu_solution *h = solve_with(inst, MU_ENGINE_HEURISTIC, 1);
        if (h->has_assignment) {
            int64_t obj = -1;
            assert_int_equal(mu_check_assignment(inst, h->app_com, &obj, stderr), 0);
            assert_true(optimum >= obj);
        }
        if (optimum >= 0) {
            assert_int_not_equal(h->status, MU_STATUS_INFEASIBLE);
            assert_true(h->has_bound && h->bound >= (double)optimum);
            if (h->status == MU_STATUS_OPTIMAL) assert_int_equal(h->objective, optimum);
            n_heur_opt += h->has_assignment && h->objective == optimum;
        }
        n_run++, n_infeasible += optimum < 0;
        mu_solution_free(a), mu_solution_free(m), mu_solution_free(h);
        mu_instance_free(inst);
        unlink(path);
    }
    if (getenv("MU_TEST_VERBOSE"))
        print_message(
            "crossing: %d instances, %d infeasible, %d through the crossing engine, heuristic optimal on %d\n", n_run,
            n_infeasible, n_crossing, n_heur_opt);
    /* the family is what it says: crossing, feasible and infeasible both */
    assert_true(n_crossing > n_run / 2);
    assert_true(n_infeasible > 20 && n_infeasible < n_run - 100);
}

/* Reduced-cost fixing never cuts off the optimum: auto (core, fixed pairs,
 * branch-and-bound over the rest) equals a full GLPK solve of every pair on
 * hundreds of seeded instances of 40 to 160 applicants, a good share of which
 * need the branch-and-bound (their LP optimum is fractional). */
static void the_fixed_core_never_cuts_off_the_optimum(void **state) {
    (void)state;
    int n_run = 0, n_bb = 0, n_shrunk = 0, n_fixed = 0, n_infeasible = 0;
    for (uint64_t seed = 1; seed <= 500; seed++) {
        rng_state = seed * 32452843;
        char path[] = "/tmp/musubi-crossing-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        write_crossing(path, 40 + below(120), 4 + below(8), 3, 1 + below(2), 3, 4 + below(12));
        mu_instance *inst = read_or_die(path);
        mu_solution *a = solve_with(inst, MU_ENGINE_AUTO, 1), *m = solve_with(inst, MU_ENGINE_MIP, 1);
        if (a->status != m->status || a->objective != m->objective)
            print_message("seed %llu: auto %d %lld (%s), mip %d %lld\n", (unsigned long long)seed, a->status,
                          (long long)a->objective, a->reason, m->status, (long long)m->objective);
        assert_int_equal(a->status, m->status);
        assert_int_equal(a->objective, m->objective);
        if (a->has_assignment) {
            int64_t obj = -1;
            assert_int_equal(mu_check_assignment(inst, a->app_com, &obj, stderr), 0);
        }
        /* "core: K of N pairs kept for GLPK's branch-and-bound (F more fixed at 0 ...": K < N is a shrunk core */
        const char *bb = strstr(a->reason, "core: ");
        long long kept = 0, all = 0, fixed = 0;
        if (bb &&
            sscanf(bb, "core: %lld of %lld pairs kept for GLPK's branch-and-bound (%lld", &kept, &all, &fixed) == 3) {
            n_bb++;
            n_shrunk += kept < all;
            n_fixed += fixed > 0;
        }
        n_infeasible += a->status == MU_STATUS_INFEASIBLE;
        n_run++;
        mu_solution_free(a), mu_solution_free(m);
        mu_instance_free(inst);
        unlink(path);
    }
    if (getenv("MU_TEST_VERBOSE"))
        print_message(
            "fixing: %d instances, %d infeasible, %d through branch-and-bound, %d of them over a shrunk core, "
            "%d with core pairs fixed\n",
            n_run, n_infeasible, n_bb, n_shrunk, n_fixed);
    assert_true(n_shrunk >= 40 && n_fixed >= 15);
}

/* bench-quotas with a floor of `floor` per region and nationality (crossing), as JSON in a temporary file. */
static void generate(char *path, const char *applicants, const char *companies, const char *pairs, const char *floor) {
    mu_gen_knobs k;
    mu_error err = {0};
    assert_int_equal(mu_gen_preset(&k, "bench-quotas", &err), 0);
    assert_int_equal(mu_gen_set(&k, "applicants", applicants, &err), 0);
    assert_int_equal(mu_gen_set(&k, "companies", companies, &err), 0);
    assert_int_equal(mu_gen_set(&k, "pairs", pairs, &err), 0);
    assert_int_equal(mu_gen_set(&k, "region-nationality-floor", floor, &err), 0);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    assert_int_equal(mu_gen_write_json(&k, f, &err), 0);
    fclose(f);
}

/* Past the size where pricing runs in parallel: the same status, bound and
 * assignment, byte for byte, on 1 and 2 threads. */
static void auto_gives_the_same_answer_on_one_and_two_threads(void **state) {
    (void)state;
    char path[] = "/tmp/musubi-crossing-XXXXXX";
    generate(path, "8000", "300", "20", "2");
    mu_instance *inst = read_or_die(path);
    mu_solution *one = solve_with(inst, MU_ENGINE_AUTO, 1), *two = solve_with(inst, MU_ENGINE_AUTO, 2);
    assert_non_null(strstr(one->reason, "crossing quotas"));
    assert_true(one->eligible_pairs >= 100000);
    assert_int_equal(one->status, MU_STATUS_OPTIMAL);
    assert_int_equal(two->status, one->status);
    assert_int_equal(two->objective, one->objective);
    assert_true(two->bound == one->bound);
    assert_memory_equal(two->app_com, one->app_com, (size_t)mu_instance_applicants(inst) * sizeof *one->app_com);
    mu_solution_free(one), mu_solution_free(two);
    mu_instance_free(inst);
    unlink(path);
}

/* A stop request before the solve: interrupted, with the repaired assignment
 * or none, and a bound; never a wrong one. */
static void a_stop_request_returns_the_best_so_far_as_interrupted(void **state) {
    (void)state;
    char path[] = "/tmp/musubi-crossing-XXXXXX";
    generate(path, "3000", "120", "15", "1");
    mu_instance *inst = read_or_die(path);
    mu_request_stop();
    mu_solution *sol = solve_with(inst, MU_ENGINE_AUTO, 1);
    mu_stop_clear();
    mu_solution *full = solve_with(inst, MU_ENGINE_AUTO, 1);
    assert_int_equal(full->status, MU_STATUS_OPTIMAL);
    assert_int_equal(sol->status, MU_STATUS_INTERRUPTED);
    if (sol->has_assignment) {
        int64_t obj = -1;
        assert_int_equal(mu_check_assignment(inst, sol->app_com, &obj, stderr), 0);
        assert_true(obj <= full->objective);
    }
    assert_true(sol->has_bound && sol->bound >= (double)full->objective);
    mu_solution_free(sol), mu_solution_free(full);
    mu_instance_free(inst);
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(auto_mip_and_heuristic_agree_with_exhaustive_search_on_crossing_floors_and_caps),
        cmocka_unit_test(the_fixed_core_never_cuts_off_the_optimum),
        cmocka_unit_test(auto_gives_the_same_answer_on_one_and_two_threads),
        cmocka_unit_test(a_stop_request_returns_the_best_so_far_as_interrupted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
