/* The instance generator behind `musubi gen`: synthetic and historical
 * musubi instances from a set of knobs.
 *
 * The generator writes `musubi-instance-1` documents (instances/FORMAT.md),
 * either as one JSON file or as the compact CSV tables. Output is streamed:
 * applicants are generated one at a time from their own random stream
 * (seeded from the seed and the applicant's index), so a million applicants
 * never sit in memory; companies (and, when companies rank applicants, a
 * bounded list per company) do.
 *
 * Files, one concern each:
 *   random.h   splitmix64 streams and keyed permutations (header only);
 *   knobs.c    the knob table: text forms, defaults, help, validation;
 *   presets.c  the calibrated presets (JIP FY2016-18, Tokyo 2022, the bench
 *              families), their descriptions and provenance;
 *   model.c    the draws: companies, applicants, candidates, preferences,
 *              pair weights;
 *   write.c    the writers: the JSON instance and the CSV tables, and the
 *              programme (rules, weights, quotas) they share.
 *
 * Determinism: the same knobs give the same bytes on any machine. There is
 * no floating point anywhere: shares are integer weights, fractions are
 * permille, and every random number comes from splitmix64.
 *
 * Every knob has a text form, a flag name and a default (one table in
 * knobs.c): `musubi gen --FLAG VALUE` and presets set knobs through
 * mu_gen_set() with the same text, so a preset is exactly a list of flags.
 *
 * Errors: every call that can fail returns a mu_code and adds one line to
 * the mu_error: MU_EUSAGE for a bad knob (the line names the flag and the
 * value), MU_EIO when a file cannot be written, MU_ENOMEM out of memory.
 *
 * Ownership: the knobs struct is plain data owned by the caller (copyable,
 * no pointers inside); the writers allocate and free their own working
 * memory and never keep the FILE or directory.
 */
#ifndef MU_GENERATOR_H
#define MU_GENERATOR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/base.h"

#define MU_GEN_MAX_ITEMS 32 /* entries in one share table or quota list */
#define MU_GEN_NAME_MAX 40  /* bytes of a category name, with the NUL */
#define MU_GEN_TAG_MAX 96   /* bytes of an entry's tag, with the NUL */

/* One entry of a table knob. Its meaning depends on the knob:
 *   shares ("VN@southeast-asia:66"): name, tag (after '@'), weight;
 *   nationality caps ("other-asia=PH|MY:45/8"): name, tag (the codes),
 *     weight (the max), hi (the max per member nationality, 0 = none);
 *   sector bands ("other=!services|retail:50-80"): name, tag (sectors,
 *     '!' first for "all but"), lo (min), hi (max). */
typedef struct mu_gen_item {
    char name[MU_GEN_NAME_MAX];
    char tag[MU_GEN_TAG_MAX];
    int64_t weight;
    int64_t lo, hi;
} mu_gen_item;

typedef struct mu_gen_table {
    int n;
    mu_gen_item item[MU_GEN_MAX_ITEMS];
} mu_gen_table;

/* An inclusive integer range; min < 0 means "off" where a knob allows it. */
typedef struct mu_gen_range {
    int64_t min, max;
} mu_gen_range;

/* The knobs. Fill with mu_gen_init() or mu_gen_preset(), change with
 * mu_gen_set(); mu_gen_help() lists every knob with its flag and default.
 * Permille fields hold 0..1000 (text "0.85" or "85%" gives 850); hundredths
 * fields hold x100 ("2.25" gives 225). Levels: jlpt 0 none, 1 N5 ... 5 N1;
 * english 0 none, 1 basic, 2 daily, 3 business, 4 native; -1 = not part of
 * the rule. */
