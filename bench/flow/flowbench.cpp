// Peer comparison for the transportation engine (engine/flow.c).
//
// Generates the synthetic family of /work/shared/anchors.md in memory
// (seeded, deterministic), then in this one process times musubi's
// mu_flow_solve (on 1 thread and on the default thread count) and, when built
// with LEMON, LEMON's NetworkSimplex on the identical instance, checks that
// they agree on the optimum and that musubi's assignment is the same on both
// thread counts, and prints one row per size.
//
// usage: flowbench [-s seed] [-r repeats] [-c K] [-side S] [-q] [SIZE ...]
//   SIZE is n x m as NxM, e.g. 100000x5000; default: the four anchor sizes.
//   -r: median of that many runs of each solver (default 1).
//   -q: skip LEMON.
//   -c K: multiply every capacity by K (stress: seats no longer scarce).
//   -method paths|auction: force musubi's algorithm (default: automatic).
//   -side seats|applicants: force the side the paths method brings in (default: automatic).
//   -both: also time each method forced (1 thread) and print auto against the better of them.
#include <sys/resource.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "engine/flow.h"

#ifdef HAVE_LEMON
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#endif

namespace {

double now() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

// Peak resident set since the last reset, in MiB (Linux VmHWM).
double peak_mib() {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    double kib = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0) kib = atof(line + 6);
    fclose(f);
    return kib / 1024.0;
}

// Resets VmHWM to the current RSS (Linux >= 4.0); harmless elsewhere.
void reset_peak() {
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (f) {
        fputs("5", f);
        fclose(f);
    }
}

