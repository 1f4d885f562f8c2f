/* test_plots.c: ticks (also for inf, nan and absurd ranges), number formats,
 * axis mapping read back from pixels, charts from partial tables, the same
 * bytes whatever formats are asked for,
 * PDF text, and re-rendering from series.csv. */
#define _GNU_SOURCE /* memmem */
#include "testutil.h"

#include <math.h>
#include <sys/stat.h>

#include "chart.h"
#include "plots.h"
#include "results.h"
#include "runner.h"
#include "table.h"

static void ticks_on_1_2_5_steps(void **state)
{
    (void)state;
    double a, b, s;
    int dec = chart_nice_ticks(0, 243117, 6, &a, &b, &s);
    assert_near(s, 50000, 0);
    assert_near(a, 0, 0);
    assert_near(b, 250000, 0);
    assert_int_equal(dec, 0);
    dec = chart_nice_ticks(11.2, 11.9, 6, &a, &b, &s);
    assert_near(s, 0.2, 1e-12);
    assert_near(a, 11.2, 1e-9);
    assert_near(b, 12.0, 1e-9);
    assert_int_equal(dec, 1);
    dec = chart_nice_ticks(-3150, 12.5, 6, &a, &b, &s); /* a gap below zero */
    assert_near(s, 1000, 0);
    assert_near(a, -4000, 0);
    assert_near(b, 1000, 0);
    dec = chart_nice_ticks(238000, 248000, 6, &a, &b, &s);
    assert_near(s, 2000, 0);
    /* a constant series still gets an axis */
    chart_nice_ticks(150, 150, 6, &a, &b, &s);
    assert_true(a < 150 && b > 150 && s > 0);
}

/* Damaged inputs once made the widening loop spin for ever (inf, nan, a
 * stacked sum that overflowed).  Every answer is worked out by hand; the
 * alarm turns a hang back into a failure. */
static void ticks_for_inf_nan_and_absurd_ranges(void **state)
{
    (void)state;
    alarm(20);
    double a, b, s;
    int dec = chart_nice_ticks(INFINITY, -INFINITY, 6, &a, &b, &s); /* no data */
    assert_near(a, -1, 1e-12);
    assert_near(b, 1, 1e-12);
    assert_near(s, 0.5, 1e-12);
    assert_int_equal(dec, 1);
    chart_nice_ticks(NAN, NAN, 6, &a, &b, &s);
    assert_near(a, -1, 1e-12);
    assert_near(b, 1, 1e-12);
    chart_nice_ticks(NAN, 5, 6, &a, &b, &s); /* 5 +- 5%: 4.75 to 5.25 */
    assert_near(a, 4.7, 1e-9);
    assert_near(b, 5.3, 1e-9);
    assert_near(s, 0.1, 1e-12);
    chart_nice_ticks(0, INFINITY, 6, &a, &b, &s); /* a stacked sum that overflowed */
    assert_near(a, 0, 0);
    assert_near(b, 1e15, 0);
    assert_near(s, 2e14, 0);
    chart_nice_ticks(-1e308, 1e308, 6, &a, &b, &s);
    assert_near(a, -1e15, 0);
    assert_near(b, 1e15, 0);
    assert_near(s, 5e14, 0);
    /* narrower than a double can step through at 1e12: constant, padded 5% */
    dec = chart_nice_ticks(1e12, 1e12 + 1e-4, 6, &a, &b, &s);
    assert_near(a, 9.4e11, 0);
    assert_near(b, 1.06e12, 0);
    assert_near(s, 2e10, 0);
    assert_int_equal(dec, 0);
    /* a whole chart on such a range draws, with the clamped axis */
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)CHART_W, (int)CHART_H);
    cairo_t *cr = cairo_create(sf);
    chart_t c;
    chart_begin(&c, cr, "title", "subtitle", NULL);
    chart_axes(&c, 2025 * 12 + 5, 0, 24, 0, INFINITY, "value");
    double v[3] = { 1, INFINITY, NAN };
    chart_line(&c, v, 0, 3, okabe_ito[0], 3, DASH_SOLID, MARK_CIRCLE, 1, 0);
    chart_band(&c, v, v, 0, 3, okabe_ito[1], 0.2);
    chart_vline(&c, NAN, "never");
    assert_near(c.vmax, 1e15, 0);
    char msg[100];
    assert_int_equal(chart_status(cr, msg, sizeof msg), 0);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
    alarm(0);
}

