/* The presets and their provenance: the calibrated instances (METI's Japan
 * Internship Program, fiscal years 2016-2018; Tokyo's overseas
 * advanced-talent internship 2022-23) and the bench's scaling families
 * (bench-transport, bench-quotas, bench-stable).
 *
 * A preset is nothing but knob settings through mu_gen_set, so later flags
 * override it and the command recorded in the instance regenerates it. The
 * JIP presets are computed from one row of published figures per fiscal
 * year (source 003, Figures 1-4, transcribed in shared/program-facts.md):
 * the applicant pool is the applications x an assumed screening rate, the
 * nationality mix is that of the interns placed, and the placed counts
 * become quota caps that sum to the budget, so any solution that fills the
 * budget reproduces them; host sectors are held within +/- 5 points of the
 * published shares by band quotas. What is synthesized (not published) is
 * said in each instance's provenance, item by item, with the figure every
 * published number came from and what it was used as.
 *
 * Determinism: presets are constant tables and integer arithmetic. A
 * setting that does not parse is a bug here (contract violation, abort). */
#include "generator/presets.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/io.h"
#include "generator/knobs.h"

/* A fiscal year of METI's Japan Internship Program, as published in the
 * performance reports reprinted by source 003 (shared/program-facts.md). */
typedef struct jip_year {
    const char *preset;
    int fy;
    int applied, placed; /* Figure 1 */
    int vn, cn, id, th;  /* Figure 1, top four nationalities */
    int other;           /* Figure 1 text: other regions */
    const char *other_text;
    const char *other_codes;                /* synthesized: CODE@origin,... */
    int companies, hosts;                   /* Figure 3 */
    int services, wholesale, manufacturing; /* Figure 3, hosts */
    int size[5];                            /* Figure 4, tenths of a percent */
    int overseas[3];                        /* Figure 4, tenths of a percent */
    int jp[3];                              /* Figure 2: business, daily, others */
    int en[4];                              /* Figure 2: native, business, daily, others */
    const char *lang_note;
    int match, satisfaction; /* Figure 1, interns' evaluation */
} jip_year;

static const jip_year JIP[] = {
    {.preset = "jip-fy2016",
     .fy = 2016,
     .applied = 9367,
     .placed = 103,
     .vn = 30,
     .cn = 25,
     .id = 13,
     .th = 10,
     .other = 3,
     .other_text = "Europe and Central America",
     .other_codes = "UA@europe,RS@europe,MX@central-america,GT@central-america",
     .companies = 219,
     .hosts = 71,
     .services = 16,
     .wholesale = 11,
     .manufacturing = 10,
     .size = {338, 493, 127, 14, 28},
     .overseas = {559, 325, 119},
     .jp = {311, 408, 281},
     .en = {97, 437, 311, 155},
     .lang_note = "003 Figure 2, FY2016",
     .match = 85,
     .satisfaction = 96},
    {.preset = "jip-fy2017",
     .fy = 2017,
     .applied = 12687,
     .placed = 120,
     .vn = 33,
     .cn = 22,
     .id = 19,
     .th = 15,
     .other = 4,
     .other_text = "Africa",
     .other_codes = "KE@africa,NG@africa,EG@africa,GH@africa",
     .companies = 263,
     .hosts = 90,
     .services = 17,
     .wholesale = 19,
     .manufacturing = 25,
     .size = {289, 422, 256, 22, 11},
     .overseas = {711, 244, 44},
     .jp = {367, 367, 267},
     .en = {0, 625, 308, 67},
     .lang_note = "003 Figure 2, FY2017 (English 'native' is printed as '-': taken as 0)",
     .match = 96,
     .satisfaction = 98},
    {.preset = "jip-fy2018",
     .fy = 2018,
     .applied = 10830,
     .placed = 225,
     .vn = 66,
     .cn = 25,
     .id = 34,
     .th = 32,
     .other = 23,
     .other_text = "Europe, Africa and South America",
     .other_codes = "UA@europe,RS@europe,KE@africa,NG@africa,EG@africa,BR@south-america,CO@south-america,"
                    "PE@south-america",
     .companies = 304,
     .hosts = 196,
     .services = 24,
     .wholesale = 38,
     .manufacturing = 65,
     .size = {240, 490, 219, 41, 10},
     .overseas = {515, 373, 112},
     .jp = {678, 775, 548},
     .en = {97, 1062, 619, 222},
     .lang_note = "003 Figure 2 omits FY2018 (a different evaluation system): the FY2016 and FY2017 shares are "
                  "averaged",
     .match = 91,
     .satisfaction = 97},
};
#define NJIP ((int)(sizeof JIP / sizeof JIP[0]))

