/* regional.h: which regions are full, and where a policy's caseload lands,
 * in a comparison (regions.h says how a scenario is divided).
 *
 * A region is "over 110%" in a month when the median of its capacity used
 * (region.<name>.staff.capacity_pct.total, the WMT's measure) is above 110%,
 * the WMT's excessive-workload line.  A policy "takes a region over 110%"
 * in the first month from the policy's first lever on from which, for
 * REGIONAL_HOLD months running (or to the horizon), the region's median is
 * above 110% under the policy and at or below it in the base ("brings it
 * under" the other way round): a median wandering about the line for a
 * month is not a crossing.  Where the extra caseload lands:
 * each region's paired median change of region.<name>.caseload.total.
 *
 * Pipeline position: outputs (with compare.c, which calls it).  Regions are
 * matched by name; each function writes nothing when the base has no
 * regions or no workforce. */
#ifndef CASEFLOW_REGIONAL_H
#define CASEFLOW_REGIONAL_H

#include <stdio.h>

#include "compare.h"

#define REGIONAL_HOLD 3

/* The headline's regional lines for policy p, at month row k (`after`
 * months after the policy starts, or -1). */
void regional_lines(FILE *f, const compare_t *c, int p, int k, int after);
/* The decision table's section: regions over 110% by scenario and month. */
void regional_decision_txt(FILE *f, const compare_t *c, int w, const int *rows, const int *after, int n);
/* decision.csv: regions_over_110_<tag> (a count) and
 * regions_over_110_names_<tag> (names joined by ';') for each tag; and the
 * values of scenario p. */
void regional_decision_header(FILE *f, const compare_t *c, const char *const *tags, int n);
void regional_decision_row(FILE *f, const compare_t *c, int p, const int *rows, int n);

/* Region r of the base is over 110% at row k in scenario i (0 or 1; -1
 * when the scenario lacks the series). */
int regional_over(const compare_t *c, int i, int r, int k);
/* First month row from k0 on where policy p takes base region r over 110%
 * (dir 1) or brings it under (dir -1), or -1. */
int regional_crossing(const compare_t *c, int p, int r, int k0, int dir);

#endif
