/* The engine table (engine/engines.h): when each engine applies, and the
 * adapters that give every engine the one signature mu_engine_fn.
 *
 * auto's choice, in order (README "Engines"):
 *   - flow when the program is a network: no quota rows (a transportation
 *     problem, totally unimodular) or quota rows that nest into a tree on each
 *     side (laminar, engine/laminar.c; a min-cost flow, engine/network.c),
 *     with the weight objective and no host budget;
 *   - with other quota rows under the weight objective and no host budget,
 *     the crossing-quota pipeline (mu_engine_hybrid, engine/crossing.c):
 *     transportation prices, a floor repair, sifting over a GLPK core, then
 *     branch-and-bound with reduced-cost fixing;
 *   - mip otherwise (host budgets, other objectives).
 * The predicates below are the only place these conditions are written. */
#include "engine/engines.h"

#include <string.h>

#include "engine/flow.h"
#include "engine/heuristic.h"

static int network(const mu_shape *sh) { return sh->rows == 0 || sh->laminar; }

static int applies_flow(const mu_shape *sh, const mu_options *opt, char *why, size_t n) {
    if (!sh->weight_objective)
        snprintf(why, n, "only --objective weight; use mip or auto for --objective %s",
                 mu_objective_name(opt->objective));
    else if (sh->host_budget)
        snprintf(why, n, "the instance has a host budget (hosts), which only mip honours; use mip or auto");
    else if (!network(sh))
        snprintf(why, n,
                 "the instance has %d quota rows that are not laminar (%s), which flow cannot honour; use mip or "
                 "auto",
                 sh->rows, sh->not_laminar);
    else return 1;
    return 0;
}

static int applies_heuristic(const mu_shape *sh, const mu_options *opt, char *why, size_t n) {
    (void)opt;
    if (!sh->weight_objective || sh->host_budget) {
        snprintf(why, n, "only --objective weight without a host budget; use mip or auto");
        return 0;
    }
    return 1;
}

/* Host budgets need the host-open columns that only plain mip formulates,
 * under the weight objective. */
static int applies_mip(const mu_shape *sh, const mu_options *opt, char *why, size_t n) {
    if (sh->host_budget && !sh->weight_objective) {
        snprintf(why, n,
                 "the instance has a host budget (hosts), which only --objective weight honours; "
                 "--objective %s would ignore it",
                 mu_objective_name(opt->objective));
        return 0;
    }
    return 1;
}

static int applies_policy(const mu_shape *sh, const mu_options *opt, char *why, size_t n) {
    (void)opt;
    if (sh->host_budget) {
        snprintf(why, n,
                 "the instance has a host budget (hosts), which only --engine mip or auto with --objective "
                 "weight honours");
        return 0;
    }
    return 1;
}

int mu_flow_deadline_hook(void *ctx, int64_t done, int64_t total) {
    (void)done, (void)total;
    double deadline = *(const double *)ctx;
    return mu_stop_requested() || (deadline > 0 && mu_now() >= deadline);
}

static int run_flow(mu_problem *pb, const mu_options *opt, mu_run *run, mu_result *res, mu_error *err) {
    snprintf(run->ran, sizeof run->ran, "flow");
    if (run->shape->rows > 0) return mu_engine_network(pb, run->lam, opt, res, err);
    return mu_engine_flow(pb, opt, run->deadline, res, err);
}

static int run_mip(mu_problem *pb, const mu_options *opt, mu_run *run, mu_result *res, mu_error *err) {
    snprintf(run->ran, sizeof run->ran, "mip");
    if (mu_policy_handles(MU_ENGINE_MIP, opt)) /* another objective: a lexicographic model of policy.c */
        return mu_engine_policy(pb, opt, MU_ENGINE_MIP, run->deadline, res, &run->info, err);
    return mu_engine_mip(pb, opt, run->deadline, res, err);
}

static int run_heuristic(mu_problem *pb, const mu_options *opt, mu_run *run, mu_result *res, mu_error *err) {
    snprintf(run->ran, sizeof run->ran, "heuristic");
    return mu_engine_heuristic(pb, opt, run->deadline, res, err);
}

static int run_hybrid(mu_problem *pb, const mu_options *opt, mu_run *run, mu_result *res, mu_error *err) {
    snprintf(run->ran, sizeof run->ran, "mip");
    return mu_engine_hybrid(pb, opt, run->t0, run->deadline, res, run->ran, sizeof run->ran, err);
}

