/* The generator's model: who the applicants and companies are, whom each
 * applicant considers, how both sides rank, and the explicit pair weights.
 *
 * Categories (nationality, languages, field; sector, region, size,
 * overseas, seats) are drawn from integer weights, either independently
 * (inverse CDF on the cumulative weights) or, with --stratify, apportioned
 * exactly by largest remainder (Hamilton's method; ties to the lower index)
 * and spread over the records by a keyed permutation (random.h), so 1,000
 * applicants at 30 % VN hold exactly 300. Ages are triangular, continuous at
 * the mode. Languages are drawn from one joint table (language_cells) so
 * that, when asked, applicants below the JLPT minimum meet the English one.
 *
 * Candidates: an applicant considers K companies, with probability
 * --in-sector from its field's home sector, a popular one favoured by a
 * two-way tournament the better-standing company wins with probability
 * --app-correlation, and only hosts whose requirements it meets. Both sides
 * rank by standing x correlation + own taste x (1 - correlation) (taste: a
 * hash of the pair, so no state), companies adding --target-preference for
 * applicants from a target market. Companies keep a bounded heap (mu_gen_offer).
 *
 * Determinism: integer arithmetic on random.h's streams; an applicant is a
 * pure function of (knobs, index), a company of (knobs, index); ties in a
 * ranking go to the lower index (cand_cmp, the heap keys). Nothing here
 * writes: the writers (write.c) call in applicant order. */
#include "generator/model.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "generator/knobs.h"
#include "model/instance.h"

static void cat_init(mu_gen_cat *c, const int64_t *w, int m, uint64_t n, int strat, uint64_t key) {
    memset(c, 0, sizeof *c);
    c->m = m;
    c->strat = strat && n > 0;
    uint64_t total = 0;
    for (int i = 0; i < m; i++) {
        total += (uint64_t)w[i];
        c->cum[i + 1] = total;
    }
    if (!c->strat || total == 0) {
        c->strat = 0;
        return;
    }
    uint64_t count[MU_GEN_MAXCAT], rem[MU_GEN_MAXCAT], given = 0;
    for (int i = 0; i < m; i++) {
        /* n < 2^31 and w < 2^30: the product fits. */
        count[i] = n * (uint64_t)w[i] / total;
        rem[i] = n * (uint64_t)w[i] % total;
        given += count[i];
    }
    while (given < n) {
        int best = -1;
        for (int i = 0; i < m; i++)
            if (w[i] > 0 && (best < 0 || rem[i] > rem[best])) best = i;
        count[best]++;
        rem[best] = 0;
        given++;
    }
    for (int i = 0; i < m; i++) c->bound[i + 1] = c->bound[i] + count[i];
    mu_gen_perm_init(&c->p, n, key);
}

