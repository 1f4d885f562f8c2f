/* custody.c: custody, release, licence, post-sentence supervision, recall.
 *
 * A custodial sentence of length L is a pre-release case for probation until
 * release at rf x L (rf: the release fraction in force for that sentence, the
 * rulebook's disposals.<band>.release_fraction on the day of sentence).  Licence runs to the sentence end L.  Sentences in
 * the PSS range (over pss_min_len and under pss_max_len) are supervised for
 * pss_days after the release point (not after an earlier HDC release or a
 * later release from court, CJA 2003 s.256AA(4)): post-sentence
 * supervision fills the gap between the licence end and that day.
 *
 * Time on remand (a share of each band's sentences, days drawn from a
 * distribution) counts as served: the sentence runs from the sentence date
 * less those days, and where remand covers the custodial part the person
 * is released from court, straight onto licence.  Home detention curfew
 * (HDC) releases an eligible share earlier: up to window_days before the
 * release point, after min_fraction of the custodial part and min_days.
 *
 * Extended-licence sentences (EDS; sentences for offenders of particular
 * concern) are a share of a band: released at their own fraction of the
 * custodial term, on licence to its end plus an extension, never on PSS or
 * HDC, and untouched by tranche changes of the standard release point.
 *
 * On licence, recall is a constant hazard (recall_rate per day, times the
 * band's recall_factor).  A recall is
 * fixed-term with probability ftr_share (ftr_short days for sentences under
 * ftr_threshold, else ftr_long) or standard (days drawn from std_recall); in
 * both cases release comes no later than the sentence end.  While recalled
 * the person is in custody, outside the community caseload; re-released, they
 * are back on licence with a fresh recall clock.  Recalls come from the
 * case's own stream, so the same person's recalls match across scenarios.
 * Every rule here that a lever can change is read from the rulebook, at the
 * time its clock says (params.h): sentence, first release, or now. */
#include "model_internal.h"

#include <gsl/gsl_randist.h>
#include <math.h>

#include "rng.h"

/* Records the release point crd of case c against its first release t_end
 * (case_t.crd_off, in 16ths of a day).  The offset is at most the sentence's
 * length, which for PSS is under 60 months (scenario.c), inside the range;
 * a longer sentence's is kept as 0 (it has no PSS, and nothing else reads it). */
static void set_release_point(case_t *c, double crd)
{
    double q = nearbyint((crd - c->t_end) * 16);
    c->crd_off = (int16_t)(fabs(q) <= INT16_MAX ? q : 0);
}

/* Home detention curfew: the release day of case c (release point crd,
 * fraction c->rf) on HDC decided on day t: up to window days before the
 * point, after serving min_fraction of the custodial part and min_days, not
 * before t.  crd or later means no earlier release. */
static double hdc_day(const model_t *m, const case_t *c, double crd, double t)
{
    const scenario_t *s = m->sc;
    double served = s->hdc_min_fraction * c->rf * c->len;
    if (served < s->hdc_min_days) served = s->hdc_min_days;
    double hdc = crd - rb_at(m->rb, PG_HDC_WINDOW, t), first = c->t_sent + served;
    if (hdc < first) hdc = first;
    return hdc < t ? t : hdc;
}

/* The custody band whose rules a case follows: its own, or for a revoked
 * order's custodial term the band its length falls in (custody_draw). */
static int band_of(const model_t *m, const case_t *c)
{
    return (c->flags & F_FROM_ORDER) ? rulebook_band_of(m->rb, c->len) : c->disp;
}

