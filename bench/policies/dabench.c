/* Deferred acceptance at scale (engine/da.c) against a straightforward
 * textbook implementation in the same process, on the same arrays.
 *
 * Instances are generated in memory, seeded: n applicants each listing L
 * distinct hosts (half drawn from the most popular fifth, so demand is
 * skewed), m hosts with 1-5 seats (mean 2.15), and each host ranking
 * applicants by a score: "strict" draws scores from 2^30 values (practically
 * no ties), "ties" from 8 values (heavy ties, broken by the rule asked for).
 *
 * For each size: musubi's applicant- and company-proposing DA on 1 and 2
 * threads, then the reference of each side; the assignments must be equal
 * (on both thread counts) and have no blocking pair under the strict orders.
 *
 * With -i INSTANCE it times the whole library path instead, phase by phase:
 * reading, the eligible pairs (mu_problem_build), the ranks (mu_prefs_build),
 * and mu_solve (formulation, ranks, engine, metrics) for da-applicant,
 * da-company and auto.
 *
 * usage: dabench [-s seed] [-r repeats] [-t index|single|multiple] [-f strict|ties] [NxMxL ...]
 *        dabench [-r repeats] -i INSTANCE
 *   default sizes: 10000x300x10 100000x5000x20 1000000x20000x20; times are
 *   the fastest of `repeats` runs (default 3): the machine may be shared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check/check.h"
#include "model/solution.h"
#include "musubi.h"
#include "engine/da.h"
#include "analysis/metrics.h"
#include "engine/prefs.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static uint64_t draw(uint64_t seed, uint64_t a, uint64_t b) { return mix(mix(seed ^ (a * 0x9E3779B97F4A7C15ull)) + b); }

typedef struct inst {
    int32_t n, m, L;
    int32_t *cap, *com, *ra, *rc;
    int64_t *off;
} gen_inst;

static void generate(gen_inst *I, uint64_t seed, int ties) {
    int32_t n = I->n, m = I->m, L = I->L;
    int64_t np = (int64_t)n * L;
    I->cap = malloc((size_t)m * sizeof *I->cap);
    I->com = malloc((size_t)np * sizeof *I->com);
    I->ra = malloc((size_t)np * sizeof *I->ra);
    I->rc = malloc((size_t)np * sizeof *I->rc);
    I->off = malloc(((size_t)n + 1) * sizeof *I->off);
    if (!I->cap || !I->com || !I->ra || !I->rc || !I->off) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (int32_t c = 0; c < m; c++) {
        uint64_t x = draw(seed, 1, (uint64_t)c) % 100;
        I->cap[c] = x < 40 ? 1 : x < 65 ? 2 : x < 85 ? 3 : x < 95 ? 4 : 5;
    }
#pragma omp parallel for schedule(static)
    for (int32_t a = 0; a < n; a++) {
        int64_t b = (int64_t)a * L;
        I->off[a] = b;
        for (int32_t i = 0; i < L; i++) {
            int32_t c;
            for (uint64_t t = 0;; t++) { /* distinct hosts; half from the most popular fifth */
                uint64_t x = draw(seed, 2 + (uint64_t)a * 64 + (uint64_t)i, t);
                c = (x & 1) ? (int32_t)((x >> 1) % (uint64_t)(m / 5 > 0 ? m / 5 : 1)) : (int32_t)((x >> 1) % (uint64_t)m);
                int dup = 0;
                for (int32_t j = 0; j < i && !dup; j++) dup = I->com[b + j] == c;
                if (!dup) break;
            }
            I->com[b + i] = c;
            I->ra[b + i] = i + 1;
            uint64_t s = draw(seed ^ 0x5EEDull, (uint64_t)c, (uint64_t)a);
            I->rc[b + i] = 1 + (int32_t)(ties ? s % 8 : s % (1u << 30));
        }
    }
    I->off[n] = np;
}

/* ---- the reference: textbook deferred acceptance */

typedef struct entry {
    uint64_t key;
    int32_t who;
    int64_t p;
} entry;
static int cmp_entry(const void *x, const void *y) {
    const entry *a = x, *b = y;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return (a->who > b->who) - (a->who < b->who);
}

/* Applicant-proposing: every list fully sorted; a FIFO of free applicants;
 * each host keeps its holders unsorted and scans them for the worst. */
