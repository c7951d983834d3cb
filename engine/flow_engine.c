/* The flow engine as mu_solve sees it: the transportation problem handed to
 * mu_flow_solve_opt (engine/flow.c), its dual prices kept as the certificate,
 * the method it chose (and why) in the reason. The deadline and the stop flag
 * reach the solve through its progress hook; a cancelled solve has no
 * assignment (flow is exact, not anytime), so the status is time_limit or
 * interrupted. */
#include <stdlib.h>

#include "engine/engines.h"
#include "engine/flow.h"
#include "engine/problem.h"

int mu_engine_flow(const mu_problem *pb, const mu_options *opt, double deadline, mu_result *res, mu_error *err) {
    MU_REQUIRE(pb->n_rows == 0);
    const mu_instance *inst = pb->inst;
    int32_t *cap = mu_alloc((size_t)inst->n_com + 1, sizeof *cap, err);
    res->u = mu_alloc((size_t)inst->n_app + 1, sizeof *res->u, err);
    res->v = mu_alloc((size_t)inst->n_com + 1, sizeof *res->v, err);
    if (!cap || !res->u || !res->v) {
        free(cap), mu_result_free_duals(res);
        return MU_ENOMEM;
    }
    for (int32_t c = 0; c < inst->n_com; c++) cap[c] = inst->com[c].capacity;
    mu_transport t = {inst->n_app, inst->n_com, cap, pb->pairs.app_off, pb->pairs.com, pb->pairs.w};
    mu_flow_options fo;
    mu_flow_init_options(&fo);
    fo.threads = opt->threads;
    fo.progress = mu_flow_deadline_hook;
    fo.progress_ctx = &deadline;
    mu_flow_stats st;
    fo.stats = &st;
    int64_t objective = 0;
    char msg[256] = "";
    int rc = mu_flow_solve_opt(&t, &fo, res->app_com, res->u, res->v, &objective, msg, sizeof msg);
    free(cap);
    if (rc == MU_EINTERRUPTED) { /* the hook asked to stop */
        mu_result_free_duals(res);
        res->has_assignment = 0;
        res->status = mu_stop_requested() ? MU_STATUS_INTERRUPTED : MU_STATUS_TIME_LIMIT;
        snprintf(res->detail, sizeof res->detail, "flow stopped by %s before the optimum",
                 res->status == MU_STATUS_INTERRUPTED ? "a stop request" : "the time limit");
        return MU_OK;
    }
    if (rc) {
        mu_result_free_duals(res);
        return mu_err(err, rc == MU_ENOMEM ? MU_ENOMEM : MU_EINTERNAL, "flow engine: %s", msg);
    }
    mu_flow_describe(&st, res->detail, sizeof res->detail);
    res->status = MU_STATUS_OPTIMAL;
    res->has_assignment = 1;
    res->has_bound = 1;
    res->bound = (double)objective;
    res->has_duals = 1;
    return MU_OK;
}
