/* Policy engines: deferred acceptance, and the stable, almost-stable and
 * lexicographic integer programs.
 *
 * stable-optimal without quota rows and with strict ranks (no applicant
 * ranks two of its eligible pairs alike, no company two applicants) needs no
 * integer program: the optimum is the applicant-optimal stable matching plus
 * a maximum-weight closed set of rotations, one minimum cut per
 * lexicographic stage (engine/stable.c; run_rotations below). With ties the
 * weakly stable matchings are more than those of any one tie-breaking, and
 * with quotas a stable matching may break them, so the model below stays.
 *
 * Stability (README "Policies"; preferences from engine/prefs.h, weak: a
 * pair blocks only when both sides strictly prefer it). For an eligible pair
 * p = (a, c), with A(p) the pairs of a that a ranks at least as high as c
 * (p included) and C(p) the pairs of c whose applicant c ranks at least as
 * high as a (p included), the comb constraint of the hospitals/residents
 * stable admissions polytope (Baïou & Balinski 2000, "The stable admissions
 * polytope", Math. Program. 87:427-439), in the weak-stability form for ties
 * used by Delorme, García, Gondzio, Kalcsics, Manlove & Pettersson (2019,
 * "Mathematical models for stable matching problems with ties and incomplete
 * lists", EJOR 277:426-441), is
 *
 *     k_p * sum_{q in A(p)} x_q  +  sum_{q in C(p)} x_q  >=  k_p
 *
 * "a holds c or better, or c is full of applicants it likes at least as
 * much as a". The textbook coefficient is cap_c; k_p = min(cap_c, |C(p)|)
 * is equivalent on binary points (when a takes nothing in A(p), x_p = 0 and
 * the right sum is at most |C(p)| - 1) and gives a tighter relaxation.
 * x_p sits in both sums: one coefficient k_p + 1.
 *
 * Almost stable: a binary b_p per pair relaxes its row to
 * k_p * sum_A + sum_C + k_p * b_p >= k_p, and sum b_p is minimised: b_p = 1
 * exactly when p blocks, so the optimum is the fewest blocking pairs under
 * the quotas (the "minimum blocking pairs" criterion of Biró, Manlove &
 * Mittal 2010, and of Hamada, Iwama & Miyazaki 2016 for lower quotas).
 *
 * Lexicographic objectives are sequential solves: each stage maximises one
 * measure, then a row fixes the value reached (an integer counted from the
 * assignment, never GLPK's floating objective) and the next stage runs; the
 * last stage maximises total weight. So rank-maximal (Irving, Kavitha,
 * Mehlhorn, Michail & Paluch 2006) is exact however many levels there are,
 * with no big weights to lose precision in. */
#include "engine/policy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/cda.h"
#include "engine/da.h"
#include "engine/flow.h"
#include "engine/prefs.h"
#include "engine/qstable.h"
#include "engine/stable.h"

#define MAX_STABILITY_NONZEROS 2e8 /* GLPK indexes nonzeros with int; its memory per nonzero is ~40 bytes */

int mu_policy_handles(int engine, const mu_options *opt) {
    return engine == MU_ENGINE_DA_APPLICANT || engine == MU_ENGINE_DA_COMPANY || engine == MU_ENGINE_STABLE_OPTIMAL ||
           engine == MU_ENGINE_ALMOST_STABLE || (engine == MU_ENGINE_MIP && opt->objective != MU_OBJECTIVE_WEIGHT);
}

int32_t mu_policy_group_key(const mu_instance *inst, const mu_options *opt) {
    int32_t key = mu_sym_find(&inst->syms, opt->group_by ? opt->group_by : "nationality");
    if (key < 0) return -1;
    for (int64_t k = 0; k < inst->app_attrs.off[inst->n_app]; k++)
        if (inst->app_attrs.key[k] == key) return key;
    return -1;
}

/* ---- deferred acceptance */

/* Deferred acceptance on pb's pairs and ranks into app_com. */
static int da_assign(const mu_problem *pb, const mu_prefs *pr, const mu_options *opt, int side, int32_t *app_com,
                     mu_da_stats *st, mu_error *err) {
    const mu_instance *inst = pb->inst;
    int32_t *cap = mu_alloc((size_t)inst->n_com + 1, sizeof *cap, err);
    if (!cap) return MU_ENOMEM;
    for (int32_t c = 0; c < inst->n_com; c++) cap[c] = inst->com[c].capacity;
    mu_da_input in = {inst->n_app,       inst->n_com,    cap,
                      pb->pairs.app_off, pb->pairs.com,  pr->app_rank,
                      pr->com_rank,      opt->tie_break, (uint64_t)opt->seed};
    char msg[256] = "";
    int drc = mu_da_solve(&in, side, opt->threads, app_com, st, msg, sizeof msg);
    free(cap);
    return drc ? mu_err(err, drc == MU_ENOMEM ? MU_ENOMEM : MU_EINTERNAL, "deferred acceptance: %s", msg) : MU_OK;
}

/* Deferred acceptance under the quota rows (engine/cda.c): the constrained
 * mechanism honours them; its criterion is the quota-respecting blocking pairs
 * left (qstable.h), 0 unless applicant-side caps leave some unresolved. */
