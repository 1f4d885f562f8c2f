/* test_regions.c: a service divided into regions (regions.h): the national
 * series are the regions' sums in every replication, a lever on one region
 * changes only that region and the nation, national counts are shared by
 * share, and bad regions are errors at their line. */
#include "fixture.h"

#include "compare.h"
#include "table.h"
#include "regional.h"
#include "regions.h"
#include "results.h"
#include "rulebook.h"
#include "runner.h"

/* Arrivals, a stock of 1,001 community orders and 10 licences, a workforce
 * (probation officers 100 FTE, PSOs 50), practitioners, and three regions. */
static const char *MORE =
    SMALL_WORKFORCE_POINTS
    "  report_points: {oral: 10, written: 40}\n"
    "  probation_officer_share: {high: 1, low: 0.25}\n"
    "  probation_officer_share_of_other_work: 0.5\n"
    "  other_work:\n"
    "    - {name: admin, per_month: 1000}\n"
    "    - {name: recall_work, per: recalls, points: 5}\n"
    "  probation_officer: {start_fte: 100, points_per_fte: 900, reductions: 0.1, holding_share: 0.8, attrition: 0.1, recruitment: {replace_leavers: true}, annual_cost: 50000}\n"
    "  probation_services_officer: {start_fte: 50, points_per_fte: 1800, reductions: 0.2, holding_share: 1, attrition: 0.2, recruitment: {replace_leavers: true}, annual_cost: 40000}\n"
    "  trainees: {start_fte: 20, intake_per_month: 2, months_to_qualify: 15, capacity_share: [0.2, 0.4, 0.6], attrition: 0.05, annual_cost: 40000}\n"
    "  practitioners:\n"
    "    spread_cv: 0.3\n"
    "    weekly_autocorrelation: 0.8\n"
    "    contracted_hours_per_week: 37\n"
    "    worked_hours_per_week: 42\n"
    "    paid_overtime_hours_per_week: 1\n"
    "    overtime_cost_per_hour: 30\n"
    "    contracted_hours_only: 0\n"
    "    safeguard: {threshold_pct: 110, weeks: 4}\n"
    "    work_types:\n"
    "      - {name: risk, share: 0.6}\n"
    "      - {name: other, share: 0.4}\n"
    "regions:\n"
    "  - {name: north, share: 0.5}\n"
    "  - {name: london, label: London, share: 0.3, volume_share: {short: 0.5}, workforce: {share: 0.25, probation_officer: 20}}\n"
    "  - {name: wales, label: Wales, share: 0.2, volume_share: {short: 0}, workforce: {share: 0.25, probation_officer: 10, probation_services_officer: 5}}\n";

/* The small scenario with volumes and a stock, MORE, then `extra`. */
static char *scen(const char *extra)
{
    char *base = small_scenario(0.03, 0.5, NULL);
    char *a = swap(base, "stock: {community_order: 0}", "stock: {community_order: 1001, licence: 10}");
    char *b = swap(a, "    annual_volume: 0\n    length_months: {dist: fixed, value: 12}", "    annual_volume: 600\n    length_months: {dist: fixed, value: 12}");
    char *c = swap(b, "    annual_volume: 0\n    band_months: [0, 12]", "    annual_volume: 300\n    band_months: [0, 12]");
    char *y = fmt("%s%s%s", c, MORE, extra ? extra : "");
    free(base);
    free(a);
    free(b);
    free(c);
    return y;
}

static results_t *run(scenario_t *s, layout_t **l, int nrep, int jobs)
{
    *l = layout_create(s);
    assert_non_null(*l);
    results_t *r = results_create(s, *l, nrep);
    errlist_t e;
    errlist_init(&e);
    assert_int_equal(runner_run(r, 11, jobs, 0, &e), 0);
    errlist_clear(&e);
    return r;
}

/* Frees the two runs of a paired test. */
static void free_two(results_t *a, results_t *b, layout_t *la, layout_t *lb, scenario_t *sa, scenario_t *sb)
{
    results_free(a);
    results_free(b);
    layout_free(la);
    layout_free(lb);
    scenario_free(sa);
    scenario_free(sb);
}

static double at(const results_t *r, int rep, int j, int k)
{
    return r->v[((size_t)rep * (size_t)r->nmonth + (size_t)j) * (size_t)r->nser + (size_t)k];
}

