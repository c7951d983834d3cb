/* Laminar quota detection and its network (engine/laminar.c,
 * engine/network.c), on seeded random instances whose quota families mix
 * applicant-side rows (caps and floors over applicant groups at any host,
 * rows inside one applicant's pairs: A0 at large hosts), company-side rows (per host and
 * nationality, per region, unions of regions, hosts' caps over their
 * tracks) and rows that cross both sides.
 *
 * The judge of detection is an oracle that shares nothing with it: every
 * row as a bit set of pairs, every two sets compared, and the rows
 * 2-coloured by a parity union-find (a row that crosses an applicant's row
 * cannot be applicant-side, one that crosses a company's cannot be
 * company-side, two rows that cross take different sides). Detection must
 * accept exactly when the oracle can colour; a refusal must name rows that
 * really cross. When accepted, flow's optimum equals GLPK's (--engine mip),
 * its dual certificate proves it and passes the independent checker, and
 * the DIMACS file of the network, solved by GLPK's out-of-kilter code,
 * gives the same optimum. */
#include "tests/testutil.h"

#include <glpk.h>
#include <math.h>
#include <unistd.h>

#include "engine/laminar.h"
#include "engine/problem.h"
#include "model/solution.h"
#include "musubi.h"
#include "output/dimacs.h"

#include "tests/randinst.h" /* the seeded stream: rng_state, below() */

static const char *const NAT4[] = {"VN", "TH", "ID", "CN"};
static const char *const REG3[] = {"Kanto", "Kansai", "Tohoku"};

/* Quota pool. Laminar-leaning ones first: each family nests on its own side
 * (applicant groups: {VN, TH} above VN above VN batch 1 and per
 * nationality; hosts: per host and nationality inside hosts, regions inside
 * {Kanto, Tohoku}, large Kansai hosts inside Kansai). Then rows that cross:
 * {TH, ID} against {VN, TH} on the applicant side, outside Kanto against
 * {Kanto, Tohoku} on the company side (each may still be placed on the
 * other side when it happens to be a union of both sides' rows), and VN at
 * Kanto or batch 2 per region, which usually cross both sides. */
static const char *const QUOTA[] = {
    /* applicant side */
    "{'name': 'vn-th', 'applicants': {'nationality': ['VN', 'TH']}, '%s': %d}",
    "{'name': 'vn', 'applicants': {'nationality': 'VN'}, '%s': %d}",
    "{'name': 'per-nat', 'group_by': 'nationality', '%s': %d}",
    "{'name': 'vn-b1', 'applicants': {'nationality': 'VN', 'batch': 'b1'}, '%s': %d}",
    "{'name': 'a0-large', 'applicants': {'id': 'A0'}, 'companies': {'size': 'large'}, '%s': %d}",
    "{'name': 'all', '%s': %d}",
    /* company side */
    "{'name': 'host-nat', 'per_company': true, 'group_by': 'nationality', '%s': %d}",
    "{'name': 'region', 'group_by_company': 'region', '%s': %d}",
    "{'name': 'east', 'companies': {'region': ['Kanto', 'Tohoku']}, '%s': %d}",
    "{'name': 'kansai-large', 'companies': {'region': 'Kansai', 'size': 'large'}, '%s': %d}",
    "{'name': 'c1-vn', 'applicants': {'nationality': 'VN'}, 'companies': {'id': 'C1'}, '%s': %d}",
    /* crossing */
    "{'name': 'th-id', 'applicants': {'nationality': ['TH', 'ID']}, '%s': %d}",
    "{'name': 'outside-kanto', 'companies': {'region': {'not': 'Kanto'}}, '%s': %d}",
    "{'name': 'vn-kanto', 'applicants': {'nationality': 'VN'}, 'companies': {'region': 'Kanto'},"
    " '%s': %d}",
    "{'name': 'b2-region', 'applicants': {'batch': 'b2'}, 'group_by_company': 'region', '%s': %d}",
};

enum { N_LAMINAR_QUOTAS = 11, N_QUOTAS = sizeof QUOTA / sizeof QUOTA[0] };

/* Writes JSON written with ' for " (easier to read here) to path. */
static void write_json(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (const char *c = text; *c; c++) fputc(*c == '\'' ? '"' : *c, f);
    fclose(f);
}

