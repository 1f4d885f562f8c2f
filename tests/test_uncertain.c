/* test_uncertain.c: ranges on the assumptions: reading them (and every way
 * to get one wrong), their quantiles by hand, zero-width ranges and
 * --central giving the bytes of plain numbers, and paired draws. */
#include <math.h>

#include "testutil.h"

#include "params.h"
#include "results.h"
#include "rulebook.h"
#include "runner.h"
#include "uncertain.h"

/* The small scenario with arrivals, its recall rate written as `recall`
 * (a number or a range), and `extra` appended. */
static char *with_volume(const char *recall, const char *extra)
{
    char *a = small_scenario(0.0375, 0.3, extra);
    char *b = swap(a, "monthly_rate: 0.0375", recall);
    char *c = swap(b, "annual_volume: 0\n    band_months: [0, 12]", "annual_volume: 2400\n    band_months: [0, 12]");
    char *d = swap(c, "name: co\n    kind: community_order\n    annual_volume: 0", "name: co\n    kind: community_order\n    annual_volume: 1800");
    free(a);
    free(b);
    free(c);
    return d;
}

/* Runs n replications of s from seed; returns the results (caller frees). */
static results_t *run(scenario_t *s, int n, uint64_t seed, layout_t **lay)
{
    *lay = layout_create(s);
    results_t *r = results_create(s, *lay, n);
    errlist_t e;
    errlist_init(&e);
    assert_int_equal(runner_run(r, seed, 2, 0, &e), 0);
    errlist_clear(&e);
    return r;
}

static int same_bytes(const results_t *a, const results_t *b)
{
    size_t n = (size_t)a->nrep * (size_t)a->nmonth * (size_t)a->nser;
    return a->nser == b->nser && !memcmp(a->v, b->v, n * sizeof *a->v);
}

/* Triangular (0.25, 0.4, 0.85): F(central) = 0.15 / 0.6 = 0.25.
 *   u = 0.1 < 0.25: 0.25 + sqrt(0.1 x 0.6 x 0.15) = 0.25 + sqrt(0.009) = 0.344868330
 *   u = 0.7:        0.85 - sqrt(0.3 x 0.6 x 0.45) = 0.85 - sqrt(0.081) = 0.565395011
 * Uniform (2, 5) at u = 0.3: 2 + 3 x 0.3 = 2.9. */
static void quantiles_by_hand(void **state)
{
    (void)state;
    unc_range r = { .dist = UNC_TRIANGULAR, .low = 0.25, .central = 0.4, .high = 0.85 };
    assert_near(unc_quantile(&r, 0.1), 0.344868330, 1e-9);
    assert_near(unc_quantile(&r, 0.7), 0.565395011, 1e-9);
    assert_near(unc_quantile(&r, 0.25), 0.4, 1e-12);
    unc_range u = { .dist = UNC_UNIFORM, .low = 2, .central = 3.5, .high = 5 };
    assert_near(unc_quantile(&u, 0.3), 2.9, 1e-12);
    /* the stream: same key and seed, same u; another key, another u */
    assert_true(unc_u("custody.recall.monthly_rate", 11) == unc_u("custody.recall.monthly_rate", 11));
    assert_true(unc_u("custody.recall.monthly_rate", 11) != unc_u("custody.recall.monthly_rate", 12));
    assert_true(unc_u("custody.recall.monthly_rate", 11) != unc_u("group:volume", 11));
}

