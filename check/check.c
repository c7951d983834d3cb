/* The independent checker. It recomputes, from the instance alone, whether
 * every assigned pair is eligible, what its weight is, every capacity and
 * quota, and the objective; and it verifies a dual certificate when one is
 * present. It deliberately shares no code with the formulation (eligibility,
 * weights and quota expansion are rewritten here, plainly, from the instance
 * as read), so a bug there cannot hide itself here. The solution comes from a
 * file (mu_check_file, musubi check) or from memory (mu_check_json). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check/check.h"

#include "base/io.h"

typedef struct checker {
    const mu_instance *inst;
    const char *file;
    FILE *report;
    int64_t violations;
} checker;

static void violation(checker *ck, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void violation(checker *ck, const char *fmt, ...) {
    ck->violations++;
    if (!ck->report || ck->violations > 1000) return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(ck->report, "%s: violation: ", ck->file);
    vfprintf(ck->report, fmt, ap);
    fputc('\n', ck->report);
    va_end(ap);
}

/* Position (1-based) of x in list[lo..hi), 0 if absent. */
static int64_t position(const int32_t *list, int64_t lo, int64_t hi, int32_t x) {
    for (int64_t k = lo; k < hi; k++)
        if (list[k] == x) return k - lo + 1;
    return 0;
}

/* Eligibility from the rules as stated in instances/FORMAT.md. Returns the
 * name of the first failing rule, or NULL. */
/* The attribute "withdrawn" set to true, in any case (instances/FORMAT.md),
 * read from the attributes as given, not from the model's flags. */
static int marked_withdrawn(const mu_instance *in, const mu_attrs *at, int32_t e) {
    for (int64_t k = at->off[e]; k < at->off[e + 1]; k++)
        if (strcmp(in->syms.str[at->key[k]], "withdrawn") == 0 && strcasecmp(in->syms.str[at->val[k]], "true") == 0)
            return 1;
    return 0;
}

static const char *why_ineligible(const mu_instance *in, int32_t a, int32_t c, int64_t *given_w) {
    const mu_applicant *ap = &in->app[a];
    const mu_company *co = &in->com[c];
    const mu_rules *r = &in->rules;
    if (r->has_nationalities) {
        int ok = 0;
        for (int32_t k = 0; k < r->n_nationalities; k++)
            ok |= ap->nationality >= 0 && r->nationalities[k] == ap->nationality;
        if (!ok) return "nationality";
    }
    if (r->has_age && (ap->age < 0 || ap->age < r->age_min || ap->age > r->age_max)) return "age";
    if (r->has_language &&
        !((r->lang_jlpt > 0 && ap->jlpt >= r->lang_jlpt) || (r->lang_english > 0 && ap->english >= r->lang_english)))
        return "language";
    if (r->degree_or_recommendation && !(ap->degree || ap->recommendation)) return "degree";
    if (in->has_pairs) {
        int64_t lo = 0, hi = in->n_given; /* given pairs are sorted by (applicant, company) */
        while (lo < hi) {
            int64_t mid = (lo + hi) / 2;
            if (in->given_app[mid] < a || (in->given_app[mid] == a && in->given_com[mid] < c)) lo = mid + 1;
            else hi = mid;
        }
        if (lo == in->n_given || in->given_app[lo] != a || in->given_com[lo] != c) return "not_in_pairs";
        *given_w = in->given_w[lo];
    }
    if ((co->req_jlpt > 0 || co->req_english > 0) &&
        !((co->req_jlpt > 0 && ap->jlpt >= co->req_jlpt) || (co->req_english > 0 && ap->english >= co->req_english)))
        return "company_language";
    if (co->has_req_fields &&
        (ap->field < 0 || !position(in->com_fields.item, in->com_fields.off[c], in->com_fields.off[c + 1], ap->field)))
        return "company_field";
    if (co->req_degree && !ap->degree) return "company_degree";
    if (r->mutual_preferences) {
        if (in->app_pref.off[a + 1] > in->app_pref.off[a] &&
            !position(in->app_pref.item, in->app_pref.off[a], in->app_pref.off[a + 1], c))
            return "applicant_list";
        if (in->com_pref.off[c + 1] > in->com_pref.off[c] &&
            !position(in->com_pref.item, in->com_pref.off[c], in->com_pref.off[c + 1], a))
            return "company_list";
    }
    if (co->capacity <= 0) return "no_capacity";
    if (marked_withdrawn(in, &in->app_attrs, a) || marked_withdrawn(in, &in->com_attrs, c)) return "withdrawn";
    return NULL;
}

