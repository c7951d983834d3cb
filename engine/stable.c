/* Optimal stable matchings by the rotation poset and one minimum cut per
 * lexicographic stage (see stable.h for the contract).
 *
 * What: among the stable matchings of a many-to-one market (applicants, and
 * companies with capacities; incomplete lists; strict preferences after
 * da.h's tie-breaking) the one with the largest weight, the egalitarian, the
 * rank-maximal or the minimum-regret one, each then the heaviest; exactly, in
 * integers, with no integer program.
 *
 * Algorithm.
 *  1. Deferred acceptance (da.c) both ways gives M0, the applicant-optimal
 *     stable matching, and Mz, the company-optimal one. Every stable matching
 *     places the same applicants and fills the same seats (the rural
 *     hospitals theorem, Roth 1986, Econometrica 54; Gusfield & Irving 1.6); both
 *     facts are checked.
 *  2. Rotations, in the direct many-to-one form rather than by cloning each
 *     seat into a one-to-one market (Gusfield & Irving 1.6): cloning copies
 *     a company's whole list once per seat, capacity x list length entries
 *     (50,000 seats over long lists would not fit), and its rotations carry
 *     seat-to-seat shifts that change nothing. In a stable matching M, an
 *     applicant a not yet at its Mz partner points at s(a), the first company
 *     after M(a) in a's order that is full and prefers a to its worst member;
 *     next(a) is that worst member. A cycle of next is a rotation: each a_i
 *     moves from its company to s(a_i), whose worst member a_{i+1} leaves;
 *     a company appears at most once in a rotation (its worst member is
 *     unique). Seats of one company are interchangeable, so these are the
 *     cloned market's rotations with the seat shifts folded in, and the
 *     lattice theory carries over (Gusfield & Irving ch. 2-3 and 1.6).
 *     All rotations are found by Gusfield & Irving's stack walk (ch. 3, the
 *     "breakmarriage" idea of McVitie & Wilson 1971 made linear): follow next
 *     from an applicant not at Mz, pushing applicants, until one repeats; the
 *     cycle on top of the stack is exposed: eliminate it, pop it, and go on
 *     from what is left, whose pointers stay valid. s(a) is found by a
 *     pointer that only moves down a's list (a company that refused a keeps
 *     refusing: worst members only improve), and each company's worst member
 *     by a pointer that only moves up its list, so the walk is O(pairs) after
 *     sorting the lists.
 *  3. The poset with O(pairs) edges, not its transitive closure: Gusfield &
 *     Irving's type-1 and type-2 predecessors (ch. 3), in many-to-one form.
 *     A rotation is exposed when each a_i sits at its company c_i, is c_i's
 *     worst member, and every company strictly between c_i and c_{i+1} on
 *     a_i's list refuses it; one edge per reason:
 *       type 1, the previous rotation that moved a_i;
 *       type 1 of the company, the previous rotation that changed c_i's worst
 *       member (in the cloned market, c_i's last seat: its rotations form a
 *       chain; here a member can become the worst without moving, when the
 *       one below it leaves, so applicants' edges alone do not imply it);
 *       type 2, for each company c strictly between, the rotation that made
 *       c's worst member better than a_i (recorded when c's worst pointer
 *       passed a_i; none when c never would take a_i). Only the worst
 *       member matters: a company takes a exactly when it prefers a to its
 *       worst member, so the cloned market's other-seat edges are implied.
 *     At most moves + moves + pairs edges; sorted, duplicates dropped.
 *  4. The stable matchings are M0 with the closed sets of rotations
 *     eliminated (Irving & Leather 1986), and eliminating a rotation changes
 *     a measure that is a sum over the matched pairs by a fixed amount, so
 *     the optimum is M0 plus a maximum-weight closed set (Irving, Leather &
 *     Gusfield 1987, "An efficient algorithm for the 'optimal' stable
 *     marriage", JACM 34): one minimum s-t cut (Picard 1976, "Maximal closure
 *     of a graph", Management Science 22), by LEMON's Preflow (lemon.cpp).
 *     Lexicographic objectives are a sequence of cuts, each exact in int64
 *     whatever the number of levels: after a maximum flow the optimal closed
 *     sets are exactly the sets closed under the residual arcs (Picard &
 *     Queyranne 1980, "On the structure of all minimum cuts in a network and
 *     applications", Math. Prog. Study 13), so what the source reaches is
 *     forced in, what reaches the sink forced out, and the next stage keeps
 *     the residual arcs among the rest as its constraints.
 *     Objectives: weight; egalitarian, -(app_rank + com_rank) then weight;
 *     rank-maximal, one stage per applicant rank level then weight;
 *     minimum regret, the least threshold k such that forbidding every pair
 *     ranked worse than k by either side still leaves a closed set (a
 *     forbidden pair entered by rotation i and left by j becomes "i implies
 *     j"; binary search over k, each test one graph search), then weight.
 *  5. The matching is rebuilt from M0 and checked from the strict keys alone:
 *     capacities, and no blocking pair.
 *
 * Complexity: O(pairs log pairs) to sort the strict lists (parallel), O(pairs)
 * for the walk and the poset, then one maximum flow over R rotations and
 * O(pairs) arcs per stage (highest-label push-relabel, O(R^2 sqrt(arcs))
 * worst case, far less in practice); minimum regret adds O(log pairs) graph
 * searches. Memory O(pairs): nothing is cloned and no closure is formed.
 *
 * Determinism: the walk starts from applicants in index order and is
 * sequential; deferred acceptance and the sorts never depend on the thread
 * count. The closed set returned is the minimal optimal one (what the
 * source reaches in the residual graph), the same for every maximum flow.
 *
 * Ownership: nothing of the caller's is kept; mu_rotations owns its arrays. */
#include "engine/stable.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/base.h"
#include "engine/lemon.h"

/* ---- the strict market */

typedef struct keyed {
    uint64_t key; /* da.h's key: rank, then the tie-break */
    int32_t tie;  /* the partner's index: the last resort, as in da.c */
    int64_t pair;
} keyed;

static int cmp_keyed(const void *x, const void *y) {
    const keyed *a = x, *b = y;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return (a->tie > b->tie) - (a->tie < b->tie);
}

