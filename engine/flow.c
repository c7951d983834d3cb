/* The exact transportation engine (see flow.h).
 *
 * Two methods, both ending in the same exact searches and the same
 * certificate: successive shortest paths (below), for markets where one side
 * is scarce, and an auction whose near-equilibrium those searches repair, for
 * markets where both sides are abundant (after the paths; choice at the end).
 *
 * Paths: successive shortest augmenting paths with node potentials, the
 * primal-dual Hungarian method in the shortest-path form of Jonker and
 * Volgenant ("A shortest augmenting path algorithm for dense and sparse linear
 * assignment problems", Computing 38, 1987) and of Ahuja, Magnanti and Orlin
 * (Network Flows, 1993, section 9.7, successive shortest paths with reduced
 * costs), run from the scarce side and made lazy in three ways:
 *
 *  1. Units are brought in one at a time from the side with fewer of them:
 *     the seats (sum of min(cap, degree)) in the programme's instances, where
 *     about 7 % of the applicants can be placed; the applicants otherwise.
 *     Opening a seat of company j0 adds one unit of supply at j0; Dijkstra's
 *     method (with the potentials below, all reduced costs are >= 0) finds
 *     the cheapest way to absorb it: a free applicant, or a company (possibly
 *     j0) that leaves one of its seats empty. After the augmentation the
 *     solution is optimal for the units brought in so far (AMO Lemma 9.11,
 *     JV), so after the last one it is optimal. A search stops as soon as the
 *     cheapest end is settled: with scarce seats most settle only a handful
 *     of companies. The applicant side is the mirror image: a new applicant
 *     ends at a company with an empty seat, or displaces a chain of members
 *     until one is left out (or it is left out itself).
 *
 *  2. The search runs over companies only. An applicant matched to company k
 *     is entered through one arc and left through its matched arc at reduced
 *     cost 0, so it is folded into k. Applicant prices are implied, never
 *     stored: u_i = w(i, com_i) - v(com_i) for a matched applicant, 0 for a
 *     free one. On the seat side company prices only fall and applicant
 *     prices only rise, as in an auction; on the applicant side the reverse.
 *
 *  3. Seat side: candidate lists are opened lazily. Each company's eligible
 *     applicants (transposed once from the caller's by-applicant arrays) keep
 *     a sorted prefix, best weight first, and a bound: no applicant outside
 *     the prefix weighs more than next_w(k). We keep v(k) >= next_w(k), so
 *     every arc outside the prefix has reduced cost >= v(k) - next_w(k) >= 0
 *     (dual feasible without looking at it), and any path through it costs at
 *     least d(k) + v(k) - next_w(k). That bound enters the heap as a second
 *     node of k; only if it is settled before the search ends is the prefix
 *     doubled (by selection, not a full sort). Within the prefix a scan stops
 *     at the first weight w <= d(k) + v(k) - D (D: the best end found so
 *     far), because u >= 0 makes every later arc at least as long as D, and
 *     starts past the run of the company's own members at the top (kept
 *     until one of them leaves), so a company of capacity c opening its
 *     seats costs O(c), not O(c^2).
 *     Applicant side: no transpose, the caller's arrays are read as they are.
 *     When a full company is settled, its members' arcs are not relaxed at
 *     once: each member enters the heap at d + u_i + alt(i), alt(i) a cached
 *     lower bound on min over its other companies of v(k) - w (valid while
 *     it stays put, since prices only rise on this side), and its arcs are
 *     relaxed only if that node is settled before the search ends.
 *
 * Why paths where seats are scarce: network simplex and cost-scaling
 * push-relabel (Goldberg 1997) work on every arc and every applicant, and
 * 93 % of the applicants are never placed. Shortest paths from the seats touch
 * only the contested part of the graph, are exact in integers, and give the
 * dual certificate for free. Their limit: when seats and applicants are about
 * as many (both sides abundant) and the companies share their preferences,
 * each seat opened displaces a chain down the common ranking and the paths
 * grow long (616 M arcs scanned for 45,000 seats on bench/flow's -c 4).
 *
 * Auction: Bertsekas' auction ("The auction algorithm: a distributed
 * relaxation method for the assignment problem", Annals of OR 14, 1988; with
 * similar objects, Bertsekas and Castanon, "The auction algorithm for the
 * transportation problem", Annals of OR 20, 1989), forward only: applicants
 * bid for seats, each company's seats priced apart (a min-heap; bids go to
 * its cheapest), prices only rising. Weights are scaled by 256 and every bid
 * carries a slack of 1, so an
 * applicant ends within 1/256 of its best choice; with no positive value it
 * stays out (value 0). There is one round, no epsilon-scaling: scaling would
 * release holders between rounds and leave seats empty at positive prices,
 * which asymmetric problems must then undo (a reverse auction; tried, it cost
 * more than it saved). Bids stay cheap because prices only rise: an
 * applicant's values only fall, so it keeps its best 8 pairs and a bound on
 * the rest from its last full scan, and rescans only when the cached best
 * falls below the bound (one bid in 5 to 10 on the bench family). Then the
 * result is settled (auction_settle): prices rounded down to the caller's
 * units, an applicant kept only if exactly at a best choice at them, a
 * company's held seats opened at the cheapest held price. That is the
 * invariant of the searches above with some units not yet brought in: the
 * seats the released applicants held (opened by the seat side) and the
 * released applicants (brought in by the applicant side), usually none or a
 * few hundred. The searches handle partial states as they are:
 * absent applicants are skipped, opened seats counted (see e->absent,
 * e->opened). So the auction needs no exactness of its own: its duals and its
 * certificate are the searches'. Ties make price wars of least steps (every
 * value equal: about 256 * weight bids per seat), so the auction stops once
 * such bids pass twice the applicants (1-2 % of all bids on the bench family,
 * over 95 % in a war), or after 256 bids per applicant, and the searches
 * bring in whoever was still bidding.
 *
 * Choice (plan_for): paths where the fillable seats are under half the
 * applicants with a pair, the auction where they are at least as many (the
 * seats are then the larger side: the paths would come in by the applicants,
 * slow wherever both sides are abundant, and a probe from the seats would
 * open more units than there are applicants); in
 * between paths from the seats run first as a probe, with a budget of twice
 * the pairs in scanned arcs, and give way to the auction if they spend it
 * (the two numbers cannot tell a market with shared preferences, where the
 * paths lose 2 to 30 times, from one without, where they win by about 6;
 * near one seat per applicant without shared preferences neither the counts
 * nor the probe pick well: bench/flow/README.md, "Off the family").
 *
 * Rejected for the balanced markets: cost scaling (Goldberg's push-relabel)
 * and network simplex, measured as LEMON's CostScaling and NetworkSimplex:
 * each several times to tens of times the auction from -c 4 to -c 16 on
 * bench/flow's family (bench/flow/README.md), since they work on every
 * applicant and every arc whatever the state; the auction with
 * epsilon-scaling or a reverse phase (above); a packed per-applicant record
 * (one cache line) and prefetching the next bidders' pairs (15 % slower, and
 * no measurable gain, at 100k and 1M applicants).
 *
 * Duals: u_i >= 0, v_j >= 0, u_i + v_j >= w_ij on every pair, tight on the
 * assigned pairs, u_i = 0 for free applicants, v_j = 0 for companies with an
 * empty seat: complementary slackness, hence sum u + sum cap v = objective.
 * Companies with cap 0 get the least feasible price at the end.
 *
 * Determinism and tie-breaking: the search and the auction are sequential
 * and their input is canonical, so the result depends only on the instance
 * (the probe's budget counts arcs, not time). The auction's applicants first
 * bid in index order, then first in first out; ties between companies go to
 * the first pair (lower company index), a company's cheapest seat is its
 * heap's top. Companies open their
 * seats (all of one company's in a row) in order of their heaviest pair,
 * descending, ties by lower company index; applicants come in by their
 * heaviest pair, descending, ties by lower applicant index (heavy units first
 * makes later displacements rarer). Candidate prefixes are ordered by weight
 * descending, then applicant index ascending. The heap pops the lowest
 * (distance, node) with node = company index, its bound node after all
 * companies. A distance or an end is replaced only by a strictly better one,
 * so among equally short paths the first found wins: leaving a seat empty (or
 * an applicant out), found first, wins over a zero-gain path, and an incumbent
 * keeps its seat against an equal newcomer. OpenMP is used only for the
 * validation, the transpose (per-chunk counts combined in chunk order, so each
 * company's list is in applicant order whatever the thread count), the
 * per-company selection (independent) and the final check (integer sums).
 *
 * Ownership: the caller's instance is read in place and never kept; the
 * outputs are the caller's (unspecified after a failure). Everything the engine
 * allocates (xalloc, its bytes counted in the stats) is freed before it
 * returns, on every path, errors and cancellation included. */
#include "engine/flow.h"

#include <limits.h>
#include <omp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cand {
    int32_t app;
    int32_t w;
} cand; /* one eligible applicant of a company */

typedef struct slot {
    int32_t com; /* -1: free */
    int32_t w;   /* weight of the assigned pair */
} slot;          /* an applicant's current assignment */

#define INF64 INT64_MAX
#define MAX_THREADS 256

/* ---- ordering, sorting and selection of candidates ---------------------- */

