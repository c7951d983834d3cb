/* The JSON route (instances/FORMAT.md): a musubi-instance-1 document, read
 * whole (at most 256 MiB; the CSV-table route streams larger instances),
 * parsed into an arena with its pairs captured without nodes (json_arena.c)
 * or, when that parser declines the text or a company has tracks, checked
 * and parsed by json_scan.c and its tracks expanded (tracks.c); then read
 * here (the same code for both trees) and validated fully before anything
 * else sees it: the
 * applicants, the companies and the given pairs; the programme (rules,
 * weights, quotas, host budgets) goes to read_programme.c. Every problem is
 * one line naming the file, the record and the field: `inst.json:
 * companies[3].capacity: expected an integer from 0 to 1000000, got "two"`,
 * and reading goes on past a bad value so that one run names them all.
 *
 * Two passes over the entities: ids first (each side's ids are interned in
 * document order, so an entity's index is its id's symbol), so that
 * preference lists can name the other side; then every other field. Symbols
 * of attribute names and values are interned in the order met here, which
 * read_tables.c follows, so that both routes' instances are identical. Pairs
 * are sorted by (applicant, company) with their positions kept, so that a
 * duplicate is named by its index in the file; captured pairs with a
 * problem send the document down the checked way, which names it so. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/io.h"
#include "model/read_internal.h"

/* Attribute (key, value) of the entity being read, interned key first. */
static int attr(mu_jreader *r, mu_growattrs *g, const char *key, const char *val) {
    int32_t k = mu_sym_intern(&r->inst->syms, key, r->rd.err);
    int32_t v = mu_sym_intern(&r->inst->syms, val, r->rd.err);
    return mu_attrs_push(g, k, v, r->rd.err);
}

/* A field's path (`applicants[3].age`), formatted only when a message needs
 * it: formatting every field's path up front (quoting the key) cost more
 * than reading the field. */
typedef struct lazy_path {
    const char *side; /* "applicants" or "companies" */
    int i;
    const char *key;
    int ready;
    char buf[400];
} lazy_path;
static const char *path_of(lazy_path *lp) {
    if (!lp->ready) snprintf(lp->buf, sizeof lp->buf, "%s[%d].%s", lp->side, lp->i, mu_jr_quote(lp->key));
    lp->ready = 1;
    return lp->buf;
}

/* A free attribute: string, integer, boolean or array of strings. */
static int read_free_attr(mu_jreader *r, lazy_path *lp, const cJSON *v, mu_growattrs *g) {
    char buf[256];
    if (cJSON_IsString(v)) return attr(r, g, v->string, v->valuestring);
    if (cJSON_IsBool(v)) return attr(r, g, v->string, cJSON_IsTrue(v) ? "true" : "false");
    if (cJSON_IsNumber(v)) {
        int64_t x;
        if (!mu_jr_is_int(v, -1000000000000LL, 1000000000000LL, &x)) {
            mu_jr_int(r, path_of(lp), v, -1000000000000LL, 1000000000000LL, &x);
            return MU_EINPUT;
        }
        snprintf(buf, sizeof buf, "%lld", (long long)x);
        return attr(r, g, v->string, buf);
    }
    if (cJSON_IsArray(v)) {
        int i = 0;
        for (const cJSON *e = v->child; e; e = e->next, i++) {
            if (!cJSON_IsString(e)) {
                char pe[420];
                snprintf(pe, sizeof pe, "%s[%d]", path_of(lp), i);
                return mu_jr_bad(r, pe, "expected a string, got %s", mu_jr_describe(e, buf, sizeof buf));
            }
            if (attr(r, g, v->string, e->valuestring)) return MU_ENOMEM;
        }
        return MU_OK;
    }
    return mu_jr_bad(r, path_of(lp), "expected a string, integer, boolean or array of strings, got %s",
                     mu_jr_describe(v, buf, sizeof buf));
}

