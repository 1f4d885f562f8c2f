/* regions_charts.c: small multiples of capacity by region, the staff gap by
 * region ranked, and a tile map of capacity (regions_charts.h). */
#include "regions_charts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#include "chart.h"
#include "plots.h"
#include "uncertain.h"

static const rgb_t BLUE = { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 };
#define INK 0.15
#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"

/* ---- the regions ------------------------------------------------------------ */

/* Length of NAME in "region.NAME.rest" (1 to 64 name characters), else 0. */
static size_t region_word(const char *series)
{
    if (strncmp(series, "region.", 7)) return 0;
    size_t n = strspn(series + 7, NAME_CHARS);
    return n >= 1 && n <= 64 && series[7 + n] == '.' ? n : 0;
}

static int find_region(const rcharts_regions_t *g, const char *name, size_t len)
{
    for (int i = 0; i < g->n; i++)
        if (strlen(g->name[i]) == len && !memcmp(g->name[i], name, len)) return i;
    return -1;
}

/* "kent_surrey_sussex" -> "Kent surrey sussex" */
static void fallback_label(const char *name, char *out, size_t n)
{
    size_t len = strlen(name);
    if (len >= n) len = n - 1;
    memmove(out, name, len);
    out[len] = 0;
    for (char *p = out; *p; p++)
        if (*p == '_') *p = ' ';
    if (out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 'a' + 'A');
}

int rcharts_regions(const ptable_t *t, const pmeta_t *m, rcharts_regions_t *g)
{
    char seen[RCHARTS_MAX] = { 0 };
    g->n = g->more = g->net = 0;
    for (int i = 0; m && i < m->nregion && g->n < RCHARTS_MAX; i++) {
        const char *nm = m->region_name[i];
        if (!nm || !nm[0] || strlen(nm) > 64 || strspn(nm, NAME_CHARS) != strlen(nm) || find_region(g, nm, strlen(nm)) >= 0) continue;
        snprintf(g->name[g->n], sizeof g->name[0], "%s", nm);
        if (m->region_label[i] && m->region_label[i][0]) {
            snprintf(g->label[g->n], sizeof g->label[0], "%s", m->region_label[i]);
            chart_utf8_trim(g->label[g->n]);
        } else
            fallback_label(nm, g->label[g->n], sizeof g->label[0]);
        g->n++;
    }
    for (int s = 0; s < t->nser; s++) {
        size_t len = region_word(t->name[s]);
        if (!len) continue;
        int r = find_region(g, t->name[s] + 7, len);
        if (r < 0 && g->n == RCHARTS_MAX) { g->more = 1; continue; }
        if (r < 0) {
            r = g->n++;
            memcpy(g->name[r], t->name[s] + 7, len);
            g->name[r][len] = 0;
            fallback_label(g->name[r], g->label[r], sizeof g->label[0]);
        }
        seen[r] = 1;
    }
    /* run.yaml's regions the table has no series of are not drawn */
    int n = 0;
    for (int r = 0; r < g->n; r++) {
        if (!seen[r]) continue;
        if (n != r) {
            memcpy(g->name[n], g->name[r], sizeof g->name[0]);
            memcpy(g->label[n], g->label[r], sizeof g->label[0]);
        }
        char key[128];
        snprintf(key, sizeof key, "region.%s." PTABLE_REGION_CAPACITY, g->name[n]);
        g->cap[n] = ptable_find(t, key);
        snprintf(key, sizeof key, "region.%s." PTABLE_REGION_SHORT, g->name[n]);
        g->gap[n] = ptable_find(t, key);
        if (g->gap[n] < 0) {
            snprintf(key, sizeof key, "region.%s." PTABLE_REGION_GAP, g->name[n]);
            g->gap[n] = ptable_find(t, key);
            g->net |= g->gap[n] >= 0;
        }
        n++;
    }
    g->n = n;
    return n;
}

int rcharts_month(const ptable_t *t) { return t->nmonth - 1 < RCHARTS_MONTH ? t->nmonth - 1 : RCHARTS_MONTH; }

int rcharts_bin(double pct)
{
    if (!isfinite(pct)) return -1;
    return pct < 100 ? 0 : pct <= 110 ? 1 : pct <= 120 ? 2 : 3;
}

/* v with the fewest decimals (0 to 2) that do not show it at one of the
 * edges when it is not there: 110.3 is "110.3", not "110", so a number
 * never seems to contradict its bin or the count over 110%. */
static void fewest(char *buf, size_t n, double v, const double *edge, int nedge, const char *unit)
{
    int dec = 0;
    for (; dec < 2; dec++) {
        char b[64];
        snprintf(b, sizeof b, "%.*f", dec, v);
        double shown = strtod(b, NULL);
        int clash = 0;
        for (int i = 0; i < nedge; i++) clash |= shown == edge[i] && v != edge[i];
        if (!clash) break;
    }
    snprintf(buf, n, "%.*f%s", dec, v, unit);
}

static const double pct_edges[] = { 100, 110, 120 };
/* "127%", "110.3%" */
static void pct_text(char *buf, size_t n, double v) { fewest(buf, n, v, pct_edges, 3, "%"); }

/* Median of row s at k, or NAN (no row). */
static double at(const ptable_t *t, int s, int stat, int k) { return s >= 0 ? ptable_row(t, s, stat)[k] : NAN; }