static void reference_applicant(const mu_da_input *in, int32_t *app_com) {
    int32_t n = in->n_app, m = in->n_com;
    int64_t np = in->app_off[n];
    entry *list = malloc((size_t)np * sizeof *list);
    int32_t *next = calloc((size_t)n, sizeof *next), *queue = malloc((size_t)n * sizeof *queue);
    int64_t *hoff = calloc((size_t)m + 1, sizeof *hoff);
    int32_t *hn = calloc((size_t)m, sizeof *hn);
    for (int32_t c = 0; c < m; c++) hoff[c + 1] = hoff[c] + in->cap[c];
    entry *held = malloc((size_t)hoff[m] * sizeof *held + 1);
    for (int32_t a = 0; a < n; a++) {
        for (int64_t p = in->app_off[a]; p < in->app_off[a + 1]; p++)
            list[p] = (entry){mu_da_app_key(in, a, p), in->pair_com[p], p};
        qsort(list + in->app_off[a], (size_t)(in->app_off[a + 1] - in->app_off[a]), sizeof *list, cmp_entry);
        app_com[a] = -1;
        queue[a] = a;
    }
    int64_t head = 0, tail = n; /* a ring over n slots: at most n applicants are free at once */
    while (head < tail) {
        int32_t a = queue[head++ % n];
        int64_t len = in->app_off[a + 1] - in->app_off[a];
        if (next[a] == len) continue;
        entry e = list[in->app_off[a] + next[a]++];
        int32_t c = e.who;
        entry mine = {mu_da_com_key(in, c, a, e.p), a, e.p};
        entry *h = held + hoff[c];
        if (hn[c] < in->cap[c]) {
            h[hn[c]++] = mine;
            app_com[a] = c;
            continue;
        }
        int32_t w = -1;
        for (int32_t i = 0; i < hn[c]; i++)
            if (w < 0 || cmp_entry(&h[i], &h[w]) > 0) w = i;
        if (w >= 0 && cmp_entry(&mine, &h[w]) < 0) {
            int32_t out = h[w].who;
            h[w] = mine;
            app_com[a] = c;
            app_com[out] = -1;
            queue[tail++ % n] = out;
        } else {
            queue[tail++ % n] = a;
        }
    }
    free(list), free(next), free(queue), free(hoff), free(hn), free(held);
}

/* Company-proposing: every host's list fully sorted; a FIFO of hosts with
 * free seats; an applicant keeps its best offer. */
static void reference_company(const mu_da_input *in, int32_t *app_com) {
    int32_t n = in->n_app, m = in->n_com;
    int64_t np = in->app_off[n];
    int64_t *coff = calloc((size_t)m + 1, sizeof *coff), *fill = calloc((size_t)m, sizeof *fill);
    entry *list = malloc((size_t)np * sizeof *list);
    int64_t *next = calloc((size_t)m, sizeof *next), *hold = malloc((size_t)n * sizeof *hold);
    int32_t *seats = malloc((size_t)m * sizeof *seats), *queue = malloc(((size_t)m + 1) * sizeof *queue);
    char *queued = calloc((size_t)m, 1);
    for (int64_t p = 0; p < np; p++) coff[in->pair_com[p] + 1]++;
    for (int32_t c = 0; c < m; c++) coff[c + 1] += coff[c];
    for (int32_t a = 0; a < n; a++)
        for (int64_t p = in->app_off[a]; p < in->app_off[a + 1]; p++) {
            int32_t c = in->pair_com[p];
            list[coff[c] + fill[c]++] = (entry){mu_da_com_key(in, c, a, p), a, p};
        }
    int64_t head = 0, tail = 0;
    for (int32_t c = 0; c < m; c++) {
        qsort(list + coff[c], (size_t)(coff[c + 1] - coff[c]), sizeof *list, cmp_entry);
        seats[c] = in->cap[c];
        if (seats[c] > 0) queue[tail++ % (m + 1)] = c, queued[c] = 1;
    }
    for (int32_t a = 0; a < n; a++) hold[a] = -1;
    while (head < tail) {
        int32_t c = queue[head++ % (m + 1)];
        queued[c] = 0;
        while (seats[c] > 0 && next[c] < coff[c + 1] - coff[c]) {
            entry e = list[coff[c] + next[c]++];
            int32_t a = e.who;
            int64_t q = hold[a];
            if (q >= 0) {
                uint64_t kq = mu_da_app_key(in, a, q), ke = mu_da_app_key(in, a, e.p);
                if (kq < ke || (kq == ke && in->pair_com[q] < c)) continue;
                int32_t d = in->pair_com[q];
                seats[d]++;
                if (!queued[d]) queue[tail++ % (m + 1)] = d, queued[d] = 1;
            }
            hold[a] = e.p;
            seats[c]--;
        }
    }
    for (int32_t a = 0; a < n; a++) app_com[a] = hold[a] >= 0 ? in->pair_com[hold[a]] : -1;
    free(coff), free(fill), free(list), free(next), free(hold), free(seats), free(queue), free(queued);
}

