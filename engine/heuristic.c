/* The heuristic engine: an anytime, certified, deterministic fallback for
 * quota problems the exact engines cannot finish in the time given.
 *
 * Bound — Lagrangian relaxation of the quota rows (Fisher, "The Lagrangian
 * relaxation method for solving integer programming problems", Management
 * Science 27, 1981). With lambda_r = mu_r - nu_r (mu_r >= 0 prices the max
 * side, nu_r >= 0 the min side) the relaxation
 *     L(lambda) = max_{x transportation-feasible} sum_p (w_p - sum_{r ni p} lambda_r) x_p
 *                 + sum_{lambda_r > 0} lambda_r max_r + sum_{lambda_r < 0} lambda_r min_r
 * is an upper bound on the optimum for every such lambda (weak duality;
 * Fisher section 2). Its inner maximum is the transportation core, solved
 * exactly by mu_flow_solve on integer weights S*w_p - Lambda_p (Lambda_r the
 * integer-rounded S*lambda_r; pairs whose modified weight is <= 0 are dropped,
 * which leaves the maximum unchanged). Rounding lambda is harmless: every
 * integer Lambda gives a valid bound, and the sum is kept in __int128, so
 * floor(L_S / S) is exact. The flow engine's integer duals certify each inner
 * maximum (it verifies them on every pair before returning). The multipliers
 * and inner duals of the best bound are the answer's certificate
 * (engine/certify.c), which musubi check verifies from the instance alone.
 * Multipliers follow the subgradient method of Held, Wolfe and Crowder
 * ("Validation of subgradient optimization", Math. Programming 6, 1974) with
 * Polyak's step t = theta (L - LB) / |g|^2, theta halved after 5 iterations
 * without a better bound.
 *
 * Primal — every relaxed solution is repaired (over-full rows lose their
 * lightest members; floors are filled by the best admissible insertion or
 * relocation; free seats are then filled greedily by weight), then improved by
 * local search: in each round every company proposes its best improving move
 * (add a free applicant, or replace its lightest removable member by a free or
 * relocating applicant) against the frozen state, in parallel
 * (schedule(dynamic, 16): companies' pair lists differ in length; from
 * PAR_PAIRS pairs on, below that a round is shorter than a fork and barrier on
 * a busy machine); the proposals are then re-validated and applied in
 * company index order. Ties go to the lowest pair index. No random numbers are
 * drawn (--seed is not used), so the result depends on the instance and
 * options only, never on the thread count. The flow engine itself is
 * thread-count independent (flow.h).
 *
 * Why not a bundle method or a MIP on the side: with seats scarce the
 * relaxation is tight (anchors.md: every quota variant had an integral LP),
 * so plain subgradient steps close the gap in tens of flow solves at 10k, and
 * each flow solve is exact and certified; GLPK is used only as a second stage
 * by auto (mu_engine_hybrid) when time remains.
 *
 * Anytime — the deadline and mu_stop_requested() are polled between phases,
 * every local-search round and (through the flow engine's progress hook)
 * within each flow solve. Reproducibility: the same input and options give the
 * same answer on any thread count whenever the run ends by its iteration
 * budget, by proving optimality or by a gap target; a run cut by the time
 * limit or a signal returns the best assignment found so far, which depends on
 * how many iterations fit in the time (every iteration's result is the same
 * as in an uncut run). */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "engine/flow.h"
#include "engine/heuristic.h"

#define MAX_ITER 300      /* Lagrangian iterations at most */
#define MAX_LS_ROUNDS 200 /* local-search rounds per candidate */
#define PAR_PAIRS 500000  /* pairs from which local search rounds run in parallel */
#define STALL 5           /* iterations without a better bound before theta halves */

typedef struct hctx {
    const mu_problem *pb;
    const mu_pairs *P;
    int32_t n_app, n_com, n_rows, nt;
    double deadline;
    int32_t *pair_app;
    int64_t *prow_off; /* [pairs+1] rows containing each pair, increasing */
    int32_t *prow;
    int64_t *cp_off; /* [n_com+1] pairs of each company, increasing */
    int64_t *cp_pair;
    int64_t *rmax, *rmin; /* effective row bounds (max clipped to the row size) */
    int64_t *order;       /* pairs by weight descending, then index */
    int64_t *seat_off;    /* [n_com+1] company c's seats are seat_off[c] .. seat_off[c+1]-1 */
} hctx;

