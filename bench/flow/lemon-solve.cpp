// lemon-solve — the LEMON peer of the benchmark harness (bench/README.md,
// "Peers"; bench/peers/lemon.sh runs it).
//
//   lemon-solve FILE.min [--time-limit S]
//
// Reads a DIMACS min-cost flow file (`musubi export INSTANCE --dimacs FILE`:
// the transportation core of the instance, cost = -weight) with LEMON's
// readDimacsMin into a SmartDigraph, solves it with NetworkSimplex (int64
// flows and costs, the default block-search pivot), and prints on stdout
//
//   status optimal|infeasible|error
//   objective N      -(minimum cost): the maximum total weight, an integer
//   seconds S        NetworkSimplex's own time (building it and run()), not the reading
//
// plus informational lines (nodes, arcs, read_seconds) that the adapter
// ignores. --time-limit is accepted and ignored: NetworkSimplex::run() has no
// limit and cannot be interrupted, so the harness's hard limit (runstat) is
// the only one. Exit 0 when a status was printed, 2 on a usage error, 3 when
// the file cannot be read or is not `p min`.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

namespace {

void usage(std::FILE *out) {
    std::fprintf(out,
                 "usage: lemon-solve FILE.min [--time-limit S]\n"
                 "Solves a DIMACS min-cost flow file (musubi export --dimacs) with LEMON's NetworkSimplex and\n"
                 "prints \"status optimal|infeasible\", \"objective N\" (-(minimum cost)) and \"seconds S\".\n"
                 "--time-limit is ignored: NetworkSimplex cannot be interrupted.\n");
}

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char **argv) {
    const char *path = nullptr;
    for (int i = 1; i < argc; i++) {
        if (std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (std::strcmp(argv[i], "--time-limit") == 0) {
            char *end = nullptr;
            if (i + 1 >= argc || (std::strtod(argv[i + 1], &end), end == argv[i + 1] || *end)) {
                std::fprintf(stderr, "lemon-solve: --time-limit: expected seconds\n");
                return 2;
            }
            i++; // accepted, ignored: see the header comment
        } else if (argv[i][0] == '-' && argv[i][1]) {
            std::fprintf(stderr, "lemon-solve: unknown option %s\n", argv[i]);
            return 2;
        } else if (!path) {
            path = argv[i];
        } else {
            std::fprintf(stderr, "lemon-solve: unexpected argument %s\n", argv[i]);
            return 2;
        }
    }
    if (!path) {
        usage(stderr);
        return 2;
    }

    typedef lemon::SmartDigraph Graph;
    Graph g;
    Graph::ArcMap<int64_t> lower(g), capacity(g), cost(g);
    Graph::NodeMap<int64_t> supply(g);
    auto t_read = std::chrono::steady_clock::now();
    {
        std::ifstream in(path);
        if (!in) {
            std::fprintf(stderr, "lemon-solve: %s: cannot open\n", path);
            return 3;
        }
        try {
            lemon::readDimacsMin(in, g, lower, capacity, cost, supply);
        } catch (const lemon::FormatError &e) {
            std::fprintf(stderr, "lemon-solve: %s: %s\n", path, e.what());
            return 3;
        }
        if (in.bad()) {
            std::fprintf(stderr, "lemon-solve: %s: read error\n", path);
            return 3;
        }
    }
    double read_seconds = since(t_read);

    auto t0 = std::chrono::steady_clock::now();
    lemon::NetworkSimplex<Graph, int64_t, int64_t> ns(g);
    ns.lowerMap(lower).upperMap(capacity).costMap(cost).supplyMap(supply);
    auto result = ns.run();
    double seconds = since(t0);

    std::printf("nodes %d\narcs %d\nread_seconds %.3f\n", lemon::countNodes(g), lemon::countArcs(g), read_seconds);
    switch (result) {
    case lemon::NetworkSimplex<Graph, int64_t, int64_t>::OPTIMAL:
        std::printf("status optimal\nobjective %lld\n", (long long)-ns.totalCost<int64_t>());
        break;
    case lemon::NetworkSimplex<Graph, int64_t, int64_t>::INFEASIBLE:
        std::printf("status infeasible\n");
        break;
    default: // UNBOUNDED: impossible with finite capacities, so a malformed file
        std::printf("status error\n");
        std::fprintf(stderr, "lemon-solve: %s: unbounded (an arc of infinite capacity and negative cost)\n", path);
        break;
    }
    std::printf("seconds %.6f\n", seconds);
    return 0;
}
