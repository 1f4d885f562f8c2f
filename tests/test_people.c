/* test_people.c: people who hold several cases, time on remand and home
 * detention curfew, with answers worked out by hand.
 *
 * The small scenario (testutil.h): band "long" is a fixed 30-month sentence
 * (913.125 days) released at 0.4, so the release point is 365.25 days after
 * the sentence counts from; band "short" is 6 months released at 0.5
 * (91.3125 days); community orders ("co") last 12 months. */
#include "fixture.h"
#include "rng.h"

/* The small scenario with `band_extra` lines added to custody band `band`
 * and `custody_extra` (if any) in place of its "custody:" line. */
static fx_t *fx_band(const char *band, const char *band_extra, const char *custody_extra)
{
    char *y0 = small_scenario(0, 0, NULL);
    char *head = fmt("  - name: %s\n    kind: custody\n", band);
    char *with = fmt("%s%s", head, band_extra);
    char *y1 = swap(y0, head, with);
    char *y2 = custody_extra ? swap(y1, "custody:\n", custody_extra) : fmt("%s", y1);
    free(y0); free(y1); free(head); free(with);
    return fx_text(y2);
}

/* The small scenario with time on remand for band "long": every sentence
 * has `days` on remand. */
static fx_t *fx_remand(double days, const char *custody_extra, const char *long_extra)
{
    char *rem = fmt("    remand: {share: 1, days: {dist: fixed, value: %g}}\n%s", days, long_extra ? long_extra : "");
    fx_t *f = fx_band("long", rem, custody_extra);
    free(rem);
    return f;
}

/* 100 days on remand count as served: released 365.25 - 100 = 265.25 days
 * after sentence; the licence still ends 913.125 days after the sentence
 * began to count, 813.125 after the sentence date. */
static void remand_moves_release_to_the_hand_computed_day(void **state)
{
    (void)state;
    fx_t *f = fx_remand(100, NULL, NULL);
    uint32_t id = new_custody(f, "long");
    case_t *c = &f->m->c[id];
    assert_int_equal(c->state, SUP_PRE);
    assert_near(step_case(f), 265.25, 1e-9);
    assert_int_equal(c->state, SUP_LICENCE);
    assert_near(c->t_sent + c->len, 813.125, 1e-9);
    assert_near(step_case(f), 813.125, 1e-9);
    assert_near(sum_flow(f, "releases"), 1, 0);
    assert_near(sum_flow(f, "releases.band.long"), 1, 0);
    assert_near(sum_flow(f, "releases.at_court"), 0, 0);
    fx_free(f);
}

/* 400 days on remand cover the 365.25-day custodial part: released from
 * court on the sentence date (not a release from prison), on licence to
 * 913.125 - 400 = 513.125. */
static void full_credit_releases_on_the_sentence_date(void **state)
{
    (void)state;
    fx_t *f = fx_remand(400, NULL, NULL);
    uint32_t id = new_custody(f, "long");
    case_t *c = &f->m->c[id];
    assert_near(step_case(f), 0, 0);
    assert_int_equal(c->state, SUP_LICENCE);
    assert_near(step_case(f), 513.125, 1e-9);
    assert_near(sum_flow(f, "releases"), 0, 0);
    assert_near(sum_flow(f, "releases.band.long"), 0, 0);
    assert_near(sum_flow(f, "releases.at_court"), 1, 0);
    fx_free(f);
}

static const char *HDC =
    "custody:\n"
    "  home_detention_curfew: {min_sentence_days: 84, max_sentence_months: 48, window_days: %g,"
    " min_days: 28, min_fraction: 0.25, take_up: 1}\n";

/* HDC up to window_days before the release point, after a quarter of the
 * custodial part (0.25 x 365.25 = 91.3125 days from when the sentence
 * counts) and at least 28 days:
 * - 100 days on remand, window 180: release point day 265.25, HDC day 85.25
 *   (the quarter, day -8.69, is earlier);
 * - no remand, window 180: 365.25 - 180 = day 185.25;
 * - no remand, window 365: the quarter binds, day 91.3125. */
