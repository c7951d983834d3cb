/* A solution: the status of the solve, the assignment, its bound and (when
 * an engine proves optimality combinatorially) the dual certificate. */
#ifndef MU_SOLUTION_H
#define MU_SOLUTION_H

#include "model/instance.h"

/* A dual certificate (engine/certify.c; verified by musubi check): prices
 * scaled by `scale` for the applicants (u >= 0), the companies (v >= 0) and
 * the quota rows (> 0 on a row's max, < 0 on its min) such that every
 * eligible pair's prices reach scale times its weight. The dual objective
 * over scale then bounds the optimum of the LP relaxation, hence of the
 * integer program: `bound` is its floor. */
typedef struct mu_cert_row {
    int32_t quota, company, app_group, com_group; /* as a quota row of engine/problem.h */
    int64_t price;
} mu_cert_row;
typedef struct mu_cert {
    int64_t scale; /* 0: no certificate */
    int64_t bound;
    int64_t *u, *v; /* [n_app], [n_com] */
    int32_t n_rows; /* rows with a non-zero price */
    mu_cert_row *rows;
} mu_cert;
void mu_cert_free(mu_cert *c);

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
    int64_t hosts_participating; /* hosts the budget covers that take an intern; -1 without a host budget */
    mu_cert cert;
    struct mu_metrics *metrics; /* measures of the assignment (analysis/metrics.h); NULL without one */
    char **warnings; /* lint's findings on the instance (model/lint.h), written as "warnings"; owned */
    int32_t n_warnings;
};

mu_solution *mu_solution_new(int32_t n_app, int32_t n_com, mu_error *err);
#endif
