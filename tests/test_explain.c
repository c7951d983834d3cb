/* musubi explain against re-solves (issue 7): on seeded random small
 * instances, every "one more seat at X places A" is re-solved with
 * cap(X) + 1 — A must be placed where explain says, and the weight change
 * must match — and every quota what-if likewise with that quota's max + 1;
 * "ineligible everywhere" must match the audit (mu_pair_exclusions) host by
 * host; "hosts full" must name hosts that are full with the interns named.
 * Small hand-made instances check the typed result field by field (the
 * holder of a full host, a quota row, the host budget's bound), and the
 * JSON document against it. */
#include "tests/testutil.h"

#include <cjson/cJSON.h>
#include <unistd.h>

#include "model/solution.h"
#include "model/solution_read.h"
#include "analysis/explain.h"
#include "output/explain_text.h"
#include "tests/randinst.h"

static mu_solution *solve(const mu_instance *inst) {
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    mu_solution *s = NULL;
    mu_error err = {0};
    assert_int_equal(mu_solve(inst, &opt, &s, &err), MU_OK);
    return s;
}

typedef struct tally {
    int ineligible, full, quota, budget, seat_whatifs, quota_whatifs, budget_whatifs, hosts, higher;
} tally;

static mu_explanation *explain(mu_instance *inst, const mu_solution *sol) {
    mu_explain_opts eo;
    mu_explain_opts_init(&eo);
    mu_explanation *ex = NULL;
    mu_error err = {0};
    assert_int_equal(mu_explain(inst, sol, &eo, &ex, &err), MU_OK);
    assert_non_null(ex);
    return ex;
}

