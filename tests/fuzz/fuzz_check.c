/* libFuzzer harness: the independent checker's reading of a solution file
 * (mu_check_file in check/check.c), against three fixed instances: one
 * without quotas (certificates apply), one with quotas and the weights
 * formula, and tests/fuzz/check-instance.json (listed pairs, a capacity of
 * 1,000,000, group quotas, ids that need escaping).
 *
 * Input: the bytes of a solution file. Run from the repository root (the
 * instances are read by relative path). */
#include "tests/fuzz/fuzz_common.h"

#define FUZZ_CHECK_MAX_BYTES ((size_t)1 << 20)

static const char *const fuzz_check_paths[] = {"instances/examples/tiny.json", "instances/examples/tiny-quotas.json",
                                               "tests/fuzz/check-instance.json"};
#define FUZZ_CHECK_INSTANCES 3
static mu_instance *fuzz_check_inst[FUZZ_CHECK_INSTANCES];
static FILE *fuzz_check_sink;

static void fuzz_check_release(void) {
    for (int k = 0; k < FUZZ_CHECK_INSTANCES; k++) {
        mu_instance_free(fuzz_check_inst[k]);
        fuzz_check_inst[k] = NULL;
    }
    if (fuzz_check_sink) fclose(fuzz_check_sink);
    fuzz_check_sink = NULL;
}

static void fuzz_check_load(void) {
    if (fuzz_check_sink) return;
    for (int k = 0; k < FUZZ_CHECK_INSTANCES; k++) {
        mu_error err;
        memset(&err, 0, sizeof err);
        if (mu_instance_read(fuzz_check_paths[k], &fuzz_check_inst[k], &err)) {
            fprintf(stderr, "fuzz_check: %s (run from the repository root)\n", err.msg);
            abort();
        }
    }
    fuzz_check_sink = fopen("/dev/null", "w"); /* the report is written, to exercise it, and dropped */
    FUZZ_ASSERT(fuzz_check_sink != NULL);
    atexit(fuzz_check_release);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > FUZZ_CHECK_MAX_BYTES) return 0;
    fuzz_check_load();
    fuzz_write("solution.json", data, size);
    char path[512];
    fuzz_path("solution.json", path, sizeof path);
    for (int k = 0; k < FUZZ_CHECK_INSTANCES; k++) {
        mu_error err;
        memset(&err, 0, sizeof err);
        int rc = mu_check_file(fuzz_check_inst[k], path, fuzz_check_sink, &err);
        if (rc != MU_OK && rc != MU_EINVALID_SOLUTION) fuzz_expect_failure(rc, &err);
    }
    return 0;
}
