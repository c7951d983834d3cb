/* Re-matching after withdrawals: a lexicographic objective solved as exact
 * stages, never as one objective with a large bonus (no weight that could
 * lose precision in doubles):
 *
 *   stage 1  max  sum_{p in P} x_p          P: previous pairs still eligible
 *   stage 2  max  sum_p w_p x_p   s.t.  sum_{p in P} x_p >= K   (K from stage 1)
 *
 * both over the instance's own rows (seats, quotas, host budgets) plus one
 * row per withdrawn applicant keeping it unplaced. For each previous pair
 * that stage 2 breaks, a stage-1 solve with that pair fixed tells whether
 * breaking it was required (the maximum drops below K) or a choice of
 * weight among assignments that keep K pairs. */
#include "engine/rematch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/hosts.h"
#include "engine/problem.h"

typedef struct stage_in {
    const mu_instance *inst;
    const int32_t *prev;
    const uint8_t *app_gone;
    const mu_options *opt;
    double deadline;
    int32_t fix_app; /* >= 0: its previous pair is fixed to 1 */
    int64_t keep;    /* < 0: stage 1 (maximise kept pairs); else stage 2 with sum >= keep */
} stage_in;

/* Builds and solves one stage; res->app_com must hold n_app entries. */
static int run_stage(const stage_in *in, mu_problem *pb, mu_result *res, mu_error *err) {
    const mu_instance *inst = in->inst;
    int32_t n_open;
    int rc = mu_problem_build(inst, pb, err);
    if (rc) return rc;
    if ((rc = mu_hosts_formulate(pb, &n_open, err))) return rc;
    const mu_pairs *p = &pb->pairs;
    int64_t *cols = mu_alloc((size_t)p->n + 1, sizeof *cols, err);
    double *coef = mu_alloc((size_t)p->n + 1, sizeof *coef, err);
    if (!cols || !coef) {
        free(cols), free(coef);
        return MU_ENOMEM;
    }
    for (int64_t k = 0; k < p->n; k++) coef[k] = 1;
    for (int32_t a = 0; a < inst->n_app && !rc; a++) {
        if (!in->app_gone || !in->app_gone[a] || p->app_off[a + 1] == p->app_off[a]) continue;
        int64_t m = 0;
        for (int64_t k = p->app_off[a]; k < p->app_off[a + 1]; k++) cols[m++] = k;
        rc = mu_ext_add_row(pb, -HUGE_VAL, 0, m, cols, coef, err);
    }
    int64_t m = 0; /* the previous pairs still eligible */
    for (int32_t a = 0; a < inst->n_app && !rc; a++) {
        if (in->prev[a] < 0 || (in->app_gone && in->app_gone[a])) continue;
        int64_t k = mu_pairs_find(p, a, in->prev[a]);
        if (k < 0) continue;
        cols[m++] = k;
        if (a == in->fix_app) rc = mu_ext_add_row(pb, 1, 1, 1, &k, coef, err);
    }
    if (!rc && in->keep < 0) {
        double *obj = mu_calloc((size_t)p->n + 1, sizeof *obj, err);
        if (!obj) rc = MU_ENOMEM;
        else {
            for (int64_t i = 0; i < m; i++) obj[cols[i]] = 1;
            pb->ext.pair_obj = obj; /* freed by mu_problem_free */
            pb->ext.criterion = "kept_pairs";
        }
    } else if (!rc && m > 0) {
        rc = mu_ext_add_row(pb, (double)in->keep, HUGE_VAL, m, cols, coef, err);
    }
    free(cols), free(coef);
    if (rc) return rc;
    return mu_engine_mip(pb, in->opt, in->deadline, res, err);
}

static int64_t kept_pairs(const mu_instance *inst, const int32_t *prev, const int32_t *now) {
    int64_t n = 0;
    for (int32_t a = 0; a < inst->n_app; a++) n += prev[a] >= 0 && now[a] == prev[a];
    return n;
}

/* Stage 1 with applicant a's previous pair fixed: the most previous pairs kept, -1 when none can. */
static int keep_with(const stage_in *base, int32_t a, int32_t *scratch, int64_t *best, mu_error *err) {
    stage_in in = *base;
    in.fix_app = a;
    in.keep = -1;
    mu_problem pb;
    mu_result res = {.app_com = scratch};
    int rc = run_stage(&in, &pb, &res, err);
    *best = rc == MU_OK && res.has_assignment ? kept_pairs(base->inst, base->prev, scratch) : -1;
    free(res.ext_val), mu_result_free_duals(&res);
    mu_problem_free(&pb);
    return rc;
}

static int add_move(mu_rematch_result *r, int32_t a, int32_t from, int32_t to, const char *why, int rule,
                    mu_error *err) {
    mu_move *nm = mu_realloc_array(r->moves, (size_t)r->n_moves + 1, sizeof *nm, err);
    if (!nm) return MU_ENOMEM;
    r->moves = nm;
    r->moves[r->n_moves++] = (mu_move){a, from, to, why, rule};
    return MU_OK;
}

