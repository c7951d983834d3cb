/* Metrics of an assignment (analysis/metrics.c), called directly through
 * mu_metrics_compute on a problem built with mu_problem_build: every measure
 * of analysis/metrics.h on a hand-made instance whose numbers are worked out
 * below, for two assignments; then, on random small instances of
 * tests/randinst.h and random assignments, every count against a brute-force
 * reading of the definitions that derives the ranks on its own from the
 * instance (README "Policies", engine/prefs.h) and shares no code with
 * engine/prefs.c or analysis/metrics.c; the same at a larger size, where
 * hosts hold many interns, weights tie and lists are partial (the fast
 * paths: thresholds per host, binary search among its interns); the same
 * numbers on 1, 2 and 5 threads; and the levels of --metrics. */
#include "tests/testutil.h"

#include <math.h>
#include <omp.h>
#include <unistd.h>

#include "analysis/metrics.h"
#include "engine/problem.h"
#include "musubi.h"
#include "tests/randinst.h"
#include "tests/textinst.h"

/* ---- the hand-made instance ----------------------------------------------
 * Pairs (weight): A1-C1 10, A1-C2 8, A2-C1 6, A2-C2 9, A3-C1 6, A3-C2 4; A4
 * has none. Lists rank only (mutual_preferences false): A1 lists C2, C1; C2
 * lists A2, A1, A3; the others rank by weight, heaviest first, ties shared.
 *   applicants' ranks   A1: C2 1, C1 2   A2: C2 1, C1 2   A3: C1 1, C2 2
 *   hosts' ranks        C1: A1 1, A2 2, A3 2 (tie)   C2: A2 1, A1 2, A3 3
 * C1 (Kanto, sector it) has 2 seats, C2 (Kansai) 1; A1, A2 are VN, A3, A4
 * TH; A1 is in cohort spring, A3 in autumn. */
static const char HAND[] =
    "{\"format\": \"musubi-instance-1\", \"applicants\": ["
    "{\"id\": \"A1\", \"nationality\": \"VN\", \"cohort\": \"spring\", \"preferences\": [\"C2\", \"C1\"]},"
    " {\"id\": \"A2\", \"nationality\": \"VN\"}, {\"id\": \"A3\", \"nationality\": \"TH\", \"cohort\": \"autumn\"},"
    " {\"id\": \"A4\", \"nationality\": \"TH\"}],"
    " \"companies\": [{\"id\": \"C1\", \"capacity\": 2, \"region\": \"Kanto\", \"sector\": \"it\"},"
    " {\"id\": \"C2\", \"capacity\": 1, \"region\": \"Kansai\", \"preferences\": [\"A2\", \"A1\", \"A3\"]}],"
    " \"rules\": {\"mutual_preferences\": false},"
    " \"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 10}, {\"applicant\": \"A1\", \"company\": "
    "\"C2\", \"weight\": 8},"
    " {\"applicant\": \"A2\", \"company\": \"C1\", \"weight\": 6}, {\"applicant\": \"A2\", \"company\": \"C2\", "
    "\"weight\": 9},"
    " {\"applicant\": \"A3\", \"company\": \"C1\", \"weight\": 6}, {\"applicant\": \"A3\", \"company\": \"C2\", "
    "\"weight\": 4}]}";

static mu_metrics *measure(const mu_problem *pb, const int32_t *app_com, const mu_options *opt) {
    mu_metrics *m = NULL;
    mu_error err = {0};
    assert_int_equal(mu_metrics_compute(pb, app_com, opt, NULL, &m, &err), MU_OK);
    assert_non_null(m);
    return m;
}

static void assert_group(const mu_group_rate *g, const char *attr, const char *value, int company_side, int64_t members,
                         int64_t placed) {
    assert_string_equal(g->attr, attr);
    assert_string_equal(g->value, value);
    assert_int_equal(g->company_side, company_side);
    assert_int_equal(g->members, members);
    assert_int_equal(g->placed, placed);
}

