/* Tests of the exact transportation engine (engine/flow.c): bad inputs first,
 * then edge cases, then exhaustive search and GLPK's LP on seeded random
 * instances, each solved by both methods (successive shortest paths from
 * either side, and the auction with its exact repairs). Every result's
 * certificate is checked here, independently of the engine's own check. */
#include "tests/testutil.h"

#include <glpk.h>
#include <omp.h>

#include "engine/flow.h"
#include "engine/lemon.h"
#include "tests/randinst.h"

/* ---- instances built from (applicant, company, weight) triples ----------- */

typedef struct tinst {
    int32_t n, m;
    int32_t *cap;
    int64_t *off;
    int32_t *com;
    int64_t *w;
    mu_transport t;
} tinst;

typedef struct triple {
    int32_t app, com;
    int64_t w;
} triple;

/* Triples must be sorted by applicant, then company. */
static tinst *tinst_new(int32_t n, int32_t m, const int32_t *cap, const triple *tr, int64_t np) {
    tinst *x = calloc(1, sizeof *x);
    assert_non_null(x);
    x->n = n;
    x->m = m;
    x->cap = calloc((size_t)m + 1, sizeof *x->cap);
    x->off = calloc((size_t)n + 1, sizeof *x->off);
    x->com = calloc((size_t)np + 1, sizeof *x->com);
    x->w = calloc((size_t)np + 1, sizeof *x->w);
    assert_true(x->cap && x->off && x->com && x->w);
    for (int32_t j = 0; j < m; j++) x->cap[j] = cap[j];
    for (int64_t p = 0; p < np; p++) {
        x->off[tr[p].app + 1]++;
        x->com[p] = tr[p].com;
        x->w[p] = tr[p].w;
    }
    for (int32_t i = 0; i < n; i++) x->off[i + 1] += x->off[i];
    x->t = (mu_transport){n, m, x->cap, x->off, x->com, x->w};
    return x;
}

static void tinst_free(tinst *x) {
    free(x->cap);
    free(x->off);
    free(x->com);
    free(x->w);
    free(x);
}

typedef struct tres {
    int rc;
    int32_t *app_com;
    int64_t *u, *v;
    int64_t obj;
    char err[256];
    mu_flow_stats st;
} tres;

static tres *solve_how_scaled(const tinst *x, int threads, int method, int side, int scale) {
    tres *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->app_com = calloc((size_t)x->n + 1, sizeof *r->app_com);
    r->u = calloc((size_t)x->n + 1, sizeof *r->u);
    r->v = calloc((size_t)x->m + 1, sizeof *r->v);
    mu_flow_options opt;
    mu_flow_init_options(&opt);
    opt.threads = threads;
    opt.method = method;
    opt.side = side;
    opt.auction_scale = scale;
    opt.stats = &r->st;
    r->rc = mu_flow_solve_opt(&x->t, &opt, r->app_com, r->u, r->v, &r->obj, r->err, sizeof r->err);
    return r;
}

static tres *solve_how(const tinst *x, int threads, int method, int side) {
    return solve_how_scaled(x, threads, method, side, 0);
}

static tres *solve_side(const tinst *x, int threads, int side) {
    return solve_how(x, threads, side == MU_FLOW_SIDE_AUTO ? MU_FLOW_METHOD_AUTO : MU_FLOW_METHOD_PATHS, side);
}

static tres *solve_auction(const tinst *x, int threads) {
    return solve_how(x, threads, MU_FLOW_METHOD_AUCTION, MU_FLOW_SIDE_AUTO);
}

/* The auction on unscaled weights: its result is further from the optimum,
 * so the exact repairs after it do more. */
static tres *solve_coarse_auction(const tinst *x) {
    return solve_how_scaled(x, 1, MU_FLOW_METHOD_AUCTION, MU_FLOW_SIDE_AUTO, 1);
}

static void tres_free(tres *r) {
    free(r->app_com);
    free(r->u);
    free(r->v);
    free(r);
}

static tres *solve_with(const tinst *x, int threads) { return solve_side(x, threads, MU_FLOW_SIDE_AUTO); }

/* The certificate, recomputed from the instance alone: a feasible assignment
 * over existing pairs weighing obj, u, v >= 0, u_i + v_j >= w_ij everywhere,
 * and sum u + sum cap v == obj. */
static void assert_certified(const tinst *x, const tres *r) {
    assert_int_equal(r->rc, 0);
    int64_t *load = calloc((size_t)x->m + 1, sizeof *load);
    int64_t sum_w = 0, dual = 0;
    for (int32_t i = 0; i < x->n; i++) {
        assert_true(r->u[i] >= 0);
        dual += r->u[i];
        int found = r->app_com[i] < 0;
        for (int64_t p = x->off[i]; p < x->off[i + 1]; p++) {
            assert_true(r->u[i] + r->v[x->com[p]] >= x->w[p]);
            if (x->com[p] == r->app_com[i]) {
                found = 1;
                sum_w += x->w[p];
            }
        }
        assert_true(found);
        if (r->app_com[i] >= 0) load[r->app_com[i]]++;
    }
    for (int32_t j = 0; j < x->m; j++) {
        assert_true(r->v[j] >= 0);
        assert_true(load[j] <= x->cap[j]);
        dual += (int64_t)x->cap[j] * r->v[j];
    }
    assert_int_equal(sum_w, r->obj);
    assert_int_equal(dual, r->obj);
    free(load);
}

