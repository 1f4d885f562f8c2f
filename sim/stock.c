/* stock.c: the people already under supervision when the projection starts.
 *
 * Today's stock is part-way through its sentences, so a case's remaining
 * time is not a full duration.  In a stationary system a person met at a
 * random moment in a phase (an order, pre-release custody, licence, PSS) is
 * in a phase drawn with probability proportional to its length (length bias),
 * at an age uniform within it.  We get that exactly for any mix of disposals,
 * outcomes and rules by sampling-importance-resampling: draw templates, new
 * cases from the intake (disposals weighted by volume), weight each by the
 * length of the phase in question, pick the stock from them by weight, and
 * place each at a uniform age within its phase.  The counts per type are the
 * scenario's, so month 0 matches them exactly; tiers, lengths and remaining
 * times follow from the intake.  Recalls before the start are ignored when
 * weighting licence phases (a small bias towards longer remaining licences).
 * Pre-release counts people: a sentence passed on someone already in custody
 * joins a person placed before it, as in the flows (stock_joins). */
#include "model_internal.h"

#include <assert.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

#include "rng.h"

/* Templates a stock type draws, whatever the number of people it places
 * (the four custodial types share one larger set: see place_stock).
 * The stock is resampled from them, so people who share a template share its
 * length and tier: fewer templates add noise of the sampler's own to every
 * replication.  (Drawing as many as the people placed, at least 2,000, was
 * 12% faster but widened the 90% intervals of random variation by up to 1.4
 * times in the first year, so it was taken back.) */
#define NTEMPLATE 20000
#define NTEMPLATE_CUSTODY 40000  /* the custodial types' shared set */
#define NTEMPLATE_MAX (NTEMPLATE > NTEMPLATE_CUSTODY ? NTEMPLATE : NTEMPLATE_CUSTODY)
/* Templates are drawn as if sentenced long ago, so the rules they follow are
 * those in force before the projection starts (levers act only from their
 * dates); their times are then shifted so that "now" is day 0. */
#define PAST (-1e7)

/* Length of the phase of a template case that a stock of type t sits in. */
static double phase_len(const model_t *m, const case_t *c, int t)
{
    double rel = c->t_end - c->t_sent;          /* custody: time to release */
    double lic = c->len - rel;                   /* licence */
    switch (t) {
    case SUP_CO:
    case SUP_SSO: return community_phase(c);
    case SUP_PRE: {                               /* from the date of sentence; */
        double pre = rel - c->alt_len;            /* none if remand covered it */
        return pre > 0 ? pre : 0;                 /* (released from court) */
    }
    case SUP_LICENCE:
    case SUP_RECALLED: return lic;
    case SUP_PSS: {
        double pe = custody_pss_end(m, c) - c->t_sent;
        return pe > c->len ? pe - c->len : 0;
    }
    }
    return 0;
}

static int kind_of(int t) { return t == SUP_CO ? KIND_CO : t == SUP_SSO ? KIND_SSO : KIND_CUSTODY; }

/* The types count a person once in each type they are in (as OMSQ does);
 * stock.people counts each once.  The difference is people with several
 * cases: that many cases, picked at random, join the person of another
 * random case who has no case of the same type (ASSUMPTION: who shares with
 * whom is at random), so every type keeps its count.  (Joining anyone let
 * two people of one type become one, and the types fell 1.0 to 1.5% short
 * of the stock's counts at month 0 while the total held.) */
static int stock_share_people(model_t *m)
{
    const scenario_t *s = m->sc;
    if (!(s->stock_people > 0)) return 0;
    gsl_rng *r = m->r_stock;
    rng_reseed(r, rng_mix(rng_mix(m->rep_seed, RNG_STOCK), 0x9e0b1e));
    long want = (long)(m->ptotal - (int64_t)(s->stock_people + 0.5));
    for (long k = 0, tries = 0; k < want && tries < 64 * want; tries++) {
        if (!m->ncase) break;
        case_t *c = &m->c[gsl_rng_uniform_int(r, m->ncase)];
        case_t *h = &m->c[gsl_rng_uniform_int(r, m->ncase)];
        if (c->state == ST_DONE || c->state == SUP_RECALLED || h->state == ST_DONE || h->state == SUP_RECALLED ||
            model_same_person(c, h) || model_person_cases(m, c) != 1 || model_person_in(m, h, c->state))
            continue;
        model_rehome(m, c, h);
        if (m->oom) return -1;  /* no record for h's person */
        k++;
    }
    return 0;
}

/* Draws the templates of the intake that feeds stock type t (its disposals
 * weighted by volume; custody is also fed by community orders revoked to
 * custody), on the stream keyed by key; returns how many (NTEMPLATE, or
 * NTEMPLATE_CUSTODY for a custodial type). */
