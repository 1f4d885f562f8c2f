/* compare.c: paired runs of a base and policies; differences and headlines. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "runner.h"

static char *stem_of(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t n = dot ? (size_t)(dot - b) : strlen(b);
    char *s = malloc(n + 1);
    if (s) { memcpy(s, b, n); s[n] = 0; }
    return s;
}

void compare_free(compare_t *c)
{
    if (!c) return;
    for (int i = 0; i < c->n; i++) {
        if (c->res) results_free(c->res[i]);
        if (c->lay) layout_free(c->lay[i]);
        if (c->sc) scenario_free(c->sc[i]);
        if (c->stem) free(c->stem[i]);
        if (c->diff) ptable_free(c->diff[i]);
        if (c->map) free(c->map[i]);
    }
    free(c->res);
    free(c->lay);
    free(c->sc);
    free(c->stem);
    free(c->diff);
    free(c->map);
    free(c);
}

compare_t *compare_create(int n, char **files, errlist_t *e)
{
    compare_t *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->n = n;
    c->sc = calloc((size_t)n, sizeof *c->sc);
    c->lay = calloc((size_t)n, sizeof *c->lay);
    c->res = calloc((size_t)n, sizeof *c->res);
    c->stem = calloc((size_t)n, sizeof *c->stem);
    c->diff = calloc((size_t)n, sizeof *c->diff);
    c->map = calloc((size_t)n, sizeof *c->map);
    if (!c->sc || !c->lay || !c->res || !c->stem || !c->diff || !c->map) { compare_free(c); return NULL; }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        c->sc[i] = scenario_load(files[i], e);
        c->stem[i] = stem_of(files[i]);
        if (!c->sc[i]) { bad = 1; continue; }
        for (int j = 0; j < i; j++)
            if (c->stem[j] && c->stem[i] && !strcmp(c->stem[j], c->stem[i])) {
                errlist_add(e, files[i], 0, 0, "has the same file name as another scenario (expected distinct names: they label the results)");
                bad = 1;
            }
    }
    if (bad) { compare_free(c); return NULL; }
    const scenario_t *b = c->sc[0];
    for (int i = 1; i < n; i++)
        if (c->sc[i]->start != b->start || c->sc[i]->horizon != b->horizon) {
            char m0[8], m1[8];
            month_label(b->start, m0);
            month_label(c->sc[i]->start, m1);
            errlist_add(e, files[i], 0, 0, "starts %s and runs %d months, the base starts %s and runs %d (expected the same start and horizon to compare)",
                        m1, c->sc[i]->horizon, m0, b->horizon);
            bad = 1;
        }
    if (bad) { compare_free(c); return NULL; }
    for (int i = 0; i < n; i++) {
        c->lay[i] = layout_create(c->sc[i]);
        if (!c->lay[i]) { compare_free(c); return NULL; }
    }
    for (int i = 0; i < n; i++) {
        c->map[i] = malloc((size_t)c->lay[0]->n * sizeof *c->map[i]);
        if (!c->map[i]) { compare_free(c); return NULL; }
        for (int s = 0; s < c->lay[0]->n; s++) c->map[i][s] = layout_find(c->lay[i], c->lay[0]->name[s]);
    }
    return c;
}

int compare_run(compare_t *c, int reps, uint64_t seed, int jobs, int progress, errlist_t *e)
{
    plan_t plan = { .jobs = jobs };
    return compare_run_plan(c, reps, seed, &plan, progress, e);
}

int compare_run_plan(compare_t *c, int reps, uint64_t seed, const plan_t *plan, int progress, errlist_t *e)
{
    for (int i = 0; i < c->n; i++) {
        if (progress) fprintf(stderr, "  %s\n", c->stem[i]);
        c->res[i] = results_create(c->sc[i], c->lay[i], reps);
        if (!c->res[i]) { errlist_add(e, NULL, 0, 0, "out of memory"); return -1; }
        int rc = runner_run_plan(c->res[i], seed, plan, progress, e);
        if (rc) return rc;
    }
    /* paired differences: replication r of the policy minus replication r of the base */
    const results_t *b = c->res[0];
    const layout_t *lb = c->lay[0];
    double *x = malloc((size_t)reps * sizeof *x);
    if (!x) return -1;
    for (int i = 1; i < c->n; i++) {
        const results_t *p = c->res[i];
        ptable_t *t = c->diff[i] = ptable_create(c->sc[0]->start, b->nmonth, lb->n);
        if (!t) { free(x); return -1; }
        for (int s = 0; s < lb->n; s++) {
            t->name[s] = malloc(strlen(lb->name[s]) + 1);
            if (!t->name[s]) { free(x); return -1; }
            strcpy(t->name[s], lb->name[s]);
            int ps = c->map[i][s];
            if (ps < 0) continue;
            for (int k = (lb->is_flow[s] ? 1 : 0); k < b->nmonth; k++) {
                for (int r = 0; r < reps; r++)
                    x[r] = results_rep((results_t *)p, r)[(size_t)k * (size_t)p->nser + (size_t)ps] -
                           results_rep((results_t *)b, r)[(size_t)k * (size_t)b->nser + (size_t)s];
                double st[4];
                results_quantiles(x, reps, &st[0], &st[1], &st[2], &st[3]);
                for (int q = 0; q < 4; q++) ptable_row(t, s, q)[k] = ptable_round(st[q]);
            }
        }
    }
    free(x);
    return 0;
}