static int run_cda(mu_problem *pb, const mu_prefs *pr, const mu_options *opt, int side, const char *name,
                   double deadline, mu_result *res, mu_error *err) {
    mu_cda_stats cs;
    int rc = mu_cda_solve(pb, pr, opt, side, name, deadline, res->app_com, &cs, err);
    if (rc) return rc;
    pb->ext.criterion = "blocking_pairs_quota_respecting";
    if (cs.timed_out) {
        res->status = mu_stop_requested() ? MU_STATUS_INTERRUPTED : MU_STATUS_TIME_LIMIT;
        res->has_assignment = 0;
        snprintf(res->detail, sizeof res->detail, "deferred acceptance under the quotas stopped before the end");
        return MU_OK;
    }
    res->status = cs.blocking ? MU_STATUS_FEASIBLE : MU_STATUS_OPTIMAL;
    res->has_assignment = 1;
    res->has_bound = 1;
    res->bound = 0;
    res->criterion_value = (double)cs.blocking;
    char floors[64] = "", caps[160] = "", rounds[64] = "", repaired[96] = "";
    if (cs.floors)
        snprintf(floors, sizeof floors, ", %d floor%s met by reserved seats", cs.floors, cs.floors == 1 ? "" : "s");
    if (cs.applicant_rows)
        snprintf(caps, sizeof caps,
                 ", %d cap%s over applicants in the same choice (crossing the hosts: stability restored after, "
                 "strategy-proofness not claimed)",
                 cs.applicant_rows, cs.applicant_rows == 1 ? "" : "s");
    if (side == MU_DA_COMPANY_PROPOSING) snprintf(rounds, sizeof rounds, " in %d rounds", cs.rounds);
    if (cs.repairs)
        snprintf(repaired, sizeof repaired, "; %lld blocking pair%s resolved after", (long long)cs.repairs,
                 cs.repairs == 1 ? "" : "s");
    snprintf(res->detail, sizeof res->detail,
             "%s-proposing deferred acceptance under the quotas (ties: %s%s): %d quota row%s over hosts as a tree%s%s, "
             "hosts taking turns by rank; %lld %s%s%s; %lld quota-respecting blocking pair%s",
             side ? "company" : "applicant", mu_tie_break_name(opt->tie_break),
             opt->tie_break == MU_TIE_INDEX ? ", lowest index first" : " lottery", cs.host_rows,
             cs.host_rows == 1 ? "" : "s", floors, caps, (long long)cs.proposals, side ? "offers" : "proposals", rounds,
             repaired, (long long)cs.blocking, cs.blocking == 1 ? "" : "s");
    return MU_OK;
}

static int run_da(mu_problem *pb, const mu_options *opt, int engine, double deadline, mu_result *res,
                  mu_policy_info *info, mu_error *err) {
    const char *name = mu_engine_name(engine);
    if (opt->objective != MU_OBJECTIVE_WEIGHT)
        return mu_err(err, MU_EUSAGE,
                      "--engine %s: deferred acceptance optimises no objective (got --objective %s); "
                      "use mip, stable-optimal or almost-stable",
                      name, mu_objective_name(opt->objective));
    mu_prefs *pr = mu_calloc(1, sizeof *pr, err);
    if (!pr) return MU_ENOMEM;
    int rc = mu_prefs_build(pb, pr, err);
    if (rc) {
        free(pr);
        return rc;
    }
    info->prefs = pr;
    int side = engine == MU_ENGINE_DA_COMPANY ? MU_DA_COMPANY_PROPOSING : MU_DA_APPLICANT_PROPOSING;
    if (pb->n_rows > 0) return run_cda(pb, pr, opt, side, name, deadline, res, err);
    mu_da_stats st;
    rc = da_assign(pb, pr, opt, side, res->app_com, &st, err);
    if (rc) return rc;
    res->status = MU_STATUS_OPTIMAL;
    res->has_assignment = 1;
    res->has_bound = 1;
    res->bound = 0;
    res->criterion_value = 0;
    pb->ext.criterion = "blocking_pairs";
    snprintf(res->detail, sizeof res->detail,
             "%s-proposing deferred acceptance: the %s-optimal stable matching (ties: %s%s); %lld proposals",
             side ? "company" : "applicant", side ? "company" : "applicant", mu_tie_break_name(opt->tie_break),
             opt->tie_break == MU_TIE_INDEX ? ", lowest index first" : " lottery", (long long)st.proposals);
    return MU_OK;
}

/* ---- the staged integer program */

typedef struct stager {
    mu_problem *pb;
    const mu_options *opt;
    const mu_prefs *pr;
    double deadline;
    mu_error *err;
    double *obj;    /* [pairs.n] the current stage's pair objective */
    int32_t *best;  /* [n_app] the assignment of the last stage that returned one */
    int32_t *trial; /* [n_app] scratch for a stage */
    int64_t *app_pair;
    int32_t *warm; /* [n_app] a feasible assignment to offer the next stage */
    int have_warm;
    int64_t b_first;     /* first blocking indicator column (one per pair, in pair order), -1 none */
    int quota;           /* stability respects the quotas (engine/qstable.h): the instance has quota rows */
    mu_qstable_model qs; /* that model's columns, when quota */
    double *warm_ext;    /* the extra columns' values for warm */
    int have_best;
    mu_status status; /* the weakest outcome so far */
    int stop;         /* a stage ended without an assignment: keep the last one */
    int stages;
    char note[128];
} stager;

/* The blocking pairs that the stability rows count: quota-respecting ones
 * when the instance has quota rows, else all (the two agree without). */
static int64_t count_blocking(const stager *sg, const int64_t *app_pair, int64_t *list, int64_t max) {
    return sg->quota ? mu_qstable_blocking(sg->pb, sg->pr, app_pair, list, max, sg->err)
                     : mu_prefs_blocking(sg->pb, sg->pr, app_pair, list, max, sg->err);
}

/* The extra columns' values that make sg->warm a feasible point: each
 * blocking indicator is 1 exactly on the assignment's blocking pairs, each
 * "row full" column of the quota-respecting model 1 exactly on the rows it
 * fills; any other extra column (the max-min rate) starts at 0, which its
 * rows allow. */
static int warm_values(stager *sg) {
    mu_problem *pb = sg->pb;
    free(sg->warm_ext);
    sg->warm_ext = mu_calloc((size_t)pb->ext.n_cols + 1, sizeof *sg->warm_ext, sg->err);
    if (!sg->warm_ext) return MU_ENOMEM;
    if (sg->b_first < 0 && !(sg->quota && sg->qs.n_f)) return MU_OK;
    int64_t *app_pair = mu_alloc((size_t)pb->inst->n_app + 1, sizeof *app_pair, sg->err);
    int64_t *list = mu_alloc((size_t)pb->pairs.n + 1, sizeof *list, sg->err);
    int64_t nb = -1;
    if (app_pair && list) {
        mu_prefs_placements(pb, sg->warm, app_pair);
        if (sg->quota && sg->qs.n_f)
            mu_qstable_full_rows(pb, &sg->qs, app_pair, sg->warm_ext + (sg->qs.f_first - pb->pairs.n));
        nb = sg->b_first < 0 ? 0 : count_blocking(sg, app_pair, list, pb->pairs.n);
        for (int64_t i = 0; i < nb; i++) sg->warm_ext[sg->b_first - pb->pairs.n + list[i]] = 1.0;
    }
    free(app_pair), free(list);
    return nb < 0 ? MU_ENOMEM : MU_OK;
}

/* Solves the model as it stands. On an assignment it becomes the best and
 * *out carries GLPK's objective and bound; returns an error code only for
 * errors. */
