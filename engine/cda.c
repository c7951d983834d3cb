/* Deferred acceptance under quotas (cda.h says what it honours).
 *
 * The hosts and the ceilings over them form a tree (a laminar family: a
 * region over hosts, a sector, the national budget at the root; rows inside
 * one host below it). The "hierarchy" holds contracts (pairs) and chooses
 * among those offered the way a laminar matroid is scanned greedily: in a
 * fixed precedence order, a pair is taken when every node above it still has
 * room. The precedence is the hosts' own order, taken in turns: every host's
 * first-ranked applicant before any host's second, ties by host index — the
 * round robin over hosts of Kamada & Kojima's flexible deferred acceptance
 * (2015, "Efficient matching under distributional constraints: theory and
 * applications", AER 105(1); target capacities 0) on the hosts' ranks. A
 * greedy choice over a matroid in a fixed order is substitutable and meets
 * the law of aggregate demand, so applicant-proposing deferred acceptance
 * with it (Hatfield & Milgrom 2005, "Matching with contracts", AER 95(4),
 * generalised Gale-Shapley) is strategy-proof for applicants and stable for
 * the hierarchy's choice; and since inside one host the precedence is the
 * host's own order, that stability is quota-respecting stability
 * (qstable.h): a pair (a, c) that a prefers was turned down by a node full of
 * pairs the hierarchy ranks first, which holds (a, c) — so a vacancy claim
 * breaks a ceiling — and cannot hold an intern of c that c ranks below a —
 * so neither does a swap. Company-proposing is the same algorithm from the
 * other side: the hierarchy offers its choice among the pairs not yet turned
 * down, each applicant keeps its best offer, until nobody turns one down
 * (Hatfield & Milgrom's hospital-proposing form); the hosts' optimum among
 * those matchings.
 *
 * Floors over hosts (a sector's minimum) are met by reserving seats, the
 * treatment of hierarchical minimum quotas in Goto, Kojima, Kurata, Tamura &
 * Yokoo (2017, "Designing matching mechanisms under general distributional
 * constraints", AEJ Micro 9(2)): a node needs max(its floor, its children's
 * needs) seats, and each node's cap becomes min(its maximum, its parent's
 * cap less what its siblings need). The tightened caps still form a laminar
 * family, so nothing above changes; when every floor is met in the end, a
 * node at its tightened cap has a full parent, so the stability argument
 * holds for the true ceilings (a floor inside one host could make a swap
 * look blocked when only the floor forbids it, so those are refused). A
 * floor the applicants' choices leave unmet makes the engine refuse.
 *
 * Caps over whole applicants (nationality caps) cross the hosts: with them
 * the feasible sets are the intersection of two laminar matroids, no longer
 * a matroid, the greedy choice is not substitutable, and no mechanism known
 * is both stable and strategy-proof. They are honoured in the same greedy
 * choice (a pair also needs room in its applicant's caps), which keeps every
 * ceiling; deferred acceptance may then leave quota-respecting blocking
 * pairs, and these are resolved after it one at a time: the applicant of
 * the first (lowest index, its best such host) drops its seat and proposes
 * there, deferred acceptance resumes, and so on until none is left (a pair
 * turned down at once is not tried again; at most 10 x applicants + 100
 * rounds). On every random instance of tests/test_cda.c this ends with none
 * left; that it always does is not proven. Strategy-proofness is then not
 * claimed.
 *
 * Cost: over hosts alone, a proposal changes the matroid greedy's choice by
 * the exchange rule — p enters unless the innermost full node above it has a
 * worse pair, which leaves — kept in a heap per node: O(depth x log) per
 * proposal. With caps over applicants the choice is rescanned over the held
 * pairs at each proposal, O(proposals x held x depth). Company-proposing:
 * O(rounds x pairs x depth). Instances without quota rows take engine/da.c
 * instead. */
#include "engine/cda.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/da.h"
#include "engine/qstable.h"

#define UNBOUNDED INT64_MAX

typedef struct cda {
    const mu_problem *pb;
    const mu_prefs *pr;
    const char *name;
    mu_error *err;
    int32_t na, nc;
    int64_t n;
    /* the tree over hosts: nodes 0 .. n_crow-1 are quota rows crow[i], then host c is node n_crow + c */
    int32_t n_crow, n_cnodes;
    int32_t *crow, *cparent;
    int64_t *cmax, *cmin, *ccap, *need, *kids_need;
    int32_t *leaf; /* [n] the innermost node holding each pair */
    /* the caps over applicants: nodes 0 .. n_grow-1 are quota rows grow[i] */
    int32_t n_grow;
    int32_t *grow, *gparent;
    int32_t *gleaf; /* [na] the innermost cap holding the applicant, -1 none */
    /* orders */
    int64_t *prec;    /* [n] rank of each pair in the hierarchy's precedence */
    int64_t *by_prec; /* [n] the pairs in that order */
    int64_t *sorder;  /* [n] applicant a's pairs in its strict order, from app_off[a] */
    int32_t *spos;    /* [n] position of a pair in that order */
    int64_t *cnt, *gcnt;
} cda;

static void cda_free(cda *S) {
    free(S->crow), free(S->cparent), free(S->cmax), free(S->cmin), free(S->ccap), free(S->need), free(S->kids_need);
    free(S->leaf), free(S->grow), free(S->gparent), free(S->gleaf), free(S->prec), free(S->by_prec), free(S->sorder);
    free(S->spos), free(S->cnt), free(S->gcnt);
}

