/* test_practitioners.c: individual workloads, the four-week rule,
 * supervisors, contracted hours, priorities and the toolkit, with numbers
 * worked by hand (or, for the four-week table, by a 40-million-draw Monte
 * Carlo outside the suite). */
#include "fixture.h"

#include <gsl/gsl_cdf.h>

#include "practitioners.h"
#include "workforce.h"

/* A team whose loads (% of capacity) are known: over 110% (strictly) are
 * 112.3, 130, 141.2 and 118.7; 110.0 itself is not over. */
static void a_team_gives_the_hand_counted_number_over_110(void **state)
{
    (void)state;
    const double team[] = { 95, 104.5, 112.3, 130, 109.9, 110.0, 141.2, 118.7 };
    assert_int_equal(prac_count_over(team, 8, 110), 4);
    assert_int_equal(prac_count_over(team, 8, 100), 7);
    /* four weeks each: A over all four; B drops to 108 in week 2; C starts
     * at 105; D over all four; E is at exactly 110 in week 1.  Two. */
    const double weeks[] = {
        112, 115, 111, 113,   /* A */
        120, 108, 125, 130,   /* B */
        105, 111, 112, 113,   /* C */
        140, 138, 150, 111,   /* D */
        110, 120, 130, 140,   /* E */
    };
    assert_int_equal(prac_count_over_weeks(weeks, 5, 4, 110), 2);
}

/* The lognormal spread: ln X ~ N(-s^2/2, s^2), s^2 = ln(1 + cv^2).  At an
 * average of 119% and cv 0.25 the share over 110% is
 * Phi((ln(1.19/1.1) - 0.0303123) / 0.246221) = Phi(0.196290) = 0.5778087;
 * at 86% the share over 100% is 0.2309682; the mean work beyond 110% is
 * C Phi(d1) - K Phi(d1 - s) = 0.1628295 of capacity.  cv 0: everyone at
 * the average. */
static void the_spread_around_the_average(void **state)
{
    (void)state;
    assert_near(prac_share_over(1.19, 0.25, 1.1), 0.5778086598, 1e-9);
    assert_near(prac_share_over(119, 0.25, 110), 0.5778086598, 1e-9);
    assert_near(prac_share_over(0.86, 0.25, 1.0), 0.2309682044, 1e-9);
    assert_near(prac_excess(1.19, 0.25, 1.1), 0.1628295285, 1e-9);
    assert_near(prac_share_over(1.2, 0, 1.1), 1, 0);
    assert_near(prac_share_over(1.0, 0, 1.1), 0, 0);
    assert_near(prac_excess(1.2, 0, 1.0), 0.2, 1e-15);
    assert_near(prac_excess(0.9, 0, 1.0), 0, 0);
    assert_near(prac_share_over(0, 0.25, 1.1), 0, 0);
}

/* Four weeks running: with no persistence (rho 0) the weeks are independent,
 * (1 - Phi(a))^4; with rho 0.9 at a = 0.5 a Monte Carlo of 4e7 chains gives
 * 0.17376 (standard error 0.00006).  Persistence raises the share: it lies
 * between (1 - Phi(a))^4 and 1 - Phi(a). */
static void four_consecutive_weeks_from_persistence(void **state)
{
    (void)state;
    double tab[PRAC_NA];
    assert_int_equal(prac_week_table(0, tab), 0);
    const double as[] = { -1.3, 0, 0.5, 1.25 };
    for (int i = 0; i < 4; i++) {
        double q = 1 - gsl_cdf_ugaussian_P(as[i]);
        assert_near(prac_week_prob(tab, as[i]), q * q * q * q, 2e-3);
    }
    assert_int_equal(prac_week_table(0.9, tab), 0);
    assert_near(prac_week_prob(tab, 0.5), 0.17376, 2e-3);
    double q = 1 - gsl_cdf_ugaussian_P(0.5);
    assert_true(prac_week_prob(tab, 0.5) < q && prac_week_prob(tab, 0.5) > q * q * q * q);
    assert_near(prac_week_prob(tab, -7), 1, 0);
    assert_near(prac_week_prob(tab, 7), 0, 0);
    /* the share of a grade: a = (ln(L/C) + s^2/2) / s */
    double s = sqrt(log1p(0.25 * 0.25));
    assert_near(prac_share_over_weeks(tab, 1.19, 0.25, 1.1), prac_week_prob(tab, (log(1.1 / 1.19) + 0.5 * s * s) / s), 1e-15);
    assert_near(prac_share_over_weeks(tab, 1.2, 0, 1.1), 1, 0);
}

