/* Explanations of a solution, for the programme office that must answer
 * every applicant and host who asks why. The result is data (explain.h);
 * output/explain_text.c says it in sentences and JSON.
 *
 * An unplaced applicant is explained by its eligible pairs (model/instance.h):
 *   - none: ineligible everywhere, with every rule of the audit that
 *     excludes each host (mu_pair_exclusions), applicant-wide rules apart;
 *   - each eligible host is full: its seats went to interns, listed with
 *     their weight and the host's rank of them;
 *   - a host with a free seat is closed by a quota row at its maximum
 *     (mu_qrow_label names it) or by the host budget;
 *   - a host with a free seat and no quota in the way: the solution is not of
 *     maximum weight (or the pair weighs 0).
 * A host below capacity is explained by its eligible applicants: none (with
 * the audit's counts by rule), all placed elsewhere (where, at what weight),
 * or held back by a quota row or the host budget.
 * A placed applicant is explained by every host it ranks higher than its
 * placement (engine/prefs.h), and a host by every applicant it ranks above
 * its lowest-ranked intern: the first of, in order, a rule of the audit that
 * excludes the pair, the applicant's own preference for where it is (host
 * side), the host full with whom (applicant side), a quota row at its
 * maximum that the applicant's placement does not count in, the host budget,
 * else the weight: the total weight with that one move (the rest unchanged;
 * a full host's lowest-ranked intern giving way) less this solution's.
 *
 * What-ifs are facts found by re-solving, never inferences: the maximum
 * weight W0 of the instance as given, then, for every full host X, the
 * maximum weight with cap(X) + 1, for every quota with a row at its maximum,
 * with that quota's max + 1, and for a host budget bound that binds, with
 * that bound + 1. "One more seat at X places A" is said only when that
 * re-solve placed A, with its weight less W0. Ties between optima follow the
 * engines' deterministic rules, so the same re-solve gives the same answer
 * (tests/test_explain.c re-solves each claim). Re-solves run only on
 * instances small enough (mu_explain_opts); the result says when and why they
 * were skipped.
 *
 * Memory: every array the result points to comes from one arena (struct
 * mu_explain_mem, a chain of blocks) freed with the result; the working
 * arrays of the build (row index, re-solve assignments) are freed before
 * mu_explain returns. */
#include "analysis/explain.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "engine/hosts.h"
#include "model/lint.h"

void mu_explain_opts_init(mu_explain_opts *o) {
    memset(o, 0, sizeof *o);
    o->whatif = 1;
    o->max_pairs = 50000;
    o->max_resolves = 400;
    o->max_seconds = 120;
    o->max_listed = 0;
}

/* ---- the arena */

struct mu_explain_mem {
    struct mu_explain_mem *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
};

/* count x size zeroed bytes owned by ex; NULL (MU_ENOMEM in err) on failure. */
static void *take(mu_explanation *ex, size_t count, size_t size, mu_error *err) {
    if (size && count > (SIZE_MAX - 64) / size) {
        mu_err(err, MU_ENOMEM, "out of memory");
        return NULL;
    }
    const size_t align = alignof(max_align_t);
    size_t n = (count * size + align - 1) / align * align;
    if (n == 0) n = align;
    struct mu_explain_mem *m = ex->mem;
    if (!m || m->cap - m->used < n) {
        size_t cap = n > ((size_t)1 << 16) ? n : (size_t)1 << 16;
        if (!(m = mu_alloc(1, sizeof *m + cap, err))) return NULL;
        m->next = ex->mem, m->used = 0, m->cap = cap;
        ex->mem = m;
    }
    void *p = m->data + m->used;
    m->used += n;
    memset(p, 0, n);
    return p;
}

void mu_explanation_free(mu_explanation *ex) {
    if (!ex) return;
    mu_problem_free(&ex->pb);
    mu_prefs_free(&ex->pr);
    mu_diagnosis_free(&ex->infeasible);
    for (struct mu_explain_mem *m = ex->mem, *next; m; m = next) next = m->next, free(m);
    free(ex);
}

/* ---- the state of one build */

typedef struct ctx {
    mu_explanation *ex;
    mu_instance *inst; /* mutable: the what-ifs raise a bound and restore it */
    const mu_solution *sol;
    const mu_problem *pb;
    const mu_prefs *pr;
    int64_t *row_count;    /* [n_rows] placements counted by each quota row */
    int64_t *pair_row_off; /* [pairs.n + 1] the quota rows of each pair ... */
    int32_t *pair_row;     /* ... */
    uint8_t *covered;      /* [n_com] the host budget covers the host */
    int64_t *held_off;     /* [n_com + 1] each host's interns in held ... */
    mu_explain_holder *held;
    int32_t *base_app_com;     /* the maximum-weight assignment of the instance as given */
    int32_t **resolve_app_com; /* [n_resolves] each re-solve's assignment */
    mu_explain_resolve *resolves;
} ctx;

static int64_t pair_of(const ctx *x, int32_t a, int32_t c) { return c >= 0 ? mu_pairs_find(&x->pb->pairs, a, c) : -1; }

/* Is quota row r at its maximum in the solution? */
static int row_tight(const ctx *x, int32_t r) {
    return x->pb->rows[r].max != INT64_MAX && x->row_count[r] >= x->pb->rows[r].max;
}

/* The bound of the host budget that keeps one more intern from host c. */
static mu_explain_budget budget_block(const ctx *x, int32_t c) {
    const mu_hosts *h = &x->inst->hosts;
    const int32_t *filled = x->ex->filled;
    if (!h->given || !x->covered[c]) return MU_BUDGET_NONE;
    if (h->max_per_host != INT64_MAX && filled[c] >= h->max_per_host) return MU_BUDGET_MAX_PER_HOST;
    if (filled[c] == 0 && h->max_participating != INT64_MAX && x->ex->participating >= h->max_participating)
        return MU_BUDGET_MAX_PARTICIPATING;
    if (filled[c] == 0 && h->min_per_host > 1) return MU_BUDGET_MIN_PER_HOST;
    return MU_BUDGET_NONE;
}

