/* chart.c: axes, ticks, lines, bands, legends (see chart.h). */
#include "chart.h"

#include "numfmt.h"

#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <stdio.h>
#include <string.h>

/* Okabe-Ito, by name, once */
#define OI_BLACK { 0, 0, 0 }
#define OI_ORANGE { 0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0 }
#define OI_SKY { 0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0 }
#define OI_GREEN { 0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0 }
#define OI_YELLOW { 0xF0 / 255.0, 0xE4 / 255.0, 0x42 / 255.0 }
#define OI_BLUE { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 }
#define OI_VERMILLION { 0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0 }
#define OI_PURPLE { 0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0 }

const rgb_t okabe_ito[8] = { OI_BLACK, OI_ORANGE, OI_SKY, OI_GREEN, OI_YELLOW, OI_BLUE, OI_VERMILLION, OI_PURPLE };
/* in an order whose greys differ most among the first (luma 163, 94, 142,
 * 113, 121, 164, 0): the options of a comparison, told apart by colour
 * where the dashes say something else (needed against available), also
 * read in greyscale (orange and sky, the first two, were one grey) */
const rgb_t line_colours[7] = { OI_ORANGE, OI_BLUE, OI_PURPLE, OI_VERMILLION, OI_GREEN, OI_SKY, OI_BLACK };

#define FONT "DejaVu Sans"   /* fontconfig falls back to a generic sans if absent */
#define INK 0.15             /* text grey level */
#define LEGEND_X (CHART_W - 390)

void chart_font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

/* Cairo refuses a string that is not valid UTF-8 (and then every later
 * call on that context fails), so text is checked first: a valid string is
 * used as it is, anything else is copied into buf with '?' for each bad byte.
 * The rules are Cairo's: no overlong forms, surrogates or non-characters. */
static int utf8_char(const unsigned char *p)
{
    unsigned c = p[0], u;
    int len;
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) { len = 2; u = c & 0x1F; }
    else if (c < 0xF0) { len = 3; u = c & 0x0F; }
    else if (c < 0xF5) { len = 4; u = c & 0x07; }
    else return 0;
    for (int i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        u = (u << 6) | (p[i] & 0x3F);
    }
    static const unsigned least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (u < least[len] || u > 0x10FFFF || (u & 0xFFFFF800) == 0xD800 || (u >= 0xFDD0 && u <= 0xFDEF) ||
        (u & 0xFFFE) == 0xFFFE)
        return 0;
    return len;
}

static const char *clean_utf8(const char *s, char *buf, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    int ok = 1;
    for (int l; *p; p += l)
        if (!(l = utf8_char(p))) { ok = 0; break; }
    if (ok) return s;
    size_t o = 0;
    for (p = (const unsigned char *)s; *p;) {
        int l = utf8_char(p);
        if (!l) { l = 1; if (o + 1 >= n) break; buf[o++] = '?'; p++; continue; }
        if (o + (size_t)l >= n) break;
        memcpy(buf + o, p, (size_t)l);
        o += (size_t)l;
        p += l;
    }
    buf[o] = 0;
    return buf;
}

double chart_text_width(cairo_t *cr, const char *s)
{
    char buf[1024];
    cairo_text_extents_t te;
    cairo_text_extents(cr, clean_utf8(s, buf, sizeof buf), &te);
    return te.x_advance;
}

void chart_text(cairo_t *cr, double x, double y, const char *s, double align)
{
    char buf[1024];
    s = clean_utf8(s, buf, sizeof buf);
    cairo_move_to(cr, x - align * chart_text_width(cr, s), y);
    cairo_show_text(cr, s);
}

static void text_at(cairo_t *cr, double x, double y, const char *s, double align) { chart_text(cr, x, y, s, align); }

