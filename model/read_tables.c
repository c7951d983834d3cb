/* The compact route (instances/FORMAT.md, "The compact route: CSV tables"): a
 * directory with applicants.csv and companies.csv, and optionally
 * preferences.csv, pairs.csv, quotas.csv and programme.json. This file knows
 * what the columns mean; csv_table.c streams each table through libcsv so
 * that no table's text is ever held whole, and read_programme.c reads
 * programme.json. It builds the same mu_instance as read_json.c builds for
 * the equivalent document — the same entities, attributes, rows and
 * symbols, in the same order when the document's keys follow the columns'
 * order — and validates by the same rules. Every problem is one line naming
 * the file, the row as a spreadsheet numbers it (the header is row 1,
 * csv_table.c) and the column: `t/pairs.csv: row 1043: weight: expected an
 * integer from 0 to 1000000000, got "1e3"`. The rows of the applicants,
 * companies and quotas are kept (inst->app_rows and so on), so that lint and
 * the programme reader name them alike after reading.
 *
 * The order mirrors read_json.c's two passes: companies.csv for ids only,
 * then applicants.csv (their preferences name companies), then companies.csv
 * again for the rest (their preferences name applicants), preferences.csv,
 * pairs.csv, programme.json and quotas.csv. The company table is small, so
 * reading it twice costs little and keeps nothing of it in raw form.
 *
 * pairs.csv, most of a large instance, has a fast way of its own (below,
 * "pairs.csv the fast way"): read in parallel while applicants.csv is read
 * row by row, kept only when the whole file is plain.
 *
 * quotas.csv (one quota a row) becomes the JSON form's quota objects and is
 * read by read_programme.c, which checks what a table cannot (attributes that
 * exist, unique names) exactly as for a document. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/io.h"
#include "model/csv_table.h"
#include "model/lint.h"
#include "model/read_internal.h"

#define MAX_ENTITIES (INT32_MAX - 1) /* ids are int32 symbols; offsets need one more */
#define MAX_PAIRS ((int64_t)INT32_MAX)

enum { T_COMPANIES, T_APPLICANTS, T_PAIRS, T_PROGRAMME, T_PREFERENCES, T_QUOTAS, T_COUNT };
static const char *const FILE_NAMES[T_COUNT] = {"companies.csv",  "applicants.csv",  "pairs.csv",
                                                "programme.json", "preferences.csv", "quotas.csv"};

/* What a column holds. */
enum {
    COL_FREE, /* a free attribute: one text value */
    COL_ID,
    COL_NATIONALITY,
    COL_FIELD,
    COL_AGE,
    COL_JLPT,
    COL_ENGLISH,
    COL_DEGREE,
    COL_RECOMMENDATION,
    COL_PREFERENCES,
    COL_CAPACITY,
    COL_TARGET_MARKETS,
    COL_REQ_JLPT,
    COL_REQ_ENGLISH,
    COL_REQ_FIELDS,
    COL_REQ_DEGREE
};
typedef struct column_name {
    const char *name;
    int kind;
} column_name;
static const column_name APPLICANT_COLUMNS[] = {{"id", COL_ID},
                                                {"nationality", COL_NATIONALITY},
                                                {"field", COL_FIELD},
                                                {"age", COL_AGE},
                                                {"jlpt", COL_JLPT},
                                                {"english", COL_ENGLISH},
                                                {"degree", COL_DEGREE},
                                                {"recommendation", COL_RECOMMENDATION},
                                                {"preferences", COL_PREFERENCES}};
static const column_name COMPANY_COLUMNS[] = {{"id", COL_ID},
                                              {"capacity", COL_CAPACITY},
                                              {"target_markets", COL_TARGET_MARKETS},
                                              {"preferences", COL_PREFERENCES},
                                              {"requires_jlpt", COL_REQ_JLPT},
                                              {"requires_english", COL_REQ_ENGLISH},
                                              {"requires_fields", COL_REQ_FIELDS},
                                              {"requires_degree", COL_REQ_DEGREE}};
static const char *const PAIR_COLUMNS[] = {"applicant", "company", "weight"};
static const char *const PREFERENCE_COLUMNS[] = {"applicant", "company", "applicant_rank", "company_rank"};
/* quotas.csv: these, plus filter columns "applicants.ATTR" and "companies.ATTR" */
static const char *const QUOTA_COLUMNS[] = {"name", "min", "max", "per_company", "group_by", "group_by_company"};

/* One row of preferences.csv: a listing by one side or both. */
typedef struct pref_entry {
    int32_t a, c;
    int32_t app_rank, com_rank; /* 0: that side does not list the other */
    int64_t row;
} pref_entry;

typedef struct dupkey {
    int32_t a, c;
    int64_t first_row; /* 0 until seen on the second reading */
} dupkey;

typedef struct reader {
    mu_instance *inst;
    mu_error *err;
    /* the columns of the table being read, set by its header callback */
    int8_t *kind;   /* [ncol] COL_* (QC_* in quotas.csv) */
    int32_t *key;   /* [ncol] attribute key symbol, interned at first use (-1 before) */
    int32_t idcol;  /* the id column */
    int32_t col[4]; /* pairs.csv: PAIR_COLUMNS; preferences.csv: PREFERENCE_COLUMNS; -1 absent */
    mu_growrows apref, cpref, target, fields;
    mu_growattrs aattr, cattr;
    int64_t app_cap;  /* entries allocated in inst->app, apref.off, aattr.off */
    int32_t *mark;    /* duplicate detection in preference lists */
    int64_t pair_cap; /* entries allocated in inst->given_app and given_w */
    int by_applicant; /* pairs.csv is already grouped by applicant index ... */
    int sorted;       /* ... and sorted by (applicant, company) */
    int32_t last_app; /* the previous pair's applicant: grouped files look it up once */
    dupkey *dups;     /* duplicate pairs to name by row, on the error path */
    int32_t n_dups;
    int64_t dups_named;
    pref_entry *prefs; /* preferences.csv, as read */
    int64_t n_prefs, cap_prefs;
    cJSON *quotas; /* quotas.csv as the JSON form's quota objects, one a row */
    int defer_ids; /* applicants' ids appended, indexed once the table is read (mu_sym_index) ... */
    int redo;      /* ... and one repeated: read again, interning row by row, to name it */
    /* the row where each id was first taken, to name it beside a duplicate:
     * [0] companies, [1] applicants, indexed by symbol */
    int64_t *id_row[2];
    int32_t id_row_cap[2];
} reader;

/* Reads one table of the directory through header and take_row; *stopped and
 * *dropped (when not NULL) receive whether the read stopped early and how
 * many rows were not taken. */
static int read_table(reader *r, const char *path, int (*header)(mu_table *), int (*take_row)(mu_table *), int *stopped,
                      int64_t *dropped, mu_rowmap *rows) {
    mu_table t;
    mu_table_init(&t, path, r->err, r, header, take_row);
    t.rows = rows;
    t.missing = "a table directory needs applicants.csv and companies.csv";
    int rc = mu_table_read(&t);
    if (stopped) *stopped = t.stop;
    if (dropped) *dropped = t.dropped;
    mu_table_free(&t);
    free(r->kind), free(r->key);
    r->kind = NULL, r->key = NULL;
    return rc;
}

/* The header callbacks start here: room for the columns' kinds and keys. */
static int columns(mu_table *t) {
    reader *r = t->owner;
    r->kind = mu_calloc((size_t)t->ncol, sizeof *r->kind, r->err);
    r->key = mu_alloc((size_t)t->ncol, sizeof *r->key, r->err);
    if (!r->kind || !r->key) return MU_ENOMEM;
    for (int32_t k = 0; k < t->ncol; k++) r->key[k] = -1;
    r->idcol = -1;
    r->col[0] = r->col[1] = r->col[2] = r->col[3] = -1;
    return MU_OK;
}

/* ---- cells */

static int classify(mu_table *t, const column_name *known, size_t nknown) {
    reader *r = t->owner;
    if (columns(t)) return MU_ENOMEM;
    for (int32_t k = 0; k < t->ncol; k++) {
        r->kind[k] = COL_FREE;
        for (size_t i = 0; i < nknown; i++)
            if (strcmp(t->name[k], known[i].name) == 0) r->kind[k] = (int8_t)known[i].kind;
        if (r->kind[k] == COL_ID) r->idcol = k;
    }
    return MU_OK;
}

