/* Crossing quotas: auto's engine when the quota rows are not laminar (a floor
 * per region and nationality crosses both sides of the transportation
 * problem), under the weight objective without a host budget. It always has
 * a feasible assignment early when a repair finds one, a certified bound from
 * the start, and proves the optimum by an integer program over a small core
 * of the pairs.
 *
 * 1. Prices. The transportation problem without its quota rows (engine/flow.c,
 *    exact) gives integer duals u, v: with row prices 0 a feasible point of
 *    the LP dual, so a bound from the first second. Every later bound is of
 *    the same kind (struct prices): company prices V >= 0 and row prices Y at
 *    a scale S, the applicant prices derived exactly,
 *        U_a = max(0, max_{p of a} (S w_p - V_c - sum_{r ni p} Y_r)),
 *    and D = sum U + sum cap V + sum_{Y>0} Y max + sum_{Y<0} Y min, a dual
 *    objective: S times the optimum is at most D (engine/certify.c; the
 *    best prices are the answer's certificate, verified by musubi check).
 *
 * 2. Primal first (repair). The transportation optimum, less the lightest
 *    members of every row over its maximum, then each floor row filled by the
 *    best of the first REPAIR_SCAN admissible moves down its pairs, heaviest
 *    first (an unplaced or relocated applicant in, and when the host is full
 *    its lightest member out), no move making any row worse; then free seats
 *    filled heaviest pair first. When it meets every row, the answer is
 *    feasible about 3 s into the solve at 100,000 applicants (1 s of it the
 *    repair; a host scan is skipped when its lightest member already rules
 *    the move out, which took the floors from 2.2 s to 0.65 s there).
 *
 * 3. Sifting (the LP over a core, priced against every pair). GLPK solves the
 *    LP over a core of the pairs (engine/core.h: floors elastic, so it is
 *    always feasible; rows that cannot bind yet left out), first the pairs of
 *    smallest reduced cost under the prices of 1, about CORE_SEATS per seat,
 *    started from the repaired assignment's basis; every pair outside is
 *    priced with the LP's duals, and each applicant's best positive one joins
 *    (at most ADD_PER_SEAT per seat of each company a round: a company whose
 *    capacity row is degenerate in the basis has price 0); repeated until
 *    none is positive, when the LP over the core is the LP over all pairs.
 *    Each round's duals are prices, hence a bound. After rounds 1, 2, 4, ...
 *    the Lagrangian relaxation at the round's row duals (struct lagr) runs on
 *    a second thread during the next round: its bound is near the LP's long
 *    before the core is complete, and its relaxed assignment, repaired, is a
 *    better incumbent. Measured at 30,000 applicants (bench/README.md,
 *    "Crossing quotas"): 0.6 s from the repair's basis and a core of two
 *    pairs per seat grown in rounds; 17 s for one first core of four pairs
 *    per seat and two per row from GLPK's crash basis; GLPK over every pair
 *    (--engine mip) takes minutes.
 *
 * 4. Shrink, then branch and bound. With an incumbent z and prices of bound
 *    D/S, every pair whose reduced cost rc_p < S (z + 1) - D is fixed at 0:
 *    for any feasible x,
 *        S w.x <= D + sum_p rc_p x_p - sum_a U_a (1 - sum_c x_ac)
 *                  - sum_c V_c (cap_c - load_c) - sum_r |Y_r| (slack of r),
 *    because U, V >= 0 and Y's signs match the side each row is priced on,
 *    and every rc_p <= 0 by the definition of U; so an x worth at least
 *    z + 1 (weights are integers: anything better than z is) has
 *    rc_p >= S (z + 1) - D for every pair it uses. No better assignment uses
 *    a fixed pair, and the optimum is z or lies in the rest. GLPK's
 *    branch-and-bound then runs over the core with the fixed pairs held at 0,
 *    from the incumbent. Its optimum z* over the core is the optimum
 *    whenever every pair outside the core has rc_p < S (z* + 1) - D (the
 *    same argument with z*); otherwise those pairs join the core and it runs
 *    again (re-fixed with the new incumbent). The engine reason says how many
 *    pairs the core kept and how many were fixed.
 *
 * Infeasible instances: when the sifted LP still needs its elastic columns,
 * the elastic columns alone are minimised (phase 1, sifted the same way); a
 * positive minimum proves the LP, hence the integer program, infeasible.
 *
 * Time limit and stop requests: polled between stages and rounds, inside the
 * flow solve (its progress hook), inside GLPK's simplex (the output hook) and
 * branch-and-bound (its callback); the answer is then the best assignment so
 * far with the best bound so far.
 *
 * Why these multipliers and not a bundle or volume method: on the issue's
 * 10,000 x 300 instance the subgradient method of engine/heuristic.c left
 * the bound where the prices of 1 put it (548,509 after 71 iterations, the
 * optimum being 546,521), while the Lagrangian at the first sifting round's
 * duals gives 546,594 (0.013 %) and the sifted LP's own prices prove the
 * optimum three rounds later; the LP duals are the multipliers a bundle
 * method would converge to, for the price of a small GLPK solve.
 *
 * Determinism: no random numbers; ties go to the lowest pair index; the
 * parallel loops (prices, pricing) compute per-applicant values combined in
 * index order, and the flow engine is thread-count independent; GLPK runs on
 * the calling thread, the Lagrangian beside it on a second one (or after it
 * on one), and their results are taken after both finish, in a fixed order.
 * The answer depends on the instance and the options only, except where a
 * time limit or a stop request cuts a stage short. */
#include <math.h>
#include <omp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core.h"
#include "engine/engines.h"
#include "engine/flow.h"
#include "engine/heuristic.h"

#define REPAIR_SCAN 16  /* admissible moves compared per unit of a floor */
#define REPAIR_PASSES 3 /* passes over the floor rows */
#define CORE_SEATS 2    /* the first core: about this many pairs per seat */
#define ADD_SHARE 0.5   /* a sifting round adds at most this share of the core (and ADD_MIN) */
#define ADD_MIN 1000
#define ADD_PER_SEAT 1   /* ... and at most this many per seat of a company (and one) */
#define PAR_PAIRS 100000 /* pairs from which the pricing loops run in parallel */
#define MIP_ROUNDS 8     /* core growths after a branch-and-bound at most */
#define PRICE_MAX ((int64_t)1 << 50)

typedef struct cx {
    const mu_problem *pb;
    const mu_pairs *P;
    int32_t n_app, n_com, n_rows, nt;
    double deadline, t_start;
    int32_t *pair_app;
    int64_t *prow_off; /* [pairs+1] the quota rows of each pair, increasing */
    int32_t *prow;
    int32_t *cap;
    int64_t *rmax, *rmin; /* effective bounds: max clipped to the row's size */
    int64_t *seat_off;    /* [n_com+1] seats of company c: seat_off[c] .. seat_off[c+1]-1 */
    int64_t *fl_off;      /* [n_rows+1] floor rows' pairs by weight descending, index ascending */
    int64_t *fl_pair;
    int64_t *order; /* every pair by weight descending, index ascending */
    int64_t max_w;
} cx;

