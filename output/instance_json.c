/* The instance as a musubi-instance-1 document (musubi import): what the
 * readers built, written back so that reading the document gives the same
 * eligible pairs, weights and quotas. Typed fields keep their JSON types;
 * free attributes are written as text (the format compares them as text),
 * an attribute given several times as an array. Streams: nothing is held
 * beyond the instance. */
#include "output/instance_json.h"
#include "base/io.h"

#include <string.h>

static const char *const APP_TYPED[] = {"nationality", "age", "jlpt", "english", "degree", "recommendation", "field"};
static const char *const COM_SKIP[] = {"capacity", "target_markets", "requires", "preferences", "id"};

static int in_list(const char *s, const char *const *list, size_t n) {
    for (size_t k = 0; k < n; k++)
        if (strcmp(s, list[k]) == 0) return 1;
    return 0;
}

/* Entity e's attributes from a, keys in first-seen order, repeated keys as
 * arrays; typed keys (applicants) with their JSON types. */
static void write_attrs(FILE *o, const mu_instance *inst, const mu_attrs *a, int64_t e, int applicant) {
    for (int64_t k = a->off[e]; k < a->off[e + 1]; k++) {
        int32_t key = a->key[k];
        int seen = 0;
        for (int64_t j = a->off[e]; j < k && !seen; j++) seen = a->key[j] == key;
        if (seen) continue;
        const char *name = inst->syms.str[key];
        if (!applicant && in_list(name, COM_SKIP, MU_ARRAY_LEN(COM_SKIP))) continue;
        if (applicant && strcmp(name, "id") == 0) continue;
        int count = 0;
        for (int64_t j = k; j < a->off[e + 1]; j++) count += a->key[j] == key;
        fputs(", ", o);
        mu_json_string(o, name);
        fputs(": ", o);
        const char *v = inst->syms.str[a->val[k]];
        if (applicant && in_list(name, APP_TYPED, MU_ARRAY_LEN(APP_TYPED)) && count == 1) {
            if (strcmp(name, "age") == 0) fputs(v, o);
            else if (strcmp(name, "degree") == 0 || strcmp(name, "recommendation") == 0)
                fputs(v, o); /* "true" / "false" */
            else mu_json_string(o, v);
            continue;
        }
        if (count > 1) fputc('[', o);
        for (int64_t j = k, i = 0; j < a->off[e + 1]; j++)
            if (a->key[j] == key) {
                if (i++) fputs(", ", o);
                mu_json_string(o, inst->syms.str[a->val[j]]);
            }
        if (count > 1) fputc(']', o);
    }
}

static void write_ids(FILE *o, const char *key, const mu_rows *rows, int32_t r, const mu_symtab *ids) {
    if (rows->off[r + 1] == rows->off[r]) return;
    fprintf(o, ", \"%s\": [", key);
    for (int64_t k = rows->off[r]; k < rows->off[r + 1]; k++) {
        if (k > rows->off[r]) fputs(", ", o);
        mu_json_string(o, ids->str[rows->item[k]]);
    }
    fputc(']', o);
}

static void write_filter(FILE *o, const mu_instance *inst, const char *key, const mu_filter *f, int32_t n) {
    if (!n) return;
    fprintf(o, ", \"%s\": {", key);
    for (int32_t k = 0; k < n; k++) {
        if (k) fputs(", ", o);
        mu_json_string(o, inst->syms.str[f[k].key]);
        fputs(f[k].negate ? ": {\"not\": [" : ": [", o);
        for (int32_t v = 0; v < f[k].n_vals; v++) {
            if (v) fputs(", ", o);
            mu_json_string(o, f[k].vals[v] >= 0 ? inst->syms.str[f[k].vals[v]] : "");
        }
        fputs(f[k].negate ? "]}" : "]", o);
    }
    fputc('}', o);
}

