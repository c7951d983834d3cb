/* Metrics of an assignment; the definitions are in metrics.h.
 *
 * Cost: linear in the eligible pairs, and parallel. The ranks of engine/
 * prefs.h are never built for every pair (that sort of each host's and each
 * applicant's pairs, 20 bytes a pair, made the metrics of 20 million pairs
 * cost more than the solve). Only comparisons are needed, and each side's
 * rule makes them cheap:
 *
 *  - an applicant without a list strictly prefers pair p to its placement q
 *    exactly when w(p) > w(q) (rank = 1 + the heavier pairs); with a list,
 *    by the listed ranks, one lookup per pair;
 *  - a host is judged by a threshold of its own: its interns, sorted once
 *    (by weight when it ranks by weight, by listed rank otherwise). For a
 *    pair p of a host, below(p), the interns it ranks strictly below p's
 *    applicant, is one binary search among them: p's applicant's justified
 *    envy there, and p blocks when below(p) > 0 or a seat is free;
 *  - the hosts' ranks of their interns (the profile) and of their last
 *    pairs (the egalitarian cost) come from counts gathered in the same
 *    pass: for a host ranking by weight, the pairs p with below(p) > j are
 *    those heavier than its intern j, so a histogram of below(p) gives every
 *    intern's rank; the lightest pair's rank is 1 + the pairs heavier.
 *
 * One pass over the applicants, in parallel: each thread counts into its own
 * per-host arrays, merged afterwards (sums and minima, the same whatever the
 * threads). Ranks are those of engine/prefs.c, which tests/test_metrics.c
 * checks against a brute-force reading of the definitions. */
#include "analysis/metrics.h"
#include "base/io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "engine/prefs.h"
#include "engine/qstable.h"

#define MAX_LISTED 100000 /* blocking pairs listed with -v */