/* Is quota row r among the rows of pair p (-1: no pair)? */
static int pair_in_row(const ctx *x, int64_t p, int32_t r) {
    for (int64_t k = p >= 0 ? x->pair_row_off[p] : 0; p >= 0 && k < x->pair_row_off[p + 1]; k++)
        if (x->pair_row[k] == r) return 1;
    return 0;
}

/* Would row r keep pair p out? At its maximum, and not counting pair own
 * (the applicant's placement, -1: none), which the move would leave. */
static int row_blocks(const ctx *x, int32_t r, int64_t own) { return row_tight(x, r) && !pair_in_row(x, own, r); }

/* The quota rows of pair p at their maximum, own's rows apart (tight_rows:
 * own -1), into the arena; their count in *n. */
static const int32_t *blocking_rows(ctx *x, int64_t p, int64_t own, int32_t *n, mu_error *err) {
    *n = 0;
    for (int64_t k = x->pair_row_off[p]; k < x->pair_row_off[p + 1]; k++) *n += row_blocks(x, x->pair_row[k], own);
    int32_t *rows = take(x->ex, (size_t)*n, sizeof *rows, err);
    if (!rows) return NULL;
    int32_t i = 0;
    for (int64_t k = x->pair_row_off[p]; k < x->pair_row_off[p + 1]; k++)
        if (row_blocks(x, x->pair_row[k], own)) rows[i++] = x->pair_row[k];
    return rows;
}

static const int32_t *tight_rows(ctx *x, int64_t p, int32_t *n, mu_error *err) {
    return blocking_rows(x, p, -1, n, err);
}

static int index_rows(ctx *x, mu_error *err) {
    mu_explanation *ex = x->ex;
    const mu_instance *inst = x->inst;
    const mu_problem *pb = x->pb;
    int64_t np = pb->pairs.n, nz = pb->row_off[pb->n_rows];
    x->pair_row_off = mu_calloc((size_t)np + 2, sizeof *x->pair_row_off, err);
    x->pair_row = mu_alloc((size_t)nz + 1, sizeof *x->pair_row, err);
    x->row_count = mu_calloc((size_t)pb->n_rows + 1, sizeof *x->row_count, err);
    x->covered = mu_calloc((size_t)inst->n_com + 1, 1, err);
    x->held_off = mu_calloc((size_t)inst->n_com + 2, sizeof *x->held_off, err);
    ex->filled = take(ex, (size_t)inst->n_com + 1, sizeof *ex->filled, err);
    int64_t *at = mu_alloc((size_t)np + 1, sizeof *at, err);
    if (!x->pair_row_off || !x->pair_row || !x->row_count || !x->covered || !x->held_off || !ex->filled || !at)
        return free(at), MU_ENOMEM;
    for (int64_t k = 0; k < nz; k++) x->pair_row_off[pb->row_pair[k] + 1]++;
    for (int64_t p = 0; p < np; p++) x->pair_row_off[p + 1] += x->pair_row_off[p];
    memcpy(at, x->pair_row_off, (size_t)np * sizeof *at);
    for (int32_t r = 0; r < pb->n_rows; r++)
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) x->pair_row[at[pb->row_pair[k]]++] = r;
    free(at);
    for (int32_t c = 0; c < inst->n_com; c++) x->covered[c] = (uint8_t)mu_hosts_covers(inst, c);
    ex->participating = mu_hosts_participating(inst, x->sol->app_com);
    for (int32_t a = 0; a < inst->n_app; a++) {
        int32_t c = x->sol->app_com[a];
        if (c < 0) continue;
        ex->placements++;
        ex->filled[c]++;
        int64_t p = pair_of(x, a, c);
        for (int64_t k = p >= 0 ? x->pair_row_off[p] : 0; p >= 0 && k < x->pair_row_off[p + 1]; k++)
            x->row_count[x->pair_row[k]]++;
    }
    /* each host's interns, applicants increasing, with the pair's weight and the host's rank */
    for (int32_t c = 0; c < inst->n_com; c++) x->held_off[c + 1] = x->held_off[c] + ex->filled[c];
    if (!(x->held = take(ex, (size_t)ex->placements, sizeof *x->held, err))) return MU_ENOMEM;
    int64_t *next = mu_alloc((size_t)inst->n_com + 1, sizeof *next, err);
    if (!next) return MU_ENOMEM;
    memcpy(next, x->held_off, (size_t)inst->n_com * sizeof *next);
    for (int32_t a = 0; a < inst->n_app; a++) {
        int32_t c = x->sol->app_com[a];
        if (c < 0) continue;
        int64_t q = pair_of(x, a, c);
        x->held[next[c]++] = (mu_explain_holder){a, q >= 0 ? x->pb->pairs.w[q] : 0, q >= 0 ? x->pr->com_rank[q] : 0};
    }
    free(next);
    return MU_OK;
}

/* Host c's interns (into *held, *n_held) and why they hold its seats
 * against a pair of this weight and host rank: ranked higher, heavier, both,
 * or neither for all (the total weight is larger that way). */
static mu_explain_held held_by(const ctx *x, int32_t c, int64_t weight, int32_t company_rank,
                               const mu_explain_holder **held, int32_t *n_held) {
    *held = x->held + x->held_off[c];
    *n_held = (int32_t)(x->held_off[c + 1] - x->held_off[c]);
    int more_weight = 1, ranked_higher = 1;
    for (int32_t k = 0; k < *n_held; k++) {
        more_weight &= (*held)[k].weight > weight;
        ranked_higher &= (*held)[k].company_rank < company_rank;
    }
    return ranked_higher && more_weight ? MU_HELD_RANKED_HIGHER_AND_HEAVIER
           : ranked_higher              ? MU_HELD_RANKED_HIGHER
           : more_weight                ? MU_HELD_HEAVIER
                                        : MU_HELD_TOTAL_WEIGHT;
}

