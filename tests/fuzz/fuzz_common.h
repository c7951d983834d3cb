/* Shared by the libFuzzer harnesses of tests/fuzz/ and by
 * tests/test_fuzz_regressions.c, which includes the harnesses to replay every
 * recorded failure under cmocka.
 *
 * What every harness asserts beyond "no crash, no leak, no sanitizer report":
 *   - a library call fails only with a code it documents, and then with a
 *     message;
 *   - an instance that reads is solved (engine and objective picked from the
 *     input's hash, one thread, a short time limit), and whatever the status,
 *     the solution written to a file is accepted by the independent checker,
 *     and the in-memory assignment passes mu_check_assignment with the
 *     objective the solution reports.
 * FUZZ_ASSERT aborts under libFuzzer (a crash it records) and is cmocka's
 * assert_true in the replay test. */
#ifndef MU_FUZZ_COMMON_H
#define MU_FUZZ_COMMON_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/check.h"
#include "model/instance.h"
#include "musubi.h"

#ifndef FUZZ_ASSERT
#define FUZZ_ASSERT(cond)                                                                               \
    do {                                                                                                \
        if (!(cond)) {                                                                                  \
            fprintf(stderr, "fuzz: %s:%d: assertion failed: %s\n", __FILE__, __LINE__, #cond);          \
            abort();                                                                                    \
        }                                                                                               \
    } while (0)
#endif

/* Instances larger than this are read but not solved: the solve is there to
 * reach formulation and engines with hostile content, not to benchmark. */
#define FUZZ_SOLVE_MAX_SIDE 24

/* FNV-1a: picks engine and objective from the input, so a failing input
 * replays the same way. */
static __attribute__((unused)) uint64_t fuzz_hash(const uint8_t *data, size_t size) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 1099511628211ull;
    return h;
}

/* A private directory for the files a harness writes, removed at exit.
 * Under /dev/shm when it exists: the fuzzer writes a file per execution. */
static char fuzz_dir_path[256];
static __attribute__((unused)) void fuzz_dir_remove(void) {
    if (!fuzz_dir_path[0]) return;
    DIR *d = opendir(fuzz_dir_path);
    if (d) {
        struct dirent *e;
        char p[512];
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            snprintf(p, sizeof p, "%s/%s", fuzz_dir_path, e->d_name);
            remove(p);
        }
        closedir(d);
    }
    rmdir(fuzz_dir_path);
    fuzz_dir_path[0] = '\0';
}
static __attribute__((unused)) const char *fuzz_dir(void) {
    if (fuzz_dir_path[0]) return fuzz_dir_path;
    struct stat st;
    const char *base = getenv("TMPDIR");
    if (!base || !*base) base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
    snprintf(fuzz_dir_path, sizeof fuzz_dir_path, "%s/musubi-fuzz.XXXXXX", base);
    if (!mkdtemp(fuzz_dir_path)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(fuzz_dir_remove);
    return fuzz_dir_path;
}

/* Writes data to dir/name; removes the file when data is NULL. */
static __attribute__((unused)) void fuzz_write(const char *name, const uint8_t *data, size_t size) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", fuzz_dir(), name);
    remove(p);
    if (!data) return;
    FILE *f = fopen(p, "wb");
    FUZZ_ASSERT(f != NULL);
    FUZZ_ASSERT(size == 0 || fwrite(data, 1, size, f) == size);
    FUZZ_ASSERT(fclose(f) == 0);
}

static __attribute__((unused)) void fuzz_path(const char *name, char *buf, size_t n) { snprintf(buf, n, "%s/%s", fuzz_dir(), name); }

/* A failed library call: a documented code and a message. */
static __attribute__((unused)) void fuzz_expect_failure(int rc, const mu_error *err) {
    FUZZ_ASSERT(rc == MU_EINPUT || rc == MU_EIO || rc == MU_ENOMEM || rc == MU_EUSAGE);
    FUZZ_ASSERT(err->msg[0] != '\0');
}

/* Every kept line of a failed read names a file under `prefix` (the
 * one-problem-per-line contract: no line break inside a message). */
