/* results.c: percentiles over replications and the output files. */
#include "results.h"

#include <errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "regions.h"
#include "uncertain.h"
#include "workforce.h"

int results_check_size(const scenario_t *s, const layout_t *l, errlist_t *e)
{
    /* a row: "YYYY-MM," name "," four values of at most 17 characters
     * (|v| <= 1e12, two decimals, a sign) with their commas, a newline */
    double bytes = 0;
    for (int i = 0; i < l->n; i++) bytes += (double)strlen(l->name[i]) + 81;
    bytes *= s->horizon + 1;
    if (l->n <= RESULTS_MAX_SERIES && bytes <= (double)RESULTS_MAX_CSV_BYTES) return 0;
    char n[32];
    fmt_num(n, sizeof n, l->n, 0);
    errlist_add(e, s->file, 0, 0,
                "the run would write %s series over %d months (up to %.1f GB of series.csv), more than caseflow plot and brief read (16,384 series, 2 GB) (expected fewer regions or disposals, or a shorter horizon)",
                n, s->horizon + 1, bytes / (1024.0 * 1024 * 1024));
    return -1;
}

results_t *results_create(const scenario_t *s, const layout_t *l, int nrep)
{
    results_t *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->sc = s;
    r->lay = l;
    r->nrep = nrep;
    r->nmonth = s->horizon + 1;
    r->nser = l->n;
    size_t cell = (size_t)r->nmonth * (size_t)r->nser;
    r->v = calloc(cell * (size_t)nrep, sizeof *r->v);
    if (!r->v) { results_free(r); return NULL; }
    return r;
}

void results_free(results_t *r)
{
    if (!r) return;
    free(r->v);
    free(r->mean);
    free(r->p5);
    free(r->p50);
    free(r->p95);
    free(r->p25);
    free(r->p75);
    free(r);
}

void results_drop_replications(results_t *r)
{
    free(r->v);
    r->v = NULL;
}

void results_drop_values(results_t *r)
{
    results_drop_replications(r);
    double **a[] = { &r->mean, &r->p5, &r->p50, &r->p95, &r->p25, &r->p75 };
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
        free(*a[i]);
        *a[i] = NULL;
    }
}

void results_quantiles(double *x, int n, double *mean, double *p5, double *p50, double *p95)
{
    gsl_sort(x, 1, (size_t)n);
    *mean = gsl_stats_mean(x, 1, (size_t)n);
    *p5 = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)n, 0.05);
    *p50 = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)n, 0.50);
    *p95 = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)n, 0.95);
}

int results_summarise(results_t *r)
{
    /* allocated here, not with the replications: while they run, the
     * models' working arrays are alive, and that is when a run's memory
     * peaks */
    size_t cell = (size_t)r->nmonth * (size_t)r->nser;
    double **a[] = { &r->mean, &r->p5, &r->p50, &r->p95 };
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
        if (!*a[i] && !(*a[i] = calloc(cell, sizeof **a[i]))) return -1;
    if (!r->p25 && !(r->p25 = calloc((size_t)r->nmonth, sizeof *r->p25))) return -1;
    if (!r->p75 && !(r->p75 = calloc((size_t)r->nmonth, sizeof *r->p75))) return -1;
    double *x = malloc((size_t)r->nrep * sizeof *x);
    if (!x) return -1;
    for (size_t i = 0; i < cell; i++) {
        for (int k = 0; k < r->nrep; k++) x[k] = r->v[(size_t)k * cell + i];
        results_quantiles(x, r->nrep, &r->mean[i], &r->p5[i], &r->p50[i], &r->p95[i]);
        /* x is sorted now: the quartiles of the fan chart's 50% band (the
         * national caseload only) */
        if ((int)(i % (size_t)r->nser) != r->lay->total) continue;
        r->p25[i / (size_t)r->nser] = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)r->nrep, 0.25);
        r->p75[i / (size_t)r->nser] = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)r->nrep, 0.75);
    }
    free(x);
    return 0;
}

