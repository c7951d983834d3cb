/* Laminar quota sets: detection and the network they make (engine/laminar.h).
 *
 * Every row of the program — an applicant's (at most one placement), a
 * company's (its capacity) and each quota row — is a set of pairs. When the
 * rows split into two laminar families, one on each side, the constraint
 * matrix is a network matrix (totally unimodular; Schrijver, "Combinatorial
 * Optimization", 2003, section 41.2 on laminar families and network
 * matrices), and the program is a min-cost flow:
 *
 *   S -> (applicant-side rows, outermost first) -> applicant a
 *     -> pair (a, c), cost -w -> (company-side rows, innermost first) -> T
 *
 * with each row an arc whose bounds are the row's [min, max], plus an arc
 * S -> T for everyone left out. "One intern per nationality per host" sits
 * inside each host, regional floors and caps over whole hosts sit above
 * them, a cap on a nationality over all hosts sits above its applicants:
 * all laminar. A floor per region and nationality crosses both sides and
 * is not.
 *
 * Sides: a quota row that holds every pair of each applicant it touches is a
 * union of applicant rows and goes to the applicant side; any other must lie
 * within one company or hold every pair of each company it touches, and goes
 * to the company side. Laminarity of a side: for each pair, the side's rows
 * holding it, largest first (ties: quota rows before the entity's own row,
 * then by index), must form a chain whose links are the same for every pair
 * of a row: each row then has one parent, the next larger row. If two rows
 * overlapped without nesting, some pair of the smaller would reach, through
 * the same parents, a row that does not hold it. */
#include <stdlib.h>
#include <string.h>

#include "engine/laminar.h"

void mu_laminar_free(mu_laminar *L) {
    free(L->app_parent), free(L->com_parent), free(L->row_parent), free(L->row_app_side), free(L->pair_leaf);
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
    L->row_app_side = mu_alloc((size_t)n_rows + 1, sizeof *L->row_app_side, err);
    L->pair_leaf = mu_alloc((size_t)n + 1, sizeof *L->pair_leaf, err);
    link *chain = mu_alloc((size_t)n_rows + 2, sizeof *chain, err);
    if (!com_deg || !com_cnt || !pair_app || !prow_off || !prow || !parent || !L->row_app_side || !L->pair_leaf ||
        !chain) {
        rc = MU_ENOMEM;
        goto done;
    }
    for (int32_t a = 0; a < n_app; a++)
        for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++) pair_app[p] = a, com_deg[P->com[p]]++;
    for (int64_t k = 0; k < pb->row_off[n_rows]; k++) prow_off[pb->row_pair[k] + 2]++;
    for (int64_t p = 0; p < n; p++) prow_off[p + 2] += prow_off[p + 1];
    for (int32_t r = 0; r < n_rows; r++)
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) prow[prow_off[pb->row_pair[k] + 1]++] = r;
    /* Sides. A row's pairs are increasing, hence grouped by applicant. */
    for (int32_t r = 0; ok && r < n_rows; r++) {
        int64_t lo = pb->row_off[r], hi = pb->row_off[r + 1];
        int app_closed = 1, one_company = 1, com_closed = 1;
        for (int64_t k = lo; k < hi;) {
            int32_t a = pair_app[pb->row_pair[k]];
            int64_t j = k;
            while (j < hi && pair_app[pb->row_pair[j]] == a) j++;
            app_closed &= j - k == P->app_off[a + 1] - P->app_off[a];
            k = j;
        }
        for (int64_t k = lo; k < hi; k++) {
            int32_t c = P->com[pb->row_pair[k]];
            one_company &= c == P->com[pb->row_pair[lo]];
            com_cnt[c]++;
        }
        for (int64_t k = lo; k < hi; k++) {
            int32_t c = P->com[pb->row_pair[k]];
            com_closed &= com_cnt[c] == com_deg[c];
        }
        for (int64_t k = lo; k < hi; k++) com_cnt[P->com[pb->row_pair[k]]] = 0;
        L->row_app_side[r] = (uint8_t)app_closed;
        if (!app_closed && !one_company && !com_closed) {
            char label[160];
            mu_qrow_label(pb, r, label, sizeof label);
            snprintf(why, why_n, "quota row %s takes part of several companies' pairs and part of several applicants'",
                     label);
            ok = 0;
        }
    }
    /* Chains, side by side. */
    for (int32_t s = 0; s < n_rows + n_app + n_com; s++) parent[s] = -2; /* -2: not seen yet, -1: a root */
    for (int side = 0; ok && side < 2; side++)
        for (int64_t p = 0; ok && p < n; p++) {
            int32_t len = 0;
            for (int64_t k = prow_off[p]; k < prow_off[p + 1]; k++) {
                int32_t r = prow[k];
                if (L->row_app_side[r] == (side == 0)) chain[len++] = (link){pb->row_off[r + 1] - pb->row_off[r], r};
            }
            int32_t a = pair_app[p], c = P->com[p];
            if (side == 0) chain[len++] = (link){P->app_off[a + 1] - P->app_off[a], n_rows + a};
            else chain[len++] = (link){com_deg[c], n_rows + n_app + c};
            qsort(chain, (size_t)len, sizeof *chain, cmp_link);
            for (int32_t i = 0; ok && i < len; i++) {
                int32_t id = chain[i].id, up = i ? chain[i - 1].id : -1;
                if (parent[id] == -2) parent[id] = up;
                else if (parent[id] != up) {
                    char label[160];
                    if (id < n_rows) mu_qrow_label(pb, id, label, sizeof label);
                    else snprintf(label, sizeof label, "%s %s", id < n_rows + n_app ? "applicant" : "company",
                                  id < n_rows + n_app ? inst->app_ids.str[id - n_rows] : inst->com_ids.str[id - n_rows - n_app]);
                    snprintf(why, why_n, "%s overlaps another %s-side row without nesting in it", label,
                             side == 0 ? "applicant" : "company");
                    ok = 0;
                }
            }
            if (side == 1) L->pair_leaf[p] = chain[len - 1].id;
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
    if (rc || !L->laminar) {
        uint8_t laminar = 0;
        mu_laminar_free(L);
        L->laminar = laminar;
    }
    return rc;
}
