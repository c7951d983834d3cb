/* musubi compare: several engines on one instance, their metrics side by
 * side. Every assignment an engine returns is re-checked by the independent
 * checker (mu_check_assignment) before it is reported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "check/check.h"
#include "cli/common.h"
#include "base/io.h"
#include "model/solution.h"
#include "output/solution.h"

int mu_cmd_compare(int argc, char **argv);

#define DEFAULT_ENGINES "auto,da-applicant,da-company,stable-optimal"
#define MAX_ENGINES 16

static void compare_help(FILE *out) {
    fprintf(out,
            "Usage: musubi compare INSTANCE [--engines LIST] [--json | --csv] [-o FILE] [options]\n\n"
            "Runs each engine of LIST (comma-separated; default " DEFAULT_ENGINES ") on the instance,\n"
            "checks every assignment with the independent checker, and prints one table with the engines\n"
            "side by side: status, placements, fill rate, weight and the weight lost against the maximum\n"
            "(for stable engines, the price of stability), blocking pairs quota-blind and quota-respecting\n"
            "(README \"Policies\"), justified envy, both sides' rank profiles, the egalitarian cost, the Gini of\n"
            "applicants' welfare, placement rates by group, time and the check; all of them at any size\n"
            "(--metrics is all). An engine that cannot honour the instance (deferred acceptance with a quota\n"
            "it cannot honour) is shown as refused, with its reason. --objective applies to the engines\n"
            "that optimise (mip, auto, stable-optimal, almost-stable); deferred acceptance ignores it.\n\n"
            "  --engines LIST  engines to run: %s\n"
            "  --json          one JSON document (musubi-compare-1) with each engine's metrics\n"
            "  --csv           one CSV row per engine (profiles as 1st|2nd|...)\n"
            "  --csv-delimiter D  the CSV's delimiter: , ; or tab (default: the instance's, see import --help)\n"
            "  -o FILE         write the table to FILE (default: stdout)\n"
            "  -q, -v          quiet / verbose (lists blocking pairs in --json, engine logs)\n"
            "The solve options below apply to every engine run, except --engine (use --engines) and --metrics\n"
            "(compare measures all; none or basic is refused):\n",
            MU_ENGINE_NAMES);
    mu_options_help(out);
    fprintf(
        out,
        "\nExample:\n"
        "  musubi compare instances/tokyo-2022.json --engines mip,da-applicant,da-company,stable-optimal\n"
        "  musubi compare instances/jip-fy2018.json --engines auto,almost-stable --time-limit 60 --csv -o cmp.csv\n\n"
        "Exit codes: 0 the table was written; 1 an engine's assignment failed the checker; 2 usage\n"
        "error; 3 invalid instance; 4 a file could not be read or written; 5 no engine found a\n"
        "solution; 6 a solver library failed; 7 out of memory.\n");
}

typedef struct row {
    int engine;
    mu_solution *sol;   /* NULL when refused */
    char refused[1024]; /* why the engine did not run */
    int64_t violations; /* found by the checker */
} row;

typedef struct cmp {
    const mu_instance *inst;
    row rows[MAX_ENGINES];
    int n;
    int has_max;
    int64_t max_weight; /* the maximum weight under the quotas, when known */
} cmp;

/* ---- cells */

