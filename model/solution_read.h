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

#endif
