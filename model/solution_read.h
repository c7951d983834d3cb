/* Reading a solution file back (model/solution_read.c). */
#ifndef MU_SOLUTION_READ_H
#define MU_SOLUTION_READ_H

#include "model/instance.h"

/* Reads the musubi-solution-1 file at path against inst: the assignment by
 * ids (weights recomputed from the instance), status, engine, bound, gap and
 * seconds. Metrics are not read (compute them with mu_metrics_compute).
 * MU_EINPUT names the file and the entry when the file is not a solution of
 * this instance. */
int mu_solution_read(const mu_instance *inst, const char *path, mu_solution **out, mu_error *err);

/* Reads an assignment made elsewhere from a CSV table with the columns
 * applicant and company (model/assignment_read.c) into app_com[n_app]
 * (-1: unplaced). MU_EINPUT names the file, row and column of an unknown id
 * or an applicant listed twice; eligibility is left to the checker. */
int mu_assignment_read_csv(const mu_instance *inst, const char *path, int32_t *app_com, mu_error *err);

#endif