/* Hours and priorities by hand: contracted 1,000 hours of case work, load
 * 120%, everyone alike (cv 0), contracted hours only: 200 hours not done.
 * Work types (highest priority first) with shares 0.10, 0.40, 0.30, 0.12,
 * 0.08 of the 1,200 hours: 120, 480, 360, 144, 96.  Lowest first:
 * programmes 96 (all), unpaid work 104 of 144, the rest untouched. */
static void contracted_hours_only_suspends_the_lowest_priority_work(void **state)
{
    (void)state;
    prac_hours_t h = prac_hours(1000, 1.2, 0, 1, 1);
    assert_near(h.contracted, 1000, 0);
    assert_near(h.workload, 1200, 1e-9);
    assert_near(h.suspended, 200, 1e-9);
    assert_near(h.paid, 0, 1e-12);
    assert_near(h.unpaid, 0, 1e-12);
    const double hours[] = { 120, 480, 360, 144, 96 };
    double out[5];
    assert_near(prac_suspend(hours, 5, h.suspended, out), 0, 1e-12);
    const double want[] = { 0, 0, 0, 104, 96 };
    for (int i = 0; i < 5; i++) assert_near(out[i], want[i], 1e-9);
    /* working up to 42 hours against 37 with 10% reductions: k = 1 + 5 / 33.3;
     * 3 hours a week paid: k_paid = 1 + 3 / 33.3 */
    double cw = 37 * 0.9, kp = 1 + 3 / cw, kw = 1 + 5 / cw;
    h = prac_hours(1000, 1.2, 0, kp, kw);
    assert_near(h.paid, 1000 * (kp - 1), 1e-9);
    assert_near(h.unpaid, 1000 * (kw - kp), 1e-9);
    assert_near(h.suspended, 1000 * (1.2 - kw), 1e-9);
    assert_near(h.paid + h.unpaid + h.suspended, 200, 1e-9);
}

static void eight_practitioners_per_spo(void **state)
{
    (void)state;
    assert_near(prac_spo_needed(80, 8), 10, 0);
    assert_near(prac_spo_needed(80, 0), 0, 0);
}

/* A workforce whose only work is 12,000 points of admin a month, all with
 * POs: 10 PO FTE (all holding cases) at 1,000 points and no reductions is
 * 120% of capacity; 37 contracted hours a week, up to 42 worked.  40 PSOs
 * and the 40 case-holding POs of `spo_po` make 80 practitioners. */
static const char *PWF =
    "workforce:\n"
    "  unit: points\n"
    "  points:\n"
    "    community: {high: 0, low: 0}\n"
    "    custody: {high: 0, low: 0}\n"
    "    licence: {high: 0, low: 0}\n"
    "    post_sentence_supervision: {high: 0, low: 0}\n"
    "  report_points: {oral: 0, written: 0}\n"
    "  probation_officer_share: {high: 1, low: 1}\n"
    "  probation_officer_share_of_other_work: 1\n"
    "  other_work:\n"
    "    - {name: admin, per_month: 12000}\n"
    "  probation_officer: {start_fte: %g, points_per_fte: %g, reductions: 0, holding_share: %g, attrition: 0, recruitment: none, annual_cost: 50000}\n"
    "  probation_services_officer: {start_fte: %g, points_per_fte: 1800, reductions: 0, holding_share: 1, attrition: 0, recruitment: none, annual_cost: 40000}\n"
    "  trainees: {start_fte: 0, intake_per_month: 0, months_to_qualify: 15, capacity_share: [0.2, 0.4, 0.6], attrition: 0, annual_cost: 40000}\n"
    "  practitioners:\n"
    "    spread_cv: 0\n"
    "    weekly_autocorrelation: 0.9\n"
    "    contracted_hours_per_week: 37\n"
    "    worked_hours_per_week: 42\n"
    "    paid_overtime_hours_per_week: 0\n"
    "    overtime_cost_per_hour: 30\n"
    "    contracted_hours_only: 0\n"
    "    work_types:\n"
    "      - {name: reports, share: 0.10}\n"
    "      - {name: high_risk, share: 0.40}\n"
    "      - {name: lower_tier, share: 0.30}\n"
    "      - {name: unpaid_work, share: 0.12}\n"
    "      - {name: programmes, share: 0.08}\n"
    "  senior_probation_officer: {start_fte: 12, holding_share: 0.75, practitioners_per_spo: 8, attrition: 0, recruitment: none, annual_cost: 60000, lost_capacity: 0.5}\n";

