/* musubi — the command-line front end. Thin: it parses arguments, calls the
 * library, prints errors one per line and maps them to exit codes. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cli/common.h"
#include "cli/lint.h"
#include "musubi.h"
#include "output/dimacs.h"

int mu_cmd_gen(int argc, char **argv);
int mu_cmd_compare(int argc, char **argv);
int mu_cmd_explain(int argc, char **argv);
int mu_cmd_import(int argc, char **argv);
int mu_cmd_export_sheets(int argc, char **argv);
int mu_cmd_report(int argc, char **argv);
int mu_cmd_rematch(int argc, char **argv);
int mu_cmd_evaluate(int argc, char **argv);

static const char EXIT_CODES[] =
    "Exit codes:\n"
    "  0  success (a solution was found; check: the solution is valid)\n"
    "  1  check: the solution violates the instance\n"
    "  2  usage error\n"
    "  3  invalid input (instance or solution file), or a lint finding under --strict; nothing is written\n"
    "  4  a file could not be read or written\n"
    "  5  no solution: the instance is infeasible, or the limit came first\n"
    "  6  a solver library failed (contained)\n"
    "  7  out of memory, or over --memory-limit\n"
    "  8  interrupted (SIGINT/SIGTERM); the best solution so far was written, status \"interrupted\"\n";

static void usage(FILE *out) {
    fprintf(
        out,
        "musubi %s — optimal, explainable matching of applicants to host organisations\n\n"
        "Usage:\n"
        "  musubi solve INSTANCE [-o SOLUTION.json] [--csv FILE [--csv-delimiter D]] [options]\n"
        "  musubi check INSTANCE SOLUTION.json\n"
        "  musubi gen [--preset NAME] [knobs] [-o FILE | --tables DIR]\n"
        "  musubi export INSTANCE (--mps FILE | --lp FILE | --dimacs FILE)\n"
        "  musubi compare INSTANCE [--engines LIST] [--json | --csv] [-o FILE] [options]\n"
        "  musubi explain INSTANCE SOLUTION.json [--applicant ID | --company ID | --everyone] [--json] [-o FILE]\n"
        "  musubi import DIR -o INSTANCE.json [--strict] [--csv-delimiter D]\n"
        "  musubi lint INSTANCE [--strict]\n"
        "  musubi export-sheets INSTANCE SOLUTION.json --dir DIR [--no-xlsx] [--no-whatif] [--csv-delimiter D]\n"
        "  musubi report INSTANCE SOLUTION.json -o REPORT.html [--compare COMPARE.json] [--no-whatif]\n"
        "  musubi rematch INSTANCE PREVIOUS.json --withdraw ID,... [--add-capacity C=N,...] [-o NEW.json] [options]\n"
        "  musubi evaluate INSTANCE ASSIGNMENT.csv [-o EVALUATION.json] [options]\n"
        "  musubi --version | --help | COMMAND --help\n\n"
        "INSTANCE is a musubi-instance-1 JSON file or a directory of CSV tables (instances/FORMAT.md).\n"
        "solve and import lint what they read (musubi lint --help) and print its findings as warnings.\n\n"
        "Example:\n"
        "  musubi solve instances/jip-fy2018.json -o sol.json && musubi check instances/jip-fy2018.json sol.json\n\n%s",
        mu_version(), EXIT_CODES);
}

static void solve_help(FILE *out) {
    fprintf(out,
            "Usage: musubi solve INSTANCE [-o SOLUTION.json] [--csv FILE] [options]\n\n"
            "Solves the instance: the maximum-weight assignment of applicants to companies over the\n"
            "eligible pairs, within capacities and quotas; or another policy: stable matchings by deferred\n"
            "acceptance or integer programming, and other objectives (--engine, --objective; README \"Policies\").\n"
            "Every solution carries metrics: rank profiles, blocking pairs, envy, group rates.\n"
            "The solution (musubi-solution-1 JSON) goes to -o or stdout; a summary goes to stderr.\n"
            "Output files appear only when complete.\n\n"
            "  -o FILE        write the solution JSON to FILE (default: stdout)\n"
            "  --csv FILE     also write the assignment as CSV (applicant,company,weight)\n"
            "  --csv-delimiter D  its delimiter: , ; or tab (default: the instance's: a table directory's own,\n"
            "                 or the \"csv_delimiter\" musubi import records; else ,)\n"
            "  -q, -v         quiet (no summary, no progress line) / verbose (engine log)\n"
            "  --strict       lint findings are errors: exit 3, nothing written (musubi lint --help)\n"
            "The instance is linted first (musubi lint): each finding, a mistake that reads as valid (a\n"
            "filter value that matches nothing, a column \"Age\" for \"age\", a floor nothing can meet), is\n"
            "printed on stderr as \"warning: ...\", even with -q, and recorded in the solution's \"warnings\".\n"
            "On a terminal, a solve that takes more than a second shows its progress on stderr: elapsed\n"
            "time, incumbent, bound and gap, one line updated twice a second.\n");
    mu_options_help(out);
    fprintf(out, "\nExample:\n  musubi solve instances/jip-fy2018.json -o sol.json --time-limit 60\n\n%s", EXIT_CODES);
}

static void check_help(FILE *out) {
    fprintf(out, "Usage: musubi check INSTANCE SOLUTION.json\n\n"
                 "Recomputes, from the instance alone, that every assigned pair is eligible and carries its\n"
                 "weight, that no applicant is placed twice, capacities and quotas hold, the objective equals\n"
                 "the reported one, and (when present) the certificate: dual prices that must cover every\n"
                 "eligible pair and give the stated bound, which then proves the optimum or the gap. Prints\n"
                 "every violation; exits 0 only when the solution is valid.\n\n"
                 "Example:\n  musubi check instances/jip-fy2018.json sol.json\n\n"
                 "Exit codes: 0 the solution is valid; 1 it violates the instance (every violation listed); 2 usage\n"
                 "error; 3 invalid instance or solution file; 4 a file could not be read; 7 out of memory.\n");
}

static void export_help(FILE *out) {
    fprintf(out,
            "Usage: musubi export INSTANCE (--mps FILE | --lp FILE | --dimacs FILE)\n\n"
            "--mps, --lp: writes the instance's integer program — the same model `musubi solve --engine mip`\n"
            "solves — as free MPS or CPLEX LP, so glpsol, CBC or any MIP solver can solve it. Columns are the\n"
            "eligible pairs in applicant-major order. The LP file maximises total weight. The MPS file\n"
            "MINIMISES -(total weight), as its opening comments say (glpsol refuses an OBJSENSE section and\n"
            "CBC 2.10 ignores OBJSENSE MAX): the maximum total weight is -(the file's minimum), so read it\n"
            "as a minimisation (no `cbc -max`).\n\n"
            "--dimacs: writes the transportation problem — the one `--engine flow` solves: eligible pairs and\n"
            "their weights, one placement per applicant, company capacities — as a DIMACS min-cost flow\n"
            "(`p min`), for LEMON, GLPK's glp_read_mincost or any min-cost flow code. Cost is -weight, so\n"
            "the maximum total weight is -(minimum cost). Nodes: 1 the source (supply = applicants),\n"
            "then the applicants, the companies, and the sink; arcs source->applicant (cap 1), applicant->\n"
            "company per pair (cap 1, cost -weight), company->sink (cap capacity), source->sink (unplaced).\n"
            "Laminar quota rows keep it a network, which is then written instead (each row an arc with its\n"
            "bounds; the file's comments give the layout). Crossing quota rows or a host budget make it no\n"
            "network: refused, exit 2, nothing written.\n\n"
            "FILE - writes to stdout; otherwise the file appears only when complete.\n\n"
            "Examples:\n  musubi export instances/jip-fy2018.json --lp jip.lp && glpsol --lp jip.lp -o jip.sol\n"
            "  musubi export instances/jip-fy2018.json --mps jip.mps && cbc jip.mps solve   # -71847: weight 71847\n"
            "  musubi export instances/examples/tiny.json --dimacs tiny.min && glpsol --mincost tiny.min\n\n"
            "Exit codes: 0 written; 2 usage error, or --dimacs on an instance that is no network (nothing\n"
            "written); 3 invalid instance; 4 a file could not be written; 6 GLPK failed; 7 out of memory.\n");
}

static int report(const mu_error *err) { return mu_cli_error(err); }

/* The first SIGINT or SIGTERM asks the solve to stop: it returns its best so
 * far, which is written with status interrupted. A second signal kills at
 * once, but only from a second on: coreutils' timeout sends its SIGTERM twice
 * (to the child, then to the whole process group), and a kill at the
 * duplicate left no solution file at all (issue 18). clock_gettime is
 * async-signal-safe. */
