/* musubi — optimal, explainable matching of applicants to host organisations.
 *
 * The one public header. Types are opaque; the caller owns what it passes in
 * and frees what a constructor hands back with the matching *_free.
 *
 * Three tiers of failure:
 *   - contract violations (NULL where a value is required) abort with the
 *     function's name;
 *   - recoverable errors (bad input, I/O, out of memory) return a non-zero
 *     mu_code and fill a mu_error with one line per problem, each naming the
 *     file, the record and the field;
 *   - solve outcomes (optimal, feasible with a gap, infeasible, limit reached)
 *     are a mu_status in the solution, never an error.
 */
#ifndef MUSUBI_H
#define MUSUBI_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes of library calls; they double as the CLI's exit codes. */
typedef enum mu_code {
    MU_OK = 0,
    MU_EINVALID_SOLUTION = 1, /* musubi check: the solution violates the instance */
    MU_EUSAGE = 2,            /* bad command line or option value */
    MU_EINPUT = 3,            /* the instance or solution file is invalid */
    MU_EIO = 4,               /* a file could not be read or written */
    MU_ENOSOLUTION = 5,       /* solved: infeasible, or a limit was reached without a solution */
    MU_EINTERNAL = 6,         /* a solver library failed (contained) */
    MU_ENOMEM = 7,            /* out of memory, or over --memory-limit */
    MU_EINTERRUPTED = 8       /* interrupted (SIGINT/SIGTERM); the best solution so far was written */
} mu_code;

/* At most MU_ERROR_LINES problems are kept, one line each, '\n'-separated. */
#define MU_ERROR_LINES 20
typedef struct mu_error {
    mu_code code;
    int count; /* problems found, including those not kept */
    char msg[4096];
} mu_error;

/* Solve outcomes. */
typedef enum mu_status {
    MU_STATUS_OPTIMAL = 0,
    MU_STATUS_FEASIBLE,   /* a solution with a proven bound and gap */
    MU_STATUS_INFEASIBLE, /* no assignment satisfies the quotas */
    MU_STATUS_TIME_LIMIT, /* the limit was reached before any solution */
    MU_STATUS_INTERRUPTED
} mu_status;
const char *mu_status_name(mu_status s);

/* ---- options: one table, expanded into the struct, the CLI, --help, range
 * checks and the JSON echo of effective options.
 * X(type, field, cli name, default, min, max, help) */
/* The engines: one table, X(ID, name, help), expanded into the enum
 * mu_engine, the names (--engine, mu_engine_name), the --engine help and the
 * dispatch (engine/engines.c says when each applies and runs it). Engine
 * numbers are part of the API: append new engines at the end. */
#define MU_ENGINES(X)                                                                                        \
    X(AUTO, "auto", "flow when the problem is a network (no quotas or laminar ones); else the heuristic, "  \
                    "then mip if unproven; mip for host budgets and other objectives")                       \
    X(MIP, "mip", "GLPK branch-and-bound over the whole integer program")                                    \
    X(FLOW, "flow", "exact combinatorial transportation engine; quotas only when laminar")                   \
    X(DA_APPLICANT, "da-applicant", "deferred acceptance, applicants proposing; honours nested caps and "     \
                                    "floors over whole hosts, caps inside a host and nested caps over "          \
                                    "applicants (nationality); refuses other quotas, naming the row")            \
    X(DA_COMPANY, "da-company", "deferred acceptance, hosts proposing; the same quotas as da-applicant")      \
    X(STABLE_OPTIMAL, "stable-optimal", "the best stable matching under --objective; with quotas, stability "  \
                                        "that respects them")                                                  \
    X(ALMOST_STABLE, "almost-stable", "the fewest blocking pairs (with quotas, those that respect them), "    \
                                      "started from deferred acceptance")                                      \
    X(HEURISTIC, "heuristic", "Lagrangian bound + repaired local search: anytime, with a proven gap")