static int level_cell(mu_table *t, int32_t col, int jlpt, int *out) {
    char buf[64];
    const char *s = t->cell[col];
    int lv = jlpt ? mu_jlpt_parse(s) : mu_english_parse(s);
    if (lv >= 0) {
        *out = lv;
        return MU_OK;
    }
    return mu_table_bad(t, col,
                        jlpt ? "expected \"N1\" to \"N5\", got %s"
                             : "expected \"none\", \"basic\", \"daily\", \"business\" or \"native\", got %s",
                        mu_table_got(s, buf, sizeof buf));
}

/* The key symbol of a column, interned when first used so that symbols are
 * numbered in the order read_json.c numbers them. */
static int32_t col_key(mu_table *t, int32_t col) {
    reader *r = t->owner;
    if (r->key[col] < 0) r->key[col] = mu_sym_intern(&r->inst->syms, t->name[col], t->rd.err);
    return r->key[col];
}

/* Attribute (column's key, text) of the current entity; key first, as
 * read_json.c interns them. */
static int attr_text(mu_table *t, mu_growattrs *g, int32_t col, const char *text) {
    reader *r = t->owner;
    int32_t k = col_key(t, col);
    if (k < 0) return MU_ENOMEM;
    return mu_attrs_push(g, k, mu_sym_intern(&r->inst->syms, text, t->rd.err), t->rd.err);
}

/* The same with the value already interned. */
static int attr_sym(mu_table *t, mu_growattrs *g, int32_t col, int32_t val) {
    int32_t k = col_key(t, col);
    if (k < 0) return MU_ENOMEM;
    return mu_attrs_push(g, k, val, t->rd.err);
}

/* Calls fn on each `|`-separated item of the cell (split in place); empty
 * items are errors. */
typedef int (*item_fn)(mu_table *t, int32_t col, const char *item, void *ctx);
static int each_item(mu_table *t, int32_t col, item_fn fn, void *ctx) {
    int rc = MU_OK, i = 0;
    for (char *p = t->cell[col];; i++) {
        char *bar = strchr(p, '|');
        if (bar) *bar = '\0';
        int rr = *p ? fn(t, col, p, ctx)
                    : mu_table_bad(t, col, "item %d is empty (two \"|\" in a row, or one at an end)", i + 1);
        if (rr == MU_ENOMEM) return rr;
        if (rr) rc = rr;
        if (!bar) return rc;
        p = bar + 1;
    }
}

/* Preference lists: ids of the other side, distinct. */
typedef struct id_list_ctx {
    const mu_symtab *ids;
    const char *side;
    mu_growrows *rows;
    int32_t mark;
} id_list_ctx;
static int id_item(mu_table *t, int32_t col, const char *s, void *vctx) {
    reader *r = t->owner;
    id_list_ctx *x = vctx;
    int32_t id = mu_sym_find(x->ids, s);
    if (id < 0) return mu_table_bad(t, col, "unknown %s id \"%.60s\"", x->side, s);
    if (r->mark[id] == x->mark) return mu_table_bad(t, col, "%s \"%.60s\" listed twice", x->side, s);
    r->mark[id] = x->mark;
    return mu_rows_push(x->rows, id, t->rd.err);
}

/* target_markets (into rows and attributes) and requires_fields (rows only). */
typedef struct text_list_ctx {
    mu_growrows *rows;
    mu_growattrs *attrs; /* NULL: not an attribute */
} text_list_ctx;
static int text_item(mu_table *t, int32_t col, const char *s, void *vctx) {
    reader *r = t->owner;
    text_list_ctx *x = vctx;
    int32_t sym = mu_sym_intern(&r->inst->syms, s, t->rd.err);
    if (sym < 0 || mu_rows_push(x->rows, sym, t->rd.err)) return MU_ENOMEM;
    return x->attrs ? attr_text(t, x->attrs, col, s) : MU_OK;
}

/* The row's id, checked as read_json.c checks ids, then interned: an entity's
 * index is its id's symbol. Returns the index, -1 when the row has no usable
 * id (reported), -2 when out of memory. */
static int32_t take_id(mu_table *t, mu_symtab *ids) {
    reader *r = t->owner;
    const char *s = t->cell[r->idcol];
    size_t len = strlen(s);
    int rc = MU_OK;
    if (len == 0) rc = mu_table_bad(t, r->idcol, "missing");
    else if (len > MU_MAX_ID_BYTES)
        rc = mu_table_bad(t, r->idcol, "id longer than %d bytes (%zu)", MU_MAX_ID_BYTES, len);
    else
        for (const unsigned char *p = (const unsigned char *)s; *p && !rc; p++)
            if (*p < 0x20 || *p == 0x7f) rc = mu_table_bad(t, r->idcol, "id contains a control character");
    const char *space = rc ? NULL : mu_lint_outer_space(s); /* "A03 " must never be a new entity */
    if (space) rc = mu_table_bad(t, r->idcol, "\"%.60s\" %s; ids compare exactly, so remove it", s, space);
    if (!rc && ids->n >= MAX_ENTITIES) {
        mu_table_stop(t, mu_table_bad(t, -1, "more than %d rows", MAX_ENTITIES));
        return -1;
    }
    int defer = r->defer_ids && ids == &r->inst->app_ids;
    int32_t before = ids->n, id = rc ? -1 : defer ? mu_sym_append(ids, s, t->rd.err) : mu_sym_intern(ids, s, t->rd.err);
    if (!rc && id < 0) return -2;
    int side = ids == &r->inst->app_ids;
    if (!rc && id < before)
        rc =
            id < r->id_row_cap[side] && r->id_row[side][id] > 0
                ? mu_table_bad(t, r->idcol, "duplicate id \"%.60s\" (also row %lld)", s, (long long)r->id_row[side][id])
                : mu_table_bad(t, r->idcol, "duplicate id \"%.60s\"", s);
    else if (!rc && !defer) { /* a new id: its row (the deferred reading has no duplicate to name) */
        if (id >= r->id_row_cap[side]) {
            int32_t cap = r->id_row_cap[side] ? r->id_row_cap[side] : 1024;
            while (cap <= id) cap *= 2;
            int64_t *grown = mu_realloc_array(r->id_row[side], (size_t)cap, sizeof *grown, t->rd.err);
            if (!grown) return -2;
            memset(grown + r->id_row_cap[side], 0, (size_t)(cap - r->id_row_cap[side]) * sizeof *grown);
            r->id_row[side] = grown, r->id_row_cap[side] = cap;
        }
        r->id_row[side][id] = t->row;
    }
    if (rc) {
        t->dropped++;
        return -1;
    }
    return id;
}

/* ---- companies.csv */

static int com_header(mu_table *t) {
    reader *r = t->owner;
    int rc = MU_OK, has_capacity = 0;
    if (classify(t, COMPANY_COLUMNS, MU_ARRAY_LEN(COMPANY_COLUMNS))) return MU_ENOMEM;
    for (int32_t k = 0; k < t->ncol; k++) {
        const char *s = t->name[k];
        if (r->kind[k] == COL_CAPACITY) has_capacity = 1;
        if (r->kind[k] == COL_FREE && (strcmp(s, "requires") == 0 || strncmp(s, "requires_", 9) == 0))
            rc = mu_table_bad(t, -1,
                              "unknown column \"%.60s\" (the host's requirements are the columns requires_jlpt, "
                              "requires_english, requires_fields and requires_degree)",
                              s);
    }
    if (r->idcol < 0) rc = mu_table_bad(t, -1, "missing the column \"id\"");
    if (!has_capacity) rc = mu_table_bad(t, -1, "missing the column \"capacity\"");
    return rc;
}

/* First reading: ids only. */
static int com_id_row(mu_table *t) {
    reader *r = t->owner;
    int32_t id = take_id(t, &r->inst->com_ids);
    return id == -2 ? MU_ENOMEM : id < 0 ? MU_EINPUT : MU_OK;
}

/* Second reading: everything else; the n-th data record is company n - 1
 * (the first reading took every record). */
