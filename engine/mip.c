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
 * is already optimal when it starts.
 *
 * The file's last section is the core model of engine/core.h, a GLPK problem
 * over a growing subset of the pairs that engine/crossing.c sifts and
 * branches on; each of its calls opens the same fence. (Measured there too:
 * GLPK's dual simplex took twice the primal's iterations on the first core.) */
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/certify.h"
#include "engine/core.h"
#include "base/io.h"
#include "engine/problem.h"

typedef struct glpk_fence {
    jmp_buf jump;
    int verbosity;
    volatile int stoppable; /* in glp_simplex: a stop request leaves through the output hook */
    volatile int stopped;   /* ... and did */
    char last[256];         /* GLPK's last line of output: the reason, when it fails */
} glpk_fence;

static glpk_fence *fence; /* GLPK's environment is per thread; so is one solve */

static void on_glpk_error(void *info) {
    (void)info;
    longjmp(fence->jump, 1);
}

static int on_glpk_output(void *info, const char *s) {
    (void)info;
    if (fence && fence->stoppable && mu_stop_requested()) {
        /* glp_simplex has no callback: its progress line, every out_frq ms,
         * is the one way out of it. The landing frees GLPK's environment as
         * after an error; the LP phase has no solution to lose. */
        fence->stopped = 1;
        longjmp(fence->jump, 1);
    }
    /* GLPK's error message comes first, then "Error detected in file ...":
     * the first is the reason worth keeping. */
    if (fence && s[0] && s[0] != '\n' && strncmp(s, "Error detected in file", 22) != 0)
        snprintf(fence->last, sizeof fence->last, "%s", s);
    if (fence && fence->stoppable) mu_progress(0, 0, NAN); /* the LP relaxation */
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
    if (mu_progress_enabled()) {
        glp_prob *P = glp_ios_get_prob(tree);
        int has = glp_mip_status(P) == GLP_FEAS || glp_mip_status(P) == GLP_OPT;
        mu_progress(has, has ? glp_mip_obj_val(P) : 0, ts->has_bound ? ts->best_bound : NAN);
    }
    if ((ts->deadline > 0 && mu_now() > ts->deadline) || mu_stop_requested()) glp_ios_terminate(tree);
}

static int ms_left(double deadline) {
    if (deadline <= 0) return INT32_MAX;
    double left = (deadline - mu_now()) * 1000.0;
    if (left < 1) return 1;
    return left > INT32_MAX ? INT32_MAX : (int)left;
}

/* Scratch arrays of a model load, owned by the caller so that a GLPK
 * failure (a longjmp out of load_model) still frees them. */
typedef struct scratch {
    int *ia, *ja, *app_row, *com_row;
    double *ar;
} scratch;

static void scratch_free(scratch *sc) {
    free(sc->ia), free(sc->ja), free(sc->ar), free(sc->app_row), free(sc->com_row);
    memset(sc, 0, sizeof *sc);
}

static int check_size(const mu_problem *pb, mu_error *err) {
    int64_t ncols = pb->pairs.n + pb->ext.n_cols;
    int64_t nnz = 2 * pb->pairs.n + pb->row_off[pb->n_rows] + pb->ext.n_nz;
    if (ncols > INT32_MAX / 4 || nnz > INT32_MAX / 4)
        return mu_err(err, MU_EINTERNAL, "the model is too large for GLPK (%lld columns, %lld nonzeros)",
                      (long long)ncols, (long long)nnz);
    return MU_OK;
}

static int scratch_alloc(const mu_problem *pb, scratch *sc, mu_error *err) {
    int64_t nnz = 2 * pb->pairs.n + pb->row_off[pb->n_rows] + pb->ext.n_nz;
    sc->ia = mu_alloc((size_t)nnz + 1, sizeof *sc->ia, err);
    sc->ja = mu_alloc((size_t)nnz + 1, sizeof *sc->ja, err);
    sc->ar = mu_alloc((size_t)nnz + 1, sizeof *sc->ar, err);
    sc->app_row = mu_calloc((size_t)pb->inst->n_app + 1, sizeof *sc->app_row, err);
    sc->com_row = mu_calloc((size_t)pb->inst->n_com + 1, sizeof *sc->com_row, err);
    return sc->ia && sc->ja && sc->ar && sc->app_row && sc->com_row ? MU_OK : MU_ENOMEM;
}

/* The LP relaxation's row duals as prices (engine/certify.c): when the LP is
 * integral, as it usually is here, they prove the optimum independently of
 * the branch-and-bound. Rows follow load_model: applicants, companies, quotas. */
static int lp_duals(glp_prob *lp, const mu_problem *pb, const scratch *sc, mu_result *res, mu_error *err) {
    const mu_instance *inst = pb->inst;
    double *v = mu_calloc((size_t)inst->n_com + 1, sizeof *v, err);
    double *lam = mu_calloc((size_t)pb->n_rows + 1, sizeof *lam, err);
    int rc = v && lam ? MU_OK : MU_ENOMEM;
    int first_quota_row = 1;
    for (int32_t a = 0; a < inst->n_app; a++) first_quota_row += sc->app_row[a] != 0;
    for (int32_t c = 0; c < inst->n_com; c++) first_quota_row += sc->com_row[c] != 0;
    for (int32_t c = 0; !rc && c < inst->n_com; c++) v[c] = sc->com_row[c] ? glp_get_row_dual(lp, sc->com_row[c]) : 0;
    for (int32_t r = 0; !rc && r < pb->n_rows; r++) lam[r] = glp_get_row_dual(lp, first_quota_row + r);
    if (!rc) rc = mu_duals_from_real(pb, v, lam, res, err);
    free(v), free(lam);
    return rc;
}

