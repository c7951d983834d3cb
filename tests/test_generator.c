/* tests/test_generator.c — the instance generator: knob validation first,
 * then determinism, counts, the CSV route, and the committed historical
 * instances (run from the repository root). */
#include "tests/testutil.h"

#include "generator/generator.h"

#include <cjson/cJSON.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- helpers ------------------------------------------------------- */

typedef struct buf {
    char *data;
    size_t len;
} buf;

static int gen_json(const mu_gen_knobs *k, buf *out) {
    mu_error err;
    mu_error_clear(&err);
    FILE *f = open_memstream(&out->data, &out->len);
    assert_non_null(f);
    int rc = mu_gen_write_json(k, f, &err);
    assert_int_equal(fclose(f), 0);
    if (rc != 0 && rc != MU_EUSAGE) print_message("mu_gen_write_json: %s\n", err.msg);
    return rc;
}

static void set(mu_gen_knobs *k, const char *flag, const char *value) {
    mu_error err;
    mu_error_clear(&err);
    int rc = mu_gen_set(k, flag, value, &err);
    if (rc != 0) print_message("%s\n", err.msg);
    assert_int_equal(rc, 0);
}

static mu_gen_knobs *small_knobs(void) {
    static mu_gen_knobs k;
    mu_gen_init(&k);
    set(&k, "applicants", "300");
    set(&k, "companies", "20");
    return &k;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *d = malloc(cap);
    assert_non_null(d);
    size_t got;
    while ((got = fread(d + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            d = realloc(d, cap);
            assert_non_null(d);
        }
    }
    fclose(f);
    *len = n;
    return d;
}

static size_t count_lines(const char *path) {
    size_t len, n = 0;
    char *d = read_file(path, &len);
    assert_non_null(d);
    for (size_t i = 0; i < len; i++) n += d[i] == '\n';
    free(d);
    return n;
}

/* --- bad knobs ----------------------------------------------------- */

static void set_should_reject_an_unknown_flag(void **state) {
    (void)state;
    mu_gen_knobs *k = small_knobs();
    mu_error err;
    mu_error_clear(&err);
    assert_int_equal(mu_gen_set(k, "aplicants", "3", &err), MU_EUSAGE);
    assert_non_null(strstr(err.msg, "--aplicants"));
    assert_int_equal(mu_gen_knob_is_bool("aplicants"), -1);
}

static void set_should_reject_bad_values_naming_flag_and_value(void **state) {
    (void)state;
    static const char *const bad[][2] = {
        {"applicants", "-1"},
        {"applicants", "1e3"},
        {"applicants", "3000000000"},
        {"companies", ""},
        {"capacity", "5-2"},
        {"capacity", "1-2000000"},
        {"app-correlation", "1.5"},
        {"app-correlation", "0.1234"},
        {"screened", "abc"},
        {"seed", "-4"},
        {"jlpt", "N1:3,N7:2"},
        {"english", "fluent:3"},
        {"nationalities", "VN"},
        {"nationalities", "VN:1,VN:2"},
        {"nationalities", "V,N:1"},
        {"weights", "1,2,3"},
        {"pair-weights", "1,2,3,4"},
        {"rule-jlpt", "N0"},
        {"rule-english", "none"},
        {"rules", "maybe"},
        {"capacity-table", "x:3"},
        {"nationality-caps", "PH|MY:4"},
        {"sector-bands", "services:9-3"},
        {"age", "10-200"},
        {"capacity-mean", "2.345"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mu_gen_knobs *k = small_knobs();
        mu_error err;
        mu_error_clear(&err);
        int rc = mu_gen_set(k, bad[i][0], bad[i][1], &err);
        if (rc != MU_EUSAGE) print_message("accepted --%s %s\n", bad[i][0], bad[i][1]);
        assert_int_equal(rc, MU_EUSAGE);
        char flag[64];
        snprintf(flag, sizeof flag, "--%s:", bad[i][0]);
        assert_non_null(strstr(err.msg, flag));
        assert_non_null(strstr(err.msg, bad[i][1]));
    }
}

static void validate_should_reject_inconsistent_knobs(void **state) {
    (void)state;
    static const char *const bad[][3] = {
        {"age-mode", "45", "--age-mode"},
        {"capacity-mean", "9", "--capacity-mean"},
        {"target-markets", "9", "--target-markets"},
        {"nationalities", "none", "--nationalities"},
        {"sector-bands", "x=services|!retail:1-2", "--sector-bands"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mu_gen_knobs *k = small_knobs();
        mu_error err;
        mu_error_clear(&err);
        set(k, bad[i][0], bad[i][1]);
        assert_int_equal(mu_gen_validate(k, &err), MU_EUSAGE);
        assert_non_null(strstr(err.msg, bad[i][2]));
        buf b = {0};
        assert_int_equal(gen_json(k, &b), MU_EUSAGE);
        free(b.data);
    }
}

static void preset_should_reject_an_unknown_name(void **state) {
    (void)state;
    mu_gen_knobs k;
    assert_int_not_equal(mu_gen_preset(&k, "jip-fy2019", NULL), 0);
    assert_int_not_equal(mu_gen_preset(&k, "", NULL), 0);
}

static void write_json_should_report_a_full_disk(void **state) {
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f) skip();
    mu_error err;
    mu_error_clear(&err);
    assert_int_equal(mu_gen_write_json(small_knobs(), f, &err), MU_EIO);
    assert_non_null(strstr(err.msg, "cannot write"));
    fclose(f);
}

static void write_tables_should_fail_cleanly_on_a_bad_directory(void **state) {
    (void)state;
    char dir[] = "/tmp/mu-gen-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char file[64], sub[96];
    snprintf(file, sizeof file, "%s/plain", dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(sub, sizeof sub, "%s/tables", file); /* under a regular file */
    mu_error err;
    mu_error_clear(&err);
    assert_int_equal(mu_gen_write_tables(small_knobs(), sub, &err), MU_EIO);
    unlink(file);
    assert_int_equal(rmdir(dir), 0); /* nothing left behind */
}

static void names_a_spreadsheet_would_run_should_be_rejected(void **state) {
    (void)state;
    /* In a CSV cell these would start like a formula: mu_csv_cell would
     * put an apostrophe before them and the tables would differ from the
     * JSON. */
    static const char *const bad[][2] = {
        {"nationalities", "-VN:1"},         {"nationalities", "VN@+asia:1"},
        {"sectors", "+retail:1"},           {"ineligible-nationalities", "KR,-SG"},
        {"nationality-caps", "x=PH|-MY:4"}, {"sector-bands", "x=!-retail:1-2"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mu_gen_knobs *k = small_knobs();
        mu_error err;
        mu_error_clear(&err);
        if (mu_gen_set(k, bad[i][0], bad[i][1], &err) != MU_EUSAGE)
            print_message("accepted --%s %s\n", bad[i][0], bad[i][1]);
        assert_int_equal(mu_gen_set(k, bad[i][0], bad[i][1], &err), MU_EUSAGE);
        assert_non_null(strstr(err.msg, bad[i][1]));
    }
    /* inside a name they are fine */
    set(small_knobs(), "sizes", "1-9:1,1000+:1");
}

static void set_arg_should_read_every_flag_form(void **state) {
    (void)state;
    mu_gen_knobs *k = small_knobs();
    char *argv[] = {"gen", "--seed", "7", "--companies=9", "--no-rules", "--stratify", "--age"};
    int argc = (int)(sizeof argv / sizeof argv[0]);
    mu_error err;
    mu_error_clear(&err);
    int i = 1;
    assert_int_equal(mu_gen_set_arg(k, argc, argv, &i, &err), MU_OK);
    assert_int_equal(i, 2); /* past the value */
    assert_int_equal(k->seed, 7);
    i = 3;
    assert_int_equal(mu_gen_set_arg(k, argc, argv, &i, &err), MU_OK);
    assert_int_equal(k->companies, 9);
    i = 4;
    assert_int_equal(mu_gen_set_arg(k, argc, argv, &i, &err), MU_OK);
    assert_int_equal(k->rules, 0);
    i = 5;
    k->stratify = 0;
    assert_int_equal(mu_gen_set_arg(k, argc, argv, &i, &err), MU_OK);
    assert_int_equal(k->stratify, 1);
    assert_int_equal(i, 5); /* a boolean takes no value */
    i = 6;
    assert_int_equal(mu_gen_set_arg(k, argc, argv, &i, &err), MU_EUSAGE);
    assert_non_null(strstr(err.msg, "--age: needs a value"));
}

static void write_json_file_should_leave_nothing_on_failure(void **state) {
    (void)state;
    char dir[] = "/tmp/mu-gen-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[96], missing[96];
    snprintf(path, sizeof path, "%s/inst.json", dir);
    snprintf(missing, sizeof missing, "%s/no/such/dir/inst.json", dir);
    mu_gen_knobs *k = small_knobs();
    mu_error err;
    mu_error_clear(&err);
    assert_int_equal(mu_gen_write_json_file(k, missing, &err), MU_EIO);
    assert_non_null(strstr(err.msg, missing));
    /* knobs that fail validation: refused before any file is opened */
    set(k, "age-mode", "45");
    mu_error_clear(&err);
    assert_int_equal(mu_gen_write_json_file(k, path, &err), MU_EUSAGE);
    assert_int_not_equal(access(path, F_OK), 0);
    /* written: the same bytes as the stream writer, no temporary left */
    set(k, "age-mode", "26");
    assert_int_equal(mu_gen_write_json_file(k, path, &err), MU_OK);
    size_t len;
    char *file = read_file(path, &len);
    assert_non_null(file);
    buf a = {0};
    assert_int_equal(gen_json(k, &a), 0);
    assert_int_equal(a.len, len);
    assert_memory_equal(a.data, file, len);
    free(a.data);
    free(file);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0); /* nothing else left behind */
}

/* --- presets and defaults ------------------------------------------ */

static void defaults_and_every_preset_should_validate(void **state) {
    (void)state;
    mu_gen_knobs k;
    mu_error err;
    mu_error_clear(&err);
    mu_gen_init(&k);
    assert_int_equal(mu_gen_validate(&k, &err), 0);
    int n = 0;
    for (int i = 0; mu_gen_preset_name(i); i++, n++) {
        assert_int_equal(mu_gen_preset(&k, mu_gen_preset_name(i), &err), 0);
        assert_string_equal(k.preset, mu_gen_preset_name(i));
        assert_int_equal(k.modified, 0);
        if (mu_gen_validate(&k, &err) != 0) print_message("%s: %s\n", mu_gen_preset_name(i), err.msg);
        assert_int_equal(mu_gen_validate(&k, &err), 0);
        assert_non_null(mu_gen_preset_summary(i));
    }
    assert_true(n >= 7);
    static const char *const need[] = {"jip-fy2016",      "jip-fy2017",   "jip-fy2018",  "tokyo-2022",
                                       "bench-transport", "bench-quotas", "bench-stable"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) assert_int_equal(mu_gen_preset(&k, need[i], &err), 0);
}

static void jip_presets_should_ask_for_the_published_sizes(void **state) {
    (void)state;
    static const struct {
        const char *name;
        int64_t applied, companies, budget;
    } want[] = {{"jip-fy2016", 9367, 219, 103}, {"jip-fy2017", 12687, 263, 120}, {"jip-fy2018", 10830, 304, 225}};
    for (size_t i = 0; i < 3; i++) {
        mu_gen_knobs k;
        assert_int_equal(mu_gen_preset(&k, want[i].name, NULL), 0);
        assert_int_equal(k.applied, want[i].applied);
        assert_int_equal(k.companies, want[i].companies);
        assert_int_equal(k.budget, want[i].budget);
        assert_int_equal(mu_gen_applicant_count(&k), (want[i].applied * k.screened + 500) / 1000);
        /* the nationality caps partition the budget */
        int64_t sum = 0;
        for (int c = 0; c < k.nationality_caps.n; c++) sum += k.nationality_caps.item[c].weight;
        assert_int_equal(sum, want[i].budget);
    }
}

static void setting_a_knob_after_a_preset_should_mark_it_modified(void **state) {
    (void)state;
    mu_gen_knobs k;
    assert_int_equal(mu_gen_preset(&k, "jip-fy2018", NULL), 0);
    assert_int_equal(k.modified, 0);
    set(&k, "seed", "9");
    assert_int_equal(k.modified, 1);
    set(&k, "applicants", "50");
    assert_int_equal(k.applied, 0);
    assert_int_equal(mu_gen_applicant_count(&k), 50);
    assert_int_equal(mu_gen_knob_is_bool("rules"), 1);
    assert_int_equal(mu_gen_knob_is_bool("seed"), 0);
}

/* --- determinism --------------------------------------------------- */

static void same_seed_should_give_identical_bytes(void **state) {
    (void)state;
    static const char *const presets[] = {"bench-transport", "bench-stable", "tokyo-2022"};
    for (size_t p = 0; p < 3; p++) {
        mu_gen_knobs k;
        assert_int_equal(mu_gen_preset(&k, presets[p], NULL), 0);
        if (p < 2) {
            set(&k, "applicants", "400");
            set(&k, "companies", "30");
        }
        buf a = {0}, b = {0};
        assert_int_equal(gen_json(&k, &a), 0);
        assert_int_equal(gen_json(&k, &b), 0);
        assert_true(a.len > 1000);
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.data, b.data, a.len);
        free(a.data);
        free(b.data);
    }
}

static void different_seeds_should_give_different_instances(void **state) {
    (void)state;
    mu_gen_knobs *k = small_knobs();
    buf a = {0}, b = {0};
    assert_int_equal(gen_json(k, &a), 0);
    set(k, "seed", "2");
    assert_int_equal(gen_json(k, &b), 0);
    assert_true(a.len != b.len || memcmp(a.data, b.data, a.len) != 0);
    free(a.data);
    free(b.data);
}

static void the_provenance_command_should_regenerate_the_same_bytes(void **state) {
    (void)state;
    mu_gen_knobs k;
    assert_int_equal(mu_gen_preset(&k, "bench-quotas", NULL), 0);
    set(&k, "applicants", "250");
    set(&k, "companies", "25");
    set(&k, "nationalities", "VN@southeast-asia:5,ID:3,NG@africa:1");
    set(&k, "nationality-caps", "nationality-VN=VN:30,pair=ID|NG:20/15");
    set(&k, "app-correlation", "0.25");
    set(&k, "capacity-mean", "2.25");
    set(&k, "sector-bands", "other=!manufacturing:1-40");
    buf a = {0};
    assert_int_equal(gen_json(&k, &a), 0);
    cJSON *doc = cJSON_ParseWithLength(a.data, a.len);
    assert_non_null(doc);
    cJSON *cmd =
        cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "provenance"), "generator"), "command");
    assert_true(cJSON_IsArray(cmd));
    int n = cJSON_GetArraySize(cmd);
    assert_true(n >= 4);
    assert_string_equal(cJSON_GetArrayItem(cmd, 2)->valuestring, "--preset");
    mu_gen_knobs r;
    assert_int_equal(mu_gen_preset(&r, cJSON_GetArrayItem(cmd, 3)->valuestring, NULL), 0);
    for (int i = 4; i + 1 < n; i += 2) {
        const char *flag = cJSON_GetArrayItem(cmd, i)->valuestring;
        const char *value = cJSON_GetArrayItem(cmd, i + 1)->valuestring;
        assert_true(strncmp(flag, "--", 2) == 0);
        set(&r, flag + 2, value);
    }
    buf b = {0};
    assert_int_equal(gen_json(&r, &b), 0);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    cJSON_Delete(doc);
    free(a.data);
    free(b.data);
}

