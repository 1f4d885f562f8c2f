/* test_regions_charts.c: the charts of a run divided into regions
 * (regions_charts.h), from a hand-built table of four regions: which
 * regions and labels (run.yaml's, else the name), the gap's ranking, the
 * map's bins and tiles, the alt texts' sentences, and the labels' round
 * trip through run.yaml. */
#include "testutil.h"

#include <math.h>
#include <sys/stat.h>

#include "plots.h"
#include "regions_charts.h"
#include "results.h"
#include "runner.h"
#include "table.h"

#define JUN2025 (2025 * 12 + 5)

/* Series s of t: name; mean and median v, 5th and 95th percentiles lo and
 * hi, the same every month. */
static void put(ptable_t *t, int s, const char *name, double lo, double v, double hi)
{
    t->name[s] = strdup(name);
    for (int k = 0; k < t->nmonth; k++) {
        ptable_row(t, s, ST_MEAN)[k] = v;
        ptable_row(t, s, ST_P5)[k] = lo;
        ptable_row(t, s, ST_P50)[k] = v;
        ptable_row(t, s, ST_P95)[k] = hi;
    }
}

/* Four regions in the table's order london, my_own_patch, north_east,
 * wales, plus a national series the region charts ignore.  Capacity:
 * London 127.03%, my own patch 96.2%, North East 113.41%, Wales 109.6%
 * (printed 109.6%, not 110%: near a bin's edge a decimal shows).  Gap:
 * London 290.62 FTE, North East and my own patch 46.37 (a tie), Wales -23.4
 * (spare). */
static ptable_t *four(int nmonth)
{
    ptable_t *t = ptable_create(JUN2025, nmonth, 9);
    put(t, 0, "region.london.staff.capacity_pct.total", 120.95, 127.03, 129.69);
    put(t, 1, "region.london.staff.gap_fte.total", 223.89, 290.62, 317.37);
    put(t, 2, "region.my_own_patch.staff.capacity_pct.total", 93.1, 96.2, 99.8);
    put(t, 3, "region.my_own_patch.staff.gap_fte.total", 40.02, 46.37, 52.9);
    put(t, 4, "region.north_east.staff.capacity_pct.total", 109.97, 113.41, 117.04);
    put(t, 5, "region.north_east.staff.gap_fte.total", 34.57, 46.37, 58.11);
    put(t, 6, "region.wales.staff.capacity_pct.total", 103.32, 109.6, 113.05);
    put(t, 7, "region.wales.staff.gap_fte.total", -41.2, -23.4, -5.6);
    put(t, 8, "staff.capacity_pct.total", 110.1, 115.5, 120.2);
    return t;
}

/* run.yaml's regions: three of the table's with labels, and one the table
 * does not have. */
static pmeta_t *meta(long reps)
{
    pmeta_t *m = calloc(1, sizeof *m);
    m->scenario = strdup("hand-built");
    m->replications = reps;
    m->seed = 11;
    snprintf(m->made, sizeof m->made, "2026-01-02");
    m->policy_month = -1;
    m->assumptions = 0;
    static const char *const nm[] = { "north_east", "london", "gone", "wales" }, *const lab[] = { "North East", "London", "Gone", "Wales" };
    for (int i = 0; i < 4; i++) {
        m->region_name[i] = strdup(nm[i]);
        m->region_label[i] = strdup(lab[i]);
    }
    m->nregion = 4;
    return m;
}

/* What alt(f, t, m) writes. */
static char *alt_of(void (*alt)(FILE *, const ptable_t *, const pmeta_t *), const ptable_t *t, const pmeta_t *m)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    alt(f, t, m);
    fclose(f);
    return buf;
}

static void assert_has(const char *text, const char *want)
{
    if (!strstr(text, want)) fail_msg("expected\n  %s\nin\n  %s", want, text);
}

