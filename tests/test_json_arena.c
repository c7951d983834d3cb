/* The fast road into a JSON document (model/json_arena.c): it must build
 * cJSON's tree, node for node, or none at all, so that the instance reader
 * behaves the same whichever road it took. Every bundled instance and every
 * case of the bad-input corpus is parsed both ways, and so are thousands of
 * seeded mutations of small documents (bytes replaced, inserted, removed):
 * whenever the arena parser gives a tree, the checked route (json_scan.c:
 * prescan, cJSON, strict scan) must accept the text and give the same tree.
 * The captured pairs must carry what the nodes carry, and an instance read
 * with captured pairs must equal the one read with its pairs as nodes. The
 * arena must free everything (run under ASan/LSan: make DEBUG=1). */
#include "tests/testutil.h"

#include <dirent.h>
#include <math.h>

#include "base/io.h"
#include "model/read_internal.h"

/* ---- comparing trees */

static int count_children(const cJSON *v) {
    int n = 0;
    for (const cJSON *c = v->child; c; c = c->next) n++;
    return n;
}

static void same_tree(const cJSON *a, const cJSON *b) {
    assert_int_equal(a->type, b->type);
    assert_int_equal(a->valueint, b->valueint);
    assert_memory_equal(&a->valuedouble, &b->valuedouble, sizeof a->valuedouble); /* -0.0 is not 0.0 */
    assert_int_equal(a->valuestring == NULL, b->valuestring == NULL);
    if (a->valuestring) assert_string_equal(a->valuestring, b->valuestring);
    assert_int_equal(a->string == NULL, b->string == NULL);
    if (a->string) assert_string_equal(a->string, b->string);
    assert_int_equal(count_children(a), count_children(b));
    for (const cJSON *ca = a->child, *cb = b->child; ca; ca = ca->next, cb = cb->next) same_tree(ca, cb);
}

/* cJSON's links, which its own appends rely on: each child's prev is the one
 * before it, and the head's prev is the last. */
static void links_as_cjson(const cJSON *v) {
    const cJSON *last = NULL;
    for (const cJSON *c = v->child; c; c = c->next) {
        if (c != v->child) assert_ptr_equal(c->prev, last);
        links_as_cjson(c);
        last = c;
    }
    if (v->child) assert_ptr_equal(v->child->prev, last);
}

/* Parses text both ways; returns 1 when the arena parser gave a tree (then
 * equal to the checked route's), 0 when it declined. */
static int both_ways(const char *text, size_t len) {
    mu_arena arena = {0};
    cJSON *fast = NULL, *checked = NULL;
    assert_int_equal(mu_json_parse_arena(text, len, &arena, NULL, &fast), MU_OK);
    mu_error err;
    mu_error_clear(&err);
    mu_rd rd = {"doc.json", &err};
    int rc = mu_json_load(&rd, text, len, &checked);
    if (fast) {
        if (rc != MU_OK) fail_msg("the arena parser took a text the checked route refuses: %s", err.msg);
        same_tree(checked, fast);
        links_as_cjson(checked);
        links_as_cjson(fast);
    }
    cJSON_Delete(checked);
    mu_arena_free(&arena);
    return fast != NULL;
}

static char *slurp(const char *path, size_t *len) {
    char *text = NULL;
    mu_error err;
    mu_error_clear(&err);
    assert_int_equal(mu_read_file(path, (size_t)1 << 30, &text, len, &err), MU_OK);
    return text;
}

static const char *const BUNDLED[] = {"instances/jip-fy2016.json",         "instances/jip-fy2017.json",
                                      "instances/jip-fy2018.json",         "instances/tokyo-2022.json",
                                      "instances/examples/tiny.json",      "instances/examples/tiny-quotas.json",
                                      "instances/examples/infeasible.json"};

static void every_bundled_instance_gives_cjsons_tree(void **state) {
    (void)state;
    for (size_t k = 0; k < MU_ARRAY_LEN(BUNDLED); k++) {
        size_t len;
        char *text = slurp(BUNDLED[k], &len);
        assert_true(both_ways(text, len)); /* plain valid JSON: never declined */
        free(text);
    }
}

