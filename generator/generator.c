/* generator/generator.c — synthetic and historical musubi instances.
 *
 * Layout: random numbers; the knob table (text form, defaults, help); the
 * presets (the JIP fiscal years, Tokyo 2022, the bench families) and their
 * provenance; the model (categories, companies, one applicant at a time);
 * the writers (JSON, CSV tables).
 *
 * Everything is integer arithmetic on splitmix64 output, so the same knobs
 * give the same bytes everywhere. An applicant's attributes and candidate
 * companies are a pure function of (seed, index): the writers regenerate an
 * applicant instead of keeping it.
 */
#include "generator/generator.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Random numbers: splitmix64 (Steele, Lea, Flood, OOPSLA 2014).       */

#define GOLDEN 0x9e3779b97f4a7c15ULL

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Stream tags: each purpose draws from its own stream so that adding draws
 * to one never shifts another. */
enum {
    T_APP = 1, T_COMP, T_NOISE_APP, T_NOISE_COMP, T_NOISE_PAIR,
    T_PERM_NAT, T_PERM_LANG, T_PERM_FIELD, T_PERM_SECTOR, T_PERM_REGION,
    T_PERM_SIZE, T_PERM_OVERSEAS, T_PERM_CAPACITY
};

static uint64_t hash4(uint64_t seed, uint64_t tag, uint64_t x, uint64_t y)
{
    uint64_t h = mix64(seed + GOLDEN * tag);
    h = mix64(h ^ (x + GOLDEN));
    return mix64(h ^ (y + 2 * GOLDEN));
}

typedef struct stream {
    uint64_t s;
} stream;

static stream stream_at(uint64_t seed, uint64_t tag, uint64_t index)
{
    stream r = {hash4(seed, tag, index, 0)};
    return r;
}

static uint64_t next64(stream *r)
{
    r->s += GOLDEN;
    return mix64(r->s);
}

/* Uniform in [0, n), n > 0, without modulo bias: reject the first
 * 2^64 mod n values. */
static uint64_t below(stream *r, uint64_t n)
{
    uint64_t t = (0 - n) % n;
    for (;;) {
        uint64_t x = next64(r);
        if (x >= t)
            return x % n;
    }
}

static int64_t in_range(stream *r, mu_gen_range g)
{
    if (g.max <= g.min)
        return g.min;
    return g.min + (int64_t)below(r, (uint64_t)(g.max - g.min + 1));
}

static int chance(stream *r, int32_t permille)
{
    return (int64_t)below(r, 1000) < (int64_t)permille;
}

/* A pseudo-random permutation of [0, n): a 4-round Feistel network on the
 * smallest even number of bits covering n, cycle-walked back into range.
 * Used to spread exactly apportioned categories over the indices without
 * keeping a table. */
typedef struct perm {
    uint64_t n, key, mask;
    unsigned half;
} perm;

static void perm_init(perm *p, uint64_t n, uint64_t key)
{
    unsigned bits = 2;
    while (bits < 62 && (UINT64_C(1) << bits) < n)
        bits++;
    if (bits & 1)
        bits++;
    p->n = n;
    p->key = key;
    p->half = bits / 2;
    p->mask = (UINT64_C(1) << p->half) - 1;
}

static uint64_t perm_apply(const perm *p, uint64_t x)
{
    do {
        uint64_t l = x >> p->half, r = x & p->mask;
        for (uint64_t round = 0; round < 4; round++) {
            uint64_t f = mix64(p->key ^ (r + GOLDEN * (round + 1))) & p->mask;
            uint64_t t = l ^ f;
            l = r;
            r = t;
        }
        x = (l << p->half) | r;
    } while (x >= p->n);
    return x;
}

/* ------------------------------------------------------------------ */
/* Errors.                                                             */

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* ------------------------------------------------------------------ */
/* Levels.                                                             */

static const char *const JLPT_NAME[6] = {"none", "N5", "N4", "N3", "N2", "N1"};
static const char *const ENGLISH_NAME[5] = {"none", "basic", "daily", "business",
                                            "native"};

static int jlpt_level(const char *s)
{
    for (int i = 0; i < 6; i++)
        if (strcmp(s, JLPT_NAME[i]) == 0)
            return i;
    return -1;
}

static int english_level(const char *s)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(s, ENGLISH_NAME[i]) == 0)
            return i;
    return -1;
}

/* ------------------------------------------------------------------ */
/* The knob table. Each knob: flag, type, where it lives, bounds, the    */
/* default as text, the argument's name and a help line. mu_gen_init    */
/* parses the defaults with the same code as the command line.          */

enum ktype {
    K_U64, K_INT, K_RANGE, K_RANGE_OFF, K_PERMILLE, K_CENT, K_BOOL, K_STR,
    K_SHARES, K_CODES, K_CAPS, K_BANDS, K_INTS, K_JLPT, K_ENGLISH
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
    {"name", K_STR, OFF(name), 0, 0, 0, "generated", "TEXT",
     "the instance's name"},
    {"seed", K_U64, OFF(seed), 0, 0, 0, "1", "N",
     "random seed: the same seed and knobs give the same bytes"},
    {"applicants", K_INT, OFF(applicants), 0, BIG, 0, "1000", "N",
     "applicants in the instance (setting it clears --applied)"},
    {"applied", K_INT, OFF(applied), 0, BIG, 0, "0", "N",
     "applications received; if nonzero the instance holds applied x "
     "screened applicants"},
    {"screened", K_PERMILLE, OFF(screened), 0, 1000, 0, "0.1", "F",
     "fraction of --applied that passes screening into the final matching"},
    {"companies", K_INT, OFF(companies), 0, BIG, 0, "50", "N",
     "host companies"},
    {"capacity", K_RANGE, OFF(capacity), 0, 1000000, 0, "1-5", "MIN-MAX",
     "seats per company"},
    {"capacity-mean", K_CENT, OFF(capacity_mean), 0, 100000000, 0, "2.5", "X",
     "mean seats (binomial over the range); 0 = uniform over the range"},
    {"capacity-table", K_SHARES, OFF(capacity_table), 0, 0, N_INT, "none",
     "SEATS:W,...", "seat counts with weights; overrides --capacity"},
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
    {"company-correlation", K_PERMILLE, OFF(company_corr), 0, 1000, 0, "0.5",
     "F", "companies' preferences: 1 = one shared master list, 0 = "
     "independent"},
    {"in-sector", K_PERMILLE, OFF(in_sector), 0, 1000, 0, "0.8", "F",
     "share of an applicant's candidates drawn from its field's sector"},
    {"target-preference", K_PERMILLE, OFF(target_pref), 0, 1000, 0, "0.3", "F",
     "companies' bonus for applicants from their target markets, as a "
     "fraction of the score range"},
    {"pair-weights", K_INTS, OFF(pair_weight), 0, 333333333, 3, "400,400,200",
     "R,H,N", "explicit pair weight = R x rank score + H x host score + "
     "noise up to N"},
    {"weights", K_INTS, OFF(weights), 0, 1000000, 4, "100,100,100,50",
     "B,AR,CR,TM", "the weights object: base, applicant_rank, company_rank, "
     "target_market"},
    {"nationalities", K_SHARES, OFF(nationalities), 0, 0, N_ANY,
     "VN@southeast-asia:30,CN@east-asia:20,ID@southeast-asia:15,"
     "TH@southeast-asia:12,PH@southeast-asia:8,IN@south-asia:8,"
     "MY@southeast-asia:4,MM@southeast-asia:3",
     "CODE[@ORIGIN]:W,...",
     "applicants' nationality mix, also the rules' eligible list; ORIGIN "
     "becomes the free attribute `origin`"},
    {"ineligible-nationalities", K_CODES, OFF(ineligible), 0, 0, 0,
     "KR,SG,US", "CODE,...", "nationalities given to nationality violations"},
    {"jlpt", K_SHARES, OFF(jlpt), 0, 0, N_JLPT,
     "N1:8,N2:22,N3:40,N4:10,N5:5,none:15", "LEVEL:W,...",
     "applicants' JLPT levels (N1..N5, none)"},
    {"english", K_SHARES, OFF(english), 0, 0, N_ENGLISH,
     "none:3,basic:12,daily:30,business:45,native:10", "LEVEL:W,...",
     "applicants' English levels"},
    {"languages-joint", K_BOOL, OFF(languages_joint), 0, 0, 0, "yes", "",
     "draw both languages jointly so that applicants below the JLPT minimum "
     "meet the English minimum (keeping both marginals when possible)"},
    {"degree", K_PERMILLE, OFF(degree), 0, 1000, 0, "0.9", "F",
     "share of applicants holding a degree"},
    {"recommendation", K_PERMILLE, OFF(recommendation), 0, 1000, 0, "0.3", "F",
     "share holding a recommendation (with the degree rule, one with "
     "neither is given one unless it is a violation)"},
    {"fields", K_SHARES, OFF(fields), 0, 0, N_ANY,
     "engineering@manufacturing:33,commerce@wholesale-retail:19,"
     "business@services:12,information-technology@information-"
     "communications:16,science@professional-technical:10,"
     "architecture@construction:5,hospitality@accommodation-food:5",
     "FIELD[@SECTOR]:W,...", "applicants' fields; SECTOR is the field's home "
     "sector (host `requires.fields` and in-sector candidates)"},
    {"age", K_RANGE, OFF(age), 0, 150, 0, "20-40", "MIN-MAX",
     "applicants' ages (triangular)"},
    {"age-mode", K_INT, OFF(age_mode), 0, 150, 0, "26", "N",
     "the most frequent age"},
    {"sectors", K_SHARES, OFF(sectors), 0, 0, N_ANY,
     "manufacturing:33,wholesale-retail:19,services:12,information-"
     "communications:16,professional-technical:10,construction:5,"
     "accommodation-food:5",
     "SECTOR:W,...", "host sectors; none = no sector"},
    {"regions", K_SHARES, OFF(regions), 0, 0, N_ANY,
     "Kanto:52,Kinki:14,Chubu:12,Kyushu-Okinawa:8,Tohoku:4,Chugoku:4,"
     "Hokkaido:3,Shikoku:3",
     "REGION:W,...", "host regions; none = no region"},
    {"sizes", K_SHARES, OFF(sizes), 0, 0, N_ANY,
     "1-9:24,10-99:49,100-499:22,500-1000:4,1000+:1", "SIZE:W,...",
     "host sizes (staff); none = no size"},
    {"overseas", K_SHARES, OFF(overseas), 0, 0, N_ANY,
     "ongoing:52,planned:37,not-planned:11", "STATUS:W,...",
     "hosts' overseas operations; none = no status"},
    {"target-markets", K_RANGE, OFF(target_markets), 0, MU_GEN_MAX_ITEMS, 0,
     "1-3", "MIN-MAX", "target markets per host"},
    {"target-market-mix", K_SHARES, OFF(tm_mix), 0, 0, N_ANY, "none",
     "CODE:W,...", "target markets drawn from; none = the nationality mix"},
    {"requires", K_BOOL, OFF(requires), 0, 0, 0, "yes", "",
     "emit hosts' own requirements"},
    {"require-jlpt", K_SHARES, OFF(require_jlpt), 0, 0, N_REQ_JLPT,
     "N2:10,N3:15,none:75", "LEVEL:W,...", "hosts' JLPT minimum"},
    {"require-english", K_SHARES, OFF(require_english), 0, 0, N_REQ_ENGLISH,
     "business:30,none:70", "LEVEL:W,...",
     "hosts' English minimum (with a JLPT minimum, either suffices)"},
    {"require-fields", K_PERMILLE, OFF(require_fields), 0, 1000, 0, "0.15", "F",
     "share of hosts requiring a field of their sector"},
    {"require-degree", K_PERMILLE, OFF(require_degree), 0, 1000, 0, "0.1", "F",
     "share of hosts requiring a degree"},
    {"rules", K_BOOL, OFF(rules), 0, 0, 0, "yes", "",
     "emit the programme's rules (age, language, degree, nationalities)"},
    {"rule-age", K_RANGE_OFF, OFF(rule_age), 0, 150, 0, "20-40", "MIN-MAX|off",
     "the rules' age range"},
    {"rule-jlpt", K_JLPT, OFF(rule_jlpt), 0, 0, 0, "N3", "LEVEL|off",
     "the rules' JLPT minimum (either language minimum suffices)"},
    {"rule-english", K_ENGLISH, OFF(rule_english), 0, 0, 0, "business",
     "LEVEL|off", "the rules' English minimum"},
    {"rule-degree", K_BOOL, OFF(rule_degree), 0, 0, 0, "yes", "",
     "the rules require a degree or a recommendation"},
    {"violations", K_PERMILLE, OFF(violations), 0, 1000, 0, "0.01", "F",
     "share of applicants failing one rule (exercises the audit; needs "
     "--rules)"},
    {"stratify", K_BOOL, OFF(stratify), 0, 0, 0, "yes", "",
     "apportion categories exactly (largest remainder) instead of drawing "
     "each record independently"},
    {"budget", K_INT, OFF(budget), 0, BIG, 0, "0", "N",
     "a programme budget quota (at most N placements); 0 = none"},
    {"nationality-per-host", K_BOOL, OFF(nat_per_host), 0, 0, 0, "no", "",
     "at most one intern per nationality per host"},
    {"region-floor", K_INT, OFF(region_floor), 0, BIG, 0, "0", "N",
     "at least N placements in every host region; 0 = none"},
    {"region-nationality-floor", K_INT, OFF(region_nat_floor), 0, BIG, 0, "0",
     "N", "at least N placements per (host region, nationality); 0 = none"},
    {"nationality-caps", K_CAPS, OFF(nationality_caps), 0, 0, 0, "none",
     "[NAME=]CODE[|CODE..]:MAX[/EACH],...",
     "caps on placements by nationality (a group, and optionally each "
     "member)"},
    {"sector-bands", K_BANDS, OFF(sector_bands), 0, 0, 0, "none",
     "[NAME=][!]SECTOR[|SECTOR..]:MIN-MAX,...",
     "floors and caps on placements by host sector ('!' = all but)"},
};

#define NKNOBS ((int)(sizeof KNOBS / sizeof KNOBS[0]))

static const knob *find_knob(const char *flag)
{
    for (int i = 0; i < NKNOBS; i++)
        if (strcmp(KNOBS[i].flag, flag) == 0)
            return &KNOBS[i];
    return NULL;
}