static int com_row(mu_table *t) {
    reader *r = t->owner;
    mu_instance *inst = r->inst;
    int64_t i = t->nrec - 1;
    if (i >= inst->n_com || strcmp(inst->com_ids.str[i], t->cell[r->idcol]) != 0) {
        mu_table_stop(t, mu_table_bad(t, -1, "the file changed while being read"));
        return MU_EINPUT;
    }
    mu_company *co = &inst->com[i];
    *co = (mu_company){0};
    r->cpref.off[i] = r->cpref.n;
    r->target.off[i] = r->target.n;
    r->fields.off[i] = r->fields.n;
    r->cattr.off[i] = r->cattr.n;
    int rc = MU_OK, capacity = 0;
    for (int32_t k = 0; k < t->ncol; k++) {
        const char *s = t->cell[k];
        int64_t x = 0;
        int lv = 0, b = 0, rr = MU_OK;
        char num[32];
        if (r->kind[k] == COL_CAPACITY && *s) capacity = 1;
        if (!*s || r->kind[k] == COL_ID) continue;
        switch (r->kind[k]) {
        case COL_CAPACITY:
            if (!(rr = mu_table_int(t, k, 0, MU_MAX_CAPACITY, &x))) {
                co->capacity = (int32_t)x;
                snprintf(num, sizeof num, "%lld", (long long)x);
                rr = attr_text(t, &r->cattr, k, num);
            }
            break;
        case COL_TARGET_MARKETS: {
            text_list_ctx x2 = {&r->target, &r->cattr};
            rr = each_item(t, k, text_item, &x2);
            break;
        }
        case COL_REQ_FIELDS: {
            text_list_ctx x2 = {&r->fields, NULL};
            co->has_req_fields = 1;
            rr = each_item(t, k, text_item, &x2);
            break;
        }
        case COL_REQ_JLPT:
            if (!(rr = level_cell(t, k, 1, &lv))) co->req_jlpt = (int8_t)lv;
            break;
        case COL_REQ_ENGLISH:
            if (!(rr = level_cell(t, k, 0, &lv))) co->req_english = (int8_t)lv;
            break;
        case COL_REQ_DEGREE:
            if (!(rr = mu_table_bool(t, k, &b))) co->req_degree = (int8_t)b;
            break;
        case COL_PREFERENCES: {
            id_list_ctx x2 = {&inst->app_ids, "applicant", &r->cpref, (int32_t)i};
            rr = each_item(t, k, id_item, &x2);
            break;
        }
        default: rr = attr_text(t, &r->cattr, k, s);
        }
        if (rr == MU_ENOMEM) return rr;
        rc = mu_worse(rc, rr);
    }
    if (!capacity) {
        for (int32_t k = 0; k < t->ncol; k++)
            if (r->kind[k] == COL_CAPACITY) rc = mu_table_bad(t, k, "missing");
    }
    r->cpref.off[i + 1] = r->cpref.n;
    r->target.off[i + 1] = r->target.n;
    r->fields.off[i + 1] = r->fields.n;
    r->cattr.off[i + 1] = r->cattr.n;
    return rc;
}

/* ---- applicants.csv */

static int app_header(mu_table *t) {
    reader *r = t->owner;
    r->inst->csv_delim = (char)t->delim; /* what the CSV files written for these tables use */
    if (classify(t, APPLICANT_COLUMNS, MU_ARRAY_LEN(APPLICANT_COLUMNS))) return MU_ENOMEM;
    return r->idcol < 0 ? mu_table_bad(t, -1, "missing the column \"id\"") : MU_OK;
}

static int grow_applicants(reader *r, int64_t need) {
    if (need < r->app_cap) return MU_OK;
    int64_t cap = r->app_cap ? r->app_cap * 2 : 1024;
    mu_instance *inst = r->inst;
    mu_applicant *app = mu_realloc_array(inst->app, (size_t)cap + 1, sizeof *app, r->err);
    if (!app) return MU_ENOMEM;
    inst->app = app;
    int64_t *off = mu_realloc_array(r->apref.off, (size_t)cap + 1, sizeof *off, r->err);
    if (!off) return MU_ENOMEM;
    r->apref.off = off;
    off = mu_realloc_array(r->aattr.off, (size_t)cap + 1, sizeof *off, r->err);
    if (!off) return MU_ENOMEM;
    r->aattr.off = off;
    r->app_cap = cap;
    return MU_OK;
}

static int app_row(mu_table *t) {
    reader *r = t->owner;
    mu_instance *inst = r->inst;
    int32_t i = take_id(t, &inst->app_ids);
    if (i < 0) return i == -2 ? MU_ENOMEM : MU_EINPUT;
    if (grow_applicants(r, (int64_t)i + 1)) return MU_ENOMEM;
    mu_applicant *ap = &inst->app[i];
    *ap = (mu_applicant){.nationality = -1, .field = -1, .age = -1};
    r->apref.off[i] = r->apref.n;
    r->aattr.off[i] = r->aattr.n;
    int rc = MU_OK;
    for (int32_t k = 0; k < t->ncol; k++) {
        const char *s = t->cell[k];
        int64_t x = 0;
        int lv = 0, b = 0, rr = MU_OK;
        char num[32];
        int32_t sym;
        if (!*s || r->kind[k] == COL_ID) continue;
        switch (r->kind[k]) {
        case COL_NATIONALITY:
        case COL_FIELD:
            /* value first, then key: the order read_json.c interns them */
            if ((sym = mu_sym_intern(&inst->syms, s, t->rd.err)) < 0) return MU_ENOMEM;
            if (r->kind[k] == COL_NATIONALITY) ap->nationality = sym;
            else ap->field = sym;
            rr = attr_sym(t, &r->aattr, k, sym);
            break;
        case COL_AGE:
            if (!(rr = mu_table_int(t, k, 0, 150, &x))) {
                ap->age = (int16_t)x;
                snprintf(num, sizeof num, "%lld", (long long)x);
                rr = attr_text(t, &r->aattr, k, num);
            }
            break;
        case COL_JLPT:
        case COL_ENGLISH: {
            int jl = r->kind[k] == COL_JLPT;
            if (!(rr = level_cell(t, k, jl, &lv))) {
                if (jl) ap->jlpt = (int8_t)lv;
                else ap->english = (int8_t)lv;
                rr = attr_text(t, &r->aattr, k, jl ? mu_jlpt_name(lv) : mu_english_name(lv));
            }
            break;
        }
        case COL_DEGREE:
        case COL_RECOMMENDATION:
            if (!(rr = mu_table_bool(t, k, &b))) {
                if (r->kind[k] == COL_DEGREE) ap->degree = (int8_t)b;
                else ap->recommendation = (int8_t)b;
                rr = attr_text(t, &r->aattr, k, b ? "true" : "false");
            }
            break;
        case COL_PREFERENCES: {
            id_list_ctx x2 = {&inst->com_ids, "company", &r->apref, i};
            rr = each_item(t, k, id_item, &x2);
            break;
        }
        default: rr = attr_text(t, &r->aattr, k, s);
        }
        if (rr == MU_ENOMEM) return rr;
        rc = mu_worse(rc, rr);
    }
    r->apref.off[i + 1] = r->apref.n;
    r->aattr.off[i + 1] = r->aattr.n;
    return rc;
}

/* ---- pairs.csv */

static int pair_header(mu_table *t) {
    reader *r = t->owner;
    int rc = MU_OK;
    if (columns(t)) return MU_ENOMEM;
    for (int32_t k = 0; k < t->ncol; k++) {
        size_t i = 0;
        while (i < MU_ARRAY_LEN(PAIR_COLUMNS) && strcmp(t->name[k], PAIR_COLUMNS[i]) != 0) i++;
        if (i == MU_ARRAY_LEN(PAIR_COLUMNS))
            rc = mu_table_bad(t, -1,
                              "unknown column \"%.60s\" (pairs.csv has the columns applicant, company and weight)",
                              t->name[k]);
        else r->col[i] = k;
    }
    for (size_t i = 0; i < MU_ARRAY_LEN(PAIR_COLUMNS); i++)
        if (r->col[i] < 0) rc = mu_table_bad(t, -1, "missing the column \"%s\"", PAIR_COLUMNS[i]);
    return rc;
}

/* The pair's applicant and company; -1 (reported when `report`) for a
 * missing or unknown id. */
