/* The knobs of the generator: one table, from which come the parser, the
 * defaults, --help, the validation and the text form that an instance's
 * provenance records.
 *
 * Each knob is one row: its flag, type, the field of mu_gen_knobs it sets,
 * bounds, its default as text, the argument's name and a help line (one
 * table for everything, as kissat's options.h). mu_gen_init parses the
 * defaults with the same code as the command line, and mu_gen_knob_text
 * writes a value back in the form mu_gen_set reads, so a preset is exactly
 * a list of flags and the command recorded in an instance regenerates it.
 *
 * Values are integers throughout: fractions are permille ("0.85" and "85%"
 * give 850), means hundredths ("2.25" gives 225). Names hold only letters,
 * digits and - _ . + with neither - nor + first (copy_name): no JSON string
 * or CSV cell of the generator needs escaping, and no table cell starts the
 * way a spreadsheet formula does.
 *
 * Errors: a bad value is MU_EUSAGE with one line "--FLAG: why (got \"V\")";
 * a default that does not parse is a contract violation (abort). */
#include "generator/knobs.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/instance.h"

int mu_gen_jlpt_level(const char *s) { return strcmp(s, "none") == 0 ? 0 : mu_jlpt_parse(s); }

enum ktype {
    K_U64,
    K_INT,
    K_RANGE,
    K_RANGE_OFF,
    K_PERMILLE,
    K_CENT,
    K_BOOL,
    K_STR,
    K_SHARES,
    K_CODES,
    K_CAPS,
    K_BANDS,
    K_INTS,
    K_JLPT,
    K_ENGLISH
};

/* What the names of a share table must be. */
enum names { N_ANY, N_INT, N_JLPT, N_ENGLISH, N_REQ_JLPT, N_REQ_ENGLISH };

typedef struct knob {
    const char *flag;
    enum ktype type;
    size_t off;
    int64_t lo, hi; /* bounds of numbers; for K_SHARES/K_INTS: see `sub` */
    int sub;        /* K_SHARES: enum names; K_INTS: how many values */
    const char *def;
    const char *arg;
    const char *help;
} knob;

#define OFF(f) offsetof(mu_gen_knobs, f)
#define BIG INT64_C(2147483647)

