/* The programme (instances/FORMAT.md, "Rules", "Weights", "Quotas", "Host
 * budgets"): the eligibility rules, the weight parameters, the quota rows and
 * the host budgets, read from a JSON object into an instance whose
 * applicants, companies and pairs are already read, since quotas and budgets
 * filter on their attributes. Both routes come here: the JSON document's
 * top-level keys (read_json.c), a table directory's programme.json (below),
 * and quotas.csv, which read_tables.c turns into the JSON form's quota
 * objects first, so that a quota is checked by one set of rules whatever
 * file it came from.
 *
 * Every problem names the file and the JSON path: `t/programme.json:
 * rules.age: min 30 is greater than max 20`; a quota from quotas.csv is
 * quotas[i], data row i + 1. Reading goes on past a bad value so that one run
 * names them all; symbols (attribute names and values) are interned in the
 * order of the document, which keeps both routes' instances identical. */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "base/io.h"
#include "model/lint.h"
#include "model/read_internal.h"

#define MAX_PROGRAMME_BYTES ((size_t)64 << 20)

/* ---- rules and weights */

static int read_rules(mu_jreader *r, const cJSON *v) {
    static const char *const known[] = {"age", "language", "degree_or_recommendation", "nationalities",
                                        "mutual_preferences"};
    mu_rules *ru = &r->inst->rules;
    char buf[256];
    if (!cJSON_IsObject(v))
        return mu_jr_bad(r, "rules", "expected an object, got %s", mu_jr_describe(v, buf, sizeof buf));
    int rc = mu_jr_keys(r, "rules", v, known, MU_ARRAY_LEN(known));
    const cJSON *f;
    if ((f = cJSON_GetObjectItemCaseSensitive(v, "age"))) {
        static const char *const ak[] = {"min", "max"};
        if (!cJSON_IsObject(f))
            rc = mu_jr_bad(r, "rules.age", "expected an object with min and/or max, got %s",
                           mu_jr_describe(f, buf, sizeof buf));
        else if (mu_jr_keys(r, "rules.age", f, ak, 2)) rc = MU_EINPUT;
        else {
            int64_t lo = 0, hi = 150;
            const cJSON *m;
            if ((m = cJSON_GetObjectItemCaseSensitive(f, "min")) && mu_jr_int(r, "rules.age.min", m, 0, 150, &lo))
                rc = MU_EINPUT;
            if ((m = cJSON_GetObjectItemCaseSensitive(f, "max")) && mu_jr_int(r, "rules.age.max", m, 0, 150, &hi))
                rc = MU_EINPUT;
            if (!f->child) rc = mu_jr_bad(r, "rules.age", "expected min and/or max");
            if (lo > hi)
                rc = mu_jr_bad(r, "rules.age", "min %lld is greater than max %lld", (long long)lo, (long long)hi);
            ru->has_age = 1, ru->age_min = (int)lo, ru->age_max = (int)hi;
        }
    }
    if ((f = cJSON_GetObjectItemCaseSensitive(v, "language"))) {
        static const char *const lk[] = {"jlpt", "english"};
        if (!cJSON_IsObject(f))
            rc = mu_jr_bad(r, "rules.language", "expected an object with jlpt and/or english, got %s",
                           mu_jr_describe(f, buf, sizeof buf));
        else if (!f->child) rc = mu_jr_bad(r, "rules.language", "expected jlpt and/or english");
        else if (mu_jr_keys(r, "rules.language", f, lk, 2)) rc = MU_EINPUT;
        else {
            const cJSON *m;
            int lv;
            ru->has_language = 1;
            if ((m = cJSON_GetObjectItemCaseSensitive(f, "jlpt"))) {
                if (cJSON_IsNull(m)) rc = mu_jr_bad(r, "rules.language.jlpt", "expected \"N1\" to \"N5\", got null");
                else if (mu_jr_level(r, "rules.language.jlpt", m, 1, &lv)) rc = MU_EINPUT;
                else ru->lang_jlpt = lv;
            }
            if ((m = cJSON_GetObjectItemCaseSensitive(f, "english"))) {
                if (mu_jr_level(r, "rules.language.english", m, 0, &lv)) rc = MU_EINPUT;
                else if (lv == MU_EN_NONE)
                    rc = mu_jr_bad(r, "rules.language.english", "\"none\" is not a minimum; leave english out");
                else ru->lang_english = lv;
            }
        }
    }
    if ((f = cJSON_GetObjectItemCaseSensitive(v, "degree_or_recommendation")) &&
        mu_jr_bool(r, "rules.degree_or_recommendation", f, &ru->degree_or_recommendation))
        rc = MU_EINPUT;
    if ((f = cJSON_GetObjectItemCaseSensitive(v, "mutual_preferences")) &&
        mu_jr_bool(r, "rules.mutual_preferences", f, &ru->mutual_preferences))
        rc = MU_EINPUT;
    if ((f = cJSON_GetObjectItemCaseSensitive(v, "nationalities"))) {
        if (!cJSON_IsArray(f))
            return mu_jr_bad(r, "rules.nationalities", "expected an array of strings, got %s",
                             mu_jr_describe(f, buf, sizeof buf));
        int n = cJSON_GetArraySize(f), i = 0;
        ru->has_nationalities = 1;
        ru->nationalities = mu_alloc((size_t)n, sizeof(int32_t), r->rd.err);
        if (!ru->nationalities) return MU_ENOMEM;
        for (const cJSON *e = f->child; e; e = e->next, i++) {
            char p[64];
            const char *s;
            snprintf(p, sizeof p, "rules.nationalities[%d]", i);
            if (mu_jr_string(r, p, e, &s)) {
                rc = MU_EINPUT;
                continue;
            }
            int32_t sym = mu_sym_intern(&r->inst->syms, s, r->rd.err);
            if (sym < 0) return MU_ENOMEM;
            ru->nationalities[ru->n_nationalities++] = sym;
        }
    }
    return rc;
}