static void write_doc(FILE *o, const mu_instance *inst, const cJSON *extra, const mu_amend *am) {
    fputs("{\n  \"format\": \"musubi-instance-1\"", o);
    if (inst->name) {
        fputs(",\n  \"name\": ", o);
        mu_json_string(o, inst->name);
    }
    static const char *const carried[] = {"description", "provenance", "rounds"};
    for (size_t k = 0; extra && k < MU_ARRAY_LEN(carried); k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(extra, carried[k]);
        char *text = v ? cJSON_PrintUnformatted(v) : NULL;
        if (text) fprintf(o, ",\n  \"%s\": %s", carried[k], text);
        cJSON_free(text);
    }
    fputs(",\n  \"applicants\": [", o);
    for (int32_t a = 0; a < inst->n_app; a++) {
        fprintf(o, "%s\n    {\"id\": ", a ? "," : "");
        mu_json_string(o, inst->app_ids.str[a]);
        write_attrs(o, inst, &inst->app_attrs, a, 1);
        if (am && am->app_withdrawn && am->app_withdrawn[a] && !(inst->app_fail[a] & MU_RULE(WITHDRAWN)))
            fputs(", \"withdrawn\": true", o);
        write_ids(o, "preferences", &inst->app_pref, a, &inst->com_ids);
        fputc('}', o);
    }
    fputs(inst->n_app ? "\n  ],\n  \"companies\": [" : "],\n  \"companies\": [", o);
    for (int32_t c = 0; c < inst->n_com; c++) {
        const mu_company *co = &inst->com[c];
        fprintf(o, "%s\n    {\"id\": ", c ? "," : "");
        mu_json_string(o, inst->com_ids.str[c]);
        fprintf(o, ", \"capacity\": %d", co->capacity);
        write_attrs(o, inst, &inst->com_attrs, c, 0);
        if (am && am->com_withdrawn && am->com_withdrawn[c] && !co->withdrawn) fputs(", \"withdrawn\": true", o);
        if (inst->com_target.off[c + 1] > inst->com_target.off[c]) {
            fputs(", \"target_markets\": [", o);
            for (int64_t k = inst->com_target.off[c]; k < inst->com_target.off[c + 1]; k++) {
                if (k > inst->com_target.off[c]) fputs(", ", o);
                mu_json_string(o, inst->syms.str[inst->com_target.item[k]]);
            }
            fputc(']', o);
        }
        if (co->req_jlpt || co->req_english || co->req_degree || co->has_req_fields) {
            fputs(", \"requires\": {", o);
            const char *sep = "";
            if (co->req_jlpt) fprintf(o, "\"jlpt\": \"%s\"", mu_jlpt_name(co->req_jlpt)), sep = ", ";
            if (co->req_english) fprintf(o, "%s\"english\": \"%s\"", sep, mu_english_name(co->req_english)), sep = ", ";
            if (co->req_degree) fprintf(o, "%s\"degree\": true", sep), sep = ", ";
            if (co->has_req_fields) {
                fprintf(o, "%s\"fields\": [", sep);
                for (int64_t k = inst->com_fields.off[c]; k < inst->com_fields.off[c + 1]; k++) {
                    if (k > inst->com_fields.off[c]) fputs(", ", o);
                    mu_json_string(o, inst->syms.str[inst->com_fields.item[k]]);
                }
                fputc(']', o);
            }
            fputc('}', o);
        }
        write_ids(o, "preferences", &inst->com_pref, c, &inst->app_ids);
        fputc('}', o);
    }
    fputs(inst->n_com ? "\n  ]" : "]", o);
    if (inst->has_pairs) {
        fputs(",\n  \"pairs\": [", o);
        for (int64_t k = 0; k < inst->n_given; k++) {
            fprintf(o, "%s\n    {\"applicant\": ", k ? "," : "");
            mu_json_string(o, inst->app_ids.str[inst->given_app[k]]);
            fputs(", \"company\": ", o);
            mu_json_string(o, inst->com_ids.str[inst->given_com[k]]);
            fprintf(o, ", \"weight\": %lld}", (long long)inst->given_w[k]);
        }
        fputs(inst->n_given ? "\n  ]" : "]", o);
    } else {
        const mu_weights *w = &inst->weights;
        fprintf(o,
                ",\n  \"weights\": {\"base\": %lld, \"applicant_rank\": %lld, \"company_rank\": %lld, "
                "\"target_market\": %lld}",
                (long long)w->base, (long long)w->applicant_rank, (long long)w->company_rank,
                (long long)w->target_market);
    }
    const mu_rules *r = &inst->rules;
    fputs(",\n  \"rules\": {", o);
    const char *sep = "";
    if (r->has_age) fprintf(o, "\"age\": {\"min\": %d, \"max\": %d}", r->age_min, r->age_max), sep = ", ";
    if (r->has_language) {
        fprintf(o, "%s\"language\": {", sep);
        if (r->lang_jlpt) fprintf(o, "\"jlpt\": \"%s\"", mu_jlpt_name(r->lang_jlpt));
        if (r->lang_english)
            fprintf(o, "%s\"english\": \"%s\"", r->lang_jlpt ? ", " : "", mu_english_name(r->lang_english));
        fputc('}', o);
        sep = ", ";
    }
    if (r->degree_or_recommendation) fprintf(o, "%s\"degree_or_recommendation\": true", sep), sep = ", ";
    if (r->has_nationalities) {
        fprintf(o, "%s\"nationalities\": [", sep);
        for (int32_t k = 0; k < r->n_nationalities; k++) {
            if (k) fputs(", ", o);
            mu_json_string(o, inst->syms.str[r->nationalities[k]]);
        }
        fputc(']', o);
        sep = ", ";
    }
    fprintf(o, "%s\"mutual_preferences\": %s}", sep, r->mutual_preferences ? "true" : "false");
    if (inst->n_quotas) {
        fputs(",\n  \"quotas\": [", o);
        for (int32_t q = 0; q < inst->n_quotas; q++) {
            const mu_quota *qu = &inst->quotas[q];
            fprintf(o, "%s\n    {\"name\": ", q ? "," : "");
            mu_json_string(o, qu->name);
            write_filter(o, inst, "applicants", qu->app_filter, qu->n_app_filter);
            write_filter(o, inst, "companies", qu->com_filter, qu->n_com_filter);
            if (qu->per_company) fputs(", \"per_company\": true", o);
            if (qu->group_by >= 0) fputs(", \"group_by\": ", o), mu_json_string(o, inst->syms.str[qu->group_by]);
            if (qu->group_by_company >= 0)
                fputs(", \"group_by_company\": ", o), mu_json_string(o, inst->syms.str[qu->group_by_company]);
            if (qu->min > 0 || qu->max == INT64_MAX) fprintf(o, ", \"min\": %lld", (long long)qu->min);
            if (qu->max != INT64_MAX) fprintf(o, ", \"max\": %lld", (long long)qu->max);
            fputc('}', o);
        }
        fputs("\n  ]", o);
    }
    const mu_hosts *h = &inst->hosts;
    if (h->given) {
        fputs(",\n  \"hosts\": {", o);
        const char *hs = "";
        if (h->min_participating > 0)
            fprintf(o, "\"min_participating\": %lld", (long long)h->min_participating), hs = ", ";
        if (h->max_participating != INT64_MAX)
            fprintf(o, "%s\"max_participating\": %lld", hs, (long long)h->max_participating), hs = ", ";
        if (h->min_per_host > 0) fprintf(o, "%s\"min_per_host\": %lld", hs, (long long)h->min_per_host), hs = ", ";
        if (h->max_per_host != INT64_MAX)
            fprintf(o, "%s\"max_per_host\": %lld", hs, (long long)h->max_per_host), hs = ", ";
        if (!hs[0]) fputs("\"min_participating\": 0", o);           /* every bound absent or trivial: still a budget */
        write_filter(o, inst, "companies", h->filter, h->n_filter); /* ", \"companies\": {...}" when there is one */
        fputc('}', o);
    }
    fputs("\n}\n", o);
}

int mu_instance_write_json(const mu_instance *inst, const char *path, const cJSON *extra, mu_error *err) {
    MU_REQUIRE(inst && path);
    mu_outfile o;
    int rc = mu_out_open(&o, path, err);
    if (rc) return rc;
    write_doc(o.fp, inst, extra, NULL);
    return mu_out_commit(&o, err);
}

void mu_instance_write_json_to(FILE *o, const mu_instance *inst, const cJSON *extra, const mu_amend *am) {
    MU_REQUIRE(o && inst);
    write_doc(o, inst, extra, am);
}