/* A list of ids of the other side, distinct, appended to g. */
static int read_id_list(mu_jreader *r, lazy_path *lp, const cJSON *v, const mu_symtab *ids, const char *side,
                        mu_growrows *g, int32_t *seen_mark, int32_t mark) {
    char buf[256], p[400];
    if (!cJSON_IsArray(v))
        return mu_jr_bad(r, path_of(lp), "expected an array of %s ids, got %s", side,
                         mu_jr_describe(v, buf, sizeof buf));
    int rc = MU_OK, i = 0;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        const char *s;
        int32_t id = cJSON_IsString(e) ? mu_sym_find(ids, e->valuestring) : -1;
        if (id >= 0 && seen_mark[id] != mark) {
            seen_mark[id] = mark;
            if (mu_rows_push(g, id, r->rd.err)) return MU_ENOMEM;
            continue;
        }
        snprintf(p, sizeof p, "%s[%d]", path_of(lp), i);
        if (mu_jr_string(r, p, e, &s)) rc = MU_EINPUT;
        else if (id < 0) rc = mu_jr_bad(r, p, "unknown %s id \"%s\"", side, mu_jr_quote(s));
        else rc = mu_jr_bad(r, p, "%s \"%s\" listed twice", side, mu_jr_quote(s));
    }
    return rc;
}

/* ---- applicants and companies */

/* The position of the first entity in arr whose id is the string id (an
 * error path: one scan per duplicate named). */
static int first_with_id(const cJSON *arr, const char *id) {
    int j = 0;
    for (const cJSON *e = arr->child; e; e = e->next, j++) {
        const cJSON *v = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "id") : NULL;
        if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0) return j;
    }
    return -1;
}

static int read_ids(mu_jreader *r, const cJSON *arr, const char *side, mu_symtab *ids) {
    char p[64];
    int rc = MU_OK, i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        char buf[256];
        if (!cJSON_IsObject(e)) {
            snprintf(p, sizeof p, "%s[%d]", side, i);
            rc = mu_jr_bad(r, p, "expected an object, got %s", mu_jr_describe(e, buf, sizeof buf));
            continue;
        }
        const cJSON *idv = cJSON_GetObjectItemCaseSensitive(e, "id");
        snprintf(p, sizeof p, "%s[%d].id", side, i);
        const char *id;
        if (!idv) {
            rc = mu_jr_bad(r, p, "missing");
            continue;
        }
        if (mu_jr_id(r, p, idv, &id)) {
            rc = MU_EINPUT;
            continue;
        }
        int32_t before = ids->n, sym = mu_sym_intern(ids, id, r->rd.err);
        if (sym < 0) return MU_ENOMEM;
        if (sym < before)
            rc = mu_jr_bad(r, p, "duplicate id \"%s\" (also %s[%d])", mu_jr_quote(id), side, first_with_id(arr, id));
    }
    return rc;
}

/* Repeated keys of entity e, each named: "key appears twice". */
static int repeated_keys(mu_jreader *r, const cJSON *e, const char *side, int i, int *rc) {
    size_t kf = 0;
    const size_t *first = mu_jr_key_first(r, e);
    if (!first) return MU_ENOMEM;
    for (const cJSON *f = e->child; f; f = f->next, kf++)
        if (first[kf] != kf) {
            char p[400];
            snprintf(p, sizeof p, "%s[%d].%s", side, i, mu_jr_quote(f->string));
            *rc = mu_jr_bad(r, p, "key appears twice");
        }
    return MU_OK;
}

