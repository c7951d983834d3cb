/* Ranks of every eligible pair from both sides; the rule is in prefs.h. */
#include "engine/prefs.h"

#include <stdlib.h>
#include <string.h>

/* Sorts x[0..n) ascending: quicksort on the median of three, insertion
 * sort below 24 items (qsort's indirect comparisons cost twice as much here). */
static void sort_u64(uint64_t *x, int64_t n) {
    while (n > 24) {
        uint64_t a = x[0], b = x[n / 2], c = x[n - 1];
        uint64_t pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
        int64_t i = 0, j = n - 1;
        for (;;) {
            while (x[i] < pivot) i++;
            while (x[j] > pivot) j--;
            if (i >= j) break;
            uint64_t t = x[i];
            x[i++] = x[j], x[j--] = t;
        }
        /* recurse on the smaller side, loop on the larger */
        if (j + 1 < n - j - 1) {
            sort_u64(x, j + 1);
            x += j + 1, n -= j + 1;
        } else {
            sort_u64(x + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    for (int64_t i = 1; i < n; i++) {
        uint64_t v = x[i];
        int64_t k = i;
        for (; k > 0 && x[k - 1] > v; k--) x[k] = x[k - 1];
        x[k] = v;
    }
}

/* 1-based position of x in row r of a sorted copy of preference lists (with
 * each entry's original rank), or 0 when x is not listed. */
static int32_t listed_rank(const mu_rows *sorted, const int32_t *rank, int32_t r, int32_t x) {
    int64_t lo = sorted->off[r], hi = sorted->off[r + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (sorted->item[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo < sorted->off[r + 1] && sorted->item[lo] == x ? rank[lo] : 0;
}

/* Sorts complemented weights x[0..deg) (heaviest first) and packs their
 * distinct values to the front, each as value << 32 | rank, where rank =
 * 1 + the number of strictly heavier entries. Returns how many. Weights
 * repeat a lot (they are scored from a few ranks and bonuses), so the table
 * is short and lookups into it stay in cache. */
static int64_t distinct_ranks(uint64_t *x, int64_t deg) {
    sort_u64(x, deg);
    int64_t k = 0; /* k <= i: the writes never reach what is still to be read */
    uint64_t prev = 0;
    for (int64_t i = 0; i < deg; i++) {
        uint64_t v = x[i];
        if (i == 0 || v != prev) x[k++] = v << 32 | (uint64_t)(i + 1);
        prev = v;
    }
    return k;
}

/* The rank of complemented weight v in a table of distinct_ranks. */
static int32_t rank_in(const uint64_t *table, int64_t k, uint64_t v) {
    int64_t lo = 0, hi = k - 1;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if ((table[mid] >> 32) < v) lo = mid + 1;
        else hi = mid;
    }
    return (int32_t)(table[lo] & 0xFFFFFFFFu);
}

int mu_prefs_build(const mu_problem *pb, mu_prefs *pr, mu_error *err) {
    const mu_instance *inst = pb->inst;
    const mu_pairs *p = &pb->pairs;
    memset(pr, 0, sizeof *pr);
    int64_t n = pr->n = p->n;
    int32_t na = inst->n_app, nc = inst->n_com;
    pr->app_rank = mu_alloc((size_t)n + 1, sizeof *pr->app_rank, err);
    pr->com_rank = mu_alloc((size_t)n + 1, sizeof *pr->com_rank, err);
    pr->pair_app = mu_alloc((size_t)n + 1, sizeof *pr->pair_app, err);
    pr->com_pair = mu_alloc((size_t)n + 1, sizeof *pr->com_pair, err);
    pr->com_off = mu_calloc((size_t)nc + 2, sizeof *pr->com_off, err);
    pr->app_last = mu_calloc((size_t)na + 1, sizeof *pr->app_last, err);
    pr->com_last = mu_calloc((size_t)nc + 1, sizeof *pr->com_last, err);
    if (!pr->app_rank || !pr->com_rank || !pr->pair_app || !pr->com_pair || !pr->com_off || !pr->app_last ||
        !pr->com_last) {
        mu_prefs_free(pr);
        return MU_ENOMEM;
    }
    /* The by-company view: a counting sort keeps applicants increasing. It
     * also lays out each company's complemented weights, for the ranks of
     * companies without a list. */
    for (int32_t a = 0; a < na; a++)
        for (int64_t k = p->app_off[a]; k < p->app_off[a + 1]; k++) {
            pr->pair_app[k] = a;
            pr->com_off[p->com[k] + 1]++;
        }
    for (int32_t c = 0; c < nc; c++) pr->com_off[c + 1] += pr->com_off[c];
    uint64_t *wc = mu_alloc((size_t)n + 1, sizeof *wc, err);
    int64_t *fill = mu_alloc((size_t)nc + 1, sizeof *fill, err);
    if (!wc || !fill) {
        free(wc), free(fill);
        mu_prefs_free(pr);
        return MU_ENOMEM;
    }
    memcpy(fill, pr->com_off, (size_t)nc * sizeof *fill);
    for (int64_t k = 0; k < n; k++) {
        int64_t pos = fill[p->com[k]]++;
        pr->com_pair[pos] = k;
        wc[pos] = (uint64_t)(MU_MAX_WEIGHT - p->w[k]);
    }
    free(fill);
    int64_t max_deg = 0;
    for (int32_t a = 0; a < na; a++)
        if (p->app_off[a + 1] - p->app_off[a] > max_deg) max_deg = p->app_off[a + 1] - p->app_off[a];
    for (int32_t c = 0; c < nc; c++)
        if (pr->com_off[c + 1] - pr->com_off[c] > max_deg) max_deg = pr->com_off[c + 1] - pr->com_off[c];
    int failed = 0;
    /* Each entity's ranks are written by one iteration: the result does not
     * depend on the schedule or the thread count. */
#pragma omp parallel
    {
        uint64_t *buf = malloc(((size_t)max_deg + 1) * sizeof *buf);
        if (!buf) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(static)
        for (int32_t a = 0; a < na; a++) {
            int64_t b = p->app_off[a], deg = p->app_off[a + 1] - b;
            int64_t len = inst->app_pref.off[a + 1] - inst->app_pref.off[a];
            if (len > 0) {
                for (int64_t k = b; k < b + deg; k++) {
                    int32_t r = listed_rank(&inst->app_pref_sorted, inst->app_pref_rank, a, p->com[k]);
                    pr->app_rank[k] = r ? r : (int32_t)len + 1;
                }
            } else if (buf) {
                for (int64_t i = 0; i < deg; i++) buf[i] = (uint64_t)(MU_MAX_WEIGHT - p->w[b + i]);
                int64_t kd = distinct_ranks(buf, deg);
                for (int64_t k = b; k < b + deg; k++)
                    pr->app_rank[k] = rank_in(buf, kd, (uint64_t)(MU_MAX_WEIGHT - p->w[k]));
            }
            int32_t last = 0;
            for (int64_t k = b; k < b + deg; k++)
                if (pr->app_rank[k] > last) last = pr->app_rank[k];
            pr->app_last[a] = last;
        }
        /* Dynamic: a few popular hosts hold most pairs. */
#pragma omp for schedule(dynamic, 16)
        for (int32_t c = 0; c < nc; c++) {
            int64_t b = pr->com_off[c], deg = pr->com_off[c + 1] - b;
            int64_t len = inst->com_pref.off[c + 1] - inst->com_pref.off[c];
            if (len > 0) {
                int32_t last = 0;
                for (int64_t i = b; i < b + deg; i++) {
                    int64_t k = pr->com_pair[i];
                    int32_t r = listed_rank(&inst->com_pref_sorted, inst->com_pref_rank, c, pr->pair_app[k]);
                    pr->com_rank[k] = r ? r : (int32_t)len + 1;
                    if (pr->com_rank[k] > last) last = pr->com_rank[k];
                }
                pr->com_last[c] = last;
            } else if (deg > 0 && buf) {
                /* the company's weights are read in order; its short table stays in cache */
                memcpy(buf, wc + b, (size_t)deg * sizeof *buf);
                int64_t kd = distinct_ranks(buf, deg);
                for (int64_t i = b; i < b + deg; i++) pr->com_rank[pr->com_pair[i]] = rank_in(buf, kd, wc[i]);
                pr->com_last[c] = (int32_t)(buf[kd - 1] & 0xFFFFFFFFu);
            }
        }
        free(buf);
    }
    free(wc);
    if (failed) {
        mu_prefs_free(pr);
        return mu_err(err, MU_ENOMEM, "out of memory ranking the eligible pairs");
    }
    return MU_OK;
}

void mu_prefs_free(mu_prefs *pr) {
    free(pr->app_rank), free(pr->com_rank), free(pr->app_last), free(pr->com_last);
    free(pr->pair_app), free(pr->com_off), free(pr->com_pair);
    memset(pr, 0, sizeof *pr);
}

void mu_prefs_placements(const mu_problem *pb, const int32_t *app_com, int64_t *app_pair) {
    for (int32_t a = 0; a < pb->inst->n_app; a++)
        app_pair[a] = app_com[a] >= 0 ? mu_pairs_find(&pb->pairs, a, app_com[a]) : -1;
}

int64_t mu_prefs_blocking(const mu_problem *pb, const mu_prefs *pr, const int64_t *app_pair, int64_t *list, int64_t max,
                          mu_error *err) {
    const mu_instance *inst = pb->inst;
    int32_t *fill = mu_calloc((size_t)inst->n_com + 1, sizeof *fill, err);
    int32_t *worst = mu_calloc((size_t)inst->n_com + 1, sizeof *worst, err);
    if (!fill || !worst) {
        free(fill), free(worst);
        return -1;
    }
    for (int32_t a = 0; a < inst->n_app; a++) {
        int64_t q = app_pair[a];
        if (q < 0) continue;
        int32_t c = pb->pairs.com[q];
        fill[c]++;
        if (pr->com_rank[q] > worst[c]) worst[c] = pr->com_rank[q];
    }
    int64_t count = 0;
    for (int32_t a = 0; a < inst->n_app; a++) {
        int64_t q = app_pair[a];
        for (int64_t p = pb->pairs.app_off[a]; p < pb->pairs.app_off[a + 1]; p++) {
            if (p == q || (q >= 0 && pr->app_rank[p] >= pr->app_rank[q])) continue;
            int32_t c = pb->pairs.com[p];
            if (fill[c] < inst->com[c].capacity || pr->com_rank[p] < worst[c]) {
                if (list && count < max) list[count] = p;
                count++;
            }
        }
    }
    free(fill), free(worst);
    return count;
}