static double hdc_day(double remand, double window)
{
    char *h = fmt(HDC, window);
    fx_t *f = fx_remand(remand, h, "    hdc_eligible: 1\n");
    uint32_t id = new_custody(f, "long");
    double rel = step_case(f);
    assert_true(f->m->c[id].flags & F_HDC);
    assert_near(sum_flow(f, "releases.hdc"), 1, 0);
    assert_near(sum_flow(f, "releases"), 1, 0);
    fx_free(f);
    free(h);
    return rel;
}

static void hdc_release_falls_inside_its_window(void **state)
{
    (void)state;
    double rel = hdc_day(100, 180);
    assert_near(rel, 85.25, 1e-9);
    assert_true(rel >= 265.25 - 180 && rel < 265.25);
    assert_near(hdc_day(0, 180), 185.25, 1e-9);
    assert_near(hdc_day(0, 365), 91.3125, 1e-9);
}

/* PSS ends 12 months after the release point, whatever the release (CJA
 * 2003 s.256AA(4)(b)).  Band "short": 6 months (182.625 days) at 0.5, release
 * point day 91.3125, PSS to 91.3125 + 365.25 = 456.5625:
 * - on HDC (window 365): released on day 28 (min_days; a quarter of the
 *   custodial part is 22.83), licence to 182.625, PSS still to 456.5625, not
 *   28 + 365.25 = 393.25;
 * - 100 days on remand: the point was day 91.3125 - 100 = -8.6875, so the
 *   release is from court on day 0, licence to 82.625 and PSS to
 *   -8.6875 + 365.25 = 356.5625, not 365.25. */
static void pss_ends_twelve_months_after_the_release_point(void **state)
{
    (void)state;
    char *h = fmt(HDC, 365.0);
    fx_t *f = fx_band("short", "    hdc_eligible: 1\n", h);
    uint32_t id = new_custody(f, "short");
    case_t *c = &f->m->c[id];
    assert_true(c->flags & F_HDC);
    assert_true(c->flags & F_PSS);
    assert_near(step_case(f), 28, 1e-9);
    assert_near(step_case(f), 182.625, 1e-9);
    assert_int_equal(c->state, SUP_PSS);
    assert_near(step_case(f), 456.5625, 1e-9);
    assert_int_equal(c->state, ST_DONE);
    fx_free(f);
    free(h);

    f = fx_band("short", "    remand: {share: 1, days: {dist: fixed, value: 100}}\n", NULL);
    id = new_custody(f, "short");
    c = &f->m->c[id];
    assert_true(c->flags & F_AT_COURT);
    assert_near(step_case(f), 0, 0);
    assert_near(step_case(f), 82.625, 1e-9);
    assert_int_equal(c->state, SUP_PSS);
    assert_near(step_case(f), 356.5625, 1e-9);
    assert_int_equal(c->state, ST_DONE);
    fx_free(f);
}

/* Two tranches on an HDC case: band "short" on HDC from day 28 (window 365);
 * the point moves to 0.3 (day 54.7875) on 10 July 2025 (day 9) and back to
 * 0.5 (day 91.3125) on 20 July (day 19).  The HDC day stands throughout and
 * PSS ends 12 months after the last point, 456.5625; if the first tranche
 * left the fraction at 0.5, the second looked like no change and PSS ended
 * on 54.7875 + 365.25 = 420.0375 (to a 16th of a day). */
