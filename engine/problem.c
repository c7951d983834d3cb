/* Formulation: eligible pairs plus the rows the quotas expand into. */
#include "engine/problem.h"

#include <stdlib.h>
#include <string.h>

/* Does entity e (an applicant when app_side) pass every entry of the filter?
 * An entity without the attribute fails a positive entry and passes a
 * negated one ("not in Kanto"). */
static int filter_match(const mu_instance *inst, int app_side, int32_t e, const mu_filter *f, int32_t nf) {
    const mu_attrs *at = app_side ? &inst->app_attrs : &inst->com_attrs;
    const mu_symtab *ids = app_side ? &inst->app_ids : &inst->com_ids;
    int32_t id_key = mu_sym_find(&inst->syms, "id");
    for (int32_t k = 0; k < nf; k++) {
        int hit = 0;
        if (f[k].key == id_key) {
            for (int32_t v = 0; v < f[k].n_vals && !hit; v++)
                hit = strcmp(inst->syms.str[f[k].vals[v]], ids->str[e]) == 0;
        } else {
            for (int64_t x = at->off[e]; x < at->off[e + 1] && !hit; x++)
                if (at->key[x] == f[k].key)
                    for (int32_t v = 0; v < f[k].n_vals && !hit; v++) hit = at->val[x] == f[k].vals[v];
        }
        if (hit == f[k].negate) return 0;
    }
    return 1;
}

int mu_filter_match(const mu_instance *inst, int app_side, int32_t e, const mu_filter *f, int32_t nf) {
    return filter_match(inst, app_side, e, f, nf);
}

/* Row keys within one quota. */
typedef struct rowkey {
    int32_t company, app_group, com_group;
} rowkey;

typedef struct rowmap {
    rowkey *key;
    int32_t *row;
    uint32_t nslot, n;
} rowmap;

static uint32_t hash_key(rowkey k) {
    uint64_t h = (uint64_t)(uint32_t)k.company * 0x9E3779B97F4A7C15ull;
    h ^= (uint64_t)(uint32_t)k.app_group * 0xC2B2AE3D27D4EB4Full + (h >> 29);
    h ^= (uint64_t)(uint32_t)k.com_group * 0x165667B19E3779F9ull + (h >> 31);
    return (uint32_t)(h ^ (h >> 32));
}

typedef struct builder {
    mu_problem *pb;
    mu_error *err;
    int32_t cap_rows;
    rowmap map;
    /* (row, pair) memberships collected before sorting into rows */
    int64_t n_memb, cap_memb;
    int32_t *memb_row;
    int64_t *memb_pair;
} builder;

static int map_reset(builder *b, uint32_t nslot) {
    free(b->map.key);
    free(b->map.row);
    b->map.key = mu_alloc(nslot, sizeof *b->map.key, b->err);
    b->map.row = mu_alloc(nslot, sizeof *b->map.row, b->err);
    if (!b->map.key || !b->map.row) return MU_ENOMEM;
    memset(b->map.row, 0xff, nslot * sizeof *b->map.row);
    b->map.nslot = nslot;
    b->map.n = 0;
    return MU_OK;
}

/* Returns the row of key k in quota q, creating it; -1 on out of memory. */
static int32_t row_of(builder *b, int32_t q, rowkey k) {
    if ((b->map.n + 1) * 2 > b->map.nslot) { /* grow: rehash */
        rowmap old = b->map;
        b->map.key = NULL;
        b->map.row = NULL;
        if (map_reset(b, old.nslot * 2)) {
            free(old.key), free(old.row);
            return -1;
        }
        for (uint32_t s = 0; s < old.nslot; s++)
            if (old.row[s] >= 0) {
                uint32_t i = hash_key(old.key[s]) & (b->map.nslot - 1);
                while (b->map.row[i] >= 0) i = (i + 1) & (b->map.nslot - 1);
                b->map.key[i] = old.key[s];
                b->map.row[i] = old.row[s];
            }
        b->map.n = old.n;
        free(old.key), free(old.row);
    }
    uint32_t i = hash_key(k) & (b->map.nslot - 1);
    for (; b->map.row[i] >= 0; i = (i + 1) & (b->map.nslot - 1))
        if (memcmp(&b->map.key[i], &k, sizeof k) == 0) return b->map.row[i];
    mu_problem *pb = b->pb;
    if (pb->n_rows == b->cap_rows) {
        int32_t cap = b->cap_rows ? b->cap_rows * 2 : 64;
        mu_qrow *nr = mu_realloc_array(pb->rows, (size_t)cap, sizeof *nr, b->err);
        if (!nr) return -1;
        pb->rows = nr;
        b->cap_rows = cap;
    }
    const mu_quota *qu = &pb->inst->quotas[q];
    pb->rows[pb->n_rows] = (mu_qrow){q, k.company, k.app_group, k.com_group, qu->min, qu->max};
    b->map.key[i] = k;
    b->map.row[i] = pb->n_rows;
    b->map.n++;
    return pb->n_rows++;
}

