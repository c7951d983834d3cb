/* Shared by the readers (JSON and CSV tables). */
#ifndef MU_READ_INTERNAL_H
#define MU_READ_INTERNAL_H

#include <cjson/cJSON.h>

#include "model/instance.h"

/* Reads `rules`, `weights` and `quotas` from a JSON object into inst, whose
 * applicants, companies (with their attributes) and pairs are already read.
 * Errors name `file` and the field. */
int mu_read_programme_json(const char *file, mu_instance *inst, const cJSON *root, mu_error *err);

/* Expands companies with "tracks" into one position per track ("HOST/TRACK")
 * and the references to them, in the parsed document, before it is read
 * (model/tracks.c). Errors name `file` and the record. */
int mu_tracks_expand(const char *file, cJSON *root, mu_error *err);

/* Repeated strings in O(n log n): first[i] is the index of the first of
 * strs[0..n) equal to strs[i] (i itself when none is earlier; NULL strings
 * equal nothing). Comparing each key with every earlier one made a 1.4 MB
 * object of 100,000 keys take a minute. MU_OK or MU_ENOMEM. */
int mu_first_of(const char *const *strs, size_t n, size_t *first, mu_error *err);
/* The same over an object's member names; NULL (MU_ENOMEM set) on failure;
 * the caller frees. */
size_t *mu_json_key_first(const cJSON *obj, mu_error *err);

/* cJSON_ParseWithLengthOpts that tells an allocation failure (*out_of_memory
 * set, so the caller reports MU_ENOMEM) from malformed text: cJSON itself
 * returns NULL for both. */
cJSON *mu_json_parse(const char *text, size_t size, const char **end, int *out_of_memory);

#endif
