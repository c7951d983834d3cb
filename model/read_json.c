/* Reads a musubi-instance-1 JSON file (instances/FORMAT.md) and validates it
 * fully before anything else sees it. Every problem is one line naming the
 * file, the record and the field: `inst.json: companies[3].capacity: expected
 * an integer from 0 to 1000000, got "two"`. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/instance.h"
#include "base/io.h"
#include "model/lint.h"
#include "model/read_internal.h"

#define MAX_JSON_BYTES ((size_t)256 << 20)

typedef struct reader {
    const char *file;
    mu_instance *inst;
    mu_error *err;
    size_t *key_first; /* scratch of key_first() */
    const char **keys;
    size_t key_cap;
} reader;

/* Growable arrays used while reading. */
typedef struct growrows {
    int64_t *off;
    int32_t *item;
    int64_t n, cap;
} growrows;
typedef struct growattrs {
    int64_t *off;
    int32_t *key, *val;
    int64_t n, cap;
} growattrs;

static int bad(reader *r, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#include <stdarg.h>
static int bad(reader *r, const char *path, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (path && *path) return mu_err(r->err, MU_EINPUT, "%s: %s: %s", r->file, path, msg);
    return mu_err(r->err, MU_EINPUT, "%s: %s", r->file, msg);
}

/* Text from the file, made fit for a one-line message: at most `max` bytes,
 * cut at a UTF-8 character boundary (then "..." follows), control characters
 * and (when `quotes`) quotes and backslashes escaped as in JSON; stops at a
 * line end when `eol`. */
static void clip(const char *s, size_t max, int quotes, int eol, char *buf, size_t n) {
    size_t o = 0, i = 0;
    while (s[i] && o + 8 < n) {
        unsigned char ch = (unsigned char)s[i];
        if (eol && (ch == '\n' || ch == '\r')) break;
        size_t len = ch < 0x80 ? 1 : ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : 2;
        for (size_t k = 1; k < len; k++)
            if (((unsigned char)s[i + k] & 0xc0) != 0x80) { /* not UTF-8: never copy what follows */
                o += (size_t)snprintf(buf + o, n - o, "\\x%02x", ch);
                len = 0;
                break;
            }
        if (!len) {
            i++;
            continue;
        }
        if (i + len > max) {
            snprintf(buf + o, n - o, "...");
            return;
        }
        if (ch < 0x20 || (quotes && (ch == '"' || ch == '\\'))) {
            const char *esc = ch == '\n' ? "\\n" : ch == '\t' ? "\\t" : ch == '\r' ? "\\r" : ch == '"' ? "\\\"" : ch == '\\' ? "\\\\" : NULL;
            o += esc ? (size_t)snprintf(buf + o, n - o, "%s", esc) : (size_t)snprintf(buf + o, n - o, "\\u%04x", ch);
            i++;
            continue;
        }
        for (size_t k = 0; k < len && s[i]; k++) buf[o++] = s[i++];
    }
    buf[o] = '\0';
    if (s[i] && !(eol && (s[i] == '\n' || s[i] == '\r')) && o + 4 < n) snprintf(buf + o, n - o, "...");
}

/* clip() into one of a few rotating buffers, for ids and keys in messages
 * (several may appear in one message; the reader is single-threaded). */
static const char *Q(const char *s) {
    static char bufs[6][200];
    static int next;
    char *b = bufs[next++ % 6];
    clip(s, 60, 1, 0, b, sizeof bufs[0]);
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

/* What a JSON value is, for "got ..." in messages; strings are quoted and
 * cut at 40 bytes. */
static const char *describe(const cJSON *v, char *buf, size_t n) {
    if (!v) return "nothing";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsBool(v)) return cJSON_IsTrue(v) ? "true" : "false";
    if (cJSON_IsArray(v)) return "an array";
    if (cJSON_IsObject(v)) return "an object";
    if (cJSON_IsString(v)) {
        buf[0] = '"';
        clip(v->valuestring, 40, 1, 0, buf + 1, n - 2);
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

static int get_int(reader *r, const char *path, const cJSON *v, int64_t lo, int64_t hi, int64_t *out) {
    char buf[256];
    *out = 0;
    if (cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble == floor(v->valuedouble) &&
        v->valuedouble >= (double)lo && v->valuedouble <= (double)hi) {
        *out = (int64_t)v->valuedouble;
        return MU_OK;
    }
    return bad(r, path, "expected an integer from %lld to %lld, got %s", (long long)lo, (long long)hi,
               describe(v, buf, sizeof buf));
}

static int get_bool(reader *r, const char *path, const cJSON *v, int *out) {
    char buf[256];
    *out = 0;
    if (cJSON_IsBool(v)) {
        *out = cJSON_IsTrue(v);
        return MU_OK;
    }
    return bad(r, path, "expected true or false, got %s", describe(v, buf, sizeof buf));
}

static int get_string(reader *r, const char *path, const cJSON *v, const char **out) {
    char buf[256];
    *out = "";
    if (cJSON_IsString(v)) {
        *out = v->valuestring;
        return MU_OK;
    }
    return bad(r, path, "expected a string, got %s", describe(v, buf, sizeof buf));
}

static int check_id(reader *r, const char *path, const cJSON *v, const char **out) {
    if (get_string(r, path, v, out)) return MU_EINPUT;
    size_t len = strlen(*out);
    if (len == 0) return bad(r, path, "expected a non-empty id");
    if (len > MU_MAX_ID_BYTES) return bad(r, path, "id longer than %d bytes (%zu)", MU_MAX_ID_BYTES, len);
    for (const unsigned char *p = (const unsigned char *)*out; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return bad(r, path, "id contains a control character");
    const char *space = mu_lint_outer_space(*out); /* "A03 " must never be a new entity */
    if (space) return bad(r, path, "\"%s\" %s; ids compare exactly, so remove it", Q(*out), space);
    return MU_OK;
}

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

size_t *mu_json_key_first(const cJSON *obj, mu_error *err) {
    size_t n = 0;
    for (const cJSON *c = obj->child; c; c = c->next) n++;
    const char **keys = mu_alloc(n + 1, sizeof *keys, err);
    size_t *first = mu_alloc(n + 1, sizeof *first, err);
    if (keys && first) {
        n = 0;
        for (const cJSON *c = obj->child; c; c = c->next) keys[n++] = c->string;
    }
    if (!keys || !first || mu_first_of(keys, n, first, err)) {
        free(keys);
        free(first);
        return NULL;
    }
    free(keys);
    return first;
}

/* mu_json_key_first into the reader's scratch: no allocation per object. */
static const size_t *key_first(reader *r, const cJSON *obj) {
    size_t n = 0;
    for (const cJSON *c = obj->child; c; c = c->next) n++;
    if (n + 1 > r->key_cap) {
        size_t cap = 2 * (n + 1);
        size_t *f = mu_realloc_array(r->key_first, cap, sizeof *f, r->err);
        if (!f) return NULL;
        r->key_first = f;
        const char **k = mu_realloc_array(r->keys, cap, sizeof *k, r->err);
        if (!k) return NULL;
        r->keys = k;
        r->key_cap = cap;
    }
    n = 0;
    for (const cJSON *c = obj->child; c; c = c->next) r->keys[n++] = c->string;
    return mu_first_of(r->keys, n, r->key_first, r->err) ? NULL : r->key_first;
}

static void reader_free(reader *r) {
    free(r->key_first);
    free(r->keys);
    r->key_first = NULL, r->keys = NULL, r->key_cap = 0;
}

/* Objects with a fixed schema: reject unknown and repeated keys. */
static int check_keys(reader *r, const char *path, const cJSON *obj, const char *const *known, size_t nknown) {
    int rc = MU_OK;
    size_t k = 0;
    const size_t *first = key_first(r, obj);
    if (!first) return MU_ENOMEM;
    for (const cJSON *c = obj->child; c; c = c->next, k++) {
        size_t i = 0;
        while (i < nknown && strcmp(c->string, known[i]) != 0) i++;
        if (i == nknown) {
            rc = bad(r, path, "unknown key \"%s\"", Q(c->string));
            continue;
        }
        if (first[k] != k) rc = bad(r, path, "key \"%s\" appears twice", Q(c->string));
    }
    return rc;
}

static int rows_push(reader *r, growrows *g, int32_t item) {
    if (g->n == g->cap) {
        int64_t cap = g->cap ? g->cap * 2 : 256;
        int32_t *ni = mu_realloc_array(g->item, (size_t)cap, sizeof *ni, r->err);
        if (!ni) return MU_ENOMEM;
        g->item = ni;
        g->cap = cap;
    }
    g->item[g->n++] = item;
    return MU_OK;
}

static int attrs_push(reader *r, growattrs *g, const char *key, const char *val) {
    mu_symtab *syms = &r->inst->syms;
    int32_t k = mu_sym_intern(syms, key, r->err), v = mu_sym_intern(syms, val, r->err);
    if (k < 0 || v < 0) return MU_ENOMEM;
    if (g->n == g->cap) {
        int64_t cap = g->cap ? g->cap * 2 : 256;
        int32_t *nk = mu_realloc_array(g->key, (size_t)cap, sizeof *nk, r->err);
        if (!nk) return MU_ENOMEM;
        g->key = nk;
        int32_t *nv = mu_realloc_array(g->val, (size_t)cap, sizeof *nv, r->err);
        if (!nv) return MU_ENOMEM;
        g->val = nv;
        g->cap = cap;
    }
    g->key[g->n] = k;
    g->val[g->n] = v;
    g->n++;
    return MU_OK;
}

/* A free attribute: string, integer, boolean or array of strings. */
static int read_free_attr(reader *r, const char *path, const cJSON *v, growattrs *g) {
    char buf[256];
    if (cJSON_IsString(v)) return attrs_push(r, g, v->string, v->valuestring);
    if (cJSON_IsBool(v)) return attrs_push(r, g, v->string, cJSON_IsTrue(v) ? "true" : "false");
    if (cJSON_IsNumber(v)) {
        int64_t x;
        if (get_int(r, path, v, -1000000000000LL, 1000000000000LL, &x)) return MU_EINPUT;
        snprintf(buf, sizeof buf, "%lld", (long long)x);
        return attrs_push(r, g, v->string, buf);
    }
    if (cJSON_IsArray(v)) {
        int i = 0;
        for (const cJSON *e = v->child; e; e = e->next, i++) {
            if (!cJSON_IsString(e)) {
                char pe[420];
                snprintf(pe, sizeof pe, "%s[%d]", path, i);
                return bad(r, pe, "expected a string, got %s", describe(e, buf, sizeof buf));
            }
            if (attrs_push(r, g, v->string, e->valuestring)) return MU_ENOMEM;
        }
        return MU_OK;
    }
    return bad(r, path, "expected a string, integer, boolean or array of strings, got %s",
               describe(v, buf, sizeof buf));
}

/* A list of ids of the other side, distinct, appended to g. */
static int read_id_list(reader *r, const char *path, const cJSON *v, const mu_symtab *ids, const char *side,
                        growrows *g, int32_t *seen_mark, int32_t mark) {
    char buf[256], p[400];
    if (!cJSON_IsArray(v)) return bad(r, path, "expected an array of %s ids, got %s", side, describe(v, buf, sizeof buf));
    int rc = MU_OK, i = 0;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        snprintf(p, sizeof p, "%s[%d]", path, i);
        const char *s;
        if (get_string(r, p, e, &s)) {
            rc = MU_EINPUT;
            continue;
        }
        int32_t id = mu_sym_find(ids, s);
        if (id < 0) {
            rc = bad(r, p, "unknown %s id \"%s\"", side, Q(s));
            continue;
        }
        if (seen_mark[id] == mark) {
            rc = bad(r, p, "%s \"%s\" listed twice", side, Q(s));
            continue;
        }
        seen_mark[id] = mark;
        if (rows_push(r, g, id)) return MU_ENOMEM;
    }
    return rc;
}

static int level_field(reader *r, const char *path, const cJSON *v, int jlpt, int *out) {
    char buf[256];
    *out = 0;
    if (jlpt && cJSON_IsNull(v)) {
        *out = 0;
        return MU_OK;
    }
    int lv = cJSON_IsString(v) ? (jlpt ? mu_jlpt_parse(v->valuestring) : mu_english_parse(v->valuestring)) : -1;
    if (lv < 0)
        return bad(r, path, jlpt ? "expected \"N1\" to \"N5\" or null, got %s"
                                 : "expected \"none\", \"basic\", \"daily\", \"business\" or \"native\", got %s",
                   describe(v, buf, sizeof buf));
    *out = lv;
    return MU_OK;
}

/* ---- applicants and companies */

static int read_ids(reader *r, const cJSON *arr, const char *side, mu_symtab *ids) {
    char p[64];
    int rc = MU_OK, i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        char buf[256];
        snprintf(p, sizeof p, "%s[%d]", side, i);
        if (!cJSON_IsObject(e)) {
            rc = bad(r, p, "expected an object, got %s", describe(e, buf, sizeof buf));
            continue;
        }
        const cJSON *idv = cJSON_GetObjectItemCaseSensitive(e, "id");
        snprintf(p, sizeof p, "%s[%d].id", side, i);
        const char *id;
        if (!idv) {
            rc = bad(r, p, "missing");
            continue;
        }
        if (check_id(r, p, idv, &id)) {
            rc = MU_EINPUT;
            continue;
        }
        if (mu_sym_find(ids, id) >= 0) {
            rc = bad(r, p, "duplicate id \"%s\"", Q(id));
            continue;
        }
        if (mu_sym_intern(ids, id, r->err) < 0) return MU_ENOMEM;
    }
    return rc;
}

static int read_applicants(reader *r, const cJSON *arr, growrows *pref, growattrs *attrs, int32_t *mark) {
    mu_instance *inst = r->inst;
    int rc = MU_OK, i = 0;
    char p[400];
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        mu_applicant *ap = &inst->app[i];
        *ap = (mu_applicant){.nationality = -1, .field = -1, .age = -1};
        pref->off[i] = pref->n;
        attrs->off[i] = attrs->n;
        /* Repeated keys first: the scratch of key_first is reused below. */
        size_t kf = 0;
        const size_t *first = key_first(r, e);
        if (!first) return MU_ENOMEM;
        for (const cJSON *f = e->child; f; f = f->next, kf++)
            if (first[kf] != kf) {
                snprintf(p, sizeof p, "applicants[%d].%s", i, Q(f->string));
                rc = bad(r, p, "key appears twice");
            }
        for (const cJSON *f = e->child; f; f = f->next) {
            const char *k = f->string;
            snprintf(p, sizeof p, "applicants[%d].%s", i, Q(k));
            const char *s;
            int64_t x;
            int lv, b;
            if (strcmp(k, "id") == 0) continue;
            if (strcmp(k, "nationality") == 0 || strcmp(k, "field") == 0) {
                if (get_string(r, p, f, &s)) { rc = MU_EINPUT; continue; }
                int32_t sym = mu_sym_intern(&inst->syms, s, r->err);
                if (sym < 0) return MU_ENOMEM;
                if (k[0] == 'n') ap->nationality = sym;
                else ap->field = sym;
                if (attrs_push(r, attrs, k, s)) return MU_ENOMEM;
            } else if (strcmp(k, "age") == 0) {
                if (get_int(r, p, f, 0, 150, &x)) { rc = MU_EINPUT; continue; }
                ap->age = (int16_t)x;
                char buf[32];
                snprintf(buf, sizeof buf, "%lld", (long long)x);
                if (attrs_push(r, attrs, k, buf)) return MU_ENOMEM;
            } else if (strcmp(k, "jlpt") == 0 || strcmp(k, "english") == 0) {
                int jl = k[0] == 'j';
                if (level_field(r, p, f, jl, &lv)) { rc = MU_EINPUT; continue; }
                if (jl) ap->jlpt = (int8_t)lv;
                else ap->english = (int8_t)lv;
                if (!(jl && lv == 0) && attrs_push(r, attrs, k, jl ? mu_jlpt_name(lv) : mu_english_name(lv)))
                    return MU_ENOMEM;
            } else if (strcmp(k, "degree") == 0 || strcmp(k, "recommendation") == 0) {
                if (get_bool(r, p, f, &b)) { rc = MU_EINPUT; continue; }
                if (k[0] == 'd') ap->degree = (int8_t)b;
                else ap->recommendation = (int8_t)b;
                if (attrs_push(r, attrs, k, b ? "true" : "false")) return MU_ENOMEM;
            } else if (strcmp(k, "preferences") == 0) {
                int rr = read_id_list(r, p, f, &inst->com_ids, "company", pref, mark, i);
                if (rr == MU_ENOMEM) return rr;
                if (rr) rc = rr;
            } else {
                int rr = read_free_attr(r, p, f, attrs);
                if (rr == MU_ENOMEM) return rr;
                if (rr) rc = rr;
            }
        }
    }
    pref->off[i] = pref->n;
    attrs->off[i] = attrs->n;
    return rc;
}

static int read_requires(reader *r, const char *path, const cJSON *v, mu_company *co, growrows *fields, int32_t c) {
    static const char *const known[] = {"jlpt", "english", "fields", "degree"};
    char buf[256], p[400];
    (void)c;
    if (!cJSON_IsObject(v)) return bad(r, path, "expected an object, got %s", describe(v, buf, sizeof buf));
    int rc = check_keys(r, path, v, known, MU_ARRAY_LEN(known));
    for (const cJSON *f = v->child; f; f = f->next) {
        snprintf(p, sizeof p, "%s.%s", path, f->string);
        int lv, b;
        if (strcmp(f->string, "jlpt") == 0) {
            if (cJSON_IsNull(f) || level_field(r, p, f, 1, &lv)) { rc = cJSON_IsNull(f) ? bad(r, p, "expected \"N1\" to \"N5\", got null") : MU_EINPUT; continue; }
            co->req_jlpt = (int8_t)lv;
        } else if (strcmp(f->string, "english") == 0) {
            if (level_field(r, p, f, 0, &lv)) { rc = MU_EINPUT; continue; }
            co->req_english = (int8_t)lv;
        } else if (strcmp(f->string, "degree") == 0) {
            if (get_bool(r, p, f, &b)) { rc = MU_EINPUT; continue; }
            co->req_degree = (int8_t)b;
        } else if (strcmp(f->string, "fields") == 0) {
            if (!cJSON_IsArray(f)) { rc = bad(r, p, "expected an array of strings, got %s", describe(f, buf, sizeof buf)); continue; }
            if (!f->child) { rc = bad(r, p, "expected at least one field (leave fields out for no requirement)"); continue; }
            co->has_req_fields = 1;
            int i = 0;
            for (const cJSON *e = f->child; e; e = e->next, i++) {
                const char *s;
                char pe[420];
                snprintf(pe, sizeof pe, "%s[%d]", p, i);
                if (get_string(r, pe, e, &s)) { rc = MU_EINPUT; continue; }
                int32_t sym = mu_sym_intern(&r->inst->syms, s, r->err);
                if (sym < 0 || rows_push(r, fields, sym)) return MU_ENOMEM;
            }
        }
    }
    return rc;
}

static int read_companies(reader *r, const cJSON *arr, growrows *pref, growrows *target, growrows *fields,
                          growattrs *attrs, int32_t *mark) {
    mu_instance *inst = r->inst;
    int rc = MU_OK, i = 0;
    char p[400], buf[64];
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        mu_company *co = &inst->com[i];
        *co = (mu_company){0};
        pref->off[i] = pref->n;
        target->off[i] = target->n;
        fields->off[i] = fields->n;
        attrs->off[i] = attrs->n;
        if (!cJSON_GetObjectItemCaseSensitive(e, "capacity")) {
            snprintf(p, sizeof p, "companies[%d].capacity", i);
            rc = bad(r, p, "missing");
        }
        /* Repeated keys first: the scratch of key_first is reused below. */
        size_t kf = 0;
        const size_t *first = key_first(r, e);
        if (!first) return MU_ENOMEM;
        for (const cJSON *f = e->child; f; f = f->next, kf++)
            if (first[kf] != kf) {
                snprintf(p, sizeof p, "companies[%d].%s", i, Q(f->string));
                rc = bad(r, p, "key appears twice");
            }
        for (const cJSON *f = e->child; f; f = f->next) {
            const char *k = f->string;
            snprintf(p, sizeof p, "companies[%d].%s", i, Q(k));
            int64_t x;
            if (strcmp(k, "id") == 0) continue;
            if (strcmp(k, "capacity") == 0) {
                if (get_int(r, p, f, 0, MU_MAX_CAPACITY, &x)) { rc = MU_EINPUT; continue; }
                co->capacity = (int32_t)x;
                snprintf(buf, sizeof buf, "%lld", (long long)x);
                if (attrs_push(r, attrs, k, buf)) return MU_ENOMEM;
            } else if (strcmp(k, "target_markets") == 0) {
                if (!cJSON_IsArray(f)) { rc = bad(r, p, "expected an array of strings, got %s", describe(f, buf, sizeof buf)); continue; }
                int j = 0;
                for (const cJSON *t = f->child; t; t = t->next, j++) {
                    char pe[420];
                    const char *s;
                    snprintf(pe, sizeof pe, "%s[%d]", p, j);
                    if (get_string(r, pe, t, &s)) { rc = MU_EINPUT; continue; }
                    int32_t sym = mu_sym_intern(&inst->syms, s, r->err);
                    if (sym < 0 || rows_push(r, target, sym) || attrs_push(r, attrs, k, s)) return MU_ENOMEM;
                }
            } else if (strcmp(k, "requires") == 0) {
                int rr = read_requires(r, p, f, co, fields, i);
                if (rr == MU_ENOMEM) return rr;
                if (rr) rc = rr;
            } else if (strcmp(k, "preferences") == 0) {
                int rr = read_id_list(r, p, f, &inst->app_ids, "applicant", pref, mark, i);
                if (rr == MU_ENOMEM) return rr;
                if (rr) rc = rr;
            } else {
                int rr = read_free_attr(r, p, f, attrs);
                if (rr == MU_ENOMEM) return rr;
                if (rr) rc = rr;
            }
        }
    }
    pref->off[i] = pref->n;
    target->off[i] = target->n;
    fields->off[i] = fields->n;
    attrs->off[i] = attrs->n;
    return rc;
}