static int pair_ids(mu_table *t, int report, int32_t *a, int32_t *c) {
    reader *r = t->owner;
    mu_instance *inst = r->inst;
    const char *as = t->cell[r->col[0]], *cs = t->cell[r->col[1]];
    int rc = MU_OK;
    if (r->last_app >= 0 && strcmp(as, inst->app_ids.str[r->last_app]) == 0) *a = r->last_app;
    else if ((*a = mu_sym_find(&inst->app_ids, as)) >= 0) r->last_app = *a;
    else if (report)
        rc = *as ? mu_table_bad(t, r->col[0], "unknown applicant id \"%.60s\"", as)
                 : mu_table_bad(t, r->col[0], "missing");
    *c = mu_sym_find(&inst->com_ids, cs);
    if (*c < 0 && report)
        rc = *cs ? mu_table_bad(t, r->col[1], "unknown company id \"%.60s\"", cs)
                 : mu_table_bad(t, r->col[1], "missing");
    return rc;
}

static int pair_row(mu_table *t) {
    reader *r = t->owner;
    mu_instance *inst = r->inst;
    int32_t a, c;
    int64_t w = 0;
    int rc = pair_ids(t, 1, &a, &c);
    if (!*t->cell[r->col[2]]) rc = mu_worse(rc, mu_table_bad(t, r->col[2], "missing"));
    else rc = mu_worse(rc, mu_table_int(t, r->col[2], 0, MU_MAX_WEIGHT, &w));
    if (rc) return rc;
    int64_t n = inst->n_given;
    if (n == MAX_PAIRS) {
        mu_table_stop(t, mu_table_bad(t, -1, "more than %lld pairs", (long long)MAX_PAIRS));
        return MU_EINPUT;
    }
    if (n == r->pair_cap) {
        /* Doubling; glibc moves blocks this large with mremap, without
         * copying, and pages past the end are never touched. */
        int64_t cap = r->pair_cap ? r->pair_cap * 2 : 1 << 16;
        int32_t *ga = mu_realloc_array(inst->given_app, (size_t)cap, sizeof *ga, t->rd.err);
        if (!ga) return MU_ENOMEM;
        inst->given_app = ga;
        int64_t *cw = mu_realloc_array(inst->given_w, (size_t)cap, sizeof *cw, t->rd.err);
        if (!cw) return MU_ENOMEM;
        inst->given_w = cw;
        r->pair_cap = cap;
    }
    int64_t key = (int64_t)c << MU_WEIGHT_BITS | w;
    if (n > 0) {
        int32_t pa = inst->given_app[n - 1];
        if (a < pa) r->by_applicant = r->sorted = 0;
        else if (a == pa && key < inst->given_w[n - 1]) r->sorted = 0;
    }
    inst->given_app[n] = a;
    inst->given_w[n] = key;
    inst->n_given = n + 1;
    return MU_OK;
}

/* Second reading on the error path: names each duplicate pair's rows. */
static int pair_dup_row(mu_table *t) {
    reader *r = t->owner;
    int32_t a, c;
    pair_ids(t, 0, &a, &c);
    for (int32_t k = 0; k < r->n_dups; k++) {
        dupkey *d = &r->dups[k];
        if (d->a != a || d->c != c) continue;
        if (!d->first_row) {
            d->first_row = t->row;
            return MU_OK;
        }
        r->dups_named++;
        return mu_table_bad(t, -1, "duplicate of row %lld (applicant \"%.60s\", company \"%.60s\")",
                            (long long)d->first_row, r->inst->app_ids.str[a], r->inst->com_ids.str[c]);
    }
    return MU_OK;
}

/* ---- pairs.csv the fast way: most of a large instance's bytes, read in
 * blocks of 64 MiB, each block's lines cut into chunks parsed in parallel
 * (OpenMP tasks), straight into the packed array pair_row fills. It runs
 * while applicants.csv is read (read_directory), so it cannot look the
 * applicants up yet: it records runs, consecutive lines with one applicant
 * cell, and each run's text, and the runs are resolved once the
 * applicants are known (pairs come grouped, so a million runs stand for 20
 * million lines). Every chunk's lines go to places fixed by counting the
 * lines of the chunks before it, so nothing depends on the threads. Only
 * the plain file is taken: a header of exactly applicant, company and
 * weight; no quote anywhere; no empty line; every company known, every
 * weight the digits of an integer up to MU_MAX_WEIGHT, and (when resolved)
 * every applicant known. Anything else, and the table is read again
 * through csv_table.c from its start, so its problems are named as always.
 * Nothing here writes to the error record: it runs beside the reading of
 * the applicants, which does. */

#define FAST_BLOCK ((size_t)64 << 20)
static size_t fast_block = FAST_BLOCK;
void mu_tables_block_bytes(size_t bytes) { fast_block = bytes ? bytes : FAST_BLOCK; }
#define FAST_HEADER_MAX ((size_t)60000) /* within the first 64 KiB, where mu_table_read decides the delimiter */

/* Runs of lines with one applicant cell: where each starts, and its text. */
typedef struct runs {
    int64_t n, cap, *start, *text_off; /* text_off[k]: the NUL-terminated text at text + text_off[k] */
    char *text;
    int64_t text_n, text_cap;
} runs;

static void runs_free(runs *x) {
    free(x->start), free(x->text_off), free(x->text);
    memset(x, 0, sizeof *x);
}

static int runs_push(runs *x, int64_t start, const char *s, size_t len) {
    if (x->n == x->cap) {
        int64_t cap = x->cap ? 2 * x->cap : 1024;
        int64_t *st = realloc(x->start, (size_t)cap * sizeof *st);
        if (st) x->start = st;
        int64_t *to = st ? realloc(x->text_off, (size_t)cap * sizeof *to) : NULL;
        if (!to) return MU_ENOMEM;
        x->text_off = to, x->cap = cap;
    }
    if (x->text_n + (int64_t)len + 1 > x->text_cap) {
        int64_t cap = x->text_cap ? 2 * x->text_cap : 16384;
        while (cap < x->text_n + (int64_t)len + 1) cap *= 2;
        char *t = realloc(x->text, (size_t)cap);
        if (!t) return MU_ENOMEM;
        x->text = t, x->text_cap = cap;
    }
    x->start[x->n] = start;
    x->text_off[x->n++] = x->text_n;
    memcpy(x->text + x->text_n, s, len);
    x->text[x->text_n + (int64_t)len] = '\0';
    x->text_n += (int64_t)len + 1;
    return MU_OK;
}

/* What the fast way read, for read_pairs to adopt. */
typedef struct pair_capture {
    int taken;   /* the whole file was plain (out of memory, it was not: the ordinary reading says so) */
    int64_t n;   /* lines */
    int64_t *gw; /* [n] company << MU_WEIGHT_BITS | weight; each run sorted */
    runs runs;
} pair_capture;

static void capture_free(pair_capture *pc) {
    free(pc->gw);
    runs_free(&pc->runs);
    memset(pc, 0, sizeof *pc);
}

/* The LFs in [s, e), eight bytes at a time: a byte of w ^ LF is zero where
 * w has an LF, and ((x & 0x7f..) + 0x7f..) | x has its high bit clear exactly
 * there (no carry crosses bytes); the high bits are summed by a multiply. */
static int64_t count_newlines(const char *s, const char *e) {
    const uint64_t ones = 0x0101010101010101ull, lows = 0x7f7f7f7f7f7f7f7full, lf = ones * '\n';
    int64_t n = 0;
    for (; e - s >= 8; s += 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        uint64_t x = w ^ lf, t = ~(((x & lows) + lows) | x | lows);
        n += (int64_t)(((t >> 7) * ones) >> 56);
    }
    for (; s < e; s++) n += *s == '\n';
    return n;
}

/* The lines of [s, e) (each ending at LF; the last may end at e when at the
 * file's end), from line `first` on, into gw and the chunk's runs. Returns
 * the lines, or -1 when one is not plain (or memory ran out). col[k]: which
 * cell holds applicant, company, weight. */