static void put_row(FILE *f, const char *scen, int month, const char *series, const double v[4])
{
    char lab[8];
    month_label(month, lab);
    fprintf(f, "%s,%s,%s", scen, lab, series);
    for (int q = 0; q < 4; q++) fprintf(f, ",%.2f", fabs(v[q]) < 0.005 ? 0.0 : v[q]);
    fputc('\n', f);
}

int compare_write_difference(FILE *f, const void *ctx)
{
    const compare_t *c = ctx;
    fprintf(f, "scenario,month,series,mean,p5,p50,p95\n");
    for (int i = 1; i < c->n; i++) {
        const ptable_t *t = c->diff[i];
        for (int k = 0; k < t->nmonth; k++)
            for (int s = 0; s < t->nser; s++) {
                if (c->map[i][s] < 0 || (k == 0 && c->lay[0]->is_flow[s])) continue;
                double v[4];
                for (int q = 0; q < 4; q++) v[q] = ptable_row(t, s, q)[k];
                put_row(f, c->stem[i], t->start + k, t->name[s], v);
            }
    }
    return ferror(f) ? -1 : 0;
}

int compare_write_levels(FILE *f, const void *ctx)
{
    const compare_t *c = ctx;
    fprintf(f, "scenario,month,series,mean,p5,p50,p95\n");
    for (int i = 0; i < c->n; i++) {
        const results_t *r = c->res[i];
        for (int k = 0; k < r->nmonth; k++)
            for (int s = 0; s < r->nser; s++) {
                if (k == 0 && r->lay->is_flow[s]) continue;
                size_t at = results_at(r, k, s);
                double v[4] = { r->mean[at], r->p5[at], r->p50[at], r->p95[at] };
                put_row(f, c->stem[i], r->sc->start + k, r->lay->name[s], v);
            }
    }
    return ferror(f) ? -1 : 0;
}

int compare_headline_months(const compare_t *c, int p, int rows[4], int after[4])
{
    const scenario_t *s = c->sc[p];
    int L = p > 0 ? policy_first_new_month(s, c->sc[0]) : policy_first_month(s);
    int n = 0;
    if (L >= 0)
        for (int y = 1; y <= 3; y++) {
            int k = L - 1 + 12 * y - s->start; /* end of the 12th month from the lever's first day */
            if (k >= 1 && k < s->horizon) { rows[n] = k; after[n] = 12 * y; n++; }
        }
    rows[n] = s->horizon;
    after[n] = L >= 0 ? s->start + s->horizon - (L - 1) : -1;
    return n + 1;
}

static const char *const headline_series[] = {
    "caseload.total", "caseload.community_order", "caseload.suspended_sentence_order", "caseload.pre_release",
    "caseload.licence", "caseload.post_sentence_supervision", "custody.recalled",
    "workload.points.total", "staff.required_fte.total", "staff.required_fte.probation_officer",
    "staff.required_fte.probation_services_officer", "staff.cost_gap"
};
#define NHEAD (int)(sizeof headline_series / sizeof headline_series[0])

static void month_long(int month, char *buf, size_t n)
{
    static const char *mn[] = { "January", "February", "March", "April", "May", "June", "July",
                                "August", "September", "October", "November", "December" };
    snprintf(buf, n, "%s %d", mn[month % 12], month / 12);
}

