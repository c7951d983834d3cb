/* The writers: one generated instance as a JSON document or as the compact
 * CSV tables (instances/FORMAT.md), and the programme part (name,
 * description, provenance, rules, weights, quotas) that both forms share.
 *
 * Streaming: applicants are drawn one at a time (model.h) and written at
 * once, each offered to the companies' bounded lists on the way; companies
 * are written after the last applicant, when their lists are complete; the
 * explicit pairs come last in the JSON form, drawing every applicant again.
 * Memory is the companies and their lists, never the applicants.
 *
 * Text: names come from the knobs, so they hold only letters, digits and
 * - _ . + (knobs.c), yet every one still goes through base/io.h's
 * mu_json_string or mu_csv_cell. Ids (A0001, C001), integers and the level
 * names are written as they are: nothing in them needs escaping.
 *
 * Files: base/io.h's atomic writer for every one. The tables are all or
 * nothing: every file is written under a temporary name, flushed and synced
 * before the first is renamed; an error before that leaves none of them.
 * Errors: MU_EIO naming the file, MU_ENOMEM, MU_EUSAGE from the knobs. */
#include "generator/generator.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/io.h"
#include "generator/model.h"
#include "generator/presets.h"
#include "model/instance.h"

/* ---- text */

static void put_id(FILE *f, char prefix, int width, int64_t i) { fprintf(f, "%c%0*" PRId64, prefix, width, i + 1); }

static const char *nat_code(const mu_gen_model *g, const mu_gen_applicant *a) {
    return a->nat >= 0 ? g->k->nationalities.item[a->nat].name : g->k->ineligible.item[-1 - a->nat].name;
}

/* ", \"key\": " and the name as a JSON string. */
static void json_name(FILE *f, const char *key, const char *name) {
    fprintf(f, ", \"%s\": ", key);
    mu_json_string(f, name);
}

/* A '|'-separated list of knob names (at most MU_GEN_MAX_ITEMS of at most
 * MU_GEN_NAME_MAX - 1 bytes), built to be written as one CSV cell. */
typedef struct name_list {
    char s[MU_GEN_MAX_ITEMS * MU_GEN_NAME_MAX];
    size_t len;
} name_list;

static void list_add(name_list *l, const char *name) {
    size_t n = strlen(name);
    MU_REQUIRE(l->len + 1 + n < sizeof l->s);
    if (l->len) l->s[l->len++] = '|';
    memcpy(l->s + l->len, name, n + 1);
    l->len += n;
}

/* ---- the programme */

static void put_codes(FILE *f, const char *tag, int skip_bang) {
    const char *p = tag + (skip_bang && tag[0] == '!');
    int first = 1;
    while (*p) {
        const char *end = strchr(p, '|');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char one[MU_GEN_TAG_MAX];
        memcpy(one, p, len);
        one[len] = '\0';
        if (!first) fputs(", ", f);
        mu_json_string(f, one);
        first = 0;
        p += len + (end != NULL);
    }
}

static int count_codes(const char *tag) {
    int n = 1;
    for (; *tag; tag++) n += *tag == '|';
    return n;
}

/* Writes the keys shared by the JSON form and programme.json: name,
 * description, provenance, rules, weights, quotas (each line ends with a
 * comma when `more` is set). */
