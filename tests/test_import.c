/* Spreadsheets in (issue 7): CSV tables as Excel saves them — a byte-order
 * mark, `;` or `,` between cells (read from the header), quoted cells, CRLF,
 * TRUE/FALSE — plus the two spreadsheet tables preferences.csv and
 * quotas.csv, and musubi import's JSON writer. Bad inputs first, each naming
 * file, row and column; then the same instance by every route must give the
 * same eligible pairs, weights and optimum. */
#include "tests/tabledir.h"
#include "base/io.h"

#include <unistd.h>

#include "model/solution.h"
#include "output/instance_json.h"

static int read_dir(fixture *f) {
    memset(&f->err, 0, sizeof f->err);
    mu_instance_free(f->inst);
    f->inst = NULL;
    return mu_instance_read(f->dir, &f->inst, &f->err);
}

static void read_ok(fixture *f) {
    int rc = read_dir(f);
    if (rc) print_error("unexpected error: %s\n", f->err.msg);
    assert_int_equal(rc, MU_OK);
}

/* Fails with MU_EINPUT and a line containing want ("DIR" = the directory). */
static void read_fails(fixture *f, const char *want) {
    char expect[512];
    const char *d = strstr(want, "DIR");
    if (d) snprintf(expect, sizeof expect, "%.*s%s%s", (int)(d - want), want, f->dir, d + 3);
    else snprintf(expect, sizeof expect, "%s", want);
    int rc = read_dir(f);
    if (rc != MU_EINPUT || !strstr(f->err.msg, expect))
        print_error("expected \"%s\"\ngot code %d: %s\n", expect, rc, f->err.msg);
    assert_int_equal(rc, MU_EINPUT);
    assert_null(f->inst);
}

static int64_t optimum(const mu_instance *inst) {
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    mu_solution *s = NULL;
    mu_error err = {0};
    assert_int_equal(mu_solve(inst, &opt, &s, &err), MU_OK);
    int64_t w = s->has_assignment ? s->objective : -1;
    mu_solution_free(s);
    return w;
}

static const char *const APPS = "id,nationality,jlpt\nA1,VN,N2\nA2,TH,N3\nA3,VN,N1\n";
static const char *const COMS = "id,capacity,region\nC1,1,Kanto\nC2,2,Kinki\n";

/* ---- bad inputs */

static void preferences_csv_with_an_unknown_id_or_bad_rank_names_row_and_column(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "preferences.csv",
        "applicant,company,applicant_rank,company_rank\nA1,C9,1,\nAX,C1,1,\nA2,C1,first,\nA3,C1,,\n");
    read_fails(f, "DIR/preferences.csv: row 2: company: unknown company id \"C9\"");
    assert_non_null(strstr(f->err.msg, "preferences.csv: row 3: applicant: unknown applicant id \"AX\""));
    assert_non_null(strstr(f->err.msg, "preferences.csv: row 4: applicant_rank: expected an integer from 1 to"));
    assert_non_null(strstr(f->err.msg, "preferences.csv: row 5: neither applicant_rank nor company_rank given"));
}

static void preferences_csv_with_a_rank_or_a_host_given_twice_names_both_rows(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "preferences.csv", "applicant,company,applicant_rank\nA1,C1,1\nA1,C2,1\nA2,C1,1\nA2,C1,2\n");
    read_fails(f, "DIR/preferences.csv: row 3: applicant_rank: applicant \"A1\" gives rank 1 twice (also row 2)");
    assert_non_null(
        strstr(f->err.msg, "preferences.csv: row 5: applicant \"A2\" lists company \"C1\" twice (also row 4)"));
}

static void preferences_in_both_places_are_rejected(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", "id,preferences\nA1,C1|C2\n");
    put(f, "companies.csv", COMS);
    put(f, "preferences.csv", "applicant,company,applicant_rank\nA1,C1,1\n");
    read_fails(f, "DIR/preferences.csv: preferences are given both here and in a preferences column");
}

static void preferences_csv_with_an_unknown_column_is_rejected(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "preferences.csv", "applicant,company,rank\nA1,C1,1\n");
    read_fails(f, "DIR/preferences.csv: row 1 (header): unknown column \"rank\"");
}

static void quotas_csv_with_bad_cells_names_row_and_column(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "quotas.csv",
        "name;applicants.nationality;per_company;min;max\r\nvn;VN;;;two\r\n;TH;;;1\r\nboth;;maybe;3;2\r\nnone;;;;\r\n");
    read_fails(f, "DIR/quotas.csv: row 2: max: expected an integer from 0 to 1000000000000, got \"two\"");
    assert_non_null(strstr(f->err.msg, "quotas.csv: row 3: name: missing"));
    assert_non_null(strstr(f->err.msg, "quotas.csv: row 4: per_company: expected true or false, got \"maybe\""));
    assert_non_null(strstr(f->err.msg, "quotas.csv: row 4: min 3 is greater than max 2"));
    assert_non_null(strstr(f->err.msg, "quotas.csv: row 5: expected min and/or max"));
}

