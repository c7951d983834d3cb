/* Spreadsheets out (musubi export-sheets): the assignment, each host's list
 * and the unplaced with their reasons, as three CSV files and one XLSX
 * workbook with a sheet each. One producer fills both through a small
 * writer interface, so the CSV files and the sheets always agree.
 *
 * CSV: UTF-8 with a byte-order mark and CRLF line ends (Excel then opens
 * them as UTF-8), cells through mu_csv_cell, which neutralises cells that
 * start with = + - @. XLSX (libxlsxwriter): text is written as strings,
 * never as formulas, so the same cells are inert there by construction.
 * Every file is written atomically (mu_out_open / mu_out_commit).
 *
 * The ranks, the reasons (the unplaced; placed applicants below a higher
 * choice; hosts without a higher-ranked applicant) and the what-ifs come
 * from the explanation
 * (analysis/explain.h: its pairs and ranks are built once, by mu_explain),
 * in the sentences of output/explain_text.c. */
#include "output/sheets.h"
#include "base/io.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "output/explain_text.h"

/* ---- the writer interface: CSV or a worksheet */

typedef struct writer {
    FILE *csv;         /* CSV when not NULL */
    lxw_worksheet *ws; /* else this sheet */
    lxw_format *head_fmt;
    lxw_row_t row;
    lxw_col_t col;
    double width[32]; /* widest cell of each column, for the sheet */
} writer;

static void w_text(writer *w, const char *s) {
    if (!s) s = "";
    if (w->csv) {
        if (w->col) fputc(',', w->csv);
        mu_csv_cell(w->csv, s);
    } else {
        if (*s) worksheet_write_string(w->ws, w->row, w->col, s, w->row == 0 ? w->head_fmt : NULL);
        size_t n = strlen(s);
        if (w->col < 32 && (double)n > w->width[w->col]) w->width[w->col] = (double)n;
    }
    w->col++;
}

static void w_num(writer *w, double x) {
    if (w->csv) {
        if (w->col) fputc(',', w->csv);
        fprintf(w->csv, "%.15g", x);
    } else {
        worksheet_write_number(w->ws, w->row, w->col, x, NULL);
        if (w->col < 32 && w->width[w->col] < 8) w->width[w->col] = 8;
    }
    w->col++;
}

static void w_end(writer *w) {
    if (w->csv) fputs("\r\n", w->csv);
    w->row++;
    w->col = 0;
}

static void w_header(writer *w, const char *const *names, int n) {
    for (int k = 0; k < n; k++) w_text(w, names[k]);
    w_end(w);
}

/* ---- the content */

typedef struct content {
    const mu_instance *inst;
    const mu_solution *sol;
    const mu_explanation *ex;        /* its pairs and ranks too */
    int32_t app_name, com_name, nat; /* attribute keys, -1 when absent */
    char *text;                      /* [MU_EXPLAIN_TEXT_MAX] */
    mu_error *err;
} content;

static const char *attr(const content *c, int app_side, int32_t e, int32_t key) {
    if (key < 0) return "";
    const char *s = mu_attr_first(c->inst, app_side ? &c->inst->app_attrs : &c->inst->com_attrs, e, key);
    return s ? s : "";
}

static int sheet_assignment(const content *c, writer *w) {
    static const char *const head[] = {"applicant", "name",           "nationality",  "company",       "company_name",
                                       "weight",    "applicant_rank", "company_rank", "why_not_higher"};
    w_header(w, head, 9);
    for (int32_t a = 0; a < c->inst->n_app; a++) {
        int32_t co = c->sol->app_com[a];
        if (co < 0) continue;
        int64_t p = mu_pairs_find(&c->ex->pb.pairs, a, co);
        w_text(w, c->inst->app_ids.str[a]);
        w_text(w, attr(c, 1, a, c->app_name));
        w_text(w, attr(c, 1, a, c->nat));
        w_text(w, c->inst->com_ids.str[co]);
        w_text(w, attr(c, 0, co, c->com_name));
        w_num(w, (double)c->sol->app_w[a]);
        w_num(w, p >= 0 ? c->ex->pr.app_rank[p] : 0);
        w_num(w, p >= 0 ? c->ex->pr.com_rank[p] : 0);
        const mu_explain_placed *pl = mu_explain_find_placed(c->ex, a);
        c->text[0] = '\0';
        if (pl && pl->n_higher) mu_explain_placed_text(c->ex, pl, c->text);
        w_text(w, c->text);
        w_end(w);
    }
    return MU_OK;
}

static int sheet_hosts(const content *c, writer *w) {
    static const char *const head[] = {"company", "name",  "sector",  "region",    "capacity",
                                       "filled",  "empty", "interns", "why_empty", "why_not_higher_ranked"};
    w_header(w, head, 10);
    int32_t sector = mu_sym_find(&c->inst->syms, "sector"), region = mu_sym_find(&c->inst->syms, "region");
    for (int32_t co = 0; co < c->inst->n_com; co++) {
        int32_t filled = 0;
        char *list = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&list, &len);
        for (int32_t a = 0; a < c->inst->n_app; a++)
            if (c->sol->app_com[a] == co) {
                const char *nm = attr(c, 1, a, c->app_name);
                if (m)
                    fprintf(m, "%s%s%s%s%s", filled ? " | " : "", c->inst->app_ids.str[a], *nm ? " (" : "", nm,
                            *nm ? ")" : "");
                filled++;
            }
        if (m) fclose(m);
        const mu_explain_host *h = mu_explain_find_host(c->ex, co);
        c->text[0] = '\0';
        if (h) mu_explain_host_text(c->ex, h, c->text);
        w_text(w, c->inst->com_ids.str[co]);
        w_text(w, attr(c, 0, co, c->com_name));
        w_text(w, attr(c, 0, co, sector));
        w_text(w, attr(c, 0, co, region));
        w_num(w, c->inst->com[co].capacity);
        w_num(w, filled);
        w_num(w, c->inst->com[co].capacity - filled);
        w_text(w, list ? list : "");
        w_text(w, c->text);
        const mu_explain_ranked *rk = mu_explain_find_ranked(c->ex, co);
        c->text[0] = '\0';
        if (rk && rk->n_higher) mu_explain_ranked_text(c->ex, rk, c->text);
        w_text(w, c->text);
        w_end(w);
        free(list);
    }
    return MU_OK;
}