/* --- contents ------------------------------------------------------ */

static void json_should_hold_the_requested_counts(void **state) {
    (void)state;
    mu_gen_knobs k;
    assert_int_equal(mu_gen_preset(&k, "bench-transport", NULL), 0);
    set(&k, "applicants", "777");
    set(&k, "companies", "41");
    set(&k, "pairs", "5-9");
    buf a = {0};
    assert_int_equal(gen_json(&k, &a), 0);
    cJSON *doc = cJSON_ParseWithLength(a.data, a.len);
    assert_non_null(doc);
    assert_string_equal(cJSON_GetObjectItem(doc, "format")->valuestring, "musubi-instance-1");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "applicants")), 777);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "companies")), 41);
    cJSON *pairs = cJSON_GetObjectItem(doc, "pairs");
    int np = cJSON_GetArraySize(pairs);
    assert_true(np >= 777 * 5 && np <= 777 * 9);
    assert_null(cJSON_GetObjectItem(doc, "weights")); /* pairs exclude it */
    cJSON *p;
    cJSON_ArrayForEach(p, pairs) {
        double w = cJSON_GetObjectItem(p, "weight")->valuedouble;
        assert_true(w >= 0 && w <= 1000);
    }
    /* every seat count within the range */
    cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "companies")) {
        int cap = cJSON_GetObjectItem(c, "capacity")->valueint;
        assert_true(cap >= 1 && cap <= 5);
    }
    cJSON_Delete(doc);
    free(a.data);
}

