/* musubi evaluate: an assignment made elsewhere — last year's manual
 * allocation, another tool's — checked by the independent checker, measured
 * with the same metrics as a solve, and put beside the optimum: its weight,
 * placements and blocking pairs against the optimum's, the placements the two
 * share, and a bound certified by the optimum's dual prices. The evaluation
 * is written as a musubi-solution-1 file (engine "evaluate", with an
 * "evaluation" object), so explain, export-sheets and report work on it as on
 * any solution. An assignment that breaks the instance is refused: every
 * violation listed, exit 1, nothing written. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/metrics.h"
#include "check/check.h"
#include "cli/common.h"
#include "model/solution_read.h"
#include "output/solution.h"

int mu_cmd_evaluate(int argc, char **argv);

static void evaluate_help(FILE *out) {
    fprintf(out, "Usage: musubi evaluate INSTANCE ASSIGNMENT.csv [-o EVALUATION.json] [options]\n\n"
                 "Checks and measures an assignment made elsewhere, and puts it beside the optimum. ASSIGNMENT.csv\n"
                 "has the columns applicant and company (others are ignored; an empty company leaves the applicant\n"
                 "unplaced), as a spreadsheet saves it. The assignment must pass the independent checker (every\n"
                 "pair eligible, capacities and quotas kept); otherwise every violation is listed, exit 1, and\n"
                 "nothing is written. Then the instance is solved (--engine, default auto, and the other solve\n"
                 "options) and the evaluation written as a musubi-solution-1 file: the assignment, its metrics,\n"
                 "the optimum's certified bound (so its gap is proven), and an \"evaluation\" object: the optimum's\n"
                 "weight, placements and blocking pairs, this assignment's distance from each, and how many\n"
                 "placements the two share. explain, export-sheets and report then work on it.\n\n"
                 "  -o FILE   the evaluation (default: stdout); a summary goes to stderr\n"
                 "  -q        no summary\n");
    mu_options_help(out);
    fprintf(out, "\nExample:\n"
                 "  musubi evaluate intake.json last-year.csv -o eval.json\n"
                 "  musubi report intake.json eval.json -o eval.html\n\n"
                 "Exit codes: 0 written; 1 the assignment breaks the instance (nothing written); 2 usage error;\n"
                 "3 invalid instance or assignment file (unknown id, applicant listed twice); 4 a file could not\n"
                 "be read or written; 5 the optimum could not be computed (infeasible instance or time limit);\n"
                 "6 solver library failure; 7 out of memory.\n");
}

static int64_t placed_of(const mu_solution *s) {
    int64_t n = 0;
    for (int32_t a = 0; s->has_assignment && a < s->n_app; a++) n += s->app_com[a] >= 0;
    return n;
}

/* The "evaluation" object: the optimum and the distance from it. */
static cJSON *evaluation(const char *file, const mu_solution *s, const mu_solution *o) {
    cJSON *root = cJSON_CreateObject(), *ev = root ? cJSON_AddObjectToObject(root, "evaluation") : NULL;
    if (!ev) return cJSON_Delete(root), NULL;
    int64_t same = 0, moved = 0;
    for (int32_t a = 0; a < s->n_app; a++) {
        int32_t x = s->app_com[a], y = o->has_assignment ? o->app_com[a] : -1;
        same += x >= 0 && x == y;
        moved += x != y;
    }
    cJSON_AddStringToObject(ev, "assignment_file", file);
    cJSON *opt = cJSON_AddObjectToObject(ev, "optimum");
    if (!opt) return cJSON_Delete(root), NULL;
    cJSON_AddStringToObject(opt, "engine", o->engine);
    cJSON_AddStringToObject(opt, "status", mu_status_name(o->status));
    if (o->has_assignment) {
        cJSON_AddNumberToObject(opt, "objective", (double)o->objective);
        cJSON_AddNumberToObject(opt, "placements", (double)placed_of(o));
        if (o->metrics) cJSON_AddNumberToObject(opt, "blocking_pairs", (double)o->metrics->blocking);
        cJSON_AddNumberToObject(ev, "weight_below_optimum", (double)(o->objective - s->objective));
        cJSON_AddNumberToObject(ev, "weight_below_optimum_relative",
                                o->objective ? (double)(o->objective - s->objective) / (double)o->objective : 0.0);
        cJSON_AddNumberToObject(ev, "placements_below_optimum", (double)(placed_of(o) - placed_of(s)));
        if (o->metrics && s->metrics)
            cJSON_AddNumberToObject(ev, "blocking_pairs_above_optimum",
                                    (double)(s->metrics->blocking - o->metrics->blocking));
        cJSON_AddNumberToObject(ev, "placements_shared_with_optimum", (double)same);
        cJSON_AddNumberToObject(ev, "applicants_placed_differently", (double)moved);
    }
    return root;
}

/* The optimum's certificate bounds every assignment of the instance: it
 * becomes this one's, so `musubi check` proves the gap. */
static int copy_cert(mu_cert *dst, const mu_cert *src, int32_t n_app, int32_t n_com, mu_error *err) {
    *dst = *src;
    dst->u = dst->v = NULL;
    dst->rows = NULL;
    if (!src->scale) return MU_OK;
    dst->u = mu_alloc((size_t)n_app + 1, sizeof *dst->u, err);
    dst->v = mu_alloc((size_t)n_com + 1, sizeof *dst->v, err);
    dst->rows = mu_alloc((size_t)src->n_rows + 1, sizeof *dst->rows, err);
    if (!dst->u || !dst->v || !dst->rows) {
        mu_cert_free(dst);
        return MU_ENOMEM;
    }
    memcpy(dst->u, src->u, (size_t)n_app * sizeof *dst->u);
    memcpy(dst->v, src->v, (size_t)n_com * sizeof *dst->v);
    memcpy(dst->rows, src->rows, (size_t)src->n_rows * sizeof *dst->rows);
    return MU_OK;
}

