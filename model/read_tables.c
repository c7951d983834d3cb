/* The compact route (instances/FORMAT.md, "The compact route: CSV tables"): a
 * directory with applicants.csv, companies.csv, optional pairs.csv and
 * programme.json, streamed through libcsv so that no table's text is ever
 * held whole. It builds the same mu_instance as read_json.c builds for the
 * equivalent document — the same entities, attributes, rows and symbols, in
 * the same order when the document's keys follow the columns' order — and
 * validates by the same rules. Every problem is one line
 * naming the file, the row (the header is row 0, data rows count from 1) and
 * the column: `t/pairs.csv: row 1042: weight: expected an integer from 0 to
 * 1000000000, got "1e3"`.
 *
 * The order mirrors read_json.c's two passes: companies.csv for ids only,
 * then applicants.csv (their preferences name companies), then companies.csv
 * again for the rest (their preferences name applicants), pairs.csv, and
 * programme.json. The company table is small, so reading it twice costs
 * little and keeps nothing of it in raw form. */
#include <cjson/cJSON.h>
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "model/instance.h"
#include "base/io.h"
#include "model/lint.h"
#include "model/read_internal.h"

#define BLOCK_BYTES ((size_t)1 << 16)
#define MAX_CELL_BYTES ((size_t)64 << 20) /* bounds what an unterminated quote can swallow */
#define MAX_PROGRAMME_BYTES ((size_t)64 << 20)
#define MAX_ENTITIES (INT32_MAX - 1) /* ids are int32 symbols; offsets need one more */
#define MAX_PAIRS ((int64_t)INT32_MAX)

enum { T_COMPANIES, T_APPLICANTS, T_PAIRS, T_PROGRAMME, T_PREFERENCES, T_QUOTAS, T_COUNT };
static const char *const FILE_NAMES[T_COUNT] = {"companies.csv", "applicants.csv", "pairs.csv", "programme.json",
                                                "preferences.csv", "quotas.csv"};

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
static const column_name APPLICANT_COLUMNS[] = {
    {"id", COL_ID},         {"nationality", COL_NATIONALITY}, {"field", COL_FIELD},
    {"age", COL_AGE},       {"jlpt", COL_JLPT},               {"english", COL_ENGLISH},
    {"degree", COL_DEGREE}, {"recommendation", COL_RECOMMENDATION}, {"preferences", COL_PREFERENCES}};
static const column_name COMPANY_COLUMNS[] = {
    {"id", COL_ID}, {"capacity", COL_CAPACITY}, {"target_markets", COL_TARGET_MARKETS},
    {"preferences", COL_PREFERENCES}, {"requires_jlpt", COL_REQ_JLPT}, {"requires_english", COL_REQ_ENGLISH},
    {"requires_fields", COL_REQ_FIELDS}, {"requires_degree", COL_REQ_DEGREE}};
static const char *const PAIR_COLUMNS[] = {"applicant", "company", "weight"};
static const char *const PREFERENCE_COLUMNS[] = {"applicant", "company", "applicant_rank", "company_rank"};
/* quotas.csv: these, plus filter columns "applicants.ATTR" and "companies.ATTR" */
static const char *const QUOTA_COLUMNS[] = {"name", "min", "max", "per_company", "group_by", "group_by_company"};

/* Growable arrays, as in read_json.c. */
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
    growrows apref, cpref, target, fields;
    growattrs aattr, cattr;
    int64_t app_cap;   /* entries allocated in inst->app, apref.off, aattr.off */
    int32_t *mark;     /* duplicate detection in preference lists */
    int64_t pair_cap;  /* entries allocated in inst->given_app and given_w */
    int by_applicant;  /* pairs.csv is already grouped by applicant index ... */
    int sorted;        /* ... and sorted by (applicant, company) */
    int32_t last_app;  /* the previous pair's applicant: grouped files look it up once */
    dupkey *dups;      /* duplicate pairs to name by row, on the error path */
    int32_t n_dups;
    int64_t dups_named;
    int32_t pcol[4];       /* preferences.csv: the columns of PREFERENCE_COLUMNS */
    pref_entry *prefs;     /* preferences.csv, as read */
    int64_t n_prefs, cap_prefs;
    cJSON *quotas;         /* quotas.csv as the JSON form's quota objects, one a row */
} reader;

/* ---- one CSV table, streamed */

typedef struct table table;
struct table {
    const char *path; /* as errors name it */
    reader *r;
    mu_error *err;
    int (*header)(table *t); /* classifies the columns; an error stops the read */
    int (*take_row)(table *t); /* takes one data row from t->cell */
    /* the header */
    int32_t ncol;
    char **name;   /* [ncol] */
    int8_t *kind;  /* [ncol] COL_* */
    int32_t *key;  /* [ncol] attribute key symbol, interned at first use (-1 before) */
    int32_t idcol;  /* the id column */
    int32_t col[3]; /* pairs.csv: the columns of PAIR_COLUMNS */
    /* the row being assembled: cells NUL-terminated one after another in buf */
    char *buf;
    size_t len, cap;
    size_t *off, *clen;
    char **cell;
    int32_t ncell, cellcap;
    int64_t row;     /* the row being assembled; 0 is the header */
    int64_t dropped; /* rows not taken: wrong cell count, bad text or no usable id */
    int rc, stop;
};

static int worse(int rc, int other) {
    if (rc == MU_ENOMEM || other == MU_ENOMEM) return MU_ENOMEM;
    return rc ? rc : other;
}

/* One error line naming the file, the row and (col >= 0) the column. */
static int bad(table *t, int32_t col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(table *t, int32_t col, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (t->row == 0) return mu_err(t->err, MU_EINPUT, "%s: row 0 (header): %s", t->path, msg);
    if (col < 0) return mu_err(t->err, MU_EINPUT, "%s: row %lld: %s", t->path, (long long)t->row, msg);
    return mu_err(t->err, MU_EINPUT, "%s: row %lld: %.60s: %s", t->path, (long long)t->row, t->name[col], msg);
}

/* A cell for "got ..." in messages: quoted, cut at 40 bytes on a character
 * boundary. */
static const char *got(const char *s, char *buf, size_t n) {
    size_t len = strlen(s), cut = len > 40 ? 40 : len;
    while (cut > 0 && cut < len && ((unsigned char)s[cut] & 0xc0) == 0x80) cut--;
    snprintf(buf, n, "\"%.*s%s\"", (int)cut, s, cut < len ? "..." : "");
    return buf;
}

/* Length of the UTF-8 sequence at s (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0) lo = 0xa0;
        if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f;
    } else return 0;
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[k] & 0xc0) != 0x80) return 0;
    return len;
}

/* 0 when s[0..n) is valid UTF-8 without NUL bytes; 1 for a NUL; 2 for
 * invalid UTF-8. */
static int text_problem(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        if (p[i] == 0) return 1;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = utf8_len(p + i, n - i);
        if (!k) return 2;
        i += k;
    }
    return 0;
}

