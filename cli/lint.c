/* musubi lint: the mistakes that leave an instance valid but wrong
 * (model/lint.h), as warnings, or as errors under --strict. */
#include "cli/lint.h"

#include <string.h>

#include "cli/common.h"

static void lint_help(FILE *out) {
    fprintf(out, "Usage: musubi lint INSTANCE [--strict]\n\n"
                 "Reads the instance (a JSON file or a directory of CSV tables) as solve does, then looks for\n"
                 "the mistakes that read without an error but solve to something else than was meant:\n"
                 "  - columns or keys read as free attributes that nearly spell a field musubi reads\n"
                 "    (\"Age\" for \"age\", \"nationalty\"), attribute names that differ only in letter case;\n"
                 "  - ids of one side that differ only in letter case (\"a03\" and \"A03\": two applicants);\n"
                 "  - values that differ from another of the same attribute only in letter case, width or\n"
                 "    surrounding spaces (\"VN \", \"Vn\", \"VN\"), for nationality, field and every attribute a\n"
                 "    quota or the host budget filters or groups by;\n"
                 "  - quota and host-budget filter values and rules.nationalities entries that match no record,\n"
                 "    and target markets or required fields that nearly spell a value that exists;\n"
                 "  - rules that need a field no applicant has (rules.age and no ages);\n"
                 "  - quota rows whose min no eligible pair counts toward, or that exceeds the row's eligible\n"
                 "    applicants or seats, and host budgets that cannot be met: the instance is infeasible.\n"
                 "Each finding is one line on stdout naming the file, the record and the field, as the readers'\n"
                 "errors do, with \"did you mean\" when a near miss exists; a count goes to stderr.\n"
                 "musubi solve and musubi import run the same lint and print its findings on stderr as warnings;\n"
                 "the solution records them as \"warnings\". Surrounding spaces in an id are an input error.\n\n"
                 "  --strict   findings are errors: exit 3 (solve, import: nothing is written)\n\n"
                 "Example:\n"
                 "  musubi lint instances/examples/csv --strict\n\n"
                 "Exit codes: 0 read, findings or none (without --strict); 2 usage error; 3 invalid instance, or\n"
                 "a finding under --strict; 4 a file could not be read; 7 out of memory.\n");
}

int mu_cli_lint(const mu_instance *inst, const char *cmd, int strict, mu_lint *out) {
    mu_error err;
    memset(&err, 0, sizeof err);
    int rc = mu_lint_run(inst, out, &err);
    if (rc) return mu_cli_error(&err);
    for (int32_t k = 0; k < out->n; k++) fprintf(stderr, "%s%s\n", strict ? "" : "warning: ", out->msg[k]);
    if (strict && out->n) {
        int64_t n = out->n - (out->more > 0) + out->more;
        fprintf(stderr, "musubi %s: %lld lint finding%s, errors under --strict; nothing written\n", cmd, (long long)n,
                n == 1 ? "" : "s");
        mu_lint_free(out);
        return MU_EINPUT;
    }
    return MU_OK;
}

int mu_cmd_lint(int argc, char **argv) {
    const char *instance = NULL;
    int strict = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            lint_help(stdout);
            return 0;
        } else if (strcmp(a, "--strict") == 0) {
            strict = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "musubi lint: unknown option %s (see musubi lint --help)\n", a);
            return MU_EUSAGE;
        } else if (!instance) {
            instance = a;
        } else {
            fprintf(stderr, "musubi lint: unexpected argument %s\n", a);
            return MU_EUSAGE;
        }
    }
    if (!instance) {
        fprintf(stderr, "musubi lint: no instance given (see musubi lint --help)\n");
        return MU_EUSAGE;
    }
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    if (mu_instance_read(instance, &inst, &err)) return mu_cli_error(&err);
    mu_lint lint;
    int rc = mu_lint_run(inst, &lint, &err);
    mu_instance_free(inst);
    if (rc) return mu_cli_error(&err);
    for (int32_t k = 0; k < lint.n; k++) printf("%s\n", lint.msg[k]);
    int64_t n = lint.n - (lint.more > 0) + lint.more;
    if (n)
        fprintf(stderr, "musubi lint: %s: %lld finding%s%s\n", instance, (long long)n, n == 1 ? "" : "s",
                strict ? ", errors under --strict" : "");
    else fprintf(stderr, "musubi lint: %s: no findings\n", instance);
    mu_lint_free(&lint);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "musubi lint: cannot write to stdout\n");
        return MU_EIO;
    }
    return strict && n ? MU_EINPUT : MU_OK;
}