/* The other Asian nationalities that share the places not taken by the top
 * four and the other regions (synthesized: OECD-DAC recipients in Asia). */
static const char *const OTHER_ASIA[] = {
    "PH@southeast-asia:6", "MY@southeast-asia:4", "MM@southeast-asia:4", "IN@south-asia:4", "KH@southeast-asia:2",
    "BD@south-asia:2",     "LA@southeast-asia:1", "NP@south-asia:1",     "LK@south-asia:1", "MN@east-asia:1"};
#define NOTHER_ASIA 10
#define OTHER_ASIA_WEIGHT 26

/* Hosts outside the three published sectors (synthesized split, percent;
 * source 003's case studies name these sectors). */
static const char *const OTHER_SECTORS[] = {"information-communications:30", "professional-technical:25",
                                            "construction:15", "accommodation-food:15", "association-nonprofit:15"};
static const char *const SECTOR_FIELD[] = {"business@services",
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
    {"nationalities", "VN@southeast-asia:1,ID@southeast-asia:1,TH@southeast-asia:1,IN@south-asia:1"},
    {"ineligible-nationalities", "none"},
    {"jlpt", "N1:10,N2:25,N3:30,N4:15,N5:5,none:15"},
    {"english", "basic:10,daily:30,business:45,native:15"},
    {"languages-joint", "no"},
    {"degree", "0.95"},
    {"recommendation", "0.2"},
    {"fields", "information-technology@information-communications:35,engineering@manufacturing:30,"
               "design@professional-technical:20,business@wholesale-retail:15"},
    {"age", "22-40"},
    {"age-mode", "27"},
    {"sectors", "information-communications:35,manufacturing:30,professional-technical:20,wholesale-retail:15"},
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
    {NULL, NULL},
};

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
    {NULL, NULL},
};

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
    {NULL, NULL},
};

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
    {NULL, NULL},
};

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

const char *mu_gen_preset_name(int i) { return i >= 0 && i < NPRESETS ? PRESETS[i].name : NULL; }

const char *mu_gen_preset_summary(int i) { return i >= 0 && i < NPRESETS ? PRESETS[i].summary : NULL; }

/* A preset's setting that does not parse is a bug in this file. */
static void must_set(mu_gen_knobs *k, const char *flag, const char *value) {
    mu_error err;
    mu_error_clear(&err);
    if (mu_gen_set(k, flag, value, &err) != MU_OK) mu_die_contract("mu_gen_preset", err.msg);
}

static void apply_kv(mu_gen_knobs *k, const kv *list) {
    for (; list->flag; list++) must_set(k, list->flag, list->value);
}

/* Sector-share band [lo, hi] on placements for a sector holding s of h
 * hosts: budget x (s/h -/+ tolerance), rounded inwards. */
static void band(int budget, int s, int h, int64_t *lo, int64_t *hi) {
    int64_t num_lo = (int64_t)1000 * s - (int64_t)JIP_TOLERANCE * h;
    int64_t num_hi = (int64_t)1000 * s + (int64_t)JIP_TOLERANCE * h;
    int64_t den = (int64_t)1000 * h;
    *lo = num_lo <= 0 ? 0 : (budget * num_lo + den - 1) / den;
    *hi = budget * num_hi / den;
    if (*hi > budget) *hi = budget;
}

