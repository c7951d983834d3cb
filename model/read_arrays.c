/* The arrays route (mu_instance_build, musubi.h): an instance from the
 * caller's arrays — ids, capacities, attribute columns, pairs with weights,
 * preference lists by index — and the programme (rules, weights, quotas,
 * host budgets) as the JSON text of a document's keys. It serves programs
 * that hold an instance in memory (the Python module, a simulation loop) at
 * sizes where a JSON text costs more than the solve: 100,000 applicants
 * with eight columns and two million pairs build in about 0.45 s, where the
 * same instance takes 5 s to read as a JSON file and 0.6 s as CSV tables
 * (README "Library").
 *
 * It builds the same mu_instance that read_json.c builds for the equivalent
 * document — applicant i is {"id", its columns in order, "preferences"},
 * company j is {"id", "capacity", its columns, "preferences"}, then "pairs"
 * in the arrays' order, then the programme — symbol for symbol: symbols are
 * interned in the order read_json.c meets them, a typed field's value before
 * its key as there, and the programme goes through the same reader
 * (read_programme.c). tests/test_api.c builds random instances both ways and
 * compares them field by field. Validation follows the JSON route's rules
 * with its messages, each record named by its path in that document
 * (`<arrays>: applicants[3].age: expected an integer from 0 to 150, got
 * "forty"`); reading goes on past a bad value so that one call names as
 * many problems as it can.
 *
 * Pairs, the bulk, are ordered by (applicant, company) with a counting sort
 * by applicant, then each applicant's few pairs by company, original
 * positions kept so that a duplicate is named by its index as read_json.c
 * names it: O(pairs + applicants), no comparison sort over all pairs.
 *
 * Columns are the table route's (applicants.csv and companies.csv without
 * the id, capacity and preferences, which the arrays give), one text per
 * entity, lists '|'-separated: typed ones read as there (nationality, age,
 * jlpt, ..., target_markets, requires_jlpt, requires_english,
 * requires_fields, requires_degree — adjacent, the document's "requires"
 * object), any other name a free attribute. Tracks are the JSON route's
 * only (instances/FORMAT.md "Tracks"). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/csv_table.h"
#include "model/lint.h"
#include "model/read_internal.h"

#define DEFAULT_SOURCE "<arrays>"

typedef struct builder {
    mu_rd rd;
    const mu_arrays *in;
    mu_instance *inst;
} builder;

/* "file: path: problem", as mu_jr_bad words it. */
static int bad(builder *b, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(builder *b, const char *path, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = mu_rd_vbad(&b->rd, path, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

/* NULL when s is valid UTF-8, else a message part. */
static const char *utf8_problem(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t k = mu_utf8_len(p + i, n - i);
        if (!k) return "invalid UTF-8";
        i += k;
    }
    return NULL;
}

/* A value for "got ..." in messages: quoted and cut at 40 bytes. */
static const char *got(const char *s, char *buf, size_t n) {
    buf[0] = '"';
    mu_json_clip(s, 40, 1, 0, buf + 1, n - 2);
    strcat(buf, "\"");
    return buf;
}

/* An id as mu_jr_id checks it (read_json.c), then interned in ids; all[] is
 * the side's ids, to name a duplicate's first place. */
static int take_id(builder *b, const char *side, int32_t i, const char *const *all, mu_symtab *ids) {
    const char *id = all[i];
    char p[64];
    snprintf(p, sizeof p, "%s[%d].id", side, i);
    if (!id) return bad(b, p, "missing");
    const char *why = utf8_problem(id);
    if (why) return bad(b, p, "%s", why);
    size_t len = strlen(id);
    if (len == 0) return bad(b, p, "expected a non-empty id");
    if (len > MU_MAX_ID_BYTES) return bad(b, p, "id longer than %d bytes (%zu)", MU_MAX_ID_BYTES, len);
    for (const unsigned char *q = (const unsigned char *)id; *q; q++)
        if (*q < 0x20 || *q == 0x7f) return bad(b, p, "id contains a control character");
    const char *space = mu_lint_outer_space(id);
    if (space) return bad(b, p, "\"%s\" %s; ids compare exactly, so remove it", mu_jr_quote(id), space);
    if (mu_sym_find(ids, id) >= 0) {
        int32_t first = 0;
        while (first < i && (!all[first] || strcmp(all[first], id) != 0)) first++;
        return bad(b, p, "duplicate id \"%s\" (also %s[%d])", mu_jr_quote(id), side, first);
    }
    return mu_sym_intern(ids, id, b->rd.err) < 0 ? MU_ENOMEM : MU_OK;
}

/* ---- columns: the table route's columns (instances/FORMAT.md, "The compact
 * route"), one text per entity; lists are '|'-separated there and here */

enum {
    C_FREE,
    C_NATIONALITY,
    C_FIELD,
    C_AGE,
    C_JLPT,
    C_ENGLISH,
    C_DEGREE,
    C_RECOMMENDATION,
    C_TARGET_MARKETS,
    C_REQ_JLPT,
    C_REQ_ENGLISH,
    C_REQ_FIELDS,
    C_REQ_DEGREE,
    C_KINDS
};
static const char *const TYPED[C_KINDS] = {NULL,
                                           "nationality",
                                           "field",
                                           "age",
                                           "jlpt",
                                           "english",
                                           "degree",
                                           "recommendation",
                                           "target_markets",
                                           "requires_jlpt",
                                           "requires_english",
                                           "requires_fields",
                                           "requires_degree"};

/* The kind of each column (kinds[k]); problems with the names: empty, not
 * UTF-8, repeated, or a key the arrays give elsewhere or do not take. */
static int check_columns(builder *b, int app_side, int32_t n, const mu_column *cols, int8_t *kinds) {
    const char *list = app_side ? "applicant_columns" : "company_columns";
    int rc = MU_OK;
    char p[64];
    for (int32_t k = 0; k < n; k++) {
        snprintf(p, sizeof p, "%s[%d].name", list, k);
        const char *s = cols[k].name;
        kinds[k] = C_FREE;
        if (!s || !*s) {
            rc = bad(b, p, "expected a non-empty attribute name");
            continue;
        }
        const char *why = utf8_problem(s);
        if (why) {
            rc = bad(b, p, "%s", why);
            continue;
        }
        int8_t first = app_side ? C_NATIONALITY : C_TARGET_MARKETS, last = app_side ? C_RECOMMENDATION : C_REQ_DEGREE;
        for (int8_t t = first; t <= last; t++)
            if (strcmp(s, TYPED[t]) == 0) kinds[k] = t;
        if (strcmp(s, "id") == 0 || strcmp(s, "preferences") == 0 || (!app_side && strcmp(s, "capacity") == 0))
            rc = bad(b, p, "\"%s\" is not a column: the arrays give it (%s)", s,
                     s[0] == 'i'   ? (app_side ? "applicant_ids" : "company_ids")
                     : s[0] == 'p' ? (app_side ? "applicant_prefs" : "company_prefs")
                                   : "capacities");
        else if (!app_side && kinds[k] == C_FREE && (strncmp(s, "requires", 8) == 0 || strcmp(s, "tracks") == 0))
            rc = bad(b, p,
                     "\"%s\" is not a company column (requirements are the columns requires_jlpt, "
                     "requires_english, requires_fields and requires_degree; tracks need the JSON route, "
                     "mu_instance_from_json)",
                     mu_jr_quote(s));
        for (int32_t j = 0; j < k; j++)
            if (cols[j].name && strcmp(cols[j].name, s) == 0) {
                rc = bad(b, p, "\"%s\" repeats %s[%d].name", mu_jr_quote(s), list, j);
                break;
            }
        if (!cols[k].values) rc = bad(b, p, "the column \"%s\" has no values", mu_jr_quote(s));
    }
    return rc;
}

/* Attribute (key, value) of the entity being built, key interned first, as
 * read_json.c's attr() does. */
static int attr(builder *b, mu_growattrs *g, const char *key, const char *val) {
    int32_t k = mu_sym_intern(&b->inst->syms, key, b->rd.err);
    int32_t v = mu_sym_intern(&b->inst->syms, val, b->rd.err);
    return mu_attrs_push(g, k, v, b->rd.err);
}

/* The value of a typed column as read_json.c reads the same field (its
 * checks and messages), or a free attribute. path names the value. */
static int level(builder *b, const char *path, const char *s, int jlpt, int *out) {
    char buf[128];
    *out = jlpt ? mu_jlpt_parse(s) : mu_english_parse(s);
    if (*out >= 0) return MU_OK;
    return bad(b, path,
               jlpt ? "expected \"N1\" to \"N5\", got %s"
                    : "expected \"none\", \"basic\", \"daily\", \"business\" or \"native\", got %s",
               got(s, buf, sizeof buf));
}
static int boolean(builder *b, const char *path, const char *s, int *out) {
    char buf[128];
    *out = s[0] == 't' || s[0] == 'T';
    if (strcasecmp(s, "true") == 0 || strcasecmp(s, "false") == 0) return MU_OK;
    return bad(b, path, "expected true or false, got %s", got(s, buf, sizeof buf));
}

/* Column `col` (of kind `kind`) of applicant i. */
static int applicant_value(builder *b, int32_t i, const mu_column *col, int kind, mu_growattrs *g) {
    mu_instance *inst = b->inst;
    mu_applicant *ap = &inst->app[i];
    const char *s = col->values[i], *key = col->name;
    if (!s) return MU_OK;
    char p[400], buf[128];
    snprintf(p, sizeof p, "applicants[%d].%s", i, mu_jr_quote(key));
    const char *why = utf8_problem(s);
    if (why) return bad(b, p, "%s", why);
    int64_t x;
    int lv;
    switch (kind) {
    case C_NATIONALITY:
    case C_FIELD: {
        int32_t sym = mu_sym_intern(&inst->syms, s, b->rd.err); /* the value first, as read_json.c */
        if (sym < 0) return MU_ENOMEM;
        if (kind == C_NATIONALITY) ap->nationality = sym;
        else ap->field = sym;
        return attr(b, g, key, s);
    }
    case C_AGE:
        if (mu_table_parse_int(s, 0, 150, &x))
            return bad(b, p, "expected an integer from 0 to 150, got %s", got(s, buf, sizeof buf));
        ap->age = (int16_t)x;
        snprintf(buf, sizeof buf, "%lld", (long long)x);
        return attr(b, g, key, buf);
    case C_JLPT:
    case C_ENGLISH:
        if (level(b, p, s, kind == C_JLPT, &lv)) return MU_EINPUT;
        if (kind == C_JLPT) ap->jlpt = (int8_t)lv;
        else ap->english = (int8_t)lv;
        return attr(b, g, key, kind == C_JLPT ? mu_jlpt_name(lv) : mu_english_name(lv));
    case C_DEGREE:
    case C_RECOMMENDATION:
        if (boolean(b, p, s, &lv)) return MU_EINPUT;
        if (kind == C_DEGREE) ap->degree = (int8_t)lv;
        else ap->recommendation = (int8_t)lv;
        return attr(b, g, key, lv ? "true" : "false");
    default: return attr(b, g, key, s);
    }
}

/* A '|'-separated list (target_markets, requires_fields): each item
 * interned and added to rows, and as an attribute when `attrs`. "" is the
 * empty list; an empty item is a problem. */
static int text_list(builder *b, const char *path, const char *s, const char *key, mu_growrows *rows,
                     mu_growattrs *attrs) {
    if (!*s) return MU_OK;
    char *item = mu_alloc(strlen(s) + 1, 1, b->rd.err); /* one item at a time, NUL-terminated */
    if (!item) return MU_ENOMEM;
    int rc = MU_OK, i = 0;
    for (const char *q = s; !rc; i++) {
        size_t n = strcspn(q, "|");
        char pi[420];
        snprintf(pi, sizeof pi, "%s[%d]", path, i);
        if (n == 0) {
            rc = bad(b, pi, "item is empty (two \"|\" in a row, or one at an end)");
            break;
        }
        memcpy(item, q, n);
        item[n] = '\0';
        int32_t sym = mu_sym_intern(&b->inst->syms, item, b->rd.err); /* the value first, as read_json.c */
        if (sym < 0 || mu_rows_push(rows, sym, b->rd.err) || (attrs && attr(b, attrs, key, item))) rc = MU_ENOMEM;
        if (!q[n]) break;
        q += n + 1;
    }
    free(item);
    return rc;
}

static int company_value(builder *b, int32_t j, const mu_column *col, int kind, mu_growattrs *g, mu_growrows *target,
                         mu_growrows *fields) {
    const char *s = col->values[j];
    if (!s) return MU_OK;
    char p[400];
    int lv;
    mu_company *co = &b->inst->com[j];
    if (kind >= C_REQ_JLPT) snprintf(p, sizeof p, "companies[%d].requires.%s", j, col->name + 9);
    else snprintf(p, sizeof p, "companies[%d].%s", j, mu_jr_quote(col->name));
    const char *why = utf8_problem(s);
    if (why) return bad(b, p, "%s", why);
    switch (kind) {
    case C_TARGET_MARKETS: return text_list(b, p, s, col->name, target, g);
    case C_REQ_JLPT:
        if (level(b, p, s, 1, &lv)) return MU_EINPUT;
        co->req_jlpt = (int8_t)lv;
        return MU_OK;
    case C_REQ_ENGLISH:
        if (level(b, p, s, 0, &lv)) return MU_EINPUT;
        co->req_english = (int8_t)lv;
        return MU_OK;
    case C_REQ_FIELDS:
        if (!*s) return bad(b, p, "expected at least one field (leave fields out for no requirement)");
        co->has_req_fields = 1;
        return text_list(b, p, s, NULL, fields, NULL);
    case C_REQ_DEGREE:
        if (boolean(b, p, s, &lv)) return MU_EINPUT;
        co->req_degree = (int8_t)lv;
        return MU_OK;
    default: return attr(b, g, col->name, s);
    }
}

/* A preference list by index, distinct entries of the other side, onto g. */
static int pref_list(builder *b, const char *side, int32_t i, const int64_t *start, const int32_t *items,
                     int32_t n_other, const mu_symtab *other_ids, mu_growrows *g, int32_t *mark) {
    const char *other = side[0] == 'a' ? "company" : "applicant";
    char p[400];
    snprintf(p, sizeof p, "%s[%d].preferences", side, i);
    if (start[i + 1] < start[i] || (i == 0 && start[0] != 0))
        return bad(b, p, "list bounds %lld to %lld are not increasing from 0", (long long)start[i],
                   (long long)start[i + 1]);
    int rc = MU_OK;
    for (int64_t k = start[i]; k < start[i + 1]; k++) {
        int32_t x = items[k];
        snprintf(p, sizeof p, "%s[%d].preferences[%lld]", side, i, (long long)(k - start[i]));
        if (x < 0 || x >= n_other) {
            rc = bad(b, p, "%s index %d out of range (0 to %d)", other, x, n_other - 1);
            continue;
        }
        if (mark[x] == i) {
            rc = bad(b, p, "%s \"%s\" listed twice", other, mu_jr_quote(other_ids->str[x]));
            continue;
        }
        mark[x] = i;
        if (mu_rows_push(g, x, b->rd.err)) return MU_ENOMEM;
    }
    return rc;
}

/* ---- entities */

static int build_entities(builder *b, mu_growrows *apref, mu_growrows *cpref, mu_growrows *target, mu_growrows *fields,
                          mu_growattrs *aattr, mu_growattrs *cattr) {
    const mu_arrays *in = b->in;
    mu_instance *inst = b->inst;
    mu_error *err = b->rd.err;
    int32_t na = in->n_applicants, nc = in->n_companies;
    int rc = MU_OK, rr;
    int8_t *akind = mu_calloc((size_t)in->n_applicant_columns + 1, 1, err);
    int8_t *ckind = mu_calloc((size_t)in->n_company_columns + 1, 1, err);
    int32_t *mark = mu_alloc((size_t)(na > nc ? na : nc) + 1, sizeof *mark, err);
    inst->app = mu_alloc((size_t)na + 1, sizeof *inst->app, err);
    inst->com = mu_alloc((size_t)nc + 1, sizeof *inst->com, err);
    apref->off = mu_calloc((size_t)na + 1, sizeof *apref->off, err);
    aattr->off = mu_calloc((size_t)na + 1, sizeof *aattr->off, err);
    cpref->off = mu_calloc((size_t)nc + 1, sizeof *cpref->off, err);
    cattr->off = mu_calloc((size_t)nc + 1, sizeof *cattr->off, err);
    target->off = mu_calloc((size_t)nc + 1, sizeof *target->off, err);
    fields->off = mu_calloc((size_t)nc + 1, sizeof *fields->off, err);
    if (!akind || !ckind || !mark || !inst->app || !inst->com || !apref->off || !aattr->off || !cpref->off ||
        !cattr->off || !target->off || !fields->off) {
        rc = MU_ENOMEM;
        goto done;
    }
    int c1 = check_columns(b, 1, in->n_applicant_columns, in->applicant_columns, akind);
    int c2 = check_columns(b, 0, in->n_company_columns, in->company_columns, ckind);
    if (c1 || c2) {
        rc = mu_worse(c1, c2);
        goto done;
    }
    memset(mark, 0xff, ((size_t)(na > nc ? na : nc) + 1) * sizeof *mark);
    for (int32_t i = 0; i < na; i++) {
        inst->app[i] = (mu_applicant){.nationality = -1, .field = -1, .age = -1};
        apref->off[i] = apref->n;
        aattr->off[i] = aattr->n;
        for (int32_t k = 0; k < in->n_applicant_columns; k++)
            if ((rr = applicant_value(b, i, &in->applicant_columns[k], akind[k], aattr))) {
                if (rr == MU_ENOMEM) goto oom;
                rc = rr;
            }
        if (in->applicant_pref_start && (rr = pref_list(b, "applicants", i, in->applicant_pref_start,
                                                        in->applicant_prefs, nc, &inst->com_ids, apref, mark))) {
            if (rr == MU_ENOMEM) goto oom;
            rc = rr;
        }
    }
    apref->off[na] = apref->n;
    aattr->off[na] = aattr->n;
    memset(mark, 0xff, ((size_t)(na > nc ? na : nc) + 1) * sizeof *mark);
    for (int32_t j = 0; j < nc; j++) {
        inst->com[j] = (mu_company){0};
        cpref->off[j] = cpref->n;
        cattr->off[j] = cattr->n;
        target->off[j] = target->n;
        fields->off[j] = fields->n;
        int64_t cap = in->capacities[j];
        char p[64], num[32];
        if (cap < 0 || cap > MU_MAX_CAPACITY) {
            snprintf(p, sizeof p, "companies[%d].capacity", j);
            rc = bad(b, p, "expected an integer from 0 to %d, got %lld", MU_MAX_CAPACITY, (long long)cap);
        } else {
            inst->com[j].capacity = (int32_t)cap;
            snprintf(num, sizeof num, "%lld", (long long)cap);
            if (attr(b, cattr, "capacity", num)) goto oom;
        }
        for (int32_t k = 0; k < in->n_company_columns; k++)
            if ((rr = company_value(b, j, &in->company_columns[k], ckind[k], cattr, target, fields))) {
                if (rr == MU_ENOMEM) goto oom;
                rc = rr;
            }
        if (in->company_pref_start && (rr = pref_list(b, "companies", j, in->company_pref_start, in->company_prefs, na,
                                                      &inst->app_ids, cpref, mark))) {
            if (rr == MU_ENOMEM) goto oom;
            rc = rr;
        }
    }
    cpref->off[nc] = cpref->n;
    cattr->off[nc] = cattr->n;
    target->off[nc] = target->n;
    fields->off[nc] = fields->n;
    goto done;
oom:
    rc = MU_ENOMEM;
done:
    free(akind), free(ckind), free(mark);
    return rc;
}

/* ---- pairs */

/* Orders the pairs by (applicant, company), naming each duplicate as
 * read_json.c does: "pairs[later]: duplicate of pairs[earlier]". */
static int build_pairs(builder *b) {
    const mu_arrays *in = b->in;
    mu_instance *inst = b->inst;
    mu_error *err = b->rd.err;
    int64_t n = in->n_pairs;
    int rc = MU_OK;
    char p[64];
    inst->has_pairs = 1;
    inst->n_given = n;
    for (int64_t k = 0; k < n; k++) {
        int32_t a = in->pair_applicants[k], c = in->pair_companies[k];
        int64_t w = in->pair_weights[k];
        if (a < 0 || a >= inst->n_app) {
            snprintf(p, sizeof p, "pairs[%lld].applicant", (long long)k);
            rc = bad(b, p, "applicant index %d out of range (0 to %d)", a, inst->n_app - 1);
        }
        if (c < 0 || c >= inst->n_com) {
            snprintf(p, sizeof p, "pairs[%lld].company", (long long)k);
            rc = bad(b, p, "company index %d out of range (0 to %d)", c, inst->n_com - 1);
        }
        if (w < 0 || w > MU_MAX_WEIGHT) {
            snprintf(p, sizeof p, "pairs[%lld].weight", (long long)k);
            rc = bad(b, p, "expected an integer from 0 to %lld, got %lld", (long long)MU_MAX_WEIGHT, (long long)w);
        }
    }
    if (rc) return rc;
    /* Counting sort by applicant: pos[] holds original positions, grouped by
     * applicant, in increasing order within each group. */
    int64_t *start = mu_calloc((size_t)inst->n_app + 2, sizeof *start, err);
    int64_t *pos = mu_alloc((size_t)n + 1, sizeof *pos, err);
    inst->given_app = mu_alloc((size_t)n + 1, sizeof *inst->given_app, err);
    inst->given_com = mu_alloc((size_t)n + 1, sizeof *inst->given_com, err);
    inst->given_w = mu_alloc((size_t)n + 1, sizeof *inst->given_w, err);
    if (!start || !pos || !inst->given_app || !inst->given_com || !inst->given_w) {
        free(start), free(pos);
        return MU_ENOMEM;
    }
    for (int64_t k = 0; k < n; k++) start[in->pair_applicants[k] + 2]++;
    for (int32_t a = 0; a < inst->n_app; a++) start[a + 2] += start[a + 1];
    for (int64_t k = 0; k < n; k++) pos[start[in->pair_applicants[k] + 1]++] = k;
    /* start[a] .. start[a + 1] now bound applicant a's pairs: within each,
     * insertion sort by (company, position) — lists are short — which keeps
     * the earlier of two duplicates first. */
    for (int32_t a = 0; a < inst->n_app; a++) {
        for (int64_t x = start[a] + 1; x < start[a + 1]; x++) {
            int64_t v = pos[x], y = x;
            int32_t cv = in->pair_companies[v];
            while (y > start[a] && in->pair_companies[pos[y - 1]] > cv) {
                pos[y] = pos[y - 1];
                y--;
            }
            pos[y] = v;
        }
    }
    for (int64_t k = 0; k < n; k++) {
        int64_t o = pos[k];
        inst->given_app[k] = in->pair_applicants[o];
        inst->given_com[k] = in->pair_companies[o];
        inst->given_w[k] = in->pair_weights[o];
        if (k > 0 && inst->given_app[k] == inst->given_app[k - 1] && inst->given_com[k] == inst->given_com[k - 1]) {
            snprintf(p, sizeof p, "pairs[%lld]", (long long)o);
            rc = bad(b, p, "duplicate of pairs[%lld] (applicant \"%s\", company \"%s\")", (long long)pos[k - 1],
                     mu_jr_quote(inst->app_ids.str[inst->given_app[k]]),
                     mu_jr_quote(inst->com_ids.str[inst->given_com[k]]));
        }
    }
    free(start), free(pos);
    return rc;
}

/* ---- the programme */

static int build_programme(builder *b) {
    static const char *const known[] = {"rules", "weights", "quotas", "hosts"};
    const char *text = b->in->programme;
    char file[600];
    snprintf(file, sizeof file, "%s: programme", b->rd.file);
    mu_rd prd = {file, b->rd.err};
    cJSON *root = NULL;
    int rc = mu_json_load(&prd, text, strlen(text), &root);
    if (rc) return rc;
    mu_jreader r = {.rd = b->rd, .inst = b->inst};
    if (!cJSON_IsObject(root)) {
        rc = mu_rd_bad(&prd, NULL, NULL, "expected a JSON object with rules, weights, quotas or hosts");
    } else {
        rc = mu_jr_keys(&r, "programme", root, known, MU_ARRAY_LEN(known));
        if (b->inst->has_pairs && cJSON_GetObjectItemCaseSensitive(root, "weights"))
            rc = mu_jr_bad(&r, "weights", "must be absent when pairs are given (pairs carry their own weights)");
        if (rc != MU_ENOMEM) rc = mu_worse(rc, mu_read_programme(&r, root));
    }
    mu_jr_free(&r);
    cJSON_Delete(root);
    return rc;
}

int mu_instance_build(const mu_arrays *in, mu_instance **out, mu_error *err) {
    MU_REQUIRE(in && out);
    MU_REQUIRE(in->n_applicants >= 0 && in->n_companies >= 0 && in->n_pairs >= 0);
    MU_REQUIRE(in->n_applicants == 0 || in->applicant_ids);
    MU_REQUIRE(in->n_companies == 0 || (in->company_ids && in->capacities));
    MU_REQUIRE(!in->pair_applicants || in->n_pairs == 0 || (in->pair_companies && in->pair_weights));
    MU_REQUIRE(!in->applicant_pref_start || in->applicant_prefs || in->applicant_pref_start[in->n_applicants] == 0);
    MU_REQUIRE(!in->company_pref_start || in->company_prefs || in->company_pref_start[in->n_companies] == 0);
    MU_REQUIRE(in->n_applicant_columns >= 0 && (in->n_applicant_columns == 0 || in->applicant_columns));
    MU_REQUIRE(in->n_company_columns >= 0 && (in->n_company_columns == 0 || in->company_columns));
    mu_error_clear(err);
    *out = NULL;
    const char *source = in->source ? in->source : DEFAULT_SOURCE;
    mu_instance *inst = mu_instance_new(source, err);
    if (!inst) return MU_ENOMEM;
    builder b = {.rd = {inst->path, err}, .in = in, .inst = inst};
    mu_growrows apref = {0}, cpref = {0}, target = {0}, fields = {0};
    mu_growattrs aattr = {0}, cattr = {0};
    int rc = MU_OK, rr;
    if (in->name && utf8_problem(in->name)) {
        rc = bad(&b, "name", "invalid UTF-8");
        goto done;
    }
    if (in->name && !(inst->name = mu_strdup(in->name, err))) goto oom;
    if (in->n_applicants >= INT32_MAX || in->n_companies >= INT32_MAX || in->n_pairs >= INT32_MAX) {
        rc = bad(&b, NULL, "at most %d applicants, companies or pairs", INT32_MAX - 1);
        goto done;
    }
    /* Pass 1, as read_json.c: the ids of both sides. */
    for (int32_t i = 0; i < in->n_applicants; i++)
        if ((rr = take_id(&b, "applicants", i, in->applicant_ids, &inst->app_ids))) {
            if (rr == MU_ENOMEM) goto oom;
            rc = rr;
        }
    for (int32_t j = 0; j < in->n_companies; j++)
        if ((rr = take_id(&b, "companies", j, in->company_ids, &inst->com_ids))) {
            if (rr == MU_ENOMEM) goto oom;
            rc = rr;
        }
    if (rc) goto done;
    inst->n_app = in->n_applicants;
    inst->n_com = in->n_companies;
    /* Pass 2: every other field, then the pairs and the programme. */
    rr = build_entities(&b, &apref, &cpref, &target, &fields, &aattr, &cattr);
    if (rr == MU_ENOMEM) goto oom;
    rc = rr;
    if (mu_attrs_finish(&aattr, &inst->app_attrs, err) || mu_attrs_finish(&cattr, &inst->com_attrs, err) ||
        mu_rows_finish(&apref, &inst->app_pref, err) || mu_rows_finish(&cpref, &inst->com_pref, err) ||
        mu_rows_finish(&target, &inst->com_target, err) || mu_rows_finish(&fields, &inst->com_fields, err))
        goto oom;
    if (in->pair_applicants && (rr = build_pairs(&b))) {
        if (rr == MU_ENOMEM) goto oom;
        rc = rr;
    }
    if (in->programme && (rr = build_programme(&b))) {
        if (rr == MU_ENOMEM) goto oom;
        rc = rr;
    }
    if (!rc) rc = mu_instance_index(inst, err);
    goto done;
oom:
    rc = MU_ENOMEM;
done:
    mu_rows_free(&apref), mu_rows_free(&cpref), mu_rows_free(&target), mu_rows_free(&fields);
    mu_attrs_free(&aattr), mu_attrs_free(&cattr);
    if (rc) {
        mu_instance_free(inst);
        return rc;
    }
    *out = inst;
    return MU_OK;
}