static int stop_now(const cx *x) { return mu_stop_requested() || (x->deadline > 0 && mu_now() > x->deadline); }

/* ---- prices */

typedef struct prices {
    int64_t S;
    int64_t *V, *Y, *U;
    __int128 D;
} prices;

static int prices_alloc(const cx *x, prices *pr, mu_error *err) {
    pr->V = mu_calloc((size_t)x->n_com + 1, sizeof *pr->V, err);
    pr->Y = mu_calloc((size_t)x->n_rows + 1, sizeof *pr->Y, err);
    pr->U = mu_calloc((size_t)x->n_app + 1, sizeof *pr->U, err);
    pr->S = 1, pr->D = 0;
    return pr->V && pr->Y && pr->U ? MU_OK : MU_ENOMEM;
}
static void prices_free(prices *pr) { free(pr->V), free(pr->Y), free(pr->U); }
static void prices_copy(const cx *x, prices *d, const prices *s) {
    d->S = s->S, d->D = s->D;
    memcpy(d->V, s->V, (size_t)x->n_com * sizeof *d->V);
    memcpy(d->Y, s->Y, (size_t)x->n_rows * sizeof *d->Y);
    memcpy(d->U, s->U, (size_t)x->n_app * sizeof *d->U);
}
/* a's bound is below b's (D_a / S_a < D_b / S_b) */
static int prices_better(const prices *a, const prices *b) { return a->D * b->S < b->D * a->S; }

static int64_t floor_div(__int128 a, int64_t b) {
    __int128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return (int64_t)q;
}
static int64_t prices_bound(const prices *pr) { return floor_div(pr->D, pr->S); }

static __int128 pair_slack(const cx *x, const prices *pr, int64_t p) {
    __int128 s = (__int128)pr->S * x->P->w[p] - pr->V[x->P->com[p]];
    for (int64_t k = x->prow_off[p]; k < x->prow_off[p + 1]; k++) s -= pr->Y[x->prow[k]];
    return s;
}

/* Derives U and D from V and Y; with rc, each pair's reduced cost (<= 0,
 * clamped below at -2^61). Applicants are independent: the same result on
 * any thread count. */
static void prices_eval(const cx *x, prices *pr, int64_t *rc) {
    const mu_pairs *P = x->P;
#pragma omp parallel for schedule(static) num_threads(x->nt) if (P->n >= PAR_PAIRS)
    for (int32_t a = 0; a < x->n_app; a++) {
        __int128 best = 0;
        for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++) {
            __int128 s = pair_slack(x, pr, p);
            if (s > best) best = s;
        }
        pr->U[a] = (int64_t)best;
        if (rc)
            for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++) {
                __int128 s = pair_slack(x, pr, p) - best;
                rc[p] = s < -((__int128)1 << 61) ? -((int64_t)1 << 61) : (int64_t)s;
            }
    }
    __int128 D = 0;
    for (int32_t a = 0; a < x->n_app; a++) D += pr->U[a];
    for (int32_t c = 0; c < x->n_com; c++) D += (__int128)pr->V[c] * x->cap[c];
    for (int32_t r = 0; r < x->n_rows; r++) {
        const mu_qrow *q = &x->pb->rows[r];
        if (pr->Y[r] > 0) D += (__int128)pr->Y[r] * q->max;
        else if (pr->Y[r] < 0) D += (__int128)pr->Y[r] * q->min;
    }
    pr->D = D;
}

/* Real duals (GLPK's) as integer prices at scale S, signs made valid: V >= 0,
 * Y > 0 only on a row with a max, Y < 0 only on a row with a floor. */
static void prices_from_real(const cx *x, prices *pr, int64_t S, const double *v, const double *y) {
    pr->S = S;
    double lim = (double)PRICE_MAX;
    for (int32_t c = 0; c < x->n_com; c++) pr->V[c] = (int64_t)llround(fmin(fmax(v[c] * (double)S, 0), lim));
    for (int32_t r = 0; r < x->n_rows; r++) {
        const mu_qrow *q = &x->pb->rows[r];
        int64_t Y = (int64_t)llround(fmin(fmax(y[r] * (double)S, -lim), lim));
        if ((Y > 0 && q->max == INT64_MAX) || (Y < 0 && q->min <= 0)) Y = 0;
        pr->Y[r] = Y;
    }
}

/* ---- assignments: who sits where, and the count of every row */

typedef struct state {
    int64_t *app_pair; /* [n_app] the applicant's pair, -1: unplaced */
    int32_t *load;     /* [n_com] */
    int64_t *cnt;      /* [n_rows] */
    int64_t *seat;     /* [seats] the pair in each seat, -1: empty */
    int64_t obj;
} state;

static int state_alloc(const cx *x, state *s, mu_error *err) {
    s->app_pair = mu_alloc((size_t)x->n_app + 1, sizeof *s->app_pair, err);
    s->load = mu_alloc((size_t)x->n_com + 1, sizeof *s->load, err);
    s->cnt = mu_alloc((size_t)x->n_rows + 1, sizeof *s->cnt, err);
    s->seat = mu_alloc((size_t)x->seat_off[x->n_com] + 1, sizeof *s->seat, err);
    return s->app_pair && s->load && s->cnt && s->seat ? MU_OK : MU_ENOMEM;
}
static void state_free(state *s) { free(s->app_pair), free(s->load), free(s->cnt), free(s->seat); }
static void state_clear(const cx *x, state *s) {
    for (int32_t a = 0; a < x->n_app; a++) s->app_pair[a] = -1;
    memset(s->load, 0, (size_t)x->n_com * sizeof *s->load);
    memset(s->cnt, 0, (size_t)x->n_rows * sizeof *s->cnt);
    for (int64_t k = 0; k < x->seat_off[x->n_com]; k++) s->seat[k] = -1;
    s->obj = 0;
}
static void state_copy(const cx *x, state *d, const state *s) {
    memcpy(d->app_pair, s->app_pair, (size_t)x->n_app * sizeof *s->app_pair);
    memcpy(d->load, s->load, (size_t)x->n_com * sizeof *s->load);
    memcpy(d->cnt, s->cnt, (size_t)x->n_rows * sizeof *s->cnt);
    memcpy(d->seat, s->seat, (size_t)x->seat_off[x->n_com] * sizeof *s->seat);
    d->obj = s->obj;
}
/* Puts pair p in (sign 1: a free seat of its company must exist) or takes it out (-1). */
static void put(const cx *x, state *s, int64_t p, int sign) {
    for (int64_t k = x->prow_off[p]; k < x->prow_off[p + 1]; k++) s->cnt[x->prow[k]] += sign;
    int32_t c = x->P->com[p];
    int64_t want = sign > 0 ? -1 : p, k = x->seat_off[c];
    while (s->seat[k] != want) k++;
    s->seat[k] = sign > 0 ? p : -1;
    s->load[c] += sign;
    s->obj += sign * x->P->w[p];
    s->app_pair[x->pair_app[p]] = sign > 0 ? p : -1;
}
/* Every row within its bounds. */
static int state_feasible(const cx *x, const state *s) {
    for (int32_t r = 0; r < x->n_rows; r++)
        if (s->cnt[r] < x->rmin[r] || s->cnt[r] > x->rmax[r]) return 0;
    return 1;
}
/* The state of an assignment in app_com form (pairs it does not name are skipped). */
static void state_set(const cx *x, state *s, const int32_t *app_com) {
    state_clear(x, s);
    for (int32_t a = 0; a < x->n_app; a++) {
        int64_t k = app_com[a] >= 0 ? mu_pairs_find(x->P, a, app_com[a]) : -1;
        if (k >= 0 && s->load[app_com[a]] < x->seat_off[app_com[a] + 1] - x->seat_off[app_com[a]]) put(x, s, k, 1);
    }
}
static void state_app_com(const cx *x, const state *s, int32_t *app_com) {
    for (int32_t a = 0; a < x->n_app; a++) app_com[a] = s->app_pair[a] >= 0 ? x->P->com[s->app_pair[a]] : -1;
}