int rcharts_rank(const ptable_t *t, const rcharts_regions_t *g, int k, int order[RCHARTS_MAX])
{
    int n = 0, valued;
    for (int r = 0; r < g->n; r++)
        if (isfinite(at(t, g->gap[r], ST_P50, k))) order[n++] = r;
    valued = n;
    for (int r = 0; r < g->n; r++)
        if (!isfinite(at(t, g->gap[r], ST_P50, k))) order[n++] = r;
    /* insertion sort: stable, at most 64 */
    for (int i = 1; i < valued; i++) {
        int x = order[i], j = i;
        double v = at(t, g->gap[x], ST_P50, k);
        while (j > 0 && at(t, g->gap[order[j - 1]], ST_P50, k) < v) { order[j] = order[j - 1]; j--; }
        order[j] = x;
    }
    return valued;
}

/* The twelve probation regions of England and Wales, roughly where they
 * are: the North East above Yorkshire, Wales west of the Midlands, London
 * between South Central and Kent, Surrey and Sussex. */
static const struct { const char *name; int col, row; } known[] = {
    { "north_east", 2, 0 },      { "north_west", 0, 1 },         { "greater_manchester", 1, 1 },
    { "yorkshire_humber", 2, 1 }, { "wales", 0, 2 },              { "west_midlands", 1, 2 },
    { "east_midlands", 2, 2 },   { "east_of_england", 3, 2 },    { "south_west", 0, 3 },
    { "south_central", 1, 3 },   { "london", 2, 3 },             { "kent_surrey_sussex", 3, 3 },
};
#define NKNOWN ((int)(sizeof known / sizeof known[0]))

/* Panels and plain tiles: rows = floor(sqrt(n)), columns enough for n
 * (twelve: 4 x 3; four: 2 x 2; 64: 8 x 8), wider than tall on a wide page. */
static void grid_of(int n, int *ncol, int *nrow)
{
    int rows = (int)floor(sqrt((double)(n > 0 ? n : 1)) + 1e-9);
    *nrow = rows;
    *ncol = (n + rows - 1) / rows;
    if (*ncol < 1) *ncol = 1;
}

int rcharts_tiles(const rcharts_regions_t *g, int col[RCHARTS_MAX], int row[RCHARTS_MAX], int *ncol, int *nrow)
{
    int all = g->n > 0;
    for (int r = 0; r < g->n && all; r++) {
        int j = 0;
        while (j < NKNOWN && strcmp(known[j].name, g->name[r])) j++;
        if (j == NKNOWN) all = 0;
        else { col[r] = known[j].col; row[r] = known[j].row; }
    }
    if (all) { *ncol = *nrow = 4; return 1; }
    grid_of(g->n, ncol, nrow);
    for (int r = 0; r < g->n; r++) { col[r] = r % *ncol; row[r] = r / *ncol; }
    return 0;
}

static int any_row(const ptable_t *t, int capacity)
{
    rcharts_regions_t g;
    rcharts_regions(t, NULL, &g);
    for (int r = 0; r < g.n; r++)
        if ((capacity ? g.cap[r] : g.gap[r]) >= 0) return 1;
    return 0;
}

int rcharts_has_capacity(const ptable_t *t) { return any_row(t, 1); }
int rcharts_has_gap(const ptable_t *t) { return any_row(t, 0); }

/* ---- words shared by the alt texts ------------------------------------------- */

/* "Jun 2027, 24 months after the start" or "Dec 2026, the horizon (18
 * months after the start)" */
static void month_phrase(const ptable_t *t, int k, char *buf, size_t n)
{
    char mon[32];
    chart_month_label(t->start + k, 0, mon, sizeof mon);
    if (k == RCHARTS_MONTH) snprintf(buf, n, "%s, %d months after the start", mon, k);
    else snprintf(buf, n, "%s, the horizon (%d month%s after the start)", mon, k, k == 1 ? "" : "s");
}

/* Regions with a capacity value at k, highest first (ties in region order). */
static int by_capacity(const ptable_t *t, const rcharts_regions_t *g, int k, int order[RCHARTS_MAX])
{
    int n = 0;
    for (int r = 0; r < g->n; r++)
        if (isfinite(at(t, g->cap[r], ST_P50, k))) {
            int j = n++;
            double v = at(t, g->cap[r], ST_P50, k);
            while (j > 0 && at(t, g->cap[order[j - 1]], ST_P50, k) < v) { order[j] = order[j - 1]; j--; }
            order[j] = r;
        }
    return n;
}

static int count_over(const ptable_t *t, const rcharts_regions_t *g, int k)
{
    int n = 0;
    for (int r = 0; r < g->n; r++) n += rcharts_bin(at(t, g->cap[r], ST_P50, k)) >= 2;
    return n;
}

/* "In Jun 2027, 24 months after the start, 2 of 4 regions are over 110% of
 * capacity: London at 127% (17 points over) and Wales at 112% (2 points
 * over). The highest is London at 127%, the lowest North East at 98%." */
static void over_sentence(FILE *f, const ptable_t *t, const rcharts_regions_t *g, int k)
{
    int order[RCHARTS_MAX], n = by_capacity(t, g, k, order), over = count_over(t, g, k);
    char when[96];
    month_phrase(t, k, when, sizeof when);
    if (!n) { fprintf(f, "In %s, no region has a capacity value. ", when); return; }
    if (!over) fprintf(f, "In %s, no region is over 110%% of capacity. ", when);
    else {
        fprintf(f, "In %s, %d of %d region%s %s over 110%% of capacity: ", when, over, g->n, g->n == 1 ? "" : "s",
                over == 1 ? "is" : "are");
        static const double zero = 0;
        for (int i = 0; i < over; i++) {
            double v = at(t, g->cap[order[i]], ST_P50, k);
            char a[32], d[32];
            pct_text(a, sizeof a, v);
            fewest(d, sizeof d, v - 110, &zero, 1, "");
            fprintf(f, "%s%s at %s (%s point%s over)", i == 0 ? "" : i == over - 1 ? " and " : ", ", g->label[order[i]], a, d,
                    strcmp(d, "1") ? "s" : "");
        }
        fprintf(f, ". ");
    }
    char hi[32], lo[32];
    pct_text(hi, sizeof hi, at(t, g->cap[order[0]], ST_P50, k));
    pct_text(lo, sizeof lo, at(t, g->cap[order[n - 1]], ST_P50, k));
    if (n > 1) fprintf(f, "The highest is %s at %s, the lowest %s at %s. ", g->label[order[0]], hi, g->label[order[n - 1]], lo);
    else fprintf(f, "%s is at %s. ", g->label[order[0]], hi);
    if (n < g->n) {
        fprintf(f, "No value for");
        for (int r = 0, i = 0; r < g->n; r++)
            if (!isfinite(at(t, g->cap[r], ST_P50, k))) fprintf(f, "%s %s", i++ ? "," : "", g->label[r]);
        fprintf(f, ". ");
    }
}