static __attribute__((unused)) void fuzz_expect_lines_name(const mu_error *err, const char *prefix) {
    size_t n = strlen(prefix);
    for (const char *line = err->msg; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        int ok = strncmp(line, prefix, n) == 0 || strncmp(line, "out of memory", 13) == 0;
        if (!ok) fprintf(stderr, "fuzz: a message line names no file: %.80s\n", line);
        FUZZ_ASSERT(ok);
    }
}

/* The i-th '|'-separated name of a list such as MU_ENGINE_NAMES. */
static __attribute__((unused)) void fuzz_pick_name(const char *list, uint64_t i, char *buf, size_t n) {
    size_t count = 1;
    for (const char *p = list; *p; p++) count += *p == '|';
    i %= count;
    const char *s = list;
    while (i--) s = strchr(s, '|') + 1;
    size_t len = strcspn(s, "|");
    snprintf(buf, n, "%.*s", (int)len, s);
}

/* Solves a small instance and checks the answer twice: in memory, and as
 * the file musubi writes, through the independent checker. */
static __attribute__((unused)) void fuzz_solve_and_check(const mu_instance *inst, uint64_t h) {
    if (mu_instance_applicants(inst) > FUZZ_SOLVE_MAX_SIDE || mu_instance_companies(inst) > FUZZ_SOLVE_MAX_SIDE) return;
    mu_options opt;
    mu_options_init(&opt);
    mu_error err;
    memset(&err, 0, sizeof err);
    char engine[64], objective[64];
    fuzz_pick_name(MU_ENGINE_NAMES, h, engine, sizeof engine);
    /* Mostly the default objective: the others are a smaller part of the code. */
    fuzz_pick_name((h >> 16) % 4 ? "weight" : MU_OBJECTIVE_NAMES, h >> 20, objective, sizeof objective);
    FUZZ_ASSERT(mu_options_set(&opt, "engine", engine, &err) == MU_OK);
    FUZZ_ASSERT(mu_options_set(&opt, "objective", objective, &err) == MU_OK);
    opt.threads = 1;
    opt.verbosity = 0;
    opt.time_limit = 0.25; /* any status must pass the checks; a short limit keeps executions fast */
    mu_set_verbosity(0);
    mu_solution *sol = NULL;
    int rc = mu_solve(inst, &opt, &sol, &err);
    if (rc) {
        /* An engine or objective that does not apply to this instance. */
        FUZZ_ASSERT(sol == NULL);
        FUZZ_ASSERT(rc == MU_EUSAGE || rc == MU_EINPUT);
        FUZZ_ASSERT(err.msg[0] != '\0');
        return;
    }
    FUZZ_ASSERT(sol != NULL);
    int32_t n = mu_instance_applicants(inst);
    int32_t *app_com = malloc(((size_t)n + 1) * sizeof *app_com);
    FUZZ_ASSERT(app_com != NULL);
    for (int32_t a = 0; a < n; a++) {
        app_com[a] = mu_solution_company_of(sol, a);
        FUZZ_ASSERT(app_com[a] >= -1 && app_com[a] < mu_instance_companies(inst));
        FUZZ_ASSERT(mu_solution_has_assignment(sol) || app_com[a] == -1);
    }
    if (mu_solution_has_assignment(sol)) { /* without one, floors are rightly unmet */
        int64_t objective_value = 0;
        int64_t violations = mu_check_assignment(inst, app_com, &objective_value, NULL);
        if (violations) mu_check_assignment(inst, app_com, &objective_value, stderr);
        FUZZ_ASSERT(violations == 0);
        FUZZ_ASSERT(objective_value == mu_solution_objective(sol));
    }
    free(app_com);
    char path[512];
    fuzz_path("solution.json", path, sizeof path);
    memset(&err, 0, sizeof err);
    FUZZ_ASSERT(mu_solution_write_json(sol, inst, &opt, path, &err) == MU_OK);
    memset(&err, 0, sizeof err);
    rc = mu_check_file(inst, path, NULL, &err);
    if (rc) {
        fprintf(stderr, "fuzz: engine %s, objective %s: the checker rejects the written solution (%d: %s)\n", engine,
                objective, rc, err.msg);
        mu_check_file(inst, path, stderr, &err);
    }
    FUZZ_ASSERT(rc == MU_OK);
    remove(path);
    mu_solution_free(sol);
}

#endif
