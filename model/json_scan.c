/* The lexical part of reading JSON, one for every JSON file musubi reads as
 * input (an instance document, a table directory's programme.json): checks
 * of the text around cJSON's parse, and where each problem is.
 *
 * Before the parse, one pass rejects what cJSON would take silently or choke
 * on: a byte-order mark, malformed UTF-8 (RFC 3629: overlong forms,
 * surrogates, code points past U+10FFFF), NUL bytes, and nesting deeper than
 * MU_MAX_DEPTH (cJSON recurses once a level; its own limit is 1000). After
 * the parse, a second pass rejects what cJSON accepts too loosely (RFC 8259
 * is the grammar): \u0000 escapes, which cJSON would cut the string at; raw
 * control characters in strings; numbers such as 01, 1. or .5.
 *
 * Every problem is "file: line L, column C: what", the column counted in
 * characters (code points), as an editor shows it, so a name in Japanese
 * before the mistake moves the column by one a character, not three. A
 * malformed document quotes up to 20 bytes from where cJSON stopped (cut at a
 * character boundary and at the line end), stepping back to the offending
 * character when cJSON stops one past it.
 *
 * cJSON returns NULL both for malformed text and for a failed allocation;
 * its allocation hooks (set here, to plain malloc and free) tell the two
 * apart so that a shortage is MU_ENOMEM, never "malformed". */
#include <string.h>

#include "model/read_internal.h"

void mu_json_clip(const char *s, size_t max, int quotes, int eol, char *buf, size_t n) {
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
            const char *esc = ch == '\n'   ? "\\n"
                              : ch == '\t' ? "\\t"
                              : ch == '\r' ? "\\r"
                              : ch == '"'  ? "\\\""
                              : ch == '\\' ? "\\\\"
                                           : NULL;
            o += esc ? (size_t)snprintf(buf + o, n - o, "%s", esc) : (size_t)snprintf(buf + o, n - o, "\\u%04x", ch);
            i++;
            continue;
        }
        for (size_t k = 0; k < len && s[i]; k++) buf[o++] = s[i++];
    }
    buf[o] = '\0';
    if (s[i] && !(eol && (s[i] == '\n' || s[i] == '\r')) && o + 4 < n) snprintf(buf + o, n - o, "...");
}

/* "line L, column C: what" for the byte at `at`; what NULL: malformed JSON,
 * quoting the text there. Columns count characters: every byte but UTF-8
 * continuation bytes (the text before `at` is valid UTF-8 by then). */
static int malformed_at(const mu_rd *rd, const char *text, const char *at, const char *what) {
    long line = 1, col = 1;
    for (const char *p = text; p < at; p++) {
        if (*p == '\n') line++, col = 1;
        else if (((unsigned char)*p & 0xc0) != 0x80) col++;
    }
    if (what) return mu_rd_bad(rd, NULL, NULL, "line %ld, column %ld: %s", line, col, what);
    if (!*at) return mu_rd_bad(rd, NULL, NULL, "line %ld, column %ld: malformed JSON (truncated or empty)", line, col);
    char near[128];
    mu_json_clip(at, 20, 0, 1, near, sizeof near);
    return mu_rd_bad(rd, NULL, NULL, "line %ld, column %ld: malformed JSON near \"%s\"", line, col, near);
}

/* Before the parse: BOM, UTF-8, NUL, depth. */
static int prescan(const mu_rd *rd, const char *s, size_t len) {
    if (len >= 3 && (unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbb && (unsigned char)s[2] == 0xbf)
        return mu_rd_bad(rd, NULL, NULL, "starts with a byte-order mark; save the file as UTF-8 without BOM");
    int depth = 0, in_str = 0;
    const char *end = s + len;
    for (const char *p = s; p < end; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch >= 0x80) {
            size_t n = mu_utf8_len((const unsigned char *)p, (size_t)(end - p));
            if (!n) return malformed_at(rd, s, p, "invalid UTF-8");
            p += n - 1;
            continue;
        }
        if (ch == 0) return malformed_at(rd, s, p, "NUL byte");
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
                return malformed_at(rd, s, p, msg);
            }
        } else if (ch == '}' || ch == ']') depth--;
    }
    return MU_OK;
}

/* Length of a JSON number (RFC 8259 grammar) at s, or 0 when malformed. */
static size_t number_len(const char *s, const char *end) {
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

/* After a successful parse: \u0000, raw control characters in strings, the
 * number grammar. */
static int strict_scan(const mu_rd *rd, const char *s, size_t len) {
    int in_str = 0;
    const char *end = s + len;
    for (const char *p = s; p < end; p++) {
        unsigned char ch = (unsigned char)*p;
        if (in_str) {
            if (ch < 0x20) return malformed_at(rd, s, p, "unescaped control character in a string");
            if (ch == '\\') {
                if (p + 5 < end && p[1] == 'u' && p[2] == '0' && p[3] == '0' && p[4] == '0' && p[5] == '0')
                    return malformed_at(rd, s, p, "\\u0000 (NUL) in a string");
                p++;
            } else if (ch == '"') in_str = 0;
        } else if (ch == '"') in_str = 1;
        else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            size_t n = number_len(p, end);
            if (!n) return malformed_at(rd, s, p, NULL);
            p += n - 1;
        }
    }
    return MU_OK;
}

/* cJSON's allocations, counted when they fail. */
static int json_alloc_failed;
static void *json_malloc(size_t n) {
    void *p = malloc(n);
    if (!p) json_alloc_failed = 1;
    return p;
}

int mu_json_load(const mu_rd *rd, const char *text, size_t len, cJSON **root) {
    MU_REQUIRE(text && text[len] == '\0' && root);
    *root = NULL;
    int rc = prescan(rd, text, len);
    if (rc) return rc;
    static cJSON_Hooks hooks = {json_malloc, free};
    cJSON_InitHooks(&hooks);
    json_alloc_failed = 0;
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1); /* the NUL counts: it must end the text */
    if (!doc && json_alloc_failed)
        return mu_rd_fail(rd, MU_ENOMEM, "out of memory parsing %zu bytes of JSON (see --memory-limit)", len);
    if (!doc) {
        const char *at = end ? end : cJSON_GetErrorPtr();
        if (!at || at < text || at > text + len) at = text + len;
        /* cJSON stops one character past the offending one (an unquoted key's
         * first letter, a closing brace after a trailing comma): step back to
         * it, over any white space. */
        if (at > text && at < text + len && !strchr(" \t\r\n", at[-1])) at--;
        return malformed_at(rd, text, at, NULL);
    }
    if ((rc = strict_scan(rd, text, len))) {
        cJSON_Delete(doc);
        return rc;
    }
    *root = doc;
    return MU_OK;
}