static volatile sig_atomic_t signalled;
static struct timespec first_signal;

static void on_signal(int sig) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!signalled) {
        signalled = 1;
        first_signal = now;
        mu_request_stop();
        return;
    }
    double since = (double)(now.tv_sec - first_signal.tv_sec) + (double)(now.tv_nsec - first_signal.tv_nsec) * 1e-9;
    if (since < 1.0) return; /* the same stop request, delivered twice */
    signal(sig, SIG_DFL);
    raise(sig); /* delivered when the handler returns: the default action, death by this signal */
}

/* The address-space limit that makes allocation fail cleanly (exit 7)
 * rather than the process being killed. The headroom covers code, libraries
 * and thread stacks, which count against the limit but are not data: 256
 * MiB, plus one stack reservation per thread (a thread libgomp cannot
 * create is a fatal error, exit 1, not a refusal). */
static void apply_memory_limit(int mib, int threads) {
    if (mib <= 0) return;
    struct rlimit rl;
    rlim_t stack = 32u << 20; /* glibc's default when the stack rlimit is unlimited */
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) stack = rl.rlim_cur;
#ifdef _OPENMP
    if (threads <= 0) threads = omp_get_max_threads();
#endif
    if (threads < 1) threads = 1;
    rlim_t bytes = (((rlim_t)mib + 256) << 20) + (rlim_t)threads * (stack + (1u << 20));
    if (getrlimit(RLIMIT_AS, &rl) == 0 && (rl.rlim_max == RLIM_INFINITY || bytes < rl.rlim_max)) {
        rl.rlim_cur = bytes;
        setrlimit(RLIMIT_AS, &rl);
    }
}