static void a_tranche_back_moves_the_point_of_an_hdc_case_back(void **state)
{
    (void)state;
    char *h = fmt(HDC, 365.0);
    char *y0 = small_scenario(0, 0,
        "policy:\n"
        "  - {lever: release_point, from: 2025-07-10, release_fraction: 0.3, disposals: [short], applies_to: everyone_in_custody}\n"
        "  - {lever: release_point, from: 2025-07-20, release_fraction: 0.5, disposals: [short], applies_to: everyone_in_custody}\n");
    char *y1 = swap(y0, "  - name: short\n    kind: custody\n", "  - name: short\n    kind: custody\n    hdc_eligible: 1\n");
    fx_t *f = fx_text(swap(y1, "custody:\n", h));
    free(y0); free(y1); free(h);
    uint32_t id = new_custody(f, "short");
    case_t *c = &f->m->c[id];
    assert_true(c->flags & F_HDC);
    assert_near(step_case(f), 28, 1e-9);
    assert_near(step_case(f), 182.625, 1e-9);
    assert_int_equal(c->state, SUP_PSS);
    assert_near(step_case(f), 456.5625, 1e-9);
    fx_free(f);
}

/* The starting stock's templates under a first-day tranche: band "long"
 * (913.125 days, 0.4: point 365.25), restated at 0.5 (point 456.5625).
 * - HDC with window 180: the HDC day is worked out again from the new
 *   point, 456.5625 - 180 = 276.5625 (not the old 185.25);
 * - 400 days on remand covered the old point (-34.75, from court) but not
 *   the new one (56.5625): released from prison on day 56.5625. */
static void the_stock_restates_hdc_and_court_under_a_first_day_tranche(void **state)
{
    (void)state;
    char *h = fmt(HDC, 180.0);
    fx_t *f = fx_remand(0, h, "    hdc_eligible: 1\n");
    uint32_t id = model_case_alloc(f->m);
    case_t *c = &f->m->c[id];
    c->flags = 0;
    model_seed_case(f->m, c, 12345);
    custody_draw(f->m, c, disp_index(f->s, "long"), 0, -1);
    assert_true(c->flags & F_HDC);
    assert_near(c->t_end, 185.25, 1e-9);
    custody_restate_release(f->m, c, 0.5, 0);
    assert_true(c->flags & F_HDC);
    assert_near(c->t_end, 276.5625, 1e-9);
    assert_int_equal(c->crd_off, 180 * 16);
    fx_free(f);
    free(h);

    f = fx_remand(400, NULL, NULL);
    id = model_case_alloc(f->m);
    c = &f->m->c[id];
    c->flags = 0;
    model_seed_case(f->m, c, 12345);
    custody_draw(f->m, c, disp_index(f->s, "long"), 0, -1);
    assert_true(c->flags & F_AT_COURT);
    custody_restate_release(f->m, c, 0.5, 0);
    assert_false(c->flags & F_AT_COURT);
    assert_near(c->t_end, 56.5625, 1e-9);
    assert_int_equal(c->crd_off, 0);
    fx_free(f);
}

/* An extended sentence in band "long" (30-month custodial term, 913.125
 * days): released at two thirds (608.75 days), on licence to the end of
 * the term plus a 36-month extension (913.125 + 1095.75 = 2008.875). */
static void an_extended_sentence_licence_runs_to_the_extended_end(void **state)
{
    (void)state;
    fx_t *f = fx_remand(0, NULL, "    extended: {share: 1, release_fraction: 0.6666666666666666, licence_months: {dist: fixed, value: 36}}\n");
    uint32_t id = new_custody(f, "long");
    case_t *c = &f->m->c[id];
    assert_true(c->flags & F_EXTENDED);
    assert_false(c->flags & F_PSS);
    assert_near(step_case(f), 608.75, 1e-6);
    assert_int_equal(c->state, SUP_LICENCE);
    /* the licence end is past the 36-month horizon: its event is never
     * queued, so read the end the case holds */
    assert_near(c->t_sent + c->len, 2008.875, 1e-6);
    assert_near(step_case(f), -1, 0);
    assert_int_equal(c->state, SUP_LICENCE);
    fx_free(f);
}

