/* The transportation core of an instance as a DIMACS min-cost flow file, so
 * that min-cost flow codes (LEMON's NetworkSimplex, GLPK's out-of-kilter,
 * RELAX-IV, CS2) can solve exactly what the flow engine solves. */
#ifndef MU_DIMACS_H
#define MU_DIMACS_H

#include "model/instance.h"

/* Writes the transportation problem of `inst` — its eligible pairs with their
 * weights, one placement per applicant, company capacities; the program the
 * flow engine solves — to `path` ("-": stdout) as DIMACS `p min`, atomically
 * (temporary file and rename; nothing is left on failure). Maximising weight
 * becomes minimising cost, so the optimum weight is -(minimum cost):
 *
 *   node 1 source (supply n), 2..n+1 applicants, n+2..n+m+1 companies,
 *   n+m+2 sink (supply -n); arcs source->applicant (cap 1, cost 0),
 *   applicant->company for each eligible pair (cap 1, cost -weight, pairs
 *   applicant-major as in mu_pairs), company->sink (cap capacity, cost 0),
 *   source->sink (cap n, cost 0: an applicant left unplaced).
 *
 * Laminar quota rows (engine/laminar.c) keep it a network: the file is then
 * the network of engine/network.c (its comment lines say how it is laid out).
 * Other quota rows or a host budget make it no network: MU_EUSAGE, with a
 * message naming the instance, and nothing is written. */
int mu_export_dimacs(const mu_instance *inst, const char *path, mu_error *err);

#endif
