/* engine.h: the discrete-event engine: a clock and a priority queue of events.
 *
 * An event is a time (days since the projection start), an id (what it is
 * about: a case number, or a global event coded by the model) and a sequence
 * number given at scheduling.  Events pop in time order; ties pop in the
 * order they were scheduled (FIFO), so runs are reproducible.
 *
 * Events wait in buckets of `bucket_width` days; when the clock reaches a
 * bucket it is sorted once (a calendar queue), and only events scheduled
 * into the open bucket go through a small heap.  Order is unaffected: every
 * open event is earlier than every event in a bucket.  bucket_width 0 gives
 * a plain heap.
 *
 * Cancelling is lazy: engine_schedule returns the event's sequence number and
 * the owner keeps the number of the one event it still wants; a popped event
 * whose number does not match is stale and is skipped by the owner.  This
 * keeps the queue a plain heap (O(log n) push and pop, no handles to update).
 *
 * Ownership: engine_create allocates, engine_free frees (NULL is a no-op). */
#ifndef CASEFLOW_ENGINE_H
#define CASEFLOW_ENGINE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    double t;      /* when */
    uint32_t id;   /* what about (owner's coding) */
    uint32_t seq;  /* scheduling order; ties break on it */
} event_t;

typedef struct engine engine_t;

engine_t *engine_create(size_t capacity_hint, double bucket_width);
void engine_free(engine_t *e);
/* Empties the queue and sets the clock to t0 (reuse without reallocating). */
void engine_reset(engine_t *e, double t0);
/* Gives back the memory a run used (buckets, the open bucket, the heap
 * beyond a small size) and leaves the queue empty; engine_reset next. */
void engine_trim(engine_t *e);
/* Schedules an event at time t >= now; returns its sequence number, or
 * 0 if memory ran out (sequence numbers start at 1), which also fails the
 * queue: engine_next returns 0 and engine_failed 1 until engine_reset. */
uint32_t engine_schedule(engine_t *e, double t, uint32_t id);
/* Pops the earliest event into *ev and advances the clock to it.
 * Returns 0 when the queue is empty (or on failure: see engine_failed). */
int engine_next(engine_t *e, event_t *ev);
/* Time of the earliest event, or +infinity when empty. */
double engine_peek(const engine_t *e);
/* Id of the earliest event (undefined when empty): lets the owner prefetch
 * what the next event will touch while it handles this one. */
uint32_t engine_peek_id(const engine_t *e);
/* Id of the event k places ahead in the open bucket's sorted run, or
 * UINT32_MAX past its end: a hint for prefetching further ahead (events
 * scheduled into the open bucket since may come first; nothing depends on
 * it but speed). */
uint32_t engine_ahead_id(const engine_t *e, size_t k);
double engine_now(const engine_t *e);
size_t engine_pending(const engine_t *e);
/* Non-zero if memory ran out moving events (engine_next then returns 0). */
int engine_failed(const engine_t *e);
/* Events popped since create/reset. */
uint64_t engine_popped(const engine_t *e);

#endif