static int64_t parse_pair_lines(const mu_instance *inst, const mu_id_index *coms, const char *s, const char *e,
                                unsigned char delim, const int col[3], int64_t first, int64_t *gw, runs *rs) {
    int64_t rows = 0, run = 0;
    const char *run_s = NULL;
    size_t run_len = 0;
    while (s < e) {
        /* one look at each byte: the two delimiters and the line end */
        const char *cut[4] = {s, NULL, NULL, NULL};
        int ncut = 1;
        const char *p = s;
        for (; p < e && *p != '\n'; p++)
            if ((unsigned char)*p == delim) {
                if (ncut == 3) return -1;
                cut[ncut++] = p + 1;
            }
        if (ncut != 3) return -1;
        const char *end = p > s && p[-1] == '\r' ? p - 1 : p;
        cut[3] = end + 1;
        const char *cell[3];
        size_t len[3];
        for (int k = 0; k < 3; k++) cell[k] = cut[k], len[k] = (size_t)(cut[k + 1] - cut[k] - 1);
        const char *as = cell[col[0]], *cs = cell[col[1]], *ws = cell[col[2]];
        size_t al = len[col[0]], cl = len[col[1]], wl = len[col[2]];
        if (!wl || wl > 10 || !al) return -1;
        int64_t w = 0;
        for (size_t k = 0; k < wl; k++) {
            if (ws[k] < '0' || ws[k] > '9') return -1;
            w = w * 10 + (ws[k] - '0');
        }
        if (w > MU_MAX_WEIGHT) return -1;
        int32_t c = coms->slot ? mu_id_index_find(coms, cs, cl, 1) : mu_sym_find_n(&inst->com_ids, cs, cl);
        if (c < 0) return -1;
        if (!run_s || al != run_len || memcmp(as, run_s, al) != 0) { /* a new run; the last one is sorted, in cache */
            mu_sort_keys(gw + run, rows - run);
            run = rows;
            run_s = as, run_len = al;
            if (runs_push(rs, first + rows, as, al)) return -1;
        }
        gw[rows++] = (int64_t)c << MU_WEIGHT_BITS | w;
        s = p < e ? p + 1 : e;
    }
    mu_sort_keys(gw + run, rows - run);
    return rows;
}

/* The plain header: its delimiter and where each column is; 0 when not plain. */
static int plain_pair_header(const char *s, size_t n, unsigned char *delim, int col[3], size_t *header_len) {
    const char *nl = memchr(s, '\n', n < FAST_HEADER_MAX ? n : FAST_HEADER_MAX);
    if (!nl) return 0;
    *header_len = (size_t)(nl - s) + 1;
    const char *end = nl > s && nl[-1] == '\r' ? nl - 1 : nl;
    *delim = mu_table_delimiter(s, n);
    col[0] = col[1] = col[2] = -1;
    const char *c = s;
    for (int k = 0; k < 3; k++) {
        const char *d = k < 2 ? memchr(c, *delim, (size_t)(end - c)) : end;
        if (!d || (k == 2 && memchr(c, *delim, (size_t)(end - c)))) return 0;
        size_t len = (size_t)(d - c);
        for (int j = 0; j < 3; j++)
            if (len == strlen(PAIR_COLUMNS[j]) && memcmp(c, PAIR_COLUMNS[j], len) == 0 && col[j] < 0) col[j] = k;
        c = d + 1;
    }
    return col[0] >= 0 && col[1] >= 0 && col[2] >= 0;
}

typedef struct chunk {
    const char *s, *e;
    int64_t lines, first;
    int bad;
    runs runs; /* this block's runs of the chunk */
} chunk;

/* Reads path the fast way into *pc (pc->taken when it could). Meant to run
 * inside a parallel region, where its chunks become tasks. */
static void fast_pairs(const mu_instance *inst, const char *path, pair_capture *pc) {
    memset(pc, 0, sizeof *pc);
    FILE *fp = fopen(path, "rb");
    if (!fp) return; /* csv_table.c says why */
#ifdef _OPENMP
    int nchunks = 8 * omp_get_num_threads();
#else
    int nchunks = 1;
#endif
    size_t block = fast_block;
    char *buf = calloc(1, block + 16); /* padded: ids are read 8 bytes at a time (mu_id_index_find) */
    chunk *ch = calloc((size_t)nchunks, sizeof *ch);
    mu_id_index coms = {0};
    int plain = buf && ch && !mu_id_index_build(&coms, &inst->com_ids, NULL), first = 1, eof = 0;
    unsigned char delim = ',';
    int col[3];
    size_t len = 0;
    int64_t n = 0, cap = 0;
    while (plain && !eof) {
        size_t got = fread(buf + len, 1, block - len, fp);
        if (got < block - len) eof = 1;
        if (ferror(fp)) plain = 0;
        len += got;
        const char *s = buf, *e = buf + len;
        if (first) {
            size_t header = 0;
            if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) s += 3;
            if (!plain_pair_header(s, (size_t)(e - s), &delim, col, &header)) plain = 0;
            s += header;
            first = 0;
        }
        /* the complete lines: up to the last LF, or all at the end of the file */
        const char *stop = e;
        if (!eof) {
            while (stop > s && stop[-1] != '\n') stop--;
            if (stop == s) plain = 0; /* a line longer than a block */
        }
        if (!plain || memchr(s, '"', (size_t)(stop - s))) {
            plain = 0;
            break;
        }
        /* chunks end after an LF, so that each holds whole lines */
        size_t span = (size_t)(stop - s);
        const char *at = s;
        for (int k = 0; k < nchunks; k++) {
            const char *ce = k == nchunks - 1 ? stop : s + span / (size_t)nchunks * (size_t)(k + 1);
            if (ce < at) ce = at;
            while (ce < stop && ce > at && ce[-1] != '\n') ce++;
            ch[k].s = at, ch[k].e = ce, ch[k].bad = 0, ch[k].runs.n = ch[k].runs.text_n = 0;
            at = ce;
        }
#pragma omp taskloop grainsize(1)
        for (int k = 0; k < nchunks; k++) {
            int64_t lines = count_newlines(ch[k].s, ch[k].e);
            if (ch[k].e > ch[k].s && ch[k].e[-1] != '\n') lines++; /* the file's last line, without LF */
            ch[k].lines = lines;
        }
        int64_t total = 0;
        for (int k = 0; k < nchunks; k++) ch[k].first = n + total, total += ch[k].lines;
        if (n + total > MAX_PAIRS) {
            plain = 0;
            break;
        }
        if (n + total > cap) { /* doubling; glibc moves blocks this large with mremap, without copying */
            int64_t c2 = cap ? cap : 1 << 16;
            while (c2 < n + total) c2 *= 2;
            int64_t *gw = realloc(pc->gw, (size_t)c2 * sizeof *gw);
            if (!gw) {
                plain = 0;
                break;
            }
            pc->gw = gw, cap = c2;
        }
#pragma omp taskloop grainsize(1)
        for (int k = 0; k < nchunks; k++) {
            int64_t rows = parse_pair_lines(inst, &coms, ch[k].s, ch[k].e, delim, col, ch[k].first,
                                            pc->gw + ch[k].first, &ch[k].runs);
            ch[k].bad = rows != ch[k].lines; /* -1, or an empty line */
        }
        for (int k = 0; k < nchunks && plain; k++) {
            if (ch[k].bad) {
                plain = 0;
                break;
            }
            for (int64_t j = 0; j < ch[k].runs.n && plain; j++)
                if (runs_push(&pc->runs, ch[k].runs.start[j], ch[k].runs.text + ch[k].runs.text_off[j],
                              strlen(ch[k].runs.text + ch[k].runs.text_off[j])))
                    plain = 0;
        }
        n += total;
        len = (size_t)(e - stop);
        memmove(buf, stop, len);
    }
    fclose(fp);
    free(buf);
    for (int k = 0; ch && k < nchunks; k++) runs_free(&ch[k].runs);
    free(ch);
    mu_id_index_free(&coms);
    if (!plain) {
        capture_free(pc);
        return;
    }
    pc->n = n;
    pc->taken = 1;
}

/* The captured pairs as the instance's, once the applicants are known:
 * each run's applicant looked up (mu_next_applicant: runs come in the
 * applicants' order), its lines given it. 0 when one is unknown (the pairs
 * are then read the ordinary way). */