typedef struct mu_gen_knobs {
    char preset[MU_GEN_NAME_MAX]; /* last preset applied, "" if none */
    int modified;                 /* a knob was set after the preset */

    char name[MU_GEN_TAG_MAX];
    uint64_t seed;
    int64_t applicants; /* applicants in the instance */
    int64_t applied;    /* if > 0: applicants = applied x screened */
    int32_t screened;   /* permille of `applied` reaching the final matching */
    int64_t companies;

    mu_gen_range capacity;       /* seats per company */
    int64_t capacity_mean;       /* hundredths; 0: uniform over the range */
    mu_gen_table capacity_table; /* "1:60,2:30": overrides the range */

    mu_gen_range app_list;   /* applicants' list lengths; 0 = no lists */
    int64_t company_list;    /* companies rank up to this many; 0 = no lists */
    mu_gen_range pairs;      /* explicit pairs per applicant; 0 = weights */
    mu_gen_range candidates; /* companies considered when neither of the above */
    int32_t app_corr;        /* permille: 1000 = one master list of companies */
    int32_t company_corr;    /* permille: 1000 = one master list of applicants */
    int32_t in_sector;       /* permille of candidates in the field's sector */
    int32_t target_pref;     /* permille boost of target-market applicants */
    int64_t pair_weight[3];  /* pairs: rank, host score, noise maxima */
    int64_t weights[4];      /* base, applicant_rank, company_rank, target_market */

    mu_gen_table nationalities; /* code@origin:weight */
    mu_gen_table ineligible;    /* codes used by nationality violations */
    mu_gen_table jlpt, english; /* level:weight */
    int languages_joint;        /* draw languages so the language rule holds */
    int32_t degree, recommendation;
    mu_gen_table fields; /* field@home-sector:weight */
    mu_gen_range age;
    int64_t age_mode;

    mu_gen_table sectors, regions, sizes, overseas;
    mu_gen_range target_markets;
    mu_gen_table tm_mix; /* empty: the nationality mix */
    int requires;
    mu_gen_table require_jlpt, require_english;
    int32_t require_fields, require_degree;

    int rules;
    mu_gen_range rule_age;       /* min < 0: no age rule */
    int rule_jlpt, rule_english; /* -1: not part of the language rule */
    int rule_degree;
    int32_t violations; /* permille of applicants failing one rule */
    int stratify;       /* apportion categories exactly */

    int64_t budget; /* 0: no budget quota */
    int nat_per_host;
    int64_t region_floor;
    int64_t region_nat_floor;
    mu_gen_table nationality_caps;
    mu_gen_table sector_bands;
} mu_gen_knobs;

/* Fills every knob with its documented default (see mu_gen_help). */
void mu_gen_init(mu_gen_knobs *k);

/* Resets the knobs to the defaults, then applies the named preset.
 * MU_OK, or MU_EUSAGE (naming the known presets) for an unknown name, which
 * leaves the defaults. */
int mu_gen_preset(mu_gen_knobs *k, const char *name, mu_error *err);

/* The i-th preset's name and one-line summary; NULL past the end. */
const char *mu_gen_preset_name(int i);
const char *mu_gen_preset_summary(int i);

/* Sets the knob named by `flag` (without "--") from its text form.
 * MU_OK, or MU_EUSAGE with a line naming the flag and the value. */
int mu_gen_set(mu_gen_knobs *k, const char *flag, const char *value, mu_error *err);

/* Sets the knob of command-line word argv[*i], which starts with "--":
 * "--KNOB VALUE" (advancing *i past the value), "--KNOB=VALUE", "--BOOL"
 * (yes) or "--no-BOOL" (no). MU_OK or MU_EUSAGE. */
int mu_gen_set_arg(mu_gen_knobs *k, int argc, char **argv, int *i, mu_error *err);

/* 1 if `flag` is a boolean knob (usable as --flag / --no-flag), 0 if it
 * takes a value, -1 if there is no such knob. */
int mu_gen_knob_is_bool(const char *flag);

/* Checks the knobs as a whole. MU_OK or MU_EUSAGE with a line. */
int mu_gen_validate(const mu_gen_knobs *k, mu_error *err);

/* The number of applicants the knobs ask for (after applied x screened). */
int64_t mu_gen_applicant_count(const mu_gen_knobs *k);

/* Lists every knob: flag, argument, help and default. */
void mu_gen_help(FILE *out);

/* Writes the instance as one JSON document to `out` (neither flushed nor
 * closed). MU_OK, MU_EUSAGE (knobs fail mu_gen_validate), MU_ENOMEM or
 * MU_EIO; on error the output is incomplete. */
int mu_gen_write_json(const mu_gen_knobs *k, FILE *out, mu_error *err);

/* Writes the JSON document to `path` ("-": stdout) atomically (base/io.h):
 * validated first, written under a temporary name and renamed when
 * complete, so an error leaves no file, partial or otherwise. Same returns. */
int mu_gen_write_json_file(const mu_gen_knobs *k, const char *path, mu_error *err);

/* Writes applicants.csv, companies.csv, pairs.csv (only with explicit pairs)
 * and programme.json into `dir`, created if missing, and removes a stale
 * pairs.csv otherwise. All or nothing: every file is written under a
 * temporary name and checked (flushed, synced) before the first is renamed,
 * so an error leaves no partial file under the final names. Same returns. */
int mu_gen_write_tables(const mu_gen_knobs *k, const char *dir, mu_error *err);

#endif