static void put_programme(FILE *f, const mu_gen_model *g, int more) {
    const mu_gen_knobs *k = g->k;
    fputs("  \"name\": ", f);
    mu_json_string(f, k->name);
    fputs(",\n  \"description\": ", f);
    mu_json_string(f, mu_gen_description(k));
    fputs(",\n  \"provenance\": ", f);
    mu_gen_write_provenance(f, k);
    if (k->rules) {
        fputs(",\n  \"rules\": {", f);
        const char *sep = "";
        if (k->rule_age.min >= 0) {
            fprintf(f, "\"age\": {\"min\": %" PRId64 ", \"max\": %" PRId64 "}", k->rule_age.min, k->rule_age.max);
            sep = ", ";
        }
        if (k->rule_jlpt >= 0 || k->rule_english >= 0) {
            fprintf(f, "%s\"language\": {", sep);
            if (k->rule_jlpt >= 0) fprintf(f, "\"jlpt\": \"%s\"", mu_jlpt_name(k->rule_jlpt));
            if (k->rule_english >= 0)
                fprintf(f, "%s\"english\": \"%s\"", k->rule_jlpt >= 0 ? ", " : "", mu_english_name(k->rule_english));
            fputc('}', f);
            sep = ", ";
        }
        if (k->rule_degree) {
            fprintf(f, "%s\"degree_or_recommendation\": true", sep);
            sep = ", ";
        }
        fprintf(f, "%s\"nationalities\": [", sep);
        for (int i = 0; i < k->nationalities.n; i++) {
            if (i) fputs(", ", f);
            mu_json_string(f, k->nationalities.item[i].name);
        }
        fputs("]}", f);
    }
    if (!g->emit_pairs)
        fprintf(f,
                ",\n  \"weights\": {\"base\": %" PRId64 ", \"applicant_rank\": %" PRId64 ", \"company_rank\": %" PRId64
                ", \"target_market\": %" PRId64 "}",
                k->weights[0], k->weights[1], k->weights[2], k->weights[3]);
    int nq = 0;
#define QUOTA() fputs(nq++ ? ",\n    " : ",\n  \"quotas\": [\n    ", f)
    if (k->budget > 0) {
        QUOTA();
        fprintf(f, "{\"name\": \"budget\", \"max\": %" PRId64 "}", k->budget);
    }
    for (int i = 0; i < k->nationality_caps.n; i++) {
        const mu_gen_item *it = &k->nationality_caps.item[i];
        int many = count_codes(it->tag) > 1;
        QUOTA();
        fputs("{\"name\": ", f);
        mu_json_string(f, it->name);
        fputs(", \"applicants\": {\"nationality\": ", f);
        fputs(many ? "[" : "", f);
        put_codes(f, it->tag, 0);
        fprintf(f, "%s}, \"max\": %" PRId64 "}", many ? "]" : "", it->weight);
        if (it->hi > 0) {
            QUOTA();
            char nm[MU_GEN_NAME_MAX + 8];
            snprintf(nm, sizeof nm, "%s-each", it->name);
            fputs("{\"name\": ", f);
            mu_json_string(f, nm);
            fputs(", \"applicants\": {\"nationality\": [", f);
            put_codes(f, it->tag, 0);
            fprintf(f, "]}, \"group_by\": \"nationality\", \"max\": %" PRId64 "}", it->hi);
        }
    }
    for (int i = 0; i < k->sector_bands.n; i++) {
        const mu_gen_item *it = &k->sector_bands.item[i];
        int not = it->tag[0] == '!';
        int many = count_codes(it->tag) > 1;
        QUOTA();
        char nm[MU_GEN_NAME_MAX + 8];
        if (strncmp(it->name, "sector-", 7) == 0) snprintf(nm, sizeof nm, "%s", it->name);
        else snprintf(nm, sizeof nm, "sector-%s", it->name);
        fputs("{\"name\": ", f);
        mu_json_string(f, nm);
        fputs(", \"companies\": {\"sector\": ", f);
        fputs(not ? "{\"not\": " : "", f);
        fputs(many ? "[" : "", f);
        put_codes(f, it->tag, 1);
        fputs(many ? "]" : "", f);
        fputs(not ? "}" : "", f);
        fprintf(f, "}, \"min\": %" PRId64 ", \"max\": %" PRId64 "}", it->lo, it->hi);
    }
    if (k->nat_per_host) {
        QUOTA();
        fputs("{\"name\": \"one-per-nationality-per-host\", \"per_company\": "
              "true, \"group_by\": \"nationality\", \"max\": 1}",
              f);
    }
    if (k->region_floor > 0) {
        QUOTA();
        fprintf(f,
                "{\"name\": \"region-floor\", \"group_by_company\": "
                "\"region\", \"min\": %" PRId64 "}",
                k->region_floor);
    }
    if (k->region_nat_floor > 0)
        for (int r = 0; r < k->regions.n; r++) {
            if (k->regions.item[r].weight == 0) continue;
            QUOTA();
            char nm[MU_GEN_NAME_MAX + 32];
            snprintf(nm, sizeof nm, "region-nationality-floor-%s", k->regions.item[r].name);
            fputs("{\"name\": ", f);
            mu_json_string(f, nm);
            fputs(", \"companies\": {\"region\": ", f);
            mu_json_string(f, k->regions.item[r].name);
            fprintf(f, "}, \"group_by\": \"nationality\", \"min\": %" PRId64 "}", k->region_nat_floor);
        }
    if (nq) fputs("\n  ]", f);
#undef QUOTA
    fputs(more ? ",\n" : "\n", f);
}

