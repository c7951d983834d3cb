/* The independent checker (check/check.c) through its public entry,
 * mu_check_file: solution files it cannot read first, then one test per kind
 * of violation, each on a small instance whose weights are worked by hand,
 * each asserting the exact message and the exact number of violations (so a
 * checker that reports too much fails as surely as one that misses a
 * violation); then the certificate's inequalities and bound; then valid
 * solutions accepted, by hand and as mu_solve writes them on random instances
 * of tests/randinst.h, where a tampered copy of each must be refused. */
#include "tests/testutil.h"

#include <cjson/cJSON.h>
#include <unistd.h>

#include "base/io.h"
#include "model/solution.h"
#include "musubi.h"
#include "tests/randinst.h"
#include "tests/textinst.h"

/* ---- plumbing ------------------------------------------------------------ */

/* What mu_check_file said about a solution: its return code, its report with
 * the solution's file name replaced by "SOL", and the number of violation
 * lines in it. */
typedef struct verdict {
    int rc;
    int violations;
    char report[16384];
} verdict;

static verdict check_text(const mu_instance *inst, const char *solution) {
    verdict v = {0};
    char *path = temp_file(solution);
    char *buf = NULL;
    size_t len = 0;
    FILE *rep = open_memstream(&buf, &len);
    assert_non_null(rep);
    mu_error err = {0};
    v.rc = mu_check_file(inst, path, rep, &err);
    fclose(rep);
    /* Silent and reporting runs agree. */
    mu_error err2 = {0};
    assert_int_equal(mu_check_file(inst, path, NULL, &err2), v.rc);
    unlink(path);
    size_t plen = strlen(path), o = 0;
    for (const char *p = buf; *p && o + 8 < sizeof v.report;) {
        if (strncmp(p, path, plen) == 0) {
            memcpy(v.report + o, "SOL", 3);
            o += 3;
            p += plen;
        } else {
            v.report[o++] = *p++;
        }
    }
    v.report[o] = '\0';
    for (const char *p = v.report; (p = strstr(p, "SOL: violation: ")); p++) v.violations++;
    if (v.rc != MU_OK && v.rc != MU_EINVALID_SOLUTION) snprintf(v.report, sizeof v.report, "%s", err.msg);
    free(buf);
    free(path);
    return v;
}

/* The solution must be refused with exactly n violations, one of them the
 * line "SOL: violation: message". */
static void assert_refused(const mu_instance *inst, const char *solution, int n, const char *message) {
    verdict v = check_text(inst, solution);
    char line[1024], total[64];
    snprintf(line, sizeof line, "SOL: violation: %s\n", message);
    snprintf(total, sizeof total, "SOL: INVALID: %d violation%s\n", n, n == 1 ? "" : "s");
    if (v.rc != MU_EINVALID_SOLUTION || v.violations != n || !strstr(v.report, line) || !strstr(v.report, total))
        fprintf(stderr, "solution:\n%s\nreport (rc %d, %d violations):\n%swanted %d, with:\n%s", solution, v.rc,
                v.violations, v.report, n, line);
    assert_int_equal(v.rc, MU_EINVALID_SOLUTION);
    assert_int_equal(v.violations, n);
    assert_non_null(strstr(v.report, line));
    assert_non_null(strstr(v.report, total));
}

/* The solution must be accepted, the report's verdict line starting with
 * "SOL: valid: " summary. */
static void assert_accepted(const mu_instance *inst, const char *solution, const char *summary) {
    verdict v = check_text(inst, solution);
    char line[1024];
    snprintf(line, sizeof line, "SOL: valid: %s", summary);
    if (v.rc != MU_OK || v.violations != 0 || !strstr(v.report, line))
        fprintf(stderr, "solution:\n%s\nreport (rc %d):\n%swanted: %s\n", solution, v.rc, v.report, line);
    assert_int_equal(v.rc, MU_OK);
    assert_int_equal(v.violations, 0);
    assert_non_null(strstr(v.report, line));
}

/* A solution document: status, objective (JSON text), the assignment's
 * items and anything after them (", \"bound\": 450"). */
static const char *solution(const char *status, const char *objective, const char *items, const char *extra) {
    static char doc[8192];
    snprintf(doc, sizeof doc,
             "{\"format\": \"musubi-solution-1\", \"status\": \"%s\", \"objective\": %s,\n \"assignment\": [%s]%s}\n",
             status, objective, items, extra);
    return doc;
}