/* Blocking pairs under the strict orders (keys, then index). */
static int64_t blocking(const mu_da_input *in, const int32_t *app_com) {
    int32_t n = in->n_app, m = in->n_com;
    int64_t *mine = malloc((size_t)n * sizeof *mine);
    uint64_t *worst = calloc((size_t)m, sizeof *worst);
    int32_t *worst_a = malloc((size_t)m * sizeof *worst_a), *fill = calloc((size_t)m, sizeof *fill);
    for (int32_t c = 0; c < m; c++) worst_a[c] = -1;
    for (int32_t a = 0; a < n; a++) {
        mine[a] = -1;
        for (int64_t p = in->app_off[a]; p < in->app_off[a + 1]; p++)
            if (in->pair_com[p] == app_com[a]) mine[a] = p;
        if (mine[a] < 0) continue;
        int32_t c = app_com[a];
        uint64_t k = mu_da_com_key(in, c, a, mine[a]);
        fill[c]++;
        if (worst_a[c] < 0 || k > worst[c] || (k == worst[c] && a > worst_a[c])) worst[c] = k, worst_a[c] = a;
    }
    int64_t count = 0;
    for (int32_t a = 0; a < n; a++)
        for (int64_t p = in->app_off[a]; p < in->app_off[a + 1]; p++) {
            int32_t c = in->pair_com[p];
            if (p == mine[a]) continue;
            if (mine[a] >= 0) {
                uint64_t kp = mu_da_app_key(in, a, p), km = mu_da_app_key(in, a, mine[a]);
                if (kp > km || (kp == km && c > app_com[a])) continue;
            }
            uint64_t k = mu_da_com_key(in, c, a, p);
            if (fill[c] < in->cap[c] || k < worst[c] || (k == worst[c] && a < worst_a[c])) count++;
        }
    free(mine), free(worst), free(worst_a), free(fill);
    return count;
}

static int repeats = 3;

static void run_size(int32_t n, int32_t m, int32_t L, uint64_t seed, int tie, int ties) {
    gen_inst I = {n, m, L, NULL, NULL, NULL, NULL, NULL};
    double t0 = now();
    generate(&I, seed, ties);
    double tgen = now() - t0;
    mu_da_input in = {n, m, I.cap, I.off, I.com, I.ra, I.rc, tie, seed};
    int64_t seats = 0;
    for (int32_t c = 0; c < m; c++) seats += I.cap[c];
    int32_t *x1 = malloc((size_t)n * sizeof *x1), *x2 = malloc((size_t)n * sizeof *x2), *ref = malloc((size_t)n * sizeof *ref);
    char msg[256];
    for (int side = MU_DA_APPLICANT_PROPOSING; side <= MU_DA_COMPANY_PROPOSING; side++) {
        mu_da_stats s1 = {0}, s2, st;
        double t1 = 1e30, t2 = 1e30, tr = 1e30;
        for (int r = 0; r < repeats; r++) {
            double a = now();
            if (mu_da_solve(&in, side, 1, x1, &st, msg, sizeof msg)) fprintf(stderr, "%s\n", msg), exit(1);
            if (now() - a < t1) t1 = now() - a, s1 = st;
            a = now();
            if (mu_da_solve(&in, side, 2, x2, &s2, msg, sizeof msg)) fprintf(stderr, "%s\n", msg), exit(1);
            if (now() - a < t2) t2 = now() - a;
            a = now();
            if (side == MU_DA_APPLICANT_PROPOSING) reference_applicant(&in, ref);
            else reference_company(&in, ref);
            if (now() - a < tr) tr = now() - a;
        }
        int64_t placed = 0, bp = blocking(&in, x1);
        for (int32_t i = 0; i < n; i++) placed += x1[i] >= 0;
        int same = memcmp(x1, x2, (size_t)n * sizeof *x1) == 0 && memcmp(x1, ref, (size_t)n * sizeof *x1) == 0;
        printf("| %dx%dx%d %s | %.1fM | %lld | %s | %.2f s (%.2f + %.2f) | %.2f s | %.2f s | %.1fx | %lld | %lld | %lld | %s |\n",
               n, m, L, ties ? "ties" : "strict", (double)in.app_off[n] / 1e6, (long long)seats,
               side == MU_DA_APPLICANT_PROPOSING ? "applicant" : "company", t1, s1.sec_prepare, s1.sec_propose, t2, tr,
               tr / t1, (long long)s1.proposals, (long long)placed, (long long)bp, same ? "yes" : "NO");
        fflush(stdout);
        if (!same || bp) exit(2);
    }
    (void)tgen;
    free(x1), free(x2), free(ref);
    free(I.cap), free(I.com), free(I.ra), free(I.rc), free(I.off);
}