/* ---- pairs */
static mu_instance *sort_inst; /* qsort has no context argument in C11 */
static int cmp_given(const void *x, const void *y) {
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    const mu_instance *in = sort_inst;
    if (in->given_app[a] != in->given_app[b]) return in->given_app[a] < in->given_app[b] ? -1 : 1;
    if (in->given_com[a] != in->given_com[b]) return in->given_com[a] < in->given_com[b] ? -1 : 1;
    return (a > b) - (a < b);
}

static int read_pairs(reader *r, const cJSON *arr) {
    static const char *const known[] = {"applicant", "company", "weight"};
    mu_instance *inst = r->inst;
    int64_t n = cJSON_GetArraySize(arr);
    inst->has_pairs = 1;
    inst->n_given = n;
    inst->given_app = mu_alloc((size_t)n, sizeof(int32_t), r->err);
    inst->given_com = mu_alloc((size_t)n, sizeof(int32_t), r->err);
    inst->given_w = mu_alloc((size_t)n, sizeof(int64_t), r->err);
    if (!inst->given_app || !inst->given_com || !inst->given_w) return MU_ENOMEM;
    int rc = MU_OK;
    int64_t i = 0;
    char p[400], buf[64];
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        snprintf(p, sizeof p, "pairs[%lld]", (long long)i);
        inst->given_app[i] = inst->given_com[i] = -1;
        if (!cJSON_IsObject(e)) { rc = bad(r, p, "expected an object, got %s", describe(e, buf, sizeof buf)); continue; }
        if (check_keys(r, p, e, known, MU_ARRAY_LEN(known))) rc = MU_EINPUT;
        for (int k = 0; k < 3; k++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, known[k]);
            char pf[420];
            snprintf(pf, sizeof pf, "%s.%s", p, known[k]);
            const char *s;
            int64_t x;
            if (!v) { rc = bad(r, pf, "missing"); continue; }
            if (k == 2) {
                if (get_int(r, pf, v, 0, MU_MAX_WEIGHT, &x)) rc = MU_EINPUT;
                else inst->given_w[i] = x;
                continue;
            }
            if (get_string(r, pf, v, &s)) { rc = MU_EINPUT; continue; }
            int32_t id = mu_sym_find(k == 0 ? &inst->app_ids : &inst->com_ids, s);
            if (id < 0) rc = bad(r, pf, "unknown %s id \"%s\"", known[k], Q(s));
            else if (k == 0) inst->given_app[i] = id;
            else inst->given_com[i] = id;
        }
    }
    if (rc) return rc;
    /* Sort by (applicant, company), keeping the original index to name
     * duplicates by their position in the file. */
    int64_t *perm = mu_alloc((size_t)n, sizeof *perm, r->err);
    int32_t *ta = mu_alloc((size_t)n, sizeof *ta, r->err), *tc = mu_alloc((size_t)n, sizeof *tc, r->err);
    int64_t *tw = mu_alloc((size_t)n, sizeof *tw, r->err);
    if (!perm || !ta || !tc || !tw) {
        free(perm), free(ta), free(tc), free(tw);
        return MU_ENOMEM;
    }
    for (int64_t k = 0; k < n; k++) perm[k] = k;
    sort_inst = inst;
    qsort(perm, (size_t)n, sizeof *perm, cmp_given);
    for (int64_t k = 0; k < n; k++) {
        ta[k] = inst->given_app[perm[k]];
        tc[k] = inst->given_com[perm[k]];
        tw[k] = inst->given_w[perm[k]];
        if (k > 0 && ta[k] == ta[k - 1] && tc[k] == tc[k - 1]) {
            snprintf(p, sizeof p, "pairs[%lld]", (long long)perm[k]);
            rc = bad(r, p, "duplicate of pairs[%lld] (applicant \"%s\", company \"%s\")", (long long)perm[k - 1],
                     Q(inst->app_ids.str[ta[k]]), Q(inst->com_ids.str[tc[k]]));
        }
    }
    free(perm);
    free(inst->given_app);
    free(inst->given_com);
    free(inst->given_w);
    inst->given_app = ta;
    inst->given_com = tc;
    inst->given_w = tw;
    return rc;
}