struct Rng { // splitmix64
    uint64_t s;
    explicit Rng(uint64_t seed) : s(seed) {}
    uint64_t next() {
        uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double unit() {
        return (double)(next() >> 11) * (1.0 / 9007199254740992.0);
    }
    uint32_t below(uint32_t k) {
        return (uint32_t)(unit() * k);
    }
};

struct Instance {
    int32_t n = 0, m = 0;
    std::vector<int32_t> cap;
    std::vector<int64_t> off;
    std::vector<int32_t> com;
    std::vector<int64_t> w;
    int64_t seats = 0;
};

// The anchor family: sectors, language requirements, capacities 1-5 (mean
// 2.25), eligibility mostly within the applicant's sector and filtered by the
// host's language requirement, weight = applicant rank + host score + noise in
// 0..1000. `draws` candidate hosts are drawn per applicant before the filter.
Instance generate(int32_t n, int32_t m, uint64_t seed, int draws, int capmul) {
    Instance in;
    in.n = n;
    in.m = m;
    Rng r(seed * 0x100000001B3ull + (uint64_t)n * 31 + (uint64_t)m);
    const int sectors = std::max(2, std::min(12, m / 10));
    // sector sizes are skewed: sector s has weight 1 / (1 + s / 3)
    std::vector<double> sw(sectors), cum(sectors);
    double tot = 0;
    for (int s = 0; s < sectors; s++) tot += sw[s] = 1.0 / (1.0 + s / 3.0);
    double acc = 0;
    for (int s = 0; s < sectors; s++) cum[s] = (acc += sw[s] / tot);
    auto pick_sector = [&](Rng &g) {
        double x = g.unit();
        int s = 0;
        while (s < sectors - 1 && x > cum[s]) s++;
        return s;
    };
    // hosts
    std::vector<int> hsec(m), hlang(m);
    std::vector<double> hscore(m);
    std::vector<std::vector<int32_t>> by_sector(sectors);
    in.cap.resize(m);
    for (int32_t j = 0; j < m; j++) {
        hsec[j] = pick_sector(r);
        by_sector[hsec[j]].push_back(j);
        double x = r.unit(); // 0: Japanese N3+, 1: English business+, 2: either
        hlang[j] = x < 0.35 ? 0 : x < 0.7 ? 1 : 2;
        hscore[j] = r.unit();
        double c = r.unit(); // P(1..5) = .40 .25 .15 .10 .10, mean 2.25
        in.cap[j] = capmul * (c < 0.40 ? 1 : c < 0.65 ? 2 : c < 0.80 ? 3 : c < 0.90 ? 4 : 5);
        in.seats += in.cap[j];
    }
    for (int s = 0; s < sectors; s++)
        if (by_sector[s].empty()) by_sector[s].push_back((int32_t)r.below((uint32_t)m));
    // applicants
    in.off.assign((size_t)n + 1, 0);
    in.com.reserve((size_t)n * (size_t)draws * 3 / 4);
    in.w.reserve((size_t)n * (size_t)draws * 3 / 4);
    std::vector<int32_t> mine;
    for (int32_t i = 0; i < n; i++) {
        int sec = pick_sector(r);
        int jlpt = (int)r.below(6);    // 0 none, 1..5 = N5..N1; N3+ is >= 3
        int english = (int)r.below(5); // none basic daily business native; business+ is >= 3
        double rank = r.unit();        // the applicant's standing, 0 worst .. 1 best
        mine.clear();
        for (int d = 0; d < draws; d++) {
            int32_t j;
            if (r.unit() < 0.85) {
                const std::vector<int32_t> &hs = by_sector[sec];
                j = hs[r.below((uint32_t)hs.size())];
            } else {
                j = (int32_t)r.below((uint32_t)m);
            }
            bool ok = hlang[j] == 0 ? jlpt >= 3 : hlang[j] == 1 ? english >= 3 : (jlpt >= 3 || english >= 3);
            if (ok) mine.push_back(j);
        }
        std::sort(mine.begin(), mine.end());
        mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
        for (int32_t j : mine) {
            double x = 450.0 * rank + 300.0 * hscore[j] + 250.0 * r.unit();
            in.com.push_back(j);
            in.w.push_back(std::min<int64_t>(1000, (int64_t)x));
        }
        in.off[(size_t)i + 1] = (int64_t)in.com.size();
    }
    return in;
}

double thread_cpu() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

struct MuRun {
    double sec = 0, cpu = 0, mib = 0;
    int64_t obj = -1;
    uint64_t hash = 0;
    mu_flow_stats st{};
};

int g_side = MU_FLOW_SIDE_AUTO;
int g_method = MU_FLOW_METHOD_AUTO;
bool g_both = false;

MuRun run_musubi(const Instance &in, int threads, int method = g_method) {
    mu_transport t;
    t.n_app = in.n;
    t.n_com = in.m;
    t.cap = in.cap.data();
    t.app_off = in.off.data();
    t.pair_com = in.com.data();
    t.pair_w = in.w.data();
    std::vector<int32_t> app_com((size_t)in.n + 1);
    std::vector<int64_t> u((size_t)in.n + 1), v((size_t)in.m + 1);
    char err[256];
    MuRun res;
    mu_flow_options opt;
    mu_flow_init_options(&opt);
    opt.threads = threads;
    opt.side = g_side;
    opt.method = method;
    opt.stats = &res.st;
    reset_peak();
    double t0 = now(), c0 = thread_cpu();
    int rc = mu_flow_solve_opt(&t, &opt, app_com.data(), u.data(), v.data(), &res.obj, err, sizeof err);
    res.sec = now() - t0;
    res.cpu = thread_cpu() - c0;
    res.mib = peak_mib();
    if (rc != 0) {
        fprintf(stderr, "musubi failed: %s\n", err);
        exit(1);
    }
    // independent objective from the assignment, and a hash of it
    int64_t obj = 0;
    uint64_t h = 1469598103934665603ull;
    for (int32_t i = 0; i < in.n; i++) {
        int32_t j = app_com[(size_t)i];
        h = (h ^ (uint64_t)(uint32_t)j) * 1099511628211ull;
        if (j < 0) continue;
        const int32_t *b = in.com.data() + in.off[(size_t)i], *e = in.com.data() + in.off[(size_t)i + 1];
        const int32_t *p = std::lower_bound(b, e, j);
        if (p == e || *p != j) {
            fprintf(stderr, "musubi assigned a non-pair\n");
            exit(1);
        }
        obj += in.w[(size_t)(p - in.com.data())];
    }
    if (obj != res.obj) {
        fprintf(stderr, "musubi objective %" PRId64 " but assignment weighs %" PRId64 "\n", res.obj, obj);
        exit(1);
    }
    res.hash = h;
    return res;
}

#ifdef HAVE_LEMON
struct LemonRun {
    double build = 0, sec = 0, mib = 0;
    int64_t obj = -1;
};

// Companies supply their seats; a seat reaches the sink through an applicant
// (cost -w, at most one seat per applicant) or directly (left empty, cost 0).
// Solver is NetworkSimplex or CostScaling (its default PARTIAL_AUGMENT, factor 16).
template <template <class, class, class> class Solver> LemonRun run_lemon(const Instance &in) {
    using namespace lemon;
    typedef SmartDigraph G;
    typedef Solver<G, int64_t, int64_t> S;
    LemonRun res;
    reset_peak();
    double t0 = now();
    G g;
    const int64_t P = in.off[(size_t)in.n];
    g.reserveNode(in.n + in.m + 1);
    g.reserveArc((int)(P + in.n + in.m));
    std::vector<G::Node> cn((size_t)in.m), an((size_t)in.n);
    for (int32_t j = 0; j < in.m; j++) cn[(size_t)j] = g.addNode();
    for (int32_t i = 0; i < in.n; i++) an[(size_t)i] = g.addNode();
    G::Node sink = g.addNode();
    G::ArcMap<int64_t> upper(g), cost(g);
    G::NodeMap<int64_t> supply(g, 0);
    for (int32_t i = 0; i < in.n; i++)
        for (int64_t p = in.off[(size_t)i]; p < in.off[(size_t)i + 1]; p++) {
            G::Arc a = g.addArc(cn[(size_t)in.com[(size_t)p]], an[(size_t)i]);
            upper[a] = 1;
            cost[a] = -in.w[(size_t)p];
        }
    for (int32_t i = 0; i < in.n; i++) {
        G::Arc a = g.addArc(an[(size_t)i], sink);
        upper[a] = 1;
        cost[a] = 0;
    }
    for (int32_t j = 0; j < in.m; j++) {
        G::Arc a = g.addArc(cn[(size_t)j], sink);
        upper[a] = in.cap[(size_t)j];
        cost[a] = 0;
        supply[cn[(size_t)j]] = in.cap[(size_t)j];
    }
    supply[sink] = -in.seats;
    S solver(g);
    solver.upperMap(upper).costMap(cost).supplyMap(supply);
    double t1 = now();
    if (solver.run() != S::OPTIMAL) {
        fprintf(stderr, "LEMON: not optimal\n");
        exit(1);
    }
    res.sec = now() - t1;
    res.build = t1 - t0;
    res.obj = -solver.template totalCost<int64_t>();
    res.mib = peak_mib();
    return res;
}
#endif

// Candidate draws per applicant, calibrated so that the pair counts match the
// anchors (10k, 0.2M, 3.0M, 20M).
int draws_for(int32_t n, int32_t m) {
    if (n <= 2000) return 44;
    if (n <= 20000) return 70;
    if (n <= 200000) return 60;
    (void)m;
    return 40;
}

template <class T> T median(std::vector<T> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv) {
    uint64_t seed = 1;
    int repeats = 1, capmul = 1;
    bool lemon = true;
    std::vector<std::pair<int32_t, int32_t>> sizes;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "-s") && a + 1 < argc)
            seed = strtoull(argv[++a], nullptr, 10);
        else if (!strcmp(argv[a], "-r") && a + 1 < argc)
            repeats = std::max(1, atoi(argv[++a]));
        else if (!strcmp(argv[a], "-c") && a + 1 < argc)
            capmul = std::max(1, atoi(argv[++a]));
        else if (!strcmp(argv[a], "-side") && a + 1 < argc) {
            ++a;
            g_side = !strcmp(argv[a], "seats")        ? MU_FLOW_SIDE_SEATS
                     : !strcmp(argv[a], "applicants") ? MU_FLOW_SIDE_APPLICANTS
                                                      : MU_FLOW_SIDE_AUTO;
        } else if (!strcmp(argv[a], "-method") && a + 1 < argc) {
            ++a;
            g_method = !strcmp(argv[a], "paths")     ? MU_FLOW_METHOD_PATHS
                       : !strcmp(argv[a], "auction") ? MU_FLOW_METHOD_AUCTION
                                                     : MU_FLOW_METHOD_AUTO;
        } else if (!strcmp(argv[a], "-both"))
            g_both = true;
        else if (!strcmp(argv[a], "-q"))
            lemon = false;
        else {
            long n, m;
            if (sscanf(argv[a], "%ldx%ld", &n, &m) != 2 || n < 0 || m < 0 || n > INT32_MAX || m > INT32_MAX) {
                fprintf(stderr, "usage: flowbench [-s seed] [-r repeats] [-c capmul] [-method paths|auction] "
                                "[-side seats|applicants] [-both] [-q] [NxM ...]\n");
                return 2;
            }
            sizes.push_back({(int32_t)n, (int32_t)m});
        }
    }
    if (sizes.empty()) sizes = {{1000, 50}, {10000, 300}, {100000, 5000}, {1000000, 20000}};
