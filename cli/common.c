/* Helpers of the after-the-fact front ends (cli/common.h). */
#include "cli/common.h"

#include <string.h>

#include "model/solution_read.h"

int mu_cli_error(const mu_error *err) {
    mu_error_print(err, stderr);
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

int mu_cli_csv_delimiter(int argc, char **argv, int *i, const char *cmd, char *out) {
    const char *a = argv[*i], *v;
    if (strncmp(a, "--csv-delimiter=", 16) == 0) v = a + 16;
    else if (strcmp(a, "--csv-delimiter") == 0) {
        if (!(v = mu_cli_value(argc, argv, i, cmd))) return -1;
    } else return 0;
    if (strcmp(v, ",") == 0 || strcmp(v, "comma") == 0) *out = ',';
    else if (strcmp(v, ";") == 0 || strcmp(v, "semicolon") == 0) *out = ';';
    else if (strcmp(v, "tab") == 0 || strcmp(v, "\t") == 0) *out = '\t';
    else {
        fprintf(stderr, "musubi %s: --csv-delimiter: expected \",\", \";\" or \"tab\", got \"%.40s\"\n", cmd, v);
        return -1;
    }
    return 1;
}

int mu_cli_option(mu_options *opt, int argc, char **argv, int *i, const char *cmd) {
    const char *a = argv[*i];
    char name[64];
    const char *eq = strchr(a, '='), *value;
    size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
    if (n >= sizeof name) n = sizeof name - 1;
    memcpy(name, a + 2, n);
    name[n] = '\0';
    if (eq) value = eq + 1;
    else if (*i + 1 < argc) value = argv[++*i];
    else {
        fprintf(stderr, "musubi %s: --%s needs a value\n", cmd, name);
        return MU_EUSAGE;
    }
    mu_error err;
    memset(&err, 0, sizeof err);
    if (mu_options_set(opt, name, value, &err)) {
        fprintf(stderr, "musubi %s: %s\n", cmd, err.msg);
        return MU_EUSAGE;
    }
    return MU_OK;
}