/* The weight formula of instances/FORMAT.md. */
static int64_t weight_of(const mu_instance *in, int32_t a, int32_t c, int64_t given_w) {
    if (in->has_pairs) return given_w;
    const mu_weights *w = &in->weights;
    int64_t total = w->base;
    int64_t la = in->app_pref.off[a + 1] - in->app_pref.off[a];
    int64_t ra = position(in->app_pref.item, in->app_pref.off[a], in->app_pref.off[a + 1], c);
    if (ra) total += w->applicant_rank * (la - ra + 1) / la;
    int64_t lc = in->com_pref.off[c + 1] - in->com_pref.off[c];
    int64_t rc = position(in->com_pref.item, in->com_pref.off[c], in->com_pref.off[c + 1], a);
    if (rc) total += w->company_rank * (lc - rc + 1) / lc;
    int32_t nat = in->app[a].nationality;
    if (nat >= 0 && position(in->com_target.item, in->com_target.off[c], in->com_target.off[c + 1], nat))
        total += w->target_market;
    return total;
}

/* ---- quotas, counted from the assignment */
static int entity_has(const mu_instance *in, int app_side, int32_t e, int32_t key, int32_t val) {
    const mu_attrs *at = app_side ? &in->app_attrs : &in->com_attrs;
    if (strcmp(in->syms.str[key], "id") == 0)
        return strcmp((app_side ? in->app_ids.str : in->com_ids.str)[e], in->syms.str[val]) == 0;
    for (int64_t k = at->off[e]; k < at->off[e + 1]; k++)
        if (at->key[k] == key && at->val[k] == val) return 1;
    return 0;
}

static int passes(const mu_instance *in, int app_side, int32_t e, const mu_filter *f, int32_t nf) {
    for (int32_t i = 0; i < nf; i++) {
        int any = 0;
        for (int32_t v = 0; v < f[i].n_vals; v++) any |= entity_has(in, app_side, e, f[i].key, f[i].vals[v]);
        if (f[i].negate ? any : !any) return 0;
    }
    return 1;
}

typedef struct qkey {
    int32_t c, ga, gc;
} qkey;
static int cmp_qkey(const void *x, const void *y) { return memcmp(x, y, sizeof(qkey)); }

/* Values of attribute key for an entity; key < 0 gives the single value -1. */
static int32_t values_of(const mu_instance *in, int app_side, int32_t e, int32_t key, int32_t *out, int32_t max) {
    if (key < 0) {
        out[0] = -1;
        return 1;
    }
    const mu_attrs *at = app_side ? &in->app_attrs : &in->com_attrs;
    int32_t n = 0;
    for (int64_t k = at->off[e]; k < at->off[e + 1] && n < max; k++)
        if (at->key[k] == key) out[n++] = at->val[k];
    return n;
}

static void label(const mu_instance *in, const mu_quota *q, qkey k, char *buf, size_t n) {
    snprintf(buf, n, "%s%s%s%s%s%s%s%s", q->name, k.c >= 0 ? " company=" : "", k.c >= 0 ? in->com_ids.str[k.c] : "",
             k.ga >= 0 ? " " : "", k.ga >= 0 ? in->syms.str[q->group_by] : "", k.ga >= 0 ? "=" : "",
             k.ga >= 0 ? in->syms.str[k.ga] : "", "");
    if (k.gc >= 0) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, " %s=%s", in->syms.str[q->group_by_company], in->syms.str[k.gc]);
    }
}

