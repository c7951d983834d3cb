/* The public accessors that let a program use an instance and a solution
 * without files (musubi.h, "the library without files"): ids and lookups,
 * the solution's engine, bound, certificate and metrics as data, and lint's
 * findings as text or as the solution's warnings. Thin reads of the structs
 * of instance.h and solution.h; what they mean is documented there and in
 * the README. Strings returned belong to the instance or the solution. */
#include <stdlib.h>
#include <string.h>

#include "model/lint.h"
#include "model/solution.h"

/* ---- instances */

const char *mu_instance_applicant_id(const mu_instance *inst, int32_t a) {
    MU_REQUIRE(inst && a >= 0 && a < inst->n_app);
    return inst->app_ids.str[a];
}

const char *mu_instance_company_id(const mu_instance *inst, int32_t c) {
    MU_REQUIRE(inst && c >= 0 && c < inst->n_com);
    return inst->com_ids.str[c];
}

int32_t mu_instance_applicant_index(const mu_instance *inst, const char *id) {
    MU_REQUIRE(inst && id);
    return mu_sym_find(&inst->app_ids, id);
}

int32_t mu_instance_company_index(const mu_instance *inst, const char *id) {
    MU_REQUIRE(inst && id);
    return mu_sym_find(&inst->com_ids, id);
}

int32_t mu_instance_capacity(const mu_instance *inst, int32_t c) {
    MU_REQUIRE(inst && c >= 0 && c < inst->n_com);
    return inst->com[c].capacity;
}

const char *mu_instance_source(const mu_instance *inst) {
    MU_REQUIRE(inst);
    return inst->path;
}

/* ---- lint */

int mu_instance_lint(const mu_instance *inst, char **findings, int32_t *count, mu_error *err) {
    MU_REQUIRE(inst && findings);
    *findings = NULL;
    mu_lint l;
    int rc = mu_lint_run(inst, &l, err);
    if (rc) return rc;
    size_t len = 1;
    for (int32_t k = 0; k < l.n; k++) len += strlen(l.msg[k]) + 1;
    char *text = mu_alloc(len, 1, err), *p = text;
    if (!text) {
        mu_lint_free(&l);
        return MU_ENOMEM;
    }
    for (int32_t k = 0; k < l.n; k++) {
        size_t n = strlen(l.msg[k]);
        memcpy(p, l.msg[k], n);
        p += n;
        *p++ = '\n';
    }
    *p = '\0';
    if (count) *count = l.n;
    mu_lint_free(&l);
    *findings = text;
    return MU_OK;
}

int mu_solution_lint(mu_solution *sol, const mu_instance *inst, mu_error *err) {
    MU_REQUIRE(sol && inst);
    mu_lint l;
    int rc = mu_lint_run(inst, &l, err);
    if (rc) return rc;
    for (int32_t k = 0; k < sol->n_warnings; k++) free(sol->warnings[k]);
    free(sol->warnings);
    sol->warnings = mu_lint_take(&l, &sol->n_warnings);
    mu_lint_free(&l);
    return MU_OK;
}

/* ---- solutions */

const char *mu_solution_engine(const mu_solution *s) {
    MU_REQUIRE(s);
    return s->engine;
}

const char *mu_solution_reason(const mu_solution *s) {
    MU_REQUIRE(s);
    return s->reason ? s->reason : "";
}

double mu_solution_seconds(const mu_solution *s) {
    MU_REQUIRE(s);
    return s->seconds;
}

const char *mu_solution_criterion(const mu_solution *s) {
    MU_REQUIRE(s);
    return s->criterion[0] ? s->criterion : "weight";
}

double mu_solution_criterion_value(const mu_solution *s) {
    MU_REQUIRE(s);
    return s->criterion[0] && strcmp(s->criterion, "weight") != 0 ? s->criterion_value : (double)s->objective;
}

int mu_solution_has_bound(const mu_solution *s) {
    MU_REQUIRE(s);
    return s->has_bound;
}

double mu_solution_bound(const mu_solution *s) {
    MU_REQUIRE(s);
    return s->bound;
}

double mu_solution_gap(const mu_solution *s) {
    MU_REQUIRE(s);
    return s->gap;
}

int64_t mu_solution_weight_of(const mu_solution *s, int32_t a) {
    MU_REQUIRE(s && a >= 0 && a < s->n_app);
    return s->has_assignment && s->app_com[a] >= 0 ? s->app_w[a] : 0;
}