#ifndef HAVE_LEMON
    lemon = false;
#endif
    char load[64] = "?";
    if (FILE *f = fopen("/proc/loadavg", "r")) {
        if (!fgets(load, sizeof load, f)) strcpy(load, "?");
        fclose(f);
        load[strcspn(load, "\n")] = '\0';
    }
    printf("seed %" PRIu64 ", median of %d; times in seconds, peak RSS in MiB (instance included); loadavg %s\n",
           seed, repeats, load);
    printf("%-13s %9s %6s %9s | %8s %8s %7s %7s | %8s %8s %9s | %6s %s\n", "instance", "pairs", "seats",
           "optimum", "mu 1thr", "mu", "mu RSS", "mu own", "NetSimp", "CostScal", "LEMON RSS", "ratio", "agree");
    for (auto sz : sizes) {
        double tg = now();
        Instance in = generate(sz.first, sz.second, seed, draws_for(sz.first, sz.second), capmul);
        tg = now() - tg;
        const int64_t P = in.off[(size_t)in.n];
        std::vector<double> t1s, tds, c1s;
        MuRun r1, rd;
        for (int k = 0; k < repeats; k++) {
            r1 = run_musubi(in, 1);
            t1s.push_back(r1.sec);
            c1s.push_back(r1.cpu);
            rd = run_musubi(in, 0);
            tds.push_back(rd.sec);
        }
        bool same = r1.hash == rd.hash && r1.obj == rd.obj;
        if (g_both) { // each method forced, 1 thread: auto must be near the better of them
            std::vector<double> tp, ta, cp, ca;
            MuRun rp, ra;
            for (int k = 0; k < repeats; k++) {
                rp = run_musubi(in, 1, MU_FLOW_METHOD_PATHS);
                tp.push_back(rp.sec);
                cp.push_back(rp.cpu);
                ra = run_musubi(in, 1, MU_FLOW_METHOD_AUCTION);
                ta.push_back(ra.sec);
                ca.push_back(ra.cpu);
            }
            const double best = std::min(median(tp), median(ta)), best_cpu = std::min(median(cp), median(ca));
            fprintf(stderr,
                    "  [%dx%d] 1 thread: auto %.3fs (cpu %.3f), paths %.3fs (cpu %.3f), auction %.3fs (cpu %.3f); "
                    "auto / better: %.2f (cpu %.2f)\n",
                    sz.first, sz.second, median(t1s), median(c1s), median(tp), median(cp), median(ta), median(ca),
                    median(t1s) / best, median(c1s) / best_cpu);
            if (rp.obj != rd.obj || ra.obj != rd.obj) {
                fprintf(stderr, "DISAGREE: auto %" PRId64 ", paths %" PRId64 ", auction %" PRId64 "\n", rd.obj, rp.obj,
                        ra.obj);
                same = false;
            }
        }
        char lemon_cols[64] = "       -        -         -";
        char ratio[16] = "     -";
        const char *agree = same ? "threads-same" : "THREADS-DIFFER";
        bool lemon_ok = true;
#ifdef HAVE_LEMON
        if (lemon) {
            LemonRun ns, cs;
            std::vector<double> tns, tcs;
            for (int k = 0; k < repeats; k++) {
                ns = run_lemon<lemon::NetworkSimplex>(in);
                tns.push_back(ns.sec);
                cs = run_lemon<lemon::CostScaling>(in);
                tcs.push_back(cs.sec);
            }
            const double a = median(tns), b = median(tcs);
            snprintf(lemon_cols, sizeof lemon_cols, "%8.3f %8.3f %9.0f", a, b, std::max(ns.mib, cs.mib));
            snprintf(ratio, sizeof ratio, "%6.3f", median(tds) / std::min(a, b));
            lemon_ok = ns.obj == rd.obj && cs.obj == rd.obj;
            if (!lemon_ok)
                fprintf(stderr, "DISAGREE: musubi %" PRId64 ", NetworkSimplex %" PRId64 ", CostScaling %" PRId64 "\n",
                        rd.obj, ns.obj, cs.obj);
        }
#endif
        char name[32];
        snprintf(name, sizeof name, "%dx%d", sz.first, sz.second);
        printf("%-13s %9" PRId64 " %6" PRId64 " %9" PRId64 " | %8.3f %8.3f %7.0f %7.0f | %s | %6s %s%s\n", name, P,
               in.seats, rd.obj, median(t1s), median(tds), rd.mib, (double)rd.st.bytes / 1048576.0, lemon_cols, ratio,
               agree, lemon ? (lemon_ok ? ",lemon-same" : ",LEMON-DIFFERS") : "");
        const mu_flow_stats &st = rd.st;
        fprintf(stderr,
                "  [%s] generate %.2fs; musubi 1thr cpu %.3fs; %s (fillable %" PRId64 ", applicants %" PRId64 "), build %.3fs"
                " auction %.3fs solve %.3fs check %.3fs; bids %" PRId64 " (rescans %" PRId64 ")%s left seats %" PRId64
                " applicants %" PRId64 "; searches %" PRId64 " pops %" PRId64 " arcs %" PRId64 " expansions %" PRId64
                "\n",
                name, tg, median(c1s),
                st.method == MU_FLOW_METHOD_AUCTION ? (st.probe_arcs ? "auction after a probe" : "auction")
                : st.side == MU_FLOW_SIDE_SEATS     ? "paths from the seats"
                                                    : "paths from the applicants",
                st.fillable, st.applicants, st.sec_build, st.sec_auction, st.sec_solve, st.sec_check, st.bids, st.rescans, st.stopped ? " stopped" : "", st.left_seats, st.left_apps, st.searches, st.pops, st.arcs, st.expansions);
        fflush(stdout);
        if (!same || !lemon_ok) return 1;
    }
    return 0;
}
