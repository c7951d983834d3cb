/* musubi gen: write a generated instance (generator/generator.h).
 *
 *   musubi gen [--preset NAME] [--KNOB VALUE | --KNOB=VALUE | --[no-]BOOL]...
 *              [-o FILE | --tables DIR]
 *
 * --preset is applied first wherever it appears, so later flags override
 * it; every other --KNOB is the generator's (mu_gen_set_arg). The library
 * writes atomically; errors come back as one mu_error, printed by
 * mu_cli_error, whose code is the exit status. */
#include <stdio.h>
#include <string.h>

#include "cli/common.h"
#include "generator/generator.h"

int mu_cmd_gen(int argc, char **argv);

static void usage(FILE *out) {
    fputs("usage: musubi gen [--preset NAME] [--KNOB VALUE]... [-o FILE | --tables DIR]\n"
          "\n"
          "Writes a musubi-instance-1 instance (instances/FORMAT.md): JSON to stdout or\n"
          "FILE, or the compact CSV tables into DIR. The same seed and knobs give the\n"
          "same bytes on any machine.\n"
          "\n"
          "  --preset NAME   start from a preset (applied first; later flags override):\n",
          out);
    for (int i = 0; mu_gen_preset_name(i); i++)
        fprintf(out, "      %-16s %s\n", mu_gen_preset_name(i), mu_gen_preset_summary(i));
    fputs("  -o FILE         write JSON to FILE (via a temporary file and rename); - = stdout\n"
          "  --tables DIR    write applicants.csv, companies.csv, pairs.csv, programme.json\n"
          "                  (all or none of them: each via a temporary file, renamed when all are complete)\n"
          "  -h, --help      this text\n"
          "\n"
          "Knobs (--KNOB VALUE or --KNOB=VALUE; fractions as 0.25 or 25%):\n",
          out);
    mu_gen_help(out);
    fputs("\nExamples:\n"
          "  musubi gen --preset jip-fy2018 -o instances/jip-fy2018.json\n"
          "  musubi gen --preset bench-transport --seed 1 --applicants 100000 --companies 5000 \\\n"
          "      --pairs 30 --tables /tmp/transport-100k\n"
          "\n"
          "Exit status: 0 written, 2 usage error, 4 cannot write, 7 out of memory.\n",
          out);
}

/* The value of option argv[*i], given as "--opt=VALUE" or "--opt VALUE". */
static const char *opt_value(int argc, char **argv, int *i) {
    const char *eq = strchr(argv[*i], '=');
    if (eq && strncmp(argv[*i], "--", 2) == 0) return eq + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static int is_opt(const char *a, const char *name) {
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

int mu_cmd_gen(int argc, char **argv) {
    static mu_gen_knobs k; /* large: keep it off the stack */
    const char *out = NULL, *tables = NULL, *preset = NULL;
    mu_error err;
    mu_error_clear(&err);

    /* The preset first, wherever it is. */
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (is_opt(argv[i], "--preset")) {
            const char *v = opt_value(argc, argv, &i);
            if (!v) {
                fprintf(stderr, "musubi gen: --preset: needs a name\n");
                return MU_EUSAGE;
            }
            if (preset) {
                fprintf(stderr, "musubi gen: --preset: given twice (\"%s\", \"%s\")\n", preset, v);
                return MU_EUSAGE;
            }
            preset = v;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return MU_OK;
        }
    }
    if (preset) {
        if (mu_gen_preset(&k, preset, &err)) return mu_cli_error(&err);
    } else {
        mu_gen_init(&k);
    }

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (is_opt(a, "--preset")) {
            opt_value(argc, argv, &i);
        } else if (strcmp(a, "-o") == 0 || is_opt(a, "--output")) {
            out = opt_value(argc, argv, &i);
            if (!out || !*out) {
                fprintf(stderr, "musubi gen: %s: needs a file name\n", a);
                return MU_EUSAGE;
            }
        } else if (is_opt(a, "--tables")) {
            tables = opt_value(argc, argv, &i);
            if (!tables || !*tables) {
                fprintf(stderr, "musubi gen: --tables: needs a directory\n");
                return MU_EUSAGE;
            }
        } else if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            fprintf(stderr, "musubi gen: unexpected argument \"%s\" (see musubi gen --help)\n", a);
            return MU_EUSAGE;
        } else if (mu_gen_set_arg(&k, argc, argv, &i, &err)) {
            return mu_cli_error(&err);
        }
    }
    if (out && tables) {
        fprintf(stderr, "musubi gen: -o and --tables: choose one\n");
        return MU_EUSAGE;
    }
    int rc = tables ? mu_gen_write_tables(&k, tables, &err) : mu_gen_write_json_file(&k, out ? out : "-", &err);
    return rc ? mu_cli_error(&err) : MU_OK;
}