static int read_weights(mu_jreader *r, const cJSON *v) {
    static const char *const known[] = {"base", "applicant_rank", "company_rank", "target_market"};
    char buf[256];
    if (!cJSON_IsObject(v))
        return mu_jr_bad(r, "weights", "expected an object, got %s", mu_jr_describe(v, buf, sizeof buf));
    int rc = mu_jr_keys(r, "weights", v, known, MU_ARRAY_LEN(known));
    int64_t *dst[] = {&r->inst->weights.base, &r->inst->weights.applicant_rank, &r->inst->weights.company_rank,
                      &r->inst->weights.target_market};
    for (size_t k = 0; k < MU_ARRAY_LEN(known); k++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(v, known[k]);
        char p[64];
        snprintf(p, sizeof p, "weights.%s", known[k]);
        if (f && mu_jr_int(r, p, f, 0, MU_MAX_WEIGHT_PARAM, dst[k])) rc = MU_EINPUT;
    }
    return rc;
}

/* ---- quotas */
static int attr_key_exists(const mu_attrs *a, int64_t n, int32_t key) {
    for (int64_t k = 0; k < a->off[n]; k++)
        if (a->key[k] == key) return 1;
    return 0;
}

static int read_filter(mu_jreader *r, const char *path, const cJSON *v, int app_side, mu_filter **out, int32_t *nout) {
    char buf[256], p[400];
    mu_instance *inst = r->inst;
    if (!cJSON_IsObject(v))
        return mu_jr_bad(r, path, "expected an object mapping attributes to values, got %s",
                         mu_jr_describe(v, buf, sizeof buf));
    int n = cJSON_GetArraySize(v), rc = MU_OK;
    *out = mu_calloc((size_t)n, sizeof **out, r->rd.err);
    if (!*out) return MU_ENOMEM;
    for (const cJSON *f = v->child; f; f = f->next) {
        snprintf(p, sizeof p, "%s.%s", path, mu_jr_quote(f->string));
        mu_filter *fl = &(*out)[(*nout)++];
        fl->key = mu_sym_intern(&inst->syms, f->string, r->rd.err);
        if (fl->key < 0) return MU_ENOMEM;
        const mu_attrs *attrs = app_side ? &inst->app_attrs : &inst->com_attrs;
        if (strcmp(f->string, "id") != 0 && !attr_key_exists(attrs, app_side ? inst->n_app : inst->n_com, fl->key)) {
            char hint[160];
            mu_lint_key_hint(inst, app_side, f->string, hint, sizeof hint);
            rc = mu_jr_bad(r, p, "no %s has the attribute \"%s\"%s", app_side ? "applicant" : "company",
                           mu_jr_quote(f->string), hint);
        }
        const cJSON *vals = f;
        if (cJSON_IsObject(f)) {
            static const char *const nk[] = {"not"};
            if (mu_jr_keys(r, p, f, nk, 1) || !(vals = cJSON_GetObjectItemCaseSensitive(f, "not"))) {
                rc = mu_jr_bad(r, p, "expected a value, an array of values or {\"not\": ...}");
                continue;
            }
            fl->negate = 1;
        }
        int nv = cJSON_IsArray(vals) ? cJSON_GetArraySize(vals) : 1;
        if (nv == 0) {
            rc = mu_jr_bad(r, p, "expected at least one value");
            continue;
        }
        fl->vals = mu_alloc((size_t)nv, sizeof *fl->vals, r->rd.err);
        if (!fl->vals) return MU_ENOMEM;
        const cJSON *e = cJSON_IsArray(vals) ? vals->child : vals;
        for (int i = 0; i < nv && e; i++, e = e->next) {
            const char *s = NULL;
            char num[32];
            if (cJSON_IsString(e)) s = e->valuestring;
            else if (cJSON_IsBool(e)) s = cJSON_IsTrue(e) ? "true" : "false";
            else if (cJSON_IsNumber(e) && isfinite(e->valuedouble) && e->valuedouble == floor(e->valuedouble) &&
                     fabs(e->valuedouble) < 1e15) {
                snprintf(num, sizeof num, "%lld", (long long)e->valuedouble);
                s = num;
            } else {
                rc = mu_jr_bad(r, p, "expected a string, integer or boolean value, got %s",
                               mu_jr_describe(e, buf, sizeof buf));
                continue;
            }
            int32_t sym = mu_sym_intern(&inst->syms, s, r->rd.err);
            if (sym < 0) return MU_ENOMEM;
            fl->vals[fl->n_vals++] = sym;
        }
    }
    return rc;
}