static fx_t *fx_prac(double po, double ppf, double hold, double pso, const char *policy)
{
    char *wf = fmt(PWF, po, ppf, hold, pso);
    char *extra = fmt("%s%s", wf, policy ? policy : "");
    fx_t *f = fx_new(0, 0, extra);
    free(wf);
    free(extra);
    return f;
}

static double *month(fx_t *f, int j)
{
    double *row = f->out + (size_t)j * (size_t)f->l->n;
    workload_snapshot(f->m, j);
    workload_month(f->m, j, row);
    return row;
}

static double ser(const fx_t *f, const double *row, const char *name)
{
    int i = layout_find(f->l, name);
    assert_true(i >= 0);
    return row[i];
}

/* 80 practitioners (50 POs x 0.8 + 40 PSOs) at 8 each need 10 SPOs; 12 in
 * post x 0.75 supervising = 9: a gap of 1, a tenth of practitioners
 * unsupervised, and at lost_capacity 0.5 5% of their capacity lost:
 * PO capacity 40 x 1,000 x 0.95 = 38,000 for 12,000 points = 31.58%. */
static void the_model_needs_ten_spo_for_eighty_practitioners(void **state)
{
    (void)state;
    fx_t *f = fx_prac(50, 1000, 0.8, 40, NULL);
    double *row = month(f, 1);
    assert_near(ser(f, row, "staff.spo.needed_fte"), 10, 1e-12);
    assert_near(ser(f, row, "staff.spo.available_fte"), 9, 1e-12);
    assert_near(ser(f, row, "staff.spo.gap_fte"), 1, 1e-12);
    assert_near(ser(f, row, "staff.spo.cost_gap"), 1 / 0.75 * 60000, 1e-6);
    assert_near(ser(f, row, "staff.spo.capacity_lost_pct"), 5, 1e-9);
    assert_near(ser(f, row, "staff.capacity_pct.probation_officer"), 100 * 12000 / 38000.0, 1e-9);
    fx_free(f);
}

/* 10 POs at 1,000 points: 120% of capacity.  Contracted case-work hours
 * 10 x 37 x 365.25 / 84 = 1,608.84; staff work up to 42 hours (load 42/37
 * = 1.135): 13.5% of capacity unpaid, 6.5% not done.  From January 2026
 * (day 184, the instant December's row ends, so from row 7, January's)
 * contracted hours only: nothing unpaid, 20% of capacity (321.77
 * hours) not done: programmes 8% of 1.2 x capacity = 154.44 hours, unpaid
 * work the remaining 167.33 of its 231.67, the rest untouched. */
static void contracted_hours_only_from_a_date_in_the_model(void **state)
{
    (void)state;
    const char *pol = "policy:\n  - set: workforce.practitioners.contracted_hours_only\n    value: 1\n    from: 2026-01\n";
    fx_t *f = fx_prac(10, 1000, 1, 0, pol);
    double cap = 10 * 37 * 365.25 / 84;
    for (int j = 1; j <= 8; j++) {
        double *row = month(f, j);
        assert_near(ser(f, row, "staff.capacity_pct.total"), 120, 1e-9);
        assert_near(ser(f, row, "hours.contracted"), cap, 1e-9);
        assert_near(ser(f, row, "hours.workload"), 1.2 * cap, 1e-9);
        assert_near(ser(f, row, "practitioners.over_110.total"), 10, 0);
        assert_near(ser(f, row, "practitioners.over_110_4wk_pct.total"), 100, 0);
        assert_near(ser(f, row, "safeguard.declared"), 1, 0);
        if (j < 7) {
            assert_near(ser(f, row, "hours.unpaid_overtime"), cap * 5 / 37, 1e-9);
            assert_near(ser(f, row, "hours.suspended"), cap * (0.2 - 5 / 37.0), 1e-9);
            continue;
        }
        assert_near(ser(f, row, "hours.unpaid_overtime"), 0, 1e-9);
        assert_near(ser(f, row, "hours.suspended"), 0.2 * cap, 1e-9);
        assert_near(ser(f, row, "hours.suspended.programmes"), 0.08 * 1.2 * cap, 1e-9);
        assert_near(ser(f, row, "hours.suspended.unpaid_work"), 0.2 * cap - 0.08 * 1.2 * cap, 1e-9);
        assert_near(ser(f, row, "hours.suspended.lower_tier"), 0, 0);
        assert_near(ser(f, row, "hours.suspended.high_risk"), 0, 0);
        assert_near(ser(f, row, "hours.suspended.reports"), 0, 0);
    }
    fx_free(f);
}

