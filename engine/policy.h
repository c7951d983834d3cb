/* Matching policies beyond maximum weight: deferred acceptance, stable and
 * almost-stable matchings as integer programs, and lexicographic objectives
 * (placements, rank-maximal, egalitarian, max-min group fairness). The
 * integer programs go to GLPK through mu_ext (engine/problem.h) and
 * mu_engine_mip; nothing here calls GLPK. stable-optimal on strict ranks
 * without quota rows goes to the rotation poset instead (engine/stable.h).
 * See policy.c for the models and their sources, and README "Policies". */
#ifndef MU_POLICY_H
#define MU_POLICY_H

#include "engine/problem.h"

typedef struct mu_policy_info {
    int has_unconstrained; /* stable engines also solved the problem without stability */
    mu_status unconstrained_status;
    int64_t unconstrained_weight; /* its total weight: the price of stability is this less the objective */
    struct mu_prefs *prefs;       /* the ranks the engine built, kept for the metrics; owned */
} mu_policy_info;

void mu_policy_info_free(mu_policy_info *info);

/* Whether mu_engine_policy handles this engine with these options: the
 * deferred acceptance engines, stable-optimal, almost-stable, and mip with
 * an objective other than weight. */
int mu_policy_handles(int engine, const mu_options *opt);

/* Runs the policy engine on pb (which it extends with rows and columns and
 * whose ext.criterion it sets). Like the other engines: a solve outcome is
 * MU_OK with res->status; MU_EUSAGE when the engine cannot honour the
 * instance (deferred acceptance and quota rows) or the options. */
int mu_engine_policy(mu_problem *pb, const mu_options *opt, int engine, double deadline, mu_result *res,
                     mu_policy_info *info, mu_error *err);

/* The applicant attribute that --group-by names (default "nationality") as a
 * symbol, or -1 when no applicant has it. */
int32_t mu_policy_group_key(const mu_instance *inst, const mu_options *opt);

#endif
