/* Host budgets (instances/FORMAT.md, "Host budgets") in the integer program. */
#ifndef MU_HOSTS_H
#define MU_HOSTS_H

#include "engine/problem.h"

/* Does the host budget cover company c (it matches hosts.companies)? */
int mu_hosts_covers(const mu_instance *inst, int32_t c);

/* Adds the host-open columns y_j and their rows to pb->ext when the instance
 * has a host budget; nothing otherwise. Call right after mu_problem_build,
 * before any engine adds its own extensions. *n_open receives the number of
 * y columns (0 when none). */
int mu_hosts_formulate(mu_problem *pb, int32_t *n_open, mu_error *err);

/* Hosts covered by the budget that take at least one intern in app_com. */
int64_t mu_hosts_participating(const mu_instance *inst, const int32_t *app_com);

#endif