/* X: A1-C1, A2-C2, A3-C1, A4 unplaced. Weight 25; applicants' ranks 2, 1, 1
 * (profile 2/1, mean 4/3); hosts' ranks 1 (A1 at C1), 1 (A2 at C2), 2 (A3 at
 * C1) (profile 2/1, mean 4/3). No blocking pair: A1 prefers C2, but C2 ranks
 * its intern A2 first; no envy likewise. Egalitarian cost 3 + 2 + 3 = 8 (A4
 * has no eligible pair, every seat is filled). Gini of (10, 9, 6, 0):
 * sum |xi - xj| over ordered pairs 66, over 2 n^2 mean = 200: 0.33. */
static void a_stable_full_assignment_measured_by_hand(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HAND);
    mu_problem pb;
    mu_error err = {0};
    assert_int_equal(mu_problem_build(inst, &pb, &err), MU_OK);
    const int32_t x[] = {0, 1, 0, -1};
    mu_metrics *m = measure(&pb, x, NULL);
    assert_int_equal(m->applicants, 4);
    assert_int_equal(m->placements, 3);
    assert_int_equal(m->seats, 3);
    assert_int_equal(m->weight, 25);
    assert_int_equal(m->app_levels, 2);
    assert_int_equal(m->app_profile[0], 2);
    assert_int_equal(m->app_profile[1], 1);
    assert_int_equal(m->com_levels, 2);
    assert_int_equal(m->com_profile[0], 2);
    assert_int_equal(m->com_profile[1], 1);
    assert_true(fabs(m->app_mean_rank - 4.0 / 3) < 1e-12);
    assert_true(fabs(m->com_mean_rank - 4.0 / 3) < 1e-12);
    assert_int_equal(m->blocking, 0);
    assert_int_equal(m->envy_pairs, 0);
    assert_int_equal(m->envious, 0);
    assert_int_equal(m->egalitarian_cost, 8);
    assert_true(fabs(m->gini - 0.33) < 1e-12);
    /* nationality (applicants), then region and sector (hosts), values in order */
    assert_int_equal(m->n_groups, 5);
    assert_group(&m->groups[0], "nationality", "TH", 0, 2, 1);
    assert_group(&m->groups[1], "nationality", "VN", 0, 2, 2);
    assert_group(&m->groups[2], "region", "Kansai", 1, 1, 1);
    assert_group(&m->groups[3], "region", "Kanto", 1, 2, 2);
    assert_group(&m->groups[4], "sector", "it", 1, 2, 2);
    assert_int_equal(m->has_unconstrained, 0);
    assert_null(m->listed_app);
    mu_metrics_free(m);
    mu_problem_free(&pb);
    mu_instance_free(inst);
}

/* Y: A1-C2, A2-C1, A3 and A4 unplaced. Weight 14; applicants' ranks 1, 2
 * (profile 1/1, mean 1.5); hosts' ranks 2 (C2 of A1), 2 (C1 of A2) (profile
 * 0/2, mean 2). Blocking pairs: (A2, C2) (A2 prefers C2; C2 prefers A2 to
 * A1) and (A3, C1) (A3 unplaced, C1 has a free seat); not (A3, C2): C2
 * prefers A1. Envy: A2 of A1 at C2 (1 pair, 1 applicant); A3 envies no one
 * (C1 ranks A3 and A2 alike, C2 prefers A1). Egalitarian cost: placed 3 + 4,
 * A3 unplaced 2 + 1, one empty seat at C1 (of 2; 3 eligible applicants) 2 +
 * 1: 13. Gini of (8, 6, 0, 0): 60 / (2 x 16 x 3.5) = 15/28. */
