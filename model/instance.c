/* The instance after reading: interning, lookup structures, the eligibility
 * rules as data, and the eligible-pair set with its audit. */
#include "model/instance.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- symbols: open addressing with linear probing, load <= 1/2. Each
 * slot keeps its symbol's hash beside it, so a probe compares strings only
 * when the hashes agree: a table of a million ids is probed without
 * touching the strings of the others (each a cache miss). The hash takes
 * eight bytes at a time (multiply-xorshift rounds, MurmurHash3's finaliser
 * constants): ids and attribute values are hashed some ten times a row. */
static uint32_t hash_bytes(const char *s, size_t len) {
    uint64_t h = 0x9e3779b97f4a7c15ull ^ len;
    for (; len >= 8; s += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    for (size_t k = 0; k < len; k++) w |= (uint64_t)(uint8_t)s[k] << (8 * k);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    return (uint32_t)(h >> 32);
}

static int32_t find_hashed(const mu_symtab *t, const char *s, size_t len, uint32_t h) {
    if (!t->nslot) return -1;
    for (uint32_t i = h & (t->nslot - 1);; i = (i + 1) & (t->nslot - 1)) {
        int32_t id = t->slot[i].id;
        if (id < 0) return -1;
        if (t->slot[i].hash != h) continue;
        const char *x = t->str[id];
        size_t k = 0;
        while (k < len && x[k] && x[k] == s[k]) k++; /* never past x's end */
        if (k == len && !x[len]) return id;
    }
}

int32_t mu_sym_find(const mu_symtab *t, const char *s) {
    size_t len = strlen(s);
    return find_hashed(t, s, len, hash_bytes(s, len));
}

int32_t mu_sym_find_n(const mu_symtab *t, const char *s, size_t len) {
    return find_hashed(t, s, len, hash_bytes(s, len));
}

static void sym_place(mu_symslot *slot, uint32_t nslot, uint32_t h, int32_t id) {
    uint32_t i = h & (nslot - 1);
    while (slot[i].id >= 0) i = (i + 1) & (nslot - 1);
    slot[i] = (mu_symslot){h, id};
}

static int sym_grow(mu_symtab *t, mu_error *err) {
    uint32_t nslot = t->nslot ? t->nslot * 2 : 64;
    mu_symslot *slot = mu_alloc(nslot, sizeof *slot, err);
    if (!slot) return MU_ENOMEM;
    for (uint32_t i = 0; i < nslot; i++) slot[i].id = -1;
    for (uint32_t i = 0; i < t->nslot; i++)
        if (t->slot[i].id >= 0) sym_place(slot, nslot, t->slot[i].hash, t->slot[i].id);
    free(t->slot);
    t->slot = slot;
    t->nslot = nslot;
    return MU_OK;
}

int32_t mu_sym_append(mu_symtab *t, const char *s, mu_error *err) {
    if (t->n == t->cap) {
        int32_t cap = t->cap ? t->cap * 2 : 64;
        char **str = mu_realloc_array(t->str, (size_t)cap, sizeof *str, err);
        if (!str) return -1;
        t->str = str;
        t->cap = cap;
    }
    char *copy = mu_strdup(s, err);
    if (!copy) return -1;
    t->str[t->n] = copy;
    return t->n++;
}

int mu_sym_index(mu_symtab *t, int *repeated, mu_error *err) {
    *repeated = 0;
    uint32_t nslot = 64;
    while ((uint64_t)t->n * 2 > nslot) nslot *= 2;
    mu_symslot *slot = mu_alloc(nslot, sizeof *slot, err);
    if (!slot) return MU_ENOMEM;
    for (uint32_t i = 0; i < nslot; i++) slot[i].id = -1;
    free(t->slot);
    t->slot = slot;
    t->nslot = nslot;
    /* one tight loop: its iterations are independent, so their cache misses overlap */
    for (int32_t id = 0; id < t->n; id++) {
        const char *s = t->str[id];
        size_t len = strlen(s);
        uint32_t h = hash_bytes(s, len);
        if (find_hashed(t, s, len, h) >= 0) *repeated = 1;
        else sym_place(slot, nslot, h, id);
    }
    return MU_OK;
}

int mu_sym_reserve(mu_symtab *t, int32_t n, mu_error *err) {
    while ((uint64_t)n * 2 > t->nslot && t->nslot < (UINT32_C(1) << 31))
        if (sym_grow(t, err)) return MU_ENOMEM;
    if (n > t->cap) {
        char **str = mu_realloc_array(t->str, (size_t)n, sizeof *str, err);
        if (!str) return MU_ENOMEM;
        t->str = str;
        t->cap = n;
    }
    return MU_OK;
}

int32_t mu_sym_intern(mu_symtab *t, const char *s, mu_error *err) {
    size_t len = strlen(s);
    uint32_t h = hash_bytes(s, len);
    int32_t id = find_hashed(t, s, len, h);
    if (id >= 0) return id;
    if ((uint32_t)(t->n + 1) * 2 > t->nslot && sym_grow(t, err)) return -1;
    if (t->n == t->cap) {
        int32_t cap = t->cap ? t->cap * 2 : 64;
        char **str = mu_realloc_array(t->str, (size_t)cap, sizeof *str, err);
        if (!str) return -1;
        t->str = str;
        t->cap = cap;
    }
    char *copy = mu_alloc(len + 1, 1, err);
    if (!copy) return -1;
    memcpy(copy, s, len + 1);
    id = t->n++;
    t->str[id] = copy;
    sym_place(t->slot, t->nslot, h, id);
    return id;
}

void mu_sym_free(mu_symtab *t) {
    for (int32_t i = 0; i < t->n; i++) free(t->str[i]);
    free(t->str);
    free(t->slot);
    memset(t, 0, sizeof *t);
}

/* ---- levels */
static const char *const JLPT_NAMES[] = {"none", "N5", "N4", "N3", "N2", "N1"};
static const char *const ENGLISH_NAMES[] = {"none", "basic", "daily", "business", "native"};

int mu_jlpt_parse(const char *s) {
    for (int i = 1; i <= 5; i++)
        if (strcmp(s, JLPT_NAMES[i]) == 0) return i;
    return -1;
}
const char *mu_jlpt_name(int level) { return level >= 0 && level <= 5 ? JLPT_NAMES[level] : "?"; }
int mu_english_parse(const char *s) {
    for (int i = 0; i <= 4; i++)
        if (strcmp(s, ENGLISH_NAMES[i]) == 0) return i;
    return -1;
}
const char *mu_english_name(int level) { return level >= 0 && level <= 4 ? ENGLISH_NAMES[level] : "?"; }

/* ---- rules */
#define MU_RULE_NAME(id, name, text) name,
#define MU_RULE_TEXT(id, name, text) text,
static const char *const RULE_NAMES[] = {MU_RULES(MU_RULE_NAME)};
static const char *const RULE_TEXTS[] = {MU_RULES(MU_RULE_TEXT)};
const char *mu_rule_name(int bit) { return bit >= 0 && bit < MU_RULE_COUNT ? RULE_NAMES[bit] : "?"; }
const char *mu_rule_text(int bit) { return bit >= 0 && bit < MU_RULE_COUNT ? RULE_TEXTS[bit] : "?"; }

mu_instance *mu_instance_new(const char *path, mu_error *err) {
    mu_instance *inst = mu_calloc(1, sizeof *inst, err);
    if (!inst) return NULL;
    inst->path = mu_strdup(path, err);
    if (!inst->path) {
        free(inst);
        return NULL;
    }
    inst->rules.mutual_preferences = 1;
    inst->weights = (mu_weights){.base = 100, .applicant_rank = 100, .company_rank = 100, .target_market = 50};
    return inst;
}

static void rows_free(mu_rows *r) {
    free(r->off);
    free(r->item);
    r->off = NULL;
    r->item = NULL;
}

void mu_instance_free(mu_instance *inst) {
    if (!inst) return;
    free(inst->path);
    free(inst->name);
    mu_sym_free(&inst->syms);
    mu_sym_free(&inst->app_ids);
    mu_sym_free(&inst->com_ids);
    free(inst->app);
    free(inst->com);
    mu_attrs *attrs[] = {&inst->app_attrs, &inst->com_attrs};
    for (size_t i = 0; i < 2; i++) {
        free(attrs[i]->off);
        free(attrs[i]->key);
        free(attrs[i]->val);
    }
    rows_free(&inst->app_pref);
    rows_free(&inst->com_pref);
    rows_free(&inst->com_target);
    rows_free(&inst->com_fields);
    rows_free(&inst->app_pref_sorted);
    rows_free(&inst->com_pref_sorted);
    free(inst->app_pref_rank);
    free(inst->com_pref_rank);
    free(inst->given_app);
    free(inst->given_com);
    free(inst->given_w);
    free(inst->given_off);
    free(inst->rules.nationality_ok);
    free(inst->rules.nationalities);
    for (int32_t q = 0; q < inst->n_quotas; q++) {
        mu_quota *qu = &inst->quotas[q];
        free(qu->name);
        for (int32_t f = 0; f < qu->n_app_filter; f++) free(qu->app_filter[f].vals);
        for (int32_t f = 0; f < qu->n_com_filter; f++) free(qu->com_filter[f].vals);
        free(qu->app_filter);
        free(qu->com_filter);
    }
    free(inst->quotas);
    for (int32_t f = 0; f < inst->hosts.n_filter; f++) free(inst->hosts.filter[f].vals);
    free(inst->hosts.filter);
    free(inst->app_fail);
    free(inst);
}

int32_t mu_instance_applicants(const mu_instance *inst) { return inst->n_app; }
int32_t mu_instance_companies(const mu_instance *inst) { return inst->n_com; }
const char *mu_instance_name(const mu_instance *inst) { return inst->name ? inst->name : ""; }

const char *mu_attr_first(const mu_instance *inst, const mu_attrs *a, int64_t e, int32_t key) {
    for (int64_t k = a->off[e]; k < a->off[e + 1]; k++)
        if (a->key[k] == key) return inst->syms.str[a->val[k]];
    return NULL;
}

/* ---- lookup structures */

/* Sorts each row's items ascending, carrying each item's 1-based position in
 * the original row as its rank. */
typedef struct {
    int32_t item, rank;
} ranked;
static int cmp_ranked(const void *x, const void *y) {
    const ranked *a = x, *b = y;
    return (a->item > b->item) - (a->item < b->item);
}
static int sort_rows(const mu_rows *in, int32_t nrows, mu_rows *out, int32_t **rank, mu_error *err) {
    int64_t n = in->off[nrows];
    out->off = mu_alloc((size_t)nrows + 1, sizeof *out->off, err);
    out->item = mu_alloc((size_t)n, sizeof *out->item, err);
    *rank = mu_alloc((size_t)n, sizeof **rank, err);
    int64_t longest = 0;
    for (int32_t r = 0; r < nrows; r++)
        if (in->off[r + 1] - in->off[r] > longest) longest = in->off[r + 1] - in->off[r];
    ranked *tmp = mu_alloc((size_t)longest, sizeof *tmp, err);
    if (!out->off || !out->item || !*rank || !tmp) {
        free(tmp);
        return MU_ENOMEM;
    }
    memcpy(out->off, in->off, ((size_t)nrows + 1) * sizeof *out->off);
    for (int32_t r = 0; r < nrows; r++) {
        int64_t b = in->off[r], len = in->off[r + 1] - b;
        for (int64_t k = 0; k < len; k++) tmp[k] = (ranked){in->item[b + k], (int32_t)(k + 1)};
        qsort(tmp, (size_t)len, sizeof *tmp, cmp_ranked);
        for (int64_t k = 0; k < len; k++) out->item[b + k] = tmp[k].item, (*rank)[b + k] = tmp[k].rank;
    }
    free(tmp);
    return MU_OK;
}

/* Position of x in the sorted items of row r, or -1. */
static int64_t row_find(const mu_rows *rows, int32_t r, int32_t x) {
    int64_t lo = rows->off[r], hi = rows->off[r + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (rows->item[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo < rows->off[r + 1] && rows->item[lo] == x ? lo : -1;
}

/* Whether entity e has the attribute `withdrawn` set to true (any case): the
 * mark musubi rematch leaves on those who withdrew (instances/FORMAT.md). */
static int withdrawn(const mu_instance *inst, const mu_attrs *at, int32_t e) {
    int32_t key = mu_sym_find(&inst->syms, "withdrawn");
    if (key < 0) return 0;
    for (int64_t k = at->off[e]; k < at->off[e + 1]; k++)
        if (at->key[k] == key && strcasecmp(inst->syms.str[at->val[k]], "true") == 0) return 1;
    return 0;
}

static uint32_t applicant_failures(const mu_instance *inst, int32_t a) {
    const mu_rules *r = &inst->rules;
    const mu_applicant *ap = &inst->app[a];
    uint32_t f = 0;
    if (withdrawn(inst, &inst->app_attrs, a)) f |= MU_RULE(WITHDRAWN);
    if (r->has_nationalities && (ap->nationality < 0 || !r->nationality_ok[ap->nationality])) f |= MU_RULE(NATIONALITY);
    if (r->has_age && (ap->age < 0 || ap->age < r->age_min || ap->age > r->age_max)) f |= MU_RULE(AGE);
    if (r->has_language) {
        int ok = (r->lang_jlpt && ap->jlpt >= r->lang_jlpt) || (r->lang_english && ap->english >= r->lang_english);
        if (!ok) f |= MU_RULE(LANGUAGE);
    }
    if (r->degree_or_recommendation && !ap->degree && !ap->recommendation) f |= MU_RULE(DEGREE);
    return f;
}

int mu_instance_index(mu_instance *inst, mu_error *err) {
    mu_rules *r = &inst->rules;
    if (r->has_nationalities) {
        r->nationality_ok = mu_calloc((size_t)inst->syms.n + 1, 1, err);
        if (!r->nationality_ok) return MU_ENOMEM;
        for (int32_t k = 0; k < r->n_nationalities; k++) r->nationality_ok[r->nationalities[k]] = 1;
    }
    if (sort_rows(&inst->app_pref, inst->n_app, &inst->app_pref_sorted, &inst->app_pref_rank, err) ||
        sort_rows(&inst->com_pref, inst->n_com, &inst->com_pref_sorted, &inst->com_pref_rank, err))
        return MU_ENOMEM;
    inst->app_fail = mu_alloc((size_t)inst->n_app, sizeof *inst->app_fail, err);
    if (!inst->app_fail) return MU_ENOMEM;
    for (int32_t a = 0; a < inst->n_app; a++) inst->app_fail[a] = applicant_failures(inst, a);
    for (int32_t c = 0; c < inst->n_com; c++) inst->com[c].withdrawn = (int8_t)withdrawn(inst, &inst->com_attrs, c);
    if (inst->has_pairs) {
        /* The readers leave given pairs sorted by (applicant, company) and
         * free of duplicates; here only the row offsets are built. */
        inst->given_off = mu_calloc((size_t)inst->n_app + 1, sizeof *inst->given_off, err);
        if (!inst->given_off) return MU_ENOMEM;
        for (int64_t k = 0; k < inst->n_given; k++) inst->given_off[inst->given_app[k] + 1]++;
        for (int32_t a = 0; a < inst->n_app; a++) inst->given_off[a + 1] += inst->given_off[a];
    }
    return MU_OK;
}

static int given_has(const mu_instance *inst, int32_t a, int32_t c) {
    int64_t lo = inst->given_off[a], hi = inst->given_off[a + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (inst->given_com[mid] < c) lo = mid + 1;
        else hi = mid;
    }
    return lo < inst->given_off[a + 1] && inst->given_com[lo] == c;
}

/* The rules that exclude (a, c); given: (a, c) is known to be a listed pair. */
static uint32_t exclusions(const mu_instance *inst, int32_t a, int32_t c, int given) {
    const mu_applicant *ap = &inst->app[a];
    const mu_company *co = &inst->com[c];
    uint32_t f = inst->app_fail[a];
    if (inst->has_pairs && !given && !given_has(inst, a, c)) f |= MU_RULE(NOT_IN_PAIRS);
    if (co->req_jlpt || co->req_english) {
        int ok = (co->req_jlpt && ap->jlpt >= co->req_jlpt) || (co->req_english && ap->english >= co->req_english);
        if (!ok) f |= MU_RULE(COMPANY_LANGUAGE);
    }
    if (co->has_req_fields) {
        int ok = 0;
        for (int64_t k = inst->com_fields.off[c]; k < inst->com_fields.off[c + 1] && !ok; k++)
            ok = inst->com_fields.item[k] == ap->field;
        if (!ok || ap->field < 0) f |= MU_RULE(COMPANY_FIELD);
    }
    if (co->req_degree && !ap->degree) f |= MU_RULE(COMPANY_DEGREE);
    if (inst->rules.mutual_preferences) {
        if (inst->app_pref.off[a + 1] > inst->app_pref.off[a] && row_find(&inst->app_pref_sorted, a, c) < 0)
            f |= MU_RULE(APPLICANT_LIST);
        if (inst->com_pref.off[c + 1] > inst->com_pref.off[c] && row_find(&inst->com_pref_sorted, c, a) < 0)
            f |= MU_RULE(COMPANY_LIST);
    }
    if (co->capacity == 0) f |= MU_RULE(NO_CAPACITY);
    if (co->withdrawn) f |= MU_RULE(WITHDRAWN);
    return f;
}

uint32_t mu_pair_exclusions(const mu_instance *inst, int32_t a, int32_t c) { return exclusions(inst, a, c, 0); }

static int64_t rank_score(int64_t w, int64_t rank, int64_t len) {
    return rank > 0 && len > 0 ? w * (len - rank + 1) / len : 0;
}

/* The weight of an eligible pair from the `weights` parameters. */
static int64_t scored_weight(const mu_instance *inst, int32_t a, int32_t c) {
    const mu_weights *w = &inst->weights;
    int64_t s = w->base;
    int64_t k = row_find(&inst->app_pref_sorted, a, c);
    if (k >= 0)
        s += rank_score(w->applicant_rank, inst->app_pref_rank[k], inst->app_pref.off[a + 1] - inst->app_pref.off[a]);
    k = row_find(&inst->com_pref_sorted, c, a);
    if (k >= 0)
        s += rank_score(w->company_rank, inst->com_pref_rank[k], inst->com_pref.off[c + 1] - inst->com_pref.off[c]);
    int32_t nat = inst->app[a].nationality;
    if (nat >= 0)
        for (int64_t t = inst->com_target.off[c]; t < inst->com_target.off[c + 1]; t++)
            if (inst->com_target.item[t] == nat) {
                s += w->target_market;
                break;
            }
    return s;
}

/* Applicant a's candidates: the listed pairs, else its own list when lists
 * exclude, else every company; in increasing company order. */
static const int32_t *candidates(const mu_instance *inst, int32_t a, int64_t *n) {
    if (inst->has_pairs) {
        *n = inst->given_off[a + 1] - inst->given_off[a];
        return inst->given_com + inst->given_off[a];
    }
    if (inst->rules.mutual_preferences && inst->app_pref.off[a + 1] > inst->app_pref.off[a]) {
        *n = inst->app_pref_sorted.off[a + 1] - inst->app_pref_sorted.off[a];
        return inst->app_pref_sorted.item + inst->app_pref_sorted.off[a];
    }
    *n = inst->n_com;
    return NULL;
}

/* Writes applicant a's eligible pairs from com[at], w[at] (when com is not
 * NULL); returns how many. */
static int64_t eligible_of(const mu_instance *inst, int32_t a, int32_t *com, int64_t *w, int64_t at) {
    if (inst->app_fail[a]) return 0;
    int64_t ncand, n = 0;
    const int32_t *cand = candidates(inst, a, &ncand);
    for (int64_t k = 0; k < ncand; k++) {
        int32_t c = cand ? cand[k] : (int32_t)k;
        if (exclusions(inst, a, c, inst->has_pairs)) continue;
        if (com) {
            com[at + n] = c;
            w[at + n] = inst->has_pairs ? inst->given_w[inst->given_off[a] + k] : scored_weight(inst, a, c);
        }
        n++;
    }
    return n;
}

/* In parallel over the applicants, each writing its own pairs, so the
 * result never depends on the threads. With listed pairs each applicant
 * writes in place at its listed pairs' offset (the eligible ones are among
 * them), then the runs close up; otherwise a first pass counts. */
int mu_pairs_build(const mu_instance *inst, mu_pairs *p, mu_error *err) {
    memset(p, 0, sizeof *p);
    int32_t na = inst->n_app;
    p->n_app = na;
    p->n_com = inst->n_com;
    p->app_off = mu_alloc((size_t)na + 1, sizeof *p->app_off, err);
    int64_t *count = mu_alloc((size_t)na + 1, sizeof *count, err);
    if (!p->app_off || !count) goto oom;
    int64_t room = 0;
    if (inst->has_pairs) room = inst->n_given;
    else {
#pragma omp parallel for schedule(dynamic, 256)
        for (int32_t a = 0; a < na; a++) count[a] = eligible_of(inst, a, NULL, NULL, 0);
        for (int32_t a = 0; a < na; a++) room += count[a];
    }
    p->com = mu_alloc((size_t)room + 1, sizeof *p->com, err);
    p->w = mu_alloc((size_t)room + 1, sizeof *p->w, err);
    if (!p->com || !p->w) goto oom;
    int64_t n = 0;
    for (int32_t a = 0; a < na; a++) {
        p->app_off[a] = inst->has_pairs ? inst->given_off[a] : n;
        if (!inst->has_pairs) n += count[a];
    }
#pragma omp parallel for schedule(dynamic, 256)
    for (int32_t a = 0; a < na; a++) count[a] = eligible_of(inst, a, p->com, p->w, p->app_off[a]);
    /* close up the runs (a no-op when every listed pair is eligible) */
    n = 0;
    for (int32_t a = 0; a < na; a++) {
        int64_t from = p->app_off[a];
        p->app_off[a] = n;
        if (from != n) {
            memmove(p->com + n, p->com + from, (size_t)count[a] * sizeof *p->com);
            memmove(p->w + n, p->w + from, (size_t)count[a] * sizeof *p->w);
        }
        n += count[a];
    }
    p->app_off[na] = n;
    p->n = n;
    free(count);
    if (n < room) { /* give back what ineligible pairs left unused */
        int32_t *c2 = realloc(p->com, ((size_t)n + 1) * sizeof *c2);
        if (c2) p->com = c2;
        int64_t *w2 = realloc(p->w, ((size_t)n + 1) * sizeof *w2);
        if (w2) p->w = w2;
    }
    return MU_OK;
oom:
    free(count);
    mu_pairs_free(p);
    return MU_ENOMEM;
}

void mu_pairs_free(mu_pairs *p) {
    free(p->app_off);
    free(p->com);
    free(p->w);
    memset(p, 0, sizeof *p);
}

int64_t mu_pairs_find(const mu_pairs *p, int32_t a, int32_t c) {
    int64_t lo = p->app_off[a], hi = p->app_off[a + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (p->com[mid] < c) lo = mid + 1;
        else hi = mid;
    }
    return lo < p->app_off[a + 1] && p->com[lo] == c ? lo : -1;
}

void mu_audit_counts(const mu_instance *inst, int64_t counts[MU_RULE_COUNT], int64_t *eligible) {
    memset(counts, 0, MU_RULE_COUNT * sizeof counts[0]);
    *eligible = 0;
    for (int32_t a = 0; a < inst->n_app; a++)
        for (int32_t c = 0; c < inst->n_com; c++) {
            uint32_t f = mu_pair_exclusions(inst, a, c);
            if (!f) ++*eligible;
            for (int b = 0; b < MU_RULE_COUNT; b++)
                if (f & (1u << b)) counts[b]++;
        }
}