/* n applicants, m hosts (host C0 sometimes on two tracks, its capacity over
 * both), explicit pairs; quotas from the pool's first `pool` entries. */
static void write_laminar_instance(const char *path, int n, int m, int pool) {
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    int tracks = below(3) == 0;
    fprintf(f, "{'format': 'musubi-instance-1', 'applicants': [");
    for (int a = 0; a < n; a++)
        fprintf(f, "%s{'id': 'A%d', 'nationality': '%s', 'batch': 'b%d'}", a ? ", " : "", a, NAT4[below(4)],
                1 + below(2));
    fprintf(f, "], 'companies': [");
    for (int c = 0; c < m; c++) {
        fprintf(f, "%s{'id': 'C%d', 'capacity': %d, 'region': '%s', 'size': '%s'", c ? ", " : "", c, 1 + below(3),
                REG3[below(3)], below(2) ? "large" : "small");
        if (c == 0 && tracks)
            fprintf(f, ", 'tracks': [{'name': 't', 'capacity': %d}, {'name': 'u', 'capacity': %d}]", 1 + below(2),
                    below(3));
        fprintf(f, "}");
    }
    fprintf(f, "], 'pairs': [");
    int first = 1;
    for (int a = 0; a < n; a++)
        for (int c = 0; c < m; c++)
            for (int t = 0; t < (c == 0 && tracks ? 2 : 1); t++)
                if (below(5) < (a == 0 ? 4 : 2)) { /* A0 at most hosts: its rows inside it span several */
                    fprintf(f, "%s{'applicant': 'A%d', 'company': 'C%d'", first ? "" : ", ", a, c);
                    if (c == 0 && tracks) fprintf(f, ", 'track': '%s'", t ? "u" : "t");
                    fprintf(f, ", 'weight': %d}", below(40));
                    first = 0;
                }
    fprintf(f, "], 'quotas': [");
    first = 1;
    for (int q = 0; q < pool; q++)
        if (below(q < N_LAMINAR_QUOTAS ? 3 : 2) == 0) {
            int floor = below(6) == 0; /* a floor or a cap */
            fprintf(f, "%s", first ? "" : ", ");
            fprintf(f, QUOTA[q], floor ? "min" : "max", floor ? 1 : below(3));
            first = 0;
        }
    fprintf(f, "]}\n");
    fclose(f);
    write_json(path, text);
    free(text);
}

/* ---- the oracle: rows as bit sets of pairs (at most 64 pairs) ---- */

static int cross(uint64_t x, uint64_t y) {
    uint64_t both = x & y;
    return both && both != x && both != y;
}

/* Parity union-find: parent and parity to the parent. */
static int uf_parent[2 + 4096], uf_parity[2 + 4096];
static int uf_find(int x, int *parity) {
    int p = 0;
    while (uf_parent[x] != x) p ^= uf_parity[x], x = uf_parent[x];
    *parity = p;
    return x;
}
/* Requires x and y to differ by d (1: different sides); 0 on a contradiction. */
static int uf_join(int x, int y, int d) {
    int px, py, rx = uf_find(x, &px), ry = uf_find(y, &py);
    if (rx == ry) return (px ^ py) == d;
    uf_parent[rx] = ry, uf_parity[rx] = px ^ py ^ d;
    return 1;
}

typedef struct oracle {
    int32_t n_rows;
    uint64_t *row; /* [n_rows] */
    int crosses_app[4096], crosses_com[4096];
    int laminar;
} oracle;

