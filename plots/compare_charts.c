/* compare_charts.c: charts of a comparison: the paired difference, and each
 * scenario's caseload on one chart. */
#include "compare_charts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "policy.h"

typedef struct { const compare_t *c; const pmeta_t *m; } cctx;

/* Starts a comparison chart: title, subtitle and the source footer. */
static void begin_compare_chart(chart_t *ch, cairo_t *cr, const cctx *x, const char *title, const char *sub)
{
    char foot[300];
    snprintf(foot, sizeof foot, "Source: caseflow %s, base scenario %s, %d paired replications, seed %llu, made %s",
             CASEFLOW_VERSION, x->c->sc[0]->name, x->c->res[0]->nrep, (unsigned long long)x->c->res[0]->seed, x->m->made);
    const char *footer[] = { foot, NULL };
    chart_begin(ch, cr, title, sub, footer);
}

/* A dashed line at each policy's first own lever, labelled with its name and
 * month; labels stack so that close dates stay readable. */
static void mark_policy(chart_t *ch, const compare_t *c)
{
    for (int pass = 0; pass < 2; pass++) { /* lines, then labels on top */
        int row = 0;
        for (int p = 1; p < c->n; p++) {
            int L = policy_first_new_month(c->sc[p], c->sc[0]);
            if (L < 0) continue;
            double k = L - 1 - c->sc[0]->start;
            if (pass == 0) { chart_vline_row(ch, k, NULL, 0); continue; }
            char lab[120], mon[32], name[48];
            chart_month_label(L, 0, mon, sizeof mon);
            snprintf(name, sizeof name, "%s", c->sc[p]->name);
            if (strlen(c->sc[p]->name) >= sizeof name - 1) strcpy(name + sizeof name - 4, "...");
            snprintf(lab, sizeof lab, "%s: %s", mon, name);
            chart_vlabel(ch, k, lab, row++);
        }
    }
}

static void draw_difference(cairo_t *cr, const void *p)
{
    const cctx *x = p;
    const compare_t *c = x->c;
    char sub[200];
    snprintf(sub, sizeof sub, "People under supervision, policy minus base, paired; median and 90%% interval of %d replications",
             c->res[0]->nrep);
    chart_t ch;
    begin_compare_chart(&ch, cr, x, "Change in probation caseload from each policy, England and Wales", sub);
    int H = c->sc[0]->horizon;
    double lo = 0, hi = 0;
    for (int i = 1; i < c->n; i++) {
        int s = ptable_find(c->diff[i], "caseload.total");
        const double *a = ptable_row(c->diff[i], s, ST_P5), *b = ptable_row(c->diff[i], s, ST_P95);
        for (int k = 0; k <= H; k++) {
            if (a[k] < lo) lo = a[k];
            if (b[k] > hi) hi = b[k];
        }
    }
    chart_axes(&ch, c->sc[0]->start, 0, H, lo, hi, "Change in people under supervision");
    chart_hline(&ch, 0, okabe_ito[0], DASH_SOLID, NULL);
    mark_policy(&ch, c);
    for (int i = 1; i < c->n; i++) {
        int s = ptable_find(c->diff[i], "caseload.total");
        rgb_t col = line_colours[(i - 1) % 7];
        chart_band(&ch, ptable_row(c->diff[i], s, ST_P5), ptable_row(c->diff[i], s, ST_P95), 0, H + 1, col, 0.22);
    }
    for (int i = 1; i < c->n; i++) {
        int s = ptable_find(c->diff[i], "caseload.total");
        rgb_t col = line_colours[(i - 1) % 7];
        dash_t d = (dash_t)((i - 1) % DASH_N);
        mark_t mk = (mark_t)(1 + (i - 1) % (MARK_N - 1));
        chart_line(&ch, ptable_row(c->diff[i], s, ST_P50), 0, H + 1, col, 3.5, d, mk, 12, 3 * i);
        chart_legend(&ch, LEG_LINE, c->sc[i]->name, col, d, mk);
    }
    chart_legend(&ch, LEG_BAND, "Shaded: 90% interval of the paired difference", okabe_ito[0], DASH_SOLID, MARK_NONE);
}

static void alt_difference(FILE *f, const void *p)
{
    const cctx *x = p;
    const compare_t *c = x->c;
    int H = c->sc[0]->horizon;
    fprintf(f, "Line chart of the change in the probation caseload in England and Wales that each policy makes, "
               "against the base scenario %s: people under supervision, policy minus base, paired replication by replication "
               "(%d replications), with 90%% intervals. ", c->sc[0]->name, c->res[0]->nrep);
    for (int i = 1; i < c->n; i++) {
        const ptable_t *t = c->diff[i];
        int s = ptable_find(t, "caseload.total");
        const double *m = ptable_row(t, s, ST_P50);
        int at = 0;
        for (int k = 1; k <= H; k++) if (fabs(m[k]) > fabs(m[at])) at = k;
        char a[32], b[32], d[32], e[32], mon[32], mon2[32];
        chart_format(a, sizeof a, m[H], 0);
        chart_format(b, sizeof b, ptable_row(t, s, ST_P5)[H], 0);
        chart_format(d, sizeof d, ptable_row(t, s, ST_P95)[H], 0);
        chart_format(e, sizeof e, m[at], 0);
        chart_month_label(c->sc[0]->start + H, 0, mon, sizeof mon);
        chart_month_label(c->sc[0]->start + at, 0, mon2, sizeof mon2);
        fprintf(f, "%s: %s%s people by %s (90%% interval %s to %s); the largest change is %s%s, in %s. ",
                c->sc[i]->name, m[H] > 0 ? "+" : "", a, mon, b, d, m[at] > 0 ? "+" : "", e, mon2);
    }
    fprintf(f, "\n");
}

