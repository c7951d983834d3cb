/* musubi report: one self-contained HTML page for the programme office —
 * the summary, both sides' rank profiles, placement rates by nationality,
 * region and sector, each host's fill, the unplaced and why, and (given
 * musubi compare --json output) the policies side by side; placed
 * applicants below a higher choice and hosts without a higher-ranked
 * applicant, each with why (the explanation built with opts.everyone).
 *
 * Self-contained: inline CSS and inline SVG, no script, no font or image
 * fetched, so the file can be mailed, archived and opened offline; it prints
 * on A4 (the charts keep their size, tables break between rows). Measures
 * come from analysis/metrics.c, over the explanation's eligible pairs and
 * ranks (built once by mu_explain), and reasons from the explanation, in the
 * sentences of output/explain_text.c; nothing is recomputed here. Every text
 * from the instance is HTML-escaped. */
#include "check/check.h"
#include "output/report.h"
#include "base/io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/metrics.h"
#include "output/explain_text.h"

/* ---- HTML text */

static void esc(FILE *o, const char *s) {
    for (; s && *s; s++) switch (*s) {
        case '&': fputs("&amp;", o); break;
        case '<': fputs("&lt;", o); break;
        case '>': fputs("&gt;", o); break;
        case '"': fputs("&quot;", o); break;
        case '\'': fputs("&#39;", o); break;
        default: fputc(*s, o);
        }
}

/* 12345 -> "12,345" */
static const char *grouped(int64_t x, char *buf, size_t n) {
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)(x < 0 ? -x : x));
    size_t len = strlen(digits), k = 0;
    if (x < 0 && k + 1 < n) buf[k++] = '-';
    for (size_t i = 0; i < len && k + 2 < n; i++) {
        if (i && (len - i) % 3 == 0) buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
    return buf;
}

static const char *ordinal(int32_t r, char *buf, size_t n) {
    const char *suf = "th";
    if (r % 100 < 11 || r % 100 > 13) suf = r % 10 == 1 ? "st" : r % 10 == 2 ? "nd" : r % 10 == 3 ? "rd" : "th";
    snprintf(buf, n, "%d%s", r, suf);
    return buf;
}

#define MAX_HOST_ROWS 2000 /* a page to read; the sheets list every host */

/* "s" unless n is 1: "1 quota row", "2 quota rows". */
static const char *plural(int64_t n) { return n == 1 ? "" : "s"; }

static double pct(int64_t a, int64_t b) { return b > 0 ? 100.0 * (double)a / (double)b : 0.0; }

static const char *CSS =
    ":root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--accent:#1f5fa8;--accent2:#d97706;--ok:#2f855a;--"
    "warn:#b7791f;--bad:#c53030}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 -apple-system,'Segoe UI',Roboto,'Noto "
    "Sans','DejaVu Sans',"
    "'Noto Sans CJK JP',sans-serif}"
    "header{background:#12355b;color:#fff;padding:28px 0 24px}"
    ".wrap{max-width:1120px;margin:0 auto;padding:0 32px}"
    "header h1{margin:0 0 4px;font-size:26px;font-weight:600;letter-spacing:.2px}"
    "header p{margin:0;color:#c8d6e5;font-size:13px}"
    "main.wrap{padding-top:28px;padding-bottom:40px}"
    "section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:20px 24px;margin:0 0 20px;"
    "break-inside:avoid-page}"
    "h2{font-size:17px;margin:0 0 4px;font-weight:600}"
    "h2+p.lead{margin:0 0 14px;color:var(--muted);font-size:13px}"
    ".kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:0 0 20px}"
    "@media (max-width:700px){.kpis{grid-template-columns:repeat(2,1fr)}}"
    ".kpi{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px}"
    ".kpi .v{font-size:24px;font-weight:600;color:var(--ink);font-variant-numeric:tabular-nums}"
    ".kpi .l{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.4px}"
    ".kpi .s{font-size:12px;color:var(--muted)}"
    ".grid2{display:grid;grid-template-columns:1fr 1fr;gap:20px}"
    "@media (max-width:900px){.grid2{grid-template-columns:1fr}}"
    "table{border-collapse:collapse;width:100%;font-size:13px}"
    "th{text-align:left;font-weight:600;color:var(--muted);border-bottom:2px solid var(--line);padding:6px "
    "8px;font-size:12px;"
    "text-transform:uppercase;letter-spacing:.3px}"
    "td{border-bottom:1px solid var(--line);padding:6px 8px;vertical-align:top}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.nw{white-space:nowrap}td.id{"
    "min-width:170px}"
    "tr{break-inside:avoid}"
    ".bar{background:#e4ebf3;border-radius:3px;height:10px;width:120px;display:inline-block;vertical-align:middle}"
    ".bar i{display:block;height:10px;border-radius:3px;background:var(--accent)}"
    ".tag{display:inline-block;font-size:11px;padding:1px "
    "7px;border-radius:10px;background:#e4ebf3;color:#334e68;white-space:nowrap}"
    ".tag.ineligible{background:#fde8e8;color:var(--bad)}.tag.full{background:#fef3c7;color:#92400e}"
    ".tag.quota{background:#e9d8fd;color:#553c9a}.tag.ok{background:#def7ec;color:var(--ok)}"
    ".muted{color:var(--muted)}.small{font-size:12px}"
    ".whatif{color:#334e68;font-size:12px;margin-top:3px}"
    "svg text{font-family:inherit}"
    "footer{color:var(--muted);font-size:12px;text-align:center;padding:0 0 32px}"
    "@media print{body{background:#fff}header{background:#fff;color:var(--ink);border-bottom:2px solid var(--ink)}"
    "header p{color:var(--muted)}section,.kpi{border-color:#bbb}}";

