/* The generator's model (model.c): the companies, drawn once and kept, and
 * the applicants, drawn one at a time from (seed, index) and never kept, so
 * a writer streams them and draws one again when it needs it again.
 * Internal to generator/.
 *
 * Ownership: mu_gen_model_init allocates the companies and their lists,
 * mu_gen_model_free releases them; the model keeps a pointer to the knobs,
 * which must outlive it. An applicant record is allocated once per writer
 * (mu_gen_applicant_new) and redrawn in place. */
#ifndef MU_GEN_MODEL_H
#define MU_GEN_MODEL_H

#include <stdint.h>

#include "generator/generator.h"
#include "generator/random.h"

#define MU_GEN_MAXCAT 32 /* categories of one attribute (= MU_GEN_MAX_ITEMS) */

/* A categorical attribute: cumulative weights for independent draws, and
 * exactly apportioned counts (largest remainder, ties to the lower index)
 * spread over the records by a keyed permutation for stratified picks. */
typedef struct mu_gen_cat {
    int m;
    int strat;
    uint64_t cum[MU_GEN_MAXCAT + 1];
    uint64_t bound[MU_GEN_MAXCAT + 1];
    mu_gen_perm p;
} mu_gen_cat;

typedef struct mu_gen_company {
    int64_t capacity;
    uint32_t master;                    /* the company's standing, 0..999999 */
    int sector, region, size, overseas; /* category indices, -1: none */
    int req_jlpt, req_english;          /* required level, -1: none */
    int req_fields, req_degree;
    int ntm;
    unsigned char tm[MU_GEN_MAX_ITEMS]; /* indices into the target-market mix */
    uint64_t *heap;                     /* company list: min-heap of (score << 32 | ~applicant) */
    uint32_t nheap, capheap;
} mu_gen_company;

/* A company an applicant considers, with the applicant's utility of it. */
typedef struct mu_gen_cand {
    int32_t c;
    uint32_t u;
} mu_gen_cand;

typedef struct mu_gen_applicant {
    int64_t i;
    int nat; /* >= 0: nationality mix; < 0: ineligible entry -1 - nat */
    int age, jlpt, english, degree, recommendation, field;
    uint32_t quality;
    int ncand, nlist; /* candidates (best first); how many of them it lists */
    mu_gen_cand *cand;
} mu_gen_applicant;

typedef struct mu_gen_model {
    const mu_gen_knobs *k;
    uint64_t seed;
    int64_t n_app, n_comp;
    int app_digits, comp_digits; /* widths of the ids A0001, C001 */
    int emit_pairs, emit_app_lists, emit_comp_lists, has_origin;
    int kmax;
    mu_gen_range kdraw; /* candidates per applicant */
    mu_gen_cat nat, lang, field;
    int lang_jlpt[30], lang_english[30]; /* language cell -> levels */
    uint64_t age_cum[152];
    int age_lo, age_n;
    int field_home[MU_GEN_MAXCAT]; /* sector index or -1 */
    int tm_nat[MU_GEN_MAXCAT];     /* target-market entry -> nationality index */
    int jlpt_of_req[MU_GEN_MAXCAT], english_of_req[MU_GEN_MAXCAT];
    mu_gen_company *comp;
    int32_t *members;                  /* companies grouped by sector */
    int64_t mstart[MU_GEN_MAXCAT + 2]; /* group s is members[mstart[s]..mstart[s+1]) */
    int vkinds[4], nvk;                /* the kinds of rule violation drawn */
    const mu_gen_table *tm_mix;
} mu_gen_model;

/* Validates the knobs (MU_EUSAGE) and draws the companies (MU_ENOMEM). On
 * failure nothing is left to free. */
int mu_gen_model_init(mu_gen_model *g, const mu_gen_knobs *k, mu_error *err);
void mu_gen_model_free(mu_gen_model *g);

/* An applicant record with room for the most candidates; NULL (MU_ENOMEM
 * set) on failure. */
mu_gen_applicant *mu_gen_applicant_new(const mu_gen_model *g, mu_error *err);
void mu_gen_applicant_free(mu_gen_applicant *a);

/* Draws applicant i into a: attributes, candidates ranked best first,
 * how many it lists. A pure function of (knobs, i). */
void mu_gen_applicant_draw(const mu_gen_model *g, int64_t i, mu_gen_applicant *a);

/* Offers applicant a to the bounded list of each company it considers
 * (applicants must come in index order). MU_OK or MU_ENOMEM. */
int mu_gen_offer(mu_gen_model *g, const mu_gen_applicant *a, mu_error *err);

/* Sorts company j's list, best first, once every applicant was offered;
 * then mu_gen_ranked(g, j, t) is the index of its t-th applicant. */
void mu_gen_company_rank(mu_gen_model *g, int64_t j);
int64_t mu_gen_ranked(const mu_gen_model *g, int64_t j, uint32_t t);

/* The weight of the explicit pair (a, its candidate of rank `rank`). */
int64_t mu_gen_pair_weight(const mu_gen_model *g, const mu_gen_applicant *a, int rank);

#endif