static int solve_stage(stager *sg, const char *what, mu_result *out) {
    memset(out, 0, sizeof *out);
    out->app_com = sg->trial;
    if (sg->have_warm) {
        int rc = warm_values(sg);
        if (rc) return rc;
        out->warm_start = sg->warm;
        out->warm_ext = sg->warm_ext;
    }
    sg->stages++;
    int rc = mu_engine_mip(sg->pb, sg->opt, sg->deadline, out, sg->err);
    free(out->ext_val);
    out->ext_val = NULL;
    mu_result_free_duals(out);
    if (rc) return rc;
    if (out->has_assignment) {
        memcpy(sg->best, sg->trial, (size_t)sg->pb->inst->n_app * sizeof *sg->best);
        memcpy(sg->warm, sg->trial, (size_t)sg->pb->inst->n_app * sizeof *sg->warm);
        sg->have_best = sg->have_warm = 1;
        if (out->status != MU_STATUS_OPTIMAL && sg->status == MU_STATUS_OPTIMAL) sg->status = out->status;
        mu_prefs_placements(sg->pb, sg->best, sg->app_pair);
        return MU_OK;
    }
    sg->stop = 1;
    if (!sg->have_best) {
        sg->status = out->status;
    } else {
        /* A later stage ran out of time (or, numerically, lost the earlier
         * stage's point): the earlier stages' answer stands. */
        sg->status = out->status == MU_STATUS_INTERRUPTED ? MU_STATUS_INTERRUPTED : MU_STATUS_FEASIBLE;
        snprintf(sg->note, sizeof sg->note, "stage %d (%s) ended %s", sg->stages, what, mu_status_name(out->status));
    }
    return MU_OK;
}

/* Adds lo <= sum_{pairs with sel} coef * x <= +inf over the pairs, where
 * coef[k] > 0 selects pair k. */
static int fix_at_least(stager *sg, const double *coef, double lo) {
    int64_t n = sg->pb->pairs.n, m = 0;
    int64_t *cols = mu_alloc((size_t)n + 1, sizeof *cols, sg->err);
    double *val = mu_alloc((size_t)n + 1, sizeof *val, sg->err);
    int rc = MU_ENOMEM;
    if (cols && val) {
        for (int64_t k = 0; k < n; k++)
            if (coef[k] != 0) cols[m] = k, val[m++] = coef[k];
        rc = mu_ext_add_row(sg->pb, lo, HUGE_VAL, m, cols, val, sg->err);
    }
    free(cols), free(val);
    return rc;
}

static const int32_t *sort_rank; /* qsort has no context argument; sorting runs on one thread */
static int cmp_by_rank(const void *x, const void *y) {
    int64_t p = *(const int64_t *)x, q = *(const int64_t *)y;
    if (sort_rank[p] != sort_rank[q]) return sort_rank[p] < sort_rank[q] ? -1 : 1;
    return (p > q) - (p < q);
}

/* The comb rows of every eligible pair; with b_first, also the blocking
 * indicator columns (their indices start at *b_first). */
static int add_stability(stager *sg, int with_indicators, int64_t *b_first) {
    mu_problem *pb = sg->pb;
    const mu_prefs *pr = sg->pr;
    const mu_instance *inst = pb->inst;
    int64_t n = pb->pairs.n;
    int64_t *by_rank = mu_alloc((size_t)n + 1, sizeof *by_rank, sg->err);
    int64_t longest = 0;
    for (int32_t a = 0; a < inst->n_app; a++)
        if (pb->pairs.app_off[a + 1] - pb->pairs.app_off[a] > longest)
            longest = pb->pairs.app_off[a + 1] - pb->pairs.app_off[a];
    for (int32_t c = 0; c < inst->n_com; c++)
        if (pr->com_off[c + 1] - pr->com_off[c] > longest) longest = pr->com_off[c + 1] - pr->com_off[c];
    int64_t *cols = mu_alloc((size_t)(2 * longest + 2), sizeof *cols, sg->err);
    double *val = mu_alloc((size_t)(2 * longest + 2), sizeof *val, sg->err);
    int rc = MU_OK;
    if (!by_rank || !cols || !val) {
        rc = MU_ENOMEM;
        goto done;
    }
    /* Each company's pairs, most preferred applicant first. */
    memcpy(by_rank, pr->com_pair, (size_t)n * sizeof *by_rank);
    sort_rank = pr->com_rank;
    for (int32_t c = 0; c < inst->n_com; c++)
        qsort(by_rank + pr->com_off[c], (size_t)(pr->com_off[c + 1] - pr->com_off[c]), sizeof *by_rank, cmp_by_rank);
    if (with_indicators) *b_first = pb->pairs.n + pb->ext.n_cols;
    for (int32_t a = 0; a < inst->n_app && !rc; a++)
        for (int64_t p = pb->pairs.app_off[a]; p < pb->pairs.app_off[a + 1] && !rc; p++) {
            int32_t c = pb->pairs.com[p];
            int64_t lo = pr->com_off[c], hi = pr->com_off[c + 1];
            int64_t w = lo; /* C(p) = by_rank[lo .. w) */
            while (w < hi && pr->com_rank[by_rank[w]] <= pr->com_rank[p]) w++;
            double k = (double)(inst->com[c].capacity < w - lo ? inst->com[c].capacity : w - lo);
            int64_t m = 0;
            for (int64_t q = pb->pairs.app_off[a]; q < pb->pairs.app_off[a + 1]; q++)
                if (pr->app_rank[q] <= pr->app_rank[p]) cols[m] = q, val[m++] = q == p ? k + 1 : k;
            for (int64_t i = lo; i < w; i++)
                if (by_rank[i] != p) cols[m] = by_rank[i], val[m++] = 1.0;
            if (with_indicators) {
                int64_t b = mu_ext_add_col(pb, 0, 1, 0, 1, sg->err);
                if (b < 0) {
                    rc = MU_ENOMEM;
                    break;
                }
                cols[m] = b, val[m++] = k;
            }
            rc = mu_ext_add_row(pb, k, HUGE_VAL, m, cols, val, sg->err);
        }
done:
    free(by_rank), free(cols), free(val);
    return rc;
}

/* Count of the pairs of the best assignment with coef > 0, weighted by coef. */
static int64_t count_selected(const stager *sg, const double *coef) {
    int64_t total = 0;
    for (int32_t a = 0; a < sg->pb->inst->n_app; a++)
        if (sg->app_pair[a] >= 0) total += (int64_t)coef[sg->app_pair[a]];
    return total;
}