/* Series computed as ratios nationally (national.c); everything else adds. */
static int is_ratio(const layout_t *l, int i)
{
    const char *n = l->name[i];
    return strstr(n, "_pct") || strstr(n, "cases_per_fte") || strstr(n, "points_per_fte.total") || !strcmp(n, "safeguard.declared");
}

/* --central, set on the national scenario after loading, holds every
 * region's ranges at their central values too: the same numbers as the
 * scenario written with the central value. */
static void central_holds_in_every_region(void **state)
{
    (void)state;
    char *y = scen(NULL);
    char *yr = swap(y, "    annual_volume: 600\n", "    annual_volume: {low: 300, central: 600, high: 900}\n");
    scenario_t *s0 = load_text_ok(y), *s1 = load_text_ok(yr);
    free(y);
    free(yr);
    s1->central = 1;
    layout_t *l0, *l1;
    results_t *a = run(s0, &l0, 2, 2), *b = run(s1, &l1, 2, 1);
    size_t n = (size_t)a->nrep * (size_t)a->nmonth * (size_t)a->nser;
    assert_int_equal(memcmp(a->v, b->v, n * sizeof *a->v), 0);
    /* and without --central the draws move every region */
    s1->central = 0;
    layout_t *l2;
    results_t *c = run(s1, &l2, 2, 1);
    int nb = l0->nbase, moved = 0;
    for (int g = 1; g <= 3; g++) moved += at(a, 0, a->nmonth - 1, nb * g + l0->total) != at(c, 0, c->nmonth - 1, nb * g + l0->total);
    assert_int_equal(moved, 3);
    results_free(a);
    results_free(b);
    results_free(c);
    layout_free(l0);
    layout_free(l1);
    layout_free(l2);
    scenario_free(s0);
    scenario_free(s1);
}

/* A region's own mean order length takes effect there (the length drawn
 * from the file's distribution is scaled by the region's mean over the
 * file's): 36-month orders in north keep more orders running after a year
 * than 12-month ones, and no other region moves. */
static void a_regions_own_length_takes_effect_there_only(void **state)
{
    (void)state;
    char *y = scen(NULL);
    char *yr = swap(y, "{name: north, share: 0.5}", "{name: north, share: 0.5, rates: {disposals.co.length_months.value: 36}}");
    char *y0 = swap(y, "outcomes: {completed: 0, early_termination: 0, revoked: 1}", "outcomes: {completed: 1, early_termination: 0, revoked: 0}");
    char *y1 = swap(yr, "outcomes: {completed: 0, early_termination: 0, revoked: 1}", "outcomes: {completed: 1, early_termination: 0, revoked: 0}");
    scenario_t *s0 = load_text_ok(y0), *s1 = load_text_ok(y1);
    free(y), free(yr), free(y0), free(y1);
    layout_t *l0, *l1;
    results_t *a = run(s0, &l0, 1, 1), *b = run(s1, &l1, 1, 1);
    int nb = l0->nbase, co = l0->sup[SUP_CO];
    /* month 24: every 12-month order started in months 1-12 has completed;
     * the 36-month ones run on */
    assert_true(at(b, 0, 24, nb * 1 + co) > at(a, 0, 24, nb * 1 + co) + 100);
    for (int g = 2; g <= 3; g++)
        for (int i = 0; i < nb; i++) assert_true(at(a, 0, 24, nb * g + i) == at(b, 0, 24, nb * g + i));
    free_two(a, b, l0, l1, s0, s1);
}

/* Largest remainder by hand: 1,001 community orders at 0.5/0.3/0.2 are
 * 500.5, 300.3 and 200.2: 500 + 300 + 200 = 1,000, and the one left goes to
 * the largest fraction (north's 0.5): 501, 300, 200.  Ten licences: 5, 3, 2. */
