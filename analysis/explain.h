/* Explanations of a solution (musubi explain, the report, the sheets): why
 * each unplaced applicant is unplaced, why each host below capacity keeps
 * empty seats, why a placed applicant is not at a host it ranks higher, why
 * a host's higher-ranked applicants are not its interns, and what-ifs found
 * by re-solving. See explain.c for how each
 * reason is established.
 *
 * The result is data, never text: indices into the instance and its quota
 * rows, rule bits, weights and ranks. output/explain_text.h turns it into
 * sentences and into the musubi-explain-1 JSON document; output/sheets.c and
 * output/report.c read it directly.
 *
 * Ownership: mu_explain allocates one mu_explanation and everything its
 * pointers reach (arrays, the problem and the ranks); mu_explanation_free
 * releases all of it at once. Nothing in it is to be freed separately. The
 * instance and the solution are borrowed: they must outlive the result.
 * Every list is in increasing index order (applicants, hosts, pairs). */
#ifndef MU_EXPLAIN_H
#define MU_EXPLAIN_H

#include "engine/diagnose.h"
#include "engine/prefs.h"
#include "engine/problem.h"
#include "model/solution.h"

typedef struct mu_explain_opts {
    const char *applicant; /* explain only this applicant (id); NULL: every unplaced one */
    const char *company;   /* explain only this host (id); NULL: every host below capacity */
    int whatif;            /* re-solve for what-ifs (1) or not (0) */
    int64_t max_pairs;     /* what-ifs only up to this many eligible pairs */
    int32_t max_resolves;  /* ... and at most this many re-solves */
    double max_seconds;    /* ... within this wall-clock budget */
    int32_t max_listed;    /* explain at most this many unplaced applicants and hosts each (0: all); the
                              result counts them all (mu_explanation.counted) */
    int everyone;          /* also explain every placed applicant (why not each host it ranks higher) and every
                              host with an intern (why not each applicant it ranks above its lowest-ranked
                              intern); --applicant / --company explain their one regardless */
} mu_explain_opts;

void mu_explain_opts_init(mu_explain_opts *o);

/* Why an applicant is unplaced. */
typedef enum mu_explain_reason {
    MU_WHY_INELIGIBLE,          /* no eligible pair: the audit's rules exclude every host */
    MU_WHY_HOSTS_FULL,          /* every eligible host is full */
    MU_WHY_QUOTA,               /* every eligible host has a free seat closed by a quota row or the host budget */
    MU_WHY_HOSTS_FULL_OR_QUOTA, /* each eligible host is full or closed so */
    MU_WHY_ZERO_WEIGHT,         /* the only open seats are on pairs of weight 0 */
    MU_WHY_NOT_MAXIMUM_WEIGHT   /* a free seat with nothing in the way: the solution is not of maximum weight */
} mu_explain_reason;

/* The bound of the host budget (instances/FORMAT.md "Host budgets") that
 * keeps one more intern from a host. */
typedef enum mu_explain_budget {
    MU_BUDGET_NONE,
    MU_BUDGET_MAX_PARTICIPATING, /* the host has no intern, and max_participating hosts take part already */
    MU_BUDGET_MAX_PER_HOST,      /* the host has max_per_host interns */
    MU_BUDGET_MIN_PER_HOST       /* the host has no intern, and a first one alone is below min_per_host */
} mu_explain_budget;

/* An eligible host of an unplaced applicant, as the solution leaves it. */
typedef enum mu_explain_seat {
    MU_SEAT_FULL,        /* no free seat (its quota rows may be at their maximum too) */
    MU_SEAT_HOST_BUDGET, /* a free seat the host budget closes */
    MU_SEAT_QUOTA,       /* a free seat a quota row at its maximum closes */
    MU_SEAT_OPEN         /* a free seat with nothing in the way */
} mu_explain_seat;

/* Why a full host's interns hold the seats rather than the applicant. */
typedef enum mu_explain_held {
    MU_HELD_RANKED_HIGHER_AND_HEAVIER, /* the host ranks every intern higher, and each pair weighs more */
    MU_HELD_RANKED_HIGHER,
    MU_HELD_HEAVIER,
    MU_HELD_TOTAL_WEIGHT /* neither for all: the total weight is larger that way */
} mu_explain_held;

/* An intern of a host: who, the weight of the pair and the host's rank of them. */
typedef struct mu_explain_holder {
    int32_t applicant;
    int64_t weight;       /* 0 when the pair is not eligible */
    int32_t company_rank; /* engine/prefs.h; 0 when the pair is not eligible */
} mu_explain_holder;