typedef struct market {
    int32_t *pair_app;    /* [pairs] */
    int64_t *coff;        /* [n_com + 1] company c's pairs are cord[coff[c] .. coff[c+1]-1] */
    int64_t *aord, *cord; /* [pairs] each entity's pairs, best first (aord is indexed by app_off) */
    int32_t *apos, *cpos; /* [pairs] a pair's position in its applicant's and its company's order */
} market;

static void market_free(market *mk) {
    free(mk->pair_app), free(mk->coff), free(mk->aord), free(mk->cord), free(mk->apos), free(mk->cpos);
    memset(mk, 0, sizeof *mk);
}

static int nthreads(int threads) {
#ifdef _OPENMP
    return threads > 0 ? threads : omp_get_max_threads();
#else
    (void)threads;
    return 1;
#endif
}

#define PARALLEL_PAIRS 200000 /* below this, starting threads costs more than sorting on one */

/* The strict orders of both sides, by da.h's keys (each entity's order is
 * written by one iteration: the result does not depend on the threads). */
static int market_build(const mu_da_input *in, int threads, market *mk) {
    int32_t na = in->n_app, nc = in->n_com;
    int64_t n = in->app_off[na];
    memset(mk, 0, sizeof *mk);
    mk->pair_app = malloc(((size_t)n + 1) * sizeof *mk->pair_app);
    mk->coff = calloc((size_t)nc + 2, sizeof *mk->coff);
    mk->aord = malloc(((size_t)n + 1) * sizeof *mk->aord);
    mk->cord = malloc(((size_t)n + 1) * sizeof *mk->cord);
    mk->apos = malloc(((size_t)n + 1) * sizeof *mk->apos);
    mk->cpos = malloc(((size_t)n + 1) * sizeof *mk->cpos);
    keyed *buf = malloc(((size_t)n + 1) * sizeof *buf);
    int64_t *fill = malloc(((size_t)nc + 1) * sizeof *fill);
    if (!mk->pair_app || !mk->coff || !mk->aord || !mk->cord || !mk->apos || !mk->cpos || !buf || !fill) {
        free(buf), free(fill);
        market_free(mk);
        return 1;
    }
    for (int32_t a = 0; a < na; a++)
        for (int64_t p = in->app_off[a]; p < in->app_off[a + 1]; p++) {
            mk->pair_app[p] = a;
            mk->coff[in->pair_com[p] + 1]++;
            buf[p] = (keyed){mu_da_app_key(in, a, p), in->pair_com[p], p};
        }
    for (int32_t c = 0; c < nc; c++) mk->coff[c + 1] += mk->coff[c];
#pragma omp parallel for schedule(dynamic, 256) num_threads(nthreads(threads)) if (n > PARALLEL_PAIRS)
    for (int32_t a = 0; a < na; a++) {
        int64_t b = in->app_off[a], deg = in->app_off[a + 1] - b;
        qsort(buf + b, (size_t)deg, sizeof *buf, cmp_keyed);
        for (int64_t i = 0; i < deg; i++) mk->aord[b + i] = buf[b + i].pair, mk->apos[buf[b + i].pair] = (int32_t)i;
    }
    memcpy(fill, mk->coff, (size_t)nc * sizeof *fill);
    for (int32_t a = 0; a < na; a++)
        for (int64_t p = in->app_off[a]; p < in->app_off[a + 1]; p++) {
            int32_t c = in->pair_com[p];
            buf[fill[c]++] = (keyed){mu_da_com_key(in, c, a, p), a, p};
        }
#pragma omp parallel for schedule(dynamic, 16) num_threads(nthreads(threads)) if (n > PARALLEL_PAIRS)
    for (int32_t c = 0; c < nc; c++) {
        int64_t b = mk->coff[c], deg = mk->coff[c + 1] - b;
        qsort(buf + b, (size_t)deg, sizeof *buf, cmp_keyed);
        for (int64_t i = 0; i < deg; i++) mk->cord[b + i] = buf[b + i].pair, mk->cpos[buf[b + i].pair] = (int32_t)i;
    }
    free(buf), free(fill);
    return 0;
}

/* The pair of applicant a with company c, or -1. */
static int64_t pair_of(const mu_da_input *in, int32_t a, int32_t c) {
    if (c < 0) return -1;
    for (int64_t p = in->app_off[a]; p < in->app_off[a + 1]; p++)
        if (in->pair_com[p] == c) return p;
    return -1;
}

static int fail(char *err, size_t errlen, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return code;
}

/* Makes room for need items in the arrays arr[0..k) (item sizes size[]),
 * which share the capacity *cap; doubles it. Returns nonzero on out of memory
 * (the arrays then stay valid, some perhaps already larger). */
static int reserve(int64_t *cap, int64_t need, int k, void **arr[], const size_t size[]) {
    if (need <= *cap) return 0;
    int64_t c = *cap > 0 ? *cap : 64;
    while (c < need) c *= 2;
    for (int i = 0; i < k; i++) {
        void *q = realloc(*arr[i], (size_t)c * size[i]);
        if (!q) return 1;
        *arr[i] = q;
    }
    *cap = c;
    return 0;
}

/* ---- all rotations: the stack walk */

typedef struct walk {
    const mu_da_input *in;
    const market *mk;
    mu_rotations *rot;
    int64_t *mp, *zp, *tgt;     /* [n_app] current pair, Mz pair, target pair while on the stack */
    int32_t *zpos, *nxt, *last; /* [n_app] Mz position, scan pointer, last rotation that moved it */
    int32_t *stack, *spos;      /* spos[a]: a's place on the stack, -1 off it */
    int32_t *wp;                /* [n_com] position of the worst member in the company's order */
    int32_t *clast;             /* [n_com] last rotation that changed the company's worst member */
    uint8_t *full;              /* [n_com] */
    int32_t *elim;              /* [pairs] rotation after which the company takes the applicant no more, -1 */
    int64_t cap_el, cap_off, cap_ed;
} walk;

/* The pair of s(a): the first full company after a's current one, up to its
 * Mz one, that prefers a to its worst member; -1 if none. */