static const knob KNOBS[] = {
    {"name", K_STR, OFF(name), 0, 0, 0, "generated", "TEXT", "the instance's name"},
    {"seed", K_U64, OFF(seed), 0, 0, 0, "1", "N", "random seed: the same seed and knobs give the same bytes"},
    {"applicants", K_INT, OFF(applicants), 0, BIG, 0, "1000", "N",
     "applicants in the instance (setting it clears --applied)"},
    {"applied", K_INT, OFF(applied), 0, BIG, 0, "0", "N",
     "applications received; if nonzero the instance holds applied x "
     "screened applicants"},
    {"screened", K_PERMILLE, OFF(screened), 0, 1000, 0, "0.1", "F",
     "fraction of --applied that passes screening into the final matching"},
    {"companies", K_INT, OFF(companies), 0, BIG, 0, "50", "N", "host companies"},
    {"capacity", K_RANGE, OFF(capacity), 0, 1000000, 0, "1-5", "MIN-MAX", "seats per company"},
    {"capacity-mean", K_CENT, OFF(capacity_mean), 0, 100000000, 0, "2.5", "X",
     "mean seats (binomial over the range); 0 = uniform over the range"},
    {"capacity-table", K_SHARES, OFF(capacity_table), 0, 0, N_INT, "none", "SEATS:W,...",
     "seat counts with weights; overrides --capacity"},
    {"app-list-length", K_RANGE, OFF(app_list), 0, 1000, 0, "3-5", "MIN-MAX",
     "applicants rank this many companies; 0 = no applicant lists"},
    {"company-list-length", K_INT, OFF(company_list), 0, BIG, 0, "20", "N",
     "companies rank up to N of the applicants considering them; 0 = none"},
    {"pairs", K_RANGE, OFF(pairs), 0, 1000, 0, "0", "MIN-MAX",
     "explicit pairs per applicant (weights 0-1000 by default) instead of "
     "the weights formula; 0 = weights formula"},
    {"candidates", K_RANGE, OFF(candidates), 1, 1000, 0, "10", "MIN-MAX",
     "companies an applicant considers when there are neither pairs nor "
     "applicant lists (decides whom a company may rank)"},
    {"app-correlation", K_PERMILLE, OFF(app_corr), 0, 1000, 0, "0.5", "F",
     "applicants' preferences: 1 = one shared master list, 0 = independent"},
    {"company-correlation", K_PERMILLE, OFF(company_corr), 0, 1000, 0, "0.5", "F",
     "companies' preferences: 1 = one shared master list, 0 = "
     "independent"},
    {"in-sector", K_PERMILLE, OFF(in_sector), 0, 1000, 0, "0.8", "F",
     "share of an applicant's candidates drawn from its field's sector"},
    {"target-preference", K_PERMILLE, OFF(target_pref), 0, 1000, 0, "0.3", "F",
     "companies' bonus for applicants from their target markets, as a "
     "fraction of the score range"},
    {"pair-weights", K_INTS, OFF(pair_weight), 0, 333333333, 3, "400,400,200", "R,H,N",
     "explicit pair weight = R x rank score + H x host score + "
     "noise up to N"},
    {"weights", K_INTS, OFF(weights), 0, 1000000, 4, "100,100,100,50", "B,AR,CR,TM",
     "the weights object: base, applicant_rank, company_rank, "
     "target_market"},
    {"nationalities", K_SHARES, OFF(nationalities), 0, 0, N_ANY,
     "VN@southeast-asia:30,CN@east-asia:20,ID@southeast-asia:15,"
     "TH@southeast-asia:12,PH@southeast-asia:8,IN@south-asia:8,"
     "MY@southeast-asia:4,MM@southeast-asia:3",
     "CODE[@ORIGIN]:W,...",
     "applicants' nationality mix, also the rules' eligible list; ORIGIN "
     "becomes the free attribute `origin`"},
    {"ineligible-nationalities", K_CODES, OFF(ineligible), 0, 0, 0, "KR,SG,US", "CODE,...",
     "nationalities given to nationality violations"},
    {"jlpt", K_SHARES, OFF(jlpt), 0, 0, N_JLPT, "N1:8,N2:22,N3:40,N4:10,N5:5,none:15", "LEVEL:W,...",
     "applicants' JLPT levels (N1..N5, none)"},
    {"english", K_SHARES, OFF(english), 0, 0, N_ENGLISH, "none:3,basic:12,daily:30,business:45,native:10",
     "LEVEL:W,...", "applicants' English levels"},
    {"languages-joint", K_BOOL, OFF(languages_joint), 0, 0, 0, "yes", "",
     "draw both languages jointly so that applicants below the JLPT minimum "
     "meet the English minimum (keeping both marginals when possible)"},
    {"degree", K_PERMILLE, OFF(degree), 0, 1000, 0, "0.9", "F", "share of applicants holding a degree"},
    {"recommendation", K_PERMILLE, OFF(recommendation), 0, 1000, 0, "0.3", "F",
     "share holding a recommendation (with the degree rule, one with "
     "neither is given one unless it is a violation)"},
    {"fields", K_SHARES, OFF(fields), 0, 0, N_ANY,
     "engineering@manufacturing:33,commerce@wholesale-retail:19,"
     "business@services:12,information-technology@information-"
     "communications:16,science@professional-technical:10,"
     "architecture@construction:5,hospitality@accommodation-food:5",
     "FIELD[@SECTOR]:W,...",
     "applicants' fields; SECTOR is the field's home "
     "sector (host `requires.fields` and in-sector candidates)"},
    {"age", K_RANGE, OFF(age), 0, 150, 0, "20-40", "MIN-MAX", "applicants' ages (triangular)"},
    {"age-mode", K_INT, OFF(age_mode), 0, 150, 0, "26", "N", "the most frequent age"},
    {"sectors", K_SHARES, OFF(sectors), 0, 0, N_ANY,
     "manufacturing:33,wholesale-retail:19,services:12,information-"
     "communications:16,professional-technical:10,construction:5,"
     "accommodation-food:5",
     "SECTOR:W,...", "host sectors; none = no sector"},
    {"regions", K_SHARES, OFF(regions), 0, 0, N_ANY,
     "Kanto:52,Kinki:14,Chubu:12,Kyushu-Okinawa:8,Tohoku:4,Chugoku:4,"
     "Hokkaido:3,Shikoku:3",
     "REGION:W,...", "host regions; none = no region"},
    {"sizes", K_SHARES, OFF(sizes), 0, 0, N_ANY, "1-9:24,10-99:49,100-499:22,500-1000:4,1000+:1", "SIZE:W,...",
     "host sizes (staff); none = no size"},
    {"overseas", K_SHARES, OFF(overseas), 0, 0, N_ANY, "ongoing:52,planned:37,not-planned:11", "STATUS:W,...",
     "hosts' overseas operations; none = no status"},
    {"target-markets", K_RANGE, OFF(target_markets), 0, MU_GEN_MAX_ITEMS, 0, "1-3", "MIN-MAX",
     "target markets per host"},
    {"target-market-mix", K_SHARES, OFF(tm_mix), 0, 0, N_ANY, "none", "CODE:W,...",
     "target markets drawn from; none = the nationality mix"},
    {"requires", K_BOOL, OFF(requires), 0, 0, 0, "yes", "", "emit hosts' own requirements"},
    {"require-jlpt", K_SHARES, OFF(require_jlpt), 0, 0, N_REQ_JLPT, "N2:10,N3:15,none:75", "LEVEL:W,...",
     "hosts' JLPT minimum"},
    {"require-english", K_SHARES, OFF(require_english), 0, 0, N_REQ_ENGLISH, "business:30,none:70", "LEVEL:W,...",
     "hosts' English minimum (with a JLPT minimum, either suffices)"},
    {"require-fields", K_PERMILLE, OFF(require_fields), 0, 1000, 0, "0.15", "F",
     "share of hosts requiring a field of their sector"},
    {"require-degree", K_PERMILLE, OFF(require_degree), 0, 1000, 0, "0.1", "F", "share of hosts requiring a degree"},
    {"rules", K_BOOL, OFF(rules), 0, 0, 0, "yes", "",
     "emit the programme's rules (age, language, degree, nationalities)"},
    {"rule-age", K_RANGE_OFF, OFF(rule_age), 0, 150, 0, "20-40", "MIN-MAX|off", "the rules' age range"},
    {"rule-jlpt", K_JLPT, OFF(rule_jlpt), 0, 0, 0, "N3", "LEVEL|off",
     "the rules' JLPT minimum (either language minimum suffices)"},
    {"rule-english", K_ENGLISH, OFF(rule_english), 0, 0, 0, "business", "LEVEL|off", "the rules' English minimum"},
    {"rule-degree", K_BOOL, OFF(rule_degree), 0, 0, 0, "yes", "", "the rules require a degree or a recommendation"},
    {"violations", K_PERMILLE, OFF(violations), 0, 1000, 0, "0.01", "F",
     "share of applicants failing one rule (exercises the audit; needs "
     "--rules)"},
    {"stratify", K_BOOL, OFF(stratify), 0, 0, 0, "yes", "",
     "apportion categories exactly (largest remainder) instead of drawing "
     "each record independently"},
    {"budget", K_INT, OFF(budget), 0, BIG, 0, "0", "N", "a programme budget quota (at most N placements); 0 = none"},
    {"nationality-per-host", K_BOOL, OFF(nat_per_host), 0, 0, 0, "no", "",
     "at most one intern per nationality per host"},
    {"region-floor", K_INT, OFF(region_floor), 0, BIG, 0, "0", "N",
     "at least N placements in every host region; 0 = none"},
    {"region-nationality-floor", K_INT, OFF(region_nat_floor), 0, BIG, 0, "0", "N",
     "at least N placements per (host region, nationality); 0 = none"},
    {"nationality-caps", K_CAPS, OFF(nationality_caps), 0, 0, 0, "none", "[NAME=]CODE[|CODE..]:MAX[/EACH],...",
     "caps on placements by nationality (a group, and optionally each "
     "member)"},
    {"sector-bands", K_BANDS, OFF(sector_bands), 0, 0, 0, "none", "[NAME=][!]SECTOR[|SECTOR..]:MIN-MAX,...",
     "floors and caps on placements by host sector ('!' = all but)"},
};