/* Months before year 0 once indexed the month names at -1. */
static void month_labels_before_year_zero(void **state)
{
    (void)state;
    char b[32];
    chart_month_label(-1, 0, b, sizeof b);
    assert_string_equal(b, "Dec -1");
    chart_month_label(-13, 0, b, sizeof b);
    assert_string_equal(b, "Dec -2");
    chart_month_label(-12, 1, b, sizeof b);
    assert_string_equal(b, "-1");
    chart_month_label(-999 * 12 + 2, 0, b, sizeof b);
    assert_string_equal(b, "Mar -999");
    chart_month_label(2025 * 12 + 5, 0, b, sizeof b);
    assert_string_equal(b, "Jun 2025");
}

/* Cairo refuses text that is not UTF-8 and then fails the whole chart; a
 * series name from a damaged file must not do that. */
static void text_that_is_not_utf8_still_draws(void **state)
{
    (void)state;
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 100);
    cairo_t *cr = cairo_create(sf);
    chart_font(cr, 20, 0);
    /* bad bytes: a lone continuation, a cut sequence, an overlong '/', a surrogate */
    assert_near(chart_text_width(cr, "a\x80" "b\xc3"), chart_text_width(cr, "a?b?"), 0);
    assert_near(chart_text_width(cr, "\xc0\xaf"), chart_text_width(cr, "??"), 0);
    assert_near(chart_text_width(cr, "\xed\xa0\x80"), chart_text_width(cr, "???"), 0);
    assert_true(chart_text_width(cr, "caf\xc3\xa9") > chart_text_width(cr, "caf"));
    chart_text(cr, 10, 50, "Bad \xff byte", 0);
    char msg[100];
    assert_int_equal(chart_status(cr, msg, sizeof msg), 0);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
    char s1[] = "ab\xc3", s2[] = "ab\xe2\x82", s3[] = "ab\xe2\x82\xac", s4[] = "ab";
    chart_utf8_trim(s1);
    chart_utf8_trim(s2);
    chart_utf8_trim(s3);
    chart_utf8_trim(s4);
    assert_string_equal(s1, "ab");
    assert_string_equal(s2, "ab");
    assert_string_equal(s3, "ab\xe2\x82\xac");
    assert_string_equal(s4, "ab");
}

static void numbers_have_thousands_separators(void **state)
{
    (void)state;
    char b[64];
    chart_format(b, sizeof b, 240000, 0);
    assert_string_equal(b, "240,000");
    chart_format(b, sizeof b, 1234567.891, 2);
    assert_string_equal(b, "1,234,567.89");
    chart_format(b, sizeof b, -1250.5, 1);
    assert_string_equal(b, "-1,250.5");
    chart_format(b, sizeof b, 999, 0);
    assert_string_equal(b, "999");
    chart_format(b, sizeof b, -0.001, 0);
    assert_string_equal(b, "0");
    chart_format(b, sizeof b, 11.4, 1);
    assert_string_equal(b, "11.4");
}

/* A constant series at 150 on an axis from 0 to 200: the plot area runs from
 * y = 150 (top) to y = 800 (bottom, one footer line), so the line's centre is
 * at 800 - 150/200 x 650 = 312.5. */
static void constant_series_draws_at_the_expected_row(void **state)
{
    (void)state;
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)CHART_W, (int)CHART_H);
    cairo_t *cr = cairo_create(sf);
    const char *footer[] = { "footer", NULL };
    chart_t c;
    chart_begin(&c, cr, "title", "subtitle", footer);
    chart_axes(&c, 2025 * 12 + 5, 0, 24, 0, 200, "value");
    assert_near(c.y0, 150, 0);
    assert_near(c.y1, 800, 0);
    double v[25];
    for (int k = 0; k < 25; k++) v[k] = 150;
    chart_line(&c, v, 0, 25, okabe_ito[0], 3, DASH_SOLID, MARK_NONE, 0, 0);
    char msg[100];
    assert_int_equal(chart_status(cr, msg, sizeof msg), 0);
    cairo_surface_flush(sf);
    unsigned char *px = cairo_image_surface_get_data(sf);
    int stride = cairo_image_surface_get_stride(sf);
    int x = (int)((c.x0 + c.x1) / 2);
    double sum = 0, wsum = 0;
    /* inside the plot area, only the black line is darker than 60% (grid
     * lines are 12%; the axis line at the bottom is excluded) */
    for (int y = (int)c.y0; y < (int)c.y1 - 2; y++) {
        uint32_t p = *(uint32_t *)(px + (size_t)y * (size_t)stride + (size_t)x * 4);
        double dark = 1 - (double)(p & 0xff) / 255.0; /* blue channel; line is black */
        if (dark > 0.6) { sum += dark * (y + 0.5); wsum += dark; }
    }
    assert_true(wsum > 0);
    assert_near(sum / wsum, 312.5, 0.5);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
}

