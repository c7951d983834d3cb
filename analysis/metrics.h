/* Measures of an assignment that planners and researchers compare policies
 * by; every solution carries them (JSON "metrics", the human summary, and
 * musubi compare). Definitions (README "Policies"):
 *   placements, fill rate      placed applicants; placements / seats
 *   rank profiles              how many placed applicants got their 1st, 2nd,
 *                              ... choice (applicants' ranks of their host),
 *                              and how many interns are each host's 1st, 2nd,
 *                              ... choice (hosts' ranks); ranks by the rule of
 *                              engine/prefs.h; mean rank over placements
 *   blocking pairs             eligible pairs both sides strictly prefer to
 *                              what they have (weak stability)
 *   quota-respecting blocking  those a host could honour within every ceiling,
 *   pairs                      the rest as it stands (engine/qstable.h)
 *   justified envy             ordered pairs (a, a') where a' holds a seat at a
 *                              host that a strictly prefers to its own
 *                              placement and that strictly prefers a to a';
 *                              also the number of applicants with such envy
 *   egalitarian cost           total rank over both sides, an unplaced
 *                              applicant (with an eligible pair) counting one
 *                              past its last rank, and so each empty seat of a
 *                              host (up to its eligible applicants)
 *   Gini of welfare            an applicant's welfare is the weight of its
 *                              pair, 0 when unplaced; Gini over all applicants
 *                              (0 equal, towards 1 concentrated)
 *   group rates                for an applicant attribute, placed / members of
 *                              each value; for a host attribute, seats filled /
 *                              seats of each value. Default: nationality,
 *                              region, sector when present, and --group-by
 *   price of stability         when the engine solved the unconstrained
 *                              problem too: its weight less this weight */
#ifndef MU_METRICS_H
#define MU_METRICS_H

#include <stdio.h>

#include "engine/policy.h"
#include "model/solution.h"

/* How much is measured (--metrics): all, the measures above; basic, those
 * that need no ranks (placements, fill rate, weight, Gini, group rates,
 * price of stability); none. auto is all up to MU_METRICS_ALL_PAIRS
 * eligible pairs and basic above: all costs a pass over the pairs with a
 * binary search among a host's interns for each, about a fifth of a flow
 * solve of the same pairs, and is parallel; basic costs a pass over the
 * applicants. */
#define MU_METRICS_ALL_PAIRS ((int64_t)20000000)
/* The level for opt (NULL: auto) and an instance of `pairs` eligible pairs:
 * MU_METRICS_NONE, MU_METRICS_BASIC or MU_METRICS_ALL. */
int mu_metrics_level_for(const mu_options *opt, int64_t pairs);

/* Measures app_com (an assignment of pb's instance; only pb->inst and
 * pb->pairs are read) at the level of opt->metrics. opt: verbosity >= 2
 * lists the blocking pairs; group_by adds a group attribute. info may be
 * NULL (its prefs are not needed). *out is NULL on error, and at level
 * none. */
int mu_metrics_compute(const mu_problem *pb, const int32_t *app_com, const mu_options *opt, const mu_policy_info *info,
                       mu_metrics **out, mu_error *err);
/* mu_solution_measure (musubi.h) is the public entry: it builds the
 * eligible pairs and calls mu_metrics_compute. */
#endif
