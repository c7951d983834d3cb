/* The library without files (musubi.h; model/read_arrays.c, model/api.c):
 * the arrays route builds the instance the JSON reader builds for the
 * equivalent document, field by field; it refuses bad arrays with the
 * messages the document would get; the in-memory JSON route, the solution
 * as text, the checker on text and the generator in memory give what their
 * file forms give; the accessors read what the solution file says. */
#include "tests/randinst.h"
#include "tests/textinst.h"

#include <unistd.h>

#include "generator/generator.h"
#include "model/solution.h"

/* ---- a random instance as arrays, and the same as a document */

#define MAXA 24
#define MAXC 6
typedef struct twin {
    int32_t na, nc;
    char aid[MAXA][16], cid[MAXC][16];
    const char *app_ids[MAXA], *com_ids[MAXC];
    int32_t cap[MAXC];
    /* applicant columns: nationality, age, jlpt, degree, origin (free); company: sector, target_markets,
     * region, requires_jlpt, requires_fields */
    const char *nat[MAXA], *age[MAXA], *jlpt[MAXA], *deg[MAXA], *origin[MAXA];
    char agebuf[MAXA][8];
    const char *region[MAXC], *sector[MAXC], *markets[MAXC], *req_jlpt[MAXC], *req_fields[MAXC];
    mu_column acols[5], ccols[5];
    int with_pairs, with_prefs;
    int64_t np;
    int32_t pa[MAXA * MAXC], pc[MAXA * MAXC];
    int64_t pw[MAXA * MAXC];
    int64_t astart[MAXA + 1], cstart[MAXC + 1];
    int32_t aprefs[MAXA * MAXC], cprefs[MAXA * MAXC];
    char programme[1024];
    mu_arrays in;
} twin;

static const char *const SECTORS[] = {"it", "retail", "services"};
static const char *const MARKETS[] = {"", "VN", "TH|VN", "CN|ID|XX"};
static const char *const FIELDS[] = {"science", "science|business"};

static void make_twin(twin *t, int with_pairs, int with_prefs) {
    memset(t, 0, sizeof *t);
    t->na = 1 + below(MAXA);
    t->nc = 1 + below(MAXC);
    t->with_pairs = with_pairs;
    t->with_prefs = with_prefs;
    for (int32_t a = 0; a < t->na; a++) {
        snprintf(t->aid[a], sizeof t->aid[a], "A%d", a);
        t->app_ids[a] = t->aid[a];
        t->nat[a] = below(5) ? NATS[below(4)] : NULL;
        snprintf(t->agebuf[a], sizeof t->agebuf[a], "%d", 18 + below(30));
        t->age[a] = below(6) ? t->agebuf[a] : NULL;
        t->jlpt[a] = below(3) ? JLPT[below(5)] : NULL;
        t->deg[a] = below(4) ? (below(2) ? "true" : "false") : NULL;
        t->origin[a] = below(2) ? (below(2) ? "asia" : "Asia") : NULL;
    }
    for (int32_t c = 0; c < t->nc; c++) {
        snprintf(t->cid[c], sizeof t->cid[c], "C%d", c);
        t->com_ids[c] = t->cid[c];
        t->cap[c] = below(4);
        t->region[c] = REGIONS[below(2)];
        t->sector[c] = below(3) ? SECTORS[below(3)] : NULL;
        t->markets[c] = below(3) ? MARKETS[below(4)] : NULL;
        t->req_jlpt[c] = below(3) ? NULL : JLPT[below(5)];
        t->req_fields[c] = below(4) ? NULL : FIELDS[below(2)];
    }
    /* Columns in an order that puts a free attribute between typed ones. */
    t->acols[0] = (mu_column){"nationality", t->nat};
    t->acols[1] = (mu_column){"origin", t->origin};
    t->acols[2] = (mu_column){"age", t->age};
    t->acols[3] = (mu_column){"jlpt", t->jlpt};
    t->acols[4] = (mu_column){"degree", t->deg};
    t->ccols[0] = (mu_column){"sector", t->sector};
    t->ccols[1] = (mu_column){"target_markets", t->markets};
    t->ccols[2] = (mu_column){"region", t->region};
    t->ccols[3] = (mu_column){"requires_jlpt", t->req_jlpt};
    t->ccols[4] = (mu_column){"requires_fields", t->req_fields};
    if (with_pairs) {
        /* in no particular order: the route sorts them */
        for (int32_t a = t->na - 1; a >= 0; a--)
            for (int32_t c = 0; c < t->nc; c++)
                if (below(2)) t->pa[t->np] = a, t->pc[t->np] = c, t->pw[t->np] = 1 + below(500), t->np++;
    }
    if (with_prefs) {
        int32_t k = 0;
        for (int32_t a = 0; a < t->na; a++) {
            t->astart[a] = k;
            for (int32_t c = 0; c < t->nc; c++)
                if (below(2)) t->aprefs[k++] = (c * 3 + a) % t->nc; /* distinct: a rotation */
            /* the rotation may repeat when nc divides 3; keep the list distinct */
            for (int64_t x = t->astart[a]; x < k; x++)
                for (int64_t y = t->astart[a]; y < x; y++)
                    if (t->aprefs[x] == t->aprefs[y]) t->aprefs[x] = -1;
            int64_t w = t->astart[a];
            for (int64_t x = t->astart[a]; x < k; x++)
                if (t->aprefs[x] >= 0) t->aprefs[w++] = t->aprefs[x];
            k = (int32_t)w;
        }
        t->astart[t->na] = k;
        k = 0;
        for (int32_t c = 0; c < t->nc; c++) {
            t->cstart[c] = k;
            for (int32_t a = t->na - 1; a >= 0; a--)
                if (!below(3)) t->cprefs[k++] = a;
        }
        t->cstart[t->nc] = k;
    }
    snprintf(t->programme, sizeof t->programme,
             "{\"rules\": {\"age\": {\"min\": 20, \"max\": 40}, \"mutual_preferences\": %s}, %s"
             "\"quotas\": [{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"VN\"}, \"max\": %d}, "
             "{\"name\": \"per-region\", \"group_by_company\": \"region\", \"max\": %d}, "
             "{\"name\": \"one-id\", \"applicants\": {\"id\": [\"A0\", \"A1\"]}, \"companies\": {\"region\": "
             "{\"not\": \"Kanto\"}}, \"max\": 1}]}",
             below(2) ? "true" : "false", with_pairs ? "" : "\"weights\": {\"base\": 50, \"target_market\": 30}, ",
             below(3), 1 + below(5));
    t->in = (mu_arrays){.source = "twin",
                        .name = "the twin",
                        .n_applicants = t->na,
                        .applicant_ids = t->app_ids,
                        .n_companies = t->nc,
                        .company_ids = t->com_ids,
                        .capacities = t->cap,
                        .n_applicant_columns = 5,
                        .applicant_columns = t->acols,
                        .n_company_columns = 5,
                        .company_columns = t->ccols,
                        .programme = t->programme};
    if (with_pairs)
        t->in.n_pairs = t->np, t->in.pair_applicants = t->pa, t->in.pair_companies = t->pc, t->in.pair_weights = t->pw;
    if (with_prefs)
        t->in.applicant_pref_start = t->astart, t->in.applicant_prefs = t->aprefs, t->in.company_pref_start = t->cstart,
        t->in.company_prefs = t->cprefs;
}