/* Whether taking o1 and o2 out and putting in out (each -1: none) makes no
 * row worse: no row falls below its floor that was not already there and
 * falling, none rises above its max. *dr: the net change of row r (r >= 0).
 * Capacity is the caller's. */
static int move_ok(const cx *x, const state *s, int64_t o1, int64_t o2, int64_t in, int32_t r, int64_t *dr) {
    int64_t ps[3] = {o1, o2, in};
    if (dr) *dr = 0;
    for (int i = 0; i < 3; i++) {
        if (ps[i] < 0) continue;
        for (int64_t k = x->prow_off[ps[i]]; k < x->prow_off[ps[i] + 1]; k++) {
            int32_t row = x->prow[k];
            int64_t d = 0;
            for (int j = 0; j < 3; j++) {
                if (ps[j] < 0) continue;
                for (int64_t l = x->prow_off[ps[j]]; l < x->prow_off[ps[j] + 1]; l++)
                    if (x->prow[l] == row) d += j == 2 ? 1 : -1;
            }
            int64_t c = s->cnt[row] + d;
            if ((d < 0 && c < x->rmin[row]) || (d > 0 && c > x->rmax[row])) return 0;
            if (row == r && dr) *dr = d;
        }
    }
    return 1;
}

typedef struct move {
    int64_t gain, in, out, evict;
} move;

/* The best admissible move that raises floor row r by one: pair p of r in
 * (heaviest first), its applicant's present pair out, and when the host is
 * full the lightest member whose leaving keeps the rows; the best of the first
 * REPAIR_SCAN admissible ones. Ties: the first found (heavier, lower index).
 * Within one pass over r, the scan resumes at the first pair that was
 * admissible last time (*cursor): rows only fill, so the pairs skipped before
 * it rarely become admissible, and each unit costs a short scan. */
static move floor_move(const cx *x, const state *s, int32_t r, int64_t *cursor) {
    const mu_pairs *P = x->P;
    move best = {INT64_MIN, -1, -1, -1};
    int found = 0;
    for (int64_t k = *cursor; k < x->fl_off[r + 1] && found < REPAIR_SCAN; k++) {
        int64_t p = x->fl_pair[k];
        if (found == 0) *cursor = k; /* the pairs before the first admissible one are skipped from now on */
        if (best.in >= 0 && P->w[p] <= best.gain) break; /* no later pair can gain more */
        int32_t a = x->pair_app[p], c = P->com[p];
        int64_t q = s->app_pair[a], dr = 0;
        if (q == p) continue;
        int64_t wq = q >= 0 ? P->w[q] : 0;
        if (s->load[c] < x->seat_off[c + 1] - x->seat_off[c]) {
            if (!move_ok(x, s, q, -1, p, r, &dr) || dr <= 0) continue;
            found++;
            if (P->w[p] - wq > best.gain) best = (move){P->w[p] - wq, p, q, -1};
            continue;
        }
        int64_t w_min = INT64_MAX; /* no eviction costs less than the lightest member: prune before testing any */
        for (int64_t j = x->seat_off[c]; j < x->seat_off[c + 1]; j++)
            if (s->seat[j] >= 0 && s->seat[j] != q && P->w[s->seat[j]] < w_min) w_min = P->w[s->seat[j]];
        if (w_min == INT64_MAX || (best.in >= 0 && P->w[p] - wq - w_min <= best.gain)) {
            found += w_min != INT64_MAX; /* counted as compared: it cannot win */
            continue;
        }
        int64_t e = -1;
        for (int64_t j = x->seat_off[c]; j < x->seat_off[c + 1]; j++) {
            int64_t m = s->seat[j];
            if (m < 0 || m == q || (e >= 0 && (P->w[m] > P->w[e] || (P->w[m] == P->w[e] && m > e)))) continue;
            if (move_ok(x, s, q, m, p, r, &dr) && dr > 0) e = m;
        }
        if (e < 0) continue;
        found++;
        if (P->w[p] - wq - P->w[e] > best.gain) best = (move){P->w[p] - wq - P->w[e], p, q, e};
    }
    return best;
}

/* Makes s meet every row if it can (section 2 of the opening comment): rows
 * over their max lose their lightest members, floors are filled, free seats
 * taken heaviest pair first; no step makes a row worse. Returns 1 when every
 * row holds; 0 also when the deadline or a stop request came first. */
static int cmp_light(const void *a, const void *b) { /* (weight, pair) packed: lightest first, then lowest index */
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int repair(const cx *x, state *s, int64_t *buf) {
    const mu_problem *pb = x->pb;
    const mu_pairs *P = x->P;
    for (int32_t r = 0; r < x->n_rows; r++) {
        if (s->cnt[r] <= x->rmax[r]) continue;
        /* its members, lightest first (lowest index on ties), out until it holds */
        int64_t m = 0;
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) {
            int64_t p = pb->row_pair[k];
            if (s->app_pair[x->pair_app[p]] == p) buf[m++] = (int64_t)(((uint64_t)P->w[p] << 34) | (uint64_t)p);
        }
        qsort(buf, (size_t)m, sizeof *buf, cmp_light);
        for (int64_t i = 0; s->cnt[r] > x->rmax[r]; i++)
            put(x, s, (int64_t)((uint64_t)buf[i] & (((uint64_t)1 << 34) - 1)), -1);
    }
    double t_floors = mu_now();
    for (int pass = 0; pass < REPAIR_PASSES; pass++) {
        int short_rows = 0;
        for (int32_t r = 0; r < x->n_rows; r++) {
            if ((r & 63) == 0 && stop_now(x)) return 0;
            int64_t cursor = x->fl_off[r];
            while (s->cnt[r] < x->rmin[r]) {
                move m = floor_move(x, s, r, &cursor);
                if (m.in < 0) break;
                if (m.out >= 0) put(x, s, m.out, -1);
                if (m.evict >= 0) put(x, s, m.evict, -1);
                put(x, s, m.in, 1);
            }
            short_rows += s->cnt[r] < x->rmin[r];
        }
        if (!short_rows) break;
    }
    double t_fill = mu_now();
    for (int64_t k = 0; k < P->n; k++) {
        int64_t p = x->order[k];
        if (P->w[p] <= 0) break;
        int32_t c = P->com[p];
        if (s->app_pair[x->pair_app[p]] < 0 && s->load[c] < x->seat_off[c + 1] - x->seat_off[c] &&
            move_ok(x, s, -1, -1, p, -1, NULL))
            put(x, s, p, 1);
    }
    MU_DEBUG("crossing: repair: floors %.3f s, free seats %.3f s\n", t_fill - t_floors, mu_now() - t_fill);
    return state_feasible(x, s);
}