static void the_stock_is_split_by_share_to_the_person(void **state)
{
    (void)state;
    char *y = scen(NULL);
    scenario_t *s = load_text_ok(y);
    free(y);
    assert_int_equal(s->nregions, 3);
    assert_near(s->regions[0].stock[SUP_CO], 501, 0);
    assert_near(s->regions[1].stock[SUP_CO], 300, 0);
    assert_near(s->regions[2].stock[SUP_CO], 200, 0);
    assert_near(s->regions[0].stock[SUP_LICENCE], 5, 0);
    assert_near(s->regions[1].stock[SUP_LICENCE], 3, 0);
    assert_near(s->regions[2].stock[SUP_LICENCE], 2, 0);
    /* volumes: community orders by share, short custody by its own shares */
    assert_near(s->region_sc[1]->disp[0].volume, 600 * 0.3, 1e-9);
    assert_near(s->region_sc[0]->disp[2].volume, 300 * 0.5, 1e-9);
    assert_near(s->region_sc[2]->disp[2].volume, 0, 0);
    /* staff: London gives 20 POs and Wales 10 POs and 5 PSOs; the rest of
     * the nation's goes to the others by their staff shares: north's POs
     * 100 - 20 - 10 = 70; PSOs (50 - 5) x 0.25 / 0.75 = 15 in London and
     * (50 - 5) x 0.5 / 0.75 = 30 in north; trainees (none given) by share */
    assert_near(s->region_sc[1]->wf->grade[GR_PO].start_fte, 20, 0);
    assert_near(s->region_sc[0]->wf->grade[GR_PO].start_fte, 70, 1e-12);
    assert_near(s->region_sc[1]->wf->grade[GR_PSO].start_fte, 15, 1e-12);
    assert_near(s->region_sc[0]->wf->grade[GR_PSO].start_fte, 30, 1e-12);
    assert_near(s->region_sc[2]->wf->grade[GR_PSO].start_fte, 5, 0);
    assert_near(s->region_sc[2]->wf->tr_start, 5, 1e-12);
    /* fixed other work by the caseload share, per-flow work unchanged */
    assert_near(s->region_sc[2]->wf->other_amount[0], 200, 1e-9);
    assert_near(s->region_sc[2]->wf->other_amount[1], 5, 0);
    scenario_free(s);
}

static void national_series_are_the_regions_sums_in_every_replication(void **state)
{
    (void)state;
    char *y = scen(NULL);
    scenario_t *s = load_text_ok(y);
    free(y);
    layout_t *l;
    results_t *r = run(s, &l, 3, 2);
    int nb = l->nbase, R = l->nreg, checked = 0;
    assert_int_equal(R, 3);
    assert_int_equal(l->n, nb * 4);
    assert_string_equal(l->name[nb + l->total], "region.north.caseload.total");
    int cap = l->wf0 + WF_CAP_TOTAL, wl = l->wf0 + WF_WORKLOAD_TOTAL, pts = l->wf0 + WF_CAPPTS_TOTAL;
    for (int k = 0; k < r->nrep; k++)
        for (int j = 0; j < r->nmonth; j++) {
            for (int i = 0; i < nb; i++) {
                if (is_ratio(l, i)) continue;
                double sum = 0;
                for (int g = 0; g < R; g++) sum += at(r, k, j, nb * (g + 1) + i);
                assert_near(at(r, k, j, i), sum, 1e-9 * (1 + fabs(sum)));
                checked++;
            }
            /* a ratio is the ratio of the sums */
            double w = 0, c = 0;
            for (int g = 0; g < R; g++) {
                w += at(r, k, j, nb * (g + 1) + wl);
                c += at(r, k, j, nb * (g + 1) + pts);
            }
            assert_near(at(r, k, j, cap), 100 * w / c, 1e-9);
        }
    assert_true(checked > 1000);
    /* month 0: the regions' own stocks */
    assert_near(at(r, 0, 0, nb * 1 + l->sup[SUP_CO]), 501, 0);
    assert_near(at(r, 0, 0, nb * 3 + l->sup[SUP_CO]), 200, 0);
    assert_near(at(r, 0, 0, l->sup[SUP_CO]), 1001, 0);
    /* Wales sentences no short custody: none start there */
    for (int j = 1; j < r->nmonth; j++) assert_near(at(r, 1, j, nb * 3 + l->starts0 + 2), 0, 0);
    results_free(r);
    layout_free(l);
    scenario_free(s);
}

/* The same seed with and without a lever on Wales only: every other
 * region's series are the same numbers, Wales's and the nation's differ. */
