/* strain.c: practitioners, hours and suspended work in a comparison (strain.h). */
#include "strain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "uncertain.h"
#include "workforce.h"

/* The changes the headline and the decision table report, by series name. */
typedef struct { const char *series, *label, *unit; } strain_t;
static const strain_t changes[] = {
    { "practitioners.over_110.total", "Practitioners over 110% of capacity", "FTE" },
    { "practitioners.over_110_4wk.total", "over 110% for four weeks running (the WMT's excessive workload)", "FTE" },
    { "hours.unpaid_overtime", "Unpaid overtime", "hours a month" },
    { "hours.suspended", "Work not done", "hours a month" },
    { "workload.points_per_fte.total", "Workload per case-holding practitioner", "points a month" },
};
enum { SC_OVER, SC_OVER4, SC_UNPAID, SC_SUSPENDED, SC_PER_FTE, SC_N };
static const char *const csv_names[SC_N] = { "over_110", "over_110_4wk", "unpaid_overtime_hours", "suspended_hours", "workload_per_fte" };

static int has_strain(const compare_t *c) { return c->lay[0]->pr0 >= 0; }

int strain_per_fte_pct(const compare_t *c, int p, int k, double st[4])
{
    int s = layout_find(c->lay[0], "workload.points_per_fte.total");
    if (s < 0 || c->map[p][s] < 0) return -1;
    int reps = c->res[0]->nrep, ps = c->map[p][s];
    double *x = malloc((size_t)reps * sizeof *x);
    if (!x) return -1;
    for (int r = 0; r < reps; r++) {
        double b = results_rep(c->res[0], r)[(size_t)k * (size_t)c->res[0]->nser + (size_t)s];
        double v = results_rep(c->res[p], r)[(size_t)k * (size_t)c->res[p]->nser + (size_t)ps];
        x[r] = b > 0 ? 100 * (v / b - 1) : 0;
    }
    results_quantiles(x, reps, &st[0], &st[1], &st[2], &st[3]);
    free(x);
    return 0;
}

/* The work types whose suspension changes (policy p, row k), lowest priority first. */
static void suspended_by_type(FILE *f, const compare_t *c, int p, int k)
{
    const ptable_t *t = c->diff[p];
    char a[64];
    const prac_t *pr = &c->sc[0]->wf->prac;
    int first = 1;
    for (int i = pr->ntypes - 1; i >= 0; i--) {
        char name[96];
        snprintf(name, sizeof name, "hours.suspended.%s", pr->type_name[i]);
        int s = ptable_find(t, name);
        if (s < 0 || fabs(ptable_row(t, s, ST_P50)[k]) < 0.5) continue;
        compare_signed_text(a, sizeof a, ptable_row(t, s, ST_P50)[k], 1, 0);
        char w[96];
        fprintf(f, "%s %s %s", first ? "      of which (median hours a month):" : ";", fmt_words(pr->type_name[i], w, sizeof w), a);
        first = 0;
    }
    if (!first) fprintf(f, ".\n");
}

/* Paid overtime and its yearly cost (policy p, row k), when it changes. */
static void paid_overtime(FILE *f, const compare_t *c, int p, int k)
{
    const ptable_t *t = c->diff[p];
    int h = ptable_find(t, "hours.paid_overtime"), m = ptable_find(t, "staff.cost_paid_overtime");
    if (h < 0 || m < 0 || (ptable_row(t, h, ST_P5)[k] == 0 && ptable_row(t, h, ST_P95)[k] == 0)) return;
    char a[128], b[128];
    compare_interval_text(a, sizeof a, c, t, h, k, 1, 0);
    compare_interval_text(b, sizeof b, c, t, m, k, 1e6 / 12, 1); /* GBP a month -> million a year */
    fprintf(f, "    Paid overtime: %s hours a month, costing GBP %s million a year.\n", a, b);
}