typedef struct state {
    int64_t *app_pair; /* [n_app] pair or -1 */
    int32_t *load;     /* [n_com] */
    int64_t *cnt;      /* [n_rows] */
    int64_t *seat;     /* [seats] the pair in each seat, -1 empty */
    int64_t obj;
} state;

typedef struct move {
    int64_t gain, p_in, p_out, p_evict; /* p_out: the applicant's old pair; p_evict: the member ejected */
} move;

static int stop_now(const hctx *h) { return mu_stop_requested() || (h->deadline > 0 && mu_now() > h->deadline); }

static int state_alloc(const hctx *h, state *s, mu_error *err) {
    s->app_pair = mu_alloc((size_t)h->n_app + 1, sizeof *s->app_pair, err);
    s->load = mu_alloc((size_t)h->n_com + 1, sizeof *s->load, err);
    s->cnt = mu_alloc((size_t)h->n_rows + 1, sizeof *s->cnt, err);
    s->seat = mu_alloc((size_t)h->seat_off[h->n_com] + 1, sizeof *s->seat, err);
    return s->app_pair && s->load && s->cnt && s->seat ? MU_OK : MU_ENOMEM;
}
static void state_free(state *s) { free(s->app_pair), free(s->load), free(s->cnt), free(s->seat); }
static void state_copy(const hctx *h, state *d, const state *s) {
    memcpy(d->app_pair, s->app_pair, (size_t)h->n_app * sizeof *s->app_pair);
    memcpy(d->load, s->load, (size_t)h->n_com * sizeof *s->load);
    memcpy(d->cnt, s->cnt, (size_t)h->n_rows * sizeof *s->cnt);
    memcpy(d->seat, s->seat, (size_t)h->seat_off[h->n_com] * sizeof *s->seat);
    d->obj = s->obj;
}
static void state_clear(const hctx *h, state *s) {
    for (int32_t a = 0; a < h->n_app; a++) s->app_pair[a] = -1;
    memset(s->load, 0, (size_t)h->n_com * sizeof *s->load);
    memset(s->cnt, 0, (size_t)h->n_rows * sizeof *s->cnt);
    for (int64_t k = 0; k < h->seat_off[h->n_com]; k++) s->seat[k] = -1;
    s->obj = 0;
}
static void put(const hctx *h, state *s, int64_t p, int sign) {
    for (int64_t k = h->prow_off[p]; k < h->prow_off[p + 1]; k++) s->cnt[h->prow[k]] += sign;
    int32_t c = h->P->com[p];
    int64_t want = sign > 0 ? -1 : p, k = h->seat_off[c];
    while (s->seat[k] != want) k++; /* a free seat exists: callers respect the capacity */
    s->seat[k] = sign > 0 ? p : -1;
    s->load[c] += sign;
    s->obj += sign * h->P->w[p];
    s->app_pair[h->pair_app[p]] = sign > 0 ? p : -1;
}
static int quota_ok(const hctx *h, const state *s) {
    for (int32_t r = 0; r < h->n_rows; r++)
        if (s->cnt[r] < h->rmin[r] || s->cnt[r] > h->rmax[r]) return 0;
    return 1;
}

/* Whether removing out1, out2 (-1: none) and adding in (-1: none) keeps every
 * row within its bounds; only rows the pairs touch can change. */
static int rows_ok(const hctx *h, const state *s, int64_t out1, int64_t out2, int64_t in) {
    int64_t ps[3] = {out1, out2, in};
    for (int i = 0; i < 3; i++) {
        if (ps[i] < 0) continue;
        for (int64_t k = h->prow_off[ps[i]]; k < h->prow_off[ps[i] + 1]; k++) {
            int32_t r = h->prow[k];
            int64_t d = 0;
            for (int j = 0; j < 3; j++) {
                if (ps[j] < 0) continue;
                for (int64_t l = h->prow_off[ps[j]]; l < h->prow_off[ps[j] + 1]; l++)
                    if (h->prow[l] == r) d += j == 2 ? 1 : -1;
            }
            int64_t c = s->cnt[r] + d;
            if ((d < 0 && c < h->rmin[r]) || (d > 0 && c > h->rmax[r])) return 0; /* makes no row worse */
        }
    }
    return 1;
}

