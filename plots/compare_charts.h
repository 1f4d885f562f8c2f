/* compare_charts.h: charts of `caseflow compare`: difference.png (each
 * policy minus the base, paired, with 90% bands and the policy date),
 * caseload_compare.png (each scenario's median and band) and, when every
 * scenario has a workforce, capacity_compare, staffing_compare,
 * gap_difference and gap_cost_difference; with regions, regions_change
 * (regions_compare.h).  Drawn from a cview_t, so the
 * charts made by a comparison and those `caseflow plot` redraws from its
 * folder are the same. */
#ifndef CASEFLOW_COMPARE_CHARTS_H
#define CASEFLOW_COMPARE_CHARTS_H

#include "cview.h"
#include "plots.h"

int plots_render_compare(const cview_t *v, const char *dir, int formats, errlist_t *e);
/* Starts a comparison chart (chart_begin): title, subtitle, the source
 * footer and what the intervals cover. */
void ccharts_begin(chart_t *ch, cairo_t *cr, const cview_t *c, const char *title, const char *sub);
/* The end of a comparison chart's alt text: what the intervals cover, and
 * the line end. */
void ccharts_alt_end(FILE *f, const cview_t *c);
/* difference.png's title: the option whose median change is largest at
 * its finding row (cview_finding_row), what it does to the caseload by
 * then, or "no clear change" when its 90% interval there holds zero. */
void ccharts_difference_title(const cview_t *c, char *title, size_t n);

#endif