static int read_applicants(mu_jreader *r, const cJSON *arr, mu_growrows *pref, mu_growattrs *attrs, int32_t *mark) {
    mu_instance *inst = r->inst;
    int rc = MU_OK, i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        mu_applicant *ap = &inst->app[i];
        *ap = (mu_applicant){.nationality = -1, .field = -1, .age = -1};
        pref->off[i] = pref->n;
        attrs->off[i] = attrs->n;
        if (repeated_keys(r, e, "applicants", i, &rc)) return MU_ENOMEM;
        for (const cJSON *f = e->child; f; f = f->next) {
            const char *k = f->string;
            lazy_path lp = {.side = "applicants", .i = i, .key = k};
            int64_t x;
            int lv;
            if (strcmp(k, "id") == 0) continue;
            if (strcmp(k, "nationality") == 0 || strcmp(k, "field") == 0) {
                const char *s;
                if (!cJSON_IsString(f)) {
                    mu_jr_string(r, path_of(&lp), f, &s);
                    rc = MU_EINPUT;
                    continue;
                }
                s = f->valuestring;
                int32_t sym = mu_sym_intern(&inst->syms, s, r->rd.err);
                if (sym < 0) return MU_ENOMEM;
                if (k[0] == 'n') ap->nationality = sym;
                else ap->field = sym;
                if (attr(r, attrs, k, s)) return MU_ENOMEM;
            } else if (strcmp(k, "age") == 0) {
                if (!mu_jr_is_int(f, 0, 150, &x)) {
                    mu_jr_int(r, path_of(&lp), f, 0, 150, &x);
                    rc = MU_EINPUT;
                    continue;
                }
                ap->age = (int16_t)x;
                char buf[32];
                snprintf(buf, sizeof buf, "%lld", (long long)x);
                if (attr(r, attrs, k, buf)) return MU_ENOMEM;
            } else if (strcmp(k, "jlpt") == 0 || strcmp(k, "english") == 0) {
                int jl = k[0] == 'j';
                if ((lv = mu_jr_level_of(f, jl)) < 0) {
                    mu_jr_level(r, path_of(&lp), f, jl, &lv);
                    rc = MU_EINPUT;
                    continue;
                }
                if (jl) ap->jlpt = (int8_t)lv;
                else ap->english = (int8_t)lv;
                if (!(jl && lv == 0) && attr(r, attrs, k, jl ? mu_jlpt_name(lv) : mu_english_name(lv)))
                    return MU_ENOMEM;
            } else if (strcmp(k, "degree") == 0 || strcmp(k, "recommendation") == 0) {
                if (!cJSON_IsBool(f)) {
                    int b;
                    mu_jr_bool(r, path_of(&lp), f, &b);
                    rc = MU_EINPUT;
                    continue;
                }
                int b = cJSON_IsTrue(f);
                if (k[0] == 'd') ap->degree = (int8_t)b;
                else ap->recommendation = (int8_t)b;
                if (attr(r, attrs, k, b ? "true" : "false")) return MU_ENOMEM;
            } else if (strcmp(k, "preferences") == 0) {
                int rr = read_id_list(r, &lp, f, &inst->com_ids, "company", pref, mark, i);
                if (rr == MU_ENOMEM) return rr;
                if (rr) rc = rr;
            } else {
                int rr = read_free_attr(r, &lp, f, attrs);
                if (rr == MU_ENOMEM) return rr;
                if (rr) rc = rr;
            }
        }
    }
    pref->off[i] = pref->n;
    attrs->off[i] = attrs->n;
    return rc;
}

