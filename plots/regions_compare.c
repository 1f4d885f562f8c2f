/* regions_compare.c: where each option's caseload change lands by region,
 * and which regions it moves across 110% of capacity (regions_compare.h). */
#include "regions_compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "compare_charts.h"
#include "regions_charts.h"
#include "uncertain.h"

#define LINE 110.0
#define INK 0.15

static const rgb_t FALL = { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 }; /* blue */

/* Row q of t at k, stat st; NAN without the table. */
static double at(const ptable_t *t, int q, int st, int k) { return t ? ptable_row(t, q, st)[k] : NAN; }

/* Option p's change in region r's caseload at its month. */
static double change(const cview_t *c, int p, int r, int st)
{
    return at(c->rdiff[p], CV_RCASE(r), st, cview_finding_row(c, p));
}

/* Capacity used in scenario i, region r, at option p's month. */
static double capacity(const cview_t *c, int i, int p, int r)
{
    return at(c->rlev[i], CV_RCAP(r), ST_P50, cview_finding_row(c, p));
}

int rcompare_has(const cview_t *c) { return c->n > 1 && c->nreg > 0 && c->rlev && c->rdiff; }

/* The size regions are ranked by: |change| of option p, or the largest of
 * any option (p = 0); NAN without a value. */
static double size_of(const cview_t *c, int p, int r)
{
    if (p > 0) return fabs(change(c, p, r, ST_P50));
    double m = NAN;
    for (int q = 1; q < c->n; q++) {
        double v = fabs(change(c, q, r, ST_P50));
        if (isfinite(v) && !(v <= m)) m = v;
    }
    return m;
}

int rcompare_rank(const cview_t *c, int p, int order[PMETA_REGIONS])
{
    int n = 0, valued;
    for (int r = 0; r < c->nreg; r++)
        if (isfinite(size_of(c, p, r))) order[n++] = r;
    valued = n;
    for (int r = 0; r < c->nreg; r++)
        if (!isfinite(size_of(c, p, r))) order[n++] = r;
    for (int i = 1; i < valued; i++) { /* insertion sort: stable, at most 64 */
        int x = order[i], j = i;
        double v = size_of(c, p, x);
        while (j > 0 && size_of(c, p, order[j - 1]) < v) { order[j] = order[j - 1]; j--; }
        order[j] = x;
    }
    return valued;
}

int rcompare_cross(const cview_t *c, int p, int r)
{
    double b = capacity(c, 0, p, r), o = capacity(c, p, p, r);
    if (!isfinite(b) || !isfinite(o)) return 0;
    return o > LINE && b <= LINE ? 1 : b > LINE && o <= LINE ? -1 : 0;
}

static int any_capacity(const cview_t *c)
{
    for (int p = 1; p < c->n; p++)
        for (int r = 0; r < c->nreg; r++)
            if (isfinite(capacity(c, 0, p, r)) && isfinite(capacity(c, p, p, r))) return 1;
    return 0;
}

static int count_over(const cview_t *c, int i, int p)
{
    int n = 0;
    for (int r = 0; r < c->nreg; r++) n += capacity(c, i, p, r) > LINE;
    return n;
}

/* "+1,340", "-354", "0" */
static void signed_num(char *buf, size_t n, double v)
{
    char a[32];
    chart_format(a, sizeof a, fabs(v), 0);
    if (snprintf(buf, n, "%s%s", strcmp(a, "0") ? (v < 0 ? "-" : "+") : "", a) < 0) buf[0] = 0;
}

void rcompare_pct(char *buf, size_t n, double v)
{
    if (!isfinite(v)) { snprintf(buf, n, "-"); return; }
    int dec = fabs(v - LINE) < 0.5 && v != LINE ? (fabs(v - LINE) < 0.05 ? 2 : 1) : 0;
    snprintf(buf, n, "%.*f%%", dec, v);
}

static mark_t mark_of(int p) { return (mark_t)(1 + (p - 1) % (MARK_N - 1)); }
static rgb_t colour_of(const cview_t *c, int p, double v)
{
    if (c->n == 2) return v < 0 ? FALL : okabe_ito[6];
    return line_colours[(p - 1) % 7];
}

/* An open circle: the base's capacity. */
static void open_circle(cairo_t *cr, double x, double y, double s)
{
    cairo_new_path(cr);
    cairo_arc(cr, x, y, s, 0, 2 * 3.14159265358979323846);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 2.5);
    cairo_stroke(cr);
}

