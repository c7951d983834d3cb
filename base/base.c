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
            used += (size_t)snprintf(err->msg + used, sizeof err->msg - used, "\\%c", *p == '\n' ? 'n' : *p == '\r' ? 'r' : 't');
        else used += (size_t)snprintf(err->msg + used, sizeof err->msg - used, "\\u%04x", *p);
    }
    err->msg[used] = '\0';
    return code;
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

int mu_out_open(mu_outfile *o, const char *path, mu_error *err) {
    memset(o, 0, sizeof *o);
    if (strcmp(path, "-") == 0) {
        o->fp = stdout;
        o->is_stdout = 1;
        return MU_OK;
    }
    size_t n = strlen(path);
    o->path = mu_strdup(path, err);
    o->tmp = mu_alloc(n + 16, 1, err);
    if (!o->path || !o->tmp) {
        mu_out_abort(o);
        return MU_ENOMEM;
    }
    snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        mu_out_abort(o);
        return mu_err(err, MU_EIO, "%s: cannot create output: %s", path, strerror(e));
    }
    fchmod(fd, 0644);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        close(fd);
        mu_out_abort(o);
        return mu_err(err, MU_EIO, "%s: cannot open output", path);
    }
    return MU_OK;
}

int mu_out_commit(mu_outfile *o, mu_error *err) {
    if (o->is_stdout) {
        if (fflush(stdout) != 0 || ferror(stdout)) return mu_err(err, MU_EIO, "stdout: write failed");
        return MU_OK;
    }
    int bad = ferror(o->fp) || fflush(o->fp) != 0 || fsync(fileno(o->fp)) != 0;
    int e = errno;
    if (fclose(o->fp) != 0) bad = 1;
    o->fp = NULL;
    if (bad || rename(o->tmp, o->path) != 0) {
        if (!bad) e = errno;
        int rc = mu_err(err, MU_EIO, "%s: write failed: %s", o->path, strerror(e));
        mu_out_abort(o);
        return rc;
    }
    free(o->tmp);
    free(o->path);
    o->tmp = o->path = NULL;
    return MU_OK;
}

void mu_out_abort(mu_outfile *o) {
    if (o->fp && !o->is_stdout) fclose(o->fp);
    if (o->tmp) remove(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}

int mu_read_file(const char *path, size_t max_bytes, char **data, size_t *len, mu_error *err) {
    *data = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) return mu_err(err, MU_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) != 0) st.st_mode = 0;
    if (S_ISDIR(st.st_mode)) {
        fclose(fp);
        return mu_err(err, MU_EIO, "%s: is a directory", path);
    }
    /* A regular file is measured before anything is read: a 1 GB file costs
     * nothing to refuse. Pipes and devices are still cut off while reading. */
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) {
        fclose(fp);
        return mu_err(err, MU_EINPUT, "%s: larger than %zu MiB, the limit for this file", path, max_bytes >> 20);
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = mu_alloc(cap, 1, err);
    if (!buf) {
        fclose(fp);
        return MU_ENOMEM;
    }
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > max_bytes) {
                free(buf);
                fclose(fp);
                return mu_err(err, MU_EINPUT, "%s: larger than %zu MiB, the limit for this file", path,
                              max_bytes >> 20);
            }
            char *nb = mu_realloc_array(buf, cap * 2, 1, err);
            if (!nb) {
                free(buf);
                fclose(fp);
                return MU_ENOMEM;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0) break;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(buf);
        return mu_err(err, MU_EIO, "%s: read error", path);
    }
    if (n > max_bytes) {
        free(buf);
        return mu_err(err, MU_EINPUT, "%s: larger than %zu MiB, the limit for this file", path, max_bytes >> 20);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return MU_OK;
}

void mu_json_string(FILE *out, const char *s) {
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20) fprintf(out, "\\u%04x", *p);
            else fputc(*p, out);
        }
    }
    fputc('"', out);
}
