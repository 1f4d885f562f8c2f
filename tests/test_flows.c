/* test_flows.c: each flow rule on single cases, with times worked by hand.
 * Units: 1 month = 365.25/12 = 30.4375 days. */
#include "testutil.h"

#include <math.h>

#include "fixture.h"



static void release_at_fraction_then_licence_to_end(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 0, NULL);
    uint32_t id = new_custody(f, "long"); /* 30 months, released at 0.4 */
    case_t *c = &f->m->c[id];
    assert_int_equal(c->state, SUP_PRE);
    assert_near(step_case(f), 0.4 * 30 * MONTH, 1e-9); /* day 365.25 */
    assert_int_equal(c->state, SUP_LICENCE);
    assert_near(step_case(f), 30 * MONTH, 1e-9);       /* sentence end, no PSS (over 2 years) */
    assert_int_equal(c->state, ST_DONE);
    fx_free(f);
}

static void pss_tops_up_to_twelve_months_after_release(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 0, NULL);
    uint32_t id = new_custody(f, "short"); /* 6 months, released at 0.5 */
    case_t *c = &f->m->c[id];
    assert_near(step_case(f), 3 * MONTH, 1e-9);  /* release: 91.3125 */
    assert_int_equal(c->state, SUP_LICENCE);
    assert_near(step_case(f), 6 * MONTH, 1e-9);  /* licence ends at sentence end */
    assert_int_equal(c->state, SUP_PSS);
    assert_near(step_case(f), 3 * MONTH + 12 * MONTH, 1e-9); /* PSS to release + 12 months */
    assert_int_equal(c->state, ST_DONE);
    fx_free(f);
}

static void fixed_term_recall_returns_after_14_days(void **state)
{
    (void)state;
    /* recall almost surely within days of release; every recall fixed-term */
    fx_t *f = fx_new(0.999, 1, NULL);
    uint32_t id = new_custody(f, "short");
    case_t *c = &f->m->c[id];
    double rel = step_case(f);
    assert_near(rel, 3 * MONTH, 1e-9);
    double tr = step_case(f);
    assert_int_equal(c->state, SUP_RECALLED);
    assert_true(tr > rel && tr < 6 * MONTH);
    /* recalled people leave the community caseload */
    assert_int_equal(f->m->count[SUP_RECALLED * 2 + c->tier], 1);
    assert_int_equal(f->m->count[SUP_LICENCE * 2 + c->tier], 0);
    double back = step_case(f);
    assert_near(back, fmin(tr + 14, 6 * MONTH), 1e-9);
    fx_free(f);
}

static void fixed_term_recall_is_28_days_for_long_sentences(void **state)
{
    (void)state;
    fx_t *f = fx_new(0.999, 1, NULL);
    uint32_t id = new_custody(f, "long");
    case_t *c = &f->m->c[id];
    step_case(f);               /* release */
    double tr = step_case(f);   /* recall */
    assert_int_equal(c->state, SUP_RECALLED);
    assert_near(step_case(f), tr + 28, 1e-9);
    assert_int_equal(c->state, SUP_LICENCE); /* back on licence */
    fx_free(f);
}

static void standard_recall_held_then_rereleased_or_to_sentence_end(void **state)
{
    (void)state;
    fx_t *f = fx_new(0.999, 0, NULL); /* standard recalls of exactly 50 days */
    uint32_t id = new_custody(f, "long");
    case_t *c = &f->m->c[id];
    step_case(f);
    int recalls = 0;
    double end = 30 * MONTH;
    for (;;) {
        double t = step_case(f);
        assert_true(t > 0);
        if (c->state == ST_DONE) { assert_near(t, end, 1e-9); break; }
        if (c->state == SUP_RECALLED) {
            recalls++;
            double back = step_case(f);
            assert_near(back, fmin(t + 50, end), 1e-9);
            if (back >= end) { assert_int_equal(c->state, ST_DONE); break; }
        }
    }
    /* 18 months on licence, recalls within days each time: several */
    assert_true(recalls >= 5);
    fx_free(f);
}

static void revoked_order_goes_to_custody_once(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 0, NULL);
    uint32_t id = model_case_alloc(f->m);
    case_t *c = &f->m->c[id];
    c->flags = 0;
    model_seed_case(f->m, c, 777);
    community_draw(f->m, c, disp_index(f->s, "co"), 0);
    community_start(f->m, id);
    assert_int_equal(c->state, SUP_CO);
    double tb = step_case(f); /* revoked at a uniform point of 12 months */
    assert_true(tb > 0 && tb < 12 * MONTH);
    assert_int_equal(c->state, SUP_PRE);
    /* term 4 months, release fraction of the band that holds it (0.5) */
    assert_near(step_case(f), tb + 0.5 * 4 * MONTH, 1e-9);
    assert_int_equal(c->state, SUP_LICENCE);
    /* counted once throughout */
    int64_t n = 0;
    for (int i = 0; i < SUP_N * 2; i++) n += f->m->count[i];
    assert_int_equal(n, 1);
    fx_free(f);
}

static void completed_order_ends_at_its_length(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 0, NULL);
    uint32_t id = model_case_alloc(f->m);
    case_t *c = &f->m->c[id];
    c->flags = 0;
    model_seed_case(f->m, c, 778);
    community_draw(f->m, c, disp_index(f->s, "sso"), 10.5);
    community_start(f->m, id);
    assert_int_equal(c->state, SUP_SSO);
    assert_near(step_case(f), 10.5 + 18 * MONTH, 1e-9);
    assert_int_equal(c->state, ST_DONE);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(release_at_fraction_then_licence_to_end),
        cmocka_unit_test(pss_tops_up_to_twelve_months_after_release),
        cmocka_unit_test(fixed_term_recall_returns_after_14_days),
        cmocka_unit_test(fixed_term_recall_is_28_days_for_long_sentences),
        cmocka_unit_test(standard_recall_held_then_rereleased_or_to_sentence_end),
        cmocka_unit_test(revoked_order_goes_to_custody_once),
        cmocka_unit_test(completed_order_ends_at_its_length),
    };
    return cmocka_run_group_tests_name("flows", tests, NULL, NULL);
}
