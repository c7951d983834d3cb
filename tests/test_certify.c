/* Certificates from engine prices (engine/certify.c): mu_certify turns an
 * engine's company and quota-row prices into a dual certificate, deriving
 * the applicant prices exactly (u_a = max(0, max_p S w_p - v_c - lam_p)), so
 * that prices that are rounded, or simply wrong, still give a valid
 * certificate, only a weaker bound; the bound is floor(D / S). Cases where
 * no certificate may be given first; then prices worked by hand; then
 * mu_duals_from_real's scale; then random prices on random instances
 * (tests/randinst.h), where every certificate must pass the independent
 * checker and bound the exhaustive optimum. */
#include "tests/testutil.h"

#include <math.h>
#include <unistd.h>

#include "base/io.h"
#include "engine/certify.h"
#include "engine/problem.h"
#include "model/solution.h"
#include "musubi.h"
#include "tests/randinst.h"
#include "tests/textinst.h"

/* ---- plumbing ------------------------------------------------------------ */

/* The instance of tests/test_check.c: optimum A1-C1 (250) + A3-C2 (200) =
 * 450; the other eligible pairs are A1-C2 (150) and A2-C1 (200); the LP dual
 * v = (200, 150), u = (50, 0, 50) is tight. */
static const char BASE[] = "{\"format\": \"musubi-instance-1\", \"applicants\": ["
                           "{\"id\": \"A1\", \"nationality\": \"VN\", \"preferences\": [\"C1\", \"C2\"]},"
                           " {\"id\": \"A2\", \"nationality\": \"ID\", \"preferences\": [\"C1\"]},"
                           " {\"id\": \"A3\", \"nationality\": \"VN\", \"preferences\": [\"C2\"]}],"
                           " \"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"target_markets\": [\"VN\"]}, {\"id\": "
                           "\"C2\", \"capacity\": 1}]}";

/* A problem of the instance text, and an engine result with company prices v
 * (n_com of them) at scale S; lam stays NULL. */
typedef struct fixture {
    mu_instance *inst;
    mu_problem pb;
    mu_result res;
    mu_cert cert;
} fixture;

static void setup(fixture *f, const char *doc) {
    memset(f, 0, sizeof *f);
    f->inst = read_ok(doc);
    mu_error err = {0};
    assert_int_equal(mu_problem_build(f->inst, &f->pb, &err), MU_OK);
}

static void set_prices(fixture *f, int64_t scale, const int64_t *v) {
    mu_result_free_duals(&f->res);
    f->res.has_duals = 1;
    f->res.dual_scale = scale;
    f->res.v = calloc((size_t)f->inst->n_com + 1, sizeof *f->res.v);
    assert_non_null(f->res.v);
    for (int32_t c = 0; c < f->inst->n_com; c++) f->res.v[c] = v[c];
}

static void certify(fixture *f) {
    mu_error err = {0};
    mu_cert_free(&f->cert);
    assert_int_equal(mu_certify(&f->pb, &f->res, &f->cert, &err), MU_OK);
}

static void teardown(fixture *f) {
    mu_cert_free(&f->cert);
    mu_result_free_duals(&f->res);
    mu_problem_free(&f->pb);
    mu_instance_free(f->inst);
}

/* Writes a solution of the instance with assignment app_com (NULL: none
 * placed) and the certificate as mu_solution_write_json does, and has
 * mu_check_file judge it; returns its verdict and puts the report in rep. */