static int read_quotas(mu_jreader *r, const cJSON *arr) {
    static const char *const known[] = {"name",     "applicants",       "companies", "per_company",
                                        "group_by", "group_by_company", "min",       "max"};
    mu_instance *inst = r->inst;
    char buf[256], p[400], pf[420];
    if (!cJSON_IsArray(arr))
        return mu_jr_bad(r, "quotas", "expected an array of quota objects, got %s",
                         mu_jr_describe(arr, buf, sizeof buf));
    int n = cJSON_GetArraySize(arr), rc = MU_OK, i = 0;
    inst->quotas = mu_calloc((size_t)n, sizeof *inst->quotas, r->rd.err);
    if (!inst->quotas) return MU_ENOMEM;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        snprintf(p, sizeof p, "quotas[%d]", i);
        mu_quota *q = &inst->quotas[inst->n_quotas++];
        q->group_by = q->group_by_company = -1;
        q->max = INT64_MAX;
        if (!cJSON_IsObject(e)) {
            rc = mu_jr_bad(r, p, "expected an object, got %s", mu_jr_describe(e, buf, sizeof buf));
            continue;
        }
        if (mu_jr_keys(r, p, e, known, MU_ARRAY_LEN(known))) rc = MU_EINPUT;
        const cJSON *f;
        const char *s;
        snprintf(pf, sizeof pf, "%s.name", p);
        if (!(f = cJSON_GetObjectItemCaseSensitive(e, "name"))) rc = mu_jr_bad(r, pf, "missing");
        else if (mu_jr_id(r, pf, f, &s)) rc = MU_EINPUT;
        else if (!(q->name = mu_strdup(s, r->rd.err))) return MU_ENOMEM; /* duplicates: after the loop */
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
        if ((f = cJSON_GetObjectItemCaseSensitive(e, "per_company")) && mu_jr_bool(r, pf, f, &q->per_company))
            rc = MU_EINPUT;
        for (int side = 0; side < 2; side++) {
            const char *key = side ? "group_by_company" : "group_by";
            snprintf(pf, sizeof pf, "%s.%s", p, key);
            if (!(f = cJSON_GetObjectItemCaseSensitive(e, key))) continue;
            if (mu_jr_string(r, pf, f, &s)) {
                rc = MU_EINPUT;
                continue;
            }
            int32_t sym = mu_sym_intern(&inst->syms, s, r->rd.err);
            if (sym < 0) return MU_ENOMEM;
            const mu_attrs *attrs = side ? &inst->com_attrs : &inst->app_attrs;
            if (!attr_key_exists(attrs, side ? inst->n_com : inst->n_app, sym)) {
                char hint[160];
                mu_lint_key_hint(inst, !side, s, hint, sizeof hint);
                rc = mu_jr_bad(r, pf, "no %s has the attribute \"%s\"%s", side ? "company" : "applicant",
                               mu_jr_quote(s), hint);
            }
            if (side) q->group_by_company = sym;
            else q->group_by = sym;
        }
        const cJSON *mn = cJSON_GetObjectItemCaseSensitive(e, "min");
        const cJSON *mx = cJSON_GetObjectItemCaseSensitive(e, "max");
        snprintf(pf, sizeof pf, "%s.min", p);
        if (mn && mu_jr_int(r, pf, mn, 0, 1000000000000LL, &q->min)) rc = MU_EINPUT;
        snprintf(pf, sizeof pf, "%s.max", p);
        if (mx && mu_jr_int(r, pf, mx, 0, 1000000000000LL, &q->max)) rc = MU_EINPUT;
        if (!mn && !mx) rc = mu_jr_bad(r, p, "expected min and/or max");
        if (mn && mx && q->min > q->max)
            rc = mu_jr_bad(r, p, "min %lld is greater than max %lld", (long long)q->min, (long long)q->max);
    }
    /* Repeated names, in O(q log q) (mu_first_of). */
    const char **names = mu_alloc((size_t)inst->n_quotas + 1, sizeof *names, r->rd.err);
    size_t *first = mu_alloc((size_t)inst->n_quotas + 1, sizeof *first, r->rd.err);
    if (!names || !first) {
        free(names), free(first);
        return MU_ENOMEM;
    }
    for (int32_t j = 0; j < inst->n_quotas; j++) names[j] = inst->quotas[j].name;
    if (mu_first_of(names, (size_t)inst->n_quotas, first, r->rd.err)) {
        free(names), free(first);
        return MU_ENOMEM;
    }
    for (int32_t j = 0; j < inst->n_quotas; j++)
        if (first[j] != (size_t)j) {
            snprintf(pf, sizeof pf, "quotas[%d].name", j);
            rc = mu_jr_bad(r, pf, "duplicate quota name \"%s\" (also quotas[%zu])", mu_jr_quote(names[j]), first[j]);
        }
    free(names), free(first);
    return rc;
}