static int read_requires(mu_jreader *r, const char *path, const cJSON *v, mu_company *co, mu_growrows *fields) {
    static const char *const known[] = {"jlpt", "english", "fields", "degree"};
    char buf[256], p[400];
    if (!cJSON_IsObject(v)) return mu_jr_bad(r, path, "expected an object, got %s", mu_jr_describe(v, buf, sizeof buf));
    int rc = mu_jr_keys(r, path, v, known, MU_ARRAY_LEN(known));
    for (const cJSON *f = v->child; f; f = f->next) {
        snprintf(p, sizeof p, "%s.%s", path, f->string);
        int lv, b;
        if (strcmp(f->string, "jlpt") == 0) {
            if (cJSON_IsNull(f)) rc = mu_jr_bad(r, p, "expected \"N1\" to \"N5\", got null");
            else if (mu_jr_level(r, p, f, 1, &lv)) rc = MU_EINPUT;
            else co->req_jlpt = (int8_t)lv;
        } else if (strcmp(f->string, "english") == 0) {
            if (mu_jr_level(r, p, f, 0, &lv)) {
                rc = MU_EINPUT;
                continue;
            }
            co->req_english = (int8_t)lv;
        } else if (strcmp(f->string, "degree") == 0) {
            if (mu_jr_bool(r, p, f, &b)) {
                rc = MU_EINPUT;
                continue;
            }
            co->req_degree = (int8_t)b;
        } else if (strcmp(f->string, "fields") == 0) {
            if (!cJSON_IsArray(f)) {
                rc = mu_jr_bad(r, p, "expected an array of strings, got %s", mu_jr_describe(f, buf, sizeof buf));
                continue;
            }
            if (!f->child) {
                rc = mu_jr_bad(r, p, "expected at least one field (leave fields out for no requirement)");
                continue;
            }
            co->has_req_fields = 1;
            int i = 0;
            for (const cJSON *e = f->child; e; e = e->next, i++) {
                const char *s;
                char pe[420];
                snprintf(pe, sizeof pe, "%s[%d]", p, i);
                if (mu_jr_string(r, pe, e, &s)) {
                    rc = MU_EINPUT;
                    continue;
                }
                int32_t sym = mu_sym_intern(&r->inst->syms, s, r->rd.err);
                if (sym < 0 || mu_rows_push(fields, sym, r->rd.err)) return MU_ENOMEM;
            }
        }
    }
    return rc;
}

