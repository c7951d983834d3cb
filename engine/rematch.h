/* Re-matching after withdrawals and capacity changes (musubi rematch). */
#ifndef MU_REMATCH_H
#define MU_REMATCH_H

#include "model/solution.h"

/* One applicant whose host changed. from/to are company indices, -1 none. */
typedef struct mu_move {
    int32_t applicant, from, to;
    const char *reason; /* a code, see mu_rematch; static text */
    int rule;           /* for "pair_no_longer_eligible": the first rule bit that excludes it; else -1 */
} mu_move;

typedef struct mu_rematch_result {
    mu_solution *sol;      /* the new assignment; NULL when the solve failed */
    int64_t previous;      /* placements in the previous solution */
    int64_t placeable;     /* previous pairs whose applicant and host did not withdraw */
    int64_t kept;          /* previous pairs kept: the first criterion, maximised */
    mu_status keep_status; /* the status of the first stage (optimal: kept is the maximum) */
    mu_move *moves;
    int32_t n_moves;
} mu_rematch_result;

/* Re-solves inst after withdrawals, keeping as many previous pairs as
 * possible, then maximising weight (a lexicographic objective as two exact
 * GLPK solves: stage 1 maximises the number of previous pairs kept, K; stage 2
 * keeps at least K of them by a row and maximises total weight).
 *
 * prev[a] is applicant a's previous company or -1. app_gone / com_gone mark
 * withdrawals (NULL: none). Capacity changes are made by the caller on inst
 * before the call; a withdrawn host's capacity is set to 0 here, so inst
 * afterwards is the instance the new solution answers (check it against
 * that). A withdrawn applicant is kept out by a row.
 *
 * Reasons for moves: "applicant_withdrew", "host_withdrew",
 * "pair_no_longer_eligible" (rule in .rule), "required" (no assignment that
 * keeps this pair keeps K previous pairs: a third solve with the pair fixed),
 * "weight" (one that keeps K pairs could keep it too; the heavier assignment
 * moves it), "newly_placed" (unplaced before). */
int mu_rematch(mu_instance *inst, const int32_t *prev, const uint8_t *app_gone, const uint8_t *com_gone,
               const mu_options *opt, mu_rematch_result *out, mu_error *err);
void mu_rematch_result_free(mu_rematch_result *r);

#endif