/* --- parsing ------------------------------------------------------- */

/* A decimal integer of at most 19 digits, nothing else. */
static int parse_u64(const char *s, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    if (len == 0 || len > 20)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

static int parse_int(const char *s, size_t len, int64_t lo, int64_t hi,
                     int64_t *out)
{
    uint64_t v;
    if (parse_u64(s, len, &v) != 0 || v > (uint64_t)INT64_MAX)
        return -1;
    if ((int64_t)v < lo || (int64_t)v > hi)
        return -1;
    *out = (int64_t)v;
    return 0;
}

/* "0.85" -> 850 with scale 1000 and 3 decimals; "85%" -> 850. */
static int parse_fixed(const char *s, int64_t scale, int decimals,
                       int percent_ok, int64_t *out)
{
    size_t len = strlen(s);
    int percent = 0;
    if (len && s[len - 1] == '%') {
        if (!percent_ok)
            return -1;
        percent = 1;
        len--;
    }
    const char *dot = memchr(s, '.', len);
    size_t ilen = dot ? (size_t)(dot - s) : len;
    size_t flen = dot ? len - ilen - 1 : 0;
    if (ilen == 0 && flen == 0)
        return -1;
    if (dot && flen == 0)
        return -1;
    int64_t ip = 0;
    if (ilen && parse_int(s, ilen, 0, INT64_C(1000000000), &ip) != 0)
        return -1;
    /* percent: value/100 x scale */
    int64_t unit = percent ? scale / 100 : scale;
    int maxdec = decimals - (percent ? 2 : 0);
    if ((int64_t)flen > maxdec || unit == 0)
        return -1;
    int64_t frac = 0, div = 1;
    for (size_t i = 0; i < flen; i++) {
        char c = dot[1 + i];
        if (c < '0' || c > '9')
            return -1;
        frac = frac * 10 + (c - '0');
        div *= 10;
    }
    *out = ip * unit + frac * unit / div;
    return 0;
}

static int valid_name_char(char c, int tag)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9'))
        return 1;
    if (c == '-' || c == '_' || c == '.' || c == '+')
        return 1;
    return tag && (c == '|' || c == '!');
}

static int copy_name(char *dst, size_t cap, const char *s, size_t len, int tag)
{
    if (len == 0 || len >= cap)
        return -1;
    for (size_t i = 0; i < len; i++)
        if (!valid_name_char(s[i], tag))
            return -1;
    memcpy(dst, s, len);
    dst[len] = '\0';
    return 0;
}

static int is_none(const char *v)
{
    return strcmp(v, "none") == 0 || v[0] == '\0';
}

/* Splits `v` at commas and parses each entry into t; `why` gets a reason. */
static int parse_table(const knob *kn, const char *v, mu_gen_table *t,
                       const char **why)
{
    memset(t, 0, sizeof *t);
    if (is_none(v))
        return 0;
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
                       "'.', '+'";
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
                    if (copy_name(it->name, sizeof it->name, p,
                                  (size_t)(eq - p), 0)) {
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
                    int n = snprintf(nm, sizeof nm, "%s-%s",
                                     kn->type == K_CAPS ? "nationality"
                                                        : "sector",
                                     it->tag);
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
                        (slash && parse_int(slash + 1, vlen - mlen - 1, 1, BIG,
                                            &it->hi))) {
                        *why = "expected MAX or MAX/EACH after ':'";
                        return -1;
                    }
                } else {
                    const char *dash = memchr(val, '-', vlen);
                    if (!dash ||
                        parse_int(val, (size_t)(dash - val), 0, BIG, &it->lo) ||
                        parse_int(dash + 1, vlen - (size_t)(dash - val) - 1, 0,
                                  BIG, &it->hi) ||
                        it->lo > it->hi) {
                        *why = "expected MIN-MAX (MIN <= MAX) after ':'";
                        return -1;
                    }
                }
            } else {
                size_t nlen = at ? (size_t)(at - p) : klen;
                if (copy_name(it->name, sizeof it->name, p, nlen, 0) ||
                    (at && copy_name(it->tag, sizeof it->tag, at + 1,
                                     klen - nlen - 1, 0))) {
                    *why = "bad name (letters, digits, '-', '_', '.', '+')";
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
                    ok = parse_int(it->name, strlen(it->name), 0, 1000000,
                                   &c) == 0;
                    break;
                }
                case N_JLPT: ok = jlpt_level(it->name) >= 0; break;
                case N_ENGLISH: ok = english_level(it->name) >= 0; break;
                case N_REQ_JLPT:
                    ok = jlpt_level(it->name) >= 0;
                    break;
                case N_REQ_ENGLISH: ok = english_level(it->name) >= 0; break;
                default: break;
                }
                if (!ok) {
                    *why = kn->sub == N_INT   ? "seat counts must be integers"
                           : (kn->sub == N_JLPT || kn->sub == N_REQ_JLPT)
                               ? "levels are N1..N5 or none"
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
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
}

static int set_knob(mu_gen_knobs *k, const knob *kn, const char *v, char *err,
                    size_t errlen)
{
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
            snprintf(whybuf, sizeof whybuf,
                     "expected an integer from %" PRId64 " to %" PRId64,
                     kn->lo, kn->hi);
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
                    parse_int(dash + 1, len - (size_t)(dash - v) - 1, kn->lo,
                              kn->hi, &g.max)) {
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
        if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") ||
            !strcmp(v, "1"))
            b = 1;
        else if (!strcmp(v, "no") || !strcmp(v, "false") ||
                 !strcmp(v, "off") || !strcmp(v, "0"))
            b = 0;
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
            if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
                why = "control characters are not allowed";
        if (why)
            break;
        memcpy(base, v, len + 1);
        break;
    }
    case K_SHARES:
    case K_CODES:
    case K_CAPS:
    case K_BANDS: {
        mu_gen_table t;
        if (parse_table(kn, v, &t, &why))
            break;
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
            if (!end)
                break;
            p = end + 1;
        }
        if (n != kn->sub) {
            why = kn->sub == 3 ? "expected three integers R,H,N"
                               : "expected four integers B,AR,CR,TM";
            break;
        }
        memcpy(base, vals, sizeof vals[0] * (size_t)n);
        break;
    }
    case K_JLPT:
    case K_ENGLISH: {
        int lvl = -1;
        if (strcmp(v, "off") != 0) {
            lvl = kn->type == K_JLPT ? jlpt_level(v) : english_level(v);
            if (lvl <= 0) {
                why = kn->type == K_JLPT
                          ? "expected N1..N5 or off"
                          : "expected basic, daily, business, native or off";
                break;
            }
        }
        memcpy(base, &lvl, sizeof lvl);
        break;
    }
    }
    if (why && !*why) { /* a range that did not parse */
        snprintf(whybuf, sizeof whybuf,
                 "expected N or MIN-MAX with integers from %" PRId64
                 " to %" PRId64 "%s",
                 kn->lo, kn->hi, kn->type == K_RANGE_OFF ? ", or off" : "");
        why = whybuf;
    }
    if (why)
        return fail(err, errlen, MU_GEN_EKNOB, "--%s: %s (got \"%s\")",
                    kn->flag, why, v);
    if (strcmp(kn->flag, "applicants") == 0)
        k->applied = 0;
    return MU_GEN_OK;
}

/* --- formatting (for the provenance's command line) ---------------- */

static void fmt_table(const knob *kn, const mu_gen_table *t, char *buf,
                      size_t cap)
{
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
            n = snprintf(buf + used, cap - used, "%s%s=%s:%" PRId64, sep,
                         it->name, it->tag, it->weight);
            if (n > 0 && it->hi && used + (size_t)n < cap) {
                used += (size_t)n;
                n = snprintf(buf + used, cap - used, "/%" PRId64, it->hi);
            }
            break;
        case K_BANDS:
            n = snprintf(buf + used, cap - used,
                         "%s%s=%s:%" PRId64 "-%" PRId64, sep, it->name,
                         it->tag, it->lo, it->hi);
            break;
        default:
            n = snprintf(buf + used, cap - used, "%s%s%s%s:%" PRId64, sep,
                         it->name, it->tag[0] ? "@" : "", it->tag, it->weight);
            break;
        }
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

static void fmt_knob(const mu_gen_knobs *k, const knob *kn, char *buf,
                     size_t cap)
{
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
        if (g.min < 0)
            snprintf(buf, cap, "off");
        else if (g.min == g.max)
            snprintf(buf, cap, "%" PRId64, g.min);
        else
            snprintf(buf, cap, "%" PRId64 "-%" PRId64, g.min, g.max);
        break;
    }
    case K_PERMILLE: {
        int32_t x;
        memcpy(&x, base, sizeof x);
        if (x == 1000)
            snprintf(buf, cap, "1");
        else {
            char d[8];
            snprintf(d, sizeof d, "%03d", (int)x);
            size_t l = strlen(d);
            while (l > 1 && d[l - 1] == '0')
                d[--l] = '\0';
            snprintf(buf, cap, "0.%s", d);
            if (x == 0)
                snprintf(buf, cap, "0");
        }
        break;
    }
    case K_CENT: {
        int64_t x;
        memcpy(&x, base, sizeof x);
        if (x % 100 == 0)
            snprintf(buf, cap, "%" PRId64, x / 100);
        else if (x % 10 == 0)
            snprintf(buf, cap, "%" PRId64 ".%" PRId64, x / 100, (x % 100) / 10);
        else
            snprintf(buf, cap, "%" PRId64 ".%02" PRId64, x / 100, x % 100);
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
        if (kn->sub == 3)
            snprintf(buf, cap, "%" PRId64 ",%" PRId64 ",%" PRId64, v[0], v[1],
                     v[2]);
        else
            snprintf(buf, cap, "%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64,
                     v[0], v[1], v[2], v[3]);
        break;
    }
    case K_JLPT:
    case K_ENGLISH: {
        int lvl;
        memcpy(&lvl, base, sizeof lvl);
        snprintf(buf, cap, "%s",
                 lvl < 0 ? "off"
                         : (kn->type == K_JLPT ? JLPT_NAME[lvl]
                                               : ENGLISH_NAME[lvl]));
        break;
    }
    }
}

/* ------------------------------------------------------------------ */
/* Public knob API.                                                    */

void mu_gen_init(mu_gen_knobs *k)
{
    memset(k, 0, sizeof *k);
    for (int i = 0; i < NKNOBS; i++) {
        char err[160];
        if (set_knob(k, &KNOBS[i], KNOBS[i].def, err, sizeof err) != 0) {
            /* A default that does not parse is a bug in this file. */
            fprintf(stderr, "mu_gen_init: %s\n", err);
            abort();
        }
    }
    k->preset[0] = '\0';
    k->modified = 0;
}

int mu_gen_set(mu_gen_knobs *k, const char *flag, const char *value, char *err,
               size_t errlen)
{
    const knob *kn = find_knob(flag);
    if (!kn)
        return fail(err, errlen, MU_GEN_EKNOB, "--%s: no such option", flag);
    if (!value)
        return fail(err, errlen, MU_GEN_EKNOB, "--%s: needs a value", flag);
    int rc = set_knob(k, kn, value, err, errlen);
    if (rc == MU_GEN_OK && k->preset[0])
        k->modified = 1;
    return rc;
}

int mu_gen_knob_is_bool(const char *flag)
{
    const knob *kn = find_knob(flag);
    return kn ? kn->type == K_BOOL : -1;
}

int64_t mu_gen_applicant_count(const mu_gen_knobs *k)
{
    if (k->applied > 0)
        return (k->applied * k->screened + 500) / 1000;
    return k->applicants;
}

void mu_gen_help(FILE *out)
{
    for (int i = 0; i < NKNOBS; i++) {
        const knob *kn = &KNOBS[i];
        char head[96];
        if (kn->type == K_BOOL)
            snprintf(head, sizeof head, "--[no-]%s", kn->flag);
        else
            snprintf(head, sizeof head, "--%s %s", kn->flag, kn->arg);
        fprintf(out, "  %s\n      %s\n      default: %s\n", head, kn->help,
                kn->def[0] ? kn->def : "none");
    }
}

static int sum_weights(const mu_gen_table *t, int64_t *sum)
{
    *sum = 0;
    for (int i = 0; i < t->n; i++)
        *sum += t->item[i].weight;
    return *sum > 0;
}

