/* A solution: the status of the solve, the assignment, its bound and (when
 * an engine proves optimality combinatorially) the dual certificate. */
#ifndef MU_SOLUTION_H
#define MU_SOLUTION_H

#include "model/instance.h"

struct mu_solution {
    mu_status status;
    int has_assignment;
    char engine[16];
    char reason[256]; /* why this engine ran, and anything the engine adds */
    int64_t objective;
    char criterion[32]; /* what status, bound and gap refer to: "weight" unless an engine optimises another measure */
    double criterion_value;
    int has_bound;
    double bound, gap;
    double seconds; /* the solve: formulation and engine */
    int32_t n_app, n_com;
    int32_t *app_com; /* [n_app], -1 unassigned */
    int64_t *app_w;   /* [n_app], weight of the assigned pair */
    int64_t eligible_pairs;
    int32_t quota_rows;
    int has_duals;
    int64_t *u, *v; /* [n_app], [n_com] */
};

mu_solution *mu_solution_new(int32_t n_app, int32_t n_com, mu_error *err);

#endif