/* A legend item with a marker; returns the x after it. */
static double mark_legend(cairo_t *cr, double x, double y, mark_t m, rgb_t col, int open, const char *label)
{
    chart_t sw = { .cr = cr };
    if (open) open_circle(cr, x + 24, y, 9);
    else chart_marker(&sw, x + 24, y, m, col, 10);
    chart_font(cr, 20, 0);
    cairo_set_source_rgb(cr, INK, INK, INK);
    chart_text(cr, x + 58, y + 7, label, 0);
    return x + 58 + chart_text_width(cr, label) + 30;
}

/* Vertical gridlines and tick labels of a value axis from x0 to x1. */
typedef struct { double x0, x1, vmin, vmax, step; int dec; } axis_t;
static double ax(const axis_t *a, double v) { return a->x0 + (v - a->vmin) / (a->vmax - a->vmin) * (a->x1 - a->x0); }

static void axis_draw(cairo_t *cr, axis_t *a, double lo, double hi, double y0, double y1, const char *title, const char *unit)
{
    a->dec = chart_nice_ticks(lo, hi, 5, &a->vmin, &a->vmax, &a->step);
    int nt = (int)floor((a->vmax - a->vmin) / a->step + 0.5);
    char buf[64];
    for (int i = 0; i <= nt; i++) {
        double v = a->vmin + i * a->step, xx = floor(ax(a, v)) + 0.5;
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_set_line_width(cr, 1);
        cairo_move_to(cr, xx, y0);
        cairo_line_to(cr, xx, y1);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, INK, INK, INK);
        chart_font(cr, 20, 0);
        chart_format(buf, sizeof buf - 2, v, a->dec);
        strcat(buf, unit);
        chart_text(cr, xx, y1 + 26, buf, 0.5);
    }
    chart_text(cr, (a->x0 + a->x1) / 2, y1 + 54, title, 0.5);
}

