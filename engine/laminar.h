/* Laminar quota sets (engine/laminar.c): when the quota rows nest, side by
 * side, into two trees (an applicant-side one above the applicants, a
 * company-side one above the companies), the program is a min-cost flow on
 * them. */
#ifndef MU_LAMINAR_H
#define MU_LAMINAR_H

#include "engine/problem.h"

/* Set ids: 0..n_rows-1 the quota rows, n_rows + a applicant a's row,
 * n_rows + n_app + c company c's row; a parent of -1 is the side's root (the
 * source on the applicant side, the sink on the company side), -2 a set
 * without pairs. */
typedef struct mu_laminar {
    int laminar;
    int32_t *app_parent, *com_parent, *row_parent; /* the next larger set of the same side */
    uint8_t *row_app_side;                         /* [n_rows] 1: applicant side */
    int32_t *pair_app_leaf;                        /* [pairs] the smallest applicant-side set holding the pair */
    int32_t *pair_com_leaf;                        /* [pairs] the smallest company-side set holding the pair */
} mu_laminar;

/* Sets L->laminar, and the trees when it is 1; otherwise writes into why the
 * first row that breaks it. Returns MU_OK or MU_ENOMEM. */
int mu_laminar_detect(const mu_problem *pb, mu_laminar *L, char *why, size_t why_n, mu_error *err);
void mu_laminar_free(mu_laminar *L);
/* The network (engine/network.c): nodes 0 = S, 1 = T, 2.. applicants, then
 * companies, then quota rows; arcs tail -> head, low <= flow <= cap, at cost
 * (-weight on the pair arcs, from first_pair on, applicant-major, each from
 * the pair's applicant-side leaf to its company-side leaf); supply n + 1 at
 * S, -(n + 1) at T. com_arc and row_arc: each one's arc, -1 none. */
typedef struct mu_net {
    int32_t n_nodes;
    int64_t m, first_pair;
    int32_t *tail, *head;
    int64_t *low, *cap, *cost, *supply;
    int64_t *com_arc, *row_arc;
} mu_net;
int mu_network_build(const mu_problem *pb, const mu_laminar *L, mu_net *net, mu_error *err);
void mu_network_free(mu_net *net);
/* The min-cost flow on the trees (engine/network.c), exact in integers; its
 * reduced costs become the prices of the rows. */
int mu_engine_network(const mu_problem *pb, const mu_laminar *L, const mu_options *opt, mu_result *res, mu_error *err);

#endif