static void reads_ranges_and_groups(void **state)
{
    (void)state;
    char *y = with_volume("monthly_rate: {low: 0.03, central: 0.0375, high: 0.05}",
                          "x-unused: {low: 1, high: 2}\n");
    char *y2 = swap(y, "annual_volume: 2400", "annual_volume: {dist: uniform, low: 2000, high: 2900, group: demand}");
    char *y3 = swap(y2, "annual_volume: 1800", "annual_volume: {low: 1500, central: 1800, high: 2000, group: demand}");
    scenario_t *s = load_text_ok(y3);
    assert_int_equal(s->nranges, 3);
    const unc_range *r = &s->ranges[0];
    assert_string_equal(r->path, "custody.recall.monthly_rate");
    assert_int_equal(r->param, PG_RECALL_RATE);
    assert_near(r->central, 0.0375, 1e-15);
    /* the reader saw the central value: the same hazard as the plain number */
    assert_true(s->recall_rate == -log1p(-0.0375) / (365.25 / 12));
    assert_near(s->disp[2].volume, 2450, 1e-12);     /* uniform: central is the midpoint */
    /* in the file's order: the recall rate, then co's volume, then short's */
    assert_string_equal(s->ranges[1].path, "disposals.co.annual_volume");
    assert_string_equal(s->ranges[2].key, "group:demand");
    assert_int_equal(unc_assumptions(s), 2);          /* the recall rate, and the demand group */
    /* a group shares its u: both volumes sit at the same quantile */
    double u = unc_u("group:demand", 5);
    assert_near(unc_value(s, &s->ranges[2], 5), 2000 + 900 * u, 1e-9);
    assert_near(unc_value(s, &s->ranges[1], 5), unc_quantile(&s->ranges[1], u), 1e-12);
    s->central = 1;
    assert_near(unc_value(s, &s->ranges[2], 5), 2450, 0);
    s->central = 0;
    assert_int_equal(unc_pin(s, "group:demand", 1), 2);
    assert_near(unc_value(s, &s->ranges[1], 5), 2000, 0);
    unc_unpin(s);
    scenario_free(s);
    free(y);
    free(y2);
    free(y3);
}

/* Each problem once, at its FILE:LINE:COLUMN, and nothing else. */
static void expect_error(const char *from, const char *to, int line, int col, const char *words)
{
    char *base = with_volume("monthly_rate: 0.0375", NULL);
    char *y = swap(base, from, to);
    char path[64];
    write_temp(path, y);
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = scenario_load(path, &e);
    assert_null(s);
    if (e.count != 1) errlist_print(&e, stderr);
    assert_int_equal(e.count, 1);
    char want[160];
    snprintf(want, sizeof want, "%s:%d:%d: ", path, line, col);
    if (strncmp(e.msg[0], want, strlen(want)) || !strstr(e.msg[0], words)) fail_msg("got: %s\nwanted %s ... %s", e.msg[0], want, words);
    errlist_clear(&e);
    unlink(path);
    free(base);
    free(y);
}

static void bad_ranges_are_errors(void **state)
{
    (void)state;
    /* line 15 of the small scenario is `    monthly_rate: ...`, the value at column 19 */
    expect_error("monthly_rate: 0.0375", "monthly_rate: {low: 0.04, central: 0.0375, high: 0.05}", 15, 19,
                 "central 0.0375 is outside low 0.04 to high 0.05 (expected low <= central <= high)");
    expect_error("monthly_rate: 0.0375", "monthly_rate: {low: 0.06, central: 0.0375, high: 0.05}", 15, 19,
                 "low 0.06 is above high 0.05");
    expect_error("monthly_rate: 0.0375", "monthly_rate: {low: 0.02, central: 0.0375, high: 1.25}", 15, 19,
                 "goes outside the values it can take (expected 0 to 1)");
    expect_error("monthly_rate: 0.0375", "monthly_rate: {dist: lognormal, low: 0.02, high: 0.05}", 15, 26,
                 "unknown range distribution 'lognormal' (expected triangular or uniform)");
    expect_error("monthly_rate: 0.0375", "monthly_rate: {low: 0.02, central: 0.0375, high: 0.05, sd: 1}", 15, 60,
                 "unknown key 'sd'");
    expect_error("threshold_months: 12", "threshold_months: {low: 11, central: 12, high: 13}", 19, 23,
                 "a range on custody.recall.threshold_months, which no replication can draw");
    expect_error("monthly_rate: 0.0375", "monthly_rate: {low: 0.02, central: 0.0375, high: 0.05, group: 'a b'}", 15, 67,
                 "group 'a b' (expected a name of 1 to 64 letters");
}

/* A range's path is its draw's key, kept whole: two ranges whose paths
 * share their first 79 characters (a disposal named with 64, then
 * already_) still draw apart (a key cut at 79 made them one draw). */
static void long_paths_keep_their_own_draws(void **state)
{
    (void)state;
    const char *nm = "short_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; /* 64 */
    assert_int_equal(strlen(nm), 64);
    char *base = with_volume("monthly_rate: 0.0375", NULL);
    char *to = fmt("name: %s\n    kind: custody\n"
                   "    already_in_custody: {low: 0.1, central: 0.2, high: 0.3}\n"
                   "    already_supervised: {low: 0.1, central: 0.2, high: 0.3}\n", nm);
    char *y = swap(base, "name: short\n    kind: custody\n", to);
    scenario_t *s = load_text_ok(y);
    assert_int_equal(s->nranges, 2);
    const unc_range *c = &s->ranges[0], *d = &s->ranges[1];
    assert_true(strlen(c->key) > 79 && !strncmp(c->key, d->key, 79) && strcmp(c->key, d->key));
    /* the same range: one draw would give the same value in every replication */
    int apart = 0;
    for (uint64_t rep = 1; rep <= 20; rep++) apart += fabs(unc_value(s, c, rep) - unc_value(s, d, rep)) > 1e-12;
    assert_true(apart >= 15);
    scenario_free(s);
    free(base);
    free(to);
    free(y);
}