void chart_utf8_trim(char *s)
{
    size_t n = strlen(s), i = n;
    /* back to the start of the last character; drop it if it is cut short */
    while (i > 0 && n - i < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    if (i > 0 && (unsigned char)s[i - 1] >= 0xC0) {
        unsigned c = (unsigned char)s[i - 1];
        size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (n - (i - 1) < want) s[i - 1] = 0;
    }
}

int chart_nice_ticks(double lo, double hi, int target, double *tmin, double *tmax, double *step)
{
    /* Whatever comes in (no data, inf, nan, 1e300, a range narrower than a
     * double can step through), a finite axis comes out in a bounded number
     * of steps. */
    if (target < 1) target = 1;
    if (isnan(lo)) lo = hi;
    if (isnan(hi)) hi = lo;
    if (!(lo <= hi)) lo = hi = 0; /* nothing to show: (+inf, -inf) or two nans */
    lo = fmax(-CHART_VMAX, fmin(lo, CHART_VMAX));
    hi = fmax(-CHART_VMAX, fmin(hi, CHART_VMAX));
    if (!(hi - lo > fmax(fmax(fabs(lo), fabs(hi)) * 1e-9, 1e-9))) { /* constant: pad it */
        double pad = fabs(lo) > 1e-6 ? fabs(lo) * 0.05 : 1;
        lo -= pad;
        hi += pad;
    }
    double raw = (hi - lo) / target;
    double mag = pow(10, floor(log10(raw)));
    static const double mult[] = { 1, 2, 5, 10 };
    double s = 10 * mag;
    for (int i = 0; i < 4; i++)
        if (mult[i] * mag >= raw * (1 - 1e-9)) { s = mult[i] * mag; break; }
    /* rounding out can add an interval; widen the step if it passes target
     * (each pass at least doubles the step, so a few passes always do) */
    int done = 0;
    for (int pass = 0; pass < 64 && !done; pass++) {
        double a = floor(lo / s + 1e-9) * s, b = ceil(hi / s - 1e-9) * s;
        if ((b - a) / s <= target + 1e-9) { *tmin = a; *tmax = b; done = 1; break; }
        double m = s / pow(10, floor(log10(s) + 1e-9));
        s = (m < 1.5 ? 2 : m < 3 ? 5 : 10) * pow(10, floor(log10(s) + 1e-9));
    }
    if (!done) { *tmin = lo; *tmax = hi; s = (hi - lo) / target; }
    *step = s;
    int dec = (int)ceil(-log10(s) - 1e-9);
    return dec < 0 ? 0 : dec > 9 ? 9 : dec;
}

void chart_format(char *buf, size_t n, double v, int dec) { fmt_num(buf, n, v, dec); }

void chart_month_label(int month, int year_only, char *buf, size_t n)
{
    static const char *mn[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    long long m = month, y = m >= 0 ? m / 12 : -((-(m + 1)) / 12) - 1; /* floor, also before year 0 */
    if (year_only) snprintf(buf, n, "%lld", y);
    else snprintf(buf, n, "%s %lld", mn[m - 12 * y], y);
}

/* s without its bracketed asides: " (Sentencing Act 2026 s.1)" and the
 * like, nested or not; an unclosed bracket is kept as it is. */
static void drop_asides(const char *s, char *out, size_t n)
{
    size_t o = 0;
    for (const char *p = s; *p && o + 1 < n;) {
        if (*p == ' ' && p[1] == '(') {
            const char *q = p + 1;
            int depth = 0;
            do {
                if (*q == '(') depth++;
                else if (*q == ')') depth--;
                q++;
            } while (*q && depth > 0);
            if (depth == 0) { p = q; continue; }
        }
        out[o++] = *p++;
    }
    out[o] = 0;
}

/* Sets the title's font on cr: bold, 40 px down to 24 px in steps of 2
 * until t fits width; returns whether it does. */
static int title_font(cairo_t *cr, const char *t, double width)
{
    double fs = 40;
    chart_font(cr, fs, 1);
    while (fs > 24 && chart_text_width(cr, t) > width) chart_font(cr, fs -= 2, 1);
    return chart_text_width(cr, t) <= width;
}

void chart_title_fit(cairo_t *cr, const char *title, double width, char out[CHART_WRAP_LEN])
{
    char bare[CHART_WRAP_LEN * 2];
    drop_asides(title, bare, sizeof bare);
    const char *t = title;
    if (!title_font(cr, t, width) && strcmp(bare, title)) /* too long even small: the asides go first */
        title_font(cr, t = bare, width);
    char tl[1][CHART_WRAP_LEN];
    if (chart_wrap(cr, t, width, 1, tl)) memcpy(out, tl[0], CHART_WRAP_LEN); /* then shortened at a word */
    else out[0] = 0;
}

void chart_begin(chart_t *c, cairo_t *cr, const char *title, const char *subtitle,
                 const char *const *footer)
{
    memset(c, 0, sizeof *c);
    c->cr = cr;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, INK, INK, INK);
    char tl[CHART_WRAP_LEN];
    chart_title_fit(cr, title, CHART_W - 80, tl);
    text_at(cr, 40, 62, tl, 0);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    double fs = 25;
    chart_font(cr, fs, 0);
    while (fs > 20 && chart_text_width(cr, subtitle) > CHART_W - 80) chart_font(cr, fs -= 1, 0);
    char sl[1][CHART_WRAP_LEN]; /* still too wide: shortened at a word */
    if (chart_wrap(cr, subtitle, CHART_W - 80, 1, sl)) text_at(cr, 40, 102, sl[0], 0);
    int nf = 0;
    while (footer && footer[nf]) nf++;
    chart_font(cr, 20, 0);
    for (int i = 0; i < nf; i++) text_at(cr, 40, CHART_H - 22 - 28 * (nf - 1 - i), footer[i], 0);
    c->y0 = 150;
    c->y1 = CHART_H - 100 - 28 * (nf > 1 ? nf - 1 : 0);
    c->x1 = LEGEND_X - 40;
    c->legend_y = c->y0 + 10;
    c->legend_lines = 3;
}

double chart_x(const chart_t *c, double k)
{
    return c->x0 + (k - c->kmin) / (c->kmax - c->kmin) * (c->x1 - c->x0);
}

double chart_y(const chart_t *c, double v)
{
    return c->y1 - (v - c->vmin) / (c->vmax - c->vmin) * (c->y1 - c->y0);
}

void chart_axes(chart_t *c, int start, double kmin, double kmax, double lo, double hi, const char *ylabel)
{
    cairo_t *cr = c->cr;
    c->start = start;
    if (!isfinite(kmin)) kmin = 0;
    if (!isfinite(kmax)) kmax = kmin;
    c->kmin = kmin;
    c->kmax = kmax > kmin ? kmax : kmin + 1;
    c->ydec = chart_nice_ticks(lo, hi, 6, &c->vmin, &c->vmax, &c->step);
    /* left margin from the widest tick label */
    chart_font(cr, 22, 0);
    double wmax = 0;
    char buf[64];
    double ntd = floor((c->vmax - c->vmin) / c->step + 0.5);
    int nt = ntd >= 0 && ntd <= 100 ? (int)ntd : 0; /* at most 6 from chart_nice_ticks */
    for (int i = 0; i <= nt; i++) {
        chart_format(buf, sizeof buf, c->vmin + i * c->step, c->ydec);
        double w = chart_text_width(cr, buf);
        if (w > wmax) wmax = w;
    }
    c->x0 = 40 + 30 + 16 + wmax + 14;
    /* y gridlines and labels */
    cairo_set_line_width(cr, 1);
    for (int i = 0; i <= nt; i++) {
        double v = c->vmin + i * c->step, y = chart_y(c, v);
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, c->x0, floor(y) + 0.5);
        cairo_line_to(cr, c->x1, floor(y) + 0.5);
        cairo_stroke(cr);
        chart_format(buf, sizeof buf, v, c->ydec);
        cairo_set_source_rgb(cr, INK, INK, INK);
        text_at(cr, c->x0 - 12, y + 8, buf, 1);
    }
    /* y-axis title, rotated */
    cairo_save(cr);
    chart_font(cr, 22, 0);
    cairo_translate(cr, 52, (c->y0 + c->y1) / 2);
    cairo_rotate(cr, -M_PI / 2);
    text_at(cr, 0, 0, ylabel, 0.5);
    cairo_restore(cr);
    /* x ticks: the smallest calendar step whose labels do not overlap */
    static const int steps[] = { 1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200 };
    int step = 1200, year_only = 1;
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
        int yo = steps[s] >= 12;
        chart_month_label(2025 * 12 + 8, yo, buf, sizeof buf); /* widest: "Sep 2025" */
        double w = chart_text_width(cr, buf) * 1.35;
        double px = (c->x1 - c->x0) / (c->kmax - c->kmin) * steps[s];
        if (px >= w) { step = steps[s]; year_only = yo; break; }
    }
    /* months are ints; a span beyond 1,000 years is drawn without ticks */
    double kfirst = ceil(c->kmin), klast = floor(c->kmax);
    if (!(klast - kfirst <= 12000 && fabs(kfirst) < 1e6 && fabs(start + kfirst) < 1e7)) klast = kfirst - 1;
    /* point k is the end of month start + k, the instant month start + k + 1
     * begins: a tick there is labelled with the month (or year) it begins,
     * so "2026" stands at 1 January 2026 (the end-of-December point) and a
     * lever from 1 April at the "Apr" tick */
    for (int k = (int)kfirst; k <= (int)klast; k++) {
        int mon = start + k + 1;
        int anchor = year_only ? (mon % 12 == 0 && (mon / 12) % (step / 12) == 0) : (mon % step == 0);
        double x = chart_x(c, k);
        if (!anchor) continue;
        cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
        cairo_move_to(cr, floor(x) + 0.5, c->y0);
        cairo_line_to(cr, floor(x) + 0.5, c->y1);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, INK, INK, INK);
        cairo_move_to(cr, floor(x) + 0.5, c->y1);
        cairo_line_to(cr, floor(x) + 0.5, c->y1 + 8);
        cairo_stroke(cr);
        chart_month_label(mon, year_only, buf, sizeof buf);
        text_at(cr, x, c->y1 + 34, buf, 0.5);
    }
    /* axis lines */
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    cairo_set_line_width(cr, 1.5);
    cairo_move_to(cr, c->x0, c->y1);
    cairo_line_to(cr, c->x1, c->y1);
    cairo_stroke(cr);
}

