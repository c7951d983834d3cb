/* Spreadsheets out (output/sheets.c). */
#ifndef MU_SHEETS_H
#define MU_SHEETS_H

#include <cjson/cJSON.h>

#include "model/solution.h"

/* Writes assignment.csv, hosts.csv and unplaced.csv into dir (which must
 * exist), and matching.xlsx with one sheet each when xlsx is non-zero. ex is
 * the solution's explanation (mu_explain): the reasons of the unplaced and of
 * the empty seats. Each file is written atomically. */
int mu_sheets_write(const mu_instance *inst, const mu_solution *sol, const cJSON *ex, const char *dir, int xlsx,
                    mu_error *err);

#endif
