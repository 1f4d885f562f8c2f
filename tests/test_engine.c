/* test_engine.c: the event queue: order, FIFO ties, buckets, stress. */
#include "testutil.h"

#include <math.h>

#include "engine.h"
#include "rng.h"

static void pops_in_time_order(void **state)
{
    (void)state;
    engine_t *e = engine_create(4, 0);
    double t[] = { 5.5, 1.25, 3.0, 9.75, 0.5, 7.0 };
    for (int i = 0; i < 6; i++) assert_int_not_equal(engine_schedule(e, t[i], (uint32_t)i), 0);
    assert_int_equal(engine_pending(e), 6);
    assert_true(engine_peek(e) == 0.5);
    double expect[] = { 0.5, 1.25, 3.0, 5.5, 7.0, 9.75 };
    uint32_t ids[] = { 4, 1, 2, 0, 5, 3 };
    event_t ev;
    for (int i = 0; i < 6; i++) {
        assert_true(engine_next(e, &ev));
        assert_true(ev.t == expect[i]);
        assert_int_equal(ev.id, ids[i]);
        assert_true(engine_now(e) == expect[i]);
    }
    assert_false(engine_next(e, &ev));
    assert_int_equal(engine_popped(e), 6);
    engine_free(e);
}

static void ties_pop_in_scheduling_order(void **state)
{
    (void)state;
    for (int w = 0; w < 2; w++) {
        engine_t *e = engine_create(4, w ? 1.0 : 0);
        /* 50 events at t = 2.0 (interleaved with others), FIFO among them */
        for (uint32_t i = 0; i < 50; i++) {
            engine_schedule(e, 2.0, 100 + i);
            engine_schedule(e, 3.0 + i, 1000 + i);
        }
        event_t ev;
        for (uint32_t i = 0; i < 50; i++) {
            assert_true(engine_next(e, &ev));
            assert_int_equal(ev.id, 100 + i);
        }
        engine_free(e);
    }
}

static int cmp_ev(const void *a, const void *b)
{
    const event_t *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Interleaved schedules and pops against a sorted reference, for a plain
 * heap and for bucket widths that do and do not divide the times evenly. */
static void stress_against_sorted_reference(void **state)
{
    (void)state;
    double widths[] = { 0, 1.0, 7.5, 30.0 };
    for (int w = 0; w < 4; w++) {
        gsl_rng *r = rng_alloc(42 + (uint64_t)w);
        engine_t *e = engine_create(16, widths[w]);
        enum { N = 200000 };
        event_t *all = malloc(N * sizeof *all);
        event_t *got = malloc(N * sizeof *got);
        int n = 0, popped = 0;
        event_t ev;
        while (n < N) {
            /* schedule a burst at or after now, some on whole days (ties) */
            int burst = 1 + (int)(gsl_rng_uniform(r) * 8);
            for (int k = 0; k < burst && n < N; k++) {
                double dt = gsl_rng_uniform(r) < 0.3 ? floor(gsl_rng_uniform(r) * 5)
                                                      : gsl_rng_uniform(r) * 400;
                double t = engine_now(e) + dt;
                uint32_t seq = engine_schedule(e, t, (uint32_t)n);
                all[n] = (event_t){ t, (uint32_t)n, seq };
                n++;
            }
            int pops = (int)(gsl_rng_uniform(r) * 8);
            for (int k = 0; k < pops && engine_next(e, &ev); k++) got[popped++] = ev;
        }
        while (engine_next(e, &ev)) got[popped++] = ev;
        assert_int_equal(popped, N);
        /* each popped event is the smallest of those pending at the time:
         * equivalently, popped times never decrease and the multiset matches */
        for (int i = 1; i < N; i++) {
            assert_true(got[i].t >= got[i - 1].t);
            if (got[i].t == got[i - 1].t) assert_true(got[i].seq > got[i - 1].seq);
        }
        qsort(all, N, sizeof *all, cmp_ev);
        event_t *sorted = malloc(N * sizeof *sorted);
        memcpy(sorted, got, N * sizeof *got);
        qsort(sorted, N, sizeof *sorted, cmp_ev);
        for (int i = 0; i < N; i++) {
            assert_true(sorted[i].t == all[i].t);
            assert_int_equal(sorted[i].id, all[i].id);
        }
        free(sorted);
        free(all);
        free(got);
        engine_free(e);
        gsl_rng_free(r);
    }
}

/* A popped sequence equals a full sort when everything is scheduled first. */
static void batch_equals_sort(void **state)
{
    (void)state;
    enum { N = 50000 };
    gsl_rng *r = rng_alloc(7);
    engine_t *e = engine_create(8, 3.0);
    event_t *ref = malloc(N * sizeof *ref);
    for (int i = 0; i < N; i++) {
        double t = floor(gsl_rng_uniform(r) * 1000) / 4; /* many ties */
        ref[i] = (event_t){ t, (uint32_t)i, engine_schedule(e, t, (uint32_t)i) };
    }
    qsort(ref, N, sizeof *ref, cmp_ev);
    event_t ev;
    for (int i = 0; i < N; i++) {
        assert_true(engine_next(e, &ev));
        assert_int_equal(ev.id, ref[i].id);
    }
    free(ref);
    engine_free(e);
    gsl_rng_free(r);
}

static void reset_empties_and_reuses(void **state)
{
    (void)state;
    engine_t *e = engine_create(2, 10.0);
    for (int i = 0; i < 100; i++) engine_schedule(e, i * 3.0, (uint32_t)i);
    event_t ev;
    engine_next(e, &ev);
    engine_reset(e, 50.0);
    assert_int_equal(engine_pending(e), 0);
    assert_true(engine_now(e) == 50.0);
    assert_true(isinf(engine_peek(e)));
    engine_schedule(e, 75.0, 9);
    engine_schedule(e, 51.0, 8);
    assert_true(engine_peek(e) == 51.0);
    assert_true(engine_next(e, &ev) && ev.id == 8);
    assert_true(engine_next(e, &ev) && ev.id == 9);
    assert_false(engine_next(e, &ev));
    engine_free(e);
    engine_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pops_in_time_order),
        cmocka_unit_test(ties_pop_in_scheduling_order),
        cmocka_unit_test(stress_against_sorted_reference),
        cmocka_unit_test(batch_equals_sort),
        cmocka_unit_test(reset_empties_and_reuses),
    };
    return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