/* Solves by paths from each side and by the auction, at its scale and
 * unscaled (all exact, by different routes), and certifies each; returns the
 * default (automatic) result, which must be one of them to the byte. */
static tres *solve_certified(const tinst *x) {
    tres *r = solve_with(x, 1);
    assert_certified(x, r);
    int same_as_one = 0;
    for (int how = 0; how < 4; how++) {
        tres *o = how < 2    ? solve_side(x, 1, MU_FLOW_SIDE_SEATS + how)
                  : how == 2 ? solve_auction(x, 1)
                             : solve_coarse_auction(x);
        assert_certified(x, o);
        assert_int_equal(o->obj, r->obj);
        assert_int_equal(o->st.method, how < 2 ? MU_FLOW_METHOD_PATHS : MU_FLOW_METHOD_AUCTION);
        if (how < 2) assert_int_equal(o->st.side, MU_FLOW_SIDE_SEATS + how);
        if (how < 3 && o->st.method == r->st.method && o->st.side == r->st.side) {
            assert_memory_equal(o->app_com, r->app_com, (size_t)x->n * sizeof *o->app_com);
            same_as_one = 1;
        }
        tres_free(o);
    }
    assert_true(same_as_one);
    return r;
}

/* ---- reference optima ----------------------------------------------------- */

static int64_t brute_rec(const tinst *x, int32_t i, int64_t *left) {
    if (i == x->n) return 0;
    int64_t best = brute_rec(x, i + 1, left); /* i unassigned */
    for (int64_t p = x->off[i]; p < x->off[i + 1]; p++) {
        const int32_t j = x->com[p];
        if (left[j] == 0) continue;
        left[j]--;
        const int64_t val = x->w[p] + brute_rec(x, i + 1, left);
        left[j]++;
        if (val > best) best = val;
    }
    return best;
}

static int64_t brute_force(const tinst *x) {
    int64_t *left = calloc((size_t)x->m + 1, sizeof *left);
    for (int32_t j = 0; j < x->m; j++) left[j] = x->cap[j];
    const int64_t best = brute_rec(x, 0, left);
    free(left);
    return best;
}

/* The LP relaxation by GLPK's primal simplex: integral here (total unimodularity). */
static int64_t glpk_lp(const tinst *x) {
    const int64_t np = x->off[x->n];
    if (np == 0) return 0;
    glp_term_out(GLP_OFF);
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_rows(lp, x->n + x->m);
    for (int32_t i = 0; i < x->n; i++) glp_set_row_bnds(lp, i + 1, GLP_UP, 0.0, 1.0);
    for (int32_t j = 0; j < x->m; j++) glp_set_row_bnds(lp, x->n + j + 1, GLP_UP, 0.0, (double)x->cap[j]);
    glp_add_cols(lp, (int)np);
    int ind[3];
    double val[3] = {0.0, 1.0, 1.0};
    for (int32_t i = 0; i < x->n; i++)
        for (int64_t p = x->off[i]; p < x->off[i + 1]; p++) {
            const int col = (int)p + 1;
            glp_set_col_bnds(lp, col, GLP_DB, 0.0, 1.0);
            glp_set_obj_coef(lp, col, (double)x->w[p]);
            ind[1] = i + 1;
            ind[2] = x->n + x->com[p] + 1;
            glp_set_mat_col(lp, col, 2, ind, val);
        }
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.meth = GLP_PRIMAL;
    parm.msg_lev = GLP_MSG_OFF;
    assert_int_equal(glp_simplex(lp, &parm), 0);
    assert_int_equal(glp_get_status(lp), GLP_OPT);
    const double z = glp_get_obj_val(lp);
    glp_delete_prob(lp);
    return (int64_t)(z + (z >= 0 ? 0.5 : -0.5));
}

/* LEMON's network simplex on the same problem as a min-cost flow: one unit
 * from each applicant, to a company (cost -w) or straight to the sink
 * (unplaced, cost 0); each company to the sink up to its capacity. */
static int64_t lemon_opt(const tinst *x) {
    const int64_t np = x->off[x->n], na = np + x->n + x->m;
    const int32_t sink = x->n + x->m;
    int32_t *tail = calloc((size_t)na + 1, sizeof *tail), *head = calloc((size_t)na + 1, sizeof *head);
    int64_t *low = calloc((size_t)na + 1, sizeof *low), *cap = calloc((size_t)na + 1, sizeof *cap),
            *cost = calloc((size_t)na + 1, sizeof *cost), *flow = calloc((size_t)na + 1, sizeof *flow),
            *supply = calloc((size_t)sink + 2, sizeof *supply), *pot = calloc((size_t)sink + 2, sizeof *pot);
    assert_true(tail && head && low && cap && cost && flow && supply && pot);
    int64_t a = 0;
    for (int32_t i = 0; i < x->n; i++) {
        supply[i] = 1;
        for (int64_t p = x->off[i]; p < x->off[i + 1]; p++, a++) {
            tail[a] = i;
            head[a] = x->n + x->com[p];
            cap[a] = 1;
            cost[a] = -x->w[p];
        }
        tail[a] = i;
        head[a] = sink;
        cap[a++] = 1;
    }
    for (int32_t j = 0; j < x->m; j++, a++) {
        tail[a] = x->n + j;
        head[a] = sink;
        cap[a] = x->cap[j];
    }
    supply[sink] = -(int64_t)x->n;
    int feasible = 0;
    char err[256];
    assert_int_equal(
        mu_lemon_mincost(sink + 1, na, tail, head, low, cap, cost, supply, flow, pot, &feasible, err, sizeof err),
        MU_OK);
    assert_true(feasible);
    int64_t z = 0;
    for (int64_t b = 0; b < na; b++) z -= cost[b] * flow[b];
    free(tail);
    free(head);
    free(low);
    free(cap);
    free(cost);
    free(flow);
    free(supply);
    free(pot);
    return z;
}

