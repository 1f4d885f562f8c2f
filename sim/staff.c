/* staff.c: staff supply month by month (staff.h). */
#include "staff.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

int staff_init(staff_t *st, const workforce_t *w)
{
    memset(st, 0, sizeof *st);
    st->cohort = calloc((size_t)w->tr_months, sizeof *st->cohort);
    if (!st->cohort) return -1;
    for (int g = 0; g < GR_N; g++) st->fte[g] = w->grade[g].start_fte;
    for (int m = 0; m < w->tr_months; m++) st->cohort[m] = w->tr_start / w->tr_months;
    if (w->prac.has_spo) {
        st->spo_fte = w->prac.spo.start_fte;
        if (!(st->r_spo = rng_alloc(0))) { staff_free(st); return -1; }
    }
    return 0;
}

void staff_free(staff_t *st)
{
    free(st->cohort);
    st->cohort = NULL;
    if (st->r_spo) gsl_rng_free(st->r_spo);
    st->r_spo = NULL;
}

/* Binomial leavers from a (possibly fractional) FTE at a monthly probability. */
static double leavers(gsl_rng *r, double fte, double p)
{
    if (fte <= 0 || p <= 0) return 0;
    double whole = floor(fte), frac = fte - whole;
    double n = (double)gsl_ran_binomial(r, p, (unsigned)whole);
    if (rng_uniform(r) < p) n += frac; /* the fractional FTE leaves with the same chance */
    return n;
}

static double monthly(double annual) { return annual >= 1 ? 1 : 1 - pow(1 - annual, 1.0 / 12); }

/* Recruits of a grade this month, after `out` left and `fte` remain. */
static double recruits(const grade_t *gr, double out, double fte)
{
    switch (gr->recruit) {
    case RECRUIT_FIXED: return gr->recruit_n;
    case RECRUIT_REPLACE: return out;
    case RECRUIT_TARGET: return fmax(0, (gr->target_fte - fte) / gr->lag_months);
    default: return 0;
    }
}

void staff_step(staff_t *st, const rulebook_t *rb, gsl_rng *r, double t)
{
    const scenario_t *s = rb->sc;
    const workforce_t *w = s->wf;
    if (st->r_spo && !st->spo_seeded) {
        rng_reseed(st->r_spo, rng_mix(rng_state(r), RNG_STAFF));
        st->spo_seeded = 1;
    }
    for (int g = 0; g < GR_N; g++) {
        const grade_t *gr = &w->grade[g];
        double out = leavers(r, st->fte[g], monthly(rb_at(rb, param_staff(s, g, PS_ATTRITION), t)));
        st->fte[g] -= out;
        st->last_leavers[g] = out;
        st->fte[g] += recruits(gr, out, st->fte[g]) + rb_at(rb, param_staff(s, g, PS_EXTRA), t);
    }
    if (st->r_spo) {
        double out = leavers(st->r_spo, st->spo_fte, monthly(rb_at(rb, param_prac(s, PP_SPO_ATTRITION), t)));
        st->spo_fte -= out;
        st->spo_fte += recruits(&w->prac.spo, out, st->spo_fte) + rb_at(rb, param_prac(s, PP_SPO_EXTRA), t);
    }
    /* trainees: leavers, then everyone moves on a month; the last month qualifies */
    double p = monthly(rb_at(rb, param_staff(s, GR_N, PS_ATTRITION), t));
    for (int m = 0; m < w->tr_months; m++) st->cohort[m] -= leavers(r, st->cohort[m], p);
    st->fte[GR_PO] += st->cohort[w->tr_months - 1];
    for (int m = w->tr_months - 1; m > 0; m--) st->cohort[m] = st->cohort[m - 1];
    st->cohort[0] = rb_at(rb, param_staff(s, GR_N, PS_EXTRA), t); /* trainees.intake_per_month */
}

double staff_trainees(const staff_t *st, const workforce_t *w, double *effective)
{
    double n = 0, eff = 0;
    for (int m = 0; m < w->tr_months; m++) {
        n += st->cohort[m];
        eff += st->cohort[m] * workforce_trainee_share(w, m);
    }
    if (effective) *effective = eff;
    return n;
}
