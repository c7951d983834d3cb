/* The heuristic engine (heuristic.c): Lagrangian bound, repaired and locally
 * improved assignment; anytime and deterministic. */
#ifndef MU_HEURISTIC_H
#define MU_HEURISTIC_H

#include "engine/problem.h"

/* Fills res (app_com allocated by the caller): status optimal when the bound
 * is met, feasible with a proven integer bound otherwise, interrupted on a
 * stop request, time_limit when no feasible assignment was found in time,
 * infeasible when a Lagrangian bound is negative. No extensions. */
int mu_engine_heuristic(const mu_problem *pb, const mu_options *opt, double deadline, mu_result *res, mu_error *err);

/* auto with quotas and a time limit: the heuristic for a share of the budget,
 * then GLPK warm-started from its assignment; the better answer with the
 * smaller of the two bounds. Writes the engine's name into engine (n bytes). */
int mu_engine_hybrid(const mu_problem *pb, const mu_options *opt, double t0, double deadline, mu_result *res,
                     char *engine, size_t n, mu_error *err);

#endif
