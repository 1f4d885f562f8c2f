/* validate_chart.c: model against published figures, one chart per target
 * (see validate_chart.h), and its alt text. */
#include "validate_chart.h"

#include <math.h>
#include <string.h>

#include "chart.h"
#include "plots.h"

static const rgb_t BLUE = { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 };
static const rgb_t VERMILLION = { 0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0 };
static const rgb_t BLACK = { 0, 0, 0 };

typedef struct {
    const validate_t *v;
    int t;
    const pmeta_t *m;
} vctx;

void validate_chart_name(const validate_t *v, int t, char *buf, size_t n)
{
    snprintf(buf, n, "%s", v->t[t].published);
    for (char *p = buf; *p; p++)
        if (*p == '.') *p = '_';
}

/* The first month after the held-out date's month: where held-out points start. */
static int held_out_from(const validate_t *v, int t)
{
    int d = v->t[t].held_out_after;
    return (d / 10000) * 12 + (d / 100) % 100 - 1 + 1;
}

/* The middle of a legend row's symbol: chart.c starts the legend column 40
 * units right of the plot area, with symbols 56 wide. */
static double legend_symbol_x(const chart_t *c) { return c->x1 + 40 + 28; }

static int point_month(int date) { return (date / 10000) * 12 + (date / 100) % 100 - 1; }

/* A vertical whisker from lo to hi at x, with caps. */
static void whisker(chart_t *c, double x, double lo, double hi)
{
    cairo_t *cr = c->cr;
    double y0 = chart_y(c, hi), y1 = chart_y(c, lo);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 2);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_move_to(cr, x, y0);
    cairo_line_to(cr, x, y1);
    cairo_move_to(cr, x - 7, y0);
    cairo_line_to(cr, x + 7, y0);
    cairo_move_to(cr, x - 7, y1);
    cairo_line_to(cr, x + 7, y1);
    cairo_stroke(cr);
}

/* A vermillion square with a black edge: in greyscale the edge still tells
 * it from the model's line, which it may sit on. */
static void held_out_marker(chart_t *c, double x, double y)
{
    chart_marker(c, x, y, MARK_SQUARE, VERMILLION, 8);
    cairo_t *cr = c->cr;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 2.5);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_rectangle(cr, x - 8 * 0.9 - 1, y - 8 * 0.9 - 1, 8 * 1.8 + 2, 8 * 1.8 + 2);
    cairo_stroke(cr);
}

static void draw(cairo_t *cr, const void *p)
{
    const vctx *x = p;
    const validate_t *v = x->v;
    const vtarget_t *tg = &v->t[x->t];
    char title[320], foot[256], foot2[640], foot3[200], d[16];
    snprintf(title, sizeof title, "%s: backcast against published figures", tg->label);
    chart_utf8_trim(title);
    const char *sub = tg->kind == VK_STOCK
                          ? "At each month end: the model's median and 90% interval against the published figures"
                          : "Per quarter: the model's median and 90% interval of each three months' sum against the published figures";
    plots_footer(foot, sizeof foot, x->m);
    snprintf(foot2, sizeof foot2, "Model: %s; published: %s", tg->expr, tg->published);
    chart_utf8_trim(foot2);
    validate_date_label(tg->held_out_after, d);
    snprintf(foot3, sizeof foot3, "Held out (not used to fit): points after %s. Sources: data/published, its source column.", d);
    const char *footer[] = { foot, foot2, foot3, NULL };
    chart_t c;
    chart_begin(&c, cr, title, sub, footer);
    int H = v->nmonth - 1;
    const double *p5 = validate_path(v, x->t, 1), *p50 = validate_path(v, x->t, 2), *p95 = validate_path(v, x->t, 3);
    double lo = INFINITY, hi = -INFINITY;
    for (int k = 0; k <= H; k++) {
        if (isfinite(p5[k]) && p5[k] < lo) lo = p5[k];
        if (isfinite(p95[k]) && p95[k] > hi) hi = p95[k];
    }
    for (int i = 0; i < v->npoint; i++) {
        const vpoint_t *pt = &v->p[i];
        if (pt->target != x->t) continue;
        double a = pt->published * (1 - tg->tol_pct / 100), b = pt->published * (1 + tg->tol_pct / 100);
        if (a < lo) lo = a;
        if (b > hi) hi = b;
    }
    hi += 0.12 * (hi - lo); /* room for the period labels */
    chart_axes(&c, v->start, 0, H, lo, hi, tg->kind == VK_STOCK ? "People at the month end" : "Number per quarter");
    /* the held-out period, shaded */
    int ho = held_out_from(v, x->t) - v->start;
    double kho = ho - 0.5 < 0 ? 0 : ho - 0.5;
    if (kho < H) {
        cairo_set_source_rgba(cr, 0.5, 0.5, 0.5, 0.12);
        cairo_rectangle(cr, chart_x(&c, kho), c.y0, chart_x(&c, H) - chart_x(&c, kho), c.y1 - c.y0);
        cairo_fill(cr);
    }
    chart_band(&c, p5, p95, 0, v->nmonth, BLUE, 0.25);
    chart_line(&c, p50, 0, v->nmonth, BLUE, 4, DASH_SOLID, MARK_NONE, 0, 0);
    int nfit = 0, nho = 0, nstart = 0;
    for (int i = 0; i < v->npoint; i++) {
        const vpoint_t *pt = &v->p[i];
        if (pt->target != x->t) continue;
        double xx = chart_x(&c, point_month(pt->date) - v->start);
        if (pt->period == VP_START) { /* the run's input, not scored */
            chart_marker(&c, xx, chart_y(&c, pt->published), MARK_CIRCLE, BLACK, 8);
            nstart++;
            continue;
        }
        whisker(&c, xx, pt->published * (1 - tg->tol_pct / 100), pt->published * (1 + tg->tol_pct / 100));
        if (pt->period == VP_HELD_OUT) { held_out_marker(&c, xx, chart_y(&c, pt->published)); nho++; }
        else { chart_marker(&c, xx, chart_y(&c, pt->published), MARK_DIAMOND, BLACK, 9); nfit++; }
    }
    char lab[160], mon[32];
    if (kho < H) {
        chart_month_label(v->start + ho, 0, mon, sizeof mon);
        snprintf(lab, sizeof lab, "Held out from %s", mon);
        chart_vline(&c, kho, lab);
        if (kho > 0) chart_vlabel(&c, 0, "Fit period", 0);
    }
    snprintf(lab, sizeof lab, "Model median of %d replications", v->nrep);
    chart_legend(&c, LEG_LINE, lab, BLUE, DASH_SOLID, MARK_NONE);
    chart_legend(&c, LEG_BAND, "Model 90% interval (5th to 95th percentile)", BLUE, DASH_SOLID, MARK_NONE);
    if (nstart) chart_legend(&c, LEG_POINT, "Published, the starting stock (an input)", BLACK, DASH_SOLID, MARK_CIRCLE);
    if (nfit) chart_legend(&c, LEG_POINT, "Published, fit period", BLACK, DASH_SOLID, MARK_DIAMOND);
    if (nho) {
        held_out_marker(&c, legend_symbol_x(&c), c.legend_y);
        chart_legend(&c, LEG_POINT, "Published, held out", BLACK, DASH_SOLID, MARK_NONE);
    }
    if (nfit || nho) {
        /* the whisker's own legend symbol, then its words */
        double lx = legend_symbol_x(&c), ly = c.legend_y;
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_set_line_width(cr, 2);
        cairo_move_to(cr, lx, ly - 14);
        cairo_line_to(cr, lx, ly + 14);
        cairo_move_to(cr, lx - 7, ly - 14);
        cairo_line_to(cr, lx + 7, ly - 14);
        cairo_move_to(cr, lx - 7, ly + 14);
        cairo_line_to(cr, lx + 7, ly + 14);
        cairo_stroke(cr);
        snprintf(lab, sizeof lab, "Tolerance: published %s%g%%", "\xC2\xB1", tg->tol_pct);
        chart_legend(&c, LEG_POINT, lab, BLACK, DASH_SOLID, MARK_NONE);
    }
}