#define PAIR(a, c, w) "{\"applicant\": \"" a "\", \"company\": \"" c "\", \"weight\": " #w "}"

/* Three applicants, two hosts, default weights (base 100, applicant_rank
 * 100, company_rank 100, target_market 50), lists mutual by default:
 *   A1-C1 100 + 100 (1st of 2) + 50 (VN is C1's target) = 250
 *   A1-C2 100 + 50 (2nd of 2)                            = 150
 *   A2-C1 100 + 100                                      = 200
 *   A3-C2 100 + 100                                      = 200
 * A2-C2 and A3-C1 are excluded (applicant_list). Optimum A1-C1, A3-C2 = 450;
 * the LP dual u = (50, 0, 50), v = (200, 150) is tight: 450. */
static const char BASE[] = "{\"format\": \"musubi-instance-1\", \"applicants\": ["
                           "{\"id\": \"A1\", \"nationality\": \"VN\", \"preferences\": [\"C1\", \"C2\"]},"
                           " {\"id\": \"A2\", \"nationality\": \"ID\", \"preferences\": [\"C1\"]},"
                           " {\"id\": \"A3\", \"nationality\": \"VN\", \"preferences\": [\"C2\"]}],"
                           " \"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"target_markets\": [\"VN\"]}, {\"id\": "
                           "\"C2\", \"capacity\": 1}]}";
#define OPTIMUM PAIR("A1", "C1", 250) ", " PAIR("A3", "C2", 200)

/* ---- files that are not solutions ---------------------------------------- */

static void a_file_that_is_not_json_or_not_a_solution_is_an_input_error(void **state) {
    (void)state;
    mu_instance *inst = read_ok(BASE);
    verdict v = check_text(inst, "this is not JSON\n");
    assert_int_equal(v.rc, MU_EINPUT);
    assert_non_null(strstr(v.report, ": not a musubi-solution-1 JSON object"));
    v = check_text(inst, "{\"format\": \"musubi-solution-0\", \"status\": \"optimal\", \"assignment\": []}");
    assert_int_equal(v.rc, MU_EINPUT);
    assert_non_null(strstr(v.report, ": not a musubi-solution-1 file (format, status or assignment missing)"));
    v = check_text(inst, "{\"format\": \"musubi-solution-1\", \"status\": \"optimal\", \"objective\": 0}");
    assert_int_equal(v.rc, MU_EINPUT);
    mu_error err = {0};
    assert_int_equal(mu_check_file(inst, "/nonexistent/musubi-solution.json", NULL, &err), MU_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/musubi-solution.json"));
    mu_instance_free(inst);
}

/* ---- one test per kind of violation -------------------------------------- */

static void an_applicant_placed_twice_is_refused(void **state) {
    (void)state;
    mu_instance *inst = read_ok(BASE);
    /* The second placement is not counted: the objective is the first's. */
    assert_refused(inst, solution("optimal", "250", PAIR("A1", "C1", 250) ", " PAIR("A1", "C2", 150), ""), 1,
                   "assignment[1]: applicant A1 is assigned twice");
    mu_instance_free(inst);
}

static void unknown_ids_and_ids_that_are_not_strings_are_refused(void **state) {
    (void)state;
    mu_instance *inst = read_ok(BASE);
    assert_refused(inst, solution("optimal", "0", PAIR("A9", "C1", 250), ""), 1,
                   "assignment[0]: unknown applicant \"A9\"");
    assert_refused(inst, solution("optimal", "0", PAIR("A1", "C9", 250), ""), 1,
                   "assignment[0]: unknown company \"C9\"");
    assert_refused(inst, solution("optimal", "0", "{\"applicant\": 1, \"company\": \"C1\", \"weight\": 250}", ""), 1,
                   "assignment[0]: applicant and company must be id strings");
    /* Ids compare exactly. */
    assert_refused(inst, solution("optimal", "0", PAIR("a1", "C1", 250), ""), 1,
                   "assignment[0]: unknown applicant \"a1\"");
    mu_instance_free(inst);
}

/* One applicant, one host; each document makes the pair fail one rule. */
static void an_ineligible_pair_is_refused_naming_the_rule(void **state) {
    (void)state;
#define ONE(app, com, rest)                                                                                            \
    "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"" app "}], "                                  \
    "\"companies\": [{\"id\": \"C1\", \"capacity\": 1" com "}, {\"id\": \"C2\", \"capacity\": 1}]" rest "}"
    static const struct {
        const char *doc, *objective, *rule;
        int violations;
    } cases[] = {
        {ONE(", \"nationality\": \"CN\"", "", ", \"rules\": {\"nationalities\": [\"VN\"]}"), "100", "nationality", 1},
        {ONE(", \"age\": 45", "", ", \"rules\": {\"age\": {\"min\": 20, \"max\": 40}}"), "100", "age", 1},
        {ONE(", \"jlpt\": \"N5\"", "", ", \"rules\": {\"language\": {\"jlpt\": \"N3\"}}"), "100", "language", 1},
        {ONE("", "", ", \"rules\": {\"degree_or_recommendation\": true}"), "100", "degree", 1},
        {ONE("", "", ", \"pairs\": [{\"applicant\": \"A1\", \"company\": \"C2\", \"weight\": 5}]"), "0", "not_in_pairs",
         1},
        {ONE(", \"english\": \"basic\"", ", \"requires\": {\"english\": \"business\"}", ""), "100", "company_language",
         1},
        {ONE(", \"field\": \"art\"", ", \"requires\": {\"fields\": [\"care\"]}", ""), "100", "company_field", 1},
        {ONE(", \"recommendation\": true", ", \"requires\": {\"degree\": true}", ""), "100", "company_degree", 1},
        {ONE(", \"preferences\": [\"C2\"]", "", ""), "100", "applicant_list", 1},
        {"{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A2\"}], \"companies\": "
         "[{\"id\": \"C1\", \"capacity\": 1, \"preferences\": [\"A2\"]}]}",
         "100", "company_list", 1},
        /* no capacity: over capacity as well */
        {ONE("", "", ""), "100", "no_capacity", 2},
    };
