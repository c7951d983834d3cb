/* Lint: the mistakes that leave an instance valid but wrong.
 *
 * A planner who types `Vn` for `VN` in a quota filter, names a column `Age`
 * instead of `age`, or writes `not kanto` for `not Kanto` gets tables that
 * read without an error and solve to something other than what was meant: a
 * cap that counts nobody, a floor over every host, a rule that excludes
 * every applicant. mu_lint looks for what matches nothing and for what
 * nearly matches something, and says where, as the readers do:
 *
 *   DIR/quotas.csv: row 1: applicants.nationality: value "Vn" matches no
 *   applicant's nationality, so the quota counts no applicant; did you mean "VN"?
 *
 * What it reports (instances/FORMAT.md, "Lint"):
 *   - attribute names (CSV columns, JSON keys) that are read as free
 *     attributes but nearly spell a field musubi reads (`Age`, `nationalty`),
 *     and attribute names that differ only in letter case from one another;
 *   - ids of one side that differ only in letter case or width (surrounding
 *     spaces in an id are an input error of the readers, see
 *     mu_lint_outer_space);
 *   - values of the attributes that matter (nationality, field, and every
 *     attribute a quota or the host budget filters or groups by) that differ
 *     from another value only in letter case, width or surrounding spaces;
 *   - quota and host-budget filter values and rules.nationalities entries
 *     that match no record, and target markets and required fields that
 *     nearly spell a value that exists;
 *   - rules that need a field no applicant has (rules.age without ages);
 *   - quota rows with a floor that no eligible pair counts toward, or that
 *     cannot be met even alone (more than the row's eligible applicants or
 *     seats), and host budgets that cannot be met.
 *
 * Near misses: two texts are compared in a folded form (outer spaces
 * dropped, full-width ASCII narrowed, letters lower-cased; for names also
 * ' ', '-' and '_' made one), then by the optimal-string-alignment edit
 * distance (Damerau 1964; Levenshtein 1966, adjacent transpositions counting
 * one), allowed 0 edits up to 2 bytes, 1 up to 5, 2 up to 9, else 3. Among
 * candidates the nearest wins, then the one more records hold, then the one
 * read first: the suggestions are deterministic.
 *
 * Cost: O(attributes + pairs x quotas with a floor), plus a sort of each
 * side's ids; the eligible pairs are built only when a floor or a host
 * budget asks for them.
 *
 * Ownership: mu_lint_run fills a mu_lint the caller frees with mu_lint_free;
 * the instance is read only. */
#ifndef MU_LINT_H
#define MU_LINT_H

#include "model/instance.h"

/* Findings kept; past this many, one more line says how many were left out. */
#define MU_LINT_MAX 200

typedef struct mu_lint {
    char **msg; /* one finding a line, "FILE: RECORD: FIELD: what; did you mean ...?", no newline */
    int32_t n, cap;
    int64_t more; /* findings past MU_LINT_MAX, counted only */
} mu_lint;

/* Lints the instance as read (by mu_read_json or mu_read_tables). MU_OK or
 * MU_ENOMEM; the findings are in out (zeroed first), in a fixed order. */
int mu_lint_run(const mu_instance *inst, mu_lint *out, mu_error *err);
void mu_lint_free(mu_lint *l);
/* Hands the findings over (l is left empty): the array and its strings are
 * the caller's to free. */
char **mu_lint_take(mu_lint *l, int32_t *n);

/* For the readers. Whether s starts or ends with a space (ASCII white
 * space, U+00A0, U+200B, U+3000, U+FEFF): the phrase "starts with a space",
 * "ends with a space", "starts and ends with a space" or "is only spaces",
 * else NULL. */
const char *mu_lint_outer_space(const char *s);
/* The attribute name of one side nearest to `name` (a filter or group_by
 * naming an attribute no record has) as "; did you mean \"X\"?" in buf, or
 * "" when none is near. */
void mu_lint_key_hint(const mu_instance *inst, int app_side, const char *name, char *buf, size_t n);
/* The id of one side nearest to `id` (one that matches no record) as
 * "; did you mean \"X\"?" in buf, or "" when none is near. */
void mu_lint_id_hint(const mu_instance *inst, int app_side, const char *id, char *buf, size_t n);

#endif
