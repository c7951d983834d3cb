/* Shared by the randomized tests, the one source of their randomness: a
 * seeded splitmix64 stream (rng_state, next_u64, below), the random
 * instances built from it, and the exhaustive search that judges every
 * assignment with the independent checker alone. Families: write_instance
 * (every feature: rules, lists, pairs, weights, quotas, by shape),
 * write_budget_instance (host budgets), write_track_instance (tracks) and
 * random_instance_text (rules, lists, quotas or a budget, as text). Tests
 * that must know what they generated (tests/test_rules.c's plain reading of
 * the rules, tests/test_read_tables.c's JSON and CSV twins, tests/test_flow.c's
 * engine-level triples) build their own from this stream. Header-only
 * (static inline) because each test is one file. */
#ifndef MU_TESTS_RANDINST_H
#define MU_TESTS_RANDINST_H

#include "check/check.h"
#include "tests/testutil.h"

#include "model/instance.h"
#include "musubi.h"

static uint64_t rng_state;              /* one stream per test binary, reseeded per instance */
static inline uint64_t next_u64(void) { /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static inline int below(int n) { return (int)(next_u64() % (uint64_t)n); }

static const char *const NATS[] = {"VN", "TH", "ID", "CN"};
static const char *const JLPT[] = {"N1", "N2", "N3", "N4", "N5"};
static const char *const EN[] = {"none", "basic", "daily", "business", "native"};
static const char *const REGIONS[] = {"Kanto", "Kansai"};

/* A shuffled subset of 0..n-1 as a JSON id list with the given prefix. */
static inline void id_list_p(FILE *f, const char *prefix, int n, int keep_in) {
    int idx[8], k = 0;
    for (int i = 0; i < n; i++)
        if (below(keep_in)) idx[k++] = i;
    for (int i = k - 1; i > 0; i--) {
        int j = below(i + 1), t = idx[i];
        idx[i] = idx[j], idx[j] = t;
    }
    fprintf(f, "[");
    for (int i = 0; i < k; i++) fprintf(f, "%s\"%s%d\"", i ? ", " : "", prefix, idx[i]);
    fprintf(f, "]");
}

typedef struct shape {
    int n, m, quotas, pairs, rules, prefs;
} shape;

static inline void write_instance(const char *path, shape s) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
    for (int a = 0; a < s.n; a++) {
        fprintf(f, "%s{\"id\": \"A%d\", \"nationality\": \"%s\", \"age\": %d", a ? ", " : "", a, NATS[below(4)],
                18 + below(26));
        if (below(4)) fprintf(f, ", \"jlpt\": \"%s\"", JLPT[below(5)]);
        fprintf(f, ", \"english\": \"%s\", \"degree\": %s, \"recommendation\": %s, \"field\": \"%s\"", EN[below(5)],
                below(3) ? "true" : "false", below(2) ? "true" : "false", below(2) ? "eng" : "biz");
        if (s.prefs && below(2)) {
            fprintf(f, ", \"preferences\": ");
            id_list_p(f, "C", s.m, 3);
        }
        fprintf(f, "}");
    }
    fprintf(f, "], \"companies\": [");
    for (int c = 0; c < s.m; c++) {
        fprintf(f, "%s{\"id\": \"C%d\", \"capacity\": %d, \"region\": \"%s\", \"target_markets\": [\"%s\"]",
                c ? ", " : "", c, below(4), REGIONS[below(2)], NATS[below(4)]);
        int req = s.rules ? below(6) : 5;
        if (req == 0) fprintf(f, ", \"requires\": {\"jlpt\": \"%s\", \"english\": \"business\"}", JLPT[below(5)]);
        if (req == 1) fprintf(f, ", \"requires\": {\"fields\": [\"eng\"], \"degree\": true}");
        if (s.prefs && below(2)) {
            fprintf(f, ", \"preferences\": ");
            id_list_p(f, "A", s.n, 3);
        }
        fprintf(f, "}");
    }
    fprintf(f, "]");
    if (s.pairs) {
        fprintf(f, ", \"pairs\": [");
        int first = 1;
        for (int a = 0; a < s.n; a++)
            for (int c = 0; c < s.m; c++)
                if (below(3)) {
                    fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"C%d\", \"weight\": %d}", first ? "" : ", ", a,
                            c, below(30));
                    first = 0;
                }
        fprintf(f, "]");
    } else if (below(2)) {
        fprintf(f, ", \"weights\": {\"base\": %d, \"applicant_rank\": %d, \"company_rank\": %d, \"target_market\": %d}",
                below(50), below(100), below(100), below(60));
    }
    if (s.rules)
        fprintf(f,
                ", \"rules\": {\"age\": {\"min\": 20, \"max\": 40}, \"language\": {\"jlpt\": \"N3\", \"english\": "
                "\"business\"}, "
                "\"degree_or_recommendation\": %s, \"nationalities\": [\"VN\", \"TH\", \"ID\"]%s}",
                below(2) ? "true" : "false", below(4) ? "" : ", \"mutual_preferences\": false");
    if (s.quotas) {
        static const char *const Q[] = {
            "{\"name\": \"one-per-nat\", \"per_company\": true, \"group_by\": \"nationality\", \"max\": 1}",
            "{\"name\": \"budget\", \"max\": 2}",
            "{\"name\": \"kansai-floor\", \"companies\": {\"region\": \"Kansai\"}, \"min\": 1}",
            "{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": [\"VN\", \"TH\"]}, \"max\": 1}",
            "{\"name\": \"region-floor\", \"group_by_company\": \"region\", \"min\": 1}",
            "{\"name\": \"outside-kanto\", \"companies\": {\"region\": {\"not\": \"Kanto\"}}, \"min\": 1, \"max\": 2}",
            "{\"name\": \"per-host-nat-floor\", \"per_company\": true, \"companies\": {\"id\": \"C0\"}, \"min\": 1}",
        };
        fprintf(f, ", \"quotas\": [");
        int first = 1;
        for (size_t q = 0; q < sizeof Q / sizeof Q[0]; q++)
            if (below(4) == 0) {
                fprintf(f, "%s%s", first ? "" : ", ", Q[q]);
                first = 0;
            }
        fprintf(f, "]");
    }
    fprintf(f, "}\n");
    fclose(f);
}