void custody_draw(model_t *m, case_t *c, int d, double t, double len)
{
    const scenario_t *s = m->sc;
    const disposal_t *dp = &s->disp[d];
    c->disp = (uint8_t)d;
    c->t_sent = t;
    c->alt_len = 0;
    c->flags &= (uint8_t)~(F_HDC | F_AT_COURT | F_EXTENDED);
    if (len < 0) {
        c->tier = model_draw_tier(m->r_tier, m->rb->tier_cum + (size_t)d * (size_t)s->ntiers, m->rb->tier_guide + (size_t)d * TIER_GUIDE, s->ntiers);
        /* a lever on the mean length (a dated path of sentence lengths)
         * stretches the distribution; the length stays inside its band */
        double f = rb_ratio(m->rb, param_disp(s, d, PD_LENGTH_MEAN), t);
        c->len = dist_draw_in(&dp->length, f, m->r_dur, dp->band_lo, dp->band_hi);
        c->rf = rb_at(m->rb, param_disp(s, d, PD_RELEASE), t);
    } else {
        /* a term from a revoked order: the release fraction of the custody
         * band nearest its length, as at the start (levers for new
         * sentences name bands, not orders) */
        c->len = len;
        c->flags |= F_FROM_ORDER;
        int b = rulebook_band_of(m->rb, len);
        c->rf = b >= 0 ? rb_base(m->rb, param_disp(s, b, PD_RELEASE)) : 0.5;
    }
    /* drawn always, from the case's own stream, to keep streams aligned */
    double u;
    if (len < 0) u = rng_uniform(m->r_out);
    else {
        rng_reseed(m->r_rec, c->rng);
        u = rng_uniform(m->r_rec);
        c->rng = rng_state(m->r_rec);
    }
    if (len < 0) {
        /* Time on remand counts as served: the sentence runs from t - r.
         * Remand covering the custodial part means release from court. */
        /* from the case's own stream, so scenarios stay paired */
        double ur = rng_uniform(m->r_rem), uh = rng_uniform(m->r_rem), ue = rng_uniform(m->r_rem);
        /* the days on remand and an extension are drawn only when used, each
         * from its own place in the stream (so one drawn or not moves no
         * other, and paired runs still share them) */
        uint64_t s0 = rng_state(m->r_rem);
        if (dp->remand_days.mean > 0 && ur < rb_at(m->rb, param_disp(s, d, PD_REMAND_SHARE), t)) {
            double r = dist_draw(&dp->remand_days, m->r_rem);
            c->alt_len = r < c->len ? r : c->len;
            c->t_sent = t - c->alt_len;
        }
        /* An extended licence: released at ext_rf of the custodial term L,
         * on licence to L plus the extension (held as len = L + E, rf
         * rescaled so that rf x len is still the release point). */
        if (dp->ext_share > 0 && ue < dp->ext_share) {
            rng_reseed(m->r_rem, rng_mix(s0, RNG_REMAND));
            double x = dist_draw(&dp->ext_licence, m->r_rem), term = c->len;
            c->len = term + x;
            c->rf = dp->ext_rf * term / c->len;
            c->flags |= F_EXTENDED;
        }
        double crd = c->t_sent + c->rf * c->len;  /* conditional release date */
        c->t_end = crd > t ? crd : t;
        if (crd <= t) c->flags |= F_AT_COURT;
        if (s->hdc_on && !(c->flags & F_EXTENDED) && c->len >= s->hdc_min_len && c->len < s->hdc_max_len && crd > t &&
            uh < dp->hdc_eligible * rb_at(m->rb, PG_HDC_TAKE_UP, t)) {
            double hdc = hdc_day(m, c, crd, t);
            if (hdc < crd) { c->t_end = hdc; c->flags |= F_HDC; }
        }
        set_release_point(c, crd);
    } else {
        c->t_end = t + c->rf * c->len;
        c->crd_off = 0;
    }
    double t_rel = c->t_end;
    if (!(c->flags & F_EXTENDED) && c->len > s->pss_min_len && c->len < s->pss_max_len && u < rb_at(m->rb, PG_PSS_SHARE, t_rel) &&
        rb_at(m->rb, PG_PSS_IN_FORCE, t_rel) != 0)
        c->flags |= F_PSS;
    else
        c->flags &= (uint8_t)~F_PSS;
}

void custody_start(model_t *m, uint32_t id, double t)
{
    case_t *c = &m->c[id];
    (void)t;
    model_move(m, c, SUP_PRE);
    model_schedule(m, id, c->t_end, EV_RELEASE);
}

int custody_move_release_point(case_t *c, double rf, double t)
{
    double crd = c->t_sent + rf * c->len, rel = crd < t ? t : crd;
    if ((c->flags & F_HDC) && c->t_end < rel) { /* HDC comes sooner; */
        c->rf = rf;                              /* the point and the */
        set_release_point(c, crd);               /* fraction still move */
        return 0;
    }
    c->rf = rf;
    c->t_end = rel;
    c->flags &= (uint8_t)~F_HDC;                 /* released at the point, not on HDC */
    set_release_point(c, crd);
    return 1;
}

void custody_restate_release(const model_t *m, case_t *c, double rf, double t)
{
    double crd = c->t_sent + rf * c->len;
    c->rf = rf;
    c->t_end = crd > t ? crd : t;
    if (crd <= t) c->flags |= F_AT_COURT;
    else c->flags &= (uint8_t)~F_AT_COURT;
    if (c->flags & F_HDC) {
        double hdc = crd > t ? hdc_day(m, c, crd, t) : crd;
        if (hdc < crd) c->t_end = hdc;
        else c->flags &= (uint8_t)~F_HDC;
    }
    set_release_point(c, crd);
}

