// LEMON's network simplex (Kiraly and Kovacs, "Efficient implementations of
// minimum-cost flow algorithms", Acta Univ. Sapientiae Informatica 4, 2012)
// behind a C interface, for the laminar-quota networks of engine/network.c;
// and its Preflow, for the minimum cuts of engine/stable.c.
// The only C++ in musubi: a well-kept Debian library (liblemon-dev) beats a
// hand-written general min-cost flow code here.
#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/smart_graph.h>

#include <cstdio>
#include <new>

#include "engine/lemon.h"

extern "C" int mu_lemon_mincost(int32_t n_nodes, int64_t n_arcs, const int32_t *tail, const int32_t *head,
                                const int64_t *low, const int64_t *cap, const int64_t *cost, const int64_t *supply,
                                int64_t *flow, int64_t *potential, int *feasible, char *err, size_t errlen) {
    try {
        lemon::SmartDigraph g;
        g.reserveNode(n_nodes);
        g.reserveArc((int)n_arcs);
        for (int32_t i = 0; i < n_nodes; i++) g.addNode();
        for (int64_t k = 0; k < n_arcs; k++) g.addArc(g.nodeFromId(tail[k]), g.nodeFromId(head[k]));
        lemon::SmartDigraph::ArcMap<int64_t> lo(g), up(g), c(g);
        lemon::SmartDigraph::NodeMap<int64_t> sup(g);
        for (int64_t k = 0; k < n_arcs; k++) {
            lemon::SmartDigraph::Arc a = g.arcFromId((int)k);
            lo[a] = low[k], up[a] = cap[k], c[a] = cost[k];
        }
        for (int32_t i = 0; i < n_nodes; i++) sup[g.nodeFromId(i)] = supply[i];
        lemon::NetworkSimplex<lemon::SmartDigraph, int64_t, int64_t> ns(g);
        ns.lowerMap(lo).upperMap(up).costMap(c).supplyMap(sup);
        switch (ns.run()) {
        case lemon::NetworkSimplex<lemon::SmartDigraph, int64_t, int64_t>::OPTIMAL: break;
        case lemon::NetworkSimplex<lemon::SmartDigraph, int64_t, int64_t>::INFEASIBLE: *feasible = 0; return MU_OK;
        default: snprintf(err, errlen, "network simplex: unbounded"); return MU_EINTERNAL;
        }
        for (int64_t k = 0; k < n_arcs; k++) flow[k] = ns.flow(g.arcFromId((int)k));
        for (int32_t i = 0; i < n_nodes; i++) potential[i] = ns.potential(g.nodeFromId(i));
        *feasible = 1;
        return MU_OK;
    } catch (const std::bad_alloc &) {
        snprintf(err, errlen, "out of memory in LEMON's network simplex");
        return MU_ENOMEM;
    } catch (...) {
        snprintf(err, errlen, "LEMON's network simplex failed");
        return MU_EINTERNAL;
    }
}

// Goldberg and Tarjan's push-relabel ("A new approach to the maximum-flow
// problem", JACM 35, 1988), LEMON's Preflow: highest label first, with
// global relabelling; both phases, so flow[] is a maximum flow, not only a
// preflow (engine/stable.c reads the residual graph from it).
extern "C" int mu_lemon_maxflow(int32_t n_nodes, int64_t n_arcs, const int32_t *tail, const int32_t *head,
                                const int64_t *cap, int32_t source, int32_t sink, int64_t *flow, int64_t *value,
                                char *err, size_t errlen) {
    try {
        lemon::SmartDigraph g;
        g.reserveNode(n_nodes);
        g.reserveArc((int)n_arcs);
        for (int32_t i = 0; i < n_nodes; i++) g.addNode();
        for (int64_t k = 0; k < n_arcs; k++) g.addArc(g.nodeFromId(tail[k]), g.nodeFromId(head[k]));
        lemon::SmartDigraph::ArcMap<int64_t> c(g);
        for (int64_t k = 0; k < n_arcs; k++) c[g.arcFromId((int)k)] = cap[k];
        lemon::Preflow<lemon::SmartDigraph, lemon::SmartDigraph::ArcMap<int64_t>> pf(g, c, g.nodeFromId(source),
                                                                                       g.nodeFromId(sink));
        pf.run();
        for (int64_t k = 0; k < n_arcs; k++) flow[k] = pf.flow(g.arcFromId((int)k));
        *value = pf.flowValue();
        return MU_OK;
    } catch (const std::bad_alloc &) {
        snprintf(err, errlen, "out of memory in LEMON's preflow");
        return MU_ENOMEM;
    } catch (...) {
        snprintf(err, errlen, "LEMON's preflow failed");
        return MU_EINTERNAL;
    }
}