/* n applicants, m companies, given pairs with random weights, a random host
 * budget ("hosts"), and sometimes a quota: the host-budget family
 * (tests/test_hosts.c, tests/test_rematch.c). */
static inline void write_budget_instance(const char *path, int n, int m) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
    for (int a = 0; a < n; a++)
        fprintf(f, "%s{\"id\": \"A%d\", \"nationality\": \"%s\"}", a ? ", " : "", a, below(2) ? "VN" : "TH");
    fprintf(f, "], \"companies\": [");
    for (int c = 0; c < m; c++)
        fprintf(f, "%s{\"id\": \"C%d\", \"capacity\": %d, \"region\": \"%s\"}", c ? ", " : "", c, below(4),
                REGIONS[below(2)]);
    fprintf(f, "], \"pairs\": [");
    int first = 1;
    for (int a = 0; a < n; a++)
        for (int c = 0; c < m; c++)
            if (below(4)) {
                fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"C%d\", \"weight\": %d}", first ? "" : ", ", a, c,
                        below(30));
                first = 0;
            }
    fprintf(f, "], \"hosts\": {");
    const char *sep = "";
    int kmax = below(3) ? below(m + 1) : -1, kmin = below(4) ? -1 : below(2);
    if (kmax >= 0 && kmin > kmax) kmin = kmax;
    if (kmax >= 0) fprintf(f, "%s\"max_participating\": %d", sep, kmax), sep = ", ";
    if (kmin >= 0) fprintf(f, "%s\"min_participating\": %d", sep, kmin), sep = ", ";
    int lo = below(3);
    if (lo) fprintf(f, "%s\"min_per_host\": %d", sep, lo), sep = ", ";
    if (below(2) || !*sep) fprintf(f, "%s\"max_per_host\": %d", sep, lo + below(3)), sep = ", ";
    if (!below(3)) fprintf(f, "%s\"companies\": {\"region\": \"%s\"}", sep, REGIONS[below(2)]);
    fprintf(f, "}");
    if (!below(3))
        fprintf(f, ", \"quotas\": [{\"name\": \"vn-floor\", \"applicants\": {\"nationality\": \"VN\"}, \"min\": 1}]");
    fprintf(f, "}\n");
    fclose(f);
}

/* n applicants with a JLPT level; host T on two tracks (in person: N3
 * required; online), sometimes with a shared cap of 2, and host C; pairs
 * that name T, one of its tracks, or C, with random weights: the tracks
 * family (tests/test_tracks.c). */
