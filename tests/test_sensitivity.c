/* test_sensitivity.c: the tornado's bar ends are the paired runs at low and
 * high (checked against comparisons of scenarios written with the plain
 * low or high number), its rows are in order of swing, and the compare
 * headline's drivers find the assumption the effect follows. */
#include <math.h>

#include "testutil.h"

#include "compare.h"
#include "sensitivity.h"
#include "uncertain.h"

/* The small scenario with arrivals; recall and volume as written. */
static char *small_base(const char *recall, const char *volume)
{
    char *a = small_scenario(0.0375, 0.3, NULL);
    char *b = swap(a, "monthly_rate: 0.0375", recall);
    char *c = swap(b, "annual_volume: 0\n    band_months: [0, 12]", volume);
    char *d = swap(c, "name: co\n    kind: community_order\n    annual_volume: 0", "name: co\n    kind: community_order\n    annual_volume: 1850");
    free(a);
    free(b);
    free(c);
    return d;
}

typedef struct {
    char base[64], policy[64];
} pair_t;

/* The base as given and a policy extending it with the volume lever
 * (multiplier as written), in temporary files. */
static void write_pair(pair_t *p, const char *recall, const char *volume, const char *mult)
{
    char *b = small_base(recall, volume);
    write_temp(p->base, b);
    char *y = fmt("extends: %s\nname: more orders\npolicy:\n  - {lever: volume, from: 2025-10, disposals: [co], multiplier: %s}\n",
                  p->base, mult);
    write_temp(p->policy, y);
    free(b);
    free(y);
}

static void unlink_pair(pair_t *p)
{
    unlink(p->base);
    unlink(p->policy);
}

/* Base and policy compared over reps paired replications (seed 31, two
 * threads), every range central if asked. */
static compare_t *compared(char *base, char *policy, int reps, int central)
{
    char *files[2] = { base, policy };
    errlist_t e;
    errlist_init(&e);
    compare_t *c = compare_create(2, files, &e);
    errlist_print(&e, stderr);
    assert_non_null(c);
    for (int i = 0; i < 2 && central; i++) c->sc[i]->central = 1;
    assert_int_equal(compare_run(c, reps, 31, 2, 0, &e), 0);
    errlist_clear(&e);
    return c;
}

/* The median paired effect on caseload.total at row k, every range central. */
static double effect(pair_t *p, int reps, int k)
{
    compare_t *c = compared(p->base, p->policy, reps, 1);
    double v = ptable_row(c->diff[1], ptable_find(c->diff[1], "caseload.total"), ST_P50)[k];
    compare_free(c);
    return v;
}

static const char *const RECALL = "monthly_rate: {low: 0.021, central: 0.0375, high: 0.052}";
static const char *const VOLUME = "annual_volume: {low: 1900, central: 2400, high: 2650}\n    band_months: [0, 12]";
static const char *const MULT = "{low: 1.15, central: 1.3, high: 1.55}";

static void bar_ends_are_the_paired_runs(void **state)
{
    (void)state;
    pair_t p;
    write_pair(&p, RECALL, VOLUME, MULT);
    char *files[2] = { p.base, p.policy };
    plan_t plan = { .jobs = 2 };
    errlist_t e;
    errlist_init(&e);
    sens_t s;
    int reps = 5;
    assert_int_equal(sens_run(&s, 2, files, SENS_CASELOAD, 9, reps, 31, &plan, 0, &e), 0);
    errlist_print(&e, stderr);
    assert_int_equal(s.n, 3);
    /* the policy starts in October 2025: 9 months later is the end of June 2026, row 12 */
    assert_int_equal(s.month, 2026 * 12 + 5);
    int k = 12;
    /* in order of swing */
    for (int i = 1; i < s.n; i++)
        assert_true(fabs(s.row[i - 1].result[2] - s.row[i - 1].result[0]) >= fabs(s.row[i].result[2] - s.row[i].result[0]));
    /* every bar end against the comparison of files written with the plain number */
    for (int i = 0; i < s.n; i++) {
        const sens_row *w = &s.row[i];
        for (int j = 0; j < 3; j += 2) {
            pair_t q;
            char num[32];
            snprintf(num, sizeof num, "%g", w->value[j]);
            if (!strcmp(w->label, "custody.recall.monthly_rate")) {
                char *r = fmt("monthly_rate: %s", num);
                write_pair(&q, r, VOLUME, MULT);
                free(r);
            } else if (!strcmp(w->label, "disposals.short.annual_volume")) {
                char *v = fmt("annual_volume: %s\n    band_months: [0, 12]", num);
                write_pair(&q, RECALL, v, MULT);
                free(v);
            } else {
                assert_string_equal(w->label, "volume.multiplier");
                write_pair(&q, RECALL, VOLUME, num);
            }
            double want = effect(&q, reps, k);
            if (w->result[j] != want) fail_msg("%s at %s: bar end %g, paired run %g", w->label, num, w->result[j], want);
            unlink_pair(&q);
        }
        assert_true(w->result[1] == s.central);
    }
    /* with every assumption central, the plain files' own comparison */
    assert_true(s.central == effect(&p, reps, k));
    /* the multiplier moves the extra orders most: (1.55 - 1.15) x 1,850 a year */
    assert_string_equal(s.row[0].label, "volume.multiplier");
    sens_free(&s);
    errlist_clear(&e);
    unlink_pair(&p);
}