#define MU_ENGINE_BAR_NAME(id, name, help) "|" name
/* "auto|mip|flow|...": every engine name, '|'-separated. */
#define MU_ENGINE_NAMES (&MU_ENGINES(MU_ENGINE_BAR_NAME)[1])
#define MU_OBJECTIVE_NAMES "weight|placements|rank-maximal|egalitarian|maxmin"
#define MU_TIE_BREAK_NAMES "index|single|multiple"
#define MU_OPTIONS(X)                                                                     \
    X(MU_OPT_ENUM, engine, "engine", 0, 0, MU_ENGINE_COUNT - 1, "engine (the engines are listed below)") \
    X(MU_OPT_ENUM, objective, "objective", 0, 0, 4,                                       \
      "objective: weight, placements (then weight), rank-maximal, egalitarian "          \
      "(least total rank), maxmin (placement rate of the worst-off group, see --group-by)") \
    X(MU_OPT_ENUM, tie_break, "tie-break", 0, 0, 2,                                       \
      "deferred acceptance ties: index (lowest index first), single or multiple "        \
      "(seeded lotteries, see --seed)")                                                  \
    X(MU_OPT_TEXT, group_by, "group-by", 0, 0, 0,                                         \
      "applicant attribute whose groups maxmin balances and metrics report (default nationality)") \
    X(MU_OPT_REAL, time_limit, "time-limit", 0, 0, 1e7,                                   \
      "wall-clock limit in seconds for the run, reading the instance included; 0 means none")                          \
    X(MU_OPT_REAL, gap, "gap", 0, 0, 1, "relative MIP gap at which to stop (0 = prove optimality)") \
    X(MU_OPT_INT, threads, "threads", 0, 0, 1024, "threads; 0 means all cores")          \
    X(MU_OPT_INT, seed, "seed", 0, 0, 2147483647, "random seed (results depend only on it, never on threads)") \
    X(MU_OPT_INT, memory_limit, "memory-limit", 0, 0, 1048576,                                       \
      "memory limit in MiB; past it the run stops cleanly with exit code 7; 0 means none")

#define MU_ENGINE_ENUM(id, name, help) MU_ENGINE_##id,
typedef enum mu_engine { MU_ENGINES(MU_ENGINE_ENUM) MU_ENGINE_COUNT } mu_engine;
#undef MU_ENGINE_ENUM
const char *mu_engine_name(int engine);
typedef enum mu_objective {
    MU_OBJECTIVE_WEIGHT = 0,
    MU_OBJECTIVE_PLACEMENTS,
    MU_OBJECTIVE_RANK_MAXIMAL,
    MU_OBJECTIVE_EGALITARIAN,
    MU_OBJECTIVE_MAXMIN
} mu_objective;
const char *mu_objective_name(int objective);
typedef enum mu_tie_break { MU_TIE_INDEX = 0, MU_TIE_SINGLE, MU_TIE_MULTIPLE } mu_tie_break;
const char *mu_tie_break_name(int tie_break);

#define MU_OPT_FIELD_MU_OPT_ENUM int
#define MU_OPT_FIELD_MU_OPT_INT int
#define MU_OPT_FIELD_MU_OPT_REAL double
#define MU_OPT_FIELD_MU_OPT_TEXT const char * /* not copied: the caller keeps the text alive; NULL is the default */
#define MU_OPT_DECLARE(type, field, name, def, lo, hi, help) MU_OPT_FIELD_##type field;
typedef struct mu_options {
    MU_OPTIONS(MU_OPT_DECLARE)
    int verbosity; /* 0 quiet, 1 normal, 2 verbose */
} mu_options;
#undef MU_OPT_DECLARE

void mu_options_init(mu_options *opt);
/* Sets option `name` (the CLI name, without dashes) from text; MU_EUSAGE with a
 * message naming the option, the value and the accepted range otherwise. */