#undef ONE
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char doc[1024];
        snprintf(doc, sizeof doc, "%s", cases[i].doc);
        if (strcmp(cases[i].rule, "no_capacity") == 0) { /* C1 with no seat */
            char *cap = strstr(doc, "\"capacity\": 1");
            assert_non_null(cap);
            cap[strlen("\"capacity\": ")] = '0';
        }
        mu_instance *inst = read_ok(doc);
        char msg[128];
        snprintf(msg, sizeof msg, "pair (A1, C1) is not eligible: rule %s", cases[i].rule);
        assert_refused(inst, solution("optimal", cases[i].objective, PAIR("A1", "C1", 100), ""), cases[i].violations,
                       msg);
        mu_instance_free(inst);
    }
    /* The weight of an ineligible pair is not judged: only the rule is named. */
    mu_instance *inst = read_ok(BASE);
    assert_refused(inst, solution("optimal", "100", PAIR("A2", "C2", 7), ""), 1,
                   "pair (A2, C2) is not eligible: rule applicant_list");
    mu_instance_free(inst);
}

static void a_host_over_capacity_is_refused(void **state) {
    (void)state;
    mu_instance *inst = read_ok(BASE);
    assert_refused(inst, solution("optimal", "450", PAIR("A1", "C1", 250) ", " PAIR("A2", "C1", 200), ""), 1,
                   "company C1: 2 assigned, capacity 1");
    mu_instance_free(inst);
}

/* Four applicants (VN, VN, TH, TH), C1 in Kanto and C2 in Kansai with two
 * seats each, every pair given with weight 1..8 in (applicant, company)
 * order; at most one VN placement, at least one in Kansai, and at most one
 * intern of each nationality per host. */