/* A short real run, written as a run would be. */
static results_t *small_run(scenario_t **sp, layout_t **lp)
{
    char base[2100];
    repo_path(base, sizeof base, "scenarios/pre-act.yaml");
    char *y = fmt("extends: %s\nhorizon_months: 24\n", base);
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = load_text(y, &e);
    assert_non_null(s);
    free(y);
    layout_t *l = layout_create(s);
    results_t *r = results_create(s, l, 4);
    assert_int_equal(runner_run(r, 3, 2, 0, &e), 0);
    errlist_clear(&e);
    *sp = s;
    *lp = l;
    return r;
}


/* Every lever within the horizon is kept for the charts, in date order,
 * once per month and label, and run.yaml carries them to a redraw: two
 * volume levers in April 2026 make one mark, which names the end of PSS in
 * the same month too (after the `set:` of 1 April, in date order); the recall lever in March 2026 comes first, the one after the horizon (2030) none (the base's own levers
 * dropped with inherit_policy: false; its demand path draws no mark).  A
 * `set:` or `multiply:` lever is named by the rule it edits, in words: its
 * last two path components less a final ".mean", or only the last when it
 * repeats the one before ("recall.standard_recall_days"). */
static void every_lever_is_kept_for_the_charts(void **state)
{
    (void)state;
    char base[2100];
    repo_path(base, sizeof base, "scenarios/pre-act.yaml");
    char *y = fmt("extends: %s\nhorizon_months: 24\ninherit_policy: false\npolicy:\n"
                  "  - {lever: volume, from: 2026-04, multiplier: 1.1}\n"
                  "  - {lever: volume, from: 2026-04, multiplier: 1.1}\n"
                  "  - {lever: end_pss, from: 2026-04-15}\n"
                  "  - {lever: recall, from: 2026-03, rate_multiplier: 0.9}\n"
                  "  - {set: custody.home_detention_curfew.take_up, value: 0, from: 2026-03}\n"
                  "  - {set: custody.recall.standard_recall_days.mean, value: 150, from: 2026-04}\n"
                  "  - {multiply: disposals.community_order.length_months.mean, value: 0.9, from: 2026-05}\n"
                  "  - {lever: volume, from: 2030-01, multiplier: 1.1}\n", base);
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = load_text(y, &e);
    free(y);
    assert_non_null(s);
    pmeta_t *m = pmeta_from_scenario(s, 4, 3, "2026-01-02");
    assert_int_equal(m->nlever, 3);
    assert_int_equal(m->lever_month[0], 2026 * 12 + 2);
    assert_string_equal(m->lever_label[0], "Recall rules change; home detention curfew take up changes");
    assert_int_equal(m->lever_month[1], 2026 * 12 + 3);
    assert_string_equal(m->lever_label[1], "Volumes change; standard recall days changes; PSS ends");
    assert_string_equal(m->lever_label[2], "Community order length months changes");
    assert_int_equal(m->policy_month, m->lever_month[0]);
    /* three marks whose labels take six rows: numbered, with a key under
     * the chart, and no room taken above data reaching 254,000 (axis to
     * 300,000: 254,000 x 1.12 rounded up to a tick; the labels' six rows
     * of 30 px of a 650 px plot would have needed 254,000 / (1 - 196 / 650)
     * = 364,000, an axis to 400,000) */
    char key[600];
    plots_mark_key(key, sizeof key, m);
    /* (a no-break space, U+00A0, keeps each number with its label) */
    assert_string_equal(key, "Marked: 1\u00a0Recall rules change; home detention curfew take up changes, Mar 2026; "
                             "2\u00a0Volumes change; standard recall days changes; PSS ends, Apr 2026; "
                             "3\u00a0Community order length months changes, May 2026");
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)CHART_W, (int)CHART_H);
    cairo_t *cr = cairo_create(sf);
    const char *footer[] = { "footer", NULL };
    chart_t c;
    chart_begin(&c, cr, "title", "subtitle", footer);
    double tmin, tmax, step;
    chart_nice_ticks(0, plots_headroom(&c, m, 0, 254000), 6, &tmin, &tmax, &step);
    assert_near(tmax, 300000, 0);
    /* one short label stays on the chart, its one row (46 px of 650)
     * inside the least room, 12% of the range */
    m->nlever = 1;
    free(m->lever_label[0]);
    m->lever_label[0] = strdup("Volumes change");
    plots_mark_key(key, sizeof key, m);
    assert_string_equal(key, "Marked: 1\u00a0Volumes change, Mar 2026");
    double top = plots_headroom(&c, m, 0, 254000);
    assert_near(top, 254000 * 1.12, 1);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
    m->nlever = 3;
    char a[] = "/tmp/caseflow-plot-l-XXXXXX", p[256];
    assert_non_null(mkdtemp(a));
    assert_int_equal(out_write(a, "run.yaml", pmeta_write, m, &e), 0);
    snprintf(p, sizeof p, "%s/run.yaml", a);
    pmeta_t *m2 = pmeta_read(p, &e);
    errlist_print(&e, stderr);
    assert_non_null(m2);
    assert_int_equal(m2->nlever, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(m2->lever_month[i], m->lever_month[i]);
        assert_string_equal(m2->lever_label[i], m->lever_label[i]);
    }
    unlink(p);
    rmdir(a);
    pmeta_free(m);
    pmeta_free(m2);
    scenario_free(s);
    errlist_clear(&e);
}

