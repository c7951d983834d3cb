/* The exact MIP engine: GLPK's primal simplex, then branch-and-bound.
 *
 * GLPK is fenced in this file. Its terminal output goes through musubi's
 * logger; its error hook turns a GLPK failure (which would otherwise call
 * abort()) into a longjmp back here and an MU_EINTERNAL return. Inputs are
 * validated long before, so the hook is a last resort.
 *
 * Method, chosen knowingly: on these assignment-structured models GLPK's
 * primal simplex is about 100x faster than its dual (shared/anchors.md), and
 * every quota variant measured had an integral LP optimum, so branch-and-bound
 * usually ends at the root. glp_intopt's own presolver is off because the LP
 * is already optimal when it starts. */
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "solver/problem.h"

typedef struct glpk_fence {
    jmp_buf jump;
    int verbosity;
} glpk_fence;

static glpk_fence *fence; /* GLPK's environment is per thread; so is one solve */

static void on_glpk_error(void *info) {
    (void)info;
    longjmp(fence->jump, 1);
}

static int on_glpk_output(void *info, const char *s) {
    (void)info;
    if (mu_verbosity >= 2) mu_log_printf("glpk: %s", s);
    return 1; /* GLPK prints nothing itself */
}

typedef struct tree_state {
    double deadline;
    double best_bound;
    int has_bound;
    const double *warm; /* [1..ncols] a feasible point to offer once, or NULL */
} tree_state;

static void on_tree(glp_tree *tree, void *info) {
    tree_state *ts = info;
    if (glp_ios_reason(tree) == GLP_IHEUR && ts->warm) {
        glp_ios_heur_sol(tree, ts->warm); /* GLPK ignores it if not better or not feasible */
        ts->warm = NULL;
    }
    int node = glp_ios_best_node(tree);
    if (node) {
        double b = glp_ios_node_bound(tree, node);
        if (!ts->has_bound || b < ts->best_bound) ts->best_bound = b;
        ts->has_bound = 1;
    }
    if (ts->deadline > 0 && mu_now() > ts->deadline) glp_ios_terminate(tree);
}

static int ms_left(double deadline) {
    if (deadline <= 0) return INT32_MAX;
    double left = (deadline - mu_now()) * 1000.0;
    if (left < 1) return 1;
    return left > INT32_MAX ? INT32_MAX : (int)left;
}