/* One eligible host of an unplaced applicant. */
typedef struct mu_explain_option {
    int32_t company;
    int64_t weight;                       /* of the pair */
    int32_t applicant_rank, company_rank; /* each side's rank of the other (engine/prefs.h) */
    int32_t capacity, filled;
    mu_explain_seat seat;
    int32_t n_rows; /* the pair's quota rows (indices into mu_explanation.pb.rows) at their maximum */
    const int32_t *rows;
    mu_explain_budget budget; /* MU_SEAT_HOST_BUDGET: the bound; else MU_BUDGET_NONE */
    int32_t n_held;           /* MU_SEAT_FULL: the host's interns, applicants increasing */
    const mu_explain_holder *held;
    mu_explain_held why; /* MU_SEAT_FULL: why they hold the seats */
} mu_explain_option;

/* A host the applicant is ineligible at, with the audit's rules
 * (mu_pair_exclusions) beyond the applicant-wide ones. */
typedef struct mu_explain_exclusion {
    int32_t company;
    uint32_t rules; /* MU_RULE bits, never 0 */
} mu_explain_exclusion;

/* A single change re-solved: one more seat at a full host, a quota's max or
 * a host budget bound raised by one. */
typedef enum mu_explain_change {
    MU_CHANGE_SEAT,              /* target: the company */
    MU_CHANGE_QUOTA,             /* target: the quota (index into inst->quotas) */
    MU_CHANGE_MAX_PARTICIPATING, /* target: -1 */
    MU_CHANGE_MAX_PER_HOST       /* target: -1 */
} mu_explain_change;

typedef struct mu_explain_resolve {
    mu_explain_change change;
    int32_t target;
    int64_t bound;        /* the raised value: capacity, quota max or budget bound, plus one */
    mu_status status;     /* of the re-solve */
    int solved;           /* 1 when it returned an optimum; the fields below hold only then */
    int64_t weight;       /* its maximum weight */
    int64_t weight_delta; /* weight less mu_explanation.max_weight */
    int32_t n_placed;     /* applicants unplaced in the solution that it places ... */
    const int32_t *placed;
    const int32_t *placed_at; /* ... and where */
    int32_t n_displaced;      /* applicants placed at the maximum (instance as given) that it leaves unplaced */
    const int32_t *displaced;
    int32_t n_moved; /* applicants placed in the solution that it places at another host ... */
    const int32_t *moved;
    const int32_t *moved_from, *moved_to; /* ... from where, to where */
    int32_t n_left;                       /* applicants placed in the solution that it leaves unplaced */
    const int32_t *left;
} mu_explain_resolve;

typedef enum mu_explain_whatif_kind {
    MU_WHATIF_NOT_COMPUTED, /* re-solving was skipped (mu_explanation.skip) */
    MU_WHATIF_NO_CHANGE,    /* musubi's own maximum-weight solution places the applicant as is */
    MU_WHATIF_CHANGE,       /* a single change places them */
    MU_WHATIF_NONE_FOUND    /* no re-solve placed them */
} mu_explain_whatif_kind;

/* The what-if of an unplaced applicant with an eligible pair. */
typedef struct mu_explain_whatif {
    mu_explain_whatif_kind kind;
    int32_t resolve;      /* CHANGE: the re-solve (index into mu_explanation.resolves); else -1 */
    int32_t company;      /* CHANGE: where it places the applicant; NO_CHANGE: where the maximum does; else -1 */
    int64_t weight_delta; /* CHANGE: the re-solve's weight less the maximum; NO_CHANGE: the maximum less this
                             solution's weight */
    int32_t alternatives; /* CHANGE: other re-solves of the same kind that place them too */
} mu_explain_whatif;

/* An unplaced applicant.
 * The re-solve chosen for the what-if: among the seat re-solves that place
 * the applicant, one that places them at that very host, then the larger
 * weight, then the lower index; else the same over the quota re-solves, then
 * the host budget's. */
typedef struct mu_explain_applicant {
    int32_t applicant;
    mu_explain_reason reason;
    /* MU_WHY_INELIGIBLE */
    uint32_t own_rules; /* applicant-wide rules (inst->app_fail) */
    int32_t n_excluded; /* the hosts excluded by rules beyond own_rules, company increasing */
    const mu_explain_exclusion *excluded;
    /* otherwise */
    int32_t n_options; /* the eligible hosts, company increasing */
    const mu_explain_option *options;
    int32_t n_common; /* quota rows at their maximum that close every eligible host (at most 8) */
    const int32_t *common;
    int has_whatif; /* 1 when it has an eligible pair */
    mu_explain_whatif whatif;
} mu_explain_applicant;