#define NKNOBS ((int)(sizeof KNOBS / sizeof KNOBS[0]))

static const knob *find_knob(const char *flag) {
    for (int i = 0; i < NKNOBS; i++)
        if (strcmp(KNOBS[i].flag, flag) == 0) return &KNOBS[i];
    return NULL;
}

/* ---- parsing */

/* A decimal integer of at most 19 digits, nothing else. */
static int parse_u64(const char *s, size_t len, uint64_t *out) {
    uint64_t v = 0;
    if (len == 0 || len > 20) return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10) return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

static int parse_int(const char *s, size_t len, int64_t lo, int64_t hi, int64_t *out) {
    uint64_t v;
    if (parse_u64(s, len, &v) != 0 || v > (uint64_t)INT64_MAX) return -1;
    if ((int64_t)v < lo || (int64_t)v > hi) return -1;
    *out = (int64_t)v;
    return 0;
}

/* "0.85" -> 850 with scale 1000 and 3 decimals; "85%" -> 850. */
static int parse_fixed(const char *s, int64_t scale, int decimals, int percent_ok, int64_t *out) {
    size_t len = strlen(s);
    int percent = 0;
    if (len && s[len - 1] == '%') {
        if (!percent_ok) return -1;
        percent = 1;
        len--;
    }
    const char *dot = memchr(s, '.', len);
    size_t ilen = dot ? (size_t)(dot - s) : len;
    size_t flen = dot ? len - ilen - 1 : 0;
    if (ilen == 0 && flen == 0) return -1;
    if (dot && flen == 0) return -1;
    int64_t ip = 0;
    if (ilen && parse_int(s, ilen, 0, INT64_C(1000000000), &ip) != 0) return -1;
    /* percent: value/100 x scale */
    int64_t unit = percent ? scale / 100 : scale;
    int maxdec = decimals - (percent ? 2 : 0);
    if ((int64_t)flen > maxdec || unit == 0) return -1;
    int64_t frac = 0, div = 1;
    for (size_t i = 0; i < flen; i++) {
        char c = dot[1 + i];
        if (c < '0' || c > '9') return -1;
        frac = frac * 10 + (c - '0');
        div *= 10;
    }
    *out = ip * unit + frac * unit / div;
    return 0;
}