static void set_dash(cairo_t *cr, dash_t d, double w)
{
    static const double dashed[] = { 14, 8 }, dotted[] = { 2, 7 }, dashdot[] = { 14, 6, 2, 6 }, lng[] = { 26, 8 };
    double sc[4];
    const double *p = NULL;
    int n = 0;
    switch (d) {
    case DASH_DASHED: p = dashed; n = 2; break;
    case DASH_DOTTED: p = dotted; n = 2; break;
    case DASH_DASHDOT: p = dashdot; n = 4; break;
    case DASH_LONG: p = lng; n = 2; break;
    default: break;
    }
    for (int i = 0; i < n; i++) sc[i] = p[i] * (w > 2 ? w / 3 : 1) ;
    cairo_set_dash(cr, n ? sc : NULL, n, 0);
    cairo_set_line_cap(cr, d == DASH_DOTTED ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
}

void chart_band(chart_t *c, const double *lo, const double *hi, int k0, int n, rgb_t col, double alpha)
{
    cairo_t *cr = c->cr;
    int first = 1;
    for (int i = 0; i < n; i++) {
        if (!isfinite(lo[i]) || !isfinite(hi[i])) continue;
        double x = chart_x(c, k0 + i), y = chart_y(c, hi[i]);
        if (first) cairo_move_to(cr, x, y);
        else cairo_line_to(cr, x, y);
        first = 0;
    }
    for (int i = n - 1; i >= 0; i--) {
        if (!isfinite(lo[i]) || !isfinite(hi[i])) continue;
        cairo_line_to(cr, chart_x(c, k0 + i), chart_y(c, lo[i]));
    }
    cairo_close_path(cr);
    cairo_set_source_rgba(cr, col.r, col.g, col.b, alpha);
    cairo_fill(cr);
}

void chart_area(chart_t *c, const double *lo, const double *hi, int k0, int n, rgb_t col)
{
    chart_band(c, lo, hi, k0, n, col, 1.0);
    /* a white edge on top separates stacked layers in greyscale */
    cairo_t *cr = c->cr;
    int first = 1;
    for (int i = 0; i < n; i++) {
        if (!isfinite(hi[i])) continue;
        double x = chart_x(c, k0 + i), y = chart_y(c, hi[i]);
        if (first) cairo_move_to(cr, x, y);
        else cairo_line_to(cr, x, y);
        first = 0;
    }
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 2);
    set_dash(cr, DASH_SOLID, 2);
    cairo_stroke(cr);
}

