/* The solution's writers (output/solution.c): musubi-solution-1 JSON, the
 * CSV assignment and the human summary are the public mu_solution_write_json,
 * mu_solution_write_csv and mu_solution_summary of musubi.h; the metrics'
 * JSON object and summary lines are shared with musubi compare. */
#ifndef MU_OUTPUT_SOLUTION_H
#define MU_OUTPUT_SOLUTION_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "model/solution.h"

/* The metrics as one JSON object (no key, no trailing newline); m may be
 * NULL (writes null). `indent` prefixes inner lines. */
void mu_metrics_write_json(FILE *o, const mu_metrics *m, const mu_instance *inst, const char *indent);
/* Human lines "musubi: ..." for stderr; blocking pairs listed when verbose. */
void mu_metrics_summary(const mu_metrics *m, const mu_instance *inst, FILE *out, int verbose);

/* mu_solution_write_json with more top-level members: each member of the
 * object `extra` (NULL: none) follows the standard ones, in order (musubi
 * rematch adds its "rematch" object so). */
int mu_solution_write_json_with(const mu_solution *s, const mu_instance *inst, const mu_options *opt, const char *path,
                                const cJSON *extra, mu_error *err);

#endif
