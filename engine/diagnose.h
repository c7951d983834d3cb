/* Why an instance is infeasible (engine/diagnose.c): a smallest set of
 * constraints that cannot hold together, an irreducible infeasible subset
 * (IIS) over the quota rows' floors and ceilings and the hosts' capacities,
 * found by a deletion filter with GLPK as the feasibility oracle.
 *
 * For every floor in the set, the rules of the audit that shut applicants
 * out of its pairs are counted, since a floor that cannot be met is most often
 * a floor over too few eligible applicants: the rules say why they are few. */
#ifndef MU_DIAGNOSE_H
#define MU_DIAGNOSE_H

#include "engine/problem.h"
#include "model/solution.h"

typedef struct mu_diagnosis {
    int minimal; /* 1: every member is needed (an IIS); 0: the time ran out before the filter ended */
    int32_t n;   /* members */
    mu_conflict *c;
    int64_t oracle_calls;
    double seconds;
} mu_diagnosis;

/* Diagnoses pb, whose program has no feasible assignment, within `seconds`
 * (0: no limit). Sets *out; out->n == 0 when the program turns out
 * feasible. Returns MU_OK, MU_ENOMEM or MU_EINTERNAL. pb is left as it was. */
int mu_diagnose(mu_problem *pb, const mu_options *opt, double seconds, mu_diagnosis *out, mu_error *err);
void mu_diagnosis_free(mu_diagnosis *d);

/* One line for people: "quota row kansai-floor needs at least 2 placements
 * (1 eligible applicant: 3 pairs excluded by language, 1 by age); host C2
 * has 1 seat". */
void mu_diagnosis_text(const mu_diagnosis *d, char *buf, size_t n);

#endif
