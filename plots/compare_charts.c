/* compare_charts.c: charts of a comparison: the paired difference, and each
 * scenario's caseload on one chart. */
#include "compare_charts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "cview.h"
#include "regions_compare.h"
#include "uncertain.h"


/* Starts a comparison chart: title, subtitle, the source footer and what
 * the intervals cover. */
void ccharts_begin(chart_t *ch, cairo_t *cr, const cview_t *c, const char *title, const char *sub)
{
    char foot[300], band[200];
    snprintf(foot, sizeof foot, "Source: caseflow %s, base scenario %s, %d paired replications, seed %llu, made %s",
             CASEFLOW_VERSION, c->name[0], c->nrep, c->seed, c->made);
    plots_band_sentence(band, sizeof band, c->nrep, c->assumptions);
    const char *footer[] = { foot, band[0] ? band : NULL, NULL };
    chart_begin(ch, cr, title, sub, footer);
    /* many options: a legend line each (names shortened at a word), so the
     * legend fits beside the plot */
    if (c->n > 4) ch->legend_lines = c->n > 8 ? 1 : 2;
}

/* The end of an alt text: what the intervals cover. */
void ccharts_alt_end(FILE *f, const cview_t *c)
{
    char band[200];
    plots_band_sentence(band, sizeof band, c->nrep, c->assumptions);
    if (band[0]) fprintf(f, "%s.", band); /* every alt text ends its last sentence with ". " */
    fprintf(f, "\n");
}

/* What the lines and bands show: no interval from too few replications. */
static const char *shown(int nrep)
{
    return nrep >= UNC_MIN_REPS ? "median and 90% interval" : "median only";
}
static const char *with_intervals(int nrep) { return nrep >= UNC_MIN_REPS ? ", with 90% intervals" : ""; }

/* " (90% interval LO to HI)", or nothing from too few replications. */
static void interval_words(char *buf, size_t n, const char *lo, const char *hi, int nrep)
{
    if (nrep >= UNC_MIN_REPS) snprintf(buf, n, " (90%% interval %s to %s)", lo, hi);
    else buf[0] = 0;
}

/* "about 14,000": two significant figures, for titles. */
static void about(char *buf, size_t n, double v)
{
    double a = fabs(v), p = a >= 100 ? pow(10, floor(log10(a)) - 1) : 1;
    chart_format(buf, n, round(a / p) * p, 0);
}

/* The top of the y axis, with room above the data for the labels of the
 * option marks (one row a month, two lines at most each, stacked). */
static double room_for_marks(const cview_t *c, double lo, double hi)
{
    int rows = 0;
    for (int p = 1; p < c->n; p++) {
        int seen = c->lever[p] < 0;
        for (int q = 1; q < p && !seen; q++) seen = c->lever[q] == c->lever[p];
        rows += !seen;
    }
    return rows ? hi + (0.12 + 0.1 * (rows - 1)) * (hi - lo) : hi;
}

/* A dashed line at each month in which an option's first own lever falls,
 * labelled with the month and the option's name, or with how many options
 * start then (the legend names them); labels stack so that close dates stay
 * readable. */
static void mark_policy(chart_t *ch, const cview_t *c)
{
    for (int pass = 0; pass < 2; pass++) { /* lines, then labels on top */
        int row = 0;
        for (int p = 1; p < c->n; p++) {
            int L = c->lever[p], seen = 0, same = 0;
            if (L < 0) continue;
            for (int q = 1; q < c->n; q++) {
                seen |= q < p && c->lever[q] == L;
                same += c->lever[q] == L;
            }
            if (seen) continue; /* one mark a month */
            double k = L - 1 - c->start;
            if (pass == 0) { chart_vline_row(ch, k, NULL, 0); continue; }
            char lab[300], mon[32];
            chart_month_label(L, 0, mon, sizeof mon);
            if (same > 1) snprintf(lab, sizeof lab, "%s: %d options start", mon, same);
            else snprintf(lab, sizeof lab, "%s: %s", mon, c->label[p]);
            row += chart_vlabel(ch, k, lab, row);
        }
    }
}