/* The equivalent document, keys in the order mu_instance_build reads them. */
static char *twin_document(const twin *t) {
    textbuf b = {0};
    put(&b, "{\"format\": \"musubi-instance-1\", \"name\": \"the twin\", \"applicants\": [");
    for (int32_t a = 0; a < t->na; a++) {
        put(&b, "%s{\"id\": \"%s\"", a ? ", " : "", t->aid[a]);
        if (t->nat[a]) put(&b, ", \"nationality\": \"%s\"", t->nat[a]);
        if (t->origin[a]) put(&b, ", \"origin\": \"%s\"", t->origin[a]);
        if (t->age[a]) put(&b, ", \"age\": %s", t->age[a]);
        if (t->jlpt[a]) put(&b, ", \"jlpt\": \"%s\"", t->jlpt[a]);
        if (t->deg[a]) put(&b, ", \"degree\": %s", t->deg[a]);
        if (t->with_prefs) {
            put(&b, ", \"preferences\": [");
            for (int64_t k = t->astart[a]; k < t->astart[a + 1]; k++)
                put(&b, "%s\"%s\"", k > t->astart[a] ? ", " : "", t->cid[t->aprefs[k]]);
            put(&b, "]");
        }
        put(&b, "}");
    }
    put(&b, "], \"companies\": [");
    for (int32_t c = 0; c < t->nc; c++) {
        put(&b, "%s{\"id\": \"%s\", \"capacity\": %d", c ? ", " : "", t->cid[c], t->cap[c]);
        if (t->sector[c]) put(&b, ", \"sector\": \"%s\"", t->sector[c]);
        if (t->markets[c]) { /* "TH|VN" as ["TH", "VN"] */
            put(&b, ", \"target_markets\": [");
            for (const char *m = t->markets[c]; *m;) {
                size_t n = strcspn(m, "|");
                put(&b, "%s\"%.*s\"", m == t->markets[c] ? "" : ", ", (int)n, m);
                m += n + (m[n] == '|');
            }
            put(&b, "]");
        }
        put(&b, ", \"region\": \"%s\"", t->region[c]);
        if (t->req_jlpt[c] || t->req_fields[c]) {
            put(&b, ", \"requires\": {");
            if (t->req_jlpt[c]) put(&b, "\"jlpt\": \"%s\"%s", t->req_jlpt[c], t->req_fields[c] ? ", " : "");
            if (t->req_fields[c])
                put(&b, "\"fields\": [\"science\"%s]", strchr(t->req_fields[c], '|') ? ", \"business\"" : "");
            put(&b, "}");
        }
        if (t->with_prefs) {
            put(&b, ", \"preferences\": [");
            for (int64_t k = t->cstart[c]; k < t->cstart[c + 1]; k++)
                put(&b, "%s\"%s\"", k > t->cstart[c] ? ", " : "", t->aid[t->cprefs[k]]);
            put(&b, "]");
        }
        put(&b, "}");
    }
    put(&b, "]");
    if (t->with_pairs) {
        put(&b, ", \"pairs\": [");
        for (int64_t k = 0; k < t->np; k++)
            put(&b, "%s{\"applicant\": \"%s\", \"company\": \"%s\", \"weight\": %lld}", k ? ", " : "", t->aid[t->pa[k]],
                t->cid[t->pc[k]], (long long)t->pw[k]);
        put(&b, "]");
    }
    put(&b, ", %s", t->programme + 1); /* the programme's keys, at the top level */
    return b.s;
}

