/* Explanations of a solution, for the programme office that must answer
 * every applicant and host who asks why.
 *
 * An unplaced applicant is explained by its eligible pairs (model/instance.h):
 *   - none: ineligible everywhere, with every rule of the audit that
 *     excludes each host (mu_pair_exclusions), applicant-wide rules first;
 *   - each eligible host is full: its seats went to interns named with their
 *     weight and the host's rank of them;
 *   - a host with a free seat is closed by a quota row at its maximum
 *     (named by mu_qrow_label);
 *   - a host with a free seat and no quota in the way: the solution is not of
 *     maximum weight (or the pair weighs 0), said as such.
 * A host below capacity is explained by its eligible applicants: none (with
 * the audit's counts by rule), all placed elsewhere (where, at what weight),
 * or held back by a quota row.
 *
 * What-ifs are facts found by re-solving, never inferences: the maximum
 * weight W0 of the instance as given, then, for every full host X, the
 * maximum weight with cap(X) + 1, and for every quota with a row at its
 * maximum, with that quota's max + 1. "One more seat at X places A" is said
 * only when that re-solve placed A, with its weight less W0. Ties between
 * optima follow the engines' deterministic rules, so the same re-solve gives
 * the same answer (tests/test_explain.c re-solves each claim). Re-solves run
 * only on instances small enough (mu_explain_opts), and the document says
 * when and why they were skipped. */
#include "analysis/explain.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine/hosts.h"
#include "engine/prefs.h"
#include "engine/problem.h"

#define MAX_NAMED 12 /* hosts or interns named in one sentence */

void mu_explain_opts_init(mu_explain_opts *o) {
    memset(o, 0, sizeof *o);
    o->whatif = 1;
    o->max_pairs = 50000;
    o->max_resolves = 400;
    o->max_seconds = 120;
    o->max_listed = 0;
}

/* ---- text helpers */

typedef struct sbuf {
    char s[4096];
    size_t n;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...) {
    if (b->n + 1 >= sizeof b->s) return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
    va_end(ap);
    if (k > 0) b->n = b->n + (size_t)k < sizeof b->s ? b->n + (size_t)k : sizeof b->s - 1;
}

static const char *ordinal(int32_t r, char *buf, size_t n) {
    const char *suf = "th";
    if (r % 100 < 11 || r % 100 > 13) suf = r % 10 == 1 ? "st" : r % 10 == 2 ? "nd" : r % 10 == 3 ? "rd" : "th";
    snprintf(buf, n, "%d%s", r, suf);
    return buf;
}

static const char *english_or_none(int lv) { return lv > 0 ? mu_english_name(lv) : "none"; }

/* The audit's rule `bit` for (a, c) in words, with the values involved. */
static void rule_detail(const mu_instance *inst, int bit, int32_t a, int32_t c, sbuf *b) {
    const mu_applicant *ap = &inst->app[a];
    const mu_rules *r = &inst->rules;
    const mu_company *co = c >= 0 ? &inst->com[c] : NULL;
    switch (bit) {
    case MU_RULE_BIT_NATIONALITY:
        if (ap->nationality < 0) sb_printf(b, "no nationality given, and the programme admits listed nationalities only");
        else sb_printf(b, "nationality %s is not in the programme's eligible list", inst->syms.str[ap->nationality]);
        return;
    case MU_RULE_BIT_AGE:
        if (ap->age < 0) sb_printf(b, "no age given, and the programme has an age window (%d-%d)", r->age_min, r->age_max);
        else sb_printf(b, "age %d is outside the programme's window (%d-%d)", ap->age, r->age_min, r->age_max);
        return;
    case MU_RULE_BIT_LANGUAGE:
        sb_printf(b, "language (JLPT %s, English %s) below the programme's minimum (", ap->jlpt ? mu_jlpt_name(ap->jlpt) : "none",
                  english_or_none(ap->english));
        if (r->lang_jlpt) sb_printf(b, "JLPT %s", mu_jlpt_name(r->lang_jlpt));
        if (r->lang_jlpt && r->lang_english) sb_printf(b, " or ");
        if (r->lang_english) sb_printf(b, "English %s", mu_english_name(r->lang_english));
        sb_printf(b, ")");
        return;
    case MU_RULE_BIT_COMPANY_LANGUAGE:
        sb_printf(b, "language (JLPT %s, English %s) below the host's requirement (", ap->jlpt ? mu_jlpt_name(ap->jlpt) : "none",
                  english_or_none(ap->english));
        if (co && co->req_jlpt) sb_printf(b, "JLPT %s", mu_jlpt_name(co->req_jlpt));
        if (co && co->req_jlpt && co->req_english) sb_printf(b, " or ");
        if (co && co->req_english) sb_printf(b, "English %s", mu_english_name(co->req_english));
        sb_printf(b, ")");
        return;
    case MU_RULE_BIT_COMPANY_FIELD:
        sb_printf(b, "field %s is not among the host's required fields (", ap->field >= 0 ? inst->syms.str[ap->field] : "(none)");
        for (int64_t k = inst->com_fields.off[c]; k < inst->com_fields.off[c + 1]; k++)
            sb_printf(b, "%s%s", k > inst->com_fields.off[c] ? ", " : "", inst->syms.str[inst->com_fields.item[k]]);
        sb_printf(b, ")");
        return;
    default:
        sb_printf(b, "%s", mu_rule_text(bit));
    }
}

static cJSON *rule_names(uint32_t mask) {
    cJSON *arr = cJSON_CreateArray();
    for (int bit = 0; arr && bit < MU_RULE_COUNT; bit++)
        if (mask & (1u << bit)) cJSON_AddItemToArray(arr, cJSON_CreateString(mu_rule_name(bit)));
    return arr;
}

/* ---- the state of one explanation */

enum { WI_SEAT = 1, WI_QUOTA, WI_PARTICIPATING, WI_PER_HOST };
typedef struct whatif {
    int kind;         /* WI_SEAT: one more seat at host `target`; WI_QUOTA: quota `target`'s max + 1;
                         WI_PARTICIPATING / WI_PER_HOST: the host budget's max_participating / max_per_host + 1 */
    int32_t target;   /* company or quota index */
    mu_status status;
    int solved;       /* 1 when the re-solve returned an optimum */
    int64_t weight;   /* its maximum weight */
    int32_t *app_com; /* its assignment */
} whatif;

