/* custody.c: custody, release, licence, post-sentence supervision, recall.
 *
 * A custodial sentence of length L is a pre-release case for probation until
 * release at rf x L (rf: the release fraction in force for that sentence; see
 * policy.c for changes).  Licence runs to the sentence end L.  Sentences in
 * the PSS range (over pss_min_len and under pss_max_len) are supervised for
 * pss_days after the first release in total: post-sentence supervision fills
 * the gap between the licence end and that point.
 *
 * On licence, recall is a constant hazard (recall_rate per day).  A recall is
 * fixed-term with probability ftr_share (ftr_short days for sentences under
 * ftr_threshold, else ftr_long) or standard (days drawn from std_recall); in
 * both cases release comes no later than the sentence end.  While recalled
 * the person is in custody, outside the community caseload; re-released, they
 * are back on licence with a fresh recall clock.  Recalls come from the
 * case's own stream, so the same person's recalls match across scenarios. */
#include "model_internal.h"

#include <gsl/gsl_randist.h>
#include <math.h>

#include "policy.h"
#include "rng.h"

void custody_draw(model_t *m, case_t *c, int d, double t, double len)
{
    const scenario_t *s = m->sc;
    const disposal_t *dp = &s->disp[d];
    c->disp = (uint8_t)d;
    c->t_sent = t;
    if (len < 0) {
        c->tier = model_draw_tier(m->r_tier, dp->tier_share, s->ntiers);
        c->len = dist_draw_in(&dp->length, m->r_dur, dp->band_lo, dp->band_hi);
        c->rf = policy_release_fraction(s, d, t, c->len, dp->release_fraction);
    } else {
        c->len = len;
        c->flags |= F_FROM_ORDER;
        c->rf = policy_release_fraction(s, -1, t, len, scenario_release_fraction_for(s, len));
    }
    /* drawn always, from the case's own stream, to keep streams aligned */
    double u;
    if (len < 0) u = gsl_rng_uniform(m->r_out);
    else {
        rng_reseed(m->r_rec, c->rng);
        u = gsl_rng_uniform(m->r_rec);
        c->rng = rng_state(m->r_rec);
    }
    if (c->len > s->pss_min_len && c->len < s->pss_max_len && u < s->pss_share &&
        policy_pss_applies(s, t + c->rf * c->len))
        c->flags |= F_PSS;
    else
        c->flags &= (uint8_t)~F_PSS;
    c->t_end = t + c->rf * c->len;
}

void custody_start(model_t *m, uint32_t id, double t)
{
    case_t *c = &m->c[id];
    (void)t;
    model_move(m, c, SUP_PRE);
    model_schedule(m, id, c->t_end, EV_RELEASE);
}

double custody_pss_end(const model_t *m, const case_t *c)
{
    return (c->flags & F_PSS) ? c->t_end + m->sc->pss_days : -INFINITY;
}

void custody_after_licence(model_t *m, uint32_t id, double t)
{
    case_t *c = &m->c[id];
    double pe = custody_pss_end(m, c);
    if (pe > t && policy_pss_applies(m->sc, c->t_end)) {
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
    /* active supervision may stop part-way through the licence (policy) */
    double phi = policy_active_fraction(m->sc, c->t_end);
    double t_in = phi < 1 ? c->t_end + phi * (end - c->t_end) : INFINITY;
    if (c->state == SUP_LICENCE && t >= t_in) model_move(m, c, ST_INACTIVE);
    double next = end;
    int ev = EV_LICENCE_END;
    if (c->state == SUP_LICENCE && t_in < next) { next = t_in; ev = EV_INACTIVE; }
    double h = policy_recall_rate(m->sc, t);
    if (h > 0) {
        rng_reseed(m->r_rec, c->rng);
        double x = gsl_ran_exponential(m->r_rec, 1.0) / h;
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
    double u = gsl_rng_uniform(m->r_rec);
    double days = dist_draw(&m->sc->std_recall, m->r_rec); /* drawn always: keeps streams aligned */
    c->rng = rng_state(m->r_rec);
    int fixed = u < policy_ftr_share(m->sc, t);
    if (fixed) days = policy_ftr_days(m->sc, c->len, t);
    model_flow(m, l->recalls, 1);
    model_flow(m, fixed ? l->recalls_fixed : l->recalls_standard, 1);
    model_move(m, c, SUP_RECALLED);
    double back = t + days, end = c->t_sent + c->len;
    model_schedule(m, id, back < end ? back : end, EV_RERELEASE);
}

void custody_event(model_t *m, uint32_t id, double t, int ev)
{
    case_t *c = &m->c[id];
    switch (ev) {
    case EV_RELEASE:
        model_flow(m, m->lay->releases, 1);
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