static void quotas_csv_with_an_unknown_column_or_attribute_is_rejected(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "quotas.csv", "name,cap\nq,1\n");
    read_fails(f, "DIR/quotas.csv: row 1 (header): unknown column \"cap\"");
    put(f, "quotas.csv", "name,applicants.colour,max\nq,red,1\n");
    read_fails(f, "DIR/quotas.csv: row 2: applicants.colour: no applicant has the attribute \"colour\"");
}

static void quotas_in_both_places_are_rejected(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    put(f, "programme.json", "{\"quotas\": [{\"name\": \"budget\", \"max\": 1}]}");
    put(f, "quotas.csv", "name,max\nbudget,1\n");
    read_fails(f, "DIR/quotas.csv: quotas are given both here and in programme.json");
}

/* ---- what Excel writes */

static void semicolons_a_bom_crlf_and_excel_booleans_read_like_plain_csv(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv",
        "\xef\xbb\xbf"
        "id;name;degree;age\r\nA1;\"Lee; Min\";TRUE;24\r\nA2;\"Said \"\"Sam\"\"\";FALSE;30\r\n");
    put(f, "companies.csv",
        "\xef\xbb\xbf"
        "id;capacity;requires_degree\r\nC1;1;true\r\n");
    read_ok(f);
    mu_instance *a = f->inst;
    f->inst = NULL;
    assert_int_equal(a->n_app, 2);
    assert_int_equal(a->app[0].degree, 1);
    assert_int_equal(a->app[1].degree, 0);
    assert_int_equal(a->app[1].age, 30);
    assert_int_equal(a->com[0].req_degree, 1);
    int32_t name = mu_sym_find(&a->syms, "name");
    assert_string_equal(mu_attr_first(a, &a->app_attrs, 0, name), "Lee; Min");
    assert_string_equal(mu_attr_first(a, &a->app_attrs, 1, name), "Said \"Sam\"");
    /* the same tables with commas and LF give the same instance */
    put(f, "applicants.csv", "id,name,degree,age\nA1,\"Lee; Min\",true,24\nA2,\"Said \"\"Sam\"\"\",false,30\n");
    put(f, "companies.csv", "id,capacity,requires_degree\nC1,1,TRUE\n");
    read_ok(f);
    assert_int_equal(f->inst->n_app, 2);
    for (int32_t i = 0; i < 2; i++) assert_int_equal(f->inst->app[i].degree, a->app[i].degree);
    assert_int_equal(optimum(f->inst), optimum(a));
    mu_instance_free(a);
}

static void a_header_with_more_commas_than_semicolons_is_comma_separated(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", "id,note\nA1,a;b;c\n");
    put(f, "companies.csv", COMS);
    read_ok(f);
    assert_string_equal(mu_attr_first(f->inst, &f->inst->app_attrs, 0, mu_sym_find(&f->inst->syms, "note")), "a;b;c");
}

static void preferences_csv_gives_both_sides_lists_in_rank_order(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", APPS);
    put(f, "companies.csv", COMS);
    /* ranks need not be consecutive; a row may list for one side or both */
    put(f, "preferences.csv",
        "applicant;company;applicant_rank;company_rank\r\nA1;C2;5;\r\nA1;C1;2;3\r\nA2;C1;1;1\r\nA3;C2;;7\r\n");
    read_ok(f);
    const mu_instance *in = f->inst;
    assert_int_equal(in->app_pref.off[1] - in->app_pref.off[0], 2);
    assert_string_equal(in->com_ids.str[in->app_pref.item[in->app_pref.off[0]]], "C1"); /* rank 2 before rank 5 */
    assert_string_equal(in->com_ids.str[in->app_pref.item[in->app_pref.off[0] + 1]], "C2");
    assert_int_equal(in->app_pref.off[3] - in->app_pref.off[2], 0); /* A3 lists nobody */
    assert_int_equal(in->com_pref.off[1] - in->com_pref.off[0], 2); /* C1: A2 (1), A1 (3) */
    assert_string_equal(in->app_ids.str[in->com_pref.item[in->com_pref.off[0]]], "A2");
    assert_string_equal(in->app_ids.str[in->com_pref.item[in->com_pref.off[1]]], "A3");
}