static const char QUOTAS[] =
    "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\"},"
    " {\"id\": \"A2\", \"nationality\": \"VN\"}, {\"id\": \"A3\", \"nationality\": \"TH\"}, {\"id\": \"A4\", "
    "\"nationality\": \"TH\"}],"
    " \"companies\": [{\"id\": \"C1\", \"capacity\": 2, \"region\": \"Kanto\"}, {\"id\": \"C2\", \"capacity\": 2, "
    "\"region\": \"Kansai\"}],"
    " \"pairs\": [" PAIR("A1", "C1", 1) ", " PAIR("A1", "C2", 2) ", " PAIR("A2", "C1", 3) ", " PAIR(
        "A2", "C2",
        4) ", " PAIR("A3", "C1",
                     5) ", " PAIR("A3", "C2",
                                  6) ", " PAIR("A4", "C1",
                                               7) ", " PAIR("A4", "C2",
                                                            8) "],"
                                                               " \"quotas\": [{\"name\": \"vn-cap\", \"applicants\": "
                                                               "{\"nationality\": \"VN\"}, \"max\": 1},"
                                                               " {\"name\": \"kansai-floor\", \"companies\": "
                                                               "{\"region\": \"Kansai\"}, \"min\": 1},"
                                                               " {\"name\": \"one-per-nat\", \"per_company\": true, "
                                                               "\"group_by\": \"nationality\", \"max\": 1}]}";

static void a_quota_max_is_refused_naming_the_row(void **state) {
    (void)state;
    mu_instance *inst = read_ok(QUOTAS);
    assert_refused(inst, solution("optimal", "5", PAIR("A1", "C1", 1) ", " PAIR("A2", "C2", 4), ""), 1,
                   "quota vn-cap: 2 placements, bounds [0, 1]");
    assert_refused(inst,
                   solution("optimal", "14", PAIR("A1", "C2", 2) ", " PAIR("A3", "C1", 5) ", " PAIR("A4", "C1", 7), ""),
                   1, "quota one-per-nat company=C1 nationality=TH: 2 placements, bounds [0, 1]");
    mu_instance_free(inst);
}

static void a_quota_min_is_refused_even_with_no_placement_in_its_row(void **state) {
    (void)state;
    mu_instance *inst = read_ok(QUOTAS);
    assert_refused(inst, solution("optimal", "5", PAIR("A3", "C1", 5), ""), 1,
                   "quota kansai-floor: 0 placements, floor 1");
    assert_refused(inst, solution("optimal", "0", "", ""), 1, "quota kansai-floor: 0 placements, floor 1");
    mu_instance_free(inst);
    /* A floor with placements, but too few. */
    char doc[sizeof QUOTAS + 64];
    snprintf(doc, sizeof doc, "%s", QUOTAS);
    char *floor = strstr(doc, "\"min\": 1");
    assert_non_null(floor);
    floor[strlen("\"min\": ")] = '2';
    inst = read_ok(doc);
    assert_refused(inst, solution("optimal", "13", PAIR("A3", "C1", 5) ", " PAIR("A4", "C2", 8), ""), 1,
                   "quota kansai-floor: 1 placements, bounds [2, none]");
    mu_instance_free(inst);
}

/* An empty floor whose row spans several hosts is one violation, not one per
 * host: two Kansai hosts under kansai-floor, and a nationality floor over all
 * three hosts, with the one placement in Kanto. */
static void an_empty_floor_row_is_one_violation(void **state) {
    (void)state;
    mu_instance *inst = read_ok(
        "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\"},"
        " {\"id\": \"A2\", \"nationality\": \"TH\"}], \"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"region\": "
        "\"Kanto\"},"
        " {\"id\": \"C2\", \"capacity\": 1, \"region\": \"Kansai\"}, {\"id\": \"C3\", \"capacity\": 1, \"region\": "
        "\"Kansai\"}],"
        " \"pairs\": [" PAIR("A1", "C1", 5) ", " PAIR("A1", "C2", 4) ", " PAIR(
            "A2", "C3",
            3) "],"
               " \"quotas\": [{\"name\": \"kansai-floor\", \"companies\": {\"region\": \"Kansai\"}, \"min\": 1},"
               " {\"name\": \"nat-floor\", \"group_by\": \"nationality\", \"min\": 1}]}");
    assert_refused(inst, solution("optimal", "5", PAIR("A1", "C1", 5), ""), 2,
                   "quota kansai-floor: 0 placements, floor 1");
    assert_refused(inst, solution("optimal", "5", PAIR("A1", "C1", 5), ""), 2,
                   "quota nat-floor nationality=TH: 0 placements, floor 1");
    mu_instance_free(inst);
}

