/* Deferred acceptance; the contract and the tie-breaking rules are in da.h.
 *
 * Applicant-proposing: each applicant's acceptable companies are sorted
 * once into its strict order; a company keeps the offers it holds in a
 * binary heap with its least preferred holder on top (capacities here are
 * small), so a proposal costs O(log cap). An applicant displaced by a better
 * one proposes on at once, so no queue of free applicants is kept. The
 * outcome does not depend on the order of proposals (Gale & Shapley 1962;
 * Roth & Sotomayor 1990, thm 5.16), only on the strict orders.
 *
 * Company-proposing: a company needs only the head of its order, and most
 * companies fill long before reaching the end of it, so each company's
 * acceptable applicants are heapified (O(deg)) instead of sorted and popped
 * on demand. An applicant holds its best offer; the company it drops gets a
 * seat back and resumes proposing.
 *
 * Both run in O(pairs x log) time; only the preparation (sorting lists,
 * heapifying) is parallel, each entity written by one iteration. */
#include "engine/da.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/base.h"

/* splitmix64 finaliser (Steele, Lea & Flood 2014) */
static inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Lottery streams: who draws (applicants or companies) and how. */
enum { LOT_COMPANIES_SINGLE = 1, LOT_APPLICANTS_SINGLE, LOT_BY_APPLICANT, LOT_BY_COMPANY };

static inline uint32_t lottery(uint64_t seed, uint64_t stream, uint64_t who, uint64_t whom) {
    uint64_t h = mix64(seed * 0x9E3779B97F4A7C15ull + stream);
    h = mix64(h ^ (who + 0x632BE59BD9B4E019ull));
    return (uint32_t)(mix64(h ^ (whom + 0x85157AF5ull)) >> 32);
}

uint64_t mu_da_app_key(const mu_da_input *in, int32_t a, int64_t p) {
    int32_t c = in->pair_com[p];
    uint32_t tie = in->tie_break == MU_TIE_SINGLE     ? lottery(in->seed, LOT_COMPANIES_SINGLE, 0, (uint64_t)c)
                   : in->tie_break == MU_TIE_MULTIPLE ? lottery(in->seed, LOT_BY_APPLICANT, (uint64_t)a, (uint64_t)c)
                                                      : (uint32_t)c;
    return (uint64_t)(uint32_t)in->app_rank[p] << 32 | tie;
}

uint64_t mu_da_com_key(const mu_da_input *in, int32_t c, int32_t a, int64_t p) {
    uint32_t tie = in->tie_break == MU_TIE_SINGLE     ? lottery(in->seed, LOT_APPLICANTS_SINGLE, 0, (uint64_t)a)
                   : in->tie_break == MU_TIE_MULTIPLE ? lottery(in->seed, LOT_BY_COMPANY, (uint64_t)c, (uint64_t)a)
                                                      : (uint32_t)a;
    return (uint64_t)(uint32_t)in->com_rank[p] << 32 | tie;
}

/* ---- applicant-proposing */

typedef struct held {
    uint64_t key; /* the company's key of the applicant */
    int32_t a;
} held;

/* x is less preferred than y by the company: a larger key, then a larger index. */
static inline int worse(held x, held y) { return x.key != y.key ? x.key > y.key : x.a > y.a; }

static void sift_down_worst(held *h, int32_t n, int32_t i) {
    for (;;) {
        int32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && worse(h[l], h[m])) m = l;
        if (r < n && worse(h[r], h[m])) m = r;
        if (m == i) return;
        held t = h[i];
        h[i] = h[m], h[m] = t;
        i = m;
    }
}

static void sift_up_worst(held *h, int32_t i) {
    while (i > 0) {
        int32_t parent = (i - 1) / 2;
        if (!worse(h[i], h[parent])) return;
        held t = h[i];
        h[i] = h[parent], h[parent] = t;
        i = parent;
    }
}

typedef struct keyed {
    uint64_t key;
    int32_t tie; /* the partner's index */
    int32_t pos; /* position within the owner's pairs */
} keyed;

static inline int keyed_less(const keyed *x, const keyed *y) {
    return x->key != y->key ? x->key < y->key : x->tie < y->tie;
}
static int cmp_keyed(const void *x, const void *y) { return keyed_less(x, y) ? -1 : keyed_less(y, x) ? 1 : 0; }

static int nthreads(int threads) {
#ifdef _OPENMP
    return threads > 0 ? threads : omp_get_max_threads();
#else
    (void)threads;
    return 1;
#endif
}