/* ---- records */

static void json_applicant(FILE *f, const mu_gen_model *g, const mu_gen_applicant *a) {
    const mu_gen_knobs *k = g->k;
    fputs("    {\"id\": \"", f);
    put_id(f, 'A', g->app_digits, a->i);
    fputc('"', f);
    json_name(f, "nationality", nat_code(g, a));
    if (a->nat >= 0 && k->nationalities.item[a->nat].tag[0]) json_name(f, "origin", k->nationalities.item[a->nat].tag);
    fprintf(f, ", \"age\": %d", a->age);
    if (a->jlpt > 0) fprintf(f, ", \"jlpt\": \"%s\"", mu_jlpt_name(a->jlpt));
    fprintf(f, ", \"english\": \"%s\", \"degree\": %s, \"recommendation\": %s", mu_english_name(a->english),
            a->degree ? "true" : "false", a->recommendation ? "true" : "false");
    if (a->field >= 0) json_name(f, "field", k->fields.item[a->field].name);
    if (g->emit_app_lists) {
        fputs(", \"preferences\": [", f);
        for (int t = 0; t < a->nlist; t++) {
            fputs(t ? ", \"" : "\"", f);
            put_id(f, 'C', g->comp_digits, a->cand[t].c);
            fputc('"', f);
        }
        fputc(']', f);
    }
    fputc('}', f);
}

static void json_company(FILE *f, const mu_gen_model *g, int64_t j) {
    const mu_gen_knobs *k = g->k;
    const mu_gen_company *c = &g->comp[j];
    fputs("    {\"id\": \"", f);
    put_id(f, 'C', g->comp_digits, j);
    fprintf(f, "\", \"capacity\": %" PRId64, c->capacity);
    if (c->sector >= 0) json_name(f, "sector", k->sectors.item[c->sector].name);
    if (c->region >= 0) json_name(f, "region", k->regions.item[c->region].name);
    if (c->size >= 0) json_name(f, "size", k->sizes.item[c->size].name);
    if (c->overseas >= 0) json_name(f, "overseas", k->overseas.item[c->overseas].name);
    if (c->ntm) {
        fputs(", \"target_markets\": [", f);
        for (int t = 0; t < c->ntm; t++) {
            fputs(t ? ", " : "", f);
            mu_json_string(f, g->tm_mix->item[c->tm[t]].name);
        }
        fputc(']', f);
    }
    if (c->req_jlpt >= 0 || c->req_english >= 0 || c->req_fields || c->req_degree) {
        const char *sep = "";
        fputs(", \"requires\": {", f);
        if (c->req_jlpt >= 0) {
            fprintf(f, "\"jlpt\": \"%s\"", mu_jlpt_name(c->req_jlpt));
            sep = ", ";
        }
        if (c->req_english >= 0) {
            fprintf(f, "%s\"english\": \"%s\"", sep, mu_english_name(c->req_english));
            sep = ", ";
        }
        if (c->req_fields) {
            fprintf(f, "%s\"fields\": [", sep);
            int n = 0;
            for (int x = 0; x < k->fields.n; x++)
                if (g->field_home[x] == c->sector) {
                    fputs(n++ ? ", " : "", f);
                    mu_json_string(f, k->fields.item[x].name);
                }
            fputc(']', f);
            sep = ", ";
        }
        if (c->req_degree) fprintf(f, "%s\"degree\": true", sep);
        fputc('}', f);
    }
    if (g->emit_comp_lists) {
        fputs(", \"preferences\": [", f);
        for (uint32_t t = 0; t < c->nheap; t++) {
            fputs(t ? ", \"" : "\"", f);
            put_id(f, 'A', g->app_digits, mu_gen_ranked(g, j, t));
            fputc('"', f);
        }
        fputc(']', f);
    }
    fputc('}', f);
}