static void an_unstable_assignment_measured_by_hand_with_its_blocking_pairs_listed(void **state) {
    (void)state;
    mu_instance *inst = read_ok(HAND);
    mu_problem pb;
    mu_error err = {0};
    assert_int_equal(mu_problem_build(inst, &pb, &err), MU_OK);
    const int32_t y[] = {1, 0, -1, -1};
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 2; /* lists the blocking pairs */
    opt.group_by = "cohort";
    mu_metrics *m = measure(&pb, y, &opt);
    assert_int_equal(m->placements, 2);
    assert_int_equal(m->weight, 14);
    assert_int_equal(m->app_levels, 2);
    assert_int_equal(m->app_profile[0], 1);
    assert_int_equal(m->app_profile[1], 1);
    assert_int_equal(m->com_levels, 2);
    assert_int_equal(m->com_profile[0], 0);
    assert_int_equal(m->com_profile[1], 2);
    assert_true(fabs(m->app_mean_rank - 1.5) < 1e-12);
    assert_true(fabs(m->com_mean_rank - 2.0) < 1e-12);
    assert_int_equal(m->blocking, 2);
    assert_int_equal(m->n_listed, 2);
    assert_int_equal(m->listed_app[0], 1); /* (A2, C2), then (A3, C1): pair order */
    assert_int_equal(m->listed_com[0], 1);
    assert_int_equal(m->listed_app[1], 2);
    assert_int_equal(m->listed_com[1], 0);
    assert_int_equal(m->envy_pairs, 1);
    assert_int_equal(m->envious, 1);
    assert_int_equal(m->egalitarian_cost, 13);
    assert_true(fabs(m->gini - 15.0 / 28) < 1e-12);
    /* --group-by first: only applicants with the attribute count */
    assert_int_equal(m->n_groups, 7);
    assert_group(&m->groups[0], "cohort", "autumn", 0, 1, 0);
    assert_group(&m->groups[1], "cohort", "spring", 0, 1, 1);
    assert_group(&m->groups[2], "nationality", "TH", 0, 2, 0);
    assert_group(&m->groups[3], "nationality", "VN", 0, 2, 2);
    assert_group(&m->groups[4], "region", "Kansai", 1, 1, 1);
    assert_group(&m->groups[5], "region", "Kanto", 1, 2, 1);
    assert_group(&m->groups[6], "sector", "it", 1, 2, 1);
    mu_metrics_free(m);

    /* Nobody placed: every applicant with a pair and every seat costs one past its last rank. */
    const int32_t none[] = {-1, -1, -1, -1};
    m = measure(&pb, none, NULL);
    assert_int_equal(m->placements, 0);
    assert_int_equal(m->app_levels, 0);
    assert_int_equal(m->blocking, 6); /* every eligible pair */
    assert_int_equal(m->envy_pairs, 0);
    assert_int_equal(m->egalitarian_cost, 3 * 3 + 2 * 3 + 1 * 4);
    assert_true(m->gini == 0);
    mu_metrics_free(m);
    mu_problem_free(&pb);
    mu_instance_free(inst);
}

/* ---- brute force on random instances -------------------------------------- */

/* Rank of partner x (pair weight w) by a side with list items[lo..hi)
 * (empty: no list) and eligible pairs of the given weights: by position in
 * the list, one past its end when absent; without a list by weight, 1 + the
 * number of strictly heavier pairs. */
static int32_t plain_rank(const int32_t *items, int64_t lo, int64_t hi, int32_t x, const int64_t *weights, int n,
                          int64_t w) {
    if (hi > lo) {
        for (int64_t k = lo; k < hi; k++)
            if (items[k] == x) return (int32_t)(k - lo + 1);
        return (int32_t)(hi - lo + 1);
    }
    int32_t r = 1;
    for (int i = 0; i < n; i++) r += weights[i] > w;
    return r;
}

typedef struct plain {
    int32_t n_app, n_com;
    int64_t w[8][4];  /* -1: not eligible */
    int32_t ra[8][4]; /* the applicant's rank of the host */
    int32_t rc[8][4]; /* the host's rank of the applicant */
    int32_t last_a[8], last_c[4];
} plain;