static int read_companies(mu_jreader *r, const cJSON *arr, mu_growrows *pref, mu_growrows *target, mu_growrows *fields,
                          mu_growattrs *attrs, int32_t *mark) {
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
            rc = mu_jr_bad(r, p, "missing");
        }
        if (repeated_keys(r, e, "companies", i, &rc)) return MU_ENOMEM;
        for (const cJSON *f = e->child; f; f = f->next) {
            const char *k = f->string;
            lazy_path lp = {.side = "companies", .i = i, .key = k};
            int64_t x;
            if (strcmp(k, "id") == 0) continue;
            if (strcmp(k, "capacity") == 0) {
                if (!mu_jr_is_int(f, 0, MU_MAX_CAPACITY, &x)) {
                    mu_jr_int(r, path_of(&lp), f, 0, MU_MAX_CAPACITY, &x);
                    rc = MU_EINPUT;
                    continue;
                }
                co->capacity = (int32_t)x;
                snprintf(buf, sizeof buf, "%lld", (long long)x);
                if (attr(r, attrs, k, buf)) return MU_ENOMEM;
            } else if (strcmp(k, "target_markets") == 0) {
                if (!cJSON_IsArray(f)) {
                    rc = mu_jr_bad(r, path_of(&lp), "expected an array of strings, got %s",
                                   mu_jr_describe(f, buf, sizeof buf));
                    continue;
                }
                int j = 0;
                for (const cJSON *t = f->child; t; t = t->next, j++) {
                    const char *s;
                    if (!cJSON_IsString(t)) {
                        char pe[420];
                        snprintf(pe, sizeof pe, "%s[%d]", path_of(&lp), j);
                        mu_jr_string(r, pe, t, &s);
                        rc = MU_EINPUT;
                        continue;
                    }
                    s = t->valuestring;
                    int32_t sym = mu_sym_intern(&inst->syms, s, r->rd.err);
                    if (sym < 0 || mu_rows_push(target, sym, r->rd.err) || attr(r, attrs, k, s)) return MU_ENOMEM;
                }
            } else if (strcmp(k, "requires") == 0) {
                int rr = read_requires(r, path_of(&lp), f, co, fields);
                if (rr == MU_ENOMEM) return rr;
                if (rr) rc = rr;
            } else if (strcmp(k, "preferences") == 0) {
                int rr = read_id_list(r, &lp, f, &inst->app_ids, "applicant", pref, mark, i);
                if (rr == MU_ENOMEM) return rr;
                if (rr) rc = rr;
            } else {
                int rr = read_free_attr(r, &lp, f, attrs);
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

static int read_pairs(mu_jreader *r, const cJSON *arr) {
    static const char *const known[] = {"applicant", "company", "weight"};
    mu_instance *inst = r->inst;
    int64_t n = cJSON_GetArraySize(arr);
    inst->has_pairs = 1;
    inst->n_given = n;
    inst->given_app = mu_alloc((size_t)n, sizeof(int32_t), r->rd.err);
    inst->given_com = mu_alloc((size_t)n, sizeof(int32_t), r->rd.err);
    inst->given_w = mu_alloc((size_t)n, sizeof(int64_t), r->rd.err);
    if (!inst->given_app || !inst->given_com || !inst->given_w) return MU_ENOMEM;
    int rc = MU_OK;
    int64_t i = 0;
    char p[400], buf[64];
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        snprintf(p, sizeof p, "pairs[%lld]", (long long)i);
        inst->given_app[i] = inst->given_com[i] = -1;
        if (!cJSON_IsObject(e)) {
            rc = mu_jr_bad(r, p, "expected an object, got %s", mu_jr_describe(e, buf, sizeof buf));
            continue;
        }
        if (mu_jr_keys(r, p, e, known, MU_ARRAY_LEN(known))) rc = MU_EINPUT;
        for (int k = 0; k < 3; k++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, known[k]);
            char pf[420];
            snprintf(pf, sizeof pf, "%s.%s", p, known[k]);
            const char *s;
            int64_t x;
            if (!v) {
                rc = mu_jr_bad(r, pf, "missing");
                continue;
            }
            if (k == 2) {
                if (mu_jr_int(r, pf, v, 0, MU_MAX_WEIGHT, &x)) rc = MU_EINPUT;
                else inst->given_w[i] = x;
                continue;
            }
            if (mu_jr_string(r, pf, v, &s)) {
                rc = MU_EINPUT;
                continue;
            }
            int32_t id = mu_sym_find(k == 0 ? &inst->app_ids : &inst->com_ids, s);
            if (id < 0) rc = mu_jr_bad(r, pf, "unknown %s id \"%s\"", known[k], mu_jr_quote(s));
            else if (k == 0) inst->given_app[i] = id;
            else inst->given_com[i] = id;
        }
    }
    if (rc) return rc;
    /* Sort by (applicant, company), keeping the original index to name
     * duplicates by their position in the file. */
    int64_t *perm = mu_alloc((size_t)n, sizeof *perm, r->rd.err);
    int32_t *ta = mu_alloc((size_t)n, sizeof *ta, r->rd.err), *tc = mu_alloc((size_t)n, sizeof *tc, r->rd.err);
    int64_t *tw = mu_alloc((size_t)n, sizeof *tw, r->rd.err);
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
            rc = mu_jr_bad(r, p, "duplicate of pairs[%lld] (applicant \"%s\", company \"%s\")", (long long)perm[k - 1],
                           mu_jr_quote(inst->app_ids.str[ta[k]]), mu_jr_quote(inst->com_ids.str[tc[k]]));
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

/* The pairs captured by json_arena.c: ids looked up straight from the text
 * (in parallel, in fixed blocks; applicants by mu_next_applicant, companies
 * in a mu_id_index), then ordered as the table route orders them. An
 * unknown id or a duplicate sets r->redo instead of a message: the document
 * is then read again with its pairs as nodes, so that read_pairs names the
 * problem as it always has. */
#define RESOLVE_BLOCK 65536
static int read_captured_pairs(mu_jreader *r) {
    mu_instance *inst = r->inst;
    mu_jcapture *c = r->captured;
    const char *text = r->text;
    int64_t n = c->n, nblocks = (n + RESOLVE_BLOCK - 1) / RESOLVE_BLOCK;
    mu_id_index coms;
    if (mu_id_index_build(&coms, &inst->com_ids, r->rd.err)) return MU_ENOMEM;
    int bad = 0;
#pragma omp parallel for schedule(static) reduction(| : bad) if (n >= MU_PARALLEL_PAIRS)
    for (int64_t b = 0; b < nblocks; b++) {
        int64_t end = (b + 1) * RESOLVE_BLOCK < n ? (b + 1) * RESOLVE_BLOCK : n;
        int32_t last = -1;
        for (int64_t i = b * RESOLVE_BLOCK; i < end; i++) {
            const char *as = text + c->app_off[i], *cs = text + c->com_off[i];
            size_t al = (size_t)(c->packed[i] >> 32 & 0xffff), cl = (size_t)(c->packed[i] >> 48);
            int32_t a = mu_next_applicant(&inst->app_ids, &last, as, al);
            int32_t k = coms.slot ? mu_id_index_find(&coms, cs, cl, 0) : mu_sym_find_n(&inst->com_ids, cs, cl);
            if (a < 0 || k < 0) bad = 1, a = k = 0;
            c->app_off[i] = a;
            c->packed[i] = (int64_t)k << MU_WEIGHT_BITS | (c->packed[i] & 0xffffffff);
        }
    }
    mu_id_index_free(&coms);
    if (bad) {
        r->redo = 1;
        return MU_OK;
    }
    int by_applicant = 1, sorted = 1;
    const int32_t *ga = c->app_off;
    for (int64_t i = 1; i < n && by_applicant; i++) {
        if (ga[i] < ga[i - 1]) by_applicant = sorted = 0;
        else if (ga[i] == ga[i - 1] && c->packed[i] < c->packed[i - 1]) sorted = 0;
    }
    /* The instance adopts the arrays, their unused room given back. */
    size_t m = (size_t)n + 1;
    int32_t *app = realloc(c->app_off, m * sizeof *app);
    int64_t *packed = realloc(c->packed, m * sizeof *packed);
    inst->given_app = app ? app : c->app_off;
    inst->given_w = packed ? packed : c->packed;
    free(c->com_off);
    *c = (mu_jcapture){0};
    inst->has_pairs = 1;
    inst->n_given = n;
    int rc = mu_given_sort(inst, by_applicant, sorted, r->rd.err);
    if (rc) return rc;
    for (int64_t i = 1; i < n; i++)
        if (inst->given_app[i] == inst->given_app[i - 1] && inst->given_com[i] == inst->given_com[i - 1]) {
            r->redo = 1;
            break;
        }
    return MU_OK;
}

static int alloc_offsets(mu_jreader *r, int32_t n, int64_t **off) {
    *off = mu_calloc((size_t)n + 1, sizeof **off, r->rd.err);
    return *off ? MU_OK : MU_ENOMEM;
}

static int read_document(mu_jreader *r, const cJSON *root) {
    static const char *const known[] = {"format",     "name",      "description",  "provenance", "rounds",
                                        "applicants", "companies", "pairs",        "rules",      "weights",
                                        "quotas",     "hosts",     "csv_delimiter"};
    mu_instance *inst = r->inst;
    char buf[256];
    if (!cJSON_IsObject(root))
        return mu_jr_bad(r, NULL, "expected a JSON object at the top level, got %s",
                         mu_jr_describe(root, buf, sizeof buf));
    int rc = mu_jr_keys(r, "", root, known, MU_ARRAY_LEN(known));
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!fmt) rc = mu_jr_bad(r, "format", "missing; expected \"musubi-instance-1\"");
    else if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "musubi-instance-1") != 0)
        rc = mu_jr_bad(r, "format", "expected \"musubi-instance-1\", got %s", mu_jr_describe(fmt, buf, sizeof buf));
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    const char *s;
    if (name) {
        if (mu_jr_string(r, "name", name, &s)) rc = MU_EINPUT;
        else if (!(inst->name = mu_strdup(s, r->rd.err))) return MU_ENOMEM;
    }
    /* The delimiter of the CSV files written for this instance (musubi import
     * records the tables'): ",", ";" or "\t"; anything else would be a guess. */
    const cJSON *delim = cJSON_GetObjectItemCaseSensitive(root, "csv_delimiter");
    if (delim) {
        const char *d = cJSON_IsString(delim) ? delim->valuestring : NULL;
        if (d && (strcmp(d, ",") == 0 || strcmp(d, ";") == 0 || strcmp(d, "\t") == 0)) inst->csv_delim = d[0];
        else
            rc = mu_jr_bad(r, "csv_delimiter", "expected \",\", \";\" or \"\\t\", got %s",
                           mu_jr_describe(delim, buf, sizeof buf));
    }
    const cJSON *rounds = cJSON_GetObjectItemCaseSensitive(root, "rounds"); /* musubi rematch's history, for people */
    if (rounds && !cJSON_IsArray(rounds))
        rc = mu_jr_bad(r, "rounds", "expected an array, got %s", mu_jr_describe(rounds, buf, sizeof buf));
    const cJSON *apps = cJSON_GetObjectItemCaseSensitive(root, "applicants");
    const cJSON *coms = cJSON_GetObjectItemCaseSensitive(root, "companies");
    if (!apps) rc = mu_jr_bad(r, "applicants", "missing");
    else if (!cJSON_IsArray(apps))
        rc = mu_jr_bad(r, "applicants", "expected an array, got %s", mu_jr_describe(apps, buf, sizeof buf));
    if (!coms) rc = mu_jr_bad(r, "companies", "missing");
    else if (!cJSON_IsArray(coms))
        rc = mu_jr_bad(r, "companies", "expected an array, got %s", mu_jr_describe(coms, buf, sizeof buf));
    if (rc) return rc;
    /* Pass 1: ids, so that lists can refer across sides. */
    int r1 = read_ids(r, apps, "applicants", &inst->app_ids);
    int r2 = read_ids(r, coms, "companies", &inst->com_ids);
    if (r1 || r2) return r1 == MU_ENOMEM || r2 == MU_ENOMEM ? MU_ENOMEM : MU_EINPUT;
    inst->n_app = inst->app_ids.n;
    inst->n_com = inst->com_ids.n;
    /* Pass 2: fields. */
    mu_growrows apref = {0}, cpref = {0}, target = {0}, fields = {0};
    mu_growattrs aattr = {0}, cattr = {0};
    int32_t nmark = inst->n_app > inst->n_com ? inst->n_app : inst->n_com;
    int32_t *mark = mu_alloc((size_t)nmark + 1, sizeof *mark, r->rd.err);
    inst->app = mu_alloc((size_t)inst->n_app + 1, sizeof *inst->app, r->rd.err);
    inst->com = mu_alloc((size_t)inst->n_com + 1, sizeof *inst->com, r->rd.err);
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
    if (ra == MU_ENOMEM || rcm == MU_ENOMEM) {
        rc = MU_ENOMEM;
        goto done;
    }
    if (ra || rcm) rc = MU_EINPUT;
    mu_error *err = r->rd.err;
    if (mu_attrs_finish(&aattr, &inst->app_attrs, err) || mu_attrs_finish(&cattr, &inst->com_attrs, err) ||
        mu_rows_finish(&apref, &inst->app_pref, err) || mu_rows_finish(&cpref, &inst->com_pref, err) ||
        mu_rows_finish(&target, &inst->com_target, err) || mu_rows_finish(&fields, &inst->com_fields, err)) {
        rc = MU_ENOMEM;
        goto done;
    }
    const cJSON *f;
    int rr;
    if ((f = cJSON_GetObjectItemCaseSensitive(root, "pairs"))) {
        if (!cJSON_IsArray(f))
            rc = mu_jr_bad(r, "pairs", "expected an array, got %s", mu_jr_describe(f, buf, sizeof buf));
        else if (r->captured && f == r->captured->node) {
            if ((rr = read_captured_pairs(r))) rc = rr;
        } else if ((rr = read_pairs(r, f))) rc = rr;
        if (cJSON_GetObjectItemCaseSensitive(root, "weights"))
            rc = mu_jr_bad(r, "weights", "must be absent when pairs are given (pairs carry their own weights)");
    }
    if (rc == MU_ENOMEM) goto done;
    if ((rr = mu_read_programme(r, root))) rc = rr;
