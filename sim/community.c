/* community.c: community orders and suspended sentence orders.
 *
 * An order gets a length, then one outcome drawn at its start: completed (ends
 * at its length), terminated early for good progress (ends at early_at x
 * length), or revoked after breach (ends at a uniform point of its length; an
 * assumption, as the timing of breaches is not published).  A revoked order
 * ends in custody with probability revoked_to_custody (for an SSO: the
 * suspended term is activated); the person then becomes a custody case with a
 * term drawn from custody_months, still counted once. */
#include "model_internal.h"

#include <gsl/gsl_rng.h>

#include "rng.h"

void community_draw(model_t *m, case_t *c, int d, double t)
{
    const disposal_t *dp = &m->sc->disp[d];
    /* diverted cases (presumption lever) may have a profile of their own */
    const policy_profile *pp = (c->flags & F_DIVERTED) ? m->rb->divert_profile : NULL;
    c->disp = (uint8_t)d;
    c->t_sent = t;
    int nt = m->sc->ntiers;
    if (pp && pp->tier_share) c->tier = model_draw_tier(m->r_tier, m->rb->divert_tier_cum, m->rb->divert_tier_guide, nt);
    else c->tier = model_draw_tier(m->r_tier, m->rb->tier_cum + (size_t)d * (size_t)nt, m->rb->tier_guide + (size_t)d * TIER_GUIDE, nt);
    c->len = dist_draw(pp && pp->has_length ? &pp->length : &dp->length, m->r_dur);
    /* a lever on the mean length, or a drawn mean, scales the length drawn around the file's mean */
    c->len *= rb_ratio(m->rb, param_disp(m->sc, d, PD_LENGTH_MEAN), t);
    double u = rng_uniform(m->r_out), ub = rng_uniform(m->r_out), uc = rng_uniform(m->r_out);
    double pc = pp && pp->has_outcomes ? pp->p_completed : dp->p_completed;
    double pe = pp && pp->has_outcomes ? pp->p_early : dp->p_early;
    double pbc = pp && pp->has_rtc ? pp->p_breach_custody : rb_at(m->rb, param_disp(m->sc, d, PD_REVOKED_TO_CUSTODY), t);
    double end;
    if (u < pc) {
        /* end_on_completion: a share of the orders that complete end when
         * their requirements and plan are done (u / pc is uniform on [0, 1)) */
        c->reason = END_COMPLETED;
        end = c->len;
        double ds = rb_at(m->rb, param_disp(m->sc, d, PD_DONE_SHARE), t);
        if (ds > 0 && u < pc * ds) end *= rb_at(m->rb, param_disp(m->sc, d, PD_DONE_AT), t);
    }
    else if (u < pc + pe) { c->reason = END_EARLY; end = dp->early_at * c->len; }
    else {
        c->reason = END_REVOKED;
        end = ub * c->len;
        if (uc < pbc) c->flags |= F_TO_CUSTODY;
    }
    c->t_end = t + end;
    /* the custodial term, drawn only for an order that will need it (the
     * last draw on the case's duration stream, so skipping it moves no
     * other draw) */
    c->alt_len = (c->flags & F_TO_CUSTODY) ? community_custodial_term(m, c) : 0;
}

double community_custodial_term(model_t *m, const case_t *c)
{
    return dist_draw(&m->sc->disp[c->disp].breach_custody, m->r_dur);
}

void community_start(model_t *m, uint32_t id)
{
    case_t *c = &m->c[id];
    model_move(m, c, m->sc->disp[c->disp].kind == KIND_SSO ? SUP_SSO : SUP_CO);
    model_schedule(m, id, c->t_end, EV_ORDER_END);
}

void community_rule_event(model_t *m, const rb_event *ev, double t)
{
    const lever_t *l = &m->sc->levers[ev->lever];
    for (uint32_t id = 0; id < m->ncase; id++) {
        case_t *c = &m->c[id];
        if ((c->state != SUP_CO && c->state != SUP_SSO) || c->reason != END_COMPLETED || !l->disp[c->disp]) continue;
        if (c->flags & F_TO_CUSTODY || c->t_sent >= t) continue;
        /* the order's own uniform, without drawing from its stream */
        if (rng_unit(rng_mix(c->rng, 0xd0e + (uint64_t)ev->lever)) >= l->share) continue;
        double end = c->t_sent + l->done_at * (c->t_end - c->t_sent);
        if (end >= c->t_end) continue;
        c->t_end = end > t ? end : t;
        model_schedule(m, id, c->t_end, EV_ORDER_END);
    }
}

double community_phase(const case_t *c) { return c->t_end - c->t_sent; }

void community_end(model_t *m, uint32_t id, double t)
{
    case_t *c = &m->c[id];
    int to_custody = (c->flags & F_TO_CUSTODY) != 0;
    int reason = to_custody ? END_REVOKED_CUSTODY : c->reason;
    model_flow(m, m->lay->ends0 + c->disp * END_N + reason, 1);
    if (to_custody) {
        custody_draw(m, c, c->disp, t, c->alt_len);
        custody_start(m, id, t);
    } else
        model_move(m, c, ST_DONE);
}