static int64_t next_target(walk *w, int32_t a) {
    const market *mk = w->mk;
    int64_t b = w->in->app_off[a];
    while (w->nxt[a] <= w->zpos[a]) {
        int64_t p = mk->aord[b + w->nxt[a]];
        int32_t c = w->in->pair_com[p];
        if (w->full[c] && mk->cpos[p] < w->wp[c]) return p;
        w->nxt[a]++;
    }
    return -1;
}

static int add_edge(walk *w, int32_t pred, int32_t succ) {
    mu_rotations *rot = w->rot;
    if (pred == succ) return 0;
    void **arr[] = {(void **)&rot->pred, (void **)&rot->succ};
    const size_t size[] = {sizeof *rot->pred, sizeof *rot->succ};
    if (reserve(&w->cap_ed, rot->n_edges + 1, 2, arr, size)) return 1;
    rot->pred[rot->n_edges] = pred, rot->succ[rot->n_edges] = succ;
    rot->n_edges++;
    return 0;
}

/* Eliminates the rotation xs[0..k): xs[i] moves to tgt[xs[i]], whose company's
 * worst member is xs[i+1] (xs[0] for the last). */
static int eliminate(walk *w, const int32_t *xs, int32_t k) {
    const mu_da_input *in = w->in;
    const market *mk = w->mk;
    mu_rotations *rot = w->rot;
    int32_t r = rot->n;
    int64_t e0 = rot->off[r];
    void **arr[] = {(void **)&rot->app, (void **)&rot->from, (void **)&rot->to};
    const size_t size[] = {sizeof *rot->app, sizeof *rot->from, sizeof *rot->to};
    if (reserve(&w->cap_el, e0 + k, 3, arr, size)) return 1;
    for (int32_t i = 0; i < k; i++) {
        int32_t x = xs[i];
        int64_t from = w->mp[x], to = w->tgt[x], b = in->app_off[x];
        rot->app[e0 + i] = x, rot->from[e0 + i] = from, rot->to[e0 + i] = to;
        if (w->last[x] >= 0 && add_edge(w, w->last[x], r)) return 1;        /* type 1 */
        for (int32_t pos = mk->apos[from] + 1; pos < mk->apos[to]; pos++) { /* type 2 */
            int32_t by = w->elim[mk->aord[b + pos]];
            if (by >= 0 && add_edge(w, by, r)) return 1;
        }
        w->last[x] = r;
    }
    for (int32_t i = 0; i < k; i++) {
        int32_t x = xs[i];
        w->mp[x] = w->tgt[x];
        w->nxt[x] = mk->apos[w->tgt[x]] + 1;
    }
    /* Each company of the rotation lost its worst member and took a better
     * applicant: its worst pointer moves up to the next member, and every
     * applicant it passes is refused from now on (the type-2 label). */
    for (int32_t i = 0; i < k; i++) {
        int32_t c = in->pair_com[rot->from[e0 + i]];
        if (w->clast[c] >= 0 && add_edge(w, w->clast[c], r)) return 1; /* the company's type 1 */
        w->clast[c] = r;
        int64_t base = mk->coff[c];
        int32_t pos = w->wp[c] - 1;
        for (; pos >= 0; pos--) {
            int64_t q = mk->cord[base + pos];
            if (w->mp[mk->pair_app[q]] == q) break;
            w->elim[q] = r;
        }
        if (pos < 0) return 2;
        w->wp[c] = pos;
    }
    void **offs[] = {(void **)&rot->off};
    const size_t off_size[] = {sizeof *rot->off};
    if (reserve(&w->cap_off, r + 2, 1, offs, off_size)) return 1;
    rot->off[r + 1] = e0 + k;
    rot->n++;
    return 0;
}

