/* test_transitions.c: the transitional rules of the Sentencing Act 2026 as
 * levers, on people already in the system on a measure's date, with answers
 * worked out by hand.
 *
 * The small scenario (testutil.h) starts at the end of June 2025, so day 0
 * is 1 July 2025; 31 March 2026 is day 273 and 11 May 2026 day 314.  Band
 * "short" is a fixed 6-month sentence (182.625 days) released at 0.5; band
 * "long" 30 months (913.125 days) released at 0.4; SSOs last 18 months
 * (547.875 days) and always complete. */
#include "fixture.h"

/* Runs every event up to and including day t. */
static void run_to(fx_t *f, double t)
{
    event_t ev;
    while (engine_pending(f->m->eng) && engine_peek(f->m->eng) <= t && engine_next(f->m->eng, &ev)) model_dispatch(f->m, &ev);
}

/* A custodial sentence of band `disp` counting from day t0 (t0 < 0: passed
 * before the projection starts). */
static uint32_t custody_from(fx_t *f, const char *disp, double t0)
{
    uint32_t id = model_case_alloc(f->m);
    case_t *c = &f->m->c[id];
    c->flags = 0;
    model_seed_case(f->m, c, 4242 + id);
    custody_draw(f->m, c, disp_index(f->s, disp), t0, -1);
    custody_start(f->m, id, t0 > 0 ? t0 : 0);
    return id;
}

/* PSS abolished from 11 May 2026 (day 314), running periods included
 * (Sentencing Act 2026 s.34(4)).  A short sentence from day 0: released on
 * day 91.3125, licence to 182.625, PSS to 91.3125 + 365.25 = 456.5625; on
 * day 314 it is on PSS and leaves the caseload that day.  A short sentence
 * from day 300 is released on 391.3125 and its licence ends on 482.625
 * with no PSS after it.  A short sentence from day 200 is released on
 * 291.3125, before the date, and its licence ends on 382.625, after it:
 * its PSS had not begun on the date, and never begins (s.34(4) ends the
 * requirements imposed before the day), though without the end_supervision
 * lever (end_pss alone: releases from the date) it does. */
static void a_person_on_pss_on_the_abolition_date_leaves_that_day(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 0,
                     "policy:\n"
                     "  - {lever: end_pss, from: 2026-05-11}\n"
                     "  - {lever: end_supervision, what: post_sentence_supervision, from: 2026-05-11}\n");
    uint32_t a = custody_from(f, "short", 0);
    run_to(f, 313.5);
    assert_int_equal(f->m->c[a].state, SUP_PSS);
    assert_int_equal(f->m->ptotal, 1);
    run_to(f, 314.0);
    assert_int_equal(f->m->c[a].state, ST_DONE);
    assert_int_equal(f->m->ptotal, 0);

    run_to(f, 299.99);
    uint32_t b = custody_from(f, "short", 300);
    run_to(f, 482.6);
    assert_int_equal(f->m->c[b].state, SUP_LICENCE);
    run_to(f, 482.7);
    assert_int_equal(f->m->c[b].state, ST_DONE);
    fx_free(f);
    for (int act = 1; act >= 0; act--) {
        f = fx_new(0, 0, act ? "policy:\n"
                               "  - {lever: end_pss, from: 2026-05-11}\n"
                               "  - {lever: end_supervision, what: post_sentence_supervision, from: 2026-05-11}\n"
                             : "policy:\n  - {lever: end_pss, from: 2026-05-11}\n");
        run_to(f, 199.99);
        uint32_t c = custody_from(f, "short", 200);
        run_to(f, 382.6);
        assert_int_equal(f->m->c[c].state, SUP_LICENCE);
        run_to(f, 382.7);
        assert_int_equal(f->m->c[c].state, act ? ST_DONE : SUP_PSS);
        fx_free(f);
    }

    /* without the end_supervision lever the running PSS finishes */
    f = fx_new(0, 0, "policy:\n  - {lever: end_pss, from: 2026-05-11}\n");
    a = custody_from(f, "short", 0);
    run_to(f, 456.5);
    assert_int_equal(f->m->c[a].state, SUP_PSS);
    run_to(f, 456.6);
    assert_int_equal(f->m->c[a].state, ST_DONE);
    fx_free(f);
}

/* The 56-day fixed-term recall from 31 March 2026 (day 273), for people
 * already held on a standard recall (ASSUMPTION: the SI's transitional
 * text was not found; see docs/sentencing-act-2026.md).  Standard recalls
 * last 300 days here.  A long sentence from day -300 is released on day
 * 65.25 and its sentence ends on 613.125.  Recalled on day 200: due back
 * on 500; converted, released at the later of 200 + 56 = 256 and 273, so
 * on day 273.  Recalled on day 250: the later of 306 and 273, so 306.
 * With a conversion share of 0 the recall runs its 300 days, to 550. */
