/* One CSV table, streamed (csv_table.h): the file is read in blocks of 64 KiB
 * through libcsv, so no table's text is ever held whole, only the row being
 * assembled. The dialect is what spreadsheets save (RFC 4180 with the usual
 * liberties):
 *
 *  - the delimiter is `,`, `;` or a tab, decided by the header line alone
 *    (more semicolons than commas outside quotes: `;`, as Excel writes where
 *    the decimal separator is a comma; more tabs than either: a tab, as
 *    `--csv-delimiter tab` writes), so a delimiter inside a data cell never
 *    changes how a file is read;
 *  - a first line `sep=;` (or `,`, or a tab), which Excel reads as the
 *    delimiter and hides, sets the delimiter and is no row;
 *  - a UTF-8 byte-order mark (Excel's "CSV UTF-8") is skipped; a UTF-16
 *    one (Excel's "Unicode Text") stops the read with the format to save as;
 *  - quoted cells may hold delimiters, quotes (doubled) and line breaks;
 *    libcsv's strict mode refuses a quote inside an unquoted cell, text after
 *    a closing quote, and a quoted cell that never ends;
 *  - spaces belong to the cell (libcsv would trim them);
 *  - CRLF or LF line ends.
 *
 * Rows are numbered as a spreadsheet shows them (instances/FORMAT.md, "Rows
 * and encodings"): the file's first record is row 1, so the header is
 * normally row 1 and the first data record row 2; every record is one row,
 * blank ones included, and a quoted cell's line breaks stay inside its row.
 * Past such a cell the file's line differs from the row, and messages give
 * both: `row 7 (line 9)`. A blank record (an empty line, or only delimiters
 * and spaces: `;;;;`, which Excel writes for formatted empty rows) is
 * counted and skipped in every table, before and after the header.
 *
 * Empty header cells after the last name (Excel's trailing `;`) are
 * nameless columns: dropped while every cell under them is empty, and a
 * value under one is an error naming its column. An empty name before the
 * last one stays an error.
 *
 * Every cell must be valid UTF-8 without NUL bytes, and every data row must
 * have as many cells as the header (up to its nameless columns more); a row
 * that breaks either is reported and dropped, and reading goes on so that
 * one run names every bad row. The first invalid UTF-8 of a file carries a
 * hint (mu_encoding_hint): Shift-JIS named when the cell reads as such, and
 * Excel's "CSV UTF-8" to save as. The header's names must be present,
 * distinct and valid. Every problem is one line naming the file, the row and
 * the column: `t/pairs.csv: row 1043: weight: expected an integer from 0 to
 * 1000000000, got "1e3"`.
 *
 * Limits: a cell longer than 64 MiB stops the read (what an unterminated
 * quote would otherwise swallow); libcsv grows a cell in steps of 1 MiB,
 * which keeps long cells linear.
 *
 * Speed: libcsv looks at every byte through its state machine and a call to
 * the space function, which made it most of the time spent on a large
 * table. Lines without a quote are therefore split here, by memchr and one
 * look at each byte, and handed to the same cell and row callbacks libcsv
 * would call with the same cells: a line ends at LF, one CR before it is
 * dropped, an empty line is one empty cell (a blank row; libcsv, told to
 * report every line end (CSV_REPALL_NL), gives it as a row without cells,
 * and the LF of a CRLF after a record as one more, which on_row passes
 * over). The first line with a quote, a CR inside it, a NUL byte, or longer
 * than 1 MiB, and everything after it, goes to libcsv: it starts there at a
 * row boundary, as fresh as it would be after the lines before, so rows,
 * their numbers and every message are libcsv's. */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model/csv_table.h"

#define BLOCK_BYTES ((size_t)1 << 16)
#define MAX_CELL_BYTES ((size_t)64 << 20) /* bounds what an unterminated quote can swallow */

int mu_table_bad(const mu_table *t, int32_t col, const char *fmt, ...) {
    char record[80], field[61];
    va_list ap;
    va_start(ap, fmt);
    int header = !t->header_row || t->row == t->header_row;
    int n = snprintf(record, sizeof record, "row %lld", (long long)t->row);
    if (t->line != t->row && n > 0 && (size_t)n < sizeof record)
        n += snprintf(record + n, sizeof record - (size_t)n, " (line %lld)", (long long)t->line);
    if (header && n > 0 && (size_t)n < sizeof record) snprintf(record + n, sizeof record - (size_t)n, " (header)");
    snprintf(field, sizeof field, "%s", !header && col >= 0 ? t->name[col] : ""); /* at most 60 bytes */
    int rc = mu_rd_vbad(&t->rd, record, field, fmt, ap);
    va_end(ap);
    return rc;
}