static void row_label(const cda *S, int32_t r, char *buf, size_t n) { mu_qrow_label(S->pb, r, buf, n); }

/* ---- which rows are over hosts, over applicants, or neither */

enum { SIDE_NONE = 0, SIDE_HOSTS = 1, SIDE_APPLICANTS = 2 };

static int classify(cda *S, int8_t *side, int32_t *n_floors) {
    const mu_problem *pb = S->pb;
    const mu_pairs *P = &pb->pairs;
    int32_t *com_cnt = mu_calloc((size_t)S->nc + 1, sizeof *com_cnt, S->err);
    if (!com_cnt) return MU_ENOMEM;
    char label[256];
    int rc = MU_OK;
    *n_floors = 0;
    for (int32_t r = 0; r < pb->n_rows && !rc; r++) {
        int64_t lo = pb->row_off[r], hi = pb->row_off[r + 1];
        const mu_qrow *q = &pb->rows[r];
        side[r] = SIDE_NONE;
        if (lo == hi) continue; /* no pairs: only the final check can see it (a floor it cannot meet) */
        int whole_app = 1, whole_host = 1, n_hosts = 0;
        for (int64_t k = lo; k < hi;) { /* pairs increase, so they come applicant by applicant */
            int32_t a = S->pr->pair_app[pb->row_pair[k]];
            int64_t j = k;
            while (j < hi && S->pr->pair_app[pb->row_pair[j]] == a) j++;
            whole_app &= j - k == P->app_off[a + 1] - P->app_off[a];
            k = j;
        }
        for (int64_t k = lo; k < hi; k++) n_hosts += com_cnt[P->com[pb->row_pair[k]]]++ == 0;
        for (int64_t k = lo; k < hi; k++) {
            int32_t c = P->com[pb->row_pair[k]];
            whole_host &= com_cnt[c] == S->pr->com_off[c + 1] - S->pr->com_off[c];
        }
        for (int64_t k = lo; k < hi; k++) com_cnt[P->com[pb->row_pair[k]]] = 0;
        row_label(S, r, label, sizeof label);
        if (whole_host || n_hosts == 1) {
            side[r] = SIDE_HOSTS;
            if (q->min > 0 && !whole_host)
                rc =
                    mu_err(S->err, MU_EUSAGE,
                           "--engine %s: quota row %s is a floor inside one host (at least %lld of part of its "
                           "applicants); deferred acceptance reserves floors over whole hosts only; use stable-optimal "
                           "or almost-stable",
                           S->name, label, (long long)q->min);
            *n_floors += q->min > 0;
        } else if (whole_app) {
            side[r] = SIDE_APPLICANTS;
            if (q->min > 0)
                rc = mu_err(S->err, MU_EUSAGE,
                            "--engine %s: quota row %s is a floor over applicants (at least %lld placed); deferred "
                            "acceptance can reserve seats over hosts only; use stable-optimal or almost-stable",
                            S->name, label, (long long)q->min);
        } else {
            rc =
                mu_err(S->err, MU_EUSAGE,
                       "--engine %s: quota row %s holds part of the eligible pairs of several hosts and of several "
                       "applicants; deferred acceptance honours quotas over whole hosts (regions, sectors, a budget), "
                       "inside one host, or over whole applicants (nationalities); use stable-optimal or almost-stable",
                       S->name, label);
        }
    }
    free(com_cnt);
    return rc;
}

/* ---- the trees */

/* Pairs held by a node of the host tree: a quota row's, or a host's. */
static int64_t cnode_size(const cda *S, int32_t v) {
    if (v < S->n_crow) return S->pb->row_off[S->crow[v] + 1] - S->pb->row_off[S->crow[v]];
    int32_t c = v - S->n_crow;
    return S->pr->com_off[c + 1] - S->pr->com_off[c];
}

static int cnode_holds(const cda *S, int32_t v, int64_t p) {
    const mu_problem *pb = S->pb;
    if (v >= S->n_crow) return pb->pairs.com[p] == v - S->n_crow;
    int32_t r = S->crow[v];
    int64_t lo = pb->row_off[r], hi = pb->row_off[r + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (pb->row_pair[mid] < p) lo = mid + 1;
        else hi = mid;
    }
    return lo < pb->row_off[r + 1] && pb->row_pair[lo] == p;
}

static void cnode_label(const cda *S, int32_t v, char *buf, size_t n) {
    if (v < S->n_crow) row_label(S, S->crow[v], buf, n);
    else snprintf(buf, n, "host %s", S->pb->inst->com_ids.str[v - S->n_crow]);
}

/* Node v's chain parent is `up` at one pair and `prev` at another: two of
 * the three overlap without nesting (refusal path only: pair scans). */
