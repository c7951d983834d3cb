/* The solution's writers: musubi-solution-1 JSON (with the metrics and the
 * effective options, echoed from the options table) to a file or to memory
 * (mu_solution_json), the CSV assignment, and the human summary on stderr. */
#include "output/solution.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/io.h"

static void json_profile(FILE *o, const int64_t *x, int32_t n) {
    fputc('[', o);
    for (int32_t i = 0; i < n; i++) fprintf(o, "%s%lld", i ? ", " : "", (long long)x[i]);
    fputc(']', o);
}

/* The measures of level all: ranks, blocking pairs, envy, egalitarian cost. */
static void metrics_ranks_json(FILE *o, const mu_metrics *m, const mu_instance *inst, const char *in) {
    fprintf(o, "%s  \"applicant_ranks\": {\"profile\": ", in);
    json_profile(o, m->app_profile, m->app_levels);
    fprintf(o, ", \"mean\": %.6g},\n%s  \"company_ranks\": {\"profile\": ", m->app_mean_rank, in);
    json_profile(o, m->com_profile, m->com_levels);
    fprintf(o, ", \"mean\": %.6g},\n%s  \"blocking_pairs\": %lld,\n", m->com_mean_rank, in, (long long)m->blocking);
    fprintf(o, "%s  \"blocking_pairs_quota_respecting\": %lld,\n", in, (long long)m->blocking_quota);
    if (m->listed_app) {
        fprintf(o, "%s  \"blocking_pair_list\": [", in);
        for (int64_t i = 0; i < m->n_listed; i++) {
            fprintf(o, "%s{\"applicant\": ", i ? ", " : "");
            mu_json_string(o, inst->app_ids.str[m->listed_app[i]]);
            fputs(", \"company\": ", o);
            mu_json_string(o, inst->com_ids.str[m->listed_com[i]]);
            fputc('}', o);
        }
        fputs("],\n", o);
    }
    fprintf(o, "%s  \"justified_envy\": {\"pairs\": %lld, \"applicants\": %lld},\n", in, (long long)m->envy_pairs,
            (long long)m->envious);
    fprintf(o, "%s  \"egalitarian_cost\": %lld,\n", in, (long long)m->egalitarian_cost);
}

void mu_metrics_write_json(FILE *o, const mu_metrics *m, const mu_instance *inst, const char *in) {
    if (!m) {
        fputs("null", o);
        return;
    }
    int all = m->level != MU_METRICS_BASIC;
    fprintf(o, "{\n%s  \"level\": \"%s\",\n", in, all ? "all" : "basic");
    fprintf(o, "%s  \"placements\": %lld,\n%s  \"applicants\": %lld,\n%s  \"seats\": %lld,\n%s  \"fill_rate\": %.6g,\n",
            in, (long long)m->placements, in, (long long)m->applicants, in, (long long)m->seats, in,
            m->seats ? (double)m->placements / (double)m->seats : 0.0);
    fprintf(o, "%s  \"weight\": %lld,\n", in, (long long)m->weight);
    if (all) metrics_ranks_json(o, m, inst, in);
    fprintf(o, "%s  \"gini_welfare\": %.6g,\n%s  \"groups\": [", in, m->gini, in);
    for (int32_t i = 0; i < m->n_groups; i++) {
        const mu_group_rate *g = &m->groups[i];
        fprintf(o, "%s\n%s    {\"attribute\": ", i ? "," : "", in);
        mu_json_string(o, g->attr);
        fprintf(o, ", \"side\": \"%s\", \"value\": ", g->company_side ? "companies" : "applicants");
        mu_json_string(o, g->value);
        fprintf(o, ", \"%s\": %lld", g->company_side ? "seats" : "members", (long long)g->members);
        if (!g->company_side) fprintf(o, ", \"eligible\": %lld", (long long)g->eligible);
        fprintf(o, ", \"placed\": %lld, \"rate\": %.6g}", (long long)g->placed,
                g->eligible ? (double)g->placed / (double)g->eligible : 0.0);
    }
    if (m->n_groups) fprintf(o, "\n%s  ]", in);
    else fputs("]", o);
    if (m->has_unconstrained)
        fprintf(o, ",\n%s  \"price_of_stability\": {\"max_weight\": %lld, \"weight_lost\": %lld, \"relative\": %.6g}",
                in, (long long)m->max_weight, (long long)(m->max_weight - m->weight),
                m->max_weight ? (double)(m->max_weight - m->weight) / (double)m->max_weight : 0.0);
    fprintf(o, "\n%s}", in);
}