void mu_table_stop(mu_table *t, int rc) {
    t->rc = mu_worse(t->rc, rc);
    t->stop = 1;
}

const char *mu_table_got(const char *s, char *buf, size_t n) {
    size_t len = strlen(s), cut = len > 40 ? 40 : len;
    while (cut > 0 && cut < len && ((unsigned char)s[cut] & 0xc0) == 0x80) cut--;
    snprintf(buf, n, "\"%.*s%s\"", (int)cut, s, cut < len ? "..." : "");
    return buf;
}

int mu_table_parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out) {
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

int mu_table_int(const mu_table *t, int32_t col, int64_t lo, int64_t hi, int64_t *out) {
    char buf[64];
    if (!mu_table_parse_int(t->cell[col], lo, hi, out)) return MU_OK;
    return mu_table_bad(t, col, "expected an integer from %lld to %lld, got %s", (long long)lo, (long long)hi,
                        mu_table_got(t->cell[col], buf, sizeof buf));
}

int mu_table_bool(const mu_table *t, int32_t col, int *out) {
    char buf[64];
    const char *s = t->cell[col];
    if (strcasecmp(s, "true") == 0 || strcasecmp(s, "false") == 0) {
        *out = s[0] == 't' || s[0] == 'T';
        return MU_OK;
    }
    return mu_table_bad(t, col, "expected true or false, got %s", mu_table_got(s, buf, sizeof buf));
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
        size_t k = mu_utf8_len(p + i, n - i);
        if (!k) return 2;
        i += k;
    }
    return 0;
}

int mu_table_blank(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        if (p[i] == ' ' || p[i] == '\t') i++;
        else if (i + 1 < n && p[i] == 0xc2 && p[i + 1] == 0xa0) i += 2;                  /* U+00A0 */
        else if (i + 2 < n && ((p[i] == 0xe2 && p[i + 1] == 0x80 && p[i + 2] == 0x8b) || /* U+200B */
                               (p[i] == 0xe3 && p[i + 1] == 0x80 && p[i + 2] == 0x80) || /* U+3000 */
                               (p[i] == 0xef && p[i + 1] == 0xbb && p[i + 2] == 0xbf)))  /* U+FEFF */
            i += 3;
        else return 0;
    }
    return 1;
}

/* "invalid UTF-8", with the encoding hint the first time in the file. */
static const char *bad_text(mu_table *t, int problem, const char *s, size_t n, char *buf, size_t len) {
    if (problem == 1) return "contains a NUL byte";
    if (t->hinted) return "invalid UTF-8";
    t->hinted = 1;
    snprintf(buf, len, "invalid UTF-8 %s", mu_encoding_hint(s, n, 1));
    return buf;
}

static int grow_cells(mu_table *t, int32_t need) {
    if (need <= t->cellcap) return MU_OK;
    int32_t cap = t->cellcap ? t->cellcap * 2 : 16;
    while (cap < need) cap *= 2;
    mu_error *err = t->rd.err;
    size_t *off = mu_realloc_array(t->off, (size_t)cap, sizeof *off, err);
    if (off) t->off = off;
    size_t *clen = off ? mu_realloc_array(t->clen, (size_t)cap, sizeof *clen, err) : NULL;
    if (clen) t->clen = clen;
    char **cell = clen ? mu_realloc_array(t->cell, (size_t)cap, sizeof *cell, err) : NULL;
    if (!cell) return MU_ENOMEM;
    t->cell = cell;
    t->cellcap = cap;
    return MU_OK;
}

/* libcsv's field callback: the cell is copied into the row being assembled
 * (libcsv reuses its buffer); cells beyond the header's count are only
 * counted. */
