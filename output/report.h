/* The HTML report (output/report.c). */
#ifndef MU_REPORT_H
#define MU_REPORT_H

#include <cjson/cJSON.h>

#include "analysis/explain.h"

/* Writes one self-contained HTML page to path (atomically) for the solution
 * ex explains (mu_explain): the summary, rank profiles, group rates, each
 * host's fill and the unplaced with the reasons of ex; compare
 * (musubi-compare-1 JSON, may be NULL) adds the policies side by side. */
int mu_report_write(const mu_explanation *ex, const cJSON *compare, const char *path, mu_error *err);

#endif