int mu_gen_validate(const mu_gen_knobs *k, char *err, size_t errlen)
{
    int64_t n_app = mu_gen_applicant_count(k), s;
    if (n_app > BIG)
        return fail(err, errlen, MU_GEN_EKNOB,
                    "--applied x --screened: %" PRId64
                    " applicants is more than 2147483647",
                    n_app);
    if (k->capacity_table.n == 0 && k->capacity_mean > 0) {
        if (k->capacity_mean < 100 * k->capacity.min ||
            k->capacity_mean > 100 * k->capacity.max)
            return fail(err, errlen, MU_GEN_EKNOB,
                        "--capacity-mean: must lie within --capacity %" PRId64
                        "-%" PRId64,
                        k->capacity.min, k->capacity.max);
        if (k->capacity.max - k->capacity.min > 1000)
            return fail(err, errlen, MU_GEN_EKNOB,
                        "--capacity-mean: needs a --capacity range of at most "
                        "1000 (got %" PRId64 "-%" PRId64 "); use 0 for uniform",
                        k->capacity.min, k->capacity.max);
    }
    if (k->capacity_table.n && !sum_weights(&k->capacity_table, &s))
        return fail(err, errlen, MU_GEN_EKNOB,
                    "--capacity-table: the weights sum to 0");
    if (n_app > 0) {
        if (!sum_weights(&k->nationalities, &s))
            return fail(err, errlen, MU_GEN_EKNOB,
                        "--nationalities: needs at least one positive weight");
        if (!sum_weights(&k->jlpt, &s))
            return fail(err, errlen, MU_GEN_EKNOB,
                        "--jlpt: needs at least one positive weight");
        if (!sum_weights(&k->english, &s))
            return fail(err, errlen, MU_GEN_EKNOB,
                        "--english: needs at least one positive weight");
        if (k->fields.n && !sum_weights(&k->fields, &s))
            return fail(err, errlen, MU_GEN_EKNOB,
                        "--fields: the weights sum to 0");
    }
    const mu_gen_table *ct[] = {&k->sectors, &k->regions, &k->sizes,
                                &k->overseas, &k->require_jlpt,
                                &k->require_english, &k->tm_mix};
    const char *cn[] = {"sectors", "regions", "sizes", "overseas",
                        "require-jlpt", "require-english", "target-market-mix"};
    for (int i = 0; i < 7; i++)
        if (ct[i]->n && !sum_weights(ct[i], &s))
            return fail(err, errlen, MU_GEN_EKNOB, "--%s: the weights sum to 0",
                        cn[i]);
    if (k->age_mode < k->age.min || k->age_mode > k->age.max)
        return fail(err, errlen, MU_GEN_EKNOB,
                    "--age-mode: %" PRId64 " lies outside --age %" PRId64
                    "-%" PRId64,
                    k->age_mode, k->age.min, k->age.max);
    const mu_gen_table *mix = k->tm_mix.n ? &k->tm_mix : &k->nationalities;
    int positive = 0;
    for (int i = 0; i < mix->n; i++)
        positive += mix->item[i].weight > 0;
    if (k->target_markets.max > positive)
        return fail(err, errlen, MU_GEN_EKNOB,
                    "--target-markets: at most %d codes have a positive weight "
                    "in the %s (got %" PRId64 "-%" PRId64 ")",
                    positive,
                    k->tm_mix.n ? "--target-market-mix" : "--nationalities",
                    k->target_markets.min, k->target_markets.max);
    if (k->pair_weight[0] + k->pair_weight[1] + k->pair_weight[2] >
        INT64_C(1000000000))
        return fail(err, errlen, MU_GEN_EKNOB,
                    "--pair-weights: R + H + N must be at most 1000000000");
    if (k->violations > 0 && k->rules) {
        int kinds = (k->rule_age.min >= 0) +
                    (k->rule_jlpt >= 0 || k->rule_english >= 0) +
                    k->rule_degree + (k->ineligible.n > 0);
        if (kinds == 0)
            return fail(err, errlen, MU_GEN_EKNOB,
                        "--violations: no rule to violate (set a --rule-* or "
                        "--ineligible-nationalities)");
    }
    for (int i = 0; i < k->nationality_caps.n; i++)
        if (strchr(k->nationality_caps.item[i].tag, '!'))
            return fail(err, errlen, MU_GEN_EKNOB,
                        "--nationality-caps: '!' is for --sector-bands (entry "
                        "%s)",
                        k->nationality_caps.item[i].name);
    for (int i = 0; i < k->sector_bands.n; i++) {
        const char *tag = k->sector_bands.item[i].tag;
        if (strchr(tag + 1, '!'))
            return fail(err, errlen, MU_GEN_EKNOB,
                        "--sector-bands: '!' may only come first (entry %s)",
                        k->sector_bands.item[i].name);
    }
    return MU_GEN_OK;
}

/* ------------------------------------------------------------------ */
/* Presets.                                                            */

/* A fiscal year of METI's Japan Internship Program, as published in the
 * performance reports reprinted by source 003 (shared/program-facts.md). */
typedef struct jip_year {
    const char *preset;
    int fy;
    int applied, placed;            /* Figure 1 */
    int vn, cn, id, th;             /* Figure 1, top four nationalities */
    int other;                      /* Figure 1 text: other regions */
    const char *other_text;
    const char *other_codes;        /* synthesized: CODE@origin,... */
    int companies, hosts;           /* Figure 3 */
    int services, wholesale, manufacturing; /* Figure 3, hosts */
    int size[5];                    /* Figure 4, tenths of a percent */
    int overseas[3];                /* Figure 4, tenths of a percent */
    int jp[3];                      /* Figure 2: business, daily, others */
    int en[4];                      /* Figure 2: native, business, daily, others */
    const char *lang_note;
    int match, satisfaction;        /* Figure 1, interns' evaluation */
} jip_year;

static const jip_year JIP[] = {
    {"jip-fy2016", 2016, 9367, 103, 30, 25, 13, 10, 3,
     "Europe and Central America",
     "UA@europe,RS@europe,MX@central-america,GT@central-america", 219, 71, 16,
     11, 10, {338, 493, 127, 14, 28}, {559, 325, 119}, {311, 408, 281},
     {97, 437, 311, 155}, "003 Figure 2, FY2016", 85, 96},
    {"jip-fy2017", 2017, 12687, 120, 33, 22, 19, 15, 4, "Africa",
     "KE@africa,NG@africa,EG@africa,GH@africa", 263, 90, 17, 19, 25,
     {289, 422, 256, 22, 11}, {711, 244, 44}, {367, 367, 267},
     {0, 625, 308, 67},
     "003 Figure 2, FY2017 (English 'native' is printed as '-': taken as 0)",
     96, 98},
    {"jip-fy2018", 2018, 10830, 225, 66, 25, 34, 32, 23,
     "Europe, Africa and South America",
     "UA@europe,RS@europe,KE@africa,NG@africa,EG@africa,BR@south-america,"
     "CO@south-america,PE@south-america",
     304, 196, 24, 38, 65, {240, 490, 219, 41, 10}, {515, 373, 112},
     {678, 775, 548}, {97, 1062, 619, 222},
     "003 Figure 2 omits FY2018 (a different evaluation system): the FY2016 "
     "and FY2017 shares are averaged",
     91, 97},
};
#define NJIP ((int)(sizeof JIP / sizeof JIP[0]))

/* The other Asian nationalities that share the places not taken by the top
 * four and the other regions (synthesized: OECD-DAC recipients in Asia). */
static const char *const OTHER_ASIA[] = {
    "PH@southeast-asia:6", "MY@southeast-asia:4", "MM@southeast-asia:4",
    "IN@south-asia:4",     "KH@southeast-asia:2", "BD@south-asia:2",
    "LA@southeast-asia:1", "NP@south-asia:1",     "LK@south-asia:1",
    "MN@east-asia:1"};
#define NOTHER_ASIA 10
#define OTHER_ASIA_WEIGHT 26

/* Hosts outside the three published sectors (synthesized split, percent;
 * source 003's case studies name these sectors). */
static const char *const OTHER_SECTORS[] = {
    "information-communications:30", "professional-technical:25",
    "construction:15", "accommodation-food:15", "association-nonprofit:15"};
static const char *const SECTOR_FIELD[] = {
    "business@services",
    "commerce@wholesale-retail",
    "engineering@manufacturing",
    "information-technology@information-communications",
    "science@professional-technical",
    "architecture@construction",
    "hospitality@accommodation-food",
    "international-relations@association-nonprofit"};

#define JIP_TOLERANCE 50 /* permille: sector share band half-width */

typedef struct kv {
    const char *flag, *value;
} kv;

static const kv TOKYO_2022[] = {
    {"name", "tokyo-2022"},
    {"seed", "2022"},
    {"applicants", "80"},
    {"companies", "20"},
    {"capacity-table", "1:1"},
    {"app-list-length", "3-5"},
    {"company-list-length", "12"},
    {"app-correlation", "0.4"},
    {"company-correlation", "0.5"},
    {"in-sector", "0.6"},
    {"target-preference", "0.3"},
    {"nationalities",
     "VN@southeast-asia:1,ID@southeast-asia:1,TH@southeast-asia:1,"
     "IN@south-asia:1"},
    {"ineligible-nationalities", "none"},
    {"jlpt", "N1:10,N2:25,N3:30,N4:15,N5:5,none:15"},
    {"english", "basic:10,daily:30,business:45,native:15"},
    {"languages-joint", "no"},
    {"degree", "0.95"},
    {"recommendation", "0.2"},
    {"fields",
     "information-technology@information-communications:35,"
     "engineering@manufacturing:30,design@professional-technical:20,"
     "business@wholesale-retail:15"},
    {"age", "22-40"},
    {"age-mode", "27"},
    {"sectors",
     "information-communications:35,manufacturing:30,professional-"
     "technical:20,wholesale-retail:15"},
    {"regions", "Tokyo:1"},
    {"sizes", "1-9:25,10-99:55,100-299:20"},
    {"overseas", "ongoing:50,planned:40,not-planned:10"},
    {"target-markets", "1-2"},
    {"target-market-mix", "none"},
    {"require-jlpt", "N2:20,N3:30,none:50"},
    {"require-english", "business:40,none:60"},
    {"require-fields", "0.2"},
    {"require-degree", "0.3"},
    {"rules", "yes"},
    {"rule-age", "off"},
    {"rule-jlpt", "off"},
    {"rule-english", "off"},
    {"rule-degree", "yes"},
    {"violations", "0"},
    {"budget", "20"},
    {NULL, NULL}};

/* The bench's scaling families (sizes are set on the command line). */
static const kv BENCH_TRANSPORT[] = {
    {"name", "bench-transport"},
    {"app-list-length", "0"},
    {"company-list-length", "0"},
    {"pairs", "20"},
    {"capacity", "1-5"},
    {"capacity-mean", "2.5"},
    {"rules", "no"},
    {"violations", "0"},
    {"require-fields", "0"},
    {"require-degree", "0"},
    {"in-sector", "0.8"},
    {NULL, NULL}};

static const kv BENCH_QUOTAS[] = {
    {"name", "bench-quotas"},
    {"app-list-length", "0"},
    {"company-list-length", "0"},
    {"pairs", "20"},
    {"capacity", "1-5"},
    {"capacity-mean", "2.5"},
    {"rules", "no"},
    {"violations", "0"},
    {"require-fields", "0"},
    {"require-degree", "0"},
    {"nationality-per-host", "yes"},
    {"region-floor", "1"},
    {NULL, NULL}};

static const kv BENCH_STABLE[] = {
    {"name", "bench-stable"},
    {"app-list-length", "10"},
    {"company-list-length", "100"},
    {"pairs", "0"},
    {"capacity", "1-5"},
    {"capacity-mean", "2.5"},
    {"app-correlation", "0.7"},
    {"company-correlation", "0.7"},
    {"rules", "no"},
    {"violations", "0"},
    {"require-fields", "0"},
    {"require-degree", "0"},
    {NULL, NULL}};

static const struct {
    const char *name, *summary;
} PRESETS[] = {
    {"jip-fy2016", "METI Japan Internship Program FY2016 (003 Figures 1-4)"},
    {"jip-fy2017", "METI Japan Internship Program FY2017 (003 Figures 1-4)"},
    {"jip-fy2018", "METI Japan Internship Program FY2018 (003 Figures 1, 3, 4)"},
    {"tokyo-2022", "Tokyo overseas advanced-talent internship 2022-23 (004)"},
    {"bench-transport", "scaling family: explicit pairs, no quotas"},
    {"bench-quotas", "scaling family: explicit pairs with laminar quotas"},
    {"bench-stable", "scaling family: ranked preferences on both sides"},
};
#define NPRESETS ((int)(sizeof PRESETS / sizeof PRESETS[0]))

const char *mu_gen_preset_name(int i)
{
    return i >= 0 && i < NPRESETS ? PRESETS[i].name : NULL;
}

const char *mu_gen_preset_summary(int i)
{
    return i >= 0 && i < NPRESETS ? PRESETS[i].summary : NULL;
}

static void must_set(mu_gen_knobs *k, const char *flag, const char *value)
{
    char err[200];
    const knob *kn = find_knob(flag);
    if (!kn || set_knob(k, kn, value, err, sizeof err) != 0) {
        fprintf(stderr, "mu_gen_preset: %s\n", kn ? err : flag);
        abort();
    }
}

static void apply_kv(mu_gen_knobs *k, const kv *list)
{
    for (; list->flag; list++)
        must_set(k, list->flag, list->value);
}

/* Sector-share band [lo, hi] on placements for a sector holding s of h
 * hosts: budget x (s/h -/+ tolerance), rounded inwards. */
static void band(int budget, int s, int h, int64_t *lo, int64_t *hi)
{
    int64_t num_lo = (int64_t)1000 * s - (int64_t)JIP_TOLERANCE * h;
    int64_t num_hi = (int64_t)1000 * s + (int64_t)JIP_TOLERANCE * h;
    int64_t den = (int64_t)1000 * h;
    *lo = num_lo <= 0 ? 0 : (budget * num_lo + den - 1) / den;
    *hi = budget * num_hi / den;
    if (*hi > budget)
        *hi = budget;
}