static int applicant_proposing(const mu_da_input *in, int threads, int32_t *app_com, mu_da_stats *st, char *err,
                               size_t errlen) {
    int32_t na = in->n_app, nc = in->n_com;
    int64_t n = in->app_off[na];
    double t0 = mu_now();
    int32_t *order = malloc(((size_t)n + 1) * sizeof *order); /* strict order: positions within the applicant */
    int32_t *next = calloc((size_t)na + 1, sizeof *next);     /* next position to propose to */
    int64_t *hoff = calloc((size_t)nc + 2, sizeof *hoff);     /* heap of company c: hoff[c] .. */
    int32_t *hsize = calloc((size_t)nc + 1, sizeof *hsize);
    held *heap = NULL;
    int rc = 0;
    if (!order || !next || !hoff || !hsize) goto oom;
    int64_t longest = 0;
    for (int32_t a = 0; a < na; a++)
        if (in->app_off[a + 1] - in->app_off[a] > longest) longest = in->app_off[a + 1] - in->app_off[a];
    for (int64_t p = 0; p < n; p++) hoff[in->pair_com[p] + 1]++; /* degrees, then capped by capacity */
    for (int32_t c = 0; c < nc; c++) {
        int64_t deg = hoff[c + 1];
        hoff[c + 1] = hoff[c] + (deg < in->cap[c] ? deg : in->cap[c]);
    }
    heap = malloc(((size_t)hoff[nc] + 1) * sizeof *heap);
    if (!heap) goto oom;
    int failed = 0;
#pragma omp parallel num_threads(nthreads(threads))
    {
        keyed *buf = malloc(((size_t)longest + 1) * sizeof *buf);
        if (!buf) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(static)
        for (int32_t a = 0; a < na; a++) {
            if (!buf) continue;
            int64_t b = in->app_off[a];
            int32_t deg = (int32_t)(in->app_off[a + 1] - b);
            for (int32_t i = 0; i < deg; i++) buf[i] = (keyed){mu_da_app_key(in, a, b + i), in->pair_com[b + i], i};
            if (deg > 24) {
                qsort(buf, (size_t)deg, sizeof *buf, cmp_keyed);
            } else { /* insertion sort: lists are short */
                for (int32_t i = 1; i < deg; i++) {
                    keyed x = buf[i];
                    int32_t j = i;
                    for (; j > 0 && keyed_less(&x, &buf[j - 1]); j--) buf[j] = buf[j - 1];
                    buf[j] = x;
                }
            }
            for (int32_t i = 0; i < deg; i++) order[b + i] = buf[i].pos;
        }
        free(buf);
    }
    if (failed) goto oom;
    double t1 = mu_now();
    int64_t proposals = 0;
    for (int32_t a = 0; a < na; a++) app_com[a] = -1;
    for (int32_t a0 = 0; a0 < na; a0++) {
        int32_t a = a0; /* the applicant now proposing: a0, then whoever it displaces */
        while (a >= 0) {
            int64_t b = in->app_off[a];
            if (next[a] == in->app_off[a + 1] - b) break; /* list exhausted: stays unplaced */
            int64_t p = b + order[b + next[a]++];
            int32_t c = in->pair_com[p];
            proposals++;
            int32_t cap = (int32_t)(hoff[c + 1] - hoff[c]);
            if (cap == 0) continue;
            held *h = heap + hoff[c];
            held offer = {mu_da_com_key(in, c, a, p), a};
            if (hsize[c] < cap) {
                h[hsize[c]] = offer;
                sift_up_worst(h, hsize[c]++);
                app_com[a] = c;
                a = -1;
            } else if (worse(h[0], offer)) {
                int32_t out = h[0].a;
                h[0] = offer;
                sift_down_worst(h, cap, 0);
                app_com[a] = c;
                app_com[out] = -1;
                a = out;
            }
        }
    }
    if (st) {
        st->proposals = proposals;
        st->sec_prepare = t1 - t0;
        st->sec_propose = mu_now() - t1;
    }
    goto done;
oom:
    snprintf(err, errlen, "out of memory in deferred acceptance (%lld pairs)", (long long)n);
    rc = MU_ENOMEM;
done:
    free(order), free(next), free(hoff), free(hsize), free(heap);
    return rc;
}

/* ---- company-proposing */

typedef struct offer {
    uint64_t key; /* the company's key of the applicant */
    int64_t p;
} offer;

/* The applicant of pair p: the last a with app_off[a] <= p. */
static int32_t applicant_of(const mu_da_input *in, int64_t p) {
    int32_t lo = 0, hi = in->n_app - 1;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo + 1) / 2;
        if (in->app_off[mid] <= p) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

/* x is preferred by the company to y: a smaller key, then a smaller applicant index. */
static inline int preferred(const mu_da_input *in, offer x, offer y) {
    if (x.key != y.key) return x.key < y.key;
    return applicant_of(in, x.p) < applicant_of(in, y.p);
}

static void sift_down_best(const mu_da_input *in, offer *h, int64_t n, int64_t i) {
    for (;;) {
        int64_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && preferred(in, h[l], h[m])) m = l;
        if (r < n && preferred(in, h[r], h[m])) m = r;
        if (m == i) return;
        offer t = h[i];
        h[i] = h[m], h[m] = t;
        i = m;
    }
}