static void profile_cell(char *buf, size_t n, const int64_t *x, int32_t levels, char sep) {
    size_t used = 0;
    buf[0] = '\0';
    for (int32_t i = 0; i < levels && used + 24 < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%lld", i ? (char[]){sep, 0} : "", (long long)x[i]);
    if (levels == 0) snprintf(buf, n, "-");
}

static const mu_metrics *metrics_of(const row *r) { return r->sol && r->sol->has_assignment ? r->sol->metrics : NULL; }

/* The text of measure `what` for row r (human form). */
static void cell(const cmp *c, const row *r, int what, int group, char *buf, size_t n) {
    const mu_metrics *m = metrics_of(r);
    const mu_solution *s = r->sol;
    buf[0] = '\0';
    if (what == 0) {
        snprintf(buf, n, "%s", s ? mu_status_name(s->status) : "refused");
        return;
    }
    if (what == 15) {
        snprintf(buf, n, "%s", !s ? "-" : r->violations ? "INVALID" : s->has_assignment ? "valid" : "-");
        return;
    }
    if (what == 14) {
        if (s) snprintf(buf, n, "%.2f", s->seconds);
        else snprintf(buf, n, "-");
        return;
    }
    if (!m) {
        snprintf(buf, n, "-");
        return;
    }
    switch (what) {
    case 1: snprintf(buf, n, "%lld", (long long)m->placements); break;
    case 2: snprintf(buf, n, "%.1f%%", m->seats ? 100.0 * (double)m->placements / (double)m->seats : 0.0); break;
    case 3: snprintf(buf, n, "%lld", (long long)m->weight); break;
    case 4:
        if (c->has_max) snprintf(buf, n, "%lld", (long long)(c->max_weight - m->weight));
        else snprintf(buf, n, "?");
        break;
    case 5: snprintf(buf, n, "%lld", (long long)m->blocking); break;
    case 16: snprintf(buf, n, "%lld", (long long)m->blocking_quota); break;
    case 6: snprintf(buf, n, "%lld (%lld)", (long long)m->envy_pairs, (long long)m->envious); break;
    case 7: profile_cell(buf, n, m->app_profile, m->app_levels, '/'); break;
    case 8: snprintf(buf, n, "%.2f", m->app_mean_rank); break;
    case 9: profile_cell(buf, n, m->com_profile, m->com_levels, '/'); break;
    case 10: snprintf(buf, n, "%.2f", m->com_mean_rank); break;
    case 11: snprintf(buf, n, "%lld", (long long)m->egalitarian_cost); break;
    case 12: snprintf(buf, n, "%.3f", m->gini); break;
    case 13:
        if (group < m->n_groups) {
            const mu_group_rate *g = &m->groups[group];
            snprintf(buf, n, "%lld/%lld %.0f%%", (long long)g->placed, (long long)g->eligible,
                     g->eligible ? 100.0 * (double)g->placed / (double)g->eligible : 0.0);
        }
        break;
    default: break;
    }
}

static const char *const LABELS[] = {"status",
                                     "placements",
                                     "fill rate",
                                     "weight",
                                     "lost vs max weight",
                                     "blocking pairs",
                                     "justified envy (appl.)",
                                     "applicant ranks 1st/2nd/..",
                                     "applicant mean rank",
                                     "company ranks 1st/2nd/..",
                                     "company mean rank",
                                     "egalitarian cost",
                                     "Gini of welfare",
                                     "",
                                     "time (s)",
                                     "check",
                                     "blocking pairs, quota-respecting"};

/* Groups are the same in every row (they come from the instance). */
static const mu_metrics *any_metrics(const cmp *c) {
    for (int i = 0; i < c->n; i++)
        if (metrics_of(&c->rows[i])) return metrics_of(&c->rows[i]);
    return NULL;
}

static void write_table(FILE *o, const cmp *c) {
    const mu_instance *inst = c->inst;
    const mu_metrics *gm = any_metrics(c);
    int ngroups = gm ? gm->n_groups : 0;
    int nlines = 16 + ngroups;
    /* line l: measure and group */
    int *what = calloc((size_t)nlines + 1, sizeof *what), *grp = calloc((size_t)nlines + 1, sizeof *grp);
    if (!what || !grp) {
        free(what), free(grp);
        return;
    }
    int l = 0;
    for (int w = 0; w <= 12; w++) {
        what[l] = w, grp[l++] = 0;
        if (w == 5) what[l] = 16, grp[l++] = 0; /* beside the quota-blind count */
    }
    for (int g = 0; g < ngroups; g++) what[l] = 13, grp[l++] = g;
    what[l] = 14, grp[l++] = 0;
    what[l] = 15, grp[l++] = 0;
    char label[160], buf[256];
    size_t lw = 0, cw[MAX_ENGINES];
    for (int i = 0; i < l; i++) {
        if (what[i] == 13)
            snprintf(label, sizeof label, "%s %s=%s", gm->groups[grp[i]].company_side ? "seats filled" : "placed",
                     gm->groups[grp[i]].attr, gm->groups[grp[i]].value);
        else snprintf(label, sizeof label, "%s", LABELS[what[i]]);
        if (strlen(label) > lw) lw = strlen(label);
    }
    for (int e = 0; e < c->n; e++) {
        cw[e] = strlen(mu_engine_name(c->rows[e].engine));
        for (int i = 0; i < l; i++) {
            cell(c, &c->rows[e], what[i], grp[i], buf, sizeof buf);
            if (strlen(buf) > cw[e]) cw[e] = strlen(buf);
        }
    }
    fprintf(o, "musubi compare: %s%s%s: %d applicants, %d companies\n", inst->path, inst->name ? " — " : "",
            inst->name ? inst->name : "", inst->n_app, inst->n_com);
    fprintf(o, "%-*s", (int)lw, "");
    for (int e = 0; e < c->n; e++) fprintf(o, "  %*s", (int)cw[e], mu_engine_name(c->rows[e].engine));
    fputc('\n', o);
    for (int i = 0; i < l; i++) {
        if (what[i] == 13)
            snprintf(label, sizeof label, "%s %s=%s", gm->groups[grp[i]].company_side ? "seats filled" : "placed",
                     gm->groups[grp[i]].attr, gm->groups[grp[i]].value);
        else snprintf(label, sizeof label, "%s", LABELS[what[i]]);
        fprintf(o, "%-*s", (int)lw, label);
        for (int e = 0; e < c->n; e++) {
            cell(c, &c->rows[e], what[i], grp[i], buf, sizeof buf);
            fprintf(o, "  %*s", (int)cw[e], buf);
        }
        fputc('\n', o);
    }
    if (c->has_max)
        fprintf(o, "maximum weight (quotas kept, stability not required): %lld\n", (long long)c->max_weight);
    for (int e = 0; e < c->n; e++) {
        const row *r = &c->rows[e];
        const mu_metrics *m = metrics_of(r);
        if (m && c->has_max && m->blocking == 0 && r->engine == MU_ENGINE_STABLE_OPTIMAL)
            fprintf(o, "price of stability: %lld (%.2f%% of the maximum weight)\n",
                    (long long)(c->max_weight - m->weight),
                    c->max_weight ? 100.0 * (double)(c->max_weight - m->weight) / (double)c->max_weight : 0.0);
    }
    for (int e = 0; e < c->n; e++) {
        const row *r = &c->rows[e];
        if (!r->sol) fprintf(o, "note: %s refused: %s\n", mu_engine_name(r->engine), r->refused);
        else { /* auto's reason names itself ("auto: ..."): the engine once */
            const char *why = r->sol->reason ? r->sol->reason : "";
            size_t n = strlen(mu_engine_name(r->engine));
            int named = strncmp(why, mu_engine_name(r->engine), n) == 0 && why[n] == ':';
            fprintf(o, "note: %s%s%s\n", named ? "" : mu_engine_name(r->engine), named ? "" : ": ", why);
        }
    }
    free(what), free(grp);
}

/* A number in the CSV: with the delimiter `;` its decimal point is a comma,
 * as Excel writes and reads numbers where it separates cells with `;`. */
static void csv_num(FILE *o, const char *fmt, double x, char d) {
    char buf[64];
    snprintf(buf, sizeof buf, fmt, x);
    for (char *p = buf; d == ';' && *p; p++)
        if (*p == '.') *p = ',';
    fputs(buf, o);
}

/* One row per engine, in the instance's CSV delimiter (mu_instance_csv_sep). */
static void write_csv(FILE *o, const cmp *c) {
    static const char *const head[] = {"engine",
                                       "status",
                                       "criterion",
                                       "criterion_value",
                                       "placements",
                                       "seats",
                                       "fill_rate",
                                       "weight",
                                       "max_weight",
                                       "weight_lost",
                                       "blocking_pairs",
                                       "blocking_pairs_quota_respecting",
                                       "envy_pairs",
                                       "envious_applicants",
                                       "applicant_profile",
                                       "applicant_mean_rank",
                                       "company_profile",
                                       "company_mean_rank",
                                       "egalitarian_cost",
                                       "gini_welfare",
                                       "seconds",
                                       "check",
                                       "reason"};
    const char d = mu_instance_csv_sep(c->inst);
    const mu_metrics *gm = any_metrics(c);
    for (size_t k = 0; k < MU_ARRAY_LEN(head); k++) {
        if (k) fputc(d, o);
        fputs(head[k], o);
    }
    for (int g = 0; gm && g < gm->n_groups; g++) {
        char h[600];
        snprintf(h, sizeof h, "%s:%s=%s", gm->groups[g].company_side ? "filled" : "placed", gm->groups[g].attr,
                 gm->groups[g].value);
        fputc(d, o);
        mu_csv_cell_sep(o, h, d);
    }
    fputc('\n', o);
    char buf[4096];
    for (int e = 0; e < c->n; e++) {
        const row *r = &c->rows[e];
        const mu_solution *s = r->sol;
        const mu_metrics *m = metrics_of(r);
        fprintf(o, "%s%c%s%c", mu_engine_name(r->engine), d, s ? mu_status_name(s->status) : "refused", d);
        if (s && s->has_assignment) {
            fprintf(o, "%s%c", s->criterion, d);
            csv_num(o, "%.10g", s->criterion_value, d);
            fputc(d, o);
        } else fprintf(o, "%c%c", d, d);
        if (m) {
            fprintf(o, "%lld%c%lld%c", (long long)m->placements, d, (long long)m->seats, d);
            csv_num(o, "%.6g", m->seats ? (double)m->placements / (double)m->seats : 0.0, d);
            fprintf(o, "%c%lld%c", d, (long long)m->weight, d);
            if (c->has_max)
                fprintf(o, "%lld%c%lld%c", (long long)c->max_weight, d, (long long)(c->max_weight - m->weight), d);
            else fprintf(o, "%c%c", d, d);
            fprintf(o, "%lld%c%lld%c%lld%c%lld%c", (long long)m->blocking, d, (long long)m->blocking_quota, d,
                    (long long)m->envy_pairs, d, (long long)m->envious, d);
            profile_cell(buf, sizeof buf, m->app_profile, m->app_levels, '|');
            fprintf(o, "%s%c", buf, d);
            csv_num(o, "%.6g", m->app_mean_rank, d);
            profile_cell(buf, sizeof buf, m->com_profile, m->com_levels, '|');
            fprintf(o, "%c%s%c", d, buf, d);
            csv_num(o, "%.6g", m->com_mean_rank, d);
            fprintf(o, "%c%lld%c", d, (long long)m->egalitarian_cost, d);
            csv_num(o, "%.6g", m->gini, d);
            fputc(d, o);
        } else {
            for (int k = 0; k < 16; k++) fputc(d, o);
        }
        if (s) {
            csv_num(o, "%.3f", s->seconds, d);
            fprintf(o, "%c%s%c", d, r->violations ? "invalid" : s->has_assignment ? "valid" : "", d);
        } else fprintf(o, "%c%c", d, d);
        mu_csv_cell_sep(o, s ? (s->reason ? s->reason : "") : r->refused, d);
        for (int g = 0; gm && g < gm->n_groups; g++) {
            fputc(d, o);
            if (m && g < m->n_groups)
                csv_num(o, "%.6g",
                        m->groups[g].members ? (double)m->groups[g].placed / (double)m->groups[g].members : 0.0, d);
        }
        fputc('\n', o);
    }
}

static void write_json(FILE *o, const cmp *c) {
    const mu_instance *inst = c->inst;
    fputs("{\n  \"format\": \"musubi-compare-1\",\n  \"instance\": ", o);
    mu_json_string(o, inst->path);
    fputs(",\n  \"instance_name\": ", o);
    mu_json_string(o, mu_instance_name(inst));
    fprintf(o, ",\n  \"applicants\": %d,\n  \"companies\": %d,\n  \"max_weight\": ", inst->n_app, inst->n_com);
    if (c->has_max) fprintf(o, "%lld", (long long)c->max_weight);
    else fputs("null", o);
    fputs(",\n  \"musubi\": ", o);
    mu_json_string(o, mu_version());
    fputs(",\n  \"engines\": [", o);
    for (int e = 0; e < c->n; e++) {
        const row *r = &c->rows[e];
        const mu_solution *s = r->sol;
        fprintf(o, "%s\n    {\"engine\": \"%s\", \"status\": \"%s\"", e ? "," : "", mu_engine_name(r->engine),
                s ? mu_status_name(s->status) : "refused");
        if (!s) {
            fputs(", \"reason\": ", o);
            mu_json_string(o, r->refused);
            fputc('}', o);
            continue;
        }
        fputs(", \"engine_reason\": ", o);
        mu_json_string(o, s->reason ? s->reason : "");
        fprintf(o, ", \"seconds\": %.3f", s->seconds);
        if (s->has_assignment) {
            fprintf(o, ", \"objective\": %lld, \"criterion\": \"%s\", \"criterion_value\": %.10g",
                    (long long)s->objective, s->criterion, s->criterion_value);
            if (c->has_max) fprintf(o, ", \"weight_lost\": %lld", (long long)(c->max_weight - s->objective));
            fprintf(o, ", \"check\": \"%s\"", r->violations ? "invalid" : "valid");
        }
        fputs(",\n     \"metrics\": ", o);
        mu_metrics_write_json(o, metrics_of(r), inst, "     ");
        fputc('}', o);
    }
    fputs("\n  ]\n}\n", o);
}

/* ---- the command */

static int parse_engines(const char *list, cmp *c) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    c->n = 0;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        mu_options probe;
        mu_options_init(&probe);
        mu_error err = {0};
        if (mu_options_set(&probe, "engine", t, &err)) {
            fprintf(stderr, "musubi compare: --engines: expected names from %s, got \"%s\"\n", MU_ENGINE_NAMES, t);
            return MU_EUSAGE;
        }
        if (c->n == MAX_ENGINES) {
            fprintf(stderr, "musubi compare: --engines: at most %d engines\n", MAX_ENGINES);
            return MU_EUSAGE;
        }
        c->rows[c->n++].engine = probe.engine;
    }
    if (c->n == 0) {
        fprintf(stderr, "musubi compare: --engines: no engine given\n");
        return MU_EUSAGE;
    }
    return MU_OK;
}