/* What became of an eligible applicant of a host below capacity. */
typedef enum mu_explain_fate {
    MU_FATE_HERE,        /* placed at this host */
    MU_FATE_ELSEWHERE,   /* placed at another host */
    MU_FATE_QUOTA,       /* unplaced; a quota row of the pair at its maximum */
    MU_FATE_HOST_BUDGET, /* unplaced; the host budget keeps it from this host */
    MU_FATE_OPEN         /* unplaced with nothing in the way */
} mu_explain_fate;

typedef struct mu_explain_candidate {
    int32_t applicant;
    int64_t weight_here; /* of the pair with this host */
    mu_explain_fate fate;
    int32_t placed_at;    /* the company, -1 when unplaced */
    int64_t weight_there; /* MU_FATE_ELSEWHERE: the weight of the placement */
    int32_t n_rows;       /* unplaced: the pair's quota rows at their maximum */
    const int32_t *rows;
} mu_explain_candidate;

/* Why a host keeps empty seats. */
typedef enum mu_explain_empty {
    MU_EMPTY_NO_ELIGIBLE,               /* no applicant is eligible there */
    MU_EMPTY_PLACED_ELSEWHERE,          /* every unplaced-here eligible applicant is placed elsewhere */
    MU_EMPTY_QUOTA,                     /* ... or held back by a quota row */
    MU_EMPTY_HOST_BUDGET,               /* ... or held back by the host budget */
    MU_EMPTY_PLACED_ELSEWHERE_OR_QUOTA, /* placed elsewhere, or held back by a quota or the host budget */
    MU_EMPTY_NOT_MAXIMUM_WEIGHT         /* an eligible applicant is unplaced with nothing in the way */
} mu_explain_empty;

typedef struct mu_explain_host {
    int32_t company;
    int32_t capacity, filled;
    mu_explain_empty reason;
    mu_explain_budget budget; /* the host budget keeps the host from one more intern; MU_BUDGET_NONE: it does not */
    int32_t n_eligible;       /* its eligible applicants, applicant increasing */
    const mu_explain_candidate *eligible;
    int64_t excluded_by[MU_RULE_COUNT]; /* MU_EMPTY_NO_ELIGIBLE: applicants excluded under each rule (one applicant
                                           counts under every rule that excludes it) */
} mu_explain_host;

/* Why a placed applicant is not at a host it ranks higher than its
 * placement, or why an applicant a host ranks above its lowest-ranked intern
 * is not its intern. The first that holds, in this order. */
typedef enum mu_explain_not {
    MU_NOT_RULE,        /* the pair is not eligible: the audit's rules (rules) */
    MU_NOT_PREFERS,     /* host side: the applicant is placed at a host it ranks higher than this one */
    MU_NOT_FULL,        /* applicant side: the host is full (held; capacity 0: it offers no seats) */
    MU_NOT_QUOTA,       /* a quota row of the pair at its maximum that the applicant's own placement does not
                           count in (rows) */
    MU_NOT_HOST_BUDGET, /* the host budget keeps the host from one more intern (budget) */
    MU_NOT_WEIGHT       /* nothing else in the way: the move changes the total weight by weight_change (the rest
                           of the assignment unchanged; on a full host the lowest-ranked intern gives way) */
} mu_explain_not;

/* One pair ranked higher than the placement (applicant side) or than the
 * lowest-ranked intern (host side), and why it is not in the solution. */
typedef struct mu_explain_higher {
    int32_t applicant, company;
    int32_t applicant_rank, company_rank; /* each side's rank of the other: engine/prefs.h for an eligible pair,
                                             the position in the list for a listed ineligible one, else 0 */
    int64_t weight;                       /* of the pair; 0 when it is not eligible */
    mu_explain_not why;
    uint32_t rules;           /* MU_NOT_RULE: MU_RULE bits */
    int32_t capacity, filled; /* of the company */
    int32_t n_held;           /* MU_NOT_FULL: the company's interns, applicants increasing */
    const mu_explain_holder *held;
    mu_explain_held held_why; /* MU_NOT_FULL: why they hold the seats */
    int32_t n_rows;           /* the pair's quota rows at their maximum, the placement's own apart */
    const int32_t *rows;
    mu_explain_budget budget; /* MU_NOT_HOST_BUDGET */
    int32_t placed_at;        /* the applicant's placement (-1: unplaced) ... */
    int32_t rank_there;       /* ... its rank of that host ... */
    int64_t weight_there;     /* ... and the weight of that pair */
    int32_t gives_way;        /* MU_NOT_WEIGHT, full host: the intern who would lose the seat; else -1 */
    int64_t weight_change;    /* MU_NOT_WEIGHT: the total weight with the move less this solution's */
} mu_explain_higher;