static void every_bad_input_is_declined_or_the_same(void **state) {
    (void)state;
    DIR *d = opendir("tests/bad");
    assert_non_null(d);
    int files = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0) continue;
        char path[512];
        snprintf(path, sizeof path, "tests/bad/%s", e->d_name);
        size_t len;
        char *text = slurp(path, &len);
        both_ways(text, len);
        free(text);
        files++;
    }
    closedir(d);
    assert_true(files > 50);
}

static void strings_numbers_and_literals_as_cjson_reads_them(void **state) {
    (void)state;
    static const char *const TAKEN[] = {
        "{\"a\": \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\", \"\\u65e5\": "
        "\"\xe6\x97\xa5\xe6\x9c\xac\"}",
        "[0, -0, 1, -1, 123456789012345, 1234567890123456789, 2147483647, 2147483648, -2147483649, 1.5, -2.25e3,"
        " 1E-2, 1e400, -1e400, 0.1, 5.0]",
        "[true, false, null, [], {}, [[]], {\"x\": {}}]",
        "{\"k\": 1, \"k\": 2, \"k\": [3]}",
        " \t\r\n{ \"a\" : [ 1 , 2 ] } \n",
        "\"just a string\"",
        "42",
    };
    for (size_t k = 0; k < MU_ARRAY_LEN(TAKEN); k++) assert_true(both_ways(TAKEN[k], strlen(TAKEN[k])));
    static const char *const DECLINED[] = {
        "{\"a\": \"\\u0000\"}",
        "{\"a\": \"\\ud800\"}",
        "{\"a\": \"\\udc00\"}",
        "{\"a\": \"\\uzzzz\"}",
        "{\"a\": 01}",
        "{\"a\": 1.}",
        "{\"a\": .5}",
        "{\"a\": +1}",
        "{\"a\": 1e}",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a: 1}",
        "\xef\xbb\xbf{}",
        "{\"a\": \"\x01\"}",
        "{\"a\": \"\xc3\"}",
        "[\x01]",
        "[tru]",
        "[1] x",
        "",
        "   ",
        "[1234567890123456789012345678901234567890123]",
    };
    for (size_t k = 0; k < MU_ARRAY_LEN(DECLINED); k++)
        if (both_ways(DECLINED[k], strlen(DECLINED[k]))) fail_msg("taken: %s", DECLINED[k]);
    /* 65 levels: deeper than MU_MAX_DEPTH */
    char deep[200];
    size_t n = 0;
    for (int i = 0; i < MU_MAX_DEPTH + 1; i++) deep[n++] = '[';
    for (int i = 0; i < MU_MAX_DEPTH + 1; i++) deep[n++] = ']';
    deep[n] = '\0';
    assert_false(both_ways(deep, n));
    memmove(deep, deep + 1, n - 2); /* 64 levels */
    deep[n - 2] = '\0';
    assert_true(both_ways(deep, n - 2));
}