static void apply_jip(mu_gen_knobs *k, const jip_year *y)
{
    char buf[2048];
    size_t u;
#define ADD(...)                                                               \
    do {                                                                       \
        int n_ = snprintf(buf + u, sizeof buf - u, __VA_ARGS__);               \
        if (n_ < 0 || (size_t)n_ >= sizeof buf - u)                           \
            abort();                                                           \
        u += (size_t)n_;                                                       \
    } while (0)

    must_set(k, "name", y->preset);
    snprintf(buf, sizeof buf, "%d", y->fy);
    must_set(k, "seed", buf);
    snprintf(buf, sizeof buf, "%d", y->applied);
    must_set(k, "applied", buf);
    must_set(k, "screened", "0.1");
    snprintf(buf, sizeof buf, "%d", y->companies);
    must_set(k, "companies", buf);
    must_set(k, "capacity-table", "1:60,2:30,3:10");
    must_set(k, "app-list-length", "3-5");
    must_set(k, "company-list-length", "10");
    must_set(k, "app-correlation", "0.5");
    must_set(k, "company-correlation", "0.5");
    must_set(k, "in-sector", "0.7");
    must_set(k, "target-preference", "0.3");

    /* Nationality mix of the screened pool = the mix of those placed. */
    int top4 = y->vn + y->cn + y->id + y->th;
    int other_asia = y->placed - top4 - y->other;
    u = 0;
    ADD("VN@southeast-asia:%d,CN@east-asia:%d,ID@southeast-asia:%d,"
        "TH@southeast-asia:%d",
        y->vn * 1000, y->cn * 1000, y->id * 1000, y->th * 1000);
    for (int i = 0; i < NOTHER_ASIA; i++) {
        const char *colon = strrchr(OTHER_ASIA[i], ':');
        int w = atoi(colon + 1);
        ADD(",%.*s:%d", (int)(colon - OTHER_ASIA[i]), OTHER_ASIA[i],
            other_asia * 1000 * w / OTHER_ASIA_WEIGHT);
    }
    int n_other = 1;
    for (const char *p = y->other_codes; *p; p++)
        n_other += *p == ',';
    const char *p = y->other_codes;
    for (int i = 0; i < n_other; i++) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        ADD(",%.*s:%d", (int)len, p, y->other * 1000 / n_other);
        p = end ? end + 1 : p + len;
    }
    must_set(k, "nationalities", buf);
    must_set(k, "ineligible-nationalities", "KR,SG,US,FR");

    /* Languages: Figure 2's categories mapped to levels (synthesized):
     * JP business = N1:N2 2:3, daily = N3, others = N4:N5:none 3:2:5;
     * EN others = basic:none 3:1. */
    u = 0;
    ADD("N1:%d,N2:%d,N3:%d,N4:%d,N5:%d,none:%d", y->jp[0] * 4, y->jp[0] * 6,
        y->jp[1] * 10, y->jp[2] * 3, y->jp[2] * 2, y->jp[2] * 5);
    must_set(k, "jlpt", buf);
    u = 0;
    ADD("none:%d,basic:%d,daily:%d,business:%d,native:%d", y->en[3],
        y->en[3] * 3, y->en[2] * 4, y->en[1] * 4, y->en[0] * 4);
    must_set(k, "english", buf);
    must_set(k, "languages-joint", "yes");
    must_set(k, "degree", "0.9");
    must_set(k, "recommendation", "0.4");
    must_set(k, "age", "20-40");
    must_set(k, "age-mode", "26");

    /* Host sectors: the three published counts, the rest split. */
    int rest = y->hosts - y->services - y->wholesale - y->manufacturing;
    int sw[8] = {y->services * 100, y->wholesale * 100, y->manufacturing * 100};
    u = 0;
    ADD("services:%d,wholesale-retail:%d,manufacturing:%d", sw[0], sw[1], sw[2]);
    for (int i = 0; i < 5; i++) {
        const char *colon = strrchr(OTHER_SECTORS[i], ':');
        sw[3 + i] = rest * atoi(colon + 1);
        ADD(",%.*s:%d", (int)(colon - OTHER_SECTORS[i]), OTHER_SECTORS[i],
            sw[3 + i]);
    }
    must_set(k, "sectors", buf);
    u = 0;
    for (int i = 0; i < 8; i++)
        ADD("%s%s:%d", i ? "," : "", SECTOR_FIELD[i], sw[i]);
    must_set(k, "fields", buf);
    must_set(k, "regions",
             "Kanto:52,Kinki:14,Chubu:12,Kyushu-Okinawa:8,Tohoku:4,Chugoku:4,"
             "Hokkaido:3,Shikoku:3");
    u = 0;
    ADD("1-9:%d,10-99:%d,100-499:%d,500-1000:%d,1000+:%d", y->size[0],
        y->size[1], y->size[2], y->size[3], y->size[4]);
    must_set(k, "sizes", buf);
    u = 0;
    ADD("ongoing:%d,planned:%d,not-planned:%d", y->overseas[0],
        y->overseas[1], y->overseas[2]);
    must_set(k, "overseas", buf);
    must_set(k, "target-markets", "1-3");
    must_set(k, "target-market-mix",
             "VN:30,TH:20,ID:20,CN:15,PH:5,MY:4,IN:4,MM:2");
    must_set(k, "requires", "yes");
    must_set(k, "require-jlpt", "N2:10,N3:15,none:75");
    must_set(k, "require-english", "business:30,none:70");
    must_set(k, "require-fields", "0.15");
    must_set(k, "require-degree", "0.1");
    must_set(k, "rules", "yes");
    must_set(k, "rule-age", "20-40");
    must_set(k, "rule-jlpt", "N3");
    must_set(k, "rule-english", "business");
    must_set(k, "rule-degree", "yes");
    must_set(k, "violations", "0.01");
    must_set(k, "weights", "100,100,100,50");

    /* Quotas: the budget, the nationality outcome as caps that sum to it,
     * and sector bands of +/- 5 points around the published host shares. */
    snprintf(buf, sizeof buf, "%d", y->placed);
    must_set(k, "budget", buf);
    u = 0;
    ADD("VN:%d,CN:%d,ID:%d,TH:%d,other-asia=", y->vn, y->cn, y->id, y->th);
    for (int i = 0; i < NOTHER_ASIA; i++)
        ADD("%s%.2s", i ? "|" : "", OTHER_ASIA[i]);
    ADD(":%d/%d,other-regions=", other_asia, y->th - 1);
    p = y->other_codes;
    for (int i = 0; i < n_other; i++) {
        ADD("%s%.2s", i ? "|" : "", p);
        const char *end = strchr(p, ',');
        p = end ? end + 1 : p;
    }
    ADD(":%d", y->other);
    must_set(k, "nationality-caps", buf);
    int64_t lo[4], hi[4];
    band(y->placed, y->services, y->hosts, &lo[0], &hi[0]);
    band(y->placed, y->wholesale, y->hosts, &lo[1], &hi[1]);
    band(y->placed, y->manufacturing, y->hosts, &lo[2], &hi[2]);
    band(y->placed, rest, y->hosts, &lo[3], &hi[3]);
    u = 0;
    ADD("services:%" PRId64 "-%" PRId64 ",wholesale-retail:%" PRId64
        "-%" PRId64 ",manufacturing:%" PRId64 "-%" PRId64
        ",other=!services|wholesale-retail|manufacturing:%" PRId64 "-%" PRId64,
        lo[0], hi[0], lo[1], hi[1], lo[2], hi[2], lo[3], hi[3]);
    must_set(k, "sector-bands", buf);
#undef ADD
}

int mu_gen_preset(mu_gen_knobs *k, const char *name)
{
    int found = -1;
    for (int i = 0; i < NPRESETS; i++)
        if (strcmp(PRESETS[i].name, name) == 0)
            found = i;
    mu_gen_init(k);
    if (found < 0)
        return -1;
    for (int i = 0; i < NJIP; i++)
        if (strcmp(JIP[i].preset, name) == 0)
            apply_jip(k, &JIP[i]);
    if (strcmp(name, "tokyo-2022") == 0)
        apply_kv(k, TOKYO_2022);
    else if (strcmp(name, "bench-transport") == 0)
        apply_kv(k, BENCH_TRANSPORT);
    else if (strcmp(name, "bench-quotas") == 0)
        apply_kv(k, BENCH_QUOTAS);
    else if (strcmp(name, "bench-stable") == 0)
        apply_kv(k, BENCH_STABLE);
    snprintf(k->preset, sizeof k->preset, "%s", name);
    k->modified = 0;
    return 0;
}

/* ------------------------------------------------------------------ */
/* The model.                                                          */

#define MAXCAT 32

/* A categorical attribute: cumulative weights for independent draws, and
 * exactly apportioned counts (largest remainder, ties to the lower index)
 * spread over the records by a keyed permutation for stratified picks. */
typedef struct cat {
    int m;
    int strat;
    uint64_t cum[MAXCAT + 1];
    uint64_t bound[MAXCAT + 1];
    perm p;
} cat;

static void cat_init(cat *c, const int64_t *w, int m, uint64_t n, int strat,
                     uint64_t key)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->strat = strat && n > 0;
    uint64_t total = 0;
    for (int i = 0; i < m; i++) {
        total += (uint64_t)w[i];
        c->cum[i + 1] = total;
    }
    if (!c->strat || total == 0) {
        c->strat = 0;
        return;
    }
    uint64_t count[MAXCAT], rem[MAXCAT], given = 0;
    for (int i = 0; i < m; i++) {
        /* n < 2^31 and w < 2^30: the product fits. */
        count[i] = n * (uint64_t)w[i] / total;
        rem[i] = n * (uint64_t)w[i] % total;
        given += count[i];
    }
    while (given < n) {
        int best = -1;
        for (int i = 0; i < m; i++)
            if (w[i] > 0 && (best < 0 || rem[i] > rem[best]))
                best = i;
        count[best]++;
        rem[best] = 0;
        given++;
    }
    for (int i = 0; i < m; i++)
        c->bound[i + 1] = c->bound[i] + count[i];
    perm_init(&c->p, n, key);
}