static int bound_type(double lo, double hi) {
    return isinf(lo) && isinf(hi) ? GLP_FR : isinf(hi) ? GLP_LO : isinf(lo) ? GLP_UP : lo == hi ? GLP_FX : GLP_DB;
}

/* The integer program of engine/problem.h as a GLPK problem: rows for the
 * applicants and companies that have pairs, then quota rows, then extension
 * rows; columns for the pairs (applicant-major), then extension columns. */
static void load_model(glp_prob *lp, const mu_problem *pb, scratch *sc) {
    const mu_instance *inst = pb->inst;
    const mu_pairs *p = &pb->pairs;
    const mu_ext *x = &pb->ext;
    int *ia = sc->ia, *ja = sc->ja, *app_row = sc->app_row, *com_row = sc->com_row;
    double *ar = sc->ar;
    int64_t ncols = p->n + x->n_cols;
    glp_set_obj_dir(lp, GLP_MAX);
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
        if (com_row[c]) glp_set_row_bnds(lp, com_row[c], GLP_UP, 0.0, pb->cap ? pb->cap[c] : inst->com[c].capacity);
    for (int32_t r = 0; r < pb->n_rows; r++) {
        const mu_qrow *q = &pb->rows[r];
        double lo = q->min > 0 ? (double)q->min : -HUGE_VAL, hi = q->max == INT64_MAX ? HUGE_VAL : (double)q->max;
        glp_set_row_bnds(lp, first_quota_row + r, bound_type(lo, hi), isinf(lo) ? 0.0 : lo, isinf(hi) ? 0.0 : hi);
    }
    for (int32_t r = 0; r < x->n_rows; r++) {
        double lo = x->row_lo[r], hi = x->row_hi[r];
        glp_set_row_bnds(lp, first_ext_row + r, bound_type(lo, hi), isinf(lo) ? 0.0 : lo, isinf(hi) ? 0.0 : hi);
    }
    if (ncols) glp_add_cols(lp, (int)ncols);
    for (int32_t k = 0; k < x->n_cols; k++) {
        int col = (int)(p->n + k) + 1;
        double lo = x->col_lo[k], hi = x->col_hi[k];
        glp_set_col_kind(lp, col, x->col_int[k] ? GLP_IV : GLP_CV);
        glp_set_col_bnds(lp, col, bound_type(lo, hi), isinf(lo) ? 0.0 : lo, isinf(hi) ? 0.0 : hi);
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
}

/* Opens the fence: GLPK output to the logger, GLPK failures to a longjmp. */
#define FENCE_OPEN(f, verb)                                                                                            \
    (f).verbosity = (verb);                                                                                            \
    fence = &(f);                                                                                                      \
    glp_term_hook(on_glpk_output, NULL);                                                                               \
    if (!setjmp((f).jump)) glp_error_hook(on_glpk_error, NULL);                                                        \
    else

static void fence_close(void) {
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    fence = NULL;
}

/* Names for an exported model: letters, digits, '_' and '.' only (LP format
 * is strict), at most 255 characters (GLPK's limit). The row or column
 * number leads, so that names stay unique after sanitising and cutting. */
static void set_name(glp_prob *lp, int row, int col, const char *fmt, const char *a, const char *b) {
    char buf[256];
    int n = snprintf(buf, sizeof buf, "%c%d_", row ? 'r' : 'x', row ? row : col);
    snprintf(buf + n, sizeof buf - (size_t)n, fmt, a, b);
    for (char *q = buf; *q; q++)
        if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '_' ||
              *q == '.'))
            *q = '_';
    if (row) glp_set_row_name(lp, row, buf);
    else glp_set_col_name(lp, col, buf);
}

static void name_model(glp_prob *lp, const mu_problem *pb, const scratch *sc) {
    const mu_instance *inst = pb->inst;
    const mu_pairs *p = &pb->pairs;
    glp_set_prob_name(lp, inst->name ? inst->name : "musubi");
    for (int32_t a = 0; a < inst->n_app; a++) {
        if (sc->app_row[a]) set_name(lp, sc->app_row[a], 0, "%s%s", inst->app_ids.str[a], "");
        for (int64_t k = p->app_off[a]; k < p->app_off[a + 1]; k++)
            set_name(lp, 0, (int)k + 1, "%s_%s", inst->app_ids.str[a], inst->com_ids.str[p->com[k]]);
    }
    for (int32_t c = 0; c < inst->n_com; c++)
        if (sc->com_row[c]) set_name(lp, sc->com_row[c], 0, "%s%s", inst->com_ids.str[c], "");
    int first_quota_row = glp_get_num_rows(lp) - pb->ext.n_rows - pb->n_rows + 1;
    char label[512];
    for (int32_t r = 0; r < pb->n_rows; r++) {
        mu_qrow_label(pb, r, label, sizeof label);
        set_name(lp, first_quota_row + r, 0, "%s%s", label, "");
    }
}

/* A name in an MPS comment line: control bytes (a line break would end the
 * comment) become '?', long names are cut. */
static void put_comment_text(FILE *out, const char *s) {
    size_t n = 0;
    for (; s && *s && n < 120; s++, n++) fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, out);
    if (s && *s) fputs("...", out);
}

/* The opening comments of an MPS file: the objective is negated, and why.
 * Free MPS has an OBJSENSE section, but the peers disagree on it: glpsol 5.0
 * rejects the section ("invalid indicator record") and CBC 2.10 reads
 * OBJSENSE MAX and ignores it ("MAX found after OBJSENSE - Coin ignores"),
 * minimising. A file that minimises means the same to both. */