int compare_write_headline_txt(FILE *f, const void *ctx)
{
    const compare_t *c = ctx;
    fprintf(f, "caseflow %s: policies against the base \"%s\" (%s), %d paired replications, seed %llu.\n",
            CASEFLOW_VERSION, c->sc[0]->name, c->stem[0], c->res[0]->nrep, (unsigned long long)c->res[0]->seed);
    fprintf(f, "Each figure is the policy minus the base, replication by replication (common random numbers);\n"
               "the 90%% interval runs from the 5th to the 95th percentile of those paired differences.\n");
    for (int p = 1; p < c->n; p++) {
        const ptable_t *t = c->diff[p];
        fprintf(f, "\n%s (%s)\n", c->sc[p]->name, c->stem[p]);
        int rows[4], after[4];
        int n = compare_headline_months(c, p, rows, after);
        int s = ptable_find(t, "caseload.total");
        for (int i = 0; i < n; i++) {
            int k = rows[i];
            double md = ptable_row(t, s, ST_P50)[k], lo = ptable_row(t, s, ST_P5)[k], hi = ptable_row(t, s, ST_P95)[k];
            char mon[32], a[32], b[32], d[32], when[64] = "";
            month_long(t->start + k, mon, sizeof mon);
            if (after[i] > 0) snprintf(when, sizeof when, " (%d months after the policy starts)", after[i]);
            /* "removes 1,146 (90% interval 1,072 to 1,207)": same sign as the verb */
            fmt_num(a, sizeof a, fabs(md), 0);
            fmt_num(b, sizeof b, md >= 0 ? lo : -hi, 0);
            fmt_num(d, sizeof d, md >= 0 ? hi : -lo, 0);
            fprintf(f, "  By the end of %s%s the policy %s %s people (90%% interval %s to %s) %s the probation caseload.\n",
                    mon, when, md >= 0 ? "adds" : "removes", a, b, d, md >= 0 ? "to" : "from");
            int rq = ptable_find(t, "staff.required_fte.total"), cg = ptable_find(t, "staff.cost_gap");
            if (rq >= 0 && cg >= 0) {
                double q = ptable_row(t, rq, ST_P50)[k], ql = ptable_row(t, rq, ST_P5)[k], qh = ptable_row(t, rq, ST_P95)[k];
                double cm = ptable_row(t, cg, ST_P50)[k], cl = ptable_row(t, cg, ST_P5)[k], ch = ptable_row(t, cg, ST_P95)[k];
                char x1[32], x2[32], x3[32], y1[32], y2[32], y3[32];
                fmt_num(x1, sizeof x1, fabs(q), 0);
                fmt_num(x2, sizeof x2, q >= 0 ? ql : -qh, 0);
                fmt_num(x3, sizeof x3, q >= 0 ? qh : -ql, 0);
                fmt_num(y1, sizeof y1, fabs(cm) / 1e6, 1);
                fmt_num(y2, sizeof y2, (cm >= 0 ? cl : -ch) / 1e6, 1);
                fmt_num(y3, sizeof y3, (cm >= 0 ? ch : -cl) / 1e6, 1);
                fprintf(f, "    It %s %s staff FTE (90%% interval %s to %s), %s GBP %s million a year with on-costs (90%% interval %s to %s).\n",
                        q >= 0 ? "needs" : "frees", x1, x2, x3, cm >= 0 ? "costing" : "saving", y1, y2, y3);
            }
            static const char *const words[] = { "", "community orders", "SSOs", "pre-release",
                                                 "licence", "PSS", "in custody on recall (outside the caseload)" };
            fprintf(f, "    Median change by type:");
            for (int h = 1; h < 7; h++) {
                int hs = ptable_find(t, headline_series[h]);
                if (hs < 0) continue;
                double v = ptable_row(t, hs, ST_P50)[k];
                char num[32];
                fmt_num(num, sizeof num, v, 0);
                fprintf(f, "%s %s %s%s", h > 1 ? ";" : "", words[h], v > 0 ? "+" : "", num);
            }
            fprintf(f, ".\n");
        }
    }
    return ferror(f) ? -1 : 0;
}

int compare_write_headline_csv(FILE *f, const void *ctx)
{
    const compare_t *c = ctx;
    fprintf(f, "scenario,month,months_after_policy,measure,mean,p5,p50,p95\n");
    for (int p = 1; p < c->n; p++) {
        const ptable_t *t = c->diff[p];
        int rows[4], after[4];
        int n = compare_headline_months(c, p, rows, after);
        for (int i = 0; i < n; i++)
            for (int h = 0; h < NHEAD; h++) {
                int s = ptable_find(t, headline_series[h]);
                if (s < 0) continue;
                char lab[8];
                month_label(t->start + rows[i], lab);
                fprintf(f, "%s,%s,%d,%s", c->stem[p], lab, after[i], headline_series[h]);
                for (int q = 0; q < 4; q++) {
                    double v = ptable_row(t, s, q)[rows[i]];
                    fprintf(f, ",%.2f", fabs(v) < 0.005 ? 0.0 : v);
                }
                fputc('\n', f);
            }
    }
    return ferror(f) ? -1 : 0;
}
