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
 * instance is valid. Each has a fast way for the plain case (json_arena.c;
 * the quote-free lines of csv_table.c and the parallel pairs.csv of
 * read_tables.c) that says nothing itself: whatever it cannot take is read
 * the one checked way, so every message is that way's. Parallel parts never
 * change the result: each writes places fixed before it starts. Also here:
 * the sort of the given pairs both routes share, and an index of short ids
 * for their lookups. */
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
                         "for large instances",
                         MU_MAX_JSON_BYTES >> 20);
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

/* ---- given pairs */

/* One applicant's packed pairs by company: insertion sort for the usual few
 * dozen, heapsort beyond (no extra memory, no quadratic case). */
static void sift_down(int64_t *x, int64_t root, int64_t m) {
    for (;;) {
        int64_t child = 2 * root + 1;
        if (child >= m) return;
        if (child + 1 < m && x[child + 1] > x[child]) child++;
        if (x[root] >= x[child]) return;
        int64_t tmp = x[root];
        x[root] = x[child], x[child] = tmp;
        root = child;
    }
}
void mu_sort_keys(int64_t *x, int64_t m) {
    if (m <= 48) {
        for (int64_t i = 1; i < m; i++) {
            int64_t xi = x[i], j = i;
            for (; j > 0 && x[j - 1] > xi; j--) x[j] = x[j - 1];
            x[j] = xi;
        }
        return;
    }
    for (int64_t k = m / 2; k-- > 0;) sift_down(x, k, m);
    for (int64_t end = m - 1; end > 0; end--) {
        int64_t tmp = x[0];
        x[0] = x[end], x[end] = tmp;
        sift_down(x, 0, end);
    }
}

/* Unsorted input takes one counting sort on the applicant (dense integers):
 * a pass of counts, then each packed pair scattered to its applicant's next
 * place — sequential reads and independent writes, so it runs at memory
 * bandwidth, where an in-place permutation would chase one cache miss after
 * another — and given_app is rewritten from the counts. The transient cost
 * is one more packed array (8 bytes a pair) beside the 12 that reading
 * needs; the result is the 16 bytes a pair of the instance. The runs of one
 * applicant are sorted and the pairs unpacked in parallel: each run and
 * each pair is one iteration's, so the result never depends on the threads. */
int mu_given_sort(mu_instance *inst, int by_applicant, int sorted, mu_error *err) {
    int32_t *ga = inst->given_app;
    int64_t *cw = inst->given_w, n = inst->n_given;
    if (!by_applicant) {
        int64_t *next = mu_calloc((size_t)inst->n_app + 1, sizeof *next, err);
        int64_t *out = next ? mu_alloc((size_t)n, sizeof *out, err) : NULL;
        if (!out) {
            free(next);
            return MU_ENOMEM;
        }
        for (int64_t k = 0; k < n; k++) next[ga[k] + 1]++;
        for (int32_t a = 0; a < inst->n_app; a++) next[a + 1] += next[a];
        for (int64_t k = 0; k < n; k++) out[next[ga[k]]++] = cw[k];
        /* next[a] is now the end of a's run, the start of a + 1's */
        int64_t k = 0;
        for (int32_t a = 0; a < inst->n_app; a++)
            for (; k < next[a]; k++) ga[k] = a;
        free(next);
        free(cw);
        inst->given_w = cw = out;
    }
    if (!sorted) {
#pragma omp parallel for schedule(dynamic, 4096) if (n >= MU_PARALLEL_PAIRS)
        for (int64_t lo = 0; lo < n; lo++) {
            if (lo > 0 && ga[lo - 1] == ga[lo]) continue; /* not the start of a run */
            int64_t hi = lo + 1, sorted_run = 1;
            for (; hi < n && ga[hi] == ga[lo]; hi++) sorted_run &= cw[hi - 1] <= cw[hi];
            if (!sorted_run) mu_sort_keys(cw + lo, hi - lo);
        }
    }
    int32_t *gc = mu_alloc((size_t)n + 1, sizeof *gc, err);
    if (!gc) return MU_ENOMEM;
#pragma omp parallel for schedule(static) if (n >= MU_PARALLEL_PAIRS)
    for (int64_t k = 0; k < n; k++) {
        gc[k] = (int32_t)(cw[k] >> MU_WEIGHT_BITS);
        cw[k] &= MU_WEIGHT_MASK;
    }
    inst->given_com = gc;
    return MU_OK;
}

/* ---- short ids by their bytes */

int mu_id_index_build(mu_id_index *x, const mu_symtab *ids, mu_error *err) {
    *x = (mu_id_index){0};
    for (int32_t i = 0; i < ids->n; i++)
        if (strlen(ids->str[i]) > MU_ID_INDEX_BYTES) return MU_OK; /* not usable: x->slot stays NULL */
    uint32_t nslot = 64;
    while (nslot < (uint32_t)ids->n + (uint32_t)ids->n / 2) nslot *= 2; /* load at most 2/3 */
    x->slot = mu_alloc(nslot, sizeof *x->slot, err);
    x->tail = mu_calloc((size_t)ids->n + 1, sizeof *x->tail, err);
    if (!x->slot || !x->tail) {
        mu_id_index_free(x);
        return MU_ENOMEM;
    }
    for (uint32_t k = 0; k < nslot; k++) x->slot[k].id = -1;
    x->mask = nslot - 1;
    for (int32_t i = 0; i < ids->n; i++) {
        const char *s = ids->str[i];
        size_t len = strlen(s);
        uint64_t k0 = mu_id_word(s, len, 0), k1 = len > 8 ? mu_id_word(s + 8, len - 8, 0) : 0;
        uint32_t h = mu_id_hash(k0, k1, len) & x->mask;
        while (x->slot[h].id >= 0) h = (h + 1) & x->mask;
        x->slot[h] = (mu_id_slot){k0, i, (uint32_t)len};
        x->tail[i] = k1;
    }
    return MU_OK;
}

void mu_id_index_free(mu_id_index *x) {
    free(x->slot);
    free(x->tail);
    *x = (mu_id_index){0};
}