static void profile_text(FILE *out, const int64_t *x, int32_t n) {
    int32_t shown = n < 8 ? n : 8;
    for (int32_t i = 0; i < shown; i++) fprintf(out, "%s%lld", i ? "/" : "", (long long)x[i]);
    if (n > shown) {
        int64_t rest = 0;
        for (int32_t i = shown; i < n; i++) rest += x[i];
        fprintf(out, "/+%lld later", (long long)rest);
    }
    if (n == 0) fputs("-", out);
}

static void metrics_ranks_summary(const mu_metrics *m, FILE *out) {
    fprintf(out, "musubi: ranks (1st/2nd/...): applicants ");
    profile_text(out, m->app_profile, m->app_levels);
    fprintf(out, " (mean %.2f); companies ", m->app_mean_rank);
    profile_text(out, m->com_profile, m->com_levels);
    fprintf(out, " (mean %.2f)\n", m->com_mean_rank);
}

void mu_metrics_summary(const mu_metrics *m, const mu_instance *inst, FILE *out, int verbose) {
    if (!m) return;
    if (m->level == MU_METRICS_BASIC) {
        fprintf(
            out,
            "musubi: metrics (basic; --metrics all adds ranks, blocking pairs and envy): fill %.1f%% of %lld seats; "
            "Gini of welfare %.3f\n",
            m->seats ? 100.0 * (double)m->placements / (double)m->seats : 0.0, (long long)m->seats, m->gini);
    } else {
        fprintf(out,
                "musubi: metrics: fill %.1f%% of %lld seats; blocking pairs %lld (%lld quota-respecting); justified "
                "envy %lld pairs (%lld applicants); egalitarian cost %lld; Gini of welfare %.3f\n",
                m->seats ? 100.0 * (double)m->placements / (double)m->seats : 0.0, (long long)m->seats,
                (long long)m->blocking, (long long)m->blocking_quota, (long long)m->envy_pairs, (long long)m->envious,
                (long long)m->egalitarian_cost, m->gini);
        metrics_ranks_summary(m, out);
    }
    for (int32_t i = 0; i < m->n_groups;) {
        const char *attr = m->groups[i].attr;
        fprintf(out, "musubi: %s by %s:", m->groups[i].company_side ? "seats filled" : "placed of eligible", attr);
        int shown = 0;
        for (; i < m->n_groups && m->groups[i].attr == attr; i++)
            if (shown++ < 12 || verbose)
                fprintf(out, " %s %lld/%lld", m->groups[i].value, (long long)m->groups[i].placed,
                        (long long)m->groups[i].eligible);
        if (shown > 12 && !verbose) fprintf(out, " ... (%d values; -v lists all)", shown);
        fputc('\n', out);
    }
    if (m->has_unconstrained)
        fprintf(out, "musubi: price of stability: %lld (%.2f%% of the maximum weight %lld)\n",
                (long long)(m->max_weight - m->weight),
                m->max_weight ? 100.0 * (double)(m->max_weight - m->weight) / (double)m->max_weight : 0.0,
                (long long)m->max_weight);
    for (int64_t i = 0; verbose && i < m->n_listed; i++)
        fprintf(out, "musubi: blocking pair (%s, %s)\n", inst->app_ids.str[m->listed_app[i]],
                inst->com_ids.str[m->listed_com[i]]);
}

