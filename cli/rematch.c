/* musubi rematch: re-solves after applicants or hosts withdraw or capacities
 * change, keeping everyone still placeable where they are unless moving them
 * is required, then maximising weight (engine/rematch.c), and reports exactly
 * who moved and why: JSON `rematch.moves` in the new solution and a table on
 * stderr. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check/check.h"
#include "cli/common.h"
#include "base/io.h"
#include "engine/rematch.h"
#include "output/instance_json.h"
#include "output/solution.h"

int mu_cmd_rematch(int argc, char **argv);

static void rematch_help(FILE *out) {
    fprintf(
        out,
        "Usage: musubi rematch INSTANCE PREVIOUS_SOLUTION.json --withdraw ID,... [--add-capacity COMPANY=N,...]\n"
        "                      [-o NEW.json] [--instance-out NEW-INSTANCE.json] [--time-limit S] [--threads N] [-q]\n\n"
        "Re-solves after applicants or hosts withdraw or capacities change. Lexicographic objective, as\n"
        "two exact integer programs: first keep as many previous pairs as possible (K), then, keeping K,\n"
        "maximise total weight. Quotas and host budgets of the instance still hold.\n\n"
        "  --withdraw IDS        applicants and/or companies that withdraw (comma-separated ids; a host\n"
        "                        with tracks withdraws all its positions, HOST/TRACK one of them)\n"
        "  --add-capacity LIST   COMPANY=N,...: add N seats (N may be negative) to COMPANY\n"
        "  -o FILE               the new solution (musubi-solution-1 with a \"rematch\" object; default: stdout)\n"
        "  --instance-out FILE   the amended instance the new solution answers: withdrawals marked\n"
        "                        \"withdrawn\": true, capacities changed, the round added to \"rounds\"\n"
        "                        (default: beside -o, NEW.instance.json for NEW.json; without -o, none)\n"
        "  --time-limit S, --threads N   as for solve\n"
        "  -q                    nothing on stderr but errors (no summary, no table of moves)\n\n"
        "Every applicant whose host changed is listed with a reason: applicant_withdrew, host_withdrew,\n"
        "pair_no_longer_eligible (with the rule), required (no assignment keeping this pair keeps K\n"
        "previous pairs), weight (one could keep it, but the heaviest assignment keeping K moves it), or\n"
        "newly_placed. The new assignment is checked against the amended instance before either is\n"
        "written. Every later command works on the pair: check, explain, export-sheets, report, and the\n"
        "next round's rematch, which carries the withdrawals forward.\n\n"
        "Example:\n"
        "  musubi solve inst.json -o before.json\n"
        "  musubi rematch inst.json before.json --withdraw A3,C2 --add-capacity C1=1 -o after.json\n"
        "  musubi check after.instance.json after.json\n"
        "  musubi rematch after.instance.json after.json --withdraw A5 -o round3.json\n\n"
        "Exit codes: 0 written; 1 the new assignment failed the checker (nothing written); 2 usage error;\n"
        "3 invalid instance or solution, or unknown id; 4 a file could not be read or written; 5 no\n"
        "solution (infeasible or time limit); 6 solver library failure; 7 out of memory.\n");
}

static const char *name_of(const mu_instance *inst, int32_t c) { return c >= 0 ? inst->com_ids.str[c] : NULL; }

static cJSON *id_or_null(const char *s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

/* Writes the new solution to outpath with its "rematch" object (the
 * withdrawals, capacity changes and moves), in one atomic write. */