static void rerender_from_csv_gives_the_same_png(void **state)
{
    (void)state;
    scenario_t *s;
    layout_t *l;
    results_t *r = small_run(&s, &l);
    char a[] = "/tmp/caseflow-plot-a-XXXXXX", b[] = "/tmp/caseflow-plot-b-XXXXXX";
    assert_non_null(mkdtemp(a));
    assert_non_null(mkdtemp(b));
    errlist_t e;
    errlist_init(&e);
    ptable_t *t = ptable_from_results(r);
    pmeta_t *m = pmeta_from_scenario(s, r->nrep, r->seed, "2026-01-02");
    assert_int_equal(out_write(a, "series.csv", results_write_series, r, &e), 0);
    assert_int_equal(out_write(a, "run.yaml", pmeta_write, m, &e), 0);
    assert_int_equal(plots_render(plots_run, t, m, a, PLOT_PNG, &e), 0);
    char p[256];
    snprintf(p, sizeof p, "%s/series.csv", a);
    ptable_t *t2 = ptable_read_csv(p, &e);
    snprintf(p, sizeof p, "%s/run.yaml", a);
    pmeta_t *m2 = pmeta_read(p, &e);
    errlist_print(&e, stderr);
    assert_non_null(t2);
    assert_non_null(m2);
    assert_int_equal(plots_render(plots_run, t2, m2, b, PLOT_PNG, &e), 0);
    int n = 0;
    for (const plot_def *d = plots_run; d->name; d++) {
        if (d->has && !d->has(t)) continue; /* the region charts: a run without regions */
        n++;
        char pa[256], pb[256];
        size_t na, nb;
        snprintf(pa, sizeof pa, "%s/%s.png", a, d->name);
        snprintf(pb, sizeof pb, "%s/%s.png", b, d->name);
        char *x = slurp(pa, &na), *y = slurp(pb, &nb);
        assert_true(na > 20000); /* a real picture, not an empty one */
        assert_int_equal(na, nb);
        assert_memory_equal(x, y, na);
        free(x);
        free(y);
        /* the alt text says where it starts, with separators */
        snprintf(pa, sizeof pa, "%s/%s.txt", a, d->name);
        x = slurp(pa, &na);
        assert_true(na > 100);
        free(x);
    }
    assert_int_equal(n, 8); /* caseload, by type, flows, staffing, capacity, and pre-act.yaml's twelve regions' three */
    snprintf(p, sizeof p, "%s/caseload.txt", a);
    size_t len;
    char *alt = slurp(p, &len);
    assert_non_null(strstr(alt, "The projection starts at 244,209 at the end of Jun 2025"));
    /* and names the date the chart marks (pre-act's FTR 48) */
    assert_non_null(strstr(alt, " A dashed vertical line marks Recall rules change, Sep 2025."));
    free(alt);
    char *cmd = fmt("rm -rf %s %s", a, b);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    ptable_free(t);
    ptable_free(t2);
    pmeta_free(m);
    pmeta_free(m2);
    results_free(r);
    layout_free(l);
    scenario_free(s);
    errlist_clear(&e);
}