/* ---- the index */

static int cmp_key(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int cx_build(cx *x, mu_error *err) {
    const mu_problem *pb = x->pb;
    const mu_pairs *P = x->P;
    int64_t n = P->n;
    x->pair_app = mu_alloc((size_t)n + 1, sizeof *x->pair_app, err);
    x->prow_off = mu_calloc((size_t)n + 2, sizeof *x->prow_off, err);
    x->prow = mu_alloc((size_t)pb->row_off[pb->n_rows] + 1, sizeof *x->prow, err);
    x->cap = mu_alloc((size_t)x->n_com + 1, sizeof *x->cap, err);
    x->rmax = mu_alloc((size_t)x->n_rows + 1, sizeof *x->rmax, err);
    x->rmin = mu_alloc((size_t)x->n_rows + 1, sizeof *x->rmin, err);
    x->seat_off = mu_calloc((size_t)x->n_com + 2, sizeof *x->seat_off, err);
    x->fl_off = mu_calloc((size_t)x->n_rows + 2, sizeof *x->fl_off, err);
    x->order = mu_alloc((size_t)n + 1, sizeof *x->order, err);
    if (!x->pair_app || !x->prow_off || !x->prow || !x->cap || !x->rmax || !x->rmin || !x->seat_off || !x->fl_off ||
        !x->order)
        return MU_ENOMEM;
    x->max_w = 1;
    for (int32_t a = 0; a < x->n_app; a++)
        for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++) {
            x->pair_app[p] = a;
            if (P->w[p] > x->max_w) x->max_w = P->w[p];
        }
    for (int64_t k = 0; k < pb->row_off[pb->n_rows]; k++) x->prow_off[pb->row_pair[k] + 2]++;
    for (int64_t p = 0; p < n; p++) x->prow_off[p + 2] += x->prow_off[p + 1];
    for (int32_t r = 0; r < x->n_rows; r++) /* rows increasing within each pair */
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) x->prow[x->prow_off[pb->row_pair[k] + 1]++] = r;
    /* seats: at most as many as the company has pairs, so the seat lists stay small whatever the capacities */
    for (int64_t p = 0; p < n; p++) x->seat_off[P->com[p] + 1]++;
    for (int32_t c = 0; c < x->n_com; c++) {
        x->cap[c] = pb->cap ? pb->cap[c] : pb->inst->com[c].capacity;
        if (x->seat_off[c + 1] > x->cap[c]) x->seat_off[c + 1] = x->cap[c];
        x->seat_off[c + 1] += x->seat_off[c];
    }
    for (int32_t r = 0; r < x->n_rows; r++) {
        int64_t size = pb->row_off[r + 1] - pb->row_off[r];
        x->rmax[r] = pb->rows[r].max < size ? pb->rows[r].max : size;
        x->rmin[r] = pb->rows[r].min;
    }
    /* pairs by weight descending, index ascending: a counting sort (stable)
     * when weights are small, else one packed key each */
    MU_REQUIRE(n < ((int64_t)1 << 34));
    if (x->max_w <= (1 << 22)) {
        int64_t *bucket = mu_calloc((size_t)x->max_w + 2, sizeof *bucket, err);
        if (!bucket) return MU_ENOMEM;
        for (int64_t p = 0; p < n; p++) bucket[x->max_w - P->w[p] + 1]++;
        for (int64_t b = 1; b <= x->max_w + 1; b++) bucket[b] += bucket[b - 1];
        for (int64_t p = 0; p < n; p++) x->order[bucket[x->max_w - P->w[p]]++] = p;
        free(bucket);
    } else {
        for (int64_t p = 0; p < n; p++)
            x->order[p] = (int64_t)(((uint64_t)(MU_MAX_WEIGHT - P->w[p]) << 34) | (uint64_t)p);
        qsort(x->order, (size_t)n, sizeof *x->order, cmp_key);
        for (int64_t p = 0; p < n; p++) x->order[p] = (int64_t)((uint64_t)x->order[p] & (((uint64_t)1 << 34) - 1));
    }
    /* each floor row's pairs in that order */
    for (int32_t r = 0; r < x->n_rows; r++)
        x->fl_off[r + 1] = x->fl_off[r] + (x->rmin[r] > 0 ? pb->row_off[r + 1] - pb->row_off[r] : 0);
    x->fl_pair = mu_alloc((size_t)x->fl_off[x->n_rows] + 1, sizeof *x->fl_pair, err);
    int64_t *fill = mu_alloc((size_t)x->n_rows + 1, sizeof *fill, err);
    if (!x->fl_pair || !fill) {
        free(fill);
        return MU_ENOMEM;
    }
    memcpy(fill, x->fl_off, (size_t)x->n_rows * sizeof *fill);
    for (int64_t k = 0; k < n; k++) {
        int64_t p = x->order[k];
        for (int64_t j = x->prow_off[p]; j < x->prow_off[p + 1]; j++)
            if (x->rmin[x->prow[j]] > 0) x->fl_pair[fill[x->prow[j]]++] = p;
    }
    free(fill);
    return MU_OK;
}

static void cx_free(cx *x) {
    free(x->pair_app), free(x->prow_off), free(x->prow), free(x->cap), free(x->rmax), free(x->rmin);
    free(x->seat_off), free(x->fl_off), free(x->fl_pair), free(x->order);
}

/* ---- the pipeline */

typedef struct cand {
    double d;
    int64_t p;
} cand;
static int cmp_cand(const void *a, const void *b) {
    const cand *x = a, *y = b;
    if (x->d != y->d) return x->d > y->d ? -1 : 1;
    return (x->p > y->p) - (x->p < y->p);
}

/* What the pipeline has so far: the incumbent, the best prices. */
typedef struct best {
    state inc;
    int has_inc, proven, infeasible, at_gap; /* at_gap: stopped at --gap */
    prices pr;
    char detail[768];
} best;

static void offer(const cx *x, best *b, const state *s, const char *how) {
    if (b->has_inc && s->obj <= b->inc.obj) return;
    state_copy(x, &b->inc, s);
    b->has_inc = 1;
    MU_DEBUG("crossing: incumbent %lld (%s) at %.3f s\n", (long long)s->obj, how, mu_now() - x->t_start);
    mu_progress(1, (double)s->obj, (double)prices_bound(&b->pr));
}
static void offer_prices(const cx *x, best *b, const prices *pr) {
    if (!prices_better(pr, &b->pr)) return;
    prices_copy(x, &b->pr, pr);
    mu_progress(b->has_inc, b->has_inc ? (double)b->inc.obj : 0, (double)prices_bound(&b->pr));
}

