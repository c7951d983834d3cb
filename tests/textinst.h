/* Shared by the module tests: instances from JSON text. The text goes to a
 * fresh temporary file (under $TMPDIR, else /tmp) that the real reader
 * (mu_instance_read) reads and that is removed at once; a rejected text's
 * messages come back with the file name replaced by "FILE", so they compare
 * exactly. Also a growable text buffer for generated documents, and id
 * lookups. Header-only (static inline) because each test is one file. */
#ifndef MU_TESTS_TEXTINST_H
#define MU_TESTS_TEXTINST_H

#include "tests/testutil.h"

#include <stdarg.h>
#include <unistd.h>

#include "model/instance.h"
#include "musubi.h"

/* Writes text to a fresh temporary file; the caller unlinks and frees. */
static inline char *temp_file(const char *text) {
    const char *dir = getenv("TMPDIR");
    char *path = malloc(512);
    assert_non_null(path);
    snprintf(path, 512, "%s/musubi-test-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
    return path;
}

/* Reads text that must be valid. */
static inline mu_instance *read_ok(const char *text) {
    char *path = temp_file(text);
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    int rc = mu_instance_read(path, &inst, &err);
    if (rc) fprintf(stderr, "unexpected error reading:\n%s\n%s\n", text, err.msg);
    unlink(path);
    free(path);
    assert_int_equal(rc, MU_OK);
    assert_non_null(inst);
    return inst;
}

/* Reads text that must be rejected as invalid input; returns the error with
 * the temporary file name replaced by "FILE", so messages compare exactly. */
static inline mu_error read_bad(const char *text) {
    char *path = temp_file(text);
    mu_error err;
    memset(&err, 0, sizeof err);
    static char sentinel;
    mu_instance *inst = (mu_instance *)&sentinel; /* the reader must reset it to NULL */
    int rc = mu_instance_read(path, &inst, &err);
    unlink(path);
    if (rc != MU_EINPUT) fprintf(stderr, "expected MU_EINPUT, got %d for:\n%s\n%s\n", rc, text, err.msg);
    assert_int_equal(rc, MU_EINPUT);
    assert_int_equal(err.code, MU_EINPUT);
    assert_null(inst);
    /* Every line starts with the file name; replace it. */
    char out[sizeof err.msg];
    size_t plen = strlen(path), o = 0;
    for (const char *p = err.msg; *p && o + 8 < sizeof out;) {
        if (strncmp(p, path, plen) == 0) {
            memcpy(out + o, "FILE", 4);
            o += 4;
            p += plen;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    memcpy(err.msg, out, o + 1);
    free(path);
    return err;
}

static inline void assert_first_line(const mu_error *err, const char *expected) {
    char line[sizeof err->msg];
    size_t n = strcspn(err->msg, "\n");
    memcpy(line, err->msg, n);
    line[n] = '\0';
    if (strcmp(line, expected) != 0) fprintf(stderr, "got:      %s\nexpected: %s\n", line, expected);
    assert_string_equal(line, expected);
}

/* The text must be rejected, its first message reading "FILE: " expected. */
static inline void assert_input_error(const char *text, const char *expected) {
    mu_error err = read_bad(text);
    char want[1024];
    snprintf(want, sizeof want, "FILE: %s", expected);
    assert_first_line(&err, want);
}

static inline int32_t app_index(const mu_instance *inst, const char *id) {
    int32_t a = mu_sym_find(&inst->app_ids, id);
    assert_true(a >= 0);
    return a;
}

static inline int32_t com_index(const mu_instance *inst, const char *id) {
    int32_t c = mu_sym_find(&inst->com_ids, id);
    assert_true(c >= 0);
    return c;
}

/* A growable text buffer for generated documents. */
typedef struct textbuf {
    char *s;
    size_t n, cap;
} textbuf;

static inline void put(textbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void put(textbuf *t, const char *fmt, ...) {
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(t->s ? t->s + t->n : NULL, t->s ? t->cap - t->n : 0, fmt, ap);
        va_end(ap);
        assert_true(k >= 0);
        if (t->s && t->n + (size_t)k < t->cap) {
            t->n += (size_t)k;
            return;
        }
        t->cap = t->cap * 2 + (size_t)k + 64;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
}

#endif