static void zero_applicants_and_companies_should_still_be_valid_json(void **state) {
    (void)state;
    mu_gen_knobs *k = small_knobs();
    set(k, "applicants", "0");
    set(k, "companies", "0");
    buf a = {0};
    assert_int_equal(gen_json(k, &a), 0);
    cJSON *doc = cJSON_ParseWithLength(a.data, a.len);
    assert_non_null(doc);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "applicants")), 0);
    cJSON_Delete(doc);
    free(a.data);
}

static void preferences_should_be_distinct_and_mutual_lists_consistent(void **state) {
    (void)state;
    mu_gen_knobs k;
    assert_int_equal(mu_gen_preset(&k, "jip-fy2016", NULL), 0);
    buf a = {0};
    assert_int_equal(gen_json(&k, &a), 0);
    cJSON *doc = cJSON_ParseWithLength(a.data, a.len);
    assert_non_null(doc);
    cJSON *apps = cJSON_GetObjectItem(doc, "applicants");
    assert_int_equal(cJSON_GetArraySize(apps), 937); /* 9,367 x 0.1 */
    cJSON *x;
    cJSON_ArrayForEach(x, apps) {
        cJSON *prefs = cJSON_GetObjectItem(x, "preferences");
        int n = cJSON_GetArraySize(prefs);
        assert_true(n >= 1 && n <= 5);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                assert_string_not_equal(cJSON_GetArrayItem(prefs, i)->valuestring,
                                        cJSON_GetArrayItem(prefs, j)->valuestring);
    }
    /* a company ranks only applicants that listed it */
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(doc, "companies")) {
        const char *cid = cJSON_GetObjectItem(x, "id")->valuestring;
        cJSON *prefs = cJSON_GetObjectItem(x, "preferences");
        assert_true(cJSON_GetArraySize(prefs) <= 10);
        cJSON *who;
        cJSON_ArrayForEach(who, prefs) {
            int num = atoi(who->valuestring + 1);
            cJSON *app = cJSON_GetArrayItem(apps, num - 1);
            assert_string_equal(cJSON_GetObjectItem(app, "id")->valuestring, who->valuestring);
            int found = 0;
            cJSON *c;
            cJSON_ArrayForEach(c, cJSON_GetObjectItem(app, "preferences")) found |= strcmp(c->valuestring, cid) == 0;
            assert_true(found);
        }
    }
    cJSON_Delete(doc);
    free(a.data);
}