void ccharts_difference_title(const cview_t *c, char *title, size_t n)
{
    char ab[32], mon[32];
    int big = 1;
    for (int i = 2; i < c->n; i++) {
        int s1 = CV_TOTAL, s0 = CV_TOTAL;
        if (fabs(ptable_row(c->diff[i], s1, ST_P50)[cview_finding_row(c, i)]) > fabs(ptable_row(c->diff[big], s0, ST_P50)[cview_finding_row(c, big)])) big = i;
    }
    int fk = cview_finding_row(c, big);
    double fv = ptable_row(c->diff[big], CV_TOTAL, ST_P50)[fk];
    about(ab, sizeof ab, fv);
    chart_month_label(c->start + fk, 0, mon, sizeof mon);
    double flo = ptable_row(c->diff[big], CV_TOTAL, ST_P5)[fk], fhi = ptable_row(c->diff[big], CV_TOTAL, ST_P95)[fk];
    if (fabs(fv) < 0.5) snprintf(title, n, "%s leaves the probation caseload as it is", c->label[big]);
    else if (c->nrep >= UNC_MIN_REPS && flo < 0 && fhi > 0) {
        /* the headline's "direction not settled": no clear change either way */
        char l0[32], l1[32];
        chart_format(l0, sizeof l0, flo, 0);
        chart_format(l1, sizeof l1, fhi, 0);
        snprintf(title, n, "%s makes no clear change to the probation caseload by %s (90%% interval %s to %s)", c->label[big],
                 mon, l0, l1);
    } else
        snprintf(title, n, "%s %s about %s people %s probation by %s", c->label[big], fv > 0 ? "adds" : "removes", ab,
                 fv > 0 ? "to" : "from", mon);
}

static void draw_difference(cairo_t *cr, const void *p)
{
    const cview_t *c = p;
    char sub[200];
    snprintf(sub, sizeof sub, "Change in people under probation supervision, England and Wales, policy minus base, paired; %s of %d replications",
             shown(c->nrep), c->nrep);
    char title[300];
    ccharts_difference_title(c, title, sizeof title);
    chart_t ch;
    ccharts_begin(&ch, cr, c, title, sub);
    int H = c->horizon;
    double lo = 0, hi = 0;
    for (int i = 1; i < c->n; i++) {
        int s = CV_TOTAL;
        const double *a = ptable_row(c->diff[i], s, ST_P5), *b = ptable_row(c->diff[i], s, ST_P95);
        for (int k = 0; k <= H; k++) {
            if (a[k] < lo) lo = a[k];
            if (b[k] > hi) hi = b[k];
        }
    }
    chart_axes(&ch, c->start, 0, H, lo, room_for_marks(c, lo, hi), "Change in people under supervision");
    chart_hline(&ch, 0, okabe_ito[0], DASH_SOLID, NULL);
    mark_policy(&ch, c);
    for (int i = 1; i < c->n; i++) {
        int s = CV_TOTAL;
        rgb_t col = line_colours[(i - 1) % 7];
        if (c->nrep >= UNC_MIN_REPS) chart_band(&ch, ptable_row(c->diff[i], s, ST_P5), ptable_row(c->diff[i], s, ST_P95), 0, H + 1, col, 0.22);
    }
    for (int i = 1; i < c->n; i++) {
        int s = CV_TOTAL;
        rgb_t col = line_colours[(i - 1) % 7];
        dash_t d = (dash_t)((i - 1) % DASH_N);
        mark_t mk = (mark_t)(1 + (i - 1) % (MARK_N - 1));
        chart_line(&ch, ptable_row(c->diff[i], s, ST_P50), 0, H + 1, col, 3.5, d, mk, 12, 3 * i);
        chart_legend(&ch, LEG_LINE, c->label[i], col, d, mk);
    }
    if (c->nrep >= UNC_MIN_REPS) chart_legend(&ch, LEG_BAND, "Shaded: 90% interval of the paired difference", okabe_ito[0], DASH_SOLID, MARK_NONE);
}