/* --gap: the incumbent within the requested relative gap of the bound. */
static int gap_reached(const best *b, double gap) {
    if (gap <= 0 || !b->has_inc) return 0;
    double B = (double)prices_bound(&b->pr);
    return B - (double)b->inc.obj <= gap * fmax(1.0, fabs(B));
}

static void note(best *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(best *b, const char *fmt, ...) {
    size_t n = strlen(b->detail);
    if (n + 3 >= sizeof b->detail) return;
    if (n) b->detail[n++] = ';', b->detail[n++] = ' ';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->detail + n, sizeof b->detail - n, fmt, ap);
    va_end(ap);
}

/* Each applicant's best pair outside the core with an LP reduced cost above
 * tol (u: the LP's applicant duals, 0 for applicants not in the core; in
 * phase 1 the pairs' objective is 0), the most positive first; returns how
 * many. Per applicant, so parallel. */
static int64_t price_out(const cx *x, const uint8_t *in, int phase1, const double *u, const double *v, const double *y,
                         cand *per_app, int64_t *per_company, cand *out) {
    const mu_pairs *P = x->P;
#pragma omp parallel for schedule(static) num_threads(x->nt) if (P->n >= PAR_PAIRS)
    for (int32_t a = 0; a < x->n_app; a++) {
        cand b = {1e-7, -1};
        for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++) {
            if (in[p]) continue;
            double d = (phase1 ? 0.0 : (double)P->w[p]) - u[a] - v[P->com[p]];
            for (int64_t k = x->prow_off[p]; k < x->prow_off[p + 1]; k++) d -= y[x->prow[k]];
            if (d > b.d) b = (cand){d, p};
        }
        per_app[a] = b;
    }
    int64_t m = 0;
    for (int32_t a = 0; a < x->n_app; a++)
        if (per_app[a].p >= 0) out[m++] = per_app[a];
    qsort(out, (size_t)m, sizeof *out, cmp_cand);
    /* at most ADD_PER_SEAT per seat of each company (and one): a company whose
     * capacity row is degenerate in the LP's basis has price 0, and every
     * applicant eligible there would otherwise come in at once */
    int64_t kept = 0;
    memset(per_company, 0, (size_t)x->n_com * sizeof *per_company);
    for (int64_t i = 0; i < m; i++) {
        int32_t c = P->com[out[i].p];
        if (per_company[c] >= ADD_PER_SEAT * (x->seat_off[c + 1] - x->seat_off[c]) + 1) continue;
        per_company[c]++;
        out[kept++] = out[i];
    }
    return kept;
}

/* The pairs of s into the core (so that its basis or warm start can name them). */
static int core_add_state(const cx *x, mu_core *core, const state *s, int64_t *buf, mu_error *err) {
    int64_t m = 0;
    for (int32_t a = 0; a < x->n_app; a++)
        if (s->app_pair[a] >= 0) buf[m++] = s->app_pair[a];
    return mu_core_add(core, m, buf, err);
}

/* ---- the Lagrangian at the LP's row prices */

/* The relaxation of the quota rows at row prices Y (Fisher 1981), evaluated
 * by the flow engine on the integer weights S w_p - sum_{r ni p} Y_r (pairs
 * at or below 0 dropped: they cannot help), and its relaxed assignment
 * repaired. Its flow duals V with Y are prices whose bound L(Y) reaches the
 * LP bound when Y are the duals of the LP over every pair, and is usually
 * far better than the sifting LP's own prices before that, whose company
 * prices are those of a core short of competitors. */
typedef struct lagr {
    double *y; /* [n_rows] the row prices to evaluate (the LP's duals) */
    int64_t *t_off, *t_w, *t_map, *fu;
    int32_t *t_com, *f_app;
    prices pr; /* the prices of the last evaluation */
    state st;  /* its relaxed assignment, repaired */
    int has_pr, feasible, runs;
    int64_t k_max; /* quota rows per pair at most */
    int rc;
    mu_error err;
} lagr;

static int lagr_alloc(const cx *x, lagr *L, mu_error *err) {
    const mu_pairs *P = x->P;
    L->y = mu_alloc((size_t)x->n_rows + 1, sizeof *L->y, err);
    L->t_off = mu_alloc((size_t)x->n_app + 1, sizeof *L->t_off, err);
    L->t_w = mu_alloc((size_t)P->n + 1, sizeof *L->t_w, err);
    L->t_map = mu_alloc((size_t)P->n + 1, sizeof *L->t_map, err);
    L->fu = mu_alloc((size_t)x->n_app + 1, sizeof *L->fu, err);
    L->t_com = mu_alloc((size_t)P->n + 1, sizeof *L->t_com, err);
    L->f_app = mu_alloc((size_t)x->n_app + 1, sizeof *L->f_app, err);
    if (!L->y || !L->t_off || !L->t_w || !L->t_map || !L->fu || !L->t_com || !L->f_app ||
        prices_alloc(x, &L->pr, err) || state_alloc(x, &L->st, err))
        return MU_ENOMEM;
    for (int64_t p = 0; p < P->n; p++)
        if (x->prow_off[p + 1] - x->prow_off[p] > L->k_max) L->k_max = x->prow_off[p + 1] - x->prow_off[p];
    return MU_OK;
}
static void lagr_free(lagr *L) {
    free(L->y), free(L->t_off), free(L->t_w), free(L->t_map), free(L->fu), free(L->t_com), free(L->f_app);
    prices_free(&L->pr), state_free(&L->st);
}

/* Evaluates L at L->y; L->rc is MU_OK, MU_EINTERRUPTED (the deadline or a
 * stop came first: no result) or an error (L->err). Thread safe against
 * the GLPK thread: it touches only L and reads x. */
static void lagrange(const cx *x, const mu_options *opt, lagr *L) {
    const mu_pairs *P = x->P;
    L->has_pr = L->feasible = 0;
    /* every modified weight within the flow engine's 0 .. 1e9 */
    int64_t S = MU_FLOW_MAX_WEIGHT / (x->max_w * (1 + L->k_max));
    if (S > 1000) S = 1000;
    if (S < 1) S = 1;
    int64_t lo = L->k_max > 0 ? (MU_FLOW_MAX_WEIGHT - S * x->max_w) / L->k_max : 0;
    L->pr.S = S;
    for (int32_t r = 0; r < x->n_rows; r++) {
        const mu_qrow *q = &x->pb->rows[r];
        double Yd = fmin(fmax(L->y[r] * (double)S, -(double)lo), (double)(S * x->max_w));
        int64_t Y = (int64_t)llround(Yd);
        if ((Y > 0 && q->max == INT64_MAX) || (Y < 0 && q->min <= 0)) Y = 0;
        L->pr.Y[r] = Y;
    }
    int64_t m = 0;
    for (int32_t a = 0; a < x->n_app; a++) {
        L->t_off[a] = m;
        for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++) {
            int64_t w = S * P->w[p];
            for (int64_t k = x->prow_off[p]; k < x->prow_off[p + 1]; k++) w -= L->pr.Y[x->prow[k]];
            if (w <= 0) continue;
            L->t_com[m] = P->com[p], L->t_w[m] = w, L->t_map[m] = p, m++;
        }
    }
    L->t_off[x->n_app] = m;
    mu_transport t = {x->n_app, x->n_com, x->cap, L->t_off, L->t_com, L->t_w};
    mu_flow_options fo;
    mu_flow_init_options(&fo);
    fo.threads = 1; /* beside GLPK's thread: one each */
    fo.progress = mu_flow_deadline_hook;
    fo.progress_ctx = (void *)&x->deadline;
    int64_t fobj = 0;
    char msg[256] = "";
    L->rc = mu_flow_solve_opt(&t, &fo, L->f_app, L->fu, L->pr.V, &fobj, msg, sizeof msg);
    (void)opt;
    if (L->rc == MU_EINTERRUPTED) return;
    if (L->rc) {
        L->rc = mu_err(&L->err, L->rc == MU_ENOMEM ? MU_ENOMEM : MU_EINTERNAL, "crossing quotas: flow engine: %s", msg);
        return;
    }
    prices_eval(x, &L->pr, NULL);
    L->has_pr = 1;
    L->runs++;
    state_set(x, &L->st, L->f_app);
    L->feasible = repair(x, &L->st, L->t_map); /* t_map is free again: scratch */
}

