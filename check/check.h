/* The independent checker (check/check.c): recomputes, from the instance
 * alone, eligibility, weights, capacities, quotas and the objective of an
 * assignment, and verifies a dual certificate. It shares no code with the
 * formulation or the engines (it sits below them: check/ includes only
 * model/ and base/), so a bug there cannot hide itself here. The file form is
 * the public mu_check_file of musubi.h. */
#ifndef MU_CHECK_H
#define MU_CHECK_H

#include <stdio.h>

#include "model/instance.h"

/* The checker on an assignment in memory (app_com[a] = company or -1):
 * returns the number of violations (eligibility, capacity, quotas), each
 * printed to report when not NULL, and the recomputed objective. */
int64_t mu_check_assignment(const mu_instance *inst, const int32_t *app_com, int64_t *objective, FILE *report);
/* The same, each violation prefixed with source (the file the assignment
 * came from) where mu_check_assignment says "assignment". */
int64_t mu_check_assignment_from(const mu_instance *inst, const int32_t *app_com, const char *source,
                                 int64_t *objective, FILE *report);

#endif
