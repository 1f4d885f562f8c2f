/* charts.c: the charts of a run (caseload, by type, flows) and alt text. */
#include "plots.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart.h"
#include "regions_charts.h"
#include "results.h"
#include "uncertain.h"

static const rgb_t BLUE = { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 };

int plots_parse_formats(const char *s)
{
    int f = 0;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (!strcmp(tok, "png")) f |= PLOT_PNG;
        else if (!strcmp(tok, "svg")) f |= PLOT_SVG;
        else if (!strcmp(tok, "pdf")) f |= PLOT_PDF;
        else return -1;
    }
    return f ? f : -1;
}

void plots_footer(char *buf, size_t n, const pmeta_t *m)
{
    snprintf(buf, n, "Source: caseflow %s, scenario %s, %ld replications, seed %llu, made %s",
             CASEFLOW_VERSION, m->scenario, m->replications, m->seed, m->made);
}

void plots_band_words(char *buf, size_t n, const pmeta_t *m) { plots_band_sentence(buf, n, m->replications, m->assumptions); }

void plots_band_sentence(char *buf, size_t n, long reps, int assumptions)
{
    char what[140];
    buf[0] = 0;
    if (reps < UNC_MIN_REPS)
        snprintf(buf, n, "Too few replications (%ld, under %d) to estimate an interval", reps, UNC_MIN_REPS);
    else if (assumptions >= 0) {
        unc_band_words(what, sizeof what, assumptions);
        snprintf(buf, n, "Intervals cover %s", what);
    }
}

void plots_pretty(const char *series, char *buf, size_t n)
{
    static const char *const map[][2] = {
        { "community_order", "Community orders" },
        { "suspended_sentence_order", "Suspended sentence orders" },
        { "pre_release", "Pre-release (in custody)" },
        { "licence", "Licence" },
        { "post_sentence_supervision", "Post-sentence supervision" },
        { "custody_up_to_6m", "Custody up to 6 months" },
        { "custody_6_to_12m", "Custody 6 to 12 months" },
        { "custody_12m_to_4y", "Custody 12 months to 4 years" },
        { "custody_over_4y", "Custody over 4 years" },
        { "recalls", "Recalls to custody" },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(series, map[i][0])) { snprintf(buf, n, "%s", map[i][1]); return; }
    snprintf(buf, n, "%s", series);
    chart_utf8_trim(buf);
    for (char *p = buf; *p; p++)
        if (*p == '_' || *p == '.') *p = ' ';
    if (buf[0] >= 'a' && buf[0] <= 'z') buf[0] = (char)(buf[0] - 'a' + 'A');
}

static void month_words(int month, char *buf, size_t n) { chart_month_label(month, 0, buf, n); }

/* A re-read series.csv may be damaged or hand-edited: any series may be
 * missing, and any month of a series may have no row (NAN).  So every chart
 * looks its series up, draws the ones it finds, and says in its alt text
 * only what it drew; values in sentences come from the first and last
 * months that have one. */

/* First and last k in [k0, n) where v[k] is finite; 0 if there is none. */
static int span_of(const double *v, int k0, int n, int *first, int *last)
{
    *first = *last = -1;
    for (int k = k0; k < n; k++)
        if (isfinite(v[k])) {
            if (*first < 0) *first = k;
            *last = k;
        }
    return *first >= 0;
}

/* s in the table, or -1 (NULL-safe for "no such series") */
static const double *row_or_null(const ptable_t *t, int s, int stat) { return s >= 0 ? ptable_row(t, s, stat) : NULL; }

/* y range over rows [k0, k1] of the given stats of series s */
static void range_of(const ptable_t *t, int s, int lo_stat, int hi_stat, int k0, int k1, double *lo, double *hi)
{
    const double *a = ptable_row(t, s, lo_stat), *b = ptable_row(t, s, hi_stat);
    for (int k = k0; k <= k1; k++) {
        if (!isnan(a[k]) && a[k] < *lo) *lo = a[k];
        if (!isnan(b[k]) && b[k] > *hi) *hi = b[k];
    }
}

/* A lever from the 1st of month M takes effect after the end of M-1. */
static double lever_x(const ptable_t *t, int month) { return month - 1 - t->start; }

/* A lever's label as drawn: its words and, unless they name it, its month. */
static void lever_text(int month, const char *label, char *lab, size_t n)
{
    char mon[32];
    month_words(month, mon, sizeof mon);
    snprintf(lab, n, "%s", label && label[0] ? label : "Policy starts");
    if (!strstr(lab, mon)) {
        size_t l = strlen(lab);
        snprintf(lab + l, n - l, ", %s", mon);
    }
}

static void vlabel_one(chart_t *c, const ptable_t *t, int month, const char *label, int *row)
{
    char lab[160];
    lever_text(month, label, lab, sizeof lab);
    *row += chart_vlabel(c, lever_x(t, month), lab, *row);
}

/* The dates a run chart marks: every lever, or the one policy start. */
static int nmarks(const pmeta_t *m) { return m->nlever ? m->nlever : m->policy_month >= 0; }
static int mark_month(const pmeta_t *m, int i) { return m->nlever ? m->lever_month[i] : m->policy_month; }
static void mark_text(const pmeta_t *m, int i, char *lab, size_t n)
{
    lever_text(mark_month(m, i), m->nlever ? m->lever_label[i] : m->policy_label, lab, n);
}

/* Marks whose labels, wrapped as chart_vlabel wraps them, would take more
 * than KEY_ROWS text rows above the data are numbered instead: a numbered
 * badge on each line and a key under the chart ("Marked: 1 Recall rules
 * change, Sep 2025; 2 ..."), so that the labels do not stretch the axis
 * (the current-law baseline's four dates took 8 rows, and its axis ran to
 * 500,000 for data under 260,000).  The badges sit in the strip above the
 * plot, side by side where lines are close. */
#define KEY_ROWS 3
#define KEY_LINES 5 /* the key's lines under the chart, at most (12 marks fit) */
static int keyed(cairo_t *cr, const pmeta_t *m)
{
    chart_font(cr, 20, 0);
    int rows = 0;
    for (int i = 0; i < nmarks(m); i++) {
        char lab[160], lines[CHART_VLABEL_LINES][CHART_WRAP_LEN];
        mark_text(m, i, lab, sizeof lab);
        rows += chart_wrap(cr, lab, CHART_VLABEL_WIDTH, CHART_VLABEL_LINES, lines);
    }
    return rows > KEY_ROWS;
}

/* The key with only each mark's month, for a key too long to print whole. */
static void mark_key_months(char *buf, size_t n, const pmeta_t *m)
{
    size_t l = (size_t)snprintf(buf, n, "Marked (the alt text names each):");
    for (int i = 0; i < nmarks(m) && l < n; i++) {
        char mon[32];
        month_words(mark_month(m, i), mon, sizeof mon);
        l += (size_t)snprintf(buf + l, n - l, "%s %d\u00a0%s", i ? ";" : "", i + 1, mon);
    }
}

void plots_mark_key(char *buf, size_t n, const pmeta_t *m)
{
    size_t l = (size_t)snprintf(buf, n, "Marked:");
    for (int i = 0; i < nmarks(m) && l < n; i++) {
        char lab[160];
        mark_text(m, i, lab, sizeof lab);
        /* a no-break space keeps each number with its label */
        l += (size_t)snprintf(buf + l, n - l, "%s %d\u00a0%s", i ? ";" : "", i + 1, lab);
    }
    chart_utf8_trim(buf);
}