static void pdf_keeps_text_as_text(void **state)
{
    (void)state;
    scenario_t *s;
    layout_t *l;
    results_t *r = small_run(&s, &l);
    char a[] = "/tmp/caseflow-pdf-XXXXXX";
    assert_non_null(mkdtemp(a));
    errlist_t e;
    errlist_init(&e);
    ptable_t *t = ptable_from_results(r);
    pmeta_t *m = pmeta_from_scenario(s, r->nrep, r->seed, "2026-01-02");
    assert_int_equal(plots_render(plots_run, t, m, a, PLOT_PDF | PLOT_SVG, &e), 0);
    char *cmd = fmt("pdftotext %s/caseload.pdf %s/caseload.pdf.txt", a, a);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    char p[256];
    snprintf(p, sizeof p, "%s/caseload.pdf.txt", a);
    size_t n;
    char *txt = slurp(p, &n);
    assert_non_null(strstr(txt, "Probation caseload"));
    assert_non_null(strstr(txt, "each person counted once"));
    assert_non_null(strstr(txt, "People under supervision"));
    assert_non_null(strstr(txt, "250,000") ? "250,000" : strstr(txt, "244,000"));
    free(txt);
    snprintf(p, sizeof p, "%s/flows.svg", a);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    cmd = fmt("rm -rf %s", a);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    ptable_free(t);
    pmeta_free(m);
    results_free(r);
    layout_free(l);
    scenario_free(s);
    errlist_clear(&e);
}

/* Sets series s of t: name, and the same values for every statistic
 * (NAN for a month with no row). */
static void set_series(ptable_t *t, int s, const char *name, const double *v)
{
    t->name[s] = strdup(name);
    for (int st = 0; st < ST_N; st++)
        for (int k = 0; k < t->nmonth; k++) ptable_row(t, s, st)[k] = v[k];
}

static int count_colour(cairo_surface_t *sf, rgb_t col)
{
    cairo_surface_flush(sf);
    unsigned char *px = cairo_image_surface_get_data(sf);
    int stride = cairo_image_surface_get_stride(sf), n = 0;
    uint32_t want = (uint32_t)lround(col.r * 255) << 16 | (uint32_t)lround(col.g * 255) << 8 | (uint32_t)lround(col.b * 255);
    for (int y = 0; y < cairo_image_surface_get_height(sf); y++)
        for (int x = 0; x < cairo_image_surface_get_width(sf); x++)
            n += (*(uint32_t *)(px + (size_t)y * (size_t)stride + (size_t)x * 4) & 0xffffff) == want;
    return n;
}

/* A hand-edited series.csv with some staff series and not others once made
 * the staffing and capacity charts read outside the table.  Here probation
 * officers have a needed line but no available line, services officers
 * have both, capacity has only the officers' line, and there is no
 * caseload at all: each chart draws what it has, or is not made. */
static void a_chart_draws_only_the_series_it_has(void **state)
{
    (void)state;
    ptable_t *t = ptable_create(2025 * 12 + 5, 3, 6);
    static const double req_pso[] = { 2276.4, 2281.7, 2290.2 }, av_pso[] = { 2612.3, NAN, 2590.8 },
                        req_po[] = { 3105.6, 3120.9, 3133.3 }, cap_po[] = { 104.2, 106.6, 108.9 },
                        starts[] = { NAN, 1523.7, 1497.9 }, req_all[] = { 5382.0, 5402.6, 5423.5 };
    set_series(t, 0, "staff.required_fte.probation_services_officer", req_pso);
    set_series(t, 1, "staff.available_fte.probation_services_officer", av_pso);
    set_series(t, 2, "staff.required_fte.probation_officer", req_po);
    set_series(t, 3, "staff.capacity_pct.probation_officer", cap_po);
    set_series(t, 4, "starts.community_order", starts);
    set_series(t, 5, "staff.required_fte.total", req_all);
    pmeta_t m = { .scenario = "hand-edited", .replications = 7, .seed = 11, .made = "2026-01-02", .policy_month = -1 };
    char dir[] = "/tmp/caseflow-partial-XXXXXX";
    assert_non_null(mkdtemp(dir));
    errlist_t e;
    errlist_init(&e);
    assert_int_equal(plots_render(plots_run, t, &m, dir, PLOT_PNG, &e), 0);
    assert_int_equal(e.count, 0);
    static const char *const made[] = { "flows", "staffing", "capacity" }, *const not_made[] = { "caseload", "caseload_by_type" };
    char p[256];
    struct stat st;
    for (int i = 0; i < 2; i++) {
        snprintf(p, sizeof p, "%s/%s.png", dir, not_made[i]);
        assert_int_equal(stat(p, &st), -1);
    }
    /* what each chart says it drew, to the FTE (gap at the end: 2,290.2 - 2,590.8) */
    static const char *const says[] = {
        "Community orders: 1,524 a month at the start, 1,498 at the end. The largest change is in Community orders: -26 a month.\n",
        "Probation services officers: 2,276 needed against 2,612 available at the start (gap -336); 2,290 against 2,591 at the end (gap -301). \n",
        "the WMT's excessive-workload threshold. Probation officers: 104% at the start, 109% at the end.\n",
    };
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s.txt", dir, made[i]);
        size_t n;
        char *txt = slurp(p, &n);
        assert_true(n > strlen(says[i]));
        assert_string_equal(txt + n - strlen(says[i]), says[i]);
        free(txt);
    }
    /* the staffing chart has the services officers' vermillion and not the
     * officers' blue (that grade has no available line) */
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)CHART_W, (int)CHART_H);
    cairo_t *cr = cairo_create(sf);
    const plot_def *d = plots_run;
    while (strcmp(d->name, "staffing")) d++;
    d->draw(cr, t, &m);
    char msg[100];
    assert_int_equal(chart_status(cr, msg, sizeof msg), 0);
    assert_true(count_colour(sf, okabe_ito[6]) > 1000);
    assert_int_equal(count_colour(sf, okabe_ito[5]), 0);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
    char *cmd = fmt("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    errlist_clear(&e);
    ptable_free(t);
}