/* A range of zero width and --central give the plain number's bytes; a
 * range with width gives others. */
static void zero_width_and_central_are_plain_bytes(void **state)
{
    (void)state;
    char *plain = with_volume("monthly_rate: 0.0375", NULL);
    char *zero = with_volume("monthly_rate: {low: 0.0375, central: 0.0375, high: 0.0375}", NULL);
    char *wide0 = with_volume("monthly_rate: {low: 0.02, central: 0.0375, high: 0.06}", NULL);
    char *wide = swap(wide0, "annual_volume: 2400", "annual_volume: {low: 2000, central: 2400, high: 2700}");
    scenario_t *sp = load_text_ok(plain), *sz = load_text_ok(zero), *sw = load_text_ok(wide), *sc = load_text_ok(wide);
    sc->central = 1;
    layout_t *lp, *lz, *lw, *lc;
    results_t *rp = run(sp, 3, 41, &lp), *rz = run(sz, 3, 41, &lz), *rw = run(sw, 3, 41, &lw), *rc = run(sc, 3, 41, &lc);
    assert_true(same_bytes(rp, rz));
    assert_true(same_bytes(rp, rc));
    assert_false(same_bytes(rp, rw));
    results_free(rp); results_free(rz); results_free(rw); results_free(rc);
    layout_free(lp); layout_free(lz); layout_free(lw); layout_free(lc);
    scenario_free(sp); scenario_free(sz); scenario_free(sw); scenario_free(sc);
    free(plain); free(zero); free(wide0); free(wide);
}

/* The drawn value is the starting value, and the levers act on top: a
 * multiply lever multiplies the draw; a ranged lever value is drawn into
 * the lever's edits. */
static void levers_act_on_the_draw(void **state)
{
    (void)state;
    char *y = with_volume("monthly_rate: {low: 0.02, central: 0.0375, high: 0.06}",
                          "policy:\n"
                          "  - {lever: recall, from: 2026-01, rate_multiplier: 1.5}\n"
                          "  - {lever: volume, from: 2026-01, disposals: [co], multiplier: {low: 1.1, central: 1.25, high: 1.3}}\n");
    scenario_t *s = load_text_ok(y);
    assert_int_equal(s->nranges, 2);
    assert_int_equal(s->ranges[1].lever, 1);
    rulebook_t *rb = rulebook_create(s);
    assert_non_null(rb);
    assert_int_equal(rulebook_draw(rb, 77), 2);
    double v = unc_value(s, &s->ranges[0], 77);
    double h = -log1p(-v) / (365.25 / 12);
    assert_near(rb_at(rb, PG_RECALL_RATE, 0), h, 1e-15);
    assert_near(rb_at(rb, PG_RECALL_RATE, 400), 1.5 * h, 1e-15);
    double m = unc_value(s, &s->ranges[1], 77);
    assert_true(m != 1.25);
    assert_near(rb_at(rb, param_disp(s, 0, PD_VOLUME), 400), 1800 * m, 1e-9);
    s->central = 1;                                   /* back to the scenario's own numbers, exactly */
    rulebook_draw(rb, 77);
    assert_true(rb_at(rb, PG_RECALL_RATE, 0) == s->recall_rate);
    assert_true(rb_at(rb, param_disp(s, 0, PD_VOLUME), 400) == 1800 * 1.25);
    rulebook_free(rb);
    scenario_free(s);
    free(y);
}

/* Paired draws: a policy extending the base sees the base's value in every
 * replication, even with a ranged lever value of its own; its effect's
 * paired band is narrower than the unpaired one (policy replication r
 * against base replication r of another seed). */
