/* Dual certificates: one mechanism for every engine that has prices.
 *
 * The LP relaxation of engine/problem.h (quota rows kept, extensions absent)
 * has the dual
 *     min  sum_a u_a + sum_c cap_c v_c + sum_r (mu_r max_r - nu_r min_r)
 *     s.t. u_a + v_c + sum_{r ni p} (mu_r - nu_r) >= w_p   for every pair p = (a, c)
 *          u, v, mu, nu >= 0,
 * and by weak duality every feasible dual point bounds the integer optimum.
 * An engine hands over company prices v and row prices lam = mu - nu (the
 * flow engine its exact duals, the heuristic the Lagrangian multipliers of its
 * best bound with the inner problem's duals, GLPK the rounded duals of its LP
 * relaxation), all integers scaled by S. Here the applicant prices are then
 * derived exactly, u_a = max(0, max_p (S w_p - v_c - lam_p)), the smallest
 * that make every pair feasible, so rounded or approximate prices still give
 * a valid certificate; its bound is floor(D / S) for the dual objective D,
 * computed in 128-bit integers. `musubi check` re-derives eligibility, the
 * weights and each pair's rows from the instance alone and verifies the same
 * inequalities and D (check/check.c).
 *
 * Every price written stays within 2^50 in magnitude, so it reads back from
 * JSON exactly; prices that would not are refused (no certificate). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/solution.h"
#include "engine/certify.h"

#define PRICE_LIMIT ((int64_t)1 << 50)

static int64_t floor_div128(__int128 a, int64_t b) {
    __int128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return (int64_t)q;
}

int mu_certify(const mu_problem *pb, const mu_result *res, mu_cert *cert, mu_error *err) {
    *cert = (mu_cert){0};
    if (!res->has_duals || !res->v || mu_problem_has_ext(pb)) return MU_OK;
    const mu_instance *inst = pb->inst;
    const mu_pairs *P = &pb->pairs;
    int64_t S = res->dual_scale > 0 ? res->dual_scale : 1;
    if (S > PRICE_LIMIT) return MU_OK;
    int64_t *u = mu_calloc((size_t)inst->n_app + 1, sizeof *u, err);
    int64_t *v = mu_alloc((size_t)inst->n_com + 1, sizeof *v, err);
    int64_t *lam = pb->n_rows && res->lam ? mu_calloc((size_t)pb->n_rows, sizeof *lam, err) : NULL;
    int64_t *plam = lam ? mu_calloc((size_t)P->n + 1, sizeof *plam, err) : NULL; /* each pair's row prices */
    int rc = MU_OK, ok = 1;
    if (!u || !v || (pb->n_rows && res->lam && (!lam || !plam))) {
        rc = MU_ENOMEM;
        goto done;
    }
    __int128 D = 0;
    for (int32_t c = 0; c < inst->n_com; c++) {
        v[c] = res->v[c] > 0 ? res->v[c] : 0;
        ok &= v[c] <= PRICE_LIMIT;
        D += (__int128)v[c] * inst->com[c].capacity;
    }
    for (int32_t r = 0; lam && r < pb->n_rows; r++) {
        const mu_qrow *q = &pb->rows[r];
        int64_t L = res->lam[r];
        if (L > 0 && q->max == INT64_MAX) L = 0; /* a price on a missing side bounds nothing */
        lam[r] = L;
        ok &= L <= PRICE_LIMIT && L >= -PRICE_LIMIT;
        D += (__int128)L * (L > 0 ? q->max : q->min);
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) plam[pb->row_pair[k]] += L;
    }
    for (int32_t a = 0; ok && a < inst->n_app; a++) {
        __int128 best = 0;
        for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++) {
            __int128 slack = (__int128)S * P->w[p] - v[P->com[p]] - (plam ? plam[p] : 0);
            if (slack > best) best = slack;
        }
        ok &= best <= PRICE_LIMIT;
        u[a] = (int64_t)(best <= PRICE_LIMIT ? best : 0);
        D += u[a];
    }
    if (!ok) goto done; /* prices too large to write exactly: no certificate */
    int32_t n_nz = 0;
    for (int32_t r = 0; lam && r < pb->n_rows; r++) n_nz += lam[r] != 0;
    if (n_nz) {
        cert->rows = mu_alloc((size_t)n_nz, sizeof *cert->rows, err);
        if (!cert->rows) {
            rc = MU_ENOMEM;
            goto done;
        }
        for (int32_t r = 0; r < pb->n_rows; r++)
            if (lam[r]) {
                const mu_qrow *q = &pb->rows[r];
                cert->rows[cert->n_rows++] = (mu_cert_row){q->quota, q->company, q->app_group, q->com_group, lam[r]};
            }
    }
    cert->scale = S;
    cert->bound = floor_div128(D, S);
    cert->u = u, cert->v = v;
    u = v = NULL;
done:
    free(u), free(v), free(lam), free(plam);
    return rc;
}

/* Rounds real prices (say, GLPK's LP duals) to integers scaled by a power of
 * two chosen so every scaled weight and price stays well inside PRICE_LIMIT;
 * mu_certify then derives exact applicant prices from them. */
int mu_duals_from_real(const mu_problem *pb, const double *v, const double *lam, mu_result *res, mu_error *err) {
    const mu_instance *inst = pb->inst;
    int64_t max_w = 1;
    for (int64_t p = 0; p < pb->pairs.n; p++)
        if (pb->pairs.w[p] > max_w) max_w = pb->pairs.w[p];
    int64_t S = (int64_t)1 << 20;
    while (S > 1 && (double)S * (double)max_w * 64.0 > (double)PRICE_LIMIT) S >>= 1;
    res->v = mu_alloc((size_t)inst->n_com + 1, sizeof *res->v, err);
    res->lam = pb->n_rows ? mu_alloc((size_t)pb->n_rows, sizeof *res->lam, err) : NULL;
    if (!res->v || (pb->n_rows && !res->lam)) {
        mu_result_free_duals(res);
        return MU_ENOMEM;
    }
    double lim = (double)PRICE_LIMIT / 2;
    for (int32_t c = 0; c < inst->n_com; c++) res->v[c] = (int64_t)llround(fmin(fmax(v[c] * (double)S, 0), lim));
    for (int32_t r = 0; r < pb->n_rows; r++) res->lam[r] = (int64_t)llround(fmin(fmax(lam[r] * (double)S, -lim), lim));
    res->dual_scale = S;
    res->has_duals = 1;
    return MU_OK;
}