int mu_solution_certificate(const mu_solution *s, int64_t *scale, int64_t *bound) {
    MU_REQUIRE(s);
    int has = s->cert.scale > 0 && s->has_assignment;
    if (scale) *scale = has ? s->cert.scale : 0;
    if (bound) *bound = has ? s->cert.bound : 0;
    return has;
}

int64_t mu_solution_applicant_price(const mu_solution *s, int32_t a) {
    MU_REQUIRE(s && a >= 0 && a < s->n_app);
    return s->cert.scale > 0 && s->cert.u ? s->cert.u[a] : 0;
}

int64_t mu_solution_company_price(const mu_solution *s, int32_t c) {
    MU_REQUIRE(s && c >= 0 && c < s->n_com);
    return s->cert.scale > 0 && s->cert.v ? s->cert.v[c] : 0;
}

/* ---- metrics */

static const mu_metrics *measured(const mu_solution *s) { return s->has_assignment ? s->metrics : NULL; }

int mu_solution_metric(const mu_solution *s, const char *name, double *value, mu_error *err) {
    MU_REQUIRE(s && name && value);
    *value = 0;
    const mu_metrics *m = measured(s);
    if (!m)
        return mu_err(err, MU_EUSAGE, "metric %.60s: %s", name,
                      s->has_assignment ? "not measured (call mu_solution_measure first)"
                                        : "the solution has no assignment");
    double pos = 0;
    int has_pos = m->has_unconstrained;
    if (has_pos) pos = (double)(m->max_weight - m->weight);
    const struct {
        const char *name;
        double value;
        int present;
    } table[] = {
        {"placements", (double)m->placements, 1},
        {"applicants", (double)m->applicants, 1},
        {"seats", (double)m->seats, 1},
        {"fill_rate", m->seats ? (double)m->placements / (double)m->seats : 0.0, 1},
        {"weight", (double)m->weight, 1},
        {"applicant_ranks.mean", m->app_mean_rank, 1},
        {"company_ranks.mean", m->com_mean_rank, 1},
        {"blocking_pairs", (double)m->blocking, 1},
        {"justified_envy.pairs", (double)m->envy_pairs, 1},
        {"justified_envy.applicants", (double)m->envious, 1},
        {"egalitarian_cost", (double)m->egalitarian_cost, 1},
        {"gini_welfare", m->gini, 1},
        {"price_of_stability.max_weight", (double)m->max_weight, has_pos},
        {"price_of_stability.weight_lost", pos, has_pos},
        {"price_of_stability.relative", has_pos && m->max_weight ? pos / (double)m->max_weight : 0.0, has_pos},
    };
    for (size_t i = 0; i < MU_ARRAY_LEN(table); i++)
        if (strcmp(name, table[i].name) == 0) {
            if (!table[i].present)
                return mu_err(err, MU_EUSAGE,
                              "metric %s: only when a stable engine also solved the problem without stability", name);
            *value = table[i].value;
            return MU_OK;
        }
    return mu_err(err, MU_EUSAGE,
                  "unknown metric \"%.60s\" (placements, applicants, seats, fill_rate, weight, applicant_ranks.mean, "
                  "company_ranks.mean, blocking_pairs, justified_envy.pairs, justified_envy.applicants, "
                  "egalitarian_cost, gini_welfare, price_of_stability.max_weight, price_of_stability.weight_lost, "
                  "price_of_stability.relative)",
                  name);
}

int32_t mu_solution_rank_profile(const mu_solution *s, int company_side, int64_t *counts, int32_t n) {
    MU_REQUIRE(s && (n == 0 || counts));
    const mu_metrics *m = measured(s);
    if (!m) return 0;
    int32_t levels = company_side ? m->com_levels : m->app_levels;
    const int64_t *x = company_side ? m->com_profile : m->app_profile;
    for (int32_t r = 0; r < levels && r < n; r++) counts[r] = x[r];
    return levels;
}

int32_t mu_solution_group_count(const mu_solution *s) {
    MU_REQUIRE(s);
    const mu_metrics *m = measured(s);
    return m ? m->n_groups : 0;
}

int mu_solution_group(const mu_solution *s, int32_t i, mu_group_rate_info *out) {
    MU_REQUIRE(s && out && i >= 0 && i < mu_solution_group_count(s));
    const mu_group_rate *g = &s->metrics->groups[i];
    *out = (mu_group_rate_info){g->attr, g->value, g->company_side, g->members, g->eligible, g->placed};
    return MU_OK;
}