static int not_nested(const cda *S, int32_t v, int32_t up, int32_t prev) {
    int32_t cand[3][2] = {{v, up}, {v, prev}, {up, prev}};
    char a[256], b[256];
    for (int k = 0; k < 3; k++) {
        int32_t x = cand[k][0], y = cand[k][1];
        if (x < 0 || y < 0) continue;
        int64_t common = 0;
        for (int64_t p = 0; p < S->n; p++) common += cnode_holds(S, x, p) && cnode_holds(S, y, p);
        if (common == 0 || common >= cnode_size(S, x) || common >= cnode_size(S, y)) continue;
        cnode_label(S, x, a, sizeof a);
        cnode_label(S, y, b, sizeof b);
        return mu_err(S->err, MU_EUSAGE,
                      "--engine %s: quota row %s overlaps %s without nesting in it; deferred acceptance needs the "
                      "quotas over hosts to nest (regions inside a budget, say); use stable-optimal or almost-stable",
                      S->name, a, b);
    }
    cnode_label(S, v, a, sizeof a);
    return mu_err(S->err, MU_EUSAGE,
                  "--engine %s: quota row %s overlaps another quota over hosts without nesting in it; use "
                  "stable-optimal or almost-stable",
                  S->name, a);
}

typedef struct link {
    int64_t size;
    int32_t id;
} link;
/* Larger first; among equals quota rows (lower ids) before the host, then by id. */
static int link_before(link x, link y) { return x.size != y.size ? x.size > y.size : x.id < y.id; }

static void sort_links(link *l, int32_t len) {
    for (int32_t i = 1; i < len; i++) {
        link x = l[i];
        int32_t j = i;
        for (; j > 0 && link_before(x, l[j - 1]); j--) l[j] = l[j - 1];
        l[j] = x;
    }
}

static int build_host_tree(cda *S, const int8_t *side) {
    const mu_problem *pb = S->pb;
    int32_t n_rows = pb->n_rows;
    int32_t *node_of = mu_alloc((size_t)n_rows + 1, sizeof *node_of, S->err);
    S->crow = mu_alloc((size_t)n_rows + 1, sizeof *S->crow, S->err);
    if (!node_of || !S->crow) return free(node_of), MU_ENOMEM;
    for (int32_t r = 0; r < n_rows; r++) {
        node_of[r] = -1;
        if (side[r] == SIDE_HOSTS) node_of[r] = S->n_crow, S->crow[S->n_crow++] = r;
    }
    S->n_cnodes = S->n_crow + S->nc;
    int32_t nv = S->n_cnodes;
    S->cparent = mu_alloc((size_t)nv + 1, sizeof *S->cparent, S->err);
    S->cmax = mu_alloc((size_t)nv + 1, sizeof *S->cmax, S->err);
    S->cmin = mu_alloc((size_t)nv + 1, sizeof *S->cmin, S->err);
    S->ccap = mu_alloc((size_t)nv + 1, sizeof *S->ccap, S->err);
    S->need = mu_alloc((size_t)nv + 1, sizeof *S->need, S->err);
    S->kids_need = mu_calloc((size_t)nv + 2, sizeof *S->kids_need, S->err);
    S->leaf = mu_alloc((size_t)S->n + 1, sizeof *S->leaf, S->err);
    int64_t *poff = mu_calloc((size_t)S->n + 2, sizeof *poff, S->err);
    int32_t *depth = mu_alloc((size_t)nv + 1, sizeof *depth, S->err);
    int32_t *order = mu_alloc((size_t)nv + 1, sizeof *order, S->err);
    int32_t *prow = NULL;
    link *chain = mu_alloc((size_t)S->n_crow + 2, sizeof *chain, S->err);
    int rc = MU_ENOMEM;
    if (!S->cparent || !S->cmax || !S->cmin || !S->ccap || !S->need || !S->kids_need || !S->leaf || !poff || !depth ||
        !order || !chain)
        goto done;
    /* pair -> its rows over hosts */
    for (int32_t r = 0; r < n_rows; r++)
        if (node_of[r] >= 0)
            for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) poff[pb->row_pair[k] + 2]++;
    for (int64_t p = 0; p < S->n; p++) poff[p + 2] += poff[p + 1];
    if (!(prow = mu_alloc((size_t)poff[S->n + 1] + 1, sizeof *prow, S->err))) goto done;
    for (int32_t r = 0; r < n_rows; r++)
        if (node_of[r] >= 0)
            for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++)
                prow[poff[pb->row_pair[k] + 1]++] = node_of[r];
    for (int32_t v = 0; v < nv; v++) S->cparent[v] = -2; /* -2: not seen, -1: a root */
    rc = MU_OK;
    for (int64_t p = 0; p < S->n && !rc; p++) {
        int32_t len = 0;
        for (int64_t k = poff[p]; k < poff[p + 1]; k++) chain[len++] = (link){cnode_size(S, prow[k]), prow[k]};
        int32_t host = S->n_crow + S->pb->pairs.com[p];
        chain[len++] = (link){cnode_size(S, host), host};
        sort_links(chain, len);
        for (int32_t i = 0; i < len && !rc; i++) {
            int32_t v = chain[i].id, up = i ? chain[i - 1].id : -1;
            if (S->cparent[v] == -2) S->cparent[v] = up;
            else if (S->cparent[v] != up) rc = not_nested(S, v, up, S->cparent[v]);
        }
        S->leaf[p] = chain[len - 1].id;
    }
    if (rc) goto done;
    /* maxima and floors; hosts without pairs are roots of nothing */
    for (int32_t v = 0; v < nv; v++) {
        if (S->cparent[v] == -2) S->cparent[v] = -1;
        if (v < S->n_crow) S->cmax[v] = pb->rows[S->crow[v]].max, S->cmin[v] = pb->rows[S->crow[v]].min;
        else S->cmax[v] = pb->inst->com[v - S->n_crow].capacity, S->cmin[v] = 0;
    }
    /* needs bottom-up, caps top-down: nodes by depth */
    for (int32_t v = 0; v < nv; v++) {
        int32_t d = 0;
        for (int32_t u = S->cparent[v]; u >= 0; u = S->cparent[u]) d++;
        depth[v] = d, order[v] = v;
    }
    for (int32_t i = 1; i < nv; i++) { /* by depth, then index: insertion sort is fine for a few hundred nodes */
        int32_t x = order[i], j = i;
        for (; j > 0 && (depth[order[j - 1]] > depth[x] || (depth[order[j - 1]] == depth[x] && order[j - 1] > x)); j--)
            order[j] = order[j - 1];
        order[j] = x;
    }
    for (int32_t i = nv - 1; i >= 0; i--) {
        int32_t v = order[i];
        S->need[v] = S->cmin[v] > S->kids_need[v] ? S->cmin[v] : S->kids_need[v];
        if (S->need[v] > S->cmax[v]) {
            char a[256];
            cnode_label(S, v, a, sizeof a);
            rc = mu_err(S->err, MU_EUSAGE,
                        "--engine %s: the floors inside %s need %lld placements, but it allows at most %lld", S->name,
                        a, (long long)S->need[v], (long long)S->cmax[v]);
            goto done;
        }
        if (S->cparent[v] >= 0) S->kids_need[S->cparent[v]] += S->need[v];
    }
    for (int32_t i = 0; i < nv; i++) {
        int32_t v = order[i], u = S->cparent[v];
        int64_t cap = S->cmax[v];
        if (u >= 0 && S->ccap[u] != UNBOUNDED) {
            int64_t room = S->ccap[u] - (S->kids_need[u] - S->need[v]);
            if (room < cap) cap = room;
        }
        S->ccap[v] = cap;
    }