/* The rematch example of tests/e2e_rematch.sh with host budgets. */
#define BUDGET(hosts)                                                                                                  \
    "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A2\"}, {\"id\": \"A3\"}, "      \
    "{\"id\": \"A4\"},"                                                                                                \
    " {\"id\": \"A5\"}], \"companies\": [{\"id\": \"C1\", \"capacity\": 2}, {\"id\": \"C2\", \"capacity\": 1},"        \
    " {\"id\": \"C3\", \"capacity\": 1}], \"pairs\": [" PAIR("A1", "C1", 10) ", " PAIR("A2", "C1", 9) ", " PAIR(       \
        "A2", "C2", 5) ", " PAIR("A3", "C2",                                                                           \
                                 8) ", " PAIR("A3", "C3",                                                              \
                                              7) ", " PAIR("A4", "C3",                                                 \
                                                           6) ", " PAIR("A5", "C1",                                    \
                                                                        20) ", " PAIR("A5", "C2",                      \
                                                                                      1) "], \"hosts\": " hosts "}"
#define BEFORE PAIR("A1", "C1", 10) ", " PAIR("A5", "C1", 20) ", " PAIR("A3", "C2", 8) ", " PAIR("A4", "C3", 6)

static void a_broken_host_budget_is_refused_naming_the_bound(void **state) {
    (void)state;
    mu_instance *inst = read_ok(BUDGET("{\"max_participating\": 1}"));
    assert_refused(inst, solution("optimal", "44", BEFORE, ""), 1, "hosts: 3 hosts take part, max_participating 1");
    mu_instance_free(inst);
    inst = read_ok(BUDGET("{\"min_participating\": 2}"));
    assert_refused(inst, solution("optimal", "30", PAIR("A1", "C1", 10) ", " PAIR("A5", "C1", 20), ""), 1,
                   "hosts: 1 hosts take part, min_participating 2");
    mu_instance_free(inst);
    inst = read_ok(BUDGET("{\"max_per_host\": 1}"));
    assert_refused(inst, solution("optimal", "44", BEFORE, ""), 1, "hosts: company C1 takes 2 interns, max_per_host 1");
    mu_instance_free(inst);
    inst = read_ok(BUDGET("{\"min_per_host\": 2}"));
    assert_refused(inst, solution("optimal", "44", BEFORE, ""), 2,
                   "hosts: company C2 takes part with 1 intern, min_per_host 2");
    assert_refused(inst, solution("optimal", "44", BEFORE, ""), 2,
                   "hosts: company C3 takes part with 1 intern, min_per_host 2");
    mu_instance_free(inst);
    /* Only the hosts the budget covers count. */
    inst = read_ok(BUDGET("{\"max_participating\": 1, \"companies\": {\"id\": [\"C2\", \"C3\"]}}"));
    assert_refused(inst, solution("optimal", "44", BEFORE, ""), 1, "hosts: 2 hosts take part, max_participating 1");
    mu_instance_free(inst);
}

static void a_wrong_objective_or_pair_weight_is_refused(void **state) {
    (void)state;
    mu_instance *inst = read_ok(BASE);
    assert_refused(inst, solution("optimal", "451", OPTIMUM, ""), 1, "objective: recomputed 450, reported 451");
    assert_refused(inst, solution("optimal", "450", PAIR("A1", "C1", 251) ", " PAIR("A3", "C2", 200), ""), 1,
                   "assignment[0]: pair (A1, C1) has weight 250, reported 251");
    assert_refused(inst, solution("optimal", "\"450\"", OPTIMUM, ""), 1,
                   "objective: recomputed 450, but \"objective\" is not a number");
    mu_instance_free(inst);
}

/* A placement without its weight, or with one that is not a number: the
 * message says which (it once said "reported nan"). */
static void a_missing_pair_weight_is_refused(void **state) {
    (void)state;
    mu_instance *inst = read_ok(BASE);
    assert_refused(
        inst, solution("optimal", "450", "{\"applicant\": \"A1\", \"company\": \"C1\"}, " PAIR("A3", "C2", 200), ""), 1,
        "assignment[0]: pair (A1, C1) has weight 250, but its \"weight\" is missing");
    assert_refused(inst,
                   solution("optimal", "450",
                            "{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": \"250\"}, " PAIR("A3", "C2", 200),
                            ""),
                   1, "assignment[0]: pair (A1, C1) has weight 250, but its \"weight\" is not a number");
    mu_instance_free(inst);
}