static void alt_difference(FILE *f, const void *p)
{
    const cview_t *c = p;
    int H = c->horizon;
    fprintf(f, "Line chart of the change in the probation caseload in England and Wales that each policy makes, "
               "against the base scenario %s: people under supervision, policy minus base, paired replication by replication "
               "(%d replications)%s. ", c->name[0], c->nrep, with_intervals(c->nrep));
    for (int i = 1; i < c->n; i++) {
        const ptable_t *t = c->diff[i];
        int s = CV_TOTAL;
        const double *m = ptable_row(t, s, ST_P50);
        int at = 0;
        for (int k = 1; k <= H; k++) if (fabs(m[k]) > fabs(m[at])) at = k;
        char a[32], b[32], d[32], e[32], mon[32], mon2[32], iv[96];
        chart_format(a, sizeof a, m[H], 0);
        chart_format(b, sizeof b, ptable_row(t, s, ST_P5)[H], 0);
        chart_format(d, sizeof d, ptable_row(t, s, ST_P95)[H], 0);
        chart_format(e, sizeof e, m[at], 0);
        chart_month_label(c->start + H, 0, mon, sizeof mon);
        chart_month_label(c->start + at, 0, mon2, sizeof mon2);
        interval_words(iv, sizeof iv, b, d, c->nrep);
        int unclear = c->nrep >= UNC_MIN_REPS && ptable_row(t, s, ST_P5)[at] < 0 && ptable_row(t, s, ST_P95)[at] > 0;
        fprintf(f, "%s: %s%s people by %s%s; the largest median change is %s%s, in %s%s. ",
                c->name[i], m[H] > 0 ? "+" : "", a, mon, iv, m[at] > 0 ? "+" : "", e, mon2,
                unclear ? " (its 90% interval includes zero: no clear change)" : "");
    }
    ccharts_alt_end(f, c);
}

static void draw_levels(cairo_t *cr, const void *p)
{
    const cview_t *c = p;
    char sub[200];
    snprintf(sub, sizeof sub, "People under probation supervision at each month end; %s of %d replications",
             shown(c->nrep), c->nrep);
    char title[300], ab[32], mon[32];
    int Hh = c->horizon;
    about(ab, sizeof ab, ptable_row(c->lev[0], CV_TOTAL, ST_P50)[Hh]);
    chart_month_label(c->start + Hh, 0, mon, sizeof mon);
    snprintf(title, sizeof title, "Probation caseload: about %s people by %s in the base, %s", ab, mon, c->label[0]);
    chart_t ch;
    ccharts_begin(&ch, cr, c, title, sub);
    int H = c->horizon;
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < c->n; i++) {
        for (int k = 0; k <= H; k++) {
            lo = fmin(lo, ptable_row(c->lev[i], CV_TOTAL, ST_P5)[k]);
            hi = fmax(hi, ptable_row(c->lev[i], CV_TOTAL, ST_P95)[k]);
        }
    }
    chart_axes(&ch, c->start, 0, H, fmin(lo, 0), room_for_marks(c, fmin(lo, 0), hi), "People under supervision (axis from zero)");
    mark_policy(&ch, c);
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < c->n; i++) {
            const ptable_t *t = c->lev[i];
            rgb_t col = i == 0 ? okabe_ito[0] : line_colours[(i - 1) % 7];
            if (pass == 0) {
                if (c->nrep >= UNC_MIN_REPS) chart_band(&ch, ptable_row(t, CV_TOTAL, ST_P5), ptable_row(t, CV_TOTAL, ST_P95), 0, H + 1, col, i == 0 ? 0.12 : 0.2);
                continue;
            }
            dash_t d = i == 0 ? DASH_SOLID : (dash_t)((i - 1) % DASH_N);
            mark_t mk = i == 0 ? MARK_NONE : (mark_t)(1 + (i - 1) % (MARK_N - 1));
            chart_line(&ch, ptable_row(t, CV_TOTAL, ST_P50), 0, H + 1, col, 3.5, d, mk, 12, 3 * i);
            char lab[200];
            snprintf(lab, sizeof lab, "%s%s", c->label[i], i == 0 ? " (base)" : "");
            chart_legend(&ch, LEG_LINE, lab, col, d, mk);
        }
    if (c->nrep >= UNC_MIN_REPS) chart_legend(&ch, LEG_BAND, "Shaded: 90% interval of each scenario", okabe_ito[0], DASH_SOLID, MARK_NONE);
}