static void check_quota(checker *ck, int32_t qi, const int32_t *app_com) {
    const mu_instance *in = ck->inst;
    const mu_quota *q = &in->quotas[qi];
    qkey *keys = NULL;
    size_t n = 0, cap = 0;
    int32_t ga[64], gc[64];
    for (int32_t a = 0; a < in->n_app; a++) {
        int32_t c = app_com[a];
        if (c < 0 || !passes(in, 1, a, q->app_filter, q->n_app_filter) ||
            !passes(in, 0, c, q->com_filter, q->n_com_filter))
            continue;
        int32_t na = values_of(in, 1, a, q->group_by, ga, 64), nc = values_of(in, 0, c, q->group_by_company, gc, 64);
        for (int32_t i = 0; i < na; i++)
            for (int32_t j = 0; j < nc; j++) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 64;
                    qkey *nk = realloc(keys, cap * sizeof *nk);
                    if (!nk) {
                        violation(ck, "quota %s: out of memory while counting", q->name);
                        free(keys);
                        return;
                    }
                    keys = nk;
                }
                keys[n++] = (qkey){q->per_company ? c : -1, ga[i], gc[j]};
            }
    }
    if (n) qsort(keys, n, sizeof *keys, cmp_qkey); /* keys is NULL when nothing counts */
    char buf[512];
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && cmp_qkey(&keys[i], &keys[j]) == 0) j++;
        int64_t count = (int64_t)(j - i);
        if (count > q->max || count < q->min) {
            label(in, q, keys[i], buf, sizeof buf);
            violation(ck, "quota %s: %lld placements, bounds [%lld, %s]", buf, (long long)count, (long long)q->min,
                      q->max == INT64_MAX ? "none" : (snprintf(buf + 400, 100, "%lld", (long long)q->max), buf + 400));
        }
        i = j;
    }
    /* Floors also bind groups with no placement at all. */
    if (q->min > 0) {
        int32_t *avals = malloc(((size_t)in->syms.n + 1) * sizeof *avals), n_avals = 0;
        if (!avals) return free(keys);
        if (q->group_by < 0) avals[n_avals++] = -1;
        else
            for (int32_t v = 0; v < in->syms.n; v++)
                for (int32_t a = 0; a < in->n_app; a++)
                    if (passes(in, 1, a, q->app_filter, q->n_app_filter) && entity_has(in, 1, a, q->group_by, v)) {
                        avals[n_avals++] = v;
                        break;
                    }
        /* The empty rows, each once: a row that is not per company is met
         * by every company its filter matches. */
        int any_company = 0;
        qkey *empty = NULL;
        size_t n_empty = 0, cap_empty = 0;
        for (int32_t c = 0; c < in->n_com; c++) {
            if (!passes(in, 0, c, q->com_filter, q->n_com_filter)) continue;
            any_company = 1;
            int32_t nc = values_of(in, 0, c, q->group_by_company, gc, 64);
            for (int32_t i = 0; i < n_avals; i++)
                for (int32_t j = 0; j < nc; j++) {
                    qkey k = {q->per_company ? c : -1, avals[i], gc[j]};
                    if (n && bsearch(&k, keys, n, sizeof *keys, cmp_qkey)) continue;
                    if (n_empty == cap_empty) {
                        cap_empty = cap_empty ? 2 * cap_empty : 64;
                        qkey *ne = realloc(empty, cap_empty * sizeof *ne);
                        if (!ne) {
                            violation(ck, "quota %s: out of memory while counting", q->name);
                            free(empty), free(avals), free(keys);
                            return;
                        }
                        empty = ne;
                    }
                    empty[n_empty++] = k;
                }
        }
        if (n_empty) qsort(empty, n_empty, sizeof *empty, cmp_qkey);
        for (size_t i = 0; i < n_empty; i++) {
            if (i && cmp_qkey(&empty[i], &empty[i - 1]) == 0) continue;
            label(in, q, empty[i], buf, sizeof buf);
            violation(ck, "quota %s: 0 placements, floor %lld", buf, (long long)q->min);
        }
        free(empty);
        /* One row even with no matching company, unless per company: then
         * there is a row per matching company, and so none (instances/FORMAT.md). */
        if (!any_company && !q->per_company && q->group_by < 0 && q->group_by_company < 0 && n == 0)
            violation(ck, "quota %s: 0 placements, floor %lld", q->name, (long long)q->min);
        free(avals);
    }
    free(keys);
}