/* Checks every claim of explain on one instance against the audit and re-solves. */
static void check_claims(mu_instance *inst, tally *t) {
    mu_solution *sol = solve(inst);
    if (!sol->has_assignment) {
        mu_solution_free(sol);
        return;
    }
    mu_explanation *ex = explain(inst, sol);
    for (int32_t i = 0; i < ex->n_unplaced; i++) {
        const mu_explain_applicant *u = &ex->unplaced[i];
        int32_t a = u->applicant;
        assert_true(a >= 0);
        assert_int_equal(sol->app_com[a], -1);
        int eligible_somewhere = 0;
        for (int32_t c = 0; c < inst->n_com; c++) eligible_somewhere |= mu_pair_exclusions(inst, a, c) == 0;
        if (u->reason == MU_WHY_INELIGIBLE) {
            t->ineligible++;
            assert_false(eligible_somewhere);
            assert_false(u->has_whatif);
            /* every host appears once, under exactly the rules the audit gives beyond the applicant-wide ones */
            uint32_t own = u->own_rules;
            assert_int_equal(own, inst->app_fail[a]);
            int listed = 0;
            for (int32_t k = 0; k < u->n_excluded; k++) {
                int32_t c = u->excluded[k].company;
                assert_true(k == 0 || u->excluded[k - 1].company < c);
                assert_int_equal(mu_pair_exclusions(inst, a, c) & ~own, u->excluded[k].rules);
                listed++;
            }
            for (int32_t c = 0; c < inst->n_com; c++) listed -= (mu_pair_exclusions(inst, a, c) & ~own) != 0;
            assert_int_equal(listed, 0);
            continue;
        }
        assert_true(eligible_somewhere);
        /* each eligible host named full is full, with exactly the interns it holds */
        for (int32_t k = 0; k < u->n_options; k++) {
            const mu_explain_option *h = &u->options[k];
            int32_t c = h->company;
            assert_int_equal(mu_pair_exclusions(inst, a, c), 0);
            int32_t filled = 0;
            for (int32_t b = 0; b < inst->n_app; b++) filled += sol->app_com[b] == c;
            assert_int_equal(h->filled, filled);
            if (filled >= inst->com[c].capacity) {
                t->full++;
                assert_int_equal(h->seat, MU_SEAT_FULL);
                assert_int_equal(h->n_held, filled);
                for (int32_t j = 0; j < h->n_held; j++) assert_int_equal(sol->app_com[h->held[j].applicant], c);
            } else {
                int budget = h->seat == MU_SEAT_HOST_BUDGET;
                assert_true(budget || h->n_rows > 0);
                assert_int_equal(budget, h->budget != MU_BUDGET_NONE);
                if (budget) t->budget++;
                else t->quota++;
            }
        }
        /* the what-if, re-solved */
        assert_true(u->has_whatif);
        const mu_explain_whatif *wi = &u->whatif;
        if (wi->kind != MU_WHATIF_CHANGE) continue;
        const mu_explain_resolve *w = &ex->resolves[wi->resolve];
        assert_true(ex->whatif_computed);
        mu_solution *base = solve(inst);
        assert_int_equal(base->objective, ex->max_weight);
        int32_t c = -1, q = -1;
        int64_t *bound = NULL;
        if (w->change == MU_CHANGE_MAX_PARTICIPATING || w->change == MU_CHANGE_MAX_PER_HOST) {
            bound =
                w->change == MU_CHANGE_MAX_PARTICIPATING ? &inst->hosts.max_participating : &inst->hosts.max_per_host;
            assert_int_equal(*bound + 1, w->bound);
            ++*bound;
            t->budget_whatifs++;
        } else if (w->change == MU_CHANGE_SEAT) {
            c = w->target;
            assert_true(c >= 0);
            assert_int_equal(inst->com[c].capacity + 1, w->bound);
            inst->com[c].capacity++;
            t->seat_whatifs++;
        } else {
            q = w->target;
            assert_true(q >= 0);
            assert_int_equal(inst->quotas[q].max + 1, w->bound);
            inst->quotas[q].max++;
            t->quota_whatifs++;
        }
        mu_solution *after = solve(inst);
        if (bound) --*bound;
        else if (c >= 0) inst->com[c].capacity--;
        else inst->quotas[q].max--;
        assert_int_equal(after->status, MU_STATUS_OPTIMAL);
        assert_int_equal(after->app_com[a], wi->company);
        assert_int_equal(after->objective - base->objective, wi->weight_delta);
        mu_solution_free(after);
        mu_solution_free(base);
    }
    /* hosts below capacity: "no eligible applicant" matches the audit */
    for (int32_t i = 0; i < ex->n_hosts; i++) {
        const mu_explain_host *h = &ex->hosts[i];
        int32_t c = h->company;
        t->hosts++;
        int any = 0;
        for (int32_t a = 0; a < inst->n_app; a++) any |= mu_pair_exclusions(inst, a, c) == 0;
        assert_int_equal(h->reason == MU_EMPTY_NO_ELIGIBLE, !any);
    }
    /* everyone against their rankings: each reason holds in the solution */
    mu_explain_opts eo;
    mu_explain_opts_init(&eo);
    eo.everyone = 1;
    eo.whatif = 0;
    mu_explanation *all = NULL;
    mu_error err = {0};
    assert_int_equal(mu_explain(inst, sol, &eo, &all, &err), MU_OK);
    int32_t placed = 0;
    for (int32_t a = 0; a < inst->n_app; a++) placed += sol->app_com[a] >= 0;
    assert_int_equal(all->n_placed, placed);
    assert_int_equal(all->n_ranked, inst->n_com);
    for (int32_t i = 0; i < all->n_placed; i++) {
        const mu_explain_placed *p = &all->placed[i];
        assert_int_equal(sol->app_com[p->applicant], p->company);
        for (int32_t k = 0; k < p->n_higher; k++) {
            const mu_explain_higher *h = &p->higher[k];
            t->higher++;
            assert_true(h->applicant_rank < p->rank);
            assert_true(k == 0 || p->higher[k - 1].applicant_rank <= h->applicant_rank);
            if (h->why == MU_NOT_RULE) assert_true(mu_pair_exclusions(inst, p->applicant, h->company) != 0);
            else assert_int_equal(mu_pair_exclusions(inst, p->applicant, h->company), 0);
            if (h->why == MU_NOT_FULL) assert_true(h->filled >= inst->com[h->company].capacity);
            if (h->why == MU_NOT_QUOTA) assert_true(h->n_rows > 0);
            if (h->why == MU_NOT_WEIGHT) {
                assert_true(h->filled < h->capacity);
                assert_int_equal(h->weight_change, h->weight - p->weight);
            }
        }
    }
    for (int32_t i = 0; i < all->n_ranked; i++) {
        const mu_explain_ranked *r = &all->ranked[i];
        for (int32_t k = 0; k < r->n_higher; k++) {
            const mu_explain_higher *h = &r->higher[k];
            t->higher++;
            assert_true(h->company_rank < r->lowest_rank);
            assert_true(sol->app_com[h->applicant] != r->company);
            assert_int_equal(h->placed_at, sol->app_com[h->applicant]);
            if (h->why == MU_NOT_PREFERS) assert_true(h->rank_there < h->applicant_rank);
        }
    }
    mu_explanation_free(all);
    /* the instance is as it was: the same optimum */
    mu_solution *again = solve(inst);
    assert_int_equal(again->objective, sol->objective);
    mu_solution_free(again);
    mu_explanation_free(ex);
    mu_solution_free(sol);
}

static mu_instance *read_text(const char *text) {
    mu_instance *inst = NULL;
    mu_error err = {0};
    int rc = mu_read_json_text("random.json", text, strlen(text), &inst, &err);
    if (rc) print_error("%s\n%s\n", err.msg, text);
    assert_int_equal(rc, MU_OK);
    return inst;
}