static int check_certificate(const mu_instance *inst, const int32_t *app_com, const mu_cert *cert, char *rep,
                             size_t n) {
    mu_error err = {0};
    mu_solution *sol = mu_solution_new(inst->n_app, inst->n_com, &err);
    assert_non_null(sol);
    sol->status = MU_STATUS_FEASIBLE;
    sol->has_assignment = 1;
    snprintf(sol->engine, sizeof sol->engine, "test");
    mu_pairs pairs;
    assert_int_equal(mu_pairs_build(inst, &pairs, &err), MU_OK);
    for (int32_t a = 0; app_com && a < inst->n_app; a++) {
        if (app_com[a] < 0) continue;
        int64_t k = mu_pairs_find(&pairs, a, app_com[a]);
        assert_true(k >= 0);
        sol->app_com[a] = app_com[a];
        sol->app_w[a] = pairs.w[k];
        sol->objective += pairs.w[k];
    }
    mu_pairs_free(&pairs);
    /* a copy: the solution owns its certificate */
    sol->cert = *cert;
    sol->cert.u = malloc(((size_t)inst->n_app + 1) * sizeof *sol->cert.u);
    sol->cert.v = malloc(((size_t)inst->n_com + 1) * sizeof *sol->cert.v);
    sol->cert.rows = malloc(((size_t)cert->n_rows + 1) * sizeof *sol->cert.rows);
    assert_true(sol->cert.u && sol->cert.v && sol->cert.rows);
    memcpy(sol->cert.u, cert->u, (size_t)inst->n_app * sizeof *cert->u);
    memcpy(sol->cert.v, cert->v, (size_t)inst->n_com * sizeof *cert->v);
    if (cert->n_rows) memcpy(sol->cert.rows, cert->rows, (size_t)cert->n_rows * sizeof *cert->rows);
    char path[] = "/tmp/musubi-test-certify-XXXXXX";
    close(mkstemp(path));
    assert_int_equal(mu_solution_write_json(sol, inst, NULL, path, &err), MU_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    int rc = mu_check_file(inst, path, f, &err);
    fclose(f);
    snprintf(rep, n, "%s", buf);
    free(buf);
    unlink(path);
    mu_solution_free(sol);
    return rc;
}

/* The bound the checker certifies, read from its report. */
static int64_t checked_bound(const char *rep, int64_t objective) {
    const char *p = strstr(rep, "; bound ");
    if (p) return strtoll(p + 8, NULL, 10);
    assert_non_null(strstr(rep, "; optimality certified by dual prices"));
    return objective;
}

/* ---- no certificate ------------------------------------------------------ */

static void no_certificate_without_prices_with_extensions_or_with_prices_too_large_to_write(void **state) {
    (void)state;
    fixture f;
    setup(&f, BASE);
    certify(&f); /* no duals */
    assert_int_equal(f.cert.scale, 0);
    f.res.has_duals = 1; /* duals announced, but no company prices */
    certify(&f);
    assert_int_equal(f.cert.scale, 0);
    const int64_t exact[] = {200, 150}, huge[] = {(int64_t)1 << 51, 150};
    set_prices(&f, (int64_t)1 << 51, exact); /* a scale past 2^50 */
    certify(&f);
    assert_int_equal(f.cert.scale, 0);
    set_prices(&f, 1, huge); /* a price past 2^50 */
    certify(&f);
    assert_int_equal(f.cert.scale, 0);
    set_prices(&f, 1, exact);
    certify(&f);
    assert_int_equal(f.cert.scale, 1); /* the same prices, certified */
    mu_error err = {0};
    assert_true(mu_ext_add_col(&f.pb, 0, 1, 0, 1, &err) >= 0); /* a model beyond the LP: no certificate */
    certify(&f);
    assert_int_equal(f.cert.scale, 0);
    assert_null(f.cert.u);
    teardown(&f);
}

/* ---- prices worked by hand ----------------------------------------------- */

static void exact_duals_give_the_optimum_as_bound_with_the_smallest_applicant_prices(void **state) {
    (void)state;
    fixture f;
    setup(&f, BASE);
    const int64_t v[] = {200, 150};
    set_prices(&f, 0, v); /* scale 0 means 1 */
    certify(&f);
    assert_int_equal(f.cert.scale, 1);
    assert_int_equal(f.cert.bound, 450);
    assert_int_equal(f.cert.u[0], 50); /* max(250 - 200, 150 - 150) */
    assert_int_equal(f.cert.u[1], 0);  /* 200 - 200 */
    assert_int_equal(f.cert.u[2], 50); /* 200 - 150 */
    assert_int_equal(f.cert.v[0], 200);
    assert_int_equal(f.cert.v[1], 150);
    assert_int_equal(f.cert.n_rows, 0);
    char rep[4096];
    const int32_t opt[] = {0, -1, 1};
    assert_int_equal(check_certificate(f.inst, opt, &f.cert, rep, sizeof rep), MU_OK);
    assert_non_null(strstr(rep, "objective 450 recomputed; optimality certified by dual prices"));
    teardown(&f);
}

/* Off by 20 either way, the prices still certify: u absorbs the difference,
 * and the bound is looser. A negative price counts as 0. */
static void rounded_or_wrong_prices_still_give_a_valid_certificate(void **state) {
    (void)state;
    fixture f;
    setup(&f, BASE);
    const int32_t opt[] = {0, -1, 1};
    char rep[4096];
    const int64_t off[] = {180, 170}; /* u = (70, 20, 30): D = 70 + 20 + 30 + 180 + 170 */
    set_prices(&f, 1, off);
    certify(&f);
    assert_int_equal(f.cert.u[0], 70);
    assert_int_equal(f.cert.u[1], 20);
    assert_int_equal(f.cert.u[2], 30);
    assert_int_equal(f.cert.bound, 470);
    assert_int_equal(check_certificate(f.inst, opt, &f.cert, rep, sizeof rep), MU_OK);
    assert_int_equal(checked_bound(rep, 450), 470);
    const int64_t negative[] = {-5, 150}; /* v(C1) = 0: u = (250, 200, 50), D = 650 */
    set_prices(&f, 1, negative);
    certify(&f);
    assert_int_equal(f.cert.v[0], 0);
    assert_int_equal(f.cert.u[0], 250);
    assert_int_equal(f.cert.u[1], 200);
    assert_int_equal(f.cert.bound, 650);
    assert_int_equal(check_certificate(f.inst, opt, &f.cert, rep, sizeof rep), MU_OK);
    assert_int_equal(checked_bound(rep, 450), 650);
    const int64_t zero[] = {0, 0}; /* no prices at all: u = the best weight of each applicant */
    set_prices(&f, 1, zero);
    certify(&f);
    assert_int_equal(f.cert.bound, 250 + 200 + 200);
    teardown(&f);
}

/* Scale 3, v = (599, 449): u = (151, 1, 151), D = 1351, bound floor(1351 / 3) = 450. */
static void the_bound_is_the_floor_of_the_dual_objective_over_the_scale(void **state) {
    (void)state;
    fixture f;
    setup(&f, BASE);
    const int64_t v[] = {599, 449};
    set_prices(&f, 3, v);
    certify(&f);
    assert_int_equal(f.cert.scale, 3);
    assert_int_equal(f.cert.u[0], 151);
    assert_int_equal(f.cert.u[1], 1);
    assert_int_equal(f.cert.u[2], 151);
    assert_int_equal(f.cert.bound, 450);
    char rep[4096];
    const int32_t opt[] = {0, -1, 1};
    assert_int_equal(check_certificate(f.inst, opt, &f.cert, rep, sizeof rep), MU_OK);
    assert_non_null(strstr(rep, "optimality certified by dual prices"));
    teardown(&f);
}

/* Four applicants (VN, VN, TH, TH), C1 and C2 (Kanto, Kansai) with two seats
 * each, weights 1..8 in (applicant, company) order; at most one VN placement
 * (a max row) and at least one placement in Kansai (a min row). */
static const char QUOTAS[] =
    "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\"},"
    " {\"id\": \"A2\", \"nationality\": \"VN\"}, {\"id\": \"A3\", \"nationality\": \"TH\"}, {\"id\": \"A4\", "
    "\"nationality\": \"TH\"}],"
    " \"companies\": [{\"id\": \"C1\", \"capacity\": 2, \"region\": \"Kanto\"}, {\"id\": \"C2\", \"capacity\": 2, "
    "\"region\": \"Kansai\"}],"
    " \"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 1}, {\"applicant\": \"A1\", \"company\": "
    "\"C2\", \"weight\": 2},"
    " {\"applicant\": \"A2\", \"company\": \"C1\", \"weight\": 3}, {\"applicant\": \"A2\", \"company\": \"C2\", "
    "\"weight\": 4},"
    " {\"applicant\": \"A3\", \"company\": \"C1\", \"weight\": 5}, {\"applicant\": \"A3\", \"company\": \"C2\", "
    "\"weight\": 6},"
    " {\"applicant\": \"A4\", \"company\": \"C1\", \"weight\": 7}, {\"applicant\": \"A4\", \"company\": \"C2\", "
    "\"weight\": 8}],"
    " \"quotas\": [{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"VN\"}, \"max\": 1},"
    " {\"name\": \"kansai-floor\", \"companies\": {\"region\": \"Kansai\"}, \"min\": 1}]}";

/* Row prices: 3 on vn-cap's max, and on kansai-floor first +5 (a price on
 * a side the row does not have: dropped), then -2 on its min.
 *   +5: u = (0, 1, 6, 8) (VN pairs less 3), D = 15 + 3 x 1 = 18;
 *   -2: Kansai pairs gain 2: u = (1, 3, 8, 10), D = 22 + 3 - 2 x 1 = 23.
 * The optimum is 17 (A2-C2 4, A4-C2 8, A3-C1 5). */
static void quota_row_prices_enter_the_pairs_and_the_bound_by_the_side_they_price(void **state) {
    (void)state;
    fixture f;
    setup(&f, QUOTAS);
    assert_int_equal(f.pb.n_rows, 2);
    int32_t cap = f.pb.rows[0].quota == 0 ? 0 : 1, floor_row = 1 - cap;
    assert_int_equal(f.pb.rows[cap].max, 1);
    assert_int_equal(f.pb.rows[floor_row].min, 1);
    const int64_t v[] = {0, 0};
    set_prices(&f, 1, v);
    f.res.lam = calloc(2, sizeof *f.res.lam);
    assert_non_null(f.res.lam);
    f.res.lam[cap] = 3;
    f.res.lam[floor_row] = 5;
    certify(&f);
    assert_int_equal(f.cert.n_rows, 1);
    assert_int_equal(f.cert.rows[0].quota, 0);
    assert_int_equal(f.cert.rows[0].company, -1);
    assert_int_equal(f.cert.rows[0].price, 3);
    const int64_t u1[] = {0, 1, 6, 8};
    for (int a = 0; a < 4; a++) assert_int_equal(f.cert.u[a], u1[a]);
    assert_int_equal(f.cert.bound, 18);
    assert_int_equal(exhaustive(f.inst), 17);
    char rep[4096];
    const int32_t best[] = {-1, 1, 0, 1};
    assert_int_equal(check_certificate(f.inst, best, &f.cert, rep, sizeof rep), MU_OK);
    assert_int_equal(checked_bound(rep, 17), 18);

    f.res.lam[floor_row] = -2;
    certify(&f);
    assert_int_equal(f.cert.n_rows, 2);
    const int64_t u2[] = {1, 3, 8, 10};
    for (int a = 0; a < 4; a++) assert_int_equal(f.cert.u[a], u2[a]);
    assert_int_equal(f.cert.bound, 23);
    assert_int_equal(check_certificate(f.inst, best, &f.cert, rep, sizeof rep), MU_OK);
    assert_int_equal(checked_bound(rep, 17), 23);
    teardown(&f);
}

/* ---- real prices ---------------------------------------------------------- */

/* The scale is 2^20, halved until every scaled weight times 64 stays within
 * 2^50; real prices are rounded to it, negative company prices to 0. */
static void real_prices_are_rounded_at_a_power_of_two_scale(void **state) {
    (void)state;
    fixture f;
    setup(&f, BASE);
    const double exact[] = {200, 150}, rounded[] = {200.3, 149.6}, negative[] = {-1.5, 150};
    mu_error err = {0};
    assert_int_equal(mu_duals_from_real(&f.pb, exact, NULL, &f.res, &err), MU_OK);
    assert_int_equal(f.res.dual_scale, (int64_t)1 << 20);
    assert_int_equal(f.res.v[0], 200 << 20);
    certify(&f);
    assert_int_equal(f.cert.bound, 450);
    mu_result_free_duals(&f.res);
    assert_int_equal(mu_duals_from_real(&f.pb, rounded, NULL, &f.res, &err), MU_OK);
    assert_int_equal(f.res.v[0], llround(200.3 * (1 << 20)));
    certify(&f);
    assert_true(f.cert.bound >= 450);
    char rep[4096];
    const int32_t opt[] = {0, -1, 1};
    assert_int_equal(check_certificate(f.inst, opt, &f.cert, rep, sizeof rep), MU_OK);
    assert_int_equal(checked_bound(rep, 450), f.cert.bound);
    mu_result_free_duals(&f.res);
    assert_int_equal(mu_duals_from_real(&f.pb, negative, NULL, &f.res, &err), MU_OK);
    assert_int_equal(f.res.v[0], 0);
    teardown(&f);

    /* Weights of 10^9: 2^14 x 10^9 x 64 <= 2^50 < 2^15 x 10^9 x 64. */
    setup(&f,
          "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}], \"companies\": [{\"id\": \"C1\", "
          "\"capacity\": 1}], \"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 1000000000}]}");
    const double v1[] = {1e9};
    assert_int_equal(mu_duals_from_real(&f.pb, v1, NULL, &f.res, &err), MU_OK);
    assert_int_equal(f.res.dual_scale, 16384);
    certify(&f);
    assert_int_equal(f.cert.scale, 16384);
    assert_int_equal(f.cert.bound, 1000000000);
    teardown(&f);
}

/* ---- random prices on random instances ----------------------------------- */

/* Whatever the prices (company prices of any sign and size within reason,
 * row prices of either sign, any scale), the certificate is valid: the
 * checker accepts it next to the optimal assignment, confirms its bound,
 * and the bound is never below the exhaustive optimum. */
static void any_prices_give_a_certificate_the_checker_accepts_and_that_bounds_the_optimum(void **state) {
    (void)state;
    int checked = 0, with_rows = 0;
    for (uint64_t seed = 1; seed <= 200; seed++) {
        char path[] = "/tmp/musubi-test-certify-inst-XXXXXX";
        close(mkstemp(path));
        rng_state = seed * 7919;
        shape s = {.n = 1 + below(6),
                   .m = 1 + below(3),
                   .quotas = below(2),
                   .pairs = below(2),
                   .rules = below(2),
                   .prefs = below(2)};
        write_instance(path, s);
        mu_instance *inst = NULL;
        mu_error err = {0};
        assert_int_equal(mu_instance_read(path, &inst, &err), MU_OK);
        unlink(path);
        int64_t best = exhaustive(inst);
        mu_options opt;
        mu_options_init(&opt);
        opt.verbosity = 0;
        opt.engine = MU_ENGINE_MIP;
        mu_solution *sol = NULL;
        assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_OK);
        if (best < 0) { /* nothing to bound */
            mu_solution_free(sol);
            mu_instance_free(inst);
            continue;
        }
        assert_int_equal(mu_solution_objective(sol), best);
        mu_problem pb;
        assert_int_equal(mu_problem_build(inst, &pb, &err), MU_OK);
        mu_result res = {0};
        int64_t S = 1 + below(1000);
        res.has_duals = 1;
        res.dual_scale = S;
        res.v = malloc(((size_t)inst->n_com + 1) * sizeof *res.v);
        res.lam = pb.n_rows ? malloc((size_t)pb.n_rows * sizeof *res.lam) : NULL;
        for (int32_t c = 0; c < inst->n_com; c++) res.v[c] = (int64_t)below(400 * (int)S) - 50 * S;
        for (int32_t r = 0; r < pb.n_rows; r++) res.lam[r] = (int64_t)below(200 * (int)S) - 100 * S;
        mu_cert cert;
        assert_int_equal(mu_certify(&pb, &res, &cert, &err), MU_OK);
        assert_int_equal(cert.scale, S);
        assert_true(cert.bound >= best);
        char rep[4096];
        int rc = check_certificate(inst, sol->app_com, &cert, rep, sizeof rep);
        if (rc != MU_OK) fprintf(stderr, "seed %llu:\n%s", (unsigned long long)seed, rep);
        assert_int_equal(rc, MU_OK);
        assert_int_equal(checked_bound(rep, best), cert.bound);
        checked++;
        with_rows += cert.n_rows > 0;
        mu_cert_free(&cert);
        mu_result_free_duals(&res);
        mu_problem_free(&pb);
        mu_solution_free(sol);
        mu_instance_free(inst);
    }
    if (getenv("MU_VERBOSE")) fprintf(stderr, "%d certificates checked, %d with row prices\n", checked, with_rows);
    assert_true(checked > 100);
    assert_true(with_rows > 20);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_certificate_without_prices_with_extensions_or_with_prices_too_large_to_write),
        cmocka_unit_test(exact_duals_give_the_optimum_as_bound_with_the_smallest_applicant_prices),
        cmocka_unit_test(rounded_or_wrong_prices_still_give_a_valid_certificate),
        cmocka_unit_test(the_bound_is_the_floor_of_the_dual_objective_over_the_scale),
        cmocka_unit_test(quota_row_prices_enter_the_pairs_and_the_bound_by_the_side_they_price),
        cmocka_unit_test(real_prices_are_rounded_at_a_power_of_two_scale),
        cmocka_unit_test(any_prices_give_a_certificate_the_checker_accepts_and_that_bounds_the_optimum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