/* ---- seeded random instances (tests/randinst.h's stream) ------------------- */

/* n applicants, m companies with capacity 0..maxcap, each pair present with
 * probability density/100, weights 0..maxw (small maxw: many ties). */
static tinst *random_inst(uint64_t seed, int32_t n, int32_t m, int32_t maxcap, int density, int64_t maxw) {
    rng_state = seed;
    int32_t *cap = calloc((size_t)m + 1, sizeof *cap);
    triple *tr = calloc((size_t)n * (size_t)m + 1, sizeof *tr);
    int64_t np = 0;
    for (int32_t j = 0; j < m; j++) cap[j] = below(maxcap + 1);
    for (int32_t i = 0; i < n; i++)
        for (int32_t j = 0; j < m; j++)
            if (below(100) < density) tr[np++] = (triple){i, j, (int64_t)(next_u64() % (uint64_t)(maxw + 1))};
    tinst *x = tinst_new(n, m, cap, tr, np);
    free(cap);
    free(tr);
    return x;
}

/* ---- bad inputs ------------------------------------------------------------ */

static void expect_input_error(const tinst *x, const char *needle) {
    tres *r = solve_with(x, 1);
    assert_int_equal(r->rc, MU_EINPUT);
    assert_non_null(strstr(r->err, needle));
    tres_free(r);
}

static void rejects_weight_above_1e9(void **state) {
    (void)state;
    const int32_t cap[] = {1};
    const triple tr[] = {{0, 0, 5}, {1, 0, 1000000001}};
    tinst *x = tinst_new(2, 1, cap, tr, 2);
    expect_input_error(x, "weight 1000000001");
    tinst_free(x);
}

static void rejects_negative_weight(void **state) {
    (void)state;
    const int32_t cap[] = {1};
    const triple tr[] = {{0, 0, -1}};
    tinst *x = tinst_new(1, 1, cap, tr, 1);
    expect_input_error(x, "weight -1");
    tinst_free(x);
}

static void rejects_company_out_of_range(void **state) {
    (void)state;
    const int32_t cap[] = {1, 1};
    const triple tr[] = {{0, 0, 1}, {0, 2, 1}};
    tinst *x = tinst_new(1, 2, cap, tr, 2);
    expect_input_error(x, "out of range");
    tinst_free(x);
}

static void rejects_companies_not_strictly_increasing(void **state) {
    (void)state;
    const int32_t cap[] = {1, 1};
    const triple tr[] = {{0, 1, 1}, {0, 1, 2}};
    tinst *x = tinst_new(1, 2, cap, tr, 2);
    expect_input_error(x, "strictly increasing");
    tinst_free(x);
}

static void rejects_negative_capacity(void **state) {
    (void)state;
    const int32_t cap[] = {-1};
    const triple tr[] = {{0, 0, 1}};
    tinst *x = tinst_new(1, 1, cap, tr, 1);
    expect_input_error(x, "negative capacity");
    tinst_free(x);
}

static void rejects_decreasing_offsets(void **state) {
    (void)state;
    const int32_t cap[] = {1};
    const triple tr[] = {{0, 0, 1}, {1, 0, 1}};
    tinst *x = tinst_new(2, 1, cap, tr, 2);
    x->off[1] = 2; /* off = {0, 2, 2}: fine; make it {0, 2, 1} */
    x->off[2] = 1;
    expect_input_error(x, "decreases");
    x->off[0] = 1;
    expect_input_error(x, "app_off[0]");
    tinst_free(x);
}

static void rejects_null_arrays(void **state) {
    (void)state;
    int64_t obj = 0;
    char err[128];
    assert_int_equal(mu_flow_solve(NULL, 1, NULL, NULL, NULL, &obj, err, sizeof err), MU_EINPUT);
    const int32_t cap[] = {1};
    const triple tr[] = {{0, 0, 1}};
    tinst *x = tinst_new(1, 1, cap, tr, 1);
    int64_t u[1], v[1];
    assert_int_equal(mu_flow_solve(&x->t, 1, NULL, u, v, &obj, err, sizeof err), MU_EINPUT);
    tinst_free(x);
}

static int cancel_at_once(void *ctx, int64_t done, int64_t total) {
    (void)done;
    (void)total;
    ++*(int *)ctx;
    return 1;
}

static void progress_callback_can_cancel(void **state) {
    (void)state;
    tinst *x = random_inst(7, 3000, 1000, 5, 2, 1000); /* about 2500 seats */
    int calls = 0;
    mu_flow_options opt;
    mu_flow_init_options(&opt);
    opt.progress = cancel_at_once;
    opt.progress_ctx = &calls;
    int32_t *app_com = calloc(3000, sizeof *app_com);
    int64_t *u = calloc(3000, sizeof *u), *v = calloc(1000, sizeof *v), obj;
    char err[128];
    assert_int_equal(mu_flow_solve_opt(&x->t, &opt, app_com, u, v, &obj, err, sizeof err), MU_EINTERRUPTED);
    assert_int_equal(calls, 1);
    assert_non_null(strstr(err, "cancelled"));
    free(app_com);
    free(u);
    free(v);
    tinst_free(x);
}