/* One replication's rows of scenario text y, with the range of `pin` (if
 * any) pinned at its low end. */
static double *rows_of(const char *y, const char *pin, size_t *n)
{
    scenario_t *s = load_text_ok(y);
    if (pin) assert_int_equal(unc_pin(s, pin, -1), 1);
    layout_t *l = layout_create(s);
    model_t *m = model_create(s, l);
    *n = (size_t)(s->horizon + 1) * (size_t)l->n;
    double *out = calloc(*n, sizeof *out);
    assert_int_equal(model_run(m, 5, out), 0);
    model_free(m);
    layout_free(l);
    scenario_free(s);
    return out;
}

/* A bar end is the run of the file written with that number, the starting
 * stock included: 300 people in custody at the start are drawn from the
 * intake of short sentences and orders revoked to custody, so their mix
 * follows the short band's volume and the orders' revocations to custody.
 * Pinned at the low end of their ranges, a run gives the same bytes as the
 * file with the low numbers written (the stock took the files' central
 * volumes and shares, whatever the replication drew). */
static void a_pinned_range_reaches_the_starting_stock(void **state)
{
    (void)state;
    static const struct { const char *pin, *ranged, *plain; } cases[] = {
        { "disposals.short.annual_volume", "annual_volume: {low: 600, central: 3000, high: 6000}\n    band_months: [0, 12]",
          "annual_volume: 600\n    band_months: [0, 12]" },
        { "disposals.co.revoked_to_custody", "revoked_to_custody: {low: 0.2, central: 1, high: 1}\n    custody_months",
          "revoked_to_custody: 0.2\n    custody_months" },
    };
    for (int i = 0; i < 2; i++) {
        char *a = small_scenario(0.0375, 0.3, NULL);
        char *b = swap(a, "stock: {community_order: 0}", "stock: {community_order: 0, pre_release: 300}");
        char *c = swap(b, "annual_volume: 0\n    band_months: [0, 12]", "annual_volume: 3000\n    band_months: [0, 12]");
        char *d = swap(c, "name: co\n    kind: community_order\n    annual_volume: 0", "name: co\n    kind: community_order\n    annual_volume: 1850");
        char *ranged = swap(d, i ? "revoked_to_custody: 1\n    custody_months" : "annual_volume: 3000\n    band_months: [0, 12]", cases[i].ranged);
        char *plain = swap(d, i ? "revoked_to_custody: 1\n    custody_months" : "annual_volume: 3000\n    band_months: [0, 12]", cases[i].plain);
        size_t n1, n2;
        double *x = rows_of(ranged, cases[i].pin, &n1), *y = rows_of(plain, NULL, &n2);
        assert_int_equal(n1, n2);
        if (memcmp(x, y, n1 * sizeof *x)) fail_msg("%s pinned low differs from the file with its low number", cases[i].pin);
        free(x); free(y);
        free(a); free(b); free(c); free(d); free(ranged); free(plain);
    }
}

/* The small scenario with orders, the recall rate ranged (RECALL) and a
 * workforce whose PO yearly cost is ranged 25,000 to 75,000. */