/* ---- rules, weights */
static int read_rules(reader *r, const cJSON *v) {
    static const char *const known[] = {"age", "language", "degree_or_recommendation", "nationalities",
                                        "mutual_preferences"};
    mu_rules *ru = &r->inst->rules;
    char buf[256];
    if (!cJSON_IsObject(v)) return bad(r, "rules", "expected an object, got %s", describe(v, buf, sizeof buf));
    int rc = check_keys(r, "rules", v, known, MU_ARRAY_LEN(known));
    const cJSON *f;
    if ((f = cJSON_GetObjectItemCaseSensitive(v, "age"))) {
        static const char *const ak[] = {"min", "max"};
        if (!cJSON_IsObject(f)) rc = bad(r, "rules.age", "expected an object with min and/or max, got %s", describe(f, buf, sizeof buf));
        else if (check_keys(r, "rules.age", f, ak, 2)) rc = MU_EINPUT;
        else {
            int64_t lo = 0, hi = 150;
            const cJSON *m;
            if ((m = cJSON_GetObjectItemCaseSensitive(f, "min")) && get_int(r, "rules.age.min", m, 0, 150, &lo)) rc = MU_EINPUT;
            if ((m = cJSON_GetObjectItemCaseSensitive(f, "max")) && get_int(r, "rules.age.max", m, 0, 150, &hi)) rc = MU_EINPUT;
            if (!f->child) rc = bad(r, "rules.age", "expected min and/or max");
            if (lo > hi) rc = bad(r, "rules.age", "min %lld is greater than max %lld", (long long)lo, (long long)hi);
            ru->has_age = 1, ru->age_min = (int)lo, ru->age_max = (int)hi;
        }
    }
    if ((f = cJSON_GetObjectItemCaseSensitive(v, "language"))) {
        static const char *const lk[] = {"jlpt", "english"};
        if (!cJSON_IsObject(f)) rc = bad(r, "rules.language", "expected an object with jlpt and/or english, got %s", describe(f, buf, sizeof buf));
        else if (!f->child) rc = bad(r, "rules.language", "expected jlpt and/or english");
        else if (check_keys(r, "rules.language", f, lk, 2)) rc = MU_EINPUT;
        else {
            const cJSON *m;
            int lv;
            ru->has_language = 1;
            if ((m = cJSON_GetObjectItemCaseSensitive(f, "jlpt"))) {
                if (cJSON_IsNull(m) || level_field(r, "rules.language.jlpt", m, 1, &lv)) rc = cJSON_IsNull(m) ? bad(r, "rules.language.jlpt", "expected \"N1\" to \"N5\", got null") : MU_EINPUT;
                else ru->lang_jlpt = lv;
            }
            if ((m = cJSON_GetObjectItemCaseSensitive(f, "english"))) {
                if (level_field(r, "rules.language.english", m, 0, &lv)) rc = MU_EINPUT;
                else if (lv == MU_EN_NONE) rc = bad(r, "rules.language.english", "\"none\" is not a minimum; leave english out");
                else ru->lang_english = lv;
            }
        }
    }
    if ((f = cJSON_GetObjectItemCaseSensitive(v, "degree_or_recommendation")) &&
        get_bool(r, "rules.degree_or_recommendation", f, &ru->degree_or_recommendation))
        rc = MU_EINPUT;
    if ((f = cJSON_GetObjectItemCaseSensitive(v, "mutual_preferences")) &&
        get_bool(r, "rules.mutual_preferences", f, &ru->mutual_preferences))
        rc = MU_EINPUT;
    if ((f = cJSON_GetObjectItemCaseSensitive(v, "nationalities"))) {
        if (!cJSON_IsArray(f)) return bad(r, "rules.nationalities", "expected an array of strings, got %s", describe(f, buf, sizeof buf));
        int n = cJSON_GetArraySize(f), i = 0;
        ru->has_nationalities = 1;
        ru->nationalities = mu_alloc((size_t)n, sizeof(int32_t), r->err);
        if (!ru->nationalities) return MU_ENOMEM;
        for (const cJSON *e = f->child; e; e = e->next, i++) {
            char p[64];
            const char *s;
            snprintf(p, sizeof p, "rules.nationalities[%d]", i);
            if (get_string(r, p, e, &s)) { rc = MU_EINPUT; continue; }
            int32_t sym = mu_sym_intern(&r->inst->syms, s, r->err);
            if (sym < 0) return MU_ENOMEM;
            ru->nationalities[ru->n_nationalities++] = sym;
        }
    }
    return rc;
}

