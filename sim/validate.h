/* validate.h: a backcast measured against published figures.
 *
 * Pipeline position: comparisons (after results).  Two tables are read:
 *
 *   the published figures, every *.csv in a folder (data/published/):
 *     series,date,value,unit,source,note
 *   the targets (data/targets.csv): which published series the model can be
 *   set against, and how:
 *     published_series,model_expression,kind,tolerance_pct,held_out_after,label,note
 *
 * model_expression is one model series or several joined by '+'
 * (caseload.community_order+caseload.suspended_sentence_order).  kind is
 * `stock` (the month-end value in the month of the published date) or
 * `quarter` (the sum of the three monthly flows of the quarter ending on the
 * date).  label names the series in words, for the chart's title.  A
 * published point dated after held_out_after is held out; the others are
 * the fit period, except a stock in the start month, which is the run's
 * own starting stock ("start") and is shown but not scored.
 *
 * For each target and month the model value is worked out in every
 * replication (terms added, and for a quarter the month and the two before
 * it), then the mean and the 5th, 50th and 95th percentiles are taken over
 * replications (results_quantiles).  The error is (median - published) /
 * published x 100, within tolerance when its size is at most tolerance_pct.
 *
 * Both readers are strict and bounded (VALIDATE_MAX_*): a row that breaks a
 * rule is refused with one FILE:LINE:COLUMN message.  Every row of every
 * published file is checked for shape (six fields, quotes closed, a series
 * name, a date, a finite number); only the series some target uses are kept,
 * and for those a date must be a month end (a quarter end for `quarter`) and
 * each (series, date) must appear once across the files.
 *
 * Ownership: validate_load returns a validate_t freed by validate_free
 * (NULL ok); validate_read_published adds to one. */
#ifndef CASEFLOW_VALIDATE_H
#define CASEFLOW_VALIDATE_H

#include <stdio.h>

#include "error.h"
#include "results.h"

/* Defaults of `caseflow validate`, relative to the repository's root. */
#define VALIDATE_SCENARIO "scenarios/backcast-2022.yaml"
#define VALIDATE_TARGETS "data/targets.csv"
#define VALIDATE_PUBLISHED "data/published"

#define VALIDATE_MAX_BYTES (1024L * 1024)  /* per file */
#define VALIDATE_MAX_LINE 4096             /* bytes per line */
#define VALIDATE_MAX_ROWS 20000            /* published rows, all files together */
#define VALIDATE_MAX_FILES 64              /* published files in the folder */
#define VALIDATE_MAX_TARGETS 64
#define VALIDATE_MAX_TERMS 16              /* model series in one expression */
#define VALIDATE_MAX_NAME 255
#define VALIDATE_MAX_VALUE 1e12

typedef enum { VK_STOCK, VK_QUARTER } vkind_t;
typedef enum { VP_START, VP_FIT, VP_HELD_OUT } vperiod_t;
extern const char *const validate_kind_names[2];
extern const char *const validate_period_names[3];

typedef struct {
    char *published;      /* published series name */
    char *expr;           /* model expression as written */
    int nterm;
    char **term;          /* model series names */
    signed char *sign;    /* +1 added, -1 taken away (written " - ") */
    int *tcol;            /* where each name starts in the targets file, for messages */
    int *col;             /* their columns in the results, after validate_bind */
    vkind_t kind;
    double tol_pct;
    int held_out_after;   /* YYYYMMDD */
    char *label;          /* in words, for the chart */
    char *note;
    int line;             /* in the targets file, for messages */
    /* after validate_compare: published points outside the run */
    int before, after;
} vtarget_t;

typedef struct {
    int target;           /* index into t */
    int date;             /* YYYYMMDD */
    double published;
    vperiod_t period;
    double mean, p5, p50, p95;   /* model, after validate_compare; NAN before */
    double err_pct;       /* NAN when published is 0 */
    int within;           /* |err_pct| <= tol_pct */
    int line;             /* where the published figure is */
    const char *file;     /* points into files[] */
} vpoint_t;

typedef struct {
    char *targets_file;
    int ntarget;
    vtarget_t *t;
    int npoint;
    vpoint_t *p;          /* sorted by target, then date, after validate_compare */
    int nfile;
    char **files;         /* published files read */
    int nrows;            /* published rows read, kept or not */
    /* after validate_compare */
    int start, nmonth, nrep;   /* start month YYYY*12+MM-1; months 0..nmonth-1 */
    double *path;         /* [target][4: mean, p5, p50, p95][month]; NAN where there is none */
    /* for the printed table and the charts (owned) */
    char *scenario, *scenario_file;
    unsigned long long seed;
} validate_t;

static inline double *validate_path(const validate_t *v, int t, int stat)
{
    return v->path + ((size_t)t * 4 + (size_t)stat) * (size_t)v->nmonth;
}

/* Reads the targets file, then every *.csv in published_dir (in name
 * order).  NULL with messages in e. */
validate_t *validate_load(const char *targets_path, const char *published_dir, errlist_t *e);
/* The targets alone (tests); published files are then added with
 * validate_read_published and checked with validate_check_published. */
validate_t *validate_read_targets(const char *path, errlist_t *e);
int validate_read_published(validate_t *v, const char *path, errlist_t *e);
/* Every target has at least one published figure. 0 or -1. */
int validate_check_published(validate_t *v, errlist_t *e);
void validate_free(validate_t *v);

/* Finds each term among the model's series (names[0..nser-1]); a stock
 * target wants stocks and a quarter target flows.  0, or -1 with messages at
 * the targets file's line and column. */
int validate_bind(validate_t *v, int nser, char *const *names, const unsigned char *is_flow, errlist_t *e);
/* Works out the model's paths and every point from per-replication values
 * vals[rep][month][series] (nrep x nmonth x nser), month 0 being `start`.
 * 0, or -1 out of memory. */
int validate_compare(validate_t *v, const double *vals, int nrep, int nmonth, int nser, int start);
/* The same from a finished run (also records its scenario and seed). */
int validate_compare_results(validate_t *v, const results_t *r);

/* validate.csv: one row per point (tidy). */
int validate_write_csv(FILE *f, const void *v);
/* The table people read: every point, then the share of held-out points
 * within tolerance per series, and what was not compared. */
int validate_write_table(FILE *f, const void *v);
/* Held-out points outside tolerance (for --strict). */
int validate_missed_held_out(const validate_t *v);

/* "2024-06-30" from YYYYMMDD */
void validate_date_label(int date, char buf[16]);

#endif