static void draw_levels(cairo_t *cr, const void *p)
{
    const cctx *x = p;
    const compare_t *c = x->c;
    char sub[200];
    snprintf(sub, sizeof sub, "People under probation supervision at each month end; median and 90%% interval of %d replications",
             c->res[0]->nrep);
    chart_t ch;
    begin_compare_chart(&ch, cr, x, "Probation caseload under each scenario, England and Wales", sub);
    int H = c->sc[0]->horizon;
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < c->n; i++) {
        const results_t *r = c->res[i];
        int s = r->lay->total;
        for (int k = 0; k <= H; k++) {
            lo = fmin(lo, r->p5[results_at(r, k, s)]);
            hi = fmax(hi, r->p95[results_at(r, k, s)]);
        }
    }
    chart_axes(&ch, c->sc[0]->start, 0, H, lo, hi, "People under supervision");
    mark_policy(&ch, c);
    double *a = malloc((size_t)(H + 1) * sizeof *a), *b = malloc((size_t)(H + 1) * sizeof *b),
           *m = malloc((size_t)(H + 1) * sizeof *m);
    if (!a || !b || !m) { free(a); free(b); free(m); return; }
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < c->n; i++) {
            const results_t *r = c->res[i];
            int s = r->lay->total;
            rgb_t col = i == 0 ? okabe_ito[0] : line_colours[(i - 1) % 7];
            for (int k = 0; k <= H; k++) {
                size_t at = results_at(r, k, s);
                a[k] = r->p5[at];
                b[k] = r->p95[at];
                m[k] = r->p50[at];
            }
            if (pass == 0) { chart_band(&ch, a, b, 0, H + 1, col, i == 0 ? 0.12 : 0.2); continue; }
            dash_t d = i == 0 ? DASH_SOLID : (dash_t)((i - 1) % DASH_N);
            mark_t mk = i == 0 ? MARK_NONE : (mark_t)(1 + (i - 1) % (MARK_N - 1));
            chart_line(&ch, m, 0, H + 1, col, 3.5, d, mk, 12, 3 * i);
            char lab[200];
            snprintf(lab, sizeof lab, "%s%s", c->sc[i]->name, i == 0 ? " (base)" : "");
            chart_legend(&ch, LEG_LINE, lab, col, d, mk);
        }
    chart_legend(&ch, LEG_BAND, "Shaded: 90% interval of each scenario", okabe_ito[0], DASH_SOLID, MARK_NONE);
    free(a);
    free(b);
    free(m);
}

static void alt_levels(FILE *f, const void *p)
{
    const cctx *x = p;
    const compare_t *c = x->c;
    int H = c->sc[0]->horizon;
    char mon0[32], mon1[32];
    chart_month_label(c->sc[0]->start, 0, mon0, sizeof mon0);
    chart_month_label(c->sc[0]->start + H, 0, mon1, sizeof mon1);
    fprintf(f, "Line chart of the projected probation caseload in England and Wales under %d scenarios, %s to %s, "
               "median and 90%% interval of %d replications each. ", c->n, mon0, mon1, c->res[0]->nrep);
    for (int i = 0; i < c->n; i++) {
        const results_t *r = c->res[i];
        size_t a0 = results_at(r, 0, r->lay->total), a1 = results_at(r, H, r->lay->total);
        char s0[32], s1[32], lo[32], hi[32];
        chart_format(s0, sizeof s0, r->p50[a0], 0);
        chart_format(s1, sizeof s1, r->p50[a1], 0);
        chart_format(lo, sizeof lo, r->p5[a1], 0);
        chart_format(hi, sizeof hi, r->p95[a1], 0);
        fprintf(f, "%s%s: %s at the start, %s at the end (90%% interval %s to %s). ", c->sc[i]->name,
                i == 0 ? " (base)" : "", s0, s1, lo, hi);
    }
    fprintf(f, "\n");
}

int plots_render_compare(const compare_t *c, const pmeta_t *m, const char *dir, int formats, errlist_t *e)
{
    cctx x = { c, m };
    if (c->n > 1 && plots_render_custom("difference", draw_difference, alt_difference, &x, m->made, dir, formats, e)) return -1;
    return plots_render_custom("caseload_compare", draw_levels, alt_levels, &x, m->made, dir, formats, e);
}