static double wall_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU seconds of the process, all threads: on a shared machine the phases'
 * CPU time says more than their wall time (-v prints both). */
static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The phases of a solve, timed for -v and the solution's "timings". */
enum { PH_READ, PH_LINT, PH_SOLVE, PH_METRICS, PH_WRITE, PH_COUNT };
static const char *const PHASE_NAMES[PH_COUNT] = {"read", "lint", "solve", "metrics", "write"};
typedef struct phases {
    double wall[PH_COUNT], cpu[PH_COUNT];
    double wall0, cpu0;
} phases;
static void phase_start(phases *ph) {
    ph->wall0 = wall_seconds();
    ph->cpu0 = cpu_seconds();
}
static void phase_end(phases *ph, int k) {
    ph->wall[k] += wall_seconds() - ph->wall0;
    ph->cpu[k] += cpu_seconds() - ph->cpu0;
}
static void phases_print(const phases *ph, FILE *out) {
    fprintf(out, "musubi: timings:");
    for (int k = 0; k < PH_COUNT; k++)
        fprintf(out, "%s %s %.3f s (cpu %.3f s)", k ? "," : "", PHASE_NAMES[k], ph->wall[k], ph->cpu[k]);
    fputc('\n', out);
}

static int cmd_solve(int argc, char **argv) {
    double started = wall_seconds();
    mu_options opt;
    mu_options_init(&opt);
    mu_error err;
    memset(&err, 0, sizeof err);
    const char *instance = NULL, *outpath = "-", *csv = NULL;
    char delim = 0; /* --csv-delimiter */
    int strict = 0, k;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            solve_help(stdout);
            return 0;
        } else if (strcmp(a, "--strict") == 0) {
            strict = 1;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            opt.verbosity = 0;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            opt.verbosity = 2;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--csv") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "musubi solve: %s needs a file name\n", a);
                return MU_EUSAGE;
            }
            if (strcmp(a, "--csv") == 0) csv = argv[++i];
            else outpath = argv[++i];
        } else if ((k = mu_cli_csv_delimiter(argc, argv, &i, "solve", &delim)) != 0) {
            if (k < 0) return MU_EUSAGE;
        } else if (strncmp(a, "--", 2) == 0) {
            if (mu_cli_option(&opt, argc, argv, &i, "solve")) return MU_EUSAGE;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "musubi solve: unknown option %s (see musubi solve --help)\n", a);
            return MU_EUSAGE;
        } else if (!instance) {
            instance = a;
        } else {
            fprintf(stderr, "musubi solve: unexpected argument %s\n", a);
            return MU_EUSAGE;
        }
    }
    if (!instance) {
        fprintf(stderr, "musubi solve: no instance given (see musubi solve --help)\n");
        return MU_EUSAGE;
    }
    mu_set_verbosity(opt.verbosity);
    apply_memory_limit(opt.memory_limit, opt.threads);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
