/* Re-matching after withdrawals (engine/rematch.c, `musubi rematch`): on
 * seeded random instances of tests/randinst.h's host-budget family, half with
 * the budget and half without, an applicant withdraws, sometimes a host, and
 * sometimes a seat goes; the re-match must be the lexicographic optimum
 * (previous pairs kept, then weight) of an exhaustive search judged by the
 * independent checker, and every move must carry the right reason. */
#include "tests/testutil.h"

#include <unistd.h>

#include "model/solution.h"
#include "musubi.h"
#include "engine/rematch.h"
#include "tests/randinst.h"

/* Over every assignment the checker accepts on the changed instance with the
 * withdrawn applicants unplaced: the most previous pairs kept, then the most
 * weight among those; and, per applicant, whether some assignment keeping
 * that many pairs keeps its previous pair (can_keep[a]). */
static void exhaustive_rematch(const mu_instance *inst, const int32_t *prev, const uint8_t *app_gone,
                               int64_t *best_kept, int64_t *best_w, uint8_t *can_keep) {
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
                if (pass == 0 && (kept > *best_kept || (kept == *best_kept && obj > *best_w)))
                    *best_kept = kept, *best_w = obj;
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
                fprintf(stderr, "seed %llu: kept %lld weight %lld, exhaustive %lld %lld (%s)\n",
                        (unsigned long long)seed, (long long)r.kept, (long long)r.sol->objective, (long long)best_kept,
                        (long long)best_w, path);
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
                const char *want = prev[a] < 0         ? "newly_placed"
                                   : app_gone[a]       ? "applicant_withdrew"
                                   : com_gone[prev[a]] ? "host_withdrew"
                                   : mv->rule >= 0     ? "pair_no_longer_eligible"
                                   : can_keep[a]       ? "weight"
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
    if (getenv("MU_VERBOSE"))
        fprintf(stderr, "rematch: %d moves, %d required, %d by weight\n", total_moves, required, by_weight);
    assert_true(required > 0);
    assert_true(by_weight > 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rematch_keeps_the_most_previous_pairs_then_weight_and_names_each_move),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