/* Best first: higher weight, then lower applicant index. Keys are unique
 * within a company, so this is a strict total order there. */
static inline int better(cand a, cand b) { return a.w > b.w || (a.w == b.w && a.app < b.app); }

static inline void swap_cand(cand *a, cand *b) {
    cand t = *a;
    *a = *b;
    *b = t;
}

static void insertion_sort(cand *a, int64_t n) {
    for (int64_t i = 1; i < n; i++) {
        cand x = a[i];
        int64_t j = i;
        while (j > 0 && better(x, a[j - 1])) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
}

/* Heap whose root is the worst element; popping to the back sorts best first. */
static void sift_worst(cand *a, int64_t n, int64_t i) {
    for (;;) {
        int64_t c = 2 * i + 1;
        if (c >= n) return;
        if (c + 1 < n && better(a[c], a[c + 1])) c++;
        if (!better(a[i], a[c])) return;
        swap_cand(&a[i], &a[c]);
        i = c;
    }
}

static void heap_sort(cand *a, int64_t n) {
    for (int64_t i = n / 2 - 1; i >= 0; i--) sift_worst(a, n, i);
    for (int64_t e = n - 1; e > 0; e--) {
        swap_cand(&a[0], &a[e]);
        sift_worst(a, e, 0);
    }
}

/* Lomuto partition around the median of three; returns the pivot's final
 * place p: a[0..p) better than a[p], a(p..n) worse. */
static int64_t partition(cand *a, int64_t n) {
    int64_t mid = n / 2, last = n - 1;
    if (better(a[mid], a[0])) swap_cand(&a[mid], &a[0]);
    if (better(a[last], a[0])) swap_cand(&a[last], &a[0]);
    if (better(a[last], a[mid])) swap_cand(&a[last], &a[mid]);
    /* now a[0] best, a[mid] median, a[last] worst: use the median as pivot */
    swap_cand(&a[mid], &a[last]);
    cand piv = a[last];
    int64_t s = 0;
    for (int64_t i = 0; i < last; i++)
        if (better(a[i], piv)) swap_cand(&a[i], &a[s++]);
    swap_cand(&a[s], &a[last]);
    return s;
}

static int log2_floor(int64_t n) {
    int r = 0;
    while (n > 1) {
        n >>= 1;
        r++;
    }
    return r;
}

static void sort_best(cand *a, int64_t n) {
    int depth = 2 * log2_floor(n) + 4;
    while (n > 24) {
        if (depth-- == 0) {
            heap_sort(a, n);
            return;
        }
        int64_t p = partition(a, n);
        /* recurse into the smaller side, loop on the larger */
        if (p < n - p - 1) {
            sort_best(a, p);
            a += p + 1;
            n -= p + 1;
        } else {
            sort_best(a + p + 1, n - p - 1);
            n = p;
        }
    }
    insertion_sort(a, n);
}

typedef struct pcand {
    cand c;
    int64_t pos;
} pcand;

/* Min-heap on "better": the root is the worst of the kept. */
static void sift_kept(pcand *h, int64_t n, int64_t i) {
    for (;;) {
        int64_t c = 2 * i + 1;
        if (c >= n) return;
        if (c + 1 < n && better(h[c].c, h[c + 1].c)) c++;
        if (!better(h[i].c, h[c].c)) return;
        pcand x = h[i];
        h[i] = h[c];
        h[c] = x;
        i = c;
    }
}

static int cmp_pos(const void *x, const void *y) {
    const int64_t a = ((const pcand *)x)->pos, b = ((const pcand *)y)->pos;
    return (a > b) - (a < b);
}

/* select_best for k much smaller than n: one pass keeping the k best in a
 * heap (most candidates are turned away by one comparison), then the kept are
 * swapped to the front. h has room for k. */
static void select_few(cand *a, int64_t n, int64_t k, pcand *h) {
    for (int64_t p = 0; p < k; p++) h[p] = (pcand){a[p], p};
    for (int64_t i = k / 2 - 1; i >= 0; i--) sift_kept(h, k, i);
    for (int64_t p = k; p < n; p++)
        if (better(a[p], h[0].c)) {
            h[0] = (pcand){a[p], p};
            sift_kept(h, k, 0);
        }
    qsort(h, (size_t)k, sizeof *h, cmp_pos);
    int64_t r = 0; /* kept already in front: h[0..r) */
    while (r < k && h[r].pos < k) r++;
    int64_t q = 0, s = 0, far = r;
    for (; far < k; far++) { /* move each far kept into a front slot that holds a non-kept one */
        while (s < r && h[s].pos == q) {
            s++;
            q++;
        }
        swap_cand(&a[q], &a[h[far].pos]);
        q++;
    }
    sort_best(a, k);
}

#define SELECT_FEW_MAX 64

/* Rearranges a[0..n) so that a[0..k) holds the k best, sorted best first. */
static void select_best(cand *a, int64_t n, int64_t k) {
    if (k <= 0) return;
    if (k >= n) {
        sort_best(a, n);
        return;
    }
    if (k <= SELECT_FEW_MAX && k * 8 <= n) {
        pcand h[SELECT_FEW_MAX];
        select_few(a, n, k, h);
        return;
    }
    int64_t lo = 0, hi = n; /* [0,lo) better than [lo,n); [0,hi) better than [hi,n) */
    int depth = 2 * log2_floor(n) + 4;
    while (lo < k && k < hi && hi - lo > 24) {
        if (depth-- == 0) {
            heap_sort(a + lo, hi - lo);
            lo = hi;
            break;
        }
        int64_t p = lo + partition(a + lo, hi - lo);
        if (p < k) lo = p + 1;
        else hi = p;
    }
    if (lo < k && k < hi) insertion_sort(a + lo, hi - lo);
    sort_best(a, k);
}

/* ---- the engine state ---------------------------------------------------- */

typedef struct eng {
    int32_t n, m;
    const mu_transport *t;
    int64_t *deg; /* [m] eligible applicants per company */
    int64_t *v;   /* [m] company prices (the caller's array) */
    slot *as;     /* [n] */
    /* seat side: the by-company lists */
    int64_t *coff;  /* [m+1]: company k's candidates are cl[coff[k] .. coff[k+1]) */
    cand *cl;       /* [pairs] */
    int32_t *lead;  /* [m]: cl[coff[k] .. +lead[k]) are all members of k (skipped by a scan); reset when
                       a member leaves k, extended when k is scanned */
    int32_t *front; /* [m]: cl[coff[k] .. +front[k]) sorted best first; if shorter than the list,
                       cl[coff[k] + front[k]] is the best of the rest (its weight is next_w(k)) */
    /* applicant side: each company's members */
    int64_t *moff; /* [m+1]: room for min(cap, deg) members */
    int32_t *mem;  /* members of k: mem[moff[k] .. moff[k] + fill[k]) */
    int32_t *fill; /* [m] */
    int32_t *mpos; /* [n] an assigned applicant's place in its company's members */
    int64_t *alt;  /* [n] a lower bound on min over the member's other companies of v(k) - w; valid
                      while it stays in its company, since prices only rise on this side */
    /* the repairs after an auction (NULL for plain successive shortest paths) */
    uint8_t *absent; /* [n] nonzero: not yet brought in (left out of the auction's result) */
    int32_t *opened; /* [m] seats each company has brought in already */
    int64_t budget;  /* seat side: > 0, give up once the searches have scanned more arcs (auto's probe) */
    int gave_up;
    /* search scratch, reset after each search through the touched list */
    int64_t *dist;    /* [m] */
    int32_t *via;     /* [m] seat side: the applicant through which k was reached (it leaves k);
                         applicant side: the applicant that enters k */
    int32_t *viafrom; /* [m] seat side: the company it moves to; applicant side: the one it leaves (-1: new) */
    int32_t *viaw;    /* [m] the weight of the pair it takes */
    int32_t *touched, ntouched;
    int32_t *settled, nsettled;
    /* indexed 4-ary heap: k < m company k; m + k the bound of k's unopened candidates (seat side),
       m + i the arcs of member i of a settled company (applicant side) */
    int32_t *hid, *hpos, hn;
    int64_t *hkey;
    mu_flow_stats st;
} eng;

typedef struct search {
    int64_t D;        /* cost of the best end found */
    int32_t term_app; /* the applicant at the end (see each side), or -1 */
    int32_t term_com; /* the company at the end, or -1 */
    int32_t term_w;
} search;

/* ---- errors and allocation ----------------------------------------------- */

static void say(char *err, size_t errlen, const char *fmt, ...) {
    if (!err || errlen == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* malloc that counts the engine's bytes (never frees: the count is the peak) */
static void *xalloc(eng *e, size_t count, size_t size) {
    if (count == 0) count = 1;
    if (count > SIZE_MAX / size) return NULL;
    void *p = malloc(count * size);
    if (p) e->st.bytes += (int64_t)(count * size);
    return p;
}

/* ---- heap ---------------------------------------------------------------- */

static inline int hless(const eng *e, int32_t a, int32_t b) {
    return e->hkey[a] < e->hkey[b] || (e->hkey[a] == e->hkey[b] && a < b);
}

static void heap_up(eng *e, int32_t pos) {
    int32_t x = e->hid[pos];
    while (pos > 0) {
        int32_t par = (pos - 1) >> 2;
        int32_t y = e->hid[par];
        if (!hless(e, x, y)) break;
        e->hid[pos] = y;
        e->hpos[y] = pos;
        pos = par;
    }
    e->hid[pos] = x;
    e->hpos[x] = pos;
}

static void heap_down(eng *e, int32_t pos) {
    int32_t x = e->hid[pos];
    for (;;) {
        int32_t c = 4 * pos + 1;
        if (c >= e->hn) break;
        int32_t best = c, end = c + 4 < e->hn ? c + 4 : e->hn;
        for (int32_t q = c + 1; q < end; q++)
            if (hless(e, e->hid[q], e->hid[best])) best = q;
        int32_t y = e->hid[best];
        if (!hless(e, y, x)) break;
        e->hid[pos] = y;
        e->hpos[y] = pos;
        pos = best;
    }
    e->hid[pos] = x;
    e->hpos[x] = pos;
}

/* Inserts node x with key, or lowers its key. */
static void heap_set(eng *e, int32_t x, int64_t key) {
    if (e->hpos[x] < 0) {
        e->hkey[x] = key;
        e->hid[e->hn] = x;
        e->hpos[x] = e->hn;
        e->hn++;
        heap_up(e, e->hpos[x]);
    } else if (key < e->hkey[x]) {
        e->hkey[x] = key;
        heap_up(e, e->hpos[x]);
    }
}

static int32_t heap_pop(eng *e) {
    int32_t x = e->hid[0];
    e->hpos[x] = -1;
    e->hn--;
    if (e->hn > 0) {
        e->hid[0] = e->hid[e->hn];
        e->hpos[e->hid[0]] = 0;
        heap_down(e, 0);
    }
    return x;
}

/* Company k reached at distance nd through applicant i (pair weight w), coming from kf. */
static inline void reach(eng *e, int32_t k, int64_t nd, int32_t i, int32_t kf, int32_t w) {
    if (e->dist[k] == INF64) e->touched[e->ntouched++] = k;
    e->dist[k] = nd;
    e->via[k] = i;
    e->viafrom[k] = kf;
    e->viaw[k] = w;
    heap_set(e, k, nd);
}

/* Settled companies' prices move by D - d: down on the seat side (sign -1), up on the applicant side. */
static void end_search(eng *e, int64_t D, int sign) {
    for (int32_t q = 0; q < e->nsettled; q++) {
        const int32_t k = e->settled[q];
        if (D > e->dist[k]) e->v[k] += sign * (D - e->dist[k]);
    }
    for (int32_t q = 0; q < e->ntouched; q++) e->dist[e->touched[q]] = INF64;
    for (int32_t q = 0; q < e->hn; q++) e->hpos[e->hid[q]] = -1;
    e->hn = 0;
    e->ntouched = 0;
    e->nsettled = 0;
}

/* Price of applicant i implied by its assignment. */
static inline int64_t uprice(const eng *e, slot a) { return a.com < 0 ? 0 : (int64_t)a.w - e->v[a.com]; }

/* ---- the order in which units are brought in ------------------------------ */

typedef struct keyed {
    int64_t key;
    int32_t idx;
} keyed;

static int cmp_keyed(const void *x, const void *y) {
    const keyed *a = x, *b = y;
    if (a->key != b->key) return a->key > b->key ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

/* Writes into ord the indices of tmp by key descending, then index ascending. */
static void order_by_key(keyed *tmp, int32_t count, int32_t *ord) {
    qsort(tmp, (size_t)count, sizeof *tmp, cmp_keyed);
    for (int32_t q = 0; q < count; q++) ord[q] = tmp[q].idx;
}

/* ---- the seat side ------------------------------------------------------- */

static inline int32_t degree(const eng *e, int32_t k) { return (int32_t)e->deg[k]; }

static void select_front(eng *e, int32_t j);

/* After an auction few companies are ever searched: their prefixes are selected on first use. */
static inline void need_front(eng *e, int32_t k) {
    if (e->front[k] < 0) select_front(e, k);
}

/* Relaxes the arcs of settled company k (distance dk) at prefix positions
 * [from, to), then, if the prefix was scanned to its end, queues the bound of
 * the unopened rest. */
static void scan(eng *e, search *s, int32_t k, int64_t dk, int32_t from, int32_t to) {
    const cand *c = e->cl + e->coff[k];
    if (from == 0) { /* skip the run of k's own members at the top (a big company's filled seats) */
        int32_t l = e->lead[k];
        while (l < to && e->as[c[l].app].com == k) l++;
        e->lead[k] = l;
        from = l;
    }
    const int64_t base = dk + e->v[k];
    int64_t lim = base - s->D; /* an arc of weight <= lim cannot end below D */
    int32_t p;
    for (p = from; p < to; p++) {
        const int32_t w = c[p].w;
        if (w <= lim) break;
        const int32_t i = c[p].app;
        const slot a = e->as[i];
        if (a.com == k) continue;
        if (a.com < 0) {
            if (e->absent && e->absent[i]) continue; /* not brought in yet */
            const int64_t nd = base - w;
            if (nd < s->D) {
                s->D = nd;
                s->term_app = i;
                s->term_com = k;
                s->term_w = w;
                lim = base - nd;
            }
        } else {
            const int32_t k2 = a.com;
            const int64_t nd = base + ((int64_t)a.w - e->v[k2]) - w;
            if (nd < s->D && nd < e->dist[k2]) reach(e, k2, nd, i, k, w);
        }
    }
    e->st.arcs += p - from;
    if (p == to && to == e->front[k] && to < degree(e, k)) {
        /* reduced costs are >= 0, so no path through k is shorter than dk even where v(k) < next_w(k)
           (a company the auction opened) */
        const int64_t bound = base - c[to].w, key = bound > dk ? bound : dk;
        if (key < s->D) heap_set(e, e->m + k, key);
    }
}

/* Doubles the sorted prefix of company k; returns the old prefix length. */
static int32_t expand(eng *e, int32_t k) {
    cand *c = e->cl + e->coff[k];
    const int32_t f = e->front[k], deg = degree(e, k);
    const int32_t rest = deg - f - 1; /* after the head c[f] */
    int32_t b = f > 8 ? f : 8;
    if (b >= rest) {
        sort_best(c + f + 1, rest);
        e->front[k] = deg;
    } else {
        select_best(c + f + 1, rest, b);
        e->front[k] = f + b;
    }
    e->st.expansions++;
    return f;
}

/* Opens one more seat at company j0 and re-optimises. The path ends at a free
 * applicant term_app entered from term_com, or (term_app < 0) by leaving a
 * seat of term_com empty; its applicants move one company back towards j0. */
static void open_seat(eng *e, int32_t j0) {
    search s = {e->v[j0], -1, j0, 0};
    e->st.searches++;
    e->dist[j0] = 0;
    e->touched[e->ntouched++] = j0;
    e->settled[e->nsettled++] = j0;
    need_front(e, j0);
    scan(e, &s, j0, 0, 0, e->front[j0]);
    while (e->hn > 0) {
        const int32_t x = e->hid[0];
        const int64_t key = e->hkey[x];
        if (key >= s.D) break;
        heap_pop(e);
        if (x < e->m) {
            e->st.pops++;
            e->settled[e->nsettled++] = x;
            if (key + e->v[x] < s.D) {
                s.D = key + e->v[x];
                s.term_app = -1;
                s.term_com = x;
            }
            need_front(e, x);
            scan(e, &s, x, key, 0, e->front[x]);
        } else {
            const int32_t k = x - e->m;
            const int32_t f = expand(e, k);
            scan(e, &s, k, e->dist[k], f, e->front[k]);
        }
    }
    /* augment back to j0 */
    int32_t k = s.term_com;
    if (s.term_app >= 0) e->as[s.term_app] = (slot){k, s.term_w};
    while (k != j0) {
        const int32_t i = e->via[k], k2 = e->viafrom[k];
        e->as[i] = (slot){k2, e->viaw[k]};
        e->lead[k] = 0; /* i left k: its run of members may be broken */
        k = k2;
    }
    /* prices fall by D - d: never below 0 (the empty-seat end) nor below next_w (the bound node) */
    end_search(e, s.D, -1);
}

/* The least feasible price of company j over its sorted prefix. */
static int64_t least_price(const eng *e, int32_t j) {
    const cand *c = e->cl + e->coff[j];
    int64_t best = 0;
    for (int32_t p = 0; p < e->front[j]; p++) {
        if (c[p].w <= best) break; /* nothing later is better */
        if (e->absent && e->absent[c[p].app]) continue;
        const int64_t val = (int64_t)c[p].w - uprice(e, e->as[c[p].app]);
        if (val > best) best = val;
    }
    return best;
}

/* Seats brought in by the end: min(cap, degree + 1) (the extra one keeps v = 0 where the
 * capacity cannot be used up). */
static int64_t seats_of(const eng *e, int32_t j) { return e->t->cap[j] < e->deg[j] + 1 ? e->t->cap[j] : e->deg[j] + 1; }

/* Opens every seat, company by company (heaviest pair first), past those
 * already opened (after an auction). */
static int solve_seats(eng *e, const mu_flow_options *opt, char *err, size_t errlen) {
    int64_t total = 0, done = 0, next_report = 1024;
    for (int32_t j = 0; j < e->m; j++) total += seats_of(e, j) - (e->opened ? e->opened[j] : 0);
    keyed *tmp = malloc(((size_t)e->m + 1) * sizeof *tmp);
    int32_t *ord = malloc(((size_t)e->m + 1) * sizeof *ord);
    if (!tmp || !ord) {
        free(tmp);
        free(ord);
        say(err, errlen, "flow: out of memory ordering the companies");
        return MU_ENOMEM;
    }
    for (int32_t j = 0; j < e->m; j++) {
        const int todo = seats_of(e, j) > (e->opened ? e->opened[j] : 0);
        if (todo) need_front(e, j);
        tmp[j] = (keyed){todo && e->front[j] > 0 ? e->cl[e->coff[j]].w : -1, j};
    }
    order_by_key(tmp, e->m, ord);
    free(tmp);
    for (int32_t q = 0; q < e->m; q++) {
        const int32_t j = ord[q];
        const int32_t deg = degree(e, j);
        const int64_t already = e->opened ? e->opened[j] : 0, seats = seats_of(e, j) - already;
        if (seats <= 0) continue;
        need_front(e, j);
        if (already == 0) { /* opening price: the least feasible one, and at least next_w */
            int64_t price = least_price(e, j);
            if (e->front[j] < deg && e->cl[e->coff[j] + e->front[j]].w > price)
                price = e->cl[e->coff[j] + e->front[j]].w;
            e->v[j] = price;
        }
        for (int64_t s = 0; s < seats && e->v[j] > 0; s++) { /* at price 0 every further seat stays empty */
            open_seat(e, j);
            if (e->budget > 0 && e->st.arcs > e->budget) {
                e->gave_up = 1;
                free(ord);
                return MU_OK;
            }
        }
        e->st.seats += seats;
        done += seats;
        if (opt->progress && done >= next_report) {
            next_report = done + 1024;
            if (opt->progress(opt->progress_ctx, done, total)) {
                say(err, errlen, "flow: cancelled after %lld of %lld seats", (long long)done, (long long)total);
                free(ord);
                return MU_EINTERRUPTED;
            }
        }
    }
    free(ord);
    return MU_OK;
}

/* ---- the applicant side --------------------------------------------------- */

static void member_add(eng *e, int32_t k, int32_t i, int32_t w) {
    e->alt[i] = -MU_FLOW_MAX_WEIGHT; /* its other companies changed: the weakest bound */
    e->mpos[i] = e->fill[k];
    e->mem[e->moff[k] + e->fill[k]++] = i;
    e->as[i] = (slot){k, w};
}

static void member_remove(eng *e, int32_t k, int32_t i) {
    const int32_t last = e->mem[e->moff[k] + --e->fill[k]];
    e->mem[e->moff[k] + e->mpos[i]] = last;
    e->mpos[last] = e->mpos[i];
    e->as[i] = (slot){-1, 0};
}

/* Relaxes the pairs of applicant i (distance + price = base) except to its own company kf;
 * returns min over them of v(k) - w (NO_ALT if none). */
#define NO_ALT ((int64_t)1 << 60)
static int64_t relax_app(eng *e, search *s, int32_t i, int64_t base, int32_t kf) {
    const mu_transport *t = e->t;
    int64_t best = NO_ALT;
    for (int64_t p = t->app_off[i]; p < t->app_off[i + 1]; p++) {
        const int32_t k = t->pair_com[p];
        if (k == kf || t->cap[k] == 0) continue;
        const int32_t w = (int32_t)t->pair_w[p];
        const int64_t rc = e->v[k] - w;
        if (rc < best) best = rc;
        const int64_t nd = base + rc;
        if (nd < s->D && nd < e->dist[k]) reach(e, k, nd, i, kf, w);
    }
    e->st.arcs += t->app_off[i + 1] - t->app_off[i];
    return best;
}

/* Brings applicant i0 in and re-optimises. The path ends at a company
 * term_com with an empty seat (term_app < 0), or by member term_app leaving
 * term_com, or (term_com < 0) with i0 left out; its applicants move one
 * company forward, away from i0. */
static void open_applicant(eng *e, int32_t i0) {
    const mu_transport *t = e->t;
    int64_t u0 = 0; /* the least feasible price of i0 */
    for (int64_t p = t->app_off[i0]; p < t->app_off[i0 + 1]; p++) {
        const int32_t k = t->pair_com[p];
        if (t->cap[k] > 0 && t->pair_w[p] - e->v[k] > u0) u0 = t->pair_w[p] - e->v[k];
    }
    if (u0 == 0) return; /* no path is shorter than leaving i0 out */
    search s = {u0, i0, -1, 0};
    e->st.searches++;
    relax_app(e, &s, i0, u0, -1);
    while (e->hn > 0) {
        const int32_t k = e->hid[0];
        const int64_t key = e->hkey[k];
        if (key >= s.D) break;
        heap_pop(e);
        if (k >= e->m) { /* a member's arcs, due no earlier than their bound: relax them now */
            const int32_t i = k - e->m, kf = e->as[i].com;
            e->alt[i] = relax_app(e, &s, i, e->dist[kf] + (int64_t)e->as[i].w - e->v[kf], kf);
            continue;
        }
        e->st.pops++;
        e->settled[e->nsettled++] = k;
        if (e->fill[k] < e->t->cap[k]) {
            if (key + e->v[k] < s.D) {
                s.D = key + e->v[k];
                s.term_app = -1;
                s.term_com = k;
            }
            continue;
        }
        for (int64_t q = e->moff[k]; q < e->moff[k] + e->fill[k]; q++) {
            const int32_t i = e->mem[q];
            const int64_t ui = (int64_t)e->as[i].w - e->v[k];
            if (key + ui < s.D) {
                s.D = key + ui;
                s.term_app = i;
                s.term_com = k;
            }
            /* its arcs cost at least key + ui + alt(i): queue them, most never fall due */
            const int64_t due = key + ui + e->alt[i];
            if (due < s.D) heap_set(e, e->m + i, due);
        }
    }
    int32_t k = s.term_com;
    if (k >= 0) {
        if (s.term_app >= 0) member_remove(e, k, s.term_app);
        for (;;) {
            const int32_t i = e->via[k], kf = e->viafrom[k];
            if (kf >= 0) member_remove(e, kf, i);
            member_add(e, k, i, e->viaw[k]);
            if (kf < 0) break;
            k = kf;
        }
    }
    end_search(e, s.D, +1);
}

/* Brings the applicants in (after an auction, those still absent), heaviest pair first. */
static int solve_applicants(eng *e, const mu_flow_options *opt, char *err, size_t errlen) {
    const mu_transport *t = e->t;
    keyed *tmp = malloc(((size_t)e->n + 1) * sizeof *tmp);
    int32_t *ord = malloc(((size_t)e->n + 1) * sizeof *ord);
    if (!tmp || !ord) {
        free(tmp);
        free(ord);
        say(err, errlen, "flow: out of memory ordering the applicants");
        return MU_ENOMEM;
    }
    int32_t count = 0;
    for (int32_t i = 0; i < e->n; i++) {
        if (e->absent && !e->absent[i]) continue;
        int64_t best = -1;
        for (int64_t p = t->app_off[i]; p < t->app_off[i + 1]; p++)
            if (t->pair_w[p] > best) best = t->pair_w[p];
        tmp[count++] = (keyed){best, i};
    }
    order_by_key(tmp, count, ord);
    free(tmp);
    int64_t next_report = 1024;
    for (int32_t q = 0; q < count; q++) {
        if (e->absent) e->absent[ord[q]] = 0;
        open_applicant(e, ord[q]);
        if (opt->progress && q + 1 >= next_report) {
            next_report = q + 1 + 1024;
            if (opt->progress(opt->progress_ctx, q + 1, count)) {
                say(err, errlen, "flow: cancelled after %d of %d applicants", q + 1, count);
                free(ord);
                return MU_EINTERRUPTED;
            }
        }
    }
    free(ord);
    e->st.seats += count;
    return MU_OK;
}

/* ---- build: validate, count, transpose, select ---------------------------- */

/* Splits the applicants into nch chunks of about equal pair counts. */
static void chunk_bounds(const mu_transport *t, int nch, int32_t *lo) {
    const int64_t P = t->app_off[t->n_app];
    lo[0] = 0;
    for (int c = 1; c < nch; c++) {
        const int64_t target = P / nch * c;
        int32_t a = lo[c - 1], b = t->n_app;
        while (a < b) { /* first applicant whose pairs start at or after target */
            const int32_t mid = a + (b - a) / 2;
            if (t->app_off[mid] < target) a = mid + 1;
            else b = mid;
        }
        lo[c] = a;
    }
    lo[nch] = t->n_app;
}

/* Sorted prefix length to open with: enough for the company's own seats and a
 * margin for the competition (tuned on the bench family; any value is exact). */
static int32_t initial_front(int32_t cap, int32_t deg) {
    int64_t k = 2 * (int64_t)cap + 8;
    return k < deg ? (int32_t)k : deg;
}

/* Validates every pair and counts, per chunk of applicants, each company's
 * pairs into cnt[chunk * m + company]; fills e->deg and *with_pairs. */
static int count_pairs(eng *e, int nch, const int32_t *lo, int64_t *cnt, int64_t *with_pairs, char *err,
                       size_t errlen) {
    const mu_transport *t = e->t;
    const int32_t m = t->n_com;
    const int64_t P = t->app_off[t->n_app];
    int64_t bad[MAX_THREADS], busy[MAX_THREADS];
    memset(cnt, 0, (size_t)nch * (size_t)m * sizeof *cnt);
#pragma omp parallel for num_threads(nch) schedule(static, 1)
    for (int c = 0; c < nch; c++) {
        int64_t *cc = cnt + (size_t)c * (size_t)m;
        int64_t first_bad = P, nonempty = 0;
        for (int32_t i = lo[c]; i < lo[c + 1] && first_bad == P; i++) {
            int32_t prev = -1;
            nonempty += t->app_off[i + 1] > t->app_off[i];
            for (int64_t p = t->app_off[i]; p < t->app_off[i + 1]; p++) {
                const int32_t j = t->pair_com[p];
                const int64_t w = t->pair_w[p];
                if (j <= prev || j >= m || w < 0 || w > MU_FLOW_MAX_WEIGHT) {
                    first_bad = p;
                    break;
                }
                prev = j;
                cc[j]++;
            }
        }
        bad[c] = first_bad;
        busy[c] = nonempty;
    }
    *with_pairs = 0;
    for (int c = 0; c < nch; c++) {
        *with_pairs += busy[c];
        if (bad[c] < P) {
            const int64_t p = bad[c];
            int32_t a = lo[c];
            while (t->app_off[a + 1] <= p) a++;
            if (t->pair_com[p] < 0 || t->pair_com[p] >= m)
                say(err, errlen, "flow: applicant %d, pair %lld: company %d out of range 0..%d", a, (long long)p,
                    t->pair_com[p], m - 1);
            else if (t->pair_w[p] < 0 || t->pair_w[p] > MU_FLOW_MAX_WEIGHT)
                say(err, errlen, "flow: applicant %d, pair %lld: weight %lld outside 0..%d", a, (long long)p,
                    (long long)t->pair_w[p], MU_FLOW_MAX_WEIGHT);
            else say(err, errlen, "flow: applicant %d, pair %lld: companies not strictly increasing", a, (long long)p);
            return MU_EINPUT;
        }
    }
    for (int32_t j = 0; j < m; j++) {
        int64_t d = 0;
        for (int c = 0; c < nch; c++) d += cnt[(size_t)c * (size_t)m + (size_t)j];
        e->deg[j] = d;
    }
    return MU_OK;
}

/* The by-company lists, transposed in (company, chunk) order, so each
 * company's list comes out in applicant order whatever the chunking. Uses up
 * cnt (count_pairs's counts). */
static int transpose(eng *e, int nch, const int32_t *lo, int64_t *cnt, char *err, size_t errlen) {
    const mu_transport *t = e->t;
    const int32_t m = t->n_com;
    const int64_t P = t->app_off[t->n_app];
    e->coff = xalloc(e, (size_t)m + 1, sizeof *e->coff);
    e->cl = xalloc(e, (size_t)P, sizeof *e->cl);
    e->front = xalloc(e, (size_t)m, sizeof *e->front);
    e->lead = xalloc(e, (size_t)m, sizeof *e->lead);
    if (!e->coff || !e->cl || !e->front || !e->lead) {
        say(err, errlen, "flow: out of memory building the by-company lists (%lld pairs)", (long long)P);
        return MU_ENOMEM;
    }
    int64_t run = 0;
    for (int32_t j = 0; j < m; j++) {
        e->coff[j] = run;
        for (int c = 0; c < nch; c++) {
            const int64_t x = cnt[(size_t)c * (size_t)m + (size_t)j];
            cnt[(size_t)c * (size_t)m + (size_t)j] = run;
            run += x;
        }
    }
    e->coff[m] = run;
#pragma omp parallel for num_threads(nch) schedule(static, 1)
    for (int c = 0; c < nch; c++) {
        int64_t *pos = cnt + (size_t)c * (size_t)m;
        for (int32_t i = lo[c]; i < lo[c + 1]; i++)
            for (int64_t p = t->app_off[i]; p < t->app_off[i + 1]; p++) {
                cand x = {i, (int32_t)t->pair_w[p]};
                e->cl[pos[t->pair_com[p]]++] = x;
            }
    }
    return MU_OK;
}

/* The sorted prefix of company j's list, plus the best of the rest at its end. */
static void select_front(eng *e, int32_t j) {
    const int32_t deg = (int32_t)e->deg[j];
    e->lead[j] = 0;
    if (e->t->cap[j] == 0) {
        e->front[j] = 0; /* never searched; priced at the end */
        return;
    }
    const int32_t f = initial_front(e->t->cap[j], deg);
    select_best(e->cl + e->coff[j], deg, f < deg ? f + 1 : deg);
    e->front[j] = f;
}

static void select_fronts(eng *e, int nch) {
#pragma omp parallel for num_threads(nch) schedule(dynamic, 64)
    for (int32_t j = 0; j < e->m; j++) select_front(e, j);
}

static int build_lists(eng *e, int nch, const int32_t *lo, int64_t *cnt, char *err, size_t errlen) {
    const int rc = transpose(e, nch, lo, cnt, err, errlen);
    if (rc == MU_OK) select_fronts(e, nch);
    return rc;
}

static int build_members(eng *e, char *err, size_t errlen) {
    const int32_t m = e->m;
    e->moff = xalloc(e, (size_t)m + 1, sizeof *e->moff);
    e->fill = xalloc(e, (size_t)m, sizeof *e->fill);
    e->mpos = xalloc(e, (size_t)e->n, sizeof *e->mpos);
    e->alt = xalloc(e, (size_t)e->n, sizeof *e->alt);
    if (!e->moff || !e->fill || !e->mpos || !e->alt) goto oom;
    int64_t run = 0;
    for (int32_t j = 0; j < m; j++) {
        e->moff[j] = run;
        e->fill[j] = 0;
        run += e->t->cap[j] < e->deg[j] ? e->t->cap[j] : e->deg[j];
    }
    e->moff[m] = run;
    e->mem = xalloc(e, (size_t)run, sizeof *e->mem);
    if (!e->mem) goto oom;
    return MU_OK;
oom:
    say(err, errlen, "flow: out of memory building the member lists");
    return MU_ENOMEM;
}

/* ---- the auction: a near-equilibrium for balanced markets ------------------ */

/* Inside the auction weights are multiplied by a scale (opt->auction_scale,
 * default AUC_SCALE) and every bid carries a slack of 1, so each applicant
 * ends within 1/scale of its best choice in the caller's units;
 * auction_settle rounds the prices down and leaves the few applicants that
 * rounding leaves short to the searches (tuned on bench/flow: 256 leaves
 * almost none, 1 leaves thousands). */
#define AUC_SCALE 256
#define AUC_TOP 8        /* companies an applicant keeps from a full scan of its pairs */
#define AUC_REPORT 16384 /* bids between calls of the progress hook */

typedef struct seat {
    int64_t price;  /* scaled */
    int32_t holder; /* -1: vacant (its holder was released by auction_settle) */
} seat;

typedef struct pick {
    int32_t com;
    int32_t w;
} pick; /* one of an applicant's pairs */

typedef struct auc {
    int64_t scale;
    int64_t *price; /* [m] the price of the company's cheapest seat (0 while one was never taken) */
    int64_t *soff;  /* [m+1]: company k's seats are seats[soff[k] .. soff[k+1]), min(cap, degree + 1) */
    seat *seats;    /* the taken ones, a min-heap on price: seats[soff[k] .. + taken[k]) */
    int32_t *taken; /* [m] */
    int64_t *pay;   /* [n] the price of an assigned applicant's seat (its company: e->as) */
    pick *top;      /* [n * AUC_TOP] an applicant's best pairs at its last full scan, best first */
    uint8_t *ntop;  /* [n] 0: not scanned yet */
    int64_t *bound; /* [n] no pair outside top had a higher value then (values only fall: prices only rise) */
    int32_t *queue; /* [n + 1] ring of applicants to bid */
    int32_t qhead, qlen;
    int64_t placed; /* applicants holding a seat */
    int64_t least;  /* bids that raised a price by the slack alone */
} auc;

static inline void auc_push(auc *a, int32_t i, int32_t n) {
    int32_t at = a->qhead + a->qlen;
    if (at > n) at -= n + 1;
    a->queue[at] = i;
    a->qlen++;
}

static inline int32_t auc_pop(auc *a, int32_t n) {
    const int32_t i = a->queue[a->qhead];
    a->qhead = a->qhead == n ? 0 : a->qhead + 1;
    a->qlen--;
    return i;
}

static inline int64_t auc_seats(const auc *a, int32_t k) { return a->soff[k + 1] - a->soff[k]; }

static void seat_up(seat *h, int32_t i) {
    const seat x = h[i];
    while (i > 0) {
        const int32_t par = (i - 1) / 2;
        if (h[par].price <= x.price) break;
        h[i] = h[par];
        i = par;
    }
    h[i] = x;
}

static void seat_down(seat *h, int32_t n, int32_t i) {
    const seat x = h[i];
    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && h[c + 1].price < h[c].price) c++;
        if (h[c].price >= x.price) break;
        h[i] = h[c];
        i = c;
    }
    h[i] = x;
}

/* Value w - price of pair (k, w), scaled; keeps the best two (ties to the first seen). */
static inline void consider(int64_t val, int32_t k, int64_t w, int64_t *best, int64_t *second, int32_t *kb,
                            int64_t *wb) {
    if (val > *best) {
        if (*best > *second) *second = *best;
        *best = val;
        *kb = k;
        *wb = w;
    } else if (val > *second) {
        *second = val;
    }
}

/* The best and second best value over applicant i's pairs (the second at
 * least 0, staying out). From its cached best pairs when they still decide:
 * the best of them at or above the bound on the rest; the second is then
 * taken as at least the bound, which only makes the bid lower (still a rise of
 * at least the slack). Otherwise a full scan, which refills the cache, pairs
 * in company order (ties to the lower company). */
static int32_t best_pair(eng *e, auc *a, int32_t i, int64_t *best_out, int64_t *second_out, int64_t *w_out) {
    const mu_transport *t = e->t;
    pick *top = a->top + (size_t)i * AUC_TOP;
    int64_t best = INT64_MIN, second = 0, wb = 0;
    int32_t kb = -1;
    if (a->ntop[i] > 0) {
        for (int32_t l = 0; l < a->ntop[i]; l++) {
            const int64_t w = (int64_t)top[l].w * a->scale;
            consider(w - a->price[top[l].com], top[l].com, w, &best, &second, &kb, &wb);
        }
        if (best >= a->bound[i]) {
            *best_out = best;
            *second_out = second > a->bound[i] ? second : a->bound[i];
            *w_out = wb;
            return kb;
        }
        best = INT64_MIN, second = 0, kb = -1;
    }
    e->st.rescans++;
    int64_t topv[AUC_TOP + 1];
    int32_t nt = 0;
    for (int64_t p = t->app_off[i]; p < t->app_off[i + 1]; p++) {
        const int32_t k = t->pair_com[p];
        const int64_t w = t->pair_w[p] * a->scale, val = w - a->price[k];
        consider(val, k, w, &best, &second, &kb, &wb);
        if (nt <= AUC_TOP || val > topv[AUC_TOP]) { /* insert into the kept, best first */
            int32_t l = nt <= AUC_TOP ? nt++ : AUC_TOP;
            for (; l > 0 && topv[l - 1] < val; l--) {
                topv[l] = topv[l - 1];
                if (l < AUC_TOP) top[l] = top[l - 1];
            }
            topv[l] = val;
            if (l < AUC_TOP) top[l] = (pick){k, (int32_t)t->pair_w[p]};
        }
    }
    a->ntop[i] = (uint8_t)(nt < AUC_TOP ? nt : AUC_TOP);
    a->bound[i] = nt > AUC_TOP ? topv[AUC_TOP] : INT64_MIN;
    *best_out = best;
    *second_out = second;
    *w_out = wb;
    return kb;
}

/* One bid of applicant i (Bertsekas): for the company of best value, at the
 * price that leaves i indifferent to its second best (or to staying out,
 * value 0) less the slack 1, but never above w. The company's cheapest seat
 * changes hands; returns the holder it had (-1: none). An applicant with no
 * positive value stays out, for good: prices only rise. */
static int32_t bid(eng *e, auc *a, int32_t i) {
    int64_t best, second, wbest;
    const int32_t kb = best_pair(e, a, i, &best, &second, &wbest);
    if (best <= 0) return -1;
    int64_t offer = wbest - second + 1;
    if (offer > wbest) offer = wbest;
    a->least += best == second; /* a tie: the price rises by the slack alone */
    seat *h = a->seats + a->soff[kb];
    const int32_t n_seats = (int32_t)auc_seats(a, kb);
    int32_t out = -1;
    a->placed++;
    if (a->taken[kb] < n_seats) {
        h[a->taken[kb]] = (seat){offer, i};
        seat_up(h, a->taken[kb]++);
    } else {
        out = h[0].holder;
        e->as[out] = (slot){-1, 0};
        a->placed--;
        h[0] = (seat){offer, i};
        seat_down(h, n_seats, 0);
    }
    a->price[kb] = a->taken[kb] < n_seats ? 0 : h[0].price;
    e->as[i] = (slot){kb, (int32_t)(wbest / a->scale)};
    a->pay[i] = offer;
    return out;
}

/* Bids until no applicant is left to bid, or the auction is judged stuck
 * (then the searches bring in the rest): a price war on tied values, where
 * bid after bid raises a price by the slack alone (each such war costs about
 * scale * weight / slack bids per seat; on the bench family such bids are
 * 1-2 % of all, in a war over 95 %), or more bids than any market it is
 * chosen for needs (bench/flow: 5 to 100 per applicant). Gauss-Seidel order,
 * first in first out (an applicant who loses its seat and bids again at once
 * would start a war of least steps with the one who took it), applicants
 * first in index order. */
static int auction_bids(eng *e, auc *a, const mu_flow_options *opt, char *err, size_t errlen) {
    const mu_transport *t = e->t;
    const int32_t n = e->n;
    const int64_t budget = 256 * e->st.applicants + 65536, war = 2 * e->st.applicants + 65536;
    for (int32_t i = 0; i < n; i++)
        if (t->app_off[i + 1] > t->app_off[i]) auc_push(a, i, n);
    int64_t next_report = AUC_REPORT;
    while (a->qlen > 0 && e->st.bids < budget && a->least < war) {
        const int32_t out = bid(e, a, auc_pop(a, n));
        if (out >= 0) auc_push(a, out, n);
        if (++e->st.bids >= next_report) {
            next_report = e->st.bids + AUC_REPORT;
            if (opt->progress && opt->progress(opt->progress_ctx, a->placed, e->n)) {
                say(err, errlen, "flow: cancelled in the auction after %lld bids", (long long)e->st.bids);
                return MU_EINTERRUPTED;
            }
        }
    }
    e->st.stopped = a->qlen > 0;
    return MU_OK;
}

/* Value of applicant i's best pair other than company own (0: staying out), at the
 * prices rounded down to the caller's units. */
static int64_t best_other(const eng *e, const auc *a, int32_t i, int32_t own) {
    const mu_transport *t = e->t;
    int64_t best = 0;
    for (int64_t p = t->app_off[i]; p < t->app_off[i + 1]; p++) {
        const int32_t k = t->pair_com[p];
        if (k == own || t->cap[k] == 0) continue;
        const int64_t val = t->pair_w[p] - a->price[k] / a->scale;
        if (val > best) best = val;
    }
    return best;
}

/* Turns the auction's near-equilibrium into a state the exact searches
 * continue from. Prices in the caller's units are the scaled ones rounded
 * down. An applicant stays (is present) if it is exactly at a best choice at
 * those prices, its own seat's price for itself and each company's cheapest
 * for the others; the rest (and those still to bid) are released and marked
 * absent. A company keeps its held seats as opened, priced at the cheapest of
 * them (never above a holder's own, never below what the others saw); one
 * with a seat never taken is opened whole at price 0. Every present applicant
 * is then dual feasible on every pair and tight on its own, and every opened
 * seat is full or priced 0: the invariant of both searches. */
static void auction_settle(eng *e, auc *a) {
    const mu_transport *t = e->t;
    uint8_t *gone = a->ntop; /* reused: nonzero for a released applicant */
    for (int32_t i = 0; i < e->n; i++) {
        const int32_t k = e->as[i].com;
        gone[i] = 0;
        if (t->app_off[i + 1] == t->app_off[i]) continue;
        int ok;
        if (k >= 0) {
            const int64_t u = e->as[i].w - a->pay[i] / a->scale;
            ok = u >= 0 && u >= best_other(e, a, i, k);
        } else {
            ok = best_other(e, a, i, -1) == 0;
        }
        if (ok) continue;
        e->absent[i] = 1;
        e->st.left_apps++;
        if (k >= 0) {
            gone[i] = 1;
            e->as[i] = (slot){-1, 0};
        }
    }
    for (int32_t k = 0; k < e->m; k++) {
        if (a->taken[k] < auc_seats(a, k)) {
            e->opened[k] = (int32_t)auc_seats(a, k);
            e->v[k] = 0;
            continue;
        }
        const seat *h = a->seats + a->soff[k];
        int32_t held = 0;
        int64_t low = INF64;
        for (int32_t q = 0; q < a->taken[k]; q++)
            if (!gone[h[q].holder]) {
                held++;
                if (h[q].price < low) low = h[q].price;
            }
        e->opened[k] = held;
        e->v[k] = held ? low / a->scale : 0;
        e->st.left_seats += auc_seats(a, k) - held;
    }
}

static void auc_free(auc *a) {
    free(a->price);
    free(a->soff);
    free(a->seats);
    free(a->taken);
    free(a->pay);
    free(a->top);
    free(a->ntop);
    free(a->bound);
    free(a->queue);
    memset(a, 0, sizeof *a);
}

/* The auction method: bidding, then the exact searches from its result: the
 * seats it left are opened from the seat side, then the applicants it left
 * are brought in from the applicant side. */
static int solve_auction(eng *e, int nch, const int32_t *lo, int64_t *cnt, const mu_flow_options *opt, char *err,
                         size_t errlen) {
    const int32_t n = e->n, m = e->m;
    auc a;
    memset(&a, 0, sizeof a);
    /* weights times the scale stay below 2^61 (weights are at most 1e9 < 2^30) */
    a.scale = opt->auction_scale <= 0 ? AUC_SCALE : opt->auction_scale > (1 << 30) ? (1 << 30) : opt->auction_scale;
    a.price = xalloc(e, (size_t)m, sizeof *a.price);
    a.soff = xalloc(e, (size_t)m + 1, sizeof *a.soff);
    a.taken = xalloc(e, (size_t)m, sizeof *a.taken);
    a.pay = xalloc(e, (size_t)n, sizeof *a.pay);
    a.top = xalloc(e, (size_t)n * AUC_TOP, sizeof *a.top);
    a.ntop = xalloc(e, (size_t)n, sizeof *a.ntop);
    a.bound = xalloc(e, (size_t)n, sizeof *a.bound);
    a.queue = xalloc(e, (size_t)n + 1, sizeof *a.queue);
    e->absent = xalloc(e, (size_t)n, sizeof *e->absent);
    e->opened = xalloc(e, (size_t)m, sizeof *e->opened);
    int rc = MU_ENOMEM;
    if (!a.price || !a.soff || !a.taken || !a.pay || !a.top || !a.ntop || !a.bound || !a.queue || !e->absent ||
        !e->opened)
        goto oom;
    int64_t run = 0;
    for (int32_t k = 0; k < m; k++) {
        a.soff[k] = run;
        run += seats_of(e, k);
        a.price[k] = e->t->cap[k] > 0 ? 0 : INF64 / 4; /* no seat: never the best value, nor the second */
        a.taken[k] = 0;
    }
    a.soff[m] = run;
    a.seats = xalloc(e, (size_t)run, sizeof *a.seats);
    if (!a.seats) goto oom;
    memset(a.ntop, 0, (size_t)n);
    memset(e->absent, 0, (size_t)n);
    const double t0 = omp_get_wtime();
    rc = auction_bids(e, &a, opt, err, errlen);
    if (rc != MU_OK) goto done;
    auction_settle(e, &a);
    auc_free(&a);
    e->st.sec_auction = omp_get_wtime() - t0;
    if (e->st.left_seats > 0) {
        if (!e->cl && (rc = transpose(e, nch, lo, cnt, err, errlen)) != MU_OK) goto done;
        for (int32_t k = 0; k < m; k++) e->front[k] = -1; /* selected on first use */
        rc = solve_seats(e, opt, err, errlen);
        if (rc != MU_OK) goto done;
    }
    if (e->st.left_apps > 0) {
        rc = build_members(e, err, errlen);
        if (rc != MU_OK) goto done;
        for (int32_t i = 0; i < n; i++)
            if (e->as[i].com >= 0) member_add(e, e->as[i].com, i, e->as[i].w);
        rc = solve_applicants(e, opt, err, errlen);
    }
    goto done;
oom:
    say(err, errlen, "flow: out of memory for the auction (%d applicants, %d companies)", n, m);
done:
    auc_free(&a);
    return rc;
}

/* ---- the independent check ------------------------------------------------ */

/* Recomputes, from the caller's arrays only: the assignment uses existing
 * pairs within capacity, u, v >= 0, u_i + v_j >= w_ij on every pair, and
 * sum u + sum cap v == objective. */
static int check(const mu_transport *t, int nth, const int32_t *app_com, const int64_t *u, const int64_t *v,
                 int64_t objective, char *err, size_t errlen) {
    const int32_t n = t->n_app, m = t->n_com;
    int64_t *load = calloc((size_t)m + 1, sizeof *load);
    if (!load) {
        say(err, errlen, "flow: out of memory in the check");
        return MU_ENOMEM;
    }
    int64_t sum_w = 0, sum_u = 0, first_bad = INF64;
#pragma omp parallel for num_threads(nth) schedule(static) reduction(+ : sum_w, sum_u) reduction(min : first_bad)
    for (int32_t i = 0; i < n; i++) {
        const int64_t ui = u[i];
        const int32_t ci = app_com[i];
        int found = ci < 0;
        if (ui < 0 || (ci < 0 && ui != 0) || ci >= m) first_bad = i < first_bad ? i : first_bad;
        sum_u += ui;
        for (int64_t p = t->app_off[i]; p < t->app_off[i + 1]; p++) {
            const int32_t j = t->pair_com[p];
            if (ui + v[j] < t->pair_w[p]) first_bad = i < first_bad ? i : first_bad;
            if (j == ci) {
                found = 1;
                sum_w += t->pair_w[p];
            }
        }
        if (!found) first_bad = i < first_bad ? i : first_bad;
    }
    if (first_bad != INF64) {
        free(load);
        say(err, errlen, "flow: internal error: certificate fails at applicant %lld", (long long)first_bad);
        return MU_EINTERNAL;
    }
    for (int32_t i = 0; i < n; i++)
        if (app_com[i] >= 0) load[app_com[i]]++;
    int64_t dual = sum_u;
    int ok = sum_w == objective;
    for (int32_t j = 0; j < m && ok; j++) {
        int64_t prod;
        if (v[j] < 0 || load[j] > t->cap[j] || __builtin_mul_overflow((int64_t)t->cap[j], v[j], &prod) ||
            __builtin_add_overflow(dual, prod, &dual))
            ok = 0;
    }
    free(load);
    if (!ok || dual != objective) {
        say(err, errlen, "flow: internal error: certificate fails (objective %lld, dual %lld, assigned %lld)",
            (long long)objective, (long long)dual, (long long)sum_w);
        return MU_EINTERNAL;
    }
    return MU_OK;
}

/* ---- the entry points ----------------------------------------------------- */

void mu_flow_init_options(mu_flow_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->check = 1;
}

static void free_eng(eng *e) {
    free(e->deg);
    free(e->as);
    free(e->coff);
    free(e->cl);
    free(e->front);
    free(e->lead);
    free(e->moff);
    free(e->mem);
    free(e->fill);
    free(e->mpos);
    free(e->alt);
    free(e->absent);
    free(e->opened);
    free(e->dist);
    free(e->via);
    free(e->viafrom);
    free(e->viaw);
    free(e->touched);
    free(e->settled);
    free(e->hid);
    free(e->hpos);
    free(e->hkey);
}

static int validate_call(const mu_transport *t, const int32_t *app_com, const int64_t *u, const int64_t *v,
                         const int64_t *objective, char *err, size_t errlen) {
    if (!t || t->n_app < 0 || t->n_com < 0 || !objective) {
        say(err, errlen, "flow: bad call (null instance or objective, or negative sizes)");
        return MU_EINPUT;
    }
    const int32_t n = t->n_app, m = t->n_com;
    if ((m > 0 && (!t->cap || !v)) || (n > 0 && (!app_com || !u)) || !t->app_off ||
        (t->app_off[n] > 0 && (!t->pair_com || !t->pair_w))) {
        say(err, errlen, "flow: bad call (a required array is null)");
        return MU_EINPUT;
    }
    if (t->app_off[0] != 0) {
        say(err, errlen, "flow: app_off[0] is %lld, not 0", (long long)t->app_off[0]);
        return MU_EINPUT;
    }
    for (int32_t i = 0; i < n; i++)
        if (t->app_off[i + 1] < t->app_off[i]) {
            say(err, errlen, "flow: app_off decreases at applicant %d", i);
            return MU_EINPUT;
        }
    for (int32_t j = 0; j < m; j++)
        if (t->cap[j] < 0) {
            say(err, errlen, "flow: company %d has negative capacity %d", j, t->cap[j]);
            return MU_EINPUT;
        }
    return MU_OK;
}

/* The plan for an instance (auto), from the fillable seats and the
 * applicants with a pair (tuned on bench/flow and on musubi gen's
 * bench-transport; both methods are exact):
 *  - seats scarce (under half the applicants): successive shortest paths
 *    from the seats; the searches stay short and touch only the contested
 *    part of the market;
 *  - seats abundant (at least as many as the applicants): the auction;
 *    paths would grow long (seat side) or come in by the applicant, and each
 *    bid stays local. (This bound was 6/5 until bench/flow's 1M x 20k at
 *    -c 16, 1.03 seats per applicant, showed the probe failing there at a
 *    third of the auction's time, as it fails at 1.0-1.2 on bench-transport:
 *    above 1 the seats are not the scarce side the probe counts on);
 *  - in between the market decides, not these two numbers: where preferences
 *    are shared (every company wants the same applicants) the paths grow
 *    long and the auction is 2 to 30 times faster, where they are not the
 *    paths from the seats finish in a few arcs per seat and beat it by about
 *    6 times. So the paths run first as a probe with a budget of twice the
 *    pairs in scanned arcs, and give way to the auction if they spend it.
 *    The probe's cost where it fails (by-company lists, then the budget) is
 *    about a tenth of the auction on bench/flow's family at 100k and 1M
 *    applicants, but up to half of a cheap auction on small instances of
 *    bench-transport near one seat per applicant, where also the paths
 *    sometimes need more than the budget and still beat the auction. */
enum { PLAN_PATHS, PLAN_AUCTION, PLAN_PROBE };
#define PROBE_ARCS_PER_PAIR 2

static int plan_for(int forced, int64_t fillable, int64_t with_pairs) {
    if (forced == MU_FLOW_METHOD_PATHS) return PLAN_PATHS;
    if (forced == MU_FLOW_METHOD_AUCTION) return PLAN_AUCTION;
    if (2 * fillable < with_pairs) return PLAN_PATHS;
    if (fillable >= with_pairs) return PLAN_AUCTION;
    return PLAN_PROBE;
}

void mu_flow_describe(const mu_flow_stats *st, char *buf, size_t len) {
    const int plan = plan_for(MU_FLOW_METHOD_AUTO, st->fillable, st->applicants);
    const char *regime = plan == PLAN_PATHS ? "scarce" : plan == PLAN_AUCTION ? "abundant" : "between";
    if (st->method == MU_FLOW_METHOD_AUCTION)
        snprintf(buf, len,
                 "transportation by auction then exact repairs (fillable seats %lld for %lld applicants with a "
                 "pair: %s%s; %lld bids%s, %lld seats and %lld applicants repaired by shortest paths)",
                 (long long)st->fillable, (long long)st->applicants, regime,
                 st->probe_arcs ? ", where paths from the seats gave up after twice the pairs in arcs" : "",
                 (long long)st->bids, st->stopped ? ", stopped as a price war" : "", (long long)st->left_seats,
                 (long long)st->left_apps);
    else
        snprintf(buf, len,
                 "transportation by successive shortest paths from the %s (fillable seats %lld for %lld applicants "
                 "with a pair: %s)",
                 st->side == MU_FLOW_SIDE_SEATS ? "seats" : "applicants", (long long)st->fillable,
                 (long long)st->applicants, regime);
}

int mu_flow_solve_opt(const mu_transport *t, const mu_flow_options *opt, int32_t *app_com, int64_t *u, int64_t *v,
                      int64_t *objective, char *err, size_t errlen) {
    mu_flow_options defaults;
    if (!opt) {
        mu_flow_init_options(&defaults);
        opt = &defaults;
    }
    if (err && errlen) err[0] = '\0';
    int rc = validate_call(t, app_com, u, v, objective, err, errlen);
    if (rc != MU_OK) return rc;
    const int32_t n = t->n_app, m = t->n_com;
    const int64_t P = t->app_off[n];
    /* Below about a million pairs the parallel passes take a few milliseconds
       and waking a second thread (on a busy machine) costs more than it saves. */
    int nth = opt->threads > 0 ? opt->threads : omp_get_max_threads();
    if (P < ((int64_t)1 << 20) || nth < 1) nth = 1;
    if (nth > MAX_THREADS) nth = MAX_THREADS;

    eng e;
    memset(&e, 0, sizeof e);
    e.n = n;
    e.m = m;
    e.t = t;
    e.v = v;
    const double t0 = omp_get_wtime();
    int32_t *lo = malloc(((size_t)nth + 1) * sizeof *lo);
    int64_t *cnt = malloc(((size_t)nth * (size_t)m + 1) * sizeof *cnt);
    e.deg = xalloc(&e, (size_t)m, sizeof *e.deg);
    e.as = xalloc(&e, (size_t)n, sizeof *e.as);
    e.dist = xalloc(&e, (size_t)m, sizeof *e.dist);
    e.via = xalloc(&e, (size_t)m, sizeof *e.via);
    e.viafrom = xalloc(&e, (size_t)m, sizeof *e.viafrom);
    e.viaw = xalloc(&e, (size_t)m, sizeof *e.viaw);
    e.touched = xalloc(&e, (size_t)m, sizeof *e.touched);
    e.settled = xalloc(&e, (size_t)m, sizeof *e.settled);
    if (!lo || !cnt || !e.deg || !e.as || !e.dist || !e.via || !e.viafrom || !e.viaw || !e.touched || !e.settled) {
        say(err, errlen, "flow: out of memory (%d applicants, %d companies)", n, m);
        rc = MU_ENOMEM;
        goto done;
    }
    e.st.bytes += (int64_t)(((size_t)nth * (size_t)m + 1) * sizeof *cnt);
    chunk_bounds(t, nth, lo);
    int64_t with_pairs = 0;
    rc = count_pairs(&e, nth, lo, cnt, &with_pairs, err, errlen);
    if (rc != MU_OK) goto done;
    int64_t fillable = 0;
    for (int32_t j = 0; j < m; j++) fillable += t->cap[j] < e.deg[j] ? t->cap[j] : e.deg[j];
    e.st.fillable = fillable;
    e.st.applicants = with_pairs;
    const int plan = plan_for(opt->method, fillable, with_pairs);
    int auction = plan == PLAN_AUCTION;
    /* Paths: the side with fewer units to bring in, seats (fillable ones) or applicants (with a pair);
       a probe comes from the seats. */
    const int seats_side = plan == PLAN_PROBE ||
                           (plan == PLAN_PATHS && (opt->side == MU_FLOW_SIDE_SEATS ||
                                                   (opt->side != MU_FLOW_SIDE_APPLICANTS && fillable <= with_pairs)));
    if (!auction) {
        rc = seats_side ? build_lists(&e, nth, lo, cnt, err, errlen) : build_members(&e, err, errlen);
        if (rc != MU_OK) goto done;
    }
    const size_t hsize = (size_t)m + (plan != PLAN_PATHS ? (size_t)(m > n ? m : n)
                                      : seats_side       ? (size_t)m
                                                         : (size_t)n);
    e.hid = xalloc(&e, hsize, sizeof *e.hid);
    e.hpos = xalloc(&e, hsize, sizeof *e.hpos);
    e.hkey = xalloc(&e, hsize, sizeof *e.hkey);
    if (!e.hid || !e.hpos || !e.hkey) {
        say(err, errlen, "flow: out of memory (%d applicants, %d companies)", n, m);
        rc = MU_ENOMEM;
        goto done;
    }
    if (plan == PLAN_PATHS) {
        free(cnt);
        cnt = NULL;
    }
    for (int32_t i = 0; i < n; i++) e.as[i] = (slot){-1, 0};
    for (int32_t j = 0; j < m; j++) {
        e.dist[j] = INF64;
        v[j] = 0;
    }
    for (size_t x = 0; x < hsize; x++) e.hpos[x] = -1;
    const double t1 = omp_get_wtime();

    if (plan == PLAN_PROBE) {
        e.budget = PROBE_ARCS_PER_PAIR * P;
        rc = solve_seats(&e, opt, err, errlen);
        if (rc != MU_OK) goto done;
        if (e.gave_up) { /* the auction starts afresh, keeping the by-company lists for its repairs */
            e.st.probe_arcs = e.st.arcs;
            e.st.seats = e.st.searches = e.st.pops = e.st.arcs = e.st.expansions = 0;
            e.budget = 0;
            for (int32_t i = 0; i < n; i++) e.as[i] = (slot){-1, 0};
            for (int32_t j = 0; j < m; j++) v[j] = 0;
            auction = 1;
            rc = solve_auction(&e, nth, lo, cnt, opt, err, errlen);
        }
    } else {
        rc = auction      ? solve_auction(&e, nth, lo, cnt, opt, err, errlen)
             : seats_side ? solve_seats(&e, opt, err, errlen)
                          : solve_applicants(&e, opt, err, errlen);
    }
    if (rc != MU_OK) goto done;

    int64_t obj = 0;
    for (int32_t i = 0; i < n; i++) {
        app_com[i] = e.as[i].com;
        u[i] = uprice(&e, e.as[i]);
        if (e.as[i].com >= 0) obj += e.as[i].w;
    }
    /* companies without seats: the least price that covers their pairs */
    int any_closed = 0;
    for (int32_t j = 0; j < m; j++) any_closed |= t->cap[j] == 0;
    if (any_closed)
        for (int32_t i = 0; i < n; i++)
            for (int64_t p = t->app_off[i]; p < t->app_off[i + 1]; p++) {
                const int32_t j = t->pair_com[p];
                if (t->cap[j] == 0 && t->pair_w[p] - u[i] > v[j]) v[j] = t->pair_w[p] - u[i];
            }
    *objective = obj;
    const double t2 = omp_get_wtime();
    if (opt->check) {
        rc = check(t, nth, app_com, u, v, obj, err, errlen);
        if (rc != MU_OK) goto done;
    }
    const double t3 = omp_get_wtime();
    e.st.method = auction ? MU_FLOW_METHOD_AUCTION : MU_FLOW_METHOD_PATHS;
    e.st.side = auction ? MU_FLOW_SIDE_AUTO : seats_side ? MU_FLOW_SIDE_SEATS : MU_FLOW_SIDE_APPLICANTS;
    e.st.sec_build = t1 - t0;
    e.st.sec_solve = t2 - t1 - e.st.sec_auction;
    e.st.sec_check = t3 - t2;
    if (opt->stats) *opt->stats = e.st;
done:
    free(lo);
    free(cnt);
    free_eng(&e);
    return rc;
}

int mu_flow_solve(const mu_transport *t, int threads, int32_t *app_com, int64_t *u, int64_t *v, int64_t *objective,
                  char *err, size_t errlen) {
    mu_flow_options opt;
    mu_flow_init_options(&opt);
    opt.threads = threads;
    return mu_flow_solve_opt(t, &opt, app_com, u, v, objective, err, errlen);
}