/* The host budget: among the hosts matching hosts.companies, those with at
 * least one intern take part; each takes min_per_host..max_per_host interns,
 * and their number is within min_participating..max_participating. */
static void check_hosts(checker *ck, const int64_t *load) {
    const mu_instance *in = ck->inst;
    const mu_hosts *h = &in->hosts;
    if (!h->given) return;
    int64_t taking = 0;
    for (int32_t c = 0; c < in->n_com; c++) {
        if (load[c] == 0 || !passes(in, 0, c, h->filter, h->n_filter)) continue;
        taking++;
        if (load[c] < h->min_per_host)
            violation(ck, "hosts: company %s takes part with %lld intern%s, min_per_host %lld", in->com_ids.str[c],
                      (long long)load[c], load[c] == 1 ? "" : "s", (long long)h->min_per_host);
        if (load[c] > h->max_per_host)
            violation(ck, "hosts: company %s takes %lld interns, max_per_host %lld", in->com_ids.str[c],
                      (long long)load[c], (long long)h->max_per_host);
    }
    if (taking > h->max_participating)
        violation(ck, "hosts: %lld hosts take part, max_participating %lld", (long long)taking,
                  (long long)h->max_participating);
    if (taking < h->min_participating)
        violation(ck, "hosts: %lld hosts take part, min_participating %lld", (long long)taking,
                  (long long)h->min_participating);
}

/* Eligibility, capacities, quotas and the host budget of an assignment; its weight. */
static void assess(checker *ck, const int32_t *app_com, int64_t *total, int64_t *placed) {
    const mu_instance *in = ck->inst;
    int64_t *load = calloc((size_t)in->n_com + 1, sizeof *load);
    if (!load) {
        violation(ck, "out of memory while checking");
        return;
    }
    *total = *placed = 0;
    for (int32_t a = 0; a < in->n_app; a++) {
        int32_t c = app_com[a];
        if (c < 0) continue;
        int64_t gw = 0;
        const char *why = why_ineligible(in, a, c, &gw);
        if (why) violation(ck, "pair (%s, %s) is not eligible: rule %s", in->app_ids.str[a], in->com_ids.str[c], why);
        *total += weight_of(in, a, c, gw);
        ++*placed;
        load[c]++;
    }
    for (int32_t c = 0; c < in->n_com; c++)
        if (load[c] > in->com[c].capacity)
            violation(ck, "company %s: %lld assigned, capacity %d", in->com_ids.str[c], (long long)load[c],
                      in->com[c].capacity);
    check_hosts(ck, load);
    free(load);
    for (int32_t q = 0; q < in->n_quotas; q++) check_quota(ck, q, app_com);
}

int64_t mu_check_assignment_from(const mu_instance *in, const int32_t *app_com, const char *source, int64_t *objective,
                                 FILE *report) {
    checker ck = {in, source ? source : "assignment", report, 0};
    int64_t placed;
    assess(&ck, app_com, objective, &placed);
    return ck.violations;
}

int64_t mu_check_assignment(const mu_instance *in, const int32_t *app_com, int64_t *objective, FILE *report) {
    return mu_check_assignment_from(in, app_com, NULL, objective, report);
}

/* ---- the solution file */
#define PRICE_MAX 9007199254740992.0 /* 2^53: integers a JSON reader keeps exactly */

static int get_int(const cJSON *e, int64_t *out) {
    if (!cJSON_IsNumber(e) || e->valuedouble != floor(e->valuedouble) || fabs(e->valuedouble) > PRICE_MAX) return -1;
    *out = (int64_t)e->valuedouble;
    return 0;
}

static int get_price(checker *ck, const cJSON *obj, const mu_symtab *ids, const char *side, int64_t *prices) {
    if (!obj) return 0;
    if (!cJSON_IsObject(obj)) {
        violation(ck, "certificate: %s_prices is not an object", side);
        return -1;
    }
    for (const cJSON *e = obj->child; e; e = e->next) {
        int32_t id = mu_sym_find(ids, e->string);
        if (id < 0) {
            violation(ck, "certificate: unknown %s \"%.60s\"", side, e->string);
            return -1;
        }
        if (get_int(e, &prices[id])) {
            violation(ck, "certificate: price of %s \"%.60s\" is not an integer within 2^53", side, e->string);
            return -1;
        }
        if (prices[id] < 0) violation(ck, "certificate: price of %s \"%.60s\" is negative", side, e->string);
    }
    return 0;
}