static char *costed_base(void)
{
    char *wf = small_workforce("{low: 25000, central: 50000, high: 75000}");
    char *y0 = small_scenario(0.0375, 0.3, wf);
    char *y1 = swap(y0, "monthly_rate: 0.0375", RECALL);
    char *y = swap(y1, "name: co\n    kind: community_order\n    annual_volume: 0", "name: co\n    kind: community_order\n    annual_volume: 1850");
    free(wf);
    free(y0);
    free(y1);
    return y;
}

/* A range on a staff cost cannot move the caseload or the staff needed:
 * the tornado of those leaves it central and says so (two runs saved per
 * such range), and varies it for the cost, where its bar ends are the cost
 * at its low and its high value.  The recall rate is varied for both. */
static void staff_costs_swing_only_the_cost(void **state)
{
    (void)state;
    char *y = costed_base();
    char file[64];
    write_temp(file, y);
    char *files[1] = { file };
    plan_t plan = { .jobs = 2 };
    errlist_t e;
    errlist_init(&e);
    sens_t s;
    assert_int_equal(sens_run(&s, 1, files, SENS_CASELOAD, 6, 2, 31, &plan, 0, &e), 0);
    errlist_print(&e, stderr);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.skipped, 1);
    assert_string_equal(s.row[0].label, "custody.recall.monthly_rate");
    sens_free(&s);
    assert_int_equal(sens_run(&s, 1, files, SENS_FTE, 6, 2, 31, &plan, 0, &e), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.skipped, 1);
    sens_free(&s);
    assert_int_equal(sens_run(&s, 1, files, SENS_COST, 6, 2, 31, &plan, 0, &e), 0);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.skipped, 0);
    int at = strcmp(s.row[0].label, "workforce.probation_officer.annual_cost") ? 1 : 0;
    assert_string_equal(s.row[at].label, "workforce.probation_officer.annual_cost");
    /* the cost moves with the PO cost: higher at the high end */
    assert_true(s.row[at].result[2] > s.row[at].result[1] && s.row[at].result[1] > s.row[at].result[0]);
    sens_free(&s);
    errlist_clear(&e);
    unlink(file);
    free(y);
}

static void headline_drivers_find_the_assumption(void **state)
{
    (void)state;
    pair_t p;
    write_pair(&p, RECALL, VOLUME, "{low: 1.05, central: 1.3, high: 1.6}");
    compare_t *c = compared(p.base, p.policy, 24, 0);
    sens_driver d[3];
    int tried, n = sens_drivers(c, 1, 18, d, &tried);
    assert_int_equal(n, 3);
    assert_int_equal(tried, 3);                       /* recall rate, volume, multiplier */
    assert_string_equal(d[0].label, "volume.multiplier");
    if (!(d[0].r > 0.9)) fail_msg("r = %g", d[0].r);
    assert_true(fabs(d[1].r) <= fabs(d[0].r) && fabs(d[2].r) <= fabs(d[1].r));
    /* the headline says what chance alone gives the largest of the three
     * r from 24 replications (Bonferroni, each at 0.05 / 3 two-sided):
     * t(1 - 0.025 / 3, 22) = 2.5912 (between the tables' 2.508 at 0.99 and
     * 2.819 at 0.995), r = t / sqrt(22 + t^2) = 0.4836; the volume
     * multiplier, far above it, is not marked */
    char *txt = text_of(compare_write_headline_txt, c);
    assert_non_null(strstr(txt, "  (With 3 assumptions drawn, from 24 replications chance alone keeps the largest r within +-0.484\n"
                                "  nineteen times in twenty.)\n"));
    char *vm = strstr(txt, "volume.multiplier (r = +");
    assert_non_null(vm);
    assert_true(strncmp(vm + strlen("volume.multiplier (r = +0.xx"), ")", 1) == 0);
    /* every driver named is marked within chance exactly when |r| is under it */
    int named = 0;
    for (const char *q = txt; (q = strstr(q, " (r = ")); q++) {
        double r;
        assert_int_equal(sscanf(q, " (r = %lf", &r), 1);
        const char *close = strchr(q, ')');
        int marked = close && !strncmp(close - 15, ", within chance", 15);
        if (marked != (fabs(r) < 0.48356)) fail_msg("r = %+.2f marked %d in\n%s", r, marked, txt);
        named++;
    }
    assert_true(named >= 3);
    free(txt);
    c->sc[1]->central = 1;                            /* nothing is drawn: nothing to name */
    assert_int_equal(sens_drivers(c, 1, 18, d, &tried), 0);
    compare_free(c);
    unlink_pair(&p);
}

