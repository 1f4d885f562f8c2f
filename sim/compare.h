/* compare.h: a base scenario against policies, with paired replications.
 *
 * Every scenario runs with the same seed, so replication r of each shares its
 * random streams (common random numbers, see rng.h): the difference policy
 * minus base is measured replication by replication, and its spread is that
 * of the policy's effect, not of two independent runs' noise.
 *
 * Ownership: compare_create loads the scenarios (NULL, with messages in e,
 * if any is bad or they do not line up); compare_free frees (NULL ok). */
#ifndef CASEFLOW_COMPARE_H
#define CASEFLOW_COMPARE_H

#include "budget.h"
#include "results.h"
#include "table.h"

/* What an option costs, worked the same way for every option and month,
 * so the money always adds up (compare_money):
 *   needed     case-holding FTE the workload needs (workload / capacity per FTE)
 *   in_post    staff in post that implies (needed / the grade's holding share)
 *   available  case-holding FTE there are (trainees at their share of a PO)
 *   gap        needed - available
 *   cost_*     GBP a year with on-costs for the staff in post behind each:
 *              sum over grades of FTE / holding share x yearly cost per FTE,
 *              so cost_needed = cost_available + cost_gap exactly.
 * In a difference (option minus base), cost_available is the cost of the
 * staff the option adds (recruits, trainees, overtime), and
 * cost_needed change = cost of staff added + change in the cost of the gap. */
enum { MN_CASELOAD, MN_WORKLOAD, MN_NEEDED, MN_IN_POST, MN_AVAILABLE, MN_GAP,
       MN_COST_NEEDED, MN_COST_AVAILABLE, MN_COST_GAP, MN_CAPACITY,
       /* the staff short: each grade's gap where positive (summed over the
        * regions, area by area), and its cost in post; spare staff of one
        * grade or region offset none of it, as they do in MN_GAP */
       MN_SHORT, MN_COST_SHORT, MN_N };
extern const char *const money_series[MN_N];   /* "derived.fte_needed" ... */
extern const char *const money_labels[MN_N];   /* "staff needed (case-holding FTE)" ... */

/* Fills m[MN_N] from one month's numbers by grade (GR_PO, GR_PSO): workload
 * points, FTE needed, effective FTE available, holding share, yearly cost. */
void compare_money(double m[MN_N], double caseload, const double workload[2], const double needed[2],
                   const double available[2], const double holding[2], const double cost[2], double capacity_pct);

/* First month index k (0..n-1) from which v stays below line to the end of
 * the series; -1 if v[n-1] is not below it ("not within the horizon"). */
int compare_first_under(const double *v, int n, double line);
/* Peak change (largest |v| from k0 on, *at its index) and lasting change
 * (mean of the last min(12, n-k0) values). */
void compare_peak_lasting(const double *v, int k0, int n, double *peak, int *at, double *lasting);

typedef struct {
    int n;               /* scenarios; [0] is the base */
    scenario_t **sc;
    layout_t **lay;
    results_t **res;
    char **stem;         /* file stems: the `scenario` column */
    ptable_t **diff;     /* [n] paired differences (diff[0] unused) */
    int **map;           /* [n][base series] -> series index in scenario, or -1 */
    int money;           /* every scenario has a workforce: the money tables are filled */
    ptable_t **mlev;     /* [n] money_series levels of each scenario (NULL without money) */
    ptable_t **mdiff;    /* [n] money_series, option minus base, paired ([0] unused) */
} compare_t;

compare_t *compare_create(int n, char **files, errlist_t *e);
void compare_free(compare_t *c);
/* Runs every scenario within the plan; 0, -1 (machine) or -2 (scenario). */
int compare_run_plan(compare_t *c, int reps, uint64_t seed, const plan_t *plan, int progress, errlist_t *e);
int compare_run(compare_t *c, int reps, uint64_t seed, int jobs, int progress, errlist_t *e);

int compare_write_difference(FILE *f, const void *c);
int compare_write_levels(FILE *f, const void *c);
int compare_write_headline_txt(FILE *f, const void *c);
int compare_write_headline_csv(FILE *f, const void *c);
/* decision.csv: one row per scenario (the base first), medians. */
int compare_write_decision(FILE *f, const void *c);

/* "+642 (90% interval +635 to +658)" from row s of t at month k (only
 * "+642" when c has too few replications for an interval), and a signed
 * number ("+1,234", "-0.5"), scaled by 1/div with dec decimals. */
void compare_interval_text(char *buf, size_t n, const compare_t *c, const ptable_t *t, int s, int k, double div, int dec);
void compare_signed_text(char *buf, size_t n, double v, double div, int dec);

/* The decision table's row of month labels (name column w wide). */
void compare_month_header(FILE *f, const compare_t *c, int w, const int *rows, const int *after, int n);

/* Months (row index) the headline reports for policy p: 12, 24 and 36
 * months after its first lever, and the horizon.  Returns how many. */
int compare_headline_months(const compare_t *c, int p, int rows[4], int after[4]);

#endif
