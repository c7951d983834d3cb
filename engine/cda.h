/* Deferred acceptance under quotas: ceilings that nest over the hosts
 * (regional and sector caps, a national budget, caps inside one host), floors
 * over them, and caps over whole applicants (nationalities). See cda.c for
 * the mechanism, its sources and what it guarantees; README "Policies".
 *
 * What it honours and what it refuses (a usage error naming the row):
 *   - a quota row that holds every eligible pair of each host it touches, or
 *     touches a single host, is a ceiling (and floor) over hosts; these must
 *     nest (laminar), with each other and with the hosts;
 *   - otherwise a row that holds every eligible pair of each applicant it
 *     touches is a cap over applicants (a nationality cap); these must nest
 *     with each other; a floor over applicants is refused;
 *   - a floor inside one host is refused; any other row (part of several
 *     hosts' and part of several applicants' pairs) is refused.
 * Host budgets are not handled (the policy engines refuse them before).
 *
 * Ownership: the caller owns pb, pr and app_com (n_app). Deterministic: the
 * result depends on the instance, --tie-break and --seed only. */
#ifndef MU_CDA_H
#define MU_CDA_H

#include "engine/prefs.h"

typedef struct mu_cda_stats {
    int64_t proposals;      /* applicant-proposing: proposals; company-proposing: offers made */
    int32_t host_rows;      /* quota rows honoured over hosts */
    int32_t applicant_rows; /* quota rows honoured over applicants */
    int32_t floors;         /* floors met by reserving seats */
    int32_t rounds;         /* company-proposing: offer rounds of the hierarchy */
    int64_t repairs;        /* quota-respecting blocking pairs resolved after deferred acceptance */
    int64_t blocking;       /* quota-respecting blocking pairs left (qstable.h) */
    int timed_out;          /* the deadline or a stop request came first: no matching */
} mu_cda_stats;

/* side: MU_DA_APPLICANT_PROPOSING or MU_DA_COMPANY_PROPOSING (da.h). name:
 * the engine, for messages. deadline: mu_now() seconds, 0 none. Returns MU_OK
 * with app_com filled (unless st->timed_out), MU_EUSAGE when the quotas are
 * outside what it honours or its matching misses a floor (err names the row),
 * MU_ENOMEM. */
int mu_cda_solve(const mu_problem *pb, const mu_prefs *pr, const mu_options *opt, int side, const char *name,
                 double deadline, int32_t *app_com, mu_cda_stats *st, mu_error *err);

#endif