static int read_weights(reader *r, const cJSON *v) {
    static const char *const known[] = {"base", "applicant_rank", "company_rank", "target_market"};
    char buf[256];
    if (!cJSON_IsObject(v)) return bad(r, "weights", "expected an object, got %s", describe(v, buf, sizeof buf));
    int rc = check_keys(r, "weights", v, known, MU_ARRAY_LEN(known));
    int64_t *dst[] = {&r->inst->weights.base, &r->inst->weights.applicant_rank, &r->inst->weights.company_rank,
                      &r->inst->weights.target_market};
    for (size_t k = 0; k < MU_ARRAY_LEN(known); k++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(v, known[k]);
        char p[64];
        snprintf(p, sizeof p, "weights.%s", known[k]);
        if (f && get_int(r, p, f, 0, MU_MAX_WEIGHT_PARAM, dst[k])) rc = MU_EINPUT;
    }
    return rc;
}

/* ---- quotas */
static int attr_key_exists(const mu_attrs *a, int64_t n, int32_t key) {
    for (int64_t k = 0; k < a->off[n]; k++)
        if (a->key[k] == key) return 1;
    return 0;
}

static int read_filter(reader *r, const char *path, const cJSON *v, int app_side, mu_filter **out, int32_t *nout) {
    char buf[256], p[400];
    mu_instance *inst = r->inst;
    if (!cJSON_IsObject(v)) return bad(r, path, "expected an object mapping attributes to values, got %s", describe(v, buf, sizeof buf));
    int n = cJSON_GetArraySize(v), rc = MU_OK;
    *out = mu_calloc((size_t)n, sizeof **out, r->err);
    if (!*out) return MU_ENOMEM;
    for (const cJSON *f = v->child; f; f = f->next) {
        snprintf(p, sizeof p, "%s.%s", path, Q(f->string));
        mu_filter *fl = &(*out)[(*nout)++];
        fl->key = mu_sym_intern(&inst->syms, f->string, r->err);
        if (fl->key < 0) return MU_ENOMEM;
        const mu_attrs *attrs = app_side ? &inst->app_attrs : &inst->com_attrs;
        if (strcmp(f->string, "id") != 0 && !attr_key_exists(attrs, app_side ? inst->n_app : inst->n_com, fl->key)) {
            char hint[160];
            mu_lint_key_hint(inst, app_side, f->string, hint, sizeof hint);
            rc = bad(r, p, "no %s has the attribute \"%s\"%s", app_side ? "applicant" : "company", Q(f->string), hint);
        }
        const cJSON *vals = f;
        if (cJSON_IsObject(f)) {
            static const char *const nk[] = {"not"};
            if (check_keys(r, p, f, nk, 1) || !(vals = cJSON_GetObjectItemCaseSensitive(f, "not"))) {
                rc = bad(r, p, "expected a value, an array of values or {\"not\": ...}");
                continue;
            }
            fl->negate = 1;
        }
        int nv = cJSON_IsArray(vals) ? cJSON_GetArraySize(vals) : 1;
        if (nv == 0) { rc = bad(r, p, "expected at least one value"); continue; }
        fl->vals = mu_alloc((size_t)nv, sizeof *fl->vals, r->err);
        if (!fl->vals) return MU_ENOMEM;
        const cJSON *e = cJSON_IsArray(vals) ? vals->child : vals;
        for (int i = 0; i < nv && e; i++, e = e->next) {
            const char *s = NULL;
            char num[32];
            if (cJSON_IsString(e)) s = e->valuestring;
            else if (cJSON_IsBool(e)) s = cJSON_IsTrue(e) ? "true" : "false";
            else if (cJSON_IsNumber(e) && isfinite(e->valuedouble) && e->valuedouble == floor(e->valuedouble) && fabs(e->valuedouble) < 1e15) {
                snprintf(num, sizeof num, "%lld", (long long)e->valuedouble);
                s = num;
            } else {
                rc = bad(r, p, "expected a string, integer or boolean value, got %s", describe(e, buf, sizeof buf));
                continue;
            }
            int32_t sym = mu_sym_intern(&inst->syms, s, r->err);
            if (sym < 0) return MU_ENOMEM;
            fl->vals[fl->n_vals++] = sym;
        }
    }
    return rc;
}