/* ---- SVG charts */

typedef struct bar {
    const char *label;
    int64_t value, total; /* drawn as value / total; total 0: value alone */
} bar;

/* Horizontal bars: label, bar (value / total), "value / total (pct)". */
static void svg_hbars(FILE *o, const char *title, const bar *b, int n, const char *color) {
    /* the label column fits the longest label (about 7 px a character at 12 px), within 60-240 px */
    size_t longest = 0;
    for (int i = 0; i < n; i++) longest = strlen(b[i].label) > longest ? strlen(b[i].label) : longest;
    int lw = (int)(longest > 32 ? 32 : longest) * 7 + 16;
    lw = lw < 60 ? 60 : lw > 240 ? 240 : lw;
    const int bw = 250, rh = 24, top = 6, w = lw + bw + 130;
    int h = top + n * rh + 6;
    fprintf(o, "<svg role=\"img\" aria-label=\"");
    esc(o, title);
    fprintf(o, "\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">", w, h, w, h);
    for (int i = 0; i < n; i++) {
        int y = top + i * rh;
        double f = b[i].total > 0 ? (double)b[i].value / (double)b[i].total : 0;
        if (f > 1) f = 1;
        fprintf(o, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" fill=\"#334e68\"><title>", lw - 10,
                y + 15);
        esc(o, b[i].label);
        fputs("</title>", o);
        if (strlen(b[i].label) > 32) { /* cut at a character boundary, then an ellipsis */
            char cut[32];
            size_t k = 30;
            while (k > 0 && ((unsigned char)b[i].label[k] & 0xc0) == 0x80) k--;
            memcpy(cut, b[i].label, k);
            cut[k] = '\0';
            esc(o, cut);
            fputs("…", o);
        } else esc(o, b[i].label);
        fprintf(o, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"14\" rx=\"3\" fill=\"#e4ebf3\"/>", lw, y + 4,
                bw);
        if (f > 0)
            fprintf(o, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"14\" rx=\"3\" fill=\"%s\"/>", lw, y + 4, f * bw,
                    color);
        fprintf(o,
                "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1f2933\">%lld / %lld <tspan "
                "fill=\"#616e7c\">(%.0f%%)</tspan></text>",
                lw + bw + 8, y + 15, (long long)b[i].value, (long long)b[i].total, 100.0 * f);
    }
    fputs("</svg>", o);
}

/* Columns of a rank profile: 1st, 2nd, ... choice, ranks past `shown` folded into "later". */
static void svg_profile(FILE *o, const char *title, const int64_t *x, int32_t n, const char *color) {
    int32_t shown = n < 10 ? n : 10;
    int64_t later = 0, peak = 1;
    for (int32_t i = shown; i < n; i++) later += x[i];
    for (int32_t i = 0; i < shown; i++) peak = x[i] > peak ? x[i] : peak;
    if (later > peak) peak = later;
    int cols = shown + (later > 0), cw = 40, gap = 10, left = 8, top = 22, ch = 130;
    int w = left + cols * (cw + gap) + 8, h = top + ch + 36;
    if (w < 240) w = 240;
    fprintf(o, "<svg role=\"img\" aria-label=\"");
    esc(o, title);
    fprintf(o, "\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">", w, h, w, h);
    fprintf(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bcccdc\"/>", left, top + ch, w - 4, top + ch);
    char ob[16];
    for (int i = 0; i < cols; i++) {
        int64_t v = i < shown ? x[i] : later;
        double hh = (double)v / (double)peak * ch;
        int xx = left + i * (cw + gap);
        fprintf(o, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" rx=\"3\" fill=\"%s\"/>", xx, top + ch - hh,
                cw, hh, color);
        fprintf(o, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" fill=\"#1f2933\">%lld</text>",
                xx + cw / 2, top + ch - hh - 5, (long long)v);
        fprintf(o, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#616e7c\">%s</text>",
                xx + cw / 2, top + ch + 16, i < shown ? ordinal(i + 1, ob, sizeof ob) : "later");
    }
    if (cols == 0)
        fprintf(o, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#616e7c\">no placements</text>", left,
                top + ch / 2);
    fputs("</svg>", o);
}

/* ---- sections */

typedef struct rep {
    FILE *o;
    const mu_instance *inst;
    const mu_solution *sol;
    const mu_metrics *m;
    const mu_explanation *ex; /* its pairs and fill too */
    const cJSON *cmp;
    const int32_t *filled;
    const mu_problem *pb;
    int64_t violations; /* found by mu_check_assignment */
    char *text;         /* [MU_EXPLAIN_TEXT_MAX] */
    mu_error *err;
    int rc; /* MU_OK, or the first error (in err) */
} rep;

static const char *jstr(const cJSON *o, const char *k) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}
static double jnum(const cJSON *o, const char *k, double dflt) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static void kpi(FILE *o, const char *label, const char *value, const char *sub) {
    fputs("<div class=\"kpi\"><div class=\"l\">", o);
    esc(o, label);
    fputs("</div><div class=\"v\">", o);
    esc(o, value);
    fputs("</div><div class=\"s\">", o);
    esc(o, sub);
    fputs("</div></div>", o);
}

static void section_summary(rep *r) {
    FILE *o = r->o;
    const mu_metrics *m = r->m;
    const mu_solution *s = r->sol;
    char v[64], sub[160], g1[32], g2[32];
    int64_t full = 0, empty_hosts = 0;
    for (int32_t c = 0; c < r->inst->n_com; c++) {
        full += r->filled[c] >= r->inst->com[c].capacity && r->inst->com[c].capacity > 0;
        empty_hosts += r->filled[c] == 0 && r->inst->com[c].capacity > 0;
    }
    fputs("<div class=\"kpis\">", o);
    snprintf(v, sizeof v, "%s", grouped(m->placements, g1, sizeof g1));
    snprintf(sub, sizeof sub, "of %s applicants (%.1f%%)", grouped(m->applicants, g2, sizeof g2),
             pct(m->placements, m->applicants));
    kpi(o, "Placed", v, sub);
    snprintf(v, sizeof v, "%.1f%%", pct(m->placements, m->seats));
    snprintf(sub, sizeof sub, "%s of %s seats", grouped(m->placements, g1, sizeof g1),
             grouped(m->seats, g2, sizeof g2));
    kpi(o, "Seats filled", v, sub);
    snprintf(sub, sizeof sub, "%lld full, %lld with no intern", (long long)full, (long long)empty_hosts);
    snprintf(v, sizeof v, "%d", r->inst->n_com);
    kpi(o, "Hosts", v, sub);
    snprintf(v, sizeof v, "%s", grouped(s->objective, g1, sizeof g1));
    if (r->ex->whatif_computed) snprintf(sub, sizeof sub, "maximum %s", grouped(r->ex->max_weight, g2, sizeof g2));
    else snprintf(sub, sizeof sub, "maximum not recomputed");
    kpi(o, "Total weight", v, sub);
    snprintf(v, sizeof v, "%s", mu_status_name(s->status));
    if (s->has_bound && strcmp(s->criterion, "weight") == 0)
        snprintf(sub, sizeof sub, "engine %s, gap %.2f%%", s->engine, 100.0 * s->gap);
    else snprintf(sub, sizeof sub, "engine %s", s->engine);
    kpi(o, "Status", v, sub);
    snprintf(v, sizeof v, "%.2f / %.2f", m->app_mean_rank, m->com_mean_rank);
    kpi(o, "Mean rank", v, "applicants' / hosts' (1 = first choice)");
    snprintf(v, sizeof v, "%lld", (long long)m->blocking);
    snprintf(sub, sizeof sub, "justified envy: %lld applicant%s", (long long)m->envious, m->envious == 1 ? "" : "s");
    kpi(o, "Blocking pairs", v, sub);
    snprintf(v, sizeof v, "%.3f", m->gini);
    kpi(o, "Gini of welfare", v, "0 = equal; towards 1 = concentrated");
    fputs("</div>\n", o);
}

static void section_profiles(rep *r) {
    FILE *o = r->o;
    fputs("<section id=\"profiles\"><h2>Rank profiles</h2><p class=\"lead\">How many placements went to each side's "
          "1st, 2nd, … choice. "
          "Ranks are the positions in the preference lists; a side without a list ranks by pair weight.</p>"
          "<div class=\"grid2\"><div><h3 class=\"small muted\">APPLICANTS' RANK OF THEIR HOST</h3>",
          o);
    svg_profile(o, "applicants' rank of their host", r->m->app_profile, r->m->app_levels, "#1f5fa8");
    fputs("</div><div><h3 class=\"small muted\">HOSTS' RANK OF THEIR INTERNS</h3>", o);
    svg_profile(o, "hosts' rank of their interns", r->m->com_profile, r->m->com_levels, "#d97706");
    fputs("</div></div></section>\n", o);
}

static void section_groups(rep *r) {
    FILE *o = r->o;
    const mu_metrics *m = r->m;
    if (!m->n_groups) return;
    fputs("<section id=\"groups\"><h2>Placement rates by group</h2><p class=\"lead\">Applicants: placed / "
          "applicants of each value with an eligible pair (as in the metrics, musubi compare and the summary). "
          "Hosts: seats filled / seats of each value.</p><div class=\"grid2\">",
          o);
    bar *b = malloc(((size_t)m->n_groups + 1) * sizeof *b);
    for (int32_t i = 0; b && i < m->n_groups;) {
        const char *attr = m->groups[i].attr;
        int side = m->groups[i].company_side, n = 0;
        for (; i < m->n_groups && m->groups[i].attr == attr; i++) /* the metrics' denominator */
            b[n++] = (bar){m->groups[i].value, m->groups[i].placed, m->groups[i].eligible};
        fprintf(o, "<div><h3 class=\"small muted\">%s BY ", side ? "SEATS FILLED" : "APPLICANTS PLACED");
        for (const char *p = attr; *p; p++) fputc(*p >= 'a' && *p <= 'z' ? *p - 32 : *p, o);
        fputs("</h3>", o);
        svg_hbars(o, attr, b, n, side ? "#2f855a" : "#1f5fa8");
        fputs("</div>", o);
    }
    free(b);
    fputs("</div></section>\n", o);
}

static void section_hosts(rep *r) {
    FILE *o = r->o;
    const mu_instance *inst = r->inst;
    int32_t name = mu_sym_find(&inst->syms, "name"), sector = mu_sym_find(&inst->syms, "sector"),
            region = mu_sym_find(&inst->syms, "region");
    fputs("<section id=\"hosts\"><h2>Each host's fill</h2><p class=\"lead\">Seats filled at every host, its interns, "
          "and for a host "
          "below capacity why the seats stay empty.</p><table><thead><tr><th>Host</th><th>Sector</th><th>Region</th>"
          "<th class=\"n\">Seats</th><th class=\"n\">Filled</th><th></th><th>Interns / why seats are "
          "empty</th></tr></thead><tbody>",
          o);
    for (int32_t c = 0; c < inst->n_com && c < MAX_HOST_ROWS; c++) {
        const mu_company *co = &inst->com[c];
        fputs("<tr><td class=\"id\"><b>", o);
        esc(o, inst->com_ids.str[c]);
        fputs("</b>", o);
        const char *nm = name >= 0 ? mu_attr_first(inst, &inst->com_attrs, c, name) : NULL;
        if (nm) fputs("<br><span class=\"muted small\">", o), esc(o, nm), fputs("</span>", o);
        fputs("</td><td class=\"nw\">", o);
        esc(o, sector >= 0 ? mu_attr_first(inst, &inst->com_attrs, c, sector) : "");
        fputs("</td><td class=\"nw\">", o);
        esc(o, region >= 0 ? mu_attr_first(inst, &inst->com_attrs, c, region) : "");
        double f = co->capacity ? (double)r->filled[c] / co->capacity : 0;
        fprintf(o,
                "</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td><span class=\"bar\"><i "
                "style=\"width:%.0f%%;%s\"></i></span></td><td>",
                co->capacity, r->filled[c], 100 * f, f >= 1 ? "" : "background:#d97706");
        int first = 1;
        for (int32_t a = 0; a < inst->n_app; a++)
            if (r->sol->app_com[a] == c) {
                if (!first) fputs(", ", o);
                esc(o, inst->app_ids.str[a]);
                const char *an = name >= 0 ? mu_attr_first(inst, &inst->app_attrs, a, name) : NULL;
                if (an && *an) fputs(" (", o), esc(o, an), fputs(")", o);
                first = 0;
            }
        const mu_explain_host *h = mu_explain_find_host(r->ex, c);
        if (h) {
            mu_explain_host_text(r->ex, h, r->text);
            fputs(first ? "" : "<br>", o);
            fputs("<span class=\"small muted\">", o);
            esc(o, r->text);
            fputs("</span>", o);
        }
        /* why not an applicant it ranks above its lowest-ranked intern */
        const mu_explain_ranked *rk = mu_explain_find_ranked(r->ex, c);
        if (rk && rk->n_higher) {
            mu_explain_ranked_text(r->ex, rk, r->text);
            fputs("<br><span class=\"small muted\">", o);
            esc(o, r->text);
            fputs("</span>", o);
        }
        fputs("</td></tr>\n", o);
    }
    if (inst->n_com > MAX_HOST_ROWS)
        fprintf(o,
                "<tr><td colspan=\"7\" class=\"muted\">… and %d more host%s: <code>musubi export-sheets</code> lists "
                "all (hosts.csv).</td></tr>",
                inst->n_com - MAX_HOST_ROWS, plural(inst->n_com - MAX_HOST_ROWS));
    fputs("</tbody></table></section>\n", o);
}

/* The groups of the summary line: ineligible, hosts full, quota (or the
 * host budget), other. */
static int reason_group(mu_explain_reason why) {
    return why == MU_WHY_INELIGIBLE                                   ? 0
           : why == MU_WHY_HOSTS_FULL                                 ? 1
           : why == MU_WHY_QUOTA || why == MU_WHY_HOSTS_FULL_OR_QUOTA ? 2
                                                                      : 3;
}

static void section_unplaced(rep *r) {
    FILE *o = r->o;
    const mu_explanation *ex = r->ex;
    int n = ex->n_unplaced;
    int counts[4] = {0};
    for (int32_t i = 0; i < ex->n_unplaced; i++) counts[reason_group(ex->unplaced[i].reason)]++;
    int total = ex->counted ? ex->unplaced_total : n;
    fprintf(o, "<section id=\"unplaced\"><h2>The unplaced and why (%d)</h2><p class=\"lead\">", total);
    if (total > n)
        fprintf(o,
                "The first %d are listed here; <code>musubi explain</code> and <code>musubi export-sheets</code> list "
                "all. Of these, ",
                n);
    fprintf(o,
            "%d ineligible at every host, %d eligible but their hosts are full, %d held back by a quota or the host "
            "budget, %d other. ",
            counts[0], counts[1], counts[2], counts[3]);
    if (ex->whatif_computed)
        fprintf(o, "What-ifs were found by re-solving the instance with one change each (%d re-solves).",
                ex->n_resolves + 1);
    else {
        char note[256];
        mu_explain_skip_text(ex, note, sizeof note);
        fputs("What-ifs were not computed: ", o);
        esc(o, note);
        fputs(".", o);
    }
    fputs("</p>", o);
    if (n == 0) fputs("<p>Every applicant is placed.</p>", o);
    else
        fputs("<table><thead><tr><th>Applicant</th><th>Reason</th><th>Why, and what would change "
              "it</th></tr></thead><tbody>",
              o);
    int32_t name_key = mu_sym_find(&r->inst->syms, "name");
    for (int32_t i = 0; i < ex->n_unplaced; i++) {
        const mu_explain_applicant *u = &ex->unplaced[i];
        mu_explain_reason why = u->reason;
        static const char *const cls[4] = {"ineligible", "full", "quota", ""};
        const char *label = why == MU_WHY_INELIGIBLE            ? "ineligible"
                            : why == MU_WHY_HOSTS_FULL          ? "hosts full"
                            : why == MU_WHY_HOSTS_FULL_OR_QUOTA ? "full / quota"
                            : why == MU_WHY_QUOTA               ? "quota"
                            : why == MU_WHY_ZERO_WEIGHT         ? "weight 0"
                                                                : "not optimal";
        const char *name = name_key >= 0 ? mu_attr_first(r->inst, &r->inst->app_attrs, u->applicant, name_key) : NULL;
        fputs("<tr><td><b>", o);
        esc(o, r->inst->app_ids.str[u->applicant]);
        fputs("</b>", o);
        if (name && *name) fputs("<br><span class=\"muted small\">", o), esc(o, name), fputs("</span>", o);
        fprintf(o, "</td><td><span class=\"tag %s\">", cls[reason_group(why)]);
        esc(o, label);
        fputs("</span></td><td>", o);
        if (!r->rc) r->rc = mu_explain_applicant_text(ex, u, r->text, r->err);
        esc(o, r->text);
        /* not computed: the section's lead says so once */
        if (u->whatif.kind != MU_WHATIF_NOT_COMPUTED) mu_explain_whatif_text(ex, u, r->text);
        else r->text[0] = '\0';
        if (*r->text) fputs("<div class=\"whatif\">", o), esc(o, r->text), fputs("</div>", o);
        fputs("</td></tr>\n", o);
    }
    if (n) fputs("</tbody></table>", o);
    fputs("</section>\n", o);
}

/* Placed applicants with a host they rank higher than their placement, and
 * why they are not there. */
static void section_placed(rep *r) {
    FILE *o = r->o;
    const mu_explanation *ex = r->ex;
    int32_t n = 0, shown = 0;
    for (int32_t i = 0; i < ex->n_placed; i++) n += ex->placed[i].n_higher > 0;
    if (n == 0) return;
    fprintf(o,
            "<section id=\"placed\"><h2>Placed below a higher choice (%d)</h2><p class=\"lead\">For each placed "
            "applicant, every host they rank higher than their placement and why they are not there: full (with "
            "whom), a quota row at its maximum, a rule, or the weight of the move.",
            n);
    if (n > MAX_HOST_ROWS)
        fprintf(o, " The first %d are listed here; <code>musubi export-sheets</code> lists all (assignment.csv).",
                MAX_HOST_ROWS);
    fputs("</p><table><thead><tr><th>Applicant</th><th>Why not a higher choice</th></tr></thead><tbody>", o);
    int32_t name_key = mu_sym_find(&r->inst->syms, "name");
    for (int32_t i = 0; i < ex->n_placed && shown < MAX_HOST_ROWS; i++) {
        const mu_explain_placed *p = &ex->placed[i];
        if (p->n_higher == 0) continue;
        shown++;
        const char *name = name_key >= 0 ? mu_attr_first(r->inst, &r->inst->app_attrs, p->applicant, name_key) : NULL;
        fputs("<tr><td class=\"id\"><b>", o);
        esc(o, r->inst->app_ids.str[p->applicant]);
        fputs("</b>", o);
        if (name && *name) fputs("<br><span class=\"muted small\">", o), esc(o, name), fputs("</span>", o);
        fputs("</td><td>", o);
        mu_explain_placed_text(ex, p, r->text);
        esc(o, r->text);
        fputs("</td></tr>\n", o);
    }
    fputs("</tbody></table></section>\n", o);
}

/* The policies side by side, from musubi compare --json (musubi-compare-1). */
static void section_compare(rep *r) {
    FILE *o = r->o;
    const cJSON *engines = cJSON_GetObjectItemCaseSensitive(r->cmp, "engines"), *e;
    int n = cJSON_GetArraySize(engines);
    if (n == 0) return;
    fputs("<section id=\"policies\"><h2>Policies side by side</h2><p class=\"lead\">From <code>musubi compare</code>: "
          "each policy run on the "
          "same instance, every assignment re-checked by the independent checker.",
          o);
    double maxw = jnum(r->cmp, "max_weight", -1);
    if (maxw >= 0) fprintf(o, " Maximum weight under the quotas: %.0f.", maxw);
    fputs("</p>", o);
    /* a chart of placements and weight, each as a share of the best policy */
    bar *b = calloc((size_t)n + 1, sizeof *b);
    int k = 0;
    int64_t seats = 0;
    cJSON_ArrayForEach(e, engines) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "metrics");
        if (!cJSON_IsObject(m) || !b) continue;
        seats = (int64_t)jnum(m, "seats", 0);
        b[k++] = (bar){jstr(e, "engine"), (int64_t)jnum(m, "placements", 0), (int64_t)jnum(m, "seats", 0)};
    }
    if (k) {
        fputs("<h3 class=\"small muted\">SEATS FILLED BY POLICY</h3>", o);
        svg_hbars(o, "seats filled by policy", b, k, "#1f5fa8");
    }
    (void)seats;
    free(b);
    static const char *const rows[] = {"Status",
                                       "Placements",
                                       "Fill rate",
                                       "Total weight",
                                       "Weight lost",
                                       "Blocking pairs",
                                       "Justified envy",
                                       "Applicants' mean rank",
                                       "Hosts' mean rank",
                                       "Egalitarian cost",
                                       "Gini of welfare",
                                       "Seconds",
                                       "Check"};
    fputs("<table><thead><tr><th>Measure</th>", o);
    cJSON_ArrayForEach(e, engines) fputs("<th class=\"n\">", o), esc(o, jstr(e, "engine")), fputs("</th>", o);
    fputs("</tr></thead><tbody>", o);
    for (size_t i = 0; i < MU_ARRAY_LEN(rows); i++) {
        fprintf(o, "<tr><td>%s</td>", rows[i]);
        cJSON_ArrayForEach(e, engines) {
            const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "metrics");
            char cell[64] = "–";
            int has = cJSON_IsObject(m);
            switch (i) {
            case 0: snprintf(cell, sizeof cell, "%s", jstr(e, "status")); break;
            case 1:
                if (has) snprintf(cell, sizeof cell, "%.0f", jnum(m, "placements", 0));
                break;
            case 2:
                if (has) snprintf(cell, sizeof cell, "%.1f%%", 100 * jnum(m, "fill_rate", 0));
                break;
            case 3:
                if (has) snprintf(cell, sizeof cell, "%.0f", jnum(m, "weight", 0));
                break;
            case 4: /* beside a weight only */
                if (has && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(e, "weight_lost")))
                    snprintf(cell, sizeof cell, "%.0f", jnum(e, "weight_lost", 0));
                break;
            case 5:
                if (has) snprintf(cell, sizeof cell, "%.0f", jnum(m, "blocking_pairs", 0));
                break;
            case 6:
                if (has)
                    snprintf(cell, sizeof cell, "%.0f",
                             jnum(cJSON_GetObjectItemCaseSensitive(m, "justified_envy"), "applicants", 0));
                break;
            case 7:
                if (has)
                    snprintf(cell, sizeof cell, "%.2f",
                             jnum(cJSON_GetObjectItemCaseSensitive(m, "applicant_ranks"), "mean", 0));
                break;
            case 8:
                if (has)
                    snprintf(cell, sizeof cell, "%.2f",
                             jnum(cJSON_GetObjectItemCaseSensitive(m, "company_ranks"), "mean", 0));
                break;
            case 9:
                if (has) snprintf(cell, sizeof cell, "%.0f", jnum(m, "egalitarian_cost", 0));
                break;
            case 10:
                if (has) snprintf(cell, sizeof cell, "%.3f", jnum(m, "gini_welfare", 0));
                break;
            case 11:
                if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(e, "seconds")))
                    snprintf(cell, sizeof cell, "%.2f", jnum(e, "seconds", 0));
                break;
            default: snprintf(cell, sizeof cell, "%s", *jstr(e, "check") ? jstr(e, "check") : "–");
            }
            fputs("<td class=\"n\">", o);
            esc(o, cell);
            fputs("</td>", o);
        }
        fputs("</tr>\n", o);
    }
    fputs("</tbody></table>", o);
    cJSON_ArrayForEach(e, engines) if (strcmp(jstr(e, "status"), "refused") == 0) {
        fputs("<p class=\"small muted\">", o);
        esc(o, jstr(e, "engine"));
        fputs(" refused: ", o);
        esc(o, jstr(e, "reason"));
        fputs("</p>", o);
    }
    fputs("</section>\n", o);
}

