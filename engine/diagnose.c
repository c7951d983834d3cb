/* Infeasibility diagnosis (engine/diagnose.h).
 *
 * Method: the deletion filter (Chinneck & Dravnieks 1991, "Locating minimal
 * infeasible constraint sets in linear programs"; Chinneck 2008, "Feasibility
 * and Infeasibility in Optimization", ch. 6). Start from the constraints that
 * can be relaxed — each quota row's floor and ceiling and each host's
 * capacity — all of them in force and infeasible. Take each in turn out of
 * force; if the program stays infeasible, it is not needed and stays out;
 * otherwise it is put back. What remains is irreducible: each member's
 * removal makes the program feasible. The structural rows (one placement
 * per applicant) and eligibility are never relaxed; the rules of the audit are
 * reported beside each floor instead, as the reason its pairs are few.
 *
 * Only floors make the program infeasible (without them the empty
 * assignment is feasible), so every IIS holds a floor. Groups are tried first
 * (all ceilings, all capacities, then all floors but one at a time), which
 * on a typical instance leaves a handful of single deletions.
 *
 * Oracle: GLPK's branch-and-bound (mu_engine_mip) asked for any feasible
 * assignment (--gap 1: it stops at its first incumbent), with the time left.
 * A call that runs out of time counts as "not shown infeasible", so the
 * constraint is kept and the set returned is still infeasible, marked not
 * minimal. Deterministic: constraints are tried in a fixed order. */
#include "engine/diagnose.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct item {
    mu_conflict_kind kind;
    int32_t index; /* row or company */
    int on;        /* in force */
} item;

typedef struct oracle {
    mu_problem *pb;
    mu_options opt;
    double deadline;
    int64_t calls;
    int timed_out;
    int64_t *min0, *max0; /* the rows' bounds as built */
    int32_t *cap;         /* the capacities in force */
} oracle;

/* Puts the items' state into the problem: a floor out of force is 0, a
 * ceiling out of force is none, a capacity out of force is every applicant. */
static void apply(oracle *o, const item *it, int32_t n) {
    mu_problem *pb = o->pb;
    for (int32_t r = 0; r < pb->n_rows; r++) pb->rows[r].min = o->min0[r], pb->rows[r].max = o->max0[r];
    for (int32_t c = 0; c < pb->inst->n_com; c++) o->cap[c] = pb->inst->com[c].capacity;
    for (int32_t k = 0; k < n; k++) {
        if (it[k].on) continue;
        if (it[k].kind == MU_CONFLICT_FLOOR) pb->rows[it[k].index].min = 0;
        else if (it[k].kind == MU_CONFLICT_CEILING) pb->rows[it[k].index].max = INT64_MAX;
        else o->cap[it[k].index] = pb->inst->n_app;
    }
}

/* 1: shown infeasible; 0: feasible or undecided in time; < 0: an error code. */
static int infeasible(oracle *o, const item *it, int32_t n, mu_error *err) {
    apply(o, it, n);
    int32_t *app_com = mu_alloc((size_t)o->pb->inst->n_app + 1, sizeof *app_com, err);
    if (!app_com) return -MU_ENOMEM;
    mu_result r = {.app_com = app_com};
    o->calls++;
    int rc = mu_engine_mip(o->pb, &o->opt, o->deadline, &r, err);
    mu_result_free_duals(&r), free(r.ext_val), free(app_com);
    if (rc) return -rc;
    if (r.status == MU_STATUS_INFEASIBLE) return 1;
    if (r.status == MU_STATUS_TIME_LIMIT || r.status == MU_STATUS_INTERRUPTED) o->timed_out = 1;
    return 0;
}

/* Takes each item of [from, to) with the given kind out of force together;
 * keeps them out if still infeasible. Returns 1 when they stayed out. */
static int drop_group(oracle *o, item *it, int32_t n, mu_conflict_kind kind, int32_t skip, mu_error *err, int *rc) {
    int any = 0;
    for (int32_t k = 0; k < n; k++)
        if (it[k].kind == kind && it[k].on && k != skip) it[k].on = 0, any = 1;
    if (!any) return 0;
    int inf = infeasible(o, it, n, err);
    if (inf < 0) *rc = -inf;
    if (inf == 1) return 1;
    for (int32_t k = 0; k < n; k++)
        if (it[k].kind == kind && k != skip) it[k].on = 1;
    return 0;
}

static int has_value(const mu_attrs *at, int32_t e, int32_t key, int32_t val) {
    for (int64_t k = at->off[e]; k < at->off[e + 1]; k++)
        if (at->key[k] == key && at->val[k] == val) return 1;
    return 0;
}