typedef struct ctx {
    mu_instance *inst;
    const mu_solution *sol;
    mu_problem pb;
    mu_prefs pr;
    int32_t name_key;   /* the "name" attribute, -1 when absent */
    int32_t *filled;    /* [n_com] */
    int64_t *row_count; /* [n_rows] placements counted by each quota row */
    int64_t *pair_row_off; /* [pairs.n + 1] the quota rows of each pair ... */
    int32_t *pair_row;     /* ... */
    uint8_t *covered;      /* [n_com] the host budget covers the host */
    int64_t *held_off;     /* [n_com + 1] each host's interns ... */
    int32_t *held;         /* ... applicants increasing */
    int64_t participating; /* covered hosts with an intern */
    /* what-ifs */
    int base_solved;
    int64_t base_weight;
    int32_t *base_app_com;
    whatif *wi;
    int32_t n_wi;
    char skipped[256]; /* why what-ifs were skipped, or "" */
} ctx;

static const char *name_of(const ctx *x, int32_t a) {
    return x->name_key >= 0 ? mu_attr_first(x->inst, &x->inst->app_attrs, a, x->name_key) : NULL;
}

static int64_t pair_of(const ctx *x, int32_t a, int32_t c) { return c >= 0 ? mu_pairs_find(&x->pb.pairs, a, c) : -1; }

/* Is quota row r at its maximum in the solution? */
static int row_tight(const ctx *x, int32_t r) {
    return x->pb.rows[r].max != INT64_MAX && x->row_count[r] >= x->pb.rows[r].max;
}

/* Does the host budget keep one more intern from host c? Returns the bound
 * that does (a WI_ kind, or 3 for min_per_host), 0 when none. */
static int budget_block(const ctx *x, int32_t c) {
    const mu_hosts *h = &x->inst->hosts;
    if (!h->given || !x->covered[c]) return 0;
    if (h->max_per_host != INT64_MAX && x->filled[c] >= h->max_per_host) return WI_PER_HOST;
    if (x->filled[c] == 0 && h->max_participating != INT64_MAX && x->participating >= h->max_participating) return WI_PARTICIPATING;
    if (x->filled[c] == 0 && h->min_per_host > 1) return 3;
    return 0;
}

static void budget_text(const ctx *x, int why, sbuf *t) {
    const mu_hosts *h = &x->inst->hosts;
    if (why == WI_PER_HOST) sb_printf(t, "the host budget allows at most %lld interns a host", (long long)h->max_per_host);
    else if (why == WI_PARTICIPATING)
        sb_printf(t, "the host budget lets at most %lld hosts take part, and %lld do", (long long)h->max_participating,
                  (long long)x->participating);
    else sb_printf(t, "the host budget requires at least %lld interns of a host that takes part", (long long)h->min_per_host);
}

static const char *budget_name(int why) {
    return why == WI_PER_HOST ? "max_per_host" : why == WI_PARTICIPATING ? "max_participating" : "min_per_host";
}

static int index_rows(ctx *x, mu_error *err) {
    const mu_problem *pb = &x->pb;
    int64_t np = pb->pairs.n, nz = pb->row_off[pb->n_rows];
    x->pair_row_off = mu_calloc((size_t)np + 2, sizeof *x->pair_row_off, err);
    x->pair_row = mu_alloc((size_t)nz + 1, sizeof *x->pair_row, err);
    x->row_count = mu_calloc((size_t)pb->n_rows + 1, sizeof *x->row_count, err);
    x->filled = mu_calloc((size_t)x->inst->n_com + 1, sizeof *x->filled, err);
    int64_t *at = mu_alloc((size_t)np + 1, sizeof *at, err);
    if (!x->pair_row_off || !x->pair_row || !x->row_count || !x->filled || !at) return free(at), MU_ENOMEM;
    for (int64_t k = 0; k < nz; k++) x->pair_row_off[pb->row_pair[k] + 1]++;
    for (int64_t p = 0; p < np; p++) x->pair_row_off[p + 1] += x->pair_row_off[p];
    memcpy(at, x->pair_row_off, (size_t)np * sizeof *at);
    for (int32_t r = 0; r < pb->n_rows; r++)
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) x->pair_row[at[pb->row_pair[k]]++] = r;
    free(at);
    if (!(x->covered = mu_calloc((size_t)x->inst->n_com + 1, 1, err))) return MU_ENOMEM;
    for (int32_t c = 0; c < x->inst->n_com; c++) x->covered[c] = (uint8_t)mu_hosts_covers(x->inst, c);
    x->participating = mu_hosts_participating(x->inst, x->sol->app_com);
    x->held_off = mu_calloc((size_t)x->inst->n_com + 2, sizeof *x->held_off, err);
    x->held = mu_alloc((size_t)x->inst->n_app + 1, sizeof *x->held, err);
    if (!x->held_off || !x->held) return MU_ENOMEM;
    for (int32_t a = 0; a < x->inst->n_app; a++)
        if (x->sol->app_com[a] >= 0) x->held_off[x->sol->app_com[a] + 2]++;
    for (int32_t c = 0; c < x->inst->n_com; c++) x->held_off[c + 2] += x->held_off[c + 1];
    for (int32_t a = 0; a < x->inst->n_app; a++) /* held_off[c + 1] runs to the end of c's interns */
        if (x->sol->app_com[a] >= 0) x->held[x->held_off[x->sol->app_com[a] + 1]++] = a;
    for (int32_t a = 0; a < x->inst->n_app; a++) {
        int32_t c = x->sol->app_com[a];
        if (c < 0) continue;
        x->filled[c]++;
        int64_t p = pair_of(x, a, c);
        for (int64_t k = p >= 0 ? x->pair_row_off[p] : 0; p >= 0 && k < x->pair_row_off[p + 1]; k++) x->row_count[x->pair_row[k]]++;
    }
    return MU_OK;
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