/* Doubles that are whole numbers print as integers, so bounds read cleanly. */
static void json_number(FILE *out, double x) {
    if (fabs(x) < 9e15 && x == floor(x)) fprintf(out, "%.0f", x);
    else fprintf(out, "%.17g", x);
}

/* cJSON's printed value, its tabs as two spaces and its inner lines indented
 * by `indent`, so an added member reads like the rest of the file. */
static int print_cjson(FILE *o, const cJSON *v, const char *indent) {
    char *text = cJSON_Print(v);
    if (!text) return MU_ENOMEM;
    for (const char *p = text; *p; p++) {
        if (*p == '\t' && p > text && p[-1] == ':') fputc(' ', o); /* cJSON's "key":<tab>value */
        else if (*p == '\t') fputs("  ", o);
        else if (*p == '\n') fprintf(o, "\n%s", indent);
        else fputc(*p, o);
    }
    free(text);
    return MU_OK;
}

static int write_json(FILE *o, const mu_solution *s, const mu_instance *inst, const mu_options *opt,
                      const cJSON *extra) {
    double t0 = mu_now();
    fprintf(o, "{\n  \"format\": \"musubi-solution-1\",\n  \"instance\": ");
    mu_json_string(o, inst->path);
    fprintf(o, ",\n  \"instance_name\": ");
    mu_json_string(o, mu_instance_name(inst));
    fprintf(o, ",\n  \"status\": \"%s\",\n  \"engine\": \"%s\",\n  \"engine_reason\": ", mu_status_name(s->status),
            s->engine);
    mu_json_string(o, s->reason ? s->reason : "");
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
    fprintf(o,
            ",\n  \"seconds\": %.3f,\n  \"placements\": %d,\n  \"applicants\": %d,\n  \"companies\": %d,\n"
            "  \"eligible_pairs\": %lld,\n  \"quota_rows\": %d,\n",
            s->seconds, placed, s->n_app, s->n_com, (long long)s->eligible_pairs, s->quota_rows);
    if (s->hosts_participating >= 0)
        fprintf(o, "  \"hosts_participating\": %lld,\n", (long long)s->hosts_participating);
    fprintf(o, "  \"options\": {");
    if (opt) mu_options_write_json(o, opt);
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
        if (track_key >= 0 &&
            mu_attr_first(inst, &inst->com_attrs, s->app_com[a], track_key)) { /* a position of a host with tracks */
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
        fprintf(o,
                ",\n  \"certificate\": {\n    \"kind\": \"dual-prices\",\n    \"scale\": %lld,\n    \"bound\": %lld,"
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
                if (r->com_group >= 0)
                    fprintf(o, ", \"company_group\": "), mu_json_string(o, inst->syms.str[r->com_group]);
                fprintf(o, ", \"price\": %lld}", (long long)r->price);
            }
            fprintf(o, "\n    ]");
        }
        fprintf(o, "\n  }");
    }
    if (s->n_conflict) {
        static const char *const KIND[] = {"floor", "ceiling", "capacity"};
        fprintf(o, ",\n  \"infeasibility\": {\"minimal\": %s, \"conflict\": [", s->conflict_minimal ? "true" : "false");
        for (int32_t k = 0; k < s->n_conflict; k++) {
            const mu_conflict *c = &s->conflict[k];
            fprintf(o, "%s\n    {\"kind\": \"%s\", \"%s\": ", k ? "," : "", KIND[c->kind],
                    c->kind == MU_CONFLICT_CAPACITY ? "company" : "quota_row");
            mu_json_string(o, c->label);
            fprintf(o, ", \"bound\": %lld", (long long)c->bound);
            if (c->kind == MU_CONFLICT_FLOOR) {
                fprintf(o, ", \"eligible_applicants\": %lld, \"excluded_by_rule\": {", (long long)c->applicants);
                const char *comma = "";
                for (int b = 0; b < MU_RULE_COUNT && b < 32; b++)
                    if (c->excluded[b] && b != MU_RULE_BIT_NOT_IN_PAIRS) {
                        fprintf(o, "%s\"%s\": %lld", comma, mu_rule_name(b), (long long)c->excluded[b]);
                        comma = ", ";
                    }
                fputc('}', o);
            }
            fputc('}', o);
        }
        fprintf(o, "\n  ]}");
    }
    fprintf(o, ",\n  \"metrics\": ");
    mu_metrics_write_json(o, s->has_assignment ? s->metrics : NULL, inst, "  ");
    for (const cJSON *m = extra ? extra->child : NULL; m; m = m->next) {
        fprintf(o, ",\n  ");
        mu_json_string(o, m->string);
        fputs(": ", o);
        if (print_cjson(o, m, "  ")) return MU_ENOMEM;
    }
    /* Last, so that "write" covers the whole document before it (not the
     * final flush and rename). */
    if (s->has_timings)
        fprintf(o,
                ",\n  \"timings\": {\"read\": %.3f, \"lint\": %.3f, \"solve\": %.3f, \"metrics\": %.3f, "
                "\"write\": %.3f}",
                s->t_read, s->t_lint, s->seconds, s->t_metrics, mu_now() - t0);
    fprintf(o, "\n}\n");
    return MU_OK;
}

