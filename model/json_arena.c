/* The fast road into a JSON instance document: a strict parser that builds
 * the same tree as cJSON, with every node and string in one arena freed at
 * once, and that takes the document's "pairs" without a node per pair.
 *
 * Why: cJSON allocates a node, a key and a value string per value; on a
 * 10 MB document of 200,000 pairs half the reading time went to malloc, free
 * and page faults, and a pair cost some 300 bytes of tree. Here a node is a
 * bump in a block (mu_arena), repeated keys share one copy, and the top
 * level's "pairs" array, when every element is the plain
 * {"applicant": "ID", "company": "ID", "weight": N} (keys in any order), is
 * read straight into three arrays (mu_jcapture): where each id stands in the
 * text, and the weight. The tree holds an empty array in its place.
 *
 * The same tree, or none. The parser takes the strict grammar that the
 * checked route (json_scan.c: prescan, cJSON, then strict_scan) accepts, and
 * on anything else returns no tree, so that the caller goes that route,
 * which names the problem with its line and column; being declined costs
 * time, never a different outcome. Declined besides malformed JSON: a
 * byte-order mark, invalid UTF-8, control characters in strings, \u0000,
 * nesting deeper than MU_MAX_DEPTH, white space other than space, tab, CR
 * and LF (cJSON skips any byte up to 0x20), numbers of more than 40
 * characters. Accepted documents give what cJSON 1.7 gives (tests/
 * test_json_scan.c compares the trees node by node on every bundled
 * instance and on mutated ones): members in document order, repeated keys
 * kept, a first child's prev pointing at the last, numbers through strtod
 * (integers of up to 15 digits directly, which is exact) with valueint
 * saturated as cJSON does, true with valueint 1, \u escapes (surrogate
 * pairs combined) as UTF-8.
 *
 * A pair element that is anything else (a weight written 5.0, an escaped
 * id, a missing or extra key) stops the capture: the array is parsed again
 * as nodes, and the reader takes it the ordinary way.
 *
 * Ownership: the tree belongs to the arena and is read only; nothing may
 * hand it to cJSON_Delete or any cJSON call that allocates or frees (the
 * reader does not: tracks, which edit the tree, go the checked route). The
 * capture's arrays are malloc'd for the reader to adopt or free
 * (mu_jcapture_free). No global state: cJSON's hooks are never touched, so
 * readers may run in several threads at once. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model/read_internal.h"

/* ---- the arena: blocks chained through their first word, growing to 16 MiB */

#define ARENA_FIRST ((size_t)64 << 10)
#define ARENA_MAX ((size_t)16 << 20)
#define ARENA_HEAD ((size_t)16) /* the link, kept 16-byte aligned */

void *mu_arena_alloc(mu_arena *a, size_t n) {
    n = (n + 7) & ~(size_t)7;
    if (!a->block || a->used + n > a->cap) {
        size_t cap = a->cap ? a->cap * 2 : ARENA_FIRST;
        if (cap > ARENA_MAX) cap = ARENA_MAX;
        if (cap < n + ARENA_HEAD) cap = n + ARENA_HEAD;
        char *b = malloc(cap);
        if (!b) return NULL;
        memcpy(b, &a->block, sizeof a->block);
        a->block = b;
        a->cap = cap;
        a->used = ARENA_HEAD;
        a->total += cap;
    }
    void *p = (char *)a->block + a->used;
    a->used += n;
    return p;
}

void mu_arena_free(mu_arena *a) {
    for (char *b = a->block; b;) {
        char *prev;
        memcpy(&prev, b, sizeof prev);
        free(b);
        b = prev;
    }
    *a = (mu_arena){0};
}

void mu_jcapture_free(mu_jcapture *c) {
    free(c->app_off), free(c->com_off), free(c->packed);
    *c = (mu_jcapture){0};
}

/* ---- the parser */

#define MAX_NUMBER_CHARS 40
#define KEY_SLOTS 1024 /* repeated keys: one copy each (the tree is read only) */
#define KEY_MAX 64

typedef struct parser {
    const char *text, *end, *p;
    mu_arena *arena;
    mu_jcapture *cap; /* NULL: no capture */
    int tried;        /* the top level's first "pairs" was met */
    int depth;
    int oom;
    struct {
        const char *s;
        size_t len;
    } keys[KEY_SLOTS];
} parser;

/* Byte classes inside strings: 0 plain, 1 a quote or a backslash, 2 control, 3 non-ASCII. */
static const unsigned char STR_CLASS[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};

static int is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
static void skip_ws(parser *ps) {
    while (ps->p < ps->end && is_ws(*ps->p)) ps->p++;
}