static int cat_pick(const cat *c, stream *r, uint64_t i)
{
    if (c->m == 0 || c->cum[c->m] == 0)
        return -1;
    uint64_t x;
    const uint64_t *b;
    if (c->strat) {
        x = perm_apply(&c->p, i);
        b = c->bound;
    } else {
        x = below(r, c->cum[c->m]);
        b = c->cum;
    }
    int lo = 0, hi = c->m - 1;
    while (lo < hi) { /* the first k with b[k+1] > x */
        int mid = (lo + hi) / 2;
        if (b[mid + 1] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static void table_weights(const mu_gen_table *t, int64_t *w)
{
    for (int i = 0; i < t->n; i++)
        w[i] = t->item[i].weight;
}

typedef struct company {
    int64_t capacity;
    uint32_t master; /* the company's standing, 0..999999 */
    int sector, region, size, overseas;
    int req_jlpt, req_english, req_fields, req_degree;
    int ntm;
    unsigned char tm[MU_GEN_MAX_ITEMS]; /* indices into the target-market mix */
    uint64_t *heap; /* company list: min-heap of (score << 32 | ~applicant) */
    uint32_t nheap, capheap;
} company;

typedef struct cand {
    int32_t c;
    uint32_t u;
} cand;

typedef struct applicant {
    int64_t i;
    int nat;     /* >= 0: nationality mix; < 0: ineligible entry -1 - nat */
    int age, jlpt, english, degree, recommendation, field;
    uint32_t quality;
    int ncand, nlist;
    cand *cand;
} applicant;

typedef struct gen {
    const mu_gen_knobs *k;
    uint64_t seed;
    int64_t n_app, n_comp;
    int app_digits, comp_digits;
    int emit_pairs, emit_app_lists, emit_comp_lists, has_origin;
    int kmax;
    mu_gen_range kdraw; /* candidates per applicant */
    cat nat, lang, field;
    int lang_jlpt[30], lang_english[30];
    uint64_t age_cum[152];
    int age_lo, age_n;
    int field_home[MAXCAT]; /* sector index or -1 */
    int tm_nat[MAXCAT];     /* target-market entry -> nationality index */
    int jlpt_of_req[MAXCAT], english_of_req[MAXCAT];
    company *comp;
    int32_t *members;           /* companies grouped by sector */
    int64_t mstart[MAXCAT + 2]; /* group s is members[mstart[s]..mstart[s+1]) */
    int vkinds[4], nvk;
    const mu_gen_table *tm_mix;
} gen;

enum { V_AGE, V_LANGUAGE, V_DEGREE, V_NATIONALITY };

static int digits(int64_t n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

/* Joint Japanese x English weights. With the language rule, applicants
 * below the JLPT minimum take their English from the levels that meet the
 * English minimum, in proportion; the rest of the English mass goes to the
 * others. Both marginals are kept whenever the high-English mass covers the
 * low-Japanese mass; otherwise the draw is independent (some applicants
 * then fail the rule, as the shares imply). */
static void language_cells(const mu_gen_knobs *k, int64_t *cell)
{
    const int64_t S = 1000000;
    int64_t p[6] = {0}, q[5] = {0}, wp = 0, wq = 0;
    for (int i = 0; i < k->jlpt.n; i++)
        wp += k->jlpt.item[i].weight;
    for (int i = 0; i < k->english.n; i++)
        wq += k->english.item[i].weight;
    for (int i = 0; i < k->jlpt.n; i++)
        p[jlpt_level(k->jlpt.item[i].name)] += k->jlpt.item[i].weight * S / wp;
    for (int i = 0; i < k->english.n; i++)
        q[english_level(k->english.item[i].name)] +=
            k->english.item[i].weight * S / wq;
    int joint = k->languages_joint && k->rules &&
                (k->rule_jlpt >= 0 || k->rule_english >= 0);
    int jmin = k->rule_jlpt >= 0 ? k->rule_jlpt : 6;    /* low: j < jmin */
    int emin = k->rule_english >= 0 ? k->rule_english : 5; /* high: e >= emin */
    int64_t low = 0, high = 0;
    for (int j = 0; j < jmin && j < 6; j++)
        low += p[j];
    for (int e = emin; e < 5; e++)
        high += q[e];
    if (!joint || high < low || low == S || high == 0) {
        for (int j = 0; j < 6; j++)
            for (int e = 0; e < 5; e++)
                cell[j * 5 + e] = p[j] * q[e] / S;
        return;
    }
    int64_t qrest[5];
    for (int e = 0; e < 5; e++)
        qrest[e] = q[e];
    for (int j = 0; j < 6; j++)
        for (int e = 0; e < 5; e++)
            cell[j * 5 + e] = 0;
    for (int j = 0; j < jmin; j++)
        for (int e = emin; e < 5; e++) {
            int64_t x = p[j] * q[e] / high;
            cell[j * 5 + e] = x;
            qrest[e] -= x;
        }
    int64_t rest = S - low;
    for (int j = jmin; j < 6; j++)
        for (int e = 0; e < 5; e++)
            cell[j * 5 + e] = qrest[e] > 0 ? p[j] * qrest[e] / rest : 0;
}

static int sector_index(const mu_gen_knobs *k, const char *name, size_t len)
{
    for (int s = 0; s < k->sectors.n; s++)
        if (strlen(k->sectors.item[s].name) == len &&
            memcmp(k->sectors.item[s].name, name, len) == 0)
            return s;
    return -1;
}

static int nationality_index(const mu_gen_knobs *k, const char *code)
{
    for (int i = 0; i < k->nationalities.n; i++)
        if (strcmp(k->nationalities.item[i].name, code) == 0)
            return i;
    return -1;
}

static int meets(const gen *g, const applicant *a, const company *c)
{
    if (c->req_jlpt >= 0 || c->req_english >= 0) {
        int ok = (c->req_jlpt >= 0 && a->jlpt >= c->req_jlpt) ||
                 (c->req_english >= 0 && a->english >= c->req_english);
        if (!ok)
            return 0;
    }
    if (c->req_fields &&
        (a->field < 0 || g->field_home[a->field] != c->sector))
        return 0;
    if (c->req_degree && !a->degree)
        return 0;
    return 1;
}

static void make_company(gen *g, int64_t j, cat *cs, cat *cr, cat *cz, cat *co,
                         cat *cc, uint64_t *tm_cum)
{
    const mu_gen_knobs *k = g->k;
    company *c = &g->comp[j];
    stream r = stream_at(g->seed, T_COMP, (uint64_t)j);
    c->master = (uint32_t)below(&r, 1000000);
    c->sector = cat_pick(cs, &r, (uint64_t)j);
    c->region = cat_pick(cr, &r, (uint64_t)j);
    c->size = cat_pick(cz, &r, (uint64_t)j);
    c->overseas = cat_pick(co, &r, (uint64_t)j);
    if (k->capacity_table.n) {
        int x = cat_pick(cc, &r, (uint64_t)j);
        int64_t cap = 0;
        parse_int(k->capacity_table.item[x].name,
                  strlen(k->capacity_table.item[x].name), 0, 1000000, &cap);
        c->capacity = cap;
    } else if (k->capacity_mean > 0 && k->capacity.max > k->capacity.min) {
        /* binomial: min + B(max - min, p), p in millionths */
        int64_t span = k->capacity.max - k->capacity.min;
        int64_t ppm = (k->capacity_mean - 100 * k->capacity.min) * 10000 / span;
        int64_t cap = k->capacity.min;
        for (int64_t t = 0; t < span; t++)
            cap += (int64_t)below(&r, 1000000) < ppm;
        c->capacity = cap;
    } else {
        c->capacity = in_range(&r, k->capacity);
    }
    /* Target markets: distinct draws by weight (bounded retries). */
    int want = (int)in_range(&r, k->target_markets);
    c->ntm = 0;
    uint64_t total = tm_cum[g->tm_mix->n];
    for (int tries = 0; c->ntm < want && tries < 64 * want && total; tries++) {
        uint64_t x = below(&r, total);
        int m = 0;
        while (tm_cum[m + 1] <= x)
            m++;
        int dup = 0;
        for (int t = 0; t < c->ntm; t++)
            dup |= c->tm[t] == m;
        if (!dup)
            c->tm[c->ntm++] = (unsigned char)m;
    }
    c->req_jlpt = c->req_english = -1;
    c->req_fields = c->req_degree = 0;
    if (k->requires) {
        if (k->require_jlpt.n) {
            int64_t w[MAXCAT];
            cat t;
            table_weights(&k->require_jlpt, w);
            cat_init(&t, w, k->require_jlpt.n, 0, 0, 0);
            int x = cat_pick(&t, &r, 0);
            c->req_jlpt = x >= 0 ? g->jlpt_of_req[x] : -1;
        }
        if (k->require_english.n) {
            int64_t w[MAXCAT];
            cat t;
            table_weights(&k->require_english, w);
            cat_init(&t, w, k->require_english.n, 0, 0, 0);
            int x = cat_pick(&t, &r, 0);
            c->req_english = x >= 0 ? g->english_of_req[x] : -1;
        }
        if (chance(&r, k->require_fields) && c->sector >= 0) {
            for (int f = 0; f < k->fields.n; f++)
                if (g->field_home[f] == c->sector)
                    c->req_fields = 1;
        }
        c->req_degree = chance(&r, k->require_degree);
    }
}

static void gen_free(gen *g)
{
    if (g->comp)
        for (int64_t j = 0; j < g->n_comp; j++)
            free(g->comp[j].heap);
    free(g->comp);
    free(g->members);
    g->comp = NULL;
    g->members = NULL;
}

static int gen_setup(gen *g, const mu_gen_knobs *k, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    int rc = mu_gen_validate(k, err, errlen);
    if (rc)
        return rc;
    g->k = k;
    g->seed = k->seed;
    g->n_app = mu_gen_applicant_count(k);
    g->n_comp = k->companies;
    g->app_digits = digits(g->n_app);
    g->comp_digits = digits(g->n_comp);
    g->emit_pairs = k->pairs.max > 0;
    g->emit_app_lists = k->app_list.max > 0;
    g->emit_comp_lists = k->company_list > 0;
    g->kdraw = g->emit_pairs       ? k->pairs
               : g->emit_app_lists ? k->app_list
                                   : k->candidates;
    if (g->kdraw.min < 1 && !g->emit_pairs && !g->emit_app_lists)
        g->kdraw.min = 1;
    g->kmax = (int)g->kdraw.max;
    if (g->kmax > g->n_comp)
        g->kmax = (int)g->n_comp;
    for (int i = 0; i < k->nationalities.n; i++)
        g->has_origin |= k->nationalities.item[i].tag[0] != '\0';
    g->tm_mix = k->tm_mix.n ? &k->tm_mix : &k->nationalities;

    uint64_t na = (uint64_t)g->n_app, nc = (uint64_t)g->n_comp;
    int64_t w[MAXCAT], lw[30];
    table_weights(&k->nationalities, w);
    cat_init(&g->nat, w, k->nationalities.n, na, k->stratify,
             hash4(g->seed, T_PERM_NAT, 0, 0));
    language_cells(k, lw);
    for (int j = 0; j < 6; j++)
        for (int e = 0; e < 5; e++) {
            g->lang_jlpt[j * 5 + e] = j;
            g->lang_english[j * 5 + e] = e;
        }
    cat_init(&g->lang, lw, 30, na, k->stratify,
             hash4(g->seed, T_PERM_LANG, 0, 0));
    table_weights(&k->fields, w);
    cat_init(&g->field, w, k->fields.n, na, k->stratify,
             hash4(g->seed, T_PERM_FIELD, 0, 0));
    for (int f = 0; f < k->fields.n; f++) {
        const char *tag = k->fields.item[f].tag;
        g->field_home[f] = tag[0] ? sector_index(k, tag, strlen(tag)) : -1;
    }
    for (int t = 0; t < g->tm_mix->n; t++)
        g->tm_nat[t] = nationality_index(k, g->tm_mix->item[t].name);
    for (int t = 0; t < k->require_jlpt.n; t++) {
        int lvl = jlpt_level(k->require_jlpt.item[t].name);
        g->jlpt_of_req[t] = lvl > 0 ? lvl : -1;
    }
    for (int t = 0; t < k->require_english.n; t++) {
        int lvl = english_level(k->require_english.item[t].name);
        g->english_of_req[t] = lvl > 0 ? lvl : -1;
    }
    /* Ages: triangular weights, continuous at the mode. */
    g->age_lo = (int)k->age.min;
    g->age_n = (int)(k->age.max - k->age.min + 1);
    for (int a = 0; a < g->age_n; a++) {
        int64_t x = k->age.min + a, wgt;
        if (x <= k->age_mode)
            wgt = (x - k->age.min + 1) * (k->age.max - k->age_mode + 1);
        else
            wgt = (k->age.max - x + 1) * (k->age_mode - k->age.min + 1);
        g->age_cum[a + 1] = g->age_cum[a] + (uint64_t)wgt;
    }
    g->nvk = 0;
    if (k->rules && k->violations > 0) {
        if (k->rule_age.min >= 0)
            g->vkinds[g->nvk++] = V_AGE;
        if (k->rule_jlpt >= 0 || k->rule_english >= 0)
            g->vkinds[g->nvk++] = V_LANGUAGE;
        if (k->rule_degree)
            g->vkinds[g->nvk++] = V_DEGREE;
        if (k->ineligible.n)
            g->vkinds[g->nvk++] = V_NATIONALITY;
    }

    /* Companies. */
    if (nc) {
        g->comp = calloc((size_t)nc, sizeof *g->comp);
        g->members = calloc((size_t)nc, sizeof *g->members);
        if (!g->comp || !g->members) {
            gen_free(g);
            return fail(err, errlen, MU_GEN_ENOMEM,
                        "out of memory for %" PRId64 " companies", g->n_comp);
        }
    }
    cat cs, cr, cz, co, cc;
    table_weights(&k->sectors, w);
    cat_init(&cs, w, k->sectors.n, nc, k->stratify,
             hash4(g->seed, T_PERM_SECTOR, 0, 0));
    table_weights(&k->regions, w);
    cat_init(&cr, w, k->regions.n, nc, k->stratify,
             hash4(g->seed, T_PERM_REGION, 0, 0));
    table_weights(&k->sizes, w);
    cat_init(&cz, w, k->sizes.n, nc, k->stratify,
             hash4(g->seed, T_PERM_SIZE, 0, 0));
    table_weights(&k->overseas, w);
    cat_init(&co, w, k->overseas.n, nc, k->stratify,
             hash4(g->seed, T_PERM_OVERSEAS, 0, 0));
    table_weights(&k->capacity_table, w);
    cat_init(&cc, w, k->capacity_table.n, nc, k->stratify,
             hash4(g->seed, T_PERM_CAPACITY, 0, 0));
    uint64_t tm_cum[MAXCAT + 1] = {0};
    for (int t = 0; t < g->tm_mix->n; t++)
        tm_cum[t + 1] = tm_cum[t] + (uint64_t)g->tm_mix->item[t].weight;
    for (int64_t j = 0; j < g->n_comp; j++)
        make_company(g, j, &cs, &cr, &cz, &co, &cc, tm_cum);
    /* Group companies by sector (group S = no sector), index order. */
    int ns = k->sectors.n;
    int64_t cnt[MAXCAT + 2] = {0};
    for (int64_t j = 0; j < g->n_comp; j++)
        cnt[g->comp[j].sector >= 0 ? g->comp[j].sector : ns]++;
    g->mstart[0] = 0;
    for (int s = 0; s <= ns; s++)
        g->mstart[s + 1] = g->mstart[s] + cnt[s];
    int64_t fill[MAXCAT + 2];
    memcpy(fill, g->mstart, sizeof fill);
    for (int64_t j = 0; j < g->n_comp; j++) {
        int s = g->comp[j].sector >= 0 ? g->comp[j].sector : ns;
        g->members[fill[s]++] = (int32_t)j;
    }
    return MU_GEN_OK;
}

/* The applicant's view of company c: its standing mixed with the
 * applicant's own taste, by the correlation knob. */
static uint32_t app_utility(const gen *g, int64_t a, int32_t c)
{
    uint64_t noise = hash4(g->seed, T_NOISE_APP, (uint64_t)a, (uint64_t)c) %
                     1000000;
    uint64_t rho = (uint64_t)g->k->app_corr;
    return (uint32_t)((rho * g->comp[c].master + (1000 - rho) * noise) / 1000);
}

static uint32_t company_utility(const gen *g, const applicant *a, int32_t c)
{
    uint64_t noise = hash4(g->seed, T_NOISE_COMP, (uint64_t)c, (uint64_t)a->i) %
                     1000000;
    uint64_t rho = (uint64_t)g->k->company_corr;
    uint64_t u = (rho * a->quality + (1000 - rho) * noise) / 1000;
    const company *co = &g->comp[c];
    if (a->nat >= 0)
        for (int t = 0; t < co->ntm; t++)
            if (g->tm_nat[co->tm[t]] == a->nat) {
                u += (uint64_t)g->k->target_pref * 1000;
                break;
            }
    return (uint32_t)u;
}

static int cand_cmp(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->u != b->u)
        return a->u > b->u ? -1 : 1;
    return (a->c > b->c) - (a->c < b->c); /* ties: lower company index first */
}

static void make_applicant(const gen *g, int64_t i, applicant *a)
{
    const mu_gen_knobs *k = g->k;
    stream r = stream_at(g->seed, T_APP, (uint64_t)i);
    a->i = i;
    a->quality = (uint32_t)below(&r, 1000000);
    a->nat = cat_pick(&g->nat, &r, (uint64_t)i);
    int cell = cat_pick(&g->lang, &r, (uint64_t)i);
    a->jlpt = g->lang_jlpt[cell];
    a->english = g->lang_english[cell];
    a->field = cat_pick(&g->field, &r, (uint64_t)i);
    uint64_t x = below(&r, g->age_cum[g->age_n]);
    int age = 0;
    while (g->age_cum[age + 1] <= x)
        age++;
    a->age = g->age_lo + age;
    a->degree = chance(&r, k->degree);
    a->recommendation = chance(&r, k->recommendation);
    int violator = g->nvk && chance(&r, k->violations);
    if (violator) {
        switch (g->vkinds[below(&r, (uint64_t)g->nvk)]) {
        case V_AGE:
            if (below(&r, 2) && k->rule_age.max < 145)
                a->age = (int)k->rule_age.max + 1 + (int)below(&r, 5);
            else if (k->rule_age.min > 0)
                a->age = (int)k->rule_age.min - 1 -
                         (int)below(&r, (uint64_t)(k->rule_age.min > 2 ? 2 : 1));
            else
                a->age = (int)k->rule_age.max + 1;
            break;
        case V_LANGUAGE:
            if (k->rule_jlpt >= 0)
                a->jlpt = (int)below(&r, (uint64_t)k->rule_jlpt);
            if (k->rule_english >= 0)
                a->english = (int)below(&r, (uint64_t)k->rule_english);
            break;
        case V_DEGREE: a->degree = a->recommendation = 0; break;
        default: a->nat = -1 - (int)below(&r, (uint64_t)k->ineligible.n); break;
        }
    } else if (k->rules && k->rule_degree && !a->degree && !a->recommendation) {
        a->recommendation = 1;
    }

    /* Candidate companies: mostly in the field's home sector, popular ones
     * favoured by a two-way tournament won with probability app-correlation,
     * only hosts whose requirements the applicant meets. */
    a->ncand = 0;
    a->nlist = 0;
    if (g->n_comp == 0)
        return;
    int want = (int)in_range(&r, g->kdraw);
    if (want > g->kmax)
        want = g->kmax;
    int home = a->field >= 0 ? g->field_home[a->field] : -1;
    int64_t hn = home >= 0 ? g->mstart[home + 1] - g->mstart[home] : 0;
    for (int tries = 0; a->ncand < want && tries < 20 * want + 100; tries++) {
        const int32_t *pool = g->members;
        uint64_t pn = (uint64_t)g->n_comp;
        if (hn > 0 && chance(&r, k->in_sector)) {
            pool = g->members + g->mstart[home];
            pn = (uint64_t)hn;
        }
        int32_t c = pool[below(&r, pn)];
        if (chance(&r, k->app_corr)) {
            int32_t c2 = pool[below(&r, pn)];
            if (g->comp[c2].master > g->comp[c].master)
                c = c2;
        }
        int dup = 0;
        for (int t = 0; t < a->ncand && !dup; t++)
            dup = a->cand[t].c == c;
        if (dup || !meets(g, a, &g->comp[c]))
            continue;
        a->cand[a->ncand].c = c;
        a->ncand++;
    }
    if (a->ncand == 0 && want > 0) {
        /* Nobody's requirements are met: the applicant applies anyway. */
        a->cand[0].c = (int32_t)below(&r, (uint64_t)g->n_comp);
        a->ncand = 1;
    }
    for (int t = 0; t < a->ncand; t++)
        a->cand[t].u = app_utility(g, i, a->cand[t].c);
    if (a->ncand > 1)
        qsort(a->cand, (size_t)a->ncand, sizeof *a->cand, cand_cmp);
    if (g->emit_app_lists) {
        int len = g->emit_pairs ? (int)in_range(&r, k->app_list) : a->ncand;
        a->nlist = len < a->ncand ? len : a->ncand;
    }
}

/* Offers applicant a to the bounded list of each company it considers. */
static int feed_companies(gen *g, const applicant *a)
{
    if (!g->emit_comp_lists)
        return 0;
    int n = g->emit_app_lists ? a->nlist : a->ncand;
    uint32_t lim = (uint32_t)(g->k->company_list < UINT32_MAX
                                  ? g->k->company_list
                                  : UINT32_MAX);
    for (int t = 0; t < n; t++) {
        company *c = &g->comp[a->cand[t].c];
        /* larger key = preferred: higher score, then lower index */
        uint64_t key = ((uint64_t)company_utility(g, a, a->cand[t].c) << 32) |
                       (uint64_t)(UINT32_MAX - (uint32_t)a->i);
        uint64_t *h = c->heap;
        if (c->nheap < lim) {
            if (c->nheap == c->capheap) {
                uint32_t cap = c->capheap ? c->capheap * 2 : 8;
                if (cap > lim)
                    cap = lim;
                uint64_t *nh = realloc(c->heap, cap * sizeof *nh);
                if (!nh)
                    return -1;
                c->heap = h = nh;
                c->capheap = cap;
            }
            uint32_t x = c->nheap++;
            while (x > 0 && h[(x - 1) / 2] > key) {
                h[x] = h[(x - 1) / 2];
                x = (x - 1) / 2;
            }
            h[x] = key;
        } else if (key > h[0]) {
            uint32_t x = 0, m = c->nheap;
            for (;;) {
                uint32_t l = 2 * x + 1, s = x;
                uint64_t sk = key;
                if (l < m && h[l] < sk) {
                    s = l;
                    sk = h[l];
                }
                if (l + 1 < m && h[l + 1] < sk)
                    s = l + 1;
                if (s == x)
                    break;
                h[x] = h[s];
                x = s;
            }
            h[x] = key;
        }
    }
    return 0;
}

static int key_desc(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a < b) - (a > b);
}

/* Explicit pair weight: rank score + host score + noise (integers). */
static int64_t pair_weight(const gen *g, const applicant *a, int rank)
{
    const int64_t *pw = g->k->pair_weight;
    int32_t c = a->cand[rank].c;
    int64_t K = a->ncand;
    int64_t w = pw[0] * (K - rank) / K;
    w += pw[1] * (int64_t)g->comp[c].master / 1000000;
    if (pw[2] > 0)
        w += (int64_t)(hash4(g->seed, T_NOISE_PAIR, (uint64_t)a->i,
                             (uint64_t)c) %
                       (uint64_t)(pw[2] + 1));
    return w;
}

/* ------------------------------------------------------------------ */
/* Output helpers.                                                     */

static void put_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            fputc('\\', f);
            fputc(ch, f);
        } else if (ch < 0x20) {
            fprintf(f, "\\u%04x", ch);
        } else {
            fputc(ch, f);
        }
    }
    fputc('"', f);
}

