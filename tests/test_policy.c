/* test_policy.c: each policy lever, pairing of replications (common random
 * numbers) and comparing a scenario with itself. */
#include "fixture.h"

#include "cli.h"
#include "compare.h"
#include "cview.h"
#include "policy.h"
#include "results.h"
#include "runner.h"

/* Runs a scenario text for nrep replications with a seed. */
static results_t *run_text(const char *yaml, int nrep, uint64_t seed, layout_t **lp, scenario_t **sp)
{
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = load_text(yaml, &e);
    if (!s) errlist_print(&e, stderr);
    assert_non_null(s);
    layout_t *l = layout_create(s);
    results_t *r = results_create(s, l, nrep);
    assert_int_equal(runner_run(r, seed, 2, 0, &e), 0);
    errlist_clear(&e);
    *lp = l;
    *sp = s;
    return r;
}

static void drop(results_t *r, layout_t *l, scenario_t *s)
{
    results_free(r);
    layout_free(l);
    scenario_free(s);
}

static double cell(results_t *r, int rep, int k, const char *series)
{
    int s = layout_find(r->lay, series);
    assert_true(s >= 0);
    return results_rep(r, rep)[(size_t)k * (size_t)r->nser + (size_t)s];
}

/* Full compliance, no breaches: every custody case of the covered band is
 * passed as an SSO or CO instead, one for one, month by month (the arrival
 * streams are shared, so the same people arrive in both runs). */
static void presumption_diverts_one_for_one(void **state)
{
    (void)state;
    char *base = small_scenario(0.02, 0.3, NULL);
    /* give the short band a volume */
    char *b1 = swap(base, "  - name: short\n    kind: custody\n    annual_volume: 0", "  - name: short\n    kind: custody\n    annual_volume: 24000");
    char *p1 = fmt("%spolicy:\n  - lever: presumption_short_sentences\n    from: 2025-07\n    divert_share: 1\n"
                   "    to: {sso: 0.75, co: 0.25}\n    outcomes: {completed: 1, early_termination: 0, revoked: 0}\n", b1);
    layout_t *lb, *lp;
    scenario_t *sb, *sp;
    results_t *rb = run_text(b1, 2, 5, &lb, &sb), *rp = run_text(p1, 2, 5, &lp, &sp);
    for (int rep = 0; rep < 2; rep++) {
        double total = 0, sso = 0;
        for (int k = 1; k <= sb->horizon; k++) {
            double in_base = cell(rb, rep, k, "starts.short");
            assert_true(in_base > 1500);
            assert_near(cell(rp, rep, k, "starts.short"), 0, 0);
            assert_near(cell(rp, rep, k, "starts.sso") + cell(rp, rep, k, "starts.co"), in_base, 0);
            total += in_base;
            sso += cell(rp, rep, k, "starts.sso");
            /* no breaches: every diverted order completes */
            assert_near(cell(rp, rep, k, "ends.sso.revoked"), 0, 0);
        }
        assert_near(sso / total, 0.75, 0.01);
    }
    drop(rb, lb, sb);
    drop(rp, lp, sp);
    free(b1);
    free(p1);
    free(base);
}

/* 30-month sentences released at 0.4 by default; a lever sets 0.25 for
 * sentences passed from 1 Jan 2026 (day 184 of the projection). */
static void release_fraction_applies_to_new_sentences(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 0, "policy:\n  - lever: release_point\n    from: 2026-01\n    release_fraction: 0.25\n    disposals: [long]\n");
    int d = disp_index(f->s, "long");
    uint32_t ids[2];
    double when[2] = { 100, 200 };
    for (int i = 0; i < 2; i++) {
        ids[i] = model_case_alloc(f->m);
        case_t *c = &f->m->c[ids[i]];
        c->flags = 0;
        model_seed_case(f->m, c, 50 + (uint64_t)i);
        custody_draw(f->m, c, d, when[i], -1);
        custody_start(f->m, ids[i], when[i]);
    }
    assert_near(step_case(f), 200 + 0.25 * 30 * MONTH, 1e-9); /* sentenced after the date: 0.25 */
    assert_near(step_case(f), 100 + 0.40 * 30 * MONTH, 1e-9); /* before: still 0.4 */
    fx_free(f);
}