static cJSON *new_node(parser *ps, int type) {
    cJSON *n = mu_arena_alloc(ps->arena, sizeof *n);
    if (!n) {
        ps->oom = 1;
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->type = type;
    return n;
}

static int hex4(const char *s, unsigned *out) {
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

/* The raw extent of the string at ps->p (at its opening quote): its bytes up
 * to the closing quote, checked (UTF-8, no control characters); *escaped
 * when it holds a backslash. Returns the closing quote, or NULL to decline. */
static const char *string_end(parser *ps, int *escaped) {
    const char *p = ps->p + 1, *end = ps->end;
    *escaped = 0;
    for (;;) {
        while (p < end && !STR_CLASS[(unsigned char)*p]) p++;
        if (p >= end) return NULL;
        unsigned char c = (unsigned char)*p;
        if (c == '"') return p;
        if (c == '\\') {
            if (p + 1 >= end) return NULL;
            *escaped = 1;
            p += 2; /* what follows is checked when decoding */
            continue;
        }
        if (c < 0x20) return NULL;
        size_t n = mu_utf8_len((const unsigned char *)p, (size_t)(end - p));
        if (!n) return NULL;
        p += n;
    }
}

/* Decodes the string at ps->p into the arena (NUL-terminated) and moves past
 * it; NULL to decline (or on out of memory, ps->oom set). Keys of up to
 * KEY_MAX bytes without escapes are shared. */
static char *parse_string(parser *ps, int is_key) {
    int escaped;
    const char *q = string_end(ps, &escaped), *s = ps->p + 1;
    if (!q) return NULL;
    size_t raw = (size_t)(q - s);
    unsigned slot = 0;
    if (is_key && !escaped && raw <= KEY_MAX) {
        uint32_t h = 2166136261u;
        for (size_t i = 0; i < raw; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
        slot = h & (KEY_SLOTS - 1);
        if (ps->keys[slot].s && ps->keys[slot].len == raw && memcmp(ps->keys[slot].s, s, raw) == 0) {
            ps->p = q + 1;
            return (char *)ps->keys[slot].s;
        }
    }
    char *out = mu_arena_alloc(ps->arena, raw + 1);
    if (!out) {
        ps->oom = 1;
        return NULL;
    }
    if (!escaped) {
        memcpy(out, s, raw);
        out[raw] = '\0';
        if (is_key && raw <= KEY_MAX) ps->keys[slot].s = out, ps->keys[slot].len = raw;
        ps->p = q + 1;
        return out;
    }
    char *o = out;
    for (const char *p = s; p < q;) {
        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }
        char e = p[1];
        p += 2;
        switch (e) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (q - p < 4 || !hex4(p, &cp) || cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff)) return NULL;
            p += 4;
            if (cp >= 0xd800 && cp <= 0xdbff) { /* a surrogate pair, as cJSON combines it */
                if (q - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
                    return NULL;
                p += 6;
                cp = 0x10000 + (((cp & 0x3ff) << 10) | (lo & 0x3ff));
            }
            if (cp < 0x80) *o++ = (char)cp;
            else if (cp < 0x800) {
                *o++ = (char)(0xc0 | (cp >> 6));
                *o++ = (char)(0x80 | (cp & 0x3f));
            } else if (cp < 0x10000) {
                *o++ = (char)(0xe0 | (cp >> 12));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
                *o++ = (char)(0x80 | (cp & 0x3f));
            } else {
                *o++ = (char)(0xf0 | (cp >> 18));
                *o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
                *o++ = (char)(0x80 | (cp & 0x3f));
            }
            break;
        }
        default: return NULL;
        }
    }
    *o = '\0';
    ps->p = q + 1;
    return out;
}

/* Length of the number at p (RFC 8259 grammar, and not running on into
 * another number character), 0 when malformed; *integer when it has neither
 * fraction nor exponent. */