static int draw_templates(model_t *m, case_t *tpl, double *dw, int t, uint64_t key)
{
    int ntpl = kind_of(t) == KIND_CUSTODY ? NTEMPLATE_CUSTODY : NTEMPLATE;
    const scenario_t *s = m->sc;
    double wsum = 0;
    gsl_rng *r = m->r_stock;
    for (int d = 0; d < s->ndisp; d++) {
        /* this replication's volumes and revocations to custody (drawn
         * from their ranges, as the flows take them), not the file's */
        const disposal_t *dp = &s->disp[d];
        double vol = rb_base(m->rb, param_disp(s, d, PD_VOLUME));
        if ((int)dp->kind == kind_of(t)) dw[d] = vol;
        else if (kind_of(t) == KIND_CUSTODY) dw[d] = vol * dp->p_revoked * rb_base(m->rb, param_disp(s, d, PD_REVOKED_TO_CUSTODY));
        else dw[d] = 0;
        wsum += dw[d];
    }
    rng_reseed(r, key);
    for (int i = 0; i < ntpl; i++) {
        double u = rng_uniform(r) * wsum, a = 0;
        int d = 0;
        for (; d < s->ndisp - 1; d++) {
            a += dw[d];
            if (u < a && dw[d] > 0) break;
        }
        while (dw[d] <= 0 && d > 0) d--;
        case_t *c = &tpl[i];
        c->flags = 0;
        model_seed_case(m, c, rng_mix(key, (uint64_t)i + 1));
        if (kind_of(t) != KIND_CUSTODY) community_draw(m, c, d, PAST);
        else if (s->disp[d].kind == KIND_CUSTODY) {
            custody_draw(m, c, d, PAST, -1);
            /* a tranche lever from the first day applies to them as if in
             * force when they were sentenced: release point, release from
             * court and HDC day worked out again under it (extended
             * sentences keep theirs, as a tranche leaves them alone) */
            double rf = m->rb->stock_rf[d];
            if (!isnan(rf) && rf != c->rf && !(c->flags & F_EXTENDED)) custody_restate_release(m, c, rf, PAST);
        }
        else {
            /* a revoked order: tier and custodial term do not depend on
             * the outcome draw, so take them from any draw */
            community_draw(m, c, d, PAST);
            if (!(c->flags & F_TO_CUSTODY)) c->alt_len = community_custodial_term(m, c);
            c->flags = 0;
            custody_draw(m, c, d, PAST, c->alt_len);
        }
    }
    return ntpl;
}

/* A pre-release case placed as the k-th of its type (cases first .. ncase - 1
 * so far, none ended yet): with its disposal's already_in_custody share it
 * was passed on someone in custody, and joins the person of a pre-release
 * case placed before it, picked at random (so people with more cases are
 * likelier, as model_pick_host picks); returns 1 if it joined.  Without
 * this every short sentence in today's stock would be a person of its own,
 * released from prison on its own release day, while the flows pass three
 * quarters of them on people in custody, whose release comes with their
 * other sentence's: the first month's releases were a third above the
 * flows' level.  Draws come from the case's own place (tkey, k), not r.
 * After 8n cases placed no more join: a share of 1 would never finish. */
static int stock_joins(model_t *m, case_t *c, uint64_t tkey, long k, uint32_t first, long n)
{
    const scenario_t *s = m->sc;
    uint32_t placed = (uint32_t)(c - m->c) - first;
    if (placed == 0 || k >= 8 * n || s->disp[c->disp].kind != KIND_CUSTODY) return 0;
    uint64_t h = rng_mix(rng_mix(tkey, 0x701d), (uint64_t)k);
    if (rng_unit(h) >= rb_at(m->rb, param_disp(s, c->disp, PD_IN_CUSTODY), 0)) return 0;
    /* a host held on recall (the stock on recall is placed later): a
     * person of its own here, as counted (pre-release, in the total) */
    double rec = s->stock[SUP_RECALLED] > 0 ? s->stock[SUP_RECALLED] : 0;
    if (rng_unit(rng_mix(h, 2)) * (rec + (double)n) < rec) return 0;
    case_t *host = &m->c[first + (uint32_t)(rng_unit(rng_mix(h, 1)) * placed)];
    /* the host was in custody when this sentence was passed, `age` days
     * ago: sentenced before it (else the person it was passed on has been
     * released since, and it stands alone) */
    if (host->t_sent + host->alt_len > c->t_sent + c->alt_len) return 0;
    model_join(m, c, host);
    return 1;  /* (m->oom if no record could be made: place_stock checks) */
}

