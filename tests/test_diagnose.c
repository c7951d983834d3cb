/* Infeasibility diagnosis (engine/diagnose.c): on hundreds of seeded small
 * infeasible instances, the conflicting set it names is judged by exhaustive
 * search, never by GLPK (its oracle): with only the set's constraints in
 * force the program has no feasible assignment, and without any one member
 * it has one. */
#include <unistd.h>

#include "tests/randinst.h"

#include "engine/diagnose.h"
#include "engine/problem.h"

/* In force: floors, ceilings (per row), capacities (per company); a relaxed
 * floor is 0, a relaxed ceiling none, a relaxed capacity every applicant. */
typedef struct force {
    uint8_t floor[64], ceiling[64], cap[16];
} force;

static int feasible_rec(const mu_problem *pb, const force *f, int32_t a, int32_t *app_pair, int32_t *fill) {
    const mu_instance *inst = pb->inst;
    if (a == inst->n_app) {
        for (int32_t r = 0; r < pb->n_rows; r++) {
            int64_t cnt = 0;
            for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) {
                int64_t p = pb->row_pair[k];
                for (int32_t b = 0; b < inst->n_app; b++) cnt += app_pair[b] == p;
            }
            if (f->floor[r] && cnt < pb->rows[r].min) return 0;
            if (f->ceiling[r] && cnt > pb->rows[r].max) return 0;
        }
        return 1;
    }
    app_pair[a] = -1;
    if (feasible_rec(pb, f, a + 1, app_pair, fill)) return 1;
    for (int64_t p = pb->pairs.app_off[a]; p < pb->pairs.app_off[a + 1]; p++) {
        int32_t c = pb->pairs.com[p];
        if (f->cap[c] && fill[c] >= inst->com[c].capacity) continue;
        fill[c]++, app_pair[a] = (int32_t)p;
        int ok = feasible_rec(pb, f, a + 1, app_pair, fill);
        fill[c]--;
        if (ok) return 1;
    }
    app_pair[a] = -1;
    return 0;
}

static int feasible(const mu_problem *pb, const force *f) {
    int32_t app_pair[16], fill[16] = {0};
    return feasible_rec(pb, f, 0, app_pair, fill);
}

static force all_in_force(const mu_problem *pb) {
    force f;
    memset(&f, 0, sizeof f);
    for (int32_t r = 0; r < pb->n_rows; r++)
        f.floor[r] = pb->rows[r].min > 0, f.ceiling[r] = pb->rows[r].max != INT64_MAX;
    for (int32_t c = 0; c < pb->inst->n_com; c++) f.cap[c] = 1;
    return f;
}

static force only(const mu_diagnosis *d, int32_t skip) {
    force f;
    memset(&f, 0, sizeof f);
    for (int32_t k = 0; k < d->n; k++) {
        if (k == skip) continue;
        const mu_conflict *c = &d->c[k];
        if (c->kind == MU_CONFLICT_FLOOR) f.floor[c->row] = 1;
        else if (c->kind == MU_CONFLICT_CEILING) f.ceiling[c->row] = 1;
        else f.cap[c->company] = 1;
    }
    return f;
}

/* A family where conflicts take several constraints: everyone eligible,
 * regional floors against a programme budget, a nationality cap and floor,
 * and small capacities. */
static void write_crossing(const char *path) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    int n = 3 + below(4), m = 2 + below(2);
    fprintf(f, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
    for (int a = 0; a < n; a++)
        fprintf(f, "%s{\"id\": \"A%d\", \"nationality\": \"%s\"}", a ? ", " : "", a, NATS[below(2)]);
    fprintf(f, "], \"companies\": [");
    for (int c = 0; c < m; c++)
        fprintf(f, "%s{\"id\": \"C%d\", \"capacity\": %d, \"region\": \"%s\"}", c ? ", " : "", c, 1 + below(2),
                REGIONS[c % 2]);
    fprintf(f, "], \"quotas\": [");
    const char *sep = "";
    if (below(3))
        fprintf(f, "%s{\"name\": \"kansai-floor\", \"companies\": {\"region\": \"Kansai\"}, \"min\": %d}", sep,
                1 + below(3)),
            sep = ", ";
    if (below(3))
        fprintf(f, "%s{\"name\": \"kanto-floor\", \"companies\": {\"region\": \"Kanto\"}, \"min\": %d}", sep,
                1 + below(2)),
            sep = ", ";
    if (below(2)) fprintf(f, "%s{\"name\": \"budget\", \"max\": %d}", sep, 1 + below(3)), sep = ", ";
    if (below(2))
        fprintf(f, "%s{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"VN\"}, \"max\": %d}", sep, below(2)),
            sep = ", ";
    if (below(2))
        fprintf(f, "%s{\"name\": \"th-floor\", \"applicants\": {\"nationality\": \"TH\"}, \"min\": %d}", sep,
                1 + below(2)),
            sep = ", ";
    if (!sep[0]) fprintf(f, "{\"name\": \"kansai-floor\", \"companies\": {\"region\": \"Kansai\"}, \"min\": 1}");
    fprintf(f, "]}\n");
    fclose(f);
}