static void alt(FILE *f, const void *p)
{
    const vctx *x = p;
    const validate_t *v = x->v;
    const vtarget_t *tg = &v->t[x->t];
    char m0[32], m1[32], a[32], b[32], c[32], d[16];
    chart_month_label(v->start, 0, m0, sizeof m0);
    chart_month_label(v->start + v->nmonth - 1, 0, m1, sizeof m1);
    fprintf(f, "Line chart comparing a backcast with published figures: %s, England and Wales, from the end of %s to "
               "the end of %s, scenario %s. The line is the model's median of %d replications of %s (%s), with its 90%% "
               "interval as a band; the published figures (%s) are markers, each with a whisker of plus or minus %g%%, "
               "the tolerance. ",
            tg->label, m0, m1, x->m->scenario, v->nrep, tg->expr,
            tg->kind == VK_STOCK ? "people at each month end" : "the sum of each month and the two before it",
            tg->published, tg->tol_pct);
    int n[3] = { 0 }, k[3] = { 0 }, last = -1;
    for (int i = 0; i < v->npoint; i++)
        if (v->p[i].target == x->t) {
            n[v->p[i].period]++;
            k[v->p[i].period] += v->p[i].within;
            last = i;
        }
    validate_date_label(tg->held_out_after, d);
    fprintf(f, "Points after %s are held out (shaded; not used to fit). ", d);
    if (n[VP_START]) fprintf(f, "The published figure for the end of %s is the run's starting stock, an input (a circle). ", m0);
    fprintf(f, "In the fit period %d of %d published points (diamonds) are within tolerance; in the held-out period "
               "(squares) %d of %d. ",
            k[VP_FIT], n[VP_FIT], k[VP_HELD_OUT], n[VP_HELD_OUT]);
    if (last >= 0) {
        const vpoint_t *pt = &v->p[last];
        validate_date_label(pt->date, d);
        chart_format(a, sizeof a, pt->published, 0);
        chart_format(b, sizeof b, pt->p50, 0);
        fprintf(f, "At the latest point, %s, the published figure is %s and the model's median %s", d, a, b);
        chart_format(a, sizeof a, pt->p5, 0);
        chart_format(c, sizeof c, pt->p95, 0);
        fprintf(f, " (90%% interval %s to %s)", a, c);
        if (isfinite(pt->err_pct)) fprintf(f, ", an error of %+.1f%%", pt->err_pct);
        fprintf(f, ".");
    }
    fprintf(f, "\n");
}

int validate_charts_render(const validate_t *v, const pmeta_t *m, const char *dir, int formats, errlist_t *e)
{
    for (int t = 0; t < v->ntarget; t++) {
        char name[300];
        validate_chart_name(v, t, name, sizeof name);
        vctx x = { v, t, m };
        if (plots_render_custom(name, draw, alt, &x, m->made, dir, formats, e)) return -1;
    }
    return 0;
}
