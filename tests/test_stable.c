/* The rotation engine (engine/stable.c): optimal stable matchings through the
 * rotation poset and minimum cuts, judged against brute force. The
 * enumeration lists every assignment of a small market within capacities
 * and keeps the stable ones by the test's own blocking-pair check (strict
 * orders: rank, then the partner's index, or da.h's lottery keys, which are
 * the tie-break's specification), so it shares nothing with stable.c's walk,
 * poset or cuts. Through mu_solve, the rotation method is compared with the
 * GLPK stability model on the same instances. Bad inputs first. */
#include "tests/randinst.h"

#include <unistd.h>

#include "analysis/metrics.h"
#include "engine/da.h"
#include "engine/stable.h"
#include "model/solution.h"

/* ---- small markets as arrays */

#define MAXA 8
#define MAXC 8
#define MAXP (MAXA * MAXC)

typedef struct market {
    int32_t na, nc;
    int32_t cap[MAXC];
    int64_t off[MAXA + 1];
    int32_t com[MAXP], ra[MAXP], rc[MAXP];
    int64_t w[MAXP];
    int tie;
    uint64_t seed;
} market;

static mu_da_input input_of(const market *mk) {
    return (mu_da_input){mk->na, mk->nc, mk->cap, mk->off, mk->com, mk->ra, mk->rc, mk->tie, mk->seed};
}

static void shuffle(int32_t *x, int n) {
    for (int i = n - 1; i > 0; i--) {
        int j = below(i + 1);
        int32_t t = x[i];
        x[i] = x[j], x[j] = t;
    }
}

/* Rarely, an adjacent transposition: a preference order near the given one. */
static void perturb(int32_t *x, int n) {
    if (n > 1 && below(6) == 0) {
        int i = below(n - 1);
        int32_t t = x[i];
        x[i] = x[i + 1], x[i + 1] = t;
    }
}

/* A random market: some applicants list every company, some a few, some
 * none; weights -5..25. A third of the markets draw independent random
 * orders (capacities 0..3); a third cyclic ones, rarely perturbed (applicant
 * a prefers companies a, a+1, ..., company c applicants from a stride on: a
 * Latin-square pattern with long chains of rotations); a third have
 * companies prefer the applicants who like them least. The last two have
 * about one seat per applicant. With ties, ranks come from a short range and
 * da.h's tie-break decides. */
static void random_market(market *mk, uint64_t seed, int ties) {
    memset(mk, 0, sizeof *mk);
    rng_state = seed;
    int kind = below(3); /* 0 random, 1 cyclic, 2 opposed */
    mk->nc = kind ? 2 + below(3) : 1 + below(4);
    mk->na = kind ? (mk->nc <= 3 && below(2) ? 2 * mk->nc : mk->nc + below(2)) : 1 + below(7);
    mk->tie = ties ? below(3) : MU_TIE_INDEX;
    mk->seed = seed;
    for (int32_t c = 0; c < mk->nc; c++) mk->cap[c] = kind ? (mk->na + c) / mk->nc : below(6) ? 1 + below(3) : 0;
    int32_t stride = 1 + below(mk->na);
    int64_t p = 0;
    for (int32_t a = 0; a < mk->na; a++) {
        mk->off[a] = p;
        int32_t order[MAXC];
        for (int32_t c = 0; c < mk->nc; c++) order[c] = kind == 1 ? (a + c) % mk->nc : c;
        if (kind == 1) perturb(order, mk->nc);
        else shuffle(order, mk->nc);
        int keep = below(kind ? 8 : 4) ? mk->nc : below(mk->nc + 1);
        for (int i = 0; i < keep; i++) {
            mk->com[p] = order[i];
            mk->ra[p] = i + 1;
            mk->w[p] = below(31) - 5;
            p++;
        }
    }
    mk->off[mk->na] = p;
    for (int32_t c = 0; c < mk->nc; c++) {
        int32_t who[MAXP];
        int n = 0;
        if (kind == 1) { /* applicants from c's stride on, cyclically */
            int32_t first = (int32_t)(((int64_t)c * mk->na / mk->nc + stride) % mk->na);
            for (int32_t i = 0; i < mk->na; i++) {
                int32_t a = (first + i) % mk->na;
                for (int64_t q = mk->off[a]; q < mk->off[a + 1]; q++)
                    if (mk->com[q] == c) who[n++] = (int32_t)q;
            }
            perturb(who, n);
        } else {
            for (int64_t q = 0; q < p; q++)
                if (mk->com[q] == c) who[n++] = (int32_t)q;
            shuffle(who, n);
            if (kind == 2) /* stable insertion sort: the applicants who rank c worst first */
                for (int i = 1; i < n; i++)
                    for (int j = i; j > 0 && mk->ra[who[j]] > mk->ra[who[j - 1]]; j--) {
                        int32_t t = who[j];
                        who[j] = who[j - 1], who[j - 1] = t;
                    }
        }
        for (int i = 0; i < n; i++) mk->rc[who[i]] = i + 1;
    }
    if (ties) /* coarsen both sides' ranks into pairs of places: ties everywhere */
        for (int64_t q = 0; q < p; q++) mk->ra[q] = (mk->ra[q] + 1) / 2, mk->rc[q] = (mk->rc[q] + 1) / 2;
}