static void write_page(rep *r) {
    FILE *o = r->o;
    const mu_instance *inst = r->inst;
    const char *title = mu_instance_name(inst) && *mu_instance_name(inst) ? mu_instance_name(inst) : inst->path;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>Matching report — ",
          o);
    esc(o, title);
    fprintf(o, "</title><style>%s</style></head><body>\n<header><div class=\"wrap\"><h1>Matching report: ", CSS);
    esc(o, title);
    fputs("</h1><p>", o);
    char stamp[64] = "";
    time_t now = time(NULL);
    struct tm tmv;
    if (gmtime_r(&now, &tmv)) strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M UTC", &tmv);
    fprintf(o, "%d applicant%s · %d host%s · %lld seat%s · %lld eligible pair%s · %d quota row%s · instance ",
            inst->n_app, plural(inst->n_app), inst->n_com, plural(inst->n_com), (long long)r->m->seats,
            plural(r->m->seats), (long long)r->pb->pairs.n, plural(r->pb->pairs.n), r->pb->n_rows,
            plural(r->pb->n_rows));
    esc(o, inst->path);
    fputs(" · generated ", o);
    esc(o, stamp);
    fputs("</p></div></header>\n<main class=\"wrap\">\n", o);
    char note[400];
    if (r->violations)
        fprintf(o,
                "<p class=\"small\" style=\"color:#c53030\"><b>The independent checker found %lld violation%s in "
                "this assignment</b> (run musubi check for the list).</p>",
                (long long)r->violations, plural(r->violations));
    for (int k = 0; mu_explain_note(r->ex, k, note, sizeof note); k++) {
        fputs("<p class=\"small\" style=\"color:#92400e\">Note: ", o);
        esc(o, note);
        fputs("</p>", o);
    }
    section_summary(r);
    section_profiles(r);
    section_groups(r);
    section_unplaced(r);
    section_placed(r);
    section_hosts(r);
    if (r->cmp) section_compare(r);
    fputs("</main><footer>musubi ", o);
    esc(o, mu_version());
    if (r->violations == 0)
        fputs(" · the assignment passed the independent checker (eligibility, capacities, quotas, total weight)", o);
    else
        fprintf(o, " · the independent checker found %lld violation%s in this assignment", (long long)r->violations,
                plural(r->violations));
    fputs("</footer></body></html>\n", o);
}

