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

/* libmusubi.so is built with -fvisibility=hidden: what this header declares
 * is exported, nothing else (tests/e2e_install.sh compares nm -D with it). */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
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
#define MU_ENGINES(X)                                                                                                  \
    X(AUTO, "auto",                                                                                                    \
      "flow when the problem is a network (no quotas or laminar ones); other quotas: transportation prices, a "        \
      "repair, then GLPK over a core of the pairs; mip for host budgets and other objectives; stable-optimal for "     \
      "min-regret")                                                                                                    \
    X(MIP, "mip", "GLPK branch-and-bound over the whole integer program")                                              \
    X(FLOW, "flow", "exact combinatorial transportation engine; quotas only when laminar")                             \
    X(DA_APPLICANT, "da-applicant",                                                                                    \
      "deferred acceptance, applicants proposing; honours nested caps and "                                            \
      "floors over whole hosts, caps inside a host and nested caps over "                                              \
      "applicants (nationality); refuses other quotas, naming the row")                                                \
    X(DA_COMPANY, "da-company", "deferred acceptance, hosts proposing; the same quotas as da-applicant")               \
    X(STABLE_OPTIMAL, "stable-optimal",                                                                                \
      "the best stable matching under --objective; with quotas, stability "                                            \
      "that respects them")                                                                                            \
    X(ALMOST_STABLE, "almost-stable",                                                                                  \
      "the fewest blocking pairs (with quotas, those that respect them), "                                             \
      "started from deferred acceptance")                                                                              \
    X(HEURISTIC, "heuristic", "Lagrangian bound + repaired local search: anytime, with a proven gap")
#define MU_ENGINE_BAR_NAME(id, name, help) "|" name
/* "auto|mip|flow|...": every engine name, '|'-separated. */
#define MU_ENGINE_NAMES (&MU_ENGINES(MU_ENGINE_BAR_NAME)[1])
#define MU_OBJECTIVE_NAMES "weight|placements|rank-maximal|egalitarian|maxmin|min-regret"
#define MU_TIE_BREAK_NAMES "index|single|multiple"
#define MU_METRICS_NAMES "auto|none|basic|all"
#define MU_OPTIONS(X)                                                                                                  \
    X(MU_OPT_ENUM, engine, "engine", 0, 0, MU_ENGINE_COUNT - 1, "engine (the engines are listed below)")               \
    X(MU_OPT_ENUM, objective, "objective", 0, 0, 5,                                                                    \
      "objective: weight, placements (then weight), rank-maximal, egalitarian "                                        \
      "(least total rank), maxmin (placement rate of the worst-off group, see --group-by), min-regret (stable "        \
      "matchings only: the least worst rank either side gives its partner, then weight)")                              \
    X(MU_OPT_ENUM, tie_break, "tie-break", 0, 0, 2,                                                                    \
      "deferred acceptance ties: index (lowest index first), single or multiple "                                      \
      "(seeded lotteries, see --seed)")                                                                                \
    X(MU_OPT_TEXT, group_by, "group-by", 0, 0, 0,                                                                      \
      "applicant attribute whose groups maxmin balances and metrics report (default nationality)")                     \
    X(MU_OPT_REAL, time_limit, "time-limit", 0, 0, 1e7,                                                                \
      "wall-clock limit in seconds for the run, reading the instance included; 0 means none")                          \
    X(MU_OPT_REAL, gap, "gap", 0, 0, 1, "relative MIP gap at which to stop (0 = prove optimality)")                    \
    X(MU_OPT_INT, threads, "threads", 0, 0, 1024, "threads; 0 means all cores")                                        \
    X(MU_OPT_INT, seed, "seed", 0, 0, 2147483647, "random seed (results depend only on it, never on threads)")         \
    X(MU_OPT_INT, memory_limit, "memory-limit", 0, 0, 1048576,                                                         \
      "memory limit in MiB; past it the run stops cleanly with exit code 7; 0 means none")                             \
    X(MU_OPT_ENUM, metrics, "metrics", 0, 0, 3,                                                                        \
      "metrics of the solution: basic (placements, fill, weight, Gini, group rates), all (also rank "                  \
      "profiles, blocking pairs, justified envy, egalitarian cost), none; auto: all up to 20,000,000 "                 \
      "eligible pairs, basic above")

#define MU_ENGINE_ENUM(id, name, help) MU_ENGINE_##id,
typedef enum mu_engine { MU_ENGINES(MU_ENGINE_ENUM) MU_ENGINE_COUNT } mu_engine;
#undef MU_ENGINE_ENUM
const char *mu_engine_name(int engine);
typedef enum mu_objective {
    MU_OBJECTIVE_WEIGHT = 0,
    MU_OBJECTIVE_PLACEMENTS,
    MU_OBJECTIVE_RANK_MAXIMAL,
    MU_OBJECTIVE_EGALITARIAN,
    MU_OBJECTIVE_MAXMIN,
    MU_OBJECTIVE_MIN_REGRET
} mu_objective;
const char *mu_objective_name(int objective);
typedef enum mu_tie_break { MU_TIE_INDEX = 0, MU_TIE_SINGLE, MU_TIE_MULTIPLE } mu_tie_break;
const char *mu_tie_break_name(int tie_break);
typedef enum mu_metrics_level {
    MU_METRICS_AUTO = 0,
    MU_METRICS_NONE,
    MU_METRICS_BASIC,
    MU_METRICS_ALL
} mu_metrics_level;

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
int mu_solution_write_json(const mu_solution *sol, const mu_instance *inst, const mu_options *opt, const char *path,
                           mu_error *err);