static void assert_same_symtab(const mu_symtab *x, const mu_symtab *y) {
    assert_int_equal(x->n, y->n);
    for (int32_t k = 0; k < x->n; k++) assert_string_equal(x->str[k], y->str[k]);
}
static void assert_same_i64(const int64_t *x, const int64_t *y, int64_t n) {
    for (int64_t k = 0; k < n; k++) assert_int_equal(x[k], y[k]);
}
static void assert_same_i32(const int32_t *x, const int32_t *y, int64_t n) {
    for (int64_t k = 0; k < n; k++) assert_int_equal(x[k], y[k]);
}
static void assert_same_rows(const mu_rows *x, const mu_rows *y, int32_t n) {
    assert_same_i64(x->off, y->off, n + 1);
    assert_same_i32(x->item, y->item, x->off[n]);
}
static void assert_same_attrs(const mu_attrs *x, const mu_attrs *y, int32_t n) {
    assert_same_i64(x->off, y->off, n + 1);
    assert_same_i32(x->key, y->key, x->off[n]);
    assert_same_i32(x->val, y->val, x->off[n]);
}
static void assert_same_filters(const mu_filter *x, const mu_filter *y, int32_t n) {
    for (int32_t f = 0; f < n; f++) {
        assert_int_equal(x[f].key, y[f].key);
        assert_int_equal(x[f].negate, y[f].negate);
        assert_int_equal(x[f].n_vals, y[f].n_vals);
        assert_same_i32(x[f].vals, y[f].vals, x[f].n_vals);
    }
}

/* Field by field, the index structures included; only the path differs. */
static void assert_same_instance(const mu_instance *x, const mu_instance *y) {
    assert_string_equal(mu_instance_name(x), mu_instance_name(y));
    assert_int_equal(x->n_app, y->n_app);
    assert_int_equal(x->n_com, y->n_com);
    assert_same_symtab(&x->syms, &y->syms);
    assert_same_symtab(&x->app_ids, &y->app_ids);
    assert_same_symtab(&x->com_ids, &y->com_ids);
    for (int32_t a = 0; a < y->n_app; a++) {
        const mu_applicant *p = &x->app[a], *q = &y->app[a];
        assert_int_equal(p->nationality, q->nationality);
        assert_int_equal(p->field, q->field);
        assert_int_equal(p->age, q->age);
        assert_int_equal(p->jlpt, q->jlpt);
        assert_int_equal(p->english, q->english);
        assert_int_equal(p->degree, q->degree);
        assert_int_equal(p->recommendation, q->recommendation);
        assert_int_equal(x->app_fail[a], y->app_fail[a]);
    }
    for (int32_t c = 0; c < y->n_com; c++) {
        const mu_company *p = &x->com[c], *q = &y->com[c];
        assert_int_equal(p->capacity, q->capacity);
        assert_int_equal(p->req_jlpt, q->req_jlpt);
        assert_int_equal(p->req_english, q->req_english);
        assert_int_equal(p->req_degree, q->req_degree);
        assert_int_equal(p->has_req_fields, q->has_req_fields);
    }
    assert_same_attrs(&x->app_attrs, &y->app_attrs, y->n_app);
    assert_same_attrs(&x->com_attrs, &y->com_attrs, y->n_com);
    assert_same_rows(&x->app_pref, &y->app_pref, y->n_app);
    assert_same_rows(&x->com_pref, &y->com_pref, y->n_com);
    assert_same_rows(&x->com_target, &y->com_target, y->n_com);
    assert_same_rows(&x->com_fields, &y->com_fields, y->n_com);
    assert_same_rows(&x->app_pref_sorted, &y->app_pref_sorted, y->n_app);
    assert_same_rows(&x->com_pref_sorted, &y->com_pref_sorted, y->n_com);
    assert_int_equal(x->has_pairs, y->has_pairs);
    assert_int_equal(x->n_given, y->n_given);
    if (y->has_pairs) {
        assert_same_i32(x->given_app, y->given_app, y->n_given);
        assert_same_i32(x->given_com, y->given_com, y->n_given);
        assert_same_i64(x->given_w, y->given_w, y->n_given);
        assert_same_i64(x->given_off, y->given_off, y->n_app + 1);
    }
    const mu_rules *r = &x->rules, *s = &y->rules;
    assert_int_equal(r->has_age, s->has_age);
    assert_int_equal(r->age_min, s->age_min);
    assert_int_equal(r->age_max, s->age_max);
    assert_int_equal(r->has_language, s->has_language);
    assert_int_equal(r->degree_or_recommendation, s->degree_or_recommendation);
    assert_int_equal(r->has_nationalities, s->has_nationalities);
    assert_int_equal(r->mutual_preferences, s->mutual_preferences);
    assert_int_equal(x->weights.base, y->weights.base);
    assert_int_equal(x->weights.applicant_rank, y->weights.applicant_rank);
    assert_int_equal(x->weights.company_rank, y->weights.company_rank);
    assert_int_equal(x->weights.target_market, y->weights.target_market);
    assert_int_equal(x->n_quotas, y->n_quotas);
    for (int32_t q = 0; q < y->n_quotas; q++) {
        const mu_quota *p = &x->quotas[q], *o = &y->quotas[q];
        assert_string_equal(p->name, o->name);
        assert_int_equal(p->n_app_filter, o->n_app_filter);
        assert_int_equal(p->n_com_filter, o->n_com_filter);
        assert_same_filters(p->app_filter, o->app_filter, o->n_app_filter);
        assert_same_filters(p->com_filter, o->com_filter, o->n_com_filter);
        assert_int_equal(p->per_company, o->per_company);
        assert_int_equal(p->group_by, o->group_by);
        assert_int_equal(p->group_by_company, o->group_by_company);
        assert_int_equal(p->min, o->min);
        assert_int_equal(p->max, o->max);
    }
    assert_int_equal(x->hosts.given, y->hosts.given);
    assert_int_equal(x->tables, y->tables);
    assert_int_equal(x->quotas_csv, y->quotas_csv);
}

