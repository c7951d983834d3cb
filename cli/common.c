/* Helpers of the after-the-fact front ends (cli/common.h). */
#include "cli/common.h"

#include <string.h>

#include "model/solution_read.h"

int mu_cli_error(const mu_error *err) {
    if (err->msg[0]) fprintf(stderr, "%s\n", err->msg);
    if (err->count > MU_ERROR_LINES)
        fprintf(stderr, "... and %d more problems (%d in all)\n", err->count - MU_ERROR_LINES, err->count);
    return err->code ? (int)err->code : MU_EINTERNAL;
}

int mu_cli_load(const char *instance, const char *solution, mu_instance **inst, mu_solution **sol) {
    mu_error err;
    memset(&err, 0, sizeof err);
    *sol = NULL;
    if (mu_instance_read(instance, inst, &err)) return mu_cli_error(&err);
    if (mu_solution_read(*inst, solution, sol, &err)) {
        mu_instance_free(*inst);
        *inst = NULL;
        return mu_cli_error(&err);
    }
    return MU_OK;
}

const char *mu_cli_value(int argc, char **argv, int *i, const char *cmd) {
    if (*i + 1 >= argc) {
        fprintf(stderr, "musubi %s: %s needs a value\n", cmd, argv[*i]);
        return NULL;
    }
    return argv[++*i];
}