/* A placed applicant: every host it ranks higher than its placement, best
 * rank first (company increasing among equals). */
typedef struct mu_explain_placed {
    int32_t applicant, company, rank;
    int64_t weight;
    int32_t n_higher;
    const mu_explain_higher *higher;
} mu_explain_placed;

/* A host: every applicant it ranks above its lowest-ranked intern and who is
 * not its intern, best rank first (applicant increasing among equals). None
 * when it has no intern (the hosts below capacity say why). */
typedef struct mu_explain_ranked {
    int32_t company, capacity, filled;
    int32_t lowest, lowest_rank; /* the lowest-ranked intern and the host's rank of them; -1 and 0 when none */
    int32_t n_higher;
    const mu_explain_higher *higher;
} mu_explain_ranked;

/* Why the what-ifs were not (all) computed. */
typedef enum mu_explain_skip {
    MU_SKIP_NONE,
    MU_SKIP_NOT_ASKED,       /* mu_explain_opts.whatif 0 */
    MU_SKIP_TOO_LARGE,       /* more eligible pairs than max_pairs */
    MU_SKIP_NOT_OPTIMAL,     /* the instance as given did not solve to optimality (status) */
    MU_SKIP_BUDGET,          /* done of candidates re-solves; the rest would exceed max_resolves or max_seconds */
    MU_SKIP_NOTHING_TO_PLACE /* no unplaced applicant with an eligible pair */
} mu_explain_skip;

typedef struct mu_explanation {
    const mu_instance *inst; /* borrowed */
    const mu_solution *sol;  /* borrowed */
    mu_problem pb;           /* the eligible pairs and quota rows of inst, built once for every writer */
    mu_prefs pr;             /* both sides' ranks of every pair */
    int32_t *filled;         /* [n_com] interns of each host in sol */
    int64_t participating;   /* hosts covered by the host budget that take an intern */
    int32_t placements;
    /* an infeasible solution: which constraints conflict (engine/diagnose.c); n == 0 when none was named */
    mu_diagnosis infeasible;
    /* what-ifs */
    int whatif_computed; /* the instance as given was re-solved to optimality */
    int64_t max_weight;  /* whatif_computed: its maximum weight */
    struct {
        mu_explain_skip why;
        int64_t pairs, max_pairs;               /* MU_SKIP_TOO_LARGE */
        mu_status status;                       /* MU_SKIP_NOT_OPTIMAL */
        int32_t done, candidates, max_resolves; /* MU_SKIP_BUDGET */
        double max_seconds;
    } skip;
    int32_t n_resolves; /* re-solves with one change each, besides the instance as given */
    const mu_explain_resolve *resolves;
    /* what is explained */
    int32_t placed_applicant; /* the applicant asked about when placed, else -1 */
    int32_t full_company;     /* the host asked about when full, else -1 */
    int32_t n_unplaced;
    const mu_explain_applicant *unplaced;
    int32_t n_hosts; /* hosts below capacity */
    const mu_explain_host *hosts;
    int32_t n_placed; /* placed applicants explained (opts.everyone, or the one asked about) */
    const mu_explain_placed *placed;
    int32_t n_ranked; /* hosts explained from their ranking (opts.everyone, or the one asked about) */
    const mu_explain_ranked *ranked;
    int counted; /* max_listed was given: the totals below count past the lists */
    int32_t unplaced_total, hosts_total;
    struct mu_explain_mem *mem; /* where all of the above lives */
} mu_explanation;

/* Explains sol (an assignment of inst) into *out (caller frees with
 * mu_explanation_free). The instance is modified during the what-ifs (a
 * capacity or a bound raised by one, then restored) and is as given on
 * return. MU_EINPUT when an id in o is unknown; MU_ENOMEM. */
int mu_explain(mu_instance *inst, const mu_solution *sol, const mu_explain_opts *o, mu_explanation **out,
               mu_error *err);
void mu_explanation_free(mu_explanation *ex);

/* The entry of applicant a among the unplaced, of company c among the hosts
 * below capacity; NULL when not listed. */
const mu_explain_applicant *mu_explain_find_applicant(const mu_explanation *ex, int32_t a);
const mu_explain_host *mu_explain_find_host(const mu_explanation *ex, int32_t c);
/* The entry of placed applicant a, of company c among the ranked; NULL when not listed. */
const mu_explain_placed *mu_explain_find_placed(const mu_explanation *ex, int32_t a);
const mu_explain_ranked *mu_explain_find_ranked(const mu_explanation *ex, int32_t c);

#endif