done:
    free(node_of), free(poff), free(prow), free(depth), free(order), free(chain);
    return rc;
}

static int build_applicant_caps(cda *S, const int8_t *side) {
    const mu_problem *pb = S->pb;
    int32_t n_rows = pb->n_rows;
    int32_t *node_of = mu_alloc((size_t)n_rows + 1, sizeof *node_of, S->err);
    S->grow = mu_alloc((size_t)n_rows + 1, sizeof *S->grow, S->err);
    S->gleaf = mu_alloc((size_t)S->na + 1, sizeof *S->gleaf, S->err);
    if (!node_of || !S->grow || !S->gleaf) return free(node_of), MU_ENOMEM;
    for (int32_t r = 0; r < n_rows; r++) {
        node_of[r] = -1;
        if (side[r] == SIDE_APPLICANTS) node_of[r] = S->n_grow, S->grow[S->n_grow++] = r;
    }
    for (int32_t a = 0; a < S->na; a++) S->gleaf[a] = -1;
    S->gparent = mu_alloc((size_t)S->n_grow + 1, sizeof *S->gparent, S->err);
    int64_t *aoff = mu_calloc((size_t)S->na + 2, sizeof *aoff, S->err);
    link *chain = mu_alloc((size_t)S->n_grow + 1, sizeof *chain, S->err);
    int32_t *arow = NULL;
    int rc = MU_ENOMEM;
    if (!S->gparent || !aoff || !chain) goto done;
    /* applicant -> its caps (a cap holds every pair of its applicants: their first pair tells) */
    for (int32_t r = 0; r < n_rows; r++)
        if (node_of[r] >= 0)
            for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) {
                int64_t p = pb->row_pair[k];
                int32_t a = S->pr->pair_app[p];
                if (p == pb->pairs.app_off[a]) aoff[a + 2]++;
            }
    for (int32_t a = 0; a < S->na; a++) aoff[a + 2] += aoff[a + 1];
    if (!(arow = mu_alloc((size_t)aoff[S->na + 1] + 1, sizeof *arow, S->err))) goto done;
    for (int32_t r = 0; r < n_rows; r++)
        if (node_of[r] >= 0)
            for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) {
                int64_t p = pb->row_pair[k];
                int32_t a = S->pr->pair_app[p];
                if (p == pb->pairs.app_off[a]) arow[aoff[a + 1]++] = node_of[r];
            }
    for (int32_t g = 0; g < S->n_grow; g++) S->gparent[g] = -2;
    rc = MU_OK;
    for (int32_t a = 0; a < S->na && !rc; a++) {
        int32_t len = 0;
        for (int64_t k = aoff[a]; k < aoff[a + 1]; k++) {
            int32_t r = S->grow[arow[k]];
            chain[len++] = (link){pb->row_off[r + 1] - pb->row_off[r], arow[k]};
        }
        sort_links(chain, len);
        for (int32_t i = 0; i < len && !rc; i++) {
            int32_t g = chain[i].id, up = i ? chain[i - 1].id : -1;
            if (S->gparent[g] == -2) S->gparent[g] = up;
            else if (S->gparent[g] != up) {
                char x[256], y[256];
                int32_t other = up >= 0 ? up : S->gparent[g];
                row_label(S, S->grow[g], x, sizeof x);
                row_label(S, S->grow[other], y, sizeof y);
                rc = mu_err(S->err, MU_EUSAGE,
                            "--engine %s: quota rows %s and %s, both over applicants, overlap without nesting; "
                            "deferred acceptance needs the caps over applicants to nest; use stable-optimal or "
                            "almost-stable",
                            S->name, x, y);
            }
        }
        if (len) S->gleaf[a] = chain[len - 1].id;
    }
    for (int32_t g = 0; g < S->n_grow; g++)
        if (S->gparent[g] == -2) S->gparent[g] = -1;
