/* The DIMACS min-cost flow export (output/dimacs.c): what it writes is solved
 * by an independent min-cost flow code — GLPK's DIMACS reader and its
 * out-of-kilter algorithm (glp_read_mincost, glp_mincost_okalg), which share
 * nothing with musubi's flow engine — and -(minimum cost) must equal the
 * flow engine's optimum (and, on the smallest instances, an exhaustive
 * search judged by the checker alone). Instances with quota rows or a host
 * budget are refused with MU_EUSAGE, a message naming the instance, and no
 * file. */
#include "tests/testutil.h"

#include <dirent.h>
#include <glpk.h>
#include <sys/stat.h>
#include <math.h>
#include <unistd.h>

#include "generator/generator.h"
#include "model/solution.h"
#include "musubi.h"
#include "output/dimacs.h"

#include "tests/randinst.h"

/* Node data: the supply; arc data: low, cap, cost (doubles, GLPK's choice). */
enum { V_RHS = 0, A_LOW = 0, A_CAP = sizeof(double), A_COST = 2 * sizeof(double) };

/* GLPK's minimum cost of a DIMACS file; the file must read and solve. */
static double glpk_min_cost(const char *path) {
    glp_graph *g = glp_create_graph(sizeof(double), 3 * sizeof(double));
    int rc = glp_read_mincost(g, V_RHS, A_LOW, A_CAP, A_COST, path);
    if (rc) fprintf(stderr, "glp_read_mincost: %s: rc %d\n", path, rc);
    assert_int_equal(rc, 0);
    double cost = 0;
    rc = glp_mincost_okalg(g, V_RHS, A_LOW, A_CAP, A_COST, &cost, -1, -1);
    if (rc && rc != GLP_ENOPFS) fprintf(stderr, "glp_mincost_okalg: %s: rc %d\n", path, rc);
    assert_true(rc == 0 || rc == GLP_ENOPFS); /* GLP_ENOPFS: quota floors no flow meets */
    glp_delete_graph(g);
    return rc == GLP_ENOPFS ? HUGE_VAL : cost;
}

/* The flow engine's optimum, -2 when infeasible, or -1 when it refuses the
 * instance (quota rows that are not laminar). */
static int64_t flow_optimum(const mu_instance *inst) {
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    opt.engine = MU_ENGINE_FLOW;
    mu_solution *sol = NULL;
    mu_error err = {0};
    int rc = mu_solve(inst, &opt, &sol, &err);
    if (rc == MU_EUSAGE) return -1;
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, MU_OK);
    if (mu_solution_status(sol) == MU_STATUS_INFEASIBLE) {
        mu_solution_free(sol);
        return -2;
    }
    assert_int_equal(mu_solution_status(sol), MU_STATUS_OPTIMAL);
    int64_t obj = mu_solution_objective(sol);
    mu_solution_free(sol);
    return obj;
}

static void temp_path(char *buf, size_t n, const char *what) {
    snprintf(buf, n, "/tmp/musubi-dimacs-%s-XXXXXX", what);
    int fd = mkstemp(buf);
    assert_true(fd >= 0);
    close(fd);
}

/* Exports inst, solves the file with GLPK; returns the optimum weight, -2
 * when no flow is feasible, or -1 when the export refuses (then no file may
 * exist). */
static int64_t export_and_solve(const mu_instance *inst) {
    char path[64];
    temp_path(path, sizeof path, "min");
    unlink(path); /* the export must create it */
    mu_error err = {0};
    int rc = mu_export_dimacs(inst, path, &err);
    if (rc == MU_EUSAGE) {
        assert_int_equal(access(path, F_OK), -1);
        return -1;
    }
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, MU_OK);
    double cost = glpk_min_cost(path);
    unlink(path);
    return isinf(cost) ? -2 : (int64_t)-cost;
}

static mu_instance *read_instance(const char *path) {
    mu_instance *inst = NULL;
    mu_error err = {0};
    int rc = mu_instance_read(path, &inst, &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, MU_OK);
    return inst;
}

/* ---- refusals first ---- */