/* Days on remand and an extension are drawn only for a sentence that has
 * them, each from its own place in the case's stream: whether one is drawn
 * must not change the other, or two scenarios that differ in one (a remand
 * share, an extended share) would stop sharing the other's draws.  Band
 * "long" (913.125 days) with random remand and extension: the same case
 * (same key) draws the same remand with or without an extension, and the
 * same extension with or without remand. */
static void custody_draw_sentence(double remand_share, double ext_share, double *remand, double *ext)
{
    char *y0 = small_scenario(0, 0, NULL);
    char *rem = fmt("  - name: long\n    kind: custody\n"
                    "    remand: {share: %g, days: {dist: gamma, mean: 60, sd: 40}}\n"
                    "    extended: {share: %g, release_fraction: 0.6666666666666666, licence_months: {dist: gamma, mean: 36, sd: 12}}\n",
                    remand_share, ext_share);
    char *y1 = swap(y0, "  - name: long\n    kind: custody\n", rem);
    free(y0); free(rem);
    fx_t *f = fx_text(y1);
    uint32_t id = new_custody(f, "long");
    const case_t *c = &f->m->c[id];
    *remand = c->alt_len;
    *ext = c->len - 913.125;
    assert_int_equal(!!(c->flags & F_EXTENDED), ext_share > 0);
    fx_free(f);
}

static void remand_and_extension_draws_do_not_move_each_other(void **state)
{
    (void)state;
    double r_both, x_both, r_only, x_none, r_none, x_only;
    custody_draw_sentence(1, 1, &r_both, &x_both);
    custody_draw_sentence(1, 0, &r_only, &x_none);
    custody_draw_sentence(0, 1, &r_none, &x_only);
    assert_true(r_both > 0 && x_both > 0);
    assert_near(x_none, 0, 1e-9);
    assert_near(r_none, 0, 0);
    assert_near(r_only, r_both, 0);
    assert_near(x_only, x_both, 0);
}

/* An IPP-style licence termination: band "long" is released on day 365.25;
 * `end_supervision` of licences from 1 January 2027 (day 549) for people
 * released at least 3 months before ends the licence on day 549; with 12
 * months it leaves it running (184 days since release). */
static void a_licence_ends_on_its_termination_date(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        char *pol = fmt("policy:\n  - lever: end_supervision\n    what: licence\n    disposals: [long]\n"
                        "    min_months_since_release: %d\n    from: 2027-01\n", k ? 12 : 3);
        fx_t *f = fx_new(0, 0, pol);
        free(pol);
        uint32_t id = new_custody(f, "long");
        case_t *c = &f->m->c[id];
        assert_near(step_case(f), 365.25, 1e-9);
        event_t ev;
        while (engine_next(f->m->eng, &ev) && ev.t <= 549.5) model_dispatch(f->m, &ev);
        assert_int_equal(c->state, k ? SUP_LICENCE : ST_DONE);
        assert_int_equal(f->m->ptotal, k ? 1 : 0);
        fx_free(f);
    }
}

static uint32_t new_order(fx_t *f, double t) { return fx_order(f, "co", t, 777); }

/* Who a sentence joins.  One person on a community order (case a), one in
 * custody (b), and the new sentence (c).  already_in_custody 1: always b,
 * over 200 draws; already_supervised 1: either, each about half the time
 * (binomial 200 x 0.5: sd 7, so 70 to 130 is over four sd); neither: a new
 * person every time. */