/* ---- what-ifs */

static int resolve(ctx *x, int32_t *app_com, int64_t *weight, mu_status *status, mu_error *err) {
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    mu_solution *s = NULL;
    mu_error e1 = {0};
    int rc = mu_solve(x->inst, &opt, &s, &e1);
    if (rc == MU_ENOMEM) return mu_err(err, MU_ENOMEM, "%s", e1.msg);
    if (rc) { /* a solver failure: the what-if is unknown, not the explanation */
        *status = MU_STATUS_TIME_LIMIT;
        return MU_OK;
    }
    *status = s->status;
    *weight = s->objective;
    if (s->has_assignment) memcpy(app_com, s->app_com, (size_t)x->inst->n_app * sizeof *app_com);
    mu_solution_free(s);
    return MU_OK;
}

/* The bound a change raises by one (NULL: a seat). */
static int64_t *raised_bound(mu_instance *inst, const mu_explain_resolve *w) {
    return w->change == MU_CHANGE_QUOTA               ? &inst->quotas[w->target].max
           : w->change == MU_CHANGE_MAX_PARTICIPATING ? &inst->hosts.max_participating
           : w->change == MU_CHANGE_MAX_PER_HOST      ? &inst->hosts.max_per_host
                                                      : NULL;
}

static int run_whatifs(ctx *x, const mu_explain_opts *o, mu_error *err) {
    mu_explanation *ex = x->ex;
    mu_instance *inst = x->inst;
    if (!o->whatif) {
        ex->skip.why = MU_SKIP_NOT_ASKED;
        return MU_OK;
    }
    if (x->pb->pairs.n > o->max_pairs) {
        ex->skip.why = MU_SKIP_TOO_LARGE;
        ex->skip.pairs = x->pb->pairs.n;
        ex->skip.max_pairs = o->max_pairs;
        return MU_OK;
    }
    double t0 = mu_now();
    x->base_app_com = mu_alloc((size_t)inst->n_app + 1, sizeof *x->base_app_com, err);
    if (!x->base_app_com) return MU_ENOMEM;
    mu_status st;
    int rc = resolve(x, x->base_app_com, &ex->max_weight, &st, err);
    if (rc) return rc;
    if (st != MU_STATUS_OPTIMAL) {
        ex->skip.why = MU_SKIP_NOT_OPTIMAL;
        ex->skip.status = st;
        return MU_OK;
    }
    ex->whatif_computed = 1;
    /* Candidates: every full host (a seat elsewhere changes nothing), then
     * every quota with a row at its maximum, in index order, then the host
     * budget's bounds that bind. */
    size_t most = (size_t)inst->n_com + (size_t)inst->n_quotas + 3;
    mu_explain_resolve *cand = take(ex, most, sizeof *cand, err);
    uint8_t *qtight = mu_calloc((size_t)inst->n_quotas + 1, 1, err);
    x->resolve_app_com = mu_calloc(most, sizeof *x->resolve_app_com, err);
    if (!cand || !qtight || !x->resolve_app_com) return free(qtight), MU_ENOMEM;
    int32_t ncand = 0;
    for (int32_t c = 0; c < inst->n_com; c++)
        if (inst->com[c].capacity > 0 && ex->filled[c] >= inst->com[c].capacity)
            cand[ncand++] = (mu_explain_resolve){
                .change = MU_CHANGE_SEAT, .target = c, .bound = (int64_t)inst->com[c].capacity + 1};
    for (int32_t r = 0; r < x->pb->n_rows; r++)
        if (row_tight(x, r)) qtight[x->pb->rows[r].quota] = 1;
    for (int32_t q = 0; q < inst->n_quotas; q++)
        if (qtight[q])
            cand[ncand++] =
                (mu_explain_resolve){.change = MU_CHANGE_QUOTA, .target = q, .bound = inst->quotas[q].max + 1};
    free(qtight);
    const mu_hosts *hb = &inst->hosts;
    int per_host_tight = 0;
    for (int32_t c = 0; c < inst->n_com && hb->given && hb->max_per_host != INT64_MAX; c++)
        per_host_tight |= x->covered[c] && ex->filled[c] >= hb->max_per_host;
    if (hb->given && hb->max_participating != INT64_MAX && ex->participating >= hb->max_participating)
        cand[ncand++] = (mu_explain_resolve){
            .change = MU_CHANGE_MAX_PARTICIPATING, .target = -1, .bound = hb->max_participating + 1};
    if (per_host_tight)
        cand[ncand++] =
            (mu_explain_resolve){.change = MU_CHANGE_MAX_PER_HOST, .target = -1, .bound = hb->max_per_host + 1};
    x->resolves = cand;
    ex->resolves = cand;
    for (int32_t k = 0; k < ncand && !rc; k++) {
        if (k >= o->max_resolves || mu_now() - t0 > o->max_seconds) {
            ex->skip.why = MU_SKIP_BUDGET;
            ex->skip.done = k;
            ex->skip.candidates = ncand;
            ex->skip.max_resolves = o->max_resolves;
            ex->skip.max_seconds = o->max_seconds;
            break;
        }
        mu_explain_resolve *w = &cand[ex->n_resolves++];
        int32_t *app_com = x->resolve_app_com[k] = mu_alloc((size_t)inst->n_app + 1, sizeof *app_com, err);
        if (!app_com) return MU_ENOMEM;
        int64_t *bound = raised_bound(inst, w);
        if (bound) ++*bound;
        else inst->com[w->target].capacity++;
        rc = resolve(x, app_com, &w->weight, &w->status, err);
        if (bound) --*bound;
        else inst->com[w->target].capacity--;
        w->solved = !rc && w->status == MU_STATUS_OPTIMAL;
    }
    if (rc) return rc;
    /* each re-solve's effect: whom it places, whom it displaces */
    for (int32_t k = 0; k < ex->n_resolves; k++) {
        mu_explain_resolve *w = &cand[k];
        const int32_t *app_com = x->resolve_app_com[k];
        if (!w->solved) continue;
        w->weight_delta = w->weight - ex->max_weight;
        for (int32_t a = 0; a < inst->n_app; a++) {
            w->n_placed += x->sol->app_com[a] < 0 && app_com[a] >= 0;
            w->n_displaced += x->base_app_com[a] >= 0 && app_com[a] < 0;
            w->n_moved += x->sol->app_com[a] >= 0 && app_com[a] >= 0 && app_com[a] != x->sol->app_com[a];
            w->n_left += x->sol->app_com[a] >= 0 && app_com[a] < 0;
        }
        int32_t *placed = take(ex, (size_t)w->n_placed, sizeof *placed, err);
        int32_t *placed_at = take(ex, (size_t)w->n_placed, sizeof *placed_at, err);
        int32_t *displaced = take(ex, (size_t)w->n_displaced, sizeof *displaced, err);
        int32_t *moved = take(ex, (size_t)w->n_moved, sizeof *moved, err);
        int32_t *moved_from = take(ex, (size_t)w->n_moved, sizeof *moved_from, err);
        int32_t *moved_to = take(ex, (size_t)w->n_moved, sizeof *moved_to, err);
        int32_t *left = take(ex, (size_t)w->n_left, sizeof *left, err);
        if (!placed || !placed_at || !displaced || !moved || !moved_from || !moved_to || !left) return MU_ENOMEM;
        int32_t i = 0, j = 0, m = 0, l = 0;
        for (int32_t a = 0; a < inst->n_app; a++) {
            int32_t was = x->sol->app_com[a], now = app_com[a];
            if (was < 0 && now >= 0) placed[i] = a, placed_at[i++] = now;
            if (x->base_app_com[a] >= 0 && now < 0) displaced[j++] = a;
            if (was >= 0 && now >= 0 && now != was) moved[m] = a, moved_from[m] = was, moved_to[m++] = now;
            if (was >= 0 && now < 0) left[l++] = a;
        }
        w->placed = placed, w->placed_at = placed_at, w->displaced = displaced;
        w->moved = moved, w->moved_from = moved_from, w->moved_to = moved_to, w->left = left;
    }
    return MU_OK;
}