static int cmp_i64(const void *x, const void *y) {
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* Gini of the n values, of which the m in x[0..m) are positive and the rest
 * 0, by the sorted form 2 sum_i i x_(i) / (n sum x) - (n + 1) / n: the zeros
 * come first and add nothing. */
static double gini(int64_t *x, int64_t m, int64_t n) {
    if (n == 0) return 0;
    qsort(x, (size_t)m, sizeof *x, cmp_i64);
    long double total = 0, ranked = 0;
    for (int64_t i = 0; i < m; i++)
        total += (long double)x[i], ranked += (long double)(n - m + i + 1) * (long double)x[i];
    if (total <= 0) return 0;
    return (double)(2 * ranked / ((long double)n * total) - (long double)(n + 1) / (long double)n);
}

typedef struct groups {
    mu_group_rate *g;
    int32_t n, cap;
} groups;

static int cmp_group(const void *x, const void *y) {
    const mu_group_rate *a = x, *b = y;
    return strcmp(a->value, b->value);
}

/* Adds the groups of attribute `name` on the side that has it (applicants
 * first unless company_first), unless that attribute is already listed. */
static int add_groups(groups *gs, const mu_problem *pb, const char *name, int company_first, const int32_t *app_com,
                      mu_error *err) {
    const mu_instance *inst = pb->inst;
    int32_t key = mu_sym_find(&inst->syms, name);
    if (key < 0) return MU_OK;
    for (int32_t i = 0; i < gs->n; i++)
        if (strcmp(gs->g[i].attr, name) == 0) return MU_OK;
    for (int pass = 0; pass < 2; pass++) {
        int company = company_first ? pass == 0 : pass == 1;
        const mu_attrs *at = company ? &inst->com_attrs : &inst->app_attrs;
        int32_t n = company ? inst->n_com : inst->n_app;
        int present = 0;
        for (int64_t k = 0; k < at->off[n] && !present; k++) present = at->key[k] == key;
        if (!present) continue;
        int32_t *slot = mu_alloc((size_t)inst->syms.n + 1, sizeof *slot, err);
        if (!slot) return MU_ENOMEM;
        for (int32_t v = 0; v < inst->syms.n; v++) slot[v] = -1;
        int32_t first = gs->n;
        int32_t *filled = NULL;
        if (company) {
            filled = mu_calloc((size_t)inst->n_com + 1, sizeof *filled, err);
            if (!filled) return free(slot), MU_ENOMEM;
            for (int32_t a = 0; a < inst->n_app; a++)
                if (app_com[a] >= 0) filled[app_com[a]]++;
        }
        for (int32_t e = 0; e < n; e++)
            for (int64_t k = at->off[e]; k < at->off[e + 1]; k++) {
                if (at->key[k] != key) continue;
                int32_t v = at->val[k];
                if (slot[v] < 0) {
                    if (gs->n == gs->cap) {
                        int32_t cap = gs->cap ? 2 * gs->cap : 16;
                        mu_group_rate *ng = mu_realloc_array(gs->g, (size_t)cap, sizeof *ng, err);
                        if (!ng) return free(slot), free(filled), MU_ENOMEM;
                        gs->g = ng, gs->cap = cap;
                    }
                    slot[v] = gs->n;
                    gs->g[gs->n++] = (mu_group_rate){inst->syms.str[key], inst->syms.str[v], company, 0, 0, 0};
                }
                mu_group_rate *g = &gs->g[slot[v]];
                if (company) {
                    g->members += inst->com[e].capacity;
                    g->eligible += inst->com[e].capacity;
                    g->placed += filled[e];
                } else {
                    g->members++;
                    g->eligible += pb->pairs.app_off[e + 1] > pb->pairs.app_off[e];
                    g->placed += app_com[e] >= 0;
                }
            }
        qsort(gs->g + first, (size_t)(gs->n - first), sizeof *gs->g, cmp_group);
        free(slot), free(filled);
        return MU_OK;
    }
    return MU_OK;
}

/* ---- the measures that need ranks */

/* 1-based position of x in row r of sorted preference lists (each entry
 * with its original rank), or len + 1 when x is not listed (prefs.h). */
static int32_t list_rank(const mu_rows *sorted, const int32_t *rank, int32_t r, int32_t x) {
    int64_t lo = sorted->off[r], hi = sorted->off[r + 1], end = hi;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (sorted->item[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo < end && sorted->item[lo] == x ? rank[lo] : (int32_t)(end - sorted->off[r] + 1);
}

/* One thread's counts per host. */
typedef struct host_counts {
    int32_t *deg;   /* eligible pairs */
    int64_t *min_w; /* hosts ranking by weight: the lightest pair ... */
    int32_t *n_min; /* ... and how many weigh that */
    int32_t *last;  /* hosts with a list: the worst rank of an eligible pair */
    int32_t *hist;  /* [held_off[c] + c + t]: pairs of c with below = t (hosts ranking by weight) */
    int64_t blocking, envy_pairs, envious;
} host_counts;

typedef struct ranker {
    const mu_problem *pb;
    const int64_t *app_pair;
    const int32_t *fill;     /* [c] interns */
    const int64_t *held_off; /* [c] where c's interns start in held_key / held_pair */
    const int64_t *held_key; /* interns by host, ascending: weight, or the host's listed rank */
    const int64_t *held_pair;
} ranker;

/* The interns of c that c ranks strictly below pair p's applicant; *rank_c
 * receives c's rank of it when c has a list. */
static int32_t below_of(const ranker *k, int32_t c, int64_t p, int32_t a, int listed, int32_t *rank_c) {
    const mu_instance *inst = k->pb->inst;
    int64_t lo = k->held_off[c], hi = lo + k->fill[c], end = hi;
    if (!listed) { /* interns lighter than p: lower bound of w(p) */
        int64_t w = k->pb->pairs.w[p];
        while (lo < hi) {
            int64_t mid = lo + (hi - lo) / 2;
            if (k->held_key[mid] < w) lo = mid + 1;
            else hi = mid;
        }
        return (int32_t)(lo - k->held_off[c]);
    }
    int32_t r = *rank_c = list_rank(&inst->com_pref_sorted, inst->com_pref_rank, c, a);
    while (lo < hi) { /* interns ranked after r: past the upper bound of r */
        int64_t mid = lo + (hi - lo) / 2;
        if (k->held_key[mid] <= r) lo = mid + 1;
        else hi = mid;
    }
    return (int32_t)(end - lo);
}

/* Applicant a's rank of pair p (with a list), or 0 when a ranks by weight. */
static int32_t app_list_rank(const mu_instance *inst, int32_t a, int32_t c) {
    return list_rank(&inst->app_pref_sorted, inst->app_pref_rank, a, c);
}

/* Whether a strictly prefers p to its placement q (q < 0: unplaced). */
static int prefers(const mu_problem *pb, int listed, int32_t a, int64_t p, int64_t q, int32_t rq) {
    if (p == q) return 0;
    if (q < 0) return 1;
    if (!listed) return pb->pairs.w[p] > pb->pairs.w[q];
    return app_list_rank(pb->inst, a, pb->pairs.com[p]) < rq;
}

/* Applicant a: its rank of its placement (*rq), its last rank (*last), and
 * its pairs into the thread's host counts; returns its blocking pairs. */
static int64_t measure_applicant(const ranker *k, int32_t a, host_counts *h, int32_t *rq, int32_t *last) {
    const mu_problem *pb = k->pb;
    const mu_instance *inst = pb->inst;
    int64_t q = k->app_pair[a], b = pb->pairs.app_off[a], e = pb->pairs.app_off[a + 1];
    int listed = inst->app_pref.off[a + 1] > inst->app_pref.off[a];
    /* its own ranks */
    int32_t r_q = 0, r_last = 0;
    if (listed) {
        for (int64_t p = b; p < e; p++) {
            int32_t r = app_list_rank(inst, a, pb->pairs.com[p]);
            if (r > r_last) r_last = r;
            if (p == q) r_q = r;
        }
    } else if (e > b) {
        int64_t lightest = pb->pairs.w[b], n_light = 0, heavier_q = 0;
        for (int64_t p = b; p < e; p++) {
            int64_t w = pb->pairs.w[p];
            if (w < lightest) lightest = w, n_light = 0;
            if (w == lightest) n_light++;
            if (q >= 0 && w > pb->pairs.w[q]) heavier_q++;
        }
        r_last = (int32_t)(e - b - n_light + 1);
        if (q >= 0) r_q = (int32_t)(heavier_q + 1);
    }
    *rq = r_q, *last = r_last;
    /* its pairs, as the hosts see them */
    int64_t blocking = 0, envy = 0;
    for (int64_t p = b; p < e; p++) {
        int32_t c = pb->pairs.com[p], rc = 0;
        int host_listed = inst->com_pref.off[c + 1] > inst->com_pref.off[c];
        int32_t below = below_of(k, c, p, a, host_listed, &rc);
        h->deg[c]++;
        if (host_listed) {
            if (rc > h->last[c]) h->last[c] = rc;
        } else {
            int64_t w = pb->pairs.w[p];
            if (h->n_min[c] == 0 || w < h->min_w[c]) h->min_w[c] = w, h->n_min[c] = 0;
            if (w == h->min_w[c]) h->n_min[c]++;
            h->hist[k->held_off[c] + c + below]++;
        }
        if (!prefers(pb, listed, a, p, q, r_q)) continue;
        envy += below;
        blocking += below > 0 || k->fill[c] < inst->com[c].capacity;
    }
    h->envy_pairs += envy;
    h->envious += envy > 0;
    h->blocking += blocking;
    return blocking;
}

/* Sorts each host's interns by key (then pair): insertion sort for the few
 * seats a host usually has, qsort beyond. */
typedef struct keyed {
    int64_t key, pair;
} keyed;
static int cmp_keyed(const void *x, const void *y) {
    const keyed *a = x, *b = y;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return (a->pair > b->pair) - (a->pair < b->pair);
}
static void sort_keyed(keyed *x, int64_t n) {
    if (n > 32) {
        qsort(x, (size_t)n, sizeof *x, cmp_keyed);
        return;
    }
    for (int64_t i = 1; i < n; i++) {
        keyed v = x[i];
        int64_t j = i;
        for (; j > 0 && cmp_keyed(&x[j - 1], &v) > 0; j--) x[j] = x[j - 1];
        x[j] = v;
    }
}

static void counts_free(host_counts *h) {
    free(h->deg), free(h->min_w), free(h->n_min), free(h->last), free(h->hist);
    memset(h, 0, sizeof *h);
}
static int counts_alloc(host_counts *h, int32_t nc, int64_t seats) {
    h->deg = calloc((size_t)nc + 1, sizeof *h->deg);
    h->min_w = calloc((size_t)nc + 1, sizeof *h->min_w);
    h->n_min = calloc((size_t)nc + 1, sizeof *h->n_min);
    h->last = calloc((size_t)nc + 1, sizeof *h->last);
    h->hist = calloc((size_t)(seats + nc) + 1, sizeof *h->hist);
    return h->deg && h->min_w && h->n_min && h->last && h->hist ? MU_OK : MU_ENOMEM;
}

static int measure_ranks(const mu_problem *pb, const int64_t *app_pair, int verbose, mu_metrics *m, mu_error *err) {
    const mu_instance *inst = pb->inst;
    int32_t na = inst->n_app, nc = inst->n_com;
    int rc = MU_OK;
    int32_t *fill = mu_calloc((size_t)nc + 1, sizeof *fill, err);
    int64_t *held_off = mu_calloc((size_t)nc + 2, sizeof *held_off, err);
    int32_t *rq = mu_alloc((size_t)na + 1, sizeof *rq, err), *last = mu_alloc((size_t)na + 1, sizeof *last, err);
    int64_t *blk = verbose ? mu_calloc((size_t)na + 1, sizeof *blk, err) : NULL;
    keyed *held = NULL;
    int64_t *held_key = NULL, *held_pair = NULL;
    host_counts *th = NULL;
    int nth = 1;
#ifdef _OPENMP
    nth = omp_get_max_threads();
#endif
    if (!fill || !held_off || !rq || !last || (verbose && !blk)) goto oom;
    /* the interns of each host, sorted by how it ranks them */
    for (int32_t a = 0; a < na; a++)
        if (app_pair[a] >= 0) fill[pb->pairs.com[app_pair[a]]]++;
    for (int32_t c = 0; c < nc; c++) held_off[c + 1] = held_off[c] + fill[c];
    int64_t seats = held_off[nc];
    held = mu_alloc((size_t)seats + 1, sizeof *held, err);
    held_key = mu_alloc((size_t)seats + 1, sizeof *held_key, err);
    held_pair = mu_alloc((size_t)seats + 1, sizeof *held_pair, err);
    int64_t *at = mu_alloc((size_t)nc + 1, sizeof *at, err);
    if (!held || !held_key || !held_pair || !at) {
        free(at);
        goto oom;
    }
    memcpy(at, held_off, (size_t)nc * sizeof *at);
    for (int32_t a = 0; a < na; a++) {
        int64_t q = app_pair[a];
        if (q < 0) continue;
        int32_t c = pb->pairs.com[q];
        int listed = inst->com_pref.off[c + 1] > inst->com_pref.off[c];
        int64_t key = listed ? list_rank(&inst->com_pref_sorted, inst->com_pref_rank, c, a) : pb->pairs.w[q];
        held[at[c]++] = (keyed){key, q};
    }
    free(at);
#pragma omp parallel for schedule(dynamic, 64)
    for (int32_t c = 0; c < nc; c++) sort_keyed(held + held_off[c], fill[c]);
    for (int64_t j = 0; j < seats; j++) held_key[j] = held[j].key, held_pair[j] = held[j].pair;
    free(held);
    held = NULL;
    /* one pass over the applicants, each thread counting into its own hosts */
    if (!(th = calloc((size_t)nth, sizeof *th))) goto oom;
    for (int t = 0; t < nth; t++)
        if (counts_alloc(&th[t], nc, seats)) goto oom;
    ranker k = {pb, app_pair, fill, held_off, held_key, held_pair};
#pragma omp parallel num_threads(nth)
    {
        int t = 0;
#ifdef _OPENMP
        t = omp_get_thread_num();
#endif
#pragma omp for schedule(dynamic, 1024)
        for (int32_t a = 0; a < na; a++) {
            int64_t b = measure_applicant(&k, a, &th[t], &rq[a], &last[a]);
            if (blk) blk[a] = b;
        }
    }
    /* merged: sums and minima, whatever the threads */
    host_counts *h = &th[0];
    for (int t = 1; t < nth; t++) {
        for (int32_t c = 0; c < nc; c++) {
            h->deg[c] += th[t].deg[c];
            if (th[t].last[c] > h->last[c]) h->last[c] = th[t].last[c];
            if (th[t].n_min[c] && (!h->n_min[c] || th[t].min_w[c] < h->min_w[c]))
                h->min_w[c] = th[t].min_w[c], h->n_min[c] = 0;
            if (th[t].n_min[c] && th[t].min_w[c] == h->min_w[c]) h->n_min[c] += th[t].n_min[c];
        }
        for (int64_t j = 0; j < seats + nc; j++) h->hist[j] += th[t].hist[j];
        h->blocking += th[t].blocking, h->envy_pairs += th[t].envy_pairs, h->envious += th[t].envious;
    }
    m->blocking = h->blocking, m->envy_pairs = h->envy_pairs, m->envious = h->envious;
    /* the hosts' ranks of their interns: by weight, 1 + the pairs heavier (below > j) */
    int32_t *rank_held = mu_alloc((size_t)seats + 1, sizeof *rank_held, err);
    if (!rank_held) goto oom;
    for (int32_t c = 0; c < nc; c++) {
        int64_t o = held_off[c];
        if (inst->com_pref.off[c + 1] > inst->com_pref.off[c]) {
            for (int64_t j = 0; j < fill[c]; j++) rank_held[o + j] = (int32_t)held_key[o + j];
            continue;
        }
        int64_t heavier = 0; /* pairs with below > j, j from the top */
        for (int64_t j = fill[c] - 1; j >= 0; j--) {
            heavier += h->hist[o + c + j + 1];
            rank_held[o + j] = (int32_t)(heavier + 1);
        }
    }
    /* profiles, mean ranks, the egalitarian cost */
    double sum_a = 0, sum_c = 0;
    for (int32_t a = 0; a < na; a++) {
        if (app_pair[a] >= 0) {
            if (rq[a] > m->app_levels) m->app_levels = rq[a];
        } else if (last[a]) {
            m->egalitarian_cost += last[a] + 1;
        }
    }
    for (int64_t j = 0; j < seats; j++)
        if (rank_held[j] > m->com_levels) m->com_levels = rank_held[j];
    m->app_profile = mu_calloc((size_t)m->app_levels + 1, sizeof *m->app_profile, err);
    m->com_profile = mu_calloc((size_t)m->com_levels + 1, sizeof *m->com_profile, err);
    if (!m->app_profile || !m->com_profile) {
        free(rank_held);
        goto oom;
    }
    for (int32_t a = 0; a < na; a++)
        if (app_pair[a] >= 0) m->app_profile[rq[a] - 1]++, sum_a += rq[a], m->egalitarian_cost += rq[a];
    for (int64_t j = 0; j < seats; j++)
        m->com_profile[rank_held[j] - 1]++, sum_c += rank_held[j], m->egalitarian_cost += rank_held[j];
    free(rank_held);
    if (m->placements)
        m->app_mean_rank = sum_a / (double)m->placements, m->com_mean_rank = sum_c / (double)m->placements;
    for (int32_t c = 0; c < nc; c++) {
        int32_t deg = h->deg[c];
        int64_t open = (inst->com[c].capacity < deg ? inst->com[c].capacity : deg) - fill[c];
        if (open <= 0) continue;
        int32_t last_c = inst->com_pref.off[c + 1] > inst->com_pref.off[c] ? h->last[c] : deg - h->n_min[c] + 1;
        m->egalitarian_cost += open * (last_c + 1);
    }
    /* -v: the first blocking pairs, in pair order */
    if (verbose) {
        m->n_listed = m->blocking < MAX_LISTED ? m->blocking : MAX_LISTED;
        m->listed_app = mu_alloc((size_t)m->n_listed + 1, sizeof *m->listed_app, err);
        m->listed_com = mu_alloc((size_t)m->n_listed + 1, sizeof *m->listed_com, err);
        if (!m->listed_app || !m->listed_com) goto oom;
        int64_t n = 0;
        for (int32_t a = 0; a < na && n < m->n_listed; a++) {
            if (!blk[a]) continue;
            int64_t q = app_pair[a];
            int listed = inst->app_pref.off[a + 1] > inst->app_pref.off[a];
            for (int64_t p = pb->pairs.app_off[a]; p < pb->pairs.app_off[a + 1] && n < m->n_listed; p++) {
                int32_t c = pb->pairs.com[p], rank_c = 0;
                if (!prefers(pb, listed, a, p, q, rq[a])) continue;
                int32_t below = below_of(&k, c, p, a, inst->com_pref.off[c + 1] > inst->com_pref.off[c], &rank_c);
                if (below > 0 || fill[c] < inst->com[c].capacity) m->listed_app[n] = a, m->listed_com[n] = c, n++;
            }
        }
    }
    goto done;
oom:
    rc = mu_err(err, MU_ENOMEM, "out of memory measuring the assignment");
done:
    for (int t = 0; th && t < nth; t++) counts_free(&th[t]);
    free(th);
    free(fill), free(held_off), free(rq), free(last), free(blk), free(held), free(held_key), free(held_pair);
    return rc;
}

int mu_metrics_level_for(const mu_options *opt, int64_t pairs) {
    int level = opt ? opt->metrics : MU_METRICS_AUTO;
    if (level == MU_METRICS_AUTO) level = pairs <= MU_METRICS_ALL_PAIRS ? MU_METRICS_ALL : MU_METRICS_BASIC;
    return level;
}

int mu_metrics_compute(const mu_problem *pb, const int32_t *app_com, const mu_options *opt, const mu_policy_info *info,
                       mu_metrics **out, mu_error *err) {
    const mu_instance *inst = pb->inst;
    *out = NULL;
    int level = mu_metrics_level_for(opt, pb->pairs.n);
    if (level == MU_METRICS_NONE) return MU_OK;
    mu_metrics *m = mu_calloc(1, sizeof *m, err);
    if (!m) return MU_ENOMEM;
    m->level = level;
    int32_t na = inst->n_app, nc = inst->n_com;
    int64_t *app_pair = mu_alloc((size_t)na + 1, sizeof *app_pair, err);
    int64_t *welfare = mu_alloc((size_t)na + 1, sizeof *welfare, err);
    groups gs = {0};
    int rc = MU_OK;
    if (!app_pair || !welfare) goto oom;
    mu_prefs_placements(pb, app_com, app_pair);
    m->applicants = na;
    for (int32_t c = 0; c < nc; c++) m->seats += inst->com[c].capacity;
    /* placements, weight, welfare (the positive ones, for the Gini) */
    int64_t positive = 0;
    for (int32_t a = 0; a < na; a++) {
        int64_t p = app_pair[a];
        if (p < 0) continue;
        m->placements++;
        m->weight += pb->pairs.w[p];
        if (pb->pairs.w[p] > 0) welfare[positive++] = pb->pairs.w[p];
    }
    m->gini = gini(welfare, positive, na);
    if (level == MU_METRICS_ALL) {
        if ((rc = measure_ranks(pb, app_pair, opt && opt->verbosity >= 2, m, err))) goto fail;
        /* Blocking pairs that respect the quotas (engine/qstable.c); without
         * quota rows or a host budget they are the quota-blind ones. */
        if (pb->n_rows == 0 && !inst->hosts.given) m->blocking_quota = m->blocking;
        else {
            mu_prefs pr;
            if ((rc = mu_prefs_build(pb, &pr, err))) goto fail;
            m->blocking_quota = mu_qstable_blocking(pb, &pr, app_pair, NULL, 0, err);
            mu_prefs_free(&pr);
            if (m->blocking_quota < 0) goto oom;
        }
    } else {
        m->app_profile = mu_calloc(1, sizeof *m->app_profile, err); /* empty, never NULL */
        m->com_profile = mu_calloc(1, sizeof *m->com_profile, err);
        if (!m->app_profile || !m->com_profile) goto oom;
    }
    /* Group rates: --group-by first, then nationality, region and sector when present. */
    if ((opt && opt->group_by && add_groups(&gs, pb, opt->group_by, 0, app_com, err)) ||
        add_groups(&gs, pb, "nationality", 0, app_com, err) || add_groups(&gs, pb, "region", 1, app_com, err) ||
        add_groups(&gs, pb, "sector", 1, app_com, err))
        goto oom;
    m->groups = gs.g;
    m->n_groups = gs.n;
    gs.g = NULL;
    if (info && info->has_unconstrained) {
        m->has_unconstrained = 1;
        m->max_weight = info->unconstrained_weight;
    }
    *out = m;
    goto done;
oom:
    rc = MU_ENOMEM;
fail:
    mu_metrics_free(m);
done:
    free(app_pair), free(welfare), free(gs.g);
    return rc;
}

int mu_solution_measure(mu_solution *sol, const mu_instance *inst, const mu_options *opt, mu_error *err) {
    MU_REQUIRE(sol && inst && opt);
    mu_metrics_free(sol->metrics);
    sol->metrics = NULL;
    if (!sol->has_assignment || opt->metrics == MU_METRICS_NONE) return MU_OK;
    /* The eligible pairs; the quota rows only when there are quotas, for the
     * quota-respecting blocking pairs. */
    mu_problem pb;
    memset(&pb, 0, sizeof pb);
    pb.inst = inst;
    int full = inst->n_quotas > 0 || inst->hosts.given;
    int rc = full ? mu_problem_build(inst, &pb, err) : mu_pairs_build(inst, &pb.pairs, err);
    if (rc) return rc;
    mu_policy_info info = {.has_unconstrained = sol->has_unconstrained,
                           .unconstrained_weight = sol->unconstrained_weight};
    rc = mu_metrics_compute(&pb, sol->app_com, opt, &info, &sol->metrics, err);
    if (full) mu_problem_free(&pb);
    else mu_pairs_free(&pb.pairs);
    return rc;
}
