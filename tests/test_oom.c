/* test_oom.c: running out of memory in the middle of a replication.
 *
 * A replication grows its arrays as it needs (cases, people, the queue's
 * buckets, workload phases): any of those allocations may fail.  The rule
 * is the one for bad input: a clear error, never a crash or a leak, never
 * a wrong number written as if it were right.  This suite is linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc (Makefile), so every
 * allocation the model's own code makes goes through the counters below
 * (GSL's, libyaml's and libc's own do not); it counts the allocations of
 * one replication, then runs it again failing the first, the second, ...
 * each of them in turn.  Every run must end either with the model's
 * out-of-memory code (-1) or, if the code worked around the failure, with
 * exactly the series of the run that had all its memory.  Under `make
 * SAN=1 test` the sanitisers also check each of those paths for leaks and
 * bad reads. */
#include "testutil.h"

#include "model_internal.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);

static int counting;   /* count (and maybe fail) allocations now */
static long calls;     /* allocations counted */
static long fail_at;   /* the allocation to fail (1 = the first), 0: none */

static int fails_now(void) { return counting && ++calls == fail_at; }
void *__wrap_malloc(size_t n) { return fails_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t k, size_t n) { return fails_now() ? NULL : __real_calloc(k, n); }
/* a failed realloc leaves the block as it was, as the C library's does */
void *__wrap_realloc(void *p, size_t n) { return fails_now() ? NULL : __real_realloc(p, n); }

/* The small scenario in two regions, with more people than the regions'
 * arrays start with (4,096 cases and people: model.c), new sentences passed
 * on people already supervised or in custody (so person records are made
 * and grow), a stock with fewer people than its cases (people with two), and
 * workload by phase (induction), for 12 months. */
static char *scenario_text(void)
{
    char *base = small_scenario(0.03, 0.5, NULL);
    char *a = swap(base, "stock: {community_order: 0}", "stock: {community_order: 12000, licence: 4000, people: 11000}");
    char *b = swap(a, "    annual_volume: 0\n    length_months: {dist: fixed, value: 12}",
                   "    annual_volume: 9000\n    already_supervised: 0.5\n    length_months: {dist: fixed, value: 12}");
    char *c = swap(b, "    annual_volume: 0\n    band_months: [0, 12]",
                   "    annual_volume: 4000\n    already_supervised: 0.3\n    already_in_custody: 0.3\n    band_months: [0, 12]");
    char *d = swap(c, "horizon_months: 36", "horizon_months: 12");
    char *y = fmt("%s%s"
                  "  report_points: {oral: 10, written: 40}\n"
                  "  induction: {months: 2, factor: 1.5}\n"
                  "  probation_officer_share: {high: 1, low: 0.25}\n"
                  "  probation_officer_share_of_other_work: 0.5\n"
                  "  probation_officer: {start_fte: 100, points_per_fte: 900, reductions: 0.1, holding_share: 0.8, attrition: 0.1, recruitment: {replace_leavers: true}, annual_cost: 50000}\n"
                  "  probation_services_officer: {start_fte: 50, points_per_fte: 1800, reductions: 0.2, holding_share: 1, attrition: 0.2, recruitment: {replace_leavers: true}, annual_cost: 40000}\n"
                  "  trainees: {start_fte: 20, intake_per_month: 2, months_to_qualify: 15, capacity_share: [0.2, 0.4, 0.6], attrition: 0.05, annual_cost: 40000}\n"
                  "regions:\n"
                  "  - {name: north, share: 0.6}\n"
                  "  - {name: south, share: 0.4}\n",
                  d, SMALL_WORKFORCE_POINTS);
    free(base);
    free(a);
    free(b);
    free(c);
    free(d);
    return y;
}

/* The scenario above, loaded, and its series layout. */
static scenario_t *load_scenario(layout_t **l)
{
    char *y = scenario_text();
    scenario_t *s = load_text_ok(y);
    free(y);
    *l = layout_create(s);
    assert_non_null(*l);
    return s;
}