static int run_policy(int id, mu_problem *pb, const mu_options *opt, mu_run *run, mu_result *res, mu_error *err) {
    snprintf(run->ran, sizeof run->ran, "%s", mu_engine_name(id));
    return mu_engine_policy(pb, opt, id, run->deadline, res, &run->info, err);
}
static int run_da_applicant(mu_problem *pb, const mu_options *opt, mu_run *run, mu_result *res, mu_error *err) {
    return run_policy(MU_ENGINE_DA_APPLICANT, pb, opt, run, res, err);
}
static int run_da_company(mu_problem *pb, const mu_options *opt, mu_run *run, mu_result *res, mu_error *err) {
    return run_policy(MU_ENGINE_DA_COMPANY, pb, opt, run, res, err);
}
static int run_stable_optimal(mu_problem *pb, const mu_options *opt, mu_run *run, mu_result *res, mu_error *err) {
    return run_policy(MU_ENGINE_STABLE_OPTIMAL, pb, opt, run, res, err);
}
static int run_almost_stable(mu_problem *pb, const mu_options *opt, mu_run *run, mu_result *res, mu_error *err) {
    return run_policy(MU_ENGINE_ALMOST_STABLE, pb, opt, run, res, err);
}

static int run_auto(mu_problem *pb, const mu_options *opt, mu_run *run, mu_result *res, mu_error *err) {
    const mu_shape *sh = run->shape;
    char why[8];
    if (applies_flow(sh, opt, why, sizeof why)) {
        snprintf(run->why, sizeof run->why, "%s",
                 sh->rows ? "auto: quotas nest into trees on each side (laminar), a network problem"
                          : "auto: no quotas, a transportation problem");
        return run_flow(pb, opt, run, res, err);
    }
    if (sh->rows > 0 && sh->weight_objective && !sh->host_budget) {
        /* A feasible assignment and a certified bound early, then the optimum
         * from GLPK over a core of the pairs (engine/crossing.c). */
        snprintf(run->why, sizeof run->why,
                 "auto: quotas not laminar (%s): transportation prices, a floor repair, then GLPK over a core of the "
                 "pairs",
                 sh->not_laminar);
        return run_hybrid(pb, opt, run, res, err);
    }
    snprintf(run->why, sizeof run->why, "%s",
             !sh->weight_objective ? "auto: the objective needs the integer program"
             : sh->host_budget     ? "auto: a host budget needs host-open variables, an integer program"
                                   : "auto: quotas make it a general integer program");
    return run_mip(pb, opt, run, res, err);
}

static const mu_engine_entry TABLE[] = {
    {MU_ENGINE_AUTO, applies_mip, run_auto},
    {MU_ENGINE_MIP, applies_mip, run_mip},
    {MU_ENGINE_FLOW, applies_flow, run_flow},
    {MU_ENGINE_DA_APPLICANT, applies_policy, run_da_applicant},
    {MU_ENGINE_DA_COMPANY, applies_policy, run_da_company},
    {MU_ENGINE_STABLE_OPTIMAL, applies_policy, run_stable_optimal},
    {MU_ENGINE_ALMOST_STABLE, applies_policy, run_almost_stable},
    {MU_ENGINE_HEURISTIC, applies_heuristic, run_heuristic},
};
_Static_assert(sizeof TABLE / sizeof TABLE[0] == MU_ENGINE_COUNT, "one table entry per engine of MU_ENGINES");

const mu_engine_entry *mu_engine_entry_of(int id) {
    MU_REQUIRE(id >= 0 && id < MU_ENGINE_COUNT && TABLE[id].id == id);
    return &TABLE[id];
}

int mu_shape_of(const mu_problem *pb, const mu_options *opt, int detect, mu_shape *sh, mu_laminar *L, mu_error *err) {
    memset(sh, 0, sizeof *sh);
    sh->rows = pb->n_rows;
    sh->host_budget = pb->inst->hosts.given;
    sh->weight_objective = opt->objective == MU_OBJECTIVE_WEIGHT;
    /* Laminar detection only where it can matter: a network engine may run. */
    if (!detect || pb->n_rows == 0 || !sh->weight_objective || sh->host_budget) return MU_OK;
    int rc = mu_laminar_detect(pb, L, sh->not_laminar, sizeof sh->not_laminar, err);
    sh->laminar = !rc && L->laminar;
    return rc;
}