/* The what-if of unplaced applicant a (explain.h says which re-solve). */
static mu_explain_whatif whatif_of(const ctx *x, int32_t a) {
    const mu_explanation *ex = x->ex;
    mu_explain_whatif wi = {.kind = MU_WHATIF_NOT_COMPUTED, .resolve = -1, .company = -1};
    if (!ex->whatif_computed) return wi;
    if (x->base_app_com[a] >= 0) {
        wi.kind = MU_WHATIF_NO_CHANGE;
        wi.company = x->base_app_com[a];
        wi.weight_delta = ex->max_weight - x->sol->objective;
        return wi;
    }
    for (int kind = MU_CHANGE_SEAT; kind <= MU_CHANGE_MAX_PER_HOST; kind++) {
        int32_t best = -1, count = 0;
        for (int32_t k = 0; k < ex->n_resolves; k++) {
            const mu_explain_resolve *w = &x->resolves[k];
            const int32_t *at = x->resolve_app_com[k];
            if ((int)w->change != kind || !w->solved || at[a] < 0) continue;
            count++;
            if (best < 0) {
                best = k;
                continue;
            }
            const mu_explain_resolve *b = &x->resolves[best];
            int here_w = kind == MU_CHANGE_SEAT && at[a] == w->target;
            int here_b = kind == MU_CHANGE_SEAT && x->resolve_app_com[best][a] == b->target;
            if (here_w > here_b || (here_w == here_b && w->weight > b->weight)) best = k;
        }
        if (best < 0) continue;
        wi.kind = MU_WHATIF_CHANGE;
        wi.resolve = best;
        wi.company = x->resolve_app_com[best][a];
        wi.weight_delta = x->resolves[best].weight_delta;
        wi.alternatives = count - 1;
        return wi;
    }
    wi.kind = MU_WHATIF_NONE_FOUND;
    return wi;
}

/* ---- unplaced applicants */

/* Ineligible everywhere: the applicant-wide rules, and every host with the
 * rules beyond them. */
static int explain_ineligible(ctx *x, int32_t a, mu_explain_applicant *u, mu_error *err) {
    const mu_instance *inst = x->inst;
    u->reason = MU_WHY_INELIGIBLE;
    u->own_rules = inst->app_fail[a];
    int32_t n = 0;
    for (int32_t c = 0; c < inst->n_com; c++) n += (mu_pair_exclusions(inst, a, c) & ~u->own_rules) != 0;
    mu_explain_exclusion *e = take(x->ex, (size_t)n, sizeof *e, err);
    if (!e) return MU_ENOMEM;
    for (int32_t c = 0, i = 0; c < inst->n_com; c++) {
        uint32_t m = mu_pair_exclusions(inst, a, c) & ~u->own_rules;
        if (m) e[i++] = (mu_explain_exclusion){c, m};
    }
    u->excluded = e;
    u->n_excluded = n;
    return MU_OK;
}

