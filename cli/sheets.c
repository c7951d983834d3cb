/* Spreadsheets in and out: musubi import (CSV tables as Excel saves them ->
 * a JSON instance) and musubi export-sheets (a solution -> CSV files and an
 * XLSX workbook for the programme office). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/common.h"
#include "cli/lint.h"
#include "base/io.h"
#include "output/instance_json.h"
#include "analysis/explain.h"
#include "output/sheets.h"

int mu_cmd_import(int argc, char **argv);
int mu_cmd_export_sheets(int argc, char **argv);

static void import_help(FILE *out) {
    fprintf(out, "Usage: musubi import DIR -o INSTANCE.json [--strict]\n\n"
                 "Builds a musubi-instance-1 JSON instance from a directory of CSV tables as a spreadsheet\n"
                 "saves them: applicants.csv, companies.csv, and optionally preferences.csv (one listing a\n"
                 "row), pairs.csv, quotas.csv and programme.json (rules, weights, name). Files may be UTF-8 with\n"
                 "or without a byte-order mark, with ',' or ';' between cells (read from the header line),\n"
                 "quoted cells, CRLF or LF line ends; TRUE/FALSE are booleans. The tables are validated\n"
                 "exactly as `musubi solve DIR` validates them: every problem names the file, the row and the\n"
                 "column. Nothing is written unless the whole instance is valid; the output appears only when\n"
                 "complete. The columns are in instances/FORMAT.md (\"The compact route: CSV tables\").\n"
                 "The tables are then linted (musubi lint --help): each mistake that reads as valid (a filter\n"
                 "value that matches nothing, a column \"Age\" for \"age\") is printed on stderr as a warning.\n\n"
                 "  -o FILE    the instance to write (required; - for stdout)\n"
                 "  --strict   lint findings are errors: exit 3, nothing written\n\n"
                 "Example:\n"
                 "  musubi import instances/examples/csv -o intake.json\n"
                 "  musubi solve intake.json -o sol.json\n\n"
                 "Exit codes: 0 written; 2 usage error; 3 invalid tables, or a lint finding under --strict (nothing\n"
                 "written); 4 a file could not be read or written; 7 out of memory.\n");
}

static void export_sheets_help(FILE *out) {
    fprintf(out, "Usage: musubi export-sheets INSTANCE SOLUTION.json --dir DIR [--no-xlsx]\n\n"
                 "Writes the solution as spreadsheets for the programme office, into DIR (created if missing):\n"
                 "  assignment.csv  one row per placement: applicant, name, nationality, company, company name,\n"
                 "                  weight, both sides' ranks of each other, and why not each host the\n"
                 "                  applicant ranks higher (as `musubi explain --applicant`)\n"
                 "  hosts.csv       one row per host: capacity, filled, empty, its interns (with names), why seats\n"
                 "                  stay empty, and why not each applicant it ranks above its lowest-ranked intern\n"
                 "                  (as `musubi explain --company`)\n"
                 "  unplaced.csv    one row per unplaced applicant: the reason and the what-if from\n"
                 "                  `musubi explain`\n"
                 "  matching.xlsx   the same three tables as sheets of one workbook\n"
                 "CSV files are UTF-8 with a byte-order mark and CRLF line ends, as Excel reads them; cells that\n"
                 "start with = + - @ are prefixed with an apostrophe so no spreadsheet runs them as formulas\n"
                 "(in the workbook every text cell is a string, never a formula). Each file is written atomically.\n\n"
                 "  --dir DIR     where to write (required)\n"
                 "  --no-xlsx     CSV files only\n"
                 "  --no-whatif   skip the re-solves behind the what-ifs in unplaced.csv\n\n"
                 "Example:\n"
                 "  musubi solve instances/examples/csv -o sol.json\n"
                 "  musubi export-sheets instances/examples/csv sol.json --dir sheets/\n\n"
                 "Exit codes: 0 written; 2 usage error; 3 invalid instance or solution; 4 a file could not be\n"
                 "read or written; 7 out of memory.\n");
}

int mu_cmd_import(int argc, char **argv) {
    const char *dir = NULL, *outpath = NULL;
    int strict = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            import_help(stdout);
            return 0;
        } else if (strcmp(a, "--strict") == 0) {
            strict = 1;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (!(outpath = mu_cli_value(argc, argv, &i, "import"))) return MU_EUSAGE;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "musubi import: unknown option %s (see musubi import --help)\n", a);
            return MU_EUSAGE;
        } else if (!dir) {
            dir = a;
        } else {
            fprintf(stderr, "musubi import: unexpected argument %s\n", a);
            return MU_EUSAGE;
        }
    }
    if (!dir || !outpath) {
        fprintf(stderr, "musubi import: expected DIR and -o INSTANCE.json (see musubi import --help)\n");
        return MU_EUSAGE;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "musubi import: %s: %s\n", dir,
                stat(dir, &st) != 0 ? strerror(errno) : "not a directory of CSV tables");
        return stat(dir, &st) != 0 ? MU_EIO : MU_EUSAGE;
    }
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    /* programme.json's description and provenance travel with the instance:
     * the reader hands back the document it read */
    cJSON *extra = NULL;
    if (mu_read_tables_programme(dir, &inst, &extra, &err)) return mu_cli_error(&err);
    mu_lint lint;
    int lrc = mu_cli_lint(inst, "import", strict, &lint);
    mu_lint_free(&lint);
    if (lrc) {
        cJSON_Delete(extra);
        mu_instance_free(inst);
        return lrc;
    }
    int rc = mu_instance_write_json(inst, outpath, extra, &err);
    if (rc) mu_cli_error(&err);
    else if (strcmp(outpath, "-") != 0)
        fprintf(stderr, "musubi import: %s: %d applicants, %d companies -> %s\n", dir, inst->n_app, inst->n_com,
                outpath);
    cJSON_Delete(extra);
    mu_instance_free(inst);
    return rc;
}