static void plain_ranks(const mu_instance *inst, const mu_pairs *p, plain *v) {
    memset(v, 0, sizeof *v);
    v->n_app = inst->n_app, v->n_com = inst->n_com;
    for (int32_t a = 0; a < v->n_app; a++)
        for (int32_t c = 0; c < v->n_com; c++) {
            int64_t k = mu_pairs_find(p, a, c);
            v->w[a][c] = k >= 0 ? p->w[k] : -1;
        }
    for (int32_t a = 0; a < v->n_app; a++)
        for (int32_t c = 0; c < v->n_com; c++) {
            if (v->w[a][c] < 0) continue;
            int64_t wa[4], wc[8]; /* the weights of a's and of c's eligible pairs */
            int na = 0, nc = 0;
            for (int32_t d = 0; d < v->n_com; d++)
                if (v->w[a][d] >= 0) wa[na++] = v->w[a][d];
            for (int32_t b = 0; b < v->n_app; b++)
                if (v->w[b][c] >= 0) wc[nc++] = v->w[b][c];
            v->ra[a][c] = plain_rank(inst->app_pref.item, inst->app_pref.off[a], inst->app_pref.off[a + 1], c, wa, na,
                                     v->w[a][c]);
            v->rc[a][c] = plain_rank(inst->com_pref.item, inst->com_pref.off[c], inst->com_pref.off[c + 1], a, wc, nc,
                                     v->w[a][c]);
            if (v->ra[a][c] > v->last_a[a]) v->last_a[a] = v->ra[a][c];
            if (v->rc[a][c] > v->last_c[c]) v->last_c[c] = v->rc[a][c];
        }
}

/* A random assignment within capacities: applicants in random order each
 * take a random eligible host with a free seat, or stay out. */
static void random_assignment(const mu_instance *inst, const plain *v, int32_t *x) {
    int32_t order[8], held[4] = {0};
    for (int32_t a = 0; a < v->n_app; a++) order[a] = a, x[a] = -1;
    for (int32_t i = v->n_app - 1; i > 0; i--) {
        int32_t j = below(i + 1), t = order[i];
        order[i] = order[j], order[j] = t;
    }
    for (int32_t i = 0; i < v->n_app; i++) {
        int32_t a = order[i], c = below(v->n_com + 1) - 1;
        if (c >= 0 && v->w[a][c] >= 0 && held[c] < inst->com[c].capacity) x[a] = c, held[c]++;
    }
}