static void put_id(FILE *f, char prefix, int width, int64_t i)
{
    fprintf(f, "%c%0*" PRId64, prefix, width, i + 1);
}

static const char *nat_code(const gen *g, const applicant *a)
{
    return a->nat >= 0 ? g->k->nationalities.item[a->nat].name
                       : g->k->ineligible.item[-1 - a->nat].name;
}

/* The command that regenerates these knobs: the preset (if any) and every
 * knob that differs from it, as a JSON array of argv words (unquoted). */
static void put_command(FILE *f, const mu_gen_knobs *k)
{
    mu_gen_knobs base;
    if (k->preset[0])
        mu_gen_preset(&base, k->preset);
    else
        mu_gen_init(&base);
    fputs("[\"musubi\", \"gen\"", f);
    if (k->preset[0]) {
        fputs(", \"--preset\", ", f);
        put_json_string(f, k->preset);
    }
    char a[4096], b[4096];
    for (int i = 0; i < NKNOBS; i++) {
        fmt_knob(k, &KNOBS[i], a, sizeof a);
        fmt_knob(&base, &KNOBS[i], b, sizeof b);
        if (strcmp(a, b) == 0)
            continue;
        if (strcmp(KNOBS[i].flag, "applicants") == 0 && k->applied > 0)
            continue;
        fprintf(f, ", \"--%s\", ", KNOBS[i].flag);
        put_json_string(f, a);
    }
    fputc(']', f);
}

/* --- provenance ---------------------------------------------------- */

static const char *SRC003 = "shared/seeds/003_9c0f4474546b9108.txt";
static const char *SRC004 = "shared/seeds/004_442c989fbb773a76.txt";
static const char *SRC000 = "shared/seeds/000_12ffdabf6351c0d5.txt";

static void pub(FILE *f, int *first, const char *figure, const char *item,
                const char *value, const char *use)
{
    fprintf(f, "%s\n      {\"figure\": ", *first ? "" : ",");
    put_json_string(f, figure);
    fputs(", \"item\": ", f);
    put_json_string(f, item);
    fputs(", \"value\": ", f);
    fputs(value, f);
    fputs(", \"used_as\": ", f);
    put_json_string(f, use);
    fputc('}', f);
    *first = 0;
}

static void text_line(FILE *f, int *first, const char *s)
{
    fprintf(f, "%s\n      ", *first ? "" : ",");
    put_json_string(f, s);
    *first = 0;
}

static void put_generator(FILE *f, const mu_gen_knobs *k, int historical)
{
    fputs("    \"generator\": {\"command\": ", f);
    put_command(f, k);
    fprintf(f, ", \"seed\": %" PRIu64 "%s}", k->seed,
            historical && k->modified ? ", \"note\": \"knobs were changed after the preset: "
                          "the published figures describe the preset, not "
                          "necessarily this instance\""
                        : "");
}

static void provenance_jip(FILE *f, const mu_gen_knobs *k, const jip_year *y)
{
    char v[256], item[256], use[512];
    int first = 1;
    int top4 = y->vn + y->cn + y->id + y->th;
    int other_asia = y->placed - top4 - y->other;
    int rest = y->hosts - y->services - y->wholesale - y->manufacturing;
    int64_t n_app = (y->applied * (int64_t)k->screened + 500) / 1000;

    fprintf(f, "{\n    \"programme\": \"METI Japan Internship Program "
               "(Kokusai-sokushin Intanshippu Jigyo), fiscal year %d: the final "
               "matching of screened interns to host companies\",\n",
            y->fy);
    fprintf(f, "    \"sources\": [\n      {\"id\": \"003\", \"file\": \"%s\", "
               "\"title\": \"Budianto, F. (2019), Japan's Strategy in "
               "Internationalization of Small and Medium Sized Firms: A Case "
               "Study of Japan Internship Program; reprints METI's performance "
               "reports FY2016-2018 as Figures 1-4\"},\n",
            SRC003);
    fprintf(f, "      {\"id\": \"program-facts\", \"file\": "
               "\"shared/program-facts.md\", \"title\": \"the project's "
               "transcription of 003's figures\"}\n    ],\n");
    fputs("    \"published\": [", f);
    snprintf(v, sizeof v, "%d", y->applied);
    snprintf(use, sizeof use,
             "--applied; the instance holds applied x screened = %" PRId64
             " applicants (screening assumption below)",
             n_app);
    pub(f, &first, "003 Figure 1", "foreign nationals applying", v, use);
    snprintf(v, sizeof v, "%d", y->placed);
    pub(f, &first, "003 Figure 1", "interns placed", v,
        "quota budget (max); every maximum-weight solution fills it");
    snprintf(v, sizeof v,
             "{\"VN\": %d, \"CN\": %d, \"ID\": %d, \"TH\": %d}", y->vn, y->cn,
             y->id, y->th);
    pub(f, &first, "003 Figure 1", "top four nationalities of interns", v,
        "quotas nationality-VN/CN/ID/TH (max) and the pool's nationality mix");
    snprintf(v, sizeof v, "%d", y->other);
    snprintf(item, sizeof item, "interns from %s (003 text under Figure 1)",
             y->other_text);
    pub(f, &first, "003 Figure 1", item, v, "quota other-regions (max)");
    snprintf(v, sizeof v, "%d", other_asia);
    pub(f, &first, "derived from 003 Figure 1",
        "other Asian interns = placed - top four - other regions", v,
        "quota other-asia (max), each of its nationalities below the fourth "
        "(other-asia-each)");
    snprintf(v, sizeof v, "{\"match\": %d, \"satisfaction\": %d}", y->match,
             y->satisfaction);
    pub(f, &first, "003 Figure 1", "interns' evaluation, percent", v,
        "not used (an outcome of the internship, not of the matching)");
    snprintf(v, sizeof v,
             "{\"business\": %d.%d, \"daily\": %d.%d, \"others\": %d.%d}",
             y->jp[0] / 10, y->jp[0] % 10, y->jp[1] / 10, y->jp[1] % 10,
             y->jp[2] / 10, y->jp[2] % 10);
    if (y->fy == 2018)
        snprintf(v, sizeof v, "null");
    snprintf(use, sizeof use,
             "--jlpt shares (%s); business = N1:N2 2:3, daily = N3, others = "
             "N4:N5:none 3:2:5",
             y->lang_note);
    pub(f, &first, "003 Figure 2", "interns' Japanese, percent", v, use);
    snprintf(v, sizeof v,
             "{\"native\": %d.%d, \"business\": %d.%d, \"daily\": %d.%d, "
             "\"others\": %d.%d}",
             y->en[0] / 10, y->en[0] % 10, y->en[1] / 10, y->en[1] % 10,
             y->en[2] / 10, y->en[2] % 10, y->en[3] / 10, y->en[3] % 10);
    if (y->fy == 2018)
        snprintf(v, sizeof v, "null");
    snprintf(use, sizeof use,
             "--english shares (%s); others = basic:none 3:1; drawn jointly "
             "with Japanese so the language rule holds",
             y->lang_note);
    pub(f, &first, "003 Figure 2", "interns' English, percent", v, use);
    snprintf(v, sizeof v, "%d", y->companies);
    pub(f, &first, "003 Figure 3", "companies applying", v,
        "--companies (all applying companies take part in the final "
        "matching)");
    snprintf(v, sizeof v,
             "{\"hosts\": %d, \"services\": %d, \"wholesale-retail\": %d, "
             "\"manufacturing\": %d}",
             y->hosts, y->services, y->wholesale, y->manufacturing);
    pub(f, &first, "003 Figure 3", "hosts and their top three sectors", v,
        "--sectors shares of the applying companies; quotas sector-* bound "
        "placements by host sector to the published share +/- 5 points");
    snprintf(v, sizeof v,
             "{\"1-9\": %d.%d, \"10-99\": %d.%d, \"100-499\": %d.%d, "
             "\"500-1000\": %d.%d, \"1000+\": %d.%d}",
             y->size[0] / 10, y->size[0] % 10, y->size[1] / 10, y->size[1] % 10,
             y->size[2] / 10, y->size[2] % 10, y->size[3] / 10, y->size[3] % 10,
             y->size[4] / 10, y->size[4] % 10);
    pub(f, &first, "003 Figure 4", "hosts by staff, percent", v,
        "--sizes shares (apportioned exactly over the companies)");
    snprintf(v, sizeof v,
             "{\"ongoing\": %d.%d, \"planned\": %d.%d, \"not-planned\": %d.%d}",
             y->overseas[0] / 10, y->overseas[0] % 10, y->overseas[1] / 10,
             y->overseas[1] % 10, y->overseas[2] / 10, y->overseas[2] % 10);
    pub(f, &first, "003 Figure 4", "hosts' overseas operations, percent", v,
        "--overseas shares");
    pub(f, &first, "003 program overview", "eligibility",
        "\"developing-country nationals; JLPT N3 or higher, or English; age "
        "20 to 40; certificate of graduation or letter of recommendation\"",
        "rules: nationalities (the pool's list), language jlpt N3 or english "
        "business, age 20-40, degree_or_recommendation");
    pub(f, &first, "003 and 000", "host motives",
        "\"overseas business expansion: hosts want interns from their target "
        "markets\"",
        "target_markets (1-3 per host), weights.target_market 50, and a +0.3 "
        "bonus in hosts' rankings for target-market applicants");
    fputs("\n    ],\n    \"synthesized\": [", f);
    first = 1;
    char s[1024];
    snprintf(s, sizeof s,
             "screening (not in the public record): %d.%d%% of applicants pass "
             "the examination and selection and reach the final matching "
             "(knob --screened 0.1): %" PRId64 " applicants for %d places",
             k->screened / 10, k->screened % 10, n_app, y->placed);
    text_line(f, &first, s);
    text_line(f, &first,
              "the screened pool has the nationality mix of those placed; "
              "the other Asian places are spread over PH, MY, MM, IN, KH, BD, "
              "LA, NP, LK, MN (weights 6,4,4,4,2,2,1,1,1,1)");
    snprintf(s, sizeof s,
             "other-region nationalities (%s) are illustrative: 003 names "
             "only the regions",
             y->other_text);
    text_line(f, &first, s);
    text_line(f, &first,
              "about 1% of the pool fails one programme rule (age, language, "
              "degree, or a non-eligible nationality) so that the eligibility "
              "audit has work; they cannot be placed");
    text_line(f, &first,
              "ages 20-40, triangular with mode 26; 90% hold a degree, 40% a "
              "recommendation (everyone else eligible gets one)");
    snprintf(s, sizeof s,
             "hosts outside the three published sectors (%d of %d) are split "
             "information-communications 30%%, professional-technical 25%%, "
             "construction 15%%, accommodation-food 15%%, "
             "association-nonprofit 15%% (003 names these sectors in its case "
             "studies and says associations and non-profits may host)",
             rest, y->hosts);
    text_line(f, &first, s);
    text_line(f, &first,
              "applying companies are assumed to have the sector, size and "
              "overseas mix that 003 reports for hosts");
    text_line(f, &first,
              "regions: Kanto 52%, Kinki 14%, Chubu 12%, Kyushu-Okinawa 8%, "
              "Tohoku, Chugoku 4% each, Hokkaido, Shikoku 3% each (003: every "
              "region, the majority in Kanto)");
    text_line(f, &first,
              "seats: 1 (60%), 2 (30%) or 3 (10%) per company; 003 reports "
              "more interns than hosts in every year");
    text_line(f, &first,
              "fields mirror the host sectors; 70% of an applicant's choices "
              "are in its field's sector; applicants rank 3-5 hosts whose "
              "requirements they meet; each host ranks its best 10 applicants "
              "(mutual preferences)");
    text_line(f, &first,
              "host requirements: JLPT N2 10%, N3 15%; English business 30% "
              "(either suffices); a field of the sector 15%; a degree 10%");
    text_line(f, &first,
              "target markets: 1-3 per host from VN 30, TH 20, ID 20, CN 15, "
              "PH 5, MY 4, IN 4, MM 2");
    fputs("\n    ],\n", f);
    fputs("    \"calibration\": \"the published nationality counts are encoded "
          "as caps that sum to the budget, so a solution that fills the budget "
          "reproduces them exactly; max-weight optima are not unique, so a "
          "marginal that no constraint pins would depend on the solver's "
          "tie-breaking. The sector shares are matched by the host pool and "
          "held within the tolerance by band quotas.\",\n",
          f);
    fprintf(f,
            "    \"tolerance\": \"placements = %d exactly; VN %d, CN %d, ID %d, "
            "TH %d, other regions %d, other Asia %d exactly, each other Asian "
            "nationality at most %d; placements by host sector within 5 "
            "percentage points of the published share of hosts (services, "
            "wholesale-retail, manufacturing, the rest)\",\n",
            y->placed, y->vn, y->cn, y->id, y->th, y->other, other_asia,
            y->th - 1);
    put_generator(f, k, 1);
    fputs("\n  }", f);
}