static int grow_cells(table *t, int32_t need) {
    if (need <= t->cellcap) return MU_OK;
    int32_t cap = t->cellcap ? t->cellcap * 2 : 16;
    while (cap < need) cap *= 2;
    size_t *off = mu_realloc_array(t->off, (size_t)cap, sizeof *off, t->err);
    if (off) t->off = off;
    size_t *clen = off ? mu_realloc_array(t->clen, (size_t)cap, sizeof *clen, t->err) : NULL;
    if (clen) t->clen = clen;
    char **cell = clen ? mu_realloc_array(t->cell, (size_t)cap, sizeof *cell, t->err) : NULL;
    if (!cell) return MU_ENOMEM;
    t->cell = cell;
    t->cellcap = cap;
    return MU_OK;
}

static void stop(table *t, int rc) {
    t->rc = worse(t->rc, rc);
    t->stop = 1;
}

/* libcsv's field callback: the cell is copied into the row being assembled
 * (libcsv reuses its buffer); cells beyond the header's count are only
 * counted. */
static void on_cell(void *s, size_t n, void *data) {
    table *t = data;
    if (t->stop) return;
    int32_t k = t->ncell;
    if (k == INT32_MAX) return;
    t->ncell++;
    if (t->ncol && k >= t->ncol) return;
    if (grow_cells(t, k + 1)) {
        stop(t, MU_ENOMEM);
        return;
    }
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1) cap *= 2;
        char *buf = mu_realloc_array(t->buf, cap, 1, t->err);
        if (!buf) {
            stop(t, MU_ENOMEM);
            return;
        }
        t->buf = buf;
        t->cap = cap;
    }
    t->off[k] = t->len;
    t->clen[k] = n;
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len++] = '\0';
}

static int take_header(table *t) {
    int rc = MU_OK;
    t->ncol = t->ncell;
    t->name = mu_calloc((size_t)t->ncol, sizeof *t->name, t->err);
    t->kind = mu_calloc((size_t)t->ncol, sizeof *t->kind, t->err);
    t->key = mu_alloc((size_t)t->ncol, sizeof *t->key, t->err);
    if (!t->name || !t->kind || !t->key) return MU_ENOMEM;
    for (int32_t k = 0; k < t->ncol; k++) {
        t->key[k] = -1;
        if (!(t->name[k] = mu_strdup(t->cell[k], t->err))) return MU_ENOMEM;
        int p = text_problem(t->cell[k], t->clen[k]);
        if (p) rc = bad(t, -1, "column %d: %s", k + 1, p == 1 ? "contains a NUL byte" : "invalid UTF-8");
        else if (!t->clen[k]) rc = bad(t, -1, "column %d has no name", k + 1);
        else
            for (int32_t j = 0; j < k; j++)
                if (strcmp(t->name[j], t->name[k]) == 0) {
                    rc = bad(t, -1, "column \"%.60s\" appears twice (columns %d and %d)", t->name[k], j + 1, k + 1);
                    break;
                }
    }
    return rc ? rc : t->header(t);
}

/* libcsv's row callback. */
static void on_row(int c, void *data) {
    table *t = data;
    (void)c;
    if (t->stop) return;
    int rc = MU_OK;
    for (int32_t k = 0; k < t->ncell && (!t->ncol || k < t->ncol); k++) t->cell[k] = t->buf + t->off[k];
    if (t->row == 0) {
        rc = take_header(t);
        if (rc) stop(t, rc);
    } else if (t->ncell != t->ncol) {
        t->rc = worse(t->rc, bad(t, -1, "expected %d cells as in the header, got %d", t->ncol, t->ncell));
        t->dropped++;
    } else {
        for (int32_t k = 0; k < t->ncol; k++) {
            int p = text_problem(t->cell[k], t->clen[k]);
            if (p) rc = bad(t, k, "%s", p == 1 ? "contains a NUL byte" : "invalid UTF-8");
        }
        if (rc) t->dropped++;
        else rc = t->take_row(t);
        if (rc) t->rc = worse(t->rc, rc);
        if (rc == MU_ENOMEM) t->stop = 1;
    }
    t->row++;
    t->ncell = 0;
    t->len = 0;
}

static int no_space(unsigned char ch) {
    (void)ch;
    return 0; /* RFC 4180: spaces belong to the cell; libcsv trims them otherwise */
}

/* libcsv grows its cell buffer through this; refusing past MAX_CELL_BYTES
 * makes it stop with CSV_ENOMEM, told apart from a real shortage by the flag. */
static _Thread_local int cell_too_long;
static void *capped_realloc(void *p, size_t n) {
    if (n <= MAX_CELL_BYTES) return realloc(p, n);
    cell_too_long = 1;
    return NULL;
}

/* The delimiter, from the header line: `;` when it holds more semicolons
 * than commas outside quotes (Excel writes `;` where the decimal separator
 * is a comma), else `,`. Only the header decides, so a `;` inside a data
 * cell never changes how a file is read. */
static unsigned char sniff_delimiter(const char *s, size_t n) {
    size_t commas = 0, semicolons = 0;
    int quoted = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '"') quoted = !quoted;
        else if (!quoted && (ch == '\n' || ch == '\r')) break;
        else if (!quoted && ch == ',') commas++;
        else if (!quoted && ch == ';') semicolons++;
    }
    return semicolons > commas ? ';' : ',';
}

