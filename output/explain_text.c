/* An explanation in words, for the programme office that must answer every
 * applicant and host who asks why (analysis/explain.h holds the facts).
 *
 * Sentences: one block per unplaced applicant (its reason, every eligible
 * host with its rank, weight and what closes it; or, ineligible everywhere,
 * the audit's rules host by host, the applicant's own list first, the rest
 * grouped by rule, largest group first), one what-if, and one block per host
 * below capacity; for a placed applicant, each host it ranks higher and why
 * not; for a host, each applicant it ranks above its lowest-ranked intern
 * and why not. At most MAX_NAMED hosts or interns are named in one
 * sentence; a block is cut at MU_EXPLAIN_TEXT_MAX bytes.
 *
 * JSON: the musubi-explain-1 document, every fact of the result with the
 * sentences beside them ("summary", "whatif_text"), keys in a fixed order,
 * built with cJSON and printed with two-space indents. */
#include "output/explain_text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define MAX_NAMED 12 /* hosts or interns named in one sentence */

/* ---- text helpers */

typedef struct sbuf {
    char s[MU_EXPLAIN_TEXT_MAX];
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

/* "s" unless n is 1: "1 host", "2 hosts". */
static const char *plural(int64_t n) { return n == 1 ? "" : "s"; }

static const char *english_or_none(int lv) { return lv > 0 ? mu_english_name(lv) : "none"; }

static const char *app_id(const mu_explanation *ex, int32_t a) { return ex->inst->app_ids.str[a]; }
static const char *com_id(const mu_explanation *ex, int32_t c) { return ex->inst->com_ids.str[c]; }

/* The applicant's "name" attribute, or NULL. */
static const char *name_of(const mu_explanation *ex, int32_t a) {
    int32_t key = mu_sym_find(&ex->inst->syms, "name");
    return key >= 0 ? mu_attr_first(ex->inst, &ex->inst->app_attrs, a, key) : NULL;
}

const char *mu_explain_reason_name(mu_explain_reason r) {
    switch (r) {
    case MU_WHY_INELIGIBLE: return "ineligible";
    case MU_WHY_HOSTS_FULL: return "hosts_full";
    case MU_WHY_QUOTA: return "quota";
    case MU_WHY_HOSTS_FULL_OR_QUOTA: return "hosts_full_or_quota";
    case MU_WHY_ZERO_WEIGHT: return "zero_weight";
    case MU_WHY_NOT_MAXIMUM_WEIGHT: return "not_maximum_weight";
    }
    return "?";
}

const char *mu_explain_empty_name(mu_explain_empty r) {
    switch (r) {
    case MU_EMPTY_NO_ELIGIBLE: return "no_eligible_applicant";
    case MU_EMPTY_PLACED_ELSEWHERE: return "placed_elsewhere";
    case MU_EMPTY_QUOTA: return "quota";
    case MU_EMPTY_HOST_BUDGET: return "host_budget";
    case MU_EMPTY_PLACED_ELSEWHERE_OR_QUOTA: return "placed_elsewhere_or_quota";
    case MU_EMPTY_NOT_MAXIMUM_WEIGHT: return "not_maximum_weight";
    }
    return "?";
}

static const char *budget_name(mu_explain_budget b) {
    return b == MU_BUDGET_MAX_PER_HOST        ? "max_per_host"
           : b == MU_BUDGET_MAX_PARTICIPATING ? "max_participating"
                                              : "min_per_host";
}

static const char *held_name(mu_explain_held h) {
    return h == MU_HELD_RANKED_HIGHER_AND_HEAVIER ? "ranked_higher_and_heavier"
           : h == MU_HELD_RANKED_HIGHER           ? "ranked_higher"
           : h == MU_HELD_HEAVIER                 ? "heavier"
                                                  : "total_weight";
}

static void budget_text(const mu_explanation *ex, mu_explain_budget why, sbuf *t) {
    const mu_hosts *h = &ex->inst->hosts;
    if (why == MU_BUDGET_MAX_PER_HOST)
        sb_printf(t, "the host budget allows at most %lld intern%s a host", (long long)h->max_per_host,
                  plural(h->max_per_host));
    else if (why == MU_BUDGET_MAX_PARTICIPATING)
        sb_printf(t, "the host budget lets at most %lld host%s take part, and %lld do%s",
                  (long long)h->max_participating, plural(h->max_participating), (long long)ex->participating,
                  ex->participating == 1 ? "es" : "");
    else
        sb_printf(t, "the host budget requires at least %lld intern%s of a host that takes part",
                  (long long)h->min_per_host, plural(h->min_per_host));
}

static void row_label(const mu_explanation *ex, int32_t r, char *buf, size_t n) { mu_qrow_label(&ex->pb, r, buf, n); }

/* The audit's rule `bit` for (a, c) in words, with the values involved. */
static void rule_detail(const mu_instance *inst, int bit, int32_t a, int32_t c, sbuf *b) {
    const mu_applicant *ap = &inst->app[a];
    const mu_rules *r = &inst->rules;
    const mu_company *co = c >= 0 ? &inst->com[c] : NULL;
    switch (bit) {
    case MU_RULE_BIT_NATIONALITY:
        if (ap->nationality < 0)
            sb_printf(b, "no nationality given, and the programme admits listed nationalities only");
        else sb_printf(b, "nationality %s is not in the programme's eligible list", inst->syms.str[ap->nationality]);
        return;
    case MU_RULE_BIT_AGE:
        if (ap->age < 0)
            sb_printf(b, "no age given, and the programme has an age window (%d-%d)", r->age_min, r->age_max);
        else sb_printf(b, "age %d is outside the programme's window (%d-%d)", ap->age, r->age_min, r->age_max);
        return;
    case MU_RULE_BIT_LANGUAGE:
        sb_printf(b, "language (JLPT %s, English %s) below the programme's minimum (",
                  ap->jlpt ? mu_jlpt_name(ap->jlpt) : "none", english_or_none(ap->english));
        if (r->lang_jlpt) sb_printf(b, "JLPT %s", mu_jlpt_name(r->lang_jlpt));
        if (r->lang_jlpt && r->lang_english) sb_printf(b, " or ");
        if (r->lang_english) sb_printf(b, "English %s", mu_english_name(r->lang_english));
        sb_printf(b, ")");
        return;
    case MU_RULE_BIT_COMPANY_LANGUAGE:
        sb_printf(b, "language (JLPT %s, English %s) below the host's requirement (",
                  ap->jlpt ? mu_jlpt_name(ap->jlpt) : "none", english_or_none(ap->english));
        if (co && co->req_jlpt) sb_printf(b, "JLPT %s", mu_jlpt_name(co->req_jlpt));
        if (co && co->req_jlpt && co->req_english) sb_printf(b, " or ");
        if (co && co->req_english) sb_printf(b, "English %s", mu_english_name(co->req_english));
        sb_printf(b, ")");
        return;
    case MU_RULE_BIT_COMPANY_FIELD:
        sb_printf(b, "field %s is not among the host's required fields (",
                  ap->field >= 0 ? inst->syms.str[ap->field] : "(none)");
        for (int64_t k = inst->com_fields.off[c]; k < inst->com_fields.off[c + 1]; k++)
            sb_printf(b, "%s%s", k > inst->com_fields.off[c] ? ", " : "", inst->syms.str[inst->com_fields.item[k]]);
        sb_printf(b, ")");
        return;
    default: sb_printf(b, "%s", mu_rule_text(bit));
    }
}

/* The rules of mask for (a, c) in words, comma-separated. */
static void host_rules(const mu_instance *inst, uint32_t mask, int32_t a, int32_t c, sbuf *t) {
    int first = 1;
    for (int bit = 0; bit < MU_RULE_COUNT; bit++)
        if (mask & (1u << bit)) {
            if (!first) sb_printf(t, ", ");
            rule_detail(inst, bit, a, c, t);
            first = 0;
        }
}

/* ---- an unplaced applicant */

/* Ineligible everywhere: the applicant-wide rules; else the hosts the
 * applicant listed, each with its rules, then the others grouped by rule. */
static int ineligible_text(const mu_explanation *ex, const mu_explain_applicant *u, sbuf *t, mu_error *err) {
    const mu_instance *inst = ex->inst;
    int32_t a = u->applicant;
    uint32_t own = u->own_rules;
    sb_printf(t, "Ineligible at every host: ");
    if (own) {
        host_rules(inst, own, a, -1, t);
        sb_printf(t, ".");
    }
    if (inst->n_com == 0) sb_printf(t, "there are no hosts.");
    if (own) return MU_OK; /* the applicant-wide rule is the answer; per-host detail stays in the JSON */
    uint32_t *mask = mu_calloc((size_t)inst->n_com + 1, sizeof *mask, err);
    uint8_t *done = mu_calloc((size_t)inst->n_com + 1, 1, err);
    if (!mask || !done) {
        free(mask), free(done);
        return MU_ENOMEM;
    }
    for (int32_t i = 0; i < u->n_excluded; i++) mask[u->excluded[i].company] = u->excluded[i].rules;
    /* the applicant's own list first, in its order */
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
    if (rest) sb_printf(t, "; %d more host%s for other reasons (see --json)", rest, plural(rest));
    sb_printf(t, ".");
    free(mask), free(done);
    return MU_OK;
}

static int is_common(const mu_explain_applicant *u, int32_t r) {
    for (int32_t i = 0; i < u->n_common; i++)
        if (u->common[i] == r) return 1;
    return 0;
}

/* One eligible host of u, with what closes it. */
static void option_text(const mu_explanation *ex, const mu_explain_applicant *u, const mu_explain_option *h, sbuf *d) {
    char o1[16], o2[16], label[512];
    int full = h->seat == MU_SEAT_FULL;
    sb_printf(d, " %s (%s choice, weight %lld, ranked %s by the host)", com_id(ex, h->company),
              ordinal(h->applicant_rank, o1, sizeof o1), (long long)h->weight, ordinal(h->company_rank, o2, sizeof o2));
    /* its quota rows at their maximum; those common to every host were said already */
    int named_rows = 0;
    for (int32_t i = 0; i < h->n_rows; i++) {
        if (is_common(u, h->rows[i])) continue;
        row_label(ex, h->rows[i], label, sizeof label);
        sb_printf(d, "%s quota %s at its maximum (%lld)",
                  named_rows++ ? ","
                  : full       ? " —"
                               : ": a free seat, but",
                  label, (long long)ex->pb.rows[h->rows[i]].max);
    }
    switch (h->seat) {
    case MU_SEAT_HOST_BUDGET:
        sb_printf(d, "%s ", named_rows ? ";" : ":");
        budget_text(ex, h->budget, d);
        sb_printf(d, ".");
        return;
    case MU_SEAT_FULL:
        if (h->capacity == 0) {
            sb_printf(d, "%s it offers no seats.", named_rows ? ";" : ":");
            return;
        }
        sb_printf(d, "%s full with", named_rows ? ";" : ":");
        for (int32_t k = 0; k < h->n_held && k < MAX_NAMED; k++)
            sb_printf(d, "%s %s (weight %lld, ranked %s)", k ? "," : "", app_id(ex, h->held[k].applicant),
                      (long long)h->held[k].weight, ordinal(h->held[k].company_rank, o1, sizeof o1));
        if (h->n_held > MAX_NAMED) sb_printf(d, " and %d more", h->n_held - MAX_NAMED);
        sb_printf(d, ", %s.",
                  h->why == MU_HELD_RANKED_HIGHER_AND_HEAVIER ? "whom the host ranks higher and who carry more weight"
                  : h->why == MU_HELD_RANKED_HIGHER           ? "whom the host ranks higher"
                  : h->why == MU_HELD_HEAVIER                 ? "who carry more weight"
                                              : "placed there because the total weight is larger that way");
        return;
    case MU_SEAT_QUOTA: sb_printf(d, "%s", named_rows ? "." : ": a free seat, closed by that quota."); return;
    case MU_SEAT_OPEN:
        sb_printf(d, ": a free seat (%d of %d filled) and no quota in the way.", h->filled, h->capacity);
        return;
    }
}

int mu_explain_applicant_text(const mu_explanation *ex, const mu_explain_applicant *u, char *out, mu_error *err) {
    sbuf t = {.n = 0};
    if (u->reason == MU_WHY_INELIGIBLE) {
        int rc = ineligible_text(ex, u, &t, err);
        memcpy(out, t.s, t.n + 1);
        return rc;
    }
    sbuf d = {.n = 0};
    char label[512];
    for (int32_t i = 0; i < u->n_options; i++) option_text(ex, u, &u->options[i], &d);
    long long n = u->n_options;
    const char *s = n == 1 ? "" : "s";
    /* "quota" covers the host budget too: both are programme limits beyond seats */
    switch (u->reason) {
    case MU_WHY_NOT_MAXIMUM_WEIGHT:
        sb_printf(
            &t,
            "Eligible at %lld host%s, and one has a free seat with nothing in the way: placing them there would add "
            "weight, so this solution is not of maximum weight (status %s).",
            n, s, mu_status_name(ex->sol->status));
        break;
    case MU_WHY_ZERO_WEIGHT:
        sb_printf(&t, "Eligible at %lld host%s; the only open seat is on a pair of weight 0, which adds nothing.", n,
                  s);
        break;
    case MU_WHY_QUOTA:
        sb_printf(&t, "Eligible at %lld host%s with free seats, but a quota or the host budget at its limit closes %s.",
                  n, s, n == 1 ? "it" : "each");
        break;
    case MU_WHY_HOSTS_FULL_OR_QUOTA:
        if (n == 1) sb_printf(&t, "Eligible at 1 host, which is full and closed by a programme limit.");
        else sb_printf(&t, "Eligible at %lld host%s, each full or closed by a quota or the host budget.", n, s);
        break;
    default: sb_printf(&t, "Eligible at %lld host%s, %s full.", n, s, n == 1 ? "which is" : "all");
    }
    for (int32_t i = 0; i < u->n_common; i++) {
        row_label(ex, u->common[i], label, sizeof label);
        sb_printf(&t, " Quota %s is at its maximum (%lld) at %s.", label, (long long)ex->pb.rows[u->common[i]].max,
                  n == 1 ? "that host" : "every one of them");
    }
    sb_printf(&t, "%s", d.s);
    memcpy(out, t.s, t.n + 1);
    return MU_OK;
}

void mu_explain_skip_text(const mu_explanation *ex, char *out, size_t n) {
    switch (ex->skip.why) {
    case MU_SKIP_NONE: snprintf(out, n, "%s", ""); return;
    case MU_SKIP_NOT_ASKED: snprintf(out, n, "not asked for (--no-whatif)"); return;
    case MU_SKIP_TOO_LARGE:
        snprintf(out, n, "the instance has %lld eligible pairs, more than the %lld re-solving is done for",
                 (long long)ex->skip.pairs, (long long)ex->skip.max_pairs);
        return;
    case MU_SKIP_NOT_OPTIMAL:
        snprintf(out, n, "the instance as given did not solve to optimality (%s)", mu_status_name(ex->skip.status));
        return;
    case MU_SKIP_BUDGET:
        snprintf(out, n, "%d of %d re-solves done; the rest would exceed the budget (%d re-solves, %.0f s)",
                 ex->skip.done, ex->skip.candidates, ex->skip.max_resolves, ex->skip.max_seconds);
        return;
    case MU_SKIP_NOTHING_TO_PLACE: snprintf(out, n, "no unplaced applicant with an eligible pair"); return;
    }
}

/* The skip note as the JSON and the sentences carry it (256 bytes at most). */
static void skip_note(const mu_explanation *ex, char note[256]) { mu_explain_skip_text(ex, note, 256); }

/* The other placements a re-solve changes against this solution: the
 * applicants it also places, those it moves, those it leaves unplaced that
 * the maximum did not (the displaced are said apart). a is the one the
 * what-if is about. */
static int is_displaced(const mu_explain_resolve *w, int32_t a) {
    for (int32_t k = 0; k < w->n_displaced; k++)
        if (w->displaced[k] == a) return 1;
    return 0;
}

static void changes_text(const mu_explanation *ex, const mu_explain_resolve *w, int32_t a, sbuf *t) {
    int32_t named = 0, n = 0;
    for (int32_t k = 0; k < w->n_placed; k++) n += w->placed[k] != a;
    for (int32_t k = 0; k < w->n_placed; k++) {
        if (w->placed[k] == a) continue;
        if (named < MAX_NAMED)
            sb_printf(t, "%s%s (at %s)",
                      named == 0       ? " It also places "
                      : named + 1 == n ? " and "
                                       : ", ",
                      app_id(ex, w->placed[k]), com_id(ex, w->placed_at[k]));
        named++;
    }
    if (n > MAX_NAMED) sb_printf(t, " and %d more", n - MAX_NAMED);
    if (n) sb_printf(t, ".");
    for (int32_t k = 0; k < w->n_moved; k++)
        if (k < MAX_NAMED)
            sb_printf(t, "%s%s (from %s to %s)",
                      k == 0                ? " It moves "
                      : k + 1 == w->n_moved ? " and "
                                            : ", ",
                      app_id(ex, w->moved[k]), com_id(ex, w->moved_from[k]), com_id(ex, w->moved_to[k]));
    if (w->n_moved > MAX_NAMED) sb_printf(t, " and %d more", w->n_moved - MAX_NAMED);
    if (w->n_moved) sb_printf(t, ".");
    n = 0;
    for (int32_t k = 0; k < w->n_left; k++) n += !is_displaced(w, w->left[k]);
    named = 0;
    for (int32_t k = 0; k < w->n_left; k++) {
        if (is_displaced(w, w->left[k])) continue;
        if (named < MAX_NAMED)
            sb_printf(t, "%s%s",
                      named == 0       ? " It leaves unplaced "
                      : named + 1 == n ? " and "
                                       : ", ",
                      app_id(ex, w->left[k]));
        named++;
    }
    if (n > MAX_NAMED) sb_printf(t, " and %d more", n - MAX_NAMED);
    if (n) sb_printf(t, ".");
}

void mu_explain_whatif_text(const mu_explanation *ex, const mu_explain_applicant *u, char *out) {
    const mu_instance *inst = ex->inst;
    sbuf text = {.n = 0};
    char skipped[256];
    skip_note(ex, skipped);
    const mu_explain_whatif *wi = &u->whatif;
    int32_t a = u->applicant;
    if (!u->has_whatif) {
        out[0] = '\0';
        return;
    }
    switch (wi->kind) {
    case MU_WHATIF_NOT_COMPUTED: sb_printf(&text, " What-if: not computed: %s.", skipped); break;
    case MU_WHATIF_NO_CHANGE:
        sb_printf(&text,
                  " What-if: musubi's own maximum-weight solution places %s at %s with no change (this solution is "
                  "another one, weight %lld against %lld).",
                  app_id(ex, a), com_id(ex, wi->company), (long long)ex->sol->objective, (long long)ex->max_weight);
        break;
    case MU_WHATIF_CHANGE: {
        const mu_explain_resolve *w = &ex->resolves[wi->resolve];
        const char *at = com_id(ex, wi->company);
        long long delta = wi->weight_delta;
        if (w->change == MU_CHANGE_SEAT)
            sb_printf(&text, " What-if: one more seat at %s places %s (at %s); total weight %+lld.",
                      com_id(ex, w->target), app_id(ex, a), at, delta);
        else if (w->change == MU_CHANGE_MAX_PARTICIPATING)
            sb_printf(&text, " What-if: letting %lld host%s take part places %s (at %s); total weight %+lld.",
                      (long long)w->bound, plural(w->bound), app_id(ex, a), at, delta);
        else if (w->change == MU_CHANGE_MAX_PER_HOST)
            sb_printf(&text, " What-if: allowing %lld intern%s a host places %s (at %s); total weight %+lld.",
                      (long long)w->bound, plural(w->bound), app_id(ex, a), at, delta);
        else
            sb_printf(&text, " What-if: raising quota %s's max to %lld places %s (at %s); total weight %+lld.",
                      inst->quotas[w->target].name, (long long)w->bound, app_id(ex, a), at, delta);
        changes_text(ex, w, a, &text);
        if (w->n_displaced) {
            sbuf lost = {.n = 0};
            for (int32_t k = 0; k < w->n_displaced && k < MAX_NAMED; k++)
                sb_printf(&lost, "%s%s", k ? ", " : "", app_id(ex, w->displaced[k]));
            sb_printf(&text, " It takes %s place%s from %s%s.", w->n_displaced == 1 ? "a" : "the",
                      w->n_displaced == 1 ? "" : "s", lost.s, w->n_displaced > MAX_NAMED ? " and others" : "");
        }
        if (wi->alternatives > 0)
            sb_printf(&text, " (%d other single change%s would also place them.)", wi->alternatives,
                      plural(wi->alternatives));
        break;
    }
    case MU_WHATIF_NONE_FOUND:
        sb_printf(&text, " What-if: no single extra seat at a full host%s%s places %s (%d re-solves tried%s%s).",
                  inst->n_quotas ? ", no quota raised by one" : "",
                  inst->hosts.given ? ", no host budget raised by one" : "", app_id(ex, a), ex->n_resolves,
                  skipped[0] ? "; " : "", skipped);
        break;
    }
    size_t skip = text.s[0] == ' ';
    memcpy(out, text.s + skip, text.n + 1 - skip);
}

/* ---- a host below capacity */

void mu_explain_host_text(const mu_explanation *ex, const mu_explain_host *h, char *out) {
    sbuf t = {.n = 0}, d = {.n = 0};
    char label[512];
    sb_printf(&t, "%d of %d seats empty. ", h->capacity - h->filled, h->capacity);
    if (h->budget) {
        sbuf b = {.n = 0};
        budget_text(ex, h->budget, &b);
        b.s[0] = (char)(b.s[0] - 32); /* capitalised: the text starts with "the" */
        sb_printf(&t, "%s. ", b.s);
    }
    int32_t named = 0, open = 0, blocked = 0;
    for (int32_t i = 0; i < h->n_eligible; i++) {
        const mu_explain_candidate *e = &h->eligible[i];
        const char *id = app_id(ex, e->applicant);
        switch (e->fate) {
        case MU_FATE_HERE: break;
        case MU_FATE_ELSEWHERE:
            if (named++ < MAX_NAMED)
                sb_printf(&d, "%s %s went to %s (weight %lld there, %lld here)", named > 1 ? ";" : "", id,
                          com_id(ex, e->placed_at), (long long)e->weight_there, (long long)e->weight_here);
            break;
        case MU_FATE_QUOTA:
            blocked++;
            if (named++ < MAX_NAMED) {
                row_label(ex, e->rows[0], label, sizeof label);
                sb_printf(&d, "%s %s is unplaced but quota %s is at its maximum", named > 1 ? ";" : "", id, label);
            }
            break;
        case MU_FATE_HOST_BUDGET:
            blocked++;
            if (named++ < MAX_NAMED)
                sb_printf(&d, "%s %s is unplaced, held back by the host budget", named > 1 ? ";" : "", id);
            break;
        case MU_FATE_OPEN:
            open++;
            if (named++ < MAX_NAMED)
                sb_printf(&d, "%s %s is unplaced with nothing in the way (weight %lld)", named > 1 ? ";" : "", id,
                          (long long)e->weight_here);
            break;
        }
    }
    if (named > MAX_NAMED) sb_printf(&d, "; and %d more", named - MAX_NAMED);
    if (h->reason == MU_EMPTY_NO_ELIGIBLE) {
        sb_printf(&t, "No applicant is eligible here:");
        int first = 1;
        for (int bit = 0; bit < MU_RULE_COUNT; bit++)
            if (h->excluded_by[bit]) {
                sb_printf(&t, "%s %s (%lld)", first ? "" : ";", mu_rule_text(bit), (long long)h->excluded_by[bit]);
                first = 0;
            }
        if (first) sb_printf(&t, " there are no applicants");
        sb_printf(&t, " (applicants counted under every rule that excludes them).");
    } else {
        int32_t others = h->n_eligible - h->filled;
        if (!open && !blocked)
            sb_printf(&t, "All %d eligible applicant%s %s placed elsewhere, where the total weight is larger:", others,
                      others == 1 ? "" : "s", others == 1 ? "is" : "are");
        else if (!open)
            sb_printf(&t,
                      "Its other eligible applicants are placed elsewhere or held back by a quota or the host budget:");
        else
            sb_printf(&t, "An eligible applicant is unplaced with nothing in the way, so this solution is not of "
                          "maximum weight:");
        sb_printf(&t, "%s.", d.s);
    }
    memcpy(out, t.s, t.n + 1);
}

/* ---- placed applicants and hosts, against their own rankings */

const char *mu_explain_not_name(mu_explain_not why) {
    switch (why) {
    case MU_NOT_RULE: return "rule";
    case MU_NOT_PREFERS: return "prefers_placement";
    case MU_NOT_FULL: return "full";
    case MU_NOT_QUOTA: return "quota";
    case MU_NOT_HOST_BUDGET: return "host_budget";
    case MU_NOT_WEIGHT: return "weight";
    }
    return "?";
}

/* The quota rows of h in words: "quota X at its maximum (2), quota Y ...". */
static void rows_text(const mu_explanation *ex, const mu_explain_higher *h, sbuf *t) {
    char label[512];
    for (int32_t i = 0; i < h->n_rows && i < MAX_NAMED; i++) {
        row_label(ex, h->rows[i], label, sizeof label);
        sb_printf(t, "%squota %s at its maximum (%lld)", i ? ", " : "", label, (long long)ex->pb.rows[h->rows[i]].max);
    }
    if (h->n_rows > MAX_NAMED) sb_printf(t, " and %d more", h->n_rows - MAX_NAMED);
}

/* Why a placed applicant is not at host h->company. */
static void higher_host_text(const mu_explanation *ex, const mu_explain_higher *h, sbuf *t) {
    char o1[16], o2[16];
    const char *who = app_id(ex, h->applicant);
    sb_printf(t, "%s (%s choice", com_id(ex, h->company), ordinal(h->applicant_rank, o1, sizeof o1));
    if (h->why != MU_NOT_RULE)
        sb_printf(t, ", weight %lld, ranked %s by the host", (long long)h->weight,
                  ordinal(h->company_rank, o2, sizeof o2));
    sb_printf(t, "): ");
    switch (h->why) {
    case MU_NOT_RULE:
        sb_printf(t, "not eligible: ");
        host_rules(ex->inst, h->rules, h->applicant, h->company, t);
        break;
    case MU_NOT_PREFERS: sb_printf(t, "%s prefers where they are", who); break;
    case MU_NOT_FULL:
        if (h->capacity == 0) {
            sb_printf(t, "it offers no seats");
            break;
        }
        sb_printf(t, "full with");
        for (int32_t k = 0; k < h->n_held && k < MAX_NAMED; k++)
            sb_printf(t, "%s %s (weight %lld, ranked %s)", k ? "," : "", app_id(ex, h->held[k].applicant),
                      (long long)h->held[k].weight, ordinal(h->held[k].company_rank, o1, sizeof o1));
        if (h->n_held > MAX_NAMED) sb_printf(t, " and %d more", h->n_held - MAX_NAMED);
        sb_printf(t, ", %s",
                  h->held_why == MU_HELD_RANKED_HIGHER_AND_HEAVIER
                      ? "whom the host ranks higher and who carry more weight"
                  : h->held_why == MU_HELD_RANKED_HIGHER ? "whom the host ranks higher"
                  : h->held_why == MU_HELD_HEAVIER       ? "who carry more weight"
                                                         : "placed there because the total weight is larger that way");
        break;
    case MU_NOT_QUOTA:
        sb_printf(t, "a free seat, but ");
        rows_text(ex, h, t);
        break;
    case MU_NOT_HOST_BUDGET:
        sb_printf(t, "a free seat, but ");
        budget_text(ex, h->budget, t);
        break;
    case MU_NOT_WEIGHT:
        if (h->weight_change < 0)
            sb_printf(t, "a free seat, but an assignment that placed %s there weighs less: %lld", who,
                      (long long)h->weight_change);
        else if (h->weight_change == 0)
            sb_printf(t, "a free seat, and placing %s there weighs the same: a tie between optima", who);
        else
            sb_printf(t, "a free seat, and placing %s there adds %lld: this solution is not of maximum weight", who,
                      (long long)h->weight_change);
        break;
    }
}

void mu_explain_placed_text(const mu_explanation *ex, const mu_explain_placed *p, char *out) {
    sbuf t = {.n = 0};
    char o1[16];
    sb_printf(&t, "Placed at %s", com_id(ex, p->company));
    if (p->rank > 0) sb_printf(&t, ", their %s choice", ordinal(p->rank, o1, sizeof o1));
    sb_printf(&t, " (weight %lld).", (long long)p->weight);
    if (p->n_higher == 0 && p->rank > 0)
        sb_printf(&t, " No host they rank higher%s.", p->rank == 1 ? ": it is their first choice" : " is left");
    for (int32_t i = 0; i < p->n_higher; i++) {
        sb_printf(&t, " ");
        higher_host_text(ex, &p->higher[i], &t);
        sb_printf(&t, ".");
    }
    memcpy(out, t.s, t.n + 1);
}

/* Why the host does not have applicant h->applicant. */
static void higher_applicant_text(const mu_explanation *ex, const mu_explain_ranked *r, const mu_explain_higher *h,
                                  sbuf *t) {
    char o1[16], o2[16];
    const char *who = app_id(ex, h->applicant);
    sb_printf(t, "%s (ranked %s): ", who, ordinal(h->company_rank, o1, sizeof o1));
    if (h->why == MU_NOT_RULE) {
        sb_printf(t, "not eligible here: ");
        host_rules(ex->inst, h->rules, h->applicant, h->company, t);
        return;
    }
    if (h->placed_at >= 0)
        sb_printf(t, "placed at %s (their %s choice, weight %lld)", com_id(ex, h->placed_at),
                  ordinal(h->rank_there, o1, sizeof o1), (long long)h->weight_there);
    else sb_printf(t, "unplaced");
    switch (h->why) {
    case MU_NOT_RULE: break;
    case MU_NOT_PREFERS:
        sb_printf(t, ", which they rank above this host (their %s choice)", ordinal(h->applicant_rank, o2, sizeof o2));
        break;
    case MU_NOT_FULL: break; /* the host side never says full */
    case MU_NOT_QUOTA:
        sb_printf(t, "; ");
        rows_text(ex, h, t);
        break;
    case MU_NOT_HOST_BUDGET:
        sb_printf(t, "; ");
        budget_text(ex, h->budget, t);
        break;
    case MU_NOT_WEIGHT:
        sb_printf(t, "; taking them here (weight %lld", (long long)h->weight);
        if (h->gives_way >= 0) sb_printf(t, ", in place of %s", app_id(ex, h->gives_way));
        if (h->weight_change < 0) sb_printf(t, ") weighs less: %lld", (long long)h->weight_change);
        else if (h->weight_change == 0) sb_printf(t, ") weighs the same: a tie between optima");
        else sb_printf(t, ") adds %lld: this solution is not of maximum weight", (long long)h->weight_change);
        break;
    }
    (void)r;
}

void mu_explain_ranked_text(const mu_explanation *ex, const mu_explain_ranked *r, char *out) {
    sbuf t = {.n = 0};
    char o1[16];
    if (r->capacity == 0) sb_printf(&t, "Offers no seats.");
    else if (r->filled >= r->capacity) sb_printf(&t, "Full (%d of %d seats).", r->filled, r->capacity);
    else sb_printf(&t, "%d of %d seats filled.", r->filled, r->capacity);
    if (r->lowest < 0) {
        sb_printf(&t, " No intern%s.", r->capacity ? ", so no applicant is ranked above one" : "");
        memcpy(out, t.s, t.n + 1);
        return;
    }
    sb_printf(&t, " Its lowest-ranked intern is %s (ranked %s)", app_id(ex, r->lowest),
              ordinal(r->lowest_rank, o1, sizeof o1));
    if (r->n_higher == 0) sb_printf(&t, ", and every applicant it ranks higher is its intern.");
    else sb_printf(&t, ". Ranked higher but not here:");
    for (int32_t i = 0; i < r->n_higher; i++) {
        if (i == MAX_NAMED * 2) {
            sb_printf(&t, " and %d more (see --json).", r->n_higher - i);
            break;
        }
        sb_printf(&t, " ");
        higher_applicant_text(ex, r, &r->higher[i], &t);
        sb_printf(&t, ";");
    }
    if (r->n_higher && t.n > 0 && t.s[t.n - 1] == ';') t.s[t.n - 1] = '.';
    memcpy(out, t.s, t.n + 1);
}

/* ---- notes on the whole explanation */

int mu_explain_note(const mu_explanation *ex, int k, char *out, size_t n) {
    const mu_instance *inst = ex->inst;
    const mu_solution *sol = ex->sol;
    char note[400];
    int i = 0;
    if (sol->criterion[0] && strcmp(sol->criterion, "weight") != 0 && i++ == k) {
        snprintf(note, 160, "this solution optimises %s; the explanations speak of pair weights", sol->criterion);
    } else if (ex->whatif_computed && ex->max_weight != sol->objective && i++ == k) {
        snprintf(note, 200, "this solution's total weight %lld is below the maximum %lld", (long long)sol->objective,
                 (long long)ex->max_weight);
    } else if (!sol->has_assignment && ex->infeasible.n > 0 && i++ == k) {
        char why[300];
        mu_diagnosis_text(&ex->infeasible, why, sizeof why);
        snprintf(note, 400, "status infeasible: these constraints conflict%s: %s",
                 ex->infeasible.minimal ? " (each one needed)" : "", why);
    } else if (!sol->has_assignment && ex->infeasible.n == 0 && i++ == k) {
        snprintf(note, 200, "status %s: the solution has no assignment, so there is no placement to explain",
                 mu_status_name(sol->status));
    } else if (ex->placed_applicant >= 0 && i++ == k) {
        int32_t a = ex->placed_applicant;
        snprintf(note, 400, "%s is placed at %s (weight %lld)", app_id(ex, a), com_id(ex, sol->app_com[a]),
                 (long long)sol->app_w[a]);
    } else if (ex->full_company >= 0 && i++ == k) {
        int32_t c = ex->full_company;
        if (inst->com[c].capacity == 0) snprintf(note, 300, "%s offers no seats", com_id(ex, c));
        else snprintf(note, 300, "%s is full (%d of %d seats)", com_id(ex, c), ex->filled[c], inst->com[c].capacity);
    } else return 0;
    snprintf(out, n, "%s", note);
    return 1;
}

/* ---- the sentences */

int mu_explain_write_text(FILE *out, const mu_explanation *ex, mu_error *err) {
    char *t = mu_alloc(MU_EXPLAIN_TEXT_MAX, 1, err);
    char note[400];
    if (!t) return MU_ENOMEM;
    fprintf(out, "%s: %s, %.0f of %.0f applicants placed, total weight %.0f", ex->inst->path,
            mu_status_name(ex->sol->status), (double)ex->placements, (double)ex->inst->n_app,
            (double)ex->sol->objective);
    if (ex->whatif_computed) fprintf(out, " (maximum %.0f)", (double)ex->max_weight);
    fputs("\n", out);
    for (int k = 0; mu_explain_note(ex, k, note, sizeof note); k++) fprintf(out, "note: %s\n", note);
    mu_explain_skip_text(ex, note, 256);
    if (*note) fprintf(out, "note: what-ifs: %s\n", note);
    if (ex->n_unplaced) fprintf(out, "\nUnplaced applicants (%d)\n", ex->n_unplaced);
    for (int32_t i = 0; i < ex->n_unplaced; i++) {
        const mu_explain_applicant *u = &ex->unplaced[i];
        const char *name = name_of(ex, u->applicant);
        fprintf(out, "\n%s", app_id(ex, u->applicant));
        if (name && *name) fprintf(out, " (%s)", name);
        if (mu_explain_applicant_text(ex, u, t, err)) return free(t), MU_ENOMEM;
        fprintf(out, ": %s\n", t);
        mu_explain_whatif_text(ex, u, t);
        if (*t) fprintf(out, "  %s\n", t);
    }
    if (ex->n_hosts) fprintf(out, "\nHosts below capacity (%d)\n", ex->n_hosts);
    for (int32_t i = 0; i < ex->n_hosts; i++) {
        mu_explain_host_text(ex, &ex->hosts[i], t);
        fprintf(out, "\n%s: %s\n", com_id(ex, ex->hosts[i].company), t);
    }
    if (ex->n_placed) fprintf(out, "\nPlaced applicants: why not a higher choice (%d)\n", ex->n_placed);
    for (int32_t i = 0; i < ex->n_placed; i++) {
        const char *name = name_of(ex, ex->placed[i].applicant);
        fprintf(out, "\n%s", app_id(ex, ex->placed[i].applicant));
        if (name && *name) fprintf(out, " (%s)", name);
        mu_explain_placed_text(ex, &ex->placed[i], t);
        fprintf(out, ": %s\n", t);
    }
    if (ex->n_ranked) fprintf(out, "\nHosts: why not a higher-ranked applicant (%d)\n", ex->n_ranked);
    for (int32_t i = 0; i < ex->n_ranked; i++) {
        mu_explain_ranked_text(ex, &ex->ranked[i], t);
        fprintf(out, "\n%s: %s\n", com_id(ex, ex->ranked[i].company), t);
    }
    free(t);
    return MU_OK;
}

/* ---- the JSON document */

static cJSON *rule_names(uint32_t mask) {
    cJSON *arr = cJSON_CreateArray();
    for (int bit = 0; arr && bit < MU_RULE_COUNT; bit++)
        if (mask & (1u << bit)) cJSON_AddItemToArray(arr, cJSON_CreateString(mu_rule_name(bit)));
    return arr;
}

static cJSON *row_labels(const mu_explanation *ex, const int32_t *rows, int32_t n) {
    cJSON *arr = cJSON_CreateArray();
    char label[512];
    for (int32_t i = 0; arr && i < n; i++) {
        row_label(ex, rows[i], label, sizeof label);
        cJSON_AddItemToArray(arr, cJSON_CreateString(label));
    }
    return arr;
}

/* The hosts u is ineligible at, grouped by their rules, in first-seen order. */
static cJSON *exclusion_groups(const mu_explain_applicant *u, const mu_explanation *ex) {
    cJSON *groups = cJSON_CreateArray();
    uint8_t *done = calloc((size_t)u->n_excluded + 1, 1);
    for (int32_t i = 0; groups && done && i < u->n_excluded; i++) {
        if (done[i]) continue;
        cJSON *g = cJSON_CreateObject(), *ids = cJSON_CreateArray();
        cJSON_AddItemToArray(groups, g);
        cJSON_AddItemToObject(g, "rules", rule_names(u->excluded[i].rules));
        cJSON_AddItemToObject(g, "companies", ids);
        for (int32_t j = i; j < u->n_excluded; j++)
            if (!done[j] && u->excluded[j].rules == u->excluded[i].rules) {
                done[j] = 1;
                cJSON_AddItemToArray(ids, cJSON_CreateString(com_id(ex, u->excluded[j].company)));
            }
    }
    free(done);
    return groups;
}

static cJSON *whatif_json(const mu_explanation *ex, const mu_explain_applicant *u) {
    const mu_instance *inst = ex->inst;
    const mu_explain_whatif *wi = &u->whatif;
    char skipped[256];
    skip_note(ex, skipped);
    cJSON *j = cJSON_CreateObject();
    if (!j) return NULL;
    switch (wi->kind) {
    case MU_WHATIF_NOT_COMPUTED: cJSON_AddStringToObject(j, "skipped", skipped); break;
    case MU_WHATIF_NO_CHANGE:
        cJSON_AddStringToObject(j, "change", "none");
        cJSON_AddStringToObject(j, "company", com_id(ex, wi->company));
        cJSON_AddNumberToObject(j, "weight_change", (double)wi->weight_delta);
        break;
    case MU_WHATIF_CHANGE: {
        const mu_explain_resolve *w = &ex->resolves[wi->resolve];
        cJSON_AddStringToObject(j, "change",
                                w->change == MU_CHANGE_SEAT    ? "seat"
                                : w->change == MU_CHANGE_QUOTA ? "quota"
                                                               : "host_budget");
        if (w->change == MU_CHANGE_SEAT) cJSON_AddStringToObject(j, "company", com_id(ex, w->target));
        else if (w->change == MU_CHANGE_QUOTA) {
            cJSON_AddStringToObject(j, "quota", inst->quotas[w->target].name);
            cJSON_AddNumberToObject(j, "max", (double)w->bound);
        } else {
            cJSON_AddStringToObject(j, "bound",
                                    w->change == MU_CHANGE_MAX_PARTICIPATING ? "max_participating" : "max_per_host");
            cJSON_AddNumberToObject(j, "max", (double)w->bound);
        }
        cJSON_AddStringToObject(j, "places_at", com_id(ex, wi->company));
        cJSON_AddNumberToObject(j, "weight_change", (double)wi->weight_delta);
        cJSON_AddNumberToObject(j, "alternatives", wi->alternatives);
        cJSON *gone = cJSON_AddArrayToObject(j, "displaces");
        for (int32_t k = 0; gone && k < w->n_displaced; k++)
            cJSON_AddItemToArray(gone, cJSON_CreateString(app_id(ex, w->displaced[k])));
        /* every placement the re-solve changes against this solution */
        cJSON *pl = cJSON_AddArrayToObject(j, "places");
        for (int32_t k = 0; pl && k < w->n_placed; k++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddItemToArray(pl, e);
            cJSON_AddStringToObject(e, "applicant", app_id(ex, w->placed[k]));
            cJSON_AddStringToObject(e, "company", com_id(ex, w->placed_at[k]));
        }
        cJSON *mv = cJSON_AddArrayToObject(j, "moves");
        for (int32_t k = 0; mv && k < w->n_moved; k++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddItemToArray(mv, e);
            cJSON_AddStringToObject(e, "applicant", app_id(ex, w->moved[k]));
            cJSON_AddStringToObject(e, "from", com_id(ex, w->moved_from[k]));
            cJSON_AddStringToObject(e, "to", com_id(ex, w->moved_to[k]));
        }
        cJSON *lf = cJSON_AddArrayToObject(j, "leaves_unplaced");
        for (int32_t k = 0; lf && k < w->n_left; k++)
            cJSON_AddItemToArray(lf, cJSON_CreateString(app_id(ex, w->left[k])));
        break;
    }
    case MU_WHATIF_NONE_FOUND:
        cJSON_AddStringToObject(j, "change", "none_found");
        cJSON_AddNumberToObject(j, "tried", ex->n_resolves);
        if (skipped[0]) cJSON_AddStringToObject(j, "note", skipped);
        break;
    }
    return j;
}

static cJSON *applicant_json(const mu_explanation *ex, const mu_explain_applicant *u, char *t, mu_error *err) {
    cJSON *j = cJSON_CreateObject();
    if (!j) return NULL;
    cJSON_AddStringToObject(j, "applicant", app_id(ex, u->applicant));
    const char *name = name_of(ex, u->applicant);
    if (name) cJSON_AddStringToObject(j, "name", name);
    if (u->reason == MU_WHY_INELIGIBLE) {
        cJSON_AddStringToObject(j, "reason", "ineligible");
        cJSON_AddItemToObject(j, "rules", rule_names(u->own_rules));
        cJSON_AddItemToObject(j, "excluded", exclusion_groups(u, ex));
    } else {
        cJSON *hosts = cJSON_AddArrayToObject(j, "hosts");
        for (int32_t i = 0; hosts && i < u->n_options; i++) {
            const mu_explain_option *o = &u->options[i];
            cJSON *h = cJSON_CreateObject();
            cJSON_AddItemToArray(hosts, h);
            cJSON_AddStringToObject(h, "company", com_id(ex, o->company));
            cJSON_AddNumberToObject(h, "weight", (double)o->weight);
            cJSON_AddNumberToObject(h, "applicant_rank", o->applicant_rank);
            cJSON_AddNumberToObject(h, "company_rank", o->company_rank);
            cJSON_AddNumberToObject(h, "capacity", o->capacity);
            cJSON_AddNumberToObject(h, "filled", o->filled);
            cJSON_AddItemToObject(h, "quota_rows", row_labels(ex, o->rows, o->n_rows));
            if (o->seat == MU_SEAT_HOST_BUDGET) cJSON_AddStringToObject(h, "host_budget", budget_name(o->budget));
            else if (o->seat == MU_SEAT_FULL) {
                cJSON *held = cJSON_AddArrayToObject(h, "held_by");
                for (int32_t k = 0; held && k < o->n_held; k++) {
                    cJSON *e = cJSON_CreateObject();
                    cJSON_AddItemToArray(held, e);
                    cJSON_AddStringToObject(e, "applicant", app_id(ex, o->held[k].applicant));
                    cJSON_AddNumberToObject(e, "weight", (double)o->held[k].weight);
                    cJSON_AddNumberToObject(e, "company_rank", o->held[k].company_rank);
                }
                cJSON_AddStringToObject(h, "why", held_name(o->why));
            }
        }
        cJSON_AddStringToObject(j, "reason", mu_explain_reason_name(u->reason));
    }
    if (mu_explain_applicant_text(ex, u, t, err)) return cJSON_Delete(j), NULL;
    cJSON_AddStringToObject(j, "summary", t);
    if (u->has_whatif) {
        cJSON_AddItemToObject(j, "whatif", whatif_json(ex, u));
        mu_explain_whatif_text(ex, u, t);
        cJSON_AddStringToObject(j, "whatif_text", t);
    }
    return j;
}

static cJSON *host_json(const mu_explanation *ex, const mu_explain_host *h, char *t) {
    cJSON *j = cJSON_CreateObject();
    if (!j) return NULL;
    cJSON_AddStringToObject(j, "company", com_id(ex, h->company));
    cJSON_AddNumberToObject(j, "capacity", h->capacity);
    cJSON_AddNumberToObject(j, "filled", h->filled);
    if (h->budget) cJSON_AddStringToObject(j, "host_budget", budget_name(h->budget));
    cJSON *elig = cJSON_AddArrayToObject(j, "eligible");
    for (int32_t i = 0; elig && i < h->n_eligible; i++) {
        const mu_explain_candidate *d = &h->eligible[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToArray(elig, e);
        cJSON_AddStringToObject(e, "applicant", app_id(ex, d->applicant));
        cJSON_AddNumberToObject(e, "weight_here", (double)d->weight_here);
        if (d->placed_at >= 0) cJSON_AddStringToObject(e, "placed_at", com_id(ex, d->placed_at));
        if (d->fate == MU_FATE_ELSEWHERE) cJSON_AddNumberToObject(e, "weight_there", (double)d->weight_there);
        if (d->placed_at < 0) {
            cJSON_AddNullToObject(e, "placed_at");
            cJSON_AddItemToObject(e, "quota_rows", row_labels(ex, d->rows, d->n_rows));
        }
    }
    cJSON_AddStringToObject(j, "reason", mu_explain_empty_name(h->reason));
    if (h->reason == MU_EMPTY_NO_ELIGIBLE) {
        cJSON *by = cJSON_AddObjectToObject(j, "excluded_by");
        for (int bit = 0; by && bit < MU_RULE_COUNT; bit++)
            if (h->excluded_by[bit]) cJSON_AddNumberToObject(by, mu_rule_name(bit), (double)h->excluded_by[bit]);
    }
    mu_explain_host_text(ex, h, t);
    cJSON_AddStringToObject(j, "summary", t);
    return j;
}

/* One pair ranked higher, and why it is not in the solution. */
static cJSON *higher_json(const mu_explanation *ex, const mu_explain_higher *h, int host_side) {
    cJSON *e = cJSON_CreateObject();
    if (!e) return NULL;
    if (host_side) cJSON_AddStringToObject(e, "applicant", app_id(ex, h->applicant));
    else cJSON_AddStringToObject(e, "company", com_id(ex, h->company));
    cJSON_AddNumberToObject(e, "applicant_rank", h->applicant_rank);
    cJSON_AddNumberToObject(e, "company_rank", h->company_rank);
    cJSON_AddNumberToObject(e, "weight", (double)h->weight);
    cJSON_AddStringToObject(e, "reason", mu_explain_not_name(h->why));
    if (host_side) {
        if (h->placed_at >= 0) {
            cJSON_AddStringToObject(e, "placed_at", com_id(ex, h->placed_at));
            cJSON_AddNumberToObject(e, "rank_there", h->rank_there);
            cJSON_AddNumberToObject(e, "weight_there", (double)h->weight_there);
        } else cJSON_AddNullToObject(e, "placed_at");
    }
    switch (h->why) {
    case MU_NOT_RULE: cJSON_AddItemToObject(e, "rules", rule_names(h->rules)); break;
    case MU_NOT_PREFERS: break;
    case MU_NOT_FULL: {
        cJSON_AddNumberToObject(e, "capacity", h->capacity);
        cJSON *held = cJSON_AddArrayToObject(e, "held_by");
        for (int32_t k = 0; held && k < h->n_held; k++) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddItemToArray(held, x);
            cJSON_AddStringToObject(x, "applicant", app_id(ex, h->held[k].applicant));
            cJSON_AddNumberToObject(x, "weight", (double)h->held[k].weight);
            cJSON_AddNumberToObject(x, "company_rank", h->held[k].company_rank);
        }
        cJSON_AddStringToObject(e, "why", held_name(h->held_why));
        break;
    }
    case MU_NOT_QUOTA: cJSON_AddItemToObject(e, "quota_rows", row_labels(ex, h->rows, h->n_rows)); break;
    case MU_NOT_HOST_BUDGET: cJSON_AddStringToObject(e, "host_budget", budget_name(h->budget)); break;
    case MU_NOT_WEIGHT:
        if (h->gives_way >= 0) cJSON_AddStringToObject(e, "gives_way", app_id(ex, h->gives_way));
        cJSON_AddNumberToObject(e, "weight_change", (double)h->weight_change);
        break;
    }
    return e;
}

static cJSON *placed_json(const mu_explanation *ex, const mu_explain_placed *p, char *t) {
    cJSON *j = cJSON_CreateObject();
    if (!j) return NULL;
    cJSON_AddStringToObject(j, "applicant", app_id(ex, p->applicant));
    const char *name = name_of(ex, p->applicant);
    if (name) cJSON_AddStringToObject(j, "name", name);
    cJSON_AddStringToObject(j, "company", com_id(ex, p->company));
    cJSON_AddNumberToObject(j, "rank", p->rank);
    cJSON_AddNumberToObject(j, "weight", (double)p->weight);
    cJSON *hs = cJSON_AddArrayToObject(j, "higher");
    for (int32_t i = 0; hs && i < p->n_higher; i++) cJSON_AddItemToArray(hs, higher_json(ex, &p->higher[i], 0));
    mu_explain_placed_text(ex, p, t);
    cJSON_AddStringToObject(j, "summary", t);
    return j;
}

static cJSON *ranked_json(const mu_explanation *ex, const mu_explain_ranked *r, char *t) {
    cJSON *j = cJSON_CreateObject();
    if (!j) return NULL;
    cJSON_AddStringToObject(j, "company", com_id(ex, r->company));
    cJSON_AddNumberToObject(j, "capacity", r->capacity);
    cJSON_AddNumberToObject(j, "filled", r->filled);
    if (r->lowest >= 0) {
        cJSON_AddStringToObject(j, "lowest_intern", app_id(ex, r->lowest));
        cJSON_AddNumberToObject(j, "lowest_rank", r->lowest_rank);
    } else cJSON_AddNullToObject(j, "lowest_intern");
    cJSON *hs = cJSON_AddArrayToObject(j, "higher");
    for (int32_t i = 0; hs && i < r->n_higher; i++) cJSON_AddItemToArray(hs, higher_json(ex, &r->higher[i], 1));
    mu_explain_ranked_text(ex, r, t);
    cJSON_AddStringToObject(j, "summary", t);
    return j;
}

/* The document; NULL when out of memory. */
static cJSON *document(const mu_explanation *ex, char *t, mu_error *err) {
    const mu_instance *inst = ex->inst;
    const mu_solution *sol = ex->sol;
    cJSON *doc = cJSON_CreateObject();
    if (!doc) return NULL;
    cJSON_AddStringToObject(doc, "format", "musubi-explain-1");
    cJSON_AddStringToObject(doc, "instance", inst->path);
    cJSON_AddStringToObject(doc, "instance_name", mu_instance_name(inst));
    cJSON_AddStringToObject(doc, "status", mu_status_name(sol->status));
    cJSON_AddNumberToObject(doc, "placements", ex->placements);
    cJSON_AddNumberToObject(doc, "applicants", inst->n_app);
    cJSON_AddNumberToObject(doc, "weight", (double)sol->objective);
    if (ex->whatif_computed) cJSON_AddNumberToObject(doc, "max_weight", (double)ex->max_weight);
    else cJSON_AddNullToObject(doc, "max_weight");
    char note[400];
    cJSON *wj = cJSON_AddObjectToObject(doc, "whatif");
    cJSON_AddBoolToObject(wj, "computed", ex->whatif_computed);
    cJSON_AddNumberToObject(wj, "resolves", ex->n_resolves + ex->whatif_computed);
    skip_note(ex, note);
    if (note[0]) cJSON_AddStringToObject(wj, "note", note);
    cJSON *notes = cJSON_AddArrayToObject(doc, "notes");
    for (int k = 0; notes && mu_explain_note(ex, k, note, sizeof note); k++)
        cJSON_AddItemToArray(notes, cJSON_CreateString(note));
    cJSON *un = cJSON_AddArrayToObject(doc, "unplaced");
    for (int32_t i = 0; un && i < ex->n_unplaced; i++) {
        cJSON *u = applicant_json(ex, &ex->unplaced[i], t, err);
        if (!u) return cJSON_Delete(doc), NULL;
        cJSON_AddItemToArray(un, u);
    }
    cJSON *hb = cJSON_AddArrayToObject(doc, "hosts_below_capacity");
    for (int32_t i = 0; hb && i < ex->n_hosts; i++) cJSON_AddItemToArray(hb, host_json(ex, &ex->hosts[i], t));
    cJSON *pl = cJSON_AddArrayToObject(doc, "placed");
    for (int32_t i = 0; pl && i < ex->n_placed; i++) cJSON_AddItemToArray(pl, placed_json(ex, &ex->placed[i], t));
    cJSON *rk = cJSON_AddArrayToObject(doc, "hosts_ranked");
    for (int32_t i = 0; rk && i < ex->n_ranked; i++) cJSON_AddItemToArray(rk, ranked_json(ex, &ex->ranked[i], t));
    if (ex->counted) {
        cJSON_AddNumberToObject(doc, "unplaced_total", ex->unplaced_total);
        cJSON_AddNumberToObject(doc, "hosts_below_capacity_total", ex->hosts_total);
    }
    return doc;
}

/* cJSON's formatted text with two spaces for its tabs (JSON strings hold no
 * raw tab, so every tab is layout). */
static void print_json(FILE *o, const char *text) {
    int line_start = 1;
    for (const char *p = text; *p; p++) {
        if (*p == '\t') fputs(line_start ? "  " : " ", o);
        else fputc(*p, o), line_start = *p == '\n';
    }
    fputc('\n', o);
}

int mu_explain_write_json(FILE *out, const mu_explanation *ex, mu_error *err) {
    char *t = mu_alloc(MU_EXPLAIN_TEXT_MAX, 1, err);
    cJSON *doc = t ? document(ex, t, err) : NULL;
    char *text = doc ? cJSON_Print(doc) : NULL;
    free(t);
    cJSON_Delete(doc);
    if (!text) /* said already when ours failed; cJSON's own failures are not */
        return err && err->code == MU_ENOMEM ? MU_ENOMEM : mu_err(err, MU_ENOMEM, "out of memory");
    print_json(out, text);
    free(text);
    return MU_OK;
}
