/* Explanations of a solution (musubi explain, the report, the sheets): why
 * each unplaced applicant is unplaced, why each host below capacity keeps
 * empty seats, and what-ifs found by re-solving. See explain.c. */
#ifndef MU_EXPLAIN_H
#define MU_EXPLAIN_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "model/solution.h"

typedef struct mu_explain_opts {
    const char *applicant; /* explain only this applicant (id); NULL: every unplaced one */
    const char *company;   /* explain only this host (id); NULL: every host below capacity */
    int whatif;            /* re-solve for what-ifs (1) or not (0) */
    int64_t max_pairs;     /* what-ifs only up to this many eligible pairs */
    int32_t max_resolves;  /* ... and at most this many re-solves */
    double max_seconds;    /* ... within this wall-clock budget */
    int32_t max_listed;    /* explain at most this many unplaced applicants and hosts each (0: all); the
                              document counts them all ("unplaced_total", "hosts_below_capacity_total") */
} mu_explain_opts;

void mu_explain_opts_init(mu_explain_opts *o);

/* Explains sol (an assignment of inst) as a musubi-explain-1 JSON document
 * (*out, owned by the caller: cJSON_Delete). The instance is modified during
 * the what-ifs (a capacity or a quota bound raised by one, then restored)
 * and is as given on return. MU_EINPUT when an id in o is unknown. */
int mu_explain(mu_instance *inst, const mu_solution *sol, const mu_explain_opts *o, cJSON **out, mu_error *err);

/* The explanation as plain sentences, one block per applicant and host. */
void mu_explain_write_text(FILE *out, const cJSON *ex);

/* The one-line reason of applicant id in ex ("" when it is not unplaced). */
const char *mu_explain_reason_of(const cJSON *ex, const char *applicant);

#endif