void chart_marker(chart_t *c, double x, double y, mark_t m, rgb_t col, double s)
{
    cairo_t *cr = c->cr;
    if (!isfinite(x) || !isfinite(y)) return;
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_new_path(cr);
    switch (m) {
    case MARK_CIRCLE: cairo_arc(cr, x, y, s, 0, 2 * M_PI); break;
    case MARK_SQUARE: cairo_rectangle(cr, x - s * 0.9, y - s * 0.9, s * 1.8, s * 1.8); break;
    case MARK_TRIANGLE:
        cairo_move_to(cr, x, y - s * 1.2);
        cairo_line_to(cr, x + s * 1.1, y + s * 0.8);
        cairo_line_to(cr, x - s * 1.1, y + s * 0.8);
        cairo_close_path(cr);
        break;
    case MARK_DIAMOND:
        cairo_move_to(cr, x, y - s * 1.3);
        cairo_line_to(cr, x + s * 1.1, y);
        cairo_line_to(cr, x, y + s * 1.3);
        cairo_line_to(cr, x - s * 1.1, y);
        cairo_close_path(cr);
        break;
    case MARK_CROSS:
        cairo_move_to(cr, x - s, y - s);
        cairo_line_to(cr, x + s, y + s);
        cairo_move_to(cr, x + s, y - s);
        cairo_line_to(cr, x - s, y + s);
        cairo_set_source_rgb(cr, col.r, col.g, col.b);
        cairo_set_line_width(cr, 3);
        cairo_stroke(cr);
        cairo_restore(cr);
        return;
    default: cairo_restore(cr); return;
    }
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 1.5);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void chart_line(chart_t *c, const double *v, int k0, int n, rgb_t col, double width, dash_t dash,
                mark_t mark, int mark_every, int mark_phase)
{
    cairo_t *cr = c->cr;
    int first = 1;
    for (int i = 0; i < n; i++) {
        if (!isfinite(v[i])) { first = 1; continue; }
        double x = chart_x(c, k0 + i), y = chart_y(c, v[i]);
        if (first) cairo_move_to(cr, x, y);
        else cairo_line_to(cr, x, y);
        first = 0;
    }
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_set_line_width(cr, width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    set_dash(cr, dash, width);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    if (mark != MARK_NONE && mark_every > 0)
        for (int i = 0; i < n; i++) {
            if (!isfinite(v[i]) || (k0 + i + mark_phase) % mark_every != 0) continue;
            chart_marker(c, chart_x(c, k0 + i), chart_y(c, v[i]), mark, col, 6.5);
        }
}

void chart_vline(chart_t *c, double k, const char *label) { chart_vline_row(c, k, label, 0); }

void chart_vline_row(chart_t *c, double k, const char *label, int row)
{
    cairo_t *cr = c->cr;
    if (!isfinite(k)) return;
    double x = floor(chart_x(c, k)) + 0.5;
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_set_line_width(cr, 2);
    set_dash(cr, DASH_DASHED, 2);
    cairo_move_to(cr, x, c->y0);
    cairo_line_to(cr, x, c->y1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    if (label) chart_vlabel(c, k, label, row);
}

int chart_vlabel(chart_t *c, double k, const char *label, int row)
{
    cairo_t *cr = c->cr;
    if (!isfinite(k)) return 0;
    double x = floor(chart_x(c, k)) + 0.5;
    chart_font(cr, 20, 0);
    char lines[CHART_VLABEL_LINES][CHART_WRAP_LEN];
    int n = chart_wrap(cr, label, fmin(CHART_VLABEL_WIDTH, c->x1 - c->x0 - 20), CHART_VLABEL_LINES, lines);
    double w = 0;
    for (int i = 0; i < n; i++) w = fmax(w, chart_text_width(cr, lines[i]));
    double tx = x + 8 + w > c->x1 ? x - 8 - w : x + 8;
    for (int i = 0; i < n; i++) {
        double ty = c->y0 + CHART_VLABEL_ROW * (row + i);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_rectangle(cr, tx - 4, ty + 4, w + 8, 26);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
        text_at(cr, tx, ty + 24, lines[i], 0);
    }
    return n;
}

#define BADGE_FONT 19
#define BADGE_H 26

double chart_vbadge_width(chart_t *c, const char *text)
{
    chart_font(c->cr, BADGE_FONT, 1);
    return chart_text_width(c->cr, text) + 14;
}

void chart_vbadge(chart_t *c, double k, const char *text, double cx)
{
    cairo_t *cr = c->cr;
    if (!isfinite(k) || !isfinite(cx)) return;
    double x = floor(chart_x(c, k)) + 0.5, w = chart_vbadge_width(c, text);
    double y = c->y0 - BADGE_H - 10;
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_set_line_width(cr, 2);
    cairo_move_to(cr, cx, y + BADGE_H);   /* a leader down to the line's top */
    cairo_line_to(cr, x, c->y0);
    cairo_stroke(cr);
    cairo_rectangle(cr, cx - w / 2, y, w, BADGE_H);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_stroke(cr);
    text_at(cr, cx, y + BADGE_H - 6, text, 0.5);
}

void chart_hline(chart_t *c, double v, rgb_t col, dash_t dash, const char *label)
{
    cairo_t *cr = c->cr;
    if (!isfinite(v)) return;
    double y = floor(chart_y(c, v)) + 0.5;
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_set_line_width(cr, 2.5);
    set_dash(cr, dash, 2.5);
    cairo_move_to(cr, c->x0, y);
    cairo_line_to(cr, c->x1, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    if (label) {
        chart_font(cr, 20, 0);
        double w = chart_text_width(cr, label);
        /* at the left end, just above the line: projections start from one
         * point, so the left edge is the least crowded */
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_rectangle(cr, c->x0 + 36, y - 27, w + 8, 23);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, col.r, col.g, col.b);
        text_at(cr, c->x0 + 40, y - 9, label, 0);
    }
}

/* Copies at most CHART_WRAP_LEN - 1 bytes of src (callers keep lines shorter). */
static void wrap_copy(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n >= CHART_WRAP_LEN) n = CHART_WRAP_LEN - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

int chart_wrap(cairo_t *cr, const char *s, double width, int maxlines, char lines[][CHART_WRAP_LEN])
{
    int n = 0, cut = 0;
    char word[CHART_WRAP_LEN];
    lines[0][0] = 0;
    const char *p = s;
    while (*p) {
        int len = 0;
        while (*p == ' ') p++;
        while (p[len] && p[len] != ' ' && len < CHART_WRAP_LEN - 4) len++;
        while (len > 1 && ((unsigned char)p[len] & 0xC0) == 0x80) len--; /* whole UTF-8 characters */
        if (!len) break;
        memcpy(word, p, (size_t)len);
        word[len] = 0;
        p += len;
        char trial[2 * CHART_WRAP_LEN];
        snprintf(trial, sizeof trial, "%s%s%s", lines[n], lines[n][0] ? " " : "", word);
        if (lines[n][0] && (chart_text_width(cr, trial) > width || strlen(trial) >= CHART_WRAP_LEN - 4)) {
            if (n + 1 >= maxlines) { cut = 1; break; }
            wrap_copy(lines[++n], word);
        } else
            wrap_copy(lines[n], trial);
    }
    if (cut) {
        /* shortened at a word boundary, and says so */
        char *last = lines[n];
        for (;;) {
            char trial[CHART_WRAP_LEN + 8];
            snprintf(trial, sizeof trial, "%s\u2026", last);
            char *sp = strrchr(last, ' ');
            if (chart_text_width(cr, trial) <= width || !sp) { wrap_copy(last, trial); break; } /* lines keep 4 bytes spare */
            *sp = 0;
        }
    }
    return lines[0][0] ? n + 1 : 0;
}

void chart_legend(chart_t *c, legend_kind kind, const char *label, rgb_t col, dash_t dash, mark_t mark)
{
    cairo_t *cr = c->cr;
    double x = LEGEND_X, y = c->legend_y, sw = 56;
    switch (kind) {
    case LEG_BAND:
        cairo_set_source_rgba(cr, col.r, col.g, col.b, 0.25);
        cairo_rectangle(cr, x, y - 12, sw, 24);
        cairo_fill(cr);
        break;
    case LEG_FILL:
        cairo_set_source_rgb(cr, col.r, col.g, col.b);
        cairo_rectangle(cr, x, y - 12, sw, 24);
        cairo_fill(cr);
        break;
    case LEG_LINE:
        cairo_set_source_rgb(cr, col.r, col.g, col.b);
        cairo_set_line_width(cr, 3.5);
        set_dash(cr, dash, 3.5);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x + sw, y);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        if (mark != MARK_NONE) chart_marker(c, x + sw / 2, y, mark, col, 6.5);
        break;
    case LEG_POINT:
        chart_marker(c, x + sw / 2, y, mark, col, 7);
        break;
    }
    chart_font(cr, 21, 0);
    cairo_set_source_rgb(cr, INK, INK, INK);
    char lines[3][CHART_WRAP_LEN];
    int most = c->legend_lines >= 1 && c->legend_lines <= 3 ? c->legend_lines : 3;
    int n = chart_wrap(cr, label, CHART_W - 30 - (x + sw + 14), most, lines);
    for (int i = 0; i < n; i++) text_at(cr, x + sw + 14, y + 7 + 26 * i, lines[i], 0);
    c->legend_y += 26 * (n > 1 ? n : 1) + (most < 3 ? 12 : 22); /* a long legend packs closer */
}

int chart_status(cairo_t *cr, char *buf, size_t n)
{
    cairo_status_t st = cairo_status(cr);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(cairo_get_target(cr));
    if (st == CAIRO_STATUS_SUCCESS) return 0;
    snprintf(buf, n, "%s", cairo_status_to_string(st));
    return -1;
}