static void mps_preamble(FILE *out, const mu_problem *pb) {
    fputs("* musubi export --mps: the integer program of the instance \"", out);
    put_comment_text(out, pb->inst->name);
    fputs("\" (", out);
    put_comment_text(out, pb->inst->path);
    fputs(")\n"
          "* OBJECTIVE NEGATED: this file MINIMISES -(total weight); the maximum total weight is\n"
          "* -(the minimum of this file). musubi maximises total weight, but free MPS has no objective\n"
          "* sense that both glpsol and CBC honour (glpsol refuses an OBJSENSE section, CBC 2.10 ignores\n"
          "* OBJSENSE MAX), so the sense is written into the coefficients instead.\n"
          "* Columns: the eligible pairs, applicant-major (x<column>_<applicant>_<company>), then any\n"
          "* host-open columns of a host budget.\n",
          out);
}

/* Copies the file at path to out; returns 0, or -1 on a read or write error. */
static int copy_file(const char *path, FILE *out) {
    FILE *in = fopen(path, "rb");
    if (!in) return -1;
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n) break;
    int bad = ferror(in) || ferror(out);
    fclose(in);
    return bad ? -1 : 0;
}

int mu_export_model(const mu_problem *pb, const char *path, int lp_format, mu_error *err) {
    volatile int rc = check_size(pb, err);
    if (rc) return rc;
    scratch sc = {0};
    glp_prob *volatile lp = NULL;
    mu_outfile out;
    int have_out = 0;
    char *glpk_file = NULL; /* GLPK writes here by name; then (MPS: after the preamble) it is copied to out */
    if ((rc = scratch_alloc(pb, &sc, err))) goto done;
    if ((rc = mu_out_open(&out, path, err))) goto done;
    have_out = 1;
    {
        /* Beside the output's temporary file when there is one (the same
         * file system); for stdout, a device or a pipe, in TMPDIR. */
        const char *dir = getenv("TMPDIR");
        dir = dir && *dir ? dir : "/tmp";
        size_t n = (out.tmp ? strlen(out.tmp) : strlen(dir) + 24) + 16;
        if (!(glpk_file = mu_alloc(n, 1, err))) {
            rc = MU_ENOMEM;
            goto done;
        }
        if (out.tmp) snprintf(glpk_file, n, "%s.glpk.XXXXXX", out.tmp);
        else snprintf(glpk_file, n, "%s/musubi-export.XXXXXX", dir);
        int fd = mkstemp(glpk_file);
        if (fd < 0) {
            rc = mu_err(err, MU_EIO, "%s: cannot create a temporary file for GLPK (%s)", path, glpk_file);
            free(glpk_file);
            glpk_file = NULL;
            goto done;
        }
        close(fd);
    }
    glpk_fence f = {.last = ""};
    FENCE_OPEN(f, 1) {
        glp_free_env();
        lp = NULL;
        rc = mu_err(err, MU_EINTERNAL, "GLPK failed while writing %s", path);
        goto done;
    }
    lp = glp_create_prob();
    load_model(lp, pb, &sc);
    name_model(lp, pb, &sc);
    if (glp_get_num_cols(lp) == 0) {
        /* LP and MPS files cannot state a model without variables: add one
         * fixed at 0, in every row (and in a row of its own if there is none),
         * which leaves the model's meaning unchanged. */
        int col = glp_add_cols(lp, 1);
        glp_set_col_name(lp, col, "x0_nothing_eligible");
        glp_set_col_bnds(lp, col, GLP_FX, 0.0, 0.0);
        if (glp_get_num_rows(lp) == 0) {
            int row = glp_add_rows(lp, 1);
            glp_set_row_name(lp, row, "r0_nothing_eligible");
            glp_set_row_bnds(lp, row, GLP_UP, 0.0, 0.0);
        }
        int nr = glp_get_num_rows(lp);
        for (int r = 1; r <= nr; r++) {
            int ind[2] = {0, col};
            double val[2] = {0, 1.0};
            glp_set_mat_row(lp, r, 1, ind, val);
        }
    }
    if (!lp_format) { /* MPS: minimise -(weight), see mps_preamble */
        int nc = glp_get_num_cols(lp);
        for (int j = 1; j <= nc; j++) {
            double c = glp_get_obj_coef(lp, j);
            if (c != 0.0) glp_set_obj_coef(lp, j, -c);
        }
        glp_set_obj_dir(lp, GLP_MIN);
    }
    if ((lp_format ? glp_write_lp(lp, NULL, glpk_file) : glp_write_mps(lp, GLP_MPS_FILE, NULL, glpk_file)) != 0) {
        rc = mu_err(err, MU_EIO, "%s: GLPK could not write the model", path);
        goto done;
    }
    if (!lp_format) mps_preamble(out.fp, pb);
    if (copy_file(glpk_file, out.fp) != 0) {
        rc = mu_err(err, MU_EIO, "%s: write failed", path);
        goto done;
    }
    rc = mu_out_commit(&out, err);
    have_out = 0;
done:
    if (have_out) mu_out_abort(&out);
    if (glpk_file) remove(glpk_file);
    free(glpk_file);
    if (lp) glp_delete_prob(lp);
    fence_close();
    scratch_free(&sc);
    return rc;
}