int mu_cmd_export_sheets(int argc, char **argv) {
    const char *files[2] = {NULL, NULL}, *dir = NULL;
    int nf = 0, xlsx = 1;
    mu_explain_opts eo;
    mu_explain_opts_init(&eo);
    eo.everyone = 1; /* placed applicants and hosts against their rankings too */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            export_sheets_help(stdout);
            return 0;
        } else if (strcmp(a, "--dir") == 0) {
            if (!(dir = mu_cli_value(argc, argv, &i, "export-sheets"))) return MU_EUSAGE;
        } else if (strcmp(a, "--no-xlsx") == 0) {
            xlsx = 0;
        } else if (strcmp(a, "--no-whatif") == 0) {
            eo.whatif = 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "musubi export-sheets: unknown option %s (see musubi export-sheets --help)\n", a);
            return MU_EUSAGE;
        } else if (nf < 2) {
            files[nf++] = a;
        } else {
            fprintf(stderr, "musubi export-sheets: unexpected argument %s\n", a);
            return MU_EUSAGE;
        }
    }
    if (nf != 2 || !dir) {
        fprintf(stderr,
                "musubi export-sheets: expected INSTANCE, SOLUTION and --dir DIR (see musubi export-sheets --help)\n");
        return MU_EUSAGE;
    }
    mu_set_verbosity(0);
    mu_instance *inst = NULL;
    mu_solution *sol = NULL;
    int rc = mu_cli_load(files[0], files[1], &inst, &sol);
    if (rc) return rc;
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_explanation *ex = NULL;
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        rc = mu_err(&err, MU_EIO, "%s: cannot create: %s", dir, strerror(errno));
    if (!rc) rc = mu_explain(inst, sol, &eo, &ex, &err);
    if (!rc) rc = mu_sheets_write(ex, dir, xlsx, &err);
    if (rc) mu_cli_error(&err);
    else
        fprintf(stderr, "musubi export-sheets: wrote assignment.csv, hosts.csv, unplaced.csv%s in %s\n",
                xlsx ? ", matching.xlsx" : "", dir);
    mu_explanation_free(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
    return rc;
}
