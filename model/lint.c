/* Lint (see lint.h): what matches nothing, what nearly matches something,
 * and floors nothing can meet, named as the readers name records. */
#include "model/lint.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEXT 256        /* longer texts are compared exactly, never as near misses */
#define MAX_GROUP_VALUES 64 /* as engine/problem.c: the values of one attribute an entity has */
#define ROWS_SHOWN 3        /* floor rows named per quota; the rest are counted */

/* ---- text: spaces, folding, edit distance */

/* Bytes of the space-like character at s (ASCII white space, U+00A0 no-break
 * space, U+200B zero-width space, U+3000 ideographic space, U+FEFF), else 0.
 * Continuation bytes (0x80..0xbf) never start one, so stepping byte by byte
 * over other text is safe. */
static size_t space_at(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' || p[0] == '\n') return 1;
    if (p[0] == 0xc2 && p[1] == 0xa0) return 2;
    if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) return 3;
    if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x8b) return 3;
    if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) return 3;
    return 0;
}

/* s without its outer spaces is s[*b .. *e). */
static void trim(const char *s, size_t *b, size_t *e) {
    size_t i = 0, k;
    while ((k = space_at(s + i))) i += k;
    *b = *e = i;
    while (s[i]) {
        if ((k = space_at(s + i))) i += k;
        else *e = ++i;
    }
}

