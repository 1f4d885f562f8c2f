/* test_rulebook.c: rule parameters, the general lever and the rulebook's
 * timelines, with answers worked out by hand.
 *
 * The small scenario starts from the stock at the end of June 2025, so model
 * day 0 is 1 July 2025 and 1 January 2026 is day 184 (31+31+30+31+30+31). */
#include "fixture.h"

#include "params.h"
#include "results.h"
#include "rng.h"
#include "rulebook.h"
#include "runner.h"

#define JAN26 184.0

/* Standard recalls last 50 days (fixed); everyone recalled is on a standard
 * recall (fixed_term_share 0); a 30-month sentence is released at 0.4 x 30
 * months = day 365.25, and the recall comes soon after (rate 0.99 a month). */
static double recall_days(const char *policy)
{
    fx_t *f = fx_new(0.99, 0, policy);
    uint32_t id = new_custody(f, "long");
    case_t *c = &f->m->c[id];
    double rel = step_case(f);
    assert_near(rel, 12 * MONTH, 1e-9);
    double rec = step_case(f);
    assert_int_equal(c->state, SUP_RECALLED);
    double back = step_case(f);
    assert_int_equal(c->state, SUP_LICENCE);
    fx_free(f);
    return back - rec;
}

/* The standard recall length had no named lever.  Set to 80 days from
 * January 2026, a recall in mid-2026 lasts 80 days; dated June 2027, after
 * the recall, it leaves the recall at 50. */
static void standard_recall_length_changes_from_its_date(void **state)
{
    (void)state;
    assert_near(recall_days(NULL), 50, 1e-9);
    assert_near(recall_days("policy:\n  - set: custody.recall.standard_recall_days.mean\n    value: 80\n    from: 2026-01\n"), 80, 1e-9);
    assert_near(recall_days("policy:\n  - set: custody.recall.standard_recall_days.mean\n    value: 80\n    from: 2027-06\n"), 50, 1e-9);
}

/* An order's length had no named lever.  The small scenario's community
 * orders last 12 months (fixed); set to 6 months from January 2026, an order
 * passed the day before is 12 months long and one passed on the day 6. */
static void order_length_changes_from_its_date(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 0, "policy:\n  - set: disposals.co.length_months.value\n    value: 6\n    from: 2026-01\n");
    int d = disp_index(f->s, "co");
    case_t c = { 0 };
    model_seed_case(f->m, &c, 1);
    community_draw(f->m, &c, d, JAN26 - 1);
    assert_near(c.len, 12 * MONTH, 1e-9);
    community_draw(f->m, &c, d, JAN26);
    assert_near(c.len, 6 * MONTH, 1e-9);
    /* multiply composes with it, and add is in months too: (6 + 3) x 0.5 */
    fx_free(f);
    f = fx_new(0, 0, "policy:\n  - set: disposals.co.length_months.value\n    value: 6\n    from: 2026-01\n"
                     "  - add: disposals.co.length_months.value\n    value: 3\n    from: 2026-02\n"
                     "  - multiply: disposals.co.length_months.value\n    value: 0.5\n    from: 2026-03\n");
    community_draw(f->m, &c, d, JAN26 + 70);
    assert_near(c.len, 4.5 * MONTH, 1e-9);
    fx_free(f);
}

/* Timelines: a phase-in is linear (50 -> 80 over 6 months: 65 at 3
 * months), and edits compose in date order whatever the order written:
 * add 10 from January, then x2 from June 2026 (day 335): (50 + 10) x 2 =
 * 120, not 50 x 2 + 10 = 110. */
static void timelines_phase_in_and_compose_in_date_order(void **state)
{
    (void)state;
    fx_t *f = fx_new(0.05, 0, "policy:\n  - set: custody.recall.standard_recall_days.mean\n    value: 80\n    from: 2026-01\n    phase_in_months: 6\n");
    const rulebook_t *rb = f->m->rb;
    assert_near(rb_at(rb, PG_STD_RECALL_MEAN, JAN26 - 1), 50, 0);
    assert_near(rb_at(rb, PG_STD_RECALL_MEAN, JAN26), 50, 1e-12);
    assert_near(rb_at(rb, PG_STD_RECALL_MEAN, JAN26 + 3 * MONTH), 65, 1e-9);
    assert_near(rb_at(rb, PG_STD_RECALL_MEAN, JAN26 + 6 * MONTH), 80, 0);
    assert_near(rb_at(rb, PG_STD_RECALL_MEAN, 3000), 80, 0);
    /* untouched parameters answer with the scenario's value */
    assert_int_equal(rb->tl[PG_FTR_SHARE].n, 0);
    assert_near(rb_at(rb, PG_FTR_SHARE, 100), 0, 0);
    fx_free(f);

    f = fx_new(0.05, 0, "policy:\n  - multiply: custody.recall.standard_recall_days.mean\n    value: 2\n    from: 2026-06\n"
                        "  - add: custody.recall.standard_recall_days.mean\n    value: 10\n    from: 2026-01\n");
    rb = f->m->rb;
    assert_near(rb_at(rb, PG_STD_RECALL_MEAN, JAN26 + 10), 60, 0);
    assert_near(rb_at(rb, PG_STD_RECALL_MEAN, 335), 120, 0);
    assert_near(rb_at(rb, PG_STD_RECALL_MEAN, 334.5), 60, 0);
    fx_free(f);
}