/* The floor's context: its eligible applicants, and the pairs of its
 * filters that rules shut out, by rule. */
static void floor_context(const mu_problem *pb, int32_t r, mu_conflict *c, uint8_t *seen) {
    const mu_instance *inst = pb->inst;
    const mu_qrow *row = &pb->rows[r];
    const mu_quota *q = &inst->quotas[row->quota];
    for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) {
        int64_t p = pb->row_pair[k];
        int32_t lo = 0, hi = pb->pairs.n_app; /* the applicant of pair p: app_off[a] <= p < app_off[a+1] */
        while (hi - lo > 1) {
            int32_t mid = lo + (hi - lo) / 2;
            if (pb->pairs.app_off[mid] <= p) lo = mid;
            else hi = mid;
        }
        if (!seen[lo]) seen[lo] = 1, c->applicants++;
    }
    for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) {
        int64_t p = pb->row_pair[k];
        int32_t lo = 0, hi = pb->pairs.n_app;
        while (hi - lo > 1) {
            int32_t mid = lo + (hi - lo) / 2;
            if (pb->pairs.app_off[mid] <= p) lo = mid;
            else hi = mid;
        }
        seen[lo] = 0;
    }
    int64_t budget = 20000000; /* pair checks: the context is a courtesy, not worth minutes */
    for (int32_t cc = 0; cc < inst->n_com && budget > 0; cc++) {
        if (row->company >= 0 && cc != row->company) continue;
        if (!mu_filter_match(inst, 0, cc, q->com_filter, q->n_com_filter)) continue;
        if (row->com_group >= 0 && !has_value(&inst->com_attrs, cc, q->group_by_company, row->com_group)) continue;
        for (int32_t a = 0; a < inst->n_app && budget > 0; a++, budget--) {
            if (!mu_filter_match(inst, 1, a, q->app_filter, q->n_app_filter)) continue;
            if (row->app_group >= 0 && !has_value(&inst->app_attrs, a, q->group_by, row->app_group)) continue;
            uint32_t ex = mu_pair_exclusions(inst, a, cc);
            for (int b = 0; b < MU_RULE_COUNT && b < 32; b++)
                if (ex & (1u << b)) c->excluded[b]++;
        }
    }
}