static int run_whatifs(ctx *x, const mu_explain_opts *o, mu_error *err) {
    mu_instance *inst = x->inst;
    if (!o->whatif) {
        snprintf(x->skipped, sizeof x->skipped, "not asked for (--no-whatif)");
        return MU_OK;
    }
    if (x->pb.pairs.n > o->max_pairs) {
        snprintf(x->skipped, sizeof x->skipped, "the instance has %lld eligible pairs, more than the %lld re-solving is done for",
                 (long long)x->pb.pairs.n, (long long)o->max_pairs);
        return MU_OK;
    }
    double t0 = mu_now();
    x->base_app_com = mu_alloc((size_t)inst->n_app + 1, sizeof *x->base_app_com, err);
    if (!x->base_app_com) return MU_ENOMEM;
    mu_status st;
    int rc = resolve(x, x->base_app_com, &x->base_weight, &st, err);
    if (rc) return rc;
    if (st != MU_STATUS_OPTIMAL) {
        snprintf(x->skipped, sizeof x->skipped, "the instance as given did not solve to optimality (%s)", mu_status_name(st));
        return MU_OK;
    }
    x->base_solved = 1;
    /* Candidates: every full host (a seat elsewhere changes nothing), then
     * every quota with a row at its maximum, in index order. */
    int32_t ncand = 0;
    int32_t *cand_kind = mu_alloc((size_t)inst->n_com + (size_t)inst->n_quotas + 3, sizeof *cand_kind, err);
    int32_t *cand = mu_alloc((size_t)inst->n_com + (size_t)inst->n_quotas + 3, sizeof *cand, err);
    uint8_t *qtight = mu_calloc((size_t)inst->n_quotas + 1, 1, err);
    if (!cand_kind || !cand || !qtight) {
        free(cand_kind), free(cand), free(qtight);
        return MU_ENOMEM;
    }
    for (int32_t c = 0; c < inst->n_com; c++)
        if (inst->com[c].capacity > 0 && x->filled[c] >= inst->com[c].capacity) cand_kind[ncand] = WI_SEAT, cand[ncand++] = c;
    for (int32_t r = 0; r < x->pb.n_rows; r++)
        if (row_tight(x, r)) qtight[x->pb.rows[r].quota] = 1;
    for (int32_t q = 0; q < inst->n_quotas; q++)
        if (qtight[q]) cand_kind[ncand] = WI_QUOTA, cand[ncand++] = q;
    free(qtight);
    const mu_hosts *hb = &inst->hosts;
    int per_host_tight = 0;
    for (int32_t c = 0; c < inst->n_com && hb->given && hb->max_per_host != INT64_MAX; c++)
        per_host_tight |= x->covered[c] && x->filled[c] >= hb->max_per_host;
    if (hb->given && hb->max_participating != INT64_MAX && x->participating >= hb->max_participating)
        cand_kind[ncand] = WI_PARTICIPATING, cand[ncand++] = 0;
    if (per_host_tight) cand_kind[ncand] = WI_PER_HOST, cand[ncand++] = 0;
    x->wi = mu_calloc((size_t)ncand + 1, sizeof *x->wi, err);
    if (!x->wi) {
        free(cand_kind), free(cand);
        return MU_ENOMEM;
    }
    for (int32_t k = 0; k < ncand && !rc; k++) {
        if (k >= o->max_resolves || mu_now() - t0 > o->max_seconds) {
            snprintf(x->skipped, sizeof x->skipped, "%d of %d re-solves done; the rest would exceed the budget (%d re-solves, %.0f s)",
                     k, ncand, o->max_resolves, o->max_seconds);
            break;
        }
        whatif *w = &x->wi[x->n_wi++];
        w->kind = cand_kind[k];
        w->target = cand[k];
        if (!(w->app_com = mu_alloc((size_t)inst->n_app + 1, sizeof *w->app_com, err))) rc = MU_ENOMEM;
        else {
            int64_t *bound = w->kind == WI_QUOTA           ? &inst->quotas[w->target].max
                             : w->kind == WI_PARTICIPATING ? &inst->hosts.max_participating
                             : w->kind == WI_PER_HOST      ? &inst->hosts.max_per_host
                                                           : NULL;
            if (bound) ++*bound;
            else inst->com[w->target].capacity++;
            rc = resolve(x, w->app_com, &w->weight, &w->status, err);
            if (bound) --*bound;
            else inst->com[w->target].capacity--;
        }
        w->solved = !rc && w->status == MU_STATUS_OPTIMAL;
    }
    free(cand_kind), free(cand);
    return rc;
}

/* The what-if of unplaced applicant a: the seat re-solves that place a —
 * preferring one that places a at that very host, then the larger weight,
 * then the lower index — else the quota re-solves that do. */
