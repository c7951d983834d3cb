/* The instance: applicants, companies, declared eligibility rules, weights,
 * quotas; and the eligible-pair set with its audit. Internal to the library:
 * callers outside it see only the opaque mu_instance of musubi.h. */
#ifndef MU_INSTANCE_H
#define MU_INSTANCE_H

#include <stdint.h>

#include "base/base.h"

/* ---- interned strings (attribute names and values, ids) */
typedef struct mu_symslot {
    uint32_t hash; /* of the symbol's string */
    int32_t id;    /* -1: empty */
} mu_symslot;
typedef struct mu_symtab {
    char **str;
    int32_t n, cap;
    mu_symslot *slot; /* open addressing */
    uint32_t nslot;
} mu_symtab;
/* Returns the symbol of s, adding it if new; -1 on out of memory. */
int32_t mu_sym_intern(mu_symtab *t, const char *s, mu_error *err);
/* Returns the symbol of s, or -1 if absent. */
int32_t mu_sym_find(const mu_symtab *t, const char *s);
/* The same for the len bytes at s (not NUL-terminated; a NUL among them
 * matches nothing). */
int32_t mu_sym_find_n(const mu_symtab *t, const char *s, size_t len);
void mu_sym_free(mu_symtab *t);
/* Adds s as a new symbol without looking for it: mu_sym_find does not see
 * it until mu_sym_index. -1 on out of memory. */
int32_t mu_sym_append(mu_symtab *t, const char *s, mu_error *err);
/* Indexes every symbol anew, in one pass whose cache misses overlap (a
 * million ids interned one a row cost a miss each, one after another);
 * *repeated when a string is there twice (the later one is then not
 * indexed). MU_OK or MU_ENOMEM. */
int mu_sym_index(mu_symtab *t, int *repeated, mu_error *err);
/* Room for n symbols in all, so that interning them never rehashes (a
 * million ids rehashed as the table doubles cost a cache miss each). */
int mu_sym_reserve(mu_symtab *t, int32_t n, mu_error *err);

/* Levels, ordered so that a larger number is a better level. */
enum { MU_JLPT_NONE = 0 }; /* 1..5 = N5..N1 (N1 = 5 is the highest) */
enum { MU_EN_NONE = 0, MU_EN_BASIC, MU_EN_DAILY, MU_EN_BUSINESS, MU_EN_NATIVE };
int mu_jlpt_parse(const char *s);    /* "N1".."N5" -> 5..1, else -1 */
const char *mu_jlpt_name(int level); /* 5 -> "N1" */
int mu_english_parse(const char *s); /* "none".."native" -> 0..4, else -1 */
const char *mu_english_name(int level);

typedef struct mu_applicant {
    int32_t nationality; /* value symbol, -1 absent */
    int32_t field;       /* value symbol, -1 absent */
    int16_t age;         /* -1 absent */
    int8_t jlpt;         /* 0 none, 1..5 = N5..N1 */
    int8_t english;      /* 0..4 */
    int8_t degree, recommendation;
} mu_applicant;

typedef struct mu_company {
    int32_t capacity;
    int8_t req_jlpt;    /* 0: no requirement */
    int8_t req_english; /* 0: no requirement */
    int8_t req_degree;
    int8_t has_req_fields;
    int8_t withdrawn; /* the host withdrew (attribute "withdrawn": true; a later round of musubi rematch) */
} mu_company;

/* Compressed rows: row r's items are item[off[r]] .. item[off[r+1]-1]. */
typedef struct mu_rows {
    int64_t *off;
    int32_t *item;
} mu_rows;

/* Free attributes and typed fields as text, for quota filters: entity e's
 * attributes are (key[k], val[k]) for k in off[e] .. off[e+1]-1. */
typedef struct mu_attrs {
    int64_t *off;
    int32_t *key, *val;
} mu_attrs;

typedef struct mu_rules {
    int has_age, age_min, age_max;
    int has_language, lang_jlpt, lang_english; /* 0: that alternative not given */
    int degree_or_recommendation;
    int has_nationalities;
    uint8_t *nationality_ok; /* [syms.n] at index time: 1 if eligible */
    int32_t *nationalities;  /* value symbols as declared */
    int32_t n_nationalities;
    int mutual_preferences;
} mu_rules;

typedef struct mu_weights {
    int64_t base, applicant_rank, company_rank, target_market;
} mu_weights;

typedef struct mu_filter {
    int32_t key; /* symbol of the attribute name */
    int negate;
    int32_t *vals; /* value symbols (-1: a value no entity has) */
    int32_t n_vals;
} mu_filter;

typedef struct mu_quota {
    char *name;
    mu_filter *app_filter, *com_filter;
    int32_t n_app_filter, n_com_filter;
    int per_company;
    int32_t group_by;         /* applicant attribute key symbol, -1 none */
    int32_t group_by_company; /* company attribute key symbol, -1 none */
    int64_t min, max;         /* max = INT64_MAX when absent */
} mu_quota;

/* Host budgets (top-level "hosts"): limits on how many hosts take part and
 * how many interns a participating host takes. A host participates when it
 * takes at least one intern; only hosts matching the filter are counted and
 * bounded. */
typedef struct mu_hosts {
    int given;
    int64_t min_participating, max_participating; /* 0 / INT64_MAX when absent */
    int64_t min_per_host, max_per_host;           /* 0 / INT64_MAX when absent */
    mu_filter *filter;
    int32_t n_filter;
} mu_hosts;