/* Room above the data for the levers' labels, stacked one under another
 * from the top of the plot: the rows they take once wrapped (as
 * chart_vlabel wraps and stacks them), so that no label's box
 * covers the data (up to labels filling 90% of the plot's height).  At
 * least the old allowance of 12% of the range and 7% a label. */
double plots_headroom(chart_t *c, const pmeta_t *m, double lo, double hi)
{
    int n = nmarks(m);
    if (!n) return hi;
    int rows = 0; /* keyed: the badges sit above the plot */
    if (!keyed(c->cr, m))
        for (int i = 0; i < n; i++) {
            char lab[160], lines[CHART_VLABEL_LINES][CHART_WRAP_LEN];
            mark_text(m, i, lab, sizeof lab);
            rows += chart_wrap(c->cr, lab, CHART_VLABEL_WIDTH, CHART_VLABEL_LINES, lines);
        }
    /* the labels take a share p of the plot's height from the top; the
     * axis starts at lo floored to a tick, so take the room from there */
    double p = fmin(0.9, ((double)CHART_VLABEL_ROW * rows + 16) / (c->y1 - c->y0));
    double least = keyed(c->cr, m) ? 0.12 : 0.12 + 0.07 * (n - 1);
    double need = fmax(lo + (hi - lo) / (1 - p), hi + least * (hi - lo));
    double tmin, tmax, step;
    chart_nice_ticks(lo, need, 6, &tmin, &tmax, &step);
    if (tmin < lo) need = fmax(need, tmin + (hi - tmin) / (1 - p));
    return need;
}

/* Numbered badges above the lines (keyed), in date order: each over its
 * line, or pushed right of the one before where they would touch, then
 * pulled back left where that runs past the plot's right edge. */
static void vbadges(chart_t *c, const ptable_t *t, const pmeta_t *m)
{
    int n = nmarks(m) < PMETA_LEVERS ? nmarks(m) : PMETA_LEVERS;
    double cx[PMETA_LEVERS], w[PMETA_LEVERS], right = -INFINITY, left = c->x1;
    char num[PMETA_LEVERS][12];
    for (int i = 0; i < n; i++) {
        snprintf(num[i], sizeof num[i], "%d", i + 1);
        w[i] = chart_vbadge_width(c, num[i]);
        cx[i] = fmax(chart_x(c, lever_x(t, mark_month(m, i))), right + 4 + w[i] / 2);
        right = cx[i] + w[i] / 2;
    }
    for (int i = n - 1; i >= 0; i--) {
        if (cx[i] + w[i] / 2 > left) cx[i] = left - w[i] / 2;
        left = cx[i] - w[i] / 2 - 4;
    }
    for (int i = 0; i < n; i++) chart_vbadge(c, lever_x(t, mark_month(m, i)), num[i], cx[i]);
}

/* Every lever within the horizon is marked: its label on a row of its own,
 * or (keyed) a numbered badge, the key under the chart. */
static void vline_policy(chart_t *c, const ptable_t *t, const pmeta_t *m)
{
    int row = 0, n = nmarks(m);
    /* every line first, then every label, so no line crosses a label */
    for (int i = 0; i < n; i++) chart_vline_row(c, lever_x(t, mark_month(m, i)), NULL, 0);
    if (keyed(c->cr, m)) { vbadges(c, t, m); return; }
    for (int i = 0; i < m->nlever; i++) vlabel_one(c, t, m->lever_month[i], m->lever_label[i], &row);
    if (!m->nlever && m->policy_month >= 0) vlabel_one(c, t, m->policy_month, m->policy_label, &row);
}

/* chart_begin with the run's footer, the key of numbered marks first when
 * `marks` (a chart drawing vline_policy) and they are keyed. */
static void begin_run(chart_t *c, cairo_t *cr, const pmeta_t *m, const char *title, const char *sub, const char *footer2,
                      int marks)
{
    char foot[256], band[200], key[PMETA_LEVERS * 170 + 16], lines[KEY_LINES][CHART_WRAP_LEN];
    plots_footer(foot, sizeof foot, m);
    plots_band_words(band, sizeof band, m);
    const char *footer[KEY_LINES + 4];
    int nf = 0;
    if (marks && keyed(cr, m)) {
        plots_mark_key(key, sizeof key, m);
        chart_font(cr, 20, 0); /* the footer's font, as chart_begin draws it */
        char more[KEY_LINES + 1][CHART_WRAP_LEN];
        if (chart_wrap(cr, key, CHART_W - 80, KEY_LINES + 1, more) > KEY_LINES) mark_key_months(key, sizeof key, m);
        int nk = chart_wrap(cr, key, CHART_W - 80, KEY_LINES, lines);
        for (int i = 0; i < nk; i++) footer[nf++] = lines[i];
    }
    footer[nf++] = foot;
    if (band[0]) footer[nf++] = band;
    if (footer2) footer[nf++] = footer2;
    footer[nf] = NULL;
    chart_begin(c, cr, title, sub, footer);
}

void plots_begin_run(chart_t *c, cairo_t *cr, const pmeta_t *m, const char *title, const char *sub, const char *footer2)
{
    begin_run(c, cr, m, title, sub, footer2, 0);
}

/* A run chart's subtitle: "SCENARIO: what" (what's first letter made
 * small) when that fits the width at the smallest subtitle size, else
 * `what` alone, whole: the footer names the scenario too, and a long name
 * in front cut off what the chart measures. */
void plots_sub_named(cairo_t *cr, char *buf, size_t n, const pmeta_t *m, const char *what)
{
    snprintf(buf, n, "%s", what);
    if (!m->scenario || !what[0]) return;
    snprintf(buf, n, "%s: %c%s", m->scenario, tolower((unsigned char)what[0]), what + 1);
    chart_font(cr, 20, 0); /* chart_begin's smallest subtitle size */
    if (chart_text_width(cr, buf) > CHART_W - 80) snprintf(buf, n, "%s", what);
}

/* ---- titles that state the finding ------------------------------------------- */

/* v rounded to three significant figures, with thousands separators. */
static void about(char *buf, size_t n, double v)
{
    double a = fabs(v), p = a >= 1000 ? pow(10, floor(log10(a)) - 2) : 1;
    fmt_num(buf, n, round(v / p) * p, 0);
}

/* The title of the caseload chart, stating what the median does:
 * "Probation caseload falls to about 237,000 by Jun 2035" from its start
 * and end ("stays near" within 1%); and when the path turns on the way, by
 * more than 2% of the start beyond both ends, the turn first: "falls to
 * about 225,000 by Jun 2026, then rises to about 242,000 by Jun 2035"
 * ("is back near" when the end is within 1% of the start).  The larger of
 * a dip and a peak is told.  The scenario's name is in the subtitle. */
void plots_caseload_title(char *buf, size_t n, const double *p50, int nmonth, int start)
{
    double a = p50[0], b = p50[nmonth - 1], near = 0.01 * fabs(a), turn = 0.02 * fabs(a);
    int klo = 0, khi = 0;
    for (int k = 1; k < nmonth; k++) {
        if (isnan(p50[k])) continue;
        if (p50[k] < p50[klo] || isnan(p50[klo])) klo = k;
        if (p50[k] > p50[khi] || isnan(p50[khi])) khi = k;
    }
    double dip = fmin(a, b) - p50[klo], peak = p50[khi] - fmax(a, b);
    int kt = dip >= peak ? klo : khi;
    char num[32], mon[32];
    about(num, sizeof num, b);
    month_words(start + nmonth - 1, mon, sizeof mon);
    if (fmax(dip, peak) > turn && kt > 0 && kt < nmonth - 1) {
        char tnum[32], tmon[32];
        about(tnum, sizeof tnum, p50[kt]);
        month_words(start + kt, tmon, sizeof tmon);
        const char *then = fabs(b - a) <= near ? "is back near" : b > p50[kt] ? "rises to about" : "falls to about";
        snprintf(buf, n, "Probation caseload %s %s by %s, then %s %s by %s", kt == klo ? "falls to about" : "rises to about",
                 tnum, tmon, then, num, mon);
        return;
    }
    const char *verb = fabs(b - a) <= near ? "stays near" : b > a ? "rises to about" : "falls to about";
    snprintf(buf, n, "Probation caseload %s %s by %s", verb, num, mon);
}