int mu_solution_write_json_with(const mu_solution *s, const mu_instance *inst, const mu_options *opt, const char *path,
                                const cJSON *extra, mu_error *err) {
    mu_outfile o;
    int rc = mu_out_open(&o, path, err);
    if (rc) return rc;
    if (write_json(o.fp, s, inst, opt, extra)) {
        mu_out_abort(&o);
        return mu_err(err, MU_ENOMEM, "%s: out of memory writing the solution", path);
    }
    return mu_out_commit(&o, err);
}

int mu_solution_write_json(const mu_solution *s, const mu_instance *inst, const mu_options *opt, const char *path,
                           mu_error *err) {
    return mu_solution_write_json_with(s, inst, opt, path, NULL, err);
}

int mu_solution_json(const mu_solution *s, const mu_instance *inst, const mu_options *opt, char **json, size_t *len,
                     mu_error *err) {
    MU_REQUIRE(s && inst && json);
    *json = NULL;
    char *text = NULL;
    size_t n = 0;
    FILE *o = open_memstream(&text, &n);
    if (!o) return mu_err(err, MU_ENOMEM, "out of memory writing the solution");
    int rc = write_json(o, s, inst, opt, NULL);
    if (fclose(o) != 0 || rc) {
        free(text);
        return mu_err(err, MU_ENOMEM, "out of memory writing the solution");
    }
    *json = text;
    if (len) *len = n;
    return MU_OK;
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
    fprintf(out, "musubi: %s%s%s: %d applicant%s, %d compan%s, %lld seat%s, %lld eligible pair%s, %d quota row%s\n",
            inst->path, inst->name ? " — " : "", inst->name ? inst->name : "", s->n_app, s->n_app == 1 ? "" : "s",
            s->n_com, s->n_com == 1 ? "y" : "ies", (long long)seats, seats == 1 ? "" : "s",
            (long long)s->eligible_pairs, s->eligible_pairs == 1 ? "" : "s", s->quota_rows,
            s->quota_rows == 1 ? "" : "s");
    fprintf(out, "musubi: status %s by engine %s in %.2f s (%s)\n", mu_status_name(s->status), s->engine, s->seconds,
            s->reason ? s->reason : "");
    if (s->has_assignment) {
        fprintf(out, "musubi: placed %d of %d applicants (%.1f%%); %d of %d companies full; total weight %lld", placed,
                s->n_app, s->n_app ? 100.0 * placed / s->n_app : 0.0, full, s->n_com, (long long)s->objective);
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