static void a_sentence_joins_the_people_its_share_says(void **state)
{
    (void)state;
    static const struct { const char *keys; int want_a_lo, want_a_hi, want_b_lo, want_b_hi; } cases[] = {
        { "    already_in_custody: 1\n", 0, 0, 200, 200 },
        { "    already_supervised: 1\n", 70, 130, 70, 130 },
        { "", 0, 0, 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *y0 = small_scenario(0, 0, NULL);
        char *k = fmt("  - name: short\n    kind: custody\n%s", cases[i].keys);
        char *y = swap(y0, "  - name: short\n    kind: custody\n", k);
        free(y0); free(k);
        fx_t *f = fx_text(y);
        model_t *m = f->m;
        uint32_t a = new_order(f, 0), b = new_custody(f, "long");
        uint32_t c = model_case_alloc(m);
        int d = disp_index(f->s, "short"), na = 0, nb = 0;
        for (int r = 0; r < 200; r++) {
            rng_reseed(m->r_div, 1000 + (uint64_t)r * 7919);
            int64_t h = model_pick_host(m, d, 10, c, m->r_div);
            na += h == a;
            nb += h == b;
            assert_true(h == -1 || h == a || h == b);
        }
        assert_true(na >= cases[i].want_a_lo && na <= cases[i].want_a_hi);
        assert_true(nb >= cases[i].want_b_lo && nb <= cases[i].want_b_hi);
        fx_free(f);
    }
}

/* A new sentence of disposal `disp` on day t, passed on host's person, and
 * started: the path arrive() takes in the model. */
static uint32_t pass_on(fx_t *f, uint32_t host, const char *disp, double t, uint64_t key)
{
    model_t *m = f->m;
    int d = disp_index(f->s, disp), custody = f->s->disp[d].kind == KIND_CUSTODY;
    uint32_t id = model_case_alloc(m);
    case_t *c = &m->c[id];
    c->flags = 0;
    model_seed_case(m, c, key);
    if (custody) custody_draw(m, c, d, t, -1);
    else community_draw(m, c, d, t);
    model_join_sentence(m, c, host, custody, t);
    if (custody) custody_start(m, id, t);
    else community_start(m, id);
    return id;
}

/* A custodial sentence (day 10) passed on someone serving a community
 * order: one person, counted once in the total, once as pre-release; the
 * order ends on the day, revoked, and leaves one person with one case. */
static void a_person_on_an_order_sentenced_to_custody_is_counted_once(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 0, NULL);
    model_t *m = f->m;
    uint32_t co = new_order(f, 0);
    assert_int_equal(m->ptotal, 1);
    pass_on(f, co, "long", 10, 4242);
    assert_int_equal(m->ptotal, 1);                 /* one person ... */
    assert_int_equal(m->pcount[SUP_CO], 1);
    assert_int_equal(m->pcount[SUP_PRE], 1);
    assert_int_equal(m->pcourt, 1);                 /* ... on a court order (OMSQ counts them there) */
    event_t ev;
    while (engine_next(m->eng, &ev) && ev.t <= 10) model_dispatch(m, &ev);
    assert_int_equal(m->c[co].state, ST_DONE);      /* the order ended on day 10 */
    assert_int_equal(m->ptotal, 1);
    assert_int_equal(m->pcount[SUP_CO], 0);
    assert_int_equal(m->pcount[SUP_PRE], 1);
    assert_int_equal(m->pcourt, 0);                 /* custody only now */
    assert_near(sum_flow(f, "ends.co.revoked"), 1, 0);
    fx_free(f);
}

/* Two community orders on one person: one person, two orders; with an
 * SSO too, one person on court orders. */
static void two_concurrent_orders_make_one_person_and_two_orders(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 0, NULL);
    model_t *m = f->m;
    uint32_t a = new_order(f, 0);
    pass_on(f, a, "co", 5, 99);
    assert_int_equal(m->ptotal, 1);
    assert_int_equal(m->pcount[SUP_CO], 1);
    int64_t orders = 0;
    for (int k = 0; k < f->s->ntiers; k++) orders += m->count[SUP_CO * f->s->ntiers + k];
    assert_int_equal(orders, 2);
    assert_int_equal(m->pcourt, 1);
    /* an SSO as well: still one person on court orders, counted in both types */
    pass_on(f, a, "sso", 5, 98);
    assert_int_equal(m->ptotal, 1);
    assert_int_equal(m->pcount[SUP_CO], 1);
    assert_int_equal(m->pcount[SUP_SSO], 1);
    assert_int_equal(m->pcourt, 1);
    fx_free(f);
}

