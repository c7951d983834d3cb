/* The laminar-quota network of engine/laminar.c, solved as a min-cost flow
 * by LEMON's network simplex (engine/lemon.cpp), exact in integers.
 *
 * Nodes: S, T, the applicants, the companies, the quota rows. Arcs: the
 * enclosing applicant-side set (S at the root) -> each applicant-side row
 * and each applicant (a row inside one applicant's pairs hangs below the
 * applicant); per pair, the smallest applicant-side set holding it (its
 * applicant, or a row inside it) -> the smallest company-side set holding
 * it, at cost -w; each company and company-side row -> the enclosing one (or
 * T); S -> T for whoever is left out. Each row's arc carries its bounds
 * [min, max]. S supplies n + 1 units, one more than can be placed, so S -> T
 * always carries flow strictly inside its bounds and S and T share a
 * potential.
 *
 * Prices: minus an arc's reduced cost is <= 0 where the flow is above the
 * lower bound and >= 0 where it is below the upper; on a row's arc it is
 * the row's price (> 0 on its max, < 0 on its min), on a company's arc the
 * company's. Along a pair's path the prices then add up to at least its
 * weight (the reduced costs telescope to -w, and the pair arc's is >= 0), so
 * they are a dual certificate (engine/certify.c). */
#include <stdlib.h>
#include <string.h>

#include "engine/laminar.h"
#include "engine/lemon.h"

void mu_network_free(mu_net *net) {
    free(net->tail), free(net->head), free(net->low), free(net->cap), free(net->cost), free(net->supply);
    free(net->com_arc), free(net->row_arc);
    *net = (mu_net){0};
}

int mu_network_build(const mu_problem *pb, const mu_laminar *L, mu_net *net, mu_error *err) {
    MU_REQUIRE(L->laminar && !mu_problem_has_ext(pb));
    *net = (mu_net){0};
    const mu_instance *inst = pb->inst;
    const mu_pairs *P = &pb->pairs;
    int32_t n_app = inst->n_app, n_com = inst->n_com, n_rows = pb->n_rows;
    const int32_t S = 0, T = 1, A0 = 2, C0 = 2 + n_app, R0 = 2 + n_app + n_com;
    net->n_nodes = R0 + n_rows;
    int64_t max_arcs = (int64_t)n_app + n_com + n_rows + P->n + 1;
    net->tail = mu_alloc((size_t)max_arcs, sizeof *net->tail, err);
    net->head = mu_alloc((size_t)max_arcs, sizeof *net->head, err);
    net->low = mu_alloc((size_t)max_arcs, sizeof *net->low, err);
    net->cap = mu_alloc((size_t)max_arcs, sizeof *net->cap, err);
    net->cost = mu_calloc((size_t)max_arcs, sizeof *net->cost, err);
    net->supply = mu_calloc((size_t)net->n_nodes, sizeof *net->supply, err);
    net->com_arc = mu_alloc((size_t)n_com + 1, sizeof *net->com_arc, err);
    net->row_arc = mu_alloc((size_t)n_rows + 1, sizeof *net->row_arc, err);
    int64_t *com_deg = mu_calloc((size_t)n_com + 1, sizeof *com_deg, err);
    if (!net->tail || !net->head || !net->low || !net->cap || !net->cost || !net->supply || !net->com_arc ||
        !net->row_arc || !com_deg) {
        free(com_deg);
        mu_network_free(net);
        return MU_ENOMEM;
    }
    for (int64_t p = 0; p < P->n; p++) com_deg[P->com[p]]++;
    int64_t m = 0, total = (int64_t)n_app + 1;
    int32_t *tail = net->tail, *head = net->head;
    int64_t *low = net->low, *cap = net->cap, *cost = net->cost;
#define NODE(id) ((id) < n_rows ? R0 + (id) : (id) < n_rows + n_app ? A0 + (id)-n_rows : C0 + (id)-n_rows - n_app)
#define ARC(from, to, lo, hi, c) (tail[m] = (from), head[m] = (to), low[m] = (lo), cap[m] = (hi), cost[m] = (c), m++)
    for (int32_t a = 0; a < n_app; a++)
        if (P->app_off[a + 1] > P->app_off[a]) ARC(L->app_parent[a] < 0 ? S : NODE(L->app_parent[a]), A0 + a, 0, 1, 0);
    for (int32_t r = 0; r < n_rows; r++) {
        int64_t size = pb->row_off[r + 1] - pb->row_off[r];
        const mu_qrow *q = &pb->rows[r];                    /* a row without pairs stays, so that its floor binds */
        int64_t hi = q->max < size + 1 ? q->max : size + 1; /* past the size, never binding */
        int32_t up = L->row_parent[r] < 0 ? (L->row_app_side[r] ? S : T) : NODE(L->row_parent[r]);
        net->row_arc[r] = m;
        if (L->row_app_side[r]) ARC(up, R0 + r, q->min, hi, 0);
        else ARC(R0 + r, up, q->min, hi, 0);
    }
    net->first_pair = m;
    for (int32_t a = 0; a < n_app; a++)
        for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++)
            ARC(NODE(L->pair_app_leaf[p]), NODE(L->pair_com_leaf[p]), 0, total, -P->w[p]);
    for (int32_t c = 0; c < n_com; c++) {
        net->com_arc[c] = -1;
        if (!com_deg[c]) continue;
        int64_t hi = inst->com[c].capacity < com_deg[c] + 1 ? inst->com[c].capacity : com_deg[c] + 1;
        net->com_arc[c] = m;
        ARC(C0 + c, L->com_parent[c] < 0 ? T : NODE(L->com_parent[c]), 0, hi, 0);
    }
    ARC(S, T, 0, total, 0);