static int write_with_moves(const mu_solution *s, const mu_options *opt, const char *outpath, const mu_instance *inst,
                            const mu_rematch_result *r, const uint8_t *app_gone, const uint8_t *com_gone,
                            const int32_t *cap0, mu_error *err) {
    cJSON *root = cJSON_CreateObject();
    cJSON *rm = root ? cJSON_AddObjectToObject(root, "rematch") : NULL;
    if (!rm) {
        cJSON_Delete(root);
        return mu_err(err, MU_ENOMEM, "out of memory writing the solution");
    }
    cJSON_AddNumberToObject(rm, "previous_placements", (double)r->previous);
    cJSON_AddNumberToObject(rm, "placeable_previous_pairs", (double)r->placeable);
    cJSON_AddNumberToObject(rm, "kept", (double)r->kept);
    cJSON_AddStringToObject(rm, "kept_status", mu_status_name(r->keep_status));
    cJSON_AddStringToObject(rm, "objective",
                            "lexicographic: 1. most previous pairs kept, 2. total weight (two exact solves)");
    cJSON *wd = cJSON_AddObjectToObject(rm, "withdrawn");
    cJSON *wa = cJSON_AddArrayToObject(wd, "applicants"), *wc = cJSON_AddArrayToObject(wd, "companies");
    for (int32_t a = 0; a < inst->n_app; a++)
        if (app_gone[a]) cJSON_AddItemToArray(wa, cJSON_CreateString(inst->app_ids.str[a]));
    for (int32_t c = 0; c < inst->n_com; c++)
        if (com_gone[c]) cJSON_AddItemToArray(wc, cJSON_CreateString(inst->com_ids.str[c]));
    cJSON *cc = cJSON_AddArrayToObject(rm, "capacity_changes");
    for (int32_t c = 0; c < inst->n_com; c++)
        if (inst->com[c].capacity != cap0[c]) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "company", inst->com_ids.str[c]);
            cJSON_AddNumberToObject(o, "from", cap0[c]);
            cJSON_AddNumberToObject(o, "to", inst->com[c].capacity);
            cJSON_AddItemToArray(cc, o);
        }
    cJSON *mv = cJSON_AddArrayToObject(rm, "moves");
    for (int32_t i = 0; i < r->n_moves; i++) {
        const mu_move *m = &r->moves[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "applicant", inst->app_ids.str[m->applicant]);
        cJSON_AddItemToObject(o, "from", id_or_null(name_of(inst, m->from)));
        cJSON_AddItemToObject(o, "to", id_or_null(name_of(inst, m->to)));
        cJSON_AddStringToObject(o, "reason", m->reason);
        if (m->rule >= 0) cJSON_AddStringToObject(o, "rule", mu_rule_name(m->rule));
        cJSON_AddItemToArray(mv, o);
    }
    int rc = mu_solution_write_json_with(s, inst, opt, outpath, root, err);
    cJSON_Delete(root);
    return rc;
}

/* Marks each comma-separated id as a withdrawn applicant or company. */
static int parse_withdraw(const mu_instance *inst, const char *list, uint8_t *app_gone, uint8_t *com_gone,
                          mu_error *err) {
    char *copy = strdup(list), *save = NULL;
    if (!copy) return mu_err(err, MU_ENOMEM, "out of memory");
    int rc = MU_OK;
    for (char *id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
        int32_t a = mu_sym_find(&inst->app_ids, id), c = mu_sym_find(&inst->com_ids, id);
        if (a >= 0 && c >= 0)
            rc = mu_err(err, MU_EUSAGE, "musubi rematch: --withdraw: \"%s\" is both an applicant and a company", id);
        else if (a >= 0) app_gone[a] = 1;
        else if (c >= 0) com_gone[c] = 1;
        else { /* a host with tracks: all its positions */
            int32_t host_key = mu_sym_find(&inst->syms, "host"), found = 0;
            for (int32_t k = 0; host_key >= 0 && k < inst->n_com; k++) {
                const char *h = mu_attr_first(inst, &inst->com_attrs, k, host_key);
                if (h && strcmp(h, id) == 0) com_gone[k] = 1, found = 1;
            }
            if (!found)
                rc = mu_err(err, MU_EINPUT, "musubi rematch: --withdraw: no applicant or company \"%s\" in %s", id,
                            inst->path);
        }
    }
    free(copy);
    return rc;
}

static int parse_capacity(mu_instance *inst, const char *list, mu_error *err) {
    char *copy = strdup(list), *save = NULL;
    if (!copy) return mu_err(err, MU_ENOMEM, "out of memory");
    int rc = MU_OK;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *eq = strrchr(item, '='), *end = NULL;
        if (!eq) {
            rc = mu_err(err, MU_EUSAGE, "musubi rematch: --add-capacity: expected COMPANY=N, got \"%s\"", item);
            continue;
        }
        *eq = '\0';
        errno = 0;
        long n = strtol(eq + 1, &end, 10);
        int32_t c = mu_sym_find(&inst->com_ids, item);
        if (errno || !*(eq + 1) || *end || n < -MU_MAX_CAPACITY || n > MU_MAX_CAPACITY)
            rc = mu_err(err, MU_EUSAGE,
                        "musubi rematch: --add-capacity %s: expected an integer number of seats, got \"%s\"", item,
                        eq + 1);
        else if (c < 0)
            rc = mu_err(err, MU_EINPUT, "musubi rematch: --add-capacity: no company \"%s\" in %s", item, inst->path);
        else if (inst->com[c].capacity + n < 0 || inst->com[c].capacity + n > MU_MAX_CAPACITY)
            rc = mu_err(err, MU_EUSAGE, "musubi rematch: --add-capacity %s=%ld: capacity %d would become %ld (0 to %d)",
                        item, n, inst->com[c].capacity, inst->com[c].capacity + n, MU_MAX_CAPACITY);
        else inst->com[c].capacity += (int32_t)n;
    }
    free(copy);
    return rc;
}