/* Capacity: the first month from which the median stays under 110%, or
 * that it stays over (or under) it throughout.  The scenario's name is in
 * the subtitle (in the title it doubled brackets: "... (Current law
 * (Sentencing Act 2026))"). */
static void capacity_title(char *buf, size_t n, const ptable_t *t, int s)
{
    const double *p50 = ptable_row(t, s, ST_P50);
    int H = t->nmonth - 1, from = -1;
    for (int k = H; k >= 0 && !isnan(p50[k]) && p50[k] < 110; k--) from = k;
    char mon[32];
    if (from == 0) snprintf(buf, n, "Workload stays under 110%% of capacity throughout");
    else if (from < 0) snprintf(buf, n, "Workload stays over 110%% of capacity to the horizon");
    else {
        month_words(t->start + from, mon, sizeof mon);
        snprintf(buf, n, "Workload stays over 110%% of capacity until %s", mon);
    }
}

/* Staffing: the gap at the horizon (the scenario in the subtitle). */
static void staffing_title(char *buf, size_t n, const ptable_t *t)
{
    /* probation officers' gap: the total nets their shortage against other
     * grades' spare capacity, which cannot hold their cases */
    int s = ptable_find(t, "staff.gap_fte.probation_officer");
    const char *grade = "Probation officers";
    if (s < 0) { s = ptable_find(t, "staff.gap_fte.total"); grade = "Case-holding staff"; }
    char num[32], mon[32];
    month_words(t->start + t->nmonth - 1, mon, sizeof mon);
    if (s < 0) { snprintf(buf, n, "Staff needed and staff available"); return; }
    double g = ptable_row(t, s, ST_P50)[t->nmonth - 1];
    /* short where short (each region's shortfall, no region's spare
     * offsetting it), as the summary counts them, when the table has it */
    int sh = ptable_find(t, grade[0] == 'P' ? "staff.short_fte.probation_officer" : "staff.short_fte.total");
    if (sh >= 0 && ptable_row(t, sh, ST_P50)[t->nmonth - 1] >= 0.5) g = ptable_row(t, sh, ST_P50)[t->nmonth - 1];
    about(num, sizeof num, fabs(g));
    if (g > 0) snprintf(buf, n, "%s: about %s FTE short of those needed in %s", grade, num, mon);
    else snprintf(buf, n, "%s: about %s FTE more than needed in %s", grade, num, mon);
}

/* ---- caseload ----------------------------------------------------------------- */

static rgb_t over_white(rgb_t c, double a)
{
    return (rgb_t){ 1 - a + a * c.r, 1 - a + a * c.g, 1 - a + a * c.b };
}

static void draw_caseload(cairo_t *cr, const ptable_t *t, const pmeta_t *m)
{
    int s = ptable_find(t, "caseload.total");
    if (s < 0) return;
    char obs[256];
    snprintf(obs, sizeof obs, "Observed: %s", m->hist_source ? m->hist_source : "");
    chart_t c;
    char title[256], sub[320];
    plots_caseload_title(title, sizeof title, ptable_row(t, s, ST_P50), t->nmonth, t->start);
    plots_sub_named(cr, sub, sizeof sub, m, "People under probation supervision in England and Wales at each month end, each person counted once");
    begin_run(&c, cr, m, title, sub, m->nhist ? obs : NULL, 1);
    int H = t->nmonth - 1;
    double lo = INFINITY, hi = -INFINITY, kmin = 0;
    range_of(t, s, ST_P5, ST_P95, 0, H, &lo, &hi);
    for (int i = 0; i < m->nhist; i++) {
        double k = m->hist[i].month - t->start;
        if (k < kmin) kmin = k;
        if (m->hist[i].value < lo) lo = m->hist[i].value;
        if (m->hist[i].value > hi) hi = m->hist[i].value;
    }
    lo = 0; /* a level chart starts at zero */
    chart_axes(&c, t->start, kmin, H, lo, plots_headroom(&c, m, lo, hi), "People under supervision (axis from zero)");
    /* a fan: the 90% band pale, the 50% band darker (two shades of one
     * colour, distinct in greyscale); no band from too few replications */
    int bands = m->replications >= UNC_MIN_REPS, fan = bands && m->nfan == t->nmonth;
    if (bands) chart_band(&c, ptable_row(t, s, ST_P5), ptable_row(t, s, ST_P95), 0, t->nmonth, BLUE, fan ? 0.18 : 0.25);
    if (fan) chart_band(&c, m->fan25, m->fan75, 0, t->nmonth, BLUE, 0.40);
    chart_line(&c, ptable_row(t, s, ST_P50), 0, t->nmonth, BLUE, 4, DASH_SOLID, MARK_NONE, 0, 0);
    for (int i = 0; i < m->nhist; i++)
        chart_marker(&c, chart_x(&c, m->hist[i].month - t->start), chart_y(&c, m->hist[i].value), MARK_DIAMOND, okabe_ito[0], 9);
    vline_policy(&c, t, m);
    char lab[160];
    snprintf(lab, sizeof lab, "Projected median of %ld replications", m->replications);
    chart_legend(&c, LEG_LINE, lab, BLUE, DASH_SOLID, MARK_NONE);
    if (fan) { /* legend swatches: the bands' colours as they look over white */
        double a50 = 1 - (1 - 0.18) * (1 - 0.40);
        chart_legend(&c, LEG_FILL, "50% interval (25th to 75th percentile)", over_white(BLUE, a50), DASH_SOLID, MARK_NONE);
        chart_legend(&c, LEG_FILL, "90% interval (5th to 95th percentile)", over_white(BLUE, 0.18), DASH_SOLID, MARK_NONE);
    } else if (bands)
        chart_legend(&c, LEG_BAND, "90% interval (5th to 95th percentile)", BLUE, DASH_SOLID, MARK_NONE);
    else
        chart_legend(&c, LEG_LINE, "No interval: too few replications", okabe_ito[0], DASH_SOLID, MARK_NONE);
    if (m->nhist) chart_legend(&c, LEG_POINT, "Observed (published figures)", okabe_ito[0], DASH_SOLID, MARK_DIAMOND);
}

/* The largest change of the median over any 12 consecutive months. */
static void largest_12m(const double *v, int n, int *at, double *change)
{
    *at = -1;
    *change = 0;
    for (int k = 12; k < n; k++) {
        if (isnan(v[k]) || isnan(v[k - 12])) continue;
        double d = v[k] - v[k - 12];
        if (*at < 0 || fabs(d) > fabs(*change)) { *at = k; *change = d; }
    }
}

/* The marked dates, for the alt text: " Dashed vertical lines mark 2
 * dates: 1 Recall rules change, Sep 2025; 2 ..." (numbered as the badges
 * are when the chart numbers them), or the one date. */
