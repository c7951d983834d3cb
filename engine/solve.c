/* mu_solve: formulation, the engine from the table (engine/engines.c), the
 * certificate, the solution.
 *
 * The requested engine is looked up in the engine table, refused with the
 * table's reason when it cannot honour the problem, and run with the solve's
 * deadline and the stop flag. The solution says which engine ran and why, and
 * every engine's dual prices become its certificate (engine/certify.c).
 * Metrics are measured apart (mu_solution_measure, analysis/metrics.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/certify.h"
#include "engine/diagnose.h"
#include "engine/engines.h"
#include "engine/hosts.h"
#include "engine/problem.h"
#include "model/solution.h"

/* Diagnosis gets what is left of the time limit, and at most this long. */
#define DIAGNOSIS_SECONDS 10.0

static int diagnose(mu_problem *pb, const mu_options *opt, double deadline, mu_solution *s, mu_error *err) {
    double left = DIAGNOSIS_SECONDS;
    if (deadline > 0 && deadline - mu_now() < left) left = deadline - mu_now();
    if (left <= 0.05) return mu_solution_note(s, err, "no time left to find which constraints conflict");
    mu_diagnosis d;
    int rc = mu_diagnose(pb, opt, left, &d, err);
    if (rc) return rc;
    if (d.n == 0) { /* nothing relaxable is to blame: what stays in force (a host budget) cannot hold alone */
        int infeasible_alone = d.oracle_calls > 0 && d.minimal;
        mu_diagnosis_free(&d);
        return infeasible_alone ? mu_solution_note(s, err,
                                                   "no quota row or capacity is to blame: the host budget "
                                                   "cannot be met by the eligible pairs alone")
                                : MU_OK;
    }
    char text[4096];
    mu_diagnosis_text(&d, text, sizeof text);
    rc = mu_solution_note(s, err, "%s: %s",
                          d.minimal ? "these constraints conflict (each one needed)"
                                    : "these constraints conflict (the search for a smaller set ran out of time)",
                          text);
    s->conflict = d.c, s->n_conflict = d.n, s->conflict_minimal = d.minimal;
    return rc;
}

int mu_solve(const mu_instance *inst, const mu_options *opt, mu_solution **out, mu_error *err) {
    MU_REQUIRE(inst && opt && out);
    *out = NULL;
    mu_run run = {.t0 = mu_now()};
    run.deadline = opt->time_limit > 0 ? run.t0 + opt->time_limit : 0;
    mu_problem pb;
    mu_laminar lam = {0};
    mu_shape shape;
    mu_result res = {0};
    int rc = mu_problem_build(inst, &pb, err);
    if (rc) return rc;
    mu_solution *s = mu_solution_new(inst->n_app, inst->n_com, err);
    if (!s) {
        mu_problem_free(&pb);
        return MU_ENOMEM;
    }
    s->eligible_pairs = pb.pairs.n;
    s->quota_rows = pb.n_rows;
    int32_t n_open = 0;
    /* Laminar detection is only worth its time for the engines that use it. */
    int network_engine = opt->engine == MU_ENGINE_AUTO || opt->engine == MU_ENGINE_FLOW;
    if ((rc = mu_shape_of(&pb, opt, network_engine, &shape, &lam, err))) goto fail;
    const mu_engine_entry *engine = mu_engine_entry_of(opt->engine);
    char why[sizeof shape.not_laminar + 256] = "";
    if (!engine->applies(&shape, opt, why, sizeof why)) {
        rc = mu_err(err, MU_EUSAGE, "--engine %s: %s", mu_engine_name(opt->engine), why);
        goto fail;
    }
    if (inst->hosts.given && (rc = mu_hosts_formulate(&pb, &n_open, err))) goto fail;
    run.shape = &shape;
    run.lam = shape.laminar ? &lam : NULL;
    res.app_com = s->app_com;
    rc = engine->run(&pb, opt, &run, &res, err);
    if (rc) goto fail;
    snprintf(s->engine, sizeof s->engine, "%s", run.ran);
    if ((rc = mu_solution_note(s, err, "%s", run.why[0] ? run.why : "requested"))) goto fail;
    if (res.detail[0] && (rc = mu_solution_note(s, err, "%s", res.detail))) goto fail;
    s->status = res.status;
    s->has_assignment = res.has_assignment;
    s->objective = 0;
    for (int32_t a = 0; a < inst->n_app; a++) {
        int32_t c = s->app_com[a];
        if (!res.has_assignment) s->app_com[a] = -1;
        else if (c >= 0) {
            int64_t k = mu_pairs_find(&pb.pairs, a, c);
            MU_REQUIRE(k >= 0);
            s->app_w[a] = pb.pairs.w[k];
            s->objective += pb.pairs.w[k];
        }
    }
    s->hosts_participating = inst->hosts.given && res.has_assignment ? mu_hosts_participating(inst, s->app_com) : -1;
    s->has_bound = res.has_bound;
    s->bound = res.bound;
    /* The engine's prices as a certificate; its bound, checked by musubi
     * check, may be tighter than the engine's own, and may prove optimality. */
    if ((rc = mu_certify(&pb, &res, &s->cert, err))) goto fail;
    if (s->cert.scale > 0 && res.has_assignment) {
        if (!s->has_bound || (double)s->cert.bound < s->bound) s->has_bound = 1, s->bound = (double)s->cert.bound;
        if (s->status == MU_STATUS_FEASIBLE && s->cert.bound <= s->objective) {
            s->status = MU_STATUS_OPTIMAL;
            if ((rc = mu_solution_note(s, err, "optimality proven by the dual prices"))) goto fail;
        }
    }
    snprintf(s->criterion, sizeof s->criterion, "%s", pb.ext.criterion ? pb.ext.criterion : "weight");
    s->criterion_value = pb.ext.criterion ? res.criterion_value : (double)s->objective;
    if (s->has_bound && s->has_assignment) { /* the bound is on the criterion, maximised or minimised */
        double g = fabs(s->bound - s->criterion_value) / fmax(1.0, fabs(s->bound));
        s->gap = g > 0 ? g : 0;
    }
    /* Infeasible: name a smallest set of constraints that conflict. Stability
     * and other objectives' models are not relaxed: only the weight model's. */
    if (s->status == MU_STATUS_INFEASIBLE && shape.weight_objective && !mu_policy_handles(opt->engine, opt) &&
        (rc = diagnose(&pb, opt, run.deadline, s, err)))
        goto fail;
    s->has_unconstrained = run.info.has_unconstrained;
    s->unconstrained_weight = run.info.unconstrained_weight;
    s->seconds = mu_now() - run.t0;
    mu_result_free_duals(&res), free(res.ext_val);
    mu_policy_info_free(&run.info);
    mu_laminar_free(&lam);
    mu_problem_free(&pb);
    *out = s;
    return MU_OK;
fail:
    mu_result_free_duals(&res), free(res.ext_val);
    mu_policy_info_free(&run.info);
    mu_laminar_free(&lam);
    mu_problem_free(&pb);
    mu_solution_free(s);
    return rc;
}

int mu_export(const mu_instance *inst, const char *path, int lp_format, mu_error *err) {
    MU_REQUIRE(inst && path);
    mu_problem pb;
    int rc = mu_problem_build(inst, &pb, err);
    if (rc) return rc;
    int32_t n_open;
    if (!(rc = mu_hosts_formulate(&pb, &n_open, err))) rc = mu_export_model(&pb, path, lp_format, err);
    mu_problem_free(&pb);
    return rc;
}
