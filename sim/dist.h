/* dist.h: duration distributions read from a scenario.
 *
 * A distribution is written in YAML as a mapping, e.g.
 *   {dist: lognormal, mean: 13.5, sd: 7}       (mean and sd, not mu/sigma)
 *   {dist: gamma, mean: 9, sd: 4}
 *   {dist: exponential, mean: 120}
 *   {dist: uniform, min: 6, max: 12}
 *   {dist: fixed, value: 12}
 * in the unit the key names (months or days); the loader converts to days.
 *
 * dist_draw_length_biased draws from the length-biased law x f(x) / mean,
 * which is what an observer at a random moment sees of the spell in progress
 * (inspection paradox); the remaining time of a spell in a stationary stock
 * is U times that draw, U uniform on (0, 1).  Each family has a closed form:
 * lognormal(mu, s) -> lognormal(mu + s^2, s); gamma(k, th) -> gamma(k + 1, th);
 * uniform(a, b) -> sqrt(a^2 + U (b^2 - a^2)); fixed -> itself. */
#ifndef CASEFLOW_DIST_H
#define CASEFLOW_DIST_H

#include <gsl/gsl_rng.h>

typedef enum { DIST_FIXED, DIST_UNIFORM, DIST_EXPONENTIAL, DIST_GAMMA, DIST_LOGNORMAL } dist_kind;

typedef struct {
    dist_kind kind;
    double p1, p2;    /* fixed: value; uniform: min,max; exponential: mean;
                         gamma: shape,scale; lognormal: mu,sigma */
    double mean, sd;  /* as given, in days */
} dist_t;

/* Builds from mean and sd (sd ignored for fixed/exponential).  Returns 0 on
 * success, -1 if the parameters are impossible (mean <= 0, sd <= 0, min > max). */
int dist_make(dist_t *d, dist_kind kind, double a, double b);
/* Multiplies the distribution by k > 0 (unit conversion). */
void dist_scale(dist_t *d, double k);
double dist_draw(const dist_t *d, gsl_rng *r);
double dist_draw_length_biased(const dist_t *d, gsl_rng *r);
/* Draws from d multiplied by scale (1: d itself; a lever on the mean
 * stretches the whole distribution) truncated to [lo, hi] by rejection (64
 * tries, then clamps; the clamp only matters for bands far in a tail and is
 * documented). */
double dist_draw_in(const dist_t *d, double scale, gsl_rng *r, double lo, double hi);
const char *dist_kind_name(dist_kind k);

#endif