/* The same charts, drawn twice in one process with different formats asked
 * for (and other charts drawn in between), give the same SVG and PDF bytes;
 * the PDF's dates are run.yaml's `made`, not the clock. */
static void chart_bytes_do_not_depend_on_the_formats_asked_for(void **state)
{
    (void)state;
    errlist_t e;
    errlist_init(&e);
    ptable_t *t = ptable_read_csv("tests/corpus/series/partial_staff.csv", &e);
    assert_non_null(t);
    pmeta_t m = { .scenario = "bytes", .replications = 7, .seed = 11, .made = "2026-01-02", .policy_month = 2025 * 12 + 7,
                  .policy_label = "Policy" };
    char a[] = "/tmp/caseflow-bytes-a-XXXXXX", b[] = "/tmp/caseflow-bytes-b-XXXXXX", x[] = "/tmp/caseflow-bytes-x-XXXXXX";
    assert_non_null(mkdtemp(a));
    assert_non_null(mkdtemp(b));
    assert_non_null(mkdtemp(x));
    assert_int_equal(plots_render(plots_run, t, &m, a, PLOT_SVG | PLOT_PDF, &e), 0);
    assert_int_equal(plots_render(plots_run, t, &m, x, PLOT_PNG, &e), 0);
    assert_int_equal(plots_render(plots_run, t, &m, b, PLOT_PNG | PLOT_SVG | PLOT_PDF, &e), 0);
    int n = 0;
    for (const plot_def *d = plots_run; d->name; d++)
        for (int pdf = 0; pdf < 2 && (!d->has || d->has(t)); pdf++, n++) {
            char pa[256], pb[256];
            size_t na, nb;
            snprintf(pa, sizeof pa, "%s/%s.%s", a, d->name, pdf ? "pdf" : "svg");
            snprintf(pb, sizeof pb, "%s/%s.%s", b, d->name, pdf ? "pdf" : "svg");
            char *ya = slurp(pa, &na), *yb = slurp(pb, &nb);
            assert_true(na > 10000);
            assert_int_equal(na, nb);
            assert_memory_equal(ya, yb, na);
            if (pdf) {
                assert_non_null(memmem(ya, na, "/CreationDate (20260102000000Z)", 31));
                assert_non_null(memmem(ya, na, "/ModDate (20260102000000Z)", 26));
            } else {
                assert_non_null(strstr(ya, "<g id=\"surface1\">"));
            }
            free(ya);
            free(yb);
        }
    assert_int_equal(n, 10);
    char *cmd = fmt("rm -rf %s %s %s", a, b, x);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    ptable_free(t);
    errlist_clear(&e);
}

/* A label too long for its space is wrapped at spaces, and what does not fit
 * in the lines allowed is dropped at a word boundary with an ellipsis: every
 * line is whole words of the label, and fits. */