static void apply_jip(mu_gen_knobs *k, const jip_year *y) {
    char buf[2048];
    size_t u;
#define ADD(...)                                                                                                       \
    do {                                                                                                               \
        int n_ = snprintf(buf + u, sizeof buf - u, __VA_ARGS__);                                                       \
        MU_REQUIRE(n_ >= 0 && (size_t)n_ < sizeof buf - u);                                                            \
        u += (size_t)n_;                                                                                               \
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
        ADD(",%.*s:%d", (int)(colon - OTHER_ASIA[i]), OTHER_ASIA[i], other_asia * 1000 * w / OTHER_ASIA_WEIGHT);
    }
    int n_other = 1;
    for (const char *p = y->other_codes; *p; p++) n_other += *p == ',';
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
    ADD("N1:%d,N2:%d,N3:%d,N4:%d,N5:%d,none:%d", y->jp[0] * 4, y->jp[0] * 6, y->jp[1] * 10, y->jp[2] * 3, y->jp[2] * 2,
        y->jp[2] * 5);
    must_set(k, "jlpt", buf);
    u = 0;
    ADD("none:%d,basic:%d,daily:%d,business:%d,native:%d", y->en[3], y->en[3] * 3, y->en[2] * 4, y->en[1] * 4,
        y->en[0] * 4);
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
        ADD(",%.*s:%d", (int)(colon - OTHER_SECTORS[i]), OTHER_SECTORS[i], sw[3 + i]);
    }
    must_set(k, "sectors", buf);
    u = 0;
    for (int i = 0; i < 8; i++) ADD("%s%s:%d", i ? "," : "", SECTOR_FIELD[i], sw[i]);
    must_set(k, "fields", buf);
    must_set(k, "regions",
             "Kanto:52,Kinki:14,Chubu:12,Kyushu-Okinawa:8,Tohoku:4,Chugoku:4,"
             "Hokkaido:3,Shikoku:3");
    u = 0;
    ADD("1-9:%d,10-99:%d,100-499:%d,500-1000:%d,1000+:%d", y->size[0], y->size[1], y->size[2], y->size[3], y->size[4]);
    must_set(k, "sizes", buf);
    u = 0;
    ADD("ongoing:%d,planned:%d,not-planned:%d", y->overseas[0], y->overseas[1], y->overseas[2]);
    must_set(k, "overseas", buf);
    must_set(k, "target-markets", "1-3");
    must_set(k, "target-market-mix", "VN:30,TH:20,ID:20,CN:15,PH:5,MY:4,IN:4,MM:2");
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
    for (int i = 0; i < NOTHER_ASIA; i++) ADD("%s%.2s", i ? "|" : "", OTHER_ASIA[i]);
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
    ADD("services:%" PRId64 "-%" PRId64 ",wholesale-retail:%" PRId64 "-%" PRId64 ",manufacturing:%" PRId64 "-%" PRId64
        ",other=!services|wholesale-retail|manufacturing:%" PRId64 "-%" PRId64,
        lo[0], hi[0], lo[1], hi[1], lo[2], hi[2], lo[3], hi[3]);
    must_set(k, "sector-bands", buf);
#undef ADD
}

int mu_gen_preset(mu_gen_knobs *k, const char *name, mu_error *err) {
    int found = -1;
    for (int i = 0; i < NPRESETS; i++)
        if (strcmp(PRESETS[i].name, name) == 0) found = i;
    mu_gen_init(k);
    if (found < 0) {
        char known[256];
        size_t u = 0;
        known[0] = '\0';
        for (int i = 0; i < NPRESETS && u < sizeof known; i++) {
            int n = snprintf(known + u, sizeof known - u, " %s", PRESETS[i].name);
            if (n < 0) break;
            u += (size_t)n;
        }
        return mu_err(err, MU_EUSAGE, "--preset: unknown preset \"%s\" (known:%s)", name, known);
    }
    for (int i = 0; i < NJIP; i++)
        if (strcmp(JIP[i].preset, name) == 0) apply_jip(k, &JIP[i]);
    if (strcmp(name, "tokyo-2022") == 0) apply_kv(k, TOKYO_2022);
    else if (strcmp(name, "bench-transport") == 0) apply_kv(k, BENCH_TRANSPORT);
    else if (strcmp(name, "bench-quotas") == 0) apply_kv(k, BENCH_QUOTAS);
    else if (strcmp(name, "bench-stable") == 0) apply_kv(k, BENCH_STABLE);
    snprintf(k->preset, sizeof k->preset, "%s", name);
    k->modified = 0;
    return MU_OK;
}

/* ---- provenance */

static const char *SRC003 = "shared/seeds/003_9c0f4474546b9108.txt";
static const char *SRC004 = "shared/seeds/004_442c989fbb773a76.txt";
static const char *SRC000 = "shared/seeds/000_12ffdabf6351c0d5.txt";

static void pub(FILE *f, int *first, const char *figure, const char *item, const char *value, const char *use) {
    fprintf(f, "%s\n      {\"figure\": ", *first ? "" : ",");
    mu_json_string(f, figure);
    fputs(", \"item\": ", f);
    mu_json_string(f, item);
    fputs(", \"value\": ", f);
    fputs(value, f);
    fputs(", \"used_as\": ", f);
    mu_json_string(f, use);
    fputc('}', f);
    *first = 0;
}