/* Scratch arrays of the sifting loop. */
typedef struct sift_bufs {
    double *u, *v, *y, *x; /* the LP's duals and primal values */
    cand *per_app, *cands;
    int64_t *buf, *per_company;
} sift_bufs;

typedef struct sift_end {
    mu_core_end end; /* MU_CORE_SOLVED: the LP over the core is the LP over every pair */
    double obj, shortfall;
} sift_end;

/* Sifting (section 3 of the opening comment): the LP over the core, every
 * pair priced with its duals, each applicant's best positive pair added (at
 * most ADD_SHARE of the core and ADD_MIN per round), until none is positive.
 * In phase 2 each round's duals are also prices, hence a bound; a negative
 * bound proves the instance infeasible (every assignment weighs >= 0). */
static int sift(const cx *x, const mu_options *opt, best *b, mu_core *core, int phase1, int64_t S, prices *pr,
                const sift_bufs *sb, lagr *L, sift_end *out, int *rounds, mu_error *err) {
    int rc = MU_OK, lag_due = 0;
    *out = (sift_end){.end = MU_CORE_TIME_LIMIT};
    while (!stop_now(x)) {
        mu_core_lp lpr;
        int lp_rc = MU_OK, lag = lag_due;
        /* GLPK on the calling thread (its environment is per thread), the
         * Lagrangian at the last round's duals beside it when there are two;
         * on one thread the same two, one after the other */
#pragma omp parallel num_threads(lag && x->nt > 1 ? 2 : 1) shared(lp_rc, lpr)
        {
            int tid = omp_get_thread_num(), nth = omp_get_num_threads();
            if (tid == 0) lp_rc = mu_core_solve_lp(core, x->deadline, sb->u, sb->v, sb->y, sb->x, &lpr, err);
            if (lag && tid == nth - 1) lagrange(x, opt, L);
        }
        lag_due = 0;
        if (lag) {
            if (L->rc && L->rc != MU_EINTERRUPTED) {
                if (!lp_rc) *err = L->err;
                return L->rc;
            }
            if (L->has_pr) offer_prices(x, b, &L->pr);
            if (L->feasible) offer(x, b, &L->st, "Lagrangian, repaired");
            MU_DEBUG("crossing: Lagrangian %d at %.3f s: bound %lld, repaired %lld%s\n", L->runs, mu_now() - x->t_start,
                     (long long)(L->has_pr ? prices_bound(&L->pr) : -1), (long long)L->st.obj,
                     L->feasible ? "" : " (floors not met)");
        }
        if (lp_rc) return lp_rc;
        ++*rounds;
        if (gap_reached(b, opt->gap)) { /* the Lagrangian's incumbent or bound did it */
            b->at_gap = 1;
            return MU_OK;
        }
        if (lpr.end != MU_CORE_SOLVED) {
            out->end = lpr.end;
            return MU_OK;
        }
        if (!phase1) {
            prices_from_real(x, pr, S, sb->v, sb->y);
            prices_eval(x, pr, NULL);
            offer_prices(x, b, pr);
            if (gap_reached(b, opt->gap)) {
                b->at_gap = 1;
                return MU_OK;
            }
            if (prices_bound(&b->pr) < 0) {
                b->infeasible = 1;
                note(b, "dual prices bound every assignment's weight below 0: infeasible");
                out->end = MU_CORE_SOLVED;
                return MU_OK;
            }
        }
        int64_t nc =
            price_out(x, mu_core_member(core), phase1, sb->u, sb->v, sb->y, sb->per_app, sb->per_company, sb->cands);
        MU_DEBUG(
            "crossing: sifting round %d%s at %.3f s: LP %.3f (%d iterations, shortfall %g), core %lld, bound %lld, "
            "%lld to add\n",
            *rounds, phase1 ? " (phase 1)" : "", mu_now() - x->t_start, lpr.obj, lpr.iterations, lpr.shortfall,
            (long long)mu_core_size(core), (long long)prices_bound(&b->pr), (long long)nc);
        if (nc == 0) {
            *out = (sift_end){MU_CORE_SOLVED, lpr.obj, lpr.shortfall};
            return MU_OK;
        }
        /* the Lagrangian at these duals, during the next round: after rounds 1, 2, 4, 8, ... */
        if (!phase1 && L && (*rounds & (*rounds - 1)) == 0) {
            memcpy(L->y, sb->y, (size_t)x->n_rows * sizeof *L->y);
            lag_due = 1;
        }
        int64_t lim = (int64_t)(ADD_SHARE * (double)mu_core_size(core)) + ADD_MIN;
        if (nc > lim) nc = lim;
        for (int64_t i = 0; i < nc; i++) sb->buf[i] = sb->cands[i].p;
        if ((rc = mu_core_add(core, nc, sb->buf, err))) return rc;
    }
    out->end = mu_stop_requested() ? MU_CORE_STOPPED : MU_CORE_TIME_LIMIT;
    return MU_OK;
}

/* The k-th largest of v[0..n-1] (k from 0); v is reordered. Hoare's selection
 * with the middle element as pivot: deterministic. */
static int64_t kth_largest(int64_t *v, int64_t n, int64_t k) {
    int64_t lo = 0, hi = n - 1;
    while (lo < hi) {
        int64_t pivot = v[lo + (hi - lo) / 2], i = lo, j = hi;
        while (i <= j) {
            while (v[i] > pivot) i++;
            while (v[j] < pivot) j--;
            if (i <= j) {
                int64_t t = v[i];
                v[i] = v[j], v[j] = t;
                i++, j--;
            }
        }
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return v[k];
    }
    return v[k];
}