static void a_lever_on_one_region_changes_only_that_region_and_the_nation(void **state)
{
    (void)state;
    char *y0 = scen(NULL);
    char *y1 = scen("policy:\n"
                    "  - {lever: volume, disposals: [co], multiplier: 2, from: 2025-09, regions: [wales]}\n"
                    "  - {lever: staffing, grade: probation_officer, extra_recruits_per_month: 3, from: 2025-10, regions: [wales]}\n");
    scenario_t *s0 = load_text_ok(y0), *s1 = load_text_ok(y1);
    free(y0);
    free(y1);
    layout_t *l0, *l1;
    results_t *a = run(s0, &l0, 2, 1), *b = run(s1, &l1, 2, 2);
    int nb = l0->nbase;
    assert_int_equal(l0->n, l1->n);
    for (int g = 0; g < 4; g++) {
        int differ = 0;
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < a->nmonth; j++)
                for (int i = 0; i < nb; i++) differ += at(a, k, j, nb * g + i) != at(b, k, j, nb * g + i);
        if (g == 0 || g == 3) assert_true(differ > 100); /* the nation, Wales */
        else assert_int_equal(differ, 0);                /* north, London */
    }
    /* Wales's PO in post: three recruits a month more from October */
    int po = l0->wf0 + WF_INPOST_PO;
    assert_true(at(b, 0, a->nmonth - 1, nb * 3 + po) > at(a, 0, a->nmonth - 1, nb * 3 + po) + 3 * 30);
    free_two(a, b, l0, l1, s0, s1);
}

/* A national lever's count is shared like the number it edits: 8 extra POs
 * a month nationally are 8 x 0.5 = 4 in north and 8 x 0.25 = 2 in Wales (its
 * workforce share); a regional lever's 3 is Wales's own; a factor is the
 * same everywhere.  A region's own rate replaces the national one there. */
static void national_counts_are_shared_and_regional_ones_are_the_regions(void **state)
{
    (void)state;
    char *y = scen("policy:\n"
                   "  - {lever: staffing, grade: probation_officer, extra_recruits_per_month: 8, from: 2025-10}\n"
                   "  - {lever: staffing, grade: probation_services_officer, extra_recruits_per_month: 3, from: 2025-10, regions: [wales]}\n"
                   "  - {lever: volume, disposals: [co], multiplier: 1.5, from: 2025-10}\n");
    char *y2 = swap(y, "probation_services_officer: 5}}", "probation_services_officer: 5}, rates: {custody.recall.monthly_rate: 0.06}}");
    scenario_t *s = load_text_ok(y2);
    free(y);
    free(y2);
    double t = 200; /* mid January 2026 */
    rulebook_t *n = rulebook_create(s->region_sc[0]), *w = rulebook_create(s->region_sc[2]);
    assert_near(rb_at(n, param_staff(s, GR_PO, PS_EXTRA), t), 4, 1e-12);
    assert_near(rb_at(w, param_staff(s, GR_PO, PS_EXTRA), t), 2, 1e-12);
    assert_near(rb_at(n, param_staff(s, GR_PSO, PS_EXTRA), t), 0, 0);
    assert_near(rb_at(w, param_staff(s, GR_PSO, PS_EXTRA), t), 3, 1e-12);
    assert_near(rb_at(n, param_disp(s, 0, PD_VOLUME), t), 600 * 0.5 * 1.5, 1e-9);
    assert_near(rb_at(w, param_disp(s, 0, PD_VOLUME), t), 600 * 0.2 * 1.5, 1e-9);
    /* 0.06 a month is a hazard of -ln(0.94) / (365.25 / 12) a day */
    assert_near(rb_at(w, PG_RECALL_RATE, t), -log(1 - 0.06) / (365.25 / 12), 1e-12);
    assert_near(rb_at(n, PG_RECALL_RATE, t), -log(1 - 0.03) / (365.25 / 12), 1e-12);
    rulebook_free(n);
    rulebook_free(w);
    scenario_free(s);
}

/* The small scenario (with `base` appended) against itself with `policy`
 * appended, compared over reps paired replications; compare_done cleans up. */
typedef struct { compare_t *c; char a[64], b[64]; } two_t;

