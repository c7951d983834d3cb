/* Solutions: construction, the musubi-solution-1 JSON writer, the CSV
 * assignment and the human summary. */
#include "model/solution.h"
#include "base/io.h"

#include "analysis/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const STATUS_NAMES[] = {"optimal", "feasible", "infeasible", "time_limit", "interrupted"};
const char *mu_status_name(mu_status s) {
    return (unsigned)s < MU_ARRAY_LEN(STATUS_NAMES) ? STATUS_NAMES[s] : "unknown";
}

mu_solution *mu_solution_new(int32_t n_app, int32_t n_com, mu_error *err) {
    mu_solution *s = mu_calloc(1, sizeof *s, err);
    if (!s) return NULL;
    s->n_app = n_app;
    s->n_com = n_com;
    s->hosts_participating = -1;
    s->app_com = mu_alloc((size_t)n_app + 1, sizeof *s->app_com, err);
    s->app_w = mu_calloc((size_t)n_app + 1, sizeof *s->app_w, err);
    if (!s->app_com || !s->app_w) {
        mu_solution_free(s);
        return NULL;
    }
    for (int32_t a = 0; a < n_app; a++) s->app_com[a] = -1;
    return s;
}

void mu_cert_free(mu_cert *c) {
    free(c->u), free(c->v), free(c->rows);
    *c = (mu_cert){0};
}

void mu_solution_free(mu_solution *s) {
    if (!s) return;
    free(s->app_com);
    free(s->app_w);
    mu_cert_free(&s->cert);
    mu_metrics_free(s->metrics);
    for (int32_t k = 0; k < s->n_warnings; k++) free(s->warnings[k]);
    free(s->warnings);
    free(s);
}

mu_status mu_solution_status(const mu_solution *s) { return s->status; }
int mu_solution_has_assignment(const mu_solution *s) { return s->has_assignment; }
int64_t mu_solution_objective(const mu_solution *s) { return s->objective; }
int32_t mu_solution_company_of(const mu_solution *s, int32_t a) {
    MU_REQUIRE(a >= 0 && a < s->n_app);
    return s->app_com[a];
}

/* Doubles that are whole numbers print as integers, so bounds read cleanly. */
static void json_number(FILE *out, double x) {
    if (fabs(x) < 9e15 && x == floor(x)) fprintf(out, "%.0f", x);
    else fprintf(out, "%.17g", x);
}