int mu_engine_mip(const mu_problem *pb, const mu_options *opt, double deadline, mu_result *res, mu_error *err) {
    const mu_instance *inst = pb->inst;
    const mu_pairs *p = &pb->pairs;
    const mu_ext *x = &pb->ext;
    int64_t ncols = p->n + x->n_cols;
    volatile int rc = check_size(pb, err);
    if (rc) return rc;
    if (deadline > 0 && mu_now() >= deadline) { /* building a model GLPK cannot start on is time lost */
        res->status = MU_STATUS_TIME_LIMIT;
        snprintf(res->detail, sizeof res->detail, "the time limit ran out before the LP relaxation");
        return MU_OK;
    }
    glp_prob *volatile lp = NULL;
    double *volatile warm = NULL;
    scratch sc = {0};
    if ((rc = scratch_alloc(pb, &sc, err))) goto done;
    if (opt->memory_limit > 0) glp_mem_limit(opt->memory_limit); /* MiB; GLPK fails (fenced) past it */
    glpk_fence f = {.last = ""};
    FENCE_OPEN(f, opt->verbosity) {
        /* GLPK failed (or was stopped); its memory is gone with the environment. */
        glp_free_env();
        lp = NULL;
        if (f.stopped) {
            res->status = MU_STATUS_INTERRUPTED;
            snprintf(res->detail, sizeof res->detail, "interrupted in the LP relaxation");
            goto done;
        }
        size_t n = strlen(f.last);
        while (n && (f.last[n - 1] == '\n' || f.last[n - 1] == '\r')) f.last[--n] = '\0';
        if (strstr(f.last, "memory") || strstr(f.last, "Memory"))
            rc = mu_err(err, MU_ENOMEM, "out of memory in GLPK (--memory-limit %d MiB): %s", opt->memory_limit, f.last);
        else rc = mu_err(err, MU_EINTERNAL, "GLPK failed during the solve: %s", f.last[0] ? f.last : "no message");
        goto done;
    }
    lp = glp_create_prob();
    load_model(lp, pb, &sc);

    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.meth = GLP_PRIMAL;
    /* Progress lines reach on_glpk_output every 100 ms (shown with -v only):
     * they are how a stop request gets out of the simplex. */
    smcp.msg_lev = GLP_MSG_ON;
    smcp.out_frq = 100;
    /* No presolve: GLPK's presolver and scaling run before its clock starts
     * and cannot be stopped (3 s of a 400,000-pair model, past any
     * --time-limit), and measured no faster on these models, whose rows
     * count seats and quotas with unit coefficients. Extension rows (other
     * coefficients) are scaled only when their range calls for it: scaling
     * a stability model whose coefficients span 1..41 took 30 s and changed
     * nothing. The triangular starting basis the presolved path would build
     * is built here for the plain model (0.1 s at 400,000 pairs); extension
     * models start from the standard basis (their triangular basis took 5 s
     * at 40,000 pairs and the solve was no faster). Neither step can be
     * stopped, so the deadline is checked before each. */
    double lo = 1.0, hi = 1.0;
    for (int64_t k = 0; k < x->n_nz; k++) {
        double a = fabs(x->nz_coef[k]);
        if (a > 0 && a < lo) lo = a;
        if (a > hi) hi = a;
    }
    if (hi / lo > 1e3 && !(deadline > 0 && mu_now() >= deadline)) glp_scale_prob(lp, GLP_SF_AUTO);
    if (x->n_rows == 0 && glp_get_num_rows(lp) > 0 && glp_get_num_cols(lp) > 0 &&
        !(deadline > 0 && mu_now() >= deadline))
        glp_adv_basis(lp, 0);
    smcp.presolve = GLP_OFF;
    smcp.tm_lim = ms_left(deadline);
    f.stoppable = 1;
    int ret = glp_simplex(lp, &smcp);
    f.stoppable = 0;
    int lp_status = glp_get_status(lp);
    if (ret == GLP_ENOPFS || lp_status == GLP_NOFEAS) {
        res->status = MU_STATUS_INFEASIBLE;
        snprintf(res->detail, sizeof res->detail, "the LP relaxation is infeasible");
        goto done;
    }
    if (mu_stop_requested()) {
        res->status = MU_STATUS_INTERRUPTED;
        snprintf(res->detail, sizeof res->detail, "interrupted in the LP relaxation");
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
    if (!mu_problem_has_ext(pb) && (rc = lp_duals(lp, pb, &sc, res, err))) goto done;

    tree_state ts = {.deadline = deadline};
    if (res->warm_start && (x->n_cols == 0 || res->warm_ext)) {
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
        for (int32_t k = 0; k < x->n_cols; k++) warm[p->n + k + 1] = res->warm_ext[k];
        ts.warm = warm;
    }
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = opt->verbosity >= 2 ? GLP_MSG_ON : GLP_MSG_ERR;
    iocp.presolve = GLP_OFF;
    iocp.mip_gap = opt->gap;
    if (pb->ext.cuts) iocp.gmi_cuts = iocp.mir_cuts = GLP_ON;
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
        res->status = mu_stop_requested() ? MU_STATUS_INTERRUPTED : MU_STATUS_TIME_LIMIT;
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
        res->status = ret == GLP_ESTOP && mu_stop_requested() ? MU_STATUS_INTERRUPTED : MU_STATUS_FEASIBLE;
        double b = ts.has_bound ? ts.best_bound : lp_bound;
        if (b > lp_bound) b = lp_bound;
        res->bound = integral ? floor(b + 1e-6) : b;
        snprintf(res->detail, sizeof res->detail, "%s",
                 ret == GLP_EMIPGAP                     ? "stopped at the requested gap"
                 : res->status == MU_STATUS_INTERRUPTED ? "interrupted"
                                                        : "stopped at the time limit");
    }
done:
    if (lp) glp_delete_prob(lp);
    fence_close();
    scratch_free(&sc);
    free(warm);
    if (rc) mu_result_free_duals(res); /* a failed solve hands back nothing */
    return rc;
}

/* ---- the core: a GLPK model over a growing subset of the pairs (engine/core.h) */

struct mu_core {
    const mu_problem *pb;
    const int64_t *prow_off;
    const int32_t *prow;
    glp_prob *lp;
    int dead;        /* GLPK failed: its environment, and lp with it, is gone */
    int solved_once; /* an LP basis exists */
    int phase1;
    double penalty;
    uint8_t *in;   /* [pairs.n] */
    int *pair_col; /* [pairs.n] the column of each core pair */
    int64_t n_in;
    int *app_row, *com_row, *qrow; /* GLPK row of each applicant, company, quota row; 0: not in the core */
    int32_t *app_cnt;              /* [n_app] core pairs per applicant: its row only from the second on */
    int64_t *qcount;               /* core pairs per quota row */
    int *slack_col;                /* [n_rows] elastic column of each floor row, 0: none */
    int64_t *col_pair;             /* [1 + columns] the pair of each column; -1 - r for the elastic column of row r */
    int64_t col_cap;
    int *ind; /* scratch for one row or column */
    double *val;
    int64_t ind_cap;
};