static void on_cell(void *s, size_t n, void *data) {
    mu_table *t = data;
    if (t->stop) return;
    int32_t k = t->ncell;
    if (k == INT32_MAX) return;
    t->ncell++;
    if (!t->nonblank && !mu_table_blank(s, n)) t->nonblank = 1;
    if (t->header_row && k >= t->ncol) { /* only looked at: empty under a nameless column, or a stray */
        if (!t->stray && k < t->ncol + t->nameless && !mu_table_blank(s, n)) {
            t->stray = k + 1;
            char cut[48];
            size_t m = n < sizeof cut - 1 ? n : sizeof cut - 1;
            memcpy(cut, s, m);
            cut[m] = '\0';
            mu_table_got(cut, t->stray_got, sizeof t->stray_got);
        }
        return;
    }
    if (grow_cells(t, k + 1)) {
        mu_table_stop(t, MU_ENOMEM);
        return;
    }
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1) cap *= 2;
        char *buf = mu_realloc_array(t->buf, cap, 1, t->rd.err);
        if (!buf) {
            mu_table_stop(t, MU_ENOMEM);
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

/* The header: the names up to the last one given; empty cells after it
 * (Excel's trailing `;`) are nameless columns, dropped while nothing is
 * written under them. */
static int take_header(mu_table *t) {
    int rc = MU_OK;
    char buf[160];
    t->header_row = t->row;
    if (t->rows) {
        mu_rowmap_free(t->rows);
        t->rows->first = t->row + 1;
    }
    int32_t named = t->ncell;
    while (named > 0 && mu_table_blank(t->cell[named - 1], t->clen[named - 1])) named--;
    t->ncol = named;
    t->nameless = t->ncell - named;
    if (!(t->name = mu_calloc((size_t)t->ncol + 1, sizeof *t->name, t->rd.err))) return MU_ENOMEM;
    for (int32_t k = 0; k < t->ncol; k++) {
        if (!(t->name[k] = mu_strdup(t->cell[k], t->rd.err))) return MU_ENOMEM;
        int p = text_problem(t->cell[k], t->clen[k]);
        if (p)
            rc = mu_table_bad(t, -1, "column %d: %s", k + 1, bad_text(t, p, t->cell[k], t->clen[k], buf, sizeof buf));
        else if (!t->clen[k])
            rc = mu_table_bad(t, -1, "column %d has no name (only columns after the last name may be empty)", k + 1);
        else
            for (int32_t j = 0; j < k; j++)
                if (strcmp(t->name[j], t->name[k]) == 0) {
                    rc = mu_table_bad(t, -1, "column \"%.60s\" appears twice (columns %d and %d)", t->name[k], j + 1,
                                      k + 1);
                    break;
                }
    }
    return rc ? rc : t->header(t);
}

/* A data record: checked, then the owner's. */
static void take_record(mu_table *t) {
    int rc = MU_OK;
    char buf[160];
    t->nrec++;
    if (t->rows && mu_rowmap_note(t->rows, t->nrec - 1, t->row, t->rd.err)) {
        mu_table_stop(t, MU_ENOMEM);
        return;
    }
    if (t->ncell < t->ncol || t->ncell > t->ncol + t->nameless) {
        if (t->nameless)
            rc =
                mu_table_bad(t, -1, "expected %d cells as in the header (%d with its empty columns at the end), got %d",
                             t->ncol, t->ncol + t->nameless, t->ncell);
        else rc = mu_table_bad(t, -1, "expected %d cells as in the header, got %d", t->ncol, t->ncell);
    } else if (t->stray)
        rc = mu_table_bad(t, -1,
                          "column %d has no header (the header row's cell there is empty) but holds %s; "
                          "name the column or empty the cell",
                          t->stray, t->stray_got);
    else
        for (int32_t k = 0; k < t->ncol; k++) {
            int p = text_problem(t->cell[k], t->clen[k]);
            if (p) rc = mu_table_bad(t, k, "%s", bad_text(t, p, t->cell[k], t->clen[k], buf, sizeof buf));
        }
    if (rc) {
        t->dropped++;
        t->rc = mu_worse(t->rc, rc);
        return;
    }
    rc = t->take_row(t);
    if (rc) t->rc = mu_worse(t->rc, rc);
    if (rc == MU_ENOMEM) t->stop = 1;
}

/* The row callback, libcsv's and the fast way's: `end` is what ended the
 * row (libcsv's report; -1 at the end of the file). With CSV_REPALL_NL
 * libcsv reports every line end outside a record as a row without cells,
 * so a CRLF after a record comes as the record (CR) and an empty row (LF):
 * that LF is no row. Every other row is one, blank or not. */
static void on_row(int end, void *data) {
    mu_table *t = data;
    if (t->stop) return;
    int lf_of_crlf = t->ncell == 0 && end == '\n' && t->last_end == '\r';
    t->last_end = end;
    if (lf_of_crlf) return;
    for (int32_t k = 0; k < t->ncell && (!t->header_row || k < t->ncol); k++) t->cell[k] = t->buf + t->off[k];
    if (!t->nonblank) {
        /* a blank row: an empty line, or only delimiters and spaces; counted, never read */
    } else if (!t->header_row) {
        int rc = take_header(t);
        if (rc) mu_table_stop(t, rc);
    } else take_record(t);
    t->row++;
    t->line += 1 + t->breaks;
    t->ncell = 0;
    t->len = 0;
    t->nonblank = 0;
    t->stray = 0;
    t->breaks = 0;
}

/* libcsv's cell callback: the fast way never has a line break in a cell,
 * libcsv may (a quoted cell), and the lines after it count them. */
static void on_csv_cell(void *s, size_t n, void *data) {
    mu_table *t = data;
    const char *p = s, *e = p + n;
    for (; p < e; p++)
        if (*p == '\n' || (*p == '\r' && (p + 1 == e || p[1] != '\n'))) t->breaks++;
    on_cell(s, n, data);
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

unsigned char mu_table_delimiter(const char *s, size_t n) {
    size_t commas = 0, semicolons = 0, tabs = 0, i = 0;
    int quoted = 0;
    while (i < n && (s[i] == '\n' || s[i] == '\r')) i++; /* blank lines before the header */
    for (; i < n; i++) {
        char ch = s[i];
        if (ch == '"') quoted = !quoted;
        else if (!quoted && (ch == '\n' || ch == '\r')) break;
        else if (!quoted && ch == ',') commas++;
        else if (!quoted && ch == ';') semicolons++;
        else if (!quoted && ch == '\t') tabs++;
    }
    if (tabs > commas && tabs > semicolons) return '\t';
    return semicolons > commas ? ';' : ',';
}

#define FAST_LINE_MAX ((size_t)1 << 20) /* a longer line goes to libcsv, with its limits */

/* Splits the complete lines of s[0..n) (up to the last LF; all of it when
 * at_end) into the callbacks. Returns how many bytes it took: all, or up to
 * the first line it leaves to libcsv (*handover set then), or up to an
 * incomplete last line. */
static size_t split_lines(mu_table *t, const char *s, size_t n, unsigned char delim, int at_end, int *handover) {
    size_t at = 0;
    while (at < n && !t->stop) {
        const char *ls = s + at, *nl = memchr(ls, '\n', n - at);
        if (!nl && !at_end) {
            if (n - at > FAST_LINE_MAX) *handover = 1;
            return at;
        }
        size_t len = nl ? (size_t)(nl - ls) : n - at, next = at + len + (nl != NULL);
        if (len > FAST_LINE_MAX) {
            *handover = 1;
            return at;
        }
        if (len && ls[len - 1] == '\r') len--;
        for (size_t i = 0; i < len; i++) /* the whole line is looked at before any of it is taken */
            if (ls[i] == '"' || ls[i] == '\r' || ls[i] == '\0') {
                *handover = 1;
                return at;
            }
        const char *cell = ls, *end = ls + len, *d; /* an empty line is one empty cell: a blank row */
        while ((d = memchr(cell, delim, (size_t)(end - cell)))) {
            on_cell((void *)cell, (size_t)(d - cell), t);
            cell = d + 1;
        }
        on_cell((void *)cell, (size_t)(end - cell), t);
        on_row('\n', t);
        at = next;
    }
    return at;
}

int mu_table_read(mu_table *t) {
    const mu_rd *rd = &t->rd;
    FILE *fp = fopen(rd->file, "rb");
    if (!fp) {
        if (errno == ENOENT)
            mu_table_stop(t, mu_rd_bad(rd, NULL, NULL, "missing%s%s", *t->missing ? "; " : "", t->missing));
        else mu_table_stop(t, mu_rd_fail(rd, MU_EIO, "cannot open: %s", strerror(errno)));
        return t->rc;
    }
    struct csv_parser p;
    char *block = mu_alloc(BLOCK_BYTES + FAST_LINE_MAX, 1, rd->err); /* room for a carried line */
    if (!block || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL) != 0) {
        if (block) mu_rd_fail(rd, MU_ENOMEM, "out of memory");
        free(block);
        fclose(fp);
        mu_table_stop(t, MU_ENOMEM);
        return t->rc;
    }
    csv_set_space_func(&p, no_space);
    csv_set_realloc_func(&p, capped_realloc);
    csv_set_blk_size(&p, (size_t)1 << 20); /* libcsv grows a cell by this much: linear, so not small */
    cell_too_long = 0;
    int first = 1, perr = 0, at_end = 0, fast = 1;
    unsigned char delim = ',';
    size_t n, carry = 0; /* block[0..carry): a line not yet complete, split once it is */
    while (!t->stop && (n = fread(block + carry, 1, BLOCK_BYTES, fp)) > 0) {
        size_t skip = 0;
        if (first && n >= 3 && memcmp(block, "\xef\xbb\xbf", 3) == 0) skip = 3; /* a byte-order mark */
        if (first && n >= 2 && (memcmp(block, "\xff\xfe", 2) == 0 || memcmp(block, "\xfe\xff", 2) == 0)) {
            mu_table_stop(t, mu_rd_bad(rd, NULL, NULL,
                                       "starts with a UTF-16 byte-order mark (Excel's \"Unicode Text\"); in Excel, "
                                       "save as \"CSV UTF-8 (Comma delimited) (*.csv)\""));
            break;
        }
        if (first) {
            size_t k = n - skip >= 5 && strncasecmp(block + skip, "sep=", 4) == 0 ? 5 : 0; /* Excel's "sep=;" */
            if (k && (block[skip + 4] == ',' || block[skip + 4] == ';' || block[skip + 4] == '\t') &&
                (n - skip == 5 || block[skip + 5] == '\r' || block[skip + 5] == '\n')) {
                delim = (unsigned char)block[skip + 4];
                if (n - skip > k && block[skip + k] == '\r') k++;
                if (n - skip > k && block[skip + k] == '\n') k++;
                skip += k;
                t->line++; /* a line of the file, not a row: Excel hides it */
            } else if (k && (n - skip == 5 || block[skip + 5] == '\r' || block[skip + 5] == '\n')) {
                mu_table_stop(t, mu_rd_bad(rd, "line 1", NULL,
                                           "\"sep=%c\": the delimiter must be \",\", \";\" or a tab", block[skip + 4]));
                break;
            } else delim = mu_table_delimiter(block + skip, n - skip);
            csv_set_delim(&p, t->delim = delim);
        }
        first = 0;
        const char *s = block + skip;
        size_t len = carry + n - skip;
        if (fast) {
            int handover = 0;
            size_t took = split_lines(t, s, len, delim, 0, &handover);
            s += took, len -= took;
            if (!handover) {
                memmove(block, s, len);
                carry = len;
                continue;
            }
            fast = 0;
            carry = 0;
        }
        if (csv_parse(&p, s, len, on_csv_cell, on_row, t) != len) perr = csv_error(&p);
        if (perr) break;
    }
    if (fast && carry && !t->stop && !ferror(fp)) { /* a last line without a line end */
        int handover = 0;
        size_t took = split_lines(t, block, carry, delim, 1, &handover);
        if (handover && csv_parse(&p, block + took, carry - took, on_csv_cell, on_row, t) != carry - took)
            perr = csv_error(&p);
    }
    if (!t->stop && ferror(fp)) mu_table_stop(t, mu_rd_fail(rd, MU_EIO, "read error: %s", strerror(errno)));
    if (!t->stop && !perr && csv_fini(&p, on_csv_cell, on_row, t) != 0) perr = csv_error(&p), at_end = 1;
    if (!t->stop && perr == CSV_EPARSE)
        mu_table_stop(t, mu_table_bad(t, -1, "malformed quoting: %s",
                                      at_end ? "a quoted cell never ends"
                                             : "a quote inside an unquoted cell, or text after a closing quote"));
    else if (!t->stop && perr)
        mu_table_stop(t, cell_too_long ? mu_table_bad(t, -1, "a cell longer than %zu MiB (an unterminated quote?)",
                                                      MAX_CELL_BYTES >> 20)
                                       : mu_rd_fail(rd, MU_ENOMEM, "out of memory while reading"));
    if (!t->stop && !t->header_row) mu_table_stop(t, mu_rd_bad(rd, NULL, NULL, "empty; expected a header row"));
    csv_free(&p);
    free(block);
    fclose(fp);
    return t->rc;
}

void mu_table_init(mu_table *t, const char *path, mu_error *err, void *owner, int (*header)(mu_table *),
                   int (*take_row)(mu_table *)) {
    memset(t, 0, sizeof *t);
    t->rd = (mu_rd){path, err};
    t->row = t->line = 1;
    t->owner = owner;
    t->missing = "";
    t->header = header;
    t->take_row = take_row;
}

void mu_table_free(mu_table *t) {
    for (int32_t k = 0; t->name && k < t->ncol; k++) free(t->name[k]);
    free(t->name);
    free(t->buf), free(t->off), free(t->clen), free(t->cell);
    t->name = NULL, t->buf = NULL, t->off = NULL, t->clen = NULL, t->cell = NULL;
}