static int cat_pick(const mu_gen_cat *c, mu_gen_stream *r, uint64_t i) {
    if (c->m == 0 || c->cum[c->m] == 0) return -1;
    uint64_t x;
    const uint64_t *b;
    if (c->strat) {
        x = mu_gen_perm_apply(&c->p, i);
        b = c->bound;
    } else {
        x = mu_gen_below(r, c->cum[c->m]);
        b = c->cum;
    }
    int lo = 0, hi = c->m - 1;
    while (lo < hi) { /* the first k with b[k+1] > x */
        int mid = (lo + hi) / 2;
        if (b[mid + 1] > x) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

static void table_weights(const mu_gen_table *t, int64_t *w) {
    for (int i = 0; i < t->n; i++) w[i] = t->item[i].weight;
}

enum { V_AGE, V_LANGUAGE, V_DEGREE, V_NATIONALITY };

static int digits(int64_t n) {
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

/* Joint Japanese x English weights. With the language rule, applicants
 * below the JLPT minimum take their English from the levels that meet the
 * English minimum, in proportion; the rest of the English mass goes to the
 * others. Both marginals are kept whenever the high-English mass covers the
 * low-Japanese mass; otherwise the draw is independent (some applicants
 * then fail the rule, as the shares imply). */
static void language_cells(const mu_gen_knobs *k, int64_t *cell) {
    const int64_t S = 1000000;
    int64_t p[6] = {0}, q[5] = {0}, wp = 0, wq = 0;
    for (int i = 0; i < k->jlpt.n; i++) wp += k->jlpt.item[i].weight;
    for (int i = 0; i < k->english.n; i++) wq += k->english.item[i].weight;
    for (int i = 0; i < k->jlpt.n; i++) p[mu_gen_jlpt_level(k->jlpt.item[i].name)] += k->jlpt.item[i].weight * S / wp;
    for (int i = 0; i < k->english.n; i++)
        q[mu_english_parse(k->english.item[i].name)] += k->english.item[i].weight * S / wq;
    int joint = k->languages_joint && k->rules && (k->rule_jlpt >= 0 || k->rule_english >= 0);
    int jmin = k->rule_jlpt >= 0 ? k->rule_jlpt : 6;       /* low: j < jmin */
    int emin = k->rule_english >= 0 ? k->rule_english : 5; /* high: e >= emin */
    int64_t low = 0, high = 0;
    for (int j = 0; j < jmin && j < 6; j++) low += p[j];
    for (int e = emin; e < 5; e++) high += q[e];
    if (!joint || high < low || low == S || high == 0) {
        for (int j = 0; j < 6; j++)
            for (int e = 0; e < 5; e++) cell[j * 5 + e] = p[j] * q[e] / S;
        return;
    }
    int64_t qrest[5];
    for (int e = 0; e < 5; e++) qrest[e] = q[e];
    for (int j = 0; j < 6; j++)
        for (int e = 0; e < 5; e++) cell[j * 5 + e] = 0;
    for (int j = 0; j < jmin; j++)
        for (int e = emin; e < 5; e++) {
            int64_t x = p[j] * q[e] / high;
            cell[j * 5 + e] = x;
            qrest[e] -= x;
        }
    int64_t rest = S - low;
    for (int j = jmin; j < 6; j++)
        for (int e = 0; e < 5; e++) cell[j * 5 + e] = qrest[e] > 0 ? p[j] * qrest[e] / rest : 0;
}

static int sector_index(const mu_gen_knobs *k, const char *name, size_t len) {
    for (int s = 0; s < k->sectors.n; s++)
        if (strlen(k->sectors.item[s].name) == len && memcmp(k->sectors.item[s].name, name, len) == 0) return s;
    return -1;
}

static int nationality_index(const mu_gen_knobs *k, const char *code) {
    for (int i = 0; i < k->nationalities.n; i++)
        if (strcmp(k->nationalities.item[i].name, code) == 0) return i;
    return -1;
}

static int meets(const mu_gen_model *g, const mu_gen_applicant *a, const mu_gen_company *c) {
    if (c->req_jlpt >= 0 || c->req_english >= 0) {
        int ok = (c->req_jlpt >= 0 && a->jlpt >= c->req_jlpt) || (c->req_english >= 0 && a->english >= c->req_english);
        if (!ok) return 0;
    }
    if (c->req_fields && (a->field < 0 || g->field_home[a->field] != c->sector)) return 0;
    if (c->req_degree && !a->degree) return 0;
    return 1;
}

static void make_company(mu_gen_model *g, int64_t j, mu_gen_cat *cs, mu_gen_cat *cr, mu_gen_cat *cz, mu_gen_cat *co,
                         mu_gen_cat *cc, uint64_t *tm_cum) {
    const mu_gen_knobs *k = g->k;
    mu_gen_company *c = &g->comp[j];
    mu_gen_stream r = mu_gen_stream_at(g->seed, MU_GEN_T_COMP, (uint64_t)j);
    c->master = (uint32_t)mu_gen_below(&r, 1000000);
    c->sector = cat_pick(cs, &r, (uint64_t)j);
    c->region = cat_pick(cr, &r, (uint64_t)j);
    c->size = cat_pick(cz, &r, (uint64_t)j);
    c->overseas = cat_pick(co, &r, (uint64_t)j);
    if (k->capacity_table.n) {
        int x = cat_pick(cc, &r, (uint64_t)j);
        /* the knob parser checked it: a whole number up to 1000000 */
        c->capacity = strtoll(k->capacity_table.item[x].name, NULL, 10);
    } else if (k->capacity_mean > 0 && k->capacity.max > k->capacity.min) {
        /* binomial: min + B(max - min, p), p in millionths */
        int64_t span = k->capacity.max - k->capacity.min;
        int64_t ppm = (k->capacity_mean - 100 * k->capacity.min) * 10000 / span;
        int64_t cap = k->capacity.min;
        for (int64_t t = 0; t < span; t++) cap += (int64_t)mu_gen_below(&r, 1000000) < ppm;
        c->capacity = cap;
    } else {
        c->capacity = mu_gen_in_range(&r, k->capacity);
    }
    /* Target markets: distinct draws by weight (bounded retries). */
    int want = (int)mu_gen_in_range(&r, k->target_markets);
    c->ntm = 0;
    uint64_t total = tm_cum[g->tm_mix->n];
    for (int tries = 0; c->ntm < want && tries < 64 * want && total; tries++) {
        uint64_t x = mu_gen_below(&r, total);
        int m = 0;
        while (tm_cum[m + 1] <= x) m++;
        int dup = 0;
        for (int t = 0; t < c->ntm; t++) dup |= c->tm[t] == m;
        if (!dup) c->tm[c->ntm++] = (unsigned char)m;
    }
    c->req_jlpt = c->req_english = -1;
    c->req_fields = c->req_degree = 0;
    if (k->requires) {
        if (k->require_jlpt.n) {
            int64_t w[MU_GEN_MAXCAT];
            mu_gen_cat t;
            table_weights(&k->require_jlpt, w);
            cat_init(&t, w, k->require_jlpt.n, 0, 0, 0);
            int x = cat_pick(&t, &r, 0);
            c->req_jlpt = x >= 0 ? g->jlpt_of_req[x] : -1;
        }
        if (k->require_english.n) {
            int64_t w[MU_GEN_MAXCAT];
            mu_gen_cat t;
            table_weights(&k->require_english, w);
            cat_init(&t, w, k->require_english.n, 0, 0, 0);
            int x = cat_pick(&t, &r, 0);
            c->req_english = x >= 0 ? g->english_of_req[x] : -1;
        }
        if (mu_gen_chance(&r, k->require_fields) && c->sector >= 0) {
            for (int f = 0; f < k->fields.n; f++)
                if (g->field_home[f] == c->sector) c->req_fields = 1;
        }
        c->req_degree = mu_gen_chance(&r, k->require_degree);
    }
}

void mu_gen_model_free(mu_gen_model *g) {
    if (g->comp)
        for (int64_t j = 0; j < g->n_comp; j++) free(g->comp[j].heap);
    free(g->comp);
    free(g->members);
    g->comp = NULL;
    g->members = NULL;
}

int mu_gen_model_init(mu_gen_model *g, const mu_gen_knobs *k, mu_error *err) {
    memset(g, 0, sizeof *g);
    int rc = mu_gen_validate(k, err);
    if (rc) return rc;
    g->k = k;
    g->seed = k->seed;
    g->n_app = mu_gen_applicant_count(k);
    g->n_comp = k->companies;
    g->app_digits = digits(g->n_app);
    g->comp_digits = digits(g->n_comp);
    g->emit_pairs = k->pairs.max > 0;
    g->emit_app_lists = k->app_list.max > 0;
    g->emit_comp_lists = k->company_list > 0;
    g->kdraw = g->emit_pairs ? k->pairs : g->emit_app_lists ? k->app_list : k->candidates;
    if (g->kdraw.min < 1 && !g->emit_pairs && !g->emit_app_lists) g->kdraw.min = 1;
    g->kmax = (int)g->kdraw.max;
    if (g->kmax > g->n_comp) g->kmax = (int)g->n_comp;
    for (int i = 0; i < k->nationalities.n; i++) g->has_origin |= k->nationalities.item[i].tag[0] != '\0';
    g->tm_mix = k->tm_mix.n ? &k->tm_mix : &k->nationalities;

    uint64_t na = (uint64_t)g->n_app, nc = (uint64_t)g->n_comp;
    int64_t w[MU_GEN_MAXCAT], lw[30];
    table_weights(&k->nationalities, w);
    cat_init(&g->nat, w, k->nationalities.n, na, k->stratify, mu_gen_hash4(g->seed, MU_GEN_T_PERM_NAT, 0, 0));
    language_cells(k, lw);
    for (int j = 0; j < 6; j++)
        for (int e = 0; e < 5; e++) {
            g->lang_jlpt[j * 5 + e] = j;
            g->lang_english[j * 5 + e] = e;
        }
    cat_init(&g->lang, lw, 30, na, k->stratify, mu_gen_hash4(g->seed, MU_GEN_T_PERM_LANG, 0, 0));
    table_weights(&k->fields, w);
    cat_init(&g->field, w, k->fields.n, na, k->stratify, mu_gen_hash4(g->seed, MU_GEN_T_PERM_FIELD, 0, 0));
    for (int f = 0; f < k->fields.n; f++) {
        const char *tag = k->fields.item[f].tag;
        g->field_home[f] = tag[0] ? sector_index(k, tag, strlen(tag)) : -1;
    }
    for (int t = 0; t < g->tm_mix->n; t++) g->tm_nat[t] = nationality_index(k, g->tm_mix->item[t].name);
    for (int t = 0; t < k->require_jlpt.n; t++) {
        int lvl = mu_gen_jlpt_level(k->require_jlpt.item[t].name);
        g->jlpt_of_req[t] = lvl > 0 ? lvl : -1;
    }
    for (int t = 0; t < k->require_english.n; t++) {
        int lvl = mu_english_parse(k->require_english.item[t].name);
        g->english_of_req[t] = lvl > 0 ? lvl : -1;
    }
    /* Ages: triangular weights, continuous at the mode. */
    g->age_lo = (int)k->age.min;
    g->age_n = (int)(k->age.max - k->age.min + 1);
    for (int a = 0; a < g->age_n; a++) {
        int64_t x = k->age.min + a, wgt;
        if (x <= k->age_mode) wgt = (x - k->age.min + 1) * (k->age.max - k->age_mode + 1);
        else wgt = (k->age.max - x + 1) * (k->age_mode - k->age.min + 1);
        g->age_cum[a + 1] = g->age_cum[a] + (uint64_t)wgt;
    }
    g->nvk = 0;
    if (k->rules && k->violations > 0) {
        if (k->rule_age.min >= 0) g->vkinds[g->nvk++] = V_AGE;
        if (k->rule_jlpt >= 0 || k->rule_english >= 0) g->vkinds[g->nvk++] = V_LANGUAGE;
        if (k->rule_degree) g->vkinds[g->nvk++] = V_DEGREE;
        if (k->ineligible.n) g->vkinds[g->nvk++] = V_NATIONALITY;
    }

    /* Companies. */
    if (nc) {
        /* calloc, not mu_calloc: the one line says which knob asked for it */
        g->comp = calloc((size_t)nc, sizeof *g->comp);
        g->members = calloc((size_t)nc, sizeof *g->members);
        if (!g->comp || !g->members) {
            mu_gen_model_free(g);
            return mu_err(err, MU_ENOMEM, "--companies %" PRId64 ": out of memory for the companies (%zu bytes each)",
                          g->n_comp, sizeof *g->comp + sizeof *g->members);
        }
    }
    mu_gen_cat cs, cr, cz, co, cc;
    table_weights(&k->sectors, w);
    cat_init(&cs, w, k->sectors.n, nc, k->stratify, mu_gen_hash4(g->seed, MU_GEN_T_PERM_SECTOR, 0, 0));
    table_weights(&k->regions, w);
    cat_init(&cr, w, k->regions.n, nc, k->stratify, mu_gen_hash4(g->seed, MU_GEN_T_PERM_REGION, 0, 0));
    table_weights(&k->sizes, w);
    cat_init(&cz, w, k->sizes.n, nc, k->stratify, mu_gen_hash4(g->seed, MU_GEN_T_PERM_SIZE, 0, 0));
    table_weights(&k->overseas, w);
    cat_init(&co, w, k->overseas.n, nc, k->stratify, mu_gen_hash4(g->seed, MU_GEN_T_PERM_OVERSEAS, 0, 0));
    table_weights(&k->capacity_table, w);
    cat_init(&cc, w, k->capacity_table.n, nc, k->stratify, mu_gen_hash4(g->seed, MU_GEN_T_PERM_CAPACITY, 0, 0));
    uint64_t tm_cum[MU_GEN_MAXCAT + 1] = {0};
    for (int t = 0; t < g->tm_mix->n; t++) tm_cum[t + 1] = tm_cum[t] + (uint64_t)g->tm_mix->item[t].weight;
    for (int64_t j = 0; j < g->n_comp; j++) make_company(g, j, &cs, &cr, &cz, &co, &cc, tm_cum);
    /* Group companies by sector (group S = no sector), index order. */
    int ns = k->sectors.n;
    int64_t cnt[MU_GEN_MAXCAT + 2] = {0};
    for (int64_t j = 0; j < g->n_comp; j++) cnt[g->comp[j].sector >= 0 ? g->comp[j].sector : ns]++;
    g->mstart[0] = 0;
    for (int s = 0; s <= ns; s++) g->mstart[s + 1] = g->mstart[s] + cnt[s];
    int64_t fill[MU_GEN_MAXCAT + 2];
    memcpy(fill, g->mstart, sizeof fill);
    for (int64_t j = 0; j < g->n_comp; j++) {
        int s = g->comp[j].sector >= 0 ? g->comp[j].sector : ns;
        g->members[fill[s]++] = (int32_t)j;
    }
    return MU_OK;
}

/* The applicant's view of company c: its standing mixed with the
 * applicant's own taste, by the correlation knob. */
static uint32_t app_utility(const mu_gen_model *g, int64_t a, int32_t c) {
    uint64_t noise = mu_gen_hash4(g->seed, MU_GEN_T_NOISE_APP, (uint64_t)a, (uint64_t)c) % 1000000;
    uint64_t rho = (uint64_t)g->k->app_corr;
    return (uint32_t)((rho * g->comp[c].master + (1000 - rho) * noise) / 1000);
}

static uint32_t company_utility(const mu_gen_model *g, const mu_gen_applicant *a, int32_t c) {
    uint64_t noise = mu_gen_hash4(g->seed, MU_GEN_T_NOISE_COMP, (uint64_t)c, (uint64_t)a->i) % 1000000;
    uint64_t rho = (uint64_t)g->k->company_corr;
    uint64_t u = (rho * a->quality + (1000 - rho) * noise) / 1000;
    const mu_gen_company *co = &g->comp[c];
    if (a->nat >= 0)
        for (int t = 0; t < co->ntm; t++)
            if (g->tm_nat[co->tm[t]] == a->nat) {
                u += (uint64_t)g->k->target_pref * 1000;
                break;
            }
    return (uint32_t)u;
}

static int cand_cmp(const void *x, const void *y) {
    const mu_gen_cand *a = x, *b = y;
    if (a->u != b->u) return a->u > b->u ? -1 : 1;
    return (a->c > b->c) - (a->c < b->c); /* ties: lower company index first */
}

void mu_gen_applicant_draw(const mu_gen_model *g, int64_t i, mu_gen_applicant *a) {
    const mu_gen_knobs *k = g->k;
    mu_gen_stream r = mu_gen_stream_at(g->seed, MU_GEN_T_APP, (uint64_t)i);
    a->i = i;
    a->quality = (uint32_t)mu_gen_below(&r, 1000000);
    a->nat = cat_pick(&g->nat, &r, (uint64_t)i);
    int cell = cat_pick(&g->lang, &r, (uint64_t)i);
    a->jlpt = g->lang_jlpt[cell];
    a->english = g->lang_english[cell];
    a->field = cat_pick(&g->field, &r, (uint64_t)i);
    uint64_t x = mu_gen_below(&r, g->age_cum[g->age_n]);
    int age = 0;
    while (g->age_cum[age + 1] <= x) age++;
    a->age = g->age_lo + age;
    a->degree = mu_gen_chance(&r, k->degree);
    a->recommendation = mu_gen_chance(&r, k->recommendation);
    int violator = g->nvk && mu_gen_chance(&r, k->violations);
    if (violator) {
        switch (g->vkinds[mu_gen_below(&r, (uint64_t)g->nvk)]) {
        case V_AGE:
            if (mu_gen_below(&r, 2) && k->rule_age.max < 145)
                a->age = (int)k->rule_age.max + 1 + (int)mu_gen_below(&r, 5);
            else if (k->rule_age.min > 0)
                a->age = (int)k->rule_age.min - 1 - (int)mu_gen_below(&r, (uint64_t)(k->rule_age.min > 2 ? 2 : 1));
            else a->age = (int)k->rule_age.max + 1;
            break;
        case V_LANGUAGE:
            if (k->rule_jlpt >= 0) a->jlpt = (int)mu_gen_below(&r, (uint64_t)k->rule_jlpt);
            if (k->rule_english >= 0) a->english = (int)mu_gen_below(&r, (uint64_t)k->rule_english);
            break;
        case V_DEGREE: a->degree = a->recommendation = 0; break;
        default: a->nat = -1 - (int)mu_gen_below(&r, (uint64_t)k->ineligible.n); break;
        }
    } else if (k->rules && k->rule_degree && !a->degree && !a->recommendation) {
        a->recommendation = 1;
    }

    /* Candidate companies: mostly in the field's home sector, popular ones
     * favoured by a two-way tournament won with probability app-correlation,
     * only hosts whose requirements the applicant meets. */
    a->ncand = 0;
    a->nlist = 0;
    if (g->n_comp == 0) return;
    int want = (int)mu_gen_in_range(&r, g->kdraw);
    if (want > g->kmax) want = g->kmax;
    int home = a->field >= 0 ? g->field_home[a->field] : -1;
    int64_t hn = home >= 0 ? g->mstart[home + 1] - g->mstart[home] : 0;
    for (int tries = 0; a->ncand < want && tries < 20 * want + 100; tries++) {
        const int32_t *pool = g->members;
        uint64_t pn = (uint64_t)g->n_comp;
        if (hn > 0 && mu_gen_chance(&r, k->in_sector)) {
            pool = g->members + g->mstart[home];
            pn = (uint64_t)hn;
        }
        int32_t c = pool[mu_gen_below(&r, pn)];
        if (mu_gen_chance(&r, k->app_corr)) {
            int32_t c2 = pool[mu_gen_below(&r, pn)];
            if (g->comp[c2].master > g->comp[c].master) c = c2;
        }
        int dup = 0;
        for (int t = 0; t < a->ncand && !dup; t++) dup = a->cand[t].c == c;
        if (dup || !meets(g, a, &g->comp[c])) continue;
        a->cand[a->ncand].c = c;
        a->ncand++;
    }
    if (a->ncand == 0 && want > 0) {
        /* Nobody's requirements are met: the applicant applies anyway. */
        a->cand[0].c = (int32_t)mu_gen_below(&r, (uint64_t)g->n_comp);
        a->ncand = 1;
    }
    for (int t = 0; t < a->ncand; t++) a->cand[t].u = app_utility(g, i, a->cand[t].c);
    if (a->ncand > 1) qsort(a->cand, (size_t)a->ncand, sizeof *a->cand, cand_cmp);
    if (g->emit_app_lists) {
        int len = g->emit_pairs ? (int)mu_gen_in_range(&r, k->app_list) : a->ncand;
        a->nlist = len < a->ncand ? len : a->ncand;
    }
}

/* Each company keeps its best company_list applicants in a min-heap of
 * keys (score << 32 | ~index), so the worst kept is at the root and a
 * better newcomer replaces it: memory is at most companies x list length. */
int mu_gen_offer(mu_gen_model *g, const mu_gen_applicant *a, mu_error *err) {
    if (!g->emit_comp_lists) return MU_OK;
    int n = g->emit_app_lists ? a->nlist : a->ncand;
    uint32_t lim = (uint32_t)(g->k->company_list < UINT32_MAX ? g->k->company_list : UINT32_MAX);
    for (int t = 0; t < n; t++) {
        mu_gen_company *c = &g->comp[a->cand[t].c];
        /* larger key = preferred: higher score, then lower index */
        uint64_t key = ((uint64_t)company_utility(g, a, a->cand[t].c) << 32) | (uint64_t)(UINT32_MAX - (uint32_t)a->i);
        uint64_t *h = c->heap;
        if (c->nheap < lim) {
            if (c->nheap == c->capheap) {
                uint32_t cap = c->capheap ? c->capheap * 2 : 8;
                if (cap > lim) cap = lim;
                uint64_t *nh = mu_realloc_array(c->heap, cap, sizeof *nh, err);
                if (!nh) return MU_ENOMEM;
                c->heap = h = nh;
                c->capheap = cap;
            }
            uint32_t x = c->nheap++;
            while (x > 0 && h[(x - 1) / 2] > key) {
                h[x] = h[(x - 1) / 2];
                x = (x - 1) / 2;
            }
            h[x] = key;
        } else if (key > h[0]) {
            uint32_t x = 0, m = c->nheap;
            for (;;) {
                uint32_t l = 2 * x + 1, s = x;
                uint64_t sk = key;
                if (l < m && h[l] < sk) {
                    s = l;
                    sk = h[l];
                }
                if (l + 1 < m && h[l + 1] < sk) s = l + 1;
                if (s == x) break;
                h[x] = h[s];
                x = s;
            }
            h[x] = key;
        }
    }
    return MU_OK;
}

static int key_desc(const void *x, const void *y) {
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a < b) - (a > b);
}

void mu_gen_company_rank(mu_gen_model *g, int64_t j) {
    mu_gen_company *c = &g->comp[j];
    if (c->nheap > 1) qsort(c->heap, c->nheap, sizeof *c->heap, key_desc);
}

int64_t mu_gen_ranked(const mu_gen_model *g, int64_t j, uint32_t t) {
    return UINT32_MAX - (uint32_t)(g->comp[j].heap[t] & UINT32_MAX);
}

/* Explicit pair weight: rank score + host score + noise (integers). */
int64_t mu_gen_pair_weight(const mu_gen_model *g, const mu_gen_applicant *a, int rank) {
    const int64_t *pw = g->k->pair_weight;
    int32_t c = a->cand[rank].c;
    int64_t K = a->ncand;
    int64_t w = pw[0] * (K - rank) / K;
    w += pw[1] * (int64_t)g->comp[c].master / 1000000;
    if (pw[2] > 0)
        w += (int64_t)(mu_gen_hash4(g->seed, MU_GEN_T_NOISE_PAIR, (uint64_t)a->i, (uint64_t)c) % (uint64_t)(pw[2] + 1));
    return w;
}

mu_gen_applicant *mu_gen_applicant_new(const mu_gen_model *g, mu_error *err) {
    mu_gen_applicant *a = mu_calloc(1, sizeof *a, err);
    if (!a) return NULL;
    a->cand = mu_calloc((size_t)(g->kmax > 0 ? g->kmax : 1), sizeof *a->cand, err);
    if (!a->cand) {
        free(a);
        return NULL;
    }
    return a;
}

void mu_gen_applicant_free(mu_gen_applicant *a) {
    if (a) free(a->cand);
    free(a);
}