/* A tranche: from 1 Jan 2026 (day 184) everyone in custody is released at
 * 0.1 of their sentence; those already past it go on the day. */
static void tranche_empties_the_eligible_part_of_custody(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 0, "policy:\n  - lever: release_point\n    from: 2026-01\n    release_fraction: 0.1\n"
                           "    disposals: [long]\n    applies_to: everyone_in_custody\n");
    int d = disp_index(f->s, "long");
    double L = 30 * MONTH, day = 184;
    double sent[] = { 0, 50, 120, 150, 170, 183 }; /* new point 91.3 days after sentence */
    int n = 6;
    for (int i = 0; i < n; i++) {
        uint32_t id = model_case_alloc(f->m);
        case_t *c = &f->m->c[id];
        c->flags = 0;
        model_seed_case(f->m, c, 70 + (uint64_t)i);
        custody_draw(f->m, c, d, sent[i], -1);
        custody_start(f->m, id, sent[i]);
    }
    /* eligible (sentenced by day 184 - 91.3 = 92.7): released on day 184 */
    assert_near(step_case(f), day, 1e-9);
    assert_near(step_case(f), day, 1e-9);
    /* the rest at their new point, no longer at 0.4 */
    for (int i = 2; i < n; i++) assert_near(step_case(f), sent[i] + 0.1 * L, 1e-9);
    assert_int_equal(f->m->count[SUP_PRE * 2] + f->m->count[SUP_PRE * 2 + 1], 0);
    fx_free(f);
}

/* No PSS for releases from the start: the stock of PSS runs out within 12
 * months and none starts. */
static void end_pss_removes_pss_within_12_months(void **state)
{
    (void)state;
    char *base = small_scenario(0.02, 0.3, NULL);
    char *b1 = swap(base, "  - name: short\n    kind: custody\n    annual_volume: 0", "  - name: short\n    kind: custody\n    annual_volume: 24000");
    char *b2 = swap(b1, "stock: {community_order: 0}", "stock: {post_sentence_supervision: 3000, licence: 1000, pre_release: 3000}");
    char *p1 = fmt("%spolicy:\n  - lever: end_pss\n    from: 2025-07\n", b2);
    layout_t *lb, *lp;
    scenario_t *sb, *sp;
    results_t *rb = run_text(b2, 2, 9, &lb, &sb), *rp = run_text(p1, 2, 9, &lp, &sp);
    for (int rep = 0; rep < 2; rep++) {
        assert_near(cell(rp, rep, 0, "caseload.post_sentence_supervision"), 3000, 0);
        assert_true(cell(rp, rep, 6, "caseload.post_sentence_supervision") > 0);
        for (int k = 13; k <= sb->horizon; k++) {
            assert_near(cell(rp, rep, k, "caseload.post_sentence_supervision"), 0, 0);
            assert_true(cell(rb, rep, k, "caseload.post_sentence_supervision") > 5000);
        }
    }
    drop(rb, lb, sb);
    drop(rp, lp, sp);
    free(b1);
    free(b2);
    free(p1);
    free(base);
}

static void recall_lever_sets_56_day_fixed_terms(void **state)
{
    (void)state;
    fx_t *f = fx_new(0.999, 0, "policy:\n  - lever: recall\n    from: 2025-07\n    fixed_term_share: 1\n"
                               "    fixed_term_days_short: 56\n    fixed_term_days_long: 56\n");
    uint32_t id = model_case_alloc(f->m);
    case_t *c = &f->m->c[id];
    c->flags = 0;
    model_seed_case(f->m, c, 4);
    custody_draw(f->m, c, disp_index(f->s, "long"), 0, -1);
    custody_start(f->m, id, 0);
    step_case(f);                 /* release */
    double tr = step_case(f);     /* recall */
    assert_int_equal(c->state, SUP_RECALLED);
    assert_near(step_case(f), tr + 56, 1e-9);
    fx_free(f);
}

