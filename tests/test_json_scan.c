/* The one lexical scan of JSON input (model/json_scan.c), as both routes use
 * it: an instance document and a table directory's programme.json are held
 * to the same rules and located the same way, line and column, the column
 * counted in characters as an editor shows it. And the table route hands
 * back the programme.json it read (musubi import carries its description
 * without reading the file again). */
#include "tests/tabledir.h"

#include <cjson/cJSON.h>
#include <unistd.h>

#include "model/instance.h"

static void tables(fixture *f, const char *programme) {
    put(f, "applicants.csv", "id,nationality\nA1,VN\n");
    put(f, "companies.csv", "id,capacity\nC1,1\n");
    put(f, "programme.json", programme);
}

/* The whole message is `expect` after "<dir>/programme.json: ". */
static void programme_fails(fixture *f, const char *expect) {
    char want[512];
    snprintf(want, sizeof want, "%s/programme.json: %s", f->dir, expect);
    memset(&f->err, 0, sizeof f->err);
    int rc = mu_instance_read(f->dir, &f->inst, &f->err);
    if (rc != MU_EINPUT || strcmp(f->err.msg, want) != 0) print_error("want: %s\ngot %d: %s\n", want, rc, f->err.msg);
    assert_int_equal(rc, MU_EINPUT);
    assert_null(f->inst);
    assert_string_equal(f->err.msg, want);
}

static void document_fails(const char *text, const char *expect) {
    mu_error err = {0};
    mu_instance *inst = NULL;
    char want[512];
    snprintf(want, sizeof want, "doc.json: %s", expect);
    int rc = mu_read_json_text("doc.json", text, strlen(text), &inst, &err);
    if (rc != MU_EINPUT || strcmp(err.msg, want) != 0) print_error("want: %s\ngot %d: %s\n", want, rc, err.msg);
    assert_int_equal(rc, MU_EINPUT);
    assert_null(inst);
    assert_string_equal(err.msg, want);
}

/* "日本語" is 9 bytes and 3 characters: the error after it is at column 16
 * (`{"name": "日本語" ` is 15 characters), not 22. */
static void columns_count_characters_in_an_instance_and_in_programme_json(void **state) {
    fixture *f = *state;
    document_fails("{\"name\": \"日本語\" \"x\": 1}", "line 1, column 16: malformed JSON near \"\"x\": 1}\"");
    tables(f, "{\"name\": \"日本語\" \"x\": 1}");
    programme_fails(f, "line 1, column 16: malformed JSON near \"\"x\": 1}\"");
    document_fails("{\"name\": \"é\xff\"}", "line 1, column 12: invalid UTF-8");
    tables(f, "{\"name\": \"é\xff\"}");
    programme_fails(f, "line 1, column 12: invalid UTF-8");
}

/* What cJSON would accept loosely is refused in programme.json as in an
 * instance: numbers outside the grammar, \u0000, raw control characters. */
static void programme_json_is_held_to_the_instance_rules(void **state) {
    fixture *f = *state;
    tables(f, "{\"rules\": {\"age\": {\"min\": 018}}}");
    programme_fails(f, "line 1, column 27: malformed JSON near \"018}}}\"");
    tables(f, "{\"name\": \"a\\u0000b\"}");
    programme_fails(f, "line 1, column 12: \\u0000 (NUL) in a string");
    tables(f, "{\"name\": \"a\tb\"}");
    programme_fails(f, "line 1, column 12: unescaped control character in a string");
    tables(f, "\xef\xbb\xbf{}");
    programme_fails(f, "starts with a byte-order mark; save the file as UTF-8 without BOM");
}

/* A malformed programme.json is quoted up to the end of its line, as an
 * instance is, never across it. */
static void the_quoted_text_stops_at_the_line_end(void **state) {
    fixture *f = *state;
    tables(f, "{\"name\": \"x\",\n \"rules\": }\n");
    programme_fails(f, "line 2, column 11: malformed JSON near \"}\"");
}

static void the_table_route_hands_back_programme_json(void **state) {
    fixture *f = *state;
    tables(f, "{\"name\": \"spring\", \"description\": \"a small intake\", \"provenance\": {\"source\": \"office\"}}");
    cJSON *doc = NULL;
    assert_int_equal(mu_read_tables_programme(f->dir, &f->inst, &doc, &f->err), MU_OK);
    assert_non_null(doc);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(doc, "description")->valuestring, "a small intake");
    assert_non_null(cJSON_GetObjectItemCaseSensitive(doc, "provenance"));
    assert_string_equal(mu_instance_name(f->inst), "spring");
    cJSON_Delete(doc);
    /* without programme.json: no document, and no failure */
    char path[128];
    snprintf(path, sizeof path, "%s/programme.json", f->dir);
    unlink(path);
    mu_instance_free(f->inst);
    f->inst = NULL;
    doc = (cJSON *)1;
    assert_int_equal(mu_read_tables_programme(f->dir, &f->inst, &doc, &f->err), MU_OK);
    assert_null(doc);
    /* a failed read hands back nothing */
    tables(f, "{\"rules\": 1}");
    mu_instance_free(f->inst);
    f->inst = NULL;
    doc = (cJSON *)1;
    assert_int_equal(mu_read_tables_programme(f->dir, &f->inst, &doc, &f->err), MU_EINPUT);
    assert_null(doc);
    assert_null(f->inst);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(columns_count_characters_in_an_instance_and_in_programme_json, setup, teardown),
        cmocka_unit_test_setup_teardown(programme_json_is_held_to_the_instance_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(the_quoted_text_stops_at_the_line_end, setup, teardown),
        cmocka_unit_test_setup_teardown(the_table_route_hands_back_programme_json, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