static void progress_callback_can_cancel_the_auction(void **state) {
    (void)state;
    tinst *x = random_inst(8, 20000, 400, 60, 2, 1000); /* balanced: about 12000 seats, 20000 bids at least */
    int calls = 0;
    mu_flow_options opt;
    mu_flow_init_options(&opt);
    opt.method = MU_FLOW_METHOD_AUCTION;
    opt.progress = cancel_at_once;
    opt.progress_ctx = &calls;
    int32_t *app_com = calloc(20000, sizeof *app_com);
    int64_t *u = calloc(20000, sizeof *u), *v = calloc(400, sizeof *v), obj;
    char err[128];
    assert_int_equal(mu_flow_solve_opt(&x->t, &opt, app_com, u, v, &obj, err, sizeof err), MU_EINTERRUPTED);
    assert_int_equal(calls, 1);
    assert_non_null(strstr(err, "cancelled in the auction"));
    free(app_com);
    free(u);
    free(v);
    tinst_free(x);
}

/* ---- edge cases ------------------------------------------------------------ */

static void empty_instance_has_objective_zero(void **state) {
    (void)state;
    tinst *x = tinst_new(0, 0, NULL, NULL, 0);
    tres *r = solve_certified(x);
    assert_int_equal(r->obj, 0);
    tres_free(r);
    tinst_free(x);
    const int32_t cap[] = {3, 1};
    x = tinst_new(0, 2, cap, NULL, 0); /* companies, no applicants */
    r = solve_certified(x);
    assert_int_equal(r->obj, 0);
    assert_int_equal(r->v[0], 0);
    tres_free(r);
    tinst_free(x);
    x = tinst_new(4, 0, NULL, NULL, 0); /* applicants, no companies */
    r = solve_certified(x);
    for (int i = 0; i < 4; i++) assert_int_equal(r->app_com[i], -1);
    tres_free(r);
    tinst_free(x);
}

static void zero_capacities_place_nobody_and_price_the_companies(void **state) {
    (void)state;
    const int32_t cap[] = {0, 0};
    const triple tr[] = {{0, 0, 7}, {0, 1, 3}, {1, 1, 9}};
    tinst *x = tinst_new(2, 2, cap, tr, 3);
    tres *r = solve_certified(x);
    assert_int_equal(r->obj, 0);
    assert_int_equal(r->app_com[0], -1);
    assert_int_equal(r->app_com[1], -1);
    assert_int_equal(r->v[0], 7); /* least prices that cover every pair */
    assert_int_equal(r->v[1], 9);
    tres_free(r);
    tinst_free(x);
}

static void applicants_without_pairs_stay_unassigned_at_price_zero(void **state) {
    (void)state;
    const int32_t cap[] = {2};
    const triple tr[] = {{1, 0, 4}, {3, 0, 6}};
    tinst *x = tinst_new(5, 1, cap, tr, 2);
    tres *r = solve_certified(x);
    assert_int_equal(r->obj, 10);
    assert_int_equal(r->app_com[0], -1);
    assert_int_equal(r->app_com[2], -1);
    assert_int_equal(r->app_com[4], -1);
    assert_int_equal(r->u[0], 0);
    tres_free(r);
    tinst_free(x);
}

static void zero_weights_certify_with_zero_prices(void **state) {
    (void)state;
    const int32_t cap[] = {1, 2};
    const triple tr[] = {{0, 0, 0}, {0, 1, 0}, {1, 1, 0}, {2, 0, 0}};
    tinst *x = tinst_new(3, 2, cap, tr, 4);
    tres *r = solve_certified(x);
    assert_int_equal(r->obj, 0);
    for (int i = 0; i < 3; i++) assert_int_equal(r->u[i], 0);
    for (int j = 0; j < 2; j++) assert_int_equal(r->v[j], 0);
    tres_free(r);
    tinst_free(x);
}

static void ties_go_to_the_lowest_applicant_index(void **state) {
    (void)state;
    const int32_t cap[] = {1};
    const triple tr[] = {{0, 0, 5}, {1, 0, 5}, {2, 0, 5}};
    tinst *x = tinst_new(3, 1, cap, tr, 3);
    tres *r = solve_certified(x);
    assert_int_equal(r->obj, 5);
    assert_int_equal(r->app_com[0], 0);
    assert_int_equal(r->app_com[1], -1);
    assert_int_equal(r->app_com[2], -1);
    tres_free(r);
    tinst_free(x);
}

static void greedy_by_heaviest_pair_is_beaten(void **state) {
    (void)state;
    /* Heaviest pair first takes A0-C0 (10) and leaves A1 only C0: 10 in all.
       The optimum moves A0 to C1: 9 + 9 = 18. */
    const int32_t cap[] = {1, 1};
    const triple tr[] = {{0, 0, 10}, {0, 1, 9}, {1, 0, 9}};
    tinst *x = tinst_new(2, 2, cap, tr, 3);
    tres *r = solve_certified(x);
    assert_int_equal(r->obj, 18);
    assert_int_equal(r->app_com[0], 1);
    assert_int_equal(r->app_com[1], 0);
    tres_free(r);
    tinst_free(x);
}