/* ---- host budgets: {"min_participating", "max_participating", "min_per_host",
 * "max_per_host", "companies": FILTER}; at least one bound. */
static int read_hosts(mu_jreader *r, const cJSON *v) {
    static const char *const known[] = {"min_participating", "max_participating", "min_per_host", "max_per_host",
                                        "companies"};
    mu_hosts *h = &r->inst->hosts;
    char buf[256];
    if (!cJSON_IsObject(v))
        return mu_jr_bad(r, "hosts", "expected an object, got %s", mu_jr_describe(v, buf, sizeof buf));
    int rc = mu_jr_keys(r, "hosts", v, known, MU_ARRAY_LEN(known));
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
        if (mu_jr_int(r, p, f, 0, hi[k], dst[k])) rc = MU_EINPUT;
    }
    if (!n_bounds)
        rc = mu_jr_bad(r, "hosts",
                       "expected at least one of min_participating, max_participating, min_per_host, max_per_host");
    if (h->min_participating > h->max_participating)
        rc = mu_jr_bad(r, "hosts", "min_participating %lld is greater than max_participating %lld",
                       (long long)h->min_participating, (long long)h->max_participating);
    if (h->min_per_host > h->max_per_host)
        rc = mu_jr_bad(r, "hosts", "min_per_host %lld is greater than max_per_host %lld", (long long)h->min_per_host,
                       (long long)h->max_per_host);
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(v, "companies");
    int rr;
    if (f && (rr = read_filter(r, "hosts.companies", f, 0, &h->filter, &h->n_filter))) rc = rr;
    return rc;
}

