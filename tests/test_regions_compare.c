/* test_regions_compare.c: the regional chart of a comparison
 * (regions_compare.h), from a hand-built view of three regions and two
 * options: the ranking (ties in region order, no value last), which
 * regions an option moves across 110%, the alt text's sentences, the
 * labels written to compare.yaml (test_brief.c runs the command: the page
 * of a brief with regions, none without). */
#include "testutil.h"

#include <math.h>

#include "compare_charts.h"
#include "cview.h"
#include "regions_compare.h"

#define JUN2025 (2025 * 12 + 5)

/* Row q of t: median v, 5th and 95th percentiles lo and hi, every month. */
static void put(ptable_t *t, int q, double lo, double v, double hi)
{
    for (int k = 0; k < t->nmonth; k++) {
        ptable_row(t, q, ST_MEAN)[k] = v;
        ptable_row(t, q, ST_P5)[k] = lo;
        ptable_row(t, q, ST_P50)[k] = v;
        ptable_row(t, q, ST_P95)[k] = hi;
    }
}

static ptable_t *region_table(const cview_t *v)
{
    ptable_t *t = ptable_create(v->start, v->horizon + 1, 2 * v->nreg);
    for (int r = 0; r < v->nreg; r++) {
        t->name[CV_RCASE(r)] = fmt("region.%s.caseload.total", v->rname[r]);
        t->name[CV_RCAP(r)] = fmt("region.%s.staff.capacity_pct.total", v->rname[r]);
    }
    return t;
}

/* Base, "More orders" (first lever Sep 2025: read 24 months on, at row 26,
 * Aug 2027) and "Fewer licences" (no lever of its own: read at the
 * horizon, row 30, Dec 2027); regions London, North East, Wales.
 * Changes in caseload: More orders London +412.6 (301.2 to 530.9), North
 * East -412.6 (a tie in size: London first), Wales +57.3; Fewer licences
 * London -20.4, North East none, Wales -88.1.  Capacity %: base London
 * 127.03, North East 109.6, Wales 111.2; More orders 131.4, 113.41 (North
 * East taken over 110%), 111.9; Fewer licences 126.5, none, 108.35 (Wales
 * brought under). */
static cview_t *hand(int nopt)
{
    cview_t *v = calloc(1, sizeof *v);
    v->n = 1 + nopt;
    v->start = JUN2025;
    v->horizon = 30;
    v->nrep = 20;
    v->seed = 11;
    snprintf(v->made, sizeof v->made, "2026-01-02");
    v->money = 1;
    v->assumptions = 0;
    static const char *const stem[] = { "base", "more-orders", "fewer-licences" },
                             *const name[] = { "Base case", "More orders", "Fewer licences" };
    v->stem = calloc(3, sizeof *v->stem);
    v->name = calloc(3, sizeof *v->name);
    v->label = calloc(3, sizeof *v->label);
    v->lever = calloc(3, sizeof *v->lever);
    v->whole = calloc(3, sizeof *v->whole);
    v->lev = calloc(3, sizeof *v->lev);
    v->diff = calloc(3, sizeof *v->diff);
    v->rlev = calloc(3, sizeof *v->rlev);
    v->rdiff = calloc(3, sizeof *v->rdiff);
    for (int i = 0; i < v->n; i++) {
        v->stem[i] = strdup(stem[i]);
        v->name[i] = strdup(name[i]);
        v->label[i] = strdup(name[i]);
    }
    v->lever[0] = v->lever[2] = -1;
    v->lever[1] = JUN2025 + 3;
    for (int i = 0; i < 3; i++) v->whole[i] = v->lever[i]; /* levers from the 1st */
    static const char *const rn[] = { "london", "north_east", "wales" }, *const rl[] = { "London", "North East", "Wales" };
    v->nreg = 3;
    for (int r = 0; r < 3; r++) {
        v->rname[r] = strdup(rn[r]);
        v->rlabel[r] = strdup(rl[r]);
    }
    for (int i = 0; i < v->n; i++) {
        v->rlev[i] = region_table(v);
        if (i) v->rdiff[i] = region_table(v);
    }
    static const double cap[3][3] = { { 127.03, 109.6, 111.2 }, { 131.4, 113.41, 111.9 }, { 126.5, NAN, 108.35 } };
    static const double chg[3][3][3] = { { { 0 } },
                                         { { 301.2, 412.6, 530.9 }, { -520.3, -412.6, -300.1 }, { 12.5, 57.3, 99.9 } },
                                         { { -40.2, -20.4, -1.1 }, { NAN, NAN, NAN }, { -130.6, -88.1, -50.4 } } };
    for (int i = 0; i < v->n; i++)
        for (int r = 0; r < 3; r++) {
            put(v->rlev[i], CV_RCASE(r), 1000, 1000, 1000);
            put(v->rlev[i], CV_RCAP(r), cap[i][r], cap[i][r], cap[i][r]);
            if (i) put(v->rdiff[i], CV_RCASE(r), chg[i][r][0], chg[i][r][1], chg[i][r][2]);
        }
    return v;
}

