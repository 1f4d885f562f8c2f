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

typedef struct {
    int n;               /* scenarios; [0] is the base */
    scenario_t **sc;
    layout_t **lay;
    results_t **res;
    char **stem;         /* file stems: the `scenario` column */
    ptable_t **diff;     /* [n] paired differences (diff[0] unused) */
    int **map;           /* [n][base series] -> series index in scenario, or -1 */
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

/* Months (row index) the headline reports for policy p: 12, 24 and 36
 * months after its first lever, and the horizon.  Returns how many. */
int compare_headline_months(const compare_t *c, int p, int rows[4], int after[4]);

#endif