static void provenance_tokyo(FILE *f, const mu_gen_knobs *k)
{
    int first = 1;
    fputs("{\n    \"programme\": \"Tokyo Metropolitan Government, Overseas "
          "Advanced Human Resources Acquisition Support Project: the "
          "internship of 10 January - 10 March 2023\",\n",
          f);
    fprintf(f, "    \"sources\": [\n      {\"id\": \"004\", \"file\": \"%s\", "
               "\"title\": \"Tokyo Metropolitan Government, Bureau of "
               "Industrial and Labor Affairs, 15 July 2022\"}\n    ],\n",
            SRC004);
    fputs("    \"published\": [", f);
    pub(f, &first, "004 section 2", "companies accepted per call", "20",
        "--companies 20");
    pub(f, &first, "004 section 1.2", "interns (companies) per year", "20",
        "one seat per company and quota budget 20");
    pub(f, &first, "004 section 1.1", "candidates' countries",
        "\"four countries in Asia\"", "--nationalities (four codes, equal "
        "shares) and rules.nationalities");
    pub(f, &first, "004 section 2",
        "hosts: small and medium-sized companies with head office or main "
        "site in Tokyo", "\"Tokyo\"", "region Tokyo; sizes up to 299 staff");
    pub(f, &first, "004 section 1",
        "candidates living overseas with advanced expertise or engineering "
        "capabilities", "\"advanced foreign human resources\"",
        "fields information-technology, engineering, design, business; "
        "rules.degree_or_recommendation; 95% hold a degree");
    fputs("\n    ],\n    \"synthesized\": [", f);
    first = 1;
    text_line(f, &first,
              "004 does not name the four countries: VN, ID, TH and IN are an "
              "assumption");
    text_line(f, &first,
              "screening (not in the public record): 80 candidates reach the "
              "final matching, four per seat");
    text_line(f, &first,
              "004 states no age or language rule: rules hold the "
              "nationalities and degree_or_recommendation only; hosts' own "
              "requirements carry the language (JLPT N2 20%, N3 30%, English "
              "business 40%, either suffices)");
    text_line(f, &first,
              "candidates rank 3-5 companies, companies rank their best 12 "
              "(mutual preferences); target markets 1-2 of the four countries");
    fputs("\n    ],\n", f);
    fputs("    \"tolerance\": \"placements = 20 exactly (every seat filled); "
          "every intern from the four countries\",\n",
          f);
    put_generator(f, k, 1);
    fputs("\n  }", f);
}

static void provenance_synthetic(FILE *f, const mu_gen_knobs *k)
{
    fputs("{\n    \"synthesized\": \"every record is synthetic, drawn by "
          "musubi gen from the knobs below (instances/README.md)\",\n",
          f);
    fprintf(f, "    \"background\": [\"%s\", \"%s\", \"%s\"],\n", SRC003, SRC000,
            SRC004);
    put_generator(f, k, 0);
    fputs("\n  }", f);
}

static const char *description(const mu_gen_knobs *k)
{
    static const char *const D[] = {
        "jip-fy2016",
        "METI Japan Internship Program FY2016: final matching of screened "
        "interns to host companies, calibrated to the published figures "
        "(see provenance)",
        "jip-fy2017",
        "METI Japan Internship Program FY2017: final matching of screened "
        "interns to host companies, calibrated to the published figures "
        "(see provenance)",
        "jip-fy2018",
        "METI Japan Internship Program FY2018: final matching of screened "
        "interns to host companies, calibrated to the published figures "
        "(see provenance)",
        "tokyo-2022",
        "Tokyo overseas advanced-talent internship 2022-23: about 20 Tokyo "
        "SMEs and candidates from four Asian countries (see provenance)",
        "bench-transport",
        "bench family: transportation problem with explicit pair weights",
        "bench-quotas",
        "bench family: explicit pair weights with laminar quotas",
        "bench-stable",
        "bench family: ranked preferences on both sides",
    };
    for (size_t i = 0; i + 1 < sizeof D / sizeof D[0]; i += 2)
        if (strcmp(k->preset, D[i]) == 0)
            return D[i + 1];
    return "synthetic instance generated by musubi gen";
}

static void put_provenance(FILE *f, const mu_gen_knobs *k)
{
    for (int i = 0; i < NJIP; i++)
        if (strcmp(k->preset, JIP[i].preset) == 0) {
            provenance_jip(f, k, &JIP[i]);
            return;
        }
    if (strcmp(k->preset, "tokyo-2022") == 0)
        provenance_tokyo(f, k);
    else
        provenance_synthetic(f, k);
}

/* --- programme parts ----------------------------------------------- */

static void put_codes(FILE *f, const char *tag, int skip_bang)
{
    const char *p = tag + (skip_bang && tag[0] == '!');
    int first = 1;
    while (*p) {
        const char *end = strchr(p, '|');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char one[MU_GEN_TAG_MAX];
        memcpy(one, p, len);
        one[len] = '\0';
        if (!first)
            fputs(", ", f);
        put_json_string(f, one);
        first = 0;
        p += len + (end != NULL);
    }
}

static int count_codes(const char *tag)
{
    int n = 1;
    for (; *tag; tag++)
        n += *tag == '|';
    return n;
}

/* Writes the keys shared by the JSON form and programme.json: name,
 * description, provenance, rules, weights, quotas (each line ends with a
 * comma when `more` is set). */
static void put_programme(FILE *f, const gen *g, int more)
{
    const mu_gen_knobs *k = g->k;
    fputs("  \"name\": ", f);
    put_json_string(f, k->name);
    fputs(",\n  \"description\": ", f);
    put_json_string(f, description(k));
    fputs(",\n  \"provenance\": ", f);
    put_provenance(f, k);
    if (k->rules) {
        fputs(",\n  \"rules\": {", f);
        const char *sep = "";
        if (k->rule_age.min >= 0) {
            fprintf(f, "\"age\": {\"min\": %" PRId64 ", \"max\": %" PRId64 "}",
                    k->rule_age.min, k->rule_age.max);
            sep = ", ";
        }
        if (k->rule_jlpt >= 0 || k->rule_english >= 0) {
            fprintf(f, "%s\"language\": {", sep);
            if (k->rule_jlpt >= 0)
                fprintf(f, "\"jlpt\": \"%s\"", JLPT_NAME[k->rule_jlpt]);
            if (k->rule_english >= 0)
                fprintf(f, "%s\"english\": \"%s\"",
                        k->rule_jlpt >= 0 ? ", " : "",
                        ENGLISH_NAME[k->rule_english]);
            fputc('}', f);
            sep = ", ";
        }
        if (k->rule_degree) {
            fprintf(f, "%s\"degree_or_recommendation\": true", sep);
            sep = ", ";
        }
        fprintf(f, "%s\"nationalities\": [", sep);
        for (int i = 0; i < k->nationalities.n; i++) {
            if (i)
                fputs(", ", f);
            put_json_string(f, k->nationalities.item[i].name);
        }
        fputs("]}", f);
    }
    if (!g->emit_pairs)
        fprintf(f,
                ",\n  \"weights\": {\"base\": %" PRId64
                ", \"applicant_rank\": %" PRId64 ", \"company_rank\": %" PRId64
                ", \"target_market\": %" PRId64 "}",
                k->weights[0], k->weights[1], k->weights[2], k->weights[3]);
    int nq = 0;
#define QUOTA() fputs(nq++ ? ",\n    " : ",\n  \"quotas\": [\n    ", f)
    if (k->budget > 0) {
        QUOTA();
        fprintf(f, "{\"name\": \"budget\", \"max\": %" PRId64 "}", k->budget);
    }
    for (int i = 0; i < k->nationality_caps.n; i++) {
        const mu_gen_item *it = &k->nationality_caps.item[i];
        int many = count_codes(it->tag) > 1;
        QUOTA();
        fputs("{\"name\": ", f);
        put_json_string(f, it->name);
        fputs(", \"applicants\": {\"nationality\": ", f);
        fputs(many ? "[" : "", f);
        put_codes(f, it->tag, 0);
        fprintf(f, "%s}, \"max\": %" PRId64 "}", many ? "]" : "", it->weight);
        if (it->hi > 0) {
            QUOTA();
            char nm[MU_GEN_NAME_MAX + 8];
            snprintf(nm, sizeof nm, "%s-each", it->name);
            fputs("{\"name\": ", f);
            put_json_string(f, nm);
            fputs(", \"applicants\": {\"nationality\": [", f);
            put_codes(f, it->tag, 0);
            fprintf(f, "]}, \"group_by\": \"nationality\", \"max\": %" PRId64
                       "}",
                    it->hi);
        }
    }
    for (int i = 0; i < k->sector_bands.n; i++) {
        const mu_gen_item *it = &k->sector_bands.item[i];
        int not = it->tag[0] == '!';
        int many = count_codes(it->tag) > 1;
        QUOTA();
        char nm[MU_GEN_NAME_MAX + 8];
        if (strncmp(it->name, "sector-", 7) == 0)
            snprintf(nm, sizeof nm, "%s", it->name);
        else
            snprintf(nm, sizeof nm, "sector-%s", it->name);
        fputs("{\"name\": ", f);
        put_json_string(f, nm);
        fputs(", \"companies\": {\"sector\": ", f);
        fputs(not ? "{\"not\": " : "", f);
        fputs(many ? "[" : "", f);
        put_codes(f, it->tag, 1);
        fputs(many ? "]" : "", f);
        fputs(not ? "}" : "", f);
        fprintf(f, "}, \"min\": %" PRId64 ", \"max\": %" PRId64 "}", it->lo,
                it->hi);
    }
    if (k->nat_per_host) {
        QUOTA();
        fputs("{\"name\": \"one-per-nationality-per-host\", \"per_company\": "
              "true, \"group_by\": \"nationality\", \"max\": 1}",
              f);
    }
    if (k->region_floor > 0) {
        QUOTA();
        fprintf(f, "{\"name\": \"region-floor\", \"group_by_company\": "
                   "\"region\", \"min\": %" PRId64 "}",
                k->region_floor);
    }
    if (k->region_nat_floor > 0)
        for (int r = 0; r < k->regions.n; r++) {
            if (k->regions.item[r].weight == 0)
                continue;
            QUOTA();
            char nm[MU_GEN_NAME_MAX + 32];
            snprintf(nm, sizeof nm, "region-nationality-floor-%s",
                     k->regions.item[r].name);
            fputs("{\"name\": ", f);
            put_json_string(f, nm);
            fputs(", \"companies\": {\"region\": ", f);
            put_json_string(f, k->regions.item[r].name);
            fprintf(f, "}, \"group_by\": \"nationality\", \"min\": %" PRId64
                       "}",
                    k->region_nat_floor);
        }
    if (nq)
        fputs("\n  ]", f);
#undef QUOTA
    fputs(more ? ",\n" : "\n", f);
}

/* --- records ------------------------------------------------------- */

static void json_applicant(FILE *f, const gen *g, const applicant *a)
{
    const mu_gen_knobs *k = g->k;
    fputs("    {\"id\": \"", f);
    put_id(f, 'A', g->app_digits, a->i);
    fprintf(f, "\", \"nationality\": \"%s\"", nat_code(g, a));
    if (a->nat >= 0 && k->nationalities.item[a->nat].tag[0])
        fprintf(f, ", \"origin\": \"%s\"", k->nationalities.item[a->nat].tag);
    fprintf(f, ", \"age\": %d", a->age);
    if (a->jlpt > 0)
        fprintf(f, ", \"jlpt\": \"%s\"", JLPT_NAME[a->jlpt]);
    fprintf(f, ", \"english\": \"%s\", \"degree\": %s, \"recommendation\": %s",
            ENGLISH_NAME[a->english], a->degree ? "true" : "false",
            a->recommendation ? "true" : "false");
    if (a->field >= 0)
        fprintf(f, ", \"field\": \"%s\"", k->fields.item[a->field].name);
    if (g->emit_app_lists) {
        fputs(", \"preferences\": [", f);
        for (int t = 0; t < a->nlist; t++) {
            fputs(t ? ", \"" : "\"", f);
            put_id(f, 'C', g->comp_digits, a->cand[t].c);
            fputc('"', f);
        }
        fputc(']', f);
    }
    fputc('}', f);
}

