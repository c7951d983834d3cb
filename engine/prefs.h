/* Preferences over the eligible pairs, as the policies (deferred acceptance,
 * stability constraints, rank objectives) and the metrics see them.
 *
 * The rule, one for every consumer (README "Policies"):
 *   - a side that gives a preference list ranks a partner by its 1-based
 *     position in that list, as given (an entry that turned out ineligible
 *     still takes its place); an eligible partner absent from the list
 *     (possible only with mutual_preferences false) ranks one past the end,
 *     tied with every other unlisted partner;
 *   - a side without a list ranks its eligible partners by pair weight,
 *     heaviest first: rank = 1 + the number of its eligible partners with a
 *     strictly larger weight, so equal weights share a rank.
 * Equal ranks are ties. Stability and envy are judged on these (weak)
 * preferences: a pair blocks only when both sides strictly prefer it.
 * Deferred acceptance breaks ties by engine/da.c's documented rule. */
#ifndef MU_PREFS_H
#define MU_PREFS_H

#include "engine/problem.h"

typedef struct mu_prefs {
    int64_t n;         /* eligible pairs (pb->pairs.n) */
    int32_t *app_rank; /* [n] the applicant's rank of the pair's company; 1 is best */
    int32_t *com_rank; /* [n] the company's rank of the pair's applicant */
    int32_t *app_last; /* [n_app] worst rank among the applicant's eligible pairs (0: none) */
    int32_t *com_last; /* [n_com] worst rank among the company's eligible pairs (0: none) */
    int32_t *pair_app; /* [n] applicant of each pair */
    int64_t *com_off;  /* [n_com+1] the pairs by company ... */
    int64_t *com_pair; /* [n] ... pair indices, applicants increasing within a company */
} mu_prefs;

/* Builds the ranks of every eligible pair of pb; MU_ENOMEM on failure.
 * Parallel over applicants and companies; the result never depends on the
 * thread count. */
int mu_prefs_build(const mu_problem *pb, mu_prefs *pr, mu_error *err);
void mu_prefs_free(mu_prefs *pr);

/* app_pair[a] = the eligible pair of applicant a's placement, -1 when a is
 * unplaced (or placed on a pair that is not eligible). */
void mu_prefs_placements(const mu_problem *pb, const int32_t *app_com, int64_t *app_pair);

/* The blocking pairs of an assignment under weak stability: an eligible pair
 * (a, c) not in it where a is unplaced or strictly prefers c, and c has a
 * free seat or strictly prefers a to one of its interns. Returns their
 * number (-1 on out of memory); writes the first `max` of them, in pair
 * order, to list when it is not NULL. */
int64_t mu_prefs_blocking(const mu_problem *pb, const mu_prefs *pr, const int64_t *app_pair, int64_t *list, int64_t max,
                          mu_error *err);

#endif