/* Reads a whole table through t->header and t->take_row. Returns t->rc. */
static int table_read(table *t) {
    FILE *fp = fopen(t->path, "rb");
    if (!fp) {
        if (errno == ENOENT)
            stop(t, mu_err(t->err, MU_EINPUT, "%s: missing; a table directory needs applicants.csv and companies.csv",
                           t->path));
        else stop(t, mu_err(t->err, MU_EIO, "%s: cannot open: %s", t->path, strerror(errno)));
        return t->rc;
    }
    struct csv_parser p;
    char *block = mu_alloc(BLOCK_BYTES, 1, t->err);
    if (!block || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        if (block) mu_err(t->err, MU_ENOMEM, "%s: out of memory", t->path);
        free(block);
        fclose(fp);
        stop(t, MU_ENOMEM);
        return t->rc;
    }
    csv_set_space_func(&p, no_space);
    csv_set_realloc_func(&p, capped_realloc);
    csv_set_blk_size(&p, (size_t)1 << 20); /* libcsv grows a cell by this much: linear, so not small */
    cell_too_long = 0;
    int first = 1, perr = 0, at_end = 0;
    size_t n;
    while (!t->stop && (n = fread(block, 1, BLOCK_BYTES, fp)) > 0) {
        size_t skip = 0;
        if (first && n >= 3 && memcmp(block, "\xef\xbb\xbf", 3) == 0) skip = 3; /* a byte-order mark, as Excel writes */
        if (first) csv_set_delim(&p, sniff_delimiter(block + skip, n - skip));
        first = 0;
        if (csv_parse(&p, block + skip, n - skip, on_cell, on_row, t) != n - skip) perr = csv_error(&p);
        if (perr) break;
    }
    if (!t->stop && ferror(fp)) stop(t, mu_err(t->err, MU_EIO, "%s: read error: %s", t->path, strerror(errno)));
    if (!t->stop && !perr && csv_fini(&p, on_cell, on_row, t) != 0) perr = csv_error(&p), at_end = 1;
    if (!t->stop && perr == CSV_EPARSE)
        stop(t, bad(t, -1, "malformed quoting: %s",
                    at_end ? "a quoted cell never ends"
                           : "a quote inside an unquoted cell, or text after a closing quote"));
    else if (!t->stop && perr)
        stop(t, cell_too_long ? bad(t, -1, "a cell longer than %zu MiB (an unterminated quote?)", MAX_CELL_BYTES >> 20)
                              : mu_err(t->err, MU_ENOMEM, "%s: out of memory while reading", t->path));
    if (!t->stop && t->row == 0) stop(t, mu_err(t->err, MU_EINPUT, "%s: empty; expected a header row", t->path));
    csv_free(&p);
    free(block);
    fclose(fp);
    return t->rc;
}

static void table_free(table *t) {
    for (int32_t k = 0; t->name && k < t->ncol; k++) free(t->name[k]);
    free(t->name), free(t->kind), free(t->key);
    free(t->buf), free(t->off), free(t->clen), free(t->cell);
}

static table table_new(reader *r, const char *path, int (*header)(table *), int (*take_row)(table *)) {
    table t;
    memset(&t, 0, sizeof t);
    t.path = path;
    t.r = r;
    t.err = r->err;
    t.header = header;
    t.take_row = take_row;
    t.idcol = -1;
    t.col[0] = t.col[1] = t.col[2] = -1;
    return t;
}

/* ---- cells */

static void classify(table *t, const column_name *known, size_t nknown) {
    for (int32_t k = 0; k < t->ncol; k++) {
        t->kind[k] = COL_FREE;
        for (size_t i = 0; i < nknown; i++)
            if (strcmp(t->name[k], known[i].name) == 0) t->kind[k] = (int8_t)known[i].kind;
        if (t->kind[k] == COL_ID) t->idcol = k;
    }
}