static void volume_and_report_levers(void **state)
{
    (void)state;
    char *base = small_scenario(0.02, 0.3, NULL);
    char *b1 = swap(base, "    annual_volume: 0\n    length_months: {dist: fixed, value: 12}", "    annual_volume: 36525\n    length_months: {dist: fixed, value: 12}");
    char *p1 = fmt("%spolicy:\n  - lever: volume\n    from: 2026-07\n    multiplier: 1.5\n    disposals: [co]\n"
                   "  - lever: reports\n    from: 2025-07\n    share: 1\n    mix: {oral: 1, written: 0}\n", b1);
    layout_t *lp;
    scenario_t *sp;
    results_t *rp = run_text(p1, 4, 13, &lp, &sp);
    double before = 0, after = 0;
    for (int rep = 0; rep < 4; rep++)
        for (int k = 1; k <= 24; k++) {
            double st = cell(rp, rep, k, "starts.co");
            /* every sentence has an oral report, written the same day */
            assert_near(cell(rp, rep, k, "psr.oral"), st, 0);
            assert_near(cell(rp, rep, k, "psr.written"), 0, 0);
            if (k <= 12) before += st;
            else after += st;
        }
    /* 100 a day, then 150 a day: over 4 x 365 days, sd about sqrt(n) */
    assert_near(before, 4 * 100 * 365, 4 * sqrt(4 * 100 * 365.0));
    assert_near(after, 4 * 150 * 365, 4 * sqrt(4 * 150 * 365.0));
    drop(rp, lp, sp);
    free(b1);
    free(p1);
    free(base);
}

static void active_supervision_ends_at_the_fraction(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 0, "policy:\n  - lever: end_active_supervision\n    from: 2025-07\n    fraction: 0.5\n    counts_as_caseload: false\n");
    uint32_t id = model_case_alloc(f->m);
    case_t *c = &f->m->c[id];
    c->flags = 0;
    model_seed_case(f->m, c, 4);
    custody_draw(f->m, c, disp_index(f->s, "long"), 0, -1);
    custody_start(f->m, id, 0);
    double rel = step_case(f);
    assert_near(rel, 12 * MONTH, 1e-9);                           /* 0.4 x 30 months */
    assert_near(step_case(f), rel + 0.5 * 18 * MONTH, 1e-9);      /* half the 18-month licence */
    assert_int_equal(c->state, ST_INACTIVE);
    assert_false(f->m->rb->inactive_counts);
    assert_near(step_case(f), 30 * MONTH, 1e-9);                  /* still ends at sentence end */
    assert_int_equal(c->state, ST_DONE);
    fx_free(f);
}

static double width_at(double *x, int n)
{
    double mean, p5, p50, p95;
    results_quantiles(x, n, &mean, &p5, &p50, &p95);
    return p95 - p5;
}

/* Paired replications measure a policy's effect more precisely than two
 * independent runs: the 90% band of the paired difference at month 24 is
 * less than half as wide as that of differences between unpaired runs. */
static void pairing_narrows_the_difference_band(void **state)
{
    (void)state;
    char pres[2100];
    repo_path(pres, sizeof pres, "scenarios/presumption-short-sentences.yaml");
    char base[2100];
    repo_path(base, sizeof base, "scenarios/baseline.yaml");
    char *yb = fmt("extends: %s\nhorizon_months: 24\n", base), *yp = fmt("extends: %s\nhorizon_months: 24\n", pres);
    enum { N = 30 };
    layout_t *l1, *l2, *l3;
    scenario_t *s1, *s2, *s3;
    results_t *b = run_text(yb, N, 100, &l1, &s1), *p = run_text(yp, N, 100, &l2, &s2), *q = run_text(yp, N, 200, &l3, &s3);
    double paired[N], unpaired[N];
    for (int r = 0; r < N; r++) {
        paired[r] = cell(p, r, 24, "caseload.total") - cell(b, r, 24, "caseload.total");
        unpaired[r] = cell(q, r, 24, "caseload.total") - cell(b, r, 24, "caseload.total");
    }
    double wp = width_at(paired, N), wu = width_at(unpaired, N);
    print_message("paired band %.0f, unpaired band %.0f\n", wp, wu);
    assert_true(wp > 0);
    assert_true(wp < 0.5 * wu);
    drop(b, l1, s1);
    drop(p, l2, s2);
    drop(q, l3, s3);
    free(yb);
    free(yp);
}

