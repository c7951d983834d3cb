/* The engine table: one entry per engine of MU_ENGINES (musubi.h), saying
 * when the engine applies to a problem and how it runs. mu_solve
 * (engine/solve.c) looks the requested engine up here, refuses it with the
 * entry's reason when it does not apply, and runs it; auto is an entry too,
 * whose run picks among the others by the same predicates. Names, the enum and
 * the --engine help come from MU_ENGINES itself, so a new engine is one line
 * there and one entry here.
 *
 * Every engine has the one signature mu_engine_fn. The deadline (wall-clock,
 * mu_now() seconds; 0: none) and the stop flag (mu_stop_requested(), set by
 * SIGINT/SIGTERM) reach every engine through it: an engine that stops early
 * returns MU_OK with status time_limit or interrupted and its best assignment
 * so far, if it has one. */
#ifndef MU_ENGINES_H
#define MU_ENGINES_H

#include "engine/laminar.h"
#include "engine/policy.h"

/* What the engines need to know of a problem to say whether they apply,
 * computed once per solve (mu_shape_of). */
typedef struct mu_shape {
    int32_t rows;          /* quota rows */
    int laminar;           /* the rows nest into a tree on each side (engine/laminar.c) */
    char not_laminar[512]; /* when rows and not laminar: the first row that breaks it */
    int host_budget;       /* the instance has a host budget (engine/hosts.c) */
    int weight_objective;  /* --objective weight */
} mu_shape;

/* One solve's context, handed to every engine. */
typedef struct mu_run {
    double t0, deadline; /* mu_now() at the start; the wall-clock deadline, 0 for none */
    const mu_shape *shape;
    const mu_laminar *lam; /* the quota trees when shape->laminar */
    mu_policy_info info;   /* filled by the policy engines (the unconstrained solve); freed by mu_solve */
    char ran[32];          /* the engine that produced the answer (auto names the one it chose) */
    char why[512];         /* auto: why it chose that engine */
} mu_run;

typedef int (*mu_engine_fn)(mu_problem *pb, const mu_options *opt, mu_run *run, mu_result *res, mu_error *err);

typedef struct mu_engine_entry {
    int id; /* MU_ENGINE_... */
    /* 1 when the engine can honour a problem of this shape under opt;
     * otherwise 0 with the reason in why (one clause, naming what it
     * cannot honour and what to use instead). */
    int (*applies)(const mu_shape *shape, const mu_options *opt, char *why, size_t n);
    mu_engine_fn run;
} mu_engine_entry;

/* The entry of engine id (an MU_ENGINE_... value). */
const mu_engine_entry *mu_engine_entry_of(int id);

/* Fills the shape of pb under opt; with detect, laminar detection too (L gets
 * the trees when laminar). Returns MU_OK or MU_ENOMEM. */
int mu_shape_of(const mu_problem *pb, const mu_options *opt, int detect, mu_shape *shape, mu_laminar *L, mu_error *err);

/* A progress hook for mu_flow_solve_opt (engine/flow.h): nonzero once the
 * deadline in *(const double *)ctx has passed or a stop was requested. */
int mu_flow_deadline_hook(void *ctx, int64_t done, int64_t total);

#endif