static void capacity_above_the_candidates_keeps_price_zero(void **state) {
    (void)state;
    const int32_t cap[] = {1000000, 1};
    const triple tr[] = {{0, 0, 3}, {0, 1, 8}, {1, 0, 2}, {2, 1, 9}};
    tinst *x = tinst_new(3, 2, cap, tr, 4);
    tres *r = solve_certified(x);
    assert_int_equal(r->obj, 3 + 2 + 9);
    assert_int_equal(r->v[0], 0);
    tres_free(r);
    tinst_free(x);
}

static void largest_weights_do_not_overflow(void **state) {
    (void)state;
    const int32_t cap[] = {2, 1};
    const triple tr[] = {{0, 0, 1000000000}, {0, 1, 1000000000}, {1, 0, 999999999},
                         {1, 1, 1000000000}, {2, 0, 1000000000}, {3, 1, 1}};
    tinst *x = tinst_new(4, 2, cap, tr, 6);
    tres *r = solve_certified(x);
    assert_int_equal(r->obj, 3000000000LL);
    tres_free(r);
    tinst_free(x);
}

/* ---- against references ---------------------------------------------------- */

static void small_random_instances_match_exhaustive_search_and_glpk(void **state) {
    (void)state;
    for (uint64_t seed = 1; seed <= 400; seed++) {
        rng_state = seed * 7919;
        const int32_t n = 1 + below(7), m = 1 + below(4);
        const int density = 30 + below(60);
        const int64_t maxw = seed % 3 == 0 ? 3 : seed % 3 == 1 ? 20 : 1000000000;
        tinst *x = random_inst(seed, n, m, 3, density, maxw);
        tres *r = solve_certified(x);
        const int64_t best = brute_force(x);
        if (r->obj != best)
            fail_msg("seed %llu: engine %lld, exhaustive %lld", (unsigned long long)seed, (long long)r->obj,
                     (long long)best);
        assert_int_equal(glpk_lp(x), best);
        tres_free(r);
        tinst_free(x);
    }
}

static void medium_random_instances_match_glpk(void **state) {
    (void)state;
    for (uint64_t seed = 1; seed <= 30; seed++) {
        tinst *x = random_inst(1000 + seed, 60 + (int32_t)seed * 3, 12, 4, 25, seed % 2 ? 50 : 1000);
        tres *r = solve_certified(x);
        assert_int_equal(r->obj, glpk_lp(x));
        tres_free(r);
        tinst_free(x);
    }
}

/* Every company ranks the applicants alike, so the short candidate prefixes
 * run out and must be extended: the lazy path must stay exact. */
static void shared_rankings_extend_candidate_lists_and_stay_exact(void **state) {
    (void)state;
    const int32_t n = 400, m = 40;
    int32_t cap[40];
    triple *tr = calloc((size_t)n * m, sizeof *tr);
    rng_state = 99;
    int64_t np = 0;
    for (int32_t j = 0; j < m; j++) cap[j] = 1 + below(5);
    for (int32_t i = 0; i < n; i++)
        for (int32_t j = 0; j < m; j++)
            if (below(100) < 60) tr[np++] = (triple){i, j, 2 * (int64_t)i + below(7)};
    tinst *x = tinst_new(n, m, cap, tr, np);
    tres *r = solve_certified(x);
    assert_true(r->st.expansions > 0);
    assert_int_equal(r->obj, glpk_lp(x));
    tres_free(r);
    tinst_free(x);
    free(tr);
}

/* Regression: the seat side used to rescan a company's own members for every
 * seat it opened, quadratic in the capacity. */
static void a_huge_company_fills_its_seats_in_linear_time(void **state) {
    (void)state;
    const int32_t n = 20000, cap[] = {1000000};
    triple *tr = calloc((size_t)n, sizeof *tr);
    rng_state = 5;
    for (int32_t i = 0; i < n; i++) tr[i] = (triple){i, 0, below(1000)};
    tinst *x = tinst_new(n, 1, cap, tr, n);
    tres *r = solve_certified(x);
    assert_true(r->st.arcs <= 4 * (int64_t)n);
    tres_free(r);
    tinst_free(x);
    free(tr);
}

/* More seats than applicants: the paths method brings the applicants in
 * instead (auto picks the auction there). */
static void seat_rich_instances_come_in_by_applicant_and_match_glpk(void **state) {
    (void)state;
    for (uint64_t seed = 1; seed <= 10; seed++) {
        tinst *x = random_inst(2000 + seed, 80, 10, 40, 40, seed % 2 ? 30 : 1000);
        tres *r = solve_certified(x), *p = solve_how(x, 1, MU_FLOW_METHOD_PATHS, MU_FLOW_SIDE_AUTO);
        assert_int_equal(r->st.method, MU_FLOW_METHOD_AUCTION);
        assert_int_equal(p->st.side, MU_FLOW_SIDE_APPLICANTS);
        assert_int_equal(r->obj, glpk_lp(x));
        tres_free(r);
        tres_free(p);
        tinst_free(x);
    }
}

/* Small instances with every capacity times 1, 2, 4, 8 and 16 (600 in all):
 * from scarce seats to seats for all, through the balanced middle where auto
 * picks the auction. Auto, the paths from either side and the auction (at its
 * scale and unscaled) each reach the exhaustive optimum with a verified
 * certificate, and LEMON's network simplex agrees. */
