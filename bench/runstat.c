/* runstat — run one command under a wall-clock limit and report what it cost.
 *
 * The bench times every solver, musubi and its peers alike, through this one
 * helper so that the numbers are comparable and nothing depends on
 * /usr/bin/time being installed. It forks, puts the child in its own process
 * group, execs the command, and reaps it with wait4(2), whose rusage gives the
 * child's peak resident set (ru_maxrss, KiB on Linux).
 *
 * usage: runstat [-t SECONDS] [-k GRACE] [-o FILE] [--] COMMAND [ARG...]
 *   -t  wall-clock limit; past it the group gets SIGTERM (default: none)
 *   -k  seconds between SIGTERM and SIGKILL (default 5)
 *   -o  append the report line to FILE instead of stderr
 *
 * The report is one line of key=value fields:
 *   wall=0.123456 maxrss_kib=10124 exit=0 signal=0 timeout=0
 * exit is the child's exit status (or -1 when killed by a signal), signal the
 * signal that ended it (or 0), timeout 1 when the limit ran out. SIGINT and
 * SIGTERM sent to runstat are passed on to the child's group.
 *
 * runstat's own exit status is the child's, 128 + signal when the child was
 * killed, 127 when the command could not be executed, 125 on runstat's own
 * failure (bad usage, fork). */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static struct timespec span(double seconds) {
    if (seconds < 0) seconds = 0;
    struct timespec ts;
    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    return ts;
}

static int parse_seconds(const char *text, double *out) {
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v >= 0) || v > 1e9) return -1;
    *out = v;
    return 0;
}

static void usage(void) {
    fputs("usage: runstat [-t SECONDS] [-k GRACE] [-o FILE] [--] COMMAND [ARG...]\n", stderr);
}

int main(int argc, char **argv) {
    double limit = 0, grace = 5;
    const char *report = NULL;
    int a = 1;
    for (; a < argc && argv[a][0] == '-'; a++) {
        if (!strcmp(argv[a], "--")) {
            a++;
            break;
        }
        if (a + 1 >= argc) {
            usage();
            return 125;
        }
        if (!strcmp(argv[a], "-t")) {
            if (parse_seconds(argv[++a], &limit)) {
                fprintf(stderr, "runstat: -t: expected seconds, got \"%s\"\n", argv[a]);
                return 125;
            }
        } else if (!strcmp(argv[a], "-k")) {
            if (parse_seconds(argv[++a], &grace)) {
                fprintf(stderr, "runstat: -k: expected seconds, got \"%s\"\n", argv[a]);
                return 125;
            }
        } else if (!strcmp(argv[a], "-o")) {
            report = argv[++a];
        } else {
            usage();
            return 125;
        }
    }
    if (a >= argc) {
        usage();
        return 125;
    }

    /* SIGCHLD, SIGINT and SIGTERM are blocked and taken with sigtimedwait, so
     * there are no handlers and no race between the check and the wait. */
    sigset_t watched, old;
    sigemptyset(&watched);
    sigaddset(&watched, SIGCHLD);
    sigaddset(&watched, SIGINT);
    sigaddset(&watched, SIGTERM);
    sigprocmask(SIG_BLOCK, &watched, &old);

    double start = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("runstat: fork");
        return 125;
    }
    if (pid == 0) {
        setpgid(0, 0);
        sigprocmask(SIG_SETMASK, &old, NULL);
        execvp(argv[a], argv + a);
        fprintf(stderr, "runstat: %s: %s\n", argv[a], strerror(errno));
        _exit(127);
    }
    setpgid(pid, pid); /* also here: whichever of the two runs first wins the race */

    int status = 0, timed_out = 0, stage = 0; /* stage 0 running, 1 sent SIGTERM, 2 sent SIGKILL */
    double deadline = limit > 0 ? start + limit : 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    for (;;) {
        pid_t got = wait4(pid, &status, WNOHANG, &ru);
        if (got == pid) break;
        if (got < 0 && errno != EINTR) {
            perror("runstat: wait4");
            return 125;
        }
        siginfo_t info;
        int sig;
        if (deadline > 0) {
            struct timespec left = span(deadline - now());
            sig = sigtimedwait(&watched, &info, &left);
        } else {
            sig = sigwaitinfo(&watched, &info);
        }
        if (sig == SIGCHLD || (sig < 0 && errno == EINTR)) continue;
        if (sig == SIGINT || sig == SIGTERM) { /* pass it on, then give the child its grace */
            kill(-pid, SIGTERM);
            if (stage == 0) {
                stage = 1;
                deadline = now() + grace;
            }
            continue;
        }
        if (sig < 0 && errno == EAGAIN) { /* the deadline passed */
            if (stage == 0) {
                timed_out = 1;
                stage = 1;
                kill(-pid, SIGTERM);
                deadline = now() + grace;
            } else {
                stage = 2;
                kill(-pid, SIGKILL);
                deadline = 0;
            }
        }
    }
    double wall = now() - start;
    if (stage == 2) kill(-pid, SIGKILL); /* stragglers the child left in its group */

    int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    int signal_no = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    FILE *out = stderr;
    if (report && !(out = fopen(report, "a"))) {
        fprintf(stderr, "runstat: %s: %s\n", report, strerror(errno));
        out = stderr;
    }
    fprintf(out, "wall=%.6f maxrss_kib=%ld exit=%d signal=%d timeout=%d\n", wall, (long)ru.ru_maxrss, exit_code,
            signal_no, timed_out);
    if (out != stderr) fclose(out);
    return signal_no ? 128 + signal_no : exit_code;
}
