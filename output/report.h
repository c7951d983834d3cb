/* The HTML report (output/report.c). */
#ifndef MU_REPORT_H
#define MU_REPORT_H

#include <cjson/cJSON.h>

#include "model/solution.h"

/* Writes one self-contained HTML page to path (atomically): the summary,
 * rank profiles, group rates, each host's fill and the unplaced with the
 * reasons of ex (mu_explain); compare (musubi-compare-1 JSON, may be NULL)
 * adds the policies side by side. */
int mu_report_write(const mu_instance *inst, const mu_solution *sol, const cJSON *ex, const cJSON *compare, const char *path,
                    mu_error *err);

#endif