static int explain_applicant(ctx *x, int32_t a, mu_explain_applicant *u, mu_error *err) {
    const mu_instance *inst = x->inst;
    const mu_pairs *pp = &x->pb->pairs;
    const int32_t *filled = x->ex->filled;
    u->applicant = a;
    int64_t lo = pp->app_off[a], hi = pp->app_off[a + 1];
    if (lo == hi) return explain_ineligible(x, a, u, err);
    /* Quota rows at their maximum that close every eligible host. */
    int32_t common[8], n_common = 0;
    for (int64_t k = x->pair_row_off[lo]; k < x->pair_row_off[lo + 1] && n_common < 8; k++) {
        int32_t r = x->pair_row[k];
        int everywhere = row_tight(x, r);
        for (int64_t p = lo + 1; p < hi && everywhere; p++) {
            int in = 0;
            for (int64_t q = x->pair_row_off[p]; q < x->pair_row_off[p + 1] && !in; q++) in = x->pair_row[q] == r;
            everywhere = in;
        }
        if (everywhere) common[n_common++] = r;
    }
    int32_t *cm = take(x->ex, (size_t)n_common, sizeof *cm, err);
    mu_explain_option *opts = take(x->ex, (size_t)(hi - lo), sizeof *opts, err);
    if (!cm || !opts) return MU_ENOMEM;
    memcpy(cm, common, (size_t)n_common * sizeof *cm);
    int n_full = 0, n_quota = 0, n_open = 0, n_zero = 0;
    for (int64_t p = lo; p < hi; p++) {
        int32_t c = pp->com[p];
        mu_explain_option *h = &opts[p - lo];
        h->company = c;
        h->weight = pp->w[p];
        h->applicant_rank = x->pr->app_rank[p];
        h->company_rank = x->pr->com_rank[p];
        h->capacity = inst->com[c].capacity;
        h->filled = filled[c];
        if (!(h->rows = tight_rows(x, p, &h->n_rows, err))) return MU_ENOMEM;
        int full = filled[c] >= inst->com[c].capacity;
        h->budget = full ? MU_BUDGET_NONE : budget_block(x, c);
        if (h->budget) {
            h->seat = MU_SEAT_HOST_BUDGET;
            n_quota++;
        } else if (full) {
            h->seat = MU_SEAT_FULL;
            n_full++;
            n_quota += h->n_rows > 0;
            h->why = held_by(x, c, h->weight, h->company_rank, &h->held, &h->n_held);
        } else if (h->n_rows) {
            h->seat = MU_SEAT_QUOTA;
            n_quota++;
        } else {
            h->seat = MU_SEAT_OPEN;
            if (h->weight == 0) n_zero++;
            else n_open++;
        }
    }
    /* "quota" covers the host budget too: both are programme limits beyond seats */
    u->reason = n_open              ? MU_WHY_NOT_MAXIMUM_WEIGHT
                : n_zero            ? MU_WHY_ZERO_WEIGHT
                : n_quota && n_full ? MU_WHY_HOSTS_FULL_OR_QUOTA
                : n_quota           ? MU_WHY_QUOTA
                                    : MU_WHY_HOSTS_FULL;
    u->options = opts;
    u->n_options = (int32_t)(hi - lo);
    u->common = cm;
    u->n_common = n_common;
    u->has_whatif = 1;
    u->whatif = whatif_of(x, a);
    return MU_OK;
}

/* ---- hosts below capacity */

static int explain_host(ctx *x, int32_t c, mu_explain_host *h, mu_error *err) {
    const mu_instance *inst = x->inst;
    const mu_pairs *pp = &x->pb->pairs;
    const mu_prefs *pr = x->pr;
    h->company = c;
    h->capacity = inst->com[c].capacity;
    h->filled = x->ex->filled[c];
    h->budget = budget_block(x, c);
    int64_t lo = pr->com_off[c], hi = pr->com_off[c + 1];
    mu_explain_candidate *e = take(x->ex, (size_t)(hi - lo), sizeof *e, err);
    if (!e) return MU_ENOMEM;
    int32_t elsewhere = 0, blocked = 0, open = 0;
    for (int64_t k = lo; k < hi; k++) { /* the host's pairs, applicants increasing */
        int64_t p = pr->com_pair[k];
        int32_t a = pr->pair_app[p], at = x->sol->app_com[a];
        mu_explain_candidate *d = &e[k - lo];
        d->applicant = a;
        d->weight_here = pp->w[p];
        d->placed_at = at;
        if (at == c) {
            d->fate = MU_FATE_HERE;
            continue;
        }
        if (at >= 0) {
            elsewhere++;
            d->fate = MU_FATE_ELSEWHERE;
            d->weight_there = x->sol->app_w[a];
            continue;
        }
        if (!(d->rows = tight_rows(x, p, &d->n_rows, err))) return MU_ENOMEM;
        if (d->n_rows) blocked++, d->fate = MU_FATE_QUOTA;
        else if (h->budget) blocked++, d->fate = MU_FATE_HOST_BUDGET;
        else open++, d->fate = MU_FATE_OPEN;
    }
    h->eligible = e;
    h->n_eligible = (int32_t)(hi - lo);
    if (h->n_eligible == 0) {
        h->reason = MU_EMPTY_NO_ELIGIBLE;
        for (int32_t a = 0; a < inst->n_app; a++) {
            uint32_t m = mu_pair_exclusions(inst, a, c);
            for (int bit = 0; bit < MU_RULE_COUNT; bit++) h->excluded_by[bit] += (m >> bit) & 1u;
        }
    } else {
        h->reason = open                   ? MU_EMPTY_NOT_MAXIMUM_WEIGHT
                    : blocked && elsewhere ? MU_EMPTY_PLACED_ELSEWHERE_OR_QUOTA
                    : blocked              ? (h->budget ? MU_EMPTY_HOST_BUDGET : MU_EMPTY_QUOTA)
                                           : MU_EMPTY_PLACED_ELSEWHERE;
    }
    return MU_OK;
}

/* ---- placed applicants and hosts, against their own rankings */

/* The 1-based position of e in row i of rows; 0 when absent. */
static int32_t list_pos(const mu_rows *rows, int32_t i, int32_t e) {
    for (int64_t k = rows->off[i]; k < rows->off[i + 1]; k++)
        if (rows->item[k] == e) return (int32_t)(k - rows->off[i] + 1);
    return 0;
}