void strain_lines(FILE *f, const compare_t *c, int p, int k)
{
    if (!has_strain(c)) return;
    const ptable_t *t = c->diff[p];
    char a[128];
    for (int i = 0; i < SC_N; i++) {
        int s = ptable_find(t, changes[i].series);
        if (s < 0) continue;
        compare_interval_text(a, sizeof a, c, t, s, k, 1, 0);
        if (i == SC_OVER) fprintf(f, "    %s: %s %s;", changes[i].label, a, changes[i].unit);
        else if (i == SC_OVER4) fprintf(f, " %s: %s.\n", changes[i].label, a);
        else if (i == SC_PER_FTE) {
            double st[4];
            char b[32], lo[32], hi[32];
            fprintf(f, "    %s: %s %s", changes[i].label, a, changes[i].unit);
            if (!strain_per_fte_pct(c, p, k, st)) {
                compare_signed_text(b, sizeof b, st[2], 1, 1);
                compare_signed_text(lo, sizeof lo, st[1], 1, 1);
                compare_signed_text(hi, sizeof hi, st[3], 1, 1);
                if (c->res[0]->nrep < UNC_MIN_REPS) fprintf(f, ", %s%%", b);
                else fprintf(f, ", %s%% (90%% interval %s%% to %s%%)", b, lo, hi);
            }
            fprintf(f, ".\n");
        } else fprintf(f, "    %s: %s %s.\n", changes[i].label, a, changes[i].unit);
        if (i == SC_UNPAID) paid_overtime(f, c, p, k);
        if (i == SC_SUSPENDED) suspended_by_type(f, c, p, k);
    }
}

/* First month from which the median of safeguard.declared is 1, and for how
 * many months in a row (level of scenario p). */
static int safeguard_of(const compare_t *c, int p, int *months)
{
    int s = layout_find(c->lay[p], "safeguard.declared");
    *months = 0;
    return s < 0 ? -1 : results_first_above(c->res[p], s, 0.5, 0, months);
}

void strain_decision_txt(FILE *f, const compare_t *c, int w, const int *rows, const int *after, int n)
{
    if (!has_strain(c)) return;
    for (int i = 0; i < SC_N; i++) {
        int s = ptable_find(c->diff[c->n > 1 ? 1 : 0], changes[i].series);
        if (s < 0 || c->n < 2) continue;
        fprintf(f, "\n  %s, change (%s)\n", changes[i].label, changes[i].unit);
        compare_month_header(f, c, w, rows, after, n);
        for (int p = 1; p < c->n; p++) {
            fprintf(f, "  %-*.*s", w, w, c->stem[p]);
            for (int j = 0; j < n; j++) {
                char v[48], pc[32];
                compare_signed_text(v, sizeof v, ptable_row(c->diff[p], s, ST_P50)[rows[j]], 1, 0);
                double st[4];
                if (i == SC_PER_FTE && !strain_per_fte_pct(c, p, rows[j], st)) {
                    compare_signed_text(pc, sizeof pc, st[2], 1, 1);
                    strncat(v, " (", sizeof v - strlen(v) - 1);
                    strncat(v, pc, sizeof v - strlen(v) - 1);
                    strncat(v, "%)", sizeof v - strlen(v) - 1);
                }
                fprintf(f, "  %17s", v);
            }
            fputc('\n', f);
        }
    }
    fprintf(f, "\n  %-*s  %24s  %24s\n", w, "Safeguard (declared full)", "first month", "months in a row");
    for (int p = 0; p < c->n; p++) {
        int months, k = safeguard_of(c, p, &months);
        char a[32] = "never", b[16] = "0";
        if (k >= 0) {
            month_label(c->sc[0]->start + k, a);
            if (k == 0) strncat(a, " (from the start)", sizeof a - strlen(a) - 1);
            snprintf(b, sizeof b, "%d", months);
        }
        fprintf(f, "  %-*.*s  %24s  %24s\n", w, w, c->stem[p], a, b);
    }
}

void strain_decision_header(FILE *f, const compare_t *c, const char *const *tags, int n)
{
    if (!has_strain(c)) return;
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < SC_N; i++) fprintf(f, ",%s_change_%s", csv_names[i], tags[j]);
        fprintf(f, ",workload_per_fte_pct_change_%s", tags[j]);
    }
    fprintf(f, ",safeguard_first_month,safeguard_months");
}

void strain_decision_row(FILE *f, const compare_t *c, int p, const int *rows, int n)
{
    if (!has_strain(c)) return;
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < SC_N; i++) {
            int s = p ? ptable_find(c->diff[p], changes[i].series) : -1;
            if (s < 0) fprintf(f, ",%s", p ? "" : "0.00");
            else fprintf(f, ",%.2f", ptable_row(c->diff[p], s, ST_P50)[rows[j]] + 0.0);
        }
        double st[4];
        if (p && !strain_per_fte_pct(c, p, rows[j], st)) fprintf(f, ",%.2f", st[2] + 0.0);
        else fprintf(f, ",%s", p ? "" : "0.00");
    }
    int months, k = safeguard_of(c, p, &months);
    char lab[8];
    if (k >= 0) month_label(c->sc[0]->start + k, lab);
    fprintf(f, ",%s,%d", k >= 0 ? lab : "never", months);
}
