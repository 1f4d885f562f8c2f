/* uncertain.h: ranges on the assumptions, and each replication's draw of them.
 *
 * Pipeline position: parameters stage (with scenario.c, params.c,
 * policy.c).  Any rule parameter (params.h; `caseflow params` marks them L),
 * and the value of a few levers, may be written as a range instead of a
 * number:
 *
 *   monthly_rate: {low: 0.036, central: 0.042, high: 0.048}   # triangular
 *   divert_share: {dist: uniform, low: 0.2, high: 0.8}        # central: the midpoint
 *   annual_volume: {low: 40000, central: 42700, high: 45000, group: custody_volume}
 *
 * A map of single values with `low` and `high` and also `central`, `dist`
 * or `group` is a range (not `min`/`max`, which a length distribution such as {dist:
 * uniform, min, max} already uses; and not low and high alone, which could
 * be a tier mix of tiers named low and high);
 * `dist` is triangular (the default; low <= central <= high) or uniform
 * (central optional, the midpoint by default; it is the value --central
 * runs).  Ranges with the same `group` share one draw (perfectly rank
 * correlated: the four custody bands' volumes move together) and count as
 * one assumption.
 *
 * unc_extract runs on the YAML tree before the scenario is read: it checks
 * each range and puts its central value in its place, so the readers see a
 * plain number and a scenario whose ranges all sit at their central values
 * is read exactly as one written with plain numbers.  unc_bind then ties
 * each range to its rule parameter (or lever) and checks low and high
 * against the values the parameter may take.
 *
 * Draws.  Replication r's value of a range is the quantile, at u, of its
 * distribution, where u comes from a stream keyed by the replication seed
 * and the range's key (its group, or else its path): two scenarios run with
 * the same seed see the same value in replication r (common random numbers
 * extend to parameters), and a range added elsewhere (a lever's, in a
 * policy) does not shift the others' draws.  The rulebook applies the value
 * as the parameter's starting value, and the levers act on top of it.
 *
 * Ownership: the ranges belong to the scenario (scenario_free frees them). */
#ifndef CASEFLOW_UNCERTAIN_H
#define CASEFLOW_UNCERTAIN_H

#include <stdint.h>

#include "error.h"
#include "scenario.h"

#define UNC_MAX 256           /* ranges in one scenario */

typedef enum { UNC_TRIANGULAR, UNC_UNIFORM } unc_dist;
/* What a lever range edits (the rulebook finds the edits). */
typedef enum { UF_BASE, UF_DIVERT, UF_RECALL_RATE, UF_FTR_SHARE, UF_VOLUME, UF_ACTIVE, UF_EDIT } unc_family;

typedef struct unc_range {
    char path[256];           /* as `caseflow params` names it; a lever's: policy.N.key */
    char key[256];            /* the draw's key: "group:NAME" or the path, whole (names
                                 of 64 characters make paths of under 200) */
    char label[256];          /* what charts and headlines call it: the group or the path */
    unc_dist dist;
    double low, central, high;/* the file's units */
    char *file;
    int line, col;
    int param;                /* rule parameter id (UF_BASE), else -1 */
    int lever;                /* lever index, else -1 */
    unc_family family;
    double pin;               /* NAN: drawn; else every replication uses this value (sensitivity) */
} unc_range;

struct cnode;
/* Finds every range in the tree (top-level x- blocks and history aside),
 * checks it, records it and replaces it by its central value.  Returns 0,
 * or -1 with FILE:LINE:COLUMN messages in e. */
int unc_extract(errlist_t *e, struct cnode *root, unc_range **out, int *n);
/* 1 if n is a mapping written as a range (single values: low, high, and central, dist or group). */
int unc_is_range(const struct cnode *n);
/* Ties the scenario's ranges to rule parameters and levers; checks bounds. */
int unc_bind(errlist_t *e, scenario_t *s);
void unc_free(scenario_t *s);

/* The value of range r in the replication with seed rep_seed, the file's
 * units: its pin if pinned, its central value under --central (s->central)
 * or when it has no width, else the draw. */
double unc_value(const scenario_t *s, const unc_range *r, uint64_t rep_seed);
/* The uniform number in (0, 1) behind the draw of key in a replication. */
double unc_u(const char *key, uint64_t rep_seed);
/* Quantile of r's distribution at u. */
double unc_quantile(const unc_range *r, double u);
/* Distinct assumptions with some width (ranges of one group count once). */
int unc_assumptions(const scenario_t *s);
/* Pins every range whose key is `key` at its low (-1), central (0) or high
 * (+1) value; unc_unpin clears every pin.  Returns how many were pinned. */
int unc_pin(scenario_t *s, const char *key, int side);
void unc_unpin(scenario_t *s);

/* "the stated ranges of 12 assumptions plus random variation" and the like:
 * what a 90% interval covers, for charts, headlines and summary.txt. */
void unc_band_words(char *buf, size_t n, int assumptions);
/* Fewer replications than this and no interval is estimated. */
#define UNC_MIN_REPS 20

#endif