static void sort_company_list(company *c)
{
    if (c->nheap > 1)
        qsort(c->heap, c->nheap, sizeof *c->heap, key_desc);
}

static uint32_t heap_applicant(uint64_t key)
{
    return UINT32_MAX - (uint32_t)(key & UINT32_MAX);
}

static void json_company(FILE *f, const gen *g, int64_t j)
{
    const mu_gen_knobs *k = g->k;
    const company *c = &g->comp[j];
    fputs("    {\"id\": \"", f);
    put_id(f, 'C', g->comp_digits, j);
    fprintf(f, "\", \"capacity\": %" PRId64, c->capacity);
    if (c->sector >= 0)
        fprintf(f, ", \"sector\": \"%s\"", k->sectors.item[c->sector].name);
    if (c->region >= 0)
        fprintf(f, ", \"region\": \"%s\"", k->regions.item[c->region].name);
    if (c->size >= 0)
        fprintf(f, ", \"size\": \"%s\"", k->sizes.item[c->size].name);
    if (c->overseas >= 0)
        fprintf(f, ", \"overseas\": \"%s\"",
                k->overseas.item[c->overseas].name);
    if (c->ntm) {
        fputs(", \"target_markets\": [", f);
        for (int t = 0; t < c->ntm; t++)
            fprintf(f, "%s\"%s\"", t ? ", " : "",
                    g->tm_mix->item[c->tm[t]].name);
        fputc(']', f);
    }
    if (c->req_jlpt >= 0 || c->req_english >= 0 || c->req_fields ||
        c->req_degree) {
        const char *sep = "";
        fputs(", \"requires\": {", f);
        if (c->req_jlpt >= 0) {
            fprintf(f, "\"jlpt\": \"%s\"", JLPT_NAME[c->req_jlpt]);
            sep = ", ";
        }
        if (c->req_english >= 0) {
            fprintf(f, "%s\"english\": \"%s\"", sep,
                    ENGLISH_NAME[c->req_english]);
            sep = ", ";
        }
        if (c->req_fields) {
            fprintf(f, "%s\"fields\": [", sep);
            int n = 0;
            for (int x = 0; x < k->fields.n; x++)
                if (g->field_home[x] == c->sector)
                    fprintf(f, "%s\"%s\"", n++ ? ", " : "",
                            k->fields.item[x].name);
            fputc(']', f);
            sep = ", ";
        }
        if (c->req_degree)
            fprintf(f, "%s\"degree\": true", sep);
        fputc('}', f);
    }
    if (g->emit_comp_lists) {
        fputs(", \"preferences\": [", f);
        for (uint32_t t = 0; t < c->nheap; t++) {
            fputs(t ? ", \"" : "\"", f);
            put_id(f, 'A', g->app_digits, heap_applicant(c->heap[t]));
            fputc('"', f);
        }
        fputc(']', f);
    }
    fputc('}', f);
}

static int check_stream(FILE *f, const char *what, char *err, size_t errlen)
{
    if (ferror(f) || fflush(f) != 0)
        return fail(err, errlen, MU_GEN_EWRITE, "cannot write %s: %s", what,
                    strerror(errno ? errno : EIO));
    return MU_GEN_OK;
}

static applicant *new_applicant(const gen *g)
{
    applicant *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->cand = calloc((size_t)(g->kmax > 0 ? g->kmax : 1), sizeof *a->cand);
    if (!a->cand) {
        free(a);
        return NULL;
    }
    return a;
}

static void free_applicant(applicant *a)
{
    if (a)
        free(a->cand);
    free(a);
}

int mu_gen_write_json(const mu_gen_knobs *k, FILE *out, char *err,
                      size_t errlen)
{
    gen g;
    int rc = gen_setup(&g, k, err, errlen);
    if (rc)
        return rc;
    applicant *a = new_applicant(&g);
    if (!a) {
        rc = fail(err, errlen, MU_GEN_ENOMEM, "out of memory");
        goto done;
    }
    fputs("{\n  \"format\": \"musubi-instance-1\",\n", out);
    put_programme(out, &g, 1);
    fputs("  \"applicants\": [", out);
    for (int64_t i = 0; i < g.n_app; i++) {
        make_applicant(&g, i, a);
        fputs(i ? ",\n" : "\n", out);
        json_applicant(out, &g, a);
        if (feed_companies(&g, a) != 0) {
            rc = fail(err, errlen, MU_GEN_ENOMEM,
                      "out of memory for the companies' lists");
            goto done;
        }
        if ((i & 0xffff) == 0 && ferror(out))
            break;
    }
    fputs(g.n_app ? "\n  ],\n  \"companies\": [" : "],\n  \"companies\": [",
          out);
    for (int64_t j = 0; j < g.n_comp; j++) {
        sort_company_list(&g.comp[j]);
        fputs(j ? ",\n" : "\n", out);
        json_company(out, &g, j);
    }
    fputs(g.n_comp ? "\n  ]" : "]", out);
    if (g.emit_pairs) {
        fputs(",\n  \"pairs\": [", out);
        int any = 0;
        for (int64_t i = 0; i < g.n_app; i++) {
            make_applicant(&g, i, a);
            for (int t = 0; t < a->ncand; t++) {
                fputs(any ? ",\n    {\"applicant\": \"" : "\n    {\"applicant\": \"",
                      out);
                any = 1;
                put_id(out, 'A', g.app_digits, i);
                fputs("\", \"company\": \"", out);
                put_id(out, 'C', g.comp_digits, a->cand[t].c);
                fprintf(out, "\", \"weight\": %" PRId64 "}",
                        pair_weight(&g, a, t));
            }
            if ((i & 0xffff) == 0 && ferror(out))
                break;
        }
        fputs(any ? "\n  ]" : "]", out);
    }
    fputs("\n}\n", out);
    rc = check_stream(out, "the instance", err, errlen);
done:
    free_applicant(a);
    gen_free(&g);
    return rc;
}

/* --- CSV tables ---------------------------------------------------- */

/* Table cells here are ids, codes, integers and names restricted by the
 * knob parser to [A-Za-z0-9_.+-] and '|' separators, so none needs RFC 4180
 * quoting. */

static void csv_applicant(FILE *f, const gen *g, const applicant *a)
{
    const mu_gen_knobs *k = g->k;
    put_id(f, 'A', g->app_digits, a->i);
    fprintf(f, ",%s", nat_code(g, a));
    if (g->has_origin)
        fprintf(f, ",%s",
                a->nat >= 0 ? k->nationalities.item[a->nat].tag : "");
    fprintf(f, ",%d,%s,%s,%s,%s,%s", a->age, a->jlpt > 0 ? JLPT_NAME[a->jlpt] : "",
            ENGLISH_NAME[a->english], a->degree ? "true" : "false",
            a->recommendation ? "true" : "false",
            a->field >= 0 ? k->fields.item[a->field].name : "");
    if (g->emit_app_lists) {
        fputc(',', f);
        for (int t = 0; t < a->nlist; t++) {
            if (t)
                fputc('|', f);
            put_id(f, 'C', g->comp_digits, a->cand[t].c);
        }
    }
    fputc('\n', f);
}

static void csv_company(FILE *f, const gen *g, int64_t j)
{
    const mu_gen_knobs *k = g->k;
    const company *c = &g->comp[j];
    put_id(f, 'C', g->comp_digits, j);
    fprintf(f, ",%" PRId64 ",%s,%s,%s,%s,", c->capacity,
            c->sector >= 0 ? k->sectors.item[c->sector].name : "",
            c->region >= 0 ? k->regions.item[c->region].name : "",
            c->size >= 0 ? k->sizes.item[c->size].name : "",
            c->overseas >= 0 ? k->overseas.item[c->overseas].name : "");
    for (int t = 0; t < c->ntm; t++)
        fprintf(f, "%s%s", t ? "|" : "", g->tm_mix->item[c->tm[t]].name);
    if (k->requires) {
        fprintf(f, ",%s,%s,", c->req_jlpt >= 0 ? JLPT_NAME[c->req_jlpt] : "",
                c->req_english >= 0 ? ENGLISH_NAME[c->req_english] : "");
        if (c->req_fields) {
            int n = 0;
            for (int x = 0; x < k->fields.n; x++)
                if (g->field_home[x] == c->sector)
                    fprintf(f, "%s%s", n++ ? "|" : "", k->fields.item[x].name);
        }
        fprintf(f, ",%s", c->req_degree ? "true" : "");
    }
    if (g->emit_comp_lists) {
        fputc(',', f);
        for (uint32_t t = 0; t < c->nheap; t++) {
            if (t)
                fputc('|', f);
            put_id(f, 'A', g->app_digits, heap_applicant(c->heap[t]));
        }
    }
    fputc('\n', f);
}

enum { F_APPLICANTS, F_COMPANIES, F_PAIRS, F_PROGRAMME, NFILES };
static const char *const FILE_NAME[NFILES] = {"applicants.csv", "companies.csv",
                                              "pairs.csv", "programme.json"};

typedef struct outfile {
    char tmp[4096], final[4096];
    FILE *f;
} outfile;

static int open_tmp(outfile *o, const char *dir, const char *name, char *err,
                    size_t errlen)
{
    int n1 = snprintf(o->final, sizeof o->final, "%s/%s", dir, name);
    int n2 = snprintf(o->tmp, sizeof o->tmp, "%s/.%s.XXXXXX", dir, name);
    if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof o->final ||
        (size_t)n2 >= sizeof o->tmp)
        return fail(err, errlen, MU_GEN_EWRITE, "%s: path too long", dir);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        o->tmp[0] = '\0';
        return fail(err, errlen, MU_GEN_EWRITE, "cannot write %s: %s",
                    o->final, strerror(errno));
    }
    fchmod(fd, 0644);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        close(fd);
        unlink(o->tmp);
        o->tmp[0] = '\0';
        return fail(err, errlen, MU_GEN_EWRITE, "cannot write %s: %s",
                    o->final, strerror(errno));
    }
    return MU_GEN_OK;
}

int mu_gen_write_tables(const mu_gen_knobs *k, const char *dir, char *err,
                        size_t errlen)
{
    gen g;
    outfile o[NFILES];
    memset(o, 0, sizeof o);
    int rc = gen_setup(&g, k, err, errlen);
    if (rc)
        return rc;
    applicant *a = NULL;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        rc = fail(err, errlen, MU_GEN_EWRITE, "cannot create %s: %s", dir,
                  strerror(errno));
        goto done;
    }
    for (int x = 0; x < NFILES; x++) {
        if (x == F_PAIRS && !g.emit_pairs)
            continue;
        rc = open_tmp(&o[x], dir, FILE_NAME[x], err, errlen);
        if (rc)
            goto done;
    }
    a = new_applicant(&g);
    if (!a) {
        rc = fail(err, errlen, MU_GEN_ENOMEM, "out of memory");
        goto done;
    }
    FILE *fa = o[F_APPLICANTS].f, *fp = o[F_PAIRS].f;
    fprintf(fa, "id,nationality%s,age,jlpt,english,degree,recommendation,"
                "field%s\n",
            g.has_origin ? ",origin" : "",
            g.emit_app_lists ? ",preferences" : "");
    if (fp)
        fputs("applicant,company,weight\n", fp);
    for (int64_t i = 0; i < g.n_app; i++) {
        make_applicant(&g, i, a);
        csv_applicant(fa, &g, a);
        if (fp)
            for (int t = 0; t < a->ncand; t++) {
                put_id(fp, 'A', g.app_digits, i);
                fputc(',', fp);
                put_id(fp, 'C', g.comp_digits, a->cand[t].c);
                fprintf(fp, ",%" PRId64 "\n", pair_weight(&g, a, t));
            }
        if (feed_companies(&g, a) != 0) {
            rc = fail(err, errlen, MU_GEN_ENOMEM,
                      "out of memory for the companies' lists");
            goto done;
        }
        if ((i & 0xffff) == 0 && (ferror(fa) || (fp && ferror(fp))))
            break;
    }
    FILE *fc = o[F_COMPANIES].f;
    fprintf(fc, "id,capacity,sector,region,size,overseas,target_markets%s%s\n",
            k->requires ? ",requires_jlpt,requires_english,requires_fields,"
                          "requires_degree"
                        : "",
            g.emit_comp_lists ? ",preferences" : "");
    for (int64_t j = 0; j < g.n_comp; j++) {
        sort_company_list(&g.comp[j]);
        csv_company(fc, &g, j);
    }
    FILE *fg = o[F_PROGRAMME].f;
    fputs("{\n", fg);
    put_programme(fg, &g, 0);
    fputs("}\n", fg);
    for (int x = 0; x < NFILES; x++) {
        if (!o[x].f)
            continue;
        rc = check_stream(o[x].f, o[x].final, err, errlen);
        int closed = fclose(o[x].f);
        o[x].f = NULL;
        if (!rc && closed != 0)
            rc = fail(err, errlen, MU_GEN_EWRITE, "cannot write %s: %s",
                      o[x].final, strerror(errno));
        if (rc)
            goto done;
    }
    for (int x = 0; x < NFILES; x++) {
        if (!o[x].tmp[0])
            continue;
        if (rename(o[x].tmp, o[x].final) != 0) {
            rc = fail(err, errlen, MU_GEN_EWRITE, "cannot write %s: %s",
                      o[x].final, strerror(errno));
            goto done;
        }
        o[x].tmp[0] = '\0';
    }
    if (!g.emit_pairs) {
        /* A pairs.csv left from an earlier run would change the instance. */
        char stale[4096];
        snprintf(stale, sizeof stale, "%s/%s", dir, FILE_NAME[F_PAIRS]);
        if (unlink(stale) != 0 && errno != ENOENT)
            rc = fail(err, errlen, MU_GEN_EWRITE, "cannot remove stale %s: %s",
                      stale, strerror(errno));
    }
done:
    for (int x = 0; x < NFILES; x++) {
        if (o[x].f)
            fclose(o[x].f);
        if (o[x].tmp[0])
            unlink(o[x].tmp);
    }
    free_applicant(a);
    gen_free(&g);
    return rc;
}