static void comparing_a_scenario_with_itself_gives_zero(void **state)
{
    (void)state;
    char base[2100];
    repo_path(base, sizeof base, "scenarios/baseline.yaml");
    char *y = fmt("extends: %s\nhorizon_months: 12\n", base);
    char a[64], b[64];
    write_temp(a, y);
    write_temp(b, y);
    char *files[] = { a, b };
    errlist_t e;
    errlist_init(&e);
    compare_t *c = compare_create(2, files, &e);
    assert_non_null(c);
    assert_int_equal(compare_run(c, 3, 77, 2, 0, &e), 0);
    const ptable_t *t = c->diff[1];
    int cells = 0;
    for (int s = 0; s < t->nser; s++)
        for (int k = 0; k < t->nmonth; k++)
            for (int q = 0; q < ST_N; q++) {
                double v = ptable_row(t, s, q)[k];
                if (isnan(v)) continue; /* flows have no month 0 */
                assert_near(v, 0, 0);
                cells++;
            }
    assert_true(cells > 1000);
    compare_free(c);
    unlink(a);
    unlink(b);
    errlist_clear(&e);
    free(y);
}

/* The small scenario with community orders, and the same doubling them
 * from `from`, compared over 3 replications (files a and b, to unlink). */
static compare_t *doubling_from(const char *from, char a[64], char b[64])
{
    char *base = small_scenario(0.02, 0.3, NULL);
    char *b1 = swap(base, "    annual_volume: 0\n    length_months: {dist: fixed, value: 12}", "    annual_volume: 5000\n    length_months: {dist: fixed, value: 12}");
    char *p1 = fmt("%spolicy:\n  - lever: volume\n    from: %s\n    multiplier: 2\n    disposals: [co]\n", b1, from);
    write_temp(a, b1);
    write_temp(b, p1);
    char *files[] = { a, b };
    errlist_t e;
    errlist_init(&e);
    compare_t *c = compare_create(2, files, &e);
    assert_non_null(c);
    assert_int_equal(compare_run(c, 3, 5, 2, 0, &e), 0);
    errlist_clear(&e);
    free(base);
    free(b1);
    free(p1);
    return c;
}

/* Headline months: a lever from 1 Oct 2025 (start: end of June 2025) is
 * reported at the ends of September 2026 and 2027 (12 and 24 months on) and
 * at the horizon (June 2028, 33 months on); the text says adds or removes. */
static void headline_months_and_words(void **state)
{
    (void)state;
    char a[64], b[64];
    compare_t *c = doubling_from("2025-10", a, b);
    int rows[4], after[4];
    int n = compare_headline_months(c, 1, rows, after);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0], 15); /* Sep 2026 is 15 months after Jun 2025 */
    assert_int_equal(after[0], 12);
    assert_int_equal(rows[1], 27);
    assert_int_equal(after[1], 24);
    assert_int_equal(rows[2], 36);
    assert_int_equal(after[2], 33);
    char *txt = text_of(compare_write_headline_txt, c);
    assert_non_null(strstr(txt, "By the end of September 2026 (12 months after the policy starts) the policy adds "));
    assert_non_null(strstr(txt, "By the end of June 2028 (33 months after the policy starts) the policy adds "));
    free(txt);
    compare_free(c);
    unlink(a);
    unlink(b);
}

/* "12 months after the policy starts" counts whole months under the lever:
 * one dated 30 September 2025 or 1 October 2025 starts them in October
 * (reported at the end of September 2026, as above), one dated 2 October
 * in November (end of October 2026).  They used to start in the lever's own
 * month, so a lever of 31 March was "12 months after" at the end of the
 * next February, eleven months on. */