/* The stream's state after the last byte: MU_EIO naming `what` when a write
 * failed (a full disk shows here at the latest). */
static int check_stream(FILE *f, const char *what, mu_error *err) {
    if (ferror(f) || fflush(f) != 0)
        return mu_err(err, MU_EIO, "%s: cannot write: %s", what, strerror(errno ? errno : EIO));
    return MU_OK;
}

/* ---- the JSON form */

static int write_json(mu_gen_model *g, FILE *out, const char *what, mu_error *err) {
    mu_gen_applicant *a = mu_gen_applicant_new(g, err);
    if (!a) return MU_ENOMEM;
    int rc = MU_OK;
    fputs("{\n  \"format\": \"musubi-instance-1\",\n", out);
    put_programme(out, g, 1);
    fputs("  \"applicants\": [", out);
    for (int64_t i = 0; i < g->n_app; i++) {
        mu_gen_applicant_draw(g, i, a);
        fputs(i ? ",\n" : "\n", out);
        json_applicant(out, g, a);
        rc = mu_gen_offer(g, a, err);
        if (rc) goto done;
        if ((i & 0xffff) == 0 && ferror(out)) break;
    }
    fputs(g->n_app ? "\n  ],\n  \"companies\": [" : "],\n  \"companies\": [", out);
    for (int64_t j = 0; j < g->n_comp; j++) {
        mu_gen_company_rank(g, j);
        fputs(j ? ",\n" : "\n", out);
        json_company(out, g, j);
    }
    fputs(g->n_comp ? "\n  ]" : "]", out);
    if (g->emit_pairs) {
        fputs(",\n  \"pairs\": [", out);
        int any = 0;
        for (int64_t i = 0; i < g->n_app; i++) {
            mu_gen_applicant_draw(g, i, a);
            for (int t = 0; t < a->ncand; t++) {
                fputs(any ? ",\n    {\"applicant\": \"" : "\n    {\"applicant\": \"", out);
                any = 1;
                put_id(out, 'A', g->app_digits, i);
                fputs("\", \"company\": \"", out);
                put_id(out, 'C', g->comp_digits, a->cand[t].c);
                fprintf(out, "\", \"weight\": %" PRId64 "}", mu_gen_pair_weight(g, a, t));
            }
            if ((i & 0xffff) == 0 && ferror(out)) break;
        }
        fputs(any ? "\n  ]" : "]", out);
    }
    fputs("\n}\n", out);
    rc = check_stream(out, what, err);
done:
    mu_gen_applicant_free(a);
    return rc;
}

int mu_gen_write_json(const mu_gen_knobs *k, FILE *out, mu_error *err) {
    mu_gen_model g;
    int rc = mu_gen_model_init(&g, k, err);
    if (rc) return rc;
    rc = write_json(&g, out, "the instance", err);
    mu_gen_model_free(&g);
    return rc;
}

int mu_generate_json(const char *preset, int32_t n_knobs, const char *const *knobs, const char *const *values,
                     char **json, size_t *len, mu_error *err) {
    MU_REQUIRE(json && (n_knobs == 0 || (knobs && values)));
    *json = NULL;
    mu_gen_knobs *k = mu_alloc(1, sizeof *k, err); /* large: off the stack */
    if (!k) return MU_ENOMEM;
    int rc = MU_OK;
    if (preset) rc = mu_gen_preset(k, preset, err);
    else mu_gen_init(k);
    for (int32_t i = 0; i < n_knobs && !rc; i++) {
        MU_REQUIRE(knobs[i] && values[i]);
        if (strcmp(knobs[i], "preset") == 0)
            rc = mu_err(err, MU_EUSAGE, "--preset: give it as the preset, not as a knob");
        else rc = mu_gen_set(k, knobs[i], values[i], err);
    }
    char *text = NULL;
    size_t n = 0;
    FILE *o = rc ? NULL : open_memstream(&text, &n);
    if (!rc && !o) rc = mu_err(err, MU_ENOMEM, "out of memory for the instance");
    if (o) {
        rc = mu_gen_write_json(k, o, err);
        if (fclose(o) != 0 && !rc) rc = mu_err(err, MU_ENOMEM, "out of memory for the instance");
    }
    free(k);
    if (rc) {
        free(text);
        return rc;
    }
    *json = text;
    if (len) *len = n;
    return MU_OK;
}