static mu_instance *build_ok(const mu_arrays *in) {
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    int rc = mu_instance_build(in, &inst, &err);
    if (rc) fprintf(stderr, "unexpected error building:\n%s\n", err.msg);
    assert_int_equal(rc, MU_OK);
    return inst;
}

static mu_instance *from_json_ok(const char *source, const char *text) {
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    int rc = mu_instance_from_json(source, text, strlen(text), &inst, &err);
    if (rc) fprintf(stderr, "unexpected error reading:\n%s\n%s\n", text, err.msg);
    assert_int_equal(rc, MU_OK);
    return inst;
}

/* The whole solution file of inst under default options, as text. */
static char *solution_text(const mu_instance *inst) {
    mu_options opt;
    mu_options_init(&opt);
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_solution *sol = NULL;
    assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_OK);
    if (mu_solution_has_assignment(sol)) assert_int_equal(mu_solution_measure(sol, inst, &opt, &err), MU_OK);
    char *json = NULL;
    assert_int_equal(mu_solution_json(sol, inst, &opt, &json, NULL, &err), MU_OK);
    mu_solution_free(sol);
    /* "seconds" differs from run to run: blank it */
    char *s = strstr(json, "\"seconds\": ");
    assert_non_null(s);
    for (s += 11; *s != ','; s++) *s = '0';
    return json;
}

static void arrays_build_the_instance_the_json_reader_builds(void **state) {
    (void)state;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        rng_state = seed; /* tests/randinst.h's stream */
        twin t;
        make_twin(&t, (int)(seed % 2), (int)(seed / 2 % 2));
        char *doc = twin_document(&t);
        mu_instance *x = build_ok(&t.in), *y = from_json_ok("twin", doc);
        assert_same_instance(x, y);
        assert_string_equal(mu_instance_source(x), "twin");
        /* and so the same solution, to the byte */
        char *sx = solution_text(x), *sy = solution_text(y);
        assert_string_equal(sx, sy);
        free(sx), free(sy), free(doc);
        mu_instance_free(x), mu_instance_free(y);
    }
}

/* ---- bad arrays: the document's messages, records named as in it */

static void assert_build_error(const mu_arrays *in, int code, const char *first_line) {
    mu_error err;
    memset(&err, 0, sizeof err);
    static char sentinel;
    mu_instance *inst = (mu_instance *)&sentinel;
    int rc = mu_instance_build(in, &inst, &err);
    if (rc != code) fprintf(stderr, "got %d, want %d: %s\n", rc, code, err.msg);
    assert_int_equal(rc, code);
    assert_null(inst);
    assert_first_line(&err, first_line);
}

static const char *const IDS3[] = {"A0", "A1", "A2"};
static const char *const CIDS2[] = {"C0", "C1"};
static const int32_t CAPS2[] = {1, 1};

static mu_arrays small(void) {
    return (mu_arrays){
        .n_applicants = 3, .applicant_ids = IDS3, .n_companies = 2, .company_ids = CIDS2, .capacities = CAPS2};
}

static void bad_ids_are_refused_by_their_record(void **state) {
    (void)state;
    const char *dup[] = {"A0", "A1", "A0"}, *space[] = {"A0", "A1 ", "A2"}, *empty[] = {"A0", "", "A2"};
    const char *nul[] = {"A0", NULL, "A2"}, *utf[] = {"A0", "A\xff", "A2"}, *ctl[] = {"A0", "A\t1", "A2"};
    mu_arrays in = small();
    in.applicant_ids = dup;
    assert_build_error(&in, MU_EINPUT, "<arrays>: applicants[2].id: duplicate id \"A0\" (also applicants[0])");
    in.applicant_ids = space;
    assert_build_error(&in, MU_EINPUT,
                       "<arrays>: applicants[1].id: \"A1 \" ends with a space; ids compare exactly, so remove it");
    in.applicant_ids = empty;
    assert_build_error(&in, MU_EINPUT, "<arrays>: applicants[1].id: expected a non-empty id");
    in.applicant_ids = nul;
    assert_build_error(&in, MU_EINPUT, "<arrays>: applicants[1].id: missing");
    in.applicant_ids = utf;
    assert_build_error(&in, MU_EINPUT, "<arrays>: applicants[1].id: invalid UTF-8");
    in.applicant_ids = ctl;
    assert_build_error(&in, MU_EINPUT, "<arrays>: applicants[1].id: id contains a control character");
    in = small();
    in.source = "mine";
    const char *cdup[] = {"C0", "C0"};
    in.company_ids = cdup;
    assert_build_error(&in, MU_EINPUT, "mine: companies[1].id: duplicate id \"C0\" (also companies[0])");
}

