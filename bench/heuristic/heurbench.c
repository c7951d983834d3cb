/* The heuristic engine on one instance, 1 and 2 threads alternating in one
 * process (the machine is shared: ratios from one run, never absolute times).
 * Reports the solve time, the parallel local-search time (the "local search
 * X s" of the engine's detail), objective, bound, gap, and whether every run
 * gave the same assignment; every answer goes through the checker.
 *   heurbench INSTANCE [time-limit] [reps] [gap] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "model/instance.h"
#include "model/solution.h"
#include "musubi.h"

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: heurbench INSTANCE [time-limit] [reps]\n");
        return 2;
    }
    double limit = argc > 2 ? atof(argv[2]) : 0;
    int reps = argc > 3 ? atoi(argv[3]) : 3;
    double gap = argc > 4 ? atof(argv[4]) : 0;
    mu_error err = {0};
    mu_instance *inst = NULL;
    double t = mu_now();
    if (mu_instance_read(argv[1], &inst, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("instance %s: %d applicants, %d companies, read %.2f s, time limit %g, gap %g\n", argv[1],
           mu_instance_applicants(inst), mu_instance_companies(inst), mu_now() - t, limit, gap);
    printf("%-7s %-3s %9s %9s %12s %12s %10s %-9s %s\n", "threads", "rep", "solve_s", "ls_s", "objective", "bound", "gap",
           "status", "same");
    int32_t *first = NULL;
    double sum_solve[3] = {0}, sum_ls[3] = {0};
    int32_t n = mu_instance_applicants(inst);
    for (int r = 0; r < reps; r++)
        for (int th = 1; th <= 2; th++) {
            mu_options opt;
            mu_options_init(&opt);
            opt.engine = MU_ENGINE_HEURISTIC;
            opt.threads = th;
            opt.time_limit = limit;
            opt.gap = gap;
            opt.verbosity = 0;
            mu_set_verbosity(0);
            mu_solution *s = NULL;
            if (mu_solve(inst, &opt, &s, &err)) {
                fprintf(stderr, "%s\n", err.msg);
                return 1;
            }
            int64_t obj = -1;
            if (s->has_assignment && mu_check_assignment(inst, s->app_com, &obj, stderr) != 0) {
                fprintf(stderr, "checker: invalid assignment\n");
                return 1;
            }
            const char *ls = strstr(s->reason, "local search ");
            double ls_s = ls ? atof(ls + 13) : 0;
            int same = 1;
            if (!first) {
                first = malloc((size_t)n * sizeof *first);
                memcpy(first, s->app_com, (size_t)n * sizeof *first);
            } else same = memcmp(first, s->app_com, (size_t)n * sizeof *first) == 0;
            printf("%-7d %-3d %9.3f %9.3f %12lld %12.0f %10.6f %-9s %s\n", th, r, s->seconds, ls_s, (long long)s->objective,
                   s->bound, s->gap, mu_status_name(s->status), same ? "yes" : "NO");
            sum_solve[th] += s->seconds, sum_ls[th] += ls_s;
            mu_solution_free(s);
        }
    printf("ratio 1 thread / 2 threads: solve %.2fx, parallel local search %.2fx\n", sum_solve[1] / sum_solve[2],
           sum_ls[1] / sum_ls[2]);
    free(first);
    mu_instance_free(inst);
    return 0;
}