static void more_sentence(FILE *f, const rcharts_regions_t *g)
{
    if (g->more) fprintf(f, "The series name more regions than the %d drawn. ", RCHARTS_MAX);
}

static const char *who(const pmeta_t *m) { return m->scenario ? m->scenario : "this scenario"; }

double rcharts_legend(cairo_t *cr, double x, double y, rcharts_swatch_t kind, rgb_t col, dash_t dash, const char *label)
{
    double w = 48;
    if (kind == RSW_LINE) {
        chart_t sw = { .cr = cr, .x0 = x, .x1 = x + w, .y0 = y - 10, .y1 = y + 10, .kmin = 0, .kmax = 1, .vmin = 0, .vmax = 1 };
        chart_hline(&sw, 0.5, col, dash, NULL);
    } else if (kind == RSW_WHISKER) {
        cairo_set_source_rgb(cr, col.r, col.g, col.b);
        cairo_set_line_width(cr, 2);
        cairo_move_to(cr, x + 4, y);
        cairo_line_to(cr, x + w - 4, y);
        cairo_move_to(cr, x + 4, y - 8);
        cairo_line_to(cr, x + 4, y + 8);
        cairo_move_to(cr, x + w - 4, y - 8);
        cairo_line_to(cr, x + w - 4, y + 8);
        cairo_stroke(cr);
    } else {
        cairo_set_source_rgba(cr, col.r, col.g, col.b, kind == RSW_BAND ? 0.25 : 1);
        cairo_rectangle(cr, x, y - 11, w, 22);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
        cairo_set_line_width(cr, 1);
        cairo_rectangle(cr, x + 0.5, y - 10.5, w - 1, 21);
        if (kind == RSW_BOX) cairo_stroke(cr);
        else cairo_new_path(cr);
    }
    chart_font(cr, 20, 0);
    cairo_set_source_rgb(cr, INK, INK, INK);
    chart_text(cr, x + w + 10, y + 7, label, 0);
    return x + w + 10 + chart_text_width(cr, label) + 30;
}

/* The bottom of the drawing area above the footer (as chart_begin leaves it). */
static double area_bottom(const chart_t *c) { return c->y1 + 40; }

/* ---- regions_capacity: small multiples --------------------------------------- */

static void capacity_title(char *buf, size_t n, const ptable_t *t, const rcharts_regions_t *g, const pmeta_t *m)
{
    int k = rcharts_month(t), H = t->nmonth - 1;
    char mk[32], mh[32];
    chart_month_label(t->start + k, 0, mk, sizeof mk);
    chart_month_label(t->start + H, 0, mh, sizeof mh);
    if (k < H)
        snprintf(buf, n, "Regions over 110%% of capacity: %d of %d at the start, %d in %s, %d in %s (%s)", count_over(t, g, 0), g->n,
                 count_over(t, g, k), mk, count_over(t, g, H), mh, who(m));
    else
        snprintf(buf, n, "Regions over 110%% of capacity: %d of %d at the start, %d in %s (%s)", count_over(t, g, 0), g->n,
                 count_over(t, g, H), mh, who(m));
}

/* Year labels under a panel from x0 to x1 for rows 0..H, on a step of
 * years that leaves room between them. */
static void year_ticks(chart_t *c, int H, int labels)
{
    cairo_t *cr = c->cr;
    static const int steps[] = { 1, 2, 5, 10, 20, 50, 100 };
    chart_font(cr, 20, 0);
    double w = chart_text_width(cr, "2030") * 1.6, px = (c->x1 - c->x0) / (H > 0 ? H : 1) * 12;
    int step = 100;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (px * steps[i] >= w) { step = steps[i]; break; }
    char buf[32];
    for (int k = 0; k <= H; k++) {
        int mon = c->start + k + 1;   /* the month that begins at point k (chart_axes) */
        if (mon % 12 || (mon / 12) % step) continue;
        double x = floor(chart_x(c, k)) + 0.5;
        cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
        cairo_set_line_width(cr, 1);
        cairo_move_to(cr, x, c->y0);
        cairo_line_to(cr, x, c->y1);
        cairo_stroke(cr);
        if (!labels) continue;
        cairo_set_source_rgb(cr, INK, INK, INK);
        chart_month_label(mon, 1, buf, sizeof buf);
        chart_text(cr, x, c->y1 + 24, buf, 0.5);
    }
}