static int valid_name_char(char c, int tag) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
    if (c == '-' || c == '_' || c == '.' || c == '+') return 1;
    return tag && (c == '|' || c == '!');
}

/* A name (a list of names when `tag`: '|' between them, '!' before the
 * first) of valid characters, none starting with '-' or '+': written as a
 * CSV cell, such a name would be taken for a formula, and mu_csv_cell would
 * put an apostrophe before it, so the tables and the JSON would differ. */
static int copy_name(char *dst, size_t cap, const char *s, size_t len, int tag) {
    if (len == 0 || len >= cap) return -1;
    for (size_t i = 0; i < len; i++) {
        if (!valid_name_char(s[i], tag)) return -1;
        if ((s[i] == '-' || s[i] == '+') && (i == 0 || s[i - 1] == '|' || s[i - 1] == '!')) return -1;
    }
    memcpy(dst, s, len);
    dst[len] = '\0';
    return 0;
}

static int is_none(const char *v) { return strcmp(v, "none") == 0 || v[0] == '\0'; }

/* Splits `v` at commas and parses each entry into t; `why` gets a reason. */
static int parse_table(const knob *kn, const char *v, mu_gen_table *t, const char **why) {
    memset(t, 0, sizeof *t);
    if (is_none(v)) return 0;
    const char *p = v;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (t->n == MU_GEN_MAX_ITEMS) {
            *why = "too many entries (at most 32)";
            return -1;
        }
        mu_gen_item *it = &t->item[t->n];
        const char *colon = NULL;
        for (size_t i = len; i > 0; i--)
            if (p[i - 1] == ':') {
                colon = p + i - 1;
                break;
            }
        size_t klen = colon ? (size_t)(colon - p) : len;
        const char *val = colon ? colon + 1 : NULL;
        size_t vlen = colon ? len - klen - 1 : 0;
        if (kn->type == K_CODES) {
            if (colon || copy_name(it->name, sizeof it->name, p, len, 0)) {
                *why = "expected CODE,CODE,... of letters, digits, '-', '_', "
                       "'.', '+' (not first)";
                return -1;
            }
            it->weight = 1;
        } else {
            if (!colon) {
                *why = "an entry lacks ':'";
                return -1;
            }
            const char *eq = memchr(p, '=', klen);
            const char *at = memchr(p, '@', klen);
            const char *body = p;
            size_t blen = klen;
            if (kn->type == K_CAPS || kn->type == K_BANDS) {
                if (eq) {
                    if (copy_name(it->name, sizeof it->name, p, (size_t)(eq - p), 0)) {
                        *why = "bad quota name before '='";
                        return -1;
                    }
                    body = eq + 1;
                    blen = klen - (size_t)(eq - p) - 1;
                }
                if (copy_name(it->tag, sizeof it->tag, body, blen, 1)) {
                    *why = "bad code or sector list";
                    return -1;
                }
                if (!eq) {
                    if (memchr(body, '|', blen) || body[0] == '!') {
                        *why = "a list of codes or sectors needs NAME=";
                        return -1;
                    }
                    char nm[MU_GEN_NAME_MAX + MU_GEN_TAG_MAX];
                    int n = snprintf(nm, sizeof nm, "%s-%s", kn->type == K_CAPS ? "nationality" : "sector", it->tag);
                    if (n < 0 || (size_t)n >= sizeof it->name) {
                        *why = "name too long";
                        return -1;
                    }
                    memcpy(it->name, nm, (size_t)n + 1);
                }
                if (kn->type == K_CAPS) {
                    const char *slash = memchr(val, '/', vlen);
                    size_t mlen = slash ? (size_t)(slash - val) : vlen;
                    if (parse_int(val, mlen, 0, BIG, &it->weight) ||
                        (slash && parse_int(slash + 1, vlen - mlen - 1, 1, BIG, &it->hi))) {
                        *why = "expected MAX or MAX/EACH after ':'";
                        return -1;
                    }
                } else {
                    const char *dash = memchr(val, '-', vlen);
                    if (!dash || parse_int(val, (size_t)(dash - val), 0, BIG, &it->lo) ||
                        parse_int(dash + 1, vlen - (size_t)(dash - val) - 1, 0, BIG, &it->hi) || it->lo > it->hi) {
                        *why = "expected MIN-MAX (MIN <= MAX) after ':'";
                        return -1;
                    }
                }
            } else {
                size_t nlen = at ? (size_t)(at - p) : klen;
                if (copy_name(it->name, sizeof it->name, p, nlen, 0) ||
                    (at && copy_name(it->tag, sizeof it->tag, at + 1, klen - nlen - 1, 0))) {
                    *why = "bad name (letters, digits, '-', '_', '.', '+'; "
                           "not '-' or '+' first)";
                    return -1;
                }
                if (parse_int(val, vlen, 0, INT64_C(1000000000), &it->weight)) {
                    *why = "expected an integer weight from 0 to 1000000000";
                    return -1;
                }
                int ok = 1;
                switch (kn->sub) {
                case N_INT: {
                    int64_t c;
                    ok = parse_int(it->name, strlen(it->name), 0, 1000000, &c) == 0;
                    break;
                }
                case N_JLPT: ok = mu_gen_jlpt_level(it->name) >= 0; break;
                case N_ENGLISH: ok = mu_english_parse(it->name) >= 0; break;
                case N_REQ_JLPT: ok = mu_gen_jlpt_level(it->name) >= 0; break;
                case N_REQ_ENGLISH: ok = mu_english_parse(it->name) >= 0; break;
                default: break;
                }
                if (!ok) {
                    *why = kn->sub == N_INT                               ? "seat counts must be integers"
                           : (kn->sub == N_JLPT || kn->sub == N_REQ_JLPT) ? "levels are N1..N5 or none"
                                                                          : "levels are none, basic, daily, business, "
                                                                            "native";
                    return -1;
                }
            }
        }
        for (int j = 0; j < t->n; j++)
            if (strcmp(t->item[j].name, it->name) == 0) {
                *why = "a name appears twice";
                return -1;
            }
        t->n++;
        if (!end) break;
        p = end + 1;
    }
    return 0;
}