static int add_member(builder *b, int32_t row, int64_t pair) {
    if (b->n_memb == b->cap_memb) {
        int64_t cap = b->cap_memb ? b->cap_memb * 2 : 1024;
        int32_t *nr = mu_realloc_array(b->memb_row, (size_t)cap, sizeof *nr, b->err);
        if (!nr) return MU_ENOMEM;
        b->memb_row = nr;
        int64_t *np = mu_realloc_array(b->memb_pair, (size_t)cap, sizeof *np, b->err);
        if (!np) return MU_ENOMEM;
        b->memb_pair = np;
        b->cap_memb = cap;
    }
    b->memb_row[b->n_memb] = row;
    b->memb_pair[b->n_memb++] = pair;
    return MU_OK;
}

/* The values of attribute `key` of entity e (all of them: attributes may be
 * arrays); {-1} when key < 0 (no grouping). */
static int32_t group_values(const mu_attrs *at, int32_t e, int32_t key, int32_t *out, int32_t max) {
    if (key < 0) {
        out[0] = -1;
        return 1;
    }
    int32_t n = 0;
    for (int64_t x = at->off[e]; x < at->off[e + 1] && n < max; x++)
        if (at->key[x] == key) out[n++] = at->val[x];
    return n;
}

#define MAX_GROUP_VALUES 64

static int expand_quota(builder *b, int32_t q, uint8_t *app_ok, uint8_t *com_ok) {
    mu_problem *pb = b->pb;
    const mu_instance *inst = pb->inst;
    const mu_quota *qu = &inst->quotas[q];
    for (int32_t a = 0; a < inst->n_app; a++)
        app_ok[a] = (uint8_t)filter_match(inst, 1, a, qu->app_filter, qu->n_app_filter);
    for (int32_t c = 0; c < inst->n_com; c++)
        com_ok[c] = (uint8_t)filter_match(inst, 0, c, qu->com_filter, qu->n_com_filter);
    if (map_reset(b, 1024)) return MU_ENOMEM;
    int32_t ga[MAX_GROUP_VALUES], gc[MAX_GROUP_VALUES];
    /* A row with a floor exists even when no pair falls in it (then the
     * instance is infeasible): enumerate the groups from the entities. */
    if (qu->min > 0) {
        int32_t *avals = NULL, n_avals = 0;
        if (qu->group_by >= 0) {
            avals = mu_alloc((size_t)inst->syms.n + 1, sizeof *avals, b->err);
            uint8_t *seen = mu_calloc((size_t)inst->syms.n + 1, 1, b->err);
            if (!avals || !seen) {
                free(avals), free(seen);
                return MU_ENOMEM;
            }
            for (int32_t a = 0; a < inst->n_app; a++) {
                if (!app_ok[a]) continue;
                int32_t ng = group_values(&inst->app_attrs, a, qu->group_by, ga, MAX_GROUP_VALUES);
                for (int32_t g = 0; g < ng; g++)
                    if (!seen[ga[g]]) seen[ga[g]] = 1, avals[n_avals++] = ga[g];
            }
            free(seen);
        } else {
            avals = mu_alloc(1, sizeof *avals, b->err);
            if (!avals) return MU_ENOMEM;
            avals[n_avals++] = -1;
        }
        if (qu->per_company) {
            for (int32_t c = 0; c < inst->n_com; c++) {
                if (!com_ok[c]) continue;
                int32_t ncg = group_values(&inst->com_attrs, c, qu->group_by_company, gc, MAX_GROUP_VALUES);
                for (int32_t i = 0; i < n_avals; i++)
                    for (int32_t j = 0; j < ncg; j++)
                        if (row_of(b, q, (rowkey){c, avals[i], gc[j]}) < 0) return free(avals), MU_ENOMEM;
            }
        } else {
            for (int32_t c = 0; c < inst->n_com; c++) {
                if (!com_ok[c]) continue;
                int32_t ncg = group_values(&inst->com_attrs, c, qu->group_by_company, gc, MAX_GROUP_VALUES);
                for (int32_t i = 0; i < n_avals; i++)
                    for (int32_t j = 0; j < ncg; j++)
                        if (row_of(b, q, (rowkey){-1, avals[i], gc[j]}) < 0) return free(avals), MU_ENOMEM;
            }
            /* With neither companies nor groups to enumerate, the single row still exists. */
            if (qu->group_by < 0 && qu->group_by_company < 0 && row_of(b, q, (rowkey){-1, -1, -1}) < 0)
                return free(avals), MU_ENOMEM;
        }
        free(avals);
    }
    const mu_pairs *p = &pb->pairs;
    for (int32_t a = 0; a < inst->n_app; a++) {
        if (!app_ok[a]) continue;
        int32_t nga = group_values(&inst->app_attrs, a, qu->group_by, ga, MAX_GROUP_VALUES);
        for (int64_t k = p->app_off[a]; k < p->app_off[a + 1]; k++) {
            int32_t c = p->com[k];
            if (!com_ok[c]) continue;
            int32_t ngc = group_values(&inst->com_attrs, c, qu->group_by_company, gc, MAX_GROUP_VALUES);
            for (int32_t i = 0; i < nga; i++)
                for (int32_t j = 0; j < ngc; j++) {
                    int32_t row = row_of(b, q, (rowkey){qu->per_company ? c : -1, ga[i], gc[j]});
                    if (row < 0 || add_member(b, row, k)) return MU_ENOMEM;
                }
        }
    }
    return MU_OK;
}

