/* GLPK is fenced (engine/mip.c): a GLPK failure, which GLPK itself ends with
 * abort(), must come back as MU_EINTERNAL with GLPK's reason, free what it
 * held, and leave GLPK usable for the next solve. Each case runs in a forked
 * child, so that a fence that fails kills the child, not the test runner.
 *
 * The failure is a formulation bug GLPK itself detects: a quota row that
 * lists one pair twice makes glp_load_matrix stop with "duplicate indices
 * not allowed". (The memory failure, --memory-limit 1, is driven end to end
 * in tests/e2e_reliability.sh.) */
#include "tests/testutil.h"

#include <sys/wait.h>
#include <unistd.h>

#include "engine/problem.h"

/* Three applicants, two hosts, a quota over all three applicants' pairs. */
static const char INSTANCE[] =
    "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}, {\"id\": \"A2\"}, {\"id\": \"A3\"}],\n"
    " \"companies\": [{\"id\": \"C1\", \"capacity\": 2}, {\"id\": \"C2\", \"capacity\": 1}],\n"
    " \"quotas\": [{\"name\": \"at-most-two\", \"max\": 2}]}\n";

static mu_instance *read_instance(void) {
    char path[] = "/tmp/musubi-fence-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, INSTANCE, sizeof INSTANCE - 1) != (ssize_t)(sizeof INSTANCE - 1)) return NULL;
    close(fd);
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_instance *inst = NULL;
    int rc = mu_instance_read(path, &inst, &err);
    unlink(path);
    if (rc) {
        fprintf(stderr, "%s\n", err.msg);
        return NULL;
    }
    return inst;
}

/* Runs fn in a child; returns its exit status, or 128 + signal. */
static int in_child(int (*fn)(void)) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) exit(fn()); /* exit, not _exit: LeakSanitizer checks at exit */
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Child: 0 when the corrupted problem fails cleanly and a good one solves
 * after it; a distinct code for each way it can go wrong. */
static int corrupted_problem_fails_cleanly(void) {
    mu_set_verbosity(0);
    mu_instance *inst = read_instance();
    if (!inst) return 10;
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    mu_error err;
    memset(&err, 0, sizeof err);
    mu_problem pb;
    if (mu_problem_build(inst, &pb, &err)) return 11;
    /* Find a quota row with two pairs and make its second pair the first. */
    int32_t row = -1;
    for (int32_t r = 0; r < pb.n_rows && row < 0; r++)
        if (pb.row_off[r + 1] - pb.row_off[r] >= 2) row = r;
    if (row < 0) return 12;
    int64_t saved = pb.row_pair[pb.row_off[row] + 1];
    pb.row_pair[pb.row_off[row] + 1] = pb.row_pair[pb.row_off[row]];
    int32_t *app_com = calloc((size_t)mu_instance_applicants(inst) + 1, sizeof *app_com);
    mu_result res = {.app_com = app_com};
    int rc = mu_engine_mip(&pb, &opt, 0, &res, &err);
    if (rc != MU_EINTERNAL) return 13;
    if (!strstr(err.msg, "GLPK failed during the solve") || !strstr(err.msg, "duplicate indices")) {
        fprintf(stderr, "unexpected message: %s\n", err.msg);
        return 14;
    }
    if (res.has_assignment) return 15;
    /* GLPK works again: the repaired problem solves to the known optimum. */
    pb.row_pair[pb.row_off[row] + 1] = saved;
    memset(&err, 0, sizeof err);
    mu_result again = {.app_com = app_com};
    if (mu_engine_mip(&pb, &opt, 0, &again, &err) != MU_OK) return 16;
    if (again.status != MU_STATUS_OPTIMAL || !again.has_assignment) return 17;
    free(again.ext_val);
    mu_result_free_duals(&again);
    free(app_com);
    mu_problem_free(&pb);
    mu_instance_free(inst);
    return 0;
}

static void glpk_error_returns_einternal_and_glpk_stays_usable(void **state) {
    (void)state;
    assert_int_equal(in_child(corrupted_problem_fails_cleanly), 0);
}

/* Child: the same failure, many times over, must not pile up memory (the
 * landing frees GLPK's whole environment). Under LSan a leak fails the run. */
static int repeated_failures_do_not_leak(void) {
    mu_set_verbosity(0);
    mu_instance *inst = read_instance();
    if (!inst) return 10;
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    mu_problem pb;
    mu_error err;
    memset(&err, 0, sizeof err);
    if (mu_problem_build(inst, &pb, &err)) return 11;
    int32_t row = -1;
    for (int32_t r = 0; r < pb.n_rows && row < 0; r++)
        if (pb.row_off[r + 1] - pb.row_off[r] >= 2) row = r;
    if (row < 0) return 12;
    pb.row_pair[pb.row_off[row] + 1] = pb.row_pair[pb.row_off[row]];
    int32_t *app_com = calloc((size_t)mu_instance_applicants(inst) + 1, sizeof *app_com);
    for (int i = 0; i < 200; i++) {
        memset(&err, 0, sizeof err);
        mu_result res = {.app_com = app_com};
        if (mu_engine_mip(&pb, &opt, 0, &res, &err) != MU_EINTERNAL) return 13;
    }
    free(app_com);
    mu_problem_free(&pb);
    mu_instance_free(inst);
    return 0;
}

static void repeated_glpk_errors_are_each_contained(void **state) {
    (void)state;
    assert_int_equal(in_child(repeated_failures_do_not_leak), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(glpk_error_returns_einternal_and_glpk_stays_usable),
        cmocka_unit_test(repeated_glpk_errors_are_each_contained),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