static void an_instance_with_crossing_quota_rows_is_refused_and_nothing_is_written(void **state) {
    (void)state;
    /* a floor on Vietnamese applicants at Kanto hosts: part of two hosts'
     * pairs (A2 is Thai) and part of two applicants' (both also apply to
     * C2), a row on neither side */
    char src[] = "/tmp/musubi-dimacs-cross-XXXXXX";
    close(mkstemp(src));
    FILE *in = fopen(src, "w");
    assert_non_null(in);
    fputs("{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A0\", \"nationality\": \"VN\"}, "
          "{\"id\": \"A1\", \"nationality\": \"VN\"}, {\"id\": \"A2\", \"nationality\": \"TH\"}], "
          "\"companies\": [{\"id\": \"C0\", \"capacity\": 1, \"region\": \"Kanto\"}, "
          "{\"id\": \"C1\", \"capacity\": 1, \"region\": \"Kanto\"}, "
          "{\"id\": \"C2\", \"capacity\": 2, \"region\": \"Kansai\"}], \"pairs\": ["
          "{\"applicant\": \"A0\", \"company\": \"C0\", \"weight\": 1}, "
          "{\"applicant\": \"A0\", \"company\": \"C2\", \"weight\": 2}, "
          "{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 1}, "
          "{\"applicant\": \"A1\", \"company\": \"C2\", \"weight\": 2}, "
          "{\"applicant\": \"A2\", \"company\": \"C0\", \"weight\": 1}, "
          "{\"applicant\": \"A2\", \"company\": \"C1\", \"weight\": 1}], "
          "\"quotas\": [{\"name\": \"vn-kanto-floor\", \"applicants\": {\"nationality\": \"VN\"}, "
          "\"companies\": {\"region\": \"Kanto\"}, \"min\": 1}]}\n",
          in);
    fclose(in);
    mu_instance *inst = read_instance(src);
    unlink(src);
    char dir[] = "/tmp/musubi-dimacs-dir-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/out.min", dir);
    mu_error err = {0};
    assert_int_equal(mu_export_dimacs(inst, path, &err), MU_EUSAGE);
    assert_non_null(strstr(err.msg, src));
    assert_non_null(strstr(err.msg, "quota rows, not laminar (quota row vn-kanto-floor takes part of several"));
    assert_non_null(strstr(err.msg, "not a network problem"));
    assert_null(strchr(err.msg, '\n')); /* one line */
    /* nothing in the directory: no file, no temporary */
    DIR *d = opendir(dir);
    assert_non_null(d);
    int entries = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) entries++;
    closedir(d);
    assert_int_equal(entries, 0);
    /* an existing file is left as it was */
    FILE *f = fopen(path, "w");
    fputs("keep me\n", f);
    fclose(f);
    mu_error_clear(&err);
    assert_int_equal(mu_export_dimacs(inst, path, &err), MU_EUSAGE);
    char buf[32] = "";
    f = fopen(path, "r");
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "keep me\n");
    unlink(path);
    rmdir(dir);
    mu_instance_free(inst);
}

static void an_instance_with_a_host_budget_is_refused(void **state) {
    (void)state;
    char path[64];
    temp_path(path, sizeof path, "hosts");
    FILE *f = fopen(path, "w");
    fputs("{\"format\": \"musubi-instance-1\", \"name\": \"budget\",\n"
          " \"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\", \"age\": 25}],\n"
          " \"companies\": [{\"id\": \"C1\", \"capacity\": 2}],\n"
          " \"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 5}],\n"
          " \"hosts\": {\"max_participating\": 1}}\n",
          f);
    fclose(f);
    mu_instance *inst = read_instance(path);
    char out[64];
    temp_path(out, sizeof out, "hosts-min");
    unlink(out);
    mu_error err = {0};
    assert_int_equal(mu_export_dimacs(inst, out, &err), MU_EUSAGE);
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "host budget"));
    assert_non_null(strstr(err.msg, "not a transportation problem"));
    assert_int_equal(access(out, F_OK), -1);
    mu_instance_free(inst);
    unlink(path);
}

/* ---- the file ---- */

static void the_file_states_the_instance_and_the_objective_mapping_before_p_min(void **state) {
    (void)state;
    mu_instance *inst = read_instance("instances/examples/tiny.json");
    char path[64];
    temp_path(path, sizeof path, "layout");
    mu_error err = {0};
    assert_int_equal(mu_export_dimacs(inst, path, &err), MU_OK);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    int seen_p = 0, names_instance = 0, states_mapping = 0;
    long nodes = 0, arcs = 0, n_lines = 0, a_lines = 0, supply = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == 'c') {
            assert_false(seen_p); /* LEMON's and GLPK's readers take comments before "p" only */
            if (strstr(line, "\"tiny, no quotas\"") && strstr(line, "instances/examples/tiny.json")) names_instance = 1;
            if (strstr(line, "-(minimum cost)")) states_mapping = 1;
        } else if (line[0] == 'p') {
            assert_int_equal(sscanf(line, "p min %ld %ld", &nodes, &arcs), 2);
            seen_p = 1;
        } else if (line[0] == 'n') {
            long id, s;
            assert_int_equal(sscanf(line, "n %ld %ld", &id, &s), 2);
            assert_int_equal(a_lines, 0); /* node lines before arc lines */
            supply += s, n_lines++;
        } else {
            long u, v, lo, cap, cost;
            assert_int_equal(sscanf(line, "a %ld %ld %ld %ld %ld", &u, &v, &lo, &cap, &cost), 5);
            assert_true(u >= 1 && u <= nodes && v >= 1 && v <= nodes);
            assert_int_equal(lo, 0);
            a_lines++;
        }
    }
    fclose(f);
    assert_true(names_instance && states_mapping);
    /* tiny: 5 applicants, 2 companies, 4 eligible pairs */
    assert_int_equal(nodes, 5 + 2 + 2);
    assert_int_equal(arcs, 5 + 4 + 2 + 1);
    assert_int_equal(a_lines, arcs);
    assert_int_equal(n_lines, 2);
    assert_int_equal(supply, 0);
    assert_int_equal(export_and_solve(inst), flow_optimum(inst));
    assert_int_equal(flow_optimum(inst), 600);
    unlink(path);
    mu_instance_free(inst);
}