static void both_methods_match_exhaustive_search_across_capacity_multipliers(void **state) {
    (void)state;
    int autos[2] = {0, 0};
    for (uint64_t seed = 1; seed <= 120; seed++)
        for (int32_t mult = 1; mult <= 16; mult *= 2) {
            rng_state = seed * 104729 + (uint64_t)mult;
            const int32_t n = 2 + below(6), m = 1 + below(4);
            const int64_t maxw = seed % 3 == 0 ? 4 : seed % 3 == 1 ? 1000 : 1000000000;
            tinst *x = random_inst(seed * 31 + (uint64_t)mult, n, m, 2, 40 + below(50), maxw);
            for (int32_t j = 0; j < m; j++) x->cap[j] *= mult;
            tres *r = solve_certified(x);
            const int64_t best = brute_force(x);
            if (r->obj != best)
                fail_msg("seed %llu, x%d: engine %lld, exhaustive %lld", (unsigned long long)seed, mult,
                         (long long)r->obj, (long long)best);
            assert_int_equal(lemon_opt(x), best);
            autos[r->st.method == MU_FLOW_METHOD_AUCTION]++;
            tres_free(r);
            tinst_free(x);
        }
    assert_true(autos[0] > 0 && autos[1] > 0); /* auto chose each method somewhere */
}

/* Larger instances, weights with many ties or none, capacities times 1 to
 * 16: the auction (at its scale and unscaled), the paths and LEMON agree on
 * the optimum, and the repairs after the coarse auction (seats it left to open,
 * applicants it left to bring in) run. */
static void auction_and_paths_agree_on_larger_instances(void **state) {
    (void)state;
    int64_t left_seats = 0, left_apps = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        const int32_t mult = 1 << (seed % 5);
        const int64_t maxw = seed % 4 == 0 ? 3 : seed % 4 == 1 ? 60 : seed % 4 == 2 ? 1000 : 1000000000;
        tinst *x = random_inst(3000 + seed, 300 + 7 * (int32_t)seed, 25, 4, 20, maxw);
        for (int32_t j = 0; j < x->m; j++) x->cap[j] *= mult;
        tres *a = solve_auction(x, 1), *p = solve_side(x, 1, MU_FLOW_SIDE_SEATS),
             *q = solve_side(x, 1, MU_FLOW_SIDE_APPLICANTS), *c = solve_coarse_auction(x);
        assert_certified(x, a);
        assert_certified(x, p);
        assert_certified(x, q);
        assert_certified(x, c);
        assert_int_equal(a->obj, p->obj);
        assert_int_equal(a->obj, q->obj);
        assert_int_equal(a->obj, c->obj);
        assert_int_equal(a->obj, lemon_opt(x));
        if (seed % 8 == 0) assert_int_equal(a->obj, glpk_lp(x));
        left_seats += c->st.left_seats;
        left_apps += c->st.left_apps;
        tres_free(a);
        tres_free(c);
        tres_free(p);
        tres_free(q);
        tinst_free(x);
    }
    assert_true(left_seats > 0);
    assert_true(left_apps > 0);
}

/* Every applicant values every seat alike: a price war in which each bid
 * raises a price by the least step. The auction spends its budget, stops,
 * and the searches bring in the applicants it left: still exact. */
static void a_price_war_stops_at_the_bid_budget_and_stays_exact(void **state) {
    (void)state;
    const int32_t n = 600, m = 6;
    int32_t cap[6];
    triple *tr = calloc((size_t)n * m, sizeof *tr);
    int64_t np = 0;
    for (int32_t j = 0; j < m; j++) cap[j] = 50; /* 300 seats for 600 applicants */
    for (int32_t i = 0; i < n; i++)
        for (int32_t j = 0; j < m; j++) tr[np++] = (triple){i, j, 1000};
    tinst *x = tinst_new(n, m, cap, tr, np);
    tres *r = solve_auction(x, 1);
    assert_certified(x, r);
    assert_int_equal(r->obj, 300 * 1000);
    assert_true(r->st.stopped);
    assert_true(r->st.left_apps > 0);
    tres_free(r);
    tinst_free(x);
    free(tr);
}

/* The statistics auto weighs, and its plan: paths where the fillable seats
 * are under half the applicants with a pair, the auction where they are at
 * least as many, and in between paths from the seats as a probe that gives
 * way to the auction once it has scanned twice the pairs in arcs. */
static void auto_plans_by_the_ratio_of_seats_to_applicants(void **state) {
    (void)state;
    const int32_t caps[] = {4, 1000}; /* about 200 candidates each: fillable 1/10 and 5 per applicant */
    const int expect[] = {MU_FLOW_METHOD_PATHS, MU_FLOW_METHOD_AUCTION};
    for (int c = 0; c < 2; c++) {
        tinst *x = random_inst(77, 2000, 50, 1, 10, 1000);
        int32_t with_pairs = 0;
        int64_t fillable = 0;
        for (int32_t i = 0; i < x->n; i++) with_pairs += x->off[i + 1] > x->off[i];
        for (int32_t j = 0; j < x->m; j++) {
            x->cap[j] = caps[c];
            int64_t deg = 0;
            for (int64_t p = 0; p < x->off[x->n]; p++) deg += x->com[p] == j;
            fillable += x->cap[j] < deg ? x->cap[j] : deg;
        }
        tres *r = solve_with(x, 1);
        assert_certified(x, r);
        assert_int_equal(r->st.applicants, with_pairs);
        assert_int_equal(r->st.fillable, fillable);
        assert_int_equal(r->st.probe_arcs, 0);
        if (r->st.method != expect[c])
            fail_msg("capacity %d: fillable %lld, applicants %d: method %d", caps[c], (long long)fillable, with_pairs,
                     r->st.method);
        tres_free(r);
        tinst_free(x);
    }
}

