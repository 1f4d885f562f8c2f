/* plots.h: the charts caseflow draws for a run, and their alt text.
 *
 * Pipeline position: results (or a re-read series.csv) -> ptable_t ->
 * charts.  Each chart is written as NAME.png / .svg / .pdf (the formats asked
 * for) plus NAME.txt, a few plain sentences for screen readers and for
 * pasting under the figure.  Files go through a temporary name and rename;
 * the same table and metadata give the same bytes in every format.
 *
 * Charts of a run: caseload (total, median and 90% band, observed points),
 * caseload_by_type (stacked medians), flows (starts by disposal, recalls). */
#ifndef CASEFLOW_PLOTS_H
#define CASEFLOW_PLOTS_H

#include <cairo.h>

#include "chart.h"
#include "error.h"
#include "table.h"

enum { PLOT_PNG = 1, PLOT_SVG = 2, PLOT_PDF = 4 };

/* "png,svg,pdf" -> flags; -1 if a word is not a format. */
int plots_parse_formats(const char *s);

typedef struct {
    const char *name;                                       /* file stem */
    void (*draw)(cairo_t *cr, const ptable_t *t, const pmeta_t *m);
    void (*alt)(FILE *f, const ptable_t *t, const pmeta_t *m);
    int (*has)(const ptable_t *t);                          /* anything to draw? */
} plot_def;

/* The charts of a single run, NULL-terminated by name. */
extern const plot_def plots_run[];

/* Renders every chart in defs that has something to draw, in each format,
 * into dir.  A chart draws the series it finds and skips the ones it does not
 * (a re-read series.csv may lack any of them): the staffing chart draws each
 * grade with both its lines, the others each series there is; a chart with
 * none of its series is not made, as for a run without a workforce. */
int plots_render(const plot_def *defs, const ptable_t *t, const pmeta_t *m, const char *dir,
                 int formats, errlist_t *e);

/* Renders one chart drawn by draw(cr, ctx) in each format, and its alt text
 * alt(f, ctx), into dir/name.* (a fresh temporary name, synced, then
 * renamed).  The bytes depend only on what is drawn: the PDF's creation and
 * modification dates are `made` (YYYY-MM-DD, midnight UTC), and the SVG's
 * surface ids do not depend on what else the process has drawn. */
int plots_render_custom(const char *name, void (*draw)(cairo_t *, const void *),
                        void (*alt)(FILE *, const void *), const void *ctx, const char *made, const char *dir,
                        int formats, errlist_t *e);

/* Draws a plain line chart of series `name` (median) for tests. */
void plots_draw_single(cairo_t *cr, const ptable_t *t, const pmeta_t *m, const char *name);

/* Starts a run chart (chart_begin): title, subtitle, and the footer: the
 * source, what the intervals cover, then footer2 when not NULL. */
void plots_begin_run(chart_t *c, cairo_t *cr, const pmeta_t *m, const char *title, const char *sub, const char *footer2);
/* The top of a run chart's y axis for data in [lo, hi] (chart_begin done):
 * room above the data for the marks' labels, or for none when they are
 * numbered (the badges sit above the plot). */
double plots_headroom(chart_t *c, const pmeta_t *m, double lo, double hi);
/* A run chart's subtitle: "SCENARIO: what" (what's first letter made
 * small) when that fits the chart's width at the smallest subtitle size,
 * else `what` alone, whole (the footer names the scenario). */
void plots_sub_named(cairo_t *cr, char *buf, size_t n, const pmeta_t *m, const char *what);
/* The key of a run chart's numbered marks (used when their labels would
 * take more than three rows above the data): "Marked: 1 Recall rules
 * change, Sep 2025; 2 ..." */
void plots_mark_key(char *buf, size_t n, const pmeta_t *m);
/* Footer line 1: "Source: caseflow V, scenario S, N replications, seed X, made D" */
void plots_footer(char *buf, size_t n, const pmeta_t *m);
/* What the intervals cover, as a sentence without a full stop, the run
 * charts' second footer line: "Intervals cover the stated ranges of K
 * assumptions plus random variation", or "Too few replications (N, under
 * 20) to estimate an interval"; "" when a redrawn run.yaml does not say. */
void plots_band_words(char *buf, size_t n, const pmeta_t *m);
/* The same from a number of replications and of assumptions (-1: not known). */
void plots_band_sentence(char *buf, size_t n, long reps, int assumptions);
/* "community_order" -> "community order"; known names get friendlier words */
void plots_pretty(const char *series, char *buf, size_t n);
/* The caseload chart's title from the monthly medians p50[0..nmonth-1]
 * (month index `start` first): what the median does by the end, and the
 * turn on the way when there is one (charts.c). */
void plots_caseload_title(char *buf, size_t n, const double *p50, int nmonth, int start);

#endif
