/* Reads a musubi-solution-1 file back into a mu_solution, for the commands
 * that look at a solution after the fact (explain, report, export-sheets).
 * It takes the assignment by ids and recomputes each pair's weight from the
 * instance; a pair that is not eligible, an unknown id or an applicant placed
 * twice is an input error (`musubi check` says more). Status, engine, bound,
 * gap and seconds are carried as the file states them. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/solution.h"
#include "base/io.h"
#include "model/read_internal.h"
#include "model/solution_read.h"

static const char *text_of(const cJSON *root, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

int mu_solution_read(const mu_instance *inst, const char *path, mu_solution **out, mu_error *err) {
    MU_REQUIRE(inst && path && out);
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = mu_read_file(path, (size_t)1 << 30, &text, &len, err);
    if (rc) return rc;
    /* The instance reader's checks and messages: line and column of
     * malformed JSON, strict UTF-8. */
    cJSON *root = NULL;
    rc = mu_json_load(&(mu_rd){path, err}, text, len, &root);
    free(text);
    if (rc) return rc;
    mu_pairs pairs = {0};
    mu_solution *s = NULL;
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    const cJSON *asg = cJSON_GetObjectItemCaseSensitive(root, "assignment");
    if (!cJSON_IsObject(root)) {
        rc = mu_err(err, MU_EINPUT, "%s: not a musubi-solution-1 file: expected a JSON object", path);
        goto done;
    }
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "musubi-solution-1") != 0) {
        rc = mu_err(err, MU_EINPUT, "%s: format: expected \"musubi-solution-1\"%s", path,
                    fmt ? "" : " (missing): not a musubi solution file");
        goto done;
    }
    if (!cJSON_IsArray(asg)) {
        rc = mu_err(err, MU_EINPUT, "%s: assignment: %s", path, asg ? "expected an array" : "missing");
        goto done;
    }
    if ((rc = mu_pairs_build(inst, &pairs, err))) goto done;
    if (!(s = mu_solution_new(inst->n_app, inst->n_com, err))) {
        rc = MU_ENOMEM;
        goto done;
    }
    static const char *const STATUS[] = {"optimal", "feasible", "infeasible", "time_limit", "interrupted"};
    const char *st = text_of(root, "status");
    size_t k = 0;
    while (k < MU_ARRAY_LEN(STATUS) && strcmp(st, STATUS[k]) != 0) k++;
    if (k == MU_ARRAY_LEN(STATUS)) {
        rc = *st ? mu_err(err, MU_EINPUT, "%s: status: unknown status \"%.40s\"", path, st)
                 : mu_err(err, MU_EINPUT, "%s: status: missing", path);
        goto done;
    }
    s->status = (mu_status)k;
    s->has_assignment = s->status == MU_STATUS_OPTIMAL || s->status == MU_STATUS_FEASIBLE ||
                        (s->status == MU_STATUS_INTERRUPTED && cJSON_GetArraySize(asg) > 0);
    snprintf(s->engine, sizeof s->engine, "%s", text_of(root, "engine"));
    if (*text_of(root, "engine_reason") && mu_solution_note(s, err, "%s", text_of(root, "engine_reason"))) {
        rc = MU_ENOMEM;
        goto done;
    }
    snprintf(s->criterion, sizeof s->criterion, "%s",
             *text_of(root, "criterion") ? text_of(root, "criterion") : "weight");
    const cJSON *v;
    if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(root, "bound")))
        s->has_bound = 1, s->bound = v->valuedouble;
    if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(root, "gap"))) s->gap = v->valuedouble;
    if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(root, "seconds"))) s->seconds = v->valuedouble;
    if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(root, "criterion_value")))
        s->criterion_value = v->valuedouble;
    s->eligible_pairs = pairs.n;
    int i = 0;
    for (const cJSON *e = asg->child; e; e = e->next, i++) {
        const cJSON *ja = cJSON_GetObjectItemCaseSensitive(e, "applicant"),
                    *jc = cJSON_GetObjectItemCaseSensitive(e, "company");
        int32_t a = cJSON_IsString(ja) ? mu_sym_find(&inst->app_ids, ja->valuestring) : -1;
        int32_t c = cJSON_IsString(jc) ? mu_sym_find(&inst->com_ids, jc->valuestring) : -1;
        int64_t p = a >= 0 && c >= 0 ? mu_pairs_find(&pairs, a, c) : -1;
        if (a < 0 || c < 0)
            rc = mu_err(err, MU_EINPUT, "%s: assignment[%d]: unknown %s", path, i, a < 0 ? "applicant" : "company");
        else if (s->app_com[a] >= 0)
            rc = mu_err(err, MU_EINPUT, "%s: assignment[%d]: applicant \"%.60s\" is placed twice", path, i,
                        ja->valuestring);
        else if (p < 0)
            rc = mu_err(err, MU_EINPUT,
                        "%s: assignment[%d]: (%.60s, %.60s) is not an eligible pair (musubi check says why)", path, i,
                        ja->valuestring, jc->valuestring);
        else {
            s->app_com[a] = c;
            s->app_w[a] = pairs.w[p];
            s->objective += pairs.w[p];
        }
    }
    if (!rc && !s->criterion_value) s->criterion_value = (double)s->objective;
done:
    mu_pairs_free(&pairs);
    cJSON_Delete(root);
    if (rc) mu_solution_free(s);
    else *out = s;
    return rc;
}
