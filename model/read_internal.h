/* What the instance readers share. The readers, by concern:
 *
 *   read.c           mu_instance_read (picks the route); the reader context
 *                    and its error idiom; the growable arrays both routes fill
 *   json_scan.c      the lexical checks of a JSON text and its parse, with
 *                    line and column (in characters) for every complaint
 *   json_values.c    typed, validated reads of parsed JSON values
 *   read_json.c      the JSON document: applicants, companies, pairs
 *   read_programme.c rules, weights, quotas and host budgets, from a JSON
 *                    document or from a table directory's programme.json
 *   tracks.c         companies with tracks, expanded before the document is read
 *   csv_table.c      one CSV table, streamed through libcsv (csv_table.h)
 *   read_tables.c    the table directory: the columns of applicants.csv,
 *                    companies.csv, preferences.csv, pairs.csv and quotas.csv
 *   read_arrays.c    the arrays route: an instance from the caller's arrays
 *                    (mu_instance_build), as read_json.c builds it
 *
 * One error idiom everywhere: a reader carries a mu_rd (the file as messages
 * name it, and the error record), and every problem is one line "file:
 * record: field: problem" added through mu_rd_bad; reading goes on after an
 * input problem so that one run names as many as it can (mu_err keeps the
 * first MU_ERROR_LINES). A JSON path names the record and the field in one
 * (`companies[3].capacity`); a table names the row and the column
 * (`row 12: capacity`). */
#ifndef MU_READ_INTERNAL_H
#define MU_READ_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/instance.h"

/* A JSON instance, from a file or from memory, is at most this large: reading
 * costs about 9 times the text (README "Limits"). */
#define MU_MAX_JSON_BYTES ((size_t)256 << 20)

/* ---- the reader context (read.c) */

typedef struct mu_rd {
    const char *file; /* as messages name it */
    mu_error *err;
} mu_rd;

/* Adds "file: record: field: problem" (a NULL or empty record or field is
 * left out) and returns MU_EINPUT. */