static void write_json(FILE *o, const mu_solution *s, const mu_instance *inst, const mu_options *opt) {
    fprintf(o, "{\n  \"format\": \"musubi-solution-1\",\n  \"instance\": ");
    mu_json_string(o, inst->path);
    fprintf(o, ",\n  \"instance_name\": ");
    mu_json_string(o, mu_instance_name(inst));
    fprintf(o, ",\n  \"status\": \"%s\",\n  \"engine\": \"%s\",\n  \"engine_reason\": ", mu_status_name(s->status), s->engine);
    mu_json_string(o, s->reason);
    if (s->has_assignment) fprintf(o, ",\n  \"objective\": %lld", (long long)s->objective);
    else fprintf(o, ",\n  \"objective\": null");
    fprintf(o, ",\n  \"criterion\": \"%s\"", s->criterion[0] ? s->criterion : "weight");
    if (s->criterion[0] && strcmp(s->criterion, "weight") != 0 && s->has_assignment) {
        fprintf(o, ",\n  \"criterion_value\": ");
        json_number(o, s->criterion_value);
    }
    fprintf(o, ",\n  \"bound\": ");
    if (s->has_bound) json_number(o, s->bound);
    else fputs("null", o);
    fprintf(o, ",\n  \"gap\": ");
    if (s->has_bound && s->has_assignment) fprintf(o, "%.6g", s->gap);
    else fputs("null", o);
    int32_t placed = 0;
    for (int32_t a = 0; a < s->n_app; a++) placed += s->app_com[a] >= 0;
    fprintf(o, ",\n  \"seconds\": %.3f,\n  \"placements\": %d,\n  \"applicants\": %d,\n  \"companies\": %d,\n"
               "  \"eligible_pairs\": %lld,\n  \"quota_rows\": %d,\n",
            s->seconds, placed, s->n_app, s->n_com, (long long)s->eligible_pairs, s->quota_rows);
    if (s->hosts_participating >= 0) fprintf(o, "  \"hosts_participating\": %lld,\n", (long long)s->hosts_participating);
    fprintf(o, "  \"options\": {");
    if (opt) {
        fprintf(o, "\"engine\": \"%s\", \"time_limit\": %g, \"gap\": %g, \"threads\": %d, \"seed\": %d",
                mu_engine_name(opt->engine), opt->time_limit, opt->gap, opt->threads, opt->seed);
        fprintf(o, ", \"objective_name\": \"%s\", \"tie_break\": \"%s\", \"group_by\": ", mu_objective_name(opt->objective),
                mu_tie_break_name(opt->tie_break));
        if (opt->group_by) mu_json_string(o, opt->group_by);
        else fputs("null", o);
    }
    fprintf(o, "},\n  \"musubi\": ");
    mu_json_string(o, mu_version());
    if (s->n_warnings) { /* lint's findings (model/lint.h) */
        fprintf(o, ",\n  \"warnings\": [");
        for (int32_t k = 0; k < s->n_warnings; k++) {
            fputs(k ? ",\n    " : "\n    ", o);
            mu_json_string(o, s->warnings[k]);
        }
        fprintf(o, "\n  ]");
    }
    int32_t track_key = mu_sym_find(&inst->syms, "track"), host_key = mu_sym_find(&inst->syms, "host");
    if (host_key < 0) track_key = -1;
    fprintf(o, ",\n  \"assignment\": [");
    const char *sep = "\n    ";
    for (int32_t a = 0; s->has_assignment && a < s->n_app; a++) {
        if (s->app_com[a] < 0) continue;
        fprintf(o, "%s{\"applicant\": ", sep);
        mu_json_string(o, inst->app_ids.str[a]);
        fprintf(o, ", \"company\": ");
        mu_json_string(o, inst->com_ids.str[s->app_com[a]]);
        if (track_key >= 0 && mu_attr_first(inst, &inst->com_attrs, s->app_com[a], track_key)) { /* a position of a host with tracks */
            fprintf(o, ", \"host\": ");
            mu_json_string(o, mu_attr_first(inst, &inst->com_attrs, s->app_com[a], host_key));
            fprintf(o, ", \"track\": ");
            mu_json_string(o, mu_attr_first(inst, &inst->com_attrs, s->app_com[a], track_key));
        }
        fprintf(o, ", \"weight\": %lld}", (long long)s->app_w[a]);
        sep = ",\n    ";
    }
    fprintf(o, "%s],\n  \"unassigned\": [", sep[0] == ',' ? "\n  " : "");
    sep = "";
    for (int32_t a = 0; s->has_assignment && a < s->n_app; a++) {
        if (s->app_com[a] >= 0) continue;
        fputs(sep, o);
        mu_json_string(o, inst->app_ids.str[a]);
        sep = ", ";
    }
    fprintf(o, "],\n  \"fill\": [");
    int32_t *filled = calloc((size_t)s->n_com + 1, sizeof *filled);
    for (int32_t a = 0; filled && s->has_assignment && a < s->n_app; a++)
        if (s->app_com[a] >= 0) filled[s->app_com[a]]++;
    sep = "\n    ";
    for (int32_t c = 0; c < s->n_com; c++) {
        fprintf(o, "%s{\"company\": ", sep);
        mu_json_string(o, inst->com_ids.str[c]);
        fprintf(o, ", \"capacity\": %d, \"assigned\": %d}", inst->com[c].capacity, filled ? filled[c] : 0);
        sep = ",\n    ";
    }
    free(filled);
    fprintf(o, "%s]", s->n_com ? "\n  " : "");
    if (s->cert.scale > 0) {
        /* Only non-zero prices are written; an absent id or row has price 0. */
        const mu_cert *ct = &s->cert;
        fprintf(o, ",\n  \"certificate\": {\n    \"kind\": \"dual-prices\",\n    \"scale\": %lld,\n    \"bound\": %lld,"
                   "\n    \"applicant_prices\": {",
                (long long)ct->scale, (long long)ct->bound);
        sep = "";
        for (int32_t a = 0; a < s->n_app; a++)
            if (ct->u[a]) {
                fputs(sep, o);
                mu_json_string(o, inst->app_ids.str[a]);
                fprintf(o, ": %lld", (long long)ct->u[a]);
                sep = ", ";
            }
        fprintf(o, "},\n    \"company_prices\": {");
        sep = "";
        for (int32_t c = 0; c < s->n_com; c++)
            if (ct->v[c]) {
                fputs(sep, o);
                mu_json_string(o, inst->com_ids.str[c]);
                fprintf(o, ": %lld", (long long)ct->v[c]);
                sep = ", ";
            }
        fprintf(o, "}");
        if (ct->n_rows) {
            fprintf(o, ",\n    \"quota_prices\": [");
            for (int32_t k = 0; k < ct->n_rows; k++) {
                const mu_cert_row *r = &ct->rows[k];
                fprintf(o, "%s{\"quota\": ", k ? ",\n      " : "\n      ");
                mu_json_string(o, inst->quotas[r->quota].name);
                if (r->company >= 0) fprintf(o, ", \"company\": "), mu_json_string(o, inst->com_ids.str[r->company]);
                if (r->app_group >= 0) fprintf(o, ", \"group\": "), mu_json_string(o, inst->syms.str[r->app_group]);
                if (r->com_group >= 0) fprintf(o, ", \"company_group\": "), mu_json_string(o, inst->syms.str[r->com_group]);
                fprintf(o, ", \"price\": %lld}", (long long)r->price);
            }
            fprintf(o, "\n    ]");
        }
        fprintf(o, "\n  }");
    }
    fprintf(o, ",\n  \"metrics\": ");
    mu_metrics_write_json(o, s->has_assignment ? s->metrics : NULL, inst, "  ");
    fprintf(o, "\n}\n");
}

