/* dist.c: drawing durations. */
#include "dist.h"

#include <gsl/gsl_randist.h>
#include <math.h>

#include "rng.h"

const char *dist_kind_name(dist_kind k)
{
    static const char *names[] = { "fixed", "uniform", "exponential", "gamma", "lognormal" };
    return names[k];
}

int dist_make(dist_t *d, dist_kind kind, double a, double b)
{
    d->kind = kind;
    switch (kind) {
    case DIST_FIXED:
        if (!(a >= 0)) return -1;
        d->p1 = a; d->p2 = 0; d->mean = a; d->sd = 0;
        return 0;
    case DIST_UNIFORM:
        if (!(a >= 0 && b >= a)) return -1;
        d->p1 = a; d->p2 = b; d->mean = (a + b) / 2; d->sd = (b - a) / sqrt(12.0);
        return 0;
    case DIST_EXPONENTIAL:
        if (!(a > 0)) return -1;
        d->p1 = a; d->p2 = 0; d->mean = a; d->sd = a;
        return 0;
    case DIST_GAMMA:
        if (!(a > 0 && b > 0)) return -1;
        d->p1 = (a / b) * (a / b);   /* shape k = (mean/sd)^2 */
        d->p2 = b * b / a;           /* scale = sd^2/mean */
        d->mean = a; d->sd = b;
        return 0;
    case DIST_LOGNORMAL:
        if (!(a > 0 && b > 0)) return -1;
        d->p2 = sqrt(log1p((b / a) * (b / a)));
        d->p1 = log(a) - d->p2 * d->p2 / 2;
        d->mean = a; d->sd = b;
        return 0;
    }
    return -1;
}

void dist_scale(dist_t *d, double k)
{
    dist_make(d, d->kind, d->kind == DIST_UNIFORM ? d->p1 * k : d->mean * k,
              d->kind == DIST_UNIFORM ? d->p2 * k : d->sd * k);
}

double dist_draw(const dist_t *d, gsl_rng *r)
{
    switch (d->kind) {
    case DIST_FIXED: return d->p1;
    case DIST_UNIFORM: return d->p1 + (d->p2 - d->p1) * rng_uniform(r);
    case DIST_EXPONENTIAL: return rng_exponential(r, d->p1);
    case DIST_GAMMA: return gsl_ran_gamma(r, d->p1, d->p2);
    case DIST_LOGNORMAL: return exp(d->p1 + d->p2 * gsl_ran_gaussian_ziggurat(r, 1.0));
    }
    return 0;
}

double dist_draw_length_biased(const dist_t *d, gsl_rng *r)
{
    switch (d->kind) {
    case DIST_FIXED: return d->p1;
    case DIST_UNIFORM: {
        double a = d->p1, b = d->p2;
        return sqrt(a * a + rng_uniform(r) * (b * b - a * a));
    }
    case DIST_EXPONENTIAL: return gsl_ran_gamma(r, 2.0, d->p1);
    case DIST_GAMMA: return gsl_ran_gamma(r, d->p1 + 1.0, d->p2);
    case DIST_LOGNORMAL:
        return exp(d->p1 + d->p2 * d->p2 + d->p2 * gsl_ran_gaussian_ziggurat(r, 1.0));
    }
    return 0;
}

double dist_draw_in(const dist_t *d, double scale, gsl_rng *r, double lo, double hi)
{
    double x = 0;
    for (int i = 0; i < 64; i++) {
        x = scale * dist_draw(d, r);
        if (x >= lo && x <= hi) return x;
    }
    return x < lo ? lo : hi;
}
