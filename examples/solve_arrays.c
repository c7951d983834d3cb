/* Builds a small instance in memory, solves it and prints the assignment.
 *   cc solve_arrays.c $(pkg-config --cflags --libs musubi) -o solve_arrays */
#include <musubi.h>
#include <stdio.h>

int main(void) {
    const char *applicants[] = {"Ana", "Binh", "Chai", "Dewi"};
    const char *companies[] = {"Kobe Steelworks", "Osaka Textiles"};
    int32_t capacities[] = {2, 1};
    int32_t pair_app[] = {0, 0, 1, 2, 2, 3}, pair_com[] = {0, 1, 0, 0, 1, 1};
    int64_t weights[] = {300, 250, 280, 200, 260, 240};
    const char *nationality[] = {"BR", "VN", "TH", "ID"};
    mu_column columns[] = {{"nationality", nationality}};
    mu_arrays in = {.n_applicants = 4, .applicant_ids = applicants, .n_companies = 2, .company_ids = companies,
                    .capacities = capacities, .n_pairs = 6, .pair_applicants = pair_app,
                    .pair_companies = pair_com, .pair_weights = weights, .n_applicant_columns = 1,
                    .applicant_columns = columns,
                    .programme = "{\"quotas\": [{\"name\": \"vn-cap\", \"applicants\": {\"nationality\": \"VN\"}, "
                                 "\"max\": 0}]}"};
    mu_error err = {0};
    mu_instance *inst = NULL;
    mu_solution *sol = NULL;
    mu_options opt;
    mu_options_init(&opt);
    if (mu_instance_build(&in, &inst, &err) || mu_solve(inst, &opt, &sol, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        mu_instance_free(inst);
        return err.code;
    }
    printf("%s, weight %lld (engine %s)\n", mu_status_name(mu_solution_status(sol)),
           (long long)mu_solution_objective(sol), mu_solution_engine(sol));
    for (int32_t a = 0; a < mu_instance_applicants(inst); a++) {
        int32_t c = mu_solution_company_of(sol, a);
        printf("%s -> %s\n", mu_instance_applicant_id(inst, a), c < 0 ? "(unplaced)" : mu_instance_company_id(inst, c));
    }
    mu_solution_free(sol);
    mu_instance_free(inst);
    return 0;
}