static void regions_in_run_yaml_order_with_labels_else_the_name(void **state)
{
    (void)state;
    ptable_t *t = four(37);
    pmeta_t *m = meta(30);
    rcharts_regions_t g;
    /* run.yaml's order; 'gone' has no series; my_own_patch is the table's own */
    assert_int_equal(rcharts_regions(t, m, &g), 4);
    static const char *const want[] = { "North East", "London", "Wales", "My own patch" };
    for (int r = 0; r < 4; r++) assert_string_equal(g.label[r], want[r]);
    assert_string_equal(g.name[3], "my_own_patch");
    assert_int_equal(g.cap[0], 4);
    assert_int_equal(g.gap[3], 3);
    assert_int_equal(g.more, 0);
    /* an old run.yaml without regions: the table's order, names as words */
    pmeta_t old = { .scenario = "old", .replications = 30, .policy_month = -1 };
    assert_int_equal(rcharts_regions(t, &old, &g), 4);
    static const char *const fallback[] = { "London", "My own patch", "North east", "Wales" };
    for (int r = 0; r < 4; r++) assert_string_equal(g.label[r], fallback[r]);
    /* the charts are there only with region series */
    assert_true(rcharts_has_capacity(t) && rcharts_has_gap(t));
    ptable_t *plain = ptable_create(JUN2025, 3, 1);
    put(plain, 0, "staff.capacity_pct.total", 100, 101, 102);
    assert_false(rcharts_has_capacity(plain) || rcharts_has_gap(plain));
    ptable_free(plain);
    pmeta_free(m);
    ptable_free(t);
}

static void the_gap_is_ranked_largest_shortage_first(void **state)
{
    (void)state;
    ptable_t *t = four(37);
    pmeta_t *m = meta(30);
    rcharts_regions_t g;
    rcharts_regions(t, m, &g);
    int order[RCHARTS_MAX];
    assert_int_equal(rcharts_month(t), 24);
    assert_int_equal(rcharts_rank(t, &g, 24, order), 4);
    /* London, then the tie in region order (North East before my own patch), Wales spare last */
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 0);
    assert_int_equal(order[2], 3);
    assert_int_equal(order[3], 2);
    char *alt = alt_of(rcharts_alt_gap, t, m);
    assert_has(alt, "in Jun 2027, 24 months after the start (the median, with the 90% interval as whiskers, of 30 replications, scenario hand-built)");
    assert_has(alt, "Ranked from the largest shortage: London 291 FTE short (90% interval 224 to 317); North East 46 FTE short "
                    "(90% interval 35 to 58); My own patch 46 FTE short (90% interval 40 to 53); Wales 23 FTE spare (90% interval -41 to -6). "
                    "3 of 4 regions are short of staff. The largest gap is in London (291 FTE short), the smallest in Wales (23 FTE spare). ");
    assert_has(alt, "far enough ahead that staff recruited now could be qualified");
    free(alt);
    /* a region without a value at that month comes last, and is named */
    for (int k = 0; k < t->nmonth; k++) ptable_row(t, 1, ST_P50)[k] = NAN;
    assert_int_equal(rcharts_rank(t, &g, 24, order), 3);
    assert_int_equal(order[3], 1);
    alt = alt_of(rcharts_alt_gap, t, m);
    assert_has(alt, "Ranked from the largest shortage: North East 46 FTE short");
    assert_has(alt, "No gap for London. ");
    free(alt);
    pmeta_free(m);
    ptable_free(t);
}