/* The host budget's bound that keeps applicant a (placed at `from`, -1:
 * unplaced) from moving to host c: a host that a leaves empty no longer takes
 * part, so max_participating does not bind then. */
static mu_explain_budget budget_move(const ctx *x, int32_t c, int32_t from) {
    mu_explain_budget b = budget_block(x, c);
    if (b == MU_BUDGET_MAX_PARTICIPATING && from >= 0 && x->covered[from] && x->ex->filled[from] == 1)
        return MU_BUDGET_NONE;
    return b;
}

/* Why pair (a, c) is not in the solution. host_side: c asks about a (a's own
 * preference for where it is counts); else a asks about c (c's seats count).
 * gives_way: host side, a full host's lowest-ranked intern. */
static int explain_pair(ctx *x, int32_t a, int32_t c, int host_side, int32_t gives_way, mu_explain_higher *h,
                        mu_error *err) {
    const mu_instance *inst = x->inst;
    const mu_explanation *ex = x->ex;
    int32_t at = x->sol->app_com[a];
    int64_t p = pair_of(x, a, c), own = pair_of(x, a, at);
    h->applicant = a;
    h->company = c;
    h->capacity = inst->com[c].capacity;
    h->filled = ex->filled[c];
    h->placed_at = at;
    h->rank_there = own >= 0 ? x->pr->app_rank[own] : 0;
    h->weight_there = own >= 0 ? x->pb->pairs.w[own] : 0;
    h->gives_way = -1;
    if (p < 0) {
        h->why = MU_NOT_RULE;
        h->rules = mu_pair_exclusions(inst, a, c);
        h->applicant_rank = list_pos(&inst->app_pref, a, c);
        h->company_rank = list_pos(&inst->com_pref, c, a);
        return MU_OK;
    }
    h->weight = x->pb->pairs.w[p];
    h->applicant_rank = x->pr->app_rank[p];
    h->company_rank = x->pr->com_rank[p];
    if (!(h->rows = blocking_rows(x, p, own, &h->n_rows, err))) return MU_ENOMEM;
    int full = ex->filled[c] >= inst->com[c].capacity;
    if (host_side && own >= 0 && h->rank_there < h->applicant_rank) {
        h->why = MU_NOT_PREFERS;
    } else if (!host_side && full) {
        h->why = MU_NOT_FULL;
        h->held_why = held_by(x, c, h->weight, h->company_rank, &h->held, &h->n_held);
    } else if (h->n_rows) {
        h->why = MU_NOT_QUOTA;
    } else if ((h->budget = full ? MU_BUDGET_NONE : budget_move(x, c, at))) {
        h->why = MU_NOT_HOST_BUDGET;
    } else {
        h->why = MU_NOT_WEIGHT;
        h->gives_way = full ? gives_way : -1;
        int64_t lost = 0;
        if (h->gives_way >= 0) {
            int64_t q = pair_of(x, h->gives_way, c);
            lost = q >= 0 ? x->pb->pairs.w[q] : 0;
        }
        h->weight_change = h->weight - h->weight_there - lost;
    }
    return MU_OK;
}

static int by_applicant_rank(const void *l, const void *r) {
    const mu_explain_higher *a = l, *b = r;
    if (a->applicant_rank != b->applicant_rank) return a->applicant_rank < b->applicant_rank ? -1 : 1;
    return (a->company > b->company) - (a->company < b->company);
}

static int by_company_rank(const void *l, const void *r) {
    const mu_explain_higher *a = l, *b = r;
    if (a->company_rank != b->company_rank) return a->company_rank < b->company_rank ? -1 : 1;
    return (a->applicant > b->applicant) - (a->applicant < b->applicant);
}

/* Placed applicant a: every host it ranks higher than its placement (its
 * list's earlier entries, eligible or not; without a list, the eligible
 * pairs of a larger weight). */
static int explain_placed(ctx *x, int32_t a, mu_explain_placed *pl, mu_error *err) {
    const mu_instance *inst = x->inst;
    const mu_pairs *pp = &x->pb->pairs;
    int32_t c0 = x->sol->app_com[a];
    int64_t own = pair_of(x, a, c0);
    pl->applicant = a;
    pl->company = c0;
    pl->weight = x->sol->app_w[a];
    pl->rank = own >= 0 ? x->pr->app_rank[own] : 0;
    int64_t lo = inst->app_pref.off[a], hi = inst->app_pref.off[a + 1];
    int listed = hi > lo;
    int32_t n = 0;
    if (listed)
        for (int64_t k = lo; k < hi && k - lo + 1 < pl->rank; k++) n += inst->app_pref.item[k] != c0;
    else
        for (int64_t q = pp->app_off[a]; q < pp->app_off[a + 1]; q++) n += x->pr->app_rank[q] < pl->rank;
    mu_explain_higher *h = take(x->ex, (size_t)n, sizeof *h, err);
    if (!h) return MU_ENOMEM;
    int32_t i = 0;
    int rc = MU_OK;
    if (listed)
        for (int64_t k = lo; k < hi && k - lo + 1 < pl->rank && !rc; k++) {
            if (inst->app_pref.item[k] == c0) continue;
            rc = explain_pair(x, a, inst->app_pref.item[k], 0, -1, &h[i], err);
            h[i++].applicant_rank = (int32_t)(k - lo + 1);
        }
    else
        for (int64_t q = pp->app_off[a]; q < pp->app_off[a + 1] && !rc; q++)
            if (x->pr->app_rank[q] < pl->rank) rc = explain_pair(x, a, pp->com[q], 0, -1, &h[i++], err);
    if (rc) return rc;
    qsort(h, (size_t)n, sizeof *h, by_applicant_rank);
    pl->higher = h;
    pl->n_higher = n;
    return MU_OK;
}