static int read_quotas(reader *r, const cJSON *arr) {
    static const char *const known[] = {"name", "applicants", "companies", "per_company", "group_by",
                                        "group_by_company", "min", "max"};
    mu_instance *inst = r->inst;
    char buf[256], p[400], pf[420];
    if (!cJSON_IsArray(arr)) return bad(r, "quotas", "expected an array of quota objects, got %s", describe(arr, buf, sizeof buf));
    int n = cJSON_GetArraySize(arr), rc = MU_OK, i = 0;
    inst->quotas = mu_calloc((size_t)n, sizeof *inst->quotas, r->err);
    if (!inst->quotas) return MU_ENOMEM;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        snprintf(p, sizeof p, "quotas[%d]", i);
        mu_quota *q = &inst->quotas[inst->n_quotas++];
        q->group_by = q->group_by_company = -1;
        q->max = INT64_MAX;
        if (!cJSON_IsObject(e)) { rc = bad(r, p, "expected an object, got %s", describe(e, buf, sizeof buf)); continue; }
        if (check_keys(r, p, e, known, MU_ARRAY_LEN(known))) rc = MU_EINPUT;
        const cJSON *f;
        const char *s;
        snprintf(pf, sizeof pf, "%s.name", p);
        if (!(f = cJSON_GetObjectItemCaseSensitive(e, "name"))) rc = bad(r, pf, "missing");
        else if (check_id(r, pf, f, &s)) rc = MU_EINPUT;
        else if (!(q->name = mu_strdup(s, r->err))) return MU_ENOMEM; /* duplicates: after the loop */
        int rr;
        snprintf(pf, sizeof pf, "%s.applicants", p);
        if ((f = cJSON_GetObjectItemCaseSensitive(e, "applicants")) &&
            (rr = read_filter(r, pf, f, 1, &q->app_filter, &q->n_app_filter))) {
            if (rr == MU_ENOMEM) return rr;
            rc = rr;
        }
        snprintf(pf, sizeof pf, "%s.companies", p);
        if ((f = cJSON_GetObjectItemCaseSensitive(e, "companies")) &&
            (rr = read_filter(r, pf, f, 0, &q->com_filter, &q->n_com_filter))) {
            if (rr == MU_ENOMEM) return rr;
            rc = rr;
        }
        snprintf(pf, sizeof pf, "%s.per_company", p);
        if ((f = cJSON_GetObjectItemCaseSensitive(e, "per_company")) && get_bool(r, pf, f, &q->per_company)) rc = MU_EINPUT;
        for (int side = 0; side < 2; side++) {
            const char *key = side ? "group_by_company" : "group_by";
            snprintf(pf, sizeof pf, "%s.%s", p, key);
            if (!(f = cJSON_GetObjectItemCaseSensitive(e, key))) continue;
            if (get_string(r, pf, f, &s)) { rc = MU_EINPUT; continue; }
            int32_t sym = mu_sym_intern(&inst->syms, s, r->err);
            if (sym < 0) return MU_ENOMEM;
            const mu_attrs *attrs = side ? &inst->com_attrs : &inst->app_attrs;
            if (!attr_key_exists(attrs, side ? inst->n_com : inst->n_app, sym)) {
                char hint[160];
                mu_lint_key_hint(inst, !side, s, hint, sizeof hint);
                rc = bad(r, pf, "no %s has the attribute \"%s\"%s", side ? "company" : "applicant", Q(s), hint);
            }
            if (side) q->group_by_company = sym;
            else q->group_by = sym;
        }
        const cJSON *mn = cJSON_GetObjectItemCaseSensitive(e, "min"), *mx = cJSON_GetObjectItemCaseSensitive(e, "max");
        snprintf(pf, sizeof pf, "%s.min", p);
        if (mn && get_int(r, pf, mn, 0, 1000000000000LL, &q->min)) rc = MU_EINPUT;
        snprintf(pf, sizeof pf, "%s.max", p);
        if (mx && get_int(r, pf, mx, 0, 1000000000000LL, &q->max)) rc = MU_EINPUT;
        if (!mn && !mx) rc = bad(r, p, "expected min and/or max");
        if (mn && mx && q->min > q->max)
            rc = bad(r, p, "min %lld is greater than max %lld", (long long)q->min, (long long)q->max);
    }
    /* Repeated names, in O(q log q) (mu_first_of). */
    const char **names = mu_alloc((size_t)inst->n_quotas + 1, sizeof *names, r->err);
    size_t *first = mu_alloc((size_t)inst->n_quotas + 1, sizeof *first, r->err);
    if (!names || !first) {
        free(names), free(first);
        return MU_ENOMEM;
    }
    for (int32_t j = 0; j < inst->n_quotas; j++) names[j] = inst->quotas[j].name;
    if (mu_first_of(names, (size_t)inst->n_quotas, first, r->err)) {
        free(names), free(first);
        return MU_ENOMEM;
    }
    for (int32_t j = 0; j < inst->n_quotas; j++)
        if (first[j] != (size_t)j) {
            snprintf(pf, sizeof pf, "quotas[%d].name", j);
            rc = bad(r, pf, "duplicate quota name \"%s\" (also quotas[%zu])", Q(names[j]), first[j]);
        }
    free(names), free(first);
    return rc;
}