static int adopt_capture(reader *r, pair_capture *pc) {
    mu_instance *inst = r->inst;
    int64_t n = pc->n, nr = pc->runs.n;
    int32_t *app = malloc((size_t)(nr + 1) * sizeof *app), last = -1;
    int32_t *ga = malloc((size_t)(n + 1) * sizeof *ga);
    if (!app || !ga) {
        free(app), free(ga);
        return -1;
    }
    for (int64_t k = 0; k < nr; k++) {
        const char *t = pc->runs.text + pc->runs.text_off[k];
        if ((app[k] = mu_next_applicant(&inst->app_ids, &last, t, strlen(t))) < 0) {
            free(app), free(ga);
            return 0;
        }
    }
#pragma omp parallel for schedule(dynamic, 4096) if (n >= MU_PARALLEL_PAIRS)
    for (int64_t k = 0; k < nr; k++) {
        int64_t end = k + 1 < nr ? pc->runs.start[k + 1] : n;
        for (int64_t i = pc->runs.start[k]; i < end; i++) ga[i] = app[k];
    }
    free(app);
    int64_t *gw = realloc(pc->gw, (size_t)(n + 1) * sizeof *gw); /* the unused tail of the last doubling */
    inst->given_w = gw ? gw : pc->gw;
    inst->given_app = ga;
    inst->n_given = n;
    r->pair_cap = n;
    pc->gw = NULL;
    /* pair_row's flags: grouped by applicant, and sorted by company within */
    for (int64_t i = 1; i < n && r->by_applicant; i++) {
        if (ga[i] < ga[i - 1]) r->by_applicant = r->sorted = 0;
        else if (ga[i] == ga[i - 1] && inst->given_w[i] < inst->given_w[i - 1]) r->sorted = 0;
    }
    return 1;
}

/* pairs.csv: adopted from the fast way's capture (pc) when it took the
 * file, read row by row otherwise. */
static int read_pairs(reader *r, const char *path, pair_capture *pc) {
    mu_instance *inst = r->inst;
    inst->has_pairs = 1;
    r->by_applicant = r->sorted = 1;
    int taken = pc->taken ? adopt_capture(r, pc) : 0;
    capture_free(pc);
    if (taken < 0) return mu_rd_fail(&(mu_rd){path, r->err}, MU_ENOMEM, "out of memory");
    int rc = taken ? MU_OK : read_table(r, path, pair_header, pair_row, NULL, NULL, NULL);
    if (rc) return rc;
    int64_t n = inst->n_given;
    if (n < r->pair_cap) { /* give back the unused tail of the last doubling */
        size_t m = n ? (size_t)n : 1;
        int32_t *ga = realloc(inst->given_app, m * sizeof *ga);
        if (ga) inst->given_app = ga;
        int64_t *cw = realloc(inst->given_w, m * sizeof *cw);
        if (cw) inst->given_w = cw;
    }
    if (!inst->given_app) { /* an empty table still gives arrays */
        inst->given_app = mu_alloc(1, sizeof(int32_t), r->err);
        inst->given_w = mu_alloc(1, sizeof(int64_t), r->err);
        if (!inst->given_app || !inst->given_w) return MU_ENOMEM;
    }
    if ((rc = mu_given_sort(inst, r->by_applicant, r->sorted, r->err))) return rc;
    /* Duplicates sit side by side now; the rows that hold them are found by
     * reading the file once more, which only happens on this error path. */
    const int32_t *ga = inst->given_app, *gc = inst->given_com;
    int64_t ndup = 0;
    dupkey keys[MU_ERROR_LINES];
    r->dups = keys;
    r->n_dups = 0;
    for (int64_t k = 1; k < n; k++)
        if (ga[k] == ga[k - 1] && gc[k] == gc[k - 1]) {
            ndup++;
            int new_group = k < 2 || ga[k - 2] != ga[k] || gc[k - 2] != gc[k];
            if (new_group && r->n_dups < MU_ERROR_LINES) keys[r->n_dups++] = (dupkey){ga[k], gc[k], 0};
        }
    if (ndup) {
        r->dups_named = 0;
        r->last_app = -1;
        rc = read_table(r, path, pair_header, pair_dup_row, NULL, NULL, NULL);
        if (rc == MU_ENOMEM) return rc;
        if (ndup > r->dups_named)
            mu_rd_bad(&(mu_rd){path, r->err}, NULL, NULL, "%lld more duplicate pairs",
                      (long long)(ndup - r->dups_named));
        rc = MU_EINPUT;
    }
    r->dups = NULL;
    return rc;
}

/* ---- preferences.csv: the preference lists in long form, one listing a row */

static int pref_header(mu_table *t) {
    reader *r = t->owner;
    int rc = MU_OK;
    if (columns(t)) return MU_ENOMEM;
    for (int32_t k = 0; k < t->ncol; k++) {
        size_t i = 0;
        while (i < MU_ARRAY_LEN(PREFERENCE_COLUMNS) && strcmp(t->name[k], PREFERENCE_COLUMNS[i]) != 0) i++;
        if (i == MU_ARRAY_LEN(PREFERENCE_COLUMNS))
            rc = mu_table_bad(t, -1,
                              "unknown column \"%.60s\" (preferences.csv has the columns applicant, company, "
                              "applicant_rank and company_rank)",
                              t->name[k]);
        else r->col[i] = k;
    }
    if (r->col[0] < 0) rc = mu_table_bad(t, -1, "missing the column \"applicant\"");
    if (r->col[1] < 0) rc = mu_table_bad(t, -1, "missing the column \"company\"");
    if (r->col[2] < 0 && r->col[3] < 0)
        rc = mu_table_bad(t, -1, "missing the column \"applicant_rank\" or \"company_rank\"");
    return rc;
}

static int pref_row(mu_table *t) {
    reader *r = t->owner;
    mu_instance *inst = r->inst;
    const char *as = t->cell[r->col[0]], *cs = t->cell[r->col[1]];
    int32_t a = mu_sym_find(&inst->app_ids, as), c = mu_sym_find(&inst->com_ids, cs);
    int rc = MU_OK;
    if (a < 0)
        rc = *as ? mu_table_bad(t, r->col[0], "unknown applicant id \"%.60s\"", as)
                 : mu_table_bad(t, r->col[0], "missing");
    if (c < 0)
        rc = *cs ? mu_table_bad(t, r->col[1], "unknown company id \"%.60s\"", cs)
                 : mu_table_bad(t, r->col[1], "missing");
    int64_t rank[2] = {0, 0};
    for (int side = 0; side < 2; side++) {
        int32_t col = r->col[2 + side];
        if (col >= 0 && *t->cell[col] && mu_table_int(t, col, 1, INT32_MAX, &rank[side])) rc = MU_EINPUT;
    }
    if (!rc && !rank[0] && !rank[1]) rc = mu_table_bad(t, -1, "neither applicant_rank nor company_rank given");
    if (rc) return rc;
    if (r->n_prefs == r->cap_prefs) {
        int64_t cap = r->cap_prefs ? 2 * r->cap_prefs : 1024;
        pref_entry *np = mu_realloc_array(r->prefs, (size_t)cap, sizeof *np, r->err);
        if (!np) return MU_ENOMEM;
        r->prefs = np, r->cap_prefs = cap;
    }
    r->prefs[r->n_prefs++] = (pref_entry){a, c, (int32_t)rank[0], (int32_t)rank[1], t->row};
    return MU_OK;
}

/* Listings of one side ordered by (owner, rank, row): the order of a list. */
static int pref_side;
static int cmp_pref(const void *x, const void *y) {
    const pref_entry *p = x, *q = y;
    int32_t po = pref_side ? p->c : p->a, qo = pref_side ? q->c : q->a;
    int32_t pr = pref_side ? p->com_rank : p->app_rank, qr = pref_side ? q->com_rank : q->app_rank;
    if (po != qo) return po < qo ? -1 : 1;
    if (pr != qr) return pr < qr ? -1 : 1;
    return p->row < q->row ? -1 : p->row > q->row;
}

/* Replaces the (empty) lists of one side by those of preferences.csv. Ranks
 * order a list; they need not be consecutive, but one owner cannot give one
 * rank twice, nor list one partner twice. */