/* Rows in a canonical order: by quota, then company, then group values. */
static const mu_qrow *sort_rows_base;
static int cmp_row(const void *x, const void *y) {
    const mu_qrow *a = &sort_rows_base[*(const int32_t *)x], *b = &sort_rows_base[*(const int32_t *)y];
    if (a->quota != b->quota) return a->quota < b->quota ? -1 : 1;
    if (a->company != b->company) return a->company < b->company ? -1 : 1;
    if (a->app_group != b->app_group) return a->app_group < b->app_group ? -1 : 1;
    if (a->com_group != b->com_group) return a->com_group < b->com_group ? -1 : 1;
    return 0;
}

int mu_problem_build(const mu_instance *inst, mu_problem *pb, mu_error *err) {
    memset(pb, 0, sizeof *pb);
    pb->inst = inst;
    for (int32_t c = 0; c < inst->n_com; c++) pb->seats += inst->com[c].capacity;
    int rc = mu_pairs_build(inst, &pb->pairs, err);
    if (rc) return rc;
    builder b = {.pb = pb, .err = err};
    uint8_t *app_ok = mu_alloc((size_t)inst->n_app + 1, 1, err);
    uint8_t *com_ok = mu_alloc((size_t)inst->n_com + 1, 1, err);
    int32_t *order = NULL, *rank = NULL;
    rc = !app_ok || !com_ok ? MU_ENOMEM : MU_OK;
    for (int32_t q = 0; q < inst->n_quotas && !rc; q++) rc = expand_quota(&b, q, app_ok, com_ok);
    if (rc) goto done;
    /* Canonical row order, then memberships bucketed by row (pairs stay increasing). */
    order = mu_alloc((size_t)pb->n_rows + 1, sizeof *order, err);
    rank = mu_alloc((size_t)pb->n_rows + 1, sizeof *rank, err);
    pb->row_off = mu_calloc((size_t)pb->n_rows + 1, sizeof *pb->row_off, err);
    pb->row_pair = mu_alloc((size_t)b.n_memb + 1, sizeof *pb->row_pair, err);
    mu_qrow *sorted = mu_alloc((size_t)pb->n_rows + 1, sizeof *sorted, err);
    if (!order || !rank || !pb->row_off || !pb->row_pair || !sorted) {
        free(sorted);
        rc = MU_ENOMEM;
        goto done;
    }
    for (int32_t r = 0; r < pb->n_rows; r++) order[r] = r;
    sort_rows_base = pb->rows;
    qsort(order, (size_t)pb->n_rows, sizeof *order, cmp_row);
    for (int32_t r = 0; r < pb->n_rows; r++) rank[order[r]] = r, sorted[r] = pb->rows[order[r]];
    free(pb->rows);
    pb->rows = sorted;
    for (int64_t k = 0; k < b.n_memb; k++) pb->row_off[rank[b.memb_row[k]] + 1]++;
    for (int32_t r = 0; r < pb->n_rows; r++) pb->row_off[r + 1] += pb->row_off[r];
    int64_t *fill = mu_alloc((size_t)pb->n_rows + 1, sizeof *fill, err);
    if (!fill) {
        rc = MU_ENOMEM;
        goto done;
    }
    memcpy(fill, pb->row_off, (size_t)pb->n_rows * sizeof *fill);
    /* memberships were added per quota in increasing pair order, so each row's pairs stay increasing */
    for (int64_t k = 0; k < b.n_memb; k++) pb->row_pair[fill[rank[b.memb_row[k]]]++] = b.memb_pair[k];
    free(fill);
done:
    free(app_ok), free(com_ok), free(order), free(rank);
    free(b.map.key), free(b.map.row), free(b.memb_row), free(b.memb_pair);
    if (rc) mu_problem_free(pb);
    return rc;
}