static int cmp_u64(const void *x, const void *y) {
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

void mu_rotations_free(mu_rotations *rot) {
    free(rot->m0), free(rot->mz), free(rot->off), free(rot->app), free(rot->from), free(rot->to);
    free(rot->pred), free(rot->succ);
    memset(rot, 0, sizeof *rot);
}

int mu_stable_rotations(const mu_da_input *in, int threads, mu_rotations *rot, char *err, size_t errlen) {
    MU_REQUIRE(in && rot && err);
    memset(rot, 0, sizeof *rot);
    int32_t na = in->n_app, nc = in->n_com;
    int64_t n = in->app_off[na];
    rot->n_app = na;
    rot->m0 = malloc(((size_t)na + 1) * sizeof *rot->m0);
    rot->mz = malloc(((size_t)na + 1) * sizeof *rot->mz);
    if (!rot->m0 || !rot->mz) {
        mu_rotations_free(rot);
        return fail(err, errlen, MU_ENOMEM, "out of memory for the rotations (%d applicants)", na);
    }
    int dt = n > PARALLEL_PAIRS ? threads : 1; /* the same matchings on any thread count (da.h) */
    int drc = mu_da_solve(in, MU_DA_APPLICANT_PROPOSING, dt, rot->m0, NULL, err, errlen);
    if (!drc) drc = mu_da_solve(in, MU_DA_COMPANY_PROPOSING, dt, rot->mz, NULL, err, errlen);
    if (drc) {
        mu_rotations_free(rot);
        return drc == 1 ? MU_ENOMEM : MU_EINPUT;
    }
    market mk;
    if (market_build(in, threads, &mk)) {
        mu_rotations_free(rot);
        return fail(err, errlen, MU_ENOMEM, "out of memory sorting %lld pairs", (long long)n);
    }
    walk w = {.in = in, .mk = &mk, .rot = rot};
    w.mp = malloc(((size_t)na + 1) * sizeof *w.mp);
    w.zp = malloc(((size_t)na + 1) * sizeof *w.zp);
    w.tgt = malloc(((size_t)na + 1) * sizeof *w.tgt);
    w.zpos = malloc(((size_t)na + 1) * sizeof *w.zpos);
    w.nxt = malloc(((size_t)na + 1) * sizeof *w.nxt);
    w.last = malloc(((size_t)na + 1) * sizeof *w.last);
    w.stack = malloc(((size_t)na + 1) * sizeof *w.stack);
    w.spos = malloc(((size_t)na + 1) * sizeof *w.spos);
    w.wp = malloc(((size_t)nc + 1) * sizeof *w.wp);
    w.clast = malloc(((size_t)nc + 1) * sizeof *w.clast);
    w.full = calloc((size_t)nc + 1, 1);
    w.elim = malloc(((size_t)n + 1) * sizeof *w.elim);
    int32_t *count0 = calloc((size_t)nc + 1, sizeof *count0), *countz = calloc((size_t)nc + 1, sizeof *countz);
    int rc = MU_OK;
    if (!w.mp || !w.zp || !w.tgt || !w.zpos || !w.nxt || !w.last || !w.stack || !w.spos || !w.wp || !w.clast ||
        !w.full || !w.elim || !count0 || !countz)
        goto oom;
    rot->off = malloc(64 * sizeof *rot->off);
    if (!rot->off) goto oom;
    w.cap_off = 64;
    rot->off[0] = 0;
    for (int64_t p = 0; p < n; p++) w.elim[p] = -1;
    for (int32_t c = 0; c < nc; c++) w.wp[c] = w.clast[c] = -1;
    for (int32_t a = 0; a < na; a++) {
        w.mp[a] = pair_of(in, a, rot->m0[a]);
        w.zp[a] = pair_of(in, a, rot->mz[a]);
        w.last[a] = w.spos[a] = -1;
        if ((w.mp[a] < 0) != (w.zp[a] < 0) || (rot->m0[a] >= 0 && w.mp[a] < 0) || (rot->mz[a] >= 0 && w.zp[a] < 0)) {
            rc = fail(err, errlen, MU_EINTERNAL,
                      "applicant %d is placed in only one of the applicant- and company-optimal stable matchings", a);
            goto done;
        }
        if (w.mp[a] < 0) continue;
        w.zpos[a] = mk.apos[w.zp[a]];
        w.nxt[a] = mk.apos[w.mp[a]] + 1;
        if (w.zpos[a] < mk.apos[w.mp[a]]) {
            rc = fail(err, errlen, MU_EINTERNAL,
                      "applicant %d prefers its company-optimal partner to its applicant-optimal one", a);
            goto done;
        }
        int32_t c = rot->m0[a];
        count0[c]++, countz[rot->mz[a]]++;
        if (mk.cpos[w.mp[a]] > w.wp[c]) w.wp[c] = mk.cpos[w.mp[a]];
    }
    for (int32_t c = 0; c < nc; c++) {
        if (count0[c] != countz[c] || count0[c] > in->cap[c]) {
            rc = fail(err, errlen, MU_EINTERNAL,
                      "company %d fills %d seats in the applicant-optimal and %d in the company-optimal stable "
                      "matching (capacity %d)",
                      c, count0[c], countz[c], in->cap[c]);
            goto done;
        }
        w.full[c] = in->cap[c] > 0 && count0[c] == in->cap[c];
    }
    int32_t top = 0;
    for (int32_t a0 = 0; a0 < na; a0++) {
        while (w.mp[a0] != w.zp[a0]) {
            if (top == 0) w.stack[top] = a0, w.spos[a0] = top++;
            int32_t a = w.stack[top - 1];
            int64_t p = next_target(&w, a);
            if (p < 0) {
                rc = fail(err, errlen, MU_EINTERNAL,
                          "applicant %d has no company to move to before its company-optimal one", a);
                goto done;
            }
            int32_t c = in->pair_com[p];
            int32_t b = mk.pair_app[mk.cord[mk.coff[c] + w.wp[c]]];
            w.tgt[a] = p;
            if (w.spos[b] < 0) {
                if (w.mp[b] == w.zp[b]) {
                    rc = fail(err, errlen, MU_EINTERNAL,
                              "applicant %d points at applicant %d, already at its company-optimal partner", a, b);
                    goto done;
                }
                w.stack[top] = b, w.spos[b] = top++;
                continue;
            }
            int32_t from = w.spos[b];
            int erc = eliminate(&w, w.stack + from, top - from);
            if (erc == 1) goto oom;
            if (erc) {
                rc = fail(err, errlen, MU_EINTERNAL, "rotation %d leaves a company without a member", rot->n);
                goto done;
            }
            for (int32_t i = from; i < top; i++) w.spos[w.stack[i]] = -1;
            top = from;
        }
    }
    if (top != 0) {
        rc = fail(err, errlen, MU_EINTERNAL, "the walk ended with %d applicants on its stack", top);
        goto done;
    }
    for (int32_t a = 0; a < na; a++)
        if (w.mp[a] >= 0 && in->pair_com[w.mp[a]] != rot->mz[a]) {
            rc = fail(err, errlen, MU_EINTERNAL, "applicant %d did not reach its company-optimal partner", a);
            goto done;
        }
    /* The precedences, sorted and without duplicates. */
    if (rot->n_edges > 0) {
        uint64_t *key = malloc((size_t)rot->n_edges * sizeof *key);
        if (!key) goto oom;
        for (int64_t i = 0; i < rot->n_edges; i++) key[i] = (uint64_t)rot->pred[i] << 32 | (uint32_t)rot->succ[i];
        qsort(key, (size_t)rot->n_edges, sizeof *key, cmp_u64);
        int64_t m = 0;
        for (int64_t i = 0; i < rot->n_edges; i++)
            if (i == 0 || key[i] != key[i - 1])
                rot->pred[m] = (int32_t)(key[i] >> 32), rot->succ[m] = (int32_t)(key[i] & 0xFFFFFFFFu), m++;
        rot->n_edges = m;
        free(key);
    }
    goto done;
oom:
    rc = fail(err, errlen, MU_ENOMEM, "out of memory finding the rotations (%lld pairs)", (long long)n);
done:
    free(w.mp), free(w.zp), free(w.tgt), free(w.zpos), free(w.nxt), free(w.last), free(w.stack), free(w.spos);
    free(w.wp), free(w.clast), free(w.full), free(w.elim), free(count0), free(countz);
    market_free(&mk);
    if (rc) mu_rotations_free(rot);
    return rc;
}

/* ---- closed sets: constraints, forcing, and one minimum cut per stage */

enum { FREE = 0, IN = 1, OUT = 2 };

typedef struct closure {
    int32_t n;
    uint8_t *state; /* [n] FREE, IN (in every optimum so far), OUT (in none) */
    int64_t m, cap_m;
    int32_t *u, *v; /* [m] constraint arcs */
    uint8_t *dir;   /* [m] bit 0: u in the set implies v; bit 1: v implies u (a residual arc of a cut) */
    int32_t cuts;
} closure;

static void closure_free(closure *cl) {
    free(cl->state), free(cl->u), free(cl->v), free(cl->dir);
    memset(cl, 0, sizeof *cl);
}

static int closure_arc(closure *cl, int32_t u, int32_t v) {
    if (u == v) return 0;
    void **arr[] = {(void **)&cl->u, (void **)&cl->v, (void **)&cl->dir};
    const size_t size[] = {sizeof *cl->u, sizeof *cl->v, sizeof *cl->dir};
    if (reserve(&cl->cap_m, cl->m + 1, 3, arr, size)) return 1;
    cl->u[cl->m] = u, cl->v[cl->m] = v, cl->dir[cl->m] = 1;
    cl->m++;
    return 0;
}

/* All free, constrained by the poset: a rotation implies its predecessors. */
static int closure_init(closure *cl, const mu_rotations *rot) {
    memset(cl, 0, sizeof *cl);
    cl->n = rot->n;
    cl->state = calloc((size_t)rot->n + 1, 1);
    if (!cl->state) return 1;
    for (int64_t i = 0; i < rot->n_edges; i++)
        if (closure_arc(cl, rot->succ[i], rot->pred[i])) return 1;
    return 0;
}

/* Spreads IN along the constraint arcs and OUT against them. Returns 0, 1
 * when some rotation would be both (no closed set meets the forcing), -1 on
 * out of memory. */
static int closure_propagate(closure *cl) {
    int32_t n = cl->n;
    int64_t *off = calloc((size_t)n + 2, sizeof *off);
    int64_t *adj = malloc(((size_t)cl->m * 2 + 1) * sizeof *adj); /* arc index, negated - 1 when reversed */
    int32_t *queue = malloc(((size_t)n + 1) * sizeof *queue);
    if (!off || !adj || !queue) {
        free(off), free(adj), free(queue);
        return -1;
    }
    for (int64_t k = 0; k < cl->m; k++) off[cl->u[k] + 1]++, off[cl->v[k] + 1]++;
    for (int32_t x = 0; x < n; x++) off[x + 1] += off[x];
    int64_t *fill = calloc((size_t)n + 1, sizeof *fill);
    if (!fill) {
        free(off), free(adj), free(queue);
        return -1;
    }
    for (int64_t k = 0; k < cl->m; k++) {
        adj[off[cl->u[k]] + fill[cl->u[k]]++] = k;
        adj[off[cl->v[k]] + fill[cl->v[k]]++] = -k - 1;
    }
    free(fill);
    int conflict = 0;
    for (int pass = IN; pass <= OUT && !conflict; pass++) {
        int32_t head = 0, tail = 0;
        for (int32_t x = 0; x < n; x++)
            if (cl->state[x] == pass) queue[tail++] = x;
        while (head < tail && !conflict) {
            int32_t x = queue[head++];
            for (int64_t i = off[x]; i < off[x + 1]; i++) {
                int64_t k = adj[i] >= 0 ? adj[i] : -adj[i] - 1;
                int at_u = adj[i] >= 0;
                /* IN follows implications out of x; OUT follows them into x. */
                int forward = at_u ? (cl->dir[k] & 1) : (cl->dir[k] & 2);
                int backward = at_u ? (cl->dir[k] & 2) : (cl->dir[k] & 1);
                if (!(pass == IN ? forward : backward)) continue;
                int32_t y = at_u ? cl->v[k] : cl->u[k];
                if (cl->state[y] == pass) continue;
                if (cl->state[y] != FREE) {
                    conflict = 1;
                    break;
                }
                cl->state[y] = (uint8_t)pass;
                queue[tail++] = y;
            }
        }
    }
    free(off), free(adj), free(queue);
    return conflict;
}

/* One lexicographic stage: among the closed sets optimal so far, those of
 * largest total w. The free rotations and their constraints become a
 * closure network (Picard 1976): source -> x at w(x) > 0, x -> sink at
 * -w(x) > 0, every constraint u -> v at "infinity" (more than all other
 * capacities together). After a maximum flow, what the source reaches is in
 * every optimum, what reaches the sink in none, and the free rest keeps the
 * residual arcs among it as its constraints. */
static int stage(closure *cl, const int64_t *w, char *err, size_t errlen) {
    int32_t n = cl->n;
    int64_t total = 0;
    int32_t nodes = 2;
    int32_t *id = malloc(((size_t)n + 1) * sizeof *id);
    if (!id) return fail(err, errlen, MU_ENOMEM, "out of memory for a cut over %d rotations", n);
    for (int32_t x = 0; x < n; x++) {
        id[x] = -1;
        if (cl->state[x] != FREE) continue;
        id[x] = nodes++;
        int64_t a = w[x] < 0 ? -w[x] : w[x];
        if (total > INT64_MAX / 4 - a) {
            free(id);
            return fail(err, errlen, MU_EINPUT,
                        "the rotations' weights add up past %lld in absolute value: too large for exact int64 cuts",
                        (long long)(INT64_MAX / 4));
        }
        total += a;
    }
    if (total == 0) { /* nothing to decide: every free set is as good */
        free(id);
        return MU_OK;
    }
    int64_t inf = total + 1, arcs = 0;
    for (int32_t x = 0; x < n; x++) arcs += id[x] >= 0 && w[x] != 0;
    for (int64_t k = 0; k < cl->m; k++)
        if (id[cl->u[k]] >= 0 && id[cl->v[k]] >= 0) arcs += (cl->dir[k] & 1) + ((cl->dir[k] >> 1) & 1);
    int32_t *tail = malloc(((size_t)arcs + 1) * sizeof *tail), *head = malloc(((size_t)arcs + 1) * sizeof *head);
    int64_t *cap = malloc(((size_t)arcs + 1) * sizeof *cap), *flow = malloc(((size_t)arcs + 1) * sizeof *flow);
    int64_t *which = malloc(((size_t)arcs + 1) * sizeof *which); /* constraint k, negated - 1 when v -> u */
    int64_t *off = calloc((size_t)nodes + 1, sizeof *off), *inc = malloc(((size_t)arcs * 2 + 1) * sizeof *inc);
    int32_t *queue = malloc(((size_t)nodes + 1) * sizeof *queue);
    uint8_t *reach = calloc((size_t)nodes + 1, 1); /* 1 from the source, 2 to the sink */
    int rc = MU_OK;
    if (!tail || !head || !cap || !flow || !which || !off || !inc || !queue || !reach) {
        rc = fail(err, errlen, MU_ENOMEM, "out of memory for a cut over %d rotations", n);
        goto done;
    }
    int64_t m = 0;
    for (int32_t x = 0; x < n; x++) {
        if (id[x] < 0 || w[x] == 0) continue;
        if (w[x] > 0) tail[m] = 0, head[m] = id[x], cap[m] = w[x];
        else tail[m] = id[x], head[m] = 1, cap[m] = -w[x];
        which[m++] = INT64_MIN;
    }
    for (int64_t k = 0; k < cl->m; k++) {
        int32_t iu = id[cl->u[k]], iv = id[cl->v[k]];
        if (iu < 0 || iv < 0) continue;
        if (cl->dir[k] & 1) tail[m] = iu, head[m] = iv, cap[m] = inf, which[m++] = k;
        if (cl->dir[k] & 2) tail[m] = iv, head[m] = iu, cap[m] = inf, which[m++] = -k - 1;
    }
    int64_t value = 0;
    int lrc = mu_lemon_maxflow(nodes, m, tail, head, cap, 0, 1, flow, &value, err, errlen);
    if (lrc) {
        rc = lrc;
        goto done;
    }
    cl->cuts++;
    /* The residual graph: arc k is residual forward while flow < cap, backward while flow > 0. */
    for (int64_t k = 0; k < m; k++) off[tail[k] + 1]++, off[head[k] + 1]++;
    for (int32_t x = 0; x < nodes; x++) off[x + 1] += off[x];
    {
        int64_t *fill = malloc(((size_t)nodes + 1) * sizeof *fill);
        if (!fill) {
            rc = fail(err, errlen, MU_ENOMEM, "out of memory for a cut over %d rotations", n);
            goto done;
        }
        memcpy(fill, off, (size_t)nodes * sizeof *fill);
        for (int64_t k = 0; k < m; k++) inc[fill[tail[k]]++] = k, inc[fill[head[k]]++] = k;
        free(fill);
    }
    for (int side = 1; side <= 2; side++) {
        int32_t qh = 0, qt = 0;
        queue[qt++] = side == 1 ? 0 : 1;
        reach[queue[0]] |= (uint8_t)side;
        while (qh < qt) {
            int32_t x = queue[qh++];
            for (int64_t i = off[x]; i < off[x + 1]; i++) {
                int64_t k = inc[i];
                int32_t y = -1;
                /* from the source: residual arcs out of x; to the sink: residual arcs into x */
                if (side == 1) y = tail[k] == x ? (flow[k] < cap[k] ? head[k] : -1) : (flow[k] > 0 ? tail[k] : -1);
                else y = head[k] == x ? (flow[k] < cap[k] ? tail[k] : -1) : (flow[k] > 0 ? head[k] : -1);
                if (y < 0 || (reach[y] & side)) continue;
                reach[y] |= (uint8_t)side;
                queue[qt++] = y;
            }
        }
    }
    for (int32_t x = 0; x < n; x++) {
        if (id[x] < 0) continue;
        if (reach[id[x]] == 3) {
            rc = fail(err, errlen, MU_EINTERNAL, "the cut's flow is not maximum (rotation %d)", x);
            goto done;
        }
        if (reach[id[x]] == 1) cl->state[x] = IN;
        if (reach[id[x]] == 2) cl->state[x] = OUT;
    }
    for (int64_t k = 0; k < m; k++)
        if (which[k] != INT64_MIN && flow[k] > 0) {
            int64_t c = which[k] >= 0 ? which[k] : -which[k] - 1;
            cl->dir[c] |= which[k] >= 0 ? 2 : 1; /* flow on u -> v opens v -> u, and the reverse */
        }
done:
    free(id), free(tail), free(head), free(cap), free(flow), free(which);
    free(off), free(inc), free(queue), free(reach);
    return rc;
}

/* ---- stage weights: what eliminating each rotation changes */

enum { MEASURE_WEIGHT, MEASURE_RANKS, MEASURE_LEVEL };

/* w[r] = sum over rotation r's moves of f(to) - f(from), f the measure
 * (weight; minus both ranks; 1 at applicant rank `level`). Returns whether
 * any is nonzero, or -1 on overflow (message in err). */
static int deltas(const mu_da_input *in, const mu_rotations *rot, const int64_t *pair_w, int measure, int32_t level,
                  int64_t *w, char *err, size_t errlen) {
    int any = 0;
    for (int32_t r = 0; r < rot->n; r++) {
        int64_t s = 0;
        for (int64_t e = rot->off[r]; e < rot->off[r + 1]; e++) {
            int64_t to = rot->to[e], from = rot->from[e], d;
            if (measure == MEASURE_WEIGHT) {
                if (__builtin_sub_overflow(pair_w[to], pair_w[from], &d) || __builtin_add_overflow(s, d, &s))
                    return fail(err, errlen, -1,
                                "rotation %d: its weight change overflows int64 (pair weights %lld and %lld)", r,
                                (long long)pair_w[to], (long long)pair_w[from]);
                continue;
            }
            if (measure == MEASURE_RANKS)
                d = ((int64_t)in->app_rank[from] + in->com_rank[from]) - ((int64_t)in->app_rank[to] + in->com_rank[to]);
            else d = (in->app_rank[to] == level) - (in->app_rank[from] == level);
            s += d;
        }
        w[r] = s;
        any |= s != 0;
    }
    return any;
}

static int run_stage(const mu_da_input *in, const mu_rotations *rot, const int64_t *pair_w, int measure, int32_t level,
                     closure *cl, int64_t *w, char *err, size_t errlen) {
    int any = deltas(in, rot, pair_w, measure, level, w, err, errlen);
    if (any < 0) return MU_EINPUT;
    return any ? stage(cl, w, err, errlen) : MU_OK;
}

/* ---- minimum regret: the least threshold that still leaves a closed set */

typedef struct life {
    int64_t n;              /* stable pairs: in M0 or entered by a rotation */
    int64_t *pair;          /* [n] */
    int32_t *enter, *leave; /* [n] the rotation that brings the pair in (-1: in M0) and takes it out (-1: never) */
} life;

static int regret_of(const mu_da_input *in, int64_t p) {
    return in->app_rank[p] > in->com_rank[p] ? in->app_rank[p] : in->com_rank[p];
}

/* Builds cl as the poset with every stable pair of regret > k forbidden:
 * returns 0 with cl ready, 1 when no stable matching avoids them, -1 on out
 * of memory. */
static int regret_closure(const mu_da_input *in, const mu_rotations *rot, const life *lf, int32_t k, closure *cl) {
    if (closure_init(cl, rot)) return -1;
    for (int64_t i = 0; i < lf->n; i++) {
        if (regret_of(in, lf->pair[i]) <= k) continue;
        int32_t e = lf->enter[i], l = lf->leave[i];
        if (e < 0 && l < 0) return 1; /* in every stable matching */
        if (e < 0) {                  /* in M0: must be left */
            if (cl->state[l] == OUT) return 1;
            cl->state[l] = IN;
        } else if (l < 0) { /* never left: must never be entered */
            if (cl->state[e] == IN) return 1;
            cl->state[e] = OUT;
        } else if (closure_arc(cl, e, l)) {
            return -1;
        }
    }
    return closure_propagate(cl);
}

static int cmp_i32(const void *x, const void *y) {
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

static int min_regret(const mu_da_input *in, const mu_rotations *rot, closure *cl, int32_t *regret, char *err,
                      size_t errlen) {
    life lf = {0};
    int64_t cap = rot->off[rot->n];
    for (int32_t a = 0; a < rot->n_app; a++) cap += rot->m0[a] >= 0;
    lf.pair = malloc(((size_t)cap + 1) * sizeof *lf.pair);
    lf.enter = malloc(((size_t)cap + 1) * sizeof *lf.enter);
    lf.leave = malloc(((size_t)cap + 1) * sizeof *lf.leave);
    int32_t *values = malloc(((size_t)cap + 1) * sizeof *values);
    int64_t *slot = malloc(((size_t)in->app_off[in->n_app] + 1) * sizeof *slot); /* pair -> its index in lf */
    int rc = MU_OK;
    if (!lf.pair || !lf.enter || !lf.leave || !values || !slot) goto oom;
    for (int32_t a = 0; a < rot->n_app; a++) {
        int64_t p = pair_of(in, a, rot->m0[a]);
        if (p < 0) continue;
        slot[p] = lf.n;
        lf.pair[lf.n] = p, lf.enter[lf.n] = -1, lf.leave[lf.n++] = -1;
    }
    for (int32_t r = 0; r < rot->n; r++)
        for (int64_t e = rot->off[r]; e < rot->off[r + 1]; e++) {
            lf.leave[slot[rot->from[e]]] = r;
            slot[rot->to[e]] = lf.n;
            lf.pair[lf.n] = rot->to[e], lf.enter[lf.n] = r, lf.leave[lf.n++] = -1;
        }
    *regret = 0;
    if (lf.n == 0) goto done; /* nobody is placed: nothing to constrain */
    for (int64_t i = 0; i < lf.n; i++) values[i] = regret_of(in, lf.pair[i]);
    qsort(values, (size_t)lf.n, sizeof *values, cmp_i32);
    int64_t nv = 0;
    for (int64_t i = 0; i < lf.n; i++)
        if (i == 0 || values[i] != values[i - 1]) values[nv++] = values[i];
    /* Feasibility only grows with k, and the largest value forbids nothing. */
    int64_t lo = 0, hi = nv - 1;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        closure t;
        int f = regret_closure(in, rot, &lf, values[mid], &t);
        closure_free(&t);
        if (f < 0) goto oom;
        if (f == 0) hi = mid;
        else lo = mid + 1;
    }
    int f = regret_closure(in, rot, &lf, values[lo], cl);
    if (f < 0) goto oom;
    if (f > 0) {
        rc = fail(err, errlen, MU_EINTERNAL, "no closed set avoids the regret %d, though it forbids nothing",
                  values[lo]);
        goto done;
    }
    *regret = values[lo];
    goto done;
oom:
    rc = fail(err, errlen, MU_ENOMEM, "out of memory for the minimum-regret search (%lld pairs)", (long long)cap);
done:
    free(lf.pair), free(lf.enter), free(lf.leave), free(values), free(slot);
    return rc;
}

/* ---- the independent check */

/* Every company within capacity and no blocking pair under the strict
 * orders, recomputed from da.h's keys alone (not from the walk's lists). */
static int check_stable(const mu_da_input *in, const int32_t *app_com, char *err, size_t errlen) {
    int32_t na = in->n_app, nc = in->n_com;
    int32_t *fill = calloc((size_t)nc + 1, sizeof *fill);
    uint64_t *worst = calloc((size_t)nc + 1, sizeof *worst);
    int32_t *worst_a = malloc(((size_t)nc + 1) * sizeof *worst_a);
    int64_t *held = malloc(((size_t)na + 1) * sizeof *held);
    int rc = MU_OK;
    if (!fill || !worst || !worst_a || !held) {
        rc = fail(err, errlen, MU_ENOMEM, "out of memory checking the stable matching");
        goto done;
    }
    for (int32_t c = 0; c < nc; c++) worst_a[c] = -1;
    for (int32_t a = 0; a < na; a++) {
        held[a] = pair_of(in, a, app_com[a]);
        if (app_com[a] >= 0 && held[a] < 0) {
            rc = fail(err, errlen, MU_EINTERNAL, "applicant %d is placed on a pair it does not have", a);
            goto done;
        }
        if (held[a] < 0) continue;
        int32_t c = app_com[a];
        uint64_t k = mu_da_com_key(in, c, a, held[a]);
        fill[c]++;
        if (worst_a[c] < 0 || k > worst[c] || (k == worst[c] && a > worst_a[c])) worst[c] = k, worst_a[c] = a;
    }
    for (int32_t c = 0; c < nc; c++)
        if (fill[c] > in->cap[c]) {
            rc = fail(err, errlen, MU_EINTERNAL, "company %d holds %d applicants, capacity %d", c, fill[c], in->cap[c]);
            goto done;
        }
    for (int32_t a = 0; a < na; a++) {
        uint64_t mine = held[a] >= 0 ? mu_da_app_key(in, a, held[a]) : UINT64_MAX;
        int32_t mine_c = held[a] >= 0 ? app_com[a] : INT32_MAX;
        for (int64_t p = in->app_off[a]; p < in->app_off[a + 1]; p++) {
            if (p == held[a]) continue;
            int32_t c = in->pair_com[p];
            uint64_t k = mu_da_app_key(in, a, p);
            if (k > mine || (k == mine && c > mine_c)) continue; /* a prefers what it holds */
            if (in->cap[c] == 0) continue;
            uint64_t kc = mu_da_com_key(in, c, a, p);
            if (fill[c] < in->cap[c] || kc < worst[c] || (kc == worst[c] && a < worst_a[c])) {
                rc = fail(err, errlen, MU_EINTERNAL, "applicant %d and company %d block the matching", a, c);
                goto done;
            }
        }
    }
done:
    free(fill), free(worst), free(worst_a), free(held);
    return rc;
}

/* ---- the solve */

int mu_stable_solve(const mu_da_input *in, const mu_rotations *given, const int64_t *pair_w,
                    mu_stable_objective objective, int threads, int32_t *app_com, mu_stable_stats *stats, char *err,
                    size_t errlen) {
    MU_REQUIRE(in && pair_w && app_com && err);
    double t0 = mu_now();
    mu_stable_stats st = {0};
    mu_rotations own = {0};
    const mu_rotations *rot = given;
    int rc;
    if (!rot) {
        if ((rc = mu_stable_rotations(in, threads, &own, err, errlen))) return rc;
        rot = &own;
    }
    double t1 = mu_now();
    closure cl = {0};
    int64_t *w = malloc(((size_t)rot->n + 1) * sizeof *w);
    int32_t *levels = NULL;
    if (!w) {
        rc = fail(err, errlen, MU_ENOMEM, "out of memory for %d rotations", rot->n);
        goto done;
    }
    if (objective == MU_STABLE_MIN_REGRET) {
        if ((rc = min_regret(in, rot, &cl, &st.regret, err, errlen))) goto done;
    } else if (closure_init(&cl, rot)) {
        rc = fail(err, errlen, MU_ENOMEM, "out of memory for %d rotations", rot->n);
        goto done;
    }
    if (objective == MU_STABLE_EGALITARIAN && (rc = run_stage(in, rot, pair_w, MEASURE_RANKS, 0, &cl, w, err, errlen)))
        goto done;
    if (objective == MU_STABLE_RANK_MAXIMAL) {
        /* Only the levels some rotation moves an applicant from or to can change. */
        int64_t moves = rot->off[rot->n], nl = 0;
        levels = malloc(((size_t)moves * 2 + 1) * sizeof *levels);
        if (!levels) {
            rc = fail(err, errlen, MU_ENOMEM, "out of memory for %d rotations", rot->n);
            goto done;
        }
        for (int64_t e = 0; e < moves; e++)
            levels[nl++] = in->app_rank[rot->from[e]], levels[nl++] = in->app_rank[rot->to[e]];
        qsort(levels, (size_t)nl, sizeof *levels, cmp_i32);
        for (int64_t i = 0; i < nl; i++)
            if ((i == 0 || levels[i] != levels[i - 1]) &&
                (rc = run_stage(in, rot, pair_w, MEASURE_LEVEL, levels[i], &cl, w, err, errlen)))
                goto done;
    }
    if ((rc = run_stage(in, rot, pair_w, MEASURE_WEIGHT, 0, &cl, w, err, errlen))) goto done;
    /* M0 with the chosen rotations eliminated in the order found: a closed
     * set taken in a linear extension's order exposes each rotation in turn. */
    for (int32_t a = 0; a < in->n_app; a++) app_com[a] = rot->m0[a];
    int64_t predicted = 0, got = 0;
    for (int32_t a = 0; a < in->n_app; a++)
        if (rot->m0[a] >= 0) predicted += pair_w[pair_of(in, a, rot->m0[a])];
    for (int32_t r = 0; r < rot->n; r++) {
        if (cl.state[r] != IN) continue;
        st.eliminated++;
        for (int64_t e = rot->off[r]; e < rot->off[r + 1]; e++) {
            if (app_com[rot->app[e]] != in->pair_com[rot->from[e]]) {
                rc = fail(err, errlen, MU_EINTERNAL, "rotation %d is not exposed when its turn comes", r);
                goto done;
            }
            app_com[rot->app[e]] = in->pair_com[rot->to[e]];
            predicted += pair_w[rot->to[e]] - pair_w[rot->from[e]];
        }
    }
    for (int32_t a = 0; a < in->n_app; a++)
        if (app_com[a] >= 0) got += pair_w[pair_of(in, a, app_com[a])];
    if (got != predicted) {
        rc = fail(err, errlen, MU_EINTERNAL, "the matching weighs %lld, its rotations say %lld", (long long)got,
                  (long long)predicted);
        goto done;
    }
    double t2 = mu_now();
    if ((rc = check_stable(in, app_com, err, errlen))) goto done;
    st.rotations = rot->n;
    st.moves = rot->off[rot->n];
    st.precedences = rot->n_edges;
    st.cuts = cl.cuts;
    st.weight = got;
    st.sec_rotations = t1 - t0;
    st.sec_cut = t2 - t1;
    st.sec_check = mu_now() - t2;
    if (stats) *stats = st;
done:
    free(w), free(levels);
    closure_free(&cl);
    mu_rotations_free(&own);
    return rc;
}