int mu_gen_write_json_file(const mu_gen_knobs *k, const char *path, mu_error *err) {
    mu_gen_model g;
    int rc = mu_gen_model_init(&g, k, err);
    if (rc) return rc;
    mu_outfile o;
    rc = mu_out_open(&o, path, err);
    if (rc == MU_OK) {
        rc = write_json(&g, o.fp, o.is_stdout ? "stdout" : path, err);
        if (rc == MU_OK) rc = mu_out_commit(&o, err);
        else mu_out_abort(&o);
    }
    mu_gen_model_free(&g);
    return rc;
}

/* ---- the CSV tables */

static void csv_applicant(FILE *f, const mu_gen_model *g, const mu_gen_applicant *a) {
    const mu_gen_knobs *k = g->k;
    put_id(f, 'A', g->app_digits, a->i);
    fputc(',', f);
    mu_csv_cell(f, nat_code(g, a));
    if (g->has_origin) {
        fputc(',', f);
        mu_csv_cell(f, a->nat >= 0 ? k->nationalities.item[a->nat].tag : "");
    }
    fprintf(f, ",%d,%s,%s,%s,%s,", a->age, a->jlpt > 0 ? mu_jlpt_name(a->jlpt) : "", mu_english_name(a->english),
            a->degree ? "true" : "false", a->recommendation ? "true" : "false");
    mu_csv_cell(f, a->field >= 0 ? k->fields.item[a->field].name : "");
    if (g->emit_app_lists) {
        fputc(',', f);
        for (int t = 0; t < a->nlist; t++) {
            if (t) fputc('|', f);
            put_id(f, 'C', g->comp_digits, a->cand[t].c);
        }
    }
    fputc('\n', f);
}

static void csv_company(FILE *f, const mu_gen_model *g, int64_t j) {
    const mu_gen_knobs *k = g->k;
    const mu_gen_company *c = &g->comp[j];
    put_id(f, 'C', g->comp_digits, j);
    fprintf(f, ",%" PRId64 ",", c->capacity);
    mu_csv_cell(f, c->sector >= 0 ? k->sectors.item[c->sector].name : "");
    fputc(',', f);
    mu_csv_cell(f, c->region >= 0 ? k->regions.item[c->region].name : "");
    fputc(',', f);
    mu_csv_cell(f, c->size >= 0 ? k->sizes.item[c->size].name : "");
    fputc(',', f);
    mu_csv_cell(f, c->overseas >= 0 ? k->overseas.item[c->overseas].name : "");
    fputc(',', f);
    name_list tm = {.len = 0}; /* empty: s all zero */
    for (int t = 0; t < c->ntm; t++) list_add(&tm, g->tm_mix->item[c->tm[t]].name);
    mu_csv_cell(f, tm.s);
    if (k->requires) {
        fprintf(f, ",%s,%s,", c->req_jlpt >= 0 ? mu_jlpt_name(c->req_jlpt) : "",
                c->req_english >= 0 ? mu_english_name(c->req_english) : "");
        name_list fields = {.len = 0}; /* empty: s all zero */
        if (c->req_fields)
            for (int x = 0; x < k->fields.n; x++)
                if (g->field_home[x] == c->sector) list_add(&fields, k->fields.item[x].name);
        mu_csv_cell(f, fields.s);
        fprintf(f, ",%s", c->req_degree ? "true" : "");
    }
    if (g->emit_comp_lists) {
        fputc(',', f);
        for (uint32_t t = 0; t < c->nheap; t++) {
            if (t) fputc('|', f);
            put_id(f, 'A', g->app_digits, mu_gen_ranked(g, j, t));
        }
    }
    fputc('\n', f);
}

enum { F_APPLICANTS, F_COMPANIES, F_PAIRS, F_PROGRAMME, NFILES };
static const char *const FILE_NAME[NFILES] = {"applicants.csv", "companies.csv", "pairs.csv", "programme.json"};

