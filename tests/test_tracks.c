/* Tracks: one host offering positions on several tracks (in person, online)
 * that share its capacity (instances/FORMAT.md, "tracks"). Bad inputs first,
 * naming the company and the track; an instance worked by hand, whose written
 * solution names host and track and passes `check`; then seeded random
 * instances (tests/randinst.h's tracks family) against exhaustive search. */
#include "tests/testutil.h"

#include <unistd.h>

#include "base/io.h"
#include "model/solution.h"
#include "musubi.h"
#include "tests/randinst.h"
#include "tests/textinst.h"

#define TRACK_HEAD                                                                                                     \
    "{\"format\": \"musubi-instance-1\", \"applicants\": [{\"id\": \"A1\"}], \"companies\": [{\"id\": \"C0\", "        \
    "\"capacity\": 1}, "

static void tracks_are_validated_naming_the_company_and_track(void **state) {
    (void)state;
    assert_input_error(TRACK_HEAD "{\"id\": \"C1\", \"tracks\": []}]}",
                       "companies[1].tracks: expected an array of 1 to 64 track objects");
    assert_input_error(TRACK_HEAD "{\"id\": \"C1\", \"tracks\": [{\"capacity\": 1}]}]}",
                       "companies[1].tracks[0].name: expected a string of 1 to 64 bytes without '/'");
    assert_input_error(TRACK_HEAD "{\"id\": \"C1\", \"tracks\": [{\"name\": \"online\", \"capacity\": -1}]}]}",
                       "companies[1].tracks[0].capacity: expected an integer from 0 to 1000000, got -1");
    assert_input_error(TRACK_HEAD "{\"id\": \"C1\", \"tracks\": [{\"name\": \"online\", \"capacity\": 1}, {\"name\": "
                                  "\"online\", \"capacity\": 2}]}]}",
                       "companies[1].tracks[1].name: duplicate track \"online\" (also tracks[0])");
    assert_input_error(TRACK_HEAD
                       "{\"id\": \"C1\", \"tracks\": [{\"name\": \"online\", \"capacity\": 1, \"seats\": 2}]}]}",
                       "companies[1].tracks[0]: unknown key \"seats\"");
    assert_input_error(TRACK_HEAD
                       "{\"id\": \"C1\", \"track\": \"x\", \"tracks\": [{\"name\": \"online\", \"capacity\": 1}]}]}",
                       "companies[1]: a company with tracks cannot also have the attributes host or track");
    assert_input_error(
        TRACK_HEAD "{\"id\": \"C1\", \"tracks\": [{\"name\": \"online\", \"capacity\": 1}]}], "
                   "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C1\", \"track\": \"remote\", \"weight\": 1}]}",
        "pairs[0].track: company C1 has no such track");
    assert_input_error(
        TRACK_HEAD "{\"id\": \"C1\", \"tracks\": [{\"name\": \"online\", \"capacity\": 1}]}], "
                   "\"pairs\": [{\"applicant\": \"A1\", \"company\": \"C0\", \"track\": \"online\", \"weight\": 1}]}",
        "pairs[0].track: company C0 has no tracks");
}

/* One host, two tracks: in person (1 seat, JLPT N2 required) and online
 * (2 seats); the host's capacity 2 caps both together. A1 (N1) and A2 (N3)
 * list C1; A3 (N1) lists C1 then C2 (1 seat). Known by hand: in person
 * only A1 or A3 qualify; C1 takes two in all; the positions are ranked in
 * track order, so a list entry C1 scores in-person as rank 1, online rank 2.
 * Pairs and weights (base 100, applicant_rank 100, company_rank 0, no
 * target_market): A1: C1/in-person 200, C1/online 150; A2: C1/in-person
 * ineligible, C1/online 150; A3: C1/in-person 200, C1/online 166, C2 133.
 * Best: A1 in person (200), A2 online (150), A3 at C2 (133) = 483; A3
 * online instead of A2 would give C1 three interns (cap 2). */