done:
    free(node_of), free(aoff), free(arow), free(chain);
    return rc;
}

/* ---- orders */

typedef struct keyed {
    uint64_t key;
    int32_t a, b; /* tie-breaks, lower first */
    int64_t p;
} keyed;
static int cmp_keyed(const void *x, const void *y) {
    const keyed *u = x, *v = y;
    if (u->key != v->key) return u->key < v->key ? -1 : 1;
    if (u->a != v->a) return u->a < v->a ? -1 : 1;
    return (u->b > v->b) - (u->b < v->b);
}

static int build_orders(cda *S, const mu_options *opt) {
    const mu_problem *pb = S->pb;
    const mu_pairs *P = &pb->pairs;
    int64_t n = S->n;
    int32_t *cap = mu_alloc((size_t)S->nc + 1, sizeof *cap, S->err);
    keyed *k = mu_alloc((size_t)n + 1, sizeof *k, S->err);
    S->prec = mu_alloc((size_t)n + 1, sizeof *S->prec, S->err);
    S->by_prec = mu_alloc((size_t)n + 1, sizeof *S->by_prec, S->err);
    S->sorder = mu_alloc((size_t)n + 1, sizeof *S->sorder, S->err);
    S->spos = mu_alloc((size_t)n + 1, sizeof *S->spos, S->err);
    if (!cap || !k || !S->prec || !S->by_prec || !S->sorder || !S->spos) return free(cap), free(k), MU_ENOMEM;
    for (int32_t c = 0; c < S->nc; c++) cap[c] = pb->inst->com[c].capacity;
    /* The strict orders of deferred acceptance (da.h): the same keys and tie-breaking. */
    mu_da_input in = {
        S->na, S->nc, cap, P->app_off, P->com, S->pr->app_rank, S->pr->com_rank, opt->tie_break, (uint64_t)opt->seed};
    /* The hierarchy's precedence: the host's key of the applicant (its rank, then the tie-break), then the host
     * index: every host's first before any host's second. */
    for (int64_t p = 0; p < n; p++) {
        int32_t a = S->pr->pair_app[p], c = P->com[p];
        k[p] = (keyed){mu_da_com_key(&in, c, a, p), c, a, p};
    }
    qsort(k, (size_t)n, sizeof *k, cmp_keyed);
    for (int64_t i = 0; i < n; i++) S->by_prec[i] = k[i].p, S->prec[k[i].p] = i;
    /* Each applicant's strict order: its key of the host, then the lower host index. */
    for (int32_t a = 0; a < S->na; a++) {
        int64_t lo = P->app_off[a], hi = P->app_off[a + 1];
        for (int64_t p = lo; p < hi; p++) k[p - lo] = (keyed){mu_da_app_key(&in, a, p), P->com[p], 0, p};
        qsort(k, (size_t)(hi - lo), sizeof *k, cmp_keyed);
        for (int64_t i = 0; i < hi - lo; i++) S->sorder[lo + i] = k[i].p, S->spos[k[i].p] = (int32_t)i;
    }
    free(cap), free(k);
    return MU_OK;
}

/* ---- the hierarchy's choice */

/* Takes, in precedence order, each pair of list[0..m) (sorted by precedence)
 * that leaves room in every node above it and in every cap of its applicant;
 * ok[i] says which. */
static void choose(cda *S, const int64_t *list, int64_t m, uint8_t *ok) {
    for (int64_t i = 0; i < m; i++) {
        int64_t p = list[i];
        for (int32_t v = S->leaf[p]; v >= 0; v = S->cparent[v]) S->cnt[v] = 0;
        for (int32_t g = S->gleaf[S->pr->pair_app[p]]; g >= 0; g = S->gparent[g]) S->gcnt[g] = 0;
    }
    for (int64_t i = 0; i < m; i++) {
        int64_t p = list[i];
        int32_t lg = S->gleaf[S->pr->pair_app[p]];
        int fits = 1;
        for (int32_t v = S->leaf[p]; v >= 0 && fits; v = S->cparent[v]) fits = S->cnt[v] < S->ccap[v];
        for (int32_t g = lg; g >= 0 && fits; g = S->gparent[g]) fits = S->gcnt[g] < S->pb->rows[S->grow[g]].max;
        ok[i] = (uint8_t)fits;
        if (!fits) continue;
        for (int32_t v = S->leaf[p]; v >= 0; v = S->cparent[v]) S->cnt[v]++;
        for (int32_t g = lg; g >= 0; g = S->gparent[g]) S->gcnt[g]++;
    }
}

/* ---- applicant-proposing */

