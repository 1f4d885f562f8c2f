/* test_model.c: whole replications: conservation, reproducibility, the
 * starting stock, and the residual-life rule. */
#include "testutil.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <time.h>

#include "model_internal.h"
#include "results.h"
#include "runner.h"
#include "rng.h"

/* The law before the Sentencing Act 2026 (pre-act.yaml, whose stock is its
 * flows' equilibrium), shortened: extends the shipped file. */
static scenario_t *short_baseline(int horizon)
{
    char base[2100];
    repo_path(base, sizeof base, "scenarios/pre-act.yaml");
    char *y = fmt("extends: %s\nhorizon_months: %d\n", base, horizon);
    scenario_t *s = load_text_ok(y);
    free(y);
    return s;
}

static void people_in_equal_people_out_plus_still_in(void **state)
{
    (void)state;
    scenario_t *s = short_baseline(60);
    layout_t *l = layout_create(s);
    model_t *m = model_create(s, l);
    double *out = calloc((size_t)(s->horizon + 1) * (size_t)l->n, sizeof *out);
    for (uint64_t seed = 1; seed <= 3; seed++) {
        assert_int_equal(model_run(m, seed, out), 0);
        model_stats st = model_last_stats(m);
        const double *last = out + (size_t)s->horizon * (size_t)l->n;
        /* cases still open: orders and licences in every state */
        double still = last[l->orders_inactive];
        for (int t = 0; t < SUP_N; t++) still += last[l->orders[t]];
        /* stock + arrivals = exits + people still supervised or recalled */
        assert_true(st.people_in > 1000000);
        assert_int_equal(st.people_in, st.people_out + st.active);
        assert_near((double)st.active, still, 0);
        /* flows agree with stocks: exits counted month by month add up */
        double exits = 0;
        for (int k = 1; k <= s->horizon; k++) exits += out[(size_t)k * (size_t)l->n + (size_t)l->exits];
        /* cases open at the start: the stock's people, and more in
         * pre-release (cases passed on someone in custody join them) */
        double stock0 = out[l->orders_inactive], people0 = 0;
        for (int t = 0; t < SUP_N; t++) stock0 += out[l->orders[t]], people0 += s->stock[t];
        assert_true(out[l->orders[SUP_PRE]] > out[l->sup[SUP_PRE]]);
        assert_true(stock0 > people0);
        double starts = 0;
        for (int k = 1; k <= s->horizon; k++)
            for (int d = 0; d < s->ndisp; d++) starts += out[(size_t)k * (size_t)l->n + (size_t)(l->starts0 + d)];
        assert_near(stock0 + starts, exits + still, 0);
    }
    free(out);
    model_free(m);
    layout_free(l);
    scenario_free(s);
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The stage timings (make bench's split), each timed on its own: every
 * stage ran, and together they are no more than the replication's own
 * time (a stage counted twice or inside another would pass it) and most of
 * it (a stage not timed would fall short). */
static void stage_times_split_the_replication(void **state)
{
    (void)state;
    scenario_t *s = short_baseline(24);
    layout_t *l = layout_create(s);
    model_t *m = model_create(s, l);
    double *out = calloc((size_t)(s->horizon + 1) * (size_t)l->n, sizeof *out);
    double t0 = wall_s();
    assert_int_equal(model_run(m, 7, out), 0);
    double wall = wall_s() - t0, sum = 0;
    model_stats st = model_last_stats(m);
    for (int k = 0; k < MS_N; k++) {
        assert_true(st.ns[k] > 0);
        sum += 1e-9 * (double)st.ns[k];
    }
    assert_true(sum <= wall);
    assert_true(sum > 0.9 * wall);
    free(out);
    model_free(m);
    layout_free(l);
    scenario_free(s);
}

static char *run_to_csv(scenario_t *s, int nrep, int jobs, uint64_t seed)
{
    layout_t *l = layout_create(s);
    results_t *r = results_create(s, l, nrep);
    errlist_t e;
    errlist_init(&e);
    assert_int_equal(runner_run(r, seed, jobs, 0, &e), 0);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_int_equal(results_write_series(f, r), 0);
    fclose(f);
    results_free(r);
    layout_free(l);
    errlist_clear(&e);
    return buf;
}

static void same_seed_same_bytes_whatever_the_threads(void **state)
{
    (void)state;
    scenario_t *s = short_baseline(24);
    char *a = run_to_csv(s, 6, 1, 11);
    char *b = run_to_csv(s, 6, 2, 11);
    char *c = run_to_csv(s, 6, 3, 11);
    char *d = run_to_csv(s, 6, 2, 12);
    assert_true(strlen(a) > 10000);
    assert_string_equal(a, b);
    assert_string_equal(a, c);
    assert_true(strcmp(a, d) != 0); /* and the seed matters */
    free(a);
    free(b);
    free(c);
    free(d);
    scenario_free(s);
}

static void month_zero_matches_the_stock(void **state)
{
    (void)state;
    scenario_t *s = short_baseline(12);
    layout_t *l = layout_create(s);
    model_t *m = model_create(s, l);
    double *out = calloc((size_t)(s->horizon + 1) * (size_t)l->n, sizeof *out);
    assert_int_equal(model_run(m, 5, out), 0);
    double total = 0;
    for (int t = 0; t < SUP_N; t++) {
        assert_true(s->stock[t] > 0);
        /* each type's count, within the regions' rounding (it was 2%
         * when people of one type could share: 1.0 to 1.5% short) */
        if (fabs(out[l->sup[t]] - s->stock[t]) > 0.001 * s->stock[t])
            fail_msg("month 0: %s %g against the stock's %g", sup_names[t], out[l->sup[t]], s->stock[t]);
        if (t != SUP_RECALLED) total += s->stock[t];
    }
    /* people counted once: stock.people when given (the types count a
     * person once in each type, so they sum to more) */
    if (s->stock_people > 0) {
        assert_true(s->stock_people < total);
        total = s->stock_people;
    }
    assert_near(out[l->total], total, 0);
    /* the baseline stock is the flows' equilibrium: a year on, the total
     * has moved by less than 2% */
    double y1 = out[(size_t)12 * (size_t)l->n + (size_t)l->total];
    assert_true(fabs(y1 - total) <= 0.02 * total);
    free(out);
    model_free(m);
    layout_free(l);
    scenario_free(s);
}

/* The stock is the flows' equilibrium, so the first month's releases are
 * the flows' level: within 8% of the same month a year later (4
 * replications: noise under 1%; in a 40-year warm-up run the two months
 * differ by under 0.1%), the shortest band's within 20%.  Before the
 * stock's short sentences joined people in custody as the flows' do, the
 * first month was 36% above, the shortest band 82%; with it, 6% and 12%
 * (the cases passed on people held on recall still stand alone). */
static void first_months_releases_are_the_flows_level(void **state)
{
    (void)state;
    scenario_t *s = short_baseline(13);
    layout_t *l = layout_create(s);
    model_t *m = model_create(s, l);
    double *out = calloc((size_t)(s->horizon + 1) * (size_t)l->n, sizeof *out);
    double first = 0, later = 0, short_first = 0, short_later = 0;
    int band = l->release_band[0] >= 0 ? l->release_band[0] : l->release_band[2];
    assert_true(band >= 0);
    for (uint64_t seed = 1; seed <= 4; seed++) {
        assert_int_equal(model_run(m, seed, out), 0);
        first += out[(size_t)l->n + (size_t)l->releases];
        short_first += out[(size_t)l->n + (size_t)band];
        later += out[(size_t)13 * (size_t)l->n + (size_t)l->releases];
        short_later += out[(size_t)13 * (size_t)l->n + (size_t)band];
    }
    if (fabs(first / later - 1) > 0.08 || fabs(short_first / short_later - 1) > 0.2)
        fail_msg("first month's releases %g (shortest band %g) against %g (%g) a year later", first / 4,
                 short_first / 4, later / 4, short_later / 4);
    free(out);
    model_free(m);
    layout_free(l);
    scenario_free(s);
}

/* With no new orders, a stationary stock of orders with exponential lengths
 * (mean 6 months) decays as exp(-t / mean); with fixed 12-month lengths it
 * decays linearly to zero at 12 months.  Both follow from the residual-life
 * distribution (1 - F(x)) / mean. */
static void stock_remaining_time_is_the_residual_life(void **state)
{
    (void)state;
    const char *lens[] = { "{dist: exponential, mean: 6}", "{dist: fixed, value: 12}" };
    for (int k = 0; k < 2; k++) {
        char *y = fmt("name: residual\ndescription: residual life\nstart_month: 2025-06\nhorizon_months: 14\nseed: 3\n"
                      "tiers: [all]\nreports: {oral: {lead_days: 0}}\n"
                      "stock: {community_order: 20000}\n"
                      "custody:\n  post_sentence_supervision: {min_sentence_days: 1, max_sentence_months: 24, supervision_months: 12}\n"
                      "  recall: {monthly_rate: 0, fixed_term_share: 0, fixed_term_days_short: 14, fixed_term_days_long: 28, threshold_months: 12, standard_recall_days: {dist: fixed, value: 50}}\n"
                      "disposals:\n  - name: co\n    kind: community_order\n    annual_volume: 0.000001\n"
                      "    length_months: %s\n    tier_shares: {all: 1}\n"
                      "    outcomes: {completed: 1, early_termination: 0, revoked: 0}\n    early_termination_at: 0.5\n"
                      "    revoked_to_custody: 0\n    custody_months: {dist: fixed, value: 4}\n    reports: {share: 0, mix: {oral: 1}}\n",
                      lens[k]);
        errlist_t e;
        errlist_init(&e);
        scenario_t *s = load_text(y, &e);
        errlist_print(&e, stderr);
        assert_non_null(s);
        layout_t *l = layout_create(s);
        model_t *m = model_create(s, l);
        double *out = calloc((size_t)(s->horizon + 1) * (size_t)l->n, sizeof *out);
        assert_int_equal(model_run(m, 21, out), 0);
        for (int mo = 1; mo <= s->horizon; mo++) {
            double t = month_end_day(s, mo);
            double frac = k == 0 ? exp(-t / (6 * 365.25 / 12)) : fmax(0, 1 - t / 365.25);
            double got = out[(size_t)mo * (size_t)l->n + (size_t)l->sup[SUP_CO]];
            double sd = sqrt(20000 * frac * (1 - frac)) + 1;
            if (fabs(got - 20000 * frac) > 4 * sd)
                fail_msg("month %d: %g orders left, expected %g +/- %g", mo, got, 20000 * frac, 4 * sd);
        }
        free(out);
        model_free(m);
        layout_free(l);
        scenario_free(s);
        errlist_clear(&e);
        free(y);
    }
}

/* Length-biased draws have mean E[L^2] / E[L] = mean + sd^2 / mean. */
static void length_biased_draws_have_the_right_mean(void **state)
{
    (void)state;
    gsl_rng *r = rng_alloc(8);
    dist_t d[4];
    dist_make(&d[0], DIST_LOGNORMAL, 10, 4);
    dist_make(&d[1], DIST_GAMMA, 7.5, 3);
    dist_make(&d[2], DIST_UNIFORM, 2, 9);
    dist_make(&d[3], DIST_EXPONENTIAL, 4.2, 0);
    for (int i = 0; i < 4; i++) {
        double sum = 0, sum_plain = 0;
        int n = 400000;
        for (int k = 0; k < n; k++) {
            sum += dist_draw_length_biased(&d[i], r);
            sum_plain += dist_draw(&d[i], r);
        }
        double want = d[i].mean + d[i].sd * d[i].sd / d[i].mean;
        assert_near(sum / n, want, 0.01 * want);
        assert_near(sum_plain / n, d[i].mean, 0.01 * d[i].mean);
    }
    gsl_rng_free(r);
}

/* dist.c draws normals and gammas itself, on the splitmix64 state, to skip
 * GSL's function pointers: it must give GSL's numbers bit for bit, on
 * every branch (the ziggurat's base strip, wedges and tail, which a million
 * normals reach about 1,200 and 2,000 times; gamma shapes below 1, where
 * GSL draws a uniform first, and above).  Each draw is compared with
 * gsl_ran_* on a second generator at the same state, and the two states
 * must agree after it (the same number of numbers used). */
static void normal_and_gamma_draws_are_gsls(void **state)
{
    (void)state;
    gsl_rng *a = rng_alloc(20261207), *b = rng_alloc(20261207);
    const double shape[] = { 0.3, 0.999, 1.0, 2.0, 2.7, 9.0, 51.0 };
    const double mean = 10;
    long tail = 0;
    for (int i = 0; i < 7; i++) {
        dist_t g, ln;
        double sd = mean / sqrt(shape[i]);   /* gamma shape (mean / sd)^2 */
        assert_int_equal(dist_make(&g, DIST_GAMMA, mean, sd), 0);
        assert_int_equal(dist_make(&ln, DIST_LOGNORMAL, mean, sd), 0);
        long differ = 0;
        for (int k = 0; k < 150000; k++) {
            double x = dist_draw(&g, a), y = gsl_ran_gamma(b, g.p1, g.p2);
            double xl = dist_draw_length_biased(&g, a), yl = gsl_ran_gamma(b, g.p1 + 1.0, g.p2);
            double xn = dist_draw(&ln, a), yn = exp(ln.p1 + ln.p2 * gsl_ran_gaussian_ziggurat(b, 1.0));
            differ += memcmp(&x, &y, sizeof x) != 0 || memcmp(&xl, &yl, sizeof xl) != 0 ||
                      memcmp(&xn, &yn, sizeof xn) != 0 || rng_state(a) != rng_state(b);
            /* the normal behind yn beyond the last step (3.44) came from the tail */
            tail += fabs((log(yn) - ln.p1) / ln.p2) > 3.45;
        }
        assert_int_equal(differ, 0);
    }
    assert_true(tail > 200);   /* about 600 expected (5.7e-4 x 1,050,000) */
    gsl_rng_free(a);
    gsl_rng_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(people_in_equal_people_out_plus_still_in),
        cmocka_unit_test(stage_times_split_the_replication),
        cmocka_unit_test(same_seed_same_bytes_whatever_the_threads),
        cmocka_unit_test(month_zero_matches_the_stock),
        cmocka_unit_test(first_months_releases_are_the_flows_level),
        cmocka_unit_test(stock_remaining_time_is_the_residual_life),
        cmocka_unit_test(length_biased_draws_have_the_right_mean),
        cmocka_unit_test(normal_and_gamma_draws_are_gsls),
    };
    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