static void the_map_bins_by_capacity_and_places_the_tiles(void **state)
{
    (void)state;
    assert_int_equal(rcharts_bin(99.99), 0);
    assert_int_equal(rcharts_bin(100), 1);
    assert_int_equal(rcharts_bin(110), 1); /* at 110%, not over it */
    assert_int_equal(rcharts_bin(110.01), 2);
    assert_int_equal(rcharts_bin(120), 2);
    assert_int_equal(rcharts_bin(120.01), 3);
    assert_int_equal(rcharts_bin(NAN), -1);
    ptable_t *t = four(37);
    pmeta_t *m = meta(30);
    rcharts_regions_t g;
    rcharts_regions(t, m, &g);
    static const int bins[] = { 2, 3, 1, 0 }; /* North East, London, Wales, my own patch */
    for (int r = 0; r < 4; r++) assert_int_equal(rcharts_bin(ptable_row(t, g.cap[r], ST_P50)[24]), bins[r]);
    /* my own patch is not one of the twelve: a plain 2 x 2 grid in order */
    int col[RCHARTS_MAX], row[RCHARTS_MAX], nc, nr;
    assert_int_equal(rcharts_tiles(&g, col, row, &nc, &nr), 0);
    assert_int_equal(nc, 2);
    assert_int_equal(nr, 2);
    assert_int_equal(col[3], 1);
    assert_int_equal(row[3], 1);
    /* without it, the three known regions where they are */
    g.n = 3;
    assert_int_equal(rcharts_tiles(&g, col, row, &nc, &nr), 1);
    assert_int_equal(nc, 4);
    assert_int_equal(col[0], 2); /* North East above Yorkshire */
    assert_int_equal(row[0], 0);
    assert_int_equal(col[1], 2); /* London on the bottom row */
    assert_int_equal(row[1], 3);
    assert_int_equal(col[2], 0); /* Wales on the west */
    assert_int_equal(row[2], 2);
    char *alt = alt_of(rcharts_alt_map, t, m);
    assert_has(alt, "Tile map of 4 probation regions in a grid in the scenario's order");
    assert_has(alt, "Over 120%: London (127%). Over 110% to 120%: North East (113%). 100% to 110%: Wales (109.6%). "
                    "Under 100%: My own patch (96%). ");
    free(alt);
    pmeta_free(m);
    ptable_free(t);
}

static void alt_texts_name_the_regions_over_110_and_the_month(void **state)
{
    (void)state;
    static const char over[] =
        "In Jun 2027, 24 months after the start, 2 of 4 regions are over 110% of capacity: London at 127% (17 points over) "
        "and North East at 113% (3 points over). The highest is London at 127%, the lowest My own patch at 96%. ";
    ptable_t *t = four(37);
    pmeta_t *m = meta(30);
    void (*alts[])(FILE *, const ptable_t *, const pmeta_t *) = { rcharts_alt_capacity, rcharts_alt_gap, rcharts_alt_map };
    for (int i = 0; i < 3; i++) {
        char *alt = alt_of(alts[i], t, m);
        assert_has(alt, over);
        free(alt);
    }
    m->nlever = 1; /* a lever from 1 Apr 2026: a grey line in every panel */
    m->lever_month[0] = 2026 * 12 + 3;
    m->lever_label[0] = strdup("Volumes change");
    char *alt = alt_of(rcharts_alt_capacity, t, m);
    assert_has(alt, "excessive-workload threshold; scenario hand-built. A grey line marks the policy change from Apr 2026. ");
    assert_has(alt, "Regions over 110%: 2 at the start (Jun 2025), 2 in Jun 2027, 2 at the end (Jun 2028). ");
    assert_has(alt, "Each region at the start, in Jun 2027 and at the end: North East 113%, 113%, 113%; London 127%, 127%, 127%; "
                    "Wales 109.6%, 109.6%, 109.6%; My own patch 96%, 96%, 96%. ");
    free(alt);
    /* just over the line: a decimal, so it does not read as 110% */
    for (int k = 0; k < t->nmonth; k++) ptable_row(t, 4, ST_P50)[k] = 110.3;
    alt = alt_of(rcharts_alt_map, t, m);
    assert_has(alt, "2 of 4 regions are over 110% of capacity: London at 127% (17 points over) and North East at 110.3% (0.3 points over). ");
    free(alt);
    ptable_free(t);
    /* a horizon before two years: the chart shows the last month, and says so */
    t = four(19);
    assert_int_equal(rcharts_month(t), 18);
    alt = alt_of(rcharts_alt_gap, t, m);
    assert_has(alt, "in Dec 2026, the horizon (18 months after the start)");
    assert_has(alt, "The projection ends before two years after the start, so the chart shows its last month. ");
    assert_has(alt, "In Dec 2026, the horizon (18 months after the start), 2 of 4 regions are over 110% of capacity: London at 127%");
    free(alt);
    /* fewer than 20 replications: no interval is claimed */
    m->replications = 7;
    alt = alt_of(rcharts_alt_gap, t, m);
    assert_has(alt, "(the median of 7 replications, scenario hand-built)");
    assert_has(alt, "London 291 FTE short; North East 46 FTE short;");
    free(alt);
    pmeta_free(m);
    ptable_free(t);
}

