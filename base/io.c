/* The output kit: atomic files, whole-file reads, JSON and CSV escaping, and
 * typed reads of cJSON objects (base/io.h). Every writer of the library goes
 * through these, so a partial file, an unescaped cell or a formula a
 * spreadsheet would run cannot come from one writer and not another. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "base/io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int mu_out_open(mu_outfile *o, const char *path, mu_error *err) {
    memset(o, 0, sizeof *o);
    if (strcmp(path, "-") == 0) {
        o->fp = stdout;
        o->is_stdout = 1;
        return MU_OK;
    }
    /* A device or a pipe (/dev/null, a FIFO), or a link into /dev or /proc
     * (/dev/stdout -> /proc/self/fd/1, whatever fd 1 is), is written in
     * place: renaming a temporary file over it would replace the device or
     * the link. Any other link is followed: its target file is replaced
     * atomically and the link stays. */
    struct stat st, lst;
    char *target = NULL;
    int exists = stat(path, &st) == 0, link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
    if (exists && S_ISDIR(st.st_mode))
        return mu_err(err, MU_EIO, "%s: cannot create output: it is a directory", path);
    if (link) {
        char to[4096];
        ssize_t k = readlink(path, to, sizeof to - 1);
        to[k > 0 ? k : 0] = '\0';
        if (strncmp(path, "/dev/", 5) == 0 || strncmp(to, "/proc/", 6) == 0 || strncmp(to, "/dev/", 5) == 0 ||
            !(target = realpath(path, NULL)))
            exists = 1, st.st_mode = S_IFCHR; /* in place (also a dangling link: fopen creates its target) */
    }
    if (exists && !S_ISREG(st.st_mode)) {
        free(target); /* a link to a FIFO or a device: written through the link */
        if (!(o->fp = fopen(path, "w")))
            return mu_err(err, MU_EIO, "%s: cannot open output: %s", path, strerror(errno));
        o->is_device = 1;
        return MU_OK;
    }
    /* a link to a regular file: replace the file it names; messages name the path given */
    const char *file = target ? target : path;
    size_t n = strlen(file);
    o->path = mu_strdup(file, err);
    o->tmp = mu_alloc(n + 16, 1, err);
    free(target);
    if (!o->path || !o->tmp) {
        mu_out_abort(o);
        return MU_ENOMEM;
    }
    snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", o->path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        mu_out_abort(o);
        return mu_err(err, MU_EIO, "%s: cannot create output: %s", path, strerror(e));
    }
    fchmod(fd, 0644);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        close(fd);
        mu_out_abort(o);
        return mu_err(err, MU_EIO, "%s: cannot open output", path);
    }
    return MU_OK;
}

int mu_out_commit(mu_outfile *o, mu_error *err) {
    if (o->is_stdout) {
        if (fflush(stdout) != 0 || ferror(stdout)) return mu_err(err, MU_EIO, "stdout: write failed");
        return MU_OK;
    }
    if (o->is_device) {
        int bad = ferror(o->fp) != 0;
        if (fclose(o->fp) != 0) bad = 1;
        o->fp = NULL;
        o->is_device = 0;
        return bad ? mu_err(err, MU_EIO, "output device: write failed") : MU_OK;
    }
    int bad = ferror(o->fp) || fflush(o->fp) != 0 || fsync(fileno(o->fp)) != 0;
    int e = errno;
    if (fclose(o->fp) != 0) bad = 1;
    o->fp = NULL;
    if (bad || rename(o->tmp, o->path) != 0) {
        if (!bad) e = errno;
        int rc = mu_err(err, MU_EIO, "%s: write failed: %s", o->path, strerror(e));
        mu_out_abort(o);
        return rc;
    }
    free(o->tmp);
    free(o->path);
    o->tmp = o->path = NULL;
    return MU_OK;
}

void mu_out_abort(mu_outfile *o) {
    if (o->fp && !o->is_stdout) fclose(o->fp);
    if (o->tmp) remove(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}

int mu_read_file(const char *path, size_t max_bytes, char **data, size_t *len, mu_error *err) {
    *data = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) return mu_err(err, MU_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) != 0) st.st_mode = 0;
    if (S_ISDIR(st.st_mode)) {
        fclose(fp);
        return mu_err(err, MU_EIO, "%s: is a directory", path);
    }
    /* A regular file is measured before anything is read: a 1 GB file costs
     * nothing to refuse. Pipes and devices are still cut off while reading. */
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) {
        fclose(fp);
        return mu_err(err, MU_EINPUT, "%s: larger than %zu MiB, the limit for this file", path, max_bytes >> 20);
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = mu_alloc(cap, 1, err);
    if (!buf) {
        fclose(fp);
        return MU_ENOMEM;
    }
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > max_bytes) {
                free(buf);
                fclose(fp);
                return mu_err(err, MU_EINPUT, "%s: larger than %zu MiB, the limit for this file", path,
                              max_bytes >> 20);
            }
            char *nb = mu_realloc_array(buf, cap * 2, 1, err);
            if (!nb) {
                free(buf);
                fclose(fp);
                return MU_ENOMEM;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0) break;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(buf);
        return mu_err(err, MU_EIO, "%s: read error", path);
    }
    if (n > max_bytes) {
        free(buf);
        return mu_err(err, MU_EINPUT, "%s: larger than %zu MiB, the limit for this file", path, max_bytes >> 20);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return MU_OK;
}

void mu_json_string(FILE *out, const char *s) {
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20) fprintf(out, "\\u%04x", *p);
            else fputc(*p, out);
        }
    }
    fputc('"', out);
}

void mu_csv_cell_sep(FILE *o, const char *s, char sep) {
    char specials[5] = {sep, '"', '\r', '\n', 0};
    int quote = strpbrk(s, specials) != NULL;
    int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
    if (quote) fputc('"', o);
    if (formula) fputc('\'', o);
    for (; *s; s++) {
        if (*s == '"') fputc('"', o);
        fputc(*s, o);
    }
    if (quote) fputc('"', o);
}

void mu_csv_cell(FILE *o, const char *s) { mu_csv_cell_sep(o, s, ','); }

const char *mu_json_text(const cJSON *obj, const char *key) {
    const cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

int mu_json_int(const cJSON *obj, const char *key, int64_t *out) {
    const cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int64_t)v->valuedouble) return 0;
    *out = (int64_t)v->valuedouble;
    return 1;
}
