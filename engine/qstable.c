/* Quota-respecting stability: the count and the model; the definition is in
 * qstable.h.
 *
 * The count needs, for an unplaced or improvable applicant's pair p = (a, c),
 * only the ceiling rows that are full: a vacancy claim is excused by any
 * full row holding p, a swap with intern a' by a full row holding p but not
 * (a', c). So the full rows' pairs are indexed (pair -> full rows), and each
 * candidate intern is tested against them by binary search in the rows'
 * increasing pair lists. Cost: the rows' sizes, plus for each pair an
 * applicant prefers to its placement, its host's interns times the full rows
 * holding it (a few). */
#include "engine/qstable.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/hosts.h"

/* Does quota row r hold pair p? Its pairs are increasing. */
static int row_holds(const mu_problem *pb, int32_t r, int64_t p) {
    int64_t lo = pb->row_off[r], hi = pb->row_off[r + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (pb->row_pair[mid] < p) lo = mid + 1;
        else hi = mid;
    }
    return lo < pb->row_off[r + 1] && pb->row_pair[lo] == p;
}

/* pair -> rows CSR over the rows with keep[r]: off[n+1], row[...]. */
static int index_rows(const mu_problem *pb, const uint8_t *keep, int64_t **off_out, int32_t **row_out, mu_error *err) {
    int64_t n = pb->pairs.n;
    int64_t *off = mu_calloc((size_t)n + 2, sizeof *off, err);
    if (!off) return MU_ENOMEM;
    for (int32_t r = 0; r < pb->n_rows; r++)
        if (keep[r])
            for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) off[pb->row_pair[k] + 2]++;
    for (int64_t p = 0; p < n; p++) off[p + 2] += off[p + 1];
    int32_t *row = mu_alloc((size_t)off[n + 1] + 1, sizeof *row, err);
    if (!row) {
        free(off);
        return MU_ENOMEM;
    }
    for (int32_t r = 0; r < pb->n_rows; r++) /* rows in increasing order within each pair */
        if (keep[r])
            for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) row[off[pb->row_pair[k] + 1]++] = r;
    *off_out = off, *row_out = row;
    return MU_OK;
}