static void a_held_standard_recall_becomes_56_days_from_the_date(void **state)
{
    (void)state;
    const double recall_day[3] = { 200, 250, 250 }, back[3] = { 273, 306, 550 };
    for (int k = 0; k < 3; k++) {
        char *pol = fmt("policy:\n  - lever: recall\n    from: 2026-03-31\n    fixed_term_share: 1\n"
                        "    fixed_term_days_short: 56\n    fixed_term_days_long: 56\n"
                        "    convert_held_standard_recalls: %d\n", k < 2 ? 1 : 0);
        char *y0 = small_scenario(0, 0, pol);
        char *y = swap(y0, "standard_recall_days: {dist: fixed, value: 50}", "standard_recall_days: {dist: fixed, value: 300}");
        free(y0);
        free(pol);
        fx_t *f = fx_text(y);
        uint32_t id = custody_from(f, "long", -300);
        run_to(f, 66);
        assert_int_equal(f->m->c[id].state, SUP_LICENCE);
        run_to(f, recall_day[k] - 0.5);
        model_schedule(f->m, id, recall_day[k], EV_RECALL);
        run_to(f, recall_day[k]);
        assert_int_equal(f->m->c[id].state, SUP_RECALLED);
        assert_near(sum_flow(f, "recalls.standard"), 1, 0);
        run_to(f, back[k] - 0.01);
        assert_int_equal(f->m->c[id].state, SUP_RECALLED);
        run_to(f, back[k]);
        assert_int_equal(f->m->c[id].state, SUP_LICENCE);
        fx_free(f);
    }
}

/* A fixed-term recall held on the date keeps its length (ASSUMPTION: a
 * longer term is not imposed after the recall): a 28-day recall on day 260
 * ends on day 288, not 316. */
static void a_held_fixed_term_recall_keeps_its_length(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 1,
                     "policy:\n  - lever: recall\n    from: 2026-03-31\n    fixed_term_days_short: 56\n"
                     "    fixed_term_days_long: 56\n    convert_held_standard_recalls: 1\n");
    uint32_t id = custody_from(f, "long", -300);
    run_to(f, 259.5);
    model_schedule(f->m, id, 260, EV_RECALL);
    run_to(f, 287.99);
    assert_int_equal(f->m->c[id].state, SUP_RECALLED);
    run_to(f, 288);
    assert_int_equal(f->m->c[id].state, SUP_LICENCE);
    fx_free(f);
}

static uint32_t sso_from(fx_t *f, double t0) { return fx_order(f, "sso", t0, 99); }

/* Orders end once requirements and plan are done (ss.38-39), from 11 May
 * 2026 (day 314), at 0.75 of their length (547.875 x 0.75 = 410.90625
 * days), running orders included.  Started on day -100: its point is day
 * 310.90625, already past, so it ends on day 314.  Started on day 0: ends
 * on 410.90625 (not 547.875).  Started on day 320, after the date: ends on
 * 730.90625.  With share 0 the order from day 0 runs its 547.875 days. */
static void an_order_ends_when_complete_running_orders_too(void **state)
{
    (void)state;
    const char *pol = "policy:\n  - {lever: end_on_completion, from: 2026-05-11, share: %s, at_fraction: 0.75, "
                      "disposals: [sso]}\n";
    char *p1 = fmt(pol, "1");
    fx_t *f = fx_new(0, 0, p1);
    free(p1);
    uint32_t a = sso_from(f, -100), b = sso_from(f, 0);
    assert_near(f->m->c[a].t_end, 447.875, 1e-9);
    run_to(f, 313.99);
    assert_int_equal(f->m->c[a].state, SUP_SSO);
    run_to(f, 314);
    assert_int_equal(f->m->c[a].state, ST_DONE);
    assert_near(f->m->c[b].t_end, 410.90625, 1e-9);
    run_to(f, 319.5);
    uint32_t c = sso_from(f, 320);
    assert_near(f->m->c[c].t_end, 730.90625, 1e-9);
    run_to(f, 410.9);
    assert_int_equal(f->m->c[b].state, SUP_SSO);
    run_to(f, 410.91);
    assert_int_equal(f->m->c[b].state, ST_DONE);
    assert_near(sum_flow(f, "ends.sso.completed"), 2, 0);
    fx_free(f);

    char *p0 = fmt(pol, "0");
    f = fx_new(0, 0, p0);
    free(p0);
    b = sso_from(f, 0);
    run_to(f, 400);
    assert_near(f->m->c[b].t_end, 547.875, 1e-9);
    fx_free(f);
}

/* The presumption does not apply to someone already in custody (Sentencing
 * Code s.264A(3), inserted by s.1).  Short sentences, 300 a year, all
 * covered (divert_share 1), to community orders; one person serving a long
 * sentence from day 0.  Up to day 80 nobody has been released, so with
 * already_in_custody 1 every new sentence is passed on someone in custody
 * and none is diverted; with 0, every one is. */
