/* Dual certificates from an engine's prices (engine/certify.c). */
#ifndef MU_CERTIFY_H
#define MU_CERTIFY_H

#include "model/solution.h"
#include "engine/problem.h"

/* From res's prices (has_duals: v, lam, dual_scale), a certificate with exact
 * applicant prices and its bound; cert->scale is 0 when there is none (no
 * prices, extension rows or columns, or prices too large to write exactly). */
int mu_certify(const mu_problem *pb, const mu_result *res, mu_cert *cert, mu_error *err);
/* Sets res's prices from real company prices v[n_com] and row prices
 * lam[n_rows], rounded at a power-of-two scale. */
int mu_duals_from_real(const mu_problem *pb, const double *v, const double *lam, mu_result *res, mu_error *err);

#endif