static void alt_levels(FILE *f, const void *p)
{
    const cview_t *c = p;
    int H = c->horizon;
    char mon0[32], mon1[32];
    chart_month_label(c->start, 0, mon0, sizeof mon0);
    chart_month_label(c->start + H, 0, mon1, sizeof mon1);
    fprintf(f, "Line chart of the projected probation caseload in England and Wales under %d scenarios, %s to %s, "
               "%s of %d replications each. ", c->n, mon0, mon1, shown(c->nrep), c->nrep);
    for (int i = 0; i < c->n; i++) {
        const ptable_t *t = c->lev[i];
        char s0[32], s1[32], lo[32], hi[32], iv[96];
        chart_format(s0, sizeof s0, ptable_row(t, CV_TOTAL, ST_P50)[0], 0);
        chart_format(s1, sizeof s1, ptable_row(t, CV_TOTAL, ST_P50)[H], 0);
        chart_format(lo, sizeof lo, ptable_row(t, CV_TOTAL, ST_P5)[H], 0);
        chart_format(hi, sizeof hi, ptable_row(t, CV_TOTAL, ST_P95)[H], 0);
        interval_words(iv, sizeof iv, lo, hi, c->nrep);
        fprintf(f, "%s%s: %s at the start, %s at the end%s. ", c->name[i], i == 0 ? " (base)" : "", s0, s1, iv);
    }
    ccharts_alt_end(f, c);
}

/* Lines of a money series for every scenario (levels) or option (changes),
 * each with its 90% band; y from lo0 (or below) to the data. */
/* The axis takes in [lo0, hi0] and every band. */
static void money_lines_chart(chart_t *ch, const cview_t *c, int q, int diff, double lo0, double hi0, const char *ylab, int legend)
{
    int H = c->horizon, i0 = diff ? 1 : 0;
    double lo = lo0, hi = hi0;
    for (int i = i0; i < c->n; i++) {
        const ptable_t *t = diff ? c->diff[i] : c->lev[i];
        for (int k = 0; k <= H; k++) {
            lo = fmin(lo, ptable_row(t, q, ST_P5)[k]);
            hi = fmax(hi, ptable_row(t, q, ST_P95)[k]);
        }
    }
    chart_axes(ch, c->start, 0, H, lo, room_for_marks(c, lo, hi), ylab);
    if (diff) chart_hline(ch, 0, okabe_ito[0], DASH_SOLID, NULL);
    mark_policy(ch, c);
    for (int pass = 0; pass < 2; pass++)
        for (int i = i0; i < c->n; i++) {
            const ptable_t *t = diff ? c->diff[i] : c->lev[i];
            rgb_t col = i == 0 ? okabe_ito[0] : line_colours[(i - 1) % 7];
            if (!pass) { /* no band from too few replications */
                if (c->nrep >= UNC_MIN_REPS) chart_band(ch, ptable_row(t, q, ST_P5), ptable_row(t, q, ST_P95), 0, H + 1, col, i ? 0.2 : 0.12);
                continue;
            }
            dash_t d = i == 0 ? DASH_SOLID : (dash_t)((i - 1) % DASH_N);
            mark_t mk = i == 0 ? MARK_NONE : (mark_t)(1 + (i - 1) % (MARK_N - 1));
            chart_line(ch, ptable_row(t, q, ST_P50), 0, H + 1, col, 3.5, d, mk, 12, 3 * i);
            if (!legend) continue;
            char lab[200];
            snprintf(lab, sizeof lab, "%s%s", c->label[i], i == 0 ? " (base)" : "");
            chart_legend(ch, LEG_LINE, lab, col, d, mk);
        }
}

static void draw_capacity_compare(cairo_t *cr, const void *p)
{
    const cview_t *c = p;
    char title[300], sub[240], mon[32];
    int best = -1, bk = -1;
    for (int i = 0; i < c->n; i++) {
        int k = compare_first_under(ptable_row(c->lev[i], CV_M(MN_CAPACITY), ST_P50), c->lev[i]->nmonth, 110);
        if (k >= 0 && (bk < 0 || k < bk)) { bk = k; best = i; }
    }
    if (best >= 0) {
        chart_month_label(c->start + bk, 0, mon, sizeof mon);
        snprintf(title, sizeof title, "%s brings workload under 110%% of capacity soonest, from %s", c->label[best], mon);
    } else
        snprintf(title, sizeof title, "No option brings workload back under 110%% of capacity within the horizon");
    snprintf(sub, sizeof sub, "Workload as %% of the capacity of case-holding staff (WMT style), each option; %s of %d replications",
             shown(c->nrep), c->nrep);
    chart_t ch;
    ccharts_begin(&ch, cr, c, title, sub);
    /* as the run's capacity chart: from 80% or lower, up to 110% or higher
     * (from zero, bands between 85% and 125% were squashed together) */
    money_lines_chart(&ch, c, CV_M(MN_CAPACITY), 0, 80, 110, "Workload as % of capacity", 1);
    /* the lines are named on the chart too: in greyscale the 110% line's
     * dashes look like an option's */
    chart_hline(&ch, 100, okabe_ito[0], DASH_DOTTED, "100%");
    chart_hline(&ch, 110, okabe_ito[6], DASH_DASHED, "110%");
    if (c->nrep >= UNC_MIN_REPS) chart_legend(&ch, LEG_BAND, "Shaded: 90% interval", okabe_ito[0], DASH_SOLID, MARK_NONE);
    chart_legend(&ch, LEG_LINE, "110%: excessive workload (WMT)", okabe_ito[6], DASH_DASHED, MARK_NONE);
    chart_legend(&ch, LEG_LINE, "100%: at capacity", okabe_ito[0], DASH_DOTTED, MARK_NONE);
}