static void metrics_equal_a_brute_force_reading_on_random_instances(void **state) {
    (void)state;
    int64_t blocking = 0, envy = 0, measured = 0;
    for (uint64_t seed = 1; seed <= 300; seed++) {
        char path[] = "/tmp/musubi-test-metrics-XXXXXX";
        close(mkstemp(path));
        rng_state = seed * 31337;
        shape s = {.n = 2 + below(7), .m = 1 + below(4), .quotas = 0, .pairs = below(2), .rules = below(2), .prefs = 1};
        write_instance(path, s);
        mu_instance *inst = NULL;
        mu_error err = {0};
        assert_int_equal(mu_instance_read(path, &inst, &err), MU_OK);
        unlink(path);
        mu_problem pb;
        assert_int_equal(mu_problem_build(inst, &pb, &err), MU_OK);
        plain v;
        plain_ranks(inst, &pb.pairs, &v);
        for (int trial = 0; trial < 4; trial++) {
            int32_t x[8];
            random_assignment(inst, &v, x);
            mu_metrics *m = measure(&pb, x, NULL);
            int64_t placed = 0, weight = 0, blk = 0, envy_pairs = 0, envious = 0, egal = 0, held[4] = {0}, deg[4] = {0};
            int64_t profile_a[8] = {0}, profile_c[8] = {0};
            for (int32_t a = 0; a < v.n_app; a++)
                if (x[a] >= 0) held[x[a]]++;
            for (int32_t a = 0; a < v.n_app; a++) {
                int32_t c0 = x[a];
                if (c0 >= 0) {
                    placed++, weight += v.w[a][c0];
                    profile_a[v.ra[a][c0] - 1]++, profile_c[v.rc[a][c0] - 1]++;
                    egal += v.ra[a][c0] + v.rc[a][c0];
                } else if (v.last_a[a]) {
                    egal += v.last_a[a] + 1;
                }
                int any = 0;
                for (int32_t c = 0; c < v.n_com; c++) {
                    if (v.w[a][c] < 0) continue;
                    deg[c]++;
                    if (c == c0 || (c0 >= 0 && v.ra[a][c] >= v.ra[a][c0])) continue; /* a does not prefer c */
                    int takes = held[c] < inst->com[c].capacity;
                    for (int32_t b = 0; b < v.n_app; b++)
                        if (x[b] == c && v.rc[a][c] < v.rc[b][c]) takes = 1, envy_pairs++, any = 1;
                    blk += takes;
                }
                envious += any;
            }
            for (int32_t c = 0; c < v.n_com; c++) {
                int64_t seats = inst->com[c].capacity < deg[c] ? inst->com[c].capacity : deg[c];
                if (seats > held[c]) egal += (seats - held[c]) * (v.last_c[c] + 1);
            }
            if (m->blocking != blk || m->envy_pairs != envy_pairs || m->egalitarian_cost != egal)
                fprintf(stderr, "seed %llu trial %d: blocking %lld/%lld envy %lld/%lld egalitarian %lld/%lld\n",
                        (unsigned long long)seed, trial, (long long)m->blocking, (long long)blk,
                        (long long)m->envy_pairs, (long long)envy_pairs, (long long)m->egalitarian_cost,
                        (long long)egal);
            assert_int_equal(m->placements, placed);
            assert_int_equal(m->weight, weight);
            assert_int_equal(m->blocking, blk);
            assert_int_equal(m->envy_pairs, envy_pairs);
            assert_int_equal(m->envious, envious);
            assert_int_equal(m->egalitarian_cost, egal);
            for (int32_t r = 0; r < 8; r++) {
                assert_int_equal(r < m->app_levels ? m->app_profile[r] : 0, profile_a[r]);
                assert_int_equal(r < m->com_levels ? m->com_profile[r] : 0, profile_c[r]);
            }
            /* Gini by the mean absolute difference */
            double sum = 0, diff = 0;
            for (int32_t a = 0; a < v.n_app; a++) {
                double wa = x[a] >= 0 ? (double)v.w[a][x[a]] : 0;
                sum += wa;
                for (int32_t b = 0; b < v.n_app; b++) diff += fabs(wa - (x[b] >= 0 ? (double)v.w[b][x[b]] : 0));
            }
            double gini = sum > 0 ? diff / (2.0 * v.n_app * sum) : 0;
            assert_true(fabs(m->gini - gini) < 1e-9);
            blocking += blk, envy += envy_pairs, measured++;
            mu_metrics_free(m);
        }
        mu_problem_free(&pb);
        mu_instance_free(inst);
    }
    if (getenv("MU_VERBOSE"))
        fprintf(stderr, "%lld assignments: %lld blocking pairs, %lld envy pairs\n", (long long)measured,
                (long long)blocking, (long long)envy);
    assert_true(blocking > 300); /* the family does exercise the counts */
    assert_true(envy > 100);
}

/* ---- the fast paths at a larger size ---------------------------------------
 * Hosts with many interns (the binary search among them), weights from a
 * handful of values (ties everywhere), lists on some entities only and
 * partial (unlisted eligible partners rank one past the end), against the
 * same brute-force reading, with arrays sized to the instance. */

typedef struct bigplain {
    int32_t na, nc;
    int64_t *w;       /* [a * nc + c], -1: not eligible */
    int32_t *ra, *rc; /* ranks, as in plain */
    int32_t *last_a, *last_c;
} bigplain;

static int32_t list_pos(const mu_rows *rows, int32_t owner, int32_t x) {
    int64_t lo = rows->off[owner], hi = rows->off[owner + 1];
    for (int64_t k = lo; k < hi; k++)
        if (rows->item[k] == x) return (int32_t)(k - lo + 1);
    return (int32_t)(hi - lo + 1);
}