#ifdef _OPENMP
    if (opt.threads > 0) omp_set_num_threads(opt.threads);
#endif
    mu_instance *inst = NULL;
    mu_solution *sol = NULL;
    phases ph = {0};
    phase_start(&ph);
    int rc = mu_instance_read(instance, &inst, &err);
    phase_end(&ph, PH_READ);
    if (rc) return report(&err);
    if (delim) inst->csv_delim = delim;
    mu_lint lint; /* warnings before anything is solved; errors under --strict */
    phase_start(&ph);
    rc = mu_cli_lint(inst, "solve", strict, &lint);
    phase_end(&ph, PH_LINT);
    if (rc) {
        mu_instance_free(inst);
        return rc;
    }
    /* --time-limit bounds the run, so reading the instance counts against it;
     * the solution still echoes the limit as given. */
    mu_options solve_opt = opt;
    if (opt.time_limit > 0) {
        double left = opt.time_limit - (wall_seconds() - started);
        solve_opt.time_limit = left > 1e-3 ? left : 1e-3;
    }
    mu_set_progress(opt.verbosity > 0 && isatty(STDERR_FILENO)); /* elapsed, incumbent, bound, gap */
    phase_start(&ph);
    rc = mu_solve(inst, &solve_opt, &sol, &err);
    phase_end(&ph, PH_SOLVE);
    mu_set_progress(0);
    /* Metrics are a report, not the answer: once the time limit has passed
     * they are skipped, so the limit holds. */
    phase_start(&ph);
    if (!rc && opt.time_limit > 0 && wall_seconds() - started >= opt.time_limit && mu_solution_has_assignment(sol))
        rc = mu_solution_note(sol, &err, "metrics skipped: the time limit had passed");
    else if (!rc && mu_stop_requested() && mu_solution_has_assignment(sol)) /* a harness may kill soon after */
        rc = mu_solution_note(sol, &err, "metrics skipped: interrupted");
    else if (!rc) rc = mu_solution_measure(sol, inst, &solve_opt, &err);
    phase_end(&ph, PH_METRICS);
    if (rc) {
        mu_solution_free(sol);
        mu_lint_free(&lint);
        mu_instance_free(inst);
        return report(&err);
    }
    sol->warnings = mu_lint_take(&lint, &sol->n_warnings);
    sol->has_timings = 1;
    sol->t_read = ph.wall[PH_READ], sol->t_lint = ph.wall[PH_LINT], sol->t_metrics = ph.wall[PH_METRICS];
    phase_start(&ph);
    rc = mu_solution_write_json(sol, inst, &opt, outpath, &err);
    if (!rc && csv) rc = mu_solution_write_csv(sol, inst, csv, &err);
    phase_end(&ph, PH_WRITE);
    if (rc) {
        report(&err);
    } else {
        if (opt.verbosity > 0) mu_solution_summary(sol, inst, stderr);
        if (opt.verbosity >= 2) phases_print(&ph, stderr);
        if (mu_solution_status(sol) == MU_STATUS_INTERRUPTED) rc = MU_EINTERRUPTED;
        else if (!mu_solution_has_assignment(sol)) rc = MU_ENOSOLUTION;
    }
    mu_solution_free(sol);
    mu_instance_free(inst);
    return rc;
}

