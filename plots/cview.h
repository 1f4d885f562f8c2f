/* cview.h: what the charts of a comparison are drawn from, fresh or re-read.
 *
 * A cview_t holds, for each scenario (the base first), its display name, the
 * month of its first own lever, and two tables with the same rows: the
 * caseload total, then the money series (compare.h's MN_*), as levels and as
 * the paired difference option minus base.  Built from a finished
 * comparison (values rounded to the CSVs' two decimals), or read back from
 * the folder `caseflow compare` wrote: compare.yaml (names, levers, dates,
 * replications and seed, and the base's regions with their labels),
 * levels.csv and difference.csv.  Both give the same numbers, so a redraw
 * gives the same charts.
 *
 * With regions (regions.h), two more tables per scenario hold each region's
 * caseload and capacity used (region.NAME.caseload.total and
 * region.NAME.staff.capacity_pct.total), levels and paired differences.
 * The labels travel in compare.yaml's `regions:` list (as run.yaml's): the
 * CSVs hold only the series-name word.  A folder whose compare.yaml has no
 * such list (made before it did) is read as a comparison without regions.
 *
 * Ownership: cview_from_compare and cview_read return a view freed by
 * cview_free (NULL ok). */
#ifndef CASEFLOW_CVIEW_H
#define CASEFLOW_CVIEW_H

#include "compare.h"
#include "table.h"

/* Rows of lev[i] and diff[i]: the total, then money series q at CV_M(q). */
enum { CV_TOTAL = 0, CV_N = 1 + MN_N };
#define CV_M(q) (1 + (q))

/* What compare.yaml accepts beyond cn_load's own bounds. */
#define CVIEW_MAX_SCENARIOS 64
#define CVIEW_MAX_STEM 200
#define CVIEW_MAX_NAME 300

typedef struct {
    int n;                /* scenarios; [0] is the base */
    char **stem;          /* file stems: the CSVs' scenario column */
    char **name;          /* display names */
    char **label;         /* short names for titles and legends (the
                             scenario's short_name, or its name) */
    int *lever;           /* first own lever of option i (a month), -1; [0] unused */
    int *whole;           /* its first whole month, from which the headline's
                             months count (policy_first_whole_month), -1 */
    int start, horizon;   /* month of row 0; rows 0..horizon */
    int nrep;
    unsigned long long seed;
    char made[16];        /* YYYY-MM-DD */
    int money;            /* the money rows are there (every scenario has a workforce) */
    int assumptions;      /* assumptions drawn (the most of any scenario; 0 under --central), -1: not said */
    ptable_t **lev;       /* [n] levels, CV_N rows (money rows NAN without money) */
    ptable_t **diff;      /* [n] option minus base ([0] NULL) */
    /* the base's regions, in its order (0: none) */
    int nreg;
    char *rname[PMETA_REGIONS];  /* series-name word */
    char *rlabel[PMETA_REGIONS]; /* what charts print */
    ptable_t **rlev;      /* [n] 2 x nreg rows, CV_RCASE(r) and CV_RCAP(r) (NAN without a workforce); NULL without regions */
    ptable_t **rdiff;     /* [n] the same, option minus base ([0] NULL) */
} cview_t;

/* Rows of rlev[i] and rdiff[i]: region r's caseload and capacity used (%). */
#define CV_RCASE(r) (2 * (r))
#define CV_RCAP(r) (2 * (r) + 1)

cview_t *cview_from_compare(const compare_t *c, const char *made);
/* Reads dir/compare.yaml, dir/levels.csv and dir/difference.csv (strict and
 * bounded, as series.csv: table.h); NULL with FILE:LINE:COLUMN messages. */
cview_t *cview_read(const char *dir, errlist_t *e);
/* compare.yaml, for output_write. */
int cview_write(FILE *f, const void *view);
void cview_free(cview_t *v);

/* Rows the headline reports for option p: 12, 24 and 36 months after its
 * first lever, and the horizon (compare_headline_months). */
int cview_headline_months(const cview_t *v, int p, int rows[4], int after[4]);
/* The row the findings of option p use: 24 months after its first lever
 * (the headline's regional lines use the same), else the horizon. */
int cview_finding_row(const cview_t *v, int p);

#endif