static int report_error(const mu_error *err) { return mu_cli_error(err); }

int mu_cmd_compare(int argc, char **argv) {
    mu_options opt;
    mu_options_init(&opt);
    mu_error err = {0};
    static cmp c; /* large: rows carry messages */
    memset(&c, 0, sizeof c);
    const char *instance = NULL, *outpath = "-", *engines = DEFAULT_ENGINES;
    char delim = 0; /* --csv-delimiter */
    int k;
    int json = 0, csv = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            compare_help(stdout);
            return 0;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            opt.verbosity = 0;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            opt.verbosity = 2;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--csv") == 0) {
            csv = 1;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--engines") == 0 ||
                   strncmp(a, "--engines=", 10) == 0) {
            const char *v = strncmp(a, "--engines=", 10) == 0 ? a + 10 : i + 1 < argc ? argv[++i] : NULL;
            if (!v) {
                fprintf(stderr, "musubi compare: %s needs a value\n", a);
                return MU_EUSAGE;
            }
            if (a[1] == 'o' || strcmp(a, "--output") == 0) outpath = v;
            else engines = v;
        } else if (strcmp(a, "--engine") == 0 || strncmp(a, "--engine=", 9) == 0) {
            fprintf(stderr, "musubi compare: use --engines LIST (comma-separated)\n");
            return MU_EUSAGE;
        } else if ((k = mu_cli_csv_delimiter(argc, argv, &i, "compare", &delim)) != 0) {
            if (k < 0) return MU_EUSAGE;
        } else if (strncmp(a, "--", 2) == 0) {
            if (mu_cli_option(&opt, argc, argv, &i, "compare")) return MU_EUSAGE;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "musubi compare: unknown option %s (see musubi compare --help)\n", a);
            return MU_EUSAGE;
        } else if (!instance) {
            instance = a;
        } else {
            fprintf(stderr, "musubi compare: unexpected argument %s\n", a);
            return MU_EUSAGE;
        }
    }
    if (json && csv) {
        fprintf(stderr, "musubi compare: give at most one of --json and --csv\n");
        return MU_EUSAGE;
    }
    if (opt.metrics == MU_METRICS_NONE || opt.metrics == MU_METRICS_BASIC) { /* never skipped without a word */
        fprintf(stderr,
                "musubi compare: --metrics %s: compare measures all the metrics, whatever the size (they are "
                "what it compares); leave --metrics out or give all\n",
                opt.metrics == MU_METRICS_NONE ? "none" : "basic");
        return MU_EUSAGE;
    }
    opt.metrics = MU_METRICS_ALL;
    if (!instance) {
        fprintf(stderr, "musubi compare: no instance given (see musubi compare --help)\n");
        return MU_EUSAGE;
    }
    int rc = parse_engines(engines, &c);
    if (rc) return rc;
    mu_set_verbosity(opt.verbosity);
