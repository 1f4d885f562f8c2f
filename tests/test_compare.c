/* test_compare.c: the money of an option, worked by hand; the first month
 * capacity stays under a line; peak and lasting change. */
#include "testutil.h"

#include "compare.h"

/* Two grades, numbers chosen so every step can be done on paper:
 *   in post   = 12.5 / 0.625 + 8 / 0.8           = 20 + 10      = 30 FTE
 *   cost need = 20 x 48,000 + 10 x 36,000                       = 1,320,000
 *   cost have = 10 / 0.625 x 48,000 + 9 / 0.8 x 36,000          = 768,000 + 405,000 = 1,173,000
 *   cost gap  = 2.5 / 0.625 x 48,000 - 1 / 0.8 x 36,000         = 192,000 - 45,000  = 147,000
 * and 1,173,000 + 147,000 = 1,320,000. */
static void money_adds_up_by_hand(void **state)
{
    (void)state;
    const double hold[2] = { 0.625, 0.8 }, cost[2] = { 48000, 36000 };
    const double wl[2] = { 1000, 600 }, need[2] = { 12.5, 8.0 }, have[2] = { 10.0, 9.0 };
    double m[MN_N];
    compare_money(m, 500, wl, need, have, hold, cost, 110.5);
    assert_near(m[MN_CASELOAD], 500, 1e-9);
    assert_near(m[MN_WORKLOAD], 1600, 1e-9);
    assert_near(m[MN_NEEDED], 20.5, 1e-9);
    assert_near(m[MN_IN_POST], 30, 1e-9);
    assert_near(m[MN_AVAILABLE], 19, 1e-9);
    assert_near(m[MN_GAP], 1.5, 1e-9);
    assert_near(m[MN_COST_NEEDED], 1320000, 1e-6);
    assert_near(m[MN_COST_AVAILABLE], 1173000, 1e-6);
    assert_near(m[MN_COST_GAP], 147000, 1e-6);
    assert_near(m[MN_CAPACITY], 110.5, 1e-9);

    /* An option that needs half a PO more and adds one PO:
     *   cost need = 13 / 0.625 x 48,000 + 360,000 = 998,400 + 360,000 = 1,358,400  (+38,400)
     *   cost have = 11 / 0.625 x 48,000 + 405,000 = 844,800 + 405,000 = 1,249,800  (+76,800: the staff it adds)
     *   cost gap  = 2 / 0.625 x 48,000 - 45,000   = 153,600 - 45,000  =   108,600  (-38,400)
     * so the change in the cost of the staff needed (+38,400) = the cost of
     * the staff added (+76,800) + the change in the cost of the gap (-38,400). */
    const double need2[2] = { 13.0, 8.0 }, have2[2] = { 11.0, 9.0 };
    double o[MN_N];
    compare_money(o, 512, wl, need2, have2, hold, cost, 108.25);
    assert_near(o[MN_COST_NEEDED] - m[MN_COST_NEEDED], 38400, 1e-6);
    assert_near(o[MN_COST_AVAILABLE] - m[MN_COST_AVAILABLE], 76800, 1e-6);
    assert_near(o[MN_COST_GAP] - m[MN_COST_GAP], -38400, 1e-6);
    assert_near(o[MN_IN_POST] - m[MN_IN_POST], 0.8, 1e-9);
    assert_near(o[MN_GAP] - m[MN_GAP], -0.5, 1e-9);
}

static void first_month_under_110_and_100(void **state)
{
    (void)state;
    /* month:           0    1    2    3    4    5    6   7    8   9 */
    const double cap[] = { 118, 112, 109, 111, 108, 104, 99, 101, 97, 96 };
    assert_int_equal(compare_first_under(cap, 10, 110), 4);  /* 109 in month 2 does not last */
    assert_int_equal(compare_first_under(cap, 10, 100), 8);  /* 99 in month 6 does not last */
    const double never[] = { 120, 95, 100 };                 /* ends on the line: not under it */
    assert_int_equal(compare_first_under(never, 3, 100), -1);
    const double always[] = { 90, 80 };
    assert_int_equal(compare_first_under(always, 2, 100), 0);
}

static void peak_and_lasting_change(void **state)
{
    (void)state;
    const double v[] = { 0, 2, 9, -12, 4, 4 };
    double peak, last;
    int at;
    compare_peak_lasting(v, 1, 6, &peak, &at, &last);
    assert_near(peak, -12, 1e-12);
    assert_int_equal(at, 3);
    assert_near(last, 1.4, 1e-12);                           /* (2 + 9 - 12 + 4 + 4) / 5 */
    /* a one-off surge: 3,000 for two months, then a lasting 500 */
    double s[40];
    for (int k = 0; k < 40; k++) s[k] = k >= 5 && k < 7 ? 3000 : k >= 7 ? 500 : 0;
    compare_peak_lasting(s, 1, 40, &peak, &at, &last);
    assert_near(peak, 3000, 1e-9);
    assert_int_equal(at, 5);
    assert_near(last, 500, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(money_adds_up_by_hand),
        cmocka_unit_test(first_month_under_110_and_100),
        cmocka_unit_test(peak_and_lasting_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
