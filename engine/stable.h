/* Optimal stable matchings without an integer program: the rotation poset
 * of a many-to-one market (hospitals/residents with capacities, incomplete
 * lists) and a minimum cut over it. See stable.c for the algorithm and its
 * sources.
 *
 * Input is deferred acceptance's (da.h): the acceptable pairs applicant by
 * applicant with both sides' ranks; ties are first broken into strict orders
 * by the same rule and keys as da.h (--tie-break, --seed), so the stable
 * matchings meant here are those of the tie-broken market. Every one of them
 * is weakly stable for the original ranks; when the ranks have no ties they
 * are exactly the stable matchings.
 *
 * Ownership: the caller owns the input arrays and app_com; mu_rotations owns
 * its arrays (mu_rotations_free). Thread safety: calls on different inputs
 * may run concurrently. */
#ifndef MU_STABLE_H
#define MU_STABLE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/da.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes are musubi's mu_code (musubi.h): MU_OK; MU_ENOMEM; MU_EINPUT,
 * the input breaks the contract (as mu_da_solve) or sums of weights overflow
 * int64; MU_EINTERNAL, a structural check or the final stability check
 * failed (a bug). */

/* What is optimised over the stable matchings. Every objective but weight is
 * followed by total weight among its optima (lexicographically, exactly). */
typedef enum mu_stable_objective {
    MU_STABLE_WEIGHT = 0,   /* the largest total pair weight */
    MU_STABLE_EGALITARIAN,  /* the least total rank of both sides: sum of app_rank + com_rank over the matched pairs */
    MU_STABLE_RANK_MAXIMAL, /* the most applicants at app_rank 1, then at 2, ... */
    MU_STABLE_MIN_REGRET    /* the least worst rank: max over matched pairs of max(app_rank, com_rank) */
} mu_stable_objective;

/* The rotations of the tie-broken market and their precedences. Rotation
 * k moves applicant app[e] from pair from[e] to pair to[e] (a worse one for
 * it) for e in off[k] .. off[k+1]-1; the company of to[e] is the one that
 * from[e+1] leaves (cyclically), and each company appears at most once. The
 * rotations are listed in the order they were eliminated, a linear extension
 * of the poset. pred[i] must be eliminated before succ[i]: the type-1 and
 * type-2 predecessors of Gusfield & Irving (1989, ch. 3) in many-to-one form
 * (stable.c), O(pairs) of them, whose transitive closure is the rotation
 * poset; sorted, no duplicates. */
typedef struct mu_rotations {
    int32_t n_app;
    int32_t *m0;        /* [n_app] applicant-optimal stable matching: company or -1 */
    int32_t *mz;        /* [n_app] company-optimal stable matching */
    int32_t n;          /* rotations */
    int64_t *off;       /* [n + 1] */
    int32_t *app;       /* [off[n]] */
    int64_t *from, *to; /* [off[n]] pair indices into the input */
    int64_t n_edges;
    int32_t *pred, *succ; /* [n_edges] */
} mu_rotations;

/* Finds every rotation of the market, from the applicant-optimal stable
 * matching down to the company-optimal one. threads <= 0: the OpenMP default
 * (deferred acceptance and sorting the lists are parallel; the result never
 * depends on the thread count). Returns MU_OK or a code above with a
 * message in err; rot is then empty. */
int mu_stable_rotations(const mu_da_input *in, int threads, mu_rotations *rot, char *err, size_t errlen);
void mu_rotations_free(mu_rotations *rot);

typedef struct mu_stable_stats {
    int32_t rotations;    /* in the poset */
    int64_t moves;        /* sum of the rotations' sizes */
    int64_t precedences;  /* edges of the poset as built */
    int32_t eliminated;   /* rotations in the chosen closed set */
    int32_t cuts;         /* minimum cuts computed (lexicographic stages with something to decide) */
    int32_t regret;       /* MU_STABLE_MIN_REGRET: the least worst rank reached (0 when nobody is matched) */
    int64_t weight;       /* total pair weight of the matching returned */
    double sec_rotations; /* deferred acceptance twice, sorting, finding the rotations and precedences */
    double sec_cut;       /* building and solving the cuts, applying the rotations */
    double sec_check;     /* the independent stability check */
} mu_stable_stats;

/* The optimal stable matching for the objective: app_com[a] = company or
 * -1 (caller-allocated, n_app). pair_w[pairs]: the pairs' weights (any int64
 * whose sums fit; MU_STABLE_EINPUT names the overflow otherwise). Among
 * several optima the one closest to the applicant-optimal matching is
 * returned (the minimal optimal closed set of rotations), so the result
 * depends only on the input. The matching is checked before returning: every
 * company within capacity, and no blocking pair under the strict orders.
 * rot may be NULL (the rotations are then found and freed inside); stats
 * may be NULL. */
int mu_stable_solve(const mu_da_input *in, const mu_rotations *rot, const int64_t *pair_w,
                    mu_stable_objective objective, int threads, int32_t *app_com, mu_stable_stats *stats, char *err,
                    size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
