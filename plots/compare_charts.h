/* compare_charts.h: charts of `caseflow compare`: difference.png (each
 * policy minus the base, paired, with 90% bands and the policy date) and
 * caseload_compare.png (each scenario's median and band). */
#ifndef CASEFLOW_COMPARE_CHARTS_H
#define CASEFLOW_COMPARE_CHARTS_H

#include "compare.h"
#include "plots.h"

int plots_render_compare(const compare_t *c, const pmeta_t *m, const char *dir, int formats, errlist_t *e);

#endif