/* Host c: every applicant it ranks above its lowest-ranked intern that is
 * not its intern (its list's earlier entries, eligible or not; without a
 * list, eligible applicants of a larger weight). */
static int explain_ranked(ctx *x, int32_t c, mu_explain_ranked *rk, mu_error *err) {
    const mu_instance *inst = x->inst;
    const mu_prefs *pr = x->pr;
    rk->company = c;
    rk->capacity = inst->com[c].capacity;
    rk->filled = x->ex->filled[c];
    rk->lowest = -1;
    /* the lowest-ranked intern: the largest rank, then the lighter pair, then the later applicant */
    const mu_explain_holder *held = x->held + x->held_off[c], *low = NULL;
    for (int64_t k = 0; k < x->held_off[c + 1] - x->held_off[c]; k++)
        if (!low || held[k].company_rank > low->company_rank ||
            (held[k].company_rank == low->company_rank && held[k].weight <= low->weight))
            low = &held[k];
    if (!low) return MU_OK;
    rk->lowest = low->applicant;
    rk->lowest_rank = low->company_rank;
    int32_t gives_way = rk->filled >= rk->capacity ? rk->lowest : -1;
    int64_t lo = inst->com_pref.off[c], hi = inst->com_pref.off[c + 1];
    int listed = hi > lo;
    int32_t n = 0;
    if (listed)
        for (int64_t k = lo; k < hi && k - lo + 1 < rk->lowest_rank; k++)
            n += x->sol->app_com[inst->com_pref.item[k]] != c;
    else
        for (int64_t k = pr->com_off[c]; k < pr->com_off[c + 1]; k++) {
            int64_t p = pr->com_pair[k];
            n += pr->com_rank[p] < rk->lowest_rank && x->sol->app_com[pr->pair_app[p]] != c;
        }
    mu_explain_higher *h = take(x->ex, (size_t)n, sizeof *h, err);
    if (!h) return MU_ENOMEM;
    int32_t i = 0;
    int rc = MU_OK;
    if (listed)
        for (int64_t k = lo; k < hi && k - lo + 1 < rk->lowest_rank && !rc; k++) {
            int32_t a = inst->com_pref.item[k];
            if (x->sol->app_com[a] == c) continue;
            rc = explain_pair(x, a, c, 1, gives_way, &h[i], err);
            h[i++].company_rank = (int32_t)(k - lo + 1);
        }
    else
        for (int64_t k = pr->com_off[c]; k < pr->com_off[c + 1] && !rc; k++) {
            int64_t p = pr->com_pair[k];
            int32_t a = pr->pair_app[p];
            if (pr->com_rank[p] < rk->lowest_rank && x->sol->app_com[a] != c)
                rc = explain_pair(x, a, c, 1, gives_way, &h[i++], err);
        }
    if (rc) return rc;
    qsort(h, (size_t)n, sizeof *h, by_company_rank);
    rk->higher = h;
    rk->n_higher = n;
    return MU_OK;
}

/* ---- the result */

/* An infeasible solution is explained by the constraints that conflict: the
 * diagnosis of mu_solve (engine/diagnose.c), run again on the instance, on
 * its own problem (with the host budget's rows, which it never relaxes). */
static int diagnose(const mu_instance *inst, mu_diagnosis *d, mu_error *err) {
    mu_problem pb;
    int32_t n_open = 0;
    int rc = mu_problem_build(inst, &pb, err);
    if (rc) return rc;
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    if (!(inst->hosts.given && (rc = mu_hosts_formulate(&pb, &n_open, err)))) rc = mu_diagnose(&pb, &opt, 10.0, d, err);
    mu_problem_free(&pb);
    return rc;
}

