/* musubi report: the solution as one self-contained HTML page (output/report.c). */
#include <stdlib.h>
#include <string.h>

#include "cli/common.h"
#include "base/io.h"
#include "analysis/explain.h"
#include "output/report.h"

int mu_cmd_report(int argc, char **argv);

static void report_help(FILE *out) {
    fprintf(out, "Usage: musubi report INSTANCE SOLUTION.json -o REPORT.html [--compare COMPARE.json] [--no-whatif]\n\n"
                 "Writes one self-contained HTML page (inline CSS and SVG charts; no script, nothing fetched, so\n"
                 "it can be mailed and opened offline, and it prints): the summary (placements, seats filled,\n"
                 "total weight against the maximum, status, mean ranks, blocking pairs, Gini of welfare), both\n"
                 "sides' rank profiles, placement rates by nationality and seats filled by region and sector,\n"
                 "the unplaced with their reasons and what-ifs (as `musubi explain`), each placed applicant below\n"
                 "a higher choice with why not there, and each host's fill, its interns (with names), why seats\n"
                 "stay empty and why not an applicant it ranks above its lowest-ranked intern.\n\n"
                 "  -o FILE             the page to write (required; - for stdout)\n"
                 "  --compare FILE      add the policies side by side, from `musubi compare --json -o FILE`\n"
                 "  --no-whatif         skip the re-solves behind the what-ifs\n\n"
                 "Example:\n"
                 "  musubi solve instances/examples/csv -o sol.json\n"
                 "  musubi compare instances/examples/csv --engines auto,almost-stable --json -o cmp.json\n"
                 "  musubi report instances/examples/csv sol.json --compare cmp.json -o report.html\n\n"
                 "Exit codes: 0 written; 2 usage error; 3 invalid instance, solution or comparison; 4 a file\n"
                 "could not be read or written; 7 out of memory.\n");
}

int mu_cmd_report(int argc, char **argv) {
    const char *files[2] = {NULL, NULL}, *outpath = NULL, *compare = NULL;
    int nf = 0;
    mu_explain_opts eo;
    mu_explain_opts_init(&eo);
    eo.max_listed = 2000; /* a page to read: the sheets and musubi explain list everyone */
    eo.everyone = 1;      /* placed applicants and hosts against their rankings too */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            report_help(stdout);
            return 0;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (!(outpath = mu_cli_value(argc, argv, &i, "report"))) return MU_EUSAGE;
        } else if (strcmp(a, "--compare") == 0) {
            if (!(compare = mu_cli_value(argc, argv, &i, "report"))) return MU_EUSAGE;
        } else if (strcmp(a, "--no-whatif") == 0) {
            eo.whatif = 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "musubi report: unknown option %s (see musubi report --help)\n", a);
            return MU_EUSAGE;
        } else if (nf < 2) {
            files[nf++] = a;
        } else {
            fprintf(stderr, "musubi report: unexpected argument %s\n", a);
            return MU_EUSAGE;
        }
    }
    if (nf != 2 || !outpath) {
        fprintf(stderr, "musubi report: expected INSTANCE, SOLUTION and -o REPORT.html (see musubi report --help)\n");
        return MU_EUSAGE;
    }
    mu_set_verbosity(0);
    mu_error err;
    memset(&err, 0, sizeof err);
    cJSON *cmp = NULL;
    if (compare) {
        char *text = NULL;
        size_t len = 0;
        if (mu_read_file(compare, (size_t)256 << 20, &text, &len, &err)) return mu_cli_error(&err);
        cmp = cJSON_ParseWithLength(text, len);
        free(text);
        const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(cmp, "format");
        if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "musubi-compare-1") != 0 ||
            !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(cmp, "engines"))) {
            cJSON_Delete(cmp);
            fprintf(stderr, "%s: not a musubi-compare-1 file (write one with musubi compare --json -o FILE)\n",
                    compare);
            return MU_EINPUT;
        }
    }
    mu_instance *inst = NULL;
    mu_solution *sol = NULL;
    int rc = mu_cli_load(files[0], files[1], &inst, &sol);
    if (rc) {
        cJSON_Delete(cmp);
        return rc;
    }
    mu_explanation *ex = NULL;
    if (!(rc = mu_explain(inst, sol, &eo, &ex, &err))) rc = mu_report_write(ex, cmp, outpath, &err);
    if (rc) mu_cli_error(&err);
    else if (strcmp(outpath, "-") != 0) fprintf(stderr, "musubi report: wrote %s\n", outpath);
    mu_explanation_free(ex);
    cJSON_Delete(cmp);
    mu_solution_free(sol);
    mu_instance_free(inst);
    return rc;
}