static const char *const GOAL[] = {"maximum weight", "most placements, then weight", "rank-maximal, then weight",
                                   "least total rank (egalitarian), then weight",
                                   "max-min placement rate across groups, then weight"};

/* The primary criterion: what status, bound and gap refer to. */
typedef struct primary {
    const char *name;
    double value, bound;
    int has_bound;
} primary;

static int stage_blocking(stager *sg, int64_t b_first, primary *pri) {
    mu_problem *pb = sg->pb;
    for (int64_t k = 0; k < pb->pairs.n; k++) sg->obj[k] = 0;
    pb->ext.pair_obj = sg->obj;
    int64_t nb = pb->pairs.n + pb->ext.n_cols - b_first;
    for (int64_t j = 0; j < nb; j++) pb->ext.col_obj[b_first - pb->pairs.n + j] = -1;
    mu_result r;
    int rc = solve_stage(sg, "fewest blocking pairs", &r);
    if (rc || !r.has_assignment) return rc;
    int64_t blocking = count_blocking(sg, sg->app_pair, NULL, 0);
    if (blocking < 0) return MU_ENOMEM;
    for (int64_t j = 0; j < nb; j++) pb->ext.col_obj[b_first - pb->pairs.n + j] = 0;
    /* GLPK maximised -sum b: its bound, negated and rounded up, bounds the fewest blocking pairs from below. */
    double lower = ceil(-r.bound - 1e-6);
    lower = lower < 0.5 ? 0.0 : fmin((double)blocking, lower);
    *pri = (primary){sg->quota ? "blocking_pairs_quota_respecting" : "blocking_pairs", (double)blocking, lower,
                     r.has_bound};
    if (blocking == 0) { /* no pair may block: fix the indicators at 0, which the presolver removes */
        for (int64_t j = 0; j < nb; j++) pb->ext.col_hi[b_first - pb->pairs.n + j] = 0;
        return MU_OK;
    }
    int64_t *cols = mu_alloc((size_t)nb + 1, sizeof *cols, sg->err);
    double *val = mu_alloc((size_t)nb + 1, sizeof *val, sg->err);
    if (!cols || !val) {
        free(cols), free(val);
        return MU_ENOMEM;
    }
    for (int64_t j = 0; j < nb; j++) cols[j] = b_first + j, val[j] = 1.0;
    rc = mu_ext_add_row(pb, -HUGE_VAL, (double)blocking, nb, cols, val, sg->err);
    free(cols), free(val);
    return rc;
}

/* One "maximise sum coef x, then keep it" stage. */
static int stage_count(stager *sg, const char *what, primary *pri, const char *name) {
    mu_result r;
    sg->pb->ext.pair_obj = sg->obj;
    int rc = solve_stage(sg, what, &r);
    if (rc || !r.has_assignment) return rc;
    int64_t got = count_selected(sg, sg->obj);
    if (pri && !pri->name) *pri = (primary){name, (double)got, fmax((double)got, floor(r.bound + 1e-6)), r.has_bound};
    return fix_at_least(sg, sg->obj, (double)got);
}

/* Max-min placement rate over the groups of the --group-by attribute:
 * max t s.t. placed_g >= n_g t for every group g (applicants with an eligible
 * pair; an applicant without the attribute is in no group). The rate reached,
 * p/q, is then kept exactly by integer floors placed_g >= ceil(p n_g / q). */
static int stage_maxmin(stager *sg, primary *pri) {
    mu_problem *pb = sg->pb;
    const mu_instance *inst = pb->inst;
    int32_t key = mu_policy_group_key(inst, sg->opt);
    const char *attr = sg->opt->group_by ? sg->opt->group_by : "nationality";
    if (key < 0)
        return mu_err(sg->err, MU_EUSAGE,
                      "--objective maxmin: no applicant has the attribute \"%.60s\" (see --group-by)", attr);
    int32_t nsym = inst->syms.n;
    int32_t *group_of_val = mu_alloc((size_t)nsym + 1, sizeof *group_of_val, sg->err);
    int64_t *size = mu_calloc((size_t)nsym + 1, sizeof *size, sg->err);
    int64_t *cols = mu_alloc((size_t)pb->pairs.n + 2, sizeof *cols, sg->err);
    double *val = mu_alloc((size_t)pb->pairs.n + 2, sizeof *val, sg->err);
    int32_t *vals = mu_alloc((size_t)nsym + 1, sizeof *vals, sg->err);
    int rc = MU_OK;
    if (!group_of_val || !size || !cols || !val || !vals) {
        rc = MU_ENOMEM;
        goto done;
    }
    int32_t ng = 0;
    for (int32_t v = 0; v < nsym; v++) group_of_val[v] = -1;
    const mu_attrs *at = &inst->app_attrs;
    for (int32_t a = 0; a < inst->n_app; a++) {
        if (pb->pairs.app_off[a + 1] == pb->pairs.app_off[a]) continue;
        for (int64_t x = at->off[a]; x < at->off[a + 1]; x++)
            if (at->key[x] == key) {
                int32_t v = at->val[x];
                if (group_of_val[v] < 0) group_of_val[v] = ng, vals[ng++] = v;
                size[group_of_val[v]]++;
            }
    }
    if (ng == 0) {
        rc = mu_err(sg->err, MU_EUSAGE,
                    "--objective maxmin: no applicant with an eligible pair has the attribute \"%.60s\"", attr);
        goto done;
    }
    int64_t t = mu_ext_add_col(pb, 0, 1, 1, 0, sg->err);
    if (t < 0) {
        rc = MU_ENOMEM;
        goto done;
    }
    /* Rows in group order of first appearance: placed_g - n_g t >= 0. */
    for (int32_t g = 0; g < ng && !rc; g++) {
        int64_t m = 0;
        for (int32_t a = 0; a < inst->n_app; a++) {
            int in = 0;
            for (int64_t x = at->off[a]; x < at->off[a + 1]; x++) in |= at->key[x] == key && at->val[x] == vals[g];
            if (!in) continue;
            for (int64_t k = pb->pairs.app_off[a]; k < pb->pairs.app_off[a + 1]; k++) cols[m] = k, val[m++] = 1.0;
        }
        cols[m] = t, val[m++] = -(double)size[g];
        rc = mu_ext_add_row(pb, 0, HUGE_VAL, m, cols, val, sg->err);
    }
    if (rc) goto done;
    for (int64_t k = 0; k < pb->pairs.n; k++) sg->obj[k] = 0;
    pb->ext.pair_obj = sg->obj;
    mu_result r;
    if ((rc = solve_stage(sg, "max-min placement rate", &r)) || !r.has_assignment) goto done;
    pb->ext.col_obj[t - pb->pairs.n] = 0;
    /* The worst group's rate p/q, from the assignment. */
    int64_t *placed = mu_calloc((size_t)ng + 1, sizeof *placed, sg->err);
    if (!placed) {
        rc = MU_ENOMEM;
        goto done;
    }
    for (int32_t a = 0; a < inst->n_app; a++) {
        if (sg->app_pair[a] < 0) continue;
        for (int64_t x = at->off[a]; x < at->off[a + 1]; x++)
            if (at->key[x] == key && group_of_val[at->val[x]] >= 0) placed[group_of_val[at->val[x]]]++;
    }
    int64_t p = placed[0], q = size[0];
    for (int32_t g = 1; g < ng; g++)
        if (placed[g] * q < p * size[g]) p = placed[g], q = size[g];
    for (int32_t g = 0; g < ng && !rc; g++) {
        int64_t floor_g = (p * size[g] + q - 1) / q, m = 0;
        if (floor_g == 0) continue;
        for (int32_t a = 0; a < inst->n_app; a++) {
            int in = 0;
            for (int64_t x = at->off[a]; x < at->off[a + 1]; x++) in |= at->key[x] == key && at->val[x] == vals[g];
            if (!in) continue;
            for (int64_t k = pb->pairs.app_off[a]; k < pb->pairs.app_off[a + 1]; k++) cols[m] = k, val[m++] = 1.0;
        }
        rc = mu_ext_add_row(pb, (double)floor_g, HUGE_VAL, m, cols, val, sg->err);
    }
    free(placed);
    *pri = (primary){"maxmin_rate", (double)p / (double)q, fmax((double)p / (double)q, r.bound), r.has_bound};
done:
    free(group_of_val), free(size), free(cols), free(val), free(vals);
    return rc;
}

