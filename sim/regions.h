/* regions.h: the service divided into regions, each run as its own scenario.
 *
 * Pipeline position: parameters stage.  A scenario's optional `regions:`
 * list divides the national stock, volumes and workforce among regions:
 *
 *   regions:
 *     - name: london                 # goes into series names (region.london.*)
 *       label: London                # what charts and headlines print
 *       share: 0.159                 # of the national stock, of each disposal's
 *                                    # volume, of fixed other work and staff
 *       volume_share: {custody_under_6m: 0.17}   # optional, by disposal
 *       stock: {community_order: 11800, ...}      # optional: the region's own counts
 *       workforce: {share: 0.2, probation_officer: 1100, probation_services_officer: 900,
 *                   trainees: 200, senior_probation_officer: 150}  # optional: FTE in post
 *       rates: {custody.recall.monthly_rate: 0.031}  # optional: any rule parameter
 *
 * Every region is then a scenario of its own (regions_build): the national
 * scenario with the region's volumes, stock and workforce, the levers that
 * apply to it (a lever's `regions: [a, b]`; none: every region) and its own
 * rates.  A national lever that adds or sets a count (a volume, recruits a
 * month, trainees, fixed other work) is shared among regions like the
 * national number it edits; a regional lever's count is the region's own.
 * The model runs each region on its own random streams (keyed by the
 * region's name) and the national series are the regions' sums (model.c).
 *
 * Rules: shares are in (0, 1] and sum to 1 within 0.001 (each disposal's
 * volume shares too; they are then scaled to sum to exactly 1); a region
 * without its own stock gets the national stock less the regions' own, in
 * proportion to its share, rounded so that the regions sum to the national
 * count exactly.  At most REGIONS_MAX regions.
 *
 * Ownership: the regions and their scenarios belong to the national
 * scenario (scenario_free calls regions_free). */
#ifndef CASEFLOW_REGIONS_H
#define CASEFLOW_REGIONS_H

#include <stdint.h>

#include "scenario.h"

#define REGIONS_MAX 64

typedef struct region {
    char *name;              /* a series-name word */
    char *label;             /* for people (the name when not given) */
    double share;
    double *vol_share;       /* [ndisp] */
    int has_stock;
    double stock[SUP_N], stock_people;
    double wf_share;         /* share of staff counts (the region's share unless given) */
    double start_fte[4];     /* PO, PSO, trainees, SPO in post at the start; NaN: wf_share x national */
    int nrates;
    int *rate_id;            /* rule parameters (params.h) */
    double *rate_val;        /* in model units */
    int line, col;
} region_t;

struct cnode;
/* Reads `regions:` into s (after the disposals and workforce, before the
 * levers).  0, or -1 with messages. */
int regions_read(errlist_t *e, scenario_t *s, struct cnode *n);
/* A lever's `regions: [NAME, ...]` as a mask (bit r: region r).  0, or -1
 * with a message. */
int regions_mask(errlist_t *e, const scenario_t *s, struct cnode *n, uint64_t *mask);
/* Builds every region's scenario (s->region_sc); after the levers and
 * ranges are read.  0, or -1 out of memory. */
int regions_build(scenario_t *s);
void regions_free(scenario_t *s);
/* Does lever l act in scenario s (a region's or a national one)? */
int regions_lever_applies(const scenario_t *s, uint64_t lever_mask);
/* Factor for a national count parameter's value in a region (1 elsewhere). */
double regions_count_scale(const scenario_t *s, int param_id);
/* Region index of name, or -1. */
int regions_find(const scenario_t *s, const char *name);
/* `caseflow check`: the regions' shares, stock and staff. */
void regions_describe(const scenario_t *s, FILE *out);

#endif