static cJSON *whatif_json(const ctx *x, int32_t a, sbuf *text) {
    const mu_instance *inst = x->inst;
    cJSON *j = cJSON_CreateObject();
    if (!j) return NULL;
    if (!x->base_solved) {
        cJSON_AddStringToObject(j, "skipped", x->skipped);
        sb_printf(text, " What-if: not computed: %s.", x->skipped);
        return j;
    }
    if (x->base_app_com[a] >= 0) {
        cJSON_AddStringToObject(j, "change", "none");
        cJSON_AddStringToObject(j, "company", inst->com_ids.str[x->base_app_com[a]]);
        cJSON_AddNumberToObject(j, "weight_change", (double)(x->base_weight - x->sol->objective));
        sb_printf(text, " What-if: musubi's own maximum-weight solution places %s at %s with no change (this solution is "
                        "another one, weight %lld against %lld).",
                  inst->app_ids.str[a], inst->com_ids.str[x->base_app_com[a]], (long long)x->sol->objective,
                  (long long)x->base_weight);
        return j;
    }
    for (int kind = WI_SEAT; kind <= WI_PER_HOST; kind++) {
        int32_t best = -1, count = 0;
        for (int32_t k = 0; k < x->n_wi; k++) {
            const whatif *w = &x->wi[k];
            if (w->kind != kind || !w->solved || w->app_com[a] < 0) continue;
            count++;
            if (best < 0) {
                best = k;
                continue;
            }
            const whatif *b = &x->wi[best];
            int here_w = kind == WI_SEAT && w->app_com[a] == w->target, here_b = kind == WI_SEAT && b->app_com[a] == b->target;
            if (here_w > here_b || (here_w == here_b && w->weight > b->weight)) best = k;
        }
        if (best < 0) continue;
        const whatif *w = &x->wi[best];
        int64_t delta = w->weight - x->base_weight;
        const char *at = inst->com_ids.str[w->app_com[a]];
        cJSON_AddStringToObject(j, "change", kind == WI_SEAT ? "seat" : kind == WI_QUOTA ? "quota" : "host_budget");
        if (kind == WI_SEAT) cJSON_AddStringToObject(j, "company", inst->com_ids.str[w->target]);
        else if (kind == WI_QUOTA) {
            cJSON_AddStringToObject(j, "quota", inst->quotas[w->target].name);
            cJSON_AddNumberToObject(j, "max", (double)inst->quotas[w->target].max + 1);
        } else {
            cJSON_AddStringToObject(j, "bound", budget_name(kind));
            cJSON_AddNumberToObject(j, "max", (double)(kind == WI_PARTICIPATING ? inst->hosts.max_participating : inst->hosts.max_per_host) + 1);
        }
        cJSON_AddStringToObject(j, "places_at", at);
        cJSON_AddNumberToObject(j, "weight_change", (double)delta);
        cJSON_AddNumberToObject(j, "alternatives", count - 1);
        cJSON *gone = cJSON_AddArrayToObject(j, "displaces");
        sbuf lost = {.n = 0};
        int32_t n_lost = 0;
        for (int32_t b = 0; b < inst->n_app; b++)
            if (x->base_app_com[b] >= 0 && w->app_com[b] < 0) {
                cJSON_AddItemToArray(gone, cJSON_CreateString(inst->app_ids.str[b]));
                if (n_lost++ < MAX_NAMED) sb_printf(&lost, "%s%s", n_lost > 1 ? ", " : "", inst->app_ids.str[b]);
            }
        if (kind == WI_SEAT)
            sb_printf(text, " What-if: one more seat at %s places %s (at %s); total weight %+lld.", inst->com_ids.str[w->target],
                      inst->app_ids.str[a], at, (long long)delta);
        else if (kind == WI_PARTICIPATING)
            sb_printf(text, " What-if: letting %lld hosts take part places %s (at %s); total weight %+lld.",
                      (long long)inst->hosts.max_participating + 1, inst->app_ids.str[a], at, (long long)delta);
        else if (kind == WI_PER_HOST)
            sb_printf(text, " What-if: allowing %lld interns a host places %s (at %s); total weight %+lld.",
                      (long long)inst->hosts.max_per_host + 1, inst->app_ids.str[a], at, (long long)delta);
        else
            sb_printf(text, " What-if: raising quota %s's max to %lld places %s (at %s); total weight %+lld.",
                      inst->quotas[w->target].name, (long long)inst->quotas[w->target].max + 1, inst->app_ids.str[a], at,
                      (long long)delta);
        if (n_lost)
            sb_printf(text, " It takes %s place%s from %s%s.", n_lost == 1 ? "a" : "the", n_lost == 1 ? "" : "s", lost.s,
                      n_lost > MAX_NAMED ? " and others" : "");
        if (count > 1) sb_printf(text, " (%d other single changes would also place them.)", count - 1);
        return j;
    }
    cJSON_AddStringToObject(j, "change", "none_found");
    cJSON_AddNumberToObject(j, "tried", x->n_wi);
    if (x->skipped[0]) cJSON_AddStringToObject(j, "note", x->skipped);
    sb_printf(text, " What-if: no single extra seat at a full host%s%s places %s (%d re-solves tried%s%s).",
              inst->n_quotas ? ", no quota raised by one" : "", inst->hosts.given ? ", no host budget raised by one" : "",
              inst->app_ids.str[a], x->n_wi, x->skipped[0] ? "; " : "", x->skipped);
    return j;
}

/* ---- unplaced applicants */

static void add_id(cJSON *obj, const char *key, const char *id) { cJSON_AddStringToObject(obj, key, id); }

/* The audit's rules of (a, c) beyond `own`, in words, comma-separated. */
static void host_rules(const mu_instance *inst, uint32_t mask, int32_t a, int32_t c, sbuf *t) {
    int first = 1;
    for (int bit = 0; bit < MU_RULE_COUNT; bit++)
        if (mask & (1u << bit)) {
            if (!first) sb_printf(t, ", ");
            rule_detail(inst, bit, a, c, t);
            first = 0;
        }
}

/* Ineligible everywhere: the applicant-wide rules; else the hosts the
 * applicant listed, each with its rules, then the others grouped by rule. */