static void long_labels_wrap_or_shorten_at_words(void **state)
{
    (void)state;
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 100, 100);
    cairo_t *cr = cairo_create(sf);
    chart_font(cr, 20, 0);
    const char *label = "Mar 2026: Presumption to suspend sentences of 12 months or less, with the end of post-sentence supervision";
    char lines[5][CHART_WRAP_LEN];
    double width = 330;
    assert_true(chart_text_width(cr, label) > 2 * width); /* it would be clipped on one line */
    int n = chart_wrap(cr, label, width, 2, lines);
    assert_int_equal(n, 2);
    const char *at = label;
    for (int i = 0; i < n; i++) {
        assert_true(chart_text_width(cr, lines[i]) <= width);
        char body[CHART_WRAP_LEN];
        memcpy(body, lines[i], sizeof body);
        size_t len = strlen(body);
        const char *ell = "\u2026";
        if (i == n - 1) {                      /* shortened: it says so */
            assert_true(len > strlen(ell) && !strcmp(body + len - strlen(ell), ell));
            body[len - strlen(ell)] = 0;
        }
        while (*at == ' ') at++;
        assert_memory_equal(at, body, strlen(body)); /* the label's own words, in order */
        at += strlen(body);
        assert_true(*at == ' ');                 /* ends at a word boundary, never mid-word */
    }
    assert_true(!strncmp(lines[0], "Mar 2026: Presumption", 21));
    /* enough lines: the whole label, nothing dropped */
    n = chart_wrap(cr, label, width, 5, lines);
    char joined[400] = "";
    for (int i = 0; i < n; i++) {
        assert_true(chart_text_width(cr, lines[i]) <= width);
        strcat(joined, i ? " " : "");
        strcat(joined, lines[i]);
    }
    assert_true(n >= 3 && n < 5);
    assert_string_equal(joined, label);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
}

/* A title too long even at the smallest size drops its bracketed asides
 * before anything is shortened, so the finding at its end stays whole; a
 * title that fits keeps them; one with no aside is shortened at a word. */
static void a_long_title_drops_its_asides_first(void **state)
{
    (void)state;
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 100, 100);
    cairo_t *cr = cairo_create(sf);
    char out[CHART_WRAP_LEN];
    const char *full = "Presumption to suspend sentences of 12 months or less (Sentencing Act 2026 s.1) adds about 3,900 "
                       "people to probation by Jun 2035";
    chart_title_fit(cr, full, 1520, out);
    assert_string_equal(out, "Presumption to suspend sentences of 12 months or less adds about 3,900 people to probation by Jun 2035");
    assert_true(chart_text_width(cr, out) <= 1520);
    chart_title_fit(cr, "Orders end (ss.36-39) adds 3 people", 1520, out);
    assert_string_equal(out, "Orders end (ss.36-39) adds 3 people");
    /* nested asides go whole; an unclosed bracket stays */
    chart_title_fit(cr, "A (b (c) d) e (f", 40, out);
    assert_true(!strncmp(out, "A", 1) && !strstr(out, "(b") && !strstr(out, "d)"));
    chart_title_fit(cr, "A (b (c) d) e (f", 2000, out);
    assert_string_equal(out, "A (b (c) d) e (f");
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
}

/* The caseload title tells the turn when the path dips or peaks by more
 * than 2% of the start beyond both ends, and only the ends otherwise.
 * Medians from 240,000 (Jun 2025) down to 225,000 at month 12 (Jun 2026)
 * and back to 241,000 at month 120 (Jun 2035): a dip of 15,000 > 4,800,
 * the end within 1% (2,400) of the start. */
static void the_caseload_title_tells_a_dip_and_the_end(void **state)
{
    (void)state;
    enum { N = 121 };
    double v[N];
    for (int k = 0; k < N; k++)
        v[k] = k <= 12 ? 240000 - 15000.0 * k / 12 : 225000 + 16000.0 * (k - 12) / (N - 1 - 12);
    char buf[256];
    plots_caseload_title(buf, sizeof buf, v, N, 2025 * 12 + 5);
    assert_string_equal(buf, "Probation caseload falls to about 225,000 by Jun 2026, then is back near 241,000 by Jun 2035");
    /* a peak that ends lower: up 10,000 to 250,000 at month 6, down to 230,000 */
    for (int k = 0; k < N; k++) v[k] = k <= 6 ? 240000 + 10000.0 * k / 6 : 250000 - 20000.0 * (k - 6) / (N - 1 - 6);
    plots_caseload_title(buf, sizeof buf, v, N, 2025 * 12 + 5);
    assert_string_equal(buf, "Probation caseload rises to about 250,000 by Dec 2025, then falls to about 230,000 by Jun 2035");
    /* a dip of 4,000 (under 2% of 240,000 beyond the lower end): the ends only */
    for (int k = 0; k < N; k++) v[k] = k == 30 ? 236000 : 240000 + 5000.0 * k / (N - 1);
    plots_caseload_title(buf, sizeof buf, v, N, 2025 * 12 + 5);
    assert_string_equal(buf, "Probation caseload rises to about 245,000 by Jun 2035");
    /* flat: stays near */
    for (int k = 0; k < N; k++) v[k] = 240000 + (k % 2 ? 1000 : -1000);
    plots_caseload_title(buf, sizeof buf, v, N, 2025 * 12 + 5);
    assert_string_equal(buf, "Probation caseload stays near 239,000 by Jun 2035");
}