/* xorshift64*: the mutations are the same on every run. */
static uint64_t next_random(uint64_t *s) {
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

static void mutated_documents_are_declined_or_the_same(void **state) {
    (void)state;
    static const char BASE[] =
        "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"age\": 25, \"jlpt\": \"N2\","
        " \"degree\": true, \"tags\": [\"x\", \"caf\\u00e9\"]}], \"companies\": [{\"id\": \"C\xe6\x97\xa5\","
        " \"capacity\": 2, \"score\": -1.5e2}], \"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\","
        " \"weight\": 100}], \"rules\": {\"age\": {\"min\": 0, \"max\": null}}}";
    static const char ALPHABET[] = "{}[]\",:\\0123456789-+.eEtrufalsn u\t\n\r\x01\x7f\x80\xc3\xa9\xff/";
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    int taken = 0, declined = 0;
    for (int round = 0; round < 4000; round++) {
        char text[sizeof BASE + 16];
        size_t len = sizeof BASE - 1;
        memcpy(text, BASE, len);
        int edits = 1 + (int)(next_random(&seed) % 3);
        for (int e = 0; e < edits; e++) {
            size_t at = (size_t)(next_random(&seed) % len);
            char ch = ALPHABET[next_random(&seed) % (sizeof ALPHABET - 1)];
            switch (next_random(&seed) % 3) {
            case 0: text[at] = ch; break;
            case 1:
                if (len + 1 < sizeof text) memmove(text + at + 1, text + at, len - at), text[at] = ch, len++;
                break;
            default: memmove(text + at, text + at + 1, len - at - 1), len--;
            }
        }
        text[len] = '\0';
        if (memchr(text, '\0', len)) len = strlen(text); /* the reader's texts end at their NUL */
        if (both_ways(text, len)) taken++;
        else declined++;
    }
    assert_true(taken > 100 && declined > 100); /* both sides exercised */
}

/* ---- captured pairs */

static void plain_pairs_are_captured_with_what_the_nodes_hold(void **state) {
    (void)state;
    static const char DOC[] = "{\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C\xe6\x97\xa5\", \"weight\": 7},"
                              " {\"weight\": 1000000000, \"company\": \"C2\", \"applicant\": \"A22\"}, "
                              "{\"company\":\"C3\",\"applicant\":\"A\","
                              "\"weight\":0}], \"x\": {\"pairs\": [1]}}";
    mu_arena arena = {0};
    mu_jcapture cap;
    cJSON *root = NULL;
    assert_int_equal(mu_json_parse_arena(DOC, sizeof DOC - 1, &arena, &cap, &root), MU_OK);
    assert_non_null(root);
    assert_non_null(cap.node);
    assert_ptr_equal(cap.node, cJSON_GetObjectItemCaseSensitive(root, "pairs"));
    assert_true(cJSON_IsArray(cap.node) && !cap.node->child);
    assert_int_equal(cap.n, 3);
    static const char *const APP[] = {"A1", "A22", "A"}, *const COM[] = {"C\xe6\x97\xa5", "C2", "C3"};
    static const int64_t W[] = {7, 1000000000, 0};
    for (int i = 0; i < 3; i++) {
        size_t al = (size_t)(cap.packed[i] >> 32 & 0xffff), cl = (size_t)(cap.packed[i] >> 48);
        assert_int_equal(al, strlen(APP[i]));
        assert_memory_equal(DOC + cap.app_off[i], APP[i], al);
        assert_int_equal(cl, strlen(COM[i]));
        assert_memory_equal(DOC + cap.com_off[i], COM[i], cl);
        assert_int_equal(cap.packed[i] & 0xffffffff, W[i]);
    }
    /* the inner "pairs" is an ordinary member */
    const cJSON *inner = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "x"), "pairs");
    assert_int_equal(cJSON_GetArraySize(inner), 1);
    mu_jcapture_free(&cap);
    mu_arena_free(&arena);
}

static void pairs_that_are_not_plain_stay_nodes(void **state) {
    (void)state;
    static const char *const DOCS[] = {
        "{\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 5.0}]}",
        "{\"pairs\": [{\"applicant\": \"A\\u0031\", \"company\": \"C1\", \"weight\": 5}]}",
        "{\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\"}]}",
        "{\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 5, \"track\": \"x\"}]}",
        "{\"pairs\": [{\"applicant\": \"A1\", \"applicant\": \"C1\", \"weight\": 5}]}",
        "{\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": -1}]}",
        "{\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 1000000001}]}",
        "{\"pairs\": [{\"applicant\": 1, \"company\": \"C1\", \"weight\": 5}]}",
        "{\"pairs\": [[\"A1\", \"C1\", 5]]}",
        "{\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 5}, 3]}",
    };
    for (size_t k = 0; k < MU_ARRAY_LEN(DOCS); k++) {
        mu_arena arena = {0};
        mu_jcapture cap;
        cJSON *root = NULL;
        assert_int_equal(mu_json_parse_arena(DOCS[k], strlen(DOCS[k]), &arena, &cap, &root), MU_OK);
        assert_non_null(root);
        assert_null(cap.node);
        assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "pairs")) > 0);
        assert_true(both_ways(DOCS[k], strlen(DOCS[k])));
        mu_arena_free(&arena);
    }
}

/* Reads text as an instance; the caller frees it. */
static mu_instance *read_text(const char *text) {
    mu_instance *inst = NULL;
    mu_error err;
    mu_error_clear(&err);
    int rc = mu_read_json_text("doc.json", text, strlen(text), &inst, &err);
    if (rc) fail_msg("%s", err.msg);
    return inst;
}