static void explain_ineligible(const ctx *x, int32_t a, cJSON *j, sbuf *t) {
    const mu_instance *inst = x->inst;
    cJSON_AddStringToObject(j, "reason", "ineligible");
    uint32_t own = inst->app_fail[a];
    cJSON_AddItemToObject(j, "rules", rule_names(own));
    sb_printf(t, "Ineligible at every host: ");
    if (own) {
        host_rules(inst, own, a, -1, t);
        sb_printf(t, ".");
    }
    if (inst->n_com == 0) sb_printf(t, "there are no hosts.");
    cJSON *groups = cJSON_AddArrayToObject(j, "excluded");
    uint32_t *mask = malloc(((size_t)inst->n_com + 1) * sizeof *mask);
    uint8_t *done = calloc((size_t)inst->n_com + 1, 1);
    if (!mask || !done || !groups) {
        free(mask), free(done);
        return;
    }
    for (int32_t c = 0; c < inst->n_com; c++) mask[c] = mu_pair_exclusions(inst, a, c) & ~own;
    /* the JSON: hosts grouped by their exclusion mask, first-seen order */
    for (int32_t c = 0; c < inst->n_com; c++) {
        if (done[c] || !mask[c]) continue;
        cJSON *g = cJSON_CreateObject(), *ids = cJSON_CreateArray();
        cJSON_AddItemToArray(groups, g);
        cJSON_AddItemToObject(g, "rules", rule_names(mask[c]));
        cJSON_AddItemToObject(g, "companies", ids);
        for (int32_t d = c; d < inst->n_com; d++)
            if (!done[d] && mask[d] == mask[c]) {
                done[d] = 1;
                cJSON_AddItemToArray(ids, cJSON_CreateString(inst->com_ids.str[d]));
            }
    }
    if (own) { /* the applicant-wide rule is the answer; per-host detail stays in the JSON */
        free(mask), free(done);
        return;
    }
    /* the text: the applicant's own list first, in its order */
    memset(done, 0, (size_t)inst->n_com + 1);
    int shown = 0;
    for (int64_t k = inst->app_pref.off[a]; k < inst->app_pref.off[a + 1] && shown < MAX_NAMED; k++) {
        int32_t c = inst->app_pref.item[k];
        done[c] = 1;
        sb_printf(t, "%s%s (listed %s): ", shown++ ? "; " : "", inst->com_ids.str[c],
                  ordinal((int32_t)(k - inst->app_pref.off[a] + 1), (char[16]){0}, 16));
        host_rules(inst, mask[c], a, c, t);
    }
    /* the rest, grouped by mask, largest group first */
    for (int round = 0; round < 4; round++) {
        int32_t best = -1, best_n = 0;
        for (int32_t c = 0; c < inst->n_com; c++) {
            if (done[c]) continue;
            int32_t n = 0;
            for (int32_t d = c; d < inst->n_com; d++) n += !done[d] && mask[d] == mask[c];
            if (n > best_n) best = c, best_n = n;
        }
        if (best < 0) break;
        uint32_t m = mask[best];
        for (int32_t d = 0; d < inst->n_com; d++)
            if (mask[d] == m) done[d] = 1;
        const char *others = shown ? "other " : "";
        if (best_n == 1) {
            sb_printf(t, "%s%s: ", shown ? "; " : "", inst->com_ids.str[best]);
            host_rules(inst, m, a, best, t);
        } else {
            sb_printf(t, "%s%d %shosts (such as %s): ", shown ? "; " : "", best_n, others, inst->com_ids.str[best]);
            int first = 1;
            for (int bit = 0; bit < MU_RULE_COUNT; bit++)
                if (m & (1u << bit)) sb_printf(t, "%s%s", first ? "" : ", ", mu_rule_text(bit)), first = 0;
        }
        shown++;
    }
    int32_t rest = 0;
    for (int32_t c = 0; c < inst->n_com; c++) rest += !done[c];
    if (rest) sb_printf(t, "; %d more hosts for other reasons (see --json)", rest);
    sb_printf(t, ".");
    free(mask), free(done);
}

static cJSON *explain_applicant(const ctx *x, int32_t a) {
    const mu_instance *inst = x->inst;
    const mu_pairs *pp = &x->pb.pairs;
    cJSON *j = cJSON_CreateObject();
    if (!j) return NULL;
    add_id(j, "applicant", inst->app_ids.str[a]);
    const char *name = name_of(x, a);
    if (name) add_id(j, "name", name);
    sbuf t = {.n = 0};
    char o1[16], o2[16], label[512];
    int64_t lo = pp->app_off[a], hi = pp->app_off[a + 1], n = hi - lo;
    if (lo == hi) {
        explain_ineligible(x, a, j, &t);
        cJSON_AddStringToObject(j, "summary", t.s);
        return j;
    }
    /* Quota rows at their maximum that close every eligible host: said once. */
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
    cJSON *hosts = cJSON_AddArrayToObject(j, "hosts");
    int n_full = 0, n_quota = 0, n_open = 0, n_zero = 0;
    sbuf d = {.n = 0};
    for (int64_t p = lo; p < hi; p++) {
        int32_t c = pp->com[p];
        const mu_company *co = &inst->com[c];
        cJSON *h = cJSON_CreateObject();
        cJSON_AddItemToArray(hosts, h);
        add_id(h, "company", inst->com_ids.str[c]);
        cJSON_AddNumberToObject(h, "weight", (double)pp->w[p]);
        cJSON_AddNumberToObject(h, "applicant_rank", x->pr.app_rank[p]);
        cJSON_AddNumberToObject(h, "company_rank", x->pr.com_rank[p]);
        cJSON_AddNumberToObject(h, "capacity", co->capacity);
        cJSON_AddNumberToObject(h, "filled", x->filled[c]);
        int full = x->filled[c] >= co->capacity;
        sb_printf(&d, " %s (%s choice, weight %lld, ranked %s by the host)", inst->com_ids.str[c],
                  ordinal(x->pr.app_rank[p], o1, sizeof o1), (long long)pp->w[p], ordinal(x->pr.com_rank[p], o2, sizeof o2));
        /* its quota rows at their maximum; those common to every host were said already */
        cJSON *rows = cJSON_AddArrayToObject(h, "quota_rows");
        int tight = 0, named_rows = 0;
        for (int64_t k = x->pair_row_off[p]; k < x->pair_row_off[p + 1]; k++) {
            int32_t r = x->pair_row[k];
            if (!row_tight(x, r)) continue;
            mu_qrow_label(&x->pb, r, label, sizeof label);
            cJSON_AddItemToArray(rows, cJSON_CreateString(label));
            tight = 1;
            int is_common = 0;
            for (int32_t i = 0; i < n_common; i++) is_common |= common[i] == r;
            if (is_common) continue;
            sb_printf(&d, "%s quota %s at its maximum (%lld)", named_rows++ ? "," : full ? " —" : ": a free seat, but", label,
                      (long long)x->pb.rows[r].max);
        }
        int budget = full ? 0 : budget_block(x, c);
        if (budget) {
            cJSON_AddStringToObject(h, "host_budget", budget_name(budget));
            sb_printf(&d, "%s ", named_rows ? ";" : ":");
            budget_text(x, budget, &d);
            sb_printf(&d, ".");
            n_quota++;
        } else if (full) {
            n_full++;
            n_quota += tight;
            cJSON *held = cJSON_AddArrayToObject(h, "held_by");
            int more_weight = 1, ranked_higher = 1, named = 0;
            sb_printf(&d, "%s full with", named_rows ? ";" : ":");
            for (int64_t k = x->held_off[c]; k < x->held_off[c + 1]; k++) {
                int32_t b = x->held[k];
                int64_t q = pair_of(x, b, c);
                int64_t w = q >= 0 ? pp->w[q] : 0;
                int32_t cr = q >= 0 ? x->pr.com_rank[q] : 0;
                cJSON *e = cJSON_CreateObject();
                cJSON_AddItemToArray(held, e);
                add_id(e, "applicant", inst->app_ids.str[b]);
                cJSON_AddNumberToObject(e, "weight", (double)w);
                cJSON_AddNumberToObject(e, "company_rank", cr);
                more_weight &= w > pp->w[p];
                ranked_higher &= cr < x->pr.com_rank[p];
                if (named++ < MAX_NAMED)
                    sb_printf(&d, "%s %s (weight %lld, ranked %s)", named > 1 ? "," : "", inst->app_ids.str[b], (long long)w,
                              ordinal(cr, o1, sizeof o1));
            }
            if (named > MAX_NAMED) sb_printf(&d, " and %d more", named - MAX_NAMED);
            const char *key = ranked_higher && more_weight ? "ranked_higher_and_heavier"
                              : ranked_higher            ? "ranked_higher"
                              : more_weight              ? "heavier"
                                                         : "total_weight";
            cJSON_AddStringToObject(h, "why", key);
            sb_printf(&d, ", %s.", ranked_higher && more_weight ? "whom the host ranks higher and who carry more weight"
                                   : ranked_higher            ? "whom the host ranks higher"
                                   : more_weight              ? "who carry more weight"
                                                              : "placed there because the total weight is larger that way");
        } else if (tight) {
            n_quota++;
            sb_printf(&d, "%s", named_rows ? "." : ": a free seat, closed by that quota.");
        } else {
            if (pp->w[p] == 0) n_zero++;
            else n_open++;
            sb_printf(&d, ": a free seat (%d of %d filled) and no quota in the way.", x->filled[c], co->capacity);
        }
    }
    const char *reason = n_open ? "not_maximum_weight"
                         : n_zero ? "zero_weight"
                         : n_quota && n_full ? "hosts_full_or_quota"
                         : n_quota ? "quota"
                                   : "hosts_full";
    cJSON_AddStringToObject(j, "reason", reason);
    /* "quota" covers the host budget too: both are programme limits beyond seats */
    const char *s = n == 1 ? "" : "s";
    if (n_open)
        sb_printf(&t, "Eligible at %lld host%s, and one has a free seat with nothing in the way: placing them there would add "
                      "weight, so this solution is not of maximum weight (status %s).",
                  (long long)n, s, mu_status_name(x->sol->status));
    else if (n_zero)
        sb_printf(&t, "Eligible at %lld host%s; the only open seat is on a pair of weight 0, which adds nothing.", (long long)n, s);
    else if (n_quota && !n_full)
        sb_printf(&t, "Eligible at %lld host%s with free seats, but a quota or the host budget at its limit closes %s.", (long long)n, s,
                  n == 1 ? "it" : "each");
    else if (n_quota && n == 1)
        sb_printf(&t, "Eligible at 1 host, which is full and closed by a programme limit.");
    else if (n_quota)
        sb_printf(&t, "Eligible at %lld host%s, each full or closed by a quota or the host budget.", (long long)n, s);
    else sb_printf(&t, "Eligible at %lld host%s, %s full.", (long long)n, s, n == 1 ? "which is" : "all");
    for (int32_t i = 0; i < n_common; i++) {
        mu_qrow_label(&x->pb, common[i], label, sizeof label);
        sb_printf(&t, " Quota %s is at its maximum (%lld) at %s.", label, (long long)x->pb.rows[common[i]].max,
                  n == 1 ? "that host" : "every one of them");
    }
    sb_printf(&t, "%s", d.s);
    cJSON_AddStringToObject(j, "summary", t.s);
    return j;
}