static void oracle_build(const mu_problem *pb, oracle *o) {
    const mu_pairs *P = &pb->pairs;
    assert_true(P->n <= 64 && pb->n_rows <= 4096);
    int32_t n_app = pb->inst->n_app, n_com = pb->inst->n_com;
    o->n_rows = pb->n_rows;
    o->row = calloc((size_t)pb->n_rows + 1, sizeof *o->row);
    uint64_t *app = calloc((size_t)n_app + 1, sizeof *app), *com = calloc((size_t)n_com + 1, sizeof *com);
    assert_true(o->row && app && com);
    for (int32_t a = 0; a < n_app; a++)
        for (int64_t p = P->app_off[a]; p < P->app_off[a + 1]; p++) app[a] |= 1ull << p, com[P->com[p]] |= 1ull << p;
    for (int32_t r = 0; r < pb->n_rows; r++)
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) o->row[r] |= 1ull << pb->row_pair[k];
    /* nodes: 0 the applicant side, 1 the company side, 2 + r row r */
    for (int i = 0; i < 2 + pb->n_rows; i++) uf_parent[i] = i, uf_parity[i] = 0;
    o->laminar = uf_join(0, 1, 1);
    for (int32_t r = 0; r < pb->n_rows; r++) {
        o->crosses_app[r] = o->crosses_com[r] = 0;
        for (int32_t a = 0; a < n_app; a++) o->crosses_app[r] |= cross(o->row[r], app[a]);
        for (int32_t c = 0; c < n_com; c++) o->crosses_com[r] |= cross(o->row[r], com[c]);
        if (o->crosses_app[r]) o->laminar &= uf_join(2 + r, 1, 0);
        if (o->crosses_com[r]) o->laminar &= uf_join(2 + r, 0, 0);
        for (int32_t s = 0; s < r; s++)
            if (cross(o->row[r], o->row[s])) o->laminar &= uf_join(2 + r, 2 + s, 1);
    }
    free(app), free(com);
}

/* The quota row whose label starts at text and is followed by a space or
 * the end (the longest such label), or -1. */
static int32_t label_at(const mu_problem *pb, const char *text) {
    int32_t best = -1;
    size_t best_len = 0;
    char label[160];
    for (int32_t r = 0; r < pb->n_rows; r++) {
        mu_qrow_label(pb, r, label, sizeof label);
        size_t len = strlen(label);
        if (strncmp(text, label, len) == 0 && (text[len] == ' ' || text[len] == '\0') && len > best_len)
            best = r, best_len = len;
    }
    return best;
}

/* A refusal names rows that cross: the first named row, and for the forms
 * "X overlaps Y ..." the second too, which must cross the first. */
static void assert_refusal_names_crossing_rows(const mu_problem *pb, const oracle *o, const char *why, uint64_t seed) {
    const char *prefix = "quota row ";
    const char *text = strncmp(why, prefix, strlen(prefix)) == 0 ? why + strlen(prefix) : why;
    int32_t x = label_at(pb, text);
    if (x < 0) fprintf(stderr, "seed %llu: refusal names no quota row: %s\n", (unsigned long long)seed, why);
    assert_true(x >= 0);
    if (strstr(why, "takes part of several companies' pairs and part of several applicants'")) {
        assert_true(o->crosses_app[x] && o->crosses_com[x]);
        return;
    }
    const char *over = strstr(text, " overlaps ");
    assert_non_null(over);
    if (strncmp(over + 10, "another ", 8) == 0) { /* the fallback: x crosses some row */
        int any = 0;
        for (int32_t s = 0; s < pb->n_rows; s++) any |= cross(o->row[x], o->row[s]);
        assert_true(any);
        return;
    }
    int32_t y = label_at(pb, over + 10);
    if (y < 0 || !cross(o->row[x], o->row[y]))
        fprintf(stderr, "seed %llu: the rows named do not cross: %s\n", (unsigned long long)seed, why);
    assert_true(y >= 0);
    assert_true(cross(o->row[x], o->row[y]));
    const char *and = strstr(why, " (applicant-side) and ");
    if (and) { /* X overlaps Y (applicant-side) and Z (company-side) */
        int32_t z = label_at(pb, and+22);
        assert_true(z >= 0 && cross(o->row[x], o->row[z]));
    }
}

/* GLPK's minimum cost of a DIMACS file, HUGE_VAL when no flow is feasible. */
static double glpk_min_cost(const char *path) {
    glp_graph *g = glp_create_graph(sizeof(double), 3 * sizeof(double));
    assert_int_equal(glp_read_mincost(g, 0, 0, sizeof(double), 2 * sizeof(double), path), 0);
    double cost = 0;
    int rc = glp_mincost_okalg(g, 0, 0, sizeof(double), 2 * sizeof(double), &cost, -1, -1);
    assert_true(rc == 0 || rc == GLP_ENOPFS);
    glp_delete_graph(g);
    return rc == GLP_ENOPFS ? HUGE_VAL : cost;
}

