/* A solution as data: the status of the solve, the assignment, its bound,
 * the dual certificate when an engine has prices, and the metrics of the
 * assignment when they were measured (analysis/metrics.c). Built by the
 * engines (engine/solve.c) or read back (model/solution_read.c); written by
 * output/solution.c. */
#ifndef MU_SOLUTION_H
#define MU_SOLUTION_H

#include "model/instance.h"

/* A dual certificate (engine/certify.c; verified by musubi check): prices
 * scaled by `scale` for the applicants (u >= 0), the companies (v >= 0) and
 * the quota rows (> 0 on a row's max, < 0 on its min) such that every
 * eligible pair's prices reach scale times its weight. The dual objective
 * over scale then bounds the optimum of the LP relaxation, hence of the
 * integer program: `bound` is its floor. */
typedef struct mu_cert_row {
    int32_t quota, company, app_group, com_group; /* as a quota row of engine/problem.h */
    int64_t price;
} mu_cert_row;
typedef struct mu_cert {
    int64_t scale; /* 0: no certificate */
    int64_t bound;
    int64_t *u, *v; /* [n_app], [n_com] */
    int32_t n_rows; /* rows with a non-zero price */
    mu_cert_row *rows;
} mu_cert;
void mu_cert_free(mu_cert *c);

/* Measures of an assignment (computed by analysis/metrics.c, definitions
 * there; written by output/solution.c). Text pointers are owned by the
 * instance. */
typedef struct mu_group_rate {
    const char *attr, *value;
    int company_side; /* 0: applicants placed / members; 1: seats filled / seats */
    int64_t members, placed;
    int64_t
        eligible; /* applicants: members with an eligible pair (the rate's denominator, as in maxmin); seats: seats */
} mu_group_rate;

typedef struct mu_metrics {
    int level; /* MU_METRICS_BASIC: no ranks (profiles empty, blocking, envy and egalitarian cost 0); MU_METRICS_ALL */
    int64_t applicants, placements, seats, weight;
    int32_t app_levels, com_levels;
    int64_t *app_profile, *com_profile; /* [levels]: placements at rank r + 1 */
    double app_mean_rank, com_mean_rank;
    int64_t blocking;
    int64_t blocking_quota; /* quota-respecting blocking pairs (engine/qstable.h) */
    int64_t n_listed;       /* blocking pairs listed (verbose only) */
    int32_t *listed_app, *listed_com;
    int64_t envy_pairs, envious;
    int64_t egalitarian_cost;
    double gini;
    int32_t n_groups;
    mu_group_rate *groups;
    int has_unconstrained;
    int64_t max_weight;
} mu_metrics;
void mu_metrics_free(mu_metrics *m);

/* One member of a conflicting set of constraints (engine/diagnose.c): the
 * reason an instance has no feasible assignment. */
typedef enum mu_conflict_kind {
    MU_CONFLICT_FLOOR,   /* a quota row's min */
    MU_CONFLICT_CEILING, /* a quota row's max */
    MU_CONFLICT_CAPACITY /* a host's seats */
} mu_conflict_kind;

typedef struct mu_conflict {
    mu_conflict_kind kind;
    int32_t row;          /* floor, ceiling: the quota row (index into the problem's rows); else -1 */
    int32_t company;      /* capacity: the host; else -1 */
    int64_t bound;        /* the row's min or max, or the host's seats */
    int64_t applicants;   /* floor: distinct applicants with an eligible pair in the row */
    int64_t excluded[32]; /* floor: pairs of the row's filters shut out, by rule bit (MU_RULE_BIT_...) */
    char label[256];      /* "kansai-floor" or "name[company=C1]" or the host's id */
} mu_conflict;

struct mu_solution {
    mu_status status;
    int has_assignment;
    char engine[16];
    char *reason; /* why this engine ran, and anything the engine adds: never cut (mu_solution_note) */
    int64_t objective;
    char criterion[32]; /* what status, bound and gap refer to: "weight" unless an engine optimises another measure */
    double criterion_value;
    int has_bound;
    double bound, gap;
    double seconds; /* the solve: formulation and engine */
    int32_t n_app, n_com;
    int32_t *app_com; /* [n_app], -1 unassigned */
    int64_t *app_w;   /* [n_app], weight of the assigned pair */
    int64_t eligible_pairs;
    int32_t quota_rows;
    int64_t hosts_participating; /* hosts the budget covers that take an intern; -1 without a host budget */
    mu_cert cert;
    int has_unconstrained;        /* a stable engine also solved the problem without stability: */
    int64_t unconstrained_weight; /* its weight, for the price of stability */
    mu_metrics *metrics;          /* NULL until measured (mu_solution_measure) */
    int32_t n_conflict;           /* infeasible: a conflicting set of constraints, n_conflict members */
    mu_conflict *conflict;
    int conflict_minimal; /* 1: irreducible (each member needed); 0: the diagnosis ran out of time */
    char **warnings;      /* lint's findings on the instance (model/lint.h), written as "warnings"; owned */
    int32_t n_warnings;
    /* Wall-clock seconds of the run's other phases, set by the front end that
     * timed them (cli/main.c; has_timings 0: none), written last as "timings"
     * with `seconds` as its solve and the writing's own time so far. */
    int has_timings;
    double t_read, t_lint, t_metrics;
};

mu_solution *mu_solution_new(int32_t n_app, int32_t n_com, mu_error *err);
/* Sets the engine reason (when empty) or appends "; text" to it; the text
 * grows as needed. MU_ENOMEM when it cannot. */
int mu_solution_note(mu_solution *s, mu_error *err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#endif