static two_t *compare_two(const char *policy, int reps, uint64_t seed)
{
    two_t *t = calloc(1, sizeof *t);
    char *yb = scen(NULL), *yp = scen(policy);
    write_temp(t->a, yb);
    write_temp(t->b, yp);
    free(yb);
    free(yp);
    char *files[] = { t->a, t->b };
    errlist_t e;
    errlist_init(&e);
    t->c = compare_create(2, files, &e);
    assert_non_null(t->c);
    assert_int_equal(compare_run(t->c, reps, seed, 2, 0, &e), 0);
    errlist_clear(&e);
    return t;
}

static void compare_done(two_t *t)
{
    compare_free(t->c);
    unlink(t->a);
    unlink(t->b);
    free(t);
}

/* Halving every grade's capacity per FTE in Wales from 15 January 2026
 * doubles Wales's capacity used from the end of January 2026 (same streams: the
 * same workload and staff, half the capacity).  Wales's base stays between
 * 55% and 110% (checked), so the policy takes Wales over 110% from January
 * 2026 and no other region anywhere; the headline names it with the month. */
static void compare_names_the_region_a_policy_takes_over_110_and_when(void **state)
{
    (void)state;
    two_t *two = compare_two("policy:\n"
                             "  - {lever: staffing, grade: probation_officer, capacity_multiplier: 0.5, from: 2026-01-15, regions: [wales]}\n"
                             "  - {lever: staffing, grade: probation_services_officer, capacity_multiplier: 0.5, from: 2026-01-15, regions: [wales]}\n",
                             4, 5);
    compare_t *c = two->c;
    const results_t *rb = c->res[0], *rp = c->res[1];
    int cap = layout_find(c->lay[0], "region.wales.staff.capacity_pct.total");
    assert_true(cap >= 0);
    for (int k = 0; k <= c->sc[0]->horizon; k++) {
        double base = rb->p50[results_at(rb, k, cap)], pol = rp->p50[results_at(rp, k, cap)];
        assert_true(base <= 110);
        if (k >= 7 && k < 10) assert_true(2 * base > 110);
        if (k >= 7) assert_near(pol, 2 * base, 1e-9 * base); /* row 7: end of January 2026 */
        else assert_near(pol, base, 0);
    }
    assert_int_equal(regional_crossing(c, 1, 2, 0, 1), 7);
    assert_int_equal(regional_crossing(c, 1, 0, 0, 1), -1);
    assert_int_equal(regional_crossing(c, 1, 1, 0, 1), -1);
    char *txt = text_of(compare_write_headline_txt, c);
    assert_non_null(strstr(txt, "Regions over 110% with the policy and at or under it in the base, 3 months running or more (or to the horizon) (first month): Wales (Jan 2026).\n"));
    assert_non_null(strstr(txt, "Regions at or under 110% with the policy and over it in the base, 3 months running or more (or to the horizon) (first month): none.\n"));
    /* the staff short by region, a line of its own: the policy moves no
     * region but Wales (at 24 months Wales is back under 100% even at half
     * the capacity, so no region's staff short moves at all) */
    const char *sh = strstr(txt, "medians of the paired changes in the staff short (FTE, each grade where short), largest first):\n    ");
    if (!sh) { fputs(txt, stderr); fail_msg("no staff short by region"); }
    assert_non_null(strstr(sh, "north 0; London 0; Wales 0."));
    free(txt);
    compare_done(two);
}

/* Shares of a change across the regions mean something only when all move
 * one way: a policy that doubles Wales's community orders and halves
 * London's printed "-8 (53%); +4 (-30%)"-like shares.  One way (Wales
 * alone): Wales has the whole change, 100%; both ways: no shares. */
static void regional_shares_only_when_the_regions_move_one_way(void **state)
{
    (void)state;
    for (int both = 0; both < 2; both++) {
        two_t *two = compare_two(both ? "policy:\n"
                                        "  - {lever: volume, disposals: [co], multiplier: 2, from: 2025-09, regions: [wales]}\n"
                                        "  - {lever: volume, disposals: [co], multiplier: 0.5, from: 2025-09, regions: [london]}\n" :
                                        "policy:\n"
                                        "  - {lever: volume, disposals: [co], multiplier: 2, from: 2025-09, regions: [wales]}\n",
                                 2, 5);
        char *txt = text_of(compare_write_headline_txt, two->c);
        const char *line = strstr(txt, "medians of the paired changes in the caseload, largest first");
        if (!line) fail_msg("no caseload by region in\n%s", txt);
        const char *end = strstr(line, "\n  By region");
        char *sect = strndup(line, end ? (size_t)(end - line) : strlen(line));
        if (both) {
            if (!strstr(sect, "; no shares, as the regions move in both directions):") || strchr(sect, '%'))
                fail_msg("shares of changes both ways:\n%s", sect);
        } else if (!strstr(sect, "in brackets, the region's share") || !strstr(sect, "Wales +") || !strstr(sect, "(100%)"))
            fail_msg("no share for a change one way:\n%s", sect);
        free(sect);
        free(txt);
        compare_done(two);
    }
}

