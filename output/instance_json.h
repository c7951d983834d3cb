/* Writing an instance as musubi-instance-1 JSON (output/instance_json.c). */
#ifndef MU_WRITE_JSON_H
#define MU_WRITE_JSON_H

#include <cjson/cJSON.h>

#include "model/instance.h"

/* Writes inst to path atomically. extra (may be NULL) supplies the keys the
 * instance does not keep: "description", "provenance" and "rounds" (the
 * rematch history) are copied from it. */
int mu_instance_write_json(const mu_instance *inst, const char *path, const cJSON *extra, mu_error *err);

/* What a rematch round changes beyond capacities (which it sets on the
 * instance itself): applicants and hosts marked withdrawn (NULL: none). */
typedef struct mu_amend {
    const uint8_t *app_withdrawn, *com_withdrawn;
} mu_amend;
/* The same document to an open stream, with the amendments (am may be NULL). */
void mu_instance_write_json_to(FILE *o, const mu_instance *inst, const cJSON *extra, const mu_amend *am);

#endif
