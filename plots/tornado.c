/* tornado.c: which assumptions move the answer, as a chart (see tornado.h). */
#include "tornado.h"

#include <math.h>
#include <string.h>

#include "chart.h"
#include "plots.h"

typedef struct {
    const sens_t *s;
    const char *made;
} tornado_ctx;

#define LOW_COL okabe_ito[1]    /* orange: light in greyscale */
#define HIGH_COL okabe_ito[5]   /* blue: dark in greyscale */

static void title_of(const sens_t *s, char *buf, size_t n)
{
    char mon[16];
    chart_month_label(s->month, 0, mon, sizeof mon);
    if (s->policy)
        snprintf(buf, n, "What moves the effect of %s (%s, %d months after it starts)", s->policy_name, mon, s->at);
    else
        snprintf(buf, n, "What moves the projection of %s (%s)", s->scenario, mon);
}

/* "disposals.suspended_sentence_order.length_months.mean" ->
 * "suspended sentence order length months mean": words a label can wrap
 * and shorten at (the full path is in the alt text and the CSV). */
static void label_words(const char *label, char *buf, size_t n)
{
    static const char *const drop[] = { "disposals.", "custody.", "workforce." };
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
        if (!strncmp(label, drop[i], strlen(drop[i]))) label += strlen(drop[i]);
    if (snprintf(buf, n, "%s", label) < 0) buf[0] = 0; /* cut to the chart's room */
    for (char *q = buf; *q; q++)
        if (*q == '_' || *q == '.') *q = ' ';
}

static void draw(cairo_t *cr, const void *ctx)
{
    const tornado_ctx *x = ctx;
    const sens_t *s = x->s;
    char title[256], sub[256], words[96], foot[256], foot2[256];
    title_of(s, title, sizeof title);
    sens_measure_words(s, words, sizeof words);
    snprintf(sub, sizeof sub, "%c%s: each assumption alone at the low and the high end of its range, the others central",
             words[0] >= 'a' && words[0] <= 'z' ? words[0] - 'a' + 'A' : words[0], words + 1);
    snprintf(foot, sizeof foot, "Source: caseflow %s sensitivity, %d %sreplication%s a run, seed %llu, made %s", CASEFLOW_VERSION,
             s->reps, s->policy ? "paired " : "", s->reps == 1 ? "" : "s", s->seed, x->made);
    snprintf(foot2, sizeof foot2, "Bars: medians of the replications; largest swing at the top; %d assumption%s in all (sensitivity.csv)",
             s->n, s->n == 1 ? "" : "s");
    const char *footer[] = { foot, foot2, NULL };
    chart_t c;
    chart_begin(&c, cr, title, sub, footer);
    int rows = s->n < TORNADO_ROWS ? s->n : TORNADO_ROWS;
    double lo = s->central, hi = s->central;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < 3; j += 2) {
            if (s->row[i].result[j] < lo) lo = s->row[i].result[j];
            if (s->row[i].result[j] > hi) hi = s->row[i].result[j];
        }
    double pad = (hi - lo) * 0.12 + 1e-9, tmin, tmax, step;
    c.x0 = 640;
    double X0 = c.x0, X1 = c.x1;
    /* as many ticks as leave a label's width of air between labels (six
     * six-digit counts did not, on the plot's 800 pixels) */
    chart_font(cr, 20, 0);
    int dec = 0;
    for (int target = 6; target >= 2; target--) {
        dec = chart_nice_ticks(lo - pad, hi + pad, target, &tmin, &tmax, &step);
        char b[32];
        cairo_text_extents_t te;
        chart_format(b, sizeof b, fabs(tmax) > fabs(tmin) ? tmax : tmin, dec);
        cairo_text_extents(cr, b, &te);
        if (step / (tmax - tmin) * (X1 - X0) >= 1.5 * te.x_advance) break;
    }
    double y0 = c.y0 + 10, y1 = c.y1 - 40, h = (y1 - y0) / (rows > 6 ? rows : 6);
