/* One CSV table, streamed through libcsv (model/csv_table.c): the header
 * row names the columns, then each data row is handed to the owner as cells
 * of text. What the columns mean is the owner's (read_tables.c). */
#ifndef MU_CSV_TABLE_H
#define MU_CSV_TABLE_H

#include "model/read_internal.h"

typedef struct mu_table mu_table;
struct mu_table {
    mu_rd rd;            /* the file as messages name it, and the error record */
    void *owner;         /* the owner's context, for the callbacks */
    const char *missing; /* why the file is needed: "FILE: missing; <missing>" when absent */
    /* Called once the header row is read and checked (named, distinct, UTF-8
     * columns): classifies the columns. A failure stops the read. */
    int (*header)(mu_table *t);
    /* Called for each data row with as many cells as columns, each valid
     * UTF-8 without NUL. The cells are the owner's to cut up in place. A
     * failure is recorded (the worse one is kept) and the read goes on,
     * unless it is MU_ENOMEM or mu_table_stop was called. */
    int (*take_row)(mu_table *t);
    unsigned char delim; /* `,`, `;` or a tab, once reading began */
    int32_t ncol;        /* the header's named columns */
    int32_t nameless;    /* empty header cells after the last name (a trailing `;`): dropped */
    char **name;         /* [ncol] the header's names */
    char **cell;         /* [ncol] the row's cells, NUL-terminated */
    size_t *clen;        /* [ncol] their lengths */
    int32_t ncell;       /* cells in the row as read */
    /* Where the record being read is, as a spreadsheet shows it: its row
     * (the file's first record is row 1, every record one row, blank ones
     * and a quoted cell's line breaks included), and the file's line where
     * it starts (past a quoted cell with line breaks, below the row). */
    int64_t row, line;
    int64_t header_row; /* the header's row; 0 until it is read */
    int64_t nrec;       /* the data records so far, the current one included, blank ones not */
    mu_rowmap *rows;    /* when set: each data record's row, for messages after reading */
    int64_t dropped;    /* rows not taken: wrong cell count, bad text; the owner adds those it refuses */
    int rc;             /* the worst outcome so far */
    int stop;           /* set: nothing more is read */
    int hinted;         /* the encoding hint was given */
    /* the record being assembled */
    int nonblank;       /* a cell not empty nor only spaces */
    int32_t stray;      /* the first nameless column with something in it (1-based), 0: none */
    char stray_got[64]; /* what it holds, for the message */
    int64_t breaks;     /* line breaks inside its cells */
    int last_end;       /* the character that ended the last row (libcsv's report) */
    /* the row being assembled: cells one after another in buf */
    char *buf;
    size_t len, cap;
    size_t *off;
    int32_t cellcap;
};

void mu_table_init(mu_table *t, const char *path, mu_error *err, void *owner, int (*header)(mu_table *),
                   int (*take_row)(mu_table *));
/* Reads the whole table through header and take_row; returns t->rc. */
int mu_table_read(mu_table *t);
void mu_table_free(mu_table *t);

/* One problem: "file: row N: column: problem"; the header is "row N
 * (header)", a record whose line differs from its row "row N (line L)", and
 * col < 0 names no column. Returns MU_EINPUT. */
int mu_table_bad(const mu_table *t, int32_t col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Records rc and reads no further. */
void mu_table_stop(mu_table *t, int rc);

/* The delimiter, `,`, `;` or a tab, from the header line at s (n bytes,
 * after any byte-order mark): more tabs than commas and semicolons outside
 * quotes make it a tab, else more semicolons than commas make it `;`.
 * Blank lines before the header are passed over. mu_table_read decides it
 * from the first 64 KiB of the file. */
unsigned char mu_table_delimiter(const char *s, size_t n);

/* 1 when s[0..n) is empty or only spaces (ASCII space and tab, U+00A0,
 * U+200B, U+3000, U+FEFF): a row of such cells is blank and skipped. */
int mu_table_blank(const char *s, size_t n);

/* Typed cells: an integer in [lo, hi] (decimal digits, an optional minus);
 * true or false in any case (Excel writes TRUE and FALSE). A bad cell is
 * reported, quoted (mu_table_got), and MU_EINPUT returned. */
int mu_table_int(const mu_table *t, int32_t col, int64_t lo, int64_t hi, int64_t *out);
/* The text itself: 0 and *out when s is such an integer in [lo, hi], else -1
 * (also the arrays route's reading of a column given as text). */
int mu_table_parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out);
int mu_table_bool(const mu_table *t, int32_t col, int *out);
/* A cell for "got ..." in messages: quoted, cut at 40 bytes on a character
 * boundary. */
const char *mu_table_got(const char *s, char *buf, size_t n);

#endif