int mu_rd_bad(const mu_rd *rd, const char *record, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int mu_rd_vbad(const mu_rd *rd, const char *record, const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* A failure that is not the input's (MU_EIO, MU_ENOMEM): "file: problem";
 * returns code. */
int mu_rd_fail(const mu_rd *rd, mu_code code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Two outcomes as one: MU_ENOMEM wins, then the first failure. */
int mu_worse(int rc, int other);

/* Length of the UTF-8 sequence at s (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF), avail bytes available; 0 when invalid.
 * Inline: the scans call it for every byte above 0x7f. */
static inline size_t mu_utf8_len(const unsigned char *s, size_t avail) {
    unsigned char c = s[0], lo = 0x80, hi = 0xbf;
    size_t n;
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

/* ---- growable arrays, filled entity by entity and handed to the instance
 * (read.c). Pushes are inline: they run once per list item and attribute. */

typedef struct mu_growrows {
    int64_t *off; /* allocated by the reader, one entry per entity and one more */
    int32_t *item;
    int64_t n, cap;
} mu_growrows;
typedef struct mu_growattrs {
    int64_t *off;
    int32_t *key, *val;
    int64_t n, cap;
} mu_growattrs;

static inline int mu_rows_push(mu_growrows *g, int32_t item, mu_error *err) {
    if (g->n == g->cap) {
        int64_t cap = g->cap ? g->cap * 2 : 256;
        int32_t *ni = mu_realloc_array(g->item, (size_t)cap, sizeof *ni, err);
        if (!ni) return MU_ENOMEM;
        g->item = ni;
        g->cap = cap;
    }
    g->item[g->n++] = item;
    return MU_OK;
}

/* key and val are symbols; a negative one is a failed intern (MU_ENOMEM). */
static inline int mu_attrs_push(mu_growattrs *g, int32_t key, int32_t val, mu_error *err) {
    if (key < 0 || val < 0) return MU_ENOMEM;
    if (g->n == g->cap) {
        int64_t cap = g->cap ? g->cap * 2 : 256;
        int32_t *nk = mu_realloc_array(g->key, (size_t)cap, sizeof *nk, err);
        if (!nk) return MU_ENOMEM;
        g->key = nk;
        int32_t *nv = mu_realloc_array(g->val, (size_t)cap, sizeof *nv, err);
        if (!nv) return MU_ENOMEM;
        g->val = nv;
        g->cap = cap;
    }
    g->key[g->n] = key;
    g->val[g->n] = val;
    g->n++;
    return MU_OK;
}

/* Hand the arrays to the instance (g is left empty, so freeing it after a
 * failure frees nothing the instance owns); an empty one still gets an
 * allocation. MU_OK or MU_ENOMEM. */
int mu_rows_finish(mu_growrows *g, mu_rows *out, mu_error *err);
int mu_attrs_finish(mu_growattrs *g, mu_attrs *out, mu_error *err);
void mu_rows_free(mu_growrows *g);
void mu_attrs_free(mu_growattrs *g);

/* ---- given pairs (read.c). While reading, a pair is its applicant in
 * given_app and (company, weight) packed into one integer in given_w:
 * company << 30 | weight (weights are below 2^30, companies below 2^31).
 * Packing saves a quarter of the memory while a file streams in, lets one
 * array carry both through the sort, and makes "by company" a plain integer
 * order. */
/* Below this many pairs a loop over them runs on one thread: waking the
 * others costs more than they save. */
#define MU_PARALLEL_PAIRS ((int64_t)1 << 20)
#define MU_WEIGHT_BITS 30
#define MU_WEIGHT_MASK ((INT64_C(1) << MU_WEIGHT_BITS) - 1)
_Static_assert(MU_MAX_WEIGHT <= MU_WEIGHT_MASK, "a weight must fit beside its company");

/* Orders inst's n_given packed pairs by (applicant, company) and unpacks
 * them into given_app, given_com and given_w. by_applicant: they are already
 * grouped by applicant index; sorted: and by company within one. Duplicates
 * end up side by side. MU_OK or MU_ENOMEM. */
int mu_given_sort(mu_instance *inst, int by_applicant, int sorted, mu_error *err);
/* Sorts m packed pairs ascending: insertion sort for the usual few dozen,
 * heapsort beyond (no extra memory, no quadratic case). */
void mu_sort_keys(int64_t *x, int64_t m);

/* ---- short ids by their bytes (read.c), for the pairs of large instances:
 * 20 million company lookups by mu_sym_find_n chased a pointer to each
 * id's string; here an id's first 8 bytes sit in its slot (16 bytes; the
 * rest, up to 16 bytes in all, beside it by symbol), compared as one word,
 * and the table of 20,000 companies (512 KiB) stays in cache. */
#define MU_ID_INDEX_BYTES 16
typedef struct mu_id_slot {
    uint64_t k0; /* the id's first 8 bytes, zero past its end */
    int32_t id;  /* -1: empty */
    uint32_t len;
} mu_id_slot;
typedef struct mu_id_index {
    mu_id_slot *slot; /* NULL: not built (an id is longer than MU_ID_INDEX_BYTES) */
    uint64_t *tail;   /* [symbol] bytes 8 to 15 */
    uint32_t mask;
} mu_id_index;
/* Whether the NUL-terminated x is the len bytes at s (never reads past x's end). */
static inline int mu_id_is(const char *x, const char *s, size_t len) {
    size_t k = 0;
    while (k < len && x[k] && x[k] == s[k]) k++;
    return k == len && !x[len];
}

/* The applicant of a pair at s (len bytes): pairs come grouped by applicant,
 * mostly in the applicants' order, so the previous pair's (*last) or the
 * next one is tried before the table. -1 when unknown. */
static inline int32_t mu_next_applicant(const mu_symtab *ids, int32_t *last, const char *s, size_t len) {
    int32_t a = *last;
    if (a >= 0 && mu_id_is(ids->str[a], s, len)) return a;
    if (a + 1 < ids->n && mu_id_is(ids->str[a + 1], s, len)) return *last = a + 1;
    a = mu_sym_find_n(ids, s, len);
    if (a >= 0) *last = a;
    return a;
}

/* Indexes every id of ids, unless one is longer than MU_ID_INDEX_BYTES (then
 * x->slot is NULL and the caller uses mu_sym_find_n). MU_OK or MU_ENOMEM. */
int mu_id_index_build(mu_id_index *x, const mu_symtab *ids, mu_error *err);

/* The first min(n, 8) bytes at s as one word, byte k in bits 8k (zero
 * above them). padded: 8 bytes at s may be read whatever n, and are, in one
 * load, where the byte order allows. */
static inline uint64_t mu_id_word(const char *s, size_t n, int padded) {
    uint64_t v = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (padded) {
        memcpy(&v, s, 8);
        return n >= 8 ? v : v & ((UINT64_C(1) << (8 * n)) - 1);
    }
#else
    (void)padded;
#endif
    for (size_t k = 0; k < n && k < 8; k++) v |= (uint64_t)(uint8_t)s[k] << (8 * k);
    return v;
}

/* The two words mixed by MurmurHash3's 64-bit finaliser (Appleby), so that
 * ids that differ only in their last digits, the high bytes of a word,
 * spread over the whole table. */
static inline uint32_t mu_id_hash(uint64_t k0, uint64_t k1, size_t len) {
    uint64_t h = k0 ^ (k1 + len) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return (uint32_t)h;
}

/* The symbol of the len bytes at s, or -1; padded: 16 bytes at s may be
 * read (the text around them is padded). */
static inline int32_t mu_id_index_find(const mu_id_index *x, const char *s, size_t len, int padded) {
    if (len > MU_ID_INDEX_BYTES) return -1;
    uint64_t k0 = mu_id_word(s, len, padded), k1 = len > 8 ? mu_id_word(s + 8, len - 8, padded) : 0;
    for (uint32_t h = mu_id_hash(k0, k1, len) & x->mask;; h = (h + 1) & x->mask) {
        const mu_id_slot *e = &x->slot[h];
        if (e->id < 0) return -1;
        if (e->k0 == k0 && e->len == len && (len <= 8 || x->tail[e->id] == k1)) return e->id;
    }
}
void mu_id_index_free(mu_id_index *x);

/* ---- JSON text (json_scan.c) */

/* Checks the text (len bytes, text[len] == '\0') and parses it into *root:
 * no byte-order mark, strict UTF-8, no NUL bytes, nesting at most
 * MU_MAX_DEPTH; then cJSON's parse; then what cJSON accepts too loosely:
 * \u0000 escapes (cJSON would cut the string there), raw control characters
 * in strings, numbers outside the JSON grammar (01, 1., .5). Each problem is
 * "file: line L, column C: ...", columns counted in characters as an editor
 * shows them. MU_OK, MU_EINPUT or MU_ENOMEM. */
int mu_json_load(const mu_rd *rd, const char *text, size_t len, cJSON **root);

/* Text from the file made fit for a one-line message into buf (n bytes): at
 * most `max` bytes, cut at a UTF-8 character boundary (then "..." follows),
 * control characters and (when `quotes`) quotes and backslashes escaped as
 * in JSON; stops at a line end when `eol`. */
void mu_json_clip(const char *s, size_t max, int quotes, int eol, char *buf, size_t n);

/* ---- the arena tree (json_arena.c) */

/* Blocks freed at once; allocations are 8-byte aligned. */
typedef struct mu_arena {
    void *block; /* the newest block; each block's first word links the one before */
    size_t used, cap, total;
} mu_arena;
void *mu_arena_alloc(mu_arena *a, size_t n); /* NULL when out of memory */
void mu_arena_free(mu_arena *a);

/* The document's top-level "pairs", read without nodes: pair i's applicant
 * id is the text's bytes from app_off[i], packed[i] >> 32 & 0xffff of them,
 * its company id from com_off[i], packed[i] >> 48 of them, and its weight
 * packed[i] & 0xffffffff (at most MU_MAX_WEIGHT). The ids are plain in the
 * text (no escapes), so those bytes are their values. */
typedef struct mu_jcapture {
    const cJSON *node; /* the empty array standing for them in the tree; NULL: nothing captured */
    int64_t n;
    int32_t *app_off, *com_off; /* malloc'd, room for more than n */
    int64_t *packed;
} mu_jcapture;
void mu_jcapture_free(mu_jcapture *c);

/* Parses text (len bytes) into *root, nodes and strings in the arena, the
 * top level's "pairs" into *cap when cap is not NULL and every element is a
 * plain pair. MU_OK with *root NULL when the text is not plain valid JSON of
 * the grammar mu_json_load accepts: the caller then goes through
 * mu_json_load, which names the problem. MU_ENOMEM. The tree is read only
 * (never cJSON_Delete it) and lives as long as the arena. */
int mu_json_parse_arena(const char *text, size_t len, mu_arena *arena, mu_jcapture *cap, cJSON **root);

/* ---- typed, validated reads of parsed JSON values (json_values.c) */

/* A reader of a parsed document into inst. Each getter checks one value and,
 * when it is wrong, adds "file: path: expected ..., got ..." and returns
 * MU_EINPUT (MU_ENOMEM when memory runs out). */
typedef struct mu_jreader {
    mu_rd rd;
    mu_instance *inst;
    const char *text;      /* the document's text, for captured pairs */
    mu_jcapture *captured; /* pairs read without nodes (NULL: none) */
    int redo;              /* set: the captured pairs hold a problem; read again the checked way */
    size_t *key_first;     /* scratch of mu_jr_key_first */
    const char **keys;
    size_t key_cap;
} mu_jreader;
void mu_jr_free(mu_jreader *r); /* the scratch */

int mu_jr_bad(mu_jreader *r, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* What a value is, for "got ..." in messages: strings quoted and cut at 40
 * bytes. */
const char *mu_jr_describe(const cJSON *v, char *buf, size_t n);
/* An id or key for a message: clipped to 60 bytes and escaped, in one of six
 * rotating buffers (several may appear in one message; the readers are
 * single-threaded). */
const char *mu_jr_quote(const char *s);

int mu_jr_int(mu_jreader *r, const char *path, const cJSON *v, int64_t lo, int64_t hi, int64_t *out);
/* The checks of mu_jr_int and mu_jr_level without a message, for readers
 * that format a value's path only when it is wrong: 1 (with *out) when v is
 * an integer in [lo, hi]; the level, or -1. */
int mu_jr_is_int(const cJSON *v, int64_t lo, int64_t hi, int64_t *out);
int mu_jr_level_of(const cJSON *v, int jlpt);
int mu_jr_bool(mu_jreader *r, const char *path, const cJSON *v, int *out);
int mu_jr_string(mu_jreader *r, const char *path, const cJSON *v, const char **out);
/* A non-empty id of at most MU_MAX_ID_BYTES without control characters. */
int mu_jr_id(mu_jreader *r, const char *path, const cJSON *v, const char **out);
/* A JLPT level ("N1".."N5", or null for none) when jlpt, else an English
 * level ("none".."native"). */
int mu_jr_level(mu_jreader *r, const char *path, const cJSON *v, int jlpt, int *out);
/* An object with a fixed schema: unknown and repeated keys are problems. */
int mu_jr_keys(mu_jreader *r, const char *path, const cJSON *obj, const char *const *known, size_t nknown);
/* mu_first_of over obj's member names, into the reader's scratch (valid until
 * the next call); NULL (MU_ENOMEM set) on failure. */
const size_t *mu_jr_key_first(mu_jreader *r, const cJSON *obj);

/* Repeated strings in O(n log n): first[i] is the index of the first of
 * strs[0..n) equal to strs[i] (i itself when none is earlier; NULL strings
 * equal nothing). Comparing each key with every earlier one made a 1.4 MB
 * object of 100,000 keys take a minute. MU_OK or MU_ENOMEM. */
int mu_first_of(const char *const *strs, size_t n, size_t *first, mu_error *err);

/* ---- the programme (read_programme.c) */

/* Reads `rules`, `weights`, `quotas` and `hosts` from a JSON object into
 * r->inst, whose applicants, companies (with their attributes) and pairs are
 * already read. */
int mu_read_programme(mu_jreader *r, const cJSON *root);
/* The same with a reader of its own: the table route's quotas.csv, turned
 * into the JSON form's quota objects, is read through it. */
int mu_read_programme_json(const char *file, mu_instance *inst, const cJSON *root, mu_error *err);
/* A table directory's programme.json at path (absent: MU_OK, nothing read):
 * name, description, provenance and the programme. weights must be absent
 * when has_pairs_file. *keep (when keep is not NULL) receives the parsed
 * document (NULL when absent or on failure); the caller deletes it. */
int mu_read_programme_file(const char *path, mu_instance *inst, int has_pairs_file, cJSON **keep, mu_error *err);

/* ---- the table directory (read_tables.c) */

/* For the tests: the block size of pairs.csv's fast reading (0: 64 MiB),
 * so that small files cross block boundaries. */
void mu_tables_block_bytes(size_t bytes);

/* ---- tracks (tracks.c) */

/* Expands companies with "tracks" into one position per track ("HOST/TRACK")
 * and the references to them, in the parsed document, before it is read.
 * Problems name rd's file and the record. */
int mu_tracks_expand(const mu_rd *rd, cJSON *root);

#endif