/* The maximum-weight assignment without stability (quotas kept), for the
 * price of stability: flow when there are no quota rows, else GLPK. */
static int solve_unconstrained(mu_problem *pb, const mu_options *opt, double deadline, mu_policy_info *info,
                               int32_t *app_com, mu_error *err) {
    const mu_instance *inst = pb->inst;
    mu_result r = {.app_com = app_com};
    int rc = pb->n_rows == 0 ? mu_engine_flow(pb, opt, deadline, &r, err) : mu_engine_mip(pb, opt, deadline, &r, err);
    if (!rc && r.has_assignment && r.status == MU_STATUS_OPTIMAL) {
        info->has_unconstrained = 1;
        info->unconstrained_status = r.status;
        info->unconstrained_weight = 0;
        for (int32_t a = 0; a < inst->n_app; a++)
            if (app_com[a] >= 0) info->unconstrained_weight += pb->pairs.w[mu_pairs_find(&pb->pairs, a, app_com[a])];
    }
    mu_result_free_duals(&r), free(r.ext_val);
    return rc;
}

/* ---- stable-optimal by the rotation poset (engine/stable.c) */

/* 1 when no applicant ranks two of its eligible pairs alike and no company
 * two of its applicants alike; then the stable matchings of any tie-breaking
 * are exactly the (weakly) stable ones. -1 on out of memory. */
static int ranks_strict(const mu_problem *pb, const mu_prefs *pr, mu_error *err) {
    const mu_instance *inst = pb->inst;
    int32_t top = 0;
    for (int64_t k = 0; k < pr->n; k++) {
        if (pr->app_rank[k] > top) top = pr->app_rank[k];
        if (pr->com_rank[k] > top) top = pr->com_rank[k];
    }
    int32_t *stamp = mu_alloc((size_t)top + 1, sizeof *stamp, err); /* who last used a rank, + 1 */
    if (!stamp) return -1;
    memset(stamp, 0, ((size_t)top + 1) * sizeof *stamp);
    int strict = 1;
    for (int32_t a = 0; a < inst->n_app && strict; a++)
        for (int64_t k = pb->pairs.app_off[a]; k < pb->pairs.app_off[a + 1] && strict; k++)
            strict = stamp[pr->app_rank[k]] != a + 1, stamp[pr->app_rank[k]] = a + 1;
    memset(stamp, 0, ((size_t)top + 1) * sizeof *stamp);
    for (int32_t c = 0; c < inst->n_com && strict; c++)
        for (int64_t i = pr->com_off[c]; i < pr->com_off[c + 1] && strict; i++) {
            int32_t r = pr->com_rank[pr->com_pair[i]];
            strict = stamp[r] != c + 1, stamp[r] = c + 1;
        }
    free(stamp);
    return strict;
}

/* The worst group's placement rate p/q, groups as in stage_maxmin. */
static int worst_rate(const mu_problem *pb, const mu_options *opt, const int32_t *app_com, int64_t *p, int64_t *q,
                      mu_error *err) {
    const mu_instance *inst = pb->inst;
    int32_t key = mu_policy_group_key(inst, opt);
    int64_t *size = mu_calloc((size_t)inst->syms.n + 1, sizeof *size, err);
    int64_t *placed = mu_calloc((size_t)inst->syms.n + 1, sizeof *placed, err);
    if (!size || !placed) {
        free(size), free(placed);
        return MU_ENOMEM;
    }
    const mu_attrs *at = &inst->app_attrs;
    for (int32_t a = 0; a < inst->n_app; a++) {
        if (pb->pairs.app_off[a + 1] == pb->pairs.app_off[a]) continue;
        for (int64_t x = at->off[a]; x < at->off[a + 1]; x++)
            if (at->key[x] == key) size[at->val[x]]++, placed[at->val[x]] += app_com[a] >= 0;
    }
    *p = 0, *q = 0;
    for (int32_t v = 0; v < inst->syms.n; v++)
        if (size[v] && (*q == 0 || placed[v] * *q < *p * size[v])) *p = placed[v], *q = size[v];
    free(size), free(placed);
    return MU_OK;
}