int mu_diagnose(mu_problem *pb, const mu_options *opt, double seconds, mu_diagnosis *out, mu_error *err) {
    memset(out, 0, sizeof *out);
    double t0 = mu_now();
    const mu_instance *inst = pb->inst;
    int32_t n = 0, max_items = 2 * pb->n_rows + inst->n_com;
    item *it = mu_alloc((size_t)max_items + 1, sizeof *it, err);
    oracle o = {.pb = pb, .opt = *opt, .deadline = seconds > 0 ? t0 + seconds : 0};
    o.min0 = mu_alloc((size_t)pb->n_rows + 1, sizeof *o.min0, err);
    o.max0 = mu_alloc((size_t)pb->n_rows + 1, sizeof *o.max0, err);
    o.cap = mu_alloc((size_t)inst->n_com + 1, sizeof *o.cap, err);
    uint8_t *seen = mu_calloc((size_t)inst->n_app + 1, 1, err);
    int32_t *saved_cap = pb->cap;
    int rc = MU_OK;
    if (!it || !o.min0 || !o.max0 || !o.cap || !seen) {
        rc = MU_ENOMEM;
        goto done;
    }
    o.opt.gap = 1; /* any feasible assignment answers the question */
    o.opt.verbosity = 0;
    o.opt.engine = MU_ENGINE_MIP;
    o.opt.objective = MU_OBJECTIVE_WEIGHT;
    pb->cap = o.cap;
    for (int32_t r = 0; r < pb->n_rows; r++) {
        o.min0[r] = pb->rows[r].min, o.max0[r] = pb->rows[r].max;
        if (pb->rows[r].min > 0) it[n++] = (item){MU_CONFLICT_FLOOR, r, 1};
    }
    for (int32_t r = 0; r < pb->n_rows; r++)
        if (pb->rows[r].max != INT64_MAX) it[n++] = (item){MU_CONFLICT_CEILING, r, 1};
    for (int32_t c = 0; c < inst->n_com; c++) it[n++] = (item){MU_CONFLICT_CAPACITY, c, 1};
    int inf = infeasible(&o, it, n, err);
    if (inf < 0) {
        rc = -inf;
        goto done;
    }
    if (inf == 0) goto done; /* feasible (or undecided): nothing to explain */
    /* Groups first: every ceiling, every capacity. */
    drop_group(&o, it, n, MU_CONFLICT_CEILING, -1, err, &rc);
    if (!rc) drop_group(&o, it, n, MU_CONFLICT_CAPACITY, -1, err, &rc);
    /* Then one floor at a time: is some single floor infeasible with what is left? */
    for (int32_t k = 0; k < n && !rc; k++) {
        if (it[k].kind != MU_CONFLICT_FLOOR) continue;
        if (drop_group(&o, it, n, MU_CONFLICT_FLOOR, k, err, &rc)) break;
    }
    /* The deletion filter over what is still in force. */
    for (int32_t k = 0; k < n && !rc; k++) {
        if (!it[k].on) continue;
        if (o.deadline > 0 && mu_now() >= o.deadline) {
            o.timed_out = 1;
            break;
        }
        it[k].on = 0;
        int still = infeasible(&o, it, n, err);
        if (still < 0) rc = -still;
        else if (!still) it[k].on = 1;
    }
    if (rc) goto done;
    for (int32_t k = 0; k < n; k++) out->n += it[k].on;
    out->c = mu_calloc((size_t)out->n + 1, sizeof *out->c, err);
    if (!out->c) {
        rc = MU_ENOMEM;
        goto done;
    }
    int32_t m = 0;
    for (int32_t k = 0; k < n; k++) {
        if (!it[k].on) continue;
        mu_conflict *c = &out->c[m++];
        c->kind = it[k].kind;
        c->row = it[k].kind == MU_CONFLICT_CAPACITY ? -1 : it[k].index;
        c->company = it[k].kind == MU_CONFLICT_CAPACITY ? it[k].index : -1;
        if (c->kind == MU_CONFLICT_CAPACITY) {
            c->bound = inst->com[c->company].capacity;
            snprintf(c->label, sizeof c->label, "%s", inst->com_ids.str[c->company]);
        } else {
            c->bound = c->kind == MU_CONFLICT_FLOOR ? o.min0[c->row] : o.max0[c->row];
            mu_qrow_label(pb, c->row, c->label, sizeof c->label);
            if (c->kind == MU_CONFLICT_FLOOR) floor_context(pb, c->row, c, seen);
        }
    }
    out->minimal = !o.timed_out;
done:
    if (o.min0) apply(&o, it, 0); /* the rows' bounds as built */
    pb->cap = saved_cap;
    out->oracle_calls = o.calls;
    out->seconds = mu_now() - t0;
    free(it), free(o.min0), free(o.max0), free(o.cap), free(seen);
    if (rc) mu_diagnosis_free(out);
    return rc;
}

void mu_diagnosis_free(mu_diagnosis *d) {
    free(d->c);
    d->c = NULL;
    d->n = 0;
}

void mu_diagnosis_text(const mu_diagnosis *d, char *buf, size_t n) {
    size_t len = 0;
    buf[0] = '\0';
    for (int32_t k = 0; k < d->n && len + 1 < n; k++) {
        const mu_conflict *c = &d->c[k];
        const char *sep = k ? "; " : "";
        int w;
        if (c->kind == MU_CONFLICT_CAPACITY)
            w = snprintf(buf + len, n - len, "%shost %s has %lld seat%s", sep, c->label, (long long)c->bound,
                         c->bound == 1 ? "" : "s");
        else if (c->kind == MU_CONFLICT_CEILING)
            w = snprintf(buf + len, n - len, "%squota row %s allows at most %lld", sep, c->label, (long long)c->bound);
        else {
            w = snprintf(buf + len, n - len,
                         "%squota row %s needs at least %lld placement%s (%lld eligible applicant%s", sep, c->label,
                         (long long)c->bound, c->bound == 1 ? "" : "s", (long long)c->applicants,
                         c->applicants == 1 ? "" : "s");
            const char *lead = ": pairs excluded by ";
            for (int b = 0; b < MU_RULE_COUNT && b < 32 && w > 0 && len + (size_t)w + 1 < n; b++) {
                if (!c->excluded[b] || b == MU_RULE_BIT_NOT_IN_PAIRS) continue;
                w += snprintf(buf + len + (size_t)w, n - len - (size_t)w, "%s%s %lld", lead, mu_rule_name(b),
                              (long long)c->excluded[b]);
                lead = ", ";
            }
            if (w > 0 && len + (size_t)w + 1 < n) w += snprintf(buf + len + (size_t)w, n - len - (size_t)w, ")");
        }
        if (w < 0) break;
        len += (size_t)w;
        if (len >= n) len = n - 1;
    }
}
