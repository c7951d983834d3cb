/* Shared by the readers (JSON and CSV tables). */
#ifndef MU_READ_INTERNAL_H
#define MU_READ_INTERNAL_H

#include <cjson/cJSON.h>

#include "model/instance.h"

/* Reads `rules`, `weights` and `quotas` from a JSON object into inst, whose
 * applicants, companies (with their attributes) and pairs are already read.
 * Errors name `file` and the field. */
int mu_read_programme_json(const char *file, mu_instance *inst, const cJSON *root, mu_error *err);

#endif