static void big_ranks(const mu_instance *inst, const mu_pairs *p, bigplain *v) {
    int32_t na = v->na = inst->n_app, nc = v->nc = inst->n_com;
    v->w = malloc((size_t)na * (size_t)nc * sizeof *v->w);
    v->ra = calloc((size_t)na * (size_t)nc, sizeof *v->ra);
    v->rc = calloc((size_t)na * (size_t)nc, sizeof *v->rc);
    v->last_a = calloc((size_t)na, sizeof *v->last_a);
    v->last_c = calloc((size_t)nc, sizeof *v->last_c);
    for (int32_t a = 0; a < na; a++)
        for (int32_t c = 0; c < nc; c++) {
            int64_t k = mu_pairs_find(p, a, c);
            v->w[a * nc + c] = k >= 0 ? p->w[k] : -1;
        }
    for (int32_t a = 0; a < na; a++)
        for (int32_t c = 0; c < nc; c++) {
            int64_t w = v->w[a * nc + c];
            if (w < 0) continue;
            int32_t ra = 1, rc = 1;
            if (inst->app_pref.off[a + 1] > inst->app_pref.off[a]) ra = list_pos(&inst->app_pref, a, c);
            else
                for (int32_t d = 0; d < nc; d++) ra += v->w[a * nc + d] > w;
            if (inst->com_pref.off[c + 1] > inst->com_pref.off[c]) rc = list_pos(&inst->com_pref, c, a);
            else
                for (int32_t b = 0; b < na; b++) rc += v->w[b * nc + c] > w;
            v->ra[a * nc + c] = ra, v->rc[a * nc + c] = rc;
            if (ra > v->last_a[a]) v->last_a[a] = ra;
            if (rc > v->last_c[c]) v->last_c[c] = rc;
        }
}

static void big_free(bigplain *v) { free(v->w), free(v->ra), free(v->rc), free(v->last_a), free(v->last_c); }

/* A random list of some of n partners (prefix P), or nothing. */
static void some_list(char *buf, size_t size, const char *prefix, int n) {
    int idx[128], k = 1 + below(n); /* n <= 128 */
    for (int i = 0; i < n; i++) idx[i] = i;
    for (int i = n - 1; i > 0; i--) { /* Fisher-Yates, then the first k */
        int j = below(i + 1), t = idx[i];
        idx[i] = idx[j], idx[j] = t;
    }
    size_t o = (size_t)snprintf(buf, size, ", \"preferences\": [");
    for (int i = 0; i < k; i++) o += (size_t)snprintf(buf + o, size - o, "%s\"%s%d\"", i ? ", " : "", prefix, idx[i]);
    snprintf(buf + o, size - o, "]");
}