#ifdef _OPENMP
    if (opt.threads > 0) omp_set_num_threads(opt.threads);
#endif
    mu_instance *inst = NULL;
    if ((rc = mu_instance_read(instance, &inst, &err))) return report_error(&err);
    if (delim) inst->csv_delim = delim;
    c.inst = inst;
    int placed_any = 0, invalid = 0;
    for (int e = 0; e < c.n && !rc; e++) {
        row *r = &c.rows[e];
        mu_options o = opt;
        o.engine = r->engine;
        if (r->engine == MU_ENGINE_DA_APPLICANT || r->engine == MU_ENGINE_DA_COMPANY || r->engine == MU_ENGINE_FLOW)
            o.objective = MU_OBJECTIVE_WEIGHT; /* they optimise nothing else */
        mu_error e1 = {0};
        int src = mu_solve(inst, &o, &r->sol, &e1);
        if (src == MU_EUSAGE) { /* the engine cannot honour this instance or these options: a row, not a failure */
            snprintf(r->refused, sizeof r->refused, "%s", e1.msg);
            continue;
        }
        if (src) {
            rc = report_error(&e1);
            break;
        }
        if (opt.verbosity > 0)
            fprintf(stderr, "musubi compare: %s: %s in %.2f s\n", mu_engine_name(r->engine),
                    mu_status_name(r->sol->status), r->sol->seconds);
        if (!r->sol->has_assignment) continue;
        placed_any = 1;
        /* Metrics in a comparison always: they are what is compared. */
        if ((rc = mu_solution_measure(r->sol, inst, &o, &e1))) {
            rc = report_error(&e1);
            break;
        }
        int64_t obj = 0;
        r->violations = mu_check_assignment(inst, r->sol->app_com, &obj, stderr);
        if (obj != r->sol->objective) r->violations++;
        if (r->violations) {
            fprintf(stderr,
                    "musubi compare: %s: the assignment FAILS the checker (%lld violation%s; weight %lld recomputed, "
                    "%lld reported)\n",
                    mu_engine_name(r->engine), (long long)r->violations, r->violations == 1 ? "" : "s", (long long)obj,
                    (long long)r->sol->objective);
            invalid = 1;
        }
    }
    if (!rc) {
        /* The maximum weight under the quotas: from a weight-optimal row, else a stable engine's own
         * unconstrained solve, else one more solve. */
        for (int e = 0; e < c.n && !c.has_max; e++) {
            const row *r = &c.rows[e];
            if (r->sol && r->sol->status == MU_STATUS_OPTIMAL && strcmp(r->sol->criterion, "weight") == 0 &&
                (r->engine == MU_ENGINE_AUTO || r->engine == MU_ENGINE_MIP || r->engine == MU_ENGINE_FLOW))
                c.has_max = 1, c.max_weight = r->sol->objective;
            else if (metrics_of(r) && metrics_of(r)->has_unconstrained)
                c.has_max = 1, c.max_weight = metrics_of(r)->max_weight;
        }
        if (!c.has_max && placed_any) {
            mu_options o = opt;
            o.engine = MU_ENGINE_AUTO;
            o.objective = MU_OBJECTIVE_WEIGHT;
            mu_solution *ref = NULL;
            mu_error e1 = {0};
            if (mu_solve(inst, &o, &ref, &e1) == MU_OK && ref->status == MU_STATUS_OPTIMAL)
                c.has_max = 1, c.max_weight = ref->objective;
            mu_solution_free(ref);
        }
        mu_outfile out;
        rc = mu_out_open(&out, outpath, &err);
        if (!rc) {
            if (json) write_json(out.fp, &c);
            else if (csv) write_csv(out.fp, &c);
            else write_table(out.fp, &c);
            rc = mu_out_commit(&out, &err);
        }
        if (rc) report_error(&err);
        else if (invalid) rc = MU_EINVALID_SOLUTION;
        else if (!placed_any) rc = MU_ENOSOLUTION;
    }
    for (int e = 0; e < c.n; e++) mu_solution_free(c.rows[e].sol);
    mu_instance_free(inst);
    return rc;
}