static int core_floor(const mu_qrow *q) { return q->min > 0; }

/* The applicant of pair p: the a with app_off[a] <= p < app_off[a+1] (app_off is sorted). */
static int32_t pair_applicant(const mu_pairs *P, int64_t p) {
    int32_t lo = 0, hi = P->n_app;
    while (hi - lo > 1) {
        int32_t mid = lo + (hi - lo) / 2;
        if (P->app_off[mid] <= p) lo = mid;
        else hi = mid;
    }
    return lo;
}

static int core_scratch(mu_core *c, int64_t n, mu_error *err) {
    if (n + 1 <= c->ind_cap) return MU_OK;
    int64_t cap = 2 * (n + 1);
    int *ind = mu_realloc_array(c->ind, (size_t)cap, sizeof *ind, err);
    if (!ind) return MU_ENOMEM;
    c->ind = ind;
    double *val = mu_realloc_array(c->val, (size_t)cap, sizeof *val, err);
    if (!val) return MU_ENOMEM;
    c->val = val;
    c->ind_cap = cap;
    return MU_OK;
}

static int core_dead(mu_error *err) {
    return mu_err(err, MU_EINTERNAL, "GLPK failed earlier in this solve; the core model is gone");
}

static int core_glpk_failed(mu_core *c, glpk_fence *f, mu_error *err) {
    glp_free_env();
    c->lp = NULL, c->dead = 1;
    size_t n = strlen(f->last);
    while (n && (f->last[n - 1] == '\n' || f->last[n - 1] == '\r')) f->last[--n] = '\0';
    if (strstr(f->last, "memory") || strstr(f->last, "Memory"))
        return mu_err(err, MU_ENOMEM, "out of memory in GLPK: %s", f->last);
    return mu_err(err, MU_EINTERNAL, "GLPK failed on the core model: %s", f->last[0] ? f->last : "no message");
}

/* After a longjmp out of a solve on the core: a stop request is an answer
 * (END = stopped, the model gone with GLPK's environment), anything else
 * GLPK's failure. */
static int core_unwound(mu_core *c, glpk_fence *f, mu_core_end *end, mu_error *err) {
    if (!f->stopped) return core_glpk_failed(c, f, err);
    glp_free_env();
    c->lp = NULL, c->dead = 1;
    *end = MU_CORE_STOPPED;
    return MU_OK;
}

int mu_core_new(const mu_problem *pb, const int64_t *prow_off, const int32_t *prow, double penalty, mu_core **out,
                mu_error *err) {
    MU_REQUIRE(pb && out && !mu_problem_has_ext(pb));
    *out = NULL;
    volatile int rc = check_size(pb, err);
    if (rc) return rc;
    mu_core *c = mu_calloc(1, sizeof *c, err);
    if (!c) return MU_ENOMEM;
    c->pb = pb, c->prow_off = prow_off, c->prow = prow, c->penalty = penalty;
    const mu_instance *inst = pb->inst;
    c->in = mu_calloc((size_t)pb->pairs.n + 1, sizeof *c->in, err);
    c->pair_col = mu_alloc((size_t)pb->pairs.n + 1, sizeof *c->pair_col, err);
    c->app_row = mu_calloc((size_t)inst->n_app + 1, sizeof *c->app_row, err);
    c->app_cnt = mu_calloc((size_t)inst->n_app + 1, sizeof *c->app_cnt, err);
    c->com_row = mu_calloc((size_t)inst->n_com + 1, sizeof *c->com_row, err);
    c->qrow = mu_calloc((size_t)pb->n_rows + 1, sizeof *c->qrow, err);
    c->qcount = mu_calloc((size_t)pb->n_rows + 1, sizeof *c->qcount, err);
    c->slack_col = mu_calloc((size_t)pb->n_rows + 1, sizeof *c->slack_col, err);
    c->col_cap = 1024 + pb->n_rows;
    c->col_pair = mu_alloc((size_t)c->col_cap, sizeof *c->col_pair, err);
    if (!c->in || !c->pair_col || !c->app_row || !c->app_cnt || !c->com_row || !c->qrow || !c->qcount ||
        !c->slack_col || !c->col_pair) {
        mu_core_free(c);
        return MU_ENOMEM;
    }
    glpk_fence f = {.last = ""};
    FENCE_OPEN(f, 1) {
        rc = core_glpk_failed(c, &f, err);
        goto done;
    }
    c->lp = glp_create_prob();
    glp_set_obj_dir(c->lp, GLP_MAX);
    /* Company rows and floor rows from the start; floors with their elastic columns. */
    for (int32_t k = 0; k < inst->n_com; k++) {
        int row = glp_add_rows(c->lp, 1);
        glp_set_row_bnds(c->lp, row, GLP_UP, 0.0, pb->cap ? pb->cap[k] : inst->com[k].capacity);
        c->com_row[k] = row;
    }
    for (int32_t r = 0; r < pb->n_rows; r++) {
        const mu_qrow *q = &pb->rows[r];
        if (!core_floor(q)) continue;
        int row = glp_add_rows(c->lp, 1);
        if (q->max == INT64_MAX) glp_set_row_bnds(c->lp, row, GLP_LO, (double)q->min, 0.0);
        else glp_set_row_bnds(c->lp, row, q->min == q->max ? GLP_FX : GLP_DB, (double)q->min, (double)q->max);
        c->qrow[r] = row;
        int col = glp_add_cols(c->lp, 1);
        glp_set_col_bnds(c->lp, col, GLP_DB, 0.0, (double)q->min);
        glp_set_obj_coef(c->lp, col, -penalty);
        int ind[2] = {0, row};
        double val[2] = {0, 1.0};
        glp_set_mat_col(c->lp, col, 1, ind, val);
        c->slack_col[r] = col;
        c->col_pair[col] = -1 - (int64_t)r;
    }
done:
    fence_close();
    if (rc) {
        mu_core_free(c);
        return rc;
    }
    *out = c;
    return MU_OK;
}

