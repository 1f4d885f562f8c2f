/* regional.c: regions over 110% and where a policy's caseload lands (regional.h). */
#include "regional.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "policy.h"
#include "regions.h"

#define LINE 110.0

static int has_regions(const compare_t *c) { return c->sc[0]->nregions > 0 && c->lay[0]->wf0 >= 0; }

/* Median of region r's (base numbering) series `what` in scenario i at row k; NAN if absent. */
static double level(const compare_t *c, int i, int r, const char *what, int k)
{
    char name[256];
    snprintf(name, sizeof name, "region.%s.%s", c->sc[0]->regions[r].name, what);
    int s = layout_find(c->lay[i], name);
    if (s < 0) return NAN;
    const results_t *res = c->res[i];
    return res->p50[results_at(res, k, s)];
}

int regional_over(const compare_t *c, int i, int r, int k)
{
    double v = level(c, i, r, "staff.capacity_pct.total", k);
    return isnan(v) ? -1 : v > LINE;
}

/* Policy p has region r over (dir 1) or under (dir -1) the line and the
 * base not, at row k: 1, 0, or -1 without the series. */
static int apart(const compare_t *c, int p, int r, int k, int dir)
{
    int b = regional_over(c, 0, r, k), o = regional_over(c, p, r, k);
    if (b < 0 || o < 0) return -1;
    return dir > 0 ? o && !b : b && !o;
}

int regional_crossing(const compare_t *c, int p, int r, int k0, int dir)
{
    int H = c->sc[0]->horizon;
    for (int k = k0 < 0 ? 0 : k0; k <= H; k++) {
        int run = 0;
        while (k + run <= H && run < REGIONAL_HOLD && apart(c, p, r, k + run, dir) == 1) run++;
        if (apart(c, p, r, k, dir) < 0) return -1;
        if (run == REGIONAL_HOLD || (run > 0 && k + run > H)) return k;
    }
    return -1;
}

/* Row of the month policy p's first lever (not also the base's) takes effect. */
static int policy_row(const compare_t *c, int p)
{
    int m = policy_first_new_month(c->sc[p], c->sc[0]);
    int k = m < 0 ? 0 : m - c->sc[0]->start;
    return k < 0 ? 0 : k;
}