static void a_status_that_contradicts_the_assignment_or_the_bound_is_refused(void **state) {
    (void)state;
    mu_instance *inst = read_ok(BASE);
    assert_refused(inst, solution("infeasible", "null", OPTIMUM, ""), 1,
                   "status infeasible but the assignment is not empty");
    assert_refused(inst, solution("solved", "null", "", ""), 1, "status: unknown status \"solved\"");
    assert_refused(inst, solution("optimal", "450", OPTIMUM, ", \"bound\": 400"), 1,
                   "bound 400 is below the objective 450");
    assert_refused(inst, solution("optimal", "450", OPTIMUM, ", \"bound\": 460"), 1,
                   "status optimal but bound 460 exceeds the objective 450");
    mu_instance_free(inst);
}

/* ---- certificates -------------------------------------------------------- */

#define CERT(scale, bound, u, v)                                                                                       \
    ", \"certificate\": {\"kind\": \"dual-prices\", \"scale\": " #scale ", \"bound\": " #bound                         \
    ", \"applicant_prices\": {" u "}, \"company_prices\": {" v "}}"
#define TIGHT_U "\"A1\": 50, \"A3\": 50"
#define TIGHT_V "\"C1\": 200, \"C2\": 150"

static void a_price_too_low_on_a_pair_is_refused(void **state) {
    (void)state;
    mu_instance *inst = read_ok(BASE);
    /* u(A1) + v(C1) = 50 + 190 < 250; every other pair still holds (A2: 10 + 190 = 200). */
    assert_refused(
        inst,
        solution("optimal", "450", OPTIMUM,
                 CERT(1, 450, "\"A1\": 50, \"A2\": 10, \"A3\": 50", "\"C1\": 190, \"C2\": 150")),
        1,
        "certificate: prices of applicant A1 (50), company C1 (190) and the pair's quota rows (0) are below 1 "
        "times the pair's weight 250");
    /* Scaled by 2, the same prices are half as high as they must be. */
    assert_refused(
        inst, solution("optimal", "450", OPTIMUM, CERT(2, 450, TIGHT_U, TIGHT_V)), 4,
        "certificate: prices of applicant A2 (0), company C1 (200) and the pair's quota rows (0) are below 2 "
        "times the pair's weight 200");
    mu_instance_free(inst);
}

static void a_certificate_stating_the_wrong_bound_is_refused(void **state) {
    (void)state;
    mu_instance *inst = read_ok(BASE);
    assert_refused(inst, solution("optimal", "450", OPTIMUM, CERT(1, 449, TIGHT_U, TIGHT_V)), 1,
                   "certificate: states bound 449, its prices give 450");
    assert_refused(inst, solution("feasible", "450", OPTIMUM, CERT(1, 451, TIGHT_U, TIGHT_V)), 1,
                   "certificate: states bound 451, its prices give 450");
    /* floor(D / S): D = 3 x 450 + 2 = 1352, S = 3 gives 450, not 451. */
    assert_refused(
        inst, solution("optimal", "450", OPTIMUM, CERT(3, 451, "\"A1\": 150, \"A3\": 152", "\"C1\": 600, \"C2\": 450")),
        1, "certificate: states bound 451, its prices give 450");
    /* A bound the solution states above its certificate's. */
    assert_refused(inst, solution("feasible", "450", OPTIMUM, ", \"bound\": 460" CERT(1, 450, TIGHT_U, TIGHT_V)), 1,
                   "bound 460 is weaker than the certificate's 450");
    mu_instance_free(inst);
}