static void alt_capacity_compare(FILE *f, const void *p)
{
    const cview_t *c = p;
    fprintf(f, "Line chart of probation workload as a percentage of the capacity of case-holding staff under each of %d scenarios "
               "(base %s), with lines at 100%% and at 110%% (the WMT's excessive-workload line); %s of %d replications. ",
            c->n, c->name[0], shown(c->nrep), c->nrep);
    for (int i = 0; i < c->n; i++) {
        const ptable_t *t = c->lev[i];
        int k = compare_first_under(ptable_row(t, CV_M(MN_CAPACITY), ST_P50), t->nmonth, 110);
        char mon[32] = "not within the horizon";
        if (k >= 0) chart_month_label(t->start + k, 0, mon, sizeof mon);
        fprintf(f, "%s: %.0f%% at the start, %.0f%% at the end; under 110%% for good from %s. ", c->name[i],
                ptable_row(t, CV_M(MN_CAPACITY), ST_P50)[0], ptable_row(t, CV_M(MN_CAPACITY), ST_P50)[t->nmonth - 1], mon);
    }
    ccharts_alt_end(f, c);
}

static void draw_staffing_compare(cairo_t *cr, const void *p)
{
    const cview_t *c = p;
    int H = c->horizon;
    char title[300], sub[240], a[32], mon[32];
    /* the staff short (each grade in each region where short) when the
     * tables have it; the lines drawn are national totals, whose distance
     * apart is the net gap, so the title names both */
    int q = isfinite(ptable_row(c->lev[0], CV_M(MN_SHORT), ST_P50)[H]) ? CV_M(MN_SHORT) : CV_M(MN_GAP), worst = 0;
    for (int i = 1; i < c->n; i++)
        if (ptable_row(c->lev[i], q, ST_P50)[H] > ptable_row(c->lev[worst], q, ST_P50)[H]) worst = i;
    double g = ptable_row(c->lev[worst], q, ST_P50)[H];
    about(a, sizeof a, g);
    chart_month_label(c->start + H, 0, mon, sizeof mon);
    if (g > 0 && q == CV_M(MN_SHORT)) {
        char net[32];
        double ng = ptable_row(c->lev[worst], CV_M(MN_GAP), ST_P50)[H];
        about(net, sizeof net, ng); /* unsigned: the words say which way */
        snprintf(title, sizeof title, "%s leaves the most staff short: about %s FTE in %s (net %s %s)", c->label[worst], a, mon,
                 ng < 0 ? "surplus" : "gap", net);
    } else if (g > 0) snprintf(title, sizeof title, "%s leaves the largest staff gap: about %s FTE short in %s", c->label[worst], a, mon);
    else snprintf(title, sizeof title, "Every option has the staff it needs by %s", mon);
    snprintf(sub, sizeof sub, "Case-holding FTE needed (solid) and available (dashed, with trainees' share), each scenario; median of %d replications",
             c->nrep);
    chart_t ch;
    ccharts_begin(&ch, cr, c, title, sub);
    double hi = 0;
    for (int i = 0; i < c->n; i++)
        for (int k = 0; k <= H; k++)
            hi = fmax(hi, fmax(ptable_row(c->lev[i], CV_M(MN_NEEDED), ST_P50)[k], ptable_row(c->lev[i], CV_M(MN_AVAILABLE), ST_P50)[k]));
    chart_axes(&ch, c->start, 0, H, 0, room_for_marks(c, 0, hi * 1.05), "Full-time equivalent staff (FTE)");
    mark_policy(&ch, c);
    for (int i = 0; i < c->n; i++) {
        rgb_t col = i == 0 ? okabe_ito[0] : line_colours[(i - 1) % 7];
        mark_t mk = i == 0 ? MARK_NONE : (mark_t)(1 + (i - 1) % (MARK_N - 1));
        chart_line(&ch, ptable_row(c->lev[i], CV_M(MN_NEEDED), ST_P50), 0, H + 1, col, 3.5, DASH_SOLID, mk, 12, 3 * i);
        chart_line(&ch, ptable_row(c->lev[i], CV_M(MN_AVAILABLE), ST_P50), 0, H + 1, col, 3, DASH_DASHED, mk, 12, 3 * i + 6);
        char lab[200];
        snprintf(lab, sizeof lab, "%s%s", c->label[i], i == 0 ? " (base)" : "");
        chart_legend(&ch, LEG_LINE, lab, col, DASH_SOLID, mk);
    }
    chart_legend(&ch, LEG_LINE, "Solid: needed; dashed: available", okabe_ito[0], DASH_DASHED, MARK_NONE);
}