/* A recall rate set by path as a monthly chance is the same hazard as the
 * scenario's: 0.2 a month is -ln(0.8) / 30.4375 = 0.223144 / 30.4375 =
 * 0.0073312 a day. */
static void monthly_rate_is_a_hazard_inside(void **state)
{
    (void)state;
    fx_t *f = fx_new(0.05, 0, "policy:\n  - set: custody.recall.monthly_rate\n    value: 0.2\n    from: 2026-01\n");
    assert_near(rb_at(f->m->rb, PG_RECALL_RATE, 0), -log(0.95) / MONTH, 1e-15);
    assert_near(rb_at(f->m->rb, PG_RECALL_RATE, JAN26), 0.0073312, 1e-7);
    fx_free(f);
}

static results_t *run(const char *yaml, layout_t **lp, scenario_t **sp)
{
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = load_text(yaml, &e);
    if (!s) errlist_print(&e, stderr);
    assert_non_null(s);
    layout_t *l = layout_create(s);
    results_t *r = results_create(s, l, 2);
    assert_int_equal(runner_run(r, 11, 2, 0, &e), 0);
    errlist_clear(&e);
    *lp = l;
    *sp = s;
    return r;
}

/* A whole run: 12,000 6-month sentences a year (released at 3 months), recalls at 10% a month,
 * all standard.  Setting the standard recall to 150 days from January 2026
 * leaves every month-end to January 2026 (rows 0-7) the same, person for
 * person: recalls before the date keep their 50 days, and a recall made in
 * January is still running at the end of January either way.  From the end
 * of February (row 8) more people are held: January's recalls would have
 * ended after 50 days. */
static void a_run_differs_from_the_lever_date_and_not_before(void **state)
{
    (void)state;
    char *b0 = small_scenario(0.1, 0, NULL);
    char *base = swap(b0, "  - name: short\n    kind: custody\n    annual_volume: 0", "  - name: short\n    kind: custody\n    annual_volume: 12000");
    char *pol = fmt("%spolicy:\n  - set: custody.recall.standard_recall_days.mean\n    value: 150\n    from: 2026-01\n", base);
    layout_t *la, *lb;
    scenario_t *sa, *sb;
    results_t *a = run(base, &la, &sa), *b = run(pol, &lb, &sb);
    int k = layout_find(la, "custody.recalled");
    assert_true(k >= 0);
    for (int rep = 0; rep < 2; rep++) {
        const double *x = results_rep(a, rep), *y = results_rep(b, rep);
        for (int j = 0; j <= 7; j++) assert_near(x[(size_t)j * (size_t)la->n + (size_t)k], y[(size_t)j * (size_t)la->n + (size_t)k], 0);
        for (int j = 8; j <= 12; j++) assert_true(y[(size_t)j * (size_t)la->n + (size_t)k] > x[(size_t)j * (size_t)la->n + (size_t)k]);
    }
    results_free(a); results_free(b);
    layout_free(la); layout_free(lb);
    scenario_free(sa); scenario_free(sb);
    free(b0); free(base); free(pol);
}

/* A recall lever phased in reaches the people already on licence: a
 * threefold rate from August 2025, phased in over 12 months, gives in
 * August and September 2026 (rows 14 and 15, the phase-in over) the
 * recalls the same lever without a phase-in gives, within 8% (two
 * replications; the two licence populations differ a little by then).  With one new draw on the lever's date only, people
 * released before it kept the rate of the phase-in's first day until
 * recalled: 22% fewer recalls in that month.  The rulebook draws again on
 * the date and every half month or less to the phase-in's end. */