#undef ARC
#undef NODE
    net->m = m;
    net->supply[S] = total, net->supply[T] = -total;
    free(com_deg);
    return MU_OK;
}

int mu_engine_network(const mu_problem *pb, const mu_laminar *L, const mu_options *opt, mu_result *res, mu_error *err) {
    (void)opt;
    const mu_instance *inst = pb->inst;
    const mu_pairs *P = &pb->pairs;
    int32_t n_app = inst->n_app, n_com = inst->n_com, n_rows = pb->n_rows;
    for (int32_t r = 0; r < n_rows; r++)
        if (pb->row_off[r + 1] == pb->row_off[r] && pb->rows[r].min > 0) {
            char label[160];
            mu_qrow_label(pb, r, label, sizeof label);
            res->status = MU_STATUS_INFEASIBLE;
            snprintf(res->detail, sizeof res->detail, "quota row %.120s has a floor and no eligible pair", label);
            return MU_OK;
        }
    mu_net net;
    int rc = mu_network_build(pb, L, &net, err);
    if (rc) return rc;
    int64_t *flow = mu_alloc((size_t)net.m + 1, sizeof *flow, err),
            *pot = mu_alloc((size_t)net.n_nodes, sizeof *pot, err);
    if (!flow || !pot) {
        rc = MU_ENOMEM;
        goto done;
    }
    char msg[200] = "";
    int feasible = 0;
    int lr = mu_lemon_mincost(net.n_nodes, net.m, net.tail, net.head, net.low, net.cap, net.cost, net.supply, flow, pot,
                              &feasible, msg, sizeof msg);
    if (lr) {
        rc = mu_err(err, lr, "%s", msg);
        goto done;
    }
    if (!feasible) {
        res->status = MU_STATUS_INFEASIBLE;
        snprintf(res->detail, sizeof res->detail, "laminar quotas: the quota network has no feasible flow");
        goto done;
    }
    int64_t objective = 0, k = net.first_pair;
    for (int32_t a = 0; a < n_app; a++) {
        res->app_com[a] = -1;
        for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++, k++)
            if (flow[k] > 0) res->app_com[a] = P->com[p], objective += P->w[p];
    }
    res->v = mu_calloc((size_t)n_com + 1, sizeof *res->v, err);
    res->lam = mu_calloc((size_t)n_rows + 1, sizeof *res->lam, err);
    if (!res->v || !res->lam) {
        mu_result_free_duals(res);
        rc = MU_ENOMEM;
        goto done;
    }
    /* minus the reduced cost cost + pot(tail) - pot(head) */
#define PRICE(e) (-(net.cost[e] + pot[net.tail[e]] - pot[net.head[e]]))
    for (int32_t c = 0; c < n_com; c++)
        if (net.com_arc[c] >= 0) res->v[c] = PRICE(net.com_arc[c]);
    for (int32_t r = 0; r < n_rows; r++)
        if (net.row_arc[r] >= 0) res->lam[r] = PRICE(net.row_arc[r]);
#undef PRICE
    res->has_duals = 1, res->dual_scale = 1;
    res->status = MU_STATUS_OPTIMAL;
    res->has_assignment = 1;
    res->has_bound = 1;
    res->bound = (double)objective;
    snprintf(res->detail, sizeof res->detail,
             "laminar quotas: min-cost flow on the quota trees (LEMON network simplex)");
done:
    free(flow), free(pot);
    mu_network_free(&net);
    return rc;
}