static int set_knob(mu_gen_knobs *k, const knob *kn, const char *v, mu_error *err) {
    char *base = (char *)k + kn->off;
    const char *why = NULL;
    char whybuf[96];
    switch (kn->type) {
    case K_U64: {
        uint64_t x;
        if (parse_u64(v, strlen(v), &x)) {
            why = "expected a decimal integer from 0 to 18446744073709551615";
            break;
        }
        memcpy(base, &x, sizeof x);
        break;
    }
    case K_INT: {
        int64_t x;
        if (parse_int(v, strlen(v), kn->lo, kn->hi, &x)) {
            snprintf(whybuf, sizeof whybuf, "expected an integer from %" PRId64 " to %" PRId64, kn->lo, kn->hi);
            why = whybuf;
            break;
        }
        memcpy(base, &x, sizeof x);
        break;
    }
    case K_RANGE:
    case K_RANGE_OFF: {
        mu_gen_range g;
        if (kn->type == K_RANGE_OFF && strcmp(v, "off") == 0) {
            g.min = g.max = -1;
        } else {
            const char *dash = strchr(v, '-');
            size_t len = strlen(v);
            if (dash) {
                if (parse_int(v, (size_t)(dash - v), kn->lo, kn->hi, &g.min) ||
                    parse_int(dash + 1, len - (size_t)(dash - v) - 1, kn->lo, kn->hi, &g.max)) {
                    why = "";
                    break;
                }
            } else if (parse_int(v, len, kn->lo, kn->hi, &g.min)) {
                why = "";
                break;
            } else {
                g.max = g.min;
            }
            if (g.min > g.max) {
                why = "MIN is greater than MAX";
                break;
            }
        }
        memcpy(base, &g, sizeof g);
        break;
    }
    case K_PERMILLE: {
        int64_t x;
        if (parse_fixed(v, 1000, 3, 1, &x) || x > 1000) {
            why = "expected a fraction from 0 to 1 (0.25, 25%)";
            break;
        }
        int32_t y = (int32_t)x;
        memcpy(base, &y, sizeof y);
        break;
    }
    case K_CENT: {
        int64_t x;
        if (parse_fixed(v, 100, 2, 0, &x) || x > kn->hi) {
            why = "expected a number with at most two decimals";
            break;
        }
        memcpy(base, &x, sizeof x);
        break;
    }
    case K_BOOL: {
        int b;
        if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1")) b = 1;
        else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0")) b = 0;
        else {
            why = "expected yes or no";
            break;
        }
        memcpy(base, &b, sizeof b);
        break;
    }
    case K_STR: {
        size_t len = strlen(v);
        if (len == 0 || len >= MU_GEN_TAG_MAX) {
            why = "expected 1 to 95 bytes";
            break;
        }
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) why = "control characters are not allowed";
        if (why) break;
        memcpy(base, v, len + 1);
        break;
    }
    case K_SHARES:
    case K_CODES:
    case K_CAPS:
    case K_BANDS: {
        mu_gen_table t;
        if (parse_table(kn, v, &t, &why)) break;
        memcpy(base, &t, sizeof t);
        break;
    }
    case K_INTS: {
        int64_t vals[4];
        const char *p = v;
        int n = 0;
        for (;;) {
            const char *end = strchr(p, ',');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            if (n == kn->sub || parse_int(p, len, kn->lo, kn->hi, &vals[n])) {
                n = -1;
                break;
            }
            n++;
            if (!end) break;
            p = end + 1;
        }
        if (n != kn->sub) {
            why = kn->sub == 3 ? "expected three integers R,H,N" : "expected four integers B,AR,CR,TM";
            break;
        }
        memcpy(base, vals, sizeof vals[0] * (size_t)n);
        break;
    }
    case K_JLPT:
    case K_ENGLISH: {
        int lvl = -1;
        if (strcmp(v, "off") != 0) {
            lvl = kn->type == K_JLPT ? mu_gen_jlpt_level(v) : mu_english_parse(v);
            if (lvl <= 0) {
                why = kn->type == K_JLPT ? "expected N1..N5 or off" : "expected basic, daily, business, native or off";
                break;
            }
        }
        memcpy(base, &lvl, sizeof lvl);
        break;
    }
    }
    if (why && !*why) { /* a range that did not parse */
        snprintf(whybuf, sizeof whybuf, "expected N or MIN-MAX with integers from %" PRId64 " to %" PRId64 "%s", kn->lo,
                 kn->hi, kn->type == K_RANGE_OFF ? ", or off" : "");
        why = whybuf;
    }
    if (why) return mu_err(err, MU_EUSAGE, "--%s: %s (got \"%s\")", kn->flag, why, v);
    if (strcmp(kn->flag, "applicants") == 0) k->applied = 0;
    return MU_OK;
}