static void bad_pairs_are_refused_by_their_index(void **state) {
    (void)state;
    int32_t pa[] = {0, 1, 3}, pc[] = {0, 1, 1};
    int64_t pw[] = {5, -1, 7};
    mu_arrays in = small();
    in.n_pairs = 3, in.pair_applicants = pa, in.pair_companies = pc, in.pair_weights = pw;
    assert_build_error(&in, MU_EINPUT, "<arrays>: pairs[1].weight: expected an integer from 0 to 1000000000, got -1");
    pw[1] = 6;
    assert_build_error(&in, MU_EINPUT, "<arrays>: pairs[2].applicant: applicant index 3 out of range (0 to 2)");
    pa[2] = 1, pc[2] = 2;
    assert_build_error(&in, MU_EINPUT, "<arrays>: pairs[2].company: company index 2 out of range (0 to 1)");
    pc[2] = 1; /* pairs[2] repeats pairs[1]: named as read_json.c names it */
    assert_build_error(&in, MU_EINPUT, "<arrays>: pairs[2]: duplicate of pairs[1] (applicant \"A1\", company \"C1\")");
    int64_t big[] = {5, 6, 1000000001};
    pc[2] = 0, in.pair_weights = big;
    assert_build_error(&in, MU_EINPUT,
                       "<arrays>: pairs[2].weight: expected an integer from 0 to 1000000000, got 1000000001");
    int32_t neg[] = {-1, 1};
    mu_arrays c = small();
    c.capacities = neg;
    assert_build_error(&c, MU_EINPUT, "<arrays>: companies[0].capacity: expected an integer from 0 to 1000000, got -1");
}

static void bad_columns_and_values_are_refused_by_name(void **state) {
    (void)state;
    const char *ages[] = {"24", "forty", NULL}, *jl[] = {"N2", NULL, "N9"}, *deg[] = {"TRUE", "yes", "false"};
    const char *any[] = {"x", "y", "z"};
    mu_column c1[] = {{"age", ages}};
    mu_arrays in = small();
    in.n_applicant_columns = 1, in.applicant_columns = c1;
    assert_build_error(&in, MU_EINPUT, "<arrays>: applicants[1].age: expected an integer from 0 to 150, got \"forty\"");
    mu_column c2[] = {{"jlpt", jl}, {"degree", deg}};
    in.n_applicant_columns = 2, in.applicant_columns = c2;
    assert_build_error(&in, MU_EINPUT, "<arrays>: applicants[1].degree: expected true or false, got \"yes\"");
    mu_column c3[] = {{"origin", any}, {"origin", any}};
    in.applicant_columns = c3;
    assert_build_error(&in, MU_EINPUT,
                       "<arrays>: applicant_columns[1].name: \"origin\" repeats applicant_columns[0].name");
    mu_column c4[] = {{"id", any}};
    in.n_applicant_columns = 1, in.applicant_columns = c4;
    assert_build_error(&in, MU_EINPUT,
                       "<arrays>: applicant_columns[0].name: \"id\" is not a column: the arrays give it "
                       "(applicant_ids)");
    const char *two[] = {"a", "b"};
    mu_column c5[] = {{"requires", two}};
    mu_arrays co = small();
    co.n_company_columns = 1, co.company_columns = c5;
    assert_build_error(&co, MU_EINPUT,
                       "<arrays>: company_columns[0].name: \"requires\" is not a company column (requirements are the "
                       "columns requires_jlpt, requires_english, requires_fields and requires_degree; tracks need the "
                       "JSON route, mu_instance_from_json)");
    const char *lists[] = {"VN||TH", "VN"}, *lv[] = {"N2", "N0"};
    mu_column c8[] = {{"target_markets", lists}};
    co.company_columns = c8;
    assert_build_error(&co, MU_EINPUT,
                       "<arrays>: companies[0].target_markets[1]: item is empty (two \"|\" in a row, or one at an "
                       "end)");
    mu_column c9[] = {{"requires_jlpt", lv}};
    co.company_columns = c9;
    assert_build_error(&co, MU_EINPUT, "<arrays>: companies[1].requires.jlpt: expected \"N1\" to \"N5\", got \"N0\"");
    mu_column c6[] = {{"capacity", two}};
    co.company_columns = c6;
    assert_build_error(&co, MU_EINPUT,
                       "<arrays>: company_columns[0].name: \"capacity\" is not a column: the arrays give it "
                       "(capacities)");
    const char *bad_utf[] = {"ok", "\xc3("};
    mu_column c7[] = {{"region", bad_utf}};
    co.company_columns = c7;
    assert_build_error(&co, MU_EINPUT, "<arrays>: companies[1].region: invalid UTF-8");
}