typedef struct run {
    cda *S;
    int64_t *held; /* the pairs held, by precedence */
    int64_t n_held;
    uint8_t *ok;
    int64_t *hold; /* [na] each applicant's pair, -1 */
    int32_t *next; /* [na] next position in its strict order */
    int32_t *stack, top;
    int64_t proposals;
    double deadline;
    int timed_out;
    /* Without caps over applicants the choice is a laminar matroid's greedy, and one proposal changes it by the
     * exchange rule: p enters unless the innermost full node above it holds its worst pair ranked below p,
     * which leaves. Each node keeps its pairs in a heap, worst on top (entries of pairs gone are skipped when
     * they surface). */
    int fast;
    int64_t *hoff, *hsize, *heap; /* node v's heap: heap[hoff[v] .. hoff[v] + hsize[v]) */
    uint8_t *in;                  /* [n] the pair is held */
} run;

static int late(run *R) { return mu_stop_requested() || (R->deadline > 0 && mu_now() >= R->deadline); }

static void insert_held(run *R, int64_t p) {
    int64_t lo = 0, hi = R->n_held, key = R->S->prec[p];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (R->S->prec[R->held[mid]] < key) lo = mid + 1;
        else hi = mid;
    }
    memmove(R->held + lo + 1, R->held + lo, (size_t)(R->n_held - lo) * sizeof *R->held);
    R->held[lo] = p;
    R->n_held++;
}

static void remove_held(run *R, int64_t p) {
    int64_t j = 0;
    for (int64_t i = 0; i < R->n_held; i++)
        if (R->held[i] != p) R->held[j++] = R->held[i];
    R->n_held = j;
}

/* p joins the held pairs and the hierarchy chooses again; whoever it turns
 * down (perhaps p's applicant) is pushed to propose on. Returns whether p
 * was taken. */
static int offer(run *R, int64_t p) {
    cda *S = R->S;
    insert_held(R, p);
    choose(S, R->held, R->n_held, R->ok);
    int taken = 0;
    int64_t j = 0;
    for (int64_t i = 0; i < R->n_held; i++) {
        int64_t q = R->held[i];
        int32_t a = S->pr->pair_app[q];
        if (R->ok[i]) {
            R->held[j++] = q;
            if (q == p) taken = 1, R->hold[a] = p;
        } else {
            R->hold[a] = -1;
            R->stack[R->top++] = a;
        }
    }
    R->n_held = j;
    return taken;
}

/* Max-heaps of pairs by precedence: the worst held pair on top. */
static void heap_push(const cda *S, int64_t *h, int64_t *size, int64_t p) {
    int64_t i = (*size)++;
    while (i > 0 && S->prec[h[(i - 1) / 2]] < S->prec[p]) h[i] = h[(i - 1) / 2], i = (i - 1) / 2;
    h[i] = p;
}

static void heap_pop(const cda *S, int64_t *h, int64_t *size) {
    int64_t last = h[--*size], i = 0, n = *size;
    for (;;) {
        int64_t l = 2 * i + 1, r = l + 1, m = i;
        int64_t key = S->prec[last];
        if (l < n && S->prec[h[l]] > key) m = l, key = S->prec[h[l]];
        if (r < n && S->prec[h[r]] > key) m = r;
        if (m == i) break;
        h[i] = h[m], i = m;
    }
    if (n > 0) h[i] = last;
}

/* offer() by the exchange rule (no caps over applicants). */
static int offer_fast(run *R, int64_t p) {
    cda *S = R->S;
    int32_t tight = -1;
    for (int32_t v = S->leaf[p]; v >= 0 && tight < 0; v = S->cparent[v])
        if (S->cnt[v] >= S->ccap[v]) tight = v;
    if (tight >= 0) {
        int64_t *h = R->heap + R->hoff[tight];
        while (R->hsize[tight] > 0 && !R->in[h[0]]) heap_pop(S, h, &R->hsize[tight]);
        if (R->hsize[tight] == 0 || S->prec[h[0]] < S->prec[p]) {
            R->stack[R->top++] = S->pr->pair_app[p];
            return 0;
        }
        int64_t z = h[0];
        heap_pop(S, h, &R->hsize[tight]);
        R->in[z] = 0;
        for (int32_t v = S->leaf[z]; v >= 0; v = S->cparent[v]) S->cnt[v]--;
        R->hold[S->pr->pair_app[z]] = -1;
        R->stack[R->top++] = S->pr->pair_app[z];
    }
    R->in[p] = 1;
    R->hold[S->pr->pair_app[p]] = p;
    for (int32_t v = S->leaf[p]; v >= 0; v = S->cparent[v]) {
        S->cnt[v]++;
        heap_push(S, R->heap + R->hoff[v], &R->hsize[v], p);
    }
    return 1;
}

static int start_fast(run *R) {
    cda *S = R->S;
    R->hoff = mu_calloc((size_t)S->n_cnodes + 2, sizeof *R->hoff, S->err);
    R->hsize = mu_calloc((size_t)S->n_cnodes + 1, sizeof *R->hsize, S->err);
    R->in = mu_calloc((size_t)S->n + 1, 1, S->err);
    if (!R->hoff || !R->hsize || !R->in) return MU_ENOMEM;
    for (int64_t p = 0; p < S->n; p++)
        for (int32_t v = S->leaf[p]; v >= 0; v = S->cparent[v]) R->hoff[v + 1]++;
    for (int32_t v = 0; v < S->n_cnodes; v++) R->hoff[v + 1] += R->hoff[v];
    if (!(R->heap = mu_alloc((size_t)R->hoff[S->n_cnodes] + 1, sizeof *R->heap, S->err))) return MU_ENOMEM;
    memset(S->cnt, 0, (size_t)S->n_cnodes * sizeof *S->cnt);
    R->fast = 1;
    return MU_OK;
}