static char *alt_of(const cview_t *v)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    rcompare_alt(f, v);
    fclose(f);
    return buf;
}

static void has(const char *text, const char *want)
{
    if (!strstr(text, want)) fail_msg("lacks '%s' in:\n%s", want, text);
}

static void ranking(void **state)
{
    (void)state;
    cview_t *v = hand(2);
    assert_true(rcompare_has(v));
    assert_int_equal(cview_finding_row(v, 1), 26);
    assert_int_equal(cview_finding_row(v, 2), 30);
    int o[PMETA_REGIONS];
    /* a tie in size (412.6 either way): region order */
    assert_int_equal(rcompare_rank(v, 1, o), 3);
    assert_int_equal(o[0], 0);
    assert_int_equal(o[1], 1);
    assert_int_equal(o[2], 2);
    /* North East has no value: last, not counted */
    assert_int_equal(rcompare_rank(v, 2, o), 2);
    assert_int_equal(o[0], 2);
    assert_int_equal(o[1], 0);
    assert_int_equal(o[2], 1);
    /* all options: the largest change any makes (London 412.6, North East
     * 412.6, Wales 88.1) */
    assert_int_equal(rcompare_rank(v, 0, o), 3);
    assert_int_equal(o[0], 0);
    assert_int_equal(o[1], 1);
    assert_int_equal(o[2], 2);
    /* across 110%: over, under, neither, no value */
    assert_int_equal(rcompare_cross(v, 1, 1), 1);
    assert_int_equal(rcompare_cross(v, 1, 0), 0);
    assert_int_equal(rcompare_cross(v, 1, 2), 0);
    assert_int_equal(rcompare_cross(v, 2, 2), -1);
    assert_int_equal(rcompare_cross(v, 2, 1), 0);
    char b[32];
    rcompare_pct(b, sizeof b, 109.6);
    assert_string_equal(b, "109.6%");
    rcompare_pct(b, sizeof b, 110.03);
    assert_string_equal(b, "110.03%");
    rcompare_pct(b, sizeof b, 110);
    assert_string_equal(b, "110%");
    rcompare_pct(b, sizeof b, 113.41);
    assert_string_equal(b, "113%");
    rcompare_pct(b, sizeof b, NAN);
    assert_string_equal(b, "-");
    cview_free(v);
}

static void alt_sentences(void **state)
{
    (void)state;
    cview_t *v = hand(2);
    char *a = alt_of(v);
    has(a, "Horizontal bar chart, one row for each of 3 probation regions, of the change each option makes to the region's "
           "caseload (option minus base Base case, paired replication by replication, the median of 20 replications with the "
           "90% interval as whiskers), ranked by size (the largest change any option makes there); beside it, each region's "
           "workload as a percentage of capacity (median) in the base and with the option, with the 110% line");
    has(a, "More orders (Aug 2027, 24 months after it starts): the largest change in caseload is in London, +413 people "
           "(90% interval +301 to +531); the smallest in Wales, +57. Ranked by size: London +413; North East -413; Wales +57. "
           "It takes over 110% of capacity in Aug 2027: North East (109.6% in the base, 113% with it). It brings under 110% of "
           "capacity in Aug 2027: no region. With it 3 of 3 regions are over 110%, against 2 in the base. ");
    has(a, "Fewer licences (Dec 2027, at the horizon): the largest change in caseload is in Wales, -88 people (90% interval "
           "-131 to -50); the smallest in London, -20. Ranked by size: Wales -88; London -20. No value for North East. It takes over 110% of capacity "
           "in Dec 2027: no region. It brings under 110% of capacity in Dec 2027: Wales (111% in the base, 108% with it). "
           "With it 1 of 3 regions is over 110%, against 2 in the base. ");
    free(a);
    /* too few replications: no interval */
    v->nrep = 2;
    a = alt_of(v);
    if (strstr(a, "90% interval +")) fail_msg("an interval from 2 replications: %s", a);
    has(a, "the median of 2 replications), ranked");
    free(a);
    cview_free(v);
}