static void alt_marks(FILE *f, const pmeta_t *m)
{
    char key[PMETA_LEVERS * 170 + 16], lab[160];
    if (nmarks(m) > 1) {
        plots_mark_key(key, sizeof key, m);
        fprintf(f, " Dashed vertical lines mark %d dates:%s.", nmarks(m), key + strlen("Marked:"));
    } else if (nmarks(m) == 1) {
        mark_text(m, 0, lab, sizeof lab);
        fprintf(f, " A dashed vertical line marks %s.", lab);
    }
}

static void alt_caseload(FILE *f, const ptable_t *t, const pmeta_t *m)
{
    int s = ptable_find(t, "caseload.total");
    if (s < 0) return;
    const double *p5 = ptable_row(t, s, ST_P5), *p50 = ptable_row(t, s, ST_P50), *p95 = ptable_row(t, s, ST_P95);
    int k0, k1;
    char a[32], b[32], c[32], m0[16], m1[16];
    month_words(t->start, m0, sizeof m0);
    month_words(t->start + t->nmonth - 1, m1, sizeof m1);
    fprintf(f, "Line chart of the projected probation caseload in England and Wales: people under probation "
               "supervision at each month end, each person counted once, from %s to %s, scenario %s. ", m0, m1, m->scenario);
    if (span_of(p50, 0, t->nmonth, &k0, &k1)) {
        month_words(t->start + k0, m0, sizeof m0);
        month_words(t->start + k1, m1, sizeof m1);
        chart_format(a, sizeof a, p50[k0], 0);
        chart_format(b, sizeof b, p5[k0], 0);
        chart_format(c, sizeof c, p95[k0], 0);
        int bands = m->replications >= UNC_MIN_REPS;
        fprintf(f, "The projection starts at %s at the end of %s", a, m0);
        if (bands && isfinite(p5[k0]) && isfinite(p95[k0])) fprintf(f, " (90%% interval %s to %s)", b, c);
        fprintf(f, ". ");
        chart_format(a, sizeof a, p50[k1], 0);
        chart_format(b, sizeof b, p5[k1], 0);
        chart_format(c, sizeof c, p95[k1], 0);
        fprintf(f, "By the end of %s the median of %ld replications is %s", m1, m->replications, a);
        if (bands && isfinite(p5[k1]) && isfinite(p95[k1])) {
            fprintf(f, " (90%% interval %s to %s", b, c);
            if (m->nfan == t->nmonth) {
                chart_format(b, sizeof b, m->fan25[k1], 0);
                chart_format(c, sizeof c, m->fan75[k1], 0);
                fprintf(f, "; 50%% interval %s to %s", b, c);
            }
            fprintf(f, ")");
        }
        chart_format(a, sizeof a, p50[k1] - p50[k0], 0);
        fprintf(f, ", a change of %s%s", p50[k1] >= p50[k0] ? "+" : "", a);
        if (p50[k0] != 0) fprintf(f, " (%+.1f%%)", 100 * (p50[k1] - p50[k0]) / p50[k0]);
        fprintf(f, ". ");
    }
    int at;
    double d;
    largest_12m(p50, t->nmonth, &at, &d);
    if (at >= 0) {
        month_words(t->start + at - 12, m0, sizeof m0);
        month_words(t->start + at, m1, sizeof m1);
        chart_format(a, sizeof a, d, 0);
        fprintf(f, "The largest change over twelve months is %s%s, from %s to %s. ", d >= 0 ? "+" : "", a, m0, m1);
    }
    char band[200];
    plots_band_words(band, sizeof band, m);
    if (band[0]) fprintf(f, "%s. ", band);
    if (m->nhist) {
        fprintf(f, "Observed figures (%s) are shown as points:", m->hist_source ? m->hist_source : "published");
        for (int i = 0; i < m->nhist; i++) {
            month_words(m->hist[i].month, m0, sizeof m0);
            chart_format(a, sizeof a, m->hist[i].value, 0);
            fprintf(f, "%s %s in %s", i ? "," : "", a, m0);
        }
        fprintf(f, ".");
    }
    alt_marks(f, m);
    fprintf(f, "\n");
}

/* ---- caseload by type ------------------------------------------------------------ */

static const char *const type_series[] = {
    "caseload.community_order", "caseload.suspended_sentence_order", "caseload.pre_release",
    "caseload.licence", "caseload.post_sentence_supervision"
};
/* Okabe-Ito colours whose greys differ (luma 87, 213, 119, 158, 0: blue,
 * yellow, vermillion, sky, black), so the legend reads in greyscale too
 * (sky and orange, the SSOs' and the licences', were one grey) */
static const int type_colour[] = { 5, 4, 6, 2, 0 };

static void draw_by_type(cairo_t *cr, const ptable_t *t, const pmeta_t *m)
{
    char sub[200];
    snprintf(sub, sizeof sub, "People at each month end by type, stacked (a person with two types is in both, so the stack tops the total); median of %ld replications",
             m->replications);
    chart_t c;
    begin_run(&c, cr, m, "Probation caseload by type of supervision, England and Wales", sub, NULL, 1);
    int n = t->nmonth;
    double *base = calloc((size_t)n, sizeof *base), *top = calloc((size_t)n, sizeof *top);
    if (!base || !top) { free(base); free(top); return; }
    double hi = 0;
    for (int i = 0; i < 5; i++) {
        int s = ptable_find(t, type_series[i]);
        if (s < 0) continue;
        const double *v = ptable_row(t, s, ST_P50);
        for (int k = 0; k < n; k++) top[k] += v[k]; /* a month one layer lacks is a gap in the stack */
    }
    for (int k = 0; k < n; k++) if (top[k] > hi) hi = top[k];
    chart_axes(&c, t->start, 0, n - 1, 0, plots_headroom(&c, m, 0, hi), "People under supervision");
    memset(top, 0, (size_t)n * sizeof *top);
    for (int i = 0; i < 5; i++) {
        int s = ptable_find(t, type_series[i]);
        if (s < 0) continue;
        const double *v = ptable_row(t, s, ST_P50);
        for (int k = 0; k < n; k++) { base[k] = top[k]; top[k] += v[k]; }
        chart_area(&c, base, top, 0, n, okabe_ito[type_colour[i]]);
        /* direct labels, so layers of one grey in print are still named */
        int k = n - 1 - n / 8;
        if (k < 0 || !isfinite(base[k]) || !isfinite(top[k])) continue;
        double ya = chart_y(&c, base[k]), yb = chart_y(&c, top[k]);
        if (ya - yb < 24) continue;
        char lab[96];
        plots_pretty(type_series[i] + strlen("caseload."), lab, sizeof lab);
        chart_font(cr, 20, 1);
        double w = chart_text_width(cr, lab), x = chart_x(&c, k) - w;
        cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
        cairo_rectangle(cr, x - 5, (ya + yb) / 2 - 17, w + 10, 26);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        chart_text(cr, x, (ya + yb) / 2 + 3, lab, 0);
    }
    vline_policy(&c, t, m);
    /* legend top to bottom in the order of the stack, top layer first */
    for (int i = 4; i >= 0; i--) {
        if (ptable_find(t, type_series[i]) < 0) continue;
        char lab[96];
        plots_pretty(type_series[i] + strlen("caseload."), lab, sizeof lab);
        chart_legend(&c, LEG_FILL, lab, okabe_ito[type_colour[i]], DASH_SOLID, MARK_NONE);
    }
    free(base);
    free(top);
}