static void paired_draws(void **state)
{
    (void)state;
    char *b = with_volume("monthly_rate: {low: 0.02, central: 0.0375, high: 0.06}", NULL);
    char *b2 = swap(b, "annual_volume: 2400", "annual_volume: {low: 1500, central: 2400, high: 3300}");
    char *p = fmt("%s%s", b2, "policy:\n  - {lever: volume, from: 2025-07, disposals: [co], multiplier: {low: 1.2, central: 1.3, high: 1.4}}\n");
    scenario_t *sb = load_text_ok(b2), *sp = load_text_ok(p);
    rulebook_t *rbb = rulebook_create(sb), *rbp = rulebook_create(sp);
    for (int r = 0; r < 20; r++) {
        uint64_t seed = runner_rep_seed(99, r);
        rulebook_draw(rbb, seed);
        rulebook_draw(rbp, seed);
        assert_true(rb_base(rbb, PG_RECALL_RATE) == rb_base(rbp, PG_RECALL_RATE));
        assert_true(rb_base(rbb, param_disp(sb, 2, PD_VOLUME)) == rb_base(rbp, param_disp(sp, 2, PD_VOLUME)));
    }
    rulebook_free(rbb);
    rulebook_free(rbp);
    layout_t *lb, *lp, *lu;
    int n = 24;
    results_t *rb = run(sb, n, 99, &lb), *rp = run(sp, n, 99, &lp), *ru = run(sp, n, 1234, &lu);
    int s = layout_find(lb, "caseload.total"), k = 24;
    double *pd = malloc((size_t)n * sizeof *pd), *ud = malloc((size_t)n * sizeof *ud);
    for (int r = 0; r < n; r++) {
        double base = results_rep(rb, r)[(size_t)k * (size_t)rb->nser + (size_t)s];
        pd[r] = results_rep(rp, r)[(size_t)k * (size_t)rp->nser + (size_t)s] - base;
        ud[r] = results_rep(ru, r)[(size_t)k * (size_t)ru->nser + (size_t)s] - base;
    }
    double m, p5, p50, p95, u5, u50, u95;
    results_quantiles(pd, n, &m, &p5, &p50, &p95);
    results_quantiles(ud, n, &m, &u5, &u50, &u95);
    assert_true(p95 - p5 > 0);
    if (!(p95 - p5 < 0.5 * (u95 - u5))) fail_msg("paired band %g, unpaired %g", p95 - p5, u95 - u5);
    free(pd);
    free(ud);
    results_free(rb); results_free(rp); results_free(ru);
    layout_free(lb); layout_free(lp); layout_free(lu);
    scenario_free(sb); scenario_free(sp);
    free(b); free(b2); free(p);
}

/* A range on a demand path's lever is drawn when that path runs, and is
 * no assumption at all when another path does. */
static void demand_path_ranges(void **state)
{
    (void)state;
    const char *dm = "demand:\n  path: %s\n  paths:\n    low: []\n"
                     "    central:\n      - {lever: volume, from: 2025-07, multiplier: {low: 1.0, central: 1.05, high: 1.1}}\n"
                     "    high:\n      - {lever: volume, from: 2025-07, multiplier: 1.1}\n";
    char *a = fmt(dm, "central"), *b = fmt(dm, "high");
    char *ya = with_volume("monthly_rate: 0.0375", a), *yb = with_volume("monthly_rate: 0.0375", b);
    scenario_t *sa = load_text_ok(ya), *sb = load_text_ok(yb);
    assert_int_equal(sa->nranges, 1);
    assert_string_equal(sa->ranges[0].label, "demand_path.multiplier");
    assert_int_equal(unc_assumptions(sa), 1);
    rulebook_t *rb = rulebook_create(sa);
    assert_int_equal(rulebook_draw(rb, 5), 4);        /* the lever's edit of each of the four volumes */
    double m = unc_value(sa, &sa->ranges[0], 5);
    assert_near(rb_at(rb, param_disp(sa, 0, PD_VOLUME), 100), 1800 * m, 1e-9);
    rulebook_free(rb);
    assert_int_equal(unc_assumptions(sb), 0);         /* the high path runs: the central path's range is not drawn */
    scenario_free(sa);
    scenario_free(sb);
    free(a); free(b); free(ya); free(yb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quantiles_by_hand),
        cmocka_unit_test(reads_ranges_and_groups),
        cmocka_unit_test(bad_ranges_are_errors),
        cmocka_unit_test(long_paths_keep_their_own_draws),
        cmocka_unit_test(zero_width_and_central_are_plain_bytes),
        cmocka_unit_test(levers_act_on_the_draw),
        cmocka_unit_test(paired_draws),
        cmocka_unit_test(demand_path_ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