/* dir/name, allocated; NULL (MU_ENOMEM set) on failure. */
static char *table_path(const char *dir, const char *name, mu_error *err) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = mu_alloc(n, 1, err);
    if (p) snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int open_table(mu_outfile *o, const char *dir, const char *name, mu_error *err) {
    char *path = table_path(dir, name, err);
    if (!path) return MU_ENOMEM;
    int rc = mu_out_open(o, path, err);
    free(path);
    return rc;
}

int mu_gen_write_tables(const mu_gen_knobs *k, const char *dir, mu_error *err) {
    mu_gen_model g;
    mu_outfile o[NFILES];
    memset(o, 0, sizeof o);
    int rc = mu_gen_model_init(&g, k, err);
    if (rc) return rc;
    mu_gen_applicant *a = NULL;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        rc = mu_err(err, MU_EIO, "%s: cannot create the directory: %s", dir, strerror(errno));
        goto done;
    }
    for (int x = 0; x < NFILES; x++) {
        if (x == F_PAIRS && !g.emit_pairs) continue;
        rc = open_table(&o[x], dir, FILE_NAME[x], err);
        if (rc) goto done;
    }
    a = mu_gen_applicant_new(&g, err);
    if (!a) {
        rc = MU_ENOMEM;
        goto done;
    }
    FILE *fa = o[F_APPLICANTS].fp, *fp = o[F_PAIRS].fp;
    fprintf(fa, "id,nationality%s,age,jlpt,english,degree,recommendation,field%s\n", g.has_origin ? ",origin" : "",
            g.emit_app_lists ? ",preferences" : "");
    if (fp) fputs("applicant,company,weight\n", fp);
    for (int64_t i = 0; i < g.n_app; i++) {
        mu_gen_applicant_draw(&g, i, a);
        csv_applicant(fa, &g, a);
        if (fp)
            for (int t = 0; t < a->ncand; t++) {
                put_id(fp, 'A', g.app_digits, i);
                fputc(',', fp);
                put_id(fp, 'C', g.comp_digits, a->cand[t].c);
                fprintf(fp, ",%" PRId64 "\n", mu_gen_pair_weight(&g, a, t));
            }
        rc = mu_gen_offer(&g, a, err);
        if (rc) goto done;
        if ((i & 0xffff) == 0 && (ferror(fa) || (fp && ferror(fp)))) break;
    }
    FILE *fc = o[F_COMPANIES].fp;
    fprintf(fc, "id,capacity,sector,region,size,overseas,target_markets%s%s\n",
            k->requires ? ",requires_jlpt,requires_english,requires_fields,requires_degree" : "",
            g.emit_comp_lists ? ",preferences" : "");
    for (int64_t j = 0; j < g.n_comp; j++) {
        mu_gen_company_rank(&g, j);
        csv_company(fc, &g, j);
    }
    FILE *fg = o[F_PROGRAMME].fp;
    fputs("{\n", fg);
    put_programme(fg, &g, 0);
    fputs("}\n", fg);
    /* All or nothing: every file complete and on disk before the first
     * rename, so what can still fail after it is a rename. */
    for (int x = 0; x < NFILES; x++) {
        if (!o[x].fp) continue;
        rc = check_stream(o[x].fp, o[x].path, err);
        if (rc == MU_OK && fsync(fileno(o[x].fp)) != 0)
            rc = mu_err(err, MU_EIO, "%s: cannot write: %s", o[x].path, strerror(errno));
        if (rc) goto done;
    }
    for (int x = 0; x < NFILES; x++) {
        if (!o[x].fp) continue;
        rc = mu_out_commit(&o[x], err);
        if (rc) goto done;
    }
    if (!g.emit_pairs) {
        /* A pairs.csv left from an earlier run would change the instance. */
        char *stale = table_path(dir, FILE_NAME[F_PAIRS], err);
        if (!stale) rc = MU_ENOMEM;
        else if (unlink(stale) != 0 && errno != ENOENT)
            rc = mu_err(err, MU_EIO, "%s: cannot remove the stale file: %s", stale, strerror(errno));
        free(stale);
    }
done:
    for (int x = 0; x < NFILES; x++) mu_out_abort(&o[x]);
    mu_gen_applicant_free(a);
    mu_gen_model_free(&g);
    return rc;
}