/* stable-optimal with strict ranks and no quota rows: the optimal stable
 * matching is the applicant-optimal one plus a maximum-weight closed set of
 * rotations, one minimum cut per lexicographic stage (engine/stable.c), no
 * integer program. Placements and group placement rates are the same in every
 * stable matching (the rural hospitals theorem), so those objectives reduce to
 * weight; rank-maximal and egalitarian have their own stages. */
static int run_rotations(mu_problem *pb, const mu_options *opt, double deadline, const mu_prefs *pr, mu_result *res,
                         mu_policy_info *info, mu_error *err) {
    const mu_instance *inst = pb->inst;
    const mu_pairs *P = &pb->pairs;
    int32_t *cap = mu_alloc((size_t)inst->n_com + 1, sizeof *cap, err);
    int32_t *scratch = mu_alloc((size_t)inst->n_app + 1, sizeof *scratch, err);
    int rc = MU_OK;
    if (!cap || !scratch) {
        rc = MU_ENOMEM;
        goto done;
    }
    if ((rc = solve_unconstrained(pb, opt, deadline, info, scratch, err))) goto done;
    for (int32_t c = 0; c < inst->n_com; c++) cap[c] = inst->com[c].capacity;
    mu_da_input in = {inst->n_app,    inst->n_com,        cap, P->app_off, P->com, pr->app_rank, pr->com_rank,
                      opt->tie_break, (uint64_t)opt->seed};
    mu_stable_objective goal = opt->objective == MU_OBJECTIVE_RANK_MAXIMAL  ? MU_STABLE_RANK_MAXIMAL
                               : opt->objective == MU_OBJECTIVE_EGALITARIAN ? MU_STABLE_EGALITARIAN
                                                                            : MU_STABLE_WEIGHT;
    char msg[256] = "";
    mu_stable_stats st;
    int src = mu_stable_solve(&in, NULL, P->w, goal, opt->threads, res->app_com, &st, msg, sizeof msg);
    if (src) {
        rc = mu_err(err, src == MU_EINPUT ? MU_EUSAGE : src, "--engine stable-optimal: %s", msg);
        goto done;
    }
    MU_INFO("stable-optimal: %d rotations (%lld moves, %lld precedences), %d eliminated; %d min cuts; "
            "%.3f s rotations, %.3f s cuts, %.3f s stability check\n",
            st.rotations, (long long)st.moves, (long long)st.precedences, st.eliminated, st.cuts, st.sec_rotations,
            st.sec_cut, st.sec_check);
    /* The criterion, counted from the matching as the GLPK stages count it. */
    primary pri = {NULL, (double)st.weight, (double)st.weight, 1};
    int64_t placed = 0, score = 0, base = 0, level_count = 0;
    int32_t level = 0;
    for (int64_t k = 0; k < P->n; k++)
        if (level == 0 || pr->app_rank[k] < level) level = pr->app_rank[k];
    for (int32_t a = 0; a < inst->n_app; a++) {
        if (pr->app_last[a]) base += pr->app_last[a] + 1;
        if (res->app_com[a] < 0) continue;
        int64_t k = mu_pairs_find(P, a, res->app_com[a]);
        placed++;
        level_count += pr->app_rank[k] == level;
        score += (pr->app_last[a] + 1 - pr->app_rank[k]) + (pr->com_last[P->com[k]] + 1 - pr->com_rank[k]);
    }
    for (int32_t c = 0; c < inst->n_com; c++) {
        int64_t deg = pr->com_off[c + 1] - pr->com_off[c];
        base += (inst->com[c].capacity < deg ? inst->com[c].capacity : deg) * (pr->com_last[c] + 1);
    }
    switch (opt->objective) {
    case MU_OBJECTIVE_PLACEMENTS: pri = (primary){"placements", (double)placed, (double)placed, 1}; break;
    case MU_OBJECTIVE_RANK_MAXIMAL:
        if (level > 0) pri = (primary){"rank_maximal", (double)level_count, (double)level_count, 1};
        break;
    case MU_OBJECTIVE_EGALITARIAN:
        pri = (primary){"egalitarian_cost", (double)(base - score), (double)(base - score), 1};
        break;
    case MU_OBJECTIVE_MAXMIN: {
        int64_t p = 0, q = 0;
        if ((rc = worst_rate(pb, opt, res->app_com, &p, &q, err))) goto done;
        if (q == 0) {
            rc = mu_err(err, MU_EUSAGE,
                        "--objective maxmin: no applicant with an eligible pair has the attribute \"%.60s\"",
                        opt->group_by ? opt->group_by : "nationality");
            goto done;
        }
        pri = (primary){"maxmin_rate", (double)p / (double)q, (double)p / (double)q, 1};
        break;
    }
    default: break;
    }
    res->status = MU_STATUS_OPTIMAL;
    res->has_assignment = 1;
    res->has_bound = pri.has_bound;
    res->bound = pri.bound;
    res->criterion_value = pri.value;
    pb->ext.criterion = pri.name;
    snprintf(res->detail, sizeof res->detail,
             "%s over stable matchings; rotation poset: %d rotations, %lld precedences, %d min cut%s, "
             "no integer program",
             GOAL[opt->objective], st.rotations, (long long)st.precedences, st.cuts, st.cuts == 1 ? "" : "s");
done:
    free(cap), free(scratch);
    return rc;
}

