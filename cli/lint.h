/* musubi lint, and the lint that solve and import run on what they read
 * (model/lint.h). */
#ifndef MU_CLI_LINT_H
#define MU_CLI_LINT_H

#include "model/lint.h"

int mu_cmd_lint(int argc, char **argv);

/* Lints inst for command `cmd` (solve, import): prints each finding on
 * stderr as "warning: ..."; under `strict`, as an error, then one line
 * saying nothing is written. Returns MU_OK with the findings in out (the
 * caller frees them), MU_EINPUT when strict and there is a finding, or
 * MU_ENOMEM (printed). */
int mu_cli_lint(const mu_instance *inst, const char *cmd, int strict, mu_lint *out);

#endif