/* The bound between the probe and the auction, exactly: 2000 applicants
 * with one pair each, 50 companies of 40 seats (fillable 2000, as many as
 * the applicants: the auction, no probe), then one seat fewer (fillable 1999:
 * the probe, which finishes here, one arc a seat). */
static void auto_runs_the_auction_from_as_many_seats_as_applicants(void **state) {
    (void)state;
    const int32_t n = 2000, m = 50;
    int32_t cap[50];
    triple *tr = calloc((size_t)n, sizeof *tr);
    for (int32_t j = 0; j < m; j++) cap[j] = 40;
    for (int32_t i = 0; i < n; i++) tr[i] = (triple){i, i % m, 1 + (int64_t)((i * 7919) % 1000)};
    for (int fewer = 0; fewer < 2; fewer++) {
        cap[0] = 40 - fewer;
        tinst *x = tinst_new(n, m, cap, tr, n);
        tres *r = solve_with(x, 1);
        assert_certified(x, r);
        assert_int_equal(r->st.fillable, n - fewer);
        assert_int_equal(r->st.applicants, n);
        assert_int_equal(r->st.method, fewer ? MU_FLOW_METHOD_PATHS : MU_FLOW_METHOD_AUCTION);
        assert_int_equal(r->st.probe_arcs, 0);
        if (fewer) assert_int_equal(r->st.side, MU_FLOW_SIDE_SEATS);
        tres_free(r);
        tinst_free(x);
    }
    free(tr);
}

/* Between the two (about 0.6 seats per applicant): where every company
 * ranks the applicants alike, each seat opened displaces a chain down the
 * ranking and the probe gives way to the auction; with independent tastes
 * the probe finishes in about one arc per pair. Either way the result is
 * certified and is the forced method's to the byte. */
static void the_probe_gives_way_only_where_paths_grow_long(void **state) {
    (void)state;
    for (int shared = 0; shared < 2; shared++) {
        const int32_t n = 3000, m = 100;
        int32_t cap[100];
        triple *tr = calloc((size_t)n * 12, sizeof *tr);
        rng_state = 606 + (uint64_t)shared;
        int64_t np = 0;
        for (int32_t j = 0; j < m; j++) cap[j] = 17 + below(4); /* about 1850 seats */
        for (int32_t i = 0; i < n; i++) {
            int32_t j = below(9);
            for (int q = 0; q < 12 && j < m; q++) {
                const int64_t w = shared ? 3 * (int64_t)i + below(40) : below(1000);
                tr[np++] = (triple){i, j, w};
                j += 1 + below(15);
            }
        }
        tinst *x = tinst_new(n, m, cap, tr, np);
        free(tr);
        tres *r = solve_with(x, 1), *p = solve_how(x, 1, MU_FLOW_METHOD_PATHS, MU_FLOW_SIDE_SEATS),
             *a = solve_auction(x, 1);
        assert_certified(x, r);
        assert_certified(x, p);
        assert_certified(x, a);
        assert_int_equal(r->obj, p->obj);
        assert_int_equal(r->obj, a->obj);
        if (shared) {
            assert_int_equal(r->st.method, MU_FLOW_METHOD_AUCTION);
            assert_true(r->st.probe_arcs > 2 * x->off[x->n]);
            assert_memory_equal(r->app_com, a->app_com, (size_t)n * sizeof *r->app_com);
        } else {
            assert_int_equal(r->st.method, MU_FLOW_METHOD_PATHS);
            assert_int_equal(r->st.side, MU_FLOW_SIDE_SEATS);
            assert_int_equal(r->st.probe_arcs, 0);
            assert_memory_equal(r->app_com, p->app_com, (size_t)n * sizeof *r->app_com);
        }
        tres_free(r);
        tres_free(p);
        tres_free(a);
        tinst_free(x);
    }
}

static void assignment_is_identical_on_one_and_two_threads(void **state) {
    (void)state;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        tinst *x = random_inst(500 + seed, 3000, 150, 5, 4, seed == 1 ? 5 : 1000);
        const int side = (int)(seed % 3); /* auto, seats, applicants */
        tres *a = solve_side(x, 1, side), *b = solve_side(x, 2, side), *c = solve_side(x, 0, side);
        assert_certified(x, a);
        assert_certified(x, b);
        assert_certified(x, c);
        assert_int_equal(a->obj, b->obj);
        assert_memory_equal(a->app_com, b->app_com, (size_t)x->n * sizeof *a->app_com);
        assert_memory_equal(a->u, b->u, (size_t)x->n * sizeof *a->u);
        assert_memory_equal(a->v, b->v, (size_t)x->m * sizeof *a->v);
        assert_memory_equal(a->app_com, c->app_com, (size_t)x->n * sizeof *a->app_com);
        tres_free(a);
        tres_free(b);
        tres_free(c);
        tinst_free(x);
    }
}

/* Below a million pairs the engine runs on one thread whatever it is asked;
 * past it, validation, transpose and check run in parallel. Auto (the
 * auction on the balanced market, the paths with seats scarce), the auction
 * forced, and the paths from the seats and from the applicants each give
 * the same bytes on 1, 2 and 8 threads, asked for in the options or set by omp_set_num_threads
 * (options 0: OpenMP's default). */