/* The chart draws without a Cairo error with one option and with two; a
 * view without regions has none to draw. */
static void draws(void **state)
{
    (void)state;
    for (int nopt = 1; nopt <= 2; nopt++) {
        cview_t *v = hand(nopt);
        cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)CHART_W, (int)CHART_H);
        cairo_t *cr = cairo_create(sf);
        rcompare_draw(cr, v);
        char msg[200];
        assert_int_equal(chart_status(cr, msg, sizeof msg), 0);
        cairo_destroy(cr);
        cairo_surface_destroy(sf);
        char *a = alt_of(v);
        if (nopt == 1 && strstr(a, "the largest change any option")) fail_msg("one option ranked as several: %s", a);
        free(a);
        cview_free(v);
    }
    cview_t *v = hand(1);
    for (int r = 0; r < v->nreg; r++) {
        free(v->rname[r]);
        free(v->rlabel[r]);
    }
    v->nreg = 0;
    assert_false(rcompare_has(v));
    cview_free(v);
}

/* compare.yaml carries the regions' labels, for a redraw from the folder. */
/* difference.png's title said "Probation Reset removes about 7 people from
 * probation by Mar 2028" where the headline said the direction was not
 * settled (interval -71 to +54).  Both options' national differences, the
 * same every month: More orders (read at Aug 2027) -7 (-71 to +54),
 * Fewer licences none. */
static void the_difference_title_says_when_no_change_is_clear(void **state)
{
    (void)state;
    cview_t *v = hand(2);
    for (int i = 1; i < 3; i++) {
        v->diff[i] = ptable_create(v->start, v->horizon + 1, CV_N);
        for (int q = 0; q < CV_N; q++) v->diff[i]->name[q] = fmt("row%d", q);
        put(v->diff[i], CV_TOTAL, 0, 0, 0);
    }
    put(v->diff[1], CV_TOTAL, -71, -7, 54);
    char t[300];
    ccharts_difference_title(v, t, sizeof t);
    assert_string_equal(t, "More orders makes no clear change to the probation caseload by Aug 2027 (90% interval -71 to 54)");
    /* from fewer than 20 replications there is no interval to go by */
    v->nrep = 10;
    ccharts_difference_title(v, t, sizeof t);
    assert_string_equal(t, "More orders removes about 7 people from probation by Aug 2027");
    v->nrep = 20;
    /* an interval clear of zero: the change, rounded to two figures */
    put(v->diff[1], CV_TOTAL, 301.2, 412.6, 530.9);
    ccharts_difference_title(v, t, sizeof t);
    assert_string_equal(t, "More orders adds about 410 people to probation by Aug 2027");
    cview_free(v);
}

static void labels_written(void **state)
{
    (void)state;
    cview_t *v = hand(1);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_int_equal(cview_write(f, v), 0);
    fclose(f);
    has(buf, "regions:  # the series-name word (region.NAME.*) and the label the charts print\n"
             "  - name: \"london\"\n    label: \"London\"\n  - name: \"north_east\"\n    label: \"North East\"\n");
    free(buf);
    cview_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranking),
        cmocka_unit_test(alt_sentences),
        cmocka_unit_test(draws),
        cmocka_unit_test(the_difference_title_says_when_no_change_is_clear),
        cmocka_unit_test(labels_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