static int cmd_check(int argc, char **argv) {
    const char *files[2] = {NULL, NULL};
    int nf = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            check_help(stdout);
            return 0;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "musubi check: unknown option %s\n", argv[i]);
            return MU_EUSAGE;
        }
        if (nf == 2) {
            fprintf(stderr, "musubi check: unexpected argument %s\n", argv[i]);
            return MU_EUSAGE;
        }
        files[nf++] = argv[i];
    }
    if (nf != 2) {
        fprintf(stderr, "musubi check: expected INSTANCE and SOLUTION (see musubi check --help)\n");
        return MU_EUSAGE;
    }
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    if (mu_instance_read(files[0], &inst, &err)) return report(&err);
    int rc = mu_check_file(inst, files[1], stdout, &err);
    if (rc && rc != MU_EINVALID_SOLUTION) report(&err);
    mu_instance_free(inst);
    return rc;
}

static int cmd_export(int argc, char **argv) {
    const char *instance = NULL, *path = NULL;
    enum { EXPORT_MPS, EXPORT_LP, EXPORT_DIMACS } format = EXPORT_MPS;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            export_help(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--mps") == 0 || strcmp(argv[i], "--lp") == 0 || strcmp(argv[i], "--dimacs") == 0) {
            if (i + 1 >= argc || path) {
                fprintf(stderr, "musubi export: give exactly one of --mps FILE, --lp FILE or --dimacs FILE\n");
                return MU_EUSAGE;
            }
            format = strcmp(argv[i], "--lp") == 0       ? EXPORT_LP
                     : strcmp(argv[i], "--dimacs") == 0 ? EXPORT_DIMACS
                                                        : EXPORT_MPS;
            path = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "musubi export: unknown option %s\n", argv[i]);
            return MU_EUSAGE;
        } else if (!instance) {
            instance = argv[i];
        } else {
            fprintf(stderr, "musubi export: unexpected argument %s\n", argv[i]);
            return MU_EUSAGE;
        }
    }
    if (!instance || !path) {
        fprintf(
            stderr,
            "musubi export: expected INSTANCE and --mps FILE, --lp FILE or --dimacs FILE (see musubi export --help)\n");
        return MU_EUSAGE;
    }
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    if (mu_instance_read(instance, &inst, &err)) return report(&err);
    int rc =
        format == EXPORT_DIMACS ? mu_export_dimacs(inst, path, &err) : mu_export(inst, path, format == EXPORT_LP, &err);
    if (rc) report(&err);
    mu_instance_free(inst);
    return rc;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return MU_EUSAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("musubi %s\n", mu_version());
        return 0;
    }
    if (strcmp(cmd, "solve") == 0) return cmd_solve(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0) return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "gen") == 0) return mu_cmd_gen(argc - 1, argv + 1);
    if (strcmp(cmd, "export") == 0) return cmd_export(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0) return mu_cmd_compare(argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0) return mu_cmd_explain(argc - 1, argv + 1);
    if (strcmp(cmd, "import") == 0) return mu_cmd_import(argc - 1, argv + 1);
    if (strcmp(cmd, "lint") == 0) return mu_cmd_lint(argc - 1, argv + 1);
    if (strcmp(cmd, "export-sheets") == 0) return mu_cmd_export_sheets(argc - 1, argv + 1);
    if (strcmp(cmd, "report") == 0) return mu_cmd_report(argc - 1, argv + 1);
    if (strcmp(cmd, "rematch") == 0) return mu_cmd_rematch(argc - 1, argv + 1);
    if (strcmp(cmd, "evaluate") == 0) return mu_cmd_evaluate(argc - 1, argv + 1);
    fprintf(stderr, "musubi: unknown command \"%s\" (see musubi --help)\n", cmd);
    return MU_EUSAGE;
}
