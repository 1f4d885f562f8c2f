/* rng.c: the splitmix64 generator as a GSL rng type, and seed hashing. */
#include "rng.h"

#include <string.h>

typedef struct { uint64_t s; } sm_state;

static void sm_set(void *st, unsigned long seed) { ((sm_state *)st)->s = (uint64_t)seed; }
/* GSL wants values in [min, max] as unsigned long; we give the top 32 bits. */
static unsigned long sm_get(void *st) { return (unsigned long)(rng_next(&((sm_state *)st)->s) >> 32); }
/* 53 random bits in [0, 1); never 1.  GSL's contract allows 0. */
static double sm_get_double(void *st)
{
    return rng_unit(rng_next(&((sm_state *)st)->s));
}

static const gsl_rng_type sm_type = {
    "splitmix64", 0xffffffffUL, 0, sizeof(sm_state), sm_set, sm_get, sm_get_double
};
const gsl_rng_type *rng_splitmix64 = &sm_type;

gsl_rng *rng_alloc(uint64_t seed)
{
    gsl_rng *r = gsl_rng_alloc(rng_splitmix64);
    if (r) rng_reseed(r, seed);
    return r;
}

void rng_reseed(gsl_rng *r, uint64_t seed) { ((sm_state *)r->state)->s = seed; }
uint64_t rng_state(const gsl_rng *r) { return ((const sm_state *)r->state)->s; }

uint64_t rng_mix(uint64_t a, uint64_t b)
{
    uint64_t s = a ^ (b * 0xd1342543de82ef95ULL);
    uint64_t x = rng_next(&s);
    return x ^ rng_next(&s);
}

uint64_t rng_hash_str(const char *str)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)str; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return rng_mix(h, 0x5eed);
}