static int company_proposing(const mu_da_input *in, int threads, int32_t *app_com, mu_da_stats *st, char *err,
                             size_t errlen) {
    int32_t na = in->n_app, nc = in->n_com;
    int64_t n = in->app_off[na];
    double t0 = mu_now();
    int64_t *coff = calloc((size_t)nc + 2, sizeof *coff); /* company c's remaining list: coff[c] .. coff[c]+left[c] */
    int64_t *left = calloc((size_t)nc + 1, sizeof *left);
    int32_t *seats = calloc((size_t)nc + 1, sizeof *seats);
    int32_t *stack = malloc(((size_t)nc + 1) * sizeof *stack);
    uint8_t *on_stack = calloc((size_t)nc + 1, 1);
    int64_t *hold = malloc(((size_t)na + 1) * sizeof *hold); /* pair of the offer an applicant holds, -1 none */
    offer *list = malloc(((size_t)n + 1) * sizeof *list);
    int rc = 0;
    if (!coff || !left || !seats || !stack || !on_stack || !hold || !list) {
        snprintf(err, errlen, "out of memory in deferred acceptance (%lld pairs)", (long long)n);
        rc = MU_ENOMEM;
        goto done;
    }
    for (int64_t p = 0; p < n; p++) coff[in->pair_com[p] + 1]++;
    for (int32_t c = 0; c < nc; c++) coff[c + 1] += coff[c];
    for (int32_t a = 0; a < na; a++)
        for (int64_t p = in->app_off[a]; p < in->app_off[a + 1]; p++) {
            int32_t c = in->pair_com[p];
            list[coff[c] + left[c]++] = (offer){mu_da_com_key(in, c, a, p), p};
        }
#pragma omp parallel for schedule(static) num_threads(nthreads(threads))
    for (int32_t c = 0; c < nc; c++)
        for (int64_t i = left[c] / 2 - 1; i >= 0; i--) sift_down_best(in, list + coff[c], left[c], i);
    double t1 = mu_now();
    int64_t proposals = 0;
    for (int32_t a = 0; a < na; a++) hold[a] = -1;
    int32_t top = 0;
    for (int32_t c = nc - 1; c >= 0; c--) {
        seats[c] = in->cap[c];
        if (seats[c] > 0 && left[c] > 0) stack[top++] = c, on_stack[c] = 1;
    }
    while (top > 0) {
        int32_t c = stack[--top];
        on_stack[c] = 0;
        offer *h = list + coff[c];
        while (seats[c] > 0 && left[c] > 0) {
            offer o = h[0];
            h[0] = h[--left[c]];
            sift_down_best(in, h, left[c], 0);
            int32_t a = applicant_of(in, o.p);
            proposals++;
            int64_t q = hold[a];
            if (q >= 0) {
                uint64_t kq = mu_da_app_key(in, a, q), ko = mu_da_app_key(in, a, o.p);
                if (kq < ko || (kq == ko && in->pair_com[q] < c)) continue; /* rejected */
                int32_t dropped = in->pair_com[q];
                seats[dropped]++;
                if (!on_stack[dropped]) stack[top++] = dropped, on_stack[dropped] = 1;
            }
            hold[a] = o.p;
            seats[c]--;
        }
    }
    for (int32_t a = 0; a < na; a++) app_com[a] = hold[a] >= 0 ? in->pair_com[hold[a]] : -1;
    if (st) {
        st->proposals = proposals;
        st->sec_prepare = t1 - t0;
        st->sec_propose = mu_now() - t1;
    }
done:
    free(coff), free(left), free(seats), free(stack), free(on_stack), free(hold), free(list);
    return rc;
}

int mu_da_solve(const mu_da_input *in, int side, int threads, int32_t *app_com, mu_da_stats *stats, char *err,
                size_t errlen) {
    MU_REQUIRE(in && app_com && err);
    int64_t n = in->app_off[in->n_app];
    for (int32_t c = 0; c < in->n_com; c++)
        if (in->cap[c] < 0) return snprintf(err, errlen, "company %d has a negative capacity", c), MU_EINPUT;
    for (int64_t p = 0; p < n; p++)
        if (in->pair_com[p] < 0 || in->pair_com[p] >= in->n_com || in->app_rank[p] < 1 || in->com_rank[p] < 1)
            return snprintf(err, errlen, "pair %lld: company out of range or rank below 1", (long long)p), MU_EINPUT;
    if (stats) memset(stats, 0, sizeof *stats);
    return side == MU_DA_COMPANY_PROPOSING ? company_proposing(in, threads, app_com, stats, err, errlen)
                                           : applicant_proposing(in, threads, app_com, stats, err, errlen);
}
