/* Options: the one table in musubi.h expands into defaults, parsing with
 * range checks, --help and the JSON echo of effective options; the engine
 * table expands into the engine names and their help lines. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/io.h"

enum { MU_OPT_ENUM, MU_OPT_INT, MU_OPT_REAL, MU_OPT_TEXT };

#define ENGINE_NAME(id, name, help) name,
static const char *const ENGINE_NAMES[] = {MU_ENGINES(ENGINE_NAME)};
#undef ENGINE_NAME
#define ENGINE_HELP(id, name, help) help,
static const char *const ENGINE_HELP[] = {MU_ENGINES(ENGINE_HELP)};
#undef ENGINE_HELP
static const char *const OBJECTIVE_NAMES[] = {"weight", "placements", "rank-maximal", "egalitarian", "maxmin"};
static const char *const TIE_BREAK_NAMES[] = {"index", "single", "multiple"};
static const char *const METRICS_NAMES[] = {"auto", "none", "basic", "all"};
const char *mu_engine_name(int engine) {
    return engine >= 0 && (size_t)engine < MU_ARRAY_LEN(ENGINE_NAMES) ? ENGINE_NAMES[engine] : "?";
}
const char *mu_objective_name(int objective) {
    return objective >= 0 && (size_t)objective < MU_ARRAY_LEN(OBJECTIVE_NAMES) ? OBJECTIVE_NAMES[objective] : "?";
}
const char *mu_tie_break_name(int tie_break) {
    return tie_break >= 0 && (size_t)tie_break < MU_ARRAY_LEN(TIE_BREAK_NAMES) ? TIE_BREAK_NAMES[tie_break] : "?";
}

/* The names of each enumerated option, by its CLI name. */
typedef struct enum_names {
    const char *cli;
    const char *const *names;
    size_t n;
    const char *joined;
} enum_names;
static const enum_names ENUMS[] = {
    {"engine", ENGINE_NAMES, MU_ARRAY_LEN(ENGINE_NAMES), MU_ENGINE_NAMES},
    {"objective", OBJECTIVE_NAMES, MU_ARRAY_LEN(OBJECTIVE_NAMES), MU_OBJECTIVE_NAMES},
    {"tie-break", TIE_BREAK_NAMES, MU_ARRAY_LEN(TIE_BREAK_NAMES), MU_TIE_BREAK_NAMES},
    {"metrics", METRICS_NAMES, MU_ARRAY_LEN(METRICS_NAMES), MU_METRICS_NAMES},
};
static const enum_names *enum_of(const char *cli) {
    for (size_t i = 0; i < MU_ARRAY_LEN(ENUMS); i++)
        if (strcmp(ENUMS[i].cli, cli) == 0) return &ENUMS[i];
    mu_die_contract(__func__, "an enumerated option without names");
}

/* Assignment by type, so one expansion serves numbers and text. */
#define MU_OPT_ASSIGN_MU_OPT_ENUM(dst, x, text) (dst) = (int)(x)
#define MU_OPT_ASSIGN_MU_OPT_INT(dst, x, text) (dst) = (int)(x)
#define MU_OPT_ASSIGN_MU_OPT_REAL(dst, x, text) (dst) = (x)
#define MU_OPT_ASSIGN_MU_OPT_TEXT(dst, x, text) (dst) = (text)

void mu_options_init(mu_options *opt) {
#define MU_OPT_DEFAULT(type, field, name, def, lo, hi, help) opt->field = def;
    MU_OPTIONS(MU_OPT_DEFAULT)
#undef MU_OPT_DEFAULT
    opt->verbosity = 1;
}

