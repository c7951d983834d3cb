/* Progress of a long solve on a terminal: one line, rewritten in place with
 * \r, at most two a second, only after the first second, and only when the
 * front end turned it on (it does so when stderr is a terminal and -q was
 * not given). Engines call mu_progress from their callbacks; whichever
 * thread calls, one prints at a time and the others skip (a try-lock), so
 * lines never interleave. */
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "base/base.h"

#define FIRST_AFTER 1.0 /* seconds: a quick solve shows nothing */
#define EVERY 0.5       /* seconds between lines: at most 2 a second */

static atomic_int enabled;
static atomic_flag busy = ATOMIC_FLAG_INIT;
static double last_shown = -1;
static double started; /* mu_now() when turned on */
static int width;      /* of the line on screen, to blank it out */

void mu_set_progress(int on) {
    while (atomic_flag_test_and_set(&busy)) {
    }
    if (!on && width > 0) fprintf(stderr, "\r%*s\r", width, ""); /* leave the terminal as it was */
    width = 0;
    last_shown = -1;
    started = mu_now();
    atomic_store(&enabled, on != 0);
    atomic_flag_clear(&busy);
}

/* Appends to line[0..cap) at n; never past the end. */
static size_t add(char *line, size_t cap, size_t n, const char *fmt, double x) {
    if (n + 1 >= cap) return n;
    int k = snprintf(line + n, cap - n, fmt, x);
    if (k < 0) return n;
    return n + (size_t)k < cap ? n + (size_t)k : cap - 1;
}

int mu_progress_enabled(void) { return atomic_load(&enabled); }

void mu_progress(int has_incumbent, double incumbent, double bound) {
    if (!atomic_load(&enabled)) return;
    if (atomic_flag_test_and_set(&busy)) return; /* another thread is printing */
    double elapsed = mu_now() - started;
    if (elapsed < FIRST_AFTER) {
        atomic_flag_clear(&busy);
        return;
    }
    if (last_shown < 0 || elapsed - last_shown >= EVERY) {
        char line[200];
        size_t n = 0;
        n = add(line, sizeof line, n, "musubi: %7.1f s", elapsed);
        /* Whole numbers as such; a rate (maxmin) or a mean with its digits. */
        if (has_incumbent)
            n = add(line, sizeof line, n, incumbent == floor(incumbent) ? "  incumbent %.0f" : "  incumbent %.6g",
                    incumbent);
        else n = add(line, sizeof line, n, "  no incumbent yet", 0);
        if (isfinite(bound) && fabs(bound) < 1e15) { /* GLPK reports DBL_MAX before a node is solved */
            n = add(line, sizeof line, n, bound == floor(bound) ? "  bound %.0f" : "  bound %.6g", bound);
            if (has_incumbent)
                n = add(line, sizeof line, n, "  gap %.3f%%", 100.0 * fabs(bound - incumbent) / fmax(1.0, fabs(bound)));
        } else if (!has_incumbent) {
            n = add(line, sizeof line, n, "  (LP relaxation)", 0);
        }
        fprintf(stderr, "\r%s%*s", line, width > (int)n ? width - (int)n : 0, "");
        fflush(stderr);
        width = (int)n;
        last_shown = elapsed;
    }
    atomic_flag_clear(&busy);
}
