/* Laminar quota sets: detection and the network they make (engine/laminar.h).
 *
 * Every row of the program — an applicant's (at most one placement), a
 * company's (its capacity) and each quota row — is a set of pairs. When the
 * rows split into two laminar families, one holding the applicants' rows and
 * the other the companies', the constraint matrix is a network matrix
 * (totally unimodular; Schrijver, "Combinatorial Optimization", 2003, section
 * 41.2 on laminar families and network matrices), and the program is a
 * min-cost flow:
 *
 *   S -> (applicant-side rows, outermost first) -> applicant a
 *     -> (applicant-side rows inside a's pairs) -> pair (a, c), cost -w
 *     -> (company-side rows, innermost first) -> T
 *
 * with each row an arc whose bounds are the row's [min, max], plus an arc
 * S -> T for everyone left out. "One intern per nationality per host" sits
 * inside each host, regional floors and caps over whole hosts sit above
 * them, a cap on a nationality over all hosts sits above its applicants:
 * all laminar. A floor per region and nationality crosses both sides and
 * is not.
 *
 * Two sets cross when they share a pair and neither holds the other; a
 * family is laminar when no two of its sets cross. The rows split into two
 * laminar families exactly when each row can be given a side so that no two
 * rows of one side cross — a 2-colouring of the crossing graph in which the
 * applicants' rows (which never cross each other) are one colour and the
 * companies' rows the other. So:
 *
 * 1. A quota row that crosses an applicant's row (it holds part of that
 *    applicant's pairs and pairs of another applicant) must be company-side;
 *    one that crosses a company's row must be applicant-side; one that
 *    crosses both is refused. A row crosses some applicant's row exactly
 *    when it touches two applicants or more and does not hold every pair of
 *    each (likewise for companies).
 * 2. A row that crosses neither (a "free" row: say, every pair of the hosts
 *    outside Kanto when their applicants have no other host, so it is a
 *    union of applicants' rows and of companies' rows at once) takes the
 *    side opposite to each sided row it crosses, and opposite to each free
 *    row it crosses, by breadth-first search; a free row that crosses rows
 *    of both sides, or a cycle of free rows of odd length, is refused. A
 *    free row that crosses nothing sided goes to the applicant side when it
 *    is a union of applicants' rows, else to the company side.
 * 3. Laminarity of each side, which also gives the trees: for each pair, the
 *    side's rows holding it, largest first (ties: quota rows before the
 *    entity's own row, then by index), must form a chain whose links are
 *    the same for every pair of a row: each row then has one parent, the
 *    next larger row. If two rows of a side crossed, some pair of the
 *    smaller would reach, through the same parents, a row that does not
 *    hold it; the message then names two rows that cross (among the row and
 *    its two candidate parents some two do: if none did, both parents would
 *    hold the row and nest, and the smaller would lie between the larger
 *    and the row in every chain).
 *
 * Cost: step 3 sorts each pair's chain; step 2 counts, for each free row,
 * its overlap with each row sharing a pair (sum over its pairs of their
 * number of rows). Everything runs in index order: the sides and the trees
 * are the same on every run. */
#include <stdlib.h>
#include <string.h>

#include "engine/laminar.h"

void mu_laminar_free(mu_laminar *L) {
    free(L->app_parent), free(L->com_parent), free(L->row_parent), free(L->row_app_side);
    free(L->pair_app_leaf), free(L->pair_com_leaf);
    *L = (mu_laminar){0};
}

/* Sort key of a set in a chain: larger first; among equals, quota rows
 * (id < n_rows) before the entity's own row, then by id. */
typedef struct link {
    int64_t size;
    int32_t id;
} link;
static int cmp_link(const void *x, const void *y) {
    const link *a = x, *b = y;
    if (a->size != b->size) return a->size > b->size ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* The sets by id: 0..n_rows-1 quota rows, then applicants, then companies. */
typedef struct sets {
    const mu_problem *pb;
    const int32_t *pair_app;
    const int64_t *com_deg;
} sets;

static int64_t set_size(const sets *S, int32_t id) {
    const mu_problem *pb = S->pb;
    int32_t n_rows = pb->n_rows, n_app = pb->inst->n_app;
    if (id < n_rows) return pb->row_off[id + 1] - pb->row_off[id];
    if (id < n_rows + n_app) return pb->pairs.app_off[id - n_rows + 1] - pb->pairs.app_off[id - n_rows];
    return S->com_deg[id - n_rows - n_app];
}

static int set_has(const sets *S, int32_t id, int64_t p) {
    const mu_problem *pb = S->pb;
    int32_t n_rows = pb->n_rows, n_app = pb->inst->n_app;
    if (id >= n_rows + n_app) return pb->pairs.com[p] == id - n_rows - n_app;
    if (id >= n_rows) return S->pair_app[p] == id - n_rows;
    int64_t lo = pb->row_off[id], hi = pb->row_off[id + 1]; /* increasing */
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (pb->row_pair[mid] < p) lo = mid + 1;
        else hi = mid;
    }
    return lo < pb->row_off[id + 1] && pb->row_pair[lo] == p;
}

