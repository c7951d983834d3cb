/* The exact transportation engine: maximum-weight bipartite b-matching
 * between applicants (at most one company each) and companies (at most cap[j]
 * applicants each) over a sparse set of eligible pairs, with an integer dual
 * certificate. See flow.c for the algorithm and its sources.
 *
 * Ownership: the caller owns the instance arrays (read only, never copied
 * whole) and the output arrays (allocated by the caller, sized as below).
 * Thread safety: calls on different instances may run concurrently. */
#ifndef MU_FLOW_H
#define MU_FLOW_H

#include <stddef.h>
#include <stdint.h>

#include "musubi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mu_transport {
    int32_t n_app, n_com;
    const int32_t *cap;      /* [n_com], each >= 0 */
    const int64_t *app_off;  /* [n_app + 1]: applicant i's pairs are app_off[i] .. app_off[i+1]-1 */
    const int32_t *pair_com; /* [app_off[n_app]]: the company of each pair; strictly increasing within an applicant */
    const int64_t *pair_w;   /* [app_off[n_app]]: weight of each pair, 0 .. 1e9 */
} mu_transport;

#define MU_FLOW_MAX_WEIGHT 1000000000

/* Return codes are musubi's one mu_code (musubi.h): MU_OK; MU_EINPUT, the
   instance breaks the contract above; MU_ENOMEM, out of memory;
   MU_EINTERRUPTED, the progress callback asked to stop; MU_EINTERNAL, the
   final certificate check failed (a bug). */

/* Solves max sum w_ij x_ij s.t. sum_j x_ij <= 1, sum_i x_ij <= cap_j, x binary, over the given pairs.
   Caller allocates the outputs. app_com[i] = assigned company or -1. u[i] >= 0, v[j] >= 0 are integer
   dual prices with u_i + v_j >= w_ij for every pair, and objective == sum_i u_i + sum_j cap_j v_j ==
   sum of weights of the assignment (the certificate of optimality). threads <= 0 means the OpenMP default.
   Returns 0 on success; on failure (out of memory, a weight outside range) returns nonzero, writes a
   one-line message into err (errlen bytes), and leaves the outputs unspecified.
   The result (assignment and duals) depends only on the instance, never on the
   thread count or the run. */
int mu_flow_solve(const mu_transport *t, int threads, int32_t *app_com, int64_t *u, int64_t *v, int64_t *objective,
                  char *err, size_t errlen);

/* Which side's units are brought in one at a time (see flow.c). */
enum { MU_FLOW_SIDE_AUTO = 0, MU_FLOW_SIDE_SEATS = 1, MU_FLOW_SIDE_APPLICANTS = 2 };

/* The algorithm (see flow.c): successive shortest paths from the scarcer side, or, where seats and
   applicants are both abundant, an auction whose near-equilibrium the same exact searches then
   repair. Both give an optimum with its certificate; they may pick different optima among equal ones. */
enum { MU_FLOW_METHOD_AUTO = 0, MU_FLOW_METHOD_PATHS = 1, MU_FLOW_METHOD_AUCTION = 2 };

/* Counters of one solve, for benchmarks and logs. */
typedef struct mu_flow_stats {
    int method;         /* MU_FLOW_METHOD_PATHS or MU_FLOW_METHOD_AUCTION */
    int side;           /* paths: MU_FLOW_SIDE_SEATS or MU_FLOW_SIDE_APPLICANTS; auction: MU_FLOW_SIDE_AUTO */
    int64_t fillable;   /* sum over companies of min(capacity, eligible applicants): what auto weighs */
    int64_t applicants; /* applicants with at least one pair: the other side of the scale */
    int64_t seats;      /* units brought in by searches: seats, or applicants (one search each, at most) */
    int64_t searches;   /* shortest-path searches run */
    int64_t pops;       /* companies settled over all searches */
    int64_t arcs;       /* arcs scanned over all searches */
    int64_t expansions; /* lazy candidate-list extensions (seat side) */
    int64_t bids;       /* auction: bids made */
    int64_t rescans;    /* auction: bids that scanned all the applicant's pairs (the others used its cache) */
    int stopped;        /* auction: nonzero if it stopped (a price war, or its bid budget) with applicants still
                           to bid, who were then brought in by the applicant-side searches */
    int64_t left_seats; /* auction: seats its result left for the seat-side searches */
    int64_t left_apps;  /* auction: applicants its result left for the applicant-side searches */
    int64_t probe_arcs; /* auto: arcs the paths from the seats scanned before giving way to the auction */
    int64_t bytes;      /* peak bytes the engine allocated itself */
    double sec_build;   /* validation + by-company transpose + candidate selection */
    double sec_auction; /* the auction and its settling (auction method only) */
    double sec_solve;   /* the shortest augmenting paths (with the auction: an abandoned probe and the repairs) */
    double sec_check;   /* the independent certificate check */
} mu_flow_stats;

/* Called about every 1024 units (seats or applicants, see side), and in the
   auction about every 16384 bids, from the solving thread with the units
   brought in (applicants placed, in the auction) so far and in all; a nonzero
   return cancels the solve (MU_EINTERRUPTED): the hook for a deadline or a
   stop request. */
typedef int (*mu_flow_progress)(void *ctx, int64_t seats_done, int64_t seats_total);

typedef struct mu_flow_options {
    int threads;               /* <= 0: the OpenMP default */
    mu_flow_progress progress; /* may be NULL */
    void *progress_ctx;
    int check;            /* nonzero (default): verify the certificate on every pair before returning */
    int method;           /* MU_FLOW_METHOD_AUTO (default): planned from the instance's statistics (flow.c,
                             plan_for); the others force one (for tests and benchmarks) */
    int side;             /* paths method: MU_FLOW_SIDE_AUTO (default): the side with fewer units; the others
                             force one (for tests and benchmarks: both are exact, but may pick different optima) */
    int auction_scale;    /* auction method: weights are multiplied by this inside the auction (at most 2^30);
                             <= 0: the default (256). Smaller leaves more to the exact repairs (tests use 1); any
                             is exact */
    mu_flow_stats *stats; /* may be NULL; filled on success */
} mu_flow_options;

void mu_flow_init_options(mu_flow_options *opt);

/* One line naming the method a solve used and why (the statistics auto weighed), for the engine reason. */
void mu_flow_describe(const mu_flow_stats *st, char *buf, size_t len);

/* mu_flow_solve with options; opt may be NULL (the defaults). */
int mu_flow_solve_opt(const mu_transport *t, const mu_flow_options *opt, int32_t *app_com, int64_t *u, int64_t *v,
                      int64_t *objective, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