void rcharts_draw_capacity(cairo_t *cr, const ptable_t *t, const pmeta_t *m)
{
    rcharts_regions_t g;
    if (!rcharts_regions(t, m, &g)) return;
    int bands = m->replications >= UNC_MIN_REPS, H = t->nmonth - 1;
    char title[300], sub[300];
    capacity_title(title, sizeof title, t, &g, m);
    snprintf(sub, sizeof sub, "Workload as %% of the capacity of staff available (WMT style), one scale for every region: %s of %ld replications",
             bands ? "median and 90% interval" : "median only", m->replications);
    chart_t c;
    plots_begin_run(&c, cr, m, title, sub, NULL);
    double top = c.y0, bottom = area_bottom(&c) - 30;
    /* one legend row names the lines once */
    double x = 40;
    x = rcharts_legend(cr, x, top, RSW_LINE, BLUE, DASH_SOLID, "Median");
    if (bands) x = rcharts_legend(cr, x, top, RSW_BAND, BLUE, DASH_SOLID, "90% interval");
    x = rcharts_legend(cr, x, top, RSW_LINE, okabe_ito[0], DASH_DOTTED, "100%: at capacity");
    x = rcharts_legend(cr, x, top, RSW_LINE, okabe_ito[6], DASH_DASHED, "110%: excessive workload (WMT)");
    /* the levers, as on the national charts (a lever from the 1st of month
     * M acts after the end of M-1), so a step in every panel is explained */
    int nlev = 0, lev[PMETA_LEVERS + 1];
    for (int i = 0; i < m->nlever && i < PMETA_LEVERS; i++)
        if (m->lever_month[i] - 1 - t->start >= 0 && m->lever_month[i] - 1 - t->start <= H) lev[nlev++] = m->lever_month[i] - 1 - t->start;
    if (!m->nlever && m->policy_month >= 0 && m->policy_month - 1 - t->start >= 0 && m->policy_month - 1 - t->start <= H)
        lev[nlev++] = m->policy_month - 1 - t->start;
    if (nlev) rcharts_legend(cr, x, top, RSW_LINE, (rgb_t){ 0.6, 0.6, 0.6 }, DASH_SOLID, nlev > 1 ? "Policy changes" : "Policy change");
    /* one scale for every panel */
    double lo = 100, hi = 112, vmin, vmax, step; /* room above the 110% line */
    for (int r = 0; r < g.n; r++)
        for (int k = 0; k <= H && g.cap[r] >= 0; k++) {
            double a = at(t, g.cap[r], bands ? ST_P5 : ST_P50, k), b = at(t, g.cap[r], bands ? ST_P95 : ST_P50, k);
            if (isfinite(a) && a < lo) lo = a;
            if (isfinite(b) && b > hi) hi = b;
        }
    int ncol, nrow;
    grid_of(g.n, &ncol, &nrow);
    double ptitle = 28, gapy = 12;
    double ph = (bottom - (top + 26) - nrow * ptitle - gapy * (nrow - 1)) / nrow;
    int ydec = chart_nice_ticks(fmin(lo, 90), hi, 5, &vmin, &vmax, &step);
    char buf[64];
    chart_font(cr, 20, 0);
    double wmax = 0;
    int nt = (int)floor((vmax - vmin) / step + 0.5);
    for (int i = 0; i <= nt; i++) {
        chart_format(buf, sizeof buf, vmin + i * step, ydec);
        wmax = fmax(wmax, chart_text_width(cr, buf));
    }
    double left = 40 + 30 + 16 + wmax + 10, right = CHART_W - 40, gapx = 24;
    double pw = (right - left - gapx * (ncol - 1)) / ncol;
    /* value labels at least 24 units apart: short panels label every other tick */
    int stride = (int)ceil(24 / fmax(1e-9, ph * step / (vmax - vmin)));
    cairo_save(cr);
    chart_font(cr, 22, 0);
    cairo_set_source_rgb(cr, INK, INK, INK);
    cairo_translate(cr, 52, (top + 26 + bottom) / 2);
    cairo_rotate(cr, -M_PI / 2);
    chart_text(cr, 0, 0, "Workload as % of capacity", 0.5);
    cairo_restore(cr);
    for (int r = 0; r < g.n; r++) {
        int pc = r % ncol, pr = r / ncol;
        chart_t p = { .cr = cr, .start = t->start, .kmin = 0, .kmax = H > 0 ? H : 1, .vmin = vmin, .vmax = vmax, .step = step };
        p.x0 = left + pc * (pw + gapx);
        p.x1 = p.x0 + pw;
        p.y0 = top + 26 + pr * (ptitle + ph + gapy) + ptitle;
        p.y1 = p.y0 + ph;
        /* title: the region's label, shortened at a word if too long */
        char lines[1][CHART_WRAP_LEN];
        chart_font(cr, 20, 1);
        cairo_set_source_rgb(cr, INK, INK, INK);
        if (chart_wrap(cr, g.label[r], pw, 1, lines)) chart_text(cr, p.x0, p.y0 - 8, lines[0], 0);
        /* gridlines, and value labels down the left column */
        cairo_set_line_width(cr, 1);
        for (int i = 0; i <= nt; i++) {
            double v = vmin + i * step, y = floor(chart_y(&p, v)) + 0.5;
            cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
            cairo_move_to(cr, p.x0, y);
            cairo_line_to(cr, p.x1, y);
            cairo_stroke(cr);
            if (pc || (nt - i) % stride) continue;
            chart_font(cr, 20, 0);
            cairo_set_source_rgb(cr, INK, INK, INK);
            chart_format(buf, sizeof buf, v, ydec);
            chart_text(cr, p.x0 - 8, y + 7, buf, 1);
        }
        /* years under the lowest panel of each column */
        year_ticks(&p, H, r + ncol >= g.n);
        cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
        cairo_set_line_width(cr, 1);
        cairo_rectangle(cr, floor(p.x0) + 0.5, floor(p.y0) + 0.5, floor(p.x1) - floor(p.x0), floor(p.y1) - floor(p.y0));
        cairo_stroke(cr);
        if (g.cap[r] < 0) {
            chart_font(cr, 20, 0);
            cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
            chart_text(cr, (p.x0 + p.x1) / 2, (p.y0 + p.y1) / 2, "no capacity series", 0.5);
            continue;
        }
        for (int i = 0; i < nlev; i++) {
            double xx = floor(chart_x(&p, lev[i])) + 0.5;
            cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
            cairo_set_line_width(cr, 1.5);
            cairo_move_to(cr, xx, p.y0);
            cairo_line_to(cr, xx, p.y1);
            cairo_stroke(cr);
        }
        chart_hline(&p, 100, okabe_ito[0], DASH_DOTTED, NULL);
        chart_hline(&p, 110, okabe_ito[6], DASH_DASHED, NULL);
        if (bands) chart_band(&p, ptable_row(t, g.cap[r], ST_P5), ptable_row(t, g.cap[r], ST_P95), 0, t->nmonth, BLUE, 0.25);
        chart_line(&p, ptable_row(t, g.cap[r], ST_P50), 0, t->nmonth, BLUE, 3, DASH_SOLID, MARK_NONE, 0, 0);
    }
}