/* The code point of the space-like character of k bytes at s. */
static unsigned space_code(const char *s, size_t k) {
    const unsigned char *p = (const unsigned char *)s;
    if (k == 1) return p[0];
    if (k == 2) return (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
    return (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
}

const char *mu_lint_outer_space(const char *s) {
    static _Thread_local char buf[80];
    size_t b, e, len = strlen(s), k;
    trim(s, &b, &e);
    if (b == 0 && e == len) return NULL;
    const char *where = b == len           ? "is only spaces"
                        : b > 0 && e < len ? "starts and ends with a space"
                        : b > 0            ? "starts with a space"
                                           : "ends with a space";
    /* A space that does not look like one is named by its code point. */
    for (size_t i = 0; i < len; i += k ? k : 1) {
        if (i == b && e > b) i = e;
        if (i >= len || !(k = space_at(s + i))) break;
        unsigned cp = space_code(s + i, k);
        if (cp != ' ') {
            snprintf(buf, sizeof buf, "%s (U+%04X)", where, cp);
            return buf;
        }
    }
    return where;
}

/* The folded form of s into buf (MAX_TEXT + 1 bytes): outer spaces dropped,
 * inner ones made ' ', full-width ASCII (U+FF01..U+FF5E) narrowed, ASCII
 * letters lower-cased (unless FOLD_KEEP_CASE); for names (FOLD_NAME), ' ' and
 * '-' made '_'. Never longer than s. Returns its length, or -1 when s is too
 * long to compare other than exactly. */
enum { FOLD_NAME = 1, FOLD_KEEP_CASE = 2 };
static int fold(const char *s, int mode, char *buf) {
    int name = mode & FOLD_NAME;
    size_t b, e, o = 0;
    trim(s, &b, &e);
    if (e - b > MAX_TEXT) return -1;
    for (size_t i = b; i < e;) {
        const unsigned char *p = (const unsigned char *)s + i;
        size_t k = space_at(s + i);
        unsigned char ch = p[0];
        if (k) {
            ch = ' ';
            i += k;
        } else if (p[0] == 0xef && (p[1] == 0xbc || p[1] == 0xbd) && p[2] >= 0x80 && p[2] <= 0xbf) {
            unsigned cp = 0xf000u | (unsigned)(p[1] & 0x3f) << 6 | (unsigned)(p[2] & 0x3f);
            if (cp >= 0xff01 && cp <= 0xff5e) ch = (unsigned char)(cp - 0xfee0);
            else {
                memcpy(buf + o, p, 3);
                o += 3;
                i += 3;
                continue;
            }
            i += 3;
        } else i++;
        if (ch >= 'A' && ch <= 'Z' && !(mode & FOLD_KEEP_CASE)) ch = (unsigned char)(ch - 'A' + 'a');
        if (name && (ch == ' ' || ch == '-')) ch = '_';
        buf[o++] = (char)ch;
    }
    buf[o] = '\0';
    return (int)o;
}

/* strncasecmp for ASCII letters, whatever the locale. */
static int ascii_prefix(const char *s, const char *prefix) {
    for (; *prefix; s++, prefix++) {
        char a = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
        if (a != *prefix) return 0;
    }
    return 1;
}

/* Edits allowed between a text of `len` folded bytes and a near miss. */
static int allowed(int len) { return len <= 2 ? 0 : len <= 5 ? 1 : len <= 9 ? 2 : 3; }

/* Optimal string alignment distance of a and b (at most MAX_TEXT bytes
 * each), or max + 1 once it must exceed max: every cell of a row comes from
 * the row before (+0 or +1), its own row (+1) or, by a swap, the row two
 * before (+1), so when a row's minimum and the previous row's minimum + 1
 * both exceed max, so does every later cell. */
static int distance(const char *a, int la, const char *b, int lb, int max) {
    if (la - lb > max || lb - la > max) return max + 1;
    static _Thread_local int row[3][MAX_TEXT + 1];
    int *prev2 = row[0], *prev = row[1], *cur = row[2];
    int best_prev = 0;
    for (int j = 0; j <= lb; j++) prev[j] = j;
    for (int i = 1; i <= la; i++) {
        cur[0] = i;
        int best = i;
        for (int j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int d = prev[j - 1] + cost;
            if (prev[j] + 1 < d) d = prev[j] + 1;
            if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
            if (d < best) best = d;
        }
        if (best > max && best_prev + 1 > max) return max + 1;
        best_prev = best;
        int *t = prev2;
        prev2 = prev, prev = cur, cur = t;
    }
    return prev[lb];
}

/* The best near miss so far of one text. */
typedef struct nearest {
    char target[MAX_TEXT + 1];
    int len, name; /* folded length (-1: no near misses); names fold separators too */
    const char *best;
    int dist;
    int64_t count, order;
} nearest;

static void nearest_init(nearest *n, const char *target, int name) {
    memset(n, 0, sizeof *n);
    n->name = name;
    n->len = fold(target, name, n->target);
}

/* Considers candidate s (held by `count` records, read `order`-th). */
static void consider(nearest *n, const char *s, int64_t count, int64_t order) {
    char f[MAX_TEXT + 1];
    if (n->len < 0) return;
    int lf = fold(s, n->name, f);
    if (lf < 0) return;
    int max = allowed(n->len), d = strcmp(f, n->target) == 0 ? 0 : distance(n->target, n->len, f, lf, max);
    if (d > max) return;
    if (!n->best || d < n->dist || (d == n->dist && (count > n->count || (count == n->count && order < n->order)))) {
        n->best = s;
        n->dist = d;
        n->count = count;
        n->order = order;
    }
}

/* How a and b differ when their folded forms are equal: "letter case",
 * "surrounding spaces", ... */
static const char *how_differ(const char *a, const char *b) {
    size_t ab, ae, bb, be;
    trim(a, &ab, &ae);
    trim(b, &bb, &be);
    int spaces = ab != 0 || a[ae] || bb != 0 || b[be];
    if (ae - ab == be - bb && memcmp(a + ab, b + bb, ae - ab) == 0) return "surrounding spaces";
    int only_case = ae - ab == be - bb;
    for (size_t i = 0; only_case && i < ae - ab; i++) {
        unsigned char x = (unsigned char)a[ab + i], y = (unsigned char)b[bb + i];
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y - 'A' + 'a');
        only_case = x == y;
    }
    if (only_case) return spaces ? "letter case and surrounding spaces" : "letter case";
    char fa[MAX_TEXT + 1], fb[MAX_TEXT + 1];
    int only_width = fold(a, FOLD_KEEP_CASE, fa) >= 0 && fold(b, FOLD_KEEP_CASE, fb) >= 0 && strcmp(fa, fb) == 0;
    if (only_width) return spaces ? "width and surrounding spaces" : "width";
    return spaces ? "letter case, width and surrounding spaces" : "letter case and width";
}

/* Text for a message: quoted, cut at 60 bytes on a character boundary,
 * quotes, backslashes and control characters escaped as in JSON. Rotating
 * buffers: several may appear in one message. */
static const char *Q(const char *s) {
    static _Thread_local char bufs[8][200];
    static _Thread_local int next;
    char *b = bufs[next++ % 8];
    size_t o = 0, i = 0;
    b[o++] = '"';
    while (s[i] && o + 12 < sizeof bufs[0]) {
        unsigned char ch = (unsigned char)s[i];
        size_t len = ch < 0x80 ? 1 : ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : 2;
        if (i + len > 60) {
            o += (size_t)snprintf(b + o, sizeof bufs[0] - o, "...");
            break;
        }
        size_t sp = space_at(s + i);
        if (ch < 0x20 || ch == '"' || ch == '\\' || sp > 1) { /* and spaces that do not look like one */
            o += ch == '"' || ch == '\\'
                     ? (size_t)snprintf(b + o, sizeof bufs[0] - o, "\\%c", ch)
                     : (size_t)snprintf(b + o, sizeof bufs[0] - o, "\\u%04x", space_code(s + i, sp ? sp : 1));
            i += sp ? sp : 1;
            continue;
        }
        for (size_t k = 0; k < len && s[i]; k++) b[o++] = s[i++];
    }
    b[o++] = '"';
    b[o] = '\0';
    return b;
}

/* ---- counts of attribute names and values, by side */

/* Entities holding a key: an attribute name (side << 32 | name) or a value
 * (side << 62 | name << 31 | value); symbols are below 2^31. */
typedef struct stat_entry {
    uint64_t key;
    int64_t count;       /* entities holding it */
    int32_t first, last; /* the first and the latest entity holding it */
} stat_entry;
typedef struct statmap {
    stat_entry *e;
    int32_t n, cap;
    int32_t *slot; /* open addressing; -1 empty */
    uint32_t nslot;
} statmap;

static uint64_t mix(uint64_t x) { /* splitmix64's finaliser */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static stat_entry *stat_find(const statmap *m, uint64_t key) {
    if (!m->nslot) return NULL;
    for (uint32_t i = (uint32_t)mix(key) & (m->nslot - 1);; i = (i + 1) & (m->nslot - 1)) {
        if (m->slot[i] < 0) return NULL;
        if (m->e[m->slot[i]].key == key) return &m->e[m->slot[i]];
    }
}

/* Counts entity e under key (once per entity: its attributes are read together). */
static int stat_add(statmap *m, uint64_t key, int32_t e, mu_error *err) {
    stat_entry *x = stat_find(m, key);
    if (x) {
        if (x->last != e) x->count++, x->last = e;
        return MU_OK;
    }
    if ((uint32_t)(m->n + 1) * 2 > m->nslot) {
        uint32_t nslot = m->nslot ? m->nslot * 2 : 256;
        int32_t *slot = mu_alloc(nslot, sizeof *slot, err);
        if (!slot) return MU_ENOMEM;
        memset(slot, 0xff, nslot * sizeof *slot);
        for (int32_t k = 0; k < m->n; k++) {
            uint32_t i = (uint32_t)mix(m->e[k].key) & (nslot - 1);
            while (slot[i] >= 0) i = (i + 1) & (nslot - 1);
            slot[i] = k;
        }
        free(m->slot);
        m->slot = slot;
        m->nslot = nslot;
    }
    if (m->n == m->cap) {
        int32_t cap = m->cap ? m->cap * 2 : 256;
        stat_entry *ne = mu_realloc_array(m->e, (size_t)cap, sizeof *ne, err);
        if (!ne) return MU_ENOMEM;
        m->e = ne;
        m->cap = cap;
    }
    uint32_t i = (uint32_t)mix(key) & (m->nslot - 1);
    while (m->slot[i] >= 0) i = (i + 1) & (m->nslot - 1);
    m->slot[i] = m->n;
    m->e[m->n++] = (stat_entry){key, 1, e, e};
    return MU_OK;
}

static void stat_free(statmap *m) {
    free(m->e);
    free(m->slot);
    memset(m, 0, sizeof *m);
}

static uint64_t name_key(int app_side, int32_t name) { return (uint64_t)app_side << 32 | (uint32_t)name; }
static uint64_t value_key(int app_side, int32_t name, int32_t value) {
    return (uint64_t)app_side << 62 | (uint64_t)(uint32_t)name << 31 | (uint32_t)value;
}
static int value_of(uint64_t key, int app_side, int32_t name) {
    return key >> 31 == ((uint64_t)app_side << 31 | (uint32_t)name);
}

/* ---- the linter */

enum { F_APPLICANTS, F_COMPANIES, F_QUOTAS, F_PROGRAMME, F_COUNT };

typedef struct linter {
    const mu_instance *inst;
    mu_lint *out;
    mu_error *err;
    int rc;
    char *file[F_COUNT];  /* as messages name them */
    int32_t *com_record;  /* JSON: the companies[] index of each company (a track's position: its host's) */
    uint8_t *relevant[2]; /* [syms.n]: attribute names whose values are counted, by side (1: applicants) */
    statmap names, values;
    int32_t id_key, nationality_key, field_key;
} linter;

/* Keeps one finding, whatever the count. */
static void push(linter *L, const char *msg) {
    mu_lint *o = L->out;
    if (o->n == o->cap) {
        int32_t cap = o->cap ? o->cap * 2 : 16;
        char **nm = mu_realloc_array(o->msg, (size_t)cap, sizeof *nm, L->err);
        if (!nm) {
            L->rc = MU_ENOMEM;
            return;
        }
        o->msg = nm;
        o->cap = cap;
    }
    if (!(o->msg[o->n] = mu_strdup(msg, L->err))) {
        L->rc = MU_ENOMEM;
        return;
    }
    o->n++;
}

static void add(linter *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(linter *L, const char *fmt, ...) {
    if (L->rc) return;
    if (L->out->n >= MU_LINT_MAX) {
        L->out->more++;
        return;
    }
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    push(L, msg);
}

static void oom(linter *L) { L->rc = MU_ENOMEM; }

static const char *noun(int app_side, int64_t count) {
    return app_side ? (count == 1 ? "applicant" : "applicants") : (count == 1 ? "company" : "companies");
}

/* A record of one side as the reader of the instance's form names it:
 * "applicants[2]" (JSON) or "row 4" (tables: the spreadsheet's row). */
static const char *record(const linter *L, int app_side, int32_t e, char *buf, size_t n) {
    if (L->inst->tables)
        snprintf(buf, n, "row %lld", (long long)mu_rowmap_row(app_side ? &L->inst->app_rows : &L->inst->com_rows, e));
    else snprintf(buf, n, "%s[%d]", app_side ? "applicants" : "companies", app_side ? e : L->com_record[e]);
    return buf;
}

/* "FILE: applicants[2].FIELD" or "DIR/applicants.csv: row 4: FIELD". */
static const char *at_entity(const linter *L, int app_side, int32_t e, const char *field, char *buf, size_t n) {
    char rec[64];
    snprintf(buf, n, "%s: %s%s%s", L->file[app_side ? F_APPLICANTS : F_COMPANIES],
             record(L, app_side, e, rec, sizeof rec), L->inst->tables ? ": " : ".", field);
    return buf;
}

/* "FILE: quotas[1]", "DIR/programme.json: quotas[1]" or "DIR/quotas.csv: row 3". */
static const char *at_quota(const linter *L, int32_t q, char *buf, size_t n) {
    if (L->inst->quotas_csv)
        snprintf(buf, n, "%s: row %lld", L->file[F_QUOTAS], (long long)mu_rowmap_row(&L->inst->quota_rows, q));
    else snprintf(buf, n, "%s: quotas[%d]", L->file[F_PROGRAMME], q);
    return buf;
}

/* The header's row of a side's table (1 unless blank rows come first). */
static long long header_row(const linter *L, int app_side) {
    const mu_rowmap *m = app_side ? &L->inst->app_rows : &L->inst->com_rows;
    return m->first > 1 ? (long long)m->first - 1 : 1;
}

/* The field names a side's records are read into, as the reader of the
 * instance's form spells them. */
static const char *const JSON_APPLICANT_KEYS[] = {"id",     "nationality",    "age",   "jlpt",        "english",
                                                  "degree", "recommendation", "field", "preferences", NULL};
static const char *const JSON_COMPANY_KEYS[] = {"id",     "capacity", "target_markets", "requires", "preferences",
                                                "tracks", NULL};
static const char *const CSV_APPLICANT_KEYS[] = {"id",      "nationality", "field",          "age",         "jlpt",
                                                 "english", "degree",      "recommendation", "preferences", NULL};
static const char *const CSV_COMPANY_KEYS[] = {"id",
                                               "capacity",
                                               "target_markets",
                                               "preferences",
                                               "requires_jlpt",
                                               "requires_english",
                                               "requires_fields",
                                               "requires_degree",
                                               NULL};

static const char *const *known_keys(const mu_instance *inst, int app_side) {
    if (inst->tables) return app_side ? CSV_APPLICANT_KEYS : CSV_COMPANY_KEYS;
    return app_side ? JSON_APPLICANT_KEYS : JSON_COMPANY_KEYS;
}

static int is_known(const char *const *known, const char *s) {
    for (; *known; known++)
        if (strcmp(*known, s) == 0) return 1;
    return 0;
}

/* The attributes a track's position gains (model/tracks.c): read, never flagged. */
static int is_track_attribute(const mu_instance *inst, int app_side, const char *s) {
    return !inst->tables && !app_side && (strcmp(s, "host") == 0 || strcmp(s, "track") == 0);
}

/* ---- setup: file names, track positions, counts */

static int setup(linter *L) {
    const mu_instance *inst = L->inst;
    static const char *const NAMES[F_COUNT] = {"applicants.csv", "companies.csv", "quotas.csv", "programme.json"};
    size_t dlen = strlen(inst->path);
    while (inst->tables && dlen > 1 && inst->path[dlen - 1] == '/') dlen--; /* as read_tables.c joins them */
    for (int k = 0; k < F_COUNT; k++) {
        size_t n = dlen + strlen(NAMES[k]) + 2;
        if (!(L->file[k] = mu_alloc(n, 1, L->err))) return MU_ENOMEM;
        if (inst->tables) snprintf(L->file[k], n, "%.*s/%s", (int)dlen, inst->path, NAMES[k]);
        else snprintf(L->file[k], n, "%s", inst->path);
    }
    L->id_key = mu_sym_find(&inst->syms, "id");
    L->nationality_key = mu_sym_find(&inst->syms, "nationality");
    L->field_key = mu_sym_find(&inst->syms, "field");
    /* A track's position is named by its host's record: the first track took
     * the host's index, the others follow the last company (model/tracks.c). */
    if (!(L->com_record = mu_alloc((size_t)inst->n_com + 1, sizeof *L->com_record, L->err))) return MU_ENOMEM;
    int32_t host_key = mu_sym_find(&inst->syms, "host"), track_key = mu_sym_find(&inst->syms, "track");
    statmap hosts = {0};
    for (int32_t c = 0; c < inst->n_com; c++) {
        L->com_record[c] = c;
        if (inst->tables || host_key < 0 || track_key < 0) continue;
        const char *h = mu_attr_first(inst, &inst->com_attrs, c, host_key);
        const char *t = mu_attr_first(inst, &inst->com_attrs, c, track_key);
        const char *id = inst->com_ids.str[c];
        size_t hl = h ? strlen(h) : 0;
        if (!h || !t || strncmp(id, h, hl) != 0 || id[hl] != '/' || strcmp(id + hl + 1, t) != 0) continue;
        uint64_t hsym = (uint32_t)mu_sym_find(&inst->syms, h);
        if (stat_add(&hosts, hsym, c, L->err)) {
            stat_free(&hosts);
            return MU_ENOMEM;
        }
        L->com_record[c] = stat_find(&hosts, hsym)->first;
    }
    stat_free(&hosts);
    /* The attributes whose values matter: nationality and field (rules,
     * target markets, required fields) and whatever a quota or the host
     * budget filters or groups by. */
    for (int s = 0; s < 2; s++)
        if (!(L->relevant[s] = mu_calloc((size_t)inst->syms.n + 1, 1, L->err))) return MU_ENOMEM;
    if (L->nationality_key >= 0) L->relevant[1][L->nationality_key] = 1;
    if (L->field_key >= 0) L->relevant[1][L->field_key] = 1;
    for (int32_t q = 0; q < inst->n_quotas; q++) {
        const mu_quota *qu = &inst->quotas[q];
        for (int32_t f = 0; f < qu->n_app_filter; f++) L->relevant[1][qu->app_filter[f].key] = 1;
        for (int32_t f = 0; f < qu->n_com_filter; f++) L->relevant[0][qu->com_filter[f].key] = 1;
        if (qu->group_by >= 0) L->relevant[1][qu->group_by] = 1;
        if (qu->group_by_company >= 0) L->relevant[0][qu->group_by_company] = 1;
    }
    for (int32_t f = 0; f < inst->hosts.n_filter; f++) L->relevant[0][inst->hosts.filter[f].key] = 1;
    for (int s = 1; s >= 0; s--) { /* applicants first: findings follow the files' order */
        const mu_attrs *at = s ? &inst->app_attrs : &inst->com_attrs;
        int32_t n = s ? inst->n_app : inst->n_com;
        for (int32_t e = 0; e < n; e++)
            for (int64_t x = at->off[e]; x < at->off[e + 1]; x++) {
                if (stat_add(&L->names, name_key(s, at->key[x]), e, L->err)) return MU_ENOMEM;
                if (L->relevant[s][at->key[x]] && stat_add(&L->values, value_key(s, at->key[x], at->val[x]), e, L->err))
                    return MU_ENOMEM;
            }
    }
    return MU_OK;
}

/* Texts folded for grouping: a group is a run of equal (group, fold) after
 * sorting; its canonical member sorts first (smallest rank). */
typedef struct folded {
    const char *fold;
    int64_t group, rank;
    int32_t index;
} folded;

static int cmp_folded(const void *x, const void *y) {
    const folded *a = x, *b = y;
    if (a->group != b->group) return a->group < b->group ? -1 : 1;
    int c = strcmp(a->fold, b->fold);
    if (c) return c;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* A text that differs only in folding from the canonical one (canon -1: a
 * text alone in its group, with outer spaces), ordered as the records are. */
typedef struct hit {
    int64_t order; /* side (applicants first), then first record, then symbol */
    int32_t index, canon;
} hit;

static int cmp_hit(const void *x, const void *y) {
    const hit *a = x, *b = y;
    if (a->order != b->order) return a->order < b->order ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* Sorts v[0..n) and lists every member but each group's first as a hit
 * against that first one, and (when `spaced` says so) a lone member. */
static int32_t group_hits(folded *v, int32_t n, hit *hits, int (*spaced)(const linter *, int32_t), const linter *L) {
    qsort(v, (size_t)n, sizeof *v, cmp_folded);
    int32_t nh = 0;
    for (int32_t i = 0, g = 0; i < n; i++) {
        if (i == 0 || v[i].group != v[g].group || strcmp(v[i].fold, v[g].fold) != 0) {
            g = i;
            int alone = i + 1 == n || v[i + 1].group != v[i].group || strcmp(v[i + 1].fold, v[i].fold) != 0;
            if (alone && spaced && spaced(L, v[i].index)) hits[nh++] = (hit){0, v[i].index, -1};
            continue;
        }
        hits[nh++] = (hit){0, v[i].index, v[g].index};
    }
    return nh;
}

/* ---- attribute names */

/* Free attributes that nearly spell a field musubi reads; attribute names of
 * one side that differ only in letter case from one another. */
static void lint_names(linter *L) {
    const mu_instance *inst = L->inst;
    const statmap *m = &L->names;
    folded *v = mu_alloc((size_t)m->n + 1, sizeof *v, L->err);
    hit *hits = mu_alloc((size_t)m->n + 1, sizeof *hits, L->err);
    char *buf = mu_alloc((size_t)m->n + 1, MAX_TEXT + 1, L->err);
    if (!v || !hits || !buf) {
        free(v), free(hits), free(buf);
        return oom(L);
    }
    int32_t nv = 0;
    char at[700];
    for (int32_t k = 0; k < m->n; k++) {
        const stat_entry *x = &m->e[k];
        int s = (int)(x->key >> 32);
        const char *str = inst->syms.str[x->key & 0xffffffffu];
        const char *const *known = known_keys(inst, s);
        if (!is_known(known, str) && !is_track_attribute(inst, s, str)) {
            nearest nr;
            nearest_init(&nr, str, 1);
            for (int32_t i = 0; known[i]; i++) consider(&nr, known[i], 1, i);
            if (nr.best && inst->tables)
                add(L,
                    "%s: row %lld (header): column %s is a free attribute, not a column musubi reads; did you mean %s?",
                    L->file[s ? F_APPLICANTS : F_COMPANIES], header_row(L, s), Q(str), Q(nr.best));
            else if (nr.best)
                add(L, "%s: a free attribute, not a key musubi reads (%lld %s %s it); did you mean %s?",
                    at_entity(L, s, x->first, str, at, sizeof at), (long long)x->count, noun(s, x->count),
                    x->count == 1 ? "has" : "have", Q(nr.best));
        }
        char *f = buf + (size_t)nv * (MAX_TEXT + 1);
        if (fold(str, 1, f) >= 0) v[nv++] = (folded){f, s, -x->count, k};
    }
    int32_t nh = group_hits(v, nv, hits, NULL, L);
    for (int32_t k = 0; k < nh; k++) {
        const stat_entry *x = &m->e[hits[k].index];
        hits[k].order = (int64_t)(1 - (int)(x->key >> 32)) << 40 | x->first;
    }
    qsort(hits, (size_t)nh, sizeof *hits, cmp_hit);
    for (int32_t k = 0; k < nh; k++) {
        const stat_entry *x = &m->e[hits[k].index], *c = &m->e[hits[k].canon];
        int s = (int)(x->key >> 32);
        const char *str = inst->syms.str[x->key & 0xffffffffu], *canon = inst->syms.str[c->key & 0xffffffffu];
        if (inst->tables)
            add(L, "%s: row %lld (header): column %s differs only in %s from column %s; names compare exactly",
                L->file[s ? F_APPLICANTS : F_COMPANIES], header_row(L, s), Q(str), how_differ(str, canon), Q(canon));
        else
            add(L, "%s: attribute %s (%lld %s) differs only in %s from %s (%lld %s); names compare exactly",
                at_entity(L, s, x->first, str, at, sizeof at), Q(str), (long long)x->count, noun(s, x->count),
                how_differ(str, canon), Q(canon), (long long)c->count, noun(s, c->count));
    }
    free(v), free(hits), free(buf);
}

/* ---- ids */

/* Ids of one side that differ only in letter case or width (surrounding
 * spaces are the readers' errors). */
static void lint_ids(linter *L, int app_side) {
    const mu_symtab *ids = app_side ? &L->inst->app_ids : &L->inst->com_ids;
    int32_t n = ids->n;
    size_t bytes = MAX_TEXT + 1;
    for (int32_t i = 0; i < n; i++) bytes += strlen(ids->str[i]) + 1;
    folded *v = mu_alloc((size_t)n + 1, sizeof *v, L->err);
    hit *hits = mu_alloc((size_t)n + 1, sizeof *hits, L->err);
    char *buf = mu_alloc(bytes, 1, L->err);
    if (!v || !hits || !buf) {
        free(v), free(hits), free(buf);
        return oom(L);
    }
    size_t o = 0;
    int32_t nv = 0;
    for (int32_t i = 0; i < n; i++) {
        int len = fold(ids->str[i], 0, buf + o);
        if (len < 0) continue;
        v[nv++] = (folded){buf + o, 0, i, i}; /* the first read is canonical */
        o += (size_t)len + 1;
    }
    int32_t nh = group_hits(v, nv, hits, NULL, L);
    for (int32_t k = 0; k < nh; k++) hits[k].order = hits[k].index;
    qsort(hits, (size_t)nh, sizeof *hits, cmp_hit);
    char at[700], rec[64];
    for (int32_t k = 0; k < nh; k++) {
        const char *s = ids->str[hits[k].index], *t = ids->str[hits[k].canon];
        add(L, "%s: %s differs only in %s from %s's %s; ids compare exactly, so these are two %s",
            at_entity(L, app_side, hits[k].index, "id", at, sizeof at), Q(s), how_differ(s, t),
            record(L, app_side, hits[k].canon, rec, sizeof rec), Q(t), noun(app_side, 2));
    }
    free(v), free(hits), free(buf);
}

/* ---- values of the attributes that matter */

static int32_t value_sym(const stat_entry *x) { return (int32_t)(x->key & 0x7fffffffu); }
static int32_t name_sym(const stat_entry *x) { return (int32_t)(x->key >> 31 & 0x7fffffffu); }
static int entry_side(const stat_entry *x) { return (int)(x->key >> 62); }

static int value_spaced(const linter *L, int32_t k) {
    return mu_lint_outer_space(L->inst->syms.str[value_sym(&L->values.e[k])]) != NULL;
}

/* Values of one attribute that differ from another only in letter case,
 * width or surrounding spaces; values with surrounding spaces. */
static void lint_values(linter *L) {
    const mu_instance *inst = L->inst;
    const statmap *m = &L->values;
    folded *v = mu_alloc((size_t)m->n + 1, sizeof *v, L->err);
    hit *hits = mu_alloc((size_t)m->n + 1, sizeof *hits, L->err);
    char *buf = mu_alloc((size_t)m->n + 1, MAX_TEXT + 1, L->err);
    if (!v || !hits || !buf) {
        free(v), free(hits), free(buf);
        return oom(L);
    }
    int32_t nv = 0;
    for (int32_t k = 0; k < m->n; k++) {
        const stat_entry *x = &m->e[k];
        char *f = buf + (size_t)nv * (MAX_TEXT + 1);
        if (fold(inst->syms.str[value_sym(x)], 0, f) < 0) continue;
        /* canonical: without outer spaces, then held by most, then read first */
        int64_t rank = (value_spaced(L, k) ? INT64_C(1) << 40 : 0) - x->count;
        v[nv++] = (folded){f, (int64_t)(x->key >> 31), rank, k};
    }
    int32_t nh = group_hits(v, nv, hits, value_spaced, L);
    for (int32_t k = 0; k < nh; k++) {
        const stat_entry *x = &m->e[hits[k].index];
        hits[k].order = (int64_t)(1 - entry_side(x)) << 40 | x->first;
    }
    qsort(hits, (size_t)nh, sizeof *hits, cmp_hit);
    char at[700];
    for (int32_t k = 0; k < nh; k++) {
        const stat_entry *x = &m->e[hits[k].index];
        int s = entry_side(x);
        const char *str = inst->syms.str[value_sym(x)];
        at_entity(L, s, x->first, inst->syms.str[name_sym(x)], at, sizeof at);
        if (hits[k].canon < 0) {
            add(L, "%s: value %s (%lld %s) %s; values compare exactly, spaces included", at, Q(str),
                (long long)x->count, noun(s, x->count), mu_lint_outer_space(str));
            continue;
        }
        const stat_entry *c = &m->e[hits[k].canon];
        const char *canon = inst->syms.str[value_sym(c)];
        add(L, "%s: value %s (%lld %s) differs only in %s from %s (%lld %s); values compare exactly", at, Q(str),
            (long long)x->count, noun(s, x->count), how_differ(str, canon), Q(canon), (long long)c->count,
            noun(s, c->count));
    }
    free(v), free(hits), free(buf);
}

/* ---- values that refer to records */

/* Entities of a side holding value `val` of attribute `name` (ids: 1 or 0). */
static int64_t holders(const linter *L, int app_side, int32_t name, const char *val) {
    const mu_instance *inst = L->inst;
    if (name == L->id_key) return mu_sym_find(app_side ? &inst->app_ids : &inst->com_ids, val) >= 0;
    int32_t v = mu_sym_find(&inst->syms, val);
    const stat_entry *x = v < 0 || name < 0 ? NULL : stat_find(&L->values, value_key(app_side, name, v));
    return x ? x->count : 0;
}

/* The value of attribute `name` on a side nearest to val. */
static const char *nearest_value(const linter *L, int app_side, int32_t name, const char *val) {
    const mu_instance *inst = L->inst;
    nearest nr;
    nearest_init(&nr, val, 0);
    if (name < 0) return NULL;
    if (name == L->id_key) {
        const mu_symtab *ids = app_side ? &inst->app_ids : &inst->com_ids;
        for (int32_t i = 0; i < ids->n; i++) consider(&nr, ids->str[i], 1, i);
        return nr.best;
    }
    for (int32_t k = 0; k < L->values.n; k++) {
        const stat_entry *x = &L->values.e[k];
        if (value_of(x->key, app_side, name)) consider(&nr, inst->syms.str[value_sym(x)], x->count, value_sym(x));
    }
    return nr.best;
}

/* "; did you mean "X"?" when a value of the attribute is near val; for a
 * value that reads "not X" in a positive filter, how to write the exclusion. */
static const char *value_hint(const linter *L, int app_side, int32_t name, const char *val, int negated, char *buf,
                              size_t n) {
    buf[0] = '\0';
    if (L->out->n >= MU_LINT_MAX) return buf; /* past the cap the finding is only counted: no search */
    const char *best = nearest_value(L, app_side, name, val);
    if (best) snprintf(buf, n, "; did you mean %s?", Q(best));
    else if (!negated && ascii_prefix(val, "not ")) {
        size_t b, e;
        trim(val + 4, &b, &e);
        char rest[MAX_TEXT + 1];
        if (e - b > MAX_TEXT) return buf;
        memcpy(rest, val + 4 + b, e - b);
        rest[e - b] = '\0';
        const char *target = holders(L, app_side, name, rest) ? rest : nearest_value(L, app_side, name, rest);
        if (!target) return buf;
        char written[MAX_TEXT + 8];
        snprintf(written, sizeof written, "not %s", target);
        if (L->inst->tables) snprintf(buf, n, "; to exclude %s, write %s (a lower-case not)", Q(target), Q(written));
        else snprintf(buf, n, "; to exclude %s, write {\"not\": %s}", Q(target), Q(target));
    }
    return buf;
}

/* Unmatched values of a filter: `where` names the filter's record up to
 * its field, joined to the field by `sep`; `what` is "quota" or "budget". */
static void lint_filter(linter *L, const char *where, const char *sep, int app_side, const mu_filter *f, int32_t nf,
                        const char *what) {
    const mu_instance *inst = L->inst;
    for (int32_t k = 0; k < nf; k++) {
        const char *name = inst->syms.str[f[k].key];
        int32_t unmatched = 0;
        for (int32_t i = 0; i < f[k].n_vals; i++)
            if (f[k].vals[i] >= 0 && !holders(L, app_side, f[k].key, inst->syms.str[f[k].vals[i]])) unmatched++;
        for (int32_t i = 0; i < f[k].n_vals; i++) {
            if (f[k].vals[i] < 0) continue;
            const char *val = inst->syms.str[f[k].vals[i]];
            if (holders(L, app_side, f[k].key, val)) continue;
            char hint[400], then[120] = "";
            value_hint(L, app_side, f[k].key, val, f[k].negate, hint, sizeof hint);
            if (unmatched == f[k].n_vals && f[k].negate)
                snprintf(then, sizeof then, ", so \"not\" excludes no %s", noun(app_side, 1));
            else if (unmatched == f[k].n_vals)
                snprintf(then, sizeof then, ", so the %s counts no %s", what, noun(app_side, 1));
            add(L, "%s%s%s.%s: value %s matches no %s's %s%s%s", where, sep, app_side ? "applicants" : "companies",
                name, Q(val), noun(app_side, 1), name, then, hint);
        }
    }
}

/* Values in a company's list (target markets, required fields) that match
 * no applicant's `name` but nearly spell one that does; one finding a value,
 * at the first company that lists it. */
static void lint_listed(linter *L, const mu_rows *rows, int32_t name, const char *field) {
    const mu_instance *inst = L->inst;
    statmap seen = {0};
    for (int32_t c = 0; c < inst->n_com; c++)
        for (int64_t k = rows->off[c]; k < rows->off[c + 1]; k++)
            if (stat_add(&seen, (uint32_t)rows->item[k], c, L->err)) {
                stat_free(&seen);
                return oom(L);
            }
    char at[700], hint[400];
    for (int32_t k = 0; k < seen.n; k++) { /* in the order of their first company */
        const stat_entry *x = &seen.e[k];
        const char *val = inst->syms.str[x->key];
        if (holders(L, 1, name, val)) continue;
        const char *best = nearest_value(L, 1, name, val);
        if (!best) continue; /* a market or field no applicant has this term: nothing to suggest */
        snprintf(hint, sizeof hint, "%s", Q(best));
        add(L, "%s: value %s matches no applicant's %s (%lld %s %s it); did you mean %s?",
            at_entity(L, 0, x->first, field, at, sizeof at), Q(val), inst->syms.str[name], (long long)x->count,
            noun(0, x->count), x->count == 1 ? "lists" : "list", hint);
    }
    stat_free(&seen);
}

static void lint_references(linter *L) {
    const mu_instance *inst = L->inst;
    char where[700];
    for (int32_t q = 0; q < inst->n_quotas; q++) {
        const mu_quota *qu = &inst->quotas[q];
        at_quota(L, q, where, sizeof where);
        const char *sep = inst->quotas_csv ? ": " : ".";
        lint_filter(L, where, sep, 1, qu->app_filter, qu->n_app_filter, "quota");
        lint_filter(L, where, sep, 0, qu->com_filter, qu->n_com_filter, "quota");
    }
    snprintf(where, sizeof where, "%s: hosts", L->file[F_PROGRAMME]);
    lint_filter(L, where, ".", 0, inst->hosts.filter, inst->hosts.n_filter, "budget");
    const mu_rules *ru = &inst->rules;
    int32_t unmatched = 0;
    for (int32_t i = 0; i < ru->n_nationalities; i++)
        unmatched += !holders(L, 1, L->nationality_key, inst->syms.str[ru->nationalities[i]]);
    for (int32_t i = 0; i < ru->n_nationalities && inst->n_app > 0; i++) {
        const char *val = inst->syms.str[ru->nationalities[i]];
        if (holders(L, 1, L->nationality_key, val)) continue;
        char hint[400];
        value_hint(L, 1, L->nationality_key, val, 1, hint, sizeof hint);
        add(L, "%s: rules.nationalities[%d]: value %s matches no applicant's nationality%s%s", L->file[F_PROGRAMME], i,
            Q(val), unmatched == ru->n_nationalities ? ", so the rule excludes every applicant" : "", hint);
    }
    if (L->nationality_key >= 0) lint_listed(L, &inst->com_target, L->nationality_key, "target_markets");
    if (L->field_key >= 0)
        lint_listed(L, &inst->com_fields, L->field_key, inst->tables ? "requires_fields" : "requires.fields");
}

/* ---- rules and requirements that need data no applicant has */

static void lint_missing(linter *L) {
    const mu_instance *inst = L->inst;
    if (inst->n_app == 0) return;
    int has_age = 0, has_language = 0, has_nationality = 0, has_credential = 0, has_field = 0, has_degree = 0;
    for (int32_t a = 0; a < inst->n_app; a++) {
        const mu_applicant *ap = &inst->app[a];
        has_age |= ap->age >= 0;
        has_language |= ap->jlpt > 0 || ap->english > 0;
        has_nationality |= ap->nationality >= 0;
        has_credential |= ap->degree || ap->recommendation;
        has_degree |= ap->degree;
        has_field |= ap->field >= 0;
    }
    const mu_rules *ru = &inst->rules;
    const char *prog = L->file[F_PROGRAMME], *all = "so the rule excludes every applicant";
    if (ru->has_nationalities && !has_nationality)
        add(L, "%s: rules.nationalities: no applicant has a nationality, %s", prog, all);
    if (ru->has_age && !has_age) add(L, "%s: rules.age: no applicant has an age, %s", prog, all);
    if (ru->has_language && !has_language)
        add(L, "%s: rules.language: no applicant has a jlpt or english level, %s", prog, all);
    if (ru->degree_or_recommendation && !has_credential)
        add(L, "%s: rules.degree_or_recommendation: no applicant has a degree or a recommendation, %s", prog, all);
    /* A host's requirements: one finding each, at the first host. */
    int32_t first[3] = {-1, -1, -1}, count[3] = {0, 0, 0};
    for (int32_t c = 0; c < inst->n_com; c++) {
        const mu_company *co = &inst->com[c];
        int need[3] = {co->has_req_fields && !has_field, (co->req_jlpt || co->req_english) && !has_language,
                       co->req_degree && !has_degree};
        for (int k = 0; k < 3; k++)
            if (need[k] && count[k]++ == 0) first[k] = c;
    }
    static const char *const WHAT[3] = {"a field", "a jlpt or english level", "a degree"};
    static const char *const JSON_FIELD[3] = {"requires.fields", "requires.jlpt", "requires.degree"};
    static const char *const CSV_FIELD[3] = {"requires_fields", "requires_jlpt", "requires_degree"};
    char at[700];
    for (int k = 0; k < 3; k++) {
        if (!count[k]) continue;
        const char *field = inst->tables ? CSV_FIELD[k] : JSON_FIELD[k];
        if (k == 1 && !inst->com[first[k]].req_jlpt) field = inst->tables ? "requires_english" : "requires.english";
        add(L, "%s: no applicant has %s, so no applicant is eligible at this host (%d %s %s)",
            at_entity(L, 0, first[k], field, at, sizeof at), WHAT[k], count[k], noun(0, count[k]),
            count[k] == 1 ? "requires it" : "require it");
    }
}

/* ---- floors nothing can meet */

/* As engine/problem.c: does entity e pass every entry of the filter? An
 * entity without the attribute fails a positive entry, passes a negated one. */
static int passes(const linter *L, int app_side, int32_t e, const mu_filter *f, int32_t nf) {
    const mu_instance *inst = L->inst;
    const mu_attrs *at = app_side ? &inst->app_attrs : &inst->com_attrs;
    const mu_symtab *ids = app_side ? &inst->app_ids : &inst->com_ids;
    for (int32_t k = 0; k < nf; k++) {
        int found = 0;
        if (f[k].key == L->id_key) {
            for (int32_t v = 0; v < f[k].n_vals && !found; v++)
                found = f[k].vals[v] >= 0 && strcmp(inst->syms.str[f[k].vals[v]], ids->str[e]) == 0;
        } else {
            for (int64_t x = at->off[e]; x < at->off[e + 1] && !found; x++)
                if (at->key[x] == f[k].key)
                    for (int32_t v = 0; v < f[k].n_vals && !found; v++) found = at->val[x] == f[k].vals[v];
        }
        if (found == f[k].negate) return 0;
    }
    return 1;
}

/* The values of attribute `key` of entity e; {-1} when key < 0 (no grouping). */
static int32_t group_values(const mu_attrs *at, int32_t e, int32_t key, int32_t *out) {
    if (key < 0) {
        out[0] = -1;
        return 1;
    }
    int32_t n = 0;
    for (int64_t x = at->off[e]; x < at->off[e + 1] && n < MAX_GROUP_VALUES; x++)
        if (at->key[x] == key) out[n++] = at->val[x];
    return n;
}

/* One row of a quota with a floor, as engine/problem.c expands it: per
 * company (com >= 0), per applicant group value (ag) and per company group
 * value (cg). */
typedef struct floor_row {
    int32_t com, ag, cg;
    int64_t pairs, apps, seats; /* eligible pairs counted, their applicants, sum of min(capacity, pairs) by host */
    int32_t last_app, cnt;
} floor_row;

typedef struct floors {
    floor_row *r;
    int32_t n, cap;
    statmap index; /* hashed row key -> row, through stat_entry.first */
} floors;

static uint64_t row_hash(int32_t com, int32_t ag, int32_t cg) {
    return mix((uint64_t)(uint32_t)com << 32 | (uint32_t)ag) ^ mix((uint64_t)(uint32_t)cg + 0x9e3779b97f4a7c15ull);
}

/* The row (com, ag, cg), created when `create`; NULL when absent or out of memory. */
static floor_row *row_at(linter *L, floors *F, int32_t com, int32_t ag, int32_t cg, int create) {
    for (uint64_t h = row_hash(com, ag, cg);; h++) { /* the hash names a row; collisions step on */
        stat_entry *x = stat_find(&F->index, h);
        if (x) {
            floor_row *r = &F->r[x->first];
            if (r->com == com && r->ag == ag && r->cg == cg) return r;
            continue;
        }
        if (!create) return NULL;
        if (F->n == F->cap) {
            int32_t cap = F->cap ? F->cap * 2 : 64;
            floor_row *nr = mu_realloc_array(F->r, (size_t)cap, sizeof *nr, L->err);
            if (!nr) return oom(L), NULL;
            F->r = nr;
            F->cap = cap;
        }
        if (stat_add(&F->index, h, F->n, L->err)) return oom(L), NULL;
        F->r[F->n] = (floor_row){com, ag, cg, 0, 0, 0, -1, 0};
        return &F->r[F->n++];
    }
}

/* Scratch of the floor analysis, sized once. */
typedef struct scratch {
    mu_pairs pairs;
    int64_t *com_off; /* eligible pairs by company: com_app[com_off[c] .. com_off[c+1]) */
    int32_t *com_app;
    uint8_t *app_ok, *com_ok;
    int32_t *aidx, *cidx;   /* [syms.n] group value -> index in avals / cvals; -1 */
    int32_t *avals, *cvals; /* the group values met, in order */
    int64_t *a_in, *a_fail, *a_bits, *c_in,
        *c_seats; /* by group: applicants, those failing a rule, by rule; hosts, seats */
    floor_row **touched;
} scratch;

static void scratch_free(scratch *s) {
    mu_pairs_free(&s->pairs);
    free(s->com_off), free(s->com_app), free(s->app_ok), free(s->com_ok), free(s->aidx), free(s->cidx);
    free(s->avals), free(s->cvals), free(s->a_in), free(s->a_fail), free(s->a_bits), free(s->c_in), free(s->c_seats);
    free(s->touched);
}

static int scratch_init(linter *L, scratch *s) {
    const mu_instance *inst = L->inst;
    memset(s, 0, sizeof *s);
    if (mu_pairs_build(inst, &s->pairs, L->err)) return MU_ENOMEM;
    size_t na = (size_t)inst->n_app + 1, nc = (size_t)inst->n_com + 1, ns = (size_t)inst->syms.n + 1;
    s->com_off = mu_calloc(nc + 1, sizeof *s->com_off, L->err);
    s->com_app = mu_alloc((size_t)s->pairs.n + 1, sizeof *s->com_app, L->err);
    s->app_ok = mu_alloc(na, 1, L->err);
    s->com_ok = mu_alloc(nc, 1, L->err);
    s->aidx = mu_alloc(ns, sizeof *s->aidx, L->err);
    s->cidx = mu_alloc(ns, sizeof *s->cidx, L->err);
    s->avals = mu_alloc(ns, sizeof *s->avals, L->err);
    s->cvals = mu_alloc(ns, sizeof *s->cvals, L->err);
    s->a_in = mu_alloc(ns, sizeof *s->a_in, L->err);
    s->a_fail = mu_alloc(ns, sizeof *s->a_fail, L->err);
    s->a_bits = mu_alloc(ns * MU_RULE_COUNT, sizeof *s->a_bits, L->err);
    s->c_in = mu_alloc(ns, sizeof *s->c_in, L->err);
    s->c_seats = mu_alloc(ns, sizeof *s->c_seats, L->err);
    if (!s->com_off || !s->com_app || !s->app_ok || !s->com_ok || !s->aidx || !s->cidx || !s->avals || !s->cvals ||
        !s->a_in || !s->a_fail || !s->a_bits || !s->c_in || !s->c_seats)
        return MU_ENOMEM;
    memset(s->aidx, 0xff, ns * sizeof *s->aidx);
    memset(s->cidx, 0xff, ns * sizeof *s->cidx);
    const mu_pairs *p = &s->pairs;
    for (int64_t k = 0; k < p->n; k++) s->com_off[p->com[k] + 1]++;
    for (int32_t c = 0; c < inst->n_com; c++) s->com_off[c + 1] += s->com_off[c];
    int64_t *next = mu_alloc(nc, sizeof *next, L->err);
    if (!next) return MU_ENOMEM;
    memcpy(next, s->com_off, nc * sizeof *next);
    for (int32_t a = 0; a < inst->n_app; a++)
        for (int64_t k = p->app_off[a]; k < p->app_off[a + 1]; k++) s->com_app[next[p->com[k]]++] = a;
    free(next);
    return MU_OK;
}

/* Index of group value v (-1: no grouping) in the list, adding it. */
static int32_t group_index(int32_t *idx, int32_t *vals, int32_t *n, int32_t v) {
    if (v < 0) {
        if (*n == 0) vals[(*n)++] = -1;
        return 0;
    }
    if (idx[v] < 0) idx[v] = *n, vals[(*n)++] = v;
    return idx[v];
}

/* "quota \"name\"" and, for one row of several, "[company=C1, nationality=VN]". */
static const char *row_label(const linter *L, const mu_quota *qu, const floor_row *r, char *buf, size_t n) {
    const mu_instance *inst = L->inst;
    size_t o = (size_t)snprintf(buf, n, "quota %s", Q(qu->name));
    const char *sep = " [";
    if (r->com >= 0 && o < n)
        o += (size_t)snprintf(buf + o, n - o, "%scompany=%s", sep, inst->com_ids.str[r->com]), sep = ", ";
    if (r->ag >= 0 && o < n)
        o += (size_t)snprintf(buf + o, n - o, "%s%s=%s", sep, inst->syms.str[qu->group_by], inst->syms.str[r->ag]),
            sep = ", ";
    if (r->cg >= 0 && o < n)
        o += (size_t)snprintf(buf + o, n - o, "%s%s=%s", sep, inst->syms.str[qu->group_by_company],
                              inst->syms.str[r->cg]),
            sep = ", ";
    if (sep[0] == ',' && o < n) snprintf(buf + o, n - o, "]");
    return buf;
}

static void lint_quota_floor(linter *L, scratch *s, int32_t q) {
    const mu_instance *inst = L->inst;
    const mu_quota *qu = &inst->quotas[q];
    int32_t na = 0, nc = 0, ga[MAX_GROUP_VALUES], gc[MAX_GROUP_VALUES];
    for (int32_t a = 0; a < inst->n_app; a++) {
        s->app_ok[a] = (uint8_t)passes(L, 1, a, qu->app_filter, qu->n_app_filter);
        if (!s->app_ok[a]) continue;
        int32_t ng = group_values(&inst->app_attrs, a, qu->group_by, ga);
        for (int32_t i = 0; i < ng; i++) {
            int32_t before = na, g = group_index(s->aidx, s->avals, &na, ga[i]);
            if (g == before) {
                s->a_in[g] = s->a_fail[g] = 0;
                memset(s->a_bits + (size_t)g * MU_RULE_COUNT, 0, MU_RULE_COUNT * sizeof *s->a_bits);
            }
            s->a_in[g]++;
            uint32_t fail = inst->app_fail[a];
            if (fail) s->a_fail[g]++;
            for (int b = 0; b < MU_RULE_COUNT; b++)
                if (fail & (1u << b)) s->a_bits[(size_t)g * MU_RULE_COUNT + (size_t)b]++;
        }
    }
    if (na == 0 && qu->group_by < 0) { /* ungrouped rows exist without applicants */
        group_index(s->aidx, s->avals, &na, -1);
        s->a_in[0] = s->a_fail[0] = 0;
        memset(s->a_bits, 0, MU_RULE_COUNT * sizeof *s->a_bits);
    }
    for (int32_t c = 0; c < inst->n_com; c++) {
        s->com_ok[c] = (uint8_t)passes(L, 0, c, qu->com_filter, qu->n_com_filter);
        if (!s->com_ok[c]) continue;
        int32_t ng = group_values(&inst->com_attrs, c, qu->group_by_company, gc);
        for (int32_t j = 0; j < ng; j++) {
            int32_t before = nc, g = group_index(s->cidx, s->cvals, &nc, gc[j]);
            if (g == before) s->c_in[g] = s->c_seats[g] = 0;
            s->c_in[g]++;
            s->c_seats[g] += inst->com[c].capacity;
        }
    }
    /* The rows with a floor exist even without a pair (engine/problem.c). */
    floors F = {0};
    for (int32_t c = 0; c < inst->n_com && !L->rc; c++) {
        if (!s->com_ok[c]) continue;
        int32_t ng = group_values(&inst->com_attrs, c, qu->group_by_company, gc);
        for (int32_t i = 0; i < na; i++)
            for (int32_t j = 0; j < ng; j++) row_at(L, &F, qu->per_company ? c : -1, s->avals[i], gc[j], 1);
    }
    if (!qu->per_company && qu->group_by < 0 && qu->group_by_company < 0) row_at(L, &F, -1, -1, -1, 1);
    /* Pass 1, by applicant: pairs and applicants of each row. */
    const mu_pairs *p = &s->pairs;
    for (int32_t a = 0; a < inst->n_app && !L->rc; a++) {
        if (!s->app_ok[a]) continue;
        int32_t nga = group_values(&inst->app_attrs, a, qu->group_by, ga);
        for (int64_t k = p->app_off[a]; k < p->app_off[a + 1]; k++) {
            int32_t c = p->com[k];
            if (!s->com_ok[c]) continue;
            int32_t ngc = group_values(&inst->com_attrs, c, qu->group_by_company, gc);
            for (int32_t i = 0; i < nga; i++)
                for (int32_t j = 0; j < ngc; j++) {
                    floor_row *r = row_at(L, &F, qu->per_company ? c : -1, ga[i], gc[j], 0);
                    if (!r) continue;
                    r->pairs++;
                    if (r->last_app != a) r->apps++, r->last_app = a;
                }
        }
    }
    /* Pass 2, by company: each host gives a row at most min(capacity, its pairs in the row). */
    if (!L->rc && !(s->touched = mu_realloc_array(s->touched, (size_t)F.n + 1, sizeof *s->touched, L->err))) oom(L);
    for (int32_t c = 0; c < inst->n_com && !L->rc; c++) {
        if (!s->com_ok[c]) continue;
        int32_t nt = 0, ngc = group_values(&inst->com_attrs, c, qu->group_by_company, gc);
        for (int64_t k = s->com_off[c]; k < s->com_off[c + 1]; k++) {
            int32_t a = s->com_app[k];
            if (!s->app_ok[a]) continue;
            int32_t nga = group_values(&inst->app_attrs, a, qu->group_by, ga);
            for (int32_t i = 0; i < nga; i++)
                for (int32_t j = 0; j < ngc; j++) {
                    floor_row *r = row_at(L, &F, qu->per_company ? c : -1, ga[i], gc[j], 0);
                    if (r && r->cnt++ == 0) s->touched[nt++] = r;
                }
        }
        for (int32_t t = 0; t < nt; t++) {
            floor_row *r = s->touched[t];
            r->seats += r->cnt < inst->com[c].capacity ? r->cnt : inst->com[c].capacity;
            r->cnt = 0;
        }
    }
    char where[700], label[600], cause[600];
    at_quota(L, q, where, sizeof where);
    int32_t shown = 0, more = 0;
    for (int32_t k = 0; k < F.n && !L->rc; k++) {
        const floor_row *r = &F.r[k];
        int64_t bound = r->apps < r->seats ? r->apps : r->seats;
        if (bound >= qu->min) continue;
        if (shown == ROWS_SHOWN) {
            more++;
            continue;
        }
        shown++;
        row_label(L, qu, r, label, sizeof label);
        if (r->pairs) {
            add(L,
                "%s: %s has min %lld, but at most %lld placement%s can count toward it (%lld %s eligible, %lld %s), "
                "so the instance is infeasible",
                where, label, (long long)qu->min, (long long)bound, bound == 1 ? "" : "s", (long long)r->apps,
                noun(1, r->apps), (long long)r->seats, r->seats == 1 ? "seat" : "seats");
            continue;
        }
        int32_t g = r->ag < 0 ? 0 : s->aidx[r->ag], h = r->cg < 0 ? 0 : s->cidx[r->cg];
        int64_t n_in = na ? s->a_in[g] : 0, n_fail = na ? s->a_fail[g] : 0;
        int64_t c_in = r->com >= 0 ? 1 : nc ? s->c_in[h] : 0;
        int64_t seats = r->com >= 0 ? inst->com[r->com].capacity : nc ? s->c_seats[h] : 0;
        if (n_in == 0)
            snprintf(cause, sizeof cause, "%s",
                     qu->n_app_filter ? "no applicant matches its applicants filter" : "there are no applicants");
        else if (c_in == 0)
            snprintf(cause, sizeof cause, "%s",
                     qu->n_com_filter ? "no company matches its companies filter" : "there are no companies");
        else if (seats == 0)
            snprintf(cause, sizeof cause, "%s", r->com >= 0 ? "the host offers no seats" : "its hosts offer no seats");
        else if (n_fail == n_in) {
            size_t o = (size_t)snprintf(cause, sizeof cause, "every one of its %lld %s fails a programme rule (",
                                        (long long)n_in, noun(1, n_in));
            const char *sep = "";
            for (int b = 0; b < MU_RULE_COUNT && o < sizeof cause; b++) {
                int64_t cnt = s->a_bits[(size_t)g * MU_RULE_COUNT + (size_t)b];
                if (cnt)
                    o += (size_t)snprintf(cause + o, sizeof cause - o, "%s%s: %lld", sep, mu_rule_name(b),
                                          (long long)cnt),
                        sep = ", ";
            }
            if (o < sizeof cause) snprintf(cause + o, sizeof cause - o, ")");
        } else
            snprintf(cause, sizeof cause, "none of its %lld %s who pass the programme's rules is eligible at %s",
                     (long long)(n_in - n_fail), noun(1, n_in - n_fail), r->com >= 0 ? "the host" : "its hosts");
        add(L, "%s: %s has min %lld, but no eligible pair counts toward it, so the instance is infeasible: %s", where,
            label, (long long)qu->min, cause);
    }
    if (more) add(L, "%s: quota %s has %d more rows whose min cannot be met", where, Q(qu->name), more);
    for (int32_t i = 0; i < na; i++)
        if (s->avals[i] >= 0) s->aidx[s->avals[i]] = -1;
    for (int32_t j = 0; j < nc; j++)
        if (s->cvals[j] >= 0) s->cidx[s->cvals[j]] = -1;
    free(F.r);
    stat_free(&F.index);
}

/* The host budget's min_participating against the covered hosts that could
 * take part: an eligible pair, and room for max(1, min_per_host) interns. */
static void lint_hosts(linter *L, scratch *s) {
    const mu_instance *inst = L->inst;
    const mu_hosts *h = &inst->hosts;
    int64_t need = h->min_per_host > 1 ? h->min_per_host : 1, able = 0;
    for (int32_t c = 0; c < inst->n_com; c++) {
        if (!passes(L, 0, c, h->filter, h->n_filter)) continue;
        int64_t room = s->com_off[c + 1] - s->com_off[c];
        if (inst->com[c].capacity < room) room = inst->com[c].capacity;
        if (h->max_per_host < room) room = h->max_per_host;
        able += room >= need;
    }
    if (able < h->min_participating)
        add(L,
            "%s: hosts.min_participating: %lld hosts must take part, but only %lld of the hosts it covers can take "
            "%lld intern%s (eligible applicants and seats), so the instance is infeasible",
            L->file[F_PROGRAMME], (long long)h->min_participating, (long long)able, (long long)need,
            need == 1 ? "" : "s");
}

static void lint_floors(linter *L) {
    const mu_instance *inst = L->inst;
    int any = inst->hosts.given && inst->hosts.min_participating > 0;
    for (int32_t q = 0; q < inst->n_quotas; q++) any |= inst->quotas[q].min > 0;
    if (!any) return; /* the eligible pairs are built only when a floor asks for them */
    scratch s;
    if (scratch_init(L, &s)) {
        scratch_free(&s);
        return oom(L);
    }
    for (int32_t q = 0; q < inst->n_quotas && !L->rc; q++)
        if (inst->quotas[q].min > 0) lint_quota_floor(L, &s, q);
    if (!L->rc && inst->hosts.given && inst->hosts.min_participating > 0) lint_hosts(L, &s);
    scratch_free(&s);
}

/* ---- the entry points */

int mu_lint_run(const mu_instance *inst, mu_lint *out, mu_error *err) {
    MU_REQUIRE(inst && out);
    memset(out, 0, sizeof *out);
    linter L;
    memset(&L, 0, sizeof L);
    L.inst = inst, L.out = out, L.err = err;
    L.rc = setup(&L);
    if (!L.rc) lint_names(&L);
    if (!L.rc) lint_ids(&L, 1);
    if (!L.rc) lint_ids(&L, 0);
    if (!L.rc) lint_values(&L);
    if (!L.rc) lint_references(&L);
    if (!L.rc) lint_missing(&L);
    if (!L.rc) lint_floors(&L);
    if (!L.rc && out->more) { /* one line past the cap says how many more */
        char msg[600];
        snprintf(msg, sizeof msg, "%s: %lld more findings not shown", inst->path, (long long)out->more);
        push(&L, msg);
    }
    for (int k = 0; k < F_COUNT; k++) free(L.file[k]);
    free(L.com_record), free(L.relevant[0]), free(L.relevant[1]);
    stat_free(&L.names), stat_free(&L.values);
    if (L.rc) mu_lint_free(out);
    return L.rc;
}

void mu_lint_free(mu_lint *l) {
    for (int32_t k = 0; k < l->n; k++) free(l->msg[k]);
    free(l->msg);
    memset(l, 0, sizeof *l);
}

char **mu_lint_take(mu_lint *l, int32_t *n) {
    char **msg = l->msg;
    *n = l->n;
    memset(l, 0, sizeof *l);
    return msg;
}

void mu_lint_id_hint(const mu_instance *inst, int app_side, const char *id, char *buf, size_t n) {
    const mu_symtab *ids = app_side ? &inst->app_ids : &inst->com_ids;
    nearest nr;
    nearest_init(&nr, id, 0);
    for (int32_t e = 0; e < ids->n; e++) consider(&nr, ids->str[e], 1, e);
    if (nr.best && strcmp(nr.best, id) != 0) snprintf(buf, n, "; did you mean %s?", Q(nr.best));
    else buf[0] = '\0';
}

void mu_lint_key_hint(const mu_instance *inst, int app_side, const char *name, char *buf, size_t n) {
    const mu_attrs *at = app_side ? &inst->app_attrs : &inst->com_attrs;
    int32_t ne = app_side ? inst->n_app : inst->n_com;
    uint8_t *seen = calloc((size_t)inst->syms.n + 1, 1); /* the error path: no memory, no hint */
    nearest nr;
    nearest_init(&nr, name, 1);
    consider(&nr, "id", 1, -1);
    for (int64_t x = 0; seen && x < at->off[ne]; x++)
        if (!seen[at->key[x]]) {
            seen[at->key[x]] = 1;
            consider(&nr, inst->syms.str[at->key[x]], 1, at->key[x]);
        }
    free(seen);
    if (nr.best && strcmp(nr.best, name) != 0) snprintf(buf, n, "; did you mean %s?", Q(nr.best));
    else buf[0] = '\0';
}