int64_t mu_ext_add_col(mu_problem *pb, double lo, double hi, double obj, int integer, mu_error *err) {
    mu_ext *x = &pb->ext;
    if (x->n_cols == x->cap_cols) {
        int32_t cap = x->cap_cols ? x->cap_cols * 2 : 16;
        double *a = mu_realloc_array(x->col_lo, (size_t)cap, sizeof *a, err);
        if (!a) return -1;
        x->col_lo = a;
        if (!(a = mu_realloc_array(x->col_hi, (size_t)cap, sizeof *a, err))) return -1;
        x->col_hi = a;
        if (!(a = mu_realloc_array(x->col_obj, (size_t)cap, sizeof *a, err))) return -1;
        x->col_obj = a;
        uint8_t *b = mu_realloc_array(x->col_int, (size_t)cap, sizeof *b, err);
        if (!b) return -1;
        x->col_int = b;
        x->cap_cols = cap;
    }
    x->col_lo[x->n_cols] = lo;
    x->col_hi[x->n_cols] = hi;
    x->col_obj[x->n_cols] = obj;
    x->col_int[x->n_cols] = (uint8_t)(integer != 0);
    return pb->pairs.n + x->n_cols++;
}

int mu_ext_add_row(mu_problem *pb, double lo, double hi, int64_t n, const int64_t *cols, const double *coef,
                   mu_error *err) {
    mu_ext *x = &pb->ext;
    if (!x->row_off && !(x->row_off = mu_calloc(1, sizeof *x->row_off, err))) return MU_ENOMEM;
    if (x->n_rows == x->cap_rows) {
        int32_t cap = x->cap_rows ? x->cap_rows * 2 : 16;
        double *a = mu_realloc_array(x->row_lo, (size_t)cap, sizeof *a, err);
        if (!a) return MU_ENOMEM;
        x->row_lo = a;
        if (!(a = mu_realloc_array(x->row_hi, (size_t)cap, sizeof *a, err))) return MU_ENOMEM;
        x->row_hi = a;
        int64_t *o = mu_realloc_array(x->row_off, (size_t)cap + 1, sizeof *o, err);
        if (!o) return MU_ENOMEM;
        x->row_off = o;
        x->cap_rows = cap;
    }
    while (x->n_nz + n > x->cap_nz) {
        int64_t cap = x->cap_nz ? x->cap_nz * 2 : 1024;
        int64_t *c = mu_realloc_array(x->nz_col, (size_t)cap, sizeof *c, err);
        if (!c) return MU_ENOMEM;
        x->nz_col = c;
        double *v = mu_realloc_array(x->nz_coef, (size_t)cap, sizeof *v, err);
        if (!v) return MU_ENOMEM;
        x->nz_coef = v;
        x->cap_nz = cap;
    }
    for (int64_t k = 0; k < n; k++) {
        MU_REQUIRE(cols[k] >= 0 && cols[k] < pb->pairs.n + x->n_cols);
        x->nz_col[x->n_nz + k] = cols[k];
        x->nz_coef[x->n_nz + k] = coef[k];
    }
    x->n_nz += n;
    x->row_lo[x->n_rows] = lo;
    x->row_hi[x->n_rows] = hi;
    x->row_off[++x->n_rows] = x->n_nz;
    return MU_OK;
}

void mu_problem_free(mu_problem *pb) {
    mu_ext *x = &pb->ext;
    free(x->col_lo), free(x->col_hi), free(x->col_obj), free(x->col_int);
    free(x->row_lo), free(x->row_hi), free(x->row_off), free(x->nz_col), free(x->nz_coef), free(x->pair_obj);
    mu_pairs_free(&pb->pairs);
    free(pb->rows);
    free(pb->row_off);
    free(pb->row_pair);
    memset(pb, 0, sizeof *pb);
}

void mu_qrow_label(const mu_problem *pb, int32_t r, char *buf, size_t n) {
    const mu_instance *inst = pb->inst;
    const mu_qrow *row = &pb->rows[r];
    const mu_quota *q = &inst->quotas[row->quota];
    int len = snprintf(buf, n, "%s", q->name);
    const char *sep = "[";
    if (row->company >= 0 && len < (int)n) {
        len += snprintf(buf + len, n - (size_t)len, "%scompany=%s", sep, inst->com_ids.str[row->company]);
        sep = ", ";
    }
    if (row->app_group >= 0 && len < (int)n) {
        len += snprintf(buf + len, n - (size_t)len, "%s%s=%s", sep, inst->syms.str[q->group_by],
                        inst->syms.str[row->app_group]);
        sep = ", ";
    }
    if (row->com_group >= 0 && len < (int)n) {
        len += snprintf(buf + len, n - (size_t)len, "%s%s=%s", sep, inst->syms.str[q->group_by_company],
                        inst->syms.str[row->com_group]);
        sep = ", ";
    }
    if (sep[0] == ',' && len < (int)n) snprintf(buf + len, n - (size_t)len, "]");
}
