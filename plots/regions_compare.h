/* regions_compare.h: the regional chart of a comparison, regions_change.
 *
 * Drawn by `caseflow compare` and redrawn by `caseflow plot` when the
 * scenarios have regions (cview_t's nreg; a comparison without regions
 * draws none).  One row per region; left, the change each option makes to
 * the region's caseload (region.NAME.caseload.total, option minus base,
 * paired: median bar, 90% interval as whiskers), ranked by size; right, the
 * region's workload as % of capacity (region.NAME.staff.capacity_pct.total,
 * median) in the base (open circle) and with the option (filled), with the
 * 100% and 110% lines, so a reader sees which regions an option moves
 * across 110%.  Each option is read at the month the headline's regional
 * lines use (cview_finding_row: 24 months after its first lever, else the
 * horizon).  With several options (up to 8 fit), each region's row holds one
 * bar and one mark per option, told apart by colour and marker shape, and
 * the regions are ranked by the largest change any option makes there.
 * Without a workforce the capacity panel is left out.
 *
 * "Crosses 110%" here is at that one month (the base at or under 110% and
 * the option over it, or the other way round); the headline's "takes over"
 * and "brings under" (regional.h) ask for three months running. */
#ifndef CASEFLOW_REGIONS_COMPARE_H
#define CASEFLOW_REGIONS_COMPARE_H

#include <cairo.h>
#include <stdio.h>

#include "cview.h"

/* The comparison has options and regions: regions_change is drawn. */
int rcompare_has(const cview_t *c);
/* Regions ranked by the size (absolute value) of the median change in
 * caseload option p makes at its month, largest first (ties in region
 * order); p = 0: by the largest change any option makes.  Regions without a
 * value come last; returns how many have one. */
int rcompare_rank(const cview_t *c, int p, int order[PMETA_REGIONS]);
/* Option p moves region r across 110% at its month: 1 over (the base at or
 * under), -1 under (the base over), 0 neither or no value. */
int rcompare_cross(const cview_t *c, int p, int r);

/* Capacity used as the chart prints it: "127%"; within half a point of
 * 110% (not on it), with the decimals that show its side: "110.3%",
 * "109.96%"; "-" for no value. */
void rcompare_pct(char *buf, size_t n, double v);

void rcompare_draw(cairo_t *cr, const void *view);
void rcompare_alt(FILE *f, const void *view);

#endif
