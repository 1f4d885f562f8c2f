/* compare.c: paired runs of a base and policies; differences and headlines. */
#include "compare.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"
#include "policy.h"
#include "regional.h"
#include "regions.h"
#include "rulebook.h"
#include "runner.h"
#include "workforce.h"
#include "runner.h"
#include "sensitivity.h"
#include "strain.h"
#include "uncertain.h"

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
        if (c->mlev) ptable_free(c->mlev[i]);
        if (c->mdiff) ptable_free(c->mdiff[i]);
    }
    free(c->mlev);
    free(c->mdiff);
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
    c->mlev = calloc((size_t)n, sizeof *c->mlev);
    c->mdiff = calloc((size_t)n, sizeof *c->mdiff);
    if (!c->sc || !c->lay || !c->res || !c->stem || !c->diff || !c->map || !c->mlev || !c->mdiff) { compare_free(c); return NULL; }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        c->sc[i] = scenario_load(files[i], e);
        c->stem[i] = stem_of(files[i]);
        if (!c->sc[i]) { bad = 1; continue; }
        if (c->stem[i] && strlen(c->stem[i]) > 200) {
            /* it names the scenario's files in the output (params-STEM.txt),
             * and compare.yaml must read it back */
            errlist_add(e, files[i], 0, 0, "a file name of %zu characters before its extension (expected at most 200: it labels the scenario's results and files)",
                        strlen(c->stem[i]));
            bad = 1;
        }
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
    for (int i = 1; i < n; i++) {
        /* regions are paired by name: the same regions, or none, in every scenario */
        int same = c->sc[i]->nregions == b->nregions;
        for (int r = 0; same && r < b->nregions; r++) same = !strcmp(c->sc[i]->regions[r].name, b->regions[r].name);
        if (!same) {
            errlist_add(e, files[i], 0, 0, "has %d regions where the base has %d, or other ones (expected the same regions, in the same order, in every scenario compared: each region is paired with its own)",
                        c->sc[i]->nregions, b->nregions);
            bad = 1;
        }
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

const char *const money_series[MN_N] = {
    "derived.caseload", "derived.workload", "derived.fte_needed", "derived.fte_in_post_needed",
    "derived.fte_available", "derived.fte_gap", "derived.cost_needed", "derived.cost_available",
    "derived.cost_gap", "derived.capacity_pct", "derived.fte_short", "derived.cost_short"
};
const char *const money_labels[MN_N] = {
    "people under supervision", "workload (points a month)", "staff needed (case-holding FTE)",
    "staff in post that implies (FTE)", "staff available (case-holding FTE)", "gap (FTE needed minus available)",
    "cost of the staff needed (GBP m a year)", "cost of the staff available (GBP m a year)",
    "cost of the remaining gap (GBP m a year)", "capacity used (%)",
    "staff short (FTE, each grade where short)", "cost of the staff short (GBP m a year)"
};

void compare_money(double m[MN_N], double caseload, const double workload[2], const double needed[2],
                   const double available[2], const double holding[2], const double cost[2], double capacity_pct)
{
    for (int k = 0; k < MN_N; k++) m[k] = 0;
    m[MN_CASELOAD] = caseload;
    m[MN_CAPACITY] = capacity_pct;
    for (int g = 0; g < 2; g++) {
        double h = holding[g] > 0 ? holding[g] : 1;
        m[MN_WORKLOAD] += workload[g];
        m[MN_NEEDED] += needed[g];
        m[MN_IN_POST] += needed[g] / h;
        m[MN_AVAILABLE] += available[g];
        m[MN_GAP] += needed[g] - available[g];
        m[MN_COST_NEEDED] += needed[g] / h * cost[g];
        m[MN_COST_AVAILABLE] += available[g] / h * cost[g];
        m[MN_COST_GAP] += (needed[g] - available[g]) / h * cost[g];
        double sh = needed[g] > available[g] ? needed[g] - available[g] : 0;
        m[MN_SHORT] += sh;
        m[MN_COST_SHORT] += sh / h * cost[g];
    }
}

int compare_first_under(const double *v, int n, double line)
{
    int k = n;
    while (k > 0 && v[k - 1] < line) k--;
    return k == n ? -1 : k;
}

void compare_peak_lasting(const double *v, int k0, int n, double *peak, int *at, double *lasting)
{
    *peak = 0;
    *at = k0;
    *lasting = 0;
    if (k0 >= n) return;
    for (int k = k0; k < n; k++)
        if (fabs(v[k]) > fabs(*peak)) { *peak = v[k]; *at = k; }
    int w = n - k0 < 12 ? n - k0 : 12;
    for (int k = n - w; k < n; k++) *lasting += v[k] / w;
}

/* The money of one area's block of a row (the nation's, or a region's at
 * offset nbase (1 + r)), with the holding shares and costs h. */
static void money_of(const layout_t *l, const double *row, const double *h, double m[MN_N])
{
    const double *o = row + l->wf0;
    double wl[2] = { o[WF_WORKLOAD_PO], o[WF_WORKLOAD_PSO] }, need[2] = { o[WF_REQ_PO], o[WF_REQ_PSO] };
    double avail[2] = { o[WF_AVAIL_PO] + o[WF_EFF_TRAINEE], o[WF_AVAIL_PSO] };
    compare_money(m, row[l->total], wl, need, avail, h, h + 2, o[WF_CAP_TOTAL]);
}

/* The money of scenario i, replication r, month k (compare_money), with
 * the holding share and yearly cost in force that month: hc[(a * nm + k) * 4
 * + g] and + 2 + g for area a (levers can change both from a date).  With
 * regions, each region's money with its own shares and costs (its levers
 * and rates), summed; capacity is the nation's (a ratio of sums). */
static void money_at(const compare_t *c, int i, int r, int k, int nm, const double *hc, double m[MN_N])
{
    const results_t *res = c->res[i];
    const layout_t *l = c->lay[i];
    const double *row = results_rep((results_t *)res, r) + (size_t)k * (size_t)res->nser;
    if (!l->nreg) { money_of(l, row, hc + (size_t)k * 4, m); return; }
    for (int q = 0; q < MN_N; q++) m[q] = 0;
    for (int a = 1; a <= l->nreg; a++) {
        double mr[MN_N];
        money_of(l, row + (size_t)l->nbase * (size_t)a, hc + ((size_t)a * (size_t)nm + (size_t)k) * 4, mr);
        for (int q = 0; q < MN_N; q++) m[q] += mr[q];
    }
    m[MN_CAPACITY] = row[l->wf0 + WF_CAP_TOTAL];
}

/* The money of scenario i for every replication and month, into
 * out[(r * nm + k) * MN_N + q] (money_at).  The holding shares and yearly
 * costs are read as the model read them: from each area's rulebook (the
 * nation's, then each region's), drawn for the replication (a ranged cost
 * or share moves the money as it moved the model's gap), in force at the
 * month's rules day (workload.c).  Returns 0 or -1 (out of memory). */
static int money_all(const compare_t *c, int i, int reps, int nm, double *out)
{
    const scenario_t *s = c->sc[i];
    const results_t *res = c->res[i];
    int na = 1 + s->nregions, a0 = s->nregions ? 1 : 0, rc = 0; /* with regions, money_at reads theirs only */
    rulebook_t **rb = calloc((size_t)na, sizeof *rb);
    double *hc = malloc((size_t)na * (size_t)nm * 4 * sizeof *hc);
    if (!rb || !hc) rc = -1;
    for (int a = a0; a < na && !rc; a++)
        if (!(rb[a] = rulebook_create(a ? s->region_sc[a - 1] : s))) rc = -1;
    for (int r = 0; r < reps && !rc; r++) {
        uint64_t seed = runner_rep_seed(res->seed, res->first + r); /* as runner.c and run_regions draw */
        for (int a = a0; a < na; a++) {
            const scenario_t *sa = a ? s->region_sc[a - 1] : s;
            rulebook_draw(rb[a], seed);
            for (int k = 0; k < nm; k++) {
                double t = month_rules_day(month_end_day(s, k), k);
                double *h = hc + ((size_t)a * (size_t)nm + (size_t)k) * 4;
                for (int g = 0; g < 2; g++) {
                    h[g] = rb_at(rb[a], param_staff(sa, g, PS_HOLDING_SHARE), t);
                    h[2 + g] = rb_at(rb[a], param_staff(sa, g, PS_ANNUAL_COST), t);
                }
            }
        }
        for (int k = 0; k < nm; k++) money_at(c, i, r, k, nm, hc, out + ((size_t)r * (size_t)nm + (size_t)k) * MN_N);
    }
    if (rb)
        for (int a = 0; a < na; a++) rulebook_free(rb[a]);
    free(rb);
    free(hc);
    return rc;
}

static ptable_t *money_table(int start, int nmonth)
{
    ptable_t *t = ptable_create(start, nmonth, MN_N);
    if (!t) return NULL;
    for (int k = 0; k < MN_N; k++)
        if (!(t->name[k] = strdup(money_series[k]))) { ptable_free(t); return NULL; }
    return t;
}

/* Levels and paired differences of the money, when every scenario has a
 * workforce.  Returns 0 or -1 (out of memory). */
static int money_tables(compare_t *c, int reps)
{
    for (int i = 0; i < c->n; i++)
        if (!c->sc[i]->wf || c->lay[i]->wf0 < 0) return 0;
    int nm = c->res[0]->nmonth;
    size_t nv = (size_t)reps * (size_t)nm * MN_N;
    double *x = malloc((size_t)reps * sizeof *x), *d = malloc((size_t)reps * sizeof *d);
    double *base = malloc(nv * sizeof *base), *cur = malloc(nv * sizeof *cur);
    int rc = !x || !d || !base || !cur || money_all(c, 0, reps, nm, base) ? -1 : 0;
    for (int i = 0; i < c->n && !rc; i++) {
        ptable_t *lv = c->mlev[i] = money_table(c->sc[0]->start, nm);
        ptable_t *df = i ? (c->mdiff[i] = money_table(c->sc[0]->start, nm)) : NULL;
        if (!lv || (i && !df) || (i && money_all(c, i, reps, nm, cur))) { rc = -1; break; }
        const double *v = i ? cur : base;
        for (int k = 0; k < nm; k++)
            for (int q = 0; q < MN_N; q++) {
                for (int r = 0; r < reps; r++) {
                    size_t at = ((size_t)r * (size_t)nm + (size_t)k) * MN_N + (size_t)q;
                    x[r] = v[at];
                    d[r] = v[at] - base[at];
                }
                double st[4];
                results_quantiles(x, reps, &st[0], &st[1], &st[2], &st[3]);
                for (int s = 0; s < 4; s++) ptable_row(lv, q, s)[k] = ptable_round(st[s]);
                if (!df) continue;
                results_quantiles(d, reps, &st[0], &st[1], &st[2], &st[3]);
                for (int s = 0; s < 4; s++) ptable_row(df, q, s)[k] = ptable_round(st[s]);
            }
    }
    free(x);
    free(d);
    free(base);
    free(cur);
    if (!rc) c->money = 1;
    return rc;
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
    if (money_tables(c, reps)) { errlist_add(e, NULL, 0, 0, "out of memory"); return -1; }
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

/* Every month and series of t (the money tables; NULL: nothing). */
static void put_table(FILE *f, const char *scen, const ptable_t *t)
{
    if (!t) return;
    for (int k = 0; k < t->nmonth; k++)
        for (int s = 0; s < t->nser; s++) {
            double v[4];
            for (int q = 0; q < 4; q++) v[q] = ptable_row(t, s, q)[k];
            put_row(f, scen, t->start + k, t->name[s], v);
        }
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
        put_table(f, c->stem[i], c->mdiff[i]);
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
        put_table(f, c->stem[i], c->mlev[i]);
    }
    return ferror(f) ? -1 : 0;
}

int compare_headline_months(const compare_t *c, int p, int rows[4], int after[4])
{
    const scenario_t *s = c->sc[p];
    int L = policy_first_whole_month(s, p > 0 ? c->sc[0] : NULL);
    int n = 0;
    if (L >= 0)
        for (int y = 1; y <= 3; y++) {
            int k = L - 1 + 12 * y - s->start; /* end of the 12th whole month under the lever */
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

/* "+1,234" or "-1,234" (dec decimals), scaled by 1/div. */
static void signed_num(char *buf, size_t n, double v, double div, int dec)
{
    char a[32];
    fmt_num(a, sizeof a, fabs(v) / div, dec);
    if (snprintf(buf, n, "%s%s", v < 0 && strcmp(a, "0") && strcmp(a, "0.0") ? "-" : v > 0 && strcmp(a, "0") && strcmp(a, "0.0") ? "+" : "", a) < 0)
        buf[0] = 0;
}

/* "+642 (90% interval +635 to +658)" from a money difference; "+642"
 * alone from too few replications for an interval (the headline says so
 * once, at the top). */
static void with_interval(char *buf, size_t n, const compare_t *c, const ptable_t *t, int q, int k, double div, int dec)
{
    char a[32], b[32], d[32];
    signed_num(a, sizeof a, ptable_row(t, q, ST_P50)[k], div, dec);
    if (c->res[0]->nrep < UNC_MIN_REPS) { snprintf(buf, n, "%s", a); return; }
    signed_num(b, sizeof b, ptable_row(t, q, ST_P5)[k], div, dec);
    signed_num(d, sizeof d, ptable_row(t, q, ST_P95)[k], div, dec);
    snprintf(buf, n, "%s (90%% interval %s to %s)", a, b, d);
}

void compare_interval_text(char *buf, size_t n, const compare_t *c, const ptable_t *t, int s, int k, double div, int dec)
{
    with_interval(buf, n, c, t, s, k, div, dec);
}

void compare_signed_text(char *buf, size_t n, double v, double div, int dec) { signed_num(buf, n, v, div, dec); }

/* The money of policy p at row k, in labelled sentences. */
static void money_lines(FILE *f, const compare_t *c, int p, int k)
{
    const ptable_t *d = c->mdiff[p], *l = c->mlev[p];
    char a[128], b[128], g[32], x[128], y[128], z[128], lv[32];
    with_interval(a, sizeof a, c, d, MN_WORKLOAD, k, 1, 0);
    fprintf(f, "    Workload: %s points a month.\n", a);
    with_interval(a, sizeof a, c, d, MN_NEEDED, k, 1, 0);
    signed_num(b, sizeof b, ptable_row(d, MN_IN_POST, ST_P50)[k], 1, 0);
    fprintf(f, "    Staff needed: %s case-holding FTE; that is %s FTE of staff in post (not every member of staff in post holds cases).\n", a, b);
    signed_num(a, sizeof a, ptable_row(d, MN_AVAILABLE, ST_P50)[k], 1, 0);
    signed_num(g, sizeof g, ptable_row(d, MN_GAP, ST_P50)[k], 1, 0);
    fmt_num(lv, sizeof lv, ptable_row(l, MN_GAP, ST_P50)[k], 0);
    fprintf(f, "    Staff available: %s case-holding FTE; the net gap (needed minus available) changes by %s FTE, to %s FTE %s.\n", a,
            g, lv, ptable_row(l, MN_GAP, ST_P50)[k] >= 0 ? "short" : "over (a surplus)");
    with_interval(x, sizeof x, c, d, MN_SHORT, k, 1, 0);
    fmt_num(lv, sizeof lv, ptable_row(l, MN_SHORT, ST_P50)[k], 0);
    with_interval(y, sizeof y, c, d, MN_COST_SHORT, k, 1e6, 1);
    fprintf(f, "    Staff short (each grade in each region where short; spare staff offset none of it): %s FTE, to %s FTE;\n"
               "      its cost a year with on-costs (GBP million, staff in post) %s.\n", x, lv, y);
    with_interval(x, sizeof x, c, d, MN_COST_NEEDED, k, 1e6, 1);
    with_interval(y, sizeof y, c, d, MN_COST_AVAILABLE, k, 1e6, 1);
    with_interval(z, sizeof z, c, d, MN_COST_GAP, k, 1e6, 1);
    fprintf(f, "    Cost a year with on-costs (GBP million, staff in post): of the staff needed %s;\n"
               "      of the staff the option adds %s; of the remaining gap %s.\n", x, y, z);
}

/* Columns of the decision table: 12, 24 and 36 months after the earliest
 * first lever of the options, and the horizon.  Returns how many. */
static int decision_months(const compare_t *c, int rows[4], int after[4])
{
    int L = -1;
    for (int p = 1; p < c->n; p++) {
        int m = policy_first_whole_month(c->sc[p], c->sc[0]);
        if (m >= 0 && (L < 0 || m < L)) L = m;
    }
    const scenario_t *s = c->sc[0];
    int n = 0;
    if (L >= 0)
        for (int y = 1; y <= 3; y++) {
            int k = L - 1 + 12 * y - s->start;
            if (k >= 1 && k < s->horizon) { rows[n] = k; after[n] = 12 * y; n++; }
        }
    rows[n] = s->horizon;
    after[n] = L >= 0 ? s->start + s->horizon - (L - 1) : -1;
    return n + 1;
}

/* What the decision table shows, in order: a money series, level or change,
 * scale and decimals. */
typedef struct { int q, level; double div; int dec; const char *label; } dcol_t;
static const dcol_t dcols[] = {
    { MN_CASELOAD, 0, 1, 0, "Caseload change (people)" },
    { MN_WORKLOAD, 0, 1, 0, "Workload change (points a month)" },
    { MN_NEEDED, 0, 1, 0, "Staff needed, change (case-holding FTE)" },
    { MN_IN_POST, 0, 1, 0, "Staff in post that implies, change (FTE)" },
    { MN_AVAILABLE, 0, 1, 0, "Staff available, change (case-holding FTE)" },
    { MN_SHORT, 1, 1, 0, "Staff short, level (FTE; each grade where short)" },
    { MN_GAP, 1, 1, 0, "Net gap, level (FTE; negative: surplus)" },
    { MN_COST_NEEDED, 0, 1e6, 1, "Cost of the staff needed, change (GBP m a year)" },
    { MN_COST_AVAILABLE, 0, 1e6, 1, "Cost of the staff the option adds (GBP m a year)" },
    { MN_COST_GAP, 1, 1e6, 1, "Cost of the net gap, level (GBP m a year, in post)" },
    { MN_CAPACITY, 1, 1, 0, "Capacity used, level (%; WMT, 110% excessive)" },
};
#define NDCOL (int)(sizeof dcols / sizeof dcols[0])

void compare_month_header(FILE *f, const compare_t *c, int w, const int *rows, const int *after, int n)
{
    fprintf(f, "  %-*s", w, "");
    for (int i = 0; i < n; i++) {
        char mon[8], h[24];
        month_label(c->sc[0]->start + rows[i], mon);
        if (i == n - 1) snprintf(h, sizeof h, "horizon %s", mon);
        else snprintf(h, sizeof h, "%s (%dm)", mon, after[i]);
        fprintf(f, "  %17s", h);
    }
    fputc('\n', f);
}

/* "Mar 2028" or "not within the horizon" for a first month under line. */
static void first_under_label(const compare_t *c, int p, double line, char *buf, size_t n)
{
    const ptable_t *l = c->mlev[p];
    int k = compare_first_under(ptable_row(l, MN_CAPACITY, ST_P50), l->nmonth, line);
    if (k < 0) { snprintf(buf, n, "not within the horizon"); return; }
    char lab[8];
    month_label(l->start + k, lab);
    snprintf(buf, n, "%s%s", lab, k == 0 ? " (from the start)" : "");
}

static void decision_table_txt(FILE *f, const compare_t *c)
{
    int rows[4], after[4];
    int n = decision_months(c, rows, after);
    int w = 8;
    for (int i = 0; i < c->n; i++) if ((int)strlen(c->stem[i]) > w) w = (int)strlen(c->stem[i]);
    if (w > 40) w = 40;
    fprintf(f, "\nDecision table (medians of %d paired replications; a change is the option minus the base, a level is the option's own)\n",
            c->res[0]->nrep);
    if (c->n > 2)
        fprintf(f, "Columns count months from the first whole month of the earliest option; an option that starts later has run\n"
                   "for less by then (each option's own 12, 24 and 36 months are in its lines above).\n");
    for (int i = 0; i < c->n; i++) fprintf(f, "  %-*.*s  %s%s\n", w, w, c->stem[i], c->sc[i]->name, i ? "" : " (base)");
    for (int j = 0; j < NDCOL; j++) {
        const dcol_t *d = &dcols[j];
        fprintf(f, "\n  %s\n", d->label);
        compare_month_header(f, c, w, rows, after, n);
        for (int p = d->level ? 0 : 1; p < c->n; p++) {
            fprintf(f, "  %-*.*s", w, w, c->stem[p]);
            for (int i = 0; i < n; i++) {
                char v[32];
                const ptable_t *t = d->level ? c->mlev[p] : c->mdiff[p];
                double x = ptable_row(t, d->q, ST_P50)[rows[i]];
                /* a capacity that rounds to a line shows its side of it
                 * (109.9, not 110, in the month it is first under) */
                int dec = d->q == MN_CAPACITY && fmt_capacity_dec(x) ? 1 : d->dec;
                if (d->level) fmt_num(v, sizeof v, x / d->div, dec);
                else signed_num(v, sizeof v, x, d->div, d->dec);
                fprintf(f, "  %17s", v);
            }
            fputc('\n', f);
        }
    }
    fprintf(f, "\n  %-*s  %24s  %24s\n", w, "When capacity is back", "first month under 110%", "first month under 100%");
    fprintf(f, "  %-*s  %24s  %24s\n", w, "(and stays there)", "", "");
    for (int p = 0; p < c->n; p++) {
        char a[48], b[48];
        first_under_label(c, p, 110, a, sizeof a);
        first_under_label(c, p, 100, b, sizeof b);
        fprintf(f, "  %-*.*s  %24s  %24s\n", w, w, c->stem[p], a, b);
    }
    fprintf(f, "\n  %-*s  %22s  %22s  %22s  %22s\n", w, "One-off or lasting", "peak caseload change", "lasting caseload", "peak FTE needed", "lasting FTE needed");
    for (int p = 1; p < c->n; p++) {
        fprintf(f, "  %-*.*s", w, w, c->stem[p]);
        for (int q = 0; q < 2; q++) {
            const double *v = ptable_row(c->mdiff[p], q ? MN_NEEDED : MN_CASELOAD, ST_P50);
            double peak, last;
            int at;
            compare_peak_lasting(v, 1, c->mdiff[p]->nmonth, &peak, &at, &last);
            char a[32], b[64], mon[8];
            signed_num(a, sizeof a, peak, 1, 0);
            month_label(c->sc[0]->start + at, mon);
            if (fabs(peak) < 0.5) snprintf(b, sizeof b, "none");
            else snprintf(b, sizeof b, "%s in %s", a, mon);
            signed_num(a, sizeof a, last, 1, 0);
            fprintf(f, "  %22s  %22s", b, a);
        }
        fputc('\n', f);
    }
    fprintf(f, "  (lasting: the mean over the last 12 months of the horizon, after a one-off surge has settled)\n");
    strain_decision_txt(f, c, w, rows, after, n);
    regional_decision_txt(f, c, w, rows, after, n);
}

int compare_write_decision(FILE *f, const void *ctx)
{
    const compare_t *c = ctx;
    static const char *const pt[] = { "12m", "24m", "36m", "horizon" };
    int rows[4], after[4];
    int n = decision_months(c, rows, after);
    const char *tags[4];
    fprintf(f, "scenario,first_month_capacity_under_110,first_month_capacity_under_100,peak_caseload_change,peak_caseload_month,"
               "lasting_caseload_change,peak_fte_needed_change,peak_fte_needed_month,lasting_fte_needed_change");
    for (int i = 0; i < n; i++) {
        const char *tag = tags[i] = i == n - 1 ? pt[3] : pt[after[i] / 12 - 1];
        fprintf(f, ",month_%s", tag);
        for (int j = 0; j < NDCOL; j++)
            fprintf(f, ",%s_%s_%s", money_series[dcols[j].q] + 8, dcols[j].level ? "level" : "change", tag);
    }
    strain_decision_header(f, c, tags, n);
    regional_decision_header(f, c, tags, n);
    fputc('\n', f);
    for (int p = 0; p < c->n; p++) {
        fprintf(f, "%s", c->stem[p]);
        if (!c->money) fprintf(f, ",,");
        for (int line = 110; c->money && line >= 100; line -= 10) {
            int k = compare_first_under(ptable_row(c->mlev[p], MN_CAPACITY, ST_P50), c->mlev[p]->nmonth, line);
            char lab[8] = "never";
            if (k >= 0) month_label(c->sc[0]->start + k, lab);
            fprintf(f, ",%s", k >= 0 ? lab : "not within the horizon");
        }
        for (int q = 0; q < 2; q++) {
            if (!p || !c->money) { fprintf(f, ",,,"); continue; }
            const double *v = ptable_row(c->mdiff[p], q ? MN_NEEDED : MN_CASELOAD, ST_P50);
            double peak, last;
            int at;
            char mon[8];
            compare_peak_lasting(v, 1, c->mdiff[p]->nmonth, &peak, &at, &last);
            month_label(c->sc[0]->start + at, mon);
            fprintf(f, ",%.2f,%s,%.2f", peak, mon, last);
        }
        for (int i = 0; i < n; i++) {
            char mon[8];
            month_label(c->sc[0]->start + rows[i], mon);
            fprintf(f, ",%s", mon);
            for (int j = 0; j < NDCOL; j++) {
                const ptable_t *t = !c->money ? NULL : dcols[j].level ? c->mlev[p] : p ? c->mdiff[p] : NULL;
                if (!t && c->money && !dcols[j].level) fprintf(f, ",0.00");
                else if (!t) fprintf(f, ",");
                else fprintf(f, ",%.2f", ptable_row(t, dcols[j].q, ST_P50)[rows[i]] + 0.0);
            }
        }
        strain_decision_row(f, c, p, rows, n);
        regional_decision_row(f, c, p, rows, n);
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

/* What the intervals cover (uncertain.h), or that there are too few
 * replications for any. */
static void headline_band(FILE *f, const compare_t *c)
{
    int na = 0;
    for (int i = 0; i < c->n; i++)
        if (!c->sc[i]->central && unc_assumptions(c->sc[i]) > na) na = unc_assumptions(c->sc[i]);
    char band[160];
    unc_band_words(band, sizeof band, na);
    if (c->res[0]->nrep < UNC_MIN_REPS)
        fprintf(f, "%d replications are too few to estimate a 90%% interval (%d or more are needed): medians only, no interval.\n",
                c->res[0]->nrep, UNC_MIN_REPS);
    else fprintf(f, "The interval covers %s.\n", band);
}

/* The three assumptions whose draws move the caseload effect most, at 24
 * months after the policy starts (or the horizon). */
static void headline_drivers(FILE *f, const compare_t *c, int p, const int rows[4], const int after[4], int n)
{
    int k = rows[n - 1], at = after[n - 1];
    for (int i = 0; i < n; i++)
        if (after[i] == 24) { k = rows[i]; at = 24; }
    sens_driver d[3];
    int tried, nd = sens_drivers(c, p, k, d, &tried);
    if (!nd) return;
    /* the |r| the largest of `tried` correlations passes by chance alone at
     * most one time in twenty (Bonferroni: each at 0.05 / tried, two-sided),
     * from independent draws: r = t / sqrt(n - 2 + t^2), t Student's point.
     * One r on its own would be held to t's 97.5% point; the top three of
     * fourteen pass that half the time by chance. */
    int nrep = c->res[p]->nrep;
    double t = gsl_cdf_tdist_Pinv(1 - 0.025 / tried, nrep - 2), chance = t / sqrt(nrep - 2 + t * t);
    /* at < 0: no lever of the policy's own to count months from (its
     * levers are all the base's too), so name the month */
    char when[64], mon[32];
    month_long(c->sc[0]->start + k, mon, sizeof mon);
    if (at > 0) snprintf(when, sizeof when, "%d months", at);
    else snprintf(when, sizeof when, "the horizon (%s)", mon);
    fprintf(f, "  The assumptions that move the extra caseload at %s most (correlation of each one's draw with the\n"
               "  paired effect across the replications; caseflow sensitivity gives each one's swing):", when);
    for (int i = 0; i < nd; i++)
        fprintf(f, "%s %s (r = %+.2f%s)", i ? "," : "", d[i].label, d[i].r, fabs(d[i].r) < chance ? ", within chance" : "");
    /* three places, so a driver shown at -0.44 and marked is seen to be within +-0.444 */
    fprintf(f, ".\n  (With %d assumption%s drawn, from %d replications chance alone keeps the largest r within +-%.3f\n"
               "  nineteen times in twenty.)\n", tried, tried == 1 ? "" : "s", nrep, chance);
}

/* Licences past active supervision (end_active_supervision lever): a
 * change in them is named in the by-type line, counted in the caseload or
 * not as the levers of the base or policy p say (a lever moving 12,000
 * licences into it left the line with "licence -12,006" and a total of -7). */
static void inactive_change(FILE *f, const compare_t *c, int p, int k)
{
    int hs = ptable_find(c->diff[p], "caseload.licence_inactive");
    if (hs < 0) return;
    double v = round(ptable_row(c->diff[p], hs, ST_P50)[k]);
    if (!(fabs(v) >= 1)) return;
    int counted = 0;
    for (int i = 0; i < 2; i++) {
        const scenario_t *s = c->sc[i ? p : 0];
        for (int j = 0; j < s->nlevers; j++) counted |= s->levers[j].kind == LV_ACTIVE && s->levers[j].counts;
    }
    char num[32];
    fmt_num(num, sizeof num, v, 0);
    fprintf(f, "; licences past active supervision (%s the caseload) %s%s", counted ? "counted in" : "outside",
            v > 0 ? "+" : "", num);
}

/* A policy that lacks levers of the base is not built on it (it extends
 * another file, say the law before an Act the base has): the difference is
 * then every way the two files differ, not the policy's own levers alone.
 * Says so, naming the first lever missing.  Levers of the base's demand
 * path do not count: a policy that extends the base and picks another
 * path (demand-high.yaml) is built on it. */
static void missing_base_levers(FILE *f, const compare_t *c, int p)
{
    const scenario_t *b = c->sc[0];
    int missing = 0, first = -1;
    for (int i = 0; i < b->nlevers; i++)
        if (!b->levers[i].demand && !policy_has_same(b, &b->levers[i], c->sc[p])) {
            if (first < 0) first = i;
            missing++;
        }
    if (!missing) return;
    char date[16];
    policy_date_label(&b->levers[first], date);
    fprintf(f, "  NOTE: this policy lacks %d of the base's %d levers (the first: %s from %s), so it is not built on the base:\n"
               "  the figures below are every way the two files differ, not this policy's own levers alone (compare it\n"
               "  with the scenario it extends, or write it to extend the base).\n",
            missing, b->nlevers, lever_names[b->levers[first].kind], date);
}

int compare_write_headline_txt(FILE *f, const void *ctx)
{
    const compare_t *c = ctx;
    fprintf(f, "caseflow %s: policies against the base \"%s\" (%s), %d paired replications, seed %llu.\n",
            CASEFLOW_VERSION, c->sc[0]->name, c->stem[0], c->res[0]->nrep, (unsigned long long)c->res[0]->seed);
    fprintf(f, "Each figure is the policy minus the base, replication by replication (common random numbers);\n"
               "the 90%% interval runs from the 5th to the 95th percentile of those paired differences.\n");
    headline_band(f, c);
    if (c->money)
        fprintf(f, "Staff needed counts case-holding FTE (workload over each FTE's capacity); costs are a year of the staff in\n"
                   "post behind them (FTE over the share of staff who hold cases, times the yearly cost with on-costs), so\n"
                   "the cost of the staff needed = the cost of the staff the option adds + the change in the cost of the gap.\n");
    for (int p = 1; p < c->n; p++) {
        const ptable_t *t = c->diff[p];
        fprintf(f, "\n%s (%s)\n", c->sc[p]->name, c->stem[p]);
        missing_base_levers(f, c, p);
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
            if (c->res[0]->nrep < UNC_MIN_REPS) /* no interval from too few replications */
                fprintf(f, "  By the end of %s%s the policy %s %s people %s the probation caseload.\n", mon, when,
                        md >= 0 ? "adds" : "removes", a, md >= 0 ? "to" : "from");
            else
                fprintf(f, "  By the end of %s%s the policy %s %s people (90%% interval %s to %s) %s the probation caseload%s.\n",
                        mon, when, md >= 0 ? "adds" : "removes", a, b, d, md >= 0 ? "to" : "from",
                        lo < 0 && hi > 0 ? "; zero (no change) lies inside the interval, so the direction is not settled" : "");
            if (c->money) money_lines(f, c, p, k);
            strain_lines(f, c, p, k);
            static const char *const words[] = { "", "community orders", "SSOs", "pre-release",
                                                 "licence", "PSS", "in custody on recall (outside the caseload)" };
            fprintf(f, "    Median change by type:");
            for (int h = 1; h < 7; h++) {
                int hs = ptable_find(t, headline_series[h]);
                if (hs < 0) continue;
                double v = round(ptable_row(t, hs, ST_P50)[k]) + 0.0; /* no "-0" */
                char num[32];
                fmt_num(num, sizeof num, v, 0);
                fprintf(f, "%s %s %s%s", h > 1 ? ";" : "", words[h], v > 0 ? "+" : "", num);
            }
            inactive_change(f, c, p, k);
            fprintf(f, ".\n");
        }
        headline_drivers(f, c, p, rows, after, n);
        int kr = rows[n - 1], ar = after[n - 1];
        for (int i = 0; i < n; i++)
            if (after[i] == 24) { kr = rows[i]; ar = 24; }
        regional_lines(f, c, p, kr, ar);
    }
    if (c->money) decision_table_txt(f, c);
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
        for (int i = 0; c->money && i < n; i++)
            for (int q = 0; q < MN_N; q++) {
                char lab[8];
                month_label(c->mdiff[p]->start + rows[i], lab);
                fprintf(f, "%s,%s,%d,%s", c->stem[p], lab, after[i], money_series[q]);
                for (int st = 0; st < 4; st++) {
                    double v = ptable_row(c->mdiff[p], q, st)[rows[i]];
                    fprintf(f, ",%.2f", fabs(v) < 0.005 ? 0.0 : v);
                }
                fputc('\n', f);
            }
    }
    return ferror(f) ? -1 : 0;
}
