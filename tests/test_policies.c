/* Matching policies: deferred acceptance, stable-optimal, almost-stable and
 * the lexicographic objectives, cross-checked on hundreds of seeded random
 * small instances against exhaustive enumeration. The enumeration derives
 * preferences on its own from the instance (lists as given; without a list,
 * by pair weight; README "Policies") and judges feasibility with the
 * independent checker, so it shares no code with engine/prefs.c,
 * engine/da.c or engine/policy.c. Bad inputs first. */
#include "check/check.h"
#include "tests/testutil.h"

#include <unistd.h>

#include "model/solution.h"
#include "musubi.h"
#include "engine/da.h"
#include "analysis/metrics.h"

/* ---- random instances */

static uint64_t rng_state;
static uint64_t next_u64(void) { /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static int below(int n) { return (int)(next_u64() % (uint64_t)n); }

static const char *const NATS[] = {"VN", "TH", "ID"};

/* A shuffled random subset of 0..n-1 (each kept with probability 3/4) as a JSON id list. */
static void id_list(FILE *f, const char *prefix, int n) {
    int idx[8], k = 0;
    for (int i = 0; i < n; i++)
        if (below(4)) idx[k++] = i;
    for (int i = k - 1; i > 0; i--) {
        int j = below(i + 1), t = idx[i];
        idx[i] = idx[j], idx[j] = t;
    }
    fprintf(f, "[");
    for (int i = 0; i < k; i++) fprintf(f, "%s\"%s%d\"", i ? ", " : "", prefix, idx[i]);
    fprintf(f, "]");
}

typedef struct shape {
    int n, m;
    int quotas; /* add random quotas */
    int pairs;  /* explicit pairs with small weights (many ties) */
    int lists;  /* 0 none, 1 some sides, 2 every entity lists */
    int mutual; /* 0: mutual_preferences false */
} shape;

static char *write_instance(shape s, uint64_t seed) {
    static char path[64];
    snprintf(path, sizeof path, "/tmp/musubi-pol-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    rng_state = seed;
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
    for (int a = 0; a < s.n; a++) {
        fprintf(f, "%s{\"id\": \"A%d\", \"nationality\": \"%s\", \"jlpt\": \"N%d\", \"degree\": %s", a ? ", " : "", a,
                NATS[below(3)], 1 + below(5), below(5) ? "true" : "false");
        if (s.lists == 2 || (s.lists == 1 && below(2))) {
            fprintf(f, ", \"preferences\": ");
            id_list(f, "C", s.m);
        }
        fprintf(f, "}");
    }
    fprintf(f, "], \"companies\": [");
    for (int c = 0; c < s.m; c++) {
        fprintf(f, "%s{\"id\": \"C%d\", \"capacity\": %d, \"region\": \"%s\"", c ? ", " : "", c,
                below(6) ? 1 + below(2) : 0, below(2) ? "Kanto" : "Kansai");
        if (below(8) == 0) fprintf(f, ", \"requires\": {\"jlpt\": \"N3\"}");
        if (s.lists == 2 || (s.lists == 1 && below(2))) {
            fprintf(f, ", \"preferences\": ");
            id_list(f, "A", s.n);
        }
        fprintf(f, "}");
    }
    fprintf(f, "]");
    if (s.pairs) {
        fprintf(f, ", \"pairs\": [");
        int first = 1;
        for (int a = 0; a < s.n; a++)
            for (int c = 0; c < s.m; c++)
                if (below(5)) {
                    fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"C%d\", \"weight\": %d}", first ? "" : ", ", a,
                            c, below(4));
                    first = 0;
                }
        fprintf(f, "]");
    } else {
        fprintf(f, ", \"weights\": {\"base\": %d, \"applicant_rank\": %d, \"company_rank\": %d, \"target_market\": 0}",
                below(3) * 10, below(3) * 50, below(3) * 50);
    }
    if (!s.mutual) fprintf(f, ", \"rules\": {\"mutual_preferences\": false}");
    if (s.quotas) {
        static const char *const Q[] = {
            "{\"name\": \"budget\", \"max\": 2}",
            "{\"name\": \"kansai-floor\", \"companies\": {\"region\": \"Kansai\"}, \"min\": 1}",
            "{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"VN\"}, \"max\": 1}",
            "{\"name\": \"one-per-nat\", \"per_company\": true, \"group_by\": \"nationality\", \"max\": 1}",
            "{\"name\": \"th-floor\", \"applicants\": {\"nationality\": \"TH\"}, \"min\": 1}",
        };
        fprintf(f, ", \"quotas\": [");
        int first = 1;
        for (size_t q = 0; q < sizeof Q / sizeof Q[0]; q++)
            if (below(3) == 0 || (first && q + 1 == sizeof Q / sizeof Q[0])) {
                fprintf(f, "%s%s", first ? "" : ", ", Q[q]);
                first = 0;
            }
        fprintf(f, "]");
    }
    fprintf(f, "}\n");
    fclose(f);
    return path;
}

static mu_instance *read_instance(const char *path) {
    mu_instance *inst = NULL;
    mu_error err = {0};
    int rc = mu_instance_read(path, &inst, &err);
    if (rc) fprintf(stderr, "%s: %s\n", path, err.msg);
    assert_int_equal(rc, MU_OK);
    return inst;
}

/* ---- the test's own view of the instance: eligibility, weights, ranks */

#define MAXN 8
#define MAXM 4

typedef struct view {
    const mu_instance *inst;
    int n, m;
    int elig[MAXN][MAXM];
    int64_t w[MAXN][MAXM];
    int ra[MAXN][MAXM]; /* applicant a's rank of company c (ties share) */
    int rc[MAXN][MAXM]; /* company c's rank of applicant a */
    int cap[MAXM];
} view;

static int list_pos(const mu_rows *rows, int32_t r, int32_t x, int *len) {
    *len = (int)(rows->off[r + 1] - rows->off[r]);
    for (int64_t k = rows->off[r]; k < rows->off[r + 1]; k++)
        if (rows->item[k] == x) return (int)(k - rows->off[r] + 1);
    return 0;
}

static void make_view(const mu_instance *inst, view *v) {
    memset(v, 0, sizeof *v);
    v->inst = inst;
    v->n = mu_instance_applicants(inst), v->m = mu_instance_companies(inst);
    assert_true(v->n <= MAXN && v->m <= MAXM);
    int32_t app_com[MAXN];
    for (int a = 0; a < v->n; a++) app_com[a] = -1;
    for (int a = 0; a < v->n; a++)
        for (int c = 0; c < v->m; c++) {
            v->elig[a][c] = mu_pair_exclusions(inst, a, c) == 0;
            app_com[a] = c;
            mu_check_assignment(inst, app_com, &v->w[a][c], NULL); /* the checker's weight of the single pair */
            app_com[a] = -1;
        }
    for (int c = 0; c < v->m; c++) v->cap[c] = inst->com[c].capacity;
    for (int a = 0; a < v->n; a++)
        for (int c = 0; c < v->m; c++) {
            if (!v->elig[a][c]) continue;
            int len, pos = list_pos(&inst->app_pref, a, c, &len);
            if (len) v->ra[a][c] = pos ? pos : len + 1;
            else {
                v->ra[a][c] = 1;
                for (int d = 0; d < v->m; d++) v->ra[a][c] += v->elig[a][d] && v->w[a][d] > v->w[a][c];
            }
            pos = list_pos(&inst->com_pref, c, a, &len);
            if (len) v->rc[a][c] = pos ? pos : len + 1;
            else {
                v->rc[a][c] = 1;
                for (int b = 0; b < v->n; b++) v->rc[a][c] += v->elig[b][c] && v->w[b][c] > v->w[a][c];
            }
        }
}

/* Strict orders after the index rule: smaller is better. */
static int akey(const view *v, int a, int c) { return c < 0 ? 1 << 20 : v->ra[a][c] * 16 + c; }
static int ckey(const view *v, int a, int c) { return v->rc[a][c] * 16 + a; }

/* Blocking pairs of an assignment; strict: under the index tie-break, else weak (ties never block). */
static int blocking(const view *v, const int32_t *mc, int strict) {
    int fill[MAXM] = {0}, worst[MAXM];
    for (int c = 0; c < v->m; c++) worst[c] = -1;
    for (int a = 0; a < v->n; a++)
        if (mc[a] >= 0) {
            int c = mc[a], k = strict ? ckey(v, a, c) : v->rc[a][c];
            fill[c]++;
            if (k > worst[c]) worst[c] = k;
        }
    int count = 0;
    for (int a = 0; a < v->n; a++)
        for (int c = 0; c < v->m; c++) {
            if (!v->elig[a][c] || mc[a] == c) continue;
            int a_wants = mc[a] < 0 || (strict ? akey(v, a, c) < akey(v, a, mc[a]) : v->ra[a][c] < v->ra[a][mc[a]]);
            int c_wants = fill[c] < v->cap[c] || (strict ? ckey(v, a, c) : v->rc[a][c]) < worst[c];
            count += a_wants && c_wants;
        }
    return count;
}

/* Every assignment over eligible pairs within capacities (and, with
 * quotas, passing the checker), one call of visit each. */
typedef void (*visit_fn)(const view *v, const int32_t *mc, int64_t weight, void *ctx);
static void enumerate(const view *v, int with_quotas, visit_fn visit, void *ctx) {
    int32_t mc[MAXN];
    for (int a = 0; a < v->n; a++) mc[a] = -1;
    for (;;) {
        int fill[MAXM] = {0}, ok = 1;
        int64_t weight = 0;
        for (int a = 0; a < v->n && ok; a++)
            if (mc[a] >= 0) {
                ok = v->elig[a][mc[a]] && ++fill[mc[a]] <= v->cap[mc[a]];
                weight += v->w[a][mc[a]];
            }
        if (ok && with_quotas) {
            int64_t obj;
            ok = mu_check_assignment(v->inst, mc, &obj, NULL) == 0;
            if (ok) assert_int_equal(obj, weight);
        }
        if (ok) visit(v, mc, weight, ctx);
        int a = 0;
        while (a < v->n && mc[a] == v->m - 1) mc[a++] = -1;
        if (a == v->n) break;
        mc[a]++;
    }
}

/* ---- solving helpers */

static mu_solution *solve(const mu_instance *inst, int engine, int objective, int tie, int seed, int expect_rc) {
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    opt.engine = engine;
    opt.objective = objective;
    opt.tie_break = tie;
    opt.seed = seed;
    mu_solution *sol = NULL;
    mu_error err = {0};
    int rc = mu_solve(inst, &opt, &sol, &err);
    if (!rc) rc = mu_solution_measure(sol, inst, &opt, &err);
    if (rc != expect_rc) fprintf(stderr, "engine %s: rc %d (%s)\n", mu_engine_name(engine), rc, err.msg);
    assert_int_equal(rc, expect_rc);
    if (rc) return NULL;
    /* Every answer passes the checker, in memory and through the file route. */
    if (sol->has_assignment) {
        int64_t obj;
        int64_t bad = mu_check_assignment(inst, sol->app_com, &obj, stderr);
        assert_int_equal(bad, 0);
        assert_int_equal(obj, sol->objective);
    }
    char out[] = "/tmp/musubi-pol-sol-XXXXXX";
    int fd = mkstemp(out);
    close(fd);
    assert_int_equal(mu_solution_write_json(sol, inst, &opt, out, &err), MU_OK);
    rc = mu_check_file(inst, out, NULL, &err);
    if (rc) mu_check_file(inst, out, stderr, &err);
    assert_int_equal(rc, MU_OK);
    unlink(out);
    return sol;
}

static void assert_same(const mu_instance *inst, const int32_t *x, const int32_t *y, const char *what, uint64_t seed) {
    for (int32_t a = 0; a < mu_instance_applicants(inst); a++)
        if (x[a] != y[a]) {
            fprintf(stderr, "seed %llu: %s: applicant %d gets %d, expected %d\n", (unsigned long long)seed, what, a,
                    x[a], y[a]);
            fail();
        }
}

/* ---- bad inputs first */

static void options_reject_unknown_tie_breaks_objectives_and_empty_group_names(void **state) {
    (void)state;
    mu_options opt;
    mu_options_init(&opt);
    mu_error err = {0};
    assert_int_equal(mu_options_set(&opt, "tie-break", "coin", &err), MU_EUSAGE);
    assert_non_null(strstr(err.msg, "index|single|multiple"));
    assert_int_equal(mu_options_set(&opt, "objective", "happiness", &err), MU_EUSAGE);
    assert_int_equal(mu_options_set(&opt, "engine", "gale-shapley", &err), MU_EUSAGE);
    assert_int_equal(mu_options_set(&opt, "group-by", "", &err), MU_EUSAGE);
    assert_int_equal(mu_options_set(&opt, "tie-break", "multiple", &err), MU_OK);
    assert_int_equal(opt.tie_break, MU_TIE_MULTIPLE);
    assert_int_equal(mu_options_set(&opt, "objective", "rank-maximal", &err), MU_OK);
    assert_int_equal(opt.objective, MU_OBJECTIVE_RANK_MAXIMAL);
    assert_int_equal(mu_options_set(&opt, "group-by", "region", &err), MU_OK);
    assert_string_equal(opt.group_by, "region");
}

static const char *write_text(const char *text) {
    static char path[64];
    snprintf(path, sizeof path, "/tmp/musubi-pol-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* Two applicants, two one-seat hosts; both applicants prefer C1 and C1 prefers A1. */
#define SMALL_WITH(quotas)                                                                                             \
    "{\"format\": \"musubi-instance-1\", \"applicants\": ["                                                            \
    "{\"id\": \"A1\", \"nationality\": \"VN\", \"preferences\": [\"C1\", \"C2\"]},"                                    \
    "{\"id\": \"A2\", \"nationality\": \"VN\", \"preferences\": [\"C1\", \"C2\"]}],"                                   \
    "\"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"preferences\": [\"A1\", \"A2\"]},"                            \
    "{\"id\": \"C2\", \"capacity\": 1, \"preferences\": [\"A1\", \"A2\"]}]" quotas "}"

static void deferred_acceptance_honours_a_nationality_cap_that_stability_alone_would_break(void **state) {
    (void)state;
    const char *path = write_text(
        SMALL_WITH(", \"quotas\": [{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"VN\"}, \"max\": 1}]"));
    mu_instance *inst = read_instance(path);
    /* A stable matching would place both; under the cap A1 takes C1 and A2 stays out. (A2, C2) blocks
     * quota-blind, but C2 could not take A2 without breaking the cap: not a quota-respecting blocking pair. */
    for (int e = MU_ENGINE_DA_APPLICANT; e <= MU_ENGINE_DA_COMPANY; e++) {
        mu_solution *s = solve(inst, e, 0, 0, 0, MU_OK);
        assert_int_equal(mu_solution_company_of(s, 0), 0);
        assert_int_equal(mu_solution_company_of(s, 1), -1);
        assert_string_equal(s->criterion, "blocking_pairs_quota_respecting");
        assert_int_equal(s->metrics->blocking, 1);
        assert_int_equal(s->metrics->blocking_quota, 0);
        mu_solution_free(s);
    }
    /* The quota-honouring engines agree: stability now respects the cap. */
    mu_solution *s = solve(inst, MU_ENGINE_STABLE_OPTIMAL, 0, 0, 0, MU_OK);
    assert_int_equal(mu_solution_status(s), MU_STATUS_OPTIMAL);
    assert_int_equal(mu_solution_company_of(s, 0), 0);
    mu_solution_free(s);
    s = solve(inst, MU_ENGINE_ALMOST_STABLE, 0, 0, 0, MU_OK);
    assert_int_equal(mu_solution_status(s), MU_STATUS_OPTIMAL);
    assert_string_equal(s->criterion, "blocking_pairs_quota_respecting");
    assert_true(s->criterion_value == 0.0);
    assert_int_equal(s->metrics->blocking_quota, 0);
    mu_solution_free(s);
    mu_instance_free(inst);
    unlink(path);
}

static void deferred_acceptance_under_a_budget_that_does_not_bind(void **state) {
    (void)state;
    const char *path = write_text(SMALL_WITH(", \"quotas\": [{\"name\": \"budget\", \"max\": 2}]"));
    mu_instance *inst = read_instance(path);
    mu_solution *s = solve(inst, MU_ENGINE_DA_APPLICANT, 0, 0, 0, MU_OK);
    assert_non_null(strstr(s->reason, "deferred acceptance under the quotas"));
    assert_int_equal(mu_solution_company_of(s, 0), 0);
    assert_int_equal(mu_solution_company_of(s, 1), 1);
    mu_solution_free(s);
    mu_instance_free(inst);
    unlink(path);
}

static void engines_refuse_objectives_they_cannot_optimise(void **state) {
    (void)state;
    const char *path = write_text(SMALL_WITH(""));
    mu_instance *inst = read_instance(path);
    solve(inst, MU_ENGINE_DA_APPLICANT, MU_OBJECTIVE_RANK_MAXIMAL, 0, 0, MU_EUSAGE);
    solve(inst, MU_ENGINE_FLOW, MU_OBJECTIVE_PLACEMENTS, 0, 0, MU_EUSAGE);
    /* maxmin needs an applicant attribute to group by */
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    opt.engine = MU_ENGINE_MIP;
    opt.objective = MU_OBJECTIVE_MAXMIN;
    opt.group_by = "shoe-size";
    mu_solution *s = NULL;
    mu_error err = {0};
    assert_int_equal(mu_solve(inst, &opt, &s, &err), MU_EUSAGE);
    assert_non_null(strstr(err.msg, "shoe-size"));
    assert_null(s);
    mu_instance_free(inst);
    unlink(path);
}

static void deferred_acceptance_rejects_ranks_below_one(void **state) {
    (void)state;
    int32_t cap[1] = {1}, com[1] = {0}, ra[1] = {0}, rc[1] = {1}, out[1];
    int64_t off[2] = {0, 1};
    mu_da_input in = {1, 1, cap, off, com, ra, rc, MU_TIE_INDEX, 0};
    char msg[128] = "";
    assert_int_equal(mu_da_solve(&in, MU_DA_APPLICANT_PROPOSING, 1, out, NULL, msg, sizeof msg), MU_EINPUT);
    assert_non_null(strstr(msg, "rank"));
}

/* ---- deferred acceptance against enumeration */

typedef struct stable_set {
    int count;
    int best[MAXN],
        worst[MAXN]; /* each applicant's best and worst partner (by its strict order) over stable matchings */
} stable_set;

static void collect_stable(const view *v, const int32_t *mc, int64_t weight, void *ctx) {
    (void)weight;
    stable_set *st = ctx;
    if (blocking(v, mc, 1)) return;
    for (int a = 0; a < v->n; a++) {
        if (!st->count || akey(v, a, mc[a]) < akey(v, a, st->best[a])) st->best[a] = mc[a];
        if (!st->count || akey(v, a, mc[a]) > akey(v, a, st->worst[a])) st->worst[a] = mc[a];
    }
    st->count++;
}

static void deferred_acceptance_gives_the_applicant_and_company_optimal_stable_matchings(void **state) {
    (void)state;
    int differ = 0;
    for (uint64_t seed = 1; seed <= 300; seed++) {
        shape s = {2 + (int)(seed % 5),  1 + (int)(seed % 3), 0,
                   (int)(seed % 3 == 0), (int)(seed % 3),     (int)(seed % 5 != 0)};
        const char *path = write_instance(s, seed);
        mu_instance *inst = read_instance(path);
        view v;
        make_view(inst, &v);
        stable_set st = {0};
        enumerate(&v, 0, collect_stable, &st);
        assert_true(st.count > 0); /* Gale & Shapley: a stable matching exists */
        mu_solution *da = solve(inst, MU_ENGINE_DA_APPLICANT, 0, MU_TIE_INDEX, 0, MU_OK);
        mu_solution *dc = solve(inst, MU_ENGINE_DA_COMPANY, 0, MU_TIE_INDEX, 0, MU_OK);
        assert_int_equal(blocking(&v, da->app_com, 0), 0);
        assert_int_equal(blocking(&v, dc->app_com, 0), 0);
        assert_int_equal(da->metrics->blocking, 0);
        assert_int_equal(dc->metrics->blocking, 0);
        assert_same(inst, da->app_com, st.best, "applicant-proposing vs applicant-optimal", seed);
        /* company-optimal = applicant-pessimal (Roth & Sotomayor 1990, cor. 5.28) */
        assert_same(inst, dc->app_com, st.worst, "company-proposing vs company-optimal", seed);
        differ += memcmp(da->app_com, dc->app_com, (size_t)v.n * sizeof *da->app_com) != 0;
        mu_solution_free(da), mu_solution_free(dc);
        mu_instance_free(inst);
        unlink(path);
    }
    assert_true(differ > 0);
}

static void deferred_acceptance_leaves_no_blocking_pair_under_any_tie_break(void **state) {
    (void)state;
    for (uint64_t seed = 400; seed < 500; seed++) {
        shape s = {3 + (int)(seed % 4), 2 + (int)(seed % 2), 0, 1, (int)(seed % 2), 1};
        const char *path = write_instance(s, seed);
        mu_instance *inst = read_instance(path);
        view v;
        make_view(inst, &v);
        for (int tie = MU_TIE_INDEX; tie <= MU_TIE_MULTIPLE; tie++)
            for (int engine = MU_ENGINE_DA_APPLICANT; engine <= MU_ENGINE_DA_COMPANY; engine++) {
                mu_solution *sol = solve(inst, engine, 0, tie, (int)seed, MU_OK);
                assert_int_equal(blocking(&v, sol->app_com, 0), 0);
                assert_int_equal(sol->metrics->blocking, 0);
                assert_int_equal(sol->metrics->envy_pairs, 0);
                mu_solution_free(sol);
            }
        mu_instance_free(inst);
        unlink(path);
    }
}

/* Crossed preferences, k copies: A(2i) likes C(2i) best, A(2i+1) likes C(2i+1);
 * each host likes the other applicant of its pair best. */
static void applicant_and_company_optimal_differ_on_crossed_preferences(void **state) {
    (void)state;
    char text[8192];
    int k = 3, len = snprintf(text, sizeof text, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
    for (int i = 0; i < 2 * k; i++) {
        int own = i, other = i ^ 1;
        len += snprintf(text + len, sizeof text - (size_t)len,
                        "%s{\"id\": \"A%d\", \"preferences\": [\"C%d\", \"C%d\"]}", i ? ", " : "", i, own, other);
    }
    len += snprintf(text + len, sizeof text - (size_t)len, "], \"companies\": [");
    for (int i = 0; i < 2 * k; i++)
        len += snprintf(text + len, sizeof text - (size_t)len,
                        "%s{\"id\": \"C%d\", \"capacity\": 1, \"preferences\": [\"A%d\", \"A%d\"]}", i ? ", " : "", i,
                        i ^ 1, i);
    snprintf(text + len, sizeof text - (size_t)len, "]}");
    const char *path = write_text(text);
    mu_instance *inst = read_instance(path);
    mu_solution *da = solve(inst, MU_ENGINE_DA_APPLICANT, 0, 0, 0, MU_OK);
    mu_solution *dc = solve(inst, MU_ENGINE_DA_COMPANY, 0, 0, 0, MU_OK);
    for (int i = 0; i < 2 * k; i++) {
        assert_int_equal(mu_solution_company_of(da, i), i);     /* every applicant's first choice */
        assert_int_equal(mu_solution_company_of(dc, i), i ^ 1); /* every host's first choice */
    }
    assert_int_equal(da->metrics->app_profile[0], 2 * k);
    assert_int_equal(dc->metrics->com_profile[0], 2 * k);
    assert_int_equal(da->metrics->blocking + dc->metrics->blocking, 0);
    mu_solution_free(da), mu_solution_free(dc);
    mu_instance_free(inst);
    unlink(path);
}

/* ---- stable-optimal and almost-stable against enumeration */

typedef struct best_stable {
    int found;
    int64_t weight;
    int fewest, fewest_found;
    int64_t weight_at_fewest;
} best_stable;

static void collect_best(const view *v, const int32_t *mc, int64_t weight, void *ctx) {
    best_stable *b = ctx;
    int bp = blocking(v, mc, 0);
    if (bp == 0 && (!b->found || weight > b->weight)) b->found = 1, b->weight = weight;
    if (!b->fewest_found || bp < b->fewest || (bp == b->fewest && weight > b->weight_at_fewest))
        b->fewest_found = 1, b->fewest = bp, b->weight_at_fewest = weight;
}

static void stable_optimal_is_the_heaviest_stable_matching_and_outweighs_deferred_acceptance(void **state) {
    (void)state;
    for (uint64_t seed = 600; seed < 800; seed++) {
        shape s = {2 + (int)(seed % 5), 1 + (int)(seed % 3), 0, (int)(seed % 2), (int)(seed % 3), (int)(seed % 4 != 0)};
        const char *path = write_instance(s, seed);
        mu_instance *inst = read_instance(path);
        view v;
        make_view(inst, &v);
        best_stable b = {0};
        enumerate(&v, 0, collect_best, &b);
        assert_true(b.found);
        mu_solution *so = solve(inst, MU_ENGINE_STABLE_OPTIMAL, 0, 0, 0, MU_OK);
        mu_solution *da = solve(inst, MU_ENGINE_DA_APPLICANT, 0, MU_TIE_SINGLE, (int)seed, MU_OK);
        mu_solution *dc = solve(inst, MU_ENGINE_DA_COMPANY, 0, MU_TIE_MULTIPLE, (int)seed, MU_OK);
        assert_int_equal(mu_solution_status(so), MU_STATUS_OPTIMAL);
        assert_int_equal(blocking(&v, so->app_com, 0), 0);
        if (so->objective != b.weight)
            fprintf(stderr, "seed %llu: stable-optimal %lld, enumeration %lld (%s)\n", (unsigned long long)seed,
                    (long long)so->objective, (long long)b.weight, path);
        assert_int_equal(so->objective, b.weight);
        assert_true(so->objective >= da->objective && so->objective >= dc->objective);
        /* the price of stability is measured against the unconstrained optimum */
        assert_true(so->metrics->has_unconstrained && so->metrics->max_weight >= so->objective);
        mu_solution_free(so), mu_solution_free(da), mu_solution_free(dc);
        /* without quotas a stable matching exists: almost-stable has none blocking and the same weight */
        mu_solution *as = solve(inst, MU_ENGINE_ALMOST_STABLE, 0, 0, 0, MU_OK);
        assert_int_equal(as->metrics->blocking, 0);
        assert_int_equal(as->objective, b.weight);
        mu_solution_free(as);
        mu_instance_free(inst);
        unlink(path);
    }
}

/* Under quotas the stable engines use quota-respecting stability; tests/test_cda.c checks them against
 * enumeration under that definition. */

/* ---- objectives against enumeration */

typedef struct lex {
    int objective;
    int found;
    int64_t key[MAXM + 3]; /* the lexicographic value, larger is better */
    int64_t weight;
    int64_t group_size[3];
} lex;

/* The lexicographic key of an assignment for an objective, from the test's own view. */
static void key_of(const lex *l, const view *v, const int32_t *mc, int64_t *key) {
    memset(key, 0, sizeof(int64_t) * (MAXM + 3));
    if (l->objective == MU_OBJECTIVE_PLACEMENTS) {
        for (int a = 0; a < v->n; a++) key[0] += mc[a] >= 0;
    } else if (l->objective == MU_OBJECTIVE_RANK_MAXIMAL) {
        for (int a = 0; a < v->n; a++)
            if (mc[a] >= 0) key[v->ra[a][mc[a]] - 1]++;
    } else if (l->objective == MU_OBJECTIVE_EGALITARIAN) {
        /* minus the cost: ranks of both sides, unplaced applicants and empty seats one past the last rank */
        int64_t cost = 0;
        int fill[MAXM] = {0};
        for (int a = 0; a < v->n; a++) {
            int last = 0;
            for (int c = 0; c < v->m; c++)
                if (v->elig[a][c] && v->ra[a][c] > last) last = v->ra[a][c];
            if (mc[a] >= 0) cost += v->ra[a][mc[a]] + v->rc[a][mc[a]], fill[mc[a]]++;
            else if (last) cost += last + 1;
        }
        for (int c = 0; c < v->m; c++) {
            int last = 0, deg = 0;
            for (int a = 0; a < v->n; a++)
                if (v->elig[a][c]) deg++, last = v->rc[a][c] > last ? v->rc[a][c] : last;
            int seats = v->cap[c] < deg ? v->cap[c] : deg;
            cost += (int64_t)(seats - fill[c]) * (last + 1);
        }
        key[0] = -cost;
    } else if (l->objective == MU_OBJECTIVE_MAXMIN) {
        /* the worst group's rate as a fraction scaled exactly: min over groups of placed * L / size, L = lcm bound */
        int64_t placed[3] = {0};
        for (int a = 0; a < v->n; a++) {
            int g = -1, has_pair = 0;
            for (int c = 0; c < v->m; c++) has_pair |= v->elig[a][c];
            const char *nat =
                mu_attr_first(v->inst, &v->inst->app_attrs, a, mu_sym_find(&v->inst->syms, "nationality"));
            for (int i = 0; i < 3 && nat; i++)
                if (strcmp(nat, NATS[i]) == 0) g = i;
            if (has_pair && g >= 0 && mc[a] >= 0) placed[g]++;
        }
        int64_t best = INT64_MAX;
        for (int g = 0; g < 3; g++)
            if (l->group_size[g] && placed[g] * 840 / l->group_size[g] < best)
                best = placed[g] * 840 / l->group_size[g];
        key[0] = best; /* 840 = lcm(1..8): exact for group sizes up to 8 */
    }
}

static void collect_lex(const view *v, const int32_t *mc, int64_t weight, void *ctx) {
    lex *l = ctx;
    int64_t key[MAXM + 3];
    key_of(l, v, mc, key);
    int cmp = 0;
    for (int i = 0; i < MAXM + 3 && !cmp && l->found; i++) cmp = key[i] > l->key[i] ? 1 : key[i] < l->key[i] ? -1 : 0;
    if (!l->found || cmp > 0 || (cmp == 0 && weight > l->weight)) {
        l->found = 1;
        memcpy(l->key, key, sizeof key);
        l->weight = weight;
    }
}

static void objectives_equal_lexicographic_enumeration(void **state) {
    (void)state;
    static const int OBJ[] = {MU_OBJECTIVE_PLACEMENTS, MU_OBJECTIVE_RANK_MAXIMAL, MU_OBJECTIVE_EGALITARIAN,
                              MU_OBJECTIVE_MAXMIN};
    for (uint64_t seed = 1100; seed < 1220; seed++) {
        shape s = {2 + (int)(seed % 5), 1 + (int)(seed % 3), (int)(seed % 3 == 0), (int)(seed % 2), (int)(seed % 3), 1};
        const char *path = write_instance(s, seed);
        mu_instance *inst = read_instance(path);
        view v;
        make_view(inst, &v);
        for (size_t o = 0; o < sizeof OBJ / sizeof OBJ[0]; o++) {
            lex l = {.objective = OBJ[o]};
            int32_t nat = mu_sym_find(&inst->syms, "nationality");
            for (int a = 0; a < v.n; a++) {
                int has_pair = 0;
                for (int c = 0; c < v.m; c++) has_pair |= v.elig[a][c];
                const char *x = mu_attr_first(inst, &inst->app_attrs, a, nat);
                for (int g = 0; g < 3; g++) l.group_size[g] += has_pair && x && strcmp(x, NATS[g]) == 0;
            }
            enumerate(&v, s.quotas, collect_lex, &l);
            int any_group = l.group_size[0] + l.group_size[1] + l.group_size[2] > 0;
            int expect = OBJ[o] == MU_OBJECTIVE_MAXMIN && !any_group ? MU_EUSAGE : MU_OK;
            mu_solution *sol = solve(inst, MU_ENGINE_MIP, OBJ[o], 0, 0, expect);
            if (!sol) continue;
            if (!l.found) {
                assert_int_equal(mu_solution_status(sol), MU_STATUS_INFEASIBLE);
            } else {
                lex got = l;
                key_of(&l, &v, sol->app_com, got.key);
                int same = memcmp(got.key, l.key, sizeof l.key) == 0;
                if (!same || sol->objective != l.weight)
                    fprintf(
                        stderr,
                        "seed %llu objective %s: key %lld/%lld weight %lld, enumeration %lld/%lld weight %lld (%s)\n",
                        (unsigned long long)seed, mu_objective_name(OBJ[o]), (long long)got.key[0],
                        (long long)got.key[1], (long long)sol->objective, (long long)l.key[0], (long long)l.key[1],
                        (long long)l.weight, path);
                assert_true(same);
                assert_int_equal(sol->objective, l.weight);
                assert_int_equal(mu_solution_status(sol), MU_STATUS_OPTIMAL);
                if (OBJ[o] == MU_OBJECTIVE_EGALITARIAN) {
                    assert_int_equal(sol->metrics->egalitarian_cost, -l.key[0]);
                    assert_true(sol->criterion_value == (double)-l.key[0]);
                }
            }
            mu_solution_free(sol);
        }
        mu_instance_free(inst);
        unlink(path);
    }
}

/* ---- metrics against an independent count */

static void metrics_agree_with_an_independent_count(void **state) {
    (void)state;
    for (uint64_t seed = 1300; seed < 1400; seed++) {
        shape s = {2 + (int)(seed % 6), 1 + (int)(seed % 3), 0, (int)(seed % 2), (int)(seed % 3), 1};
        const char *path = write_instance(s, seed);
        mu_instance *inst = read_instance(path);
        view v;
        make_view(inst, &v);
        mu_solution *sol = solve(inst, MU_ENGINE_MIP, 0, 0, 0, MU_OK);
        const mu_metrics *m = sol->metrics;
        int64_t placed = 0, envy = 0, prof[MAXM + 2] = {0};
        for (int a = 0; a < v.n; a++) {
            int c0 = sol->app_com[a];
            if (c0 >= 0) placed++, prof[v.ra[a][c0] - 1]++;
            for (int c = 0; c < v.m; c++) {
                if (!v.elig[a][c] || c == c0 || (c0 >= 0 && v.ra[a][c] >= v.ra[a][c0])) continue;
                for (int b = 0; b < v.n; b++) envy += sol->app_com[b] == c && v.rc[a][c] < v.rc[b][c];
            }
        }
        assert_int_equal(m->placements, placed);
        assert_int_equal(m->weight, sol->objective);
        assert_int_equal(m->blocking, blocking(&v, sol->app_com, 0));
        assert_int_equal(m->envy_pairs, envy);
        for (int r = 0; r < m->app_levels; r++) assert_int_equal(m->app_profile[r], prof[r]);
        assert_true(m->gini >= 0 && m->gini <= 1);
        mu_solution_free(sol);
        mu_instance_free(inst);
        unlink(path);
    }
}

/* ---- lotteries */

static void lotteries_are_reproducible_by_seed_and_identical_on_one_and_two_threads(void **state) {
    (void)state;
    /* Deferred acceptance on arrays with heavy ties: 20000 applicants, 400 hosts, every rank 1 or 2. */
    int32_t na = 20000, nc = 400, per = 6;
    int64_t n = (int64_t)na * per;
    int32_t *cap = malloc((size_t)nc * sizeof *cap), *com = malloc((size_t)n * sizeof *com);
    int32_t *ra = malloc((size_t)n * sizeof *ra), *rc = malloc((size_t)n * sizeof *rc);
    int64_t *off = malloc(((size_t)na + 1) * sizeof *off);
    int32_t *x = malloc((size_t)na * sizeof *x), *y = malloc((size_t)na * sizeof *y);
    assert_true(cap && com && ra && rc && off && x && y);
    rng_state = 77;
    for (int32_t c = 0; c < nc; c++) cap[c] = 1 + below(3);
    for (int32_t a = 0; a <= na; a++) off[a] = (int64_t)a * per;
    for (int32_t a = 0; a < na; a++)
        for (int i = 0; i < per; i++) {
            int64_t p = off[a] + i;
            com[p] = (int32_t)((a * 7 + i * 61) % nc); /* distinct within an applicant */
            ra[p] = 1 + below(2), rc[p] = 1 + below(2);
        }
    char msg[128];
    for (int tie = MU_TIE_SINGLE; tie <= MU_TIE_MULTIPLE; tie++)
        for (int side = MU_DA_APPLICANT_PROPOSING; side <= MU_DA_COMPANY_PROPOSING; side++) {
            mu_da_input in = {na, nc, cap, off, com, ra, rc, tie, 12345};
            assert_int_equal(mu_da_solve(&in, side, 1, x, NULL, msg, sizeof msg), 0);
            assert_int_equal(mu_da_solve(&in, side, 2, y, NULL, msg, sizeof msg), 0);
            assert_memory_equal(x, y, (size_t)na * sizeof *x);
            assert_int_equal(mu_da_solve(&in, side, 2, y, NULL, msg, sizeof msg), 0);
            assert_memory_equal(x, y, (size_t)na * sizeof *x);
            in.seed = 54321; /* another seed draws another lottery */
            assert_int_equal(mu_da_solve(&in, side, 1, y, NULL, msg, sizeof msg), 0);
            assert_true(memcmp(x, y, (size_t)na * sizeof *x) != 0);
        }
    free(cap), free(com), free(ra), free(rc), free(off), free(x), free(y);
    /* Through mu_solve: the same seed, the same matching, on 1 and 2 threads. */
    for (uint64_t seed = 1500; seed < 1520; seed++) {
        shape s = {6, 3, 0, 1, 0, 1};
        const char *path = write_instance(s, seed);
        mu_instance *inst = read_instance(path);
        for (int tie = MU_TIE_SINGLE; tie <= MU_TIE_MULTIPLE; tie++) {
            mu_options opt;
            mu_options_init(&opt);
            opt.verbosity = 0;
            opt.engine = MU_ENGINE_DA_APPLICANT;
            opt.tie_break = tie;
            opt.seed = (int)seed;
            mu_solution *s1 = NULL, *s2 = NULL;
            mu_error err = {0};
            opt.threads = 1;
            assert_int_equal(mu_solve(inst, &opt, &s1, &err), MU_OK);
            opt.threads = 2;
            assert_int_equal(mu_solve(inst, &opt, &s2, &err), MU_OK);
            assert_memory_equal(s1->app_com, s2->app_com, 6 * sizeof *s1->app_com);
            mu_solution_free(s1), mu_solution_free(s2);
        }
        mu_instance_free(inst);
        unlink(path);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(options_reject_unknown_tie_breaks_objectives_and_empty_group_names),
        cmocka_unit_test(deferred_acceptance_honours_a_nationality_cap_that_stability_alone_would_break),
        cmocka_unit_test(engines_refuse_objectives_they_cannot_optimise),
        cmocka_unit_test(deferred_acceptance_rejects_ranks_below_one),
        cmocka_unit_test(deferred_acceptance_under_a_budget_that_does_not_bind),
        cmocka_unit_test(deferred_acceptance_gives_the_applicant_and_company_optimal_stable_matchings),
        cmocka_unit_test(deferred_acceptance_leaves_no_blocking_pair_under_any_tie_break),
        cmocka_unit_test(applicant_and_company_optimal_differ_on_crossed_preferences),
        cmocka_unit_test(stable_optimal_is_the_heaviest_stable_matching_and_outweighs_deferred_acceptance),
        cmocka_unit_test(objectives_equal_lexicographic_enumeration),
        cmocka_unit_test(metrics_agree_with_an_independent_count),
        cmocka_unit_test(lotteries_are_reproducible_by_seed_and_identical_on_one_and_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