int mu_engine_mip(const mu_problem *pb, const mu_options *opt, double deadline, mu_result *res, mu_error *err) {
    const mu_instance *inst = pb->inst;
    const mu_pairs *p = &pb->pairs;
    volatile int rc = MU_OK;
    glp_prob *volatile lp = NULL;
    int *ia = NULL, *ja = NULL, *app_row = NULL, *com_row = NULL;
    double *ar = NULL;
    if (p->n > INT32_MAX / 4 || pb->row_off[pb->n_rows] > INT32_MAX / 4)
        return mu_err(err, MU_EINTERNAL, "the model is too large for GLPK (%lld pairs)", (long long)p->n);
    const mu_ext *x = &pb->ext;
    int64_t ncols = p->n + x->n_cols;
    if (ncols > INT32_MAX / 4 || x->n_nz > INT32_MAX / 4)
        return mu_err(err, MU_EINTERNAL, "the model is too large for GLPK (%lld columns)", (long long)ncols);
    int64_t nnz = 2 * p->n + pb->row_off[pb->n_rows] + x->n_nz;
    double *volatile warm = NULL;
    ia = mu_alloc((size_t)nnz + 1, sizeof *ia, err);
    ja = mu_alloc((size_t)nnz + 1, sizeof *ja, err);
    ar = mu_alloc((size_t)nnz + 1, sizeof *ar, err);
    app_row = mu_calloc((size_t)inst->n_app + 1, sizeof *app_row, err);
    com_row = mu_calloc((size_t)inst->n_com + 1, sizeof *com_row, err);
    if (!ia || !ja || !ar || !app_row || !com_row) {
        rc = MU_ENOMEM;
        goto done;
    }
    glpk_fence f = {.verbosity = opt->verbosity};
    fence = &f;
    glp_term_hook(on_glpk_output, NULL);
    if (setjmp(f.jump)) {
        /* GLPK failed; its memory is gone with the environment. */
        glp_free_env();
        lp = NULL;
        rc = mu_err(err, MU_EINTERNAL, "GLPK failed during the solve (see -v for its messages)");
        goto done;
    }
    glp_error_hook(on_glpk_error, NULL);

    lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    /* Rows: applicants and companies that have pairs, then quota rows. */
    int nrow = 0;
    for (int64_t k = 0; k < p->n; k++) com_row[p->com[k]] = 1;
    for (int32_t a = 0; a < inst->n_app; a++) app_row[a] = p->app_off[a + 1] > p->app_off[a] ? ++nrow : 0;
    for (int32_t c = 0; c < inst->n_com; c++) com_row[c] = com_row[c] ? ++nrow : 0;
    int first_quota_row = nrow + 1;
    nrow += pb->n_rows;
    int first_ext_row = nrow + 1;
    nrow += x->n_rows;
    if (nrow) glp_add_rows(lp, nrow);
    for (int32_t a = 0; a < inst->n_app; a++)
        if (app_row[a]) glp_set_row_bnds(lp, app_row[a], GLP_UP, 0.0, 1.0);
    for (int32_t c = 0; c < inst->n_com; c++)
        if (com_row[c]) glp_set_row_bnds(lp, com_row[c], GLP_UP, 0.0, inst->com[c].capacity);
    for (int32_t r = 0; r < pb->n_rows; r++) {
        const mu_qrow *q = &pb->rows[r];
        int row = first_quota_row + r;
        double lo = (double)q->min, hi = (double)q->max;
        if (q->max == INT64_MAX) glp_set_row_bnds(lp, row, q->min > 0 ? GLP_LO : GLP_FR, lo, 0.0);
        else if (q->min == q->max) glp_set_row_bnds(lp, row, GLP_FX, lo, lo);
        else if (q->min > 0) glp_set_row_bnds(lp, row, GLP_DB, lo, hi);
        else glp_set_row_bnds(lp, row, GLP_UP, 0.0, hi);
    }
    for (int32_t r = 0; r < x->n_rows; r++) {
        double lo = x->row_lo[r], hi = x->row_hi[r];
        int type = isinf(lo) && isinf(hi) ? GLP_FR : isinf(hi) ? GLP_LO : isinf(lo) ? GLP_UP : lo == hi ? GLP_FX : GLP_DB;
        glp_set_row_bnds(lp, first_ext_row + r, type, isinf(lo) ? 0.0 : lo, isinf(hi) ? 0.0 : hi);
    }
    /* Columns: one binary per eligible pair, then the extra columns. */
    if (ncols) glp_add_cols(lp, (int)ncols);
    for (int32_t k = 0; k < x->n_cols; k++) {
        int col = (int)(p->n + k) + 1;
        double lo = x->col_lo[k], hi = x->col_hi[k];
        int type = isinf(lo) && isinf(hi) ? GLP_FR : isinf(hi) ? GLP_LO : isinf(lo) ? GLP_UP : lo == hi ? GLP_FX : GLP_DB;
        glp_set_col_kind(lp, col, x->col_int[k] ? GLP_IV : GLP_CV);
        glp_set_col_bnds(lp, col, type, isinf(lo) ? 0.0 : lo, isinf(hi) ? 0.0 : hi);
        glp_set_obj_coef(lp, col, x->col_obj[k]);
    }
    int64_t e = 0;
    for (int32_t a = 0; a < inst->n_app; a++)
        for (int64_t k = p->app_off[a]; k < p->app_off[a + 1]; k++) {
            int col = (int)k + 1;
            glp_set_col_kind(lp, col, GLP_BV);
            glp_set_obj_coef(lp, col, x->pair_obj ? x->pair_obj[k] : (double)p->w[k]);
            ++e, ia[e] = app_row[a], ja[e] = col, ar[e] = 1.0;
            ++e, ia[e] = com_row[p->com[k]], ja[e] = col, ar[e] = 1.0;
        }
    for (int32_t r = 0; r < pb->n_rows; r++)
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++)
            ++e, ia[e] = first_quota_row + r, ja[e] = (int)pb->row_pair[k] + 1, ar[e] = 1.0;
    for (int32_t r = 0; r < x->n_rows; r++)
        for (int64_t k = x->row_off[r]; k < x->row_off[r + 1]; k++)
            ++e, ia[e] = first_ext_row + r, ja[e] = (int)x->nz_col[k] + 1, ar[e] = x->nz_coef[k];
    if (e) glp_load_matrix(lp, (int)e, ia, ja, ar);

    if (ncols == 0) {
        /* Nothing to choose: feasible iff every floor is 0. */
        int ok = 1;
        for (int32_t r = 0; r < pb->n_rows; r++) ok &= pb->rows[r].min == 0;
        for (int32_t r = 0; r < x->n_rows; r++) ok &= x->row_lo[r] <= 0 && x->row_hi[r] >= 0;
        res->status = ok ? MU_STATUS_OPTIMAL : MU_STATUS_INFEASIBLE;
        res->has_assignment = ok;
        res->has_bound = ok;
        res->bound = 0;
        for (int32_t a = 0; a < inst->n_app; a++) res->app_com[a] = -1;
        goto done;
    }

    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.meth = GLP_PRIMAL;
    smcp.msg_lev = opt->verbosity >= 2 ? GLP_MSG_ON : GLP_MSG_ERR;
    smcp.tm_lim = ms_left(deadline);
    smcp.presolve = GLP_ON;
    int ret = glp_simplex(lp, &smcp);
    int lp_status = glp_get_status(lp);
    if (ret == GLP_ENOPFS || lp_status == GLP_NOFEAS) {
        res->status = MU_STATUS_INFEASIBLE;
        snprintf(res->detail, sizeof res->detail, "the LP relaxation is infeasible");
        goto done;
    }
    if (ret == GLP_ETMLIM || (ret == 0 && lp_status != GLP_OPT)) {
        res->status = MU_STATUS_TIME_LIMIT;
        snprintf(res->detail, sizeof res->detail, "the time limit ran out in the LP relaxation");
        goto done;
    }
    if (ret != 0) {
        rc = mu_err(err, MU_EINTERNAL, "GLPK simplex failed (code %d)", ret);
        goto done;
    }
    /* After presolve the basis is not kept; intopt needs an optimal basis. */
    if (glp_get_status(lp) != GLP_OPT) {
        smcp.presolve = GLP_OFF;
        glp_simplex(lp, &smcp);
    }
    double lp_bound = glp_get_obj_val(lp);

    tree_state ts = {.deadline = deadline};
    if (res->warm_start && x->n_cols == 0) {
        /* A feasible assignment (say, from a heuristic) as the first incumbent. */
        warm = mu_calloc((size_t)ncols + 1, sizeof *warm, err);
        if (!warm) {
            rc = MU_ENOMEM;
            goto done;
        }
        for (int32_t a = 0; a < inst->n_app; a++) {
            int64_t k = res->warm_start[a] >= 0 ? mu_pairs_find(p, a, res->warm_start[a]) : -1;
            if (k >= 0) warm[k + 1] = 1.0;
        }
        ts.warm = warm;
    }
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = opt->verbosity >= 2 ? GLP_MSG_ON : GLP_MSG_ERR;
    iocp.presolve = GLP_OFF;
    iocp.mip_gap = opt->gap;
    iocp.tm_lim = ms_left(deadline);
    iocp.cb_func = on_tree;
    iocp.cb_info = &ts;
    ret = glp_intopt(lp, &iocp);
    int mip_status = glp_mip_status(lp);
    if (ret != 0 && ret != GLP_ETMLIM && ret != GLP_EMIPGAP && ret != GLP_ESTOP && ret != GLP_ENOPFS &&
        ret != GLP_ENODFS) {
        rc = mu_err(err, MU_EINTERNAL, "GLPK branch-and-bound failed (code %d)", ret);
        goto done;
    }
    if (mip_status == GLP_NOFEAS) {
        res->status = MU_STATUS_INFEASIBLE;
        goto done;
    }
    if (mip_status != GLP_OPT && mip_status != GLP_FEAS) {
        res->status = MU_STATUS_TIME_LIMIT;
        res->has_bound = 1;
        res->bound = lp_bound;
        snprintf(res->detail, sizeof res->detail, "no integer solution before the limit");
        goto done;
    }
    for (int32_t a = 0; a < inst->n_app; a++) {
        res->app_com[a] = -1;
        for (int64_t k = p->app_off[a]; k < p->app_off[a + 1]; k++)
            if (glp_mip_col_val(lp, (int)k + 1) > 0.5) res->app_com[a] = p->com[k];
    }
    res->has_assignment = 1;
    res->has_bound = 1;
    res->criterion_value = glp_mip_obj_val(lp);
    if (x->n_cols) {
        res->ext_val = mu_alloc((size_t)x->n_cols, sizeof *res->ext_val, err);
        if (!res->ext_val) {
            rc = MU_ENOMEM;
            goto done;
        }
        for (int32_t k = 0; k < x->n_cols; k++) res->ext_val[k] = glp_mip_col_val(lp, (int)(p->n + k) + 1);
    }
    /* With integer objective coefficients the optimum is at most the bound's floor. */
    int integral = x->pair_obj == NULL;
    for (int32_t k = 0; k < x->n_cols; k++) integral &= x->col_obj[k] == floor(x->col_obj[k]) && x->col_int[k];
    if (mip_status == GLP_OPT && ret == 0) {
        res->status = MU_STATUS_OPTIMAL;
        res->bound = glp_mip_obj_val(lp);
    } else {
        res->status = MU_STATUS_FEASIBLE;
        double b = ts.has_bound ? ts.best_bound : lp_bound;
        if (b > lp_bound) b = lp_bound;
        res->bound = integral ? floor(b + 1e-6) : b;
        snprintf(res->detail, sizeof res->detail, "%s", ret == GLP_EMIPGAP ? "stopped at the requested gap" : "stopped at the time limit");
    }
done:
    if (lp) glp_delete_prob(lp);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    fence = NULL;
    free(ia), free(ja), free(ar), free(app_row), free(com_row), free(warm);
    return rc;
}
