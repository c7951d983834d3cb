/* Stability that respects the programme's quotas: the count, and the
 * constraints that keep it at zero (or count it) in the integer program.
 *
 * Definition (README "Policies"; preferences weak, from engine/prefs.h). An
 * eligible pair p = (a, c) outside the assignment blocks it, quota-respecting,
 * when a strictly prefers c to its placement (or is unplaced) and c could take
 * a on top of the assignment as it stands, within every ceiling:
 *   vacancy  c has a free seat (for a host budget covering c: fewer interns
 *            than min(capacity, max_per_host), and, when c has none yet, fewer
 *            than max_participating hosts taking part), and every quota row
 *            with a maximum that holds p has room (count < max); or
 *   swap     c strictly prefers a to one of its interns a', and every quota
 *            row with a maximum that holds p but not (a', c) has room.
 * Floors are never a reason to block. a's own placement still counts: a
 * vacancy claim is judged as one more placement and a swap as a taking the
 * place of a'. With a's leaving credited too ("strong stability") a matching
 * without blocking pairs need not exist, even under a national budget alone
 * (hosts h1, h2 with a seat each, budget 1, a1: h1 > h2, a2: h2 > h1, h1: a2 >
 * a1, h2: a1 > a2 — every assignment is blocked; Kamada & Kojima 2017,
 * "Stability concepts in matching under distributional constraints", JET 168),
 * nor under one nationality cap; tests/test_cda.c enumerates both. Without
 * quota rows and host budgets the definition is the quota-blind one
 * (mu_prefs_blocking). */
#ifndef MU_QSTABLE_H
#define MU_QSTABLE_H

#include "engine/prefs.h"

/* The quota-respecting blocking pairs of an assignment (app_pair from
 * mu_prefs_placements): their number, -1 on out of memory; the first `max`
 * of them, in pair order, go to list when it is not NULL. */
int64_t mu_qstable_blocking(const mu_problem *pb, const mu_prefs *pr, const int64_t *app_pair, int64_t *list,
                            int64_t max, mu_error *err);

/* The stability model of the definition above, added to pb->ext (policy.c's
 * stable-optimal and almost-stable on instances with quota rows; host budgets
 * are not modelled — the policy engines refuse them). Per quota row with a
 * maximum and pairs, a binary "full" column f_R with sum_{q in R} x_q >=
 * max_R f_R; per pair p = (a, c) with ceiling rows, with A(p) the pairs a
 * ranks at least as high as c:
 *   cap_c sum_A(p) x + sum_{q of c} x_q + cap_c sum_{R holds p} f_R + cap_c b_p >= cap_c      (vacancy)
 * and for each class K of the pairs (a', c) that c ranks strictly below a,
 * classed by the set E of ceiling rows holding p but not (a', c):
 *   sum_K x <= min(cap_c, |K|) (sum_A(p) x + sum_{R in E} f_R + b_p)                      (swap)
 * A pair with no ceiling row keeps the comb row of policy.c (the two coincide
 * there). b_p is the blocking indicator column when with_indicators, else
 * absent (0). Writes the first column of the b's (-1 without) and of the f's
 * and their number. Returns MU_OK or MU_ENOMEM. */
typedef struct mu_qstable_model {
    int64_t b_first; /* column of b_0 (pairs in order), -1 none */
    int64_t f_first; /* column of the first f, -1 none */
    int32_t n_f;
    int32_t *f_row; /* [n_f] the quota row of each f column; owned (free) */
    int64_t n_rows; /* stability rows added */
} mu_qstable_model;
int mu_qstable_formulate(mu_problem *pb, const mu_prefs *pr, int with_indicators, mu_qstable_model *md, mu_error *err);

/* The values of the f columns that make an assignment a feasible point: 1
 * exactly on the ceiling rows it fills. f[n_f]. */
void mu_qstable_full_rows(const mu_problem *pb, const mu_qstable_model *md, const int64_t *app_pair, double *f);

#endif