done:
    free(mark);
    mu_rows_free(&apref), mu_rows_free(&cpref), mu_rows_free(&target), mu_rows_free(&fields);
    mu_attrs_free(&aattr), mu_attrs_free(&cattr);
    return rc;
}

int mu_read_json(const char *path, mu_instance **out, mu_error *err) {
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > MU_MAX_JSON_BYTES)
        return mu_rd_bad(&(mu_rd){path, err}, NULL, NULL,
                         "larger than %zu MiB; use the CSV-table route for large instances", MU_MAX_JSON_BYTES >> 20);
    int rc = mu_read_file(path, MU_MAX_JSON_BYTES, &text, &len, err);
    if (rc) return rc;
    rc = mu_read_json_text(path, text, len, out, err);
    free(text);
    return rc;
}

/* The checked route: json_scan.c's checks around cJSON's parse, tracks
 * expanded, the document read with every value a node. */
static int read_checked(const char *path, const char *text, size_t len, mu_instance **out, mu_error *err) {
    int rc;
    mu_instance *inst = mu_instance_new(path, err);
    if (!inst) return MU_ENOMEM;
    mu_jreader r = {.rd = {path, err}, .inst = inst};
    cJSON *root = NULL;
    if ((rc = mu_json_load(&r.rd, text, len, &root))) goto done;
    if ((rc = mu_tracks_expand(&r.rd, root))) goto done;
    if ((rc = read_document(&r, root))) goto done;
    rc = mu_instance_index(inst, err);
done:
    cJSON_Delete(root);
    mu_jr_free(&r);
    if (rc) {
        mu_instance_free(inst);
        return rc;
    }
    *out = inst;
    return MU_OK;
}