/* ---- host budgets: {"min_participating", "max_participating", "min_per_host",
 * "max_per_host", "companies": FILTER}; at least one bound. */
static int read_hosts(reader *r, const cJSON *v) {
    static const char *const known[] = {"min_participating", "max_participating", "min_per_host", "max_per_host",
                                        "companies"};
    mu_hosts *h = &r->inst->hosts;
    char buf[256];
    if (!cJSON_IsObject(v)) return bad(r, "hosts", "expected an object, got %s", describe(v, buf, sizeof buf));
    int rc = check_keys(r, "hosts", v, known, MU_ARRAY_LEN(known));
    h->given = 1;
    h->min_participating = h->min_per_host = 0;
    h->max_participating = h->max_per_host = INT64_MAX;
    int64_t *dst[] = {&h->min_participating, &h->max_participating, &h->min_per_host, &h->max_per_host};
    const int64_t hi[] = {INT32_MAX, INT32_MAX, MU_MAX_CAPACITY, MU_MAX_CAPACITY};
    int n_bounds = 0;
    for (int k = 0; k < 4; k++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(v, known[k]);
        char p[64];
        snprintf(p, sizeof p, "hosts.%s", known[k]);
        if (!f) continue;
        n_bounds++;
        if (get_int(r, p, f, 0, hi[k], dst[k])) rc = MU_EINPUT;
    }
    if (!n_bounds) rc = bad(r, "hosts", "expected at least one of min_participating, max_participating, min_per_host, max_per_host");
    if (h->min_participating > h->max_participating)
        rc = bad(r, "hosts", "min_participating %lld is greater than max_participating %lld", (long long)h->min_participating,
                 (long long)h->max_participating);
    if (h->min_per_host > h->max_per_host)
        rc = bad(r, "hosts", "min_per_host %lld is greater than max_per_host %lld", (long long)h->min_per_host,
                 (long long)h->max_per_host);
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(v, "companies");
    int rr;
    if (f && (rr = read_filter(r, "hosts.companies", f, 0, &h->filter, &h->n_filter))) rc = rr;
    return rc;
}