static void captured_pairs_read_as_the_nodes_do(void **state) {
    (void)state;
    /* Pairs out of order, so both the counting sort and the runs' sort work;
     * the second document writes each weight as N.0, which stops the capture
     * without changing a value. */
    static const char HEAD[] =
        "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A2\"}, {\"id\": \"A3\"}],"
        " \"companies\": [{\"id\": \"C1\", \"capacity\": 1}, {\"id\": \"C2\", \"capacity\": 2}], \"pairs\": [";
    static const char *const PAIRS[][3] = {
        {"A3", "C2", "30"}, {"A1", "C2", "12"}, {"A3", "C1", "31"}, {"A1", "C1", "11"}, {"A2", "C2", "22"}};
    char plain[2048], nodes[2048];
    size_t np = (size_t)snprintf(plain, sizeof plain, "%s", HEAD),
           nn = (size_t)snprintf(nodes, sizeof nodes, "%s", HEAD);
    for (size_t k = 0; k < MU_ARRAY_LEN(PAIRS); k++) {
        np += (size_t)snprintf(plain + np, sizeof plain - np,
                               "%s{\"applicant\": \"%s\", \"company\": \"%s\", \"weight\": %s}", k ? ", " : "",
                               PAIRS[k][0], PAIRS[k][1], PAIRS[k][2]);
        nn += (size_t)snprintf(nodes + nn, sizeof nodes - nn,
                               "%s{\"applicant\": \"%s\", \"company\": \"%s\", \"weight\": %s.0}", k ? ", " : "",
                               PAIRS[k][0], PAIRS[k][1], PAIRS[k][2]);
    }
    snprintf(plain + np, sizeof plain - np, "]}");
    snprintf(nodes + nn, sizeof nodes - nn, "]}");
    mu_instance *a = read_text(plain), *b = read_text(nodes);
    assert_int_equal(a->n_given, 5);
    assert_int_equal(b->n_given, 5);
    static const int32_t APP[] = {0, 0, 1, 2, 2}, COM[] = {0, 1, 1, 0, 1};
    static const int64_t W[] = {11, 12, 22, 31, 30};
    for (int k = 0; k < 5; k++) {
        assert_int_equal(a->given_app[k], APP[k]);
        assert_int_equal(a->given_com[k], COM[k]);
        assert_int_equal(a->given_w[k], W[k]);
        assert_int_equal(b->given_app[k], APP[k]);
        assert_int_equal(b->given_com[k], COM[k]);
        assert_int_equal(b->given_w[k], W[k]);
    }
    mu_instance_free(a);
    mu_instance_free(b);
}

/* A problem among captured pairs is named as read_pairs names it: the
 * reading starts over with nodes, and nothing the first attempt said stays. */
static void problems_in_captured_pairs_read_as_before(void **state) {
    (void)state;
    static const char *const DOCS[][2] = {
        {"{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"age\": \"x\"}], \"companies\": "
         "[{\"id\": \"C1\", \"capacity\": 1}], \"pairs\": [{\"applicant\": \"A9\", \"company\": \"C1\", \"weight\": "
         "1}]}",
         "doc.json: applicants[0].age: expected an integer from 0 to 150, got \"x\"\n"
         "doc.json: pairs[0].applicant: unknown applicant id \"A9\""},
        {"{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}], \"companies\": "
         "[{\"id\": \"C1\", \"capacity\": 1}], \"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 1},"
         " {\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 2}]}",
         "doc.json: pairs[1]: duplicate of pairs[0] (applicant \"A1\", company \"C1\")"},
    };
    for (size_t k = 0; k < MU_ARRAY_LEN(DOCS); k++) {
        mu_instance *inst = NULL;
        mu_error err;
        mu_error_clear(&err);
        assert_int_equal(mu_read_json_text("doc.json", DOCS[k][0], strlen(DOCS[k][0]), &inst, &err), MU_EINPUT);
        assert_null(inst);
        assert_string_equal(err.msg, DOCS[k][1]);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_bundled_instance_gives_cjsons_tree),
        cmocka_unit_test(every_bad_input_is_declined_or_the_same),
        cmocka_unit_test(strings_numbers_and_literals_as_cjson_reads_them),
        cmocka_unit_test(mutated_documents_are_declined_or_the_same),
        cmocka_unit_test(plain_pairs_are_captured_with_what_the_nodes_hold),
        cmocka_unit_test(pairs_that_are_not_plain_stay_nodes),
        cmocka_unit_test(captured_pairs_read_as_the_nodes_do),
        cmocka_unit_test(problems_in_captured_pairs_read_as_before),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