int64_t mu_qstable_blocking(const mu_problem *pb, const mu_prefs *pr, const int64_t *app_pair, int64_t *list,
                            int64_t max, mu_error *err) {
    const mu_instance *inst = pb->inst;
    const mu_hosts *h = &inst->hosts;
    int32_t na = inst->n_app, nc = inst->n_com;
    uint8_t *chosen = mu_calloc((size_t)pb->pairs.n + 1, 1, err);
    uint8_t *full = mu_calloc((size_t)pb->n_rows + 1, 1, err);
    int64_t *load = mu_calloc((size_t)nc + 1, sizeof *load, err);
    int64_t *seats = mu_alloc((size_t)nc + 1, sizeof *seats, err);
    uint8_t *covered = mu_calloc((size_t)nc + 1, 1, err);
    int64_t *held_off = mu_calloc((size_t)nc + 2, sizeof *held_off, err);
    int64_t *held = mu_alloc((size_t)na + 1, sizeof *held, err);
    int64_t *foff = NULL;
    int32_t *frow = NULL;
    int64_t count = -1;
    if (!chosen || !full || !load || !seats || !covered || !held_off || !held) goto done;
    for (int32_t a = 0; a < na; a++)
        if (app_pair[a] >= 0) chosen[app_pair[a]] = 1, load[pb->pairs.com[app_pair[a]]]++;
    for (int32_t r = 0; r < pb->n_rows; r++) {
        if (pb->rows[r].max == INT64_MAX) continue;
        int64_t n = 0;
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) n += chosen[pb->row_pair[k]];
        full[r] = n >= pb->rows[r].max;
    }
    if (index_rows(pb, full, &foff, &frow, err)) goto done;
    int64_t participating = 0;
    for (int32_t c = 0; c < nc; c++) {
        seats[c] = inst->com[c].capacity;
        if (h->given && mu_hosts_covers(inst, c)) {
            covered[c] = 1;
            if (h->max_per_host < seats[c]) seats[c] = h->max_per_host;
            participating += load[c] > 0;
        }
        held_off[c + 1] = held_off[c] + load[c];
    }
    {
        int64_t *fill = mu_alloc((size_t)nc + 1, sizeof *fill, err);
        if (!fill) goto done;
        memcpy(fill, held_off, (size_t)nc * sizeof *fill);
        for (int32_t a = 0; a < na; a++)
            if (app_pair[a] >= 0) held[fill[pb->pairs.com[app_pair[a]]]++] = app_pair[a];
        free(fill);
    }
    count = 0;
    for (int32_t a = 0; a < na; a++) {
        int64_t q = app_pair[a];
        for (int64_t p = pb->pairs.app_off[a]; p < pb->pairs.app_off[a + 1]; p++) {
            if (p == q || (q >= 0 && pr->app_rank[p] >= pr->app_rank[q])) continue;
            int32_t c = pb->pairs.com[p];
            int64_t f0 = foff[p], f1 = foff[p + 1];
            int blocks =
                load[c] < seats[c] && f0 == f1 && (!covered[c] || load[c] > 0 || participating < h->max_participating);
            for (int64_t i = held_off[c]; i < held_off[c + 1] && !blocks; i++) {
                int64_t q2 = held[i];
                if (pr->com_rank[q2] <= pr->com_rank[p]) continue;
                /* a takes the place of a': blocked unless a full row holds p but not (a', c) */
                int excused = 0;
                for (int64_t j = f0; j < f1 && !excused; j++) excused = !row_holds(pb, frow[j], q2);
                blocks = !excused;
            }
            if (!blocks) continue;
            if (list && count < max) list[count] = p;
            count++;
        }
    }
done:
    if (count < 0) mu_err(err, MU_ENOMEM, "out of memory counting quota-respecting blocking pairs");
    free(chosen), free(full), free(load), free(seats), free(covered), free(held_off), free(held), free(foff),
        free(frow);
    return count;
}

void mu_qstable_full_rows(const mu_problem *pb, const mu_qstable_model *md, const int64_t *app_pair, double *f) {
    const mu_instance *inst = pb->inst;
    uint8_t *chosen = calloc((size_t)pb->pairs.n + 1, 1);
    MU_REQUIRE(chosen);
    for (int32_t a = 0; a < inst->n_app; a++)
        if (app_pair[a] >= 0) chosen[app_pair[a]] = 1;
    for (int32_t i = 0; i < md->n_f; i++) {
        int32_t r = md->f_row[i];
        int64_t n = 0;
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) n += chosen[pb->row_pair[k]];
        f[i] = n >= pb->rows[r].max ? 1.0 : 0.0;
    }
    free(chosen);
}

/* Sort key of the pairs below p: their class signature, then position. */
typedef struct classed {
    uint64_t sig;
    int64_t pair;
} classed;
static int cmp_classed(const void *x, const void *y) {
    const classed *a = x, *b = y;
    if (a->sig != b->sig) return a->sig < b->sig ? -1 : 1;
    return (a->pair > b->pair) - (a->pair < b->pair);
}

static const int32_t *sort_rank; /* qsort has no context argument; formulation runs on one thread */
static int cmp_by_rank(const void *x, const void *y) {
    int64_t p = *(const int64_t *)x, q = *(const int64_t *)y;
    if (sort_rank[p] != sort_rank[q]) return sort_rank[p] < sort_rank[q] ? -1 : 1;
    return (p > q) - (p < q);
}