static void the_presumption_passes_over_people_in_custody(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        char *y0 = small_scenario(0, 0,
                                  "policy:\n  - lever: presumption_short_sentences\n    from: 2025-07\n"
                                  "    divert_share: 1\n    to: {co: 1}\n");
        char *band = fmt("  - name: short\n    kind: custody\n    already_in_custody: %d\n    annual_volume: 300\n", k ? 0 : 1);
        char *y = swap(y0, "  - name: short\n    kind: custody\n    annual_volume: 0\n", band);
        free(y0);
        free(band);
        fx_t *f = fx_text(y);
        custody_from(f, "long", 0);
        run_to(f, 80);
        double custody = sum_flow(f, "starts.short"), diverted = sum_flow(f, "starts.co");
        assert_true(custody + diverted > 30); /* about 300 x 80 / 365.25 = 66 */
        assert_near(k ? custody : diverted, 0, 0);
        fx_free(f);
    }
}

static scenario_t *load_shipped(const char *stem)
{
    char path[4096], rel[256];
    snprintf(rel, sizeof rel, "scenarios/%s.yaml", stem);
    repo_path(path, sizeof path, rel);
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = scenario_load(path, &e);
    if (!s) errlist_print(&e, stderr);
    errlist_clear(&e);
    assert_non_null(s);
    return s;
}

/* The measures files and the baseline agree: every lever of a measure's
 * file is in the baseline, and every lever the baseline adds to pre-act is
 * in exactly one measure's file. */
static void each_measure_of_the_baseline_has_its_own_scenario(void **state)
{
    (void)state;
    static const char *const stems[] = { "presumption-short-sentences", "suspended-sentences-3-years", "recall-56-day",
                                         "end-pss", "orders-end-on-completion", "earned-progression" };
    enum { NM = sizeof stems / sizeof stems[0] };
    scenario_t *base = load_shipped("baseline"), *pre = load_shipped("pre-act"), *m[NM];
    for (int k = 0; k < NM; k++) {
        m[k] = load_shipped(stems[k]);
        assert_true(m[k]->nlevers > pre->nlevers);
        for (int i = 0; i < m[k]->nlevers; i++) assert_true(policy_has_same(m[k], &m[k]->levers[i], base));
    }
    int added = 0;
    for (int i = 0; i < base->nlevers; i++) {
        if (policy_has_same(base, &base->levers[i], pre)) continue;
        added++;
        int in = 0;
        for (int k = 0; k < NM; k++) in += policy_has_same(base, &base->levers[i], m[k]);
        assert_int_equal(in, 1);
    }
    assert_int_equal(added, 10);
    for (int k = 0; k < NM; k++) scenario_free(m[k]);
    scenario_free(base);
    scenario_free(pre);
}

/* Demand paths: the central path is pre-act's and the baseline's; the
 * variants run theirs (high: one lever, x1.10; low: none). */
static void a_demand_path_brings_its_own_volume_levers(void **state)
{
    (void)state;
    static const struct { const char *stem, *path; int n; double mult; } cases[] = {
        { "baseline", "central", 1, 1.05 }, { "demand-high", "high", 1, 1.10 }, { "demand-low", "low", 0, 0 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        scenario_t *s = load_shipped(cases[c].stem);
        assert_string_equal(s->demand_path, cases[c].path);
        int n = 0;
        for (int i = 0; i < s->nlevers; i++)
            if (s->levers[i].demand) {
                n++;
                assert_int_equal(s->levers[i].kind, LV_VOLUME);
                assert_near(s->levers[i].volume_mult, cases[c].mult, 1e-12);
                assert_true(s->levers[i].all_disp);
            }
        assert_int_equal(n, cases[c].n);
        scenario_free(s);
    }
}

/* Bad demand sections are errors at their line: a path not among the
 * paths, a lever that is not a volume lever in any path (chosen or not). */
static void bad_demand_paths_are_errors(void **state)
{
    (void)state;
    static const struct { const char *demand, *msg; } cases[] = {
        { "demand:\n  path: middle\n  paths:\n    low: []\n    high: []\n",
          ":59:9: no demand path 'middle' (expected one of: low, high)" },
        { "demand:\n  path: low\n  paths:\n    low: []\n    high:\n      - {lever: end_pss, from: 2026-01}\n",
          ":63:9: a end_pss lever in a demand path (expected volume levers only)" },
        { "demand:\n  path: low\n  pathz: {}\n", "missing key 'paths'" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *y = small_scenario(0, 0, cases[i].demand);
        errlist_t e;
        errlist_init(&e);
        scenario_t *s = load_text(y, &e);
        assert_null(s);
        int found = 0;
        for (int k = 0; k < e.count; k++) found |= strstr(e.msg[k], cases[i].msg) != NULL;
        if (!found) errlist_print(&e, stderr);
        assert_true(found);
        errlist_clear(&e);
        free(y);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_person_on_pss_on_the_abolition_date_leaves_that_day),
        cmocka_unit_test(a_held_standard_recall_becomes_56_days_from_the_date),
        cmocka_unit_test(a_held_fixed_term_recall_keeps_its_length),
        cmocka_unit_test(an_order_ends_when_complete_running_orders_too),
        cmocka_unit_test(the_presumption_passes_over_people_in_custody),
        cmocka_unit_test(each_measure_of_the_baseline_has_its_own_scenario),
        cmocka_unit_test(a_demand_path_brings_its_own_volume_levers),
        cmocka_unit_test(bad_demand_paths_are_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