typedef struct tally {
    int laminar, refused, infeasible, certified, app_side_rows, free_rows_app, sub_app_rows;
} tally;

static mu_solution *solve(const mu_instance *inst, int engine, int *rc, mu_error *err) {
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    opt.engine = engine;
    mu_solution *sol = NULL;
    *rc = mu_solve(inst, &opt, &sol, err);
    return sol;
}

static void cross_check(uint64_t seed, int pool, tally *t) {
    char path[] = "/tmp/musubi-laminar-XXXXXX";
    close(mkstemp(path));
    rng_state = seed;
    write_laminar_instance(path, 3 + below(6), 2 + below(4), pool);
    mu_instance *inst = NULL;
    mu_error err = {0};
    int rc = mu_instance_read(path, &inst, &err);
    if (rc) fprintf(stderr, "seed %llu: %s\n", (unsigned long long)seed, err.msg);
    assert_int_equal(rc, MU_OK);
    mu_problem pb;
    assert_int_equal(mu_problem_build(inst, &pb, &err), MU_OK);
    oracle o;
    oracle_build(&pb, &o);
    mu_laminar L;
    char why[256];
    assert_int_equal(mu_laminar_detect(&pb, &L, why, sizeof why, &err), MU_OK);
    if (L.laminar != o.laminar)
        fprintf(stderr, "seed %llu: detection says %s, the oracle %s (%s) [%s]\n", (unsigned long long)seed,
                L.laminar ? "laminar" : "not laminar", o.laminar ? "laminar" : "not laminar", why, path);
    assert_int_equal(L.laminar, o.laminar);
    int flow_rc, mip_rc;
    mu_solution *flow = solve(inst, MU_ENGINE_FLOW, &flow_rc, &err);
    if (!L.laminar) {
        assert_refusal_names_crossing_rows(&pb, &o, why, seed);
        assert_int_equal(flow_rc, MU_EUSAGE);
        assert_non_null(strstr(err.msg, "not laminar"));
        t->refused++;
    } else {
        /* the trees: every side as the oracle allows, rows inside one
         * applicant's pairs below that applicant */
        for (int32_t r = 0; r < pb.n_rows; r++) {
            if (L.row_app_side[r]) assert_false(o.crosses_app[r]);
            else assert_false(o.crosses_com[r]);
            t->app_side_rows += L.row_app_side[r];
            t->free_rows_app += L.row_app_side[r] && !o.crosses_com[r] && !o.crosses_app[r];
            t->sub_app_rows += L.row_app_side[r] && L.row_parent[r] >= pb.n_rows;
        }
        assert_int_equal(flow_rc, MU_OK);
        mu_solution *mip = solve(inst, MU_ENGINE_MIP, &mip_rc, &err);
        assert_int_equal(mip_rc, MU_OK);
        mu_status fs = mu_solution_status(flow), ms = mu_solution_status(mip);
        if (fs != ms || (fs == MU_STATUS_OPTIMAL && mu_solution_objective(flow) != mu_solution_objective(mip)))
            fprintf(stderr, "seed %llu: flow %s %lld, mip %s %lld [%s]\n", (unsigned long long)seed, mu_status_name(fs),
                    (long long)mu_solution_objective(flow), mu_status_name(ms), (long long)mu_solution_objective(mip),
                    path);
        assert_int_equal(fs, ms);
        /* the DIMACS file of the network, solved by GLPK's out-of-kilter code */
        char min[] = "/tmp/musubi-laminar-min-XXXXXX";
        close(mkstemp(min));
        assert_int_equal(mu_export_dimacs(inst, min, &err), MU_OK);
        double cost = glpk_min_cost(min);
        unlink(min);
        if (fs == MU_STATUS_INFEASIBLE) {
            assert_true(isinf(cost));
            t->infeasible++;
        } else {
            assert_int_equal(fs, MU_STATUS_OPTIMAL);
            int64_t best = mu_solution_objective(mip);
            assert_int_equal(mu_solution_objective(flow), best);
            assert_int_equal((int64_t)-cost, best);
            /* flow's prices prove the optimum, and the checker agrees */
            assert_true(flow->cert.scale > 0);
            assert_int_equal(flow->cert.bound, best);
            char out[] = "/tmp/musubi-laminar-sol-XXXXXX";
            close(mkstemp(out));
            mu_options opt;
            mu_options_init(&opt);
            assert_int_equal(mu_solution_write_json(flow, inst, &opt, out, &err), MU_OK);
            rc = mu_check_file(inst, out, NULL, &err);
            if (rc) mu_check_file(inst, out, stderr, &err);
            assert_int_equal(rc, MU_OK);
            unlink(out);
            t->certified++;
        }
        mu_solution_free(mip);
        t->laminar++;
    }
    mu_solution_free(flow);
    mu_laminar_free(&L);
    free(o.row);
    mu_problem_free(&pb);
    mu_instance_free(inst);
    if (!getenv("MU_KEEP")) unlink(path);
}