/* ---- hosts below capacity */

static cJSON *explain_host(const ctx *x, int32_t c) {
    const mu_instance *inst = x->inst;
    const mu_pairs *pp = &x->pb.pairs;
    const mu_company *co = &inst->com[c];
    cJSON *j = cJSON_CreateObject();
    if (!j) return NULL;
    add_id(j, "company", inst->com_ids.str[c]);
    cJSON_AddNumberToObject(j, "capacity", co->capacity);
    cJSON_AddNumberToObject(j, "filled", x->filled[c]);
    sbuf t = {.n = 0};
    sb_printf(&t, "%d of %d seats empty. ", co->capacity - x->filled[c], co->capacity);
    int budget = budget_block(x, c);
    if (budget) {
        cJSON_AddStringToObject(j, "host_budget", budget_name(budget));
        sbuf b = {.n = 0};
        budget_text(x, budget, &b);
        b.s[0] = (char)(b.s[0] - 32); /* capitalised: the text starts with "the" */
        sb_printf(&t, "%s. ", b.s);
    }
    cJSON *elig = cJSON_AddArrayToObject(j, "eligible");
    int32_t n_elig = 0, elsewhere = 0, blocked = 0, open = 0, named = 0;
    sbuf d = {.n = 0};
    char label[512];
    for (int32_t a = 0; a < inst->n_app; a++) {
        int64_t p = mu_pairs_find(pp, a, c);
        if (p < 0) continue;
        n_elig++;
        int32_t at = x->sol->app_com[a];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToArray(elig, e);
        add_id(e, "applicant", inst->app_ids.str[a]);
        cJSON_AddNumberToObject(e, "weight_here", (double)pp->w[p]);
        if (at == c) {
            cJSON_AddStringToObject(e, "placed_at", inst->com_ids.str[c]);
            continue;
        }
        if (at >= 0) {
            elsewhere++;
            cJSON_AddStringToObject(e, "placed_at", inst->com_ids.str[at]);
            cJSON_AddNumberToObject(e, "weight_there", (double)x->sol->app_w[a]);
            if (named++ < MAX_NAMED)
                sb_printf(&d, "%s %s went to %s (weight %lld there, %lld here)", named > 1 ? ";" : "", inst->app_ids.str[a],
                          inst->com_ids.str[at], (long long)x->sol->app_w[a], (long long)pp->w[p]);
            continue;
        }
        cJSON_AddNullToObject(e, "placed_at");
        cJSON *rows = cJSON_AddArrayToObject(e, "quota_rows");
        int tight = 0;
        for (int64_t k = x->pair_row_off[p]; k < x->pair_row_off[p + 1]; k++)
            if (row_tight(x, x->pair_row[k])) {
                mu_qrow_label(&x->pb, x->pair_row[k], label, sizeof label);
                cJSON_AddItemToArray(rows, cJSON_CreateString(label));
                if (!tight && named++ < MAX_NAMED)
                    sb_printf(&d, "%s %s is unplaced but quota %s is at its maximum", named > 1 ? ";" : "", inst->app_ids.str[a], label);
                tight = 1;
            }
        if (tight) blocked++;
        else if (budget) {
            blocked++;
            if (named++ < MAX_NAMED) sb_printf(&d, "%s %s is unplaced, held back by the host budget", named > 1 ? ";" : "", inst->app_ids.str[a]);
        } else {
            open++;
            if (named++ < MAX_NAMED)
                sb_printf(&d, "%s %s is unplaced with nothing in the way (weight %lld)", named > 1 ? ";" : "", inst->app_ids.str[a],
                          (long long)pp->w[p]);
        }
    }
    if (named > MAX_NAMED) sb_printf(&d, "; and %d more", named - MAX_NAMED);
    if (n_elig == 0) {
        cJSON_AddStringToObject(j, "reason", "no_eligible_applicant");
        int64_t counts[MU_RULE_COUNT] = {0};
        for (int32_t a = 0; a < inst->n_app; a++) {
            uint32_t m = mu_pair_exclusions(inst, a, c);
            for (int bit = 0; bit < MU_RULE_COUNT; bit++) counts[bit] += (m >> bit) & 1u;
        }
        cJSON *by = cJSON_AddObjectToObject(j, "excluded_by");
        sb_printf(&t, "No applicant is eligible here:");
        int first = 1;
        for (int bit = 0; bit < MU_RULE_COUNT; bit++)
            if (counts[bit]) {
                cJSON_AddNumberToObject(by, mu_rule_name(bit), (double)counts[bit]);
                sb_printf(&t, "%s %s (%lld)", first ? "" : ";", mu_rule_text(bit), (long long)counts[bit]);
                first = 0;
            }
        if (first) sb_printf(&t, " there are no applicants");
        sb_printf(&t, " (applicants counted under every rule that excludes them).");
    } else {
        const char *reason = open ? "not_maximum_weight" : blocked && elsewhere ? "placed_elsewhere_or_quota"
                             : blocked                                        ? (budget ? "host_budget" : "quota")
                                                                              : "placed_elsewhere";
        cJSON_AddStringToObject(j, "reason", reason);
        if (!open && !blocked)
            sb_printf(&t, "All %d eligible applicant%s %s placed elsewhere, where the total weight is larger:", n_elig - (int32_t)x->filled[c],
                      n_elig - x->filled[c] == 1 ? "" : "s", n_elig - x->filled[c] == 1 ? "is" : "are");
        else if (!open)
            sb_printf(&t, "Its other eligible applicants are placed elsewhere or held back by a quota or the host budget:");
        else
            sb_printf(&t, "An eligible applicant is unplaced with nothing in the way, so this solution is not of maximum weight:");
        sb_printf(&t, "%s.", d.s);
    }
    cJSON_AddStringToObject(j, "summary", t.s);
    return j;
}

