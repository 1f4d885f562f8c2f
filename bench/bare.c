/* bare.c: the floor under a replication (make bench; not a test).
 *
 * The least any simulator built like caseflow's can do for the baseline's
 * events: pop them from the same queue (engine.c, six-day buckets) with one
 * random draw each, and nothing else.  PEOPLE records of 64 bytes (the size
 * of a case record), each with one pending event; an event checks its
 * record's sequence number (as a cancelled event is checked), touches the
 * record, draws an exponential gap (as rng_exponential does: -log of a
 * uniform from splitmix64) and schedules the record's next event if it falls
 * before DAYS.  The mean gap is PEOPLE x DAYS / EVENTS, so a replication pops
 * EVENTS events on average.  Upcoming records are prefetched as the model
 * does (16 events ahead).  PARTS > 1 splits the people into that many
 * populations run one after another (as the regions are), each on one queue.
 *
 *   bare EVENTS PEOPLE DAYS PARTS REPS
 *
 * prints the seconds a replication (the mean of REPS) and the events popped
 * a replication.  No case draws a sentence, no count or workload is kept:
 * everything caseflow does beyond this is the model's own work. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engine.h"
#include "rng.h"

typedef struct {
    double t;
    uint32_t seq;
    uint8_t state;
    uint8_t pad[51];
} rec_t;
_Static_assert(sizeof(rec_t) == 64, "a record is a case record's size");

/* as rng_exponential draws, on a raw splitmix64 state */
static double expo(uint64_t *s, double mean) { return -mean * log(1.0 - rng_unit(rng_next(s))); }

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One population of n records over days; returns the events popped, or -1. */
static long part(engine_t *e, rec_t *r, uint32_t n, double days, double mean, uint64_t *s)
{
    engine_reset(e, 0.0);
    for (uint32_t i = 0; i < n; i++) {
        r[i].t = expo(s, mean);
        r[i].state = 0;
        r[i].seq = r[i].t <= days ? engine_schedule(e, r[i].t, i) : 0;
    }
    long popped = 0;
    event_t ev;
    while (engine_next(e, &ev)) {
        uint32_t a = engine_ahead_id(e, 16);
        if (a < n) __builtin_prefetch(&r[a]);
        rec_t *c = &r[ev.id];
        popped++;
        if (c->seq != ev.seq) continue;
        c->state++;
        double t = ev.t + expo(s, mean);
        c->t = t;
        c->seq = t <= days ? engine_schedule(e, t, ev.id) : 0;
    }
    return engine_failed(e) ? -1 : popped;
}

/* A whole number or a finite number in [lo, hi], or NAN. */
static double arg(const char *s, double lo, double hi, int whole)
{
    char *end;
    double x = strtod(s, &end);
    if (end == s || *end || !isfinite(x) || x < lo || x > hi || (whole && x != floor(x))) return NAN;
    return x;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: bare EVENTS PEOPLE DAYS PARTS REPS\n");
        return 2;
    }
    /* bounded, so that no argument can ask for unbounded work */
    double events = arg(argv[1], 1, 1e9, 0), people = arg(argv[2], 1, 1e8, 1), days = arg(argv[3], 1, 1e5, 0);
    double parts = arg(argv[4], 1, 1e6, 1), reps = arg(argv[5], 1, 1e4, 1);
    if (isnan(events) || isnan(people) || isnan(days) || isnan(parts) || isnan(reps) || parts > people) {
        fprintf(stderr, "bare: expected EVENTS in [1, 1e9], PEOPLE a whole number in [1, 1e8], DAYS in [1, 1e5], "
                        "PARTS a whole number from 1 to PEOPLE and REPS a whole number in [1, 1e4]\n");
        return 2;
    }
    long np = (long)people, nparts = (long)parts, nreps = (long)reps;
    double mean = people * days / events;
    rec_t *r = calloc((size_t)((np + nparts - 1) / nparts), sizeof *r);
    engine_t *e = engine_create(1024, 6.0);
    uint64_t s = 20250630;
    long total = 0;
    double t0 = now();
    for (long k = 0; r && e && total >= 0 && k < nreps; k++)
        for (long p = 0; total >= 0 && p < nparts; p++) {
            long got = part(e, r, (uint32_t)(np / nparts + (p < np % nparts)), days, mean, &s);
            total = got < 0 ? -1 : total + got;
        }
    double secs = (now() - t0) / reps;
    engine_free(e);
    free(r);
    if (!r || !e || total < 0) {
        fprintf(stderr, "bare: out of memory\n");
        return 1;
    }
    printf("%.4f %.0f\n", secs, (double)total / reps);
    return 0;
}
