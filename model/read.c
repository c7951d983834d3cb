/* Reading an instance (instances/FORMAT.md): the one entry point,
 * mu_instance_read, which takes a directory for the compact route of CSV
 * tables (read_tables.c) and anything else for a musubi-instance-1 JSON file
 * (read_json.c); and what every reader shares (read_internal.h lists them
 * all): the reader context through which each problem becomes one line
 * "file: record: field: problem", and the growable arrays in which entities'
 * lists and attributes collect before they are handed to the instance.
 *
 * mu_instance_from_json takes the same document from memory; the arrays
 * route (read_arrays.c) builds the instance from the caller's arrays.
 *
 * Every route builds the same mu_instance for the same content and validates it
 * fully before anything else sees it; nothing is returned unless the whole
 * instance is valid. Reading is single-threaded. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "model/read_internal.h"

int mu_instance_read(const char *path, mu_instance **out, mu_error *err) {
    MU_REQUIRE(path && out);
    mu_error_clear(err);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return mu_read_tables(path, out, err);
    return mu_read_json(path, out, err);
}

int mu_instance_from_json(const char *source, const char *text, size_t len, mu_instance **out, mu_error *err) {
    MU_REQUIRE(text && out);
    mu_error_clear(err);
    *out = NULL;
    if (!source) source = "<memory>";
    if (len > MU_MAX_JSON_BYTES)
        return mu_rd_bad(&(mu_rd){source, err}, NULL, NULL,
                         "larger than %zu MiB; use the arrays route (mu_instance_build) or the CSV-table route "
                         "for large instances", MU_MAX_JSON_BYTES >> 20);
    /* The reader wants text[len] == '\0', which the caller's buffer need not
     * have: a copy (a fraction of what parsing costs). */
    char *copy = mu_alloc(len + 1, 1, err);
    if (!copy) return MU_ENOMEM;
    memcpy(copy, text, len);
    copy[len] = '\0';
    int rc = mu_read_json_text(source, copy, len, out, err);
    free(copy);
    return rc;
}

/* ---- the reader context */

int mu_rd_vbad(const mu_rd *rd, const char *record, const char *field, const char *fmt, va_list ap) {
    char msg[600];
    vsnprintf(msg, sizeof msg, fmt, ap);
    int has_record = record && *record, has_field = field && *field;
    if (has_record && has_field) return mu_err(rd->err, MU_EINPUT, "%s: %s: %s: %s", rd->file, record, field, msg);
    if (has_record || has_field)
        return mu_err(rd->err, MU_EINPUT, "%s: %s: %s", rd->file, has_record ? record : field, msg);
    return mu_err(rd->err, MU_EINPUT, "%s: %s", rd->file, msg);
}

int mu_rd_bad(const mu_rd *rd, const char *record, const char *field, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = mu_rd_vbad(rd, record, field, fmt, ap);
    va_end(ap);
    return rc;
}

int mu_rd_fail(const mu_rd *rd, mu_code code, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mu_err(rd->err, code, "%s: %s", rd->file, msg);
}

int mu_worse(int rc, int other) {
    if (rc == MU_ENOMEM || other == MU_ENOMEM) return MU_ENOMEM;
    return rc ? rc : other;
}

/* ---- growable arrays */

int mu_rows_finish(mu_growrows *g, mu_rows *out, mu_error *err) {
    out->off = g->off;
    out->item = g->item;
    *g = (mu_growrows){0};
    if (!out->item && !(out->item = mu_alloc(1, sizeof(int32_t), err))) return MU_ENOMEM;
    return MU_OK;
}

int mu_attrs_finish(mu_growattrs *g, mu_attrs *out, mu_error *err) {
    *out = (mu_attrs){g->off, g->key, g->val};
    *g = (mu_growattrs){0};
    if (!out->key && !(out->key = mu_alloc(1, sizeof(int32_t), err))) return MU_ENOMEM;
    if (!out->val && !(out->val = mu_alloc(1, sizeof(int32_t), err))) return MU_ENOMEM;
    return MU_OK;
}

void mu_rows_free(mu_growrows *g) {
    free(g->off);
    free(g->item);
    *g = (mu_growrows){0};
}

void mu_attrs_free(mu_growattrs *g) {
    free(g->off);
    free(g->key);
    free(g->val);
    *g = (mu_growattrs){0};
}