int mu_engine_policy(mu_problem *pb, const mu_options *opt, int engine, double deadline, mu_result *res,
                     mu_policy_info *info, mu_error *err) {
    MU_REQUIRE(pb && opt && res && info && mu_policy_handles(engine, opt));
    memset(info, 0, sizeof *info);
    if (engine == MU_ENGINE_DA_APPLICANT || engine == MU_ENGINE_DA_COMPANY)
        return run_da(pb, opt, engine, deadline, res, info, err);
    const mu_instance *inst = pb->inst;
    int stable = engine == MU_ENGINE_STABLE_OPTIMAL || engine == MU_ENGINE_ALMOST_STABLE;
    if (opt->objective == MU_OBJECTIVE_MAXMIN && mu_policy_group_key(inst, opt) < 0)
        return mu_err(err, MU_EUSAGE, "--objective maxmin: no applicant has the attribute \"%.60s\" (see --group-by)",
                      opt->group_by ? opt->group_by : "nationality");
    int rc = MU_OK;
    mu_prefs pr;
    if ((rc = mu_prefs_build(pb, &pr, err))) return rc;
    if (!(info->prefs = mu_alloc(1, sizeof *info->prefs, err))) {
        mu_prefs_free(&pr);
        return MU_ENOMEM;
    }
    if (stable && pb->n_rows == 0) {
        /* Without quota rows a stable matching exists (deferred acceptance gives one), so almost-stable's fewest
         * blocking pairs is 0 and its answer is stable-optimal's: by rotations when the ranks are strict. */
        int strict = ranks_strict(pb, &pr, err);
        if (strict < 0) rc = MU_ENOMEM;
        else if (strict) rc = run_rotations(pb, opt, deadline, &pr, res, info, err);
        if (strict > 0 && !rc && engine == MU_ENGINE_ALMOST_STABLE) {
            char detail[sizeof res->detail];
            snprintf(detail, sizeof detail, "%s", res->detail);
            snprintf(res->detail, sizeof res->detail,
                     "no blocking pair: without quotas a stable matching exists; then %s", detail);
            res->has_bound = 1;
            res->bound = res->criterion_value = 0;
            pb->ext.criterion = "blocking_pairs";
        }
        if (strict != 0) {
            *info->prefs = pr; /* kept for the metrics */
            return rc;
        }
    }
    stager sg = {.pb = pb,
                 .opt = opt,
                 .pr = &pr,
                 .deadline = deadline,
                 .err = err,
                 .status = MU_STATUS_OPTIMAL,
                 .b_first = -1,
                 .quota = stable && pb->n_rows > 0};
    int32_t *by_cda = NULL;
    const char *warm_from = NULL;
    sg.obj = mu_alloc((size_t)pb->pairs.n + 1, sizeof *sg.obj, err);
    sg.best = mu_alloc((size_t)inst->n_app + 1, sizeof *sg.best, err);
    sg.trial = mu_alloc((size_t)inst->n_app + 1, sizeof *sg.trial, err);
    sg.warm = mu_alloc((size_t)inst->n_app + 1, sizeof *sg.warm, err);
    sg.app_pair = mu_alloc((size_t)inst->n_app + 1, sizeof *sg.app_pair, err);
    primary pri = {0};
    if (!sg.obj || !sg.best || !sg.trial || !sg.warm || !sg.app_pair) {
        rc = MU_ENOMEM;
        goto done;
    }
    if (stable) {
        /* The comb rows hold about sum deg^2 / 2 nonzeros on each side: refuse
         * models GLPK cannot take before building them. */
        double nz = 0;
        for (int32_t a = 0; a < inst->n_app; a++) {
            double d = (double)(pb->pairs.app_off[a + 1] - pb->pairs.app_off[a]);
            nz += d * (d + 1) / 2;
        }
        for (int32_t c = 0; c < inst->n_com; c++) {
            double d = (double)(pr.com_off[c + 1] - pr.com_off[c]);
            nz += d * (d + 1) / 2;
        }
        if (nz > MAX_STABILITY_NONZEROS) {
            rc =
                mu_err(err, MU_EUSAGE,
                       "--engine %s: the stability constraints would hold about %.3g nonzeros, more than GLPK can take "
                       "(%.3g); use da-applicant or da-company for a stable matching of this size",
                       mu_engine_name(engine), nz, (double)MAX_STABILITY_NONZEROS);
            goto done;
        }
    }
    if (stable) {
        /* The unconstrained optimum, for the price of stability; then a first
         * incumbent: without quotas a deferred-acceptance matching is stable
         * (weakly, ties broken by index); with them deferred acceptance under
         * the quotas (engine/cda.c), when it honours them, gives a matching
         * with no quota-respecting blocking pair as a rule (feasible for
         * stable-optimal when it has none, for almost-stable always); else
         * the unconstrained optimum meets the quotas and so is feasible for
         * almost-stable. */
        if ((rc = solve_unconstrained(pb, opt, deadline, info, sg.warm, err))) goto done;
        if (pb->n_rows == 0) {
            mu_options by_index = *opt;
            by_index.tie_break = MU_TIE_INDEX;
            if ((rc = da_assign(pb, &pr, &by_index, MU_DA_APPLICANT_PROPOSING, sg.warm, NULL, err))) goto done;
            sg.have_warm = 1;
        } else {
            sg.have_warm = engine == MU_ENGINE_ALMOST_STABLE && info->has_unconstrained;
            if (sg.have_warm) warm_from = "the maximum-weight assignment";
            if (!(by_cda = mu_alloc((size_t)inst->n_app + 1, sizeof *by_cda, err))) {
                rc = MU_ENOMEM;
                goto done;
            }
            mu_error quiet = {0};
            mu_cda_stats cs;
            int crc =
                mu_cda_solve(pb, &pr, opt, MU_DA_APPLICANT_PROPOSING, "da-applicant", deadline, by_cda, &cs, &quiet);
            if (crc == MU_ENOMEM) {
                rc = mu_err(err, MU_ENOMEM, "%s", quiet.msg);
                goto done;
            }
            if (!crc && !cs.timed_out && (cs.blocking == 0 || engine == MU_ENGINE_ALMOST_STABLE)) {
                memcpy(sg.warm, by_cda, (size_t)inst->n_app * sizeof *sg.warm);
                sg.have_warm = 1;
                warm_from = "deferred acceptance under the quotas";
            }
        }
    }
    if (stable && sg.quota) {
        if ((rc = mu_qstable_formulate(pb, &pr, engine == MU_ENGINE_ALMOST_STABLE, &sg.qs, err))) goto done;
        sg.b_first = sg.qs.b_first;
        MU_DEBUG("%s: quota-respecting stability: %d row-full columns, %lld rows\n", mu_engine_name(engine), sg.qs.n_f,
                 (long long)sg.qs.n_rows);
    } else if (stable && (rc = add_stability(&sg, engine == MU_ENGINE_ALMOST_STABLE, &sg.b_first))) {
        goto done;
    }
    if (engine == MU_ENGINE_ALMOST_STABLE && (rc = stage_blocking(&sg, sg.b_first, &pri))) goto done;
    const mu_pairs *p = &pb->pairs;
    if (!sg.stop) switch (opt->objective) {
        case MU_OBJECTIVE_PLACEMENTS:
            for (int64_t k = 0; k < p->n; k++) sg.obj[k] = 1;
            rc = stage_count(&sg, "placements", &pri, "placements");
            break;
        case MU_OBJECTIVE_RANK_MAXIMAL: {
            /* Level by level over the applicants' ranks: most first choices, then second, ... */
            int32_t top = 0;
            for (int64_t k = 0; k < p->n; k++)
                if (pr.app_rank[k] > top) top = pr.app_rank[k];
            for (int32_t level = 1; level <= top && !rc && !sg.stop; level++) {
                int any = 0;
                for (int64_t k = 0; k < p->n; k++) any |= (sg.obj[k] = pr.app_rank[k] == level) != 0;
                if (!any) continue;
                rc = stage_count(&sg, "rank-maximal level", &pri, "rank_maximal");
            }
            break;
        }
        case MU_OBJECTIVE_EGALITARIAN: {
            /* Score (last_a + 1 - rank_a) + (last_c + 1 - rank_c): maximising it minimises the total rank
             * of both sides where an unplaced applicant and an empty seat count one past the owner's last rank. */
            int64_t base = 0;
            for (int32_t a = 0; a < inst->n_app; a++)
                if (pr.app_last[a]) base += pr.app_last[a] + 1;
            for (int32_t c = 0; c < inst->n_com; c++) {
                int64_t deg = pr.com_off[c + 1] - pr.com_off[c];
                base += (inst->com[c].capacity < deg ? inst->com[c].capacity : deg) * (pr.com_last[c] + 1);
            }
            for (int64_t k = 0; k < p->n; k++)
                sg.obj[k] = (double)(pr.app_last[pr.pair_app[k]] + 1 - pr.app_rank[k]) +
                            (double)(pr.com_last[p->com[k]] + 1 - pr.com_rank[k]);
            rc = stage_count(&sg, "egalitarian", &pri, "egalitarian_cost");
            if (!rc && pri.name) /* report the cost (minimised), not the score */
                pri = (primary){pri.name, (double)base - pri.value,
                                fmin((double)base - pri.value, (double)base - pri.bound), pri.has_bound};
            break;
        }
        case MU_OBJECTIVE_MAXMIN: rc = stage_maxmin(&sg, &pri); break;
        default: break;
        }
    if (rc || sg.stop) goto finish;
    /* The last stage: total weight among what the earlier stages kept. */
    for (int64_t k = 0; k < p->n; k++) sg.obj[k] = (double)p->w[k];
    pb->ext.pair_obj = NULL; /* the pair weights themselves: GLPK's bound is then rounded down exactly */
    {
        mu_result r;
        rc = solve_stage(&sg, "weight", &r);
        if (!rc && !pri.name && r.has_assignment) pri = (primary){NULL, r.criterion_value, r.bound, r.has_bound};
        if (!rc && !pri.name && !r.has_assignment && r.has_bound) pri = (primary){NULL, 0, r.bound, 1};
    }
finish:
    if (rc) goto done;
    if (stable && !sg.have_best && sg.have_warm &&
        (sg.status == MU_STATUS_TIME_LIMIT || sg.status == MU_STATUS_INTERRUPTED)) {
        /* No stage finished in time: the starting point stands (stable, or for almost-stable feasible), its
         * criterion counted from it; stable matchings weigh at most the unconstrained optimum. */
        memcpy(sg.best, sg.warm, (size_t)inst->n_app * sizeof *sg.best);
        sg.have_best = 1;
        mu_prefs_placements(pb, sg.best, sg.app_pair);
        int64_t weight = 0;
        for (int32_t a = 0; a < inst->n_app; a++)
            if (sg.app_pair[a] >= 0) weight += pb->pairs.w[sg.app_pair[a]];
        if (engine == MU_ENGINE_ALMOST_STABLE) {
            int64_t nb = count_blocking(&sg, sg.app_pair, NULL, 0);
            if (nb < 0) {
                rc = MU_ENOMEM;
                goto done;
            }
            pri = (primary){sg.quota ? "blocking_pairs_quota_respecting" : "blocking_pairs", (double)nb, 0, 1};
        } else {
            pri = (primary){NULL, (double)weight, info->has_unconstrained ? (double)info->unconstrained_weight : 0,
                            info->has_unconstrained};
        }
        snprintf(sg.note, sizeof sg.note, "no GLPK stage finished in time: the starting point is returned");
        if (sg.status == MU_STATUS_TIME_LIMIT) sg.status = MU_STATUS_FEASIBLE;
    }
    res->status = sg.status;
    res->has_assignment = sg.have_best;
    if (sg.have_best) memcpy(res->app_com, sg.best, (size_t)inst->n_app * sizeof *res->app_com);
    else
        for (int32_t a = 0; a < inst->n_app; a++) res->app_com[a] = -1;
    res->has_bound = pri.has_bound;
    res->bound = pri.bound;
    res->criterion_value = pri.value;
    pb->ext.criterion = pri.name;
    {
        const char *over = engine == MU_ENGINE_STABLE_OPTIMAL ? (sg.quota ? "quota-respecting stable matchings"
                                                                          : "stable matchings (comb constraints)")
                           : engine == MU_ENGINE_ALMOST_STABLE
                               ? (sg.quota ? "the assignments with the fewest quota-respecting blocking pairs"
                                           : "the assignments with the fewest blocking pairs")
                               : "all assignments";
        int n = snprintf(res->detail, sizeof res->detail, "%s over %s; %d GLPK solve%s", GOAL[opt->objective], over,
                         sg.stages, sg.stages == 1 ? "" : "s");
        if (warm_from && n > 0 && (size_t)n < sizeof res->detail)
            n += snprintf(res->detail + n, sizeof res->detail - (size_t)n, "; started from %s", warm_from);
        if (engine == MU_ENGINE_STABLE_OPTIMAL && pb->n_rows && res->status == MU_STATUS_INFEASIBLE && n > 0 &&
            (size_t)n < sizeof res->detail)
            n += snprintf(res->detail + n, sizeof res->detail - (size_t)n,
                          "; no quota-respecting stable matching meets the floors: try almost-stable");
        if (sg.note[0] && n > 0 && (size_t)n < sizeof res->detail)
            snprintf(res->detail + n, sizeof res->detail - (size_t)n, "; %s", sg.note);
    }
done:
    pb->ext.pair_obj = NULL;
    free(sg.obj), free(sg.best), free(sg.trial), free(sg.warm), free(sg.warm_ext), free(sg.app_pair), free(by_cda);
    free(sg.qs.f_row);
    *info->prefs = pr; /* kept for the metrics */
    return rc;
}

void mu_policy_info_free(mu_policy_info *info) {
    if (info->prefs) mu_prefs_free(info->prefs);
    free(info->prefs);
    info->prefs = NULL;
}