/* Places the stock, type by type, with the template buffers given. */
static int place_stock(model_t *m, case_t *tpl, double *cum, double *dw)
{
    const scenario_t *s = m->sc;
    gsl_rng *r = m->r_stock;
    int drawn = -1, ntpl = 0; /* the kind and number of the templates in tpl */

    for (int t = 0; t < SUP_N; t++) {
        long n = (long)(s->stock[t] + 0.5);
        if (n <= 0) continue;
        uint64_t tkey = rng_mix(rng_mix(m->rep_seed, RNG_STOCK), (uint64_t)t);
        /* the custodial types (pre-release, licence, PSS, on recall) are
         * all fed by the same intake, so they share one set of templates,
         * each weighting it by the length of its own phase */
        if (kind_of(t) != KIND_CUSTODY || drawn != KIND_CUSTODY) {
            uint64_t key = kind_of(t) == KIND_CUSTODY ? rng_mix(rng_mix(m->rep_seed, RNG_STOCK), 0xc0570d) : tkey;
            ntpl = draw_templates(m, tpl, dw, t, key);
            drawn = kind_of(t);
        }
        double acc = 0;
        for (int i = 0; i < ntpl; i++) {
            acc += phase_len(m, &tpl[i], t);
            cum[i] = acc;
        }
        if (!(acc > 0)) { m->stock_error = t + 1; return -1; } /* scenario_load checks this; a guard */
        rng_reseed(r, rng_mix(tkey, 0xa9e));
        /* pre-release: n people, and the cases passed on someone already
         * in custody join one of them (see stock_joins) */
        uint32_t first = m->ncase;
        long people = 0;
        for (long k = 0; t == SUP_PRE ? people < n : k < n; k++) {
            /* the first template whose running sum passes u (cum rises:
             * no phase is negative) */
            double u = rng_uniform(r) * acc;
            int lo = 0, hi = ntpl - 1;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (cum[mid] > u) hi = mid;
                else lo = mid + 1;
            }
            uint32_t id = model_case_alloc(m);
            if (id == UINT32_MAX) return -1;
            case_t *c = &m->c[id];
            uint32_t person = c->person;
            *c = tpl[lo];
            c->person = person;
            c->state = m->cst[id] = ST_DONE;
            c->rng = rng_mix(rng_mix(tkey, 0x5eed), (uint64_t)k);
            double ph = phase_len(m, c, t);
            double age = rng_uniform(r) * ph;
            double rel = c->t_end - c->t_sent;   /* custody: time to release */
            switch (t) {
            case SUP_CO:
            case SUP_SSO:
                c->t_end -= c->t_sent + age;     /* order started `age` days ago */
                c->t_sent = -age;
                community_start(m, id);
                break;
            case SUP_PRE:
                c->t_sent = -age - c->alt_len;   /* sentenced `age` days ago, after remand */
                c->t_end = c->t_sent + rel;
                people += !stock_joins(m, c, tkey, k, first, n);
                if (m->oom) return -1;
                custody_start(m, id, 0);
                break;
            case SUP_LICENCE:
            case SUP_RECALLED:
                c->t_end = -age;                 /* released `age` days ago */
                c->t_sent = c->t_end - rel;
                model_move(m, c, SUP_LICENCE);
                if (t == SUP_LICENCE) custody_licence_from(m, id, 0);
                else {
                    /* in custody on recall: fixed-term and standard recalls
                     * are present in proportion to share x mean length; the
                     * remaining time of a fixed-term recall is uniform on its
                     * length, of a standard recall the length-biased residual */
                    int ftr_id = c->len >= s->ftr_threshold ? PG_FTR_LONG : PG_FTR_SHORT;
                    double ftr = rb_at(m->rb, PG_FTR_SHARE, 0), fd = rb_at(m->rb, ftr_id, 0);
                    double pf = ftr * fd / (ftr * fd + (1 - ftr) * rb_at(m->rb, PG_STD_RECALL_MEAN, 0));
                    int fixed = rng_uniform(r) < pf;
                    double ur = rng_uniform(r);
                    double whole = fixed ? fd : dist_draw_length_biased(&s->std_recall, r) * rb_ratio(m->rb, PG_STD_RECALL_MEAN, 0);
                    double rest = ur * whole, end = c->t_sent + c->len;
                    model_move(m, c, SUP_RECALLED);
                    c->t_recall = rest - whole;
                    c->t_back = rest < end ? rest : end;
                    c->flags = (uint8_t)(fixed ? c->flags & ~F_STD_RECALL : c->flags | F_STD_RECALL);
                    model_schedule(m, id, c->t_back, EV_RERELEASE);
                }
                break;
            case SUP_PSS:
                c->t_sent = -age - c->len;        /* licence ended `age` days ago */
                c->t_end = c->t_sent + rel;
                model_move(m, c, SUP_PSS);
                model_schedule(m, id, custody_pss_end(m, c), EV_PSS_END);
                break;
            }
        }
    }
    return 0;
}

int stock_create(model_t *m)
{
    /* buffers kept in the model: allocated once, reused every replication
     * (and lent from region to region) */
    if (!m->tpl) {
        m->tpl = malloc(NTEMPLATE_MAX * sizeof *m->tpl);
        m->tpl_cum = malloc(NTEMPLATE_MAX * sizeof *m->tpl_cum);
        m->tpl_w = malloc((size_t)m->sc->ndisp * sizeof *m->tpl_w);
        if (!m->tpl || !m->tpl_cum || !m->tpl_w) return -1;
    }
    int rc = place_stock(m, m->tpl, m->tpl_cum, m->tpl_w);
    return rc ? rc : stock_share_people(m);
}