/* The programme part of a document: rules, weights, quotas and host budgets. */
static int read_programme(reader *r, const cJSON *root) {
    const cJSON *f;
    int rc = MU_OK, rr;
    if ((f = cJSON_GetObjectItemCaseSensitive(root, "rules")) && (rr = read_rules(r, f))) rc = rr;
    if (rc == MU_ENOMEM) return rc;
    if ((f = cJSON_GetObjectItemCaseSensitive(root, "weights")) && (rr = read_weights(r, f))) rc = rr;
    if (rc == MU_ENOMEM) return rc;
    if ((f = cJSON_GetObjectItemCaseSensitive(root, "quotas")) && (rr = read_quotas(r, f))) rc = rr;
    if (rc == MU_ENOMEM) return rc;
    if ((f = cJSON_GetObjectItemCaseSensitive(root, "hosts")) && (rr = read_hosts(r, f))) rc = rr;
    return rc;
}

int mu_read_programme_json(const char *file, mu_instance *inst, const cJSON *root, mu_error *err) {
    reader r = {.file = file, .inst = inst, .err = err};
    int rc = read_programme(&r, root);
    reader_free(&r);
    return rc;
}

/* ---- the document */

/* Length of the UTF-8 sequence at s (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t avail) {
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c < 0x80) return 1;
    if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        if (c == 0xe0) lo = 0xa0;
        if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f;
    } else return 0;
    if (n > avail || s[1] < lo || s[1] > hi) return 0;
    for (size_t k = 2; k < n; k++)
        if ((s[k] & 0xc0) != 0x80) return 0;
    return n;
}

/* Length of a JSON number (RFC 8259 grammar) at s, or 0 when malformed. */
static size_t json_number_len(const char *s, const char *end) {
    const char *p = s;
    if (p < end && *p == '-') p++;
    if (p < end && *p == '0') p++;
    else if (p < end && *p >= '1' && *p <= '9')
        while (p < end && *p >= '0' && *p <= '9') p++;
    else return 0;
    if (p < end && *p == '.') {
        p++;
        if (p >= end || *p < '0' || *p > '9') return 0;
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (p >= end || *p < '0' || *p > '9') return 0;
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    if (p < end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-'))
        return 0;
    return (size_t)(p - s);
}

/* cJSON's allocations, counted when they fail. The readers are
 * single-threaded, like the rest of the reading. */
static int json_alloc_failed;
static void *json_malloc(size_t n) {
    void *p = malloc(n);
    if (!p) json_alloc_failed = 1;
    return p;
}

cJSON *mu_json_parse(const char *text, size_t size, const char **end, int *out_of_memory) {
    static cJSON_Hooks hooks = {json_malloc, free};
    cJSON_InitHooks(&hooks);
    json_alloc_failed = 0;
    cJSON *root = cJSON_ParseWithLengthOpts(text, size, end, 1);
    *out_of_memory = json_alloc_failed;
    return root;
}

static int malformed_at(reader *r, const char *text, const char *at, const char *what) {
    long line = 1, col = 1;
    for (const char *p = text; p < at; p++) {
        if (*p == '\n') line++, col = 1;
        else if (((unsigned char)*p & 0xc0) != 0x80) col++; /* columns count characters */
    }
    if (what) return bad(r, NULL, "line %ld, column %ld: %s", line, col, what);
    if (!*at) return bad(r, NULL, "line %ld, column %ld: malformed JSON (truncated or empty)", line, col);
    char near[128];
    clip(at, 20, 0, 1, near, sizeof near);
    return bad(r, NULL, "line %ld, column %ld: malformed JSON near \"%s\"", line, col, near);
}

/* Checks what cJSON does not, or does loosely: a byte-order mark, strict
 * UTF-8, NUL bytes and \u0000 escapes (cJSON would cut the string there),
 * raw control characters in strings, the number grammar, and nesting depth. */
/* After a successful parse, what cJSON accepts too loosely: \\u0000 escapes
 * (cJSON would silently cut the string there), raw control characters in
 * strings, and numbers outside the JSON grammar (01, 1., .5). */
static int strict_scan(reader *r, const char *s, size_t len) {
    int in_str = 0;
    const char *end = s + len;
    for (const char *p = s; p < end; p++) {
        unsigned char ch = (unsigned char)*p;
        if (in_str) {
            if (ch < 0x20) return malformed_at(r, s, p, "unescaped control character in a string");
            if (ch == '\\') {
                if (p + 5 < end && p[1] == 'u' && p[2] == '0' && p[3] == '0' && p[4] == '0' && p[5] == '0')
                    return malformed_at(r, s, p, "\\u0000 (NUL) in a string");
                p++;
            } else if (ch == '"') in_str = 0;
        } else if (ch == '"') in_str = 1;
        else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            size_t n = json_number_len(p, end);
            if (!n) return malformed_at(r, s, p, NULL);
            p += n - 1;
        }
    }
    return MU_OK;
}

static int prescan(reader *r, const char *s, size_t len) {
    if (len >= 3 && (unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbb && (unsigned char)s[2] == 0xbf)
        return bad(r, NULL, "starts with a byte-order mark; save the file as UTF-8 without BOM");
    int depth = 0, in_str = 0;
    const char *end = s + len;
    for (const char *p = s; p < end; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch >= 0x80) {
            size_t n = utf8_len((const unsigned char *)p, (size_t)(end - p));
            if (!n) return malformed_at(r, s, p, "invalid UTF-8");
            p += n - 1;
            continue;
        }
        if (ch == 0) return malformed_at(r, s, p, "NUL byte");
        if (in_str) {
            /* An escape skips one ASCII byte only: a non-ASCII byte after a
             * backslash is still checked as UTF-8 (cJSON rejects the escape
             * later, and its message must not quote broken text). */
            if (ch == '\\' && p + 1 < end && (unsigned char)p[1] < 0x80) p++;
            else if (ch == '"') in_str = 0;
        } else if (ch == '"') in_str = 1;
        else if (ch == '{' || ch == '[') {
            if (++depth > MU_MAX_DEPTH) {
                char msg[64];
                snprintf(msg, sizeof msg, "nested deeper than %d levels", MU_MAX_DEPTH);
                return malformed_at(r, s, p, msg);
            }
        } else if (ch == '}' || ch == ']') depth--;
    }
    return MU_OK;
}

static int finish_rows(reader *r, growrows *g, mu_rows *out, int32_t n) {
    (void)n;
    out->off = g->off;
    out->item = g->item;
    if (!out->item && !(out->item = mu_alloc(1, sizeof(int32_t), r->err))) return MU_ENOMEM;
    g->off = NULL;
    g->item = NULL;
    return MU_OK;
}

static int alloc_offsets(reader *r, int32_t n, int64_t **off) {
    *off = mu_calloc((size_t)n + 1, sizeof **off, r->err);
    return *off ? MU_OK : MU_ENOMEM;
}

static int read_document(reader *r, const cJSON *root) {
    static const char *const known[] = {"format", "name", "description", "provenance", "applicants",
                                        "companies", "pairs", "rules", "weights", "quotas", "hosts"};
    mu_instance *inst = r->inst;
    char buf[256];
    if (!cJSON_IsObject(root)) return bad(r, NULL, "expected a JSON object at the top level, got %s", describe(root, buf, sizeof buf));
    int rc = check_keys(r, "", root, known, MU_ARRAY_LEN(known));
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!fmt) rc = bad(r, "format", "missing; expected \"musubi-instance-1\"");
    else if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "musubi-instance-1") != 0)
        rc = bad(r, "format", "expected \"musubi-instance-1\", got %s", describe(fmt, buf, sizeof buf));
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    const char *s;
    if (name) {
        if (get_string(r, "name", name, &s)) rc = MU_EINPUT;
        else if (!(inst->name = mu_strdup(s, r->err))) return MU_ENOMEM;
    }
    const cJSON *apps = cJSON_GetObjectItemCaseSensitive(root, "applicants");
    const cJSON *coms = cJSON_GetObjectItemCaseSensitive(root, "companies");
    if (!apps) rc = bad(r, "applicants", "missing");
    else if (!cJSON_IsArray(apps)) rc = bad(r, "applicants", "expected an array, got %s", describe(apps, buf, sizeof buf));
    if (!coms) rc = bad(r, "companies", "missing");
    else if (!cJSON_IsArray(coms)) rc = bad(r, "companies", "expected an array, got %s", describe(coms, buf, sizeof buf));
    if (rc) return rc;
    /* Pass 1: ids, so that lists can refer across sides. */
    int r1 = read_ids(r, apps, "applicants", &inst->app_ids);
    int r2 = read_ids(r, coms, "companies", &inst->com_ids);
    if (r1 || r2) return r1 == MU_ENOMEM || r2 == MU_ENOMEM ? MU_ENOMEM : MU_EINPUT;
    inst->n_app = inst->app_ids.n;
    inst->n_com = inst->com_ids.n;
    /* Pass 2: fields. */
    growrows apref = {0}, cpref = {0}, target = {0}, fields = {0};
    growattrs aattr = {0}, cattr = {0};
    int32_t nmark = inst->n_app > inst->n_com ? inst->n_app : inst->n_com;
    int32_t *mark = mu_alloc((size_t)nmark + 1, sizeof *mark, r->err);
    inst->app = mu_alloc((size_t)inst->n_app + 1, sizeof *inst->app, r->err);
    inst->com = mu_alloc((size_t)inst->n_com + 1, sizeof *inst->com, r->err);
    if (!mark || !inst->app || !inst->com || alloc_offsets(r, inst->n_app, &apref.off) ||
        alloc_offsets(r, inst->n_com, &cpref.off) || alloc_offsets(r, inst->n_com, &target.off) ||
        alloc_offsets(r, inst->n_com, &fields.off) || alloc_offsets(r, inst->n_app, &aattr.off) ||
        alloc_offsets(r, inst->n_com, &cattr.off)) {
        rc = MU_ENOMEM;
        goto done;
    }
    memset(mark, 0xff, ((size_t)nmark + 1) * sizeof *mark);
    int ra = read_applicants(r, apps, &apref, &aattr, mark);
    memset(mark, 0xff, ((size_t)nmark + 1) * sizeof *mark);
    int rcm = read_companies(r, coms, &cpref, &target, &fields, &cattr, mark);
    if (ra == MU_ENOMEM || rcm == MU_ENOMEM) { rc = MU_ENOMEM; goto done; }
    if (ra || rcm) rc = MU_EINPUT;
    inst->app_attrs = (mu_attrs){aattr.off, aattr.key, aattr.val};
    inst->com_attrs = (mu_attrs){cattr.off, cattr.key, cattr.val};
    aattr = (growattrs){0};
    cattr = (growattrs){0};
    if (!inst->app_attrs.key && (!(inst->app_attrs.key = mu_alloc(1, 4, r->err)) || !(inst->app_attrs.val = mu_alloc(1, 4, r->err)))) { rc = MU_ENOMEM; goto done; }
    if (!inst->com_attrs.key && (!(inst->com_attrs.key = mu_alloc(1, 4, r->err)) || !(inst->com_attrs.val = mu_alloc(1, 4, r->err)))) { rc = MU_ENOMEM; goto done; }
    if (finish_rows(r, &apref, &inst->app_pref, inst->n_app) || finish_rows(r, &cpref, &inst->com_pref, inst->n_com) ||
        finish_rows(r, &target, &inst->com_target, inst->n_com) || finish_rows(r, &fields, &inst->com_fields, inst->n_com)) {
        rc = MU_ENOMEM;
        goto done;
    }
    const cJSON *f;
    int rr;
    if ((f = cJSON_GetObjectItemCaseSensitive(root, "pairs"))) {
        if (!cJSON_IsArray(f)) rc = bad(r, "pairs", "expected an array, got %s", describe(f, buf, sizeof buf));
        else if ((rr = read_pairs(r, f))) rc = rr;
        if (cJSON_GetObjectItemCaseSensitive(root, "weights"))
            rc = bad(r, "weights", "must be absent when pairs are given (pairs carry their own weights)");
    }
    if (rc == MU_ENOMEM) goto done;
    if ((rr = read_programme(r, root))) rc = rr;