int mu_options_set(mu_options *opt, const char *name, const char *value, mu_error *err);
/* Prints one help line per option, then one per engine. */
void mu_options_help(FILE *out);
/* Writes the effective options as the members of a JSON object, every option
 * of the table by its CLI name with '_' for '-' ("engine": "auto", ...). */
void mu_options_write_json(FILE *out, const mu_options *opt);

/* ---- instances */
typedef struct mu_instance mu_instance;

/* Reads and validates an instance: a musubi-instance-1 JSON file, or a
 * directory of CSV tables (see instances/FORMAT.md). Nothing is returned
 * unless the whole instance is valid. */
int mu_instance_read(const char *path, mu_instance **out, mu_error *err);
void mu_instance_free(mu_instance *inst);
int32_t mu_instance_applicants(const mu_instance *inst);
int32_t mu_instance_companies(const mu_instance *inst);
const char *mu_instance_name(const mu_instance *inst);

/* ---- solving */
typedef struct mu_solution mu_solution;

/* Solves; a solve outcome (even infeasible) is MU_OK with a solution whose
 * status says what happened. The solution carries no metrics until
 * mu_solution_measure. */
int mu_solve(const mu_instance *inst, const mu_options *opt, mu_solution **out, mu_error *err);
/* Measures the solution's assignment (placements, rank profiles, blocking
 * pairs, envy, group rates, ...: README "Policies"); the JSON writer and the
 * summary then include them. Nothing to measure without an assignment. */
int mu_solution_measure(mu_solution *sol, const mu_instance *inst, const mu_options *opt, mu_error *err);
void mu_solution_free(mu_solution *sol);
mu_status mu_solution_status(const mu_solution *sol);
int mu_solution_has_assignment(const mu_solution *sol);
int64_t mu_solution_objective(const mu_solution *sol);
/* Company index of applicant i, or -1. */
int32_t mu_solution_company_of(const mu_solution *sol, int32_t applicant);

/* Writes musubi-solution-1 JSON atomically (temporary file, then rename);
 * path "-" is stdout. */
int mu_solution_write_json(const mu_solution *sol, const mu_instance *inst, const mu_options *opt,
                           const char *path, mu_error *err);
/* Writes the assignment as CSV (applicant,company,weight) atomically. */
int mu_solution_write_csv(const mu_solution *sol, const mu_instance *inst, const char *path,
                          mu_error *err);
/* A human summary, for stderr. */
void mu_solution_summary(const mu_solution *sol, const mu_instance *inst, FILE *out);

/* Writes the instance's integer program for other solvers (glpsol, CBC):
 * free MPS when lp_format is 0, CPLEX LP otherwise; atomically. */
int mu_export(const mu_instance *inst, const char *path, int lp_format, mu_error *err);

/* ---- the independent checker */
/* Recomputes feasibility, the objective and (when present) the certificate of
 * the solution file from the instance alone. Prints every violation to
 * `report` (NULL: silent). Returns MU_OK when valid, MU_EINVALID_SOLUTION when
 * not, MU_EINPUT/MU_EIO when the solution file cannot be read. */
int mu_check_file(const mu_instance *inst, const char *solution_path, FILE *report, mu_error *err);

/* Asks a running solve to stop at its next check and return its best
 * solution with status interrupted. Async-signal-safe: call it from a signal
 * handler. mu_stop_clear resets the request. */
void mu_request_stop(void);
void mu_stop_clear(void);
int mu_stop_requested(void);

/* ---- logging: diagnostics to stderr, checked before formatting. */
void mu_set_verbosity(int level);
/* Progress of long solves on stderr (one line, rewritten in place); front
 * ends turn it on when stderr is a terminal. Turning it off erases the line. */
void mu_set_progress(int on);

const char *mu_version(void); /* "0.1.0 (git abcdef, gcc 12.2.0)" */

#ifdef __cplusplus
}
#endif
#endif