/* PSS runs to 12 months after the release point, not after the release:
 * an HDC release does not shorten it, nor a release from court lengthen it
 * (CJA 2003 s.256AA(4)(b): "12 months beginning immediately after the
 * offender has served the requisite custodial period"). */
double custody_pss_end(const model_t *m, const case_t *c)
{
    return (c->flags & F_PSS) ? c->t_end + c->crd_off / 16.0 + m->sc->pss_days : -INFINITY;
}

/* Has a lever ending running PSS (end_supervision, what:
 * post_sentence_supervision) on a date at or before t covered case c, whose
 * PSS would begin at t?  The lever covers everyone released long enough
 * before its date, so a PSS that had not yet begun on the date never
 * begins: the Act ends the supervision requirements imposed before the day
 * (s.34(4)), not only the periods running (without this, people released
 * before 11 May 2026 started PSS until late 2027). */
static int pss_ended(const model_t *m, const case_t *c, double t)
{
    const rulebook_t *rb = m->rb;
    for (int i = 0; i < rb->nev; i++) {
        const rb_event *ev = &rb->ev[i];
        if (ev->kind != RB_EV_END_SUP || ev->t > t) continue;
        const lever_t *l = &m->sc->levers[ev->lever];
        int band = band_of(m, c);
        if (l->end_what && band >= 0 && l->disp[band] && ev->t - c->t_end >= l->min_since_release) return 1;
    }
    return 0;
}

void custody_after_licence(model_t *m, uint32_t id, double t)
{
    case_t *c = &m->c[id];
    double pe = custody_pss_end(m, c);
    if (pe > t && rb_at(m->rb, PG_PSS_IN_FORCE, c->t_end) != 0 && !pss_ended(m, c, t)) {
        model_move(m, c, SUP_PSS);
        model_schedule(m, id, pe, EV_PSS_END);
    } else
        model_move(m, c, ST_DONE);
}

void custody_licence_from(model_t *m, uint32_t id, double t)
{
    case_t *c = &m->c[id];
    double end = c->t_sent + c->len;
    if (end <= t) { custody_after_licence(m, id, t); return; }
    /* active supervision may stop part-way through the licence (a lever) */
    double phi = rb_at(m->rb, PG_ACTIVE_FRACTION, c->t_end);
    double t_in = phi < 1 ? c->t_end + phi * (end - c->t_end) : INFINITY;
    if (c->state == SUP_LICENCE && t >= t_in) model_move(m, c, ST_INACTIVE);
    double next = end;
    int ev = EV_LICENCE_END;
    if (c->state == SUP_LICENCE && t_in < next) { next = t_in; ev = EV_INACTIVE; }
    int band = band_of(m, c);
    double h = rb_at(m->rb, PG_RECALL_RATE, t) * (band >= 0 ? rb_at(m->rb, param_disp(m->sc, band, PD_RECALL_FACTOR), t) : 1);
    if (h > 0) {
        rng_reseed(m->r_rec, c->rng);
        double x = rng_exponential(m->r_rec, 1.0) / h;
        c->rng = rng_state(m->r_rec);
        if (t + x < next) { next = t + x; ev = EV_RECALL; }
    }
    model_schedule(m, id, next, ev);
}

static void recall(model_t *m, uint32_t id, double t)
{
    case_t *c = &m->c[id];
    const layout_t *l = m->lay;
    rng_reseed(m->r_rec, c->rng);
    double u = rng_uniform(m->r_rec);
    double days = dist_draw(&m->sc->std_recall, m->r_rec); /* drawn always: keeps streams aligned */
    c->rng = rng_state(m->r_rec);
    /* a lever on the mean standard recall, or a drawn mean, scales the drawn length */
    days *= rb_ratio(m->rb, PG_STD_RECALL_MEAN, t);
    int fixed = u < rb_at(m->rb, PG_FTR_SHARE, t);
    if (fixed) days = rb_at(m->rb, c->len >= m->sc->ftr_threshold ? PG_FTR_LONG : PG_FTR_SHORT, t);
    model_flow(m, l->recalls, 1);
    model_flow(m, fixed ? l->recalls_fixed : l->recalls_standard, 1);
    model_move(m, c, SUP_RECALLED);
    double back = t + days, end = c->t_sent + c->len;
    /* remand days and the release fraction served their purpose at first
     * release: the recall's own dates take their place (model_internal.h) */
    c->t_recall = t;
    c->t_back = back < end ? back : end;
    c->flags = (uint8_t)(fixed ? c->flags & ~F_STD_RECALL : c->flags | F_STD_RECALL);
    model_schedule(m, id, c->t_back, EV_RERELEASE);
}