static void text_line(FILE *f, int *first, const char *s) {
    fprintf(f, "%s\n      ", *first ? "" : ",");
    mu_json_string(f, s);
    *first = 0;
}

/* The command that regenerates these knobs: the preset (if any) and every
 * knob that differs from it, as a JSON array of argv words (unquoted). A
 * table knob's text is at most 32 entries of about 150 bytes. */
static void put_command(FILE *f, const mu_gen_knobs *k) {
    mu_gen_knobs base;
    if (k->preset[0]) mu_gen_preset(&base, k->preset, NULL);
    else mu_gen_init(&base);
    fputs("[\"musubi\", \"gen\"", f);
    if (k->preset[0]) {
        fputs(", \"--preset\", ", f);
        mu_json_string(f, k->preset);
    }
    char a[8192], b[8192];
    for (int i = 0; i < mu_gen_knob_count(); i++) {
        const char *flag = mu_gen_knob_flag(i);
        mu_gen_knob_text(k, i, a, sizeof a);
        mu_gen_knob_text(&base, i, b, sizeof b);
        if (strcmp(a, b) == 0) continue;
        if (strcmp(flag, "applicants") == 0 && k->applied > 0) continue;
        fprintf(f, ", \"--%s\", ", flag);
        mu_json_string(f, a);
    }
    fputc(']', f);
}

static void put_generator(FILE *f, const mu_gen_knobs *k, int historical) {
    fputs("    \"generator\": {\"command\": ", f);
    put_command(f, k);
    fprintf(f, ", \"seed\": %" PRIu64 "%s}", k->seed,
            historical && k->modified ? ", \"note\": \"knobs were changed after the preset: "
                                        "the published figures describe the preset, not "
                                        "necessarily this instance\""
                                      : "");
}

static void provenance_jip(FILE *f, const mu_gen_knobs *k, const jip_year *y) {
    char v[256], item[256], use[512];
    int first = 1;
    int top4 = y->vn + y->cn + y->id + y->th;
    int other_asia = y->placed - top4 - y->other;
    int rest = y->hosts - y->services - y->wholesale - y->manufacturing;
    int64_t n_app = (y->applied * (int64_t)k->screened + 500) / 1000;

    fprintf(f,
            "{\n    \"programme\": \"METI Japan Internship Program "
            "(Kokusai-sokushin Intanshippu Jigyo), fiscal year %d: the final "
            "matching of screened interns to host companies\",\n",
            y->fy);
    fprintf(f,
            "    \"sources\": [\n      {\"id\": \"003\", \"file\": \"%s\", "
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
             "--applied; the instance holds applied x screened = %" PRId64 " applicants (screening assumption below)",
             n_app);
    pub(f, &first, "003 Figure 1", "foreign nationals applying", v, use);
    snprintf(v, sizeof v, "%d", y->placed);
    pub(f, &first, "003 Figure 1", "interns placed", v, "quota budget (max); every maximum-weight solution fills it");
    snprintf(v, sizeof v, "{\"VN\": %d, \"CN\": %d, \"ID\": %d, \"TH\": %d}", y->vn, y->cn, y->id, y->th);
    pub(f, &first, "003 Figure 1", "top four nationalities of interns", v,
        "quotas nationality-VN/CN/ID/TH (max) and the pool's nationality mix");
    snprintf(v, sizeof v, "%d", y->other);
    snprintf(item, sizeof item, "interns from %s (003 text under Figure 1)", y->other_text);
    pub(f, &first, "003 Figure 1", item, v, "quota other-regions (max)");
    snprintf(v, sizeof v, "%d", other_asia);
    pub(f, &first, "derived from 003 Figure 1", "other Asian interns = placed - top four - other regions", v,
        "quota other-asia (max), each of its nationalities below the fourth "
        "(other-asia-each)");
    snprintf(v, sizeof v, "{\"match\": %d, \"satisfaction\": %d}", y->match, y->satisfaction);
    pub(f, &first, "003 Figure 1", "interns' evaluation, percent", v,
        "not used (an outcome of the internship, not of the matching)");
    snprintf(v, sizeof v, "{\"business\": %d.%d, \"daily\": %d.%d, \"others\": %d.%d}", y->jp[0] / 10, y->jp[0] % 10,
             y->jp[1] / 10, y->jp[1] % 10, y->jp[2] / 10, y->jp[2] % 10);
    if (y->fy == 2018) snprintf(v, sizeof v, "null");
    snprintf(use, sizeof use,
             "--jlpt shares (%s); business = N1:N2 2:3, daily = N3, others = "
             "N4:N5:none 3:2:5",
             y->lang_note);
    pub(f, &first, "003 Figure 2", "interns' Japanese, percent", v, use);
    snprintf(v, sizeof v,
             "{\"native\": %d.%d, \"business\": %d.%d, \"daily\": %d.%d, "
             "\"others\": %d.%d}",
             y->en[0] / 10, y->en[0] % 10, y->en[1] / 10, y->en[1] % 10, y->en[2] / 10, y->en[2] % 10, y->en[3] / 10,
             y->en[3] % 10);
    if (y->fy == 2018) snprintf(v, sizeof v, "null");
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
             y->size[0] / 10, y->size[0] % 10, y->size[1] / 10, y->size[1] % 10, y->size[2] / 10, y->size[2] % 10,
             y->size[3] / 10, y->size[3] % 10, y->size[4] / 10, y->size[4] % 10);
    pub(f, &first, "003 Figure 4", "hosts by staff, percent", v,
        "--sizes shares (apportioned exactly over the companies)");
    snprintf(v, sizeof v, "{\"ongoing\": %d.%d, \"planned\": %d.%d, \"not-planned\": %d.%d}", y->overseas[0] / 10,
             y->overseas[0] % 10, y->overseas[1] / 10, y->overseas[1] % 10, y->overseas[2] / 10, y->overseas[2] % 10);
    pub(f, &first, "003 Figure 4", "hosts' overseas operations, percent", v, "--overseas shares");
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
            y->placed, y->vn, y->cn, y->id, y->th, y->other, other_asia, y->th - 1);
    put_generator(f, k, 1);
    fputs("\n  }", f);
}