static void tables_should_hold_the_same_instance_as_json(void **state) {
    (void)state;
    mu_gen_knobs k;
    assert_int_equal(mu_gen_preset(&k, "bench-transport", NULL), 0);
    set(&k, "applicants", "500");
    set(&k, "companies", "40");
    char dir[] = "/tmp/mu-gen-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    mu_error err;
    mu_error_clear(&err);
    char path[128];
    assert_int_equal(mu_gen_write_tables(&k, dir, &err), 0);
    snprintf(path, sizeof path, "%s/applicants.csv", dir);
    assert_int_equal(count_lines(path), 501);
    snprintf(path, sizeof path, "%s/companies.csv", dir);
    assert_int_equal(count_lines(path), 41);
    snprintf(path, sizeof path, "%s/pairs.csv", dir);
    size_t pairs_lines = count_lines(path);
    buf a = {0};
    assert_int_equal(gen_json(&k, &a), 0);
    cJSON *doc = cJSON_ParseWithLength(a.data, a.len);
    assert_int_equal((int)pairs_lines - 1, cJSON_GetArraySize(cJSON_GetObjectItem(doc, "pairs")));
    cJSON_Delete(doc);
    free(a.data);
    snprintf(path, sizeof path, "%s/programme.json", dir);
    size_t len;
    char *prog = read_file(path, &len);
    assert_non_null(prog);
    cJSON *pj = cJSON_ParseWithLength(prog, len);
    assert_non_null(pj);
    assert_non_null(cJSON_GetObjectItem(pj, "provenance"));
    cJSON_Delete(pj);
    free(prog);

    /* again without pairs: the stale pairs.csv goes */
    set(&k, "pairs", "0");
    assert_int_equal(mu_gen_write_tables(&k, dir, &err), 0);
    snprintf(path, sizeof path, "%s/pairs.csv", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    static const char *const names[] = {"applicants.csv", "companies.csv", "programme.json"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        assert_int_equal(unlink(path), 0);
    }
    assert_int_equal(rmdir(dir), 0); /* no temporary file left */
}

/* --- the committed historical instances ---------------------------- */

static void committed_historical_files_should_equal_their_presets(void **state) {
    (void)state;
    static const char *const names[] = {"jip-fy2016", "jip-fy2017", "jip-fy2018", "tokyo-2022"};
    for (int i = 0; i < 4; i++) {
        char path[128];
        snprintf(path, sizeof path, "instances/%s.json", names[i]);
        size_t len;
        char *file = read_file(path, &len);
        if (!file) print_message("cannot read %s (run from the repository root)\n", path);
        assert_non_null(file);
        mu_gen_knobs k;
        assert_int_equal(mu_gen_preset(&k, names[i], NULL), 0);
        buf a = {0};
        assert_int_equal(gen_json(&k, &a), 0);
        if (a.len != len || memcmp(a.data, file, len) != 0)
            print_message("%s differs from `musubi gen --preset %s`: "
                          "regenerate it (instances/README.md)\n",
                          path, names[i]);
        assert_int_equal(a.len, len);
        assert_memory_equal(a.data, file, len);
        assert_true(len < 4 * 1024 * 1024);
        free(a.data);
        free(file);
    }
}

static void historical_instances_should_carry_budget_and_provenance(void **state) {
    (void)state;
    static const struct {
        const char *name;
        int applicants, companies, budget;
    } want[] = {{"jip-fy2016", 937, 219, 103},
                {"jip-fy2017", 1269, 263, 120},
                {"jip-fy2018", 1083, 304, 225},
                {"tokyo-2022", 80, 20, 20}};
    for (int i = 0; i < 4; i++) {
        mu_gen_knobs k;
        assert_int_equal(mu_gen_preset(&k, want[i].name, NULL), 0);
        buf a = {0};
        assert_int_equal(gen_json(&k, &a), 0);
        cJSON *doc = cJSON_ParseWithLength(a.data, a.len);
        assert_non_null(doc);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "applicants")), want[i].applicants);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "companies")), want[i].companies);
        cJSON *q = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "quotas"), 0);
        assert_string_equal(cJSON_GetObjectItem(q, "name")->valuestring, "budget");
        assert_int_equal(cJSON_GetObjectItem(q, "max")->valueint, want[i].budget);
        int seats = 0;
        cJSON *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "companies")) seats +=
            cJSON_GetObjectItem(c, "capacity")->valueint;
        assert_true(seats >= want[i].budget);
        cJSON *prov = cJSON_GetObjectItem(doc, "provenance");
        assert_non_null(cJSON_GetObjectItem(prov, "sources"));
        assert_non_null(cJSON_GetObjectItem(prov, "published"));
        assert_non_null(cJSON_GetObjectItem(prov, "synthesized"));
        assert_non_null(cJSON_GetObjectItem(prov, "tolerance"));
        cJSON_Delete(doc);
        free(a.data);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_should_reject_an_unknown_flag),
        cmocka_unit_test(set_should_reject_bad_values_naming_flag_and_value),
        cmocka_unit_test(validate_should_reject_inconsistent_knobs),
        cmocka_unit_test(preset_should_reject_an_unknown_name),
        cmocka_unit_test(write_json_should_report_a_full_disk),
        cmocka_unit_test(write_tables_should_fail_cleanly_on_a_bad_directory),
        cmocka_unit_test(names_a_spreadsheet_would_run_should_be_rejected),
        cmocka_unit_test(set_arg_should_read_every_flag_form),
        cmocka_unit_test(write_json_file_should_leave_nothing_on_failure),
        cmocka_unit_test(defaults_and_every_preset_should_validate),
        cmocka_unit_test(jip_presets_should_ask_for_the_published_sizes),
        cmocka_unit_test(setting_a_knob_after_a_preset_should_mark_it_modified),
        cmocka_unit_test(same_seed_should_give_identical_bytes),
        cmocka_unit_test(different_seeds_should_give_different_instances),
        cmocka_unit_test(the_provenance_command_should_regenerate_the_same_bytes),
        cmocka_unit_test(json_should_hold_the_requested_counts),
        cmocka_unit_test(zero_applicants_and_companies_should_still_be_valid_json),
        cmocka_unit_test(preferences_should_be_distinct_and_mutual_lists_consistent),
        cmocka_unit_test(tables_should_hold_the_same_instance_as_json),
        cmocka_unit_test(committed_historical_files_should_equal_their_presets),
        cmocka_unit_test(historical_instances_should_carry_budget_and_provenance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