/* Writes the assignment as CSV (applicant,company,weight) atomically, with
 * the instance's delimiter: the tables' own when it was read from a
 * directory, its "csv_delimiter" when it was read from JSON, else `,`
 * (instances/FORMAT.md, "The planner's delimiter"). */
int mu_solution_write_csv(const mu_solution *sol, const mu_instance *inst, const char *path, mu_error *err);
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

/* ---- the library without files: instances from memory, solutions read as
 * data or as text, the checker and the generator on text (model/api.c,
 * model/read_arrays.c; README "Library"). Ownership: text a function hands
 * back through `char **` is the caller's, released with mu_free; a `const
 * char *` returned by an accessor belongs to the object it came from and
 * lives as long as that object; the caller's arrays and text are only read
 * during the call, never kept. Threads: make one call at a time per process
 * (readers, GLPK's fence and the stop flag are per process); a solve runs
 * its own OpenMP threads. */
void mu_free(void *p);

/* Options on the heap, as mu_options_init leaves them, for bindings that
 * cannot lay out mu_options (Python's ctypes). NULL when out of memory. */
mu_options *mu_options_new(void);
void mu_options_free(mu_options *opt);
/* 0 quiet, 1 normal, 2 verbose (lists blocking pairs in the metrics). */
void mu_options_set_verbosity(mu_options *opt, int level);

/* An instance from a musubi-instance-1 document in memory: len bytes of
 * UTF-8, not necessarily NUL-terminated, at most 256 MiB as for a file.
 * `source` stands for the file in messages and in the solution's "instance"
 * (NULL: "<memory>"). Same validation and messages as mu_instance_read. */
int mu_instance_from_json(const char *source, const char *text, size_t len, mu_instance **out, mu_error *err);

/* An instance from arrays (the arrays route, model/read_arrays.c): the same
 * instance mu_instance_from_json builds from the equivalent document, in
 * which applicant i is {"id": applicant_ids[i], then its columns in order,
 * "preferences"}, company j is {"id", "capacity", its columns,
 * "preferences"}, the pairs follow in order, then the programme's keys.
 * Messages name records as in that document: `<arrays>: pairs[7].weight:
 * expected an integer from 0 to 1000000000, got -1`. Fields may be added at
 * the end in later versions: zero-initialise the struct ({0}). */
typedef struct mu_column {
    const char *name;          /* a column of the CSV tables (instances/FORMAT.md): applicants' nationality,
                                  field, age, jlpt, english, degree, recommendation and companies' target_markets,
                                  requires_jlpt, requires_english, requires_fields, requires_degree (adjacent: the
                                  document's "requires") are typed; any other name is a free attribute */
    const char *const *values; /* one text per entity ("24", "N2", "true", lists as "VN|TH"); NULL: lacks it */
} mu_column;
typedef struct mu_arrays {
    const char *source; /* in messages and the solution's "instance"; NULL: "<arrays>" */
    const char *name;   /* the instance's label ("name"); NULL: none */
    int32_t n_applicants;
    const char *const *applicant_ids; /* [n_applicants] */
    int32_t n_companies;
    const char *const *company_ids; /* [n_companies] */
    const int32_t *capacities;      /* [n_companies], 0 to 1,000,000 */
    /* Pairs by index with their weights (0 to 10^9), the only eligible ones;
     * pair_applicants NULL: no pairs given, so weights come from the
     * programme's "weights" and every pair no rule excludes is eligible. */
    int64_t n_pairs;
    const int32_t *pair_applicants, *pair_companies; /* [n_pairs] */
    const int64_t *pair_weights;                     /* [n_pairs] */
    /* Preference lists by index, most preferred first: applicant a's list is
     * applicant_prefs[applicant_pref_start[a] .. applicant_pref_start[a + 1]);
     * start NULL: no lists on that side. */
    const int64_t *applicant_pref_start; /* [n_applicants + 1], from 0 */
    const int32_t *applicant_prefs;
    const int64_t *company_pref_start; /* [n_companies + 1], from 0 */
    const int32_t *company_prefs;
    int32_t n_applicant_columns;
    const mu_column *applicant_columns;
    int32_t n_company_columns;
    const mu_column *company_columns;
    /* The programme as JSON text: an object with any of "rules", "weights",
     * "quotas" and "hosts", as in a document; NULL: none. Quotas filter and
     * group by the columns above, or by "id". */
    const char *programme;
} mu_arrays;
int mu_instance_build(const mu_arrays *arrays, mu_instance **out, mu_error *err);