void rcharts_alt_capacity(FILE *f, const ptable_t *t, const pmeta_t *m)
{
    rcharts_regions_t g;
    if (!rcharts_regions(t, m, &g)) return;
    int H = t->nmonth - 1, k = rcharts_month(t), bands = m->replications >= UNC_MIN_REPS;
    char m0[32], mk[32], mh[32];
    chart_month_label(t->start, 0, m0, sizeof m0);
    chart_month_label(t->start + k, 0, mk, sizeof mk);
    chart_month_label(t->start + H, 0, mh, sizeof mh);
    fprintf(f, "Small multiples, one panel for each of %d probation regions, each a line chart of workload as a percentage of "
               "the capacity of case-holding staff (WMT style) from %s to %s, the %s of %ld replications, on the same scale in "
               "every panel, with lines at 100%% and at 110%%, the WMT's excessive-workload threshold; scenario %s. ",
            g.n, m0, mh, bands ? "median and 90% interval" : "median", m->replications, who(m));
    int nl = 0, lm[PMETA_LEVERS];
    for (int i = 0; i < m->nlever && i < PMETA_LEVERS; i++)
        if (m->lever_month[i] - 1 - t->start >= 0 && m->lever_month[i] - 1 - t->start <= H) lm[nl++] = m->lever_month[i];
    for (int i = 0; i < nl; i++) {
        char mon[32];
        chart_month_label(lm[i], 0, mon, sizeof mon);
        fprintf(f, "%s%s%s", i == 0 ? (nl > 1 ? "Grey lines mark the policy changes from " : "A grey line marks the policy change from ") : i + 1 == nl ? " and " : ", ",
                mon, i + 1 == nl ? ". " : "");
    }
    fprintf(f, "Regions over 110%%: %d at the start (%s)", count_over(t, &g, 0), m0);
    if (k < H) fprintf(f, ", %d in %s", count_over(t, &g, k), mk);
    fprintf(f, ", %d at the end (%s). ", count_over(t, &g, H), mh);
    over_sentence(f, t, &g, k);
    if (k < H) over_sentence(f, t, &g, H);
    char buf[32];
    fprintf(f, "Each region at the start, in %s%s: ", k < H ? mk : mh, k < H ? " and at the end" : "");
    for (int r = 0; r < g.n; r++) {
        fprintf(f, "%s%s ", r ? "; " : "", g.label[r]);
        int ks[3] = { 0, k, H }, nk = k < H ? 3 : 2;
        for (int i = 0; i < nk; i++) {
            double v = at(t, g.cap[r], ST_P50, ks[i]);
            pct_text(buf, sizeof buf, v);
            if (isfinite(v)) fprintf(f, "%s%s", i ? ", " : "", buf);
            else fprintf(f, "%sno value", i ? ", " : "");
        }
    }
    fprintf(f, ". ");
    more_sentence(f, &g);
    char band[200];
    plots_band_words(band, sizeof band, m);
    if (band[0]) fprintf(f, "%s.", band);
    fprintf(f, "\n");
}

/* ---- regions_gap: ranked bars ------------------------------------------------ */

/* "291 FTE short", "23 FTE spare", "0 FTE" */
static void gap_words(char *buf, size_t n, double v)
{
    char num[32];
    chart_format(num, sizeof num, fabs(v), 0);
    double r = floor(fabs(v) + 0.5);
    snprintf(buf, n, "%s FTE%s", num, r == 0 ? "" : v > 0 ? " short" : " spare");
}

/* What the gap chart and its alt text draw from: the regions, the month,
 * the ranking (nv with a value), whether there are intervals. */
typedef struct {
    rcharts_regions_t g;
    int order[RCHARTS_MAX], k, nv, bands;
} gap_view;

static int gap_view_of(gap_view *v, const ptable_t *t, const pmeta_t *m)
{
    if (!rcharts_regions(t, m, &v->g)) return 0;
    v->k = rcharts_month(t);
    v->bands = m->replications >= UNC_MIN_REPS;
    v->nv = rcharts_rank(t, &v->g, v->k, v->order);
    return 1;
}