static int32_t app_of(const market *mk, int64_t p) {
    int32_t a = 0;
    while (mk->off[a + 1] <= p) a++;
    return a;
}

/* Strict keys, smaller preferred: the index rule computed here, lotteries by da.h's keys. */
static uint64_t akey(const market *mk, int64_t p) {
    if (mk->tie == MU_TIE_INDEX) return (uint64_t)mk->ra[p] * 1000 + (uint64_t)mk->com[p];
    mu_da_input in = input_of(mk);
    return mu_da_app_key(&in, app_of(mk, p), p) * 16 + (uint64_t)mk->com[p];
}
static uint64_t ckey(const market *mk, int64_t p) {
    if (mk->tie == MU_TIE_INDEX) return (uint64_t)mk->rc[p] * 1000 + (uint64_t)app_of(mk, p);
    mu_da_input in = input_of(mk);
    return mu_da_com_key(&in, mk->com[p], app_of(mk, p), p) * 16 + (uint64_t)app_of(mk, p);
}

/* held[a]: pair or -1. Stable: within capacity and no blocking pair. */
static int is_stable(const market *mk, const int64_t *held) {
    int fill[MAXC] = {0};
    uint64_t worst[MAXC] = {0};
    for (int32_t a = 0; a < mk->na; a++)
        if (held[a] >= 0) {
            int32_t c = mk->com[held[a]];
            fill[c]++;
            if (ckey(mk, held[a]) > worst[c]) worst[c] = ckey(mk, held[a]);
        }
    for (int32_t c = 0; c < mk->nc; c++)
        if (fill[c] > mk->cap[c]) return 0;
    for (int32_t a = 0; a < mk->na; a++)
        for (int64_t p = mk->off[a]; p < mk->off[a + 1]; p++) {
            if (p == held[a] || (held[a] >= 0 && akey(mk, p) > akey(mk, held[a]))) continue;
            int32_t c = mk->com[p];
            if (mk->cap[c] > 0 && (fill[c] < mk->cap[c] || ckey(mk, p) < worst[c])) return 0;
        }
    return 1;
}

/* The measures of a matching: weight, total rank of both sides, rank profile, worst rank. */
typedef struct measure {
    int64_t weight, ranks, regret;
    int64_t profile[MAXC + 2];
} measure;

static measure measure_of(const market *mk, const int64_t *held) {
    measure m;
    memset(&m, 0, sizeof m);
    for (int32_t a = 0; a < mk->na; a++) {
        int64_t p = held[a];
        if (p < 0) continue;
        m.weight += mk->w[p];
        m.ranks += mk->ra[p] + mk->rc[p];
        m.profile[mk->ra[p]]++;
        if (mk->ra[p] > m.regret) m.regret = mk->ra[p];
        if (mk->rc[p] > m.regret) m.regret = mk->rc[p];
    }
    return m;
}

/* > 0 when x is better than y for the objective (then weight). */
static int compare(int objective, const measure *x, const measure *y) {
    int64_t d = 0;
    if (objective == MU_STABLE_EGALITARIAN) d = y->ranks - x->ranks;
    if (objective == MU_STABLE_MIN_REGRET) d = y->regret - x->regret;
    for (int r = 1; r < MAXC + 2 && objective == MU_STABLE_RANK_MAXIMAL && d == 0; r++)
        d = x->profile[r] - y->profile[r];
    if (d == 0) d = x->weight - y->weight;
    return (d > 0) - (d < 0);
}

#define MAXSTABLE 4096

typedef struct stable_set {
    int n;
    int64_t held[MAXSTABLE][MAXA];
} stable_set;

/* Every stable matching, by brute force over each applicant's pairs and "none". */
static void enumerate_stable(const market *mk, stable_set *ss) {
    int64_t held[MAXA];
    ss->n = 0;
    for (int32_t a = 0; a < mk->na; a++) held[a] = -1;
    for (;;) {
        if (is_stable(mk, held)) {
            assert_true(ss->n < MAXSTABLE);
            memcpy(ss->held[ss->n++], held, sizeof held);
        }
        int32_t a = 0;
        for (; a < mk->na; a++) {
            if (held[a] < 0 && mk->off[a] < mk->off[a + 1]) {
                held[a] = mk->off[a];
                break;
            }
            if (held[a] >= 0 && held[a] + 1 < mk->off[a + 1]) {
                held[a]++;
                break;
            }
            held[a] = -1;
        }
        if (a == mk->na) break;
    }
}

static void to_held(const market *mk, const int32_t *app_com, int64_t *held) {
    for (int32_t a = 0; a < mk->na; a++) {
        held[a] = -1;
        for (int64_t p = mk->off[a]; p < mk->off[a + 1]; p++)
            if (mk->com[p] == app_com[a]) held[a] = p;
        if (app_com[a] >= 0) assert_true(held[a] >= 0);
    }
}

