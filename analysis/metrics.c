/* Metrics of an assignment; the definitions are in metrics.h. */
#include "analysis/metrics.h"
#include "base/io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/prefs.h"
#include "engine/qstable.h"

#define MAX_LISTED 100000 /* blocking pairs listed with -v */

static int cmp_i64(const void *x, const void *y) {
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}
static int cmp_i32(const void *x, const void *y) {
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

/* Gini of x[0..n) >= 0 by the sorted form 2 sum_i i x_(i) / (n sum x) - (n + 1) / n. */
static double gini(int64_t *x, int64_t n) {
    if (n == 0) return 0;
    qsort(x, (size_t)n, sizeof *x, cmp_i64);
    long double total = 0, ranked = 0;
    for (int64_t i = 0; i < n; i++) total += (long double)x[i], ranked += (long double)(i + 1) * (long double)x[i];
    if (total <= 0) return 0;
    return (double)(2 * ranked / ((long double)n * total) - (long double)(n + 1) / (long double)n);
}

typedef struct groups {
    mu_group_rate *g;
    int32_t n, cap;
} groups;

static int cmp_group(const void *x, const void *y) {
    const mu_group_rate *a = x, *b = y;
    return strcmp(a->value, b->value);
}

/* Adds the groups of attribute `name` on the side that has it (applicants
 * first unless company_first), unless that attribute is already listed. */
static int add_groups(groups *gs, const mu_problem *pb, const char *name, int company_first, const int32_t *app_com,
                      mu_error *err) {
    const mu_instance *inst = pb->inst;
    int32_t key = mu_sym_find(&inst->syms, name);
    if (key < 0) return MU_OK;
    for (int32_t i = 0; i < gs->n; i++)
        if (strcmp(gs->g[i].attr, name) == 0) return MU_OK;
    for (int pass = 0; pass < 2; pass++) {
        int company = company_first ? pass == 0 : pass == 1;
        const mu_attrs *at = company ? &inst->com_attrs : &inst->app_attrs;
        int32_t n = company ? inst->n_com : inst->n_app;
        int present = 0;
        for (int64_t k = 0; k < at->off[n] && !present; k++) present = at->key[k] == key;
        if (!present) continue;
        int32_t *slot = mu_alloc((size_t)inst->syms.n + 1, sizeof *slot, err);
        if (!slot) return MU_ENOMEM;
        for (int32_t v = 0; v < inst->syms.n; v++) slot[v] = -1;
        int32_t first = gs->n;
        int32_t *filled = NULL;
        if (company) {
            filled = mu_calloc((size_t)inst->n_com + 1, sizeof *filled, err);
            if (!filled) return free(slot), MU_ENOMEM;
            for (int32_t a = 0; a < inst->n_app; a++)
                if (app_com[a] >= 0) filled[app_com[a]]++;
        }
        for (int32_t e = 0; e < n; e++)
            for (int64_t k = at->off[e]; k < at->off[e + 1]; k++) {
                if (at->key[k] != key) continue;
                int32_t v = at->val[k];
                if (slot[v] < 0) {
                    if (gs->n == gs->cap) {
                        int32_t cap = gs->cap ? 2 * gs->cap : 16;
                        mu_group_rate *ng = mu_realloc_array(gs->g, (size_t)cap, sizeof *ng, err);
                        if (!ng) return free(slot), free(filled), MU_ENOMEM;
                        gs->g = ng, gs->cap = cap;
                    }
                    slot[v] = gs->n;
                    gs->g[gs->n++] = (mu_group_rate){inst->syms.str[key], inst->syms.str[v], company, 0, 0, 0};
                }
                mu_group_rate *g = &gs->g[slot[v]];
                if (company) {
                    g->members += inst->com[e].capacity;
                    g->eligible += inst->com[e].capacity;
                    g->placed += filled[e];
                } else {
                    g->members++;
                    g->eligible += pb->pairs.app_off[e + 1] > pb->pairs.app_off[e];
                    g->placed += app_com[e] >= 0;
                }
            }
        qsort(gs->g + first, (size_t)(gs->n - first), sizeof *gs->g, cmp_group);
        free(slot), free(filled);
        return MU_OK;
    }
    return MU_OK;
}

int mu_metrics_compute(const mu_problem *pb, const int32_t *app_com, const mu_options *opt, const mu_policy_info *info,
                       mu_metrics **out, mu_error *err) {
    const mu_instance *inst = pb->inst;
    *out = NULL;
    mu_metrics *m = mu_calloc(1, sizeof *m, err);
    if (!m) return MU_ENOMEM;
    /* The engine's ranks when it built them (the same pairs and rule), else our own. */
    mu_prefs own = {0};
    int rc = MU_OK;
    if (!(info && info->prefs) && (rc = mu_prefs_build(pb, &own, err))) {
        free(m);
        return rc;
    }
    const mu_prefs pr = info && info->prefs ? *info->prefs : own;
    int32_t na = inst->n_app, nc = inst->n_com;
    int64_t *app_pair = mu_alloc((size_t)na + 1, sizeof *app_pair, err);
    int64_t *welfare = mu_alloc((size_t)na + 1, sizeof *welfare, err);
    int64_t *held_off = mu_calloc((size_t)nc + 2, sizeof *held_off, err);
    int32_t *held_rank = mu_alloc((size_t)na + 1, sizeof *held_rank, err);
    int64_t *list = NULL;
    groups gs = {0};
    if (!app_pair || !welfare || !held_off || !held_rank) goto oom;
    mu_prefs_placements(pb, app_com, app_pair);
    m->applicants = na;
    for (int32_t c = 0; c < nc; c++) m->seats += inst->com[c].capacity;
    /* Placements, weight, welfare, rank profiles, the egalitarian cost. */
    for (int32_t a = 0; a < na; a++) {
        int64_t p = app_pair[a];
        welfare[a] = p >= 0 ? pb->pairs.w[p] : 0;
        if (p < 0) {
            if (pr.app_last[a]) m->egalitarian_cost += pr.app_last[a] + 1;
            continue;
        }
        m->placements++;
        m->weight += pb->pairs.w[p];
        if (pr.app_rank[p] > m->app_levels) m->app_levels = pr.app_rank[p];
        if (pr.com_rank[p] > m->com_levels) m->com_levels = pr.com_rank[p];
        held_off[pb->pairs.com[p] + 1]++;
    }
    m->app_profile = mu_calloc((size_t)m->app_levels + 1, sizeof *m->app_profile, err);
    m->com_profile = mu_calloc((size_t)m->com_levels + 1, sizeof *m->com_profile, err);
    if (!m->app_profile || !m->com_profile) goto oom;
    double sum_a = 0, sum_c = 0;
    for (int32_t a = 0; a < na; a++) {
        int64_t p = app_pair[a];
        if (p < 0) continue;
        m->app_profile[pr.app_rank[p] - 1]++;
        m->com_profile[pr.com_rank[p] - 1]++;
        sum_a += pr.app_rank[p], sum_c += pr.com_rank[p];
        m->egalitarian_cost += pr.app_rank[p] + pr.com_rank[p];
    }
    if (m->placements) m->app_mean_rank = sum_a / (double)m->placements, m->com_mean_rank = sum_c / (double)m->placements;
    for (int32_t c = 0; c < nc; c++) {
        int64_t deg = pr.com_off[c + 1] - pr.com_off[c], seats = inst->com[c].capacity < deg ? inst->com[c].capacity : deg;
        if (seats > held_off[c + 1]) m->egalitarian_cost += (seats - held_off[c + 1]) * (pr.com_last[c] + 1);
        held_off[c + 1] += held_off[c];
    }
    /* Each host's interns' ranks, sorted, for envy. */
    {
        int64_t *fill = mu_alloc((size_t)nc + 1, sizeof *fill, err);
        if (!fill) goto oom;
        memcpy(fill, held_off, (size_t)nc * sizeof *fill);
        for (int32_t a = 0; a < na; a++)
            if (app_pair[a] >= 0) held_rank[fill[pb->pairs.com[app_pair[a]]]++] = pr.com_rank[app_pair[a]];
        free(fill);
        for (int32_t c = 0; c < nc; c++)
            qsort(held_rank + held_off[c], (size_t)(held_off[c + 1] - held_off[c]), sizeof *held_rank, cmp_i32);
    }
    /* Blocking pairs and justified envy, over every eligible pair a strictly prefers to its placement. */
    int verbose = opt && opt->verbosity >= 2;
    if (verbose && !(list = mu_alloc(MAX_LISTED, sizeof *list, err))) goto oom;
    m->blocking = mu_prefs_blocking(pb, &pr, app_pair, list, verbose ? MAX_LISTED : 0, err);
    if (m->blocking < 0) goto oom;
    if ((m->blocking_quota = mu_qstable_blocking(pb, &pr, app_pair, NULL, 0, err)) < 0) goto oom;
    for (int32_t a = 0; a < na; a++) {
        int64_t q = app_pair[a];
        int envious = 0;
        for (int64_t p = pb->pairs.app_off[a]; p < pb->pairs.app_off[a + 1]; p++) {
            if (p == q || (q >= 0 && pr.app_rank[p] >= pr.app_rank[q])) continue;
            int32_t c = pb->pairs.com[p];
            /* interns of c that c ranks strictly below a: past the last rank <= rank of a */
            int64_t lo = held_off[c], hi = held_off[c + 1];
            while (lo < hi) {
                int64_t mid = lo + (hi - lo) / 2;
                if (held_rank[mid] <= pr.com_rank[p]) lo = mid + 1;
                else hi = mid;
            }
            int64_t below = held_off[c + 1] - lo;
            m->envy_pairs += below;
            envious |= below > 0;
        }
        m->envious += envious;
    }
    if (verbose) {
        m->n_listed = m->blocking < MAX_LISTED ? m->blocking : MAX_LISTED;
        m->listed_app = mu_alloc((size_t)m->n_listed + 1, sizeof *m->listed_app, err);
        m->listed_com = mu_alloc((size_t)m->n_listed + 1, sizeof *m->listed_com, err);
        if (!m->listed_app || !m->listed_com) goto oom;
        for (int64_t i = 0; i < m->n_listed; i++) m->listed_app[i] = pr.pair_app[list[i]], m->listed_com[i] = pb->pairs.com[list[i]];
    }
    m->gini = gini(welfare, na);
    /* Group rates: --group-by first, then nationality, region and sector when present. */
    if ((opt && opt->group_by && add_groups(&gs, pb, opt->group_by, 0, app_com, err)) ||
        add_groups(&gs, pb, "nationality", 0, app_com, err) || add_groups(&gs, pb, "region", 1, app_com, err) ||
        add_groups(&gs, pb, "sector", 1, app_com, err))
        goto oom;
    m->groups = gs.g;
    m->n_groups = gs.n;
    gs.g = NULL;
    if (info && info->has_unconstrained) {
        m->has_unconstrained = 1;
        m->max_weight = info->unconstrained_weight;
    }
    *out = m;
    goto done;
oom:
    rc = MU_ENOMEM;
    mu_metrics_free(m);
done:
    free(app_pair), free(welfare), free(held_off), free(held_rank), free(list), free(gs.g);
    mu_prefs_free(&own);
    return rc;
}

int mu_solution_measure(mu_solution *sol, const mu_instance *inst, const mu_options *opt, mu_error *err) {
    MU_REQUIRE(sol && inst && opt);
    mu_metrics_free(sol->metrics);
    sol->metrics = NULL;
    if (!sol->has_assignment) return MU_OK;
    mu_problem pb;
    int rc = mu_problem_build(inst, &pb, err);
    if (rc) return rc;
    mu_policy_info info = {.has_unconstrained = sol->has_unconstrained,
                           .unconstrained_weight = sol->unconstrained_weight};
    rc = mu_metrics_compute(&pb, sol->app_com, opt, &info, &sol->metrics, err);
    mu_problem_free(&pb);
    return rc;
}