/* The lightest member of company c whose removal (together with out, -1:
 * none, and the addition of in) keeps the rows feasible; -1 if none. Ties:
 * lowest pair index. */
static int64_t lightest_evictable(const hctx *h, const state *s, int32_t c, int64_t out, int64_t in) {
    int64_t best = -1;
    for (int64_t k = h->seat_off[c]; k < h->seat_off[c + 1]; k++) {
        int64_t q = s->seat[k];
        if (q < 0 || q == out) continue;
        if (best >= 0 && (h->P->w[q] > h->P->w[best] || (h->P->w[q] == h->P->w[best] && q > best))) continue;
        if (rows_ok(h, s, out, q, in)) best = q;
    }
    return best;
}

/* Best move that puts pair p in: gain, or INT64_MIN when none is admissible. */
static move best_insert(const hctx *h, const state *s, int64_t p) {
    move m = {INT64_MIN, p, -1, -1};
    int32_t a = h->pair_app[p], c = h->P->com[p];
    int64_t q = s->app_pair[a];
    if (q == p) return m;
    if (q >= 0 && h->P->com[q] == c) return m; /* same company: no-op */
    int64_t gain = h->P->w[p] - (q >= 0 ? h->P->w[q] : 0);
    if (s->load[c] < h->pb->inst->com[c].capacity) {
        if (rows_ok(h, s, q, -1, p)) m = (move){gain, p, q, -1};
        return m;
    }
    int64_t e = lightest_evictable(h, s, c, q, p);
    if (e >= 0) m = (move){gain - h->P->w[e], p, q, e};
    return m;
}
static void apply(const hctx *h, state *s, move m) {
    if (m.p_out >= 0) put(h, s, m.p_out, -1);
    if (m.p_evict >= 0) put(h, s, m.p_evict, -1);
    put(h, s, m.p_in, +1);
}
static int still_valid(const hctx *h, const state *s, move m) {
    int32_t a = h->pair_app[m.p_in], c = h->P->com[m.p_in];
    if (s->app_pair[a] != m.p_out) return 0;
    if (m.p_evict >= 0 && s->app_pair[h->pair_app[m.p_evict]] != m.p_evict) return 0;
    if (s->load[c] - (m.p_evict >= 0) >= h->pb->inst->com[c].capacity) return 0;
    /* rows_ok with three pairs: out, evict removed, in added */
    int64_t ps[3] = {m.p_out, m.p_evict, m.p_in};
    for (int i = 0; i < 3; i++) {
        if (ps[i] < 0) continue;
        for (int64_t k = h->prow_off[ps[i]]; k < h->prow_off[ps[i] + 1]; k++) {
            int32_t r = h->prow[k];
            int64_t d = 0;
            for (int j = 0; j < 3; j++) {
                if (ps[j] < 0) continue;
                for (int64_t l = h->prow_off[ps[j]]; l < h->prow_off[ps[j] + 1]; l++)
                    if (h->prow[l] == r) d += j == 2 ? 1 : -1;
            }
            if ((d < 0 && s->cnt[r] + d < h->rmin[r]) || (d > 0 && s->cnt[r] + d > h->rmax[r])) return 0;
        }
    }
    return 1;
}

/* Makes s quota-feasible if it can: trims over-full rows, fills floors, then
 * fills free seats greedily. Returns 1 when s satisfies every row; 0 also when
 * abortable and the deadline or a stop request came first. */