static int build(ctx *x, const mu_explain_opts *o, int32_t only_a, int32_t only_c, mu_error *err) {
    mu_explanation *ex = x->ex;
    const mu_instance *inst = x->inst;
    const mu_solution *sol = x->sol;
    int rc = mu_problem_build(inst, &ex->pb, err);
    if (rc) return rc;
    x->pb = &ex->pb;
    x->pr = &ex->pr;
    if ((rc = mu_prefs_build(&ex->pb, &ex->pr, err)) || (rc = index_rows(x, err))) return rc;
    int any_unplaced = 0;
    for (int32_t a = 0; a < inst->n_app && sol->has_assignment; a++)
        any_unplaced |= sol->app_com[a] < 0 && (only_a < 0 || a == only_a) && only_c < 0 &&
                        ex->pb.pairs.app_off[a + 1] > ex->pb.pairs.app_off[a];
    if (!o->company && any_unplaced && (rc = run_whatifs(x, o, err))) return rc;
    if (!any_unplaced && sol->has_assignment && !o->company && !o->applicant) ex->skip.why = MU_SKIP_NOTHING_TO_PLACE;
    ex->placed_applicant = ex->full_company = -1;
    if (!sol->has_assignment) only_a = only_c = -2; /* no placement to explain */
    if (sol->status == MU_STATUS_INFEASIBLE && (rc = diagnose(inst, &ex->infeasible, err))) return rc;
    ex->counted = o->max_listed > 0;
    /* the unplaced: counted, then explained up to max_listed */
    int32_t n = 0;
    for (int32_t a = 0; a < inst->n_app && only_c == -1; a++)
        if (sol->app_com[a] < 0 && (only_a < 0 || a == only_a)) ex->unplaced_total++;
    n = ex->counted && ex->unplaced_total > o->max_listed ? o->max_listed : ex->unplaced_total;
    mu_explain_applicant *un = take(ex, (size_t)n, sizeof *un, err);
    if (!un) return MU_ENOMEM;
    for (int32_t a = 0; a < inst->n_app && only_c == -1 && ex->n_unplaced < n; a++)
        if (sol->app_com[a] < 0 && (only_a < 0 || a == only_a) &&
            (rc = explain_applicant(x, a, &un[ex->n_unplaced++], err)))
            return rc;
    ex->unplaced = un;
    if (only_a >= 0 && sol->app_com[only_a] >= 0) ex->placed_applicant = only_a;
    /* hosts below capacity, likewise */
    for (int32_t c = 0; c < inst->n_com && only_a == -1; c++)
        if (ex->filled[c] < inst->com[c].capacity && (only_c < 0 || c == only_c)) ex->hosts_total++;
    n = ex->counted && ex->hosts_total > o->max_listed ? o->max_listed : ex->hosts_total;
    mu_explain_host *hb = take(ex, (size_t)n, sizeof *hb, err);
    if (!hb) return MU_ENOMEM;
    for (int32_t c = 0; c < inst->n_com && only_a == -1 && ex->n_hosts < n; c++)
        if (ex->filled[c] < inst->com[c].capacity && (only_c < 0 || c == only_c) &&
            (rc = explain_host(x, c, &hb[ex->n_hosts++], err)))
            return rc;
    ex->hosts = hb;
    if (only_c >= 0 && ex->filled[only_c] >= inst->com[only_c].capacity) ex->full_company = only_c;
    /* placed applicants against their rankings: the one asked about, or everyone */
    int all = o->everyone && only_a == -1 && only_c == -1;
    n = 0;
    for (int32_t a = 0; a < inst->n_app && sol->has_assignment; a++) n += sol->app_com[a] >= 0 && (a == only_a || all);
    mu_explain_placed *pl = take(ex, (size_t)n, sizeof *pl, err);
    if (!pl) return MU_ENOMEM;
    for (int32_t a = 0; a < inst->n_app && ex->n_placed < n; a++)
        if (sol->app_com[a] >= 0 && (a == only_a || all) && (rc = explain_placed(x, a, &pl[ex->n_placed++], err)))
            return rc;
    ex->placed = pl;
    /* hosts against their rankings, likewise */
    n = 0;
    for (int32_t c = 0; c < inst->n_com && sol->has_assignment; c++) n += c == only_c || all;
    mu_explain_ranked *rk = take(ex, (size_t)n, sizeof *rk, err);
    if (!rk) return MU_ENOMEM;
    for (int32_t c = 0; c < inst->n_com && ex->n_ranked < n; c++)
        if ((c == only_c || all) && (rc = explain_ranked(x, c, &rk[ex->n_ranked++], err))) return rc;
    ex->ranked = rk;
    return MU_OK;
}

int mu_explain(mu_instance *inst, const mu_solution *sol, const mu_explain_opts *o, mu_explanation **out,
               mu_error *err) {
    MU_REQUIRE(inst && sol && o && out);
    *out = NULL;
    int32_t only_a = -1, only_c = -1;
    char hint[MU_MAX_ID_BYTES + 32];
    if (o->applicant && (only_a = mu_sym_find(&inst->app_ids, o->applicant)) < 0) {
        mu_lint_id_hint(inst, 1, o->applicant, hint, sizeof hint);
        return mu_err(err, MU_EINPUT, "--applicant: no applicant of %s has the id \"%.60s\"%s", inst->path,
                      o->applicant, hint);
    }
    if (o->company && (only_c = mu_sym_find(&inst->com_ids, o->company)) < 0) {
        mu_lint_id_hint(inst, 0, o->company, hint, sizeof hint);
        return mu_err(err, MU_EINPUT, "--company: no company of %s has the id \"%.60s\"%s", inst->path, o->company,
                      hint);
    }
    mu_explanation *ex = mu_calloc(1, sizeof *ex, err);
    if (!ex) return MU_ENOMEM;
    ex->inst = inst;
    ex->sol = sol;
    ctx x = {.ex = ex, .inst = inst, .sol = sol};
    int rc = build(&x, o, only_a, only_c, err);
    free(x.row_count), free(x.pair_row_off), free(x.pair_row), free(x.covered), free(x.held_off), free(x.base_app_com);
    for (int32_t k = 0; x.resolve_app_com && k < ex->n_resolves; k++) free(x.resolve_app_com[k]);
    free(x.resolve_app_com);
    if (rc) mu_explanation_free(ex);
    else *out = ex;
    return rc;
}

/* The entry keyed KEY in N records of SIZE bytes sorted by the int32_t at
 * byte offset OFF, or NULL: one binary search for the four lookups below. */
static const void *find_sorted(const void *base, int32_t n, size_t size, size_t off, int32_t key) {
    const char *b = base;
    int32_t lo = 0, hi = n;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2, k;
        memcpy(&k, b + (size_t)mid * size + off, sizeof k);
        if (k < key) lo = mid + 1;
        else hi = mid;
    }
    if (lo == n) return NULL;
    int32_t k;
    memcpy(&k, b + (size_t)lo * size + off, sizeof k);
    return k == key ? b + (size_t)lo * size : NULL;
}

const mu_explain_applicant *mu_explain_find_applicant(const mu_explanation *ex, int32_t a) {
    return find_sorted(ex->unplaced, ex->n_unplaced, sizeof *ex->unplaced, offsetof(mu_explain_applicant, applicant),
                       a);
}

const mu_explain_host *mu_explain_find_host(const mu_explanation *ex, int32_t c) {
    return find_sorted(ex->hosts, ex->n_hosts, sizeof *ex->hosts, offsetof(mu_explain_host, company), c);
}

const mu_explain_placed *mu_explain_find_placed(const mu_explanation *ex, int32_t a) {
    return find_sorted(ex->placed, ex->n_placed, sizeof *ex->placed, offsetof(mu_explain_placed, applicant), a);
}

const mu_explain_ranked *mu_explain_find_ranked(const mu_explanation *ex, int32_t c) {
    return find_sorted(ex->ranked, ex->n_ranked, sizeof *ex->ranked, offsetof(mu_explain_ranked, company), c);
}