static int sheet_unplaced(const content *c, writer *w) {
    static const char *const head[] = {"applicant", "name", "nationality", "reason", "explanation", "what_if"};
    w_header(w, head, 6);
    for (int32_t i = 0; i < c->ex->n_unplaced; i++) {
        const mu_explain_applicant *u = &c->ex->unplaced[i];
        int32_t a = u->applicant;
        w_text(w, c->inst->app_ids.str[a]);
        w_text(w, attr(c, 1, a, c->app_name));
        w_text(w, attr(c, 1, a, c->nat));
        w_text(w, mu_explain_reason_name(u->reason));
        int rc = mu_explain_applicant_text(c->ex, u, c->text, c->err);
        if (rc) return rc;
        w_text(w, c->text);
        mu_explain_whatif_text(c->ex, u, c->text);
        w_text(w, c->text);
        w_end(w);
    }
    return MU_OK;
}

typedef int (*sheet_fn)(const content *c, writer *w); /* MU_OK, or an error in c->err */
static const struct {
    const char *file, *sheet;
    sheet_fn fn;
} SHEETS[] = {{"assignment.csv", "Assignment", sheet_assignment},
              {"hosts.csv", "Hosts", sheet_hosts},
              {"unplaced.csv", "Unplaced", sheet_unplaced}};

static char *join(const char *dir, const char *name, mu_error *err) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = mu_alloc(n, 1, err);
    if (p) snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int write_xlsx(const content *c, const char *path, mu_error *err) {
    mu_outfile o;
    int rc = mu_out_open(&o, path, err); /* its temporary file is where the workbook goes */
    if (rc) return rc;
    lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(o.tmp, &wo);
    if (!wb) {
        mu_out_abort(&o);
        return mu_err(err, MU_EIO, "%s: cannot create the workbook", path);
    }
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xDCE6F1);
    format_set_bottom(head, LXW_BORDER_THIN);
    lxw_format *wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    for (size_t k = 0; k < MU_ARRAY_LEN(SHEETS) && !rc; k++) {
        writer w = {0};
        w.ws = workbook_add_worksheet(wb, SHEETS[k].sheet);
        w.head_fmt = head;
        rc = SHEETS[k].fn(c, &w);
        for (lxw_col_t col = 0; col < 32 && w.width[col] > 0; col++) {
            double width = w.width[col] + 2 > 60 ? 60 : w.width[col] + 2;
            worksheet_set_column(w.ws, col, col, width, width >= 60 ? wrap : NULL);
        }
        worksheet_freeze_panes(w.ws, 1, 0);
        if (w.row > 1 && w.col == 0) {
            lxw_col_t last = 0;
            while (last + 1 < 32 && w.width[last + 1] > 0) last++;
            worksheet_autofilter(w.ws, 0, 0, w.row - 1, last);
        }
    }
    lxw_error le = workbook_close(wb);
    if (rc) {
        mu_out_abort(&o);
        return rc;
    }
    if (le != LXW_NO_ERROR) {
        mu_out_abort(&o);
        return mu_err(err, MU_EIO, "%s: cannot write the workbook: %s", path, lxw_strerror(le));
    }
    return mu_out_commit(&o, err);
}

int mu_sheets_write(const mu_explanation *ex, const char *dir, int xlsx, mu_error *err) {
    MU_REQUIRE(ex && dir);
    const mu_instance *inst = ex->inst;
    content c = {.inst = inst, .sol = ex->sol, .ex = ex, .err = err};
    c.app_name = mu_sym_find(&inst->syms, "name");
    c.com_name = c.app_name;
    c.nat = mu_sym_find(&inst->syms, "nationality");
    if (!(c.text = mu_alloc(MU_EXPLAIN_TEXT_MAX, 1, err))) return MU_ENOMEM;
    int rc = MU_OK;
    for (size_t k = 0; k < MU_ARRAY_LEN(SHEETS) && !rc; k++) {
        char *path = join(dir, SHEETS[k].file, err);
        mu_outfile o;
        if (!path) rc = MU_ENOMEM;
        else if (!(rc = mu_out_open(&o, path, err))) {
            fputs("\xef\xbb\xbf", o.fp); /* Excel reads UTF-8 only with the mark */
            writer w = {.csv = o.fp};
            if ((rc = SHEETS[k].fn(&c, &w))) mu_out_abort(&o);
            else rc = mu_out_commit(&o, err);
        }
        free(path);
    }
    if (!rc && xlsx) {
        char *path = join(dir, "matching.xlsx", err);
        rc = path ? write_xlsx(&c, path, err) : MU_ENOMEM;
        free(path);
    }
    free(c.text);
    return rc;
}