static void bad_preference_lists_are_refused_by_entry(void **state) {
    (void)state;
    int64_t start[] = {0, 2, 2, 3};
    int32_t prefs[] = {1, 1, 5};
    mu_arrays in = small();
    in.applicant_pref_start = start, in.applicant_prefs = prefs;
    assert_build_error(&in, MU_EINPUT, "<arrays>: applicants[0].preferences[1]: company \"C1\" listed twice");
    prefs[1] = 0;
    assert_build_error(&in, MU_EINPUT, "<arrays>: applicants[2].preferences[0]: company index 5 out of range (0 to 1)");
    int64_t down[] = {0, 2, 1, 3};
    prefs[2] = 0;
    in.applicant_pref_start = down;
    assert_build_error(&in, MU_EINPUT,
                       "<arrays>: applicants[1].preferences: list bounds 2 to 1 are not increasing from 0");
}

static void the_programme_is_read_as_a_documents_keys(void **state) {
    (void)state;
    mu_arrays in = small();
    in.programme = "{\"quotas\": [{\"name\": \"q\", \"applicants\": {\"nationalty\": \"VN\"}, \"max\": 1}]}";
    assert_build_error(&in, MU_EINPUT,
                       "<arrays>: quotas[0].applicants.nationalty: no applicant has the attribute \"nationalty\"");
    in.programme = "{\"rules\": {}, \"colour\": 1}";
    assert_build_error(&in, MU_EINPUT, "<arrays>: programme: unknown key \"colour\"");
    in.programme = "{\"rules\": ";
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    assert_int_equal(mu_instance_build(&in, &inst, &err), MU_EINPUT);
    assert_non_null(strstr(err.msg, "<arrays>: programme: line 1, column"));
    int32_t pa[] = {0}, pc[] = {0};
    int64_t pw[] = {3};
    in.n_pairs = 1, in.pair_applicants = pa, in.pair_companies = pc, in.pair_weights = pw;
    in.programme = "{\"weights\": {\"base\": 1}}";
    assert_build_error(&in, MU_EINPUT,
                       "<arrays>: weights: must be absent when pairs are given (pairs carry their own weights)");
}

/* ---- JSON from memory */

static void json_from_memory_needs_no_terminator_and_names_its_source(void **state) {
    (void)state;
    const char *doc = "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A\"}], "
                      "\"companies\": [{\"id\": \"C\", \"capacity\": 1}]}XXXX";
    size_t len = strlen(doc) - 4; /* the bytes after len are not the document's */
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    assert_int_equal(mu_instance_from_json(NULL, doc, len, &inst, &err), MU_OK);
    assert_int_equal(mu_instance_applicants(inst), 1);
    assert_string_equal(mu_instance_source(inst), "<memory>");
    assert_string_equal(mu_instance_applicant_id(inst, 0), "A");
    assert_int_equal(mu_instance_company_index(inst, "C"), 0);
    assert_int_equal(mu_instance_company_index(inst, "D"), -1);
    assert_int_equal(mu_instance_capacity(inst, 0), 1);
    mu_instance_free(inst);
    const char *bad = "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A\", \"age\": \"x\"}], "
                      "\"companies\": []}";
    assert_int_equal(mu_instance_from_json("api", bad, strlen(bad), &inst, &err), MU_EINPUT);
    assert_first_line(&err, "api: applicants[0].age: expected an integer from 0 to 150, got \"x\"");
    assert_null(inst);
    /* the size limit of a file, checked before anything is read */
    assert_int_equal(mu_instance_from_json("big", bad, (size_t)300 << 20, &inst, &err), MU_EINPUT);
    assert_non_null(strstr(err.msg, "big: larger than 256 MiB"));
}

/* ---- solutions: text, checker, accessors */

static const char *JIP = "instances/jip-fy2018.json";

static void solution_text_equals_the_file_and_the_checker_reads_it(void **state) {
    (void)state;
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    assert_int_equal(mu_instance_read("instances/tokyo-2022.json", &inst, &err), MU_OK);
    mu_options opt;
    mu_options_init(&opt);
    opt.engine = MU_ENGINE_DA_APPLICANT;
    mu_solution *sol = NULL;
    assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_OK);
    assert_int_equal(mu_solution_measure(sol, inst, &opt, &err), MU_OK);
    assert_int_equal(mu_solution_lint(sol, inst, &err), MU_OK);
    char *json = NULL;
    size_t len = 0;
    assert_int_equal(mu_solution_json(sol, inst, &opt, &json, &len, &err), MU_OK);
    assert_int_equal(strlen(json), len);
    char *path = temp_file("");
    assert_int_equal(mu_solution_write_json(sol, inst, &opt, path, &err), MU_OK);
    char *file = NULL;
    size_t flen = 0;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    file = malloc(len + 16);
    flen = fread(file, 1, len + 16, f);
    fclose(f);
    assert_int_equal(flen, len);
    assert_memory_equal(file, json, len);
    /* the checker on the text, and on the file: one verdict */
    char *report = NULL;
    assert_int_equal(mu_check_json(inst, "sol", json, len, &report, &err), MU_OK);
    assert_non_null(strstr(report, "sol: valid: status optimal"));
    assert_int_equal(mu_check_file(inst, path, NULL, &err), MU_OK);
    mu_free(report);
    /* a changed objective is a violation, with the source named */
    char *obj = strstr(json, "\"objective\": ");
    assert_non_null(obj);
    obj[13] = obj[13] == '9' ? '8' : '9';
    assert_int_equal(mu_check_json(inst, NULL, json, len, &report, &err), MU_EINVALID_SOLUTION);
    assert_non_null(strstr(report, "<memory>: violation: objective: recomputed"));
    assert_non_null(strstr(report, "<memory>: INVALID: 1 violation"));
    mu_free(report);
    assert_int_equal(mu_check_json(inst, "x", "[]", 2, NULL, &err), MU_EINPUT);
    unlink(path);
    free(path), free(file);
    mu_free(json);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