static size_t number_extent(const char *s, const char *end, int *integer) {
    const char *p = s;
    *integer = 1;
    if (p < end && *p == '-') p++;
    if (p < end && *p == '0') p++;
    else if (p < end && *p >= '1' && *p <= '9')
        while (p < end && *p >= '0' && *p <= '9') p++;
    else return 0;
    if (p < end && *p == '.') {
        *integer = 0;
        p++;
        if (p >= end || *p < '0' || *p > '9') return 0;
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        *integer = 0;
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (p >= end || *p < '0' || *p > '9') return 0;
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    if (p < end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-'))
        return 0;
    return (size_t)(p - s);
}

/* The number's value as cJSON's parse_number computes it (strtod). */
static double number_value(const char *s, size_t n, int integer) {
    int neg = s[0] == '-';
    if (integer && n - (size_t)neg <= 15) {
        int64_t v = 0;
        for (size_t i = (size_t)neg; i < n; i++) v = v * 10 + (s[i] - '0');
        return neg ? -(double)v : (double)v; /* exact below 2^53, as strtod; "-0" is -0.0 */
    }
    char buf[MAX_NUMBER_CHARS + 1];
    memcpy(buf, s, n);
    buf[n] = '\0';
    return strtod(buf, NULL);
}

static cJSON *parse_value(parser *ps);

/* Appends item to parent's children, cJSON's way: the head's prev is the last. */
static void link_child(cJSON *parent, cJSON **last, cJSON *item) {
    if (!*last) parent->child = item;
    else {
        (*last)->next = item;
        item->prev = *last;
    }
    *last = item;
    parent->child->prev = item;
}

/* ---- the captured pairs */

enum { PK_APPLICANT, PK_COMPANY, PK_WEIGHT };

/* One plain pair element at ps->p, into slot i of the capture; 0 when the
 * element is not plain (ps->p is then somewhere inside it). */
static int plain_pair(parser *ps, int64_t i) {
    const char *p = ps->p, *end = ps->end;
    if (*p != '{') return 0;
    p++;
    unsigned seen = 0;
    int32_t off[2] = {0, 0};
    size_t len[2] = {0, 0};
    int64_t w = -1;
    for (int k = 0; k < 3; k++) {
        while (p < end && is_ws(*p)) p++;
        if (k > 0) {
            if (p >= end || *p != ',') return 0;
            p++;
            while (p < end && is_ws(*p)) p++;
        }
        if (p >= end || *p != '"') return 0;
        const char *ks = ++p;
        while (p < end && *p >= 'a' && *p <= 'z') p++;
        if (p >= end || *p != '"') return 0;
        size_t kl = (size_t)(p - ks);
        int key = kl == 9 && memcmp(ks, "applicant", 9) == 0 ? PK_APPLICANT
                  : kl == 7 && memcmp(ks, "company", 7) == 0 ? PK_COMPANY
                  : kl == 6 && memcmp(ks, "weight", 6) == 0  ? PK_WEIGHT
                                                             : -1;
        if (key < 0 || (seen & (1u << key))) return 0;
        seen |= 1u << key;
        p++;
        while (p < end && is_ws(*p)) p++;
        if (p >= end || *p != ':') return 0;
        p++;
        while (p < end && is_ws(*p)) p++;
        if (p >= end) return 0;
        if (key == PK_WEIGHT) {
            int integer;
            size_t n = number_extent(p, end, &integer);
            if (!n || !integer || *p == '-' || n > 10) return 0;
            w = 0;
            for (size_t d = 0; d < n; d++) w = w * 10 + (p[d] - '0');
            if (w > MU_MAX_WEIGHT) return 0;
            p += n;
        } else {
            if (*p != '"') return 0;
            const char *s = ++p;
            for (;;) {
                while (p < end && !STR_CLASS[(unsigned char)*p]) p++;
                if (p >= end) return 0;
                if (*p == '"') break;
                if ((unsigned char)*p < 0x80) return 0; /* an escape or a control character */
                size_t u = mu_utf8_len((const unsigned char *)p, (size_t)(end - p));
                if (!u) return 0;
                p += u;
            }
            if ((size_t)(p - s) > 0x7fff) return 0;
            off[key] = (int32_t)(s - ps->text);
            len[key] = (size_t)(p - s);
            p++;
        }
    }
    while (p < end && is_ws(*p)) p++;
    if (p >= end || *p != '}') return 0;
    ps->p = p + 1;
    mu_jcapture *c = ps->cap;
    c->app_off[i] = off[PK_APPLICANT];
    c->com_off[i] = off[PK_COMPANY];
    c->packed[i] = w | (int64_t)len[PK_APPLICANT] << 32 | (int64_t)len[PK_COMPANY] << 48;
    return 1;
}

/* The top level's "pairs" array at ps->p ('['), captured; 0 (ps->p back at
 * the '[') when an element is not plain, or on out of memory (ps->oom). */
static int capture_pairs(parser *ps, cJSON *node) {
    const char *start = ps->p;
    mu_jcapture *c = ps->cap;
    /* Room for as many pairs as the rest of the text could hold: an element
     * takes at least 41 bytes. Pages never written are never touched. */
    size_t most = (size_t)(ps->end - start) / 41 + 1;
    c->app_off = malloc(most * sizeof *c->app_off);
    c->com_off = malloc(most * sizeof *c->com_off);
    c->packed = malloc(most * sizeof *c->packed);
    if (!c->app_off || !c->com_off || !c->packed) {
        mu_jcapture_free(c);
        ps->oom = 1;
        return 0;
    }
    int64_t n = 0;
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ']') ps->p++;
    else
        for (;;) {
            if (ps->p >= ps->end || (size_t)n >= most || !plain_pair(ps, n)) {
                mu_jcapture_free(c);
                ps->p = start;
                return 0;
            }
            n++;
            skip_ws(ps);
            if (ps->p < ps->end && *ps->p == ',') {
                ps->p++;
                skip_ws(ps);
                continue;
            }
            if (ps->p < ps->end && *ps->p == ']') {
                ps->p++;
                break;
            }
            mu_jcapture_free(c);
            ps->p = start;
            return 0;
        }
    c->n = n;
    c->node = node;
    return 1;
}

/* ---- values */

static cJSON *parse_container(parser *ps, int object) {
    if (++ps->depth > MU_MAX_DEPTH) return NULL;
    cJSON *node = new_node(ps, object ? cJSON_Object : cJSON_Array), *last = NULL;
    if (!node) return NULL;
    char close = object ? '}' : ']';
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        ps->depth--;
        return node;
    }
    for (;;) {
        char *key = NULL;
        if (object) {
            if (ps->p >= ps->end || *ps->p != '"' || !(key = parse_string(ps, 1))) return NULL;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':') return NULL;
            ps->p++;
            skip_ws(ps);
        }
        cJSON *item = NULL;
        if (ps->cap && !ps->tried && ps->depth == 1 && object && strcmp(key, "pairs") == 0 && ps->p < ps->end &&
            *ps->p == '[') {
            ps->tried = 1;
            if (!(item = new_node(ps, cJSON_Array))) return NULL;
            if (!capture_pairs(ps, item)) {
                if (ps->oom) return NULL;
                item = NULL; /* parsed as nodes below */
            }
        }
        if (!item && !(item = parse_value(ps))) return NULL;
        item->string = key;
        link_child(node, &last, item);
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            skip_ws(ps);
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            ps->depth--;
            return node;
        }
        return NULL;
    }
}