void rcharts_draw_gap(cairo_t *cr, const ptable_t *t, const pmeta_t *m)
{
    gap_view gv;
    if (!gap_view_of(&gv, t, m)) return;
    const rcharts_regions_t *g = &gv.g;
    const int *order = gv.order, k = gv.k, bands = gv.bands, nv = gv.nv;
    char title[300], sub[300], mon[32], w[64];
    chart_month_label(t->start + k, 0, mon, sizeof mon);
    const char *what = g->net ? "Staff gap" : "Staff short";
    if (nv && at(t, g->gap[order[0]], ST_P50, k) > 0) {
        gap_words(w, sizeof w, at(t, g->gap[order[0]], ST_P50, k));
        snprintf(title, sizeof title, "%s by region in %s: largest in %s, %s (%s)", what, mon, g->label[order[0]], w, who(m));
    } else
        snprintf(title, sizeof title, "%s by region in %s: no region short of staff (%s)", what, mon, who(m));
    char when[64];
    if (k == RCHARTS_MONTH) snprintf(when, sizeof when, "%d months after the start", k);
    else snprintf(when, sizeof when, "at the horizon (%d months after the start)", k);
    snprintf(sub, sizeof sub, "%s, FTE, by %sregion, %s; ranked; %s of %ld replications",
             g->net ? "Case-holding staff needed minus available" : "Case-holding staff short (each grade where short)",
             g->net ? "probation " : "", when, bands ? "median and 90% interval" : "median only", m->replications);
    chart_t c;
    plots_begin_run(&c, cr, m, title, sub,
                    g->net ? "Short: more staff needed than available (to the right of zero); spare: fewer needed (to the left)"
                           : "Each grade's staff needed beyond those available; spare staff of one grade offset none of another's shortfall");
    rgb_t shortc = okabe_ito[6], sparec = okabe_ito[2];
    double top = c.y0, x = 40;
    x = rcharts_legend(cr, x, top, RSW_BOX, shortc, DASH_SOLID, "Short of staff");
    if (g->net) x = rcharts_legend(cr, x, top, RSW_BOX, sparec, DASH_SOLID, "Spare staff");
    if (bands) rcharts_legend(cr, x, top, RSW_WHISKER, okabe_ito[0], DASH_SOLID, "90% interval");
    /* rows: a font that fits (20 down to 10 for many regions) */
    double y0 = top + 36, y1 = area_bottom(&c) - 56, rowh = (y1 - y0) / (g->n > 0 ? g->n : 1);
    double fs = fmin(20, rowh * 0.75);
    chart_font(cr, fs, 0);
    double lw = 0;
    for (int r = 0; r < g->n; r++) lw = fmax(lw, chart_text_width(cr, g->label[r]));
    lw = fmin(lw, 420);
    double vcol = 190; /* the values, right-aligned at the right edge */
    double lo = 0, hi = 0;
    for (int r = 0; r < g->n; r++) {
        double a = at(t, g->gap[r], bands ? ST_P5 : ST_P50, k), b = at(t, g->gap[r], bands ? ST_P95 : ST_P50, k);
        double v = at(t, g->gap[r], ST_P50, k);
        lo = fmin(lo, fmin(isfinite(a) ? a : 0, isfinite(v) ? v : 0));
        hi = fmax(hi, fmax(isfinite(b) ? b : 0, isfinite(v) ? v : 0));
    }
    chart_t p = { .cr = cr, .kmin = 0, .kmax = 1 };
    int dec = chart_nice_ticks(lo, hi, 6, &p.vmin, &p.vmax, &p.step);
    p.x0 = 40 + lw + 20;
    p.x1 = CHART_W - 40 - vcol;
    p.y0 = y0;
    p.y1 = y1;
    /* the value axis runs across: x of value v */
#define GX(v) (p.x0 + ((v) - p.vmin) / (p.vmax - p.vmin) * (p.x1 - p.x0))
    char buf[64];
    int nt = (int)floor((p.vmax - p.vmin) / p.step + 0.5);
    cairo_set_line_width(cr, 1);
    for (int i = 0; i <= nt; i++) {
        double v = p.vmin + i * p.step, xx = floor(GX(v)) + 0.5;
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, xx, y0);
        cairo_line_to(cr, xx, y1);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, INK, INK, INK);
        chart_font(cr, 20, 0);
        chart_format(buf, sizeof buf, v, dec);
        chart_text(cr, xx, y1 + 26, buf, 0.5);
    }
    chart_font(cr, 20, 0);
    chart_text(cr, (p.x0 + p.x1) / 2, y1 + 54, g->net ? "Staff gap, FTE (needed minus available)" : "Staff short, FTE (each grade where short)", 0.5);
    for (int i = 0; i < g->n; i++) {
        int r = order[i];
        double yc = y0 + (i + 0.5) * rowh, bh = fmin(30, rowh * 0.62);
        double v = at(t, g->gap[r], ST_P50, k);
        char lines[1][CHART_WRAP_LEN];
        chart_font(cr, fs, 0);
        cairo_set_source_rgb(cr, INK, INK, INK);
        if (chart_wrap(cr, g->label[r], lw + 10, 1, lines)) chart_text(cr, p.x0 - 12, yc + fs * 0.35, lines[0], 1);
        if (!isfinite(v)) {
            chart_text(cr, CHART_W - 40, yc + fs * 0.35, "no value", 1);
            continue;
        }
        rgb_t col = v >= 0 ? shortc : sparec;
        double xa = GX(0), xb = GX(v);
        cairo_set_source_rgb(cr, col.r, col.g, col.b);
        cairo_rectangle(cr, fmin(xa, xb), yc - bh / 2, fabs(xb - xa), bh);
        cairo_fill(cr);
        double a = at(t, g->gap[r], ST_P5, k), b = at(t, g->gap[r], ST_P95, k);
        if (bands && isfinite(a) && isfinite(b)) {
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_set_line_width(cr, 2);
            cairo_move_to(cr, GX(a), yc);
            cairo_line_to(cr, GX(b), yc);
            cairo_move_to(cr, GX(a), yc - bh / 3);
            cairo_line_to(cr, GX(a), yc + bh / 3);
            cairo_move_to(cr, GX(b), yc - bh / 3);
            cairo_line_to(cr, GX(b), yc + bh / 3);
            cairo_stroke(cr);
        }
        gap_words(buf, sizeof buf, v);
        chart_font(cr, fs, 0);
        cairo_set_source_rgb(cr, INK, INK, INK);
        chart_text(cr, CHART_W - 40, yc + fs * 0.35, buf, 1);
    }
    /* zero, over the bars' ends */
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 2);
    cairo_move_to(cr, floor(GX(0)) + 0.5, y0 - 4);
    cairo_line_to(cr, floor(GX(0)) + 0.5, y1);
    cairo_stroke(cr);