/* A lever on a custodial band's mean length (a dated path of sentence
 * lengths, such as the average custodial sentence falling from 23.0 months
 * in 2022 to 22.0 in 2024) stretches the sentences drawn from its date and
 * keeps them inside their band.  Band "long": a fixed 30 months, band 12 to
 * 120 months, released at 0.4; a sentence drawn on day 10 (the lever is in
 * force from 1 July 2025):
 * - x 1.2: 36 months = 1,095.75 days, release point 10 + 438.3 = 448.3;
 * - x 5: 150 months is past the band, so its top, 120 months = 3,652.5 days,
 *   release point 10 + 1,461 = 1,471;
 * - the same lever from 2026-01 has not yet acted: 30 months, 10 + 365.25. */
static void a_custodial_length_lever_stretches_new_sentences_within_the_band(void **state)
{
    (void)state;
    const struct { double k; const char *from; double len, rel; } want[] = {
        { 1.2, "2025-07", 1095.75, 448.3 }, { 5, "2025-07", 3652.5, 1471 }, { 1.2, "2026-01", 913.125, 375.25 },
    };
    for (int i = 0; i < 3; i++) {
        char *pol = fmt("policy:\n  - {multiply: disposals.long.length_months.value, value: %g, from: %s}\n", want[i].k,
                        want[i].from);
        fx_t *f = fx_new(0, 0, pol);
        free(pol);
        uint32_t id = model_case_alloc(f->m);
        case_t *c = &f->m->c[id];
        c->flags = 0;
        model_seed_case(f->m, c, 12345);
        custody_draw(f->m, c, disp_index(f->s, "long"), 10, -1);
        assert_near(c->len, want[i].len, 1e-9);
        assert_near(c->t_end, want[i].rel, 1e-9);
        fx_free(f);
    }
}

/* Two custodial sentences on one person: the short one's release point
 * (91.3125) is not a release from prison while the long one (365.25) is
 * still to serve; the long one's is. */
static void a_release_is_a_person_leaving_custody(void **state)
{
    (void)state;
    fx_t *f = fx_new(0, 0, NULL);
    model_t *m = f->m;
    uint32_t a = new_custody(f, "long");
    pass_on(f, a, "short", 0, 5150);
    assert_near(step_case(f), 91.3125, 1e-9);
    assert_near(sum_flow(f, "releases"), 0, 0);
    assert_int_equal(m->ptotal, 1);
    /* the short sentence's licence and PSS run on meanwhile */
    double t;
    while ((t = step_case(f)) < 365.25 - 1e-9) assert_true(t > 0);
    assert_near(t, 365.25, 1e-9);
    assert_int_equal(m->c[a].state, SUP_LICENCE);
    assert_near(sum_flow(f, "releases"), 1, 0);
    fx_free(f);
}

/* The order disposals are listed in changes nothing in the flows: a
 * month's sentences are made in time order across disposals, so a sentence
 * passed on someone already supervised sees every case that arrived before
 * it, and none that arrives after (made disposal by disposal, custody
 * passed on people on community orders listed after it found only last
 * month's: the orders' caseload differed by 2.8% between the two
 * listings).  Same seed, same series, every month.  (Not the starting
 * stock: its templates take disposals in listing order, so with two bands
 * feeding a custodial stock a swap changes which template a draw gives,
 * the same statistics, other bytes; here each stock type has one.) */
