/* Spreadsheets out (output/sheets.c). */
#ifndef MU_SHEETS_H
#define MU_SHEETS_H

#include "analysis/explain.h"

/* Writes assignment.csv, hosts.csv and unplaced.csv into dir (which must
 * exist), and matching.xlsx with one sheet each when xlsx is non-zero, for
 * the solution ex explains (mu_explain): its instance, its pairs and ranks,
 * the reasons of the unplaced and of the empty seats. Each file is written
 * atomically. */
int mu_sheets_write(const mu_explanation *ex, const char *dir, int xlsx, mu_error *err);

#endif