/* A priced quota row: the quota, and the row's key as check_quota counts it. */
typedef struct qprice {
    int32_t quota;
    qkey key;
    int64_t price;
} qprice;
static int cmp_qprice(const void *x, const void *y) {
    const qprice *a = x, *b = y;
    if (a->quota != b->quota) return a->quota < b->quota ? -1 : 1;
    return cmp_qkey(&a->key, &b->key);
}

/* A symbol given as a string field of a quota price, or -1 when absent; -2 on error. */
static int32_t price_field(checker *ck, const cJSON *e, const char *field, int wanted, const mu_symtab *tab, int i) {
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, field);
    if (!f && !wanted) return -1;
    if (!f || !wanted || !cJSON_IsString(f)) {
        violation(ck, "certificate: quota_prices[%d]: %s %s", i, field,
                  !wanted ? "given, but the quota has no such rows"
                  : !f    ? "missing"
                          : "is not a string");
        return -2;
    }
    int32_t id = mu_sym_find(tab, f->valuestring);
    if (id < 0) violation(ck, "certificate: quota_prices[%d]: unknown %s \"%.60s\"", i, field, f->valuestring);
    return id < 0 ? -2 : id;
}

static qprice *get_quota_prices(checker *ck, const cJSON *arr, int32_t *n_out) {
    const mu_instance *in = ck->inst;
    *n_out = 0;
    if (!arr) return NULL;
    if (!cJSON_IsArray(arr)) {
        violation(ck, "certificate: quota_prices is not an array");
        return NULL;
    }
    int32_t n = cJSON_GetArraySize(arr), k = 0, i = 0;
    qprice *qp = calloc((size_t)n + 1, sizeof *qp);
    if (!qp) {
        violation(ck, "certificate: out of memory reading quota_prices");
        return NULL;
    }
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "quota");
        int32_t q = -1;
        for (int32_t j = 0; cJSON_IsString(name) && j < in->n_quotas && q < 0; j++)
            if (strcmp(in->quotas[j].name, name->valuestring) == 0) q = j;
        if (q < 0) {
            violation(ck, "certificate: quota_prices[%d]: quota missing or unknown", i);
            continue;
        }
        const mu_quota *Q = &in->quotas[q];
        int32_t c = price_field(ck, e, "company", Q->per_company, &in->com_ids, i);
        int32_t ga = price_field(ck, e, "group", Q->group_by >= 0, &in->syms, i);
        int32_t gc = price_field(ck, e, "company_group", Q->group_by_company >= 0, &in->syms, i);
        int64_t price;
        if (get_int(cJSON_GetObjectItemCaseSensitive(e, "price"), &price)) {
            violation(ck, "certificate: quota_prices[%d]: price is not an integer within 2^53", i);
            continue;
        }
        if (c == -2 || ga == -2 || gc == -2) continue;
        if (price > 0 && Q->max == INT64_MAX) {
            violation(ck, "certificate: quota_prices[%d]: a positive price on quota %s, which has no max", i, Q->name);
            continue;
        }
        qp[k++] = (qprice){q, {c, ga, gc}, price};
    }
    qsort(qp, (size_t)k, sizeof *qp, cmp_qprice);
    for (int32_t j = 1; j < k; j++)
        if (cmp_qprice(&qp[j - 1], &qp[j]) == 0)
            violation(ck, "certificate: quota_prices: a row of quota %s is priced twice", in->quotas[qp[j].quota].name);
    *n_out = k;
    return qp;
}

