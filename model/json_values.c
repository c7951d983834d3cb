/* Typed, validated reads of parsed JSON values, for the readers of the JSON
 * document (read_json.c) and of the programme (read_programme.c). Each getter
 * takes the value and its path in the document and either stores what it
 * read or adds one line "file: path: expected ..., got ..." naming what was
 * there: `inst.json: companies[3].capacity: expected an integer from 0 to
 * 1000000, got "two"`. (base/io.h's mu_json_text and mu_json_int serve
 * where a missing or wrong value needs no message of its own: tracks.c looks
 * with them before the reader proper reports.)
 *
 * Text quoted from the input is clipped (mu_json_clip) so that a message
 * stays one readable line: ids and keys at 60 bytes, strings in "got" at 40,
 * numbers in their shortest round-trip form.
 *
 * Repeated keys: cJSON keeps every member of an object, so a key given twice
 * is found here, by sorting the names (mu_first_of, O(n log n)) rather than
 * comparing each with every earlier one. */
#include <math.h>
#include <string.h>

#include "model/lint.h"
#include "model/read_internal.h"

int mu_jr_bad(mu_jreader *r, const char *path, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = mu_rd_vbad(&r->rd, path, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

void mu_jr_free(mu_jreader *r) {
    free(r->key_first);
    free(r->keys);
    r->key_first = NULL, r->keys = NULL, r->key_cap = 0;
}

const char *mu_jr_quote(const char *s) {
    static char bufs[6][200];
    static int next;
    char *b = bufs[next++ % 6];
    mu_json_clip(s, 60, 1, 0, b, sizeof bufs[0]);
    return b;
}

/* The shortest decimal text that reads back as x. */
static void shortest(double x, char *buf, size_t n) {
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(buf, n, "%.0f", x);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) return;
    }
}

const char *mu_jr_describe(const cJSON *v, char *buf, size_t n) {
    if (!v) return "nothing";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsBool(v)) return cJSON_IsTrue(v) ? "true" : "false";
    if (cJSON_IsArray(v)) return "an array";
    if (cJSON_IsObject(v)) return "an object";
    if (cJSON_IsString(v)) {
        buf[0] = '"';
        mu_json_clip(v->valuestring, 40, 1, 0, buf + 1, n - 2);
        strcat(buf, "\"");
        return buf;
    }
    if (cJSON_IsNumber(v)) {
        if (!isfinite(v->valuedouble)) return "a number out of range";
        shortest(v->valuedouble, buf, n);
        return buf;
    }
    return "an invalid value";
}

int mu_jr_is_int(const cJSON *v, int64_t lo, int64_t hi, int64_t *out) {
    if (cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble == floor(v->valuedouble) &&
        v->valuedouble >= (double)lo && v->valuedouble <= (double)hi) {
        *out = (int64_t)v->valuedouble;
        return 1;
    }
    return 0;
}

int mu_jr_int(mu_jreader *r, const char *path, const cJSON *v, int64_t lo, int64_t hi, int64_t *out) {
    char buf[256];
    *out = 0;
    if (mu_jr_is_int(v, lo, hi, out)) return MU_OK;
    return mu_jr_bad(r, path, "expected an integer from %lld to %lld, got %s", (long long)lo, (long long)hi,
                     mu_jr_describe(v, buf, sizeof buf));
}

int mu_jr_bool(mu_jreader *r, const char *path, const cJSON *v, int *out) {
    char buf[256];
    *out = 0;
    if (cJSON_IsBool(v)) {
        *out = cJSON_IsTrue(v);
        return MU_OK;
    }
    return mu_jr_bad(r, path, "expected true or false, got %s", mu_jr_describe(v, buf, sizeof buf));
}

int mu_jr_string(mu_jreader *r, const char *path, const cJSON *v, const char **out) {
    char buf[256];
    *out = "";
    if (cJSON_IsString(v)) {
        *out = v->valuestring;
        return MU_OK;
    }
    return mu_jr_bad(r, path, "expected a string, got %s", mu_jr_describe(v, buf, sizeof buf));
}