static int repair(const hctx *h, state *s, int abortable) {
    const mu_problem *pb = h->pb;
    for (int32_t r = 0; r < h->n_rows; r++) {
        while (s->cnt[r] > h->rmax[r]) { /* drop the lightest member (lowest index on ties) */
            int64_t worst = -1;
            for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) {
                int64_t p = pb->row_pair[k];
                if (s->app_pair[h->pair_app[p]] == p && (worst < 0 || h->P->w[p] < h->P->w[worst])) worst = p;
            }
            put(h, s, worst, -1);
        }
    }
    for (int pass = 0; pass < 3; pass++) {
        int short_rows = 0;
        for (int32_t r = 0; r < h->n_rows; r++) {
            if (abortable && (r & 255) == 0 && stop_now(h)) return 0;
            while (s->cnt[r] < h->rmin[r]) {
                move best = {INT64_MIN, -1, -1, -1};
                for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) {
                    move m = best_insert(h, s, pb->row_pair[k]);
                    if (m.gain > best.gain) best = m;
                }
                if (best.p_in < 0) break;
                int64_t before = s->cnt[r];
                apply(h, s, best);
                if (s->cnt[r] <= before) break; /* the move did not help this row */
            }
            short_rows += s->cnt[r] < h->rmin[r];
        }
        if (!short_rows) break;
    }
    for (int64_t k = 0; k < h->P->n; k++) { /* greedy fill, heaviest pair first */
        int64_t p = h->order[k];
        if (h->P->w[p] <= 0) break;
        int32_t c = h->P->com[p];
        if (s->app_pair[h->pair_app[p]] < 0 && s->load[c] < pb->inst->com[c].capacity && rows_ok(h, s, -1, -1, p))
            put(h, s, p, +1);
    }
    return quota_ok(h, s);
}

/* Parallel local search on a feasible state; keeps it feasible. */
static void local_search(const hctx *h, state *s, move *prop, double *par_sec) {
    for (int round = 0; round < MAX_LS_ROUNDS && !stop_now(h); round++) {
        double t = mu_now();
        /* one thread below PAR_PAIRS: a round is then shorter than the fork and barrier */
#pragma omp parallel for schedule(dynamic, 16) num_threads(h->nt) if (h->P->n >= PAR_PAIRS)
        for (int32_t c = 0; c < h->n_com; c++) {
            move best = {0, -1, -1, -1}; /* improving moves only; ties: lowest pair index */
            int64_t w_min = 0;           /* a full company: every eviction costs at least its lightest member */
            if (s->load[c] >= h->pb->inst->com[c].capacity) {
                w_min = INT64_MAX;
                for (int64_t k = h->seat_off[c]; k < h->seat_off[c + 1]; k++)
                    if (s->seat[k] >= 0 && h->P->w[s->seat[k]] < w_min) w_min = h->P->w[s->seat[k]];
            }
            for (int64_t k = h->cp_off[c]; k < h->cp_off[c + 1]; k++) {
                int64_t p = h->cp_pair[k];
                int64_t q = s->app_pair[h->pair_app[p]];
                if (h->P->w[p] - (q >= 0 ? h->P->w[q] : 0) - w_min <= best.gain) continue; /* cannot beat the best */
                move m = best_insert(h, s, p);
                if (m.gain > best.gain) best = m;
            }
            prop[c] = best;
        }
        *par_sec += mu_now() - t;
        int64_t applied = 0;
        for (int32_t c = 0; c < h->n_com; c++)
            if (prop[c].p_in >= 0 && still_valid(h, s, prop[c])) {
                apply(h, s, prop[c]);
                applied++;
            }
        if (!applied) break;
    }
}

typedef struct flow_stop {
    const hctx *h;
} flow_stop;
static int flow_progress(void *ctx, int64_t done, int64_t total) {
    (void)done, (void)total;
    return stop_now(((flow_stop *)ctx)->h);
}

