/* chart.h: drawing primitives for time-series charts on any Cairo surface.
 *
 * A chart_t is one figure: a title, a one-line subtitle, a plot area with a
 * month axis (x) and a value axis (y) on 1-2-5 steps, a legend in a column to
 * the right of the plot area (so it never covers data) and footer lines.
 * Coordinates are in surface units; charts are designed at 1600 x 900 with
 * the smallest text 20 units high, so a PNG shown at half size is legible.
 * Colours are the Okabe-Ito palette; lines also differ by dash and marker,
 * bands are pale, so a chart survives greyscale printing.
 *
 * Cairo errors are sticky: draw freely, then check cairo_status once
 * (chart_status). */
#ifndef CASEFLOW_CHART_H
#define CASEFLOW_CHART_H

#include <cairo.h>
#include <stddef.h>

#define CHART_W 1600.0
#define CHART_H 900.0

typedef struct { double r, g, b; } rgb_t;
extern const rgb_t okabe_ito[8]; /* black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple */

typedef enum { DASH_SOLID, DASH_DASHED, DASH_DOTTED, DASH_DASHDOT, DASH_LONG, DASH_N } dash_t;
typedef enum { MARK_NONE, MARK_CIRCLE, MARK_SQUARE, MARK_TRIANGLE, MARK_DIAMOND, MARK_CROSS, MARK_N } mark_t;

typedef enum { LEG_LINE, LEG_BAND, LEG_FILL, LEG_POINT } legend_kind;

typedef struct {
    cairo_t *cr;
    double x0, x1, y0, y1;   /* plot area: x0 left, x1 right, y0 top, y1 bottom */
    double kmin, kmax;       /* month index range on x (0 = start month) */
    int start;               /* start month, YYYY*12+MM-1 */
    double vmin, vmax, step; /* y range and tick step after rounding */
    int ydec;                /* decimals on y tick labels */
    double legend_y;         /* next legend row */
    int legend_lines;        /* most lines a legend label wraps to (chart_begin: 3) */
} chart_t;

/* Values beyond this are drawn at it (series.csv refuses |v| > 1e12). */
#define CHART_VMAX 1e15

/* Nice ticks: the smallest step in {1, 2, 5} x 10^k giving at most
 * `target` intervals over [lo, hi]; *tmin and *tmax are lo and hi rounded
 * out to the step.  Returns the number of decimals the labels need (0-9).
 * Any input, inf and nan included, gives a finite axis with tmin < tmax in a
 * bounded number of steps: a nan end is ignored, ends beyond +-CHART_VMAX
 * (infinities too) are clamped to it, an empty range (lo > hi, as for no
 * data at all) becomes 0 and a constant one is padded. */
int chart_nice_ticks(double lo, double hi, int target, double *tmin, double *tmax, double *step);
/* Formats v with thousands separators: 240,000; 11.4; -1,250.5 */
void chart_format(char *buf, size_t n, double v, int dec);

/* Starts a chart: white background, title, subtitle, footer lines (NULL-
 * terminated).  Fixes the plot area. */
void chart_begin(chart_t *c, cairo_t *cr, const char *title, const char *subtitle,
                 const char *const *footer);
/* Draws axes, gridlines and labels for months [kmin, kmax] and values
 * [lo, hi] (rounded out to nice ticks). */
void chart_axes(chart_t *c, int start, double kmin, double kmax, double lo, double hi, const char *ylabel);
double chart_x(const chart_t *c, double k);
double chart_y(const chart_t *c, double v);

/* Series are arrays indexed by month k = k0 .. k0+n-1; values that are not
 * finite (NAN: no row in series.csv) are skipped, and so are markers and
 * lines at positions that are not finite. */
void chart_band(chart_t *c, const double *lo, const double *hi, int k0, int n, rgb_t col, double alpha);
/* Markers every `mark_every` months, shifted by `mark_phase` so that the
 * markers of lines that run close together do not sit on each other. */
void chart_line(chart_t *c, const double *v, int k0, int n, rgb_t col, double width, dash_t dash,
                mark_t mark, int mark_every, int mark_phase);
/* Line colours: Okabe-Ito without yellow, which is too pale for a line. */
extern const rgb_t line_colours[7];
void chart_marker(chart_t *c, double x, double y, mark_t m, rgb_t col, double size);
/* Fills between two series (stacked areas). */
void chart_area(chart_t *c, const double *lo, const double *hi, int k0, int n, rgb_t col);
/* A vertical marker line at month k with a label (policy dates). */
void chart_vline(chart_t *c, double k, const char *label);
/* The same, with the label on text row `row` (0 = top) so several can stack. */
void chart_vline_row(chart_t *c, double k, const char *label, int row);
/* Only the label of a vertical line (draw every line first, then labels).
 * It wraps to at most CHART_VLABEL_LINES lines of CHART_VLABEL_WIDTH px
 * (less on a narrow plot; shortened at a word beyond that), each
 * CHART_VLABEL_ROW px high, stacked from the top of the plot (what a
 * chart's headroom allows for); returns the text rows it took. */
#define CHART_VLABEL_WIDTH 460
#define CHART_VLABEL_ROW 30
#define CHART_VLABEL_LINES 3
int chart_vlabel(chart_t *c, double k, const char *label, int row);
/* A numbered badge for a vertical line at month k (a key under the chart
 * says what it marks), in the strip just above the plot, centred on x = cx
 * (the caller keeps badges apart), with a leader down to the line when cx
 * is not over it. */
void chart_vbadge(chart_t *c, double k, const char *text, double cx);
double chart_vbadge_width(chart_t *c, const char *text);
void chart_hline(chart_t *c, double v, rgb_t col, dash_t dash, const char *label);

void chart_legend(chart_t *c, legend_kind kind, const char *label, rgb_t col, dash_t dash, mark_t mark);

/* Text helpers.  Text that is not valid UTF-8 is drawn with '?' for each bad
 * byte (Cairo would refuse it and fail the whole chart). */
void chart_font(cairo_t *cr, double size, int bold);
double chart_text_width(cairo_t *cr, const char *s);
/* Draws s with its left end at x - align * width, baseline y. */
void chart_text(cairo_t *cr, double x, double y, const char *s, double align);
/* Breaks s into at most maxlines lines no wider than width, at spaces only.
 * Text beyond maxlines is dropped at a word boundary and the last line ends
 * in an ellipsis, so a label is wrapped or shortened, never cut mid-word.
 * A single word wider than width stays whole on its line.  Returns the
 * number of lines. */
#define CHART_WRAP_LEN 160
int chart_wrap(cairo_t *cr, const char *s, double width, int maxlines, char lines[][CHART_WRAP_LEN]);
/* The title as drawn, in out, and its font set on cr: bold, 40 px,
 * shrunk to no less than 24 px to fit width; if it still does not fit, its
 * bracketed asides (" (Sentencing Act 2026 s.1)") are dropped, then it is
 * shortened at a word with an ellipsis.  So a title that states a finding
 * keeps the finding whole where it can. */
void chart_title_fit(cairo_t *cr, const char *title, double width, char out[CHART_WRAP_LEN]);
/* Drops a UTF-8 character cut short at the end of s (after snprintf truncated it). */
void chart_utf8_trim(char *s);

/* 0 if every drawing call succeeded; else a message in buf. */
int chart_status(cairo_t *cr, char *buf, size_t n);

/* "Jun 2025" or "2025" */
void chart_month_label(int month, int year_only, char *buf, size_t n);

#endif