/* Sum of the prices of the quota rows pair (a, c) counts in. */
static __int128 pair_row_price(const mu_instance *in, const qprice *qp, int32_t n, int32_t a, int32_t c) {
    __int128 sum = 0;
    int32_t ga[64], gc[64];
    for (int32_t i = 0; i < n;) {
        int32_t q = qp[i].quota, j = i;
        while (j < n && qp[j].quota == q) j++;
        const mu_quota *Q = &in->quotas[q];
        if (passes(in, 1, a, Q->app_filter, Q->n_app_filter) && passes(in, 0, c, Q->com_filter, Q->n_com_filter)) {
            int32_t na = values_of(in, 1, a, Q->group_by, ga, 64),
                    nc = values_of(in, 0, c, Q->group_by_company, gc, 64);
            for (int32_t x = 0; x < na; x++)
                for (int32_t y = 0; y < nc; y++) {
                    qprice key = {q, {Q->per_company ? c : -1, ga[x], gc[y]}, 0};
                    const qprice *hit = bsearch(&key, qp + i, (size_t)(j - i), sizeof *qp, cmp_qprice);
                    if (hit) sum += hit->price;
                }
        }
        i = j;
    }
    return sum;
}

/* Dual prices (engine/certify.c) of the LP relaxation, scaled by S: applicant
 * prices u >= 0, company prices v >= 0, quota-row prices (> 0 on the row's
 * max, < 0 on its min). Feasible when u_a + v_c + (row prices of the pair)
 * >= S w for every eligible pair; then by weak duality the optimum is at most
 * D / S, D = sum u + sum cap v + sum (price * max or min). Returns floor(D/S)
 * in *certified (INT64_MAX when the prices are infeasible or malformed). */
static void check_certificate(checker *ck, const cJSON *cert, int64_t *certified) {
    const mu_instance *in = ck->inst;
    *certified = INT64_MAX;
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(cert, "kind");
    if (!cJSON_IsString(kind) || strcmp(kind->valuestring, "dual-prices") != 0) {
        violation(ck, "certificate: unknown kind");
        return;
    }
    int64_t S = 1, stated;
    const cJSON *js = cJSON_GetObjectItemCaseSensitive(cert, "scale");
    if (js && (get_int(js, &S) || S < 1)) {
        violation(ck, "certificate: scale is not a positive integer");
        return;
    }
    if (get_int(cJSON_GetObjectItemCaseSensitive(cert, "bound"), &stated)) {
        violation(ck, "certificate: bound missing or not an integer");
        return;
    }
    int64_t *u = calloc((size_t)in->n_app + 1, sizeof *u), *v = calloc((size_t)in->n_com + 1, sizeof *v);
    int32_t n_qp = 0;
    qprice *qp = NULL;
    int64_t before = ck->violations;
    if (!u || !v ||
        get_price(ck, cJSON_GetObjectItemCaseSensitive(cert, "applicant_prices"), &in->app_ids, "applicant", u) ||
        get_price(ck, cJSON_GetObjectItemCaseSensitive(cert, "company_prices"), &in->com_ids, "company", v))
        goto done;
    qp = get_quota_prices(ck, cJSON_GetObjectItemCaseSensitive(cert, "quota_prices"), &n_qp);
    if (ck->violations > before) goto done;
    /* The dual objective, in 128 bits: 2^53-sized prices times capacities fit. */
    __int128 D = 0;
    for (int32_t a = 0; a < in->n_app; a++) D += u[a];
    for (int32_t c = 0; c < in->n_com; c++) D += (__int128)v[c] * in->com[c].capacity;
    for (int32_t i = 0; i < n_qp; i++)
        D += (__int128)qp[i].price * (qp[i].price > 0 ? in->quotas[qp[i].quota].max : in->quotas[qp[i].quota].min);
    int64_t g = 0, reported = 0;
    for (int32_t a = 0; a < in->n_app; a++) {
        /* With listed pairs only those can be eligible; otherwise every company is tried. */
        int64_t from = 0, to = in->n_com;
        if (in->has_pairs) {
            while (g < in->n_given && in->given_app[g] < a) g++;
            from = g;
            while (g < in->n_given && in->given_app[g] == a) g++;
            to = g;
        }
        for (int64_t k = from; k < to; k++) {
            int32_t c = in->has_pairs ? in->given_com[k] : (int32_t)k;
            int64_t gw = 0;
            if (why_ineligible(in, a, c, &gw)) continue;
            int64_t w = weight_of(in, a, c, gw);
            __int128 have = (__int128)u[a] + v[c] + (n_qp ? pair_row_price(in, qp, n_qp, a, c) : 0);
            if (have < (__int128)S * w && reported++ < 20)
                violation(ck,
                          "certificate: prices of applicant %s (%lld), company %s (%lld) and the pair's quota rows "
                          "(%lld) are below %lld times the pair's weight %lld",
                          in->app_ids.str[a], (long long)u[a], in->com_ids.str[c], (long long)v[c],
                          (long long)(have - u[a] - v[c]), (long long)S, (long long)w);
        }
    }
    if (reported) goto done;
    __int128 q = D / S;
    if (D % S != 0 && D < 0) q--;
    if (q != stated) {
        violation(ck, "certificate: states bound %lld, its prices give %lld", (long long)stated, (long long)q);
        goto done;
    }
    *certified = stated;
done:
    free(u), free(v), free(qp);
}