#undef GX
}

void rcharts_alt_gap(FILE *f, const ptable_t *t, const pmeta_t *m)
{
    gap_view gv;
    if (!gap_view_of(&gv, t, m)) return;
    const rcharts_regions_t *g = &gv.g;
    const int *order = gv.order, k = gv.k, bands = gv.bands, nv = gv.nv;
    char when[96], w[64], a[32], b[32];
    month_phrase(t, k, when, sizeof when);
    if (g->net)
        fprintf(f, "Horizontal bar chart of the staff gap by probation region, case-holding staff needed minus available in "
                   "full-time equivalents, in %s (the %s of %ld replications, scenario %s); shortages to the right of zero, spare "
                   "staff to the left. ",
                when, bands ? "median, with the 90% interval as whiskers," : "median", m->replications, who(m));
    else
        fprintf(f, "Horizontal bar chart of the staff short by probation region: case-holding staff of each grade needed beyond "
                   "those available, summed over the grades, in full-time equivalents, in %s (the %s of %ld replications, "
                   "scenario %s); spare staff of one grade offset none of another's shortfall. ",
                when, bands ? "median, with the 90% interval as whiskers," : "median", m->replications, who(m));
    if (k == RCHARTS_MONTH)
        fprintf(f, "The chart shows two years after the start: far enough ahead that staff recruited now could be qualified "
                   "and holding cases (training a probation officer takes 15 months or more), near enough to plan for; the gap "
                   "at the start is inherited. ");
    else
        fprintf(f, "The projection ends before two years after the start, so the chart shows its last month. ");
    if (nv) {
        fprintf(f, "Ranked from the largest shortage: ");
        for (int i = 0; i < nv; i++) {
            int r = order[i];
            gap_words(w, sizeof w, at(t, g->gap[r], ST_P50, k));
            fprintf(f, "%s%s %s", i ? "; " : "", g->label[r], w);
            double lo = at(t, g->gap[r], ST_P5, k), hi = at(t, g->gap[r], ST_P95, k);
            if (bands && isfinite(lo) && isfinite(hi)) {
                chart_format(a, sizeof a, lo, 0);
                chart_format(b, sizeof b, hi, 0);
                fprintf(f, " (90%% interval %s to %s)", a, b);
            }
        }
        fprintf(f, ". ");
        int nshort = 0;
        for (int i = 0; i < nv; i++) nshort += floor(at(t, g->gap[order[i]], ST_P50, k) + 0.5) > 0;
        fprintf(f, "%d of %d region%s %s short of staff. ", nshort, g->n, g->n == 1 ? "" : "s", nshort == 1 || g->n == 1 ? "is" : "are");
        if (nv > 1) {
            gap_words(w, sizeof w, at(t, g->gap[order[0]], ST_P50, k));
            fprintf(f, "The largest %s is in %s (%s), ", g->net ? "gap" : "shortfall", g->label[order[0]], w);
            gap_words(w, sizeof w, at(t, g->gap[order[nv - 1]], ST_P50, k));
            fprintf(f, "the smallest in %s (%s). ", g->label[order[nv - 1]], w);
        }
    }
    if (nv < g->n) {
        fprintf(f, "No gap for");
        for (int i = nv; i < g->n; i++) fprintf(f, "%s %s", i > nv ? "," : "", g->label[order[i]]);
        fprintf(f, ". ");
    }
    for (int r = 0; r < g->n; r++)
        if (g->cap[r] >= 0) { over_sentence(f, t, g, k); break; }
    more_sentence(f, g);
    fprintf(f, "\n");
}

/* ---- regions_map: tiles ------------------------------------------------------- */

/* A lightness ramp of one hue (ColorBrewer Reds), light for room to spare,
 * dark for over 120%: grey levels about 235, 194, 146 and 60. */
static const rgb_t bin_fill[4] = {
    { 0xFE / 255.0, 0xE5 / 255.0, 0xD9 / 255.0 },
    { 0xFC / 255.0, 0xAE / 255.0, 0x91 / 255.0 },
    { 0xFB / 255.0, 0x6A / 255.0, 0x4A / 255.0 },
    { 0xA5 / 255.0, 0x0F / 255.0, 0x15 / 255.0 },
};
static const char *const bin_label[4] = { "Under 100%", "100% to 110%", "Over 110% to 120%", "Over 120%" };