void mu_core_free(mu_core *c) {
    if (!c) return;
    if (c->lp && !c->dead) glp_delete_prob(c->lp);
    free(c->in), free(c->pair_col), free(c->app_row), free(c->app_cnt), free(c->com_row), free(c->qrow),
        free(c->qcount), free(c->slack_col);
    free(c->col_pair), free(c->ind), free(c->val);
    free(c);
}

int64_t mu_core_size(const mu_core *c) { return c->n_in; }
const uint8_t *mu_core_member(const mu_core *c) { return c->in; }

int mu_core_add(mu_core *c, int64_t n, const int64_t *pairs, mu_error *err) {
    if (c->dead) return core_dead(err);
    const mu_problem *pb = c->pb;
    const mu_pairs *P = &pb->pairs;
    volatile int rc = MU_OK;
    int32_t *app_of = NULL;
    int32_t *new_rows = NULL, *new_apps = NULL;
    int64_t n_new_rows = 0, n_new_apps = 0;
    /* the applicant of each new pair: app_off is sorted, so a binary search */
    app_of = mu_alloc((size_t)n + 1, sizeof *app_of, err);
    new_rows = mu_alloc((size_t)pb->n_rows + 1, sizeof *new_rows, err);
    new_apps = mu_alloc((size_t)n + 1, sizeof *new_apps, err);
    if (!app_of || !new_rows || !new_apps) {
        free(app_of), free(new_rows), free(new_apps);
        return MU_ENOMEM;
    }
    glpk_fence f = {.last = ""};
    FENCE_OPEN(f, 1) {
        rc = core_glpk_failed(c, &f, err);
        goto done;
    }
    int64_t first = c->n_in;
    int ncols = glp_get_num_cols(c->lp);
    int64_t added = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t p = pairs[i];
        if (c->in[p]) continue;
        c->in[p] = 1;
        int32_t lo = pair_applicant(P, p);
        if (++c->app_cnt[lo] == 2) new_apps[n_new_apps++] = lo, c->app_row[lo] = -1; /* its row can bind now */
        app_of[added] = lo;
        for (int64_t k = c->prow_off[p]; k < c->prow_off[p + 1]; k++) {
            int32_t r = c->prow[k];
            c->qcount[r]++;
            if (!c->qrow[r] && c->qcount[r] > pb->rows[r].max) { /* it can bind now */
                c->qrow[r] = -1;                                 /* marked: added below, with every core pair of it */
                new_rows[n_new_rows++] = r;
            }
        }
        if (ncols + added + 1 >= c->col_cap) {
            int64_t cap = 2 * (ncols + added + 1);
            int64_t *cp = mu_realloc_array(c->col_pair, (size_t)cap, sizeof *cp, err);
            if (!cp) {
                rc = MU_ENOMEM;
                goto done;
            }
            c->col_pair = cp, c->col_cap = cap;
        }
        c->col_pair[ncols + added + 1] = p;
        c->pair_col[p] = ncols + (int)added + 1;
        added++;
    }
    c->n_in = first + added;
    if (added) {
        if ((rc = core_scratch(c, 8 + pb->n_rows, err))) goto done;
        int col0 = glp_add_cols(c->lp, (int)added);
        for (int64_t i = 0; i < added; i++) {
            int col = col0 + (int)i;
            int64_t p = c->col_pair[col];
            glp_set_col_kind(c->lp, col, GLP_IV);
            glp_set_col_bnds(c->lp, col, GLP_DB, 0.0, 1.0);
            glp_set_obj_coef(c->lp, col, c->phase1 ? 0.0 : (double)P->w[p]);
            int len = 0;
            if (c->app_row[app_of[i]] > 0) c->ind[++len] = c->app_row[app_of[i]], c->val[len] = 1.0;
            c->ind[++len] = c->com_row[P->com[p]], c->val[len] = 1.0;
            for (int64_t k = c->prow_off[p]; k < c->prow_off[p + 1]; k++)
                if (c->qrow[c->prow[k]] > 0) c->ind[++len] = c->qrow[c->prow[k]], c->val[len] = 1.0;
            glp_set_mat_col(c->lp, col, len, c->ind, c->val);
        }
    }
    for (int64_t i = 0; i < n_new_apps; i++) { /* applicants with a second pair: their row, over all their core pairs */
        int32_t a = new_apps[i];
        int row = glp_add_rows(c->lp, 1);
        glp_set_row_bnds(c->lp, row, GLP_UP, 0.0, 1.0);
        c->app_row[a] = row;
        if ((rc = core_scratch(c, P->app_off[a + 1] - P->app_off[a], err))) goto done;
        int len = 0;
        for (int64_t k = P->app_off[a]; k < P->app_off[a + 1]; k++)
            if (c->in[k]) c->ind[++len] = c->pair_col[k], c->val[len] = 1.0;
        glp_set_mat_row(c->lp, row, len, c->ind, c->val);
    }
    for (int64_t i = 0; i < n_new_rows; i++) { /* rows that can bind now, over all their core pairs */
        int32_t r = new_rows[i];
        const mu_qrow *q = &pb->rows[r];
        int row = glp_add_rows(c->lp, 1);
        glp_set_row_bnds(c->lp, row, GLP_UP, 0.0, (double)q->max);
        c->qrow[r] = row;
        if ((rc = core_scratch(c, c->qcount[r], err))) goto done;
        int len = 0;
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++)
            if (c->in[pb->row_pair[k]]) c->ind[++len] = c->pair_col[pb->row_pair[k]], c->val[len] = 1.0;
        glp_set_mat_row(c->lp, row, len, c->ind, c->val);
    }
