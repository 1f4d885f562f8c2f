/* compare_charts.h: charts of `caseflow compare`: difference.png (each
 * policy minus the base, paired, with 90% bands and the policy date),
 * caseload_compare.png (each scenario's median and band) and, when every
 * scenario has a workforce, capacity_compare, staffing_compare,
 * gap_difference and gap_cost_difference.  Drawn from a cview_t, so the
 * charts made by a comparison and those `caseflow plot` redraws from its
 * folder are the same. */
#ifndef CASEFLOW_COMPARE_CHARTS_H
#define CASEFLOW_COMPARE_CHARTS_H

#include "cview.h"
#include "plots.h"

int plots_render_compare(const cview_t *v, const char *dir, int formats, errlist_t *e);

#endif