void rcharts_draw_map(cairo_t *cr, const ptable_t *t, const pmeta_t *m)
{
    rcharts_regions_t g;
    if (!rcharts_regions(t, m, &g)) return;
    int k = rcharts_month(t), col[RCHARTS_MAX], row[RCHARTS_MAX], ncol, nrow;
    int geo = rcharts_tiles(&g, col, row, &ncol, &nrow);
    char title[300], sub[300], mon[32], buf[64];
    chart_month_label(t->start + k, 0, mon, sizeof mon);
    snprintf(title, sizeof title, "Where the service is full in %s: %d of %d regions over 110%% of capacity (%s)", mon,
             count_over(t, &g, k), g.n, who(m));
    snprintf(sub, sizeof sub, "Workload as %% of staff capacity (WMT style), median of %ld replications, %d months on; %s",
             m->replications, k, geo ? "regions placed roughly where they are" : "regions in the scenario's order");
    chart_t c;
    plots_begin_run(&c, cr, m, title, sub, NULL);
    double legx = CHART_W - 370, x0 = 40, x1 = legx - 50, y0 = c.y0, y1 = area_bottom(&c) - 10, gap = 14;
    double tw = (x1 - x0 - gap * (ncol - 1)) / ncol, th = (y1 - y0 - gap * (nrow - 1)) / nrow;
    tw = fmin(tw, 380); /* a few regions: tiles no bigger than the twelve's, and not tall */
    th = fmin(th, 0.6 * tw);
    double lfs = fmin(22, th / 5), vfs = fmin(36, th / 3.2);
    int count[4] = { 0 };
    for (int r = 0; r < g.n; r++) {
        double v = at(t, g.cap[r], ST_P50, k);
        int b = rcharts_bin(v);
        if (b >= 0) count[b]++;
        double x = x0 + col[r] * (tw + gap), y = y0 + row[r] * (th + gap);
        rgb_t fill = b >= 0 ? bin_fill[b] : (rgb_t){ 1, 1, 1 };
        cairo_set_source_rgb(cr, fill.r, fill.g, fill.b);
        cairo_rectangle(cr, x, y, tw, th);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_set_line_width(cr, 1.5);
        cairo_stroke(cr);
        double ink = b == 3 ? 1 : INK;
        cairo_set_source_rgb(cr, ink, ink, ink);
        char lines[2][CHART_WRAP_LEN];
        chart_font(cr, lfs, 1);
        int nl = chart_wrap(cr, g.label[r], tw - 16, 2, lines);
        double ly = y + 10 + lfs;
        for (int i = 0; i < nl; i++) chart_text(cr, x + tw / 2, ly + i * lfs * 1.2, lines[i], 0.5);
        if (b >= 0) pct_text(buf, sizeof buf, v);
        else snprintf(buf, sizeof buf, "no value");
        chart_font(cr, b >= 0 ? vfs : lfs, 1);
        chart_text(cr, x + tw / 2, y + th - 0.35 * vfs, buf, 0.5);
    }
    /* the bins, most full first, with how many regions each holds */
    double ly = y0 + 10;
    chart_font(cr, 21, 1);
    cairo_set_source_rgb(cr, INK, INK, INK);
    chart_text(cr, legx, ly + 16, "Workload as % of capacity", 0);
    snprintf(buf, sizeof buf, "in %s", mon);
    chart_text(cr, legx, ly + 44, buf, 0);
    ly += 86;
    for (int b = 3; b >= 0; b--) {
        cairo_set_source_rgb(cr, bin_fill[b].r, bin_fill[b].g, bin_fill[b].b);
        cairo_rectangle(cr, legx, ly, 56, 40);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_set_line_width(cr, 1.5);
        cairo_stroke(cr);
        chart_font(cr, 21, 0);
        cairo_set_source_rgb(cr, INK, INK, INK);
        chart_text(cr, legx + 70, ly + 19, bin_label[b], 0);
        snprintf(buf, sizeof buf, "%d region%s", count[b], count[b] == 1 ? "" : "s");
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        chart_font(cr, 20, 0);
        chart_text(cr, legx + 70, ly + 43, buf, 0);
        ly += 66;
    }
    chart_font(cr, 20, 0);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    char lines[4][CHART_WRAP_LEN];
    int nl = chart_wrap(cr, "110% is the WMT's excessive-workload threshold; a value near a bin's edge shows a decimal", CHART_W - 40 - legx, 4, lines);
    for (int i = 0; i < nl; i++) chart_text(cr, legx, ly + 20 + 26 * i, lines[i], 0);
}

void rcharts_alt_map(FILE *f, const ptable_t *t, const pmeta_t *m)
{
    rcharts_regions_t g;
    if (!rcharts_regions(t, m, &g)) return;
    int k = rcharts_month(t), col[RCHARTS_MAX], row[RCHARTS_MAX], ncol, nrow;
    int geo = rcharts_tiles(&g, col, row, &ncol, &nrow);
    char when[96], pct[32];
    month_phrase(t, k, when, sizeof when);
    fprintf(f, "Tile map of %d probation regions%s, each tile shaded by workload as a percentage of the capacity of "
               "case-holding staff (WMT style) in %s, the median of %ld replications, scenario %s: lighter under 100%%, then "
               "100%% to 110%%, over 110%% to 120%%, and darkest over 120%%. ",
            g.n, geo ? " placed roughly where they are" : " in a grid in the scenario's order", when, m->replications, who(m));
    over_sentence(f, t, &g, k);
    for (int b = 3; b >= 0; b--) {
        int n = 0;
        for (int r = 0; r < g.n; r++) n += rcharts_bin(at(t, g.cap[r], ST_P50, k)) == b;
        fprintf(f, "%s: ", bin_label[b]);
        if (!n) fprintf(f, "none");
        for (int r = 0, i = 0; r < g.n; r++) {
            double v = at(t, g.cap[r], ST_P50, k);
            pct_text(pct, sizeof pct, v);
            if (rcharts_bin(v) == b) fprintf(f, "%s%s (%s)", i++ ? ", " : "", g.label[r], pct);
        }
        fprintf(f, ". ");
    }
    more_sentence(f, &g);
    fprintf(f, "\n");
}