int mu_cmd_evaluate(int argc, char **argv) {
    const char *files[2] = {NULL, NULL}, *outpath = "-";
    int nf = 0, quiet = 0;
    mu_options opt;
    mu_options_init(&opt);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            evaluate_help(stdout);
            return 0;
        } else if (strcmp(a, "-q") == 0) quiet = 1;
        else if (strcmp(a, "-o") == 0) {
            if (!(outpath = mu_cli_value(argc, argv, &i, "evaluate"))) return MU_EUSAGE;
        } else if (a[0] == '-' && a[1] == '-' && a[2]) {
            int rc = mu_cli_option(&opt, argc, argv, &i, "evaluate");
            if (rc) return rc;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "musubi evaluate: unknown option %s (see musubi evaluate --help)\n", a);
            return MU_EUSAGE;
        } else if (nf < 2) files[nf++] = a;
        else {
            fprintf(stderr, "musubi evaluate: too many arguments (see musubi evaluate --help)\n");
            return MU_EUSAGE;
        }
    }
    if (nf != 2) {
        fprintf(stderr, "musubi evaluate: expected INSTANCE ASSIGNMENT.csv (see musubi evaluate --help)\n");
        return MU_EUSAGE;
    }
    opt.verbosity = 0;
    mu_error err = {0};
    mu_instance *inst = NULL;
    mu_solution *s = NULL, *o = NULL;
    mu_pairs pairs = {0};
    cJSON *extra = NULL;
    int rc = mu_instance_read(files[0], &inst, &err);
    if (rc) return mu_cli_error(&err);
    if (!(s = mu_solution_new(inst->n_app, inst->n_com, &err))) goto fail;
    if ((rc = mu_assignment_read_csv(inst, files[1], s->app_com, &err))) goto fail;
    /* The independent checker first: an assignment that breaks the
     * instance is not measured, only listed. */
    int64_t total = 0, bad = mu_check_assignment_from(inst, s->app_com, files[1], &total, stderr);
    if (bad) {
        fprintf(stderr, "musubi evaluate: %s: INVALID: %lld violation%s of %s; nothing written\n", files[1],
                (long long)bad, bad == 1 ? "" : "s", files[0]);
        rc = MU_EINVALID_SOLUTION;
        goto done;
    }
    if ((rc = mu_pairs_build(inst, &pairs, &err))) goto fail;
    for (int32_t a = 0; a < inst->n_app; a++)
        if (s->app_com[a] >= 0) {
            int64_t k = mu_pairs_find(&pairs, a, s->app_com[a]);
            MU_REQUIRE(k >= 0); /* the checker found it eligible */
            s->app_w[a] = pairs.w[k];
            s->objective += pairs.w[k];
        }
    MU_REQUIRE(s->objective == total);
    s->has_assignment = 1;
    s->eligible_pairs = pairs.n;
    snprintf(s->engine, sizeof s->engine, "evaluate");
    snprintf(s->criterion, sizeof s->criterion, "weight");
    s->criterion_value = (double)s->objective;
    if ((rc = mu_solve(inst, &opt, &o, &err))) goto fail;
    if (!o->has_assignment) {
        fprintf(stderr, "musubi evaluate: no optimum to compare with: %s (%s)\n", mu_status_name(o->status),
                o->reason ? o->reason : "");
        rc = MU_ENOSOLUTION;
        goto done;
    }
    s->quota_rows = o->quota_rows;
    s->hosts_participating = o->hosts_participating;
    if ((rc = copy_cert(&s->cert, &o->cert, inst->n_app, inst->n_com, &err))) goto fail;
    s->has_bound = o->has_bound;
    s->bound = o->bound;
    s->status = s->has_bound && (double)s->objective >= s->bound ? MU_STATUS_OPTIMAL : MU_STATUS_FEASIBLE;
    if (s->has_bound) s->gap = (s->bound - (double)s->objective) / (s->bound > 1 ? s->bound : 1);
    if (s->gap < 0) s->gap = 0;
    if ((rc = mu_solution_note(s, &err, "evaluated: the assignment of %s; optimum by %s (%s), weight %lld", files[1],
                               o->engine, mu_status_name(o->status), (long long)o->objective)))
        goto fail;
    if ((rc = mu_solution_measure(s, inst, &opt, &err)) || (rc = mu_solution_measure(o, inst, &opt, &err))) goto fail;
    if (!(extra = evaluation(files[1], s, o))) {
        rc = mu_err(&err, MU_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = mu_solution_write_json_with(s, inst, &opt, outpath, extra, &err))) goto fail;
    if (!quiet) {
        mu_solution_summary(s, inst, stderr);
        int64_t ps = placed_of(s), po = placed_of(o);
        fprintf(stderr,
                "musubi evaluate: the optimum (%s, %s) weighs %lld: this assignment is %lld below (%.2f%%); it "
                "places %lld against %lld; blocking pairs %lld against %lld\n",
                o->engine, mu_status_name(o->status), (long long)o->objective, (long long)(o->objective - s->objective),
                o->objective ? 100.0 * (double)(o->objective - s->objective) / (double)o->objective : 0.0,
                (long long)ps, (long long)po, (long long)(s->metrics ? s->metrics->blocking : -1),
                (long long)(o->metrics ? o->metrics->blocking : -1));
    }
    goto done;
fail:
    if (!rc) rc = MU_ENOMEM;
    mu_cli_error(&err);
done:
    cJSON_Delete(extra);
    mu_pairs_free(&pairs);
    mu_solution_free(s), mu_solution_free(o);
    mu_instance_free(inst);
    return rc;
}