/* What a run may write, `caseflow plot` must read: the baseline with the
 * most regions a scenario may have (64, names of 64 characters) over the
 * longest horizon (600 months) writes fewer series than CSV_MAX_SERIES and
 * fewer bytes than CSV_MAX_BYTES (each row "YYYY-MM,name," and four values
 * of at most 16 characters: |v| <= 1e12 with two decimals).  40 regions
 * wrote 6,273 series, and plot refused the 4,097th. */
static void the_largest_run_fits_what_plot_reads(void **state)
{
    (void)state;
    char base[1100];
    repo_path(base, sizeof base, "scenarios/baseline.yaml");
    char *y = fmt("extends: %s\nhorizon_months: 600\nregions:\n", base);
    for (int i = 0; i < REGIONS_MAX; i++) {
        char *t = fmt("%s  - {name: r%02d_with_a_name_of_sixty_four_characters_for_the_worst_case_xxxx, share: 0.015625}\n", y, i);
        free(y);
        y = t;
    }
    scenario_t *s = load_text_ok(y);
    assert_int_equal(s->nregions, 64);
    assert_int_equal((int)strlen(s->regions[0].name), 64);
    layout_t *l = layout_create(s);
    assert_non_null(l);
    double bytes = 0;
    for (int i = 0; i < l->n; i++) bytes += (8.0 + (double)strlen(l->name[i]) + 1 + 4 * 17) * (s->horizon + 1);
    if (!(l->n <= CSV_MAX_SERIES) || !(bytes <= (double)CSV_MAX_BYTES))
        fail_msg("%d series, %.0f bytes: beyond %d series or %ld bytes", l->n, bytes, CSV_MAX_SERIES, (long)CSV_MAX_BYTES);
    errlist_t e;
    errlist_init(&e);
    assert_int_equal(results_check_size(s, l, &e), 0);
    layout_free(l);
    scenario_free(s);
    free(y);
    /* more disposals (a scenario may have 64) make more series: 64 regions
     * and 60 disposals over 600 months would write past what plot reads,
     * and are refused before anything runs */
    char *d = fmt("%s", "");
    for (int i = 0; i < 56; i++) {
        char *t = fmt("%s  - {name: extra_disposal_%02d, kind: community_order, annual_volume: 10, length_months: {dist: fixed, value: 12},\n"
                      "     tier_shares: {high: 0.5, low: 0.5}, outcomes: {completed: 1, early_termination: 0, revoked: 0}, early_termination_at: 0.5,\n"
                      "     revoked_to_custody: 0, custody_months: {dist: fixed, value: 4}, reports: {share: 0, mix: {oral: 1}}}\n", d, i);
        free(d);
        d = t;
    }
    char *small = small_scenario(0.05, 0.5, NULL);
    char *y2 = fmt("%shorizon_months: 600\nregions:\n", small);
    char *y3 = swap(y2, "horizon_months: 36\n", "");
    char *y4 = swap(y3, "disposals:\n", "disposals:\n__EXTRA__");
    char *y5 = swap(y4, "__EXTRA__", d);
    y = y5;
    for (int i = 0; i < REGIONS_MAX; i++) {
        char *t = fmt("%s  - {name: r%02d_with_a_name_of_sixty_four_characters_for_the_worst_case_xxxx, share: 0.015625}\n", y, i);
        if (y != y5) free(y);
        y = t;
    }
    s = load_text_ok(y);
    assert_int_equal(s->ndisp, 60);
    l = layout_create(s);
    assert_non_null(l);
    assert_int_equal(results_check_size(s, l, &e), -1);
    if (!strstr(e.msg[0], "series over 601 months") || !strstr(e.msg[0], "more than caseflow plot and brief read (16,384 series, 2 GB)"))
        fail_msg("%s", e.msg[0]);
    errlist_clear(&e);
    layout_free(l);
    scenario_free(s);
    free(y);
    free(y5);
    free(y4);
    free(y3);
    free(y2);
    free(small);
    free(d);
}