/* A policy with no lever of its own (every lever it has is the base's
 * too; here none, against a base that has one) has no month to count from:
 * the drivers' line named "at -1 months" (compare the baseline with
 * pre-act plus one of its measures).  It names the horizon's month. */
static void drivers_without_a_lever_of_the_policys_own_name_the_month(void **state)
{
    (void)state;
    pair_t p;
    write_pair(&p, RECALL, VOLUME, "{low: 1.05, central: 1.3, high: 1.6}");
    compare_t *c = compared(p.policy, p.base, 24, 0);   /* the lever is the base's */
    char *txt = text_of(compare_write_headline_txt, c);
    const char *d = strstr(txt, "The assumptions that move the extra caseload at ");
    if (!d) fail_msg("no drivers' line in\n%s", txt);
    /* the small scenarios run 36 months from June 2025: the horizon is June 2028 */
    if (!strstr(d, "at the horizon (June 2028) most")) fail_msg("%.140s", d);
    assert_null(strstr(txt, "at -1 months"));
    free(txt);
    compare_free(c);
    unlink_pair(&p);
}

/* A staff cost cannot move the caseload, so however its draws happen to
 * correlate with the effect it is never named among the caseload's drivers
 * (the headline named a PO's yearly cost third, r = -0.43, from 20
 * replications).  The base has the PO cost and the recall rate ranged, the
 * policy its volume multiplier: two drivers, never the cost. */
static void a_staff_cost_is_never_a_caseload_driver(void **state)
{
    (void)state;
    char *y = costed_base();
    pair_t p;
    write_temp(p.base, y);
    char *py = fmt("extends: %s\nname: more orders\npolicy:\n  - {lever: volume, from: 2025-10, disposals: [co], multiplier: {low: 1.05, central: 1.3, high: 1.6}}\n",
                   p.base);
    write_temp(p.policy, py);
    compare_t *c = compared(p.base, p.policy, 24, 0);
    sens_driver d[3];
    int tried, n = sens_drivers(c, 1, 18, d, &tried);
    assert_int_equal(n, 2);
    assert_int_equal(tried, 2);                       /* the cost is not tried */
    for (int i = 0; i < n; i++)
        if (!strncmp(d[i].label, "workforce.", 10)) fail_msg("a staff cost named as a caseload driver: %s", d[i].label);
    compare_free(c);
    unlink_pair(&p);
    free(py);
    free(y);
}

/* A policy that changes nothing has the same (zero) effect in every
 * replication: no assumption moves it and r is undefined (the headline
 * printed three drivers at r = +0.00 for options that leave the caseload
 * alone).  The base against a copy of itself: no drivers, no line. */
static void an_effect_that_never_varies_has_no_drivers(void **state)
{
    (void)state;
    pair_t p;
    write_pair(&p, RECALL, VOLUME, "{low: 1.05, central: 1.3, high: 1.6}");
    char same[64];
    char *y = fmt("extends: %s\nname: the base again\n", p.base);
    write_temp(same, y);
    compare_t *c = compared(p.base, same, 24, 0);
    sens_driver d[3];
    int tried = -1;
    assert_int_equal(sens_drivers(c, 1, 18, d, &tried), 0);
    assert_int_equal(tried, 0);
    char *txt = text_of(compare_write_headline_txt, c);
    assert_non_null(strstr(txt, "the policy adds 0 people"));
    assert_null(strstr(txt, "The assumptions that move"));
    free(txt);
    compare_free(c);
    unlink_pair(&p);
    unlink(same);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bar_ends_are_the_paired_runs),
        cmocka_unit_test(a_pinned_range_reaches_the_starting_stock),
        cmocka_unit_test(staff_costs_swing_only_the_cost),
        cmocka_unit_test(headline_drivers_find_the_assumption),
        cmocka_unit_test(drivers_without_a_lever_of_the_policys_own_name_the_month),
        cmocka_unit_test(a_staff_cost_is_never_a_caseload_driver),
        cmocka_unit_test(an_effect_that_never_varies_has_no_drivers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
