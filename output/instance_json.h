/* Writing an instance as musubi-instance-1 JSON (output/instance_json.c). */
#ifndef MU_WRITE_JSON_H
#define MU_WRITE_JSON_H

#include <cjson/cJSON.h>

#include "model/instance.h"

/* Writes inst to path atomically. extra (may be NULL) supplies the keys the
 * instance does not keep: "description" and "provenance" are copied from it. */
int mu_instance_write_json(const mu_instance *inst, const char *path, const cJSON *extra, mu_error *err);

#endif