int mu_report_write(const mu_explanation *ex, const cJSON *compare, const char *path, mu_error *err) {
    MU_REQUIRE(ex && path);
    const mu_instance *inst = ex->inst;
    const mu_solution *sol = ex->sol;
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    mu_metrics *m = NULL;
    mu_policy_info info = {.prefs = (mu_prefs *)&ex->pr}; /* the explanation's ranks, read only */
    char *text = mu_alloc(MU_EXPLAIN_TEXT_MAX, 1, err);
    int rc = text ? mu_metrics_compute(&ex->pb, sol->app_com, &opt, &info, &m, err) : MU_ENOMEM;
    mu_outfile out;
    if (!rc && !(rc = mu_out_open(&out, path, err))) {
        int64_t total = 0;
        rep r = {.o = out.fp,
                 .inst = inst,
                 .sol = sol,
                 .m = m,
                 .ex = ex,
                 .cmp = compare,
                 .filled = ex->filled,
                 .pb = &ex->pb,
                 .text = text,
                 .err = err};
        r.violations = mu_check_assignment(inst, sol->app_com, &total, NULL);
        if (total != sol->objective) r.violations++;
        write_page(&r);
        if ((rc = r.rc)) mu_out_abort(&out);
        else rc = mu_out_commit(&out, err);
    }
    mu_metrics_free(m);
    free(text);
    return rc;
}