static cJSON *parse_value(parser *ps) {
    const char *p = ps->p, *end = ps->end;
    if (p >= end) return NULL;
    cJSON *n;
    switch (*p) {
    case '{': return parse_container(ps, 1);
    case '[': return parse_container(ps, 0);
    case '"': {
        char *s = parse_string(ps, 0);
        if (!s || !(n = new_node(ps, cJSON_String))) return NULL;
        n->valuestring = s;
        return n;
    }
    case 't':
    case 'f':
    case 'n': {
        static const char *const WORDS[] = {"true", "false", "null"};
        static const int TYPES[] = {cJSON_True, cJSON_False, cJSON_NULL};
        int k = *p == 't' ? 0 : *p == 'f' ? 1 : 2;
        size_t wl = strlen(WORDS[k]);
        if ((size_t)(end - p) < wl || memcmp(p, WORDS[k], wl) != 0 || !(n = new_node(ps, TYPES[k]))) return NULL;
        if (k == 0) n->valueint = 1;
        ps->p += wl;
        return n;
    }
    default: {
        int integer;
        size_t len = number_extent(p, end, &integer);
        if (!len || len > MAX_NUMBER_CHARS || !(n = new_node(ps, cJSON_Number))) return NULL;
        double x = number_value(p, len, integer);
        n->valuedouble = x;
        n->valueint = x >= INT_MAX ? INT_MAX : x <= (double)INT_MIN ? INT_MIN : (int)x; /* cJSON's saturation */
        ps->p += len;
        return n;
    }
    }
}

int mu_json_parse_arena(const char *text, size_t len, mu_arena *arena, mu_jcapture *cap, cJSON **root) {
    MU_REQUIRE(text && arena && root);
    *root = NULL;
    if (cap) *cap = (mu_jcapture){0};
    parser *ps = calloc(1, sizeof *ps);
    if (!ps) return MU_ENOMEM;
    ps->text = ps->p = text;
    ps->end = text + len;
    ps->arena = arena;
    ps->cap = cap;
    skip_ws(ps);
    cJSON *doc = parse_value(ps);
    skip_ws(ps);
    int oom = ps->oom, whole = ps->p == ps->end;
    free(ps);
    if (oom) {
        if (cap) mu_jcapture_free(cap);
        return MU_ENOMEM;
    }
    if (!doc || !whole) {
        if (cap) mu_jcapture_free(cap);
        return MU_OK;
    }
    *root = doc;
    return MU_OK;
}