struct mu_instance {
    char *path, *name;
    mu_symtab syms;             /* attribute names and values */
    mu_symtab app_ids, com_ids; /* symbol i is applicant/company i */
    int32_t n_app, n_com;
    mu_applicant *app;
    mu_company *com;
    mu_attrs app_attrs, com_attrs;
    mu_rows app_pref, com_pref;     /* preference lists, most preferred first */
    mu_rows com_target, com_fields; /* target markets and required fields (value symbols) */
    int has_pairs;
    int64_t n_given;
    int32_t *given_app, *given_com; /* sorted by (applicant, company) at index time */
    int64_t *given_w;
    int has_weights_key;
    mu_rules rules;
    mu_weights weights;
    mu_quota *quotas;
    int32_t n_quotas;
    mu_hosts hosts;
    /* Where the records came from, so that checks after reading (model/lint.c)
     * name them as the readers do: tables, a CSV table directory (path is the
     * directory), else a JSON document; quotas_csv, the quotas came from
     * quotas.csv (quota i is its data row i + 1), else from programme.json. */
    int tables, quotas_csv;
    /* Lookup structures built by mu_instance_index after validation. */
    int64_t *given_off;                       /* [n_app+1] into given_* */
    mu_rows app_pref_sorted, com_pref_sorted; /* lists sorted by index ... */
    int32_t *app_pref_rank, *com_pref_rank;   /* ... with each entry's 1-based rank */
    uint32_t *app_fail;                       /* [n_app] applicant-level rule failures */
};

/* Builds the lookup structures; called by the readers once validation passed. */
int mu_instance_index(mu_instance *inst, mu_error *err);
mu_instance *mu_instance_new(const char *path, mu_error *err);

/* Text of attribute `key` of an entity, or NULL. */
const char *mu_attr_first(const mu_instance *inst, const mu_attrs *a, int64_t e, int32_t key);

/* ---- readers */
struct cJSON;
int mu_read_json(const char *path, mu_instance **out, mu_error *err);
/* The same from text in memory (len bytes, text[len] == '\0'); `path` only
 * names it in messages. The fuzz harness's route, no file involved. */
int mu_read_json_text(const char *path, const char *text, size_t len, mu_instance **out, mu_error *err);
int mu_read_tables(const char *dir, mu_instance **out, mu_error *err);
/* The same, and *programme receives the parsed programme.json (NULL when
 * there is none), whose keys the instance does not keep (description,
 * provenance): musubi import carries them over without reading the file
 * again. The caller deletes it (cJSON_Delete); NULL on failure. */
int mu_read_tables_programme(const char *dir, mu_instance **out, struct cJSON **programme, mu_error *err);

/* ---- eligibility: rules as bits, so the audit keeps every rule that excludes a pair */
#define MU_RULES(X)                                                                                                    \
    X(NATIONALITY, "nationality", "nationality not in the programme's eligible list")                                  \
    X(AGE, "age", "age outside the programme's window")                                                                \
    X(LANGUAGE, "language", "neither the programme's JLPT nor its English minimum met")                                \
    X(DEGREE, "degree", "neither a degree nor a recommendation")                                                       \
    X(NOT_IN_PAIRS, "not_in_pairs", "not a listed pair")                                                               \
    X(COMPANY_LANGUAGE, "company_language", "below the host's required language level")                                \
    X(COMPANY_FIELD, "company_field", "field not among the host's required fields")                                    \
    X(COMPANY_DEGREE, "company_degree", "the host requires a degree")                                                  \
    X(APPLICANT_LIST, "applicant_list", "the applicant did not list the host")                                         \
    X(COMPANY_LIST, "company_list", "the host did not list the applicant")                                             \
    X(NO_CAPACITY, "no_capacity", "the host offers no seats")                                                          \
    X(WITHDRAWN, "withdrawn", "the applicant or the host withdrew")
#define MU_RULE_ENUM(id, name, text) MU_RULE_BIT_##id,
enum { MU_RULES(MU_RULE_ENUM) MU_RULE_COUNT };
#undef MU_RULE_ENUM
#define MU_RULE(id) (1u << MU_RULE_BIT_##id)
const char *mu_rule_name(int bit);
const char *mu_rule_text(int bit);

/* Every rule that excludes (a, c); 0 when the pair is eligible. */
uint32_t mu_pair_exclusions(const mu_instance *inst, int32_t a, int32_t c);

/* The eligible pairs, by applicant, companies increasing within an applicant. */
typedef struct mu_pairs {
    int32_t n_app, n_com;
    int64_t n;
    int64_t *app_off; /* [n_app+1] */
    int32_t *com;     /* [n] */
    int64_t *w;       /* [n] */
} mu_pairs;
int mu_pairs_build(const mu_instance *inst, mu_pairs *p, mu_error *err);
void mu_pairs_free(mu_pairs *p);
/* Index of pair (a, c) in p, or -1. */
int64_t mu_pairs_find(const mu_pairs *p, int32_t a, int32_t c);

/* Counts of excluded pairs by rule (a pair counts under every rule that
 * excludes it); O(applicants x companies). */
void mu_audit_counts(const mu_instance *inst, int64_t counts[MU_RULE_COUNT], int64_t *eligible);

#define MU_MAX_WEIGHT 1000000000LL
#define MU_MAX_WEIGHT_PARAM 1000000LL
#define MU_MAX_CAPACITY 1000000
#define MU_MAX_ID_BYTES 256
#define MU_MAX_DEPTH 64

#endif