/* The amended instance keeps the original's description, provenance and
 * rounds, and adds this round: what withdrew, which capacities changed, and
 * the files it started from. */
static int history(const char *instance, const char *previous, const mu_instance *inst, const uint8_t *app_gone,
                   const uint8_t *com_gone, const int32_t *cap0, cJSON **out, mu_error *err) {
    cJSON *extra = NULL, *rounds = NULL;
    struct stat st;
    if (stat(instance, &st) == 0 && S_ISREG(st.st_mode)) { /* a JSON instance: carry what it says of itself */
        char *text = NULL;
        size_t len = 0;
        int rc = mu_read_file(instance, (size_t)1 << 30, &text, &len, err);
        if (rc) return rc;
        extra = cJSON_ParseWithLength(text, len);
        free(text);
        if (!extra) return mu_err(err, MU_ENOMEM, "out of memory reading %s", instance);
        rounds = cJSON_GetObjectItemCaseSensitive(extra, "rounds");
    } else if (!(extra = cJSON_CreateObject())) return mu_err(err, MU_ENOMEM, "out of memory");
    if (!rounds && !(rounds = cJSON_AddArrayToObject(extra, "rounds"))) goto oom;
    cJSON *round = cJSON_CreateObject();
    if (!round) goto oom;
    cJSON_AddItemToArray(rounds, round);
    cJSON_AddNumberToObject(round, "round", cJSON_GetArraySize(rounds));
    cJSON_AddStringToObject(round, "instance", instance);
    cJSON_AddStringToObject(round, "previous_solution", previous);
    cJSON *wd = cJSON_AddObjectToObject(round, "withdrawn");
    cJSON *wa = wd ? cJSON_AddArrayToObject(wd, "applicants") : NULL,
          *wc = wd ? cJSON_AddArrayToObject(wd, "companies") : NULL;
    cJSON *cc = cJSON_AddArrayToObject(round, "capacity_changes");
    if (!wa || !wc || !cc) goto oom;
    for (int32_t a = 0; a < inst->n_app; a++)
        if (app_gone[a]) cJSON_AddItemToArray(wa, cJSON_CreateString(inst->app_ids.str[a]));
    for (int32_t c = 0; c < inst->n_com; c++)
        if (com_gone[c]) cJSON_AddItemToArray(wc, cJSON_CreateString(inst->com_ids.str[c]));
    for (int32_t c = 0; c < inst->n_com; c++)
        if (inst->com[c].capacity != cap0[c]) {
            cJSON *o = cJSON_CreateObject();
            if (!o) goto oom;
            cJSON_AddStringToObject(o, "company", inst->com_ids.str[c]);
            cJSON_AddNumberToObject(o, "from", cap0[c]);
            cJSON_AddNumberToObject(o, "to", inst->com[c].capacity);
            cJSON_AddItemToArray(cc, o);
        }
    *out = extra;
    return MU_OK;
oom:
    cJSON_Delete(extra);
    return mu_err(err, MU_ENOMEM, "out of memory");
}

/* The amended instance read back has the same applicants and companies in
 * the same order (the writer keeps it); the previous assignment's indices
 * carry over only then. */
static int same_entities(const mu_instance *a, const mu_instance *b, mu_error *err) {
    int same = a->n_app == b->n_app && a->n_com == b->n_com;
    for (int32_t k = 0; same && k < a->n_app; k++) same = strcmp(a->app_ids.str[k], b->app_ids.str[k]) == 0;
    for (int32_t k = 0; same && k < a->n_com; k++) same = strcmp(a->com_ids.str[k], b->com_ids.str[k]) == 0;
    return same ? MU_OK : mu_err(err, MU_EINTERNAL, "musubi rematch: the amended instance does not list the same ids");
}