static void a_phased_recall_rate_reaches_everyone_on_licence(void **state)
{
    (void)state;
    static const char base[] =
        "name: c\ndescription: one custody band\nstart_month: 2025-06\nhorizon_months: 15\nreplications: 2\nseed: 7\n"
        "tiers: [high, low]\nreports:\n  oral: {lead_days: 0}\nstock: {pre_release: 12000, licence: 11570, recalled: 430}\n"
        "custody:\n  post_sentence_supervision: {min_sentence_days: 1, max_sentence_months: 24, supervision_months: 12}\n"
        "  recall: {monthly_rate: 0.04, fixed_term_share: 1, fixed_term_days_short: 14, fixed_term_days_long: 28,"
        " threshold_months: 12, standard_recall_days: {dist: fixed, value: 50}}\n"
        "disposals:\n  - {name: long, kind: custody, annual_volume: 12000, band_months: [12, 120],"
        " length_months: {dist: fixed, value: 24}, release_fraction: 0.5, tier_shares: {high: 0.5, low: 0.5},"
        " reports: {share: 0, mix: {oral: 1}}}\n";
    char *ramp = fmt("%spolicy:\n  - {lever: recall, from: 2025-08, rate_multiplier: 3, phase_in_months: 12}\n", base);
    char *step = fmt("%spolicy:\n  - {lever: recall, from: 2025-08, rate_multiplier: 3}\n", base);
    layout_t *la, *lb;
    scenario_t *sa, *sb;
    results_t *a = run(ramp, &la, &sa), *b = run(step, &lb, &sb);
    /* the draws: on the date, every 14.61 days (365.25 days in 25 steps of at most 15), the last at the phase-in's end */
    const rulebook_t *rb = rulebook_create(sa);
    assert_non_null(rb);
    int n = 0;
    double last = -1;
    for (int i = 0; i < rb->nev; i++) {
        if (rb->ev[i].kind != RB_EV_REDRAW_RECALL) continue;
        if (n) assert_near(rb->ev[i].t - last, 365.25 / 25, 1e-9);
        last = rb->ev[i].t;
        n++;
    }
    assert_int_equal(n, 26);
    assert_near(last - rb->ev[0].t, 365.25, 1e-9);
    rulebook_free((rulebook_t *)rb);
    int k = layout_find(la, "recalls");
    assert_true(k >= 0);
    double x = 0, y = 0;  /* about 5,400 recalls each: a ratio's sd about 2% */
    for (int rep = 0; rep < 2; rep++)
        for (int j = 14; j <= 15; j++) {
            x += results_rep(a, rep)[(size_t)j * (size_t)la->n + (size_t)k];
            y += results_rep(b, rep)[(size_t)j * (size_t)lb->n + (size_t)k];
        }
    assert_true(fabs(x / y - 1) < 0.08);
    results_free(a); results_free(b);
    layout_free(la); layout_free(lb);
    scenario_free(sa); scenario_free(sb);
    free(ramp); free(step);
}

/* Bad general levers are errors at their line (the policy list starts on
 * line 58 of the small scenario: the lever is on lines 59 to 62): an unknown path, a value out of range, `add` to a monthly
 * chance, everyone on a rule fixed at sentence; a custody band for end_on_completion, a phased
 * conversion of held recalls, an empty source. */