/* The toolkit: lower-tier contacts' points x 0.9 from January 2026.  That
 * type's hours fall by exactly 10%; the others keep theirs; the workload
 * falls by 0.3 x 10% = 3%. */
static void a_toolkit_measure_removing_ten_percent_of_a_work_type(void **state)
{
    (void)state;
    const char *pol = "policy:\n  - multiply: workforce.practitioners.work_types.lower_tier.points_factor\n    value: 0.9\n    from: 2026-01\n";
    fx_t *a = fx_prac(10, 1000, 1, 0, NULL), *b = fx_prac(10, 1000, 1, 0, pol);
    for (int j = 1; j <= 8; j++) {
        double *ra = month(a, j), *rb = month(b, j);
        double f = j < 7 ? 1 : 0.9, w = j < 7 ? 1 : 0.97; /* row 7 is January's */
        assert_near(ser(b, rb, "hours.workload.lower_tier"), f * ser(a, ra, "hours.workload.lower_tier"), 1e-9);
        assert_near(ser(b, rb, "hours.workload.high_risk"), ser(a, ra, "hours.workload.high_risk"), 1e-9);
        assert_near(ser(b, rb, "hours.workload.programmes"), ser(a, ra, "hours.workload.programmes"), 1e-9);
        assert_near(ser(b, rb, "workload.points.total"), w * ser(a, ra, "workload.points.total"), 1e-9);
    }
    fx_free(a);
    fx_free(b);
}

/* Bad practitioners' sections are refused at their line. */
static void bad_sections_are_refused(void **state)
{
    (void)state;
    char *wf = fmt(PWF, 10.0, 1000.0, 1.0, 0.0);
    const char *bad[][2] = {
        { "      - {name: programmes, share: 0.08}\n", "      - {name: programmes, share: 0.18}\n" },
        { "    worked_hours_per_week: 42\n", "    worked_hours_per_week: 30\n" },
        { "    spread_cv: 0\n", "    spread_cv: 0\n    sprad: 1\n" },
        { "      - {name: reports, share: 0.10}\n", "      - {name: programmes, share: 0.10}\n" },
        { "  practitioners:\n", "  practitioner:\n" },
    };
    const char *want[] = { "sum to 1.1", "under the 37 contracted", "unknown key 'sprad'", "twice", "without practitioners" };
    for (int i = 0; i < 5; i++) {
        char *w2 = swap(wf, bad[i][0], bad[i][1]);
        char *y = small_scenario(0, 0, w2);
        errlist_t e;
        errlist_init(&e);
        scenario_t *s = load_text(y, &e);
        assert_null(s);
        char buf[4096];
        FILE *m = fmemopen(buf, sizeof buf, "w");
        errlist_print(&e, m);
        fclose(m);
        if (!strstr(buf, want[i])) fprintf(stderr, "case %d: %s\n", i, buf);
        assert_non_null(strstr(buf, want[i]));
        errlist_clear(&e);
        free(y);
        free(w2);
    }
    free(wf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_team_gives_the_hand_counted_number_over_110),
        cmocka_unit_test(the_spread_around_the_average),
        cmocka_unit_test(four_consecutive_weeks_from_persistence),
        cmocka_unit_test(contracted_hours_only_suspends_the_lowest_priority_work),
        cmocka_unit_test(eight_practitioners_per_spo),
        cmocka_unit_test(the_model_needs_ten_spo_for_eighty_practitioners),
        cmocka_unit_test(contracted_hours_only_from_a_date_in_the_model),
        cmocka_unit_test(a_toolkit_measure_removing_ten_percent_of_a_work_type),
        cmocka_unit_test(bad_sections_are_refused),
    };
    return cmocka_run_group_tests_name("practitioners", tests, NULL, NULL);
}
