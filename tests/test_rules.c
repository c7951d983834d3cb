/* Programme rules beyond seats (issue 9): host budgets. Seeded random small
 * instances with a "hosts" block, solved by mu_solve and compared with an
 * exhaustive search over every assignment whose feasibility and weight come
 * from the independent checker alone; the written solution must pass
 * `check`; the exported model read back by GLPK has the same optimum; and
 * engines that would ignore the budget refuse it. Re-matching after
 * withdrawals: the lexicographic optimum (previous pairs kept, then weight)
 * and every move's reason against exhaustive search. Bad inputs first. */
#include "tests/testutil.h"
#include "base/io.h"

#include <glpk.h>
#include <unistd.h>

#include "base/base.h"
#include "model/solution.h"
#include "musubi.h"
#include "engine/rematch.h"

#include "tests/randinst.h"

static char *write_temp(const char *text) {
    char *path = malloc(64);
    assert_non_null(path);
    snprintf(path, 64, "/tmp/musubi-test-rules-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

static int read_text(const char *text, mu_instance **inst, mu_error *err) {
    char *path = write_temp(text);
    memset(err, 0, sizeof *err);
    int rc = mu_instance_read(path, inst, err);
    unlink(path);
    free(path);
    return rc;
}

/* The first error line without the temporary file's name. */
static void assert_error(const char *text, const char *expected_suffix) {
    mu_instance *inst = NULL;
    mu_error err;
    assert_int_equal(read_text(text, &inst, &err), MU_EINPUT);
    assert_null(inst);
    const char *colon = strchr(err.msg, ':');
    assert_non_null(colon);
    char first[600];
    snprintf(first, sizeof first, "%s", colon + 2);
    char *nl = strchr(first, '\n');
    if (nl) *nl = '\0';
    if (strcmp(first, expected_suffix) != 0) fprintf(stderr, "got:      %s\nexpected: %s\n", first, expected_suffix);
    assert_string_equal(first, expected_suffix);
}

#define HEAD "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}], " \
             "\"companies\": [{\"id\": \"C1\", \"capacity\": 2, \"region\": \"Kanto\"}], "

static void hosts_must_be_an_object_with_known_keys_and_a_bound(void **state) {
    (void)state;
    assert_error(HEAD "\"hosts\": 60}", "hosts: expected an object, got 60");
    assert_error(HEAD "\"hosts\": {\"max_companies\": 60}}", "hosts: unknown key \"max_companies\"");
    assert_error(HEAD "\"hosts\": {}}",
                 "hosts: expected at least one of min_participating, max_participating, min_per_host, max_per_host");
    assert_error(HEAD "\"hosts\": {\"companies\": {\"region\": \"Kanto\"}}}",
                 "hosts: expected at least one of min_participating, max_participating, min_per_host, max_per_host");
}

static void hosts_bounds_are_integers_in_range_and_ordered(void **state) {
    (void)state;
    assert_error(HEAD "\"hosts\": {\"max_participating\": -1}}",
                 "hosts.max_participating: expected an integer from 0 to 2147483647, got -1");
    assert_error(HEAD "\"hosts\": {\"max_per_host\": 1.5}}", "hosts.max_per_host: expected an integer from 0 to 1000000, got 1.5");
    assert_error(HEAD "\"hosts\": {\"min_per_host\": 3, \"max_per_host\": 2}}", "hosts: min_per_host 3 is greater than max_per_host 2");
    assert_error(HEAD "\"hosts\": {\"min_participating\": 5, \"max_participating\": 4}}",
                 "hosts: min_participating 5 is greater than max_participating 4");
}

static void hosts_filter_names_an_attribute_some_company_has(void **state) {
    (void)state;
    assert_error(HEAD "\"hosts\": {\"max_participating\": 1, \"companies\": {\"sector\": \"IT\"}}}",
                 "hosts.companies.sector: no company has the attribute \"sector\"");
}

/* ---- exhaustive cross-checks ---------------------------------------------- */


/* n applicants, m companies, given pairs with random weights, a random host
 * budget, and sometimes a quota. */
static void write_budget_instance(const char *path, int n, int m) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
    for (int a = 0; a < n; a++) fprintf(f, "%s{\"id\": \"A%d\", \"nationality\": \"%s\"}", a ? ", " : "", a, below(2) ? "VN" : "TH");
    fprintf(f, "], \"companies\": [");
    for (int c = 0; c < m; c++)
        fprintf(f, "%s{\"id\": \"C%d\", \"capacity\": %d, \"region\": \"%s\"}", c ? ", " : "", c, below(4), REGIONS[below(2)]);
    fprintf(f, "], \"pairs\": [");
    int first = 1;
    for (int a = 0; a < n; a++)
        for (int c = 0; c < m; c++)
            if (below(4)) {
                fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"C%d\", \"weight\": %d}", first ? "" : ", ", a, c, below(30));
                first = 0;
            }
    fprintf(f, "], \"hosts\": {");
    const char *sep = "";
    int kmax = below(3) ? below(m + 1) : -1, kmin = below(4) ? -1 : below(2);
    if (kmax >= 0 && kmin > kmax) kmin = kmax;
    if (kmax >= 0) fprintf(f, "%s\"max_participating\": %d", sep, kmax), sep = ", ";
    if (kmin >= 0) fprintf(f, "%s\"min_participating\": %d", sep, kmin), sep = ", ";
    int lo = below(3);
    if (lo) fprintf(f, "%s\"min_per_host\": %d", sep, lo), sep = ", ";
    if (below(2) || !*sep) fprintf(f, "%s\"max_per_host\": %d", sep, lo + below(3)), sep = ", ";
    if (!below(3)) fprintf(f, "%s\"companies\": {\"region\": \"%s\"}", sep, REGIONS[below(2)]);
    fprintf(f, "}");
    if (!below(3)) fprintf(f, ", \"quotas\": [{\"name\": \"vn-floor\", \"applicants\": {\"nationality\": \"VN\"}, \"min\": 1}]");
    fprintf(f, "}\n");
    fclose(f);
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
        char path[] = "/tmp/musubi-test-rules-XXXXXX", out[] = "/tmp/musubi-sol-XXXXXX", model[] = "/tmp/musubi-lp-XXXXXX";
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
    if (getenv("MU_VERBOSE")) fprintf(stderr, "300 instances: %d infeasible, %d where the budget lowers the optimum\n", infeasible, binding);
    assert_true(infeasible > 0 && infeasible < 100);
    assert_true(binding > 60);
}