#define XV(v) (X0 + ((v) - tmin) / (tmax - tmin) * (X1 - X0))
    /* gridlines and value labels (in the font measured above) */
    for (double v = tmin; v <= tmax + step / 2; v += step) {
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
        cairo_set_line_width(cr, 1);
        cairo_move_to(cr, XV(v), y0);
        cairo_line_to(cr, XV(v), y1);
        cairo_stroke(cr);
        char b[32];
        chart_format(b, sizeof b, fabs(v) < step / 1e6 ? 0 : v, dec);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        chart_text(cr, XV(v), y1 + 28, b, 0.5);
    }
    for (int i = 0; i < rows; i++) {
        const sens_row *w = &s->row[i];
        double yc = y0 + h * (i + 0.5), bh = h * 0.56;
        if (bh > 44) bh = 44;
        for (int j = 0; j < 3; j += 2) {
            rgb_t col = j ? HIGH_COL : LOW_COL;
            double a = XV(s->central), b = XV(w->result[j]);
            cairo_set_source_rgb(cr, col.r, col.g, col.b);
            cairo_rectangle(cr, a < b ? a : b, yc - bh / 2, fabs(b - a) < 1.5 ? 1.5 : fabs(b - a), bh);
            cairo_fill(cr);
        }
        /* the end labels sit outside each end, the lower end to its left */
        char lv[32], hv[32];
        chart_format(lv, sizeof lv, w->result[0], 0);
        chart_format(hv, sizeof hv, w->result[2], 0);
        chart_font(cr, 18, 0);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        int low_left = w->result[0] <= w->result[2];
        double xl = XV(low_left ? w->result[0] : w->result[2]), xr = XV(low_left ? w->result[2] : w->result[0]);
        if (xl > XV(s->central)) xl = XV(s->central);
        if (xr < XV(s->central)) xr = XV(s->central);
        chart_text(cr, xl - 8, yc + 6, low_left ? lv : hv, 1);
        chart_text(cr, xr + 8, yc + 6, low_left ? hv : lv, 0);
        /* the assumption, and its low and high values */
        char lines[2][CHART_WRAP_LEN], vals[96], nm[96];
        label_words(w->label, nm, sizeof nm);
        chart_font(cr, 18, 1);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        int nl = chart_wrap(cr, nm, X0 - 130, 1, lines);
        if (nl) chart_text(cr, 40, yc - 2, lines[0], 0);
        snprintf(vals, sizeof vals, "low %g, high %g%s", w->value[0], w->value[2], w->nparam > 1 ? " (group)" : "");
        chart_font(cr, 17, 0);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        chart_text(cr, 40, yc + 20, vals, 0);
    }
    /* every assumption central */
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 2.5);
    cairo_move_to(cr, XV(s->central), y0 - 6);
    cairo_line_to(cr, XV(s->central), y1);
    cairo_stroke(cr);
#undef XV
    char cl[96], cv[32];
    chart_format(cv, sizeof cv, s->central, 0);
    snprintf(cl, sizeof cl, "All central: %s", cv);
    chart_legend(&c, LEG_LINE, cl, okabe_ito[0], DASH_SOLID, MARK_NONE);
    chart_legend(&c, LEG_FILL, "Assumption at its low end", LOW_COL, DASH_SOLID, MARK_NONE);
    chart_legend(&c, LEG_FILL, "Assumption at its high end", HIGH_COL, DASH_SOLID, MARK_NONE);
}

static void alt(FILE *f, const void *ctx)
{
    const tornado_ctx *x = ctx;
    const sens_t *s = x->s;
    char title[256], words[96], a[32], b[32];
    title_of(s, title, sizeof title);
    sens_measure_words(s, words, sizeof words);
    chart_format(a, sizeof a, s->central, 0);
    fprintf(f, "Tornado chart: %s. The %s with every assumption at its central value is %s; each bar shows it with one "
               "assumption at the low and at the high end of its range and the others central (medians of %d replications), "
               "largest swing first:",
            title, words, a, s->reps);
    for (int i = 0; i < s->n; i++) {
        const sens_row *w = &s->row[i];
        chart_format(a, sizeof a, w->result[0], 0);
        chart_format(b, sizeof b, w->result[2], 0);
        fprintf(f, "%s %s %s at %g and %s at %g", i ? ";" : "", w->label, a, w->value[0], b, w->value[2]);
    }
    fprintf(f, ".\n");
}

int tornado_render(const sens_t *s, const char *made, const char *dir, int formats, errlist_t *e)
{
    tornado_ctx x = { s, made };
    return plots_render_custom("tornado", draw, alt, &x, made, dir, formats, e);
}