done:
    fence_close();
    free(app_of), free(new_rows), free(new_apps);
    return rc;
}

int mu_core_set_phase(mu_core *c, int phase1, double penalty, mu_error *err) {
    if (c->dead) return core_dead(err);
    volatile int rc = MU_OK;
    glpk_fence f = {.last = ""};
    FENCE_OPEN(f, 1) {
        rc = core_glpk_failed(c, &f, err);
        goto done;
    }
    c->phase1 = phase1, c->penalty = penalty;
    int ncols = glp_get_num_cols(c->lp);
    for (int col = 1; col <= ncols; col++) {
        int64_t p = c->col_pair[col];
        glp_set_obj_coef(c->lp, col, p < 0 ? (phase1 ? -1.0 : -c->penalty) : phase1 ? 0.0 : (double)c->pb->pairs.w[p]);
    }
done:
    fence_close();
    return rc;
}

int mu_core_set_basis(mu_core *c, const int32_t *app_com, mu_error *err) {
    if (c->dead) return core_dead(err);
    const mu_problem *pb = c->pb;
    const mu_pairs *P = &pb->pairs;
    volatile int rc = MU_OK;
    int64_t *cnt = mu_calloc((size_t)pb->n_rows + 1, sizeof *cnt, err);
    if (!cnt) return MU_ENOMEM;
    glpk_fence f = {.last = ""};
    FENCE_OPEN(f, 1) {
        rc = core_glpk_failed(c, &f, err);
        goto done;
    }
    int nrows = glp_get_num_rows(c->lp), ncols = glp_get_num_cols(c->lp);
    for (int i = 1; i <= nrows; i++) glp_set_row_stat(c->lp, i, GLP_BS);
    for (int col = 1; col <= ncols; col++) glp_set_col_stat(c->lp, col, GLP_NL);
    for (int32_t a = 0; a < P->n_app; a++) {
        int64_t k = app_com[a] >= 0 ? mu_pairs_find(P, a, app_com[a]) : -1;
        if (k < 0 || !c->in[k]) continue;
        if (c->app_row[a] > 0) { /* basic, in place of the applicant's row */
            glp_set_col_stat(c->lp, c->pair_col[k], GLP_BS);
            glp_set_row_stat(c->lp, c->app_row[a], GLP_NU);
        } else { /* the applicant's one core pair: at its bound 1 */
            glp_set_col_stat(c->lp, c->pair_col[k], GLP_NU);
        }
        for (int64_t j = c->prow_off[k]; j < c->prow_off[k + 1]; j++) cnt[c->prow[j]]++;
    }
    for (int32_t r = 0; r < pb->n_rows; r++)
        if (c->slack_col[r] && cnt[r] < pb->rows[r].min) {
            glp_set_col_stat(c->lp, c->slack_col[r], GLP_BS);
            glp_set_row_stat(c->lp, c->qrow[r], pb->rows[r].min == pb->rows[r].max ? GLP_NS : GLP_NL);
        }
    c->solved_once = 1; /* no crash basis over this one */
done:
    fence_close();
    free(cnt);
    return rc;
}

/* Primal simplex from the current basis; a basis GLPK finds singular or
 * ill-conditioned is replaced by the standard one and the solve repeated. */
static int core_simplex(mu_core *c, glpk_fence *f, double deadline) {
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.meth = GLP_PRIMAL;
    smcp.msg_lev = GLP_MSG_ON; /* its lines every out_frq ms are how a stop request gets out (on_glpk_output) */
    smcp.out_frq = 100;
    smcp.presolve = GLP_OFF;
    smcp.tm_lim = ms_left(deadline);
    if (!c->solved_once && glp_get_num_rows(c->lp) > 0 && glp_get_num_cols(c->lp) > 0) glp_adv_basis(c->lp, 0);
    f->stoppable = 1;
    int ret = glp_simplex(c->lp, &smcp);
    if (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND) {
        glp_std_basis(c->lp);
        smcp.tm_lim = ms_left(deadline);
        ret = glp_simplex(c->lp, &smcp);
    }
    f->stoppable = 0;
    c->solved_once = 1;
    return ret;
}

int mu_core_solve_lp(mu_core *c, double deadline, double *u, double *v, double *y, double *x, mu_core_lp *out,
                     mu_error *err) {
    if (c->dead) return core_dead(err);
    const mu_problem *pb = c->pb;
    const mu_instance *inst = pb->inst;
    volatile int rc = MU_OK;
    memset(out, 0, sizeof *out);
    glpk_fence f = {.last = ""};
    FENCE_OPEN(f, 1) {
        rc = core_unwound(c, &f, &out->end, err);
        goto done;
    }
    int it0 = glp_get_it_cnt(c->lp);
    MU_DEBUG("core: LP with %d rows, %d columns\n", glp_get_num_rows(c->lp), glp_get_num_cols(c->lp));
    int ret = core_simplex(c, &f, deadline);
    out->iterations = glp_get_it_cnt(c->lp) - it0;
    int st = glp_get_status(c->lp);
    if (mu_stop_requested()) out->end = MU_CORE_STOPPED;
    else if (ret == GLP_ETMLIM || (ret == 0 && st != GLP_OPT && st != GLP_NOFEAS)) out->end = MU_CORE_TIME_LIMIT;
    else if (ret == GLP_ENOPFS || st == GLP_NOFEAS) out->end = MU_CORE_INFEASIBLE;
    else if (ret != 0) rc = mu_err(err, MU_EINTERNAL, "GLPK simplex failed on the core model (code %d)", ret);
    else {
        out->end = MU_CORE_SOLVED;
        out->obj = glp_get_obj_val(c->lp);
        for (int32_t a = 0; a < inst->n_app; a++) u[a] = c->app_row[a] > 0 ? glp_get_row_dual(c->lp, c->app_row[a]) : 0;
        for (int32_t k = 0; k < inst->n_com; k++) v[k] = glp_get_row_dual(c->lp, c->com_row[k]);
        for (int32_t r = 0; r < pb->n_rows; r++) y[r] = c->qrow[r] > 0 ? glp_get_row_dual(c->lp, c->qrow[r]) : 0;
        if (x) memset(x, 0, (size_t)pb->pairs.n * sizeof *x);
        int ncols = glp_get_num_cols(c->lp);
        for (int col = 1; col <= ncols; col++) {
            int64_t p = c->col_pair[col];
            double val = glp_get_col_prim(c->lp, col);
            if (p < 0) out->shortfall += val;
            else if (x) x[p] = val;
        }
    }
done:
    fence_close();
    return rc;
}