/* Whether a company has tracks: tracks.c edits the tree, which an arena tree
 * does not allow. */
static int has_tracks(const cJSON *root) {
    const cJSON *coms = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "companies") : NULL;
    for (const cJSON *c = cJSON_IsArray(coms) ? coms->child : NULL; c; c = c->next)
        if (cJSON_IsObject(c) && cJSON_GetObjectItemCaseSensitive(c, "tracks")) return 1;
    return 0;
}

/* The fast route (json_arena.c): the tree in an arena, the pairs captured.
 * *redo when it cannot say what the checked route would: the text is not
 * plain valid JSON, a company has tracks, or the captured pairs hold a
 * problem (their messages are read_pairs's). */
static int read_arena(const char *path, const char *text, size_t len, mu_instance **out, mu_error *err, int *redo) {
    mu_arena arena = {0};
    mu_jcapture cap = {0};
    cJSON *root = NULL;
    mu_instance *inst = NULL;
    int rc = mu_json_parse_arena(text, len, &arena, &cap, &root);
    if (rc || !root || has_tracks(root)) { /* out of memory: the checked route says how much it needed */
        *redo = 1;
        rc = MU_OK;
        goto done;
    }
    if (!(inst = mu_instance_new(path, err))) {
        rc = MU_ENOMEM;
        goto done;
    }
    mu_jreader r = {.rd = {path, err}, .inst = inst, .text = text, .captured = cap.node ? &cap : NULL};
    rc = read_document(&r, root);
    if (!rc && !r.redo) rc = mu_instance_index(inst, err);
    mu_jr_free(&r);
    *redo = r.redo;
done:
    mu_jcapture_free(&cap);
    mu_arena_free(&arena);
    if (rc || *redo) {
        mu_instance_free(inst);
        return rc;
    }
    *out = inst;
    return MU_OK;
}

int mu_read_json_text(const char *path, const char *text, size_t len, mu_instance **out, mu_error *err) {
    MU_REQUIRE(path && text && out && text[len] == '\0');
    *out = NULL;
    mu_error before;
    if (err) before = *err;
    int redo = 0, rc = read_arena(path, text, len, out, err, &redo);
    if (!redo) return rc;
    if (err) *err = before; /* whatever the fast route said is said again, or better */
    return read_checked(path, text, len, out, err);
}