/* Leaves the exchange rule: the held pairs, by precedence, for offer(). */
static void stop_fast(run *R) {
    cda *S = R->S;
    R->n_held = 0;
    for (int64_t i = 0; i < S->n; i++)
        if (R->in[S->by_prec[i]]) R->held[R->n_held++] = S->by_prec[i];
    R->fast = 0;
}

/* Free applicants propose down their lists until none is left. */
static void propose_all(run *R) {
    cda *S = R->S;
    while (R->top > 0) {
        if ((R->proposals & 255) == 0 && late(R)) {
            R->timed_out = 1;
            return;
        }
        int32_t a = R->stack[--R->top];
        int64_t lo = S->pb->pairs.app_off[a];
        if (R->hold[a] >= 0 || R->next[a] >= S->pb->pairs.app_off[a + 1] - lo) continue;
        int64_t p = S->sorder[lo + R->next[a]++];
        R->proposals++;
        if (R->fast) offer_fast(R, p);
        else offer(R, p);
    }
}

/* ---- company-proposing: the hierarchy offers its choice among the pairs
 * nobody turned down; each applicant keeps its best offer. */
static int hierarchy_proposing(run *R, int32_t *rounds) {
    cda *S = R->S;
    uint8_t *alive = mu_alloc((size_t)S->n + 1, 1, S->err);
    uint8_t *offered = mu_calloc((size_t)S->n + 1, 1, S->err);
    int64_t *list = mu_alloc((size_t)S->n + 1, sizeof *list, S->err);
    uint8_t *ok = mu_alloc((size_t)S->n + 1, 1, S->err);
    if (!alive || !offered || !list || !ok) {
        free(alive), free(offered), free(list), free(ok);
        return MU_ENOMEM;
    }
    memset(alive, 1, (size_t)S->n);
    for (;;) {
        if (late(R)) {
            R->timed_out = 1;
            break;
        }
        int64_t m = 0;
        for (int64_t i = 0; i < S->n; i++)
            if (alive[S->by_prec[i]]) list[m++] = S->by_prec[i];
        choose(S, list, m, ok);
        for (int32_t a = 0; a < S->na; a++) R->hold[a] = -1;
        for (int64_t i = 0; i < m; i++) {
            if (!ok[i]) continue;
            int64_t p = list[i];
            int32_t a = S->pr->pair_app[p];
            R->proposals += !offered[p];
            offered[p] = 1;
            if (R->hold[a] < 0 || S->spos[p] < S->spos[R->hold[a]]) R->hold[a] = p;
        }
        int64_t turned_down = 0;
        for (int64_t i = 0; i < m; i++)
            if (ok[i] && R->hold[S->pr->pair_app[list[i]]] != list[i]) alive[list[i]] = 0, turned_down++;
        (*rounds)++;
        if (!turned_down) break;
    }
    /* the state deferred acceptance resumes from, should blocking pairs need resolving */
    R->n_held = 0;
    for (int64_t i = 0; i < S->n; i++) {
        int64_t p = S->by_prec[i];
        if (R->hold[S->pr->pair_app[p]] == p) R->held[R->n_held++] = p;
    }
    for (int32_t a = 0; a < S->na; a++) {
        int64_t lo = S->pb->pairs.app_off[a];
        R->next[a] = R->hold[a] >= 0 ? S->spos[R->hold[a]] + 1 : (int32_t)(S->pb->pairs.app_off[a + 1] - lo);
    }
    free(alive), free(offered), free(list), free(ok);
    return MU_OK;
}

/* ---- resolving the blocking pairs left (caps over applicants only) */

static int resolve(run *R, int64_t *repairs, int64_t *left) {
    cda *S = R->S;
    int64_t *app_pair = mu_alloc((size_t)S->na + 1, sizeof *app_pair, S->err);
    int64_t *list = mu_alloc((size_t)S->n + 1, sizeof *list, S->err);
    uint8_t *tried = mu_calloc((size_t)S->n + 1, 1, S->err);
    if (!app_pair || !list || !tried) {
        free(app_pair), free(list), free(tried);
        return MU_ENOMEM;
    }
    int64_t limit = 10 * (int64_t)S->na + 100, count = 0;
    int rc = MU_OK;
    for (;;) {
        for (int32_t a = 0; a < S->na; a++) app_pair[a] = R->hold[a];
        count = mu_qstable_blocking(S->pb, S->pr, app_pair, list, S->n, S->err);
        if (count < 0) {
            rc = MU_ENOMEM;
            break;
        }
        if (count == 0 || *repairs >= limit || R->timed_out) break;
        if (late(R)) {
            R->timed_out = 1;
            break;
        }
        /* the first applicant with an untried blocking pair, at its best such host */
        int64_t p = -1;
        for (int64_t i = 0; i < count; i++) {
            int64_t q = list[i];
            if (tried[q]) continue;
            if (p >= 0 && S->pr->pair_app[q] != S->pr->pair_app[p]) break;
            if (p < 0 || S->spos[q] < S->spos[p]) p = q;
        }
        if (p < 0) break;
        (*repairs)++;
        int32_t a = S->pr->pair_app[p];
        int64_t y = R->hold[a];
        if (y >= 0) remove_held(R, y), R->hold[a] = -1;
        int32_t top = R->top;
        if (!offer(R, p) && R->top == top + 1) {
            /* turned down at once, nothing else moved (the held pairs less y were feasible): a keeps its seat */
            tried[p] = 1;
            R->top--;
            if (y >= 0) insert_held(R, y), R->hold[a] = y;
            continue;
        }
        R->next[a] = S->spos[p] + 1;
        propose_all(R);
    }
    *left = count;
    free(app_pair), free(list), free(tried);
    return rc;
}