/* Do sets x and y cross? Only on the refusal path: a company's pairs are
 * found by a scan of all pairs. */
static int sets_cross(const sets *S, int32_t x, int32_t y) {
    const mu_problem *pb = S->pb;
    int64_t common = 0;
    for (int64_t p = 0; p < pb->pairs.n; p++) common += set_has(S, x, p) && set_has(S, y, p);
    return common > 0 && common < set_size(S, x) && common < set_size(S, y);
}

static void set_label(const sets *S, int32_t id, char *buf, size_t n) {
    const mu_problem *pb = S->pb;
    const mu_instance *inst = pb->inst;
    int32_t n_rows = pb->n_rows, n_app = inst->n_app;
    if (id < n_rows) mu_qrow_label(pb, id, buf, n);
    else if (id < n_rows + n_app) snprintf(buf, n, "applicant %s", inst->app_ids.str[id - n_rows]);
    else snprintf(buf, n, "company %s", inst->com_ids.str[id - n_rows - n_app]);
}

/* Step 3 failed at set id, whose chain parent is up at one pair and prev at
 * another: name two of the three that cross. */
static void why_not_nested(const sets *S, int32_t id, int32_t up, int32_t prev, int side, char *why, size_t why_n) {
    int32_t cand[3][2] = {{id, up}, {id, prev}, {up, prev}};
    const char *what = side == 0 ? "applicant" : "company";
    char a[120], b[120];
    for (int k = 0; k < 3; k++) {
        int32_t x = cand[k][0], y = cand[k][1];
        if (x < 0 || y < 0 || !sets_cross(S, x, y)) continue;
        set_label(S, x, a, sizeof a);
        set_label(S, y, b, sizeof b);
        snprintf(why, why_n, "%s overlaps %s without nesting in it, and both are %s-side rows", a, b, what);
        return;
    }
    set_label(S, id, a, sizeof a);
    snprintf(why, why_n, "%s overlaps another %s-side row without nesting in it", a, what);
}

