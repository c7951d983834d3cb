/* An explanation (analysis/explain.h) in words: the sentences of musubi
 * explain, the sheets and the report, and the musubi-explain-1 JSON document.
 * See explain_text.c. */
#ifndef MU_EXPLAIN_TEXT_H
#define MU_EXPLAIN_TEXT_H

#include <stdio.h>

#include "analysis/explain.h"

/* A sentence block is at most this many bytes with its terminating NUL
 * (longer ones are cut there). */
#define MU_EXPLAIN_TEXT_MAX 4096

/* The names the JSON document and the sheets give the reasons
 * ("hosts_full", "no_eligible_applicant", ...). */
const char *mu_explain_reason_name(mu_explain_reason r);
const char *mu_explain_empty_name(mu_explain_empty r);

/* Why applicant u is unplaced; its what-if ("" when it has none); why host h
 * keeps empty seats. Each into out[MU_EXPLAIN_TEXT_MAX]. The first needs
 * scratch memory for an applicant ineligible everywhere: MU_ENOMEM when it
 * cannot have it. */
int mu_explain_applicant_text(const mu_explanation *ex, const mu_explain_applicant *u, char *out, mu_error *err);
void mu_explain_whatif_text(const mu_explanation *ex, const mu_explain_applicant *u, char *out);
void mu_explain_host_text(const mu_explanation *ex, const mu_explain_host *h, char *out);
/* Why placed applicant p is not at each host it ranks higher; why host r does
 * not have each applicant it ranks above its lowest-ranked intern. Each into
 * out[MU_EXPLAIN_TEXT_MAX]. */
void mu_explain_placed_text(const mu_explanation *ex, const mu_explain_placed *p, char *out);
void mu_explain_ranked_text(const mu_explanation *ex, const mu_explain_ranked *r, char *out);
/* The name the JSON document gives a reason of mu_explain_not ("rule", "full", ...). */
const char *mu_explain_not_name(mu_explain_not why);

/* The k-th note on the whole explanation (0-based) into out (n bytes):
 * returns 0 when there is no k-th note. */
int mu_explain_note(const mu_explanation *ex, int k, char *out, size_t n);
/* Why the what-ifs were not (all) computed, into out (n bytes); "" when they were. */
void mu_explain_skip_text(const mu_explanation *ex, char *out, size_t n);

/* The explanation as plain sentences, one block per applicant and host;
 * MU_ENOMEM when out of memory. */
int mu_explain_write_text(FILE *out, const mu_explanation *ex, mu_error *err);
/* The explanation as one musubi-explain-1 JSON document (two-space indents);
 * MU_ENOMEM when it cannot be built. */
int mu_explain_write_json(FILE *out, const mu_explanation *ex, mu_error *err);

#endif
