/* libFuzzer harness: the JSON instance route end to end — reader and
 * validator (model/read_json.c), eligibility and the audit, formulation,
 * an engine, the solution writer and the independent checker.
 *
 * Input: the bytes of an instance file. They go through mu_read_json_text,
 * the in-memory twin of the file route (no file per execution). */
#include "tests/fuzz/fuzz_common.h"

#define FUZZ_JSON_MAX_BYTES ((size_t)1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > FUZZ_JSON_MAX_BYTES) return 0;
    char *text = malloc(size + 1);
    FUZZ_ASSERT(text != NULL);
    if (size) memcpy(text, data, size);
    text[size] = '\0';
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    int rc = mu_read_json_text("fuzz.json", text, size, &inst, &err);
    free(text);
    FUZZ_ASSERT((rc == MU_OK) == (inst != NULL));
    if (rc) {
        fuzz_expect_failure(rc, &err);
        fuzz_expect_lines_name(&err, "fuzz.json");
        return 0;
    }
    fuzz_solve_and_check(inst, fuzz_hash(data, size));
    mu_instance_free(inst);
    return 0;
}
