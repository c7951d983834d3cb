/* A GLPK model over a subset of the eligible pairs, the core (engine/mip.c,
 * where GLPK is fenced; driven by engine/crossing.c).
 *
 * The core holds columns for the pairs added so far (mu_core_add), every
 * company row, every quota row with a floor, and a row that cannot bind
 * until enough of its pairs are in — an applicant's (one placement) from its
 * second pair on, a quota row without a floor once more of its pairs are in
 * than its maximum allows — from then on; before, the pair's bound x <= 1
 * says all the row would. The LP duals of a row not in the core are 0. Each floor row has an
 * elastic column s_r in [0, min_r] priced at -penalty, so the LP is feasible
 * whatever the core holds; its duals are then a feasible point of the dual of
 * the full LP with the floor prices bounded by the penalty, which bounds the
 * full problem whatever the core (engine/crossing.c derives the bound).
 * Columns are only added, so the last LP basis stays primal feasible and
 * each re-solve is warm.
 *
 * Ownership: the core keeps pointers into pb and the pair-to-row index
 * (prow_off, prow), which must outlive it. Not thread safe: GLPK runs on the
 * calling thread only. A GLPK failure frees GLPK's whole environment (the
 * fence), after which every call on the core returns MU_EINTERNAL. */
#ifndef MU_CORE_H
#define MU_CORE_H

#include "engine/problem.h"

typedef struct mu_core mu_core;

/* How a core solve ended. */
typedef enum { MU_CORE_SOLVED, MU_CORE_INFEASIBLE, MU_CORE_TIME_LIMIT, MU_CORE_STOPPED } mu_core_end;

int mu_core_new(const mu_problem *pb, const int64_t *prow_off, const int32_t *prow, double penalty, mu_core **out,
                mu_error *err);
void mu_core_free(mu_core *c);
/* Adds the pairs not in the core yet (duplicates and pairs already in are skipped). */
int mu_core_add(mu_core *c, int64_t n, const int64_t *pairs, mu_error *err);
int64_t mu_core_size(const mu_core *c);
const uint8_t *mu_core_member(const mu_core *c); /* [pairs.n] 1 when the pair is in the core */
/* The elastic columns' objective: -penalty each (phase 2), or -1 each with
 * the pairs' objective 0 (phase 1: minimise the floors' shortfall). */
int mu_core_set_phase(mu_core *c, int phase1, double penalty, mu_error *err);

/* A starting basis from an assignment (app_com form; every pair it uses in
 * the core): its pairs basic at 1 in place of their applicant's row (or, for
 * an applicant without a row, nonbasic at 1), each floor row's shortfall on
 * its elastic column in place of the row, every other row basic. Nonsingular by
 * construction; primal feasible when the assignment keeps every maximum.
 * Replaces the crash basis of the first solve. */
int mu_core_set_basis(mu_core *c, const int32_t *app_com, mu_error *err);

/* The LP over the core (primal simplex from the last basis). On MU_CORE_SOLVED:
 * obj, the row duals (u [n_app], v [n_com], y [n_rows]; 0 for rows not in the
 * core), x [pairs.n] (0 outside the core) and the total shortfall on floors. */
typedef struct mu_core_lp {
    mu_core_end end;
    double obj, shortfall;
    int iterations;
} mu_core_lp;
int mu_core_solve_lp(mu_core *c, double deadline, double *u, double *v, double *y, double *x, mu_core_lp *out,
                     mu_error *err);

/* Branch-and-bound over the core (after an optimal LP), floors hard. Pairs
 * with fix0[p] (may be NULL) are held at 0. warm (app_com form, may be NULL)
 * is offered as the first incumbent; every pair it uses must be in the core.
 * On MU_CORE_SOLVED the core's optimum is in app_com; on a time limit or a
 * stop, the best assignment found, if any (has). bound: GLPK's bound on the
 * core (valid for the core only). */
typedef struct mu_core_mip {
    mu_core_end end;
    int has;
    int64_t obj;
    double bound;
    int64_t fixed; /* pairs held at 0 by fix0 */
} mu_core_mip;
int mu_core_solve_mip(mu_core *c, double deadline, double gap, const uint8_t *fix0, const int32_t *warm,
                      int32_t *app_com, mu_core_mip *out, mu_error *err);

#endif