/* Doubling north's yearly cost of a probation officer (a lever on north
 * only) changes nothing that happens, so the paired change in the cost of
 * the staff needed is north's probation officers needed / their holding
 * share (0.8) x 50,000, replication by replication; the other regions'
 * costs do not move. */
static void money_in_a_comparison_is_each_regions_own(void **state)
{
    (void)state;
    two_t *two = compare_two("policy:\n"
                             "  - {multiply: workforce.probation_officer.annual_cost, value: 2, from: 2025-07, regions: [north]}\n", 5, 9);
    compare_t *c = two->c;
    const layout_t *l = c->lay[0];
    int k = 12, req = l->nbase * 1 + l->wf0 + WF_REQ_PO;
    double x[5], st[4];
    for (int r = 0; r < 5; r++) x[r] = results_rep(c->res[0], r)[(size_t)k * (size_t)l->n + (size_t)req] / 0.8 * 50000;
    results_quantiles(x, 5, &st[0], &st[1], &st[2], &st[3]);
    assert_true(st[2] > 1e5);
    assert_near(ptable_row(c->mdiff[1], MN_COST_NEEDED, ST_P50)[k], st[2], 0.01);
    assert_near(ptable_row(c->mdiff[1], MN_NEEDED, ST_P50)[k], 0, 0);
    compare_done(two);
}

/* The headline gives the yearly cost of the staff short by region, where a
 * claim for the money is made.  A quarter of the capacity for north's
 * probation officers leaves north short: its change is (POs short with the policy -
 * POs short in the base) / 0.8 x 50,000, replication by replication, read
 * where the regional lines read (24 months on); London and Wales none. */
static void compare_gives_the_cost_of_the_staff_short_by_region(void **state)
{
    (void)state;
    two_t *two = compare_two("policy:\n"
                             "  - {lever: staffing, grade: probation_officer, capacity_multiplier: 0.25, from: 2025-07, regions: [north]}\n", 5, 9);
    compare_t *c = two->c;
    const layout_t *l = c->lay[0];
    int rows[4], after[4], n = compare_headline_months(c, 1, rows, after), kr = rows[n - 1];
    for (int i = 0; i < n; i++)
        if (after[i] == 24) kr = rows[i];
    size_t sh = (size_t)kr * (size_t)l->n + (size_t)(l->nbase * 1 + l->wf0 + WF_SHORT_PO);
    double x[5], st[4];
    for (int r = 0; r < 5; r++) x[r] = (results_rep(c->res[1], r)[sh] - results_rep(c->res[0], r)[sh]) / 0.8 * 50000;
    results_quantiles(x, 5, &st[0], &st[1], &st[2], &st[3]);
    assert_true(st[2] > 1e5);                       /* north is short: the test can tell */
    char want[200], num[32];
    compare_signed_text(num, sizeof num, st[2], 1e6, 1);
    char *txt = text_of(compare_write_headline_txt, c);
    const char *line = strstr(txt, "the yearly cost of the staff short (GBP million, staff in post, with on-costs), largest first");
    if (!line) fail_msg("no cost by region in\n%s", txt);
    snprintf(want, sizeof want, "north %s (100%%); London 0.0 (0%%); Wales 0.0 (0%%).", num);
    if (!strstr(line, want)) fail_msg("lacks '%s' in\n%.600s", want, line);
    free(txt);
    compare_done(two);
}

static void expect_error(const char *from, const char *to, const char *extra, const char *msg)
{
    char *y = scen(extra);
    char *y2 = from ? swap(y, from, to) : y;
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = load_text(y2, &e);
    assert_null(s);
    int found = 0;
    /* "FILE:LINE:COLUMN: message", with a line */
    for (int i = 0; i < e.count; i++) {
        const char *p = strchr(e.msg[i], ':');
        int line = 0, col = 0;
        found |= strstr(e.msg[i], msg) && p && sscanf(p, ":%d:%d:", &line, &col) == 2 && line > 0;
    }
    if (!found) errlist_print(&e, stderr);
    assert_true(found);
    errlist_clear(&e);
    if (y2 != y) free(y2);
    free(y);
}