/* The README's own example: vietnam-cap (applicant side) and outside-kanto
 * (whole hosts, whose applicants have no host in Kanto) nest side by side. */
static void the_csv_example_is_laminar_and_flow_proves_its_optimum(void **state) {
    (void)state;
    mu_instance *inst = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read("instances/examples/csv", &inst, &err), MU_OK);
    mu_problem pb;
    assert_int_equal(mu_problem_build(inst, &pb, &err), MU_OK);
    mu_laminar L;
    char why[256];
    assert_int_equal(mu_laminar_detect(&pb, &L, why, sizeof why, &err), MU_OK);
    if (!L.laminar) fprintf(stderr, "%s\n", why);
    assert_true(L.laminar);
    int rc;
    mu_solution *flow = solve(inst, MU_ENGINE_FLOW, &rc, &err);
    assert_int_equal(rc, MU_OK);
    assert_int_equal(mu_solution_status(flow), MU_STATUS_OPTIMAL);
    assert_int_equal(mu_solution_objective(flow), 1625);
    assert_int_equal(flow->cert.bound, 1625);
    mu_solution_free(flow);
    mu_laminar_free(&L);
    mu_problem_free(&pb);
    mu_instance_free(inst);
}

/* A floor on Vietnamese applicants at Kanto hosts takes part of several
 * hosts' pairs and part of several applicants': refused, the row named. */
static void a_row_crossing_both_sides_is_refused_by_name(void **state) {
    (void)state;
    char path[] = "/tmp/musubi-laminar-XXXXXX";
    close(mkstemp(path));
    write_json(path,
               "{'format': 'musubi-instance-1', 'applicants': [{'id': 'A0', 'nationality': 'VN'}, "
               "{'id': 'A1', 'nationality': 'VN'}, {'id': 'A2', 'nationality': 'TH'}], 'companies': ["
               "{'id': 'C0', 'capacity': 1, 'region': 'Kanto'}, {'id': 'C1', 'capacity': 1, 'region': 'Kanto'}, "
               "{'id': 'C2', 'capacity': 1, 'region': 'Kansai'}], 'pairs': ["
               "{'applicant': 'A0', 'company': 'C0', 'weight': 3}, {'applicant': 'A0', 'company': 'C2', 'weight': 5}, "
               "{'applicant': 'A1', 'company': 'C1', 'weight': 4}, {'applicant': 'A1', 'company': 'C2', 'weight': 2}, "
               "{'applicant': 'A2', 'company': 'C0', 'weight': 1}, {'applicant': 'A2', 'company': 'C1', 'weight': 1}], "
               "'quotas': [{'name': 'vn-kanto-floor', 'applicants': {'nationality': 'VN'}, "
               "'companies': {'region': 'Kanto'}, 'min': 1}]}\n");
    mu_instance *inst = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read(path, &inst, &err), MU_OK);
    int rc;
    mu_solution *sol = solve(inst, MU_ENGINE_FLOW, &rc, &err);
    assert_int_equal(rc, MU_EUSAGE);
    assert_null(sol);
    assert_non_null(strstr(err.msg, "quota row vn-kanto-floor takes part of several companies' pairs and part of "
                                    "several applicants'"));
    mu_instance_free(inst);
    unlink(path);
}

/* Two applicant groups that share a nationality, {VN, TH} and {TH, ID},
 * each over part of several hosts' pairs: both must be applicant-side, and
 * they cross there. Refused, both named. */