static int cmp_key(const void *x, const void *y) {
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

static int64_t floor_div(__int128 a, int64_t b) {
    __int128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return (int64_t)q;
}

int mu_engine_heuristic(const mu_problem *pb, const mu_options *opt, double deadline, mu_result *res, mu_error *err) {
    MU_REQUIRE(pb && opt && res && !mu_problem_has_ext(pb));
    const mu_instance *inst = pb->inst;
    const mu_pairs *P = &pb->pairs;
    hctx h = {.pb = pb, .P = P, .n_app = inst->n_app, .n_com = inst->n_com, .n_rows = pb->n_rows, .deadline = deadline};
    h.nt = opt->threads > 0 ? opt->threads : omp_get_max_threads();
    double t_start = mu_now();
    /* mu_solve computes the metrics after the engine, outside any deadline
     * (2.5 s at 3M pairs on the loaded bench machine): leave them about
     * 0.5 us per pair, at most a quarter of the time left. */
    if (deadline > 0) h.deadline = deadline - fmin(0.25 * fmax(deadline - t_start, 0), 5e-7 * (double)P->n);
    int rc = MU_OK;
    state cur = {0}, best = {0};
    move *prop = NULL;
    int32_t *cap = NULL, *t_com = NULL, *f_app = NULL;
    int64_t *t_off = NULL, *t_w = NULL, *t_map = NULL, *fu = NULL, *fv = NULL, *Lam = NULL;
    int64_t *cert_v = NULL, *cert_lam = NULL; /* the prices of the best bound: the certificate */
    double *mu = NULL, *nu = NULL, *g_hi = NULL, *g_lo = NULL;
    int64_t n = P->n;
    h.pair_app = mu_alloc((size_t)n + 1, sizeof *h.pair_app, err);
    h.prow_off = mu_alloc((size_t)n + 2, sizeof *h.prow_off, err);
    h.prow = mu_alloc((size_t)pb->row_off[pb->n_rows] + 1, sizeof *h.prow, err);
    h.cp_off = mu_alloc((size_t)h.n_com + 2, sizeof *h.cp_off, err);
    h.cp_pair = mu_alloc((size_t)n + 1, sizeof *h.cp_pair, err);
    h.rmax = mu_alloc((size_t)h.n_rows + 1, sizeof *h.rmax, err);
    h.rmin = mu_alloc((size_t)h.n_rows + 1, sizeof *h.rmin, err);
    h.order = mu_alloc((size_t)n + 1, sizeof *h.order, err);
    h.seat_off = mu_alloc((size_t)h.n_com + 1, sizeof *h.seat_off, err);
    if (h.seat_off) {
        h.seat_off[0] = 0;
        for (int32_t c = 0; c < h.n_com; c++) h.seat_off[c + 1] = h.seat_off[c] + inst->com[c].capacity;
    }
    prop = mu_alloc((size_t)h.n_com + 1, sizeof *prop, err);
    cap = mu_alloc((size_t)h.n_com + 1, sizeof *cap, err);
    t_off = mu_alloc((size_t)h.n_app + 1, sizeof *t_off, err);
    t_com = mu_alloc((size_t)n + 1, sizeof *t_com, err);
    t_w = mu_alloc((size_t)n + 1, sizeof *t_w, err);
    t_map = mu_alloc((size_t)n + 1, sizeof *t_map, err);
    f_app = mu_alloc((size_t)h.n_app + 1, sizeof *f_app, err);
    fu = mu_alloc((size_t)h.n_app + 1, sizeof *fu, err);
    fv = mu_alloc((size_t)h.n_com + 1, sizeof *fv, err);
    Lam = mu_alloc((size_t)h.n_rows + 1, sizeof *Lam, err);
    cert_v = mu_alloc((size_t)h.n_com + 1, sizeof *cert_v, err);
    cert_lam = mu_alloc((size_t)h.n_rows + 1, sizeof *cert_lam, err);
    mu = mu_alloc((size_t)h.n_rows + 1, sizeof *mu, err);
    nu = mu_alloc((size_t)h.n_rows + 1, sizeof *nu, err);
    g_hi = mu_alloc((size_t)h.n_rows + 1, sizeof *g_hi, err);
    g_lo = mu_alloc((size_t)h.n_rows + 1, sizeof *g_lo, err);
    if (!h.pair_app || !h.prow_off || !h.prow || !h.cp_off || !h.cp_pair || !h.rmax || !h.rmin || !h.order ||
        !h.seat_off || !prop || !cap || !t_off || !t_com || !t_w || !t_map || !f_app || !fu || !fv || !Lam || !cert_v ||
        !cert_lam || !mu || !nu || !g_hi || !g_lo || state_alloc(&h, &cur, err) || state_alloc(&h, &best, err)) {
        rc = MU_ENOMEM;
        goto done;
    }
    /* ---- index structures */
    int64_t max_w = 1;
    for (int32_t a = 0; a < h.n_app; a++)
        for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++) {
            h.pair_app[p] = a;
            if (P->w[p] > max_w) max_w = P->w[p];
        }
    memset(h.prow_off, 0, (size_t)(n + 2) * sizeof *h.prow_off);
    for (int64_t k = 0; k < pb->row_off[pb->n_rows]; k++) h.prow_off[pb->row_pair[k] + 2]++;
    for (int64_t p = 0; p < n; p++) h.prow_off[p + 2] += h.prow_off[p + 1];
    for (int32_t r = 0; r < h.n_rows; r++) /* rows in increasing order within each pair */
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) h.prow[h.prow_off[pb->row_pair[k] + 1]++] = r;
    int64_t k_max = 0;
    for (int64_t p = 0; p < n; p++)
        if (h.prow_off[p + 1] - h.prow_off[p] > k_max) k_max = h.prow_off[p + 1] - h.prow_off[p];
    memset(h.cp_off, 0, (size_t)(h.n_com + 2) * sizeof *h.cp_off);
    for (int64_t p = 0; p < n; p++) h.cp_off[P->com[p] + 2]++;
    for (int32_t c = 0; c < h.n_com; c++) h.cp_off[c + 2] += h.cp_off[c + 1];
    for (int64_t p = 0; p < n; p++) h.cp_pair[h.cp_off[P->com[p] + 1]++] = p;
    for (int32_t r = 0; r < h.n_rows; r++) {
        int64_t size = pb->row_off[r + 1] - pb->row_off[r];
        h.rmax[r] = pb->rows[r].max < size ? pb->rows[r].max : size;
        h.rmin[r] = pb->rows[r].min;
    }
    /* Pairs by weight descending, index ascending: a counting sort (stable,
     * so ties keep the lowest index first) when weights are small, else one
     * packed key each, (1e9 - w) in the top 30 bits, the pair index below. */
    MU_REQUIRE(n < ((int64_t)1 << 34));
    if (max_w <= (1 << 22)) {
        int64_t *bucket = mu_alloc((size_t)max_w + 2, sizeof *bucket, err);
        if (!bucket) {
            rc = MU_ENOMEM;
            goto done;
        }
        memset(bucket, 0, (size_t)(max_w + 2) * sizeof *bucket);
        for (int64_t p = 0; p < n; p++) bucket[max_w - P->w[p] + 1]++;
        for (int64_t b = 1; b <= max_w + 1; b++) bucket[b] += bucket[b - 1];
        for (int64_t p = 0; p < n; p++) h.order[bucket[max_w - P->w[p]]++] = p;
        free(bucket);
    } else {
        for (int64_t p = 0; p < n; p++)
            h.order[p] = (int64_t)(((uint64_t)(MU_MAX_WEIGHT - P->w[p]) << 34) | (uint64_t)p);
        qsort(h.order, (size_t)n, sizeof *h.order, cmp_key);
        for (int64_t p = 0; p < n; p++) h.order[p] = (int64_t)((uint64_t)h.order[p] & (((uint64_t)1 << 34) - 1));
    }
    for (int32_t c = 0; c < h.n_com; c++) cap[c] = inst->com[c].capacity;

    MU_DEBUG("heuristic: indexed in %.3f s\n", mu_now() - t_start);
    /* ---- the first primal: repair from the empty assignment */
    int have_best = 0, proven_infeasible = 0, iters = 0, best_iter = -1;
    double par_sec = 0;
    state_clear(&h, &cur);
    if (repair(&h, &cur, 0)) {
        local_search(&h, &cur, prop, &par_sec);
        state_copy(&h, &best, &cur);
        have_best = 1;
    }
    MU_DEBUG("heuristic: first primal at %.3f s\n", mu_now() - t_start);
    /* A cheap bound until L(lambda) is known: the smaller of the sums of
     * each applicant's best weight and of each company's cap_c best weights. */
    int64_t bound = 0, bound_com = 0;
    for (int32_t a = 0; a < h.n_app; a++) {
        int64_t m = 0;
        for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++)
            if (P->w[p] > m) m = P->w[p];
        bound += m;
    }
    memset(fv, 0, (size_t)h.n_com * sizeof *fv); /* seats taken per company, pairs heaviest first */
    memset(cert_v, 0, (size_t)h.n_com * sizeof *cert_v);
    for (int64_t k = 0; k < n; k++) {
        int64_t p = h.order[k];
        int32_t c = P->com[p];
        if (fv[c] < inst->com[c].capacity) fv[c]++, bound_com += P->w[p], cert_v[c] = P->w[p];
    }
    /* Their prices: v = 0 certifies the first (u_a = a's best weight); v_c =
     * the weight of c's last seat the second (sum_a u_a is then at most the
     * sum over companies of what their seats exceed v_c by). */
    memset(cert_lam, 0, (size_t)h.n_rows * sizeof *cert_lam);
    for (int32_t c = 0; c < h.n_com; c++)
        if (fv[c] < inst->com[c].capacity || bound_com >= bound) cert_v[c] = 0;
    if (bound_com < bound) bound = bound_com;
    /* Scale S and the range of Lambda keep every modified weight within 0..1e9. */
    int64_t S = MU_FLOW_MAX_WEIGHT / (max_w * (1 + k_max));
    if (S > 1000) S = 1000;
    if (S < 1) S = 1;
    int64_t lam_hi = S * max_w;
    int64_t lam_lo = k_max > 0 ? (MU_FLOW_MAX_WEIGHT - S * max_w) / k_max : 0; /* |Lambda| for floors */
    if (lam_lo > lam_hi) lam_lo = lam_hi;
    for (int32_t r = 0; r < h.n_rows; r++) mu[r] = nu[r] = 0;
    double theta = 1.0;
    int stall = 0;
    flow_stop fs = {&h};
    mu_flow_options fo;
    mu_flow_init_options(&fo);
    fo.threads = opt->threads;
    fo.progress = flow_progress;
    fo.progress_ctx = &fs;
    double target_gap = opt->gap;
    while (iters < MAX_ITER && !stop_now(&h)) {
        if (have_best && best.obj >= bound) break;
        if (have_best && target_gap > 0 && (double)(bound - best.obj) <= target_gap * fmax(1.0, (double)bound)) break;
        /* Lambda and the modified transportation problem */
        for (int32_t r = 0; r < h.n_rows; r++) {
            double l = (mu[r] - nu[r]) * (double)S;
            int64_t L = (int64_t)llround(fmax(fmin(l, (double)lam_hi), -(double)lam_lo));
            if (L > 0 && h.rmax[r] == INT64_MAX) L = 0;
            Lam[r] = L;
        }
        int64_t m = 0;
        for (int32_t a = 0; a < h.n_app; a++) {
            t_off[a] = m;
            for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++) {
                int64_t w = S * P->w[p];
                for (int64_t k = h.prow_off[p]; k < h.prow_off[p + 1]; k++) w -= Lam[h.prow[k]];
                if (w <= 0) continue;
                if (w > MU_FLOW_MAX_WEIGHT) w = MU_FLOW_MAX_WEIGHT; /* cannot happen: S and lam_lo keep it in range */
                t_com[m] = P->com[p], t_w[m] = w, t_map[m] = p, m++;
            }
        }
        t_off[h.n_app] = m;
        mu_transport t = {h.n_app, h.n_com, cap, t_off, t_com, t_w};
        int64_t fobj = 0;
        char msg[256] = "";
        MU_DEBUG("heuristic: flow %d starts at %.3f s\n", iters + 1, mu_now() - t_start);
        int frc = mu_flow_solve_opt(&t, &fo, f_app, fu, fv, &fobj, msg, sizeof msg);
        if (frc == MU_EINTERRUPTED) break;
        if (frc) {
            rc = mu_err(err, frc == MU_ENOMEM ? MU_ENOMEM : MU_EINTERNAL, "heuristic: flow engine: %s", msg);
            goto done;
        }
        iters++;
        __int128 LS = fobj;
        for (int32_t r = 0; r < h.n_rows; r++) LS += (__int128)Lam[r] * (Lam[r] > 0 ? h.rmax[r] : h.rmin[r]);
        int64_t Lb = floor_div(LS, S); /* the optimum is an integer: floor(L) bounds it */
        if (Lb < bound) {
            bound = Lb, stall = 0, best_iter = iters;
            memcpy(cert_v, fv, (size_t)h.n_com * sizeof *fv);
            memcpy(cert_lam, Lam, (size_t)h.n_rows * sizeof *Lam);
        } else if (++stall >= STALL) {
            theta /= 2, stall = 0;
        }
        if (bound < 0) { /* every feasible assignment weighs >= 0 */
            proven_infeasible = 1;
            break;
        }
        /* the relaxed assignment, its row counts, then the primal candidate */
        state_clear(&h, &cur);
        for (int32_t a = 0; a < h.n_app; a++) {
            int32_t c = f_app[a];
            if (c < 0) continue;
            for (int64_t k = t_off[a]; k < t_off[a + 1]; k++)
                if (t_com[k] == c) {
                    put(&h, &cur, t_map[k], +1);
                    break;
                }
        }
        double gg = 0;
        for (int32_t r = 0; r < h.n_rows; r++) {
            g_hi[r] = (double)(cur.cnt[r] - h.rmax[r]); /* ascent direction for mu is -(max - s) */
            g_lo[r] = (double)(h.rmin[r] - cur.cnt[r]);
            if (h.rmax[r] == INT64_MAX || (mu[r] <= 0 && g_hi[r] < 0)) g_hi[r] = 0;
            if (nu[r] <= 0 && g_lo[r] < 0) g_lo[r] = 0;
            gg += g_hi[r] * g_hi[r] + g_lo[r] * g_lo[r];
        }
        if (!stop_now(&h) && repair(&h, &cur, 1)) {
            local_search(&h, &cur, prop, &par_sec);
            if (!have_best || cur.obj > best.obj) state_copy(&h, &best, &cur), have_best = 1;
        }
        MU_DEBUG("heuristic: iteration %d at %.3f s: L %lld, bound %lld, best %lld\n", iters, mu_now() - t_start,
                 (long long)Lb, (long long)bound, (long long)(have_best ? best.obj : -1));
        if (gg == 0) break; /* the relaxed optimum is quota-feasible: lambda cannot move */
        double lb = have_best ? (double)best.obj : 0.95 * (double)Lb;
        double step = theta * fmax((double)LS / (double)S - lb, 1e-3 * (double)max_w) / gg;
        for (int32_t r = 0; r < h.n_rows; r++) {
            mu[r] = fmax(0, mu[r] + step * g_hi[r]);
            nu[r] = fmax(0, nu[r] + step * g_lo[r]);
        }
        if (theta < 1e-4) break;
    }
    MU_DEBUG("heuristic: loop done at %.3f s\n", mu_now() - t_start);
    /* ---- the answer */
    res->has_bound = !proven_infeasible;
    res->bound = (double)bound;
    if (!proven_infeasible) { /* engine/certify.c derives u and verifies nothing is lost */
        res->has_duals = 1, res->dual_scale = best_iter >= 0 ? S : 1; /* else the cheap bound's prices, unscaled */
        res->v = cert_v, res->lam = cert_lam;
        cert_v = cert_lam = NULL;
    }
    if (proven_infeasible) {
        res->status = MU_STATUS_INFEASIBLE;
        res->has_assignment = 0;
    } else if (have_best) {
        for (int32_t a = 0; a < h.n_app; a++) res->app_com[a] = best.app_pair[a] >= 0 ? P->com[best.app_pair[a]] : -1;
        res->has_assignment = 1;
        res->status = best.obj >= bound     ? MU_STATUS_OPTIMAL
                      : mu_stop_requested() ? MU_STATUS_INTERRUPTED
                                            : MU_STATUS_FEASIBLE;
    } else {
        res->has_assignment = 0;
        res->status = mu_stop_requested() ? MU_STATUS_INTERRUPTED : MU_STATUS_TIME_LIMIT;
    }
    snprintf(res->detail, sizeof res->detail,
             "heuristic: %d Lagrangian iterations (bound from iteration %d, scale %lld), local search %.2f s on %d "
             "threads%s",
             iters, best_iter, (long long)S, par_sec, h.nt,
             have_best || proven_infeasible ? "" : "; no feasible assignment found");
    MU_DEBUG("heuristic: %d iterations, best %lld, bound %lld, parallel local search %.3f s\n", iters,
             (long long)(have_best ? best.obj : -1), (long long)bound, par_sec);
done:
    state_free(&cur), state_free(&best);
    free(h.pair_app), free(h.prow_off), free(h.prow), free(h.cp_off), free(h.cp_pair), free(h.rmax), free(h.rmin);
    free(h.order), free(h.seat_off), free(prop), free(cap), free(t_off), free(t_com), free(t_w), free(t_map),
        free(f_app), free(fu);
    free(fv), free(Lam), free(cert_v), free(cert_lam), free(mu), free(nu), free(g_hi), free(g_lo);
    return rc;
}
