/* Host budgets in the integer program. For every host j the budget covers
 * that has an eligible pair, a binary y_j, "j takes part", with
 *
 *   x_p <= y_j                                for every pair p of j
 *   max(1, lo) y_j <= sum_{p of j} x_p <= min(cap_j, hi) y_j
 *   min_participating <= sum_j y_j <= max_participating
 *
 * (lo, hi = min_per_host, max_per_host). The lower row makes y_j exactly
 * "j takes at least one intern", so the count is the number of participating
 * hosts, not an upper estimate. The disaggregated rows x_p <= y_j are implied
 * in integers by the upper aggregated row, but they tighten the LP
 * relaxation (with the aggregated row alone y_j = load_j / cap_j is
 * fractional and the budget row barely binds), the standard strong
 * formulation of facility location (Cornuéjols, Nemhauser & Wolsey 1990,
 * "The uncapacitated facility location problem", sec. 3); their cost is one
 * row per pair of a covered host. A covered host without eligible pairs
 * cannot take part and gets no column. */
#include "engine/hosts.h"

#include <math.h>
#include <stdlib.h>

int mu_hosts_covers(const mu_instance *inst, int32_t c) {
    const mu_hosts *h = &inst->hosts;
    return h->given && mu_filter_match(inst, 0, c, h->filter, h->n_filter);
}

int64_t mu_hosts_participating(const mu_instance *inst, const int32_t *app_com) {
    if (!inst->hosts.given) return 0;
    uint8_t *used = calloc((size_t)inst->n_com + 1, 1);
    MU_REQUIRE(used);
    for (int32_t a = 0; a < inst->n_app; a++)
        if (app_com[a] >= 0) used[app_com[a]] = 1;
    int64_t n = 0;
    for (int32_t c = 0; c < inst->n_com; c++) n += used[c] && mu_hosts_covers(inst, c);
    free(used);
    return n;
}

int mu_hosts_formulate(mu_problem *pb, int32_t *n_open, mu_error *err) {
    const mu_instance *inst = pb->inst;
    const mu_hosts *h = &inst->hosts;
    *n_open = 0;
    if (!h->given) return MU_OK;
    const mu_pairs *p = &pb->pairs;
    /* pairs by company: com_off / com_pair */
    int64_t *com_off = mu_calloc((size_t)inst->n_com + 2, sizeof *com_off, err);
    int64_t *com_pair = mu_alloc((size_t)p->n + 1, sizeof *com_pair, err);
    int64_t *cols = mu_alloc((size_t)p->n + (size_t)inst->n_com + 2, sizeof *cols, err);
    double *coef = mu_alloc((size_t)p->n + (size_t)inst->n_com + 2, sizeof *coef, err);
    int64_t *y_col = mu_alloc((size_t)inst->n_com + 1, sizeof *y_col, err);
    int rc = MU_ENOMEM;
    if (!com_off || !com_pair || !cols || !coef || !y_col) goto done;
    for (int64_t k = 0; k < p->n; k++) com_off[p->com[k] + 2]++;
    for (int32_t c = 0; c < inst->n_com; c++) com_off[c + 2] += com_off[c + 1];
    for (int32_t a = 0; a < inst->n_app; a++)
        for (int64_t k = p->app_off[a]; k < p->app_off[a + 1]; k++) com_pair[com_off[p->com[k] + 1]++] = k;
    /* now pairs of company c are com_pair[com_off[c] .. com_off[c+1]) */
    int32_t n_y = 0;
    for (int32_t c = 0; c < inst->n_com; c++) {
        y_col[c] = -1;
        int64_t lo = com_off[c], hi = com_off[c + 1];
        if (lo == hi || !mu_hosts_covers(inst, c)) continue;
        int64_t cap = inst->com[c].capacity < h->max_per_host ? inst->com[c].capacity : h->max_per_host;
        int64_t floor_ = h->min_per_host > 1 ? h->min_per_host : 1;
        double y_hi = floor_ <= cap && floor_ <= hi - lo ? 1.0 : 0.0; /* a floor it cannot meet keeps it out */
        if ((y_col[c] = mu_ext_add_col(pb, 0, y_hi, 0, 1, err)) < 0) goto done;
        n_y++;
        double one = 1, minus = -1;
        for (int64_t k = lo; k < hi; k++) {
            int64_t xy[2] = {com_pair[k], y_col[c]};
            double cf[2] = {one, minus};
            if ((rc = mu_ext_add_row(pb, -HUGE_VAL, 0, 2, xy, cf, err))) goto done;
        }
        int64_t m = 0;
        for (int64_t k = lo; k < hi; k++) cols[m] = com_pair[k], coef[m++] = 1;
        cols[m] = y_col[c];
        coef[m++] = -(double)cap;
        if ((rc = mu_ext_add_row(pb, -HUGE_VAL, 0, m, cols, coef, err))) goto done;
        coef[m - 1] = -(double)floor_;
        if ((rc = mu_ext_add_row(pb, 0, HUGE_VAL, m, cols, coef, err))) goto done;
    }
    if (h->min_participating > 0 || h->max_participating < INT64_MAX) {
        int64_t m = 0;
        for (int32_t c = 0; c < inst->n_com; c++)
            if (y_col[c] >= 0) cols[m] = y_col[c], coef[m++] = 1;
        double lo = h->min_participating > 0 ? (double)h->min_participating : -HUGE_VAL;
        double hi = h->max_participating < INT64_MAX ? (double)h->max_participating : HUGE_VAL;
        /* With no host able to take part a floor still binds: the empty row 0 >= min is infeasible. */
        if (m == 0 && h->min_participating > 0) {
            if ((y_col[0] = mu_ext_add_col(pb, 0, 0, 0, 1, err)) < 0) goto done;
            cols[m] = y_col[0], coef[m++] = 1;
        }
        if ((rc = mu_ext_add_row(pb, lo, hi, m, cols, coef, err))) goto done;
    }
    *n_open = n_y;
    rc = MU_OK;
done:
    free(com_off), free(com_pair), free(cols), free(coef), free(y_col);
    return rc;
}