/* ---- formatting (for the provenance's command line) */

static void fmt_table(const knob *kn, const mu_gen_table *t, char *buf, size_t cap) {
    size_t used = 0;
    buf[0] = '\0';
    if (t->n == 0) {
        snprintf(buf, cap, "none");
        return;
    }
    for (int i = 0; i < t->n && used < cap; i++) {
        const mu_gen_item *it = &t->item[i];
        const char *sep = i ? "," : "";
        int n = 0;
        switch (kn->type) {
        case K_CODES: n = snprintf(buf + used, cap - used, "%s%s", sep, it->name); break;
        case K_CAPS:
            n = snprintf(buf + used, cap - used, "%s%s=%s:%" PRId64, sep, it->name, it->tag, it->weight);
            if (n > 0 && it->hi && used + (size_t)n < cap) {
                used += (size_t)n;
                n = snprintf(buf + used, cap - used, "/%" PRId64, it->hi);
            }
            break;
        case K_BANDS:
            n = snprintf(buf + used, cap - used, "%s%s=%s:%" PRId64 "-%" PRId64, sep, it->name, it->tag, it->lo,
                         it->hi);
            break;
        default:
            n = snprintf(buf + used, cap - used, "%s%s%s%s:%" PRId64, sep, it->name, it->tag[0] ? "@" : "", it->tag,
                         it->weight);
            break;
        }
        if (n < 0) break;
        used += (size_t)n;
    }
}