static void bad_general_levers_are_errors(void **state)
{
    (void)state;
    static const struct { const char *lever, *msg; } cases[] = {
        { "  - set: custody.recall.monthly_rat\n    value: 0.1\n    from: 2026-01\n", "no rule parameter 'custody.recall.monthly_rat'" },
        { "  - set: custody.recall.fixed_term_share\n    value: 1.5\n    from: 2026-01\n", "1.5 is out of range (expected the value to set, 0 to 1; limits 0 to 1)" },
        { "  - add: custody.recall.monthly_rate\n    value: 0.1\n    from: 2026-01\n", "add is not defined" },
        { "  - set: disposals.co.reports.share\n    value: 0.5\n    from: 2026-01\n    applies_to: everyone\n", "not modelled yet" },
        { "  - lever: end_on_completion\n    disposals: [long]\n    from: 2026-01\n    share: 1\n    at_fraction: 0.5\n",
          "disposal 'long' is a custody band (expected a community order or suspended sentence order)" },
        { "  - lever: recall\n    convert_held_standard_recalls: 0.5\n    phase_in_months: 3\n    from: 2026-01\n",
          "convert_held_standard_recalls with phase_in_months (expected a lever that takes effect on its date)" },
        { "  - lever: end_pss\n    source: ''\n    from: 2026-01\n", "source is 0 characters (expected a sentence of 1 to 400 characters)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *p = fmt("policy:\n%s", cases[i].lever);
        char *y = small_scenario(0.05, 0, p);
        errlist_t e;
        errlist_init(&e);
        scenario_t *s = load_text(y, &e);
        assert_null(s);
        int found = 0;
        for (int k = 0; k < e.count; k++) found |= strstr(e.msg[k], cases[i].msg) != NULL && (strstr(e.msg[k], ":59:") || strstr(e.msg[k], ":60:") || strstr(e.msg[k], ":62:"));
        if (!found) errlist_print(&e, stderr);
        assert_true(found);
        errlist_clear(&e);
        free(p);
        free(y);
    }
}

/* `caseflow params`: the baseline's recall rate with its value, unit and
 * the comment next to it; the standard recall mean marked as a rule. */
/* The tier of a draw u: the first tier whose running sum of shares passes
 * u, the last if none does (a running sum over the shares, as the draw
 * was written before the guide).  Shares 0.1, 0.15, 0, 0.375, 0.125, 0.25
 * sum to 0.1, 0.25, 0.25, 0.625, 0.75, 1; 0.25, 0.625 and 0.75 are on the
 * guide's 1/64 boundaries (16, 40 and 48), where u equal to a sum belongs
 * to the next tier with a share. */
static uint8_t tier_by_scan(double u, const double *share, int n)
{
    double acc = 0;
    for (int k = 0; k < n - 1; k++) {
        acc += share[k];
        if (u < acc) return (uint8_t)k;
    }
    return (uint8_t)(n - 1);
}

static void tier_draws_follow_the_running_sums(void **state)
{
    (void)state;
    const double share[6] = { 0.1, 0.15, 0, 0.375, 0.125, 0.25 };
    double cum[6];
    uint8_t guide[TIER_GUIDE];
    rulebook_tier_table(share, 6, cum, guide);
    const struct { double u; int tier; } want[] = {
        { 0, 0 }, { 0.0999, 0 }, { 0.1, 1 }, { 0.2499, 1 }, { 0.25, 3 }, { 0.3, 3 },
        { 0.625 - 0x1p-53, 3 }, { 0.625, 4 }, { 0.7, 4 }, { 0.75, 5 }, { 0.99, 5 }, { 1 - 0x1p-53, 5 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(model_tier_of(want[i].u, cum, guide, 6), want[i].tier);
        assert_int_equal(tier_by_scan(want[i].u, share, 6), want[i].tier);
    }
    /* and the same as the scan for a million draws of the 16 shipped
     * community tier shares */
    char base[2100];
    repo_path(base, sizeof base, "scenarios/pre-act.yaml");
    char *y = fmt("extends: %s\n", base);
    scenario_t *s = load_text_ok(y);
    free(y);
    int nt = s->ntiers;
    double *c16 = malloc((size_t)nt * sizeof *c16);
    uint8_t g16[TIER_GUIDE];
    rulebook_tier_table(s->disp[0].tier_share, nt, c16, g16);
    uint64_t st = 20251207;
    for (int i = 0; i < 1000000; i++) {
        double u = rng_unit(rng_next(&st));
        assert_int_equal(model_tier_of(u, c16, g16, nt), tier_by_scan(u, s->disp[0].tier_share, nt));
    }
    free(c16);
    scenario_free(s);
}

static void params_lists_value_unit_and_source(void **state)
{
    (void)state;
    char path[4096];
    repo_path(path, sizeof path, "scenarios/baseline.yaml");
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = scenario_load(path, &e);
    assert_non_null(s);
    char *buf = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&buf, &n);
    assert_int_equal(params_list(s, path, out, &e), 0);
    fclose(out);
    const char *l = strstr(buf, "\ncustody.recall.fixed_term_share ");
    assert_non_null(l);
    const char *eol = strchr(l + 1, '\n');
    char line[600];
    snprintf(line, sizeof line, "%.*s", (int)(eol - l - 1), l + 1);
    assert_non_null(strstr(line, " 0.30 "));
    assert_non_null(strstr(line, "share of recalls"));
    assert_non_null(strstr(line, " L Q1 2024: 2,208 FTRs (Catch22, A5) of 7,415 licence recalls (OMSQ) = 30%"));
    assert_non_null(strstr(buf, "\ncustody.recall.standard_recall_days.mean "));
    assert_non_null(strstr(buf, "\nworkforce.points.licence.A3 "));
    free(buf);
    scenario_free(s);
    errlist_clear(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(standard_recall_length_changes_from_its_date),
        cmocka_unit_test(order_length_changes_from_its_date),
        cmocka_unit_test(timelines_phase_in_and_compose_in_date_order),
        cmocka_unit_test(monthly_rate_is_a_hazard_inside),
        cmocka_unit_test(a_run_differs_from_the_lever_date_and_not_before),
        cmocka_unit_test(a_phased_recall_rate_reaches_everyone_on_licence),
        cmocka_unit_test(bad_general_levers_are_errors),
        cmocka_unit_test(params_lists_value_unit_and_source),
        cmocka_unit_test(tier_draws_follow_the_running_sums),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