/* %.2f, but "-0.00" printed as "0.00" so identical runs compare equal. */
static void put_num(FILE *f, double v)
{
    if (fabs(v) < 0.005) v = 0;
    fprintf(f, ",%.2f", v);
}

int results_write_series(FILE *f, const void *ctx)
{
    const results_t *r = ctx;
    fprintf(f, "month,series,mean,p5,p50,p95\n");
    for (int m = 0; m < r->nmonth; m++) {
        char lab[8];
        month_label(r->sc->start + m, lab);
        for (int s = 0; s < r->nser; s++) {
            if (m == 0 && r->lay->is_flow[s]) continue;
            size_t i = results_at(r, m, s);
            fprintf(f, "%s,%s", lab, r->lay->name[s]);
            put_num(f, r->mean[i]);
            put_num(f, r->p5[i]);
            put_num(f, r->p50[i]);
            put_num(f, r->p95[i]);
            fputc('\n', f);
        }
    }
    return ferror(f) ? -1 : 0;
}

/* "  label  end of Mon YYYY:  median (90% interval lo to hi)"; money in GBP
 * million (div 1e6), percentages with a % sign. */
static void line_as(FILE *f, const results_t *r, int m, int s, const char *label, double div, int dec, const char *pre,
                    const char *post)
{
    static const char *const mn[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    char a[32], b[32], c[32], lab[16];
    size_t i = results_at(r, m, s);
    fmt_num(a, sizeof a, r->p50[i] / div, dec);
    fmt_num(b, sizeof b, r->p5[i] / div, dec);
    fmt_num(c, sizeof c, r->p95[i] / div, dec);
    int mon = r->sc->start + m;
    snprintf(lab, sizeof lab, "%s %d", mn[mon % 12], mon / 12);
    if (r->nrep < UNC_MIN_REPS) fprintf(f, "  %-44s end of %s: %s%s%s (interval: too few replications)\n", label, lab, pre, a, post);
    else fprintf(f, "  %-44s end of %s: %s%s%s (90%% interval %s%s to %s%s)\n", label, lab, pre, a, post, pre, b, c, post);
}

static void line_for(FILE *f, const results_t *r, int m, int s, const char *label)
{
    line_as(f, r, m, s, label, 1, 0, "", "");
}

void results_write_timing(FILE *f, const results_t *r)
{
    fprintf(f, "Run time: %.2f s on %d thread%s, %.3g events, %.3g events/s\n", r->seconds, r->jobs, r->jobs == 1 ? "" : "s",
            (double)r->events, r->seconds > 0 ? (double)r->events / r->seconds : 0);
    double all = 0;
    for (int i = 0; i < MS_N; i++) all += r->stage_s[i];
    if (!(all > 0) || r->nrep < 1) return;
    fprintf(f, "Model time: %.3f s a replication:", all / r->nrep);
    for (int i = 0; i < MS_N; i++)
        fprintf(f, "%s %s %.1f%%", i ? "," : "", model_stage_names[i], 100 * r->stage_s[i] / all);
    fprintf(f, "\n");
}

int results_first_above(const results_t *r, int s, double x, int from, int *months)
{
    int H = r->sc->horizon, k = from;
    while (k <= H && !(r->p50[results_at(r, k, s)] > x)) k++;
    if (k > H) { *months = 0; return -1; }
    int e = k;
    while (e <= H && r->p50[results_at(r, e, s)] > x) e++;
    *months = e - k;
    return k;
}

/* Practitioners, hours, what stops, supervisors and the safeguard. */
static void summary_practitioners(FILE *f, const results_t *r)
{
    const scenario_t *s = r->sc;
    const layout_t *l = r->lay;
    const prac_t *p = &s->wf->prac;
    int H = s->horizon;
    fprintf(f, "\nPractitioners (individual workloads spread around each grade's average, cv %g; the WMT's lines):\n", p->cv);
    static const struct { int k; const char *words; double div; int dec; const char *post; } rows[] = {
        { PR_OVER100_PCT_TOTAL, "Share over 100% of capacity", 1, 0, "%" },
        { PR_OVER110_PCT_TOTAL, "Share over 110%", 1, 0, "%" },
        { PR_OVER110_4W_PCT_TOTAL, "Share over 110% for four weeks running", 1, 0, "%" },
        { PR_OVER110_PCT_PO, "  probation officers over 110%", 1, 0, "%" },
        { PR_OVER110_PCT_PSO, "  probation services officers over 110%", 1, 0, "%" },
        { PR_OVER110_TOTAL, "Practitioners over 110% (FTE)", 1, 0, "" },
        { PR_OVER110_4W_TOTAL, "  over 110% for four weeks running (FTE)", 1, 0, "" },
        { PR_POINTS_PER_FTE, "Workload per case-holding FTE (points)", 1, 0, "" },
        { PR_HOURS_UNPAID, "Unpaid overtime (hours a month)", 1, 0, "" },
        { PR_HOURS_PAID, "Paid overtime (hours a month)", 1, 0, "" },
        { PR_HOURS_SUSPENDED, "Work not done (hours a month)", 1, 0, "" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        for (int at = 0; at < 2; at++)
            line_as(f, r, at ? H : 0, l->pr0 + rows[i].k, at ? "" : rows[i].words, rows[i].div, rows[i].dec, "", rows[i].post);
    if (p->has_spo) {
        static const int spo[] = { PR_SPO_NEEDED, PR_SPO_AVAILABLE, PR_SPO_GAP };
        static const char *const words[] = { "Senior probation officers needed (FTE)", "  available (supervising)", "  gap (needed minus available)" };
        for (int i = 0; i < 3; i++)
            for (int at = 0; at < 2; at++) line_as(f, r, at ? H : 0, l->pr0 + spo[i], at ? "" : words[i], 1, 0, "", "");
    }
    char mon[8];
    fprintf(f, "Work that would stop (medians; lowest priority first):\n");
    int any = 0;
    for (int i = p->ntypes - 1; i >= 0; i--) {
        int months, k = results_first_above(r, l->wt0 + 2 * i + 1, 0.5, 0, &months);
        if (k < 0) continue;
        any = 1;
        char a[32], b[32];
        double sus = r->p50[results_at(r, H, l->wt0 + 2 * i + 1)], all = r->p50[results_at(r, H, l->wt0 + 2 * i)];
        month_label(s->start + k, mon);
        fmt_num(a, sizeof a, sus, 0);
        fmt_num(b, sizeof b, all > 0 ? 100 * sus / all : 0, 0);
        char w[96];
        fprintf(f, "  %s: from %s for %d month%s%s; at the horizon %s hours a month (%s%% of that work)\n",
                fmt_words(p->type_name[i], w, sizeof w), mon,
                months, months == 1 ? "" : "s", k + months > H ? " (to the horizon)" : "", a, b);
    }
    if (!any) fprintf(f, "  none: the hours worked cover the workload within the horizon\n");
    int months, k = results_first_above(r, l->pr0 + PR_SAFEGUARD, 0.5, 0, &months);
    if (k < 0)
        fprintf(f, "Safeguard: the service is never declared full (average over %g%% for %d consecutive weeks) within the horizon.\n",
                p->safeguard_pct, p->safeguard_weeks);
    else {
        month_label(s->start + k, mon);
        int all = 0;
        for (int j = 0; j <= H; j++) all += r->p50[results_at(r, j, l->pr0 + PR_SAFEGUARD)] > 0.5;
        fprintf(f, "Safeguard: the service is declared full (average over %g%% for %d consecutive weeks) from %s for %d month%s%s",
                p->safeguard_pct, p->safeguard_weeks, mon, months, months == 1 ? "" : "s", k + months > H ? " (to the horizon)" : "");
        if (all > months) fprintf(f, " at first, and in %d of the %d month ends in all", all, H + 1);
        fprintf(f, ".\n");
    }
}

/* When the median of capacity series cap is over the WMT's excessive-workload
 * line (110%) for a sustained period: the first month row over it that the
 * next month is also over (-1: never), and the first month from which it
 * stays at or under the line to the horizon (*back; -1: it is over in the
 * last month).  A dip under the line and back over it is not an end: the
 * capacity chart's title and compare's "first month under" read it the
 * same way. */
static int full_from(const results_t *r, int cap, int *back)
{
    int H = r->sc->horizon, first = -1;
    for (int k = 0; k <= H && first < 0; k++)
        if (r->p50[results_at(r, k, cap)] > 110 && (k == H || r->p50[results_at(r, k + 1, cap)] > 110)) first = k;
    *back = -1;
    for (int k = H; first >= 0 && k > first && r->p50[results_at(r, k, cap)] <= 110; k--) *back = k;
    return first;
}

/* The same in words, after "the median capacity ". */
static void full_words(const results_t *r, int cap, char *buf, size_t n)
{
    int back, first = full_from(r, cap, &back);
    char mon[8], end[8] = "";
    if (first < 0) { snprintf(buf, n, "never passes 110%% (the WMT excessive-workload line) within the horizon"); return; }
    month_label(r->sc->start + first, mon);
    if (back > 0) month_label(r->sc->start + back, end);
    snprintf(buf, n, "is above 110%% (the WMT excessive-workload line) %s%s%s%s%s", first ? "from " : "from the start (", mon,
             first ? "" : ")", back > 0 ? " and stays at or under it from " : " and still above it at the horizon", end);
}

/* Regions: people, capacity at the start, 24 months on and the horizon,
 * and when each is over 110%. */
static void summary_regions(FILE *f, const results_t *r)
{
    const scenario_t *s = r->sc;
    const layout_t *l = r->lay;
    int H = s->horizon, mid = H < 24 ? H : 24, over[3] = { 0, 0, 0 };
    char m0[8], m1[8], m2[8];
    month_label(s->start, m0);
    month_label(s->start + mid, m1);
    month_label(s->start + H, m2);
    fprintf(f, "\nRegions (medians; the national counts above are their sums, the national ratios the ratios of their sums):\n");
    fprintf(f, "  %-26s %9s %9s  %7s %7s %7s  %s\n", "", "people", "people", "cap.", "cap.", "cap.", "");
    fprintf(f, "  %-26s %9s %9s  %7s %7s %7s  %s\n", "", m0, m2, m0, m1, m2, "over 110% (months with the median over)");
    for (int g = 0; g < l->nreg; g++) {
        int o = l->nbase * (g + 1), cap = o + l->wf0 + WF_CAP_TOTAL;
        char a[32], b[32], when[96];
        fmt_num(a, sizeof a, r->p50[results_at(r, 0, o + l->total)], 0);
        fmt_num(b, sizeof b, r->p50[results_at(r, H, o + l->total)], 0);
        const int at[3] = { 0, mid, H };
        double c[3];
        for (int i = 0; i < 3; i++) {
            c[i] = r->p50[results_at(r, at[i], cap)];
            over[i] += c[i] > 110;
        }
        int back, first = full_from(r, cap, &back);
        char mon[8] = "", end[8] = "";
        if (first >= 0) month_label(s->start + first, mon);
        if (back > 0) month_label(s->start + back, end);
        int months = 0;
        for (int k = 0; k <= H; k++) months += r->p50[results_at(r, k, cap)] > 110;
        if (first < 0) snprintf(when, sizeof when, "never");
        else snprintf(when, sizeof when, "from %s%s%s; %d of %d months", first ? mon : "the start", back > 0 ? ", under for good from " : ", to the horizon",
                      end, months, H + 1);
        char cp[3][16];
        for (int i = 0; i < 3; i++) snprintf(cp[i], sizeof cp[i], "%.*f%%", fmt_capacity_dec(c[i]), c[i]);
        fprintf(f, "  %-26.26s %9s %9s  %7s %7s %7s  %s\n", s->regions[g].label, a, b, cp[0], cp[1], cp[2], when);
    }
    fprintf(f, "  Over 110%% (median capacity): %d of %d regions in %s, %d in %s, %d in %s.\n", over[0], l->nreg, m0, over[1], m1,
            over[2], m2);
}

/* What the staff figures' intervals leave out: the workforce rules with no
 * range (points per FTE, the share of staff holding cases, who holds which
 * tier, the staff at the start, ...) are the same in every replication, so
 * the intervals cover the caseload's uncertainty and only the ranged staff
 * rules'.  Said once, under the staff heading, when intervals are given. */
static void staff_band_words(FILE *f, const scenario_t *s, const results_t *r)
{
    if (r->nrep < UNC_MIN_REPS) return;
    int wf = 0;
    for (int i = 0; i < s->nranges; i++)
        if (!strncmp(s->ranges[i].path, "workforce.", 10) && s->ranges[i].low != s->ranges[i].high) wf++;
    char ranged[96];
    if (!wf) snprintf(ranged, sizeof ranged, "no workforce rule has a range");
    else snprintf(ranged, sizeof ranged, "%d workforce rule%s ha%s a range, %s", wf, wf == 1 ? "" : "s", wf == 1 ? "s" : "ve",
                  s->central ? "held central in this run" : "drawn as the others are");
    fprintf(f, "  (Their intervals hold fixed every workforce rule without a range: points per FTE, the share of staff\n"
               "   holding cases, who holds which tier, the staff and trainees at the start; %s.\n"
               "   So they understate the staffing rules' own uncertainty.)\n",
            ranged);
}

int results_write_summary(FILE *f, const void *ctx)
{
    const results_t *r = ctx;
    const scenario_t *s = r->sc;
    const layout_t *l = r->lay;
    int H = s->horizon;
    fprintf(f, "caseflow %s: %s.\n", CASEFLOW_VERSION, s->name);
    fprintf(f, "Scenario file %s; %d replication%s with seed %llu (the same seed gives the same numbers on any number of threads).\n",
            s->file, r->nrep, r->nrep == 1 ? "" : "s", (unsigned long long)r->seed);
    char band[160];
    unc_band_words(band, sizeof band, s->central ? 0 : unc_assumptions(s));
    if (r->nrep < UNC_MIN_REPS)
        fprintf(f, "Each figure is the median of the replications; %d are too few to estimate a 90%% interval (%d or more are needed), so none is given.\n",
                r->nrep, UNC_MIN_REPS);
    else
        fprintf(f, "Each figure is the median of the replications, with the 5th to 95th percentile as its 90%% interval;\n"
                   "the interval covers %s.\n", band);
    if (s->central && unc_assumptions(s))
        fprintf(f, "Run with --central: the %d assumptions given ranges are held at their central values.\n", unc_assumptions(s));
    fprintf(f, "\nPeople under probation supervision (each person counted once):\n");
    line_for(f, r, 0, l->total, "at the start");
    line_for(f, r, H, l->total, "at the horizon");
    fprintf(f, "\nBy supervision type, at the start and at the horizon:\n");
    static const char *const sup_words[SUP_N] = { "Community orders", "Suspended sentence orders",
                                                  "Pre-release (in custody, sentenced)", "Licence",
                                                  "Post-sentence supervision", "In custody on recall (not in the caseload)" };
    for (int t = 0; t < SUP_N; t++) {
        line_for(f, r, 0, l->sup[t], sup_words[t]);
        line_for(f, r, H, l->sup[t], "");
    }
    if (l->wf0 >= 0) {
        fprintf(f, "\nWorkload and staff (full-time equivalents, FTE; capacity as the WMT reports it), at the start, two years on and the horizon:\n");
        staff_band_words(f, s, r);
        static const int rows[] = { WF_WORKLOAD_TOTAL, WF_REQ_TOTAL, WF_REQ_PO, WF_REQ_PSO, WF_AVAIL_PO, WF_AVAIL_PSO,
                                    WF_AVAIL_TRAINEE, WF_EFF_TRAINEE, WF_AVAIL_TOTAL, WF_SHORT_TOTAL, WF_SHORT_PO, WF_SHORT_PSO, WF_GAP_TOTAL,
                                    WF_CAP_TOTAL, WF_CAP_PO, WF_CAP_PSO, WF_CASES_PO, WF_COST_SHORT };
        static const char *const words[] = {
            "Workload (points a month)", "Staff needed (case-holding FTE)", "  probation officers needed",
            "  probation services officers needed", "Probation officers available (case-holding)",
            "Probation services officers available", "Trainee probation officers (PQiP)",
            "  their capacity (FTE of a qualified PO)", "Staff available (case-holding FTE)",
            "Staff short (FTE; each grade where short)", "  probation officers short",
            "  probation services officers short", "Net gap: needed minus available (FTE)", "Capacity used, all staff",
            "Capacity used, probation officers", "Capacity used, probation services officers",
            "Cases per probation officer", "Yearly cost of the staff short (in post)"
        };
        /* the start, two years on (what a claim is argued over) and the horizon */
        const int at[3] = { 0, H > 24 ? 24 : H, H };
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
            int cap = rows[i] == WF_CAP_TOTAL || rows[i] == WF_CAP_PO || rows[i] == WF_CAP_PSO;
            int money = rows[i] == WF_COST_SHORT;
            for (int a = 0; a < 3; a++)
                if (a == 0 || at[a] != at[a - 1]) {
                    int dec = money || (cap && fmt_capacity_dec(r->p50[results_at(r, at[a], l->wf0 + rows[i])]));
                    line_as(f, r, at[a], l->wf0 + rows[i], a ? "" : words[i], money ? 1e6 : 1, dec, money ? "GBP " : "",
                            money ? " million" : cap ? "%" : "");
                }
        }
        fprintf(f, "The net gap lets spare probation services officers (and, nationally, one region's spare staff) offset\n"
                   "a shortfall they cannot take on; the staff short counts each grade in each region where it is short.\n");
        char when[160];
        int cap = l->wf0 + WF_CAP_TOTAL, months = 0;
        full_words(r, cap, when, sizeof when);
        for (int k = 0; k <= H; k++) months += r->p50[results_at(r, k, cap)] > 110;
        fprintf(f, "Service full: the median capacity %s; it is over 110%% in %d of the %d month ends.\n", when, months, H + 1);
        if (l->pr0 >= 0) summary_practitioners(f, r);
        if (l->nreg) summary_regions(f, r);
    }
    fprintf(f, "\nFlows in the last month:\n");
    line_for(f, r, H, l->recalls, "Recalls to custody");
    line_for(f, r, H, l->releases, "Releases from custody");
    for (int d = 0; d < s->ndisp; d++) {
        char w[72], lab[96];
        snprintf(lab, sizeof lab, "Sentences starting: %s", fmt_words(s->disp[d].name, w, sizeof w));
        line_for(f, r, H, l->starts0 + d, lab);
    }
    return ferror(f) ? -1 : 0;
}

int out_mkdir(const char *dir, errlist_t *e)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf) {
        errlist_add(e, dir, 0, 0, "output path too long");
        return -1;
    }
    for (char *p = buf + 1; ; p++) {
        if (*p == '/' || *p == 0) {
            char c = *p;
            *p = 0;
            if (mkdir(buf, 0777) && errno != EEXIST) {
                errlist_add(e, buf, 0, 0, "cannot create output directory: %s", strerror(errno));
                return -1;
            }
            *p = c;
            if (!c) break;
        }
    }
    return 0;
}

int out_write(const char *dir, const char *name, int (*fn)(FILE *, const void *),
              const void *ctx, errlist_t *e)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp.%ld", dir, name, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        errlist_add(e, tmp, 0, 0, "cannot write: %s", strerror(errno));
        return -1;
    }
    int rc = fn(f, ctx);
    if (fclose(f)) rc = -1;
    if (rc || rename(tmp, path)) {
        errlist_add(e, path, 0, 0, "cannot write: %s", rc ? "write failed" : strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}
