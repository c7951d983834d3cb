/* The integer program over eligible pairs, as every engine sees it:
 *
 *   max  sum_p w_p x_p
 *   s.t. sum_{p of applicant i} x_p <= 1          for every applicant
 *        sum_{p of company j}   x_p <= cap_j      for every company
 *        min_r <= sum_{p in row r} x_p <= max_r   for every quota row
 *        x_p in {0, 1}
 *
 * A quota of the instance expands into rows: one per company (per_company),
 * per applicant group value (group_by) and per company group value
 * (group_by_company), over the pairs that match its filters. */
#ifndef MU_PROBLEM_H
#define MU_PROBLEM_H

#include <stdlib.h>

#include "model/instance.h"

typedef struct mu_qrow {
    int32_t quota;     /* index into inst->quotas */
    int32_t company;   /* per_company: the company; else -1 */
    int32_t app_group; /* group_by value symbol, or -1 */
    int32_t com_group; /* group_by_company value symbol, or -1 */
    int64_t min, max;
} mu_qrow;

/* Rows and columns beyond seats and quotas, for models that need them
 * (stability constraints, fairness objectives, host budgets). Columns
 * 0 .. pairs.n-1 are the pair variables x_p; extra columns follow them, so
 * extra column k is column pairs.n + k. The engine that honours them is mip;
 * mu_solve never hands a problem with extensions to flow. */
typedef struct mu_ext {
    int32_t n_cols, cap_cols;
    double *col_lo, *col_hi, *col_obj;
    uint8_t *col_int;
    int32_t n_rows, cap_rows;
    double *row_lo, *row_hi; /* -HUGE_VAL / HUGE_VAL: unbounded on that side */
    int64_t *row_off;        /* [n_rows+1] */
    int64_t n_nz, cap_nz;
    int64_t *nz_col;
    double *nz_coef;
    double *pair_obj;      /* [pairs.n] objective of the pair variables; NULL: their weights */
    const char *criterion; /* what the objective measures; NULL: total weight */
} mu_ext;

typedef struct mu_problem {
    const mu_instance *inst;
    mu_pairs pairs;
    int32_t n_rows;
    mu_qrow *rows;
    int64_t *row_off;  /* [n_rows+1] */
    int64_t *row_pair; /* pair indices of each row, increasing */
    int64_t seats;     /* sum of capacities */
    int32_t *cap; /* the capacities formulated (not owned); NULL: the instance's (engine/diagnose.c relaxes them) */
    mu_ext ext;
} mu_problem;

/* Adds an extra column; returns its column index (pairs.n + k), -1 on out of memory. */
int64_t mu_ext_add_col(mu_problem *pb, double lo, double hi, double obj, int integer, mu_error *err);
/* Adds lo <= sum_k coef[k] * column[cols[k]] <= hi; returns MU_OK or MU_ENOMEM. */
int mu_ext_add_row(mu_problem *pb, double lo, double hi, int64_t n, const int64_t *cols, const double *coef,
                   mu_error *err);
static inline int mu_problem_has_ext(const mu_problem *pb) {
    return pb->ext.n_cols > 0 || pb->ext.n_rows > 0 || pb->ext.pair_obj != NULL;
}

int mu_problem_build(const mu_instance *inst, mu_problem *pb, mu_error *err);
/* Does entity e (an applicant when app_side, else a company) pass every entry
 * of the filter? The quota and host-budget filters of instances/FORMAT.md. */
int mu_filter_match(const mu_instance *inst, int app_side, int32_t e, const mu_filter *f, int32_t nf);
void mu_problem_free(mu_problem *pb);
/* "name" or "name[company=C1, nationality=VN]" */
void mu_qrow_label(const mu_problem *pb, int32_t r, char *buf, size_t n);

/* What an engine hands back. */
typedef struct mu_result {
    mu_status status;
    int has_assignment;
    int32_t *app_com; /* [n_app], -1 unassigned; allocated by the caller */
    int has_bound;
    double bound; /* proven upper bound on the optimum */
    /* Dual prices, when has_duals (allocated by the engine): company prices v
     * (>= 0), optionally quota-row prices lam (> 0 prices a row's max, < 0 its
     * min; NULL: all 0) and applicant prices u (NULL: derived), all scaled by
     * dual_scale (0 means 1). mu_certify turns them into a certificate. */
    int has_duals;
    int64_t *u, *v, *lam;
    int64_t dual_scale;
    double criterion_value;    /* the engine's objective, when the problem has its own criterion */
    double *ext_val;           /* [ext.n_cols] values of the extra columns; allocated by the engine */
    const int32_t *warm_start; /* optional feasible assignment to start from (app_com form) */
    const double *
        warm_ext; /* [ext.n_cols] with warm_start: the extra columns' values; NULL: no warm start when there are extra columns */
    char detail[1024]; /* what the engine adds to the engine reason */
} mu_result;

int mu_engine_mip(const mu_problem *pb, const mu_options *opt, double deadline, mu_result *res, mu_error *err);
/* Writes the integer program as free MPS (lp_format 0) or CPLEX LP (1), via
 * GLPK, atomically; column order: pairs applicant-major, then extensions. */
int mu_export_model(const mu_problem *pb, const char *path, int lp_format, mu_error *err);
/* The flow engine (engine/flow_engine.c): the transportation problem, exact;
 * cancelled at the deadline (mu_now() seconds, 0: none) or on a stop request,
 * with status time_limit or interrupted and no assignment. */
int mu_engine_flow(const mu_problem *pb, const mu_options *opt, double deadline, mu_result *res, mu_error *err);
static inline void mu_result_free_duals(mu_result *res) {
    free(res->u), free(res->v), free(res->lam);
    res->u = res->v = res->lam = NULL;
    res->has_duals = 0;
}

#endif
