/* test_fuzz_replay.c: the two libFuzzer harnesses (`make fuzz`) built with
 * the test suites and run over the inputs they start from.
 *
 * `make fuzz` needs clang and nothing else builds the harnesses, so they
 * can stop compiling unnoticed (the scenario harness once did, for a
 * session or more).  Here each is compiled with the suites (its entry point
 * renamed, so both fit in one program) and given its seed corpus: every
 * shipped scenario and a few broken ones for the loader; every hostile
 * series.csv of tests/corpus/ and the combined input of tests/corpus/fuzz/
 * for the chart reader.  A harness aborts on anything it must never see (a
 * chart Cairo refuses, a stand-in file refused); under `make SAN=1 test`
 * AddressSanitizer also watches every byte they touch. */
#define _GNU_SOURCE /* fuzz_table.c's memmem */
#include "testutil.h"

#include <dirent.h>

#define LLVMFuzzerTestOneInput fuzz_table_one
#include "fuzz_table.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_scenario_one
#include "fuzz_scenario.c"
#undef LLVMFuzzerTestOneInput

/* Feeds every regular file of dir whose name ends in suffix ("" for all) to
 * one; returns how many. */
static int replay_dir(const char *dir, const char *suffix, int (*one)(const uint8_t *, size_t))
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int count = 0;
    for (struct dirent *de; (de = readdir(d));) {
        size_t ln = strlen(de->d_name), ls = strlen(suffix);
        if (de->d_name[0] == '.' || ln < ls || strcmp(de->d_name + ln - ls, suffix)) continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t n;
        char *p = slurp(path, &n);
        assert_int_equal(one((const uint8_t *)p, n), 0);
        free(p);
        count++;
    }
    closedir(d);
    return count;
}

static void scenario_harness_takes_its_seed_corpus(void **state)
{
    (void)state;
    /* the shipped scenarios (make fuzz's seed corpus; 16 today) */
    assert_true(replay_dir("scenarios", ".yaml", fuzz_scenario_one) >= 10);
    /* and inputs the loader must refuse, never crash on */
    static const char *bad[] = {
        "", "\x00\x01\x02", "name: [", "extends: extends.yaml\n", "policy:\n  - lever: 7\n    from: 2026-13-40\n",
        "disposals:\n  x: {annual_volume: 1e309}\n", "stock: {people: -1}\n", "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(fuzz_scenario_one((const uint8_t *)bad[i], i == 1 ? 3 : strlen(bad[i])), 0);
}

static void table_harness_takes_its_seed_corpus(void **state)
{
    (void)state;
    /* make fuzz's seed corpus for the chart reader: every hostile
     * series.csv (one a fault; 32 today) and the combined input */
    assert_true(replay_dir("tests/corpus/series", ".csv", fuzz_table_one) >= 30);
    assert_int_equal(replay_dir("tests/corpus/fuzz", "", fuzz_table_one), 1);
    /* a run's own outputs joined as the harness joins them, drawn whole */
    static const char run[] = "month,series,mean,p5,p50,p95\n"
                              "2025-06,caseload.total,244209.00,244209.00,244209.00,244209.00\n"
                              "2025-07,caseload.total,244310.25,243998.50,244305.75,244650.00\n"
                              "\n####\nscenario: \"replay\"\nreplications: 3\nseed: 1\n";
    assert_int_equal(fuzz_table_one((const uint8_t *)run, sizeof run - 1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scenario_harness_takes_its_seed_corpus),
        cmocka_unit_test(table_harness_takes_its_seed_corpus),
    };
    return cmocka_run_group_tests_name("fuzz_replay", tests, NULL, NULL);
}
