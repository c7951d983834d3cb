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

/* auto with crossing quota rows (engine/crossing.c): transportation prices,
 * a floor repair, sifting over a GLPK core, branch-and-bound with reduced-cost
 * fixing. t0 is the solve's start. Writes the engine's name into engine
 * (n bytes): mip when GLPK ran, heuristic when the repair alone proved the
 * optimum or the limit came first. */
int mu_engine_hybrid(const mu_problem *pb, const mu_options *opt, double t0, double deadline, mu_result *res,
                     char *engine, size_t n, mu_error *err);

#endif