/* ---- the optimum ---- */

static void glpk_on_the_file_equals_flow_on_generated_instances(void **state) {
    (void)state;
    static const struct {
        const char *preset;
        int applicants, companies;
    } fam[] = {{"bench-transport", 400, 30}, {"bench-stable", 300, 20}, {"bench-transport", 50, 40}};
    int solved = 0;
    for (size_t i = 0; i < MU_ARRAY_LEN(fam); i++)
        for (int seed = 1; seed <= 3; seed++) {
            mu_gen_knobs k;
            mu_error msg;
            mu_error_clear(&msg);
            char v[32];
            assert_int_equal(mu_gen_preset(&k, fam[i].preset, &msg), 0);
            snprintf(v, sizeof v, "%d", seed);
            assert_int_equal(mu_gen_set(&k, "seed", v, &msg), 0);
            snprintf(v, sizeof v, "%d", fam[i].applicants);
            assert_int_equal(mu_gen_set(&k, "applicants", v, &msg), 0);
            snprintf(v, sizeof v, "%d", fam[i].companies);
            assert_int_equal(mu_gen_set(&k, "companies", v, &msg), 0);
            char path[64];
            temp_path(path, sizeof path, "gen");
            FILE *f = fopen(path, "w");
            int rc = mu_gen_write_json(&k, f, &msg);
            if (rc) fprintf(stderr, "%s\n", msg.msg);
            assert_int_equal(rc, MU_OK);
            fclose(f);
            mu_instance *inst = read_instance(path);
            int64_t flow = flow_optimum(inst), dimacs = export_and_solve(inst);
            if (flow != dimacs)
                fprintf(stderr, "%s seed %d: flow %lld, GLPK on the DIMACS file %lld\n", fam[i].preset, seed,
                        (long long)flow, (long long)dimacs);
            assert_true(flow > 0);
            assert_int_equal(dimacs, flow);
            solved++;
            mu_instance_free(inst);
            unlink(path);
        }
    assert_int_equal(solved, 9);
}

/* Random small instances of every feature: without quotas the file's optimum
 * equals flow's and the exhaustive search's; with quotas the export refuses
 * exactly when flow does (quota rows that are not laminar), and agrees with
 * it otherwise, infeasibility included. */
static void glpk_on_the_file_equals_flow_and_exhaustive_search_on_random_instances(void **state) {
    (void)state;
    int compared = 0, refused = 0, laminar = 0;
    for (uint64_t seed = 1; seed <= 300; seed++) {
        int quotas = seed > 200;
        shape s = {1 + (int)(seed % 6), 1 + (int)(seed % 3),  quotas,
                   (int)(seed % 2),     (int)(seed % 3 != 0), (int)(seed % 4 != 0)};
        char path[64];
        temp_path(path, sizeof path, "rand");
        rng_state = seed;
        write_instance(path, s);
        mu_instance *inst = read_instance(path);
        int64_t flow = flow_optimum(inst), dimacs = export_and_solve(inst);
        if (flow != dimacs)
            fprintf(stderr, "seed %llu: flow %lld, GLPK on the DIMACS file %lld (%s)\n", (unsigned long long)seed,
                    (long long)flow, (long long)dimacs, path);
        assert_int_equal(dimacs, flow); /* -1 == -1: both refuse; -2 == -2: both find no flow */
        if (dimacs == -1) {
            assert_true(quotas);
            refused++;
        } else if (dimacs >= 0) {
            if (quotas && inst->n_quotas > 0) laminar++;
            if (!quotas) assert_int_equal(dimacs, exhaustive(inst));
            compared++;
        }
        mu_instance_free(inst);
        unlink(path);
    }
    assert_true(compared >= 200);
    /* this family's quotas all nest (per company, per region): laminar
     * networks; the refusal of crossing ones is the test above */
    assert_int_equal(refused, 0);
    assert_true(laminar > 30);
}

int main(void) {
    glp_term_out(GLP_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_instance_with_crossing_quota_rows_is_refused_and_nothing_is_written),
        cmocka_unit_test(an_instance_with_a_host_budget_is_refused),
        cmocka_unit_test(the_file_states_the_instance_and_the_objective_mapping_before_p_min),
        cmocka_unit_test(glpk_on_the_file_equals_flow_on_generated_instances),
        cmocka_unit_test(glpk_on_the_file_equals_flow_and_exhaustive_search_on_random_instances),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
