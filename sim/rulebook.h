/* rulebook.h: "what is this rule for this case at this time?", by lookup.
 *
 * Pipeline position: parameters (scenario.c, params.c, policy.c) ->
 * rulebook (this) -> model.  rulebook_create compiles a scenario and its
 * levers into one read-only structure: for every rule parameter (params.h)
 * a timeline that starts at the scenario's value and carries the levers'
 * edits (set, multiply, add; from a date, optionally phased in linearly),
 * composed in date order (levers of the same date in the order written).
 * The flow code (custody.c, community.c, stock.c, workload.c, staff.c,
 * model.c) reads its rules from here and from nowhere else that a lever can
 * change.
 *
 * Cost: a parameter no lever touches answers with one load and one branch
 * (rb_at's fast path).  An edited one looks up the segment of its piecewise
 * timeline that holds t (a binary search over that parameter's own few
 * breakpoints, never a scan of the lever list); segments where no phase-in
 * is running hold their value precomputed.
 *
 * One rulebook per thread, drawn again for each replication:
 * rulebook_draw(rb, rep_seed) gives every ranged parameter (uncertain.h)
 * this replication's value as its starting value, and every ranged lever
 * value its edit's; the levers then act on top (a multiply lever multiplies
 * the drawn value).  A value at its central sets back the scenario's own
 * number exactly, so --central and zero-width ranges change no bit.  With no
 * range it returns at once.
 *
 * Ownership: rulebook_create returns a rulebook the caller frees with
 * rulebook_free (NULL is a no-op); the scenario must outlive it. */
#ifndef CASEFLOW_RULEBOOK_H
#define CASEFLOW_RULEBOOK_H

#include <stdint.h>
#include <stdio.h>

#include "params.h"
#include "policy.h"
#include "scenario.h"

/* Edit operations as the timeline applies them.  SET jumps to the value
 * when it takes effect (release points, fixed-term lengths); BLEND moves
 * towards it over the phase-in, v + (x - v) r; MULTIPLY v (1 + (x - 1) r);
 * ADD v + x r. */
enum { RB_SET, RB_BLEND, RB_MULTIPLY, RB_ADD };

typedef struct {
    double from, ramp;   /* model days */
    double x;            /* model units */
    double x0;           /* the lever's own value (x is this replication's draw) */
    int op;
    int lever;           /* index in the scenario's levers */
} rb_edit;

typedef struct {
    double base;         /* this replication's starting value (drawn, or the scenario's) */
    double base0;        /* the scenario's value */
    int n;               /* edits, in date order */
    rb_edit *e;
    int nb;              /* breakpoints (edit starts and ends), ascending */
    double *bp;
    double *val;         /* value on [bp[i], bp[i+1]); NaN while a phase-in runs */
} rb_timeline;

/* Events on a date that act on people already in the system. */
enum { RB_EV_TRANCHE, RB_EV_REDRAW_RECALL, RB_EV_END_SUP, RB_EV_CONVERT_RECALL, RB_EV_END_DONE };
typedef struct {
    double t;
    int kind;
    int lever;
    double *rf;          /* tranche: [ndisp] new release fraction, NaN if not covered */
} rb_event;

#define TIER_GUIDE 64
typedef struct rulebook {
    const scenario_t *sc;
    int n;
    rb_timeline *tl;     /* [n] by parameter id */
    int nev;
    rb_event *ev;        /* in lever order */
    double *stock_rf;    /* [ndisp] release fraction of the starting stock (tranche levers from day 0 or before), NaN: the band's */
    /* diversion (presumption lever) */
    double divert_threshold; /* longest covered sentence, days (0: none) */
    const double *divert_to; /* [ndisp] target mix, or NULL */
    const policy_profile *divert_profile;
    /* running sums of each disposal's tier shares, [ndisp x ntiers], and of
     * the diversion profile's (NULL if it has none): model_draw_tier's
     * table, summed once in the order a draw would sum them; and for each
     * a guide, [TIER_GUIDE] a disposal: guide[j] is the first tier whose
     * sum passes j / TIER_GUIDE, where a draw in [j, j + 1) / TIER_GUIDE
     * starts looking (Chen and Asau's indexed search) */
    double *tier_cum, *divert_tier_cum;
    uint8_t *tier_guide, *divert_tier_guide;
    int inactive_counts; /* inactive licences count as caseload */
    /* what the ranges of the scenario edit: a parameter's starting value
     * (edit -1) or one edit of a lever */
    int ntgt;
    struct rb_target { int range, id, edit; param_info p; } *tgt;
} rulebook_t;

rulebook_t *rulebook_create(const scenario_t *s);
void rulebook_free(rulebook_t *rb);
/* Draws this replication's values of the ranged parameters and lever
 * values; returns the number of targets (0: nothing ranged, nothing done). */
int rulebook_draw(rulebook_t *rb, uint64_t rep_seed);

double rulebook_eval(const rb_timeline *tl, double t);
static inline double rb_at(const rulebook_t *rb, int id, double t)
{
    const rb_timeline *tl = &rb->tl[id];
    return tl->n ? rulebook_eval(tl, t) : tl->base;
}
static inline double rb_base(const rulebook_t *rb, int id) { return rb->tl[id].base; }
/* The scenario's own value (what a distribution written in the file is drawn around). */
static inline double rb_base0(const rulebook_t *rb, int id) { return rb->tl[id].base0; }
/* How far a lever or a drawn value has moved parameter id from the file's
 * own value on day t, as a ratio (exactly 1 when nothing moved it): what a
 * length drawn around the file's mean is multiplied by. */
static inline double rb_ratio(const rulebook_t *rb, int id, double t)
{
    const rb_timeline *tl = &rb->tl[id];
    return tl->n || tl->base != tl->base0 ? rb_at(rb, id, t) / tl->base0 : 1;
}

/* Running sums of n shares into cum (0 + share[0], + share[1], ...), and
 * the guide: for each j, the first k < n - 1 with j / TIER_GUIDE < cum[k],
 * else n - 1 (every tier before it has a sum at or below any draw in
 * [j, j + 1) / TIER_GUIDE, so a draw's search can start there). */
void rulebook_tier_table(const double *share, int n, double *cum, uint8_t *guide);

/* The custody band whose length range holds len, or the nearest (first of
 * equals); -1 when there is no custody band. */
int rulebook_band_of(const rulebook_t *rb, double len);

/* `caseflow check`: each lever's edits in plain words, then warnings (a
 * lever dated before the start, or overridden by another); returns the
 * number of warnings. */
int rulebook_describe(const rulebook_t *rb, FILE *out);

#endif