done:
    free(mark);
    free(apref.off), free(apref.item), free(cpref.off), free(cpref.item);
    free(target.off), free(target.item), free(fields.off), free(fields.item);
    free(aattr.off), free(aattr.key), free(aattr.val), free(cattr.off), free(cattr.key), free(cattr.val);
    return rc;
}

int mu_read_json(const char *path, mu_instance **out, mu_error *err) {
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > MAX_JSON_BYTES)
        return mu_err(err, MU_EINPUT, "%s: larger than %zu MiB; use the CSV-table route for large instances", path,
                      MAX_JSON_BYTES >> 20);
    int rc = mu_read_file(path, MAX_JSON_BYTES, &text, &len, err);
    if (rc) return rc;
    rc = mu_read_json_text(path, text, len, out, err);
    free(text);
    return rc;
}

int mu_read_json_text(const char *path, const char *text, size_t len, mu_instance **out, mu_error *err) {
    MU_REQUIRE(path && text && out && text[len] == '\0');
    *out = NULL;
    int rc;
    mu_instance *inst = mu_instance_new(path, err);
    if (!inst) return MU_ENOMEM;
    reader r = {.file = path, .inst = inst, .err = err};
    cJSON *root = NULL;
    if ((rc = prescan(&r, text, len))) goto done;
    const char *end = NULL;
    int oom = 0;
    root = mu_json_parse(text, len + 1, &end, &oom); /* the NUL counts: it must end the text */
    if (!root && oom) {
        rc = mu_err(err, MU_ENOMEM, "%s: out of memory parsing %zu bytes of JSON (see --memory-limit)", path, len);
        goto done;
    }
    if (!root) {
        const char *at = end ? end : cJSON_GetErrorPtr();
        if (!at || at < text || at > text + len) at = text + len;
        /* cJSON stops one character past the offending one (an unquoted key's
         * first letter, a closing brace after a trailing comma): step back to
         * it, over any white space. */
        if (at > text && at < text + len && !strchr(" \t\r\n", at[-1])) at--;
        rc = malformed_at(&r, text, at, NULL);
        goto done;
    }
    if ((rc = strict_scan(&r, text, len))) goto done;
    if ((rc = mu_tracks_expand(path, root, err))) goto done;
    if ((rc = read_document(&r, root))) goto done;
    rc = mu_instance_index(inst, err);
done:
    cJSON_Delete(root);
    reader_free(&r);
    if (rc) {
        mu_instance_free(inst);
        return rc;
    }
    *out = inst;
    return MU_OK;
}