/* Applies the rotations of a set (a bit mask, by index) to M0 in index
 * order; returns 0 when one of them is not exposed when its turn comes. */
static int apply(const market *mk, const mu_rotations *rot, uint32_t set, int32_t *app_com) {
    for (int32_t a = 0; a < rot->n_app; a++) app_com[a] = rot->m0[a];
    for (int32_t r = 0; r < rot->n; r++) {
        if (!(set >> r & 1)) continue;
        for (int64_t e = rot->off[r]; e < rot->off[r + 1]; e++) {
            if (app_com[rot->app[e]] != mk->com[rot->from[e]]) return 0;
            app_com[rot->app[e]] = mk->com[rot->to[e]];
        }
    }
    return 1;
}

/* The poset's closed sets are exactly the stable matchings (Irving & Leather
 * 1986): every set closed under the edges applies cleanly to a distinct stable
 * matching, and there are as many as the enumeration found. */
static void assert_closed_sets_are_the_stable_matchings(const market *mk, const mu_rotations *rot,
                                                        const stable_set *ss) {
    assert_true(rot->n <= 16);
    int closed = 0;
    static uint8_t seen[MAXSTABLE];
    memset(seen, 0, sizeof seen);
    for (uint32_t set = 0; set < (1u << rot->n); set++) {
        int ok = 1;
        for (int64_t i = 0; i < rot->n_edges && ok; i++) ok = !(set >> rot->succ[i] & 1) || (set >> rot->pred[i] & 1);
        if (!ok) continue;
        closed++;
        int32_t app_com[MAXA];
        assert_true(apply(mk, rot, set, app_com));
        int64_t held[MAXA];
        to_held(mk, app_com, held);
        int found = -1;
        for (int i = 0; i < ss->n && found < 0; i++)
            if (memcmp(ss->held[i], held, (size_t)mk->na * sizeof *held) == 0) found = i;
        if (found < 0) {
            fprintf(stderr, "closed set %x of %d rotations (%lld edges) gives an unstable matching:", set, rot->n,
                    (long long)rot->n_edges);
            for (int32_t a = 0; a < mk->na; a++) fprintf(stderr, " %d", app_com[a]);
            fprintf(stderr, "\n");
        }
        assert_true(found >= 0);
        assert_false(seen[found]);
        seen[found] = 1;
    }
    assert_int_equal(closed, ss->n);
}

/* ---- bad inputs first */

static void ranks_below_one_are_refused(void **state) {
    (void)state;
    int32_t cap[1] = {1}, com[1] = {0}, ra[1] = {1}, rc[1] = {0}, out[1];
    int64_t off[2] = {0, 1}, w[1] = {1};
    mu_da_input in = {1, 1, cap, off, com, ra, rc, MU_TIE_INDEX, 0};
    char msg[200] = "";
    assert_int_equal(mu_stable_solve(&in, NULL, w, MU_STABLE_WEIGHT, 1, out, NULL, msg, sizeof msg), MU_EINPUT);
    assert_non_null(strstr(msg, "rank"));
}

/* Two applicants, two one-seat companies, crossed preferences: one rotation. */
static market crossed(int64_t w00, int64_t w01, int64_t w10, int64_t w11) {
    market mk;
    memset(&mk, 0, sizeof mk);
    mk.na = 2, mk.nc = 2, mk.cap[0] = mk.cap[1] = 1;
    mk.off[0] = 0, mk.off[1] = 2, mk.off[2] = 4;
    /* A0: C0 then C1; A1: C1 then C0; C0 prefers A1, C1 prefers A0. */
    int32_t com[4] = {0, 1, 1, 0}, ra[4] = {1, 2, 1, 2}, rc[4] = {2, 1, 2, 1};
    int64_t w[4] = {w00, w01, w11, w10};
    memcpy(mk.com, com, sizeof com), memcpy(mk.ra, ra, sizeof ra), memcpy(mk.rc, rc, sizeof rc);
    memcpy(mk.w, w, sizeof w);
    return mk;
}

static void weights_whose_sums_overflow_are_refused_with_a_clear_error(void **state) {
    (void)state;
    char msg[200] = "";
    int32_t out[2];
    market mk = crossed(-INT64_MAX, INT64_MAX, 0, 0); /* the rotation's change: 2 * INT64_MAX */
    mu_da_input in = input_of(&mk);
    assert_int_equal(mu_stable_solve(&in, NULL, mk.w, MU_STABLE_WEIGHT, 1, out, NULL, msg, sizeof msg), MU_EINPUT);
    assert_non_null(strstr(msg, "overflows int64"));
    mk = crossed(0, INT64_MAX / 2, 0, 0); /* fits, but not below the cut's bound on total capacity */
    in = input_of(&mk);
    assert_int_equal(mu_stable_solve(&in, NULL, mk.w, MU_STABLE_WEIGHT, 1, out, NULL, msg, sizeof msg), MU_EINPUT);
    assert_non_null(strstr(msg, "too large for exact int64 cuts"));
    /* The same market with ordinary weights: the rotation is worth +3, so it is eliminated. */
    mk = crossed(1, 4, 2, 2);
    in = input_of(&mk);
    mu_stable_stats st;
    assert_int_equal(mu_stable_solve(&in, NULL, mk.w, MU_STABLE_WEIGHT, 1, out, &st, msg, sizeof msg), MU_OK);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 0);
    assert_int_equal(st.rotations, 1);
    assert_int_equal(st.eliminated, 1);
    assert_int_equal(st.weight, 6);
}