/* "Feb 2028" */
static void month_words(int month, char buf[16])
{
    static const char *const m[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    snprintf(buf, 16, "%s %d", m[month % 12], month / 12);
}

typedef struct { int r; double v; } rv_t;

static int by_size(const void *a, const void *b)
{
    const rv_t *x = a, *y = b;
    double d = fabs(y->v) - fabs(x->v);
    return d > 0 ? 1 : d < 0 ? -1 : x->r - y->r;
}

/* "London (Apr 2027); Wales (Jan 2028)" or "none" (semicolons: a label
 * such as "Kent, Surrey and Sussex" has commas of its own). */
static void crossing_list(char *buf, size_t n, const compare_t *c, int p, int dir)
{
    buf[0] = 0;
    int k0 = policy_row(c, p);
    for (int r = 0; r < c->sc[0]->nregions; r++) {
        int k = regional_crossing(c, p, r, k0, dir);
        if (k < 0) continue;
        char mon[16];
        month_words(c->sc[0]->start + k, mon);
        size_t u = strlen(buf);
        if (u + 80 < n) snprintf(buf + u, n - u, "%s%s (%s)", u ? "; " : "", c->sc[0]->regions[r].label, mon);
    }
    if (!buf[0]) snprintf(buf, n, "none");
}

/* Names (labels) of the base's regions over 110% in scenario i at row k,
 * and how many. */
static int over_list(char *buf, size_t n, const compare_t *c, int i, int k, const char *sep, int labels)
{
    int cnt = 0;
    buf[0] = 0;
    for (int r = 0; r < c->sc[0]->nregions; r++) {
        if (regional_over(c, i, r, k) != 1) continue;
        size_t u = strlen(buf);
        const region_t *g = &c->sc[0]->regions[r];
        if (u + 70 < n) snprintf(buf + u, n - u, "%s%s", cnt ? sep : "", labels ? g->label : g->name);
        cnt++;
    }
    return cnt;
}

/* One line of region.<name>.<series>'s paired changes at row k, largest
 * first, each with its share of the change across the regions; nothing
 * when the table has no such series (an older comparison). */
static void by_region(FILE *f, const compare_t *c, int p, int k, const char *series, const char *what, const char *mon,
                      const char *when, double div, int dec)
{
    const scenario_t *b = c->sc[0];
    int R = b->nregions;
    const ptable_t *t = c->diff[p];
    rv_t *v = malloc((size_t)R * sizeof *v);
    if (!v) return;
    int nv = 0;
    double tot = 0;
    for (int r = 0; r < R; r++) {
        char name[256];
        snprintf(name, sizeof name, "region.%s.%s", b->regions[r].name, series);
        int s = ptable_find(t, name);
        if (s < 0) continue;
        v[nv++] = (rv_t){ r, ptable_row(t, s, ST_P50)[k] };
        tot += v[nv - 1].v;
    }
    if (!nv) { free(v); return; }
    qsort(v, (size_t)nv, sizeof *v, by_size);
    /* a region's share of the change means something only when every
     * region moves the way the total does (shares of a -15 total read
     * "-8 (53%); +4 (-30%)") */
    int shares = fabs(tot) >= 0.5;
    for (int i = 0; i < nv && shares; i++) shares = v[i].v * tot >= 0;
    fprintf(f, "  By region (%s%s; medians of the paired changes in %s, largest first%s):\n    ", mon, when, what,
            shares ? "; in brackets, the region's share of the change across all regions, not a rise in the region" :
            fabs(tot) >= 0.5 ? "; no shares, as the regions move in both directions" : "");
    int col = 4;
    for (int i = 0; i < nv; i++) {
        char num[32], item[160];
        compare_signed_text(num, sizeof num, v[i].v, div, dec);
        double pct = 100 * v[i].v / tot;
        if (fabs(pct) < 0.5) pct = 0; /* a region of (next to) no change is 0%, not -0% */
        if (shares)
            snprintf(item, sizeof item, "%s %s (%.0f%%)%s", b->regions[v[i].r].label, num, pct, i + 1 < nv ? ";" : ".");
        else snprintf(item, sizeof item, "%s %s%s", b->regions[v[i].r].label, num, i + 1 < nv ? ";" : ".");
        if (col + (int)strlen(item) + 1 > 110) { fprintf(f, "\n    "); col = 4; }
        fprintf(f, "%s%s", col > 4 ? " " : "", item);
        col += (int)strlen(item) + 1;
    }
    fprintf(f, "\n");
    free(v);
}

void regional_lines(FILE *f, const compare_t *c, int p, int k, int after)
{
    if (!has_regions(c)) return;
    const scenario_t *b = c->sc[0];
    int R = b->nregions;
    char mon[16], when[48] = "";
    month_words(b->start + k, mon);
    if (after > 0) snprintf(when, sizeof when, ", %d months after the policy starts", after);
    /* where the extra caseload lands, and the staff it leaves short */
    by_region(f, c, p, k, "caseload.total", "the caseload", mon, when, 1, 0);
    if (c->money) {
        by_region(f, c, p, k, "staff.short_fte.total", "the staff short (FTE, each grade where short)", mon, when, 1, 0);
        /* where the money for them is needed (a claim is made region by region) */
        by_region(f, c, p, k, "staff.cost_short", "the yearly cost of the staff short (GBP million, staff in post, with on-costs)",
                  mon, when, 1e6, 1);
    }
    /* which regions are over the line, and which the policy moves across it */
    char list[2048];
    int nb = over_list(list, sizeof list, c, 0, k, "; ", 1);
    int no = over_list(list, sizeof list, c, p, k, "; ", 1);
    fprintf(f, "    Regions over 110%% of capacity in %s: %d of %d with the policy (%s), %d of %d in the base.\n", mon, no, R,
            no ? list : "none", nb, R);
    crossing_list(list, sizeof list, c, p, 1);
    /* "over with the policy, not in the base": a region the base brings
     * under while the policy keeps it over is one (\"takes over\" read as a
     * crossing the policy makes) */
    fprintf(f, "    Regions over 110%% with the policy and at or under it in the base, %d months running or more (or to the horizon) (first month): %s.\n",
            REGIONAL_HOLD, list);
    crossing_list(list, sizeof list, c, p, -1);
    fprintf(f, "    Regions at or under 110%% with the policy and over it in the base, %d months running or more (or to the horizon) (first month): %s.\n",
            REGIONAL_HOLD, list);
}

void regional_decision_txt(FILE *f, const compare_t *c, int w, const int *rows, const int *after, int n)
{
    if (!has_regions(c)) return;
    fprintf(f, "\n  Regions over 110%% of capacity (median; of %d)\n", c->sc[0]->nregions);
    compare_month_header(f, c, w, rows, after, n);
    for (int p = 0; p < c->n; p++) {
        fprintf(f, "  %-*.*s", w, w, c->stem[p]);
        for (int i = 0; i < n; i++) {
            char list[2048], v[16];
            snprintf(v, sizeof v, "%d", over_list(list, sizeof list, c, p, rows[i], ";", 0));
            fprintf(f, "  %17s", v);
        }
        fputc('\n', f);
    }
    for (int p = 1; p < c->n; p++) {
        char up[2048], down[2048];
        crossing_list(up, sizeof up, c, p, 1);
        crossing_list(down, sizeof down, c, p, -1);
        fprintf(f, "  %-*.*s  over 110%% with it, not in the base: %s. At or under with it, over in the base: %s.\n", w, w,
                c->stem[p], up, down);
    }
}

void regional_decision_header(FILE *f, const compare_t *c, const char *const *tags, int n)
{
    if (!has_regions(c)) return;
    for (int i = 0; i < n; i++) fprintf(f, ",regions_over_110_%s,regions_over_110_names_%s", tags[i], tags[i]);
}

void regional_decision_row(FILE *f, const compare_t *c, int p, const int *rows, int n)
{
    if (!has_regions(c)) return;
    for (int i = 0; i < n; i++) {
        char list[2048];
        int cnt = over_list(list, sizeof list, c, p, rows[i], ";", 0);
        fprintf(f, ",%d,%s", cnt, list);
    }
}
