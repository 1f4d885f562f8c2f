/* regions_charts.h: the charts of a run divided into regions (regions.h).
 *
 * Drawn for `caseflow run` and redrawn by `caseflow plot` whenever the
 * series have region.NAME.* entries; a run without regions draws none.
 *   regions_capacity  one small panel per region: workload as % of capacity
 *                     (median and 90% interval), lines at 100% and 110%, the
 *                     same scale in every panel, titled with the label;
 *   regions_gap       staff needed minus available by region, ranked, at
 *                     one month (RCHARTS_MONTH after the start, or the
 *                     horizon if sooner), with the 90% interval as whiskers;
 *   regions_map       a tile map, the twelve probation regions roughly where
 *                     they are (a plain grid for other regions), each tile
 *                     shaded by its capacity % at that month in four bins.
 * Each has alt text: which regions are over 110% and by how much, the
 * highest and lowest, the month.
 *
 * Regions come from run.yaml's list (pmeta_t: order and labels), then any
 * other region.NAME in the table in the order met; a region without a label
 * is called by its name with '_' as spaces and a capital first letter. */
#ifndef CASEFLOW_REGIONS_CHARTS_H
#define CASEFLOW_REGIONS_CHARTS_H

#include <cairo.h>
#include <stdio.h>

#include "chart.h"
#include "table.h"

#define RCHARTS_MAX PMETA_REGIONS
/* The gap and the map show the end of the 24th month after the start: far
 * enough ahead that staff recruited now could be qualified and holding
 * cases (training a probation officer takes 15 months or more), near enough
 * to plan for; the gap at the start is inherited. */
#define RCHARTS_MONTH 24

typedef struct {
    int n;
    int more;                        /* the table names regions beyond RCHARTS_MAX (not drawn) */
    char name[RCHARTS_MAX][65];
    char label[RCHARTS_MAX][65];
    int cap[RCHARTS_MAX];            /* row of region.NAME.staff.capacity_pct.total, or -1 */
    int gap[RCHARTS_MAX];            /* row of region.NAME.staff.short_fte.total (the staff short), else
                                        of its staff.gap_fte.total (net of spare staff: an older table), or -1 */
    int net;                         /* some region's gap row is the net gap: the chart says "gap", not "short" */
} rcharts_regions_t;

/* The regions of table t with their labels (m may be NULL); 0 or more. */
int rcharts_regions(const ptable_t *t, const pmeta_t *m, rcharts_regions_t *g);
/* The row the gap and the map show: RCHARTS_MONTH, or the last row. */
int rcharts_month(const ptable_t *t);
/* Capacity % to the map's bin: 0 under 100%, 1 from 100% to 110%, 2 over
 * 110% (as summary.txt and the headline count) to 120%, 3 over 120%; -1 for
 * no value. */
int rcharts_bin(double pct);
/* Regions ranked by median gap at row k, largest shortage first (ties in
 * region order), those without a value last; returns how many have one. */
int rcharts_rank(const ptable_t *t, const rcharts_regions_t *g, int k, int order[RCHARTS_MAX]);
/* Each region's tile: the known twelve where they are (returns 1; a 4 x 4
 * grid), otherwise a plain grid in region order (returns 0). */
int rcharts_tiles(const rcharts_regions_t *g, int col[RCHARTS_MAX], int row[RCHARTS_MAX], int *ncol, int *nrow);

/* A legend item in a row at baseline-centre y: a swatch at x (a line, a
 * band, a filled box, a whisker), then the label in 20-unit type; returns
 * the x after it. */
typedef enum { RSW_LINE, RSW_BAND, RSW_BOX, RSW_WHISKER } rcharts_swatch_t;
double rcharts_legend(cairo_t *cr, double x, double y, rcharts_swatch_t kind, rgb_t col, dash_t dash, const char *label);

int rcharts_has_capacity(const ptable_t *t);
int rcharts_has_gap(const ptable_t *t);
void rcharts_draw_capacity(cairo_t *cr, const ptable_t *t, const pmeta_t *m);
void rcharts_alt_capacity(FILE *f, const ptable_t *t, const pmeta_t *m);
void rcharts_draw_gap(cairo_t *cr, const ptable_t *t, const pmeta_t *m);
void rcharts_alt_gap(FILE *f, const ptable_t *t, const pmeta_t *m);
void rcharts_draw_map(cairo_t *cr, const ptable_t *t, const pmeta_t *m);
void rcharts_alt_map(FILE *f, const ptable_t *t, const pmeta_t *m);

#endif