static void assignment_is_identical_on_1_2_and_8_threads_past_a_million_pairs(void **state) {
    (void)state;
    const int32_t n = 40000, m = 400;
    rng_state = 4242;
    int32_t cap[400];
    triple *tr = calloc((size_t)n * 30, sizeof *tr);
    int64_t np = 0;
    for (int32_t j = 0; j < m; j++) cap[j] = 40 + below(120); /* about 40000 seats */
    for (int32_t i = 0; i < n; i++) {
        int32_t j = below(13);
        for (int q = 0; q < 28; q++) {
            tr[np++] = (triple){i, j, below(600) + (int64_t)(i % 400)};
            j += 1 + below(26);
            if (j >= m) break;
        }
    }
    assert_true(np >= (int64_t)1 << 20);
    tinst *x = tinst_new(n, m, cap, tr, np);
    free(tr);
    /* balanced: auto, the auction forced, the paths from the applicants; then
       every capacity divided by 8 (scarce seats): auto and the paths from the
       seats (forced on the balanced market they take seconds a run) */
    const int methods[] = {MU_FLOW_METHOD_AUTO, MU_FLOW_METHOD_AUCTION, MU_FLOW_METHOD_PATHS, MU_FLOW_METHOD_AUTO,
                           MU_FLOW_METHOD_PATHS};
    const int sides[] = {MU_FLOW_SIDE_AUTO, MU_FLOW_SIDE_AUTO, MU_FLOW_SIDE_APPLICANTS, MU_FLOW_SIDE_AUTO,
                         MU_FLOW_SIDE_SEATS};
    const int expect[] = {MU_FLOW_METHOD_AUCTION, MU_FLOW_METHOD_AUCTION, MU_FLOW_METHOD_PATHS, MU_FLOW_METHOD_PATHS,
                          MU_FLOW_METHOD_PATHS};
    const int thr[] = {2, 8};
    const int omp_was = omp_get_max_threads();
    int64_t obj = -1;
    for (int how = 0; how < 5; how++) {
        if (how == 3) {
            for (int32_t j = 0; j < m; j++) x->cap[j] /= 8;
            obj = -1;
        }
        tres *a = solve_how(x, 1, methods[how], sides[how]);
        assert_certified(x, a);
        assert_int_equal(a->st.method, expect[how]);
        if (sides[how] != MU_FLOW_SIDE_AUTO) assert_int_equal(a->st.side, sides[how]);
        if (obj >= 0) assert_int_equal(a->obj, obj);
        obj = a->obj;
        for (int k = 0; k < 4; k++) {
            tres *o;
            if (k < 2) o = solve_how(x, thr[k], methods[how], sides[how]);
            else {
                omp_set_num_threads(thr[k - 2]);
                o = solve_how(x, 0, methods[how], sides[how]);
                omp_set_num_threads(omp_was);
            }
            assert_int_equal(o->rc, 0);
            assert_int_equal(o->obj, a->obj);
            assert_memory_equal(o->app_com, a->app_com, (size_t)x->n * sizeof *a->app_com);
            assert_memory_equal(o->u, a->u, (size_t)x->n * sizeof *a->u);
            assert_memory_equal(o->v, a->v, (size_t)x->m * sizeof *a->v);
            tres_free(o);
        }
        tres_free(a);
    }
    tinst_free(x);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rejects_weight_above_1e9),
        cmocka_unit_test(rejects_negative_weight),
        cmocka_unit_test(rejects_company_out_of_range),
        cmocka_unit_test(rejects_companies_not_strictly_increasing),
        cmocka_unit_test(rejects_negative_capacity),
        cmocka_unit_test(rejects_decreasing_offsets),
        cmocka_unit_test(rejects_null_arrays),
        cmocka_unit_test(progress_callback_can_cancel),
        cmocka_unit_test(progress_callback_can_cancel_the_auction),
        cmocka_unit_test(empty_instance_has_objective_zero),
        cmocka_unit_test(zero_capacities_place_nobody_and_price_the_companies),
        cmocka_unit_test(applicants_without_pairs_stay_unassigned_at_price_zero),
        cmocka_unit_test(zero_weights_certify_with_zero_prices),
        cmocka_unit_test(ties_go_to_the_lowest_applicant_index),
        cmocka_unit_test(greedy_by_heaviest_pair_is_beaten),
        cmocka_unit_test(capacity_above_the_candidates_keeps_price_zero),
        cmocka_unit_test(largest_weights_do_not_overflow),
        cmocka_unit_test(small_random_instances_match_exhaustive_search_and_glpk),
        cmocka_unit_test(medium_random_instances_match_glpk),
        cmocka_unit_test(shared_rankings_extend_candidate_lists_and_stay_exact),
        cmocka_unit_test(a_huge_company_fills_its_seats_in_linear_time),
        cmocka_unit_test(seat_rich_instances_come_in_by_applicant_and_match_glpk),
        cmocka_unit_test(assignment_is_identical_on_one_and_two_threads),
        cmocka_unit_test(assignment_is_identical_on_1_2_and_8_threads_past_a_million_pairs),
        cmocka_unit_test(both_methods_match_exhaustive_search_across_capacity_multipliers),
        cmocka_unit_test(auction_and_paths_agree_on_larger_instances),
        cmocka_unit_test(a_price_war_stops_at_the_bid_budget_and_stays_exact),
        cmocka_unit_test(auto_plans_by_the_ratio_of_seats_to_applicants),
        cmocka_unit_test(auto_runs_the_auction_from_as_many_seats_as_applicants),
        cmocka_unit_test(the_probe_gives_way_only_where_paths_grow_long),
    };
    return cmocka_run_group_tests_name("flow", tests, NULL, NULL);
}