void custody_event(model_t *m, uint32_t id, double t, int ev)
{
    case_t *c = &m->c[id];
    switch (ev) {
    case EV_RELEASE:
        /* a release is a person leaving custody: not while they serve
         * another sentence or recall; nor when remand covered the custodial
         * part (released from court, not from prison) */
        if (c->flags & F_AT_COURT) model_flow(m, m->lay->releases_at_court, 1);
        else if (model_in_custody(m, c) == 1) {
            model_flow(m, m->lay->releases, 1);
            int b = band_of(m, c);
            if (b >= 0 && m->lay->release_band[b] >= 0) model_flow(m, m->lay->release_band[b], 1);
            if (c->flags & F_HDC) model_flow(m, m->lay->releases_hdc, 1);
        }
        model_move(m, c, SUP_LICENCE);
        custody_licence_from(m, id, t);
        break;
    case EV_LICENCE_END:
        custody_after_licence(m, id, t);
        break;
    case EV_RECALL:
        recall(m, id, t);
        break;
    case EV_RERELEASE:
        if (t >= c->t_sent + c->len) custody_after_licence(m, id, t);
        else {
            model_move(m, c, SUP_LICENCE);
            custody_licence_from(m, id, t);
        }
        break;
    case EV_PSS_END:
        model_move(m, c, ST_DONE);
        break;
    case EV_INACTIVE:
        model_move(m, c, ST_INACTIVE);
        custody_licence_from(m, id, t);
        break;
    }
}

void custody_rule_event(model_t *m, const rb_event *ev, double t)
{
    for (uint32_t id = 0; id < m->ncase; id++) {
        case_t *c = &m->c[id];
        if (ev->kind == RB_EV_TRANCHE && c->state == SUP_PRE && c->t_sent < t) {
            /* Tranche: the new release point for everyone in custody in the
             * chosen bands; those already past it are released today (a
             * later point simply holds people longer). */
            if (c->flags & F_EXTENDED) continue; /* release-point changes are for standard sentences */
            int d = band_of(m, c);
            if (d < 0 || isnan(ev->rf[d]) || ev->rf[d] == c->rf) continue;
            if (custody_move_release_point(c, ev->rf[d], t)) model_schedule(m, id, c->t_end, EV_RELEASE);
        } else if (ev->kind == RB_EV_END_SUP) {
            /* Licences in the community (not people held on recall) or PSS
             * periods running on the date end, for people first released
             * long enough before. */
            const lever_t *l = &m->sc->levers[ev->lever];
            int st = c->state;
            int hit = l->end_what ? st == SUP_PSS : (st == SUP_LICENCE || st == ST_INACTIVE);
            int band = band_of(m, c);
            if (hit && band >= 0 && l->disp[band] && t - c->t_end >= l->min_since_release) model_move(m, c, ST_DONE);
        } else if (ev->kind == RB_EV_CONVERT_RECALL && c->state == SUP_RECALLED && (c->flags & F_STD_RECALL)) {
            /* A standard recall held on the date becomes fixed-term with the
             * lever's share: release at the later of recall + the fixed
             * term and the date, or when due if that is sooner. */
            const lever_t *l = &m->sc->levers[ev->lever];
            if (rng_unit(rng_mix(c->rng, 0xc0e + (uint64_t)ev->lever)) >= l->convert_held) continue;
            double ftr = rb_at(m->rb, c->len >= m->sc->ftr_threshold ? PG_FTR_LONG : PG_FTR_SHORT, t);
            double back = c->t_recall + ftr;
            if (back < t) back = t;
            c->flags &= (uint8_t)~F_STD_RECALL;
            if (back >= c->t_back) continue;
            c->t_back = back;
            model_schedule(m, id, back, EV_RERELEASE);
        } else if (ev->kind == RB_EV_REDRAW_RECALL && (c->state == SUP_LICENCE || c->state == ST_INACTIVE)) {
            /* The hazard changed: redraw the next recall (memoryless). */
            custody_licence_from(m, id, t);
        }
    }
}