const char *mu_instance_applicant_id(const mu_instance *inst, int32_t applicant);
const char *mu_instance_company_id(const mu_instance *inst, int32_t company);
/* The index of an id, or -1. */
int32_t mu_instance_applicant_index(const mu_instance *inst, const char *id);
int32_t mu_instance_company_index(const mu_instance *inst, const char *id);
int32_t mu_instance_capacity(const mu_instance *inst, int32_t company);
/* What messages and the solution's "instance" call the instance: its path,
 * or the source given to mu_instance_from_json or mu_instance_build. */
const char *mu_instance_source(const mu_instance *inst);

/* Lint (musubi lint): the findings on inst, one a line, each ending in '\n'
 * ("" when none), into *findings, and their number into *count (NULL: not
 * wanted); findings past 200 are counted in one more line. */
int mu_instance_lint(const mu_instance *inst, char **findings, int32_t *count, mu_error *err);
/* Records the lint findings on inst as the solution's "warnings", as musubi
 * solve does. */
int mu_solution_lint(mu_solution *sol, const mu_instance *inst, mu_error *err);

/* The solution as data. The engine that ran and why (never cut); seconds of
 * the solve; what status, bound and gap refer to ("weight" unless an engine
 * optimises another measure) and its value. */
const char *mu_solution_engine(const mu_solution *sol);
const char *mu_solution_reason(const mu_solution *sol);
double mu_solution_seconds(const mu_solution *sol);
const char *mu_solution_criterion(const mu_solution *sol);
double mu_solution_criterion_value(const mu_solution *sol);
int mu_solution_has_bound(const mu_solution *sol);
double mu_solution_bound(const mu_solution *sol); /* meaningful when mu_solution_has_bound */
double mu_solution_gap(const mu_solution *sol);
/* Weight of applicant i's pair, 0 when unplaced. */
int64_t mu_solution_weight_of(const mu_solution *sol, int32_t applicant);
/* The dual certificate (README "certificate"): 1 with its scale and its
 * bound (the floor of the dual objective over scale: no assignment weighs
 * more), 0 when the solution carries none. Prices are scaled by scale. */
int mu_solution_certificate(const mu_solution *sol, int64_t *scale, int64_t *bound);
int64_t mu_solution_applicant_price(const mu_solution *sol, int32_t applicant);
int64_t mu_solution_company_price(const mu_solution *sol, int32_t company);
/* A metric after mu_solution_measure, by its path in the solution's
 * "metrics" object: placements, applicants, seats, fill_rate, weight,
 * applicant_ranks.mean, company_ranks.mean, blocking_pairs,
 * justified_envy.pairs, justified_envy.applicants, egalitarian_cost,
 * gini_welfare, price_of_stability.max_weight,
 * price_of_stability.weight_lost, price_of_stability.relative. MU_EUSAGE
 * for an unknown name, before measuring, or a measure the solution lacks. */
int mu_solution_metric(const mu_solution *sol, const char *name, double *value, mu_error *err);
/* A rank profile after mu_solution_measure: applicants' ranks of their
 * hosts (company_side 0) or hosts' ranks of their interns (1); counts[r] is
 * how many placements are at rank r + 1. Writes at most n counts and returns
 * the number of ranks (0 when not measured). */
int32_t mu_solution_rank_profile(const mu_solution *sol, int company_side, int64_t *counts, int32_t n);
/* Placement rates by group after mu_solution_measure (README "Metrics"). */
typedef struct mu_group_rate_info {
    const char *attribute, *value; /* owned by the instance */
    int company_side;              /* 0: applicants placed of those eligible; 1: seats filled of seats */
    int64_t members, eligible, placed;
} mu_group_rate_info;
int32_t mu_solution_group_count(const mu_solution *sol);
int mu_solution_group(const mu_solution *sol, int32_t i, mu_group_rate_info *out);

/* The solution as musubi-solution-1 JSON text, as mu_solution_write_json
 * writes it, into *json (NUL-terminated; its length in *len when len is not
 * NULL). */
int mu_solution_json(const mu_solution *sol, const mu_instance *inst, const mu_options *opt, char **json, size_t *len,
                     mu_error *err);
/* musubi check on a solution in memory: len bytes of musubi-solution-1
 * JSON, named `source` (NULL: "<memory>") in the report. *report (NULL: not
 * wanted) receives what musubi check prints: each violation, then the
 * verdict. MU_OK valid, MU_EINVALID_SOLUTION not, MU_EINPUT not a solution. */
int mu_check_json(const mu_instance *inst, const char *source, const char *json, size_t len, char **report,
                  mu_error *err);
/* musubi gen into memory: the preset (NULL: the defaults), then each knob
 * knobs[i] (a flag name without dashes: "applicants", "seed") set to the
 * text values[i] ("yes"/"no" for a switch), as `musubi gen --preset P
 * --KNOB VALUE...` would; the musubi-instance-1 JSON into *json. */
int mu_generate_json(const char *preset, int32_t n_knobs, const char *const *knobs, const char *const *values,
                     char **json, size_t *len, mu_error *err);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
