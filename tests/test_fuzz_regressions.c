/* Replays every input the fuzzers ever failed on (tests/fuzz/regressions/
 * json, tables, check; one file per bug, named after what it guards) through
 * the harnesses themselves, built here without libFuzzer: each must now pass
 * the harness's assertions, and under `make check-sanitize` each runs under
 * ASan, UBSan and LSan as it did when it was found. Run from the repository
 * root (tests/run.sh does). */
#include "tests/testutil.h"

#include <dirent.h>
#include <glob.h>
#include <sys/stat.h>

#define FUZZ_ASSERT(cond) assert_true(cond)

#define LLVMFuzzerTestOneInput fuzz_json_one
#include "tests/fuzz/fuzz_json.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_tables_one
#include "tests/fuzz/fuzz_tables.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_check_one
#include "tests/fuzz/fuzz_check.c"
#undef LLVMFuzzerTestOneInput

typedef int (*harness)(const uint8_t *data, size_t size);

static int by_name(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

/* Runs every file of dir through fn, in name order; returns how many. */
static int replay(const char *dir, harness fn) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[4096];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 4096)
        if (e->d_name[0] != '.' && strcmp(e->d_name, "README.md") != 0) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, by_name);
    for (int i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        uint8_t *buf = malloc((size_t)1 << 20);
        assert_non_null(buf);
        size_t len = fread(buf, 1, (size_t)1 << 20, f);
        fclose(f);
        print_message("replay %s (%zu bytes)\n", path, len);
        assert_int_equal(fn(buf, len), 0);
        free(buf);
        free(names[i]);
    }
    return n;
}

/* The regular files of dir but its README.md, counted by glob(3), apart from
 * replay's own directory walk. */
static int files_present(const char *dir) {
    char pattern[1024];
    snprintf(pattern, sizeof pattern, "%s/*", dir);
    glob_t g;
    int rc = glob(pattern, 0, NULL, &g), n = 0;
    assert_true(rc == 0 || rc == GLOB_NOMATCH);
    for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++) {
        struct stat st;
        const char *base = strrchr(g.gl_pathv[i], '/') + 1;
        if (stat(g.gl_pathv[i], &st) == 0 && S_ISREG(st.st_mode) && strcmp(base, "README.md") != 0) n++;
    }
    if (rc == 0) globfree(&g);
    return n;
}

/* Every file of the corpus replayed, and at least one: a corpus that went
 * missing, or a walk that skipped files, would otherwise pass vacuously. */
static void replay_all(const char *dir, harness fn) {
    int present = files_present(dir), replayed = replay(dir, fn);
    print_message("%s: %d of %d files replayed\n", dir, replayed, present);
    assert_true(present >= 1);
    assert_int_equal(replayed, present);
}

static void json_route_survives_every_recorded_fuzz_failure(void **state) {
    (void)state;
    replay_all("tests/fuzz/regressions/json", fuzz_json_one);
}

static void table_route_survives_every_recorded_fuzz_failure(void **state) {
    (void)state;
    replay_all("tests/fuzz/regressions/tables", fuzz_tables_one);
}

static void checker_survives_every_recorded_fuzz_failure(void **state) {
    (void)state;
    replay_all("tests/fuzz/regressions/check", fuzz_check_one);
}

/* The harnesses also take the seeds' shapes: one valid input per route, so
 * that a harness broken by a change in the library fails here, not only
 * under libFuzzer. */
static void harnesses_accept_a_valid_input_of_each_route(void **state) {
    (void)state;
    static const char tables[] = "@@ companies.csv\nid,capacity\nC1,1\n@@ applicants.csv\nid\nA1\nA2\n"
                                 "@@ pairs.csv\napplicant,company,weight\nA1,C1,5\nA2,C1,7\n";
    assert_int_equal(fuzz_tables_one((const uint8_t *)tables, sizeof tables - 1), 0);
    FILE *f = fopen("instances/examples/tiny-quotas.json", "rb");
    assert_non_null(f);
    static uint8_t buf[65536];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_int_equal(fuzz_json_one(buf, len), 0);
    static const char sol[] = "{\"format\": \"musubi-solution-1\", \"status\": \"infeasible\", \"assignment\": []}";
    assert_int_equal(fuzz_check_one((const uint8_t *)sol, sizeof sol - 1), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(harnesses_accept_a_valid_input_of_each_route),
        cmocka_unit_test(json_route_survives_every_recorded_fuzz_failure),
        cmocka_unit_test(table_route_survives_every_recorded_fuzz_failure),
        cmocka_unit_test(checker_survives_every_recorded_fuzz_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