int mu_cmd_rematch(int argc, char **argv) {
    const char *files[2] = {NULL, NULL}, *outpath = "-", *withdraw = NULL, *addcap = NULL, *instout = NULL;
    int nf = 0, quiet = 0;
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    mu_error err;
    memset(&err, 0, sizeof err);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            rematch_help(stdout);
            return 0;
        } else if (strcmp(a, "-q") == 0) quiet = 1;
        else if (strcmp(a, "-o") == 0 || strcmp(a, "--withdraw") == 0 || strcmp(a, "--add-capacity") == 0 ||
                 strcmp(a, "--time-limit") == 0 || strcmp(a, "--threads") == 0 || strcmp(a, "--instance-out") == 0) {
            if (!(v = mu_cli_value(argc, argv, &i, "rematch"))) return MU_EUSAGE;
            if (a[1] == 'o') outpath = v;
            else if (a[2] == 'i') instout = v;
            else if (a[2] == 'w') withdraw = v;
            else if (a[2] == 'a') addcap = v;
            else if (mu_options_set(&opt, a + 2, v, &err)) return mu_cli_error(&err);
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "musubi rematch: unknown option %s (see musubi rematch --help)\n", a);
            return MU_EUSAGE;
        } else if (nf < 2) files[nf++] = a;
        else {
            fprintf(stderr, "musubi rematch: too many arguments (see musubi rematch --help)\n");
            return MU_EUSAGE;
        }
    }
    if (nf != 2 || (!withdraw && !addcap)) {
        fprintf(stderr, "musubi rematch: expected INSTANCE PREVIOUS_SOLUTION.json and --withdraw and/or --add-capacity "
                        "(see musubi rematch --help)\n");
        return MU_EUSAGE;
    }
    /* The amended instance goes beside the solution unless named; not beside
     * stdout, a device or a pipe (-o /dev/null must not write into /dev). It
     * is read back, so it must be a file. */
    struct stat st;
    if (instout &&
        (strcmp(instout, "-") == 0 || (stat(instout, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))) {
        fprintf(stderr,
                "musubi rematch: --instance-out %s: give a file: the new solution is solved on the amended "
                "instance read back from it\n",
                instout);
        return MU_EUSAGE;
    }
    char *derived = NULL;
    if (!instout && strcmp(outpath, "-") != 0 && !(stat(outpath, &st) == 0 && !S_ISREG(st.st_mode))) {
        size_t n = strlen(outpath), stem = n > 5 && strcmp(outpath + n - 5, ".json") == 0 ? n - 5 : n;
        if (!(derived = malloc(stem + sizeof ".instance.json")))
            return mu_cli_error(&(mu_error){MU_ENOMEM, 1, "out of memory"});
        memcpy(derived, outpath, stem);
        memcpy(derived + stem, ".instance.json", sizeof ".instance.json");
        instout = derived;
    }
    mu_instance *inst = NULL, *amended = NULL;
    mu_solution *prev_sol = NULL;
    cJSON *extra = NULL;
    mu_outfile io = {0};
    int rc = mu_cli_load(files[0], files[1], &inst, &prev_sol);
    if (rc) {
        free(derived);
        return rc;
    }
    int32_t *prev = malloc(((size_t)inst->n_app + 1) * sizeof *prev),
            *cap0 = malloc(((size_t)inst->n_com + 1) * sizeof *cap0);
    uint8_t *app_gone = calloc((size_t)inst->n_app + 1, 1), *com_gone = calloc((size_t)inst->n_com + 1, 1);
    mu_rematch_result r = {0};
    if (!prev || !cap0 || !app_gone || !com_gone) {
        rc = mu_err(&err, MU_ENOMEM, "out of memory");
        goto done;
    }
    for (int32_t a = 0; a < inst->n_app; a++) prev[a] = prev_sol->has_assignment ? prev_sol->app_com[a] : -1;
    for (int32_t c = 0; c < inst->n_com; c++) cap0[c] = inst->com[c].capacity;
    if (withdraw && (rc = parse_withdraw(inst, withdraw, app_gone, com_gone, &err))) goto done;
    if (addcap && (rc = parse_capacity(inst, addcap, &err))) goto done;
    /* The amended instance, written to a temporary file beside its name and
     * read back, so that the new solution answers exactly the file; both
     * files appear only once both are complete. */
    mu_instance *target = inst;
    if (instout) {
        if ((rc = history(files[0], files[1], inst, app_gone, com_gone, cap0, &extra, &err))) goto done;
        if ((rc = mu_out_open(&io, instout, &err))) goto done;
        mu_amend am = {app_gone, com_gone};
        mu_instance_write_json_to(io.fp, inst, extra, &am);
        if (fflush(io.fp) != 0 || ferror(io.fp)) {
            rc = mu_err(&err, MU_EIO, "%s: write failed", instout);
            goto done;
        }
        if ((rc = mu_instance_read(io.tmp, &amended, &err))) goto done;
        rc = same_entities(inst, amended, &err);
        char *name = rc ? NULL : strdup(instout);
        if (!rc && !name) rc = mu_err(&err, MU_ENOMEM, "out of memory");
        if (rc) goto done;
        free(amended->path);
        amended->path = name;
        target = amended;
    }
    if ((rc = mu_rematch(target, prev, app_gone, com_gone, &opt, &r, &err))) goto done;
    mu_solution *s = r.sol;
    if (!s->has_assignment) {
        fprintf(stderr, "musubi rematch: no new assignment: %s (%s)\n", mu_status_name(s->status),
                s->reason ? s->reason : "");
        rc = MU_ENOSOLUTION;
        goto done;
    }
    /* The independent checker on the amended instance (which marks the
     * withdrawals), plus the withdrawals themselves once more. */
    int64_t obj = 0, bad = mu_check_assignment(target, s->app_com, &obj, stderr);
    for (int32_t a = 0; a < inst->n_app; a++)
        if (app_gone[a] && s->app_com[a] >= 0) {
            fprintf(stderr, "musubi rematch: violation: withdrawn applicant %s is placed\n", inst->app_ids.str[a]);
            bad++;
        }
    if (bad || obj != s->objective) {
        fprintf(stderr,
                "musubi rematch: the new assignment failed the checker (%lld violation%s, objective %lld vs %lld); "
                "nothing written\n",
                (long long)bad, bad == 1 ? "" : "s", (long long)obj, (long long)s->objective);
        rc = MU_EINVALID_SOLUTION;
        goto done;
    }
    if ((rc = mu_solution_measure(s, target, &opt, &err))) goto done;
    if ((rc = write_with_moves(s, &opt, outpath, target, &r, app_gone, com_gone, cap0, &err))) goto done;
    if (instout && (rc = mu_out_commit(&io, &err))) {
        if (strcmp(outpath, "-") != 0) remove(outpath); /* no solution without its instance */
        goto done;
    }
    if (!instout && !quiet)
        fprintf(stderr,
                "musubi rematch: note: the amended instance was not written (give -o or --instance-out); "
                "check this solution against %s with the same changes\n",
                files[0]);
    if (!quiet) {
        fprintf(stderr,
                "musubi rematch: %lld previous placement%s, %lld placeable, %lld kept (%s); %d move%s; weight %lld\n",
                (long long)r.previous, r.previous == 1 ? "" : "s", (long long)r.placeable, (long long)r.kept,
                mu_status_name(r.keep_status), r.n_moves, r.n_moves == 1 ? "" : "s", (long long)s->objective);
        if (instout) fprintf(stderr, "musubi rematch: the amended instance: %s\n", instout);
        if (r.n_moves) fprintf(stderr, "  %-16s %-16s %-16s %s\n", "applicant", "from", "to", "reason");
        for (int32_t i = 0; i < r.n_moves; i++) {
            const mu_move *m = &r.moves[i];
            fprintf(stderr, "  %-16s %-16s %-16s %s%s%s\n", inst->app_ids.str[m->applicant],
                    m->from >= 0 ? inst->com_ids.str[m->from] : "-", m->to >= 0 ? inst->com_ids.str[m->to] : "-",
                    m->reason, m->rule >= 0 ? ": " : "", m->rule >= 0 ? mu_rule_name(m->rule) : "");
        }
    }
done:
    if (rc && err.msg[0]) mu_cli_error(&err);
    if (rc) mu_out_abort(&io);
    cJSON_Delete(extra);
    mu_instance_free(amended);
    free(derived);
    mu_rematch_result_free(&r);
    free(prev), free(cap0), free(app_gone), free(com_gone);
    mu_solution_free(prev_sol);
    mu_instance_free(inst);
    return rc;
}
