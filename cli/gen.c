/* cli/gen.c — `musubi gen`: write a generated instance.
 *
 *   musubi gen [--preset NAME] [--KNOB VALUE | --KNOB=VALUE | --[no-]BOOL]...
 *              [-o FILE | --tables DIR]
 *
 * Every knob of generator/generator.c is a flag (mu_gen_help lists them).
 * --preset is applied first wherever it appears, so later flags override it.
 * -o writes to a temporary file in the same directory and renames it, so an
 * error never leaves a partial FILE. Exit codes: 0 ok, 2 usage error (the
 * message names the flag and the bad value), 4 cannot write, 1 out of memory.
 */
#include "generator/generator.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int mu_cmd_gen(int argc, char **argv);

static void usage(FILE *out)
{
    fputs("usage: musubi gen [--preset NAME] [--KNOB VALUE]... "
          "[-o FILE | --tables DIR]\n"
          "\n"
          "Writes a musubi-instance-1 instance (instances/FORMAT.md): JSON to "
          "stdout or\n"
          "FILE, or the compact CSV tables into DIR. The same seed and knobs "
          "give the\n"
          "same bytes on any machine.\n"
          "\n"
          "  --preset NAME   start from a preset (applied first; later flags "
          "override):\n",
          out);
    for (int i = 0; mu_gen_preset_name(i); i++)
        fprintf(out, "      %-16s %s\n", mu_gen_preset_name(i),
                mu_gen_preset_summary(i));
    fputs("  -o FILE         write JSON to FILE (via a temporary file and "
          "rename); - = stdout\n"
          "  --tables DIR    write applicants.csv, companies.csv, pairs.csv, "
          "programme.json\n"
          "  -h, --help      this text\n"
          "\n"
          "Knobs (--KNOB VALUE or --KNOB=VALUE; fractions as 0.25 or 25%):\n",
          out);
    mu_gen_help(out);
    fputs("\nExamples:\n"
          "  musubi gen --preset jip-fy2018 -o instances/jip-fy2018.json\n"
          "  musubi gen --preset bench-transport --seed 1 --applicants 100000 "
          "--companies 5000 \\\n"
          "      --pairs 30 --tables /tmp/transport-100k\n"
          "\n"
          "Exit status: 0 written, 2 usage error, 4 cannot write, 1 out of "
          "memory.\n",
          out);
}

/* Writes JSON to `path` through a temporary file in the same directory. */
static int write_file(const mu_gen_knobs *k, const char *path, char *err,
                      size_t errlen)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + 32);
    if (!tmp) {
        snprintf(err, errlen, "out of memory");
        return MU_GEN_ENOMEM;
    }
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    memcpy(tmp, path, dirlen);
    snprintf(tmp + dirlen, len + 32 - dirlen, ".musubi-gen.XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        free(tmp);
        return MU_GEN_EWRITE;
    }
    fchmod(fd, 0644);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        unlink(tmp);
        free(tmp);
        return MU_GEN_EWRITE;
    }
    int rc = mu_gen_write_json(k, f, err, errlen);
    if (fclose(f) != 0 && rc == MU_GEN_OK) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        rc = MU_GEN_EWRITE;
    }
    if (rc == MU_GEN_OK && rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        rc = MU_GEN_EWRITE;
    }
    if (rc != MU_GEN_OK)
        unlink(tmp);
    free(tmp);
    return rc;
}

int mu_cmd_gen(int argc, char **argv)
{
    static mu_gen_knobs k; /* large: keep it off the stack */
    char err[512];
    const char *out = NULL, *tables = NULL, *preset = NULL;

    /* The preset first, wherever it is. */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            break;
        if (strcmp(a, "--preset") == 0 || strncmp(a, "--preset=", 9) == 0) {
            const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) {
                fprintf(stderr, "musubi gen: --preset: needs a name\n");
                return 2;
            }
            if (preset) {
                fprintf(stderr, "musubi gen: --preset: given twice (\"%s\", "
                                "\"%s\")\n",
                        preset, v);
                return 2;
            }
            preset = v;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        }
    }
    if (preset) {
        if (mu_gen_preset(&k, preset) != 0) {
            fprintf(stderr, "musubi gen: --preset: unknown preset \"%s\" (known:",
                    preset);
            for (int i = 0; mu_gen_preset_name(i); i++)
                fprintf(stderr, " %s", mu_gen_preset_name(i));
            fputs(")\n", stderr);
            return 2;
        }
    } else {
        mu_gen_init(&k);
    }

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--preset") == 0) {
            i++;
            continue;
        }
        if (strncmp(a, "--preset=", 9) == 0)
            continue;
        if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
            strncmp(a, "--output=", 9) == 0) {
            const char *v = a[1] == 'o' ? (i + 1 < argc ? argv[++i] : NULL)
                            : a[8] == '=' ? a + 9
                                          : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || !*v) {
                fprintf(stderr, "musubi gen: %s: needs a file name\n", a);
                return 2;
            }
            out = v;
            continue;
        }
        if (strcmp(a, "--tables") == 0 || strncmp(a, "--tables=", 9) == 0) {
            const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || !*v) {
                fprintf(stderr, "musubi gen: --tables: needs a directory\n");
                return 2;
            }
            tables = v;
            continue;
        }
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            fprintf(stderr, "musubi gen: unexpected argument \"%s\" (see "
                            "musubi gen --help)\n",
                    a);
            return 2;
        }
        char flag[128];
        const char *name = a + 2, *eq = strchr(name, '='), *value = NULL;
        size_t flen = eq ? (size_t)(eq - name) : strlen(name);
        if (flen >= sizeof flag) {
            fprintf(stderr, "musubi gen: %s: no such option\n", a);
            return 2;
        }
        memcpy(flag, name, flen);
        flag[flen] = '\0';
        int is_bool = mu_gen_knob_is_bool(flag);
        if (is_bool < 0 && strncmp(flag, "no-", 3) == 0 && !eq &&
            mu_gen_knob_is_bool(flag + 3) == 1) {
            memmove(flag, flag + 3, flen - 2);
            value = "no";
        } else if (is_bool < 0) {
            fprintf(stderr, "musubi gen: --%s: no such option (see musubi gen "
                            "--help)\n",
                    flag);
            return 2;
        } else if (eq) {
            value = eq + 1;
        } else if (is_bool == 1) {
            value = "yes";
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            fprintf(stderr, "musubi gen: --%s: needs a value\n", flag);
            return 2;
        }
        if (mu_gen_set(&k, flag, value, err, sizeof err) != 0) {
            fprintf(stderr, "musubi gen: %s\n", err);
            return 2;
        }
    }
    if (out && tables) {
        fprintf(stderr, "musubi gen: -o and --tables: choose one\n");
        return 2;
    }
    if (mu_gen_validate(&k, err, sizeof err) != 0) {
        fprintf(stderr, "musubi gen: %s\n", err);
        return 2;
    }
    int rc;
    if (tables)
        rc = mu_gen_write_tables(&k, tables, err, sizeof err);
    else if (out && strcmp(out, "-") != 0)
        rc = write_file(&k, out, err, sizeof err);
    else {
        rc = mu_gen_write_json(&k, stdout, err, sizeof err);
        if (rc == MU_GEN_OK && fflush(stdout) != 0) {
            snprintf(err, sizeof err, "cannot write stdout: %s",
                     strerror(errno));
            rc = MU_GEN_EWRITE;
        }
    }
    if (rc != MU_GEN_OK) {
        fprintf(stderr, "musubi gen: %s\n", err);
        return rc;
    }
    return 0;
}