static char *big_instance_text(int na, int nc, int mutual) {
    size_t size = (size_t)(na * nc) * 96 + 4096, o = 0;
    char *t = malloc(size), list[4096];
    o += (size_t)snprintf(t + o, size - o, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
    for (int a = 0; a < na; a++) {
        list[0] = '\0';
        if (below(3) == 0) some_list(list, sizeof list, "C", nc);
        o += (size_t)snprintf(t + o, size - o, "%s{\"id\": \"A%d\", \"nationality\": \"%s\"%s}", a ? ", " : "", a,
                              NATS[below(4)], list);
    }
    o += (size_t)snprintf(t + o, size - o, "], \"companies\": [");
    for (int c = 0; c < nc; c++) {
        list[0] = '\0';
        if (below(3) == 0) some_list(list, sizeof list, "A", na);
        o += (size_t)snprintf(t + o, size - o, "%s{\"id\": \"C%d\", \"capacity\": %d%s}", c ? ", " : "", c, below(9),
                              list);
    }
    o += (size_t)snprintf(t + o, size - o, "], \"rules\": {\"mutual_preferences\": %s}, \"pairs\": [",
                          mutual ? "true" : "false");
    int first = 1;
    for (int a = 0; a < na; a++)
        for (int c = 0; c < nc; c++)
            if (below(3)) {
                o += (size_t)snprintf(t + o, size - o,
                                      "%s{\"applicant\": \"A%d\", \"company\": \"C%d\", \"weight\": %d}",
                                      first ? "" : ", ", a, c, below(5));
                first = 0;
            }
    snprintf(t + o, size - o, "]}");
    return t;
}

static void metrics_equal_the_brute_force_with_many_interns_ties_and_partial_lists(void **state) {
    (void)state;
    int64_t blocking = 0, envy = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        rng_state = seed * 7919;
        int na = 20 + below(40), nc = 2 + below(6);
        char *text = big_instance_text(na, nc, below(3) == 0);
        mu_instance *inst = read_ok(text);
        free(text);
        mu_problem pb;
        mu_error err = {0};
        assert_int_equal(mu_problem_build(inst, &pb, &err), MU_OK);
        bigplain v;
        big_ranks(inst, &pb.pairs, &v);
        int32_t *x = malloc((size_t)na * sizeof *x), *held = calloc((size_t)nc, sizeof *held),
                *deg = calloc((size_t)nc, sizeof *deg);
        for (int trial = 0; trial < 3; trial++) {
            /* random within capacities: applicants in index order take a random eligible host with room */
            memset(held, 0, (size_t)nc * sizeof *held);
            for (int32_t a = 0; a < na; a++) {
                int32_t c = below(nc + 1) - 1;
                x[a] = c >= 0 && v.w[a * nc + c] >= 0 && held[c] < inst->com[c].capacity ? c : -1;
                if (x[a] >= 0) held[c]++;
            }
            mu_metrics *m = measure(&pb, x, NULL);
            int64_t blk = 0, envy_pairs = 0, envious = 0, egal = 0;
            memset(deg, 0, (size_t)nc * sizeof *deg);
            for (int32_t a = 0; a < na; a++) {
                int32_t c0 = x[a];
                if (c0 >= 0) egal += v.ra[a * nc + c0] + v.rc[a * nc + c0];
                else if (v.last_a[a]) egal += v.last_a[a] + 1;
                int any = 0;
                for (int32_t c = 0; c < nc; c++) {
                    if (v.w[a * nc + c] < 0) continue;
                    deg[c]++;
                    if (c == c0 || (c0 >= 0 && v.ra[a * nc + c] >= v.ra[a * nc + c0])) continue;
                    int takes = held[c] < inst->com[c].capacity;
                    for (int32_t b = 0; b < na; b++)
                        if (x[b] == c && v.rc[a * nc + c] < v.rc[b * nc + c]) takes = 1, envy_pairs++, any = 1;
                    blk += takes;
                }
                envious += any;
            }
            for (int32_t c = 0; c < nc; c++) {
                int64_t seats = inst->com[c].capacity < deg[c] ? inst->com[c].capacity : deg[c];
                if (seats > held[c]) egal += (seats - held[c]) * (v.last_c[c] + 1);
            }
            assert_int_equal(m->blocking, blk);
            assert_int_equal(m->envy_pairs, envy_pairs);
            assert_int_equal(m->envious, envious);
            assert_int_equal(m->egalitarian_cost, egal);
            int64_t profile_a[64] = {0}, profile_c[64] = {0};
            for (int32_t a = 0; a < na; a++)
                if (x[a] >= 0) profile_a[v.ra[a * nc + x[a]] - 1]++, profile_c[v.rc[a * nc + x[a]] - 1]++;
            for (int32_t r = 0; r < 64; r++) {
                assert_int_equal(r < m->app_levels ? m->app_profile[r] : 0, profile_a[r]);
                assert_int_equal(r < m->com_levels ? m->com_profile[r] : 0, profile_c[r]);
            }
            blocking += blk, envy += envy_pairs;
            mu_metrics_free(m);
        }
        free(x), free(held), free(deg);
        big_free(&v);
        mu_problem_free(&pb);
        mu_instance_free(inst);
    }
    assert_true(blocking > 100 && envy > 100);
}

/* The same measures whatever the threads; basic drops exactly the measures
 * that need ranks; none measures nothing; auto follows the pair count. */