int mu_engine_hybrid(const mu_problem *pb, const mu_options *opt, double t0, double deadline, mu_result *res,
                     char *engine, size_t n_engine, mu_error *err) {
    (void)t0;
    MU_REQUIRE(pb && opt && res && !mu_problem_has_ext(pb));
    const mu_instance *inst = pb->inst;
    const mu_pairs *P = &pb->pairs;
    int64_t n = P->n;
    cx x = {.pb = pb, .P = P, .n_app = inst->n_app, .n_com = inst->n_com, .n_rows = pb->n_rows};
    x.t_start = mu_now();
    x.nt = opt->threads > 0 ? opt->threads : omp_get_max_threads();
    /* mu_solve certifies after the engine, within the limit: leave it about
     * 0.5 us per pair, at most a quarter of the time left */
    x.deadline = deadline > 0 ? deadline - fmin(0.25 * fmax(deadline - x.t_start, 0), 5e-7 * (double)n) : 0;
    int rc = MU_OK;
    best b = {0};
    state cur = {0};
    prices pr = {0};
    mu_core *core = NULL;
    lagr lag = {0};
    int64_t *rc_p = NULL, *fu = NULL, *buf = NULL, *per_com = NULL;
    int32_t *f_app = NULL, *sol = NULL;
    double *du = NULL, *dv = NULL, *dy = NULL, *xv = NULL;
    cand *cands = NULL, *per_app = NULL;
    uint8_t *fix0 = NULL;
    if ((rc = cx_build(&x, err))) goto done;
    rc_p = mu_alloc((size_t)n + 1, sizeof *rc_p, err);
    buf = mu_alloc((size_t)n + 1, sizeof *buf, err);
    xv = mu_alloc((size_t)n + 1, sizeof *xv, err);
    fix0 = mu_calloc((size_t)n + 1, sizeof *fix0, err);
    fu = mu_alloc((size_t)x.n_app + 1, sizeof *fu, err);
    per_com = mu_alloc((size_t)x.n_com + 1, sizeof *per_com, err);
    f_app = mu_alloc((size_t)x.n_app + 1, sizeof *f_app, err);
    sol = mu_alloc((size_t)x.n_app + 1, sizeof *sol, err);
    cands = mu_alloc((size_t)x.n_app + 1, sizeof *cands, err);
    per_app = mu_alloc((size_t)x.n_app + 1, sizeof *per_app, err);
    du = mu_alloc((size_t)x.n_app + 1, sizeof *du, err);
    dv = mu_alloc((size_t)x.n_com + 1, sizeof *dv, err);
    dy = mu_alloc((size_t)x.n_rows + 1, sizeof *dy, err);
    if (!rc_p || !per_com || !buf || !xv || !fix0 || !fu || !f_app || !sol || !cands || !per_app || !du || !dv || !dy ||
        state_alloc(&x, &cur, err) || state_alloc(&x, &b.inc, err) || prices_alloc(&x, &pr, err) ||
        lagr_alloc(&x, &lag, err) || prices_alloc(&x, &b.pr, err)) {
        rc = MU_ENOMEM;
        goto done;
    }
    /* the cheap bound first (all prices 0: each applicant's best weight), then the transportation optimum's */
    prices_eval(&x, &b.pr, NULL);
    mu_transport t = {x.n_app, x.n_com, x.cap, P->app_off, P->com, P->w};
    mu_flow_options fo;
    mu_flow_init_options(&fo);
    fo.threads = opt->threads;
    fo.progress = mu_flow_deadline_hook;
    fo.progress_ctx = &x.deadline;
    int64_t fobj = 0;
    char msg[256] = "";
    int frc = mu_flow_solve_opt(&t, &fo, f_app, fu, pr.V, &fobj, msg, sizeof msg);
    if (frc && frc != MU_EINTERRUPTED) {
        rc = mu_err(err, frc == MU_ENOMEM ? MU_ENOMEM : MU_EINTERNAL, "crossing quotas: flow engine: %s", msg);
        goto done;
    }
    if (frc == MU_OK) {
        pr.S = 1;
        memset(pr.Y, 0, (size_t)x.n_rows * sizeof *pr.Y);
        prices_eval(&x, &pr, rc_p);
        offer_prices(&x, &b, &pr);
        state_set(&x, &cur, f_app);
        note(&b, "transportation bound %lld", (long long)prices_bound(&pr));
    } else {
        state_clear(&x, &cur);
        prices_eval(&x, &b.pr, rc_p);
    }
    MU_DEBUG("crossing: prices at %.3f s, bound %lld\n", mu_now() - x.t_start, (long long)prices_bound(&b.pr));
    /* ---- 2. primal first */
    if (repair(&x, &cur, buf)) {
        offer(&x, &b, &cur, "repair");
        note(&b, "repair: feasible %lld at %.2f s", (long long)cur.obj, mu_now() - x.t_start);
    } else {
        note(&b, "repair: %s", stop_now(&x) ? "stopped" : "floors not met");
    }
    if (b.has_inc && b.inc.obj >= prices_bound(&b.pr)) b.proven = 1;
    b.at_gap = !b.proven && gap_reached(&b, opt->gap);
    /* ---- 3. sifting */
    int rounds = 0, lp_optimal = 0, lp_integral = 0;
    double shortfall = 0, lp_obj = 0;
    if (!b.proven && !b.at_gap && !stop_now(&x)) {
        int64_t seats = 0;
        for (int32_t c = 0; c < x.n_com; c++) seats += x.seat_off[c + 1] - x.seat_off[c];
        int64_t target = CORE_SEATS * seats + 1;
        if (target > n) target = n;
        int64_t m = 0;
        if (target > 0) {
            for (int64_t p = 0; p < n; p++) buf[p] = rc_p[p];
            int64_t thr = kth_largest(buf, n, target - 1);
            for (int64_t p = 0; p < n; p++)
                if (rc_p[p] >= thr) buf[m++] = p;
        }
        double penalty = 1e4 * (double)x.max_w;
        if ((rc = mu_core_new(pb, x.prow_off, x.prow, penalty, &core, err)) || (rc = mu_core_add(core, m, buf, err)) ||
            (rc = core_add_state(&x, core, &cur, buf, err)))
            goto done;
        state_app_com(&x, &cur, sol);
        if ((rc = mu_core_set_basis(core, sol, err))) goto done;
        MU_DEBUG("crossing: first core %lld pairs at %.3f s\n", (long long)mu_core_size(core), mu_now() - x.t_start);
        int64_t S = (int64_t)1 << 20; /* LP duals as prices: every scaled weight and price well inside 2^50 */
        while (S > 1 && (double)S * (double)x.max_w * 64.0 > (double)PRICE_MAX) S >>= 1;
        sift_bufs bufs_ = {du, dv, dy, xv, per_app, cands, buf, per_com}, *bufs = &bufs_;
        /* phase 2 with elastic floors; when the LP over every pair still
         * needs them, phase 1 decides: no assignment meets the floors, or
         * the penalty was too small (raised, and phase 2 again) */
        for (int attempt = 0; attempt < 3 && !b.infeasible; attempt++) {
            sift_end se;
            if ((rc = sift(&x, opt, &b, core, 0, S, &pr, bufs, &lag, &se, &rounds, err))) goto done;
            if (se.end != MU_CORE_SOLVED || b.infeasible || b.at_gap) break;
            shortfall = se.shortfall, lp_obj = se.obj;
            if (shortfall <= 1e-6) {
                lp_optimal = 1;
                break;
            }
            if ((rc = mu_core_set_phase(core, 1, penalty, err)) ||
                (rc = sift(&x, opt, &b, core, 1, S, &pr, bufs, NULL, &se, &rounds, err)))
                goto done;
            if (se.end != MU_CORE_SOLVED) break;
            if (se.shortfall > 1e-6) {
                b.infeasible = 1;
                note(&b, "the LP relaxation falls %.3g placements short of its floors over every pair: infeasible",
                     se.shortfall);
                break;
            }
            penalty *= 1e3;
            if ((rc = mu_core_set_phase(core, 0, penalty, err))) goto done;
        }
        if (lp_optimal) {
            note(&b, "LP %.1f by %d sifting rounds over a core of %lld of %lld pairs", lp_obj, rounds,
                 (long long)mu_core_size(core), (long long)n);
            /* an integral LP optimum is an assignment */
            lp_integral = 1;
            for (int64_t p = 0; p < n && lp_integral; p++) lp_integral = xv[p] < 1e-6 || xv[p] > 1 - 1e-6;
            if (lp_integral) {
                state_clear(&x, &cur);
                for (int64_t p = 0; p < n; p++)
                    if (xv[p] > 0.5) put(&x, &cur, p, 1);
                if (state_feasible(&x, &cur)) offer(&x, &b, &cur, "integral LP");
                else lp_integral = 0;
            }
        }
    }
    if (b.has_inc && b.inc.obj >= prices_bound(&b.pr)) b.proven = 1;
    /* ---- 4. shrink, then branch and bound */
    int mip_runs = 0;
    int64_t kept = 0, fixed = 0;
    for (int round = 0; lp_optimal && !b.proven && !b.infeasible && !b.at_gap && round < MIP_ROUNDS && !stop_now(&x);
         round++) {
        prices_eval(&x, &b.pr, rc_p);
        __int128 thr = b.has_inc ? (__int128)b.pr.S * (b.inc.obj + 1) - b.pr.D : -((__int128)1 << 100);
        const uint8_t *in = mu_core_member(core);
        int64_t m = 0;
        for (int64_t p = 0; p < n; p++)
            if (!in[p] && rc_p[p] >= thr) buf[m++] = p;
        if (m > 0 || round > 0)
            MU_DEBUG("crossing: %lld pairs outside the core can still improve on %lld\n", (long long)m,
                     (long long)(b.has_inc ? b.inc.obj : -1));
        if ((rc = mu_core_add(core, m, buf, err))) goto done;
        if (b.has_inc && (rc = core_add_state(&x, core, &b.inc, buf, err))) goto done;
        in = mu_core_member(core);
        fixed = 0;
        for (int64_t p = 0; p < n; p++) {
            fix0[p] = in[p] && rc_p[p] < thr;
            fixed += fix0[p];
        }
        kept = mu_core_size(core) - fixed;
        if (b.has_inc) state_app_com(&x, &b.inc, sol);
        mu_core_mip mr;
        if ((rc = mu_core_solve_mip(core, x.deadline, opt->gap, fix0, b.has_inc ? sol : NULL, sol, &mr, err)))
            goto done;
        mip_runs++;
        MU_DEBUG("crossing: branch-and-bound %d at %.3f s over %lld of %lld core pairs: end %d, %s %lld\n", mip_runs,
                 mu_now() - x.t_start, (long long)kept, (long long)mu_core_size(core), (int)mr.end,
                 mr.has ? "found" : "nothing", (long long)mr.obj);
        if (mr.has) {
            state_set(&x, &cur, sol);
            if (state_feasible(&x, &cur)) offer(&x, &b, &cur, "branch-and-bound");
        }
        if (mr.end != MU_CORE_SOLVED && mr.end != MU_CORE_INFEASIBLE) break;
        /* The core's optimum (or its infeasibility, with the fixed pairs at 0):
         * proven when no pair outside can improve on the incumbent. */
        thr = b.has_inc ? (__int128)b.pr.S * (b.inc.obj + 1) - b.pr.D : -((__int128)1 << 100);
        in = mu_core_member(core);
        int64_t outside = 0;
        for (int64_t p = 0; p < n; p++) outside += !in[p] && rc_p[p] >= thr;
        if (outside == 0) {
            if (b.has_inc) b.proven = 1;
            else b.infeasible = 1, note(&b, "GLPK's branch-and-bound found no assignment over every pair: infeasible");
            break;
        }
    }
    if (b.at_gap) note(&b, "stopped at the requested gap (--gap %g)", opt->gap);
    if (mip_runs)
        note(&b,
             "core: %lld of %lld pairs kept for GLPK's branch-and-bound (%lld more fixed at 0 by reduced cost), "
             "%d run%s",
             (long long)kept, (long long)n, (long long)fixed, mip_runs, mip_runs > 1 ? "s" : "");
    else if (lp_integral) note(&b, "the LP optimum is integral: no branch-and-bound");
    /* ---- the answer */
    int64_t B = prices_bound(&b.pr);
    if (b.infeasible) {
        res->status = MU_STATUS_INFEASIBLE;
        res->has_assignment = 0;
    } else {
        res->has_assignment = b.has_inc;
        if (b.has_inc) state_app_com(&x, &b.inc, res->app_com);
        res->has_bound = 1;
        res->bound = (double)(b.proven && b.has_inc ? b.inc.obj : B);
        res->status = b.proven              ? MU_STATUS_OPTIMAL
                      : mu_stop_requested() ? MU_STATUS_INTERRUPTED
                      : b.has_inc           ? MU_STATUS_FEASIBLE
                                            : MU_STATUS_TIME_LIMIT;
        res->v = mu_alloc((size_t)x.n_com + 1, sizeof *res->v, err);
        res->lam = mu_alloc((size_t)x.n_rows + 1, sizeof *res->lam, err);
        if (!res->v || !res->lam) {
            rc = MU_ENOMEM;
            goto done;
        }
        memcpy(res->v, b.pr.V, (size_t)x.n_com * sizeof *res->v);
        memcpy(res->lam, b.pr.Y, (size_t)x.n_rows * sizeof *res->lam);
        res->dual_scale = b.pr.S, res->has_duals = 1;
        if (!b.has_inc)
            note(&b, "no feasible assignment before the %s", mu_stop_requested() ? "stop request" : "time limit");
    }
    snprintf(res->detail, sizeof res->detail, "crossing quotas: %s", b.detail);
    snprintf(engine, n_engine, "%s", mip_runs || rounds ? "mip" : "heuristic");
done:
    mu_core_free(core);
    lagr_free(&lag);
    cx_free(&x);
    state_free(&cur), state_free(&b.inc);
    prices_free(&pr), prices_free(&b.pr);
    free(rc_p), free(per_com), free(buf), free(xv), free(fix0), free(fu), free(f_app), free(sol), free(cands),
        free(per_app);
    free(du), free(dv), free(dy);
    if (rc) mu_result_free_duals(res);
    return rc;
}