/* A run chart's subtitle leads with the scenario's name only when the whole
 * line fits the width at the smallest subtitle size (20 px); with a long
 * name it says what is measured, whole.  Checked for the three measures
 * and every shipped scenario's name: whatever is chosen fits. */
static void subtitles_fit_or_drop_the_name(void **state)
{
    (void)state;
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
    cairo_t *cr = cairo_create(sf);
    static const char *const what[] = {
        "People under probation supervision in England and Wales at each month end, each person counted once",
        "Case-holding FTE needed for the projected workload and FTE available, England and Wales; median of 100 replications",
        "Workload as % of the capacity of staff available (WMT style); median and 90% interval of 100 replications",
    };
    static const char *const names[] = { "Current law (Sentencing Act 2026)", "Without the Sentencing Act 2026",
                                         "Presumption to suspend sentences of 12 months or less (Sentencing Act 2026 s.1)",
                                         "Contracted hours only, paid overtime, fewer lower-tier contacts" };
    char buf[400];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        for (int w = 0; w < 3; w++) {
            pmeta_t m = { .scenario = (char *)names[i] };
            plots_sub_named(cr, buf, sizeof buf, &m, what[w]);
            chart_font(cr, 20, 0);
            assert_true(chart_text_width(cr, buf) <= CHART_W - 80);
            /* the measure is always there whole, after the name or alone */
            const char *tail = strcmp(buf, what[w]) ? strstr(buf, ": ") : buf;
            assert_non_null(tail);
            if (tail != buf) assert_string_equal(tail + 3, what[w] + 1);
        }
    /* the baseline's name leads its caseload subtitle; the presumption's
     * full name is too long to */
    pmeta_t m = { .scenario = (char *)names[0] };
    plots_sub_named(cr, buf, sizeof buf, &m, what[0]);
    assert_string_equal(buf, "Current law (Sentencing Act 2026): people under probation supervision in England and Wales at each "
                             "month end, each person counted once");
    m.scenario = (char *)names[2];
    plots_sub_named(cr, buf, sizeof buf, &m, what[0]);
    assert_string_equal(buf, what[0]);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
}

static void formats_parse(void **state)
{
    (void)state;
    assert_int_equal(plots_parse_formats("png"), PLOT_PNG);
    assert_int_equal(plots_parse_formats("png,pdf"), PLOT_PNG | PLOT_PDF);
    assert_int_equal(plots_parse_formats("svg,pdf,png"), PLOT_PNG | PLOT_PDF | PLOT_SVG);
    assert_int_equal(plots_parse_formats("gif"), -1);
    assert_int_equal(plots_parse_formats(""), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ticks_on_1_2_5_steps),
        cmocka_unit_test(ticks_for_inf_nan_and_absurd_ranges),
        cmocka_unit_test(month_labels_before_year_zero),
        cmocka_unit_test(text_that_is_not_utf8_still_draws),
        cmocka_unit_test(numbers_have_thousands_separators),
        cmocka_unit_test(constant_series_draws_at_the_expected_row),
        cmocka_unit_test(every_lever_is_kept_for_the_charts),
        cmocka_unit_test(rerender_from_csv_gives_the_same_png),
        cmocka_unit_test(pdf_keeps_text_as_text),
        cmocka_unit_test(a_chart_draws_only_the_series_it_has),
        cmocka_unit_test(chart_bytes_do_not_depend_on_the_formats_asked_for),
        cmocka_unit_test(the_caseload_title_tells_a_dip_and_the_end),
        cmocka_unit_test(a_long_title_drops_its_asides_first),
        cmocka_unit_test(subtitles_fit_or_drop_the_name),
        cmocka_unit_test(formats_parse),
        cmocka_unit_test(long_labels_wrap_or_shorten_at_words),
    };
    return cmocka_run_group_tests_name("plots", tests, NULL, NULL);
}