/* ---- Gusfield & Irving's example of size 8 */

/* The book's instance of size 8 (men's and women's lists, 1-based), as it is
 * widely reproduced. The expected rotations below were derived apart from
 * musubi, by enumerating the instance's stable matchings and taking the
 * differences along the covering pairs of their lattice. */

static const int GI_MEN[8][8] = {{5, 7, 1, 2, 6, 8, 4, 3}, {2, 3, 7, 5, 4, 1, 8, 6}, {8, 5, 1, 4, 6, 2, 3, 7},
                                 {3, 2, 7, 4, 1, 6, 8, 5}, {7, 2, 5, 1, 3, 6, 8, 4}, {1, 6, 7, 5, 8, 4, 2, 3},
                                 {2, 5, 7, 6, 3, 4, 8, 1}, {3, 8, 4, 5, 7, 2, 6, 1}};
static const int GI_WOMEN[8][8] = {{5, 3, 7, 6, 1, 2, 8, 4}, {8, 6, 3, 5, 7, 2, 1, 4}, {1, 5, 6, 2, 4, 8, 7, 3},
                                   {8, 7, 3, 2, 4, 1, 5, 6}, {6, 4, 7, 3, 8, 1, 2, 5}, {2, 8, 5, 3, 4, 6, 7, 1},
                                   {7, 5, 2, 1, 8, 6, 4, 3}, {7, 4, 1, 5, 2, 3, 6, 8}};