/* The solution document (len bytes of text, named path in the report). */
static int check_text(const mu_instance *in, const char *path, const char *text, size_t len, FILE *report,
                      mu_error *err) {
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root || !cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return mu_err(err, MU_EINPUT, "%s: not a musubi-solution-1 JSON object", path);
    }
    checker ck = {in, path, report, 0};
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(root, "status");
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, "objective");
    const cJSON *bound = cJSON_GetObjectItemCaseSensitive(root, "bound");
    const cJSON *asg = cJSON_GetObjectItemCaseSensitive(root, "assignment");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "musubi-solution-1") != 0 || !cJSON_IsString(status) ||
        !cJSON_IsArray(asg)) {
        cJSON_Delete(root);
        return mu_err(err, MU_EINPUT, "%s: not a musubi-solution-1 file (format, status or assignment missing)", path);
    }
    const char *st = status->valuestring;
    /* An interrupted run may have stopped before any solution (objective null). */
    int has_solution = strcmp(st, "optimal") == 0 || strcmp(st, "feasible") == 0 ||
                       (strcmp(st, "interrupted") == 0 && !cJSON_IsNull(obj));
    if (!has_solution && strcmp(st, "infeasible") != 0 && strcmp(st, "time_limit") != 0 &&
        strcmp(st, "interrupted") != 0)
        violation(&ck, "status: unknown status \"%.40s\"", st);
    if (!has_solution && cJSON_GetArraySize(asg) > 0) violation(&ck, "status %s but the assignment is not empty", st);

    int32_t *app_com = malloc(((size_t)in->n_app + 1) * sizeof *app_com);
    if (!app_com) {
        cJSON_Delete(root);
        return mu_err(err, MU_ENOMEM, "out of memory checking %s", path);
    }
    for (int32_t a = 0; a < in->n_app; a++) app_com[a] = -1;
    int i = 0;
    for (const cJSON *e = asg->child; e; e = e->next, i++) {
        const cJSON *ja = cJSON_GetObjectItemCaseSensitive(e, "applicant"),
                    *jc = cJSON_GetObjectItemCaseSensitive(e, "company"),
                    *jw = cJSON_GetObjectItemCaseSensitive(e, "weight");
        if (!cJSON_IsString(ja) || !cJSON_IsString(jc)) {
            violation(&ck, "assignment[%d]: applicant and company must be id strings", i);
            continue;
        }
        int32_t a = mu_sym_find(&in->app_ids, ja->valuestring), c = mu_sym_find(&in->com_ids, jc->valuestring);
        if (a < 0 || c < 0) {
            violation(&ck, "assignment[%d]: unknown %s \"%.60s\"", i, a < 0 ? "applicant" : "company",
                      a < 0 ? ja->valuestring : jc->valuestring);
            continue;
        }
        if (app_com[a] >= 0) {
            violation(&ck, "assignment[%d]: applicant %s is assigned twice", i, ja->valuestring);
            continue;
        }
        int64_t gw = 0;
        if (!why_ineligible(in, a, c, &gw)) {
            int64_t want = weight_of(in, a, c, gw);
            if (!cJSON_IsNumber(jw))
                violation(&ck, "assignment[%d]: pair (%s, %s) has weight %lld, but its \"weight\" is %s", i,
                          ja->valuestring, jc->valuestring, (long long)want, jw ? "not a number" : "missing");
            else if (jw->valuedouble != (double)want)
                violation(&ck, "assignment[%d]: pair (%s, %s) has weight %lld, reported %.17g", i, ja->valuestring,
                          jc->valuestring, (long long)want, jw->valuedouble);
        }
        app_com[a] = c;
    }
    int64_t total = 0, placed = 0;
    if (has_solution) assess(&ck, app_com, &total, &placed);
    if (has_solution) {
        if (!cJSON_IsNumber(obj))
            violation(&ck, "objective: recomputed %lld, but \"objective\" is %s", (long long)total,
                      obj ? "not a number" : "missing");
        else if (obj->valuedouble != (double)total)
            violation(&ck, "objective: recomputed %lld, reported %.17g", (long long)total, obj->valuedouble);
        const cJSON *crit = cJSON_GetObjectItemCaseSensitive(root, "criterion");
        int by_weight = !crit || (cJSON_IsString(crit) && strcmp(crit->valuestring, "weight") == 0);
        if (!by_weight) bound = NULL; /* the bound measures another criterion */
        if (cJSON_IsNumber(bound) && bound->valuedouble + 1e-6 < (double)total)
            violation(&ck, "bound %.17g is below the objective %lld", bound->valuedouble, (long long)total);
        if (strcmp(st, "optimal") == 0 && cJSON_IsNumber(bound) && bound->valuedouble > (double)total + 0.5)
            violation(&ck, "status optimal but bound %.17g exceeds the objective %lld", bound->valuedouble,
                      (long long)total);
    }
    const cJSON *cert = cJSON_GetObjectItemCaseSensitive(root, "certificate");
    /* The certificate bounds total weight; it says nothing of another criterion. */
    int64_t certified = INT64_MAX;
    if (cert && has_solution) {
        check_certificate(&ck, cert, &certified);
        if (certified != INT64_MAX && cJSON_IsNumber(bound) && bound->valuedouble > (double)certified + 0.5)
            violation(&ck, "bound %.17g is weaker than the certificate's %lld", bound->valuedouble,
                      (long long)certified);
    }
    if (report) {
        char what[160] = "";
        if (certified != INT64_MAX && certified <= total)
            snprintf(what, sizeof what, "; optimality certified by dual prices");
        else if (certified != INT64_MAX)
            snprintf(what, sizeof what, "; bound %lld certified by dual prices (gap %.3g%%)%s", (long long)certified,
                     100.0 * (double)(certified - total) / fmax(1.0, (double)certified),
                     strcmp(st, "optimal") == 0 ? ", optimality is the engine's (branch and bound)" : "");
        else if (strcmp(st, "optimal") == 0)
            snprintf(what, sizeof what, "; the bound is the engine's (no certificate)");
        if (ck.violations)
            fprintf(report, "%s: INVALID: %lld violation%s\n", path, (long long)ck.violations,
                    ck.violations == 1 ? "" : "s");
        else
            fprintf(report, "%s: valid: status %s, %lld placements, objective %lld recomputed%s\n", path, st,
                    (long long)placed, (long long)total, what);
    }
    free(app_com);
    cJSON_Delete(root);
    return ck.violations ? MU_EINVALID_SOLUTION : MU_OK;
}

int mu_check_file(const mu_instance *in, const char *path, FILE *report, mu_error *err) {
    MU_REQUIRE(in && path);
    char *text = NULL;
    size_t len;
    int rc = mu_read_file(path, (size_t)1 << 30, &text, &len, err);
    if (rc) return rc;
    rc = check_text(in, path, text, len, report, err);
    free(text);
    return rc;
}

int mu_check_json(const mu_instance *in, const char *source, const char *json, size_t len, char **report,
                  mu_error *err) {
    MU_REQUIRE(in && json);
    char *text = NULL;
    size_t n = 0;
    FILE *out = NULL;
    if (report) {
        *report = NULL;
        if (!(out = open_memstream(&text, &n))) return mu_err(err, MU_ENOMEM, "out of memory for the check's report");
    }
    int rc = check_text(in, source ? source : "<memory>", json, len, out, err);
    if (out && fclose(out) != 0) {
        free(text);
        return mu_err(err, MU_ENOMEM, "out of memory for the check's report");
    }
    if (report) *report = text;
    return rc;
}