/* ---- the programme as a whole */

int mu_read_programme(mu_jreader *r, const cJSON *root) {
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
    mu_jreader r = {.rd = {file, err}, .inst = inst};
    int rc = mu_read_programme(&r, root);
    mu_jr_free(&r);
    return rc;
}

/* ---- a table directory's programme.json */

/* Its top level: the programme's keys and the name; the document's
 * description and provenance are kept only by whoever asked for the
 * document (musubi import). */
static int read_programme_top(mu_jreader *r, const cJSON *root, int has_pairs_file) {
    static const char *const known[] = {"name", "description", "provenance", "rules", "weights", "quotas", "hosts"};
    const mu_rd *rd = &r->rd;
    if (!cJSON_IsObject(root)) return mu_rd_bad(rd, NULL, NULL, "expected a JSON object at the top level");
    int rc = MU_OK;
    size_t k = 0;
    const size_t *first = mu_jr_key_first(r, root);
    if (!first) return MU_ENOMEM;
    for (const cJSON *c = root->child; c; c = c->next, k++) {
        size_t i = 0;
        while (i < MU_ARRAY_LEN(known) && strcmp(c->string, known[i]) != 0) i++;
        if (i == MU_ARRAY_LEN(known))
            rc = mu_rd_bad(rd, NULL, NULL,
                           "unknown key \"%.60s\" (programme.json may hold name, description, provenance, rules, "
                           "weights, quotas and hosts)",
                           c->string);
        if (first[k] != k) rc = mu_rd_bad(rd, NULL, NULL, "key \"%.60s\" appears twice", c->string);
    }
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (name && !cJSON_IsString(name)) rc = mu_rd_bad(rd, "name", NULL, "expected a string");
    else if (name && !(r->inst->name = mu_strdup(name->valuestring, rd->err))) return MU_ENOMEM;
    if (has_pairs_file && cJSON_GetObjectItemCaseSensitive(root, "weights"))
        rc = mu_rd_bad(rd, "weights", NULL, "must be absent when pairs.csv is given (pairs carry their own weights)");
    return mu_worse(rc, mu_read_programme(r, root));
}

int mu_read_programme_file(const char *path, mu_instance *inst, int has_pairs_file, cJSON **keep, mu_error *err) {
    mu_jreader r = {.rd = {path, err}, .inst = inst};
    if (keep) *keep = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT) return MU_OK;
        return mu_rd_fail(&r.rd, MU_EIO, "cannot open: %s", strerror(errno));
    }
    char *text = NULL;
    size_t len = 0;
    cJSON *root = NULL;
    int rc = mu_read_file(path, MAX_PROGRAMME_BYTES, &text, &len, err);
    if (!rc) rc = mu_json_load(&r.rd, text, len, &root);
    free(text);
    if (!rc) rc = read_programme_top(&r, root, has_pairs_file);
    mu_jr_free(&r);
    if (!rc && keep) *keep = root;
    else cJSON_Delete(root);
    return rc;
}