static void every_named_conflict_is_infeasible_and_irreducible_by_exhaustive_search(void **state) {
    (void)state;
    char path[] = "/tmp/musubi-diagnose-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int infeasible_seen = 0, several = 0;
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    for (uint64_t seed = 1; seed <= 3000 && infeasible_seen < 300; seed++) {
        rng_state = seed * 7919;
        if (seed % 2) {
            shape s = {
                .n = 3 + below(4), .m = 1 + below(3), .quotas = 1, .pairs = below(2), .rules = below(2), .prefs = 1};
            write_instance(path, s);
        } else write_crossing(path);
        mu_instance *inst = NULL;
        mu_error err = {0};
        if (mu_instance_read(path, &inst, &err)) continue; /* e.g. a quota whose filter matches nothing */
        mu_problem pb;
        assert_int_equal(mu_problem_build(inst, &pb, &err), MU_OK);
        if (pb.n_rows > 64 || feasible(&pb, &(force){0}) == 0) { /* relaxing everything is always feasible */
            fail_msg("seed %llu: with nothing in force there must be an assignment", (unsigned long long)seed);
        }
        force all = all_in_force(&pb);
        if (feasible(&pb, &all)) {
            mu_problem_free(&pb), mu_instance_free(inst);
            continue;
        }
        infeasible_seen++;
        int64_t min0[64], max0[64];
        for (int32_t r = 0; r < pb.n_rows; r++) min0[r] = pb.rows[r].min, max0[r] = pb.rows[r].max;
        mu_diagnosis d;
        assert_int_equal(mu_diagnose(&pb, &opt, 0, &d, &err), MU_OK);
        if (d.n == 0 || !d.minimal)
            fail_msg("seed %llu: no irreducible set named (n %d)", (unsigned long long)seed, d.n);
        for (int32_t r = 0; r < pb.n_rows; r++) { /* the problem is left as it was */
            assert_int_equal(pb.rows[r].min, min0[r]);
            assert_int_equal(pb.rows[r].max, max0[r]);
        }
        assert_null(pb.cap);
        int has_floor = 0;
        for (int32_t k = 0; k < d.n; k++) has_floor |= d.c[k].kind == MU_CONFLICT_FLOOR;
        assert_true(has_floor); /* without a floor the empty assignment is feasible */
        force f = only(&d, -1);
        if (feasible(&pb, &f)) fail_msg("seed %llu: the named set alone is feasible", (unsigned long long)seed);
        for (int32_t k = 0; k < d.n; k++) {
            force g = only(&d, k);
            if (!feasible(&pb, &g))
                fail_msg("seed %llu: member %d (%s) is not needed", (unsigned long long)seed, k, d.c[k].label);
        }
        several += d.n > 1;
        char text[2048];
        mu_diagnosis_text(&d, text, sizeof text);
        assert_non_null(strstr(text, "needs at least"));
        mu_diagnosis_free(&d);
        mu_problem_free(&pb);
        mu_instance_free(inst);
    }
    unlink(path);
    if (getenv("MUSUBI_TEST_VERBOSE"))
        fprintf(stderr, "%d infeasible instances, %d conflicts of several constraints\n", infeasible_seen, several);
    assert_true(infeasible_seen >= 100); /* the family really exercises the diagnosis */
    assert_true(several >= 30);          /* and many conflicts take more than one constraint */
}

static void the_example_names_the_kansai_floor_and_the_rules_that_thin_it(void **state) {
    (void)state;
    mu_instance *inst = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read("instances/examples/infeasible.json", &inst, &err), MU_OK);
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    mu_solution *s = NULL;
    assert_int_equal(mu_solve(inst, &opt, &s, &err), MU_OK);
    assert_int_equal(mu_solution_status(s), MU_STATUS_INFEASIBLE);
    assert_int_equal(s->n_conflict, 1);
    assert_int_equal(s->conflict[0].kind, MU_CONFLICT_FLOOR);
    assert_string_equal(s->conflict[0].label, "kansai-floor");
    assert_true(s->conflict_minimal);
    assert_non_null(strstr(s->reason, "quota row kansai-floor needs at least 3 placements (2 eligible applicants"));
    mu_solution_free(s);
    mu_instance_free(inst);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_example_names_the_kansai_floor_and_the_rules_that_thin_it),
        cmocka_unit_test(every_named_conflict_is_infeasible_and_irreducible_by_exhaustive_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