static void alt_by_type(FILE *f, const ptable_t *t, const pmeta_t *m)
{
    int big = -1;
    double bigd = 0;
    char m0[16], m1[16], a[32], b[32], lab[96];
    month_words(t->start, m0, sizeof m0);
    month_words(t->start + t->nmonth - 1, m1, sizeof m1);
    fprintf(f, "Stacked area chart of the projected probation caseload in England and Wales by type of supervision "
               "(median of %ld replications, scenario %s), from %s to %s. ", m->replications, m->scenario, m0, m1);
    for (int i = 0; i < 5; i++) {
        int s = ptable_find(t, type_series[i]), k0, k1;
        if (s < 0) continue;
        const double *v = ptable_row(t, s, ST_P50);
        if (!span_of(v, 0, t->nmonth, &k0, &k1)) continue;
        plots_pretty(type_series[i] + strlen("caseload."), lab, sizeof lab);
        chart_format(a, sizeof a, v[k0], 0);
        chart_format(b, sizeof b, v[k1], 0);
        fprintf(f, "%s: %s at the start, %s at the end. ", lab, a, b);
        if (big < 0 || fabs(v[k1] - v[k0]) > fabs(bigd)) { big = i; bigd = v[k1] - v[k0]; }
    }
    if (big >= 0) {
        plots_pretty(type_series[big] + strlen("caseload."), lab, sizeof lab);
        chart_format(a, sizeof a, bigd, 0);
        fprintf(f, "The largest change is in %s: %s%s.", lab, bigd >= 0 ? "+" : "", a);
    }
    alt_marks(f, m);
    fprintf(f, "\n");
}

/* Whether the table has anything the chart draws. */
static int has_caseload(const ptable_t *t) { return ptable_find(t, "caseload.total") >= 0; }

static int has_by_type(const ptable_t *t)
{
    for (int i = 0; i < 5; i++)
        if (ptable_find(t, type_series[i]) >= 0) return 1;
    return 0;
}

/* ---- flows ----------------------------------------------------------------------- */

static int flow_series(const ptable_t *t, int *idx, int max)
{
    int n = 0;
    for (int s = 0; s < t->nser && n < max - 1; s++)
        if (!strncmp(t->name[s], "starts.", 7)) idx[n++] = s;
    int r = ptable_find(t, "recalls");
    if (r >= 0) idx[n++] = r;
    return n;
}

/* A monthly flow as a rate per month of average length (365.25 / 12 days),
 * so that February does not dip for having fewer days. */
static void flow_rate(const ptable_t *t, int s, double *out)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    const double *v = ptable_row(t, s, ST_P50);
    for (int k = 0; k < t->nmonth; k++) {
        int mon = t->start + k, y = mon / 12, mo = mon % 12;
        int d = days[mo] + (mo == 1 && ((y % 4 == 0 && y % 100) || y % 400 == 0));
        out[k] = v[k] * (365.25 / 12) / d;
    }
}

static void draw_flows(cairo_t *cr, const ptable_t *t, const pmeta_t *m)
{
    char sub[200];
    snprintf(sub, sizeof sub, "People starting supervision and recalls to custody, per month of average length (so February does not dip); median of %ld replications",
             m->replications);
    chart_t c;
    begin_run(&c, cr, m, "Starts on probation and recalls, England and Wales", sub, NULL, 1);
    int idx[16], n = flow_series(t, idx, 16), H = t->nmonth - 1;
    double lo = 0, hi = 0;
    double *rate = malloc((size_t)(H + 1) * sizeof *rate);
    if (!rate) return;
    for (int i = 0; i < n; i++) {
        flow_rate(t, idx[i], rate);
        for (int k = 1; k <= H; k++) if (isfinite(rate[k])) { lo = fmin(lo, rate[k]); hi = fmax(hi, rate[k]); }
    }
    chart_axes(&c, t->start, 0, H, 0, plots_headroom(&c, m, 0, hi), "People per month (of 30.4 days)");
    vline_policy(&c, t, m);
    for (int i = 0; i < n; i++) {
        rgb_t col = line_colours[i % 7];
        dash_t d = (dash_t)(i % DASH_N);
        mark_t mk = (mark_t)(1 + (i + i / DASH_N) % (MARK_N - 1)); /* no two lines share dash and marker */
        flow_rate(t, idx[i], rate);
        chart_line(&c, rate + 1, 1, H, col, 3, d, mk, 12, 2 * i);
        char lab[96];
        const char *nm = t->name[idx[i]];
        plots_pretty(!strncmp(nm, "starts.", 7) ? nm + 7 : nm, lab, sizeof lab);
        chart_legend(&c, LEG_LINE, lab, col, d, mk);
    }
    free(rate);
}

static void alt_flows(FILE *f, const ptable_t *t, const pmeta_t *m)
{
    int idx[16], n = flow_series(t, idx, 16), big = -1;
    double bigd = 0;
    char m0[16], m1[16], a[32], b[32], lab[96];
    month_words(t->start + (t->nmonth > 1), m0, sizeof m0);
    month_words(t->start + t->nmonth - 1, m1, sizeof m1);
    fprintf(f, "Line chart of people starting probation supervision each month, by sentence, and of recalls to custody, "
               "England and Wales (median of %ld replications, scenario %s), %s to %s. ", m->replications, m->scenario, m0, m1);
    for (int i = 0; i < n; i++) {
        const double *v = ptable_row(t, idx[i], ST_P50);
        int k0, k1;
        if (!span_of(v, 1, t->nmonth, &k0, &k1)) continue; /* flows start in the second month */
        const char *nm = t->name[idx[i]];
        plots_pretty(!strncmp(nm, "starts.", 7) ? nm + 7 : nm, lab, sizeof lab);
        chart_format(a, sizeof a, v[k0], 0);
        chart_format(b, sizeof b, v[k1], 0);
        fprintf(f, "%s: %s a month at the start, %s at the end. ", lab, a, b);
        if (big < 0 || fabs(v[k1] - v[k0]) > fabs(bigd)) { big = i; bigd = v[k1] - v[k0]; }
    }
    if (big >= 0) {
        const char *nm = t->name[idx[big]];
        plots_pretty(!strncmp(nm, "starts.", 7) ? nm + 7 : nm, lab, sizeof lab);
        chart_format(a, sizeof a, bigd, 0);
        fprintf(f, "The largest change is in %s: %s%s a month.", lab, bigd >= 0 ? "+" : "", a);
    }
    alt_marks(f, m);
    fprintf(f, "\n");
}

static int has_flows(const ptable_t *t)
{
    int idx[16];
    return flow_series(t, idx, 16) > 0;
}

/* ---- staffing ------------------------------------------------------------------ */

static const char *const grade_label[] = { "Probation officers", "Probation services officers" };
static const char *const grade_key[] = { "probation_officer", "probation_services_officer" };

static int ser(const ptable_t *t, const char *fmt_, const char *a)
{
    char name[128];
    snprintf(name, sizeof name, fmt_, a);
    return ptable_find(t, name);
}

/* A grade is drawn when both its lines are there: needed and available.
 * Available probation officers include the trainees' share, if given. */
typedef struct { const double *req, *av, *trainee, *req5, *req95; } grade_rows;

static int grade_of(const ptable_t *t, int g, grade_rows *r)
{
    int rq = ser(t, "staff.required_fte.%s", grade_key[g]), av = ser(t, "staff.available_fte.%s", grade_key[g]);
    r->req = row_or_null(t, rq, ST_P50);
    r->req5 = row_or_null(t, rq, ST_P5);
    r->req95 = row_or_null(t, rq, ST_P95);
    r->av = row_or_null(t, av, ST_P50);
    r->trainee = g == 0 ? row_or_null(t, ptable_find(t, "staff.effective_fte.trainee"), ST_P50) : NULL;
    return r->req && r->av;
}