/* One replication on a fresh model, failing allocation number `at` (0:
 * none); returns model_run's code, the series in out. */
static int run_failing(const scenario_t *s, const layout_t *l, long at, double *out, long *counted)
{
    model_t *m = model_create(s, l);
    assert_non_null(m);
    calls = 0;
    fail_at = at;
    counting = 1;
    int rc = model_run(m, 20261207, out);
    counting = 0;
    if (counted) {
        *counted = calls;
        /* the regions' shared arrays (back with the parent after the run)
         * grew past their first 4,096 cases and person records: the
         * growth paths are among the allocations failed */
        assert_true(m->capcase > 4096);
        assert_true(m->cappers > 4096);
    }
    model_free(m);
    return rc;
}

static void every_allocation_of_a_replication_may_fail(void **state)
{
    (void)state;
    layout_t *l;
    scenario_t *s = load_scenario(&l);
    size_t cells = (size_t)(s->horizon + 1) * (size_t)l->n;
    double *want = calloc(cells, sizeof *want), *got = calloc(cells, sizeof *got);
    assert_non_null(want);
    assert_non_null(got);
    long n = 0;
    assert_int_equal(run_failing(s, l, 0, want, &n), 0);
    /* the run grows its arrays: cases and people past 4,096, the queue's
     * buckets; without that this suite would test nothing */
    assert_true(n >= 20);
    long failed = 0, same = 0;
    for (long k = 1; k <= n; k++) {
        memset(got, 0, cells * sizeof *got);
        int rc = run_failing(s, l, k, got, NULL);
        if (rc == 0) {
            /* worked around: then every number is the full run's */
            if (memcmp(got, want, cells * sizeof *got)) fail_msg("allocation %ld of %ld failed, the run said 0 and its series differ", k, n);
            same++;
        } else {
            if (rc != -1) fail_msg("allocation %ld of %ld failed: code %d, expected -1 (out of memory)", k, n, rc);
            failed++;
        }
    }
    print_message("%ld allocations in the replication: %ld failures reported as out of memory, %ld worked around\n", n, failed, same);
    assert_int_equal(failed + same, n);
    free(want);
    free(got);
    layout_free(l);
    scenario_free(s);
}

/* The start-up check draws each region's starting stock as a run would
 * (model_check): failing any of its allocations gives an error that says
 * so, never a crash, a leak or a silent pass. */
static void every_allocation_of_the_stock_check_may_fail(void **state)
{
    (void)state;
    layout_t *l;
    scenario_t *s = load_scenario(&l);
    errlist_t e;
    errlist_init(&e);
    calls = 0;
    fail_at = 0;
    counting = 1;
    assert_int_equal(model_check(s, l, &e), 0);
    counting = 0;
    long n = calls;
    assert_true(n >= 20);
    for (long k = 1; k <= n; k++) {
        errlist_clear(&e);
        errlist_init(&e);
        calls = 0;
        fail_at = k;
        counting = 1;
        int rc = model_check(s, l, &e);
        counting = 0;
        if (rc != -1) fail_msg("allocation %ld of %ld of the check failed and the check passed", k, n);
        int said = 0;
        for (int i = 0; i < e.count; i++) said |= strstr(e.msg[i], "out of memory") != NULL;
        if (!said) fail_msg("allocation %ld of %ld: %d errors, none says out of memory%s%s", k, n, e.count,
                            e.count ? ": " : "", e.count ? e.msg[0] : "");
    }
    print_message("%ld allocations in the stock check: each failure reported as out of memory\n", n);
    errlist_clear(&e);
    layout_free(l);
    scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_allocation_of_a_replication_may_fail),
        cmocka_unit_test(every_allocation_of_the_stock_check_may_fail),
    };
    return cmocka_run_group_tests_name("oom", tests, NULL, NULL);
}
