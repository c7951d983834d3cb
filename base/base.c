/* Internal plumbing: error records, logging, memory, atomic output. */
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <signal.h>

int mu_verbosity = 1;

static volatile sig_atomic_t stop_requested;
void mu_request_stop(void) { stop_requested = 1; }
void mu_stop_clear(void) { stop_requested = 0; }
int mu_stop_requested(void) { return stop_requested != 0; }

void mu_set_verbosity(int level) { mu_verbosity = level; }

/* Text the library hands back (musubi.h, "the library without files") is
 * malloc'd; freeing it here keeps a caller off any other allocator. */
void mu_free(void *p) { free(p); }

_Noreturn void mu_die_contract(const char *func, const char *cond) {
    fprintf(stderr, "musubi: internal contract violated in %s: %s\n", func, cond);
    abort();
}

void mu_error_clear(mu_error *err) {
    if (!err) return;
    err->code = MU_OK;
    err->count = 0;
    err->msg[0] = '\0';
}

int mu_err(mu_error *err, mu_code code, const char *fmt, ...) {
    if (!err) return code;
    if (err->code == MU_OK || err->code == MU_EUSAGE || code == MU_ENOMEM) err->code = code;
    err->count++;
    if (err->count > MU_ERROR_LINES) return code;
    size_t used = strlen(err->msg);
    if (used && used + 1 < sizeof err->msg) err->msg[used++] = '\n', err->msg[used] = '\0';
    if (used + 1 >= sizeof err->msg) return code;
    char line[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* One problem, one line: control characters quoted from the input (a
     * cell holding a line break, a key with a tab) are escaped here, so no
     * message can break the line-per-problem contract. */
    for (const unsigned char *p = (const unsigned char *)line; *p && used + 7 < sizeof err->msg; p++) {
        if (*p >= 0x20 && *p != 0x7f) err->msg[used++] = (char)*p;
        else if (*p == '\n' || *p == '\r' || *p == '\t')
            used += (size_t)snprintf(err->msg + used, sizeof err->msg - used, "\\%c",
                                     *p == '\n'   ? 'n'
                                     : *p == '\r' ? 'r'
                                                  : 't');
        else used += (size_t)snprintf(err->msg + used, sizeof err->msg - used, "\\u%04x", *p);
    }
    err->msg[used] = '\0';
    return code;
}

void mu_error_print(const mu_error *err, FILE *out) {
    if (err->msg[0]) fprintf(out, "%s\n", err->msg);
    if (err->count > MU_ERROR_LINES)
        fprintf(out, "... and %d more problems (%d in all)\n", err->count - MU_ERROR_LINES, err->count);
}

void mu_log_printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

void *mu_alloc(size_t count, size_t size, mu_error *err) {
    if (size && count > SIZE_MAX / size) {
        mu_err(err, MU_ENOMEM, "out of memory: %zu items of %zu bytes", count, size);
        return NULL;
    }
    void *p = malloc(count && size ? count * size : 1);
    if (!p) mu_err(err, MU_ENOMEM, "out of memory: %zu items of %zu bytes", count, size);
    return p;
}

void *mu_calloc(size_t count, size_t size, mu_error *err) {
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) mu_err(err, MU_ENOMEM, "out of memory: %zu items of %zu bytes", count, size);
    return p;
}

void *mu_realloc_array(void *p, size_t count, size_t size, mu_error *err) {
    if (size && count > SIZE_MAX / size) {
        mu_err(err, MU_ENOMEM, "out of memory: %zu items of %zu bytes", count, size);
        return NULL;
    }
    void *q = realloc(p, count && size ? count * size : 1);
    if (!q) mu_err(err, MU_ENOMEM, "out of memory: %zu items of %zu bytes", count, size);
    return q;
}

char *mu_strdup(const char *s, mu_error *err) {
    size_t n = strlen(s) + 1;
    char *d = mu_alloc(n, 1, err);
    if (d) memcpy(d, s, n);
    return d;
}

double mu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