static void a_lever_after_the_first_counts_from_the_next_month(void **state)
{
    (void)state;
    char *base = small_scenario(0.02, 0.3, NULL);
    static const struct { const char *from; int month; } want[] = {
        { "2025-09-30", 2025 * 12 + 9 }, { "2025-10-01", 2025 * 12 + 9 }, { "2025-10", 2025 * 12 + 9 }, { "2025-10-02", 2025 * 12 + 10 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char *y = fmt("%spolicy:\n  - lever: volume\n    from: %s\n    multiplier: 2\n    disposals: [co]\n", base, want[i].from);
        scenario_t *s = load_text_ok(y), *b = load_text_ok(base);
        assert_int_equal(policy_first_whole_month(s, b), want[i].month);
        assert_int_equal(policy_first_whole_month(s, NULL), want[i].month);
        assert_int_equal(policy_first_whole_month(b, NULL), -1);
        scenario_free(s);
        scenario_free(b);
        free(y);
    }
    free(base);
}

/* `caseflow check` lists the levers in force with their files; the demand
 * path's levers are not under `policy:`, so the list names them too (it
 * read as complete without them), at the first line of the section. */
static void the_lever_list_names_the_demand_path(void **state)
{
    (void)state;
    char *base = small_scenario(0.02, 0.3, NULL);
    char *y = fmt("%sdemand:\n  path: up\n  paths:\n    up:\n      - {lever: volume, from: 2025-07, multiplier: 1.1}\n"
                  "policy:\n  - {lever: volume, from: 2026-01, multiplier: 2, disposals: [co]}\n", base);
    char file[64];
    write_temp(file, y);
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = scenario_load(file, &e);
    errlist_print(&e, stderr);
    assert_non_null(s);
    char *txt = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&txt, &len);
    cli_lever_sources(s, f);
    fclose(f);
    int line = 1;
    for (const char *q = y; *q && strncmp(q, "  path: up", 10); q++) line += *q == '\n'; /* where the path is chosen */
    const char *slash = strrchr(file, '/');
    char *want = fmt("And the 1 volume lever of the demand path 'up' (chosen in %s, line %d), listed above under \"Demand path\".\n",
                     slash ? slash + 1 : file, line);
    if (!strstr(txt, "  1. volume from 2026-01 (") || !strstr(txt, want)) fail_msg("got\n%s\nwanted\n%s", txt, want);
    free(want);
    free(txt);
    scenario_free(s);
    /* a demand path with no levers: nothing to point to */
    char *y0 = swap(y, "    up:\n      - {lever: volume, from: 2025-07, multiplier: 1.1}\n", "    up: []\n");
    char file0[64];
    write_temp(file0, y0);
    s = scenario_load(file0, &e);
    assert_non_null(s);
    f = open_memstream(&txt, &len);
    cli_lever_sources(s, f);
    fclose(f);
    if (strstr(txt, "demand path")) fail_msg("a demand path without levers named:\n%s", txt);
    free(txt);
    scenario_free(s);
    unlink(file0);
    free(y0);
    errlist_clear(&e);
    unlink(file);
    free(y);
    free(base);
}

/* The comparison charts read the same months as the headline: a lever of 2
 * October 2025 counts from November, in the view made from the comparison
 * and in the one read back from compare.yaml (caseflow plot), which says
 * counts_from (the charts read a month early while the headline moved). */
static void the_charts_count_the_months_the_headline_counts(void **state)
{
    (void)state;
    char a[64], b[64];
    compare_t *c = doubling_from("2025-10-02", a, b);
    int rows[4], after[4], vrows[4], vafter[4];
    int n = compare_headline_months(c, 1, rows, after);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0], 16); /* end of October 2026: 12 whole months from November 2025 */
    assert_int_equal(after[2], 32);
    cview_t *v = cview_from_compare(c, "2026-12-07");
    assert_non_null(v);
    assert_int_equal(cview_headline_months(v, 1, vrows, vafter), n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(vrows[i], rows[i]);
        assert_int_equal(vafter[i], after[i]);
    }
    char *y = text_of(cview_write, v);
    assert_non_null(strstr(y, "    first_lever: 2025-10\n    counts_from: 2025-11"));
    free(y);
    cview_free(v);
    compare_free(c);
    unlink(a);
    unlink(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(presumption_diverts_one_for_one),
        cmocka_unit_test(release_fraction_applies_to_new_sentences),
        cmocka_unit_test(tranche_empties_the_eligible_part_of_custody),
        cmocka_unit_test(end_pss_removes_pss_within_12_months),
        cmocka_unit_test(recall_lever_sets_56_day_fixed_terms),
        cmocka_unit_test(volume_and_report_levers),
        cmocka_unit_test(active_supervision_ends_at_the_fraction),
        cmocka_unit_test(pairing_narrows_the_difference_band),
        cmocka_unit_test(comparing_a_scenario_with_itself_gives_zero),
        cmocka_unit_test(headline_months_and_words),
        cmocka_unit_test(a_lever_after_the_first_counts_from_the_next_month),
        cmocka_unit_test(the_lever_list_names_the_demand_path),
        cmocka_unit_test(the_charts_count_the_months_the_headline_counts),
    };
    return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