int mu_rematch(mu_instance *inst, const int32_t *prev, const uint8_t *app_gone, const uint8_t *com_gone,
               const mu_options *opt, mu_rematch_result *out, mu_error *err) {
    MU_REQUIRE(inst && prev && opt && out);
    memset(out, 0, sizeof *out);
    double t0 = mu_now();
    for (int32_t c = 0; com_gone && c < inst->n_com; c++)
        if (com_gone[c]) inst->com[c].capacity = 0;
    for (int32_t a = 0; a < inst->n_app; a++) {
        if (prev[a] < 0) continue;
        out->previous++;
        out->placeable += !(app_gone && app_gone[a]) && !(com_gone && com_gone[prev[a]]);
    }
    stage_in in = {inst, prev, app_gone, opt, opt->time_limit > 0 ? t0 + opt->time_limit : 0, -1, -1};
    mu_solution *s = mu_solution_new(inst->n_app, inst->n_com, err);
    int32_t *scratch = mu_alloc((size_t)inst->n_app + 1, sizeof *scratch, err);
    if (!s || !scratch) {
        mu_solution_free(s), free(scratch);
        return MU_ENOMEM;
    }
    mu_problem pb;
    mu_result r1 = {.app_com = scratch};
    int rc = run_stage(&in, &pb, &r1, err);
    free(r1.ext_val), mu_result_free_duals(&r1);
    mu_problem_free(&pb);
    if (rc) goto fail;
    out->keep_status = r1.status;
    snprintf(s->engine, sizeof s->engine, "mip");
    if (!r1.has_assignment) { /* infeasible or out of time before any assignment */
        s->status = r1.status;
        if ((rc = mu_solution_note(s, err, "rematch: stage 1 (keep previous pairs): %s", mu_status_name(r1.status))))
            goto fail;
        s->hosts_participating = -1;
        s->seconds = mu_now() - t0;
        out->sol = s;
        free(scratch);
        return MU_OK;
    }
    out->kept = kept_pairs(inst, prev, scratch);
    in.keep = out->kept;
    mu_result r2 = {.app_com = s->app_com};
    rc = run_stage(&in, &pb, &r2, err);
    free(r2.ext_val), mu_result_free_duals(&r2);
    if (rc) {
        mu_problem_free(&pb);
        goto fail;
    }
    s->status = r2.status;
    s->has_assignment = r2.has_assignment;
    s->objective = 0;
    for (int32_t a = 0; a < inst->n_app; a++) {
        if (!r2.has_assignment) s->app_com[a] = -1;
        if (s->app_com[a] < 0) continue;
        int64_t k = mu_pairs_find(&pb.pairs, a, s->app_com[a]);
        MU_REQUIRE(k >= 0);
        s->app_w[a] = pb.pairs.w[k];
        s->objective += pb.pairs.w[k];
    }
    s->eligible_pairs = pb.pairs.n;
    s->quota_rows = pb.n_rows;
    s->has_bound = r2.has_bound;
    s->bound = r2.bound;
    snprintf(s->criterion, sizeof s->criterion, "weight");
    s->criterion_value = (double)s->objective;
    if (s->has_bound && s->has_assignment)
        s->gap = fmax(0, (s->bound - (double)s->objective) / fmax(1.0, fabs(s->bound)));
    rc = mu_solution_note(
        s, err,
        "rematch: lexicographic: stage 1 kept %lld of %lld previous pairs (%s), stage 2 maximised weight "
        "keeping them",
        (long long)out->kept, (long long)out->previous, mu_status_name(r1.status));
    s->hosts_participating = inst->hosts.given && s->has_assignment ? mu_hosts_participating(inst, s->app_com) : -1;
    /* The moves, applicant by applicant, each with its reason. */
    for (int32_t a = 0; a < inst->n_app && !rc && s->has_assignment; a++) {
        int32_t from = prev[a], to = s->app_com[a];
        if (from == to) continue;
        if (from < 0) rc = add_move(out, a, from, to, "newly_placed", -1, err);
        else if (app_gone && app_gone[a]) rc = add_move(out, a, from, to, "applicant_withdrew", -1, err);
        else if (com_gone && com_gone[from]) rc = add_move(out, a, from, to, "host_withdrew", -1, err);
        else {
            uint32_t ex = mu_pair_exclusions(inst, a, from);
            if (ex) {
                int bit = 0;
                while (!(ex & (1u << bit))) bit++;
                rc = add_move(out, a, from, to, "pair_no_longer_eligible", bit, err);
            } else {
                int64_t best;
                if ((rc = keep_with(&in, a, scratch, &best, err))) break;
                rc = add_move(out, a, from, to, best < out->kept ? "required" : "weight", -1, err);
            }
        }
    }
    mu_problem_free(&pb);
    if (rc) goto fail;
    s->seconds = mu_now() - t0;
    out->sol = s;
    free(scratch);
    return MU_OK;
fail:
    mu_solution_free(s);
    free(scratch);
    free(out->moves);
    out->moves = NULL;
    out->n_moves = 0;
    return rc;
}

void mu_rematch_result_free(mu_rematch_result *r) {
    mu_solution_free(r->sol);
    free(r->moves);
    memset(r, 0, sizeof *r);
}
