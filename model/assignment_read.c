/* Reads an assignment made elsewhere (musubi evaluate): a CSV table with
 * the columns `applicant` and `company` (any others, such as a weight or a
 * name, are ignored), one placement a row, as a spreadsheet saves it
 * (model/csv_table.c: BOM, `;` or `,`, quoting). An empty company cell leaves
 * the applicant unplaced. Unknown ids and an applicant listed twice are input
 * errors naming the file, the row and the column; whether a pair is eligible,
 * within capacity and quotas is the checker's question, not the reader's. */
#include <stdlib.h>
#include <string.h>

#include "model/csv_table.h"
#include "model/solution_read.h"

typedef struct asg_reader {
    const mu_instance *inst;
    int32_t *app_com;
    int32_t *app_row; /* the row that placed each applicant, for "listed twice" */
    int32_t col_app, col_com;
} asg_reader;

static int asg_header(mu_table *t) {
    asg_reader *r = t->owner;
    r->col_app = r->col_com = -1;
    for (int32_t k = 0; k < t->ncol; k++) {
        if (strcmp(t->name[k], "applicant") == 0) r->col_app = k;
        else if (strcmp(t->name[k], "company") == 0) r->col_com = k;
    }
    if (r->col_app < 0 || r->col_com < 0)
        return mu_table_bad(t, -1, "expected the columns applicant and company (found %s%s)",
                            r->col_app < 0 ? "no applicant" : "applicant",
                            r->col_com < 0 ? ", no company" : ", company");
    return MU_OK;
}

static int asg_row(mu_table *t) {
    asg_reader *r = t->owner;
    const mu_instance *inst = r->inst;
    char got[64];
    const char *a_id = t->cell[r->col_app], *c_id = t->cell[r->col_com];
    if (!a_id[0]) return mu_table_bad(t, r->col_app, "missing");
    int32_t a = mu_sym_find(&inst->app_ids, a_id);
    if (a < 0)
        return mu_table_bad(t, r->col_app, "no applicant %s in %s", mu_table_got(a_id, got, sizeof got), inst->path);
    if (r->app_row[a] > 0)
        return mu_table_bad(t, r->col_app, "applicant %s is listed twice (first in row %d)",
                            mu_table_got(a_id, got, sizeof got), r->app_row[a]);
    r->app_row[a] = (int32_t)t->row;
    if (!c_id[0]) return MU_OK; /* listed, unplaced */
    int32_t c = mu_sym_find(&inst->com_ids, c_id);
    if (c < 0)
        return mu_table_bad(t, r->col_com, "no company %s in %s", mu_table_got(c_id, got, sizeof got), inst->path);
    r->app_com[a] = c;
    return MU_OK;
}

int mu_assignment_read_csv(const mu_instance *inst, const char *path, int32_t *app_com, mu_error *err) {
    MU_REQUIRE(inst && path && app_com);
    for (int32_t a = 0; a < inst->n_app; a++) app_com[a] = -1;
    asg_reader r = {inst, app_com, NULL, -1, -1};
    if (!(r.app_row = mu_calloc((size_t)inst->n_app + 1, sizeof *r.app_row, err))) return MU_ENOMEM;
    mu_table t;
    mu_table_init(&t, path, err, &r, asg_header, asg_row);
    t.missing = "the assignment to evaluate";
    int rc = mu_table_read(&t);
    mu_table_free(&t);
    free(r.app_row);
    return rc;
}
