/* The output kit (base/io.c): the one atomic writer, the one reader of whole
 * files, the one JSON string escaper, the one CSV cell escaper, and typed
 * reads of cJSON objects. */
#ifndef MU_IO_H
#define MU_IO_H

#include <cjson/cJSON.h>

#include "base/base.h"

/* Atomic output: open a temporary file beside `path`, write, then commit
 * (flush, fsync, rename) or abort (remove). path "-" writes to stdout; a path
 * that names a device or a pipe (/dev/null) is written in place. */
typedef struct mu_outfile {
    FILE *fp;
    char *path;
    char *tmp;
    int is_stdout;
    int is_device; /* a device or pipe, written in place (no temporary file, no rename) */
} mu_outfile;
int mu_out_open(mu_outfile *o, const char *path, mu_error *err);
int mu_out_commit(mu_outfile *o, mu_error *err);
void mu_out_abort(mu_outfile *o);

/* Reads a whole file into a NUL-terminated buffer; refuses files larger than
 * max_bytes with a message naming the file. */
int mu_read_file(const char *path, size_t max_bytes, char **data, size_t *len, mu_error *err);

/* Writes s as a JSON string literal (with quotes and escapes). */
void mu_json_string(FILE *out, const char *s);

/* Writes s as one CSV cell: quoted when it holds the separator, a quote or a
 * line break; a cell a spreadsheet would run as a formula (starting with
 * = + - @) is prefixed with an apostrophe, which shows it as text.
 * mu_csv_cell uses ','. */
void mu_csv_cell_sep(FILE *o, const char *s, char sep);
void mu_csv_cell(FILE *o, const char *s);

/* obj[key] as text, or NULL when absent or not a string. */
const char *mu_json_text(const cJSON *obj, const char *key);
/* obj[key] as a whole number into *out: 1, or 0 when absent or not whole. */
int mu_json_int(const cJSON *obj, const char *key, int64_t *out);

#endif