int mu_solution_write_json(const mu_solution *s, const mu_instance *inst, const mu_options *opt, const char *path,
                           mu_error *err) {
    mu_outfile o;
    int rc = mu_out_open(&o, path, err);
    if (rc) return rc;
    write_json(o.fp, s, inst, opt);
    return mu_out_commit(&o, err);
}

int mu_solution_write_csv(const mu_solution *s, const mu_instance *inst, const char *path, mu_error *err) {
    mu_outfile o;
    int rc = mu_out_open(&o, path, err);
    if (rc) return rc;
    fprintf(o.fp, "applicant,company,weight\n");
    for (int32_t a = 0; s->has_assignment && a < s->n_app; a++) {
        if (s->app_com[a] < 0) continue;
        mu_csv_cell(o.fp, inst->app_ids.str[a]);
        fputc(',', o.fp);
        mu_csv_cell(o.fp, inst->com_ids.str[s->app_com[a]]);
        fprintf(o.fp, ",%lld\n", (long long)s->app_w[a]);
    }
    return mu_out_commit(&o, err);
}

void mu_solution_summary(const mu_solution *s, const mu_instance *inst, FILE *out) {
    int32_t placed = 0, full = 0;
    int32_t *filled = calloc((size_t)s->n_com + 1, sizeof *filled);
    int64_t seats = 0;
    for (int32_t a = 0; a < s->n_app; a++)
        if (s->app_com[a] >= 0) {
            placed++;
            if (filled) filled[s->app_com[a]]++;
        }
    for (int32_t c = 0; c < s->n_com; c++) {
        seats += inst->com[c].capacity;
        if (filled && filled[c] == inst->com[c].capacity) full++;
    }
    free(filled);
    fprintf(out, "musubi: %s%s%s: %d applicants, %d companies, %lld seats, %lld eligible pairs, %d quota rows\n",
            inst->path, inst->name ? " — " : "", inst->name ? inst->name : "", s->n_app, s->n_com,
            (long long)seats, (long long)s->eligible_pairs, s->quota_rows);
    fprintf(out, "musubi: status %s by engine %s in %.2f s (%s)\n", mu_status_name(s->status), s->engine,
            s->seconds, s->reason);
    if (s->has_assignment) {
        fprintf(out, "musubi: placed %d of %d applicants (%.1f%%); %d of %d companies full; total weight %lld",
                placed, s->n_app, s->n_app ? 100.0 * placed / s->n_app : 0.0, full, s->n_com,
                (long long)s->objective);
        int by_weight = !s->criterion[0] || strcmp(s->criterion, "weight") == 0;
        if (s->has_bound && by_weight) fprintf(out, ", bound %.0f, gap %.4f%%", s->bound, 100.0 * s->gap);
        if (!by_weight) {
            fprintf(out, "; %s %.6g", s->criterion, s->criterion_value);
            if (s->has_bound) fprintf(out, ", bound %.6g, gap %.4f%%", s->bound, 100.0 * s->gap);
        }
        fputc('\n', out);
        mu_metrics_summary(s->metrics, inst, out, mu_verbosity >= 2);
    }
}
