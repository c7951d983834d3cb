/* The flow engine as mu_solve sees it: the transportation problem handed to
 * mu_flow_solve (engine/flow.c), its dual prices kept as the certificate. */
#include <stdlib.h>

#include "engine/flow.h"
#include "engine/problem.h"

int mu_engine_flow(const mu_problem *pb, const mu_options *opt, mu_result *res, mu_error *err) {
    MU_REQUIRE(pb->n_rows == 0);
    const mu_instance *inst = pb->inst;
    int32_t *cap = mu_alloc((size_t)inst->n_com + 1, sizeof *cap, err);
    res->u = mu_alloc((size_t)inst->n_app + 1, sizeof *res->u, err);
    res->v = mu_alloc((size_t)inst->n_com + 1, sizeof *res->v, err);
    if (!cap || !res->u || !res->v) {
        free(cap), free(res->u), free(res->v);
        res->u = res->v = NULL;
        return MU_ENOMEM;
    }
    for (int32_t c = 0; c < inst->n_com; c++) cap[c] = inst->com[c].capacity;
    mu_transport t = {inst->n_app, inst->n_com, cap, pb->pairs.app_off, pb->pairs.com, pb->pairs.w};
    int64_t objective = 0;
    char msg[256] = "";
    int rc = mu_flow_solve(&t, opt->threads, res->app_com, res->u, res->v, &objective, msg, sizeof msg);
    free(cap);
    if (rc) {
        free(res->u), free(res->v);
        res->u = res->v = NULL;
        return mu_err(err, rc == MU_FLOW_ENOMEM ? MU_ENOMEM : MU_EINTERNAL, "flow engine: %s", msg);
    }
    res->status = MU_STATUS_OPTIMAL;
    res->has_assignment = 1;
    res->has_bound = 1;
    res->bound = (double)objective;
    res->has_duals = 1;
    return MU_OK;
}
