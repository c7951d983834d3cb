/* Options: the one table in musubi.h expands into defaults, parsing with
 * range checks, and --help. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/base.h"

enum { MU_OPT_ENUM, MU_OPT_INT, MU_OPT_REAL };

static const char *const ENGINE_NAMES[] = {"auto", "mip", "flow"};
const char *mu_engine_name(int engine) {
    return engine >= 0 && (size_t)engine < MU_ARRAY_LEN(ENGINE_NAMES) ? ENGINE_NAMES[engine] : "?";
}

void mu_options_init(mu_options *opt) {
#define MU_OPT_DEFAULT(type, field, name, def, lo, hi, help) opt->field = def;
    MU_OPTIONS(MU_OPT_DEFAULT)
#undef MU_OPT_DEFAULT
    opt->verbosity = 1;
}

static int parse_real(const char *v, double *out) {
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (!*v || *end || errno || !isfinite(x)) return -1;
    *out = x;
    return 0;
}

int mu_options_set(mu_options *opt, const char *name, const char *value, mu_error *err) {
    double x;
#define MU_OPT_SET(type, field, cli, def, lo, hi, help)                                                  \
    if (strcmp(name, cli) == 0) {                                                                        \
        if (type == MU_OPT_ENUM) {                                                                       \
            for (size_t i = 0; i < MU_ARRAY_LEN(ENGINE_NAMES); i++)                                      \
                if (strcmp(value, ENGINE_NAMES[i]) == 0) {                                               \
                    opt->field = (int)i;                                                                 \
                    return MU_OK;                                                                        \
                }                                                                                        \
            return mu_err(err, MU_EUSAGE, "--%s: expected one of %s, got \"%s\"", cli, MU_ENGINE_NAMES, value); \
        }                                                                                                \
        if (parse_real(value, &x) || x < (lo) || x > (hi) || (type == MU_OPT_INT && x != floor(x)))     \
            return mu_err(err, MU_EUSAGE, "--%s: expected %s from %g to %g, got \"%s\"", cli,            \
                          type == MU_OPT_INT ? "an integer" : "a number", (double)(lo), (double)(hi), value); \
        opt->field = (MU_OPT_FIELD_##type)x;                                                             \
        return MU_OK;                                                                                    \
    }
    MU_OPTIONS(MU_OPT_SET)
#undef MU_OPT_SET
    return mu_err(err, MU_EUSAGE, "unknown option --%s", name);
}

void mu_options_help(FILE *out) {
#define MU_OPT_HELP(type, field, cli, def, lo, hi, help)                                                 \
    if (type == MU_OPT_ENUM)                                                                             \
        fprintf(out, "  --%-11s NAME  %s (default %s)\n", cli, help, ENGINE_NAMES[(int)(def)]);         \
    else                                                                                                 \
        fprintf(out, "  --%-11s %s  %s (default %g)\n", cli, type == MU_OPT_INT ? "N   " : "X   ", help, \
                (double)(def));
    MU_OPTIONS(MU_OPT_HELP)
#undef MU_OPT_HELP
}

const char *mu_version(void) {
    static char v[128];
    if (!v[0]) {
#ifdef __VERSION__
        snprintf(v, sizeof v, "%s (git %s, cc %s)", MU_VERSION, MU_GIT, __VERSION__);
#else
        snprintf(v, sizeof v, "%s (git %s)", MU_VERSION, MU_GIT);
#endif
    }
    return v;
}