static void metrics_do_not_depend_on_threads_and_levels_measure_what_they_say(void **state) {
    (void)state;
    rng_state = 424242;
    char *text = big_instance_text(70, 8, 0);
    mu_instance *inst = read_ok(text);
    free(text);
    mu_problem pb;
    mu_error err = {0};
    assert_int_equal(mu_problem_build(inst, &pb, &err), MU_OK);
    int32_t x[70];
    int32_t held[8] = {0};
    for (int32_t a = 0; a < 70; a++) {
        int32_t c = a % 8;
        x[a] = mu_pairs_find(&pb.pairs, a, c) >= 0 && held[c] < inst->com[c].capacity ? c : -1;
        if (x[a] >= 0) held[c]++;
    }
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 2;
    int threads[] = {1, 2, 5};
    mu_metrics *ref = NULL;
    for (int t = 0; t < 3; t++) {
        omp_set_num_threads(threads[t]);
        mu_metrics *m = measure(&pb, x, &opt);
        if (!ref) {
            ref = m;
            continue;
        }
        assert_int_equal(m->blocking, ref->blocking);
        assert_int_equal(m->envy_pairs, ref->envy_pairs);
        assert_int_equal(m->envious, ref->envious);
        assert_int_equal(m->egalitarian_cost, ref->egalitarian_cost);
        assert_int_equal(m->app_levels, ref->app_levels);
        assert_int_equal(m->com_levels, ref->com_levels);
        assert_memory_equal(m->app_profile, ref->app_profile, (size_t)m->app_levels * sizeof *m->app_profile);
        assert_memory_equal(m->com_profile, ref->com_profile, (size_t)m->com_levels * sizeof *m->com_profile);
        assert_int_equal(m->n_listed, ref->n_listed);
        assert_memory_equal(m->listed_app, ref->listed_app, (size_t)m->n_listed * sizeof *m->listed_app);
        assert_memory_equal(m->listed_com, ref->listed_com, (size_t)m->n_listed * sizeof *m->listed_com);
        assert_true(m->gini == ref->gini && m->app_mean_rank == ref->app_mean_rank &&
                    m->com_mean_rank == ref->com_mean_rank);
        mu_metrics_free(m);
    }
    omp_set_num_threads(2);
    assert_true(ref->blocking > 0 && ref->n_listed == ref->blocking);
    assert_int_equal(ref->level, MU_METRICS_ALL);
    opt.metrics = MU_METRICS_BASIC;
    mu_metrics *b = measure(&pb, x, &opt);
    assert_int_equal(b->level, MU_METRICS_BASIC);
    assert_int_equal(b->placements, ref->placements);
    assert_int_equal(b->weight, ref->weight);
    assert_int_equal(b->seats, ref->seats);
    assert_true(b->gini == ref->gini);
    assert_int_equal(b->n_groups, ref->n_groups);
    assert_int_equal(b->blocking, 0);
    assert_int_equal(b->app_levels, 0);
    assert_non_null(b->app_profile);
    assert_null(b->listed_app);
    mu_metrics_free(b);
    opt.metrics = MU_METRICS_NONE;
    mu_metrics *none = (mu_metrics *)1;
    assert_int_equal(mu_metrics_compute(&pb, x, &opt, NULL, &none, &err), MU_OK);
    assert_null(none);
    assert_int_equal(mu_metrics_level_for(NULL, MU_METRICS_ALL_PAIRS), MU_METRICS_ALL);
    assert_int_equal(mu_metrics_level_for(NULL, MU_METRICS_ALL_PAIRS + 1), MU_METRICS_BASIC);
    opt.metrics = MU_METRICS_ALL;
    assert_int_equal(mu_metrics_level_for(&opt, MU_METRICS_ALL_PAIRS + 1), MU_METRICS_ALL);
    /* the option by name, refused with its name */
    assert_int_equal(mu_options_set(&opt, "metrics", "basic", &err), MU_OK);
    assert_int_equal(opt.metrics, MU_METRICS_BASIC);
    mu_error_clear(&err);
    assert_int_equal(mu_options_set(&opt, "metrics", "some", &err), MU_EUSAGE);
    assert_string_equal(err.msg, "--metrics: expected one of auto|none|basic|all, got \"some\"");
    mu_metrics_free(ref);
    mu_problem_free(&pb);
    mu_instance_free(inst);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_stable_full_assignment_measured_by_hand),
        cmocka_unit_test(an_unstable_assignment_measured_by_hand_with_its_blocking_pairs_listed),
        cmocka_unit_test(metrics_equal_a_brute_force_reading_on_random_instances),
        cmocka_unit_test(metrics_equal_the_brute_force_with_many_interns_ties_and_partial_lists),
        cmocka_unit_test(metrics_do_not_depend_on_threads_and_levels_measure_what_they_say),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
