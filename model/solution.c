/* Solutions as data: construction, the engine reason, accessors. The
 * writers are in output/solution.c. */
#include "model/solution.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const STATUS_NAMES[] = {"optimal", "feasible", "infeasible", "time_limit", "interrupted"};
const char *mu_status_name(mu_status s) {
    return (unsigned)s < MU_ARRAY_LEN(STATUS_NAMES) ? STATUS_NAMES[s] : "unknown";
}

mu_solution *mu_solution_new(int32_t n_app, int32_t n_com, mu_error *err) {
    mu_solution *s = mu_calloc(1, sizeof *s, err);
    if (!s) return NULL;
    s->n_app = n_app;
    s->n_com = n_com;
    s->hosts_participating = -1;
    s->app_com = mu_alloc((size_t)n_app + 1, sizeof *s->app_com, err);
    s->app_w = mu_calloc((size_t)n_app + 1, sizeof *s->app_w, err);
    if (!s->app_com || !s->app_w) {
        mu_solution_free(s);
        return NULL;
    }
    for (int32_t a = 0; a < n_app; a++) s->app_com[a] = -1;
    return s;
}

void mu_cert_free(mu_cert *c) {
    free(c->u), free(c->v), free(c->rows);
    *c = (mu_cert){0};
}

void mu_solution_free(mu_solution *s) {
    if (!s) return;
    free(s->app_com);
    free(s->app_w);
    mu_cert_free(&s->cert);
    mu_metrics_free(s->metrics);
    free(s->reason);
    free(s->conflict);
    for (int32_t k = 0; k < s->n_warnings; k++) free(s->warnings[k]);
    free(s->warnings);
    free(s);
}

mu_status mu_solution_status(const mu_solution *s) { return s->status; }
int mu_solution_has_assignment(const mu_solution *s) { return s->has_assignment; }
int64_t mu_solution_objective(const mu_solution *s) { return s->objective; }
int32_t mu_solution_company_of(const mu_solution *s, int32_t a) {
    MU_REQUIRE(a >= 0 && a < s->n_app);
    return s->app_com[a];
}

int mu_solution_note(mu_solution *s, mu_error *err, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return mu_err(err, MU_EINTERNAL, "engine reason: cannot format");
    size_t old = s->reason ? strlen(s->reason) : 0, sep = old ? 2 : 0;
    char *r = realloc(s->reason, old + sep + (size_t)n + 1);
    if (!r) return mu_err(err, MU_ENOMEM, "out of memory for the engine reason");
    if (sep) memcpy(r + old, "; ", 2);
    va_start(ap, fmt);
    vsnprintf(r + old + sep, (size_t)n + 1, fmt, ap);
    va_end(ap);
    s->reason = r;
    return MU_OK;
}

void mu_metrics_free(mu_metrics *m) {
    if (!m) return;
    free(m->app_profile), free(m->com_profile), free(m->listed_app), free(m->listed_com), free(m->groups);
    free(m);
}