static void engines_that_ignore_a_host_budget_refuse_it(void **state) {
    (void)state;
    mu_instance *inst = NULL;
    mu_error err;
    assert_int_equal(read_text(HEAD "\"hosts\": {\"max_participating\": 1}}", &inst, &err), MU_OK);
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
    const char *fmt =
        "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A2\"}, {\"id\": \"A3\"}, {\"id\": \"A4\"}],"
        " \"companies\": [{\"id\": \"C1\", \"capacity\": 2}, {\"id\": \"C2\", \"capacity\": 1}, {\"id\": \"C3\", \"capacity\": 1}],"
        " \"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 10}, {\"applicant\": \"A2\", \"company\": \"C1\", \"weight\": 9},"
        " {\"applicant\": \"A3\", \"company\": \"C2\", \"weight\": 8}, {\"applicant\": \"A4\", \"company\": \"C3\", \"weight\": 6}]%s}";
    const char *budgets[] = {"", ", \"hosts\": {\"max_participating\": 2, \"max_per_host\": 1}",
                             ", \"hosts\": {\"max_participating\": 2, \"max_per_host\": 2}",
                             ", \"hosts\": {\"min_per_host\": 2}"};
    const int64_t want[] = {33, 18, 27, 19};
    for (int k = 0; k < 4; k++) {
        char text[2048];
        snprintf(text, sizeof text, fmt, budgets[k]);
        mu_instance *inst = NULL;
        mu_error err;
        assert_int_equal(read_text(text, &inst, &err), MU_OK);
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


/* ---- re-matching ----------------------------------------------------------- */

/* Over every assignment the checker accepts on the changed instance with the
 * withdrawn applicants unplaced: the most previous pairs kept, then the most
 * weight among those; and, per applicant, whether some assignment keeping
 * that many pairs keeps its previous pair (can_keep[a]). */
static void exhaustive_rematch(const mu_instance *inst, const int32_t *prev, const uint8_t *app_gone, int64_t *best_kept,
                               int64_t *best_w, uint8_t *can_keep) {
    int32_t n = mu_instance_applicants(inst), m = mu_instance_companies(inst);
    int32_t app_com[8];
    *best_kept = *best_w = -1;
    for (int pass = 0; pass < 2; pass++) {
        for (int32_t a = 0; a < n; a++) app_com[a] = -1;
        for (;;) {
            int64_t obj;
            int ok = 1;
            for (int32_t a = 0; a < n; a++) ok &= !(app_gone[a] && app_com[a] >= 0);
            if (ok && mu_check_assignment(inst, app_com, &obj, NULL) == 0) {
                int64_t kept = 0;
                for (int32_t a = 0; a < n; a++) kept += prev[a] >= 0 && app_com[a] == prev[a];
                if (pass == 0 && (kept > *best_kept || (kept == *best_kept && obj > *best_w))) *best_kept = kept, *best_w = obj;
                if (pass == 1 && kept == *best_kept)
                    for (int32_t a = 0; a < n; a++) can_keep[a] |= prev[a] >= 0 && app_com[a] == prev[a];
            }
            int32_t a = 0;
            while (a < n && app_com[a] == m - 1) app_com[a++] = -1;
            if (a == n) break;
            app_com[a]++;
        }
    }
}

static void rematch_keeps_the_most_previous_pairs_then_weight_and_names_each_move(void **state) {
    (void)state;
    int required = 0, by_weight = 0, total_moves = 0;
    for (uint64_t seed = 100; seed < 300; seed++) {
        char path[] = "/tmp/musubi-test-rules-XXXXXX";
        close(mkstemp(path));
        rng_state = seed;
        int n = 2 + (int)(seed % 5), mm = 1 + (int)(seed % 3);
        write_budget_instance(path, n, mm);
        mu_instance *inst = NULL;
        mu_error err = {0};
        assert_int_equal(mu_instance_read(path, &inst, &err), MU_OK);
        if (seed % 2) inst->hosts.given = 0; /* half with, half without a host budget */
        mu_options opt;
        mu_options_init(&opt);
        opt.verbosity = 0;
        mu_solution *sol = NULL;
        assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_OK);
        if (!mu_solution_has_assignment(sol)) {
            mu_solution_free(sol);
            mu_instance_free(inst);
            unlink(path);
            continue;
        }
        int32_t prev[8];
        uint8_t app_gone[8] = {0}, com_gone[8] = {0}, can_keep[8] = {0};
        for (int32_t a = 0; a < n; a++) prev[a] = mu_solution_company_of(sol, a);
        mu_solution_free(sol);
        /* Withdraw one applicant, sometimes a host; sometimes cut a seat. */
        app_gone[below(n)] = 1;
        if (below(2)) com_gone[below(mm)] = 1;
        int32_t cut = below(mm);
        if (below(2) && inst->com[cut].capacity > 0) inst->com[cut].capacity--;
        mu_rematch_result r;
        assert_int_equal(mu_rematch(inst, prev, app_gone, com_gone, &opt, &r, &err), MU_OK);
        int64_t best_kept, best_w;
        exhaustive_rematch(inst, prev, app_gone, &best_kept, &best_w, can_keep);
        if (best_kept < 0) {
            assert_false(r.sol->has_assignment);
        } else {
            if (r.kept != best_kept || r.sol->objective != best_w)
                fprintf(stderr, "seed %llu: kept %lld weight %lld, exhaustive %lld %lld (%s)\n", (unsigned long long)seed,
                        (long long)r.kept, (long long)r.sol->objective, (long long)best_kept, (long long)best_w, path);
            assert_int_equal(r.kept, best_kept);
            assert_int_equal(r.sol->objective, best_w);
            int64_t obj;
            assert_int_equal(mu_check_assignment(inst, r.sol->app_com, &obj, NULL), 0);
            /* Exactly the applicants whose host changed are listed, each with the right reason. */
            int32_t listed = 0;
            for (int32_t a = 0; a < n; a++) listed += r.sol->app_com[a] != prev[a];
            assert_int_equal(r.n_moves, listed);
            for (int32_t i = 0; i < r.n_moves; i++) {
                const mu_move *mv = &r.moves[i];
                int32_t a = mv->applicant;
                assert_int_equal(mv->from, prev[a]);
                assert_int_equal(mv->to, r.sol->app_com[a]);
                const char *want = prev[a] < 0              ? "newly_placed"
                                   : app_gone[a]            ? "applicant_withdrew"
                                   : com_gone[prev[a]]      ? "host_withdrew"
                                   : mv->rule >= 0          ? "pair_no_longer_eligible"
                                   : can_keep[a]            ? "weight"
                                                            : "required";
                assert_string_equal(mv->reason, want);
                required += strcmp(want, "required") == 0;
                by_weight += strcmp(want, "weight") == 0;
            }
            total_moves += r.n_moves;
        }
        mu_rematch_result_free(&r);
        mu_instance_free(inst);
        unlink(path);
    }
    if (getenv("MU_VERBOSE")) fprintf(stderr, "rematch: %d moves, %d required, %d by weight\n", total_moves, required, by_weight);
    assert_true(required > 0);
    assert_true(by_weight > 0);
}


/* ---- tracks ------------------------------------------------------------------ */

#define TRACK_HEAD "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}], \"companies\": [{\"id\": \"C0\", \"capacity\": 1}, "

static void tracks_are_validated_naming_the_company_and_track(void **state) {
    (void)state;
    assert_error(TRACK_HEAD "{\"id\": \"C1\", \"tracks\": []}]}", "companies[1].tracks: expected an array of 1 to 64 track objects");
    assert_error(TRACK_HEAD "{\"id\": \"C1\", \"tracks\": [{\"capacity\": 1}]}]}",
                 "companies[1].tracks[0].name: expected a string of 1 to 64 bytes without '/'");
    assert_error(TRACK_HEAD "{\"id\": \"C1\", \"tracks\": [{\"name\": \"online\", \"capacity\": -1}]}]}",
                 "companies[1].tracks[0].capacity: expected an integer from 0 to 1000000, got -1");
    assert_error(TRACK_HEAD "{\"id\": \"C1\", \"tracks\": [{\"name\": \"online\", \"capacity\": 1}, {\"name\": \"online\", \"capacity\": 2}]}]}",
                 "companies[1].tracks[1].name: duplicate track \"online\" (also tracks[0])");
    assert_error(TRACK_HEAD "{\"id\": \"C1\", \"tracks\": [{\"name\": \"online\", \"capacity\": 1, \"seats\": 2}]}]}",
                 "companies[1].tracks[0]: unknown key \"seats\"");
    assert_error(TRACK_HEAD "{\"id\": \"C1\", \"track\": \"x\", \"tracks\": [{\"name\": \"online\", \"capacity\": 1}]}]}",
                 "companies[1]: a company with tracks cannot also have the attributes host or track");
    assert_error(TRACK_HEAD "{\"id\": \"C1\", \"tracks\": [{\"name\": \"online\", \"capacity\": 1}]}], "
                            "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"track\": \"remote\", \"weight\": 1}]}",
                 "pairs[0].track: company C1 has no such track");
    assert_error(TRACK_HEAD "{\"id\": \"C1\", \"tracks\": [{\"name\": \"online\", \"capacity\": 1}]}], "
                            "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C0\", \"track\": \"online\", \"weight\": 1}]}",
                 "pairs[0].track: company C0 has no tracks");
}

/* One host, two tracks: in person (1 seat, JLPT N2 required) and online
 * (2 seats); the host's capacity 2 caps both together. A1 (N1) and A2 (N3)
 * list C1; A3 (N1) lists C1 then C2 (1 seat). Known by hand: in person
 * only A1 or A3 qualify; C1 takes two in all; the positions are ranked in
 * track order, so a list entry C1 scores in-person as rank 1, online rank 2.
 * Pairs and weights (base 100, applicant_rank 100, company_rank 0, no
 * target_market): A1: C1/in-person 200, C1/online 150; A2: C1/in-person
 * ineligible, C1/online 150; A3: C1/in-person 200, C1/online 166, C2 133.
 * Best: A1 in person (200), A2 online (150), A3 at C2 (133) = 483; A3
 * online instead of A2 would give C1 three interns (cap 2). */
static void tracks_share_the_host_capacity_and_keep_one_placement_per_applicant(void **state) {
    (void)state;
    const char *text =
        "{\"format\": \"musubi-instance-1\", \"applicants\": ["
        "{\"id\": \"A1\", \"jlpt\": \"N1\", \"preferences\": [\"C1\"]}, {\"id\": \"A2\", \"jlpt\": \"N3\", \"preferences\": [\"C1\"]},"
        " {\"id\": \"A3\", \"jlpt\": \"N1\", \"preferences\": [\"C1\", \"C2\"]}],"
        " \"companies\": [{\"id\": \"C1\", \"capacity\": 2, \"tracks\": [{\"name\": \"in-person\", \"capacity\": 1, \"requires\": {\"jlpt\": \"N2\"}},"
        " {\"name\": \"online\", \"capacity\": 2}]}, {\"id\": \"C2\", \"capacity\": 1}],"
        " \"weights\": {\"base\": 100, \"applicant_rank\": 100, \"company_rank\": 0, \"target_market\": 0}}";
    mu_instance *inst = NULL;
    mu_error err;
    assert_int_equal(read_text(text, &inst, &err), MU_OK);
    assert_int_equal(mu_instance_companies(inst), 3); /* C1/in-person, C2, C1/online */
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    mu_solution *sol = NULL;
    assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_OK);
    assert_int_equal(mu_solution_objective(sol), 483);
    assert_int_equal(exhaustive(inst), 483);
    assert_string_equal(inst->com_ids.str[mu_solution_company_of(sol, 0)], "C1/in-person");
    assert_string_equal(inst->com_ids.str[mu_solution_company_of(sol, 1)], "C1/online");
    assert_string_equal(inst->com_ids.str[mu_solution_company_of(sol, 2)], "C2");
    /* The written assignment names host and track, and passes the checker. */
    char out[] = "/tmp/musubi-sol-XXXXXX";
    close(mkstemp(out));
    assert_int_equal(mu_solution_write_json(sol, inst, &opt, out, &err), MU_OK);
    char *json = NULL;
    size_t len = 0;
    assert_int_equal(mu_read_file(out, 1 << 20, &json, &len, &err), MU_OK);
    assert_non_null(strstr(json, "\"company\": \"C1/online\", \"host\": \"C1\", \"track\": \"online\""));
    free(json);
    assert_int_equal(mu_check_file(inst, out, NULL, &err), MU_OK);
    unlink(out);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

/* Random instances with a host on two tracks (sometimes a shared cap,
 * sometimes pairs naming a track), against exhaustive search. */
static void tracks_solved_equal_exhaustive_search(void **state) {
    (void)state;
    for (uint64_t seed = 400; seed < 550; seed++) {
        char path[] = "/tmp/musubi-test-rules-XXXXXX";
        close(mkstemp(path));
        rng_state = seed;
        int n = 1 + (int)(seed % 5);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fprintf(f, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
        for (int a = 0; a < n; a++) fprintf(f, "%s{\"id\": \"A%d\", \"jlpt\": \"N%d\"}", a ? ", " : "", a, 1 + below(5));
        fprintf(f, "], \"companies\": [{\"id\": \"T\"%s, \"tracks\": [{\"name\": \"in-person\", \"capacity\": %d, \"requires\": {\"jlpt\": \"N3\"}},"
                   " {\"name\": \"online\", \"capacity\": %d}]}, {\"id\": \"C\", \"capacity\": %d}], \"pairs\": [",
                below(2) ? ", \"capacity\": 2" : "", below(3), below(3), below(3));
        const char *sep = "";
        for (int a = 0; a < n; a++) {
            int k = below(4);
            if (k == 1) fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"T\", \"weight\": %d}", sep, a, below(30)), sep = ", ";
            if (k == 2) fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"T\", \"track\": \"online\", \"weight\": %d}", sep, a, below(30)), sep = ", ";
            if (k == 3) fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"T\", \"track\": \"in-person\", \"weight\": %d}", sep, a, below(30)), sep = ", ";
            if (below(2)) fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"C\", \"weight\": %d}", sep, a, below(30)), sep = ", ";
        }
        fprintf(f, "]}\n");
        fclose(f);
        if (getenv("MU_KEEP")) fprintf(stderr, "seed %llu: %s\n", (unsigned long long)seed, path);
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
        assert_int_equal(mu_solution_status(sol), MU_STATUS_OPTIMAL);
        assert_int_equal(mu_solution_objective(sol), best);
        mu_solution_free(sol);
        mu_instance_free(inst);
        unlink(path);
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
        cmocka_unit_test(tracks_are_validated_naming_the_company_and_track),
        cmocka_unit_test(tracks_share_the_host_capacity_and_keep_one_placement_per_applicant),
        cmocka_unit_test(tracks_solved_equal_exhaustive_search),
        cmocka_unit_test(rematch_keeps_the_most_previous_pairs_then_weight_and_names_each_move),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