static void bad_regions_are_errors_at_their_line(void **state)
{
    (void)state;
    expect_error("{name: north, share: 0.5}", "{name: north, share: 0.45}", NULL, "the regions' shares sum to 0.9500 (expected 1");
    expect_error("{name: north, share: 0.5}", "{name: north, share: 0.5, volume_share: {short: 0.4}}", NULL,
                 "the regions' shares of short's volume sum to 0.9000");
    expect_error("name: wales,", "name: north,", NULL, "region 'north' is listed twice");
    expect_error("{name: north, share: 0.5}", "{name: north, share: 0.5, stock: {community_order: 2000, suspended_sentence_order: 0, pre_release: 0, licence: 0, post_sentence_supervision: 0, recalled: 0}}",
                 NULL, "the regions' own stocks of community_order sum to 2000, above the national 1001");
    expect_error("{name: north, share: 0.5}", "{name: north, share: 0.5, rates: {custody.recall.monthly_rat: 0.1}}", NULL,
                 "'custody.recall.monthly_rat' is not a rule parameter");
    expect_error("{name: north, share: 0.5}", "{name: north, share: 0.5, shares: 0.1}", NULL, "unknown key 'shares'");
    expect_error(NULL, NULL, "policy:\n  - {lever: end_pss, from: 2026-01, regions: [scotland]}\n",
                 "unknown region 'scotland' (expected one of: north, london, wales)");
    /* a first region with no name (it crashed the duplicate check once) */
    expect_error("  - {name: north, share: 0.5}", "  - {share: 0.5}", NULL, "missing key 'name'");
    expect_error("  - {name: north, share: 0.5}", "  - north", NULL, "a region");
    /* every region gives its own stock: they must add up to the nation */
    {
        char *y = scen(NULL);
#define OWN(n) "stock: {community_order: " #n ", suspended_sentence_order: 0, pre_release: 0, licence: 0, post_sentence_supervision: 0, recalled: 0}"
        char *a = swap(y, "{name: north, share: 0.5}", "{name: north, share: 0.5, " OWN(500) "}");
        char *c = swap(a, "label: London, share: 0.3,", "label: London, share: 0.3, " OWN(300) ",");
        char *g = swap(c, "label: Wales, share: 0.2,", "label: Wales, share: 0.2, " OWN(100) ",");
#undef OWN
        errlist_t e;
        errlist_init(&e);
        assert_null(load_text(g, &e));
        int found = 0;
        for (int i = 0; i < e.count; i++) found |= strstr(e.msg[i], "every region gives its own stocks of community_order and they sum to 900, not the national 1001") != NULL;
        if (!found) errlist_print(&e, stderr);
        assert_true(found);
        errlist_clear(&e);
        free(y), free(a), free(c), free(g);
    }
    expect_error("{name: north, share: 0.5}", "{name: north, share: 0.5, rates: {disposals.short.divert_share: 0.5}}", NULL,
                 "'disposals.short.divert_share' acts only through its lever");
    expect_error("workforce: {share: 0.25, probation_officer: 10", "workforce: {share: 0.3, probation_officer: 10", NULL, "the regions' shares of the staff sum to 1.0500");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_stock_is_split_by_share_to_the_person),
        cmocka_unit_test(central_holds_in_every_region),
        cmocka_unit_test(a_regions_own_length_takes_effect_there_only),
        cmocka_unit_test(national_series_are_the_regions_sums_in_every_replication),
        cmocka_unit_test(a_lever_on_one_region_changes_only_that_region_and_the_nation),
        cmocka_unit_test(national_counts_are_shared_and_regional_ones_are_the_regions),
        cmocka_unit_test(compare_names_the_region_a_policy_takes_over_110_and_when),
        cmocka_unit_test(regional_shares_only_when_the_regions_move_one_way),
        cmocka_unit_test(the_largest_run_fits_what_plot_reads),
        cmocka_unit_test(money_in_a_comparison_is_each_regions_own),
        cmocka_unit_test(compare_gives_the_cost_of_the_staff_short_by_region),
        cmocka_unit_test(bad_regions_are_errors_at_their_line),
    };
    return cmocka_run_group_tests_name("regions", tests, NULL, NULL);
}