static void an_unknown_applicant_or_company_is_an_input_error(void **state) {
    (void)state;
    mu_instance *inst = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read("instances/examples/tiny.json", &inst, &err), MU_OK);
    mu_solution *sol = solve(inst);
    mu_explain_opts eo;
    mu_explain_opts_init(&eo);
    eo.applicant = "nobody";
    mu_explanation *ex = NULL;
    assert_int_equal(mu_explain(inst, sol, &eo, &ex, &err), MU_EINPUT);
    assert_non_null(strstr(err.msg, "nobody"));
    assert_null(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

/* The sentence of the unplaced applicant with this id; "" when not unplaced. */
static const char *reason_of(const mu_explanation *ex, const char *id) {
    static char text[MU_EXPLAIN_TEXT_MAX];
    const mu_explain_applicant *u = mu_explain_find_applicant(ex, mu_sym_find(&ex->inst->app_ids, id));
    text[0] = '\0';
    if (u) assert_int_equal(mu_explain_applicant_text(ex, u, text, NULL), MU_OK);
    return text;
}

static int32_t app(const mu_instance *inst, const char *id) { return mu_sym_find(&inst->app_ids, id); }
static int32_t com(const mu_instance *inst, const char *id) { return mu_sym_find(&inst->com_ids, id); }

static void the_csv_example_explains_age_language_full_hosts_and_an_empty_host(void **state) {
    (void)state;
    mu_instance *inst = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read("instances/examples/csv", &inst, &err), MU_OK);
    mu_solution *sol = solve(inst);
    mu_explanation *ex = explain(inst, sol);
    assert_non_null(strstr(reason_of(ex, "A07"), "age 45 is outside the programme's window (20-40)"));
    assert_non_null(strstr(reason_of(ex, "A08"), "below the programme's minimum"));
    assert_non_null(strstr(reason_of(ex, "A12"), "nationality KR"));
    assert_non_null(strstr(reason_of(ex, "A10"), "C03"));
    assert_non_null(strstr(reason_of(ex, "A10"), "A06"));
    assert_string_equal(reason_of(ex, "A01"), ""); /* placed */
    assert_true(ex->n_hosts >= 1);
    const mu_explain_host *h = &ex->hosts[0];
    assert_int_equal(h->company, com(inst, "C04"));
    assert_int_equal(h->reason, MU_EMPTY_NO_ELIGIBLE);
    assert_string_equal(mu_explain_empty_name(h->reason), "no_eligible_applicant");
    /* the typed facts behind the sentences */
    const mu_explain_applicant *u = mu_explain_find_applicant(ex, app(inst, "A07"));
    assert_non_null(u);
    assert_int_equal(u->reason, MU_WHY_INELIGIBLE);
    assert_true(u->own_rules & MU_RULE(AGE));
    assert_false(u->has_whatif);
    u = mu_explain_find_applicant(ex, app(inst, "A10"));
    assert_non_null(u);
    assert_int_equal(u->reason, MU_WHY_HOSTS_FULL);
    assert_int_equal(u->n_options, 1);
    assert_int_equal(u->options[0].company, com(inst, "C03"));
    assert_int_equal(u->options[0].n_held, 1);
    assert_int_equal(u->options[0].held[0].applicant, app(inst, "A06"));
    assert_null(mu_explain_find_applicant(ex, app(inst, "A01")));
    tally t = {0};
    check_claims(inst, &t);
    assert_true(t.seat_whatifs >= 1);
    mu_explanation_free(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

/* C1 has one seat; A1 (weight 300) holds it, A2 (weight 200) is left out. */
static const char FULL_HOST[] =
    "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A2\"}], "
    "\"companies\": [{\"id\": \"C1\", \"capacity\": 1}, {\"id\": \"C2\", \"capacity\": 1}], "
    "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 300}, "
    "{\"applicant\": \"A2\", \"company\": \"C1\", \"weight\": 200}]}";

static void an_applicant_behind_a_full_host_names_the_holder_and_its_weight(void **state) {
    (void)state;
    mu_instance *inst = read_text(FULL_HOST);
    mu_solution *sol = solve(inst);
    mu_explanation *ex = explain(inst, sol);
    int32_t a1 = app(inst, "A1"), a2 = app(inst, "A2"), c1 = com(inst, "C1"), c2 = com(inst, "C2");
    assert_int_equal(ex->n_unplaced, 1);
    const mu_explain_applicant *u = &ex->unplaced[0];
    assert_int_equal(u->applicant, a2);
    assert_int_equal(u->reason, MU_WHY_HOSTS_FULL);
    assert_int_equal(u->n_options, 1);
    const mu_explain_option *o = &u->options[0];
    assert_int_equal(o->company, c1);
    assert_int_equal(o->weight, 200);
    assert_int_equal(o->seat, MU_SEAT_FULL);
    assert_int_equal(o->capacity, 1);
    assert_int_equal(o->filled, 1);
    assert_int_equal(o->company_rank, 2); /* C1 has no list: it ranks by weight */
    assert_int_equal(o->n_held, 1);
    assert_int_equal(o->held[0].applicant, a1);
    assert_int_equal(o->held[0].weight, 300);
    assert_int_equal(o->held[0].company_rank, 1);
    assert_int_equal(o->why, MU_HELD_RANKED_HIGHER_AND_HEAVIER);
    /* the what-if: one more seat at C1, re-solved, places A2 there for +200 */
    assert_true(ex->whatif_computed);
    assert_int_equal(ex->max_weight, 300);
    assert_true(u->has_whatif);
    assert_int_equal(u->whatif.kind, MU_WHATIF_CHANGE);
    assert_int_equal(u->whatif.company, c1);
    assert_int_equal(u->whatif.weight_delta, 200);
    assert_int_equal(u->whatif.alternatives, 0);
    const mu_explain_resolve *w = &ex->resolves[u->whatif.resolve];
    assert_int_equal(w->change, MU_CHANGE_SEAT);
    assert_int_equal(w->target, c1);
    assert_int_equal(w->bound, 2);
    assert_true(w->solved);
    assert_int_equal(w->weight, 500);
    assert_int_equal(w->n_displaced, 0);
    assert_int_equal(w->n_placed, 1);
    assert_int_equal(w->placed[0], a2);
    assert_int_equal(w->placed_at[0], c1);
    /* C2 keeps its seat: nobody is eligible there */
    assert_int_equal(ex->n_hosts, 1);
    assert_int_equal(ex->hosts[0].company, c2);
    assert_int_equal(ex->hosts[0].reason, MU_EMPTY_NO_ELIGIBLE);
    assert_int_equal(ex->hosts[0].excluded_by[MU_RULE_BIT_NOT_IN_PAIRS], 2);
    assert_null(mu_explain_find_host(ex, c1));
    /* and in words */
    char text[MU_EXPLAIN_TEXT_MAX];
    assert_int_equal(mu_explain_applicant_text(ex, u, text, NULL), MU_OK);
    assert_non_null(strstr(text, "full with A1 (weight 300, ranked 1st)"));
    mu_explain_whatif_text(ex, u, text);
    assert_string_equal(text, "What-if: one more seat at C1 places A2 (at C1); total weight +200.");
    mu_explanation_free(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

/* C1 has two seats, but the quota lets one Vietnamese applicant in. */
static const char QUOTA_CLOSED[] =
    "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\"}, "
    "{\"id\": \"A2\", \"nationality\": \"VN\"}], \"companies\": [{\"id\": \"C1\", \"capacity\": 2}], "
    "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 300}, "
    "{\"applicant\": \"A2\", \"company\": \"C1\", \"weight\": 200}], "
    "\"quotas\": [{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"VN\"}, \"max\": 1}]}";

static void a_quota_closed_applicant_names_the_row_at_its_maximum(void **state) {
    (void)state;
    mu_instance *inst = read_text(QUOTA_CLOSED);
    mu_solution *sol = solve(inst);
    mu_explanation *ex = explain(inst, sol);
    int32_t a1 = app(inst, "A1"), a2 = app(inst, "A2"), c1 = com(inst, "C1");
    assert_int_equal(ex->n_unplaced, 1);
    const mu_explain_applicant *u = &ex->unplaced[0];
    assert_int_equal(u->applicant, a2);
    assert_int_equal(u->reason, MU_WHY_QUOTA);
    assert_int_equal(u->n_options, 1);
    const mu_explain_option *o = &u->options[0];
    assert_int_equal(o->seat, MU_SEAT_QUOTA);
    assert_int_equal(o->budget, MU_BUDGET_NONE);
    assert_int_equal(o->n_rows, 1);
    char label[512];
    mu_qrow_label(&ex->pb, o->rows[0], label, sizeof label);
    assert_string_equal(label, "vn-cap");
    assert_int_equal(ex->pb.rows[o->rows[0]].max, 1);
    assert_int_equal(u->n_common, 1); /* it closes every eligible host */
    assert_int_equal(u->common[0], o->rows[0]);
    /* raising the quota's max to 2 places A2 */
    assert_int_equal(u->whatif.kind, MU_WHATIF_CHANGE);
    const mu_explain_resolve *w = &ex->resolves[u->whatif.resolve];
    assert_int_equal(w->change, MU_CHANGE_QUOTA);
    assert_int_equal(w->target, 0);
    assert_int_equal(w->bound, 2);
    assert_int_equal(u->whatif.weight_delta, 200);
    /* the host below capacity says the same from its side */
    assert_int_equal(ex->n_hosts, 1);
    const mu_explain_host *h = &ex->hosts[0];
    assert_int_equal(h->company, c1);
    assert_int_equal(h->reason, MU_EMPTY_QUOTA);
    assert_int_equal(h->n_eligible, 2);
    assert_int_equal(h->eligible[0].applicant, a1);
    assert_int_equal(h->eligible[0].fate, MU_FATE_HERE);
    assert_int_equal(h->eligible[1].applicant, a2);
    assert_int_equal(h->eligible[1].fate, MU_FATE_QUOTA);
    assert_int_equal(h->eligible[1].n_rows, 1);
    assert_int_equal(h->eligible[1].rows[0], o->rows[0]);
    char text[MU_EXPLAIN_TEXT_MAX];
    assert_int_equal(mu_explain_applicant_text(ex, u, text, NULL), MU_OK);
    assert_non_null(strstr(text, "Quota vn-cap is at its maximum (1) at that host."));
    mu_explanation_free(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

/* Regression: a host the budget's min_per_host keeps empty was said to be
 * kept by max_participating ("at most 9223372036854775807 hosts"). */
static void a_host_kept_empty_by_min_per_host_is_named_so(void **state) {
    (void)state;
    mu_instance *inst = read_text("{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}], "
                                  "\"companies\": [{\"id\": \"C1\", \"capacity\": 2}], "
                                  "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 100}], "
                                  "\"hosts\": {\"min_per_host\": 2}}");
    mu_solution *sol = solve(inst);
    mu_explanation *ex = explain(inst, sol);
    assert_int_equal(ex->n_unplaced, 1);
    const mu_explain_option *o = &ex->unplaced[0].options[0];
    assert_int_equal(ex->unplaced[0].reason, MU_WHY_QUOTA);
    assert_int_equal(o->seat, MU_SEAT_HOST_BUDGET);
    assert_int_equal(o->budget, MU_BUDGET_MIN_PER_HOST);
    assert_int_equal(ex->n_hosts, 1);
    assert_int_equal(ex->hosts[0].budget, MU_BUDGET_MIN_PER_HOST);
    assert_int_equal(ex->hosts[0].reason, MU_EMPTY_HOST_BUDGET);
    assert_int_equal(ex->hosts[0].eligible[0].fate, MU_FATE_HOST_BUDGET);
    char text[MU_EXPLAIN_TEXT_MAX];
    mu_explain_host_text(ex, &ex->hosts[0], text);
    assert_non_null(strstr(text, "The host budget requires at least 2 interns of a host that takes part."));
    assert_int_equal(mu_explain_applicant_text(ex, &ex->unplaced[0], text, NULL), MU_OK);
    assert_null(strstr(text, "9223372036854775807"));
    mu_explanation_free(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

static void max_listed_explains_the_first_and_counts_them_all(void **state) {
    (void)state;
    mu_instance *inst = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read("instances/examples/csv", &inst, &err), MU_OK);
    mu_solution *sol = solve(inst);
    mu_explain_opts eo;
    mu_explain_opts_init(&eo);
    eo.max_listed = 2;
    eo.whatif = 0;
    mu_explanation *ex = NULL;
    assert_int_equal(mu_explain(inst, sol, &eo, &ex, &err), MU_OK);
    assert_true(ex->counted);
    assert_int_equal(ex->n_unplaced, 2);
    assert_int_equal(ex->unplaced_total, 7);
    assert_int_equal(ex->n_hosts, 1);
    assert_int_equal(ex->hosts_total, 1);
    assert_false(ex->whatif_computed);
    assert_int_equal(ex->skip.why, MU_SKIP_NOT_ASKED);
    assert_int_equal(ex->unplaced[0].whatif.kind, MU_WHATIF_NOT_COMPUTED);
    mu_explanation_free(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

/* The JSON document carries the typed result: every unplaced applicant with
 * its reason's name and its sentence, every host likewise. */
static void the_json_document_says_what_the_typed_result_holds(void **state) {
    (void)state;
    mu_instance *inst = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read("instances/examples/csv", &inst, &err), MU_OK);
    mu_solution *sol = solve(inst);
    mu_explanation *ex = explain(inst, sol);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(mu_explain_write_json(f, ex, &err), MU_OK);
    fclose(f);
    cJSON *doc = cJSON_Parse(buf);
    assert_non_null(doc);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(doc, "format")->valuestring, "musubi-explain-1");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(doc, "max_weight")->valuedouble, (double)ex->max_weight);
    const cJSON *un = cJSON_GetObjectItemCaseSensitive(doc, "unplaced"), *e;
    assert_int_equal(cJSON_GetArraySize(un), ex->n_unplaced);
    char text[MU_EXPLAIN_TEXT_MAX];
    int32_t i = 0;
    cJSON_ArrayForEach(e, un) {
        const mu_explain_applicant *u = &ex->unplaced[i++];
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "applicant")->valuestring,
                            inst->app_ids.str[u->applicant]);
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "reason")->valuestring,
                            mu_explain_reason_name(u->reason));
        assert_int_equal(mu_explain_applicant_text(ex, u, text, NULL), MU_OK);
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "summary")->valuestring, text);
        assert_int_equal(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(e, "whatif")), u->has_whatif);
    }
    const cJSON *hb = cJSON_GetObjectItemCaseSensitive(doc, "hosts_below_capacity");
    assert_int_equal(cJSON_GetArraySize(hb), ex->n_hosts);
    i = 0;
    cJSON_ArrayForEach(e, hb) {
        const mu_explain_host *h = &ex->hosts[i++];
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "reason")->valuestring,
                            mu_explain_empty_name(h->reason));
        mu_explain_host_text(ex, h, text);
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "summary")->valuestring, text);
    }
    cJSON_Delete(doc);
    free(buf);
    mu_explanation_free(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

static void whatifs_hold_when_re_solved_on_random_instances(void **state) {
    (void)state;
    tally t = {0};
    for (uint64_t seed = 1; seed <= 150; seed++) {
        rng_state = seed * 7919;
        char *text = random_instance_text(4 + below(8), 2 + below(4), (int)(seed % 3));
        mu_instance *inst = read_text(text);
        check_claims(inst, &t);
        mu_instance_free(inst);
        free(text);
    }
    /* the sample exercised every kind of claim */
    if (getenv("MU_TEST_VERBOSE"))
        fprintf(stderr,
                "ineligible %d, full hosts %d, quota-closed %d, budget-closed %d, seat what-ifs %d, quota what-ifs %d, "
                "budget what-ifs %d, hosts %d\n",
                t.ineligible, t.full, t.quota, t.budget, t.seat_whatifs, t.quota_whatifs, t.budget_whatifs, t.hosts);
    assert_true(t.ineligible > 20);
    assert_true(t.full > 20);
    assert_true(t.seat_whatifs > 10);
    assert_true(t.quota_whatifs > 0);
    assert_true(t.budget > 0);
    assert_true(t.budget_whatifs > 0);
    assert_true(t.hosts > 10);
    assert_true(t.higher > 20);
}

static void a_solution_file_reads_back_with_its_weights(void **state) {
    (void)state;
    mu_instance *inst = NULL;
    mu_error err = {0};
    assert_int_equal(mu_instance_read("instances/examples/tiny-quotas.json", &inst, &err), MU_OK);
    mu_solution *sol = solve(inst);
    char path[] = "/tmp/musubi-explain-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(mu_solution_write_json(sol, inst, NULL, path, &err), MU_OK);
    mu_solution *back = NULL;
    assert_int_equal(mu_solution_read(inst, path, &back, &err), MU_OK);
    assert_int_equal(back->objective, sol->objective);
    assert_int_equal(back->status, sol->status);
    for (int32_t a = 0; a < inst->n_app; a++) assert_int_equal(back->app_com[a], sol->app_com[a]);
    remove(path);
    mu_solution_free(back);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

static mu_explanation *explain_one(mu_instance *inst, const mu_solution *sol, const char *applicant,
                                   const char *company) {
    mu_explain_opts eo;
    mu_explain_opts_init(&eo);
    eo.applicant = applicant;
    eo.company = company;
    mu_explanation *ex = NULL;
    mu_error err = {0};
    assert_int_equal(mu_explain(inst, sol, &eo, &ex, &err), MU_OK);
    return ex;
}

/* A2 ranks C1 first, but C1's one seat goes to A1 (weight 300 against A2's
 * 100); A2 is placed at C2, its 2nd choice. */
static const char FIRST_CHOICE_FULL[] =
    "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}, "
    "{\"id\": \"A2\", \"preferences\": [\"C1\", \"C2\"]}], "
    "\"companies\": [{\"id\": \"C1\", \"capacity\": 1}, {\"id\": \"C2\", \"capacity\": 1}], "
    "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 300}, "
    "{\"applicant\": \"A2\", \"company\": \"C1\", \"weight\": 100}, "
    "{\"applicant\": \"A2\", \"company\": \"C2\", \"weight\": 200}]}";

static void a_placed_applicant_hears_its_first_choice_is_full_with_a_heavier_intern(void **state) {
    (void)state;
    mu_instance *inst = read_text(FIRST_CHOICE_FULL);
    mu_solution *sol = solve(inst);
    int32_t a1 = app(inst, "A1"), a2 = app(inst, "A2"), c1 = com(inst, "C1"), c2 = com(inst, "C2");
    assert_int_equal(sol->app_com[a2], c2);
    mu_explanation *ex = explain_one(inst, sol, "A2", NULL);
    assert_int_equal(ex->placed_applicant, a2);
    assert_int_equal(ex->n_placed, 1);
    const mu_explain_placed *p = mu_explain_find_placed(ex, a2);
    assert_non_null(p);
    assert_int_equal(p->company, c2);
    assert_int_equal(p->rank, 2);
    assert_int_equal(p->weight, 200);
    assert_int_equal(p->n_higher, 1);
    const mu_explain_higher *h = &p->higher[0];
    assert_int_equal(h->company, c1);
    assert_int_equal(h->applicant_rank, 1);
    assert_int_equal(h->why, MU_NOT_FULL);
    assert_int_equal(h->weight, 100);
    assert_int_equal(h->n_held, 1);
    assert_int_equal(h->held[0].applicant, a1);
    assert_int_equal(h->held[0].weight, 300);
    assert_int_equal(h->held[0].company_rank, 1);
    assert_int_equal(h->held_why, MU_HELD_RANKED_HIGHER_AND_HEAVIER);
    char text[MU_EXPLAIN_TEXT_MAX];
    mu_explain_placed_text(ex, p, text);
    assert_non_null(strstr(text, "Placed at C2, their 2nd choice (weight 200)."));
    assert_non_null(strstr(text, "C1 (1st choice, weight 100, ranked 2nd by the host): full with A1 (weight 300, "
                                 "ranked 1st), whom the host ranks higher and who carry more weight."));
    mu_explanation_free(ex);
    /* A1, at its first choice, has nothing higher */
    ex = explain_one(inst, sol, "A1", NULL);
    assert_int_equal(ex->n_placed, 1);
    assert_int_equal(ex->placed[0].n_higher, 0);
    assert_int_equal(ex->placed[0].rank, 1);
    mu_explanation_free(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

/* A2 ranks C1 first; C1 has a free seat but the vn-cap quota is at its
 * maximum with A1 there. A2 goes to C2 (not in the quota: C1 only). */
static const char FIRST_CHOICE_QUOTA[] =
    "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\"}, "
    "{\"id\": \"A2\", \"nationality\": \"VN\", \"preferences\": [\"C1\", \"C2\"]}], "
    "\"companies\": [{\"id\": \"C1\", \"capacity\": 2, \"region\": \"Kanto\"}, "
    "{\"id\": \"C2\", \"capacity\": 1, \"region\": \"Kansai\"}], "
    "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 300}, "
    "{\"applicant\": \"A2\", \"company\": \"C1\", \"weight\": 250}, "
    "{\"applicant\": \"A2\", \"company\": \"C2\", \"weight\": 200}], "
    "\"quotas\": [{\"name\": \"vn-c1\", \"applicants\": {\"nationality\": \"VN\"}, \"companies\": {\"region\": "
    "\"Kanto\"}, "
    "\"max\": 1}]}";

static void a_placed_applicant_hears_its_first_choice_is_closed_by_a_quota(void **state) {
    (void)state;
    mu_instance *inst = read_text(FIRST_CHOICE_QUOTA);
    mu_solution *sol = solve(inst);
    int32_t a2 = app(inst, "A2"), c1 = com(inst, "C1"), c2 = com(inst, "C2");
    assert_int_equal(sol->app_com[a2], c2);
    mu_explanation *ex = explain_one(inst, sol, "A2", NULL);
    const mu_explain_placed *p = mu_explain_find_placed(ex, a2);
    assert_non_null(p);
    assert_int_equal(p->n_higher, 1);
    const mu_explain_higher *h = &p->higher[0];
    assert_int_equal(h->company, c1);
    assert_int_equal(h->why, MU_NOT_QUOTA);
    assert_int_equal(h->capacity, 2);
    assert_int_equal(h->filled, 1);
    assert_int_equal(h->n_rows, 1);
    char label[512];
    mu_qrow_label(&ex->pb, h->rows[0], label, sizeof label);
    assert_string_equal(label, "vn-c1");
    char text[MU_EXPLAIN_TEXT_MAX];
    mu_explain_placed_text(ex, p, text);
    assert_non_null(strstr(text, "C1 (1st choice, weight 250, ranked 2nd by the host): a free seat, but quota vn-c1 "
                                 "at its maximum (1)."));
    mu_explanation_free(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

/* C1 ranks A1 first, but A1 ranks C2 above C1 and is placed there; C1 takes
 * A2. A3 ranks C3 first: a free seat, but lighter than where A3 is. */
static const char TOP_CANDIDATE_ELSEWHERE[] =
    "{\"format\": \"musubi-instance-1\", \"applicants\": ["
    "{\"id\": \"A1\", \"preferences\": [\"C2\", \"C1\"]}, {\"id\": \"A2\"}, "
    "{\"id\": \"A3\", \"preferences\": [\"C3\", \"C2\"]}], "
    "\"companies\": [{\"id\": \"C1\", \"capacity\": 1, \"preferences\": [\"A1\", \"A2\"]}, "
    "{\"id\": \"C2\", \"capacity\": 2}, {\"id\": \"C3\", \"capacity\": 1}], "
    "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 100}, "
    "{\"applicant\": \"A1\", \"company\": \"C2\", \"weight\": 300}, "
    "{\"applicant\": \"A2\", \"company\": \"C1\", \"weight\": 200}, "
    "{\"applicant\": \"A3\", \"company\": \"C3\", \"weight\": 50}, "
    "{\"applicant\": \"A3\", \"company\": \"C2\", \"weight\": 200}]}";

static void a_host_hears_its_top_candidate_took_a_host_they_prefer(void **state) {
    (void)state;
    mu_instance *inst = read_text(TOP_CANDIDATE_ELSEWHERE);
    mu_solution *sol = solve(inst);
    int32_t a1 = app(inst, "A1"), a2 = app(inst, "A2"), a3 = app(inst, "A3"), c1 = com(inst, "C1"),
            c2 = com(inst, "C2"), c3 = com(inst, "C3");
    assert_int_equal(sol->app_com[a1], c2);
    assert_int_equal(sol->app_com[a2], c1);
    assert_int_equal(sol->app_com[a3], c2);
    mu_explanation *ex = explain_one(inst, sol, NULL, "C1");
    assert_int_equal(ex->full_company, c1);
    assert_int_equal(ex->n_ranked, 1);
    const mu_explain_ranked *r = mu_explain_find_ranked(ex, c1);
    assert_non_null(r);
    assert_int_equal(r->lowest, a2);
    assert_int_equal(r->lowest_rank, 2);
    assert_int_equal(r->n_higher, 1);
    const mu_explain_higher *h = &r->higher[0];
    assert_int_equal(h->applicant, a1);
    assert_int_equal(h->company_rank, 1);
    assert_int_equal(h->why, MU_NOT_PREFERS);
    assert_int_equal(h->placed_at, c2);
    assert_int_equal(h->rank_there, 1);
    assert_int_equal(h->applicant_rank, 2);
    assert_int_equal(h->weight_there, 300);
    char text[MU_EXPLAIN_TEXT_MAX];
    mu_explain_ranked_text(ex, r, text);
    assert_non_null(strstr(text, "Full (1 of 1 seats). Its lowest-ranked intern is A2 (ranked 2nd)."));
    assert_non_null(strstr(text, "A1 (ranked 1st): placed at C2 (their 1st choice, weight 300), which they rank above "
                                 "this host (their 2nd choice)."));
    mu_explanation_free(ex);
    /* A3 at its 2nd choice: C3 has a free seat, but the move weighs 150 less */
    ex = explain_one(inst, sol, "A3", NULL);
    const mu_explain_placed *p = mu_explain_find_placed(ex, a3);
    assert_non_null(p);
    assert_int_equal(p->n_higher, 1);
    assert_int_equal(p->higher[0].company, c3);
    assert_int_equal(p->higher[0].why, MU_NOT_WEIGHT);
    assert_int_equal(p->higher[0].weight_change, -150);
    mu_explain_placed_text(ex, p, text);
    assert_non_null(strstr(text, "a free seat, but an assignment that placed A3 there weighs less: -150."));
    mu_explanation_free(ex);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

/* Raising the quota places A3 and A4 (both held back by it) and moves A1,
 * so the what-if of A3 names A4 and A1 too. cap-vn allows 1 VN applicant at
 * C1; C2 takes one applicant of any kind. */
static const char WHATIF_MANY[] =
    "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\", \"nationality\": \"VN\"}, "
    "{\"id\": \"A2\", \"nationality\": \"TH\"}, {\"id\": \"A3\", \"nationality\": \"VN\"}, "
    "{\"id\": \"A4\", \"nationality\": \"VN\"}], "
    "\"companies\": [{\"id\": \"C1\", \"capacity\": 3, \"region\": \"Kanto\"}, "
    "{\"id\": \"C2\", \"capacity\": 1, \"region\": \"Kansai\"}], "
    "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"weight\": 100}, "
    "{\"applicant\": \"A1\", \"company\": \"C2\", \"weight\": 90}, "
    "{\"applicant\": \"A2\", \"company\": \"C2\", \"weight\": 50}, "
    "{\"applicant\": \"A3\", \"company\": \"C1\", \"weight\": 300}, "
    "{\"applicant\": \"A4\", \"company\": \"C1\", \"weight\": 280}], "
    "\"quotas\": [{\"name\": \"cap-vn\", \"applicants\": {\"nationality\": \"VN\"}, \"companies\": {\"region\": "
    "\"Kanto\"}, "
    "\"max\": 1}]}";

static void a_whatif_lists_every_placement_the_re_solve_changes(void **state) {
    (void)state;
    mu_instance *inst = read_text(WHATIF_MANY);
    mu_solution *sol = solve(inst);
    int32_t a1 = app(inst, "A1"), a2 = app(inst, "A2"), a3 = app(inst, "A3"), a4 = app(inst, "A4"),
            c1 = com(inst, "C1"), c2 = com(inst, "C2");
    /* the maximum: A3 at C1 (300), A1 at C2 (90) = 390; A2 and A4 unplaced */
    assert_int_equal(sol->objective, 390);
    assert_int_equal(sol->app_com[a3], c1);
    assert_int_equal(sol->app_com[a1], c2);
    /* raise cap-vn to 2: A4 at C1 (280) too, 670 */
    mu_explanation *ex = explain(inst, sol);
    const mu_explain_applicant *u = mu_explain_find_applicant(ex, a4);
    assert_non_null(u);
    assert_int_equal(u->whatif.kind, MU_WHATIF_CHANGE);
    const mu_explain_resolve *w = &ex->resolves[u->whatif.resolve];
    assert_int_equal(w->change, MU_CHANGE_QUOTA);
    assert_int_equal(w->weight, 670);
    assert_int_equal(w->n_placed, 1);
    assert_int_equal(w->n_moved, 0);
    mu_explanation_free(ex);
    mu_solution_free(sol);
    /* against a solution of less weight (A1 at C1, A2 at C2: 150) the same
     * re-solve places A3 and A4, moves A1 to C2 and leaves A2 unplaced: every
     * change is listed */
    mu_solution *mine = solve(inst);
    for (int32_t a = 0; a < inst->n_app; a++) mine->app_com[a] = -1, mine->app_w[a] = 0;
    mine->app_com[a1] = c1, mine->app_w[a1] = 100;
    mine->app_com[a2] = c2, mine->app_w[a2] = 50;
    mine->objective = 150;
    ex = explain(inst, mine);
    u = mu_explain_find_applicant(ex, a4);
    assert_non_null(u);
    assert_int_equal(u->whatif.kind, MU_WHATIF_CHANGE);
    w = &ex->resolves[u->whatif.resolve];
    assert_int_equal(w->n_placed, 2); /* A3 and A4 */
    assert_int_equal(w->placed[0], a3);
    assert_int_equal(w->placed[1], a4);
    assert_int_equal(w->n_moved, 1); /* A1 from C1 to C2 */
    assert_int_equal(w->moved[0], a1);
    assert_int_equal(w->moved_from[0], c1);
    assert_int_equal(w->moved_to[0], c2);
    assert_int_equal(w->n_left, 1); /* A2 gives C2 up */
    assert_int_equal(w->left[0], a2);
    char text[MU_EXPLAIN_TEXT_MAX];
    mu_explain_whatif_text(ex, u, text);
    assert_non_null(strstr(text, "raising quota cap-vn's max to 2 places A4 (at C1)"));
    assert_non_null(strstr(text, "It also places A3 (at C1)."));
    assert_non_null(strstr(text, "It moves A1 (from C1 to C2)."));
    assert_non_null(strstr(text, "It leaves unplaced A2."));
    mu_explanation_free(ex);
    mu_solution_free(mine);
    mu_instance_free(inst);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_unknown_applicant_or_company_is_an_input_error),
        cmocka_unit_test(a_solution_file_reads_back_with_its_weights),
        cmocka_unit_test(the_csv_example_explains_age_language_full_hosts_and_an_empty_host),
        cmocka_unit_test(an_applicant_behind_a_full_host_names_the_holder_and_its_weight),
        cmocka_unit_test(a_quota_closed_applicant_names_the_row_at_its_maximum),
        cmocka_unit_test(a_host_kept_empty_by_min_per_host_is_named_so),
        cmocka_unit_test(max_listed_explains_the_first_and_counts_them_all),
        cmocka_unit_test(the_json_document_says_what_the_typed_result_holds),
        cmocka_unit_test(whatifs_hold_when_re_solved_on_random_instances),
        cmocka_unit_test(a_placed_applicant_hears_its_first_choice_is_full_with_a_heavier_intern),
        cmocka_unit_test(a_placed_applicant_hears_its_first_choice_is_closed_by_a_quota),
        cmocka_unit_test(a_host_hears_its_top_candidate_took_a_host_they_prefer),
        cmocka_unit_test(a_whatif_lists_every_placement_the_re_solve_changes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