static void vline(cairo_t *cr, double x, double y0, double y1, rgb_t col, dash_t d, double w)
{
    static const double dashes[DASH_N][2] = { { 0, 0 }, { 12, 8 }, { 3, 6 }, { 12, 6 }, { 24, 8 } };
    cairo_save(cr);
    if (d != DASH_SOLID) cairo_set_dash(cr, dashes[d], 2, 0);
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_set_line_width(cr, w);
    cairo_move_to(cr, floor(x) + 0.5, y0);
    cairo_line_to(cr, floor(x) + 0.5, y1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* "Feb 2028" for option p's month */
static void month_of(const cview_t *c, int p, char *buf, size_t n)
{
    chart_month_label(c->start + cview_finding_row(c, p), 0, buf, n);
}

/* "24 months after it starts" or "the horizon" */
static const char *when_of(const cview_t *c, int p)
{
    int rows[4], after[4], n = cview_headline_months(c, p, rows, after);
    for (int i = 0; i < n; i++)
        if (after[i] == 24) return "24 months after it starts";
    return "at the horizon";
}

static void titles(const cview_t *c, char *title, size_t nt, char *sub, size_t ns, int capok)
{
    int P = c->n - 1, order[PMETA_REGIONS], nv = rcompare_rank(c, P == 1 ? 1 : 0, order);
    char mon[32], num[32];
    month_of(c, 1, mon, sizeof mon);
    if (P == 1 && nv) {
        int up = 0, down = 0;
        for (int r = 0; r < c->nreg; r++) {
            up += rcompare_cross(c, 1, r) > 0;
            down += rcompare_cross(c, 1, r) < 0;
        }
        double v = change(c, 1, order[0], ST_P50);
        chart_format(num, sizeof num, fabs(v), 0);
        char cross[120] = "";
        if (capok && (up || down)) {
            if (up && down) snprintf(cross, sizeof cross, "; %d region%s over 110%%, %d under", up, up == 1 ? "" : "s", down);
            else snprintf(cross, sizeof cross, "; %d region%s %s 110%%", up + down, up + down == 1 ? "" : "s", up ? "taken over" : "brought under");
        } else if (capok)
            snprintf(cross, sizeof cross, "; no region crosses 110%%");
        snprintf(title, nt, "By %s the caseload %s most in %s (%s %s)%s", mon, v < 0 ? "falls" : "rises", c->rlabel[order[0]], num,
                 v < 0 ? "fewer" : "more", cross);
    } else
        snprintf(title, nt, "Where each option's caseload change lands by region%s", capok ? ", and which regions cross 110% of capacity" : "");
    char who[96];
    snprintf(who, sizeof who, "%.60s%s", c->label[1], strlen(c->label[1]) > 60 ? "..." : "");
    snprintf(sub, ns, "%s minus base by region, paired; %s; %s of %d replications", P == 1 ? who : "Each option",
             P == 1 ? (strcmp(when_of(c, 1), "at the horizon") ? "24 months after it starts" : "at the horizon")
                    : "24 months after it starts (else at the horizon)",
             c->nrep >= UNC_MIN_REPS ? "median and 90% interval" : "median only", c->nrep);
}

void rcompare_draw(cairo_t *cr, const void *view)
{
    const cview_t *c = view;
    if (!rcompare_has(c)) return;
    int P = c->n - 1, R = c->nreg, bands = c->nrep >= UNC_MIN_REPS, capok = any_capacity(c);
    int order[PMETA_REGIONS];
    rcompare_rank(c, P == 1 ? 1 : 0, order);
    char title[400], sub[300], buf[96];
    titles(c, title, sizeof title, sub, sizeof sub, capok);
    chart_t ch;
    ccharts_begin(&ch, cr, c, title, sub);
    /* the legend: one row, or a second for several options */
    double top = ch.y0, x = 40;
    if (P == 1) {
        x = rcharts_legend(cr, x, top, RSW_BOX, FALL, DASH_SOLID, "Caseload falls");
        x = rcharts_legend(cr, x, top, RSW_BOX, okabe_ito[6], DASH_SOLID, "Rises");
    } else
        for (int p = 1; p <= P; p++) {
            char nm[1][CHART_WRAP_LEN], lab[CHART_WRAP_LEN + 40], mon[32]; /* shortened at a word */
            chart_font(cr, 20, 0);
            if (!chart_wrap(cr, c->label[p], P > 3 ? 300 : 420, 1, nm)) continue;
            int same = 1; /* options read at different months: each label says when */
            for (int q = 2; q <= P; q++) same &= cview_finding_row(c, q) == cview_finding_row(c, 1);
            month_of(c, p, mon, sizeof mon);
            snprintf(lab, sizeof lab, same ? "%s" : "%s (%s)", nm[0], mon);
            if (x + 100 + chart_text_width(cr, lab) > CHART_W - 40) { x = 40; top += 34; }
            x = mark_legend(cr, x, top, mark_of(p), colour_of(c, p, 0), 0, lab);
        }
    if (P > 1) { x = 40; top += 34; }
    if (bands) x = rcharts_legend(cr, x, top, RSW_WHISKER, okabe_ito[0], DASH_SOLID, "90% interval");
    if (capok) {
        x = mark_legend(cr, x, top, MARK_CIRCLE, okabe_ito[0], 1, "Base");
        if (P == 1) x = mark_legend(cr, x, top, MARK_CIRCLE, FALL, 0, "With the option");
        x = rcharts_legend(cr, x, top, RSW_LINE, okabe_ito[6], DASH_DASHED, "110%: excessive workload");
        rcharts_legend(cr, x, top, RSW_LINE, okabe_ito[0], DASH_DOTTED, "100%");
    }
    /* columns: labels | change | its values (one option) | capacity | its values */
    double y0 = top + 64, y1 = ch.y1 - 16, rowh = (y1 - y0) / R;
    double fs = fmin(20, rowh * 0.75);
    chart_font(cr, fs, 1);
    double lw = 0;
    for (int r = 0; r < R; r++) lw = fmax(lw, chart_text_width(cr, c->rlabel[r]));
    lw = fmin(lw, 300);
    double vcol = P == 1 ? 110 : 0, ccol = P == 1 && capok ? 190 : 0;
    double left = 40 + lw + 16, right = CHART_W - 40;
    /* room between the panels for the end labels of both axes */
    axis_t a = { left, capok ? left + (right - left - vcol - ccol - 100) * 0.5 : right - vcol, 0, 0, 0, 0 };
    axis_t b = { a.x1 + vcol + 100, right - ccol, 0, 0, 0, 0 };
    /* ranges */
    double lo = 0, hi = 0, clo = 100, chi = LINE;
    for (int p = 1; p <= P; p++)
        for (int r = 0; r < R; r++) {
            for (int st = bands ? ST_P5 : ST_P50; st <= (bands ? ST_P95 : ST_P50); st++) {
                double v = change(c, p, r, st);
                if (isfinite(v)) { lo = fmin(lo, v); hi = fmax(hi, v); }
            }
            for (int i = 0; i <= p; i += p) {
                double v = capacity(c, i, p, r);
                if (isfinite(v)) { clo = fmin(clo, v); chi = fmax(chi, v); }
            }
        }
    /* shaded alternate rows, so each region's marks read as one */
    for (int i = 0; i < R; i += 2) {
        cairo_set_source_rgb(cr, 0.955, 0.955, 0.955);
        cairo_rectangle(cr, 40, y0 + i * rowh, right - 40, rowh);
        cairo_fill(cr);
    }
    chart_font(cr, 21, 1);
    cairo_set_source_rgb(cr, INK, INK, INK);
    chart_text(cr, a.x0, y0 - 14, "Change in caseload (people)", 0);
    axis_draw(cr, &a, lo, hi, y0, y1, "Change in people under supervision, option minus base", "");
    if (capok) {
        chart_font(cr, 21, 1);
        cairo_set_source_rgb(cr, INK, INK, INK);
        const char *hd = "Workload as % of capacity (bold: moved across 110%)";
        double hs = 21;
        chart_font(cr, hs, 1);
        while (hs > 16 && chart_text_width(cr, hd) > right - b.x0) chart_font(cr, hs -= 1, 1);
        chart_text(cr, b.x0, y0 - 14, hd, 0);
        axis_draw(cr, &b, clo, chi, y0, y1, "Workload as % of capacity (WMT style)", "%");
        vline(cr, ax(&b, 100), y0, y1, okabe_ito[0], DASH_DOTTED, 2);
        vline(cr, ax(&b, LINE), y0, y1, okabe_ito[6], DASH_DASHED, 3);
    }
    for (int i = 0; i < R; i++) {
        int r = order[i], moved = 0;
        for (int p = 1; p <= P; p++) moved |= rcompare_cross(c, p, r) != 0;
        double ytop = y0 + i * rowh, yc = ytop + rowh / 2, sub_h = rowh / P;
        char lines[1][CHART_WRAP_LEN];
        chart_font(cr, fs, moved);
        cairo_set_source_rgb(cr, INK, INK, INK);
        if (chart_wrap(cr, c->rlabel[r], lw + 10, 1, lines)) chart_text(cr, a.x0 - 12, yc + fs * 0.35, lines[0], 1);
        for (int p = 1; p <= P; p++) {
            double y = P == 1 ? yc : ytop + (p - 0.5) * sub_h, bh = fmin(28, (P == 1 ? rowh : sub_h) * 0.62);
            double v = change(c, p, r, ST_P50);
            if (!isfinite(v)) {
                chart_font(cr, fmin(fs, 18), 0);
                cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
                chart_text(cr, ax(&a, 0) + 8, y + fmin(fs, 18) * 0.35, "no value", 0);
            } else {
                rgb_t col = colour_of(c, p, v);
                double xa = ax(&a, 0), xb = ax(&a, v);
                cairo_set_source_rgb(cr, col.r, col.g, col.b);
                cairo_rectangle(cr, fmin(xa, xb), y - bh / 2, fabs(xb - xa), bh);
                cairo_fill(cr);
                double l = change(c, p, r, ST_P5), h = change(c, p, r, ST_P95);
                if (bands && isfinite(l) && isfinite(h)) {
                    cairo_set_source_rgb(cr, 0, 0, 0);
                    cairo_set_line_width(cr, 2);
                    cairo_move_to(cr, ax(&a, l), y);
                    cairo_line_to(cr, ax(&a, h), y);
                    cairo_move_to(cr, ax(&a, l), y - bh / 3);
                    cairo_line_to(cr, ax(&a, l), y + bh / 3);
                    cairo_move_to(cr, ax(&a, h), y - bh / 3);
                    cairo_line_to(cr, ax(&a, h), y + bh / 3);
                    cairo_stroke(cr);
                }
                if (P > 1) {
                    chart_t sw = { .cr = cr };
                    chart_marker(&sw, xb, y, mark_of(p), col, fmin(9, bh * 0.7));
                }
                if (P == 1) {
                    signed_num(buf, sizeof buf, v);
                    chart_font(cr, fs, 0);
                    cairo_set_source_rgb(cr, INK, INK, INK);
                    chart_text(cr, a.x1 + vcol, y + fs * 0.35, buf, 1);
                }
            }
            if (!capok) continue;
            double cb = capacity(c, 0, p, r), co = capacity(c, p, p, r);
            if (!isfinite(cb) || !isfinite(co)) continue;
            cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
            cairo_set_line_width(cr, 2);
            cairo_move_to(cr, ax(&b, cb), y);
            cairo_line_to(cr, ax(&b, co), y);
            cairo_stroke(cr);
            double ms = fmin(10, (P == 1 ? rowh : sub_h) * 0.38);
            open_circle(cr, ax(&b, cb), y, ms);
            chart_t sw = { .cr = cr };
            chart_marker(&sw, ax(&b, co), y, P == 1 ? MARK_CIRCLE : mark_of(p), P == 1 ? FALL : colour_of(c, p, 0), ms);
            if (P == 1) {
                char s0[32], s1[32];
                rcompare_pct(s0, sizeof s0, cb);
                rcompare_pct(s1, sizeof s1, co);
                snprintf(buf, sizeof buf, "%s \xe2\x86\x92 %s", s0, s1);
                chart_font(cr, fs, moved);
                cairo_set_source_rgb(cr, INK, INK, INK);
                chart_text(cr, right, y + fs * 0.35, buf, 1);
            }
        }
    }
    vline(cr, ax(&a, 0), y0 - 4, y1, (rgb_t){ 0.2, 0.2, 0.2 }, DASH_SOLID, 2);
}

/* One option's sentences. */
static void alt_option(FILE *f, const cview_t *c, int p, int capok)
{
    int order[PMETA_REGIONS], nv = rcompare_rank(c, p, order), bands = c->nrep >= UNC_MIN_REPS;
    char mon[32], num[32], lo[32], hi[32];
    month_of(c, p, mon, sizeof mon);
    fprintf(f, "%s (%s, %s): ", c->name[p], mon, when_of(c, p));
    if (!nv) { fprintf(f, "no regional change. "); return; }
    signed_num(num, sizeof num, change(c, p, order[0], ST_P50));
    fprintf(f, "the largest change in caseload is in %s, %s people", c->rlabel[order[0]], num);
    if (bands) {
        signed_num(lo, sizeof lo, change(c, p, order[0], ST_P5));
        signed_num(hi, sizeof hi, change(c, p, order[0], ST_P95));
        fprintf(f, " (90%% interval %s to %s)", lo, hi);
    }
    if (nv > 1) {
        signed_num(num, sizeof num, change(c, p, order[nv - 1], ST_P50));
        fprintf(f, "; the smallest in %s, %s", c->rlabel[order[nv - 1]], num);
    }
    fprintf(f, ". Ranked by size: ");
    for (int i = 0; i < nv; i++) {
        signed_num(num, sizeof num, change(c, p, order[i], ST_P50));
        fprintf(f, "%s%s %s", i ? "; " : "", c->rlabel[order[i]], num);
    }
    fprintf(f, ". ");
    if (nv < c->nreg) {
        fprintf(f, "No value for");
        for (int i = nv; i < c->nreg; i++) fprintf(f, "%s %s", i > nv ? "," : "", c->rlabel[order[i]]);
        fprintf(f, ". ");
    }
    if (!capok) return;
    for (int dir = 1; dir >= -1; dir -= 2) {
        int n = 0;
        for (int r = 0; r < c->nreg; r++) n += rcompare_cross(c, p, r) == dir;
        fprintf(f, "It %s 110%% of capacity in %s: ", dir > 0 ? "takes over" : "brings under", mon);
        if (!n) fprintf(f, "no region");
        for (int r = 0, i = 0; r < c->nreg; r++) {
            if (rcompare_cross(c, p, r) != dir) continue;
            char s0[32], s1[32];
            rcompare_pct(s0, sizeof s0, capacity(c, 0, p, r));
            rcompare_pct(s1, sizeof s1, capacity(c, p, p, r));
            fprintf(f, "%s%s (%s in the base, %s with it)", i == 0 ? "" : i == n - 1 ? " and " : ", ", c->rlabel[r], s0, s1);
            i++;
        }
        fprintf(f, ". ");
    }
    int no = count_over(c, p, p);
    fprintf(f, "With it %d of %d region%s %s over 110%%, against %d in the base. ", no, c->nreg, c->nreg == 1 ? "" : "s",
            no == 1 ? "is" : "are", count_over(c, 0, p));
}

void rcompare_alt(FILE *f, const void *view)
{
    const cview_t *c = view;
    if (!rcompare_has(c)) return;
    int capok = any_capacity(c);
    fprintf(f, "Horizontal bar chart, one row for each of %d probation regions, of the change each option makes to the region's "
               "caseload (option minus base %s, paired replication by replication, the median of %d replications%s), ranked by size%s",
            c->nreg, c->name[0], c->nrep, c->nrep >= UNC_MIN_REPS ? " with the 90% interval as whiskers" : "",
            c->n > 2 ? " (the largest change any option makes there)" : "");
    if (capok)
        fprintf(f, "; beside it, each region's workload as a percentage of capacity (median) in the base and with the option, "
                   "with the 110%% line (the WMT's excessive-workload threshold)");
    fprintf(f, ". Each option is read 24 whole months after its first lever (at the horizon if that is sooner); a region crosses 110%% "
               "when it is on one side in the base and on the other with the option in that month. ");
    for (int p = 1; p < c->n; p++) alt_option(f, c, p, capok);
    ccharts_alt_end(f, c);
}