static int build_side(reader *r, const char *path, int side) {
    mu_instance *inst = r->inst;
    const mu_rd rd = {path, r->err};
    int32_t owners = side ? inst->n_com : inst->n_app, partners = side ? inst->n_app : inst->n_com;
    mu_rows *rows = side ? &inst->com_pref : &inst->app_pref;
    int64_t *off = mu_calloc((size_t)owners + 1, sizeof *off, r->err);
    int32_t *item = mu_alloc((size_t)r->n_prefs + 1, sizeof *item, r->err);
    int32_t *seen = mu_alloc((size_t)partners + 1, sizeof *seen, r->err);
    int64_t *seen_row = mu_alloc((size_t)partners + 1, sizeof *seen_row, r->err); /* where seen[] was set */
    if (!off || !item || !seen || !seen_row) {
        free(off), free(item), free(seen), free(seen_row);
        return MU_ENOMEM;
    }
    for (int32_t k = 0; k < partners; k++) seen[k] = -1;
    pref_side = side;
    qsort(r->prefs, (size_t)r->n_prefs, sizeof *r->prefs, cmp_pref);
    int rc = MU_OK;
    int64_t n = 0;
    const char *rank_name = side ? "company_rank" : "applicant_rank";
    for (int64_t k = 0; k < r->n_prefs; k++) {
        const pref_entry *e = &r->prefs[k];
        int32_t owner = side ? e->c : e->a, partner = side ? e->a : e->c, rank = side ? e->com_rank : e->app_rank;
        if (!rank) continue;
        const char *oid = side ? inst->com_ids.str[owner] : inst->app_ids.str[owner];
        const char *pid = side ? inst->app_ids.str[partner] : inst->com_ids.str[partner];
        char row[32];
        snprintf(row, sizeof row, "row %lld", (long long)e->row);
        if (k > 0) {
            const pref_entry *prev = &r->prefs[k - 1];
            if ((side ? prev->c : prev->a) == owner && (side ? prev->com_rank : prev->app_rank) == rank)
                rc = mu_rd_bad(&rd, row, rank_name, "%s \"%.60s\" gives rank %d twice (also row %lld)",
                               side ? "company" : "applicant", oid, rank, (long long)prev->row);
        }
        if (seen[partner] == owner) {
            rc = mu_rd_bad(&rd, row, NULL, "%s \"%.60s\" lists %s \"%.60s\" twice (also row %lld)",
                           side ? "company" : "applicant", oid, side ? "applicant" : "company", pid,
                           (long long)seen_row[partner]);
            continue;
        }
        seen[partner] = owner;
        seen_row[partner] = e->row;
        item[n++] = partner;
        off[owner + 1]++;
    }
    for (int32_t o = 0; o < owners; o++) off[o + 1] += off[o];
    free(seen), free(seen_row);
    free(rows->off), free(rows->item);
    rows->off = off, rows->item = item;
    return rc;
}

static int read_preferences(reader *r, const char *path) {
    mu_instance *inst = r->inst;
    if (inst->app_pref.off[inst->n_app] > 0 || inst->com_pref.off[inst->n_com] > 0)
        return mu_rd_bad(&(mu_rd){path, r->err}, NULL, NULL,
                         "preferences are given both here and in a preferences column of applicants.csv or "
                         "companies.csv; give them in one place");
    int rc = read_table(r, path, pref_header, pref_row, NULL, NULL, NULL);
    if (rc) return rc;
    rc = build_side(r, path, 0);
    if (rc == MU_ENOMEM) return rc;
    return mu_worse(rc, build_side(r, path, 1));
}

/* ---- quotas.csv: one quota a row, turned into the JSON form's quota objects
 * (instances/FORMAT.md) for the programme reader. A filter column
 * "applicants.ATTR" or "companies.ATTR" holds the values, `|`-separated,
 * with "not " before them to exclude; an empty cell is no filter. */

enum { QC_NAME = 1, QC_MIN, QC_MAX, QC_PER_COMPANY, QC_GROUP_BY, QC_GROUP_BY_COMPANY, QC_APP_FILTER, QC_COM_FILTER };

static int quota_header(mu_table *t) {
    reader *r = t->owner;
    int rc = MU_OK, has_name = 0;
    if (columns(t)) return MU_ENOMEM;
    for (int32_t k = 0; k < t->ncol; k++) {
        const char *s = t->name[k];
        r->kind[k] = 0;
        for (size_t i = 0; i < MU_ARRAY_LEN(QUOTA_COLUMNS); i++)
            if (strcmp(s, QUOTA_COLUMNS[i]) == 0) r->kind[k] = (int8_t)(QC_NAME + i);
        if (strncmp(s, "applicants.", 11) == 0 && s[11]) r->kind[k] = QC_APP_FILTER;
        if (strncmp(s, "companies.", 10) == 0 && s[10]) r->kind[k] = QC_COM_FILTER;
        if (r->kind[k] == QC_NAME) has_name = 1;
        if (!r->kind[k])
            rc = mu_table_bad(t, -1,
                              "unknown column \"%.60s\" (quotas.csv has name, min, max, per_company, group_by, "
                              "group_by_company, and filter columns applicants.ATTR and companies.ATTR)",
                              s);
    }
    if (!has_name) rc = mu_table_bad(t, -1, "missing the column \"name\"");
    return rc;
}

static int quota_row(mu_table *t) {
    reader *r = t->owner;
    cJSON *q = cJSON_CreateObject();
    if (!q || !cJSON_AddItemToArray(r->quotas, q)) {
        cJSON_Delete(q);
        return mu_rd_fail(&t->rd, MU_ENOMEM, "out of memory");
    }
    int rc = MU_OK, oom = 0, bounds = 0;
    for (int32_t k = 0; k < t->ncol; k++) {
        char *s = t->cell[k];
        int64_t x;
        int b;
        if (!*s) {
            if (r->kind[k] == QC_NAME) rc = mu_table_bad(t, k, "missing");
            continue;
        }
        switch (r->kind[k]) {
        case QC_NAME:
        case QC_GROUP_BY:
        case QC_GROUP_BY_COMPANY: oom |= !cJSON_AddStringToObject(q, t->name[k], s); break;
        case QC_MIN:
        case QC_MAX:
            bounds = 1;
            if (mu_table_int(t, k, 0, 1000000000000LL, &x)) rc = MU_EINPUT;
            else oom |= !cJSON_AddNumberToObject(q, t->name[k], (double)x);
            break;
        case QC_PER_COMPANY:
            if (mu_table_bool(t, k, &b)) rc = MU_EINPUT;
            else oom |= !cJSON_AddBoolToObject(q, t->name[k], b);
            break;
        default: {
            const char *side = r->kind[k] == QC_APP_FILTER ? "applicants" : "companies";
            const char *attr = strchr(t->name[k], '.') + 1;
            cJSON *filter = cJSON_GetObjectItemCaseSensitive(q, side);
            if (!filter && !(filter = cJSON_AddObjectToObject(q, side))) {
                oom = 1;
                break;
            }
            int negate = strncmp(s, "not ", 4) == 0;
            cJSON *vals = cJSON_CreateArray();
            for (char *p = s + (negate ? 4 : 0); vals;) {
                char *bar = strchr(p, '|');
                if (bar) *bar = '\0';
                if (!*p) rc = mu_table_bad(t, k, "a value is empty (two \"|\" in a row, or one at an end)");
                else oom |= !cJSON_AddItemToArray(vals, cJSON_CreateString(p));
                if (!bar) break;
                p = bar + 1;
            }
            if (!vals) oom = 1;
            else if (negate) {
                cJSON *not = cJSON_CreateObject();
                if (!not || !cJSON_AddItemToObject(not, "not", vals) || !cJSON_AddItemToObject(filter, attr, not ))
                    oom = 1;
            } else oom |= !cJSON_AddItemToObject(filter, attr, vals);
        }
        }
    }
    if (oom) return mu_rd_fail(&t->rd, MU_ENOMEM, "out of memory");
    if (!bounds && !rc) rc = mu_table_bad(t, -1, "expected min and/or max");
    int64_t mn, mx; /* as put into q above: whole numbers */
    if (mu_json_int(q, "min", &mn) && mu_json_int(q, "max", &mx) && mn > mx)
        rc = mu_table_bad(t, -1, "min %lld is greater than max %lld", (long long)mn, (long long)mx);
    return rc;
}

static int read_quota_table(reader *r, const char *path) {
    if (!(r->quotas = cJSON_CreateArray())) return mu_rd_fail(&(mu_rd){path, r->err}, MU_ENOMEM, "out of memory");
    return read_table(r, path, quota_header, quota_row, NULL, NULL, &r->inst->quota_rows);
}

/* ---- the directory */

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 || errno != ENOENT;
}

/* About how many lines the file at path holds: its size over the mean
 * length of the lines in its first 64 KiB (0 when unknown). A guess, to
 * size the applicants' id table once: a wrong one costs only a rehash. */
static int64_t lines_guess(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return 0;
    char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, fp), lines = 0;
    struct stat st;
    int sized = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
    fclose(fp);
    for (size_t k = 0; k < n; k++) lines += buf[k] == '\n';
    if (!sized || !lines) return 0;
    return (int64_t)((double)st.st_size / ((double)n / (double)lines) * 1.05);
}