static void tracks_share_the_host_capacity_and_keep_one_placement_per_applicant(void **state) {
    (void)state;
    const char *text =
        "{\"format\": \"musubi-instance-1\", \"applicants\": ["
        "{\"id\": \"A1\", \"jlpt\": \"N1\", \"preferences\": [\"C1\"]}, {\"id\": \"A2\", \"jlpt\": \"N3\", "
        "\"preferences\": [\"C1\"]},"
        " {\"id\": \"A3\", \"jlpt\": \"N1\", \"preferences\": [\"C1\", \"C2\"]}],"
        " \"companies\": [{\"id\": \"C1\", \"capacity\": 2, \"tracks\": [{\"name\": \"in-person\", \"capacity\": 1, "
        "\"requires\": {\"jlpt\": \"N2\"}},"
        " {\"name\": \"online\", \"capacity\": 2}]}, {\"id\": \"C2\", \"capacity\": 1}],"
        " \"weights\": {\"base\": 100, \"applicant_rank\": 100, \"company_rank\": 0, \"target_market\": 0}}";
    mu_instance *inst = NULL;
    mu_error err = {0};
    inst = read_ok(text);
    assert_int_equal(mu_instance_companies(inst), 3); /* C1/in-person, C2, C1/online */
    mu_options opt;
    mu_options_init(&opt);
    opt.verbosity = 0;
    mu_solution *sol = NULL;
    assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_OK);
    assert_int_equal(mu_solution_objective(sol), 483);
    assert_int_equal(exhaustive(inst), 483);
    assert_string_equal(inst->com_ids.str[mu_solution_company_of(sol, 0)], "C1/in-person");
    assert_string_equal(inst->com_ids.str[mu_solution_company_of(sol, 1)], "C1/online");
    assert_string_equal(inst->com_ids.str[mu_solution_company_of(sol, 2)], "C2");
    /* The written assignment names host and track, and passes the checker. */
    char out[] = "/tmp/musubi-sol-XXXXXX";
    close(mkstemp(out));
    assert_int_equal(mu_solution_write_json(sol, inst, &opt, out, &err), MU_OK);
    char *json = NULL;
    size_t len = 0;
    assert_int_equal(mu_read_file(out, 1 << 20, &json, &len, &err), MU_OK);
    assert_non_null(strstr(json, "\"company\": \"C1/online\", \"host\": \"C1\", \"track\": \"online\""));
    free(json);
    assert_int_equal(mu_check_file(inst, out, NULL, &err), MU_OK);
    unlink(out);
    mu_solution_free(sol);
    mu_instance_free(inst);
}

/* Random instances with a host on two tracks (sometimes a shared cap,
 * sometimes pairs naming a track), against exhaustive search. */
static void tracks_solved_equal_exhaustive_search(void **state) {
    (void)state;
    for (uint64_t seed = 400; seed < 550; seed++) {
        char path[] = "/tmp/musubi-test-rules-XXXXXX";
        close(mkstemp(path));
        rng_state = seed;
        int n = 1 + (int)(seed % 5);
        write_track_instance(path, n);
        if (getenv("MU_KEEP")) fprintf(stderr, "seed %llu: %s\n", (unsigned long long)seed, path);
        mu_instance *inst = NULL;
        mu_error err = {0};
        int rc = mu_instance_read(path, &inst, &err);
        if (rc) fprintf(stderr, "seed %llu: %s\n", (unsigned long long)seed, err.msg);
        assert_int_equal(rc, MU_OK);
        int64_t best = exhaustive(inst);
        mu_options opt;
        mu_options_init(&opt);
        opt.verbosity = 0;
        mu_solution *sol = NULL;
        assert_int_equal(mu_solve(inst, &opt, &sol, &err), MU_OK);
        assert_int_equal(mu_solution_status(sol), MU_STATUS_OPTIMAL);
        assert_int_equal(mu_solution_objective(sol), best);
        mu_solution_free(sol);
        mu_instance_free(inst);
        unlink(path);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tracks_are_validated_naming_the_company_and_track),
        cmocka_unit_test(tracks_share_the_host_capacity_and_keep_one_placement_per_applicant),
        cmocka_unit_test(tracks_solved_equal_exhaustive_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