static void a_malformed_certificate_is_refused(void **state) {
    (void)state;
    mu_instance *inst = read_ok(BASE);
    assert_refused(inst,
                   solution("optimal", "450", OPTIMUM, ", \"certificate\": {\"kind\": \"primal\", \"bound\": 450}"), 1,
                   "certificate: unknown kind");
    assert_refused(inst, solution("optimal", "450", OPTIMUM, CERT(0, 450, TIGHT_U, TIGHT_V)), 1,
                   "certificate: scale is not a positive integer");
    assert_refused(inst, solution("optimal", "450", OPTIMUM, CERT(1, 450.5, TIGHT_U, TIGHT_V)), 1,
                   "certificate: bound missing or not an integer");
    assert_refused(inst, solution("optimal", "450", OPTIMUM, CERT(1, 450, TIGHT_U ", \"Z9\": 1", TIGHT_V)), 1,
                   "certificate: unknown applicant \"Z9\"");
    assert_refused(inst, solution("optimal", "450", OPTIMUM, CERT(1, 450, TIGHT_U, "\"C1\": 200.5, \"C2\": 150")), 1,
                   "certificate: price of company \"C1\" is not an integer within 2^53");
    /* A negative price: reported, and the certificate is judged no further. */
    assert_refused(inst, solution("optimal", "450", OPTIMUM, CERT(1, 450, "\"A1\": -50, \"A3\": 50", TIGHT_V)), 1,
                   "certificate: price of applicant \"A1\" is negative");
    mu_instance_free(inst);
}

/* ---- valid solutions ----------------------------------------------------- */

static void valid_solutions_are_accepted_with_what_certifies_them(void **state) {
    (void)state;
    mu_instance *inst = read_ok(BASE);
    assert_accepted(
        inst, solution("optimal", "450", OPTIMUM, ""),
        "status optimal, 2 placements, objective 450 recomputed; the bound is the engine's (no certificate)");
    assert_accepted(inst, solution("optimal", "450", OPTIMUM, CERT(1, 450, TIGHT_U, TIGHT_V)),
                    "status optimal, 2 placements, objective 450 recomputed; optimality certified by dual prices");
    assert_accepted(
        inst, solution("optimal", "450", OPTIMUM, CERT(3, 450, "\"A1\": 150, \"A3\": 152", "\"C1\": 600, \"C2\": 450")),
        "status optimal, 2 placements, objective 450 recomputed; optimality certified by dual prices");
    /* A worse assignment with a looser (valid) certificate: a gap. */
    assert_accepted(
        inst,
        solution("feasible", "350", PAIR("A1", "C2", 150) ", " PAIR("A2", "C1", 200),
                 ", \"bound\": 500" CERT(1, 500, "\"A1\": 100, \"A3\": 50", TIGHT_V)),
        "status feasible, 2 placements, objective 350 recomputed; bound 500 certified by dual prices (gap 30%)");
    assert_accepted(inst, solution("time_limit", "null", "", ""),
                    "status time_limit, 0 placements, objective 0 recomputed");
    mu_instance_free(inst);
    inst = read_ok(QUOTAS);
    assert_accepted(
        inst, solution("optimal", "15", PAIR("A1", "C2", 2) ", " PAIR("A3", "C1", 5) ", " PAIR("A4", "C2", 8), ""),
        "status optimal, 3 placements, objective 15 recomputed");
    mu_instance_free(inst);
    inst = read_ok(BUDGET("{\"max_participating\": 1}"));
    assert_accepted(inst, solution("optimal", "30", PAIR("A1", "C1", 10) ", " PAIR("A5", "C1", 20), ""),
                    "status optimal, 2 placements, objective 30 recomputed");
    mu_instance_free(inst);
}

/* The solution document with the number at key (top level, or inside the
 * certificate when in_cert) moved by delta. */
static char *tampered(const char *doc, const char *key, int in_cert, double delta) {
    cJSON *root = cJSON_Parse(doc);
    assert_non_null(root);
    cJSON *obj = in_cert ? cJSON_GetObjectItemCaseSensitive(root, "certificate") : root;
    assert_non_null(obj);
    cJSON *num = cJSON_GetObjectItemCaseSensitive(obj, key);
    assert_true(cJSON_IsNumber(num));
    cJSON_SetNumberValue(num, num->valuedouble + delta);
    char *out = cJSON_Print(root);
    cJSON_Delete(root);
    return out;
}

/* Every solution mu_solve writes on random instances (every feature; auto,
 * flow and mip) is accepted; the same file with its objective one higher,
 * or its certificate's bound one lower, is refused with that one violation. */