int mu_core_solve_mip(mu_core *c, double deadline, double gap, const uint8_t *fix0, const int32_t *warm,
                      int32_t *app_com, mu_core_mip *out, mu_error *err) {
    if (c->dead) return core_dead(err);
    const mu_problem *pb = c->pb;
    const mu_pairs *P = &pb->pairs;
    volatile int rc = MU_OK;
    double *volatile wv = NULL;
    memset(out, 0, sizeof *out);
    glpk_fence f = {.last = ""};
    FENCE_OPEN(f, 1) {
        rc = core_unwound(c, &f, &out->end, err);
        goto done;
    }
    int ncols = glp_get_num_cols(c->lp);
    /* floors hard, fixed pairs at 0; then the LP again (warm), as glp_intopt needs its optimum */
    for (int col = 1; col <= ncols; col++) {
        int64_t p = c->col_pair[col];
        if (p < 0) glp_set_col_bnds(c->lp, col, GLP_FX, 0.0, 0.0);
        else if (fix0 && fix0[p]) glp_set_col_bnds(c->lp, col, GLP_FX, 0.0, 0.0), out->fixed++;
    }
    int ret = core_simplex(c, &f, deadline);
    int st = glp_get_status(c->lp);
    if (mu_stop_requested()) out->end = MU_CORE_STOPPED;
    else if (ret == GLP_ETMLIM || (ret == 0 && st != GLP_OPT && st != GLP_NOFEAS)) out->end = MU_CORE_TIME_LIMIT;
    else if (ret == GLP_ENOPFS || st == GLP_NOFEAS) out->end = MU_CORE_INFEASIBLE;
    else if (ret != 0) rc = mu_err(err, MU_EINTERNAL, "GLPK simplex failed on the core model (code %d)", ret);
    if (rc || ret != 0 || st != GLP_OPT) goto restore;
    tree_state ts = {.deadline = deadline};
    if (warm) {
        wv = mu_calloc((size_t)ncols + 1, sizeof *wv, err);
        if (!wv) {
            rc = MU_ENOMEM;
            goto restore;
        }
        for (int32_t a = 0; a < P->n_app; a++) {
            int64_t k = warm[a] >= 0 ? mu_pairs_find(P, a, warm[a]) : -1;
            if (k >= 0 && c->in[k]) wv[c->pair_col[k]] = 1.0;
        }
        ts.warm = wv;
    }
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = mu_verbosity >= 2 ? GLP_MSG_ON : GLP_MSG_ERR;
    iocp.presolve = GLP_OFF;
    iocp.mip_gap = gap;
    iocp.tm_lim = ms_left(deadline);
    iocp.cb_func = on_tree;
    iocp.cb_info = &ts;
    ret = glp_intopt(c->lp, &iocp);
    int ms = glp_mip_status(c->lp);
    if (ret != 0 && ret != GLP_ETMLIM && ret != GLP_EMIPGAP && ret != GLP_ESTOP && ret != GLP_ENOPFS &&
        ret != GLP_ENODFS) {
        rc = mu_err(err, MU_EINTERNAL, "GLPK branch-and-bound failed on the core model (code %d)", ret);
        goto restore;
    }
    out->bound = ts.has_bound ? ts.best_bound : glp_get_obj_val(c->lp);
    if (ms == GLP_NOFEAS || ret == GLP_ENOPFS) out->end = MU_CORE_INFEASIBLE;
    else if (ms == GLP_OPT && (ret == 0 || ret == GLP_EMIPGAP)) out->end = MU_CORE_SOLVED;
    else out->end = mu_stop_requested() ? MU_CORE_STOPPED : MU_CORE_TIME_LIMIT;
    if (ms == GLP_OPT || ms == GLP_FEAS) {
        out->has = 1;
        for (int32_t a = 0; a < P->n_app; a++) app_com[a] = -1;
        out->obj = 0;
        for (int col = 1; col <= ncols; col++) {
            int64_t p = c->col_pair[col];
            if (p < 0 || glp_mip_col_val(c->lp, col) < 0.5) continue;
            app_com[pair_applicant(P, p)] = P->com[p];
            out->obj += P->w[p];
        }
        if (ms == GLP_OPT && ret == 0) out->bound = (double)out->obj;
    }
restore:
    for (int col = 1; col <= ncols; col++) {
        int64_t p = c->col_pair[col];
        if (p < 0) glp_set_col_bnds(c->lp, col, GLP_DB, 0.0, (double)pb->rows[-1 - p].min);
        else if (fix0 && fix0[p]) glp_set_col_bnds(c->lp, col, GLP_DB, 0.0, 1.0);
    }
done:
    fence_close();
    free(wv);
    return rc;
}
