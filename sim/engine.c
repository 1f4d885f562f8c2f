/* engine.c: a calendar of day buckets, each sorted when the clock reaches it,
 * plus a small 4-ary heap for events scheduled into the open bucket.
 *
 * Why: a national run pops about four million events a replication.  With a
 * plain heap each pop sifts through a few thousand entries; here an event is
 * appended to its bucket (O(1)), sorted once with its bucket by an LSD radix
 * sort on the bits of its time (stable, so ties keep their scheduling order),
 * and popped from the front of the sorted array.  Only events scheduled less
 * than a bucket ahead (rare: a fixed-term recall is 14 days) go through the
 * heap.  The next event is the smaller of the sorted front and the heap top:
 * both hold only times below window_end, every bucket only times at or above.
 *
 * Counts measured on the baseline: see bench/ and the README. */
#include "engine.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    event_t *ev;
    size_t n, cap;
} bucket_t;

struct engine {
    event_t *h;            /* heap of events scheduled into the open bucket */
    size_t n, cap;
    event_t *cur, *tmp;    /* the open bucket, sorted; cur[ci..ncur) pending */
    uint64_t *key, *ktmp;  /* radix keys of cur/tmp */
    size_t ci, ncur, capcur;
    double width;          /* bucket width in days; 0: heap only */
    double inv_width;
    double base;           /* time of the start of bucket 0 */
    double window_end;     /* heap and cur hold events before this time */
    size_t next_bucket;    /* first bucket not yet opened */
    bucket_t *b;
    size_t nb;             /* buckets allocated */
    size_t far;            /* events waiting in buckets */
    int failed;            /* out of memory */
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

/* Order-preserving unsigned image of a double (negative times too). */
static inline uint64_t tkey(double t)
{
    uint64_t u;
    memcpy(&u, &t, sizeof u);
    return (u >> 63) ? ~u : u | 0x8000000000000000ULL;
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
    free(e->cur);
    free(e->tmp);
    free(e->key);
    free(e->ktmp);
    free(e);
}

void engine_trim(engine_t *e)
{
    for (size_t i = 0; i < e->nb; i++) {
        free(e->b[i].ev);
        e->b[i] = (bucket_t){ NULL, 0, 0 };
    }
    e->far = 0;
    free(e->cur);
    free(e->tmp);
    free(e->key);
    free(e->ktmp);
    e->cur = e->tmp = NULL;
    e->key = e->ktmp = NULL;
    e->capcur = e->ci = e->ncur = 0;
    if (e->cap > 1024) {
        event_t *h = realloc(e->h, 1024 * sizeof *h);
        if (h) e->h = h;
        e->cap = h ? 1024 : e->cap;
    }
    e->n = 0;
}

void engine_reset(engine_t *e, double t0)
{
    e->n = 0;
    e->ci = e->ncur = 0;
    e->now = t0;
    e->next_seq = 1;
    e->popped = 0;
    for (size_t i = 0; i < e->nb; i++) e->b[i].n = 0;
    e->far = 0;
    e->failed = 0;
    e->base = t0;
    /* invariant: heap and cur hold every event before window_end = base +
     * next_bucket x width; bucket i holds events in [base + i w, base + (i+1) w) */
    e->next_bucket = 1;
    e->window_end = e->width > 0 ? t0 + e->width : INFINITY;
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

static void heap_pop(engine_t *e)
{
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
}

static int bucket_push(engine_t *e, event_t ev)
{
    /* truncation is the floor here (k >= 0); the loops below mend rounding
     * (floor() itself was a library call, 1% of a replication) */
    double k = (ev.t - e->base) * e->inv_width;
    size_t i = k > 0 ? (size_t)k : 0;
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
        size_t cap = b->cap ? 2 * b->cap : 16; /* most buckets hold few events: start small */
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
    /* out of memory: the queue has lost an event, so it stops (engine_next
     * returns 0, engine_failed 1) whoever scheduled it: a month end lost
     * unnoticed left that month's row empty in a run that said it ended well */
    if (rc) e->failed = 1;
    return rc ? 0 : seq;
}

/* Stable sort of src[0..n) by time into e->cur: an LSD radix sort on the
 * top RADIX_BITS bits that vary between the bucket's keys (a bucket spans a
 * narrow range, so the higher bits are all the same), then an insertion
 * pass on the whole key for the few neighbours those bits do not tell
 * apart.  Both steps are stable, so the order is exactly that of a stable
 * sort by time: ties keep their scheduling order.  (Sorting on every
 * varying byte took six or seven passes, each clearing and summing 257
 * counts, for buckets of about 180 events in a region's run: 11% of a
 * replication's instructions.) */
#define RADIX_BITS 16
static void radix_sort(engine_t *e, const event_t *src, size_t n)
{
    event_t *a = e->cur, *b = e->tmp;
    uint64_t *ka = e->key, *kb = e->ktmp;
    uint64_t all_or = 0, all_and = ~0ULL;
    for (size_t i = 0; i < n; i++) {
        a[i] = src[i];
        ka[i] = tkey(src[i].t);
        all_or |= ka[i];
        all_and &= ka[i];
    }
    uint64_t varies = all_or ^ all_and;
    int top = varies ? 64 - __builtin_clzll(varies) : 0; /* bits [0, top) vary */
    int low = top > RADIX_BITS ? top - RADIX_BITS : 0;
    for (int shift = low; shift < top; shift += 8) {
        size_t count[257] = { 0 };
        for (size_t i = 0; i < n; i++) count[((ka[i] >> shift) & 0xff) + 1]++;
        for (int d = 0; d < 256; d++) count[d + 1] += count[d];
        for (size_t i = 0; i < n; i++) {
            size_t at = count[(ka[i] >> shift) & 0xff]++;
            b[at] = a[i];
            kb[at] = ka[i];
        }
        event_t *t = a; a = b; b = t;
        uint64_t *u = ka; ka = kb; kb = u;
    }
    /* the lower bits: only keys equal in the top bits can be out of order */
    for (size_t i = 1; low > 0 && i < n; i++) {
        if (ka[i - 1] <= ka[i]) continue;
        event_t x = a[i];
        uint64_t k = ka[i];
        size_t j = i;
        for (; j > 0 && ka[j - 1] > k; j--) {
            a[j] = a[j - 1];
            ka[j] = ka[j - 1];
        }
        a[j] = x;
        ka[j] = k;
    }
    if (a != e->cur) memcpy(e->cur, a, n * sizeof *a);
}

/* Opens buckets until the open window has an event (or none are left). */
static void open_next(engine_t *e)
{
    while (e->ci == e->ncur && e->n == 0 && e->far > 0) {
        if (e->next_bucket < e->nb && e->b[e->next_bucket].n > 0) {
            bucket_t *b = &e->b[e->next_bucket];
            if (b->n > e->capcur) {
                size_t cap = e->capcur ? e->capcur : 1024;
                while (cap < b->n) cap *= 2;
                event_t *c = realloc(e->cur, cap * sizeof *c), *t = c ? realloc(e->tmp, cap * sizeof *t) : NULL;
                if (c) e->cur = c;
                if (t) e->tmp = t;
                uint64_t *k = t ? realloc(e->key, cap * sizeof *k) : NULL, *kt = k ? realloc(e->ktmp, cap * sizeof *kt) : NULL;
                if (k) e->key = k;
                if (kt) e->ktmp = kt;
                if (!c || !t || !k || !kt) { e->failed = 1; return; }
                e->capcur = cap;
            }
            radix_sort(e, b->ev, b->n);
            e->ci = 0;
            e->ncur = b->n;
            e->far -= b->n;
            /* the bucket is done with: its memory goes back now, so the
             * queue holds the pending events, not every event of a run */
            free(b->ev);
            *b = (bucket_t){ NULL, 0, 0 };
        }
        e->next_bucket++;
        e->window_end = e->base + (double)e->next_bucket * e->width;
    }
}

int engine_next(engine_t *e, event_t *ev)
{
    if (e->ci == e->ncur && e->n == 0) open_next(e);
    if (e->failed) return 0;
    int from_cur;
    if (e->ci < e->ncur) from_cur = e->n == 0 || !before(&e->h[0], &e->cur[e->ci]);
    else if (e->n > 0) from_cur = 0;
    else return 0;
    if (from_cur) *ev = e->cur[e->ci++];
    else {
        *ev = e->h[0];
        heap_pop(e);
    }
    assert(ev->t >= e->now);
    e->now = ev->t;
    e->popped++;
    return 1;
}

double engine_peek(const engine_t *e)
{
    double t = INFINITY;
    if (e->ci < e->ncur) t = e->cur[e->ci].t;
    if (e->n && e->h[0].t < t) t = e->h[0].t;
    if (t < INFINITY) return t;
    /* the earliest waits in the first non-empty bucket */
    for (size_t i = e->next_bucket; i < e->nb && e->far; i++) {
        if (!e->b[i].n) continue;
        for (size_t k = 0; k < e->b[i].n; k++)
            if (e->b[i].ev[k].t < t) t = e->b[i].ev[k].t;
        break;
    }
    return t;
}

uint32_t engine_peek_id(const engine_t *e)
{
    if (e->ci < e->ncur && (e->n == 0 || !before(&e->h[0], &e->cur[e->ci]))) return e->cur[e->ci].id;
    return e->n ? e->h[0].id : 0;
}

uint32_t engine_ahead_id(const engine_t *e, size_t k)
{
    return e->ci + k < e->ncur ? e->cur[e->ci + k].id : UINT32_MAX;
}

double engine_now(const engine_t *e) { return e->now; }
size_t engine_pending(const engine_t *e) { return e->n + (e->ncur - e->ci) + e->far; }
uint64_t engine_popped(const engine_t *e) { return e->popped; }
int engine_failed(const engine_t *e) { return e->failed; }
