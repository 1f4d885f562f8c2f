/* test_compare.c: the money of an option, worked by hand; a ranged yearly
 * cost moves the money replication by replication; the first month
 * capacity stays under a line; peak and lasting change. */
#include "testutil.h"

#include "compare.h"
#include "runner.h"
#include "uncertain.h"

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
    /* the staff short: POs 2.5 short; the spare PSO offsets none of it
     * (2.5 / 0.625 x 48,000 = 192,000) */
    assert_near(m[MN_SHORT], 2.5, 1e-9);
    assert_near(m[MN_COST_SHORT], 192000, 1e-6);

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

/* The PO's yearly cost ranged (25,000 to 75,000), everything else fixed.
 * In month 0 the staff are as written: 10 POs of whom 0.8 hold cases and 8
 * PSOs who all do, so the cost of the staff available is 8 / 0.8 x c_r + 8
 * x 40,000 = 10 c_r + 320,000, with c_r the cost replication r drew (read
 * here from the range itself).  Its 5th, 50th and 95th percentiles over the
 * replications are those of 10 c_r + 320,000; with the cost left at its
 * central value they would all be 820,000. */
static void a_ranged_cost_moves_the_money(void **state)
{
    (void)state;
    char *wf = small_workforce("{low: 25000, central: 50000, high: 75000}");
    char *y0 = small_scenario(0.05, 0.5, wf);
    char *y1 = swap(y0, "stock: {community_order: 0}", "stock: {community_order: 40}");
    char *y = swap(y1, "  - name: co\n    kind: community_order\n    annual_volume: 0",
                   "  - name: co\n    kind: community_order\n    annual_volume: 120");
    char base[64], policy[64];
    write_temp(base, y);
    char *py = fmt("extends: %s\nname: the same\n", base);
    write_temp(policy, py);
    char *files[2] = { base, policy };
    errlist_t e;
    errlist_init(&e);
    compare_t *c = compare_create(2, files, &e);
    errlist_print(&e, stderr);
    assert_non_null(c);
    enum { REPS = 9 };
    const uint64_t seed = 4321;
    assert_int_equal(compare_run(c, REPS, seed, 2, 0, &e), 0);
    assert_true(c->money);
    const scenario_t *s = c->sc[0];
    const unc_range *g = NULL;
    for (int i = 0; i < s->nranges; i++)
        if (!strcmp(s->ranges[i].path, "workforce.probation_officer.annual_cost")) g = &s->ranges[i];
    assert_non_null(g);
    double x[REPS], want[4];
    for (int r = 0; r < REPS; r++) x[r] = 10 * unc_value(s, g, runner_rep_seed(seed, r)) + 320000;
    results_quantiles(x, REPS, &want[0], &want[1], &want[2], &want[3]);
    assert_true(want[3] - want[1] > 100000); /* the draws spread: the test can tell */
    for (int i = 0; i < 2; i++)
        for (int q = 0; q < 4; q++) assert_near(ptable_row(c->mlev[i], MN_COST_AVAILABLE, q)[0], want[q], 0.01);
    /* the same draws in both: a policy that changes nothing costs nothing */
    for (int q = 0; q < 4; q++) assert_near(ptable_row(c->mdiff[1], MN_COST_NEEDED, q)[12], 0, 0);
    /* 9 replications are too few for an interval: the headline says so
     * once and then gives none, in the money and practitioner lines too.
     * And a capacity that rounds to 110% shows its side of the line in
     * the decision table (set by hand at the horizon: 109.92 and 112.4) */
    int H = c->sc[0]->horizon;
    ptable_row(c->mlev[0], MN_CAPACITY, ST_P50)[H] = 112.4;
    ptable_row(c->mlev[1], MN_CAPACITY, ST_P50)[H] = 109.92;
    char *txt = text_of(compare_write_headline_txt, c);
    assert_non_null(strstr(txt, "9 replications are too few to estimate a 90% interval"));
    assert_non_null(strstr(txt, "    Staff short (each grade in each region where short; spare staff offset none of it): 0 FTE, to "));
    if (strstr(txt, "(90% interval")) fail_msg("an interval from 9 replications in\n%s", txt);
    const char *cap = strstr(txt, "  Capacity used, level");
    assert_non_null(cap);
    const char *nl = strstr(cap, "\n\n");
    char *sect = strndup(cap, nl ? (size_t)(nl - cap) : strlen(cap));
    if (!strstr(sect, "  109.9") || strstr(sect, "  109.92") || !strstr(sect, "  112\n")) fail_msg("capacity row:\n%s", sect);
    free(sect);
    free(txt);
    compare_free(c);
    errlist_clear(&e);
    unlink(base);
    unlink(policy);
    free(py);
    free(y);
    free(y1);
    free(y0);
    free(wf);
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

/* The by-type line named licences that left active supervision as a fall
 * in "licence" and said nothing of where they went (a total of -7 beside
 * "licence -12,006").  Long sentences (30 months, released at 40%: 18
 * months of licence) arrive from the start; a policy ends active
 * supervision half-way through each licence from July 2025, so by the
 * horizon (36 months) licences past it exist in the policy alone: the line
 * names them, counted in the caseload or outside it as the lever says. */
static void the_by_type_line_names_licences_past_active_supervision(void **state)
{
    (void)state;
    char *y0 = small_scenario(0.0, 0.5, NULL);
    char *y = swap(y0, "  - name: long\n    kind: custody\n    annual_volume: 0", "  - name: long\n    kind: custody\n    annual_volume: 600");
    free(y0);
    char base[64];
    write_temp(base, y);
    for (int counts = 0; counts < 2; counts++) {
        char policy[64];
        char *py = fmt("extends: %s\nname: reset\npolicy:\n  - lever: end_active_supervision\n    from: 2025-07\n"
                       "    fraction: 0.5\n    counts_as_caseload: %s\n", base, counts ? "true" : "false");
        write_temp(policy, py);
        char *files[2] = { base, policy };
        errlist_t e;
        errlist_init(&e);
        compare_t *c = compare_create(2, files, &e);
        errlist_print(&e, stderr);
        assert_non_null(c);
        assert_int_equal(compare_run(c, 2, 5, 1, 0, &e), 0);
        char *txt = text_of(compare_write_headline_txt, c);
        const char *at = strstr(txt, "By the end of June 2028");
        assert_non_null(at);
        const char *by = strstr(at, "Median change by type:");
        assert_non_null(by);
        const char *want = counts ? "; licences past active supervision (counted in the caseload) +" :
                                    "; licences past active supervision (outside the caseload) +";
        const char *nl = strchr(by, '\n');
        const char *w = strstr(by, want);
        if (!w || w > nl) fail_msg("lacks '%s' in\n%.400s", want, by);
        free(txt);
        compare_free(c);
        errlist_clear(&e);
        unlink(policy);
        free(py);
    }
    unlink(base);
    free(y);
}

/* A temporary file (its name in path) extending the shipped scenario
 * scenarios/STEM.yaml, cut to `horizon` months. */
static void short_copy(char path[64], const char *stem, int horizon)
{
    char full[1200];
    char *rel = fmt("scenarios/%s.yaml", stem);
    repo_path(full, sizeof full, rel);
    char *y = fmt("extends: %s\nhorizon_months: %d\n", full, horizon);
    write_temp(path, y);
    free(rel);
    free(y);
}

/* The comparison of n scenario files, reps paired replications (seed 5,
 * one thread), every range central if asked. */
static compare_t *compared(int n, char **files, int reps, int central)
{
    errlist_t e;
    errlist_init(&e);
    compare_t *c = compare_create(n, files, &e);
    errlist_print(&e, stderr);
    assert_non_null(c);
    for (int i = 0; i < n && central; i++) c->sc[i]->central = 1;
    assert_int_equal(compare_run(c, reps, 5, 1, 0, &e), 0);
    errlist_clear(&e);
    return c;
}

/* A policy that lacks a lever of the base is not built on it (the
 * presumption's file extends the law before the Act, not current law): the
 * headline says so under its name.  One built on the base says nothing. */
static void a_policy_not_built_on_the_base_is_named(void **state)
{
    (void)state;
    char *plain = small_scenario(0.05, 0.5, NULL);
    char *with = small_scenario(0.05, 0.5, "policy:\n  - {lever: end_pss, from: 2026-05-11}\n");
    char base[64], other[64], on[64], off[64];
    write_temp(base, with);
    write_temp(other, plain);
    char *py = fmt("extends: %s\nname: on the base\npolicy:\n  - {lever: recall, from: 2026-01, rate_multiplier: 0.8}\n", base);
    char *qy = fmt("extends: %s\nname: not on it\npolicy:\n  - {lever: recall, from: 2026-01, rate_multiplier: 0.8}\n", other);
    write_temp(on, py);
    write_temp(off, qy);
    char *files[3] = { base, on, off };
    compare_t *c = compared(3, files, 2, 0);
    char *txt = text_of(compare_write_headline_txt, c);
    const char *a = strstr(txt, "\non the base ("), *b = strstr(txt, "\nnot on it (");
    assert_non_null(a);
    assert_non_null(b);
    const char *note = strstr(txt, "  NOTE: this policy lacks 1 of the base's 1 levers (the first: end_pss from 2026-05-11), so it is not built on the base:\n");
    assert_non_null(note);
    assert_true(note > b);                       /* under the second policy only */
    assert_null(strstr(note + 8, "NOTE:"));      /* and once */
    free(txt);
    compare_free(c);
    unlink(base); unlink(other); unlink(on); unlink(off);
    free(plain); free(with); free(py); free(qy);
    /* a policy that extends the base and picks another demand path is
     * built on it (demand-high.yaml extends baseline.yaml): no note */
    short_copy(base, "baseline", 2);
    short_copy(on, "demand-high", 2);
    char *files2[2] = { base, on };
    c = compared(2, files2, 1, 1);
    txt = text_of(compare_write_headline_txt, c);
    if (strstr(txt, "NOTE:")) fail_msg("a demand path taken for a missing lever:\n%.600s", txt);
    free(txt);
    compare_free(c);
    unlink(base); unlink(on);
}

/* A region whose change is none (or rounds to none) has a share of 0%,
 * not "-0%": a London recruitment drive moves London's staff short alone,
 * and the other eleven regions read "North East 0 (-0%)". */
static void no_change_is_no_minus_zero_share(void **state)
{
    (void)state;
    char base[64], pol[64];
    short_copy(base, "baseline", 16);
    short_copy(pol, "london-recruitment-drive", 16);
    char *files[2] = { base, pol };
    compare_t *c = compared(2, files, 1, 1);
    char *txt = text_of(compare_write_headline_txt, c);
    const char *london = strstr(txt, "    London -");
    if (!london) fail_msg("no London line with a fall in:\n%.3000s", txt);
    assert_non_null(strstr(london, "(100%); North East 0 (0%);"));
    if (strstr(txt, "(-0%)")) fail_msg("a -0%% share in:\n%.3000s", strstr(txt, "(-0%)") - 200);
    free(txt);
    compare_free(c);
    unlink(base); unlink(pol);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(money_adds_up_by_hand),
        cmocka_unit_test(a_ranged_cost_moves_the_money),
        cmocka_unit_test(first_month_under_110_and_100),
        cmocka_unit_test(peak_and_lasting_change),
        cmocka_unit_test(the_by_type_line_names_licences_past_active_supervision),
        cmocka_unit_test(a_policy_not_built_on_the_base_is_named),
        cmocka_unit_test(no_change_is_no_minus_zero_share),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