int mu_jr_id(mu_jreader *r, const char *path, const cJSON *v, const char **out) {
    if (mu_jr_string(r, path, v, out)) return MU_EINPUT;
    size_t len = strlen(*out);
    if (len == 0) return mu_jr_bad(r, path, "expected a non-empty id");
    if (len > MU_MAX_ID_BYTES) return mu_jr_bad(r, path, "id longer than %d bytes (%zu)", MU_MAX_ID_BYTES, len);
    for (const unsigned char *p = (const unsigned char *)*out; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return mu_jr_bad(r, path, "id contains a control character");
    const char *space = mu_lint_outer_space(*out); /* "A03 " must never be a new entity */
    if (space) return mu_jr_bad(r, path, "\"%s\" %s; ids compare exactly, so remove it", mu_jr_quote(*out), space);
    return MU_OK;
}

int mu_jr_level_of(const cJSON *v, int jlpt) {
    if (jlpt && cJSON_IsNull(v)) return 0;
    return !cJSON_IsString(v) ? -1 : jlpt ? mu_jlpt_parse(v->valuestring) : mu_english_parse(v->valuestring);
}

int mu_jr_level(mu_jreader *r, const char *path, const cJSON *v, int jlpt, int *out) {
    char buf[256];
    *out = 0;
    int lv = mu_jr_level_of(v, jlpt);
    if (lv < 0)
        return mu_jr_bad(r, path,
                         jlpt ? "expected \"N1\" to \"N5\" or null, got %s"
                              : "expected \"none\", \"basic\", \"daily\", \"business\" or \"native\", got %s",
                         mu_jr_describe(v, buf, sizeof buf));
    *out = lv;
    return MU_OK;
}

/* ---- repeated keys */

typedef struct strpos {
    const char *s;
    size_t pos;
} strpos;
static int cmp_strpos(const void *x, const void *y) {
    const strpos *a = x, *b = y;
    int c = strcmp(a->s, b->s);
    return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

int mu_first_of(const char *const *strs, size_t n, size_t *first, mu_error *err) {
    if (n <= 16) { /* an entity's keys: a few comparisons, no allocation (shared keys compare as pointers) */
        for (size_t i = 0; i < n; i++) {
            first[i] = i;
            for (size_t j = 0; strs[i] && j < i; j++)
                if (strs[j] && (strs[j] == strs[i] || strcmp(strs[j], strs[i]) == 0)) {
                    first[i] = first[j];
                    break;
                }
        }
        return MU_OK;
    }
    strpos *v = mu_alloc(n + 1, sizeof *v, err);
    if (!v) return MU_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        first[i] = i;
        if (strs[i]) v[m++] = (strpos){strs[i], i};
    }
    qsort(v, m, sizeof *v, cmp_strpos);
    for (size_t i = 1; i < m; i++)
        if (strcmp(v[i].s, v[i - 1].s) == 0) first[v[i].pos] = first[v[i - 1].pos];
    free(v);
    return MU_OK;
}

const size_t *mu_jr_key_first(mu_jreader *r, const cJSON *obj) {
    size_t n = 0;
    for (const cJSON *c = obj->child; c; c = c->next) n++;
    if (n + 1 > r->key_cap) {
        size_t cap = 2 * (n + 1);
        size_t *f = mu_realloc_array(r->key_first, cap, sizeof *f, r->rd.err);
        if (!f) return NULL;
        r->key_first = f;
        const char **k = mu_realloc_array(r->keys, cap, sizeof *k, r->rd.err);
        if (!k) return NULL;
        r->keys = k;
        r->key_cap = cap;
    }
    n = 0;
    for (const cJSON *c = obj->child; c; c = c->next) r->keys[n++] = c->string;
    return mu_first_of(r->keys, n, r->key_first, r->rd.err) ? NULL : r->key_first;
}

int mu_jr_keys(mu_jreader *r, const char *path, const cJSON *obj, const char *const *known, size_t nknown) {
    int rc = MU_OK;
    size_t k = 0;
    const size_t *first = mu_jr_key_first(r, obj);
    if (!first) return MU_ENOMEM;
    for (const cJSON *c = obj->child; c; c = c->next, k++) {
        size_t i = 0;
        while (i < nknown && strcmp(c->string, known[i]) != 0) i++;
        if (i == nknown) {
            rc = mu_jr_bad(r, path, "unknown key \"%s\"", mu_jr_quote(c->string));
            continue;
        }
        if (first[k] != k) rc = mu_jr_bad(r, path, "key \"%s\" appears twice", mu_jr_quote(c->string));
    }
    return rc;
}