static void alt_staffing_compare(FILE *f, const void *p)
{
    const cview_t *c = p;
    int H = c->horizon;
    fprintf(f, "Line chart of case-holding staff needed for the projected workload (solid lines) and staff available (dashed), "
               "in full-time equivalents, under each of %d scenarios; median of %d replications. ", c->n, c->nrep);
    for (int i = 0; i < c->n; i++) {
        char a[32], b[32], g[32], sh[32];
        chart_format(a, sizeof a, ptable_row(c->lev[i], CV_M(MN_NEEDED), ST_P50)[H], 0);
        chart_format(b, sizeof b, ptable_row(c->lev[i], CV_M(MN_AVAILABLE), ST_P50)[H], 0);
        chart_format(g, sizeof g, ptable_row(c->lev[i], CV_M(MN_GAP), ST_P50)[H], 0);
        double s5 = ptable_row(c->lev[i], CV_M(MN_SHORT), ST_P50)[H];
        fprintf(f, "%s: at the horizon %s needed, %s available, net gap %s FTE", c->name[i], a, b, g);
        if (isfinite(s5)) {
            chart_format(sh, sizeof sh, s5, 0);
            fprintf(f, ", staff short (each grade in each region where short) %s FTE", sh);
        }
        fprintf(f, ". ");
    }
    ccharts_alt_end(f, c);
}

/* The change each option makes to the gap, in FTE (q = MN_GAP) or in GBP a
 * year (q = MN_COST_GAP), with its band. */
static void draw_gap_difference(cairo_t *cr, const cview_t *c, int q)
{
    int money = q == CV_M(MN_COST_GAP);
    char title[300], sub[300], a[32], mon[32];
    int big = 1;
    for (int i = 2; i < c->n; i++)
        if (fabs(ptable_row(c->diff[i], q, ST_P50)[cview_finding_row(c, i)]) > fabs(ptable_row(c->diff[big], q, ST_P50)[cview_finding_row(c, big)])) big = i;
    int k = cview_finding_row(c, big);
    double v = ptable_row(c->diff[big], q, ST_P50)[k];
    about(a, sizeof a, money ? v / 1e6 : v);
    chart_month_label(c->start + k, 0, mon, sizeof mon);
    if (money)
        snprintf(title, sizeof title, "%s %s the yearly cost of the staff gap by about GBP %sm by %s", c->label[big],
                 v >= 0 ? "raises" : "cuts", a, mon);
    else
        snprintf(title, sizeof title, "%s %s the staff gap by about %s FTE by %s", c->label[big], v >= 0 ? "widens" : "narrows", a, mon);
    snprintf(sub, sizeof sub, "%s, option minus base, paired; %s of %d replications",
             money ? "Change in the yearly cost of the staff gap (staff in post, with on-costs), GBP million"
                   : "Change in the gap, case-holding FTE needed minus available",
             shown(c->nrep), c->nrep);
    chart_t ch;
    ccharts_begin(&ch, cr, c, title, sub);
    if (!money) {
        money_lines_chart(&ch, c, q, 1, 0, 0, "Change in the gap (FTE)", 1);
    } else {
        /* in GBP million: scaled copies of the three rows */
        int H = c->horizon;
        ptable_t **t = calloc((size_t)c->n, sizeof *t);
        cview_t cc = *c;
        int ok = t != NULL;
        for (int i = 1; ok && i < c->n; i++) {
            if (!(t[i] = ptable_create(c->diff[i]->start, c->diff[i]->nmonth, CV_N))) { ok = 0; break; }
            for (int st = 0; st < ST_N; st++)
                for (int j = 0; j <= H; j++) ptable_row(t[i], q, st)[j] = ptable_row(c->diff[i], q, st)[j] / 1e6;
        }
        if (ok) {
            cc.diff = t;
            money_lines_chart(&ch, &cc, q, 1, 0, 0, "Change in cost, GBP million a year", 1);
        }
        for (int i = 1; t && i < c->n; i++) ptable_free(t[i]);
        free(t);
    }
    if (c->nrep >= UNC_MIN_REPS) chart_legend(&ch, LEG_BAND, "Shaded: 90% interval of the paired difference", okabe_ito[0], DASH_SOLID, MARK_NONE);
    chart_legend(&ch, LEG_LINE, money ? "Above 0: the gap costs more" : "Above 0: more staff short", okabe_ito[0], DASH_SOLID, MARK_NONE);
}