mu_options *mu_options_new(void) {
    mu_options *opt = malloc(sizeof *opt);
    if (opt) mu_options_init(opt);
    return opt;
}
void mu_options_free(mu_options *opt) { free(opt); }
void mu_options_set_verbosity(mu_options *opt, int level) {
    MU_REQUIRE(opt);
    opt->verbosity = level;
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
#define MU_OPT_SET(type, field, cli, def, lo, hi, help)                                                                \
    if (strcmp(name, cli) == 0) {                                                                                      \
        x = 0;                                                                                                         \
        if (type == MU_OPT_ENUM) {                                                                                     \
            const enum_names *en = enum_of(cli);                                                                       \
            size_t i = 0;                                                                                              \
            while (i < en->n && strcmp(value, en->names[i]) != 0) i++;                                                 \
            if (i == en->n)                                                                                            \
                return mu_err(err, MU_EUSAGE, "--%s: expected one of %s, got \"%s\"", cli, en->joined, value);         \
            x = (double)i;                                                                                             \
        } else if (type == MU_OPT_TEXT) {                                                                              \
            if (!value[0] || strlen(value) > 256)                                                                      \
                return mu_err(err, MU_EUSAGE, "--%s: expected a name of 1 to 256 bytes, got \"%.60s\"", cli, value);   \
        } else if (parse_real(value, &x) || x < (lo) || x > (hi) || (type == MU_OPT_INT && x != floor(x))) {           \
            return mu_err(err, MU_EUSAGE, "--%s: expected %s from %g to %g, got \"%s\"", cli,                          \
                          type == MU_OPT_INT ? "an integer" : "a number", (double)(lo), (double)(hi), value);          \
        }                                                                                                              \
        MU_OPT_ASSIGN_##type(opt->field, x, value);                                                                    \
        return MU_OK;                                                                                                  \
    }
    MU_OPTIONS(MU_OPT_SET)
#undef MU_OPT_SET
    return mu_err(err, MU_EUSAGE, "unknown option --%s", name);
}

void mu_options_help(FILE *out) {
#define MU_OPT_HELP(type, field, cli, def, lo, hi, help)                                                               \
    if (type == MU_OPT_ENUM)                                                                                           \
        fprintf(out, "  --%-11s NAME  %s (default %s)\n", cli, help, enum_of(cli)->names[(int)(def)]);                 \
    else if (type == MU_OPT_TEXT) fprintf(out, "  --%-11s NAME  %s\n", cli, help);                                     \
    else                                                                                                               \
        fprintf(out, "  --%-11s %s  %s (default %g)\n", cli, type == MU_OPT_INT ? "N   " : "X   ", help, (double)(def));
    MU_OPTIONS(MU_OPT_HELP)
#undef MU_OPT_HELP
    fprintf(out, "  engines:\n");
    for (size_t i = 0; i < MU_ARRAY_LEN(ENGINE_NAMES); i++)
        fprintf(out, "    %-16s %s\n", ENGINE_NAMES[i], ENGINE_HELP[i]);
}

/* The echo by type, so one expansion serves numbers and text. */
#define ECHO_MU_OPT_ENUM(out, cli, v) mu_json_string(out, enum_of(cli)->names[v])
#define ECHO_MU_OPT_INT(out, cli, v) fprintf(out, "%d", v)
#define ECHO_MU_OPT_REAL(out, cli, v) fprintf(out, "%.15g", v)
#define ECHO_MU_OPT_TEXT(out, cli, v) ((v) ? mu_json_string(out, v) : (void)fputs("null", out))

void mu_options_write_json(FILE *out, const mu_options *opt) {
    const char *sep = "";
    char key[64];
#define MU_OPT_ECHO(type, field, cli, def, lo, hi, help)                                                               \
    snprintf(key, sizeof key, "%s", cli);                                                                              \
    for (char *k = key; *k; k++)                                                                                       \
        if (*k == '-') *k = '_';                                                                                       \
    fprintf(out, "%s\"%s\": ", sep, key);                                                                              \
    sep = ", ";                                                                                                        \
    ECHO_##type(out, cli, opt->field);
    MU_OPTIONS(MU_OPT_ECHO)
#undef MU_OPT_ECHO
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
