/* mu_solve: formulation, the choice of engine, and the solution.
 *
 * auto picks the exact combinatorial engine (flow) when the program is a
 * network: no quota rows (a transportation problem, totally unimodular), or
 * quota rows that nest into a tree on each side (laminar, engine/laminar.c;
 * a min-cost flow, engine/network.c). Other quota rows make a general
 * integer program: the Lagrangian heuristic first, then GLPK warm-started
 * (mu_engine_hybrid). The solution says which engine ran and why, and every
 * engine's dual prices become its certificate (engine/certify.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/solution.h"
#include "engine/certify.h"
#include "engine/hosts.h"
#include "engine/laminar.h"
#include "engine/heuristic.h"
#include "analysis/metrics.h"
#include "engine/policy.h"
#include "engine/problem.h"

int mu_solve(const mu_instance *inst, const mu_options *opt, mu_solution **out, mu_error *err) {
    MU_REQUIRE(inst && opt && out);
    *out = NULL;
    double t0 = mu_now();
    double deadline = opt->time_limit > 0 ? t0 + opt->time_limit : 0;
    mu_problem pb;
    mu_laminar lam = {0};
    int rc = mu_problem_build(inst, &pb, err);
    if (rc) return rc;
    mu_solution *s = mu_solution_new(inst->n_app, inst->n_com, err);
    if (!s) {
        mu_problem_free(&pb);
        return MU_ENOMEM;
    }
    s->eligible_pairs = pb.pairs.n;
    s->quota_rows = pb.n_rows;
    int engine = opt->engine;
    int32_t n_open = 0;
    if (inst->hosts.given) { /* host budgets: only plain mip honours their y_j columns */
        if ((engine != MU_ENGINE_AUTO && engine != MU_ENGINE_MIP) || opt->objective != MU_OBJECTIVE_WEIGHT) {
            rc = mu_err(err, MU_EUSAGE,
                        "the instance has a host budget (hosts), which only --engine mip or auto with --objective weight "
                        "honours; --engine %s --objective %s would ignore it",
                        mu_engine_name(engine), mu_objective_name(opt->objective));
            goto fail;
        }
        if ((rc = mu_hosts_formulate(&pb, &n_open, err))) goto fail;
    }
    int hybrid = 0;
    /* Laminar quotas keep the program a network: flow takes them. */
    char not_laminar[256] = "";
    if ((engine == MU_ENGINE_AUTO || engine == MU_ENGINE_FLOW) && pb.n_rows > 0 && !mu_problem_has_ext(&pb) &&
        !inst->hosts.given && opt->objective == MU_OBJECTIVE_WEIGHT &&
        (rc = mu_laminar_detect(&pb, &lam, not_laminar, sizeof not_laminar, err)))
        goto fail;
    if (lam.laminar) {
        snprintf(s->reason, sizeof s->reason, "%s: quotas nest into trees on each side (laminar), a network problem",
                 engine == MU_ENGINE_AUTO ? "auto" : "requested");
        engine = MU_ENGINE_FLOW;
    } else if (engine == MU_ENGINE_AUTO && pb.n_rows > 0 && !mu_problem_has_ext(&pb) && !inst->hosts.given &&
        opt->objective == MU_OBJECTIVE_WEIGHT) {
        /* Quotas: the Lagrangian heuristic (exact flow subproblems) often
         * proves the optimum itself; otherwise GLPK starts from its
         * assignment and keeps the better bound (heuristic.c). */
        hybrid = 1;
        engine = MU_ENGINE_MIP;
        snprintf(s->reason, sizeof s->reason,
                 "auto: quotas not laminar (%.150s): Lagrangian heuristic with flow subproblems, then GLPK warm-started if unproven",
                 not_laminar);
    } else if (engine == MU_ENGINE_AUTO) {
        engine = pb.n_rows == 0 && !mu_problem_has_ext(&pb) && !inst->hosts.given && opt->objective == MU_OBJECTIVE_WEIGHT ? MU_ENGINE_FLOW
                                                                                                     : MU_ENGINE_MIP;
        snprintf(s->reason, sizeof s->reason, "%s",
                 engine == MU_ENGINE_FLOW                ? "auto: no quotas, a transportation problem"
                 : opt->objective != MU_OBJECTIVE_WEIGHT ? "auto: the objective needs the integer program"
                 : inst->hosts.given                     ? "auto: a host budget needs host-open variables, an integer program"
                                                         : "auto: quotas make it a general integer program");
    } else {
        snprintf(s->reason, sizeof s->reason, "requested");
    }
    if (engine == MU_ENGINE_FLOW && ((pb.n_rows > 0 && !lam.laminar) || mu_problem_has_ext(&pb))) {
        rc = mu_err(err, MU_EUSAGE,
                    "--engine flow: the instance has %d quota rows that are not laminar (%.150s), which flow cannot "
                    "honour; use mip or auto",
                    pb.n_rows, not_laminar[0] ? not_laminar : "a host budget or another objective");
        goto fail;
    }
    if (engine == MU_ENGINE_FLOW && opt->objective != MU_OBJECTIVE_WEIGHT) {
        rc = mu_err(err, MU_EUSAGE, "--engine flow: only --objective weight; use mip or auto for --objective %s",
                    mu_objective_name(opt->objective));
        goto fail;
    }
    if (engine == MU_ENGINE_HEURISTIC && (mu_problem_has_ext(&pb) || opt->objective != MU_OBJECTIVE_WEIGHT)) {
        rc = mu_err(err, MU_EUSAGE, "--engine heuristic: only --objective weight without extra constraints; use mip or auto");
        goto fail;
    }
    snprintf(s->engine, sizeof s->engine, "%s", mu_engine_name(engine));
    mu_result res = {.app_com = s->app_com};
    mu_policy_info info = {0};
    if (hybrid) rc = mu_engine_hybrid(&pb, opt, t0, deadline, &res, s->engine, sizeof s->engine, err);
    else if (engine == MU_ENGINE_HEURISTIC) rc = mu_engine_heuristic(&pb, opt, deadline, &res, err);
    else if (mu_policy_handles(engine, opt)) rc = mu_engine_policy(&pb, opt, engine, deadline, &res, &info, err);
    else if (lam.laminar) rc = mu_engine_network(&pb, &lam, opt, &res, err);
    else rc = engine == MU_ENGINE_FLOW ? mu_engine_flow(&pb, opt, &res, err) : mu_engine_mip(&pb, opt, deadline, &res, err);
    mu_laminar_free(&lam);
    if (rc) {
        mu_policy_info_free(&info);
        mu_result_free_duals(&res), free(res.ext_val);
        goto fail;
    }
    s->status = res.status;
    s->has_assignment = res.has_assignment;
    if (res.detail[0]) {
        size_t n = strlen(s->reason);
        snprintf(s->reason + n, sizeof s->reason - n, "; %s", res.detail);
    }
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
    if ((rc = mu_certify(&pb, &res, &s->cert, err))) {
        mu_result_free_duals(&res), free(res.ext_val);
        goto fail;
    }
    mu_result_free_duals(&res);
    if (s->cert.scale > 0 && res.has_assignment) {
        if (!s->has_bound || (double)s->cert.bound < s->bound) s->has_bound = 1, s->bound = (double)s->cert.bound;
        if (s->status == MU_STATUS_FEASIBLE && s->cert.bound <= s->objective) {
            s->status = MU_STATUS_OPTIMAL;
            size_t n = strlen(s->reason);
            snprintf(s->reason + n, sizeof s->reason - n, "; optimality proven by the dual prices");
        }
    }
    snprintf(s->criterion, sizeof s->criterion, "%s", pb.ext.criterion ? pb.ext.criterion : "weight");
    s->criterion_value = pb.ext.criterion ? res.criterion_value : (double)s->objective;
    if (s->has_bound && s->has_assignment) { /* the bound is on the criterion, maximised or minimised */
        double g = fabs(s->bound - s->criterion_value) / fmax(1.0, fabs(s->bound));
        s->gap = g > 0 ? g : 0;
    }
    /* Metrics are a report, not the answer: under a time limit they are
     * skipped once the limit has passed, so the limit holds. */
    int metrics_time = deadline <= 0 || mu_now() < deadline;
    rc = s->has_assignment && metrics_time ? mu_metrics_compute(&pb, s->app_com, opt, &info, &s->metrics, err) : MU_OK;
    if (s->has_assignment && !metrics_time) {
        size_t n = strlen(s->reason);
        snprintf(s->reason + n, sizeof s->reason - n, "; metrics skipped: the time limit had passed");
    }
    mu_policy_info_free(&info);
    free(res.ext_val);
    if (rc) goto fail;
    s->seconds = mu_now() - t0;
    mu_problem_free(&pb);
    *out = s;
    return MU_OK;
fail:
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