static int parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out) {
    const char *p = s;
    int neg = *p == '-';
    if (neg) p++;
    if (!*p) return -1;
    int64_t v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10) return -1;
        v = v * 10 + (*p - '0');
    }
    if (neg) v = -v;
    if (v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

static int int_cell(table *t, int32_t col, int64_t lo, int64_t hi, int64_t *out) {
    char buf[64];
    if (!parse_int(t->cell[col], lo, hi, out)) return MU_OK;
    return bad(t, col, "expected an integer from %lld to %lld, got %s", (long long)lo, (long long)hi,
               got(t->cell[col], buf, sizeof buf));
}

static int bool_cell(table *t, int32_t col, int *out) {
    char buf[64];
    const char *s = t->cell[col];
    if (strcasecmp(s, "true") == 0 || strcasecmp(s, "false") == 0) { /* Excel writes TRUE and FALSE */
        *out = s[0] == 't' || s[0] == 'T';
        return MU_OK;
    }
    return bad(t, col, "expected true or false, got %s", got(s, buf, sizeof buf));
}

static int level_cell(table *t, int32_t col, int jlpt, int *out) {
    char buf[64];
    const char *s = t->cell[col];
    int lv = jlpt ? mu_jlpt_parse(s) : mu_english_parse(s);
    if (lv >= 0) {
        *out = lv;
        return MU_OK;
    }
    return bad(t, col, jlpt ? "expected \"N1\" to \"N5\", got %s"
                            : "expected \"none\", \"basic\", \"daily\", \"business\" or \"native\", got %s",
               got(s, buf, sizeof buf));
}

/* The key symbol of a column, interned when first used so that symbols are
 * numbered in the order read_json.c numbers them. */
static int32_t col_key(table *t, int32_t col) {
    if (t->key[col] < 0) t->key[col] = mu_sym_intern(&t->r->inst->syms, t->name[col], t->err);
    return t->key[col];
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

static int attrs_push(reader *r, growattrs *g, int32_t key, int32_t val) {
    if (key < 0 || val < 0) return MU_ENOMEM;
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
    g->key[g->n] = key;
    g->val[g->n] = val;
    g->n++;
    return MU_OK;
}

/* Attribute (column's key, text) of the current entity; key first, as
 * read_json.c interns them. */
static int attr_text(table *t, growattrs *g, int32_t col, const char *text) {
    int32_t k = col_key(t, col);
    if (k < 0) return MU_ENOMEM;
    return attrs_push(t->r, g, k, mu_sym_intern(&t->r->inst->syms, text, t->err));
}

/* Calls fn on each `|`-separated item of the cell (split in place); empty
 * items are errors. */
typedef int (*item_fn)(table *t, int32_t col, const char *item, void *ctx);
static int each_item(table *t, int32_t col, item_fn fn, void *ctx) {
    int rc = MU_OK, i = 0;
    for (char *p = t->cell[col];; i++) {
        char *bar = strchr(p, '|');
        if (bar) *bar = '\0';
        int rr = *p ? fn(t, col, p, ctx)
                    : bad(t, col, "item %d is empty (two \"|\" in a row, or one at an end)", i + 1);
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
    growrows *rows;
    int32_t mark;
} id_list_ctx;
static int id_item(table *t, int32_t col, const char *s, void *vctx) {
    id_list_ctx *x = vctx;
    int32_t id = mu_sym_find(x->ids, s);
    if (id < 0) return bad(t, col, "unknown %s id \"%.60s\"", x->side, s);
    if (t->r->mark[id] == x->mark) return bad(t, col, "%s \"%.60s\" listed twice", x->side, s);
    t->r->mark[id] = x->mark;
    return rows_push(t->r, x->rows, id);
}

/* target_markets (into rows and attributes) and requires_fields (rows only). */
typedef struct text_list_ctx {
    growrows *rows;
    growattrs *attrs; /* NULL: not an attribute */
} text_list_ctx;
static int text_item(table *t, int32_t col, const char *s, void *vctx) {
    text_list_ctx *x = vctx;
    int32_t sym = mu_sym_intern(&t->r->inst->syms, s, t->err);
    if (sym < 0 || rows_push(t->r, x->rows, sym)) return MU_ENOMEM;
    return x->attrs ? attr_text(t, x->attrs, col, s) : MU_OK;
}

/* The row's id, checked as read_json.c checks ids, then interned: an entity's
 * index is its id's symbol. Returns the index, -1 when the row has no usable
 * id (reported), -2 when out of memory. */
static int32_t take_id(table *t, mu_symtab *ids) {
    const char *s = t->cell[t->idcol];
    size_t len = strlen(s);
    int rc = MU_OK;
    if (len == 0) rc = bad(t, t->idcol, "missing");
    else if (len > MU_MAX_ID_BYTES) rc = bad(t, t->idcol, "id longer than %d bytes (%zu)", MU_MAX_ID_BYTES, len);
    else
        for (const unsigned char *p = (const unsigned char *)s; *p && !rc; p++)
            if (*p < 0x20 || *p == 0x7f) rc = bad(t, t->idcol, "id contains a control character");
    const char *space = rc ? NULL : mu_lint_outer_space(s); /* "A03 " must never be a new entity */
    if (space) rc = bad(t, t->idcol, "\"%.60s\" %s; ids compare exactly, so remove it", s, space);
    if (!rc && ids->n >= MAX_ENTITIES) {
        stop(t, bad(t, -1, "more than %d rows", MAX_ENTITIES));
        return -1;
    }
    int32_t before = ids->n, id = rc ? -1 : mu_sym_intern(ids, s, t->err);
    if (!rc && id < 0) return -2;
    if (!rc && id < before) rc = bad(t, t->idcol, "duplicate id \"%.60s\"", s);
    if (rc) {
        t->dropped++;
        return -1;
    }
    return id;
}

/* ---- companies.csv */

static int com_header(table *t) {
    int rc = MU_OK, has_capacity = 0;
    classify(t, COMPANY_COLUMNS, MU_ARRAY_LEN(COMPANY_COLUMNS));
    for (int32_t k = 0; k < t->ncol; k++) {
        const char *s = t->name[k];
        if (t->kind[k] == COL_CAPACITY) has_capacity = 1;
        if (t->kind[k] == COL_FREE && (strcmp(s, "requires") == 0 || strncmp(s, "requires_", 9) == 0))
            rc = bad(t, -1, "unknown column \"%.60s\" (the host's requirements are the columns requires_jlpt, "
                            "requires_english, requires_fields and requires_degree)", s);
    }
    if (t->idcol < 0) rc = bad(t, -1, "missing the column \"id\"");
    if (!has_capacity) rc = bad(t, -1, "missing the column \"capacity\"");
    return rc;
}

/* First reading: ids only. */
static int com_id_row(table *t) {
    int32_t id = take_id(t, &t->r->inst->com_ids);
    return id == -2 ? MU_ENOMEM : id < 0 ? MU_EINPUT : MU_OK;
}

/* Second reading: everything else; row r is company r - 1 (the first
 * reading took every row). */
static int com_row(table *t) {
    reader *r = t->r;
    mu_instance *inst = r->inst;
    int64_t i = t->row - 1;
    if (i >= inst->n_com || strcmp(inst->com_ids.str[i], t->cell[t->idcol]) != 0) {
        stop(t, bad(t, -1, "the file changed while being read"));
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
        if (t->kind[k] == COL_CAPACITY && *s) capacity = 1;
        if (!*s || t->kind[k] == COL_ID) continue;
        switch (t->kind[k]) {
        case COL_CAPACITY:
            if (!(rr = int_cell(t, k, 0, MU_MAX_CAPACITY, &x))) {
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
            if (!(rr = bool_cell(t, k, &b))) co->req_degree = (int8_t)b;
            break;
        case COL_PREFERENCES: {
            id_list_ctx x2 = {&inst->app_ids, "applicant", &r->cpref, (int32_t)i};
            rr = each_item(t, k, id_item, &x2);
            break;
        }
        default:
            rr = attr_text(t, &r->cattr, k, s);
        }
        if (rr == MU_ENOMEM) return rr;
        rc = worse(rc, rr);
    }
    if (!capacity) {
        for (int32_t k = 0; k < t->ncol; k++)
            if (t->kind[k] == COL_CAPACITY) rc = bad(t, k, "missing");
    }
    r->cpref.off[i + 1] = r->cpref.n;
    r->target.off[i + 1] = r->target.n;
    r->fields.off[i + 1] = r->fields.n;
    r->cattr.off[i + 1] = r->cattr.n;
    return rc;
}

/* ---- applicants.csv */

static int app_header(table *t) {
    classify(t, APPLICANT_COLUMNS, MU_ARRAY_LEN(APPLICANT_COLUMNS));
    return t->idcol < 0 ? bad(t, -1, "missing the column \"id\"") : MU_OK;
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

static int app_row(table *t) {
    reader *r = t->r;
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
        if (!*s || t->kind[k] == COL_ID) continue;
        switch (t->kind[k]) {
        case COL_NATIONALITY:
        case COL_FIELD:
            /* value first, then key: the order read_json.c interns them */
            if ((sym = mu_sym_intern(&inst->syms, s, t->err)) < 0) return MU_ENOMEM;
            if (t->kind[k] == COL_NATIONALITY) ap->nationality = sym;
            else ap->field = sym;
            rr = attr_text(t, &r->aattr, k, s);
            break;
        case COL_AGE:
            if (!(rr = int_cell(t, k, 0, 150, &x))) {
                ap->age = (int16_t)x;
                snprintf(num, sizeof num, "%lld", (long long)x);
                rr = attr_text(t, &r->aattr, k, num);
            }
            break;
        case COL_JLPT:
        case COL_ENGLISH: {
            int jl = t->kind[k] == COL_JLPT;
            if (!(rr = level_cell(t, k, jl, &lv))) {
                if (jl) ap->jlpt = (int8_t)lv;
                else ap->english = (int8_t)lv;
                rr = attr_text(t, &r->aattr, k, jl ? mu_jlpt_name(lv) : mu_english_name(lv));
            }
            break;
        }
        case COL_DEGREE:
        case COL_RECOMMENDATION:
            if (!(rr = bool_cell(t, k, &b))) {
                if (t->kind[k] == COL_DEGREE) ap->degree = (int8_t)b;
                else ap->recommendation = (int8_t)b;
                rr = attr_text(t, &r->aattr, k, b ? "true" : "false");
            }
            break;
        case COL_PREFERENCES: {
            id_list_ctx x2 = {&inst->com_ids, "company", &r->apref, i};
            rr = each_item(t, k, id_item, &x2);
            break;
        }
        default:
            rr = attr_text(t, &r->aattr, k, s);
        }
        if (rr == MU_ENOMEM) return rr;
        rc = worse(rc, rr);
    }
    r->apref.off[i + 1] = r->apref.n;
    r->aattr.off[i + 1] = r->aattr.n;
    return rc;
}

/* ---- pairs.csv */

static int pair_header(table *t) {
    int rc = MU_OK;
    for (int32_t k = 0; k < t->ncol; k++) {
        size_t i = 0;
        while (i < MU_ARRAY_LEN(PAIR_COLUMNS) && strcmp(t->name[k], PAIR_COLUMNS[i]) != 0) i++;
        if (i == MU_ARRAY_LEN(PAIR_COLUMNS))
            rc = bad(t, -1, "unknown column \"%.60s\" (pairs.csv has the columns applicant, company and weight)",
                     t->name[k]);
        else t->col[i] = k;
    }
    for (size_t i = 0; i < MU_ARRAY_LEN(PAIR_COLUMNS); i++)
        if (t->col[i] < 0) rc = bad(t, -1, "missing the column \"%s\"", PAIR_COLUMNS[i]);
    return rc;
}

/* The pair's applicant and company; -1 (reported when `report`) for a
 * missing or unknown id. */
static int pair_ids(table *t, int report, int32_t *a, int32_t *c) {
    reader *r = t->r;
    mu_instance *inst = r->inst;
    const char *as = t->cell[t->col[0]], *cs = t->cell[t->col[1]];
    int rc = MU_OK;
    if (r->last_app >= 0 && strcmp(as, inst->app_ids.str[r->last_app]) == 0) *a = r->last_app;
    else if ((*a = mu_sym_find(&inst->app_ids, as)) >= 0) r->last_app = *a;
    else if (report) rc = *as ? bad(t, t->col[0], "unknown applicant id \"%.60s\"", as) : bad(t, t->col[0], "missing");
    *c = mu_sym_find(&inst->com_ids, cs);
    if (*c < 0 && report)
        rc = *cs ? bad(t, t->col[1], "unknown company id \"%.60s\"", cs) : bad(t, t->col[1], "missing");
    return rc;
}

/* While reading, a pair is its applicant in given_app and (company, weight)
 * packed into one integer in given_w: company << 30 | weight (weights are
 * below 2^30, companies below 2^31). Packing saves a quarter of the memory
 * while the file streams in, lets one array carry both through the sort,
 * and makes "by company" a plain integer order. */
#define WEIGHT_BITS 30
#define WEIGHT_MASK ((INT64_C(1) << WEIGHT_BITS) - 1)
_Static_assert(MU_MAX_WEIGHT <= WEIGHT_MASK, "a weight must fit beside its company");

static int pair_row(table *t) {
    reader *r = t->r;
    mu_instance *inst = r->inst;
    int32_t a, c;
    int64_t w = 0;
    int rc = pair_ids(t, 1, &a, &c);
    if (!*t->cell[t->col[2]]) rc = worse(rc, bad(t, t->col[2], "missing"));
    else rc = worse(rc, int_cell(t, t->col[2], 0, MU_MAX_WEIGHT, &w));
    if (rc) return rc;
    int64_t n = inst->n_given;
    if (n == MAX_PAIRS) {
        stop(t, bad(t, -1, "more than %lld pairs", (long long)MAX_PAIRS));
        return MU_EINPUT;
    }
    if (n == r->pair_cap) {
        /* Doubling; glibc moves blocks this large with mremap, without
         * copying, and pages past the end are never touched. */
        int64_t cap = r->pair_cap ? r->pair_cap * 2 : 1 << 16;
        int32_t *ga = mu_realloc_array(inst->given_app, (size_t)cap, sizeof *ga, t->err);
        if (!ga) return MU_ENOMEM;
        inst->given_app = ga;
        int64_t *cw = mu_realloc_array(inst->given_w, (size_t)cap, sizeof *cw, t->err);
        if (!cw) return MU_ENOMEM;
        inst->given_w = cw;
        r->pair_cap = cap;
    }
    int64_t key = (int64_t)c << WEIGHT_BITS | w;
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
static int pair_dup_row(table *t) {
    reader *r = t->r;
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
        return bad(t, -1, "duplicate of row %lld (applicant \"%.60s\", company \"%.60s\")", (long long)d->first_row,
                   r->inst->app_ids.str[a], r->inst->com_ids.str[c]);
    }
    return MU_OK;
}

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
static void sort_keys(int64_t *x, int64_t m) {
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

/* Orders the given pairs by (applicant, company) and unpacks them. Unsorted
 * files take one counting sort on the applicant (dense integers): a pass of
 * counts, then each packed pair scattered to its applicant's next place —
 * sequential reads and independent writes, so it runs at memory bandwidth,
 * where an in-place permutation would chase one cache miss after another —
 * and given_app is rewritten from the counts. The transient cost is one more
 * packed array (8 bytes a pair) beside the 12 that streaming needs; the
 * result is the 16 bytes a pair of the instance. Files already grouped by
 * applicant, or sorted, skip either step. */
static int sort_pairs(reader *r) {
    mu_instance *inst = r->inst;
    int32_t *ga = inst->given_app;
    int64_t *cw = inst->given_w, n = inst->n_given;
    if (!r->by_applicant) {
        int64_t *next = mu_calloc((size_t)inst->n_app + 1, sizeof *next, r->err);
        int64_t *out = next ? mu_alloc((size_t)n, sizeof *out, r->err) : NULL;
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
    if (!r->sorted)
        for (int64_t lo = 0, hi; lo < n; lo = hi) {
            for (hi = lo + 1; hi < n && ga[hi] == ga[lo]; hi++) {}
            sort_keys(cw + lo, hi - lo);
        }
    int32_t *gc = mu_alloc((size_t)n, sizeof *gc, r->err);
    if (!gc) return MU_ENOMEM;
    for (int64_t k = 0; k < n; k++) {
        gc[k] = (int32_t)(cw[k] >> WEIGHT_BITS);
        cw[k] &= WEIGHT_MASK;
    }
    inst->given_com = gc;
    return MU_OK;
}

static int read_pairs(reader *r, const char *path) {
    mu_instance *inst = r->inst;
    inst->has_pairs = 1;
    r->by_applicant = r->sorted = 1;
    table t = table_new(r, path, pair_header, pair_row);
    int rc = table_read(&t);
    table_free(&t);
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
    if ((rc = sort_pairs(r))) return rc;
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
        t = table_new(r, path, pair_header, pair_dup_row);
        rc = table_read(&t);
        table_free(&t);
        if (rc == MU_ENOMEM) return rc;
        if (ndup > r->dups_named)
            mu_err(r->err, MU_EINPUT, "%s: %lld more duplicate pairs", path, (long long)(ndup - r->dups_named));
        rc = MU_EINPUT;
    }
    r->dups = NULL;
    return rc;
}

/* ---- preferences.csv: the preference lists in long form, one listing a row */

static int pref_header(table *t) {
    reader *r = t->r;
    int rc = MU_OK;
    for (int i = 0; i < 4; i++) r->pcol[i] = -1;
    for (int32_t k = 0; k < t->ncol; k++) {
        size_t i = 0;
        while (i < MU_ARRAY_LEN(PREFERENCE_COLUMNS) && strcmp(t->name[k], PREFERENCE_COLUMNS[i]) != 0) i++;
        if (i == MU_ARRAY_LEN(PREFERENCE_COLUMNS))
            rc = bad(t, -1, "unknown column \"%.60s\" (preferences.csv has the columns applicant, company, "
                            "applicant_rank and company_rank)", t->name[k]);
        else r->pcol[i] = k;
    }
    if (r->pcol[0] < 0) rc = bad(t, -1, "missing the column \"applicant\"");
    if (r->pcol[1] < 0) rc = bad(t, -1, "missing the column \"company\"");
    if (r->pcol[2] < 0 && r->pcol[3] < 0) rc = bad(t, -1, "missing the column \"applicant_rank\" or \"company_rank\"");
    return rc;
}

static int pref_row(table *t) {
    reader *r = t->r;
    mu_instance *inst = r->inst;
    const char *as = t->cell[r->pcol[0]], *cs = t->cell[r->pcol[1]];
    int32_t a = mu_sym_find(&inst->app_ids, as), c = mu_sym_find(&inst->com_ids, cs);
    int rc = MU_OK;
    if (a < 0) rc = *as ? bad(t, r->pcol[0], "unknown applicant id \"%.60s\"", as) : bad(t, r->pcol[0], "missing");
    if (c < 0) rc = *cs ? bad(t, r->pcol[1], "unknown company id \"%.60s\"", cs) : bad(t, r->pcol[1], "missing");
    int64_t rank[2] = {0, 0};
    for (int side = 0; side < 2; side++) {
        int32_t col = r->pcol[2 + side];
        if (col >= 0 && *t->cell[col] && int_cell(t, col, 1, INT32_MAX, &rank[side])) rc = MU_EINPUT;
    }
    if (!rc && !rank[0] && !rank[1]) rc = bad(t, -1, "neither applicant_rank nor company_rank given");
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
    int32_t owners = side ? inst->n_com : inst->n_app, partners = side ? inst->n_app : inst->n_com;
    mu_rows *rows = side ? &inst->com_pref : &inst->app_pref;
    int64_t *off = mu_calloc((size_t)owners + 1, sizeof *off, r->err);
    int32_t *item = mu_alloc((size_t)r->n_prefs + 1, sizeof *item, r->err);
    int32_t *seen = mu_alloc((size_t)partners + 1, sizeof *seen, r->err);
    if (!off || !item || !seen) {
        free(off), free(item), free(seen);
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
        if (k > 0) {
            const pref_entry *prev = &r->prefs[k - 1];
            if ((side ? prev->c : prev->a) == owner && (side ? prev->com_rank : prev->app_rank) == rank)
                rc = mu_err(r->err, MU_EINPUT, "%s: row %lld: %s: %s \"%.60s\" gives rank %d twice (also row %lld)", path,
                            (long long)e->row, rank_name, side ? "company" : "applicant", oid, rank, (long long)prev->row);
        }
        if (seen[partner] == owner) {
            rc = mu_err(r->err, MU_EINPUT, "%s: row %lld: %s \"%.60s\" lists %s \"%.60s\" twice", path, (long long)e->row,
                        side ? "company" : "applicant", oid, side ? "applicant" : "company", pid);
            continue;
        }
        seen[partner] = owner;
        item[n++] = partner;
        off[owner + 1]++;
    }
    for (int32_t o = 0; o < owners; o++) off[o + 1] += off[o];
    free(seen);
    free(rows->off), free(rows->item);
    rows->off = off, rows->item = item;
    return rc;
}

static int read_preferences(reader *r, const char *path) {
    mu_instance *inst = r->inst;
    if (inst->app_pref.off[inst->n_app] > 0 || inst->com_pref.off[inst->n_com] > 0)
        return mu_err(r->err, MU_EINPUT,
                      "%s: preferences are given both here and in a preferences column of applicants.csv or "
                      "companies.csv; give them in one place", path);
    table t = table_new(r, path, pref_header, pref_row);
    int rc = table_read(&t);
    table_free(&t);
    if (rc) return rc;
    rc = build_side(r, path, 0);
    if (rc == MU_ENOMEM) return rc;
    return worse(rc, build_side(r, path, 1));
}

/* ---- quotas.csv: one quota a row, turned into the JSON form's quota objects
 * (instances/FORMAT.md) for the programme reader. A filter column
 * "applicants.ATTR" or "companies.ATTR" holds the values, `|`-separated,
 * with "not " before them to exclude; an empty cell is no filter. */

enum { QC_NAME = 1, QC_MIN, QC_MAX, QC_PER_COMPANY, QC_GROUP_BY, QC_GROUP_BY_COMPANY, QC_APP_FILTER, QC_COM_FILTER };

static int quota_header(table *t) {
    int rc = MU_OK, has_name = 0;
    for (int32_t k = 0; k < t->ncol; k++) {
        const char *s = t->name[k];
        t->kind[k] = 0;
        for (size_t i = 0; i < MU_ARRAY_LEN(QUOTA_COLUMNS); i++)
            if (strcmp(s, QUOTA_COLUMNS[i]) == 0) t->kind[k] = (int8_t)(QC_NAME + i);
        if (strncmp(s, "applicants.", 11) == 0 && s[11]) t->kind[k] = QC_APP_FILTER;
        if (strncmp(s, "companies.", 10) == 0 && s[10]) t->kind[k] = QC_COM_FILTER;
        if (t->kind[k] == QC_NAME) has_name = 1;
        if (!t->kind[k])
            rc = bad(t, -1, "unknown column \"%.60s\" (quotas.csv has name, min, max, per_company, group_by, "
                            "group_by_company, and filter columns applicants.ATTR and companies.ATTR)", s);
    }
    if (!has_name) rc = bad(t, -1, "missing the column \"name\"");
    return rc;
}

static int quota_row(table *t) {
    reader *r = t->r;
    cJSON *q = cJSON_CreateObject();
    if (!q || !cJSON_AddItemToArray(r->quotas, q)) {
        cJSON_Delete(q);
        return mu_err(t->err, MU_ENOMEM, "%s: out of memory", t->path);
    }
    int rc = MU_OK, oom = 0, bounds = 0;
    for (int32_t k = 0; k < t->ncol; k++) {
        char *s = t->cell[k];
        int64_t x;
        int b;
        if (!*s) {
            if (t->kind[k] == QC_NAME) rc = bad(t, k, "missing");
            continue;
        }
        switch (t->kind[k]) {
        case QC_NAME:
        case QC_GROUP_BY:
        case QC_GROUP_BY_COMPANY:
            oom |= !cJSON_AddStringToObject(q, t->name[k], s);
            break;
        case QC_MIN:
        case QC_MAX:
            bounds = 1;
            if (int_cell(t, k, 0, 1000000000000LL, &x)) rc = MU_EINPUT;
            else oom |= !cJSON_AddNumberToObject(q, t->name[k], (double)x);
            break;
        case QC_PER_COMPANY:
            if (bool_cell(t, k, &b)) rc = MU_EINPUT;
            else oom |= !cJSON_AddBoolToObject(q, t->name[k], b);
            break;
        default: {
            const char *side = t->kind[k] == QC_APP_FILTER ? "applicants" : "companies";
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
                if (!*p) rc = bad(t, k, "a value is empty (two \"|\" in a row, or one at an end)");
                else oom |= !cJSON_AddItemToArray(vals, cJSON_CreateString(p));
                if (!bar) break;
                p = bar + 1;
            }
            if (!vals) oom = 1;
            else if (negate) {
                cJSON *not = cJSON_CreateObject();
                if (!not || !cJSON_AddItemToObject(not, "not", vals) || !cJSON_AddItemToObject(filter, attr, not)) oom = 1;
            } else oom |= !cJSON_AddItemToObject(filter, attr, vals);
        }
        }
    }
    if (oom) return mu_err(t->err, MU_ENOMEM, "%s: out of memory", t->path);
    if (!bounds && !rc) rc = bad(t, -1, "expected min and/or max");
    const cJSON *mn = cJSON_GetObjectItemCaseSensitive(q, "min"), *mx = cJSON_GetObjectItemCaseSensitive(q, "max");
    if (mn && mx && mn->valuedouble > mx->valuedouble)
        rc = bad(t, -1, "min %.0f is greater than max %.0f", mn->valuedouble, mx->valuedouble);
    return rc;
}

static int read_quota_table(reader *r, const char *path) {
    if (!(r->quotas = cJSON_CreateArray())) return mu_err(r->err, MU_ENOMEM, "%s: out of memory", path);
    table t = table_new(r, path, quota_header, quota_row);
    int rc = table_read(&t);
    table_free(&t);
    return rc;
}

/* ---- programme.json */

/* Checks what cJSON does not, as read_json.c does for a whole document: no
 * byte-order mark, UTF-8, no NUL, nesting depth. */
static int prescan_json(const char *file, const char *s, size_t len, mu_error *err) {
    if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
        return mu_err(err, MU_EINPUT, "%s: starts with a byte-order mark; save the file as UTF-8 without BOM", file);
    int depth = 0, in_str = 0;
    long line = 1, col = 1;
    for (size_t i = 0; i < len; i++, col++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\n') line++, col = 0;
        if (ch >= 0x80) {
            size_t k = utf8_len((const unsigned char *)s + i, len - i);
            if (!k) return mu_err(err, MU_EINPUT, "%s: line %ld, column %ld: invalid UTF-8", file, line, col);
            i += k - 1;
            continue;
        }
        if (ch == 0) return mu_err(err, MU_EINPUT, "%s: line %ld, column %ld: NUL byte", file, line, col);
        if (in_str) {
            if (ch == '\\' && i + 1 < len && (unsigned char)s[i + 1] < 0x80) i++, col++; /* see read_json.c's prescan */
            else if (ch == '"') in_str = 0;
        } else if (ch == '"') in_str = 1;
        else if (ch == '{' || ch == '[') {
            if (++depth > MU_MAX_DEPTH)
                return mu_err(err, MU_EINPUT, "%s: line %ld, column %ld: nested deeper than %d levels", file, line,
                              col, MU_MAX_DEPTH);
        } else if (ch == '}' || ch == ']') depth--;
    }
    return MU_OK;
}

static int read_programme(reader *r, const char *path, int has_pairs_file) {
    static const char *const known[] = {"name", "description", "provenance", "rules", "weights", "quotas", "hosts"};
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT) return MU_OK;
        return mu_err(r->err, MU_EIO, "%s: cannot open: %s", path, strerror(errno));
    }
    char *text = NULL;
    size_t len = 0;
    int rc = mu_read_file(path, MAX_PROGRAMME_BYTES, &text, &len, r->err);
    if (rc) return rc;
    cJSON *root = NULL;
    if ((rc = prescan_json(path, text, len, r->err))) goto done;
    const char *end = NULL;
    int oom = 0;
    root = mu_json_parse(text, len + 1, &end, &oom); /* the NUL counts: it must end the text */
    if (!root && oom) {
        rc = mu_err(r->err, MU_ENOMEM, "%s: out of memory parsing %zu bytes of JSON", path, len);
        goto done;
    }
    if (!root) {
        const char *at = end ? end : cJSON_GetErrorPtr();
        if (!at || at < text || at > text + len) at = text + len;
        long line = 1, col = 1;
        for (const char *p = text; p < at; p++) {
            if (*p == '\n') line++, col = 1;
            else col++;
        }
        if (len == 0 || at >= text + len)
            rc = mu_err(r->err, MU_EINPUT, "%s: line %ld, column %ld: malformed JSON (truncated or empty)", path,
                        line, col);
        else
            rc = mu_err(r->err, MU_EINPUT, "%s: line %ld, column %ld: malformed JSON near \"%.20s\"", path, line,
                        col, at);
        goto done;
    }
    if (!cJSON_IsObject(root)) {
        rc = mu_err(r->err, MU_EINPUT, "%s: expected a JSON object at the top level", path);
        goto done;
    }
    size_t *first = mu_json_key_first(root, r->err), kf = 0; /* repeated keys in O(n log n) */
    if (!first) {
        rc = MU_ENOMEM;
        goto done;
    }
    for (const cJSON *c = root->child; c; c = c->next, kf++) {
        size_t i = 0;
        while (i < MU_ARRAY_LEN(known) && strcmp(c->string, known[i]) != 0) i++;
        if (i == MU_ARRAY_LEN(known))
            rc = mu_err(r->err, MU_EINPUT,
                        "%s: unknown key \"%.60s\" (programme.json may hold name, description, provenance, rules, "
                        "weights, quotas and hosts)", path, c->string);
        if (first[kf] != kf) rc = mu_err(r->err, MU_EINPUT, "%s: key \"%.60s\" appears twice", path, c->string);
    }
    free(first);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (name && !cJSON_IsString(name)) rc = mu_err(r->err, MU_EINPUT, "%s: name: expected a string", path);
    else if (name && !(r->inst->name = mu_strdup(name->valuestring, r->err))) {
        rc = MU_ENOMEM;
        goto done;
    }
    if (has_pairs_file && cJSON_GetObjectItemCaseSensitive(root, "weights"))
        rc = mu_err(r->err, MU_EINPUT,
                    "%s: weights: must be absent when pairs.csv is given (pairs carry their own weights)", path);
    rc = worse(rc, mu_read_programme_json(path, r->inst, root, r->err));
done:
    cJSON_Delete(root);
    free(text);
    return rc;
}

/* ---- the directory */

static int finish_rows(reader *r, growrows *g, mu_rows *out) {
    out->off = g->off;
    out->item = g->item;
    g->off = NULL;
    g->item = NULL;
    if (!out->item && !(out->item = mu_alloc(1, sizeof(int32_t), r->err))) return MU_ENOMEM;
    return MU_OK;
}

static int finish_attrs(reader *r, growattrs *g, mu_attrs *out) {
    *out = (mu_attrs){g->off, g->key, g->val};
    *g = (growattrs){0};
    if (!out->key && !(out->key = mu_alloc(1, sizeof(int32_t), r->err))) return MU_ENOMEM;
    if (!out->val && !(out->val = mu_alloc(1, sizeof(int32_t), r->err))) return MU_ENOMEM;
    return MU_OK;
}

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 || errno != ENOENT;
}

static int read_directory(reader *r, char *const *path) {
    mu_instance *inst = r->inst;
    /* companies.csv, first reading: ids */
    table t = table_new(r, path[T_COMPANIES], com_header, com_id_row);
    int rc = table_read(&t);
    table_free(&t);
    if (rc) return rc;
    inst->n_com = inst->com_ids.n;
    /* applicants.csv */
    if (!(r->mark = mu_alloc((size_t)inst->n_com + 1, sizeof *r->mark, r->err)) || grow_applicants(r, 0))
        return MU_ENOMEM;
    memset(r->mark, 0xff, ((size_t)inst->n_com + 1) * sizeof *r->mark);
    r->apref.off[0] = r->aattr.off[0] = 0;
    t = table_new(r, path[T_APPLICANTS], app_header, app_row);
    rc = table_read(&t);
    int unusable = t.stop || t.dropped; /* rows without an applicant: references to them would mislead */
    table_free(&t);
    if (rc == MU_ENOMEM || unusable) return rc;
    inst->n_app = inst->app_ids.n;
    if (finish_rows(r, &r->apref, &inst->app_pref) || finish_attrs(r, &r->aattr, &inst->app_attrs))
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
    t = table_new(r, path[T_COMPANIES], com_header, com_row);
    rc = worse(rc, table_read(&t));
    unusable = t.stop;
    table_free(&t);
    if (rc == MU_ENOMEM || unusable) return rc;
    if (finish_rows(r, &r->cpref, &inst->com_pref) || finish_rows(r, &r->target, &inst->com_target) ||
        finish_rows(r, &r->fields, &inst->com_fields) || finish_attrs(r, &r->cattr, &inst->com_attrs))
        return MU_ENOMEM;
    free(r->mark);
    r->mark = NULL;
    /* preferences.csv, pairs.csv, programme.json, quotas.csv */
    if (!rc && exists(path[T_PREFERENCES])) rc = read_preferences(r, path[T_PREFERENCES]);
    if (rc == MU_ENOMEM) return rc;
    int has_pairs_file = exists(path[T_PAIRS]);
    if (has_pairs_file) rc = worse(rc, read_pairs(r, path[T_PAIRS]));
    if (rc == MU_ENOMEM) return rc;
    rc = worse(rc, read_programme(r, path[T_PROGRAMME], has_pairs_file));
    if (rc == MU_ENOMEM || !exists(path[T_QUOTAS])) return rc;
    if (inst->quotas)
        return mu_err(r->err, MU_EINPUT, "%s: quotas are given both here and in programme.json; give them in one place",
                      path[T_QUOTAS]);
    int qrc = read_quota_table(r, path[T_QUOTAS]);
    inst->quotas_csv = 1;
    if (qrc || rc) return worse(rc, qrc);
    /* The programme reader checks what the table cannot: attributes that
     * exist, unique names. It names a quota as quotas[i], data row i + 1. */
    cJSON *root = cJSON_CreateObject();
    if (!root) return mu_err(r->err, MU_ENOMEM, "%s: out of memory", path[T_QUOTAS]);
    cJSON_AddItemToObject(root, "quotas", r->quotas);
    r->quotas = NULL;
    rc = mu_read_programme_json(path[T_QUOTAS], inst, root, r->err);
    cJSON_Delete(root);
    return rc;
}

int mu_read_tables(const char *dir, mu_instance **out, mu_error *err) {
    MU_REQUIRE(dir && out);
    *out = NULL;
    char *path[T_COUNT] = {NULL};
    reader r;
    memset(&r, 0, sizeof r);
    r.err = err;
    r.last_app = -1;
    int rc = MU_OK;
    if (!(r.inst = mu_instance_new(dir, err))) return MU_ENOMEM;
    r.inst->tables = 1;
    size_t dlen = strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/') dlen--;
    for (int k = 0; k < T_COUNT && !rc; k++) {
        size_t n = dlen + strlen(FILE_NAMES[k]) + 2;
        if (!(path[k] = mu_alloc(n, 1, err))) rc = MU_ENOMEM;
        else snprintf(path[k], n, "%.*s/%s", (int)dlen, dir, FILE_NAMES[k]);
    }
    if (!rc) rc = read_directory(&r, path);
    if (!rc) rc = mu_instance_index(r.inst, err);
    for (int k = 0; k < T_COUNT; k++) free(path[k]);
    free(r.mark);
    free(r.apref.off), free(r.apref.item), free(r.cpref.off), free(r.cpref.item);
    free(r.target.off), free(r.target.item), free(r.fields.off), free(r.fields.item);
    free(r.aattr.off), free(r.aattr.key), free(r.aattr.val), free(r.cattr.off), free(r.cattr.key), free(r.cattr.val);
    free(r.prefs);
    cJSON_Delete(r.quotas);
    if (rc) {
        mu_instance_free(r.inst);
        return rc;
    }
    *out = r.inst;
    return MU_OK;
}

/* ---- dispatch */

int mu_instance_read(const char *path, mu_instance **out, mu_error *err) {
    MU_REQUIRE(path && out);
    mu_error_clear(err);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return mu_read_tables(path, out, err);
    return mu_read_json(path, out, err);
}
