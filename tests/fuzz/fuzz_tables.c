/* libFuzzer harness: the CSV-table route (model/read_tables.c) end to end,
 * then the same solve and checks as the JSON harness.
 *
 * Input format, one text holding the directory:
 *
 *     @@ companies.csv
 *     id,capacity
 *     C1,2
 *     @@ applicants.csv
 *     id,preferences
 *     A1,C1
 *
 * A line starting with "@@ " opens the file it names (companies.csv,
 * applicants.csv, pairs.csv or programme.json; any other name opens a
 * section that is dropped). A section runs to the next such line; a file
 * with no section is absent; bytes before the first marker are dropped.
 * tests/fuzz/tables_seed.sh packs a directory into this form. */
#include "tests/fuzz/fuzz_common.h"

#define FUZZ_TABLES_MAX_BYTES ((size_t)1 << 20)

static const char *const fuzz_table_files[] = {"companies.csv", "applicants.csv", "pairs.csv", "programme.json"};
#define FUZZ_TABLE_FILES 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > FUZZ_TABLES_MAX_BYTES) return 0;
    const uint8_t *start[FUZZ_TABLE_FILES] = {NULL};
    size_t len[FUZZ_TABLE_FILES] = {0};
    int open = -1; /* the section being read: a file index, FUZZ_TABLE_FILES for a dropped one */
    size_t from = 0;
    for (size_t i = 0; i <= size; i++) {
        int at_marker = i + 3 <= size && (i == 0 || data[i - 1] == '\n') && memcmp(data + i, "@@ ", 3) == 0;
        if (!at_marker && i < size) continue;
        if (open >= 0 && open < FUZZ_TABLE_FILES) {
            start[open] = data + from;
            len[open] = i - from;
        }
        if (i == size) break;
        const uint8_t *eol = memchr(data + i, '\n', size - i);
        size_t name_end = eol ? (size_t)(eol - data) : size;
        open = FUZZ_TABLE_FILES;
        for (int k = 0; k < FUZZ_TABLE_FILES; k++)
            if (name_end - (i + 3) == strlen(fuzz_table_files[k]) &&
                memcmp(data + i + 3, fuzz_table_files[k], name_end - (i + 3)) == 0)
                open = k;
        from = eol ? name_end + 1 : size;
        i = from - 1;
    }
    for (int k = 0; k < FUZZ_TABLE_FILES; k++)
        fuzz_write(fuzz_table_files[k], start[k] ? start[k] : NULL, len[k]);
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    int rc = mu_instance_read(fuzz_dir(), &inst, &err);
    FUZZ_ASSERT((rc == MU_OK) == (inst != NULL));
    if (rc) {
        fuzz_expect_failure(rc, &err);
        fuzz_expect_lines_name(&err, fuzz_dir());
        return 0;
    }
    fuzz_solve_and_check(inst, fuzz_hash(data, size));
    mu_instance_free(inst);
    return 0;
}