static void quotas_csv_gives_the_quotas_of_the_json_form(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", "id,nationality\nA1,VN\nA2,VN\nA3,TH\nA4,ID\n");
    put(f, "companies.csv", "id,capacity,region\nC1,2,Kanto\nC2,2,Kinki\n");
    put(f, "quotas.csv",
        "name,applicants.nationality,companies.region,per_company,group_by,min,max\n"
        "vn-cap,VN,,,,,1\noutside-kanto,,not Kanto,,,1,\nper-host-nat,,,TRUE,nationality,,1\n");
    read_ok(f);
    mu_instance *csv = f->inst;
    f->inst = NULL;
    assert_int_equal(csv->n_quotas, 3);
    assert_string_equal(csv->quotas[1].name, "outside-kanto");
    assert_int_equal(csv->quotas[1].com_filter[0].negate, 1);
    assert_int_equal(csv->quotas[1].min, 1);
    assert_int_equal(csv->quotas[2].per_company, 1);
    /* the same quotas in programme.json */
    char path[128];
    snprintf(path, sizeof path, "%s/quotas.csv", f->dir);
    unlink(path);
    put(f, "programme.json",
        "{\"quotas\": [{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"VN\"}, \"max\": 1},"
        "{\"name\": \"outside-kanto\", \"companies\": {\"region\": {\"not\": \"Kanto\"}}, \"min\": 1},"
        "{\"name\": \"per-host-nat\", \"per_company\": true, \"group_by\": \"nationality\", \"max\": 1}]}");
    read_ok(f);
    assert_int_equal(optimum(f->inst), optimum(csv));
    assert_int_equal(optimum(csv), 3 * 100); /* one VN, one TH, one ID at base weight 100 (no lists) */
    mu_instance_free(csv);
}

/* ---- musubi import: tables -> JSON -> the same instance */

static void eligible_pairs_of(const mu_instance *inst, mu_pairs *p) {
    mu_error err = {0};
    assert_int_equal(mu_pairs_build(inst, p, &err), MU_OK);
}

static void the_imported_json_reads_back_with_the_same_pairs_weights_and_optimum(void **state) {
    fixture *f = *state;
    mu_instance *tables = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read("instances/examples/csv", &tables, &err), MU_OK);
    char out[128];
    snprintf(out, sizeof out, "%s/out.json", f->dir);
    cJSON *extra = cJSON_Parse("{\"description\": \"carried\", \"provenance\": {\"from\": \"test\"}}");
    assert_int_equal(mu_instance_write_json(tables, out, extra, &err), MU_OK);
    cJSON_Delete(extra);
    mu_instance *json = NULL;
    if (mu_instance_read(out, &json, &err)) print_error("%s\n", err.msg);
    assert_non_null(json);
    assert_int_equal(json->n_app, tables->n_app);
    assert_int_equal(json->n_com, tables->n_com);
    assert_int_equal(json->n_quotas, tables->n_quotas);
    mu_pairs p1, p2;
    eligible_pairs_of(tables, &p1);
    eligible_pairs_of(json, &p2);
    assert_int_equal(p1.n, p2.n);
    for (int64_t k = 0; k < p1.n; k++) {
        assert_int_equal(p1.com[k], p2.com[k]);
        assert_int_equal(p1.w[k], p2.w[k]);
    }
    for (int32_t a = 0; a < json->n_app; a++)
        for (int32_t c = 0; c < json->n_com; c++)
            assert_int_equal(mu_pair_exclusions(json, a, c), mu_pair_exclusions(tables, a, c));
    assert_int_equal(optimum(json), optimum(tables));
    /* written twice, the same bytes: the writer is a function of the instance */
    char twin[128];
    snprintf(twin, sizeof twin, "%s/twin.json", f->dir);
    assert_int_equal(mu_instance_write_json(json, twin, NULL, &err), MU_OK);
    assert_int_equal(mu_instance_write_json(tables, out, NULL, &err), MU_OK);
    char *t1 = NULL, *t2 = NULL;
    size_t n1, n2;
    assert_int_equal(mu_read_file(out, 1 << 24, &t1, &n1, &err), MU_OK);
    assert_int_equal(mu_read_file(twin, 1 << 24, &t2, &n2, &err), MU_OK);
    assert_int_equal(n1, n2);
    assert_memory_equal(t1, t2, n1);
    free(t1), free(t2);
    mu_pairs_free(&p1), mu_pairs_free(&p2);
    mu_instance_free(json);
    mu_instance_free(tables);
}

