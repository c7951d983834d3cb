/* Internal plumbing shared by the library: error records, logging, memory,
 * the clock, progress. Files and escaping are in base/io.h. */
#ifndef MU_BASE_H
#define MU_BASE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "musubi.h"

#define MU_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Contract violations: abort with the function's name. */
#define MU_REQUIRE(cond)                                                                                               \
    do {                                                                                                               \
        if (!(cond)) mu_die_contract(__func__, #cond);                                                                 \
    } while (0)
_Noreturn void mu_die_contract(const char *func, const char *cond);

/* Error records. mu_err adds one line (kept while fewer than MU_ERROR_LINES)
 * and returns `code`, so callers write `return mu_err(err, MU_EINPUT, ...)`. */
void mu_error_clear(mu_error *err);
int mu_err(mu_error *err, mu_code code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The one error printer: the kept lines, then "... and N more problems (M in
 * all)" when some were not kept. */
void mu_error_print(const mu_error *err, FILE *out);

/* Logging to stderr; the level is checked before any formatting. */
extern int mu_verbosity;
void mu_log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define MU_INFO(...)                                                                                                   \
    do {                                                                                                               \
        if (mu_verbosity >= 1) mu_log_printf(__VA_ARGS__);                                                             \
    } while (0)
#define MU_DEBUG(...)                                                                                                  \
    do {                                                                                                               \
        if (mu_verbosity >= 2) mu_log_printf(__VA_ARGS__);                                                             \
    } while (0)

/* Allocation that reports failure through the error record. Sizes are checked
 * for overflow. Returns NULL (and sets MU_ENOMEM) on failure. */
void *mu_alloc(size_t count, size_t size, mu_error *err);
void *mu_calloc(size_t count, size_t size, mu_error *err);
void *mu_realloc_array(void *p, size_t count, size_t size, mu_error *err);
char *mu_strdup(const char *s, mu_error *err);

/* Monotonic wall clock in seconds. */
double mu_now(void);

/* Progress of a long solve (base/progress.c): engines report the incumbent
 * (when has_incumbent) and the bound (NAN: none yet) from their callbacks;
 * the line shows them with the seconds since mu_set_progress(1), on stderr
 * only when that turned it on, after the first second, at most twice a
 * second, as one line rewritten with \r. One clock for the whole solve, so
 * an engine that hands over to another (heuristic, then GLPK) keeps it. */
void mu_progress(int has_incumbent, double incumbent, double bound);
int mu_progress_enabled(void);

#endif