static inline void write_track_instance(const char *path, int n) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
    for (int a = 0; a < n; a++) fprintf(f, "%s{\"id\": \"A%d\", \"jlpt\": \"N%d\"}", a ? ", " : "", a, 1 + below(5));
    fprintf(f,
            "], \"companies\": [{\"id\": \"T\"%s, \"tracks\": [{\"name\": \"in-person\", \"capacity\": %d, "
            "\"requires\": {\"jlpt\": \"N3\"}},"
            " {\"name\": \"online\", \"capacity\": %d}]}, {\"id\": \"C\", \"capacity\": %d}], \"pairs\": [",
            below(2) ? ", \"capacity\": 2" : "", below(3), below(3), below(3));
    const char *sep = "";
    for (int a = 0; a < n; a++) {
        int k = below(4);
        if (k == 1)
            fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"T\", \"weight\": %d}", sep, a, below(30)), sep = ", ";
        if (k == 2)
            fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"T\", \"track\": \"online\", \"weight\": %d}", sep, a,
                    below(30)),
                sep = ", ";
        if (k == 3)
            fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"T\", \"track\": \"in-person\", \"weight\": %d}", sep,
                    a, below(30)),
                sep = ", ";
        if (below(2))
            fprintf(f, "%s{\"applicant\": \"A%d\", \"company\": \"C\", \"weight\": %d}", sep, a, below(30)), sep = ", ";
    }
    fprintf(f, "]}\n");
    fclose(f);
}

/* A random instance of n applicants and m hosts (m <= 31) as JSON text
 * (malloc'd): programme rules, applicants' lists of 1-3 hosts, host language
 * requirements; quotas: 1 adds quota rows, 2 a host budget instead
 * (tests/test_explain.c). */
static inline char *random_instance_text(int n, int m, int quotas) {
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    fprintf(f, "{\"format\": \"musubi-instance-1\", \"applicants\": [");
    for (int a = 0; a < n; a++) {
        fprintf(f,
                "%s{\"id\": \"A%d\", \"nationality\": \"%s\", \"age\": %d, \"english\": \"%s\", \"degree\": %s, "
                "\"field\": \"%s\"",
                a ? ", " : "", a, NATS[below(4)], 19 + below(24), EN[below(5)], below(4) ? "true" : "false",
                below(2) ? "eng" : "biz");
        if (below(4)) fprintf(f, ", \"jlpt\": \"%s\"", JLPT[below(5)]);
        if (below(3)) { /* a list of 1-3 hosts */
            int k = 1 + below(3), first = 1, used = 0;
            fprintf(f, ", \"preferences\": [");
            for (int i = 0; i < k; i++) {
                int c = below(m);
                if (used & (1 << c)) continue;
                used |= 1 << c;
                fprintf(f, "%s\"C%d\"", first ? "" : ", ", c);
                first = 0;
            }
            fprintf(f, "]");
        }
        fprintf(f, "}");
    }
    fprintf(f, "], \"companies\": [");
    for (int c = 0; c < m; c++) {
        fprintf(f, "%s{\"id\": \"C%d\", \"capacity\": %d, \"region\": \"%s\"", c ? ", " : "", c, below(3),
                below(2) ? "Kanto" : "Kinki");
        if (below(4) == 0) fprintf(f, ", \"requires\": {\"jlpt\": \"%s\"}", JLPT[below(5)]);
        fprintf(f, "}");
    }
    fprintf(
        f,
        "], \"rules\": {\"age\": {\"min\": 20, \"max\": 40}, \"language\": {\"jlpt\": \"N4\", \"english\": \"daily\"}, "
        "\"nationalities\": [\"VN\", \"TH\", \"ID\"]}");
    if (quotas == 2) {
        static const char *const H[] = {"\"max_participating\": 1", "\"max_per_host\": 1", "\"min_per_host\": 2",
                                        "\"max_participating\": 2, \"companies\": {\"region\": \"Kanto\"}"};
        fprintf(f, ", \"hosts\": {%s}", H[below(4)]);
    } else if (quotas) {
        fprintf(f, ", \"quotas\": [{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"VN\"}, \"max\": %d}",
                below(3));
        if (below(2))
            fprintf(f,
                    ", {\"name\": \"one-per-nat\", \"per_company\": true, \"group_by\": \"nationality\", \"max\": 1}");
        fprintf(f, "]");
    }
    fprintf(f, "}\n");
    fclose(f);
    return text;
}

/* Best objective over all (m+1)^n assignments, judged by the checker alone;
 * -1 when none is feasible. */
static inline int64_t exhaustive(const mu_instance *inst) {
    int32_t n = mu_instance_applicants(inst), m = mu_instance_companies(inst);
    int32_t app_com[8];
    for (int32_t a = 0; a < n; a++) app_com[a] = -1;
    int64_t best = -1;
    for (;;) {
        int64_t obj;
        if (mu_check_assignment(inst, app_com, &obj, NULL) == 0 && obj > best) best = obj;
        int32_t a = 0;
        while (a < n && app_com[a] == m - 1) app_com[a++] = -1;
        if (a == n) break;
        app_com[a]++;
    }
    return best;
}

#endif