static void given_pairs_and_free_attributes_survive_the_import(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", "id,nationality,age,degree,cohort\nA1,VN,24,TRUE,2025\nA2,TH,,FALSE,\n");
    put(f, "companies.csv", "id,capacity,target_markets,requires_fields,sector\nC1,1,VN|TH,eng|biz,retail\nC2,1,,,\n");
    put(f, "pairs.csv", "applicant,company,weight\nA1,C1,7\nA2,C1,9\nA2,C2,3\n");
    read_ok(f);
    char out[128];
    snprintf(out, sizeof out, "%s/out.json", f->dir);
    mu_error err = {0};
    assert_int_equal(mu_instance_write_json(f->inst, out, NULL, &err), MU_OK);
    mu_instance *json = NULL;
    if (mu_instance_read(out, &json, &err)) print_error("%s\n", err.msg);
    assert_non_null(json);
    assert_int_equal(json->n_given, 3);
    assert_int_equal(json->app[0].age, 24);
    assert_int_equal(json->app[1].age, -1);
    assert_string_equal(mu_attr_first(json, &json->app_attrs, 0, mu_sym_find(&json->syms, "cohort")), "2025");
    assert_int_equal(json->com[0].has_req_fields, 1);
    assert_int_equal(json->com_target.off[1] - json->com_target.off[0], 2);
    for (int32_t a = 0; a < 2; a++)
        for (int32_t c = 0; c < 2; c++)
            assert_int_equal(mu_pair_exclusions(json, a, c), mu_pair_exclusions(f->inst, a, c));
    assert_int_equal(optimum(json), optimum(f->inst));
    mu_instance_free(json);
}

static void a_host_budget_and_rules_survive_the_import(void **state) {
    fixture *f = *state;
    put(f, "applicants.csv", "id,nationality,age,english\nA1,VN,24,business\nA2,TH,41,daily\nA3,ID,30,native\n");
    put(f, "companies.csv", "id,capacity,region\nC1,2,Kanto\nC2,2,Kinki\nC3,1,Kinki\n");
    put(f, "programme.json",
        "{\"name\": \"budgeted\", \"rules\": {\"age\": {\"max\": 40}, \"language\": {\"english\": \"business\"}, "
        "\"mutual_preferences\": false}, \"weights\": {\"base\": 7, \"applicant_rank\": 0, \"company_rank\": 0, "
        "\"target_market\": 0}, \"hosts\": {\"max_participating\": 1, \"max_per_host\": 1, "
        "\"companies\": {\"region\": {\"not\": \"Kanto\"}}}}");
    read_ok(f);
    char out[128];
    snprintf(out, sizeof out, "%s/out.json", f->dir);
    mu_error err = {0};
    assert_int_equal(mu_instance_write_json(f->inst, out, NULL, &err), MU_OK);
    mu_instance *json = NULL;
    if (mu_instance_read(out, &json, &err)) print_error("%s\n", err.msg);
    assert_non_null(json);
    assert_string_equal(json->name, "budgeted");
    assert_int_equal(json->hosts.given, 1);
    assert_int_equal(json->hosts.max_participating, 1);
    assert_int_equal(json->hosts.max_per_host, 1);
    assert_int_equal(json->hosts.n_filter, 1);
    assert_int_equal(json->rules.mutual_preferences, 0);
    assert_int_equal(json->weights.base, 7);
    for (int32_t a = 0; a < 3; a++)
        for (int32_t c = 0; c < 3; c++)
            assert_int_equal(mu_pair_exclusions(json, a, c), mu_pair_exclusions(f->inst, a, c));
    assert_int_equal(optimum(json), optimum(f->inst));
    assert_int_equal(optimum(json), 2 * 7); /* A1 and A3 eligible; Kanto unbounded, one Kinki host with one intern */
    mu_instance_free(json);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
int main(void) {
    const struct CMUnitTest tests[] = {
        T(preferences_csv_with_an_unknown_id_or_bad_rank_names_row_and_column),
        T(preferences_csv_with_a_rank_or_a_host_given_twice_names_both_rows),
        T(preferences_in_both_places_are_rejected),
        T(preferences_csv_with_an_unknown_column_is_rejected),
        T(quotas_csv_with_bad_cells_names_row_and_column),
        T(quotas_csv_with_an_unknown_column_or_attribute_is_rejected),
        T(quotas_in_both_places_are_rejected),
        T(semicolons_a_bom_crlf_and_excel_booleans_read_like_plain_csv),
        T(a_header_with_more_commas_than_semicolons_is_comma_separated),
        T(preferences_csv_gives_both_sides_lists_in_rank_order),
        T(quotas_csv_gives_the_quotas_of_the_json_form),
        T(the_imported_json_reads_back_with_the_same_pairs_weights_and_optimum),
        T(given_pairs_and_free_attributes_survive_the_import),
        T(a_host_budget_and_rules_survive_the_import),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
