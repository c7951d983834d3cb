/* musubi explain: why each unplaced applicant is unplaced and why each host
 * below capacity keeps empty seats, why a placed applicant is not at a
 * higher choice and why a host lacks a higher-ranked applicant, with
 * what-ifs found by re-solving
 * (analysis/explain.c), in sentences or JSON (output/explain_text.c). */
#include <stdlib.h>
#include <string.h>

#include "cli/common.h"
#include "base/io.h"
#include "analysis/explain.h"
#include "output/explain_text.h"

int mu_cmd_explain(int argc, char **argv);

static void explain_help(FILE *out) {
    fprintf(out, "Usage: musubi explain INSTANCE SOLUTION.json [--applicant ID | --company ID | --everyone]\n"
                 "                      [--json] [-o FILE] [--no-whatif] [--whatif-pairs N] [--whatif-seconds S]\n\n"
                 "Explains a solution to the people it concerns. For each unplaced applicant: ineligible\n"
                 "everywhere (every rule that excludes each host, from the eligibility audit), or eligible\n"
                 "but every host they could go to is full (naming the interns who hold the seats, with their\n"
                 "weight and the host's rank of them), or closed by a quota row at its maximum (named). Then a\n"
                 "what-if: the single change that places them -- one more seat at a full host, or a quota's\n"
                 "maximum raised by one -- found by re-solving the instance with that change, with the change\n"
                 "in total weight. For each host below capacity: no eligible applicant (counts by rule), its\n"
                 "eligible applicants placed elsewhere (where, at what weight), or a quota.\n"
                 "A placed applicant (--applicant): for each host it ranks higher than its placement, why not\n"
                 "(full with whom, a quota row, a rule, or the weight of the move). A host (--company): for each\n"
                 "applicant it ranks above its lowest-ranked intern, why not (placed at a host they prefer, a\n"
                 "rule, a quota row, or the weight). What-ifs name every placement the re-solve changes.\n\n"
                 "  --applicant ID    explain this applicant only (placed or not)\n"
                 "  --company ID      explain this host only, full or not (no what-ifs)\n"
                 "  --everyone        also every placed applicant and every host against their rankings\n"
                 "  --json            one JSON document (musubi-explain-1) instead of sentences\n"
                 "  -o FILE           write to FILE (default: stdout)\n"
                 "  --no-whatif       skip the re-solves\n"
                 "  --whatif-pairs N  re-solve only up to N eligible pairs (default 50000)\n"
                 "  --whatif-seconds S  budget for all re-solves (default 120)\n\n"
                 "Example:\n"
                 "  musubi solve instances/examples/csv -o sol.json\n"
                 "  musubi explain instances/examples/csv sol.json\n"
                 "  musubi explain instances/examples/csv sol.json --applicant A09 --json\n\n"
                 "Exit codes: 0 written; 2 usage error; 3 invalid instance or solution (or unknown id); 4 a file\n"
                 "could not be read or written; 7 out of memory.\n");
}

int mu_cmd_explain(int argc, char **argv) {
    const char *files[2] = {NULL, NULL}, *outpath = "-";
    int nf = 0, json = 0;
    mu_explain_opts eo;
    mu_explain_opts_init(&eo);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            explain_help(stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--no-whatif") == 0) {
            eo.whatif = 0;
        } else if (strcmp(a, "--everyone") == 0) {
            eo.everyone = 1;
        } else if (strcmp(a, "--applicant") == 0 || strcmp(a, "--company") == 0 || strcmp(a, "-o") == 0 ||
                   strcmp(a, "--whatif-pairs") == 0 || strcmp(a, "--whatif-seconds") == 0) {
            if (!(v = mu_cli_value(argc, argv, &i, "explain"))) return MU_EUSAGE;
            char *end = NULL;
            if (strcmp(a, "--applicant") == 0) eo.applicant = v;
            else if (strcmp(a, "--company") == 0) eo.company = v;
            else if (strcmp(a, "-o") == 0) outpath = v;
            else if (strcmp(a, "--whatif-pairs") == 0) {
                eo.max_pairs = strtoll(v, &end, 10);
                if (!*v || *end || eo.max_pairs < 0) {
                    fprintf(stderr, "musubi explain: --whatif-pairs: expected a count, got \"%s\"\n", v);
                    return MU_EUSAGE;
                }
            } else {
                eo.max_seconds = strtod(v, &end);
                if (!*v || *end || !(eo.max_seconds >= 0)) {
                    fprintf(stderr, "musubi explain: --whatif-seconds: expected seconds, got \"%s\"\n", v);
                    return MU_EUSAGE;
                }
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "musubi explain: unknown option %s (see musubi explain --help)\n", a);
            return MU_EUSAGE;
        } else if (nf < 2) {
            files[nf++] = a;
        } else {
            fprintf(stderr, "musubi explain: unexpected argument %s\n", a);
            return MU_EUSAGE;
        }
    }
    if (nf != 2) {
        fprintf(stderr, "musubi explain: expected INSTANCE and SOLUTION (see musubi explain --help)\n");
        return MU_EUSAGE;
    }
    if (eo.applicant && eo.company) {
        fprintf(stderr, "musubi explain: give at most one of --applicant and --company\n");
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
    mu_outfile out;
    if (!(rc = mu_explain(inst, sol, &eo, &ex, &err)) && !(rc = mu_out_open(&out, outpath, &err))) {
        if (json) rc = mu_explain_write_json(out.fp, ex, &err);
        else rc = mu_explain_write_text(out.fp, ex, &err);
        if (rc) mu_out_abort(&out);
        else rc = mu_out_commit(&out, &err);
    }
    if (rc) mu_cli_error(&err);
    mu_explanation_free(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
    return rc;
}