int mu_qstable_formulate(mu_problem *pb, const mu_prefs *pr, int with_indicators, mu_qstable_model *md, mu_error *err) {
    const mu_instance *inst = pb->inst;
    int64_t n = pb->pairs.n;
    memset(md, 0, sizeof *md);
    md->b_first = md->f_first = -1;
    uint8_t *ceiling = mu_calloc((size_t)pb->n_rows + 1, 1, err);
    int64_t *f_col = mu_alloc((size_t)pb->n_rows + 1, sizeof *f_col, err);
    md->f_row = mu_alloc((size_t)pb->n_rows + 1, sizeof *md->f_row, err);
    int64_t *by_rank = mu_alloc((size_t)n + 1, sizeof *by_rank, err);
    int64_t longest = 0;
    for (int32_t a = 0; a < inst->n_app; a++)
        if (pb->pairs.app_off[a + 1] - pb->pairs.app_off[a] > longest)
            longest = pb->pairs.app_off[a + 1] - pb->pairs.app_off[a];
    for (int32_t c = 0; c < inst->n_com; c++)
        if (pr->com_off[c + 1] - pr->com_off[c] > longest) longest = pr->com_off[c + 1] - pr->com_off[c];
    int64_t width = 2 * longest + pb->n_rows + 4;
    for (int32_t r = 0; r < pb->n_rows; r++)
        if (pb->row_off[r + 1] - pb->row_off[r] + 2 > width) width = pb->row_off[r + 1] - pb->row_off[r] + 2;
    int64_t *cols = mu_alloc((size_t)width, sizeof *cols, err);
    double *val = mu_alloc((size_t)width, sizeof *val, err);
    classed *below = mu_alloc((size_t)longest + 1, sizeof *below, err);
    int64_t *roff = NULL;
    int32_t *rrow = NULL;
    int rc = MU_ENOMEM;
    if (!ceiling || !f_col || !md->f_row || !by_rank || !cols || !val || !below) goto done;
    for (int32_t r = 0; r < pb->n_rows; r++)
        ceiling[r] = pb->rows[r].max != INT64_MAX && pb->row_off[r + 1] > pb->row_off[r];
    if ((rc = index_rows(pb, ceiling, &roff, &rrow, err))) goto done;
    rc = MU_ENOMEM;
    /* f_R, and sum_{q in R} x_q - max_R f_R >= 0 */
    for (int32_t r = 0; r < pb->n_rows; r++) {
        f_col[r] = -1;
        if (!ceiling[r]) continue;
        if ((f_col[r] = mu_ext_add_col(pb, 0, 1, 0, 1, err)) < 0) goto done;
        if (md->f_first < 0) md->f_first = f_col[r];
        md->f_row[md->n_f++] = r;
        int64_t m = 0;
        for (int64_t k = pb->row_off[r]; k < pb->row_off[r + 1]; k++) cols[m] = pb->row_pair[k], val[m++] = 1.0;
        cols[m] = f_col[r], val[m++] = -(double)pb->rows[r].max;
        if (mu_ext_add_row(pb, 0, HUGE_VAL, m, cols, val, err)) goto done;
        md->n_rows++;
    }
    memcpy(by_rank, pr->com_pair, (size_t)n * sizeof *by_rank);
    sort_rank = pr->com_rank;
    for (int32_t c = 0; c < inst->n_com; c++)
        qsort(by_rank + pr->com_off[c], (size_t)(pr->com_off[c + 1] - pr->com_off[c]), sizeof *by_rank, cmp_by_rank);
    if (with_indicators) md->b_first = pb->pairs.n + pb->ext.n_cols;
    for (int32_t a = 0; a < inst->n_app; a++) {
        int64_t a0 = pb->pairs.app_off[a], a1 = pb->pairs.app_off[a + 1];
        for (int64_t p = a0; p < a1; p++) {
            int32_t c = pb->pairs.com[p];
            double cap = (double)inst->com[c].capacity;
            int64_t lo = pr->com_off[c], hi = pr->com_off[c + 1];
            int64_t w = lo; /* by_rank[lo .. w): the pairs of c ranked at least as high as a (p among them) */
            while (w < hi && pr->com_rank[by_rank[w]] <= pr->com_rank[p]) w++;
            int64_t b = -1;
            if (with_indicators && (b = mu_ext_add_col(pb, 0, 1, 0, 1, err)) < 0) goto done;
            int64_t r0 = roff[p], r1 = roff[p + 1], m = 0;
            if (r0 == r1) {
                /* No ceiling holds p: the comb row, k = min(cap, |C(p)|) (policy.c). */
                double k = fmin(cap, (double)(w - lo));
                for (int64_t q = a0; q < a1; q++)
                    if (pr->app_rank[q] <= pr->app_rank[p]) cols[m] = q, val[m++] = q == p ? k + 1 : k;
                for (int64_t i = lo; i < w; i++)
                    if (by_rank[i] != p) cols[m] = by_rank[i], val[m++] = 1.0;
                if (b >= 0) cols[m] = b, val[m++] = k;
                if (mu_ext_add_row(pb, k, HUGE_VAL, m, cols, val, err)) goto done;
                md->n_rows++;
                continue;
            }
            /* vacancy: cap sum_A x + load_c + cap sum_{R holds p} f_R + cap b >= cap */
            for (int64_t q = a0; q < a1; q++)
                if (pr->app_rank[q] <= pr->app_rank[p]) cols[m] = q, val[m++] = q == p ? cap + 1 : cap;
            for (int64_t i = lo; i < hi; i++)
                if (by_rank[i] != p) cols[m] = by_rank[i], val[m++] = 1.0;
            for (int64_t j = r0; j < r1; j++) cols[m] = f_col[rrow[j]], val[m++] = cap;
            if (b >= 0) cols[m] = b, val[m++] = cap;
            if (mu_ext_add_row(pb, cap, HUGE_VAL, m, cols, val, err)) goto done;
            md->n_rows++;
            /* swap: the pairs below p by class (the ceiling rows holding p but not them; a bit per row,
             * or each pair its own class past 64 rows) */
            int64_t nb = 0;
            for (int64_t i = w; i < hi; i++) {
                int64_t q = by_rank[i];
                uint64_t sig = 0;
                if (r1 - r0 <= 64) {
                    for (int64_t j = r0; j < r1; j++)
                        if (!row_holds(pb, rrow[j], q)) sig |= 1ull << (j - r0);
                } else {
                    sig = (uint64_t)nb + 1;
                }
                below[nb++] = (classed){sig, q};
            }
            qsort(below, (size_t)nb, sizeof *below, cmp_classed);
            for (int64_t s = 0; s < nb;) {
                int64_t e = s;
                while (e < nb && below[e].sig == below[s].sig) e++;
                double k = fmin(cap, (double)(e - s));
                m = 0;
                for (int64_t i = s; i < e; i++) cols[m] = below[i].pair, val[m++] = 1.0;
                for (int64_t q = a0; q < a1; q++)
                    if (pr->app_rank[q] <= pr->app_rank[p]) cols[m] = q, val[m++] = -k;
                for (int64_t j = r0; j < r1; j++) {
                    int in_e =
                        r1 - r0 <= 64 ? (int)(below[s].sig >> (j - r0) & 1) : !row_holds(pb, rrow[j], below[s].pair);
                    if (in_e) cols[m] = f_col[rrow[j]], val[m++] = -k;
                }
                if (b >= 0) cols[m] = b, val[m++] = -k;
                if (mu_ext_add_row(pb, -HUGE_VAL, 0, m, cols, val, err)) goto done;
                md->n_rows++;
                s = e;
            }
        }
    }
    rc = MU_OK;
done:
    free(ceiling), free(f_col), free(by_rank), free(cols), free(val), free(below), free(roff), free(rrow);
    if (rc) {
        free(md->f_row);
        md->f_row = NULL;
    }
    return rc;
}