static void fmt_knob(const mu_gen_knobs *k, const knob *kn, char *buf, size_t cap) {
    const char *base = (const char *)k + kn->off;
    switch (kn->type) {
    case K_U64: {
        uint64_t x;
        memcpy(&x, base, sizeof x);
        snprintf(buf, cap, "%" PRIu64, x);
        break;
    }
    case K_INT: {
        int64_t x;
        memcpy(&x, base, sizeof x);
        snprintf(buf, cap, "%" PRId64, x);
        break;
    }
    case K_RANGE:
    case K_RANGE_OFF: {
        mu_gen_range g;
        memcpy(&g, base, sizeof g);
        if (g.min < 0) snprintf(buf, cap, "off");
        else if (g.min == g.max) snprintf(buf, cap, "%" PRId64, g.min);
        else snprintf(buf, cap, "%" PRId64 "-%" PRId64, g.min, g.max);
        break;
    }
    case K_PERMILLE: {
        int32_t x;
        memcpy(&x, base, sizeof x);
        if (x == 1000) snprintf(buf, cap, "1");
        else {
            char d[8];
            snprintf(d, sizeof d, "%03d", (int)x);
            size_t l = strlen(d);
            while (l > 1 && d[l - 1] == '0') d[--l] = '\0';
            snprintf(buf, cap, "0.%s", d);
            if (x == 0) snprintf(buf, cap, "0");
        }
        break;
    }
    case K_CENT: {
        int64_t x;
        memcpy(&x, base, sizeof x);
        if (x % 100 == 0) snprintf(buf, cap, "%" PRId64, x / 100);
        else if (x % 10 == 0) snprintf(buf, cap, "%" PRId64 ".%" PRId64, x / 100, (x % 100) / 10);
        else snprintf(buf, cap, "%" PRId64 ".%02" PRId64, x / 100, x % 100);
        break;
    }
    case K_BOOL: {
        int b;
        memcpy(&b, base, sizeof b);
        snprintf(buf, cap, "%s", b ? "yes" : "no");
        break;
    }
    case K_STR: snprintf(buf, cap, "%s", base); break;
    case K_SHARES:
    case K_CODES:
    case K_CAPS:
    case K_BANDS: fmt_table(kn, (const mu_gen_table *)(const void *)base, buf, cap); break;
    case K_INTS: {
        int64_t v[4];
        memcpy(v, base, sizeof v[0] * (size_t)kn->sub);
        if (kn->sub == 3) snprintf(buf, cap, "%" PRId64 ",%" PRId64 ",%" PRId64, v[0], v[1], v[2]);
        else snprintf(buf, cap, "%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64, v[0], v[1], v[2], v[3]);
        break;
    }
    case K_JLPT:
    case K_ENGLISH: {
        int lvl;
        memcpy(&lvl, base, sizeof lvl);
        snprintf(buf, cap, "%s", lvl < 0 ? "off" : (kn->type == K_JLPT ? mu_jlpt_name(lvl) : mu_english_name(lvl)));
        break;
    }
    }
}

/* ---- the knob API */

void mu_gen_init(mu_gen_knobs *k) {
    memset(k, 0, sizeof *k);
    for (int i = 0; i < NKNOBS; i++) {
        mu_error err;
        mu_error_clear(&err);
        /* A default that does not parse is a bug in this file. */
        if (set_knob(k, &KNOBS[i], KNOBS[i].def, &err) != MU_OK) mu_die_contract(__func__, err.msg);
    }
    k->preset[0] = '\0';
    k->modified = 0;
}

int mu_gen_set(mu_gen_knobs *k, const char *flag, const char *value, mu_error *err) {
    const knob *kn = find_knob(flag);
    if (!kn) return mu_err(err, MU_EUSAGE, "--%s: no such option (see musubi gen --help)", flag);
    if (!value) return mu_err(err, MU_EUSAGE, "--%s: needs a value", flag);
    int rc = set_knob(k, kn, value, err);
    if (rc == MU_OK && k->preset[0]) k->modified = 1;
    return rc;
}

int mu_gen_set_arg(mu_gen_knobs *k, int argc, char **argv, int *i, mu_error *err) {
    const char *a = argv[*i];
    MU_REQUIRE(strncmp(a, "--", 2) == 0);
    char flag[128];
    const char *name = a + 2, *eq = strchr(name, '='), *value = NULL;
    size_t flen = eq ? (size_t)(eq - name) : strlen(name);
    if (flen >= sizeof flag) return mu_err(err, MU_EUSAGE, "%s: no such option (see musubi gen --help)", a);
    memcpy(flag, name, flen);
    flag[flen] = '\0';
    int is_bool = mu_gen_knob_is_bool(flag);
    if (is_bool < 0 && strncmp(flag, "no-", 3) == 0 && !eq && mu_gen_knob_is_bool(flag + 3) == 1) {
        memmove(flag, flag + 3, flen - 2);
        value = "no";
    } else if (is_bool < 0) {
        return mu_err(err, MU_EUSAGE, "--%s: no such option (see musubi gen --help)", flag);
    } else if (eq) {
        value = eq + 1;
    } else if (is_bool == 1) {
        value = "yes";
    } else if (*i + 1 < argc) {
        value = argv[++*i];
    } else {
        return mu_err(err, MU_EUSAGE, "--%s: needs a value", flag);
    }
    return mu_gen_set(k, flag, value, err);
}

int mu_gen_knob_count(void) { return NKNOBS; }

const char *mu_gen_knob_flag(int i) { return KNOBS[i].flag; }

void mu_gen_knob_text(const mu_gen_knobs *k, int i, char *buf, size_t cap) { fmt_knob(k, &KNOBS[i], buf, cap); }

int mu_gen_knob_is_bool(const char *flag) {
    const knob *kn = find_knob(flag);
    return kn ? kn->type == K_BOOL : -1;
}

int64_t mu_gen_applicant_count(const mu_gen_knobs *k) {
    if (k->applied > 0) return (k->applied * k->screened + 500) / 1000;
    return k->applicants;
}

void mu_gen_help(FILE *out) {
    for (int i = 0; i < NKNOBS; i++) {
        const knob *kn = &KNOBS[i];
        char head[96];
        if (kn->type == K_BOOL) snprintf(head, sizeof head, "--[no-]%s", kn->flag);
        else snprintf(head, sizeof head, "--%s %s", kn->flag, kn->arg);
        fprintf(out, "  %s\n      %s\n      default: %s\n", head, kn->help, kn->def[0] ? kn->def : "none");
    }
}

static int sum_weights(const mu_gen_table *t, int64_t *sum) {
    *sum = 0;
    for (int i = 0; i < t->n; i++) *sum += t->item[i].weight;
    return *sum > 0;
}

int mu_gen_validate(const mu_gen_knobs *k, mu_error *err) {
    int64_t n_app = mu_gen_applicant_count(k), s;
    if (n_app > BIG)
        return mu_err(err, MU_EUSAGE, "--applied x --screened: %" PRId64 " applicants is more than 2147483647", n_app);
    if (k->capacity_table.n == 0 && k->capacity_mean > 0) {
        if (k->capacity_mean < 100 * k->capacity.min || k->capacity_mean > 100 * k->capacity.max)
            return mu_err(err, MU_EUSAGE, "--capacity-mean: must lie within --capacity %" PRId64 "-%" PRId64,
                          k->capacity.min, k->capacity.max);
        if (k->capacity.max - k->capacity.min > 1000)
            return mu_err(err, MU_EUSAGE,
                          "--capacity-mean: needs a --capacity range of at most "
                          "1000 (got %" PRId64 "-%" PRId64 "); use 0 for uniform",
                          k->capacity.min, k->capacity.max);
    }
    if (k->capacity_table.n && !sum_weights(&k->capacity_table, &s))
        return mu_err(err, MU_EUSAGE, "--capacity-table: the weights sum to 0");
    if (n_app > 0) {
        if (!sum_weights(&k->nationalities, &s))
            return mu_err(err, MU_EUSAGE, "--nationalities: needs at least one positive weight");
        if (!sum_weights(&k->jlpt, &s)) return mu_err(err, MU_EUSAGE, "--jlpt: needs at least one positive weight");
        if (!sum_weights(&k->english, &s))
            return mu_err(err, MU_EUSAGE, "--english: needs at least one positive weight");
        if (k->fields.n && !sum_weights(&k->fields, &s))
            return mu_err(err, MU_EUSAGE, "--fields: the weights sum to 0");
    }
    const mu_gen_table *ct[] = {&k->sectors,      &k->regions,         &k->sizes, &k->overseas,
                                &k->require_jlpt, &k->require_english, &k->tm_mix};
    const char *cn[] = {"sectors",         "regions",          "sizes", "overseas", "require-jlpt",
                        "require-english", "target-market-mix"};
    for (int i = 0; i < 7; i++)
        if (ct[i]->n && !sum_weights(ct[i], &s)) return mu_err(err, MU_EUSAGE, "--%s: the weights sum to 0", cn[i]);
    if (k->age_mode < k->age.min || k->age_mode > k->age.max)
        return mu_err(err, MU_EUSAGE, "--age-mode: %" PRId64 " lies outside --age %" PRId64 "-%" PRId64, k->age_mode,
                      k->age.min, k->age.max);
    const mu_gen_table *mix = k->tm_mix.n ? &k->tm_mix : &k->nationalities;
    int positive = 0;
    for (int i = 0; i < mix->n; i++) positive += mix->item[i].weight > 0;
    if (k->target_markets.max > positive)
        return mu_err(err, MU_EUSAGE,
                      "--target-markets: at most %d codes have a positive weight "
                      "in the %s (got %" PRId64 "-%" PRId64 ")",
                      positive, k->tm_mix.n ? "--target-market-mix" : "--nationalities", k->target_markets.min,
                      k->target_markets.max);
    if (k->pair_weight[0] + k->pair_weight[1] + k->pair_weight[2] > INT64_C(1000000000))
        return mu_err(err, MU_EUSAGE, "--pair-weights: R + H + N must be at most 1000000000");
    if (k->violations > 0 && k->rules) {
        int kinds = (k->rule_age.min >= 0) + (k->rule_jlpt >= 0 || k->rule_english >= 0) + k->rule_degree +
                    (k->ineligible.n > 0);
        if (kinds == 0)
            return mu_err(err, MU_EUSAGE,
                          "--violations: no rule to violate (set a --rule-* or "
                          "--ineligible-nationalities)");
    }
    for (int i = 0; i < k->nationality_caps.n; i++)
        if (strchr(k->nationality_caps.item[i].tag, '!'))
            return mu_err(err, MU_EUSAGE,
                          "--nationality-caps: '!' is for --sector-bands (entry "
                          "%s)",
                          k->nationality_caps.item[i].name);
    for (int i = 0; i < k->sector_bands.n; i++) {
        const char *tag = k->sector_bands.item[i].tag;
        if (strchr(tag + 1, '!'))
            return mu_err(err, MU_EUSAGE, "--sector-bands: '!' may only come first (entry %s)",
                          k->sector_bands.item[i].name);
    }
    return MU_OK;
}
