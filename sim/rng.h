/* rng.h: random streams for caseflow.
 *
 * Every random process (arrivals of each disposal, and for each case its tier,
 * durations, outcome, reports and recalls) draws from its own stream, so two
 * scenarios run with the same seed share every draw where their rules agree
 * (common random numbers).  A stream is a GSL generator of our own type,
 * "splitmix64" (Steele, Lea & Flood 2014): a 64-bit state, reseeded in one
 * store, so giving each case its own streams costs a few nanoseconds.  All
 * GSL distributions (gsl_ran_*) take these generators as they are.
 *
 * Seeds are derived by hashing: rng_mix(a, b) is a good 64-bit mix of two
 * words, so the stream of "recalls of case 1234 of disposal X in replication
 * 7" is rng_mix(rng_mix(rep_seed, X), 1234) ^ RNG_RECALL, and so on. */
#ifndef CASEFLOW_RNG_H
#define CASEFLOW_RNG_H

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>

extern const gsl_rng_type *rng_splitmix64;

/* Allocates a splitmix64 generator (gsl_rng_free frees it). */
gsl_rng *rng_alloc(uint64_t seed);
/* Resets a splitmix64 generator to the start of stream `seed`. */
void rng_reseed(gsl_rng *r, uint64_t seed);
/* The raw 64-bit state (so a case can carry its stream around). */
uint64_t rng_state(const gsl_rng *r);

/* One step of splitmix64 on a raw state. */
static inline uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t rng_mix(uint64_t a, uint64_t b);
/* A uniform number in [0, 1) from the top 53 bits of a 64-bit hash: a draw
 * for a rule applied on a date that must not advance any stream. */
static inline double rng_unit(uint64_t h) { return (double)(h >> 11) * 0x1.0p-53; }
/* gsl_rng_uniform of a splitmix64 generator, the same numbers without the
 * call through GSL's function pointers (the model's inner loop draws about
 * fifteen a case); and an exponential draw by inversion.  1 - u is exact for
 * u a multiple of 2^-53 in [0, 1), so log(1 - u) is the logarithm of the same
 * number GSL's log1p(-u) is, at half the cost (it may differ in the last
 * bit). */
static inline double rng_uniform(gsl_rng *r) { return rng_unit(rng_next((uint64_t *)r->state)); }
static inline double rng_exponential(gsl_rng *r, double mu) { return -mu * log(1.0 - rng_uniform(r)); }
/* FNV-1a of a string, mixed; used to key streams by disposal name. */
uint64_t rng_hash_str(const char *s);

/* Stream purposes (xor-ed into a case's key). */
enum {
    RNG_ARRIVAL = 1, RNG_TIER, RNG_DURATION, RNG_OUTCOME, RNG_REPORT,
    RNG_RECALL, RNG_DIVERT, RNG_STOCK, RNG_STAFF, RNG_REMAND,
    RNG_PARAM   /* a replication's draws of ranged parameters (uncertain.h), keyed by parameter */
};

#endif