static int phases(const char *path) {
    mu_error err = {0};
    mu_instance *inst = NULL;
    double t = now();
    if (mu_instance_read(path, &inst, &err)) return fprintf(stderr, "%s\n", err.msg), 1;
    double tread = now() - t, tbuild = 1e30, tprefs = 1e30;
    for (int r = 0; r < repeats; r++) {
        mu_problem pb;
        t = now();
        if (mu_problem_build(inst, &pb, &err)) return fprintf(stderr, "%s\n", err.msg), 1;
        if (now() - t < tbuild) tbuild = now() - t;
        mu_prefs pr;
        t = now();
        if (mu_prefs_build(&pb, &pr, &err)) return fprintf(stderr, "%s\n", err.msg), 1;
        if (now() - t < tprefs) tprefs = now() - t;
        mu_prefs_free(&pr);
        mu_problem_free(&pb);
    }
    printf("%s: %d applicants, %d companies; fastest of %d runs\n\n| phase | seconds |\n|---|---|\n", path,
           mu_instance_applicants(inst), mu_instance_companies(inst), repeats);
    printf("| read the instance (once) | %.2f |\n| eligible pairs (mu_problem_build) | %.2f |\n| ranks (mu_prefs_build) | %.2f |\n",
           tread, tbuild, tprefs);
    int engines[] = {MU_ENGINE_DA_APPLICANT, MU_ENGINE_DA_COMPANY, MU_ENGINE_AUTO};
    for (int e = 0; e < 3; e++) {
        double best = 1e30;
        mu_solution *keep = NULL;
        for (int r = 0; r < repeats; r++) {
            mu_options opt;
            mu_options_init(&opt);
            opt.verbosity = 0;
            opt.engine = engines[e];
            mu_solution *sol = NULL;
            t = now();
            if (mu_solve(inst, &opt, &sol, &err) || mu_solution_measure(sol, inst, &opt, &err))
                return fprintf(stderr, "%s\n", err.msg), 1;
            if (now() - t < best) best = now() - t;
            mu_solution_free(keep);
            keep = sol;
        }
        int64_t obj = 0;
        int64_t bad = mu_check_assignment(inst, keep->app_com, &obj, stderr);
        printf("| mu_solve --engine %s (pairs, ranks, engine, metrics): %s, %lld placed, %lld blocking pairs, checker %s | %.2f |\n",
               mu_engine_name(engines[e]), mu_status_name(keep->status), (long long)keep->metrics->placements,
               (long long)keep->metrics->blocking, bad || obj != keep->objective ? "FAILED" : "valid", best);
        mu_solution_free(keep);
    }
    mu_instance_free(inst);
    return 0;
}

int main(int argc, char **argv) {
    uint64_t seed = 1;
    int tie = MU_TIE_INDEX, ties = 0, nsizes = 0;
    const char *sizes[16];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-i") == 0 && i + 1 < argc) {
            for (int j = i + 2; j < argc; j++)
                if (strcmp(argv[j], "-r") == 0 && j + 1 < argc) repeats = atoi(argv[j + 1]) > 0 ? atoi(argv[j + 1]) : 1;
            return phases(argv[i + 1]);
        } else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) repeats = atoi(argv[++i]) > 0 ? atoi(argv[i]) : 1;
        else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
            const char *t = argv[++i];
            tie = strcmp(t, "single") == 0 ? MU_TIE_SINGLE : strcmp(t, "multiple") == 0 ? MU_TIE_MULTIPLE : MU_TIE_INDEX;
        } else if (strcmp(argv[i], "-f") == 0 && i + 1 < argc) ties = strcmp(argv[++i], "ties") == 0;
        else if (nsizes < 16) sizes[nsizes++] = argv[i];
    }
    if (!nsizes) sizes[nsizes++] = "10000x300x10", sizes[nsizes++] = "100000x5000x20", sizes[nsizes++] = "1000000x20000x20";
    printf("seed %llu, tie-break %s, host scores %s, fastest of %d runs\n\n", (unsigned long long)seed,
           mu_tie_break_name(tie), ties ? "ties (8 values)" : "strict (2^30 values)", repeats);
    printf("| n x m x L | pairs | seats | proposing | musubi 1 thread (prepare + propose) | musubi 2 threads | reference | "
           "speed-up | proposals | placed | blocking | equal |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < nsizes; i++) {
        int n, m, L;
        if (sscanf(sizes[i], "%dx%dx%d", &n, &m, &L) != 3 || n < 1 || m < 1 || L < 1 || L > m) {
            fprintf(stderr, "bad size %s (want NxMxL with L <= M)\n", sizes[i]);
            return 2;
        }
        run_size(n, m, L, seed, tie, ties);
    }
    return 0;
}