static void two_crossing_applicant_groups_are_refused_by_name(void **state) {
    (void)state;
    char path[] = "/tmp/musubi-laminar-XXXXXX";
    close(mkstemp(path));
    write_json(path,
               "{'format': 'musubi-instance-1', 'applicants': [{'id': 'A0', 'nationality': 'VN'}, "
               "{'id': 'A1', 'nationality': 'TH'}, {'id': 'A2', 'nationality': 'ID'}], 'companies': ["
               "{'id': 'C0', 'capacity': 2}, {'id': 'C1', 'capacity': 2}], 'pairs': ["
               "{'applicant': 'A0', 'company': 'C0', 'weight': 3}, {'applicant': 'A1', 'company': 'C0', 'weight': 5}, "
               "{'applicant': 'A1', 'company': 'C1', 'weight': 4}, {'applicant': 'A2', 'company': 'C1', 'weight': 2}], "
               "'quotas': [{'name': 'vn-th', 'applicants': {'nationality': ['VN', 'TH']}, 'max': 1}, "
               "{'name': 'th-id', 'applicants': {'nationality': ['TH', 'ID']}, 'max': 1}]}\n");
    mu_instance *inst = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read(path, &inst, &err), MU_OK);
    int rc;
    mu_solution *sol = solve(inst, MU_ENGINE_FLOW, &rc, &err);
    assert_int_equal(rc, MU_EUSAGE);
    assert_null(sol);
    if (!strstr(err.msg, "th-id overlaps vn-th without nesting in it, and both are applicant-side rows"))
        fprintf(stderr, "%s\n", err.msg);
    assert_non_null(strstr(err.msg, "th-id overlaps vn-th without nesting in it, and both are applicant-side rows"));
    mu_instance_free(inst);
    unlink(path);
}

/* Laminar families only: hundreds accepted, every one cross-checked. */
static void laminar_families_flow_equals_mip_and_certifies(void **state) {
    (void)state;
    tally t = {0};
    for (uint64_t seed = 1; seed <= 300; seed++) cross_check(seed, N_LAMINAR_QUOTAS, &t);
    if (getenv("MU_TEST_VERBOSE"))
        print_message("laminar pool: %d laminar (%d infeasible, %d certified), %d refused; %d applicant-side rows, "
                      "%d free rows placed there, %d inside one applicant\n",
                      t.laminar, t.infeasible, t.certified, t.refused, t.app_side_rows, t.free_rows_app,
                      t.sub_app_rows);
    assert_int_equal(t.refused, 0); /* the pool nests by construction */
    assert_int_equal(t.laminar, 300);
    assert_true(t.certified >= 150);
    assert_true(t.infeasible > 0);      /* floors that cannot be met are found by both */
    assert_true(t.app_side_rows > 300); /* the applicant-side tree is exercised */
    assert_true(t.free_rows_app > 0);   /* ... with rows that could sit on either side */
    assert_true(t.sub_app_rows > 10);   /* ... and rows inside one applicant's pairs */
}

/* The whole pool, crossing rows included: detection agrees with the oracle
 * on every instance, and both outcomes are common. */
static void mixed_families_are_accepted_exactly_when_the_oracle_can_split_them(void **state) {
    (void)state;
    tally t = {0};
    for (uint64_t seed = 1001; seed <= 1300; seed++) cross_check(seed, N_QUOTAS, &t);
    if (getenv("MU_TEST_VERBOSE"))
        print_message("whole pool: %d laminar (%d infeasible, %d certified), %d refused\n", t.laminar, t.infeasible,
                      t.certified, t.refused);
    assert_true(t.laminar >= 100);
    assert_true(t.refused >= 60);
}

int main(void) {
    glp_term_out(GLP_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_row_crossing_both_sides_is_refused_by_name),
        cmocka_unit_test(two_crossing_applicant_groups_are_refused_by_name),
        cmocka_unit_test(the_csv_example_is_laminar_and_flow_proves_its_optimum),
        cmocka_unit_test(laminar_families_flow_equals_mip_and_certifies),
        cmocka_unit_test(mixed_families_are_accepted_exactly_when_the_oracle_can_split_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