static double avail_at(const grade_rows *r, int k) { return r->av[k] + (r->trainee ? r->trainee[k] : 0); }

static int has_staffing(const ptable_t *t)
{
    grade_rows r;
    return grade_of(t, 0, &r) || grade_of(t, 1, &r);
}

static void draw_staffing(cairo_t *cr, const ptable_t *t, const pmeta_t *m)
{
    char sub[320], what[200];
    snprintf(what, sizeof what, "Case-holding FTE needed for the projected workload and FTE available, England and Wales; median of %ld replications",
             m->replications);
    plots_sub_named(cr, sub, sizeof sub, m, what);
    chart_t c;
    char title[256];
    staffing_title(title, sizeof title, t);
    begin_run(&c, cr, m, title, sub, "Available includes trainees' share of a probation officer's capacity; case-holding staff only", 1);
    int n = t->nmonth, H = n - 1;
    double *avail = calloc((size_t)n, sizeof *avail), *a = malloc((size_t)n * sizeof *a), *b = malloc((size_t)n * sizeof *b);
    if (!avail || !a || !b) { free(avail); free(a); free(b); return; }
    double hi = 0;
    grade_rows gr[2];
    int has[2];
    for (int g = 0; g < 2; g++) {
        if (!(has[g] = grade_of(t, g, &gr[g]))) continue;
        for (int k = 0; k < n; k++) hi = fmax(hi, fmax(avail_at(&gr[g], k), gr[g].req[k])); /* fmax ignores NAN */
    }
    chart_axes(&c, t->start, 0, H, 0, plots_headroom(&c, m, 0, hi), "Full-time equivalent staff (FTE)");
    vline_policy(&c, t, m); /* first, so the gap labels sit on top of it */
    for (int g = 0; g < 2; g++) {
        if (!has[g]) continue;
        rgb_t col = g == 0 ? BLUE : okabe_ito[6];
        const double *req = gr[g].req;
        for (int k = 0; k < n; k++) avail[k] = avail_at(&gr[g], k);
        /* the gap shaded between the two lines; spare capacity (available
         * above needed) much lighter, so the two never read alike */
        for (int k = 0; k < n; k++) { a[k] = avail[k]; b[k] = fmax(avail[k], req[k]); }
        chart_band(&c, a, b, 0, n, col, 0.30);
        for (int k = 0; k < n; k++) { a[k] = req[k]; b[k] = fmax(avail[k], req[k]); }
        chart_band(&c, a, b, 0, n, col, 0.08);
        /* the 90% interval of staff needed, as thin lines either side */
        if (gr[g].req5 && gr[g].req95) {
            chart_line(&c, gr[g].req5, 0, n, col, 1.2, DASH_DOTTED, MARK_NONE, 0, 0);
            chart_line(&c, gr[g].req95, 0, n, col, 1.2, DASH_DOTTED, MARK_NONE, 0, 0);
        }
        chart_line(&c, req, 0, n, col, 3.5, DASH_SOLID, MARK_CIRCLE, 12, 6 * g);
        chart_line(&c, avail, 0, n, col, 3.5, DASH_DASHED, MARK_SQUARE, 12, 6 * g + 3);
        /* label the gap where it starts: the first month with both lines */
        int k0 = 0;
        while (k0 < n && !(isfinite(req[k0]) && isfinite(avail[k0]))) k0++;
        if (k0 < n) {
            char num[32], lab[128], mon[32];
            chart_format(num, sizeof num, req[k0] - avail[k0], 0);
            month_words(t->start + k0, mon, sizeof mon);
            snprintf(lab, sizeof lab, "%s %s FTE in %s", req[k0] >= avail[k0] ? "gap" : "spare", req[k0] >= avail[k0] || num[0] != '-' ? num : num + 1, mon);
            /* inside the gap if it is tall enough, else just above both lines */
            double ya = chart_y(&c, req[k0]), yb = chart_y(&c, avail[k0]);
            double y = fabs(ya - yb) >= 40 ? (ya + yb) / 2 + 7 : fmin(ya, yb) - 14;
            double x = chart_x(&c, k0 + 1);
            chart_font(cr, 20, 1);
            cairo_set_source_rgba(cr, 1, 1, 1, 0.85); /* legible over lines and markers */
            cairo_rectangle(cr, x + 2, y - 21, chart_text_width(cr, lab) + 8, 27);
            cairo_fill(cr);
            cairo_set_source_rgb(cr, col.r, col.g, col.b);
            chart_text(cr, x + 6, y, lab, 0);
        }
        char l1[96], l2[96];
        snprintf(l1, sizeof l1, "%s: needed", grade_label[g]);
        snprintf(l2, sizeof l2, "%s: available", grade_label[g]);
        chart_legend(&c, LEG_LINE, l1, col, DASH_SOLID, MARK_CIRCLE);
        chart_legend(&c, LEG_LINE, l2, col, DASH_DASHED, MARK_SQUARE);
    }
    chart_legend(&c, LEG_BAND, "Shaded dark: gap (needed above available); light: spare", okabe_ito[0], DASH_SOLID, MARK_NONE);
    chart_legend(&c, LEG_LINE, "Dotted: 90% interval of staff needed", okabe_ito[0], DASH_DOTTED, MARK_NONE);
    free(avail);
    free(a);
    free(b);
}

static void alt_staffing(FILE *f, const ptable_t *t, const pmeta_t *m)
{
    char m0[16], m1[16];
    month_words(t->start, m0, sizeof m0);
    month_words(t->start + t->nmonth - 1, m1, sizeof m1);
    fprintf(f, "Line chart of case-holding staff needed for the projected workload against staff available, by grade, "
               "in full-time equivalents, England and Wales, %s to %s (median of %ld replications, scenario %s). ",
            m0, m1, m->replications, m->scenario);
    for (int g = 0; g < 2; g++) {
        grade_rows gr;
        if (!grade_of(t, g, &gr)) continue;
        /* the first and last months with both lines */
        int k0 = 0, k1 = t->nmonth - 1;
        while (k0 < t->nmonth && !(isfinite(gr.req[k0]) && isfinite(avail_at(&gr, k0)))) k0++;
        while (k1 > k0 && !(isfinite(gr.req[k1]) && isfinite(avail_at(&gr, k1)))) k1--;
        if (k0 >= t->nmonth) continue;
        double a0 = avail_at(&gr, k0), a1 = avail_at(&gr, k1);
        char r0[32], r1[32], x0[32], x1[32], g0[32], g1[32];
        chart_format(r0, sizeof r0, gr.req[k0], 0);
        chart_format(r1, sizeof r1, gr.req[k1], 0);
        chart_format(x0, sizeof x0, a0, 0);
        chart_format(x1, sizeof x1, a1, 0);
        chart_format(g0, sizeof g0, gr.req[k0] - a0, 0);
        chart_format(g1, sizeof g1, gr.req[k1] - a1, 0);
        fprintf(f, "%s: %s needed against %s available at the start (gap %s); %s against %s at the end (gap %s)",
                grade_label[g], r0, x0, g0, r1, x1, g1);
        /* the staff short, as the title and the summary count them: each
         * region's shortfall, no region's spare set against it */
        static const char *const short_series[] = { "staff.short_fte.probation_officer", "staff.short_fte.probation_services_officer" };
        int sh = ptable_find(t, short_series[g]);
        if (sh >= 0 && isfinite(ptable_row(t, sh, ST_P50)[k1])) {
            char s0[32], s1[32];
            chart_format(s0, sizeof s0, ptable_row(t, sh, ST_P50)[k0], 0);
            chart_format(s1, sizeof s1, ptable_row(t, sh, ST_P50)[k1], 0);
            fprintf(f, "; short where short (region by region): %s at the start, %s at the end", s0, s1);
        }
        fprintf(f, ". ");
    }
    int c = ptable_find(t, "staff.cost_gap"), k0, k1;
    if (c >= 0 && span_of(ptable_row(t, c, ST_P50), 0, t->nmonth, &k0, &k1)) {
        char a[32], b[32];
        chart_format(a, sizeof a, ptable_row(t, c, ST_P50)[k0] / 1e6, 1);
        chart_format(b, sizeof b, ptable_row(t, c, ST_P50)[k1] / 1e6, 1);
        fprintf(f, "The net gap costs GBP %s million a year at the start and GBP %s million at the end (the staff in post behind it, with on-costs).", a, b);
    }
    alt_marks(f, m);
    fprintf(f, "\n");
}

