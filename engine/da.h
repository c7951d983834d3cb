/* Deferred acceptance (Gale & Shapley 1962) for many-to-one matching with
 * capacities and incomplete lists: the hospitals/residents problem (Roth &
 * Sotomayor 1990, ch. 5; Gusfield & Irving 1989, 1.6). Applicant-proposing
 * gives the applicant-optimal stable matching, company-proposing the
 * company-optimal one.
 *
 * Input is plain arrays, so the bench can drive it without an instance: the
 * acceptable pairs applicant by applicant, each with both sides' ranks (1 is
 * best; equal ranks are ties). Ties are broken into strict orders:
 *   index     an applicant prefers the lower company index, a company the
 *             lower applicant index (the documented deterministic rule);
 *   single    one seeded lottery over companies shared by every applicant,
 *             and one over applicants shared by every company (single
 *             tie-breaking, Abdulkadiroglu, Pathak & Roth 2009);
 *   multiple  every applicant and every company draws its own lottery
 *             (multiple tie-breaking).
 * A lottery number is a pure function of (seed, who draws, whom): the result
 * depends on the seed only, never on the thread count. Equal lottery numbers
 * (a 2^-32 event) fall back to the index rule.
 *
 * Ownership: the caller owns every array; app_com is caller-allocated. */
#ifndef MU_DA_H
#define MU_DA_H

#include <stddef.h>
#include <stdint.h>

#include "musubi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mu_da_input {
    int32_t n_app, n_com;
    const int32_t *cap;      /* [n_com], >= 0 */
    const int64_t *app_off;  /* [n_app+1]: applicant a's pairs are app_off[a] .. app_off[a+1]-1 */
    const int32_t *pair_com; /* [pairs] company of each pair; distinct within an applicant */
    const int32_t *app_rank; /* [pairs] the applicant's rank of the company, >= 1 */
    const int32_t *com_rank; /* [pairs] the company's rank of the applicant, >= 1 */
    int tie_break;           /* MU_TIE_INDEX, MU_TIE_SINGLE or MU_TIE_MULTIPLE (musubi.h) */
    uint64_t seed;
} mu_da_input;

enum { MU_DA_APPLICANT_PROPOSING = 0, MU_DA_COMPANY_PROPOSING = 1 };

typedef struct mu_da_stats {
    int64_t proposals;
    double sec_prepare; /* strict orders: sorting lists, keys */
    double sec_propose; /* the proposals */
} mu_da_stats;

/* Runs deferred acceptance; app_com[a] = company of applicant a or -1.
 * threads <= 0: the OpenMP default (only the preparation is parallel).
 * Returns MU_OK, or MU_ENOMEM / MU_EINPUT (a broken contract: rank < 1,
 * company out of range) with a message in err. stats may be NULL. */
int mu_da_solve(const mu_da_input *in, int side, int threads, int32_t *app_com, mu_da_stats *stats, char *err,
                size_t errlen);

/* The strict order's keys, for references and tests: smaller is preferred;
 * equal keys fall back to the lower index. */
uint64_t mu_da_app_key(const mu_da_input *in, int32_t a, int64_t pair);
uint64_t mu_da_com_key(const mu_da_input *in, int32_t c, int32_t a, int64_t pair);

#ifdef __cplusplus
}
#endif
#endif
