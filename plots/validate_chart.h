/* validate_chart.h: one chart per validation target, model against the
 * published figures.
 *
 * Each chart shows the model's median (a line) and 90% interval (a band) of
 * the target's expression, month by month (for a quarter target, the sum of
 * each month and the two before it), the published figures as markers with
 * their tolerance as whiskers, diamonds in the fit period and squares in the
 * held-out period, which is also shaded and marked by a dashed line (a
 * published starting stock, the run's input, is a circle).  Files:
 * OUTDIR/<published series, '.' as '_'>.png (and .svg/.pdf) with alt text in
 * a .txt beside it. */
#ifndef CASEFLOW_VALIDATE_CHART_H
#define CASEFLOW_VALIDATE_CHART_H

#include "error.h"
#include "table.h"
#include "validate.h"

/* The file stem of target t's chart: "caseload_total". */
void validate_chart_name(const validate_t *v, int t, char *buf, size_t n);
/* Draws every target's chart into dir.  0, or -1 with a message. */
int validate_charts_render(const validate_t *v, const pmeta_t *m, const char *dir, int formats, errlist_t *e);

#endif