/* applicants.csv, companies.csv's second reading, preferences.csv: the
 * entities, row by row. *stop: nothing more is to be read. */
static int read_entities(reader *r, char *const *path, int *stop) {
    mu_instance *inst = r->inst;
    int rc = MU_OK;
    *stop = 1;
    if (!(r->mark = mu_alloc((size_t)inst->n_com + 1, sizeof *r->mark, r->err)) || grow_applicants(r, 0))
        return MU_ENOMEM;
    memset(r->mark, 0xff, ((size_t)inst->n_com + 1) * sizeof *r->mark);
    r->apref.off[0] = r->aattr.off[0] = 0;
    int64_t guess = r->defer_ids ? 0 : lines_guess(path[T_APPLICANTS]);
    if (guess > 1024 && mu_sym_reserve(&inst->app_ids, (int32_t)(guess < MAX_ENTITIES ? guess : MAX_ENTITIES), r->err))
        return MU_ENOMEM;
    int stopped;
    int64_t dropped;
    rc = read_table(r, path[T_APPLICANTS], app_header, app_row, &stopped, &dropped, &inst->app_rows);
    if (r->defer_ids && rc != MU_ENOMEM) {
        int repeated;
        if (mu_sym_index(&inst->app_ids, &repeated, r->err)) return MU_ENOMEM;
        if (repeated) {
            r->redo = 1;
            return MU_EINPUT;
        }
    }
    if (rc == MU_ENOMEM || stopped || dropped) return rc; /* rows without an applicant: references would mislead */
    inst->n_app = inst->app_ids.n;
    if (mu_rows_finish(&r->apref, &inst->app_pref, r->err) || mu_attrs_finish(&r->aattr, &inst->app_attrs, r->err))
        return MU_ENOMEM;
    /* companies.csv, second reading: the rest */
    free(r->mark);
    size_t ncom = (size_t)inst->n_com + 1;
    if (!(r->mark = mu_alloc((size_t)inst->n_app + 1, sizeof *r->mark, r->err)) ||
        !(inst->com = mu_calloc(ncom, sizeof *inst->com, r->err)) ||
        !(r->cpref.off = mu_calloc(ncom, sizeof(int64_t), r->err)) ||
        !(r->target.off = mu_calloc(ncom, sizeof(int64_t), r->err)) ||
        !(r->fields.off = mu_calloc(ncom, sizeof(int64_t), r->err)) ||
        !(r->cattr.off = mu_calloc(ncom, sizeof(int64_t), r->err)))
        return MU_ENOMEM;
    memset(r->mark, 0xff, ((size_t)inst->n_app + 1) * sizeof *r->mark);
    rc = mu_worse(rc, read_table(r, path[T_COMPANIES], com_header, com_row, &stopped, NULL, &inst->com_rows));
    if (rc == MU_ENOMEM || stopped) return rc;
    if (mu_rows_finish(&r->cpref, &inst->com_pref, r->err) || mu_rows_finish(&r->target, &inst->com_target, r->err) ||
        mu_rows_finish(&r->fields, &inst->com_fields, r->err) || mu_attrs_finish(&r->cattr, &inst->com_attrs, r->err))
        return MU_ENOMEM;
    free(r->mark);
    r->mark = NULL;
    if (!rc && exists(path[T_PREFERENCES])) rc = read_preferences(r, path[T_PREFERENCES]);
    *stop = rc == MU_ENOMEM;
    return rc;
}

static int read_directory(reader *r, char *const *path, cJSON **programme) {
    mu_instance *inst = r->inst;
    /* companies.csv, first reading: ids */
    int rc = read_table(r, path[T_COMPANIES], com_header, com_id_row, NULL, NULL, NULL);
    if (rc) return rc;
    inst->n_com = inst->com_ids.n;
    /* The entities row by row, and beside them pairs.csv the fast way (its
     * chunks become tasks that idle threads take up): reading the
     * applicants one row at a time no longer leaves the other cores idle. */
    int has_pairs_file = exists(path[T_PAIRS]), stop = 0;
    pair_capture pc = {0};
#pragma omp parallel
#pragma omp single
    {
#pragma omp task shared(rc, stop)
        rc = read_entities(r, path, &stop);
        if (has_pairs_file) fast_pairs(inst, path[T_PAIRS], &pc);
#pragma omp taskwait
    }
    if (stop) {
        capture_free(&pc);
        return rc;
    }
    /* pairs.csv, programme.json, quotas.csv */
    if (has_pairs_file) rc = mu_worse(rc, read_pairs(r, path[T_PAIRS], &pc));
    capture_free(&pc);
    if (rc == MU_ENOMEM) return rc;
    rc = mu_worse(rc, mu_read_programme_file(path[T_PROGRAMME], inst, has_pairs_file, programme, r->err));
    if (rc == MU_ENOMEM || !exists(path[T_QUOTAS])) return rc;
    const mu_rd quotas = {path[T_QUOTAS], r->err};
    if (inst->quotas)
        return mu_rd_bad(&quotas, NULL, NULL,
                         "quotas are given both here and in programme.json; give them in one place");
    int qrc = read_quota_table(r, path[T_QUOTAS]);
    inst->quotas_csv = 1;
    if (qrc || rc) return mu_worse(rc, qrc);
    /* The programme reader checks what the table cannot: attributes that
     * exist, unique names. It names a quota by its row (inst->quota_rows). */
    cJSON *root = cJSON_CreateObject();
    if (!root) return mu_rd_fail(&quotas, MU_ENOMEM, "out of memory");
    cJSON_AddItemToObject(root, "quotas", r->quotas);
    r->quotas = NULL;
    rc = mu_read_programme_json(path[T_QUOTAS], inst, root, r->err);
    cJSON_Delete(root);
    return rc;
}

int mu_read_tables(const char *dir, mu_instance **out, mu_error *err) {
    return mu_read_tables_programme(dir, out, NULL, err);
}

/* One reading of the directory; defer_ids: the applicants' ids are
 * indexed once their table is read, and *redo is set when one repeats. */
static int read_once(const char *dir, char *const *path, int defer_ids, mu_instance **out, cJSON **programme, int *redo,
                     mu_error *err) {
    reader r;
    memset(&r, 0, sizeof r);
    r.err = err;
    r.last_app = -1;
    r.defer_ids = defer_ids;
    if (!(r.inst = mu_instance_new(dir, err))) return MU_ENOMEM;
    r.inst->tables = 1;
    cJSON *doc = NULL;
    int rc = read_directory(&r, path, programme ? &doc : NULL);
    if (!rc) rc = mu_instance_index(r.inst, err);
    free(r.mark);
    mu_rows_free(&r.apref), mu_rows_free(&r.cpref), mu_rows_free(&r.target), mu_rows_free(&r.fields);
    mu_attrs_free(&r.aattr), mu_attrs_free(&r.cattr);
    free(r.prefs);
    free(r.id_row[0]), free(r.id_row[1]);
    cJSON_Delete(r.quotas);
    *redo = r.redo;
    if (rc) {
        cJSON_Delete(doc);
        mu_instance_free(r.inst);
        return rc;
    }
    if (programme) *programme = doc;
    *out = r.inst;
    return MU_OK;
}

int mu_read_tables_programme(const char *dir, mu_instance **out, cJSON **programme, mu_error *err) {
    MU_REQUIRE(dir && out);
    *out = NULL;
    if (programme) *programme = NULL;
    char *path[T_COUNT] = {NULL};
    int rc = MU_OK;
    size_t dlen = strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/') dlen--;
    for (int k = 0; k < T_COUNT && !rc; k++) {
        size_t n = dlen + strlen(FILE_NAMES[k]) + 2;
        if (!(path[k] = mu_alloc(n, 1, err))) rc = MU_ENOMEM;
        else snprintf(path[k], n, "%.*s/%s", (int)dlen, dir, FILE_NAMES[k]);
    }
    mu_error before;
    if (err) before = *err;
    int redo = 0;
    if (!rc) rc = read_once(dir, path, 1, out, programme, &redo, err);
    if (redo) { /* a repeated id: the row-by-row reading names it in its place */
        if (err) *err = before;
        rc = read_once(dir, path, 0, out, programme, &redo, err);
    }
    for (int k = 0; k < T_COUNT; k++) free(path[k]);
    return rc;
}