static double number_after(const char *json, const char *key) {
    const char *p = strstr(json, key);
    assert_non_null(p);
    return strtod(p + strlen(key), NULL);
}

static void accessors_read_what_the_solution_file_says(void **state) {
    (void)state;
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    assert_int_equal(mu_instance_read(JIP, &inst, &err), MU_OK);
    mu_options opt;
    mu_options_init(&opt);
    mu_solution *sol = NULL;
    assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_OK);
    double v;
    assert_int_equal(mu_solution_metric(sol, "weight", &v, &err), MU_EUSAGE);
    assert_non_null(strstr(err.msg, "not measured"));
    assert_int_equal(mu_solution_rank_profile(sol, 0, NULL, 0), 0);
    assert_int_equal(mu_solution_measure(sol, inst, &opt, &err), MU_OK);
    char *json = NULL;
    assert_int_equal(mu_solution_json(sol, inst, &opt, &json, NULL, &err), MU_OK);
    assert_string_equal(mu_solution_engine(sol), "flow");
    assert_non_null(strstr(json, mu_solution_reason(sol)));
    assert_string_equal(mu_solution_criterion(sol), "weight");
    assert_int_equal(mu_solution_criterion_value(sol), mu_solution_objective(sol));
    assert_true(mu_solution_has_bound(sol));
    assert_true(mu_solution_bound(sol) == number_after(json, "\"bound\": "));
    assert_true(mu_solution_gap(sol) == number_after(json, "\"gap\": "));
    int64_t scale = 0, bound = 0;
    assert_true(mu_solution_certificate(sol, &scale, &bound));
    assert_int_equal(scale, (int64_t)number_after(json, "\"scale\": "));
    const char *cert = strstr(json, "\"certificate\": {");
    assert_non_null(cert);
    assert_int_equal(bound, (int64_t)number_after(cert, "\"bound\": "));
    assert_int_equal(bound, mu_solution_objective(sol)); /* the optimum, certified */
    /* prices: as the certificate lists them (non-zero ones only) */
    const char *ap = strstr(cert, "\"applicant_prices\": {"), *cp = strstr(cert, "\"company_prices\": {");
    assert_non_null(ap);
    assert_non_null(cp);
    int priced = 0;
    for (int32_t a = 0; a < mu_instance_applicants(inst); a++) {
        char entry[300];
        snprintf(entry, sizeof entry, "\"%s\": %lld", mu_instance_applicant_id(inst, a),
                 (long long)mu_solution_applicant_price(sol, a));
        if (mu_solution_applicant_price(sol, a)) assert_true(strstr(ap, entry) && strstr(ap, entry) < cp), priced++;
    }
    for (int32_t c = 0; c < mu_instance_companies(inst); c++) {
        char entry[300];
        snprintf(entry, sizeof entry, "\"%s\": %lld", mu_instance_company_id(inst, c),
                 (long long)mu_solution_company_price(sol, c));
        if (mu_solution_company_price(sol, c)) assert_non_null(strstr(cp, entry)), priced++;
    }
    assert_true(priced > 0);
    int64_t total = 0;
    for (int32_t a = 0; a < mu_instance_applicants(inst); a++) total += mu_solution_weight_of(sol, a);
    assert_int_equal(total, mu_solution_objective(sol));
    static const char *const NAMES[] = {"placements", "applicants",     "seats",
                                        "weight",     "blocking_pairs", "egalitarian_cost"};
    static const char *const KEYS[] = {"\"placements\": ", "\"applicants\": ",     "\"seats\": ",
                                       "\"weight\": ",     "\"blocking_pairs\": ", "\"egalitarian_cost\": "};
    const char *metrics = strstr(json, "\n  \"metrics\": "); /* the top-level object, not the option's echo */
    assert_non_null(metrics);
    for (size_t k = 0; k < MU_ARRAY_LEN(NAMES); k++) {
        assert_int_equal(mu_solution_metric(sol, NAMES[k], &v, &err), MU_OK);
        assert_true(v == number_after(metrics, KEYS[k]));
    }
    assert_int_equal(mu_solution_metric(sol, "justified_envy.pairs", &v, &err), MU_OK);
    assert_true(v == number_after(metrics, "\"justified_envy\": {\"pairs\": "));
    assert_int_equal(mu_solution_metric(sol, "price_of_stability.max_weight", &v, &err), MU_EUSAGE);
    assert_int_equal(mu_solution_metric(sol, "wieght", &v, &err), MU_EUSAGE);
    assert_non_null(strstr(err.msg, "unknown metric \"wieght\""));
    int64_t prof[64];
    int32_t levels = mu_solution_rank_profile(sol, 0, prof, 64);
    assert_true(levels > 0 && levels <= 64);
    char want[256] = "\"applicant_ranks\": {\"profile\": [";
    for (int32_t r = 0; r < levels; r++)
        snprintf(want + strlen(want), sizeof want - strlen(want), "%s%lld", r ? ", " : "", (long long)prof[r]);
    assert_non_null(strstr(json, want));
    int32_t ng = mu_solution_group_count(sol);
    assert_true(ng > 0);
    mu_group_rate_info g;
    assert_int_equal(mu_solution_group(sol, 0, &g), MU_OK);
    char gw[512];
    snprintf(gw, sizeof gw, "{\"attribute\": \"%s\", \"side\": \"%s\", \"value\": \"%s\"", g.attribute,
             g.company_side ? "companies" : "applicants", g.value);
    assert_non_null(strstr(json, gw));
    mu_free(json);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