/* ---- the engine */

static int check_rows(cda *S, const int32_t *app_com) {
    const mu_problem *pb = S->pb;
    uint8_t *chosen = mu_calloc((size_t)S->n + 1, 1, S->err);
    if (!chosen) return MU_ENOMEM;
    for (int32_t a = 0; a < S->na; a++)
        if (app_com[a] >= 0) chosen[mu_pairs_find(&pb->pairs, a, app_com[a])] = 1;
    int rc = MU_OK;
    for (int32_t r = 0; r < pb->n_rows && !rc; r++) {
        int64_t count = 0;
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) count += chosen[pb->row_pair[k]];
        char label[256];
        row_label(S, r, label, sizeof label);
        if (count > pb->rows[r].max)
            rc = mu_err(S->err, MU_EINTERNAL, "--engine %s: quota row %s has %lld placements, above its maximum %lld",
                        S->name, label, (long long)count, (long long)pb->rows[r].max);
        else if (count < pb->rows[r].min)
            rc = mu_err(S->err, MU_EUSAGE,
                        "--engine %s: its matching misses the floor of quota row %s (%lld placements, at least %lld): "
                        "the floor's seats were reserved, but too few applicants rank those hosts above what they got; "
                        "use stable-optimal or almost-stable",
                        S->name, label, (long long)count, (long long)pb->rows[r].min);
    }
    free(chosen);
    return rc;
}

int mu_cda_solve(const mu_problem *pb, const mu_prefs *pr, const mu_options *opt, int side, const char *name,
                 double deadline, int32_t *app_com, mu_cda_stats *st, mu_error *err) {
    MU_REQUIRE(pb && pr && opt && name && app_com && st);
    memset(st, 0, sizeof *st);
    cda S = {
        .pb = pb, .pr = pr, .name = name, .err = err, .na = pb->inst->n_app, .nc = pb->inst->n_com, .n = pb->pairs.n};
    int8_t *side_of = mu_calloc((size_t)pb->n_rows + 1, 1, err);
    run R = {.S = &S, .deadline = deadline};
    int rc = MU_ENOMEM;
    if (!side_of) goto done;
    if ((rc = classify(&S, side_of, &st->floors)) || (rc = build_host_tree(&S, side_of)) ||
        (rc = build_applicant_caps(&S, side_of)) || (rc = build_orders(&S, opt)))
        goto done;
    st->host_rows = S.n_crow, st->applicant_rows = S.n_grow;
    rc = MU_ENOMEM;
    S.cnt = mu_calloc((size_t)S.n_cnodes + 1, sizeof *S.cnt, err);
    S.gcnt = mu_calloc((size_t)S.n_grow + 1, sizeof *S.gcnt, err);
    R.held = mu_alloc((size_t)S.n + 2, sizeof *R.held, err);
    R.ok = mu_alloc((size_t)S.n + 2, 1, err);
    R.hold = mu_alloc((size_t)S.na + 1, sizeof *R.hold, err);
    R.next = mu_calloc((size_t)S.na + 1, sizeof *R.next, err);
    R.stack = mu_alloc((size_t)S.na + 1, sizeof *R.stack, err);
    if (!S.cnt || !S.gcnt || !R.held || !R.ok || !R.hold || !R.next || !R.stack) goto done;
    for (int32_t a = 0; a < S.na; a++) R.hold[a] = -1;
    if (side == MU_DA_COMPANY_PROPOSING) {
        if ((rc = hierarchy_proposing(&R, &st->rounds))) goto done;
    } else {
        for (int32_t a = S.na - 1; a >= 0; a--) R.stack[R.top++] = a; /* applicant 0 proposes first */
        if (S.n_grow == 0 && (rc = start_fast(&R))) goto done;
        propose_all(&R);
        if (R.fast) stop_fast(&R);
    }
    if (!R.timed_out && (rc = resolve(&R, &st->repairs, &st->blocking))) goto done;
    st->proposals = R.proposals;
    st->timed_out = R.timed_out;
    rc = MU_OK;
    if (R.timed_out) goto done;
    for (int32_t a = 0; a < S.na; a++) app_com[a] = R.hold[a] >= 0 ? pb->pairs.com[R.hold[a]] : -1;
    rc = check_rows(&S, app_com);
done:
    free(side_of), free(R.held), free(R.ok), free(R.hold), free(R.next), free(R.stack);
    free(R.hoff), free(R.hsize), free(R.heap), free(R.in);
    cda_free(&S);
    return rc;
}