/* ---- the document */

static void ctx_free(ctx *x) {
    mu_problem_free(&x->pb);
    mu_prefs_free(&x->pr);
    free(x->filled), free(x->row_count), free(x->pair_row_off), free(x->pair_row), free(x->base_app_com), free(x->covered);
    free(x->held_off), free(x->held);
    for (int32_t k = 0; x->wi && k < x->n_wi; k++) free(x->wi[k].app_com);
    free(x->wi);
}

int mu_explain(mu_instance *inst, const mu_solution *sol, const mu_explain_opts *o, cJSON **out, mu_error *err) {
    MU_REQUIRE(inst && sol && o && out);
    *out = NULL;
    int32_t only_a = -1, only_c = -1;
    if (o->applicant && (only_a = mu_sym_find(&inst->app_ids, o->applicant)) < 0)
        return mu_err(err, MU_EINPUT, "--applicant: no applicant has the id \"%.60s\"", o->applicant);
    if (o->company && (only_c = mu_sym_find(&inst->com_ids, o->company)) < 0)
        return mu_err(err, MU_EINPUT, "--company: no company has the id \"%.60s\"", o->company);
    ctx x;
    memset(&x, 0, sizeof x);
    x.inst = inst;
    x.sol = sol;
    x.name_key = mu_sym_find(&inst->syms, "name");
    int rc = mu_problem_build(inst, &x.pb, err);
    if (rc) return rc;
    if ((rc = mu_prefs_build(&x.pb, &x.pr, err)) || (rc = index_rows(&x, err))) goto done;
    int any_unplaced = 0;
    for (int32_t a = 0; a < inst->n_app && sol->has_assignment; a++)
        any_unplaced |= sol->app_com[a] < 0 && (only_a < 0 || a == only_a) && only_c < 0 &&
                        x.pb.pairs.app_off[a + 1] > x.pb.pairs.app_off[a];
    if (!o->company && any_unplaced && (rc = run_whatifs(&x, o, err))) goto done;
    if (!any_unplaced && !x.skipped[0] && sol->has_assignment && !o->company && !o->applicant)
        snprintf(x.skipped, sizeof x.skipped, "no unplaced applicant with an eligible pair");
    cJSON *doc = cJSON_CreateObject();
    if (!doc) {
        rc = mu_err(err, MU_ENOMEM, "out of memory");
        goto done;
    }
    cJSON_AddStringToObject(doc, "format", "musubi-explain-1");
    cJSON_AddStringToObject(doc, "instance", inst->path);
    cJSON_AddStringToObject(doc, "instance_name", mu_instance_name(inst));
    int32_t placed = 0;
    for (int32_t a = 0; a < inst->n_app; a++) placed += sol->app_com[a] >= 0;
    cJSON_AddStringToObject(doc, "status", mu_status_name(sol->status));
    cJSON_AddNumberToObject(doc, "placements", placed);
    cJSON_AddNumberToObject(doc, "applicants", inst->n_app);
    cJSON_AddNumberToObject(doc, "weight", (double)sol->objective);
    if (x.base_solved) cJSON_AddNumberToObject(doc, "max_weight", (double)x.base_weight);
    else cJSON_AddNullToObject(doc, "max_weight");
    cJSON *wj = cJSON_AddObjectToObject(doc, "whatif");
    cJSON_AddBoolToObject(wj, "computed", x.base_solved);
    cJSON_AddNumberToObject(wj, "resolves", x.n_wi + x.base_solved);
    if (x.skipped[0]) cJSON_AddStringToObject(wj, "note", x.skipped);
    cJSON *notes = cJSON_AddArrayToObject(doc, "notes");
    if (sol->criterion[0] && strcmp(sol->criterion, "weight") != 0) {
        char note[160];
        snprintf(note, sizeof note, "this solution optimises %s; the explanations speak of pair weights", sol->criterion);
        cJSON_AddItemToArray(notes, cJSON_CreateString(note));
    }
    if (x.base_solved && x.base_weight != sol->objective) {
        char note[200];
        snprintf(note, sizeof note, "this solution's total weight %lld is below the maximum %lld", (long long)sol->objective,
                 (long long)x.base_weight);
        cJSON_AddItemToArray(notes, cJSON_CreateString(note));
    }
    if (!sol->has_assignment) {
        char note[200];
        snprintf(note, sizeof note, "status %s: the solution has no assignment, so there is no placement to explain",
                 mu_status_name(sol->status));
        cJSON_AddItemToArray(notes, cJSON_CreateString(note));
        only_a = only_c = -2; /* nothing below */
    }
    cJSON *un = cJSON_AddArrayToObject(doc, "unplaced");
    int32_t n_un = 0, n_hb = 0;
    for (int32_t a = 0; a < inst->n_app && only_c == -1; a++) {
        if (sol->app_com[a] >= 0 || (only_a >= 0 && a != only_a)) continue;
        if (o->max_listed > 0 && n_un++ >= o->max_listed) continue;
        cJSON *e = explain_applicant(&x, a);
        if (!e) continue;
        cJSON_AddItemToArray(un, e);
        if (x.pb.pairs.app_off[a + 1] > x.pb.pairs.app_off[a]) {
            sbuf t = {.n = 0};
            cJSON *w = whatif_json(&x, a, &t);
            cJSON_AddItemToObject(e, "whatif", w);
            cJSON_AddStringToObject(e, "whatif_text", t.s + (t.s[0] == ' '));
        }
    }
    if (only_a >= 0 && sol->has_assignment && sol->app_com[only_a] >= 0) {
        char note[400];
        snprintf(note, sizeof note, "%s is placed at %s (weight %lld)", inst->app_ids.str[only_a], inst->com_ids.str[sol->app_com[only_a]],
                 (long long)sol->app_w[only_a]);
        cJSON_AddItemToArray(notes, cJSON_CreateString(note));
    }
    cJSON *hb = cJSON_AddArrayToObject(doc, "hosts_below_capacity");
    for (int32_t c = 0; c < inst->n_com && only_a == -1; c++) {
        if (x.filled[c] >= inst->com[c].capacity || (only_c >= 0 && c != only_c)) continue;
        if (o->max_listed > 0 && n_hb++ >= o->max_listed) continue;
        cJSON *e = explain_host(&x, c);
        if (e) cJSON_AddItemToArray(hb, e);
    }
    if (o->max_listed > 0) {
        cJSON_AddNumberToObject(doc, "unplaced_total", n_un);
        cJSON_AddNumberToObject(doc, "hosts_below_capacity_total", n_hb);
    }
    if (only_c >= 0 && sol->has_assignment && x.filled[only_c] >= inst->com[only_c].capacity) {
        char note[300];
        snprintf(note, sizeof note, "%s is full (%d of %d seats)", inst->com_ids.str[only_c], x.filled[only_c], inst->com[only_c].capacity);
        cJSON_AddItemToArray(notes, cJSON_CreateString(note));
    }
    *out = doc;
done:
    ctx_free(&x);
    return rc;
}