static void gusfield_irving_example_gives_the_books_rotations(void **state) {
    (void)state;
    market mk;
    memset(&mk, 0, sizeof mk);
    mk.na = mk.nc = 8;
    for (int c = 0; c < 8; c++) mk.cap[c] = 1;
    for (int m = 0; m < 8; m++) {
        mk.off[m] = m * 8;
        for (int i = 0; i < 8; i++) {
            int64_t p = m * 8 + i;
            int w = GI_MEN[m][i] - 1;
            mk.com[p] = w, mk.ra[p] = i + 1, mk.w[p] = 0;
            for (int j = 0; j < 8; j++)
                if (GI_WOMEN[w][j] - 1 == m) mk.rc[p] = j + 1;
        }
    }
    mk.off[8] = 64;
    mu_da_input in = input_of(&mk);
    mu_rotations rot;
    char msg[200] = "";
    assert_int_equal(mu_stable_rotations(&in, 1, &rot, msg, sizeof msg), MU_OK);
    /* The man-optimal and woman-optimal matchings (men and women 1-based). */
    static const int M0[8] = {5, 3, 8, 6, 7, 1, 2, 4}, MZ[8] = {3, 6, 2, 8, 1, 5, 7, 4};
    for (int m = 0; m < 8; m++) {
        assert_int_equal(rot.m0[m] + 1, M0[m]);
        assert_int_equal(rot.mz[m] + 1, MZ[m]);
    }
    /* Its five rotations, as (man, woman before, woman after): rho = (1,5),(3,8) moves
     * man 1 to woman 8 and man 3 to woman 5, and so on. */
    static const int RHO[5][3][3] = {{{1, 5, 8}, {3, 8, 5}},
                                     {{1, 8, 3}, {2, 3, 6}, {4, 6, 8}},
                                     {{3, 1, 2}, {5, 2, 1}},
                                     {{3, 5, 1}, {6, 1, 5}},
                                     {{5, 7, 2}, {7, 2, 7}}};
    assert_int_equal(rot.n, 5);
    int matched[5] = {0};
    for (int32_t r = 0; r < rot.n; r++) {
        int hit = -1;
        for (int k = 0; k < 5 && hit < 0; k++) {
            int len = RHO[k][2][0] ? 3 : 2, same = (int)(rot.off[r + 1] - rot.off[r]) == len;
            for (int i = 0; i < len && same; i++) {
                int found = 0;
                for (int64_t e = rot.off[r]; e < rot.off[r + 1]; e++)
                    found |= rot.app[e] + 1 == RHO[k][i][0] && mk.com[rot.from[e]] + 1 == RHO[k][i][1] &&
                             mk.com[rot.to[e]] + 1 == RHO[k][i][2];
                same = found;
            }
            if (same) hit = k;
        }
        assert_true(hit >= 0);
        assert_false(matched[hit]);
        matched[hit] = 1;
    }
    /* Complete lists, one seat each: the stable matchings are among the 8! perfect ones. */
    stable_set *ss = malloc(sizeof *ss);
    assert_non_null(ss);
    ss->n = 0;
    int32_t perm[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    for (;;) {
        int64_t held[8];
        for (int m = 0; m < 8; m++)
            for (int i = 0; i < 8; i++)
                if (mk.com[m * 8 + i] == perm[m]) held[m] = m * 8 + i;
        if (is_stable(&mk, held)) memcpy(ss->held[ss->n++], held, sizeof held);
        int i = 6; /* next permutation in lexicographic order */
        while (i >= 0 && perm[i] > perm[i + 1]) i--;
        if (i < 0) break;
        int j = 7;
        while (perm[j] < perm[i]) j--;
        int32_t t = perm[i];
        perm[i] = perm[j], perm[j] = t;
        for (int l = i + 1, r = 7; l < r; l++, r--) t = perm[l], perm[l] = perm[r], perm[r] = t;
    }
    assert_int_equal(ss->n, 8);
    assert_closed_sets_are_the_stable_matchings(&mk, &rot, ss);
    /* Egalitarian: the least total rank over the eight. */
    int32_t out[8];
    assert_int_equal(mu_stable_solve(&in, &rot, mk.w, MU_STABLE_EGALITARIAN, 1, out, NULL, msg, sizeof msg), MU_OK);
    int64_t held[8];
    to_held(&mk, out, held);
    measure got = measure_of(&mk, held);
    for (int i = 0; i < ss->n; i++) {
        measure m = measure_of(&mk, ss->held[i]);
        assert_true(got.ranks <= m.ranks);
    }
    free(ss);
    mu_rotations_free(&rot);
}

/* ---- random markets against enumeration */

static void every_objective_equals_the_best_enumerated_stable_matching(void **state) {
    (void)state;
    static const int OBJ[] = {MU_STABLE_WEIGHT, MU_STABLE_EGALITARIAN, MU_STABLE_RANK_MAXIMAL, MU_STABLE_MIN_REGRET};
    stable_set *ss = malloc(sizeof *ss);
    assert_non_null(ss);
    int with_rotations = 0, max_rotations = 0;
    for (uint64_t seed = 1; seed <= 600; seed++) {
        market mk;
        random_market(&mk, seed, seed % 4 == 0);
        enumerate_stable(&mk, ss);
        assert_true(ss->n >= 1); /* Gale & Shapley: one always exists */
        mu_da_input in = input_of(&mk);
        mu_rotations rot;
        char msg[200] = "";
        int rc = mu_stable_rotations(&in, 1 + (int)(seed % 2), &rot, msg, sizeof msg);
        if (rc) fprintf(stderr, "seed %llu: %s\n", (unsigned long long)seed, msg);
        assert_int_equal(rc, MU_OK);
        assert_closed_sets_are_the_stable_matchings(&mk, &rot, ss);
        with_rotations += rot.n > 0;
        if (rot.n > max_rotations) max_rotations = rot.n;
        for (size_t o = 0; o < sizeof OBJ / sizeof OBJ[0]; o++) {
            int best = 0;
            for (int i = 1; i < ss->n; i++) {
                measure x = measure_of(&mk, ss->held[i]), y = measure_of(&mk, ss->held[best]);
                if (compare(OBJ[o], &x, &y) > 0) best = i;
            }
            int32_t out[MAXA];
            mu_stable_stats st;
            rc = mu_stable_solve(&in, seed % 3 ? &rot : NULL, mk.w, OBJ[o], 1, out, &st, msg, sizeof msg);
            if (rc) fprintf(stderr, "seed %llu objective %zu: %s\n", (unsigned long long)seed, o, msg);
            assert_int_equal(rc, MU_OK);
            int64_t held[MAXA];
            to_held(&mk, out, held);
            assert_true(is_stable(&mk, held));
            measure got = measure_of(&mk, held), want = measure_of(&mk, ss->held[best]);
            if (compare(OBJ[o], &got, &want) != 0)
                fprintf(stderr,
                        "seed %llu objective %zu: weight %lld ranks %lld regret %lld; "
                        "enumeration %lld %lld %lld\n",
                        (unsigned long long)seed, o, (long long)got.weight, (long long)got.ranks, (long long)got.regret,
                        (long long)want.weight, (long long)want.ranks, (long long)want.regret);
            assert_int_equal(compare(OBJ[o], &got, &want), 0);
            assert_int_equal(st.weight, got.weight);
            if (OBJ[o] == MU_STABLE_MIN_REGRET) assert_int_equal(st.regret, got.regret);
        }
        mu_rotations_free(&rot);
    }
    free(ss);
    /* the family is not trivial: most markets have rotations, some several */
    assert_true(with_rotations > 150);
    assert_true(max_rotations >= 4);
}

/* Long chains of rotations: one-to-one markets of six on each side with
 * cyclic lists (applicant a: companies a, a+1, ...; company c: applicants
 * c+k, c+k+1, ... for a random k), each entry swapped with its neighbour now
 * and then, checked the same way. */
static void latin_markets_with_many_rotations_match_enumeration(void **state) {
    (void)state;
    stable_set *ss = malloc(sizeof *ss);
    assert_non_null(ss);
    int most = 0;
    for (uint64_t seed = 1000; seed < 1150; seed++) {
        market mk;
        memset(&mk, 0, sizeof mk);
        rng_state = seed;
        mk.na = mk.nc = 6;
        int32_t k = 1 + below(5);
        for (int32_t c = 0; c < 6; c++) mk.cap[c] = 1;
        for (int32_t a = 0; a < 6; a++) {
            mk.off[a] = a * 6;
            int32_t order[6];
            for (int32_t i = 0; i < 6; i++) order[i] = (a + i) % 6;
            perturb(order, 6);
            for (int32_t i = 0; i < 6; i++)
                mk.com[a * 6 + i] = order[i], mk.ra[a * 6 + i] = i + 1, mk.w[a * 6 + i] = below(50);
        }
        mk.off[6] = 36;
        for (int32_t c = 0; c < 6; c++) {
            int32_t who[6];
            for (int32_t i = 0; i < 6; i++) {
                int32_t a = (c + k + i) % 6;
                for (int32_t j = 0; j < 6; j++)
                    if (mk.com[a * 6 + j] == c) who[i] = a * 6 + j;
            }
            perturb(who, 6);
            for (int32_t i = 0; i < 6; i++) mk.rc[who[i]] = i + 1;
        }
        enumerate_stable(&mk, ss);
        mu_da_input in = input_of(&mk);
        mu_rotations rot;
        char msg[200] = "";
        assert_int_equal(mu_stable_rotations(&in, 1, &rot, msg, sizeof msg), MU_OK);
        assert_closed_sets_are_the_stable_matchings(&mk, &rot, ss);
        if (rot.n > most) most = rot.n;
        for (int o = MU_STABLE_WEIGHT; o <= MU_STABLE_MIN_REGRET; o++) {
            int best = 0;
            for (int i = 1; i < ss->n; i++) {
                measure x = measure_of(&mk, ss->held[i]), y = measure_of(&mk, ss->held[best]);
                if (compare(o, &x, &y) > 0) best = i;
            }
            int32_t out[MAXA];
            assert_int_equal(mu_stable_solve(&in, &rot, mk.w, (mu_stable_objective)o, 1, out, NULL, msg, sizeof msg),
                             MU_OK);
            int64_t held[MAXA];
            to_held(&mk, out, held);
            measure got = measure_of(&mk, held), want = measure_of(&mk, ss->held[best]);
            assert_true(is_stable(&mk, held));
            assert_int_equal(compare(o, &got, &want), 0);
        }
        mu_rotations_free(&rot);
    }
    free(ss);
    assert_true(most >= 5);
}

/* ---- through mu_solve: the rotation method against the GLPK model */

static const char *write_market_json(uint64_t seed, int n, int m, int loose_quota, int weights) {
    static char path[64];
    snprintf(path, sizeof path, "/tmp/musubi-stable-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    rng_state = seed;
    int cyclic = below(3) != 0, stride = below(n);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    /* Everyone lists and preferences are mutual, so the ranks are strict.
     * Mostly cyclic lists, as in the Latin markets above, about one seat per
     * applicant; otherwise independent random ones. */
    fprintf(f, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
    for (int a = 0; a < n; a++) {
        int32_t order[32];
        for (int c = 0; c < m; c++) order[c] = cyclic ? (a + c) % m : c;
        if (cyclic) perturb(order, m);
        else shuffle(order, m);
        int keep = cyclic ? (m < 4 ? m : 4) : 1 + below(m < 5 ? m : 5);
        fprintf(f, "%s{\"id\": \"A%d\", \"nationality\": \"%s\", \"preferences\": [", a ? ", " : "", a, NATS[below(3)]);
        for (int i = 0; i < keep; i++) fprintf(f, "%s\"C%d\"", i ? ", " : "", order[i]);
        fprintf(f, "]}");
    }
    fprintf(f, "], \"companies\": [");
    for (int c = 0; c < m; c++) {
        int32_t order[128];
        for (int a = 0; a < n; a++) order[a] = cyclic ? (c * n / m + stride + a) % n : a;
        if (cyclic) perturb(order, n);
        else shuffle(order, n);
        int cap = cyclic ? (n + c) / m : below(6) ? 1 + below(3) : 0;
        fprintf(f, "%s{\"id\": \"C%d\", \"capacity\": %d, \"preferences\": [", c ? ", " : "", c, cap);
        int keep = cyclic ? n : n / 2 + below(n / 2 + 1);
        for (int i = 0; i < keep; i++) fprintf(f, "%s\"A%d\"", i ? ", " : "", order[i]);
        fprintf(f, "]}");
    }
    fprintf(f, "]");
    if (weights)
        fprintf(f, ", \"weights\": {\"base\": %d, \"applicant_rank\": %d, \"company_rank\": %d, \"target_market\": 0}",
                below(50), below(100), below(100));
    if (loose_quota) fprintf(f, ", \"quotas\": [{\"name\": \"loose\", \"max\": %d}]", n + 1);
    fprintf(f, "}\n");
    fclose(f);
    return path;
}

static mu_solution *solve_file(const char *path, int engine, int objective, mu_instance **inst_out) {
    mu_instance *inst = NULL;
    mu_error err = {0};
    int rc = mu_instance_read(path, &inst, &err);
    if (rc) fprintf(stderr, "%s: %s\n", path, err.msg);
    assert_int_equal(rc, MU_OK);
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    opt.engine = engine;
    opt.objective = objective;
    opt.threads = 1;
    mu_solution *sol = NULL;
    rc = mu_solve(inst, &opt, &sol, &err);
    if (!rc) rc = mu_solution_measure(sol, inst, &opt, &err);
    if (rc) fprintf(stderr, "%s: %s\n", path, err.msg);
    assert_int_equal(rc, MU_OK);
    if (sol->has_assignment) { /* every answer passes the independent checker */
        int64_t obj;
        assert_int_equal(mu_check_assignment(inst, sol->app_com, &obj, stderr), 0);
        assert_int_equal(obj, sol->objective);
    }
    *inst_out = inst;
    return sol;
}

static void rotation_method_equals_the_glpk_stability_model(void **state) {
    (void)state;
    static const int OBJ[] = {MU_OBJECTIVE_WEIGHT, MU_OBJECTIVE_PLACEMENTS, MU_OBJECTIVE_RANK_MAXIMAL,
                              MU_OBJECTIVE_EGALITARIAN, MU_OBJECTIVE_MAXMIN};
    int rotations_seen = 0;
    for (uint64_t seed = 2000; seed < 2060; seed++) {
        /* small ones often; every fifteenth a medium market GLPK still solves in well under a second */
        int medium = seed % 15 == 0, n = medium ? 30 : 3 + (int)(seed % 6), m = medium ? 5 : 1 + (int)(seed % 4);
        for (size_t o = 0; o < sizeof OBJ / sizeof OBJ[0]; o++) {
            char plain[64], quota[64];
            snprintf(plain, sizeof plain, "%s", write_market_json(seed, n, m, 0, (int)(seed % 2)));
            snprintf(quota, sizeof quota, "%s", write_market_json(seed, n, m, 1, (int)(seed % 2)));
            mu_instance *i1, *i2;
            mu_solution *rot = solve_file(plain, MU_ENGINE_STABLE_OPTIMAL, OBJ[o], &i1);
            mu_solution *glp = solve_file(quota, MU_ENGINE_STABLE_OPTIMAL, OBJ[o], &i2);
            assert_non_null(strstr(rot->reason, "rotation poset"));
            if (glp->quota_rows > 0) assert_non_null(strstr(glp->reason, "GLPK")); /* none when no pair is eligible */
            assert_int_equal(mu_solution_status(rot), MU_STATUS_OPTIMAL);
            assert_int_equal(mu_solution_status(glp), MU_STATUS_OPTIMAL);
            if (rot->objective != glp->objective || rot->criterion_value != glp->criterion_value)
                fprintf(stderr, "seed %llu objective %s: rotations %lld (%g), GLPK %lld (%g)\n",
                        (unsigned long long)seed, mu_objective_name(OBJ[o]), (long long)rot->objective,
                        rot->criterion_value, (long long)glp->objective, glp->criterion_value);
            assert_int_equal(rot->objective, glp->objective);
            assert_true(rot->criterion_value == glp->criterion_value);
            assert_string_equal(rot->criterion, glp->criterion);
            assert_int_equal(rot->metrics->blocking, 0);
            assert_int_equal(rot->metrics->placements, glp->metrics->placements);
            assert_true(rot->metrics->has_unconstrained && rot->metrics->max_weight >= rot->objective);
            rotations_seen += strstr(rot->reason, "poset: 0 rotations") == NULL;
            mu_solution_free(rot), mu_solution_free(glp);
            mu_instance_free(i1), mu_instance_free(i2);
            unlink(plain), unlink(quota);
        }
    }
    assert_true(rotations_seen > 40);
}

/* Ties in the ranks keep the GLPK model (weakly stable matchings are more than
 * the stable ones of any one tie-breaking). */
static void ties_keep_the_glpk_model(void **state) {
    (void)state;
    const char *text = "{\"format\": \"musubi-instance-1\", \"applicants\": ["
                       "{\"id\": \"A1\", \"preferences\": [\"C1\", \"C2\"]},"
                       "{\"id\": \"A2\", \"preferences\": [\"C1\", \"C2\"]}],"
                       "\"companies\": [{\"id\": \"C1\", \"capacity\": 1},"
                       "{\"id\": \"C2\", \"capacity\": 1}]}";
    char path[] = "/tmp/musubi-stable-ties-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    mu_instance *inst;
    mu_solution *s = solve_file(path, MU_ENGINE_STABLE_OPTIMAL, MU_OBJECTIVE_WEIGHT, &inst);
    assert_non_null(strstr(s->reason, "comb constraints"));
    assert_int_equal(s->metrics->blocking, 0);
    mu_solution_free(s);
    mu_instance_free(inst);
    unlink(path);
}

/* ---- at scale: the same answer on one and two threads, and stable */

/* 20,000 applicants in groups of four over two two-seat companies with
 * crossed preferences (each group gives two rotations, the second after the
 * first), and outside companies listed between and after the group's own,
 * ranked mostly below the group: thousands of rotations with type-1 and
 * type-2 precedences across groups. */
static void large_markets_give_the_same_checked_answer_on_any_thread_count(void **state) {
    (void)state;
    int32_t na = 20000, nc = 10000, per = 5;
    int64_t n = (int64_t)na * per;
    int32_t *cap = malloc((size_t)nc * sizeof *cap), *com = malloc((size_t)n * sizeof *com);
    int32_t *ra = malloc((size_t)n * sizeof *ra), *rc = malloc((size_t)n * sizeof *rc);
    int64_t *off = malloc(((size_t)na + 1) * sizeof *off), *w = malloc((size_t)n * sizeof *w);
    int32_t *x = malloc((size_t)na * sizeof *x), *y = malloc((size_t)na * sizeof *y);
    assert_true(cap && com && ra && rc && off && w && x && y);
    rng_state = 99;
    for (int32_t c = 0; c < nc; c++) cap[c] = 2;
    for (int32_t a = 0; a <= na; a++) off[a] = (int64_t)a * per;
    for (int32_t a = 0; a < na; a++) {
        int32_t g = a / 4, low = a % 4 < 2, between = below(3) == 0;
        for (int32_t i = 0; i < per; i++) {
            int64_t p = off[a] + i;
            int32_t c, own_first = i == 0, own_second = between ? i == 2 : i == 1;
            if (own_first || own_second) {
                c = 2 * g + (low == own_first ? 0 : 1);
            } else {
                for (int dup = 1; dup;) {
                    c = below(nc), dup = c / 2 == g;
                    for (int32_t j = 0; j < i; j++) dup |= com[off[a] + j] == c;
                }
            }
            com[p] = c, ra[p] = i + 1, w[p] = below(1000);
            /* company 2g prefers the group's high pair, 2g+1 its low pair; outsiders mostly last */
            int own = c / 2 == g, cls = own ? ((c % 2 == 0) != low ? 1 : 2) : below(10) == 0 ? 1 + below(3) : 3;
            rc[p] = cls * 1000000 + 1 + below(999983);
        }
    }
    mu_da_input in = {na, nc, cap, off, com, ra, rc, MU_TIE_INDEX, 0};
    mu_rotations rot;
    char msg[200] = "";
    assert_int_equal(mu_stable_rotations(&in, 2, &rot, msg, sizeof msg), MU_OK);
    assert_true(rot.n > 5000);
    int64_t cross = 0; /* precedences between rotations of different groups */
    for (int64_t i = 0; i < rot.n_edges; i++)
        cross += rot.app[rot.off[rot.pred[i]]] / 4 != rot.app[rot.off[rot.succ[i]]] / 4;
    assert_true(cross > 100);
    for (int o = MU_STABLE_WEIGHT; o <= MU_STABLE_MIN_REGRET; o++) {
        mu_stable_stats s1, s2;
        mu_stable_objective goal = (mu_stable_objective)o;
        assert_int_equal(mu_stable_solve(&in, NULL, w, goal, 1, x, &s1, msg, sizeof msg), MU_OK);
        assert_int_equal(mu_stable_solve(&in, &rot, w, goal, 2, y, &s2, msg, sizeof msg), MU_OK);
        assert_memory_equal(x, y, (size_t)na * sizeof *x);
        assert_int_equal(s1.weight, s2.weight);
        if (o == MU_STABLE_WEIGHT) { /* no lighter than either end of the lattice */
            int64_t w0 = 0, wz = 0;
            for (int32_t a = 0; a < na; a++)
                for (int64_t p = off[a]; p < off[a + 1]; p++) {
                    if (com[p] == rot.m0[a]) w0 += w[p];
                    if (com[p] == rot.mz[a]) wz += w[p];
                }
            assert_true(s1.weight > w0 && s1.weight > wz);
            assert_true(s1.eliminated > 0 && s1.eliminated < rot.n);
        }
    }
    mu_rotations_free(&rot);
    free(cap), free(com), free(ra), free(rc), free(off), free(w), free(x), free(y);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranks_below_one_are_refused),
        cmocka_unit_test(weights_whose_sums_overflow_are_refused_with_a_clear_error),
        cmocka_unit_test(gusfield_irving_example_gives_the_books_rotations),
        cmocka_unit_test(every_objective_equals_the_best_enumerated_stable_matching),
        cmocka_unit_test(latin_markets_with_many_rotations_match_enumeration),
        cmocka_unit_test(rotation_method_equals_the_glpk_stability_model),
        cmocka_unit_test(ties_keep_the_glpk_model),
        cmocka_unit_test(large_markets_give_the_same_checked_answer_on_any_thread_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