static const char *const cap_keys[] = { "staff.capacity_pct.total", "staff.capacity_pct.probation_officer",
                                        "staff.capacity_pct.probation_services_officer" };

static int has_capacity(const ptable_t *t)
{
    for (int i = 0; i < 3; i++)
        if (ptable_find(t, cap_keys[i]) >= 0) return 1;
    return 0;
}

static void draw_capacity(cairo_t *cr, const ptable_t *t, const pmeta_t *m)
{
    char sub[320], what[200];
    snprintf(what, sizeof what, "Workload as %% of the capacity of staff available (WMT style); %s of %ld replications",
             m->replications >= UNC_MIN_REPS ? "median and 90% interval" : "median only", m->replications);
    plots_sub_named(cr, sub, sizeof sub, m, what);
    chart_t c;
    char title[256];
    int st = ptable_find(t, cap_keys[0]);
    if (st >= 0) capacity_title(title, sizeof title, t, st);
    else snprintf(title, sizeof title, "Workload against capacity");
    begin_run(&c, cr, m, title, sub, NULL, 1);
    int n = t->nmonth, H = n - 1;
    static const char *labs[] = { "All case-holding staff", "Probation officers (with trainees)", "Probation services officers" };
    double lo = 100, hi = 110;
    int s[3];
    for (int i = 0; i < 3; i++)
        if ((s[i] = ptable_find(t, cap_keys[i])) >= 0) range_of(t, s[i], ST_P5, ST_P95, 0, H, &lo, &hi);
    chart_axes(&c, t->start, 0, H, fmin(lo, 80), plots_headroom(&c, m, fmin(lo, 80), hi), "Workload as % of capacity");
    /* reference lines are named in the legend, where no data can hide them */
    chart_hline(&c, 100, okabe_ito[0], DASH_DOTTED, NULL);
    chart_hline(&c, 110, okabe_ito[6], DASH_DASHED, NULL);
    rgb_t cols[] = { okabe_ito[0], BLUE, okabe_ito[1] };
    for (int i = 0; i < 3; i++)
        if (s[i] >= 0 && m->replications >= UNC_MIN_REPS) chart_band(&c, ptable_row(t, s[i], ST_P5), ptable_row(t, s[i], ST_P95), 0, n, cols[i], 0.18);
    for (int i = 0; i < 3; i++) {
        if (s[i] < 0) continue;
        chart_line(&c, ptable_row(t, s[i], ST_P50), 0, n, cols[i], i == 0 ? 4 : 3, i == 0 ? DASH_SOLID : (dash_t)(i + 1),
                   (mark_t)(i == 0 ? MARK_NONE : i), 12, 4 * i);
        chart_legend(&c, LEG_LINE, labs[i], cols[i], i == 0 ? DASH_SOLID : (dash_t)(i + 1), (mark_t)(i == 0 ? MARK_NONE : i));
    }
    if (m->replications >= UNC_MIN_REPS) chart_legend(&c, LEG_BAND, "Shaded: 90% interval", okabe_ito[0], DASH_SOLID, MARK_NONE);
    chart_legend(&c, LEG_LINE, "110%: excessive workload (WMT threshold)", okabe_ito[6], DASH_DASHED, MARK_NONE);
    chart_legend(&c, LEG_LINE, "100%: at capacity", okabe_ito[0], DASH_DOTTED, MARK_NONE);
    vline_policy(&c, t, m);
}

static void alt_capacity(FILE *f, const ptable_t *t, const pmeta_t *m)
{
    char m0[16], m1[16];
    month_words(t->start, m0, sizeof m0);
    month_words(t->start + t->nmonth - 1, m1, sizeof m1);
    fprintf(f, "Line chart of probation workload as a percentage of the capacity of case-holding staff (WMT style), "
               "England and Wales, %s to %s (median of %ld replications, scenario %s), with lines at 100%% and at 110%%, "
               "the WMT's excessive-workload threshold.",
            m0, m1, m->replications, m->scenario);
    int s = ptable_find(t, cap_keys[0]), k0, k1;
    if (s >= 0 && span_of(ptable_row(t, s, ST_P50), 0, t->nmonth, &k0, &k1)) {
        const double *v = ptable_row(t, s, ST_P50), *lo = ptable_row(t, s, ST_P5), *hi = ptable_row(t, s, ST_P95);
        fprintf(f, " All staff: %.0f%% at the start (90%% interval %.0f%% to %.0f%%), %.0f%% at the end (90%% interval %.0f%% to %.0f%%).",
                v[k0], lo[k0], hi[k0], v[k1], lo[k1], hi[k1]);
    }
    for (int g = 0; g < 2; g++) {
        int k = ptable_find(t, cap_keys[1 + g]);
        if (k < 0 || !span_of(ptable_row(t, k, ST_P50), 0, t->nmonth, &k0, &k1)) continue;
        fprintf(f, " %s: %.0f%% at the start, %.0f%% at the end.", grade_label[g], ptable_row(t, k, ST_P50)[k0], ptable_row(t, k, ST_P50)[k1]);
    }
    alt_marks(f, m);
    fprintf(f, "\n");
}

const plot_def plots_run[] = {
    { "caseload", draw_caseload, alt_caseload, has_caseload },
    { "caseload_by_type", draw_by_type, alt_by_type, has_by_type },
    { "flows", draw_flows, alt_flows, has_flows },
    { "staffing", draw_staffing, alt_staffing, has_staffing },
    { "capacity", draw_capacity, alt_capacity, has_capacity },
    /* a run divided into regions (regions_charts.h) */
    { "regions_capacity", rcharts_draw_capacity, rcharts_alt_capacity, rcharts_has_capacity },
    { "regions_gap", rcharts_draw_gap, rcharts_alt_gap, rcharts_has_gap },
    { "regions_map", rcharts_draw_map, rcharts_alt_map, rcharts_has_capacity },
    { NULL, NULL, NULL, NULL },
};

void plots_draw_single(cairo_t *cr, const ptable_t *t, const pmeta_t *m, const char *name)
{
    char foot[256];
    plots_footer(foot, sizeof foot, m);
    const char *footer[] = { foot, NULL };
    chart_t c;
    chart_begin(&c, cr, name, "test chart", footer);
    int s = ptable_find(t, name);
    if (s < 0) return;
    double lo = INFINITY, hi = -INFINITY;
    range_of(t, s, ST_P50, ST_P50, 0, t->nmonth - 1, &lo, &hi);
    chart_axes(&c, t->start, 0, t->nmonth - 1, lo, hi, "value");
    chart_line(&c, ptable_row(t, s, ST_P50), 0, t->nmonth, okabe_ito[0], 3, DASH_SOLID, MARK_NONE, 0, 0);
}

