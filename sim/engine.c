/* engine.c: a 4-ary min-heap of 16-byte events.
 *
 * Why 4-ary: a national run keeps ~300,000 pending events; a 4-ary heap
 * halves the depth of a binary one, and its four 16-byte children share one
 * 64-byte cache line, so a pop touches fewer lines. */
#include "engine.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

typedef struct {
    event_t *ev;
    size_t n, cap;
} bucket_t;

struct engine {
    event_t *h;
    size_t n, cap;
    double width;          /* bucket width in days; 0: no buckets */
    double inv_width;
    double base;           /* time of the start of bucket 0 */
    double window_end;     /* heap holds events before this time */
    size_t next_bucket;    /* first bucket not yet moved into the heap */
    bucket_t *b;
    size_t nb;             /* buckets allocated */
    size_t far;            /* events waiting in buckets */
    int failed;            /* out of memory moving a bucket */
    double now;
    uint32_t next_seq;
    uint64_t popped;
};

static inline int before(const event_t *a, const event_t *b)
{
    /* Sequence numbers wrap after 2^32 schedules; compare with wrap-around
     * arithmetic so FIFO ties survive (pending events span far fewer). */
    return a->t < b->t || (a->t == b->t && (int32_t)(a->seq - b->seq) < 0);
}

engine_t *engine_create(size_t capacity_hint, double bucket_width)
{
    engine_t *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->width = bucket_width > 0 ? bucket_width : 0;
    e->inv_width = e->width > 0 ? 1 / e->width : 0;
    e->cap = capacity_hint > 16 ? capacity_hint : 16;
    e->h = malloc(e->cap * sizeof *e->h);
    if (!e->h) { free(e); return NULL; }
    engine_reset(e, 0.0);
    return e;
}

void engine_free(engine_t *e)
{
    if (!e) return;
    for (size_t i = 0; i < e->nb; i++) free(e->b[i].ev);
    free(e->b);
    free(e->h);
    free(e);
}

void engine_reset(engine_t *e, double t0)
{
    e->n = 0;
    e->now = t0;
    for (size_t i = 0; i < e->nb; i++) e->b[i].n = 0;
    e->far = 0;
    e->failed = 0;
    e->base = t0;
    /* invariant: the heap holds every event before window_end = base +
     * next_bucket x width; bucket i holds events in [base + i w, base + (i+1) w) */
    e->next_bucket = 1;
    e->window_end = e->width > 0 ? t0 + e->width : INFINITY;
    e->next_seq = 1;
    e->popped = 0;
}

static int heap_push(engine_t *e, event_t ev)
{
    if (e->n == e->cap) {
        size_t cap = 2 * e->cap;
        event_t *p = realloc(e->h, cap * sizeof *p);
        if (!p) return -1;
        e->h = p;
        e->cap = cap;
    }
    size_t i = e->n++;
    while (i > 0) {
        size_t p = (i - 1) >> 2;
        if (!before(&ev, &e->h[p])) break;
        e->h[i] = e->h[p];
        i = p;
    }
    e->h[i] = ev;
    return 0;
}

static int bucket_push(engine_t *e, event_t ev)
{
    double k = floor((ev.t - e->base) * e->inv_width);
    size_t i = k < 0 ? 0 : (size_t)k;
    /* Rounding must not put an event in a neighbour's bucket: bucket i holds
     * [base + i w, base + (i+1) w) with the same arithmetic as window_end. */
    while (i > e->next_bucket && ev.t < e->base + (double)i * e->width) i--;
    while (ev.t >= e->base + (double)(i + 1) * e->width) i++;
    if (i < e->next_bucket) i = e->next_bucket;
    if (i >= e->nb) {
        size_t nb = e->nb ? e->nb : 64;
        while (nb <= i) nb *= 2;
        bucket_t *p = realloc(e->b, nb * sizeof *p);
        if (!p) return -1;
        for (size_t j = e->nb; j < nb; j++) p[j] = (bucket_t){ NULL, 0, 0 };
        e->b = p;
        e->nb = nb;
    }
    bucket_t *b = &e->b[i];
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 256;
        event_t *p = realloc(b->ev, cap * sizeof *p);
        if (!p) return -1;
        b->ev = p;
        b->cap = cap;
    }
    b->ev[b->n++] = ev;
    e->far++;
    return 0;
}

uint32_t engine_schedule(engine_t *e, double t, uint32_t id)
{
    assert(t >= e->now && "time never runs backwards");
    uint32_t seq = e->next_seq++;
    if (e->next_seq == 0) e->next_seq = 1;
    event_t ev = { t, id, seq };
    int rc = t < e->window_end ? heap_push(e, ev) : bucket_push(e, ev);
    return rc ? 0 : seq;
}

/* Moves buckets into the heap until the heap has the earliest event. */
static void refill(engine_t *e)
{
    while (e->far > 0 && (e->n == 0 || e->h[0].t >= e->window_end)) {
        if (e->next_bucket < e->nb) {
            bucket_t *b = &e->b[e->next_bucket];
            if (e->n + b->n > e->cap) {
                size_t cap = e->cap;
                while (cap < e->n + b->n) cap *= 2;
                event_t *p = realloc(e->h, cap * sizeof *p);
                if (!p) { e->failed = 1; return; }
                e->h = p;
                e->cap = cap;
            }
            for (size_t i = 0; i < b->n; i++) heap_push(e, b->ev[i]); /* has room */
            e->far -= b->n;
            b->n = 0;
        }
        e->next_bucket++;
        e->window_end = e->base + (double)e->next_bucket * e->width;
    }
}

int engine_next(engine_t *e, event_t *ev)
{
    if (e->far) refill(e);
    if (e->n == 0 || e->failed) return 0;
    *ev = e->h[0];
    assert(ev->t >= e->now);
    e->now = ev->t;
    e->popped++;
    event_t last = e->h[--e->n];
    size_t n = e->n, i = 0;
    for (;;) {
        size_t c = 4 * i + 1;
        if (c >= n) break;
        size_t best = c, end = c + 4 < n ? c + 4 : n;
        for (size_t k = c + 1; k < end; k++)
            if (before(&e->h[k], &e->h[best])) best = k;
        if (!before(&e->h[best], &last)) break;
        e->h[i] = e->h[best];
        i = best;
    }
    if (n > 0) e->h[i] = last;
    return 1;
}

double engine_peek(const engine_t *e)
{
    if (e->n && e->h[0].t < e->window_end) return e->h[0].t;
    /* the earliest may still wait in a bucket */
    double t = e->n ? e->h[0].t : INFINITY;
    for (size_t i = e->next_bucket; i < e->nb && e->far; i++) {
        if (!e->b[i].n) continue;
        for (size_t k = 0; k < e->b[i].n; k++)
            if (e->b[i].ev[k].t < t) t = e->b[i].ev[k].t;
        break;
    }
    return t;
}
uint32_t engine_peek_id(const engine_t *e) { return e->n ? e->h[0].id : 0; }
double engine_now(const engine_t *e) { return e->now; }
size_t engine_pending(const engine_t *e) { return e->n + e->far; }
uint64_t engine_popped(const engine_t *e) { return e->popped; }
int engine_failed(const engine_t *e) { return e->failed; }
