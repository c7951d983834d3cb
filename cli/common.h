/* Shared by the front ends that read an instance and a solution after the
 * fact (explain, report, export-sheets, import). */
#ifndef MU_CLI_COMMON_H
#define MU_CLI_COMMON_H

#include "model/solution.h"

/* Prints the error record (one problem a line) and returns its exit code. */
int mu_cli_error(const mu_error *err);
/* Reads INSTANCE and SOLUTION; on failure prints the error and returns its code. */
int mu_cli_load(const char *instance, const char *solution, mu_instance **inst, mu_solution **sol);
/* The value after option argv[*i] (advancing *i), or NULL with a message naming cmd. */
const char *mu_cli_value(int argc, char **argv, int *i, const char *cmd);

/* --csv-delimiter D (argv[*i], `--csv-delimiter=D` too): `,`, `;` or `tab`
 * (also `comma`, `semicolon`) into *out, advancing *i past its value, and
 * returns 1; anything else prints a message naming cmd and returns -1; 0
 * when argv[*i] is another option. The delimiter then overrides the instance's
 * (inst->csv_delim), from which every CSV writer takes it. */
int mu_cli_csv_delimiter(int argc, char **argv, int *i, const char *cmd, char *out);

/* Sets option argv[*i] (`--name value` or `--name=value`) from the options
 * table, advancing *i past its value; prints a message naming cmd and
 * returns MU_EUSAGE on an unknown option or a bad value. */
int mu_cli_option(mu_options *opt, int argc, char **argv, int *i, const char *cmd);

#endif