/* The charts render for 1 to 64 regions, with the national ones only when
 * there are national series. */
static void the_charts_render_from_one_to_64_regions(void **state)
{
    (void)state;
    errlist_t e;
    errlist_init(&e);
    for (int n = 1; n <= 64; n += 63) {
        ptable_t *t = ptable_create(JUN2025, 121, 2 * n);
        for (int r = 0; r < n; r++) {
            char a[80];
            snprintf(a, sizeof a, "region.r%d.staff.capacity_pct.total", r);
            put(t, 2 * r, a, 90 + r, 100 + r, 110 + r);
            snprintf(a, sizeof a, "region.r%d.staff.gap_fte.total", r);
            put(t, 2 * r + 1, a, -50.5 + r, 10.25 * r - 300, 40 + 12 * r);
        }
        pmeta_t m = { .scenario = "many", .replications = 30, .seed = 1, .made = "2026-01-02", .policy_month = -1, .assumptions = 0 };
        char dir[] = "/tmp/caseflow-rcharts-XXXXXX", p[256];
        assert_non_null(mkdtemp(dir));
        assert_int_equal(plots_render(plots_run, t, &m, dir, PLOT_PNG, &e), 0);
        static const char *const made[] = { "regions_capacity", "regions_gap", "regions_map" };
        struct stat st;
        for (int i = 0; i < 3; i++) {
            snprintf(p, sizeof p, "%s/%s.png", dir, made[i]);
            assert_int_equal(stat(p, &st), 0);
            assert_true(st.st_size > 20000);
        }
        snprintf(p, sizeof p, "%s/caseload.png", dir);
        assert_int_equal(stat(p, &st), -1);
        snprintf(p, sizeof p, "%s/regions_map.txt", dir);
        char *alt = slurp(p, NULL);
        /* r0 to r9 at 100% to 109%, r10 at 110%, from r11 over */
        if (n == 64) assert_has(alt, "In Jun 2027, 24 months after the start, 53 of 64 regions are over 110% of capacity: R63 at 163% (53 points over)");
        else assert_has(alt, "no region is over 110% of capacity. R0 is at 100%. ");
        free(alt);
        snprintf(p, sizeof p, "%s/regions_gap.txt", dir);
        alt = slurp(p, NULL);
        if (n == 1) assert_has(alt, "Ranked from the largest shortage: R0 300 FTE spare (90% interval -50 to 40). 0 of 1 region is short of staff. ");
        free(alt);
        char *cmd = fmt("rm -rf %s", dir);
        assert_int_equal(system(cmd), 0);
        free(cmd);
        ptable_free(t);
    }
    errlist_clear(&e);
}

/* Labels go into run.yaml from the scenario and come back; bad ones are
 * errors at their line and column. */
