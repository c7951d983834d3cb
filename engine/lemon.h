/* LEMON's NetworkSimplex and Preflow for C (engine/lemon.cpp). */
#ifndef MU_LEMON_H
#define MU_LEMON_H

#include <stddef.h>
#include <stdint.h>

#include "musubi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Min-cost flow: nodes 0..n_nodes-1 with supply (positive: out), arcs
 * tail -> head with low <= flow <= cap at cost per unit. Returns a mu_code:
 * MU_OK with *feasible set; when feasible, fills flow[n_arcs] and
 * potential[n_nodes], with reduced costs cost + potential[tail] -
 * potential[head] >= 0 where flow < cap and <= 0 where flow > low.
 * MU_ENOMEM or MU_EINTERNAL with a message in err otherwise. */
int mu_lemon_mincost(int32_t n_nodes, int64_t n_arcs, const int32_t *tail, const int32_t *head, const int64_t *low,
                     const int64_t *cap, const int64_t *cost, const int64_t *supply, int64_t *flow, int64_t *potential,
                     int *feasible, char *err, size_t errlen);

/* Maximum flow from source to sink: nodes 0..n_nodes-1, arcs tail -> head
 * with 0 <= flow <= cap (cap >= 0, integers, exact). Returns a mu_code: on
 * MU_OK fills flow[n_arcs] with a maximum flow and *value with its value;
 * MU_ENOMEM or MU_EINTERNAL with a message in err otherwise. */
int mu_lemon_maxflow(int32_t n_nodes, int64_t n_arcs, const int32_t *tail, const int32_t *head, const int64_t *cap,
                     int32_t source, int32_t sink, int64_t *flow, int64_t *value, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