static void draw_fte_difference(cairo_t *cr, const void *p) { draw_gap_difference(cr, p, CV_M(MN_GAP)); }
static void draw_cost_difference(cairo_t *cr, const void *p) { draw_gap_difference(cr, p, CV_M(MN_COST_GAP)); }

static void alt_gap_difference(FILE *f, const cview_t *c, int q)
{
    int money = q == CV_M(MN_COST_GAP);
    fprintf(f, "Line chart of the change each option makes to %s, option minus base %s, paired replication by replication "
               "(%d replications)%s. ", money ? "the yearly cost of the staff gap (GBP million, staff in post, with on-costs)"
                                                            : "the staff gap (case-holding FTE needed minus available)",
            c->name[0], c->nrep, with_intervals(c->nrep));
    for (int i = 1; i < c->n; i++) {
        int k = cview_finding_row(c, i);
        double d = money ? 1e6 : 1;
        char a[32], b[32], e[32], mon[32], iv[96];
        chart_format(a, sizeof a, ptable_row(c->diff[i], q, ST_P50)[k] / d, money);
        chart_format(b, sizeof b, ptable_row(c->diff[i], q, ST_P5)[k] / d, money);
        chart_format(e, sizeof e, ptable_row(c->diff[i], q, ST_P95)[k] / d, money);
        chart_month_label(c->start + k, 0, mon, sizeof mon);
        interval_words(iv, sizeof iv, b, e, c->nrep);
        fprintf(f, "%s: %s by %s%s. ", c->name[i], a, mon, iv);
    }
    ccharts_alt_end(f, c);
}

static void alt_fte_difference(FILE *f, const void *p) { alt_gap_difference(f, p, CV_M(MN_GAP)); }
static void alt_cost_difference(FILE *f, const void *p) { alt_gap_difference(f, p, CV_M(MN_COST_GAP)); }

int plots_render_compare(const cview_t *c, const char *dir, int formats, errlist_t *e)
{
    const char *m = c->made;
    if (c->n > 1 && plots_render_custom("difference", draw_difference, alt_difference, c, m, dir, formats, e)) return -1;
    if (plots_render_custom("caseload_compare", draw_levels, alt_levels, c, m, dir, formats, e)) return -1;
    if (rcompare_has(c) && plots_render_custom("regions_change", rcompare_draw, rcompare_alt, c, m, dir, formats, e)) return -1;
    if (!c->money) return 0;
    if (plots_render_custom("capacity_compare", draw_capacity_compare, alt_capacity_compare, c, m, dir, formats, e) ||
        plots_render_custom("staffing_compare", draw_staffing_compare, alt_staffing_compare, c, m, dir, formats, e))
        return -1;
    if (c->n > 1 &&
        (plots_render_custom("gap_difference", draw_fte_difference, alt_fte_difference, c, m, dir, formats, e) ||
         plots_render_custom("gap_cost_difference", draw_cost_difference, alt_cost_difference, c, m, dir, formats, e)))
        return -1;
    return 0;
}