/* ---- text */

static const char *str_of(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

void mu_explain_write_text(FILE *out, const cJSON *ex) {
    const cJSON *v;
    fprintf(out, "%s: %s, %.0f of %.0f applicants placed, total weight %.0f", str_of(ex, "instance"), str_of(ex, "status"),
            cJSON_GetObjectItemCaseSensitive(ex, "placements")->valuedouble,
            cJSON_GetObjectItemCaseSensitive(ex, "applicants")->valuedouble,
            cJSON_GetObjectItemCaseSensitive(ex, "weight")->valuedouble);
    if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(ex, "max_weight"))) fprintf(out, " (maximum %.0f)", v->valuedouble);
    fputs("\n", out);
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(ex, "notes")) fprintf(out, "note: %s\n", v->valuestring);
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(ex, "whatif");
    if (*str_of(w, "note")) fprintf(out, "note: what-ifs: %s\n", str_of(w, "note"));
    const cJSON *un = cJSON_GetObjectItemCaseSensitive(ex, "unplaced");
    if (cJSON_GetArraySize(un)) fprintf(out, "\nUnplaced applicants (%d)\n", cJSON_GetArraySize(un));
    cJSON_ArrayForEach(v, un) {
        fprintf(out, "\n%s", str_of(v, "applicant"));
        if (*str_of(v, "name")) fprintf(out, " (%s)", str_of(v, "name"));
        fprintf(out, ": %s\n", str_of(v, "summary"));
        if (*str_of(v, "whatif_text")) fprintf(out, "  %s\n", str_of(v, "whatif_text"));
    }
    const cJSON *hb = cJSON_GetObjectItemCaseSensitive(ex, "hosts_below_capacity");
    if (cJSON_GetArraySize(hb)) fprintf(out, "\nHosts below capacity (%d)\n", cJSON_GetArraySize(hb));
    cJSON_ArrayForEach(v, hb) fprintf(out, "\n%s: %s\n", str_of(v, "company"), str_of(v, "summary"));
}

const char *mu_explain_reason_of(const cJSON *ex, const char *applicant) {
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(ex, "unplaced")) if (strcmp(str_of(v, "applicant"), applicant) == 0) return str_of(v, "summary");
    return "";
}