static void provenance_tokyo(FILE *f, const mu_gen_knobs *k) {
    int first = 1;
    fputs("{\n    \"programme\": \"Tokyo Metropolitan Government, Overseas "
          "Advanced Human Resources Acquisition Support Project: the "
          "internship of 10 January - 10 March 2023\",\n",
          f);
    fprintf(f,
            "    \"sources\": [\n      {\"id\": \"004\", \"file\": \"%s\", "
            "\"title\": \"Tokyo Metropolitan Government, Bureau of "
            "Industrial and Labor Affairs, 15 July 2022\"}\n    ],\n",
            SRC004);
    fputs("    \"published\": [", f);
    pub(f, &first, "004 section 2", "companies accepted per call", "20", "--companies 20");
    pub(f, &first, "004 section 1.2", "interns (companies) per year", "20", "one seat per company and quota budget 20");
    pub(f, &first, "004 section 1.1", "candidates' countries", "\"four countries in Asia\"",
        "--nationalities (four codes, equal "
        "shares) and rules.nationalities");
    pub(f, &first, "004 section 2",
        "hosts: small and medium-sized companies with head office or main "
        "site in Tokyo",
        "\"Tokyo\"", "region Tokyo; sizes up to 299 staff");
    pub(f, &first, "004 section 1",
        "candidates living overseas with advanced expertise or engineering "
        "capabilities",
        "\"advanced foreign human resources\"",
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

static void provenance_synthetic(FILE *f, const mu_gen_knobs *k) {
    fputs("{\n    \"synthesized\": \"every record is synthetic, drawn by "
          "musubi gen from the knobs below (instances/README.md)\",\n",
          f);
    fprintf(f, "    \"background\": [\"%s\", \"%s\", \"%s\"],\n", SRC003, SRC000, SRC004);
    put_generator(f, k, 0);
    fputs("\n  }", f);
}

const char *mu_gen_description(const mu_gen_knobs *k) {
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
        if (strcmp(k->preset, D[i]) == 0) return D[i + 1];
    return "synthetic instance generated by musubi gen";
}

void mu_gen_write_provenance(FILE *f, const mu_gen_knobs *k) {
    for (int i = 0; i < NJIP; i++)
        if (strcmp(k->preset, JIP[i].preset) == 0) {
            provenance_jip(f, k, &JIP[i]);
            return;
        }
    if (strcmp(k->preset, "tokyo-2022") == 0) provenance_tokyo(f, k);
    else provenance_synthetic(f, k);
}