static void solutions_mu_solve_writes_are_accepted_and_their_tampered_copies_refused(void **state) {
    (void)state;
    int accepted = 0, certified = 0, infeasible = 0;
    for (uint64_t seed = 1; seed <= 150; seed++) {
        char path[] = "/tmp/musubi-test-check-XXXXXX", out[] = "/tmp/musubi-test-check-sol-XXXXXX";
        close(mkstemp(path));
        close(mkstemp(out));
        rng_state = seed * 104729;
        shape s = {.n = 1 + below(6),
                   .m = 1 + below(3),
                   .quotas = below(2),
                   .pairs = below(2),
                   .rules = below(2),
                   .prefs = below(2)};
        write_instance(path, s);
        mu_instance *inst = NULL;
        mu_error err = {0};
        assert_int_equal(mu_instance_read(path, &inst, &err), MU_OK);
        mu_options opt;
        mu_options_init(&opt);
        opt.verbosity = 0;
        opt.engine = (int)(seed % 3) == 0 ? MU_ENGINE_AUTO : (int)(seed % 3) == 1 ? MU_ENGINE_MIP : MU_ENGINE_FLOW;
        mu_solution *sol = NULL;
        int rc = mu_solve(inst, &opt, &sol, &err);
        if (rc == MU_EUSAGE && opt.engine == MU_ENGINE_FLOW) { /* crossing quota rows: flow refuses */
            opt.engine = MU_ENGINE_MIP;
            rc = mu_solve(inst, &opt, &sol, &err);
        }
        assert_int_equal(rc, MU_OK);
        assert_int_equal(mu_solution_write_json(sol, inst, &opt, out, &err), MU_OK);
        char *doc = NULL;
        size_t len = 0;
        assert_int_equal(mu_read_file(out, (size_t)1 << 24, &doc, &len, &err), MU_OK);
        verdict v = check_text(inst, doc);
        if (v.rc != MU_OK) fprintf(stderr, "seed %llu (%s):\n%s\n%s", (unsigned long long)seed, path, doc, v.report);
        assert_int_equal(v.rc, MU_OK);
        accepted++;
        if (!mu_solution_has_assignment(sol)) {
            infeasible++;
        } else {
            char *t = tampered(doc, "objective", 0, 1);
            char msg[128];
            snprintf(msg, sizeof msg, "objective: recomputed %lld, reported %lld", (long long)sol->objective,
                     (long long)sol->objective + 1);
            assert_refused(inst, t, 1, msg);
            free(t);
            if (sol->cert.scale) {
                certified++;
                t = tampered(doc, "bound", 1, -1);
                snprintf(msg, sizeof msg, "certificate: states bound %lld, its prices give %lld",
                         (long long)sol->cert.bound - 1, (long long)sol->cert.bound);
                assert_refused(inst, t, 1, msg);
                free(t);
            }
        }
        free(doc);
        mu_solution_free(sol);
        mu_instance_free(inst);
        unlink(out);
        unlink(path);
    }
    if (getenv("MU_VERBOSE"))
        fprintf(stderr, "%d accepted, %d with a certificate, %d without an assignment\n", accepted, certified,
                infeasible);
    assert_true(certified > 30);
    assert_true(infeasible < accepted / 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_file_that_is_not_json_or_not_a_solution_is_an_input_error),
        cmocka_unit_test(an_applicant_placed_twice_is_refused),
        cmocka_unit_test(unknown_ids_and_ids_that_are_not_strings_are_refused),
        cmocka_unit_test(an_ineligible_pair_is_refused_naming_the_rule),
        cmocka_unit_test(a_host_over_capacity_is_refused),
        cmocka_unit_test(a_quota_max_is_refused_naming_the_row),
        cmocka_unit_test(a_quota_min_is_refused_even_with_no_placement_in_its_row),
        cmocka_unit_test(an_empty_floor_row_is_one_violation),
        cmocka_unit_test(a_broken_host_budget_is_refused_naming_the_bound),
        cmocka_unit_test(a_wrong_objective_or_pair_weight_is_refused),
        cmocka_unit_test(a_missing_pair_weight_is_refused),
        cmocka_unit_test(a_status_that_contradicts_the_assignment_or_the_bound_is_refused),
        cmocka_unit_test(a_price_too_low_on_a_pair_is_refused),
        cmocka_unit_test(a_certificate_stating_the_wrong_bound_is_refused),
        cmocka_unit_test(a_malformed_certificate_is_refused),
        cmocka_unit_test(valid_solutions_are_accepted_with_what_certifies_them),
        cmocka_unit_test(solutions_mu_solve_writes_are_accepted_and_their_tampered_copies_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
