/* Shared by the tests that write a directory of CSV tables: a fixture with a
 * fresh temporary directory (setup), files written into it (put, put_n), and
 * teardown that removes whatever the test wrote there and frees the instance
 * read from it. Header-only, as each test is one file. */
#ifndef MU_TESTS_TABLEDIR_H
#define MU_TESTS_TABLEDIR_H

#include <dirent.h>
#include <unistd.h>

#include "tests/testutil.h"

#include "musubi.h"

typedef struct fixture {
    char dir[64];
    mu_instance *inst;
    mu_error err;
} fixture;

static inline int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/musubi-tables-XXXXXX");
    if (!mkdtemp(f->dir)) return free(f), -1;
    *state = f;
    return 0;
}

static inline int teardown(void **state) {
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
        unlink(path);
    }
    if (d) closedir(d);
    rmdir(f->dir);
    mu_instance_free(f->inst);
    free(f);
    return 0;
}

static inline void put_n(fixture *f, const char *name, const char *text, size_t len) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static inline void put(fixture *f, const char *name, const char *text) { put_n(f, name, text, strlen(text)); }

#endif