static void labels_round_trip_through_run_yaml(void **state)
{
    (void)state;
    char base[2100];
    repo_path(base, sizeof base, "scenarios/pre-act.yaml");
    char *y = fmt("extends: %s\nhorizon_months: 12\nregions:\n"
                  "  - {name: kent_surrey_sussex, label: \"Kent, Surrey and Sussex\", share: 0.6}\n"
                  "  - {name: wales, label: \"Cymru \\\"Wales\\\"\", share: 0.3}\n"
                  "  - {name: no_label, share: 0.1}\n", base);
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = load_text(y, &e);
    free(y);
    errlist_print(&e, stderr);
    assert_non_null(s);
    pmeta_t *m = pmeta_from_scenario(s, 4, 3, "2026-01-02");
    assert_int_equal(m->nregion, 3);
    assert_string_equal(m->region_label[1], "Cymru \"Wales\"");
    assert_string_equal(m->region_label[2], "no_label"); /* a region's label is its name when not given */
    /* a run of it, its charts, then `caseflow plot`'s redraw from
     * series.csv and run.yaml: the labels come back, and the same bytes */
    layout_t *l = layout_create(s);
    results_t *r = results_create(s, l, 3);
    assert_int_equal(runner_run(r, 5, 2, 0, &e), 0);
    char a[] = "/tmp/caseflow-rcharts-y-XXXXXX", b[] = "/tmp/caseflow-rcharts-z-XXXXXX", p[256], q[256];
    assert_non_null(mkdtemp(a));
    assert_non_null(mkdtemp(b));
    ptable_t *t = ptable_from_results(r);
    assert_int_equal(out_write(a, "run.yaml", pmeta_write, m, &e), 0);
    assert_int_equal(out_write(a, "series.csv", results_write_series, r, &e), 0);
    assert_int_equal(plots_render(plots_run, t, m, a, PLOT_PNG, &e), 0);
    snprintf(p, sizeof p, "%s/run.yaml", a);
    snprintf(q, sizeof q, "%s/series.csv", a);
    pmeta_t *m2 = pmeta_read(p, &e);
    ptable_t *t2 = ptable_read_csv(q, &e);
    errlist_print(&e, stderr);
    assert_non_null(m2);
    assert_non_null(t2);
    assert_int_equal(m2->nregion, 3);
    for (int i = 0; i < 3; i++) {
        assert_string_equal(m2->region_name[i], m->region_name[i]);
        assert_string_equal(m2->region_label[i], m->region_label[i]);
    }
    assert_int_equal(plots_render(plots_run, t2, m2, b, PLOT_PNG, &e), 0);
    static const char *const charts[] = { "regions_capacity", "regions_gap", "regions_map" };
    for (int i = 0; i < 3; i++) {
        char pa[256], pb[256];
        size_t na, nb;
        snprintf(pa, sizeof pa, "%s/%s.png", a, charts[i]);
        snprintf(pb, sizeof pb, "%s/%s.png", b, charts[i]);
        char *x = slurp(pa, &na), *z = slurp(pb, &nb);
        assert_true(na > 20000);
        assert_int_equal(na, nb);
        assert_memory_equal(x, z, na);
        free(x);
        free(z);
    }
    /* the labels reach the alt text: 12 months is the horizon here */
    snprintf(q, sizeof q, "%s/regions_gap.txt", b);
    char *alt = slurp(q, NULL);
    assert_has(alt, "Kent, Surrey and Sussex ");
    assert_has(alt, "Cymru \"Wales\" ");
    assert_has(alt, "in Jun 2026, the horizon (12 months after the start)");
    free(alt);
    char *cmd = fmt("rm -rf %s; find %s -type f ! -name run.yaml -delete", b, a);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    ptable_free(t);
    ptable_free(t2);
    pmeta_free(m2);
    results_free(r);
    layout_free(l);
    /* bad regions in run.yaml: each an error where it is */
    static const char *const bad[][2] = {
        { "regions:\n  - {name: \"lon don\", label: London}\n", ":6:12: name 'lon don' has the character ' '" },
        { "regions:\n  - {name: wales, label: Wales}\n  - {name: wales, label: Cymru}\n", ":7:12: region 'wales' is listed twice" },
        { "regions:\n  - {name: wales, lable: Wales}\n", ":6:19: unknown key 'lable' (did you mean 'label'?)" },
        { "regions:\n  - {name: wales, label: \"\"}\n", ":6:26: label is empty (expected 1 to 64 bytes" },
        { "regions: []\n", ":5:10: 0 regions (expected 1 to 64)" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FILE *f = fopen(p, "w");
        fprintf(f, "scenario: \"x\"\nreplications: 3\nseed: 1\nmade: \"2026-01-02\"\n%s", bad[i][0]);
        fclose(f);
        errlist_clear(&e);
        errlist_init(&e);
        assert_null(pmeta_read(p, &e));
        int found = 0;
        for (int j = 0; j < e.count; j++) found |= strstr(e.msg[j], bad[i][1]) != NULL;
        if (!found) fail_msg("case %zu: %s (expected %s)", i, e.count ? e.msg[0] : "no message", bad[i][1]);
    }
    unlink(p);
    rmdir(a);
    pmeta_free(m);
    scenario_free(s);
    errlist_clear(&e);
}

/* A table with both a region's staff short and its net gap (a run's, since
 * staff.short_fte): the chart ranks the staff short, and says so.  Wales's
 * net gap is 23.4 spare, but it is 40 probation officers short: its bar is
 * the 40.  A table with the net gap only (an older run) still draws it, as
 * a gap. */
static void the_staff_short_is_drawn_when_the_table_has_it(void **state)
{
    (void)state;
    ptable_t *t = ptable_create(JUN2025, 37, 4);
    put(t, 0, "region.wales.staff.gap_fte.total", -41.2, -23.4, -5.6);
    put(t, 1, "region.wales.staff.short_fte.total", 30.6, 40.2, 51.9);
    put(t, 2, "region.london.staff.short_fte.total", 223.89, 290.62, 317.37);
    put(t, 3, "region.london.staff.gap_fte.total", 200.1, 260.3, 290.9);
    pmeta_t *m = meta(30);
    rcharts_regions_t g;
    assert_int_equal(rcharts_regions(t, m, &g), 2);
    assert_int_equal(g.net, 0);
    assert_int_equal(g.gap[0], 2); /* London (run.yaml's order): its staff short, not its gap */
    assert_int_equal(g.gap[1], 1); /* Wales */
    char *alt = alt_of(rcharts_alt_gap, t, m);
    assert_has(alt, "Horizontal bar chart of the staff short by probation region: case-holding staff of each grade needed beyond those available");
    assert_has(alt, "Ranked from the largest shortage: London 291 FTE short (90% interval 224 to 317); Wales 40 FTE short (90% interval 31 to 52). "
                    "2 of 2 regions are short of staff. The largest shortfall is in London (291 FTE short), the smallest in Wales (40 FTE short). ");
    free(alt);
    ptable_t *old = four(37);
    assert_int_equal(rcharts_regions(old, m, &g), 4);
    assert_int_equal(g.net, 1);
    alt = alt_of(rcharts_alt_gap, old, m);
    assert_has(alt, "Horizontal bar chart of the staff gap by probation region, case-holding staff needed minus available");
    free(alt);
    ptable_free(old);
    pmeta_free(m);
    ptable_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regions_in_run_yaml_order_with_labels_else_the_name),
        cmocka_unit_test(the_gap_is_ranked_largest_shortage_first),
        cmocka_unit_test(the_staff_short_is_drawn_when_the_table_has_it),
        cmocka_unit_test(the_map_bins_by_capacity_and_places_the_tiles),
        cmocka_unit_test(alt_texts_name_the_regions_over_110_and_the_month),
        cmocka_unit_test(the_charts_render_from_one_to_64_regions),
        cmocka_unit_test(labels_round_trip_through_run_yaml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