/* ---- files -------------------------------------------------------------------------- */

/* Runs `alt` into a file through out_write's (FILE *, const void *) shape. */
typedef struct { void (*alt)(FILE *, const void *); const void *ctx; } alt_call;

static int alt_adapter(FILE *f, const void *p)
{
    const alt_call *a = p;
    a->alt(f, a->ctx);
    return ferror(f) ? -1 : 0;
}

/* A chart file is drawn into memory, then written under a fresh name made
 * by mkstemp (never a guessable one a link could stand at), synced and
 * renamed into place. */
typedef struct {
    unsigned char *p;
    size_t n, cap;
    int failed;
} membuf;

static cairo_status_t membuf_write(void *closure, const unsigned char *data, unsigned int len)
{
    membuf *b = closure;
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->n + len) cap *= 2;
        unsigned char *q = realloc(b->p, cap);
        if (!q) { b->failed = 1; return CAIRO_STATUS_NO_MEMORY; }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
    return CAIRO_STATUS_SUCCESS;
}

/* Cairo's SVG surface names its drawing "surfaceN" with N from a counter
 * shared by every surface the process has made, so the bytes of one chart
 * depended on the charts and formats drawn before it.  Each such id is
 * renumbered 1, 2, ... in order of first use; glyph, clip and pattern ids
 * are already counted per document.  Returns 0, or -1 out of memory. */
static int svg_renumber(membuf *b)
{
    static const char key[] = "surface";
    const size_t kl = sizeof key - 1;
    unsigned char *out = malloc(b->n + 1);
    long old[64];
    int nold = 0;
    if (!out) return -1;
    size_t o = 0;
    for (size_t i = 0; i < b->n;) {
        size_t d = i + kl;
        if (d < b->n && !memcmp(b->p + i, key, kl) && b->p[d] >= '0' && b->p[d] <= '9' &&
            (i == 0 || !isalnum(b->p[i - 1]))) {
            long v = 0;
            while (d < b->n && b->p[d] >= '0' && b->p[d] <= '9' && v < 100000000) v = v * 10 + (b->p[d++] - '0');
            int k = 0;
            while (k < nold && old[k] != v) k++;
            if (k == nold && nold < 64) old[nold++] = v;
            char num[24];
            int len = snprintf(num, sizeof num, "%d", k + 1);
            /* in place when the new number is no longer than the old (so
             * far more than 64 ids would be left as they are) */
            if (k < nold && (size_t)len <= d - i - kl) {
                memcpy(out + o, key, kl);
                memcpy(out + o + kl, num, (size_t)len);
                o += kl + (size_t)len;
                i = d;
                continue;
            }
        }
        out[o++] = b->p[i++];
    }
    free(b->p);
    b->p = out;
    b->n = o;
    b->cap = b->n + 1;
    return 0;
}

static int write_file(const char *dir, const char *path, const membuf *b, char *msg, size_t nmsg)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s/.chart.XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0) { snprintf(msg, nmsg, "%s", strerror(errno)); return -1; }
    size_t done = 0;
    while (done < b->n) {
        ssize_t w = write(fd, b->p + done, b->n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        done += (size_t)w;
    }
    /* mkstemp makes the file private; a chart is as readable as any file */
    mode_t mask = umask(0);
    umask(mask);
    int rc = done == b->n && !fchmod(fd, 0666 & ~mask) && !fsync(fd) ? 0 : -1;
    if (rc) snprintf(msg, nmsg, "%s", strerror(errno ? errno : EIO));
    if (close(fd) && !rc) { snprintf(msg, nmsg, "%s", strerror(errno)); rc = -1; }
    if (!rc && rename(tmp, path)) { snprintf(msg, nmsg, "%s", strerror(errno)); rc = -1; }
    if (rc) unlink(tmp);
    return rc;
}

int plots_render_custom(const char *name, void (*draw)(cairo_t *, const void *),
                        void (*alt)(FILE *, const void *), const void *ctx, const char *made, const char *dir,
                        int formats, errlist_t *e)
{
    /* The PDF's dates are the run's date, so identical runs give identical
     * bytes (Cairo would write the time of drawing). */
    char date[32] = "2000-01-01T00:00:00Z";
    if (made && strlen(made) == 10) snprintf(date, sizeof date, "%sT00:00:00Z", made);
    for (int fmt = PLOT_PNG; fmt <= PLOT_PDF; fmt <<= 1) {
        if (!(formats & fmt)) continue;
        const char *ext = fmt == PLOT_PNG ? "png" : fmt == PLOT_SVG ? "svg" : "pdf";
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext);
        membuf b = { NULL, 0, 0, 0 };
        cairo_surface_t *sf;
        if (fmt == PLOT_PNG) sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)CHART_W, (int)CHART_H);
        else if (fmt == PLOT_SVG) sf = cairo_svg_surface_create_for_stream(membuf_write, &b, CHART_W, CHART_H);
        else sf = cairo_pdf_surface_create_for_stream(membuf_write, &b, CHART_W, CHART_H);
        if (fmt == PLOT_PDF) {
            char title[160];
            snprintf(title, sizeof title, "caseflow: %s", name);
            cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, title);
            cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "caseflow " CASEFLOW_VERSION);
            cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATE_DATE, date);
            cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_MOD_DATE, date);
        }
        cairo_t *cr = cairo_create(sf);
        draw(cr, ctx);
        char msg[200];
        int rc = chart_status(cr, msg, sizeof msg);
        cairo_destroy(cr);
        if (!rc && fmt == PLOT_PNG && cairo_surface_write_to_png_stream(sf, membuf_write, &b) != CAIRO_STATUS_SUCCESS) {
            snprintf(msg, sizeof msg, "cannot make the PNG");
            rc = -1;
        }
        cairo_surface_finish(sf);
        if (!rc && cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
            snprintf(msg, sizeof msg, "%s", cairo_status_to_string(cairo_surface_status(sf)));
            rc = -1;
        }
        cairo_surface_destroy(sf);
        if (!rc && (b.failed || (fmt == PLOT_SVG && svg_renumber(&b)))) {
            snprintf(msg, sizeof msg, "out of memory");
            rc = -1;
        }
        if (!rc) rc = write_file(dir, path, &b, msg, sizeof msg);
        free(b.p);
        if (rc) {
            errlist_add(e, path, 0, 0, "cannot draw the chart: %s", msg);
            return -1;
        }
    }
    char txt[256];
    snprintf(txt, sizeof txt, "%s.txt", name);
    alt_call a = { alt, ctx };
    return out_write(dir, txt, alt_adapter, &a, e);
}

/* A run's charts draw from (table, meta). */
typedef struct { const plot_def *d; const ptable_t *t; const pmeta_t *m; } run_ctx;
static void run_draw(cairo_t *cr, const void *p) { const run_ctx *r = p; r->d->draw(cr, r->t, r->m); }
static void run_alt(FILE *f, const void *p) { const run_ctx *r = p; r->d->alt(f, r->t, r->m); }

int plots_render(const plot_def *defs, const ptable_t *t, const pmeta_t *m, const char *dir,
                 int formats, errlist_t *e)
{
    for (const plot_def *d = defs; d->name; d++) {
        if (d->has && !d->has(t)) continue;
        run_ctx r = { d, t, m };
        if (plots_render_custom(d->name, run_draw, run_alt, &r, m->made, dir, formats, e)) return -1;
    }
    return 0;
}