static void the_order_of_the_disposals_changes_nothing(void **state)
{
    (void)state;
    static const char head[] =
        "name: order\ndescription: listing order\nstart_month: 2025-06\nhorizon_months: 12\nreplications: 1\nseed: 7\n"
        "tiers: [high, low]\nreports:\n  oral: {lead_days: 0}\nstock: {community_order: 10000, pre_release: 500, licence: 500}\n"
        "custody:\n  post_sentence_supervision: {min_sentence_days: 1, max_sentence_months: 0.5, supervision_months: 12}\n"
        "  recall: {monthly_rate: 0, fixed_term_share: 1, fixed_term_days_short: 14, fixed_term_days_long: 28,"
        " threshold_months: 12, standard_recall_days: {dist: fixed, value: 50}}\n"
        "disposals:\n";
    static const char co[] =
        "  - {name: co, kind: community_order, annual_volume: 12000, length_months: {dist: fixed, value: 12},"
        " tier_shares: {high: 0.3, low: 0.7}, outcomes: {completed: 1, early_termination: 0, revoked: 0},"
        " early_termination_at: 0.5, revoked_to_custody: 0, custody_months: {dist: fixed, value: 4},"
        " reports: {share: 0, mix: {oral: 1}}}\n";
    static const char cu[] =
        "  - {name: short, kind: custody, annual_volume: 6000, already_supervised: 1, band_months: [0, 12],"
        " length_months: {dist: fixed, value: 2}, release_fraction: 0.5, tier_shares: {high: 0.5, low: 0.5},"
        " reports: {share: 0, mix: {oral: 1}}}\n";
    static const char *const names[] = { "caseload.total", "caseload.community_order", "ends.co.revoked", "starts.short", "releases" };
    double got[2][5][13];
    for (int v = 0; v < 2; v++) {
        char *y = fmt("%s%s%s", head, v ? cu : co, v ? co : cu);
        scenario_t *s = load_text_ok(y);
        layout_t *l = layout_create(s);
        model_t *m = model_create(s, l);
        double *out = calloc((size_t)(s->horizon + 1) * (size_t)l->n, sizeof *out);
        assert_int_equal(model_run(m, 3, out), 0);
        for (int i = 0; i < 5; i++) {
            int k = layout_find(l, names[i]);
            assert_true(k >= 0);
            for (int j = 0; j <= 12; j++) got[v][i][j] = out[(size_t)j * (size_t)l->n + (size_t)k];
        }
        free(out);
        model_free(m);
        layout_free(l);
        scenario_free(s);
        free(y);
    }
    for (int i = 0; i < 5; i++)
        for (int j = 0; j <= 12; j++)
            if (got[0][i][j] != got[1][i][j]) fail_msg("%s at row %d: %g listed one way, %g the other", names[i], j, got[0][i][j], got[1][i][j]);
    assert_true(got[0][2][12] > 0); /* custody passed on people on orders ends them */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(remand_moves_release_to_the_hand_computed_day),
        cmocka_unit_test(full_credit_releases_on_the_sentence_date),
        cmocka_unit_test(hdc_release_falls_inside_its_window),
        cmocka_unit_test(pss_ends_twelve_months_after_the_release_point),
        cmocka_unit_test(a_tranche_back_moves_the_point_of_an_hdc_case_back),
        cmocka_unit_test(the_stock_restates_hdc_and_court_under_a_first_day_tranche),
        cmocka_unit_test(an_extended_sentence_licence_runs_to_the_extended_end),
        cmocka_unit_test(remand_and_extension_draws_do_not_move_each_other),
        cmocka_unit_test(a_licence_ends_on_its_termination_date),
        cmocka_unit_test(a_sentence_joins_the_people_its_share_says),
        cmocka_unit_test(a_person_on_an_order_sentenced_to_custody_is_counted_once),
        cmocka_unit_test(two_concurrent_orders_make_one_person_and_two_orders),
        cmocka_unit_test(a_release_is_a_person_leaving_custody),
        cmocka_unit_test(a_custodial_length_lever_stretches_new_sentences_within_the_band),
        cmocka_unit_test(the_order_of_the_disposals_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