static void lint_findings_come_as_text_and_as_warnings(void **state) {
    (void)state;
    mu_instance *inst = from_json_ok(
        "lint", "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A\", \"nationality\": \"VN\"}], "
                "\"companies\": [{\"id\": \"C\", \"capacity\": 1}], "
                "\"quotas\": [{\"name\": \"q\", \"applicants\": {\"nationality\": \"Vn\"}, \"max\": 1}]}");
    mu_error err;
    memset(&err, 0, sizeof err);
    char *text = NULL;
    int32_t n = 0;
    assert_int_equal(mu_instance_lint(inst, &text, &n, &err), MU_OK);
    assert_int_equal(n, 1);
    assert_non_null(strstr(text, "lint: quotas[0].applicants.nationality: value \"Vn\""));
    assert_true(text[strlen(text) - 1] == '\n');
    mu_options opt;
    mu_options_init(&opt);
    mu_solution *sol = NULL;
    assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_OK);
    assert_int_equal(mu_solution_lint(sol, inst, &err), MU_OK);
    char *json = NULL;
    assert_int_equal(mu_solution_json(sol, inst, &opt, &json, NULL, &err), MU_OK);
    assert_non_null(strstr(json, "\"warnings\": [\n    \"lint: quotas[0].applicants"));
    mu_free(json), mu_free(text);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

/* ---- the generator in memory */

static void generate_in_memory_equals_musubi_gen(void **state) {
    (void)state;
    const char *knobs[] = {"seed", "applicants", "companies"}, *values[] = {"7", "60", "9"};
    mu_error err;
    memset(&err, 0, sizeof err);
    char *json = NULL;
    size_t len = 0;
    assert_int_equal(mu_generate_json("bench-transport", 3, knobs, values, &json, &len, &err), MU_OK);
    mu_gen_knobs k;
    assert_int_equal(mu_gen_preset(&k, "bench-transport", &err), MU_OK);
    for (int i = 0; i < 3; i++) assert_int_equal(mu_gen_set(&k, knobs[i], values[i], &err), MU_OK);
    char *path = temp_file("");
    assert_int_equal(mu_gen_write_json_file(&k, path, &err), MU_OK);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *file = malloc(len + 16);
    size_t flen = fread(file, 1, len + 16, f);
    fclose(f);
    assert_int_equal(flen, len);
    assert_memory_equal(file, json, len);
    mu_instance *inst = from_json_ok("gen", json);
    assert_int_equal(mu_instance_applicants(inst), 60);
    mu_instance_free(inst);
    unlink(path);
    free(path), free(file);
    mu_free(json);
    const char *bad[] = {"aplicants"}, *one[] = {"5"};
    assert_int_equal(mu_generate_json(NULL, 1, bad, one, &json, NULL, &err), MU_EUSAGE);
    assert_null(json);
    assert_int_equal(mu_generate_json("no-such-preset", 0, NULL, NULL, &json, NULL, &err), MU_EUSAGE);
}

static void options_on_the_heap_start_from_the_defaults(void **state) {
    (void)state;
    mu_options *o = mu_options_new(), d;
    assert_non_null(o);
    mu_options_init(&d);
    assert_int_equal(o->engine, d.engine);
    assert_int_equal(o->verbosity, d.verbosity);
    mu_options_set_verbosity(o, 2);
    assert_int_equal(o->verbosity, 2);
    mu_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(mu_options_set(o, "engine", "da-company", &err), MU_OK);
    assert_int_equal(o->engine, MU_ENGINE_DA_COMPANY);
    mu_options_free(o);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_ids_are_refused_by_their_record),
        cmocka_unit_test(bad_pairs_are_refused_by_their_index),
        cmocka_unit_test(bad_columns_and_values_are_refused_by_name),
        cmocka_unit_test(bad_preference_lists_are_refused_by_entry),
        cmocka_unit_test(the_programme_is_read_as_a_documents_keys),
        cmocka_unit_test(arrays_build_the_instance_the_json_reader_builds),
        cmocka_unit_test(json_from_memory_needs_no_terminator_and_names_its_source),
        cmocka_unit_test(solution_text_equals_the_file_and_the_checker_reads_it),
        cmocka_unit_test(accessors_read_what_the_solution_file_says),
        cmocka_unit_test(lint_findings_come_as_text_and_as_warnings),
        cmocka_unit_test(generate_in_memory_equals_musubi_gen),
        cmocka_unit_test(options_on_the_heap_start_from_the_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