int mu_laminar_detect(const mu_problem *pb, mu_laminar *L, char *why, size_t why_n, mu_error *err) {
    *L = (mu_laminar){0};
    why[0] = '\0';
    const mu_instance *inst = pb->inst;
    const mu_pairs *P = &pb->pairs;
    int32_t n_app = inst->n_app, n_com = inst->n_com, n_rows = pb->n_rows;
    int64_t n = P->n;
    int rc = MU_OK, ok = 1;
    int64_t *com_deg = mu_calloc((size_t)n_com + 1, sizeof *com_deg, err);
    int64_t *com_cnt = mu_calloc((size_t)n_com + 1, sizeof *com_cnt, err);
    int32_t *pair_app = mu_alloc((size_t)n + 1, sizeof *pair_app, err);
    int64_t *prow_off = mu_calloc((size_t)n + 2, sizeof *prow_off, err);
    int32_t *prow = mu_alloc((size_t)pb->row_off[n_rows] + 1, sizeof *prow, err);
    /* parents of sets: ids 0..n_rows-1 quota rows, then applicants, then companies */
    int32_t *parent = mu_alloc((size_t)n_rows + n_app + n_com + 1, sizeof *parent, err);
    int8_t *side = mu_alloc((size_t)n_rows + 1, sizeof *side, err);     /* 0 applicant, 1 company, -1 free */
    int8_t *colour = mu_alloc((size_t)n_rows + 1, sizeof *colour, err); /* free rows: the side given, -1 none yet */
    uint8_t *app_closed = mu_alloc((size_t)n_rows + 1, sizeof *app_closed, err);
    int32_t *need_by = mu_alloc((size_t)n_rows + 1, sizeof *need_by, err); /* the sided row that set colour */
    uint8_t *seen = mu_calloc((size_t)n_rows + 1, sizeof *seen, err);      /* free rows reached by the search */
    int64_t *overlap = mu_calloc((size_t)n_rows + 1, sizeof *overlap, err);
    int32_t *touched = mu_alloc((size_t)n_rows + 1, sizeof *touched, err);
    int32_t *queue = mu_alloc((size_t)n_rows + 1, sizeof *queue, err);
    int64_t *edge_off = mu_calloc((size_t)n_rows + 1, sizeof *edge_off, err); /* free rows' free neighbours */
    int32_t *edge = NULL;
    int64_t n_edges = 0, cap_edges = 0;
    L->row_app_side = mu_alloc((size_t)n_rows + 1, sizeof *L->row_app_side, err);
    L->pair_app_leaf = mu_alloc((size_t)n + 1, sizeof *L->pair_app_leaf, err);
    L->pair_com_leaf = mu_alloc((size_t)n + 1, sizeof *L->pair_com_leaf, err);
    link *chain = mu_alloc((size_t)n_rows + 2, sizeof *chain, err);
    if (!com_deg || !com_cnt || !pair_app || !prow_off || !prow || !parent || !side || !colour || !app_closed ||
        !need_by || !seen || !overlap || !touched || !queue || !edge_off || !L->row_app_side || !L->pair_app_leaf ||
        !L->pair_com_leaf || !chain) {
        rc = MU_ENOMEM;
        goto done;
    }
    for (int32_t a = 0; a < n_app; a++)
        for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++) pair_app[p] = a, com_deg[P->com[p]]++;
    for (int64_t k = 0; k < pb->row_off[n_rows]; k++) prow_off[pb->row_pair[k] + 2]++;
    for (int64_t p = 0; p < n; p++) prow_off[p + 2] += prow_off[p + 1];
    for (int32_t r = 0; r < n_rows; r++)
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) prow[prow_off[pb->row_pair[k] + 1]++] = r;
    const sets S = {pb, pair_app, com_deg};
    char la[120], lb[120], lc[120];

    /* 1. Sides forced by the entities' rows. A row's pairs are increasing,
     * hence grouped by applicant. */
    for (int32_t r = 0; ok && r < n_rows; r++) {
        int64_t lo = pb->row_off[r], hi = pb->row_off[r + 1];
        int closed = 1, n_apps = 0, n_coms = 0, com_closed = 1;
        for (int64_t k = lo; k < hi;) {
            int32_t a = pair_app[pb->row_pair[k]];
            int64_t j = k;
            while (j < hi && pair_app[pb->row_pair[j]] == a) j++;
            closed &= j - k == P->app_off[a + 1] - P->app_off[a];
            n_apps++;
            k = j;
        }
        for (int64_t k = lo; k < hi; k++) n_coms += com_cnt[P->com[pb->row_pair[k]]]++ == 0;
        for (int64_t k = lo; k < hi; k++) {
            int32_t c = P->com[pb->row_pair[k]];
            com_closed &= com_cnt[c] == com_deg[c];
        }
        for (int64_t k = lo; k < hi; k++) com_cnt[P->com[pb->row_pair[k]]] = 0;
        int crosses_app = n_apps >= 2 && !closed, crosses_com = n_coms >= 2 && !com_closed;
        app_closed[r] = (uint8_t)closed;
        side[r] = crosses_com ? 0 : crosses_app ? 1 : -1;
        colour[r] = side[r];
        need_by[r] = -1;
        if (crosses_app && crosses_com) {
            mu_qrow_label(pb, r, la, sizeof la);
            snprintf(why, why_n, "quota row %s takes part of several companies' pairs and part of several applicants'",
                     la);
            ok = 0;
        }
    }

    /* 2. Free rows: what each crosses. */
    for (int32_t f = 0; ok && f < n_rows; f++) {
        edge_off[f] = n_edges;
        if (side[f] >= 0) continue;
        int32_t n_touched = 0;
        for (int64_t k = pb->row_off[f]; k < pb->row_off[f + 1]; k++) {
            int64_t p = pb->row_pair[k];
            for (int64_t j = prow_off[p]; j < prow_off[p + 1]; j++)
                if (overlap[prow[j]]++ == 0) touched[n_touched++] = prow[j];
        }
        int64_t size_f = pb->row_off[f + 1] - pb->row_off[f];
        for (int32_t t = 0; ok && t < n_touched; t++) {
            int32_t r = touched[t];
            int64_t common = overlap[r];
            if (r == f || common >= size_f || common >= pb->row_off[r + 1] - pb->row_off[r]) continue;
            if (side[r] >= 0) { /* a sided row: f goes to the other side */
                if (colour[f] < 0) colour[f] = (int8_t)(1 - side[r]), need_by[f] = r;
                else if (colour[f] == side[r]) { /* need_by[f] is on the other side */
                    mu_qrow_label(pb, f, la, sizeof la);
                    mu_qrow_label(pb, side[r] == 0 ? r : need_by[f], lb, sizeof lb);
                    mu_qrow_label(pb, side[r] == 0 ? need_by[f] : r, lc, sizeof lc);
                    snprintf(why, why_n,
                             "%s overlaps %s (applicant-side) and %s (company-side) without nesting in either", la, lb,
                             lc);
                    ok = 0;
                }
            } else {
                if (n_edges == cap_edges) {
                    cap_edges = cap_edges ? 2 * cap_edges : 64;
                    int32_t *grown = mu_realloc_array(edge, (size_t)cap_edges, sizeof *edge, err);
                    if (!grown) {
                        rc = MU_ENOMEM;
                        ok = 0;
                        break;
                    }
                    edge = grown;
                }
                edge[n_edges++] = r;
            }
        }
        for (int32_t t = 0; t < n_touched; t++) overlap[touched[t]] = 0;
    }
    if (rc) goto done;
    edge_off[n_rows] = n_edges;
    /* ... and their sides: breadth-first from the rows a sided row placed,
     * then from each remaining free row by index. */
    for (int pass = 0; ok && pass < 2; pass++)
        for (int32_t root = 0; ok && root < n_rows; root++) {
            if (side[root] >= 0 || seen[root] || (pass == 0 ? need_by[root] < 0 : colour[root] >= 0)) continue;
            if (pass == 1) colour[root] = app_closed[root] ? 0 : 1;
            int32_t head = 0, tail = 0;
            queue[tail++] = root, seen[root] = 1;
            while (ok && head < tail) {
                int32_t f = queue[head++];
                for (int64_t e = edge_off[f]; ok && e < edge_off[f + 1]; e++) {
                    int32_t g = edge[e];
                    if (colour[g] == colour[f]) {
                        mu_qrow_label(pb, f, la, sizeof la);
                        mu_qrow_label(pb, g, lb, sizeof lb);
                        snprintf(why, why_n,
                                 "%s overlaps %s without nesting in it, and the rows they overlap leave no way to "
                                 "put them on different sides",
                                 la, lb);
                        ok = 0;
                    } else if (!seen[g]) {
                        colour[g] = (int8_t)(1 - colour[f]);
                        queue[tail++] = g, seen[g] = 1;
                    }
                }
            }
        }
    for (int32_t r = 0; r < n_rows; r++) L->row_app_side[r] = (uint8_t)(colour[r] == 0);

    /* 3. Chains, side by side. */
    for (int32_t s = 0; s < n_rows + n_app + n_com; s++) parent[s] = -2; /* -2: not seen yet, -1: a root */
    for (int sd = 0; ok && sd < 2; sd++)
        for (int64_t p = 0; ok && p < n; p++) {
            int32_t len = 0;
            for (int64_t k = prow_off[p]; k < prow_off[p + 1]; k++) {
                int32_t r = prow[k];
                if (L->row_app_side[r] == (sd == 0)) chain[len++] = (link){pb->row_off[r + 1] - pb->row_off[r], r};
            }
            int32_t a = pair_app[p], c = P->com[p];
            if (sd == 0) chain[len++] = (link){P->app_off[a + 1] - P->app_off[a], n_rows + a};
            else chain[len++] = (link){com_deg[c], n_rows + n_app + c};
            qsort(chain, (size_t)len, sizeof *chain, cmp_link);
            for (int32_t i = 0; ok && i < len; i++) {
                int32_t id = chain[i].id, up = i ? chain[i - 1].id : -1;
                if (parent[id] == -2) parent[id] = up;
                else if (parent[id] != up) {
                    why_not_nested(&S, id, up, parent[id], sd, why, why_n);
                    ok = 0;
                }
            }
            if (sd == 0) L->pair_app_leaf[p] = chain[len - 1].id;
            else L->pair_com_leaf[p] = chain[len - 1].id;
        }
    if (!ok) goto done;
    L->app_parent = mu_alloc((size_t)n_app + 1, sizeof *L->app_parent, err);
    L->com_parent = mu_alloc((size_t)n_com + 1, sizeof *L->com_parent, err);
    L->row_parent = mu_alloc((size_t)n_rows + 1, sizeof *L->row_parent, err);
    if (!L->app_parent || !L->com_parent || !L->row_parent) {
        rc = MU_ENOMEM;
        goto done;
    }
    for (int32_t r = 0; r < n_rows; r++) L->row_parent[r] = parent[r];
    for (int32_t a = 0; a < n_app; a++) L->app_parent[a] = parent[n_rows + a];
    for (int32_t c = 0; c < n_com; c++) L->com_parent[c] = parent[n_rows + n_app + c];
    L->laminar = 1;
done:
    free(com_deg), free(com_cnt), free(pair_app), free(prow_off), free(prow), free(parent), free(chain);
    free(side), free(colour), free(app_closed), free(need_by), free(seen), free(overlap), free(touched), free(queue);
    free(edge_off), free(edge);
    if (rc || !L->laminar) {
        uint8_t laminar = 0;
        mu_laminar_free(L);
        L->laminar = laminar;
    }
    return rc;
}
